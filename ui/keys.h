/*
 * keys: key tables (struct ui_key in screen.h) drive both the dispatch of a
 * screen's keys and the ? overlay, so that help can never disagree with
 * what the keys do.
 */
#ifndef KP_KEYS_H
#define KP_KEYS_H

#include "screen.h"

#define KEYS_ESC	27
#define KEYS_ENTER(k)	((k) == '\n' || (k) == '\r' || (k) == KEY_ENTER)
#define KEYS_BACKSPACE(k) ((k) == KEY_BACKSPACE || (k) == 127 || (k) == 8)

/* Run the action bound to key in table; UI_UNUSED when none is. */
int keys_dispatch(const struct ui_key *table, struct ui_ctx *ctx, int key);
/* The keys every screen has: ?, q and Esc, Q, L. */
const struct ui_key *keys_global(void);
/*
 * The help text of screen s: its own keys, then its list's (list may be
 * NULL), a text field's when field is set, the global keys and the help
 * sheet's, one "label  help" per line. Caller frees.
 */
char *keys_help(const struct ui_screen *s, const struct ui_key *list,
    int field);
/* Draw the hint line for table (entries marked hint) and the global keys
 * in width cells at (y, x). */
void keys_hints(WINDOW *w, int y, int x, int width, const struct ui_key *table);

/* Draw the hinted entries of table only (no global keys) in width cells at
 * (y, x), for the help sheet and text fields, where ? q and Q do not do
 * what they say; returns the next x. */
int keys_hints_only(WINDOW *w, int y, int x, int width,
    const struct ui_key *table);

#endif
