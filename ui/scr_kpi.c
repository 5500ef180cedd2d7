/* scr_kpi: the KPI dashboard: a tab per KPI with its table and chart, the
 * period choice, and a sparkline of daily revenue as the summary. */
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "datetime.h"
#include "db.h"
#include "draw.h"
#include "keys.h"
#include "kpi.h"
#include "kpi_cache.h"
#include "kpi_chart.h"
#include "scr.h"
#include "settings.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "w_kpi.h"
#include "w_list.h"
#include "users.h"
#include "xmem.h"

#define KPI_LIMIT	10000	/* rows of a ranking read at most */
#define KPI_SPARK_DAYS	60	/* days in the summary sparkline */

/* The help of the tab and period keys, named from the KPI table at enter
 * (kpi_keys_text). */
static char kpi_tabs_label[8], kpi_tabs_help[256], kpi_period_help[160];

static struct {
	size_t			 tab;
	enum kpi_period		 period[KPI_MAX];
	int32_t			 as_of, latest;
	char			 scope[48];	/* how amounts were read */
	struct w_list		 list;
	struct table		*daily;		/* for the sparkline */
	enum chart_scale	 scale;
	char			*zone;		/* data_tz: the days' zone */
	char			*error;
} kp;

/*
 * In a monthly table, the month of the last day before as_of reads
 * "2025-10 to date" unless that day ends it: its totals are partial.
 */
static void
kpi_mark_to_date(struct table *t)
{
	char last[11], next[11], *s;
	size_t r;

	datetime_format_day(kp.as_of - 1, last);
	datetime_format_day(kp.as_of, next);
	if (t->ncols == 0 || strcmp(t->cols[0].name, "month") != 0 ||
	    strncmp(last, next, 7) != 0)
		return;
	for (r = 0; r < t->nrows; r++) {
		if (strncmp(table_cell(t, r, 0)->text, last, 7) == 0 &&
		    table_cell(t, r, 0)->text[7] == '\0') {
			s = xasprintf("%.7s to date", last);
			table_set_text(t, r, 0, s);
			free(s);
		}
	}
}

static void kpi_keys_for(const struct ui_ctx *);

static void
kpi_load(struct ui_ctx *ctx)
{
	const struct kpi_def *k = kpi_at(kp.tab);
	struct kpi_params p;
	struct table *t;
	char *cause = NULL;

	free(kp.error);
	kp.error = NULL;
	w_list_set(&kp.list, NULL, 0);
	p.as_of = kp.as_of;
	p.period = k->has_period ? kp.period[kp.tab] : KPI_ALL;
	p.limit = k->rows == KPI_ROWS_RANKING ? KPI_LIMIT : -1;
	if (kpi_run_cached(ctx->db, k, &p, &t, &cause) == -1) {
		kp.error = cause;
		return;
	}
	kpi_mark_to_date(t);
	w_list_set(&kp.list, t, 1);
	/* The summary: daily revenue over the last days before as_of. */
	table_free(kp.daily);
	kp.daily = NULL;
	p.period = KPI_ALL;
	p.limit = -1;
	if (kpi_run_cached(ctx->db, kpi_find("daily-trend"), &p, &kp.daily,
	    &cause) == -1) {
		free(cause);
		kp.daily = NULL;
	}
}

/* Append s to the string in buf (len bytes), truncating. */
static void
kpi_append(char *buf, size_t len, const char *s)
{
	size_t at = strlen(buf);

	snprintf(buf + at, len - at, "%s", s);
}

/* The help of the tab and period keys: "1-5", "repeat customers, daily,
 * ... (Tab cycles)", "... (repeat customers, regions)". */
