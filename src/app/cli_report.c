/* cli_report: `kpidesk check` and `kpidesk kpi`. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <sqlite3.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart.h"
#include "checks.h"
#include "datetime.h"
#include "db.h"
#include "json.h"
#include "kpi.h"
#include "kpi_chart.h"
#include "paths.h"
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
	enum cli_format fmt;
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
	if (cli_format(cmd, format, CLI_TABLE | CLI_JSON, &fmt) != CLI_OK)
		return CLI_USAGE;
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
	if (fmt == CLI_JSON)
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

/* What `kpi` was asked for. */
struct cli_kpi_opts {
	struct kpi_params	 p;
	enum cli_format		 fmt;
	char			 as_of[11];
	int			 chart, raw, as_of_given;
	const char		*out;	/* --out DIR: NAME.csv each */
};

/* Render one KPI into sb as o says (many: one of `all`); returns 0, or
 * -1 after printing the error. */
static int
cli_kpi_one(struct db *db, const struct kpi_def *k,
    const struct cli_kpi_opts *o, int many, struct strbuf *sb)
{
	struct table *t;
	char *cause = NULL;

	if (kpi_run(db, k, &o->p, &t, &cause) == -1) {
		cli_fail_cause(cause);
		return -1;
	}
	if (o->fmt == CLI_JSON) {
		if (many) {
			json_str(sb, k->name);
			strbuf_puts(sb, ": ");
		}
		render_json(sb, k->name, o->as_of, t);
	} else if (o->fmt == CLI_CSV)
		render_csv(sb, t, o->raw);
	else {
		strbuf_printf(sb, "%s, as of %s", k->title, o->as_of);
		if (k->has_period)
			strbuf_printf(sb, " (period: %s)",
			    kpi_period_name(o->p.period));
		strbuf_puts(sb, "\n");
		render_text(sb, t, cli_utf8());
		if (o->chart)
			cli_kpi_chart(db, k, t, sb);
	}
	table_free(t);
	return 0;
}

/* The KPIs of a run: k alone, or all of them (k NULL). */
static size_t
cli_kpi_count(const struct kpi_def *k)
{
	return k != NULL ? 1 : kpi_count();
}

static const struct kpi_def *
cli_kpi_nth(const struct kpi_def *k, size_t i)
{
	return k != NULL ? k : kpi_at(i);
}

/*
 * --out DIR: DIR, created 0700 when missing, must be a folder and not a
 * symbolic link, nor reached through one, and hold none of the files to write, so that a refusal
 * leaves nothing half-written. 0, or -1 after printing why.
 */
