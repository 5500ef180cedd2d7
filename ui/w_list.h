/*
 * w_list: a scrollable, sortable, searchable view of a struct table. Only
 * the rows in sight are formatted and sanitized at each draw, so a long
 * table costs nothing per keystroke; column widths are measured once, on
 * the first rows, when the table is set.
 */
#ifndef KP_W_LIST_H
#define KP_W_LIST_H

#include <curses.h>
#include <stddef.h>

#include "screen.h"

struct table;

/* w_list_key result besides the UI_* flags: the screen should prompt for
 * a search and call w_list_search. */
#define W_LIST_SEARCH	0x1000

struct w_list {
	struct table	*t;
	int		 own;		/* free t with the list */
	size_t		 top, sel;
	size_t		 first_col;	/* horizontal scroll */
	int		 sort_col;	/* -1 while unsorted */
	int		 sort_desc;
	char		*search;	/* last search, or NULL */
	int		*widths;	/* cells per column */
	int		 page;		/* rows in sight at the last draw */
	int		 screen_y;	/* where the first row was drawn */
	int		 screen_x;
	/* Theme role of a row (enum theme_role), or NULL for plain rows. */
	int		(*row_role)(const struct table *, size_t, void *);
	void		*row_arg;
};

/* Start an empty list. */
void w_list_init(struct w_list *l);
/* Show t (the list frees it when own is set) from its first row. */
void w_list_set(struct w_list *l, struct table *t, int own);
/* Free the table when owned and the list's own memory. */
void w_list_free(struct w_list *l);
/* Draw the header and the rows in sight into h lines of width cells, the
 * first cell a gutter with '>' on the cursor row when focus is set. */
void w_list_draw(struct w_list *l, WINDOW *w, int y, int x, int h, int width,
    int focus);
/* Handle a movement, sort, search or mouse key (s: each column in turn,
 * then the first order): UI_REDRAW, W_LIST_SEARCH or UI_UNUSED. */
int w_list_key(struct w_list *l, int key);
/* Select the next row (after the selected one, wrapping) holding s in any
 * cell, case-insensitively; s is remembered for n/N. 0 if found, else -1. */
int w_list_search(struct w_list *l, const char *s, int backward);
/* The selected row, or (size_t)-1 when the list is empty. */
size_t w_list_selected(const struct w_list *l);
/* The keys w_list_key handles, for the ? overlay. */
const struct ui_key *w_list_keys(void);

#endif
