/*
 * read_xlsx: the XLSX reader, expat over the parts xlsx_zip.c reads.
 *
 * Only known parts are read (read_xlsx_book.c): xl/workbook.xml (date1904
 * and the sheets in workbook order), xl/_rels/workbook.xml.rels (each
 * sheet's r:id to a part, which must be a plain name under xl/worksheets/;
 * chart, dialog and macro sheets are passed over), xl/styles.xml (which
 * cell styles are dates), xl/sharedStrings.xml (loaded into memory, grown
 * only by the strings really read, never by the count the part declares,
 * and capped by max_shared) and worksheets, streamed one <row> at a time
 * like the XML reader.
 *
 * The sheet and its header (doc/DESIGN.md section 2): the header is the first
 * row, among the first READER_HEADER_SEARCH rows by row number (rows
 * missing or empty count), that holds every required column after
 * rules_column_name; with none required, the first non-empty row. Without
 * opts->sheet the first sheet in workbook order with such a header is read;
 * scanning a sheet reads its rows up to the first one numbered past the
 * search, then the chosen sheet's part is opened again and streamed. When
 * no sheet has the header, the first sheet with a non-empty row (among
 * those scanned) is read with that row as header, so that the importer
 * names the missing column. opts->sheet names the sheet (exactly, or
 * case-insensitively if that matches one sheet); an unknown name is an
 * error listing the sheets. Non-empty rows above the header are title
 * rows, skipped and counted in info->title_rows; info->header_line is the
 * header's row number and info->sheet the sheet's name.
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
 * empty rows are skipped, and a row's line is its row number.
 */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "datetime.h"
#include "read_xlsx_impl.h"
#include "reader_impl.h"
#include "rules.h"
#include "strbuf.h"
#include "xlsx_zip.h"
#include "xmem.h"

/* Excel's own limits. */
#define XLSX_MAX_ROW		1048576
#define XLSX_MAX_COL		16384
/* Sheet names listed in the message for an unknown --sheet. */
#define XLSX_LIST_SHEETS	20

/* ---- cell values */

