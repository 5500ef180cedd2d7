/* cli_user: `kpidesk init` and `kpidesk user ...`, operator commands audited
 * as os:<login> because they trust the OS account that owns the database. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "datetime.h"
#include "db.h"
#include "json.h"
#include "settings.h"
#include "strbuf.h"
#include "users.h"
#include "xmem.h"

int
cli_init(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "admin", required_argument, NULL, 'a' },
		{ "tz", required_argument, NULL, 'z' },
		{ "password-file", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char *admin = NULL, *tz = "Asia/Kolkata", *pwfile = NULL;
	char *actor = NULL, *pw = NULL, *cause = NULL;
	struct db *db = NULL;
	int c, rc = CLI_FAIL;
	int64_t n;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'a': admin = optarg; break;
		case 'z': tz = optarg; break;
		case 'p': pwfile = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "init takes no arguments");
	if (admin == NULL)
		return cli_usage(cmd, "init needs --admin NAME");
	if (users_check_name(admin, &cause) == -1 ||
	    datetime_set_zone(tz, &cause) == -1) {
		cli_fail_cause(cause);
		return CLI_USAGE;
	}
	if (cli_open_db(ctx, DB_CREATE, &db) != CLI_OK)
		return CLI_FAIL;
	if ((n = users_count(db, &cause)) == -1) {
		rc = cli_fail_cause(cause);
		goto out;
	}
	if (n > 0) {
		rc = cli_fail("database %s already has users: manage them with "
		    "'kpidesk user'", db->path);
		goto out;
	}
	if ((pw = cli_new_password(pwfile, admin)) == NULL)
		goto out;
	actor = audit_os_actor();
	if (settings_set(db, "data_tz", tz, &cause) == -1 ||
	    audit_append(db, actor, "init", db->path, tz, &cause) == -1 ||
	    users_add(db, actor, admin, ROLE_ADMIN, pw, &cause) == -1) {
		rc = cli_fail_cause(cause);
		goto out;
	}
	printf("created %s (data time zone %s) with admin %s\n", db->path, tz,
	    admin);
	rc = CLI_OK;
out:
	xfree_secret(pw);
	free(actor);
	db_close(db);
	return rc;
}

/* A lockout's end as UTC text into buf, or "" when not locked. */
static void
cli_user_until(int64_t locked_until, char *buf, size_t len)
{
	time_t t = (time_t)locked_until;
	struct tm tm;

	buf[0] = '\0';
	if (locked_until == 0)
		return;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* One account as a JSON object: its roles as an array of names. */
static void
cli_user_json(struct strbuf *sb, const struct users_info *u)
{
	char *roles = users_format_roles(u->roles), *role, *save = NULL;
	char until[32];

	strbuf_putc(sb, '{');
	cli_json_kv(sb, "name", u->name);
	strbuf_puts(sb, ", \"roles\": [");
	for (role = strtok_r(roles, ",", &save); role != NULL &&
	    strcmp(role, "-") != 0; role = strtok_r(NULL, ",", &save)) {
		if (sb->buf[sb->len - 1] != '[')
			strbuf_puts(sb, ", ");
		json_str(sb, role);
	}
	strbuf_putc(sb, ']');
	cli_json_kv(sb, "status", u->disabled ? "disabled" : "enabled");
	cli_json_kn(sb, "failures", (long long)u->failures);
	cli_user_until(u->locked_until, until, sizeof until);
	cli_json_kv(sb, "locked_until", until[0] != '\0' ? until : NULL);
	cli_json_kv(sb, "created_at", u->created_at);
	cli_json_kv(sb, "created_by", u->created_by);
	strbuf_putc(sb, '}');
	free(roles);
}

/* The accounts as a table, or as {"users": [{...}, ...]}. */
static int
cli_user_list(struct db *db, enum cli_format format)
{
	struct users_info *list;
	char *cause = NULL, *roles, until[32];
	struct strbuf sb;
	size_t n, i;

	if (users_list(db, (int64_t)time(NULL), &list, &n, &cause) == -1)
		return cli_fail_cause(cause);
	strbuf_init(&sb);
	if (format == CLI_JSON)
		strbuf_puts(&sb, "{\"users\": [");
	else
		strbuf_printf(&sb, "%-20s %-32s %-8s %-8s %s\n", "NAME",
		    "ROLES", "STATUS", "FAILURES", "LOCKED UNTIL");
	for (i = 0; i < n; i++) {
		if (format == CLI_JSON) {
			if (i > 0)
				strbuf_puts(&sb, ", ");
			cli_user_json(&sb, &list[i]);
			continue;
		}
		roles = users_format_roles(list[i].roles);
		cli_user_until(list[i].locked_until, until, sizeof until);
		strbuf_printf(&sb, "%-20s %-32s %-8s %-8lld %s\n",
		    list[i].name, roles, list[i].disabled ? "disabled" :
		    "enabled", (long long)list[i].failures,
		    until[0] != '\0' ? until : "-");
		free(roles);
	}
	if (format == CLI_JSON)
		strbuf_puts(&sb, "]}\n");
	cli_json_flush(&sb);
	strbuf_free(&sb);
	users_list_free(list, n);
	return CLI_OK;
}

/* The options of `user`, for its verbs: the roles (add, roles) parsed
 * before the database opens, and the operator the change is audited as. */
struct cli_user_opts {
	const char	*role, *pwfile;
	unsigned	 roles;
	char		*actor;
	enum cli_format	 format;
};

static int
cli_user_list_run(struct cli_run *r)
{
	return cli_user_list(r->db, ((struct cli_user_opts *)r->opts)->format);
}

/* add and passwd: the new password, from the file or asked twice. */
static int
cli_user_password_run(struct cli_run *r)
{
	struct cli_user_opts *o = r->opts;
	char *pw, *cause = NULL;
	int rc;

	if ((pw = cli_new_password(o->pwfile, r->args[0])) == NULL)
		return CLI_FAIL;
	rc = strcmp(r->verb, "add") == 0 ?
	    users_add(r->db, o->actor, r->args[0], o->roles, pw, &cause) :
	    users_passwd(r->db, o->actor, r->args[0], pw, &cause);
	xfree_secret(pw);
	return rc == -1 ? cli_fail_cause(cause) : CLI_OK;
}

static int
cli_user_roles_run(struct cli_run *r)
{
	struct cli_user_opts *o = r->opts;
	char *cause = NULL;

	if (users_set_roles(r->db, o->actor, r->args[0], o->roles,
	    &cause) == -1)
		return cli_fail_cause(cause);
	return CLI_OK;
}

static int
cli_user_unlock_run(struct cli_run *r)
{
	struct cli_user_opts *o = r->opts;
	char *cause = NULL;

	if (users_unlock(r->db, o->actor, r->args[0], &cause) == -1)
		return cli_fail_cause(cause);
	return CLI_OK;
}

/* disable and enable. */
static int
cli_user_disabled_run(struct cli_run *r)
{
	struct cli_user_opts *o = r->opts;
	char *cause = NULL;

	if (users_set_disabled(r->db, o->actor, r->args[0],
	    strcmp(r->verb, "disable") == 0, &cause) == -1)
		return cli_fail_cause(cause);
	return CLI_OK;
}

static const struct cli_verb cli_user_verbs[] = {
	{ "list", 0, 0, cli_user_list_run, "the accounts" },
	{ "add", 1, 1, cli_user_password_run, "a new account (--role)" },
	{ "passwd", 1, 1, cli_user_password_run, "set a new password" },
	{ "roles", 2, 2, cli_user_roles_run, "replace an account's roles" },
	{ "disable", 1, 1, cli_user_disabled_run, "refuse its logins" },
	{ "enable", 1, 1, cli_user_disabled_run, "allow its logins again" },
	{ "unlock", 1, 1, cli_user_unlock_run, "end a lockout" },
	{ NULL, 0, 0, NULL, NULL }
};

/* add and roles: the roles given (--role, or roles' second argument). */
static int
cli_user_parse_roles(struct cli_run *r, const struct cli_verb *v)
{
	struct cli_user_opts *o = r->opts;
	const char *spec;
	char *cause = NULL;

	if (v->fn == cli_user_roles_run)
		spec = r->args[1];
	else if (strcmp(v->name, "add") == 0)
		spec = o->role;
	else
		return CLI_OK;
	if (spec == NULL)
		return cli_usage(r->cmd, "user add needs --role ROLE");
	if (users_parse_roles(spec, &o->roles, &cause) == -1) {
		cli_fail_cause(cause);
		return CLI_USAGE;
	}
	return CLI_OK;
}

int
cli_user(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_user_opts o = { NULL, NULL, 0, NULL, CLI_TABLE };
	struct cli_run r = { cmd, NULL, NULL, 0, NULL, &o };
	const struct cli_verb *v;
	const char *format = NULL;
	int c, rc;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'r': o.role = optarg; break;
		case 'p': o.pwfile = optarg; break;
		case 'f': format = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (format != NULL && cli_format(cmd, format, CLI_TABLE | CLI_JSON,
	    &o.format) != CLI_OK)
		return CLI_USAGE;
	if (optind >= argc)
		return cli_usage(cmd, "user needs a verb");
	r.verb = argv[optind];
	r.nargs = argc - optind - 1;
	r.args = argv + optind + 1;
	/* an unknown verb is counted as one taking a name */
	v = cli_verb_find(cli_user_verbs, r.verb);
	if (v != NULL ? !cli_verb_fits(v, r.nargs) : r.nargs != 1)
		return cli_usage(cmd, "wrong number of arguments");
	if (v == NULL)
		return cli_usage(cmd, "unknown user verb");
	if (format != NULL && v->fn != cli_user_list_run)
		return cli_usage(cmd, "--format goes with user list");
	if ((rc = cli_user_parse_roles(&r, v)) != CLI_OK)
		return rc;
	if (cli_open_db(ctx, 0, &r.db) != CLI_OK)
		return CLI_FAIL;
	o.actor = audit_os_actor();
	rc = v->fn(&r);
	if (rc == CLI_OK && v->fn != cli_user_list_run)
		printf("user %s: %s done\n", r.args[0], r.verb);
	free(o.actor);
	db_close(r.db);
	return rc;
}
