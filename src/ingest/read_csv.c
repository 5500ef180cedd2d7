/*
 * read_csv: the CSV reader, streaming through libcsv in strict mode.
 *
 * The file is read in READER_CHUNK blocks (through reader_src_read, so every
 * byte is hashed) and each block of UTF-8 text is fed to csv_parse one
 * physical line at a time (up to and including each CR or LF). So at most
 * one record completes per csv_parse call, the reader keeps a single record
 * in memory (and, until the header is found, the few rows above it), and line
 * numbers stay exact: before a line is fed, if libcsv has not begun a row,
 * the next record starts on that line. Lines are counted by LF in the text
 * fed, after any conversion, so they are the lines an editor shows.
 *
 * Encodings (what the first bytes say wins over opts->encoding):
 * - A UTF-8 BOM at the very start is skipped; the text is passed as it is,
 *   invalid UTF-8 included (rules.c repairs it, with a warning).
 * - A UTF-16 BOM (FF FE little-endian, FE FF big-endian; Excel's "Unicode
 *   text" is UTF-16LE with TABs) is skipped and the rest converted to UTF-8
 *   block by block (read_text.c); a U+0000 in it is refused like a NUL byte.
 * - Otherwise opts->encoding (windows-1252, iso-8859-1; read_text_legacy
 *   knows the aliases) converts a legacy file; another name is refused when
 *   the reader opens. Bytes that cannot be converted become U+FFFD.
 * - A NUL byte in the UTF-8 text is an error: the file is not a text CSV.
 * - reader_bytes counts bytes of the file: exact for UTF-8, and for converted
 *   text the share of the current block's file bytes already fed.
 *
 * The first line:
 * - "sep=X" (any case, X one byte other than a quote, CR, LF or NUL, then the
 *   end of the line), as Excel writes it, makes X the delimiter; that line is
 *   neither a record nor a title row (info->sep_line).
 * - Otherwise the delimiter is the most frequent of ',' ';' TAB outside
 *   quotes on the first non-blank line of the first block (ties: ','); when
 *   that line has none of them (a title such as "Customer master"), the next
 *   non-blank lines are tried, up to READER_HEADER_SEARCH lines; none: ','.
 *   Lines of spaces and tabs alone are blank here too.
 *
 * Records:
 * - No space trimming by libcsv (csv_set_space_func with a function that
 *   says "never a space"): by default libcsv trims spaces and tabs around
 *   unquoted fields but keeps them inside quotes, so " a " and "\" a \""
 *   would differ; rules.c trims every field once, the same way. As RFC 4180
 *   and Python's csv say, a space before an opening quote (a, "b") makes the
 *   quote part of an unquoted field, which strict mode refuses.
 * - CSV_APPEND_NULL is not used: fields are copied into the record buffer,
 *   which NUL-terminates them.
 * - Blank lines are not records; neither is a line holding only spaces/tabs.
 *
 * The header:
 * - With no required columns, the first record is the header.
 * - Otherwise it is the first record starting on one of the first
 *   READER_HEADER_SEARCH lines (after a sep line; blank lines count) whose
 *   fields, normalized by rules_column_name, hold every required name; the
 *   records above it are title rows, skipped and counted. Until then those
 *   records are held (at most READER_HEADER_SEARCH of them, plus the one
 *   that ends the search; it also ends once they hold READ_CSV_HOLD_MAX
 *   bytes). When the search ends without a header, the first record is the
 *   header after all and the held ones are returned as rows with their own
 *   lines, so the importer names the missing column as it would without
 *   the search.
 * - An empty file (or one with only blank lines) is an error, "file is
 *   empty"; a header alone gives no rows.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "log.h"
#include "read_text.h"
#include "reader_impl.h"
#include "rules.h"
#include "strbuf.h"
#include "xmem.h"

/* libcsv's row state before anything of a row was seen (libcsv.c). */
#define CSV_ROW_NOT_BEGUN	0

/* Bytes of held records that end the header search early. */
#define READ_CSV_HOLD_MAX	(1024 * 1024)

/* A record kept while the header is searched for. */
struct csv_held {
	char			*buf;		/* fields, NUL-separated */
	size_t			*off;
	size_t			*lens;
	size_t			 nf;
	size_t			 line;
};

struct csv_state {
	struct reader_src	*src;
	struct reader_info	*info;
	struct reader_limits	 lim;
	struct csv_parser	 p;
	char			**required;	/* normalized names */
	size_t			 nreq;
	const char		*legacy;	/* opts->encoding, canonical */

	/* The UTF-8 text fed to libcsv, one block at a time. */
	unsigned char		*buf;
	size_t			 buf_len;
	size_t			 buf_pos;
	uint64_t		 blk_start;	/* file bytes before this block */
	uint64_t		 blk_raw;	/* file bytes this block came from */
	int			 started;	/* BOM and delimiter handled */
	int			 eof;		/* the file is all read */
	int			 finished;	/* csv_fini called */
	char			*error;		/* the file failed */

