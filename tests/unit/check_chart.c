/* Unit tests (chart): golden output, width bound, scale labels, edge
 * cases. */
#include <math.h>
#include <stdint.h>

#include "testutil.h"

#include "chart.h"
#include "text.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const char *const l_region[] = { "North", "South", "East" };
static const double v_region[] = { 7450, 3200.5, 125 };
static const char *const t_region[] = { "7450.00", "3200.50", "125.00" };
static const char *const l_mixed[] = { "Gain", "Loss", "Flat", "Tiny" };
static const double v_mixed[] = { 300, -150, 0, -2 };
static const char *const t_mixed[] = { "300.00", "-150.00", "0.00", "-2.00" };
static const char *const l_neg[] = { "A", "B", "C" };
static const double v_neg[] = { -10, -5, -1 };
static const char *const t_neg[] = { "-10", "-5", "-1" };
static const char *const l_wide[] = { "Mumbai 孟买", "Pune" };
static const double v_wide[] = { 2, 1 };
static const char *const t_wide[] = { "2", "1" };
static const char *const x_week[] = {
	"05-01", "05-02", "05-03", "05-04", "05-05", "05-06", "05-07"
};
static const double v_week[] = { 120, 340, 560, 230, 900, 1000, 780 };
static const double v_weekmix[] = { 5, -3, 8, -6, 2, 0, 4 };
static const double v_ramp[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
};
static const char *const x_ramp[] = {
	"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11",
	"d12", "d13", "d14", "d15", "d16", "d17", "d18", "d19", "d20"
};

enum golden_set {
	SET_REGION, SET_MIXED, SET_NEG, SET_WIDE, SET_WEEK, SET_WEEKMIX,
	SET_RAMP
};

/* Labels are x labels for columns; text is the hbar value text. */
static const struct {
	const char *const	*labels;
	const double		*values;
	const char *const	*text;
	size_t			 n;
} golden_sets[] = {
	[SET_REGION] = { l_region, v_region, t_region, nitems(v_region) },
	[SET_MIXED] = { l_mixed, v_mixed, t_mixed, nitems(v_mixed) },
	[SET_NEG] = { l_neg, v_neg, t_neg, nitems(v_neg) },
	[SET_WIDE] = { l_wide, v_wide, t_wide, nitems(v_wide) },
	[SET_WEEK] = { x_week, v_week, NULL, nitems(v_week) },
	[SET_WEEKMIX] = { x_week, v_weekmix, NULL, nitems(v_weekmix) },
	[SET_RAMP] = { x_ramp, v_ramp, NULL, nitems(v_ramp) },
};

enum golden_kind { GOLDEN_HBAR, GOLDEN_COLUMNS, GOLDEN_SPARK };

