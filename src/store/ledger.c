/* ledger: the rows kpidesk's state rests on, kept in step with the audit log. */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "hash.h"
#include "schema.h"
#include "strbuf.h"
#include "xmem.h"

/* A watched table: its key columns and every column, in schema order (a
 * unit test holds these to the schema). */
struct ledger_table {
	const char	*name;
	const char	*key;
	const char	*cols;
};

static const struct ledger_table ledger_tables[] = {
	{ "settings", "key", "key, value" },
	{ "users", "name", "id, name, pw_hash, disabled, created_at, "
	    "created_by, pw_changed_at" },
	{ "user_roles", "user_id, role", "user_id, role" },
	{ "batches", "id", "id, kind, source, file_name, file_size, sha256, "
	    "imported_by, imported_at, status, rows_read, rows_loaded, "
	    "rows_rejected, rows_duplicate, warnings, "
	    "over_threshold_accepted, repeat_of, content_hash, amount_scope, "
	    "amount_evidence, read_as, source_engine, source_query, "
	    "source_query_sha256, source_server, source_encrypted, source_tls" },
	{ "batch_reasons", "batch_id, kind, reason", "batch_id, kind, reason, "
	    "count, kept" },
	{ "checks", "batch_id, seq", "batch_id, seq, category, name, status, "
	    "count, detail, samples" },
	{ "export_requests", "id", "id, as_of, requested_by, requested_at, "
	    "params_hash, summary, status, approved_by, approved_at, "
	    "expires_at, audit_seq, audit_hash" },
	{ "exports", "id", "id, request_id, as_of, path, sha256, bytes, "
	    "requested_by, approved_by, created_at" },
	{ "snapshots", "day", "day, taken_at, taken_by, customer_batch, "
	    "last_batch, order_lines, orders, revenue, check_summary, "
	    "audit_seq, audit_hash, content_hash" },
	{ "snapshot_kpis", "day, kpi", "day, kpi, result, rows" },
	{ "sources", "name", "name, uri, created_by, created_at" },
	{ "source_queries", "source, name", "source, name, sql, saved_by, "
	    "saved_at" },
};
#define LEDGER_NTABLES (sizeof ledger_tables / sizeof ledger_tables[0])

static const char ledger_label[] = "kpidesk.row.v1";

/* kp_rowhash(table, col, ...): SHA-256 hex over the label and each value
 * with its type, so 1 and '1' or NULL and '' never hash alike. */
static void
ledger_rowhash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char hex[HASH_HEXLEN + 1], tag, num[32];
	struct hash_ctx *h = hash_ctx_create();
	const unsigned char *p;
	int i, n;

	hash_ctx_update(h, ledger_label, sizeof ledger_label);	/* with NUL */
	for (i = 0; i < argc; i++) {
		switch (sqlite3_value_type(argv[i])) {
		case SQLITE_NULL:
			hash_ctx_update(h, "n", 1);
			continue;
		case SQLITE_INTEGER:
			hash_ctx_update(h, "i", 1);
			hash_ctx_int(h, sqlite3_value_int64(argv[i]));
			continue;
		case SQLITE_FLOAT:
			tag = 'r';
			n = snprintf(num, sizeof num, "%.17g",
			    sqlite3_value_double(argv[i]));
			p = (const unsigned char *)num;
			break;
		case SQLITE_BLOB:
			tag = 'b';
			p = sqlite3_value_blob(argv[i]);
			n = sqlite3_value_bytes(argv[i]);
			break;
		default:
			tag = 't';
			p = sqlite3_value_text(argv[i]);
			n = sqlite3_value_bytes(argv[i]);
			break;
		}
		hash_ctx_update(h, &tag, 1);
		hash_ctx_int(h, n);
		if (n > 0)
			hash_ctx_update(h, p, (size_t)n);
	}
	hash_ctx_final_hex(h, hex);
	sqlite3_result_text(ctx, hex, HASH_HEXLEN, SQLITE_TRANSIENT);
}

