/*
 * import_impl: what the batch's lifecycle (import.c: policy, batch record,
 * transaction, threshold, checks, accept and discard) and its row paths
 * (import_rows.c with import_customers.c and import_orders.c: customers
 * and orders through the rules into the tables) share; private to them.
 *
 * Call protocol, inside the batch's transaction once its row exists:
 *   r = import_rows_new(db, opts, res, &in)
 *   import_rows_prepare(r) -> import_rows_read(r, reader)
 *   customers: import_rows_close_missing(r)
 *   orders: import_rows_scope(r), then when the batch stays
 *   import_rows_totals(r)
 *   import_rows_reasons(r) once the batch's fate is known
 *   import_rows_proof(r) when it is recorded
 *   import_rows_free(r) in every case
 */
#ifndef KP_IMPORT_IMPL_H
#define KP_IMPORT_IMPL_H

#include <stdint.h>

#include "hash.h"
#include "import.h"

struct checks_input;
struct db;
struct reader;
struct import_rows;

/* The row paths of the import opts describes, counting into res and
 * noting what the checks need in in. Caller frees with import_rows_free. */
struct import_rows *import_rows_new(struct db *db,
    const struct import_opts *opts, struct import_result *res,
    struct checks_input *in);
/* Prepare the statements and temporary tables for batch res->batch. */
int import_rows_prepare(struct import_rows *c, char **cause);
/* Read every row of r through the rules. -1 on error or cancel (*cause). */
int import_rows_read(struct import_rows *c, struct reader *r, uint64_t total,
    char **cause);
/* Orders: settle the batch's amount scope (in->scope; RULES_SCOPE_AUTO
 * when the auto rule cannot decide, then the batch must fail) and record
 * it with its evidence in the batch. */
int import_rows_scope(struct import_rows *c, char **cause);
/* Store the count of every row-issue reason of the batch (batch_reasons). */
int import_rows_reasons(struct import_rows *c, char **cause);
/* Customers: those this master file no longer lists stop being current. */
int import_rows_close_missing(struct import_rows *c, char **cause);
/* Orders: add the batch to the totals and count its lines that match no
 * customer (for the checks); frees the memory that took. */
int import_rows_totals(struct import_rows *c, char **cause);
/* Record the batch's proof, also into hex. */
int import_rows_proof(struct import_rows *c, char hex[HASH_HEXLEN + 1],
    char **cause);
/* Free the row paths; NULL is fine. */
void import_rows_free(struct import_rows *c);

#endif
