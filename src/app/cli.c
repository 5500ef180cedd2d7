/* cli: the command table, option helpers and exit codes shared by cli_*.c. */
#include "cli.h"

#include <errno.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "db.h"
#include "kpi.h"
#include "json.h"
#include "log.h"
#include "ledger.h"
#include "paths.h"
#include "schema.h"
#include "secret.h"
#include "strbuf.h"
#include "text.h"
#include "users.h"
#include "xmem.h"


static const struct cli_cmd cli_table[] = {
	{ "init", "init [--db PATH] [--tz ZONE] --admin NAME "
	  "[--password-file F]",
	  "create a database and its first admin",
	  "  --admin NAME          the first account, with the admin role\n"
	  "  --tz ZONE             the data time zone (default Asia/Kolkata)\n"
	  "  --password-file F     the admin's password (a 0600 file), else "
	  "asked twice\n",
	  cli_init },
	{ "user", "user add NAME --role ROLE[,ROLE] [--password-file F]\n"
	  "       user list [--format table|json]\n"
	  "       user disable NAME | enable NAME | unlock NAME\n"
	  "       user passwd NAME [--password-file F]\n"
	  "       user roles NAME ROLE[,ROLE]",
	  "manage accounts (operator, audited as os:<login>)",
	  "  list                  the accounts: roles, enabled or disabled, "
	  "failures, lockout\n"
	  "  add NAME              a new account (needs --role)\n"
	  "  passwd NAME           set a new password\n"
	  "  roles NAME ROLES      replace an account's roles\n"
	  "  disable NAME          refuse its logins; enable NAME allows them "
	  "again\n"
	  "  unlock NAME           clear its failed logins and lockout\n"
	  "  --role ROLE[,ROLE]    analyst, approver, auditor, admin (add)\n"
	  "  --password-file F     the new password (a 0600 file), else asked "
	  "twice\n"
	  "  --format table|json   list as a table (default) or one JSON "
	  "object\n",
	  cli_user },
	{ "config", "config [list] [--format table|json] | config set KEY "
	  "VALUE",
	  "show or change settings (operator, audited as os:<login>)",
	  "  list                  every setting, its value and what it does\n"
	  "  set KEY VALUE         change a setting (checked, audited)\n"
	  "  --format table|json   list as a table (default) or one JSON "
	  "object\n",
	  cli_config },
	{ "import", "import customers FILE --user NAME [--password-file F]\n"
	  "       import orders FILE|- --user NAME [--password-file F] "
	  "[--jobs N]\n"
	  "       import orders --source URI --query SQL --user NAME ...\n"
	  "       import orders --source NAME --query SQL|--saved-query Q "
	  "--user NAME ...\n"
	  "         URI: sqlite:DB, postgresql://[USER@]HOST[:PORT]/DB[?...],\n"
	  "         mysql://[USER@]HOST[:PORT]/DB[?...] (mariadb://); no password\n"
	  "         in it: [--source-password-file F], ~/.pgpass, ~/.my.cnf\n"
	  "       options: [--rejects OUT.csv] [--accept-rejects] [--hold] "
	  "[--format table|json]\n"
	  "                [--amount-scope auto|line|order] "
	  "[--source-tz ZONE] [--sheet NAME]\n"
	  "                [--encoding windows-1252|iso-8859-1]\n"
	  "       import accept|discard BATCH --user NAME [--password-file F]",
	  NULL /* cli_import_summary: the formats from their table */,
	  "  customers FILE        load a customer master\n"
	  "  orders FILE|-         load orders (- reads standard input)\n"
	  "  accept BATCH          commit a batch left pending (--hold, or the "
	  "upload screen)\n"
	  "  discard BATCH         drop a pending batch's rows\n"
	  "  --user NAME           the analyst who imports (logs in)\n"
	  "  --password-file F     NAME's password (a 0600 file), else asked\n"
	  "  --rejects OUT.csv     write the rejected and duplicate rows "
	  "(0600)\n"
	  "  --accept-rejects      commit a batch over the reject limit\n"
	  "  --hold                leave the batch pending: accept or discard "
	  "it later\n"
	  "  --format table|json   the counts as lines (default) or one JSON "
	  "object\n"
	  "  --source URI|NAME     orders from an SQL source, or a named one\n"
	  "  --sqlite DB           the same as --source sqlite:DB\n"
	  "  --query SQL           the SELECT that returns the six order "
	  "fields\n"
	  "  --saved-query Q       a query saved for the named source\n"
	  "  --source-password-file F  the SQL server's password (a 0600 "
	  "file)\n"
	  "  --amount-scope auto|line|order  how total_amount is read\n"
	  "  --source-tz ZONE      the zone of times without an offset\n"
	  "  --sheet NAME          the workbook sheet to read\n"
	  "  --encoding NAME       a legacy CSV: windows-1252 or iso-8859-1\n"
	  "  --jobs N              XML orders: 2 parse on a thread beside "
	  "the writer, 3 or\n"
	  "                        more cut the file for N-1 parsers "
	  "(default: the cores, at most 8)\n",
	  cli_import },
	{ "check", "check [BATCH] [--format table|json]",
	  "print the sanity-check report of a batch",
	  "  BATCH                 the batch number (default: the newest)\n"
	  "  --format table|json   lines (default) or one JSON object\n",
	  cli_check },
	{ "kpi", "kpi NAME|all [--as-of YYYY-MM-DD] [--format table|csv|json]"
	  " [--chart] [--limit N]\n"
	  "       [--period all|day|mtd|30d] [--raw] [--out DIR]",
	  "print KPIs: ",	/* + the names (cli_help) */
	  "  --as-of YYYY-MM-DD    the report day (default: the day after the "
	  "latest order)\n"
	  "  --format table|csv|json  tables (default), CSV or JSON\n"
	  "  --out DIR             --format csv: write NAME.csv into DIR "
	  "(all needs it)\n"
	  "  --chart               draw each KPI's chart below its table\n"
	  "  --limit N             at most N rows per KPI\n"
	  "  --period all|day|mtd|30d  repeat-customers and regional-revenue\n"
	  "  --raw                 CSV: values as stored, not made visible\n",
	  cli_kpi },
	{ "export", "export --user NAME --approver NAME [--password-file F "
	  "--approver-password-file F2]\n"
	  "       [--as-of YYYY-MM-DD] [--out FILE] [--force]\n"
	  "       export request --user NAME [--password-file F] "
	  "[--as-of YYYY-MM-DD]\n"
	  "       export list\n"
	  "       export approve|reject ID --user APPROVER "
	  "[--password-file F]\n"
	  "       export write ID --user NAME [--password-file F] "
	  "[--out FILE] [--force]",
	  "write the report workbook, approved by a second person",
	  "  request               an analyst asks for an export\n"
	  "  list                  the requests waiting for a decision\n"
	  "  approve|reject ID     an approver decides, in their own session\n"
	  "  write ID              the requester writes the approved workbook\n"
	  "  --user NAME           who acts (the requester, or the approver)\n"
	  "  --approver NAME       one run: the approver, another person\n"
	  "  --password-file F     --user's password (a 0600 file), else "
	  "asked\n"
	  "  --approver-password-file F2  the approver's password\n"
	  "  --as-of YYYY-MM-DD    the report day (default: the latest)\n"
	  "  --out FILE            the workbook (default in export_dir)\n"
	  "  --force               replace an existing FILE\n",
	  cli_export },
	{ "history", "history [list] [--format table|json] | snapshot [DAY] | "
	  "show DAY [--kpi NAME]\n"
	  "       [--format table|json] | verify [DAY] | diff DAY1 DAY2\n"
	  "       history files DAY DIR [--user NAME [--password-file F]]\n"
	  "       history reexport DAY [--export ID] [--out FILE] | months "
	  "[--format table|json]",
	  "past days as they were: snapshots, verification, differences",
	  "  list                  the days with a snapshot\n"
	  "  snapshot [DAY]        take a day's snapshot\n"
	  "  show DAY              a day's KPIs as stored\n"
	  "  verify [DAY]          check snapshots against their batches\n"
	  "  diff DAY1 DAY2        compare two days' KPIs\n"
	  "  files DAY DIR         write a day's evidence files into DIR/DAY/\n"
	  "  reexport DAY          rebuild a day's export and compare its "
	  "bytes\n"
	  "  months                monthly figures from the snapshots\n"
	  "  --format table|json   list, show, months: table (default) or "
	  "JSON\n"
	  "  --kpi NAME            show: only that KPI\n"
	  "  --user NAME           files: who reads (an auditor sees masked "
	  "mobiles)\n"
	  "  --password-file F     files: NAME's password (a 0600 file)\n"
	  "  --export ID           reexport: that export of DAY\n"
	  "  --out FILE            reexport: also write the rebuilt workbook\n",
	  cli_history },
	{ "source", "source [list] [--format table|json] | add NAME URI | "
	  "remove NAME |\n"
	  "       source query NAME QUERY SQL | queries NAME "
	  "[--format table|json]",
	  "named SQL sources and saved queries (operator, audited as "
	  "os:<login>)",
	  "  list                  the named sources\n"
	  "  add NAME URI          save a source under NAME (no password in "
	  "URI)\n"
	  "  remove NAME           remove it and its queries\n"
	  "  query NAME QUERY SQL  save SQL as NAME's query QUERY\n"
	  "  queries NAME          NAME's saved queries\n"
	  "  --format table|json   list, queries: lines (default) or JSON\n",
	  cli_source },
	{ "audit", "audit [list] [--actor NAME] [--action ACTION] "
	  "[--since DAY] [--until DAY]\n"
	  "       [--format table|json]\n"
	  "       audit verify [--anchor FILE] | audit anchor",
	  "show or verify the hash-chained audit log",
	  "  list                  the log, oldest first\n"
	  "  verify                the chain, the tables it covers, the anchor "
	  "file\n"
	  "  anchor                add the heads a failed anchor write left "
	  "out\n"
	  "  --actor NAME          list: only NAME's entries (--user is the "
	  "same)\n"
	  "  --action ACTION       list: only that action (user.add, ...)\n"
	  "  --since DAY           list: from DAY (YYYY-MM-DD) on\n"
	  "  --until DAY           list: before DAY\n"
	  "  --format table|json   list: lines (default) or one JSON object\n"
	  "  --anchor FILE         verify: the anchor file to check\n",
	  cli_audit },
};
#define CLI_NCMDS (sizeof cli_table / sizeof cli_table[0])

