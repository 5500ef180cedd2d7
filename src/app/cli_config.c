/* cli_config: `kpidesk config [list]|set KEY VALUE`, the settings table
 * (src/store/settings.c) shown and changed by the operator, audited as
 * os:<login>. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "audit.h"
#include "db.h"
#include "settings.h"
#include "strbuf.h"
#include "text.h"
#include "xmem.h"

/* Before audit_anchor_file names another file, start that file with the
 * chain's newest anchored head, or bring an existing one up to it, so the
 * chain never runs unanchored. */
static int
cli_config_anchor(struct db *db, const char *value)
{
	char *path = anchor_path_of(db, value), *cause = NULL;
	int rc = CLI_OK;

	if (anchor_seed(db, path, &cause) == -1)
		rc = cli_fail_cause(cause);
	free(path);
	return rc;
}

/* The row of a setting config may show or change, or NULL. */
static const struct settings_def *
cli_config_find(const char *key)
{
	const struct settings_def *def = settings_find(key);

	return def != NULL && !(def->flags & SETTINGS_INTERNAL) ? def : NULL;
}

/* Print every setting config may change, its value as stored (the
 * default when it is missing) and its help: as lines, or as
 * {"settings": [{"key", "value", "default", "help"}, ...]}. */
static void
cli_config_list(struct db *db, enum cli_format format)
{
	const struct settings_def *def;
	char *value = NULL, *cause = NULL, *shown;
	struct strbuf sb;
	int id;

	strbuf_init(&sb);
	if (format == CLI_JSON)
		strbuf_puts(&sb, "{\"settings\": [");
	for (id = 0; id < SET_COUNT; id++) {
		def = settings_row((enum settings_id)id);
		if (def->flags & SETTINGS_INTERNAL)
			continue;
		if (db_setting(db, def->key, &value, &cause) == -1) {
			free(cause);
			cause = NULL;
			value = xstrdup(def->def);
		}
		if (format == CLI_JSON) {
			strbuf_puts(&sb, sb.buf[sb.len - 1] == '[' ? "{" :
			    ", {");
			cli_json_kv(&sb, "key", def->key);
			cli_json_kv(&sb, "value", value);
			cli_json_kv(&sb, "default", def->def);
			cli_json_kv(&sb, "help", def->help);
			strbuf_putc(&sb, '}');
		} else {
			shown = text_display(value, cli_utf8());
			strbuf_printf(&sb, "%-22s %s\n%-22s # %s\n", def->key,
			    shown, "", def->help);
			free(shown);
		}
		free(value);
	}
	if (format == CLI_JSON)
		strbuf_puts(&sb, "]}\n");
	cli_json_flush(&sb);
	strbuf_free(&sb);
}

/* Whether any order line is stored (assume so when unsure). */
static int
cli_config_has_orders(struct db *db)
{
	char *cause = NULL;
	int64_t has;

	if (db_query_ints(db, "SELECT EXISTS (SELECT 1 FROM order_lines)", 0,
	    0, &has, NULL, &cause) == -1) {
		free(cause);
		return 1;
	}
	return has != 0;
}

/* The options of config's verbs. */
struct cli_config_opts {
	enum cli_format			 format;
	const struct settings_def	*def;	/* set: the setting */
};

static int
cli_config_list_run(struct cli_run *r)
{
	cli_config_list(r->db, ((struct cli_config_opts *)r->opts)->format);
	return CLI_OK;
}

/* set KEY VALUE: checked before the database opened; what depends on the
 * data is checked here, then the change and its audit entry commit. */
static int
cli_config_set_run(struct cli_run *r)
{
	const struct settings_def *def = ((struct cli_config_opts *)r->opts)->def;
	const char *key = r->args[0], *value = r->args[1];
	char *actor, *cause = NULL, *details;
	int rc;

	if (strcmp(key, "data_tz") == 0 && cli_config_has_orders(r->db))
		return cli_fail("data_tz cannot change once orders are "
		    "loaded: their local days were computed in the old zone");
	if (strcmp(key, "audit_anchor_file") == 0 &&
	    cli_config_anchor(r->db, value) != CLI_OK)
		return CLI_FAIL;
	actor = audit_os_actor();
	details = xasprintf("%s = %s", key, value);
	if (db_begin(r->db, &cause) == -1 ||
	    settings_set(r->db, def->key, value, &cause) == -1 ||
	    audit_append(r->db, actor, "config.set", key, details,
	    &cause) == -1 || db_commit(r->db, &cause) == -1) {
		db_rollback(r->db);
		rc = cli_fail_cause(cause);
	} else {
		printf("%s set\n", key);
		rc = CLI_OK;
	}
	free(details);
	free(actor);
	return rc;
}

static const struct cli_verb cli_config_verbs[] = {
	{ "list", 0, 0, cli_config_list_run, "every setting" },
	{ "set", 2, 2, cli_config_set_run, "change a setting" },
	{ NULL, 0, 0, NULL, NULL }
};

int
cli_config(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_config_opts o = { CLI_TABLE, NULL };
	struct cli_run r = { cmd, NULL, "list", 0, NULL, &o };
	const struct cli_verb *v;
	const char *format = NULL;
	char *cause = NULL;
	int c;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		if (c != 'f')
			return CLI_USAGE;
		format = optarg;
	}
	if (format != NULL && cli_format(cmd, format, CLI_TABLE | CLI_JSON,
	    &o.format) != CLI_OK)
		return CLI_USAGE;
	if ((v = cli_verb_take(cli_config_verbs, "list", argc, argv,
	    &r)) == NULL ||
	    (format != NULL && v->fn != cli_config_list_run))
		return cli_usage(cmd, NULL);
	if (v->fn == cli_config_set_run) {
		if ((o.def = cli_config_find(r.args[0])) == NULL)
			return cli_usage(cmd, "unknown setting: see 'kpidesk "
			    "config list'");
		if (settings_check(o.def, r.args[1], &cause) == -1) {
			cli_fail_cause(cause);
			return CLI_USAGE;
		}
	}
	return cli_verb_run(ctx, v, &r);
}
