/* chart: horizontal bars, columns and sparklines drawn as lines of text. */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "xmem.h"

#define CHART_MAX_CELLS	1024	/* wider or taller requests are clamped */
#define CHART_MIN_BAR	4	/* bar cells chart_hbar always keeps */
#define CHART_COL_STEP	6	/* widest column step: bar plus one gap */
#define CHART_LABEL_LEN	32	/* buffer for one chart_scale_label() */

/*
 * The glyphs of one mode.  Partial cells are indexed by steps, 1 to res - 1;
 * negative bars and columns always have two steps per cell.
 */
struct chart_glyphs {
	int		 res;		/* steps per cell, positive bars */
	const char	*full;
	const char	*hpos[8];	/* bar end growing right */
	const char	*hneg;		/* half cell growing left */
	const char	*vpos[8];	/* column top growing up */
	const char	*vneg;		/* half cell growing down */
	const char	*spark[8];	/* sparkline levels, lowest first */
	const char	*axis;
	const char	*zero;		/* a zero column on the zero line */
};

static const struct chart_glyphs chart_utf8 = {
	8,
	"\xe2\x96\x88",						/* U+2588 */
	{ NULL, "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",	/* U+258F.. */
	  "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a",
	  "\xe2\x96\x89" },					/* ..U+2589 */
	"\xe2\x96\x90",						/* U+2590 */
	{ NULL, "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",	/* U+2581.. */
	  "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
	  "\xe2\x96\x87" },					/* ..U+2587 */
	"\xe2\x96\x80",						/* U+2580 */
	{ "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	  "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88" },
	"\xe2\x94\x82",					/* U+2502 */
	"\xc2\xb7"						/* U+00B7 */
};

static const struct chart_glyphs chart_ascii = {
	2,
	"#",
	{ NULL, "=" },
	"=",
	{ NULL, "." },
	"'",
	{ " ", ".", ":", "-", "=", "+", "*", "#" },
	"|",
	"_"
};

struct chart_unit {
	double		 value;
	const char	*suffix;
};

static const struct chart_unit chart_units_intl[] = {
	{ 1, "" }, { 1e3, "K" }, { 1e6, "M" }, { 1e9, "B" }, { 1e12, "T" }
};

static const struct chart_unit chart_units_indian[] = {
	{ 1, "" }, { 1e3, "K" }, { 1e5, "L" }, { 1e7, "Cr" }
};

/* One y-axis label: the row it stands on and its text. */
struct chart_ylabel {
	int	 row;
	char	 text[CHART_LABEL_LEN];
};

void
chart_lines_free(struct chart_lines *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++)
		free(cl->line[i]);
	free(cl->line);
	cl->line = NULL;
	cl->n = 0;
}

void
chart_scale_label(double v, enum chart_scale scale, char *buf, size_t len)
{
	const struct chart_unit *u;
	size_t nu, i = 0;
	double mag, x;
	long long whole, tenths;
	const char *sign;

	if (len == 0)
		return;
	if (!isfinite(v)) {
		snprintf(buf, len, "?");
		return;
	}
	if (scale == CHART_SCALE_INDIAN) {
		u = chart_units_indian;
		nu = sizeof chart_units_indian / sizeof chart_units_indian[0];
	} else {
		u = chart_units_intl;
		nu = sizeof chart_units_intl / sizeof chart_units_intl[0];
	}
	mag = fabs(v);
	sign = v < 0 ? "-" : "";
	while (i + 1 < nu && mag >= u[i + 1].value)
		i++;
	x = mag / u[i].value;
	if (x >= 1e15) {
		/* Beyond any KPI: no decimal point, so no locale either. */
		snprintf(buf, len, "%s%.0e%s", sign, x, u[i].suffix);
		return;
	}

	/* Integer arithmetic keeps the output free of the locale's point. */
	for (;;) {
		tenths = llround(x * 10);
		if (tenths < 1000)
			whole = tenths / 10;
		else {
			whole = llround(x);
			tenths = whole * 10;
		}
		if (i + 1 < nu && (double)whole * u[i].value >= u[i + 1].value) {
			i++;
			x = mag / u[i].value;
			continue;
		}
		break;
	}
	if (tenths == 0)
		snprintf(buf, len, "0");
	else if (tenths % 10 == 0)
		snprintf(buf, len, "%s%lld%s", sign, whole, u[i].suffix);
	else
		snprintf(buf, len, "%s%lld.%lld%s", sign, whole, tenths % 10,
		    u[i].suffix);
}