/* A date serial as YYYY-MM-DD[THH:MM:SS]; -1 if out of Excel's range. */
static int
xlsx_date(double serial, int date1904, struct strbuf *out)
{
	int64_t days, secs, base;
	char date[11];

	if (!(serial >= 0 && serial < 2958466))
		return -1;
	days = (int64_t)serial;
	secs = (int64_t)((serial - (double)days) * 86400.0 + 0.5);
	if (secs >= 86400) {
		days++;
		secs = 0;
	}
	if (date1904)
		base = datetime_days_from_civil(1904, 1, 1);
	else if (days < 60)	/* before Excel's phantom 1900-02-29 */
		base = datetime_days_from_civil(1899, 12, 31);
	else
		base = datetime_days_from_civil(1899, 12, 30);
	/* serials below 2958466 end at 9999-12-31: the day fits int32_t */
	datetime_format_day((int32_t)(base + days), date);
	strbuf_puts(out, date);
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
		v = read_xlsx_attr(attr, "r");
		if (v == NULL)
			num = x->row_num + 1;
		else if (read_xlsx_size(v, &num) != 0 || num == 0 ||
		    num > XLSX_MAX_ROW) {
			safe = reader_printable(v, 32);
			read_xlsx_fail(x, xasprintf("XLSX part %s, line %llu: "
			    "bad row number \"%s\"", x->part, read_xlsx_line(x),
			    safe));
			free(safe);
			return;
		}
		x->row_num = num;
		x->row_elems++;
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
		v = read_xlsx_attr(attr, "r");
		if (v == NULL)
			num = x->col + 1;
		else if (xlsx_ref_col(v, &num) != 0) {
			safe = reader_printable(v, 32);
			read_xlsx_fail(x, xasprintf("sheet row %zu: bad cell "
			    "reference \"%s\"", x->row_num, safe));
			free(safe);
			return;
		}
		/* Repeated references must not grow a row without bound. */
		if (num >= x->lim.max_columns ||
		    ++x->ncells > x->lim.max_columns) {
			read_xlsx_fail(x, xasprintf("sheet row %zu: more than "
			    "%zu columns", x->row_num, x->lim.max_columns));
			return;
		}
		x->col = num;
		x->cell_type = XLSX_NUMBER;
		if ((v = read_xlsx_attr(attr, "t")) != NULL) {
			if (strcmp(v, "s") == 0)
				x->cell_type = XLSX_SHARED;
			else if (strcmp(v, "inlineStr") == 0)
				x->cell_type = XLSX_INLINE;
			else if (strcmp(v, "b") == 0)
				x->cell_type = XLSX_BOOL;
			else if (strcmp(v, "n") != 0)
				x->cell_type = XLSX_TEXT;
		}
		if (read_xlsx_size(read_xlsx_attr(attr, "s"),
		    &x->cell_style) != 0)
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
	const char *raw = strbuf_str(&x->cell), *s;
	size_t idx, off = x->arena.len, n;

	/* A cell without a value (only styled) is "" whatever its type. */
	switch (*raw == '\0' ? XLSX_TEXT : x->cell_type) {
	case XLSX_SHARED:
		if (read_xlsx_size(raw, &idx) != 0) {
			read_xlsx_fail(x, xasprintf("sheet row %zu: a cell has "
			    "a bad shared string index", x->row_num));
			return;
		}
		if ((s = read_xlsx_book_string(x, idx, &n)) == NULL) {
			read_xlsx_fail(x, xasprintf("sheet row %zu: a cell "
			    "refers to shared string %zu, but the workbook has "
			    "%zu", x->row_num, idx, x->n_sst));
			return;
		}
		strbuf_add(&x->arena, s, n);
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
		read_xlsx_fail(x, xasprintf("sheet row %zu: a cell is longer "
		    "than %zu bytes", x->row_num, x->lim.max_field));
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


/* ---- reading a worksheet part, scanned or streamed */

/* Open the part x->sheet_part and start parsing it from its first byte. */
static int
xlsx_sheet_begin(struct xlsx_state *x, char **cause)
{
	if (read_xlsx_part_open(x, x->sheet_part, 1, cause) != 0)
		return -1;
	if (read_xlsx_guard(x, &xlsx_sheet_ops, cause) != 0) {
		xlsx_zip_part_abandon(x->zip);
		return -1;
	}
	x->sheet_open = 1;
	x->done = x->row_ready = 0;
	x->in_data = x->in_row = x->in_cell = x->in_v = x->in_is = 0;
	x->in_t = x->in_rph = 0;
	x->row_num = x->row_elems = x->width = 0;
	return 0;
}

/* Stop parsing the part, read to its end or not (no CRC check then). */
static void
xlsx_sheet_stop(struct xlsx_state *x)
{
	if (!x->sheet_open)
		return;
	read_xml_guard_free(&x->g);
	xlsx_zip_part_abandon(x->zip);
	x->sheet_open = 0;
}

/*
 * Parse on to the end of the next <row>: 1 with the row's number, its
 * ordinal (row_elems), width and cells set; 0 at the end of the part (read
 * to its end, CRC checked); -1 and *cause.
 */
/* read_xml_guard_step's feed: the sheet part's next inflated bytes. */
static int
xlsx_sheet_feed(void *arg, void *buf, size_t cap, size_t *n, char **cause)
{
	struct xlsx_state *x = arg;

	if (xlsx_zip_part_read(x->zip, buf, cap, n, cause) != 0)
		return -1;
	x->bytes = xlsx_zip_position(x->zip);
	return 0;
}

static int
xlsx_sheet_pull(struct xlsx_state *x, char **cause)
{
	int rc;

	for (;;) {
		if (x->row_ready) {
			x->row_ready = 0;
			return 1;
		}
		if (x->done)
			return 0;
		rc = read_xml_guard_step(&x->g, READER_CHUNK, xlsx_sheet_feed,
		    x, cause);
		if (rc == -2)
			*cause = read_xlsx_cause(x);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			x->done = 1;
			if (xlsx_zip_part_close(x->zip, cause) != 0)
				return -1;
		}
	}
}

/* Does the row just read hold every required column? */
static int
xlsx_row_has(const struct xlsx_state *x, const struct reader_opts *opts)
{
	char **norm;
	size_t i, j, len;
	int found = 1;

	norm = xcalloc(x->width, sizeof *norm);
	for (i = 0; i < x->width; i++)
		norm[i] = rules_column_name(xlsx_value(x, i, &len));
	for (j = 0; j < opts->nreq && found; j++) {
		for (i = 0; i < x->width; i++) {
			if (strcmp(norm[i], opts->required[j]) == 0)
				break;
		}
		found = i < x->width;
	}
	for (i = 0; i < x->width; i++)
		free(norm[i]);
	free(norm);
	return found;
}

/* Where a scanned sheet's header is, as ordinals of its <row>s (0: none). */
struct xlsx_scan {
	size_t		header;		/* holds every required column */
	size_t		first;		/* the first non-empty row */
};

/*
 * Scan the sheet x->sheet_part for its header: rows up to the first one
 * numbered past READER_HEADER_SEARCH, then the part is left unread. -1
 * and *cause if the part is unusable that far.
 */
static int
xlsx_scan(struct xlsx_state *x, const struct reader_opts *opts,
    struct xlsx_scan *sc, char **cause)
{
	int rc;

	sc->header = sc->first = 0;
	if (xlsx_sheet_begin(x, cause) != 0)
		return -1;
	while ((rc = xlsx_sheet_pull(x, cause)) == 1) {
		if (x->width > 0 && sc->first == 0)
			sc->first = x->row_elems;
		if (x->row_num > READER_HEADER_SEARCH)
			break;
		if (x->width > 0 && xlsx_row_has(x, opts)) {
			sc->header = x->row_elems;
			break;
		}
	}
	xlsx_sheet_stop(x);
	return rc == -1 ? -1 : 0;
}

/* Compare ASCII letters without case, whatever the locale. */
static int
xlsx_casecmp(const char *a, const char *b)
{
	unsigned char ca, cb;

	do {
		ca = (unsigned char)*a++;
		cb = (unsigned char)*b++;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
	} while (ca == cb && ca != '\0');
	return ca - cb;
}

/* The workbook's sheet names for a message, sanitized; allocated. */
static char *
xlsx_sheet_list(const struct xlsx_state *x)
{
	struct strbuf sb;
	char *safe;
	size_t i;

	strbuf_init(&sb);
	for (i = 0; i < x->n_sheets && i < XLSX_LIST_SHEETS; i++) {
		safe = reader_printable(x->sheets[i].name, 64);
		strbuf_printf(&sb, "%s\"%s\"", i == 0 ? "" : ", ", safe);
		free(safe);
	}
	if (x->n_sheets > XLSX_LIST_SHEETS) {
		strbuf_printf(&sb, " and %zu more",
		    x->n_sheets - XLSX_LIST_SHEETS);
	}
	return strbuf_detach(&sb);
}

/* The sheet named want: exactly, else without case if only one matches. */
static int
xlsx_find_sheet(const struct xlsx_state *x, const char *want, size_t *idx,
    char **cause)
{
	char *safe, *list;
	size_t i, n = 0;

	for (i = 0; i < x->n_sheets; i++) {
		if (strcmp(x->sheets[i].name, want) == 0) {
			*idx = i;
			return 0;
		}
	}
	for (i = 0; i < x->n_sheets; i++) {
		if (xlsx_casecmp(x->sheets[i].name, want) == 0 && n++ == 0)
			*idx = i;
	}
	if (n == 1)
		return 0;
	safe = reader_printable(want, 64);
	list = xlsx_sheet_list(x);
	if (n == 0) {
		*cause = xasprintf("the workbook has no sheet \"%s\" (its "
		    "sheets: %s)", safe, list);
	} else {
		*cause = xasprintf("sheet \"%s\" matches %zu sheets when case "
		    "is ignored; give the exact name (the workbook's sheets: "
		    "%s)", safe, n, list);
	}
	free(list);
	free(safe);
	return -1;
}

/* Stream sheet i (its part in x->sheet_part), header at <row> hdr_elem. */
static int
xlsx_start(struct xlsx_state *x, size_t i, size_t hdr_elem, char **cause)
{
	free(x->info->sheet);
	x->info->sheet = xstrdup(x->sheets[i].name);
	x->hdr_elem = hdr_elem;
	return xlsx_sheet_begin(x, cause);
}

/* The sheet opts->sheet names: its header, or its first non-empty row. */
static int
xlsx_choose_named(struct xlsx_state *x, const struct reader_opts *opts,
    char **cause)
{
	struct xlsx_scan sc;
	char *safe;
	size_t i = 0;
	int rc;

	if (xlsx_find_sheet(x, opts->sheet, &i, cause) != 0)
		return -1;
	if ((rc = read_xlsx_book_part(x, i, &x->sheet_part, cause)) == -1)
		return -1;
	safe = reader_printable(x->sheets[i].name, 64);
	if (rc == 1) {
		*cause = xasprintf("sheet \"%s\" is a chart or dialog sheet, "
		    "not a worksheet", safe);
		goto err;
	}
	if (xlsx_scan(x, opts, &sc, cause) != 0)
		goto err;
	if (sc.first == 0) {
		*cause = xasprintf("sheet \"%s\" (%s) is empty", safe,
		    x->sheet_part);
		goto err;
	}
	free(safe);
	return xlsx_start(x, i, sc.header != 0 ? sc.header : sc.first, cause);

err:
	free(safe);
	return -1;
}

/*
 * Without opts->sheet: the first worksheet with the header; else the first
 * with a non-empty row, that row as header.
 */
static int
xlsx_choose(struct xlsx_state *x, const struct reader_opts *opts,
    char **cause)
{
	struct xlsx_scan sc;
	size_t i, nwork = 0, fb = 0, fb_first = 0;
	char *part, *fb_part = NULL, *first_part = NULL;
	int rc;

	for (i = 0; i < x->n_sheets; i++) {
		if ((rc = read_xlsx_book_part(x, i, &part, cause)) == -1)
			goto err;
		if (rc == 1)
			continue;
		if (nwork++ == 0)
			first_part = xstrdup(part);
		free(x->sheet_part);
		x->sheet_part = part;
		if (xlsx_scan(x, opts, &sc, cause) != 0)
			goto err;
		if (sc.header != 0) {
			free(fb_part);
			free(first_part);
			return xlsx_start(x, i, sc.header, cause);
		}
		if (sc.first != 0 && fb_part == NULL) {
			fb = i;
			fb_first = sc.first;
			fb_part = xstrdup(part);
		}
	}
	if (fb_part == NULL) {
		if (nwork == 0)
			*cause = xstrdup("workbook has no worksheet");
		else if (nwork == 1) {
			*cause = xasprintf("the first worksheet (%s) is empty",
			    first_part);
		} else {
			*cause = xasprintf("all %zu worksheets of the workbook "
			    "are empty", nwork);
		}
		goto err;
	}
	free(first_part);
	free(x->sheet_part);
	x->sheet_part = fb_part;
	return xlsx_start(x, fb, fb_first, cause);

err:
	free(fb_part);
	free(first_part);
	return -1;
}

/* ---- the reader */

static void
xlsx_free(struct xlsx_state *x)
{
	xlsx_sheet_stop(x);
	read_xml_guard_free(&x->g);
	xlsx_zip_close(x->zip);
	read_xlsx_book_free(x);
	free(x->path);
	free(x->sheet_part);
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
	x->info = info;
	strbuf_init(&x->sst);
	strbuf_init(&x->cell);
	strbuf_init(&x->arena);

	if (read_xlsx_book_load(x, cause) != 0)
		goto err;
	if (opts->sheet != NULL) {
		if (xlsx_choose_named(x, opts, cause) != 0)
			goto err;
	} else if (xlsx_choose(x, opts, cause) != 0)
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
	int rc;

	for (;;) {
		if ((rc = xlsx_sheet_pull(x, cause)) == -1)
			return -1;
		if (rc == 0) {
			if (!x->have_header) {
				/* The scan saw it: the part changed since. */
				*cause = xasprintf("worksheet %s: the header "
				    "row is gone (the file changed while it "
				    "was read?)", x->sheet_part);
				return -1;
			}
			return 0;
		}
		if (!x->have_header && x->row_elems < x->hdr_elem) {
			if (x->width > 0)
				x->info->title_rows++;
			continue;
		}
		if (x->width == 0)
			continue;	/* an empty row */
		if (!x->have_header) {
			xlsx_take_header(x);
			x->info->header_line = x->row_num;
			continue;
		}
		xlsx_fill_row(x, row);
		return 1;
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
	.name = "xlsx",
	.open = read_xlsx_open,
	.next = read_xlsx_next,
	.bytes = read_xlsx_bytes,
	.close = read_xlsx_close
};
