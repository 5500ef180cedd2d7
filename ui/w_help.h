/*
 * w_help: the full-screen help sheet that ? opens (VisiData's help sheet is
 * the model): the keys of the screen under it, then the keys of its list
 * and the keys that work everywhere (keys_help), wrapped to the width,
 * scrolled with Up/Down, PgUp/PgDn and Home/End, searched with / and n/N.
 * Esc, q, ? and F1 close it; other keys do nothing while it is open. Its
 * state is module state: there is one help sheet.
 */
#ifndef KP_W_HELP_H
#define KP_W_HELP_H

#include <curses.h>

#include "screen.h"

/* Open the sheet at its first line with no search. */
void w_help_open(struct ui_ctx *ctx);
/* Draw the help of screen s (title and key text from keys_help) over all
 * of w. */
void w_help_draw(WINDOW *w, const char *title, const char *text);
/* Handle a key while the sheet is open: a reaction (UI_REDRAW, UI_NONE). */
int w_help_key(struct ui_ctx *ctx, int key);
/* The sheet's own keys, for the hint line and the sheet itself. */
const struct ui_key *w_help_keys(void);

#endif