/* Check the size against a minimum; -1 with an allocated cause if short. */
static int
chart_check(const struct chart_opts *o, int min_width, int min_height,
    char **cause)
{
	if (o->width < min_width) {
		*cause = xasprintf("chart needs at least %d columns", min_width);
		return -1;
	}
	if (min_height > 0 && o->height < min_height) {
		*cause = xasprintf("chart needs at least %d rows", min_height);
		return -1;
	}
	return 0;
}

static int
chart_clamp(int cells)
{
	return cells > CHART_MAX_CELLS ? CHART_MAX_CELLS : cells;
}

static double
chart_value(double v)
{
	return isfinite(v) ? v : 0;
}

/* Append a line, taking ownership. */
static void
chart_add(struct chart_lines *out, char *line)
{
	out->line = xreallocarray(out->line, out->n + 1, sizeof *out->line);
	out->line[out->n++] = line;
}

/* Append the buffer's contents without trailing spaces; sb is left empty. */
static void
chart_add_trimmed(struct chart_lines *out, struct strbuf *sb)
{
	while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	chart_add(out, strbuf_detach(sb));
}

static void
chart_repeat(struct strbuf *sb, const char *s, int times)
{
	while (times-- > 0)
		strbuf_puts(sb, s);
}

/* Cut s to cells cells, marking a cut with '~' in ASCII mode. Caller frees. */
static char *
chart_fit(const char *s, int cells, int utf8)
{
	char *r = text_fit(s, cells);
	size_t len;

	if (!utf8 && cells > 0 && text_width(s) > cells) {
		len = strlen(r);
		if (len >= 3 && memcmp(r + len - 3, "\xe2\x80\xa6", 3) == 0) {
			r[len - 3] = '~';
			r[len - 2] = '\0';
		}
	}
	return r;
}

static void
chart_no_data(int width, int utf8, struct chart_lines *out)
{
	chart_add(out, chart_fit("(no data)", width, utf8));
}

/*
 * Steps of res per cell for magnitude mag when full fills cells cells: at
 * least one for anything above zero, never more than all of them.
 */
static long
chart_steps(double mag, double full, int cells, int res)
{
	double max = (double)cells * res, s;

	if (!(mag > 0) || !(full > 0) || cells <= 0)
		return 0;
	s = floor(mag / full * max + 0.5);
	if (s < 1)
		return 1;
	if (s > max)
		return (long)max;
	return (long)s;
}

/* First point of bucket b when n points go into nb buckets. */
static size_t
chart_bucket_start(size_t b, size_t n, size_t nb)
{
	return (size_t)((double)b * (double)n / (double)nb);
}

/* The bucket that holds point i. */
static size_t
chart_bucket_of(size_t i, size_t n, size_t nb)
{
	size_t b = (size_t)((double)i * (double)nb / (double)n);

	if (b >= nb)
		b = nb - 1;
	while (b + 1 < nb && chart_bucket_start(b + 1, n, nb) <= i)
		b++;
	while (b > 0 && chart_bucket_start(b, n, nb) > i)
		b--;
	return b;
}

/* The peak (the value farthest from zero) of each of at most max buckets
 * of n values into *res (caller frees); *group gets the widest bucket. */
static size_t
chart_bucket(const double *values, size_t n, size_t max, double **res,
    size_t *group)
{
	size_t nb = n < max ? n : max, b, i, start, end;
	double *r = xcalloc(nb, sizeof *r), m, v;

	*group = 1;
	for (b = 0; b < nb; b++) {
		start = chart_bucket_start(b, n, nb);
		end = chart_bucket_start(b + 1, n, nb);
		if (b + 1 == nb)
			end = n;
		if (end - start > *group)
			*group = end - start;
		m = 0;
		for (i = start; i < end; i++) {
			v = chart_value(values[i]);
			if (fabs(v) > fabs(m))
				m = v;
		}
		r[b] = m;
	}
	*res = r;
	return nb;
}

int
chart_hbar(const char *const *labels, const double *values,
    const char *const *value_text, size_t n, const struct chart_opts *o,
    struct chart_lines *out, char **cause)
{
	const struct chart_glyphs *g = o->utf8 ? &chart_utf8 : &chart_ascii;
	struct strbuf sb;
	char **vt, *s, buf[CHART_LABEL_LEN];
	const char *label;
	double v, pos = 0, neg = 0;
	int width, w, maxlab = 0, maxval = 0, has_neg, sep, avail, lw, vw;
	int bar, bneg, bpos, minlab;
	size_t i;
	long steps;

