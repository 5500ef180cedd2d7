/* reader: limits, format guessing and dispatch to the per-format readers. */
#include "reader.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader_impl.h"
#include "xmem.h"

struct reader {
	const struct reader_ops	*ops;
	void			*state;
	int			 failed;	/* an error was returned: no more rows */
	int			 has_src;	/* a file (not an SQL source) */
	struct reader_src	 src;
	struct reader_info	 info;
	struct reader_pipe	*pipe;		/* parsing on its own thread */
	struct reader_par	*par;		/* a split file's parsers */
	uint64_t		 skip;		/* rows to skip, read again
						   serially after par failed */
	struct stat		 stamp;		/* the file when it was scanned */
};

/*
 * Defaults: generous for real customer and order files, small enough that a
 * hostile file stops early.
 * - max_field 1 MiB: names, mobiles and amounts are tiny; 1 MiB leaves room
 *   for long free text and still bounds a record's memory.
 * - max_columns 1024: the files have 4 and 6 columns.
 * - max_depth 32: orders need 3 levels; XLSX parts about 6.
 * - max_inflated 1 GiB: all XLSX parts together, counted as really inflated.
 * - max_entries 10000: a workbook has tens of parts.
 * - max_ratio 200: real XLSX parts deflate 5-50x (very repetitive sheets a
 *   little over 100x); checked once a part is past 1 MiB inflated.
 * - max_xml_alloc 32 MiB: expat needs well under 1 MiB for these documents.
 * - max_shared 96 MiB, max_shared_strings 4M: the table costs each string
 *   its text, a NUL and an 8-byte offset. A master of 1M customers
 *   (tests/bench/gen.py, written by libxlsxwriter: ids and mobiles
 *   distinct, names repeating) holds 2.0M shared strings in 38.9 MiB; with
 *   every name distinct too, about 3M strings and 61 MiB. Both caps leave
 *   room for that (4M strings of such text are about 96 MiB), and a
 *   workbook of a few MB holding millions of empty strings (9 bytes each
 *   here) stops at 4M, about 36 MiB, instead of growing to the byte cap.
 * - source_timeout_s 300: how long an SQL source's query may run (the
 *   setting of the same name overrides it).
 */
void
reader_limits_default(struct reader_limits *lim)
{
	lim->max_field = 1024 * 1024;
	lim->max_columns = 1024;
	lim->max_depth = 32;
	lim->max_inflated = (uint64_t)1024 * 1024 * 1024;
	lim->max_entries = 10000;
	lim->max_ratio = 200;
	lim->max_xml_alloc = 32 * 1024 * 1024;
	lim->max_shared = 96 * 1024 * 1024;
	lim->source_timeout_s = 300;
	lim->max_shared_strings = 4 * 1024 * 1024;
	lim->max_input = 0;
}

/* The formats, in the order they are named to people: XML first, since
 * orders come as XML and only then as CSV (import.c's refusal reads
 * ".xml or .csv"); customers come as CSV or XLSX. */
static const struct reader_fmt reader_fmts[] = {
	{ "xml", "XML", READER_XML, &read_xml_ops, READER_KIND_ORDERS },
	{ "csv", "CSV", READER_CSV, &read_csv_ops,
	  READER_KIND_CUSTOMERS | READER_KIND_ORDERS },
	{ "xlsx", "XLSX", READER_XLSX, &read_xlsx_ops, READER_KIND_CUSTOMERS },
};
#define READER_NFMTS (sizeof reader_fmts / sizeof reader_fmts[0])

size_t
reader_fmt_count(void)
{
	return READER_NFMTS;
}

const struct reader_fmt *
reader_fmt_at(size_t i)
{
	return i < READER_NFMTS ? &reader_fmts[i] : NULL;
}

const struct reader_fmt *
reader_fmt_of_name(const char *path)
{
	const char *dot, *slash;
	size_t i;

	dot = strrchr(path, '.');
	slash = strrchr(path, '/');
	if (dot == NULL || (slash != NULL && dot < slash))
		return NULL;
	for (i = 0; i < READER_NFMTS; i++) {
		if (strcasecmp(dot + 1, reader_fmts[i].ext) == 0)
			return &reader_fmts[i];
	}
	return NULL;
}

