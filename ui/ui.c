/* ui: curses start and stop, the screen stack, the main loop, dialogs. */
#include "ui_impl.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "datetime.h"
#include "db.h"
#include "ledger.h"
#include "demo.h"
#include "export.h"
#include "draw.h"
#include "keys.h"
#include "log.h"
#include "auth.h"
#include "paths.h"
#include "schema.h"
#include "scr.h"
#include "settings.h"
#include "termcheck.h"
#include "secret.h"
#include "theme.h"
#include "timing.h"
#include "users.h"
#include "w_dialog.h"
#include "w_frame.h"
#include "w_help.h"
#include "w_input.h"
#include "w_list.h"
#include "xmem.h"

#define UI_MIN_LINES	24
#define UI_MIN_COLS	80
#define UI_WAKE_MS	500	/* longest wait for a key (ui_wait) */

/* The export requests ctx's user may decide now, or -1 when unknown. */
static int64_t
ui_count_approvals(struct ui_ctx *ctx)
{
	char *cause = NULL;
	int64_t n;

	if (export_pending_count(ctx->db, ctx->user, (int64_t)time(NULL), &n,
	    &cause) == -1) {
		free(cause);
		return -1;
	}
	return n;
}

static const struct scr_upload_args ui_customers = { .orders = 0 };
static const struct scr_upload_args ui_orders = { .orders = 1 };

/* Screens that --start and the home menu open, with the roles they need. */
static const struct ui_action ui_actions[] = {
	{ .name = "upload", .label = "Upload the customer master (CSV, XLSX)",
	  .screen = &scr_upload, .roles = ROLE_ANALYST,
	  .args = &ui_customers },
	{ .name = "orders", .label = "Import orders (XML, CSV)",
	  .screen = &scr_upload, .roles = ROLE_ANALYST, .args = &ui_orders },
	{ .name = "checks", .label = "Sanity checks of the latest batch",
	  .screen = &scr_checks, .roles = ROLE_ANALYST },
	{ .name = "kpi", .label = "KPI dashboard", .screen = &scr_kpi,
	  .roles = ROLE_ANALYST | ROLE_APPROVER },
	/* The second person decides here, in their own session. */
	{ .name = "approvals", .label = "Approvals", .screen = &scr_approvals,
	  .roles = ROLE_APPROVER, .badge = ui_count_approvals },
	{ .name = "users", .label = "Users: add, disable, unlock, passwords, "
	  "roles", .screen = &scr_users, .roles = ROLE_ADMIN },
	/* Auditors see days as they were, not live KPIs; admins may read
	 * the log too. */
	{ .name = "history", .label = "History: days as they were, verified "
	  "and compared", .screen = &scr_history, .roles = ROLE_AUDITOR },
	{ .name = "audit", .label = "Audit log and its chain",
	  .screen = &scr_audit, .roles = ROLE_AUDITOR | ROLE_ADMIN },
};
#define UI_NACTIONS (sizeof ui_actions / sizeof ui_actions[0])

struct ui_state ui;

/* The list ui_search's open prompt searches. */
static struct w_list *ui_searched;

const struct ui_action *
ui_action_at(size_t i)
{
	return i < UI_NACTIONS ? &ui_actions[i] : NULL;
}

static const struct ui_screen *
ui_top(void)
{
	return ui.n > 0 ? ui.stack[ui.n - 1] : NULL;
}

/* Open s on top with args (s->args_size bytes, or NULL for zeroes). */
static void
ui_push(struct ui_ctx *ctx, const struct ui_screen *s, const void *args)
{
	void *zero = NULL;

	if (ui.n == UI_STACK_MAX)
		return;
	ui.stack[ui.n++] = s;
	ui.ticked = 0;	/* a polling screen reads afresh when it shows */
	/* A screen that takes arguments always gets them: zero is each
	 * one's default (scr.h). */
	if (args == NULL && s->args_size > 0)
		args = zero = xcalloc(1, s->args_size);
	if (s->enter != NULL)
		s->enter(ctx, args);
	free(zero);
}

