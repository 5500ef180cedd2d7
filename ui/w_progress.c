/* w_progress: progress bar with rows, rate and ETA. */
#include "w_progress.h"

#include <stdio.h>

#include "draw.h"
#include "theme.h"

void
w_progress_draw(const struct w_progress *p, WINDOW *w, int y, int x,
    int width)
{
	double frac = 0, rate = 0, eta = -1;
	int barw = width - 8, fill, i;
	char pct[16], line[160];

	if (barw < 4)
		return;
	if (p->total > 0) {
		frac = (double)p->bytes / (double)p->total;
		if (frac > 1)
			frac = 1;
	}
	if (p->elapsed > 0)
		rate = (double)p->rows / p->elapsed;
	if (frac > 0.01 && p->elapsed > 0)
		eta = p->elapsed * (1 - frac) / frac;
	fill = (int)(frac * barw);
	draw_fill(w, y, x, barw, theme_attr(THEME_DIM));
	wattrset(w, theme_attr(THEME_BAR) | A_REVERSE);
	for (i = 0; i < fill; i++)
		mvwaddch(w, y, x + i, draw_utf8() ? ' ' : '#');
	wattrset(w, A_NORMAL);
	snprintf(pct, sizeof pct, "%3.0f%%", frac * 100);
	draw_text(w, y, x + barw + 2, 6, pct, A_BOLD);
	if (eta >= 0)
		snprintf(line, sizeof line, "%s  %.0f rows/s  %.1f s  "
		    "ETA %.0f s", draw_count(p->rows, "row", "rows").s, rate,
		    p->elapsed, eta);
	else
		snprintf(line, sizeof line, "%s  %.0f rows/s  %.1f s",
		    draw_count(p->rows, "row", "rows").s, rate, p->elapsed);
	draw_text(w, y + 1, x, width, line, A_NORMAL);
}
