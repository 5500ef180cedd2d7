/* scr_upload: pick a file, show its hash and the policy, import it with a
 * progress bar that Esc cancels; the batch then waits on the checks. For
 * orders, s lists the saved queries of the named SQL sources (sources.h):
 * the query is shown before Enter runs it. */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "db.h"
#include "draw.h"
#include "hash.h"
#include "import.h"
#include "keys.h"
#include "scr.h"
#include "sources.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "users.h"
#include "w_list.h"
#include "w_picker.h"
#include "w_progress.h"
#include "xmem.h"

enum up_state {
	UP_PICK,	/* choosing a file */
	UP_QUERIES,	/* choosing a saved query of a named source */
	UP_CONFIRM,	/* hash and policy shown, Enter imports */
	UP_IMPORT	/* import running */
};

static struct {
	enum up_state	 state;
	enum import_kind kind;		/* what this upload imports */
	struct w_picker	 picker;
	struct w_list	 queries;	/* source, query, URI, SQL */
	char		*path;		/* the file, or the source's URI */
	char		*query;		/* the saved query's SQL, or NULL */
	uint64_t	 size;
	char		 sha256[HASH_HEXLEN + 1];
	char		*policy;	/* NULL when allowed, else why not */
	struct w_progress prog;
	const char	*scope;		/* amount scope chosen, NULL: auto */
	int		 cancel;
	double		 painted;
} up;


static void
up_enter(struct ui_ctx *ctx, const void *args)
{
	const struct scr_upload_args *a = args;
	char *exts, *cause = NULL;

	memset(&up, 0, sizeof up);
	up.kind = a->orders ? IMPORT_ORDERS : IMPORT_CUSTOMERS;
	/* The policy's extensions, narrowed to what the kind reads. */
	exts = import_formats_for(ctx->db, up.kind);
	w_picker_init(&up.picker);
	w_list_init(&up.queries);
	/* Back where the last upload chose, else the sample folder. */
	if (w_picker_resume(&up.picker, ctx->datadir != NULL ? ctx->datadir :
	    ".", exts, &cause) == -1) {
		free(cause);
		cause = NULL;
		if (w_picker_open(&up.picker, ".", exts, &cause) == -1)
			ui_error(ctx, "Upload", cause);
	}
	free(exts);
}

static int
up_leave(struct ui_ctx *ctx, char **cause)
{
	w_picker_free(&up.picker);
	w_list_free(&up.queries);
	free(up.path);
	free(up.query);
	free(up.policy);
	up.path = up.query = up.policy = NULL;
	return 0;
}

/* A file was chosen: hash it and apply the upload policy. */
static int
up_chosen(struct ui_ctx *ctx)
{
	uint8_t digest[HASH_LEN];
	char *cause = NULL;

	free(up.path);
	free(up.query);
	free(up.policy);
	up.policy = up.query = NULL;
	up.path = w_picker_path(&up.picker);
	up.scope = NULL;	/* a new file: auto again */
	ui_notice(ctx, 0, "computing the SHA-256...");
	ui_paint(ctx);
	if (hash_file(up.path, digest, &up.size, &cause) == -1) {
		ui_error(ctx, "Cannot read the file", cause);
		return UI_REDRAW;
	}
	hash_hex(digest, sizeof digest, up.sha256);
	if (import_policy(ctx->db, up.path, up.size, &cause) == -1)
		up.policy = cause;
	up.state = UP_CONFIRM;
	free(ctx->msg);
	ctx->msg = NULL;
	return UI_REDRAW;
}

/* What the walk over sources and their queries fills. */
struct up_walk {
	struct db			*db;
	struct table			*t;
	const struct sources_item	*source;	/* the one walked */
	char				*cause;
};

/* One saved query of the walked source: a row of the list. */
static int
up_query_row(const struct sources_item *it, void *arg)
{
	struct up_walk *wk = arg;
	size_t r = table_add_row(wk->t);

	table_set_text(wk->t, r, 0, wk->source->name);
	table_set_text(wk->t, r, 1, it->name);
	table_set_text(wk->t, r, 2, wk->source->text);
	table_set_text(wk->t, r, 3, it->text);
	return 0;
}

static int
up_source_row(const struct sources_item *it, void *arg)
{
	struct up_walk *wk = arg;

	wk->source = it;
	return sources_queries(wk->db, it->name, up_query_row, wk,
	    &wk->cause) == -1;
}

