/* cli_import: `kpidesk import customers|orders`, for analysts. */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "import.h"
#include "json.h"
#include "reader.h"
#include "rules.h"
#include "sources.h"
#include "strbuf.h"
#include "users.h"
#include "xmem.h"

static void
cli_import_json(const struct import_result *res, const char *status)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	strbuf_printf(&sb, "{\"batch\": %lld, \"kind\": \"%s\", \"file\": ",
	    (long long)res->batch, res->kind);
	json_str(&sb, res->file);
	strbuf_printf(&sb, ", \"sha256\": \"%s\", \"read\": %lld, "
	    "\"loaded\": %lld, \"rejected\": %lld, \"duplicates\": %lld, "
	    "\"warnings\": %lld, \"rejected_by_reason\": {", res->sha256,
	    (long long)res->read, (long long)res->loaded,
	    (long long)res->rejected, (long long)res->duplicates,
	    (long long)res->warnings);
	for (i = 0; i < res->nreasons; i++) {
		if (i > 0)
			strbuf_puts(&sb, ", ");
		json_str(&sb, res->reasons[i].reason);
		strbuf_printf(&sb, ": %lld", (long long)res->reasons[i].count);
	}
	strbuf_printf(&sb, "}, \"status\": \"%s\"", status);
	if (res->amount_scope != NULL)
		strbuf_printf(&sb, ", \"amount_scope\": \"%s\"",
		    res->amount_scope);
	strbuf_puts(&sb, "}\n");
	fputs(strbuf_str(&sb), stdout);
	strbuf_free(&sb);
}

/*
 * The counts as lines. A refused batch loaded nothing: its loaded count
 * (what the JSON keeps, so that loaded + rejected + duplicates = read) is
 * what it would have loaded, and says so.
 */
static void
cli_import_text(const struct import_result *res, const char *status)
{
	int refused = strcmp(status, "refused") == 0;
	size_t i;

	printf("batch %lld (%s): ", (long long)res->batch, res->kind);
	cli_print_safe(res->file);
	printf("\nsha256 %s\n", res->sha256);
	printf("read %lld, %s %lld, rejected %lld, duplicates %lld, "
	    "warnings %lld\n", (long long)res->read, refused ? "would load" :
	    "loaded", (long long)res->loaded, (long long)res->rejected,
	    (long long)res->duplicates, (long long)res->warnings);
	for (i = 0; i < res->nreasons; i++)
		printf("  rejected %-24s %lld\n", res->reasons[i].reason,
		    (long long)res->reasons[i].count);
	if (res->amount_scope != NULL)
		printf("amount scope: %s\n", res->amount_scope);
	if (res->read_as != NULL) {
		printf("read as: ");
		cli_print_safe(res->read_as);
		printf("\n");
	}
	if (res->repeat_of != 0)
		printf("note: the same file (SHA-256) was loaded as batch %lld;"
		    " its lines add nothing\n", (long long)res->repeat_of);
	if (refused)
		printf("status: refused, nothing was loaded\n");
	else if (strcmp(status, "pending") == 0)
		printf("status: pending: 'kpidesk import accept %lld' commits "
		    "it, 'import discard %lld' drops it\n",
		    (long long)res->batch, (long long)res->batch);
	else
		printf("status: %s\n", status);
}

/* Whether an option that reads a file or source was given. */
static int
cli_import_file_opts(const struct import_opts *io, const char *source,
    const char *saved)
{
	return source != NULL || saved != NULL || io->query != NULL ||
	    io->source_password_file != NULL || io->accept_rejects ||
	    io->amount_scope != NULL || io->source_tz != NULL ||
	    io->sheet != NULL || io->encoding != NULL || io->keep_pending ||
	    io->rejects != NULL;
}

/* `import accept|discard BATCH`: decide on a pending batch as the
 * analyst user. */
static int
cli_import_settle(struct cli_ctx *ctx, const struct cli_cmd *cmd,
    const char *verb, int nargs, char **args, const char *user,
    const char *pwfile, enum cli_format fmt)
{
	int accept = strcmp(verb, "accept") == 0, rc = CLI_FAIL;
	char *cause = NULL;
	struct db *db;
	int64_t batch;

	if (nargs != 1 || cli_parse_id(args[0], &batch) == -1)
		return cli_usage(cmd, "import accept|discard takes a batch "
		    "number");
	if (user == NULL)
		return cli_usage(cmd, "import needs --user NAME (an analyst)");
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	if (cli_login(db, user, pwfile, ROLE_ANALYST) == -1)
		goto out;
	if ((accept ? import_accept(db, batch, user, &cause) :
	    import_discard(db, batch, user, &cause)) == -1) {
		cli_fail_cause(cause);
		goto out;
	}
	if (fmt == CLI_JSON)
		printf("{\"batch\": %lld, \"status\": \"%s\"}\n",
		    (long long)batch, accept ? "committed" : "discarded");
	else
		printf("batch %lld %s\n", (long long)batch,
		    accept ? "committed" : "discarded: its rows were dropped");
	rc = CLI_OK;
out:
	db_close(db);
	return rc;
}

