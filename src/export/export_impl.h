/*
 * export_impl: what export.c shares with export_write.c, for the export
 * module only (callers use export.h).
 */
#ifndef KP_EXPORT_IMPL_H
#define KP_EXPORT_IMPL_H

#include <stdint.h>

#include "hash.h"

struct db;
struct export_summary;

/* Load the stored request id only, no data measured (export_load_request);
 * free *s with export_summary_free, also on -1. */
int export_load_row(struct db *db, int64_t id, struct export_summary *s,
    char **cause);
/* The hash of what s requests: the request, the inputs, rows and checks. */
void export_params_hash(const struct export_summary *s,
    char hex[HASH_HEXLEN + 1]);
/* Whether s still stands on the same data and audit chain: 0 if so, 1 with
 * *why (allocated) if not, -1 on error. Measures s afresh. */
int export_recheck(struct db *db, struct export_summary *s, char **why,
    char **cause);
/* Audit a refusal by actor with reason (status set when not NULL) and hand
 * msg (allocated, taken) to *cause. Returns -1. */
int export_refuse(struct db *db, int64_t id, const char *actor,
    const char *status, const char *reason, char *msg, char **cause);
/* Refuse (audited) unless s's status is want and it has not expired at
 * now; 0 when it stands. */
int export_check_state(struct db *db, struct export_summary *s,
    const char *want, const char *actor, int64_t now, char **cause);

#endif
