/*
 * read_xlsx: the XLSX reader, expat over the parts xlsx_zip.c reads; first
 * worksheet only.
 *
 * Only known parts are read: xl/workbook.xml (date1904 and the first
 * sheet's r:id), xl/_rels/workbook.xml.rels (r:id to a part, which must be
 * a plain name under xl/worksheets/), xl/styles.xml (which cell styles are
 * dates), xl/sharedStrings.xml (loaded into memory) and the worksheet,
 * which is streamed one <row> at a time like the XML reader.
 *
 * The parts come from xlsx_zip.c, which owns the ZIP package and its caps
 * (signature, entry count, bytes really inflated, inflation ratio). Every
 * part goes through the hardened expat of read_xml.c.
 *
 * Cells: shared strings, inline strings, formula strings and errors as
 * text; booleans as TRUE/FALSE; numbers as the shortest decimal that reads
 * back the same, integers without ".0"; numbers styled as dates (built-in
 * formats 14-22 or a custom format with d, m or y) as YYYY-MM-DD, or
 * YYYY-MM-DDTHH:MM:SS when there is a time of day, honouring date1904.
 * Missing cells are "", a row is at least as wide as the header, wholly
 * empty rows are skipped, the first non-empty row is the header, and a
 * row's line is its row number.
 */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "reader_impl.h"
#include "strbuf.h"
#include "xlsx_zip.h"
#include "xmem.h"

/* Excel's own limits. */
#define XLSX_MAX_ROW		1048576
#define XLSX_MAX_COL		16384
/* More cell styles than Excel allows (64000) is not a real workbook. */
#define XLSX_MAX_XF		65536

enum xlsx_cell {
	XLSX_NUMBER,
	XLSX_SHARED,
	XLSX_INLINE,
	XLSX_TEXT,	/* str, e, d: the <v> text as is */
	XLSX_BOOL
};

struct xlsx_state;

/* What one part's handlers do; the wrappers count depth and check errors. */
struct xlsx_part_ops {
	void	(*start)(struct xlsx_state *, const char *, const char **);
	void	(*end)(struct xlsx_state *, const char *);
	void	(*text)(struct xlsx_state *, const char *, size_t);
};

struct xlsx_state {
	char			*path;
	struct reader_limits	 lim;
	struct xlsx_zip		*zip;
	uint64_t		 bytes;		/* zip file position (progress) */

	/* The part being parsed. */
	const char		*part;
	struct read_xml_guard	 g;
	const struct xlsx_part_ops *ops;
	size_t			 depth;
	int			 failed;	/* a handler set the message */

	/* workbook.xml and its rels. */
	int			 date1904;
	int			 in_sheets;
	char			*sheet_rid;
	char			*sheet_name;
	char			*sheet_target;
	char			*sheet_part;

	/* styles.xml. */
	int			 in_numfmts;
	int			 in_cellxfs;
	unsigned		*date_fmts;	/* custom numFmtIds that are dates */
	size_t			 n_date_fmts;
	unsigned		*xf_fmt;	/* numFmtId of each cellXfs entry */
	size_t			 n_xf;
	unsigned char		*xf_date;

	/* sharedStrings.xml. */
	struct strbuf		 sst;
	size_t			*sst_off;
	size_t			*sst_len;
	size_t			 n_sst;
	size_t			 cap_sst;
	int			 in_si;
	int			 in_t;
	int			 in_rph;
	size_t			 si_off;

	/* The worksheet. */
	int			 suspended;
	int			 final_sent;
	int			 done;
	int			 in_data;
	int			 in_row;
	int			 in_cell;
	int			 in_v;
	int			 in_is;
	size_t			 row_num;
	size_t			 col;		/* column of the current cell */
	size_t			 ncells;	/* cells seen in this row */
	enum xlsx_cell		 cell_type;
	size_t			 cell_style;
	struct strbuf		 cell;		/* text of <v> or <is> */
	struct strbuf		 arena;		/* this row's values */
	size_t			*col_off;
	size_t			*col_len;
	unsigned		*col_gen;	/* == gen: set in this row */
	size_t			 cap_col;
	unsigned		 gen;
	size_t			 width;		/* last non-empty column + 1 */
	int			 row_ready;

	/* Header and the row handed out. */
	char			*hdr;
	size_t			 hdr_len;
	const char		**names;
	size_t			 names_cap;
	size_t			 header_n;
	int			 have_header;
	const char		**values;
	size_t			*lens;
};