/* A command's summary line ("print KPIs: repeat-customers, ..."). Caller
 * frees. */
static char *
cli_summary(const struct cli_cmd *cmd)
{
	char *summary, *names, *s;

	summary = cmd->summary != NULL ? xstrdup(cmd->summary) :
	    cli_import_summary();
	/* The KPI names come from the KPI table, never a copy. */
	if (cmd->run != cli_kpi)
		return summary;
	names = kpi_names();
	s = xasprintf("%s%s", summary, names);
	free(summary);
	free(names);
	return s;
}

static void
cli_help(FILE *f)
{
	char *summary;
	size_t i;

	fprintf(f, "usage: kpidesk [--db PATH] COMMAND [ARGS]\n"
	    "       kpidesk [--db PATH] [--start SCREEN]   (the terminal "
	    "interface)\n"
	    "       kpidesk demo [--reset] [--db PATH]     (the demo database, "
	    "kept across starts,\n"
	    "                                              and the interface; "
	    "demo --help)\n"
	    "       kpidesk --help | --version\n\ncommands:\n");
	for (i = 0; i < CLI_NCMDS; i++) {
		summary = cli_summary(&cli_table[i]);
		fprintf(f, "  %-8s %s\n", cli_table[i].name, summary);
		free(summary);
	}
	fprintf(f, "\nThe database is --db PATH, else $KPIDESK_DB, else "
	    "$XDG_DATA_HOME/kpidesk/kpidesk.db.\n"
	    "'kpidesk help COMMAND' (or COMMAND --help) shows its usage "
	    "and options;\nman kpidesk has the rest.\n");
}

