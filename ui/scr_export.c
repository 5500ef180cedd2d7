/*
 * scr_export: the export request and its second authorization (step
 * Authorize). Opened from the KPI dashboard for its as_of: the request is
 * made on entry and its summary shown exactly as it will be exported
 * (w_request). By default the screen then waits: a different person with
 * the approver role decides in their own session (Approvals on their
 * home, scr_approve), and a tick reads the request's status every second.
 * With the setting approval_same_terminal at 1 (demos) the approver types
 * their name and password here instead. Every rule is the core's
 * (export.h); this screen only shows the core's answer. Once approved it
 * hands the request to scr_export_write; a request it leaves open
 * otherwise is withdrawn (and audited) when the screen closes, and when
 * the core refuses that, its cause is the screen's last word (leave).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "db.h"
#include "draw.h"
#include "export.h"
#include "keys.h"
#include "scr.h"
#include "settings.h"
#include "theme.h"
#include "ui.h"
#include "users.h"
#include "w_input.h"
#include "w_request.h"
#include "xmem.h"

#define EXP_REFUSAL_MAX	2	/* lines for the last refusal */

static struct {
	struct export_summary	 s;
	int			 made;		/* s holds a stored request */
	char			*error;		/* the request was refused */
	int			 same_terminal;	/* the approver types here */
	struct w_input		 name;
	struct w_input		 pw;
	int			 focus;		/* 0 name, 1 password */
	char			*refusal;	/* the core's last refusal, or
						 * what closed the request */
	int			 handed;	/* approved: scr_export_write has it */
	struct w_request	 req;
} ex;

/* Whether the request can still be approved here. */
static int
exp_open(void)
{
	return ex.made && strcmp(ex.s.status, "pending") == 0;
}

/* n on the warning below: give the request up (leave withdraws it). */
static int
exp_no_master_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	return yes ? UI_REDRAW : UI_POP;
}

static void
exp_enter(struct ui_ctx *ctx, const void *args)
{
	const struct scr_export_args *a = args;
	char *cause = NULL;

	memset(&ex, 0, sizeof ex);
	w_input_init(&ex.name, 0);
	w_input_init(&ex.pw, 1);
	w_request_init(&ex.req);
	ex.same_terminal = settings_bool(ctx->db,
	    SET_APPROVAL_SAME_TERMINAL);
	if (export_request(ctx->db, ctx->user, a->as_of,
	    (int64_t)time(NULL), &ex.s, &cause) == -1) {
		export_summary_free(&ex.s);
		memset(&ex.s, 0, sizeof ex.s);
		if (ui_refused(ctx, ROLE_ANALYST, &cause))
			return;
		ex.error = cause != NULL ? cause : xstrdup("refused");
		return;
	}
	ex.made = 1;
	ctx->open_request = ex.s.id;
	if (ex.s.rows[EXPORT_CUSTOMERS] == 0)
		ui_confirm(ctx, "No customer master", "This report has no "
		    "customer master: its Customers sheet is empty and every "
		    "order counts under (unmatched). Upload the master first "
		    "(1 on the home screen) for a full report.\n\nRequest "
		    "the export anyway? y keeps the request; n withdraws it.",
		    exp_no_master_answer);
}

/* Withdraw the request unless it was approved and handed on, or closed;
 * -1 with *cause when the core refuses (the request then stays open
 * until it expires). */
static int
exp_withdraw(struct ui_ctx *ctx, char **cause)
{
	char *why = NULL;

	if (!ex.made || ex.handed)
		return 0;
	if (strcmp(ex.s.status, "pending") != 0 &&
	    strcmp(ex.s.status, "approved") != 0)
		return 0;
	if (export_cancel(ctx->db, ex.s.id, ctx->user, &why) == -1) {
		*cause = xasprintf("export request %lld was not withdrawn: %s",
		    (long long)ex.s.id, why != NULL ? why : "refused");
		free(why);
		return -1;
	}
	return 0;
}

static int
exp_leave(struct ui_ctx *ctx, char **cause)
{
	int rc = exp_withdraw(ctx, cause);

	ctx->open_request = 0;
	w_input_wipe(&ex.name);
	w_input_wipe(&ex.pw);
	export_summary_free(&ex.s);
	free(ex.error);
	free(ex.refusal);
	memset(&ex, 0, sizeof ex);
	return rc;
}

/* Read the request again after a refusal: it may have been closed. */
static void
exp_reload(struct ui_ctx *ctx)
{
	struct export_summary s;
	char *cause = NULL;

	memset(&s, 0, sizeof s);
	if (export_load(ctx->db, ex.s.id, &s, &cause) == -1) {
		free(cause);
		export_summary_free(&s);
		return;
	}
	export_summary_free(&ex.s);
	ex.s = s;
}