/* The table's row of fmt, or NULL. */
static const struct reader_fmt *
reader_fmt_of(enum reader_format fmt)
{
	size_t i;

	for (i = 0; i < READER_NFMTS; i++) {
		if (reader_fmts[i].format == fmt)
			return &reader_fmts[i];
	}
	return NULL;
}

int
reader_format_from_name(const char *path)
{
	const struct reader_fmt *f = reader_fmt_of_name(path);

	return f != NULL ? (int)f->format : -1;
}

char *
reader_printable(const char *s, size_t max)
{
	size_t len = strlen(s), i;
	char *out;

	if (len > max)
		len = max;
	out = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f)
			out[i] = s[i];
		else
			out[i] = '?';
	}
	out[len] = '\0';
	return out;
}

/*
 * Scan the file for where it may be cut (hashing it, bounded by max_input,
 * as the serial parse would) and start parsers on its chunks; NULL, with
 * the file rewound for the serial parse, if it is standard input, small,
 * cannot be split safely, or a read fails (the serial parse then meets the
 * same failure and reports it).
 */
static struct reader_par *
reader_split(struct reader *r, const struct reader_limits *lim,
    unsigned jobs)
{
	struct reader_par *p = NULL;
	struct xml_split s;
	char *buf, *cause = NULL;
	ssize_t got;

	if (r->src.is_stdin || r->src.size / 2 < reader_par_min() ||
	    fstat(r->src.fd, &r->stamp) == -1)
		return NULL;
	xml_split_init(&s, reader_par_min());
	buf = xmalloc(READER_CHUNK);
	while ((got = reader_src_read(&r->src, buf, READER_CHUNK,
	    &cause)) > 0) {
		if (xml_split_scan(&s, buf, (size_t)got) == -1)
			break;
	}
	free(buf);
	if (got == 0 && xml_split_end(&s) == 0)
		p = reader_par_start(&r->src, lim, &s, jobs);
	xml_split_free(&s);
	free(cause);
	cause = NULL;
	if (p == NULL && reader_src_rewind(&r->src, &cause) == -1) {
		/* Cannot happen for a regular file; the serial parse then
		 * reads from where the scan stopped and fails visibly. */
		free(cause);
	}
	return p;
}

struct reader *
reader_open(const char *path, enum reader_format fmt,
    const struct reader_limits *lim, const struct reader_opts *opts,
    char **cause)
{
	static const struct reader_opts none;
	const struct reader_fmt *f = reader_fmt_of(fmt);
	const struct reader_ops *ops;
	struct reader_limits def;
	struct reader *r;

	if (f == NULL) {
		*cause = xasprintf("%s: unknown file format", path);
		return NULL;
	}
	ops = f->ops;
	if (lim == NULL) {
		reader_limits_default(&def);
		lim = &def;
	}
	r = xcalloc(1, sizeof *r);
	r->ops = ops;
	if (reader_src_open(&r->src, path, cause) == -1) {
		free(r);
		return NULL;
	}
	r->has_src = 1;
	r->src.max = lim->max_input;
	if (opts == NULL)
		opts = &none;
	r->state = ops->open(&r->src, lim, opts, &r->info, cause);
	if (r->state == NULL) {
		r->ops = NULL;
		reader_close(r);
		return NULL;
	}
	/* XML only: for CSV customers the parse is 3% of the import (1M
	 * customers: 0.4 s of 11.5 s of CPU, doc/PERFORMANCE.md), too
	 * little for a thread to pay. */
	/*
	 * jobs counts the writer: with 2, one parser thread beside it; from
	 * 3, jobs - 1 parsers on the chunks of a cut file. On 2 cores the
	 * cut costs CPU (its scan, the rows' copies) that no idle core pays
	 * for: 1M lines took 7.0 s cut against 5.8 s with one parser
	 * thread (doc/PERFORMANCE.md).
	 */
	if (opts->jobs >= 3 && fmt == READER_XML)
		r->par = reader_split(r, lim, opts->jobs - 1);
	if (opts->jobs >= 2 && fmt == READER_XML && r->par == NULL)
		r->pipe = reader_pipe_start(ops, r->state);
	return r;
}

