/* kpi_chart: the chart that goes with each KPI's table. */
#include "kpi_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "kpi.h"
#include "numfmt.h"
#include "table.h"
#include "text.h"
#include "xmem.h"

/* What one chart draws: rows of t in the order charted. */
struct kpi_chart_rows {
	const struct table *t;
	size_t		*idx;		/* rows of t, in chart order */
	size_t		 n;
	size_t		 lc, vc;	/* label and value columns */
};

/* Whether row a goes after row b: bars by value, largest first; columns
 * (a trend) by label, which is a day or a month, so in time order. Ties
 * go by label, so the order never depends on the table's sort. */
static int
kpi_chart_after(const struct kpi_chart_rows *cr, int bars, size_t a,
    size_t b)
{
	const char *la = table_cell(cr->t, a, cr->lc)->text;
	const char *lb = table_cell(cr->t, b, cr->lc)->text;
	int64_t va = table_cell(cr->t, a, cr->vc)->num;
	int64_t vb = table_cell(cr->t, b, cr->vc)->num;

	if (bars && va != vb)
		return va < vb;
	return strcmp(la, lb) > 0;
}

/* Every row of t in chart order (a stable insertion sort: a trend comes
 * sorted already, a ranking nearly). */
static void
kpi_chart_order(struct kpi_chart_rows *cr, int bars)
{
	size_t i, j, r;

	cr->n = cr->t->nrows;
	cr->idx = xcalloc(cr->n + 1, sizeof *cr->idx);
	for (i = 0; i < cr->n; i++) {
		r = i;
		for (j = i; j > 0 && kpi_chart_after(cr, bars, cr->idx[j - 1],
		    r); j--)
			cr->idx[j] = cr->idx[j - 1];
		cr->idx[j] = r;
	}
}

/* Values of the charted rows as doubles (money in rupees, not paise). */
static double *
kpi_chart_values(const struct kpi_chart_rows *cr)
{
	double *v = xcalloc(cr->n + 1, sizeof *v);
	size_t i;

	for (i = 0; i < cr->n; i++) {
		v[i] = (double)table_cell(cr->t, cr->idx[i], cr->vc)->num;
		if (cr->t->cols[cr->vc].type == TABLE_MONEY)
			v[i] /= 100.0;
	}
	return v;
}

/* Row r's value as a screen says it: ₹8,30,454.71 or 1,234. */
static void
kpi_chart_value_text(const struct kpi_chart_rows *cr, size_t r,
    const struct chart_opts *o, char *buf, size_t len)
{
	enum numfmt_scale s = o->scale == CHART_SCALE_INDIAN ?
	    NUMFMT_INDIAN : NUMFMT_WESTERN;
	int64_t v = table_cell(cr->t, r, cr->vc)->num;

	if (cr->t->cols[cr->vc].type == TABLE_MONEY)
		numfmt_money(v, s, o->utf8, buf, len);
	else
		numfmt_int(v, s, buf, len);
}

/* A column's name as words: "order_count" -> "order count". */
static void
kpi_chart_words(const char *name, char *buf, size_t len)
{
	char *p;

	snprintf(buf, len, "%s", name);
	for (p = buf; *p != '\0'; p++) {
		if (*p == '_')
			*p = ' ';
	}
}

/*
 * The title line: the series, its unit, the true peak and where it is,
 * and how many points a column holds. The longest wording that fits the
 * width wins; the shortest is cut.
 */
static char *
kpi_chart_title(const struct kpi_chart_rows *cr, int bars, size_t group,
    const struct chart_opts *o)
{
	const struct table_col *vcol = &cr->t->cols[cr->vc];
	const char *unit = vcol->type != TABLE_MONEY ? "" : o->utf8 ?
	    " (\xe2\x82\xb9)" : " (Rs)";			/* ₹ */
	char peak[NUMFMT_MAX], *at, *c[4], *r, by[96] = "", sby[96] = "";
	char series[32], lname[32];
	size_t i, p = 0;

	kpi_chart_words(vcol->name, series, sizeof series);
	kpi_chart_words(cr->t->cols[cr->lc].name, lname, sizeof lname);
	for (i = 1; i < cr->n; i++) {
		if (table_cell(cr->t, cr->idx[i], cr->vc)->num >
		    table_cell(cr->t, cr->idx[p], cr->vc)->num)
			p = i;
	}
	kpi_chart_value_text(cr, cr->idx[p], o, peak, sizeof peak);
	at = text_display(table_cell(cr->t, cr->idx[p], cr->lc)->text,
	    o->utf8);
	if (bars && cr->n > KPI_CHART_BARS) {
		snprintf(by, sizeof by, ", top %d", KPI_CHART_BARS);
		snprintf(sby, sizeof sby, ", top %d", KPI_CHART_BARS);
	} else if (group > 1) {
		snprintf(by, sizeof by, "; 1 column = %zu %ss, the highest",
		    group, lname);
		snprintf(sby, sizeof sby, ", %zu %ss/column", group, lname);
	}
	c[0] = xasprintf("%s%s by %s, peak %s (%s)%s", series, unit,
	    lname, peak, at, by);
	c[1] = xasprintf("%s%s, peak %s (%s)%s", series, unit, peak, at,
	    by);
	c[2] = xasprintf("%s%s, peak %s (%s)%s", series, unit, peak, at,
	    sby);
	c[3] = xasprintf("peak %s%s", peak, sby);
	for (i = 0; i < 3 && text_width(c[i]) > o->width; i++)
		;
	r = text_fit(c[i], o->width);
	for (i = 0; i < 4; i++)
		free(c[i]);
	free(at);
	return r;
}

