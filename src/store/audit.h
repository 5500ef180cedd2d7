/*
 * audit: the append-only, hash-chained log of every action.
 *
 * Entry n's hash is SHA-256 over: the label "kpidesk.audit.v1\0", n as a
 * 64-bit big-endian number, the previous entry's hash (32 raw bytes; zeros
 * for the first), then ts, actor, action, object and details, each as a
 * 32-bit big-endian length and its bytes. Triggers refuse UPDATE and DELETE;
 * verification catches rows edited, deleted, inserted or reordered behind
 * SQLite's back. A truncated or wholly rebuilt chain is caught by comparing
 * with a head (seq, hash) kept elsewhere: snapshots and exports store it,
 * and the anchor file outside the database holds many (anchor.h).
 */
#ifndef KP_AUDIT_H
#define KP_AUDIT_H

#include <stdint.h>

#include "hash.h"

struct db;

struct audit_entry {
	int64_t		 seq;
	const char	*ts;		/* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	const char	*actor;
	const char	*action;
	const char	*object;
	const char	*details;
	const char	*prev_hash;	/* hex */
	const char	*hash;		/* hex */
};

struct audit_filter {
	const char	*actor;		/* exact, or NULL for any */
	const char	*action;	/* exact, or NULL */
	const char	*since;		/* ts >= since (a "YYYY-MM-DD" prefix works), or NULL */
	const char	*until;		/* ts < until, or NULL */
};

struct audit_check {
	int		 ok;
	int64_t		 entries;	/* entries checked */
	int64_t		 bad_seq;	/* first bad entry when !ok */
	char		*problem;	/* allocated when !ok; what is wrong there */
	int64_t		 head_seq;	/* last good entry */
	char		 head_hash[HASH_HEXLEN + 1];
};

/* Append one entry; joins the caller's transaction if one is open.
 * Refused (-1, *cause naming the entry) when the chain no longer holds the
 * newest head in the anchor file, or a head a snapshot or export request
 * recorded, or (outside a transaction) an entry audit_check_rows wants.
 * An anchored action's line is written once the entry is committed
 * (anchor.h). */
int audit_append(struct db *db, const char *actor, const char *action,
    const char *object, const char *details, char **cause);
/* -1 and *cause naming the first export request, approval or export
 * whose own entry (export.request, export.approve, export.write) the
 * chain no longer holds: a cut tail the anchor file was cut to match.
 * Only meaningful where every row change has its entry: outside a
 * transaction, or just before its COMMIT (ledger_flush). */
int audit_check_rows(struct db *db, char **cause);
/* The chain's head: sequence (0 when empty) and hash (zeros when empty). */
int audit_head(struct db *db, int64_t *seq, char hash[HASH_HEXLEN + 1],
    char **cause);
/* Call fn for each matching entry in order; entry strings are valid only
 * during the call. fn returning non-zero stops the walk. */
int audit_foreach(struct db *db, const struct audit_filter *filter,
    int (*fn)(const struct audit_entry *, void *), void *arg, char **cause);
/* Walk the chain and fill *check; -1 only when the database cannot be read.
 * Caller frees check->problem. */
int audit_verify(struct db *db, struct audit_check *check, char **cause);
/* The OS login running this process, as the actor "os:<login>". Caller frees. */
char *audit_os_actor(void);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void audit_now(char out[21]);

#endif
