/*
 * Unit tests (render, kpi_chart): render_text aligns columns (text left,
 * numbers right, money with two decimals, no trailing blanks) with extras
 * shown and controls drawn as placeholders; render_csv quotes every field,
 * doubles quotes, ends lines with CRLF, leaves extras out and escapes
 * controls and hidden code points unless raw; render_json gives counts as
 * numbers and money as strings, escaped; kpi_chart draws bars for a
 * ranking (ten at most, labels made displayable, exact values beside,
 * largest first whatever the table's sort) and columns for a trend (in
 * time order, the true peak on top at every width, zero days marked)
 * under a title naming series, unit and peak, refuses a table without its
 * columns, and no line is wider than asked (the command line's chart has
 * no title and plain values); kpi_sparkline draws one cell per day.
 */
#include "testutil.h"

#include "chart.h"
#include "kpi.h"
#include "kpi_chart.h"
#include "render.h"
#include "strbuf.h"
#include "table.h"
#include "text.h"
#include "xmem.h"

/* region (text), orders (count), revenue (money) and an extra share. */
static struct table *
regions(void)
{
	struct table *t = table_create();
	size_t r;

	table_add_col(t, "region", TABLE_TEXT, 0);
	table_add_col(t, "orders", TABLE_INT, 0);
	table_add_col(t, "revenue", TABLE_MONEY, 0);
	table_add_col(t, "share", TABLE_TEXT, 1);
	r = table_add_row(t);
	table_set_text(t, r, 0, "West");
	table_set_num(t, r, 1, 12);
	table_set_num(t, r, 2, 745050);
	table_set_text(t, r, 3, "97.4%");
	r = table_add_row(t);
	table_set_text(t, r, 0, "Say \"hi\",\x1b[2J");
	table_set_num(t, r, 1, 3);
	table_set_num(t, r, 2, 5);
	table_set_text(t, r, 3, "2.6%");
	return t;
}

START_TEST(test_render_text)
{
	struct table *t = regions();
	struct strbuf sb;

	strbuf_init(&sb);
	render_text(&sb, t, 1);
	ck_assert_str_eq(strbuf_str(&sb),
	    "region         orders  revenue  share\n"
	    "West               12  7450.50  97.4%\n"
	    "Say \"hi\",\xe2\x90\x9b[2J       3     0.05  2.6%\n");
	strbuf_reset(&sb);
	/* ASCII: the placeholder is plain too, and the bytes stay ASCII. */
	render_text(&sb, t, 0);
	ck_assert_ptr_null(strchr(strbuf_str(&sb), '\x1b'));
	ck_assert_ptr_nonnull(strstr(strbuf_str(&sb), "7450.50"));
	for (const char *p = strbuf_str(&sb); *p != '\0'; p++)
		ck_assert_int_lt((unsigned char)*p, 0x80);
	strbuf_free(&sb);
	table_free(t);
}
END_TEST

START_TEST(test_render_csv)
{
	struct table *t = regions();
	struct strbuf sb;

	strbuf_init(&sb);
	render_csv(&sb, t, 0);
	ck_assert_str_eq(strbuf_str(&sb),
	    "\"region\",\"orders\",\"revenue\"\r\n"
	    "\"West\",\"12\",\"7450.50\"\r\n"
	    "\"Say \"\"hi\"\",^[[2J\",\"3\",\"0.05\"\r\n");
	strbuf_reset(&sb);
	render_csv(&sb, t, 1);
	ck_assert_ptr_nonnull(strstr(strbuf_str(&sb),
	    "\"Say \"\"hi\"\",\x1b[2J\""));
	strbuf_free(&sb);
	table_free(t);
}
END_TEST

START_TEST(test_render_escape)
{
	char *s;

	s = render_escaped("a\x07" "b\nc\x7f" "d\xe2\x80\xae" "e\xff" "f\xc3\xa9");
	ck_assert_str_eq(s, "a^Gb^Jc^?d<U+202E>e\xef\xbf\xbd" "f\xc3\xa9");
	free(s);
	s = render_escaped("");
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_render_json)
{
	struct table *t = regions();
	struct strbuf sb;

	strbuf_init(&sb);
	render_json(&sb, "regional-revenue", "2025-10-13", t);
	ck_assert_str_eq(strbuf_str(&sb),
	    "{\"kpi\": \"regional-revenue\", \"as_of\": \"2025-10-13\", "
	    "\"columns\": [\"region\", \"orders\", \"revenue\"], \"rows\": "
	    "[[\"West\", 12, \"7450.50\"], "
	    "[\"Say \\\"hi\\\",\\u001b[2J\", 3, \"0.05\"]]}");
	strbuf_reset(&sb);
	table_truncate(t, 0);
	render_json(&sb, "regional-revenue", "2025-10-13", t);
	ck_assert_ptr_nonnull(strstr(strbuf_str(&sb), "\"rows\": []}"));
	strbuf_free(&sb);
	table_free(t);
}
END_TEST

