/* scr_login: user name and password (never drawn), refusals, lockout. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "checks.h"
#include "db.h"
#include "demo_account.h"
#include "draw.h"
#include "keys.h"
#include "scr.h"
#include "settings.h"
#include "theme.h"
#include "ui.h"
#include "w_input.h"
#include "xmem.h"

static struct {
	struct w_input	 name;
	struct w_input	 pw;
	int		 focus;		/* 0 name, 1 password */
	char		*refusal;	/* auth_message of the last refusal */
	char		*detail;	/* failures, delay, lockout */
} login;

static void
login_enter(struct ui_ctx *ctx, const void *args)
{
	w_input_init(&login.name, 0);
	w_input_init(&login.pw, 1);
	login.focus = 0;
	login.refusal = NULL;
	login.detail = NULL;
}

static int
login_leave(struct ui_ctx *ctx, char **cause)
{
	w_input_wipe(&login.name);
	w_input_wipe(&login.pw);
	free(login.refusal);
	free(login.detail);
	login.refusal = login.detail = NULL;
	return 0;
}

static void
login_refused(struct ui_ctx *ctx, const struct auth_result *res)
{
	int64_t threshold = settings_int(ctx->db, SET_LOCKOUT_THRESHOLD);

	free(login.refusal);
	free(login.detail);
	login.refusal = auth_message(res);
	if (res->status == AUTH_LOCKED)
		login.detail = xasprintf("failed logins in a row: %lld",
		    (long long)res->failures);
	else if (res->status == AUTH_BAD)
		login.detail = xasprintf("failed logins in a row: %lld of "
		    "%lld before a lockout; waited %lld ms (doubles each "
		    "time)", (long long)res->failures, (long long)threshold,
		    (long long)res->delay_ms);
	else
		login.detail = NULL;
}

static int
login_submit(struct ui_ctx *ctx)
{
	struct auth_result res;
	char *pw, *cause = NULL;
	int64_t pending;
	int rc;

	if (login.name.len == 0) {
		ui_notice(ctx, 1, "type your user name first");
		login.focus = 0;
		return UI_REDRAW;
	}
	ui_notice(ctx, 0, "checking the password...");
	ui_paint(ctx);
	pw = xstrdup(w_input_text(&login.pw));
	w_input_wipe(&login.pw);
	rc = auth_login(ctx->db, w_input_text(&login.name), pw,
	    (int64_t)time(NULL), &res, &cause);
	xfree_secret(pw);
	free(ctx->msg);
	ctx->msg = NULL;
	if (rc == -1) {
		ui_error(ctx, "Login failed", cause);
		return UI_REDRAW;
	}
	if (res.status != AUTH_OK) {
		login_refused(ctx, &res);
		return UI_REDRAW;
	}
	ctx->user = xstrdup(w_input_text(&login.name));
	ctx->roles = res.roles;
	if ((pending = checks_pending_batch(ctx->db, &cause)) == -1) {
		free(cause);
		pending = 0;
	}
	ctx->pending = pending;
	return ui_logged_in(ctx);
}

static int
login_key(struct ui_ctx *ctx, int key)
{
	struct w_input *in = login.focus == 0 ? &login.name : &login.pw;
	int r;

	if (key == KEY_UP || key == KEY_DOWN || key == KEY_BTAB) {
		login.focus = !login.focus;
		return UI_REDRAW;
	}
	/* Q quits from anywhere; in a form it types itself once typing has
	 * begun (a password may hold a Q). */
	if (key == KEY_F(1) || (key == 'Q' && login.name.len == 0 &&
	    login.pw.len == 0))
		return UI_UNUSED;
	r = w_input_key(in, key);
	if (r == W_INPUT_NEXT) {
		login.focus = !login.focus;
		return UI_REDRAW;
	}
	if (r == W_INPUT_DONE) {
		if (login.focus == 0) {
			login.focus = 1;
			return UI_REDRAW;
		}
		return login_submit(ctx);
	}
	if (r == W_INPUT_CANCEL)
		return UI_QUIT;
	return r;
}

static void
login_draw(struct ui_ctx *ctx, WINDOW *w)
{
	const struct demo_account *a;
	int maxx = getmaxx(w), x = 4, y = 1;
	size_t i;

	draw_text(w, y, x, maxx - x, "Log in", theme_attr(THEME_TITLE));
	y += 2;
	draw_text(w, y, x, 10, "Name", login.focus == 0 ? A_BOLD : A_NORMAL);
	w_input_draw(&login.name, w, y, x + 10, 32, login.focus == 0);
	y += 2;
	draw_text(w, y, x, 10, "Password", login.focus == 1 ? A_BOLD :
	    A_NORMAL);
	w_input_draw(&login.pw, w, y, x + 10, 32, login.focus == 1);
	y += 2;
	draw_text(w, y++, x, maxx - x, "Enter or Tab moves to the password; "
	    "Enter there logs in; Esc quits.", theme_attr(THEME_HINT));
	y++;
	if (login.refusal != NULL) {
		/* Wrapped: the end of a lockout says who can unlock it. */
		y += draw_wrap(w, y, x, 2, maxx - x - 2, login.refusal,
		    theme_attr(THEME_ERROR));
		if (login.detail != NULL)
			y += draw_wrap(w, y, x, 2, maxx - x - 2, login.detail,
			    A_NORMAL);
	}
	if (!ctx->demo)
		return;
	y = getmaxy(w) - 7;
	draw_text(w, y++, x, maxx - x, "DEMO accounts (demo data only; "
	    "passwords are public on purpose):", theme_attr(THEME_DEMO));
	for (i = 0; (a = demo_account_at(i)) != NULL; i++)
		draw_printf(w, y++, x + 2, maxx - x - 2, A_NORMAL,
		    "%-6s %-14s password: %s", a->name, a->role, a->password);
	if (ctx->demo_note != NULL)
		draw_text(w, y, x, maxx - x, ctx->demo_note,
		    theme_attr(THEME_HINT));
}

static const struct ui_key login_keys[] = {
	{ { 0 }, "Enter", "next", "move to the password; log in from there",
	  NULL },
	{ { 0 }, "Tab", NULL, "switch between name and password", NULL },
	{ { 0 }, "F1", NULL, "this help ('?' types itself in a field)",
	  NULL },
	{ { 0 }, "Esc", NULL, "quit (Q too, before anything is typed)",
	  NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_login = {
	.name = "login",
	.title = "Log in",
	.step = UI_STEP_LOGIN,
	.enter = login_enter,
	.leave = login_leave,
	.draw = login_draw,
	.key = login_key,
	.keys = login_keys,
};
