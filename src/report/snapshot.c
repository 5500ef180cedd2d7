/* snapshot: a day's report frozen for auditors. */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <sqlite3.h>

#include "audit.h"
#include "datetime.h"
#include "db.h"
#include "kpi.h"
#include "kpi_cache.h"
#include "paths.h"
#include "proof.h"
#include "render.h"
#include "rules.h"
#include "smap.h"
#include "sqlrow.h"
#include "strbuf.h"
#include "table.h"
#include "text.h"
#include "totals.h"
#include "xmem.h"

#define SNAPSHOT_COLS \
	"day, taken_at, taken_by, coalesce(customer_batch, 0), last_batch, " \
	"order_lines, orders, revenue, check_summary, audit_seq, audit_hash, " \
	"content_hash"

static void
snapshot_row(sqlite3_stmt *st, struct snapshot_info *s)
{
	memset(s, 0, sizeof *s);
	snprintf(s->day, sizeof s->day, "%s", sqlrow_text(st, 0));
	s->taken_at = xstrdup(sqlrow_text(st, 1));
	s->taken_by = xstrdup(sqlrow_text(st, 2));
	s->customer_batch = sqlite3_column_int64(st, 3);
	s->last_batch = sqlite3_column_int64(st, 4);
	s->order_lines = sqlite3_column_int64(st, 5);
	s->orders = sqlite3_column_int64(st, 6);
	s->revenue = sqlite3_column_int64(st, 7);
	s->check_summary = xstrdup(sqlrow_text(st, 8));
	s->audit_seq = sqlite3_column_int64(st, 9);
	snprintf(s->audit_hash, sizeof s->audit_hash, "%s",
	    sqlrow_text(st, 10));
	snprintf(s->content_hash, sizeof s->content_hash, "%s",
	    sqlrow_text(st, 11));
}

void
snapshot_info_free(struct snapshot_info *s)
{
	free(s->taken_at);
	free(s->taken_by);
	free(s->check_summary);
	memset(s, 0, sizeof *s);
}

int
snapshot_get(struct db *db, const char *day, struct snapshot_info *out,
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT " SNAPSHOT_COLS " FROM snapshots "
	    "WHERE day = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	if ((rc = db_step_row(db, st, "the snapshots", cause)) == 1)
		snapshot_row(st, out);
	else if (rc == 0)
		*cause = xasprintf("no snapshot for %s: see 'kpidesk history "
		    "list'", day);
	sqlite3_finalize(st);
	return rc == 1 ? 0 : -1;
}

int
snapshot_exists(struct db *db, const char *day, int *exists, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT 1 FROM snapshots WHERE day = ?1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	rc = db_step_row(db, st, "the snapshots", cause);
	sqlite3_finalize(st);
	*exists = rc == 1;
	return rc == -1 ? -1 : 0;
}

