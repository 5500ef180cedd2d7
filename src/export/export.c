/* export: the sheets, the request and its hash, and the four-eyes decision
 * (approve, reject, cancel, pending); writing is export_write.c. */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "auth.h"
#include "checks.h"
#include "datetime.h"
#include "db.h"
#include "export_book.h"
#include "export_impl.h"
#include "kpi.h"
#include "log.h"
#include "settings.h"
#include "snapshot.h"
#include "strbuf.h"
#include "table.h"
#include "users.h"
#include "xmem.h"

#define EXPORT_HASH_LABEL	"kpidesk.export.v1"

/*
 * The canonical text the params hash covers: the request (as_of, who, when,
 * the audit head) and the data (inputs, rows, checks, totals). Values are
 * numbers, hex and user names: no newline can hide in them.
 */
static void
export_canonical(const struct export_summary *s, struct strbuf *sb)
{
	size_t i;

	strbuf_printf(sb, "%s\nas_of=%s\nrequested_by=%s\nrequested_at=%s\n"
	    "audit=%lld %s\nsnapshot=%s\n", EXPORT_HASH_LABEL, s->as_of_text,
	    s->requested_by, s->requested_at, (long long)s->audit_seq,
	    s->audit_hash, s->snap.content_hash);
	for (i = 0; i < s->nbatches; i++)
		strbuf_printf(sb, "batch=%lld %s %s %lld%s%s\n",
		    (long long)s->batches[i].id, s->batches[i].kind,
		    s->batches[i].sha256, (long long)s->batches[i].loaded,
		    s->batches[i].scope[0] != '\0' ? " scope=" : "",
		    s->batches[i].scope);
	/* The KPI rows follow from these data, so they are left out. */
	for (i = EXPORT_CUSTOMERS; i <= EXPORT_CHECKS; i++)
		strbuf_printf(sb, "rows=%s %lld\n",
		    export_sheet_name((enum export_sheet_id)i),
		    (long long)s->rows[i]);
	strbuf_printf(sb, "checks=%lld %lld %lld\nlines=%lld\nrevenue=%lld\n",
	    (long long)s->checks_pass, (long long)s->checks_warn,
	    (long long)s->checks_fail, (long long)s->lines,
	    (long long)s->revenue);
}

void
export_params_hash(const struct export_summary *s,
    char hex[HASH_HEXLEN + 1])
{
	uint8_t h[HASH_LEN];
	struct strbuf sb;

	strbuf_init(&sb);
	export_canonical(s, &sb);
	hash_buf(sb.buf, sb.len, h);
	hash_hex(h, HASH_LEN, hex);
	strbuf_free(&sb);
}

/* What the request row keeps as its readable summary. */
static char *
export_summary_text(const struct export_summary *s)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	strbuf_printf(&sb, "as_of %s\n", s->as_of_text);
	for (i = 1; i < export_sheet_count(); i++)
		strbuf_printf(&sb, "rows %s %lld\n",
		    export_sheet_name(export_sheet_at(i)),
		    (long long)s->rows[export_sheet_at(i)]);
	for (i = 0; i < s->nbatches; i++)
		strbuf_printf(&sb, "input batch %lld %s sha256 %s%s%s\n",
		    (long long)s->batches[i].id, s->batches[i].kind,
		    s->batches[i].sha256, s->batches[i].scope[0] != '\0' ?
		    " amount scope " : "", s->batches[i].scope);
	strbuf_printf(&sb, "checks %lld PASS, %lld WARN, %lld FAIL\n"
	    "audit head %lld %s\n", (long long)s->checks_pass,
	    (long long)s->checks_warn, (long long)s->checks_fail,
	    (long long)s->audit_seq, s->audit_hash);
	return strbuf_detach(&sb);
}

/* How long a request, and then an approval, stays valid, in seconds. */
static int64_t
export_validity(struct db *db)
{
	int64_t m = settings_int(db, SET_APPROVAL_MINUTES);

	return (m < 1 ? 1 : m) * 60;
}

/* Take the snapshot of s's as_of unless the day has one: the workbook
 * shows the day as it is frozen there. */
static int
export_snapshot(struct db *db, const char *actor,
    const struct export_summary *s, char **cause)
{
	int exists, rc;

	if (snapshot_exists(db, s->as_of_text, &exists, cause) == -1)
		return -1;
	if (exists)
		return 0;
	if (db_begin(db, cause) == -1)
		return -1;
	if ((rc = snapshot_take(db, actor, s->as_of, NULL, cause)) != 0) {
		db_rollback(db);
		if (rc == SNAPSHOT_TOTALS_DIFFER)
			snapshot_alert(db, actor, cause);
		return -1;
	}
	return db_commit(db, cause);
}