/* One command's help: usage, what it does, its verbs and options. */
static void
cli_cmd_help(FILE *f, const struct cli_cmd *cmd)
{
	char *summary = cli_summary(cmd);

	fprintf(f, "usage: kpidesk %s\n\n%s.\n\n%s", cmd->usage, summary,
	    cmd->options);
	fprintf(f, "  --db PATH             the database (else $KPIDESK_DB, "
	    "else the default)\n"
	    "  --help                this help\n");
	free(summary);
}

/* `kpidesk help [COMMAND]`: the overview, or one command's help, on
 * stdout. */
static int
cli_help_command(int argc, char **argv)
{
	size_t k;

	if (argc == 1 || (argc == 2 && strcmp(argv[1], "help") == 0)) {
		cli_help(stdout);
		return CLI_OK;
	}
	for (k = 0; argc == 2 && k < CLI_NCMDS; k++) {
		if (strcmp(argv[1], cli_table[k].name) == 0) {
			cli_cmd_help(stdout, &cli_table[k]);
			return CLI_OK;
		}
	}
	cli_fail("no command '%s': 'kpidesk help' lists them", argv[1]);
	return CLI_USAGE;
}

int
cli_format(const struct cli_cmd *cmd, const char *s, unsigned allowed,
    enum cli_format *fmt)
{
	static const struct {
		const char	*name;
		enum cli_format	 fmt;
	} names[] = {
		{ "table", CLI_TABLE }, { "text", CLI_TABLE },
		{ "json", CLI_JSON }, { "csv", CLI_CSV }
	};
	char *cause;
	size_t i;
	int rc;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0 &&
		    (allowed & names[i].fmt)) {
			*fmt = names[i].fmt;
			return CLI_OK;
		}
	}
	cause = xasprintf("--format is %s%s%s", "table",
	    allowed & CLI_CSV ? ", csv" : "",
	    allowed & CLI_JSON ? " or json" : "");
	rc = cli_usage(cmd, cause);
	free(cause);
	return rc;
}

