/*
 * read_sql_pg: orders from PostgreSQL through libpq (read_sql_impl.h has
 * the engine protocol).
 *
 * The password never comes from the URI: libpq reads ~/.pgpass, the file
 * PGPASSFILE names or a service file itself, or the caller passes one read
 * from a private file. The session speaks UTF-8 with ISO dates in UTC, so
 * a timestamptz comes as an instant ("...+00", given on as "...Z") and a
 * timestamp without zone as a wall-clock time (read in --source-tz). The
 * query runs in a READ ONLY transaction with statement_timeout set to
 * source_timeout_s, through the extended protocol (so exactly one
 * statement), in single-row mode (so memory stays flat). While it runs the
 * socket is polled, so a cancel from the caller, or a server that ignores
 * its timeout, reaches the server as a cancel request (PQcancel).
 * numeric and every other type come as the server's exact text; integer
 * types are kept as integers (a time column of them is Unix seconds).
 */
#include "read_sql_impl.h"

#include <stdlib.h>
#include <string.h>

#include "xmem.h"

#ifdef HAVE_LIBPQ

#include <poll.h>

#include <libpq-fe.h>

#include "strbuf.h"

/* Type OIDs of pg_type.h (stable across releases). */
#define PG_INT8		20
#define PG_INT2		21
#define PG_INT4		23
#define PG_TIMESTAMPTZ	1184

/* Seconds libpq may take to connect when the URI does not say. */
#define PG_CONNECT_TIMEOUT	"10"

struct pg_run {
	PGconn			*conn;
	struct read_sql_sink	*k;
	const struct read_sql_job *job;
	size_t			 n;
	const char		**values;
	size_t			*lens;
	enum read_sql_kind	*kinds;
	Oid			*types;
	int			 cancel_sent;
};

/* The server's message, one line, allocated. */
static char *
pg_error(PGconn *conn, const PGresult *res)
{
	const char *m = res != NULL ?
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	size_t len;

	if (m == NULL || *m == '\0')
		m = PQerrorMessage(conn);
	len = strcspn(m, "\n");
	return xstrndup(m, len);
}

