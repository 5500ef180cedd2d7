/* w_input: a one-line editor with a cursor, sideways scrolling and a
 * password mode that shows nothing. */
#include "w_input.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "text.h"
#include "theme.h"
#include "xmem.h"

#define W_INPUT_CTRL(c)	((c) & 0x1f)

/* Where the focused field drawn last wants the terminal cursor. */
static struct {
	WINDOW	*w;
	int	 y, x;
} w_input_spot;

/* Whether byte b continues a UTF-8 sequence. */
static int
w_input_cont(char b)
{
	return ((unsigned char)b & 0xc0) == 0x80;
}

/* The start of the character before byte offset i. */
static size_t
w_input_prev(const struct w_input *in, size_t i)
{
	while (i > 0 && w_input_cont(in->buf[--i]))
		;
	return i;
}

/* The start of the character after the one at byte offset i. */
static size_t
w_input_next(const struct w_input *in, size_t i)
{
	if (i < in->len)
		i++;
	while (i < in->len && w_input_cont(in->buf[i]))
		i++;
	return i;
}

void
w_input_init(struct w_input *in, int password)
{
	xmemwipe(in->buf, sizeof in->buf);
	in->len = in->cur = in->off = 0;
	in->password = password;
}

void
w_input_set(struct w_input *in, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof in->buf) {
		/* Cut before a sequence that would not fit whole. */
		n = sizeof in->buf - 1;
		while (n > 0 && w_input_cont(s[n]))
			n--;
	}
	xmemwipe(in->buf, sizeof in->buf);
	memcpy(in->buf, s, n);
	in->len = in->cur = n;
	in->off = 0;
}

const char *
w_input_text(const struct w_input *in)
{
	return in->buf;
}

void
w_input_wipe(struct w_input *in)
{
	xmemwipe(in->buf, sizeof in->buf);
	in->len = in->cur = in->off = 0;
}

/* Remove the bytes [from, to). */
static void
w_input_cut(struct w_input *in, size_t from, size_t to)
{
	memmove(in->buf + from, in->buf + to, in->len - to);
	in->len -= to - from;
	xmemwipe(in->buf + in->len, sizeof in->buf - in->len);
	if (in->cur > to)
		in->cur -= to - from;
	else if (in->cur > from)
		in->cur = from;
	if (in->off > in->cur)
		in->off = in->cur;
}

/* Insert byte b at the cursor; a lead byte only when its whole sequence
 * fits, and a continuation byte only after its sequence's start. */
static void
w_input_insert(struct w_input *in, unsigned char b)
{
	size_t need = 1;

	if (b >= 0xf0)
		need = 4;
	else if (b >= 0xe0)
		need = 3;
	else if (b >= 0xc0)
		need = 2;
	if (in->len + need >= sizeof in->buf)
		return;
	if (w_input_cont((char)b) && (in->cur == 0 ||
	    (unsigned char)in->buf[in->cur - 1] < 0x80))
		return;
	memmove(in->buf + in->cur + 1, in->buf + in->cur, in->len - in->cur);
	in->buf[in->cur++] = (char)b;
	in->buf[++in->len] = '\0';
}

/* Cursor keys and deletions; UI_UNUSED for anything else. */
static int
w_input_edit(struct w_input *in, int key)
{
	/* Nothing of a password shows: the cursor stays at its end. */
	if (in->password && (key == KEY_LEFT || key == KEY_RIGHT ||
	    key == KEY_HOME || key == KEY_END || key == KEY_DC ||
	    key == W_INPUT_CTRL('a') || key == W_INPUT_CTRL('e') ||
	    key == W_INPUT_CTRL('d') || key == W_INPUT_CTRL('k')))
		return UI_NONE;
	switch (key) {
	case KEY_LEFT:
		in->cur = w_input_prev(in, in->cur);
		return UI_REDRAW;
	case KEY_RIGHT:
		in->cur = w_input_next(in, in->cur);
		return UI_REDRAW;
	case KEY_HOME: case W_INPUT_CTRL('a'):
		in->cur = 0;
		return UI_REDRAW;
	case KEY_END: case W_INPUT_CTRL('e'):
		in->cur = in->len;
		return UI_REDRAW;
	case KEY_DC: case W_INPUT_CTRL('d'):
		w_input_cut(in, in->cur, w_input_next(in, in->cur));
		return UI_REDRAW;
	case W_INPUT_CTRL('u'):
		w_input_cut(in, 0, in->cur);
		return UI_REDRAW;
	case W_INPUT_CTRL('k'):
		w_input_cut(in, in->cur, in->len);
		return UI_REDRAW;
	}
	if (KEYS_BACKSPACE(key)) {
		w_input_cut(in, w_input_prev(in, in->cur), in->cur);
		return UI_REDRAW;
	}
	return UI_UNUSED;
}

int
w_input_key(struct w_input *in, int key)
{
	int r;

	if (KEYS_ENTER(key))
		return W_INPUT_DONE;
	if (key == KEYS_ESC)
		return W_INPUT_CANCEL;
	if (key == '\t')
		return W_INPUT_NEXT;
	if ((r = w_input_edit(in, key)) != UI_UNUSED)
		return r;
	/* Bytes of printable text (UTF-8 arrives a byte at a time). */
	if (key < 0x20 || key == 0x7f || key > 0xff)
		return UI_UNUSED;
	w_input_insert(in, (unsigned char)key);
	return UI_REDRAW;
}

