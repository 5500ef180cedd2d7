/*
 * read_sql_my: orders from MariaDB or MySQL through MariaDB Connector/C
 * (read_sql_impl.h has the engine protocol).
 *
 * URI: mysql://[USER@]HOST[:PORT]/[DB][?KEY=VALUE&...] (or mariadb://),
 * keys socket, ssl-mode (DISABLED, PREFERRED, REQUIRED, VERIFY_CA,
 * VERIFY_IDENTITY), ssl-ca, ssl-capath, ssl-cert, ssl-key, defaults-file.
 * The password never comes from the URI: from the option file
 * defaults-file names (it must be private, like a password file), else the
 * usual ones (~/.my.cnf, group [client]), or from the caller.
 *
 * The session reads TIMESTAMP values in UTC (so they are instants, given on
 * with a "Z"), DATETIME as wall-clock times (read in --source-tz), DECIMAL
 * and every other type as the server's exact text; integer types stay
 * integers. The session and its transaction are READ ONLY (DDL, which
 * would commit implicitly, is refused as well), with max_statement_time
 * (MariaDB) or max_execution_time (MySQL) at source_timeout_s; without
 * CLIENT_MULTI_STATEMENTS the server runs exactly one statement. Rows are
 * streamed (mysql_use_result) through the non-blocking API, so a cancel
 * from the caller, or a server that ignores its timeout, reaches the
 * server at once as KILL QUERY on a second connection.
 */
#include "read_sql_impl.h"

#include <stdlib.h>
#include <string.h>

#include "xmem.h"

#ifdef HAVE_MARIADB

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>

#include <mysql.h>

#include "log.h"
#include "paths.h"

/* Seconds to connect. */
#define MY_CONNECT_TIMEOUT	10

/* MariaDB's and MySQL's error numbers (mysqld_error.h of each server). */
#define MY_ER_QUERY_INTERRUPTED		1317
#define MY_ER_READ_ONLY_TRANSACTION	1792
#define MY_ER_STATEMENT_TIMEOUT		1969	/* MariaDB */
#define MY_ER_QUERY_TIMEOUT		3024	/* MySQL */

/* A parsed URI; every string allocated (or NULL). */
struct my_uri {
	char		*user;
	char		*host;
	unsigned	 port;
	char		*db;
	char		*socket;
	char		*ssl_mode;
	char		*ssl_ca;
	char		*ssl_capath;
	char		*ssl_cert;
	char		*ssl_key;
	char		*defaults_file;
};

struct my_run {
	MYSQL			*m;
	struct my_uri		 u;
	const struct read_sql_job *job;
	struct read_sql_sink	*k;
	int			 killed;
};

static void
my_uri_free(struct my_uri *u)
{
	free(u->user);
	free(u->host);
	free(u->db);
	free(u->socket);
	free(u->ssl_mode);
	free(u->ssl_ca);
	free(u->ssl_capath);
	free(u->ssl_cert);
	free(u->ssl_key);
	free(u->defaults_file);
	memset(u, 0, sizeof *u);
}

/* len bytes of s with %XX decoded; NULL if a %XX is broken or gives NUL. */
static char *
my_decode(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;
	size_t i;
	unsigned v;

	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= len || !isxdigit((unsigned char)s[i + 1]) ||
		    !isxdigit((unsigned char)s[i + 2]))
			goto bad;
		sscanf(s + i + 1, "%2x", &v);
		if (v == 0)
			goto bad;
		*o++ = (char)v;
		i += 2;
	}
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

/* One KEY=VALUE of the query part into u. */
static int
my_uri_key(struct my_uri *u, const char *kv, size_t len, char **cause)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "socket", offsetof(struct my_uri, socket) },
		{ "ssl-mode", offsetof(struct my_uri, ssl_mode) },
		{ "ssl-ca", offsetof(struct my_uri, ssl_ca) },
		{ "ssl-capath", offsetof(struct my_uri, ssl_capath) },
		{ "ssl-cert", offsetof(struct my_uri, ssl_cert) },
		{ "ssl-key", offsetof(struct my_uri, ssl_key) },
		{ "defaults-file", offsetof(struct my_uri, defaults_file) },
	};
	const char *eq = memchr(kv, '=', len);
	size_t klen = eq != NULL ? (size_t)(eq - kv) : len, i;
	char **slot, *v;

	if (klen == 8 && strncasecmp(kv, "password", 8) == 0) {
		*cause = read_sql_password_cause("an option file given with "
		    "defaults-file=PATH (a [client] group with password=, "
		    "chmod 600) or ~/.my.cnf");
		return -1;
	}
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strlen(keys[i].key) == klen &&
		    strncasecmp(keys[i].key, kv, klen) == 0)
			break;
	}
	if (i == sizeof keys / sizeof keys[0] || eq == NULL) {
		*cause = xasprintf("the MariaDB URI has a key kpidesk does not "
		    "know (%.*s): it takes socket, ssl-mode, ssl-ca, "
		    "ssl-capath, ssl-cert, ssl-key and defaults-file",
		    (int)(klen < 40 ? klen : 40), kv);
		return -1;
	}
	if ((v = my_decode(eq + 1, len - klen - 1)) == NULL) {
		*cause = xstrdup("the MariaDB URI has a broken %-escape");
		return -1;
	}
	slot = (char **)(void *)((char *)u + keys[i].off);
	free(*slot);
	*slot = v;
	return 0;
}

