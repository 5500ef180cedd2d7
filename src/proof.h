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

/* Compute batch's proof from its rows now into hex. -1 and *cause. */
int proof_batch(struct db *db, int64_t batch, char hex[HASH_HEXLEN + 1],
    char **cause);
/* Compute and store batch's proof (at import), also into hex. */
int proof_record(struct db *db, int64_t batch, char hex[HASH_HEXLEN + 1],
    char **cause);

#endif
