/* cli_history: `kpidesk history ...`, the auditors' view of past days. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "datetime.h"
#include "db.h"
#include "export.h"
#include "history.h"
#include "kpi.h"
#include "render.h"
#include "rules.h"
#include "snapshot.h"
#include "strbuf.h"
#include "table.h"
#include "users.h"
#include "xmem.h"

/* One snapshot as a JSON object of `history list --format json`. */
static void
cli_history_json(struct strbuf *sb, const struct snapshot_info *s,
    const char *money, int intact)
{
	strbuf_putc(sb, '{');
	cli_json_kv(sb, "day", s->day);
	cli_json_kv(sb, "taken_at", s->taken_at);
	cli_json_kv(sb, "taken_by", s->taken_by);
	cli_json_kn(sb, "order_lines", (long long)s->order_lines);
	cli_json_kn(sb, "orders", (long long)s->orders);
	cli_json_kv(sb, "revenue", money);
	cli_json_kv(sb, "content", intact ? "intact" : "CHANGED");
	cli_json_kv(sb, "content_hash", s->content_hash);
	strbuf_putc(sb, '}');
}

/* The snapshots as a table, or as {"snapshots": [{...}, ...]}. */
static int
cli_history_list(struct db *db, int json)
{
	struct snapshot_info *list;
	char *cause = NULL, money[32];
	struct strbuf sb;
	size_t n, i;
	int intact;

	if (snapshot_list(db, &list, &n, &cause) == -1)
		return cli_fail_cause(cause);
	strbuf_init(&sb);
	if (json)
		strbuf_puts(&sb, "{\"snapshots\": [");
	else
		strbuf_printf(&sb, "%-10s  %-20s  %10s  %8s  %14s  %-8s\n",
		    "DAY", "TAKEN", "LINES", "ORDERS", "REVENUE", "CONTENT");
	for (i = 0; i < n; i++) {
		if (snapshot_intact(db, &list[i], &intact, &cause) == -1) {
			free(cause);
			cause = NULL;
			intact = 0;
		}
		rules_money_format(list[i].revenue, money, sizeof money);
		if (json) {
			if (i > 0)
				strbuf_puts(&sb, ", ");
			cli_history_json(&sb, &list[i], money, intact);
		} else
			strbuf_printf(&sb, "%-10s  %-20s  %10lld  %8lld  %14s  "
			    "%-8s\n", list[i].day, list[i].taken_at,
			    (long long)list[i].order_lines,
			    (long long)list[i].orders, money,
			    intact ? "intact" : "CHANGED");
		snapshot_info_free(&list[i]);
	}
	free(list);
	if (json)
		strbuf_puts(&sb, "]}\n");
	else if (n == 0)
		strbuf_puts(&sb, "no snapshots yet: import orders, or run "
		    "'kpidesk history snapshot'\n");
	cli_json_flush(&sb);
	strbuf_free(&sb);
	return CLI_OK;
}

/* Print stored rows (a header line, then tab-separated cells) aligned. */
static void
cli_history_rows(const char *rows)
{
	struct table *t = table_create();
	const char *line = rows, *end, *cell, *tab;
	struct strbuf sb;
	size_t r = 0, c;
	char *text;

	for (; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		if (line != rows)
			r = table_add_row(t);
		for (cell = line, c = 0; cell <= end; cell = tab + 1, c++) {
			tab = memchr(cell, '\t', (size_t)(end - cell));
			if (tab == NULL)
				tab = end;
			text = xstrndup(cell, (size_t)(tab - cell));
			if (line == rows)
				table_add_col(t, text, TABLE_TEXT, 0);
			else if (c < t->ncols)
				table_set_text(t, r, c, text);
			free(text);
		}
	}
	strbuf_init(&sb);
	render_text(&sb, t, cli_utf8());
	fputs(strbuf_str(&sb), stdout);
	strbuf_free(&sb);
	table_free(t);
}

