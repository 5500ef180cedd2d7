/*
 * scr_export: the export request and its second authorization (step
 * Authorize). Opened from the KPI dashboard for its as_of: the request is
 * made on entry, its summary shown exactly as it will be exported, and a
 * different person with the approver role types their name and password
 * here. Every rule is the core's (export.h); this screen only collects the
 * two fields and shows the core's answer. Once approved it hands the
 * request to scr_export_write; a request it leaves open otherwise is
 * withdrawn (and audited) when the screen closes.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "draw.h"
#include "export.h"
#include "keys.h"
#include "paths.h"
#include "rules.h"
#include "scr.h"
#include "text.h"
#include "theme.h"
#include "ui.h"
#include "users.h"
#include "w_input.h"
#include "xmem.h"

#define EXP_SHEET_COLS	3	/* sheets per line at 80 columns */
#define EXP_REFUSAL_MAX	2	/* lines for the last refusal */

static struct {
	struct export_summary	 s;
	int			 made;		/* s holds a stored request */
	char			*error;		/* the request was refused */
	struct w_input		 name;
	struct w_input		 pw;
	int			 focus;		/* 0 name, 1 password */
	char			*refusal;	/* the core's last refusal */
	int			 handed;	/* approved: scr_export_write has it */
	size_t			 top;		/* first input file shown */
	size_t			 shown;		/* input files in sight */
} ex;

/* Whether the request can still be approved here. */
static int
exp_open(void)
{
	return ex.made && strcmp(ex.s.status, "pending") == 0;
}

static void
exp_enter(struct ui_ctx *ctx)
{
	char *cause = NULL;

	memset(&ex, 0, sizeof ex);
	w_input_init(&ex.name, 0);
	w_input_init(&ex.pw, 1);
	if (export_request(ctx->db, ctx->user, ctx->export_as_of,
	    (int64_t)time(NULL), &ex.s, &cause) == -1) {
		export_summary_free(&ex.s);
		memset(&ex.s, 0, sizeof ex.s);
		if (ui_refused(ctx, ROLE_ANALYST, &cause))
			return;
		ex.error = cause != NULL ? cause : xstrdup("refused");
		return;
	}
	ex.made = 1;
}

/* Withdraw the request unless it was approved and handed on, or closed. */
static void
exp_withdraw(struct ui_ctx *ctx)
{
	char *cause = NULL;

	if (!ex.made || ex.handed)
		return;
	if (strcmp(ex.s.status, "pending") != 0 &&
	    strcmp(ex.s.status, "approved") != 0)
		return;
	if (export_cancel(ctx->db, ex.s.id, ctx->user, &cause) == -1)
		free(cause);
	free(ex.s.status);
	ex.s.status = xstrdup("refused");
}

static void
exp_leave(struct ui_ctx *ctx)
{
	exp_withdraw(ctx);
	w_input_wipe(&ex.name);
	w_input_wipe(&ex.pw);
	export_summary_free(&ex.s);
	free(ex.error);
	free(ex.refusal);
	memset(&ex, 0, sizeof ex);
}

/* Read the request again after a refusal: it may have been closed. */
static void
exp_reload(struct ui_ctx *ctx)
{
	struct export_summary s;
	char *cause = NULL;

	memset(&s, 0, sizeof s);
	if (export_load(ctx->db, ex.s.id, &s, &cause) == -1) {
		free(cause);
		export_summary_free(&s);
		return;
	}
	export_summary_free(&ex.s);
	ex.s = s;
}

static int
exp_submit(struct ui_ctx *ctx)
{
	char *pw, *cause = NULL;
	int rc;

	if (ex.name.len == 0) {
		ui_notice(ctx, 1, "type the approver's user name first");
		ex.focus = 0;
		return UI_REDRAW;
	}
	ui_notice(ctx, 0, "checking the approver's password...");
	ui_paint(ctx);
	pw = xstrdup(w_input_text(&ex.pw));
	w_input_wipe(&ex.pw);
	rc = export_approve(ctx->db, ex.s.id, w_input_text(&ex.name), pw,
	    (int64_t)time(NULL), &cause);
	xfree_secret(pw);
	free(ctx->msg);
	ctx->msg = NULL;
	if (rc == -1) {
		free(ex.refusal);
		ex.refusal = cause != NULL ? cause : xstrdup("refused");
		w_input_wipe(&ex.name);
		ex.focus = 0;
		exp_reload(ctx);
		return UI_REDRAW;
	}
	ui_notice(ctx, 0, "approved by %s: choose where to write the "
	    "workbook", w_input_text(&ex.name));
	w_input_wipe(&ex.name);
	ex.handed = 1;
	ctx->export_id = ex.s.id;
	ctx->next = &scr_export_write;
	return UI_REPLACE;
}

static int
exp_cancel_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	char *cause = NULL;

	if (!yes)
		return UI_REDRAW;
	if (export_cancel(ctx->db, ex.s.id, ctx->user, &cause) == -1) {
		if (ui_refused(ctx, ROLE_ANALYST, &cause))
			return UI_REDRAW;
		ui_error(ctx, "Cancelling the request failed", cause);
		exp_reload(ctx);
		return UI_REDRAW;
	}
	free(ex.s.status);
	ex.s.status = xstrdup("refused");
	ui_notice(ctx, 0, "export request %lld cancelled", (long long)ex.s.id);
	return UI_POP;
}

