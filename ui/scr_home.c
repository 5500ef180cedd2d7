/* scr_home: the actions the user's roles allow, and nothing else. */
#include <stdint.h>
#include <stdlib.h>

#include "demo.h"
#include "draw.h"
#include "keys.h"
#include "scr.h"
#include "theme.h"
#include "ui.h"
#include "users.h"

#define HOME_MAX	16

/* What each role can do here, shown under the menu for the roles held. */
static const struct {
	unsigned	 role;
	const char	*text;
} home_roles[] = {
	{ ROLE_ANALYST, "As an analyst you upload the customer master and "
	  "the orders, read the checks, accept or discard each batch, browse "
	  "the KPIs and request exports (e on the dashboard)." },
	{ ROLE_APPROVER, "As an approver you approve or refuse, with your "
	  "own password, the exports others request (Approvals), and browse "
	  "the KPIs; you cannot request an export." },
	{ ROLE_AUDITOR, "As an auditor you read every past day as it was, "
	  "verify snapshots and the audit log, and compare days; nothing "
	  "you do changes the data (mobiles show masked)." },
	{ ROLE_ADMIN, "As an admin you add, disable and unlock accounts, "
	  "reset passwords, change roles and read the audit log." },
};

static struct {
	const struct ui_action	*items[HOME_MAX];
	int64_t			 badges[HOME_MAX];	/* -1: none */
	size_t			 n;
	size_t			 sel;
} home;

/* Count again what the entries show beside their labels. */
static int
home_tick(struct ui_ctx *ctx)
{
	int changed = 0;
	int64_t v;
	size_t i;

	for (i = 0; i < home.n; i++) {
		v = home.items[i]->badge != NULL ?
		    home.items[i]->badge(ctx) : -1;
		changed |= v != home.badges[i];
		home.badges[i] = v;
	}
	return changed ? UI_REDRAW : UI_NONE;
}

static void
home_enter(struct ui_ctx *ctx, const void *args)
{
	const struct ui_action *a;
	size_t i;

	home.n = 0;
	home.sel = 0;
	for (i = 0; (a = ui_action_at(i)) != NULL && home.n < HOME_MAX; i++) {
		if ((ctx->roles & a->roles) != 0)
			home.items[home.n++] = a;
	}
	home_tick(ctx);
}

static int
home_open(struct ui_ctx *ctx)
{
	if (home.n == 0)
		return UI_NONE;
	return ui_open(ctx, home.items[home.sel]);
}

static int
home_key(struct ui_ctx *ctx, int key)
{
	if (key >= '1' && key <= '9' && (size_t)(key - '1') < home.n) {
		home.sel = (size_t)(key - '1');
		return home_open(ctx);
	}
	if ((key == KEY_UP || key == 'k') && home.sel > 0) {
		home.sel--;
		return UI_REDRAW;
	}
	if ((key == KEY_DOWN || key == 'j') && home.sel + 1 < home.n) {
		home.sel++;
		return UI_REDRAW;
	}
	if (key == KEY_HOME || key == 'g')
		home.sel = 0;
	else if ((key == KEY_END || key == 'G') && home.n > 0)
		home.sel = home.n - 1;
	else
		return UI_UNUSED;
	return UI_REDRAW;
}

static void
home_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxx = getmaxx(w), y = 1, x = 4;
	const char *hint;
	size_t i;

	draw_data(w, y, x, maxx - x, "What would you like to do?",
	    theme_attr(THEME_TITLE));
	y += 2;
	if (home.n == 0)
		draw_text(w, y++, x, maxx - x, "Your account holds no role "
		    "with a screen here yet: ask an admin.", A_NORMAL);
	for (i = 0; i < home.n; i++) {
		attr_t a = i == home.sel ? theme_attr(THEME_SELECT) : A_NORMAL;

		draw_fill(w, y, x, maxx - 2 * x, a);
		if (home.badges[i] >= 0)
			draw_printf(w, y++, x, maxx - 2 * x, a, " %zu  %s "
			    "(%lld)", i + 1, home.items[i]->label,
			    (long long)home.badges[i]);
		else
			draw_printf(w, y++, x, maxx - 2 * x, a, " %zu  %s",
			    i + 1, home.items[i]->label);
	}
	y++;
	for (i = 0; i < sizeof home_roles / sizeof home_roles[0]; i++) {
		if ((ctx->roles & home_roles[i].role) != 0)
			y += draw_wrap(w, y, x, 3, maxx - 2 * x,
			    home_roles[i].text, theme_attr(THEME_DIM));
	}
	y++;
	if (ctx->pending != 0)
		draw_printf(w, y++, x, maxx - x, theme_attr(THEME_WARN),
		    "Batch %lld waits for accept or discard: open the sanity "
		    "checks.", (long long)ctx->pending);
	if (ctx->demo && (hint = demo_hint(ctx->roles)) != NULL)
		draw_text(w, y++, x, maxx - x, hint, theme_attr(THEME_DIM));
}

static int
home_logout(struct ui_ctx *ctx)
{
	return UI_LOGOUT;
}

static const struct ui_key home_keys[] = {
	{ { '\r', '\n', KEY_ENTER }, "Enter", "open", "open the selected "
	  "action", home_open },
	{ { 0 }, "1-9", NULL, "open the action with that number", NULL },
	{ { 0 }, "Up/Down", NULL, "move (j/k too)", NULL },
	{ { 'q', KEYS_ESC }, "q", "log out", "log out to the login screen "
	  "(Esc too; asks while a batch waits)", home_logout },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_home = {
	.name = "home",
	.title = "Home",
	.step = UI_STEP_NONE,
	.enter = home_enter,
	.draw = home_draw,
	.key = home_key,
	.keys = home_keys,
	.tick = home_tick,
};
