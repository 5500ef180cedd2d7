/* spool: see spool.h. */
#include "spool.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"
#include "xmem.h"

/* The stdio buffer, each way: large writes and reads, few system calls. */
#define SPOOL_BUF	(256 * 1024)

struct spool {
	FILE	*f;
	char	*buf;		/* stdio's */
	char	*val;		/* the value being read */
	size_t	 cap;
};

struct spool *
spool_open(char **cause)
{
	const char *dir = getenv("TMPDIR");
	struct spool *sp;
	char *path;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/kpidesk-spool-XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		*cause = xasprintf("cannot make a temporary file in %s: %s "
		    "(set TMPDIR to a folder with room)", dir, strerror(errno));
		free(path);
		return NULL;
	}
	unlink(path);	/* private from now on, and gone at exit */
	free(path);
	sp = xcalloc(1, sizeof *sp);
	if ((sp->f = fdopen(fd, "w+")) == NULL) {
		*cause = xasprintf("cannot use a temporary file: %s",
		    strerror(errno));
		close(fd);
		free(sp);
		return NULL;
	}
	sp->buf = xmalloc(SPOOL_BUF);
	setvbuf(sp->f, sp->buf, _IOFBF, SPOOL_BUF);
	return sp;
}

static char *
spool_error(const char *what)
{
	return xasprintf("the temporary file: %s: %s", what,
	    errno != 0 ? strerror(errno) : "cut short");
}

int
spool_put(struct spool *sp, unsigned kind, int bytes, const void *data,
    size_t len, char **cause)
{
	unsigned char head[11];
	size_t n = 0;
	uint64_t v = len;

	head[n++] = (unsigned char)kind;
	if (bytes) {
		/* The length, 7 bits a byte, low first. */
		do {
			head[n++] = (unsigned char)((v & 0x7f) |
			    (v > 0x7f ? 0x80 : 0));
			v >>= 7;
		} while (v != 0);
	}
	errno = 0;
	if (fwrite(head, 1, n, sp->f) != n ||
	    (bytes && len > 0 && fwrite(data, 1, len, sp->f) != len)) {
		*cause = spool_error("writing");
		return -1;
	}
	return 0;
}

int
spool_rewind(struct spool *sp, char **cause)
{
	errno = 0;
	if (fflush(sp->f) != 0 || fseeko(sp->f, 0, SEEK_SET) != 0) {
		*cause = spool_error("writing");
		return -1;
	}
	return 0;
}

int
spool_get(struct spool *sp, int (*bytes)(unsigned), unsigned *kind,
    struct strbuf *into, size_t *off, size_t *len, char **cause)
{
	uint64_t v = 0;
	unsigned shift = 0;
	int c;

	errno = 0;
	if ((c = getc(sp->f)) == EOF) {
		if (ferror(sp->f)) {
			*cause = spool_error("reading");
			return -1;
		}
		return 0;
	}
	*kind = (unsigned)c;
	*off = into->len;
	*len = 0;
	if (bytes(*kind)) {
		do {
			if ((c = getc(sp->f)) == EOF || shift > 63) {
				*cause = spool_error("reading");
				return -1;
			}
			v |= (uint64_t)(c & 0x7f) << shift;
			shift += 7;
		} while (c & 0x80);
		if (v > SIZE_MAX / 2) {
			*cause = spool_error("reading");
			return -1;
		}
		*len = (size_t)v;
		if (*len > sp->cap) {
			free(sp->val);
			sp->val = xmalloc(*len);
			sp->cap = *len;
		}
		if (*len > 0 && fread(sp->val, 1, *len, sp->f) != *len) {
			*cause = spool_error("reading");
			return -1;
		}
		strbuf_add(into, sp->val, *len);
	}
	/* Each value ends with a NUL of its own, as C strings do. */
	strbuf_putc(into, '\0');
	return 1;
}

void
spool_close(struct spool *sp)
{
	if (sp == NULL)
		return;
	fclose(sp->f);
	free(sp->buf);
	free(sp->val);
	free(sp);
}
