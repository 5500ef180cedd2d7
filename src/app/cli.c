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
#include "ledger.h"
#include "paths.h"
#include "schema.h"
#include "secret.h"
#include "text.h"
#include "users.h"
#include "xmem.h"


static const struct cli_cmd cli_table[] = {
	{ "init", "init [--db PATH] [--tz ZONE] --admin NAME "
	  "[--password-file F]",
	  "create a database and its first admin", cli_init },
	{ "user", "user add NAME --role ROLE[,ROLE] [--password-file F]\n"
	  "       user list | disable NAME | enable NAME | unlock NAME\n"
	  "       user passwd NAME [--password-file F]\n"
	  "       user roles NAME ROLE[,ROLE]",
	  "manage accounts (operator, audited as os:<login>)", cli_user },
	{ "config", "config [list] | config set KEY VALUE",
	  "show or change settings (operator, audited as os:<login>)",
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
	  "       options: [--rejects OUT.csv] [--accept-rejects] "
	  "[--format text|json]\n"
	  "                [--amount-scope auto|line|order] "
	  "[--source-tz ZONE] [--sheet NAME]\n"
	  "                [--encoding windows-1252|iso-8859-1]",
	  NULL /* cli_import_summary: the formats from their table */,
	  cli_import },
	{ "check", "check [BATCH] [--format table|json]",
	  "print the sanity-check report of a batch", cli_check },
	{ "kpi", "kpi NAME|all [--as-of YYYY-MM-DD] [--format table|csv|json]"
	  " [--chart] [--limit N] [--period all|day|mtd|30d]\n"
	  "       [--raw]",
	  "print KPIs: ", cli_kpi },	/* + the names (cli_help) */
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
	  cli_export },
	{ "history", "history [list] | snapshot [DAY] | show DAY [--kpi NAME] "
	  "[--format table|json]\n"
	  "       history verify [DAY] | diff DAY1 DAY2 | files DAY DIR "
	  "[--user NAME [--password-file F]]\n"
	  "       history reexport DAY [--export ID] [--out FILE] | months "
	  "[--format table|json]",
	  "past days as they were: snapshots, verification, differences",
	  cli_history },
	{ "source", "source [list] | add NAME URI | remove NAME | "
	  "query NAME QUERY SQL |\n       source queries NAME",
	  "named SQL sources and saved queries (operator, audited as "
	  "os:<login>)", cli_source },
	{ "audit", "audit [list] [--actor NAME] [--action ACTION] "
	  "[--since DAY] [--until DAY]\n       audit verify [--anchor FILE]",
	  "show or verify the hash-chained audit log", cli_audit },
};
#define CLI_NCMDS (sizeof cli_table / sizeof cli_table[0])

static void
cli_help(FILE *f)
{
	char *summary, *names;
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
		summary = cli_table[i].summary != NULL ?
		    xstrdup(cli_table[i].summary) : cli_import_summary();
		fprintf(f, "  %-8s %s", cli_table[i].name, summary);
		free(summary);
		/* The KPI names come from the KPI table, never a copy. */
		if (cli_table[i].run == cli_kpi) {
			names = kpi_names();
			fputs(names, f);
			free(names);
		}
		fputc('\n', f);
	}
	fprintf(f, "\nThe database is --db PATH, else $KPIDESK_DB, else "
	    "$XDG_DATA_HOME/kpidesk/kpidesk.db.\n"
	    "'kpidesk COMMAND --help' shows a command's usage; "
	    "man kpidesk has the rest.\n");
}

/* `kpidesk help [COMMAND]`: the overview, or one command's usage, on
 * stdout. */
static int
cli_help_command(int argc, char **argv)
{
	size_t k;

	if (argc == 1) {
		cli_help(stdout);
		return CLI_OK;
	}
	for (k = 0; argc == 2 && k < CLI_NCMDS; k++) {
		if (strcmp(argv[1], cli_table[k].name) == 0) {
			printf("usage: kpidesk %s\n", cli_table[k].usage);
			return CLI_OK;
		}
	}
	cli_fail("no command '%s': 'kpidesk help' lists them", argv[1]);
	return CLI_USAGE;
}

/*
 * The one path of messages to stderr: "kpidesk: MSG" with MSG made
 * displayable (text_display), since causes echo file, user and sheet
 * names and arguments as they came.
 */
static void
cli_stderr(const char *msg)
{
	char *shown = text_display(msg, cli_utf8());

	fprintf(stderr, "kpidesk: %s\n", shown);
	free(shown);
}

int
cli_fail(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	cli_stderr(msg);
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
		cli_stderr(cause);
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
			printf("usage: kpidesk %s\n", cmd->usage);
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
		cli_stderr((*db)->warning);
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