/* Parse mysql://[USER@]HOST[:PORT]/[DB][?K=V&...]. */
static int
my_uri_parse(const char *uri, struct my_uri *u, char **cause)
{
	const char *p = strstr(uri, "://") + 3, *end, *at, *colon, *q;
	char *port;
	size_t n;

	memset(u, 0, sizeof *u);
	end = p + strcspn(p, "/?#");
	if ((at = memchr(p, '@', (size_t)(end - p))) != NULL) {
		if ((u->user = my_decode(p, (size_t)(at - p))) == NULL)
			goto bad;
		p = at + 1;
	}
	colon = memchr(p, ':', (size_t)(end - p));
	if ((u->host = my_decode(p, (size_t)((colon != NULL ? colon : end) -
	    p))) == NULL)
		goto bad;
	if (colon != NULL) {
		port = xstrndup(colon + 1, (size_t)(end - colon - 1));
		n = strspn(port, "0123456789");
		u->port = (unsigned)strtoul(port, NULL, 10);
		if (port[0] == '\0' || port[n] != '\0' || u->port == 0 ||
		    u->port > 65535) {
			free(port);
			*cause = xstrdup("the MariaDB URI's port is not a "
			    "number from 1 to 65535");
			return -1;
		}
		free(port);
	}
	p = end;
	if (*p == '/') {
		p++;
		n = strcspn(p, "?#");
		if (n > 0 && (u->db = my_decode(p, n)) == NULL)
			goto bad;
		p += n;
	}
	if (*p == '?') {
		for (p++; *p != '\0' && *p != '#'; p = q + (*q == '&')) {
			q = p + strcspn(p, "&#");
			if (q > p && my_uri_key(u, p, (size_t)(q - p),
			    cause) == -1)
				return -1;
		}
	}
	if (u->ssl_mode != NULL && strcasecmp(u->ssl_mode, "DISABLED") != 0 &&
	    strcasecmp(u->ssl_mode, "PREFERRED") != 0 &&
	    strcasecmp(u->ssl_mode, "REQUIRED") != 0 &&
	    strcasecmp(u->ssl_mode, "VERIFY_CA") != 0 &&
	    strcasecmp(u->ssl_mode, "VERIFY_IDENTITY") != 0) {
		*cause = xstrdup("ssl-mode is DISABLED, PREFERRED, REQUIRED, "
		    "VERIFY_CA or VERIFY_IDENTITY");
		return -1;
	}
	return 0;
bad:
	*cause = xstrdup("the MariaDB URI has a broken %-escape");
	return -1;
}

/* A connection handle with the URI's options (not yet connected). */
static MYSQL *
my_handle(const struct my_uri *u, int nonblock)
{
	MYSQL *m = mysql_init(NULL);
	unsigned timeout = MY_CONNECT_TIMEOUT;
	my_bool on = 1;

	if (m == NULL)
		fatalx("mysql_init: out of memory");
	if (nonblock)
		mysql_options(m, MYSQL_OPT_NONBLOCK, 0);
	if (u->defaults_file != NULL)
		mysql_options(m, MYSQL_READ_DEFAULT_FILE, u->defaults_file);
	mysql_options(m, MYSQL_READ_DEFAULT_GROUP, "client");
	mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	if (u->ssl_ca != NULL)
		mysql_options(m, MYSQL_OPT_SSL_CA, u->ssl_ca);
	if (u->ssl_capath != NULL)
		mysql_options(m, MYSQL_OPT_SSL_CAPATH, u->ssl_capath);
	if (u->ssl_cert != NULL)
		mysql_options(m, MYSQL_OPT_SSL_CERT, u->ssl_cert);
	if (u->ssl_key != NULL)
		mysql_options(m, MYSQL_OPT_SSL_KEY, u->ssl_key);
	if (u->ssl_mode != NULL && strcasecmp(u->ssl_mode, "DISABLED") != 0 &&
	    strcasecmp(u->ssl_mode, "PREFERRED") != 0)
		mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on);
	if (u->ssl_mode != NULL && strncasecmp(u->ssl_mode, "VERIFY_", 7) == 0)
		mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
	return m;
}

