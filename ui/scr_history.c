/*
 * scr_history: the auditors' history. The list of snapshot days with their
 * counts and a verified mark; a day opened as it was, its stored KPI results
 * as tabs 1-5 (table and chart drawn from the stored rows, never
 * recomputed) and tab 6 with its summary and the exports made from it; and
 * the difference between two days. Everything comes from src/snapshot.h and
 * src/history.h; only V (a full verify) recomputes, to compare.
 */
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "db.h"
#include "draw.h"
#include "export.h"
#include "history.h"
#include "keys.h"
#include "kpi.h"
#include "rules.h"
#include "scr.h"
#include "settings.h"
#include "snapshot.h"
#include "strbuf.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "w_kpi.h"
#include "w_list.h"
#include "xmem.h"

#define HIST_KPIS	5
#define HIST_TABS	(HIST_KPIS + 1)	/* the KPIs and the summary */
#define HIST_SUMMARY	HIST_KPIS	/* the summary's tab */
#define HIST_MARK_COL	5		/* the days list's mark column */
#define HIST_LINE_CELLS	1000		/* a diff line's widest */
#define HIST_MAX_ROWS	10000		/* rows of a stored ranking shown, as
					 * the dashboard reads at most */

enum hist_mode {
	HIST_DAYS,		/* the list of snapshot days */
	HIST_DAY,		/* one day opened */
	HIST_PICK,		/* picking the day to compare with */
	HIST_DIFF		/* the changes between two days */
};

static const char *const hist_tab_names[HIST_TABS] = {
	"Repeat", "Daily", "Monthly", "Regions", "Top spenders", "Summary"
};

static struct {
	enum hist_mode		 mode;
	enum hist_mode		 back;		/* where PICK and DIFF return */
	struct w_list		 days;
	char			 day[11];	/* the open (or first) day */
	char			 from[11], to[11];	/* the diff's days */
	struct snapshot_info	 info;		/* of the open day */
	int			 have_info;
	size_t			 tab;
	struct w_list		 kpi;		/* the open tab's stored KPI */
	struct w_list		 exports;	/* tab 6 */
	struct w_list		 diff;
	enum chart_scale	 scale;
	char			*error;		/* what the day view shows */
	char			*days_error;	/* what the list shows */
	size_t			 checked;	/* days whose mark is known */
} hs;

/* The colour of a verified mark: a changed or failed day stands out. */
static enum theme_role
hist_mark_role(const char *mark)
{
	if (strcmp(mark, "verified") == 0)
		return THEME_PASS;
	if (strcmp(mark, "intact") == 0 || strcmp(mark, "checking") == 0)
		return THEME_NORMAL;
	return THEME_FAIL;
}

static int
hist_row_role(const struct table *t, size_t r, void *arg)
{
	return hist_mark_role(table_cell(t, r, HIST_MARK_COL)->text);
}

/* The days list's row for day, or (size_t)-1. */
static size_t
hist_day_row(const char *day)
{
	const struct table *t = hs.days.t;
	size_t r;

	for (r = 0; t != NULL && r < t->nrows; r++) {
		if (strcmp(table_cell(t, r, 0)->text, day) == 0)
			return r;
	}
	return (size_t)-1;
}

/* The verified mark of day, as the list shows it. */
static const char *
hist_mark(const char *day)
{
	size_t r = hist_day_row(day);

	return r == (size_t)-1 ? "?" :
	    table_cell(hs.days.t, r, HIST_MARK_COL)->text;
}

