/* import: reader -> rules -> prepared inserts, one transaction per batch. */
#include "import.h"

#include <sys/stat.h>

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <time.h>

#include <sqlite3.h>

#include "audit.h"
#include "checks.h"
#include "datetime.h"
#include "db.h"
#include "paths.h"
#include "proof.h"
#include "reader.h"
#include "rules.h"
#include "snapshot.h"
#include "text.h"
#include "totals.h"
#include "xmem.h"

#define IMPORT_PROGRESS_EVERY	4096	/* rows between progress calls */
#define IMPORT_VALUE_CELLS	120	/* width kept of a rejected value */

enum {
	ST_ISSUE,
	ST_CUST_CURRENT,
	ST_CUST_CLOSE,
	ST_CUST_INSERT,
	ST_SEEN_ID,
	ST_SEEN_MOBILE,
	ST_LINE_INSERT,
	ST_LINE_GET,
	ST_LINE_SIBLINGS,
	ST_COUNT
};

static const char *const import_sql[ST_COUNT] = {
	[ST_ISSUE] = "INSERT INTO row_issues (batch_id, line, kind, "
	    "column_name, reason, message, value) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_CUST_CURRENT] = "SELECT id, customer_name, mobile, region "
	    "FROM customers WHERE customer_id = ?1 AND to_batch IS NULL",
	[ST_CUST_CLOSE] = "UPDATE customers SET to_batch = ?2 WHERE id = ?1",
	[ST_CUST_INSERT] = "INSERT INTO customers (customer_id, customer_name, "
	    "mobile, region, line, from_batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_SEEN_ID] = "INSERT OR IGNORE INTO temp.import_ids (v) VALUES (?1)",
	[ST_SEEN_MOBILE] = "INSERT OR IGNORE INTO temp.import_mobiles (v) "
	    "VALUES (?1)",
	[ST_LINE_INSERT] = "INSERT INTO order_lines (batch_id, line, order_id, "
	    "sku_id, mobile, ordered_text, ordered_at, day, sku_count, amount) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
	    "ON CONFLICT (order_id, sku_id) DO NOTHING",
	[ST_LINE_GET] = "SELECT mobile, ordered_at, sku_count, amount "
	    "FROM order_lines WHERE order_id = ?1 AND sku_id = ?2",
	[ST_LINE_SIBLINGS] = "SELECT day, mobile FROM order_lines "
	    "WHERE order_id = ?1 AND sku_id <> ?2",
};

struct import_ctx {
	struct db			*db;
	const struct import_opts	*opts;
	struct import_result		*res;
	sqlite3_stmt			*st[ST_COUNT];
	struct checks_input		 in;
	struct totals_acc		 acc;	/* this batch's part of the totals */

	/* Column mapping, reused while the header names stay the same. */
	const char *const		*required;
	size_t				 nreq;
	const char			**names;	/* copies of the raw names */
	size_t				 nnames;
	int				 index[RULES_ORDER_NCOLS];
	char				*map_error;	/* when the names lack a column */

	size_t				 warned_line;	/* last row counted as warned */

	/* The cleaned required fields of the current row. */
	char				*f[RULES_ORDER_NCOLS];
	unsigned			 flags[RULES_ORDER_NCOLS];
};

/* Store one row issue; value is sanitized and shortened first. */
static int
import_issue(struct import_ctx *c, size_t line, const char *kind,
    const char *column, const char *reason, const char *message,
    const char *value, char **cause)
{
	sqlite3_stmt *st = c->st[ST_ISSUE];
	char *shown, *fit;
	int rc;

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

static int
import_reject(struct import_ctx *c, size_t line, int col, const char *reason,
    const char *message, char **cause)
{
	const char *column = col >= 0 ? c->required[col] : "";
	const char *value = col >= 0 && c->f[col] != NULL ? c->f[col] : "";

	return import_issue(c, line, "rejected", column, reason, message, value,
	    cause);
}

/* Warnings for text that was repaired or holds control characters. */
static int
import_text_warnings(struct import_ctx *c, size_t line, char **cause)
{
	size_t i;

	for (i = 0; i < c->nreq; i++) {
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
import_clear_names(struct import_ctx *c)
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
import_note_unknown(struct import_ctx *c, const char *const *names, size_t n)
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
			checks_note_column(&c->in, norm, 0);
		for (k = 0; k < i; k++) {
			char *other = rules_column_name(names[k]);

			if (strcmp(other, norm) == 0)
				checks_note_column(&c->in, norm, 1);
			free(other);
		}
		free(norm);
	}
}

/* Map the row's names to the required columns, unless they are unchanged. */
static void
import_map(struct import_ctx *c, const struct reader_row *row)
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
import_free_fields(struct import_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nreq; i++) {
		free(c->f[i]);
		c->f[i] = NULL;
		c->flags[i] = 0;
	}
}

