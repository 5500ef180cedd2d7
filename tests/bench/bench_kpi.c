/*
 * bench_kpi: all five KPIs over N order lines (default 10M), timed in one
 * process beside a baseline that computes the same numbers by scanning the
 * lines (what the totals save). Prints milliseconds and ratios. Then the
 * snapshot of the default as_of (which checks the totals against the
 * lines first) and `history verify` of it (which recomputes its totals
 * and KPIs from the lines), timed.
 *
 *     bench_kpi [LINES] [DB] [keep]
 *
 * With "keep", an existing DB is reused and left in place (for profiling).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "db.h"
#include "history.h"
#include "kpi.h"
#include "proof.h"
#include "schema.h"
#include "snapshot.h"
#include "strbuf.h"
#include "table.h"
#include "totals.h"
#include "xmem.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of this process: a fairer figure on a busy host. */
static double
cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
must(int rc, char *cause)
{
	if (rc != 0) {
		fprintf(stderr, "bench_kpi: %s\n", cause);
		exit(1);
	}
}

/* Fill the database: 100k customers, lines over ~400 days, ~1.3 per order. */
static void
fill(struct db *db, long lines)
{
	char *cause = NULL, *sql;

	must(db_exec(db, "BEGIN;"
	    "INSERT INTO batches (id, kind, source, file_name, file_size, sha256,"
	    " imported_by, imported_at, status) VALUES (1, 'customers', 'csv', "
	    "'bench', 0, '', 'bench', '', 'committed'), (2, 'orders', 'xml', "
	    "'bench', 0, '', 'bench', '', 'committed');"
	    "WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i "
	    "  WHERE n < 99999) "
	    "INSERT INTO customers (customer_id, customer_name, mobile, region, "
	    "  line, from_batch) SELECT printf('C%06d', n), printf('Name %d', n),"
	    "  printf('%d', 9000000000 + n), "
	    "  CASE n % 5 WHEN 0 THEN 'North' WHEN 1 THEN 'South' WHEN 2 THEN "
	    "  'East' WHEN 3 THEN 'West' ELSE 'Central' END, n + 2, 1 FROM i;"
	    "COMMIT;", &cause), cause);
	/* Line k belongs to order k * 10 / 13, so ~1.3 lines per order; days
	 * rise with k; 2% of mobiles match no customer. */
	sql = xasprintf("BEGIN;"
	    "WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i "
	    "  WHERE k < %ld) "
	    "INSERT INTO order_lines (order_id, sku_id, batch_id, line, mobile, "
	    "  ordered_text, ordered_at, day, sku_count, amount, revenue) "
	    "SELECT printf('O%%09d', k * 10 / 13), printf('S%%d', k %% 13), 2, "
	    "  k + 2, printf('%%d', 9000000000 + ((k * 10 / 13) * 7919) %% 102000),"
	    "  '', 1700000000 + k * (400 * 86400 / %ld), "
	    "  19700 + k * 400 / %ld, 1, 100 + (k * 37) %% 50000, "
	    "  100 + (k * 37) %% 50000 FROM i;"
	    "COMMIT;", lines - 1, lines, lines);
	must(db_exec(db, sql, &cause), cause);
	free(sql);
	must(db_exec(db, "BEGIN", &cause), cause);
	must(totals_rebuild(db, &cause), cause);
	must(db_exec(db, "COMMIT; ANALYZE;", &cause), cause);
}

/* The same numbers the slow way, for the ratio. */
static const char *const baseline_sql[] = {
	"SELECT c.customer_id, count(DISTINCT o.order_id) AS n FROM order_lines o "
	"JOIN customers c ON c.mobile = o.mobile AND c.to_batch IS NULL "
	"WHERE o.day < ?1 GROUP BY c.customer_id HAVING n > 1 ORDER BY n DESC",
	"SELECT day, count(DISTINCT order_id), sum(amount) FROM order_lines "
	"WHERE day < ?1 GROUP BY day",
	"SELECT strftime('%Y-%m', day * 86400, 'unixepoch'), "
	"count(DISTINCT order_id), sum(amount) FROM order_lines WHERE day < ?1 "
	"GROUP BY 1",
	"SELECT coalesce(c.region, '(unmatched)'), count(DISTINCT o.order_id), "
	"sum(o.amount) FROM order_lines o LEFT JOIN customers c ON "
	"c.mobile = o.mobile AND c.to_batch IS NULL WHERE o.day < ?1 GROUP BY 1",
	"SELECT c.customer_id, sum(o.amount) AS s FROM order_lines o JOIN "
	"customers c ON c.mobile = o.mobile AND c.to_batch IS NULL WHERE "
	"o.day >= ?1 - 30 AND o.day < ?1 GROUP BY 1 ORDER BY s DESC",
};

