/*
 * cli_export: `kpidesk export`, the four-eyes export. The one-shot form
 * (--user and --approver together) requests, approves and writes in one
 * run; the steps (request, list, approve, reject, write) let each person
 * act in their own session, as the screens do.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "db.h"
#include "export.h"
#include "table.h"
#include "text.h"
#include "users.h"
#include "xmem.h"

/* What the approver is asked to authorize, before their password. */
static void
cli_export_summary(const struct export_summary *s)
{
	size_t i;

	printf("export request %lld by %s, as of %s\n", (long long)s->id,
	    s->requested_by, s->as_of_text);
	for (i = 1; i < export_sheet_count(); i++)
		printf("  %-22s %lld rows\n",
		    export_sheet_name(export_sheet_at(i)),
		    (long long)s->rows[export_sheet_at(i)]);
	for (i = 0; i < s->nbatches; i++) {
		printf("  input batch %lld (%s) sha256 %s ",
		    (long long)s->batches[i].id, s->batches[i].kind,
		    s->batches[i].sha256);
		cli_print_safe(s->batches[i].file);
		putchar('\n');
		if (s->batches[i].evidence != NULL &&
		    s->batches[i].evidence[0] != '\0')
			printf("    %s\n", s->batches[i].evidence);
	}
	printf("  checks: %lld PASS, %lld WARN, %lld FAIL\n"
	    "  request hash %s\n", (long long)s->checks_pass,
	    (long long)s->checks_warn, (long long)s->checks_fail,
	    s->params_hash);
	fflush(stdout);
}

/* The one-shot form: request, approval and write in one run. */
static int
cli_export_once(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "approver", required_argument, NULL, 'A' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "approver-password-file", required_argument, NULL, 'P' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const char *user = NULL, *approver = NULL, *pwfile = NULL;
	const char *apwfile = NULL, *as_of_arg = NULL, *out = NULL;
	struct export_summary s;
	struct export_result res;
	int32_t as_of = EXPORT_AS_OF_DEFAULT;
	char *cause = NULL, *pw, *prompt;
	struct db *db = NULL;
	int c, rc = CLI_FAIL, force = 0, requested = 0;

	memset(&s, 0, sizeof s);
	memset(&res, 0, sizeof res);
	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'u': user = optarg; break;
		case 'A': approver = optarg; break;
		case 'p': pwfile = optarg; break;
		case 'P': apwfile = optarg; break;
		case 'a': as_of_arg = optarg; break;
		case 'o': out = optarg; break;
		case 'f': force = 1; break;
		default: return CLI_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "export takes no operands");
	if (user == NULL || approver == NULL)
		return cli_usage(cmd, "export needs --user NAME (the analyst) "
		    "and --approver NAME (another person, an approver)");
	if (as_of_arg != NULL && datetime_parse_day(as_of_arg, &as_of) == -1)
		return cli_usage(cmd, "--as-of takes a day, YYYY-MM-DD");
	if (out != NULL && *out == '\0')
		return cli_usage(cmd, "--out needs a file name");

	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	if (cli_login(db, user, pwfile, ROLE_ANALYST) == -1)
		goto out;
	if (export_request(db, user, as_of, (int64_t)time(NULL), &s,
	    &cause) == -1) {
		cli_fail("export refused: %s", cause);
		free(cause);
		goto out;
	}
	requested = 1;
	cli_export_summary(&s);

	prompt = xasprintf("Password for %s (approver of request %lld): ",
	    approver, (long long)s.id);
	pw = cli_password(apwfile, prompt);
	free(prompt);
	if (pw == NULL)
		goto out;
	c = export_approve(db, s.id, approver, pw, (int64_t)time(NULL),
	    &cause);
	xfree_secret(pw);
	if (c == -1) {
		cli_fail("export refused: %s", cause);
		free(cause);
		goto out;
	}
	if (export_write(db, s.id, out, force, (int64_t)time(NULL), &res,
	    &cause) == -1) {
		cli_fail("export refused: %s", cause);
		free(cause);
		goto out;
	}
	requested = 0;
	printf("approved by %s\nwrote ", approver);
	cli_print_safe(res.path);
	printf("\nsha256 %s\nbytes %lld\n", res.sha256, (long long)res.bytes);
	rc = CLI_OK;