/* Record a handler's message (allocated, taken) and stop the parser. */
static void
xlsx_fail(struct xlsx_state *x, char *msg)
{
	x->failed = 1;
	read_xml_guard_fail(&x->g, msg);
}

static unsigned long long
xlsx_line(const struct xlsx_state *x)
{
	return (unsigned long long)XML_GetCurrentLineNumber(x->g.parser);
}

static const char *
xlsx_attr(const char **attr, const char *local)
{
	for (; attr[0] != NULL; attr += 2) {
		if (strcmp(read_xml_local(attr[0]), local) == 0)
			return attr[1];
	}
	return NULL;
}

/* Parse a decimal size_t; -1 if s is not one. */
static int
xlsx_size(const char *s, size_t *out)
{
	size_t v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
			return -1;
		v = v * 10 + (size_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* ---- expat wrappers */

static void XMLCALL
xlsx_xml_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
	struct read_xml_guard *g = ud;
	struct xlsx_state *x = g->user;

	if (g->error != NULL)
		return;
	if (++x->depth > x->lim.max_depth) {
		xlsx_fail(x, xasprintf("XLSX part %s, line %llu: elements "
		    "nested deeper than %zu levels", x->part, xlsx_line(x),
		    x->lim.max_depth));
		return;
	}
	if (x->ops->start != NULL)
		x->ops->start(x, read_xml_local(name), attr);
}

static void XMLCALL
xlsx_xml_end(void *ud, const XML_Char *name)
{
	struct read_xml_guard *g = ud;
	struct xlsx_state *x = g->user;

	if (g->error != NULL)
		return;
	if (x->ops->end != NULL)
		x->ops->end(x, read_xml_local(name));
	x->depth--;
}

static void XMLCALL
xlsx_xml_text(void *ud, const XML_Char *s, int len)
{
	struct read_xml_guard *g = ud;
	struct xlsx_state *x = g->user;

	if (g->error == NULL && x->ops->text != NULL)
		x->ops->text(x, s, (size_t)len);
}

/* The message after expat returned an error, prefixed by the part. */
static char *
xlsx_xml_cause(struct xlsx_state *x)
{
	char *msg, *out;

	if (x->failed)
		return read_xml_guard_cause(&x->g, NULL);
	msg = read_xml_guard_cause(&x->g, NULL);
	out = xasprintf("XLSX part %s, %s", x->part, msg);
	free(msg);
	return out;
}

/* ---- parts */

/* Open a part for parsing: 0 open, 1 absent (and not required), -1 error. */
static int
xlsx_part_open(struct xlsx_state *x, const char *name, int required,
    char **cause)
{
	int rc;

	if ((rc = xlsx_zip_part_open(x->zip, name, required, cause)) == 0)
		x->part = name;
	return rc;
}

static int
xlsx_guard(struct xlsx_state *x, const struct xlsx_part_ops *ops,
    char **cause)
{
	if (read_xml_guard_init(&x->g, x->lim.max_xml_alloc, x, cause) != 0)
		return -1;
	XML_SetElementHandler(x->g.parser, xlsx_xml_start, xlsx_xml_end);
	XML_SetCharacterDataHandler(x->g.parser, xlsx_xml_text);
	x->ops = ops;
	x->depth = 0;
	x->failed = 0;
	return 0;
}

/* Parse a whole part with ops: 0 done, 1 absent (not required), -1 error. */
static int
xlsx_parse_part(struct xlsx_state *x, const char *name, int required,
    const struct xlsx_part_ops *ops, char **cause)
{
	enum XML_Status st;
	void *buf;
	size_t n;
	int rc;

	if ((rc = xlsx_part_open(x, name, required, cause)) != 0)
		return rc;
	if (xlsx_guard(x, ops, cause) != 0)
		goto err;
	for (;;) {
		buf = read_xml_guard_buffer(&x->g, READER_CHUNK);
		if (buf == NULL) {
			*cause = xlsx_xml_cause(x);
			goto err;
		}
		if (xlsx_zip_part_read(x->zip, buf, READER_CHUNK, &n,
		    cause) != 0)
			goto err;
		st = read_xml_guard_parse(&x->g, n, n == 0);
		if (st == XML_STATUS_ERROR) {
			*cause = xlsx_xml_cause(x);
			goto err;
		}
		if (n == 0)
			break;
	}
	read_xml_guard_free(&x->g);
	return xlsx_zip_part_close(x->zip, cause);

err:
	read_xml_guard_free(&x->g);
	xlsx_zip_part_abandon(x->zip);
	return -1;
}

/* ---- workbook.xml and workbook.xml.rels */

static void
xlsx_wb_start(struct xlsx_state *x, const char *name, const char **attr)
{
	const char *v;
	size_t i;

	if (strcmp(name, "workbookPr") == 0) {
		v = xlsx_attr(attr, "date1904");
		x->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
	} else if (strcmp(name, "sheets") == 0)
		x->in_sheets = 1;
	else if (x->in_sheets && strcmp(name, "sheet") == 0 &&
	    x->sheet_rid == NULL) {
		/* The relationship id is the prefixed "id" (r:id). */
		for (i = 0; attr[i] != NULL; i += 2) {
			if (strchr(attr[i], ':') != NULL &&
			    strcmp(read_xml_local(attr[i]), "id") == 0)
				x->sheet_rid = xstrdup(attr[i + 1]);
		}
		if ((v = xlsx_attr(attr, "name")) != NULL)
			x->sheet_name = xstrdup(v);
		if (x->sheet_rid == NULL) {
			xlsx_fail(x, xasprintf("XLSX part %s, line %llu: the "
			    "first sheet has no r:id", x->part, xlsx_line(x)));
		}
	}
}

static void
xlsx_wb_end(struct xlsx_state *x, const char *name)
{
	if (strcmp(name, "sheets") == 0)
		x->in_sheets = 0;
}

static const struct xlsx_part_ops xlsx_wb_ops = {
	xlsx_wb_start, xlsx_wb_end, NULL
};

static void
xlsx_rels_start(struct xlsx_state *x, const char *name, const char **attr)
{
	const char *id, *target;

	if (strcmp(name, "Relationship") != 0 || x->sheet_target != NULL)
		return;
	id = xlsx_attr(attr, "Id");
	target = xlsx_attr(attr, "Target");
	if (id != NULL && target != NULL && strcmp(id, x->sheet_rid) == 0)
		x->sheet_target = xstrdup(target);
}

static const struct xlsx_part_ops xlsx_rels_ops = {
	xlsx_rels_start, NULL, NULL
};

/* Resolve the sheet's target to a part name under xl/worksheets/. */
static int
xlsx_sheet_part(struct xlsx_state *x, char **cause)
{
	static const char dir[] = "xl/worksheets/";
	const char *t = x->sheet_target, *base;
	char *full, *safe;
	size_t i;

	if (t[0] == '/')
		full = xstrdup(t + 1);
	else
		full = xasprintf("xl/%s", t);
	if (strncmp(full, dir, sizeof dir - 1) != 0)
		goto bad;
	base = full + sizeof dir - 1;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		goto bad;
	for (i = 0; base[i] != '\0'; i++) {
		if (!((base[i] >= 'a' && base[i] <= 'z') ||
		    (base[i] >= 'A' && base[i] <= 'Z') ||
		    (base[i] >= '0' && base[i] <= '9') ||
		    base[i] == '_' || base[i] == '-' || base[i] == '.'))
			goto bad;
	}
	x->sheet_part = full;
	return 0;

bad:
	safe = reader_printable(t, 80);
	*cause = xasprintf("the first sheet of the workbook is \"%s\", not a "
	    "worksheet part under %s", safe, dir);
	free(safe);
	free(full);
	return -1;
}

/* ---- styles.xml */

/* Does a custom number format show a date (d, m or y outside quotes and []). */
static int
xlsx_date_format(const char *f)
{
	int quoted = 0, bracket = 0;

	for (; *f != '\0'; f++) {
		if (quoted) {
			if (*f == '"')
				quoted = 0;
		} else if (bracket) {
			if (*f == ']')
				bracket = 0;
		} else if (*f == '"')
			quoted = 1;
		else if (*f == '[')
			bracket = 1;
		else if (*f == '\\' || *f == '_' || *f == '*') {
			if (f[1] != '\0')
				f++;
		} else if (strchr("dDmMyY", *f) != NULL)
			return 1;
	}
	return 0;
}

static void
xlsx_styles_start(struct xlsx_state *x, const char *name, const char **attr)
{
	const char *code;
	size_t id;

	if (strcmp(name, "numFmts") == 0)
		x->in_numfmts = 1;
	else if (strcmp(name, "cellXfs") == 0)
		x->in_cellxfs = 1;
	else if (x->in_numfmts && strcmp(name, "numFmt") == 0) {
		code = xlsx_attr(attr, "formatCode");
		if (xlsx_size(xlsx_attr(attr, "numFmtId"), &id) != 0 ||
		    code == NULL || id > UINT32_MAX || !xlsx_date_format(code))
			return;
		if (x->n_date_fmts == XLSX_MAX_XF) {
			xlsx_fail(x, xasprintf("XLSX part %s: more than %d "
			    "number formats", x->part, XLSX_MAX_XF));
			return;
		}
		x->date_fmts = xreallocarray(x->date_fmts, x->n_date_fmts + 1,
		    sizeof *x->date_fmts);
		x->date_fmts[x->n_date_fmts++] = (unsigned)id;
	} else if (x->in_cellxfs && strcmp(name, "xf") == 0) {
		if (xlsx_size(xlsx_attr(attr, "numFmtId"), &id) != 0 ||
		    id > UINT32_MAX)
			id = 0;
		if (x->n_xf == XLSX_MAX_XF) {
			xlsx_fail(x, xasprintf("XLSX part %s: more than %d "
			    "cell styles", x->part, XLSX_MAX_XF));
			return;
		}
		if ((x->n_xf & (x->n_xf - 1)) == 0) {
			x->xf_fmt = xreallocarray(x->xf_fmt,
			    x->n_xf == 0 ? 1 : x->n_xf * 2, sizeof *x->xf_fmt);
		}
		x->xf_fmt[x->n_xf++] = (unsigned)id;
	}
}

static void
xlsx_styles_end(struct xlsx_state *x, const char *name)
{
	if (strcmp(name, "numFmts") == 0)
		x->in_numfmts = 0;
	else if (strcmp(name, "cellXfs") == 0)
		x->in_cellxfs = 0;
}

static const struct xlsx_part_ops xlsx_styles_ops = {
	xlsx_styles_start, xlsx_styles_end, NULL
};

/* Mark which cell styles are dates, once styles.xml is read. */
static void
xlsx_styles_resolve(struct xlsx_state *x)
{
	size_t i, j;
	unsigned id;

	if (x->n_xf == 0)
		return;
	x->xf_date = xcalloc(x->n_xf, 1);
	for (i = 0; i < x->n_xf; i++) {
		id = x->xf_fmt[i];
		if (id >= 14 && id <= 22)
			x->xf_date[i] = 1;
		for (j = 0; j < x->n_date_fmts; j++) {
			if (x->date_fmts[j] == id)
				x->xf_date[i] = 1;
		}
	}
}

/* ---- sharedStrings.xml */

static void
xlsx_sst_start(struct xlsx_state *x, const char *name, const char **attr)
{
	if (strcmp(name, "si") == 0) {
		x->in_si = 1;
		x->si_off = x->sst.len;
	} else if (strcmp(name, "rPh") == 0)
		x->in_rph = 1;
	else if (x->in_si && !x->in_rph && strcmp(name, "t") == 0)
		x->in_t = 1;
}

static void
xlsx_sst_end(struct xlsx_state *x, const char *name)
{
	if (strcmp(name, "t") == 0)
		x->in_t = 0;
	else if (strcmp(name, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(name, "si") == 0 && x->in_si) {
		if (x->n_sst == x->cap_sst) {
			x->cap_sst = x->cap_sst == 0 ? 64 : x->cap_sst * 2;
			x->sst_off = xreallocarray(x->sst_off, x->cap_sst,
			    sizeof *x->sst_off);
			x->sst_len = xreallocarray(x->sst_len, x->cap_sst,
			    sizeof *x->sst_len);
		}
		x->sst_off[x->n_sst] = x->si_off;
		x->sst_len[x->n_sst] = x->sst.len - x->si_off;
		x->n_sst++;
		strbuf_putc(&x->sst, '\0');
		x->in_si = 0;
	}
}

static void
xlsx_sst_text(struct xlsx_state *x, const char *s, size_t len)
{
	if (!x->in_si || !x->in_t)
		return;
	if (len > x->lim.max_field - (x->sst.len - x->si_off)) {
		xlsx_fail(x, xasprintf("XLSX part %s, line %llu: shared string "
		    "%zu is longer than %zu bytes", x->part, xlsx_line(x),
		    x->n_sst, x->lim.max_field));
		return;
	}
	strbuf_add(&x->sst, s, len);
}

static const struct xlsx_part_ops xlsx_sst_ops = {
	xlsx_sst_start, xlsx_sst_end, xlsx_sst_text
};

/* ---- cell values */

static int64_t
xlsx_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
xlsx_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* A date serial as YYYY-MM-DD[THH:MM:SS]; -1 if out of Excel's range. */
static int
xlsx_date(double serial, int date1904, struct strbuf *out)
{
	int64_t days, secs, base, y;
	unsigned m, d;

	if (!(serial >= 0 && serial < 2958466))
		return -1;
	days = (int64_t)serial;
	secs = (int64_t)((serial - (double)days) * 86400.0 + 0.5);
	if (secs >= 86400) {
		days++;
		secs = 0;
	}
	if (date1904)
		base = xlsx_days_from_civil(1904, 1, 1);
	else if (days < 60)	/* before Excel's phantom 1900-02-29 */
		base = xlsx_days_from_civil(1899, 12, 31);
	else
		base = xlsx_days_from_civil(1899, 12, 30);
	xlsx_civil_from_days(base + days, &y, &m, &d);
	strbuf_printf(out, "%04lld-%02u-%02u", (long long)y, m, d);
	if (secs != 0) {
		strbuf_printf(out, "T%02d:%02d:%02d", (int)(secs / 3600),
		    (int)(secs / 60 % 60), (int)(secs % 60));
	}
	return 0;
}

/* strtod that reads '.' whatever LC_NUMERIC says; -1 if s is not a number. */
static int
xlsx_strtod(const char *s, double *out)
{
	const char *dp = localeconv()->decimal_point;
	char tmp[64], *end;
	size_t len = strlen(s), i;

	if (len == 0 || len >= sizeof tmp)
		return -1;
	memcpy(tmp, s, len + 1);
	for (i = 0; i < len; i++) {
		if (tmp[i] == '.' && dp[0] != '\0' && dp[1] == '\0')
			tmp[i] = dp[0];
		else if (tmp[i] == ',' || tmp[i] == ' ')
			return -1;
	}
	*out = strtod(tmp, &end);
	if (*end != '\0')
		return -1;
	return *out - *out == 0 ? 0 : -1;	/* finite */
}

/* The shortest "%.Ng" that reads back as v, with '.' as decimal point. */
static void
xlsx_shortest(double v, struct strbuf *out)
{
	const char *dp = localeconv()->decimal_point;
	char tmp[64];
	double back;
	int prec;
	size_t i;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		for (i = 0; tmp[i] != '\0'; i++) {
			if (dp[0] != '\0' && dp[1] == '\0' && tmp[i] == dp[0])
				tmp[i] = '.';
		}
		if (xlsx_strtod(tmp, &back) == 0 && back == v)
			break;
	}
	strbuf_puts(out, tmp);
}

/* Is s an optional '-' or '+' then decimal digits only? */
static int
xlsx_is_integer(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
	}
	return 1;
}