/* s: list every saved query of every named source. */
static int
up_sources(struct ui_ctx *ctx)
{
	struct up_walk wk = { ctx->db, table_create(), NULL, NULL };

	table_add_col(wk.t, "source", TABLE_TEXT, 0);
	table_add_col(wk.t, "query", TABLE_TEXT, 0);
	table_add_col(wk.t, "URI", TABLE_TEXT, 0);
	table_add_col(wk.t, "SQL", TABLE_TEXT, 0);
	if (sources_list(ctx->db, up_source_row, &wk, &wk.cause) == -1 ||
	    wk.cause != NULL) {
		table_free(wk.t);
		ui_error(ctx, "Sources", wk.cause);
		return UI_REDRAW;
	}
	if (wk.t->nrows == 0) {
		table_free(wk.t);
		ui_notice(ctx, 1, "no saved queries: an admin adds them with "
		    "'kpidesk source add' and 'kpidesk source query'");
		return UI_REDRAW;
	}
	w_list_set(&up.queries, wk.t, 1);
	up.state = UP_QUERIES;
	return UI_REDRAW;
}

/* A saved query was chosen: show it; Enter runs it. */
static int
up_query_chosen(void)
{
	size_t r = w_list_selected(&up.queries);

	if (up.queries.t == NULL || r >= up.queries.t->nrows)
		return UI_NONE;
	free(up.path);
	free(up.query);
	free(up.policy);
	up.policy = NULL;
	up.path = xstrdup(table_cell(up.queries.t, r, 2)->text);
	up.query = xstrdup(table_cell(up.queries.t, r, 3)->text);
	up.size = 0;
	up.scope = NULL;
	up.state = UP_CONFIRM;
	return UI_REDRAW;
}

/* Called by the import every few thousand rows: repaint, read Esc. */
static int
up_progress(const struct import_progress *p, void *arg)
{
	struct ui_ctx *ctx = arg;
	double now = datetime_monotonic();
	int key;

	up.prog.rows = p->rows;
	up.prog.bytes = p->bytes;
	up.prog.total = p->total;
	up.prog.elapsed = p->elapsed;
	while ((key = ui_poll_key(ctx)) != ERR) {
		if (key == KEYS_ESC)
			up.cancel = 1;
	}
	if (up.cancel || now - up.painted >= 0.1) {
		ui_paint(ctx);
		up.painted = now;
	}
	return up.cancel;
}

static int up_import(struct ui_ctx *, int);

static int
up_accept_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	return yes ? up_import(ctx, 1) : UI_REDRAW;
}

/* The analyst says how to read total_amount when the file does not. */
static int
up_scope_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	if (!yes || value == NULL)
		return UI_REDRAW;
	up.scope = value[0] == 'o' ? "order" : "line";
	return up_import(ctx, 0);
}

static int
up_import(struct ui_ctx *ctx, int accept_rejects)
{
	struct import_opts o;
	struct import_result res;
	struct scr_checks_args next;
	char *cause = NULL, *text;
	int rc;

	memset(&o, 0, sizeof o);
	o.kind = up.kind;
	o.path = up.path;
	o.query = up.query;
	o.actor = ctx->user;
	o.accept_rejects = accept_rejects;
	o.amount_scope = up.scope;
	o.keep_pending = 1;	/* the analyst decides on the checks screen */
	o.progress = up_progress;
	o.progress_arg = ctx;
	memset(&up.prog, 0, sizeof up.prog);
	up.prog.total = up.size;
	up.cancel = 0;
	up.state = UP_IMPORT;
	ui_paint(ctx);
	up.painted = datetime_monotonic();
	rc = import_run(ctx->db, &o, &res, &cause);
	up.state = UP_CONFIRM;
	if (rc == 0) {
		ui_notice(ctx, 0, "batch %lld: %s read, %s loaded, %s "
		    "rejected%s%s; %s; accept (a) or discard (d) it here",
		    (long long)res.batch, draw_int(res.read).s,
		    draw_int(res.loaded).s, draw_int(res.rejected).s,
		    res.amount_scope != NULL ? ", amounts read as " : "",
		    res.amount_scope != NULL ? res.amount_scope : "",
		    res.read_as != NULL ? res.read_as : "");
		ctx->pending = res.batch;
		next.batch = res.batch;
		import_result_free(&res);
		return ui_next(ctx, &scr_checks, &next, sizeof next,
		    UI_REPLACE);
	}
	if (up.cancel) {
		ui_message(ctx, "Import cancelled", "The import was cancelled: "
		    "nothing was loaded.");
		free(cause);
	} else if (res.scope_undecided) {
		text = xasprintf("%s.\n\nl: each line's total_amount is that "
		    "line's own amount (revenue sums the lines).\no: "
		    "total_amount is the order's total, repeated on each of "
		    "its lines (counted once per order).",
		    res.refusal_fact != NULL ? res.refusal_fact : cause);
		ui_choose(ctx, "How to read total_amount?", text, "lo",
		    "l line amounts   o order totals   Esc cancel",
		    up_scope_answer);
		free(text);
		free(cause);
	} else if (res.over_threshold && !accept_rejects) {
		text = xasprintf("%s.\n\nImport it anyway, keeping the "
		    "rejected rows aside? y imports it (you still accept or "
		    "discard the batch on the checks screen), n or Esc keeps "
		    "nothing.", res.refusal_fact != NULL ? res.refusal_fact :
		    cause);
		ui_confirm(ctx, "Too many rejected rows", text,
		    up_accept_answer);
		free(text);
		free(cause);
	} else if (!ui_refused(ctx, ROLE_ANALYST, &cause))
		ui_error(ctx, "Import refused", cause);
	import_result_free(&res);
	return UI_REDRAW;
}

