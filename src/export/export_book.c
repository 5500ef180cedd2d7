/* export_book: the inputs and rows of an export, and the workbook. */
#include "export_book.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "datetime.h"
#include "db.h"
#include "export_sheets.h"
#include "history.h"
#include "kpi.h"
#include "log.h"
#include "settings.h"
#include "snapshot.h"
#include "sqlrow.h"
#include "table.h"
#include "xlsx.h"
#include "xmem.h"

/*
 * Everything below reads the data as the snapshot saw it: ?2 is the
 * snapshot's customer master batch, ?3 its last batch; later batches are
 * left out.
 */
static const char export_book_sql_batches[] =
"SELECT b.id, b.kind, b.file_name, b.sha256, b.rows_loaded, "
"coalesce(b.amount_scope, ''), coalesce(b.amount_evidence, '') FROM batches b "
"WHERE b.status = 'committed' AND ((b.kind = 'customers' AND b.id = ?2) OR "
"  (b.kind = 'orders' AND b.id <= ?3 AND EXISTS (SELECT 1 "
"  FROM order_lines l WHERE l.batch_id = b.id AND l.day < ?1))) "
"ORDER BY b.id";

#define EXPORT_BOOK_CUSTOMERS_OF \
"FROM customers WHERE from_batch <= ?1 AND (to_batch IS NULL OR " \
"to_batch > ?1)"
static const char export_book_sql_customers[] =
"SELECT customer_id, customer_name, mobile, region "
EXPORT_BOOK_CUSTOMERS_OF " ORDER BY customer_id";
static const char export_book_sql_ncustomers[] =
"SELECT count(*) " EXPORT_BOOK_CUSTOMERS_OF;

/*
 * A day's lines as of the snapshot: the day's total less the lines of later
 * batches (found through the batch index, "+day" keeps the day index out:
 * usually there are none, and a lookup per line of the day would cost more
 * than the whole sheet).
 */
static const char export_book_sql_nlines[] =
"SELECT (SELECT coalesce(sum(lines), 0) FROM day_totals WHERE day = ?1) - "
"(SELECT count(*) FROM order_lines WHERE batch_id > ?2 AND +day = ?1)";

/*
 * A day's lines in key order. A day holding a large share of all lines is
 * read by scanning the table in key order ("+day" keeps the index out):
 * sequential pages beat a lookup per line. Either way the rows and their
 * order are the same, so the bytes are too.
 */
static const char export_book_sql_orders_seek[] =
"SELECT order_id, mobile, ordered_text, sku_id, sku_count, amount "
"FROM order_lines WHERE day = ?1 AND batch_id <= ?2 "
"ORDER BY order_id, sku_id";
static const char export_book_sql_orders_scan[] =
"SELECT order_id, mobile, ordered_text, sku_id, sku_count, amount "
"FROM order_lines WHERE +day = ?1 AND batch_id <= ?2 "
"ORDER BY order_id, sku_id";
#define EXPORT_BOOK_SCAN_SHARE	16	/* scan when rows * 16 > all lines */

static const char export_book_sql_checks[] =
"SELECT c.batch_id, b.kind, b.file_name, c.category, c.name, c.status, "
"  c.count, c.detail, c.samples FROM checks c "
"JOIN batches b ON b.id = c.batch_id WHERE c.batch_id = ?1 ORDER BY c.seq";

/* One number from sql with ?1 = a, ?2 = b (0 when there is no row). */
static int
export_book_count(struct db *db, const char *sql, int64_t a, int64_t b,
    int64_t *n, char **cause)
{
	return db_query_ints(db, sql, a, b, n, NULL, cause);
}

static int
export_book_batches(struct db *db, struct export_summary *s, char **cause)
{
	struct export_batch *b;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	export_batches_free(s);
	if (db_prepare(db, export_book_sql_batches, &st, cause) == -1)
		return -1;
	sqlite3_bind_int(st, 1, s->as_of);
	sqlite3_bind_int64(st, 2, s->snap.customer_batch);
	sqlite3_bind_int64(st, 3, s->snap.last_batch);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->batches = xgrow(s->batches, s->nbatches, &cap,
		    sizeof *s->batches);
		b = &s->batches[s->nbatches++];
		b->id = sqlite3_column_int64(st, 0);
		b->kind = xstrdup(sqlrow_text(st, 1));
		b->file = xstrdup(sqlrow_text(st, 2));
		snprintf(b->sha256, sizeof b->sha256, "%s",
		    sqlrow_text(st, 3));
		b->loaded = sqlite3_column_int64(st, 4);
		snprintf(b->scope, sizeof b->scope, "%s",
		    sqlrow_text(st, 5));
		b->evidence = xstrdup(sqlrow_text(st, 6));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = db_error(db, "listing the input files");
		return -1;
	}
	return 0;
}