	out->line = NULL;
	out->n = 0;
	out->group = 1;
	if (chart_check(o, CHART_HBAR_MIN_WIDTH, 0, cause) != 0)
		return -1;
	width = chart_clamp(o->width);
	if (n == 0) {
		chart_no_data(width, o->utf8, out);
		return 0;
	}

	vt = xcalloc(n, sizeof *vt);
	for (i = 0; i < n; i++) {
		v = chart_value(values[i]);
		if (v > pos)
			pos = v;
		if (-v > neg)
			neg = -v;
		if (value_text != NULL && value_text[i] != NULL)
			vt[i] = xstrdup(value_text[i]);
		else {
			chart_scale_label(values[i], o->scale, buf, sizeof buf);
			vt[i] = xstrdup(buf);
		}
		if ((w = text_width(vt[i])) > maxval)
			maxval = w;
		if (labels != NULL && labels[i] != NULL &&
		    (w = text_width(labels[i])) > maxlab)
			maxlab = w;
	}

	/*
	 * label, space, [negative area, axis,] positive area, space, value:
	 * the label column takes at most a third, then gives way (down to 3
	 * cells) to keep CHART_MIN_BAR cells of bar; only then are the values
	 * cut.
	 */
	has_neg = neg > 0;
	sep = maxlab > 0;
	avail = width - 1 - has_neg - sep;
	lw = maxlab < avail / 3 ? maxlab : avail / 3;
	vw = maxval;
	if (lw + vw + CHART_MIN_BAR > avail) {
		minlab = maxlab < 3 ? maxlab : 3;
		lw = avail - vw - CHART_MIN_BAR;
		if (lw < minlab)
			lw = minlab;
	}
	if (lw + vw + CHART_MIN_BAR > avail)
		vw = avail - lw - CHART_MIN_BAR;
	bar = avail - lw - vw;
	if (has_neg && pos > 0) {
		/* Halves first: the sum of two huge values must not overflow. */
		bneg = (int)floor(bar * (neg / 2) / (pos / 2 + neg / 2) + 0.5);
		if (bneg < 1)
			bneg = 1;
		if (bneg > bar - 1)
			bneg = bar - 1;
	} else
		bneg = has_neg ? bar : 0;
	bpos = bar - bneg;

	strbuf_init(&sb);
	for (i = 0; i < n; i++) {
		if (sep) {
			label = labels != NULL && labels[i] != NULL ?
			    labels[i] : "";
			s = chart_fit(label, lw, o->utf8);
			strbuf_puts(&sb, s);
			chart_repeat(&sb, " ", lw - text_width(s) + 1);
			free(s);
		}
		v = chart_value(values[i]);
		if (has_neg) {
			steps = v < 0 ? chart_steps(-v, neg, bneg, 2) : 0;
			chart_repeat(&sb, " ", bneg - (int)((steps + 1) / 2));
			if (steps % 2 != 0)
				strbuf_puts(&sb, g->hneg);
			chart_repeat(&sb, g->full, (int)(steps / 2));
			strbuf_puts(&sb, g->axis);
		}
		if (v > 0) {
			steps = chart_steps(v, pos, bpos, g->res);
			chart_repeat(&sb, g->full, (int)(steps / g->res));
			if (steps % g->res != 0)
				strbuf_puts(&sb, g->hpos[steps % g->res]);
		}
		strbuf_putc(&sb, ' ');
		s = chart_fit(vt[i], vw, o->utf8);
		strbuf_puts(&sb, s);
		free(s);
		chart_add_trimmed(out, &sb);
	}
	for (i = 0; i < n; i++)
		free(vt[i]);
	free(vt);
	return 0;
}

/* v > 0 rounded to one significant digit in halves: 49.8K -> 50K,
 * 1234 -> 1000, 0.37 -> 0.35. */
static double
chart_round(double v)
{
	double mag;

	if (!(v > 0) || !isfinite(v))
		return 0;
	mag = pow(10, floor(log10(v)));
	return floor(v / mag * 2 + 0.5) / 2 * mag;
}

/*
 * Y-axis labels for rows rows with z rows above zero: the top and bottom,
 * then zero when there are both signs or the middle when there is one.
 * Returns how many were set.
 */
static int
chart_ylabels(double hi, double lo, int rows, int z, enum chart_scale scale,
    struct chart_ylabel *yl)
{
	int nl = 0, r;
	double v;

