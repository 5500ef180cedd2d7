/* audit: the append-only, hash-chained log of every action. */
#include "audit.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "anchor.h"
#include "db.h"
#include "sqlrow.h"
#include "xmem.h"

static const char audit_label[] = "kpidesk.audit.v1";
static const char audit_zero_hash[HASH_HEXLEN + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

void
audit_now(char out[21])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *
audit_os_actor(void)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw != NULL && pw->pw_name != NULL)
		return xasprintf("os:%s", pw->pw_name);
	return xasprintf("os:uid%ld", (long)geteuid());
}

/* The entry's hash as hex; -1 if prev_hash is not valid hex. */
static int
audit_compute(const struct audit_entry *e, char out[HASH_HEXLEN + 1])
{
	uint8_t prev[HASH_LEN];
	struct hash_ctx *h;

	if (hash_unhex(e->prev_hash, prev, sizeof prev) == -1)
		return -1;
	h = hash_ctx_create();
	hash_ctx_update(h, audit_label, sizeof audit_label);	/* with NUL */
	hash_ctx_int(h, e->seq);
	hash_ctx_update(h, prev, sizeof prev);
	hash_ctx_field(h, e->ts);
	hash_ctx_field(h, e->actor);
	hash_ctx_field(h, e->action);
	hash_ctx_field(h, e->object);
	hash_ctx_field(h, e->details);
	hash_ctx_final_hex(h, out);
	return 0;
}

int
audit_head(struct db *db, int64_t *seq, char hash[HASH_HEXLEN + 1],
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT seq, hash FROM audit_log "
	    "ORDER BY seq DESC LIMIT 1", &st, cause) == -1)
		return -1;
	rc = db_step_row(db, st, "the audit log", cause);
	if (rc == 1) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, HASH_HEXLEN + 1, "%s",
		    (const char *)sqlite3_column_text(st, 1));
	} else if (rc == 0) {
		*seq = 0;
		memcpy(hash, audit_zero_hash, sizeof audit_zero_hash);
	}
	sqlite3_finalize(st);
	return rc == -1 ? -1 : 0;
}

/* Run sql, whose rows each name what the chain lost: -1 and *cause
 * naming the first (what: the tables read, for an error), else 0. */
