/* cli_audit: `kpidesk audit list|verify`. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "audit.h"
#include "datetime.h"
#include "db.h"
#include "ledger.h"
#include "strbuf.h"
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

/* What cli_audit_json writes with: the buffer and the entries so far. */
struct cli_audit_out {
	struct strbuf	sb;
	long long	n;
};

/* One entry as a JSON object in the array of `audit list --format json`. */
static int
cli_audit_json(const struct audit_entry *e, void *arg)
{
	struct cli_audit_out *out = arg;
	struct strbuf *sb = &out->sb;

	strbuf_puts(sb, out->n++ > 0 ? ", {" : "{");
	cli_json_kn(sb, "seq", (long long)e->seq);
	cli_json_kv(sb, "ts", e->ts);
	cli_json_kv(sb, "actor", e->actor);
	cli_json_kv(sb, "action", e->action);
	cli_json_kv(sb, "object", e->object);
	cli_json_kv(sb, "details", e->details);
	cli_json_kv(sb, "prev_hash", e->prev_hash);
	cli_json_kv(sb, "hash", e->hash);
	strbuf_putc(sb, '}');
	cli_json_flush(sb);	/* one entry at a time: memory stays flat */
	return 0;
}

/* Print one problem under the heading arg ("audit anchor", ...). */
static void
cli_audit_problem(const char *problem, void *arg)
{
	printf("%s BROKEN: ", (const char *)arg);
	cli_print_safe(problem);
	putchar('\n');
}

/* Replay the log against the tables it covers: CLI_FAIL on any change
 * made behind kpidesk's back. */
static int
cli_audit_state(struct db *db)
{
	static char heading[] = "audit state";
	struct ledger_check lc = { 0, 0, 0, cli_audit_problem, heading };
	char *cause = NULL;

	if (ledger_verify(db, &lc, &cause) == -1)
		return cli_fail_cause(cause);
	if (!lc.baseline) {
		printf("audit state BROKEN: the log holds no baseline of the "
		    "accounts, settings, batches and exports\n");
		return CLI_FAIL;
	}
	if (lc.bad > 0) {
		printf("audit state BROKEN: %lld of %lld rows differ from the "
		    "log\n", (long long)lc.bad, (long long)lc.rows);
		return CLI_FAIL;
	}
	printf("audit state OK: %lld rows of accounts, settings, batches, "
	    "exports and snapshots match the log\n", (long long)lc.rows);
	return CLI_OK;
}

/* Check the chain, then every line of the anchor file (anchor or, when
 * NULL, the setting's file): exit 1 when either fails. */
static int
cli_audit_verify(struct db *db, const char *anchor)
{
	struct audit_check check;
	static char heading[] = "audit anchor";
	struct anchor_check ac = { 0, 0, 0, anchor == NULL, 0,
	    cli_audit_problem, heading };
	char *cause = NULL, *path;
	int64_t anchored = 0;
	int rc = CLI_OK;

	if (audit_verify(db, &check, &cause) == -1)
		return cli_fail_cause(cause);
	if (!check.ok) {
		printf("audit chain BROKEN at entry %lld: %s\n",
		    (long long)check.bad_seq, check.problem);
		printf("entries 1..%lld verify; head before the break %s\n",
		    (long long)check.head_seq, check.head_hash);
		free(check.problem);
		rc = CLI_FAIL;
	} else
		printf("audit chain OK: %lld entries, head %lld %s\n",
		    (long long)check.entries, (long long)check.head_seq,
		    check.head_hash);
	if (cli_audit_state(db) != CLI_OK)
		rc = CLI_FAIL;
	path = anchor != NULL ? xstrdup(anchor) : anchor_path(db);
	if (anchor_verify(db, path, &ac, &cause) == -1) {
		free(path);
		cli_fail_cause(cause);
		return CLI_FAIL;
	}
	if (ac.missing && anchor == NULL &&
	    anchor_chain_anchored(db, &anchored, &cause) == -1) {
		free(path);
		return cli_fail_cause(cause);
	}
	if (ac.missing && (anchor != NULL || anchored > 0)) {
		printf("audit anchor BROKEN: no anchor file ");
		cli_print_safe(path);
		putchar('\n');
		rc = CLI_FAIL;
	} else if (ac.missing) {
		printf("audit anchors: none yet (no file ");
		cli_print_safe(path);
		printf(")\n");
	} else if (ac.bad > 0) {
		printf("audit anchors BROKEN: %lld of %lld lines in ",
		    (long long)ac.bad, (long long)ac.lines);
		cli_print_safe(path);
		printf(" do not hold\n");
		rc = CLI_FAIL;
	} else if (ac.unanchored > 0) {
		printf("audit anchors BROKEN: %lld committed heads missing "
		    "from ", (long long)ac.unanchored);
		cli_print_safe(path);
		printf("\n");
		rc = CLI_FAIL;
	} else {
		printf("audit anchors OK: %lld lines in ", (long long)ac.lines);
		cli_print_safe(path);
		putchar('\n');
	}
	free(path);
	return rc;
}