char *
cli_import_summary(void)
{
	char *customers = import_formats_label(IMPORT_CUSTOMERS);
	char *orders = import_formats_label(IMPORT_ORDERS), *s;

	s = xasprintf("load a customer master (%s) or orders (%s, SQL)",
	    customers, orders);
	free(customers);
	free(orders);
	return s;
}

/* Set by SIGINT, SIGTERM or SIGHUP while an SQL source's query runs. */
static volatile sig_atomic_t cli_import_stop;

static void
cli_import_signal(int sig)
{
	(void)sig;
	cli_import_stop = 1;
}

/* The import's progress: cancel once a signal came. */
static int
cli_import_progress(const struct import_progress *p, void *arg)
{
	(void)p;
	(void)arg;
	return cli_import_stop;
}

/* The signals that stop an import from the terminal or a supervisor. */
static const int cli_import_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define CLI_IMPORT_NSIGNALS \
	(sizeof cli_import_signals / sizeof cli_import_signals[0])

/*
 * While an SQL source's query runs, a signal cancels it on the server
 * (the server would otherwise run it to its end for nobody) and the import
 * ends with nothing loaded; a second signal acts as usual.
 */
static void
cli_import_catch(struct sigaction old[CLI_IMPORT_NSIGNALS])
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cli_import_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < CLI_IMPORT_NSIGNALS; i++)
		sigaction(cli_import_signals[i], &sa, &old[i]);
}

static void
cli_import_restore(const struct sigaction old[CLI_IMPORT_NSIGNALS])
{
	size_t i;

	for (i = 0; i < CLI_IMPORT_NSIGNALS; i++)
		sigaction(cli_import_signals[i], &old[i], NULL);
}

/* --jobs N: 1 to IMPORT_MAX_JOBS; -1 otherwise. */
static int
cli_import_jobs(const char *arg, unsigned *jobs)
{
	char *end;
	long n;

	n = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || n < 1 || n > IMPORT_MAX_JOBS)
		return -1;
	*jobs = (unsigned)n;
	return 0;
}

/* Resolve --source NAME (and --saved-query Q) into io's URI and SQL;
 * *uri and *sql are the caller's to free. -1 after reporting. */
static int
cli_import_named(struct db *db, const char *name, const char *saved,
    struct import_opts *io, char **uri, char **sql)
{
	char *cause = NULL;

	if (sources_uri(db, name, uri, &cause) == -1 || (saved != NULL &&
	    sources_query(db, name, saved, sql, &cause) == -1)) {
		cli_fail_cause(cause);
		return -1;
	}
	io->path = *uri;
	if (saved != NULL)
		io->query = *sql;
	return 0;
}