	if (hi > 0 || lo == 0) {
		yl[nl].row = hi > 0 ? 0 : rows - 1;
		chart_scale_label(hi, scale, yl[nl++].text, CHART_LABEL_LEN);
	} else {
		yl[nl].row = 0;
		chart_scale_label(0, scale, yl[nl++].text, CHART_LABEL_LEN);
	}
	if (lo < 0 || hi > 0) {
		yl[nl].row = rows - 1;
		chart_scale_label(lo, scale, yl[nl++].text, CHART_LABEL_LEN);
	}
	if (hi > 0 && lo < 0) {
		r = z - 1 > 0 ? z - 1 : z;
		if (r > 0 && r < rows - 1) {
			yl[nl].row = r;
			chart_scale_label(0, scale, yl[nl++].text,
			    CHART_LABEL_LEN);
		}
	} else if ((hi > 0 || lo < 0) && rows >= 5) {
		/* A round value near the middle, on the row that holds it
		 * (rows span (edge below, top edge]). */
		v = chart_round((hi > 0 ? hi : -lo) / 2);
		r = rows - (int)ceil(v * rows / (hi > 0 ? hi : -lo));
		if (lo < 0)
			r = rows - 1 - r;
		if (r > 0 && r < rows - 1) {
			yl[nl].row = r;
			chart_scale_label(hi > 0 ? v : -v, scale, yl[nl++].text,
			    CHART_LABEL_LEN);
		}
	}
	return nl;
}

/* Place one x label of width w at x if it fits between left and right. */
static int
chart_xlabel_fits(int x, int w, int left, int right)
{
	return x >= left && x + w <= right;
}

/* The last line of chart_columns: first, middle and last x labels. */
static void
chart_xlabels(const char *const *xlabels, size_t n, size_t ncols, int colw,
    int barw, int plot, int gutter, int utf8, struct strbuf *sb)
{
	static const int order[3] = { 0, 2, 1 };	/* left to right */
	size_t idx[3], col;
	char *text[3] = { NULL, NULL, NULL };
	int x[3], w[3], k, j, left = 0, right = plot, at;

	idx[0] = 0;
	idx[1] = n - 1;
	idx[2] = (n - 1) / 2;
	for (k = 0; k < 3; k++) {
		/* With one or two points the middle is the first. */
		if (xlabels == NULL || xlabels[idx[k]] == NULL ||
		    (k > 0 && idx[k] == 0))
			continue;
		text[k] = chart_fit(xlabels[idx[k]], plot, utf8);
		w[k] = text_width(text[k]);
		col = chart_bucket_of(idx[k], n, ncols);
		if (k == 0)
			x[k] = (int)col * colw;
		else if (k == 1)
			x[k] = (int)col * colw + barw - w[k];
		else
			x[k] = (int)col * colw + barw / 2 - w[k] / 2;
		if (x[k] < 0)
			x[k] = 0;
		if (x[k] + w[k] > plot)
			x[k] = plot - w[k];
		if (!chart_xlabel_fits(x[k], w[k], left, right)) {
			free(text[k]);
			text[k] = NULL;
			continue;
		}
		/* One blank cell at least between labels. */
		if (k == 0)
			left = x[k] + w[k] + 1;
		else if (k == 1)
			right = x[k] - 1;
	}

	chart_repeat(sb, " ", gutter + 1);
	at = 0;
	for (k = 0; k < 3; k++) {
		j = order[k];
		if (text[j] == NULL)
			continue;
		chart_repeat(sb, " ", x[j] - at);
		strbuf_puts(sb, text[j]);
		at = x[j] + w[j];
		free(text[j]);
	}
}

