/* proof: content hashes that show stored data is unchanged. */
#include "proof.h"

#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "xmem.h"

/* Rows in a fixed order; every column is hashed as text or number. */
static const char proof_orders_sql[] =
	"SELECT order_id, sku_id, mobile, ordered_text, ordered_at, day, "
	"sku_count, amount, line FROM order_lines INDEXED BY order_lines_batch "
	"WHERE batch_id = ?1 ORDER BY order_id, sku_id";
static const char proof_customers_sql[] =
	"SELECT customer_id, customer_name, mobile, region, line, from_batch "
	"FROM customers WHERE from_batch <= ?1 AND (to_batch IS NULL OR "
	"to_batch > ?1) ORDER BY customer_id";

int
proof_batch(struct db *db, int64_t batch, char hex[HASH_HEXLEN + 1],
    char **cause)
{
	struct hash_ctx *h;
	sqlite3_stmt *st;
	int64_t kind;
	int rc, i, n;

	if (db_query_ints(db, "SELECT kind = 'orders' FROM batches "
	    "WHERE id = ?1", batch, 0, &kind, NULL, cause) == -1)
		return -1;
	if (db_prepare(db, kind ? proof_orders_sql : proof_customers_sql, &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	h = hash_ctx_create();
	hash_ctx_field(h, kind ? "kpidesk.batch.orders.v1" :
	    "kpidesk.batch.customers.v1");
	hash_ctx_int(h, batch);
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
				hash_ctx_int(h, sqlite3_column_int64(st, i));
			else
				hash_ctx_field(h,
				    (const char *)sqlite3_column_text(st, i));
		}
	}
	sqlite3_finalize(st);
	hash_ctx_final_hex(h, hex);
	if (rc != SQLITE_DONE) {
		*cause = db_error(db, "reading a batch");
		return -1;
	}
	return 0;
}

int
proof_record(struct db *db, int64_t batch, char hex[HASH_HEXLEN + 1],
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (proof_batch(db, batch, hex, cause) == -1 ||
	    db_prepare(db, "UPDATE batches SET content_hash = ?2 WHERE id = ?1",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_text(st, 2, hex, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	return rc;
}
