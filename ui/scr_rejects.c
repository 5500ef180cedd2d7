/* scr_rejects: the rows behind one check (line, kind, column, value,
 * message, problem), values shown sanitized. */
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "draw.h"
#include "keys.h"
#include "scr.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "w_list.h"
#include "xmem.h"

#define REJ_LIMIT	100000	/* rows read at most; the CSV has them all */

static struct {
	struct w_list	 list;
	char		*error;
	int64_t		 batch;
	char		*check;		/* NULL: all checks */
} rej;

static void
rej_enter(struct ui_ctx *ctx, const void *args)
{
	const struct scr_rejects_args *a = args;
	struct table *t;
	char *cause = NULL;

	w_list_init(&rej.list);
	rej.error = NULL;
	rej.batch = a->batch;
	rej.check = a->check != NULL ? xstrdup(a->check) : NULL;
	if (checks_issues(ctx->db, rej.batch, rej.check, REJ_LIMIT,
	    &t, &cause) == -1) {
		rej.error = cause;
		return;
	}
	w_list_set(&rej.list, t, 1);
}

static int
rej_leave(struct ui_ctx *ctx, char **cause)
{
	w_list_free(&rej.list);
	free(rej.error);
	rej.error = NULL;
	free(rej.check);
	rej.check = NULL;
	return 0;
}

static int
rej_show(struct ui_ctx *ctx)
{
	size_t r = w_list_selected(&rej.list);
	char *text;

	if (r == (size_t)-1)
		return UI_NONE;
	text = xasprintf("line %lld, %s, column %s\nproblem: %s\nmessage: "
	    "%s\n\nvalue:\n%s",
	    (long long)table_cell(rej.list.t, r, 0)->num,
	    table_cell(rej.list.t, r, 1)->text,
	    table_cell(rej.list.t, r, 2)->text,
	    table_cell(rej.list.t, r, 5)->text,
	    table_cell(rej.list.t, r, 4)->text,
	    table_cell(rej.list.t, r, 3)->text);
	ui_message(ctx, "Row", text);
	free(text);
	return UI_REDRAW;
}

static int
rej_key(struct ui_ctx *ctx, int key)
{
	int r = w_list_key(&rej.list, key);

	return r == W_LIST_SEARCH ? ui_search(ctx, &rej.list,
	    "Search the rows for:") : r;
}

static void
rej_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w);

	draw_printf(w, 0, 1, maxx - 2, theme_attr(THEME_TITLE),
	    "Rows behind: %s (batch %lld)", rej.check != NULL ? rej.check :
	    "all checks", (long long)rej.batch);
	if (rej.list.t != NULL)
		draw_text(w, 1, 1, maxx - 2, draw_count((int64_t)
		    rej.list.t->nrows, "row", "rows").s, theme_attr(THEME_DIM));
	if (rej.error != NULL) {
		draw_data(w, 2, 1, maxx - 2, rej.error, A_NORMAL);
		return;
	}
	w_list_draw(&rej.list, w, 2, 1, maxy - 2, maxx - 2, 1);
}

static const struct ui_key rej_keys[] = {
	{ { '\r', '\n', KEY_ENTER }, "Enter", "value", "show the whole row",
	  rej_show },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_rejects = {
	.name = "rejects",
	.title = "Rows behind a check",
	.step = UI_STEP_CHECKS,
	.enter = rej_enter,
	.args_size = sizeof (struct scr_rejects_args),
	.leave = rej_leave,
	.draw = rej_draw,
	.key = rej_key,
	.keys = rej_keys,
	.list = 1,
};
