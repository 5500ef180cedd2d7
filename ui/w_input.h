/*
 * w_input: the one-line text field of every form and prompt. A cursor
 * moves with Left/Right, Home/End and Ctrl-A/Ctrl-E; typing inserts at it;
 * Backspace and Delete remove a whole character (a UTF-8 sequence);
 * Ctrl-U deletes to the start and Ctrl-K to the end. The text is bounded by
 * W_INPUT_MAX. A value wider than the field scrolls sideways with a mark
 * where it is clipped ("…", "<" and ">" without Unicode). In password mode
 * nothing of the text is drawn and the cursor stays at the end (typing,
 * Backspace and Ctrl-U only), and w_input_wipe zeroes the buffer; the
 * owner wipes it as soon as the value has been used.
 *
 * The focused field drawn last in a paint owns the terminal cursor:
 * ui_paint forgets it before drawing (w_input_cursor_forget) and shows it
 * there at the end (w_input_cursor_place).
 */
#ifndef KP_W_INPUT_H
#define KP_W_INPUT_H

#include <curses.h>
#include <stddef.h>

#include "screen.h"

#define W_INPUT_MAX	513	/* bytes, NUL included: a SECRET_MAX password fits whole */

/* w_input_key results besides the UI_* flags. */
#define W_INPUT_DONE	0x100	/* Enter */
#define W_INPUT_CANCEL	0x200	/* Esc */
#define W_INPUT_NEXT	0x400	/* Tab */

struct w_input {
	char	buf[W_INPUT_MAX];
	size_t	len;
	size_t	cur;		/* byte offset of the cursor */
	size_t	off;		/* byte offset of the first shown */
	int	password;
};

/* Start empty; password mode when password is set. */
void w_input_init(struct w_input *in, int password);
/* Replace the text with s (cut to fit, at a character boundary); the
 * cursor goes to the end. */
void w_input_set(struct w_input *in, const char *s);
/* The text (valid until the next call on in). */
const char *w_input_text(const struct w_input *in);
/* Handle a key: UI_REDRAW, W_INPUT_DONE, W_INPUT_CANCEL, W_INPUT_NEXT or
 * UI_UNUSED. */
int w_input_key(struct w_input *in, int key);
/* Draw the field in width cells at (y, x), scrolled so that the cursor
 * shows; a password shows nothing. A focused field takes the cursor. */
void w_input_draw(struct w_input *in, WINDOW *w, int y, int x, int width,
    int focus);
/* Zero the whole buffer. */
void w_input_wipe(struct w_input *in);

/* The keys of a text field, for the hint line and the help sheet. */
const struct ui_key *w_input_keys(void);

/* Forget where a field wanted the cursor (before a paint, or before
 * drawing something over the fields). */
void w_input_cursor_forget(void);
/* Whether a focused field was drawn since the last forget. */
int w_input_cursor_wanted(void);
/* Move the terminal cursor to the focused field and show it, or hide it
 * when none was drawn; call before the last wnoutrefresh of the paint. */
void w_input_cursor_place(void);

#endif