static int
up_key(struct ui_ctx *ctx, int key)
{
	char *cause = NULL;
	int r;

	switch (up.state) {
	case UP_PICK:
		if (key == 's' && up.kind == IMPORT_ORDERS &&
		    !up.picker.finding)
			return up_sources(ctx);
		r = w_picker_key(&up.picker, key, &cause);
		if (cause != NULL)
			ui_error(ctx, "Folder", cause);
		if (r == W_PICKER_CHOSEN)
			return up_chosen(ctx);
		return r;
	case UP_QUERIES:
		if (KEYS_ENTER(key))
			return up_query_chosen();
		if (key == KEYS_ESC || key == 'q' || KEYS_BACKSPACE(key)) {
			up.state = UP_PICK;
			return UI_REDRAW;
		}
		return w_list_key(&up.queries, key);
	case UP_CONFIRM:
		if (KEYS_ENTER(key)) {
			if (up.policy != NULL) {
				ui_notice(ctx, 1, "the upload policy refuses "
				    "this file");
				return UI_REDRAW;
			}
			return up_import(ctx, 0);
		}
		if (key == KEYS_ESC || key == 'q' || KEYS_BACKSPACE(key)) {
			up.state = up.query != NULL ? UP_QUERIES : UP_PICK;
			return UI_REDRAW;
		}
		return UI_UNUSED;
	case UP_IMPORT:
		return UI_NONE;
	}
	return UI_UNUSED;
}

/* The chosen saved query, shown whole before it runs. */
static void
up_draw_query(WINDOW *w, int y, int x, int maxy, int maxx)
{
	size_t r = w_list_selected(&up.queries);

	draw_text(w, y, x, 10, "Source", A_BOLD);
	draw_data(w, y++, x + 10, maxx - x - 12, table_cell(up.queries.t, r,
	    0)->text, A_NORMAL);
	draw_text(w, y, x, 10, "URI", A_BOLD);
	draw_data(w, y++, x + 10, maxx - x - 12, up.path, A_NORMAL);
	draw_text(w, y, x, 10, "Query", A_BOLD);
	draw_data(w, y++, x + 10, maxx - x - 12, table_cell(up.queries.t, r,
	    1)->text, A_NORMAL);
	y += draw_wrap(w, y, x, maxy - y - 3, maxx - 2 * x, up.query,
	    A_NORMAL) + 1;
	if (up.state == UP_CONFIRM) {
		draw_text(w, y, x, maxx - x, "Enter runs this query (read-only) "
		    "and imports its rows; Esc goes back.", A_BOLD);
		return;
	}
	draw_text(w, y++, x, maxx - x, "Importing... Esc cancels and "
	    "leaves nothing behind.", A_BOLD);
	w_progress_draw(&up.prog, w, y + 1, x, maxx - 2 * x);
}

