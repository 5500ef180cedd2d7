/*
 * w_picker: a file picker: the folders of a directory and its files whose
 * extension is allowed, with size and modification time. Names are shown
 * sanitized. Enter opens a folder or chooses a file; Backspace goes up,
 * with the cursor on the folder it came from. / opens a find line (~ opens
 * it with "~"): a name filters the listing as it is typed; a path (with a
 * '/', or starting with '~') is opened on Enter, a folder to list, a file
 * to choose. The folder and the entry chosen last are remembered for the
 * session (w_picker_free saves them, w_picker_resume goes back there).
 */
#ifndef KP_W_PICKER_H
#define KP_W_PICKER_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "w_input.h"

/* w_picker_key result besides the UI_* flags: a file was chosen. */
#define W_PICKER_CHOSEN	0x2000

struct w_picker_entry {
	char		*name;
	int		 dir;
	uint64_t	 size;
	time_t		 mtime;
};

struct w_picker {
	char			*dir;	/* absolute */
	char			*exts;	/* "csv,xlsx": files shown */
	struct w_picker_entry	*all;	/* the folder's listing */
	size_t			 nall;
	struct w_picker_entry	**e;	/* those the find lets by */
	size_t			 n;
	size_t			 sel, top;
	int			 page;
	int			 finding;	/* the find line is open */
	struct w_input		 find;
};

/* Start empty. */
void w_picker_init(struct w_picker *p);
/* List dir, showing files with one of the comma-separated exts. -1 and
 * *cause when the folder cannot be read (the old listing stays). */
int w_picker_open(struct w_picker *p, const char *dir, const char *exts,
    char **cause);
/* Open the folder and entry of the last picker freed in this session, or
 * else dir, as w_picker_open. */
int w_picker_resume(struct w_picker *p, const char *dir, const char *exts,
    char **cause);
/* Free the listing, remembering its folder and selected entry. */
void w_picker_free(struct w_picker *p);
/* Handle a key: UI_REDRAW, W_PICKER_CHOSEN or UI_UNUSED; *cause is set
 * (caller frees) when a folder or typed path could not be opened. While
 * the find line is open every key but F1 is the picker's. */
int w_picker_key(struct w_picker *p, int key, char **cause);
/* The chosen file's path. Caller frees. */
char *w_picker_path(const struct w_picker *p);
/* Draw the folder and its listing in h lines of width cells. */
void w_picker_draw(struct w_picker *p, WINDOW *w, int y, int x, int h,
    int width);

#endif
