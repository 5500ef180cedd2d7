/* xlsx_zip: the ZIP side of the XLSX reader (minizip), under caps. */
#include "xlsx_zip.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unzip.h>

#include "reader.h"
#include "reader_src.h"
#include "xmem.h"

/* A part smaller than this is never refused for its ratio. */
#define XLSX_RATIO_FLOOR	(1024 * 1024)
/* A ZIP entry name takes at most 65535 bytes, plus its NUL. */
#define XLSX_NAME_MAX		65536

struct xlsx_zip_io {
	struct reader_src	*src;
	uint64_t		 pos;
	int			 error;
};

struct xlsx_zip {
	struct reader_limits	 lim;
	struct xlsx_zip_io	 io;
	unzFile			 zf;
	uint64_t		 inflated;	/* all parts so far */

	/* The part being read. */
	const char		*part;
	int			 part_open;
	uint64_t		 part_inflated;
	uint64_t		 part_compressed;
};

/*
 * minizip reads the package through these, from the reader's one
 * descriptor (reader_src), never by opening the path again. The stream is
 * a position of our own; pread leaves the descriptor's alone.
 */
static voidpf ZCALLBACK
xlsx_zip_io_open(voidpf opaque, const void *name, int mode)
{
	return opaque;
}

static uLong ZCALLBACK
xlsx_zip_io_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	struct xlsx_zip_io *io = stream;
	ssize_t n;

	if ((n = reader_src_pread(io->src, buf, size, io->pos)) < 0) {
		io->error = 1;
		return 0;
	}
	io->pos += (uint64_t)n;
	return (uLong)n;
}

static uLong ZCALLBACK
xlsx_zip_io_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	return 0;	/* read only */
}

static ZPOS64_T ZCALLBACK
xlsx_zip_io_tell(voidpf opaque, voidpf stream)
{
	const struct xlsx_zip_io *io = stream;

	return io->pos;
}

static long ZCALLBACK
xlsx_zip_io_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	struct xlsx_zip_io *io = stream;
	uint64_t base;

	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET:
		base = 0;
		break;
	case ZLIB_FILEFUNC_SEEK_CUR:
		base = io->pos;
		break;
	case ZLIB_FILEFUNC_SEEK_END:
		base = io->src->size;
		break;
	default:
		return -1;
	}
	if (off > io->src->size || base > io->src->size - off)
		return -1;
	io->pos = base + off;
	return 0;
}

static int ZCALLBACK
xlsx_zip_io_close(voidpf opaque, voidpf stream)
{
	return 0;
}

static int ZCALLBACK
xlsx_zip_io_error(voidpf opaque, voidpf stream)
{
	const struct xlsx_zip_io *io = stream;

	return io->error;
}

/* Is the file a ZIP archive at all (local header signature first)? */
static int
xlsx_zip_magic(struct reader_src *src, char **cause)
{
	unsigned char sig[4];

	if (reader_src_pread(src, sig, sizeof sig, 0) != (ssize_t)sizeof sig ||
	    memcmp(sig, "PK\003\004", 4) != 0) {
		*cause = xstrdup("not an XLSX file (no ZIP signature)");
		return -1;
	}
	return 0;
}

