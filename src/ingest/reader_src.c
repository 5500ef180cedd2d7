/* reader_src: one descriptor per input file, hashed while it is read. */
#include "reader_src.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"
#include "xmem.h"

/* Bytes hashed at a time by reader_src_finish (as READER_CHUNK, the
 * readers' block; kept here so reader_src stays below reader). */
#define READER_SRC_CHUNK	65536

/* Standard input as the file: a duplicate of descriptor 0, so closing it
 * leaves stdin alone. */
static int
reader_src_stdin(struct reader_src *s, char **cause)
{
	struct stat sb;

	if (isatty(STDIN_FILENO)) {
		*cause = xstrdup("standard input is a terminal: pipe the "
		    "orders in (generator | kpidesk import orders - ...) or "
		    "give a FILE");
		return -1;
	}
	s->fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
	if (s->fd == -1 || fstat(s->fd, &sb) == -1 || S_ISDIR(sb.st_mode)) {
		*cause = xasprintf("cannot read standard input: %s",
		    s->fd == -1 ? strerror(errno) : "not a pipe or a file");
		if (s->fd != -1)
			close(s->fd);
		s->fd = -1;
		return -1;
	}
	s->is_stdin = 1;
	s->path = xstrdup("standard input");
	s->size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
	s->hash = hash_ctx_create();
	return 0;
}

int
reader_src_open(struct reader_src *s, const char *path, char **cause)
{
	struct stat sb;
	int flags;

	memset(s, 0, sizeof *s);
	if (strcmp(path, "-") == 0)
		return reader_src_stdin(s, cause);
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	s->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (s->fd == -1) {
		*cause = xasprintf("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(s->fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("%s is not a regular file: give a file "
		    "(not a folder, pipe or device)", path);
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	if ((flags = fcntl(s->fd, F_GETFL)) != -1)
		(void)fcntl(s->fd, F_SETFL, flags & ~O_NONBLOCK);
	s->path = xstrdup(path);
	s->size = (uint64_t)sb.st_size;
	s->hash = hash_ctx_create();
	return 0;
}

ssize_t
reader_src_read(struct reader_src *s, void *buf, size_t len, char **cause)
{
	ssize_t n;

	if (s->hash == NULL)
		return 0;
	do
		n = read(s->fd, buf, len);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		*cause = xasprintf("cannot read %s: %s", s->path,
		    strerror(errno));
		return -1;
	}
	if (s->max > 0 && (uint64_t)n > s->max - s->pos) {
		*cause = xasprintf("%s holds more than %llu bytes, over the "
		    "upload limit (the setting upload_max_bytes): nothing was "
		    "loaded", s->path, (unsigned long long)s->max);
		return -1;
	}
	hash_ctx_update(s->hash, buf, (size_t)n);
	s->pos += (uint64_t)n;
	return n;
}

ssize_t
reader_src_pread(struct reader_src *s, void *buf, size_t len, uint64_t off)
{
	ssize_t n;

	do
		n = pread(s->fd, buf, len, (off_t)off);
	while (n == -1 && errno == EINTR);
	return n;
}

int
reader_src_finish(struct reader_src *s, char **cause)
{
	char *buf;
	ssize_t n;

	if (s->hash == NULL)
		return 0;
	buf = xmalloc(READER_SRC_CHUNK);
	while ((n = reader_src_read(s, buf, READER_SRC_CHUNK, cause)) > 0)
		;
	free(buf);
	if (n == -1)
		return -1;
	hash_ctx_final(s->hash, s->digest);
	s->hash = NULL;
	return 0;
}

int
reader_src_rewind(struct reader_src *s, char **cause)
{
	uint8_t scratch[HASH_LEN];

	if (s->is_stdin || lseek(s->fd, 0, SEEK_SET) == -1) {
		*cause = xasprintf("cannot read %s again from its start: %s",
		    s->path, s->is_stdin ? "it is standard input" :
		    strerror(errno));
		return -1;
	}
	if (s->hash != NULL)
		hash_ctx_final(s->hash, scratch);
	s->hash = hash_ctx_create();
	s->pos = 0;
	return 0;
}

void
reader_src_close(struct reader_src *s)
{
	if (s->hash != NULL) {
		hash_ctx_final(s->hash, s->digest);
		s->hash = NULL;
	}
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
	free(s->path);
	s->path = NULL;
}
