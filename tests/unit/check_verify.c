/* Unit tests (history, kpi_def, totals_lines): history verify recomputes from the order lines (issue 13).
 * The five KPIs from the lines equal those from the totals on clean data,
 * at the default and past as_of days, with a multi-line order, an order
 * read as a total, an unmatched mobile and days on both sides of a month;
 * edited day, month and customer totals change neither the KPIs from the
 * lines nor verify's verdict on a snapshot, are named by totals_check, and
 * stop snapshot_take; a past snapshot verifies from the lines and the
 * customer master as they stood then, after a later batch and a new
 * master. window_totals (top spenders' window at the default as_of) moves
 * with a later batch and back when it is discarded, equal to the lines'
 * window each time; edited, it is named and stops a snapshot. */
#include <sqlite3.h>

#include "testutil.h"

#include "datetime.h"
#include "db.h"
#include "history.h"
#include "import.h"
#include "kpi.h"
#include "render.h"
#include "snapshot.h"
#include "strbuf.h"
#include "table.h"
#include "totals.h"
#include "xmem.h"

static char *dir;
static struct db *db;

#define CUSTOMERS \
	"customer_id,customer_name,mobile_number,region\n" \
	"C1,Asha,9000000001,north\n" \
	"C2,Bala,9000000002,South\n" \
	"C3,Chitra,9000000003,South\n"

static void
load(enum import_kind kind, const char *name, const char *text,
    const char *scope)
{
	testutil_load(db, dir, "t", kind, name, text, scope);
}

static void
setup(void)
{
	dir = testutil_tmpdir();
	db = testutil_db_open(dir);
	testutil_user(db, "t", ROLE_ANALYST);
	load(IMPORT_CUSTOMERS, "c.csv", CUSTOMERS, NULL);
	/* Two months; A1 has two lines; X1 matches no customer. */
	load(IMPORT_ORDERS, "o1.xml", "<orders>"
	    O("A1", "9000000001", "2025-09-29T10:00:00", "S1", "10")
	    O("A1", "9000000001", "2025-09-29T10:00:00", "S2", "15")
	    O("A2", "9000000001", "2025-09-30T10:00:00", "S1", "20")
	    O("B1", "9000000002", "2025-10-01T10:00:00", "S1", "30")
	    O("B2", "9000000002", "2025-10-02T10:00:00", "S1", "40")
	    O("X1", "9999999999", "2025-10-02T10:00:00", "S1", "50")
	    "</orders>", "line");
	/* Read as order totals: C1's second line adds nothing. */
	load(IMPORT_ORDERS, "o2.xml", "<orders>"
	    O("C1", "9000000003", "2025-10-03T10:00:00", "S1", "70")
	    O("C1", "9000000003", "2025-10-03T10:00:00", "S2", "70")
	    O("C2", "9000000003", "2025-10-04T10:00:00", "S1", "5")
	    "</orders>", "order");
}

static void
teardown(void)
{
	testutil_db_close(db, dir);
}

static int64_t
current_master(void)
{
	int64_t b;
	char *cause = NULL;

	ck_assert_int_eq(db_query_ints(db, "SELECT max(id) FROM batches "
	    "WHERE kind = 'customers' AND status = 'committed'", 0, 0, &b,
	    NULL, &cause), 0);
	return b;
}

/* KPI i as JSON: from the totals (lines == 0) or from the lines of the
 * committed batches (1) or of every batch, pending ones too (2). */
static char *
kpi_json(size_t i, int32_t as_of, int lines)
{
	struct kpi_params p = { as_of, KPI_ALL, -1 };
	struct totals_view v;
	struct strbuf sb;
	struct table *t;
	char *cause = NULL, name[11];

	if (!lines)
		ck_assert_msg(kpi_run(db, kpi_at(i), &p, &t, &cause) == 0,
		    "%s", cause);
	else {
		memset(&v, 0, sizeof v);
		v.f.as_of = as_of;
		v.f.last_batch = INT64_MAX;
		v.f.committed = lines == 1;
		ck_assert_msg(totals_lines(db, &v, 1, NULL, &cause) == 0, "%s",
		    cause);
		ck_assert_msg(kpi_run_lines(db, kpi_at(i), &v,
		    current_master(), &t, &cause) == 0, "%s", cause);
		totals_view_free(&v);
	}
	datetime_format_day(as_of, name);
	strbuf_init(&sb);
	render_json(&sb, kpi_at(i)->name, name, t);
	table_free(t);
	return strbuf_detach(&sb);
}

