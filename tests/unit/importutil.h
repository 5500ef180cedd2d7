/*
 * importutil: the fixture the import unit tests share (check_import.c,
 * check_scope.c): a fresh database in a private folder per test, files
 * written there, one-value queries, reason counts, and an order line.
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
	char *path, *cause = NULL;

	dir = testutil_tmpdir();
	path = xasprintf("%s/kp.db", dir);
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &cause), 0);
	free(path);
	testutil_user(db, "ana", ROLE_ANALYST);
}

static void
teardown(void)
{
	db_close(db);
	testutil_rmtree(dir);
	free(dir);
}

/* Write text to name in the test's folder; caller frees the path. */
static char *
file(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);

	testutil_write(p, text, strlen(text), 0600);
	return p;
}

/* The integer a one-row query gives. */
static int64_t
q(const char *sql)
{
	sqlite3_stmt *st;
	int64_t v;

	ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The count of a rejected_by_reason entry of res (0 when absent). */
static int64_t
reason(const struct import_result *res, const char *r)
{
	size_t i;

	for (i = 0; i < res->nreasons; i++) {
		if (strcmp(res->reasons[i].reason, r) == 0)
			return res->reasons[i].count;
	}
	return 0;
}

/* The maintained totals equal a rebuild from the lines. */
static void
assert_totals_exact(void)
{
	char *cause = NULL;

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
}

/* Each committed orders batch's recorded proof is the one read back. */
static void
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

/* One <order> element, on a line of its own. */
#define ORDER(id, mob, at, sku, n, amt) \
	"<order><order_id>" id "</order_id><mobile_number>" mob \
	"</mobile_number><order_date_time>" at "</order_date_time><sku_id>" \
	sku "</sku_id><sku_count>" n "</sku_count><total_amount>" amt \
	"</total_amount></order>\n"

#endif
