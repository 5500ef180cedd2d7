/* totals_lines: the aggregates recomputed from order_lines alone (see
 * totals.h). */
#include "totals.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "datetime.h"
#include "db.h"
#include "proof.h"
#include "rules.h"
#include "sqlrow.h"
#include "strbuf.h"
#include "text.h"
#include "xmem.h"

#define TOTALS_MAX_BATCH	100000000
#define TOTALS_MAX_DAYS		(400 * 366)

/* One line of the order being read. */
struct totals_line {
	int64_t		 batch, revenue;
	int32_t		 day;
	size_t		 mobile;	/* offset into the group's text */
};

/*
 * The views' customers while the lines are read: keyed by the mobile as a
 * number (10 digits, as the rules store them) in one open-addressing
 * array shared by the views, so a line costs one lookup (no string hash)
 * whatever the number of views; any other mobile goes to each view's smap
 * directly. A slot is the mobile (0: empty), then per view: orders,
 * revenue, lines, window revenue, window lines. Moved into the smaps at
 * the end.
 */
#define TOTALS_NUM_V	5

struct totals_nums {
	uint64_t	*slot;
	size_t		 n, cap;	/* cap 0 or a power of two */
	size_t		 stride;	/* 1 + TOTALS_NUM_V * views */
};

/* The lines of one order (neighbours in key order), and the scan's state. */
struct totals_scan {
	struct totals_view *views;
	struct totals_nums nums;
	size_t		 nviews;
	uint8_t		*committed;	/* by batch id */
	struct proof_orders **proof;	/* by batch id, when proving */
	int64_t		 maxbatch;
	int32_t		 first_day;
	size_t		 ndays;
	size_t		*day_month;	/* month index of each day */
	char		*order;		/* the current order_id */
	size_t		 ordercap;
	struct totals_line *line;
	size_t		 nline, capline;
	char		*text;		/* the lines' mobiles, NUL-separated */
	size_t		 ntext, captext;
};

void
totals_view_free(struct totals_view *v)
{
	free(v->days);
	free(v->month);
	free(v->months);
	smap_free(&v->customers);
	smap_free(&v->window);
	v->days = NULL;
	v->month = NULL;
	v->months = NULL;
	v->ndays = v->nmonths = 0;
}

/* The slot of key in slot[0..cap), or the empty one where it goes. */
static uint64_t *
totals_nums_slot(uint64_t *slot, size_t cap, size_t stride, uint64_t key)
{
	size_t i, mask = cap - 1;
	uint64_t *e;

	for (i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask; ;
	    i = (i + 1) & mask) {
		e = slot + i * stride;
		if (*e == key || *e == 0)
			return e;
	}
}

/* The counters of key (the views' in turn), added when absent; the array
 * stays under 80% full. */
static int64_t *
totals_nums_get(struct totals_nums *t, uint64_t key)
{
	uint64_t *old = t->slot, *e;
	size_t oldcap = t->cap, i;

	if (5 * (t->n + 1) > 4 * t->cap) {
		t->cap = oldcap == 0 ? 1024 : oldcap * 2;
		t->slot = xcalloc(t->cap, t->stride * sizeof *t->slot);
		for (i = 0; i < oldcap; i++) {
			e = old + i * t->stride;
			if (*e != 0)
				memcpy(totals_nums_slot(t->slot, t->cap,
				    t->stride, *e), e,
				    t->stride * sizeof *t->slot);
		}
		free(old);
	}
	e = totals_nums_slot(t->slot, t->cap, t->stride, key);
	if (*e == 0) {
		*e = key;
		t->n++;
	}
	return (int64_t *)(e + 1);
}

/* Move the numbered customers into the views' smaps and free them. */
static void
totals_nums_move(struct totals_nums *t, struct totals_view *views,
    size_t nviews)
{
	struct smap_entry *e;
	uint64_t *slot;
	int64_t *c;
	char mobile[24];
	size_t i, k;
	int j;

	for (i = 0; i < t->cap; i++) {
		slot = t->slot + i * t->stride;
		if (*slot == 0)
			continue;
		snprintf(mobile, sizeof mobile, "%010llu",
		    (unsigned long long)*slot);
		for (k = 0; k < nviews; k++) {
			c = (int64_t *)(slot + 1) + k * TOTALS_NUM_V;
			if (c[2] == 0)
				continue;	/* no line in this view */
			e = smap_get(&views[k].customers, mobile);
			for (j = 0; j < 3; j++)
				e->v[j] += c[j];
			if (c[4] != 0) {
				e = smap_get(&views[k].window, mobile);
				e->v[0] += c[3];
				e->v[1] += c[4];
			}
		}
	}
	free(t->slot);
	memset(t, 0, sizeof *t);
}

