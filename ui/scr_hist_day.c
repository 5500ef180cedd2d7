/*
 * scr_hist_day: one snapshot day opened as it was, on top of the days
 * list (scr_history): its stored KPI results as tabs 1-5 (table and chart
 * drawn from the stored rows, never recomputed) and tab 6 with its summary
 * and the exports made from it; < and > step to the days around it.
 */
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "export.h"
#include "hist.h"
#include "history.h"
#include "keys.h"
#include "kpi.h"
#include "rules.h"
#include "scr.h"
#include "snapshot.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "w_kpi.h"
#include "w_list.h"
#include "xmem.h"

/* The KPIs of the table (kpi.h), then the summary. */
#define DAY_KPIS	kpi_count()
#define DAY_TABS	(DAY_KPIS + 1)	/* the KPIs and the summary */
#define DAY_SUMMARY	DAY_KPIS	/* the summary's tab */
#define DAY_MAX_ROWS	10000		/* rows of a stored ranking shown, as
					 * the dashboard reads at most */

/* Tab i's short label. */
static const char *
day_tab_name(size_t i)
{
	return i < DAY_KPIS ? kpi_at(i)->tab : "Summary";
}

static struct {
	struct snapshot_info	 info;		/* of the open day */
	size_t			 tab;
	struct w_list		 kpi;		/* the open tab's stored KPI */
	struct w_list		 exports;	/* tab 6 */
	char			*error;		/* why the tab shows nothing */
} hday;

/* Load the open day's current tab: a stored KPI, or its exports. */
static void
day_load_tab(struct ui_ctx *ctx)
{
	struct table *t;
	char *cause = NULL;

	free(hday.error);
	hday.error = NULL;
	if (hday.tab == DAY_SUMMARY) {
		if (history_exports(ctx->db, hday.info.day, &t, &cause) == -1)
			hday.error = cause;
		else
			w_list_set(&hday.exports, t, 1);
		return;
	}
	w_list_set(&hday.kpi, NULL, 0);
	if (history_kpi_table(ctx->db, hday.info.day, kpi_at(hday.tab)->name,
	    DAY_MAX_ROWS, &t, &cause) == -1)
		hday.error = cause;
	else
		w_list_set(&hday.kpi, t, 1);
}

static void
day_enter(struct ui_ctx *ctx, const void *args)
{
	const struct scr_hist_day_args *a = args;

	memset(&hday, 0, sizeof hday);
	w_list_init(&hday.kpi);
	w_list_init(&hday.exports);
	hday.info = *a->info;	/* the strings are ours now */
	free(a->info);
	day_load_tab(ctx);
}

static int
day_leave(struct ui_ctx *ctx, char **cause)
{
	w_list_free(&hday.kpi);
	w_list_free(&hday.exports);
	snapshot_info_free(&hday.info);
	free(hday.error);
	memset(&hday, 0, sizeof hday);
	return 0;
}

static int
day_tab(struct ui_ctx *ctx, size_t tab)
{
	hday.tab = tab;
	day_load_tab(ctx);
	return UI_REDRAW;
}

/* Open the snapshot day before (-1) or after (1) the open one, on the
 * same tab; back to the days when it cannot be read. */
static int
day_step(struct ui_ctx *ctx, int delta)
{
	const char *day = hist_neighbour(hday.info.day, delta);
	struct snapshot_info s;
	char *cause = NULL;

	if (day == NULL) {
		ui_notice(ctx, 1, "no snapshot %s %s", delta < 0 ? "before" :
		    "after", hday.info.day);
		return UI_REDRAW;
	}
	if (snapshot_get(ctx->db, day, &s, &cause) == -1) {
		ui_error(ctx, "Cannot open the day", cause);
		return UI_POP;
	}
	snapshot_info_free(&hday.info);
	hday.info = s;
	day_load_tab(ctx);
	return UI_REDRAW;
}

static int
day_earlier(struct ui_ctx *ctx)
{
	return day_step(ctx, -1);
}

