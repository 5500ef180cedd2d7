/* scr_checks: the sanity checks of a batch, PASS / WARN / FAIL with counts;
 * the analyst accepts or discards a pending batch here. */
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "draw.h"
#include "import.h"
#include "keys.h"
#include "rejects.h"
#include "scr.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "users.h"
#include "w_list.h"
#include "xmem.h"

static struct {
	int64_t			 batch;
	struct checks_batch	 info;
	struct checks_item	*items;
	size_t			 n;
	struct w_list		 list;
	char			*error;		/* nothing to show, and why */
} chk;

static int
chk_row_role(const struct table *t, size_t r, void *arg)
{
	return theme_status(table_cell(t, r, 0)->text);
}

static void
chk_unload(void)
{
	checks_batch_free(&chk.info);
	checks_free(chk.items, chk.n);
	chk.items = NULL;
	chk.n = 0;
	w_list_free(&chk.list);
	free(chk.error);
	chk.error = NULL;
}

static void
chk_load(struct ui_ctx *ctx)
{
	struct table *t;
	char *cause = NULL;
	size_t i, r, sel = chk.list.sel;

	chk_unload();
	w_list_init(&chk.list);
	if (chk.batch == 0 &&
	    (chk.batch = checks_latest_batch(ctx->db, &cause)) <= 0) {
		chk.error = cause != NULL ? cause : xstrdup("No batch yet: "
		    "upload a customer master or import orders first.");
		chk.batch = 0;
		return;
	}
	if (checks_batch_info(ctx->db, chk.batch, &chk.info, &cause) == -1 ||
	    checks_load(ctx->db, chk.batch, &chk.items, &chk.n, &cause) == -1) {
		chk.error = cause;
		return;
	}
	t = table_create();
	table_add_col(t, "status", TABLE_TEXT, 0);
	/* One meaning: the rows Enter lists (the detail says the rest). */
	table_add_col(t, "rows", TABLE_INT, 0);
	table_add_col(t, "area", TABLE_TEXT, 0);
	table_add_col(t, "check", TABLE_TEXT, 0);
	for (i = 0; i < chk.n; i++) {
		r = table_add_row(t);
		table_set_text(t, r, 0, chk.items[i].status);
		table_set_num(t, r, 1, checks_rows_behind(&chk.items[i]));
		table_set_text(t, r, 2, chk.items[i].category);
		table_set_text(t, r, 3, chk.items[i].name);
	}
	w_list_set(&chk.list, t, 1);
	chk.list.row_role = chk_row_role;
	chk.list.sel = sel;
}

static void
chk_enter(struct ui_ctx *ctx, const void *args)
{
	const struct scr_checks_args *a = args;

	memset(&chk, 0, sizeof chk);
	chk.batch = a->batch != 0 ? a->batch : ctx->pending;
	chk_load(ctx);
}

static int
chk_leave(struct ui_ctx *ctx, char **cause)
{
	chk_unload();
	return 0;
}

/* The check item of the selected row (rows may be sorted). */
static const struct checks_item *
chk_selected(void)
{
	size_t r = w_list_selected(&chk.list), i;
	const char *name;

	if (r == (size_t)-1)
		return NULL;
	name = table_cell(chk.list.t, r, 3)->text;
	for (i = 0; i < chk.n; i++) {
		if (strcmp(chk.items[i].name, name) == 0)
			return &chk.items[i];
	}
	return NULL;
}

static int
chk_pending(struct ui_ctx *ctx)
{
	if (chk.info.status != NULL && strcmp(chk.info.status, "pending") == 0)
		return 1;
	ui_notice(ctx, 1, "batch %lld is %s: nothing to decide",
	    (long long)chk.batch, chk.info.status != NULL ? chk.info.status :
	    "unknown");
	return 0;
}

static int
chk_accept(struct ui_ctx *ctx)
{
	char *cause = NULL;

	if (!chk_pending(ctx))
		return UI_REDRAW;
	if (import_accept(ctx->db, chk.batch, ctx->user, &cause) == -1) {
		if (!ui_refused(ctx, ROLE_ANALYST, &cause))
			ui_error(ctx, "Accept failed", cause);
		return UI_REDRAW;
	}
	if (ctx->pending == chk.batch)
		ctx->pending = 0;
	chk_load(ctx);
	ui_notice(ctx, 0, "batch %lld accepted: its rows are committed; K "
	    "opens the KPIs", (long long)chk.batch);
	return UI_REDRAW;
}

static int
chk_discard_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	char *cause = NULL;

	if (!yes)
		return UI_REDRAW;
	if (import_discard(ctx->db, chk.batch, ctx->user, &cause) == -1) {
		if (!ui_refused(ctx, ROLE_ANALYST, &cause))
			ui_error(ctx, "Discard failed", cause);
		return UI_REDRAW;
	}
	if (ctx->pending == chk.batch)
		ctx->pending = 0;
	chk_load(ctx);
	ui_notice(ctx, 0, "batch %lld discarded: its rows were removed",
	    (long long)chk.batch);
	return UI_REDRAW;
}

static int
chk_discard(struct ui_ctx *ctx)
{
	if (!chk_pending(ctx))
		return UI_REDRAW;
	ui_confirm(ctx, "Discard the batch?", "Its rows are removed; the "
	    "batch record and its rejected rows stay as evidence.",
	    chk_discard_answer);
	return UI_REDRAW;
}