/* A number cell's text as shown: integers exact, dates by style. */
static void
xlsx_number(struct xlsx_state *x, const char *raw, struct strbuf *out)
{
	const char *s = raw;
	double v;
	int neg;

	if (*s == '\0')
		return;
	if (x->cell_style < x->n_xf && x->xf_date != NULL &&
	    x->xf_date[x->cell_style] && xlsx_strtod(s, &v) == 0 &&
	    xlsx_date(v, x->date1904, out) == 0)
		return;
	if (xlsx_is_integer(s)) {
		/* Exact, even past 2^53: no trip through double. */
		neg = *s == '-';
		if (*s == '-' || *s == '+')
			s++;
		while (s[0] == '0' && s[1] != '\0')
			s++;
		if (neg && strcmp(s, "0") != 0)
			strbuf_putc(out, '-');
		strbuf_puts(out, s);
		return;
	}
	if (xlsx_strtod(s, &v) != 0) {
		strbuf_puts(out, raw);	/* not a number: as it came */
		return;
	}
	if (v == 0)
		strbuf_putc(out, '0');
	else if (v > -9007199254740992.0 && v < 9007199254740992.0 &&
	    v == (double)(int64_t)v)
		strbuf_printf(out, "%lld", (long long)(int64_t)v);
	else
		xlsx_shortest(v, out);
}