int
export_request(struct db *db, const char *requester, int32_t as_of,
    int64_t now, struct export_summary *out, char **cause)
{
	char ts[21], object[32], *text = NULL, *details;
	sqlite3_stmt *st = NULL;
	int64_t pending;

	memset(out, 0, sizeof *out);
	/* Early, to spare a refused requester the snapshot; again below. */
	if (users_require(db, requester, ROLE_ANALYST, cause) == -1)
		return -1;
	if ((pending = checks_pending_batch(db, cause)) == -1)
		return -1;
	if (pending != 0) {
		*cause = xasprintf("batch %lld is waiting to be accepted or "
		    "discarded: decide on it before exporting",
		    (long long)pending);
		return -1;
	}
	if (as_of == EXPORT_AS_OF_DEFAULT &&
	    kpi_default_as_of(db, &as_of, cause) == -1)
		return -1;
	out->as_of = as_of;
	datetime_format_day(as_of, out->as_of_text);
	if (export_snapshot(db, requester, out, cause) == -1)
		return -1;
	out->status = xstrdup("pending");
	out->requested_by = xstrdup(requester);
	datetime_format_utc(now, ts);
	out->requested_at = xstrdup(ts);
	out->expires_at = now + export_validity(db);
	if (audit_head(db, &out->audit_seq, out->audit_hash, cause) == -1 ||
	    export_book_measure(db, out, 1, cause) == -1)
		goto fail;
	export_params_hash(out, out->params_hash);
	text = export_summary_text(out);

	if (db_begin(db, cause) == -1)
		goto fail;
	if (users_require(db, requester, ROLE_ANALYST, cause) == -1)
		goto rollback;
	if (db_prepare(db, "INSERT INTO export_requests (as_of, requested_by, "
	    "requested_at, params_hash, summary, status, expires_at, "
	    "audit_seq, audit_hash) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', "
	    "?6, ?7, ?8)", &st, cause) == -1)
		goto rollback;
	db_bind_texts(st, out->as_of_text, requester, out->requested_at,
	    out->params_hash, text, NULL);
	sqlite3_bind_int64(st, 6, out->expires_at);
	sqlite3_bind_int64(st, 7, out->audit_seq);
	sqlite3_bind_text(st, 8, out->audit_hash, -1, SQLITE_STATIC);
	if (db_step_done(db, st, cause) == -1)
		goto rollback;
	out->id = sqlite3_last_insert_rowid(db->h);
	snprintf(object, sizeof object, "request %lld", (long long)out->id);
	details = xasprintf("as_of=%s params=%s audit_seq=%lld",
	    out->as_of_text, out->params_hash, (long long)out->audit_seq);
	if (audit_append(db, requester, "export.request", object, details,
	    cause) == -1) {
		free(details);
		goto rollback;
	}
	free(details);
	if (db_commit(db, cause) == -1)
		goto fail;
	sqlite3_finalize(st);
	free(text);
	return 0;
rollback:
	db_rollback(db);
fail:
	sqlite3_finalize(st);
	free(text);
	export_summary_free(out);
	return -1;
}

static char *
export_col_dup(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL ? xstrdup(s) : NULL;
}

/* Load the stored request only (no data measured). */
int
export_load_row(struct db *db, int64_t id, struct export_summary *s,
    char **cause)
{
	sqlite3_stmt *st;
	const char *v;

	memset(s, 0, sizeof *s);
	if (db_prepare(db, "SELECT as_of, requested_by, requested_at, "
	    "params_hash, status, approved_by, approved_at, expires_at, "
	    "coalesce(audit_seq, 0), coalesce(audit_hash, '') "
	    "FROM export_requests WHERE id = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		*cause = xasprintf("there is no export request %lld",
		    (long long)id);
		return -1;
	}
	s->id = id;
	v = (const char *)sqlite3_column_text(st, 0);
	if (v == NULL || datetime_parse_day(v, &s->as_of) == -1) {
		sqlite3_finalize(st);
		*cause = xasprintf("export request %lld has a malformed as_of",
		    (long long)id);
		return -1;
	}
	datetime_format_day(s->as_of, s->as_of_text);
	s->requested_by = export_col_dup(st, 1);
	s->requested_at = export_col_dup(st, 2);
	snprintf(s->params_hash, sizeof s->params_hash, "%s",
	    (const char *)sqlite3_column_text(st, 3));
	s->status = export_col_dup(st, 4);
	s->approved_by = export_col_dup(st, 5);
	s->approved_at = export_col_dup(st, 6);
	s->expires_at = sqlite3_column_int64(st, 7);
	s->audit_seq = sqlite3_column_int64(st, 8);
	snprintf(s->audit_hash, sizeof s->audit_hash, "%s",
	    (const char *)sqlite3_column_text(st, 9));
	sqlite3_finalize(st);
	if (s->requested_by == NULL || s->requested_at == NULL ||
	    s->status == NULL) {
		*cause = xasprintf("export request %lld is incomplete",
		    (long long)id);
		export_summary_free(s);
		return -1;
	}
	return 0;
}