static void
hist_load_days(struct ui_ctx *ctx)
{
	struct snapshot_info *list;
	struct table *t;
	char *cause = NULL;
	size_t n, i, r;

	free(hs.days_error);
	hs.days_error = NULL;
	w_list_set(&hs.days, NULL, 0);
	if (snapshot_list(ctx->db, &list, &n, &cause) == -1) {
		hs.days_error = cause;
		return;
	}
	t = table_create();
	table_add_col(t, "day", TABLE_TEXT, 0);
	table_add_col(t, "taken", TABLE_TEXT, 0);
	table_add_col(t, "lines", TABLE_INT, 0);
	table_add_col(t, "orders", TABLE_INT, 0);
	table_add_col(t, "revenue", TABLE_MONEY, 0);
	table_add_col(t, "mark", TABLE_TEXT, 0);
	table_add_col(t, "taken_by", TABLE_TEXT, 0);
	/* The marks come after the first paint (hist_idle): hashing every
	 * stored result of a large history takes longer than a paint may. */
	hs.checked = 0;
	for (i = 0; i < n; i++) {
		r = table_add_row(t);
		table_set_text(t, r, 0, list[i].day);
		table_set_text(t, r, 1, list[i].taken_at);
		table_set_num(t, r, 2, list[i].order_lines);
		table_set_num(t, r, 3, list[i].orders);
		table_set_num(t, r, 4, list[i].revenue);
		table_set_text(t, r, HIST_MARK_COL, "checking");
		table_set_text(t, r, 6, list[i].taken_by);
		snapshot_info_free(&list[i]);
	}
	free(list);
	w_list_set(&hs.days, t, 1);
	hs.days.row_role = hist_row_role;
	/* The newest day first in sight. */
	hs.days.sel = n > 0 ? n - 1 : 0;
}

/* Load the open day's current tab: a stored KPI, or its exports. */
static void
hist_load_tab(struct ui_ctx *ctx)
{
	struct table *t;
	char *cause = NULL;

	free(hs.error);
	hs.error = NULL;
	if (hs.tab == HIST_SUMMARY) {
		if (history_exports(ctx->db, hs.day, &t, &cause) == -1)
			hs.error = cause;
		else
			w_list_set(&hs.exports, t, 1);
		return;
	}
	w_list_set(&hs.kpi, NULL, 0);
	if (history_kpi_table(ctx->db, hs.day, kpi_at(hs.tab)->name,
	    HIST_MAX_ROWS, &t, &cause) == -1)
		hs.error = cause;
	else
		w_list_set(&hs.kpi, t, 1);
}

/* Open day (a snapshot's day) on the current tab. */
static int
hist_open(struct ui_ctx *ctx, const char *day)
{
	char *cause = NULL;

	if (hs.have_info)
		snapshot_info_free(&hs.info);
	hs.have_info = 0;
	if (snapshot_get(ctx->db, day, &hs.info, &cause) == -1) {
		ui_error(ctx, "Cannot open the day", cause);
		hs.mode = HIST_DAYS;
		return UI_REDRAW;
	}
	hs.have_info = 1;
	snprintf(hs.day, sizeof hs.day, "%s", day);
	hs.mode = HIST_DAY;
	hist_load_tab(ctx);
	return UI_REDRAW;
}

/* Between keys: the content hash of the next day whose mark is unknown. */
static int
hist_idle(struct ui_ctx *ctx)
{
	struct snapshot_info s;
	char *cause = NULL;
	int intact = 0;

	if (hs.days.t == NULL || hs.checked >= hs.days.t->nrows)
		return 0;
	if (snapshot_get(ctx->db, table_cell(hs.days.t, hs.checked, 0)->text,
	    &s, &cause) == 0) {
		if (snapshot_intact(ctx->db, &s, &intact, &cause) == -1)
			intact = 0;
		snapshot_info_free(&s);
	}
	free(cause);
	/* A day verified meanwhile ('v') keeps its fuller mark. */
	if (strcmp(table_cell(hs.days.t, hs.checked, HIST_MARK_COL)->text,
	    "checking") == 0)
		table_set_text(hs.days.t, hs.checked, HIST_MARK_COL, intact ?
		    "intact" : "CHANGED");
	hs.checked++;
	return hs.checked < hs.days.t->nrows;
}

