/* w_kpi: a KPI's table with its chart beside or below it. */
#include "w_kpi.h"

#include <stdlib.h>

#include "draw.h"
#include "kpi_chart.h"
#include "table.h"
#include "theme.h"
#include "w_list.h"

/* Draw k's chart of t at (y, x) in o->height lines of o->width cells. */
static void
w_kpi_chart(const struct table *t, const struct kpi_def *k,
    const struct chart_opts *o, WINDOW *w, int y, int x)
{
	struct chart_lines cl = { NULL, 0, 0 };
	char *cause = NULL;
	size_t i;

	if (t == NULL || t->nrows == 0 || o->height < 3)
		return;
	if (kpi_chart_screen(k, t, o, &cl, &cause) == -1) {
		draw_data(w, y, x, o->width, cause, theme_attr(THEME_DIM));
		free(cause);
		return;
	}
	for (i = 0; i < cl.n && (int)i < o->height; i++)
		draw_text(w, y + (int)i, x, o->width, cl.line[i],
		    theme_attr(THEME_BAR));
	chart_lines_free(&cl);
}

void
w_kpi_draw(struct w_list *l, const struct kpi_def *k, int utf8,
    enum chart_scale scale, WINDOW *w, int y)
{
	struct chart_opts o;
	int maxx = getmaxx(w), h = getmaxy(w) - y, tw;

	o.utf8 = utf8;
	o.scale = scale;
	if (maxx >= 120) {
		/* Side by side: the table left, its chart right. */
		tw = maxx * 11 / 20;
		w_list_draw(l, w, y, 1, h, tw - 2, 1);
		o.width = maxx - tw - 2;
		o.height = h;
		w_kpi_chart(l->t, k, &o, w, y, tw + 1);
		return;
	}
	tw = h / 2 + 1;
	w_list_draw(l, w, y, 1, tw, maxx - 2, 1);
	draw_hline(w, y + tw, 1, maxx - 2);
	o.width = maxx - 2;
	o.height = h - tw - 1;
	w_kpi_chart(l->t, k, &o, w, y + tw + 1, 1);
}