/* Whether line l counts in view v. */
static int
totals_counts(const struct totals_scan *sc, const struct totals_view *v,
    const struct totals_line *l)
{
	if (l->day >= v->f.as_of || l->batch > v->f.last_batch)
		return 0;
	if (!v->f.committed)
		return 1;
	return l->batch >= 0 && l->batch <= sc->maxbatch &&
	    sc->committed[l->batch];
}

/* Count the lines of the order read so far into every view. Distinct
 * orders: a day (month, customer) counts the order at the first of its
 * lines there that the view counts. */
static void
totals_scan_order(struct totals_scan *sc)
{
	struct totals_view *v;
	struct totals_line *l, *e;
	struct smap_entry *c;
	int64_t *num, *n;
	const char *mobile;
	uint64_t key;
	size_t k, i, j, d, m;
	int new_day, new_month, new_cust, win;

	for (i = 0; i < sc->nline; i++) {
		l = &sc->line[i];
		d = (size_t)(l->day - sc->first_day);
		m = sc->day_month[d];
		mobile = sc->text + l->mobile;
		key = totals_mobile_key(mobile);
		num = NULL;
		for (k = 0; k < sc->nviews; k++) {
			v = &sc->views[k];
			if (!totals_counts(sc, v, l))
				continue;
			new_day = new_month = new_cust = 1;
			for (j = 0; j < i; j++) {
				e = &sc->line[j];
				if (!totals_counts(sc, v, e))
					continue;
				if (e->day == l->day)
					new_day = 0;
				if (sc->day_month[e->day - sc->first_day] == m)
					new_month = 0;
				if (strcmp(sc->text + e->mobile, mobile) == 0)
					new_cust = 0;
			}
			v->days[d][0] += new_day;
			v->days[d][1]++;
			v->days[d][2] += l->revenue;
			v->months[m][0] += new_month;
			v->months[m][1]++;
			v->months[m][2] += l->revenue;
			win = v->f.as_of != INT32_MAX &&
			    l->day >= v->f.as_of - TOTALS_WINDOW_DAYS;
			if (key != 0) {
				if (num == NULL)
					num = totals_nums_get(&sc->nums, key);
				n = num + k * TOTALS_NUM_V;
				n[0] += new_cust;
				n[1] += l->revenue;
				n[2]++;
				n[3] += win ? l->revenue : 0;
				n[4] += win;
				continue;
			}
			c = smap_get(&v->customers, mobile);
			c->v[0] += new_cust;
			c->v[1] += l->revenue;
			c->v[2]++;
			if (win) {
				c = smap_get(&v->window, mobile);
				c->v[0] += l->revenue;
				c->v[1]++;
			}
		}
	}
	sc->nline = sc->ntext = 0;
}

/* One row of order_lines in key order: a new order_id ends the last one. */
static int
totals_scan_row(sqlite3_stmt *st, void *arg)
{
	struct totals_scan *sc = arg;
	const char *order = (const char *)sqlite3_column_text(st, 0);
	const char *mobile = (const char *)sqlite3_column_text(st, 2);
	int64_t batch = sqlite3_column_int64(st, 10);
	struct totals_line *l;
	size_t len;

	if (sc->proof != NULL && batch >= 0 && batch <= sc->maxbatch &&
	    sc->proof[batch] != NULL)
		proof_orders_row(sc->proof[batch], st);
	if (order == NULL)
		order = "";
	if (mobile == NULL)
		mobile = "";
	if (sc->nline > 0 && strcmp(order, sc->order) != 0)
		totals_scan_order(sc);
	if (sc->nline == 0) {
		len = strlen(order) + 1;
		if (len > sc->ordercap) {
			sc->ordercap = len * 2;
			sc->order = xreallocarray(sc->order, sc->ordercap, 1);
		}
		memcpy(sc->order, order, len);
	}
	sc->line = xgrow(sc->line, sc->nline, &sc->capline, sizeof *sc->line);
	len = strlen(mobile) + 1;
	while (sc->ntext + len > sc->captext) {
		sc->captext = sc->captext == 0 ? 256 : sc->captext * 2;
		sc->text = xreallocarray(sc->text, sc->captext, 1);
	}
	l = &sc->line[sc->nline++];
	l->batch = batch;
	l->day = sqlite3_column_int(st, 5);
	l->revenue = sqlite3_column_int64(st, 9);
	l->mobile = sc->ntext;
	memcpy(sc->text + sc->ntext, mobile, len);
	sc->ntext += len;
	return 0;
}

