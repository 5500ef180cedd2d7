/*
 * scr_export_write: writing an approved export (step Export). The output
 * path starts as the default and can be edited; the core refuses a
 * symbolic link, a missing folder, or an existing file unless the user
 * confirms replacing it, then shows the written path and SHA-256. The
 * request comes from scr_export (struct scr_export_write_args); if the
 * screen closes before the workbook is written, the request is withdrawn
 * (audited), and a refusal of that is the screen's last word (leave).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "db.h"
#include "draw.h"
#include "export.h"
#include "keys.h"
#include "scr.h"
#include "theme.h"
#include "ui.h"
#include "users.h"
#include "w_input.h"
#include "xmem.h"

static struct {
	struct export_summary	 s;
	int			 loaded;	/* s holds the request */
	char			*error;		/* why it could not be loaded */
	char			*defpath;	/* the default output, or NULL */
	struct w_input		 path;
	char			*refusal;	/* the core's last refusal */
	int			 written;
	struct export_result	 res;
} wr;

/* The path export_write uses when given none (export_default_path). Only
 * shown here; when the field still holds it the core is given NULL and
 * makes the folder itself. NULL when it cannot be known. */
static char *
wr_default_path(struct ui_ctx *ctx)
{
	char *path = NULL, *dir = NULL, *cause = NULL;

	if (export_default_path(ctx->db, wr.s.as_of_text, &path, &dir,
	    &cause) == -1)
		free(cause);
	free(dir);
	return path;
}

static void
wr_enter(struct ui_ctx *ctx, const void *args)
{
	const struct scr_export_write_args *a = args;
	char *cause = NULL;

	memset(&wr, 0, sizeof wr);
	w_input_init(&wr.path, 0);
	if (export_load(ctx->db, a->id, &wr.s, &cause) == -1) {
		export_summary_free(&wr.s);
		memset(&wr.s, 0, sizeof wr.s);
		wr.error = cause != NULL ? cause : xstrdup("failed");
		return;
	}
	wr.loaded = 1;
	if ((wr.defpath = wr_default_path(ctx)) != NULL)
		w_input_set(&wr.path, wr.defpath);
}

/* Whether the approved request still waits to be written. */
static int
wr_open(void)
{
	return wr.loaded && !wr.written &&
	    strcmp(wr.s.status, "approved") == 0;
}

static int
wr_leave(struct ui_ctx *ctx, char **cause)
{
	char *why = NULL;
	int rc = 0;

	if (wr_open() &&
	    export_cancel(ctx->db, wr.s.id, ctx->user, &why) == -1) {
		*cause = xasprintf("export request %lld was not withdrawn: %s",
		    (long long)wr.s.id, why != NULL ? why : "refused");
		free(why);
		rc = -1;
	}
	export_summary_free(&wr.s);
	export_result_free(&wr.res);
	w_input_wipe(&wr.path);
	free(wr.error);
	free(wr.defpath);
	free(wr.refusal);
	memset(&wr, 0, sizeof wr);
	return rc;
}

/* Read the request again after a refusal: it may have been closed. */
static void
wr_reload(struct ui_ctx *ctx)
{
	struct export_summary s;
	char *cause = NULL;

	memset(&s, 0, sizeof s);
	if (export_load(ctx->db, wr.s.id, &s, &cause) == -1) {
		free(cause);
		export_summary_free(&s);
		return;
	}
	export_summary_free(&wr.s);
	wr.s = s;
}

static int wr_replace_answer(struct ui_ctx *, int, const char *);

