/*
 * scr_history: the auditors' history, the list of snapshot days with their
 * counts and a verified mark (ui/hist.h keeps it for the screens opened on
 * top). Enter opens a day as it was (scr_hist_day), d compares two days
 * (scr_hist_pick, then scr_hist_diff), V verifies a day in full: the only
 * action that recomputes, to compare.
 */
#include <stdlib.h>

#include "draw.h"
#include "hist.h"
#include "keys.h"
#include "scr.h"
#include "snapshot.h"
#include "theme.h"
#include "ui.h"
#include "w_list.h"
#include "xmem.h"

static void
days_enter(struct ui_ctx *ctx, const void *args)
{
	hist_open(ctx);
}

static int
days_leave(struct ui_ctx *ctx, char **cause)
{
	hist_close();
	return 0;
}

/* Enter: read the selected day here, so that a failure is said on the
 * list, and open it on top. */
static int
days_open(struct ui_ctx *ctx)
{
	const char *day = hist_selected();
	struct scr_hist_day_args next;
	char *cause = NULL;

	if (day == NULL)
		return UI_UNUSED;
	next.info = xcalloc(1, sizeof *next.info);
	if (snapshot_get(ctx->db, day, next.info, &cause) == -1) {
		free(next.info);
		ui_error(ctx, "Cannot open the day", cause);
		return UI_REDRAW;
	}
	return ui_next(ctx, &scr_hist_day, &next, sizeof next, UI_PUSH);
}

static int
days_verify(struct ui_ctx *ctx)
{
	return hist_verify(ctx, hist_selected());
}

/* d: pick the day to compare the selected one with. */
static int
days_compare(struct ui_ctx *ctx)
{
	const char *day = hist_selected();
	struct scr_hist_pick_args next;

	if (day == NULL)
		return UI_NONE;
	if (!hist_comparable(ctx))
		return UI_REDRAW;
	snprintf(next.day, sizeof next.day, "%s", day);
	return ui_next(ctx, &scr_hist_pick, &next, sizeof next, UI_PUSH);
}

static int
days_key(struct ui_ctx *ctx, int key)
{
	int r = w_list_key(hist_days(), key);

	if (r == W_LIST_SEARCH)
		return ui_search(ctx, hist_days(), "Search for:");
	return r;
}

static void
days_draw(struct ui_ctx *ctx, WINDOW *w)
{
	draw_printf(w, 0, 1, getmaxx(w) - 2, theme_attr(THEME_TITLE),
	    "Snapshot days: %zu", hist_count());
	hist_draw_days(w);
}

static const struct ui_key days_keys[] = {
	{ { '\r', '\n', KEY_ENTER }, "Enter", "open", "open the selected day "
	  "as it was", days_open },
	{ { 'V' }, "V", "verify", "verify the day in full: content hash, "
	  "batch proofs, audit chain, KPIs", days_verify },
	{ { 'd' }, "d", "diff", "compare with another day: pick it, then "
	  "Enter", days_compare },
	{ { 0 }, "/", NULL, "search the list; n next", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_history = {
	.name = "history",
	.title = "History",
	.step = UI_STEP_NONE,
	.enter = days_enter,
	.leave = days_leave,
	.draw = days_draw,
	.key = days_key,
	.keys = days_keys,
	.list = 1,
	.idle = hist_idle,
};
