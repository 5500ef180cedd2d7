/*
 * import: the batch's lifecycle. One file (or SQL source) becomes one batch
 * in one transaction: the upload policy, the batch record, the rows (the
 * row paths are in import_rows.c), the reject threshold, the checks, the
 * proof, the audit entry and the snapshot; and later accept or discard.
 */
#include "import.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "checks.h"
#include "datetime.h"
#include "db.h"
#include "import_impl.h"
#include "json.h"
#include "paths.h"
#include "reader.h"
#include "rejects.h"
#include "rules.h"
#include "settings.h"
#include "snapshot.h"
#include "strbuf.h"
#include "text.h"
#include "totals.h"
#include "users.h"
#include "xmem.h"

struct import_ctx {
	struct db			*db;
	const struct import_opts	*opts;
	struct import_result		*res;
	struct checks_input		 in;
	struct import_rows		*rows;
	struct reader_sql_info		 sql;	/* an SQL source's, else 0 */
};

/* Note an earlier committed batch of the same content (res->sha256). */
static int
import_repeat_of(struct import_ctx *c, char **cause)
{
	sqlite3_stmt *st;

	if (db_prepare(c->db, "SELECT id FROM batches WHERE sha256 = ?1 AND "
	    "kind = ?2 AND status = 'committed' AND id <> ?3 "
	    "ORDER BY id LIMIT 1", &st, cause) == -1)
		return -1;
	db_bind_texts(st, c->res->sha256, c->res->kind, (const char *)NULL);
	sqlite3_bind_int64(st, 3, c->res->batch);
	c->res->repeat_of = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		c->res->repeat_of = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Insert the batch row (status 'pending'); a file's digest comes at the end
 * (import_digest), an SQL source's is known now. */
static int
import_begin_batch(struct import_ctx *c, const char *source, uint64_t size,
    char **cause)
{
	sqlite3_stmt *st;
	char now[21];
	int rc;

	if (import_repeat_of(c, cause) == -1)
		return -1;
	audit_now(now);
	if (db_prepare(c->db, "INSERT INTO batches (kind, source, file_name, "
	    "file_size, sha256, imported_by, imported_at, repeat_of) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, c->res->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->res->file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)size);
	sqlite3_bind_text(st, 5, c->res->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->opts->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if (c->res->repeat_of != 0)
		sqlite3_bind_int64(st, 8, c->res->repeat_of);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	c->res->batch = sqlite3_last_insert_rowid(c->db->h);
	return rc;
}

/* Fill res->reasons from the batch's counts. */
static int
import_reasons(struct db *db, struct import_result *res, char **cause)
{
	sqlite3_stmt *st;
	size_t cap = 0;

	if (db_prepare(db, "SELECT reason, count FROM batch_reasons "
	    "WHERE batch_id = ?1 AND kind = 'rejected' ORDER BY reason", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, res->batch);
	while (sqlite3_step(st) == SQLITE_ROW) {
		res->reasons = xgrow(res->reasons, res->nreasons, &cap,
		    sizeof *res->reasons);
		res->reasons[res->nreasons].reason =
		    xstrdup((const char *)sqlite3_column_text(st, 0));
		res->reasons[res->nreasons++].count =
		    sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Run each of n statements with the batch as ?1. */
static int
import_exec_batch(struct db *db, const char *const *sql, size_t n,
    int64_t batch, char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (db_prepare(db, sql[i], &st, cause) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, batch);
		rc = db_step_done(db, st, cause);
		sqlite3_finalize(st);
	}
	return rc;
}

/* Delete the batch's rows, restore the customer versions it replaced, and
 * take its lines out of the totals (the window's too) when they were
 * counted. */
static int
import_undo_rows(struct db *db, int64_t batch, int counted, char **cause)
{
	static const char *const sql[] = {
		"DELETE FROM order_lines WHERE batch_id = ?1",
		"DELETE FROM customers WHERE from_batch = ?1",
		"UPDATE customers SET to_batch = NULL WHERE to_batch = ?1",
		"UPDATE batches SET status = 'discarded' WHERE id = ?1",
	};

	if (counted && totals_remove(db, batch, cause) == -1)
		return -1;
	if (import_exec_batch(db, sql, sizeof sql / sizeof sql[0], batch,
	    cause) == -1)
		return -1;
	/* Its lines are gone: the window may have moved back. */
	return counted ? totals_window_refresh(db, cause) : 0;
}

/* The rejected rows into the file the analyst asked for, before a
 * discarded batch drops them; a failure is reported, the import goes on. */
static void
import_write_rejects(struct import_ctx *c)
{
	if (c->opts->rejects == NULL)
		return;
	c->res->rejects_written = rejects_write_csv(c->db, c->res->batch,
	    c->opts->rejects, &c->res->rejects_error);
}

/* A discarded batch keeps its counts and checks as evidence, not its rows'
 * issues (a file of empty records would otherwise fill the database). */
static int
import_drop_issues(struct db *db, int64_t batch, char **cause)
{
	static const char *const sql[] = {
		"DELETE FROM row_issues WHERE batch_id = ?1",
		"UPDATE batch_reasons SET kept = 0 WHERE batch_id = ?1",
	};

	return import_exec_batch(db, sql, sizeof sql / sizeof sql[0], batch,
	    cause);
}

/* An SQL source's part of the audit entry: what it was and its query,
 * the text JSON-quoted (one line, nothing raw). */
static void
import_sql_details(struct import_ctx *c, char **details)
{
	const struct reader_sql_info *sql = &c->sql;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_printf(&sb, "%s engine=%s server=", *details, sql->engine);
	json_str(&sb, sql->server != NULL ? sql->server : "");
	strbuf_printf(&sb, " encrypted=%s rows=%llu query_sha256=%s query=",
	    sql->encrypted ? "yes" : "no", (unsigned long long)sql->rows,
	    sql->query_sha256);
	json_str(&sb, c->opts->query);
	free(*details);
	*details = strbuf_detach(&sb);
}

/* What the checks say of an SQL source: the source and its connection. */
static void
import_sql_checks(struct import_ctx *c)
{
	const struct reader_sql_info *sql = &c->sql;

	if (c->opts->query == NULL)
		return;
	c->in.is_sql = 1;
	c->in.sql_encrypted = sql->encrypted;
	c->in.sql_local = sql->local;
	snprintf(c->in.sql_source, sizeof c->in.sql_source, "%s, %s, query "
	    "sha256 %.16s..., %llu rows", c->res->file, sql->server != NULL ?
	    sql->server : "?", sql->query_sha256,
	    (unsigned long long)sql->rows);
	snprintf(c->in.sql_tls, sizeof c->in.sql_tls, "%s", sql->tls != NULL ?
	    sql->tls : "");
}

/* Write the counts and status, the checks, and the audit entry. */
static int
import_finish(struct import_ctx *c, const char *status, char **cause)
{
	struct import_result *res = c->res;
	char *details, object[32], proof[HASH_HEXLEN + 1] = "-";
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(c->db, "UPDATE batches SET rows_read = ?2, "
	    "rows_loaded = ?3, rows_rejected = ?4, rows_duplicate = ?5, "
	    "warnings = ?6, status = ?7, over_threshold_accepted = ?8 "
	    "WHERE id = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, res->batch);
	sqlite3_bind_int64(st, 2, res->read);
	sqlite3_bind_int64(st, 3, res->loaded);
	sqlite3_bind_int64(st, 4, res->rejected);
	sqlite3_bind_int64(st, 5, res->duplicates);
	sqlite3_bind_int64(st, 6, res->warnings);
	sqlite3_bind_text(st, 7, status, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, (c->in.over_threshold || c->in.lost_over) &&
	    c->opts->accept_rejects);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	if (rc == -1 || (strcmp(status, "discarded") != 0 &&
	    import_rows_proof(c->rows, proof, cause) == -1) ||
	    import_rows_reasons(c->rows, cause) == -1 ||
	    checks_build(c->db, res->batch, &c->in, cause) == -1 ||
	    import_reasons(c->db, res, cause) == -1)
		return -1;
	import_write_rejects(c);
	snprintf(object, sizeof object, "batch %lld", (long long)res->batch);
	details = xasprintf("%s sha256=%s proof=%s read=%lld loaded=%lld "
	    "rejected=%lld duplicates=%lld warnings=%lld status=%s%s%s",
	    res->file, res->sha256, proof,
	    (long long)res->read, (long long)res->loaded,
	    (long long)res->rejected, (long long)res->duplicates,
	    (long long)res->warnings, status,
	    res->amount_scope != NULL ? " amount_scope=" : "",
	    res->amount_scope != NULL ? res->amount_scope : "");
	if (c->opts->query != NULL)
		import_sql_details(c, &details);
	rc = audit_append(c->db, c->opts->actor, c->opts->kind ==
	    IMPORT_CUSTOMERS ? "import.customers" : "import.orders",
	    object, details, cause);
	free(details);
	return rc;
}

/* While an SQL source's query runs: the import's progress, which may
 * cancel it (the rows are those received so far). */
static int
import_sql_poll(uint64_t rows, void *arg)
{
	const struct import_opts *o = arg;
	struct import_progress p;

	memset(&p, 0, sizeof p);
	p.rows = (int64_t)rows;
	return o->progress(&p, o->progress_arg);
}

/*
 * Open the input named by opts: a file by extension, or an SQL source. An
 * SQL source's query runs to its end here, into the reader's private copy
 * (read_sql.c), bounded by the setting source_timeout_s: import_run calls
 * this before it takes the write transaction, so a slow query never holds
 * kpidesk's lock. What the source was goes to *sql.
 */
static struct reader *
import_open(struct db *db, const struct import_opts *o,
    struct reader_sql_info *sql, char **cause)
{
	struct reader_sql_opts so;
	struct reader_limits lim;
	struct reader_opts ro;
	const struct reader_fmt *f;
	int fmt;

	reader_limits_default(&lim);
	if (o->query != NULL) {
		/* 1 s to a day: a value outside (edited behind kpidesk's
		 * back) gives the default (settings.c). */
		lim.source_timeout_s = (unsigned)settings_int(db,
		    SET_SOURCE_TIMEOUT_S);
		memset(&so, 0, sizeof so);
		so.uri = o->path;
		so.query = o->query;
		so.password_file = o->source_password_file;
		if (o->progress != NULL) {
			so.poll = import_sql_poll;
			so.poll_arg = (void *)(uintptr_t)o;
		}
		return reader_open_sql(&so, &lim, sql, cause);
	}
	if ((f = import_format_of(o->kind, o->path, cause)) == NULL)
		return NULL;
	fmt = (int)f->format;
	if (o->encoding != NULL && fmt != READER_CSV) {
		*cause = xasprintf("%s: --encoding is for CSV files (XML names "
		    "its encoding in its declaration; XLSX is always Unicode)",
		    paths_basename(o->path));
		return NULL;
	}
	if (o->sheet != NULL && fmt != READER_XLSX) {
		*cause = xasprintf("%s: --sheet is for XLSX workbooks",
		    paths_basename(o->path));
		return NULL;
	}
	/* A pipe has no size to check first: the limit holds as it is read. */
	lim.max_input = (uint64_t)settings_int(db, SET_UPLOAD_MAX_BYTES);
	memset(&ro, 0, sizeof ro);
	ro.jobs = o->jobs != 0 ? o->jobs : import_default_jobs();
	ro.required = o->kind == IMPORT_CUSTOMERS ? rules_customer_columns :
	    rules_order_columns;
	ro.nreq = o->kind == IMPORT_CUSTOMERS ? RULES_CUSTOMER_NCOLS :
	    RULES_ORDER_NCOLS;
	ro.sheet = o->sheet;
	ro.encoding = o->encoding;
	return reader_open(o->path, (enum reader_format)fmt, &lim, &ro, cause);
}

/* batches.source: the format's extension, or "sqlite" for SQL. */
static const char *
import_source(const struct import_opts *o)
{
	const struct reader_fmt *f;

	if (o->query != NULL)
		return "sqlite";
	if (strcmp(o->path, "-") == 0)
		return "xml";
	f = reader_fmt_of_name(o->path);
	return f != NULL ? f->ext : "csv";
}

/*
 * Before the rows: a file's upload policy, on the size of the file that
 * was opened; an SQL source's identity, the SHA-256 of the rows its query
 * returned (the same rows are the same batch) and their bytes.
 */
static int
import_identify(struct db *db, const struct import_opts *o, struct reader *r,
    const struct reader_sql_info *sql, struct import_result *res,
    uint64_t *size, char **cause)
{
	if (o->query == NULL) {
		*size = reader_size(r);
		return import_policy(db, o->path, *size, cause);
	}
	memcpy(res->sha256, sql->digest, sizeof res->sha256);
	*size = sql->bytes;
	if (strcmp(sql->engine, "sqlite") != 0) {
		free(res->file);
		res->file = xstrdup(sql->uri);
	}
	return 0;
}

/* An SQL source's record beside its batch (schema 9). */
static int
import_sql_record(struct import_ctx *c, char **cause)
{
	const struct reader_sql_info *sql = &c->sql;
	sqlite3_stmt *st;
	int rc;

	if (c->opts->query == NULL)
		return 0;
	if (db_prepare(c->db, "UPDATE batches SET source_engine = ?2, "
	    "source_query = ?3, source_query_sha256 = ?4, source_server = ?5, "
	    "source_encrypted = ?6, source_tls = ?7 WHERE id = ?1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->res->batch);
	sqlite3_bind_text(st, 2, sql->engine, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->opts->query, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sql->query_sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, sql->server, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, sql->encrypted != 0);
	if (sql->tls != NULL)
		sqlite3_bind_text(st, 7, sql->tls, -1, SQLITE_STATIC);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

/*
 * How the file was read, for the checks, the screens and the batch: the
 * sheet and header row chosen, title rows skipped, the encoding and the
 * delimiter, or the records' element. Names from the file are cleaned to
 * valid UTF-8 here and sanitized where they are shown.
 */
static int
import_read_as(struct import_ctx *c, struct reader *r, char **cause)
{
	const struct reader_info *ri = reader_info(r);
	struct strbuf sb;
	sqlite3_stmt *st;
	char *name;
	int rc;

	if (c->opts->query != NULL)
		return 0;
	strbuf_init(&sb);
	if (ri->sheet != NULL) {
		name = text_clean(ri->sheet, strlen(ri->sheet), NULL);
		strbuf_printf(&sb, "sheet \"%s\", ", name);
		free(name);
	}
	if (ri->record != NULL) {
		name = text_clean(ri->record, strlen(ri->record), NULL);
		strbuf_printf(&sb, "records <%s>, ", name);
		free(name);
	}
	if (ri->header_line > 0)
		strbuf_printf(&sb, "header on %s %zu, ", ri->sheet != NULL ?
		    "row" : "line", ri->header_line);
	if (ri->title_rows > 0)
		strbuf_printf(&sb, "%zu title row%s above it skipped, ",
		    ri->title_rows, ri->title_rows == 1 ? "" : "s");
	if (ri->delim != '\0')
		strbuf_printf(&sb, "delimiter %s%s, ", ri->delim == '\t' ?
		    "TAB" : (char[]){ '\'', ri->delim, '\'', '\0' },
		    ri->sep_line ? " (from its sep= line)" : "");
	strbuf_printf(&sb, "%s", ri->encoding != NULL ? ri->encoding : "UTF-8");
	c->in.title_rows = (int64_t)ri->title_rows;
	c->in.encoding_given = c->opts->encoding != NULL;
	c->in.is_csv = ri->delim != '\0';
	c->res->read_as = strbuf_detach(&sb);
	snprintf(c->in.read_as, sizeof c->in.read_as, "%s", c->res->read_as);
	if (db_prepare(c->db, "UPDATE batches SET read_as = ?2 WHERE id = ?1",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->res->batch);
	sqlite3_bind_text(st, 2, c->res->read_as, -1, SQLITE_STATIC);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

/* After the rows: a file's SHA-256 is that of the bytes parsed, read
 * through the one descriptor; record it and what it repeats. */
static int
import_digest(struct import_ctx *c, struct reader *r, char **cause)
{
	sqlite3_stmt *st;
	uint64_t size;
	int rc;

	if (c->opts->query != NULL)
		return 0;
	if (reader_digest(r, c->res->sha256, &size, cause) == -1 ||
	    import_repeat_of(c, cause) == -1)
		return -1;
	c->in.size = size;
	if (db_prepare(c->db, "UPDATE batches SET sha256 = ?2, file_size = ?3, "
	    "repeat_of = ?4 WHERE id = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->res->batch);
	sqlite3_bind_text(st, 2, c->res->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)size);
	if (c->res->repeat_of != 0)
		sqlite3_bind_int64(st, 4, c->res->repeat_of);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Customers: a master that supersedes the previous one and leaves orders
 * without the customer they had is counted; above the reject share it is
 * refused like too many rejects. The orders come from customer_totals (one
 * row per mobile), so this costs a lookup per customer the master dropped
 * or changed, never a pass over the order lines.
 */
static int
import_superseded(struct import_ctx *c, char **cause)
{
	struct checks_input *in = &c->in;

	if (db_query_ints(c->db, "SELECT count(*), coalesce(sum(t.orders), 0) "
	    "FROM customer_totals t WHERE t.mobile IN (SELECT mobile FROM "
	    "customers WHERE to_batch = ?1) AND NOT EXISTS (SELECT 1 FROM "
	    "customers n WHERE n.mobile = t.mobile AND n.to_batch IS NULL)",
	    c->res->batch, 0, &in->lost_customers, &in->lost_orders,
	    cause) == -1 ||
	    db_query_ints(c->db, "SELECT coalesce(sum(t.orders), 0) FROM "
	    "customer_totals t WHERE t.mobile IN (SELECT mobile FROM customers "
	    "WHERE from_batch < ?1 AND (to_batch IS NULL OR to_batch = ?1))",
	    c->res->batch, 0, &in->matched_orders, NULL, cause) == -1)
		return -1;
	in->has_lost = 1;
	return 0;
}

/* Why the batch is refused (allocated), or NULL when it stays. */
static char *
import_refusal(struct import_ctx *c)
{
	const struct import_result *res = c->res;
	const struct checks_input *in = &c->in;

	if (in->has_scope && in->scope == RULES_SCOPE_AUTO) {
		c->res->scope_undecided = 1;
		c->res->refusal_fact = xasprintf("the amount scope cannot be "
		    "decided: %lld of %lld orders with two or more lines "
		    "repeat one amount on every line (neither at most half "
		    "nor all); nothing was loaded",
		    (long long)in->scope_repeat, (long long)in->scope_multi);
		return xasprintf("%s. Say how to read total_amount: "
		    "--amount-scope line (each line's own amount) or "
		    "--amount-scope order (the order's total, repeated on its "
		    "lines)", c->res->refusal_fact);
	}
	if (c->opts->accept_rejects)
		return NULL;
	if (in->over_threshold) {
		c->res->over_threshold = 1;
		c->res->refusal_fact = xasprintf("%lld of %lld rows (%.1f%%) "
		    "were rejected, over the %lld%% limit: nothing was "
		    "loaded", (long long)res->rejected, (long long)res->read,
		    100.0 * (double)res->rejected / (double)res->read,
		    (long long)in->threshold_pct);
		return xasprintf("%s; see 'kpidesk check %lld', fix the file, "
		    "or accept with --accept-rejects", res->refusal_fact,
		    (long long)res->batch);
	}
	if (in->lost_over) {
		c->res->over_threshold = 1;
		c->res->refusal_fact = xasprintf("this master leaves %lld "
		    "orders of %lld earlier customers without a customer "
		    "(more than %lld%% of the %lld matched): nothing was "
		    "loaded", (long long)in->lost_orders,
		    (long long)in->lost_customers,
		    (long long)in->threshold_pct,
		    (long long)in->matched_orders);
		return xasprintf("%s; see 'kpidesk check %lld', or accept "
		    "with --accept-rejects", res->refusal_fact,
		    (long long)res->batch);
	}
	return NULL;
}

/* Whether the rejected share is over the threshold. */
static int
import_over_threshold(struct db *db, const struct import_result *res,
    struct checks_input *in)
{
	in->threshold_pct = settings_int(db, SET_REJECT_THRESHOLD_PCT);
	in->over_threshold = res->read > 0 &&
	    res->rejected * 100 > in->threshold_pct * res->read;
	in->lost_over = in->has_lost && in->lost_orders * 100 >
	    in->threshold_pct * in->matched_orders;
	return in->over_threshold;
}

/*
 * A big import writes far more pages than any cache holds, and each goes
 * to the WAL once whatever the cache's size (a 1M-line import reads 6% more
 * pages back with 4 MiB than with 16 MiB), so a small cache during the
 * import costs next to nothing and leaves memory for the checks and the
 * snapshot that follow. The connection's own size comes back after.
 */
#define IMPORT_CACHE	"PRAGMA cache_size = -4096"

static void
import_cache(struct db *db, int64_t *old)
{
	char *cause = NULL;

	if (db_query_ints(db, "PRAGMA cache_size", 0, 0, old, NULL,
	    &cause) == -1 || db_exec(db, IMPORT_CACHE, &cause) == -1) {
		free(cause);	/* only slower: go on */
		*old = 0;
	}
}

static void
import_cache_restore(struct db *db, int64_t old)
{
	char *sql, *cause = NULL;

	if (old == 0)
		return;
	/* A number SQLite gave: PRAGMA takes no parameters. */
	sql = xasprintf("PRAGMA cache_size = %lld", (long long)old);
	if (db_exec(db, sql, &cause) == -1)
		free(cause);
	free(sql);
}

int
import_run(struct db *db, const struct import_opts *opts,
    struct import_result *res, char **cause)
{
	struct import_ctx c;
	struct reader *r = NULL;
	char *tz = NULL;
	uint64_t size = 0;
	int64_t old_cache = 0;
	char *refusal;
	int snap = 0, rc = -1;

	memset(res, 0, sizeof *res);
	memset(&c, 0, sizeof c);
	res->kind = opts->kind == IMPORT_CUSTOMERS ? "customers" : "orders";
	res->file = xstrdup(paths_basename(opts->path));
	c.db = db;
	c.opts = opts;
	c.res = res;
	c.rows = import_rows_new(db, opts, res, &c.in);

	if (settings_text(db, SET_DATA_TZ, &tz, cause) == -1 ||
	    datetime_set_zone(tz, cause) == -1 ||
	    datetime_set_source_zone(opts->source_tz, cause) == -1 ||
	    (opts->query == NULL &&	/* name and extension first */
	    import_policy(db, opts->path, 0, cause) == -1) ||
	    (r = import_open(db, opts, &c.sql, cause)) == NULL ||
	    import_identify(db, opts, r, &c.sql, res, &size, cause) == -1)
		goto fail;
	import_sql_checks(&c);
	c.in.size = size;
	c.in.repeat_of = 0;
	import_cache(db, &old_cache);
	/* Only now, with an SQL source's rows already copied, the lock. */
	if (db_begin(db, cause) == -1)
		goto fail;
	if (users_require(db, opts->actor, ROLE_ANALYST, cause) == -1 ||
	    import_begin_batch(&c, import_source(opts), size, cause) == -1 ||
	    import_sql_record(&c, cause) == -1 ||
	    import_rows_prepare(c.rows, cause) == -1 ||
	    import_rows_read(c.rows, r, size, cause) == -1 ||
	    import_digest(&c, r, cause) == -1 ||
	    import_read_as(&c, r, cause) == -1)
		goto rollback;
	c.in.repeat_of = res->repeat_of;
	if (res->read == 0) {
		*cause = xasprintf("%s has no data rows (it is empty or only a "
		    "header): nothing was loaded%s", strcmp(res->file, "-") ==
		    0 ? "standard input" : res->file,
		    opts->kind == IMPORT_CUSTOMERS ? " and the master was not "
		    "replaced" : "");
		goto rollback;
	}
	if ((opts->kind == IMPORT_CUSTOMERS &&
	    (import_rows_close_missing(c.rows, cause) == -1 ||
	    import_superseded(&c, cause) == -1)) ||
	    (opts->kind == IMPORT_ORDERS &&
	    import_rows_scope(c.rows, cause) == -1))
		goto rollback;
	if (c.in.has_scope && c.in.scope != RULES_SCOPE_AUTO)
		res->amount_scope = rules_scope_name(c.in.scope);
	import_over_threshold(db, res, &c.in);
	if ((refusal = import_refusal(&c)) != NULL) {
		/* Keep the batch, its counts and checks as evidence, no rows. */
		if (import_undo_rows(db, res->batch, 0, cause) == -1 ||
		    import_finish(&c, "discarded", cause) == -1 ||
		    import_drop_issues(db, res->batch, cause) == -1 ||
		    db_commit(db, cause) == -1) {
			free(refusal);
			goto rollback;
		}
		*cause = refusal;
		goto fail;
	}
	if ((opts->kind == IMPORT_ORDERS &&
	    import_rows_totals(c.rows, cause) == -1) ||
	    import_finish(&c, opts->keep_pending ? "pending" : "committed",
	    cause) == -1 ||
	    (!opts->keep_pending && (snap = snapshot_after_commit(db,
	    opts->actor, cause)) != 0) || db_commit(db, cause) == -1)
		goto rollback;
	rc = 0;
	goto out;
rollback:
	db_rollback(db);
	res->batch = 0;
	if (snap == SNAPSHOT_TOTALS_DIFFER)
		snapshot_alert(db, opts->actor, cause);
fail:
out:
	import_rows_free(c.rows);
	import_cache_restore(db, old_cache);
	checks_input_free(&c.in);
	reader_close(r);
	reader_sql_info_free(&c.sql);
	free(tz);
	return rc;
}

unsigned
import_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > IMPORT_MAX_JOBS ? IMPORT_MAX_JOBS : (unsigned)n;
}

void
import_result_free(struct import_result *res)
{
	size_t i;

	for (i = 0; i < res->nreasons; i++)
		free(res->reasons[i].reason);
	free(res->reasons);
	free(res->file);
	free(res->read_as);
	free(res->refusal_fact);
	free(res->rejects_error);
	memset(res, 0, sizeof *res);
}

/* Move a pending batch to committed or discarded, audited. */
static int
import_settle(struct db *db, int64_t batch, const char *actor, int accept,
    char **cause)
{
	sqlite3_stmt *st;
	char object[32];
	int rc, snap = 0;

	if (db_begin(db, cause) == -1)
		return -1;
	if (users_require(db, actor, ROLE_ANALYST, cause) == -1 ||
	    db_prepare(db, "SELECT status FROM batches WHERE id = ?1", &st,
	    cause) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, batch);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st,
	    0), "pending") != 0) {
		*cause = xasprintf("batch %lld is not waiting for a decision",
		    (long long)batch);
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	if (accept) {
		if (db_prepare(db, "UPDATE batches SET status = 'committed' "
		    "WHERE id = ?1", &st, cause) == -1)
			goto fail;
		sqlite3_bind_int64(st, 1, batch);
		rc = db_step_done(db, st, cause);
		sqlite3_finalize(st);
		if (rc == -1 || (snap = snapshot_after_commit(db, actor,
		    cause)) != 0)
			goto fail;
	} else if (import_undo_rows(db, batch, 1, cause) == -1 ||
	    import_drop_issues(db, batch, cause) == -1)
		goto fail;
	snprintf(object, sizeof object, "batch %lld", (long long)batch);
	if (audit_append(db, actor, accept ? "batch.accept" : "batch.discard",
	    object, "", cause) == -1)
		goto fail;
	return db_commit(db, cause);
fail:
	db_rollback(db);
	if (snap == SNAPSHOT_TOTALS_DIFFER)
		snapshot_alert(db, actor, cause);
	return -1;
}

int
import_accept(struct db *db, int64_t batch, const char *actor, char **cause)
{
	return import_settle(db, batch, actor, 1, cause);
}

int
import_discard(struct db *db, int64_t batch, const char *actor, char **cause)
{
	return import_settle(db, batch, actor, 0, cause);
}