out:
	/* A one-shot command leaves no request open behind it. */
	if (requested && export_cancel(db, s.id, user, &cause) == -1)
		free(cause);
	export_result_free(&res);
	export_summary_free(&s);
	db_close(db);
	return rc;
}

/* The options of the steps; each step takes the ones it names. */
#define CLI_EXP_USER	0x01
#define CLI_EXP_PWFILE	0x02
#define CLI_EXP_AS_OF	0x04
#define CLI_EXP_OUT	0x08
#define CLI_EXP_FORCE	0x10

struct cli_export_args {
	const char	*user;
	const char	*pwfile;
	const char	*as_of;
	const char	*out;
	int		 force;
	int64_t		 id;		/* the operand of approve, reject, write */
};

/*
 * Parse a step's argv (argv[0] the step) into *a: allowed holds the
 * CLI_EXP_* options it takes (--user then required), want_id whether it
 * takes the request id. CLI_OK, or CLI_USAGE after saying why.
 */
static int
cli_export_parse(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv, unsigned allowed, int want_id, struct cli_export_args *a)
{
	static const struct option all[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};	/* in the order of the CLI_EXP_* bits */
	struct option opts[sizeof all / sizeof all[0]];
	char *msg;
	size_t i, n = 0;
	int c;

	memset(a, 0, sizeof *a);
	for (i = 0; all[i].name != NULL; i++) {
		if (allowed & (1u << i))
			opts[n++] = all[i];
	}
	opts[n] = all[i];
	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'u': a->user = optarg; break;
		case 'p': a->pwfile = optarg; break;
		case 'a': a->as_of = optarg; break;
		case 'o': a->out = optarg; break;
		case 'f': a->force = 1; break;
		default: return CLI_USAGE;
		}
	}
	if (want_id) {
		if (optind + 1 != argc || cli_parse_id(argv[optind],
		    &a->id) == -1) {
			msg = xasprintf("export %s takes one request id (see "
			    "'kpidesk export list')", argv[0]);
			c = cli_usage(cmd, msg);
			free(msg);
			return c;
		}
	} else if (optind != argc) {
		msg = xasprintf("export %s takes no operands", argv[0]);
		c = cli_usage(cmd, msg);
		free(msg);
		return c;
	}
	if ((allowed & CLI_EXP_USER) && a->user == NULL) {
		msg = xasprintf("export %s needs --user NAME", argv[0]);
		c = cli_usage(cmd, msg);
		free(msg);
		return c;
	}
	if (a->out != NULL && *a->out == '\0')
		return cli_usage(cmd, "--out needs a file name");
	return CLI_OK;
}

/* Print cause as the refusal of a step and free it; CLI_FAIL. */
static int
cli_export_refused(char *cause)
{
	cli_fail("export refused: %s", cause != NULL ? cause : "failed");
	free(cause);
	return CLI_FAIL;
}

static int
cli_export_request(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct cli_export_args a;
	struct export_summary s;
	int32_t as_of = EXPORT_AS_OF_DEFAULT;
	char *cause = NULL, until[21];
	struct db *db;
	int rc;

	if ((rc = cli_export_parse(ctx, cmd, argc, argv,
	    CLI_EXP_USER | CLI_EXP_PWFILE | CLI_EXP_AS_OF, 0, &a)) != CLI_OK)
		return rc;
	if (a.as_of != NULL && datetime_parse_day(a.as_of, &as_of) == -1)
		return cli_usage(cmd, "--as-of takes a day, YYYY-MM-DD");
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	rc = CLI_FAIL;
	if (cli_login(db, a.user, a.pwfile, ROLE_ANALYST) == -1)
		goto out;
	if (export_request(db, a.user, as_of, (int64_t)time(NULL), &s,
	    &cause) == -1) {
		rc = cli_export_refused(cause);
		goto out;
	}
	printf("request %lld\n", (long long)s.id);
	cli_export_summary(&s);
	datetime_format_utc(s.expires_at, until);
	printf("pending until %s: another person with the approver role "
	    "runs\n  kpidesk export approve %lld --user NAME\n",
	    until, (long long)s.id);
	export_summary_free(&s);
	rc = CLI_OK;
out:
	db_close(db);
	return rc;
}