/* What a screen's leave could not do: shown as an error notice on the
 * screen below, or on stderr once the terminal is given back. */
static void
ui_left(struct ui_ctx *ctx, const struct ui_screen *s, char *cause)
{
	ui_notice(ctx, 1, "%s", cause != NULL ? cause : "closing the screen "
	    "failed");
	free(cause);
	if (ui.closing) {
		free(ui.left_why);
		ui.left_why = xasprintf("%s: %s", s->name, ctx->msg);
	}
}

static void
ui_pop(struct ui_ctx *ctx)
{
	const struct ui_screen *s = ui_top();
	char *cause = NULL;

	if (s == NULL)
		return;
	if (s->leave != NULL && s->leave(ctx, &cause) == -1)
		ui_left(ctx, s, cause);
	ui.n--;
	ui.ticked = 0;	/* the screen below may have missed changes */
}

/* Forget what ui_next staged and no reaction used. */
static void
ui_next_clear(void)
{
	free(ui.next_args);
	ui.next_args = NULL;
	ui.next = NULL;
}

int
ui_next(struct ui_ctx *ctx, const struct ui_screen *s, const void *args,
    size_t size, int how)
{
	/* A size that is not the screen's is a bug in the caller. */
	if (args != NULL && size != s->args_size)
		fatalx("ui_next: %zu bytes of arguments for %s, which takes "
		    "%zu", size, s->name, s->args_size);
	ui_next_clear();
	ui.next = s;
	if (args != NULL) {
		ui.next_args = xmalloc(size);
		memcpy(ui.next_args, args, size);
	}
	return how;
}

int
ui_open(struct ui_ctx *ctx, const struct ui_action *a)
{
	if ((ctx->roles & a->roles) == 0) {
		ui_notice(ctx, 1, "your roles do not allow %s", a->name);
		return UI_REDRAW;
	}
	return ui_next(ctx, a->screen, a->args, a->args != NULL ?
	    a->screen->args_size : 0, UI_PUSH);
}

/*
 * An auditor's session (no role that writes) goes on with a read-only
 * handle, so that nothing it does can write; the login was audited with the
 * normal one. If that fails the session keeps no role rather than write
 * access.
 */
static void
ui_read_only(struct ui_ctx *ctx)
{
	struct db *ro;
	char *cause = NULL;

	if ((ctx->roles & ROLE_AUDITOR) == 0 ||
	    (ctx->roles & (ROLE_ANALYST | ROLE_APPROVER | ROLE_ADMIN)) != 0)
		return;
	if (schema_open(ctx->db_path, DB_READONLY, &ro, &cause) == -1) {
		ctx->roles = 0;
		ui_error(ctx, "Cannot open the database read-only", cause);
		return;
	}
	ui.rw = ctx->db;	/* only the logout writes with it */
	ctx->db = ro;
}

int
ui_logged_in(struct ui_ctx *ctx)
{
	size_t i;

	timing_start();	/* the first screen's paint, not the hashing */
	ui_read_only(ctx);
	/* Home replaces the login screen; --start opens on top of it. */
	ui_pop(ctx);
	ui_push(ctx, &scr_home, NULL);
	if (ctx->start == NULL || strcmp(ctx->start, "home") == 0)
		return UI_REDRAW;
	for (i = 0; i < UI_NACTIONS; i++) {
		if (strcmp(ctx->start, ui_actions[i].name) == 0 &&
		    (ctx->roles & ui_actions[i].roles) != 0) {
			ui_push(ctx, ui_actions[i].screen,
			    ui_actions[i].args);
			return UI_REDRAW;
		}
	}
	ui_notice(ctx, 1, "the %s screen is not open to your roles",
	    ctx->start);
	return UI_REDRAW;
}

