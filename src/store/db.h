/* db: the one owner of opening the SQLite database, and small statement helpers. */
#ifndef KP_DB_H
#define KP_DB_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#define DB_CREATE	0x1	/* create the file (0600) and its folder (0700) */
#define DB_READONLY	0x2	/* auditors: open read-only, never migrate */

struct db_profile;

struct db {
	sqlite3			*h;
	char			*path;
	int			 readonly;
	struct db_profile	*profile;	/* KPIDESK_SQL_PROFILE only */
	char			*warning;	/* for the user, or NULL */
	/* Lines audit.c queued for its anchor file until the entries they
	 * name are committed (anchor.c); freed by db_close. */
	char			*anchor_pending;
	/* The anchor file held locked from just before the COMMIT of queued
	 * lines until they are written, so no other process sees the entry
	 * committed and its line not yet written; -1 when none. */
	int			 anchor_fd;
	/* Set with anchor_pending: take (hold 1) that lock just before
	 * COMMIT, or give it up (hold 0) when the COMMIT failed. */
	void			(*commit_lock)(struct db *, int hold);
	/* Run after each COMMIT db_commit makes, and by db_close; set by
	 * whoever queued work that must wait for a commit. */
	int			(*after_commit)(struct db *, char **);
	/* Run inside the transaction just before db_commit's COMMIT, and by
	 * db_close outside one; set by ledger_attach (ledger.h). A failure
	 * rolls the transaction back. */
	int			(*before_commit)(struct db *, char **);
	/* The actor of the newest entry audit_append wrote on this
	 * connection, for the entries the ledger writes; or NULL. */
	char			*last_actor;
};

/* Brings an open database's schema up to date; -1 and *cause on error. */
typedef int (*db_migrate_fn)(struct db *db, char **cause);
/*
 * Open path, apply the pragmas (WAL, foreign keys, busy timeout, synchronous
 * FULL) and run migrate (when not NULL). Callers use schema_open, which
 * passes schema_migrate: the callback keeps db below schema. Refuses a
 * missing file unless DB_CREATE, and what migrate refuses. On success *out
 * is the caller's to db_close, and (*out)->warning (owned by it, NULL when
 * all is well) says when the database or its -wal or -shm file is open to
 * group or others, with the chmod that fixes it: the caller shows it;
 * nothing is changed.
 */
int db_open(const char *path, int flags, db_migrate_fn migrate,
    struct db **out, char **cause);
/* Close and free; NULL is fine. Rolls back any open transaction, then runs
 * db->before_commit and db->after_commit (errors ignored). With KPIDESK_SQL_PROFILE set in the
 * environment, first prints the time spent in each statement to stderr. */
void db_close(struct db *db);

/* Run SQL without parameters (fixed text only, never data). -1 and *cause. */
int db_exec(struct db *db, const char *sql, char **cause);
/* Prepare sql; -1 and *cause on error. Caller finalizes *stmt. */
int db_prepare(struct db *db, const char *sql, sqlite3_stmt **stmt, char **cause);
/* Bind a NULL-terminated list of text parameters to ?1, ?2, ... */
void db_bind_texts(sqlite3_stmt *stmt, ...);
/* Step a statement expecting SQLITE_DONE; -1 and *cause on error. */
int db_step_done(struct db *db, sqlite3_stmt *stmt, char **cause);
/* Step a statement that reads one row: 1 when it gave one, 0 when none,
 * -1 and *cause ("reading WHAT") on error. */
int db_step_row(struct db *db, sqlite3_stmt *stmt, const char *what,
    char **cause);
/* Run sql with ?1 = a and ?2 = b bound (where it uses them) and read the
 * first row's first two columns as numbers (y may be NULL). -1 and *cause
 * on an error or when there is no row. */
int db_query_ints(struct db *db, const char *sql, int64_t a, int64_t b,
    int64_t *x, int64_t *y, char **cause);

/*
 * One statement read row by row (db_foreach). The statement is sql (fixed
 * text, never data). Its parameters: ints[0..n_ints) bound as integers to
 * ?1, ?2, ... (a parameter the statement lacks is a harmless no-op), then
 * bind, when set, binds the rest (texts, NULLs) before the first step;
 * ints and bind may be NULL. row (required) is called for each result row
 * with the statement and arg; column values are valid only during the
 * call. row returns 0 to go on, anything else to stop: a stop is not an
 * error. Nothing here is owned by db_foreach; all must outlive the call.
 */
struct db_query {
	const char	 *sql;
	const int64_t	 *ints;
	size_t		  n_ints;
	void		(*bind)(sqlite3_stmt *, void *);
	int		(*row)(sqlite3_stmt *, void *);
	void		 *arg;		/* passed to bind and row */
	const char	 *what;		/* names a failed read in *cause */
};

/* Prepare q->sql, bind, step it calling q->row per row, and finalize it in
 * every case. 0 when the rows ran out or row stopped; -1 and an allocated
 * *cause when preparing fails ("preparing a statement: ...") or a step
 * fails ("what: sqlite's message"). */
int db_foreach(struct db *db, const struct db_query *q, char **cause);

/* Allocate "what: sqlite's message" for *cause. */
char *db_error(struct db *db, const char *what);

/* BEGIN IMMEDIATE, so a write transaction never fails half-way on a lock. */
int db_begin(struct db *db, char **cause);
/* Run db->before_commit, take db->commit_lock, then COMMIT; -1 and
 * *cause on error (the transaction is then rolled back).
 * Then runs db->after_commit when set: its failure is returned as -1 with
 * its *cause, though the transaction stays committed. */
int db_commit(struct db *db, char **cause);
/* ROLLBACK if a transaction is open. */
void db_rollback(struct db *db);
/* End the transaction db_begin opened around some work that returned rc:
 * db_commit when rc is 0, else db_rollback (the work set *cause) and -1.
 * So a function's work can return plainly, and commit or roll back in one
 * place: if (db_begin(...) == -1) return -1; return db_end(db, work(...),
 * cause). */
int db_end(struct db *db, int rc, char **cause);

/* Read a setting as text. Caller frees *value. -1 and *cause if missing. */
int db_setting(struct db *db, const char *key, char **value, char **cause);
/* Read a setting as an integer, or def when it is missing or malformed. */
int64_t db_setting_int(struct db *db, const char *key, int64_t def);
/* Write a setting. */
int db_setting_set(struct db *db, const char *key, const char *value, char **cause);

#endif