int
ledger_functions(struct db *db, char **cause)
{
	if (sqlite3_create_function(db->h, "kp_rowhash", -1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, ledger_rowhash, NULL, NULL) !=
	    SQLITE_OK) {
		*cause = db_error(db, "registering kp_rowhash");
		return -1;
	}
	return 0;
}

/* Append each column of the comma-separated list, prefixed with prefix
 * ("NEW.", "OLD." or ""), with sep between them. */
static void
ledger_cols(struct strbuf *sb, const char *list, const char *prefix,
    const char *sep)
{
	const char *c = list;
	size_t len;

	for (;;) {
		len = strcspn(c, ",");
		strbuf_printf(sb, "%s%.*s", prefix, (int)len, c);
		if (c[len] == '\0')
			break;
		strbuf_puts(sb, sep);
		c += len + 1;
		c += strspn(c, " ");
	}
}

/* Append t's key as one text: "('' || p.a || '/' || p.b)". */
static void
ledger_expr_key(struct strbuf *sb, const struct ledger_table *t,
    const char *prefix)
{
	strbuf_puts(sb, "('' || ");
	ledger_cols(sb, t->key, prefix, " || '/' || ");
	strbuf_putc(sb, ')');
}

/* Append "kp_rowhash('t', p.c1, p.c2, ...)". */
static void
ledger_expr_hash(struct strbuf *sb, const struct ledger_table *t,
    const char *prefix)
{
	strbuf_printf(sb, "kp_rowhash('%s', ", t->name);
	ledger_cols(sb, t->cols, prefix, ", ");
	strbuf_putc(sb, ')');
}

/* Append the statement that notes the row under prefix as changed. */
static void
ledger_note_sql(struct strbuf *sb, const struct ledger_table *t,
    const char *prefix, int deleted)
{
	/* No OR REPLACE: an outer statement's conflict clause (an upsert)
	 * would override it. */
	strbuf_printf(sb, "DELETE FROM ledger_dirty WHERE tbl = '%s' AND "
	    "key = ", t->name);
	ledger_expr_key(sb, t, prefix);
	strbuf_printf(sb, "; INSERT INTO ledger_dirty (tbl, key, hash) "
	    "VALUES ('%s', ", t->name);
	ledger_expr_key(sb, t, prefix);
	strbuf_puts(sb, ", ");
	if (deleted)
		strbuf_puts(sb, "NULL");
	else
		ledger_expr_hash(sb, t, prefix);
	strbuf_puts(sb, ");");
}

/* The three TEMP triggers of t (fixed text from the table list above). */
static void
ledger_triggers_sql(struct strbuf *sb, const struct ledger_table *t)
{
	strbuf_printf(sb, "CREATE TEMP TRIGGER IF NOT EXISTS ledger_%s_i "
	    "AFTER INSERT ON main.%s BEGIN ", t->name, t->name);
	ledger_note_sql(sb, t, "NEW.", 0);
	strbuf_printf(sb, " END; CREATE TEMP TRIGGER IF NOT EXISTS "
	    "ledger_%s_u AFTER UPDATE ON main.%s BEGIN ", t->name, t->name);
	/* A changed key: the old key is gone. */
	ledger_note_sql(sb, t, "OLD.", 1);
	ledger_note_sql(sb, t, "NEW.", 0);
	strbuf_printf(sb, " END; CREATE TEMP TRIGGER IF NOT EXISTS "
	    "ledger_%s_d AFTER DELETE ON main.%s BEGIN ", t->name, t->name);
	ledger_note_sql(sb, t, "OLD.", 1);
	strbuf_puts(sb, " END;");
}

/* "SELECT key, hash FROM main.t" for every row of t. */
static char *
ledger_rows_sql(const struct ledger_table *t)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_puts(&sb, "SELECT ");
	ledger_expr_key(&sb, t, "");
	strbuf_puts(&sb, ", ");
	ledger_expr_hash(&sb, t, "");
	strbuf_printf(&sb, " FROM main.%s", t->name);
	return strbuf_detach(&sb);
}

