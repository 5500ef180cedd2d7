/*
 * read_csv: the CSV reader, streaming through libcsv in strict mode.
 *
 * The file is read in READER_CHUNK blocks and each block is fed to
 * csv_parse one physical line at a time (up to and including each CR or
 * LF). So at most one record completes per csv_parse call, the reader
 * keeps a single record in memory, and line numbers stay exact: before a
 * line is fed, if libcsv has not begun a row, the next record starts on
 * that line.
 *
 * Decisions:
 * - No space trimming by libcsv (csv_set_space_func with a function that
 *   says "never a space"): by default libcsv trims spaces and tabs around
 *   unquoted fields but keeps them inside quotes, so " a " and "\" a \""
 *   would differ; rules.c trims every field once, the same way. As RFC 4180
 *   and Python's csv say, a space before an opening quote (a, "b") makes the
 *   quote part of an unquoted field, which strict mode refuses.
 * - CSV_APPEND_NULL is not used: fields are copied into the record buffer,
 *   which NUL-terminates them.
 * - A UTF-8 BOM at the very start is skipped.
 * - The delimiter is the most frequent of ',' ';' TAB outside quotes on the
 *   first non-blank line (ties and none: ',').
 * - Blank lines are not records; neither is a line holding only spaces/tabs.
 * - The first record is the header; an empty file (or one with only blank
 *   lines) is an error, "file is empty"; a header alone gives no rows.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "log.h"
#include "reader_impl.h"
#include "strbuf.h"
#include "xmem.h"

/* libcsv's row state before anything of a row was seen (libcsv.c). */
#define CSV_ROW_NOT_BEGUN	0

struct csv_state {
	struct reader_src	*src;
	struct reader_info	*info;
	struct reader_limits	 lim;
	struct csv_parser	 p;

	unsigned char		*buf;
	size_t			 buf_len;
	size_t			 buf_pos;
	uint64_t		 fed;		/* bytes given to libcsv */
	int			 started;	/* BOM and delimiter handled */
	int			 eof;		/* the file is all read */
	int			 finished;	/* csv_fini called */
	char			*error;		/* the file failed */

	size_t			 line;		/* line of the next byte fed */
	size_t			 start_line;	/* line of the record in progress */

	/* The record being built; fields NUL-separated in rec. */
	struct strbuf		 rec;
	size_t			*off;
	size_t			*lens;
	const char		**values;
	size_t			 nf;
	size_t			 cap_f;
	int			 too_many;	/* past max_columns */
	int			 done;		/* a record is complete */
	size_t			 done_line;

	/* The header. */
	char			*hdr;
	const char		**names;
	size_t			 names_cap;
	size_t			 header_n;
	int			 have_header;
};

/*
 * libcsv's realloc hook takes no context pointer, so the cap on the field
 * buffer of the parser now running is passed in this thread-local, set
 * right before each csv_parse/csv_fini call.
 */
static _Thread_local size_t	read_csv_cap;

static void *
read_csv_realloc(void *p, size_t size)
{
	if (size == 0 || size > read_csv_cap)
		return NULL;	/* libcsv reports CSV_ENOMEM */
	return xreallocarray(p, 1, size);
}

static int
read_csv_never_space(unsigned char c)
{
	return 0;
}

static void
read_csv_fail(struct csv_state *s, char *msg)
{
	if (s->error == NULL)
		s->error = msg;
	else
		free(msg);
}

static void
read_csv_field(void *data, size_t len, void *arg)
{
	struct csv_state *s = arg;

	if (s->too_many || s->error != NULL)
		return;
	if (s->nf == s->lim.max_columns) {
		s->too_many = 1;
		return;
	}
	if (len > s->lim.max_field) {
		read_csv_fail(s, xasprintf("line %zu: a field is longer than "
		    "%zu bytes", s->start_line, s->lim.max_field));
		return;
	}
	if (s->nf == s->cap_f) {
		s->cap_f = s->cap_f == 0 ? 16 : s->cap_f * 2;
		if (s->cap_f > s->lim.max_columns)
			s->cap_f = s->lim.max_columns;
		s->off = xreallocarray(s->off, s->cap_f, sizeof *s->off);
		s->lens = xreallocarray(s->lens, s->cap_f, sizeof *s->lens);
	}
	s->off[s->nf] = s->rec.len;
	s->lens[s->nf] = len;
	strbuf_add(&s->rec, data, data != NULL ? len : 0);
	strbuf_putc(&s->rec, '\0');
	s->nf++;
}

