/* w_input: a one-line editor with a password mode that shows nothing. */
#include "w_input.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "text.h"
#include "theme.h"
#include "xmem.h"

void
w_input_init(struct w_input *in, int password)
{
	xmemwipe(in->buf, sizeof in->buf);
	in->len = 0;
	in->password = password;
}

void
w_input_set(struct w_input *in, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof in->buf)
		n = sizeof in->buf - 1;
	xmemwipe(in->buf, sizeof in->buf);
	memcpy(in->buf, s, n);
	in->len = n;
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
	in->len = 0;
}

int
w_input_key(struct w_input *in, int key)
{
	if (KEYS_ENTER(key))
		return W_INPUT_DONE;
	if (key == KEYS_ESC)
		return W_INPUT_CANCEL;
	if (key == '\t')
		return W_INPUT_NEXT;
	if (KEYS_BACKSPACE(key)) {
		/* Drop continuation bytes, then the lead byte. */
		while (in->len > 0 &&
		    ((unsigned char)in->buf[in->len - 1] & 0xc0) == 0x80)
			in->buf[--in->len] = '\0';
		if (in->len > 0)
			in->buf[--in->len] = '\0';
		return UI_REDRAW;
	}
	if (key == 21) {	/* Ctrl-U */
		w_input_wipe(in);
		return UI_REDRAW;
	}
	/* Bytes of printable text (UTF-8 arrives a byte at a time). */
	if (key < 0x20 || key == 0x7f || key > 0xff)
		return UI_UNUSED;
	if (in->len + 1 >= sizeof in->buf)
		return UI_REDRAW;
	in->buf[in->len++] = (char)key;
	in->buf[in->len] = '\0';
	return UI_REDRAW;
}

void
w_input_draw(const struct w_input *in, WINDOW *w, int y, int x, int width,
    int focus)
{
	attr_t a = focus ? A_UNDERLINE | A_BOLD : A_UNDERLINE;
	char *safe;
	const char *p;
	int cells;

	draw_fill(w, y, x, width, a);
	if (in->password) {
		if (focus)
			draw_text(w, y, x, width, "(typing is not shown)",
			    a | A_DIM);
		return;
	}
	safe = text_display(in->buf, draw_utf8());
	/* Show the end of a long value, where the typing happens. */
	p = safe;
	cells = text_width(p);
	while (cells > width - 1 && *p != '\0') {
		p++;
		while (((unsigned char)*p & 0xc0) == 0x80)
			p++;
		cells = text_width(p);
	}
	draw_text(w, y, x, width, p, a);
	free(safe);
}