/* The options of `audit`, for its verbs. */
struct cli_audit_opts {
	struct audit_filter	 filter;
	const char		*anchor;
	enum cli_format		 format;
};

/* The log as lines, or as {"entries": [{...}, ...]}. */
static int
cli_audit_list_run(struct cli_run *r)
{
	struct cli_audit_opts *o = r->opts;
	struct cli_audit_out out = { { NULL, 0, 0 }, 0 };
	char *cause = NULL;
	int rc;

	if (o->format == CLI_TABLE) {
		if (audit_foreach(r->db, &o->filter, cli_audit_print, NULL,
		    &cause) == -1)
			return cli_fail_cause(cause);
		return CLI_OK;
	}
	/* Built and checked before a byte is printed would hold the whole
	 * log in memory; a failure part-way leaves a cut object and exit 1. */
	printf("{\"entries\": [");
	strbuf_init(&out.sb);
	rc = audit_foreach(r->db, &o->filter, cli_audit_json, &out, &cause);
	strbuf_free(&out.sb);
	if (rc == -1)
		return cli_fail_cause(cause);
	printf("]}\n");
	return CLI_OK;
}

static int
cli_audit_verify_run(struct cli_run *r)
{
	return cli_audit_verify(r->db,
	    ((struct cli_audit_opts *)r->opts)->anchor);
}

/* After a failed anchor write: add the missing lines, once the chain
 * itself verifies. */
static int
cli_audit_anchor_run(struct cli_run *r)
{
	struct audit_check check;
	char *cause = NULL, *path;
	int64_t added;

	if (audit_verify(r->db, &check, &cause) == -1)
		return cli_fail_cause(cause);
	if (!check.ok) {
		free(check.problem);
		cli_fail("the audit chain is broken at entry %lld: nothing "
		    "anchored; run 'kpidesk audit verify'",
		    (long long)check.bad_seq);
		return CLI_FAIL;
	}
	if (anchor_catch_up(r->db, NULL, &added, &cause) == -1)
		return cli_fail_cause(cause);
	path = anchor_path(r->db);
	printf("audit anchor: %lld lines added to ", (long long)added);
	cli_print_safe(path);
	putchar('\n');
	free(path);
	return CLI_OK;
}

static const struct cli_verb cli_audit_verbs[] = {
	{ "list", 0, 0, cli_audit_list_run, "the log, filtered" },
	{ "verify", 0, 0, cli_audit_verify_run,
	    "the chain, the tables it covers and the anchor file" },
	{ "anchor", 0, 0, cli_audit_anchor_run,
	    "add heads a failed anchor write left out" },
	{ NULL, 0, 0, NULL, NULL }
};

/* Whether a --since or --until value (NULL when not given) is a day: a
 * word that is not one would filter every entry out, silently. */
static int
cli_audit_day_ok(const char *s)
{
	int32_t day;

	return s == NULL || (strlen(s) == 10 &&
	    datetime_parse_day(s, &day) == 0);
}

int
cli_audit(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "actor", required_argument, NULL, 'a' },
		{ "user", required_argument, NULL, 'a' },	/* --actor */
		{ "format", required_argument, NULL, 'f' },
		{ "action", required_argument, NULL, 'c' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "anchor", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_audit_opts o = { { NULL, NULL, NULL, NULL }, NULL,
	    CLI_TABLE };
	const char *format = NULL;
	struct cli_run r = { cmd, NULL, "list", 0, NULL, &o };
	const struct cli_verb *v;
	int c;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'a': o.filter.actor = optarg; break;
		case 'c': o.filter.action = optarg; break;
		case 's': o.filter.since = optarg; break;
		case 'u': o.filter.until = optarg; break;
		case 'A': o.anchor = optarg; break;
		case 'f': format = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (!cli_audit_day_ok(o.filter.since) ||
	    !cli_audit_day_ok(o.filter.until))
		return cli_usage(cmd, "--since and --until take a day, "
		    "YYYY-MM-DD");
	if (format != NULL && cli_format(cmd, format, CLI_TABLE | CLI_JSON,
	    &o.format) != CLI_OK)
		return CLI_USAGE;
	/* --anchor names the file verify reads; list has no use for it, and
	 * verify prints a report only */
	if ((v = cli_verb_take(cli_audit_verbs, "list", argc, argv,
	    &r)) == NULL ||
	    (o.anchor != NULL && v->fn != cli_audit_verify_run) ||
	    (format != NULL && v->fn != cli_audit_list_run))
		return cli_usage(cmd, NULL);
	return cli_verb_run(ctx, v, &r);
}
