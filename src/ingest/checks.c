/* checks: the sanity-check report of a batch. */
#include "checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "rules.h"
#include "sqlrow.h"
#include "table.h"
#include "xmem.h"

#define CHECKS_SAMPLES	3	/* sample rows kept per check */

#define K_CUST	0x1
#define K_ORD	0x2

/* One row rule: its reason code in row_issues, what it checks, and the
 * status when any row broke it. */
/* Checks named twice: where they are made and where their rows are read. */
#define CHECKS_ENCODING	"text encoding"
#define CHECKS_SHARE	"rejected share under the limit"

static const struct checks_rule {
	const char	*reason;
	const char	*name;
	unsigned	 kinds;
	const char	*bad;
} checks_rules[] = {
	{ "field_count", "rows have as many fields as the header", K_CUST, "FAIL" },
	{ "missing_field", "every order has all six fields", K_ORD, "FAIL" },
	{ "field_empty", "required fields are not empty", K_ORD, "FAIL" },
	{ "customer_id_empty", "customer_id is not empty", K_CUST, "FAIL" },
	{ "customer_name_empty", "customer_name is not empty", K_CUST, "FAIL" },
	{ "mobile_empty", "mobile_number is not empty", K_CUST, "FAIL" },
	{ "mobile_invalid", "mobile numbers are valid", K_CUST | K_ORD, "FAIL" },
	{ "date_invalid", "order_date_time is ISO 8601", K_ORD, "FAIL" },
	{ "sku_count_invalid", "sku_count is a whole number >= 1", K_ORD, "FAIL" },
	{ "amount_invalid", "total_amount is >= 0 with <= 2 decimals", K_ORD, "FAIL" },
	{ "customer_id_duplicate", "customer_id is unique in the file", K_CUST, "FAIL" },
	{ "mobile_duplicate", "mobile_number is unique in the file", K_CUST, "FAIL" },
	{ "conflicting_line", "no order line conflicts with one loaded", K_ORD, "FAIL" },
	{ "order_conflict", "lines of an order agree on mobile and time", K_ORD, "FAIL" },
	{ "order_total_conflict", "lines of an order read as a total carry it", K_ORD, "FAIL" },
	{ "duplicate_line", "no exact repeat of a loaded line", K_ORD, "WARN" },
	{ "duplicate_row", "no exact repeat of an earlier row", K_CUST, "WARN" },
	{ "region_empty", "region is given", K_CUST, "WARN" },
	{ "mobile_float_suffix", "mobiles are written as text, not 98..81.0", K_CUST | K_ORD, "WARN" },
	{ "sku_count_decimal", "sku_count is written as a whole number", K_ORD, "WARN" },
	{ "amount_currency", "total_amount carries no currency mark", K_ORD, "WARN" },
	{ "amount_grouping", "total_amount has no digit grouping", K_ORD, "WARN" },
	{ "utf8_repaired", "text is valid UTF-8", K_CUST | K_ORD, "WARN" },
	{ "control_chars", "no control, bidi or zero-width characters", K_CUST | K_ORD, "WARN" },
};

void
checks_note_column(struct checks_input *in, const char *name, int duplicate)
{
	struct strbuf *sb = duplicate ? &in->dups : &in->unknown;

	if (sb->len > 0)
		strbuf_puts(sb, ", ");
	strbuf_puts(sb, *name != '\0' ? name : "(empty)");
	if (duplicate)
		in->ndups++;
	else
		in->nunknown++;
}

void
checks_input_free(struct checks_input *in)
{
	strbuf_free(&in->unknown);
	strbuf_free(&in->dups);
}

struct checks_writer {
	struct db	*db;
	sqlite3_stmt	*st;
	int64_t		 batch;
	int		 seq;
};

