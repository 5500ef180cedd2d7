/* cli_report: `kpidesk check` and `kpidesk kpi`. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "chart.h"
#include "checks.h"
#include "datetime.h"
#include "db.h"
#include "json.h"
#include "kpi.h"
#include "kpi_chart.h"
#include "render.h"
#include "settings.h"
#include "strbuf.h"
#include "table.h"
#include "xmem.h"

/* Print the batch's header: id, kind, status, file, counts. */
static int
cli_check_header(struct db *db, int64_t batch, char **cause)
{
	struct checks_batch b;

	if (checks_batch_info(db, batch, &b, cause) == -1)
		return -1;
	printf("batch %lld (%s, %s): ", (long long)batch, b.kind, b.status);
	cli_print_safe(b.file);
	printf("\nsha256 %s\nread %lld, loaded %lld, rejected %lld, "
	    "duplicates %lld, warnings %lld\n\n", b.sha256, (long long)b.read,
	    (long long)b.loaded, (long long)b.rejected,
	    (long long)b.duplicates, (long long)b.warnings);
	checks_batch_free(&b);
	return 0;
}

/* Call fn for each '\n'-separated line of s. */
static void
cli_each_line(const char *s, void (*fn)(const char *, void *), void *arg)
{
	const char *nl;
	char *one;

	while (*s != '\0') {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s);
		one = xstrndup(s, (size_t)(nl - s));
		fn(one, arg);
		free(one);
		s = *nl != '\0' ? nl + 1 : nl;
	}
}

static void
cli_check_sample(const char *line, void *arg)
{
	(void)arg;
	printf("%21s", "");
	cli_print_safe(line);
	putchar('\n');
}

static void
cli_check_json_sample(const char *line, void *arg)
{
	struct strbuf *sb = arg;

	if (sb->buf[sb->len - 1] != '[')
		strbuf_puts(sb, ", ");
	json_str(sb, line);
}

static void
cli_check_table(const struct checks_item *it, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		printf("%-6s %-4s %8lld  %s\n", it[i].category, it[i].status,
		    (long long)it[i].count, it[i].name);
		cli_check_sample(it[i].detail, NULL);
		cli_each_line(it[i].samples, cli_check_sample, NULL);
	}
}

static void
cli_check_json(int64_t batch, const struct checks_item *it, size_t n)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	strbuf_printf(&sb, "{\"batch\": %lld, \"checks\": [", (long long)batch);
	for (i = 0; i < n; i++) {
		strbuf_puts(&sb, i > 0 ? ", {" : "{");
		strbuf_puts(&sb, "\"category\": ");
		json_str(&sb, it[i].category);
		strbuf_puts(&sb, ", \"name\": ");
		json_str(&sb, it[i].name);
		strbuf_printf(&sb, ", \"status\": \"%s\", \"count\": %lld, "
		    "\"detail\": ", it[i].status, (long long)it[i].count);
		json_str(&sb, it[i].detail);
		strbuf_puts(&sb, ", \"samples\": [");
		cli_each_line(it[i].samples, cli_check_json_sample, &sb);
		strbuf_puts(&sb, "]}");
	}
	strbuf_puts(&sb, "]}\n");
	fputs(strbuf_str(&sb), stdout);
	strbuf_free(&sb);
}

int
cli_check(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const char *format = "table";
	struct checks_item *items = NULL;
	char *cause = NULL;
	struct db *db;
	int64_t batch = 0;
	size_t n = 0;
	int c, rc = CLI_FAIL;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		if (c != 'f')
			return CLI_USAGE;
		format = optarg;
	}
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
		return cli_usage(cmd, "--format is table or json");
	if (optind + 1 == argc) {
		if (cli_parse_id(argv[optind], &batch) == -1)
			return cli_usage(cmd, "BATCH is a batch number");
	} else if (optind != argc)
		return cli_usage(cmd, NULL);
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	if (batch == 0 && (batch = checks_latest_batch(db, &cause)) <= 0) {
		if (batch == 0)
			cli_fail("no batches yet: load one with 'kpidesk import'");
		else
			cli_fail_cause(cause);
		goto out;
	}
	if (checks_load(db, batch, &items, &n, &cause) == -1) {
		cli_fail_cause(cause);
		goto out;
	}
	if (strcmp(format, "json") == 0)
		cli_check_json(batch, items, n);
	else if (cli_check_header(db, batch, &cause) == -1) {
		cli_fail_cause(cause);
		goto out;
	} else
		cli_check_table(items, n);
	rc = CLI_OK;
out:
	checks_free(items, n);
	db_close(db);
	return rc;
}

static int
cli_kpi_period(const char *s, enum kpi_period *p)
{
	static const enum kpi_period all[] = {
		KPI_ALL, KPI_LATEST_DAY, KPI_MONTH_TO_DATE, KPI_30_DAYS
	};
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (strcmp(s, kpi_period_name(all[i])) == 0) {
			*p = all[i];
			return 0;
		}
	}
	return -1;
}

