/* Unit tests (kpi, kpi_def, kpi_cache): the five KPIs on small hand-made data with known answers:
 * ties, lines sharing an order, unmatched orders, the 30-day window edge,
 * Z and +05:30 offsets crossing midnight in Asia/Kolkata, periods, past
 * as_of, zero-filled days, and the extras (change, share, unusual days);
 * the KPI table (kpi, kpi_def) and its consumers agreeing with it: the
 * export's sheet list (export), kpi all and the usage texts (cli_report,
 * cli), the terminal and workbook chart columns (kpi_chart, export_book). */
#include <fcntl.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testutil.h"

#include "datetime.h"
#include "cli.h"
#include "db.h"
#include "export.h"
#include "import.h"
#include "kpi.h"
#include "kpi_cache.h"
#include "strbuf.h"
#include "table.h"
#include "xmem.h"

static char *dir;
static struct db *db;

static void
load(enum import_kind kind, const char *name, const char *text)
{
	testutil_load(db, dir, "t", kind, name, text, NULL);
}

static void
setup(void)
{
	dir = testutil_tmpdir();
	db = testutil_db_open(dir);
	testutil_user(db, "t", ROLE_ANALYST);
	load(IMPORT_CUSTOMERS, "c.csv",
	    "customer_id,customer_name,mobile_number,region\n"
	    "C1,Asha,9000000001,north\n"
	    "C2,Bala,9000000002,South\n"
	    "C3,Chitra,9000000003,South\n"
	    "C4,Dev,9000000004,\n");
}

static void
teardown(void)
{
	testutil_db_close(db, dir);
}

/* Run KPI name as of day (NULL: default) for period; caller frees. */
static struct table *
run(const char *name, const char *as_of, enum kpi_period period)
{
	struct kpi_params p = { 0, period, -1 };
	struct table *t;
	char *cause = NULL;

	if (as_of == NULL)
		ck_assert_int_eq(kpi_default_as_of(db, &p.as_of, &cause), 0);
	else
		p.as_of = testutil_day(as_of);
	if (kpi_run(db, kpi_find(name), &p, &t, &cause) != 0)
		ck_abort_msg("%s: %s", name, cause);
	return t;
}

/* Cell (r, c) formatted, compared with want. */
static void
cell_is(const struct table *t, size_t r, size_t c, const char *want)
{
	char *s;

	ck_assert_uint_lt(r, t->nrows);
	s = table_format(t, r, c);
	ck_assert_str_eq(s, want);
	free(s);
}

START_TEST(test_repeat_ties_and_shared_lines)
{
	struct table *t;

	load(IMPORT_ORDERS, "o.xml", "<orders>"
	    O("A1", "9000000001", "2025-10-01T10:00:00", "S1", "10")
	    O("A1", "9000000001", "2025-10-01T10:00:00", "S2", "10")
	    O("A2", "9000000001", "2025-10-02T10:00:00", "S1", "10")
	    O("B1", "9000000002", "2025-10-01T10:00:00", "S1", "10")
	    O("B2", "9000000002", "2025-10-03T10:00:00", "S1", "10")
	    O("C1", "9000000003", "2025-10-03T10:00:00", "S1", "10")
	    O("X1", "9999999999", "2025-10-03T10:00:00", "S1", "10")
	    O("X2", "9999999999", "2025-10-04T10:00:00", "S1", "10")
	    "</orders>");
	t = run("repeat-customers", NULL, KPI_ALL);
	/* A1's two lines are one order; C1 and C2 tie at 2, by id;
	 * the unmatched mobile is no customer. */
	ck_assert_uint_eq(t->nrows, 2);
	cell_is(t, 0, 0, "C1");
	cell_is(t, 0, 2, "2");
	cell_is(t, 1, 0, "C2");
	cell_is(t, 1, 2, "2");
	table_free(t);
	/* As of 10-03, B2 (on the 3rd) is not seen yet. */
	t = run("repeat-customers", "2025-10-03", KPI_ALL);
	ck_assert_uint_eq(t->nrows, 1);
	cell_is(t, 0, 0, "C1");
	table_free(t);
	/* The latest day alone holds no repeat. */
	t = run("repeat-customers", NULL, KPI_LATEST_DAY);
	ck_assert_uint_eq(t->nrows, 0);
	table_free(t);
}
END_TEST