/* Connect m as u says. -1 and *cause. */
static int
my_connect(MYSQL *m, const struct my_uri *u, const char *password,
    char **cause)
{
	const char *host = u->host != NULL && *u->host != '\0' ? u->host :
	    NULL;

	if (mysql_real_connect(m, host, u->user, password, u->db, u->port,
	    u->socket, 0) == NULL) {
		*cause = xasprintf("cannot connect to the MariaDB source: %s",
		    mysql_error(m));
		return -1;
	}
	return 0;
}

/* Stop the running query: KILL QUERY from a second connection. */
static void
my_kill(struct my_run *p)
{
	MYSQL *m2;
	char sql[64], *ignored = NULL;

	if (p->killed)
		return;
	p->killed = 1;
	m2 = my_handle(&p->u, 0);
	if (my_connect(m2, &p->u, p->job->password, &ignored) == 0) {
		/* A number the server gave: KILL takes no parameters. */
		snprintf(sql, sizeof sql, "KILL QUERY %lu",
		    (unsigned long)mysql_thread_id(p->m));
		(void)mysql_query(m2, sql);
	}
	free(ignored);
	mysql_close(m2);
}

/*
 * Wait for what a non-blocking call asked (status), at most until the next
 * poll; kill the query when the sink says stop. Returns the events for the
 * _cont call, 0 when nothing happened yet, or -1 when the server did not
 * end a killed query in time (the link is then cut: the _cont call fails).
 */
static int
my_wait(struct my_run *p, int status)
{
	struct pollfd pfd;
	int ms = read_sql_sink_wait_ms(p->k), ready = 0;
	unsigned tmo;

	if (read_sql_sink_poll(p->k, 1) != 0)
		my_kill(p);
	if (read_sql_sink_abandon(p->k)) {
		/* The server ignored KILL QUERY: cut the link, so that no
		 * call waits for it any more. */
		shutdown(mysql_get_socket(p->m), SHUT_RDWR);
		return -1;
	}
	pfd.fd = mysql_get_socket(p->m);
	pfd.events = 0;
	pfd.revents = 0;
	if (status & MYSQL_WAIT_READ)
		pfd.events |= POLLIN;
	if (status & MYSQL_WAIT_WRITE)
		pfd.events |= POLLOUT;
	if (status & MYSQL_WAIT_EXCEPT)
		pfd.events |= POLLPRI;
	if (status & MYSQL_WAIT_TIMEOUT) {
		tmo = mysql_get_timeout_value_ms(p->m);
		if (tmo < (unsigned)ms)
			ms = (int)tmo;
	}
	if (poll(&pfd, 1, ms) <= 0)
		return (status & MYSQL_WAIT_TIMEOUT) && ms == 0 ?
		    MYSQL_WAIT_TIMEOUT : 0;
	if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
		ready |= MYSQL_WAIT_READ;
	if (pfd.revents & POLLOUT)
		ready |= MYSQL_WAIT_WRITE;
	if (pfd.revents & POLLPRI)
		ready |= MYSQL_WAIT_EXCEPT;
	return ready;
}

/* Why the query failed (allocated). */
static char *
my_query_error(struct my_run *p)
{
	unsigned e = mysql_errno(p->m);
	uint64_t rows = read_sql_sink_rows(p->k);
	int stopped = read_sql_sink_stopped(p->k);

	if (e == MY_ER_STATEMENT_TIMEOUT || e == MY_ER_QUERY_TIMEOUT)
		return read_sql_timeout_cause(p->job->lim, rows);
	if (stopped != 0)
		return read_sql_stop_cause(p->k);
	if (e == MY_ER_READ_ONLY_TRANSACTION)
		return xasprintf("the MariaDB source refused the query: %s "
		    "(kpidesk runs it in a read-only transaction: give one "
		    "SELECT)", mysql_error(p->m));
	if (rows == 0)
		return xasprintf("the MariaDB source refused the query: %s",
		    mysql_error(p->m));
	return xasprintf("the MariaDB source stopped the query after %llu "
	    "rows: %s", (unsigned long long)rows, mysql_error(p->m));
}