static void
hist_enter(struct ui_ctx *ctx)
{
	memset(&hs, 0, sizeof hs);
	w_list_init(&hs.days);
	w_list_init(&hs.kpi);
	w_list_init(&hs.exports);
	w_list_init(&hs.diff);
	if (settings_is(ctx->db, SET_NUMBER_SCALE, "indian"))
		hs.scale = CHART_SCALE_INDIAN;
	hist_load_days(ctx);
}

static void
hist_leave(struct ui_ctx *ctx)
{
	w_list_free(&hs.days);
	w_list_free(&hs.kpi);
	w_list_free(&hs.exports);
	w_list_free(&hs.diff);
	if (hs.have_info)
		snapshot_info_free(&hs.info);
	hs.have_info = 0;
	free(hs.error);
	free(hs.days_error);
	hs.error = hs.days_error = NULL;
}

/* The day of the selected row of the days list, or NULL. */
static const char *
hist_selected_day(void)
{
	size_t r = w_list_selected(&hs.days);

	return r == (size_t)-1 ? NULL : table_cell(hs.days.t, r, 0)->text;
}

/* The list that has the keys in the current mode. */
static struct w_list *
hist_list(void)
{
	switch (hs.mode) {
	case HIST_DAYS:
	case HIST_PICK:
		return &hs.days;
	case HIST_DIFF:
		return &hs.diff;
	case HIST_DAY:
		break;
	}
	return hs.tab == HIST_SUMMARY ? &hs.exports : &hs.kpi;
}

/* Show the changes between the two days, earlier first. */
static int
hist_diff(struct ui_ctx *ctx, const char *a, const char *b)
{
	struct strbuf sb;
	struct table *t;
	const char *line, *end;
	char *cause = NULL, *text;
	size_t r;

	if (strcmp(a, b) > 0) {
		const char *swap = a;

		a = b;
		b = swap;
	}
	strbuf_init(&sb);
	if (history_diff(ctx->db, a, b, &sb, &cause) == -1) {
		strbuf_free(&sb);
		ui_error(ctx, "Cannot compare the days", cause);
		hs.mode = hs.back;
		return UI_REDRAW;
	}
	/* One row per line, for scrolling and search. */
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
	w_list_set(&hs.diff, t, 1);
	/* One column of sentences: as wide as the pane, not a cell's 40. */
	hs.diff.widths[0] = HIST_LINE_CELLS;
	snprintf(hs.from, sizeof hs.from, "%s", a);
	snprintf(hs.to, sizeof hs.to, "%s", b);
	hs.mode = HIST_DIFF;
	return UI_REDRAW;
}

static int
hist_enter_key(struct ui_ctx *ctx)
{
	const char *day = hist_selected_day();

	if (hs.mode == HIST_DAYS && day != NULL)
		return hist_open(ctx, day);
	if (hs.mode != HIST_PICK || day == NULL)
		return UI_UNUSED;
	if (strcmp(day, hs.day) == 0) {
		ui_notice(ctx, 1, "pick another day than %s", hs.day);
		return UI_REDRAW;
	}
	return hist_diff(ctx, hs.day, day);
}

static int
hist_diff_start(struct ui_ctx *ctx)
{
	const char *day = hist_selected_day();

	if (hs.mode == HIST_DAYS) {
		if (day == NULL)
			return UI_NONE;
		snprintf(hs.day, sizeof hs.day, "%s", day);
	} else if (hs.mode != HIST_DAY)
		return UI_UNUSED;
	if (hs.days.t == NULL || hs.days.t->nrows < 2) {
		ui_notice(ctx, 1, "only one snapshot day: nothing to compare");
		return UI_REDRAW;
	}
	hs.back = hs.mode;
	hs.mode = HIST_PICK;
	return UI_REDRAW;
}

