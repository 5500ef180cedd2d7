/* totals: the aggregates behind the KPIs, kept exact as batches come and go. */
#include "totals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "sqlrow.h"
#include "xmem.h"

void
totals_acc_init(struct totals_acc *acc)
{
	memset(acc, 0, sizeof *acc);
	smap_init(&acc->days);
	smap_init(&acc->months);
	smap_init(&acc->customers);
}

void
totals_acc_free(struct totals_acc *acc)
{
	smap_free(&acc->days);
	smap_free(&acc->months);
	smap_free(&acc->customers);
	free(acc->cust);
	acc->cust = acc->last = NULL;
	acc->ncust = acc->capcust = 0;
}

uint64_t
totals_mobile_key(const char *mobile)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 10; i++) {
		if (mobile[i] < '0' || mobile[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(mobile[i] - '0');
	}
	return mobile[10] == '\0' && v != 0 ? v : 0;
}

/* The slot of key, or the empty one where it goes (Fibonacci hashing). */
static struct totals_cust *
totals_cust_slot(struct totals_cust *slot, size_t cap, uint64_t key)
{
	size_t i, mask = cap - 1;

	for (i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask; ;
	    i = (i + 1) & mask) {
		if (slot[i].mobile == key || slot[i].mobile == 0)
			return &slot[i];
	}
}

/* The entry of key, added when absent; the table stays under 80% full. */
static struct totals_cust *
totals_cust_get(struct totals_acc *acc, uint64_t key)
{
	struct totals_cust *old = acc->cust, *e;
	size_t oldcap = acc->capcust, i;

	if (acc->last != NULL && acc->last->mobile == key)
		return acc->last;
	if (5 * (acc->ncust + 1) > 4 * acc->capcust) {
		acc->capcust = oldcap == 0 ? 1024 : oldcap * 2;
		acc->cust = xcalloc(acc->capcust, sizeof *acc->cust);
		for (i = 0; i < oldcap; i++) {
			if (old[i].mobile != 0)
				*totals_cust_slot(acc->cust, acc->capcust,
				    old[i].mobile) = old[i];
		}
		free(old);
	}
	e = totals_cust_slot(acc->cust, acc->capcust, key);
	if (e->mobile == 0) {
		e->mobile = key;
		acc->ncust++;
	}
	return acc->last = e;
}

/* Move the counts of the current day and month into the maps. */
static void
totals_acc_fold(struct totals_acc *acc)
{
	struct smap_entry *e;
	char key[16];
	int k;

	if (acc->has_day) {
		snprintf(key, sizeof key, "%ld", (long)acc->day);
		e = smap_get(&acc->days, key);
		for (k = 0; k < 3; k++)
			e->v[k] += acc->day_v[k];
		memset(acc->day_v, 0, sizeof acc->day_v);
		acc->has_day = 0;
	}
	if (acc->month[0] != '\0') {
		e = smap_get(&acc->months, acc->month);
		for (k = 0; k < 2; k++)
			e->v[k] += acc->month_v[k];
		memset(acc->month_v, 0, sizeof acc->month_v);
		acc->month[0] = '\0';
	}
}

/* Count lines (0 or 1) of day, in month, for mobile, with amount of
 * revenue; new_* say whether its order is new to the day, month and
 * customer. */
static inline void
totals_acc_add(struct totals_acc *acc, int32_t day, const char *month,
    const char *mobile, int64_t amount, int lines, int new_day, int new_month,
    int new_customer)
{
	struct smap_entry *e;
	struct totals_cust *c;
	uint64_t key;

	if ((acc->has_day && acc->day != day) || (acc->month[0] != '\0' &&
	    strncmp(acc->month, month, sizeof acc->month) != 0))
		totals_acc_fold(acc);
	acc->has_day = 1;
	acc->day = day;
	acc->day_v[0] += new_day;
	acc->day_v[1] += lines;
	acc->day_v[2] += amount;
	if (acc->month[0] == '\0')
		snprintf(acc->month, sizeof acc->month, "%s", month);
	acc->month_v[0] += new_month;
	acc->month_v[1] += amount;
	if ((key = totals_mobile_key(mobile)) != 0) {
		c = totals_cust_get(acc, key);
		c->orders += new_customer;
		c->revenue += amount;
		c->lines += lines;
		return;
	}
	e = smap_get(&acc->customers, mobile);
	e->v[0] += new_customer;
	e->v[1] += amount;
	e->v[2] += lines;
}

void
totals_acc_line(struct totals_acc *acc, int32_t day, const char *month,
    const char *mobile, int64_t amount, int new_day, int new_month,
    int new_customer)
{
	totals_acc_add(acc, day, month, mobile, amount, 1, new_day, new_month,
	    new_customer);
}

void
totals_acc_revenue(struct totals_acc *acc, int32_t day, const char *month,
    const char *mobile, int64_t amount)
{
	totals_acc_add(acc, day, month, mobile, amount, 0, 0, 0, 0);
}

int
totals_acc_customers(const struct totals_acc *acc,
    int (*fn)(const char *, int64_t, void *), void *arg)
{
	struct smap_entry *e;
	char mobile[24];
	size_t i;
	int rc;

	for (i = 0; i < acc->capcust; i++) {
		if (acc->cust[i].mobile == 0)
			continue;
		snprintf(mobile, sizeof mobile, "%010llu",
		    (unsigned long long)acc->cust[i].mobile);
		if ((rc = fn(mobile, acc->cust[i].lines, arg)) != 0)
			return rc;
	}
	i = 0;
	while ((e = smap_next(&acc->customers, &i)) != NULL) {
		if ((rc = fn(e->key, e->v[2], arg)) != 0)
			return rc;
	}
	return 0;
}

/* Upsert every entry of m with sql (?1 key, ?2..?4 counters). */
static int
totals_flush_map(struct db *db, const struct smap *m, const char *sql,
    int nv, char **cause)
{
	struct smap_entry *e;
	sqlite3_stmt *st;
	size_t i = 0;
	int k;

	if (db_prepare(db, sql, &st, cause) == -1)
		return -1;
	while ((e = smap_next(m, &i)) != NULL) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, e->key, -1, SQLITE_STATIC);
		for (k = 0; k < nv; k++)
			sqlite3_bind_int64(st, k + 2, e->v[k]);
		if (db_step_done(db, st, cause) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static const char totals_customer_sql[] =
	"INSERT INTO customer_totals (mobile, orders, revenue) "
	"VALUES (?1, ?2, ?3) ON CONFLICT (mobile) DO UPDATE SET "
	"orders = orders + excluded.orders, "
	"revenue = revenue + excluded.revenue";

static int
totals_cust_cmp(const void *a, const void *b)
{
	const struct totals_cust *x = a, *y = b;

	return x->mobile < y->mobile ? -1 : x->mobile > y->mobile;
}

/* Upsert the customers in mobile order, so that the B-tree is walked
 * once from one end to the other rather than at random. This ends the
 * table as a hash: the entries are packed at the front, sorted. */
static int
totals_flush_customers(struct db *db, struct totals_acc *acc, char **cause)
{
	struct totals_cust *c;
	sqlite3_stmt *st;
	char mobile[24];
	size_t i, n = 0;

	for (i = 0; i < acc->capcust; i++) {
		if (acc->cust[i].mobile != 0)
			acc->cust[n++] = acc->cust[i];
	}
	acc->capcust = acc->ncust = n;
	acc->last = NULL;
	if (n == 0)
		return 0;
	qsort(acc->cust, n, sizeof *acc->cust, totals_cust_cmp);
	if (db_prepare(db, totals_customer_sql, &st, cause) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		c = &acc->cust[i];
		snprintf(mobile, sizeof mobile, "%010llu",
		    (unsigned long long)c->mobile);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, mobile, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, c->orders);
		sqlite3_bind_int64(st, 3, c->revenue);
		if (db_step_done(db, st, cause) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

int
totals_acc_flush(struct db *db, struct totals_acc *acc, char **cause)
{
	totals_acc_fold(acc);
	if (totals_flush_customers(db, acc, cause) == -1 ||
	    totals_flush_map(db, &acc->days, "INSERT INTO day_totals (day, "
	    "orders, lines, revenue) VALUES (CAST(?1 AS INTEGER), ?2, ?3, ?4) "
	    "ON CONFLICT (day) DO UPDATE SET orders = orders + excluded.orders,"
	    " lines = lines + excluded.lines, "
	    "revenue = revenue + excluded.revenue", 3, cause) == -1 ||
	    totals_flush_map(db, &acc->months, "INSERT INTO month_totals "
	    "(month, orders, revenue) VALUES (?1, ?2, ?3) ON CONFLICT (month) "
	    "DO UPDATE SET orders = orders + excluded.orders, "
	    "revenue = revenue + excluded.revenue", 2, cause) == -1 ||
	    totals_flush_map(db, &acc->customers, totals_customer_sql, 2,
	    cause) == -1)
		return -1;
	/* The batch's lines are stored: the window may have moved. */
	return totals_window_refresh(db, cause);
}

/*
 * Removing batch ?1 (?2 = -1): its lines' revenue, and one order for each
 * order_id with lines on a day (month, customer) in this batch and in no
 * other. Orders that other batches share are found first into
 * temp.totals_shared (usually none), so the per-line check runs only there.
 */
static const char totals_detect_sql[] =
	"INSERT OR IGNORE INTO temp.totals_shared SELECT n.order_id "
	"FROM order_lines n WHERE n.batch_id = ?1 AND EXISTS (SELECT 1 "
	"  FROM order_lines o WHERE o.order_id = n.order_id "
	"  AND o.batch_id <> ?1)";

static const char *const totals_remove_sql[] = {

	"INSERT INTO day_totals (day, orders, lines, revenue) "
	"SELECT n.day, ?2 * count(DISTINCT CASE WHEN n.order_id NOT IN "
	"  temp.totals_shared OR NOT EXISTS (SELECT 1 FROM order_lines o "
	"  WHERE o.order_id = n.order_id AND o.day = n.day AND "
	"  o.batch_id <> ?1) THEN n.order_id END), ?2 * count(*), "
	"  ?2 * sum(n.revenue) "
	"FROM order_lines n WHERE n.batch_id = ?1 GROUP BY n.day "
	"ON CONFLICT (day) DO UPDATE SET orders = orders + excluded.orders, "
	"lines = lines + excluded.lines, revenue = revenue + excluded.revenue",

	"INSERT INTO month_totals (month, orders, revenue) "
	"SELECT m, ?2 * count(DISTINCT CASE WHEN n.order_id NOT IN "
	"  temp.totals_shared OR NOT EXISTS (SELECT 1 FROM order_lines o "
	"  WHERE o.order_id = n.order_id "
	"  AND strftime('%Y-%m', o.day * 86400, 'unixepoch') = m "
	"  AND o.batch_id <> ?1) THEN n.order_id END), ?2 * sum(n.revenue) "
	"FROM (SELECT order_id, revenue, "
	"  strftime('%Y-%m', day * 86400, 'unixepoch') AS m "
	"  FROM order_lines WHERE batch_id = ?1) n GROUP BY m "
	"ON CONFLICT (month) DO UPDATE SET orders = orders + excluded.orders, "
	"revenue = revenue + excluded.revenue",

	"INSERT INTO customer_totals (mobile, orders, revenue) "
	"SELECT n.mobile, ?2 * count(DISTINCT CASE WHEN n.order_id NOT IN "
	"  temp.totals_shared OR NOT EXISTS (SELECT 1 FROM order_lines o "
	"  WHERE o.order_id = n.order_id AND o.mobile = n.mobile AND "
	"  o.batch_id <> ?1) THEN n.order_id END), ?2 * sum(n.revenue) "
	"FROM order_lines n WHERE n.batch_id = ?1 GROUP BY n.mobile "
	"ON CONFLICT (mobile) DO UPDATE SET orders = orders + excluded.orders, "
	"revenue = revenue + excluded.revenue",

	"DELETE FROM day_totals WHERE lines = 0",
	/* A month or customer with a line left still counts an order. */
	"DELETE FROM month_totals WHERE orders = 0",
	"DELETE FROM customer_totals WHERE orders = 0",
};

int
totals_remove(struct db *db, int64_t batch, char **cause)
{
	sqlite3_stmt *st;
	size_t i, n = sizeof totals_remove_sql / sizeof totals_remove_sql[0];
	const char *sql;
	int rc;

	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS totals_shared "
	    "(order_id TEXT PRIMARY KEY) WITHOUT ROWID;"
	    "DELETE FROM temp.totals_shared;", cause) == -1)
		return -1;
	for (i = 0; i <= n; i++) {
		sql = i == 0 ? totals_detect_sql : totals_remove_sql[i - 1];
		if (db_prepare(db, sql, &st, cause) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, batch);
		sqlite3_bind_int(st, 2, -1);
		rc = db_step_done(db, st, cause);
		sqlite3_finalize(st);
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
totals_rebuild(struct db *db, char **cause)
{
	return db_exec(db,
	    "DELETE FROM day_totals; DELETE FROM month_totals;"
	    "DELETE FROM customer_totals;"
	    "INSERT INTO day_totals SELECT day, count(DISTINCT order_id), "
	    "  count(*), sum(revenue) FROM order_lines GROUP BY day;"
	    "INSERT INTO month_totals SELECT strftime('%Y-%m', day * 86400, "
	    "  'unixepoch'), count(DISTINCT order_id), sum(revenue) "
	    "  FROM order_lines GROUP BY 1;"
	    "INSERT INTO customer_totals SELECT mobile, "
	    "  count(DISTINCT order_id), sum(revenue) FROM order_lines "
	    "  GROUP BY mobile;", cause) == -1 ? -1 :
	    totals_window_refresh(db, cause);
}

static int
totals_key_cmp(const void *a, const void *b)
{
	const struct smap_entry *x = *(const struct smap_entry *const *)a;
	const struct smap_entry *y = *(const struct smap_entry *const *)b;

	return strcmp(x->key, y->key);
}

/* Insert m's entries (v[0] revenue, v[1] lines) as window_totals rows of
 * as_of, in key order: the B-tree is filled from one end. */
static int
totals_window_write(struct db *db, int32_t as_of, const struct smap *m,
    char **cause)
{
	struct smap_entry **row, *e;
	sqlite3_stmt *st;
	size_t i = 0, n = 0;
	int rc = 0;

	row = xcalloc(m->n + 1, sizeof *row);
	while ((e = smap_next(m, &i)) != NULL)
		row[n++] = e;
	qsort(row, n, sizeof *row, totals_key_cmp);
	if (db_prepare(db, "INSERT INTO window_totals (as_of, mobile, "
	    "revenue, lines) VALUES (?1, ?2, ?3, ?4)", &st, cause) == -1) {
		free(row);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, as_of);
		sqlite3_bind_text(st, 2, row[i]->key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, row[i]->v[0]);
		sqlite3_bind_int64(st, 4, row[i]->v[1]);
		rc = db_step_done(db, st, cause);
	}
	sqlite3_finalize(st);
	free(row);
	return rc;
}

int
totals_window_refresh(struct db *db, char **cause)
{
	struct smap m;
	int64_t any, last;
	int rc;

	/* One aggregate per subquery: each is a seek to the day index's end. */
	if (db_exec(db, "DELETE FROM window_totals", cause) == -1 ||
	    db_query_ints(db, "SELECT (SELECT max(day) FROM order_lines) IS "
	    "NOT NULL, coalesce((SELECT max(day) FROM order_lines), 0)", 0, 0,
	    &any, &last, cause) == -1)
		return -1;
	if (!any)
		return 0;	/* no lines: no window */
	if (last >= INT32_MAX || last < INT32_MIN + TOTALS_WINDOW_DAYS) {
		*cause = xasprintf("implausible order day %lld in the "
		    "database: it was edited", (long long)last);
		return -1;
	}
	smap_init(&m);
	rc = totals_window_lines(db, (int32_t)last + 1, &m, cause);
	if (rc == 0)
		rc = totals_window_write(db, (int32_t)last + 1, &m, cause);
	smap_free(&m);
	return rc;
}

/* A window_totals row: its mobile's entry. */
static int
totals_window_row(sqlite3_stmt *st, void *arg)
{
	struct smap_entry *e = smap_get(arg, sqlrow_text(st, 0));

	e->v[0] = sqlite3_column_int64(st, 1);
	e->v[1] = sqlite3_column_int64(st, 2);
	return 0;
}

int
totals_window_read(struct db *db, int32_t as_of, struct smap *m, size_t *n,
    char **cause)
{
	const int64_t ints[1] = { as_of };
	const struct db_query q = {
		.sql = "SELECT mobile, revenue, lines FROM window_totals "
		    "WHERE as_of = ?1",
		.ints = ints,
		.n_ints = 1,
		.row = totals_window_row,
		.arg = m,
		.what = "reading window_totals"
	};

	if (db_foreach(db, &q, cause) == -1)
		return -1;
	*n = m->n;
	return 0;
}
