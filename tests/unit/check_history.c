/* Unit tests (history.c,
 * history_months.c): the history views: stored KPI tables read back as the live KPIs, the
 * exports of a day, monthly aggregates from the snapshots. */
#include "exportutil.h"

START_TEST(test_history_kpi_table)
{
	struct kpi_params p = { 20374, KPI_ALL, -1 };	/* 2025-10-13 */
	struct table *live, *stored;
	char *cause = NULL;
	size_t k, r, c, sc;

	for (k = 0; k < kpi_count(); k++) {
		ck_assert_int_eq(kpi_run(db, kpi_at(k), &p, &live, &cause), 0);
		ck_assert_int_eq(history_kpi_table(db, "2025-10-13",
		    kpi_at(k)->name, SIZE_MAX, &stored, &cause), 0);
		ck_assert_uint_eq(stored->nrows, live->nrows);
		ck_assert_uint_gt(stored->nrows, 0);
		for (c = 0, sc = 0; c < live->ncols; c++) {
			if (live->cols[c].extra)
				continue;
			ck_assert_uint_lt(sc, stored->ncols);
			ck_assert_str_eq(stored->cols[sc].name,
			    live->cols[c].name);
			ck_assert_int_eq(stored->cols[sc].type,
			    live->cols[c].type);
			for (r = 0; r < live->nrows; r++) {
				if (live->cols[c].type == TABLE_TEXT)
					ck_assert_str_eq(table_cell(stored, r,
					    sc)->text, table_cell(live, r,
					    c)->text);
				else
					ck_assert_int_eq(table_cell(stored, r,
					    sc)->num, table_cell(live, r,
					    c)->num);
			}
			sc++;
		}
		ck_assert_uint_eq(sc, stored->ncols);
		table_free(live);
		table_free(stored);
	}
	/* A cap keeps the first rows. */
	ck_assert_int_eq(history_kpi_table(db, "2025-10-13", "daily-trend", 2,
	    &stored, &cause), 0);
	ck_assert_uint_eq(stored->nrows, 2);
	ck_assert_str_eq(table_cell(stored, 0, 0)->text, "2025-10-10");
	table_free(stored);
	expect_refusal(history_kpi_table(db, "2025-10-01", "daily-trend",
	    SIZE_MAX, &stored, &cause), &cause, "2025-10-01");
}
END_TEST

START_TEST(test_history_exports)
{
	struct export_result a, b;
	struct table *t;
	char *cause = NULL;

	export_to("a.xlsx", T0, &a);
	export_to("b.xlsx", T0 + 600, &b);
	ck_assert_int_eq(history_exports(db, "2025-10-13", &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 2);
	ck_assert_int_eq(table_cell(t, 0, 0)->num, a.export_id);
	ck_assert_str_eq(table_cell(t, 0, 1)->text, "a.xlsx");
	ck_assert_str_eq(table_cell(t, 0, 2)->text, a.sha256);
	ck_assert_int_eq(table_cell(t, 0, 3)->num, a.bytes);
	ck_assert_str_eq(table_cell(t, 0, 4)->text, "ana");
	ck_assert_str_eq(table_cell(t, 0, 5)->text, "bob");
	ck_assert_int_eq(table_cell(t, 1, 0)->num, b.export_id);
	ck_assert_str_eq(table_cell(t, 1, 1)->text, "b.xlsx");
	ck_assert_str_eq(table_cell(t, 1, 7)->text, b.path);
	table_free(t);
	ck_assert_int_eq(history_exports(db, "2025-10-12", &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 0);
	table_free(t);
	export_result_free(&a);
	export_result_free(&b);
}
END_TEST

/* Row r of history_months: month, status, through, snapshot, figures. */
static void
expect_month(const struct table *t, size_t r, const char *month,
    const char *status, const char *through, const char *snap,
    int64_t orders, int64_t revenue)
{
	ck_assert_uint_lt(r, t->nrows);
	ck_assert_str_eq(table_cell(t, r, 0)->text, month);
	ck_assert_str_eq(table_cell(t, r, 1)->text, status);
	ck_assert_str_eq(table_cell(t, r, 2)->text, through);
	ck_assert_str_eq(table_cell(t, r, 3)->text, snap);
	ck_assert_int_eq(table_cell(t, r, 4)->num, orders);
	ck_assert_int_eq(table_cell(t, r, 5)->num, revenue);
}

START_TEST(test_history_months)
{
	struct table *t;
	char *cause = NULL;

	/* One snapshot (as of 2025-10-13): October to date. */
	ck_assert_int_eq(history_months(db, &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 1);
	expect_month(t, 0, "2025-10", "to date", "2025-10-12", "2025-10-13",
	    5, 13675);
	table_free(t);

	/* November's first orders: October is closed by the first snapshot
	 * past it, November to date; a late October line taken into that
	 * snapshot counts for October there. */
	load(IMPORT_ORDERS, "nov.xml", "<orders>"
	    O("N1", "9000000002", "2025-11-02T12:00:00", "S1", "10")
	    O("L1", "9000000003", "2025-10-31T12:00:00", "S1", "1")
	    "</orders>");
	ck_assert_int_eq(history_months(db, &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 2);
	expect_month(t, 0, "2025-10", "closed", "2025-10-31", "2025-11-03",
	    6, 13775);
	expect_month(t, 1, "2025-11", "to date", "2025-11-02", "2025-11-03",
	    1, 1000);
	table_free(t);

	/* A snapshot on the 1st of a month holds all of the month before. */
	ck_assert_int_eq(snapshot_take(db, "os:test", 20393, NULL, &cause),
	    0);	/* 2025-11-01 */
	ck_assert_int_eq(history_months(db, &t, &cause), 0);
	expect_month(t, 0, "2025-10", "closed", "2025-10-31", "2025-11-01",
	    6, 13775);
	table_free(t);
}
END_TEST

static Suite *
history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("history");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_history_kpi_table);
	tcase_add_test(tc, test_history_exports);
	tcase_add_test(tc, test_history_months);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(history_suite());
}
