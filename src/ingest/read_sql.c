/*
 * read_sql: orders from an SQL source - another SQLite database opened
 * read-only, one SELECT the operator gives, rows mapped by column name.
 * The reader interface is the seam for other engines (PostgreSQL) later.
 *
 * Bounded: the source connection stops the query once it has run for
 * lim->source_timeout_s (a progress handler), and SQLITE_LIMIT_LENGTH at
 * lim->max_field keeps SQLite itself from building a longer value (a
 * printf() or zeroblob() of 300 MB fails at 1 MiB, not after).
 *
 * Never holding kpidesk's lock: reader_open_sql runs the query to the end
 * and copies its rows, streaming, into a private temporary SQLite database
 * (an on-disk file SQLite deletes on close; a small page cache, so memory
 * stays flat whatever the row count), then closes the source. The import
 * opens the reader before it takes kpidesk's write transaction, so a slow
 * or stuck query delays only its own import: other logins and commands
 * never wait for it. reader_next then reads the copy, which is fast. The
 * cost is writing the rows once more to a temporary file (TMPDIR).
 */
#include "reader.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "datetime.h"
#include "reader_impl.h"
#include "rules.h"
#include "strbuf.h"
#include "xmem.h"

/* VM steps between two looks at the clock. */
#define READ_SQL_PROGRESS	10000
/* The copy's page cache, in KiB (negative: KiB, for PRAGMA cache_size). */
#define READ_SQL_COPY_CACHE	"PRAGMA cache_size = -2048"

struct read_sql {
	sqlite3		 *h;		/* the private copy */
	sqlite3_stmt	 *st;		/* reads the copy, in source order */
	size_t		  n;
	int		  time_col;	/* order_date_time, or -1 */
	char		  utc[21];	/* its INTEGER value as ISO 8601 */
	char		**names;	/* the source's column names */
	const char	**values;
	size_t		 *lens;
	size_t		  max_field;
	size_t		  rows;
};

/* The source connection while the query runs. */
struct read_sql_src {
	sqlite3		 *h;
	sqlite3_stmt	 *st;
	struct timespec	  deadline;
	int		  timed_out;
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

/* Stop the source's statement once the deadline has passed. */
static int
read_sql_progress(void *arg)
{
	struct read_sql_src *src = arg;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > src->deadline.tv_sec ||
	    (now.tv_sec == src->deadline.tv_sec &&
	    now.tv_nsec >= src->deadline.tv_nsec)) {
		src->timed_out = 1;
		return 1;
	}
	return 0;
}

static void
read_sql_close(void *state)
{
	struct read_sql *s = state;
	size_t i;

	sqlite3_finalize(s->st);
	sqlite3_close_v2(s->h);
	for (i = 0; s->names != NULL && i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s->values);
	free(s->lens);
	free(s);
}

/*
 * Open path read-only, bounded by lim, and prepare query on it: exactly one
 * SELECT without parameters, returning 1 to max_columns columns. -1 and
 * *cause on error; src is then for read_sql_src_close all the same.
 */