/* ---- the worksheet */

/* "C5" -> 2; -1 if ref does not start with a column (A to XFD). */
static int
xlsx_ref_col(const char *ref, size_t *col)
{
	size_t c = 0, n;

	for (n = 0; ref[n] >= 'A' && ref[n] <= 'Z'; n++) {
		if (n == 3)
			return -1;
		c = c * 26 + (size_t)(ref[n] - 'A' + 1);
	}
	if (n == 0 || c > XLSX_MAX_COL)
		return -1;
	*col = c - 1;
	return 0;
}

static void
xlsx_sheet_start(struct xlsx_state *x, const char *name, const char **attr)
{
	const char *v;
	char *safe;
	size_t num;

	if (strcmp(name, "sheetData") == 0) {
		x->in_data = 1;
		return;
	}
	if (!x->in_data)
		return;
	if (strcmp(name, "row") == 0) {
		v = xlsx_attr(attr, "r");
		if (v == NULL)
			num = x->row_num + 1;
		else if (xlsx_size(v, &num) != 0 || num == 0 ||
		    num > XLSX_MAX_ROW) {
			safe = reader_printable(v, 32);
			xlsx_fail(x, xasprintf("XLSX part %s, line %llu: bad "
			    "row number \"%s\"", x->part, xlsx_line(x), safe));
			free(safe);
			return;
		}
		x->row_num = num;
		x->in_row = 1;
		x->col = (size_t)-1;
		x->ncells = 0;
		x->width = 0;
		x->gen++;
		strbuf_reset(&x->arena);
		return;
	}
	if (!x->in_row)
		return;
	if (strcmp(name, "c") == 0) {
		v = xlsx_attr(attr, "r");
		if (v == NULL)
			num = x->col + 1;
		else if (xlsx_ref_col(v, &num) != 0) {
			safe = reader_printable(v, 32);
			xlsx_fail(x, xasprintf("sheet row %zu: bad cell "
			    "reference \"%s\"", x->row_num, safe));
			free(safe);
			return;
		}
		/* Repeated references must not grow a row without bound. */
		if (num >= x->lim.max_columns ||
		    ++x->ncells > x->lim.max_columns) {
			xlsx_fail(x, xasprintf("sheet row %zu: more than %zu "
			    "columns", x->row_num, x->lim.max_columns));
			return;
		}
		x->col = num;
		x->cell_type = XLSX_NUMBER;
		if ((v = xlsx_attr(attr, "t")) != NULL) {
			if (strcmp(v, "s") == 0)
				x->cell_type = XLSX_SHARED;
			else if (strcmp(v, "inlineStr") == 0)
				x->cell_type = XLSX_INLINE;
			else if (strcmp(v, "b") == 0)
				x->cell_type = XLSX_BOOL;
			else if (strcmp(v, "n") != 0)
				x->cell_type = XLSX_TEXT;
		}
		if (xlsx_size(xlsx_attr(attr, "s"), &x->cell_style) != 0)
			x->cell_style = 0;
		x->in_cell = 1;
		strbuf_reset(&x->cell);
	} else if (!x->in_cell)
		return;
	else if (strcmp(name, "v") == 0)
		x->in_v = 1;
	else if (strcmp(name, "is") == 0)
		x->in_is = 1;
	else if (strcmp(name, "rPh") == 0)
		x->in_rph = 1;
	else if (x->in_is && !x->in_rph && strcmp(name, "t") == 0)
		x->in_t = 1;
}