int
export_load(struct db *db, int64_t id, struct export_summary *out,
    char **cause)
{
	if (export_load_row(db, id, out, cause) == -1)
		return -1;
	if (export_book_measure(db, out, 1, cause) == -1) {
		export_summary_free(out);
		return -1;
	}
	return 0;
}

int
export_load_request(struct db *db, int64_t id, struct export_summary *out,
    char **cause)
{
	return export_load_row(db, id, out, cause);
}

/*
 * Whether the request still stands on the same data and audit chain: 0 if
 * so, 1 with *why (allocated) if not, -1 on error. Measures s afresh.
 */
int
export_recheck(struct db *db, struct export_summary *s, char **why,
    char **cause)
{
	char hex[HASH_HEXLEN + 1];
	sqlite3_stmt *st;
	int same = 0;

	if (s->audit_seq > 0) {
		if (db_prepare(db, "SELECT hash FROM audit_log WHERE seq = ?1",
		    &st, cause) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, s->audit_seq);
		if (sqlite3_step(st) == SQLITE_ROW)
			same = strcmp((const char *)sqlite3_column_text(st, 0),
			    s->audit_hash) == 0;
		sqlite3_finalize(st);
		if (!same) {
			*why = xasprintf("the audit log no longer holds entry "
			    "%lld as it was at the request: run 'kpidesk audit "
			    "verify'", (long long)s->audit_seq);
			return 1;
		}
	}
	if (export_book_measure(db, s, 0, cause) == -1)
		return -1;
	export_params_hash(s, hex);
	if (strcmp(hex, s->params_hash) != 0) {
		*why = xstrdup("the data changed since the request (new or "
		    "changed input files, rows or checks)");
		return 1;
	}
	return 0;
}

/*
 * Refuse: audit "export.refused" by actor with reason, set the request's
 * status when status is not NULL, and put msg in *cause. Returns -1.
 */
int
export_refuse(struct db *db, int64_t id, const char *actor,
    const char *status, const char *reason, char *msg, char **cause)
{
	char object[32], *details, *err = NULL;
	sqlite3_stmt *st;

	snprintf(object, sizeof object, "request %lld", (long long)id);
	details = xasprintf("reason=%s%s%s", reason, status != NULL ?
	    " status=" : "", status != NULL ? status : "");
	if (db_begin(db, &err) == -1)
		goto fail;
	if (status != NULL) {
		if (db_prepare(db, "UPDATE export_requests SET status = ?2 "
		    "WHERE id = ?1", &st, &err) == -1)
			goto rollback;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
		if (db_step_done(db, st, &err) == -1) {
			sqlite3_finalize(st);
			goto rollback;
		}
		sqlite3_finalize(st);
	}
	if (audit_append(db, actor, "export.refused", object, details,
	    &err) == -1)
		goto rollback;
	if (db_commit(db, &err) == -1)
		goto fail;
	free(details);
	*cause = msg;
	return -1;
rollback:
	db_rollback(db);
fail:
	free(details);
	*cause = xasprintf("%s (and recording the refusal failed: %s)", msg,
	    err);
	free(msg);
	free(err);
	return -1;
}

/* Refuse when s's status is not want, or when s has expired at now. */
int
export_check_state(struct db *db, struct export_summary *s, const char *want,
    const char *actor, int64_t now, char **cause)
{
	char until[21];

	if (strcmp(s->status, want) != 0) {
		return export_refuse(db, s->id, actor, NULL, "state",
		    xasprintf("export request %lld is %s, not %s%s", (long long)
		    s->id, s->status, want, strcmp(want, "approved") == 0 ?
		    ": an export needs a second person's approval first" :
		    ": request the export again"), cause);
	}
	if (now >= s->expires_at) {
		datetime_format_utc(s->expires_at, until);
		return export_refuse(db, s->id, actor, "expired", "expired",
		    xasprintf("export request %lld expired at %s: request "
		    "the export again", (long long)s->id, until), cause);
	}
	return 0;
}