/* Clean the required fields of row into c->f. */
static void
import_fields(struct import_ctx *c, const struct reader_row *row)
{
	size_t i, k;

	for (i = 0; i < c->nreq; i++) {
		k = (size_t)c->index[i];
		if (k < row->n)
			c->f[i] = text_clean(row->values[k], row->lens[k],
			    &c->flags[i]);
		else
			c->f[i] = xstrdup("");
	}
}

/* 1 if id/mobile was already in this file, else records it. */
static int
import_seen(struct import_ctx *c, int which, const char *v, char **cause)
{
	sqlite3_stmt *st = c->st[which];

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	if (db_step_done(c->db, st, cause) == -1)
		return -1;
	return sqlite3_changes(c->db->h) == 0;
}

/* Make (id, name, mobile, region) the current version of the customer. */
static int
import_customer_version(struct import_ctx *c, size_t line, const char *mobile,
    const char *region, char **cause)
{
	sqlite3_stmt *cur = c->st[ST_CUST_CURRENT], *st;
	int rc, same = 0;
	int64_t old = 0;

	sqlite3_reset(cur);
	sqlite3_bind_text(cur, 1, c->f[0], -1, SQLITE_STATIC);
	rc = sqlite3_step(cur);
	if (rc == SQLITE_ROW) {
		old = sqlite3_column_int64(cur, 0);
		same = strcmp((const char *)sqlite3_column_text(cur, 1),
		    c->f[1]) == 0 &&
		    strcmp((const char *)sqlite3_column_text(cur, 2), mobile) == 0 &&
		    strcmp((const char *)sqlite3_column_text(cur, 3), region) == 0;
	} else if (rc != SQLITE_DONE) {
		*cause = db_error(c->db, "reading customers");
		return -1;
	}
	sqlite3_reset(cur);
	if (same)
		return 0;
	if (old != 0) {
		st = c->st[ST_CUST_CLOSE];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, old);
		sqlite3_bind_int64(st, 2, c->res->batch);
		if (db_step_done(c->db, st, cause) == -1)
			return -1;
	}
	st = c->st[ST_CUST_INSERT];
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, c->f[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->f[1], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, mobile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, region, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)line);
	sqlite3_bind_int64(st, 6, c->res->batch);
	return db_step_done(c->db, st, cause);
}

/* One customer row: 0 handled (loaded or rejected), -1 database error. */
static int
import_customer(struct import_ctx *c, const struct reader_row *row,
    char **cause)
{
	char mobile[RULES_MOBILE_LEN + 1], *region = NULL, *msg;
	size_t line = row->line;
	int empty = 0, rc = -1, seen;

	if (row->n != row->header_n) {
		msg = xasprintf("the row has %zu fields, the header %zu",
		    row->n, row->header_n);
		rc = import_reject(c, line, -1, "field_count", msg, cause);
		free(msg);
		return rc;
	}
	import_fields(c, row);
	if (*c->f[0] == '\0')
		return import_reject(c, line, 0, "customer_id_empty",
		    "customer_id is empty", cause);
	if (*c->f[1] == '\0')
		return import_reject(c, line, 1, "customer_name_empty",
		    "customer_name is empty", cause);
	if (*c->f[2] == '\0')
		return import_reject(c, line, 2, "mobile_empty",
		    "mobile_number is empty", cause);
	if (rules_mobile(c->f[2], mobile) == -1)
		return import_reject(c, line, 2, "mobile_invalid",
		    "not a 10-digit mobile number starting 6-9", cause);
	if ((seen = import_seen(c, ST_SEEN_ID, c->f[0], cause)) != 0)
		return seen == -1 ? -1 : import_reject(c, line, 0,
		    "customer_id_duplicate", "customer_id repeated in the "
		    "file; the first row wins", cause);
	if ((seen = import_seen(c, ST_SEEN_MOBILE, mobile, cause)) != 0)
		return seen == -1 ? -1 : import_reject(c, line, 2,
		    "mobile_duplicate", "mobile number repeated in the file; "
		    "the first row wins", cause);
	region = rules_region(c->f[3], &empty);
	if (import_customer_version(c, line, mobile, region, cause) == -1)
		goto out;
	c->res->loaded++;
	if (empty && import_issue(c, line, "warning", "region", "region_empty",
	    "region is empty; counted as (unknown)", "", cause) == -1)
		goto out;
	rc = import_text_warnings(c, line, cause);
out:
	free(region);
	return rc;
}

