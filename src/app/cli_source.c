/* cli_source: `kpidesk source list|add|remove|query|queries`. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "sources.h"
#include "xmem.h"

/* A verb: its arguments after the verb, and what runs it. */
struct cli_source_verb {
	const char	*name;
	int		 nargs;
	int		(*run)(struct db *, const char *, char **, char **);
};

static int
cli_source_print(const struct sources_item *it, void *arg)
{
	(void)arg;
	cli_print_safe(it->name);
	putchar('\t');
	cli_print_safe(it->text);
	putchar('\t');
	cli_print_safe(it->by);
	printf("\t%s\n", it->at);
	return 0;
}

static int
cli_source_list(struct db *db, const char *actor, char **argv, char **cause)
{
	(void)actor;
	(void)argv;
	return sources_list(db, cli_source_print, NULL, cause);
}

static int
cli_source_queries(struct db *db, const char *actor, char **argv,
    char **cause)
{
	char *uri;

	(void)actor;
	if (sources_uri(db, argv[0], &uri, cause) == -1)
		return -1;
	free(uri);
	return sources_queries(db, argv[0], cli_source_print, NULL, cause);
}

static int
cli_source_add(struct db *db, const char *actor, char **argv, char **cause)
{
	return sources_add(db, actor, argv[0], argv[1], cause);
}

static int
cli_source_remove(struct db *db, const char *actor, char **argv,
    char **cause)
{
	return sources_remove(db, actor, argv[0], cause);
}

static int
cli_source_query(struct db *db, const char *actor, char **argv, char **cause)
{
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
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	const struct cli_source_verb *v = NULL;
	const char *verb = "list";
	char *cause = NULL, *actor;
	struct db *db;
	size_t i;
	int c, rc;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1)
		return CLI_USAGE;
	if (optind < argc)
		verb = argv[optind++];
	for (i = 0; i < sizeof cli_source_verbs / sizeof cli_source_verbs[0];
	    i++) {
		if (strcmp(verb, cli_source_verbs[i].name) == 0)
			v = &cli_source_verbs[i];
	}
	if (v == NULL || argc - optind != v->nargs)
		return cli_usage(cmd, NULL);
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	actor = audit_os_actor();
	if (v->run(db, actor, argv + optind, &cause) == -1)
		rc = cli_fail_cause(cause);
	else {
		if (v->nargs > 0 && strcmp(v->name, "queries") != 0) {
			printf("source %s: ", v->name);
			cli_print_safe(argv[optind]);
			printf(" done\n");
		}
		rc = CLI_OK;
	}
	free(actor);
	db_close(db);
	return rc;
}