static void
kpi_keys_text(void)
{
	size_t i, np = 0;

	snprintf(kpi_tabs_label, sizeof kpi_tabs_label, "1-%zu", kpi_count());
	kpi_tabs_help[0] = '\0';
	snprintf(kpi_period_help, sizeof kpi_period_help, "cycle the period: "
	    "all, day, mtd, 30d (");
	for (i = 0; i < kpi_count(); i++) {
		if (i > 0)
			kpi_append(kpi_tabs_help, sizeof kpi_tabs_help, ", ");
		kpi_append(kpi_tabs_help, sizeof kpi_tabs_help,
		    kpi_at(i)->help);
		if (!kpi_at(i)->has_period)
			continue;
		if (np++ > 0)
			kpi_append(kpi_period_help, sizeof kpi_period_help,
			    ", ");
		kpi_append(kpi_period_help, sizeof kpi_period_help,
		    kpi_at(i)->help);
	}
	kpi_append(kpi_tabs_help, sizeof kpi_tabs_help, " (Tab cycles)");
	kpi_append(kpi_period_help, sizeof kpi_period_help, ")");
}

static void
kpi_enter(struct ui_ctx *ctx, const void *args)
{
	char *cause = NULL;
	size_t i;

	memset(&kp, 0, sizeof kp);
	w_list_init(&kp.list);
	kpi_keys_text();
	kpi_keys_for(ctx);
	for (i = 0; i < kpi_count(); i++)
		kp.period[i] = KPI_ALL;
	if (settings_is(ctx->db, SET_NUMBER_SCALE, "indian"))
		kp.scale = CHART_SCALE_INDIAN;
	kp.zone = settings_str(ctx->db, SET_DATA_TZ);
	if (kpi_default_as_of(ctx->db, &kp.as_of, &cause) == -1) {
		kp.error = cause;
		return;
	}
	kp.latest = kp.as_of;
	if (kpi_amount_scope(ctx->db, kp.scope, sizeof kp.scope, &cause) == -1)
		free(cause);
	kpi_load(ctx);
}

static int
kpi_leave(struct ui_ctx *ctx, char **cause)
{
	w_list_free(&kp.list);
	table_free(kp.daily);
	kp.daily = NULL;
	free(kp.error);
	kp.error = NULL;
	free(kp.zone);
	kp.zone = NULL;
	return 0;
}

static int
kpi_tab(struct ui_ctx *ctx, size_t tab)
{
	if (kp.latest == 0)
		return UI_NONE;
	kp.tab = tab;
	kpi_load(ctx);
	return UI_REDRAW;
}

static int
kpi_period(struct ui_ctx *ctx)
{
	const struct kpi_def *k = kpi_at(kp.tab);

	if (kp.latest == 0)
		return UI_NONE;
	if (!k->has_period) {
		ui_notice(ctx, 1, "%s has no period choice", k->title);
		return UI_REDRAW;
	}
	kp.period[kp.tab] = (enum kpi_period)((kp.period[kp.tab] + 1) % 4);
	kpi_load(ctx);
	return UI_REDRAW;
}

static int
kpi_day(struct ui_ctx *ctx, int delta)
{
	if (kp.latest == 0)
		return UI_NONE;
	if (kp.as_of + delta > kp.latest) {
		ui_notice(ctx, 1, "the latest report is as of the day after "
		    "the last order");
		return UI_REDRAW;
	}
	kp.as_of += delta;
	kpi_load(ctx);
	return UI_REDRAW;
}

static int
kpi_earlier(struct ui_ctx *ctx)
{
	return kpi_day(ctx, -1);
}

static int
kpi_later(struct ui_ctx *ctx)
{
	return kpi_day(ctx, 1);
}

/* Request an export of the report as of the day shown (scr_export). */
static int
kpi_export(struct ui_ctx *ctx)
{
	struct scr_export_args next;

	if (kp.latest == 0) {
		ui_notice(ctx, 1, "nothing to export: import orders first");
		return UI_REDRAW;
	}
	next.as_of = kp.as_of;
	return ui_next(ctx, &scr_export, &next, sizeof next, UI_PUSH);
}