/* An (order_id, sku_id) already stored: a dropped duplicate if every value
 * is the same, else a rejected conflict. */
static int
import_line_exists(struct import_ctx *c, size_t line, const char *mobile,
    int64_t at, int64_t count, int64_t amount, char **cause)
{
	sqlite3_stmt *st = c->st[ST_LINE_GET];
	int same;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, c->f[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->f[3], -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*cause = db_error(c->db, "reading order lines");
		return -1;
	}
	same = strcmp((const char *)sqlite3_column_text(st, 0), mobile) == 0 &&
	    sqlite3_column_int64(st, 1) == at &&
	    sqlite3_column_int64(st, 2) == count &&
	    sqlite3_column_int64(st, 3) == amount;
	sqlite3_reset(st);
	if (same)
		return import_issue(c, line, "duplicate", "order_id",
		    "duplicate_line", "exact repeat of a line already loaded; "
		    "dropped", c->f[0], cause);
	return import_reject(c, line, 3, "conflicting_line",
	    "this order_id and sku_id were loaded with other values", cause);
}

/* Count a stored line in the totals: its order is new to the day (month,
 * customer) unless another of its lines is already there. The lookup runs
 * now, while the order's B-tree page is still in the cache. */
static int
import_count_line(struct import_ctx *c, int32_t day, const char *dayname,
    const char *mobile, int64_t amount, char **cause)
{
	sqlite3_stmt *st = c->st[ST_LINE_SIBLINGS];
	int new_day = 1, new_month = 1, new_customer = 1, rc;
	char month[8], other[11];
	int32_t d;

	memcpy(month, dayname, 7);
	month[7] = '\0';
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, c->f[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->f[3], -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d = sqlite3_column_int(st, 0);
		if (d == day)
			new_day = 0;
		else
			datetime_format_day(d, other);
		if (d == day || memcmp(other, month, 7) == 0)
			new_month = 0;
		if (strcmp((const char *)sqlite3_column_text(st, 1), mobile) == 0)
			new_customer = 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		*cause = db_error(c->db, "reading order lines");
		return -1;
	}
	totals_acc_line(&c->acc, day, month, mobile, amount, new_day,
	    new_month, new_customer);
	return 0;
}

