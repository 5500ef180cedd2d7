/*
 * scr_approve: one export request, seen by an approver in their own
 * session (opened from scr_approvals): the same summary the requester
 * sees (w_request), then a to approve or r to reject, each after the
 * approver types their password again in a prompt that shows nothing.
 * The core decides (export_approve, export_reject: role, not their own
 * request, not expired, the password) and this screen shows its answer.
 * A tick reads the request's status, so a withdrawal or expiry shows.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "export.h"
#include "keys.h"
#include "scr.h"
#include "theme.h"
#include "ui.h"
#include "users.h"
#include "w_request.h"
#include "xmem.h"

#define APV_REFUSAL_MAX	3	/* lines for the last refusal */

static struct {
	struct export_summary	 s;
	int			 loaded;	/* s holds the request */
	char			*error;		/* why it could not be read */
	char			*refusal;	/* the core's last refusal */
	char			*done;		/* what was decided here */
	int			 approving;	/* the open prompt: 1 approve,
						 * 0 reject */
	struct w_request	 req;
} apv;

static void
apv_enter(struct ui_ctx *ctx, const void *args)
{
	const struct scr_approve_args *a = args;
	char *cause = NULL;

	memset(&apv, 0, sizeof apv);
	w_request_init(&apv.req);
	if (export_load(ctx->db, a->id, &apv.s, &cause) == -1) {
		apv.error = cause != NULL ? cause : xstrdup("failed");
		return;
	}
	apv.loaded = 1;
}

static int
apv_leave(struct ui_ctx *ctx, char **cause)
{
	export_summary_free(&apv.s);
	free(apv.error);
	free(apv.refusal);
	free(apv.done);
	memset(&apv, 0, sizeof apv);
	return 0;
}

/* Whether the request still waits for a decision. */
static int
apv_open(void)
{
	return apv.loaded && apv.done == NULL &&
	    strcmp(apv.s.status, "pending") == 0 &&
	    (int64_t)time(NULL) < apv.s.expires_at;
}

/* Read the request's status again; whether it changed. */
static int
apv_reload(struct ui_ctx *ctx)
{
	struct export_summary now;
	char *cause = NULL;
	int changed;

	if (!apv.loaded ||
	    export_load_request(ctx->db, apv.s.id, &now, &cause) == -1) {
		free(cause);
		return 0;
	}
	changed = strcmp(now.status, apv.s.status) != 0;
	free(apv.s.status);
	apv.s.status = now.status;
	now.status = NULL;
	export_summary_free(&now);
	return changed;
}

static int
apv_tick(struct ui_ctx *ctx)
{
	/* Redrawn anyway: the minutes left count down. */
	if (apv_open())
		apv_reload(ctx);
	return UI_REDRAW;
}

static int
apv_answer(struct ui_ctx *ctx, int yes, const char *pw)
{
	char *cause = NULL;
	int rc;

	if (!yes) {
		ui_notice(ctx, 0, "nothing decided");
		return UI_REDRAW;
	}
	ui_notice(ctx, 0, "checking your password...");
	ui_paint(ctx);
	rc = (apv.approving ? export_approve : export_reject)(ctx->db,
	    apv.s.id, ctx->user, pw, (int64_t)time(NULL), &cause);
	free(ctx->msg);
	ctx->msg = NULL;
	free(apv.refusal);
	apv.refusal = NULL;
	apv_reload(ctx);
	if (rc == -1) {
		if (ui_refused(ctx, ROLE_APPROVER, &cause))
			return UI_REDRAW;
		apv.refusal = cause != NULL ? cause : xstrdup("refused");
		return UI_REDRAW;
	}
	apv.done = apv.approving ? xasprintf("Approved. %s's screen moves on "
	    "to the Export step by itself.", apv.s.requested_by) :
	    xasprintf("Rejected. Nothing can be written from request %lld; "
	    "%s's screen says so.", (long long)apv.s.id, apv.s.requested_by);
	ui_notice(ctx, 0, "export request %lld %s", (long long)apv.s.id,
	    apv.approving ? "approved" : "rejected");
	return UI_REDRAW;
}

/* Ask for the password to approve (approving) or reject. */
static int
apv_ask(struct ui_ctx *ctx, int approving)
{
	char *title;

	if (!apv_open()) {
		ui_notice(ctx, 1, "this request no longer waits for a "
		    "decision");
		return UI_REDRAW;
	}
	apv.approving = approving;
	title = xasprintf("Your password, %s, to %s request %lld", ctx->user,
	    approving ? "approve" : "reject", (long long)apv.s.id);
	ui_prompt(ctx, title, NULL, 1, apv_answer);
	free(title);
	return UI_REDRAW;
}

static int
apv_approve(struct ui_ctx *ctx)
{
	return apv_ask(ctx, 1);
}

static int
apv_reject(struct ui_ctx *ctx)
{
	return apv_ask(ctx, 0);
}

static int
apv_key(struct ui_ctx *ctx, int key)
{
	if ((key == KEY_NPAGE || key == KEY_PPAGE) && apv.loaded)
		return w_request_scroll(&apv.req, &apv.s,
		    key == KEY_NPAGE ? 1 : -1);
	return UI_UNUSED;
}

static void
apv_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), x = 1, width = getmaxx(w) - 2, bottom;

	if (!apv.loaded) {
		draw_text(w, 0, x, width, "The export request cannot be read",
		    theme_attr(THEME_TITLE));
		draw_wrap(w, 2, x, 3, width, apv.error, theme_attr(THEME_ERROR));
		draw_text(w, 6, x, width, "q or Esc goes back.",
		    theme_attr(THEME_HINT));
		return;
	}
	bottom = maxy - APV_REFUSAL_MAX - 3;
	w_request_draw(&apv.req, &apv.s, w, 0, x, bottom, width);
	if (apv.done != NULL)
		draw_wrap(w, bottom, x, 2, width, apv.done, A_BOLD);
	else if (apv_open()) {
		draw_text(w, bottom, x, width, "a approves, r rejects: your "
		    "password is asked again and never shown.", A_BOLD);
		draw_printf(w, bottom + 1, x, width, theme_attr(THEME_DIM),
		    "You decide as %s; %s asked for it.", ctx->user,
		    apv.s.requested_by);
	} else
		draw_printf(w, bottom, x, width, theme_attr(THEME_ERROR),
		    "This request is %s: nothing to decide.",
		    (int64_t)time(NULL) >= apv.s.expires_at &&
		    strcmp(apv.s.status, "pending") == 0 ? "expired" :
		    apv.s.status);
	if (apv.refusal != NULL)
		draw_wrap(w, maxy - APV_REFUSAL_MAX, x, APV_REFUSAL_MAX, width,
		    apv.refusal, theme_attr(THEME_ERROR));
}

static const struct ui_key apv_keys[] = {
	{ { 'a' }, "a", "approve", "approve this export (asks your password "
	  "again; the requester's screen moves on)", apv_approve },
	{ { 'r' }, "r", "reject", "reject this export (asks your password "
	  "again); nothing can be written from it", apv_reject },
	{ { 0 }, "PgDn/PgUp", NULL, "scroll the input files", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_approve = {
	.name = "approve",
	.title = "Approve an export",
	.step = UI_STEP_AUTHORIZE,
	.enter = apv_enter,
	.args_size = sizeof (struct scr_approve_args),
	.leave = apv_leave,
	.draw = apv_draw,
	.key = apv_key,
	.keys = apv_keys,
	.tick = apv_tick,
};