/* Declare the result's columns to the sink; their kinds into kinds. */
static int
my_columns(struct my_run *p, MYSQL_RES *res, enum read_sql_kind *kinds,
    int *stamp, char **cause)
{
	MYSQL_FIELD *f = mysql_fetch_fields(res);
	size_t i, n = mysql_num_fields(res);
	const char **names = xcalloc(n + 1, sizeof *names);
	int rc;

	for (i = 0; i < n; i++) {
		names[i] = f[i].name;
		stamp[i] = 0;
		switch (f[i].type) {
		case MYSQL_TYPE_TINY:
		case MYSQL_TYPE_SHORT:
		case MYSQL_TYPE_INT24:
		case MYSQL_TYPE_LONG:
		case MYSQL_TYPE_LONGLONG:
		case MYSQL_TYPE_YEAR:
			kinds[i] = READ_SQL_INT;
			break;
		case MYSQL_TYPE_TIMESTAMP:
			kinds[i] = READ_SQL_TEXT;
			stamp[i] = 1;	/* in the session's zone, UTC */
			break;
		default:
			kinds[i] = READ_SQL_TEXT;
			break;
		}
	}
	rc = read_sql_sink_columns(p->k, n, names, cause);
	free(names);
	return rc;
}

/* Stream the result's rows into the sink. */
static int
my_rows(struct my_run *p, MYSQL_RES *res, char **cause)
{
	size_t i, n = mysql_num_fields(res), *lens;
	enum read_sql_kind *kinds, *row_kinds;
	const char **values;
	unsigned long *l;
	MYSQL_ROW row;
	char *tz = NULL;
	int *stamp, status, rc = -1;

	kinds = xcalloc(n + 1, sizeof *kinds);
	row_kinds = xcalloc(n + 1, sizeof *row_kinds);
	stamp = xcalloc(n + 1, sizeof *stamp);
	values = xcalloc(n + 1, sizeof *values);
	lens = xcalloc(n + 1, sizeof *lens);
	if (my_columns(p, res, kinds, stamp, cause) == -1) {
		my_kill(p);
		goto out;
	}
	for (;;) {
		status = mysql_fetch_row_start(&row, res);
		while (status != 0) {
			int ready = my_wait(p, status);

			if (ready != 0)
				status = mysql_fetch_row_cont(&row, res,
				    ready == -1 ? MYSQL_WAIT_READ : ready);
		}
		if (row == NULL)
			break;
		l = mysql_fetch_lengths(res);
		for (i = 0; i < n; i++) {
			values[i] = row[i] != NULL ? row[i] : "";
			lens[i] = row[i] != NULL ? l[i] : 0;
			row_kinds[i] = row[i] != NULL ? kinds[i] :
			    READ_SQL_NULL;
			if (stamp[i] && row[i] != NULL && tz == NULL) {
				tz = xasprintf("%.*sZ", (int)l[i], row[i]);
				values[i] = tz;
				lens[i] = l[i] + 1;
			}
		}
		rc = read_sql_sink_row(p->k, values, lens, row_kinds, cause);
		free(tz);
		tz = NULL;
		if (rc == -1) {
			/* Kill the query and cut the link: mysql_free_result
			 * would otherwise read the rest of the rows. */
			my_kill(p);
			shutdown(mysql_get_socket(p->m), SHUT_RDWR);
			goto out;
		}
		if (read_sql_sink_poll(p->k, 0) != 0)
			my_kill(p);
	}
	if (mysql_errno(p->m) != 0) {
		*cause = my_query_error(p);
		rc = -1;
	} else if (read_sql_sink_stopped(p->k) != 0) {
		/* The last row came before the kill did. */
		*cause = read_sql_stop_cause(p->k);
		rc = -1;
	} else
		rc = 0;
out:
	free(kinds);
	free(row_kinds);
	free(stamp);
	free(values);
	free(lens);
	return rc;
}