START_TEST(test_daily_zero_fill_and_offsets)
{
	struct table *t;

	/* 20:00Z on the 1st is 01:30 on the 2nd in Kolkata; 23:59:59+05:30
	 * stays on the 3rd; nothing on the 4th; 18:29:59Z on the 5th is
	 * 23:59:59 local, still the 5th. */
	load(IMPORT_ORDERS, "o.xml", "<orders>"
	    O("A1", "9000000001", "2025-10-01T20:00:00Z", "S1", "1.50")
	    O("A2", "9000000001", "2025-10-03T23:59:59+05:30", "S1", "2")
	    O("A3", "9000000002", "2025-10-05T18:29:59Z", "S1", "3")
	    O("A4", "9000000002", "2025-10-05T18:30:00Z", "S1", "4")
	    "</orders>");
	t = run("daily-trend", NULL, KPI_ALL);
	ck_assert_uint_eq(t->nrows, 5);
	cell_is(t, 0, 0, "2025-10-02");
	cell_is(t, 0, 2, "1.50");
	cell_is(t, 1, 0, "2025-10-03");
	cell_is(t, 2, 0, "2025-10-04");
	cell_is(t, 2, 1, "0");
	cell_is(t, 2, 2, "0.00");
	cell_is(t, 3, 0, "2025-10-05");
	cell_is(t, 3, 2, "3.00");
	cell_is(t, 4, 0, "2025-10-06");
	table_free(t);
}
END_TEST

START_TEST(test_top_spenders_window_edge)
{
	struct table *t;

	/* as_of = 2025-11-01: the window is [10-02, 11-01). */
	load(IMPORT_ORDERS, "o.xml", "<orders>"
	    O("A1", "9000000001", "2025-10-01T23:59:59", "S1", "1000")
	    O("A2", "9000000001", "2025-10-02T00:00:00", "S1", "5")
	    O("B1", "9000000002", "2025-10-31T23:59:59", "S1", "5")
	    O("C1", "9000000003", "2025-10-15T12:00:00", "S1", "7.25")
	    O("X1", "9999999999", "2025-10-15T12:00:00", "S1", "99")
	    O("D1", "9000000004", "2025-11-01T00:00:00", "S1", "500")
	    "</orders>");
	t = run("top-spenders", "2025-11-01", KPI_ALL);
	ck_assert_uint_eq(t->nrows, 3);
	cell_is(t, 0, 1, "C3");
	cell_is(t, 0, 3, "7.25");
	/* C1 and C2 tie at 5.00: by customer_id, ranks 2 and 3. */
	cell_is(t, 1, 0, "2");
	cell_is(t, 1, 1, "C1");
	cell_is(t, 1, 3, "5.00");
	cell_is(t, 2, 0, "3");
	cell_is(t, 2, 1, "C2");
	table_free(t);
}
END_TEST

START_TEST(test_regional_revenue_and_share)
{
	struct table *t;

	load(IMPORT_ORDERS, "o.xml", "<orders>"
	    O("A1", "9000000001", "2025-10-01T10:00:00", "S1", "30")
	    O("B1", "9000000002", "2025-10-01T10:00:00", "S1", "20")
	    O("C1", "9000000003", "2025-10-02T10:00:00", "S1", "20")
	    O("C1", "9000000003", "2025-10-02T10:00:00", "S2", "10")
	    O("D1", "9000000004", "2025-10-02T10:00:00", "S1", "10")
	    O("X1", "9999999999", "2025-10-02T10:00:00", "S1", "10")
	    "</orders>");
	t = run("regional-revenue", NULL, KPI_ALL);
	ck_assert_uint_eq(t->nrows, 4);
	cell_is(t, 0, 0, "South");
	cell_is(t, 0, 1, "2");
	cell_is(t, 0, 2, "50.00");
	cell_is(t, 0, 3, "50.0%");
	cell_is(t, 1, 0, "North");
	/* 10.00 each: ties by region name. */
	cell_is(t, 2, 0, "(unknown)");
	cell_is(t, 3, 0, "(unmatched)");
	cell_is(t, 3, 3, "10.0%");
	table_free(t);
	/* The latest day only: South has just C1. */
	t = run("regional-revenue", NULL, KPI_LATEST_DAY);
	cell_is(t, 0, 0, "South");
	cell_is(t, 0, 1, "1");
	cell_is(t, 0, 2, "30.00");
	table_free(t);
}
END_TEST

