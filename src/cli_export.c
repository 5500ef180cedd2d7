/* cli_export: `kpidesk export`, request + second authorization + write. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "db.h"
#include "export.h"
#include "users.h"
#include "xmem.h"

/* What the approver is asked to authorize, before their password. */
static void
cli_export_summary(const struct export_summary *s)
{
	size_t i;

	printf("export request %lld by %s, as of %s\n", (long long)s->id,
	    s->requested_by, s->as_of_text);
	for (i = EXPORT_SUMMARY + 1; i < EXPORT_NSHEETS; i++)
		printf("  %-22s %lld rows\n", export_sheet_name(i),
		    (long long)s->rows[i]);
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

int
cli_export(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
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