/* The separator before a new key: none right after an opening brace. */
static void
cli_json_key(struct strbuf *sb, const char *key)
{
	if (sb->len > 0 && sb->buf[sb->len - 1] != '{')
		strbuf_puts(sb, ", ");
	json_str(sb, key);
	strbuf_puts(sb, ": ");
}

void
cli_json_kv(struct strbuf *sb, const char *key, const char *s)
{
	cli_json_key(sb, key);
	if (s == NULL)
		strbuf_puts(sb, "null");
	else
		json_str(sb, s);
}

void
cli_json_kn(struct strbuf *sb, const char *key, long long n)
{
	cli_json_key(sb, key);
	strbuf_printf(sb, "%lld", n);
}

void
cli_json_flush(struct strbuf *sb)
{
	fputs(strbuf_str(sb), stdout);
	strbuf_reset(sb);
}

int
cli_fail(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	log_say(msg);
	free(msg);
	return CLI_FAIL;
}

int
cli_parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return -1;
	*id = v;
	return 0;
}

const struct cli_verb *
cli_verb_find(const struct cli_verb *table, const char *name)
{
	for (; table->name != NULL; table++) {
		if (strcmp(table->name, name) == 0)
			return table;
	}
	return NULL;
}

int
cli_verb_fits(const struct cli_verb *v, int nargs)
{
	return nargs >= v->min_args && nargs <= v->max_args;
}

const struct cli_verb *
cli_verb_take(const struct cli_verb *table, const char *def, int argc,
    char **argv, struct cli_run *r)
{
	const struct cli_verb *v;

	r->verb = optind < argc ? argv[optind++] : def;
	r->nargs = argc - optind;
	r->args = argv + optind;
	v = cli_verb_find(table, r->verb);
	return v != NULL && cli_verb_fits(v, r->nargs) ? v : NULL;
}

int
cli_verb_run(struct cli_ctx *ctx, const struct cli_verb *v,
    struct cli_run *r)
{
	int rc;

	if (cli_open_db(ctx, 0, &r->db) != CLI_OK)
		return CLI_FAIL;
	rc = v->fn(r);
	db_close(r->db);
	return rc;
}