/* totals_check over every line: *ok, and the report (caller frees). */
static char *
check_totals(int *ok)
{
	struct totals_view v;
	struct strbuf sb;
	char *cause = NULL;

	memset(&v, 0, sizeof v);
	v.f.as_of = INT32_MAX;
	v.f.last_batch = INT64_MAX;
	*ok = 1;
	strbuf_init(&sb);
	ck_assert_msg(totals_lines(db, &v, 1, NULL, &cause) == 0, "%s", cause);
	ck_assert_msg(totals_check(db, &v, &sb, 10, ok, &cause) == 0, "%s",
	    cause);
	totals_view_free(&v);
	return strbuf_detach(&sb);
}

/* history verify of day (NULL: all): *ok, and the report (caller frees). */
static char *
verify(const char *d, int *ok)
{
	struct strbuf sb;
	char *cause = NULL;

	strbuf_init(&sb);
	ck_assert_msg(history_verify(db, d, &sb, ok, &cause) == 0, "%s",
	    cause);
	return strbuf_detach(&sb);
}

START_TEST(test_lines_equal_totals)
{
	static const char *const days[] = { "2025-10-05", "2025-10-04",
	    "2025-10-02", "2025-10-01", "2025-09-30", "2025-09-01" };
	char *a, *b, *report;
	size_t i, k;
	int ok;

	for (k = 0; k < sizeof days / sizeof days[0]; k++) {
		for (i = 0; i < kpi_count(); i++) {
			a = kpi_json(i, testutil_day(days[k]), 0);
			b = kpi_json(i, testutil_day(days[k]), 1);
			ck_assert_msg(strcmp(a, b) == 0, "%s as of %s: totals "
			    "%s, lines %s", kpi_at(i)->name, days[k], a, b);
			free(a);
			free(b);
		}
	}
	report = check_totals(&ok);
	ck_assert_msg(ok, "clean totals reported: %s", report);
	ck_assert_str_eq(report, "");
	free(report);
	report = verify(NULL, &ok);
	ck_assert_msg(ok, "%s", report);
	ck_assert_ptr_nonnull(strstr(report, "2025-10-05: verified"));
	free(report);
}
END_TEST