/*
 * The rules every decision on request id passes first, each refusal
 * audited: pending and unexpired, the approver's password (a wrong one
 * counts against lockout), the approver role, not the requester. verb
 * ("approve" or "reject") names the decision in the messages. Fills *s
 * (caller frees with export_summary_free, also on -1).
 */
static int
export_decider(struct db *db, int64_t id, const char *approver,
    const char *password, int64_t now, const char *verb,
    struct export_summary *s, char **cause)
{
	struct auth_result res;
	char *msg;

	if (export_load_row(db, id, s, cause) == -1)
		return -1;
	if (export_check_state(db, s, "pending", approver, now, cause) == -1)
		return -1;
	/* The password first: every wrong one counts against lockout. */
	if (auth_login(db, approver, password, now, &res, cause) == -1)
		return -1;
	if (res.status != AUTH_OK) {
		msg = auth_message(&res);
		export_refuse(db, id, approver, NULL, "login", xasprintf(
		    "%s refused for %s: %s", strcmp(verb, "approve") == 0 ?
		    "approval" : "rejection", approver, msg), cause);
		free(msg);
		return -1;
	}
	if ((res.roles & ROLE_APPROVER) == 0)
		return export_refuse(db, id, approver, NULL, "not an approver",
		    xasprintf("%s does not hold the approver role: ask a user "
		    "who does, or an admin to grant it", approver), cause);
	if (strcmp(approver, s->requested_by) == 0)
		return export_refuse(db, id, approver, NULL, "same person",
		    xasprintf("%s requested this export and cannot %s it: "
		    "another person with the approver role must", approver,
		    verb), cause);
	return 0;
}

/* Move pending request id to status for approver with the audit entry
 * action; approved also starts the approval's validity. */
