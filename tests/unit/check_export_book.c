/* Unit tests (export_book.c, export_sheets.c,
 * xlsx.c, export_file.c): the workbook: 0600, recorded with its SHA-256, rebuilt to the
 * same bytes; long sheets continue on NAME_2 with a small injected row
 * limit; text that looks like a formula stays a string; folders killed
 * exports left behind are swept. */
#include "exportutil.h"

START_TEST(test_same_bytes)
{
	struct export_result first, second, copy;
	char *cause = NULL, *why = NULL, *out;
	struct stat sb;
	int same = 0;

	/* Two requests, approvals and writes at different times: the
	 * workbook shows the snapshot, not the clock, so the bytes match. */
	export_to("first.xlsx", T0, &first);
	export_to("second.xlsx", T0 + 3600, &second);
	ck_assert_str_eq(first.sha256, second.sha256);
	ck_assert_int_eq(first.bytes, second.bytes);
	ck_assert_int_eq(rebuilt_same(first.export_id, NULL), 1);

	/* A later day's orders leave the day's snapshot alone: a re-export
	 * of the past day is still the original, byte for byte, also when
	 * written to a file. */
	load(IMPORT_ORDERS, "o2.xml", "<orders>"
	    O("O9", "9000000002", "2025-10-14T12:00:00", "S1", "1")
	    "</orders>");
	ck_assert_int_eq(rebuilt_same(first.export_id, NULL), 1);
	out = xasprintf("%s/copy.xlsx", dir);
	ck_assert_int_eq(export_rebuild(db, first.export_id, out, &copy,
	    &same, &why, &cause), 0);
	ck_assert_int_eq(same, 1);
	ck_assert_ptr_null(why);
	ck_assert_str_eq(copy.sha256, first.sha256);
	ck_assert_int_eq(stat(out, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	export_result_free(&copy);
	/* Never over an existing file. */
	expect_refusal(export_rebuild(db, first.export_id, out, &copy, &same,
	    &why, &cause), &cause, "exists");
	free(out);

	/* The day's snapshot retaken over new lines of that day: the rebuild
	 * differs and says why. */
	load(IMPORT_ORDERS, "o3.xml", "<orders>"
	    O("O8", "9000000002", "2025-10-12T12:00:00", "S1", "1")
	    "</orders>");
	ck_assert_int_eq(snapshot_take(db, "os:test", 20374, NULL, &cause),
	    0);
	ck_assert_int_eq(rebuilt_same(first.export_id, "retaken"), 0);
	export_result_free(&first);
	export_result_free(&second);
}
END_TEST

/* The text of entry name in the zip at path (caller frees), or NULL. */
static char *
zip_entry(const char *path, const char *name)
{
	unz_file_info info;
	unzFile z = unzOpen(path);
	char *buf;
	int n;

	ck_assert_ptr_nonnull(z);
	if (unzLocateFile(z, name, 1) != UNZ_OK) {
		unzClose(z);
		return NULL;
	}
	ck_assert_int_eq(unzGetCurrentFileInfo(z, &info, NULL, 0, NULL, 0,
	    NULL, 0), UNZ_OK);
	buf = xmalloc(info.uncompressed_size + 1);
	ck_assert_int_eq(unzOpenCurrentFile(z), UNZ_OK);
	n = unzReadCurrentFile(z, buf, (unsigned)info.uncompressed_size);
	ck_assert_int_eq(n, (int)info.uncompressed_size);
	buf[n] = '\0';
	unzCloseCurrentFile(z);
	unzClose(z);
	return buf;
}

START_TEST(test_continuation)
{
	struct export_result res;
	char *cause = NULL, *out = xasprintf("%s/r.xlsx", dir), *wb;
	int64_t id = approved(T0);

	/* A header and two rows per sheet: Customers (3) needs two sheets,
	 * KPI_Daily_Trend (3 days) too. */
	xlsx_set_max_rows_for_tests(3);
	ck_assert_int_eq(export_write(db, id, out, 0, T0 + 120, &res, &cause),
	    0);
	wb = zip_entry(out, "xl/workbook.xml");
	ck_assert_ptr_nonnull(wb);
	ck_assert_ptr_nonnull(strstr(wb, "name=\"Customers\""));
	ck_assert_ptr_nonnull(strstr(wb, "name=\"Customers_2\""));
	ck_assert_ptr_null(strstr(wb, "name=\"Customers_3\""));
	ck_assert_ptr_nonnull(strstr(wb, "name=\"KPI_Daily_Trend_2\""));
	ck_assert_ptr_nonnull(strstr(wb, "name=\"Current_Day_Orders_2\""));
	ck_assert_ptr_null(strstr(wb, "name=\"Previous_Day_Orders_2\""));
	free(wb);
	export_result_free(&res);
	free(out);
}
END_TEST

START_TEST(test_xlsx_text_and_limit)
{
	static const struct xlsx_col cols[] = { { "a", 0 }, { "b", 0 } };
	char *cause = NULL, *path = xasprintf("%s/t.xlsx", dir), *xml;
	struct xlsx_sheet *s;
	struct xlsx *x;
	int i;

	xlsx_set_max_rows_for_tests(3);
	testutil_write(path, "", 0, 0600);
	x = xlsx_create(path, dir, 0, "t", &cause);
	ck_assert_ptr_nonnull(x);
	s = xlsx_sheet_add(x, "Data", cols, 2, 1);
	for (i = 0; i < 5; i++) {
		xlsx_row(s);
		xlsx_text(s, 0, i == 0 ? "=1+2" : i == 1 ? "+CMD|' /C calc'!A0" :
		    i == 2 ? "-3" : "@SUM(A1)");
		xlsx_money(s, 1, 12345);
	}
	ck_assert_int_eq(xlsx_sheet_rows(s), 5);
	ck_assert_int_eq(xlsx_close(x, &cause), 0);
	xml = zip_entry(path, "xl/workbook.xml");
	ck_assert_ptr_nonnull(strstr(xml, "name=\"Data_3\""));
	free(xml);
	xml = zip_entry(path, "xl/worksheets/sheet1.xml");
	ck_assert_ptr_nonnull(xml);
	ck_assert_ptr_null(strstr(xml, "<f>"));
	ck_assert_ptr_nonnull(strstr(xml, "t=\"inlineStr\""));
	ck_assert_ptr_nonnull(strstr(xml, "=1+2"));
	ck_assert_ptr_nonnull(strstr(xml, "<v>123.45</v>"));
	free(xml);
	free(path);
}
END_TEST

/* Folders that killed exports left behind are swept when old enough. */
START_TEST(test_sweep_stale)
{
	struct export_result res;
	struct utimbuf old = { time(NULL) - 7200, time(NULL) - 7200 };
	char *stale = xasprintf("%s/.kpidesk-export-old", dir);
	char *fresh = xasprintf("%s/.kpidesk-export-new", dir);
	char *file = xasprintf("%s/.kpidesk-export-file", dir);
	char *inside = xasprintf("%s/report.xlsx", stale);
	struct stat sb;

	ck_assert_int_eq(mkdir(stale, 0700), 0);
	ck_assert_int_eq(mkdir(fresh, 0700), 0);
	testutil_write(inside, "half", 4, 0600);
	testutil_write(file, "keep", 4, 0600);
	ck_assert_int_eq(utime(stale, &old), 0);
	ck_assert_int_eq(utime(file, &old), 0);
	export_to("swept.xlsx", T0, &res);
	ck_assert_int_eq(stat(stale, &sb), -1);
	ck_assert_int_eq(stat(fresh, &sb), 0);
	ck_assert_int_eq(stat(file, &sb), 0);
	export_result_free(&res);
	free(stale);
	free(fresh);
	free(file);
	free(inside);
}
END_TEST

/* Each stored KPI, read back as a table, is the live KPI's contract
 * columns: the same names, types and cells. */

static Suite *
export_book_suite(void)
{
	Suite *s = suite_create("export_book");
	TCase *tc = tcase_create("workbook");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_same_bytes);
	tcase_add_test(tc, test_continuation);
	tcase_add_test(tc, test_xlsx_text_and_limit);
	tcase_add_test(tc, test_sweep_stale);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(export_book_suite());
}
