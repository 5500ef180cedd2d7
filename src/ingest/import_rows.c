/*
 * import_rows: the row paths of an import, customers (import_customers.c)
 * and orders (import_orders.c), from the reader's rows through the rules
 * (rules.c, text.c, datetime.c) into the tables, with a row issue for each
 * rejected, dropped or warned row; here the issues, the column mapping and
 * the lifecycle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "checks.h"
#include "datetime.h"
#include "db.h"
#include "import_rows_impl.h"
#include "strbuf.h"
#include "text.h"
#include "xmem.h"

static const char *const import_sql[ST_COUNT] = {
	[ST_ISSUE] = "INSERT INTO row_issues (batch_id, line, kind, "
	    "column_name, reason, message, value) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_CUST_CURRENT] = "SELECT id, customer_name, mobile, region "
	    "FROM customers WHERE customer_id = ?1 AND to_batch IS NULL",
	[ST_CUST_CLOSE] = "UPDATE customers SET to_batch = ?2 WHERE id = ?1",
	[ST_CUST_INSERT] = "INSERT INTO customers (customer_id, customer_name, "
	    "mobile, region, line, from_batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_SEEN_ID] = "INSERT OR IGNORE INTO temp.import_ids (v, row) "
	    "VALUES (?1, ?2)",
	[ST_SEEN_ROW] = "SELECT row FROM temp.import_ids WHERE v = ?1",
	[ST_LINE_INSERT] = "INSERT INTO order_lines (batch_id, line, order_id, "
	    "sku_id, mobile, ordered_text, ordered_at, day, sku_count, amount, "
	    "revenue) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* ST_LINE_INSERT_MANY: made by import_rows_prepare */
	[ST_LINE_GET] = "SELECT mobile, ordered_at, sku_count, amount "
	    "FROM order_lines WHERE order_id = ?1 AND sku_id = ?2",
	/* The order's first line: every line of an order agrees on the
	 * mobile and the instant, and, read as a total, on the amount. */
	[ST_LINE_SIBLINGS] = "SELECT o.batch_id, o.mobile, o.ordered_at, "
	    "o.amount, coalesce(b.amount_scope = 'order', 0) "
	    "FROM order_lines o JOIN batches b ON b.id = o.batch_id "
	    "WHERE o.order_id = ?1 ORDER BY o.batch_id, o.line LIMIT 1",
	[ST_ORDER_STORED] = "SELECT 1 FROM order_lines WHERE order_id = ?1 "
	    "LIMIT 1",
	[ST_MATCHED] = "SELECT 1 FROM customers "
	    "WHERE mobile = ?1 AND to_batch IS NULL",
};


/* Which of the three kinds of row issue kind is (an index of kept[]). */
static int
import_kind_index(const char *kind)
{
	if (strcmp(kind, "rejected") == 0)
		return 0;
	return strcmp(kind, "duplicate") == 0 ? 1 : 2;
}

/* Count an issue of kind and reason (static strings); whether its row is
 * still to be stored. */
static int
import_count_issue(struct import_rows *c, const char *kind,
    const char *reason)
{
	struct import_count *n;
	size_t i;
	int k = import_kind_index(kind);

	for (i = 0; i < c->ncounts; i++) {
		n = &c->counts[i];
		if (strcmp(n->reason, reason) == 0 && strcmp(n->kind, kind) == 0)
			break;
	}
	if (i == c->ncounts) {
		c->counts = xreallocarray(c->counts, c->ncounts + 1,
		    sizeof *c->counts);
		n = &c->counts[c->ncounts++];
		n->kind = kind;
		n->reason = reason;
		n->count = 0;
	}
	c->counts[i].count++;
	if (c->kept[k] == IMPORT_ISSUES_KEPT)
		return 0;
	c->kept[k]++;
	return 1;
}

/*
 * Count one row issue and store its row, while fewer than
 * IMPORT_ISSUES_KEPT of its kind are (a file of a million bad rows must
 * not fill the database); value is sanitized and shortened first. kind and
 * reason are static strings.
 */
int
import_issue(struct import_rows *c, size_t line, const char *kind,
    const char *column, const char *reason, const char *message,
    const char *value, char **cause)
{
	sqlite3_stmt *st = c->st[ST_ISSUE];
	char *shown, *fit;
	int rc = 0;

	if (import_count_issue(c, kind, reason)) {
		shown = text_display(value != NULL ? value : "", 1);
		fit = text_fit(shown, IMPORT_VALUE_CELLS);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, c->res->batch);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)line);
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, column != NULL ? column : "", -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, message, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, fit, -1, SQLITE_STATIC);
		rc = db_step_done(c->db, st, cause);
		free(fit);
		free(shown);
	}
	if (rc == 0) {
		if (strcmp(kind, "rejected") == 0)
			c->res->rejected++;
		else if (strcmp(kind, "duplicate") == 0)
			c->res->duplicates++;
		else if (line != c->warned_line) {
			/* warnings counts rows, like the other counts */
			c->res->warnings++;
			c->warned_line = line;
		}
	}
	return rc;
}