/* No line of cl is wider than width cells, none holds an ESC. */
static void
lines_fit(const struct chart_lines *cl, int width)
{
	size_t i;

	for (i = 0; i < cl->n; i++) {
		ck_assert_msg(text_width(cl->line[i]) <= width,
		    "line %zu is %d wide: %s", i, text_width(cl->line[i]),
		    cl->line[i]);
		ck_assert_ptr_null(strchr(cl->line[i], '\x1b'));
	}
}

START_TEST(test_kpi_chart_bars)
{
	struct chart_opts o = { 40, 0, 1, CHART_SCALE_INTL };
	struct chart_lines cl = { NULL, 0, 0 };
	struct table *t = regions();
	char *cause = NULL, name[16];
	size_t r;

	/* The command line's chart: no title, the values as it writes them. */
	ck_assert_int_eq(kpi_chart(kpi_find("regional-revenue"), t, &o, &cl,
	    &cause), 0);
	ck_assert_uint_eq(cl.n, 2);
	ck_assert_ptr_nonnull(strstr(cl.line[0], "West"));
	ck_assert_ptr_nonnull(strstr(cl.line[0], " 7450.50"));
	chart_lines_free(&cl);

	/* On screen: a title (series, unit, true peak), then the bars. */
	ck_assert_int_eq(kpi_chart_screen(kpi_find("regional-revenue"), t, &o,
	    &cl, &cause), 0);
	ck_assert_uint_eq(cl.n, 3);
	ck_assert_str_eq(cl.line[0], "revenue (\xe2\x82\xb9), peak "
	    "\xe2\x82\xb9" "7,450.50 (West)");
	ck_assert_ptr_nonnull(strstr(cl.line[1], "West"));
	ck_assert_ptr_nonnull(strstr(cl.line[1], "7,450.50"));
	ck_assert_ptr_nonnull(strstr(cl.line[2], "0.05"));
	/* The label's ESC is drawn as a placeholder. */
	ck_assert_ptr_nonnull(strstr(cl.line[2], "\xe2\x90\x9b"));
	lines_fit(&cl, 40);
	chart_lines_free(&cl);

	/* Bars do not follow the table's sort: sorted smallest first, the
	 * chart is the same, largest first. */
	table_sort(t, 1, 0);
	ck_assert_int_eq(kpi_chart_screen(kpi_find("regional-revenue"), t, &o,
	    &cl, &cause), 0);
	ck_assert_uint_eq(cl.n, 3);
	ck_assert_ptr_nonnull(strstr(cl.line[1], "West"));
	chart_lines_free(&cl);

	/* A ranking shows ten bars at most. */
	for (r = 0; r < 15; r++) {
		snprintf(name, sizeof name, "R%zu", r);
		table_set_text(t, table_add_row(t), 0, name);
	}
	o.utf8 = 0;
	ck_assert_int_eq(kpi_chart_screen(kpi_find("regional-revenue"), t, &o,
	    &cl, &cause), 0);
	ck_assert_uint_eq(cl.n, KPI_CHART_BARS + 1);
	ck_assert_ptr_nonnull(strstr(cl.line[0], "top 10"));
	ck_assert_ptr_nonnull(strstr(cl.line[0], "Rs 7,450.50"));
	lines_fit(&cl, 40);
	chart_lines_free(&cl);

	/* A table without the KPI's columns has no chart. */
	ck_assert_int_eq(kpi_chart_screen(kpi_find("top-spenders"), t, &o,
	    &cl, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no chart for top-spenders"));
	ck_assert_uint_eq(cl.n, 0);
	free(cause);
	table_free(t);
}
END_TEST

/* day (text), orders, revenue: a trend of n days. */
static struct table *
trend(size_t n)
{
	struct table *t = table_create();
	char day[16];
	size_t i, r;

	table_add_col(t, "day", TABLE_TEXT, 0);
	table_add_col(t, "orders", TABLE_INT, 0);
	table_add_col(t, "revenue", TABLE_MONEY, 0);
	for (i = 0; i < n; i++) {
		r = table_add_row(t);
		snprintf(day, sizeof day, "2025-10-%02zu", i + 1);
		table_set_text(t, r, 0, day);
		table_set_num(t, r, 1, 1);
		table_set_num(t, r, 2, (int64_t)(i + 1) * 10000);
	}
	return t;
}

START_TEST(test_kpi_chart_trend_and_sparkline)
{
	struct chart_opts o = { 30, 8, 1, CHART_SCALE_INTL };
	struct chart_lines cl = { NULL, 0, 0 };
	struct table *t = trend(5), *r = regions();
	char *cause = NULL;
	size_t i;

	ck_assert_int_eq(kpi_chart_screen(kpi_find("daily-trend"), t, &o,
	    &cl, &cause), 0);
	/* height lines, title and x labels included */
	ck_assert_uint_eq(cl.n, 8);
	ck_assert_ptr_nonnull(strstr(cl.line[7], "2025-10-01"));
	/* A trend sorted by revenue is still drawn in time order. */
	chart_lines_free(&cl);
	table_sort(t, 2, 1);
	ck_assert_int_eq(kpi_chart_screen(kpi_find("daily-trend"), t, &o,
	    &cl, &cause), 0);
	ck_assert_ptr_eq(strstr(cl.line[7], "2025-10-01"), cl.line[7] +
	    strspn(cl.line[7], " "));
	table_sort(t, 0, 0);
	lines_fit(&cl, 30);
	chart_lines_free(&cl);

	/* One cell per day (U+2581..U+2588), rising with the revenue from
	 * the lowest block to the full one. */
	ck_assert_int_eq(kpi_sparkline(t, &o, &cl, &cause), 0);
	ck_assert_uint_eq(cl.n, 1);
	ck_assert_int_eq(text_width(cl.line[0]), 5);
	ck_assert_uint_eq(strlen(cl.line[0]), 15);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(memcmp(cl.line[0] + 3 * i, "\xe2\x96", 2), 0);
		if (i > 0)
			ck_assert_int_gt((unsigned char)cl.line[0][3 * i + 2],
			    (unsigned char)cl.line[0][3 * i - 1]);
	}
	ck_assert_int_eq((unsigned char)cl.line[0][2], 0x81);
	ck_assert_int_eq((unsigned char)cl.line[0][14], 0x88);
	chart_lines_free(&cl);

	/* No revenue column, no sparkline; a trend table is no ranking. */
	table_free(t);
	t = table_create();
	table_add_col(t, "day", TABLE_TEXT, 0);
	ck_assert_int_eq(kpi_sparkline(t, &o, &cl, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no revenue column"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(kpi_chart_screen(kpi_find("daily-trend"), r, &o,
	    &cl, &cause), -1);
	free(cause);
	table_free(t);
	table_free(r);
}
END_TEST

/*
 * A month with one spike: at three widths (one day per column, then two)
 * the top y label is the true peak (83K for 82,996.99), the title names
 * it exactly (with its day where it fits) and says how columns group, and
 * a day without orders still shows on the zero line.
 */
START_TEST(test_kpi_chart_true_peak)
{
	static const int widths[] = { 80, 30, 24 };
	static const char *const group[] = { NULL, "2 days",
	    NULL };
	struct chart_opts o = { 80, 8, 1, CHART_SCALE_INTL };
	struct chart_lines cl = { NULL, 0, 0 };
	struct table *t = trend(30);
	char *cause = NULL;
	size_t i;

	table_set_num(t, 16, 2, 8299699);
	table_set_num(t, 3, 2, 0);
	for (i = 0; i < 3; i++) {
		o.width = widths[i];
		ck_assert_int_eq(kpi_chart_screen(kpi_find("daily-trend"), t,
		    &o, &cl, &cause), 0);
		lines_fit(&cl, widths[i]);
		ck_assert_msg(strncmp(cl.line[1] + strspn(cl.line[1], " "),
		    "83K\xe2\x94\x82", 6) == 0,
		    "width %d: top label %s", widths[i], cl.line[1]);
		ck_assert_msg(strstr(cl.line[0], "82,996.99") != NULL,
		    "width %d: title %s", widths[i], cl.line[0]);
		if (group[i] != NULL)
			ck_assert_msg(strstr(cl.line[0], group[i]) != NULL,
			    "width %d: title %s", widths[i], cl.line[0]);
		if (i == 0)
			ck_assert_ptr_nonnull(strstr(cl.line[0],
			    "(2025-10-17)"));
		chart_lines_free(&cl);
	}
	/* One column per day: day 4 (zero) is marked on the zero line. */
	o.width = 80;
	ck_assert_int_eq(kpi_chart_screen(kpi_find("daily-trend"), t, &o,
	    &cl, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cl.line[6], "\xc2\xb7"));
	chart_lines_free(&cl);
	table_free(t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("report");
	TCase *tc;

	tc = tcase_create("render");
	tcase_add_test(tc, test_render_text);
	tcase_add_test(tc, test_render_csv);
	tcase_add_test(tc, test_render_escape);
	tcase_add_test(tc, test_render_json);
	suite_add_tcase(s, tc);
	tc = tcase_create("kpi_chart");
	tcase_add_test(tc, test_kpi_chart_bars);
	tcase_add_test(tc, test_kpi_chart_true_peak);
	tcase_add_test(tc, test_kpi_chart_trend_and_sparkline);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