/* A committed batch: mark it. */
static int
totals_scan_batch(sqlite3_stmt *st, void *arg)
{
	struct totals_scan *sc = arg;
	int64_t id = sqlite3_column_int64(st, 0);

	if (id >= 0 && id <= sc->maxbatch)
		sc->committed[id] = 1;
	return 0;
}

/* An orders batch: start its proof. */
static int
totals_scan_proof(sqlite3_stmt *st, void *arg)
{
	struct totals_scan *sc = arg;
	int64_t id = sqlite3_column_int64(st, 0);

	if (id >= 0 && id <= sc->maxbatch && sc->proof[id] == NULL)
		sc->proof[id] = proof_orders_start(id,
		    sqlite3_column_int(st, 1));
	return 0;
}

/* The day range, the months over it, and each view's arrays. */
static int
totals_scan_init(struct db *db, struct totals_scan *sc, int prove,
    char **cause)
{
	const struct db_query batches = {
		.sql = "SELECT id FROM batches WHERE status = 'committed'",
		.row = totals_scan_batch,
		.arg = sc,
		.what = "reading the batches"
	};
	const struct db_query orders = {
		.sql = "SELECT id, coalesce(amount_scope = 'order', 0) "
		    "FROM batches WHERE kind = 'orders'",
		.row = totals_scan_proof,
		.arg = sc,
		.what = "reading the batches"
	};
	int64_t lo, hi;
	char day[11];
	size_t d, k;

	if (db_query_ints(db, "SELECT coalesce(max(id), 0), 0 FROM batches",
	    0, 0, &sc->maxbatch, NULL, cause) == -1 ||
	    /* One aggregate per subquery: each is a seek to an end of the
	     * day index (both in one SELECT read the whole index). */
	    db_query_ints(db, "SELECT coalesce((SELECT min(day) FROM "
	    "order_lines), 0), coalesce((SELECT max(day) FROM order_lines), "
	    "-1)", 0, 0, &lo, &hi, cause) == -1)
		return -1;
	/* Arrays by batch id and by day: refuse sizes no import makes. */
	if (sc->maxbatch < 0 || sc->maxbatch > TOTALS_MAX_BATCH ||
	    lo < INT32_MIN || hi > INT32_MAX || hi - lo > TOTALS_MAX_DAYS) {
		*cause = xasprintf("implausible batch ids (up to %lld) or "
		    "days (%lld to %lld) in the database: it was edited",
		    (long long)sc->maxbatch, (long long)lo, (long long)hi);
		return -1;
	}
	sc->committed = xcalloc((size_t)sc->maxbatch + 1, 1);
	if (db_foreach(db, &batches, cause) == -1)
		return -1;
	if (prove) {
		sc->proof = xcalloc((size_t)sc->maxbatch + 1,
		    sizeof *sc->proof);
		if (db_foreach(db, &orders, cause) == -1)
			return -1;
	}
	sc->first_day = (int32_t)lo;
	sc->ndays = hi >= lo ? (size_t)(hi - lo + 1) : 0;
	sc->day_month = xcalloc(sc->ndays + 1, sizeof *sc->day_month);
	for (k = 0; k < sc->nviews; k++) {
		struct totals_view *v = &sc->views[k];

		v->first_day = sc->first_day;
		v->ndays = sc->ndays;
		v->days = xcalloc(sc->ndays + 1, sizeof *v->days);
		v->month = xcalloc(sc->ndays / 28 + 2, sizeof *v->month);
		v->months = xcalloc(sc->ndays / 28 + 2, sizeof *v->months);
	}
	/* Days rise, so months do: a new month is the next index. */
	for (d = 0; d < sc->ndays; d++) {
		datetime_format_day(sc->first_day + (int32_t)d, day);
		day[7] = '\0';
		for (k = 0; k < sc->nviews; k++) {
			struct totals_view *v = &sc->views[k];

			if (v->nmonths == 0 ||
			    strcmp(v->month[v->nmonths - 1], day) != 0)
				memcpy(v->month[v->nmonths++], day, 8);
		}
		sc->day_month[d] = sc->nviews > 0 ?
		    sc->views[0].nmonths - 1 : 0;
	}
	return 0;
}

