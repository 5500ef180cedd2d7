/* scr_upload: pick a file, show its hash and the policy, import it with a
 * progress bar that Esc cancels; the batch then waits on the checks. */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "db.h"
#include "draw.h"
#include "hash.h"
#include "import.h"
#include "keys.h"
#include "scr.h"
#include "theme.h"
#include "ui.h"
#include "users.h"
#include "w_picker.h"
#include "w_progress.h"
#include "xmem.h"

enum up_state {
	UP_PICK,	/* choosing a file */
	UP_CONFIRM,	/* hash and policy shown, Enter imports */
	UP_IMPORT	/* import running */
};

static struct {
	enum up_state	 state;
	enum import_kind kind;		/* what this upload imports */
	struct w_picker	 picker;
	char		*path;
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
	if (w_picker_open(&up.picker, ctx->datadir != NULL ? ctx->datadir :
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
	free(up.path);
	free(up.policy);
	up.path = up.policy = NULL;
	return 0;
}

/* A file was chosen: hash it and apply the upload policy. */
static int
up_chosen(struct ui_ctx *ctx)
{
	uint8_t digest[HASH_LEN];
	char *cause = NULL;

	free(up.path);
	free(up.policy);
	up.policy = NULL;
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
		ui_notice(ctx, 0, "batch %lld: %lld read, %lld loaded, %lld "
		    "rejected%s%s; %s; accept (a) or discard (d) it here",
		    (long long)res.batch, (long long)res.read,
		    (long long)res.loaded, (long long)res.rejected,
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
		text = xasprintf("%s\n\nl: each line's total_amount is that "
		    "line's own amount (revenue sums the lines).\no: "
		    "total_amount is the order's total, repeated on each of "
		    "its lines (counted once per order).", cause);
		ui_choose(ctx, "How to read total_amount?", text, "lo",
		    "l line amounts   o order totals   Esc cancel",
		    up_scope_answer);
		free(text);
		free(cause);
	} else if (res.over_threshold && !accept_rejects) {
		text = xasprintf("%s\n\nImport it anyway, keeping the rejected "
		    "rows aside? You still accept or discard the batch on the "
		    "checks screen.", cause);
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
		r = w_picker_key(&up.picker, key, &cause);
		if (cause != NULL)
			ui_error(ctx, "Folder", cause);
		if (r == W_PICKER_CHOSEN)
			return up_chosen(ctx);
		return r;
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
			up.state = UP_PICK;
			return UI_REDRAW;
		}
		return UI_UNUSED;
	case UP_IMPORT:
		return UI_NONE;
	}
	return UI_UNUSED;
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
		w_picker_draw(&up.picker, w, y, x, maxy - y, maxx - 2 * x);
		return;
	}
	base = strrchr(up.path, '/');
	base = base != NULL ? base + 1 : up.path;
	draw_text(w, y, x, 10, "File", A_BOLD);
	draw_data(w, y++, x + 10, maxx - x - 12, base, A_NORMAL);
	draw_text(w, y, x, 10, "Folder", A_BOLD);
	draw_data(w, y++, x + 10, maxx - x - 12, up.picker.dir, A_NORMAL);
	draw_text(w, y, x, 10, "Size", A_BOLD);
	draw_printf(w, y++, x + 10, maxx - x - 12, A_NORMAL, "%llu bytes",
	    (unsigned long long)up.size);
	draw_text(w, y, x, 10, "SHA-256", A_BOLD);
	draw_text(w, y++, x + 10, maxx - x - 12, up.sha256, A_NORMAL);
	draw_text(w, y, x, 10, "Policy", A_BOLD);
	if (up.policy == NULL)
		draw_text(w, y++, x + 10, maxx - x - 12, "PASS: extension, "
		    "size limit and name pattern allowed",
		    theme_attr(THEME_PASS));
	else
		draw_data(w, y++, x + 10, maxx - x - 12, up.policy,
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
	{ { 0 }, "Backspace", NULL, "the parent folder (Left/h too)", NULL },
	{ { 0 }, "Up/Down", NULL, "move (j/k, PgUp/PgDn, Home/End too)",
	  NULL },
	{ { 0 }, "Esc", NULL, "during an import: cancel it, keeping nothing",
	  NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

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
};
