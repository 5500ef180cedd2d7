/* w_list: scrollable, sortable, searchable table view. */
#include "w_list.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "table.h"
#include "text.h"
#include "theme.h"
#include "xmem.h"

#define W_LIST_MEASURE	2000	/* rows measured for the column widths */
#define W_LIST_MAXW	40	/* widest column, in cells */
#define W_LIST_GUTTER	1	/* cells left of the rows for the cursor mark */
#define W_LIST_WHEEL	3	/* rows a wheel step moves */

static const struct ui_key w_list_key_table[] = {
	{ { 0 }, "Up/Down j/k", NULL, "move one row", NULL },
	{ { 0 }, "PgUp/PgDn", NULL, "move one page (Ctrl-B/Ctrl-F too)",
	  NULL },
	{ { 0 }, "Home/End", NULL, "first or last row (g/G too)", NULL },
	{ { 0 }, "Left/Right h/l", NULL, "scroll the columns", NULL },
	{ { 0 }, "/", NULL, "search; n next, N previous", NULL },
	{ { 0 }, "s", NULL, "sort by the next column, then back to the "
	  "first order; S reverses", NULL },
	{ { 0 }, "click/wheel", NULL, "select a row; scroll (where the "
	  "terminal has a mouse)", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_key *
w_list_keys(void)
{
	return w_list_key_table;
}

void
w_list_init(struct w_list *l)
{
	memset(l, 0, sizeof *l);
	l->sort_col = -1;
}

static void
w_list_measure(struct w_list *l)
{
	const struct table *t = l->t;
	size_t r, c;
	char *s, *safe;
	int cells;

	free(l->widths);
	l->widths = NULL;
	if (t == NULL || t->ncols == 0)
		return;
	l->widths = xcalloc(t->ncols, sizeof *l->widths);
	for (c = 0; c < t->ncols; c++)
		l->widths[c] = text_width(t->cols[c].name) + 2;
	for (r = 0; r < t->nrows && r < W_LIST_MEASURE; r++) {
		for (c = 0; c < t->ncols; c++) {
			s = draw_cell(t, r, c);
			safe = text_display(s, draw_utf8());
			cells = text_width(safe);
			if (cells > l->widths[c])
				l->widths[c] = cells;
			free(safe);
			free(s);
		}
	}
	for (c = 0; c < t->ncols; c++) {
		if (l->widths[c] > W_LIST_MAXW)
			l->widths[c] = W_LIST_MAXW;
		/* Numbers are right-aligned one cell short of the next. */
		if (t->cols[c].type != TABLE_TEXT)
			l->widths[c]++;
	}
}

void
w_list_set(struct w_list *l, struct table *t, int own)
{
	if (l->own)
		table_free(l->t);
	l->t = t;
	l->own = own;
	l->top = l->sel = 0;
	l->first_col = 0;
	l->sort_col = -1;
	w_list_measure(l);
}

void
w_list_free(struct w_list *l)
{
	if (l->own)
		table_free(l->t);
	free(l->widths);
	free(l->search);
	w_list_init(l);
}

size_t
w_list_selected(const struct w_list *l)
{
	if (l->t == NULL || l->t->nrows == 0)
		return (size_t)-1;
	return l->sel;
}

static void
w_list_cell(const struct w_list *l, WINDOW *w, int y, int x, int width,
    size_t r, size_t c, attr_t a)
{
	char *s = draw_cell(l->t, r, c), *safe;

	safe = text_display(s, draw_utf8());
	if (l->t->cols[c].type == TABLE_TEXT)
		draw_text(w, y, x, width, safe, a);
	else
		draw_right(w, y, x, width, safe, a);
	free(safe);
	free(s);
}

/* Draw the cursor mark in the gutter and remember where the rows are on
 * the screen, for mouse clicks. */
static void
w_list_mark(struct w_list *l, WINDOW *w, int y, int x, int h)
{
	int row;

	l->screen_y = getbegy(w) + y + 1;
	l->screen_x = getbegx(w) + x;
	for (row = 1; row < h; row++)
		mvwaddch(w, y + row, x, ' ');
	draw_fill(w, y, x, W_LIST_GUTTER, theme_attr(THEME_HEADER));
}

/* Cells for column c starting at cx, up to end: its measured width, cut
 * at the end; the last column (text) takes all that is left. */
static int
w_list_width(const struct w_list *l, size_t c, int cx, int end)
{
	int cw = l->widths[c];

	if (c + 1 == l->t->ncols && l->t->cols[c].type == TABLE_TEXT)
		cw = end - cx;
	return cx + cw > end ? end - cx : cw;
}

void
w_list_draw(struct w_list *l, WINDOW *w, int y, int x, int h, int width,
    int focus)
{
	const struct table *t = l->t;
	char head[64], pos[48];
	size_t r, c;
	int cx, cw, row, rows, role, hw;
	attr_t a;

	if (t == NULL || t->ncols == 0 || h < 2 || width < 2)
		return;
	/* A gutter for the cursor mark: the cursor row shows '>' whatever
	 * the colours (NO_COLOR, monochrome), unlike any row's role. */
	w_list_mark(l, w, y, x, h);
	x += W_LIST_GUTTER;
	width -= W_LIST_GUTTER;
	rows = h - 1;
	l->page = rows;
	if (l->sel >= t->nrows)
		l->sel = t->nrows > 0 ? t->nrows - 1 : 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	if (l->first_col >= t->ncols)
		l->first_col = t->ncols - 1;

	/* Header: column names with the sort mark, then the position. */
	snprintf(pos, sizeof pos, " %zu/%zu", t->nrows > 0 ? l->sel + 1 : 0,
	    t->nrows);
	draw_fill(w, y, x, width, theme_attr(THEME_HEADER));
	/* The names stop short of the position, cut with a mark if need be. */
	hw = text_width(pos) < width / 2 ? width - text_width(pos) : width;
	for (c = l->first_col, cx = x; c < t->ncols && cx < x + hw - 4;
	    c++) {
		cw = w_list_width(l, c, cx, x + hw);
		snprintf(head, sizeof head, "%s%s", t->cols[c].name,
		    (int)c != l->sort_col ? "" : l->sort_desc ?
		    (draw_utf8() ? "\xe2\x96\xbc" : "v") :	/* ▼ */
		    (draw_utf8() ? "\xe2\x96\xb2" : "^"));	/* ▲ */
		if (t->cols[c].type == TABLE_TEXT)
			draw_text(w, y, cx, cw, head, theme_attr(THEME_HEADER));
		else
			draw_right(w, y, cx, cw - 1, head,
			    theme_attr(THEME_HEADER));
		cx += cw + 1;
	}
	if (hw < width)
		draw_text(w, y, x + width - text_width(pos), text_width(pos),
		    pos, theme_attr(THEME_HEADER));
	if (t->nrows == 0) {
		draw_text(w, y + 1, x + 1, width - 1, "(no rows)",
		    theme_attr(THEME_DIM));
		return;
	}
	for (row = 0; row < rows && l->top + (size_t)row < t->nrows; row++) {
		r = l->top + (size_t)row;
		role = l->row_role != NULL ? l->row_role(t, r, l->row_arg) :
		    THEME_NORMAL;
		a = r == l->sel && focus ? theme_attr(THEME_SELECT) :
		    theme_attr(role);
		if (r == l->sel && focus) {
			draw_fill(w, y + 1 + row, x, width, a);
			mvwaddch(w, y + 1 + row, x - W_LIST_GUTTER,
			    '>' | A_BOLD);
		}
		for (c = l->first_col, cx = x; c < t->ncols &&
		    cx < x + width - 4; c++) {
			cw = w_list_width(l, c, cx, x + width);
			w_list_cell(l, w, y + 1 + row, cx,
			    t->cols[c].type == TABLE_TEXT ? cw : cw - 1, r, c,
			    a);
			cx += cw + 1;
		}
	}
}

/* Sort by col (-1: back to the first order). */
static void
w_list_sort(struct w_list *l, int col, int desc)
{
	l->sort_col = col;
	l->sort_desc = desc;
	if (col < 0)
		table_unsort(l->t);
	else
		table_sort(l->t, (size_t)col, desc);
	l->sel = l->top = 0;
}

/* Whether row r holds s in any cell, as shown (830,454.71) or as the
 * command line writes it (830454.71). */
static int
w_list_match(const struct w_list *l, size_t r, const char *s)
{
	size_t c;
	char *v;
	int hit = 0;

	for (c = 0; c < l->t->ncols && !hit; c++) {
		v = draw_cell(l->t, r, c);
		hit = strcasestr(v, s) != NULL;
		free(v);
		if (hit || l->t->cols[c].type == TABLE_TEXT)
			continue;
		v = table_format(l->t, r, c);
		hit = strcasestr(v, s) != NULL;
		free(v);
	}
	return hit;
}

int
w_list_search(struct w_list *l, const char *s, int backward)
{
	size_t n, i, r;

	if (s != l->search) {
		free(l->search);
		l->search = xstrdup(s);
	}
	if (l->t == NULL || (n = l->t->nrows) == 0 || *s == '\0')
		return -1;
	for (i = 1; i <= n; i++) {
		r = backward ? (l->sel + n - i) % n : (l->sel + i) % n;
		if (w_list_match(l, r, l->search)) {
			l->sel = r;
			return 0;
		}
	}
	return -1;
}

/* A click selects the row under it, the wheel scrolls: UI_REDRAW, or
 * UI_UNUSED for an event elsewhere. */
static int
w_list_mouse(struct w_list *l)
{
	MEVENT ev;
	size_t n = l->t != NULL ? l->t->nrows : 0, r;

	if (getmouse(&ev) != OK || n == 0)
		return UI_UNUSED;
	if (ev.bstate & BUTTON4_PRESSED) {
		l->sel = l->sel > W_LIST_WHEEL ? l->sel - W_LIST_WHEEL : 0;
		return UI_REDRAW;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		l->sel = l->sel + W_LIST_WHEEL < n ? l->sel + W_LIST_WHEEL :
		    n - 1;
		return UI_REDRAW;
	}
#endif
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) ||
	    ev.y < l->screen_y || ev.y >= l->screen_y + l->page ||
	    ev.x < l->screen_x)
		return UI_UNUSED;
	r = l->top + (size_t)(ev.y - l->screen_y);
	if (r >= n)
		return UI_UNUSED;
	l->sel = r;
	return UI_REDRAW;
}