START_TEST(test_edited_totals)
{
	static const char *const edits[] = {
		"UPDATE month_totals SET revenue = revenue + 1000 "
		    "WHERE month = '2025-09'",
		"UPDATE day_totals SET orders = orders + 1",
		"UPDATE customer_totals SET revenue = revenue + 7 "
		    "WHERE mobile = '9000000002'",
		"DELETE FROM customer_totals WHERE mobile = '9999999999'",
		"UPDATE window_totals SET revenue = revenue + 3 "
		    "WHERE mobile = '9000000002'",
		"DELETE FROM window_totals WHERE mobile = '9000000001'",
		"UPDATE window_totals SET as_of = as_of - 1",
	};
	static const char *const named[] = {
		"month_totals 2025-09 differs from the order lines: revenue "
		    "55.00 (lines 45.00)\n",
		"day_totals 2025-09-29 differs from the order lines: orders 2 "
		    "(lines 1)\n",
		"customer_totals C2 (XXXXXX0002) differs from the order lines: "
		    "revenue 70.07 (lines 70.00)\n",
		"customer_totals mobile XXXXXX9999 differs from the order "
		    "lines: no totals row, the lines have orders 1, revenue "
		    "50.00\n",
		"window_totals C2 (XXXXXX0002) differs from the order lines: "
		    "revenue 70.03 (lines 70.00)\n",
		"window_totals C1 (XXXXXX0001) differs from the order lines: "
		    "no totals row, the lines have revenue 45.00, lines 3\n",
		"window_totals C3 (XXXXXX0003), kept as of day 20365 differs "
		    "from the order lines: the lines have none, the totals say "
		    "revenue 75.00, lines 3\n",
	};
	char *before[8], *after, *report, *cause = NULL;
	int32_t as_of = testutil_day("2025-10-05");

	ck_assert_int_eq(as_of, 20366);	/* as named[6] says */
	size_t i, e;
	int ok;

	for (i = 0; i < kpi_count(); i++)
		before[i] = kpi_json(i, as_of, 1);
	for (e = 0; e < sizeof edits / sizeof edits[0]; e++) {
		ck_assert_int_eq(db_exec(db, "SAVEPOINT edit", &cause), 0);
		ck_assert_int_eq(db_exec(db, edits[e], &cause), 0);
		/* The KPIs from the lines do not read the totals. */
		for (i = 0; i < kpi_count(); i++) {
			after = kpi_json(i, as_of, 1);
			ck_assert_str_eq(after, before[i]);
			free(after);
		}
		report = check_totals(&ok);
		ck_assert_int_eq(ok, 0);
		ck_assert_msg(strstr(report, named[e]) != NULL, "%s", report);
		free(report);
		/* verify: the snapshot still holds; the totals do not. */
		report = verify("2025-10-05", &ok);
		ck_assert_int_eq(ok, 0);
		ck_assert_ptr_nonnull(strstr(report, "2025-10-05: verified"));
		ck_assert_ptr_nonnull(strstr(report, named[e]));
		free(report);
		/* No snapshot over them, nor any repair. */
		ck_assert_int_eq(snapshot_take(db, "t", as_of, NULL, &cause),
		    SNAPSHOT_TOTALS_DIFFER);
		after = xstrndup(named[e], strlen(named[e]) - 1);
		ck_assert_msg(strstr(cause, after) != NULL, "%s", cause);
		free(after);
		free(cause);
		cause = NULL;
		report = check_totals(&ok);
		ck_assert_int_eq(ok, 0);
		free(report);
		ck_assert_int_eq(db_exec(db, "ROLLBACK TO edit; RELEASE edit",
		    &cause), 0);
	}
	for (i = 0; i < kpi_count(); i++)
		free(before[i]);
}
END_TEST

/* Import orders as a pending batch; its id. */
static int64_t
load_pending(const char *name, const char *text)
{
	struct import_opts o;
	struct import_result res;
	char *p = xasprintf("%s/%s", dir, name), *cause = NULL;
	int64_t batch;

	testutil_write(p, text, strlen(text), 0600);
	memset(&o, 0, sizeof o);
	o.kind = IMPORT_ORDERS;
	o.path = p;
	o.actor = "t";
	o.accept_rejects = 1;
	o.amount_scope = "line";
	o.keep_pending = 1;
	ck_assert_msg(import_run(db, &o, &res, &cause) == 0, "%s", cause);
	batch = res.batch;
	import_result_free(&res);
	free(p);
	return batch;
}

/* The rows window_totals keeps for as_of. */
static int64_t
window_rows(int32_t as_of)
{
	int64_t n;
	char *cause = NULL;

	ck_assert_int_eq(db_query_ints(db, "SELECT count(*) FROM "
	    "window_totals WHERE as_of = ?1", as_of, 0, &n, NULL, &cause), 0);
	return n;
}

/* Top spenders (read from window_totals at the default as_of) equal the
 * same KPI from the lines (of every batch, as the totals count them), and
 * the totals check passes. */
static void
assert_top_from_window(int32_t as_of, int64_t rows)
{
	char *a, *b, *report;
	size_t i;
	int ok;

	ck_assert_int_eq(window_rows(as_of), rows);
	for (i = 0; i < kpi_count(); i++) {
		a = kpi_json(i, as_of, 0);
		b = kpi_json(i, as_of, 2);
		ck_assert_msg(strcmp(a, b) == 0, "%s: totals %s, lines %s",
		    kpi_at(i)->name, a, b);
		free(a);
		free(b);
	}
	report = check_totals(&ok);
	ck_assert_msg(ok, "%s", report);
	free(report);
}

