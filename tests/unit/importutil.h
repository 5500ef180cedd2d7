/*
 * importutil: the fixture the import unit tests share (check_import.c,
 * check_scope.c, check_sql_source.c): the database of testutil.h in a
 * private folder per test with the analyst ana, files written there,
 * one-value queries, reason counts, totals and proofs checked. Static
 * inline, as in testutil.h.
 */
#ifndef KP_IMPORTUTIL_H
#define KP_IMPORTUTIL_H

#include <sqlite3.h>

#include "testutil.h"

#include "db.h"
#include "hash.h"
#include "import.h"
#include "proof.h"
#include "totals.h"
#include "xmem.h"

static char *dir;
static struct db *db;

static void
setup(void)
{
	dir = testutil_tmpdir();
	db = testutil_db_open(dir);
	testutil_user(db, "ana", ROLE_ANALYST);
}

static void
teardown(void)
{
	testutil_db_close(db, dir);
}

/* Write text to name in the test's folder; caller frees the path. */
static inline char *
file(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);

	testutil_write(p, text, strlen(text), 0600);
	return p;
}

/* The integer a one-row query gives. */
static inline int64_t
q(const char *sql)
{
	return testutil_q(db, sql);
}

/* The count of a rejected_by_reason entry of res (0 when absent). */
static inline int64_t
reason(const struct import_result *res, const char *r)
{
	size_t i;

	for (i = 0; i < res->nreasons; i++) {
		if (strcmp(res->reasons[i].reason, r) == 0)
			return res->reasons[i].count;
	}
	return 0;
}

/* window_totals holds, for the day after the latest line's day only, each
 * mobile's revenue and lines of the 30 days before it: equal to a GROUP BY
 * over the lines (not the code that keeps it), both ways. */
static inline void
assert_window_exact(void)
{
	static const char recomputed[] =
	    "SELECT w.as_of, l.mobile, sum(l.revenue), count(*) "
	    "FROM (SELECT max(day) + 1 AS as_of FROM order_lines) w "
	    "JOIN order_lines l ON l.day >= w.as_of - 30 AND l.day < w.as_of "
	    "GROUP BY l.mobile";
	char *sql;

	sql = xasprintf("SELECT count(*) FROM (SELECT * FROM (%s EXCEPT "
	    "SELECT * FROM window_totals) UNION ALL SELECT * FROM (SELECT * "
	    "FROM window_totals EXCEPT %s))", recomputed, recomputed);
	ck_assert_int_eq(q(sql), 0);
	free(sql);
	ck_assert_int_eq(q("SELECT count(*) FROM window_totals"),
	    q("SELECT count(DISTINCT mobile) FROM order_lines WHERE day >= "
	    "(SELECT max(day) - 29 FROM order_lines)"));
}

/* The maintained totals equal a rebuild from the lines. */
static inline void
assert_totals_exact(void)
{
	char *cause = NULL;

	assert_window_exact();	/* as the imports and removals kept it */
	ck_assert_int_eq(db_exec(db, "DROP TABLE IF EXISTS temp.d;"
	    "DROP TABLE IF EXISTS temp.m; DROP TABLE IF EXISTS temp.c;"
	    "CREATE TEMP TABLE d AS SELECT * FROM day_totals;"
	    "CREATE TEMP TABLE m AS SELECT * FROM month_totals;"
	    "CREATE TEMP TABLE c AS SELECT * FROM customer_totals;", &cause), 0);
	ck_assert_int_eq(totals_rebuild(db, &cause), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM (SELECT * FROM temp.d EXCEPT "
	    "SELECT * FROM day_totals UNION ALL SELECT * FROM day_totals "
	    "EXCEPT SELECT * FROM temp.d)"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM (SELECT * FROM temp.m EXCEPT "
	    "SELECT * FROM month_totals UNION ALL SELECT * FROM month_totals "
	    "EXCEPT SELECT * FROM temp.m)"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM (SELECT * FROM temp.c EXCEPT "
	    "SELECT * FROM customer_totals UNION ALL SELECT * FROM "
	    "customer_totals EXCEPT SELECT * FROM temp.c)"), 0);
	assert_window_exact();	/* and as totals_rebuild writes it */
}

/* Each committed orders batch's recorded proof is the one read back. */
static inline void
assert_proofs(void)
{
	char hex[HASH_HEXLEN + 1], *cause = NULL;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_prepare_v2(db->h, "SELECT id, content_hash "
	    "FROM batches WHERE kind = 'orders' AND status <> 'discarded'", -1,
	    &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ck_assert_int_eq(proof_batch(db, sqlite3_column_int64(st, 0),
		    hex, &cause), 0);
		ck_assert_str_eq(hex, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
}

#endif
