/* xlsx: the workbook writer over libxlsxwriter. */
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "xmem.h"

#define XLSX_STR_MAX	32767	/* Excel's longest cell text, in characters */
#define XLSX_NAME_MAX	28	/* a sheet name, leaving room for "_NN" */
#define XLSX_EPOCH_DAYS	25569	/* 1970-01-01 as an Excel serial day */

struct xlsx_sheet {
	struct xlsx		*x;
	char			*name;		/* the first part's name */
	struct xlsx_col		*cols;
	size_t			 ncols;
	int			 header;
	lxw_worksheet		*first;
	lxw_worksheet		*ws;		/* the part being written */
	int			 part;		/* 1, 2, ... */
	int64_t			 row;		/* in the part; -1 before any */
	int64_t			 rows;		/* data rows, all parts */
	int64_t			 first_rows;	/* data rows on part 1 */
	struct xlsx_sheet	*next;
};

struct xlsx {
	lxw_workbook		*wb;
	lxw_format		*bold;
	lxw_format		*money;
	lxw_format		*day;
	lxw_error		 err;		/* the first error, if any */
	char			*err_what;
	char			*title;
	char			*path;
	struct xlsx_sheet	*sheets;
	struct xlsx_sheet	*last;
};

static uint32_t xlsx_max_rows = LXW_ROW_MAX;

void
xlsx_set_max_rows_for_tests(uint32_t rows)
{
	xlsx_max_rows = rows == 0 || rows > LXW_ROW_MAX ? LXW_ROW_MAX : rows;
	if (xlsx_max_rows < 2)
		xlsx_max_rows = 2;
}

/* Keep the first error and what was being done. */
static void
xlsx_check(struct xlsx *x, lxw_error e, const char *what)
{
	if (e == LXW_NO_ERROR || x->err != LXW_NO_ERROR)
		return;
	x->err = e;
	x->err_what = xstrdup(what);
}

struct xlsx *
xlsx_create(const char *path, const char *tmpdir, time_t created,
    const char *title, char **cause)
{
	lxw_workbook_options o;
	lxw_doc_properties props;
	struct xlsx *x;

	memset(&o, 0, sizeof o);
	o.constant_memory = LXW_TRUE;
	o.tmpdir = (char *)tmpdir;
	o.use_zip64 = LXW_TRUE;
	x = xcalloc(1, sizeof *x);
	x->path = xstrdup(path);
	if ((x->wb = workbook_new_opt(path, &o)) == NULL) {
		*cause = xasprintf("cannot start the workbook %s", path);
		free(x->path);
		free(x);
		return NULL;
	}
	x->title = xstrdup(title);
	/* Excel dates count from 1900; a fixed time makes the same bytes. */
	memset(&props, 0, sizeof props);
	props.title = x->title;
	props.author = (char *)"kpidesk";
	props.created = created;
	xlsx_check(x, workbook_set_properties(x->wb, &props),
	    "setting the document properties");
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->money = workbook_add_format(x->wb);
	format_set_num_format(x->money, "0.00");
	x->day = workbook_add_format(x->wb);
	format_set_num_format(x->day, "yyyy-mm-dd");
	return x;
}

/* Add part n of s (1 is the sheet itself) and write its header row. */
static void
xlsx_part(struct xlsx_sheet *s)
{
	char name[LXW_SHEETNAME_MAX + 1];
	size_t c;

	if (s->part == 1)
		snprintf(name, sizeof name, "%s", s->name);
	else
		snprintf(name, sizeof name, "%s_%d", s->name, s->part);
	s->ws = workbook_add_worksheet(s->x->wb, name);
	s->row = -1;
	if (s->ws == NULL) {
		xlsx_check(s->x, LXW_ERROR_PARAMETER_VALIDATION, "adding a sheet");
		return;
	}
	if (s->part == 1)
		s->first = s->ws;
	for (c = 0; c < s->ncols; c++) {
		if (s->cols[c].width > 0)
			xlsx_check(s->x, worksheet_set_column(s->ws,
			    (lxw_col_t)c, (lxw_col_t)c, s->cols[c].width, NULL),
			    "setting a column width");
	}
	if (!s->header)
		return;
	s->row = 0;
	for (c = 0; c < s->ncols; c++)
		xlsx_check(s->x, worksheet_write_string(s->ws, 0, (lxw_col_t)c,
		    s->cols[c].name, s->x->bold), "writing a header");
	worksheet_freeze_panes(s->ws, 1, 0);
}

struct xlsx_sheet *
xlsx_sheet_add(struct xlsx *x, const char *name, const struct xlsx_col *cols,
    size_t ncols, int header)
{
	struct xlsx_sheet *s = xcalloc(1, sizeof *s);
	size_t c;

	s->x = x;
	s->name = xstrndup(name, XLSX_NAME_MAX);
	s->ncols = ncols;
	s->cols = xcalloc(ncols > 0 ? ncols : 1, sizeof *s->cols);
	for (c = 0; c < ncols; c++) {
		s->cols[c].name = xstrdup(cols[c].name != NULL ?
		    cols[c].name : "");
		s->cols[c].width = cols[c].width;
	}
	s->header = header;
	s->part = 1;
	xlsx_part(s);
	if (x->last != NULL)
		x->last->next = s;
	else
		x->sheets = s;
	x->last = s;
	return s;
}

