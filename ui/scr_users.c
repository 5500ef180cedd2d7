/* scr_users: admins list accounts and add, disable or enable, unlock,
 * reset passwords and change roles, each through src/users.h (audited as
 * the logged-in admin). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "keys.h"
#include "password.h"
#include "scr.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "users.h"
#include "w_list.h"
#include "xmem.h"

static struct {
	struct w_list	 list;
	char		*error;
	/* The form being filled through prompts. */
	char		*name;
	unsigned	 roles;
	char		*pw;		/* wiped as soon as it is used */
	int		 adding;	/* add (1) or reset (0) */
	enum usr_change {
		USR_ENABLE, USR_DISABLE, USR_UNLOCK
	}		 change;	/* what the open question asks */
} usr;

static int
usr_row_role(const struct table *t, size_t r, void *arg)
{
	return strcmp(table_cell(t, r, 2)->text, "enabled") != 0 ?
	    THEME_WARN : THEME_NORMAL;
}

/* The users table on screen. */
static const struct table_colspec usr_cols[] = {
	{ "name", TABLE_TEXT, 0 },
	{ "roles", TABLE_TEXT, 0 },
	{ "status", TABLE_TEXT, 0 },
	{ "failures", TABLE_INT, 0 },
	{ "locked until", TABLE_TEXT, 0 },
	{ NULL, TABLE_TEXT, 0 }
};

static void
usr_load(struct ui_ctx *ctx)
{
	struct users_info *list;
	struct table *t;
	char *cause = NULL, *roles, until[32];
	size_t n, i, r, sel = usr.list.sel;
	struct tm tm;
	time_t when;

	free(usr.error);
	usr.error = NULL;
	if (users_list(ctx->db, (int64_t)time(NULL), &list, &n,
	    &cause) == -1) {
		usr.error = cause;
		return;
	}
	t = table_create();
	table_add_cols(t, usr_cols);
	for (i = 0; i < n; i++) {
		r = table_add_row(t);
		table_set_text(t, r, 0, list[i].name);
		roles = users_format_roles(list[i].roles);
		table_set_text(t, r, 1, roles);
		free(roles);
		table_set_text(t, r, 2, list[i].disabled ? "disabled" :
		    list[i].locked_until != 0 ? "locked" : "enabled");
		table_set_num(t, r, 3, list[i].failures);
		if (list[i].locked_until != 0) {
			when = (time_t)list[i].locked_until;
			gmtime_r(&when, &tm);
			strftime(until, sizeof until, "%Y-%m-%d %H:%M UTC",
			    &tm);
		} else
			snprintf(until, sizeof until, "-");
		table_set_text(t, r, 4, until);
	}
	users_list_free(list, n);
	w_list_set(&usr.list, t, 1);
	usr.list.row_role = usr_row_role;
	usr.list.sel = sel;
}

static void
usr_forget(void)
{
	free(usr.name);
	usr.name = NULL;
	xfree_secret(usr.pw);
	usr.pw = NULL;
}

static void
usr_enter(struct ui_ctx *ctx, const void *args)
{
	memset(&usr, 0, sizeof usr);
	w_list_init(&usr.list);
	usr_load(ctx);
}

static int
usr_leave(struct ui_ctx *ctx, char **cause)
{
	w_list_free(&usr.list);
	free(usr.error);
	usr.error = NULL;
	usr_forget();
	return 0;
}

/* The selected user's name, or NULL. */
static const char *
usr_selected(void)
{
	size_t r = w_list_selected(&usr.list);

	return r == (size_t)-1 ? NULL : table_cell(usr.list.t, r, 0)->text;
}

/* Report the result of a users_* call; reload on success. */
static int
usr_done(struct ui_ctx *ctx, int rc, char *cause, const char *what)
{
	/* An admin de-roled or disabled meanwhile goes home or to login. */
	if (rc == -1 && !ui_refused(ctx, ROLE_ADMIN, &cause))
		ui_error(ctx, "Refused", cause);
	else if (rc == 0) {
		ui_notice(ctx, 0, "%s", what);
		usr_load(ctx);
	}
	return UI_REDRAW;
}

