/*
 * read_sql_impl: what the SQL source's copy (read_sql.c) and its engines
 * (read_sql.c for SQLite, read_sql_pg.c, read_sql_my.c) share; private to
 * them.
 *
 * Call protocol of an engine's run(): connect, run the query read-only,
 * then call read_sql_sink_columns once (before the first row, also when
 * there is none) and read_sql_sink_row for each row, in the server's order;
 * call read_sql_sink_poll between rows and at least every
 * READER_SQL_POLL_MS while waiting for the server, and cancel the query on
 * the server when it says so. Return 0 at the end of the rows, -1 and
 * *cause otherwise (a cause from the sink is passed on as it is).
 */
#ifndef KP_READ_SQL_IMPL_H
#define KP_READ_SQL_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "reader.h"

/* How a value is kept in the copy. */
enum read_sql_kind {
	READ_SQL_NULL,
	READ_SQL_TEXT,		/* exact text as the server wrote it */
	READ_SQL_INT		/* an integer type, written in decimal */
};

/* Seconds past source_timeout_s after which the client gives up on a
 * server that did not stop the query itself. */
#define READ_SQL_GRACE_S	5

struct read_sql_sink;

/* What an engine is asked to run. */
struct read_sql_job {
	const char			*uri;
	const char			*query;
	const char			*password;	/* or NULL */
	const struct reader_limits	*lim;
};

/* Declare the n result columns (names as the server gave them). -1 and
 * *cause when there are none, too many, or a required one is missing. */
int read_sql_sink_columns(struct read_sql_sink *k, size_t n,
    const char *const *names, char **cause);
/* Add one row of the n columns declared: values[i] holds lens[i] bytes
 * (ignored for READ_SQL_NULL). -1 and *cause (a value over the field cap,
 * the temporary file). */
int read_sql_sink_row(struct read_sql_sink *k, const char *const *values,
    const size_t *lens, const enum read_sql_kind *kinds, char **cause);
/*
 * Whether to stop now: READ_SQL_CANCELLED when the caller cancelled,
 * READ_SQL_OVERDUE when source_timeout_s and READ_SQL_GRACE_S have passed,
 * else 0. Cheap: looks at the clock only every so often unless waiting.
 */
#define READ_SQL_CANCELLED	1
#define READ_SQL_OVERDUE	2
int read_sql_sink_poll(struct read_sql_sink *k, int waiting);
/* Whether the server had READ_SQL_GRACE_S to end a stopped query and did
 * not: drop the connection then. */
int read_sql_sink_abandon(const struct read_sql_sink *k);
/* The message for the stop read_sql_sink_poll reported (allocated). */
char *read_sql_stop_cause(const struct read_sql_sink *k);
/* The stop read_sql_sink_poll reported first, or 0. */
int read_sql_sink_stopped(const struct read_sql_sink *k);
/* Rows added so far. */
uint64_t read_sql_sink_rows(const struct read_sql_sink *k);
/* Milliseconds until the next poll is due while waiting (for poll(2)). */
int read_sql_sink_wait_ms(const struct read_sql_sink *k);

/* The message for a query stopped by source_timeout_s after rows rows. */
char *read_sql_timeout_cause(const struct reader_limits *lim, uint64_t rows);
/* The message for a query the caller cancelled. */
char *read_sql_cancel_cause(uint64_t rows);
/* The message refusing a password in a URI: it goes in where. */
char *read_sql_password_cause(const char *where);
/* Whether uri holds a password (user:password@); sets *cause naming where
 * the password goes instead. */
int read_sql_uri_has_password(const char *uri, const char *where,
    char **cause);

struct read_sql_engine {
	const char	*name;		/* "postgresql", "mysql" */
	const char	*schemes;	/* URI schemes, "a:b:" */
	int		 built;		/* its client library is linked */
	const char	*packages;	/* what to install when it is not */
	/* Run job into k; fill info (server, TLS, uri). */
	int		(*run)(const struct read_sql_job *job,
			    struct read_sql_sink *k,
			    struct reader_sql_info *info, char **cause);
};

extern const struct read_sql_engine read_sql_pg;
extern const struct read_sql_engine read_sql_my;

#endif
