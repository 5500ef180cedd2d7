/* proof: content hashes that show stored data is unchanged. */
#include "proof.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "xmem.h"

/*
 * Rows in a fixed order; every column is hashed as text or number. A batch
 * read as order totals also hashes each line's revenue, under its own label
 * (so the scope a batch was read with is covered too); one read as line
 * amounts hashes what it did before contract v3, so older proofs hold.
 */
#define PROOF_ORDERS_COLS \
	"SELECT order_id, sku_id, mobile, ordered_text, ordered_at, day, " \
	"sku_count, amount, line"
#define PROOF_ORDERS_FROM \
	" FROM order_lines INDEXED BY order_lines_batch " \
	"WHERE batch_id = ?1 ORDER BY order_id, sku_id"
static const char proof_orders_sql[] = PROOF_ORDERS_COLS PROOF_ORDERS_FROM;
static const char proof_totals_sql[] = PROOF_ORDERS_COLS ", revenue"
	PROOF_ORDERS_FROM;
/* The same rows up to an order_id (?2; all of them when NULL). */
#define PROOF_ORDERS_BEFORE \
	" FROM order_lines INDEXED BY order_lines_batch " \
	"WHERE batch_id = ?1 AND (?2 IS NULL OR order_id < ?2) " \
	"ORDER BY order_id, sku_id"
static const char proof_orders_before_sql[] = PROOF_ORDERS_COLS
	PROOF_ORDERS_BEFORE;
static const char proof_totals_before_sql[] = PROOF_ORDERS_COLS ", revenue"
	PROOF_ORDERS_BEFORE;
#define PROOF_LABEL_LINES	"kpidesk.batch.orders.v1"
#define PROOF_LABEL_TOTALS	"kpidesk.batch.orders-totals.v1"
static const char proof_customers_sql[] =
	"SELECT customer_id, customer_name, mobile, region, line, from_batch "
	"FROM customers WHERE from_batch <= ?1 AND (to_batch IS NULL OR "
	"to_batch > ?1) ORDER BY customer_id";

/* A row of the batch: each column into the hash at arg. */
static int
proof_row(sqlite3_stmt *st, void *arg)
{
	struct hash_ctx *h = arg;
	int i, n = sqlite3_column_count(st);

	for (i = 0; i < n; i++) {
		if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
			hash_ctx_int(h, sqlite3_column_int64(st, i));
		else
			hash_ctx_field(h, (const char *)sqlite3_column_text(st,
			    i));
	}
	return 0;
}

int
proof_batch(struct db *db, int64_t batch, char hex[HASH_HEXLEN + 1],
    char **cause)
{
	struct hash_ctx *h;
	struct db_query q = {
		.ints = &batch,
		.n_ints = 1,
		.row = proof_row,
		.what = "reading a batch"
	};
	int64_t kind, totals;
	int rc;

	if (db_query_ints(db, "SELECT kind = 'orders', "
	    "coalesce(amount_scope = 'order', 0) FROM batches WHERE id = ?1",
	    batch, 0, &kind, &totals, cause) == -1)
		return -1;
	q.sql = !kind ? proof_customers_sql : totals ? proof_totals_sql :
	    proof_orders_sql;
	q.arg = h = hash_ctx_create();
	hash_ctx_field(h, !kind ? "kpidesk.batch.customers.v1" : totals ?
	    PROOF_LABEL_TOTALS : PROOF_LABEL_LINES);
	hash_ctx_int(h, batch);
	rc = db_foreach(db, &q, cause);
	hash_ctx_final_hex(h, hex);
	return rc;
}

int
proof_store(struct db *db, int64_t batch, const char *hex, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "UPDATE batches SET content_hash = ?2 WHERE id = ?1",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_text(st, 2, hex, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

int
proof_record(struct db *db, int64_t batch, char hex[HASH_HEXLEN + 1],
    char **cause)
{
	if (proof_batch(db, batch, hex, cause) == -1)
		return -1;
	return proof_store(db, batch, hex, cause);
}

/* The hash of a batch's lines as they are read (hash_ctx gathers the small
 * updates). */
struct proof_orders {
	struct hash_ctx	*h;
	int		 totals;
};

struct proof_orders *
proof_orders_start(int64_t batch, int order_scope)
{
	struct proof_orders *p = xmalloc(sizeof *p);

	p->h = hash_ctx_create();
	p->totals = order_scope;
	hash_ctx_field(p->h, order_scope ? PROOF_LABEL_TOTALS :
	    PROOF_LABEL_LINES);
	hash_ctx_int(p->h, batch);
	return p;
}

void
proof_orders_line(struct proof_orders *p, const struct proof_line *l)
{
	/* The columns of proof_orders_sql, in its order. */
	hash_ctx_field(p->h, l->order_id);
	hash_ctx_field(p->h, l->sku_id);
	hash_ctx_field(p->h, l->mobile);
	hash_ctx_field(p->h, l->ordered_text);
	hash_ctx_int(p->h, l->ordered_at);
	hash_ctx_int(p->h, l->day);
	hash_ctx_int(p->h, l->sku_count);
	hash_ctx_int(p->h, l->amount);
	hash_ctx_int(p->h, l->line);
	if (p->totals)
		hash_ctx_int(p->h, l->revenue);
}

void
proof_orders_row(struct proof_orders *p, sqlite3_stmt *st)
{
	int i, n = p->totals ? 10 : 9;

	for (i = 0; i < n; i++) {
		if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
			hash_ctx_int(p->h, sqlite3_column_int64(st, i));
		else
			hash_ctx_field(p->h, (const char *)sqlite3_column_text(st,
			    i));
	}
}

struct proof_replay {
	struct hash_ctx	*h;
	const char	*before;
};

static void
proof_replay_bind(sqlite3_stmt *st, void *arg)
{
	const struct proof_replay *r = arg;

	if (r->before != NULL)
		sqlite3_bind_text(st, 2, r->before, -1, SQLITE_STATIC);
}

static int
proof_replay_row(sqlite3_stmt *st, void *arg)
{
	const struct proof_replay *r = arg;

	return proof_row(st, r->h);
}

int
proof_orders_replay(struct db *db, struct proof_orders *p, int64_t batch,
    const char *before, char **cause)
{
	struct proof_replay r = { p->h, before };
	struct db_query q = {
		.sql = p->totals ? proof_totals_before_sql :
		    proof_orders_before_sql,
		.ints = &batch,
		.n_ints = 1,
		.bind = proof_replay_bind,
		.row = proof_replay_row,
		.arg = &r,
		.what = "reading a batch"
	};

	return db_foreach(db, &q, cause);
}

void
proof_orders_end(struct proof_orders *p, char hex[HASH_HEXLEN + 1])
{
	hash_ctx_final_hex(p->h, hex);
	free(p);
}

void
proof_orders_free(struct proof_orders *p)
{
	char hex[HASH_HEXLEN + 1];

	if (p != NULL)
		proof_orders_end(p, hex);
}