START_TEST(test_monthly_and_change)
{
	struct table *t;

	load(IMPORT_ORDERS, "o.xml", "<orders>"
	    O("A1", "9000000001", "2025-08-31T23:00:00", "S1", "100")
	    O("A2", "9000000001", "2025-09-01T01:00:00", "S1", "150")
	    O("A3", "9000000002", "2025-09-20T01:00:00", "S1", "50")
	    O("A4", "9000000002", "2025-10-05T01:00:00", "S1", "100")
	    "</orders>");
	t = run("monthly-trend", NULL, KPI_ALL);
	ck_assert_uint_eq(t->nrows, 3);
	cell_is(t, 0, 0, "2025-08");
	cell_is(t, 1, 0, "2025-09");
	cell_is(t, 1, 1, "2");
	cell_is(t, 1, 2, "200.00");
	cell_is(t, 1, 3, "+100.0%");
	cell_is(t, 2, 3, "-50.0%");
	table_free(t);
	/* As of 09-10: September is partial (only A2). */
	t = run("monthly-trend", "2025-09-10", KPI_ALL);
	ck_assert_uint_eq(t->nrows, 2);
	cell_is(t, 1, 1, "1");
	cell_is(t, 1, 2, "150.00");
	table_free(t);
}
END_TEST

START_TEST(test_unusual_day_flag)
{
	struct strbuf sb;
	struct table *t;
	int d, k, n, counts[] = { 2, 3, 2, 3, 2, 3, 2, 20 };

	strbuf_init(&sb);
	strbuf_puts(&sb, "<orders>");
	for (d = 0, n = 0; d < 8; d++) {
		for (k = 0; k < counts[d]; k++, n++)
			strbuf_printf(&sb, "<order><order_id>O%d</order_id>"
			    "<mobile_number>9000000001</mobile_number>"
			    "<order_date_time>2025-10-%02dT10:00:00"
			    "</order_date_time><sku_id>S</sku_id><sku_count>1"
			    "</sku_count><total_amount>1</total_amount></order>",
			    n, d + 1);
	}
	strbuf_puts(&sb, "</orders>");
	load(IMPORT_ORDERS, "o.xml", strbuf_str(&sb));
	strbuf_free(&sb);
	t = run("daily-trend", NULL, KPI_ALL);
	ck_assert_uint_eq(t->nrows, 8);
	cell_is(t, 6, 3, "");
	ck_assert_int_eq(strncmp(table_cell(t, 7, 3)->text, "z=+", 3), 0);
	table_free(t);
}
END_TEST