/* Put line first in out (taking it). */
static void
kpi_chart_prepend(struct chart_lines *out, char *line)
{
	out->line = xreallocarray(out->line, out->n + 1, sizeof *out->line);
	memmove(out->line + 1, out->line, out->n * sizeof *out->line);
	out->line[0] = line;
	out->n++;
}

/* Draw the charted rows (labels made displayable), for the screens
 * under a title. */
static int
kpi_chart_draw(const struct kpi_chart_rows *cr, int bars, int screen,
    const struct chart_opts *o, struct chart_lines *out, char **cause)
{
	size_t i, n = cr->n;
	char **labels, **texts, buf[NUMFMT_MAX];
	double *values;
	struct chart_opts co = *o;
	int rc;

	if (bars && n > KPI_CHART_BARS)
		n = KPI_CHART_BARS;
	labels = xcalloc(n + 1, sizeof *labels);
	texts = xcalloc(n + 1, sizeof *texts);
	for (i = 0; i < n; i++) {
		labels[i] = text_display(table_cell(cr->t, cr->idx[i],
		    cr->lc)->text, o->utf8);
		if (screen) {
			kpi_chart_value_text(cr, cr->idx[i], o, buf,
			    sizeof buf);
			texts[i] = xstrdup(buf);
		} else
			texts[i] = table_format(cr->t, cr->idx[i], cr->vc);
	}
	values = kpi_chart_values(cr);
	/* The title takes one line of a column chart's height. */
	if (screen && !bars && co.height > CHART_COLUMNS_MIN_HEIGHT)
		co.height--;
	if (bars)
		rc = chart_hbar((const char *const *)labels, values,
		    (const char *const *)texts, n, &co, out, cause);
	else
		rc = chart_columns(values, (const char *const *)labels, n,
		    &co, out, cause);
	if (rc == 0 && cr->n > 0 && screen)
		kpi_chart_prepend(out, kpi_chart_title(cr, bars, out->group,
		    o));
	for (i = 0; i < n; i++) {
		free(labels[i]);
		free(texts[i]);
	}
	free(labels);
	free(texts);
	free(values);
	return rc;
}

static int
kpi_chart_run(const struct kpi_def *k, const struct table *t, int screen,
    const struct chart_opts *o, struct chart_lines *out, char **cause)
{
	struct kpi_chart_rows cr = { t, NULL, 0, 0, 0 };
	int lc = -1, vc = -1, rc;
	int bars = k->chart.kind == KPI_CHART_HBAR;

	if (k->chart.kind != KPI_CHART_NONE) {
		lc = table_col_index(t, k->chart.label);
		vc = table_col_index(t, k->chart.value);
	}
	if (lc < 0 || vc < 0) {
		*cause = xasprintf("no chart for %s", k->name);
		return -1;
	}
	cr.lc = (size_t)lc;
	cr.vc = (size_t)vc;
	kpi_chart_order(&cr, bars);
	rc = kpi_chart_draw(&cr, bars, screen, o, out, cause);
	free(cr.idx);
	return rc;
}

int
kpi_chart(const struct kpi_def *k, const struct table *t,
    const struct chart_opts *o, struct chart_lines *out, char **cause)
{
	return kpi_chart_run(k, t, 0, o, out, cause);
}

int
kpi_chart_screen(const struct kpi_def *k, const struct table *t,
    const struct chart_opts *o, struct chart_lines *out, char **cause)
{
	return kpi_chart_run(k, t, 1, o, out, cause);
}

int
kpi_sparkline(const struct table *t, const struct chart_opts *o,
    struct chart_lines *out, char **cause)
{
	int c = table_col_index(t, "revenue");
	double *values;
	size_t r;
	int rc;

	if (c < 0) {
		*cause = xstrdup("no revenue column to draw");
		return -1;
	}
	values = xcalloc(t->nrows + 1, sizeof *values);
	for (r = 0; r < t->nrows; r++)
		values[r] = (double)table_cell(t, r, (size_t)c)->num / 100.0;
	rc = chart_sparkline(values, t->nrows, o, out, cause);
	free(values);
	return rc;
}