/* Run a statement of the session's set-up (no rows back). */
static int
pg_exec(PGconn *conn, const char *sql, int nparams, const char *const *params,
    char **cause)
{
	PGresult *res;
	char *m;
	int rc = 0;

	res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		m = pg_error(conn, res);
		*cause = xasprintf("PostgreSQL source: %s: %s", sql, m);
		free(m);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* Ask the server to stop the running query (a second connection). */
static void
pg_cancel(struct pg_run *p)
{
	PGcancel *c;
	char err[256];

	if (p->cancel_sent)
		return;
	p->cancel_sent = 1;
	if ((c = PQgetCancel(p->conn)) != NULL) {
		(void)PQcancel(c, err, sizeof err);
		PQfreeCancel(c);
	}
}

/* Wait for the socket or the next poll, whichever is first; cancel the
 * query when the sink says stop. -1 and *cause when the link fails. */
static int
pg_wait(struct pg_run *p, char **cause)
{
	struct pollfd pfd;
	char *m;

	pfd.fd = PQsocket(p->conn);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (read_sql_sink_poll(p->k, 1) != 0)
		pg_cancel(p);
	if (read_sql_sink_abandon(p->k)) {
		/* The server ignored the cancel: drop the connection. */
		*cause = read_sql_stop_cause(p->k);
		return -1;
	}
	if (poll(&pfd, 1, read_sql_sink_wait_ms(p->k)) > 0 &&
	    PQconsumeInput(p->conn) == 0) {
		m = pg_error(p->conn, NULL);
		*cause = xasprintf("PostgreSQL source: %s", m);
		free(m);
		return -1;
	}
	return 0;
}

/* Declare the result's columns to the sink. */
static int
pg_columns(struct pg_run *p, const PGresult *res, char **cause)
{
	const char **names;
	size_t i;
	int rc;

	p->n = (size_t)PQnfields(res);
	names = xcalloc(p->n + 1, sizeof *names);
	p->values = xcalloc(p->n + 1, sizeof *p->values);
	p->lens = xcalloc(p->n + 1, sizeof *p->lens);
	p->kinds = xcalloc(p->n + 1, sizeof *p->kinds);
	p->types = xcalloc(p->n + 1, sizeof *p->types);
	for (i = 0; i < p->n; i++) {
		names[i] = PQfname(res, (int)i);
		p->types[i] = PQftype(res, (int)i);
	}
	rc = read_sql_sink_columns(p->k, p->n, names, cause);
	free(names);
	return rc;
}

/* One row of single-row mode to the sink. */
static int
pg_row(struct pg_run *p, const PGresult *res, char **cause)
{
	char *tz = NULL, buf[64];
	size_t i, len;
	int rc;

	for (i = 0; i < p->n; i++) {
		p->values[i] = PQgetvalue(res, 0, (int)i);
		p->lens[i] = len = (size_t)PQgetlength(res, 0, (int)i);
		if (PQgetisnull(res, 0, (int)i)) {
			p->kinds[i] = READ_SQL_NULL;
			continue;
		}
		switch (p->types[i]) {
		case PG_INT2:
		case PG_INT4:
		case PG_INT8:
			p->kinds[i] = READ_SQL_INT;
			break;
		case PG_TIMESTAMPTZ:
			/* In UTC, ISO: "2025-10-12 03:45:32+00": an instant. */
			p->kinds[i] = READ_SQL_TEXT;
			if (tz == NULL && len > 3 &&
			    strcmp(p->values[i] + len - 3, "+00") == 0) {
				/* On the stack: a row has one such value. */
				tz = len < sizeof buf ? buf :
				    xstrndup(p->values[i], len + 1);
				memcpy(tz, p->values[i], len - 3);
				memcpy(tz + len - 3, "Z", 2);	/* with NUL */
				p->values[i] = tz;
				p->lens[i] = len - 2;
			}
			break;
		default:
			p->kinds[i] = READ_SQL_TEXT;
			break;
		}
	}
	rc = read_sql_sink_row(p->k, p->values, p->lens, p->kinds, cause);
	if (tz != buf)
		free(tz);
	return rc;
}

/* Why the query failed (allocated): the timeout and a cancel by name. */
static char *
pg_query_error(struct pg_run *p, const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	uint64_t rows = read_sql_sink_rows(p->k);
	char *m, *cause;

	if (state != NULL && strcmp(state, "57014") == 0) {
		/* query_canceled: by statement_timeout, or by us. */
		if (read_sql_sink_stopped(p->k) == READ_SQL_CANCELLED)
			return read_sql_cancel_cause(rows);
		return read_sql_timeout_cause(p->job->lim, rows);
	}
	m = pg_error(p->conn, res);
	if (state != NULL && strcmp(state, "25006") == 0)
		cause = xasprintf("the PostgreSQL source refused the query: "
		    "%s (kpidesk runs it in a read-only transaction: give one "
		    "SELECT)", m);
	else if (rows == 0)
		cause = xasprintf("the PostgreSQL source refused the query: "
		    "%s", m);
	else
		cause = xasprintf("the PostgreSQL source stopped the query "
		    "after %llu rows: %s", (unsigned long long)rows, m);
	free(m);
	return cause;
}

/* Send the query and stream its rows into the sink. */
static int
pg_query(struct pg_run *p, char **cause)
{
	PGresult *res;
	int rc = 0, columns = 0, done = 0;

	if (PQsendQueryParams(p->conn, p->job->query, 0, NULL, NULL, NULL,
	    NULL, 0) == 0) {
		*cause = xasprintf("the PostgreSQL source refused the query: "
		    "%s", PQerrorMessage(p->conn));
		return -1;
	}
	if (PQsetSingleRowMode(p->conn) == 0) {
		*cause = xstrdup("PostgreSQL source: single-row mode refused");
		return -1;
	}
	for (;;) {
		while (PQisBusy(p->conn)) {
			if (pg_wait(p, cause) == -1)
				return -1;
		}
		if ((res = PQgetResult(p->conn)) == NULL)
			break;
		switch (PQresultStatus(res)) {
		case PGRES_SINGLE_TUPLE:
			if (rc == 0 && !columns && (columns = 1) &&
			    pg_columns(p, res, cause) == -1)
				rc = -1;
			if (rc == 0 && pg_row(p, res, cause) == -1)
				rc = -1;
			if (rc == -1 || read_sql_sink_poll(p->k, 0) != 0)
				pg_cancel(p);
			break;
		case PGRES_TUPLES_OK:
			/* The end of the rows (with the columns, for 0 rows). */
			if (rc == 0 && !columns && (columns = 1) &&
			    pg_columns(p, res, cause) == -1)
				rc = -1;
			done = 1;
			break;
		case PGRES_COMMAND_OK:
		case PGRES_COPY_OUT:
		case PGRES_COPY_IN:
		case PGRES_COPY_BOTH:
			if (rc == 0)
				*cause = xstrdup("the PostgreSQL source query "
				    "returns no rows: give one SELECT");
			rc = -1;
			break;
		default:
			if (rc == 0)
				*cause = pg_query_error(p, res);
			rc = -1;
			break;
		}
		PQclear(res);
		if (PQstatus(p->conn) == CONNECTION_BAD)
			break;
	}
	if (rc == 0 && read_sql_sink_stopped(p->k) == READ_SQL_CANCELLED) {
		*cause = read_sql_cancel_cause(read_sql_sink_rows(p->k));
		return -1;
	}
	if (rc == 0 && read_sql_sink_stopped(p->k) == READ_SQL_OVERDUE) {
		*cause = read_sql_timeout_cause(p->job->lim,
		    read_sql_sink_rows(p->k));
		return -1;
	}
	if (rc == 0 && !done) {
		*cause = xstrdup("the PostgreSQL source ended the query "
		    "without its result");
		return -1;
	}
	return rc;
}

/* Refuse a URI that carries a password, in its user part or a key. */
static int
pg_check_uri(const char *uri, char **cause)
{
	static const char where[] = "~/.pgpass (or the file PGPASSFILE "
	    "names, or a service file with service=NAME)";
	PQconninfoOption *opts, *o;
	char *err = NULL;
	int rc = 0;

	if (read_sql_uri_has_password(uri, where, cause))
		return -1;
	if ((opts = PQconninfoParse(uri, &err)) == NULL) {
		*cause = xasprintf("the PostgreSQL URI is not valid: %s",
		    err != NULL ? err : "out of memory");
		if (err != NULL)
			PQfreemem(err);
		return -1;
	}
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val != NULL && (strcmp(o->keyword, "password") == 0 ||
		    strcmp(o->keyword, "sslpassword") == 0)) {
			if (rc == 0)
				*cause = read_sql_password_cause(where);
			rc = -1;
		}
	}
	PQconninfoFree(opts);
	return rc;
}

