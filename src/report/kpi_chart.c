/* kpi_chart: the chart that goes with each KPI's table. */
#include "kpi_chart.h"

#include <stdlib.h>

#include "chart.h"
#include "kpi.h"
#include "table.h"
#include "text.h"
#include "xmem.h"

/* Values of column c as doubles (money in rupees, not paise). */
static double *
kpi_chart_values(const struct table *t, size_t c, size_t n)
{
	double *v = xcalloc(n + 1, sizeof *v);
	size_t r;

	for (r = 0; r < n; r++) {
		v[r] = (double)table_cell(t, r, c)->num;
		if (t->cols[c].type == TABLE_MONEY)
			v[r] /= 100.0;
	}
	return v;
}

int
kpi_chart(const struct kpi_def *k, const struct table *t,
    const struct chart_opts *o, struct chart_lines *out, char **cause)
{
	char **labels, **texts;
	double *values;
	size_t i, n = t->nrows;
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
	if (bars && n > KPI_CHART_BARS)
		n = KPI_CHART_BARS;
	labels = xcalloc(n + 1, sizeof *labels);
	texts = xcalloc(n + 1, sizeof *texts);
	for (i = 0; i < n; i++) {
		char *raw = table_format(t, i, (size_t)lc);

		labels[i] = text_display(raw, o->utf8);
		free(raw);
		texts[i] = table_format(t, i, (size_t)vc);
	}
	values = kpi_chart_values(t, (size_t)vc, n);
	if (bars)
		rc = chart_hbar((const char *const *)labels, values,
		    (const char *const *)texts, n, o, out, cause);
	else
		rc = chart_columns(values, (const char *const *)labels, n, o,
		    out, cause);
	for (i = 0; i < n; i++) {
		free(labels[i]);
		free(texts[i]);
	}
	free(labels);
	free(texts);
	free(values);
	return rc;
}

int
kpi_sparkline(const struct table *t, const struct chart_opts *o,
    struct chart_lines *out, char **cause)
{
	int c = table_col_index(t, "revenue");
	double *values;
	int rc;

	if (c < 0) {
		*cause = xstrdup("no revenue column to draw");
		return -1;
	}
	values = kpi_chart_values(t, (size_t)c, t->nrows);
	rc = chart_sparkline(values, t->nrows, o, out, cause);
	free(values);
	return rc;
}