int
cli_fail_cause(char *cause)
{
	cli_fail("%s", cause != NULL ? cause : "failed");
	free(cause);
	return CLI_FAIL;
}

int
cli_usage(const struct cli_cmd *cmd, const char *cause)
{
	if (cause != NULL)
		log_say(cause);
	fprintf(stderr, "usage: kpidesk %s\n", cmd->usage);
	return CLI_USAGE;
}

/* Print "kpidesk: option --NAME what" with only the name of arg
 * ("--NAME=VALUE"), cut and made safe: a value typed there is never echoed. */
static void
cli_bad_option(const char *arg, const char *what)
{
	char name[48];
	size_t len = strcspn(arg, "=");

	if (len >= sizeof name)
		len = sizeof name - 1;
	memcpy(name, arg, len);
	name[len] = '\0';
	cli_fail("option %s %s", name, what);	/* sanitized there */
}

/*
 * getopt_long takes any unambiguous prefix of a long option, and glibc
 * cannot be told not to: "--password X" ran as "--password-file X" and
 * then named X, a password, in the error. So, before getopt_long sees
 * them, every long option must be spelt out whole; values of options that
 * take one are skipped. Returns the first argument that is not, or NULL.
 */
static const char *
cli_inexact_option(int argc, char **argv, const struct option *opts)
{
	const struct option *o;
	const char *arg;
	size_t len;
	int i;

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (strcmp(arg, "--") == 0)
			break;
		if (strncmp(arg, "--", 2) != 0)
			continue;
		len = strcspn(arg + 2, "=");
		for (o = opts; o->name != NULL; o++) {
			if (strlen(o->name) == len &&
			    strncmp(o->name, arg + 2, len) == 0)
				break;
		}
		if (o->name == NULL)
			return arg;
		if (o->has_arg == required_argument && arg[2 + len] != '=')
			i++;
	}
	return NULL;
}

int
cli_getopt(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv, const char *shortopts, const struct option *longopts)
{
	static struct option merged[32];
	const char *bad;
	char spec[64];
	size_t n = 0;
	int c;

	/* Every command takes --db and --help on top of its own options. */
	merged[n++] = (struct option){ "db", required_argument, NULL, 'D' };
	merged[n++] = (struct option){ "help", no_argument, NULL, 'H' };
	for (; longopts != NULL && longopts->name != NULL; longopts++) {
		if (n + 1 >= sizeof merged / sizeof merged[0])
			break;
		merged[n++] = *longopts;
	}
	merged[n] = (struct option){ NULL, 0, NULL, 0 };
	snprintf(spec, sizeof spec, ":%s", shortopts);
	/* optind is 0 (cli_main's reset) or 1 only before the first option. */
	if (optind <= 1 && (bad = cli_inexact_option(argc, argv,
	    merged)) != NULL) {
		cli_bad_option(bad, "is unknown (give long options in "
		    "full)");
		cli_usage(cmd, NULL);
		return '?';
	}
	for (;;) {
		opterr = 0;
		c = getopt_long(argc, argv, spec, merged, NULL);
		switch (c) {
		case 'D':
			ctx->db_path = optarg;
			continue;
		case 'H':
			cli_cmd_help(stdout, cmd);
			exit(CLI_OK);
		case ':':
			cli_fail("option %s needs a value", argv[optind - 1]);
			cli_usage(cmd, NULL);
			return '?';
		case '?':
			/* A long option given a value it does not take, or
			 * a short option: the name only, never the value. */
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				cli_bad_option(argv[optind - 1],
				    "takes no value");
			else
				cli_fail("unknown option -%c", optopt > ' ' &&
				    optopt < 0x7f ? optopt : '?');
			cli_usage(cmd, NULL);
			return '?';
		default:
			return c;
		}
	}
}

