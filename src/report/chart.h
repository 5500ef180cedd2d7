/*
 * chart: text charts as lines, for the command line, the screens and tests.
 * No curses and no database: values in, lines of UTF-8 (or plain ASCII when
 * utf8 is clear) out.  No line is ever wider than opts.width cells; lines
 * carry no trailing spaces except a sparkline, which is exactly one cell per
 * point or bucket.  Non-finite values are drawn as 0.
 *
 * Resolution: positive bars and columns use eighth blocks in UTF-8 and half
 * cells in ASCII; negative ones grow left or down from a zero axis in half
 * cells (Unicode has no left-growing or top-down eighth blocks).  A value
 * that is not zero always shows at least the smallest step.
 *
 * Aggregation: when there are more points than columns, chart_columns and
 * chart_sparkline split the points into contiguous buckets of nearly equal
 * size and draw each bucket's peak, the value farthest from zero (a mean
 * would make the top label change with the width and never name the true
 * maximum); out->group says how many points the widest bucket holds.
 * A zero column (every point of it zero) is marked on the zero line, so a
 * day without orders shows as a day, not a gap.
 */
#ifndef KP_CHART_H
#define KP_CHART_H

#include <stddef.h>

/* Narrowest charts accepted; narrower gives -1 and a cause. */
#define CHART_HBAR_MIN_WIDTH	12
#define CHART_COLUMNS_MIN_WIDTH	12
#define CHART_COLUMNS_MIN_HEIGHT 3
#define CHART_SPARK_MIN_WIDTH	1

struct chart_lines {
	char	**line;	/* each NUL-terminated; owned by the struct */
	size_t	  n;
	size_t	  group;	/* chart_columns, chart_sparkline: points in
				 * the widest bucket (1: none grouped) */
};

enum chart_scale {
	CHART_SCALE_INTL,	/* K, M, B, T */
	CHART_SCALE_INDIAN	/* K, lakh (L), crore (Cr) */
};

struct chart_opts {
	int		 width;		/* cells available per line */
	int		 height;	/* chart_columns: lines in all, the
					 * x-label line included */
	int		 utf8;		/* 0: ASCII only */
	enum chart_scale scale;
};

/* Free every line and empty cl (a zeroed struct is fine). */
void chart_lines_free(struct chart_lines *cl);

/*
 * Horizontal bars, one line per item: the label (left, cut to a label
 * column), the bar and the exact value_text[i] beside it.  Negative values
 * grow left from a zero axis '|' drawn only when a value is negative; the
 * value of a negative bar stands right of the axis.  labels[i] may be NULL
 * (or labels NULL) for no label; value_text NULL shows chart_scale_label().
 * Strings must already be displayable (text_display()).  opts.height is not
 * used.  On success *out holds the lines and the caller frees it with
 * chart_lines_free(); on error returns -1, *out is empty and *cause is
 * allocated for the caller to free.
 */
int chart_hbar(const char *const *labels, const double *values,
    const char *const *value_text, size_t n, const struct chart_opts *o,
    struct chart_lines *out, char **cause);

/*
 * Vertical columns for trends: opts.height - 1 rows of bars right of a
 * y-axis with 2-3 labels (top, bottom, and zero or a round value near the
 * middle on the row that holds it), then one line
 * of x labels: xlabels[0], the middle one and xlabels[n - 1] under their
 * columns where they fit (xlabels or any entry may be NULL).  Ownership and
 * errors as chart_hbar().
 */
int chart_columns(const double *values, const char *const *xlabels, size_t n,
    const struct chart_opts *o, struct chart_lines *out, char **cause);

/*
 * One-line sparkline scaled from the smallest to the largest value, one cell
 * per point (at most opts.width, bucketed beyond); all-equal values give a
 * flat line, at the bottom when they are zero.  Ownership and errors as
 * chart_hbar().
 */
int chart_sparkline(const double *values, size_t n,
    const struct chart_opts *o, struct chart_lines *out, char **cause);

/*
 * Format v shortly into buf (len bytes, always NUL-terminated when len > 0):
 * one decimal below 100 of a unit, none from 100, ".0" dropped, so 950 ->
 * "950", 12.34 -> "12.3", 12345 -> "12.3K", 2500000 -> "2.5M" (INTL),
 * 250000 -> "2.5L", 25000000 -> "2.5Cr" (INDIAN); non-finite gives "?".
 */
void chart_scale_label(double v, enum chart_scale scale, char *buf,
    size_t len);

#endif