int
snapshot_list(struct db *db, struct snapshot_info **list, size_t *n,
    char **cause)
{
	sqlite3_stmt *st;
	size_t cap = 0;

	*list = NULL;
	*n = 0;
	if (db_prepare(db, "SELECT " SNAPSHOT_COLS " FROM snapshots "
	    "ORDER BY day", &st, cause) == -1)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		*list = xgrow(*list, *n, &cap, sizeof **list);
		snapshot_row(st, &(*list)[(*n)++]);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The content hash over everything the snapshot records. */
static int
snapshot_hash(struct db *db, const struct snapshot_info *s,
    char hex[HASH_HEXLEN + 1], char **cause)
{
	struct hash_ctx *h = hash_ctx_create();
	sqlite3_stmt *st;
	int rc = -1;

	hash_ctx_field(h, "kpidesk.snapshot.v1");
	hash_ctx_field(h, s->day);
	hash_ctx_int(h, s->customer_batch);
	hash_ctx_int(h, s->last_batch);
	hash_ctx_int(h, s->order_lines);
	hash_ctx_int(h, s->orders);
	hash_ctx_int(h, s->revenue);
	hash_ctx_field(h, s->check_summary);
	hash_ctx_int(h, s->audit_seq);
	hash_ctx_field(h, s->audit_hash);
	/* The batches it rests on, through their proofs. */
	if (db_prepare(db, "SELECT id, kind, coalesce(content_hash, '') "
	    "FROM batches WHERE status = 'committed' AND id <= ?1 AND "
	    "(kind = 'orders' OR id = ?2) ORDER BY id", &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, s->last_batch);
	sqlite3_bind_int64(st, 2, s->customer_batch);
	while (sqlite3_step(st) == SQLITE_ROW) {
		hash_ctx_int(h, sqlite3_column_int64(st, 0));
		hash_ctx_field(h, sqlrow_text(st, 1));
		hash_ctx_field(h, sqlrow_text(st, 2));
	}
	sqlite3_finalize(st);
	if (db_prepare(db, "SELECT kpi, result, rows FROM snapshot_kpis "
	    "WHERE day = ?1 ORDER BY kpi", &st, cause) == -1)
		goto out;
	sqlite3_bind_text(st, 1, s->day, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		hash_ctx_field(h, sqlrow_text(st, 0));
		hash_ctx_field(h, sqlrow_text(st, 1));
		hash_ctx_field(h, sqlrow_text(st, 2));
	}
	sqlite3_finalize(st);
	rc = 0;
out:
	hash_ctx_final_hex(h, hex);
	return rc;
}

int
snapshot_intact(struct db *db, const struct snapshot_info *s, int *ok,
    char **cause)
{
	char hex[HASH_HEXLEN + 1];

	if (snapshot_hash(db, s, hex, cause) == -1)
		return -1;
	*ok = strcmp(hex, s->content_hash) == 0;
	return 0;
}

char *
snapshot_rows(const struct table *t)
{
	struct strbuf sb;
	size_t r, c;
	char *cell, *shown;
	int first;

	strbuf_init(&sb);
	for (r = 0; r <= t->nrows; r++) {
		first = 1;
		for (c = 0; c < t->ncols; c++) {
			if (t->cols[c].extra)
				continue;
			cell = r == 0 ? xstrdup(t->cols[c].name) :
			    table_format(t, r - 1, c);
			/* Controls become pictures: no tab or newline left. */
			shown = text_display(cell, 1);
			if (!first)
				strbuf_putc(&sb, '\t');
			strbuf_puts(&sb, shown);
			free(shown);
			free(cell);
			first = 0;
		}
		strbuf_putc(&sb, '\n');
	}
	return strbuf_detach(&sb);
}

/* Compute every KPI as of s->day and store it. */
static int
snapshot_store_kpis(struct db *db, const struct snapshot_info *s,
    int32_t as_of, char **cause)
{
	struct kpi_params p = { as_of, KPI_ALL, -1 };
	struct strbuf json;
	struct table *t;
	sqlite3_stmt *st;
	char *rows;
	size_t i;
	int rc = 0;

	if (db_prepare(db, "INSERT INTO snapshot_kpis (day, kpi, result, rows) "
	    "VALUES (?1, ?2, ?3, ?4)", &st, cause) == -1)
		return -1;
	for (i = 0; i < kpi_count() && rc == 0; i++) {
		if (kpi_run(db, kpi_at(i), &p, &t, cause) == -1) {
			rc = -1;
			break;
		}
		/* The dashboard draws from these until the data change. */
		if (kpi_cache_put(db, kpi_at(i), as_of, t, cause) == -1) {
			table_free(t);
			rc = -1;
			break;
		}
		strbuf_init(&json);
		render_json(&json, kpi_at(i)->name, s->day, t);
		rows = snapshot_rows(t);
		/* Its texts are made: the table's memory goes before SQLite
		 * builds the row (a ranking of 100k customers is ~8 MB). */
		table_free(t);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, s->day, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, kpi_at(i)->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, strbuf_str(&json), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, rows, -1, SQLITE_STATIC);
		rc = db_step_done(db, st, cause);
		free(rows);
		strbuf_free(&json);
	}
	sqlite3_finalize(st);
	return rc;
}

/* PASS/WARN/FAIL counts over the checks of the batches in play. */
static char *
snapshot_check_summary(struct db *db, int64_t last)
{
	int64_t pass = 0, warn = 0, fail = 0, batches = 0;
	char *cause = NULL;

	if (db_query_ints(db, "SELECT count(*) FILTER (WHERE c.status = "
	    "'PASS'), count(*) FILTER (WHERE c.status = 'WARN') FROM checks c "
	    "JOIN batches b ON b.id = c.batch_id WHERE b.status = 'committed' "
	    "AND b.id <= ?1", last, 0, &pass, &warn, &cause) == -1 ||
	    db_query_ints(db, "SELECT count(*) FILTER (WHERE c.status = "
	    "'FAIL'), count(DISTINCT c.batch_id) FROM checks c JOIN batches b "
	    "ON b.id = c.batch_id WHERE b.status = 'committed' AND "
	    "b.id <= ?1", last, 0, &fail, &batches, &cause) == -1) {
		free(cause);
		return xstrdup("check summary unavailable");
	}
	return xasprintf("%lld batches: %lld PASS, %lld WARN, %lld FAIL",
	    (long long)batches, (long long)pass, (long long)warn,
	    (long long)fail);
}

/* Fill the recorded parts of s for day as_of (all but the hash). */
static int
snapshot_measure(struct db *db, const char *actor, int32_t as_of,
    struct snapshot_info *s, char **cause)
{
	char ts[21];

	memset(s, 0, sizeof *s);
	datetime_format_day(as_of, s->day);
	audit_now(ts);
	s->taken_at = xstrdup(ts);
	s->taken_by = xstrdup(actor);
	if (db_query_ints(db, "SELECT coalesce(max(id) FILTER (WHERE kind = "
	    "'customers'), 0), coalesce(max(id), 0) FROM batches WHERE "
	    "status = 'committed'", 0, 0, &s->customer_batch, &s->last_batch,
	    cause) == -1 ||
	    db_query_ints(db, "SELECT coalesce(sum(lines), 0), "
	    "coalesce(sum(orders), 0) FROM day_totals WHERE day < ?1", as_of,
	    0, &s->order_lines, &s->orders, cause) == -1 ||
	    db_query_ints(db, "SELECT coalesce(sum(revenue), 0) FROM "
	    "day_totals WHERE day < ?1", as_of, 0, &s->revenue, NULL,
	    cause) == -1 ||
	    audit_head(db, &s->audit_seq, s->audit_hash, cause) == -1)
		return -1;
	s->check_summary = snapshot_check_summary(db, s->last_batch);
	return 0;
}

static int
snapshot_insert(struct db *db, const struct snapshot_info *s, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "INSERT INTO snapshots (day, taken_at, taken_by, "
	    "customer_batch, last_batch, order_lines, orders, revenue, "
	    "check_summary, audit_seq, audit_hash, content_hash) VALUES "
	    "(?1, ?2, ?3, nullif(?4, 0), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	    &st, cause) == -1)
		return -1;
	db_bind_texts(st, s->day, s->taken_at, s->taken_by, (const char *)NULL);
	sqlite3_bind_int64(st, 4, s->customer_batch);
	sqlite3_bind_int64(st, 5, s->last_batch);
	sqlite3_bind_int64(st, 6, s->order_lines);
	sqlite3_bind_int64(st, 7, s->orders);
	sqlite3_bind_int64(st, 8, s->revenue);
	sqlite3_bind_text(st, 9, s->check_summary, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, s->audit_seq);
	sqlite3_bind_text(st, 11, s->audit_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, s->content_hash, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

/* Run one statement with ?1 = a and ?2 = b (or none). */
static int
snapshot_exec2(struct db *db, const char *sql, const char *a, const char *b,
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st, cause) == -1)
		return -1;
	db_bind_texts(st, a, b, (const char *)NULL);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

/*
 * The totals tables against every order line, in the caller's transaction
 * so nothing changes between the check and the snapshot: an edit is never
 * carried into a new snapshot. One pass over the lines.
 */
static int
snapshot_check_totals(struct db *db, char **cause)
{
	struct totals_view v;
	struct strbuf report;
	int ok = 1, rc;

	memset(&v, 0, sizeof v);
	v.f.as_of = INT32_MAX;
	v.f.last_batch = INT64_MAX;
	v.f.committed = 0;
	strbuf_init(&report);
	if ((rc = totals_lines(db, &v, 1, NULL, cause)) == 0)
		rc = totals_check_tables(db, &v, &report, 3, &ok, cause);
	/* The view's map of every customer goes before the window's. */
	totals_view_free(&v);
	if (rc == 0)
		rc = totals_check_window(db, &report, 3, &ok, cause);
	if (rc == 0 && !ok) {
		*cause = xasprintf("no snapshot taken: the totals the KPIs are "
		    "read from differ from the order lines (edited behind "
		    "kpidesk's back?); an integrity alert is logged, and "
		    "'kpidesk history verify' names every difference:\n%s",
		    strbuf_str(&report));
		/* No trailing newline: callers add their own. */
		(*cause)[strlen(*cause) - 1] = '\0';
		rc = SNAPSHOT_TOTALS_DIFFER;
	}
	strbuf_free(&report);
	return rc;
}

void
snapshot_alert(struct db *db, const char *actor, char **why)
{
	char *cause = NULL, *both;

	if (db_begin(db, &cause) == 0) {
		if (audit_append(db, actor, "integrity.alert", "totals", *why,
		    &cause) == 0 && db_commit(db, &cause) == 0)
			return;
		db_rollback(db);
	}
	both = xasprintf("%s\n(and the alert could not be logged: %s)", *why,
	    cause);
	free(cause);
	free(*why);
	*why = both;
}

int
snapshot_take(struct db *db, const char *actor, int32_t as_of,
    struct snapshot_info *out, char **cause)
{
	struct snapshot_info s;
	int rc = -1, checked, own;

	if ((checked = snapshot_check_totals(db, cause)) != 0)
		return checked;
	/* Alone, a transaction of its own, so that db_commit records the
	 * rows and anchors the head; else a part of the caller's. */
	own = sqlite3_get_autocommit(db->h);
	if (db_exec(db, own ? "BEGIN IMMEDIATE" : "SAVEPOINT snapshot",
	    cause) == -1)
		return -1;
	if (snapshot_measure(db, actor, as_of, &s, cause) == -1 ||
	    snapshot_exec2(db, "DELETE FROM snapshot_kpis WHERE day = ?1",
	    s.day, NULL, cause) == -1 ||
	    snapshot_exec2(db, "DELETE FROM snapshots WHERE day = ?1", s.day,
	    NULL, cause) == -1 ||
	    snapshot_insert(db, &s, cause) == -1 ||
	    snapshot_store_kpis(db, &s, as_of, cause) == -1 ||
	    snapshot_hash(db, &s, s.content_hash, cause) == -1 ||
	    snapshot_exec2(db, "UPDATE snapshots SET content_hash = ?2 "
	    "WHERE day = ?1", s.day, s.content_hash, cause) == -1 ||
	    audit_append(db, actor, "snapshot.take", s.day, s.content_hash,
	    cause) == -1)
		goto out;
	rc = 0;
out:
	if (own && rc == 0)
		rc = db_commit(db, cause);
	else if (own)
		db_rollback(db);
	else {
		if (rc == -1)
			sqlite3_exec(db->h, "ROLLBACK TO snapshot", NULL, NULL,
			    NULL);
		sqlite3_exec(db->h, "RELEASE snapshot", NULL, NULL, NULL);
	}
	if (rc == 0 && out != NULL)
		*out = s;
	else
		snapshot_info_free(&s);
	return rc;
}

int
snapshot_after_commit(struct db *db, const char *actor, char **cause)
{
	int32_t as_of;
	int64_t n;

	if (db_query_ints(db, "SELECT count(*) FROM day_totals", 0, 0, &n,
	    NULL, cause) == -1)
		return -1;
	if (n == 0)
		return 0;	/* no orders yet: nothing to report */
	if (kpi_default_as_of(db, &as_of, cause) == -1)
		return -1;
	return snapshot_take(db, actor, as_of, NULL, cause);
}