/* Set day's mark in the list after a full verify. */
static void
hist_set_mark(const char *day, int ok)
{
	size_t r = hist_day_row(day);

	if (r == (size_t)-1)
		return;
	table_set_text(hs.days.t, r, HIST_MARK_COL, ok ? "verified" :
	    "FAILED");
	/* The widths were measured on "intact": make room for the word. */
	if (hs.days.widths != NULL && hs.days.widths[HIST_MARK_COL] < 8)
		hs.days.widths[HIST_MARK_COL] = 8;
}

static int
hist_verify(struct ui_ctx *ctx)
{
	const char *day = hs.mode == HIST_DAY ? hs.day : hist_selected_day();
	struct strbuf report;
	char *cause = NULL, *title, *which;
	int ok;

	if (hs.mode != HIST_DAY && hs.mode != HIST_DAYS)
		return UI_UNUSED;
	if (day == NULL)
		return UI_NONE;
	which = xstrdup(day);
	ui_notice(ctx, 0, "verifying %s...", which);
	ui_paint(ctx);
	free(ctx->msg);
	ctx->msg = NULL;
	strbuf_init(&report);
	if (history_verify(ctx->db, which, &report, &ok, &cause) == -1) {
		strbuf_free(&report);
		free(which);
		ui_error(ctx, "Verify failed", cause);
		return UI_REDRAW;
	}
	hist_set_mark(which, ok);
	title = xasprintf("Verify %s: %s", which, ok ? "OK" : "CHANGED");
	ui_message(ctx, title, strbuf_str(&report));
	free(title);
	strbuf_free(&report);
	free(which);
	return UI_REDRAW;
}

/* Summary tab: rebuild the selected export from its request and the
 * day's snapshot and compare its SHA-256 with the recorded one. */
static int
hist_rebuild(struct ui_ctx *ctx)
{
	struct export_result res;
	char *cause = NULL, *why = NULL, *title, *text;
	size_t r;
	int64_t id;
	int same;

	if (hs.mode != HIST_DAY || hs.tab != HIST_SUMMARY)
		return UI_UNUSED;
	if (hs.exports.t == NULL ||
	    (r = w_list_selected(&hs.exports)) == (size_t)-1)
		return UI_NONE;
	id = table_cell(hs.exports.t, r, 0)->num;
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
	text = xasprintf("recorded SHA-256:\n%s\nrebuilt SHA-256 (%lld "
	    "bytes):\n%s\n\n%s", table_cell(hs.exports.t, r, 2)->text,
	    (long long)res.bytes, res.sha256, same ? "The workbook rebuilt from the "
	    "day's snapshot is byte for byte the one exported." : why);
	ui_message(ctx, title, text);
	free(title);
	free(text);
	free(why);
	export_result_free(&res);
	return UI_REDRAW;
}

static int
hist_tab(struct ui_ctx *ctx, size_t tab)
{
	hs.tab = tab;
	hist_load_tab(ctx);
	return UI_REDRAW;
}

/* Open the snapshot day before (-1) or after (1) the open one. */
static int
hist_step(struct ui_ctx *ctx, int delta)
{
	const struct table *t = hs.days.t;
	const char *best = NULL, *d;
	size_t r;

	if (hs.mode != HIST_DAY)
		return UI_UNUSED;
	/* The list may be sorted by any column: compare the days. */
	for (r = 0; t != NULL && r < t->nrows; r++) {
		d = table_cell(t, r, 0)->text;
		if (delta < 0 && strcmp(d, hs.day) < 0 &&
		    (best == NULL || strcmp(d, best) > 0))
			best = d;
		if (delta > 0 && strcmp(d, hs.day) > 0 &&
		    (best == NULL || strcmp(d, best) < 0))
			best = d;
	}
	if (best == NULL) {
		ui_notice(ctx, 1, "no snapshot %s %s", delta < 0 ? "before" :
		    "after", hs.day);
		return UI_REDRAW;
	}
	return hist_open(ctx, best);
}

