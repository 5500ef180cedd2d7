/*
 * read_sql: orders from an SQL source - another SQLite database opened
 * read-only, one SELECT the operator gives, rows mapped by column name.
 * The reader interface is the seam for other engines (PostgreSQL) later.
 */
#include "reader.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "datetime.h"
#include "reader_impl.h"
#include "rules.h"
#include "xmem.h"

struct read_sql {
	sqlite3		 *h;
	sqlite3_stmt	 *st;
	size_t		  n;
	int		  time_col;	/* order_date_time, or -1 */
	char		  utc[21];	/* its INTEGER value as ISO 8601 */
	const char	**names;
	const char	**values;
	size_t		 *lens;
	size_t		  max_field;
	size_t		  rows;
};

/* Only reading is allowed: no ATTACH, PRAGMA, writes or schema changes. */
static int
read_sql_authorize(void *arg, int action, const char *a, const char *b,
    const char *c, const char *d)
{
	(void)arg; (void)a; (void)b; (void)c; (void)d;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_FUNCTION:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	default:
		return SQLITE_DENY;
	}
}

static void
read_sql_close(void *state)
{
	struct read_sql *s = state;

	sqlite3_finalize(s->st);
	sqlite3_close_v2(s->h);
	free(s->names);
	free(s->values);
	free(s->lens);
	free(s);
}

/* Open path read-only and prepare query; NULL and *cause on error. */
static struct read_sql *
read_sql_create(const char *path, const char *query,
    const struct reader_limits *lim, char **cause)
{
	struct read_sql *s = xcalloc(1, sizeof *s);
	const char *tail = NULL;
	char *norm;
	size_t i;

	s->max_field = lim->max_field;
	if (sqlite3_open_v2(path, &s->h, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		*cause = xasprintf("cannot open SQL source %s: %s", path,
		    s->h != NULL ? sqlite3_errmsg(s->h) : "out of memory");
		goto fail;
	}
	sqlite3_set_authorizer(s->h, read_sql_authorize, NULL);
	if (sqlite3_prepare_v2(s->h, query, -1, &s->st, &tail) != SQLITE_OK ||
	    s->st == NULL) {
		*cause = xasprintf("the query cannot run on %s: %s", path,
		    sqlite3_errmsg(s->h));
		goto fail;
	}
	while (tail != NULL && isspace((unsigned char)*tail))
		tail++;
	if ((tail != NULL && *tail != '\0' && *tail != ';') ||
	    !sqlite3_stmt_readonly(s->st)) {
		*cause = xstrdup("give exactly one SELECT statement");
		goto fail;
	}
	if (sqlite3_bind_parameter_count(s->st) > 0) {
		/* Nothing binds it: the query would quietly match no row. */
		*cause = xstrdup("the query has a parameter placeholder (?, "
		    ":name, @name or $name) that nothing fills: write the "
		    "values into the query");
		goto fail;
	}
	s->n = (size_t)sqlite3_column_count(s->st);
	if (s->n == 0 || s->n > lim->max_columns) {
		*cause = xasprintf("the query returns %zu columns", s->n);
		goto fail;
	}
	s->names = xcalloc(s->n, sizeof *s->names);
	s->values = xcalloc(s->n, sizeof *s->values);
	s->lens = xcalloc(s->n, sizeof *s->lens);
	s->time_col = -1;
	for (i = 0; i < s->n; i++) {
		s->names[i] = sqlite3_column_name(s->st, (int)i);
		norm = rules_column_name(s->names[i]);
		if (strcmp(norm, "order_date_time") == 0 && s->time_col == -1)
			s->time_col = (int)i;
		free(norm);
	}
	return s;
fail:
	read_sql_close(s);
	return NULL;
}

static int
read_sql_next(void *state, struct reader_row *row, char **cause)
{
	struct read_sql *s = state;
	const char *v;
	size_t i;
	int rc;

	rc = sqlite3_step(s->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		*cause = xasprintf("SQL source, row %zu: %s", s->rows + 1,
		    sqlite3_errmsg(s->h));
		return -1;
	}
	for (i = 0; i < s->n; i++) {
		if ((int)i == s->time_col &&
		    sqlite3_column_type(s->st, (int)i) == SQLITE_INTEGER) {
			/* An INTEGER time is Unix seconds, UTC. */
			datetime_format_utc(sqlite3_column_int64(s->st,
			    (int)i), s->utc);
			s->values[i] = s->utc;
			s->lens[i] = strlen(s->utc);
			continue;
		}
		v = (const char *)sqlite3_column_text(s->st, (int)i);
		s->values[i] = v != NULL ? v : "";
		s->lens[i] = (size_t)sqlite3_column_bytes(s->st, (int)i);
		if (s->lens[i] > s->max_field) {
			*cause = xasprintf("SQL source, row %zu: a value is "
			    "longer than %zu bytes", s->rows + 1, s->max_field);
			return -1;
		}
		if (memchr(s->values[i], '\0', s->lens[i]) != NULL) {
			*cause = xasprintf("SQL source, row %zu: a value holds "
			    "a NUL byte", s->rows + 1);
			return -1;
		}
	}
	row->line = ++s->rows;
	row->n = row->header_n = s->n;
	row->names = s->names;
	row->values = s->values;
	row->lens = s->lens;
	return 1;
}

static uint64_t
read_sql_bytes(const void *state)
{
	(void)state;
	return 0;	/* unknown for a query */
}

/* Not a file: reader_open_sql makes the state and wraps it. */
static const struct reader_ops read_sql_ops = {
	"sql", NULL, read_sql_next, read_sql_bytes,
	read_sql_close
};

struct reader *
reader_open_sql(const char *path, const char *query,
    const struct reader_limits *lim, char **cause)
{
	struct reader_limits def;
	struct read_sql *s;

	if (lim == NULL) {
		reader_limits_default(&def);
		lim = &def;
	}
	if ((s = read_sql_create(path, query, lim, cause)) == NULL)
		return NULL;
	return reader_wrap(&read_sql_ops, s);
}