/* What the connection is, for the batch and the checks. */
static void
pg_describe(PGconn *conn, struct reader_sql_info *info)
{
	const char *v = PQparameterStatus(conn, "server_version");
	const char *proto, *cipher, *host = PQhost(conn);

	info->server = xasprintf("PostgreSQL %s", v != NULL ? v : "?");
	info->encrypted = PQsslInUse(conn);
	if (info->encrypted) {
		proto = PQsslAttribute(conn, "protocol");
		cipher = PQsslAttribute(conn, "cipher");
		info->tls = xasprintf("%s %s", proto != NULL ? proto : "TLS",
		    cipher != NULL ? cipher : "");
	}
	info->local = host == NULL || *host == '\0' || *host == '/';
}

static int
pg_run(const struct read_sql_job *job, struct read_sql_sink *k,
    struct reader_sql_info *info, char **cause)
{
	const char *keys[6], *vals[6];
	struct pg_run p;
	char ms[32], *m;
	int n = 0, rc = -1;
	const char *params[1];

	info->uri = xstrdup(job->uri);
	if (pg_check_uri(job->uri, cause) == -1)
		return -1;
	memset(&p, 0, sizeof p);
	p.k = k;
	p.job = job;
	/* Later keys win over the URI's, earlier ones lose to it. */
	keys[n] = "connect_timeout"; vals[n++] = PG_CONNECT_TIMEOUT;
	keys[n] = "dbname"; vals[n++] = job->uri;
	keys[n] = "client_encoding"; vals[n++] = "UTF8";
	keys[n] = "application_name"; vals[n++] = "kpidesk";
	if (job->password != NULL) {
		keys[n] = "password"; vals[n++] = job->password;
	}
	keys[n] = NULL; vals[n] = NULL;
	p.conn = PQconnectdbParams(keys, vals, 1);
	if (p.conn == NULL || PQstatus(p.conn) != CONNECTION_OK) {
		m = pg_error(p.conn, NULL);
		*cause = xasprintf("cannot connect to the PostgreSQL source: "
		    "%s", m);
		free(m);
		goto out;
	}
	pg_describe(p.conn, info);
	snprintf(ms, sizeof ms, "%llu", (unsigned long long)
	    job->lim->source_timeout_s * 1000ULL);
	params[0] = ms;
	if (pg_exec(p.conn, "SELECT set_config('DateStyle', 'ISO, YMD', "
	    "false), set_config('TimeZone', 'UTC', false), "
	    "set_config('IntervalStyle', 'iso_8601', false)", 0, NULL,
	    cause) == -1 ||
	    pg_exec(p.conn, "BEGIN READ ONLY", 0, NULL, cause) == -1 ||
	    pg_exec(p.conn, "SELECT set_config('statement_timeout', $1, true)",
	    1, params, cause) == -1)
		goto out;
	rc = pg_query(&p, cause);
	if (PQstatus(p.conn) == CONNECTION_OK &&
	    PQtransactionStatus(p.conn) != PQTRANS_ACTIVE) {
		char *ignored = NULL;

		if (pg_exec(p.conn, "ROLLBACK", 0, NULL, &ignored) == -1)
			free(ignored);
	}
out:
	PQfinish(p.conn);
	free(p.values);
	free(p.lens);
	free(p.kinds);
	free(p.types);
	return rc;
}

const struct read_sql_engine read_sql_pg = {
	"postgresql", "postgresql:postgres:", 1, "", pg_run
};

#else /* !HAVE_LIBPQ */

const struct read_sql_engine read_sql_pg = {
	"postgresql", "postgresql:postgres:", 0,
	"libpq-dev (configure --with-postgresql)", NULL
};

#endif
