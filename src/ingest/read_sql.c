/*
 * read_sql: orders from an SQL source - another SQLite database opened
 * read-only, a PostgreSQL server (read_sql_pg.c) or a MariaDB/MySQL server
 * (read_sql_my.c) - one SELECT the operator gives, rows mapped by column
 * name.
 *
 * Bounded: the query stops once it has run for lim->source_timeout_s
 * (SQLite: a progress handler; servers: their own statement timeout, and
 * the client gives up READ_SQL_GRACE_S later), and no value longer than
 * lim->max_field is kept (SQLite: SQLITE_LIMIT_LENGTH, so it never builds
 * one).
 *
 * Never holding kpidesk's lock: reader_open_sql runs the query to the end
 * and copies its rows, streaming, into a private temporary file (the sink:
 * a spool, spool.h: 0600, unlinked at once, written in order and read back
 * once, so memory stays flat whatever the row count), then closes the
 * source. The import opens the reader before it takes kpidesk's write
 * transaction, so a slow or stuck query delays only its own import: other
 * logins and commands never wait for it. reader_next then reads the copy,
 * which is fast. The cost is writing the rows once more to a temporary
 * file (TMPDIR). The copy keeps each value's kind (NULL, integer, text),
 * hashes the rows as they come (the batch's SHA-256), and every engine
 * goes through it, so the rules, rejects, proofs and idempotency are the
 * same for all. An integer that fits 64 bits is read back in plain
 * decimal ("007" as 7), and, in the time column, as its instant.
 */
#include "reader.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sqlite3.h>

#include "datetime.h"
#include "reader_impl.h"
#include "read_sql_impl.h"
#include "rules.h"
#include "secret.h"
#include "spool.h"
#include "strbuf.h"
#include "xmem.h"

/* VM steps between two looks at the clock. */
#define READ_SQL_PROGRESS	10000
/* Rows between two looks at the clock while rows stream in. */
#define READ_SQL_POLL_ROWS	1024

/* The private copy: the sink while the query runs, then the reader. */
struct read_sql_sink {
	struct spool	 *sp;		/* the private copy */
	struct strbuf	  row;		/* the row read back */
	size_t		 *offs;		/* its values' offsets in row */
	size_t		  n;		/* 0 until the columns are known */
	int		  time_col;	/* order_date_time, or -1 */
	char		  utc[21];	/* its INTEGER value as ISO 8601 */
	char		**names;	/* the source's column names */
	const char	**values;
	size_t		 *lens;
	size_t		  max_field;
	size_t		  rows;		/* rows read back */

	/* While the query runs. */
	const struct reader_limits	*lim;
	const struct reader_sql_opts	*opts;
	struct hash_ctx	 *hash;
	uint64_t	  added;	/* rows copied */
	uint64_t	  bytes;
	unsigned	  since;	/* rows since the clock was read */
	double		  next_poll;	/* monotonic seconds */
	double		  overdue;	/* monotonic seconds, 0: never */
	double		  stopped_at;
	int		  stopped;
};