static int
cli_history_show(struct db *db, const char *day, const char *only, int json)
{
	struct snapshot_info s;
	char *cause = NULL, *out, money[32];
	size_t i;
	int first = 1;

	if (snapshot_get(db, day, &s, &cause) == -1)
		return cli_fail_cause(cause);
	rules_money_format(s.revenue, money, sizeof money);
	if (json)
		printf("{\"day\": \"%s\", \"content_hash\": \"%s\", \"kpis\": {",
		    s.day, s.content_hash);
	else
		printf("snapshot %s, taken %s by %s\ncustomer master batch "
		    "%lld, batches through %lld\norder lines %lld, orders "
		    "%lld, revenue %s\nchecks: %s\naudit head %lld %s\n"
		    "content %s\n", s.day, s.taken_at, s.taken_by,
		    (long long)s.customer_batch, (long long)s.last_batch,
		    (long long)s.order_lines, (long long)s.orders, money,
		    s.check_summary, (long long)s.audit_seq, s.audit_hash,
		    s.content_hash);
	for (i = 0; i < kpi_count(); i++) {
		if (only != NULL && strcmp(only, kpi_at(i)->name) != 0)
			continue;
		if (history_kpi(db, s.day, kpi_at(i)->name, json, &out,
		    &cause) == -1) {
			snapshot_info_free(&s);
			return cli_fail_cause(cause);
		}
		if (json)
			printf("%s\"%s\": %s", first ? "" : ", ",
			    kpi_at(i)->name, out);
		else {
			printf("\n%s\n", kpi_at(i)->title);
			cli_history_rows(out);
		}
		first = 0;
		free(out);
	}
	if (json)
		printf("}}\n");
	snapshot_info_free(&s);
	return CLI_OK;
}

/* Whether user's roles make it an auditor-only reader (masked mobiles). */
static int
cli_history_masked(struct db *db, const char *user, const char *pwfile,
    int *mask)
{
	unsigned roles;
	char *cause = NULL;

	*mask = 0;
	if (user == NULL)
		return 0;
	if (cli_login(db, user, pwfile, ROLE_ALL) == -1)
		return -1;
	if (users_roles(db, user, &roles, &cause) == -1) {
		cli_fail_cause(cause);
		return -1;
	}
	*mask = (roles & (ROLE_ANALYST | ROLE_APPROVER | ROLE_ADMIN)) == 0;
	return 0;
}

/* Monthly aggregates from the snapshots, as text or JSON. */
static int
cli_history_months(struct db *db, int json)
{
	struct table *t;
	struct strbuf sb;
	char *cause = NULL, latest[11] = "";

	if (history_months(db, &t, &cause) == -1)
		return cli_fail_cause(cause);
	if (t->nrows > 0)
		snprintf(latest, sizeof latest, "%s",
		    table_cell(t, t->nrows - 1, 3)->text);
	strbuf_init(&sb);
	if (json) {
		render_json(&sb, "history-months", latest, t);
		strbuf_putc(&sb, '\n');
	} else if (t->nrows > 0)
		render_text(&sb, t, cli_utf8());
	else
		strbuf_puts(&sb, "no snapshots yet: import orders, or run "
		    "'kpidesk history snapshot'\n");
	fputs(strbuf_str(&sb), stdout);
	strbuf_free(&sb);
	table_free(t);
	return CLI_OK;
}

/* Audit a re-export written to a file (a copy of approved data left the
 * database). */
static int
cli_history_audit_reexport(struct db *db, int64_t id,
    const struct export_result *res)
{
	char *actor = audit_os_actor(), *details, *cause = NULL;
	int rc;

	details = xasprintf("export=%lld sha256=%s bytes=%lld", (long long)id,
	    res->sha256, (long long)res->bytes);
	rc = db_begin(db, &cause) == -1 || audit_append(db, actor,
	    "export.reexport", res->path, details, &cause) == -1 ||
	    db_commit(db, &cause) == -1 ? -1 : 0;
	if (rc == -1) {
		db_rollback(db);
		cli_fail_cause(cause);
	}
	free(details);
	free(actor);
	return rc;
}

/* Rebuild export id of day (0: the day's latest) and compare its bytes
 * with the original; with out, also write the copy there. */