START_TEST(test_no_orders)
{
	int32_t as_of;
	char *cause = NULL;

	ck_assert_int_eq(kpi_default_as_of(db, &as_of, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no orders"));
	free(cause);
	ck_assert_ptr_null(kpi_find("nope"));
	ck_assert_uint_eq(kpi_count(), 5);
	ck_assert_str_eq(kpi_at(0)->name, "repeat-customers");
	ck_assert_str_eq(kpi_at(4)->name, "top-spenders");
}
END_TEST

/* Every cell, column name, type and extra flag of a and b are equal. */
static void
tables_equal(const struct table *a, const struct table *b)
{
	size_t i;

	ck_assert_uint_eq(a->ncols, b->ncols);
	ck_assert_uint_eq(a->nrows, b->nrows);
	for (i = 0; i < a->ncols; i++) {
		ck_assert_str_eq(a->cols[i].name, b->cols[i].name);
		ck_assert_int_eq(a->cols[i].type, b->cols[i].type);
		ck_assert_int_eq(a->cols[i].extra != 0, b->cols[i].extra != 0);
	}
	for (i = 0; i < a->nrows * a->ncols; i++) {
		ck_assert_str_eq(a->cells[i].text, b->cells[i].text);
		ck_assert_int_eq(a->cells[i].num, b->cells[i].num);
	}
}

START_TEST(test_table_pack)
{
	struct table *t, *u;
	unsigned char *buf, *bad;
	size_t len, i;

	load(IMPORT_ORDERS, "o.xml", "<orders>"
	    O("O1", "9000000001", "2025-10-10T10:00:00", "S1", "100.50")
	    O("O2", "9000000002", "2025-10-11T09:00:00", "S1", "-5")
	    "</orders>");
	t = run("monthly-trend", NULL, KPI_ALL);
	buf = table_pack(t, SIZE_MAX, &len);
	ck_assert_ptr_nonnull(u = table_unpack(buf, len));
	tables_equal(t, u);
	table_free(u);
	bad = table_pack(t, 0, &i);
	ck_assert_ptr_nonnull(u = table_unpack(bad, i));
	ck_assert_uint_eq(u->nrows, 0);
	ck_assert_uint_eq(u->ncols, t->ncols);
	table_free(u);
	free(bad);
	/* Every cut, and every byte flipped, is refused or read whole:
	 * never past the end. */
	for (i = 0; i < len; i++)
		table_free(table_unpack(buf, i));
	bad = xmalloc(len);
	for (i = 0; i < len; i++) {
		memcpy(bad, buf, len);
		bad[i] ^= 0xff;
		table_free(table_unpack(bad, len));
	}
	/* A row count the bytes cannot hold is refused up front. */
	ck_assert_ptr_null(table_unpack("KPT1\0\0\0\0\377\377\377\377",
	    12));
	ck_assert_ptr_null(table_unpack("KPT1\1\0\0\0\0\0\0\0\0\0\0\0"
	    "\1\0\0\0a\377\377\377\177", 25));
	free(bad);
	free(buf);
	table_free(t);
}
END_TEST

START_TEST(test_cache)
{
	struct kpi_params p = { 0, KPI_ALL, -1 };
	struct table *live, *cached;
	char *cause = NULL;
	size_t k;

	load(IMPORT_ORDERS, "o.xml", "<orders>"
	    O("O1", "9000000001", "2025-10-10T10:00:00", "S1", "100.50")
	    O("O2", "9000000002", "2025-10-11T09:00:00", "S1", "5")
	    O("O3", "9000000001", "2025-10-12T09:00:00", "S1", "7.25")
	    "</orders>");
	ck_assert_int_eq(kpi_default_as_of(db, &p.as_of, &cause), 0);
	/* The commit's snapshot filled the cache: each KPI from it equals
	 * the live one, and a limit keeps the first rows. */
	for (k = 0; k < kpi_count(); k++) {
		ck_assert_int_eq(kpi_run(db, kpi_at(k), &p, &live, &cause), 0);
		ck_assert_int_eq(kpi_run_cached(db, kpi_at(k), &p, &cached,
		    &cause), 0);
		tables_equal(live, cached);
		table_free(cached);
		p.limit = 1;
		ck_assert_int_eq(kpi_run_cached(db, kpi_at(k), &p, &cached,
		    &cause), 0);
		ck_assert_uint_eq(cached->nrows, live->nrows > 0 ? 1 : 0);
		p.limit = -1;
		table_free(cached);
		table_free(live);
	}
	/* Edited cache entries show they are read (for all history only:
	 * another period is computed live); then a new batch retires them
	 * and the live result comes back. */
	ck_assert_int_eq(sqlite3_exec(db->h, "UPDATE kpi_cache SET (data, "
	    "full_rows) = (SELECT data, full_rows FROM kpi_cache WHERE kpi = "
	    "'monthly-trend') WHERE kpi IN ('daily-trend', 'repeat-customers')",
	    NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(kpi_run_cached(db, kpi_find("daily-trend"), &p,
	    &cached, &cause), 0);
	ck_assert_str_eq(cached->cols[0].name, "month");
	table_free(cached);
	p.period = KPI_LATEST_DAY;
	ck_assert_int_eq(kpi_run_cached(db, kpi_find("repeat-customers"), &p,
	    &cached, &cause), 0);
	ck_assert_str_eq(cached->cols[0].name, "customer_id");
	table_free(cached);
	p.period = KPI_ALL;
	/* An entry holding only the first rows of a longer result serves a
	 * request for no more than those rows, and no other. */
	ck_assert_int_eq(sqlite3_exec(db->h, "UPDATE kpi_cache SET full_rows "
	    "= 999999 WHERE kpi = 'daily-trend'", NULL, NULL, NULL),
	    SQLITE_OK);
	p.limit = 1;
	ck_assert_int_eq(kpi_run_cached(db, kpi_find("daily-trend"), &p,
	    &cached, &cause), 0);
	ck_assert_str_eq(cached->cols[0].name, "month");
	table_free(cached);
	p.limit = -1;
	ck_assert_int_eq(kpi_run_cached(db, kpi_find("daily-trend"), &p,
	    &cached, &cause), 0);
	ck_assert_str_eq(cached->cols[0].name, "day");
	table_free(cached);
	load(IMPORT_ORDERS, "o2.xml", "<orders>"
	    O("O4", "9000000002", "2025-10-12T10:00:00", "S2", "1")
	    "</orders>");
	ck_assert_int_eq(kpi_run_cached(db, kpi_find("daily-trend"), &p,
	    &cached, &cause), 0);
	ck_assert_str_eq(cached->cols[0].name, "day");
	live = run("daily-trend", "2025-10-13", KPI_ALL);
	tables_equal(live, cached);
	table_free(live);
	table_free(cached);
}
END_TEST

/* A row's fields are all set, and its chart columns are its table's. */
static void
kpi_row_complete(const struct kpi_def *k)
{
	struct kpi_params p = { 0, KPI_ALL, -1 };
	struct table *t;
	char *cause = NULL;
	int c;

	ck_assert_msg(k->name != NULL && k->title != NULL && k->tab != NULL &&
	    k->help != NULL && k->sheet != NULL, "a KPI row misses a name");
	ck_assert_msg(strlen(k->sheet) > 0 && strlen(k->sheet) <= 28,
	    "%s: sheet name of 1 to 28 bytes", k->name);
	ck_assert_msg(k->run != NULL && k->run_lines != NULL,
	    "%s: no builder", k->name);
	p.as_of = testutil_day("2025-10-13");
	ck_assert_int_eq(kpi_run(db, k, &p, &t, &cause), 0);
	ck_assert_msg(k->chart.kind == KPI_CHART_HBAR ||
	    k->chart.kind == KPI_CHART_COLUMN, "%s: terminal chart", k->name);
	ck_assert_msg(table_col_index(t, k->chart.label) >= 0 &&
	    table_col_index(t, k->chart.value) >= 0,
	    "%s: chart columns not in its table", k->name);
	if (k->book.kind != KPI_CHART_NONE) {
		ck_assert_msg(k->book.title != NULL && k->book.rows != 0,
		    "%s: workbook chart without title or rows", k->name);
		c = table_col_index(t, k->book.label);
		ck_assert_msg(c >= 0 && !t->cols[c].extra, "%s: workbook "
		    "chart label not a sheet column", k->name);
		c = table_col_index(t, k->book.value);
		ck_assert_msg(c >= 0 && !t->cols[c].extra, "%s: workbook "
		    "chart value not a sheet column", k->name);
	}
	table_free(t);
}

/* What kpidesk argv prints on stdout and stderr. Caller frees. */
static char *
cli_output(char **argv)
{
	char *path = xasprintf("%s/cli.out", dir), *text;
	int fd, out, err, argc = 0;
	FILE *f;
	long len;

	while (argv[argc] != NULL)
		argc++;
	fflush(stdout);
	fflush(stderr);
	out = dup(STDOUT_FILENO);
	err = dup(STDERR_FILENO);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	cli_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	close(out);
	close(err);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = xcalloc((size_t)len + 1, 1);
	ck_assert_uint_eq(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	free(path);
	return text;
}

/* How many times needle occurs in hay. */
static size_t
occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

/* The export's sheets: Summary, each KPI's in table order, the fixed ones;
 * each KPI's id in its own room, clear of the fixed sheets'. */
static void
kpi_sheets_agree(void)
{
	static const char *const after[] = { "Customers",
	    "Current_Day_Orders", "Previous_Day_Orders", "Checks" };
	size_t k, i;

	ck_assert_uint_eq(export_sheet_count(), 1 + kpi_count() + 4);
	ck_assert_str_eq(export_sheet_name(export_sheet_at(0)), "Summary");
	for (k = 0; k < kpi_count(); k++) {
		ck_assert_int_eq(export_sheet_at(1 + k), export_sheet_kpi(k));
		ck_assert_str_eq(export_sheet_name(export_sheet_kpi(k)),
		    kpi_at(k)->sheet);
		ck_assert_int_ge(export_sheet_kpi(k), EXPORT_KPI_FIRST);
		ck_assert_int_lt(export_sheet_kpi(k), EXPORT_SHEET_ROOM);
	}
	for (i = 0; i < 4; i++)
		ck_assert_str_eq(export_sheet_name(export_sheet_at(1 +
		    kpi_count() + i)), after[i]);
}

/* kpi all gives one result per row; the usage texts name every KPI. */
static void
kpi_cli_agrees(void)
{
	char *db_path = xasprintf("%s/kp.db", dir), *out, *want, *names;
	char *all[] = { "kpidesk", "--db", db_path, "kpi", "all", "--format",
	    "json", "--as-of", "2025-10-13", NULL };
	char *help[] = { "kpidesk", "--help", NULL };
	char *bad[] = { "kpidesk", "--db", db_path, "kpi", "nope", NULL };
	size_t k;

	out = cli_output(all);
	ck_assert_uint_eq(occurrences(out, "{\"kpi\": "), kpi_count());
	for (k = 0; k < kpi_count(); k++) {
		want = xasprintf("\"%s\": {\"kpi\": \"%s\"", kpi_at(k)->name,
		    kpi_at(k)->name);
		ck_assert_msg(strstr(out, want) != NULL, "kpi all: no %s",
		    kpi_at(k)->name);
		free(want);
	}
	free(out);
	names = kpi_names();
	out = cli_output(help);
	want = xasprintf("print KPIs: %s\n", names);
	ck_assert_msg(strstr(out, want) != NULL, "--help: %s", out);
	free(want);
	free(out);
	out = cli_output(bad);
	want = xasprintf("unknown KPI: use %s or all", names);
	ck_assert_msg(strstr(out, want) != NULL, "kpi nope: %s", out);
	free(want);
	free(out);
	free(names);
	free(db_path);
}

/*
 * The KPI table and every consumer agree: each row complete, names and
 * sheets unique, found by name, listed by kpi_names; the export's sheets,
 * kpi all and the usage texts follow the table. A row added without the
 * rest fails here.
 */
START_TEST(test_kpi_table)
{
	char *names = kpi_names();
	size_t k, j, at = 0;

	ck_assert_uint_ge(kpi_count(), 1);
	ck_assert_uint_le(kpi_count(), KPI_MAX);
	ck_assert_ptr_null(kpi_at(kpi_count()));
	for (k = 0; k < kpi_count(); k++) {
		kpi_row_complete(kpi_at(k));
		ck_assert_ptr_eq(kpi_find(kpi_at(k)->name), kpi_at(k));
		for (j = 0; j < k; j++) {
			ck_assert_str_ne(kpi_at(j)->name, kpi_at(k)->name);
			ck_assert_str_ne(kpi_at(j)->sheet, kpi_at(k)->sheet);
		}
		ck_assert_msg(strncmp(names + at, kpi_at(k)->name,
		    strlen(kpi_at(k)->name)) == 0, "kpi_names: %s", names);
		at += strlen(kpi_at(k)->name) + 2;
	}
	ck_assert_uint_eq(strlen(names) + 2, at);
	free(names);
	kpi_sheets_agree();
	kpi_cli_agrees();
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("kpi");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_repeat_ties_and_shared_lines);
	tcase_add_test(tc, test_daily_zero_fill_and_offsets);
	tcase_add_test(tc, test_top_spenders_window_edge);
	tcase_add_test(tc, test_regional_revenue_and_share);
	tcase_add_test(tc, test_monthly_and_change);
	tcase_add_test(tc, test_unusual_day_flag);
	tcase_add_test(tc, test_no_orders);
	tcase_add_test(tc, test_table_pack);
	tcase_add_test(tc, test_cache);
	tcase_add_test(tc, test_kpi_table);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
