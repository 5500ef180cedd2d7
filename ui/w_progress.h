/* w_progress: a progress bar with rows, rate and ETA for long work. */
#ifndef KP_W_PROGRESS_H
#define KP_W_PROGRESS_H

#include <curses.h>
#include <stdint.h>

struct w_progress {
	int64_t		rows;		/* records done */
	uint64_t	bytes;		/* input consumed */
	uint64_t	total;		/* input size, 0 if unknown */
	double		elapsed;	/* seconds */
};

/* Draw p in two lines of width cells at (y, x): the bar with its percent,
 * then rows, rate, elapsed time and ETA. */
void w_progress_draw(const struct w_progress *p, WINDOW *w, int y, int x,
    int width);

#endif