/* One order line: 0 handled (loaded, duplicate or rejected), -1 error. */
static int
import_order(struct import_ctx *c, const struct reader_row *row, char **cause)
{
	char mobile[RULES_MOBILE_LEN + 1], dayname[11];
	sqlite3_stmt *st = c->st[ST_LINE_INSERT];
	int64_t at, count, amount;
	int32_t day;
	size_t line = row->line, i;

	import_map(c, row);
	if (c->map_error != NULL)
		return import_issue(c, line, "rejected", "", "missing_field",
		    c->map_error, "", cause);
	import_fields(c, row);
	for (i = 0; i < c->nreq; i++) {
		if (*c->f[i] == '\0')
			return import_reject(c, line, (int)i, "field_empty",
			    "a required field is empty", cause);
	}
	if (rules_mobile(c->f[1], mobile) == -1)
		return import_reject(c, line, 1, "mobile_invalid",
		    "not a 10-digit mobile number starting 6-9", cause);
	if (datetime_parse(c->f[2], &at) == -1)
		return import_reject(c, line, 2, "date_invalid",
		    "not an ISO 8601 date and time", cause);
	if (rules_count(c->f[4], &count) == -1)
		return import_reject(c, line, 4, "sku_count_invalid",
		    "sku_count must be a whole number of at least 1", cause);
	if (rules_money(c->f[5], &amount) == -1)
		return import_reject(c, line, 5, "amount_invalid",
		    "total_amount must be a number >= 0 with at most 2 "
		    "decimals", cause);
	datetime_local_day(at, dayname);
	if (datetime_parse_day(dayname, &day) == -1) {
		*cause = xasprintf("line %zu: no local day for %s", line,
		    c->f[2]);
		return -1;
	}
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, c->res->batch);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)line);
	sqlite3_bind_text(st, 3, c->f[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->f[3], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, mobile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->f[2], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, at);
	sqlite3_bind_int(st, 8, day);
	sqlite3_bind_int64(st, 9, count);
	sqlite3_bind_int64(st, 10, amount);
	if (db_step_done(c->db, st, cause) == -1)
		return -1;
	if (sqlite3_changes(c->db->h) == 0)
		return import_line_exists(c, line, mobile, at, count, amount,
		    cause);
	c->res->loaded++;
	if (import_count_line(c, day, dayname, mobile, amount, cause) == -1)
		return -1;
	return import_text_warnings(c, line, cause);
}

/* Extension, size and name pattern of the upload policy. */
int
import_policy(struct db *db, const char *path, uint64_t size, char **cause)
{
	const char *name = paths_basename(path), *dot = strrchr(name, '.');
	char *exts = NULL, *pattern = NULL, *tok, *save = NULL;
	int64_t max = db_setting_int(db, "upload_max_bytes", 1 << 30);
	int ok = 0, rc = -1;

	if (db_setting(db, "upload_extensions", &exts, cause) == -1)
		return -1;
	for (tok = strtok_r(exts, ",", &save); tok != NULL && dot != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (strcasecmp(tok, dot + 1) == 0)
			ok = 1;
	}
	if (!ok) {
		*cause = xasprintf("%s: the extension is not allowed (allowed: "
		    "%s)", name, exts);
		goto out;
	}
	if (max > 0 && size > (uint64_t)max) {
		*cause = xasprintf("%s: %llu bytes is over the upload limit of "
		    "%lld bytes", name, (unsigned long long)size,
		    (long long)max);
		goto out;
	}
	if (db_setting(db, "upload_name_pattern", &pattern, cause) == -1)
		goto out;
	if (*pattern != '\0' && fnmatch(pattern, name, 0) != 0) {
		*cause = xasprintf("%s: the file name does not match the "
		    "required pattern %s", name, pattern);
		goto out;
	}
	rc = 0;
out:
	free(exts);
	free(pattern);
	return rc;
}

static int
import_prepare(struct import_ctx *c, char **cause)
{
	int i;

	if (db_exec(c->db, "CREATE TEMP TABLE IF NOT EXISTS import_ids "
	    "(v TEXT PRIMARY KEY) WITHOUT ROWID;"
	    "CREATE TEMP TABLE IF NOT EXISTS import_mobiles "
	    "(v TEXT PRIMARY KEY) WITHOUT ROWID;"
	    "DELETE FROM temp.import_ids; DELETE FROM temp.import_mobiles;",
	    cause) == -1)
		return -1;
	for (i = 0; i < ST_COUNT; i++) {
		if (db_prepare(c->db, import_sql[i], &c->st[i], cause) == -1)
			return -1;
	}
	return 0;
}

static void
import_finalize(struct import_ctx *c)
{
	int i;

	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(c->st[i]);
		c->st[i] = NULL;
	}
	import_clear_names(c);
	import_free_fields(c);
	totals_acc_free(&c->acc);
}