static int
cli_kpi_out_ready(const char *dir, const struct kpi_def *k)
{
	struct stat st;
	char *path, *cause = NULL;
	size_t i;
	int exists;

	if (paths_check_folders(dir, &cause) == -1) {
		cli_fail_cause(cause);
		return -1;
	}
	if (lstat(dir, &st) == -1) {
		if (errno != ENOENT)
			cause = xasprintf("cannot use %s: %s", dir,
			    strerror(errno));
		else
			(void)paths_mkdir_private(dir, &cause);
	} else if (S_ISLNK(st.st_mode))
		cause = xasprintf("%s is a symbolic link: give the real "
		    "folder", dir);
	else if (!S_ISDIR(st.st_mode))
		cause = xasprintf("%s is not a folder", dir);
	if (cause != NULL) {
		cli_fail_cause(cause);
		return -1;
	}
	for (i = 0; i < cli_kpi_count(k); i++) {
		path = xasprintf("%s/%s.csv", dir, cli_kpi_nth(k, i)->name);
		exists = paths_exists(path, &cause);
		if (exists != 1) {
			if (exists == 0)
				cli_fail("%s already exists: choose another "
				    "folder, or move it away", path);
			else
				cli_fail_cause(cause);
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/* Write sb to DIR/NAME.csv, a new 0600 file never through a link, and
 * print its path. 0, or -1 after printing why. */
static int
cli_kpi_write(const char *dir, const struct kpi_def *k,
    const struct strbuf *sb)
{
	char *path = xasprintf("%s/%s.csv", dir, k->name), *cause = NULL;
	size_t done;
	ssize_t n;
	int fd, rc = -1;

	if ((fd = paths_create_private(path, &cause)) == -1) {
		cli_fail_cause(cause);
		goto out;
	}
	for (done = 0; done < sb->len; done += (size_t)n) {
		n = write(fd, strbuf_str(sb) + done, sb->len - done);
		if (n == -1 && errno == EINTR)
			n = 0;
		else if (n <= 0)
			break;
	}
	if (done < sb->len || fsync(fd) == -1) {
		cli_fail("cannot write %s: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		cli_fail("cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	cli_print_safe(path);
	putchar('\n');
	rc = 0;
out:
	free(path);
	return rc;
}

/* Render the KPIs (k, or all when NULL) from one read transaction and
 * print them, or write them into o->out. CLI_OK or CLI_FAIL. */
static int
cli_kpi_run(struct db *db, const struct kpi_def *k, struct cli_kpi_opts *o)
{
	struct strbuf sb;
	char *cause = NULL;
	size_t i, n = cli_kpi_count(k);
	int rc = 0;

	/* One read transaction: the day and every KPI of `all` come from the
	 * same moment while another process commits. */
	if (db_exec(db, "BEGIN", &cause) == -1 || (!o->as_of_given &&
	    kpi_default_as_of(db, &o->p.as_of, &cause) == -1))
		return cli_fail_cause(cause);
	datetime_format_day(o->p.as_of, o->as_of);
	strbuf_init(&sb);
	if (k == NULL && o->fmt == CLI_JSON)
		strbuf_putc(&sb, '{');
	for (i = 0; i < n && rc == 0; i++) {
		if (o->out != NULL)
			strbuf_reset(&sb);
		else if (i > 0)
			strbuf_puts(&sb, o->fmt == CLI_JSON ? ", " : "\n");
		rc = cli_kpi_one(db, cli_kpi_nth(k, i), o, k == NULL, &sb);
		/* Rendered from the snapshot of the transaction, each file is
		 * written as soon as it is. */
		if (rc == 0 && o->out != NULL)
			rc = cli_kpi_write(o->out, cli_kpi_nth(k, i), &sb);
	}
	db_rollback(db);
	if (rc == 0 && o->out == NULL) {
		if (k == NULL && o->fmt == CLI_JSON)
			strbuf_putc(&sb, '}');
		if (o->fmt == CLI_JSON)
			strbuf_putc(&sb, '\n');
		fputs(strbuf_str(&sb), stdout);
	}
	strbuf_free(&sb);
	return rc == 0 ? CLI_OK : CLI_FAIL;
}

/* The options of kpi into *o and *k (NULL for all). CLI_OK, else the exit
 * status after printing the usage. */
static int
cli_kpi_parse(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv, struct cli_kpi_opts *o, const struct kpi_def **k)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "chart", no_argument, NULL, 'c' },
		{ "limit", required_argument, NULL, 'l' },
		{ "period", required_argument, NULL, 'p' },
		{ "raw", no_argument, NULL, 'r' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char *format = "table", *as_of_arg = NULL, *name;
	char *cause, *end, *names;
	int c, rc;

	while ((c = cli_getopt(ctx, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'a': as_of_arg = optarg; break;
		case 'r': o->raw = 1; break;
		case 'f': format = optarg; break;
		case 'c': o->chart = 1; break;
		case 'o': o->out = optarg; break;
		case 'l':
			o->p.limit = strtoll(optarg, &end, 10);
			if (*end != '\0' || o->p.limit < 0)
				return cli_usage(cmd, "--limit takes a number");
			break;
		case 'p':
			if (cli_kpi_period(optarg, &o->p.period) == -1)
				return cli_usage(cmd, "--period is all, day, "
				    "mtd or 30d");
			break;
		default: return CLI_USAGE;
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "give one KPI name, or all");
	name = argv[optind];
	if (strcmp(name, "all") != 0 && (*k = kpi_find(name)) == NULL) {
		names = kpi_names();
		cause = xasprintf("unknown KPI: use %s or all", names);
		free(names);
		rc = cli_usage(cmd, cause);
		free(cause);
		return rc;
	}
	if (cli_format(cmd, format, CLI_TABLE | CLI_CSV | CLI_JSON,
	    &o->fmt) != CLI_OK)
		return CLI_USAGE;
	if (o->raw && o->fmt != CLI_CSV)
		return cli_usage(cmd, "--raw applies to --format csv");
	if (o->out != NULL && o->fmt != CLI_CSV)
		return cli_usage(cmd, "--out DIR goes with --format csv");
	/* Five tables in one stream would need a parser of our own. */
	if (*k == NULL && o->fmt == CLI_CSV && o->out == NULL)
		return cli_usage(cmd, "kpi all --format csv needs --out DIR "
		    "(one NAME.csv per KPI there), or give one KPI name");
	/* Nothing raw from a file reaches a terminal, even when asked. */
	if (o->raw && o->out == NULL && isatty(STDOUT_FILENO)) {
		cli_fail("--raw is ignored on a terminal: send the output to "
		    "a file or a pipe");
		o->raw = 0;
	}
	if ((o->as_of_given = as_of_arg != NULL) &&
	    datetime_parse_day(as_of_arg, &o->p.as_of) == -1)
		return cli_usage(cmd, "--as-of takes a day, YYYY-MM-DD");
	return CLI_OK;
}

int
cli_kpi(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct cli_kpi_opts o = { { 0, KPI_ALL, -1 }, CLI_TABLE, "", 0, 0, 0,
	    NULL };
	const struct kpi_def *k = NULL;
	struct db *db;
	int rc;

	if ((rc = cli_kpi_parse(ctx, cmd, argc, argv, &o, &k)) != CLI_OK)
		return rc;
	if (cli_open_db(ctx, 0, &db) != CLI_OK)
		return CLI_FAIL;
	if (o.out != NULL && cli_kpi_out_ready(o.out, k) == -1)
		rc = CLI_FAIL;
	else
		rc = cli_kpi_run(db, k, &o);
	db_close(db);
	return rc;
}