int
cli_open_db(struct cli_ctx *ctx, int flags, struct db **db)
{
	static int warned;
	char *path, *cause = NULL;
	int rc;

	if (ctx->db_path != NULL)
		path = xstrdup(ctx->db_path);
	else if ((path = paths_default_db(&cause)) == NULL)
		return cli_fail_cause(cause);
	rc = schema_open(path, flags, db, &cause);
	free(path);
	if (rc == 0 && !(flags & DB_READONLY) &&
	    (rc = ledger_attach(*db, &cause)) == -1) {
		db_close(*db);
		*db = NULL;
	}
	if (rc == -1)
		return cli_fail_cause(cause);
	/* Once per command, even if it opens the database again. */
	if ((*db)->warning != NULL && !warned) {
		log_say((*db)->warning);
		warned = 1;
	}
	return CLI_OK;
}

char *
cli_password(const char *file, const char *prompt)
{
	char *cause = NULL, *pw;

	if ((pw = secret_get(file, prompt, &cause)) == NULL)
		cli_fail_cause(cause);
	return pw;
}

char *
cli_new_password(const char *file, const char *name)
{
	char *prompt, *pw, *again, *shown;

	shown = text_display(name, cli_utf8());
	prompt = xasprintf("New password for %s: ", shown);
	free(shown);
	pw = cli_password(file, prompt);
	free(prompt);
	if (pw == NULL || file != NULL)
		return pw;
	if ((again = cli_password(NULL, "Repeat the password: ")) == NULL) {
		xfree_secret(pw);
		return NULL;
	}
	if (strcmp(pw, again) != 0) {
		cli_fail("the two passwords differ: nothing changed");
		xfree_secret(pw);
		pw = NULL;
	}
	xfree_secret(again);
	return pw;
}

int
cli_login(struct db *db, const char *user, const char *file, unsigned need)
{
	struct auth_result res;
	char *pw, *prompt, *cause = NULL, *msg, *roles, *shown;
	int rc;

	shown = text_display(user, cli_utf8());
	prompt = xasprintf("Password for %s: ", shown);
	free(shown);
	pw = cli_password(file, prompt);
	free(prompt);
	if (pw == NULL)
		return -1;
	rc = auth_login(db, user, pw, (int64_t)time(NULL), &res, &cause);
	xfree_secret(pw);
	if (rc == -1) {
		cli_fail_cause(cause);
		return -1;
	}
	if (res.status != AUTH_OK) {
		msg = auth_message(&res);
		/* The delay served, as the login screen shows it. */
		if (res.delay_ms > 0)
			cli_fail("login refused for %s: %s (waited %lld ms)",
			    user, msg, (long long)res.delay_ms);
		else
			cli_fail("login refused for %s: %s", user, msg);
		free(msg);
		return -1;
	}
	if ((res.roles & need) == 0) {
		roles = users_format_roles(need);
		cli_fail("%s does not hold the role needed (%s): ask an admin",
		    user, roles);
		free(roles);
		return -1;
	}
	return 0;
}

int
cli_utf8(void)
{
	static int utf8 = -1;

	if (utf8 == -1)
		utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	return utf8;
}

void
cli_print_safe(const char *s)
{
	char *clean;

	clean = text_display(s, cli_utf8());
	fputs(clean, stdout);
	free(clean);
}

int
cli_main(int argc, char **argv)
{
	struct cli_ctx ctx = { NULL, "kpidesk" };
	int i = 1;
	size_t k;

	/* Global options before the command. */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			cli_help(stdout);
			return CLI_OK;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("kpidesk %s\n", PACKAGE_VERSION);
			return CLI_OK;
		}
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			ctx.db_path = argv[i + 1];
			i += 2;
			continue;
		}
		if (strncmp(argv[i], "--db=", 5) == 0) {
			ctx.db_path = argv[i] + 5;
			i++;
			continue;
		}
		cli_fail("unknown option %s", argv[i]);
		cli_help(stderr);
		return CLI_USAGE;
	}
	if (i == argc) {
		cli_help(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[i], "help") == 0)
		return cli_help_command(argc - i, argv + i);
	for (k = 0; k < CLI_NCMDS; k++) {
		if (strcmp(argv[i], cli_table[k].name) == 0) {
			optind = 0;	/* glibc: reinitialise getopt */
			return cli_table[k].run(&ctx, &cli_table[k], argc - i,
			    argv + i);
		}
	}
	cli_fail("unknown command '%s'", argv[i]);
	cli_help(stderr);
	return CLI_USAGE;
}