static int
hist_earlier(struct ui_ctx *ctx)
{
	return hist_step(ctx, -1);
}

static int
hist_later(struct ui_ctx *ctx)
{
	return hist_step(ctx, 1);
}

static int
hist_search_answer(struct ui_ctx *ctx, int yes, const char *s)
{
	if (yes && w_list_search(hist_list(), s, 0) == -1)
		ui_notice(ctx, 1, "not found: %s", s);
	return UI_REDRAW;
}

/* q and Esc step back inside the screen before they close it. */
static int
hist_back(void)
{
	switch (hs.mode) {
	case HIST_DAYS:
		return UI_UNUSED;
	case HIST_DAY:
		hs.mode = HIST_DAYS;
		break;
	case HIST_PICK:
	case HIST_DIFF:
		/* Back where the comparison started: the list or the day. */
		hs.mode = hs.back;
		break;
	}
	return UI_REDRAW;
}

static int
hist_key(struct ui_ctx *ctx, int key)
{
	int r;

	if (key == 'q' || key == KEYS_ESC)
		return hist_back();
	if (hs.mode == HIST_DAY) {
		if (key >= '1' && key < '1' + HIST_TABS)
			return hist_tab(ctx, (size_t)(key - '1'));
		if (key == '\t')
			return hist_tab(ctx, (hs.tab + 1) % HIST_TABS);
		if (key == KEY_BTAB)
			return hist_tab(ctx, (hs.tab + HIST_TABS - 1) %
			    HIST_TABS);
	}
	r = w_list_key(hist_list(), key);
	if (r == W_LIST_SEARCH) {
		ui_prompt(ctx, "Search for:", hist_list()->search, 0,
		    hist_search_answer);
		return UI_REDRAW;
	}
	return r;
}

/* Tab 6: what the snapshot rests on, then the exports made from it. */
static void
hist_draw_summary(WINDOW *w, int y, int x, int h, int width)
{
	const struct snapshot_info *s = &hs.info;
	const char *mark = hist_mark(s->day);
	char money[32];
	int end = y + h;

	rules_money_format(s->revenue, money, sizeof money);
	draw_printf(w, y++, x, width, A_NORMAL, "as_of       %s, taken %s "
	    "by %s", s->day, s->taken_at, s->taken_by);
	draw_printf(w, y++, x, width, A_NORMAL, "customers   master batch "
	    "%lld; order batches through %lld", (long long)s->customer_batch,
	    (long long)s->last_batch);
	draw_printf(w, y++, x, width, A_NORMAL, "totals      order lines "
	    "%lld, orders %lld, revenue %s", (long long)s->order_lines,
	    (long long)s->orders, money);
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
	if (hs.exports.t == NULL || hs.exports.t->nrows == 0) {
		draw_text(w, y, x, width, "No export was made from this day.",
		    theme_attr(THEME_DIM));
		return;
	}
	draw_printf(w, y++, x, width, theme_attr(THEME_TITLE), "Exports made "
	    "from this day: %zu", hs.exports.t->nrows);
	w_list_draw(&hs.exports, w, y, x, end - y, width, 1);
}

static void
hist_draw_tabs(WINDOW *w, int y, int maxx)
{
	char label[48];
	size_t i;
	int x = 1;

	for (i = 0; i < HIST_TABS; i++) {
		snprintf(label, sizeof label, " %zu %s ", i + 1,
		    maxx >= 110 && i < HIST_KPIS ? kpi_at(i)->title :
		    hist_tab_names[i]);
		x += draw_text(w, y, x, maxx - x, label, i == hs.tab ?
		    theme_attr(THEME_STEP_ON) : theme_attr(THEME_STEP));
		x++;
	}
}