int
ui_refused(struct ui_ctx *ctx, unsigned need, char **cause)
{
	unsigned roles;
	int disabled;
	char *err = NULL;

	if (ctx->user == NULL || users_state(ctx->db, ctx->user, &roles,
	    &disabled, &err) == -1) {
		free(err);
		return 0;
	}
	if (!disabled && (roles & need) != 0)
		return 0;
	ctx->roles = disabled ? 0 : roles;
	ui.reset = disabled ? UI_RESET_LOGIN : UI_RESET_HOME;
	free(ui.reset_why);
	ui.reset_why = *cause != NULL ? *cause : xstrdup("refused");
	*cause = NULL;
	return 1;
}

/* End the session once its screens are closed: audit it with a handle
 * that can write, forget the user, and open the login screen. */
static void
ui_logout(struct ui_ctx *ctx)
{
	char *cause = NULL, *name = ctx->user;

	if (ui.rw != NULL) {
		db_close(ctx->db);
		ctx->db = ui.rw;
		ui.rw = NULL;
	}
	ctx->user = NULL;
	ctx->roles = 0;
	ctx->pending = 0;
	ui_push(ctx, &scr_login, NULL);
	if (name == NULL)
		return;
	if (auth_logout(ctx->db, name, "logout", &cause) == -1)
		ui_notice(ctx, 1, "%s logged out, but the audit log was not "
		    "written: %s", name, cause != NULL ? cause : "failed");
	else
		ui_notice(ctx, 0, "%s logged out", name);
	free(cause);
	free(name);
}

/*
 * Close every screen (their leave hooks may still call the core, which
 * refuses again) and open home with the current roles, or the login screen
 * for a disabled account.
 */
static void
ui_reset(struct ui_ctx *ctx)
{
	enum ui_reset_to to = ui.reset;
	char *why = ui.reset_why;

	ui.reset_why = NULL;
	if (ctx->dialog != NULL) {
		w_dialog_free(ctx->dialog);
		ctx->dialog = NULL;
	}
	w_dialog_free(ui.int_under);
	ui.int_under = NULL;
	ctx->help = 0;
	ui_next_clear();
	while (ui.n > 0)
		ui_pop(ctx);
	ui.reset = UI_RESET_NONE;
	free(ui.reset_why);
	ui.reset_why = NULL;
	if (to == UI_RESET_LOGOUT) {
		ui_logout(ctx);
	} else if (to == UI_RESET_LOGIN) {
		free(ctx->user);
		ctx->user = NULL;
		ctx->roles = 0;
		ui_push(ctx, &scr_login, NULL);
		ui_notice(ctx, 1, "your account was disabled: %s", why);
	} else {
		ui_read_only(ctx);
		ui_push(ctx, &scr_home, NULL);
		ui_notice(ctx, 1, "your roles changed: %s", why);
	}
	free(why);
}

void
ui_notice(struct ui_ctx *ctx, int error, const char *fmt, ...)
{
	va_list ap;

	free(ctx->msg);
	va_start(ap, fmt);
	ctx->msg = xvasprintf(fmt, ap);
	va_end(ap);
	ctx->msg_error = error;
}

static void
ui_dialog(struct ui_ctx *ctx, struct w_dialog *d)
{
	w_dialog_free(ctx->dialog);
	ctx->dialog = d;
	/* Keys typed before a box appeared were meant for the screen behind
	 * it: they must not answer the box (a prompt keeps them: they are
	 * its text). */
	if (d->kind != W_DIALOG_PROMPT)
		flushinp();
	ui.int_asked = 0;
}

void
ui_message(struct ui_ctx *ctx, const char *title, const char *text)
{
	ui_dialog(ctx, w_dialog_create(W_DIALOG_MESSAGE, title, text));
}

void
ui_error(struct ui_ctx *ctx, const char *title, char *cause)
{
	ui_message(ctx, title, cause != NULL ? cause : "failed");
	free(cause);
}

