/*
 * kpi_cache: KPI results computed when data is committed, kept for the
 * screens. A snapshot computes every KPI of its day anyway (snapshot.c) and
 * stores the whole tables here; the dashboard then draws from them instead
 * of recomputing over millions of lines at each tab. An entry serves only
 * while the batches are exactly as they were when it was stored (a
 * fingerprint of their ids and statuses): any import, accept, discard or
 * undo retires it, and the KPI is computed live again.
 */
#ifndef KP_KPI_CACHE_H
#define KP_KPI_CACHE_H

#include <stdint.h>

struct db;
struct kpi_def;
struct kpi_params;
struct table;

/* Keep t, the whole result of k as of as_of over all history (the first
 * 10,000 rows of a longer one), for the batches as they are now; entries of
 * other fingerprints are dropped. */
int kpi_cache_put(struct db *db, const struct kpi_def *k, int32_t as_of,
    const struct table *t, char **cause);
/*
 * kpi_run from the cache when it holds k for p (all history; the first
 * p->limit rows of a long ranking, or all of a short result) and the
 * batches are unchanged; else computed live. The caller frees *out with
 * table_free.
 */
int kpi_run_cached(struct db *db, const struct kpi_def *k,
    const struct kpi_params *p, struct table **out, char **cause);

#endif