int
cli_import(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "accept-rejects", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "sqlite", required_argument, NULL, 's' },
		{ "source", required_argument, NULL, 'S' },
		{ "query", required_argument, NULL, 'q' },
		{ "saved-query", required_argument, NULL, 'Q' },
		{ "source-password-file", required_argument, NULL, 'P' },
		{ "amount-scope", required_argument, NULL, 'A' },
		{ "source-tz", required_argument, NULL, 'z' },
		{ "sheet", required_argument, NULL, 'h' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "hold", no_argument, NULL, 'k' },
		{ "jobs", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_opts io;
	struct import_result res;
	const char *user = NULL, *pwfile = NULL;
	enum cli_format fmt;
	const char *format = "table", *sqlite = NULL, *what, *saved = NULL;
	const char *status;
	struct sigaction old[CLI_IMPORT_NSIGNALS];
	char *sqlite_uri = NULL, *named_sql = NULL;
	int from_sqlite = 0;
	char *cause = NULL;
	struct db *db = NULL;
	int c, rc = CLI_FAIL, ran;

	memset(&io, 0, sizeof io);
	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'u': user = optarg; break;
		case 'p': pwfile = optarg; break;
		case 'r': io.rejects = optarg; break;
		case 'a': io.accept_rejects = 1; break;
		case 'f': format = optarg; break;
		case 's': sqlite = optarg; from_sqlite = 1; break;
		case 'S':
			if (!sources_is_name(optarg) &&
			    (reader_sql_engine(optarg) == NULL ||
			    strchr(optarg, ':') == NULL))
				return cli_usage(cmd, "--source takes "
				    "sqlite:PATH, postgresql://..., "
				    "mysql://... (mariadb://...) or a name "
				    "from 'kpidesk source list'");
			sqlite = optarg;
			from_sqlite = 0;
			break;
		case 'P': io.source_password_file = optarg; break;
		case 'q': io.query = optarg; break;
		case 'Q': saved = optarg; break;
		case 'A': io.amount_scope = optarg; break;
		case 'z': io.source_tz = optarg; break;
		case 'h': io.sheet = optarg; break;
		case 'e': io.encoding = optarg; break;
		case 'k': io.keep_pending = 1; break;
		case 'j':
			if (cli_import_jobs(optarg, &io.jobs) == -1)
				return cli_usage(cmd, "--jobs is a number "
				    "from 1 to 8 (1: parse and write in one "
				    "thread)");
			break;
		default: return CLI_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage(cmd, "import needs customers or orders");
	what = argv[optind++];
	if (cli_format(cmd, format, CLI_TABLE | CLI_JSON, &fmt) != CLI_OK)
		return CLI_USAGE;
	if (strcmp(what, "accept") == 0 || strcmp(what, "discard") == 0) {
		if (cli_import_file_opts(&io, sqlite, saved))
			return cli_usage(cmd, "import accept|discard takes "
			    "--user, --password-file and --format only");
		return cli_import_settle(ctx, cmd, what, argc - optind,
		    argv + optind, user, pwfile, fmt);
	}
	if (strcmp(what, "customers") == 0)
		io.kind = IMPORT_CUSTOMERS;
	else if (strcmp(what, "orders") == 0)
		io.kind = IMPORT_ORDERS;
	else
		return cli_usage(cmd, "import customers, orders, accept or "
		    "discard");
	if (saved != NULL && (sqlite == NULL || !sources_is_name(sqlite) ||
	    io.query != NULL))
		return cli_usage(cmd, "--saved-query Q goes with --source NAME "
		    "and without --query");
	if (saved != NULL)
		io.query = saved;	/* resolved once the database is open */
	if (sqlite != NULL || io.query != NULL) {
		if (io.kind != IMPORT_ORDERS || sqlite == NULL ||
		    io.query == NULL || optind != argc)
			return cli_usage(cmd, "orders from SQL need --source "
			    "URI (or --sqlite DB) and --query SQL, and no FILE");
		io.path = sqlite;
	} else if (io.source_password_file != NULL)
		return cli_usage(cmd, "--source-password-file goes with "
		    "--source URI");
	else if (optind + 1 != argc)
		return cli_usage(cmd, "give one FILE");
	else
		io.path = argv[optind];
	if (user == NULL)
		return cli_usage(cmd, "import needs --user NAME (an analyst)");
	if (io.amount_scope != NULL && rules_amount_scope(io.amount_scope) == -1)
		return cli_usage(cmd, "--amount-scope is auto, line or order");

	if (from_sqlite)	/* --sqlite PATH: a file, whatever its name */
		io.path = sqlite_uri = xasprintf("sqlite:%s", sqlite);
	if (cli_open_db(ctx, 0, &db) != CLI_OK) {
		free(sqlite_uri);
		return CLI_FAIL;
	}
	if (!from_sqlite && sqlite != NULL && sources_is_name(sqlite) &&
	    cli_import_named(db, sqlite, saved, &io, &sqlite_uri,
	    &named_sql) == -1)
		goto out;
	if (io.query != NULL && reader_sql_check(io.path, &cause) == -1) {
		cli_fail_cause(cause);	/* before any password is asked */
		goto out;
	}
	if (cli_login(db, user, pwfile, ROLE_ANALYST) == -1)
		goto out;
	io.actor = user;
	if (io.query != NULL) {
		cli_import_stop = 0;
		io.progress = cli_import_progress;
		cli_import_catch(old);
	}
	ran = import_run(db, &io, &res, &cause);
	if (io.query != NULL)
		cli_import_restore(old);
	if (res.batch != 0) {
		status = ran == -1 ? "refused" : io.keep_pending ? "pending" :
		    "committed";
		if (fmt == CLI_JSON)
			cli_import_json(&res, status);
		else
			cli_import_text(&res, status);
		if (io.rejects != NULL && res.rejects_error == NULL &&
		    fmt != CLI_JSON) {
			printf("wrote %lld rejected rows to ",
			    (long long)res.rejects_written);
			cli_print_safe(io.rejects);
			printf("%s\n", res.rejects_written < res.rejected +
			    res.duplicates ? " (a batch keeps the first 10,000 "
			    "of each kind; the check report counts them all)" :
			    "");
		}
	}
	if (res.rejects_error != NULL) {
		cli_fail_cause(res.rejects_error);
		res.rejects_error = NULL;
	} else if (ran == 0)
		rc = CLI_OK;
	if (ran == -1)
		cli_fail_cause(cause);
	import_result_free(&res);
out:
	free(sqlite_uri);
	free(named_sql);
	db_close(db);
	return rc;
}