/* Store the finished cell's value in the row. */
static void
xlsx_cell_done(struct xlsx_state *x)
{
	const char *raw = strbuf_str(&x->cell);
	size_t idx, off = x->arena.len, n;

	/* A cell without a value (only styled) is "" whatever its type. */
	switch (*raw == '\0' ? XLSX_TEXT : x->cell_type) {
	case XLSX_SHARED:
		if (xlsx_size(raw, &idx) != 0) {
			xlsx_fail(x, xasprintf("sheet row %zu: a cell has a "
			    "bad shared string index", x->row_num));
			return;
		}
		if (idx >= x->n_sst) {
			xlsx_fail(x, xasprintf("sheet row %zu: a cell refers "
			    "to shared string %zu, but the workbook has %zu",
			    x->row_num, idx, x->n_sst));
			return;
		}
		strbuf_add(&x->arena, x->sst.buf + x->sst_off[idx],
		    x->sst_len[idx]);
		break;
	case XLSX_BOOL:
		if (strcmp(raw, "1") == 0)
			strbuf_puts(&x->arena, "TRUE");
		else if (strcmp(raw, "0") == 0)
			strbuf_puts(&x->arena, "FALSE");
		else
			strbuf_puts(&x->arena, raw);
		break;
	case XLSX_NUMBER:
		xlsx_number(x, raw, &x->arena);
		break;
	case XLSX_INLINE:
	case XLSX_TEXT:
		strbuf_add(&x->arena, raw, x->cell.len);
		break;
	}
	if (x->col >= x->cap_col) {
		n = x->cap_col == 0 ? 16 : x->cap_col;
		while (n <= x->col)
			n *= 2;
		x->col_off = xreallocarray(x->col_off, n, sizeof *x->col_off);
		x->col_len = xreallocarray(x->col_len, n, sizeof *x->col_len);
		x->col_gen = xreallocarray(x->col_gen, n, sizeof *x->col_gen);
		memset(x->col_gen + x->cap_col, 0,
		    (n - x->cap_col) * sizeof *x->col_gen);
		x->cap_col = n;
	}
	x->col_off[x->col] = off;
	x->col_len[x->col] = x->arena.len - off;
	x->col_gen[x->col] = x->gen;
	strbuf_putc(&x->arena, '\0');
	if (x->col_len[x->col] > 0 && x->col + 1 > x->width)
		x->width = x->col + 1;
}

