/*
 * w_request: what an export request will export, drawn the same way for
 * the requester (scr_export) and the approver (scr_approve): who asked and
 * for which day, the status and time left, rows per sheet, the checks and
 * totals, and the input files with their SHA-256, a page at a time when
 * they do not fit.
 */
#ifndef KP_W_REQUEST_H
#define KP_W_REQUEST_H

#include <curses.h>
#include <stddef.h>

struct export_summary;

struct w_request {
	size_t	top;		/* first input file shown */
	size_t	shown;		/* input files in sight at the last draw */
};

/* Start at the first input file. */
void w_request_init(struct w_request *r);
/*
 * Draw s (not kept; its strings are sanitized here) into h lines of width
 * cells from (y, x), the input files taking what the rest leaves; returns
 * the lines used.
 */
int w_request_draw(struct w_request *r, const struct export_summary *s,
    WINDOW *w, int y, int x, int h, int width);
/* Page the input files of s down (delta > 0) or up; a UI_* reaction. */
int w_request_scroll(struct w_request *r, const struct export_summary *s,
    int delta);

#endif