struct reader *
reader_wrap(const struct reader_ops *ops, void *state)
{
	struct reader *r = xcalloc(1, sizeof *r);

	r->ops = ops;
	r->state = state;
	return r;
}

/* After a split file's last row: what its first chunk found out. */
static void
reader_take_info(struct reader *r)
{
	const struct reader_info *i = reader_par_info(r->par);

	free(r->info.record);
	r->info.record = i->record != NULL ? xstrdup(i->record) : NULL;
	r->info.encoding = i->encoding;
	r->info.chunks = i->chunks;
}

/*
 * Whether the file changed (size or modification time) since it was
 * scanned: its chunks were read again by the parsers, so the SHA-256 of
 * the scan would not be that of the bytes parsed. 1 and *cause if so.
 */
static int
reader_changed(const struct reader *r, char **cause)
{
	struct stat sb;

	if (fstat(r->src.fd, &sb) == 0 && sb.st_size == r->stamp.st_size &&
	    sb.st_mtim.tv_sec == r->stamp.st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == r->stamp.st_mtim.tv_nsec)
		return 0;
	*cause = xasprintf("%s changed while it was read: nothing was "
	    "loaded; import it again once it is complete", r->src.path);
	return 1;
}

/* The format's next row, past any rows to skip. */
static int
reader_serial_next(struct reader *r, struct reader_row *row, char **cause)
{
	int rc;

	while (r->skip > 0) {
		if ((rc = r->ops->next(r->state, row, cause)) != 1)
			return rc;
		r->skip--;
		memset(row, 0, sizeof *row);
	}
	return r->ops->next(r->state, row, cause);
}

int
reader_next(struct reader *r, struct reader_row *row, char **cause)
{
	int rc;

	if (r->failed) {
		*cause = xstrdup("the reader already failed");
		return -1;
	}
	memset(row, 0, sizeof *row);
	if (r->par != NULL) {
		if ((rc = reader_par_next(r->par, row, &r->skip)) != -2) {
			if (rc == 0 && reader_changed(r, cause)) {
				r->failed = 1;
				return -1;
			}
			if (rc == 0)
				reader_take_info(r);
			return rc;
		}
		/* A chunk failed: the serial parse from the start, past the
		 * rows already handed out, gives the serial outcome. */
		reader_par_free(r->par);
		r->par = NULL;
		if (reader_src_rewind(&r->src, cause) == -1) {
			r->failed = 1;
			return -1;
		}
	}
	rc = r->pipe != NULL ? reader_pipe_next(r->pipe, row, cause) :
	    reader_serial_next(r, row, cause);
	if (rc == -1)
		r->failed = 1;
	return rc;
}

uint64_t
reader_bytes(const struct reader *r)
{
	if (r->pipe != NULL)
		return reader_pipe_bytes(r->pipe);
	if (r->par != NULL)
		return reader_par_bytes(r->par);
	return r->ops->bytes(r->state);
}

uint64_t
reader_size(const struct reader *r)
{
	return r->has_src ? r->src.size : 0;
}

int
reader_digest(struct reader *r, char hex[HASH_HEXLEN + 1], uint64_t *size,
    char **cause)
{
	if (!r->has_src) {
		*cause = xstrdup("an SQL source has no file digest");
		return -1;
	}
	/* The parser thread reads and hashes the file: stop it first. */
	reader_pipe_free(r->pipe);
	r->pipe = NULL;
	reader_par_free(r->par);
	r->par = NULL;
	if (reader_src_finish(&r->src, cause) == -1)
		return -1;
	hash_hex(r->src.digest, sizeof r->src.digest, hex);
	if (size != NULL)
		*size = r->src.pos;
	return 0;
}

const struct reader_info *
reader_info(const struct reader *r)
{
	return &r->info;
}

void
reader_close(struct reader *r)
{
	if (r == NULL)
		return;
	reader_pipe_free(r->pipe);
	reader_par_free(r->par);
	if (r->ops != NULL)
		r->ops->close(r->state);
	if (r->has_src)
		reader_src_close(&r->src);
	free(r->info.sheet);
	free(r->info.record);
	free(r);
}