/* The chart below a KPI table, as wide as the terminal (or 80). */
static void
cli_kpi_chart(struct db *db, const struct kpi_def *k, const struct table *t,
    struct strbuf *sb)
{
	struct chart_opts o = { 80, 12, cli_utf8(), CHART_SCALE_INTL };
	struct chart_lines cl = { NULL, 0, 0 };
	struct winsize ws;
	char *cause = NULL;
	size_t i;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		o.width = ws.ws_col;
	if (settings_is(db, SET_NUMBER_SCALE, "indian"))
		o.scale = CHART_SCALE_INDIAN;
	if (kpi_chart(k, t, &o, &cl, &cause) == -1) {
		strbuf_printf(sb, "(%s)\n", cause);
		free(cause);
		return;
	}
	strbuf_putc(sb, '\n');
	for (i = 0; i < cl.n; i++)
		strbuf_printf(sb, "%s\n", cl.line[i]);
	chart_lines_free(&cl);
}

/* Print one KPI in format; returns 0, or -1 after printing the error. */
static int
cli_kpi_one(struct db *db, const struct kpi_def *k,
    const struct kpi_params *p, const char *format, const char *as_of,
    int many, int chart, int raw, struct strbuf *sb)
{
	struct table *t;
	char *cause = NULL;
	int utf8 = cli_utf8();

	if (kpi_run(db, k, p, &t, &cause) == -1) {
		cli_fail_cause(cause);
		return -1;
	}
	if (strcmp(format, "json") == 0) {
		if (many) {
			json_str(sb, k->name);
			strbuf_puts(sb, ": ");
		}
		render_json(sb, k->name, as_of, t);
	} else if (strcmp(format, "csv") == 0) {
		if (many)
			strbuf_printf(sb, "# %s\r\n", k->name);
		render_csv(sb, t, raw);
	} else {
		strbuf_printf(sb, "%s, as of %s", k->title, as_of);
		if (k->has_period)
			strbuf_printf(sb, " (period: %s)",
			    kpi_period_name(p->period));
		strbuf_puts(sb, "\n");
		render_text(sb, t, utf8);
		if (chart)
			cli_kpi_chart(db, k, t, sb);
	}
	table_free(t);
	return 0;
}

int
cli_kpi(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "chart", no_argument, NULL, 'c' },
		{ "limit", required_argument, NULL, 'l' },
		{ "period", required_argument, NULL, 'p' },
		{ "raw", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct kpi_params p = { 0, KPI_ALL, -1 };
	const char *format = "table", *as_of_arg = NULL, *name;
	const struct kpi_def *k = NULL;
	char *cause = NULL, *end, *names, as_of[11];
	struct strbuf sb;
	struct db *db;
	size_t i;
	int c, rc = CLI_FAIL, chart = 0, raw = 0;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'a': as_of_arg = optarg; break;
		case 'r': raw = 1; break;
		case 'f': format = optarg; break;
		case 'c': chart = 1; break;
		case 'l':
			p.limit = strtoll(optarg, &end, 10);
			if (*end != '\0' || p.limit < 0)
				return cli_usage(cmd, "--limit takes a number");
			break;
		case 'p':
			if (cli_kpi_period(optarg, &p.period) == -1)
				return cli_usage(cmd, "--period is all, day, "
				    "mtd or 30d");
			break;
		default: return CLI_USAGE;
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "give one KPI name, or all");
	name = argv[optind];
	if (strcmp(name, "all") != 0 && (k = kpi_find(name)) == NULL) {
		names = kpi_names();
		cause = xasprintf("unknown KPI: use %s or all", names);
		free(names);
		rc = cli_usage(cmd, cause);
		free(cause);
		return rc;
	}
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0)
		return cli_usage(cmd, "--format is table, csv or json");
	if (raw && strcmp(format, "csv") != 0)
		return cli_usage(cmd, "--raw applies to --format csv");
	/* Nothing raw from a file reaches a terminal, even when asked. */
	if (raw && isatty(STDOUT_FILENO)) {
		cli_fail("--raw is ignored on a terminal: send the output to "
		    "a file or a pipe");
		raw = 0;
	}
	if (as_of_arg != NULL && datetime_parse_day(as_of_arg, &p.as_of) == -1)
		return cli_usage(cmd, "--as-of takes a day, YYYY-MM-DD");
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	/* One read transaction: the day and every KPI of `all` come from the
	 * same moment while another process commits. */
	if (db_exec(db, "BEGIN", &cause) == -1 || (as_of_arg == NULL &&
	    kpi_default_as_of(db, &p.as_of, &cause) == -1)) {
		cli_fail_cause(cause);
		db_close(db);
		return CLI_FAIL;
	}
	datetime_format_day(p.as_of, as_of);
	strbuf_init(&sb);
	if (k != NULL)
		rc = cli_kpi_one(db, k, &p, format, as_of, 0, chart, raw,
		    &sb);
	else {
		if (strcmp(format, "json") == 0)
			strbuf_putc(&sb, '{');
		for (i = 0, rc = 0; i < kpi_count() && rc == 0; i++) {
			if (i > 0)
				strbuf_puts(&sb, strcmp(format, "json") == 0 ?
				    ", " : "\n");
			rc = cli_kpi_one(db, kpi_at(i), &p, format, as_of, 1,
			    chart, raw, &sb);
		}
		if (strcmp(format, "json") == 0)
			strbuf_putc(&sb, '}');
	}
	db_rollback(db);
	if (rc == 0) {
		if (strcmp(format, "json") == 0)
			strbuf_putc(&sb, '\n');
		fputs(strbuf_str(&sb), stdout);
		rc = CLI_OK;
	} else
		rc = CLI_FAIL;
	strbuf_free(&sb);
	db_close(db);
	return rc;
}