static void
hist_draw_day(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w), x = 1, y = 0, h;

	hist_draw_tabs(w, y++, maxx);
	x += draw_printf(w, y, x, maxx - x, theme_attr(THEME_TITLE),
	    "%s as of %s", hs.tab == HIST_SUMMARY ? "Summary" :
	    kpi_at(hs.tab)->title, hs.day);
	x += draw_text(w, y, x, maxx - x, "  stored, read-only",
	    theme_attr(THEME_DIM));
	if (hs.tab != HIST_SUMMARY && hs.kpi.t != NULL)
		draw_printf(w, y, x, maxx - x, theme_attr(THEME_DIM),
		    "  %zu rows", hs.kpi.t->nrows);
	y += 1;
	if (hs.error != NULL) {
		draw_data(w, y + 1, 1, maxx - 2, hs.error, A_NORMAL);
		return;
	}
	h = maxy - y;
	if (hs.tab == HIST_SUMMARY) {
		hist_draw_summary(w, y + 1, 1, h - 1, maxx - 2);
		return;
	}
	w_kpi_draw(&hs.kpi, kpi_at(hs.tab), ctx->utf8, hs.scale, w, y);
}

static void
hist_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w);
	size_t n = hs.days.t != NULL ? hs.days.t->nrows : 0;

	switch (hs.mode) {
	case HIST_DAY:
		hist_draw_day(ctx, w);
		return;
	case HIST_DIFF:
		draw_printf(w, 0, 1, maxx - 2, theme_attr(THEME_TITLE),
		    "Changes from %s to %s", hs.from, hs.to);
		draw_text(w, 1, 1, maxx - 2, "stored KPI results compared; "
		    "q goes back", theme_attr(THEME_DIM));
		w_list_draw(&hs.diff, w, 2, 1, maxy - 2, maxx - 2, 1);
		return;
	case HIST_PICK:
		draw_printf(w, 0, 1, maxx - 2, theme_attr(THEME_WARN),
		    "Compare %s with which day? Enter picks, q cancels",
		    hs.day);
		break;
	case HIST_DAYS:
		draw_printf(w, 0, 1, maxx - 2, theme_attr(THEME_TITLE),
		    "Snapshot days: %zu", n);
		break;
	}
	draw_text(w, 1, 1, maxx - 2, "mark: intact (content hash holds), "
	    "verified (V: in full), CHANGED", theme_attr(THEME_DIM));
	if (hs.days_error != NULL) {
		draw_data(w, 3, 1, maxx - 2, hs.days_error, A_NORMAL);
		return;
	}
	if (n == 0) {
		draw_text(w, 3, 1, maxx - 2, "No snapshot yet: a day is kept "
		    "when its orders are committed.", A_NORMAL);
		return;
	}
	w_list_draw(&hs.days, w, 2, 1, maxy - 2, maxx - 2, 1);
}

static const struct ui_key hist_keys[] = {
	{ { '\r', '\n', KEY_ENTER }, "Enter", "open", "open the selected day "
	  "as it was (or pick it to compare)", hist_enter_key },
	{ { 0 }, "1-6", NULL, "in a day: its stored KPIs 1-5 (Tab cycles), "
	  "6 its summary and exports", NULL },
	{ { 'V' }, "V", "verify", "verify the day in full: content hash, "
	  "batch proofs, audit chain, KPIs", hist_verify },
	{ { 'd' }, "d", "diff", "compare with another day: pick it, then "
	  "Enter", hist_diff_start },
	{ { 'R' }, "R", NULL, "in a day's summary: rebuild the selected "
	  "export and compare it with the original", hist_rebuild },
	{ { '<', ',' }, "<", NULL, "in a day: the snapshot day before",
	  hist_earlier },
	{ { '>', '.' }, ">", NULL, "in a day: the snapshot day after",
	  hist_later },
	{ { 0 }, "/", NULL, "search the list; n next", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_history = {
	"history", "History", UI_STEP_NONE, hist_enter, hist_leave, hist_draw,
	hist_key, hist_keys, 1, hist_idle, NULL
};
