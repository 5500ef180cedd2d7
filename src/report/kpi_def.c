/*
 * kpi_def: the KPI table, one row per KPI, and the code that builds each
 * KPI's table: from the import-time totals (run) and from a snapshot's
 * lines (run_lines, kpi_run_lines below).
 */
#include "kpi.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "datetime.h"
#include "db.h"
#include "rules.h"
#include "smap.h"
#include "sqlrow.h"
#include "table.h"
#include "totals.h"
#include "xmem.h"

#define KPI_ZSCORE_DAYS		7	/* trailing window of the unusual-day flag */
#define KPI_ZSCORE_LIMIT	3.0

/*
 * "Late" lines are those on or after as_of. Whole-history KPIs start from
 * customer_totals and take away what is late, which for the default as_of
 * is nothing; an order counts before as_of when any of its lines does.
 */
static const char kpi_sql_repeat_all[] =
"WITH late AS (SELECT l.mobile, count(DISTINCT l.order_id) AS n "
"  FROM order_lines l WHERE l.day >= ?1 AND NOT EXISTS (SELECT 1 "
"  FROM order_lines e WHERE e.order_id = l.order_id AND "
"  e.mobile = l.mobile AND e.day < ?1) GROUP BY l.mobile) "
"SELECT c.customer_id, c.customer_name, "
"  t.orders - coalesce(late.n, 0) AS cnt "
"FROM customer_totals t "
"JOIN customers c ON c.mobile = t.mobile AND c.to_batch IS NULL "
"LEFT JOIN late ON late.mobile = t.mobile "
"WHERE cnt > 1 ORDER BY cnt DESC, c.customer_id";

static const char kpi_sql_repeat_range[] =
"WITH w AS (SELECT mobile, count(DISTINCT order_id) AS n FROM order_lines "
"  WHERE day >= ?2 AND day < ?1 GROUP BY mobile) "
"SELECT c.customer_id, c.customer_name, w.n FROM w "
"JOIN customers c ON c.mobile = w.mobile AND c.to_batch IS NULL "
"WHERE w.n > 1 ORDER BY w.n DESC, c.customer_id";

static const char kpi_sql_region_all[] =
"WITH late AS (SELECT l.mobile, count(DISTINCT CASE WHEN NOT EXISTS "
"  (SELECT 1 FROM order_lines e WHERE e.order_id = l.order_id AND "
"  e.mobile = l.mobile AND e.day < ?1) THEN l.order_id END) AS n, "
"  sum(l.revenue) AS rev FROM order_lines l WHERE l.day >= ?1 "
"  GROUP BY l.mobile), "
"r AS (SELECT coalesce(c.region, '" RULES_REGION_UNMATCHED "') AS region, "
"  sum(t.orders - coalesce(late.n, 0)) AS n, "
"  sum(t.revenue - coalesce(late.rev, 0)) AS rev "
"  FROM customer_totals t "
"  LEFT JOIN customers c ON c.mobile = t.mobile AND c.to_batch IS NULL "
"  LEFT JOIN late ON late.mobile = t.mobile GROUP BY 1) "
"SELECT region, n, rev FROM r WHERE n > 0 ORDER BY rev DESC, region";

static const char kpi_sql_region_range[] =
"WITH w AS (SELECT mobile, count(DISTINCT order_id) AS n, "
"  sum(revenue) AS rev FROM order_lines WHERE day >= ?2 AND day < ?1 "
"  GROUP BY mobile) "
"SELECT coalesce(c.region, '" RULES_REGION_UNMATCHED "') AS region, "
"  sum(w.n), sum(w.rev) AS rev FROM w "
"LEFT JOIN customers c ON c.mobile = w.mobile AND c.to_batch IS NULL "
"GROUP BY 1 ORDER BY rev DESC, region";

static const char kpi_sql_daily[] =
"SELECT day, orders, revenue FROM day_totals WHERE day < ?1 ORDER BY day";

/* What kpi_query's rows go to: the KPI's table and the row's own arg. */
struct kpi_rows {
	int		(*row)(sqlite3_stmt *, struct table *, void *);
	struct table	 *t;
	void		 *arg;
};

