/*
 * scr_audit: the audit log, oldest first and the newest in sight, filtered
 * by actor, action and date, under the chain's status from audit_verify
 * (OK with its entries and head, or FAILED at the first bad entry, which
 * the list opens at) and the
 * state replay's from ledger_verify (the rows changed behind kpidesk's
 * back, counted, the first named). The log
 * is read through src/audit.h; every string from it is drawn through
 * w_list or draw_data, which make it displayable.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "datetime.h"
#include "draw.h"
#include "keys.h"
#include "ledger.h"
#include "scr.h"
#include "strbuf.h"
#include "table.h"
#include "theme.h"
#include "ui.h"
#include "w_list.h"
#include "xmem.h"

/* The table's columns, in order. */
enum {
	AUD_SEQ, AUD_TS, AUD_ACTOR, AUD_ACTION, AUD_OBJECT, AUD_DETAILS,
	AUD_HASH, AUD_PREV
};

static struct {
	struct w_list		 list;
	struct audit_check	 check;
	int			 checked;	/* check holds a result */
	char			*check_error;	/* the log could not be read */
	struct ledger_check	 state;
	char			*state_first;	/* the first row problem */
	char			*error;
	/* The filter: NULL for any. */
	char			*actor;
	char			*action;
	char			*date;		/* as typed: DAY or DAY..DAY */
	char			 since[11], until[11];
} au;

static int
aud_collect(const struct audit_entry *e, void *arg)
{
	struct table *t = arg;
	size_t r = table_add_row(t);

	table_set_num(t, r, AUD_SEQ, e->seq);
	table_set_text(t, r, AUD_TS, e->ts);
	table_set_text(t, r, AUD_ACTOR, e->actor);
	table_set_text(t, r, AUD_ACTION, e->action);
	table_set_text(t, r, AUD_OBJECT, e->object);
	table_set_text(t, r, AUD_DETAILS, e->details);
	table_set_text(t, r, AUD_HASH, e->hash);
	table_set_text(t, r, AUD_PREV, e->prev_hash);
	return 0;
}

/* A broken chain: select its first bad entry, where the reader must look
 * (the seq column is 0). */
static void
aud_select_bad(const struct table *t)
{
	size_t r;

	if (!au.checked || au.check.ok)
		return;
	for (r = 0; r < t->nrows; r++) {
		if (table_cell(t, r, 0)->num == au.check.bad_seq) {
			au.list.sel = r;
			return;
		}
	}
}

/* The audit list. */
static const struct table_colspec aud_cols[] = {
	{ "seq", TABLE_INT, 0 },
	{ "time", TABLE_TEXT, 0 },
	{ "actor", TABLE_TEXT, 0 },
	{ "action", TABLE_TEXT, 0 },
	{ "object", TABLE_TEXT, 0 },
	{ "details", TABLE_TEXT, 0 },
	{ "hash", TABLE_TEXT, 0 },
	{ "prev_hash", TABLE_TEXT, 0 },
	{ NULL, TABLE_TEXT, 0 }
};

/* Read the entries the filter lets through; the newest selected, or the
 * broken one. */
static void
aud_load(struct ui_ctx *ctx)
{
	struct audit_filter f;
	struct table *t;
	char *cause = NULL;

	free(au.error);
	au.error = NULL;
	w_list_set(&au.list, NULL, 0);
	memset(&f, 0, sizeof f);
	f.actor = au.actor;
	f.action = au.action;
	f.since = au.date != NULL ? au.since : NULL;
	f.until = au.date != NULL ? au.until : NULL;
	t = table_create();
	table_add_cols(t, aud_cols);
	if (audit_foreach(ctx->db, &f, aud_collect, t, &cause) == -1) {
		table_free(t);
		au.error = cause;
		return;
	}
	w_list_set(&au.list, t, 1);
	au.list.sel = t->nrows > 0 ? t->nrows - 1 : 0;
	aud_select_bad(t);
}

/* Keep the first row the replay names. */
static void
aud_state_problem(const char *problem, void *arg)
{
	(void)arg;
	if (au.state_first == NULL)
		au.state_first = xstrdup(problem);
}

/* Walk the whole chain again, and replay it against the tables. */
static void
aud_verify(struct ui_ctx *ctx)
{
	char *cause = NULL;

	if (au.checked)
		free(au.check.problem);
	memset(&au.check, 0, sizeof au.check);
	au.checked = 0;
	free(au.check_error);
	au.check_error = NULL;
	free(au.state_first);
	au.state_first = NULL;
	memset(&au.state, 0, sizeof au.state);
	au.state.fn = aud_state_problem;
	if (audit_verify(ctx->db, &au.check, &cause) == -1 ||
	    ledger_verify(ctx->db, &au.state, &cause) == -1) {
		au.check_error = cause;
		return;
	}
	au.checked = 1;
}

static void
aud_enter(struct ui_ctx *ctx, const void *args)
{
	memset(&au, 0, sizeof au);
	w_list_init(&au.list);
	aud_verify(ctx);
	aud_load(ctx);
}

