/* reader: limits, format guessing and dispatch to the per-format readers. */
#include "reader.h"

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
	if (opts->jobs >= 2 && fmt == READER_XML)
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

int
reader_next(struct reader *r, struct reader_row *row, char **cause)
{
	int rc;

	if (r->failed) {
		*cause = xstrdup("the reader already failed");
		return -1;
	}
	memset(row, 0, sizeof *row);
	rc = r->pipe != NULL ? reader_pipe_next(r->pipe, row, cause) :
	    r->ops->next(r->state, row, cause);
	if (rc == -1)
		r->failed = 1;
	return rc;
}

uint64_t
reader_bytes(const struct reader *r)
{
	if (r->pipe != NULL)
		return reader_pipe_bytes(r->pipe);
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
	if (r->ops != NULL)
		r->ops->close(r->state);
	if (r->has_src)
		reader_src_close(&r->src);
	free(r->info.sheet);
	free(r->info.record);
	free(r);
}