/* Approved by approver: hand the request to the write step. */
static int
exp_handover(struct ui_ctx *ctx, const char *approver)
{
	struct scr_export_write_args next;

	ui_notice(ctx, 0, "approved by %s: choose where to write the "
	    "workbook", approver != NULL ? approver : "?");
	ex.handed = 1;
	next.id = ex.s.id;
	return ui_next(ctx, &scr_export_write, &next, sizeof next,
	    UI_REPLACE);
}

/* The request is closed (status as read): nothing more to wait for. */
static void
exp_closed(const char *status)
{
	free(ex.s.status);
	ex.s.status = xstrdup(status);
	free(ex.refusal);
	ex.refusal = NULL;
}

static int
exp_submit(struct ui_ctx *ctx)
{
	char *pw, *cause = NULL;
	int rc;

	if (ex.name.len == 0) {
		ui_notice(ctx, 1, "type the approver's user name first");
		ex.focus = 0;
		return UI_REDRAW;
	}
	ui_notice(ctx, 0, "checking the approver's password...");
	ui_paint(ctx);
	pw = xstrdup(w_input_text(&ex.pw));
	w_input_wipe(&ex.pw);
	rc = export_approve(ctx->db, ex.s.id, w_input_text(&ex.name), pw,
	    (int64_t)time(NULL), &cause);
	xfree_secret(pw);
	free(ctx->msg);
	ctx->msg = NULL;
	if (rc == -1) {
		free(ex.refusal);
		ex.refusal = cause != NULL ? cause : xstrdup("refused");
		w_input_wipe(&ex.name);
		ex.focus = 0;
		exp_reload(ctx);
		return UI_REDRAW;
	}
	rc = exp_handover(ctx, w_input_text(&ex.name));
	w_input_wipe(&ex.name);
	return rc;
}

/* Poll the request (tick): approved moves on to the write step by itself;
 * rejected, withdrawn or expired is said on the screen. */
static int
exp_tick(struct ui_ctx *ctx)
{
	struct export_summary now;
	char *cause = NULL, *who = NULL;
	int r = UI_REDRAW;

	if (ex.same_terminal || !exp_open())
		return UI_NONE;
	if (export_load_request(ctx->db, ex.s.id, &now, &cause) == -1) {
		free(ex.refusal);
		ex.refusal = cause;
		return UI_REDRAW;
	}
	if (strcmp(now.status, "approved") == 0)
		r = exp_handover(ctx, now.approved_by);
	else if (strcmp(now.status, "pending") != 0) {
		exp_closed(now.status);
		if (export_rejected_by(ctx->db, ex.s.id, &who, &cause) == -1)
			free(cause);
		ex.refusal = who != NULL ? xasprintf("Rejected by %s: "
		    "nothing can be written from this request.", who) :
		    xasprintf("The request is %s: nothing can be written "
		    "from it.", now.status);
		free(who);
	} else if ((int64_t)time(NULL) >= ex.s.expires_at) {
		/* Nobody approved in time; the core refuses it from now. */
		exp_closed("expired");
		ex.refusal = xasprintf("Nobody approved it before %s.",
		    draw_when(ex.s.expires_at).s);
	}
	export_summary_free(&now);
	return r;
}

static int
exp_cancel_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	char *cause = NULL;

	if (!yes)
		return UI_REDRAW;
	if (export_cancel(ctx->db, ex.s.id, ctx->user, &cause) == -1) {
		if (ui_refused(ctx, ROLE_ANALYST, &cause))
			return UI_REDRAW;
		ui_error(ctx, "Cancelling the request failed", cause);
		exp_reload(ctx);
		return UI_REDRAW;
	}
	free(ex.s.status);
	ex.s.status = xstrdup("refused");
	ui_notice(ctx, 0, "export request %lld cancelled", (long long)ex.s.id);
	return UI_POP;
}

static int
exp_cancel(struct ui_ctx *ctx)
{
	char *text;

	if (!exp_open())
		return UI_POP;
	text = xasprintf("Export request %lld is withdrawn (and that is "
	    "audited); nothing is written. Cancel it?", (long long)ex.s.id);
	ui_confirm(ctx, "Cancel the export request?", text,
	    exp_cancel_answer);
	free(text);
	return UI_REDRAW;
}

