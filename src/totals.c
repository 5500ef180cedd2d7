/* totals: the aggregates behind the KPIs, kept exact as batches come and go. */
#include "totals.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "xmem.h"

void
totals_acc_init(struct totals_acc *acc)
{
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
}

void
totals_acc_line(struct totals_acc *acc, int32_t day, const char *month,
    const char *mobile, int64_t amount, int new_day, int new_month,
    int new_customer)
{
	struct smap_entry *e;
	char key[16];

	snprintf(key, sizeof key, "%ld", (long)day);
	e = smap_get(&acc->days, key);
	e->v[0] += new_day;
	e->v[1]++;
	e->v[2] += amount;
	e = smap_get(&acc->months, month);
	e->v[0] += new_month;
	e->v[1] += amount;
	e = smap_get(&acc->customers, mobile);
	e->v[0] += new_customer;
	e->v[1] += amount;
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

int
totals_acc_flush(struct db *db, const struct totals_acc *acc, char **cause)
{
	if (totals_flush_map(db, &acc->days, "INSERT INTO day_totals (day, "
	    "orders, lines, revenue) VALUES (CAST(?1 AS INTEGER), ?2, ?3, ?4) "
	    "ON CONFLICT (day) DO UPDATE SET orders = orders + excluded.orders,"
	    " lines = lines + excluded.lines, "
	    "revenue = revenue + excluded.revenue", 3, cause) == -1 ||
	    totals_flush_map(db, &acc->months, "INSERT INTO month_totals "
	    "(month, orders, revenue) VALUES (?1, ?2, ?3) ON CONFLICT (month) "
	    "DO UPDATE SET orders = orders + excluded.orders, "
	    "revenue = revenue + excluded.revenue", 2, cause) == -1 ||
	    totals_flush_map(db, &acc->customers, "INSERT INTO customer_totals "
	    "(mobile, orders, revenue) VALUES (?1, ?2, ?3) ON CONFLICT (mobile) "
	    "DO UPDATE SET orders = orders + excluded.orders, "
	    "revenue = revenue + excluded.revenue", 2, cause) == -1)
		return -1;
	return 0;
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
	"  ?2 * sum(n.amount) "
	"FROM order_lines n WHERE n.batch_id = ?1 GROUP BY n.day "
	"ON CONFLICT (day) DO UPDATE SET orders = orders + excluded.orders, "
	"lines = lines + excluded.lines, revenue = revenue + excluded.revenue",

	"INSERT INTO month_totals (month, orders, revenue) "
	"SELECT m, ?2 * count(DISTINCT CASE WHEN n.order_id NOT IN "
	"  temp.totals_shared OR NOT EXISTS (SELECT 1 FROM order_lines o "
	"  WHERE o.order_id = n.order_id "
	"  AND strftime('%Y-%m', o.day * 86400, 'unixepoch') = m "
	"  AND o.batch_id <> ?1) THEN n.order_id END), ?2 * sum(n.amount) "
	"FROM (SELECT order_id, amount, "
	"  strftime('%Y-%m', day * 86400, 'unixepoch') AS m "
	"  FROM order_lines WHERE batch_id = ?1) n GROUP BY m "
	"ON CONFLICT (month) DO UPDATE SET orders = orders + excluded.orders, "
	"revenue = revenue + excluded.revenue",

	"INSERT INTO customer_totals (mobile, orders, revenue) "
	"SELECT n.mobile, ?2 * count(DISTINCT CASE WHEN n.order_id NOT IN "
	"  temp.totals_shared OR NOT EXISTS (SELECT 1 FROM order_lines o "
	"  WHERE o.order_id = n.order_id AND o.mobile = n.mobile AND "
	"  o.batch_id <> ?1) THEN n.order_id END), ?2 * sum(n.amount) "
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
		if (db_step_done(db, st, cause) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(st);
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
	    "  count(*), sum(amount) FROM order_lines GROUP BY day;"
	    "INSERT INTO month_totals SELECT strftime('%Y-%m', day * 86400, "
	    "  'unixepoch'), count(DISTINCT order_id), sum(amount) "
	    "  FROM order_lines GROUP BY 1;"
	    "INSERT INTO customer_totals SELECT mobile, "
	    "  count(DISTINCT order_id), sum(amount) FROM order_lines "
	    "  GROUP BY mobile;", cause);
}