void
ui_confirm(struct ui_ctx *ctx, const char *title, const char *text,
    int (*done)(struct ui_ctx *, int, const char *))
{
	struct w_dialog *d = w_dialog_create(W_DIALOG_CONFIRM, title, text);

	d->done = done;
	ui_dialog(ctx, d);
}

void
ui_choose(struct ui_ctx *ctx, const char *title, const char *text,
    const char *keys, const char *hint,
    int (*done)(struct ui_ctx *, int, const char *))
{
	struct w_dialog *d = w_dialog_create(W_DIALOG_CHOICE, title, text);

	d->keys = xstrdup(keys);
	d->hint = xstrdup(hint);
	d->done = done;
	ui_dialog(ctx, d);
}

void
ui_prompt(struct ui_ctx *ctx, const char *title, const char *init,
    int password, int (*done)(struct ui_ctx *, int, const char *))
{
	struct w_dialog *d = w_dialog_create(W_DIALOG_PROMPT, title, "");

	w_input_init(&d->input, password);
	if (init != NULL)
		w_input_set(&d->input, init);
	d->done = done;
	ui_dialog(ctx, d);
}

static int
ui_search_answer(struct ui_ctx *ctx, int yes, const char *s)
{
	if (yes && ui_searched != NULL && w_list_search(ui_searched, s,
	    0) == -1)
		ui_notice(ctx, 1, "not found: %s", s);
	ui_searched = NULL;
	return UI_REDRAW;
}

int
ui_search(struct ui_ctx *ctx, struct w_list *l, const char *title)
{
	ui_searched = l;
	ui_prompt(ctx, title, NULL, 0, ui_search_answer);
	return UI_REDRAW;
}

/* Lay the body window out for the current size. */
static int
ui_layout(struct ui_ctx *ctx)
{
	int lines = ctx->lines, cols = ctx->cols;

	getmaxyx(stdscr, ctx->lines, ctx->cols);
	/* The terminal reflowed what was there: repaint it all once. */
	if (lines != ctx->lines || cols != ctx->cols)
		clearok(curscr, TRUE);
	if (ctx->lines < UI_MIN_LINES || ctx->cols < UI_MIN_COLS)
		return -1;
	if (ui.body == NULL)
		ui.body = newwin(ctx->lines - 3, ctx->cols, 1, 0);
	else {
		wresize(ui.body, ctx->lines - 3, ctx->cols);
		mvwin(ui.body, 1, 0);
	}
	keypad(ui.body, TRUE);
	return 0;
}

static void
ui_draw_small(struct ui_ctx *ctx)
{
	werase(stdscr);
	draw_printf(stdscr, 0, 0, ctx->cols, A_BOLD, "terminal too small");
	draw_printf(stdscr, 1, 0, ctx->cols, A_NORMAL, "%dx%d needed, "
	    "this is %dx%d", UI_MIN_COLS, UI_MIN_LINES, ctx->cols, ctx->lines);
	draw_printf(stdscr, 2, 0, ctx->cols, A_NORMAL, "Q quits");
	wnoutrefresh(stdscr);
	/* wgetch(body) refreshes a touched window by itself: the resize
	 * touched it, and it would paint the old screen over this one. */
	if (ui.body != NULL)
		untouchwin(ui.body);
}