static int
checks_put(struct checks_writer *w, const char *category, const char *name,
    const char *status, int64_t count, const char *detail, const char *samples,
    char **cause)
{
	sqlite3_reset(w->st);
	sqlite3_bind_int64(w->st, 1, w->batch);
	sqlite3_bind_int(w->st, 2, ++w->seq);
	sqlite3_bind_text(w->st, 3, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->st, 5, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w->st, 6, count);
	sqlite3_bind_text(w->st, 7, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->st, 8, samples != NULL ? samples : "", -1,
	    SQLITE_STATIC);
	return db_step_done(w->db, w->st, cause);
}

/* The count and first sample rows of one reason in the batch. */
static int
checks_reason(struct db *db, int64_t batch, const char *reason, int64_t *n,
    struct strbuf *samples, char **cause)
{
	sqlite3_stmt *st;
	int k = 0;

	*n = 0;
	strbuf_reset(samples);
	/* Counts from batch_reasons: row_issues keeps only the first rows. */
	if (db_prepare(db, "SELECT coalesce(sum(count), 0) FROM batch_reasons "
	    "WHERE batch_id = ?1 AND reason = ?2", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (*n == 0)
		return 0;
	if (db_prepare(db, "SELECT line, column_name, value "
	    "FROM row_issues WHERE batch_id = ?1 AND reason = ?2 "
	    "ORDER BY line LIMIT ?3", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, CHECKS_SAMPLES);
	while (sqlite3_step(st) == SQLITE_ROW) {
		strbuf_printf(samples, "%sline %lld %s: %s", k++ > 0 ? "\n" : "",
		    (long long)sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return 0;
}

/* Whether an SQL source's connection was encrypted: a network link in
 * clear text is a warning, a local socket or file is not. */
static int
checks_sql_tls(struct checks_writer *w, const struct checks_input *in,
    char **cause)
{
	char detail[sizeof in->sql_tls + 64];
	const char *status = "PASS";

	if (in->sql_encrypted)
		snprintf(detail, sizeof detail, "encrypted: %s", in->sql_tls);
	else if (in->sql_local)
		snprintf(detail, sizeof detail, "not encrypted (a local socket "
		    "or file, no network)");
	else {
		status = "WARN";
		snprintf(detail, sizeof detail, "not encrypted: ask for TLS in "
		    "the URI (sslmode=verify-full, ssl-mode=VERIFY_IDENTITY)");
	}
	return checks_put(w, "file", "source connection encrypted", status,
	    !in->sql_encrypted, detail, NULL, cause);
}

static int
checks_file(struct checks_writer *w, const struct checks_input *in,
    int64_t read, char **cause)
{
	char detail[sizeof in->sql_source + 64];

	if (in->is_sql) {
		if (checks_put(w, "file", "SQL source, read-only query", "PASS",
		    0, in->sql_source, NULL, cause) == -1 ||
		    checks_sql_tls(w, in, cause) == -1)
			return -1;
	} else {
		snprintf(detail, sizeof detail, "%llu bytes; extension, size "
		    "and name pattern allowed", (unsigned long long)in->size);
		if (checks_put(w, "file", "upload policy", "PASS", 0, detail,
		    NULL, cause) == -1)
			return -1;
	}
	snprintf(detail, sizeof detail, "%lld data rows", (long long)read);
	if (checks_put(w, "file", "file has data rows", read > 0 ? "PASS" :
	    "WARN", read, detail, NULL, cause) == -1)
		return -1;
	if (in->repeat_of != 0)
		snprintf(detail, sizeof detail, "same SHA-256 as batch %lld: "
		    "its lines add nothing", (long long)in->repeat_of);
	else
		snprintf(detail, sizeof detail, "a new file");
	return checks_put(w, "file", "file not loaded before",
	    in->repeat_of != 0 ? "WARN" : "PASS", in->repeat_of != 0, detail,
	    NULL, cause);
}

/* A CSV with invalid UTF-8 was most likely written in a legacy encoding. */
static int
checks_encoding(struct checks_writer *w, const struct checks_input *in,
    char **cause)
{
	char detail[200];
	int64_t n;

	if (!in->is_csv)
		return 0;
	if (db_query_ints(w->db, "SELECT coalesce(sum(count), 0) FROM "
	    "batch_reasons WHERE batch_id = ?1 AND reason = 'utf8_repaired'",
	    w->batch, 0, &n, NULL, cause) == -1)
		return -1;
	if (n == 0)
		snprintf(detail, sizeof detail, "the text is valid %s",
		    in->encoding_given ? "in the encoding given" : "UTF-8");
	else if (in->encoding_given)
		snprintf(detail, sizeof detail, "%lld rows hold bytes the "
		    "encoding given cannot read (shown as U+FFFD)",
		    (long long)n);
	else
		snprintf(detail, sizeof detail, "%lld rows are not valid "
		    "UTF-8: if the file comes from Excel on Windows, import it "
		    "again with --encoding windows-1252", (long long)n);
	return checks_put(w, "file", CHECKS_ENCODING, n > 0 ? "WARN" : "PASS",
	    n, detail, NULL, cause);
}

static int
checks_schema(struct checks_writer *w, const struct checks_input *in,
    char **cause)
{
	char detail[sizeof in->read_as + 64];

	if (checks_put(w, "schema", "required columns present", "PASS", 0,
	    "all required columns found", NULL, cause) == -1)
		return -1;
	if (in->read_as[0] != '\0') {
		snprintf(detail, sizeof detail, "%s", in->read_as);
		if (checks_put(w, "schema", "header is the first row",
		    in->title_rows > 0 ? "WARN" : "PASS", in->title_rows,
		    detail, NULL, cause) == -1)
			return -1;
	}
	if (checks_put(w, "schema", "no unknown columns",
	    in->nunknown > 0 ? "WARN" : "PASS", in->nunknown,
	    in->nunknown > 0 ? strbuf_str(&in->unknown) : "none", NULL,
	    cause) == -1)
		return -1;
	return checks_put(w, "schema", "no duplicate columns",
	    in->ndups > 0 ? "WARN" : "PASS", in->ndups,
	    in->ndups > 0 ? strbuf_str(&in->dups) : "none", NULL, cause);
}

static int
checks_rows(struct checks_writer *w, unsigned kind,
    const struct checks_input *in, int64_t read, int64_t rejected,
    char **cause)
{
	struct strbuf samples;
	char detail[160];
	size_t i;
	int64_t n;
	int rc = -1;

	strbuf_init(&samples);
	for (i = 0; i < sizeof checks_rules / sizeof checks_rules[0]; i++) {
		const struct checks_rule *r = &checks_rules[i];

		if ((r->kinds & kind) == 0)
			continue;
		if (checks_reason(w->db, w->batch, r->reason, &n, &samples,
		    cause) == -1)
			goto out;
		snprintf(detail, sizeof detail, "%s: %lld rows", r->reason,
		    (long long)n);
		if (checks_put(w, "row", r->name, n > 0 ? r->bad : "PASS", n,
		    detail, strbuf_str(&samples), cause) == -1)
			goto out;
	}
	snprintf(detail, sizeof detail, "%lld of %lld rows rejected; the "
	    "limit is %lld%%", (long long)rejected, (long long)read,
	    (long long)in->threshold_pct);
	rc = checks_put(w, "row", CHECKS_SHARE,
	    in->over_threshold ? "FAIL" : "PASS", rejected, detail, NULL,
	    cause);
out:
	strbuf_free(&samples);
	return rc;
}

void
checks_scope_text(const struct checks_input *in, char *buf, size_t len)
{
	const char *name = rules_scope_name((enum rules_scope)in->scope);

	if (in->scope == RULES_SCOPE_AUTO)
		name = "undecided (use --amount-scope line or order)";
	if (in->scope_multi == 0)
		snprintf(buf, len, "amount scope: %s%s, no order has two or "
		    "more lines", name, in->scope_asked ? " (as asked)" : "");
	else
		snprintf(buf, len, "amount scope: %s%s, %lld of %lld "
		    "multi-line orders repeat their total", name,
		    in->scope_asked ? " (as asked)" : "",
		    (long long)in->scope_repeat, (long long)in->scope_multi);
}

/* How total_amount was read: PASS with the evidence, FAIL when the auto
 * rule could not decide (nothing is then loaded). */
static int
checks_scope(struct checks_writer *w, const struct checks_input *in,
    char **cause)
{
	char detail[sizeof in->scope_text];

	if (!in->has_scope)
		return 0;
	checks_scope_text(in, detail, sizeof detail);
	return checks_put(w, "row", "amount scope", in->scope ==
	    RULES_SCOPE_AUTO ? "FAIL" : "PASS", in->scope_multi, detail, NULL,
	    cause);
}

static int
checks_cross(struct checks_writer *w, unsigned kind,
    const struct checks_input *in, char **cause)
{
	int64_t n, total;
	char detail[128];

	if (kind == K_CUST && in->has_lost) {
		if (in->lost_orders == 0)
			snprintf(detail, sizeof detail, "every order that had "
			    "a customer keeps one");
		else
			snprintf(detail, sizeof detail, "%lld orders of %lld "
			    "earlier customers lose their customer (of %lld "
			    "matched): counted as (unmatched)",
			    (long long)in->lost_orders,
			    (long long)in->lost_customers,
			    (long long)in->matched_orders);
		if (checks_put(w, "cross", "orders keep their customer",
		    in->lost_over ? "FAIL" : in->lost_orders > 0 ? "WARN" :
		    "PASS", in->lost_orders, detail, NULL, cause) == -1)
			return -1;
	}
	if (kind == K_ORD) {
		if (in->has_unmatched)
			n = in->unmatched;
		else if (db_query_ints(w->db, "SELECT count(*) "
		    "FROM order_lines o "
		    "WHERE o.batch_id = ?1 AND NOT EXISTS (SELECT 1 FROM "
		    "customers c WHERE c.mobile = o.mobile AND "
		    "c.to_batch IS NULL)", w->batch, 0, &n, NULL, cause) == -1)
			return -1;
		snprintf(detail, sizeof detail, "%lld lines whose mobile "
		    "matches no customer: counted as (unmatched)",
		    (long long)n);
		return checks_put(w, "cross", "orders match a customer",
		    n > 0 ? "WARN" : "PASS", n, detail, NULL, cause);
	}
	if (db_query_ints(w->db, "SELECT count(*) FROM customer_totals", 0, 0,
	    &total, NULL, cause) == -1 ||
	    db_query_ints(w->db, "SELECT count(*) FROM customers c "
	    "WHERE c.to_batch IS NULL AND NOT EXISTS (SELECT 1 FROM "
	    "customer_totals t WHERE t.mobile = c.mobile)", 0, 0, &n, NULL,
	    cause) == -1)
		return -1;
	if (total == 0)
		snprintf(detail, sizeof detail, "no orders loaded yet");
	else
		snprintf(detail, sizeof detail, "%lld customers have no "
		    "orders", (long long)n);
	return checks_put(w, "cross", "customers have orders",
	    n > 0 && total > 0 ? "WARN" : "PASS", total > 0 ? n : 0, detail,
	    NULL, cause);
}

int
checks_build(struct db *db, int64_t batch, const struct checks_input *in,
    char **cause)
{
	struct checks_writer w = { db, NULL, batch, 0 };
	sqlite3_stmt *st;
	unsigned kind;
	int64_t read, rejected;
	int rc = -1;

	if (db_prepare(db, "SELECT kind, rows_read, rows_rejected FROM batches "
	    "WHERE id = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*cause = xasprintf("no batch %lld", (long long)batch);
		sqlite3_finalize(st);
		return -1;
	}
	kind = strcmp((const char *)sqlite3_column_text(st, 0), "orders") == 0 ?
	    K_ORD : K_CUST;
	read = sqlite3_column_int64(st, 1);
	rejected = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);

	if (db_prepare(db, "INSERT INTO checks (batch_id, seq, category, name, "
	    "status, count, detail, samples) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &w.st, cause) == -1)
		return -1;
	if (checks_file(&w, in, read, cause) == 0 &&
	    checks_encoding(&w, in, cause) == 0 &&
	    checks_schema(&w, in, cause) == 0 &&
	    checks_rows(&w, kind, in, read, rejected, cause) == 0 &&
	    checks_scope(&w, in, cause) == 0 &&
	    checks_cross(&w, kind, in, cause) == 0)
		rc = 0;
	sqlite3_finalize(w.st);
	return rc;
}

int
checks_load(struct db *db, int64_t batch, struct checks_item **items,
    size_t *n, char **cause)
{
	struct checks_item *it;
	sqlite3_stmt *st;
	size_t cap = 0;

	*items = NULL;
	*n = 0;
	if (db_prepare(db, "SELECT category, name, status, count, detail, "
	    "samples FROM checks WHERE batch_id = ?1 ORDER BY seq", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*items = xgrow(*items, *n, &cap, sizeof **items);
		it = &(*items)[(*n)++];
		it->category = xstrdup(sqlrow_text(st, 0));
		it->name = xstrdup(sqlrow_text(st, 1));
		it->status = xstrdup(sqlrow_text(st, 2));
		it->count = sqlite3_column_int64(st, 3);
		it->detail = xstrdup(sqlrow_text(st, 4));
		it->samples = xstrdup(sqlrow_text(st, 5));
	}
	sqlite3_finalize(st);
	if (*n == 0) {
		*cause = xasprintf("no checks for batch %lld: see 'kpidesk "
		    "check' for the latest", (long long)batch);
		return -1;
	}
	return 0;
}

void
checks_free(struct checks_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(items[i].category);
		free(items[i].name);
		free(items[i].status);
		free(items[i].detail);
		free(items[i].samples);
	}
	free(items);
}

int64_t
checks_latest_batch(struct db *db, char **cause)
{
	int64_t n;

	if (db_query_ints(db, "SELECT coalesce(max(id), 0) FROM batches", 0,
	    0, &n, NULL, cause) == -1)
		return -1;
	return n;
}

int64_t
checks_pending_batch(struct db *db, char **cause)
{
	int64_t n;

	if (db_query_ints(db, "SELECT coalesce(max(id), 0) FROM batches "
	    "WHERE status = 'pending'", 0, 0, &n, NULL, cause) == -1)
		return -1;
	return n;
}

int
checks_batch_info(struct db *db, int64_t batch, struct checks_batch *out,
    char **cause)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT kind, file_name, status, sha256, rows_read, "
	    "rows_loaded, rows_rejected, rows_duplicate, warnings "
	    "FROM batches WHERE id = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		*cause = xasprintf("no batch %lld", (long long)batch);
		return -1;
	}
	out->id = batch;
	out->kind = xstrdup(sqlrow_text(st, 0));
	out->file = xstrdup(sqlrow_text(st, 1));
	out->status = xstrdup(sqlrow_text(st, 2));
	out->sha256 = xstrdup(sqlrow_text(st, 3));
	out->read = sqlite3_column_int64(st, 4);
	out->loaded = sqlite3_column_int64(st, 5);
	out->rejected = sqlite3_column_int64(st, 6);
	out->duplicates = sqlite3_column_int64(st, 7);
	out->warnings = sqlite3_column_int64(st, 8);
	sqlite3_finalize(st);
	return 0;
}

void
checks_batch_free(struct checks_batch *b)
{
	free(b->kind);
	free(b->file);
	free(b->status);
	free(b->sha256);
	memset(b, 0, sizeof *b);
}

/* What checks_issues binds beyond the batch, and the table it fills. */
struct checks_rows {
	const char	*reason, *kind;
	int64_t		 limit;
	struct table	*t;
};

static void
checks_issues_bind(sqlite3_stmt *st, void *arg)
{
	const struct checks_rows *rows = arg;

	if (rows->reason != NULL)
		sqlite3_bind_text(st, 2, rows->reason, -1, SQLITE_STATIC);
	if (rows->kind != NULL)
		sqlite3_bind_text(st, 3, rows->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, rows->limit);
}

const char *
checks_reason_words(const char *reason)
{
	size_t i;

	for (i = 0; i < sizeof checks_rules / sizeof checks_rules[0]; i++) {
		if (strcmp(reason, checks_rules[i].reason) == 0)
			return checks_rules[i].name;
	}
	return reason;
}

static int
checks_issues_row(sqlite3_stmt *st, void *arg)
{
	struct table *t = ((struct checks_rows *)arg)->t;
	const char *col = sqlrow_text(st, 2);
	size_t r;

	r = table_add_row(t);
	table_set_num(t, r, 0, sqlite3_column_int64(st, 0));
	table_set_text(t, r, 1, sqlrow_text(st, 1));
	table_set_text(t, r, 2, *col != '\0' ? col : "(whole row)");
	table_set_text(t, r, 3, sqlrow_text(st, 4));
	table_set_text(t, r, 4, sqlrow_text(st, 5));
	table_set_text(t, r, 5, checks_reason_words(sqlrow_text(st, 3)));
	return 0;
}

/* Which rows stand behind check name: 0 and rows->reason or ->kind set
 * (or neither, for all), or -1 when none do. */
static int
checks_issues_filter(const char *name, struct checks_rows *rows)
{
	size_t i;

	if (name == NULL)
		return 0;
	for (i = 0; i < sizeof checks_rules / sizeof checks_rules[0]; i++) {
		if (strcmp(name, checks_rules[i].name) == 0) {
			rows->reason = checks_rules[i].reason;
			return 0;
		}
	}
	if (strcmp(name, CHECKS_SHARE) == 0)
		rows->kind = "rejected";
	else if (strcmp(name, CHECKS_ENCODING) == 0)
		rows->reason = "utf8_repaired";
	else
		return -1;
	return 0;
}

int64_t
checks_rows_behind(const struct checks_item *it)
{
	struct checks_rows rows = { NULL, NULL, 0, NULL };

	return checks_issues_filter(it->name, &rows) == 0 ? it->count : 0;
}

int
checks_issues(struct db *db, int64_t batch, const char *name, int64_t limit,
    struct table **out, char **cause)
{
	struct checks_rows rows = { NULL, NULL, limit, NULL };
	const struct db_query q = {
		.sql = "SELECT line, kind, column_name, reason, value, message "
		    "FROM row_issues WHERE batch_id = ?1 AND (?2 IS NULL OR "
		    "reason = ?2) AND (?3 IS NULL OR kind = ?3) "
		    "ORDER BY line, id LIMIT ?4",
		.ints = &batch,
		.n_ints = 1,
		.bind = checks_issues_bind,
		.row = checks_issues_row,
		.arg = &rows,
		.what = "reading the rejected rows"
	};
	int none = checks_issues_filter(name, &rows) == -1;

	rows.t = table_create();
	table_add_col(rows.t, "line", TABLE_INT, 0);
	table_add_col(rows.t, "kind", TABLE_TEXT, 0);
	table_add_col(rows.t, "column", TABLE_TEXT, 0);
	table_add_col(rows.t, "value", TABLE_TEXT, 0);
	table_add_col(rows.t, "message", TABLE_TEXT, 0);
	table_add_col(rows.t, "problem", TABLE_TEXT, 0);
	if (!none && db_foreach(db, &q, cause) == -1) {
		table_free(rows.t);
		return -1;
	}
	*out = rows.t;
	return 0;
}