static int
usr_pw_again(struct ui_ctx *ctx, int yes, const char *pw)
{
	char *cause = NULL, *what;
	int rc;

	if (!yes || usr.pw == NULL) {
		usr_forget();
		return UI_REDRAW;
	}
	if (strcmp(pw, usr.pw) != 0) {
		usr_forget();
		ui_message(ctx, "Refused", "The two passwords differ: nothing "
		    "changed.");
		return UI_REDRAW;
	}
	if (usr.adding)
		rc = users_add(ctx->db, ctx->user, usr.name, usr.roles, usr.pw,
		    &cause);
	else
		rc = users_passwd(ctx->db, ctx->user, usr.name, usr.pw, &cause);
	what = xasprintf("%s: %s", usr.name, usr.adding ? "added" :
	    "password reset");
	usr_forget();
	usr_done(ctx, rc, cause, what);
	free(what);
	return UI_REDRAW;
}

static int
usr_pw_first(struct ui_ctx *ctx, int yes, const char *pw)
{
	char *cause = NULL;

	if (!yes) {
		usr_forget();
		return UI_REDRAW;
	}
	if (password_check_policy(ctx->db, usr.name, pw, &cause) == -1) {
		usr_forget();
		ui_error(ctx, "Refused", cause);
		return UI_REDRAW;
	}
	usr.pw = xstrdup(pw);
	ui_prompt(ctx, "Repeat the password:", NULL, 1, usr_pw_again);
	return UI_REDRAW;
}

static int
usr_add_roles(struct ui_ctx *ctx, int yes, const char *s)
{
	char *cause = NULL, *title;

	if (!yes) {
		usr_forget();
		return UI_REDRAW;
	}
	if (users_parse_roles(s, &usr.roles, &cause) == -1) {
		usr_forget();
		ui_error(ctx, "Refused", cause);
		return UI_REDRAW;
	}
	title = xasprintf("Password for %s (at least 12 characters; not "
	    "shown):", usr.name);
	ui_prompt(ctx, title, NULL, 1, usr_pw_first);
	free(title);
	return UI_REDRAW;
}

static int
usr_add_name(struct ui_ctx *ctx, int yes, const char *name)
{
	char *cause = NULL;

	if (!yes)
		return UI_REDRAW;
	if (users_check_name(name, &cause) == -1) {
		ui_error(ctx, "Refused", cause);
		return UI_REDRAW;
	}
	usr_forget();
	usr.name = xstrdup(name);
	usr.adding = 1;
	ui_prompt(ctx, "Roles (analyst, approver, auditor, admin; "
	    "comma-separated):", "analyst", 0, usr_add_roles);
	return UI_REDRAW;
}

static int
usr_add(struct ui_ctx *ctx)
{
	ui_prompt(ctx, "Name of the new user:", NULL, 0, usr_add_name);
	return UI_REDRAW;
}

static int
usr_passwd(struct ui_ctx *ctx)
{
	const char *name = usr_selected();
	char *title;

	if (name == NULL)
		return UI_NONE;
	usr_forget();
	usr.name = xstrdup(name);
	usr.adding = 0;
	title = xasprintf("New password for %s (not shown):", name);
	ui_prompt(ctx, title, NULL, 1, usr_pw_first);
	free(title);
	return UI_REDRAW;
}

/* The answer to e's or u's question about usr.name (usr.change). */
static int
usr_change_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	static const char *const done[] = { "enabled", "disabled",
	    "unlocked" };
	char *cause = NULL, *what;
	int rc;

	if (!yes || usr.name == NULL) {
		usr_forget();
		return UI_REDRAW;
	}
	what = xasprintf("%s: %s", usr.name, done[usr.change]);
	rc = usr.change == USR_UNLOCK ?
	    users_unlock(ctx->db, ctx->user, usr.name, &cause) :
	    users_set_disabled(ctx->db, ctx->user, usr.name,
	    usr.change == USR_DISABLE, &cause);
	usr_forget();
	usr_done(ctx, rc, cause, what);
	free(what);
	return UI_REDRAW;
}

/* Ask title/text before change to name; the answer acts. */
static int
usr_ask(struct ui_ctx *ctx, const char *name, enum usr_change change,
    const char *title, const char *text)
{
	usr_forget();
	usr.name = xstrdup(name);
	usr.change = change;
	ui_confirm(ctx, title, text, usr_change_answer);
	return UI_REDRAW;
}