/*
 * The table in key order: an order's lines together. Columns as
 * proof_orders_row wants them, then batch_id; without proofs, only those
 * the totals need.
 */
static const char totals_lines_sql[] =
	"SELECT order_id, NULL, mobile, NULL, NULL, day, NULL, NULL, NULL, "
	"revenue, batch_id FROM order_lines ORDER BY order_id, sku_id";
static const char totals_lines_proof_sql[] =
	"SELECT order_id, sku_id, mobile, ordered_text, ordered_at, day, "
	"sku_count, amount, line, revenue, batch_id FROM order_lines "
	"ORDER BY order_id, sku_id";

int
totals_lines(struct db *db, struct totals_view *views, size_t n,
    struct smap *proofs, char **cause)
{
	struct db_query scan = {
		.sql = proofs != NULL ? totals_lines_proof_sql :
		    totals_lines_sql,
		.row = totals_scan_row,
		.what = "reading the order lines"
	};
	struct totals_scan sc;
	char hex[HASH_HEXLEN + 1], key[24];
	int64_t b;
	size_t k;
	int rc = -1;

	memset(&sc, 0, sizeof sc);
	sc.views = views;
	sc.nviews = n;
	sc.nums.stride = 1 + TOTALS_NUM_V * n;
	for (k = 0; k < n; k++) {
		struct totals_filter f = views[k].f;

		memset(&views[k], 0, sizeof views[k]);
		views[k].f = f;
		smap_init(&views[k].customers);
		smap_init(&views[k].window);
	}
	scan.arg = &sc;
	if (totals_scan_init(db, &sc, proofs != NULL, cause) == -1 ||
	    db_foreach(db, &scan, cause) == -1)
		goto out;
	if (sc.nline > 0)
		totals_scan_order(&sc);
	rc = 0;
out:
	for (b = 0; sc.proof != NULL && b <= sc.maxbatch; b++) {
		if (sc.proof[b] == NULL)
			continue;
		if (rc == 0) {
			proof_orders_end(sc.proof[b], hex);
			snprintf(key, sizeof key, "%lld", (long long)b);
			smap_get(proofs, key)->ptr = xstrdup(hex);
		} else
			proof_orders_free(sc.proof[b]);
	}
	free(sc.proof);
	totals_nums_move(&sc.nums, views, n);
	free(sc.committed);
	free(sc.day_month);
	free(sc.order);
	free(sc.line);
	free(sc.text);
	return rc;
}

/* A figure as the KPIs show it: revenue as money, counts as numbers. */
static void
totals_figure(char *buf, size_t len, const char *name, int64_t v)
{
	if (strcmp(name, "revenue") == 0)
		rules_money_format(v, buf, len);
	else
		snprintf(buf, len, "%lld", (long long)v);
}

/* The figures of each totals table, in the order compared. */
static const char *const totals_names3[] = { "orders", "lines", "revenue" };
static const char *const totals_names2[] = { "orders", "revenue" };
static const char *const totals_names_window[] = { "revenue", "lines" };

/* One totals row compared with the lines' figures (nv of them, called
 * name[]); *shown counts the lines written for this table. */