static double
time_baseline(struct db *db, size_t i, int32_t as_of)
{
	sqlite3_stmt *st;
	char *cause = NULL;
	double t0 = now();

	must(db_prepare(db, baseline_sql[i], &st, &cause), cause);
	sqlite3_bind_int(st, 1, as_of);
	while (sqlite3_step(st) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	return now() - t0;
}

static double
time_kpi(struct db *db, size_t i, int32_t as_of, size_t *rows)
{
	struct kpi_params p = { as_of, KPI_ALL, -1 };
	struct table *t;
	char *cause = NULL;
	double best = 1e9, t0;
	int rep;

	for (rep = 0; rep < 3; rep++) {
		t0 = now();
		must(kpi_run(db, kpi_at(i), &p, &t, &cause), cause);
		if (now() - t0 < best)
			best = now() - t0;
		*rows = t->nrows;
		table_free(t);
	}
	return best;
}

/* Take the snapshot of as_of, then verify it from the lines. */
static void
bench_verify(struct db *db, int32_t as_of)
{
	struct snapshot_info s;
	struct strbuf report;
	char *cause = NULL, hex[HASH_HEXLEN + 1];
	double t0, c0;
	int64_t b;
	int ok;

	/* fill() wrote the batches without an import: prove them as the
	 * import would have (untimed). */
	must(db_begin(db, &cause), cause);
	for (b = 1; b <= 2; b++)
		must(proof_record(db, b, hex, &cause), cause);
	must(db_commit(db, &cause), cause);
	t0 = now();
	c0 = cpu();
	must(db_begin(db, &cause), cause);
	must(snapshot_take(db, "bench", as_of, &s, &cause) != 0, cause);
	must(db_commit(db, &cause), cause);
	printf("snapshot %s (totals checked against the lines first): "
	    "%.1f ms (cpu %.1f ms)\n", s.day, (now() - t0) * 1e3,
	    (cpu() - c0) * 1e3);
	strbuf_init(&report);
	t0 = now();
	c0 = cpu();
	must(history_verify(db, s.day, &report, &ok, &cause), cause);
	printf("history verify %s from the lines: %.1f ms (cpu %.1f ms; "
	    "target < 10000 ms), %s\n", s.day, (now() - t0) * 1e3,
	    (cpu() - c0) * 1e3, ok ? "verified" : "FAILED");
	if (!ok)
		fputs(strbuf_str(&report), stdout);
	strbuf_free(&report);
	snapshot_info_free(&s);
}

int
main(int argc, char **argv)
{
	long lines = argc > 1 ? atol(argv[1]) : 10000000;
	const char *path = argc > 2 ? argv[2] : "bench_kpi.db";
	int keep = argc > 3 && strcmp(argv[3], "keep") == 0;
	FILE *f;
	double total = 0, base_total = 0, t0, k, b;
	char *cause = NULL;
	struct db *db;
	int32_t as_of;
	size_t i, rows;

	if (keep && (f = fopen(path, "r")) != NULL)
		fclose(f);
	else {
		keep = 0;
		remove(path);
	}
	must(schema_open(path, DB_CREATE, &db, &cause), cause);
	if (!keep) {
		t0 = now();
		fill(db, lines);
		printf("filled %ld order lines in %.1f s\n", lines,
		    now() - t0);
	}
	must(kpi_default_as_of(db, &as_of, &cause), cause);
	for (i = 0; i < kpi_count(); i++) {
		k = time_kpi(db, i, as_of, &rows);
		b = time_baseline(db, i, as_of);
		total += k;
		base_total += b;
		printf("%-18s %8.1f ms  (%zu rows)   scan baseline %8.1f ms  "
		    "ratio %.0fx\n", kpi_at(i)->name, k * 1e3, rows, b * 1e3,
		    b / k);
	}
	printf("all KPIs, default as_of: %.1f ms (target < 1000 ms); "
	    "scan baseline %.1f ms\n", total * 1e3, base_total * 1e3);
	total = 0;
	for (i = 0; i < kpi_count(); i++)
		total += time_kpi(db, i, as_of - 15, &rows);
	printf("all KPIs, as_of 15 days back: %.1f ms\n", total * 1e3);
	bench_verify(db, as_of);
	db_close(db);
	if (argc <= 3 || strcmp(argv[3], "keep") != 0)
		remove(path);
	return 0;
}