static int
day_later(struct ui_ctx *ctx)
{
	return day_step(ctx, 1);
}

static int
day_verify(struct ui_ctx *ctx)
{
	return hist_verify(ctx, hday.info.day);
}

/* d: pick the day to compare the open one with. */
static int
day_compare(struct ui_ctx *ctx)
{
	struct scr_hist_pick_args next;

	if (!hist_comparable(ctx))
		return UI_REDRAW;
	snprintf(next.day, sizeof next.day, "%s", hday.info.day);
	return ui_next(ctx, &scr_hist_pick, &next, sizeof next, UI_PUSH);
}

/* Summary tab: rebuild the selected export from its request and the
 * day's snapshot and compare its SHA-256 with the recorded one. */
static int
day_rebuild(struct ui_ctx *ctx)
{
	struct export_result res;
	char *cause = NULL, *why = NULL, *title, *text;
	size_t r;
	int64_t id;
	int same;

	if (hday.tab != DAY_SUMMARY)
		return UI_UNUSED;
	if (hday.exports.t == NULL ||
	    (r = w_list_selected(&hday.exports)) == (size_t)-1)
		return UI_NONE;
	id = table_cell(hday.exports.t, r, 0)->num;
	ui_notice(ctx, 0, "rebuilding export %lld...", (long long)id);
	ui_paint(ctx);
	free(ctx->msg);
	ctx->msg = NULL;
	if (export_rebuild(ctx->db, id, NULL, &res, &same, &why,
	    &cause) == -1) {
		ui_error(ctx, "Rebuild failed", cause);
		return UI_REDRAW;
	}
	title = xasprintf("Export %lld rebuilt: %s", (long long)id, same ?
	    "identical" : "DIFFERS");
	text = xasprintf("recorded SHA-256:\n%s\nrebuilt SHA-256 (%s):"
	    "\n%s\n\n%s", table_cell(hday.exports.t, r, 2)->text,
	    draw_size((uint64_t)res.bytes).s, res.sha256, same ? "The "
	    "workbook rebuilt from the day's snapshot is byte for byte the "
	    "one exported." : why);
	ui_message(ctx, title, text);
	free(title);
	free(text);
	free(why);
	export_result_free(&res);
	return UI_REDRAW;
}

/* The list that has the keys: the tab's KPI, or the exports. */
static struct w_list *
day_list(void)
{
	return hday.tab == DAY_SUMMARY ? &hday.exports : &hday.kpi;
}

static int
day_key(struct ui_ctx *ctx, int key)
{
	int r;

	if (key >= '1' && key < '1' + (int)DAY_TABS)
		return day_tab(ctx, (size_t)(key - '1'));
	if (key == '\t')
		return day_tab(ctx, (hday.tab + 1) % DAY_TABS);
	if (key == KEY_BTAB)
		return day_tab(ctx, (hday.tab + DAY_TABS - 1) % DAY_TABS);
	r = w_list_key(day_list(), key);
	if (r == W_LIST_SEARCH)
		return ui_search(ctx, day_list(), "Search for:");
	return r;
}

