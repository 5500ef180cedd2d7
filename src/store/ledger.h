/*
 * ledger: the rows kpidesk's state rests on, kept in step with the audit log.
 *
 * The watched tables are the accounts (users, user_roles), settings, the
 * batches with their checks and reason counts, export requests, exports,
 * snapshots with their KPI results, and the named SQL sources with their
 * saved queries. (Order lines and customers are covered
 * by each batch's proof, login_failures by nothing: see README SECURITY.)
 *
 * Every writable connection kpidesk opens gets TEMP triggers on those
 * tables: they note each changed row's key and content hash (SHA-256 over
 * the label "kpidesk.row.v1\0", the table name and each column with its
 * type) in a per-connection temp table. Just before each commit the noted
 * rows go into one audit entry, action "state", details one line per row,
 * "table<TAB>key<TAB>hash" ("-" for a deleted row), in the same
 * transaction. A writer without those triggers (sqlite3 in an attacker's
 * hands) changes rows that no entry covers.
 *
 * The first writable open of a database, and the first after a schema
 * upgrade, records every watched row in a "state.baseline" entry (object
 * "schema N"): rows are trusted when first seen, as with any baseline.
 *
 * ledger_verify replays the log (baselines and state entries in order) and
 * compares the result with the tables, naming every row added, edited or
 * deleted behind kpidesk's back.
 */
#ifndef KP_LEDGER_H
#define KP_LEDGER_H

#include <stdint.h>

struct db;

/* What ledger_verify found. */
struct ledger_check {
	int64_t		 rows;		/* rows compared */
	int64_t		 bad;		/* rows added, edited or deleted */
	int		 baseline;	/* the log holds a baseline */
	/* Called with each problem (valid only during the call), or NULL. */
	void		(*fn)(const char *problem, void *arg);
	void		*arg;
};

/* Install the triggers and the commit hook on a writable db, and append a
 * baseline when the log has none for this schema version. -1 and *cause
 * when the database cannot be read or written. */
int ledger_attach(struct db *db, char **cause);
/* Append the noted rows as one "state" entry in the open transaction (db's
 * before_commit hook); 0 when none are noted. */
int ledger_flush(struct db *db, char **cause);
/* Replay the log and compare it with the tables, filling *check (fn and
 * arg set by the caller). Works on a read-only db. -1 and *cause only when
 * the database cannot be read. */
int ledger_verify(struct db *db, struct ledger_check *check, char **cause);
/* Compare the account name's users and user_roles rows with what the log
 * last recorded for them (a login must not rest on a password hash or a
 * role put there behind kpidesk's back): 0, with *problem (caller frees)
 * naming the first row added or edited since, or NULL when all match or
 * the log holds no baseline yet; -1 and *cause when it cannot be read. */
int ledger_check_account(struct db *db, const char *name, char **problem,
    char **cause);
/* Register kp_rowhash(table, col, ...) on db (ledger_attach does it). */
int ledger_functions(struct db *db, char **cause);

#endif