static void
read_csv_record(int c, void *arg)
{
	struct csv_state *s = arg;

	s->done = 1;
	s->done_line = s->start_line;
}

/* Pick the delimiter from the first non-blank line of the first block. */
static unsigned char
read_csv_sniff(const unsigned char *p, size_t len)
{
	static const unsigned char cand[] = { ',', ';', '\t' };
	size_t count[3] = { 0, 0, 0 }, i = 0, k, best = 0;
	int quoted = 0;

	while (i < len && (p[i] == '\r' || p[i] == '\n'))
		i++;
	for (; i < len; i++) {
		if (p[i] == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted)
			continue;
		if (p[i] == '\r' || p[i] == '\n')
			break;
		for (k = 0; k < 3; k++) {
			if (p[i] == cand[k])
				count[k]++;
		}
	}
	for (k = 1; k < 3; k++) {
		if (count[k] > count[best])
			best = k;
	}
	return cand[best];
}

/* Read the next block; 0 at end of file, -1 on error. */
static int
read_csv_fill(struct csv_state *s)
{
	char *cause = NULL;
	ssize_t got;
	size_t n;

	if ((got = reader_src_read(s->src, s->buf, READER_CHUNK, &cause)) <= 0) {
		if (got == -1) {
			read_csv_fail(s, cause);
			return -1;
		}
		s->eof = 1;
		return 0;
	}
	n = (size_t)got;
	s->buf_len = n;
	s->buf_pos = 0;
	if (!s->started) {
		s->started = 1;
		if (n >= 3 && memcmp(s->buf, "\xef\xbb\xbf", 3) == 0) {
			s->buf_pos = 3;
			s->fed = 3;
		}
		s->info->delim = (char)read_csv_sniff(s->buf + s->buf_pos,
		    n - s->buf_pos);
		csv_set_delim(&s->p, (unsigned char)s->info->delim);
	}
	return 1;
}

/* Feed one line (or what remains of the block) to libcsv. */
static void
read_csv_feed(struct csv_state *s)
{
	const unsigned char *seg = s->buf + s->buf_pos;
	size_t avail = s->buf_len - s->buf_pos, n, used;
	int newline = 0;

	for (n = 0; n < avail; n++) {
		if (seg[n] == '\0') {
			read_csv_fail(s, xasprintf("line %zu: NUL byte in the "
			    "file; it is not a text CSV", s->line));
			return;
		}
		if (seg[n] == '\n' || seg[n] == '\r') {
			newline = seg[n] == '\n';
			n++;
			break;
		}
	}
	if (s->p.pstate == CSV_ROW_NOT_BEGUN)
		s->start_line = s->line;
	read_csv_cap = s->lim.max_field + 1;
	used = csv_parse(&s->p, seg, n, read_csv_field, read_csv_record, s);
	s->buf_pos += n;
	s->fed += n;
	if (s->error != NULL)
		return;
	if (s->too_many) {
		read_csv_fail(s, xasprintf("line %zu: more than %zu columns",
		    s->start_line, s->lim.max_columns));
		return;
	}
	if (used != n) {
		switch (csv_error(&s->p)) {
		case CSV_ENOMEM:
		case CSV_ETOOBIG:
			read_csv_fail(s, xasprintf("line %zu: a field is "
			    "longer than %zu bytes", s->start_line,
			    s->lim.max_field));
			break;
		default:
			read_csv_fail(s, xasprintf("line %zu: bad quoting: a "
			    "quote inside an unquoted field, or text after a "
			    "closing quote", s->line));
			break;
		}
		return;
	}
	if (newline)
		s->line++;
}

static void
read_csv_finish(struct csv_state *s)
{
	s->finished = 1;
	read_csv_cap = s->lim.max_field + 1;
	if (csv_fini(&s->p, read_csv_field, read_csv_record, s) != 0 &&
	    s->error == NULL) {
		read_csv_fail(s, xasprintf("line %zu: unterminated quoted "
		    "field", s->start_line));
	}
	if (s->error == NULL && s->too_many) {
		read_csv_fail(s, xasprintf("line %zu: more than %zu columns",
		    s->start_line, s->lim.max_columns));
	}
}