static void
aud_clear_filter(void)
{
	free(au.actor);
	free(au.action);
	free(au.date);
	au.actor = au.action = au.date = NULL;
}

static int
aud_leave(struct ui_ctx *ctx, char **cause)
{
	w_list_free(&au.list);
	if (au.checked)
		free(au.check.problem);
	au.checked = 0;
	free(au.check_error);
	free(au.error);
	free(au.state_first);
	au.check_error = au.error = au.state_first = NULL;
	aud_clear_filter();
	return 0;
}

/* Set the date filter from "DAY" or "DAY..DAY"; -1 when it is neither. */
static int
aud_set_date(const char *s)
{
	const char *dots = strstr(s, "..");
	char first[16];
	int32_t a, b;

	if (dots == NULL) {
		if (datetime_parse_day(s, &a) == -1)
			return -1;
		b = a;
	} else {
		if ((size_t)(dots - s) >= sizeof first)
			return -1;
		memcpy(first, s, (size_t)(dots - s));
		first[dots - s] = '\0';
		if (datetime_parse_day(first, &a) == -1 ||
		    datetime_parse_day(dots + 2, &b) == -1 || b < a)
			return -1;
	}
	/* Timestamps are "YYYY-MM-DDT...": [since, the day after until). */
	datetime_format_day(a, au.since);
	datetime_format_day(b + 1, au.until);
	free(au.date);
	au.date = xstrdup(s);
	return 0;
}

/*
 * Parse "actor=NAME action=NAME date=DAY[..DAY]" (any of them, any order)
 * into the filter; an empty line clears it. On a bad word the filter is
 * left as it was and -1 returned with the word in *bad (caller frees).
 */
static int
aud_parse_filter(const char *line, char **bad)
{
	char *copy = xstrdup(line), *word, *save = NULL, *value;
	char *actor = NULL, *action = NULL, *date = NULL;
	int rc = 0;

	for (word = strtok_r(copy, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		if ((value = strchr(word, '=')) == NULL || value[1] == '\0') {
			rc = -1;
			break;
		}
		*value++ = '\0';
		if (strcmp(word, "actor") == 0 || strcmp(word, "user") == 0) {
			free(actor);
			actor = xstrdup(value);
		} else if (strcmp(word, "action") == 0) {
			free(action);
			action = xstrdup(value);
		} else if (strcmp(word, "date") == 0 ||
		    strcmp(word, "day") == 0) {
			free(date);
			date = xstrdup(value);
		} else {
			value[-1] = '=';
			rc = -1;
			break;
		}
	}
	if (rc == 0 && date != NULL && aud_set_date(date) == -1) {
		*bad = xasprintf("date=%s (give YYYY-MM-DD or "
		    "YYYY-MM-DD..YYYY-MM-DD)", date);
		rc = -2;
	}
	if (rc == -1)
		*bad = xasprintf("%s (use actor=NAME action=NAME "
		    "date=DAY[..DAY])", word);
	if (rc == 0) {
		if (date == NULL) {
			free(au.date);
			au.date = NULL;
		}
		free(au.actor);
		free(au.action);
		au.actor = actor;
		au.action = action;
		actor = action = NULL;
	}
	free(actor);
	free(action);
	free(date);
	free(copy);
	return rc == 0 ? 0 : -1;
}

/* The filter as the prompt and the screen show it. Caller frees. */
static char *
aud_filter_text(void)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (au.actor != NULL)
		strbuf_printf(&sb, "actor=%s ", au.actor);
	if (au.action != NULL)
		strbuf_printf(&sb, "action=%s ", au.action);
	if (au.date != NULL)
		strbuf_printf(&sb, "date=%s ", au.date);
	if (sb.len > 0)
		sb.buf[--sb.len] = '\0';
	return strbuf_detach(&sb);
}

static int
aud_filter_answer(struct ui_ctx *ctx, int yes, const char *s)
{
	char *bad = NULL;

	if (!yes)
		return UI_REDRAW;
	if (aud_parse_filter(s, &bad) == -1) {
		ui_notice(ctx, 1, "not a filter: %s", bad);
		free(bad);
		return UI_REDRAW;
	}
	aud_load(ctx);
	return UI_REDRAW;
}

static int
aud_filter(struct ui_ctx *ctx)
{
	char *init = aud_filter_text();

	ui_prompt(ctx, "Filter: actor=NAME action=NAME date=DAY[..DAY]",
	    init, 0, aud_filter_answer);
	free(init);
	return UI_REDRAW;
}

static int
aud_unfilter(struct ui_ctx *ctx)
{
	aud_clear_filter();
	aud_load(ctx);
	return UI_REDRAW;
}

static int
aud_reload(struct ui_ctx *ctx)
{
	aud_verify(ctx);
	aud_load(ctx);
	ui_notice(ctx, 0, "read the log again and verified the chain");
	return UI_REDRAW;
}