static int
exp_cancel(struct ui_ctx *ctx)
{
	char *text;

	if (!exp_open())
		return UI_POP;
	text = xasprintf("Export request %lld is withdrawn (and that is "
	    "audited); nothing is written. Cancel it?", (long long)ex.s.id);
	ui_confirm(ctx, "Cancel the export request?", text,
	    exp_cancel_answer);
	free(text);
	return UI_REDRAW;
}

static int
exp_scroll(int delta)
{
	size_t step = ex.shown > 0 ? ex.shown : 1;

	if (delta > 0 && ex.top + step < ex.s.nbatches)
		ex.top += step;
	else if (delta < 0)
		ex.top = ex.top > step ? ex.top - step : 0;
	return UI_REDRAW;
}

static int
exp_key(struct ui_ctx *ctx, int key)
{
	struct w_input *in = ex.focus == 0 ? &ex.name : &ex.pw;
	int r;

	if (key == KEY_NPAGE)
		return exp_scroll(1);
	if (key == KEY_PPAGE)
		return exp_scroll(-1);
	if (key == KEYS_ESC)
		return exp_cancel(ctx);
	/* Without an open request there is nothing to type: q goes back. */
	if (!exp_open() || key == KEY_F(1) || (key == 'Q' &&
	    ex.name.len == 0 && ex.pw.len == 0))
		return UI_UNUSED;
	if (key == KEY_UP || key == KEY_DOWN || key == KEY_BTAB) {
		ex.focus = !ex.focus;
		return UI_REDRAW;
	}
	r = w_input_key(in, key);
	if (r == W_INPUT_NEXT) {
		ex.focus = !ex.focus;
		return UI_REDRAW;
	}
	if (r == W_INPUT_DONE) {
		if (ex.focus == 0) {
			ex.focus = 1;
			return UI_REDRAW;
		}
		return exp_submit(ctx);
	}
	return r;
}

/*
 * Draw raw text (sanitized here) word-wrapped into at most h lines of
 * width cells from (y, x); the last line is cut with an ellipsis. Returns
 * the lines used.
 */
static int
exp_wrap(WINDOW *w, int y, int x, int h, int width, const char *raw,
    attr_t a)
{
	char *safe = text_display(raw, draw_utf8()), *line;
	const char *p = safe, *q, *cut;
	uint32_t cp;
	size_t len;
	int n = 0, cells;

	while (*p != '\0' && n < h) {
		cells = 0;
		cut = NULL;
		q = p;
		while (*q != '\0' && n < h - 1) {
			len = text_decode(q, strlen(q), &cp, NULL);
			if (cells + text_cp_width(cp) > width)
				break;
			cells += text_cp_width(cp);
			q += len;
			if (cp == ' ')
				cut = q;
		}
		if (n == h - 1)
			q = p + strlen(p);	/* the rest, cut by draw_text */
		else if (*q != '\0' && cut != NULL)
			q = cut;
		if (q == p)	/* a code point wider than the line */
			q += text_decode(q, strlen(q), &cp, NULL);
		line = xstrndup(p, (size_t)(q - p));
		draw_text(w, y + n++, x, width, line, a);
		free(line);
		p = q;
	}
	free(safe);
	return n;
}

/* The rows of every sheet but Summary, EXP_SHEET_COLS to a line. */
static int
exp_draw_sheets(WINDOW *w, int y, int x, int width)
{
	int colw = width / EXP_SHEET_COLS, col = 0, n;
	char count[24];
	size_t i;

	for (i = EXPORT_SUMMARY + 1; i < EXPORT_NSHEETS; i++) {
		n = snprintf(count, sizeof count, "%lld",
		    (long long)ex.s.rows[i]);
		draw_text(w, y, x + col * colw, colw - n - 2,
		    export_sheet_name((enum export_sheet_id)i), A_NORMAL);
		draw_right(w, y, x + col * colw, colw - 1, count, A_BOLD);
		if (++col == EXP_SHEET_COLS) {
			col = 0;
			y++;
		}
	}
	return (EXPORT_NSHEETS - 1 + EXP_SHEET_COLS - 1) / EXP_SHEET_COLS;
}

