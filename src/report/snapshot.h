/*
 * snapshot: a day's report frozen for auditors. A snapshot (keyed by its
 * as_of day) records the customer master version and the order batches it
 * rests on (with their proofs), the order totals, the check summary, every
 * KPI's result, and the audit chain's head, under one content hash. Orders
 * are never copied: the batch proofs show the lines are unchanged.
 */
#ifndef KP_SNAPSHOT_H
#define KP_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"

struct db;
struct table;

struct snapshot_info {
	char		 day[11];		/* the as_of day */
	char		*taken_at;
	char		*taken_by;
	int64_t		 customer_batch;	/* 0: no master yet */
	int64_t		 last_batch;
	int64_t		 order_lines, orders, revenue;
	char		*check_summary;
	int64_t		 audit_seq;
	char		 audit_hash[HASH_HEXLEN + 1];
	char		 content_hash[HASH_HEXLEN + 1];
};

/* snapshot_take's failure when the totals tables differ from the lines. */
#define SNAPSHOT_TOTALS_DIFFER	(-2)

/*
 * Take (or retake) the snapshot as of day number as_of; audited. Fills *out
 * when not NULL (free with snapshot_info_free). The KPIs are computed from
 * the totals tables, so these are first checked against the order lines:
 * when they differ nothing is taken (nor repaired) and it returns
 * SNAPSHOT_TOTALS_DIFFER with *cause naming what differs; the caller rolls
 * its transaction back, then records the alert with snapshot_alert.
 */
int snapshot_take(struct db *db, const char *actor, int32_t as_of,
    struct snapshot_info *out, char **cause);
/* Take the snapshot of the default as_of when orders exist (after a
 * commit); fails as snapshot_take does. */
int snapshot_after_commit(struct db *db, const char *actor, char **cause);
/* Append an integrity.alert entry for a snapshot refused over edited totals
 * (why: snapshot_take's cause), in a transaction of its own: call it with
 * none open. A failure to append is added to *why. */
void snapshot_alert(struct db *db, const char *actor, char **why);
/* Read the snapshot of day ("YYYY-MM-DD"). Free with snapshot_info_free. */
int snapshot_get(struct db *db, const char *day, struct snapshot_info *out,
    char **cause);
/* Whether day ("YYYY-MM-DD") has a snapshot: *exists 1 or 0. */
int snapshot_exists(struct db *db, const char *day, int *exists,
    char **cause);
/* All snapshots by day. Free each with snapshot_info_free, then the array. */
int snapshot_list(struct db *db, struct snapshot_info **list, size_t *n,
    char **cause);
/* Free what a snapshot_info holds. */
void snapshot_info_free(struct snapshot_info *s);
/* Whether the stored content still hashes to the recorded content hash. */
int snapshot_intact(struct db *db, const struct snapshot_info *s, int *ok,
    char **cause);
/* A KPI table as stored in a snapshot: display-safe, tab-separated rows,
 * the first the column names. Caller frees. */
char *snapshot_rows(const struct table *t);
#endif
