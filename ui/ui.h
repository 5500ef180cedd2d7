/* ui: the terminal interface's entry points and the services screens call. */
#ifndef KP_UI_H
#define KP_UI_H

#include <stddef.h>
#include <stdint.h>

struct ui_ctx;
struct ui_screen;
struct w_list;

struct ui_start {
	const char	*db_path;	/* NULL: the default database */
	const char	*start;		/* screen to open after login, or NULL */
	int		 demo;
	int		 reset;		/* demo --reset: build it anew */
	int		 help;		/* demo --help: print its usage */
	const char	*demo_note;	/* the login screen's word on the demo
					 * database, or NULL */
	const char	*datadir;	/* picker's first folder, or NULL */
};

/* A screen the home menu and --start open, and the roles it needs. */
struct ui_action {
	const char		*name;		/* --start name */
	const char		*label;		/* home menu text */
	const struct ui_screen	*screen;
	unsigned		 roles;		/* any of these */
	const void		*args;		/* for the screen's enter, or
						 * NULL (screen.h) */
	/* A count shown beside the label ("Approvals (2)"), -1 when
	 * unknown; NULL for none. */
	int64_t			(*badge)(struct ui_ctx *);
};

/* The i-th action, or NULL past the end. */
const struct ui_action *ui_action_at(size_t i);
/* Open a's screen on top if ctx's roles allow it (a reaction). */
int ui_open(struct ui_ctx *ctx, const struct ui_action *a);
/*
 * Open s once the handler returns, given a copy of args (size bytes, which
 * must be s's args_size; or NULL): how is UI_PUSH or UI_REPLACE, returned
 * for the handler to return. Pointers inside args must stay valid until
 * s's enter returns; with UI_REPLACE the closing screen's leave runs first,
 * so they must not point into its state.
 */
int ui_next(struct ui_ctx *ctx, const struct ui_screen *s, const void *args,
    size_t size, int how);
/* After a successful login: home, then --start's screen (a reaction). */
int ui_logged_in(struct ui_ctx *ctx);

/* Whether argv asks for the TUI (no command, or "demo"). */
int ui_wanted(int argc, char **argv);
/* Parse --db, --start and "demo" (with --reset, --help), then run the TUI;
 * returns the exit status. */
int ui_main(int argc, char **argv);
/* Run the TUI on start's database until the user quits; exit status. */
int ui_run(const struct ui_start *start);

/*
 * After the core refused an action that needs one of the roles in need:
 * when the account is now disabled or without those roles, take *cause
 * (set to NULL), and once the handler returns close every screen and open
 * the home screen (its menu rebuilt from the current roles) or, for a
 * disabled account, the login screen, saying "your roles changed" or "your
 * account was disabled"; returns 1. Otherwise 0: the refusal had another
 * reason and *cause is the caller's to show.
 */
int ui_refused(struct ui_ctx *ctx, unsigned need, char **cause);

/* Repaint everything now (for long work such as an import). */
void ui_paint(struct ui_ctx *ctx);
/* A key if one is waiting, else ERR; never blocks. */
int ui_poll_key(struct ui_ctx *ctx);
/* Show a one-line notice until the next key (printf-like). */
void ui_notice(struct ui_ctx *ctx, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Open a message box; takes ownership of nothing (text is copied). */
void ui_message(struct ui_ctx *ctx, const char *title, const char *text);
/* Show cause in a message box and free it. */
void ui_error(struct ui_ctx *ctx, const char *title, char *cause);
/* Ask yes/no; done(ctx, 1 or 0, NULL) runs when answered. */
void ui_confirm(struct ui_ctx *ctx, const char *title, const char *text,
    int (*done)(struct ui_ctx *, int, const char *));
/* Offer a choice among keys (hint says what each does); done(ctx, 1, key
 * as a string) when one is pressed, done(ctx, 0, NULL) on Esc. */
void ui_choose(struct ui_ctx *ctx, const char *title, const char *text,
    const char *keys, const char *hint,
    int (*done)(struct ui_ctx *, int, const char *));
/*
 * Ask for a line of text starting from init (may be NULL); done(ctx, 1,
 * value) on Enter, done(ctx, 0, NULL) on Esc. In password mode nothing is
 * drawn and the value is wiped right after done returns.
 */
void ui_prompt(struct ui_ctx *ctx, const char *title, const char *init,
    int password, int (*done)(struct ui_ctx *, int, const char *));
/* Prompt with title for a search of list l (empty at first), select the
 * next row that matches, or say nothing matched; l must outlive the
 * prompt (a screen's own list). Returns UI_REDRAW. */
int ui_search(struct ui_ctx *ctx, struct w_list *l, const char *title);

#endif
