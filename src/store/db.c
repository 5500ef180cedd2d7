/* db: the one owner of opening the SQLite database, and small statement helpers. */
#include "db.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "strbuf.h"
#include "xmem.h"

char *
db_error(struct db *db, const char *what)
{
	return xasprintf("%s: %s", what, sqlite3_errmsg(db->h));
}

/* Create an empty private file (and its folder) for SQLite to fill. */
static int
db_create_file(const char *path, char **cause)
{
	char *dir = paths_dirname(path);
	int fd, rc;

	rc = paths_mkdir_private(dir, cause);
	free(dir);
	if (rc == -1)
		return -1;
	if ((fd = paths_create_private(path, cause)) != -1) {
		close(fd);
		return 0;
	}
	if (errno != EEXIST)
		return -1;
	free(*cause);	/* there already: SQLite opens it */
	*cause = NULL;
	return 0;
}

/* Opt-in statement timing for tuning: KPIDESK_SQL_PROFILE=1. */
#define DB_PROFILE_SLOTS 64
struct db_profile {
	struct {
		char		*sql;
		uint64_t	 ns;
		uint64_t	 runs;
	} slot[DB_PROFILE_SLOTS];
};

static int
db_profile_cb(unsigned type, void *arg, void *p, void *x)
{
	struct db_profile *prof = arg;
	const char *sql = sqlite3_sql(p);
	size_t i;

	if (type != SQLITE_TRACE_PROFILE || sql == NULL)
		return 0;
	for (i = 0; i < DB_PROFILE_SLOTS; i++) {
		if (prof->slot[i].sql == NULL)
			prof->slot[i].sql = xstrndup(sql, 100);
		if (strncmp(prof->slot[i].sql, sql, 100) == 0) {
			prof->slot[i].ns += *(sqlite3_uint64 *)x;
			prof->slot[i].runs++;
			break;
		}
	}
	return 0;
}

static void
db_profile_print(struct db_profile *prof)
{
	size_t i;

	for (i = 0; i < DB_PROFILE_SLOTS && prof->slot[i].sql != NULL; i++) {
		if (prof->slot[i].ns >= 1000000)
			fprintf(stderr, "sql %8.1f ms %9llu runs  %s\n",
			    (double)prof->slot[i].ns / 1e6,
			    (unsigned long long)prof->slot[i].runs,
			    prof->slot[i].sql);
		free(prof->slot[i].sql);
	}
	free(prof);
}

static int
db_pragmas(struct db *db, char **cause)
{
	/* 16 KiB pages for a new database (a no-op for an existing one; it
	 * must come before WAL mode writes the header): an import writes a
	 * quarter of the pages a 4 KiB size gives, with as many fewer
	 * system calls, and scans of the order lines read fewer pages. */
	static const char rw[] =
	    "PRAGMA page_size = 16384;"
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;";
	/* A 16 MiB page cache keeps what the KPIs and screens read in
	 * memory while the whole process stays well under its 64 MiB target.
	 * An import sets a smaller one for its duration (import.c). */
	static const char all[] =
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA trusted_schema = OFF;"
	    "PRAGMA temp_store = MEMORY;"
	    "PRAGMA cache_size = -16384;";

	sqlite3_busy_timeout(db->h, 10000);
	if (db_exec(db, all, cause) == -1)
		return -1;
	if (!db->readonly && db_exec(db, rw, cause) == -1)
		return -1;
	return 0;
}

/* The warning for a database, -wal or -shm file that group or others may
 * read or write, naming them and the fix; NULL when there is none. */
static char *
db_mode_warning(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	struct strbuf names, fix;
	struct stat sb;
	char *file, *w = NULL;
	size_t i;

	strbuf_init(&names);
	strbuf_init(&fix);
	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		file = xasprintf("%s%s", path, suffix[i]);
		if (lstat(file, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
			strbuf_printf(&names, "%s%s (%04o)",
			    names.len > 0 ? ", " : "", file,
			    (unsigned)(sb.st_mode & 07777));
			strbuf_printf(&fix, " '%s'", file);
		}
		free(file);
	}
	if (names.len > 0)
		w = xasprintf("warning: the database is open to group or "
		    "others: %s; make it private with: chmod 600%s",
		    strbuf_str(&names), strbuf_str(&fix));
	strbuf_free(&names);
	strbuf_free(&fix);
	return w;
}

int
db_open(const char *path, int flags, db_migrate_fn migrate, struct db **out,
    char **cause)
{
	struct db *db;
	struct stat sb;
	int oflags, exists;

	*out = NULL;
	if ((exists = paths_exists(path, cause)) == -1)
		return -1;
	if (exists == 1 && !(flags & DB_CREATE)) {
		*cause = xasprintf("no database at %s: create one with "
		    "'kpidesk init --admin NAME' or point --db at it", path);
		return -1;
	}
	if (exists == 1 && db_create_file(path, cause) == -1)
		return -1;
	if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("%s is not a regular file (a symbolic "
		    "link?): give the real path", path);
		return -1;
	}

	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->anchor_fd = -1;
	db->readonly = (flags & DB_READONLY) != 0;
	oflags = db->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		*cause = xasprintf("cannot open database %s: %s", path,
		    db->h != NULL ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (getenv("KPIDESK_SQL_PROFILE") != NULL) {
		db->profile = xcalloc(1, sizeof *db->profile);
		sqlite3_trace_v2(db->h, SQLITE_TRACE_PROFILE, db_profile_cb,
		    db->profile);
	}
	if (db_pragmas(db, cause) == -1 ||
	    (migrate != NULL && migrate(db, cause) == -1))
		goto fail;
	db->warning = db_mode_warning(path);
	*out = db;
	return 0;
fail:
	db_close(db);
	return -1;
}

