/* export_write: the approved workbook written, recorded and placed, and a
 * past export rebuilt and compared (the export module, export.h). */
#include "export.h"

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "datetime.h"
#include "db.h"
#include "export_file.h"
#include "export_impl.h"
#include "paths.h"
#include "settings.h"
#include "snapshot.h"
#include "users.h"
#include "xmem.h"

void
export_result_free(struct export_result *res)
{
	free(res->path);
	memset(res, 0, sizeof *res);
}


/* The output path for s: out_path, or the default in the export folder
 * (created 0700). Caller frees *path and *dir. */
static int
export_target(struct db *db, const struct export_summary *s,
    const char *out_path, char **path, char **dir, char **cause)
{
	struct stat sb;

	*path = *dir = NULL;
	if (out_path != NULL) {
		*path = xstrdup(out_path);
		*dir = paths_dirname(out_path);
		if (stat(*dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
			*cause = xasprintf("folder %s does not exist: create it "
			    "or choose another --out", *dir);
			return -1;
		}
		return 0;
	}
	if (export_default_path(db, s->as_of_text, path, dir, cause) == -1 ||
	    paths_mkdir_private(*dir, cause) == -1)
		return -1;
	return 0;
}

int
export_default_path(struct db *db, const char *as_of_text, char **path,
    char **dir, char **cause)
{
	char *setting = NULL, *base;

	*path = *dir = NULL;
	if (settings_text(db, SET_EXPORT_DIR, &setting, cause) == -1)
		return -1;
	if (setting[0] == '/')
		*dir = setting;
	else {
		base = paths_dirname(db->path);
		*dir = xasprintf("%s/%s", base, setting);
		free(base);
		free(setting);
	}
	*path = xasprintf("%s/Customer_Order_Report_%s.xlsx", *dir,
	    as_of_text);
	return 0;
}

/* Mark the request exported, insert the exports row, audit. */
static int
export_record_tx(struct db *db, const struct export_summary *s,
    struct export_result *res, int64_t now, char **cause)
{
	char ts[21], *details;
	sqlite3_stmt *st;
	int rc;

	datetime_format_utc(now, ts);
	if (users_require(db, s->requested_by, ROLE_ANALYST, cause) == -1)
		return -1;
	if (db_prepare(db, "UPDATE export_requests SET status = 'exported' "
	    "WHERE id = ?1 AND status = 'approved'", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, s->id);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	if (rc == -1)
		return -1;
	if (sqlite3_changes(db->h) != 1) {
		*cause = xasprintf("export request %lld was used meanwhile",
		    (long long)s->id);
		return -1;
	}
	if (db_prepare(db, "INSERT INTO exports (request_id, as_of, path, "
	    "sha256, bytes, requested_by, approved_by, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_text(st, 2, s->as_of_text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, res->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, res->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, res->bytes);
	sqlite3_bind_text(st, 6, s->requested_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, s->approved_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, ts, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	if (rc == -1)
		return -1;
	res->export_id = sqlite3_last_insert_rowid(db->h);
	details = xasprintf("request=%lld as_of=%s sha256=%s bytes=%lld "
	    "approved_by=%s", (long long)s->id, s->as_of_text, res->sha256,
	    (long long)res->bytes, s->approved_by);
	rc = audit_append(db, s->requested_by, "export.write", res->path,
	    details, cause);
	free(details);
	return rc;
}

/* export_record_tx in one transaction. */
static int
export_record(struct db *db, const struct export_summary *s,
    struct export_result *res, int64_t now, char **cause)
{
	if (db_begin(db, cause) == -1)
		return -1;
	return db_end(db, export_record_tx(db, s, res, now, cause), cause);
}

/* Take back the record of an export that could not be placed: the request
 * is approved again (the audit log keeps both entries). */
static void
export_unrecord(struct db *db, const struct export_summary *s,
    int64_t export_id)
{
	static const char *const sql[] = {
		"DELETE FROM exports WHERE id = ?1",
		"UPDATE export_requests SET status = 'approved' WHERE id = ?2",
	};
	char *ignore = NULL;
	sqlite3_stmt *st;
	size_t i;

	if (db_begin(db, &ignore) == -1) {
		free(ignore);
		return;
	}
	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if (db_prepare(db, sql[i], &st, &ignore) == -1)
			break;
		sqlite3_bind_int64(st, 1, export_id);
		sqlite3_bind_int64(st, 2, s->id);
		if (db_step_done(db, st, &ignore) == -1) {
			sqlite3_finalize(st);
			break;
		}
		sqlite3_finalize(st);
	}
	if (i < sizeof sql / sizeof sql[0] || db_commit(db, &ignore) == -1)
		db_rollback(db);
	free(ignore);
}

int
export_write(struct db *db, int64_t id, const char *out_path,
    int overwrite, int64_t now, struct export_result *res, char **cause)
{
	struct export_summary s;
	char *path = NULL, *dir = NULL, *tmpdir = NULL, *file = NULL;
	char *why = NULL, resolved[PATH_MAX];
	const char *base;
	int rc = -1, r;

	memset(res, 0, sizeof *res);
	if (export_load_row(db, id, &s, cause) == -1)
		return -1;
	if (export_check_state(db, &s, "approved", s.requested_by, now,
	    cause) == -1)
		goto out;
	if ((r = export_recheck(db, &s, &why, cause)) == -1)
		goto out;
	if (r == 1) {
		export_refuse(db, id, s.requested_by, "refused", "data changed",
		    xasprintf("%s: request the export again", why), cause);
		goto out;
	}
	if (export_target(db, &s, out_path, &path, &dir, cause) == -1)
		goto out;
	/* Refuse early what the final move would refuse anyway. */
	if (export_file_check(path, overwrite, &res->exists, &why) == -1) {
		export_refuse(db, id, s.requested_by, NULL, "output path", why,
		    cause);
		why = NULL;
		goto out;
	}
	if (export_file_build(db, &s, dir, &tmpdir, &file, res->sha256,
	    &res->bytes, cause) == -1)
		goto out;
	/* The workbook must show the data the approval was for. */
	if ((r = export_recheck(db, &s, &why, cause)) == -1)
		goto out;
	if (r == 1) {
		export_refuse(db, id, s.requested_by, "refused", "data changed",
		    xasprintf("%s while the workbook was written: request the "
		    "export again", why), cause);
		goto out;
	}
	/*
	 * Recorded before it is placed: a kill between the two leaves a
	 * record whose workbook `history reexport` rebuilds byte for byte,
	 * never a workbook under the final name that nothing records.
	 */
	base = strrchr(path, '/');
	res->path = realpath(dir, resolved) != NULL ? xasprintf("%s/%s",
	    resolved, base != NULL ? base + 1 : path) : xstrdup(path);
	if (export_record(db, &s, res, now, cause) == -1)
		goto out;
	if (export_file_place(file, path, dir, overwrite, &res->exists, &why) ==
	    -1) {
		export_unrecord(db, &s, res->export_id);
		export_refuse(db, id, s.requested_by, NULL, "output path", why,
		    cause);
		why = NULL;
		goto out;
	}
	rc = 0;
out:
	if (tmpdir != NULL)
		export_file_remove_tmp(tmpdir);
	free(why);
	free(tmpdir);
	free(file);
	free(path);
	free(dir);
	export_summary_free(&s);
	if (rc == -1) {
		free(res->path);
		res->path = NULL;
	}
	return rc;
}

int
export_of_day(struct db *db, const char *day, int64_t want, int64_t *id,
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (db_prepare(db, "SELECT max(id) FROM exports WHERE as_of = ?1 AND "
	    "(?2 = 0 OR id = ?2)", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, want);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		*cause = db_error(db, "looking for the exports of a day");
		return -1;
	}
	if (*id != 0)
		return 0;
	if (want != 0)
		*cause = xasprintf("there is no export %lld of %s: see "
		    "'kpidesk history show %s'", (long long)want, day, day);
	else
		*cause = xasprintf("no export was made of %s: see 'kpidesk "
		    "history show %s'", day, day);
	return -1;
}

/* The request and recorded SHA-256 of export export_id. */
static int
export_recorded(struct db *db, int64_t export_id, int64_t *req,
    char recorded[HASH_HEXLEN + 1], char **cause)
{
	sqlite3_stmt *st;

	*req = 0;
	if (db_prepare(db, "SELECT request_id, sha256 FROM exports "
	    "WHERE id = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, export_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*req = sqlite3_column_int64(st, 0);
		snprintf(recorded, HASH_HEXLEN + 1, "%s",
		    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (*req == 0) {
		*cause = xasprintf("there is no export %lld: see 'kpidesk "
		    "history show DAY'", (long long)export_id);
		return -1;
	}
	return 0;
}

int
export_rebuild(struct db *db, int64_t export_id, const char *out_path,
    struct export_result *res, int *same, char **why, char **cause)
{
	struct export_summary s;
	char recorded[HASH_HEXLEN + 1], hex[HASH_HEXLEN + 1];
	char *parent = NULL, *tmpdir = NULL, *file = NULL;
	const char *env;
	int64_t req;
	int rc = -1, intact;

	*same = 0;
	*why = NULL;
	memset(res, 0, sizeof *res);
	if (export_recorded(db, export_id, &req, recorded, cause) == -1 ||
	    export_load(db, req, &s, cause) == -1)
		return -1;
	if (out_path != NULL) {
		parent = paths_dirname(out_path);
		if (export_file_check(out_path, 0, &res->exists, cause) == -1)
			goto out;
	} else {
		if ((env = getenv("TMPDIR")) == NULL || *env != '/')
			env = "/tmp";
		parent = xstrdup(env);
	}
	if (export_file_build(db, &s, parent, &tmpdir, &file, res->sha256,
	    &res->bytes, cause) == -1)
		goto out;
	*same = strcmp(res->sha256, recorded) == 0;
	if (!*same) {
		/* Say why: the snapshot retaken or edited, or the lines. */
		export_params_hash(&s, hex);
		if (snapshot_intact(db, &s.snap, &intact, cause) == -1)
			goto out;
		if (!intact)
			*why = xasprintf("the snapshot of %s no longer hashes "
			    "to its recorded content hash: run 'kpidesk "
			    "history verify %s'", s.as_of_text, s.as_of_text);
		else if (strcmp(hex, s.params_hash) != 0)
			*why = xasprintf("the snapshot of %s was retaken or its "
			    "inputs changed after the export", s.as_of_text);
		else
			*why = xasprintf("the order lines or customers of %s "
			    "changed: run 'kpidesk history verify %s'",
			    s.as_of_text, s.as_of_text);
	}
	if (out_path != NULL) {
		if (export_file_place(file, out_path, parent, 0, &res->exists,
		    cause) == -1)
			goto out;
		res->path = xstrdup(out_path);
	}
	rc = 0;
out:
	if (tmpdir != NULL)
		export_file_remove_tmp(tmpdir);
	free(tmpdir);
	free(file);
	free(parent);
	export_summary_free(&s);
	if (rc == -1) {
		free(*why);
		*why = NULL;
	}
	return rc;
}

int
export_write_as(struct db *db, int64_t id, const char *actor,
    const char *out_path, int overwrite, int64_t now,
    struct export_result *res, char **cause)
{
	struct export_summary s;
	int mine;

	memset(res, 0, sizeof *res);
	if (export_load_row(db, id, &s, cause) == -1)
		return -1;
	mine = strcmp(actor, s.requested_by) == 0;
	if (!mine)
		export_refuse(db, id, actor, NULL, "not the requester",
		    xasprintf("export request %lld was made by %s: only they "
		    "may write it; make your own request", (long long)id,
		    s.requested_by), cause);
	export_summary_free(&s);
	if (!mine)
		return -1;
	return export_write(db, id, out_path, overwrite, now, res, cause);
}