void
ui_paint(struct ui_ctx *ctx)
{
	const struct ui_screen *s = ui_top();
	const struct ui_key *list;
	char *text;

	if (ui_layout(ctx) == -1) {
		curs_set(0);
		ui_draw_small(ctx);
		doupdate();
		return;
	}
	werase(stdscr);
	w_frame_top(stdscr, 0, ctx, s);
	w_frame_status(stdscr, ctx->lines - 1, ctx);
	werase(ui.body);
	/* The text field drawn last, on top, takes the cursor. */
	w_input_cursor_forget();
	if (s != NULL && s->draw != NULL)
		s->draw(ctx, ui.body);
	w_frame_notice(ui.body, ctx);
	if (ctx->help && s != NULL) {
		list = s->list ? w_list_keys() : NULL;
		text = keys_help(s, list, w_input_cursor_wanted());
		w_input_cursor_forget();
		w_help_draw(ui.body, s->title, text);
		free(text);
	}
	if (ctx->dialog != NULL) {
		w_input_cursor_forget();
		w_dialog_draw(ctx->dialog, ui.body);
	}
	/* After the body: the hints name a text field's keys. */
	w_frame_hints(stdscr, ctx->lines - 2, ctx, s);
	wnoutrefresh(stdscr);
	w_input_cursor_place();
	wnoutrefresh(ui.body);
	doupdate();
}

int
ui_poll_key(struct ui_ctx *ctx)
{
	int key;

	nodelay(ui.body != NULL ? ui.body : stdscr, TRUE);
	key = wgetch(ui.body != NULL ? ui.body : stdscr);
	nodelay(ui.body != NULL ? ui.body : stdscr, FALSE);
	return key;
}

/* Apply a reaction from a handler. */
static void
ui_react(struct ui_ctx *ctx, int r)
{
	const struct ui_screen *next = ui.next;
	void *args = ui.next_args;

	/* What ui_next staged is used by this reaction or by none. */
	ui.next = NULL;
	ui.next_args = NULL;
	if (r & UI_QUIT)
		ui_ask_leave(ctx, 0);
	if (r & UI_LOGOUT)
		ui_ask_leave(ctx, 1);
	if (r & (UI_POP | UI_REPLACE)) {
		ui_pop(ctx);
		if (ui.n == 0 && !(r & UI_REPLACE)) {
			ui.quit = 1;
			free(args);
			return;
		}
	}
	if ((r & (UI_PUSH | UI_REPLACE)) && next != NULL)
		ui_push(ctx, next, args);
	free(args);
	if (ui.reset != UI_RESET_NONE)
		ui_reset(ctx);
}

/* One key: dialog first, then the help overlay, the screen, its table,
 * and the global keys. */
static void
ui_key(struct ui_ctx *ctx, int key)
{
	const struct ui_screen *s = ui_top();
	struct w_dialog *d = ctx->dialog;
	int (*done)(struct ui_ctx *, int, const char *);
	int r, answer;
	char *value;

	free(ctx->msg);
	ctx->msg = NULL;
	if (d != NULL) {
		if ((answer = w_dialog_key(d, key)) == W_DIALOG_OPEN)
			return;
		ctx->dialog = NULL;
		done = d->done;
		value = NULL;
		if (answer == W_DIALOG_YES && d->kind == W_DIALOG_PROMPT)
			value = xstrdup(d->input.buf);
		else if (answer == W_DIALOG_YES && d->kind == W_DIALOG_CHOICE)
			value = xstrdup(d->chosen);
		/* What was typed while a box was open was not for the
		 * screen behind it; after a prompt it may be. */
		if (d->kind != W_DIALOG_PROMPT)
			flushinp();
		w_dialog_free(d);	/* wipes the typed text */
		if (done != NULL)
			ui_react(ctx, done(ctx, answer == W_DIALOG_YES, value));
		xfree_secret(value);
		return;
	}
	if (ctx->help) {
		ui_react(ctx, w_help_key(ctx, key));
		return;
	}
	r = UI_UNUSED;
	if (s != NULL && s->key != NULL)
		r = s->key(ctx, key);
	if (r & UI_UNUSED && s != NULL)
		r = keys_dispatch(s->keys, ctx, key);
	if (r & UI_UNUSED)
		r = keys_dispatch(keys_global(), ctx, key);
	if (r & UI_UNUSED)
		r = UI_NONE;
	ui_react(ctx, r);
}