int
w_list_key(struct w_list *l, int key)
{
	size_t n = l->t != NULL ? l->t->nrows : 0;
	size_t page = l->page > 1 ? (size_t)l->page - 1 : 1;

	switch (key) {
	case KEY_UP: case 'k':
		if (l->sel > 0)
			l->sel--;
		break;
	case KEY_DOWN: case 'j':
		if (l->sel + 1 < n)
			l->sel++;
		break;
	case KEY_PPAGE: case 2:		/* Ctrl-B */
		l->sel = l->sel > page ? l->sel - page : 0;
		l->top = l->top > page ? l->top - page : 0;
		break;
	case KEY_NPAGE: case 6:		/* Ctrl-F */
		if (n == 0)
			break;
		l->sel = l->sel + page < n ? l->sel + page : n - 1;
		l->top = l->top + page < n ? l->top + page : l->top;
		break;
	case KEY_HOME: case 'g':
		l->sel = 0;
		break;
	case KEY_END: case 'G':
		l->sel = n > 0 ? n - 1 : 0;
		break;
	case KEY_LEFT: case 'h':
		if (l->first_col > 0)
			l->first_col--;
		break;
	case KEY_RIGHT: case 'l':
		if (l->t != NULL && l->first_col + 1 < l->t->ncols)
			l->first_col++;
		break;
	case 's':
		if (l->t == NULL || l->t->ncols == 0)
			return UI_UNUSED;
		/* Every column in turn, then the first order again. */
		key = l->sort_col + 1 >= (int)l->t->ncols ? -1 :
		    l->sort_col + 1;
		w_list_sort(l, key, key >= 0 &&
		    l->t->cols[key].type != TABLE_TEXT);
		break;
	case 'S':
		if (l->sort_col < 0)
			return UI_UNUSED;
		w_list_sort(l, l->sort_col, !l->sort_desc);
		break;
	case KEY_MOUSE:
		return w_list_mouse(l);
	case '/':
		return W_LIST_SEARCH;
	case 'n': case 'N':
		if (l->search == NULL)
			return UI_UNUSED;
		w_list_search(l, l->search, key == 'N');
		break;
	default:
		return UI_UNUSED;
	}
	return UI_REDRAW;
}