void
xlsx_row(struct xlsx_sheet *s)
{
	if (s->row + 1 >= (int64_t)xlsx_max_rows) {
		s->part++;
		xlsx_part(s);
	}
	s->row++;
	s->rows++;
	if (s->part == 1)
		s->first_rows++;
}

int64_t
xlsx_sheet_rows(const struct xlsx_sheet *s)
{
	return s->rows;
}

/* Whether s can take a cell in column col of the current row. */
static int
xlsx_ready(struct xlsx_sheet *s, size_t col)
{
	if (s->ws == NULL || s->row < 0 || col >= LXW_COL_MAX) {
		xlsx_check(s->x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE,
		    "writing a cell");
		return 0;
	}
	return 1;
}

/* Write v (cut at Excel's limit on a UTF-8 boundary) with format f. */
static void
xlsx_string(struct xlsx_sheet *s, size_t col, const char *v, lxw_format *f)
{
	size_t len;
	char *cut = NULL;

	if (!xlsx_ready(s, col))
		return;
	if (v == NULL)
		v = "";
	if ((len = strlen(v)) > XLSX_STR_MAX) {
		len = XLSX_STR_MAX;
		while (len > 0 && ((unsigned char)v[len] & 0xc0) == 0x80)
			len--;
		cut = xstrndup(v, len);
		v = cut;
	}
	/* worksheet_write_string never makes a formula, whatever v starts
	 * with: it always writes a string cell. */
	xlsx_check(s->x, worksheet_write_string(s->ws, (lxw_row_t)s->row,
	    (lxw_col_t)col, v, f), "writing text");
	free(cut);
}

void
xlsx_text(struct xlsx_sheet *s, size_t col, const char *v)
{
	xlsx_string(s, col, v, NULL);
}

void
xlsx_label(struct xlsx_sheet *s, size_t col, const char *v)
{
	xlsx_string(s, col, v, s->x->bold);
}

void
xlsx_int(struct xlsx_sheet *s, size_t col, int64_t v)
{
	if (xlsx_ready(s, col))
		xlsx_check(s->x, worksheet_write_number(s->ws,
		    (lxw_row_t)s->row, (lxw_col_t)col, (double)v, NULL),
		    "writing a number");
}

void
xlsx_money(struct xlsx_sheet *s, size_t col, int64_t minor)
{
	if (xlsx_ready(s, col))
		xlsx_check(s->x, worksheet_write_number(s->ws,
		    (lxw_row_t)s->row, (lxw_col_t)col, (double)minor / 100.0,
		    s->x->money), "writing money");
}

void
xlsx_day(struct xlsx_sheet *s, size_t col, int32_t day)
{
	if (xlsx_ready(s, col))
		xlsx_check(s->x, worksheet_write_number(s->ws,
		    (lxw_row_t)s->row, (lxw_col_t)col,
		    (double)day + XLSX_EPOCH_DAYS, s->x->day), "writing a date");
}

void
xlsx_chart(struct xlsx_sheet *s, enum xlsx_chart_kind kind,
    const char *title, const char *series, size_t cat, size_t val,
    int64_t nrows)
{
	static const uint8_t types[] = {
		LXW_CHART_LINE, LXW_CHART_COLUMN, LXW_CHART_BAR
	};
	lxw_chart_series *ser;
	lxw_chart *chart;
	lxw_row_t first = s->header ? 1 : 0;

	if (nrows > s->first_rows)
		nrows = s->first_rows;
	if (s->first == NULL || nrows <= 0)
		return;
	if ((chart = workbook_add_chart(s->x->wb, types[kind])) == NULL) {
		xlsx_check(s->x, LXW_ERROR_MEMORY_MALLOC_FAILED,
		    "adding a chart");
		return;
	}
	ser = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(ser, s->name, first, (lxw_col_t)cat,
	    (lxw_row_t)(first + nrows - 1), (lxw_col_t)cat);
	chart_series_set_values(ser, s->name, first, (lxw_col_t)val,
	    (lxw_row_t)(first + nrows - 1), (lxw_col_t)val);
	chart_series_set_name(ser, series);
	chart_title_set_name(chart, title);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	/* Rankings read top-down: Excel draws bar categories bottom-up. */
	if (kind == XLSX_CHART_BAR)
		chart_axis_set_reverse(chart->x_axis);
	xlsx_check(s->x, worksheet_insert_chart(s->first, 1,
	    (lxw_col_t)(s->ncols + 1), chart), "inserting a chart");
}

int
xlsx_close(struct xlsx *x, char **cause)
{
	struct xlsx_sheet *s, *next;
	lxw_error e;
	size_t c;
	int rc = 0;

	e = workbook_close(x->wb);
	if (x->err != LXW_NO_ERROR) {
		*cause = xasprintf("writing %s failed while %s: %s", x->path,
		    x->err_what, lxw_strerror(x->err));
		rc = -1;
	} else if (e != LXW_NO_ERROR) {
		*cause = xasprintf("writing %s failed: %s", x->path,
		    lxw_strerror(e));
		rc = -1;
	}
	for (s = x->sheets; s != NULL; s = next) {
		next = s->next;
		for (c = 0; c < s->ncols; c++)
			free((char *)s->cols[c].name);
		free(s->cols);
		free(s->name);
		free(s);
	}
	free(x->err_what);
	free(x->title);
	free(x->path);
	free(x);
	return rc;
}