	/* Conversion to UTF-8 (NULL: the file is UTF-8). */
	struct read_text	*dec;
	char			*raw;		/* file bytes not yet converted */
	size_t			 raw_len;
	size_t			 raw_pos;
	int			 raw_eof;

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

	/* The header search: records held, and those to return as rows. */
	struct csv_held		 held[READER_HEADER_SEARCH + 1];
	size_t			 nheld;
	size_t			 held_bytes;
	size_t			 replay;	/* next held record to return */

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

/*
 * Pick the delimiter: the most frequent candidate outside quotes on the first
 * line of text that has any (ties: ','), looking at most READER_HEADER_SEARCH
 * lines; lines of spaces and tabs alone are blank, not looked at.
 */
static unsigned char
read_csv_sniff(const unsigned char *p, size_t len)
{
	static const unsigned char cand[] = { ',', ';', '\t' };
	size_t count[3] = { 0, 0, 0 }, i, k, best, lines = 0;
	int quoted = 0, text = 0;

	for (i = 0; i < len && lines < READER_HEADER_SEARCH; i++) {
		if (p[i] == '"') {
			quoted = !quoted;
			text = 1;
			continue;
		}
		if (quoted)
			continue;
		if (p[i] == '\r' || p[i] == '\n') {
			if (text && count[0] + count[1] + count[2] > 0)
				break;
			if (p[i] == '\n')
				lines++;
			count[0] = count[1] = count[2] = 0;
			text = 0;
			continue;
		}
		if (p[i] != ' ' && p[i] != '\t')
			text = 1;
		for (k = 0; k < 3; k++) {
			if (p[i] == cand[k])
				count[k]++;
		}
	}
	if (!text)
		return ',';
	best = 0;
	for (k = 1; k < 3; k++) {
		if (count[k] > count[best])
			best = k;
	}
	return cand[best];
}

/*
 * A first line "sep=X" names the delimiter: skip it (its LF counted) and
 * return 1; 0 if the text does not start so.
 */
static int
read_csv_sep(struct csv_state *s)
{
	static const char tag[] = "sep=";
	const unsigned char *p = s->buf + s->buf_pos;
	size_t len = s->buf_len - s->buf_pos, n;
	unsigned char x;

	if (len < 5)
		return 0;
	for (n = 0; n < 4; n++) {
		if (tolower(p[n]) != tag[n])
			return 0;
	}
	x = p[4];
	if (x == '"' || x == '\r' || x == '\n' || x == '\0')
		return 0;
	if (len > 5 && p[5] != '\r' && p[5] != '\n')
		return 0;
	n = 5;
	if (n < len && p[n] == '\r')
		n++;
	if (n < len && p[n] == '\n') {
		n++;
		s->line++;
	}
	s->buf_pos += n;
	s->info->delim = (char)x;
	s->info->sep_line = 1;
	return 1;
}

/* Convert the next block of the file into buf: 1, 0 at the end, -1. */
static int
read_csv_decode(struct csv_state *s)
{
	char *cause = NULL, *in, *out;
	size_t inlen, outlen;
	ssize_t got;
	enum read_text_stop stop;

	s->blk_start += s->blk_raw;
	s->blk_raw = 0;
	out = (char *)s->buf;
	outlen = READER_CHUNK;
	for (;;) {
		in = s->raw + s->raw_pos;
		inlen = s->raw_len - s->raw_pos;
		stop = read_text_decode(s->dec, &in, &inlen, &out, &outlen,
		    s->raw_eof);
		s->blk_raw += (size_t)(in - (s->raw + s->raw_pos));
		s->raw_pos = (size_t)(in - s->raw);
		if (stop == READ_TEXT_OUTPUT || s->raw_eof)
			break;
		/* Keep an incomplete character, read more after it. */
		memmove(s->raw, s->raw + s->raw_pos, s->raw_len - s->raw_pos);
		s->raw_len -= s->raw_pos;
		s->raw_pos = 0;
		got = reader_src_read(s->src, s->raw + s->raw_len,
		    READER_CHUNK - s->raw_len, &cause);
		if (got == -1) {
			read_csv_fail(s, cause);
			return -1;
		}
		if (got == 0)
			s->raw_eof = 1;
		s->raw_len += (size_t)got;
	}
	s->buf_len = READER_CHUNK - outlen;
	s->buf_pos = 0;
	if (s->buf_len == 0) {
		s->eof = 1;
		return 0;
	}
	return 1;
}

/* Read the next block of a UTF-8 file into buf: 1, 0 at the end, -1. */
static int
read_csv_read(struct csv_state *s)
{
	char *cause = NULL;
	ssize_t got;

	s->blk_start += s->blk_raw;
	s->blk_raw = 0;
	s->buf_len = s->buf_pos = 0;
	if ((got = reader_src_read(s->src, s->buf, READER_CHUNK, &cause)) <= 0) {
		if (got == -1) {
			read_csv_fail(s, cause);
			return -1;
		}
		s->eof = 1;
		return 0;
	}
	s->buf_len = s->blk_raw = (size_t)got;
	return 1;
}

/*
 * The first block: the BOM or opts->encoding decides the conversion, then
 * the delimiter is found. 1, 0 at the end, -1.
 */
static int
read_csv_start(struct csv_state *s)
{
	const char *enc = s->legacy;
	char *cause = NULL;
	size_t bom = 0;
	int rc;

	s->started = 1;
	if ((rc = read_csv_read(s)) != 1)
		return rc;
	if (s->buf_len >= 3 && memcmp(s->buf, "\xef\xbb\xbf", 3) == 0) {
		bom = 3;
		enc = NULL;
	} else if (s->buf_len >= 2 && s->buf[0] == 0xff && s->buf[1] == 0xfe) {
		bom = 2;
		enc = "UTF-16LE";
	} else if (s->buf_len >= 2 && s->buf[0] == 0xfe && s->buf[1] == 0xff) {
		bom = 2;
		enc = "UTF-16BE";
	}
	if (enc == NULL) {
		s->info->encoding = "UTF-8";
		s->buf_pos = bom;
	} else {
		if ((s->dec = read_text_create(enc, &cause)) == NULL) {
			read_csv_fail(s, cause);
			return -1;
		}
		s->info->encoding = enc;
		s->raw = xmalloc(READER_CHUNK);
		s->raw_len = s->buf_len - bom;
		memcpy(s->raw, s->buf + bom, s->raw_len);
		s->blk_raw = bom;
		if ((rc = read_csv_decode(s)) != 1)
			return rc;
	}
	if (!read_csv_sep(s)) {
		s->info->delim = (char)read_csv_sniff(s->buf + s->buf_pos,
		    s->buf_len - s->buf_pos);
	}
	csv_set_delim(&s->p, (unsigned char)s->info->delim);
	return 1;
}

/* Get the next block of text: 1, 0 at the end of the file, -1 on error. */
static int
read_csv_fill(struct csv_state *s)
{
	if (!s->started)
		return read_csv_start(s);
	if (s->dec != NULL)
		return read_csv_decode(s);
	return read_csv_read(s);
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
			read_csv_fail(s, xasprintf("line %zu: %s in the file; "
			    "it is not a text CSV", s->line, s->dec != NULL ?
			    "NUL character (U+0000)" : "NUL byte"));
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

/* Does the record just read hold every required column? */
static int
read_csv_is_header(const struct csv_state *s)
{
	char **norm;
	size_t i, j;
	int found = 1;

	norm = xreallocarray(NULL, s->nf, sizeof *norm);
	for (j = 0; j < s->nf; j++)
		norm[j] = rules_column_name(s->rec.buf + s->off[j]);
	for (i = 0; i < s->nreq && found; i++) {
		for (j = 0; j < s->nf; j++) {
			if (strcmp(norm[j], s->required[i]) == 0)
				break;
		}
		found = j < s->nf;
	}
	for (j = 0; j < s->nf; j++)
		free(norm[j]);
	free(norm);
	return found;
}

/* Keep a copy of the record just read. */
static void
read_csv_hold(struct csv_state *s)
{
	struct csv_held *h = &s->held[s->nheld++];

	h->buf = xmalloc(s->rec.len);
	memcpy(h->buf, s->rec.buf, s->rec.len);
	h->off = xreallocarray(NULL, s->nf, sizeof *h->off);
	memcpy(h->off, s->off, s->nf * sizeof *h->off);
	h->lens = xreallocarray(NULL, s->nf, sizeof *h->lens);
	memcpy(h->lens, s->lens, s->nf * sizeof *h->lens);
	h->nf = s->nf;
	h->line = s->done_line;
	s->held_bytes += s->rec.len;
}

/* Free the held records. */
static void
read_csv_drop_held(struct csv_state *s)
{
	size_t i;

	for (i = 0; i < s->nheld; i++) {
		free(s->held[i].buf);
		free(s->held[i].off);
		free(s->held[i].lens);
	}
	s->nheld = s->replay = s->held_bytes = 0;
}

/* Make held record i the header (taking its fields). */
static void
read_csv_take_header(struct csv_state *s, size_t i)
{
	struct csv_held *h = &s->held[i];
	size_t j;

	s->hdr = h->buf;
	h->buf = NULL;
	s->header_n = h->nf;
	s->info->header_line = h->line;
	s->names_cap = h->nf;
	s->names = xreallocarray(NULL, s->names_cap, sizeof *s->names);
	for (j = 0; j < h->nf; j++)
		s->names[j] = s->hdr + h->off[j];
	s->have_header = 1;
}

/* The search ends without a header: the first record is the header and
 * the others held are returned as rows. */
static void
read_csv_no_header(struct csv_state *s)
{
	read_csv_take_header(s, 0);
	s->info->title_rows = 0;
	s->replay = 1;
}

/* A non-blank record while the header is not known yet. */
static void
read_csv_search(struct csv_state *s)
{
	size_t last = READER_HEADER_SEARCH + (size_t)s->info->sep_line;

	if (s->nreq == 0 || (s->done_line <= last && read_csv_is_header(s))) {
		read_csv_hold(s);
		read_csv_take_header(s, s->nheld - 1);
		s->info->title_rows = s->nheld - 1;
		read_csv_drop_held(s);
		return;
	}
	read_csv_hold(s);
	if (s->done_line > last || s->held_bytes > READ_CSV_HOLD_MAX ||
	    s->nheld == sizeof s->held / sizeof s->held[0])
		read_csv_no_header(s);
}

/* Point row at a record's fields (valid until the next reader_next). */
static void
read_csv_fill_row(struct csv_state *s, struct reader_row *row,
    const char *buf, const size_t *off, const size_t *lens, size_t nf,
    size_t line)
{
	size_t i;

	if (nf > s->names_cap) {
		s->names = xreallocarray(s->names, nf, sizeof *s->names);
		for (i = s->names_cap; i < nf; i++)
			s->names[i] = NULL;
		s->names_cap = nf;
	}
	s->values = xreallocarray(s->values, nf, sizeof *s->values);
	for (i = 0; i < nf; i++)
		s->values[i] = buf + off[i];
	row->line = line;
	row->n = nf;
	row->header_n = s->header_n;
	row->names = s->names;
	row->values = s->values;
	row->lens = lens;
}

static void *
read_csv_open(struct reader_src *src, const struct reader_limits *lim,
    const struct reader_opts *opts, struct reader_info *info, char **cause)
{
	struct csv_state *s;
	const char *legacy = NULL;
	char *name;
	size_t i;

	if (opts->encoding != NULL &&
	    (legacy = read_text_legacy(opts->encoding)) == NULL) {
		name = reader_printable(opts->encoding, 40);
		*cause = xasprintf("unknown encoding \"%s\": the encodings "
		    "supported are %s (UTF-8, and UTF-16 with a BOM, are read "
		    "without naming one)", name, READ_TEXT_LEGACY_NAMES);
		free(name);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->src = src;
	s->info = info;
	s->legacy = legacy;
	info->encoding = legacy != NULL ? legacy : "UTF-8";
	info->delim = ',';
	if (opts->nreq > 0) {
		s->nreq = opts->nreq;
		s->required = xreallocarray(NULL, s->nreq, sizeof *s->required);
		for (i = 0; i < s->nreq; i++)
			s->required[i] = xstrdup(opts->required[i]);
	}
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
	struct csv_held *h;

	for (;;) {
		if (s->error != NULL) {
			*cause = xstrdup(s->error);
			return -1;
		}
		if (s->replay > 0) {
			if (s->replay < s->nheld) {
				h = &s->held[s->replay++];
				read_csv_fill_row(s, row, h->buf, h->off,
				    h->lens, h->nf, h->line);
				return 1;
			}
			read_csv_drop_held(s);
		}
		if (s->done) {
			s->done = 0;
			if (read_csv_blank(s)) {
				/* a blank line: not a record */
			} else if (!s->have_header) {
				read_csv_search(s);
				continue;
			} else {
				read_csv_fill_row(s, row, s->rec.buf, s->off,
				    s->lens, s->nf, s->done_line);
				return 1;
			}
		}
		if (s->finished) {
			if (!s->have_header) {
				if (s->nheld > 0) {
					read_csv_no_header(s);
					continue;
				}
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

	if (s->buf_len == 0)
		return s->blk_start + s->blk_raw;
	return s->blk_start + s->blk_raw * s->buf_pos / s->buf_len;
}

static void
read_csv_close(void *state)
{
	struct csv_state *s = state;
	size_t i;

	csv_free(&s->p);
	read_text_free(s->dec);
	free(s->raw);
	free(s->buf);
	free(s->error);
	strbuf_free(&s->rec);
	free(s->off);
	free(s->lens);
	free(s->values);
	read_csv_drop_held(s);
	free(s->hdr);
	free(s->names);
	for (i = 0; i < s->nreq; i++)
		free(s->required[i]);
	free(s->required);
	free(s);
}

const struct reader_ops read_csv_ops = {
	.name = "csv",
	.open = read_csv_open,
	.next = read_csv_next,
	.bytes = read_csv_bytes,
	.close = read_csv_close
};
