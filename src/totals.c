/* totals: the aggregates behind the KPIs, kept exact as batches come and go. */
#include "totals.h"

#include <sqlite3.h>

#include "db.h"
#include "xmem.h"

/*
 * ?1 = batch, ?2 = sign. "new" means: no line of the same order (and same
 * day, month or customer) in another batch. Orders that have lines in
 * another batch at all are found once into temp.totals_shared (usually
 * none), so the per-line check runs only for them.
 */
static const char totals_detect_sql[] =
	"INSERT OR IGNORE INTO temp.totals_shared SELECT n.order_id "
	"FROM order_lines n WHERE n.batch_id = ?1 AND EXISTS (SELECT 1 "
	"  FROM order_lines o WHERE o.order_id = n.order_id "
	"  AND o.batch_id <> ?1)";

static const char *const totals_apply_sql[] = {

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
totals_prepare(struct db *db, char **cause)
{
	return db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS totals_shared "
	    "(order_id TEXT PRIMARY KEY) WITHOUT ROWID;"
	    "DELETE FROM temp.totals_shared;", cause);
}

int
totals_note_shared(struct db *db, const char *order_id, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	/* Rare (an order split across files): preparing each time is fine. */
	if (db_prepare(db, "INSERT OR IGNORE INTO temp.totals_shared "
	    "(order_id) VALUES (?1)", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, order_id, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

int
totals_apply(struct db *db, int64_t batch, int sign, int detect,
    char **cause)
{
	sqlite3_stmt *st;
	size_t i, n = sizeof totals_apply_sql / sizeof totals_apply_sql[0];
	const char *sql;

	/* Pruning empty rows matters only after a removal. */
	if (sign > 0)
		n -= 3;
	if (detect && totals_prepare(db, cause) == -1)
		return -1;
	for (i = detect ? 0 : 1; i <= n; i++) {
		sql = i == 0 ? totals_detect_sql : totals_apply_sql[i - 1];
		if (db_prepare(db, sql, &st, cause) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, batch);
		sqlite3_bind_int(st, 2, sign);
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
