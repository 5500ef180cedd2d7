/*
 * import_orders: the orders path of an import: each order line through the
 * rules into order_lines, grouped by order for the totals, the proof and
 * the amount scope's evidence, inserted many rows at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "checks.h"
#include "datetime.h"
#include "db.h"
#include "import_rows_impl.h"
#include "settings.h"
#include "xmem.h"

static int	import_proof_restart(struct import_rows *, char **);

/* A line whose (order_id, sku_id) was loaded already: a dropped duplicate
 * when same, else a rejected conflict. */
static int
import_line_repeat(struct import_rows *c, const struct import_line *l,
    int same, char **cause)
{
	if (same)
		return import_issue(c, l->line, "duplicate", "order_id",
		    "duplicate_line", "exact repeat of a line already loaded; "
		    "dropped", c->f[0], cause);
	return import_reject(c, l->line, 3, "conflicting_line",
	    "this order_id and sku_id were loaded with other values", cause);
}

/*
 * Whether the line's (order_id, sku_id) is new to the table: 1 if so; 0
 * when it is stored already and the line was handled, a dropped duplicate
 * if every value is the same, else a rejected conflict; -1 on error.
 */
static int
import_line_known(struct import_rows *c, const struct import_line *l,
    char **cause)
{
	sqlite3_stmt *st = c->st[ST_LINE_GET];
	int rc, same;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, c->f[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->f[3], -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
		sqlite3_reset(st);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		*cause = db_error(c->db, "reading order lines");
		return -1;
	}
	same = strcmp((const char *)sqlite3_column_text(st, 0),
	    l->mobile) == 0 &&
	    sqlite3_column_int64(st, 1) == l->at &&
	    sqlite3_column_int64(st, 2) == l->count &&
	    sqlite3_column_int64(st, 3) == l->amount;
	sqlite3_reset(st);
	return import_line_repeat(c, l, same, cause);
}

/* The first stored line of the line's order, from the table (the waiting
 * lines written first). */
static int
import_first_stored(struct import_rows *c, struct import_first *f,
    char **cause)
{
	sqlite3_stmt *st = c->st[ST_LINE_SIBLINGS];
	int rc;

	memset(f, 0, sizeof *f);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, c->f[0], -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f->exists = 1;
		f->earlier = sqlite3_column_int64(st, 0) != c->res->batch;
		snprintf(f->mobile, sizeof f->mobile, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		f->at = sqlite3_column_int64(st, 2);
		f->amount = sqlite3_column_int64(st, 3);
		f->totals = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = db_error(c->db, "reading order lines");
		return -1;
	}
	return 0;
}

/* The first line of a fresh order: the group holds every line of it. */
static void
import_first_group(const struct import_rows *c, struct import_first *f)
{
	const struct import_group *g = &c->group;

	memset(f, 0, sizeof *f);
	if (g->n == 0)
		return;
	f->exists = 1;
	snprintf(f->mobile, sizeof f->mobile, "%s",
	    g->arena.buf + g->line[0].mobile);
	f->at = g->line[0].at;
	f->amount = g->line[0].amount;
}

/* Order lines agree: a line whose mobile or time differs from its order's
 * first line is rejected. 1 if it agrees, 0 rejected, -1 on error. */
static int
import_order_agrees(struct import_rows *c, const struct import_line *l,
    const struct import_first *f, char **cause)
{
	int rc;

	if (!f->exists)
		return 1;
	if (strcmp(f->mobile, l->mobile) != 0)
		rc = import_reject(c, l->line, 1, "order_conflict",
		    "this order_id was loaded with another mobile_number: "
		    "every line of an order has the same customer", cause);
	else if (f->at != l->at)
		rc = import_reject(c, l->line, 2, "order_conflict",
		    "this order_id was loaded with another order_date_time: "
		    "every line of an order has the same time", cause);
	else
		return 1;
	return rc == -1 ? -1 : 0;
}

