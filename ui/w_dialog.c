/* w_dialog: modal message, yes/no and prompt boxes. */
#include "w_dialog.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "strbuf.h"
#include "text.h"
#include "theme.h"
#include "xmem.h"

struct w_dialog *
w_dialog_create(enum w_dialog_kind kind, const char *title, const char *text)
{
	struct w_dialog *d = xcalloc(1, sizeof *d);

	d->kind = kind;
	d->title = xstrdup(title != NULL ? title : "");
	d->text = xstrdup(text != NULL ? text : "");
	w_input_init(&d->input, 0);
	return d;
}

void
w_dialog_free(struct w_dialog *d)
{
	if (d == NULL)
		return;
	w_input_wipe(&d->input);
	free(d->keys);
	free(d->hint);
	free(d->title);
	free(d->text);
	free(d);
}

/*
 * Wrap displayable text into lines of at most width cells at spaces (or
 * anywhere in a long word); '\n' breaks a line. Caller frees each line and
 * the array.
 */
static char **
w_dialog_wrap(const char *s, int width, int *nlines)
{
	char **lines = NULL;
	const char *p = s, *q;
	size_t cap = 0, n = 0;

	while (*p != '\0' || n == 0) {
		q = text_wrap_end(p, width);
		lines = xgrow(lines, n, &cap, sizeof *lines);
		lines[n++] = xstrndup(p, (size_t)(q - p));
		p = *q == '\n' ? q + 1 : q;
		if (*p == '\0')
			break;
	}
	*nlines = (int)n;
	return lines;
}

/* Sanitize each line of raw text (so '\n' stays a break) and wrap it. */
static char **
w_dialog_lines(const char *raw, int width, int *nlines)
{
	char **all = NULL, **part, *one, *safe;
	const char *p = raw, *nl;
	int n = 0, k, i;

	for (;;) {
		nl = strchr(p, '\n');
		one = nl != NULL ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		safe = text_display(one, draw_utf8());
		part = w_dialog_wrap(safe, width, &k);
		all = xreallocarray(all, (size_t)(n + k), sizeof *all);
		for (i = 0; i < k; i++)
			all[n++] = part[i];
		free(part);
		free(safe);
		free(one);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	*nlines = n;
	return all;
}

void
w_dialog_draw(struct w_dialog *d, WINDOW *w)
{
	char **lines;
	int maxy, maxx, width, h, y, x, n, i, body, extra;

	getmaxyx(w, maxy, maxx);
	width = maxx - 8 < 70 ? maxx - 8 : 70;
	if (width < 20)
		width = maxx;
	lines = w_dialog_lines(d->text, width - 4, &n);
	extra = d->kind == W_DIALOG_MESSAGE ? 1 : 2;
	body = n;
	if (body > maxy - 4 - extra)
		body = maxy - 4 - extra;
	if (body < 0)
		body = 0;
	if (d->top > n - body)
		d->top = n - body;
	if (d->top < 0)
		d->top = 0;
	h = body + 3 + extra;
	y = (maxy - h) / 2;
	x = (maxx - width) / 2;
	draw_box(w, y, x, h, width, A_NORMAL);
	draw_data(w, y, x + 2, width - 4, d->title, theme_attr(THEME_TITLE));
	for (i = 0; i < body; i++)
		draw_text(w, y + 1 + i, x + 2, width - 4, lines[d->top + i],
		    A_NORMAL);
	switch (d->kind) {
	case W_DIALOG_MESSAGE:
		draw_text(w, y + h - 2, x + 2, width - 4, n > body ?
		    "Up/Down scroll, Enter or Esc close" :
		    "Enter or Esc: close",
		    theme_attr(THEME_HINT));
		break;
	case W_DIALOG_CONFIRM:
		draw_text(w, y + h - 2, x + 2, width - 4, "y yes   n no",
		    A_BOLD);
		break;
	case W_DIALOG_CHOICE:
		draw_text(w, y + h - 2, x + 2, width - 4, d->hint != NULL ?
		    d->hint : "", A_BOLD);
		break;
	case W_DIALOG_PROMPT:
		w_input_draw(&d->input, w, y + h - 3, x + 2, width - 4, 1);
		draw_text(w, y + h - 2, x + 2, width - 4,
		    "Enter OK   Esc cancel", theme_attr(THEME_HINT));
		break;
	}
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

int
w_dialog_key(struct w_dialog *d, int key)
{
	int r;

	switch (d->kind) {
	case W_DIALOG_MESSAGE:
		if (key == KEY_UP || key == 'k') {
			d->top--;
			return W_DIALOG_OPEN;
		}
		if (key == KEY_DOWN || key == 'j') {
			d->top++;
			return W_DIALOG_OPEN;
		}
		/* Only Enter or Esc: a key typed ahead must not close it. */
		if (KEYS_ENTER(key) || key == KEYS_ESC)
			return W_DIALOG_YES;
		return W_DIALOG_OPEN;
	case W_DIALOG_CONFIRM:
		if (key == 'y' || key == 'Y')
			return W_DIALOG_YES;
		if (key == 'n' || key == 'N' || key == KEYS_ESC || key == 'q')
			return W_DIALOG_NO;
		return W_DIALOG_OPEN;
	case W_DIALOG_CHOICE:
		if (key > 0 && key < 0x80 && d->keys != NULL &&
		    strchr(d->keys, key) != NULL) {
			d->chosen[0] = (char)key;
			return W_DIALOG_YES;
		}
		if (key == KEYS_ESC || key == 'q')
			return W_DIALOG_NO;
		return W_DIALOG_OPEN;
	case W_DIALOG_PROMPT:
		r = w_input_key(&d->input, key);
		if (r == W_INPUT_DONE)
			return W_DIALOG_YES;
		if (r == W_INPUT_CANCEL)
			return W_DIALOG_NO;
		return W_DIALOG_OPEN;
	}
	return W_DIALOG_OPEN;
}