static int
exp_key(struct ui_ctx *ctx, int key)
{
	struct w_input *in = ex.focus == 0 ? &ex.name : &ex.pw;
	int r;

	if (key == KEY_NPAGE || key == KEY_PPAGE)
		return ex.made ? w_request_scroll(&ex.req, &ex.s,
		    key == KEY_NPAGE ? 1 : -1) : UI_NONE;
	if (key == KEYS_ESC)
		return exp_cancel(ctx);
	/* Without an open request, or while waiting for the approver's own
	 * session, there is nothing to type: q goes back. */
	if (!exp_open() || !ex.same_terminal || key == KEY_F(1) || (key == 'Q' &&
	    ex.name.len == 0 && ex.pw.len == 0))
		return UI_UNUSED;
	if (key == KEY_UP || key == KEY_DOWN || key == KEY_BTAB) {
		ex.focus = !ex.focus;
		return UI_REDRAW;
	}
	r = w_input_key(in, key);
	if (r == W_INPUT_NEXT) {
		ex.focus = !ex.focus;
		return UI_REDRAW;
	}
	if (r == W_INPUT_DONE) {
		if (ex.focus == 0) {
			ex.focus = 1;
			return UI_REDRAW;
		}
		return exp_submit(ctx);
	}
	return r;
}

/* The bottom of the screen for the same-terminal approval: the fields. */
static void
exp_draw_fields(WINDOW *w, int y, int x, int width)
{
	draw_wrap(w, y, x, 2, width, "A different person with the approver "
	    "role must now type their name and password here to authorize "
	    "this export.", A_NORMAL);
	y += 3;
	draw_text(w, y, x, 10, "Approver", ex.focus == 0 ? A_BOLD : A_NORMAL);
	w_input_draw(&ex.name, w, y++, x + 10, 32, ex.focus == 0);
	draw_text(w, y, x, 10, "Password", ex.focus == 1 ? A_BOLD : A_NORMAL);
	w_input_draw(&ex.pw, w, y++, x + 10, 32, ex.focus == 1);
	draw_text(w, y, x, width, "Enter: next field, then approve"
	    "   Esc: cancel the request", theme_attr(THEME_HINT));
}

/* The bottom of the screen while the approver decides elsewhere. */
static void
exp_draw_waiting(WINDOW *w, int y, int x, int width)
{
	char *text;

	text = xasprintf("Waiting for an approver: ask someone with the "
	    "approver role to open Approvals on their own kpidesk and decide "
	    "request %lld there.", (long long)ex.s.id);
	draw_wrap(w, y, x, 2, width, text, A_BOLD);
	free(text);
	draw_wrap(w, y + 3, x, 2, width, "This screen moves on to the Export "
	    "step by itself once the request is approved. No password is "
	    "typed here.", A_NORMAL);
	draw_text(w, y + 5, x, width, "Esc: withdraw the request",
	    theme_attr(THEME_HINT));
}

static void
exp_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), x = 1, y = 0, width = getmaxx(w) - 2;
	int bottom;

	if (!ex.made) {
		draw_text(w, y, x, width, "Export request refused",
		    theme_attr(THEME_TITLE));
		draw_wrap(w, y + 2, x, 4, width, ex.error != NULL ? ex.error :
		    "", theme_attr(THEME_ERROR));
		draw_text(w, y + 7, x, width, "q or Esc goes back to the "
		    "dashboard.", theme_attr(THEME_HINT));
		return;
	}
	/* From the bottom: refusal, hint, fields, the explanation. */
	bottom = maxy - EXP_REFUSAL_MAX - 1 - 2 - 3;
	w_request_draw(&ex.req, &ex.s, w, y, x, bottom - y, width);
	y = bottom;
	if (!exp_open()) {
		draw_printf(w, y + 1, x, width, theme_attr(THEME_ERROR),
		    "This request is %s: nothing can be approved here.",
		    ex.s.status);
		draw_text(w, y + 2, x, width, "q or Esc goes back; e on the "
		    "dashboard makes a new request.", theme_attr(THEME_HINT));
	} else if (ex.same_terminal)
		exp_draw_fields(w, y, x, width);
	else
		exp_draw_waiting(w, y, x, width);
	if (ex.refusal != NULL)
		draw_wrap(w, maxy - EXP_REFUSAL_MAX, x, EXP_REFUSAL_MAX, width,
		    ex.refusal, theme_attr(THEME_ERROR));
}

static const struct ui_key exp_keys[] = {
	{ { 0 }, "Esc", "cancel", "withdraw the request (asks first); "
	  "leaving any other way withdraws it too", NULL },
	{ { 0 }, "PgDn/PgUp", NULL, "scroll the input files", NULL },
	{ { 0 }, "Enter", NULL, "approval on this terminal (setting "
	  "approval_same_terminal 1): to the password, then approve", NULL },
	{ { 0 }, "Tab", NULL, "approval on this terminal: switch between "
	  "approver name and password", NULL },
	{ { 0 }, "F1", NULL, "this help ('?' types itself in a field)",
	  NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_export = {
	.name = "export",
	.title = "Authorize the export",
	.step = UI_STEP_AUTHORIZE,
	.enter = exp_enter,
	.args_size = sizeof (struct scr_export_args),
	.leave = exp_leave,
	.draw = exp_draw,
	.key = exp_key,
	.keys = exp_keys,
	.tick = exp_tick,
};
