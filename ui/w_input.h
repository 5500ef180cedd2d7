/*
 * w_input: a one-line editor. Typing appends, Backspace removes the last
 * character (a whole UTF-8 sequence), Ctrl-U clears. In password mode
 * nothing of the text is drawn, and w_input_wipe zeroes the buffer; the
 * owner wipes it as soon as the value has been used.
 */
#ifndef KP_W_INPUT_H
#define KP_W_INPUT_H

#include <curses.h>
#include <stddef.h>

#define W_INPUT_MAX	513	/* bytes, NUL included: a SECRET_MAX password fits whole */

/* w_input_key results besides the UI_* flags. */
#define W_INPUT_DONE	0x100	/* Enter */
#define W_INPUT_CANCEL	0x200	/* Esc */
#define W_INPUT_NEXT	0x400	/* Tab */

struct w_input {
	char	buf[W_INPUT_MAX];
	size_t	len;
	int	password;
};

/* Start empty; password mode when password is set. */
void w_input_init(struct w_input *in, int password);
/* Replace the text with s (cut to fit). */
void w_input_set(struct w_input *in, const char *s);
/* The text (valid until the next call on in). */
const char *w_input_text(const struct w_input *in);
/* Handle a key: UI_REDRAW, W_INPUT_DONE, W_INPUT_CANCEL, W_INPUT_NEXT or
 * UI_UNUSED. */
int w_input_key(struct w_input *in, int key);
/* Draw the field in width cells at (y, x); the end is shown when the text
 * is longer; a password shows nothing. */
void w_input_draw(const struct w_input *in, WINDOW *w, int y, int x,
    int width, int focus);
/* Zero the whole buffer. */
void w_input_wipe(struct w_input *in);

#endif