static int
kpi_key(struct ui_ctx *ctx, int key)
{
	int r;

	if (key >= '1' && key < '1' + (int)kpi_count())
		return kpi_tab(ctx, (size_t)(key - '1'));
	if (key == '\t')
		return kpi_tab(ctx, (kp.tab + 1) % kpi_count());
	if (key == KEY_BTAB)
		return kpi_tab(ctx, (kp.tab + kpi_count() - 1) % kpi_count());
	r = w_list_key(&kp.list, key);
	return r == W_LIST_SEARCH ? ui_search(ctx, &kp.list,
	    "Search the table for:") : r;
}

/* The summary line: daily revenue of the last days as a sparkline. */
static void
kpi_draw_summary(struct ui_ctx *ctx, WINDOW *w, int y, int x, int width)
{
	struct chart_opts o;
	struct chart_lines cl = { NULL, 0, 0 };
	struct table *t = kp.daily, view;
	char *cause = NULL, head[48], tail[80];
	size_t skip, days, i, p;
	int rc, x0 = x;

	if (t == NULL || t->nrows == 0 || table_col_index(t, "revenue") != 2)
		return;
	/* One cell per day, as many days as fit beside the words. */
	days = t->nrows < KPI_SPARK_DAYS ? t->nrows : KPI_SPARK_DAYS;
	if (width < 60)
		return;
	if ((int)days > width - 52)
		days = (size_t)(width - 52);
	skip = t->nrows - days;
	/* A view of the last rows, without copying them. */
	view = *t;
	view.cells = t->cells + skip * t->ncols;
	view.nrows = days;
	for (i = 1, p = 0; i < days; i++) {
		if (table_cell(&view, i, 2)->num > table_cell(&view, p, 2)->num)
			p = i;
	}
	snprintf(head, sizeof head, "revenue, last %zu days ", days);
	/* The day is a date the core made, not file text. */
	snprintf(tail, sizeof tail, " peak %s (%s)",
	    draw_money(table_cell(&view, p, 2)->num).s,
	    table_cell(&view, p, 0)->text);
	o.width = (int)days;
	o.height = 1;
	o.utf8 = ctx->utf8;
	o.scale = kp.scale;
	rc = kpi_sparkline(&view, &o, &cl, &cause);
	free(cause);
	if (rc == -1)
		return;
	x += draw_text(w, y, x, width, head, theme_attr(THEME_DIM));
	if (cl.n > 0)
		x += draw_text(w, y, x, (int)days, cl.line[0],
		    theme_attr(THEME_BAR));
	draw_data(w, y, x, width - (x - x0), tail, theme_attr(THEME_DIM));
	chart_lines_free(&cl);
}

/* The period with the days it covers: "period: day 2025-10-12". */
static int
kpi_draw_period(WINDOW *w, int y, int x, int width)
{
	enum kpi_period p = kp.period[kp.tab];
	int32_t first = kpi_period_start(p, kp.as_of);
	char from[11], to[11];

	if (p == KPI_ALL)
		return draw_text(w, y, x, width, "  period: all", A_BOLD);
	datetime_format_day(first, from);
	datetime_format_day(kp.as_of - 1, to);
	if (first >= kp.as_of - 1)
		return draw_printf(w, y, x, width, A_BOLD, "  period: %s %s",
		    kpi_period_name(p), to);
	/* The year once when both days share it: 2025-09-13..10-12. */
	return draw_printf(w, y, x, width, A_BOLD, "  period: %s %s..%s",
	    kpi_period_name(p), from, strncmp(from, to, 5) == 0 ? to + 5 :
	    to);
}

