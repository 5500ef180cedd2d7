/* sources: named SQL sources and their saved queries. */
#include "sources.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "read_sql_impl.h"
#include "reader.h"
#include "users.h"
#include "xmem.h"

#define SOURCES_NAME_MAX	32
#define SOURCES_SQL_MAX		(64 * 1024)

int
sources_is_name(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-");

	return n > 0 && n <= SOURCES_NAME_MAX && s[n] == '\0';
}

/* -1 and *cause unless name is a valid name for what. */
static int
sources_check_name(const char *name, const char *what, char **cause)
{
	if (sources_is_name(name))
		return 0;
	*cause = xasprintf("a %s name is 1 to %d of a-z, 0-9, _ and -",
	    what, SOURCES_NAME_MAX);
	return -1;
}

/* An audited admin change to the sources (users_admin_exec). */
static int
sources_change(struct db *db, const char *actor, const char *sql,
    const char *const *texts, const char *action, const char *object,
    const char *details, char **cause)
{
	struct users_exec x = { sql, texts, 1, "source", action, object,
	    details };

	return users_admin_exec(db, actor, &x, cause);
}

int
sources_add(struct db *db, const char *actor, const char *name,
    const char *uri, char **cause)
{
	const char *texts[] = { name, uri, actor, NULL };

	if (sources_check_name(name, "source", cause) == -1)
		return -1;
	if (reader_sql_engine(uri) == NULL || strchr(uri, ':') == NULL) {
		*cause = xstrdup("a source's URI is sqlite:PATH, "
		    "postgresql://... or mysql://... (mariadb://...)");
		return -1;
	}
	/* The same refusal as at import: no secret is ever stored. */
	if (read_sql_uri_has_password(uri, "the source", cause))
		return -1;
	return sources_change(db, actor, "INSERT INTO sources (name, uri, "
	    "created_by, created_at) VALUES (?1, ?2, ?3, "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT (name) DO "
	    "UPDATE SET uri = excluded.uri, created_by = excluded.created_by, "
	    "created_at = excluded.created_at", texts, "source.add", name,
	    uri, cause);
}

int
sources_remove(struct db *db, const char *actor, const char *name,
    char **cause)
{
	const char *texts[] = { name, NULL };

	return sources_change(db, actor, "DELETE FROM sources WHERE name = ?1",
	    texts, "source.remove", name, "", cause);
}

int
sources_save_query(struct db *db, const char *actor, const char *name,
    const char *qname, const char *sql, char **cause)
{
	const char *texts[] = { name, qname, sql, actor, NULL };
	char *object;
	int rc;

	if (sources_check_name(qname, "query", cause) == -1)
		return -1;
	if (*sql == '\0' || strlen(sql) > SOURCES_SQL_MAX) {
		*cause = xasprintf("a saved query is 1 to %d bytes",
		    SOURCES_SQL_MAX);
		return -1;
	}
	object = xasprintf("%s/%s", name, qname);
	/* The INSERT ... SELECT touches no row when the source is unknown. */
	rc = sources_change(db, actor, "INSERT INTO source_queries (source, "
	    "name, sql, saved_by, saved_at) SELECT name, ?2, ?3, ?4, "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM sources WHERE "
	    "name = ?1 ON CONFLICT (source, name) DO UPDATE SET "
	    "sql = excluded.sql, saved_by = excluded.saved_by, "
	    "saved_at = excluded.saved_at", texts, "source.query", object,
	    sql, cause);
	free(object);
	return rc;
}

/* What the list walks share. */
struct sources_walk {
	int	(*fn)(const struct sources_item *, void *);
	void	 *arg;
};

static const char *
sources_col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL ? s : "";
}

static int
sources_row(sqlite3_stmt *st, void *arg)
{
	struct sources_walk *w = arg;
	struct sources_item it = { sources_col(st, 0), sources_col(st, 1),
	    sources_col(st, 2), sources_col(st, 3) };

	return w->fn(&it, w->arg);
}

int
sources_list(struct db *db, int (*fn)(const struct sources_item *, void *),
    void *arg, char **cause)
{
	struct sources_walk w = { fn, arg };
	const struct db_query q = {
		.sql = "SELECT name, uri, created_by, created_at FROM sources "
		    "ORDER BY name",
		.row = sources_row,
		.arg = &w,
		.what = "reading the sources"
	};

	return db_foreach(db, &q, cause);
}

static void
sources_bind_name(sqlite3_stmt *st, void *arg)
{
	sqlite3_bind_text(st, 1, ((const char **)arg)[0], -1, SQLITE_STATIC);
}

/* What sources_queries' bind and row callbacks share. */
struct sources_qwalk {
	const char		*name;	/* first: sources_bind_name reads it */
	struct sources_walk	 w;
};

static int
sources_qrow(sqlite3_stmt *st, void *arg)
{
	return sources_row(st, &((struct sources_qwalk *)arg)->w);
}

int
sources_queries(struct db *db, const char *name,
    int (*fn)(const struct sources_item *, void *), void *arg, char **cause)
{
	struct sources_qwalk qw = { name, { fn, arg } };
	const struct db_query q = {
		.sql = "SELECT name, sql, saved_by, saved_at FROM "
		    "source_queries WHERE source = ?1 ORDER BY name",
		.bind = sources_bind_name,
		.row = sources_qrow,
		.arg = &qw,
		.what = "reading the saved queries"
	};

	return db_foreach(db, &q, cause);
}

/* The first column of sql's row for (a, b) in *out; -1 and *cause with
 * missing when there is none. */
static int
sources_get(struct db *db, const char *sql, const char *a, const char *b,
    char **out, char *missing, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st, cause) == -1) {
		free(missing);
		return -1;
	}
	db_bind_texts(st, a, b, (const char *)NULL);
	rc = db_step_row(db, st, "the sources", cause);
	if (rc == 1)
		*out = xstrdup(sources_col(st, 0));
	if (rc == 0)
		*cause = missing;
	else
		free(missing);
	sqlite3_finalize(st);
	return rc == 1 ? 0 : -1;
}

int
sources_uri(struct db *db, const char *name, char **uri, char **cause)
{
	return sources_get(db, "SELECT uri FROM sources WHERE name = ?1",
	    name, NULL, uri, xasprintf("no source named '%s': see 'kpidesk "
	    "source list'", name), cause);
}

int
sources_query(struct db *db, const char *name, const char *qname,
    char **sql, char **cause)
{
	return sources_get(db, "SELECT sql FROM source_queries WHERE "
	    "source = ?1 AND name = ?2", name, qname, sql,
	    xasprintf("source %s has no query named %s: see 'kpidesk source "
	    "queries %s'", name, qname, name), cause);
}