int
chart_columns(const double *values, const char *const *xlabels, size_t n,
    const struct chart_opts *o, struct chart_lines *out, char **cause)
{
	const struct chart_glyphs *g = o->utf8 ? &chart_utf8 : &chart_ascii;
	struct chart_ylabel yl[3];
	struct strbuf sb;
	double *cols = NULL, hi, lo;
	long *steps;
	size_t ncols, c;
	int width, rows, gutter = 0, plot, z = 0, nl = 0, lw, k, r, colw, barw;
	long fill;
	const char *glyph;

	out->line = NULL;
	out->n = 0;
	out->group = 1;
	if (chart_check(o, CHART_COLUMNS_MIN_WIDTH, CHART_COLUMNS_MIN_HEIGHT,
	    cause) != 0)
		return -1;
	width = chart_clamp(o->width);
	rows = chart_clamp(o->height) - 1;
	if (n == 0) {
		chart_no_data(width, o->utf8, out);
		return 0;
	}

	/*
	 * The gutter holds the y labels, which describe the buckets, whose
	 * number depends on the gutter: widen it until the labels fit (it
	 * only grows, so this ends).
	 */
	for (;;) {
		plot = width - gutter - 1;
		if (plot < 1) {
			*cause = xasprintf("chart needs at least %d columns",
			    gutter + 2);
			free(cols);
			return -1;
		}
		free(cols);
		ncols = chart_bucket(values, n, (size_t)plot, &cols,
		    &out->group);
		hi = lo = 0;
		for (c = 0; c < ncols; c++) {
			if (cols[c] > hi)
				hi = cols[c];
			if (cols[c] < lo)
				lo = cols[c];
		}
		if (lo == 0)
			z = rows;
		else if (hi == 0)
			z = 0;
		else {
			z = (int)floor(rows * (hi / 2) / (hi / 2 - lo / 2) +
			    0.5);
			if (z < 1)
				z = 1;
			if (z > rows - 1)
				z = rows - 1;
		}
		nl = chart_ylabels(hi, lo, rows, z, o->scale, yl);
		lw = 0;
		for (k = 0; k < nl; k++) {
			if ((int)strlen(yl[k].text) > lw)
				lw = (int)strlen(yl[k].text);
		}
		if (lw <= gutter)
			break;
		gutter = lw;
	}
	/* Labels that came out narrower leave the spare cells on the right. */
	gutter = lw;

	if (ncols < (size_t)plot) {
		colw = plot / (int)ncols;
		if (colw > CHART_COL_STEP)
			colw = CHART_COL_STEP;
	} else
		colw = 1;
	barw = colw > 1 ? colw - 1 : 1;

	steps = xcalloc(ncols, sizeof *steps);
	for (c = 0; c < ncols; c++) {
		if (cols[c] > 0)
			steps[c] = chart_steps(cols[c], hi, z, g->res);
		else if (cols[c] < 0)
			steps[c] = chart_steps(-cols[c], -lo, rows - z, 2);
	}

	strbuf_init(&sb);
	for (r = 0; r < rows; r++) {
		glyph = "";
		for (k = 0; k < nl; k++) {
			if (yl[k].row == r)
				glyph = yl[k].text;
		}
		chart_repeat(&sb, " ", gutter - (int)strlen(glyph));
		strbuf_puts(&sb, glyph);
		strbuf_puts(&sb, g->axis);
		for (c = 0; c < ncols; c++) {
			glyph = " ";
			if (cols[c] > 0 && r < z) {
				fill = steps[c] - (long)(z - 1 - r) * g->res;
				if (fill >= g->res)
					glyph = g->full;
				else if (fill > 0)
					glyph = g->vpos[fill];
			} else if (cols[c] == 0 && r == z - 1 && hi > 0)
				glyph = g->zero;
			else if (cols[c] < 0 && r >= z) {
				fill = steps[c] - (long)(r - z) * 2;
				if (fill >= 2)
					glyph = g->full;
				else if (fill > 0)
					glyph = g->vneg;
			}
			chart_repeat(&sb, glyph, barw);
			chart_repeat(&sb, " ", colw - barw);
		}
		chart_add_trimmed(out, &sb);
	}
	chart_xlabels(xlabels, n, ncols, colw, barw, plot, gutter, o->utf8,
	    &sb);
	chart_add_trimmed(out, &sb);
	free(steps);
	free(cols);
	return 0;
}

int
chart_sparkline(const double *values, size_t n, const struct chart_opts *o,
    struct chart_lines *out, char **cause)
{
	const struct chart_glyphs *g = o->utf8 ? &chart_utf8 : &chart_ascii;
	struct strbuf sb;
	double *cols, hi, lo;
	size_t ncols, c;
	int width, level;

	out->line = NULL;
	out->n = 0;
	out->group = 1;
	if (chart_check(o, CHART_SPARK_MIN_WIDTH, 0, cause) != 0)
		return -1;
	width = chart_clamp(o->width);
	if (n == 0) {
		chart_no_data(width, o->utf8, out);
		return 0;
	}

	ncols = chart_bucket(values, n, (size_t)width, &cols, &out->group);
	hi = lo = cols[0];
	for (c = 1; c < ncols; c++) {
		if (cols[c] > hi)
			hi = cols[c];
		if (cols[c] < lo)
			lo = cols[c];
	}
	strbuf_init(&sb);
	for (c = 0; c < ncols; c++) {
		if (hi > lo) {
			level = (int)floor((cols[c] / 2 - lo / 2) /
			    (hi / 2 - lo / 2) * 7 + 0.5);
			if (level > 7)
				level = 7;
		} else
			level = hi == 0 ? 0 : 3;
		strbuf_puts(&sb, g->spark[level]);
	}
	chart_add(out, strbuf_detach(&sb));
	free(cols);
	return 0;
}