static void
kpi_draw(struct ui_ctx *ctx, WINDOW *w)
{
	const struct kpi_def *k = kpi_at(kp.tab);
	int maxx = getmaxx(w), x = 1, y = 0;
	char day[11], label[48];
	size_t i;

	for (i = 0; i < kpi_count(); i++) {
		snprintf(label, sizeof label, " %zu %s ", i + 1,
		    maxx >= 110 ? kpi_at(i)->title : kpi_at(i)->tab);
		x += draw_text(w, y, x, maxx - x, label, i == kp.tab ?
		    theme_attr(THEME_STEP_ON) : theme_attr(THEME_STEP));
		x++;
	}
	y++;
	x = 1;
	if (kp.error != NULL) {
		draw_data(w, y + 1, x, maxx - 2, kp.error, A_NORMAL);
		return;
	}
	datetime_format_day(kp.as_of, day);
	x += draw_data(w, y, x, maxx - x, k->title, theme_attr(THEME_TITLE));
	x += draw_printf(w, y, x, maxx - x, A_NORMAL, "  as of %s%s", day,
	    kp.as_of == kp.latest ? "" : " (earlier)");
	/* What matters most first; a part that does not fit whole goes. */
	if (k->has_period)
		x += kpi_draw_period(w, y, x, maxx - x);
	if (kp.scope[0] != '\0' && maxx - x > 11 + (int)strlen(kp.scope))
		x += draw_printf(w, y, x, maxx - x, A_NORMAL, "  amounts: %s",
		    kp.scope);
	if (kp.list.t != NULL)
		x += draw_printf(w, y, x, maxx - x, theme_attr(THEME_DIM),
		    "  %s%s", draw_count((int64_t)kp.list.t->nrows, "row",
		    "rows").s,
		    kp.list.t->nrows == KPI_LIMIT ? " (first)" : "");
	/* The days are the data time zone's: named where there is room. */
	if (kp.zone != NULL && maxx - x > 10 + (int)strlen(kp.zone))
		draw_printf(w, y, x, maxx - x, theme_attr(THEME_DIM),
		    "  days in %s", kp.zone);
	y++;
	/* The KPIs count a batch that waits for accept or discard: say so. */
	x = 1;
	if (ctx->pending != 0)
		x += draw_printf(w, y, x, maxx - 2, theme_attr(THEME_WARN) |
		    A_BOLD, "incl. pending batch %lld  ",
		    (long long)ctx->pending);
	kpi_draw_summary(ctx, w, y++, x, maxx - 1 - x);
	w_kpi_draw(&kp.list, k, ctx->utf8, kp.scale, w, y);
}

/* Not const: the export row, last, is cut off for those who cannot
 * request one (kpi_keys_for). */
static struct ui_key kpi_keys[] = {
	{ { 0 }, kpi_tabs_label, "tabs", kpi_tabs_help, NULL },
	{ { 'p' }, "p", "period", kpi_period_help, kpi_period },
	{ { '<', ',' }, "<", NULL, "one day earlier (as_of)", kpi_earlier },
	{ { '>', '.' }, ">", NULL, "one day later, up to the latest",
	  kpi_later },
	{ { 0 }, "/", "search", "search the table; n next", NULL },
	{ { 0 }, "s", "sort", "sort by the next column; S reverses", NULL },
	{ { 'e' }, "e", "export", "request an export of this report as of "
	  "the day shown; another person approves it", kpi_export },
	{ { 0 }, NULL, NULL, NULL, NULL }
};
#define KPI_KEY_EXPORT	(sizeof kpi_keys / sizeof kpi_keys[0] - 2)

/* Offer e export only to analysts: an approver or auditor browsing the
 * KPIs cannot request one (the core would refuse it anyway). */
static void
kpi_keys_for(const struct ui_ctx *ctx)
{
	kpi_keys[KPI_KEY_EXPORT].label = (ctx->roles & ROLE_ANALYST) ?
	    "e" : NULL;
}

const struct ui_screen scr_kpi = {
	.name = "kpi",
	.title = "KPI dashboard",
	.step = UI_STEP_KPIS,
	.enter = kpi_enter,
	.leave = kpi_leave,
	.draw = kpi_draw,
	.key = kpi_key,
	.keys = kpi_keys,
	.list = 1,
};