/* Milliseconds until the top screen's next tick, or -1 for none due: no
 * tick hook, or a dialog open (its answer belongs to this screen). */
static int
ui_tick_wait(struct ui_ctx *ctx)
{
	const struct ui_screen *s = ui_top();
	double left;

	if (s == NULL || s->tick == NULL || ctx->dialog != NULL)
		return -1;
	left = ui.ticked + UI_TICK_MS / 1000.0 - datetime_monotonic();
	return left <= 0 ? 0 : (int)(left * 1000) + 1;
}

/*
 * How long wgetch may wait: until the next tick, and never more than
 * UI_WAKE_MS, because a SIGWINCH or SIGINT that lands just before wgetch
 * blocks is only seen by the next wgetch (a shrink would not repaint, a
 * Ctrl-C not ask, until a key).
 */
static int
ui_wait(struct ui_ctx *ctx)
{
	int w = ui_tick_wait(ctx);

	return w < 0 || w > UI_WAKE_MS ? UI_WAKE_MS : w;
}

/* Run the top screen's tick when one is due. */
static void
ui_tick(struct ui_ctx *ctx)
{
	if (ui_tick_wait(ctx) != 0)
		return;
	ui.ticked = datetime_monotonic();
	ui_react(ctx, ui_top()->tick(ctx));
}

/* Clicks and the wheel in lists, unless KPIDESK_NO_MOUSE is set (then the
 * terminal keeps its own selection) or the terminal has no mouse. */
static void
ui_mouse(void)
{
	const char *no = getenv("KPIDESK_NO_MOUSE");
	mmask_t want = BUTTON1_PRESSED | BUTTON4_PRESSED;

#ifdef BUTTON5_PRESSED
	want |= BUTTON5_PRESSED;
#endif
	if (no != NULL && *no != '\0')
		return;
	if (mousemask(want, NULL) != 0)
		mouseinterval(0);	/* a press is a click, at once */
}

/* Open the database start names (or the default) into ctx, with the
 * ledger's watch; *path is the path (caller frees). -1 and *cause. */
static int
ui_open_db(const struct ui_start *start, struct ui_ctx *ctx, char **path,
    char **cause)
{
	if (start->db_path != NULL)
		*path = xstrdup(start->db_path);
	else if ((*path = paths_default_db(cause)) == NULL)
		return -1;
	if (paths_exists(*path, cause) != 0) {
		if (*cause == NULL)
			*cause = xasprintf("no database at %s: create one with "
			    "'kpidesk init --admin NAME', or try 'kpidesk "
			    "demo'", *path);
		return -1;
	}
	if (schema_open(*path, 0, &ctx->db, cause) == -1 ||
	    ledger_attach(ctx->db, cause) == -1)
		return -1;
	ctx->db_path = *path;
	/* A demo database shows its mark and accounts however it was
	 * opened (kpidesk --db .../demo.db in a second terminal too). */
	ctx->demo = start->demo || settings_bool(ctx->db, SET_DEMO);
	ctx->demo_note = start->demo_note;
	ctx->datadir = start->datadir;
	ctx->start = start->start;
	ctx->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	return 0;
}

/* Start curses on the terminal into *term, after asking terminfo whether
 * it can work (initscr would exit with its own words). -1 and *cause. */
static int
ui_curses_start(struct ui_ctx *ctx, SCREEN **term, char **cause)
{
	if (termcheck_usable(cause) == -1)
		return -1;
	log_set_fatal_hook(ui_fatal_hook);
	ui_signals();
	if ((*term = newterm(NULL, stdout, stdin)) == NULL) {
		log_set_fatal_hook(NULL);
		*cause = xasprintf("cannot start the terminal TERM=%s: try "
		    "TERM=xterm-256color", getenv("TERM"));
		return -1;
	}
	set_term(*term);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	ui_mouse();
	theme_init();
	draw_init(ctx->utf8);
	draw_set_indian(settings_is(ctx->db, SET_NUMBER_SCALE, "indian"));
	return 0;
}

