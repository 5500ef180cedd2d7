/*
 * scr_approvals: the export requests waiting for the logged-in approver's
 * decision (pending, unexpired, made by someone else: export_pending), read
 * again every second so that a new request appears by itself. Enter opens
 * one in scr_approve, where the decision is taken.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "export.h"
#include "keys.h"
#include "scr.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "w_list.h"

static struct {
	struct w_list	 list;
	char		*error;		/* the list could not be read */
} apl;

/* Whether tables a and b list the same requests in the same order. */
static int
apl_same(const struct table *a, const struct table *b)
{
	size_t r;

	if (a == NULL || a->nrows != b->nrows)
		return 0;
	for (r = 0; r < a->nrows; r++) {
		if (table_cell(a, r, 0)->num != table_cell(b, r, 0)->num)
			return 0;
	}
	return 1;
}

/* Read the list again; a changed one replaces the shown one, keeping the
 * selected request selected. Returns whether anything changed. */
static int
apl_load(struct ui_ctx *ctx)
{
	struct table *t;
	char *cause = NULL;
	size_t r, sel = w_list_selected(&apl.list);
	int64_t id = sel != (size_t)-1 ? table_cell(apl.list.t, sel, 0)->num :
	    0;

	if (export_pending(ctx->db, ctx->user, (int64_t)time(NULL), &t,
	    &cause) == -1) {
		free(apl.error);
		apl.error = cause;
		return 1;
	}
	free(apl.error);
	apl.error = NULL;
	if (apl_same(apl.list.t, t)) {
		table_free(t);
		return 0;
	}
	w_list_set(&apl.list, t, 1);
	for (r = 0; r < t->nrows; r++) {
		if (table_cell(t, r, 0)->num == id)
			apl.list.sel = r;
	}
	return 1;
}

static void
apl_enter(struct ui_ctx *ctx, const void *args)
{
	memset(&apl, 0, sizeof apl);
	w_list_init(&apl.list);
	apl_load(ctx);
}

static int
apl_leave(struct ui_ctx *ctx, char **cause)
{
	w_list_free(&apl.list);
	free(apl.error);
	memset(&apl, 0, sizeof apl);
	return 0;
}

static int
apl_tick(struct ui_ctx *ctx)
{
	return apl_load(ctx) ? UI_REDRAW : UI_NONE;
}

static int
apl_open(struct ui_ctx *ctx)
{
	size_t r = w_list_selected(&apl.list);
	struct scr_approve_args next;

	if (r == (size_t)-1)
		return UI_NONE;
	next.id = table_cell(apl.list.t, r, 0)->num;
	return ui_next(ctx, &scr_approve, &next, sizeof next, UI_PUSH);
}

static int
apl_key(struct ui_ctx *ctx, int key)
{
	int r = w_list_key(&apl.list, key);

	return r == W_LIST_SEARCH ? ui_search(ctx, &apl.list, "Search the "
	    "requests for:") : r;
}

static void
apl_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), width = getmaxx(w) - 2;
	size_t n = apl.list.t != NULL ? apl.list.t->nrows : 0;

	draw_printf(w, 0, 1, width, theme_attr(THEME_TITLE), "Approvals: "
	    "export requests waiting for your decision (%zu)", n);
	if (apl.error != NULL) {
		draw_wrap(w, 2, 1, 3, width, apl.error, theme_attr(THEME_ERROR));
		return;
	}
	if (n == 0) {
		draw_wrap(w, 2, 1, 3, width, "Nothing waits for your "
		    "approval. A request another analyst makes appears here "
		    "by itself; your own never do (four eyes).", A_NORMAL);
		return;
	}
	w_list_draw(&apl.list, w, 2, 1, maxy - 4, width, 1);
	draw_text(w, maxy - 1, 1, width, "Enter opens the request: what it "
	    "exports, then a to approve or r to reject.",
	    theme_attr(THEME_HINT));
}

static const struct ui_key apl_keys[] = {
	{ { '\r', '\n', KEY_ENTER }, "Enter", "open", "open the selected "
	  "request to approve or reject it", apl_open },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_approvals = {
	.name = "approvals",
	.title = "Approvals",
	.step = UI_STEP_AUTHORIZE,
	.enter = apl_enter,
	.leave = apl_leave,
	.draw = apl_draw,
	.key = apl_key,
	.keys = apl_keys,
	.list = 1,
	.tick = apl_tick,
};