/* Append "t<TAB>key<TAB>hash\n" for every row of t to arg's strbuf. */
static int
ledger_baseline_row(sqlite3_stmt *st, void *arg)
{
	struct strbuf *sb = ((void **)arg)[0];
	const char *name = ((void **)arg)[1];

	strbuf_printf(sb, "%s\t%s\t%s\n", name,
	    (const char *)sqlite3_column_text(st, 0),
	    (const char *)sqlite3_column_text(st, 1));
	return 0;
}

/* The actor of entries the ledger writes on its own. Caller frees. */
static char *
ledger_actor(struct db *db)
{
	return db->last_actor != NULL ? xstrdup(db->last_actor) :
	    audit_os_actor();
}

/* Record every watched row in a baseline entry for schema version. */
static int
ledger_baseline(struct db *db, int version, char **cause)
{
	struct strbuf sb;
	struct db_query q = { .row = ledger_baseline_row,
	    .what = "reading a watched table" };
	void *arg[2];
	char *sql, *actor, object[32];
	size_t i;
	int rc = -1;

	strbuf_init(&sb);
	arg[0] = &sb;
	q.arg = arg;
	if (db_begin(db, cause) == -1)
		goto out;
	for (i = 0; i < LEDGER_NTABLES; i++) {
		arg[1] = (void *)ledger_tables[i].name;
		q.sql = sql = ledger_rows_sql(&ledger_tables[i]);
		rc = db_foreach(db, &q, cause);
		free(sql);
		if (rc == -1) {
			db_rollback(db);
			goto out;
		}
	}
	rc = -1;
	snprintf(object, sizeof object, "schema %d", version);
	actor = ledger_actor(db);
	if (db_exec(db, "DELETE FROM temp.ledger_dirty", cause) == -1 ||
	    audit_append(db, actor, "state.baseline", object, strbuf_str(&sb),
	    cause) == -1)
		db_rollback(db);
	else
		rc = db_commit(db, cause);
	free(actor);
out:
	strbuf_free(&sb);
	return rc;
}