static int
read_sql_src_open(struct read_sql_src *src, const char *path,
    const char *query, const struct reader_limits *lim, char **cause)
{
	const char *tail = NULL;
	size_t n;

	memset(src, 0, sizeof *src);
	if (sqlite3_open_v2(path, &src->h, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		*cause = xasprintf("cannot open SQL source %s: %s", path,
		    src->h != NULL ? sqlite3_errmsg(src->h) : "out of memory");
		return -1;
	}
	sqlite3_set_authorizer(src->h, read_sql_authorize, NULL);
	sqlite3_limit(src->h, SQLITE_LIMIT_LENGTH,
	    lim->max_field < 0x7fffffff ? (int)lim->max_field : 0x7fffffff);
	if (lim->source_timeout_s > 0) {
		clock_gettime(CLOCK_MONOTONIC, &src->deadline);
		src->deadline.tv_sec += (time_t)lim->source_timeout_s;
		sqlite3_progress_handler(src->h, READ_SQL_PROGRESS,
		    read_sql_progress, src);
	}
	if (sqlite3_prepare_v2(src->h, query, -1, &src->st, &tail) !=
	    SQLITE_OK || src->st == NULL) {
		*cause = xasprintf("the query cannot run on %s: %s", path,
		    sqlite3_errmsg(src->h));
		return -1;
	}
	while (tail != NULL && isspace((unsigned char)*tail))
		tail++;
	if ((tail != NULL && *tail != '\0' && *tail != ';') ||
	    !sqlite3_stmt_readonly(src->st)) {
		*cause = xstrdup("give exactly one SELECT statement");
		return -1;
	}
	if (sqlite3_bind_parameter_count(src->st) > 0) {
		/* Nothing binds it: the query would quietly match no row. */
		*cause = xstrdup("the query has a parameter placeholder (?, "
		    ":name, @name or $name) that nothing fills: write the "
		    "values into the query");
		return -1;
	}
	n = (size_t)sqlite3_column_count(src->st);
	if (n == 0 || n > lim->max_columns) {
		*cause = xasprintf("the query returns %zu columns", n);
		return -1;
	}
	return 0;
}

static void
read_sql_src_close(struct read_sql_src *src)
{
	sqlite3_finalize(src->st);
	sqlite3_close_v2(src->h);
}

/* Why the source's statement stopped with rc after row rows (allocated). */
static char *
read_sql_src_error(struct read_sql_src *src, int rc, size_t rows,
    const struct reader_limits *lim)
{
	if (rc == SQLITE_INTERRUPT && src->timed_out)
		return xasprintf("the SQL source query ran longer than "
		    "source_timeout_s (%u s) and was stopped after %zu rows: "
		    "make the query faster, or raise the setting with "
		    "'kpidesk config set source_timeout_s SECONDS'",
		    lim->source_timeout_s, rows);
	if (rc == SQLITE_TOOBIG)
		return xasprintf("SQL source, row %zu: a value is longer "
		    "than the field cap of %zu bytes (SQLite stopped the "
		    "query there)", rows + 1, lim->max_field);
	return xasprintf("SQL source, row %zu: %s", rows + 1,
	    sqlite3_errmsg(src->h));
}

/* Run one statement on the copy. */
static int
read_sql_copy_exec(struct read_sql *s, const char *sql, char **cause)
{
	if (sqlite3_exec(s->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		*cause = xasprintf("SQL source: the temporary copy: %s",
		    sqlite3_errmsg(s->h));
		return -1;
	}
	return 0;
}

/*
 * Run the source's query to its end, each row into table t of the private
 * copy (columns without a type, so every value keeps its own), then read t
 * in the source's order. -1 and *cause on error.
 */
static int
read_sql_copy(struct read_sql *s, struct read_sql_src *src,
    const struct reader_limits *lim, char **cause)
{
	sqlite3_stmt *ins = NULL;
	struct strbuf create, insert;
	size_t i, rows = 0;
	int rc;

	if (sqlite3_open_v2("", &s->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		*cause = xasprintf("SQL source: cannot make a temporary copy: "
		    "%s", s->h != NULL ? sqlite3_errmsg(s->h) :
		    "out of memory");
		return -1;
	}
	if (read_sql_copy_exec(s, "PRAGMA journal_mode = OFF;"
	    "PRAGMA synchronous = OFF;" READ_SQL_COPY_CACHE ";", cause) == -1)
		return -1;
	/* CREATE TABLE t (c0, c1, ...) and INSERT INTO t VALUES (?1, ...). */
	strbuf_init(&create);
	strbuf_init(&insert);
	strbuf_puts(&create, "CREATE TABLE t (");
	strbuf_puts(&insert, "INSERT INTO t VALUES (");
	for (i = 0; i < s->n; i++) {
		strbuf_printf(&create, "%sc%zu", i > 0 ? ", " : "", i);
		strbuf_printf(&insert, "%s?%zu", i > 0 ? ", " : "", i + 1);
	}
	strbuf_putc(&create, ')');
	strbuf_putc(&insert, ')');
	rc = read_sql_copy_exec(s, strbuf_str(&create), cause);
	if (rc == 0)
		rc = sqlite3_prepare_v2(s->h, strbuf_str(&insert), -1, &ins,
		    NULL);
	strbuf_free(&create);
	strbuf_free(&insert);
	if (rc == -1)
		return -1;
	if (rc != SQLITE_OK) {
		*cause = xasprintf("SQL source: the temporary copy: %s",
		    sqlite3_errmsg(s->h));
		return -1;
	}
	if (read_sql_copy_exec(s, "BEGIN", cause) == -1)
		goto fail;
	while ((rc = sqlite3_step(src->st)) == SQLITE_ROW) {
		for (i = 0; i < s->n; i++)
			sqlite3_bind_value(ins, (int)i + 1,
			    sqlite3_column_value(src->st, (int)i));
		if (sqlite3_step(ins) != SQLITE_DONE) {
			*cause = xasprintf("SQL source, row %zu: the temporary "
			    "copy: %s", rows + 1, sqlite3_errmsg(s->h));
			goto fail;
		}
		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
		rows++;
	}
	if (rc != SQLITE_DONE) {
		*cause = read_sql_src_error(src, rc, rows, lim);
		goto fail;
	}
	sqlite3_finalize(ins);
	if (read_sql_copy_exec(s, "COMMIT", cause) == -1)
		return -1;
	if (sqlite3_prepare_v2(s->h, "SELECT * FROM t ORDER BY rowid", -1,
	    &s->st, NULL) != SQLITE_OK) {
		*cause = xasprintf("SQL source: the temporary copy: %s",
		    sqlite3_errmsg(s->h));
		return -1;
	}
	return 0;
fail:
	sqlite3_finalize(ins);
	return -1;
}

/* Open the source, copy its rows and prepare to read them; NULL and *cause
 * on error. */
static struct read_sql *
read_sql_create(const char *path, const char *query,
    const struct reader_limits *lim, char **cause)
{
	struct read_sql *s = xcalloc(1, sizeof *s);
	struct read_sql_src src;
	char *norm;
	size_t i;

	s->max_field = lim->max_field;
	if (read_sql_src_open(&src, path, query, lim, cause) == -1)
		goto fail;
	s->n = (size_t)sqlite3_column_count(src.st);
	s->names = xcalloc(s->n, sizeof *s->names);
	s->values = xcalloc(s->n, sizeof *s->values);
	s->lens = xcalloc(s->n, sizeof *s->lens);
	s->time_col = -1;
	for (i = 0; i < s->n; i++) {
		s->names[i] = xstrdup(sqlite3_column_name(src.st, (int)i));
		norm = rules_column_name(s->names[i]);
		if (strcmp(norm, "order_date_time") == 0 && s->time_col == -1)
			s->time_col = (int)i;
		free(norm);
	}
	if (read_sql_copy(s, &src, lim, cause) == -1)
		goto fail;
	read_sql_src_close(&src);
	return s;
fail:
	read_sql_src_close(&src);
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
	row->names = (const char **)s->names;
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