/* The source connection while the query runs. */
struct read_sql_src {
	sqlite3		 *h;
	sqlite3_stmt	 *st;
	struct timespec	  deadline;
	int		  timed_out;
	struct read_sql_sink *k;
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

/* Stop the source's statement once the deadline has passed, or when the
 * caller cancels. */
static int
read_sql_progress(void *arg)
{
	struct read_sql_src *src = arg;
	struct timespec now;

	if (read_sql_sink_poll(src->k, 1) == READ_SQL_CANCELLED)
		return 1;
	if (src->deadline.tv_sec == 0)
		return 0;
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
	struct read_sql_sink *s = state;
	size_t i;

	spool_close(s->sp);
	strbuf_free(&s->row);
	free(s->offs);
	for (i = 0; s->names != NULL && i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s->values);
	free(s->lens);
	if (s->hash != NULL) {
		uint8_t d[HASH_LEN];

		hash_ctx_final(s->hash, d);
	}
	free(s);
}

char *
read_sql_timeout_cause(const struct reader_limits *lim, uint64_t rows)
{
	return xasprintf("the SQL source query ran longer than "
	    "source_timeout_s (%u s) and was stopped after %llu rows: "
	    "make the query faster, or raise the setting with "
	    "'kpidesk config set source_timeout_s SECONDS'",
	    lim->source_timeout_s, (unsigned long long)rows);
}

char *
read_sql_cancel_cause(uint64_t rows)
{
	return xasprintf("import cancelled after %llu rows of the SQL "
	    "source (its query was cancelled): nothing was "
	    "loaded", (unsigned long long)rows);
}

int
read_sql_uri_has_password(const char *uri, const char *where, char **cause)
{
	const char *auth, *end, *at, *colon;

	if ((auth = strstr(uri, "://")) == NULL)
		return 0;
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (colon = auth; colon < end; colon++) {
		if (*colon == '@')
			at = colon;
	}
	if (at == NULL || memchr(auth, ':', (size_t)(at - auth)) == NULL)
		return 0;
	*cause = read_sql_password_cause(where);
	return 1;
}

char *
read_sql_password_cause(const char *where)
{
	return xasprintf("the source URI holds a password: kpidesk never "
	    "takes one in its arguments or stores it; put it in %s, or in a "
	    "file only you can read (chmod 600) given with "
	    "--source-password-file, and give the URI without it", where);
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
	}
	sqlite3_progress_handler(src->h, READ_SQL_PROGRESS, read_sql_progress,
	    src);
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
		return read_sql_timeout_cause(lim, rows);
	if (rc == SQLITE_INTERRUPT &&
	    read_sql_sink_stopped(src->k) == READ_SQL_CANCELLED)
		return read_sql_cancel_cause(rows);
	if (rc == SQLITE_TOOBIG)
		return xasprintf("SQL source, row %zu: a value is longer "
		    "than the field cap of %zu bytes (SQLite stopped the "
		    "query there)", rows + 1, lim->max_field);
	return xasprintf("SQL source, row %zu: %s", rows + 1,
	    sqlite3_errmsg(src->h));
}

/* The SQLite engine: the database at job->uri (sqlite:PATH or PATH). */
static int
read_sql_sqlite_run(const struct read_sql_job *job, struct read_sql_sink *k,
    struct reader_sql_info *info, char **cause)
{
	struct read_sql_src src;
	const char *path = job->uri, **names = NULL, **values = NULL;
	enum read_sql_kind *kinds = NULL;
	size_t *lens = NULL, i, n;
	char (*ints)[24] = NULL;
	int rc = -1, step;