static void
xlsx_sheet_end(struct xlsx_state *x, const char *name)
{
	if (strcmp(name, "sheetData") == 0)
		x->in_data = 0;
	else if (!x->in_data)
		return;
	else if (strcmp(name, "row") == 0 && x->in_row) {
		x->in_row = 0;
		x->row_ready = 1;
		read_xml_guard_suspend(&x->g);
	} else if (strcmp(name, "c") == 0 && x->in_cell) {
		x->in_cell = x->in_v = x->in_is = x->in_t = x->in_rph = 0;
		xlsx_cell_done(x);
	} else if (strcmp(name, "v") == 0)
		x->in_v = 0;
	else if (strcmp(name, "is") == 0)
		x->in_is = 0;
	else if (strcmp(name, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(name, "t") == 0)
		x->in_t = 0;
}

static void
xlsx_sheet_text(struct xlsx_state *x, const char *s, size_t len)
{
	if (!x->in_cell || !(x->in_v || (x->in_is && x->in_t && !x->in_rph)))
		return;
	if (len > x->lim.max_field - x->cell.len) {
		xlsx_fail(x, xasprintf("sheet row %zu: a cell is longer than "
		    "%zu bytes", x->row_num, x->lim.max_field));
		return;
	}
	strbuf_add(&x->cell, s, len);
}

static const struct xlsx_part_ops xlsx_sheet_ops = {
	xlsx_sheet_start, xlsx_sheet_end, xlsx_sheet_text
};

static const char *
xlsx_value(const struct xlsx_state *x, size_t i, size_t *len)
{
	if (i < x->cap_col && x->col_gen[i] == x->gen) {
		*len = x->col_len[i];
		return x->arena.buf + x->col_off[i];
	}
	*len = 0;
	return "";
}

static void
xlsx_take_header(struct xlsx_state *x)
{
	size_t i, len, pos = 0;
	const char *v;

	x->header_n = x->width;
	x->hdr_len = 0;
	for (i = 0; i < x->width; i++) {
		xlsx_value(x, i, &len);
		x->hdr_len += len + 1;
	}
	x->hdr = xmalloc(x->hdr_len);
	x->names_cap = x->width;
	x->names = xreallocarray(NULL, x->names_cap, sizeof *x->names);
	for (i = 0; i < x->width; i++) {
		v = xlsx_value(x, i, &len);
		memcpy(x->hdr + pos, v, len + 1);
		x->names[i] = x->hdr + pos;
		pos += len + 1;
	}
	x->have_header = 1;
}

static void
xlsx_fill_row(struct xlsx_state *x, struct reader_row *row)
{
	size_t i, n = x->width > x->header_n ? x->width : x->header_n;

	if (n > x->names_cap) {
		x->names = xreallocarray(x->names, n, sizeof *x->names);
		for (i = x->names_cap; i < n; i++)
			x->names[i] = NULL;
		x->names_cap = n;
	}
	x->values = xreallocarray(x->values, n, sizeof *x->values);
	x->lens = xreallocarray(x->lens, n, sizeof *x->lens);
	for (i = 0; i < n; i++)
		x->values[i] = xlsx_value(x, i, &x->lens[i]);
	row->line = x->row_num;
	row->n = n;
	row->header_n = x->header_n;
	row->names = x->names;
	row->values = x->values;
	row->lens = x->lens;
}

/* ---- the reader */

static void
xlsx_free(struct xlsx_state *x)
{
	read_xml_guard_free(&x->g);
	xlsx_zip_close(x->zip);
	free(x->path);
	free(x->sheet_rid);
	free(x->sheet_name);
	free(x->sheet_target);
	free(x->sheet_part);
	free(x->date_fmts);
	free(x->xf_fmt);
	free(x->xf_date);
	strbuf_free(&x->sst);
	free(x->sst_off);
	free(x->sst_len);
	strbuf_free(&x->cell);
	strbuf_free(&x->arena);
	free(x->col_off);
	free(x->col_len);
	free(x->col_gen);
	free(x->hdr);
	free(x->names);
	free(x->values);
	free(x->lens);
	free(x);
}

static void *
read_xlsx_open(struct reader_src *src, const struct reader_limits *lim,
    const struct reader_opts *opts, struct reader_info *info, char **cause)
{
	struct xlsx_state *x;
	struct xlsx_zip *zip;

	/* A ZIP is read from its end: hash it all first, then read it
	 * through the same descriptor. */
	if (reader_src_finish(src, cause) == -1 ||
	    (zip = xlsx_zip_open(src, lim, cause)) == NULL)
		return NULL;
	info->encoding = "UTF-8";
	x = xcalloc(1, sizeof *x);
	x->zip = zip;
	x->path = xstrdup(src->path);
	x->lim = *lim;
	strbuf_init(&x->sst);
	strbuf_init(&x->cell);
	strbuf_init(&x->arena);

	if (xlsx_parse_part(x, "xl/workbook.xml", 1, &xlsx_wb_ops, cause) != 0)
		goto err;
	if (x->sheet_rid == NULL) {
		*cause = xstrdup("workbook has no worksheet");
		goto err;
	}
	if (xlsx_parse_part(x, "xl/_rels/workbook.xml.rels", 1, &xlsx_rels_ops,
	    cause) != 0)
		goto err;
	if (x->sheet_target == NULL) {
		*cause = xstrdup("workbook has no worksheet (the first sheet's "
		    "relationship is missing)");
		goto err;
	}
	if (xlsx_sheet_part(x, cause) != 0)
		goto err;
	if (xlsx_parse_part(x, "xl/styles.xml", 0, &xlsx_styles_ops,
	    cause) == -1)
		goto err;
	xlsx_styles_resolve(x);
	if (xlsx_parse_part(x, "xl/sharedStrings.xml", 0, &xlsx_sst_ops,
	    cause) == -1)
		goto err;

	x->in_si = x->in_t = x->in_rph = 0;
	if (xlsx_part_open(x, x->sheet_part, 1, cause) != 0)
		goto err;
	if (xlsx_guard(x, &xlsx_sheet_ops, cause) != 0)
		goto err;
	return x;

err:
	xlsx_free(x);
	return NULL;
}

static int
read_xlsx_next(void *state, struct reader_row *row, char **cause)
{
	struct xlsx_state *x = state;
	enum XML_Status st;
	void *buf;
	size_t n;

	for (;;) {
		if (x->row_ready) {
			x->row_ready = 0;
			if (x->width == 0)
				continue;	/* an empty row */
			if (!x->have_header) {
				xlsx_take_header(x);
				continue;
			}
			xlsx_fill_row(x, row);
			return 1;
		}
		if (x->done) {
			if (!x->have_header) {
				*cause = xasprintf("the first worksheet (%s) "
				    "is empty", x->sheet_part);
				return -1;
			}
			return 0;
		}
		if (x->suspended)
			st = read_xml_guard_resume(&x->g);
		else if (x->final_sent) {
			if (xlsx_zip_part_close(x->zip, cause) != 0)
				return -1;
			x->done = 1;
			continue;
		} else {
			if ((buf = read_xml_guard_buffer(&x->g,
			    READER_CHUNK)) == NULL) {
				*cause = xlsx_xml_cause(x);
				return -1;
			}
			if (xlsx_zip_part_read(x->zip, buf, READER_CHUNK, &n,
			    cause) != 0)
				return -1;
			x->bytes = xlsx_zip_position(x->zip);
			x->final_sent = n == 0;
			st = read_xml_guard_parse(&x->g, n, x->final_sent);
		}
		if (st == XML_STATUS_ERROR) {
			*cause = xlsx_xml_cause(x);
			return -1;
		}
		x->suspended = st == XML_STATUS_SUSPENDED;
	}
}

static uint64_t
read_xlsx_bytes(const void *state)
{
	const struct xlsx_state *x = state;

	return x->bytes;
}

static void
read_xlsx_close(void *state)
{
	xlsx_free(state);
}

const struct reader_ops read_xlsx_ops = {
	"xlsx",
	read_xlsx_open,
	read_xlsx_next,
	read_xlsx_bytes,
	read_xlsx_close
};