static void
up_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w), x = 2, y = 0;
	char *formats = import_formats_label(up.kind);
	const char *base;

	draw_printf(w, y, x, maxx - x, theme_attr(THEME_TITLE), "%s (%s)",
	    up.kind == IMPORT_ORDERS ? "Import orders" :
	    "Upload the customer master", formats);
	free(formats);
	y += 2;
	if (up.state == UP_PICK) {
		if (up.kind == IMPORT_ORDERS)
			draw_text(w, y - 1, x, maxx - 2 * x, "s: from a "
			    "database (the saved queries)", theme_attr(
			    THEME_DIM));
		w_picker_draw(&up.picker, w, y, x, maxy - y, maxx - 2 * x);
		return;
	}
	if (up.state == UP_QUERIES) {
		w_list_draw(&up.queries, w, y, x, maxy - y, maxx - 2 * x, 1);
		return;
	}
	if (up.query != NULL) {
		up_draw_query(w, y, x, maxy, maxx);
		return;
	}
	base = strrchr(up.path, '/');
	base = base != NULL ? base + 1 : up.path;
	draw_text(w, y, x, 10, "File", A_BOLD);
	draw_data(w, y++, x + 10, maxx - x - 12, base, A_NORMAL);
	draw_text(w, y, x, 10, "Folder", A_BOLD);
	draw_data(w, y++, x + 10, maxx - x - 12, up.picker.dir, A_NORMAL);
	draw_text(w, y, x, 10, "Size", A_BOLD);
	draw_text(w, y++, x + 10, maxx - x - 12, draw_size(up.size).s,
	    A_NORMAL);
	draw_text(w, y, x, 10, "SHA-256", A_BOLD);
	draw_text(w, y++, x + 10, maxx - x - 12, up.sha256, A_NORMAL);
	draw_text(w, y, x, 10, "Policy", A_BOLD);
	if (up.policy == NULL)
		draw_text(w, y++, x + 10, maxx - x - 12, "PASS: extension, "
		    "size limit and name pattern allowed",
		    theme_attr(THEME_PASS));
	else	/* Wrapped: the limit itself ends the sentence. */
		y += draw_wrap(w, y, x + 10, 3, maxx - x - 12, up.policy,
		    theme_attr(THEME_FAIL));
	y++;
	if (up.state == UP_CONFIRM) {
		draw_text(w, y, x, maxx - x, up.policy == NULL ?
		    "Enter imports the file; Esc goes back to the list." :
		    "This file cannot be imported; Esc goes back to the list.",
		    A_BOLD);
		return;
	}
	draw_text(w, y++, x, maxx - x, "Importing... Esc cancels and "
	    "leaves nothing behind.", A_BOLD);
	y++;
	w_progress_draw(&up.prog, w, y, x, maxx - 2 * x);
}

static const struct ui_key up_keys[] = {
	{ { 0 }, "Enter", "choose", "open a folder, choose a file, then "
	  "import it", NULL },
	{ { 0 }, "Backspace", NULL, "the parent folder, the cursor on the "
	  "folder left (Left/h too)", NULL },
	{ { 0 }, "/", "find", "find: typing filters the names; a path "
	  "(/tmp/dir, ~/x.csv, sub/x.csv) and Enter goes there; Esc shows "
	  "all", NULL },
	{ { 0 }, "~", NULL, "find, starting at your home folder", NULL },
	{ { 0 }, "Up/Down", NULL, "move (j/k, PgUp/PgDn, Home/End too)",
	  NULL },
	{ { 's' }, "s", "database", "orders: from a named SQL source's saved "
	  "query", NULL },
	{ { 0 }, "Esc", NULL, "during an import: cancel it, keeping nothing",
	  NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

/* The hint words of each state (the help lists up_keys whole). */
static const struct ui_key up_hints_pick[] = {
	{ { 0 }, "Enter", "choose", NULL, NULL },
	{ { 0 }, "/", "find", NULL, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};
static const struct ui_key up_hints_orders[] = {
	{ { 0 }, "Enter", "choose", NULL, NULL },
	{ { 0 }, "/", "find", NULL, NULL },
	{ { 0 }, "s", "database", NULL, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};
static const struct ui_key up_hints_finding[] = {
	{ { 0 }, "Enter", "go", NULL, NULL },
	{ { 0 }, "Esc", "show all", NULL, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};
static const struct ui_key up_hints_queries[] = {
	{ { 0 }, "Enter", "choose", NULL, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};
static const struct ui_key up_hints_confirm[] = {
	{ { 0 }, "Enter", "import", NULL, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};
static const struct ui_key up_hints_import[] = {
	{ { 0 }, "Esc", "cancel the import", NULL, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

static const struct ui_key *
up_hints(const struct ui_ctx *ctx)
{
	switch (up.state) {
	case UP_PICK:
		if (up.picker.finding)
			return up_hints_finding;
		return up.kind == IMPORT_ORDERS ? up_hints_orders :
		    up_hints_pick;
	case UP_QUERIES:
		return up_hints_queries;
	case UP_CONFIRM:
		return up.policy == NULL ? up_hints_confirm : NULL;
	case UP_IMPORT:
		return up_hints_import;
	}
	return up_keys;
}

const struct ui_screen scr_upload = {
	.name = "upload",
	.title = "Upload",
	.step = UI_STEP_UPLOAD,
	.enter = up_enter,
	.args_size = sizeof (struct scr_upload_args),
	.leave = up_leave,
	.draw = up_draw,
	.key = up_key,
	.keys = up_keys,
	.hints = up_hints,
};
