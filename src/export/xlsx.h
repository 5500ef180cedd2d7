/*
 * xlsx: the workbook writer, a thin layer over libxlsxwriter. Sheets are
 * written row by row in constant-memory mode with temporary files in a
 * folder the caller keeps private; text is always a string cell (a value
 * starting with = + - @ never becomes a formula); money is a number with a
 * 2-decimal format; days are dates; a sheet that would pass Excel's row
 * limit continues on NAME_2, NAME_3. Nothing depends on the clock: the
 * document's creation time is given, so the same content gives the same
 * bytes.
 */
#ifndef KP_XLSX_H
#define KP_XLSX_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct xlsx;
struct xlsx_sheet;

struct xlsx_col {
	const char	*name;		/* header text (ignored without header) */
	double		 width;		/* in characters; 0 for the default */
};

enum xlsx_chart_kind {
	XLSX_CHART_LINE,
	XLSX_CHART_COLUMN,
	XLSX_CHART_BAR
};

/*
 * Start a workbook at path, which the caller has created private (mode
 * 0600) in a private folder; temporary files go to tmpdir (private too).
 * created dates the document properties. Finish with xlsx_close. NULL and
 * *cause on error.
 */
struct xlsx *xlsx_create(const char *path, const char *tmpdir, time_t created,
    const char *title, char **cause);
/*
 * Add a sheet called name (at most 28 bytes, leaving room for "_NN") with
 * ncols columns, and a bold header row of their names when header is set.
 * The sheet belongs to x and is valid until xlsx_close; cols are copied.
 */
struct xlsx_sheet *xlsx_sheet_add(struct xlsx *x, const char *name,
    const struct xlsx_col *cols, size_t ncols, int header);
/* Start the next row, moving to NAME_2, NAME_3, ... (with the header
 * repeated) when the current sheet is full. */
void xlsx_row(struct xlsx_sheet *s);
/* Write text into column col of the current row, always as a string. */
void xlsx_text(struct xlsx_sheet *s, size_t col, const char *v);
/* Write a bold string (for labels). */
void xlsx_label(struct xlsx_sheet *s, size_t col, const char *v);
/* Write a whole number. */
void xlsx_int(struct xlsx_sheet *s, size_t col, int64_t v);
/* Write money given in minor units, as a number shown with 2 decimals. */
void xlsx_money(struct xlsx_sheet *s, size_t col, int64_t minor);
/* Write a day (days since 1970-01-01) as an Excel date, yyyy-mm-dd. */
void xlsx_day(struct xlsx_sheet *s, size_t col, int32_t day);
/* The data rows written to s so far (header rows not counted). */
int64_t xlsx_sheet_rows(const struct xlsx_sheet *s);
/*
 * Put a native chart beside s's table: categories from column cat, values
 * from column val, the first nrows data rows (those on the first sheet at
 * most); series is the legend name and title the chart's.
 */
void xlsx_chart(struct xlsx_sheet *s, enum xlsx_chart_kind kind,
    const char *title, const char *series, size_t cat, size_t val,
    int64_t nrows);
/* Write the file and free x. -1 and *cause if anything failed on the way
 * (the file is then incomplete; the caller removes it). */
int xlsx_close(struct xlsx *x, char **cause);
/* For tests: rows per sheet, header included (0 restores Excel's limit). */
void xlsx_set_max_rows_for_tests(uint32_t rows);

#endif
