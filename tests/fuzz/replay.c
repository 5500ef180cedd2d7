/*
 * replay: run one harness over its seed corpus and every input kept in
 * regress/ (the crashes fuzzing found), under the normal build, as part of
 * `make check`. FUZZ_NAME (csv, xml, ...) is set at compile time and
 * KP_FUZZ_DIR points at tests/fuzz in the source tree.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmem.h"

/* Harnesses without an initializer get this one. */
__attribute__((weak)) int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

/* Feed every regular file of dir to the harness; the count, -1 if none. */
static int
replay_dir(const char *dir)
{
	struct dirent *de;
	char *path;
	uint8_t *buf;
	size_t len;
	FILE *f;
	DIR *d;
	int n = 0;
	long sz;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if ((f = fopen(path, "rb")) == NULL) {
			fprintf(stderr, "replay: cannot open %s\n", path);
			exit(1);
		}
		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		rewind(f);
		buf = xmalloc(sz > 0 ? (size_t)sz : 1);
		len = fread(buf, 1, sz > 0 ? (size_t)sz : 0, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		free(path);
		n++;
	}
	closedir(d);
	return n;
}

int
main(int argc, char **argv)
{
	char *dir;
	int seeds, regress;

	LLVMFuzzerInitialize(&argc, &argv);
	dir = xasprintf("%s/corpus/%s", KP_FUZZ_DIR, FUZZ_NAME);
	seeds = replay_dir(dir);
	free(dir);
	if (seeds <= 0) {
		fprintf(stderr, "replay: no seed corpus for %s\n", FUZZ_NAME);
		return 1;
	}
	dir = xasprintf("%s/regress/%s", KP_FUZZ_DIR, FUZZ_NAME);
	regress = replay_dir(dir);
	free(dir);
	printf("%s: %d seeds and %d regression inputs replayed without a "
	    "crash\n", FUZZ_NAME, seeds, regress < 0 ? 0 : regress);
	return 0;
}