static void
totals_differs_named(struct strbuf *report, const char *what,
    const char *key, const int64_t *table, const int64_t *lines,
    const char *const *name, int nv, size_t max, size_t *shown, int *ok)
{
	char a[32], b[32];
	int k, first = 1;

	*ok = 0;
	if ((*shown)++ >= max)
		return;
	strbuf_printf(report, "%s %s differs from the order lines:", what,
	    key);
	if (table == NULL)
		strbuf_puts(report, " no totals row, the lines have");
	else if (lines == NULL)
		strbuf_puts(report, " the lines have none, the totals say");
	for (k = 0; k < nv; k++) {
		if (table != NULL && lines != NULL && table[k] == lines[k])
			continue;
		totals_figure(a, sizeof a, name[k], table != NULL ? table[k] :
		    lines[k]);
		strbuf_printf(report, "%s %s %s", first ? "" : ",", name[k],
		    a);
		if (table != NULL && lines != NULL) {
			totals_figure(b, sizeof b, name[k], lines[k]);
			strbuf_printf(report, " (lines %s)", b);
		}
		first = 0;
	}
	strbuf_putc(report, '\n');
}

/* The same, with the columns of day_totals (nv 3) or of month_totals and
 * customer_totals (nv 2). */
static void
totals_differs(struct strbuf *report, const char *what, const char *key,
    const int64_t *table, const int64_t *lines, int nv, size_t max,
    size_t *shown, int *ok)
{
	totals_differs_named(report, what, key, table, lines,
	    nv == 3 ? totals_names3 : totals_names2, nv, max, shown, ok);
}

static void
totals_more(struct strbuf *report, const char *what, size_t shown,
    size_t max)
{
	if (shown > max)
		strbuf_printf(report, "%s: %zu more differ\n", what,
		    shown - max);
}