static int
chk_write_answer(struct ui_ctx *ctx, int yes, const char *path)
{
	char *cause = NULL;
	int64_t n;

	if (!yes || *path == '\0')
		return UI_REDRAW;
	if ((n = rejects_write_csv(ctx->db, chk.batch, path, &cause)) == -1) {
		ui_error(ctx, "Writing the rejected rows failed", cause);
		return UI_REDRAW;
	}
	ui_notice(ctx, 0, "%s written to %s", draw_count(n, "row", "rows").s,
	    path);
	return UI_REDRAW;
}

static int
chk_write(struct ui_ctx *ctx)
{
	char *init;

	if (chk.batch == 0)
		return UI_NONE;
	init = xasprintf("rejects-batch-%lld.csv", (long long)chk.batch);
	ui_prompt(ctx, "Write the rejected rows as CSV to:", init, 0,
	    chk_write_answer);
	free(init);
	return UI_REDRAW;
}

static int
chk_rows(struct ui_ctx *ctx)
{
	const struct checks_item *it = chk_selected();
	struct scr_rejects_args next;
	char *text;

	if (it == NULL)
		return UI_NONE;
	if (checks_rows_behind(it) == 0) {
		/* A file, schema or cross check: its detail is all there is. */
		text = xasprintf("%s %s\n\n%s\n\nNo row of the batch stands "
		    "behind this check.", it->status, it->name, it->detail);
		ui_message(ctx, "Check", text);
		free(text);
		return UI_REDRAW;
	}
	/* it stays valid: this screen stays open below the rows. */
	next.batch = chk.batch;
	next.check = it->name;
	return ui_next(ctx, &scr_rejects, &next, sizeof next, UI_PUSH);
}

static int
chk_kpis(struct ui_ctx *ctx)
{
	const struct ui_action *a;
	size_t i;

	for (i = 0; (a = ui_action_at(i)) != NULL; i++) {
		if (strcmp(a->name, "kpi") == 0)
			return ui_open(ctx, a);
	}
	return UI_NONE;
}

static int
chk_key(struct ui_ctx *ctx, int key)
{
	return w_list_key(&chk.list, key) == UI_REDRAW ? UI_REDRAW : UI_UNUSED;
}

static void
chk_draw(struct ui_ctx *ctx, WINDOW *w)
{
	const struct checks_item *it;
	int maxy = getmaxy(w), maxx = getmaxx(w), x = 1, y = 0, listh;
	const char *p, *nl;
	char *line;
	attr_t st;

	draw_text(w, y++, x, maxx - x, "Sanity checks", theme_attr(THEME_TITLE));
	if (chk.error != NULL) {
		draw_data(w, y + 1, x, maxx - x, chk.error, A_NORMAL);
		return;
	}
	st = strcmp(chk.info.status, "pending") == 0 ? theme_attr(THEME_WARN) :
	    strcmp(chk.info.status, "committed") == 0 ?
	    theme_attr(THEME_PASS) : theme_attr(THEME_FAIL);
	x += draw_printf(w, y, x, maxx - x, A_BOLD, "Batch %lld (%s) ",
	    (long long)chk.batch, chk.info.kind);
	x += draw_data(w, y, x, maxx - x, chk.info.status, st);
	x += draw_text(w, y, x, maxx - x, "  ", A_NORMAL);
	draw_data(w, y++, x, maxx - x, chk.info.file, A_NORMAL);
	x = 1;
	draw_printf(w, y++, x, maxx - x, A_NORMAL, "read %s, loaded %s, "
	    "rejected %s, duplicates %s, warnings %s",
	    draw_int(chk.info.read).s, draw_int(chk.info.loaded).s,
	    draw_int(chk.info.rejected).s, draw_int(chk.info.duplicates).s,
	    draw_int(chk.info.warnings).s);
	draw_printf(w, y++, x, maxx - x, theme_attr(THEME_DIM), "sha256 %s",
	    chk.info.sha256);
	listh = maxy - y - 5;
	w_list_draw(&chk.list, w, y, x, listh, maxx - 2, 1);
	y += listh;
	draw_hline(w, y++, x, maxx - 2);
	if ((it = chk_selected()) == NULL)
		return;
	draw_data(w, y++, x, maxx - 2, it->detail, A_BOLD);
	for (p = it->samples; *p != '\0' && y < maxy; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		line = xstrndup(p, (size_t)(nl - p));
		draw_data(w, y++, x + 2, maxx - 4, line, A_NORMAL);
		free(line);
	}
}

/* a and d first: chk_hints leaves them out for a decided batch. */
static const struct ui_key chk_keys[] = {
	{ { 'a' }, "a", "accept", "accept the pending batch (commit it)",
	  chk_accept },
	{ { 'd' }, "d", "discard", "discard the pending batch", chk_discard },
	{ { '\r', '\n', KEY_ENTER }, "Enter", "rows", "show the rows behind "
	  "the selected check", chk_rows },
	{ { 'w' }, "w", "write", "write the rejected rows to a CSV file",
	  chk_write },
	{ { 'K' }, "K", "KPIs", "open the KPI dashboard", chk_kpis },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

/* A batch already decided offers no accept or discard. */
static const struct ui_key *
chk_hints(const struct ui_ctx *ctx)
{
	if (chk.info.status != NULL && strcmp(chk.info.status, "pending") == 0)
		return chk_keys;
	return chk_keys + 2;	/* past a and d */
}

const struct ui_screen scr_checks = {
	.name = "checks",
	.title = "Sanity checks",
	.step = UI_STEP_CHECKS,
	.enter = chk_enter,
	.args_size = sizeof (struct scr_checks_args),
	.leave = chk_leave,
	.draw = chk_draw,
	.key = chk_key,
	.keys = chk_keys,
	.list = 1,
	.hints = chk_hints,
};
