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

/* Where list and queries print: lines (sb NULL) or a JSON buffer, whose
 * objects name the item's text key ("uri" or "sql"). */
struct cli_source_out {
	struct strbuf	*sb;
	const char	*key;
};

/* A verb: its arguments after the verb, and what runs it. */
struct cli_source_verb {
	const char	*name;
	int		 nargs;
	int		(*run)(struct db *, const char *, char **,
			    struct cli_source_out *, char **);
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
cli_source_list(struct db *db, const char *actor, char **argv,
    struct cli_source_out *out, char **cause)
{
	(void)actor;
	(void)argv;
	out->key = "uri";
	if (out->sb != NULL)
		strbuf_puts(out->sb, "{\"sources\": [");
	if (sources_list(db, cli_source_print, out, cause) == -1)
		return -1;
	if (out->sb != NULL)
		strbuf_puts(out->sb, "]}\n");
	return 0;
}

/* {"source": NAME, "queries": [{"name", "sql", "by", "at"}, ...]}. */
static int
cli_source_queries(struct db *db, const char *actor, char **argv,
    struct cli_source_out *out, char **cause)
{
	char *uri;

	(void)actor;
	if (sources_uri(db, argv[0], &uri, cause) == -1)
		return -1;
	free(uri);
	out->key = "sql";
	if (out->sb != NULL) {
		strbuf_putc(out->sb, '{');
		cli_json_kv(out->sb, "source", argv[0]);
		strbuf_puts(out->sb, ", \"queries\": [");
	}
	if (sources_queries(db, argv[0], cli_source_print, out, cause) == -1)
		return -1;
	if (out->sb != NULL)
		strbuf_puts(out->sb, "]}\n");
	return 0;
}

static int
cli_source_add(struct db *db, const char *actor, char **argv,
    struct cli_source_out *out, char **cause)
{
	(void)out;
	return sources_add(db, actor, argv[0], argv[1], cause);
}

static int
cli_source_remove(struct db *db, const char *actor, char **argv,
    struct cli_source_out *out, char **cause)
{
	(void)out;
	return sources_remove(db, actor, argv[0], cause);
}

static int
cli_source_query(struct db *db, const char *actor, char **argv,
    struct cli_source_out *out, char **cause)
{
	(void)out;
	return sources_save_query(db, actor, argv[0], argv[1], argv[2], cause);
}

static const struct cli_source_verb cli_source_verbs[] = {
	{ "list", 0, cli_source_list },
	{ "add", 2, cli_source_add },
	{ "remove", 1, cli_source_remove },
	{ "query", 3, cli_source_query },
	{ "queries", 1, cli_source_queries },
};

int
cli_source(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cli_source_verb *v = NULL;
	const char *verb = "list", *format = NULL;
	enum cli_format fmt = CLI_TABLE;
	struct cli_source_out out = { NULL, NULL };
	char *cause = NULL, *actor;
	struct strbuf sb;
	struct db *db;
	size_t i;
	int c, rc;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		if (c != 'f')
			return CLI_USAGE;
		format = optarg;
	}
	if (format != NULL && cli_format(cmd, format, CLI_TABLE | CLI_JSON,
	    &fmt) != CLI_OK)
		return CLI_USAGE;
	if (optind < argc)
		verb = argv[optind++];
	for (i = 0; i < sizeof cli_source_verbs / sizeof cli_source_verbs[0];
	    i++) {
		if (strcmp(verb, cli_source_verbs[i].name) == 0)
			v = &cli_source_verbs[i];
	}
	if (v == NULL || argc - optind != v->nargs ||
	    (format != NULL && v->run != cli_source_list &&
	    v->run != cli_source_queries))
		return cli_usage(cmd, NULL);
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	actor = audit_os_actor();
	strbuf_init(&sb);
	if (fmt == CLI_JSON)
		out.sb = &sb;
	if (v->run(db, actor, argv + optind, &out, &cause) == -1)
		rc = cli_fail_cause(cause);
	else {
		cli_json_flush(&sb);
		if (v->nargs > 0 && strcmp(v->name, "queries") != 0) {
			printf("source %s: ", v->name);
			cli_print_safe(argv[optind]);
			printf(" done\n");
		}
		rc = CLI_OK;
	}
	strbuf_free(&sb);
	free(actor);
	db_close(db);
	return rc;
}
