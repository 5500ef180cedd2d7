/* cli_source: `kpidesk source list|add|remove|query|queries`. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "sources.h"
#include "strbuf.h"
#include "xmem.h"

/* The verbs' options: where list and queries print, lines (sb NULL) or a
 * JSON buffer, whose objects name the item's text key ("uri" or "sql");
 * and the operator a change is audited as. */
struct cli_source_out {
	struct strbuf	*sb;
	const char	*key;
	const char	*actor;
};

/* One source or query as a JSON object. */
static void
cli_source_json(const struct sources_item *it, struct cli_source_out *out)
{
	struct strbuf *sb = out->sb;

	if (sb->buf[sb->len - 1] != '[')
		strbuf_puts(sb, ", ");
	strbuf_putc(sb, '{');
	cli_json_kv(sb, "name", it->name);
	cli_json_kv(sb, out->key, it->text);
	cli_json_kv(sb, "by", it->by);
	cli_json_kv(sb, "at", it->at);
	strbuf_putc(sb, '}');
}

static int
cli_source_print(const struct sources_item *it, void *arg)
{
	struct cli_source_out *out = arg;

	if (out->sb != NULL) {
		cli_source_json(it, out);
		return 0;
	}
	cli_print_safe(it->name);
	putchar('\t');
	cli_print_safe(it->text);
	putchar('\t');
	cli_print_safe(it->by);
	printf("\t%s\n", it->at);
	return 0;
}

/* {"sources": [{"name", "uri", "by", "at"}, ...]} in JSON. */
static int
cli_source_list(struct cli_run *r)
{
	struct cli_source_out *out = r->opts;
	char *cause = NULL;

	out->key = "uri";
	if (out->sb != NULL)
		strbuf_puts(out->sb, "{\"sources\": [");
	if (sources_list(r->db, cli_source_print, out, &cause) == -1)
		return cli_fail_cause(cause);
	if (out->sb != NULL)
		strbuf_puts(out->sb, "]}\n");
	return CLI_OK;
}

/* {"source": NAME, "queries": [{"name", "sql", "by", "at"}, ...]}. */
static int
cli_source_queries(struct cli_run *r)
{
	struct cli_source_out *out = r->opts;
	char *uri, *cause = NULL;

	if (sources_uri(r->db, r->args[0], &uri, &cause) == -1)
		return cli_fail_cause(cause);
	free(uri);
	out->key = "sql";
	if (out->sb != NULL) {
		strbuf_putc(out->sb, '{');
		cli_json_kv(out->sb, "source", r->args[0]);
		strbuf_puts(out->sb, ", \"queries\": [");
	}
	if (sources_queries(r->db, r->args[0], cli_source_print, out,
	    &cause) == -1)
		return cli_fail_cause(cause);
	if (out->sb != NULL)
		strbuf_puts(out->sb, "]}\n");
	return CLI_OK;
}

/* add, remove and query: an audited change, said done on success. */
static int
cli_source_change(struct cli_run *r)
{
	const char *actor = ((struct cli_source_out *)r->opts)->actor;
	char **a = r->args, *cause = NULL;
	int rc;

	if (strcmp(r->verb, "add") == 0)
		rc = sources_add(r->db, actor, a[0], a[1], &cause);
	else if (strcmp(r->verb, "remove") == 0)
		rc = sources_remove(r->db, actor, a[0], &cause);
	else
		rc = sources_save_query(r->db, actor, a[0], a[1], a[2], &cause);
	if (rc == -1)
		return cli_fail_cause(cause);
	printf("source %s: ", r->verb);
	cli_print_safe(a[0]);
	printf(" done\n");
	return CLI_OK;
}

static const struct cli_verb cli_source_verbs[] = {
	{ "list", 0, 0, cli_source_list, "the named sources" },
	{ "add", 2, 2, cli_source_change, "save a source's URI" },
	{ "remove", 1, 1, cli_source_change, "remove it and its queries" },
	{ "query", 3, 3, cli_source_change, "save a named query" },
	{ "queries", 1, 1, cli_source_queries, "a source's saved queries" },
	{ NULL, 0, 0, NULL, NULL }
};

int
cli_source(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_source_out out = { NULL, NULL, NULL };
	struct cli_run r = { cmd, NULL, "list", 0, NULL, &out };
	const struct cli_verb *v;
	const char *format = NULL;
	enum cli_format fmt = CLI_TABLE;
	char *actor;
	struct strbuf sb;
	int c, rc;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		if (c != 'f')
			return CLI_USAGE;
		format = optarg;
	}
	if (format != NULL && cli_format(cmd, format, CLI_TABLE | CLI_JSON,
	    &fmt) != CLI_OK)
		return CLI_USAGE;
	if ((v = cli_verb_take(cli_source_verbs, "list", argc, argv,
	    &r)) == NULL ||
	    (format != NULL && v->fn == cli_source_change))
		return cli_usage(cmd, NULL);
	if (cli_open_db(ctx, 0, &r.db) != CLI_OK)
		return CLI_FAIL;
	out.actor = actor = audit_os_actor();
	strbuf_init(&sb);
	if (fmt == CLI_JSON)
		out.sb = &sb;
	if ((rc = v->fn(&r)) == CLI_OK)
		cli_json_flush(&sb);
	strbuf_free(&sb);
	free(actor);
	db_close(r.db);
	return rc;
}