void
db_close(struct db *db)
{
	char *cause = NULL;

	if (db == NULL)
		return;
	if (db->h != NULL)
		db_rollback(db);
	/* Rows written outside a transaction are still to be recorded. */
	if (db->h != NULL && db->before_commit != NULL &&
	    db->before_commit(db, &cause) == -1) {
		free(cause);
		cause = NULL;
	}
	if (db->h != NULL && db->after_commit != NULL &&
	    db->after_commit(db, &cause) == -1)
		free(cause);
	free(db->anchor_pending);
	if (db->anchor_fd != -1)
		close(db->anchor_fd);
	free(db->last_actor);
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	if (db->profile != NULL)
		db_profile_print(db->profile);
	free(db->warning);
	free(db->path);
	free(db);
}

int
db_exec(struct db *db, const char *sql, char **cause)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		*cause = xasprintf("database %s: %s", db->path,
		    msg != NULL ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
db_prepare(struct db *db, const char *sql, sqlite3_stmt **stmt, char **cause)
{
	if (sqlite3_prepare_v2(db->h, sql, -1, stmt, NULL) != SQLITE_OK) {
		*cause = db_error(db, "preparing a statement");
		*stmt = NULL;
		return -1;
	}
	return 0;
}

void
db_bind_texts(sqlite3_stmt *stmt, ...)
{
	const char *s;
	va_list ap;
	int i = 1;

	va_start(ap, stmt);
	while ((s = va_arg(ap, const char *)) != NULL)
		sqlite3_bind_text(stmt, i++, s, -1, SQLITE_TRANSIENT);
	va_end(ap);
}

int
db_step_done(struct db *db, sqlite3_stmt *stmt, char **cause)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		*cause = db_error(db, "writing to the database");
		return -1;
	}
	return 0;
}

int
db_step_row(struct db *db, sqlite3_stmt *stmt, const char *what,
    char **cause)
{
	int rc = sqlite3_step(stmt);
	char buf[96];

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	snprintf(buf, sizeof buf, "reading %s", what);
	*cause = db_error(db, buf);
	return -1;
}

int
db_query_ints(struct db *db, const char *sql, int64_t a, int64_t b,
    int64_t *x, int64_t *y, char **cause)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (db_prepare(db, sql, &st, cause) == -1)
		return -1;
	/* Binding a parameter the statement lacks is a harmless no-op. */
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*x = sqlite3_column_int64(st, 0);
		if (y != NULL)
			*y = sqlite3_column_int64(st, 1);
		rc = 0;
	} else
		*cause = db_error(db, "reading the database");
	sqlite3_finalize(st);
	return rc;
}

int
db_foreach(struct db *db, const struct db_query *q, char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (db_prepare(db, q->sql, &st, cause) == -1)
		return -1;
	for (i = 0; i < q->n_ints; i++)
		sqlite3_bind_int64(st, (int)i + 1, q->ints[i]);
	if (q->bind != NULL)
		q->bind(st, q->arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (q->row(st, q->arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		*cause = db_error(db, q->what);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
db_begin(struct db *db, char **cause)
{
	return db_exec(db, "BEGIN IMMEDIATE", cause);
}

int
db_commit(struct db *db, char **cause)
{
	if (db->before_commit != NULL && db->before_commit(db, cause) == -1) {
		db_rollback(db);
		return -1;
	}
	if (db->commit_lock != NULL)
		db->commit_lock(db, 1);
	if (db_exec(db, "COMMIT", cause) == -1) {
		db_rollback(db);
		if (db->commit_lock != NULL)
			db->commit_lock(db, 0);
		return -1;
	}
	if (db->after_commit != NULL)
		return db->after_commit(db, cause);
	return 0;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int
db_end(struct db *db, int rc, char **cause)
{
	if (rc == 0)
		return db_commit(db, cause);
	db_rollback(db);
	return -1;
}

int
db_setting(struct db *db, const char *key, char **value, char **cause)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (db_prepare(db, "SELECT value FROM settings WHERE key = ?1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
		rc = 0;
		break;
	case SQLITE_DONE:
		*cause = xasprintf("setting %s is not set", key);
		break;
	default:
		*cause = db_error(db, "reading settings");
		break;
	}
	sqlite3_finalize(st);
	return rc;
}

int64_t
db_setting_int(struct db *db, const char *key, int64_t def)
{
	char *value = NULL, *cause = NULL, *end;
	long long v;

	if (db_setting(db, key, &value, &cause) == -1) {
		free(cause);
		return def;
	}
	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0')
		v = def;
	free(value);
	return v;
}

int
db_setting_set(struct db *db, const char *key, const char *value, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "INSERT INTO settings (key, value) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", &st,
	    cause) == -1)
		return -1;
	db_bind_texts(st, key, value, (const char *)NULL);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	return rc;
}
