/* fuzz_reader: run one input through a reader from a memory file. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int	fuzz_fd = -1;
static char	fuzz_path[64];

/* Put data into the memory file; abort if the system cannot. */
static void
fuzz_fill(const uint8_t *data, size_t size)
{
	size_t off = 0;
	ssize_t n;

	if (fuzz_fd == -1) {
		if ((fuzz_fd = memfd_create("kpidesk-fuzz", 0)) == -1)
			abort();
		snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d",
		    fuzz_fd);
	}
	if (ftruncate(fuzz_fd, 0) == -1 || lseek(fuzz_fd, 0, SEEK_SET) == -1)
		abort();
	while (off < size) {
		if ((n = write(fuzz_fd, data + off, size - off)) <= 0)
			abort();
		off += (size_t)n;
	}
}

void
fuzz_reader(enum reader_format fmt, const struct reader_limits *lim,
    const uint8_t *data, size_t size)
{
	struct reader_row row;
	struct reader *r;
	char *cause = NULL;
	size_t i, rows = 0;
	int rc;

	fuzz_fill(data, size);
	if ((r = reader_open(fuzz_path, fmt, lim, NULL, &cause)) == NULL) {
		if (cause == NULL)
			abort();	/* NULL must come with a reason */
		free(cause);
		return;
	}
	while ((rc = reader_next(r, &row, &cause)) == 1) {
		if (row.n > lim->max_columns || row.line == 0)
			abort();
		for (i = 0; i < row.n; i++) {
			if (row.values[i] == NULL ||
			    strlen(row.values[i]) != row.lens[i] ||
			    row.lens[i] > lim->max_field)
				abort();
			if (i < row.header_n && row.names[i] == NULL)
				abort();
		}
		if (++rows > 100000)
			break;
	}
	if (rc == -1) {
		if (cause == NULL)
			abort();
		free(cause);
	}
	(void)reader_bytes(r);
	reader_close(r);
}
