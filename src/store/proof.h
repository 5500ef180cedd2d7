/*
 * proof: content hashes that show stored data is unchanged. A batch's proof
 * covers what it stored (an orders batch: its lines; a customers batch: the
 * master as of that batch); imports record it, snapshots cover it, and
 * verification recomputes it from the rows.
 */
#ifndef KP_PROOF_H
#define KP_PROOF_H

#include <stdint.h>

#include "hash.h"

struct db;
struct sqlite3_stmt;

/* Compute batch's proof from its rows now into hex. -1 and *cause. */
int proof_batch(struct db *db, int64_t batch, char hex[HASH_HEXLEN + 1],
    char **cause);
/* Compute and store batch's proof (at import), also into hex. */
int proof_record(struct db *db, int64_t batch, char hex[HASH_HEXLEN + 1],
    char **cause);
/* Store hex as batch's proof (computed by proof_orders_end). */
int proof_store(struct db *db, int64_t batch, const char *hex, char **cause);

/*
 * An orders batch's proof computed while it is imported, without reading
 * the lines back: feed every stored line in (order_id, sku_id) order, the
 * order proof_batch reads them in, and the result is the same hash.
 */
struct proof_line {
	const char	*order_id;
	const char	*sku_id;
	const char	*mobile;
	const char	*ordered_text;
	int64_t		 ordered_at;
	int64_t		 day;
	int64_t		 sku_count;
	int64_t		 amount;
	int64_t		 line;
	int64_t		 revenue;	/* hashed for batches read as order
					   totals only */
};
struct proof_orders;

/* Start the proof of orders batch batch, read as order totals when
 * order_scope is set (then each line's revenue is part of the proof). */
struct proof_orders *proof_orders_start(int64_t batch, int order_scope);
/* Add the next line (lines strictly in key order). */
void proof_orders_line(struct proof_orders *p, const struct proof_line *l);
/*
 * Hash one stored line into p as proof_batch reads it: each column by its
 * stored type. Columns 0..8 of st must be order_id, sku_id, mobile,
 * ordered_text, ordered_at, day, sku_count, amount, line, and column 9
 * revenue (hashed only for a batch read as order totals). Lets one pass
 * over every line prove all batches at once (verification).
 */
void proof_orders_row(struct proof_orders *p, struct sqlite3_stmt *st);
/* Feed p the lines of batch already stored whose order_id sorts before
 * before (every line when NULL), read back in key order: a proof restarted
 * part-way. -1 and *cause on error. */
int proof_orders_replay(struct db *db, struct proof_orders *p, int64_t batch,
    const char *before, char **cause);
/* Finish into hex and free p. */
void proof_orders_end(struct proof_orders *p, char hex[HASH_HEXLEN + 1]);
/* Free p without a result (the lines came out of order); NULL is fine. */
void proof_orders_free(struct proof_orders *p);

#endif