static int
usr_toggle(struct ui_ctx *ctx)
{
	size_t r = w_list_selected(&usr.list);
	const char *name;
	char *title, *text;
	int disable;

	if (r == (size_t)-1)
		return UI_NONE;
	name = table_cell(usr.list.t, r, 0)->text;
	disable = strcmp(table_cell(usr.list.t, r, 2)->text, "disabled") != 0;
	if (disable && strcmp(name, ctx->user) == 0) {
		ui_notice(ctx, 1, "you cannot disable your own account");
		return UI_REDRAW;
	}
	title = xasprintf("%s %s?", disable ? "Disable" : "Enable", name);
	text = xasprintf(disable ? "%s can no longer log in (a session "
	    "already open ends when the core next refuses it). Disable?" :
	    "%s can log in again with the same password and roles. "
	    "Enable?", name);
	usr_ask(ctx, name, disable ? USR_DISABLE : USR_ENABLE, title, text);
	free(text);
	free(title);
	return UI_REDRAW;
}

static int
usr_unlock(struct ui_ctx *ctx)
{
	const char *name = usr_selected();
	char *title;

	if (name == NULL)
		return UI_NONE;
	title = xasprintf("Unlock %s?", name);
	usr_ask(ctx, name, USR_UNLOCK, title, "Clears the failed logins and "
	    "the lockout, so the password may be tried again at once. "
	    "Unlock?");
	free(title);
	return UI_REDRAW;
}

static int
usr_roles_answer(struct ui_ctx *ctx, int yes, const char *s)
{
	char *cause = NULL, *what;
	unsigned roles;
	int rc;

	if (!yes || usr.name == NULL)
		return UI_REDRAW;
	if (users_parse_roles(s, &roles, &cause) == -1) {
		ui_error(ctx, "Refused", cause);
		return UI_REDRAW;
	}
	what = xasprintf("%s: roles set to %s", usr.name, s);
	rc = users_set_roles(ctx->db, ctx->user, usr.name, roles, &cause);
	usr_forget();
	usr_done(ctx, rc, cause, what);
	free(what);
	return UI_REDRAW;
}

static int
usr_roles(struct ui_ctx *ctx)
{
	size_t r = w_list_selected(&usr.list);
	char *title;

	if (r == (size_t)-1)
		return UI_NONE;
	usr_forget();
	usr.name = xstrdup(table_cell(usr.list.t, r, 0)->text);
	title = xasprintf("Roles of %s (comma-separated):", usr.name);
	ui_prompt(ctx, title, table_cell(usr.list.t, r, 1)->text, 0,
	    usr_roles_answer);
	free(title);
	return UI_REDRAW;
}

static int
usr_key(struct ui_ctx *ctx, int key)
{
	int r = w_list_key(&usr.list, key);

	return r == W_LIST_SEARCH ? ui_search(ctx, &usr.list, "Search the "
	    "accounts for:") : r;
}

static void
usr_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w);

	draw_text(w, 0, 1, maxx - 2, "Users", theme_attr(THEME_TITLE));
	if (usr.error != NULL) {
		draw_data(w, 2, 1, maxx - 2, usr.error, A_NORMAL);
		return;
	}
	w_list_draw(&usr.list, w, 2, 1, maxy - 2, maxx - 2, 1);
}

static const struct ui_key usr_keys[] = {
	{ { 'a' }, "a", "add", "add a user: name, roles, password twice",
	  usr_add },
	{ { 'e' }, "e", "enable", "disable or enable the selected user "
	  "(asks first)", usr_toggle },
	{ { 'u' }, "u", "unlock", "clear the selected user's lockout "
	  "(asks first)", usr_unlock },
	{ { 'p' }, "p", "password", "reset the selected user's password",
	  usr_passwd },
	{ { 'r' }, "r", "roles", "change the selected user's roles",
	  usr_roles },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_users = {
	.name = "users",
	.title = "Users",
	.step = UI_STEP_NONE,
	.enter = usr_enter,
	.leave = usr_leave,
	.draw = usr_draw,
	.key = usr_key,
	.keys = usr_keys,
	.list = 1,
};