int
import_rows_reasons(struct import_rows *c, char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (db_prepare(c->db, "INSERT INTO batch_reasons (batch_id, kind, "
	    "reason, count, kept) VALUES (?1, ?2, ?3, ?4, (SELECT count(*) "
	    "FROM row_issues WHERE batch_id = ?1 AND kind = ?2 AND "
	    "reason = ?3))", &st, cause) == -1)
		return -1;
	for (i = 0; i < c->ncounts && rc == 0; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, c->res->batch);
		sqlite3_bind_text(st, 2, c->counts[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, c->counts[i].reason, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, c->counts[i].count);
		rc = db_step_done(c->db, st, cause);
	}
	sqlite3_finalize(st);
	return rc;
}

char *
import_row_text(const struct reader_row *row)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	for (i = 0; i < row->n; i++) {
		if (i > 0)
			strbuf_putc(&sb, ',');
		strbuf_add(&sb, row->values[i], row->lens[i]);
	}
	return strbuf_detach(&sb);
}

int
import_reject(struct import_rows *c, size_t line, int col, const char *reason,
    const char *message, char **cause)
{
	const char *column = col >= 0 ? c->required[col] : "";
	const char *value = col >= 0 && c->f[col] != NULL ? c->f[col] : "";

	return import_issue(c, line, "rejected", column, reason, message, value,
	    cause);
}

/* Warnings of a loaded row: text that was repaired or holds control
 * characters, and values read one way only (the rules' notes). */
int
import_text_warnings(struct import_rows *c, size_t line, char **cause)
{
	unsigned bit;
	size_t i;

	for (i = 0; i < c->nreq; i++) {
		for (bit = 1; c->notes[i] >= bit && bit != 0; bit <<= 1) {
			if ((c->notes[i] & bit) && import_issue(c, line,
			    "warning", c->required[i], rules_note_code(bit),
			    rules_note_text(bit), c->f[i], cause) == -1)
				return -1;
		}
		if ((c->flags[i] & TEXT_REPAIRED) && import_issue(c, line,
		    "warning", c->required[i], "utf8_repaired",
		    "invalid UTF-8 replaced by U+FFFD", c->f[i], cause) == -1)
			return -1;
		if ((c->flags[i] & TEXT_CONTROLS) && import_issue(c, line,
		    "warning", c->required[i], "control_chars",
		    "control, bidi or zero-width characters in the value",
		    c->f[i], cause) == -1)
			return -1;
	}
	return 0;
}

static void
import_clear_names(struct import_rows *c)
{
	size_t i;

	for (i = 0; i < c->nnames; i++)
		free((char *)c->names[i]);
	free(c->names);
	c->names = NULL;
	c->nnames = 0;
	free(c->map_error);
	c->map_error = NULL;
}

/* Note names that are not required columns, for the schema checks. */
static void
import_note_unknown(struct import_rows *c, const char *const *names, size_t n)
{
	char *norm;
	size_t i, k;

	for (i = 0; i < n; i++) {
		norm = rules_column_name(names[i]);
		for (k = 0; k < c->nreq; k++) {
			if (strcmp(norm, c->required[k]) == 0)
				break;
		}
		if (k == c->nreq)
			checks_note_column(c->in, norm, 0);
		for (k = 0; k < i; k++) {
			char *other = rules_column_name(names[k]);

			if (strcmp(other, norm) == 0)
				checks_note_column(c->in, norm, 1);
			free(other);
		}
		free(norm);
	}
}

/* Map the row's names to the required columns, unless they are unchanged. */
void
import_map(struct import_rows *c, const struct reader_row *row)
{
	size_t i, n = row->header_n;

	if (c->names != NULL && n == c->nnames) {
		for (i = 0; i < n; i++) {
			if (strcmp(c->names[i], row->names[i]) != 0)
				break;
		}
		if (i == n)
			return;
	}
	import_clear_names(c);
	c->names = xcalloc(n + 1, sizeof *c->names);
	for (i = 0; i < n; i++)
		c->names[i] = xstrdup(row->names[i]);
	c->nnames = n;
	import_note_unknown(c, row->names, n);
	if (rules_columns_find(c->required, c->nreq, row->names, n, c->index,
	    &c->map_error) == 0)
		c->map_error = NULL;
}