/* The schema version of the newest baseline: 0 when there is none. */
static int
ledger_baseline_version(struct db *db, int *version, char **cause)
{
	sqlite3_stmt *st;
	const char *o;
	int rc;

	*version = 0;
	if (db_prepare(db, "SELECT object FROM audit_log WHERE action = "
	    "'state.baseline' ORDER BY seq DESC LIMIT 1", &st, cause) == -1)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o = (const char *)sqlite3_column_text(st, 0);
		if (o != NULL && strncmp(o, "schema ", 7) == 0)
			*version = atoi(o + 7);
	} else if (rc != SQLITE_DONE) {
		*cause = db_error(db, "reading the audit log");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* What ledger_check_columns reads one table's columns into. */
struct ledger_cols {
	const char	*table;
	struct strbuf	 sb;		/* "a, b, c" */
};

static void
ledger_column_bind(sqlite3_stmt *st, void *arg)
{
	sqlite3_bind_text(st, 1, ((struct ledger_cols *)arg)->table, -1,
	    SQLITE_STATIC);
}

static int
ledger_column_row(sqlite3_stmt *st, void *arg)
{
	struct strbuf *sb = &((struct ledger_cols *)arg)->sb;

	strbuf_printf(sb, "%s%s", strbuf_str(sb)[0] != '\0' ? ", " : "",
	    (const char *)sqlite3_column_text(st, 0));
	return 0;
}

/* Hold the column lists above to the schema: a column added by a
 * migration and missing here would go unwatched. */
static int
ledger_check_columns(struct db *db, char **cause)
{
	struct ledger_cols c;
	const struct db_query q = {
		.sql = "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
		.bind = ledger_column_bind,
		.row = ledger_column_row,
		.arg = &c,
		.what = "reading a table's columns"
	};
	size_t i;
	int rc = 0;

	for (i = 0; i < LEDGER_NTABLES && rc == 0; i++) {
		c.table = ledger_tables[i].name;
		strbuf_init(&c.sb);
		strbuf_puts(&c.sb, "");
		if ((rc = db_foreach(db, &q, cause)) == 0 &&
		    strcmp(strbuf_str(&c.sb), ledger_tables[i].cols) != 0) {
			*cause = xasprintf("table %s has the columns (%s), "
			    "not the ones kpidesk records: it was altered "
			    "outside kpidesk; run 'kpidesk audit verify'",
			    ledger_tables[i].name, strbuf_str(&c.sb));
			rc = -1;
		}
		strbuf_free(&c.sb);
	}
	return rc;
}

int
ledger_attach(struct db *db, char **cause)
{
	struct strbuf sb;
	size_t i;
	int have, now, rc;

	if (ledger_functions(db, cause) == -1 ||
	    ledger_check_columns(db, cause) == -1)
		return -1;
	strbuf_init(&sb);
	strbuf_puts(&sb, "CREATE TEMP TABLE IF NOT EXISTS ledger_dirty ("
	    "tbl TEXT NOT NULL, key TEXT NOT NULL, hash TEXT, "
	    "PRIMARY KEY (tbl, key));");
	for (i = 0; i < LEDGER_NTABLES; i++)
		ledger_triggers_sql(&sb, &ledger_tables[i]);
	rc = db_exec(db, strbuf_str(&sb), cause);
	strbuf_free(&sb);
	if (rc == -1)
		return -1;
	db->before_commit = ledger_flush;
	if ((now = schema_version(db, cause)) == -1 ||
	    ledger_baseline_version(db, &have, cause) == -1)
		return -1;
	/* A migration changes rows without the triggers: it is kpidesk's
	 * own, so its result is recorded afresh. */
	if (have != now)
		return ledger_baseline(db, now, cause);
	return 0;
}

/* What ledger_flush gathers from the noted rows. */
struct ledger_notes {
	struct strbuf	 details;
	struct strbuf	 tables;	/* "settings, users" */
	char		 last[32];	/* the previous row's table */
	int64_t		 rows;
};

static int
ledger_note_row(sqlite3_stmt *st, void *arg)
{
	struct ledger_notes *n = arg;
	const char *tbl = (const char *)sqlite3_column_text(st, 0);
	const char *hash = (const char *)sqlite3_column_text(st, 2);

	strbuf_printf(&n->details, "%s\t%s\t%s\n", tbl,
	    (const char *)sqlite3_column_text(st, 1),
	    hash != NULL ? hash : "-");
	if (strcmp(n->last, tbl) != 0) {
		strbuf_printf(&n->tables, "%s%s",
		    n->rows > 0 ? ", " : "", tbl);
		snprintf(n->last, sizeof n->last, "%s", tbl);
	}
	n->rows++;
	return 0;
}

/* Append the noted rows as one "state" entry and forget them. */
static int
ledger_append_notes(struct db *db, char **cause)
{
	struct ledger_notes n;
	const struct db_query q = {
		.sql = "SELECT tbl, key, hash FROM temp.ledger_dirty "
		    "ORDER BY tbl, key",
		.row = ledger_note_row,
		.arg = &n,
		.what = "reading the changed rows"
	};
	char *actor, *object;
	int rc = -1;

	memset(&n, 0, sizeof n);
	strbuf_init(&n.details);
	strbuf_init(&n.tables);
	if (db_foreach(db, &q, cause) == -1)
		goto out;
	rc = 0;
	if (n.rows == 0)
		goto out;
	object = xasprintf("%lld row%s: %s", (long long)n.rows,
	    n.rows == 1 ? "" : "s", strbuf_str(&n.tables));
	actor = ledger_actor(db);
	if (db_exec(db, "DELETE FROM temp.ledger_dirty", cause) == -1 ||
	    audit_append(db, actor, "state", object, strbuf_str(&n.details),
	    cause) == -1)
		rc = -1;
	free(actor);
	free(object);
out:
	strbuf_free(&n.details);
	strbuf_free(&n.tables);
	return rc;
}

int
ledger_flush(struct db *db, char **cause)
{
	int64_t noted;

	/* Every row change of this transaction has its entry by now. */
	if (!sqlite3_get_autocommit(db->h) && audit_check_rows(db, cause) == -1)
		return -1;
	if (db_query_ints(db, "SELECT count(*) FROM temp.ledger_dirty", 0, 0,
	    &noted, NULL, cause) == -1)
		return -1;
	if (noted == 0)
		return 0;
	if (!sqlite3_get_autocommit(db->h))
		return ledger_append_notes(db, cause);
	/* Rows written outside a transaction (db_close's last call). */
	if (db_begin(db, cause) == -1)
		return -1;
	if (ledger_append_notes(db, cause) == -1) {
		db_rollback(db);
		return -1;
	}
	if (db_exec(db, "COMMIT", cause) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* ---- one account, at login ---- */

/* The hash the log last recorded for tbl's row key: 1 and *hash ("-" for
 * a deleted row; caller frees), 0 when the log never recorded it, -1 and
 * *cause when it cannot be read. */
static int
ledger_recorded(struct db *db, const char *tbl, const char *key, char **hash,
    char **cause)
{
	sqlite3_stmt *st;
	const char *d, *at, *end;
	char *needle;
	int rc;

	*hash = NULL;
	needle = xasprintf("\n%s\t%s\t", tbl, key);
	if (db_prepare(db, "SELECT details FROM audit_log WHERE action IN "
	    "('state', 'state.baseline') AND instr(char(10) || details, ?1) "
	    "> 0 ORDER BY seq DESC LIMIT 1", &st, cause) == -1) {
		free(needle);
		return -1;
	}
	sqlite3_bind_text(st, 1, needle, -1, SQLITE_STATIC);
	if ((rc = db_step_row(db, st, "the audit log", cause)) == 1) {
		d = (const char *)sqlite3_column_text(st, 0);
		/* The first line has no newline before it. */
		if (d != NULL && strncmp(d, needle + 1, strlen(needle) - 1) == 0)
			at = d + strlen(needle) - 1;
		else if (d != NULL && (at = strstr(d, needle)) != NULL)
			at += strlen(needle);
		else
			at = "";
		end = strchr(at, '\n');
		*hash = end != NULL ? xasprintf("%.*s", (int)(end - at), at) :
		    xstrdup(at);
	}
	sqlite3_finalize(st);
	free(needle);
	return rc;
}

/* What ledger_account_row compares, and what it found. */
struct ledger_account {
	struct db	*db;
	const char	*name;
	const char	*tbl;
	char		*problem;	/* the first row that differs */
	char		*cause;
	int		 err;
};

static void
ledger_account_bind(sqlite3_stmt *st, void *arg)
{
	sqlite3_bind_text(st, 1, ((struct ledger_account *)arg)->name, -1,
	    SQLITE_STATIC);
}

static int
ledger_account_row(sqlite3_stmt *st, void *arg)
{
	struct ledger_account *la = arg;
	const char *key = (const char *)sqlite3_column_text(st, 0);
	const char *hash = (const char *)sqlite3_column_text(st, 1);
	char *was = NULL;
	int rc;

	if (key == NULL || hash == NULL)
		return 0;
	if ((rc = ledger_recorded(la->db, la->tbl, key, &was,
	    &la->cause)) == -1) {
		la->err = 1;
		return 1;
	}
	if (rc == 0 || strcmp(was, hash) != 0)
		la->problem = xasprintf("%s row '%s' was %s behind kpidesk's "
		    "back", la->tbl, key, rc == 0 ? "added" : "edited");
	free(was);
	return la->problem != NULL;
}

int
ledger_check_account(struct db *db, const char *name, char **problem,
    char **cause)
{
	struct ledger_account la = { db, name, NULL, NULL, NULL, 0 };
	struct db_query q = { .row = ledger_account_row, .arg = &la,
	    .what = "reading the account" };
	struct strbuf sb;
	size_t i;
	int version, rc = 0;

	*problem = NULL;
	/* Without a baseline nothing was recorded to compare with. */
	if (ledger_baseline_version(db, &version, cause) == -1)
		return -1;
	if (version == 0)
		return 0;
	if (ledger_functions(db, cause) == -1)
		return -1;
	/* users (key name) and user_roles (key user_id/role) of the name. */
	for (i = 0; i < 2 && rc == 0 && la.problem == NULL; i++) {
		la.tbl = ledger_tables[i + 1].name;
		strbuf_init(&sb);
		strbuf_puts(&sb, "SELECT ");
		ledger_expr_key(&sb, &ledger_tables[i + 1], "");
		strbuf_puts(&sb, ", ");
		ledger_expr_hash(&sb, &ledger_tables[i + 1], "");
		strbuf_printf(&sb, " FROM main.%s WHERE %s", la.tbl, i == 0 ?
		    "name = ?1" : "user_id = (SELECT id FROM users WHERE "
		    "name = ?1)");
		q.sql = strbuf_str(&sb);
		q.bind = ledger_account_bind;
		rc = db_foreach(db, &q, cause);
		strbuf_free(&sb);
	}
	if (la.err) {
		*cause = la.cause;
		free(la.problem);
		return -1;
	}
	*problem = la.problem;
	return rc;
}

/* ---- verify ---- */

/* Apply one state or baseline entry's lines to temp.ledger_replay. */
static int
ledger_replay_entry(struct db *db, sqlite3_stmt *put, sqlite3_stmt *del,
    int64_t seq, const char *details, char **cause)
{
	const char *p = details, *nl, *t1, *t2;
	sqlite3_stmt *st;

	for (; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		t1 = memchr(p, '\t', (size_t)(nl - p));
		t2 = t1 != NULL ? memchr(t1 + 1, '\t', (size_t)(nl - t1 - 1)) :
		    NULL;
		if (t2 != NULL) {
			/* The delete statement has no ?3 and ?4: binding them
			 * there is a harmless SQLITE_RANGE. */
			st = (nl - t2 - 1 == 1 && t2[1] == '-') ? del : put;
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, p, (int)(t1 - p),
			    SQLITE_STATIC);
			sqlite3_bind_text(st, 2, t1 + 1, (int)(t2 - t1 - 1),
			    SQLITE_STATIC);
			sqlite3_bind_text(st, 3, t2 + 1, (int)(nl - t2 - 1),
			    SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, seq);
			if (db_step_done(db, st, cause) == -1)
				return -1;
		}
		if (*nl == '\0')
			break;
	}
	return 0;
}

/* What the replay walk shares with its row callback. */
struct ledger_replay {
	struct db	*db;
	sqlite3_stmt	*put;
	sqlite3_stmt	*del;
	int		 baseline;
	char		*cause;
	int		 failed;
};

static int
ledger_replay_row(sqlite3_stmt *st, void *arg)
{
	struct ledger_replay *r = arg;
	const char *action = (const char *)sqlite3_column_text(st, 1);
	const char *details = (const char *)sqlite3_column_text(st, 2);

	if (strcmp(action, "state.baseline") == 0) {
		/* A baseline is the whole truth at its moment. */
		if (db_exec(r->db, "DELETE FROM temp.ledger_replay",
		    &r->cause) == -1)
			goto fail;
		r->baseline = 1;
	}
	if (ledger_replay_entry(r->db, r->put, r->del,
	    sqlite3_column_int64(st, 0), details != NULL ? details : "",
	    &r->cause) == -1)
		goto fail;
	return 0;
fail:
	r->failed = 1;
	return 1;
}

/* Fill temp.ledger_replay from the log. */
static int
ledger_replay(struct db *db, struct ledger_check *check, char **cause)
{
	struct ledger_replay r = { db, NULL, NULL, 0, NULL, 0 };
	const struct db_query q = {
		.sql = "SELECT seq, action, details FROM audit_log "
		    "WHERE action IN ('state', 'state.baseline') ORDER BY seq",
		.row = ledger_replay_row,
		.arg = &r,
		.what = "reading the audit log"
	};
	int rc = -1;

	if (db_prepare(db, "INSERT OR REPLACE INTO temp.ledger_replay "
	    "(tbl, key, hash, seq) VALUES (?1, ?2, ?3, ?4)", &r.put,
	    cause) == -1 ||
	    db_prepare(db, "DELETE FROM temp.ledger_replay WHERE tbl = ?1 "
	    "AND key = ?2", &r.del,
	    cause) == -1)
		goto out;
	if (db_foreach(db, &q, cause) == -1)
		goto out;
	if (r.failed) {
		*cause = r.cause;
		goto out;
	}
	check->baseline = r.baseline;
	rc = 0;
out:
	sqlite3_finalize(r.put);
	sqlite3_finalize(r.del);
	return rc;
}

/* Fill temp.ledger_actual from the watched tables. */
static int
ledger_actual(struct db *db, char **cause)
{
	struct strbuf sb;
	size_t i;
	char *rows;
	int rc;

	strbuf_init(&sb);
	for (i = 0; i < LEDGER_NTABLES; i++) {
		rows = ledger_rows_sql(&ledger_tables[i]);
		strbuf_printf(&sb, "INSERT INTO temp.ledger_actual (tbl, key, "
		    "hash) SELECT '%s', * FROM (%s);", ledger_tables[i].name,
		    rows);
		free(rows);
	}
	rc = db_exec(db, strbuf_str(&sb), cause);
	strbuf_free(&sb);
	return rc;
}

static int
ledger_judge_row(sqlite3_stmt *st, void *arg)
{
	struct ledger_check *check = arg;
	const char *tbl = (const char *)sqlite3_column_text(st, 0);
	const char *key = (const char *)sqlite3_column_text(st, 1);
	const char *what = (const char *)sqlite3_column_text(st, 2);
	int64_t seq = sqlite3_column_int64(st, 3);
	char *problem;

	if (seq > 0)
		problem = xasprintf("%s row '%s' was %s behind kpidesk's back "
		    "(the log last recorded it at entry %lld)", tbl, key,
		    what, (long long)seq);
	else
		problem = xasprintf("%s row '%s' was %s behind kpidesk's back "
		    "(the log never recorded it)", tbl, key, what);
	check->bad++;
	if (check->fn != NULL)
		check->fn(problem, check->arg);
	free(problem);
	return 0;
}

/* Report every row where the tables and the replay differ. */
static int
ledger_compare(struct db *db, struct ledger_check *check, char **cause)
{
	const struct db_query q = {
		.sql = "SELECT a.tbl, a.key, CASE WHEN r.hash IS NULL "
		    "THEN 'added' ELSE 'edited' END, r.seq "
		    "FROM temp.ledger_actual a LEFT JOIN temp.ledger_replay r "
		    "ON r.tbl = a.tbl AND r.key = a.key "
		    "WHERE r.hash IS NOT a.hash "
		    "UNION ALL "
		    "SELECT r.tbl, r.key, 'deleted', r.seq "
		    "FROM temp.ledger_replay r WHERE NOT EXISTS (SELECT 1 "
		    "FROM temp.ledger_actual a WHERE a.tbl = r.tbl AND "
		    "a.key = r.key) ORDER BY 1, 2",
		.row = ledger_judge_row,
		.arg = check,
		.what = "comparing the log with the tables"
	};

	if (db_query_ints(db, "SELECT count(*) FROM temp.ledger_actual", 0, 0,
	    &check->rows, NULL, cause) == -1)
		return -1;
	return db_foreach(db, &q, cause);
}

int
ledger_verify(struct db *db, struct ledger_check *check, char **cause)
{
	int rc = -1;

	check->rows = check->bad = 0;
	check->baseline = 0;
	if (ledger_functions(db, cause) == -1 ||
	    db_exec(db, "CREATE TEMP TABLE ledger_replay (tbl TEXT NOT NULL, "
	    "key TEXT NOT NULL, hash TEXT NOT NULL, seq INTEGER NOT NULL, "
	    "PRIMARY KEY (tbl, key)); CREATE TEMP TABLE ledger_actual ("
	    "tbl TEXT NOT NULL, key TEXT NOT NULL, hash TEXT NOT NULL, "
	    "PRIMARY KEY (tbl, key))", cause) == -1)
		return -1;
	if (db_exec(db, "BEGIN", cause) == -1)
		goto out;
	if (ledger_replay(db, check, cause) == 0 &&
	    ledger_actual(db, cause) == 0 &&
	    ledger_compare(db, check, cause) == 0)
		rc = 0;
	db_rollback(db);
out:
	sqlite3_exec(db->h, "DROP TABLE temp.ledger_replay; "
	    "DROP TABLE temp.ledger_actual", NULL, NULL, NULL);
	return rc;
}