/* Write to the path in the field; ask before replacing a file. */
static int
wr_write(struct ui_ctx *ctx, int overwrite)
{
	const char *text = w_input_text(&wr.path), *out;
	char *cause = NULL, *ask;
	int rc;

	if (*text == '\0') {
		ui_notice(ctx, 1, "type the path of the workbook to write");
		return UI_REDRAW;
	}
	out = wr.defpath != NULL && strcmp(text, wr.defpath) == 0 ? NULL :
	    text;
	ui_notice(ctx, 0, "writing the workbook...");
	ui_paint(ctx);
	export_result_free(&wr.res);
	rc = export_write(ctx->db, wr.s.id, out, overwrite,
	    (int64_t)time(NULL), &wr.res, &cause);
	free(ctx->msg);
	ctx->msg = NULL;
	free(wr.refusal);
	wr.refusal = NULL;
	if (rc == 0) {
		wr.written = 1;
		wr_reload(ctx);
		ui_notice(ctx, 0, "the workbook is written");
		return UI_REDRAW;
	}
	if (wr.res.exists && !overwrite) {
		/* The core's cause names the command line's --force. */
		ask = xasprintf("%s exists.\n\nReplace it with this export? "
		    "y replaces it; n keeps it (edit the path to write "
		    "elsewhere).", text);
		ui_confirm(ctx, "Replace the existing file?", ask,
		    wr_replace_answer);
		free(ask);
		free(cause);
		export_result_free(&wr.res);
		memset(&wr.res, 0, sizeof wr.res);
		return UI_REDRAW;
	}
	export_result_free(&wr.res);
	memset(&wr.res, 0, sizeof wr.res);
	if (ui_refused(ctx, ROLE_ANALYST, &cause))
		return UI_REDRAW;
	wr.refusal = cause != NULL ? xstrdup(cause) : xstrdup("failed");
	ui_error(ctx, "Export refused", cause);
	wr_reload(ctx);
	return UI_REDRAW;
}

static int
wr_replace_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	if (!yes) {
		ui_notice(ctx, 0, "not replaced: edit the path, or Esc to "
		    "cancel the export");
		return UI_REDRAW;
	}
	return wr_write(ctx, 1);
}

static int
wr_cancel_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	char *cause = NULL;

	if (!yes)
		return UI_REDRAW;
	if (export_cancel(ctx->db, wr.s.id, ctx->user, &cause) == -1) {
		if (ui_refused(ctx, ROLE_ANALYST, &cause))
			return UI_REDRAW;
		ui_error(ctx, "Cancelling the export failed", cause);
		wr_reload(ctx);
		return UI_REDRAW;
	}
	wr_reload(ctx);
	ui_notice(ctx, 0, "export request %lld cancelled; nothing written",
	    (long long)wr.s.id);
	return UI_POP;
}

static int
wr_cancel(struct ui_ctx *ctx)
{
	char *text;

	if (!wr_open())
		return UI_POP;
	text = xasprintf("The approval of request %lld is given up (and "
	    "that is audited); nothing is written. Cancel the export?",
	    (long long)wr.s.id);
	ui_confirm(ctx, "Cancel the export?", text, wr_cancel_answer);
	free(text);
	return UI_REDRAW;
}

static int
wr_key(struct ui_ctx *ctx, int key)
{
	int r;

	if (key == KEYS_ESC)
		return wr_cancel(ctx);
	if (!wr_open())
		return KEYS_ENTER(key) ? UI_POP : UI_UNUSED;
	if (key == KEY_F(1))
		return UI_UNUSED;
	r = w_input_key(&wr.path, key);
	if (r == W_INPUT_DONE)
		return wr_write(ctx, 0);
	if (r == W_INPUT_NEXT)
		return UI_NONE;
	return r;
}