static int
kpi_query_row(sqlite3_stmt *st, void *arg)
{
	struct kpi_rows *rows = arg;

	return rows->row(st, rows->t, rows->arg);
}

/* Run sql with ?1 = as_of, ?2 = from (unused parameters are fine); call row
 * for each result row until it returns nonzero. */
static int
kpi_query(struct db *db, const char *sql, int32_t as_of, int32_t from,
    int (*row)(sqlite3_stmt *, struct table *, void *), struct table *t,
    void *arg, char **cause)
{
	const int64_t ints[2] = { as_of, from };
	struct kpi_rows rows = { row, t, arg };
	const struct db_query q = {
		.sql = sql,
		.ints = ints,
		.n_ints = 2,
		.row = kpi_query_row,
		.arg = &rows,
		.what = "computing a KPI"
	};

	return db_foreach(db, &q, cause);
}

/* A row of (text, text, number) into the first three columns. */
static int
kpi_row_ttn(sqlite3_stmt *st, struct table *t, void *arg)
{
	const int64_t *limit = arg;
	size_t r;

	if (*limit >= 0 && (int64_t)t->nrows >= *limit)
		return 1;
	r = table_add_row(t);
	table_set_text(t, r, 0, sqlrow_text(st, 0));
	table_set_text(t, r, 1, sqlrow_text(st, 1));
	table_set_num(t, r, 2, sqlite3_column_int64(st, 2));
	return 0;
}

static int
kpi_repeat(struct db *db, const struct kpi_params *p, struct table *t,
    char **cause)
{
	int all = p->period == KPI_ALL;

	return kpi_query(db, all ? kpi_sql_repeat_all : kpi_sql_repeat_range,
	    p->as_of, kpi_period_start(p->period, p->as_of), kpi_row_ttn, t,
	    (void *)&p->limit, cause);
}

/* A day's row after the last (*next, INT32_MIN before the first); gaps
 * before it become rows of zeros. */
static void
kpi_add_day(struct table *t, int32_t *next, int32_t day, int64_t orders,
    int64_t revenue)
{
	char name[11];
	size_t r;

	for (; *next != INT32_MIN && *next < day; (*next)++) {
		r = table_add_row(t);
		datetime_format_day(*next, name);
		table_set_text(t, r, 0, name);
	}
	r = table_add_row(t);
	datetime_format_day(day, name);
	table_set_text(t, r, 0, name);
	table_set_num(t, r, 1, orders);
	table_set_num(t, r, 2, revenue);
	*next = day + 1;
}