/* Paint, wait for a key, a tick or a signal, and act, until quit. */
static void
ui_loop(struct ui_ctx *ctx)
{
	const struct ui_screen *painted = NULL;
	int idle = 0, woke = 0, key;
	WINDOW *win;

	while (!ui.quit && ui.n > 0) {
		/* After a wake with nothing to do, nothing changed. */
		if (!woke) {
			ui_paint(ctx);
			timing_painted(ui_top()->name, ui_top() != painted);
			if (ui_top() != painted)
				idle = ui_top()->idle != NULL;
			painted = ui_top();
		}
		woke = 0;
		/* With idle work left, only look for a key; else wait, until
		 * the next tick when the screen polls. */
		win = ui.body != NULL ? ui.body : stdscr;
		wtimeout(win, idle ? 0 : ui_wait(ctx));
		/* A signal during long work (an import) is seen at once. */
		key = ui_signalled ? ERR : wgetch(win);
		if (ui_signalled == SIGINT) {
			ui_signalled = 0;
			ui_ask_int(ctx);
			continue;
		}
		if (ui_signalled) {
			ui.status = 128 + ui_signalled;
			break;
		}
		if (key == ERR && !idle && ui_tick_wait(ctx) != 0) {
			woke = 1;	/* only to look for a lost signal */
			continue;
		}
		if (key == ERR) {
			if (idle)
				idle = ui_top()->idle(ctx);
			ui_tick(ctx);
			if (ui.reset != UI_RESET_NONE)
				ui_reset(ctx);
			continue;
		}
		timing_start();
		if (key == KEY_RESIZE)
			continue;	/* ui_paint lays out again */
		if (ctx->lines < 24 || ctx->cols < 80) {
			if (key == 'Q')
				ui.quit = 1;
			continue;
		}
		ui_key(ctx, key);
		/* Keys typed without a pause must not hold the polling off. */
		if (ui.n > 0)
			ui_tick(ctx);
		/* A key may have given the screen new work. */
		idle = ui.n > 0 && ui_top()->idle != NULL;
	}
}

/* Close every screen (their leave runs) and curses. */
static void
ui_curses_stop(struct ui_ctx *ctx, SCREEN *term)
{
	ui.closing = 1;
	while (ui.n > 0)
		ui_pop(ctx);
	ui_next_clear();
	w_dialog_free(ctx->dialog);
	w_dialog_free(ui.int_under);
	db_close(ui.rw);
	if (ui.body != NULL)
		delwin(ui.body);
	endwin();
	delscreen(term);
	log_set_fatal_hook(NULL);
}

int
ui_run(const struct ui_start *start)
{
	struct ui_ctx ctx;
	SCREEN *term;
	char *path = NULL, *cause = NULL;

	memset(&ctx, 0, sizeof ctx);
	memset(&ui, 0, sizeof ui);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kpidesk: the terminal interface needs a "
		    "terminal; see 'kpidesk --help' for the commands\n");
		return 1;
	}
	if (ui_open_db(start, &ctx, &path, &cause) == -1 ||
	    ui_curses_start(&ctx, &term, &cause) == -1) {
		log_say(cause != NULL ? cause : "failed");
		free(cause);
		db_close(ctx.db);
		free(path);
		return 1;
	}
	ui_push(&ctx, &scr_login, NULL);
	/* Said before anyone logs in, as the command line says it. */
	if (ctx.db->warning != NULL)
		ui_message(&ctx, "Database open to others", ctx.db->warning);
	timing_open();
	ui_loop(&ctx);
	timing_close();
	ui_curses_stop(&ctx, term);
	if (ui.left_why != NULL)
		log_say(ui.left_why);
	free(ui.left_why);
	free(ctx.msg);
	free(ctx.user);
	db_close(ctx.db);
	free(path);
	return ui.status;
}