static int
xlsx_zip_name_cmp(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Walk the central directory once and refuse a name given to two entries:
 * minizip would read the first, another tool perhaps the second, so the
 * rows checked need not be the rows a person sees.  Part names compare
 * without ASCII case, as OPC says.  At most max_entries are walked.
 */
static int
xlsx_zip_unique(struct xlsx_zip *z, char **cause)
{
	unz_file_info64 info;
	char **names = NULL, *name = xmalloc(XLSX_NAME_MAX);
	size_t n = 0, i;
	int rc = -1, err;

	for (err = unzGoToFirstFile(z->zf); err == UNZ_OK;
	    err = unzGoToNextFile(z->zf)) {
		if (n == z->lim.max_entries) {
			*cause = xasprintf("XLSX has more ZIP entries than the "
			    "limit of %zu (possible zip bomb)",
			    z->lim.max_entries);
			goto out;
		}
		if (unzGetCurrentFileInfo64(z->zf, &info, name, XLSX_NAME_MAX,
		    NULL, 0, NULL, 0) != UNZ_OK)
			break;
		name[XLSX_NAME_MAX - 1] = '\0';
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(name);
	}
	if (err != UNZ_END_OF_LIST_OF_FILE) {
		*cause = xstrdup("not an XLSX file (unreadable ZIP directory)");
		goto out;
	}
	if (n > 1)
		qsort(names, n, sizeof *names, xlsx_zip_name_cmp);
	for (i = 1; i < n; i++) {
		if (strcasecmp(names[i - 1], names[i]) == 0) {
			*cause = xasprintf("XLSX lists the part %s twice: a "
			    "package with duplicate ZIP entries is refused; "
			    "save it again from the spreadsheet program",
			    names[i]);
			goto out;
		}
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(name);
	return rc;
}

struct xlsx_zip *
xlsx_zip_open(struct reader_src *src, const struct reader_limits *lim,
    char **cause)
{
	zlib_filefunc64_def ff;
	struct xlsx_zip *z;
	unz_global_info64 gi;

	if (xlsx_zip_magic(src, cause) != 0)
		return NULL;
	z = xcalloc(1, sizeof *z);
	z->lim = *lim;
	z->io.src = src;
	memset(&ff, 0, sizeof ff);
	ff.zopen64_file = xlsx_zip_io_open;
	ff.zread_file = xlsx_zip_io_read;
	ff.zwrite_file = xlsx_zip_io_write;
	ff.ztell64_file = xlsx_zip_io_tell;
	ff.zseek64_file = xlsx_zip_io_seek;
	ff.zclose_file = xlsx_zip_io_close;
	ff.zerror_file = xlsx_zip_io_error;
	ff.opaque = &z->io;
	if ((z->zf = unzOpen2_64("", &ff)) == NULL) {
		*cause = xstrdup("not an XLSX file (unreadable ZIP directory)");
		goto err;
	}
	if (unzGetGlobalInfo64(z->zf, &gi) != UNZ_OK) {
		*cause = xstrdup("not an XLSX file (unreadable ZIP directory)");
		goto err;
	}
	if (gi.number_entry > z->lim.max_entries) {
		*cause = xasprintf("XLSX has %llu ZIP entries, more than the "
		    "limit of %zu (possible zip bomb)",
		    (unsigned long long)gi.number_entry, z->lim.max_entries);
		goto err;
	}
	if (xlsx_zip_unique(z, cause) == -1)
		goto err;
	return z;

err:
	xlsx_zip_close(z);
	return NULL;
}

void
xlsx_zip_close(struct xlsx_zip *z)
{
	if (z == NULL)
		return;
	xlsx_zip_part_abandon(z);
	if (z->zf != NULL)
		unzClose(z->zf);
	free(z);
}

int
xlsx_zip_part_open(struct xlsx_zip *z, const char *name, int required,
    char **cause)
{
	unz_file_info64 info;

	if (unzLocateFile(z->zf, name, 1) != UNZ_OK) {
		if (!required)
			return 1;
		*cause = xasprintf("not an XLSX file (no %s)", name);
		return -1;
	}
	if (unzGetCurrentFileInfo64(z->zf, &info, NULL, 0, NULL, 0, NULL,
	    0) != UNZ_OK) {
		*cause = xasprintf("XLSX part %s: unreadable ZIP entry", name);
		return -1;
	}
	if (info.flag & 1) {
		*cause = xasprintf("XLSX part %s is encrypted", name);
		return -1;
	}
	if (unzOpenCurrentFile(z->zf) != UNZ_OK) {
		*cause = xasprintf("XLSX part %s: cannot open the ZIP entry",
		    name);
		return -1;
	}
	z->part = name;
	z->part_open = 1;
	z->part_inflated = 0;
	z->part_compressed = info.compressed_size;
	if (z->part_compressed == 0)
		z->part_compressed = 1;
	return 0;
}

int
xlsx_zip_part_read(struct xlsx_zip *z, void *buf, size_t len, size_t *got,
    char **cause)
{
	int n;

	n = unzReadCurrentFile(z->zf, buf, (unsigned)len);
	if (n < 0) {
		*cause = xasprintf("XLSX part %s is corrupt (ZIP error %d)",
		    z->part, n);
		return -1;
	}
	z->part_inflated += (uint64_t)n;
	z->inflated += (uint64_t)n;
	if (z->inflated > z->lim.max_inflated ||
	    (z->part_inflated > XLSX_RATIO_FLOOR && z->part_inflated /
	    z->part_compressed >= z->lim.max_ratio)) {
		*cause = xasprintf("XLSX part %s inflates past the limit "
		    "(possible zip bomb)", z->part);
		return -1;
	}
	*got = (size_t)n;
	return 0;
}

int
xlsx_zip_part_close(struct xlsx_zip *z, char **cause)
{
	z->part_open = 0;
	if (unzCloseCurrentFile(z->zf) == UNZ_CRCERROR) {
		*cause = xasprintf("XLSX part %s is corrupt (CRC mismatch)",
		    z->part);
		return -1;
	}
	return 0;
}

void
xlsx_zip_part_abandon(struct xlsx_zip *z)
{
	if (!z->part_open)
		return;
	z->part_open = 0;
	unzCloseCurrentFile(z->zf);
}

uint64_t
xlsx_zip_position(const struct xlsx_zip *z)
{
	return unzGetCurrentFileZStreamPos64(z->zf);
}
