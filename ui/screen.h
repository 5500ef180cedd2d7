/*
 * screen: what every screen exports (a const vtable), the context passed to
 * each of its handlers, and the reaction flags the handlers return
 * (doc/SCREENS.md is the contract in a page).
 *
 * Call protocol (ui.c): enter once when the screen is opened, with the
 * arguments its opener gave (ui_next); then draw into the content window
 * whenever something changed; key for every key while the screen is on
 * top: the screen's key hook sees the raw key first and returns UI_UNUSED
 * to let its key table, then the global keys (?, q, Esc, Q) have it; leave
 * once when it is closed, which may report what went wrong. Screens keep
 * their state in a private static struct; they never call doupdate() (only
 * ui.c does).
 */
#ifndef KP_SCREEN_H
#define KP_SCREEN_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct ui_ctx;
struct w_dialog;

/* Reactions, or-ed together. */
#define UI_NONE		0x00	/* consumed, nothing to repaint */
#define UI_REDRAW	0x01	/* repaint */
#define UI_POP		0x02	/* close this screen */
#define UI_PUSH		0x04	/* open the screen ui_next named on top */
#define UI_REPLACE	0x08	/* close this screen, open ui_next's */
#define UI_QUIT		0x10	/* leave the program (asks when work waits) */
#define UI_UNUSED	0x20	/* not handled here */
#define UI_LOGOUT	0x40	/* back to the login screen (asks when work
				 * waits) */

/* The steps of the step bar, in workflow order. */
enum ui_step {
	UI_STEP_NONE = -1,
	UI_STEP_LOGIN,
	UI_STEP_UPLOAD,
	UI_STEP_CHECKS,
	UI_STEP_KPIS,
	UI_STEP_AUTHORIZE,
	UI_STEP_EXPORT
};

/*
 * One row of a key table: up to three keys for one action, the label shown
 * in hints and help, a hint word, the help sentence, and the action (NULL when the
 * screen's key hook handles it, for keys that are only documented). A table
 * ends with an entry whose label is NULL.
 */
struct ui_key {
	int		 keys[3];
	const char	*label;		/* "a", "Up/k" */
	const char	*hint;		/* a word for the hint line, or NULL */
	const char	*help;		/* the sentence in the ? overlay */
	int		(*fn)(struct ui_ctx *);
};

struct ui_screen {
	const char	*name;		/* "kpi": for timing logs */
	const char	*title;
	int		 step;		/* enum ui_step */
	/* args: a copy of the args_size bytes its opener passed to ui_next
	 * (a struct scr_<name>_args of scr.h; all zero when the opener
	 * passed none), NULL when args_size is 0; valid only during the
	 * call: keep what is needed. */
	void		(*enter)(struct ui_ctx *, const void *args);
	size_t		 args_size;	/* 0: the screen takes none */
	/* 0, or -1 with *cause set (allocated, may be NULL) when closing
	 * failed to do what it must, such as withdrawing an open request:
	 * the stack shows *cause as an error notice (may be NULL). */
	int		(*leave)(struct ui_ctx *, char **cause);
	void		(*draw)(struct ui_ctx *, WINDOW *);
	int		(*key)(struct ui_ctx *, int);	/* may be NULL */
	const struct ui_key *keys;
	int		 list;		/* has a w_list: its keys go in help */
	/* Work done between keys, a piece at a time so that keys are never
	 * kept waiting (may be NULL): 1 while more remains, else 0. */
	int		(*idle)(struct ui_ctx *);
	/* Called about every UI_TICK_MS while the screen is on top and no
	 * dialog is open, to notice what other sessions changed (may be
	 * NULL); returns a reaction like key. */
	int		(*tick)(struct ui_ctx *);
	/* The table whose hint words the hint line shows in the screen's
	 * present state (may be NULL: .keys'); help lists .keys whole. */
	const struct ui_key *(*hints)(const struct ui_ctx *);
};

#define UI_TICK_MS	1000	/* how often tick hooks poll the database */

/* Shared state, owned by ui.c and passed to every handler. */
struct ui_ctx {
	struct db	*db;
	const char	*db_path;
	char		*user;		/* NULL until logged in */
	unsigned	 roles;		/* ROLE_* bits */
	int		 demo;
	const char	*demo_note;	/* built, rebuilt or kept, or NULL */
	const char	*datadir;	/* the picker's first folder, or NULL */
	const char	*start;		/* --start SCREEN, or NULL */
	int		 utf8;		/* locale is UTF-8: Unicode drawing */
	int		 lines, cols;	/* terminal size */

	/* The session's batch waiting for accept or discard (0: none):
	 * session state, not an argument; home shows it, quitting asks. */
	int64_t		 pending;
	/* The export request this session opened on the Authorize screen,
	 * withdrawn (audited) when that screen is left (0: none). */
	int64_t		 open_request;
	char		*msg;		/* one-line notice until the next key */
	int		 msg_error;
	struct w_dialog	*dialog;	/* modal box on top, or NULL */
	int		 help;		/* the ? overlay is open */
};

#endif