	if (strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	info->uri = xasprintf("sqlite:%s", path);
	info->server = xasprintf("SQLite %s", sqlite3_libversion());
	info->local = 1;
	memset(&src, 0, sizeof src);
	src.k = k;
	if (read_sql_src_open(&src, path, job->query, job->lim, cause) == -1)
		goto out;
	n = (size_t)sqlite3_column_count(src.st);
	names = xcalloc(n, sizeof *names);
	values = xcalloc(n, sizeof *values);
	lens = xcalloc(n, sizeof *lens);
	kinds = xcalloc(n, sizeof *kinds);
	ints = xcalloc(n, sizeof *ints);
	for (i = 0; i < n; i++)
		names[i] = sqlite3_column_name(src.st, (int)i);
	if (read_sql_sink_columns(k, n, names, cause) == -1)
		goto out;
	while ((step = sqlite3_step(src.st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			switch (sqlite3_column_type(src.st, (int)i)) {
			case SQLITE_NULL:
				kinds[i] = READ_SQL_NULL;
				values[i] = "";
				lens[i] = 0;
				break;
			case SQLITE_INTEGER:
				kinds[i] = READ_SQL_INT;
				lens[i] = (size_t)snprintf(ints[i],
				    sizeof ints[i], "%lld", (long long)
				    sqlite3_column_int64(src.st, (int)i));
				values[i] = ints[i];
				break;
			default:	/* text, a REAL as SQLite writes it, bytes */
				kinds[i] = READ_SQL_TEXT;
				values[i] = (const char *)sqlite3_column_text(
				    src.st, (int)i);
				lens[i] = (size_t)sqlite3_column_bytes(src.st,
				    (int)i);
				if (values[i] == NULL)
					values[i] = "";
				break;
			}
		}
		if (read_sql_sink_row(k, values, lens, kinds, cause) == -1)
			goto out;
	}
	if (step != SQLITE_DONE) {
		*cause = read_sql_src_error(&src, step,
		    (size_t)read_sql_sink_rows(k), job->lim);
		goto out;
	}
	rc = 0;
out:
	read_sql_src_close(&src);
	free(names);
	free(values);
	free(lens);
	free(kinds);
	free(ints);
	return rc;
}

/* Open the private copy. */
static int
read_sql_copy_open(struct read_sql_sink *s, char **cause)
{
	char *why = NULL;

	if ((s->sp = spool_open(&why)) == NULL) {
		*cause = xasprintf("SQL source: cannot make a temporary copy: "
		    "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * Take the n columns names for the copy, and note the time column. Every
 * required order column must be there (doc/DESIGN.md section 2: a missing one
 * refuses the whole source, naming what was found).
 */
int
read_sql_sink_columns(struct read_sql_sink *s, size_t n,
    const char *const *names, char **cause)
{
	int index[RULES_ORDER_NCOLS];
	char *norm, *why = NULL;
	size_t i;

	if (n == 0 || n > s->lim->max_columns) {
		*cause = xasprintf("the query returns %zu columns", n);
		return -1;
	}
	if (rules_columns_find(rules_order_columns, RULES_ORDER_NCOLS,
	    names, n, index, &why) == -1) {
		*cause = xasprintf("the query's columns: %s (rename with AS)",
		    why);
		free(why);
		return -1;
	}
	s->n = n;
	s->names = xcalloc(n, sizeof *s->names);
	s->values = xcalloc(n, sizeof *s->values);
	s->lens = xcalloc(n, sizeof *s->lens);
	s->offs = xcalloc(n, sizeof *s->offs);
	s->time_col = -1;
	for (i = 0; i < n; i++) {
		s->names[i] = xstrdup(names[i] != NULL ? names[i] : "");
		norm = rules_column_name(s->names[i]);
		if (strcmp(norm, "order_date_time") == 0 && s->time_col == -1)
			s->time_col = (int)i;
		free(norm);
		hash_ctx_field(s->hash, s->names[i]);
	}
	return 0;
}

/* An integer's text as int64; 0 if it is not one that fits. */
static int
read_sql_int(const char *v, size_t len, int64_t *out)
{
	char buf[24], *end;
	long long x;

	if (len == 0 || len >= sizeof buf)
		return 0;
	memcpy(buf, v, len);
	buf[len] = '\0';
	errno = 0;
	x = strtoll(buf, &end, 10);
	if (errno != 0 || *end != '\0' || isspace((unsigned char)buf[0]))
		return 0;
	*out = x;
	return 1;
}

int
read_sql_sink_row(struct read_sql_sink *s, const char *const *values,
    const size_t *lens, const enum read_sql_kind *kinds, char **cause)
{
	uint8_t tag[9];
	char *why = NULL;
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		tag[0] = (uint8_t)kinds[i];
		for (k = 0; k < 8; k++)
			tag[1 + k] = (uint8_t)((uint64_t)lens[i] >> (8 * k));
		if (kinds[i] == READ_SQL_NULL) {
			hash_ctx_update(s->hash, tag, 1);
			if (spool_put(s->sp, READ_SQL_NULL, 0, NULL, 0,
			    &why) == -1)
				goto fail;
			continue;
		}
		if (lens[i] > s->max_field) {
			*cause = xasprintf("SQL source, row %llu: a value is "
			    "longer than the field cap of %zu bytes",
			    (unsigned long long)s->added + 1, s->max_field);
			return -1;
		}
		hash_ctx_update(s->hash, tag, sizeof tag);
		hash_ctx_update(s->hash, values[i], lens[i]);
		s->bytes += lens[i];
		if (spool_put(s->sp, kinds[i], 1, values[i], lens[i],
		    &why) == -1)
			goto fail;
	}
	s->added++;
	return 0;
fail:
	*cause = xasprintf("SQL source, row %llu: the temporary copy: %s",
	    (unsigned long long)s->added + 1, why);
	free(why);
	return -1;
}

int
read_sql_sink_poll(struct read_sql_sink *s, int waiting)
{
	double now;

	if (s->stopped != 0)
		return s->stopped;
	if (!waiting && ++s->since < READ_SQL_POLL_ROWS)
		return 0;
	s->since = 0;
	now = datetime_monotonic();
	if (s->overdue > 0 && now >= s->overdue)
		s->stopped = READ_SQL_OVERDUE;
	else if (now >= s->next_poll) {
		s->next_poll = now + READER_SQL_POLL_MS / 1000.0;
		if (s->opts->poll != NULL &&
		    s->opts->poll(s->added, s->opts->poll_arg) != 0)
			s->stopped = READ_SQL_CANCELLED;
	}
	if (s->stopped != 0)
		s->stopped_at = now;
	return s->stopped;
}

int
read_sql_sink_abandon(const struct read_sql_sink *s)
{
	return s->stopped != 0 &&
	    datetime_monotonic() >= s->stopped_at + READ_SQL_GRACE_S;
}

char *
read_sql_stop_cause(const struct read_sql_sink *s)
{
	if (s->stopped == READ_SQL_CANCELLED)
		return read_sql_cancel_cause(s->added);
	return read_sql_timeout_cause(s->lim, s->added);
}

int
read_sql_sink_stopped(const struct read_sql_sink *s)
{
	return s->stopped;
}

uint64_t
read_sql_sink_rows(const struct read_sql_sink *s)
{
	return s->added;
}

int
read_sql_sink_wait_ms(const struct read_sql_sink *s)
{
	double left = s->next_poll - datetime_monotonic();

	if (s->stopped != 0)	/* waiting for the server to stop */
		return READER_SQL_POLL_MS;
	if (left <= 0)
		return 0;
	return (int)(left * 1000) + 1;
}

/* After the rows: start reading the copy. */
static int
read_sql_copy_finish(struct read_sql_sink *s, char **cause)
{
	char *why = NULL;

	if (spool_rewind(s->sp, &why) == -1) {
		*cause = xasprintf("SQL source: the temporary copy: %s", why);
		free(why);
		return -1;
	}
	return 0;
}

/* Which kinds of value the copy holds bytes for. */
static int
read_sql_kind_bytes(unsigned kind)
{
	return kind != READ_SQL_NULL;
}

/* Append x in plain decimal, as "%lld" writes it (without printf's cost:
 * a copy of a million rows formats millions of them). */
static void
read_sql_decimal(struct strbuf *sb, int64_t x)
{
	char buf[24], *p = buf + sizeof buf;
	uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (x < 0)
		*--p = '-';
	strbuf_add(sb, p, (size_t)(buf + sizeof buf - p));
}

/*
 * Value i of the row being read back, its bytes at s->offs[i] in s->row: an
 * integer that fits becomes its plain decimal, or in the time column (Unix
 * seconds, UTC) its instant, in place of the text the server sent.
 */
static void
read_sql_int_value(struct read_sql_sink *s, size_t i)
{
	int64_t x;

	if (!read_sql_int(s->row.buf + s->offs[i], s->lens[i], &x))
		return;
	s->row.len = s->offs[i];	/* the last value read: replace it */
	if ((int)i == s->time_col) {
		datetime_format_utc(x, s->utc);
		strbuf_puts(&s->row, s->utc);
	} else
		read_sql_decimal(&s->row, x);
	s->lens[i] = s->row.len - s->offs[i];
	strbuf_putc(&s->row, '\0');
}

/* Read back value i of the next row: 1, 0 at the end of the rows (before
 * the first value only), -1 and *cause. */
static int
read_sql_get(struct read_sql_sink *s, size_t i, char **cause)
{
	unsigned kind;
	char *why = NULL;
	int rc;

	rc = spool_get(s->sp, read_sql_kind_bytes, &kind, &s->row,
	    &s->offs[i], &s->lens[i], &why);
	if (rc == 1 && kind == READ_SQL_INT)
		read_sql_int_value(s, i);
	if (rc == 1 || (rc == 0 && i == 0))
		return rc;
	*cause = xasprintf("SQL source, row %zu: the temporary copy: %s",
	    s->rows + 1, why != NULL ? why : "cut short");
	free(why);
	return -1;
}

static int
read_sql_next(void *state, struct reader_row *row, char **cause)
{
	struct read_sql_sink *s = state;
	size_t i;
	int rc;

	strbuf_reset(&s->row);
	for (i = 0; i < s->n; i++) {
		if ((rc = read_sql_get(s, i, cause)) != 1)
			return rc;
	}
	for (i = 0; i < s->n; i++) {
		s->values[i] = strbuf_str(&s->row) + s->offs[i];
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

/* Not a file, so no open: reader_open_sql makes the state and wraps it. */
static const struct reader_ops read_sql_ops = {
	.name = "sql",
	.next = read_sql_next,
	.bytes = read_sql_bytes,
	.close = read_sql_close
};

/* The SQLite engine: always built. */
static const struct read_sql_engine read_sql_sqlite = {
	"sqlite", "sqlite:", 1, "", read_sql_sqlite_run
};

static const struct read_sql_engine *const read_sql_engines[] = {
	&read_sql_sqlite, &read_sql_pg, &read_sql_my
};
#define READ_SQL_NENGINES \
	(sizeof read_sql_engines / sizeof read_sql_engines[0])

/* The engine of uri: by its scheme; no scheme at all is a SQLite path. */
static const struct read_sql_engine *
read_sql_engine_of(const char *uri)
{
	const char *p, *colon = strchr(uri, ':');
	size_t i, len;

	if (colon == NULL || strncmp(colon, "://", 3) != 0) {
		if (strncmp(uri, "sqlite:", 7) == 0 || strstr(uri, "://") ==
		    NULL)
			return &read_sql_sqlite;
		return NULL;
	}
	len = (size_t)(colon - uri);
	for (i = 0; i < READ_SQL_NENGINES; i++) {
		for (p = read_sql_engines[i]->schemes; *p != '\0';
		    p = strchr(p, ':') + 1) {
			if (strncasecmp(p, uri, len) == 0 && p[len] == ':')
				return read_sql_engines[i];
		}
	}
	return NULL;
}

const char *
reader_sql_engine(const char *uri)
{
	const struct read_sql_engine *e = read_sql_engine_of(uri);

	return e != NULL ? e->name : NULL;
}

int
reader_sql_check(const char *uri, char **cause)
{
	const struct read_sql_engine *e = read_sql_engine_of(uri);

	if (e == NULL) {
		*cause = xstrdup("the SQL source is not one kpidesk reads: give "
		    "sqlite:PATH, postgresql://... or mysql://... "
		    "(mariadb://...)");
		return -1;
	}
	if (!e->built) {
		*cause = xasprintf("this kpidesk was built without %s sources: "
		    "install %s and run configure and make again", e->name,
		    e->packages);
		return -1;
	}
	return 0;
}

void
reader_sql_info_free(struct reader_sql_info *info)
{
	free(info->uri);
	free(info->server);
	free(info->tls);
	memset(info, 0, sizeof *info);
}

struct reader *
reader_open_sql(const struct reader_sql_opts *opts,
    const struct reader_limits *lim, struct reader_sql_info *info,
    char **cause)
{
	const struct read_sql_engine *e;
	struct reader_limits def;
	struct read_sql_sink *s;
	struct read_sql_job job;
	char *password = NULL;
	int rc;

	memset(info, 0, sizeof *info);
	if (lim == NULL) {
		reader_limits_default(&def);
		lim = &def;
	}
	if ((e = read_sql_engine_of(opts->uri)) == NULL) {
		*cause = xstrdup("the SQL source is not one kpidesk reads: give "
		    "sqlite:PATH, postgresql://... or mysql://... "
		    "(mariadb://...)");
		return NULL;
	}
	info->engine = e->name;
	if (reader_sql_check(opts->uri, cause) == -1)
		return NULL;
	{
		uint8_t d[HASH_LEN];

		hash_buf(opts->query, strlen(opts->query), d);
		hash_hex(d, sizeof d, info->query_sha256);
	}
	if (opts->password_file != NULL) {
		if (e == &read_sql_sqlite) {
			*cause = xstrdup("--source-password-file is for "
			    "database servers, not SQLite files");
			return NULL;
		}
		if ((password = secret_from_file(opts->password_file,
		    cause)) == NULL)
			return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->max_field = lim->max_field;
	s->lim = lim;
	s->opts = opts;
	s->hash = hash_ctx_create();
	s->next_poll = datetime_monotonic() + READER_SQL_POLL_MS / 1000.0;
	if (lim->source_timeout_s > 0)
		s->overdue = datetime_monotonic() + lim->source_timeout_s +
		    READ_SQL_GRACE_S;
	job.uri = opts->uri;
	job.query = opts->query;
	job.password = password;
	job.lim = lim;
	rc = read_sql_copy_open(s, cause);
	if (rc == 0)
		rc = e->run(&job, s, info, cause);
	if (password != NULL)
		xfree_secret(password);
	if (rc == 0 && s->n == 0) {
		*cause = xstrdup("the SQL source returned no result columns");
		rc = -1;
	}
	info->rows = s->added;
	info->bytes = s->bytes;
	if (rc == -1 || read_sql_copy_finish(s, cause) == -1) {
		read_sql_close(s);
		return NULL;
	}
	hash_ctx_final_hex(s->hash, info->digest);
	s->hash = NULL;
	return reader_wrap(&read_sql_ops, s);
}