/* The cells of the character at byte offset i, as it is drawn. */
static int
w_input_cells(const struct w_input *in, size_t i, char **shown)
{
	char *raw = xstrndup(in->buf + i, w_input_next(in, i) - i);
	char *safe = text_display(raw, draw_utf8());
	int cells = text_width(safe);

	free(raw);
	if (shown != NULL)
		*shown = safe;
	else
		free(safe);
	return cells;
}

/* The cells of the characters in bytes [from, to). */
static int
w_input_span(const struct w_input *in, size_t from, size_t to)
{
	int cells = 0;

	while (from < to) {
		cells += w_input_cells(in, from, NULL);
		from = w_input_next(in, from);
	}
	return cells;
}

/* Whether showing from off keeps the cursor inside width cells, with room
 * for the clip marks. */
static int
w_input_fits(const struct w_input *in, size_t off, int width)
{
	int need = w_input_span(in, off, in->cur) + (off > 0);

	/* The cursor's own cell, and a right mark when text follows. */
	need += in->cur < in->len ? w_input_cells(in, in->cur, NULL) : 1;
	if (w_input_next(in, in->cur) < in->len)
		need++;
	return need <= width;
}

/* Choose the first character shown: the cursor in sight, and no room
 * wasted on the right while text is hidden on the left. */
static void
w_input_scroll(struct w_input *in, int width)
{
	size_t prev;

	if (in->off > in->cur)
		in->off = in->cur;
	while (in->off < in->cur && !w_input_fits(in, in->off, width))
		in->off = w_input_next(in, in->off);
	while (in->off > 0) {
		prev = w_input_prev(in, in->off);
		if (w_input_span(in, prev, in->len) + (prev > 0) +
		    (in->cur == in->len) > width)
			break;
		in->off = prev;
	}
}

/* Draw the visible part from in->off; returns the cursor's column. */
static int
w_input_show(struct w_input *in, WINDOW *w, int y, int x, int width,
    attr_t a)
{
	const char *left = draw_utf8() ? "\xe2\x80\xa6" : "<";
	const char *right = draw_utf8() ? "\xe2\x80\xa6" : ">";
	size_t i = in->off;
	int col = 0, cells, curx = x;
	char *shown;

	if (in->off > 0)
		col += draw_text(w, y, x, 1, left, a | A_BOLD);
	while (i < in->len) {
		cells = w_input_cells(in, i, &shown);
		/* Keep a cell for the right mark unless this is the end. */
		if (col + cells > width - (w_input_next(in, i) < in->len)) {
			free(shown);
			draw_text(w, y, x + width - 1, 1, right, a | A_BOLD);
			break;
		}
		if (i == in->cur)
			curx = x + col;
		draw_text(w, y, x + col, cells, shown, a);
		free(shown);
		col += cells;
		i = w_input_next(in, i);
	}
	if (in->cur == in->len)
		curx = x + col;
	return curx;
}

void
w_input_draw(struct w_input *in, WINDOW *w, int y, int x, int width,
    int focus)
{
	attr_t a = focus ? A_UNDERLINE | A_BOLD : A_UNDERLINE;
	int curx = x;

	if (width < 3)
		return;
	draw_fill(w, y, x, width, a);
	if (in->password) {
		if (focus)
			draw_text(w, y, x + 1, width - 1,
			    "(typing is not shown)", a | A_DIM);
	} else {
		w_input_scroll(in, width);
		curx = w_input_show(in, w, y, x, width, a);
	}
	if (focus) {
		w_input_spot.w = w;
		w_input_spot.y = y;
		w_input_spot.x = curx < x + width ? curx : x + width - 1;
	}
}

/* Documentation only: w_input_key handles them. */
static const struct ui_key w_input_table[] = {
	{ { 0 }, "Left/Right", "move", "move the cursor a character; typing "
	  "inserts at it", NULL },
	{ { 0 }, "Home/End", NULL, "the start or the end (Ctrl-A/Ctrl-E too)",
	  NULL },
	{ { 0 }, "Backspace", NULL, "delete the character before the cursor",
	  NULL },
	{ { 0 }, "Delete", NULL, "delete the character under the cursor "
	  "(Ctrl-D too)", NULL },
	{ { 0 }, "Ctrl-U", "clear", "delete to the start (all of it at the "
	  "end)", NULL },
	{ { 0 }, "Ctrl-K", NULL, "delete to the end", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_key *
w_input_keys(void)
{
	return w_input_table;
}

void
w_input_cursor_forget(void)
{
	w_input_spot.w = NULL;
}

int
w_input_cursor_wanted(void)
{
	return w_input_spot.w != NULL;
}

void
w_input_cursor_place(void)
{
	if (w_input_spot.w == NULL) {
		curs_set(0);
		return;
	}
	wmove(w_input_spot.w, w_input_spot.y, w_input_spot.x);
	curs_set(1);
}