static int
cli_history_reexport(struct db *db, const char *day, int64_t id,
    const char *out)
{
	struct export_result res;
	char *cause = NULL, *why = NULL;
	int same;

	if (export_of_day(db, day, id, &id, &cause) == -1)
		return cli_fail_cause(cause);
	if (export_rebuild(db, id, out, &res, &same, &why, &cause) == -1)
		return cli_fail_cause(cause);
	printf("export %lld rebuilt: sha256 %s, %lld bytes\n", (long long)id,
	    res.sha256, (long long)res.bytes);
	if (res.path != NULL) {
		printf("wrote ");
		cli_print_safe(res.path);
		putchar('\n');
		if (cli_history_audit_reexport(db, id, &res) == -1)
			same = 0;
	}
	if (same)
		printf("identical to the original export %lld\n",
		    (long long)id);
	else if (why != NULL)
		cli_fail("the rebuilt workbook differs from export %lld: %s",
		    (long long)id, why);
	free(why);
	export_result_free(&res);
	return same ? CLI_OK : CLI_FAIL;
}

/* The options of `history`, for its verbs. */
struct cli_history_opts {
	int		 json;
	const char	*only, *user, *pwfile, *out;
	int64_t		 export_id;
};

static int
cli_history_list_run(struct cli_run *r)
{
	return cli_history_list(r->db,
	    ((struct cli_history_opts *)r->opts)->json);
}

static int
cli_history_months_run(struct cli_run *r)
{
	return cli_history_months(r->db,
	    ((struct cli_history_opts *)r->opts)->json);
}

static int
cli_history_show_run(struct cli_run *r)
{
	struct cli_history_opts *o = r->opts;

	return cli_history_show(r->db, r->args[0], o->only, o->json);
}

/* Take the snapshot of DAY, else of the default day. */
static int
cli_history_snapshot_run(struct cli_run *r)
{
	struct snapshot_info s = { 0 };
	char *actor = audit_os_actor(), *cause = NULL;
	int32_t as_of;
	int rc, taken = 0;

	if (r->nargs > 0)
		(void)datetime_parse_day(r->args[0], &as_of);	/* checked */
	if (r->nargs == 0 && kpi_default_as_of(r->db, &as_of, &cause) == -1)
		rc = cli_fail_cause(cause);
	else if (db_begin(r->db, &cause) == -1 ||
	    (taken = snapshot_take(r->db, actor, as_of, &s,
	    &cause)) != 0 || db_commit(r->db, &cause) == -1) {
		db_rollback(r->db);
		if (taken == SNAPSHOT_TOTALS_DIFFER)
			snapshot_alert(r->db, actor, &cause);
		rc = cli_fail_cause(cause);
	} else {
		printf("snapshot %s taken: content %s\n", s.day,
		    s.content_hash);
		rc = CLI_OK;
	}
	/* Taken but not committed (refused at the COMMIT) is freed too. */
	snapshot_info_free(&s);
	free(actor);
	return rc;
}

static int
cli_history_verify_run(struct cli_run *r)
{
	struct strbuf report;
	char *cause = NULL;
	int ok, rc;

	strbuf_init(&report);
	if (history_verify(r->db, r->nargs > 0 ? r->args[0] : NULL, &report,
	    &ok, &cause) == -1)
		rc = cli_fail_cause(cause);
	else {
		fputs(strbuf_str(&report), stdout);
		rc = ok ? CLI_OK : CLI_FAIL;
	}
	strbuf_free(&report);
	return rc;
}

static int
cli_history_diff_run(struct cli_run *r)
{
	struct strbuf report;
	char *cause = NULL;
	int32_t as_of;
	int rc;

	if (datetime_parse_day(r->args[1], &as_of) == -1)
		return cli_usage(r->cmd, "DAY is YYYY-MM-DD");
	strbuf_init(&report);
	if (history_diff(r->db, r->args[0], r->args[1], &report,
	    &cause) == -1)
		rc = cli_fail_cause(cause);
	else {
		fputs(strbuf_str(&report), stdout);
		rc = CLI_OK;
	}
	strbuf_free(&report);
	return rc;
}

