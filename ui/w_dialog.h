/*
 * w_dialog: a modal box over the content: a message (any key closes), a
 * yes/no question, a choice among a few keys, or a prompt with a w_input. Text is sanitized when
 * drawn, so it may hold file names and messages from the core.
 */
#ifndef KP_W_DIALOG_H
#define KP_W_DIALOG_H

#include <curses.h>

#include "w_input.h"

struct ui_ctx;

enum w_dialog_kind {
	W_DIALOG_MESSAGE,
	W_DIALOG_CONFIRM,
	W_DIALOG_PROMPT,
	W_DIALOG_CHOICE		/* one of several keys, or Esc */
};

/* w_dialog_key results. */
#define W_DIALOG_OPEN	0	/* still open */
#define W_DIALOG_YES	1	/* Enter, y; Enter or Esc on a message */
#define W_DIALOG_NO	2	/* Esc, n */

struct w_dialog {
	enum w_dialog_kind kind;
	char		*title;
	char		*text;
	struct w_input	 input;
	int		 top;	/* first text line shown (long messages) */
	char		*keys;	/* W_DIALOG_CHOICE: the keys that answer */
	char		*hint;	/* W_DIALOG_CHOICE: what they do */
	char		 chosen[2];	/* the key that answered */
	int		(*done)(struct ui_ctx *, int, const char *);
};

/* A new dialog (title and text copied). Caller frees with w_dialog_free. */
struct w_dialog *w_dialog_create(enum w_dialog_kind kind, const char *title,
    const char *text);
/* Free d, wiping its input; NULL is fine. */
void w_dialog_free(struct w_dialog *d);
/* Draw d centred in w. */
void w_dialog_draw(struct w_dialog *d, WINDOW *w);
/* Handle a key: W_DIALOG_OPEN, W_DIALOG_YES or W_DIALOG_NO. */
int w_dialog_key(struct w_dialog *d, int key);

#endif