/* The amount scope's evidence: one more line of the group's order. */
static void
import_evidence(struct import_rows *c, const struct import_line *l)
{
	struct import_group *g = &c->group;

	if (g->ev_lines++ == 0) {
		g->ev_amount0 = l->amount;
		g->ev_same = 1;
	} else if (l->amount != g->ev_amount0)
		g->ev_same = 0;
}

/*
 * Read the batch as line amounts from now on (under auto, a multi-line
 * order whose lines carry different amounts rules out order totals): the
 * lines stored as an order's later line with revenue 0 get their amount,
 * in the table and in the totals. Orders of earlier batches keep their
 * reading. The proof starts again as one of line amounts.
 */
static int
import_read_lines(struct import_rows *c, char **cause)
{
	sqlite3_stmt *st;
	char day[11];
	int rc;

	c->reading = RULES_SCOPE_LINE;
	if (import_batch_flush(c, cause) == -1 ||
	    import_proof_restart(c, cause) == -1 ||
	    db_prepare(c->db, "UPDATE order_lines AS o SET revenue = amount "
	    "WHERE batch_id = ?1 AND revenue <> amount AND NOT EXISTS "
	    "(SELECT 1 FROM order_lines e WHERE e.order_id = o.order_id AND "
	    "e.batch_id < ?1) RETURNING day, mobile, amount", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->res->batch);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		datetime_format_day(sqlite3_column_int(st, 0), day);
		day[7] = '\0';
		totals_acc_revenue(&c->acc, sqlite3_column_int(st, 0), day,
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = db_error(c->db, "reading the batch as line amounts");
		return -1;
	}
	return 0;
}

/*
 * What l adds to revenue (l->revenue): its amount as the first line of its
 * order or read as a line amount; 0 as a later line of an order read as a
 * total, which must then carry the order's amount (order_total_conflict).
 * An order keeps the reading of the batch that first loaded it. 1 to go
 * on, 0 rejected, -1 on error.
 */
static int
import_revenue(struct import_rows *c, struct import_line *l,
    const struct import_first *f, char **cause)
{
	int totals;

	l->revenue = l->amount;
	if (!f->exists)
		return 1;
	totals = f->earlier ? f->totals : c->reading == RULES_SCOPE_ORDER;
	if (totals && !f->earlier && c->scope == RULES_SCOPE_AUTO &&
	    l->amount != f->amount) {
		if (import_read_lines(c, cause) == -1)
			return -1;
		totals = 0;
	}
	if (!totals)
		return 1;
	if (l->amount != f->amount) {
		if (import_reject(c, l->line, 5, "order_total_conflict",
		    "total_amount differs from its order's: read as the "
		    "order's total, every line carries the same amount",
		    cause) == -1)
			return -1;
		return 0;
	}
	l->revenue = 0;
	return 1;
}

/* Close the group: count its order in the evidence, and hash its lines
 * into the proof by sku_id (an insertion sort: an order has a few lines). */
void
import_group_close(struct import_rows *c)
{
	struct import_group *g = &c->group;
	struct import_group_line *gl, t;
	struct proof_line pl;
	size_t i, j;

	if (!g->started || g->closed)
		return;
	g->closed = 1;
	if (g->ev_lines >= 2) {
		c->multi++;
		c->repeat += g->ev_same;
	}
	g->ev_lines = 0;
	if (g->st_lines >= 2) {
		c->smulti++;
		c->srepeat += g->st_min == g->st_max;
	}
	g->st_lines = 0;
	if (c->proof == NULL)
		return;
	for (i = 1; i < g->n; i++) {
		t = g->line[i];
		for (j = i; j > 0 && strcmp(g->arena.buf + g->line[j - 1].sku,
		    g->arena.buf + t.sku) > 0; j--)
			g->line[j] = g->line[j - 1];
		g->line[j] = t;
	}
	pl.order_id = g->id.buf;
	for (i = 0; i < g->n; i++) {
		gl = &g->line[i];
		pl.sku_id = g->arena.buf + gl->sku;
		pl.mobile = g->arena.buf + gl->mobile;
		pl.ordered_text = g->arena.buf + gl->text;
		pl.ordered_at = gl->at;
		pl.day = gl->day;
		pl.sku_count = gl->count;
		pl.amount = gl->amount;
		pl.line = (int64_t)gl->line;
		pl.revenue = gl->revenue;
		proof_orders_line(c->proof, &pl);
	}
}

/*
 * The proof being hashed becomes one of line amounts: the orders it holds
 * (before the group being read, all stored) are read back into a new one.
 * Under auto the reading changes at the first multi-line order whose lines
 * differ, early in a file of line amounts, so this reads back a few lines
 * rather than the whole batch at the end.
 */
static int
import_proof_restart(struct import_rows *c, char **cause)
{
	struct import_group *g = &c->group;

	if (c->proof == NULL)
		return 0;
	proof_orders_free(c->proof);
	c->proof = proof_orders_start(c->res->batch, 0);
	/* The group being read is hashed when it closes; once closed (the
	 * file's end), every stored line is read back. */
	if (proof_orders_replay(c->db, c->proof, c->res->batch, g->started &&
	    !g->closed ? g->id.buf : NULL, cause) == -1) {
		import_proof_fallback(c);
		return -1;
	}
	return 0;
}

/* From now on, read the proof back rather than hash it here. */
void
import_proof_fallback(struct import_rows *c)
{
	proof_orders_free(c->proof);
	c->proof = NULL;
}

/* Whether order_id id has a line in the table or waiting in the batch:
 * 1 if so, 0 if not, -1 on error. */
static int
import_order_seen(struct import_rows *c, const char *id, char **cause)
{
	const struct import_batch *b = &c->batch;
	sqlite3_stmt *st = c->st[ST_ORDER_STORED];
	size_t i;
	int rc;

	for (i = 0; i < b->n; i++) {
		if (strcmp(b->arena.buf + b->row[i].order_id, id) == 0)
			return 1;
	}
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	*cause = db_error(c->db, "reading order lines");
	return -1;
}

/* The current row's order_id: the group's, or a new group. 0, or -1 on
 * error. */
static int
import_group_enter(struct import_rows *c, char **cause)
{
	struct import_group *g = &c->group;
	const char *id = c->f[0];
	int cmp = 1, seen = 0;

	if (g->started && (cmp = strcmp(id, g->id.buf)) == 0)
		return 0;
	if (cmp < 0) {
		c->unsorted = 1;
		import_proof_fallback(c);
		/* A jump back lands elsewhere in the table: one INSERT of
		 * rows on scattered pages keeps a statement journal of each
		 * page it touches, slower than a statement per row. The
		 * lines waiting go in now; runs of rising ids still batch. */
		if (import_batch_flush(c, cause) == -1)
			return -1;
	}
	import_group_close(c);
	if (c->unsorted && (seen = import_order_seen(c, id, cause)) == -1)
		return -1;
	strbuf_reset(&g->id);
	strbuf_puts(&g->id, id);
	strbuf_reset(&g->arena);
	g->started = 1;
	g->closed = 0;
	g->fresh = c->unsorted ? !seen : (c->max_order == NULL ||
	    strcmp(id, c->max_order) > 0);
	g->overflow = 0;
	g->n = 0;
	return 0;
}

/* Keep a stored line in the group, unless it is full: then the order's
 * later lines take the slow path and the proof is read back. */
static void
import_group_add(struct import_rows *c, const struct import_line *l)
{
	struct import_group *g = &c->group;
	struct import_group_line *gl;

	if (g->overflow)
		return;
	if (g->n == IMPORT_GROUP_MAX) {
		g->overflow = 1;
		import_proof_fallback(c);
		return;
	}
	gl = &g->line[g->n++];
	gl->sku = g->arena.len;
	strbuf_add(&g->arena, c->f[3], strlen(c->f[3]) + 1);
	gl->mobile = g->arena.len;
	strbuf_add(&g->arena, l->mobile, sizeof l->mobile);
	gl->text = g->arena.len;
	strbuf_add(&g->arena, c->f[2], strlen(c->f[2]) + 1);
	gl->at = l->at;
	gl->count = l->count;
	gl->amount = l->amount;
	gl->revenue = l->revenue;
	gl->line = (int64_t)l->line;
	gl->day = l->day;
}

/* Bind the i-th row of an insert (parameters from IMPORT_LINE_PARAMS * i). */
static void
import_bind_line(struct import_rows *c, sqlite3_stmt *st, int i,
    const char *order_id, const char *sku, const char *mobile,
    const char *text, const struct import_batch_row *r)
{
	int k = IMPORT_LINE_PARAMS * i;

	sqlite3_bind_int64(st, k + 1, c->res->batch);
	sqlite3_bind_int64(st, k + 2, r->line);
	sqlite3_bind_text(st, k + 3, order_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 4, sku, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 5, mobile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 6, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, k + 7, r->at);
	sqlite3_bind_int64(st, k + 8, r->day);
	sqlite3_bind_int64(st, k + 9, r->count);
	sqlite3_bind_int64(st, k + 10, r->amount);
	sqlite3_bind_int64(st, k + 11, r->revenue);
}

/* Write the waiting lines: one statement for a full batch, else one per
 * line. None of them can clash, so each must be stored. */
int
import_batch_flush(struct import_rows *c, char **cause)
{
	struct import_batch *b = &c->batch;
	struct import_batch_row *r;
	sqlite3_stmt *st;
	const char *a = b->arena.buf;
	size_t i;
	int many = b->n == IMPORT_BATCH_ROWS;

	st = c->st[many ? ST_LINE_INSERT_MANY : ST_LINE_INSERT];
	for (i = 0; i < b->n; i++) {
		r = &b->row[i];
		if (!many)
			sqlite3_reset(st);
		import_bind_line(c, st, many ? (int)i : 0, a + r->order_id,
		    a + r->sku, a + r->mobile, a + r->text, r);
		if (many && i + 1 < b->n)
			continue;
		if (db_step_done(c->db, st, cause) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	if (many)
		sqlite3_reset(st);
	b->n = 0;
	strbuf_reset(&b->arena);
	return 0;
}

/* The line as a row of an insert (strings in the caller's buffers). */
static void
import_line_row(const struct import_line *l, struct import_batch_row *r)
{
	r->line = (int64_t)l->line;
	r->at = l->at;
	r->day = l->day;
	r->count = l->count;
	r->amount = l->amount;
	r->revenue = l->revenue;
}

/* Queue a line that cannot clash with a stored one. */
static int
import_batch_add(struct import_rows *c, const struct import_line *l,
    char **cause)
{
	struct import_batch *b = &c->batch;
	struct import_batch_row *r = &b->row[b->n++];

	r->order_id = b->arena.len;
	strbuf_add(&b->arena, c->f[0], strlen(c->f[0]) + 1);
	r->sku = b->arena.len;
	strbuf_add(&b->arena, c->f[3], strlen(c->f[3]) + 1);
	r->mobile = b->arena.len;
	strbuf_add(&b->arena, l->mobile, sizeof l->mobile);
	r->text = b->arena.len;
	strbuf_add(&b->arena, c->f[2], strlen(c->f[2]) + 1);
	import_line_row(l, r);
	if (b->n == IMPORT_BATCH_ROWS)
		return import_batch_flush(c, cause);
	return 0;
}

/* The line repeats gl's (order_id, sku_id): a dropped duplicate if every
 * value is the same, else a rejected conflict (as import_line_known). */
static int
import_group_repeat(struct import_rows *c, const struct import_line *l,
    const struct import_group_line *gl, char **cause)
{
	const struct import_group *g = &c->group;

	return import_line_repeat(c, l, strcmp(g->arena.buf + gl->mobile,
	    l->mobile) == 0 && gl->at == l->at && gl->count == l->count &&
	    gl->amount == l->amount, cause);
}

/*
 * The checks every new line of an order passes, in order: its lines agree,
 * then (counted in the evidence) what it adds to revenue. 1 to store it,
 * 0 rejected, -1 on error.
 */
static int
import_order_admit(struct import_rows *c, struct import_line *l,
    const struct import_first *f, char **cause)
{
	int rc;

	if ((rc = import_order_agrees(c, l, f, cause)) != 1)
		return rc;
	import_evidence(c, l);
	return import_revenue(c, l, f, cause);
}

/* A line stored: counted, in the totals and the group, warnings noted. */
static int
import_order_stored_line(struct import_rows *c, const struct import_line *l,
    const struct import_first *f, char **cause)
{
	c->res->loaded++;
	/* Lines of one order share its day and customer: only its first
	 * line brings the order to a day, a month and a customer. */
	totals_acc_line(&c->acc, l->day, l->month, l->mobile, l->revenue,
	    !f->exists, !f->exists, !f->exists);
	import_group_add(c, l);
	return import_text_warnings(c, l->line, cause);
}

/* A line of an order new to the table (the group is fresh): the group
 * holds every other line of it, so clashes and the totals are decided
 * here and the line waits in the batch. */
static int
import_order_new(struct import_rows *c, struct import_line *l, char **cause)
{
	struct import_group *g = &c->group;
	struct import_first f;
	size_t i;
	int rc;

	for (i = 0; i < g->n; i++) {
		if (strcmp(g->arena.buf + g->line[i].sku, c->f[3]) == 0)
			return import_group_repeat(c, l, &g->line[i], cause);
	}
	import_first_group(c, &f);
	if ((rc = import_order_admit(c, l, &f, cause)) != 1)
		return rc;
	if (import_batch_add(c, l, cause) == -1)
		return -1;
	if (g->st_lines++ == 0 || l->amount < g->st_min)
		g->st_min = l->amount;
	if (g->st_lines == 1 || l->amount > g->st_max)
		g->st_max = l->amount;
	return import_order_stored_line(c, l, &f, cause);
}

/* Any other line: the table decides, after the waiting lines are in. */
static int
import_order_stored(struct import_rows *c, struct import_line *l,
    char **cause)
{
	sqlite3_stmt *st = c->st[ST_LINE_INSERT];
	struct import_batch_row r;
	struct import_first f;
	int rc;

	if (import_batch_flush(c, cause) == -1)
		return -1;
	if ((rc = import_line_known(c, l, cause)) != 1 ||
	    (rc = import_first_stored(c, &f, cause)) == -1 ||
	    (rc = import_order_admit(c, l, &f, cause)) != 1)
		return rc == 1 ? 0 : rc;
	import_line_row(l, &r);
	sqlite3_reset(st);
	import_bind_line(c, st, 0, c->f[0], c->f[3], l->mobile, c->f[2], &r);
	if (db_step_done(c->db, st, cause) == -1)
		return -1;
	c->slow_stored = 1;
	return import_order_stored_line(c, l, &f, cause);
}

/* The local day of l->at into l->day and l->month; days repeat from line
 * to line, so the text is made once per day. -1 when it has no date. */
static int
import_day(struct import_rows *c, struct import_line *l, char **cause)
{
	int64_t dayno = datetime_local_dayno(l->at);
	char dayname[11];

	if (!c->has_day || dayno != c->dayno) {
		datetime_local_day(l->at, dayname);
		if (datetime_parse_day(dayname, &c->day) == -1) {
			c->has_day = 0;
			*cause = xasprintf("line %zu: no local day for %s",
			    l->line, c->f[2]);
			return -1;
		}
		memcpy(c->month, dayname, 7);
		c->month[7] = '\0';
		c->dayno = dayno;
		c->has_day = 1;
	}
	l->day = c->day;
	l->month = c->month;
	return 0;
}

/* One order line: 0 handled (loaded, duplicate or rejected), -1 error. */
int
import_order(struct import_rows *c, const struct reader_row *row, char **cause)
{
	enum datetime_why why;
	struct import_line l;
	size_t i;

	l.line = row->line;
	import_map(c, row);
	if (c->map_error != NULL)
		return import_issue(c, l.line, "rejected", "", "missing_field",
		    c->map_error, "", cause);
	import_fields(c, row);
	for (i = 0; i < c->nreq; i++) {
		if (*c->f[i] == '\0')
			return import_reject(c, l.line, (int)i, "field_empty",
			    "a required field is empty", cause);
	}
	if (rules_mobile(c->f[1], l.mobile, &c->notes[1]) == -1)
		return import_reject(c, l.line, 1, "mobile_invalid",
		    IMPORT_MOBILE_MSG, cause);
	if (datetime_parse_why(c->f[2], &l.at, &why) == -1)
		return import_reject(c, l.line, 2, "date_invalid",
		    datetime_why_text(why), cause);
	if (rules_count(c->f[4], &l.count, &c->notes[4]) == -1)
		return import_reject(c, l.line, 4, "sku_count_invalid",
		    "sku_count must be a whole number of at least 1", cause);
	if (rules_amount(c->f[5], &l.amount, &c->notes[5]) == -1)
		return import_reject(c, l.line, 5, "amount_invalid",
		    "total_amount must be a number >= 0 with at most 2 "
		    "decimals; one currency mark (Rs, Rs., INR or the rupee "
		    "sign) and Western or Indian digit grouping are allowed",
		    cause);
	if (import_day(c, &l, cause) == -1)
		return -1;
	if (import_group_enter(c, cause) == -1)
		return -1;
	if (c->group.fresh && !c->group.overflow &&
	    c->group.n < IMPORT_GROUP_MAX)
		return import_order_new(c, &l, cause);
	return import_order_stored(c, &l, cause);
}

/* The evidence of an unsorted file, from its stored lines: its lines of an
 * order do not follow each other, so the groups did not see them whole. */
static int
import_evidence_stored(struct import_rows *c, char **cause)
{
	return db_query_ints(c->db, "SELECT count(*), coalesce(sum(mn = mx), "
	    "0) FROM (SELECT min(amount) AS mn, max(amount) AS mx "
	    "FROM order_lines WHERE batch_id = ?1 GROUP BY order_id "
	    "HAVING count(*) >= 2)", c->res->batch, 0, &c->multi, &c->repeat,
	    cause);
}

int
import_rows_scope(struct import_rows *c, char **cause)
{
	struct checks_input *in = c->in;
	enum rules_scope scope = c->scope;
	sqlite3_stmt *st;
	int rc;

	if (c->unsorted && !c->slow_stored) {
		c->multi = c->smulti;
		c->repeat = c->srepeat;
	} else if (c->unsorted && import_evidence_stored(c, cause) == -1)
		return -1;
	if (scope == RULES_SCOPE_AUTO)
		scope = rules_scope_decide(c->multi, c->repeat);
	in->has_scope = 1;
	in->scope_multi = c->multi;
	in->scope_repeat = c->repeat;
	in->scope_asked = c->scope != RULES_SCOPE_AUTO;
	in->scope = scope;
	if (scope == RULES_SCOPE_AUTO)
		return 0;	/* undecidable: the batch fails */
	if (scope == RULES_SCOPE_LINE && c->reading == RULES_SCOPE_ORDER &&
	    import_read_lines(c, cause) == -1)
		return -1;
	if (scope != c->reading) {
		*cause = xstrdup("internal error: the amount scope changed "
		    "after lines were stored");
		return -1;
	}
	checks_scope_text(in, in->scope_text, sizeof in->scope_text);
	if (db_prepare(c->db, "UPDATE batches SET amount_scope = ?2, "
	    "amount_evidence = ?3 WHERE id = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->res->batch);
	sqlite3_bind_text(st, 2, rules_scope_name(scope), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->scope_text, -1, SQLITE_STATIC);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

/* Count the lines of a customer (mobile) that matches no current one. */
static int
import_unmatched_one(const char *mobile, int64_t lines, void *arg)
{
	struct import_rows *c = arg;
	sqlite3_stmt *st = c->st[ST_MATCHED];
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, mobile, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		c->in->unmatched += lines;
	else if (rc != SQLITE_ROW)
		return -1;
	return 0;
}

/* Lines of the batch whose mobile matches no current customer come from
 * the batch's customers in the totals: a lookup per customer, not a pass
 * over the lines. */
int
import_rows_totals(struct import_rows *c, char **cause)
{
	if (totals_acc_flush(c->db, &c->acc, cause) == -1)
		return -1;
	c->in->unmatched = 0;
	if (totals_acc_customers(&c->acc, import_unmatched_one, c) != 0) {
		*cause = db_error(c->db, "reading customers");
		return -1;
	}
	c->in->has_unmatched = 1;
	/* Give the memory back before the checks and the snapshot. */
	totals_acc_free(&c->acc);
	return 0;
}

/* The amount scope asked for (the option, else the setting), and the
 * reading lines start with: under auto, order totals until disproved. */
static int
import_scope_asked(struct import_rows *c, char **cause)
{
	char *setting = NULL;
	int scope;

	if (c->opts->amount_scope == NULL &&
	    settings_text(c->db, SET_AMOUNT_SCOPE, &setting, cause) == -1)
		return -1;
	scope = rules_amount_scope(c->opts->amount_scope != NULL ?
	    c->opts->amount_scope : setting);
	free(setting);
	if (scope == -1) {
		*cause = xstrdup("the amount scope is auto, line or order "
		    "(see 'kpidesk config list')");
		return -1;
	}
	c->scope = (enum rules_scope)scope;
	c->reading = c->scope == RULES_SCOPE_LINE ? RULES_SCOPE_LINE :
	    RULES_SCOPE_ORDER;
	return 0;
}

int
import_orders_prepare(struct import_rows *c, char **cause)
{
	struct strbuf sql;
	sqlite3_stmt *st;
	int i, rc;

	/* The single-row insert's columns, IMPORT_BATCH_ROWS times,
	 * without ON CONFLICT: these rows cannot clash. */
	strbuf_init(&sql);
	strbuf_puts(&sql, "INSERT INTO order_lines (batch_id, line, "
	    "order_id, sku_id, mobile, ordered_text, ordered_at, day, "
	    "sku_count, amount, revenue) VALUES ");
	for (i = 0; i < IMPORT_BATCH_ROWS; i++)
		strbuf_puts(&sql, i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?)" :
		    ",(?,?,?,?,?,?,?,?,?,?,?)");
	rc = db_prepare(c->db, strbuf_str(&sql),
	    &c->st[ST_LINE_INSERT_MANY], cause);
	strbuf_free(&sql);
	if (rc == -1)
		return -1;
	/* The last key of the table: one B-tree descent. */
	if (db_prepare(c->db, "SELECT max(order_id) FROM order_lines",
	    &st, cause) == -1)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		c->max_order = xstrdup((const char *)
		    sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (import_scope_asked(c, cause) == -1)
		return -1;
	c->proof = proof_orders_start(c->res->batch,
	    c->reading == RULES_SCOPE_ORDER);
	return 0;
}