/* Insert the batch row (status 'pending') and note an identical earlier file. */
static int
import_begin_batch(struct import_ctx *c, const char *source, uint64_t size,
    char **cause)
{
	sqlite3_stmt *st;
	char now[21];
	int rc;

	if (db_prepare(c->db, "SELECT id FROM batches WHERE sha256 = ?1 AND "
	    "kind = ?2 AND status = 'committed' ORDER BY id LIMIT 1", &st,
	    cause) == -1)
		return -1;
	db_bind_texts(st, c->res->sha256, c->res->kind, (const char *)NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		c->res->repeat_of = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);

	audit_now(now);
	if (db_prepare(c->db, "INSERT INTO batches (kind, source, file_name, "
	    "file_size, sha256, imported_by, imported_at, repeat_of) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, c->res->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->res->file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)size);
	sqlite3_bind_text(st, 5, c->res->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->opts->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if (c->res->repeat_of != 0)
		sqlite3_bind_int64(st, 8, c->res->repeat_of);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	c->res->batch = sqlite3_last_insert_rowid(c->db->h);
	return rc;
}

/* Customers that this master file no longer lists stop being current. */
static int
import_close_missing(struct import_ctx *c, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(c->db, "UPDATE customers SET to_batch = ?1 "
	    "WHERE to_batch IS NULL AND from_batch <> ?1 AND customer_id NOT IN "
	    "(SELECT v FROM temp.import_ids)", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->res->batch);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

static double
import_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read every row through the rules. -1 on error or cancel (*cause). */
static int
import_rows(struct import_ctx *c, struct reader *r, uint64_t total,
    char **cause)
{
	const struct import_opts *o = c->opts;
	struct import_progress p = { 0, 0, total, 0 };
	struct reader_row row;
	double start = import_clock();
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
			p.elapsed = import_clock() - start;
			if (o->progress(&p, o->progress_arg) != 0) {
				*cause = xstrdup("import cancelled: nothing was "
				    "loaded");
				return -1;
			}
		}
	}
	return rc;
}

/* Fill res->reasons from the stored row issues. */
static int
import_reasons(struct db *db, struct import_result *res, char **cause)
{
	sqlite3_stmt *st;
	size_t cap = 0;

	if (db_prepare(db, "SELECT reason, count(*) FROM row_issues "
	    "WHERE batch_id = ?1 AND kind = 'rejected' GROUP BY reason "
	    "ORDER BY reason", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, res->batch);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (res->nreasons == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			res->reasons = xreallocarray(res->reasons, cap,
			    sizeof *res->reasons);
		}
		res->reasons[res->nreasons].reason =
		    xstrdup((const char *)sqlite3_column_text(st, 0));
		res->reasons[res->nreasons++].count =
		    sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Delete the batch's rows, restore the customer versions it replaced, and
 * take its lines out of the totals when they were counted. */
static int
import_undo_rows(struct db *db, int64_t batch, int counted, char **cause)
{
	static const char *const sql[] = {
		"DELETE FROM order_lines WHERE batch_id = ?1",
		"DELETE FROM customers WHERE from_batch = ?1",
		"UPDATE customers SET to_batch = NULL WHERE to_batch = ?1",
		"UPDATE batches SET status = 'discarded' WHERE id = ?1",
	};
	sqlite3_stmt *st;
	size_t i;

	if (counted && totals_remove(db, batch, cause) == -1)
		return -1;
	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if (db_prepare(db, sql[i], &st, cause) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, batch);
		if (db_step_done(db, st, cause) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* Write the counts and status, the checks, and the audit entry. */
static int
import_finish(struct import_ctx *c, const char *status, char **cause)
{
	struct import_result *res = c->res;
	char *details, object[32], proof[HASH_HEXLEN + 1] = "-";
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(c->db, "UPDATE batches SET rows_read = ?2, "
	    "rows_loaded = ?3, rows_rejected = ?4, rows_duplicate = ?5, "
	    "warnings = ?6, status = ?7, over_threshold_accepted = ?8 "
	    "WHERE id = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, res->batch);
	sqlite3_bind_int64(st, 2, res->read);
	sqlite3_bind_int64(st, 3, res->loaded);
	sqlite3_bind_int64(st, 4, res->rejected);
	sqlite3_bind_int64(st, 5, res->duplicates);
	sqlite3_bind_int64(st, 6, res->warnings);
	sqlite3_bind_text(st, 7, status, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, c->in.over_threshold && c->opts->accept_rejects);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	if (rc == -1 || (strcmp(status, "discarded") != 0 &&
	    proof_record(c->db, res->batch, proof, cause) == -1) ||
	    checks_build(c->db, res->batch, &c->in, cause) == -1 ||
	    import_reasons(c->db, res, cause) == -1)
		return -1;
	snprintf(object, sizeof object, "batch %lld", (long long)res->batch);
	details = xasprintf("%s sha256=%s proof=%s read=%lld loaded=%lld "
	    "rejected=%lld duplicates=%lld warnings=%lld status=%s", res->file,
	    res->sha256, proof,
	    (long long)res->read, (long long)res->loaded,
	    (long long)res->rejected, (long long)res->duplicates,
	    (long long)res->warnings, status);
	rc = audit_append(c->db, c->opts->actor, c->opts->kind ==
	    IMPORT_CUSTOMERS ? "import.customers" : "import.orders",
	    object, details, cause);
	free(details);
	return rc;
}

/* Open the input named by opts: a file by extension, or an SQL source. */
static struct reader *
import_open(const struct import_opts *o, char **cause)
{
	struct reader_limits lim;
	int fmt;

	reader_limits_default(&lim);
	if (o->query != NULL)
		return reader_open_sql(o->path, o->query, &lim, cause);
	fmt = reader_format_from_name(o->path);
	if (o->kind == IMPORT_CUSTOMERS && fmt != READER_CSV &&
	    fmt != READER_XLSX) {
		*cause = xasprintf("%s: customers come as .csv or .xlsx",
		    paths_basename(o->path));
		return NULL;
	}
	if (o->kind == IMPORT_ORDERS && fmt != READER_XML && fmt != READER_CSV) {
		*cause = xasprintf("%s: orders come as .xml (or .csv)",
		    paths_basename(o->path));
		return NULL;
	}
	return reader_open(o->path, (enum reader_format)fmt, &lim, cause);
}

static const char *
import_source(const struct import_opts *o)
{
	if (o->query != NULL)
		return "sqlite";
	switch (reader_format_from_name(o->path)) {
	case READER_XLSX:
		return "xlsx";
	case READER_XML:
		return "xml";
	default:
		return "csv";
	}
}

/* Hash the input and apply the upload policy (files only). */
static int
import_identify(struct db *db, const struct import_opts *o,
    struct import_result *res, uint64_t *size, char **cause)
{
	uint8_t digest[HASH_LEN];
	struct hash_ctx *h;

	if (hash_file(o->path, digest, size, cause) == -1)
		return -1;
	if (o->query != NULL) {
		/* The same query on the same database is the same batch. */
		h = hash_ctx_create();
		hash_ctx_update(h, digest, sizeof digest);
		hash_ctx_update(h, o->query, strlen(o->query));
		hash_ctx_final(h, digest);
	}
	hash_hex(digest, sizeof digest, res->sha256);
	if (o->query == NULL && import_policy(db, o->path, *size, cause) == -1)
		return -1;
	return 0;
}

/* Whether the rejected share is over the threshold. */
static int
import_over_threshold(struct db *db, const struct import_result *res,
    struct checks_input *in)
{
	in->threshold_pct = db_setting_int(db, "reject_threshold_pct",
	    RULES_REJECT_PERCENT);
	in->over_threshold = res->read > 0 &&
	    res->rejected * 100 > in->threshold_pct * res->read;
	return in->over_threshold;
}

int
import_run(struct db *db, const struct import_opts *opts,
    struct import_result *res, char **cause)
{
	struct import_ctx c;
	struct reader *r = NULL;
	char *tz = NULL;
	uint64_t size = 0;
	int over;

	memset(res, 0, sizeof *res);
	memset(&c, 0, sizeof c);
	res->kind = opts->kind == IMPORT_CUSTOMERS ? "customers" : "orders";
	res->file = xstrdup(paths_basename(opts->path));
	c.db = db;
	c.opts = opts;
	c.res = res;
	totals_acc_init(&c.acc);
	c.required = opts->kind == IMPORT_CUSTOMERS ?
	    rules_customer_columns : rules_order_columns;
	c.nreq = opts->kind == IMPORT_CUSTOMERS ?
	    RULES_CUSTOMER_NCOLS : RULES_ORDER_NCOLS;

	if (db_setting(db, "data_tz", &tz, cause) == -1 ||
	    datetime_set_zone(tz, cause) == -1 ||
	    import_identify(db, opts, res, &size, cause) == -1 ||
	    (r = import_open(opts, cause)) == NULL)
		goto fail;
	c.in.size = size;
	c.in.repeat_of = 0;
	if (db_begin(db, cause) == -1)
		goto fail;
	if (import_prepare(&c, cause) == -1 ||
	    import_begin_batch(&c, import_source(opts), size, cause) == -1 ||
	    import_rows(&c, r, size, cause) == -1)
		goto rollback;
	c.in.repeat_of = res->repeat_of;
	if (opts->kind == IMPORT_CUSTOMERS && res->read == 0) {
		*cause = xasprintf("%s has no customers (it is empty or only "
		    "a header): the master was not replaced", res->file);
		goto rollback;
	}
	if (opts->kind == IMPORT_CUSTOMERS && import_close_missing(&c,
	    cause) == -1)
		goto rollback;
	over = import_over_threshold(db, res, &c.in);
	if (over && !opts->accept_rejects) {
		/* Keep the batch and its row issues as evidence, no rows. */
		if (import_undo_rows(db, res->batch, 0, cause) == -1 ||
		    import_finish(&c, "discarded", cause) == -1 ||
		    db_commit(db, cause) == -1)
			goto rollback;
		res->over_threshold = 1;
		*cause = xasprintf("%lld of %lld rows (%.1f%%) were rejected, "
		    "over the %lld%% limit: nothing was loaded; see 'kpidesk "
		    "check %lld', fix the file, or accept with "
		    "--accept-rejects", (long long)res->rejected,
		    (long long)res->read, 100.0 * (double)res->rejected /
		    (double)res->read, (long long)c.in.threshold_pct,
		    (long long)res->batch);
		goto fail;
	}
	if ((opts->kind == IMPORT_ORDERS &&
	    totals_acc_flush(db, &c.acc, cause) == -1) ||
	    import_finish(&c, opts->keep_pending ? "pending" : "committed",
	    cause) == -1 ||
	    (!opts->keep_pending && snapshot_after_commit(db, opts->actor,
	    cause) == -1) || db_commit(db, cause) == -1)
		goto rollback;
	import_finalize(&c);
	checks_input_free(&c.in);
	reader_close(r);
	free(tz);
	return 0;
rollback:
	db_rollback(db);
	res->batch = 0;
fail:
	import_finalize(&c);
	checks_input_free(&c.in);
	reader_close(r);
	free(tz);
	return -1;
}

void
import_result_free(struct import_result *res)
{
	size_t i;

	for (i = 0; i < res->nreasons; i++)
		free(res->reasons[i].reason);
	free(res->reasons);
	free(res->file);
	memset(res, 0, sizeof *res);
}

/* Move a pending batch to committed or discarded, audited. */
static int
import_settle(struct db *db, int64_t batch, const char *actor, int accept,
    char **cause)
{
	sqlite3_stmt *st;
	char object[32];
	int rc;

	if (db_begin(db, cause) == -1)
		return -1;
	if (db_prepare(db, "SELECT status FROM batches WHERE id = ?1", &st,
	    cause) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, batch);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st,
	    0), "pending") != 0) {
		*cause = xasprintf("batch %lld is not waiting for a decision",
		    (long long)batch);
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	if (accept) {
		if (db_prepare(db, "UPDATE batches SET status = 'committed' "
		    "WHERE id = ?1", &st, cause) == -1)
			goto fail;
		sqlite3_bind_int64(st, 1, batch);
		rc = db_step_done(db, st, cause);
		sqlite3_finalize(st);
		if (rc == -1 || snapshot_after_commit(db, actor, cause) == -1)
			goto fail;
	} else if (import_undo_rows(db, batch, 1, cause) == -1)
		goto fail;
	snprintf(object, sizeof object, "batch %lld", (long long)batch);
	if (audit_append(db, actor, accept ? "batch.accept" : "batch.discard",
	    object, "", cause) == -1)
		goto fail;
	return db_commit(db, cause);
fail:
	db_rollback(db);
	return -1;
}

int
import_accept(struct db *db, int64_t batch, const char *actor, char **cause)
{
	return import_settle(db, batch, actor, 1, cause);
}

int
import_discard(struct db *db, int64_t batch, const char *actor, char **cause)
{
	return import_settle(db, batch, actor, 0, cause);
}