/* The selected entry in full, in a message box. */
static int
aud_show(struct ui_ctx *ctx)
{
	size_t r = w_list_selected(&au.list);
	const struct table *t = au.list.t;
	char *text, *title;

	if (r == (size_t)-1)
		return UI_NONE;
	title = xasprintf("Audit entry %lld",
	    (long long)table_cell(t, r, AUD_SEQ)->num);
	text = xasprintf("time     %s\nactor    %s\naction   %s\nobject   "
	    "%s\ndetails  %s\nhash     %s\nprevious %s",
	    draw_stamp(table_cell(t, r, AUD_TS)->text).s,
	    table_cell(t, r, AUD_ACTOR)->text,
	    table_cell(t, r, AUD_ACTION)->text,
	    table_cell(t, r, AUD_OBJECT)->text,
	    table_cell(t, r, AUD_DETAILS)->text,
	    table_cell(t, r, AUD_HASH)->text,
	    table_cell(t, r, AUD_PREV)->text);
	ui_message(ctx, title, text);
	free(title);
	free(text);
	return UI_REDRAW;
}

static int
aud_key(struct ui_ctx *ctx, int key)
{
	int r = w_list_key(&au.list, key);

	return r == W_LIST_SEARCH ? ui_search(ctx, &au.list,
	    "Search the log for:") : r;
}

/* The state replay's status from line y; returns the lines used. */
static int
aud_draw_state(WINDOW *w, int y, int maxx)
{
	if (au.state.baseline && au.state.bad == 0) {
		draw_printf(w, y, 1, maxx - 2, theme_attr(THEME_PASS),
		    "state OK: %s (accounts, settings, batches, "
		    "exports) match the log",
		    draw_count(au.state.rows, "row", "rows").s);
		return 1;
	}
	/* A failed verify is one word on every screen, drawn as an alarm. */
	draw_printf(w, y, 1, maxx - 2, theme_attr(THEME_FAIL) | A_BOLD,
	    "state FAILED: %s of %s rows differ from the log",
	    draw_int(au.state.bad).s, draw_int(au.state.rows).s);
	draw_data(w, y + 1, 3, maxx - 4, au.state_first != NULL ?
	    au.state_first : "the log holds no baseline",
	    theme_attr(THEME_WARN));
	return 2;
}

/* The chain's status from line y; returns the lines used. */
static int
aud_draw_status(WINDOW *w, int y, int maxx)
{
	if (au.check_error != NULL) {
		draw_data(w, y, 1, maxx - 2, au.check_error,
		    theme_attr(THEME_WARN));
		return 1;
	}
	if (!au.checked)
		return 0;
	if (au.check.ok) {
		draw_printf(w, y, 1, maxx - 2, theme_attr(THEME_PASS),
		    "chain OK: %s, head %lld %.16s",
		    draw_count(au.check.entries, "entry", "entries").s,
		    (long long)au.check.head_seq,
		    au.check.head_hash);
		return 1 + aud_draw_state(w, y + 1, maxx);
	}
	/* Broken: the reason gets a line of its own. */
	draw_printf(w, y, 1, maxx - 2, theme_attr(THEME_FAIL) | A_BOLD,
	    "chain FAILED at entry %lld (good up to entry %lld)",
	    (long long)au.check.bad_seq, (long long)au.check.head_seq);
	draw_data(w, y + 1, 3, maxx - 4, au.check.problem != NULL ?
	    au.check.problem : "changed", theme_attr(THEME_WARN));
	return 2;
}

static void
aud_draw(struct ui_ctx *ctx, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w), y;
	size_t n = au.list.t != NULL ? au.list.t->nrows : 0;
	char *filter;

	y = aud_draw_status(w, 0, maxx);
	filter = aud_filter_text();
	draw_printf(w, y++, 1, maxx - 2, theme_attr(THEME_DIM), "%s%s%s",
	    draw_count((int64_t)n, "entry", "entries").s, *filter != '\0' ?
	    " where " : " (f filters)", filter);
	free(filter);
	if (au.error != NULL) {
		draw_data(w, y + 1, 1, maxx - 2, au.error, A_NORMAL);
		return;
	}
	w_list_draw(&au.list, w, y, 1, maxy - y, maxx - 2, 1);
}

static const struct ui_key aud_keys[] = {
	{ { 'f' }, "f", "filter", "filter by actor, action and date "
	  "(actor=NAME action=NAME date=DAY[..DAY])", aud_filter },
	{ { 'F' }, "F", NULL, "show every entry again", aud_unfilter },
	{ { '\r', '\n', KEY_ENTER }, "Enter", "entry", "the selected entry "
	  "in full, with its hashes", aud_show },
	{ { 'r' }, "r", NULL, "read the log again and verify the chain",
	  aud_reload },
	{ { 0 }, "/", "search", "search the log; n next", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_screen scr_audit = {
	.name = "audit",
	.title = "Audit log",
	.step = UI_STEP_NONE,
	.enter = aud_enter,
	.leave = aud_leave,
	.draw = aud_draw,
	.key = aud_key,
	.keys = aud_keys,
	.list = 1,
};