/* A day_totals row. */
static int
kpi_row_day(sqlite3_stmt *st, struct table *t, void *arg)
{
	kpi_add_day(t, arg, sqlite3_column_int(st, 0),
	    sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
	return 0;
}

/* Flag days whose order count is |z| >= 3 from the previous 7 days'. */
static void
kpi_flag_days(struct table *t, size_t col)
{
	double mean, var, z;
	size_t r, k;
	char flag[32];

	for (r = KPI_ZSCORE_DAYS; r < t->nrows; r++) {
		mean = var = 0;
		for (k = r - KPI_ZSCORE_DAYS; k < r; k++)
			mean += (double)table_cell(t, k, 1)->num;
		mean /= KPI_ZSCORE_DAYS;
		for (k = r - KPI_ZSCORE_DAYS; k < r; k++) {
			double d = (double)table_cell(t, k, 1)->num - mean;

			var += d * d;
		}
		var /= KPI_ZSCORE_DAYS;
		if (var <= 0)
			continue;	/* a flat week: no scale to judge by */
		z = ((double)table_cell(t, r, 1)->num - mean) / sqrt(var);
		if (fabs(z) >= KPI_ZSCORE_LIMIT) {
			snprintf(flag, sizeof flag, "z=%+.1f", z);
			table_set_text(t, r, col, flag);
		}
	}
}

static int
kpi_daily(struct db *db, const struct kpi_params *p, struct table *t,
    char **cause)
{
	int32_t next = INT32_MIN;

	if (kpi_query(db, kpi_sql_daily, p->as_of, 0, kpi_row_day, t, &next,
	    cause) == -1)
		return -1;
	kpi_flag_days(t, 3);
	return 0;
}

/* A row of (text, number, number), as months and regions are. */
static int
kpi_row_tnn(sqlite3_stmt *st, struct table *t, void *arg)
{
	size_t r = table_add_row(t);

	(void)arg;
	table_set_text(t, r, 0, sqlrow_text(st, 0));
	table_set_num(t, r, 1, sqlite3_column_int64(st, 1));
	table_set_num(t, r, 2, sqlite3_column_int64(st, 2));
	return 0;
}

/* Month-over-month revenue change, as text beside each month. */
static void
kpi_month_change(struct table *t, size_t col)
{
	int64_t prev, cur;
	char buf[32];
	size_t r;

	for (r = 1; r < t->nrows; r++) {
		prev = table_cell(t, r - 1, 2)->num;
		cur = table_cell(t, r, 2)->num;
		if (prev <= 0)
			continue;
		snprintf(buf, sizeof buf, "%+.1f%%",
		    100.0 * (double)(cur - prev) / (double)prev);
		table_set_text(t, r, col, buf);
	}
}

static int
kpi_monthly(struct db *db, const struct kpi_params *p, struct table *t,
    char **cause)
{
	int32_t mstart = kpi_period_start(KPI_MONTH_TO_DATE, p->as_of);
	int32_t mnext = kpi_period_start(KPI_MONTH_TO_DATE, mstart + 32);
	int64_t later, orders, revenue;
	char month[11];
	size_t r;

	/* Months before as_of's last month come whole from the totals. */
	if (kpi_query(db, "SELECT month, orders, revenue FROM month_totals "
	    "WHERE month < strftime('%Y-%m', ?2 * 86400, 'unixepoch') "
	    "ORDER BY month", p->as_of, mstart, kpi_row_tnn, t,
	    NULL, cause) == -1)
		return -1;
	/* The last month too, unless it has orders on or after as_of. */
	if (db_query_ints(db, "SELECT count(*), 0 FROM day_totals "
	    "WHERE day >= ?1 AND day < ?2", p->as_of, mnext, &later, NULL,
	    cause) == -1)
		return -1;
	if (later == 0 && db_query_ints(db, "SELECT coalesce(max(orders), 0), "
	    "coalesce(max(revenue), 0) FROM month_totals WHERE month = "
	    "strftime('%Y-%m', ?1 * 86400, 'unixepoch')", mstart,
	    0, &orders, &revenue, cause) == -1)
		return -1;
	if (later != 0 && db_query_ints(db, "SELECT count(DISTINCT order_id), "
	    "coalesce(sum(revenue), 0) FROM order_lines WHERE day >= ?1 AND "
	    "day < ?2", mstart, p->as_of, &orders, &revenue, cause) == -1)
		return -1;
	if (orders > 0) {
		r = table_add_row(t);
		datetime_format_day(mstart, month);
		month[7] = '\0';
		table_set_text(t, r, 0, month);
		table_set_num(t, r, 1, orders);
		table_set_num(t, r, 2, revenue);
	}
	kpi_month_change(t, 3);
	return 0;
}

/* Each region's share of revenue, as text beside it. */
static void
kpi_region_share(struct table *t, size_t col)
{
	int64_t total = 0;
	char buf[32];
	size_t r;

	for (r = 0; r < t->nrows; r++)
		total += table_cell(t, r, 2)->num;
	for (r = 0; r < t->nrows && total > 0; r++) {
		snprintf(buf, sizeof buf, "%.1f%%", 100.0 *
		    (double)table_cell(t, r, 2)->num / (double)total);
		table_set_text(t, r, col, buf);
	}
}

static int
kpi_region(struct db *db, const struct kpi_params *p, struct table *t,
    char **cause)
{
	int all = p->period == KPI_ALL;

	if (kpi_query(db, all ? kpi_sql_region_all : kpi_sql_region_range,
	    p->as_of, kpi_period_start(p->period, p->as_of), kpi_row_tnn, t,
	    NULL, cause) == -1)
		return -1;
	kpi_region_share(t, 3);
	return 0;
}

/*
 * Top spenders sum a 30-day window of lines per customer. For the default
 * as_of the sums are kept in window_totals, one row per customer (totals.h);
 * for any other as_of, one pass of the covering day index into a hash map
 * keyed by mobile (no GROUP BY sort) sums the ~750k lines of a 10M-line
 * database. Each entry's v[0] is the spend; ptr, once joined, holds
 * "customer_id\0name".
 */
static int
kpi_spend_cmp(const void *a, const void *b)
{
	const struct smap_entry *x = *(const struct smap_entry *const *)a;
	const struct smap_entry *y = *(const struct smap_entry *const *)b;

	if (x->v[0] != y->v[0])
		return x->v[0] > y->v[0] ? -1 : 1;
	return strcmp(x->ptr, y->ptr);
}

/* A current customer: name its mobile's entry, if it has one. */
static int
kpi_spends_customer(sqlite3_stmt *st, void *arg)
{
	struct smap_entry *e;
	const char *id, *name;
	size_t lid, lname;

	if ((e = smap_find(arg, sqlrow_text(st, 0))) == NULL || e->ptr != NULL)
		return 0;
	id = sqlrow_text(st, 1);
	name = sqlrow_text(st, 2);
	lid = strlen(id);
	lname = strlen(name);
	e->ptr = xmalloc(lid + lname + 2);
	memcpy(e->ptr, id, lid + 1);
	memcpy((char *)e->ptr + lid + 1, name, lname + 1);
	return 0;
}

/* The window's spend per mobile (kept, else summed from its lines), then
 * join the current customers. */
static int
kpi_spends_fill(struct db *db, int32_t as_of, struct smap *m, char **cause)
{
	const struct db_query customers = {
		.sql = "SELECT mobile, customer_id, customer_name "
		    "FROM customers WHERE to_batch IS NULL",
		.row = kpi_spends_customer,
		.arg = m,
		.what = "computing top spenders"
	};
	size_t kept;

	if (totals_window_read(db, as_of, m, &kept, cause) == -1 ||
	    (kept == 0 && totals_window_lines(db, as_of, m, cause) == -1))
		return -1;
	return db_foreach(db, &customers, cause);
}

/* Rank the spends of m (v[0] the spend, ptr "customer_id\0name" for a
 * known customer) into t, at most limit rows (-1: all). */
static void
kpi_top_rank(const struct smap *m, int64_t limit, struct table *t)
{
	struct smap_entry **rank, *e;
	size_t i = 0, n = 0, r;
	const char *id;

	rank = xcalloc(m->n + 1, sizeof *rank);
	while ((e = smap_next(m, &i)) != NULL) {
		if (e->ptr != NULL)	/* unmatched orders rank no one */
			rank[n++] = e;
	}
	qsort(rank, n, sizeof *rank, kpi_spend_cmp);
	for (i = 0; i < n && (limit < 0 || (int64_t)i < limit); i++) {
		id = rank[i]->ptr;
		r = table_add_row(t);
		table_set_num(t, r, 0, (int64_t)r + 1);
		table_set_text(t, r, 1, id);
		table_set_text(t, r, 2, id + strlen(id) + 1);
		table_set_num(t, r, 3, rank[i]->v[0]);
	}
	free(rank);
}

static int
kpi_top(struct db *db, const struct kpi_params *p, struct table *t,
    char **cause)
{
	struct smap m;
	int rc = -1;

	smap_init(&m);
	if (kpi_spends_fill(db, p->as_of, &m, cause) == -1)
		goto out;
	kpi_top_rank(&m, p->limit, t);
	rc = 0;
out:
	smap_free(&m);
	return rc;
}

/*
 * The KPIs from the lines (kpi_run_lines): the same tables, built from a
 * totals_view and the customer master as of a batch instead of the totals
 * tables and the current master.
 */
struct kpi_lines {
	const struct totals_view *v;
	struct smap	 customers;	/* mobile: ptr "id\0name\0region" */
};

/* A customer version of the master: keep its mobile's first. */
static int
kpi_lines_customer(sqlite3_stmt *st, void *arg)
{
	struct smap_entry *e = smap_get(arg, sqlrow_text(st, 0));
	const char *f[3];
	size_t len[3], k, at = 0;

	if (e->ptr != NULL)
		return 0;
	for (k = 0; k < 3; k++) {
		f[k] = sqlrow_text(st, (int)k + 1);
		len[k] = strlen(f[k]) + 1;
	}
	e->ptr = xmalloc(len[0] + len[1] + len[2]);
	for (k = 0; k < 3; k++) {
		memcpy((char *)e->ptr + at, f[k], len[k]);
		at += len[k];
	}
	return 0;
}

/* A customer's "id\0name\0region" by mobile, or NULL. */
static const char *
kpi_lines_who(const struct kpi_lines *l, const char *mobile)
{
	struct smap_entry *e = smap_find(&l->customers, mobile);

	return e != NULL ? e->ptr : NULL;
}

/* One row to sort: a key (customer_id, region), a count and revenue. */
struct kpi_lines_row {
	const char	*key, *name;
	int64_t		 n, rev;
};

static int
kpi_lines_by_count(const void *a, const void *b)
{
	const struct kpi_lines_row *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
kpi_lines_by_revenue(const void *a, const void *b)
{
	const struct kpi_lines_row *x = a, *y = b;

	if (x->rev != y->rev)
		return x->rev > y->rev ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
kpi_repeat_lines(struct db *db, const struct kpi_lines *l, struct table *t,
    char **cause)
{
	struct kpi_lines_row *rows;
	struct smap_entry *e;
	const char *who;
	size_t i = 0, n = 0, r;

	(void)db;
	(void)cause;
	rows = xcalloc(l->v->customers.n + 1, sizeof *rows);
	while ((e = smap_next(&l->v->customers, &i)) != NULL) {
		if (e->v[0] > 1 && (who = kpi_lines_who(l, e->key)) != NULL) {
			rows[n].key = who;
			rows[n].name = who + strlen(who) + 1;
			rows[n++].n = e->v[0];
		}
	}
	qsort(rows, n, sizeof *rows, kpi_lines_by_count);
	for (i = 0; i < n; i++) {
		r = table_add_row(t);
		table_set_text(t, r, 0, rows[i].key);
		table_set_text(t, r, 1, rows[i].name);
		table_set_num(t, r, 2, rows[i].n);
	}
	free(rows);
	return 0;
}

static int
kpi_daily_lines(struct db *db, const struct kpi_lines *l, struct table *t,
    char **cause)
{
	const struct totals_view *v = l->v;
	int32_t next = INT32_MIN;
	size_t d;

	(void)db;
	(void)cause;
	for (d = 0; d < v->ndays; d++) {
		if (v->days[d][1] > 0)
			kpi_add_day(t, &next, v->first_day + (int32_t)d,
			    v->days[d][0], v->days[d][2]);
	}
	kpi_flag_days(t, 3);
	return 0;
}

static int
kpi_monthly_lines(struct db *db, const struct kpi_lines *l,
    struct table *t, char **cause)
{
	const struct totals_view *v = l->v;
	size_t m, r;

	(void)db;
	(void)cause;
	for (m = 0; m < v->nmonths; m++) {
		if (v->months[m][0] > 0) {
			r = table_add_row(t);
			table_set_text(t, r, 0, v->month[m]);
			table_set_num(t, r, 1, v->months[m][0]);
			table_set_num(t, r, 2, v->months[m][2]);
		}
	}
	kpi_month_change(t, 3);
	return 0;
}

static int
kpi_region_lines(struct db *db, const struct kpi_lines *l, struct table *t,
    char **cause)
{
	struct kpi_lines_row *rows;
	struct smap regions;
	struct smap_entry *e, *g;
	const char *who, *region;
	size_t i = 0, n = 0, r;

	(void)db;
	(void)cause;
	smap_init(&regions);
	while ((e = smap_next(&l->v->customers, &i)) != NULL) {
		if (e->v[2] == 0)
			continue;
		region = RULES_REGION_UNMATCHED;
		if ((who = kpi_lines_who(l, e->key)) != NULL) {
			region = who + strlen(who) + 1;
			region += strlen(region) + 1;
		}
		g = smap_get(&regions, region);
		g->v[0] += e->v[0];
		g->v[1] += e->v[1];
	}
	rows = xcalloc(regions.n + 1, sizeof *rows);
	for (i = 0; (g = smap_next(&regions, &i)) != NULL;) {
		if (g->v[0] > 0) {
			rows[n].key = g->key;
			rows[n].n = g->v[0];
			rows[n++].rev = g->v[1];
		}
	}
	qsort(rows, n, sizeof *rows, kpi_lines_by_revenue);
	for (i = 0; i < n; i++) {
		r = table_add_row(t);
		table_set_text(t, r, 0, rows[i].key);
		table_set_num(t, r, 1, rows[i].n);
		table_set_num(t, r, 2, rows[i].rev);
	}
	free(rows);
	smap_free(&regions);
	kpi_region_share(t, 3);
	return 0;
}

static int
kpi_top_lines(struct db *db, const struct kpi_lines *l, struct table *t,
    char **cause)
{
	struct smap m;
	struct smap_entry *e, *s;
	const char *who;
	size_t i = 0, lid, lname;

	(void)db;
	(void)cause;
	smap_init(&m);
	while ((e = smap_next(&l->v->window, &i)) != NULL) {
		s = smap_get(&m, e->key);
		s->v[0] = e->v[0];
		if ((who = kpi_lines_who(l, e->key)) != NULL) {
			lid = strlen(who) + 1;
			lname = strlen(who + lid) + 1;
			s->ptr = xmalloc(lid + lname);
			memcpy(s->ptr, who, lid + lname);
		}
	}
	kpi_top_rank(&m, -1, t);
	smap_free(&m);
	return 0;
}

/* Each KPI's columns: the contract's (doc/DESIGN.md section 2), then the
 * extras shown on screen only. */
static const struct table_colspec kpi_cols_repeat[] = {
	{ "customer_id", TABLE_TEXT, 0 },
	{ "customer_name", TABLE_TEXT, 0 },
	{ "order_count", TABLE_INT, 0 },
	{ NULL, TABLE_TEXT, 0 }
};
static const struct table_colspec kpi_cols_daily[] = {
	{ "day", TABLE_TEXT, 0 },
	{ "orders", TABLE_INT, 0 },
	{ "revenue", TABLE_MONEY, 0 },
	{ "unusual", TABLE_TEXT, 1 },
	{ NULL, TABLE_TEXT, 0 }
};
static const struct table_colspec kpi_cols_monthly[] = {
	{ "month", TABLE_TEXT, 0 },
	{ "orders", TABLE_INT, 0 },
	{ "revenue", TABLE_MONEY, 0 },
	{ "change", TABLE_TEXT, 1 },
	{ NULL, TABLE_TEXT, 0 }
};
static const struct table_colspec kpi_cols_region[] = {
	{ "region", TABLE_TEXT, 0 },
	{ "orders", TABLE_INT, 0 },
	{ "revenue", TABLE_MONEY, 0 },
	{ "share", TABLE_TEXT, 1 },
	{ NULL, TABLE_TEXT, 0 }
};
static const struct table_colspec kpi_cols_top[] = {
	{ "rank", TABLE_INT, 0 },
	{ "customer_id", TABLE_TEXT, 0 },
	{ "customer_name", TABLE_TEXT, 0 },
	{ "total_spend", TABLE_MONEY, 0 },
	{ NULL, TABLE_TEXT, 0 }
};

/*
 * The table: one row per KPI, in the order of doc/DESIGN.md section 2. Every
 * consumer (CLI, screens, workbook, snapshots) loops over it; a new KPI is
 * a row here and its two builders above (doc/ADDING_A_KPI.md).
 */
static const struct kpi_def kpi_table[] = {
	{
		.name = "repeat-customers",
		.title = "Repeat customers",
		.tab = "Repeat",
		.help = "repeat customers",
		.sheet = "KPI_Repeat_Customers",
		.cols = kpi_cols_repeat,
		.has_period = 1,
		.rows = KPI_ROWS_RANKING,
		.chart = { KPI_CHART_HBAR, "customer_name", "order_count" },
		.book = { KPI_CHART_NONE, NULL, NULL, NULL, 0 },
		.run = kpi_repeat,
		.run_lines = kpi_repeat_lines
	},
	{
		.name = "daily-trend",
		.title = "Daily trend",
		.tab = "Daily",
		.help = "daily",
		.sheet = "KPI_Daily_Trend",
		.cols = kpi_cols_daily,
		.rows = KPI_ROWS_ALL,
		.chart = { KPI_CHART_COLUMN, "day", "revenue" },
		.book = { KPI_CHART_LINE, "Revenue per day", "day", "revenue",
		    -1 },
		.run = kpi_daily,
		.run_lines = kpi_daily_lines
	},
	{
		.name = "monthly-trend",
		.title = "Monthly trend",
		.tab = "Monthly",
		.help = "monthly",
		.sheet = "KPI_Monthly_Trend",
		.cols = kpi_cols_monthly,
		.rows = KPI_ROWS_ALL,
		.chart = { KPI_CHART_COLUMN, "month", "revenue" },
		.book = { KPI_CHART_COLUMN, "Revenue per month", "month",
		    "revenue", -1 },
		.run = kpi_monthly,
		.run_lines = kpi_monthly_lines
	},
	{
		.name = "regional-revenue",
		.title = "Regional revenue",
		.tab = "Regions",
		.help = "regions",
		.sheet = "KPI_Regional_Revenue",
		.cols = kpi_cols_region,
		.has_period = 1,
		.rows = KPI_ROWS_RANKING,
		.chart = { KPI_CHART_HBAR, "region", "revenue" },
		.book = { KPI_CHART_HBAR, "Revenue per region", "region",
		    "revenue", -1 },
		.run = kpi_region,
		.run_lines = kpi_region_lines
	},
	{
		.name = "top-spenders",
		.title = "Top spenders (30 days)",
		.tab = "Top spenders",
		.help = "top spenders",
		.sheet = "KPI_Top_Spenders",
		.cols = kpi_cols_top,
		.rows = KPI_ROWS_RANKING,
		.chart = { KPI_CHART_HBAR, "customer_name", "total_spend" },
		.book = { KPI_CHART_HBAR, "Top 10 spenders (30 days)",
		    "customer_name", "total_spend", 10 },
		.run = kpi_top,
		.run_lines = kpi_top_lines
	},
};
#define KPI_COUNT (sizeof kpi_table / sizeof kpi_table[0])
_Static_assert(KPI_COUNT <= KPI_MAX, "more KPIs than KPI_MAX (kpi.h)");

struct table *
kpi_new_table(const struct kpi_def *k)
{
	struct table *t = table_create();

	table_add_cols(t, k->cols);
	return t;
}

size_t
kpi_count(void)
{
	return KPI_COUNT;
}

const struct kpi_def *
kpi_at(size_t i)
{
	return i < KPI_COUNT ? &kpi_table[i] : NULL;
}

const struct kpi_def *
kpi_find(const char *name)
{
	size_t i;

	for (i = 0; i < KPI_COUNT; i++) {
		if (strcmp(kpi_table[i].name, name) == 0)
			return &kpi_table[i];
	}
	return NULL;
}

int
kpi_run_lines(struct db *db, const struct kpi_def *k,
    const struct totals_view *v, int64_t customer_batch, struct table **out,
    char **cause)
{
	const int64_t ints[1] = { customer_batch };
	struct kpi_lines l;
	const struct db_query q = {
		.sql = "SELECT mobile, customer_id, customer_name, region "
		    "FROM customers WHERE from_batch <= ?1 AND "
		    "(to_batch IS NULL OR to_batch > ?1) ORDER BY id",
		.ints = ints,
		.n_ints = 1,
		.row = kpi_lines_customer,
		.arg = &l.customers,
		.what = "reading the customer master"
	};
	struct table *t = kpi_new_table(k);
	int rc;

	l.v = v;
	smap_init(&l.customers);
	if ((rc = db_foreach(db, &q, cause)) == 0)
		rc = k->run_lines(db, &l, t, cause);
	smap_free(&l.customers);
	if (rc == -1) {
		table_free(t);
		return -1;
	}
	*out = t;
	return 0;
}