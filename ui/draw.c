/* draw: clipped, width-aware output into a curses window. */
#include "draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "text.h"
#include "xmem.h"

static int draw_unicode;
static enum numfmt_scale draw_scale = NUMFMT_WESTERN;

void
draw_init(int utf8)
{
	draw_unicode = utf8;
}

int
draw_utf8(void)
{
	return draw_unicode;
}

void
draw_set_indian(int indian)
{
	draw_scale = indian ? NUMFMT_INDIAN : NUMFMT_WESTERN;
}

struct draw_num
draw_int(int64_t v)
{
	struct draw_num n;

	numfmt_int(v, draw_scale, n.s, sizeof n.s);
	return n;
}

struct draw_num
draw_money(int64_t minor)
{
	struct draw_num n;

	numfmt_money(minor, draw_scale, draw_unicode, n.s, sizeof n.s);
	return n;
}

struct draw_num
draw_count(int64_t v, const char *one, const char *many)
{
	struct draw_num n;

	numfmt_count(v, one, many, draw_scale, n.s, sizeof n.s);
	return n;
}

struct draw_num
draw_size(uint64_t bytes)
{
	struct draw_num n;

	numfmt_size(bytes, draw_scale, n.s, sizeof n.s);
	return n;
}

struct draw_when
draw_when(int64_t epoch)
{
	struct draw_when n;

	datetime_show(epoch, n.s);
	return n;
}

struct draw_when
draw_stamp(const char *stamp)
{
	struct draw_when n;

	if (stamp == NULL)
		snprintf(n.s, sizeof n.s, "-");
	else if (datetime_show_stamp(stamp, n.s) == -1)
		snprintf(n.s, sizeof n.s, "%s", stamp);
	return n;
}

char *
draw_cell(const struct table *t, size_t r, size_t c)
{
	const struct table_cell *cell = table_cell(t, r, c);
	const char *name = t->cols[c].name;
	struct draw_when when;

	/* Identifiers are names, not quantities: never grouped. */
	if (strcmp(name, "id") == 0 || strcmp(name, "seq") == 0)
		return table_format(t, r, c);
	if (t->cols[c].type == TABLE_INT)
		return xstrdup(draw_int(cell->num).s);
	if (t->cols[c].type == TABLE_MONEY)
		return xstrdup(draw_money(cell->num).s);
	if (datetime_show_stamp(cell->text, when.s) == 0)
		return xstrdup(when.s);
	return table_format(t, r, c);
}

/* Clip width to what is left of the window at (y, x); -1 if outside. */
static int
draw_clip(WINDOW *w, int y, int x, int width)
{
	int maxy, maxx;

	getmaxyx(w, maxy, maxx);
	if (y < 0 || y >= maxy || x < 0 || x >= maxx || width <= 0)
		return -1;
	if (width > maxx - x)
		width = maxx - x;
	return width;
}

int
draw_text(WINDOW *w, int y, int x, int width, const char *s, attr_t a)
{
	char *fit;
	int cells;

	if ((width = draw_clip(w, y, x, width)) <= 0)
		return 0;
	if (text_width(s) <= width) {
		cells = text_width(s);
		wattrset(w, a);
		mvwaddstr(w, y, x, s);
	} else {
		/* Without Unicode the ellipsis must be ASCII too. */
		if (draw_unicode)
			fit = text_fit(s, width);
		else {
			fit = xstrndup(s, (size_t)width);
			if (width > 1)
				fit[width - 1] = '~';
		}
		cells = text_width(fit);
		wattrset(w, a);
		mvwaddstr(w, y, x, fit);
		free(fit);
	}
	wattrset(w, A_NORMAL);
	return cells;
}

int
draw_right(WINDOW *w, int y, int x, int width, const char *s, attr_t a)
{
	int cells = text_width(s);

	if (cells < width)
		return draw_text(w, y, x + width - cells, cells, s, a);
	return draw_text(w, y, x, width, s, a);
}

int
draw_data(WINDOW *w, int y, int x, int width, const char *raw, attr_t a)
{
	char *safe = text_display(raw != NULL ? raw : "", draw_unicode);
	int cells;

	cells = draw_text(w, y, x, width, safe, a);
	free(safe);
	return cells;
}

int
draw_printf(WINDOW *w, int y, int x, int width, attr_t a, const char *fmt,
    ...)
{
	va_list ap;
	char *s;
	int cells;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	cells = draw_data(w, y, x, width, s, a);
	free(s);
	return cells;
}

void
draw_fill(WINDOW *w, int y, int x, int width, attr_t a)
{
	if ((width = draw_clip(w, y, x, width)) <= 0)
		return;
	wattrset(w, a);
	mvwhline(w, y, x, ' ', width);
	wattrset(w, A_NORMAL);
}

void
draw_hline(WINDOW *w, int y, int x, int width)
{
	if ((width = draw_clip(w, y, x, width)) <= 0)
		return;
	mvwhline(w, y, x, draw_unicode ? ACS_HLINE : '-', width);
}

void
draw_box(WINDOW *w, int y, int x, int h, int width, attr_t a)
{
	int i;
	chtype v = draw_unicode ? ACS_VLINE : '|';

	if (h < 2 || width < 2)
		return;
	for (i = 0; i < h; i++)
		draw_fill(w, y + i, x, width, a);
	wattrset(w, a);
	draw_hline(w, y, x + 1, width - 2);
	draw_hline(w, y + h - 1, x + 1, width - 2);
	for (i = 1; i < h - 1; i++) {
		mvwaddch(w, y + i, x, v);
		mvwaddch(w, y + i, x + width - 1, v);
	}
	mvwaddch(w, y, x, draw_unicode ? ACS_ULCORNER : '+');
	mvwaddch(w, y, x + width - 1, draw_unicode ? ACS_URCORNER : '+');
	mvwaddch(w, y + h - 1, x, draw_unicode ? ACS_LLCORNER : '+');
	mvwaddch(w, y + h - 1, x + width - 1,
	    draw_unicode ? ACS_LRCORNER : '+');
	wattrset(w, A_NORMAL);
}

int
draw_wrap(WINDOW *w, int y, int x, int h, int width, const char *raw,
    attr_t a)
{
	char *safe = text_display(raw, draw_unicode), *line;
	const char *p = safe, *q;
	int n = 0;

	while (*p != '\0' && n < h) {
		/* The last line takes the rest, cut by draw_text. */
		q = n == h - 1 ? p + strlen(p) : text_wrap_end(p, width);
		line = xstrndup(p, (size_t)(q - p));
		draw_text(w, y + n++, x, width, line, a);
		free(line);
		p = q;
	}
	free(safe);
	return n;
}
