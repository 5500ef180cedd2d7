/* kpi_chart: the chart that goes with each KPI's table, as its row's chart
 * spec says (bars for rankings and regions, columns for trends), shared by
 * the CLI and the screens. */
#ifndef KP_KPI_CHART_H
#define KP_KPI_CHART_H

#include <stddef.h>

struct chart_lines;
struct chart_opts;
struct kpi_def;
struct table;

#define KPI_CHART_BARS	10	/* items a ranking chart shows */

/* Draw the chart of KPI k's table t into out (caller frees with
 * chart_lines_free); labels from data are made displayable first, values
 * written as the command line writes them (830454.71). Bars show the
 * largest first and columns go in time order, whatever t's sort. -1 and
 * *cause when t lacks the chart's columns. */
int kpi_chart(const struct kpi_def *k, const struct table *t,
    const struct chart_opts *o, struct chart_lines *out, char **cause);
/* As kpi_chart, for the screens: values grouped as o->scale says, money
 * with ₹ (Rs in ASCII), under a title line naming the series, its unit,
 * the true peak and how many points a column holds; out has at most
 * o->height lines for a trend, the title included. */
int kpi_chart_screen(const struct kpi_def *k, const struct table *t,
    const struct chart_opts *o, struct chart_lines *out, char **cause);
/* A one-line sparkline of a trend table's revenue (caller frees out). */
int kpi_sparkline(const struct table *t, const struct chart_opts *o,
    struct chart_lines *out, char **cause);

#endif