static int
audit_refuse_first(struct db *db, const char *sql, const char *what,
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st, cause) == -1)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*cause = xasprintf("refusing to add to the audit log: %s: run "
		    "'kpidesk audit verify'",
		    (const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_DONE)
		*cause = db_error(db, what);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* -1 and *cause naming the first snapshot or export request whose head
 * (seq, hash) the chain no longer holds: cut, rebuilt or the row edited. */
static int
audit_check_heads(struct db *db, char **cause)
{
	return audit_refuse_first(db, "SELECT 'snapshot ' || day || "
	    "' recorded entry ' || audit_seq || ' as the head, and the chain "
	    "no longer holds it' FROM snapshots s WHERE s.audit_seq > 0 AND "
	    "NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.seq = s.audit_seq "
	    "AND a.hash = s.audit_hash) "
	    "UNION ALL SELECT 'export request ' || id || ' recorded entry ' || "
	    "audit_seq || ' as the head, and the chain no longer holds it' "
	    "FROM export_requests r WHERE r.audit_seq > 0 AND "
	    "NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.seq = r.audit_seq "
	    "AND a.hash = r.audit_hash) LIMIT 1", "reading the recorded heads",
	    cause);
}

int
audit_check_rows(struct db *db, char **cause)
{
	return audit_refuse_first(db, "SELECT 'export request ' || r.id || "
	    "' (its export.request entry) is recorded, and the chain no longer "
	    "holds its entry' FROM export_requests r WHERE NOT EXISTS "
	    "(SELECT 1 FROM audit_log a WHERE a.action = 'export.request' "
	    "AND a.object = 'request ' || r.id) "
	    "UNION ALL SELECT 'the approval of export request ' || r.id || "
	    "' (its export.approve entry) is recorded, and the chain no longer "
	    "holds its entry' FROM export_requests r WHERE "
	    "r.status IN ('approved', 'exported') AND NOT EXISTS (SELECT 1 "
	    "FROM audit_log a WHERE a.action = 'export.approve' AND "
	    "a.object = 'request ' || r.id) "
	    "UNION ALL SELECT 'export ' || e.id || ' (its export.write entry) "
	    "is recorded, and the chain no longer holds its entry' "
	    "FROM exports e WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
	    "WHERE a.action = 'export.write' AND a.object = e.path AND "
	    "a.details LIKE 'request=' || e.request_id || ' %') LIMIT 1",
	    "reading the export records", cause);
}

int
audit_append(struct db *db, const char *actor, const char *action,
    const char *object, const char *details, char **cause)
{
	struct audit_entry e;
	char ts[21], prev[HASH_HEXLEN + 1], hash[HASH_HEXLEN + 1];
	sqlite3_stmt *st = NULL;
	int64_t seq;
	int rc = -1, outer = sqlite3_get_autocommit(db->h);

	/* A savepoint nests inside the caller's transaction or stands alone,
	 * so reading the head and appending are one atomic step. */
	if (db_exec(db, "SAVEPOINT audit_append", cause) == -1)
		return -1;
	/* Never add to a chain that lost a head recorded outside it or in
	 * the rows that rest on it. */
	if (anchor_check_head(db, cause) == -1 ||
	    audit_check_heads(db, cause) == -1 ||
	    (outer && audit_check_rows(db, cause) == -1))
		goto out;
	if (audit_head(db, &seq, prev, cause) == -1)
		goto out;
	audit_now(ts);
	e.seq = seq + 1;
	e.ts = ts;
	e.actor = actor;
	e.action = action;
	e.object = object != NULL ? object : "";
	e.details = details != NULL ? details : "";
	e.prev_hash = prev;
	if (audit_compute(&e, hash) == -1) {
		*cause = xstrdup("the audit log's last entry has a malformed "
		    "hash: run 'kpidesk audit verify'");
		goto out;
	}
	if (db_prepare(db, "INSERT INTO audit_log (seq, ts, actor, action, "
	    "object, details, prev_hash, hash) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, e.seq);
	sqlite3_bind_text(st, 2, e.ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e.actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e.action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e.object, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e.details, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e.prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_STATIC);
	if (db_step_done(db, st, cause) == -1)
		goto out;
	if (anchor_wanted(action))
		anchor_queue(db, e.seq, hash, e.ts, action);
	if (db->last_actor == NULL || strcmp(db->last_actor, actor) != 0) {
		free(db->last_actor);
		db->last_actor = xstrdup(actor);
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	if (rc == -1)
		sqlite3_exec(db->h, "ROLLBACK TO audit_append", NULL, NULL,
		    NULL);
	/* Outside a transaction the release commits: lock first, as
	 * db_commit does. */
	if (rc == 0 && outer && db->commit_lock != NULL)
		db->commit_lock(db, 1);
	sqlite3_exec(db->h, "RELEASE audit_append", NULL, NULL, NULL);
	/* Outside a transaction the release committed the entry. */
	if (rc == 0 && sqlite3_get_autocommit(db->h) &&
	    anchor_flush(db, cause) == -1)
		rc = -1;
	return rc;
}

static void
audit_row(sqlite3_stmt *st, struct audit_entry *e)
{
	e->seq = sqlite3_column_int64(st, 0);
	e->ts = sqlrow_text(st, 1);
	e->actor = sqlrow_text(st, 2);
	e->action = sqlrow_text(st, 3);
	e->object = sqlrow_text(st, 4);
	e->details = sqlrow_text(st, 5);
	e->prev_hash = sqlrow_text(st, 6);
	e->hash = sqlrow_text(st, 7);
}

/* What audit_foreach's bind and row callbacks share. */
struct audit_walk {
	const struct audit_filter *filter;
	int		(*fn)(const struct audit_entry *, void *);
	void		 *arg;
};

static void
audit_foreach_bind(sqlite3_stmt *st, void *arg)
{
	const struct audit_filter *filter = ((struct audit_walk *)arg)->filter;

	sqlite3_bind_text(st, 1, filter->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, filter->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, filter->since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, filter->until, -1, SQLITE_STATIC);
}

static int
audit_foreach_row(sqlite3_stmt *st, void *arg)
{
	struct audit_walk *walk = arg;
	struct audit_entry e;

	audit_row(st, &e);
	return walk->fn(&e, walk->arg);
}

int
audit_foreach(struct db *db, const struct audit_filter *filter,
    int (*fn)(const struct audit_entry *, void *), void *arg, char **cause)
{
	static const struct audit_filter none;
	struct audit_walk walk = { filter != NULL ? filter : &none, fn, arg };
	const struct db_query q = {
		.sql = "SELECT seq, ts, actor, action, object, details, "
		    "prev_hash, hash FROM audit_log "
		    "WHERE (?1 IS NULL OR actor = ?1) AND "
		    "(?2 IS NULL OR action = ?2) "
		    "AND (?3 IS NULL OR ts >= ?3) AND (?4 IS NULL OR ts < ?4) "
		    "ORDER BY seq",
		.bind = audit_foreach_bind,
		.row = audit_foreach_row,
		.arg = &walk,
		.what = "reading the audit log"
	};

	return db_foreach(db, &q, cause);
}

/* Judge one entry against its expected position; fills check on a problem. */
static int
audit_check_entry(const struct audit_entry *e, int64_t want_seq,
    const char *want_prev, struct audit_check *check)
{
	char hash[HASH_HEXLEN + 1];

	check->bad_seq = want_seq;
	if (e->seq != want_seq) {
		check->problem = xasprintf("entry %lld is missing: the chain "
		    "jumps from %lld to %lld (entries deleted)",
		    (long long)want_seq, (long long)want_seq - 1,
		    (long long)e->seq);
		return -1;
	}
	if (strcmp(e->prev_hash, want_prev) != 0) {
		check->problem = xasprintf("entry %lld does not follow entry "
		    "%lld: its previous-hash does not match (entries "
		    "inserted, deleted or reordered)", (long long)e->seq,
		    (long long)e->seq - 1);
		return -1;
	}
	if (audit_compute(e, hash) == -1 || strcmp(hash, e->hash) != 0) {
		check->problem = xasprintf("entry %lld was edited: its content "
		    "does not match its hash", (long long)e->seq);
		return -1;
	}
	return 0;
}

static int
audit_verify_one(const struct audit_entry *e, void *arg)
{
	struct audit_check *check = arg;

	if (audit_check_entry(e, check->head_seq + 1, check->head_hash,
	    check) == -1) {
		check->ok = 0;
		return 1;
	}
	check->entries++;
	check->head_seq = e->seq;
	snprintf(check->head_hash, sizeof check->head_hash, "%s", e->hash);
	return 0;
}

int
audit_verify(struct db *db, struct audit_check *check, char **cause)
{
	memset(check, 0, sizeof *check);
	check->ok = 1;
	memcpy(check->head_hash, audit_zero_hash, sizeof audit_zero_hash);
	return audit_foreach(db, NULL, audit_verify_one, check, cause);
}
