/* hist: the snapshot days the history screens share, and the actions
 * more than one of them offers. */
#include "hist.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "draw.h"
#include "history.h"
#include "screen.h"
#include "settings.h"
#include "snapshot.h"
#include "strbuf.h"
#include "table.h"
#include "ui.h"
#include "w_list.h"
#include "xmem.h"

#define HIST_MARK_COL	5		/* the days list's mark column */

static struct {
	struct w_list		 days;
	char			*error;		/* what the list shows */
	size_t			 checked;	/* days whose mark is known */
	enum chart_scale	 scale;
} hd;

enum theme_role
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
	const struct table *t = hd.days.t;
	size_t r;

	for (r = 0; t != NULL && r < t->nrows; r++) {
		if (strcmp(table_cell(t, r, 0)->text, day) == 0)
			return r;
	}
	return (size_t)-1;
}

const char *
hist_mark(const char *day)
{
	size_t r = hist_day_row(day);

	return r == (size_t)-1 ? "?" :
	    table_cell(hd.days.t, r, HIST_MARK_COL)->text;
}

/* The days list; HIST_MARK_COL is "mark". */
static const struct table_colspec hist_cols[] = {
	{ "day", TABLE_TEXT, 0 },
	{ "taken", TABLE_TEXT, 0 },
	{ "lines", TABLE_INT, 0 },
	{ "orders", TABLE_INT, 0 },
	{ "revenue", TABLE_MONEY, 0 },
	{ "mark", TABLE_TEXT, 0 },
	{ "taken_by", TABLE_TEXT, 0 },
	{ NULL, TABLE_TEXT, 0 }
};

/* The days as a table, each marked "checking" until hist_idle knows. */
static struct table *
hist_table(struct snapshot_info *list, size_t n)
{
	struct table *t = table_create();
	size_t i, r;

	table_add_cols(t, hist_cols);
	for (i = 0; i < n; i++) {
		r = table_add_row(t);
		table_set_text(t, r, 0, list[i].day);
		table_set_text(t, r, 1, list[i].taken_at);
		table_set_num(t, r, 2, list[i].order_lines);
		table_set_num(t, r, 3, list[i].orders);
		table_set_num(t, r, 4, list[i].revenue);
		table_set_text(t, r, HIST_MARK_COL, "checking");
		table_set_text(t, r, 6, list[i].taken_by);
	}
	return t;
}

void
hist_open(struct ui_ctx *ctx)
{
	struct snapshot_info *list;
	char *cause = NULL;
	size_t n, i;

	memset(&hd, 0, sizeof hd);
	w_list_init(&hd.days);
	if (settings_is(ctx->db, SET_NUMBER_SCALE, "indian"))
		hd.scale = CHART_SCALE_INDIAN;
	if (snapshot_list(ctx->db, &list, &n, &cause) == -1) {
		hd.error = cause;
		return;
	}
	/* The marks come after the first paint (hist_idle): hashing every
	 * stored result of a large history takes longer than a paint may. */
	w_list_set(&hd.days, hist_table(list, n), 1);
	for (i = 0; i < n; i++)
		snapshot_info_free(&list[i]);
	free(list);
	hd.days.row_role = hist_row_role;
	/* The newest day first in sight. */
	hd.days.sel = n > 0 ? n - 1 : 0;
}

void
hist_close(void)
{
	w_list_free(&hd.days);
	free(hd.error);
	memset(&hd, 0, sizeof hd);
}

struct w_list *
hist_days(void)
{
	return &hd.days;
}

size_t
hist_count(void)
{
	return hd.days.t != NULL ? hd.days.t->nrows : 0;
}

const char *
hist_selected(void)
{
	size_t r = w_list_selected(&hd.days);

	return r == (size_t)-1 ? NULL : table_cell(hd.days.t, r, 0)->text;
}

const char *
hist_neighbour(const char *day, int delta)
{
	const struct table *t = hd.days.t;
	const char *best = NULL, *d;
	size_t r;

	/* The list may be sorted by any column: compare the days. */
	for (r = 0; t != NULL && r < t->nrows; r++) {
		d = table_cell(t, r, 0)->text;
		if (delta < 0 && strcmp(d, day) < 0 &&
		    (best == NULL || strcmp(d, best) > 0))
			best = d;
		if (delta > 0 && strcmp(d, day) > 0 &&
		    (best == NULL || strcmp(d, best) < 0))
			best = d;
	}
	return best;
}

enum chart_scale
hist_scale(void)
{
	return hd.scale;
}

int
hist_idle(struct ui_ctx *ctx)
{
	struct snapshot_info s;
	char *cause = NULL;
	int intact = 0;

	if (hd.days.t == NULL || hd.checked >= hd.days.t->nrows)
		return 0;
	if (snapshot_get(ctx->db, table_cell(hd.days.t, hd.checked, 0)->text,
	    &s, &cause) == 0) {
		if (snapshot_intact(ctx->db, &s, &intact, &cause) == -1)
			intact = 0;
		snapshot_info_free(&s);
	}
	free(cause);
	/* A day verified meanwhile ('V') keeps its fuller mark. */
	if (strcmp(table_cell(hd.days.t, hd.checked, HIST_MARK_COL)->text,
	    "checking") == 0)
		table_set_text(hd.days.t, hd.checked, HIST_MARK_COL, intact ?
		    "intact" : "FAILED");
	hd.checked++;
	return hd.checked < hd.days.t->nrows;
}

/* Set day's mark in the list after a full verify. */
static void
hist_set_mark(const char *day, int ok)
{
	size_t r = hist_day_row(day);

	if (r == (size_t)-1)
		return;
	table_set_text(hd.days.t, r, HIST_MARK_COL, ok ? "verified" :
	    "FAILED");
	/* The widths were measured on "intact": make room for the word. */
	if (hd.days.widths != NULL && hd.days.widths[HIST_MARK_COL] < 8)
		hd.days.widths[HIST_MARK_COL] = 8;
}

int
hist_verify(struct ui_ctx *ctx, const char *day)
{
	struct strbuf report;
	char *cause = NULL, *title, *which;
	int ok;

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
	title = xasprintf("Verify %s: %s", which, ok ? "OK" : "FAILED");
	ui_message(ctx, title, strbuf_str(&report));
	free(title);
	strbuf_free(&report);
	free(which);
	return UI_REDRAW;
}

int
hist_comparable(struct ui_ctx *ctx)
{
	if (hist_count() >= 2)
		return 1;
	ui_notice(ctx, 1, "only one snapshot day: nothing to compare");
	return 0;
}

void
hist_draw_days(WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w);

	draw_text(w, 1, 1, maxx - 2, "mark: intact (content hash holds), "
	    "verified (V: in full), FAILED", theme_attr(THEME_DIM));
	if (hd.error != NULL) {
		draw_data(w, 3, 1, maxx - 2, hd.error, A_NORMAL);
		return;
	}
	if (hist_count() == 0) {
		draw_text(w, 3, 1, maxx - 2, "No snapshot yet: a day is kept "
		    "when its orders are committed.", A_NORMAL);
		return;
	}
	w_list_draw(&hd.days, w, 2, 1, maxy - 2, maxx - 2, 1);
}
