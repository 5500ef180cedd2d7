/* w_frame: step bar, hint line and status line. */
#include "w_frame.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "draw.h"
#include "keys.h"
#include "text.h"
#include "theme.h"
#include "users.h"
#include "w_dialog.h"
#include "w_help.h"
#include "w_input.h"
#include "xmem.h"

static const char *const w_frame_step_names[] = {
	"Login", "Upload", "Checks", "KPIs", "Authorize", "Export"
};
#define W_FRAME_NSTEPS \
	(int)(sizeof w_frame_step_names / sizeof w_frame_step_names[0])

void
w_frame_steps(WINDOW *w, int y, int step)
{
	int i, x = 1, maxx = getmaxx(w);
	char label[32];
	const char *sep = draw_utf8() ? " \xe2\x86\x92 " : " > ";	/* → */

	draw_fill(w, y, 0, maxx, theme_attr(THEME_STEP));
	draw_text(w, y, x, maxx - x, "kpidesk", theme_attr(THEME_STEP) |
	    A_BOLD);
	x += 9;
	for (i = 0; i < W_FRAME_NSTEPS; i++) {
		if (i > 0)
			x += draw_text(w, y, x, maxx - x, sep,
			    theme_attr(THEME_STEP));
		snprintf(label, sizeof label, i == step ? "[%d %s]" : "%d %s",
		    i + 1, w_frame_step_names[i]);
		x += draw_text(w, y, x, maxx - x, label, i == step ?
		    theme_attr(THEME_STEP_ON) : theme_attr(THEME_STEP));
	}
}

/* A prompt's keys, and F1 for a screen's field (? types itself there). */
static const struct ui_key w_frame_prompt_keys[] = {
	{ { 0 }, "Enter", "ok", NULL, NULL },
	{ { 0 }, "Esc", "cancel", NULL, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};
static const struct ui_key w_frame_f1_keys[] = {
	{ { 0 }, "F1", "help", NULL, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

void
w_frame_top(WINDOW *w, int y, const struct ui_ctx *ctx,
    const struct ui_screen *s)
{
	int maxx = getmaxx(w);

	if (ctx->user == NULL || (ctx->roles & (ROLE_ANALYST |
	    ROLE_APPROVER)) != 0) {
		w_frame_steps(w, y, s != NULL ? s->step : UI_STEP_NONE);
		return;
	}
	draw_fill(w, y, 0, maxx, theme_attr(THEME_STEP));
	draw_text(w, y, 1, maxx - 1, "kpidesk", theme_attr(THEME_STEP) |
	    A_BOLD);
	if (s != NULL && s->title != NULL)
		draw_text(w, y, 10, maxx - 10, s->title,
		    theme_attr(THEME_STEP_ON));
}

/*
 * Where displayable notice d breaks when it is wider than width cells: the
 * byte offset of the last space whose head fits, or -1 when d fits (or has
 * no such space).
 */
static int
w_frame_split(const char *d, int width)
{
	char *head;
	int i, at = -1, fits;

	if (text_width(d) <= width)
		return -1;
	for (i = 0; d[i] != '\0'; i++) {
		if (d[i] != ' ')
			continue;
		head = xstrndup(d, (size_t)i);
		fits = text_width(head) <= width;
		free(head);
		if (!fits)
			break;
		at = i;
	}
	return at;
}

void
w_frame_notice(WINDOW *body, const struct ui_ctx *ctx)
{
	int maxx = getmaxx(body), y = getmaxy(body) - 1, at;
	char *d;

	if (ctx->msg == NULL)
		return;
	d = text_display(ctx->msg, draw_utf8());
	if ((at = w_frame_split(d, maxx - 2)) > 0) {
		d[at] = '\0';
		draw_fill(body, y, 0, maxx, A_NORMAL);
		draw_text(body, y, 1, maxx - 2, d, ctx->msg_error ?
		    theme_attr(THEME_ERROR) : A_BOLD);
	}
	free(d);
}

void
w_frame_hints(WINDOW *w, int y, const struct ui_ctx *ctx,
    const struct ui_screen *s)
{
	const struct ui_key *keys = s == NULL ? NULL : s->hints != NULL ?
	    s->hints(ctx) : s->keys;
	int maxx = getmaxx(w), at, x;
	char *d;

	draw_fill(w, y, 0, maxx, A_NORMAL);
	if (ctx->msg != NULL) {
		/* A long notice starts on the line above (w_frame_notice). */
		d = text_display(ctx->msg, draw_utf8());
		at = w_frame_split(d, maxx - 2);
		draw_text(w, y, 1, maxx - 2, at > 0 ? d + at + 1 : d,
		    ctx->msg_error ? theme_attr(THEME_ERROR) : A_BOLD);
		free(d);
		return;
	}
	if (ctx->dialog != NULL && ctx->dialog->kind == W_DIALOG_PROMPT) {
		x = keys_hints_only(w, y, 1, maxx - 2, w_frame_prompt_keys);
		keys_hints_only(w, y, x, maxx - 1 - x, w_input_keys());
	} else if (ctx->help)
		keys_hints_only(w, y, 1, maxx - 2, w_help_keys());
	else if (w_input_cursor_wanted() && ctx->dialog == NULL) {
		/* In a field ? q and Q type themselves: not offered. */
		x = keys_hints_only(w, y, 1, maxx - 2, keys);
		x = keys_hints_only(w, y, x, maxx - 1 - x,
		    w_input_keys());
		keys_hints_only(w, y, x, maxx - 1 - x, w_frame_f1_keys);
	} else
		keys_hints(w, y, 1, maxx - 2, keys);
}

void
w_frame_status(WINDOW *w, int y, const struct ui_ctx *ctx)
{
	attr_t a = theme_attr(THEME_STATUS);
	char *roles, *who;
	int maxx = getmaxx(w), x = 1, right;

	draw_fill(w, y, 0, maxx, a);
	right = maxx - 1;
	if (ctx->demo) {
		right -= 6;
		draw_text(w, y, right, 6, " DEMO ", theme_attr(THEME_DEMO));
		right--;
	}
	if (ctx->db != NULL && ctx->db->readonly) {
		right -= 11;
		draw_text(w, y, right, 11, " read-only ", a | A_BOLD);
		right--;
	}
	if (ctx->user != NULL) {
		roles = users_format_roles(ctx->roles);
		who = xasprintf("%s (%s)", ctx->user, roles);
		free(roles);
	} else
		who = xstrdup("not logged in");
	x += draw_data(w, y, x, right - x, who, a | A_BOLD);
	free(who);
	x += draw_text(w, y, x, right - x, "  db ", a);
	draw_data(w, y, x, right - x, ctx->db_path, a);
}