/* Add the PASS / WARN / FAIL counts of the batches' checks. */
static int
export_book_checks(struct db *db, struct export_summary *s, char **cause)
{
	sqlite3_stmt *st;
	const char *status;
	int64_t n;
	size_t i;

	s->checks_pass = s->checks_warn = s->checks_fail = 0;
	s->rows[EXPORT_CHECKS] = 0;
	if (db_prepare(db, "SELECT status, count(*) FROM checks "
	    "WHERE batch_id = ?1 GROUP BY status", &st, cause) == -1)
		return -1;
	for (i = 0; i < s->nbatches; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, s->batches[i].id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			status = sqlrow_text(st, 0);
			n = sqlite3_column_int64(st, 1);
			s->rows[EXPORT_CHECKS] += n;
			if (strcmp(status, "PASS") == 0)
				s->checks_pass += n;
			else if (strcmp(status, "WARN") == 0)
				s->checks_warn += n;
			else
				s->checks_fail += n;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/* KPI i as the snapshot of s stored it. */
static int
export_book_kpi(struct db *db, size_t i, const struct export_summary *s,
    struct table **t, char **cause)
{
	return history_kpi_table(db, s->snap.day, kpi_at(i)->name, SIZE_MAX, t,
	    cause);
}

int
export_book_measure(struct db *db, struct export_summary *s, int kpis,
    char **cause)
{
	struct table *t;
	size_t i;

	snapshot_info_free(&s->snap);
	if (snapshot_get(db, s->as_of_text, &s->snap, cause) == -1 ||
	    export_book_batches(db, s, cause) == -1 ||
	    export_book_checks(db, s, cause) == -1)
		return -1;
	s->rows[EXPORT_SUMMARY] = 0;
	for (i = 0; i < kpi_count(); i++) {
		s->rows[export_sheet_kpi(i)] = -1;
		if (!kpis)
			continue;
		if (export_book_kpi(db, i, s, &t, cause) == -1)
			return -1;
		s->rows[export_sheet_kpi(i)] = (int64_t)t->nrows;
		table_free(t);
	}
	s->lines = s->snap.order_lines;
	s->revenue = s->snap.revenue;
	if (export_book_count(db, export_book_sql_ncustomers,
	    s->snap.customer_batch, 0, &s->rows[EXPORT_CUSTOMERS],
	    cause) == -1 ||
	    export_book_count(db, export_book_sql_nlines, (int64_t)s->as_of - 1,
	    s->snap.last_batch, &s->rows[EXPORT_CURRENT_DAY], cause) == -1)
		return -1;
	return export_book_count(db, export_book_sql_nlines,
	    (int64_t)s->as_of - 2, s->snap.last_batch,
	    &s->rows[EXPORT_PREVIOUS_DAY], cause);
}

/* A label in column 0 and a text value in column 1, on a new row. */
static void
export_book_pair(struct xlsx_sheet *x, const char *label, const char *value)
{
	xlsx_row(x);
	xlsx_label(x, 0, label);
	xlsx_text(x, 1, value != NULL ? value : "");
}

static void
export_book_pair_int(struct xlsx_sheet *x, const char *label, int64_t v)
{
	xlsx_row(x);
	xlsx_label(x, 0, label);
	xlsx_int(x, 1, v);
}

static void
export_book_pair_day(struct xlsx_sheet *x, const char *label, int32_t day)
{
	xlsx_row(x);
	xlsx_label(x, 0, label);
	xlsx_day(x, 1, day);
}


/* The readings of the order batches in the report, in words: "order
 * totals (each order's total counted once)", "line amounts", or both.
 * Caller frees. */
static char *
export_book_scopes(const struct export_summary *s)
{
	int lines = 0, totals = 0;
	size_t i;

	for (i = 0; i < s->nbatches; i++) {
		lines |= strcmp(s->batches[i].scope, "line") == 0;
		totals |= strcmp(s->batches[i].scope, "order") == 0;
	}
	if (!lines && !totals)
		return xstrdup("no order batches");
	return xasprintf("%s%s%s (per input file below)", lines ?
	    "line amounts (revenue sums the lines)" : "",
	    lines && totals ? "; " : "", totals ? "order totals (each "
	    "order's total, repeated on its lines, counted once)" : "");
}

static void
export_book_summary(struct xlsx *book, const struct export_summary *s,
    const int64_t *rows, const char *tz)
{
	static const struct xlsx_col cols[] = {
		{ "", 46 }, { "", 22 }, { "", 36 }, { "", 66 }, { "", 12 },
		{ "", 60 }
	};
	struct xlsx_sheet *x;
	char *v;
	size_t i;

	x = xlsx_sheet_add(book, export_sheet_name(EXPORT_SUMMARY), cols,
	    sizeof cols / sizeof cols[0], 0);
	xlsx_row(x);
	xlsx_label(x, 0, "Customer Order Report");
	export_book_pair_day(x, "Report as of", s->as_of);
	v = xasprintf("orders whose local day (time zone %s) is before %s",
	    tz, s->as_of_text);
	export_book_pair(x, "Covers", v);
	free(v);
	export_book_pair_day(x, "Current day (sheet Current_Day_Orders)",
	    s->as_of - 1);
	export_book_pair_day(x, "Previous day (sheet Previous_Day_Orders)",
	    s->as_of - 2);
	/*
	 * Who, and when the data were frozen; not the request's or the
	 * approval's clock time (those are in the exports table and the
	 * audit log), so that the same snapshot exported twice gives the
	 * same bytes (doc/DESIGN.md section 4).
	 */
	export_book_pair(x, "Requested by", s->requested_by);
	export_book_pair(x, "Approved by (a second person, approver role)",
	    s->approved_by);
	export_book_pair(x, "Data frozen at (UTC, the day's snapshot)",
	    s->snap.taken_at);
	export_book_pair(x, "Snapshot content hash (kpidesk history verify)",
	    s->snap.content_hash);
	export_book_pair_int(x, "Audit chain head in the snapshot: sequence",
	    s->snap.audit_seq);
	export_book_pair(x, "Audit chain head in the snapshot: hash",
	    s->snap.audit_hash);
	v = xasprintf("%lld PASS, %lld WARN, %lld FAIL (sheet Checks)",
	    (long long)s->checks_pass, (long long)s->checks_warn,
	    (long long)s->checks_fail);
	export_book_pair(x, "Checks of the input files", v);
	free(v);
	v = export_book_scopes(s);
	export_book_pair(x, "Amount scope (how total_amount was read)", v);
	free(v);
	export_book_pair_int(x, "Order lines before as_of", s->lines);
	xlsx_row(x);
	xlsx_label(x, 0, "Revenue before as_of");
	xlsx_money(x, 1, s->revenue);

	xlsx_row(x);
	xlsx_row(x);
	xlsx_label(x, 0, "Sheet");
	xlsx_label(x, 1, "Rows (without the header)");
	for (i = 1; i < export_sheet_count(); i++) {
		xlsx_row(x);
		xlsx_text(x, 0, export_sheet_name(export_sheet_at(i)));
		xlsx_int(x, 1, rows[export_sheet_at(i)]);
	}

	xlsx_row(x);
	xlsx_row(x);
	xlsx_label(x, 0, "Input file (batch)");
	xlsx_label(x, 1, "Kind");
	xlsx_label(x, 2, "File name");
	xlsx_label(x, 3, "SHA-256 of the file");
	xlsx_label(x, 4, "Rows loaded");
	xlsx_label(x, 5, "Amount scope and its evidence");
	for (i = 0; i < s->nbatches; i++) {
		xlsx_row(x);
		xlsx_int(x, 0, s->batches[i].id);
		xlsx_text(x, 1, s->batches[i].kind);
		xlsx_text(x, 2, s->batches[i].file);
		xlsx_text(x, 3, s->batches[i].sha256);
		xlsx_int(x, 4, s->batches[i].loaded);
		if (s->batches[i].evidence[0] != '\0')
			xlsx_text(x, 5, s->batches[i].evidence);
	}

	xlsx_row(x);
	xlsx_row(x);
	xlsx_label(x, 0, "Notes");
	export_book_pair(x, "KPIs", "all history before as_of, except top "
	    "spenders: the 30 days before as_of; every row, no limit");
	export_book_pair(x, "Money", "numbers with two decimals");
	export_book_pair(x, "Text", "identifiers and mobile numbers are text; "
	    "values are written as imported and never run as formulas");
	export_book_pair(x, "Proof", "this file's SHA-256 is in kpidesk's "
	    "exports table and audit log (export.write); 'kpidesk audit "
	    "verify' checks the chain, which must still hold the head above");
}

/* The sheet column (among the n written, table columns idx) named name. */
static size_t
export_book_col_of(const struct table *t, const size_t *idx, size_t n,
    const char *name)
{
	size_t c;

	for (c = 0; c < n; c++) {
		if (strcmp(t->cols[idx[c]].name, name) == 0)
			break;
	}
	if (c == n)
		fatalx("export: no column %s for a chart", name);
	return c;
}

/* KPI def's native chart beside its sheet x, if it has one. */
static void
export_book_chart(struct xlsx_sheet *x, const struct kpi_def *def,
    const struct table *t, const size_t *idx, size_t n)
{
	const struct kpi_book_chart *ch = &def->book;
	enum xlsx_chart_kind kind;

	switch (ch->kind) {
	case KPI_CHART_NONE:
		return;
	case KPI_CHART_LINE:
		kind = XLSX_CHART_LINE;
		break;
	case KPI_CHART_COLUMN:
		kind = XLSX_CHART_COLUMN;
		break;
	case KPI_CHART_HBAR:
	default:
		kind = XLSX_CHART_BAR;
		break;
	}
	xlsx_chart(x, kind, ch->title, ch->value,
	    export_book_col_of(t, idx, n, ch->label),
	    export_book_col_of(t, idx, n, ch->value),
	    ch->rows < 0 ? (int64_t)t->nrows : ch->rows);
}

/* One KPI sheet: the contract columns, every row, and its chart. */
static void
export_book_kpi_sheet(struct xlsx *book, size_t k, const struct table *t,
    int64_t *written)
{
	const struct kpi_def *def = kpi_at(k);
	struct xlsx_col cols[8];
	struct xlsx_sheet *x;
	struct table_cell *cell;
	size_t r, c, n = 0, idx[8];
	int32_t day;

	for (c = 0; c < t->ncols && n < 8; c++) {
		if (t->cols[c].extra)
			continue;
		cols[n].name = t->cols[c].name;
		cols[n].width = t->cols[c].type == TABLE_TEXT ? 24 : 14;
		idx[n++] = c;
	}
	x = xlsx_sheet_add(book, def->sheet, cols, n, 1);
	for (r = 0; r < t->nrows; r++) {
		xlsx_row(x);
		for (c = 0; c < n; c++) {
			cell = table_cell(t, r, idx[c]);
			switch (t->cols[idx[c]].type) {
			case TABLE_INT:
				xlsx_int(x, c, cell->num);
				break;
			case TABLE_MONEY:
				xlsx_money(x, c, cell->num);
				break;
			case TABLE_TEXT:
				if (strcmp(t->cols[idx[c]].name, "day") == 0 &&
				    datetime_parse_day(cell->text, &day) == 0)
					xlsx_day(x, c, day);
				else
					xlsx_text(x, c, cell->text);
				break;
			}
		}
	}
	export_book_chart(x, def, t, idx, n);
	*written = xlsx_sheet_rows(x);
}

static int
export_book_customers(struct db *db, struct xlsx *book,
    const struct export_summary *s, int64_t *written, char **cause)
{
	static const struct xlsx_col cols[] = {
		{ "customer_id", 16 }, { "customer_name", 28 },
		{ "mobile_number", 16 }, { "region", 16 }
	};
	struct xlsx_sheet *x;
	sqlite3_stmt *st;
	int rc, c;

	x = xlsx_sheet_add(book, export_sheet_name(EXPORT_CUSTOMERS), cols, 4,
	    1);
	if (db_prepare(db, export_book_sql_customers, &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, s->snap.customer_batch);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xlsx_row(x);
		for (c = 0; c < 4; c++)
			xlsx_text(x, (size_t)c, sqlrow_text(st, c));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = db_error(db, "reading the customers");
		return -1;
	}
	*written = xlsx_sheet_rows(x);
	return 0;
}

static int
export_book_orders(struct db *db, struct xlsx *book,
    const struct export_summary *s, enum export_sheet_id id, int32_t day,
    int64_t *written, char **cause)
{
	static const struct xlsx_col cols[] = {
		{ "order_id", 16 }, { "mobile_number", 16 },
		{ "order_date_time", 26 }, { "sku_id", 12 },
		{ "sku_count", 10 }, { "total_amount", 14 }
	};
	struct xlsx_sheet *x;
	sqlite3_stmt *st;
	int rc;

	x = xlsx_sheet_add(book, export_sheet_name(id), cols, 6, 1);
	if (db_prepare(db, s->rows[id] * EXPORT_BOOK_SCAN_SHARE > s->lines ?
	    export_book_sql_orders_scan : export_book_sql_orders_seek, &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int(st, 1, day);
	sqlite3_bind_int64(st, 2, s->snap.last_batch);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xlsx_row(x);
		xlsx_text(x, 0, sqlrow_text(st, 0));
		xlsx_text(x, 1, sqlrow_text(st, 1));
		xlsx_text(x, 2, sqlrow_text(st, 2));
		xlsx_text(x, 3, sqlrow_text(st, 3));
		xlsx_int(x, 4, sqlite3_column_int64(st, 4));
		xlsx_money(x, 5, sqlite3_column_int64(st, 5));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = db_error(db, "reading the order lines");
		return -1;
	}
	*written = xlsx_sheet_rows(x);
	return 0;
}

static int
export_book_checks_sheet(struct db *db, struct xlsx *book,
    const struct export_summary *s, int64_t *written, char **cause)
{
	static const struct xlsx_col cols[] = {
		{ "batch", 8 }, { "kind", 11 }, { "file", 30 },
		{ "category", 10 }, { "check", 44 }, { "status", 8 },
		{ "count", 9 }, { "detail", 50 }, { "samples", 50 }
	};
	struct xlsx_sheet *x;
	sqlite3_stmt *st;
	size_t i;
	int c;

	x = xlsx_sheet_add(book, export_sheet_name(EXPORT_CHECKS), cols, 9, 1);
	if (db_prepare(db, export_book_sql_checks, &st, cause) == -1)
		return -1;
	for (i = 0; i < s->nbatches; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, s->batches[i].id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			xlsx_row(x);
			xlsx_int(x, 0, sqlite3_column_int64(st, 0));
			for (c = 1; c < 6; c++)
				xlsx_text(x, (size_t)c, sqlrow_text(st, c));
			xlsx_int(x, 6, sqlite3_column_int64(st, 6));
			xlsx_text(x, 7, sqlrow_text(st, 7));
			xlsx_text(x, 8, sqlrow_text(st, 8));
		}
	}
	sqlite3_finalize(st);
	*written = xlsx_sheet_rows(x);
	return 0;
}

int
export_book_write(struct db *db, const struct export_summary *s,
    const char *path, const char *tmpdir, char **cause)
{
	int64_t written[EXPORT_SHEET_ROOM], rows[EXPORT_SHEET_ROOM];
	struct table *kpis[KPI_MAX];
	struct xlsx *book = NULL;
	char *title, *tz = NULL;
	enum export_sheet_id id;
	size_t k, i;
	int rc = -1;

	/* The KPI tables first (small): Summary shows their rows. */
	memset(kpis, 0, sizeof kpis);
	memcpy(rows, s->rows, sizeof rows);
	for (k = 0; k < kpi_count(); k++) {
		if (export_book_kpi(db, k, s, &kpis[k], cause) == -1)
			goto out;
		rows[export_sheet_kpi(k)] = (int64_t)kpis[k]->nrows;
	}

	tz = settings_str(db, SET_DATA_TZ);
	title = xasprintf("Customer Order Report as of %s", s->as_of_text);
	/* Dated at the report's as_of (midnight UTC), never the clock. */
	book = xlsx_create(path, tmpdir, (time_t)s->as_of * 86400, title,
	    cause);
	free(title);
	if (book == NULL)
		goto out;
	memset(written, 0, sizeof written);
	export_book_summary(book, s, rows, tz);
	for (k = 0; k < kpi_count(); k++)
		export_book_kpi_sheet(book, k, kpis[k],
		    &written[export_sheet_kpi(k)]);
	if (export_book_customers(db, book, s, &written[EXPORT_CUSTOMERS],
	    cause) == -1 ||
	    export_book_orders(db, book, s, EXPORT_CURRENT_DAY, s->as_of - 1,
	    &written[EXPORT_CURRENT_DAY], cause) == -1 ||
	    export_book_orders(db, book, s, EXPORT_PREVIOUS_DAY, s->as_of - 2,
	    &written[EXPORT_PREVIOUS_DAY], cause) == -1 ||
	    export_book_checks_sheet(db, book, s, &written[EXPORT_CHECKS],
	    cause) == -1)
		goto out;
	for (i = 1; i < export_sheet_count(); i++) {
		id = export_sheet_at(i);
		if (rows[id] >= 0 && written[id] != rows[id]) {
			*cause = xasprintf("the data changed while the workbook "
			    "was written (%s: %lld rows, %lld expected): "
			    "request the export again", export_sheet_name(id),
			    (long long)written[id], (long long)rows[id]);
			goto out;
		}
	}
	rc = 0;
out:
	free(tz);
	for (k = 0; k < kpi_count(); k++)
		table_free(kpis[k]);
	if (book == NULL)
		return -1;
	if (rc == -1) {
		char *ignored = NULL;

		xlsx_close(book, &ignored);
		free(ignored);
		return -1;
	}
	return xlsx_close(book, cause);
}
