/*
 * ui_impl: the state ui.c and ui_leave.c share (not for screens, which see
 * struct ui_ctx only): the screen stack, the body window, what ends the
 * main loop, and the signal a handler noted.
 */
#ifndef KP_UI_IMPL_H
#define KP_UI_IMPL_H

#include <signal.h>

#include <curses.h>

#include "ui.h"

#define UI_STACK_MAX	16

/* What ui_refused asked for, done once the handler returns (ui_reset). */
enum ui_reset_to {
	UI_RESET_NONE,
	UI_RESET_HOME,		/* roles changed */
	UI_RESET_LOGIN,		/* account disabled */
	UI_RESET_LOGOUT		/* the user logged out */
};

struct ui_state {
	const struct ui_screen	*stack[UI_STACK_MAX];
	int			 n;
	double			 ticked;	/* monotonic seconds of the
						 * last tick */
	WINDOW			*body;
	int			 quit;
	int			 status;	/* ui_run's exit status */
	int			 int_asked;	/* Ctrl-C's question is open */
	struct w_dialog		*int_under;	/* the box it covers, back on
						 * a no */
	struct db		*rw;		/* the read-write handle kept
						 * while a read-only session
						 * runs, for its logout */
	enum ui_reset_to	 reset;
	char			*reset_why;	/* the core's refusal */
	const struct ui_screen	*next;		/* ui_next's, for UI_PUSH and
						 * UI_REPLACE */
	void			*next_args;	/* its copy of the arguments */
	int			 closing;	/* the program is ending */
	char			*left_why;	/* a leave's failure while
						 * closing, said after endwin */
};
extern struct ui_state ui;

/* The signal the handler saw last (SIGINT, SIGTERM, SIGHUP), or 0. */
extern volatile sig_atomic_t ui_signalled;

/* Catch SIGINT, SIGTERM and SIGHUP into ui_signalled, without restarting
 * a wait, so the main loop sees them at once. */
void ui_signals(void);
/* Leave curses before a fatal message (log_set_fatal_hook). */
void ui_fatal_hook(void);
/* Quit (logout 0) or log out (1), asking first while a batch waits. */
void ui_ask_leave(struct ui_ctx *ctx, int logout);
/* Ctrl-C: ask before quitting; a second Ctrl-C on the question is yes. */
void ui_ask_int(struct ui_ctx *ctx);

#endif
