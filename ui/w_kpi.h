/*
 * w_kpi: a KPI's table with its chart, the pane the dashboard (scr_kpi) and
 * a history day (scr_history) share. From 120 columns the table takes the
 * left 11/20 of the window and the chart the rest; narrower, the table
 * takes the top half, a rule, then the chart below. The chart is drawn from
 * the rows the list shows, only when there are rows and 3 lines for it.
 */
#ifndef KP_W_KPI_H
#define KP_W_KPI_H

#include <curses.h>

#include "chart.h"

struct kpi_def;
struct w_list;

/* Draw l (KPI k's table) and k's chart into the lines of w from y to its
 * bottom, one cell in from each side; utf8 and scale as in chart_opts. */
void w_kpi_draw(struct w_list *l, const struct kpi_def *k, int utf8,
    enum chart_scale scale, WINDOW *w, int y);

#endif
