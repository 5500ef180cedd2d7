/* cli_audit: `kpidesk audit list|verify`. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "xmem.h"

static int
cli_audit_print(const struct audit_entry *e, void *arg)
{
	(void)arg;
	printf("%lld\t%s\t", (long long)e->seq, e->ts);
	cli_print_safe(e->actor);
	putchar('\t');
	cli_print_safe(e->action);
	putchar('\t');
	cli_print_safe(e->object);
	putchar('\t');
	cli_print_safe(e->details);
	putchar('\n');
	return 0;
}

static int
cli_audit_verify(struct db *db)
{
	struct audit_check check;
	char *cause = NULL;

	if (audit_verify(db, &check, &cause) == -1)
		return cli_fail_cause(cause);
	if (!check.ok) {
		printf("audit chain BROKEN at entry %lld: %s\n",
		    (long long)check.bad_seq, check.problem);
		printf("entries 1..%lld verify; head before the break %s\n",
		    (long long)check.head_seq, check.head_hash);
		free(check.problem);
		return CLI_FAIL;
	}
	printf("audit chain OK: %lld entries, head %lld %s\n",
	    (long long)check.entries, (long long)check.head_seq,
	    check.head_hash);
	return CLI_OK;
}

int
cli_audit(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "actor", required_argument, NULL, 'a' },
		{ "action", required_argument, NULL, 'c' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	struct audit_filter filter = { NULL, NULL, NULL, NULL };
	const char *verb = "list";
	char *cause = NULL;
	struct db *db;
	int c, rc;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'a': filter.actor = optarg; break;
		case 'c': filter.action = optarg; break;
		case 's': filter.since = optarg; break;
		case 'u': filter.until = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (optind < argc)
		verb = argv[optind++];
	if (optind != argc ||
	    (strcmp(verb, "list") != 0 && strcmp(verb, "verify") != 0))
		return cli_usage(cmd, NULL);
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	if (strcmp(verb, "verify") == 0)
		rc = cli_audit_verify(db);
	else if (audit_foreach(db, &filter, cli_audit_print, NULL,
	    &cause) == -1)
		rc = cli_fail_cause(cause);
	else
		rc = CLI_OK;
	db_close(db);
	return rc;
}