static int
export_decide_tx(struct db *db, const struct export_summary *s,
    const char *approver, const char *status, const char *action,
    int64_t now, char **cause)
{
	char ts[21], object[32], *details;
	sqlite3_stmt *st;
	int r;

	if (users_require(db, approver, ROLE_APPROVER, cause) == -1)
		return -1;
	datetime_format_utc(now, ts);
	if (strcmp(status, "approved") == 0) {
		if (db_prepare(db, "UPDATE export_requests SET status = "
		    "'approved', approved_by = ?2, approved_at = ?3, "
		    "expires_at = ?4 WHERE id = ?1 AND status = 'pending'",
		    &st, cause) == -1)
			return -1;
		sqlite3_bind_text(st, 2, approver, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, ts, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, now + export_validity(db));
	} else if (db_prepare(db, "UPDATE export_requests SET status = "
	    "'refused' WHERE id = ?1 AND status = 'pending'", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, s->id);
	r = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	if (r == -1)
		return -1;
	if (sqlite3_changes(db->h) != 1) {
		*cause = xasprintf("export request %lld was decided meanwhile",
		    (long long)s->id);
		return -1;
	}
	snprintf(object, sizeof object, "request %lld", (long long)s->id);
	details = xasprintf("params=%s requested_by=%s", s->params_hash,
	    s->requested_by);
	r = audit_append(db, approver, action, object, details, cause);
	free(details);
	return r;
}

/* export_decide_tx in one transaction. */
static int
export_decide(struct db *db, const struct export_summary *s,
    const char *approver, const char *status, const char *action,
    int64_t now, char **cause)
{
	if (db_begin(db, cause) == -1)
		return -1;
	return db_end(db, export_decide_tx(db, s, approver, status, action,
	    now, cause), cause);
}

int
export_approve(struct db *db, int64_t id, const char *approver,
    const char *password, int64_t now, char **cause)
{
	struct export_summary s;
	char *why = NULL;
	int rc = -1, r;

	if (export_decider(db, id, approver, password, now, "approve", &s,
	    cause) == -1)
		goto out;
	if ((r = export_recheck(db, &s, &why, cause)) == -1)
		goto out;
	if (r == 1) {
		export_refuse(db, id, approver, "refused", "data changed",
		    xasprintf("%s: request the export again", why), cause);
		free(why);
		goto out;
	}
	rc = export_decide(db, &s, approver, "approved", "export.approve", now,
	    cause);
out:
	export_summary_free(&s);
	return rc;
}

int
export_reject(struct db *db, int64_t id, const char *approver,
    const char *password, int64_t now, char **cause)
{
	struct export_summary s;
	int rc = -1;

	/* No data check: a request on changed data may still be rejected. */
	if (export_decider(db, id, approver, password, now, "reject", &s,
	    cause) == 0)
		rc = export_decide(db, &s, approver, "refused",
		    "export.reject", now, cause);
	export_summary_free(&s);
	return rc;
}

/* Withdraw actor's open request id, with its audit entry. */
static int
export_cancel_tx(struct db *db, int64_t id, const char *actor, char **cause)
{
	char object[32];
	sqlite3_stmt *st;
	int rc;

	if (users_require(db, actor, ROLE_ANALYST, cause) == -1 ||
	    db_prepare(db, "UPDATE export_requests SET status = 'refused' "
	    "WHERE id = ?1 AND status IN ('pending', 'approved') AND "
	    "requested_by = ?2", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	if (rc == -1)
		return -1;
	/* Only the requester withdraws: another analyst could otherwise
	 * cancel a colleague's approved export. */
	if (sqlite3_changes(db->h) != 1) {
		*cause = xasprintf("export request %lld is not an open "
		    "request of %s", (long long)id, actor);
		return -1;
	}
	snprintf(object, sizeof object, "request %lld", (long long)id);
	return audit_append(db, actor, "export.cancel", object, "", cause);
}

int
export_cancel(struct db *db, int64_t id, const char *actor, char **cause)
{
	if (db_begin(db, cause) == -1)
		return -1;
	return db_end(db, export_cancel_tx(db, id, actor, cause), cause);
}

/* Bind the pending filter: ?1 now, ?2 the viewer or NULL. */
static int
export_pending_prepare(struct db *db, const char *sql, const char *viewer,
    int64_t now, sqlite3_stmt **st, char **cause)
{
	if (db_prepare(db, sql, st, cause) == -1)
		return -1;
	sqlite3_bind_int64(*st, 1, now);
	if (viewer != NULL)
		sqlite3_bind_text(*st, 2, viewer, -1, SQLITE_STATIC);
	return 0;
}

#define EXPORT_PENDING_WHERE \
	" FROM export_requests WHERE status = 'pending' AND expires_at > ?1 " \
	"AND (?2 IS NULL OR requested_by <> ?2)"

/* The columns of export_pending. */
static const struct table_colspec export_pending_cols[] = {
	{ "id", TABLE_INT, 0 },
	{ "as_of", TABLE_TEXT, 0 },
	{ "requested_by", TABLE_TEXT, 0 },
	{ "requested_at", TABLE_TEXT, 0 },
	{ "expires_at", TABLE_TEXT, 0 },
	{ NULL, TABLE_TEXT, 0 }
};

int
export_pending(struct db *db, const char *viewer, int64_t now,
    struct table **out, char **cause)
{
	struct table *t = table_create();
	char until[21];
	sqlite3_stmt *st;
	size_t r;
	int rc;

	*out = NULL;
	table_add_cols(t, export_pending_cols);
	if (export_pending_prepare(db, "SELECT id, as_of, requested_by, "
	    "requested_at, expires_at" EXPORT_PENDING_WHERE " ORDER BY id",
	    viewer, now, &st, cause) == -1) {
		table_free(t);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = table_add_row(t);
		table_set_num(t, r, 0, sqlite3_column_int64(st, 0));
		table_set_text(t, r, 1, (const char *)sqlite3_column_text(st,
		    1));
		table_set_text(t, r, 2, (const char *)sqlite3_column_text(st,
		    2));
		table_set_text(t, r, 3, (const char *)sqlite3_column_text(st,
		    3));
		datetime_format_utc(sqlite3_column_int64(st, 4), until);
		table_set_text(t, r, 4, until);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = db_error(db, "listing the pending export requests");
		table_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

int
export_pending_count(struct db *db, const char *viewer, int64_t now,
    int64_t *n, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (export_pending_prepare(db, "SELECT count(*)" EXPORT_PENDING_WHERE,
	    viewer, now, &st, cause) == -1)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		*cause = db_error(db, "counting the pending export requests");
		return -1;
	}
	return 0;
}

int
export_rejected_by(struct db *db, int64_t id, char **who, char **cause)
{
	char object[32];
	sqlite3_stmt *st;
	int rc;

	*who = NULL;
	snprintf(object, sizeof object, "request %lld", (long long)id);
	if (db_prepare(db, "SELECT actor FROM audit_log WHERE action = "
	    "'export.reject' AND object = ?1 ORDER BY seq DESC LIMIT 1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, object, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*who = export_col_dup(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = db_error(db, "reading who rejected an export request");
		return -1;
	}
	return 0;
}
