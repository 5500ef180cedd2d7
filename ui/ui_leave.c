/* ui_leave: quitting, logging out and Ctrl-C, each asking first while a
 * batch waits for a decision; the signals that end the main loop. */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "ui_impl.h"
#include "w_dialog.h"
#include "xmem.h"

volatile sig_atomic_t ui_signalled;

void
ui_fatal_hook(void)
{
	if (!isendwin())
		endwin();
}

static void
ui_on_signal(int sig)
{
	ui_signalled = sig;
}

void
ui_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: getch returns at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int
ui_quit_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	if (yes)
		ui.quit = 1;
	return UI_REDRAW;
}

static int
ui_logout_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	if (yes)
		ui.reset = UI_RESET_LOGOUT;
	return UI_REDRAW;
}

/* Quit (logout 0) or log out (1), asking first while a batch waits for a
 * decision. */
/* What leaving now would leave behind, one sentence, or NULL when
 * nothing: a batch waiting for a decision, an export request open. Caller
 * frees. */
static char *
ui_left_behind(const struct ui_ctx *ctx)
{
	if (ctx->pending != 0)
		return xasprintf("Batch %lld waits for accept or discard on "
		    "the checks screen; it stays pending (nothing is lost).",
		    (long long)ctx->pending);
	if (ctx->open_request != 0)
		return xasprintf("Export request %lld waits for its approval; "
		    "leaving withdraws it (audited).",
		    (long long)ctx->open_request);
	return NULL;
}

void
ui_ask_leave(struct ui_ctx *ctx, int logout)
{
	char *why, *text;

	if (logout && ctx->user == NULL)
		return;
	if ((why = ui_left_behind(ctx)) != NULL) {
		text = xasprintf("%s %s anyway?", why, logout ? "Log out" :
		    "Quit");
		ui_confirm(ctx, logout ? "Log out?" : "Quit kpidesk?", text,
		    logout ? ui_logout_answer : ui_quit_answer);
		free(text);
		free(why);
	} else if (logout)
		ui.reset = UI_RESET_LOGOUT;
	else
		ui.quit = 1;
}

static int
ui_int_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	ui.int_asked = 0;
	if (yes) {
		ui.quit = 1;
		ui.status = 130;	/* what a shell reports for SIGINT */
	} else if (ui.int_under != NULL) {
		/* The question it covered is still to be answered. */
		w_dialog_free(ctx->dialog);
		ctx->dialog = ui.int_under;
		ui.int_under = NULL;
	}
	return UI_REDRAW;
}

/* Ctrl-C: ask before quitting, with a word on a waiting batch; a second
 * Ctrl-C while asked is a yes. */
void
ui_ask_int(struct ui_ctx *ctx)
{
	char *why, *text;

	if (ui.int_asked && ctx->dialog != NULL) {
		ui_int_answer(ctx, 1, NULL);
		return;
	}
	why = ui_left_behind(ctx);
	text = xasprintf("%s%sQuit kpidesk now? (Ctrl-C again: yes)",
	    why != NULL ? why : "", why != NULL ? " " : "");
	free(why);
	w_dialog_free(ui.int_under);
	ui.int_under = ctx->dialog;	/* kept, not freed by ui_dialog */
	ctx->dialog = NULL;
	ui_confirm(ctx, "Ctrl-C: quit?", text, ui_int_answer);
	ui.int_asked = 1;
	free(text);
}