/* Tab 6: what the snapshot rests on, then the exports made from it. */
static void
day_draw_summary(WINDOW *w, int y, int x, int h, int width)
{
	const struct snapshot_info *s = &hday.info;
	const char *mark = hist_mark(s->day);
	int end = y + h;

	draw_printf(w, y++, x, width, A_NORMAL, "as_of       %s, taken %s "
	    "by %s", s->day, draw_stamp(s->taken_at).s, s->taken_by);
	draw_printf(w, y++, x, width, A_NORMAL, "customers   master batch "
	    "%lld; order batches through %lld", (long long)s->customer_batch,
	    (long long)s->last_batch);
	draw_printf(w, y++, x, width, A_NORMAL, "totals      order lines "
	    "%s, orders %s, revenue %s", draw_int(s->order_lines).s,
	    draw_int(s->orders).s, draw_money(s->revenue).s);
	draw_printf(w, y++, x, width, A_NORMAL, "checks      %s",
	    s->check_summary);
	draw_printf(w, y++, x, width, A_NORMAL, "audit head  entry %lld",
	    (long long)s->audit_seq);
	draw_printf(w, y++, x, width, A_NORMAL, "            %s",
	    s->audit_hash);
	draw_printf(w, y++, x, width, A_NORMAL, "content     %s",
	    s->content_hash);
	draw_printf(w, y++, x, width, theme_attr(hist_mark_role(mark)),
	    "mark        %s%s", mark, strcmp(mark, "verified") == 0 ? "" :
	    " (V verifies in full)");
	y++;
	if (hday.exports.t == NULL || hday.exports.t->nrows == 0) {
		draw_text(w, y, x, width, "No export was made from this day.",
		    theme_attr(THEME_DIM));
		return;
	}
	draw_printf(w, y++, x, width, theme_attr(THEME_TITLE), "Exports made "
	    "from this day: %s", draw_int((int64_t)hday.exports.t->nrows).s);
	w_list_draw(&hday.exports, w, y, x, end - y, width, 1);
}

static void
day_draw_tabs(WINDOW *w, int y, int maxx)
{
	char label[48];
	size_t i;
	int x = 1;

	for (i = 0; i < DAY_TABS; i++) {
		snprintf(label, sizeof label, " %zu %s ", i + 1,
		    maxx >= 110 && i < DAY_KPIS ? kpi_at(i)->title :
		    day_tab_name(i));
		x += draw_text(w, y, x, maxx - x, label, i == hday.tab ?
		    theme_attr(THEME_STEP_ON) : theme_attr(THEME_STEP));
		x++;
	}
}

static void
day_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w), x = 1, y = 0, h;

	day_draw_tabs(w, y++, maxx);
	x += draw_printf(w, y, x, maxx - x, theme_attr(THEME_TITLE),
	    "%s as of %s", hday.tab == DAY_SUMMARY ? "Summary" :
	    kpi_at(hday.tab)->title, hday.info.day);
	x += draw_text(w, y, x, maxx - x, "  stored, read-only",
	    theme_attr(THEME_DIM));
	if (hday.tab != DAY_SUMMARY && hday.kpi.t != NULL)
		draw_printf(w, y, x, maxx - x, theme_attr(THEME_DIM),
		    "  %s", draw_count((int64_t)hday.kpi.t->nrows, "row",
		    "rows").s);
	y += 1;
	if (hday.error != NULL) {
		draw_data(w, y + 1, 1, maxx - 2, hday.error, A_NORMAL);
		return;
	}
	h = maxy - y;
	if (hday.tab == DAY_SUMMARY) {
		day_draw_summary(w, y + 1, 1, h - 1, maxx - 2);
		return;
	}
	w_kpi_draw(&hday.kpi, kpi_at(hday.tab), ctx->utf8, hist_scale(), w, y);
}

static const struct ui_key day_keys[] = {
	{ { 0 }, "1-6", NULL, "its stored KPIs 1-5 (Tab cycles), 6 its "
	  "summary and exports", NULL },
	{ { 'V' }, "V", "verify", "verify the day in full: content hash, "
	  "batch proofs, audit chain, KPIs", day_verify },
	{ { 'd' }, "d", "diff", "compare with another day: pick it, then "
	  "Enter", day_compare },
	{ { 'R' }, "R", NULL, "in the summary: rebuild the selected export "
	  "and compare it with the original", day_rebuild },
	{ { '<', ',' }, "<", NULL, "the snapshot day before", day_earlier },
	{ { '>', '.' }, ">", NULL, "the snapshot day after", day_later },
	{ { 0 }, "/", NULL, "search the list; n next", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_hist_day = {
	.name = "history-day",
	.title = "History",
	.step = UI_STEP_NONE,
	.enter = day_enter,
	.args_size = sizeof (struct scr_hist_day_args),
	.leave = day_leave,
	.draw = day_draw,
	.key = day_key,
	.keys = day_keys,
	.list = 1,
	.idle = hist_idle,
};
