/* w_request: an export request's summary, shared by both people's screens. */
#include "w_request.h"

#include <time.h>

#include "datetime.h"
#include "draw.h"
#include "export.h"
#include "paths.h"
#include "rules.h"
#include "screen.h"
#include "theme.h"

#define W_REQUEST_SHEET_COLS	3	/* sheets per line at 80 columns */

void
w_request_init(struct w_request *r)
{
	r->top = 0;
	r->shown = 0;
}

int
w_request_scroll(struct w_request *r, const struct export_summary *s,
    int delta)
{
	size_t step = r->shown > 0 ? r->shown : 1;

	if (delta > 0 && r->top + step < s->nbatches)
		r->top += step;
	else if (delta < 0)
		r->top = r->top > step ? r->top - step : 0;
	return UI_REDRAW;
}

/* The rows of every sheet but Summary, W_REQUEST_SHEET_COLS to a line. */
static int
w_request_sheets(const struct export_summary *s, WINDOW *w, int y, int x,
    int width)
{
	int colw = width / W_REQUEST_SHEET_COLS, col = 0, n;
	char count[24];
	size_t i;

	for (i = 1; i < export_sheet_count(); i++) {
		n = snprintf(count, sizeof count, "%s",
		    draw_int(s->rows[export_sheet_at(i)]).s);
		draw_text(w, y, x + col * colw, colw - n - 2,
		    export_sheet_name(export_sheet_at(i)), A_NORMAL);
		draw_right(w, y, x + col * colw, colw - 1, count, A_BOLD);
		if (++col == W_REQUEST_SHEET_COLS) {
			col = 0;
			y++;
		}
	}
	return ((int)export_sheet_count() - 1 + W_REQUEST_SHEET_COLS - 1) /
	    W_REQUEST_SHEET_COLS;
}

/* The input files in h lines (two each), from r->top; lines used. */
static int
w_request_batches(struct w_request *r, const struct export_summary *s,
    WINDOW *w, int y, int x, int h, int width)
{
	const struct export_batch *b;
	int used = 0, fit;
	size_t i;

	if (r->top >= s->nbatches)
		r->top = 0;
	/* All of them, or a page and a line saying which. */
	if (r->top == 0 && s->nbatches * 2 <= (size_t)(h > 0 ? h : 0))
		fit = (int)s->nbatches;
	else if ((fit = (h - 1) / 2) < 1)
		fit = 1;
	for (i = r->top; i < s->nbatches && (int)(i - r->top) < fit; i++) {
		b = &s->batches[i];
		/* draw_printf sanitizes the recorded file name. */
		draw_printf(w, y + used++, x + 2, width - 2, A_NORMAL,
		    "%-9s %s  (%s, batch %lld%s%s)", b->kind,
		    paths_basename(b->file), draw_count(b->loaded, "row",
		    "rows").s,
		    (long long)b->id, b->scope[0] != '\0' ?
		    ", amounts: " : "", b->scope[0] == 'o' ? "order totals" :
		    b->scope[0] == 'l' ? "line amounts" : "");
		draw_printf(w, y + used++, x + 4, width - 4, A_NORMAL,
		    "sha256 %s", b->sha256);
	}
	r->shown = i - r->top;
	if (r->top > 0 || i < s->nbatches)
		draw_printf(w, y + used++, x + 2, width - 2, theme_attr(
		    THEME_DIM), "input files %zu-%zu of %zu (PgDn/PgUp)",
		    r->top + 1, i, s->nbatches);
	return used;
}

int
w_request_draw(struct w_request *r, const struct export_summary *s,
    WINDOW *w, int y, int x, int h, int width)
{
	int64_t now = (int64_t)time(NULL);
	int y0 = y;

	/* draw_printf sanitizes the names and texts read from the database. */
	draw_printf(w, y++, x, width, theme_attr(THEME_TITLE),
	    "Export request %lld by %s, as of %s", (long long)s->id,
	    s->requested_by, s->as_of_text);
	draw_printf(w, y++, x, width, A_NORMAL, "status %s, expires %s "
	    "(%lld min left)  hash %.12s", s->status,
	    draw_when(s->expires_at).s,
	    s->expires_at > now ? (long long)(s->expires_at - now + 59) /
	    60 : 0LL, s->params_hash);
	y += w_request_sheets(s, w, y, x, width);
	draw_printf(w, y++, x, width, A_NORMAL, "checks %s PASS, %s "
	    "WARN, %s FAIL   order lines %s, revenue %s",
	    draw_int(s->checks_pass).s, draw_int(s->checks_warn).s,
	    draw_int(s->checks_fail).s, draw_int(s->lines).s,
	    draw_money(s->revenue).s);
	draw_printf(w, y++, x, width, A_BOLD, "Input files (%zu):",
	    s->nbatches);
	y += w_request_batches(r, s, w, y, x, h - (y - y0), width);
	return y - y0;
}