/* The input files in h lines (two each), from ex.top; lines used. */
static int
exp_draw_batches(WINDOW *w, int y, int x, int h, int width)
{
	const struct export_batch *b;
	int used = 0, fit;
	size_t i;

	if (ex.top >= ex.s.nbatches)
		ex.top = 0;
	/* All of them, or a page and a line saying which. */
	if (ex.top == 0 && ex.s.nbatches * 2 <= (size_t)(h > 0 ? h : 0))
		fit = (int)ex.s.nbatches;
	else if ((fit = (h - 1) / 2) < 1)
		fit = 1;
	for (i = ex.top; i < ex.s.nbatches && (int)(i - ex.top) < fit; i++) {
		b = &ex.s.batches[i];
		/* draw_printf sanitizes the recorded file name. */
		draw_printf(w, y + used++, x + 2, width - 2, A_NORMAL,
		    "%-9s %s  (%lld rows, batch %lld%s%s)", b->kind,
		    paths_basename(b->file), (long long)b->loaded,
		    (long long)b->id, b->scope[0] != '\0' ?
		    ", amounts: " : "", b->scope[0] == 'o' ? "order totals" :
		    b->scope[0] == 'l' ? "line amounts" : "");
		draw_printf(w, y + used++, x + 4, width - 4, A_NORMAL,
		    "sha256 %s", b->sha256);
	}
	ex.shown = i - ex.top;
	if (ex.top > 0 || i < ex.s.nbatches)
		draw_printf(w, y + used++, x + 2, width - 2, theme_attr(
		    THEME_DIM), "input files %zu-%zu of %zu (PgDn/PgUp)",
		    ex.top + 1, i, ex.s.nbatches);
	return used;
}

static void
exp_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w), x = 1, y = 0;
	int width = maxx - 2, bottom, left;
	char until[21], revenue[32];
	int64_t now = (int64_t)time(NULL);

	if (!ex.made) {
		draw_text(w, y, x, width, "Export request refused",
		    theme_attr(THEME_TITLE));
		exp_wrap(w, y + 2, x, 4, width, ex.error != NULL ? ex.error :
		    "", theme_attr(THEME_ERROR));
		draw_text(w, y + 7, x, width, "q or Esc goes back to the "
		    "dashboard.", theme_attr(THEME_HINT));
		return;
	}
	draw_printf(w, y++, x, width, theme_attr(THEME_TITLE),
	    "Export request %lld by %s, as of %s", (long long)ex.s.id,
	    ex.s.requested_by, ex.s.as_of_text);
	datetime_format_utc(ex.s.expires_at, until);
	draw_printf(w, y++, x, width, A_NORMAL, "status %s, expires %s "
	    "(%lld min left)  hash %.12s", ex.s.status, until,
	    ex.s.expires_at > now ? (long long)(ex.s.expires_at - now + 59) /
	    60 : 0LL, ex.s.params_hash);
	y += exp_draw_sheets(w, y, x, width);
	rules_money_format(ex.s.revenue, revenue, sizeof revenue);
	draw_printf(w, y++, x, width, A_NORMAL, "checks %lld PASS, %lld "
	    "WARN, %lld FAIL   order lines %lld, revenue %s",
	    (long long)ex.s.checks_pass, (long long)ex.s.checks_warn,
	    (long long)ex.s.checks_fail, (long long)ex.s.lines, revenue);
	draw_printf(w, y++, x, width, A_BOLD, "Input files (%zu):",
	    ex.s.nbatches);

	/* From the bottom: refusal, hint, fields, the explanation. */
	bottom = maxy - EXP_REFUSAL_MAX - 1 - 2 - 3;
	left = bottom - y;
	y += exp_draw_batches(w, y, x, left, width);
	y = bottom;
	if (!exp_open()) {
		draw_printf(w, y + 1, x, width, theme_attr(THEME_ERROR),
		    "This request is %s: nothing can be approved here.",
		    ex.s.status);
		draw_text(w, y + 2, x, width, "q or Esc goes back; e on the "
		    "dashboard makes a new request.", theme_attr(THEME_HINT));
	} else {
		exp_wrap(w, y, x, 2, width, "A different person with the "
		    "approver role must now type their name and password "
		    "here to authorize this export.", A_NORMAL);
		y += 3;
		draw_text(w, y, x, 10, "Approver", ex.focus == 0 ? A_BOLD :
		    A_NORMAL);
		w_input_draw(&ex.name, w, y++, x + 10, 32, ex.focus == 0);
		draw_text(w, y, x, 10, "Password", ex.focus == 1 ? A_BOLD :
		    A_NORMAL);
		w_input_draw(&ex.pw, w, y++, x + 10, 32, ex.focus == 1);
		draw_text(w, y, x, width, "Enter: next field, then approve"
		    "   Esc: cancel the request", theme_attr(THEME_HINT));
	}
	if (ex.refusal != NULL)
		exp_wrap(w, maxy - EXP_REFUSAL_MAX, x, EXP_REFUSAL_MAX, width,
		    ex.refusal,
		    theme_attr(THEME_ERROR));
}

static const struct ui_key exp_keys[] = {
	{ { 0 }, "Enter", "next", "move to the password; approve from there",
	  NULL },
	{ { 0 }, "Tab", NULL, "switch between approver name and password",
	  NULL },
	{ { 0 }, "PgDn/PgUp", NULL, "scroll the input files", NULL },
	{ { 0 }, "Esc", "cancel", "cancel the request (asks first); "
	  "leaving any other way withdraws it too", NULL },
	{ { 0 }, "F1", NULL, "this help ('?' types itself in a field)",
	  NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_export = {
	"export", "Authorize the export", UI_STEP_AUTHORIZE, exp_enter,
	exp_leave, exp_draw, exp_key, exp_keys, 0, NULL
};