static void
import_free_fields(struct import_rows *c)
{
	size_t i;

	for (i = 0; i < c->nreq; i++) {
		free(c->own[i]);
		c->own[i] = NULL;
		c->f[i] = NULL;
		c->flags[i] = 0;
		c->notes[i] = 0;
	}
}

/* Clean the required fields of row into c->f; most need no copy. */
void
import_fields(struct import_rows *c, const struct reader_row *row)
{
	size_t i, k;

	for (i = 0; i < c->nreq; i++) {
		k = (size_t)c->index[i];
		if (k >= row->n)
			c->f[i] = "";
		else if (text_is_plain(row->values[k], row->lens[k]))
			c->f[i] = row->values[k];
		else {
			c->own[i] = text_clean(row->values[k], row->lens[k],
			    &c->flags[i]);
			c->f[i] = c->own[i];
		}
	}
}

struct import_rows *
import_rows_new(struct db *db, const struct import_opts *opts,
    struct import_result *res, struct checks_input *in)
{
	struct import_rows *c = xcalloc(1, sizeof *c);

	c->db = db;
	c->opts = opts;
	c->res = res;
	c->in = in;
	totals_acc_init(&c->acc);
	c->required = opts->kind == IMPORT_CUSTOMERS ?
	    rules_customer_columns : rules_order_columns;
	c->nreq = opts->kind == IMPORT_CUSTOMERS ?
	    RULES_CUSTOMER_NCOLS : RULES_ORDER_NCOLS;
	return c;
}

int
import_rows_prepare(struct import_rows *c, char **cause)
{
	int i;

	if (db_exec(c->db, "DROP TABLE IF EXISTS temp.import_ids;"
	    "CREATE TEMP TABLE import_ids "
	    "(v TEXT PRIMARY KEY, row TEXT NOT NULL) WITHOUT ROWID;",
	    cause) == -1)
		return -1;
	for (i = 0; i < ST_COUNT; i++) {
		if (import_sql[i] != NULL &&
		    db_prepare(c->db, import_sql[i], &c->st[i], cause) == -1)
			return -1;
	}
	if (c->opts->kind == IMPORT_ORDERS)
		return import_orders_prepare(c, cause);
	return 0;
}

void
import_rows_free(struct import_rows *c)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(c->st[i]);
		c->st[i] = NULL;
	}
	import_clear_names(c);
	import_free_fields(c);
	totals_acc_free(&c->acc);
	free(c->max_order);
	c->max_order = NULL;
	strbuf_free(&c->group.id);
	strbuf_free(&c->group.arena);
	strbuf_free(&c->batch.arena);
	free(c->mobiles.slot);
	free(c->counts);
	import_proof_fallback(c);
	free(c);
}

int
import_rows_read(struct import_rows *c, struct reader *r, uint64_t total,
    char **cause)
{
	const struct import_opts *o = c->opts;
	struct import_progress p = { 0, 0, total, 0 };
	struct reader_row row;
	double start = datetime_monotonic();
	int rc, first = 1;

	while ((rc = reader_next(r, &row, cause)) == 1) {
		if (first && o->kind == IMPORT_CUSTOMERS) {
			import_map(c, &row);
			if (c->map_error != NULL) {
				*cause = c->map_error;
				c->map_error = NULL;
				return -1;
			}
		}
		first = 0;
		c->res->read++;
		rc = o->kind == IMPORT_CUSTOMERS ?
		    import_customer(c, &row, cause) :
		    import_order(c, &row, cause);
		import_free_fields(c);
		if (rc == -1)
			return -1;
		if (o->progress != NULL &&
		    c->res->read % IMPORT_PROGRESS_EVERY == 0) {
			p.rows = c->res->read;
			p.bytes = reader_bytes(r);
			p.elapsed = datetime_monotonic() - start;
			if (o->progress(&p, o->progress_arg) != 0) {
				*cause = xstrdup("import cancelled: nothing was "
				    "loaded");
				return -1;
			}
		}
	}
	if (rc == 0) {
		if (import_batch_flush(c, cause) == -1)
			return -1;
		import_group_close(c);
	}
	return rc;
}

/* The proof hashed while the lines were read, else read back. */
int
import_rows_proof(struct import_rows *c, char hex[HASH_HEXLEN + 1],
    char **cause)
{
	if (c->proof == NULL)
		return proof_record(c->db, c->res->batch, hex, cause);
	proof_orders_end(c->proof, hex);
	c->proof = NULL;
	return proof_store(c->db, c->res->batch, hex, cause);
}

