/*
 * scr_hist_pick, scr_hist_diff: comparing two snapshot days. d on the days
 * list or on a day opens the pick, the days list asking for the other day;
 * Enter there replaces it with the changes between the two, earlier first,
 * one line each; q goes back where d was pressed.
 */
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "hist.h"
#include "history.h"
#include "keys.h"
#include "scr.h"
#include "strbuf.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "w_list.h"
#include "xmem.h"

#define DIFF_LINE_CELLS	1000		/* a diff line's widest */

static struct {
	char		 day[HIST_DAY_LEN];	/* the day to compare */
} pick;

static struct {
	char		 from[HIST_DAY_LEN], to[HIST_DAY_LEN];
	struct w_list	 list;
} diff;

/* history_diff's lines as a table, one row each, for scrolling and
 * search; -1 with *cause when the core could not compare. */
static int
diff_table(struct ui_ctx *ctx, const char *a, const char *b,
    struct table **out, char **cause)
{
	struct strbuf sb;
	struct table *t;
	const char *line, *end;
	char *text;
	size_t r;

	strbuf_init(&sb);
	if (history_diff(ctx->db, a, b, &sb, cause) == -1) {
		strbuf_free(&sb);
		return -1;
	}
	t = table_create();
	table_add_col(t, "change", TABLE_TEXT, 0);
	for (line = strbuf_str(&sb); *line != '\0'; line = end + 1) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		text = xstrndup(line, (size_t)(end - line));
		r = table_add_row(t);
		table_set_text(t, r, 0, text);
		free(text);
		if (*end == '\0')
			break;
	}
	strbuf_free(&sb);
	if (t->nrows == 1) {
		r = table_add_row(t);
		table_set_text(t, r, 0, "no KPI result changed");
	}
	*out = t;
	return 0;
}

static void
pick_enter(struct ui_ctx *ctx, const void *args)
{
	const struct scr_hist_pick_args *a = args;

	snprintf(pick.day, sizeof pick.day, "%s", a->day);
}

/* Enter: compare with the selected day; back where d was pressed when
 * the core cannot. */
static int
pick_choose(struct ui_ctx *ctx)
{
	const char *day = hist_selected(), *a = pick.day, *b = day;
	struct scr_hist_diff_args next;
	char *cause = NULL;

	if (day == NULL)
		return UI_UNUSED;
	if (strcmp(day, pick.day) == 0) {
		ui_notice(ctx, 1, "pick another day than %s", pick.day);
		return UI_REDRAW;
	}
	if (strcmp(a, b) > 0) {
		a = day;
		b = pick.day;
	}
	if (diff_table(ctx, a, b, &next.changes, &cause) == -1) {
		ui_error(ctx, "Cannot compare the days", cause);
		return UI_POP;
	}
	snprintf(next.from, sizeof next.from, "%s", a);
	snprintf(next.to, sizeof next.to, "%s", b);
	return ui_next(ctx, &scr_hist_diff, &next, sizeof next, UI_REPLACE);
}

static int
pick_key(struct ui_ctx *ctx, int key)
{
	int r = w_list_key(hist_days(), key);

	if (r == W_LIST_SEARCH)
		return ui_search(ctx, hist_days(), "Search for:");
	return r;
}

static void
pick_draw(struct ui_ctx *ctx, WINDOW *w)
{
	draw_printf(w, 0, 1, getmaxx(w) - 2, theme_attr(THEME_WARN),
	    "Compare %s with which day? Enter picks, q cancels", pick.day);
	hist_draw_days(w);
}

static const struct ui_key pick_keys[] = {
	{ { '\r', '\n', KEY_ENTER }, "Enter", "pick", "compare with the "
	  "selected day", pick_choose },
	{ { 0 }, "/", NULL, "search the list; n next", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_hist_pick = {
	.name = "history-pick",
	.title = "History",
	.step = UI_STEP_NONE,
	.enter = pick_enter,
	.args_size = sizeof (struct scr_hist_pick_args),
	.draw = pick_draw,
	.key = pick_key,
	.keys = pick_keys,
	.list = 1,
	.idle = hist_idle,
};

static void
diff_enter(struct ui_ctx *ctx, const void *args)
{
	const struct scr_hist_diff_args *a = args;

	w_list_init(&diff.list);
	snprintf(diff.from, sizeof diff.from, "%s", a->from);
	snprintf(diff.to, sizeof diff.to, "%s", a->to);
	w_list_set(&diff.list, a->changes, 1);
	/* One column of sentences: as wide as the pane, not a cell's 40. */
	diff.list.widths[0] = DIFF_LINE_CELLS;
}

static int
diff_leave(struct ui_ctx *ctx, char **cause)
{
	w_list_free(&diff.list);
	return 0;
}

static int
diff_key(struct ui_ctx *ctx, int key)
{
	int r = w_list_key(&diff.list, key);

	if (r == W_LIST_SEARCH)
		return ui_search(ctx, &diff.list, "Search for:");
	return r;
}

static void
diff_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w);

	draw_printf(w, 0, 1, maxx - 2, theme_attr(THEME_TITLE),
	    "Changes from %s to %s", diff.from, diff.to);
	draw_text(w, 1, 1, maxx - 2, "stored KPI results compared; "
	    "q goes back", theme_attr(THEME_DIM));
	w_list_draw(&diff.list, w, 2, 1, maxy - 2, maxx - 2, 1);
}

static const struct ui_key diff_keys[] = {
	{ { 0 }, "/", NULL, "search the changes; n next", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_hist_diff = {
	.name = "history-diff",
	.title = "History",
	.step = UI_STEP_NONE,
	.enter = diff_enter,
	.args_size = sizeof (struct scr_hist_diff_args),
	.leave = diff_leave,
	.draw = diff_draw,
	.key = diff_key,
	.keys = diff_keys,
	.list = 1,
	.idle = hist_idle,
};