/* window_totals follows the latest day: a later batch moves it (its
 * lines on an old day stay out of it), removing the batch moves it back. */
START_TEST(test_window_follows_batches)
{
	int32_t first = testutil_day("2025-10-05");
	int32_t later = testutil_day("2025-11-21");
	int64_t batch;
	char *cause = NULL;

	/* C1, C2, C3 and the unmatched mobile. */
	assert_top_from_window(first, 4);
	batch = load_pending("o3.xml", "<orders>"
	    O("D1", "9000000002", "2025-11-20T10:00:00", "S1", "12.50")
	    O("D2", "9000000003", "2025-10-22T09:00:00", "S1", "3")
	    O("D3", "9000000001", "2025-10-01T10:00:00", "S1", "99")
	    "</orders>");
	ck_assert_int_eq(window_rows(first), 0);
	assert_top_from_window(later, 2);
	ck_assert_int_eq(import_discard(db, batch, "t", &cause), 0);
	ck_assert_int_eq(window_rows(later), 0);
	assert_top_from_window(first, 4);
}
END_TEST

/* A database of schema 9 (no window_totals) gets the table filled from its
 * lines when opened. */
START_TEST(test_window_migration)
{
	char *path = xasprintf("%s/kp.db", dir);
	sqlite3 *raw;

	db_close(db);
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(raw, "DROP TABLE window_totals; "
	    "PRAGMA user_version = 9", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	free(path);
	db = testutil_db_open(dir);
	assert_top_from_window(testutil_day("2025-10-05"), 4);
}
END_TEST

START_TEST(test_past_snapshot_from_its_lines)
{
	char *report, *cause = NULL;
	int64_t n;
	int ok;

	/* A later batch adds to the snapshot's days and a new master moves
	 * C2 to another region: 2025-10-05 must verify as it was. */
	load(IMPORT_ORDERS, "o3.xml", "<orders>"
	    O("D1", "9000000002", "2025-10-01T11:00:00", "S1", "100")
	    O("D2", "9000000001", "2025-10-06T11:00:00", "S1", "200")
	    "</orders>", "line");
	load(IMPORT_CUSTOMERS, "c2.csv",
	    "customer_id,customer_name,mobile_number,region\n"
	    "C1,Asha,9000000001,north\n"
	    "C2,Bala,9000000002,East\n"
	    "C3,Chitra,9000000003,South\n", NULL);
	ck_assert_int_eq(db_query_ints(db, "SELECT count(*) FROM snapshots",
	    0, 0, &n, NULL, &cause), 0);
	ck_assert_int_ge(n, 2);
	report = verify(NULL, &ok);
	ck_assert_msg(ok, "%s", report);
	ck_assert_ptr_nonnull(strstr(report, "2025-10-05: verified"));
	ck_assert_ptr_nonnull(strstr(report, "2025-10-07: verified"));
	free(report);
	/* A stored result the lines do not give is named by its row. */
	ck_assert_int_eq(db_exec(db, "UPDATE snapshot_kpis SET "
	    "result = replace(result, '\"45.00\"', '\"45.01\"'), "
	    "rows = replace(rows, '45.00', '45.01') WHERE day = '2025-10-05' "
	    "AND kpi = 'monthly-trend'", &cause), 0);
	report = verify("2025-10-05", &ok);
	ck_assert_int_eq(ok, 0);
	ck_assert_msg(strstr(report, "2025-10-05: KPI monthly-trend "
	    "recomputed from the order lines differs") != NULL, "%s", report);
	ck_assert_msg(strstr(report, "monthly-trend 2025-09: revenue 45.01 "
	    "-> 45.00") != NULL, "%s", report);
	free(report);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lines_equal_totals);
	tcase_add_test(tc, test_edited_totals);
	tcase_add_test(tc, test_past_snapshot_from_its_lines);
	tcase_add_test(tc, test_window_follows_batches);
	tcase_add_test(tc, test_window_migration);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