static int
cli_export_list(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct cli_export_args a;
	struct table *t;
	char *cause = NULL;
	struct db *db;
	size_t r, c;
	int rc;

	if ((rc = cli_export_parse(ctx, cmd, argc, argv, 0, 0, &a)) != CLI_OK)
		return rc;
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	rc = CLI_FAIL;
	if (export_pending(db, NULL, (int64_t)time(NULL), &t, &cause) == -1) {
		rc = cli_fail_cause(cause);
		goto out;
	}
	/* id, as_of, requested_by, requested_at, expires_at. */
	for (r = 0; r < t->nrows; r++) {
		printf("%lld", (long long)table_cell(t, r, 0)->num);
		for (c = 1; c < t->ncols; c++) {
			putchar('\t');
			cli_print_safe(table_cell(t, r, c)->text);
		}
		putchar('\n');
	}
	table_free(t);
	rc = CLI_OK;
out:
	db_close(db);
	return rc;
}

/* approve and reject: the approver's password, then the core decides. */
static int
cli_export_decide(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct cli_export_args a;
	struct export_summary s;
	int approve = strcmp(argv[0], "approve") == 0;
	char *cause = NULL, *pw, *prompt, *shown;
	struct db *db;
	int rc;

	if ((rc = cli_export_parse(ctx, cmd, argc, argv,
	    CLI_EXP_USER | CLI_EXP_PWFILE, 1, &a)) != CLI_OK)
		return rc;
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	rc = CLI_FAIL;
	/* What is decided, before the password is asked for. */
	if (export_load(db, a.id, &s, &cause) == -1) {
		rc = cli_export_refused(cause);
		goto out;
	}
	cli_export_summary(&s);
	export_summary_free(&s);
	shown = text_display(a.user, cli_utf8());
	prompt = xasprintf("Password for %s (to %s request %lld): ", shown,
	    argv[0], (long long)a.id);
	free(shown);
	pw = cli_password(a.pwfile, prompt);
	free(prompt);
	if (pw == NULL)
		goto out;
	rc = (approve ? export_approve : export_reject)(db, a.id, a.user, pw,
	    (int64_t)time(NULL), &cause);
	xfree_secret(pw);
	if (rc == -1) {
		rc = cli_export_refused(cause);
		goto out;
	}
	printf("request %lld %s by ", (long long)a.id, approve ? "approved" :
	    "rejected");
	cli_print_safe(a.user);
	putchar('\n');
	rc = CLI_OK;
out:
	db_close(db);
	return rc;
}

static int
cli_export_write(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct cli_export_args a;
	struct export_result res;
	char *cause = NULL;
	struct db *db;
	int rc;

	if ((rc = cli_export_parse(ctx, cmd, argc, argv,
	    CLI_EXP_USER | CLI_EXP_PWFILE | CLI_EXP_OUT | CLI_EXP_FORCE, 1,
	    &a)) != CLI_OK)
		return rc;
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	rc = CLI_FAIL;
	if (cli_login(db, a.user, a.pwfile, ROLE_ANALYST) == -1)
		goto out;
	if (export_write_as(db, a.id, a.user, a.out, a.force,
	    (int64_t)time(NULL), &res, &cause) == -1) {
		rc = cli_export_refused(cause);
		goto out;
	}
	printf("wrote ");
	cli_print_safe(res.path);
	printf("\nsha256 %s\nbytes %lld\n", res.sha256, (long long)res.bytes);
	export_result_free(&res);
	rc = CLI_OK;
out:
	db_close(db);
	return rc;
}

static const struct {
	const char	*name;
	int		(*run)(struct cli_ctx *, const struct cli_cmd *, int,
			    char **);
} cli_export_steps[] = {
	{ "request", cli_export_request },
	{ "list", cli_export_list },
	{ "approve", cli_export_decide },
	{ "reject", cli_export_decide },
	{ "write", cli_export_write },
};

int
cli_export(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	size_t i;

	/* A first word that is not an option names a step. */
	if (argc < 2 || argv[1][0] == '-')
		return cli_export_once(ctx, cmd, argc, argv);
	for (i = 0; i < sizeof cli_export_steps / sizeof cli_export_steps[0];
	    i++) {
		if (strcmp(argv[1], cli_export_steps[i].name) == 0)
			return cli_export_steps[i].run(ctx, cmd, argc - 1,
			    argv + 1);
	}
	return cli_usage(cmd, "export steps are request, list, approve, "
	    "reject and write");
}