static int
cli_history_files_run(struct cli_run *r)
{
	struct cli_history_opts *o = r->opts;
	char *cause = NULL, *dir = NULL, day[11];
	int32_t as_of;
	int mask, rc;

	snprintf(day, sizeof day, "%s", r->args[0]);
	if (datetime_parse_day(day, &as_of) == -1)
		return cli_usage(r->cmd, "DAY is YYYY-MM-DD");
	if (cli_history_masked(r->db, o->user, o->pwfile, &mask) == -1)
		return CLI_FAIL;
	if (history_files(r->db, day, r->args[1], mask, &dir, &cause) == -1)
		return cli_fail_cause(cause);
	printf("%s\n", dir);
	rc = CLI_OK;
	free(dir);
	return rc;
}

static int
cli_history_reexport_run(struct cli_run *r)
{
	struct cli_history_opts *o = r->opts;

	return cli_history_reexport(r->db, r->args[0], o->export_id, o->out);
}

static const struct cli_verb cli_history_verbs[] = {
	{ "list", 0, 0, cli_history_list_run, "the days with a snapshot" },
	{ "months", 0, 0, cli_history_months_run,
	    "monthly figures from the snapshots" },
	{ "show", 1, 1, cli_history_show_run, "a day's KPIs as stored" },
	{ "snapshot", 0, 1, cli_history_snapshot_run, "take a day's snapshot" },
	{ "verify", 0, 1, cli_history_verify_run,
	    "check snapshots against their batches" },
	{ "diff", 2, 2, cli_history_diff_run, "compare two days' KPIs" },
	{ "files", 2, 2, cli_history_files_run, "a day's evidence files" },
	{ "reexport", 1, 1, cli_history_reexport_run,
	    "rebuild a day's export and compare its bytes" },
	{ NULL, 0, 0, NULL, NULL }
};

int
cli_history(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "kpi", required_argument, NULL, 'k' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "export", required_argument, NULL, 'e' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_history_opts o = { 0, NULL, NULL, NULL, NULL, 0 };
	struct cli_run r = { cmd, NULL, "list", 0, NULL, &o };
	const struct cli_verb *v;
	const char *format = NULL;
	enum cli_format fmt = CLI_TABLE;
	int32_t as_of;
	int c, rc;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'k': o.only = optarg; break;
		case 'u': o.user = optarg; break;
		case 'p': o.pwfile = optarg; break;
		case 'e':
			if (cli_parse_id(optarg, &o.export_id) == -1)
				return cli_usage(cmd, "--export takes an export "
				    "number");
			break;
		case 'o': o.out = optarg; break;
		default: return CLI_USAGE;
		}
	}
	if (optind < argc) {
		r.verb = argv[optind];
		r.nargs = argc - optind - 1;
		r.args = argv + optind + 1;
	}
	/* An unknown verb is named only once the rest is checked. */
	if ((v = cli_verb_find(cli_history_verbs, r.verb)) != NULL &&
	    !cli_verb_fits(v, r.nargs))
		return cli_usage(cmd, "wrong number of arguments");
	if (format != NULL && cli_format(cmd, format, CLI_TABLE | CLI_JSON,
	    &fmt) != CLI_OK)
		return CLI_USAGE;
	o.json = fmt == CLI_JSON;
	if (o.json && v != NULL && v->fn != cli_history_list_run &&
	    v->fn != cli_history_show_run && v->fn != cli_history_months_run)
		return cli_usage(cmd, "--format json goes with list, show and "
		    "months");
	if (o.only != NULL && kpi_find(o.only) == NULL)
		return cli_usage(cmd, "unknown KPI");
	if (r.nargs > 0 && strcmp(r.verb, "files") != 0 &&
	    datetime_parse_day(r.args[0], &as_of) == -1)
		return cli_usage(cmd, "DAY is YYYY-MM-DD");
	if (cli_open_db(ctx, 0, &r.db) != CLI_OK)
		return CLI_FAIL;
	rc = v != NULL ? v->fn(&r) : cli_usage(cmd, "unknown history verb");
	db_close(r.db);
	return rc;
}