/* Send the query, then stream its result. */
static int
my_query(struct my_run *p, char **cause)
{
	const char *q = p->job->query;
	MYSQL_RES *res;
	int status, err = 0, rc;

	status = mysql_real_query_start(&err, p->m, q, strlen(q));
	while (status != 0) {
		int ready = my_wait(p, status);

		if (ready != 0)
			status = mysql_real_query_cont(&err, p->m,
			    ready == -1 ? MYSQL_WAIT_READ : ready);
	}
	if (err != 0) {
		*cause = my_query_error(p);
		return -1;
	}
	if ((res = mysql_use_result(p->m)) == NULL) {
		if (mysql_field_count(p->m) == 0)
			*cause = xstrdup("the MariaDB source query returns no "
			    "rows: give one SELECT");
		else
			*cause = my_query_error(p);
		return -1;
	}
	rc = my_rows(p, res, cause);
	mysql_free_result(res);
	return rc;
}

/* Run a statement of the session's set-up. */
static int
my_exec(struct my_run *p, const char *sql, char **cause)
{
	if (mysql_query(p->m, sql) != 0) {
		*cause = xasprintf("MariaDB source: %s: %s", sql,
		    mysql_error(p->m));
		return -1;
	}
	return 0;
}

/* What the connection is, for the batch and the checks. */
static void
my_describe(struct my_run *p, struct reader_sql_info *info)
{
	const char *v = mysql_get_server_info(p->m), *cipher;
	const char *how = mysql_get_host_info(p->m);
	const char *proto = NULL;

	info->server = xasprintf("%s %s", strstr(v, "MariaDB") != NULL ?
	    "MariaDB" : "MySQL", v);
	cipher = mysql_get_ssl_cipher(p->m);
	info->encrypted = cipher != NULL;
	if (info->encrypted) {
		if (mariadb_get_infov(p->m, MARIADB_CONNECTION_TLS_VERSION,
		    &proto) != 0)
			proto = NULL;
		info->tls = xasprintf("%s %s", proto != NULL ? proto : "TLS",
		    cipher);
	}
	info->local = how != NULL && strstr(how, "socket") != NULL;
}

static int
my_run(const struct read_sql_job *job, struct read_sql_sink *k,
    struct reader_sql_info *info, char **cause)
{
	struct my_run p;
	char sql[96];
	int rc = -1;

	info->uri = xstrdup(job->uri);
	memset(&p, 0, sizeof p);
	p.job = job;
	p.k = k;
	if (read_sql_uri_has_password(job->uri, "an option file given with "
	    "defaults-file=PATH (a [client] group with password=, chmod "
	    "600) or ~/.my.cnf", cause) ||
	    my_uri_parse(job->uri, &p.u, cause) == -1)
		goto out;
	if (p.u.defaults_file != NULL &&
	    paths_check_private(p.u.defaults_file, cause) == -1)
		goto out;
	p.m = my_handle(&p.u, 1);
	if (my_connect(p.m, &p.u, job->password, cause) == -1)
		goto out;
	my_describe(&p, info);
	if (p.u.ssl_mode != NULL && strcasecmp(p.u.ssl_mode, "DISABLED") != 0 &&
	    strcasecmp(p.u.ssl_mode, "PREFERRED") != 0 && !info->encrypted) {
		/* Connector/C 3.3 enforces TLS itself only with VERIFY_*. */
		*cause = xasprintf("cannot connect to the MariaDB source: "
		    "ssl-mode=%s, but the server does not support TLS (SSL)",
		    p.u.ssl_mode);
		goto out;
	}
	/* Numbers kpidesk bounds: SET takes no parameters. */
	if (strstr(info->server, "MariaDB") != NULL)
		snprintf(sql, sizeof sql, "SET SESSION max_statement_time = %u",
		    job->lim->source_timeout_s);
	else
		snprintf(sql, sizeof sql, "SET SESSION max_execution_time = "
		    "%llu", (unsigned long long)job->lim->source_timeout_s *
		    1000ULL);
	if (my_exec(&p, "SET SESSION time_zone = '+00:00'", cause) == -1 ||
	    my_exec(&p, sql, cause) == -1 ||
	    my_exec(&p, "SET SESSION TRANSACTION READ ONLY", cause) == -1 ||
	    my_exec(&p, "START TRANSACTION READ ONLY", cause) == -1)
		goto out;
	rc = my_query(&p, cause);
	(void)mysql_query(p.m, "ROLLBACK");
out:
	if (p.m != NULL)
		mysql_close(p.m);
	my_uri_free(&p.u);
	return rc;
}

const struct read_sql_engine read_sql_my = {
	"mysql", "mysql:mariadb:", 1, "", my_run
};

#else /* !HAVE_MARIADB */

const struct read_sql_engine read_sql_my = {
	"mysql", "mysql:mariadb:", 0,
	"libmariadb-dev (configure --with-mariadb)", NULL
};

#endif