/* A customer named for a report: "CUST-0001 (XXXXXX6781)", display-safe. */
static char *
totals_customer_name(struct db *db, const char *mobile)
{
	sqlite3_stmt *st;
	char *masked, *id = NULL, *shown, *cause = NULL;
	size_t i;

	if (db_prepare(db, "SELECT customer_id FROM customers WHERE "
	    "mobile = ?1 AND to_batch IS NULL", &st, &cause) == 0) {
		sqlite3_bind_text(st, 1, mobile, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL)
			id = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	free(cause);
	/* Masked as auditors see mobiles everywhere (history.h). */
	masked = xstrdup(mobile);
	for (i = 0; i + 4 < strlen(masked); i++)
		masked[i] = 'X';
	shown = id != NULL ? xasprintf("%s (%s)", id, masked) :
	    xasprintf("mobile %s", masked);
	free(id);
	free(masked);
	masked = text_display(shown, 1);
	free(shown);
	return masked;
}

/* day_totals against the view's days. */
static int
totals_check_days(struct db *db, const struct totals_view *v,
    struct strbuf *report, size_t max, int *ok, char **cause)
{
	sqlite3_stmt *st;
	uint8_t *seen = xcalloc(v->ndays + 1, 1);
	int64_t row[3], day;
	size_t shown = 0, d;
	char name[16];
	int step, k;

	if (db_prepare(db, "SELECT day, orders, lines, revenue FROM "
	    "day_totals ORDER BY day", &st, cause) == -1) {
		free(seen);
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		day = sqlite3_column_int64(st, 0);
		for (k = 0; k < 3; k++)
			row[k] = sqlite3_column_int64(st, k + 1);
		if (day < INT32_MIN || day > INT32_MAX)
			snprintf(name, sizeof name, "%lld", (long long)day);
		else
			datetime_format_day((int32_t)day, name);
		d = (size_t)(day - v->first_day);
		if (day < v->first_day || d >= v->ndays ||
		    v->days[d][1] == 0)
			totals_differs(report, "day_totals", name, row, NULL,
			    3, max, &shown, ok);
		else {
			seen[d] = 1;
			if (memcmp(row, v->days[d], sizeof row) != 0)
				totals_differs(report, "day_totals", name, row,
				    v->days[d], 3, max, &shown, ok);
		}
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		*cause = db_error(db, "reading day_totals");
		free(seen);
		return -1;
	}
	for (d = 0; d < v->ndays; d++) {
		if (v->days[d][1] != 0 && !seen[d]) {
			datetime_format_day(v->first_day + (int32_t)d, name);
			totals_differs(report, "day_totals", name, NULL,
			    v->days[d], 3, max, &shown, ok);
		}
	}
	totals_more(report, "day_totals", shown, max);
	free(seen);
	return 0;
}

/* month_totals against the view's months. */
static int
totals_check_months(struct db *db, const struct totals_view *v,
    struct strbuf *report, size_t max, int *ok, char **cause)
{
	sqlite3_stmt *st;
	uint8_t *seen = xcalloc(v->nmonths + 1, 1);
	const char *month;
	int64_t row[2], lines[2];
	size_t shown = 0, m;
	char *name;
	int step;

	if (db_prepare(db, "SELECT month, orders, revenue FROM month_totals "
	    "ORDER BY month", &st, cause) == -1) {
		free(seen);
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		month = (const char *)sqlite3_column_text(st, 0);
		name = text_display(month != NULL ? month : "", 1);
		row[0] = sqlite3_column_int64(st, 1);
		row[1] = sqlite3_column_int64(st, 2);
		for (m = 0; m < v->nmonths; m++) {
			if (strcmp(v->month[m], name) == 0)
				break;
		}
		if (m == v->nmonths || v->months[m][1] == 0)
			totals_differs(report, "month_totals", name, row, NULL,
			    2, max, &shown, ok);
		else {
			seen[m] = 1;
			lines[0] = v->months[m][0];
			lines[1] = v->months[m][2];
			if (row[0] != lines[0] || row[1] != lines[1])
				totals_differs(report, "month_totals", name,
				    row, lines, 2, max, &shown, ok);
		}
		free(name);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		*cause = db_error(db, "reading month_totals");
		free(seen);
		return -1;
	}
	for (m = 0; m < v->nmonths; m++) {
		if (v->months[m][1] != 0 && !seen[m]) {
			lines[0] = v->months[m][0];
			lines[1] = v->months[m][2];
			totals_differs(report, "month_totals", v->month[m],
			    NULL, lines, 2, max, &shown, ok);
		}
	}
	totals_more(report, "month_totals", shown, max);
	free(seen);
	return 0;
}

/* customer_totals against the view's customers, a row at a time (no copy
 * of the table in memory); seen marks the view's entries met. */
static int
totals_check_customers(struct db *db, const struct totals_view *v,
    struct strbuf *report, size_t max, int *ok, char **cause)
{
	sqlite3_stmt *st;
	struct smap_entry *c;
	const char *mobile;
	uint8_t *seen = xcalloc(v->customers.cap + 1, 1);
	size_t shown = 0, i;
	int64_t row[2], lines[2];
	char *name;
	int step;

	if (db_prepare(db, "SELECT mobile, orders, revenue FROM "
	    "customer_totals", &st, cause) == -1) {
		free(seen);
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		mobile = sqlrow_text(st, 0);
		row[0] = sqlite3_column_int64(st, 1);
		row[1] = sqlite3_column_int64(st, 2);
		c = smap_find(&v->customers, mobile);
		if (c != NULL)
			seen[c - v->customers.slot] = 1;
		if (c != NULL && c->v[2] > 0 && c->v[0] == row[0] &&
		    c->v[1] == row[1])
			continue;
		name = shown < max ? totals_customer_name(db, mobile) :
		    xstrdup("");
		lines[0] = c != NULL ? c->v[0] : 0;
		lines[1] = c != NULL ? c->v[1] : 0;
		totals_differs(report, "customer_totals", name, row,
		    c != NULL && c->v[2] > 0 ? lines : NULL, 2, max, &shown,
		    ok);
		free(name);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		*cause = db_error(db, "reading customer_totals");
		free(seen);
		return -1;
	}
	for (i = 0; (c = smap_next(&v->customers, &i)) != NULL;) {
		if (c->v[2] == 0 || seen[c - v->customers.slot])
			continue;
		name = shown < max ? totals_customer_name(db, c->key) :
		    xstrdup("");
		lines[0] = c->v[0];
		lines[1] = c->v[1];
		totals_differs(report, "customer_totals", name, NULL, lines,
		    2, max, &shown, ok);
		free(name);
	}
	totals_more(report, "customer_totals", shown, max);
	free(seen);
	return 0;
}

/* A line of the window: add it to its mobile's entry. */
static int
totals_window_line(sqlite3_stmt *st, void *arg)
{
	struct smap_entry *e = smap_get(arg, sqlrow_text(st, 0));

	e->v[0] += sqlite3_column_int64(st, 1);
	e->v[1]++;
	return 0;
}

int
totals_window_lines(struct db *db, int32_t as_of, struct smap *m,
    char **cause)
{
	const int64_t ints[2] = { (int64_t)as_of - TOTALS_WINDOW_DAYS, as_of };
	/* The covering day index: the window's lines without the table, in
	 * one pass into a hash map (no GROUP BY sort). */
	const struct db_query q = {
		.sql = "SELECT mobile, revenue FROM order_lines "
		    "INDEXED BY order_lines_day WHERE day >= ?1 AND day < ?2",
		.ints = ints,
		.n_ints = 2,
		.row = totals_window_line,
		.arg = m,
		.what = "reading the window's order lines"
	};

	return db_foreach(db, &q, cause);
}

/* A window_totals row against the lines' window w of as_of (seen marked
 * in v[2]); a row of another as_of is stale. */
static int
totals_check_window_row(sqlite3_stmt *st, struct db *db, int32_t as_of,
    struct smap *w, struct strbuf *report, size_t max, size_t *shown,
    int *ok)
{
	const char *mobile = sqlrow_text(st, 1);
	struct smap_entry *c = NULL;
	int64_t row[2];
	char *name, *key;

	row[0] = sqlite3_column_int64(st, 2);
	row[1] = sqlite3_column_int64(st, 3);
	if (sqlite3_column_int64(st, 0) == as_of &&
	    (c = smap_find(w, mobile)) != NULL) {
		c->v[2] = 1;
		if (c->v[0] == row[0] && c->v[1] == row[1])
			return 0;
	}
	name = *shown < max ? totals_customer_name(db, mobile) : xstrdup("");
	key = sqlite3_column_int64(st, 0) == as_of ? xstrdup(name) :
	    xasprintf("%s, kept as of day %lld", name,
	    (long long)sqlite3_column_int64(st, 0));
	totals_differs_named(report, "window_totals", key, row,
	    c != NULL ? c->v : NULL, totals_names_window, 2, max, shown, ok);
	free(key);
	free(name);
	return 0;
}

int
totals_check_window(struct db *db, struct strbuf *report, size_t max,
    int *ok, char **cause)
{
	struct smap w;
	struct smap_entry *c;
	sqlite3_stmt *st;
	int64_t any, last;
	int32_t as_of = INT32_MIN;
	size_t shown = 0, i;
	char *name;
	int step, rc = -1;

	smap_init(&w);
	if (db_query_ints(db, "SELECT (SELECT max(day) FROM order_lines) IS "
	    "NOT NULL, coalesce((SELECT max(day) FROM order_lines), 0)", 0, 0,
	    &any, &last, cause) == -1)
		goto out;
	if (any && last < INT32_MAX && last >= INT32_MIN + TOTALS_WINDOW_DAYS) {
		as_of = (int32_t)last + 1;
		if (totals_window_lines(db, as_of, &w, cause) == -1)
			goto out;
	}
	if (db_prepare(db, "SELECT as_of, mobile, revenue, lines FROM "
	    "window_totals", &st, cause) == -1)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		totals_check_window_row(st, db, as_of, &w, report, max,
		    &shown, ok);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		*cause = db_error(db, "reading window_totals");
		goto out;
	}
	for (i = 0; (c = smap_next(&w, &i)) != NULL;) {
		if (c->v[2] != 0)
			continue;
		name = shown < max ? totals_customer_name(db, c->key) :
		    xstrdup("");
		totals_differs_named(report, "window_totals", name, NULL,
		    c->v, totals_names_window, 2, max, &shown, ok);
		free(name);
	}
	totals_more(report, "window_totals", shown, max);
	rc = 0;
out:
	smap_free(&w);
	return rc;
}

int
totals_check_tables(struct db *db, const struct totals_view *v,
    struct strbuf *report, size_t max, int *ok, char **cause)
{
	if (totals_check_days(db, v, report, max, ok, cause) == -1 ||
	    totals_check_months(db, v, report, max, ok, cause) == -1 ||
	    totals_check_customers(db, v, report, max, ok, cause) == -1)
		return -1;
	return 0;
}

int
totals_check(struct db *db, const struct totals_view *v,
    struct strbuf *report, size_t max, int *ok, char **cause)
{
	if (totals_check_tables(db, v, report, max, ok, cause) == -1 ||
	    totals_check_window(db, report, max, ok, cause) == -1)
		return -1;
	return 0;
}