/* Expected lines, checked by eye once and then frozen. */
static const struct golden {
	enum golden_kind	 kind;
	enum golden_set		 set;
	int			 utf8;
	int			 width;
	int			 height;
	const char		*want[8];	/* NULL-terminated */
} goldens[] = {
	{ GOLDEN_HBAR, SET_REGION, 1, 16, 0, {
	    "No… ████ 7450.00",
	    "So… █▊ 3200.50",
	    "Ea… ▏ 125.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_REGION, 1, 24, 0, {
	    "North ██████████ 7450.00",
	    "South ████▎ 3200.50",
	    "East  ▏ 125.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_REGION, 1, 32, 0, {
	    "North ██████████████████ 7450.00",
	    "South ███████▊ 3200.50",
	    "East  ▎ 125.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_REGION, 0, 16, 0, {
	    "No~ #### 7450.00",
	    "So~ #= 3200.50",
	    "Ea~ = 125.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_REGION, 0, 24, 0, {
	    "North ########## 7450.00",
	    "South ####= 3200.50",
	    "East  = 125.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_REGION, 0, 32, 0, {
	    "North ################## 7450.00",
	    "South #######= 3200.50",
	    "East  = 125.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_MIXED, 1, 20, 0, {
	    "Gain   │████ 300.00",
	    "Loss ██│ -150.00",
	    "Flat   │ 0.00",
	    "Tiny  ▐│ -2.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_MIXED, 1, 30, 0, {
	    "Gain      │███████████ 300.00",
	    "Loss █████│ -150.00",
	    "Flat      │ 0.00",
	    "Tiny     ▐│ -2.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_MIXED, 0, 20, 0, {
	    "Gain   |#### 300.00",
	    "Loss ##| -150.00",
	    "Flat   | 0.00",
	    "Tiny  =| -2.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_MIXED, 0, 30, 0, {
	    "Gain      |########### 300.00",
	    "Loss #####| -150.00",
	    "Flat      | 0.00",
	    "Tiny     =| -2.00",
	    NULL } },
	{ GOLDEN_HBAR, SET_NEG, 1, 14, 0, {
	    "A ███████│ -10",
	    "B    ▐███│ -5",
	    "C       ▐│ -1",
	    NULL } },
	{ GOLDEN_HBAR, SET_NEG, 0, 14, 0, {
	    "A #######| -10",
	    "B    =###| -5",
	    "C       =| -1",
	    NULL } },
	{ GOLDEN_HBAR, SET_WIDE, 1, 12, 0, {
	    "Mu… ██████ 2",
	    "Pu… ███ 1",
	    NULL } },
	{ GOLDEN_HBAR, SET_WIDE, 1, 40, 0, {
	    "Mumbai 孟买 ██████████████████████████ 2",
	    "Pune        █████████████ 1",
	    NULL } },
	{ GOLDEN_HBAR, SET_WIDE, 0, 12, 0, {
	    "Mu~ ###### 2",
	    "Pu~ ### 1",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_WEEK, 1, 16, 4, {
	    "1K│    ▆█▃",
	    "  │  ▅ ███",
	    " 0│▃██▆███",
	    "   05-01",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_WEEK, 1, 24, 6, {
	    " 1K│        ▄ █",
	    "   │        █ █ ▇",
	    "500│    ▆   █ █ █",
	    "   │  ▆ █ ▁ █ █ █",
	    "  0│▅ █ █ █ █ █ █",
	    "    05-01   05-07",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_WEEK, 1, 40, 7, {
	    " 1K│                    ▃▃▃▃ ████",
	    "   │                    ████ ████ ▅▅▅▅",
	    "   │          ▃▃▃▃      ████ ████ ████",
	    "500│          ████      ████ ████ ████",
	    "   │     ████ ████ ▃▃▃▃ ████ ████ ████",
	    "  0│▆▆▆▆ ████ ████ ████ ████ ████ ████",
	    "    05-01          05-04         05-07",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_WEEK, 0, 16, 4, {
	    "1K|    .#.",
	    "  |  . ###",
	    " 0|.##.###",
	    "   05-01",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_WEEK, 0, 24, 6, {
	    " 1K|        . #",
	    "   |        # # #",
	    "500|    #   # # #",
	    "   |  . #   # # #",
	    "  0|. # # # # # #",
	    "    05-01   05-07",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_WEEK, 0, 40, 7, {
	    " 1K|                    .... ####",
	    "   |                    #### #### ....",
	    "   |          ....      #### #### ####",
	    "500|          ####      #### #### ####",
	    "   |     #### #### .... #### #### ####",
	    "  0|.... #### #### #### #### #### ####",
	    "    05-01          05-04         05-07",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_WEEKMIX, 1, 20, 6, {
	    " 8│    █",
	    "  │▇   █       ▄",
	    " 0│█   █   ▆ · █",
	    "  │  █   █",
	    "-6│      █",
	    "   05-01   05-07",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_WEEKMIX, 0, 20, 6, {
	    " 8|    #",
	    "  |#   #       .",
	    " 0|#   #   # _ #",
	    "  |  #   #",
	    "-6|      #",
	    "   05-01   05-07",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_RAMP, 1, 14, 4, {
	    "20│       ▁▃▆█",
	    "  │    ▃▄▆████",
	    " 0│▁▄▆████████",
	    "   d1  d10 d20",
	    NULL } },
	{ GOLDEN_COLUMNS, SET_RAMP, 0, 14, 4, {
	    "20|        ..#",
	    "  |    ..#####",
	    " 0|..#########",
	    "   d1  d10 d20",
	    NULL } },
	{ GOLDEN_SPARK, SET_WEEK, 1, 7, 0, {
	    "▁▃▅▂▇█▆",
	    NULL } },
	{ GOLDEN_SPARK, SET_WEEK, 1, 3, 0, {
	    "▁▃█",
	    NULL } },
	{ GOLDEN_SPARK, SET_WEEK, 0, 7, 0, {
	    " :=.*#+",
	    NULL } },
	{ GOLDEN_SPARK, SET_WEEK, 0, 3, 0, {
	    " :#",
	    NULL } },
	{ GOLDEN_SPARK, SET_RAMP, 1, 8, 0, {
	    "▁▂▃▄▅▆▇█",
	    NULL } },
	{ GOLDEN_SPARK, SET_RAMP, 0, 8, 0, {
	    " .:-=+*#",
	    NULL } },
	{ GOLDEN_SPARK, SET_WEEKMIX, 1, 10, 0, {
	    "▇▃█▁▅▄▆",
	    NULL } },
	{ GOLDEN_SPARK, SET_WEEKMIX, 0, 10, 0, {
	    "*:# =-+",
	    NULL } },
};

/* Draw one chart of the given kind; returns what the chart call returned. */
static int
draw(enum golden_kind kind, const char *const *labels, const double *values,
    const char *const *text, size_t n, const struct chart_opts *o,
    struct chart_lines *cl, char **cause)
{
	switch (kind) {
	case GOLDEN_HBAR:
		return chart_hbar(labels, values, text, n, o, cl, cause);
	case GOLDEN_COLUMNS:
		return chart_columns(values, labels, n, o, cl, cause);
	case GOLDEN_SPARK:
		return chart_sparkline(values, n, o, cl, cause);
	}
	return -1;
}

/* Assert every line fits width cells. */
static void
assert_fits(const struct chart_lines *cl, int width)
{
	size_t i;

	for (i = 0; i < cl->n; i++) {
		ck_assert_msg(text_width(cl->line[i]) <= width,
		    "line %zu \"%s\" is %d cells, width %d", i, cl->line[i],
		    text_width(cl->line[i]), width);
	}
}

/* Assert no byte outside printable ASCII. */
static void
assert_ascii(const struct chart_lines *cl)
{
	const unsigned char *p;
	size_t i;

	for (i = 0; i < cl->n; i++) {
		for (p = (const unsigned char *)cl->line[i]; *p != '\0'; p++)
			ck_assert_msg(*p >= 0x20 && *p < 0x7f,
			    "byte %#x in \"%s\"", *p, cl->line[i]);
	}
}

START_TEST(test_golden)
{
	const struct golden *g = &goldens[_i];
	struct chart_opts o = { g->width, g->height, g->utf8,
	    CHART_SCALE_INTL };
	struct chart_lines cl;
	char *cause = NULL;
	size_t n;

	ck_assert_int_eq(draw(g->kind, golden_sets[g->set].labels,
	    golden_sets[g->set].values, golden_sets[g->set].text,
	    golden_sets[g->set].n, &o, &cl, &cause), 0);
	for (n = 0; g->want[n] != NULL; n++) {
		ck_assert_uint_gt(cl.n, n);
		ck_assert_msg(strcmp(cl.line[n], g->want[n]) == 0,
		    "golden %d line %zu: got \"%s\" want \"%s\"", _i, n,
		    cl.line[n], g->want[n]);
	}
	ck_assert_uint_eq(cl.n, n);
	assert_fits(&cl, g->width);
	if (!g->utf8)
		assert_ascii(&cl);
	chart_lines_free(&cl);
}
END_TEST

/* A small deterministic generator for the property tests. */
static uint32_t
lcg(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

START_TEST(test_width_never_exceeded)
{
	static const char *const labels[] = {
		"Mumbai 孟买", "東京都港区六本木", "Zoë", "", "Ω",
		"a very long region name that will not fit anywhere",
		"Pune", "北", "x", "Delhi NCR"
	};
	static const char *const xlabels[] = {
		"2024-05-01", "2024-05-02", "二〇二四年五月三日", "2024-05-04",
		"2024-05-05", "2024-05-06", "2024-05-07", "2024-05-08",
		"2024-05-09", "2024-05-10"
	};
	char text[nitems(labels)][32];
	const char *tp[nitems(labels)];
	double values[200];
	struct chart_opts o;
	struct chart_lines cl;
	char *cause;
	const char *const *xl;
	uint32_t seed = 42;
	size_t i, n, round;
	int width, utf8, kind, rc, min;

	for (round = 0; round < 8; round++) {
		for (i = 0; i < nitems(values); i++) {
			switch (round % 4) {
			case 0:		/* positive, wide range */
				values[i] = (double)(lcg(&seed) % 1000000000);
				break;
			case 1:		/* mixed */
				values[i] = (double)(lcg(&seed) % 20001) -
				    10000;
				break;
			case 2:		/* negative */
				values[i] = -(double)(lcg(&seed) % 5000) - 1;
				break;
			default:	/* 1 and 1e9 */
				values[i] = i % 2 == 0 ? 1 : 1e9;
				break;
			}
		}
		for (i = 0; i < nitems(labels); i++) {
			chart_scale_label(values[i], CHART_SCALE_INDIAN,
			    text[i], sizeof text[i]);
			tp[i] = text[i];
		}
		n = round < 4 ? nitems(labels) : nitems(values);
		for (width = 1; width <= 130; width++)
		for (utf8 = 0; utf8 <= 1; utf8++)
		for (kind = GOLDEN_HBAR; kind <= GOLDEN_SPARK; kind++) {
			o.width = width;
			o.height = 3 + (int)(round + (size_t)width) % 10;
			o.utf8 = utf8;
			o.scale = round % 2 ? CHART_SCALE_INDIAN :
			    CHART_SCALE_INTL;
			cause = NULL;
			xl = n <= nitems(xlabels) ? xlabels : NULL;
			if (kind == GOLDEN_HBAR)
				rc = chart_hbar(labels, values, tp,
				    nitems(labels), &o, &cl, &cause);
			else
				rc = draw(kind, xl, values, NULL, n, &o, &cl,
				    &cause);
			min = kind == GOLDEN_HBAR ? CHART_HBAR_MIN_WIDTH :
			    kind == GOLDEN_COLUMNS ? CHART_COLUMNS_MIN_WIDTH :
			    CHART_SPARK_MIN_WIDTH;
			if (width < min) {
				ck_assert_int_eq(rc, -1);
				ck_assert_ptr_nonnull(strstr(cause,
				    "at least"));
				ck_assert_uint_eq(cl.n, 0);
				free(cause);
				continue;
			}
			ck_assert_int_eq(rc, 0);
			assert_fits(&cl, width);
			if (kind == GOLDEN_HBAR)
				ck_assert_uint_eq(cl.n, nitems(labels));
			else if (kind == GOLDEN_COLUMNS)
				ck_assert_uint_eq(cl.n, (size_t)o.height);
			else {
				ck_assert_uint_eq(cl.n, 1);
				ck_assert_int_eq(text_width(cl.line[0]),
				    (int)(n < (size_t)width ? n :
				    (size_t)width));
			}
			chart_lines_free(&cl);
		}
	}
}
END_TEST

START_TEST(test_scale_labels)
{
	static const struct {
		double		 v;
		enum chart_scale scale;
		const char	*want;
	} t[] = {
		{ 0, CHART_SCALE_INTL, "0" },
		{ -0.04, CHART_SCALE_INTL, "0" },
		{ 0.5, CHART_SCALE_INTL, "0.5" },
		{ 12.34, CHART_SCALE_INTL, "12.3" },
		{ 99.96, CHART_SCALE_INTL, "100" },
		{ 950, CHART_SCALE_INTL, "950" },
		{ 999.4, CHART_SCALE_INTL, "999" },
		{ 999.6, CHART_SCALE_INTL, "1K" },
		{ 1000, CHART_SCALE_INTL, "1K" },
		{ 12345, CHART_SCALE_INTL, "12.3K" },
		{ -12345, CHART_SCALE_INTL, "-12.3K" },
		{ 123456, CHART_SCALE_INTL, "123K" },
		{ 999949, CHART_SCALE_INTL, "1M" },
		{ 2500000, CHART_SCALE_INTL, "2.5M" },
		{ 1e9, CHART_SCALE_INTL, "1B" },
		{ 1.5e12, CHART_SCALE_INTL, "1.5T" },
		{ 1e20, CHART_SCALE_INTL, "100000000T" },
		{ 950, CHART_SCALE_INDIAN, "950" },
		{ 12345, CHART_SCALE_INDIAN, "12.3K" },
		{ 99999, CHART_SCALE_INDIAN, "1L" },
		{ 250000, CHART_SCALE_INDIAN, "2.5L" },
		{ -250000, CHART_SCALE_INDIAN, "-2.5L" },
		{ 9999999, CHART_SCALE_INDIAN, "1Cr" },
		{ 25000000, CHART_SCALE_INDIAN, "2.5Cr" },
		{ 1e9, CHART_SCALE_INDIAN, "100Cr" },
		{ NAN, CHART_SCALE_INTL, "?" },
		{ INFINITY, CHART_SCALE_INDIAN, "?" },
		{ -INFINITY, CHART_SCALE_INTL, "?" },
	};
	char buf[32], small[3] = "zz";
	size_t i;

	for (i = 0; i < nitems(t); i++) {
		chart_scale_label(t[i].v, t[i].scale, buf, sizeof buf);
		ck_assert_msg(strcmp(buf, t[i].want) == 0,
		    "%g: got \"%s\" want \"%s\"", t[i].v, buf, t[i].want);
	}
	chart_scale_label(12345, CHART_SCALE_INTL, small, sizeof small);
	ck_assert_str_eq(small, "12");
	chart_scale_label(12345, CHART_SCALE_INTL, small, 0);
	ck_assert_str_eq(small, "12");
}
END_TEST

START_TEST(test_no_data)
{
	struct chart_opts o = { 40, 6, 1, CHART_SCALE_INTL };
	struct chart_lines cl;
	char *cause = NULL;
	int kind;

	for (kind = GOLDEN_HBAR; kind <= GOLDEN_SPARK; kind++) {
		ck_assert_int_eq(draw(kind, NULL, NULL, NULL, 0, &o, &cl,
		    &cause), 0);
		ck_assert_uint_eq(cl.n, 1);
		ck_assert_str_eq(cl.line[0], "(no data)");
		chart_lines_free(&cl);
	}
	o.width = 5;
	o.utf8 = 0;
	ck_assert_int_eq(chart_sparkline(NULL, 0, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], "(no ~");
	chart_lines_free(&cl);
}
END_TEST

START_TEST(test_too_small)
{
	static const double v[] = { 1, 2 };
	struct chart_opts o = { 11, 6, 1, CHART_SCALE_INTL };
	struct chart_lines cl;
	char *cause = NULL;

	ck_assert_int_eq(chart_hbar(NULL, v, NULL, 2, &o, &cl, &cause), -1);
	ck_assert_str_eq(cause, "chart needs at least 12 columns");
	ck_assert_ptr_null(cl.line);
	free(cause);
	ck_assert_int_eq(chart_columns(v, NULL, 2, &o, &cl, &cause), -1);
	ck_assert_str_eq(cause, "chart needs at least 12 columns");
	free(cause);
	o.width = 12;
	o.height = 2;
	ck_assert_int_eq(chart_columns(v, NULL, 2, &o, &cl, &cause), -1);
	ck_assert_str_eq(cause, "chart needs at least 3 rows");
	free(cause);
	o.width = 0;
	ck_assert_int_eq(chart_sparkline(v, 2, &o, &cl, &cause), -1);
	ck_assert_str_eq(cause, "chart needs at least 1 columns");
	free(cause);
}
END_TEST

START_TEST(test_one_value)
{
	static const double v[] = { 42 };
	static const char *const lab[] = { "Only" };
	struct chart_opts o = { 20, 4, 1, CHART_SCALE_INTL };
	struct chart_lines cl;
	char *cause = NULL;

	ck_assert_int_eq(chart_hbar(lab, v, NULL, 1, &o, &cl, &cause), 0);
	ck_assert_uint_eq(cl.n, 1);
	ck_assert_str_eq(cl.line[0], "Only ████████████ 42");
	chart_lines_free(&cl);
	ck_assert_int_eq(chart_columns(v, lab, 1, &o, &cl, &cause), 0);
	ck_assert_uint_eq(cl.n, 4);
	ck_assert_str_eq(cl.line[0], "42│█████");
	ck_assert_str_eq(cl.line[1], "  │█████");
	ck_assert_str_eq(cl.line[2], " 0│█████");
	ck_assert_str_eq(cl.line[3], "   Only");
	chart_lines_free(&cl);
	ck_assert_int_eq(chart_sparkline(v, 1, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], "▄");
	chart_lines_free(&cl);
}
END_TEST

START_TEST(test_equal_and_zero)
{
	static const double same[] = { 5, 5, 5 }, zero[] = { 0, 0, 0 };
	static const char *const lab[] = { "a", "b", "c" };
	struct chart_opts o = { 12, 3, 0, CHART_SCALE_INTL };
	struct chart_lines cl;
	char *cause = NULL;
	size_t i;

	ck_assert_int_eq(chart_hbar(lab, same, NULL, 3, &o, &cl, &cause), 0);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(cl.line[i] + 1, " ######## 5");
	chart_lines_free(&cl);
	ck_assert_int_eq(chart_hbar(lab, zero, NULL, 3, &o, &cl, &cause), 0);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(cl.line[i] + 1, "  0");
	chart_lines_free(&cl);
	ck_assert_int_eq(chart_columns(same, NULL, 3, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], "5|## ## ##");
	ck_assert_str_eq(cl.line[1], "0|## ## ##");
	ck_assert_str_eq(cl.line[2], "");
	chart_lines_free(&cl);
	ck_assert_int_eq(chart_columns(zero, NULL, 3, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], " |");
	ck_assert_str_eq(cl.line[1], "0|");
	chart_lines_free(&cl);
	ck_assert_int_eq(chart_sparkline(same, 3, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], "---");
	chart_lines_free(&cl);
	ck_assert_int_eq(chart_sparkline(zero, 3, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], "   ");
	chart_lines_free(&cl);
}
END_TEST

START_TEST(test_wide_range)
{
	static const double v[] = { 1, 1e9 };
	static const char *const lab[] = { "small", "big" };
	static const char *const txt[] = { "1.00", "1000000000.00" };
	struct chart_opts o = { 30, 4, 1, CHART_SCALE_INTL };
	struct chart_lines cl;
	char *cause = NULL;

	/* The small value still shows the smallest step. */
	ck_assert_int_eq(chart_hbar(lab, v, txt, 2, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], "small ▏ 1.00");
	ck_assert_str_eq(cl.line[1], "big   ██████████ 1000000000.00");
	chart_lines_free(&cl);
	ck_assert_int_eq(chart_columns(v, NULL, 2, &o, &cl, &cause), 0);
	ck_assert_uint_eq(cl.n, 4);
	ck_assert_str_eq(cl.line[0], "1B│      █████");
	ck_assert_str_eq(cl.line[1], "  │      █████");
	ck_assert_str_eq(cl.line[2], " 0│▁▁▁▁▁ █████");
	ck_assert_str_eq(cl.line[3], "");
	chart_lines_free(&cl);
	o.scale = CHART_SCALE_INDIAN;
	ck_assert_int_eq(chart_columns(v, NULL, 2, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], "100Cr│      █████");
	chart_lines_free(&cl);
}
END_TEST

START_TEST(test_not_finite)
{
	static const double v[] = { NAN, 4, INFINITY, -INFINITY };
	struct chart_opts o = { 12, 3, 0, CHART_SCALE_INTL };
	struct chart_lines cl;
	char *cause = NULL;

	/* Non-finite values draw as zero; the text says "?". */
	ck_assert_int_eq(chart_hbar(NULL, v, NULL, 4, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], " ?");
	ck_assert_str_eq(cl.line[1], "########## 4");
	ck_assert_str_eq(cl.line[2], " ?");
	ck_assert_str_eq(cl.line[3], " ?");
	chart_lines_free(&cl);
	ck_assert_int_eq(chart_sparkline(v, 4, &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], " #  ");
	chart_lines_free(&cl);
}
END_TEST

START_TEST(test_bucketing)
{
	double v[1000];
	struct chart_opts o = { 40, 5, 1, CHART_SCALE_INTL };
	struct chart_lines cl;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < nitems(v); i++)
		v[i] = (double)i;
	ck_assert_int_eq(chart_sparkline(v, nitems(v), &o, &cl, &cause), 0);
	ck_assert_int_eq(text_width(cl.line[0]), 40);
	ck_assert_ptr_eq(strstr(cl.line[0], "▁"), cl.line[0]);
	chart_lines_free(&cl);
	/* Bucket peaks: 0..999 in 2 buckets are 499 and 999. */
	o.width = 2;
	ck_assert_int_eq(chart_sparkline(v, nitems(v), &o, &cl, &cause), 0);
	ck_assert_str_eq(cl.line[0], "▁█");
	chart_lines_free(&cl);
	o.width = 14;
	o.height = 3;
	/* 10 columns of 100 points; the top label is the true peak. */
	ck_assert_int_eq(chart_columns(v, NULL, nitems(v), &o, &cl, &cause),
	    0);
	ck_assert_str_eq(cl.line[0], "999│     ▂▃▅▆█");
	ck_assert_str_eq(cl.line[1], "  0│▂▃▅▆██████");
	chart_lines_free(&cl);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_golden, 0, (int)nitems(goldens));
	tcase_add_test(tc, test_width_never_exceeded);
	tcase_add_test(tc, test_scale_labels);
	tcase_add_test(tc, test_no_data);
	tcase_add_test(tc, test_too_small);
	tcase_add_test(tc, test_one_value);
	tcase_add_test(tc, test_equal_and_zero);
	tcase_add_test(tc, test_wide_range);
	tcase_add_test(tc, test_not_finite);
	tcase_add_test(tc, test_bucketing);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