static void
wr_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxx = getmaxx(w), x = 1, y = 0, width = maxx - 2;
	char *line;
	int64_t now = (int64_t)time(NULL);

	if (!wr.loaded) {
		draw_text(w, y, x, width, "The export request cannot be read",
		    theme_attr(THEME_TITLE));
		draw_data(w, y + 2, x, width, wr.error, theme_attr(THEME_ERROR));
		draw_text(w, y + 4, x, width, "q or Esc goes back.",
		    theme_attr(THEME_HINT));
		return;
	}
	draw_printf(w, y++, x, width, theme_attr(THEME_TITLE),
	    "Export request %lld as of %s: %s", (long long)wr.s.id,
	    wr.s.as_of_text, wr.s.status);
	draw_printf(w, y++, x, width, A_NORMAL, "requested by %s, approved "
	    "by %s at %s", wr.s.requested_by, wr.s.approved_by != NULL ?
	    wr.s.approved_by : "-", draw_stamp(wr.s.approved_at).s);
	y++;
	if (wr.written) {
		draw_text(w, y++, x, width, "Written (mode 0600):", A_BOLD);
		/* Whole, over several lines: the path is what to look for. */
		y += draw_wrap(w, y, x + 2, 4, width - 2, wr.res.path,
		    A_NORMAL);
		draw_printf(w, y++, x, width, A_NORMAL, "SHA-256 %s",
		    wr.res.sha256);
		line = xasprintf("%s, export %lld, recorded in the exports "
		    "table and the audit log", draw_size((uint64_t)
		    wr.res.bytes).s, (long long)wr.res.export_id);
		y += draw_wrap(w, y, x, 2, width, line, A_NORMAL) + 1;
		free(line);
		draw_text(w, y, x, width, "Enter, q or Esc goes back to the "
		    "dashboard.", theme_attr(THEME_HINT));
		return;
	}
	if (!wr_open()) {
		draw_printf(w, y++, x, width, theme_attr(THEME_ERROR),
		    "This request is %s: nothing can be written from it.",
		    wr.s.status);
		draw_text(w, y++, x, width, "q or Esc goes back; e on the "
		    "dashboard makes a new request.", theme_attr(THEME_HINT));
	} else {
		draw_printf(w, y++, x, width, A_NORMAL, "The approval holds "
		    "until %s (%lld min left).", draw_when(wr.s.expires_at).s,
		    wr.s.expires_at > now ?
		    (long long)(wr.s.expires_at - now + 59) / 60 : 0LL);
		y++;
		draw_text(w, y++, x, width, "Write the workbook to (Enter "
		    "writes; the default is the export folder):", A_BOLD);
		w_input_draw(&wr.path, w, y++, x + 2, width - 2, 1);
		draw_text(w, y++, x, width, "Enter: write   Esc: cancel the "
		    "export   F1: every key of the field",
		    theme_attr(THEME_HINT));
	}
	if (wr.refusal != NULL) {
		y++;
		draw_data(w, y, x, width, wr.refusal, theme_attr(THEME_ERROR));
	}
}

static const struct ui_key wr_keys[] = {
	{ { 0 }, "Enter", "write", "write the workbook to the path shown "
	  "(asks before replacing a file)", NULL },
	{ { 0 }, "Left/Right", NULL, "move in the path (Home/End, Ctrl-A/"
	  "Ctrl-E too); typing inserts at the cursor", NULL },
	{ { 0 }, "Ctrl-U", NULL, "delete to the start of the path (Ctrl-K: "
	  "to the end; Delete: the character under the cursor)", NULL },
	{ { 0 }, "Esc", "cancel", "cancel the export (asks first); leaving "
	  "any other way before writing withdraws it too", NULL },
	{ { 0 }, "F1", NULL, "this help ('?' types itself in the path)",
	  NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

/* Once written, or when nothing can be written, Enter only goes back. */
static const struct ui_key wr_hints_done[] = {
	{ { 0 }, "Enter", "back", NULL, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

static const struct ui_key *
wr_hints(const struct ui_ctx *ctx)
{
	return wr_open() ? wr_keys : wr_hints_done;
}

const struct ui_screen scr_export_write = {
	.name = "export-write",
	.title = "Write the export",
	.step = UI_STEP_EXPORT,
	.enter = wr_enter,
	.args_size = sizeof (struct scr_export_write_args),
	.leave = wr_leave,
	.draw = wr_draw,
	.key = wr_key,
	.keys = wr_keys,
	.hints = wr_hints,
};