/* Is the record empty or only spaces and tabs (a blank line)? */
static int
read_csv_blank(const struct csv_state *s)
{
	const char *v;

	if (s->nf != 1)
		return s->nf == 0;
	for (v = s->rec.buf + s->off[0]; *v != '\0'; v++) {
		if (*v != ' ' && *v != '\t')
			return 0;
	}
	return 1;
}

static void
read_csv_take_header(struct csv_state *s)
{
	size_t i;

	s->hdr = xmalloc(s->rec.len);
	memcpy(s->hdr, s->rec.buf, s->rec.len);
	s->header_n = s->nf;
	s->info->header_line = s->done_line;
	s->names_cap = s->nf;
	s->names = xreallocarray(NULL, s->names_cap, sizeof *s->names);
	for (i = 0; i < s->nf; i++)
		s->names[i] = s->hdr + s->off[i];
	s->have_header = 1;
}

static void
read_csv_fill_row(struct csv_state *s, struct reader_row *row)
{
	size_t i;

	if (s->nf > s->names_cap) {
		s->names = xreallocarray(s->names, s->nf, sizeof *s->names);
		for (i = s->names_cap; i < s->nf; i++)
			s->names[i] = NULL;
		s->names_cap = s->nf;
	}
	s->values = xreallocarray(s->values, s->nf, sizeof *s->values);
	for (i = 0; i < s->nf; i++)
		s->values[i] = s->rec.buf + s->off[i];
	row->line = s->done_line;
	row->n = s->nf;
	row->header_n = s->header_n;
	row->names = s->names;
	row->values = s->values;
	row->lens = s->lens;
}

static void *
read_csv_open(struct reader_src *src, const struct reader_limits *lim,
    const struct reader_opts *opts, struct reader_info *info, char **cause)
{
	struct csv_state *s;

	s = xcalloc(1, sizeof *s);
	s->src = src;
	s->info = info;
	info->encoding = "UTF-8";
	info->delim = ',';
	s->lim = *lim;
	if (s->lim.max_columns == 0)
		s->lim.max_columns = 1;
	if (s->lim.max_field >= SIZE_MAX - READER_CHUNK)
		s->lim.max_field = SIZE_MAX - READER_CHUNK;
	s->buf = xmalloc(READER_CHUNK);
	s->line = 1;
	s->start_line = 1;
	strbuf_init(&s->rec);
	if (csv_init(&s->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		fatalx("libcsv: cannot initialise the parser");
	csv_set_space_func(&s->p, read_csv_never_space);
	csv_set_realloc_func(&s->p, read_csv_realloc);
	csv_set_free_func(&s->p, free);
	csv_set_blk_size(&s->p, s->lim.max_field + 1 < READER_CHUNK ?
	    s->lim.max_field + 1 : READER_CHUNK);
	return s;
}

static int
read_csv_next(void *state, struct reader_row *row, char **cause)
{
	struct csv_state *s = state;

	for (;;) {
		if (s->error != NULL) {
			*cause = xstrdup(s->error);
			return -1;
		}
		if (s->done) {
			s->done = 0;
			if (read_csv_blank(s)) {
				/* a blank line: not a record */
			} else if (!s->have_header) {
				read_csv_take_header(s);
			} else {
				read_csv_fill_row(s, row);
				return 1;
			}
		}
		if (s->finished) {
			if (!s->have_header) {
				read_csv_fail(s, xstrdup("file is empty"));
				continue;
			}
			return 0;
		}
		/* The previous record has been used: start afresh. */
		if (s->p.pstate == CSV_ROW_NOT_BEGUN) {
			strbuf_reset(&s->rec);
			s->nf = 0;
			s->too_many = 0;
		}
		if (s->buf_pos < s->buf_len)
			read_csv_feed(s);
		else if (s->eof)
			read_csv_finish(s);
		else
			read_csv_fill(s);
	}
}

static uint64_t
read_csv_bytes(const void *state)
{
	const struct csv_state *s = state;

	return s->fed;
}

static void
read_csv_close(void *state)
{
	struct csv_state *s = state;

	csv_free(&s->p);
	free(s->buf);
	free(s->error);
	strbuf_free(&s->rec);
	free(s->off);
	free(s->lens);
	free(s->values);
	free(s->hdr);
	free(s->names);
	free(s);
}

const struct reader_ops read_csv_ops = {
	"csv",
	read_csv_open,
	read_csv_next,
	read_csv_bytes,
	read_csv_close
};
