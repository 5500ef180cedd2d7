/*
 * Unit tests (read_sql, sources): bounded SQL sources (issue 13, finding 7). A query that never
 * ends is stopped by source_timeout_s with a message naming the setting,
 * and while it runs another connection (a thread) writes to the kpidesk
 * database at once (no lock held); a value over the field cap is refused by SQLite
 * itself, with the process's peak memory small; the copy keeps every
 * value's type and the source's row order; the setting comes with schema 5.
 *
 * Under valgrind (or with KP_SKIP_MEMORY_BOMB=1), where the RSS is
 * valgrind's own, the long values are read in this process and the
 * peak-memory bound is skipped; the refusal itself is still checked.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include <sqlite3.h>

#include "importutil.h"

#include "db.h"
#include "import.h"
#include "reader.h"
#include "schema.h"
#include "xmem.h"

/* A query whose first row never comes. */
#define FOREVER \
	"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) " \
	"SELECT 'O1' AS order_id, '9123456781' AS mobile_number, " \
	"'2025-10-12T09:15:32' AS order_date_time, 'S1' AS sku_id, " \
	"1 AS sku_count, '10' AS total_amount FROM c WHERE x < 0"

/* Peak resident memory allowed to a process refusing a 300 MB value. */
#define PEAK_MAX_KIB	(64 * 1024)

/* A source database with table o; caller frees the path. */
static char *
source(void)
{
	char *src = xasprintf("%s/src.db", dir);
	sqlite3 *h;

	ck_assert_int_eq(sqlite3_open(src, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE o (id TEXT, mob TEXT, "
	    "ts, sku TEXT, n, amt);"
	    "INSERT INTO o VALUES ('O2', '9123456782', 1760299200, 'S1', 2.0, "
	    "'10.50');"
	    "INSERT INTO o VALUES ('O1', '9123456781', '2025-10-12T09:15:32', "
	    "'S1', 3, 7);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	return src;
}

static void
orders_from(struct import_opts *o, const char *src, const char *query)
{
	memset(o, 0, sizeof *o);
	o->kind = IMPORT_ORDERS;
	o->path = src;
	o->actor = "ana";
	o->query = query;
}

/* Schema 5 brings the setting, 300 s by default; a source's rows keep
 * their types (an INTEGER time is Unix seconds) and their order. */
START_TEST(test_setting_and_copy)
{
	struct import_opts o;
	struct import_result res;
	char *cause = NULL, *src = source();

	ck_assert_int_eq(db_setting_int(db, "source_timeout_s", 0), 300);
	orders_from(&o, src, "SELECT id AS order_id, mob AS mobile_number, "
	    "ts AS order_date_time, sku AS sku_id, n AS sku_count, amt AS "
	    "total_amount FROM o ORDER BY id DESC");
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	ck_assert_int_eq(res.read, 2);
	ck_assert_int_eq(res.loaded, 2);
	ck_assert_int_eq(q("SELECT ordered_at FROM order_lines WHERE "
	    "order_id = 'O2'"), 1760299200);
	ck_assert_int_eq(q("SELECT sku_count FROM order_lines WHERE "
	    "order_id = 'O2'"), 2);
	ck_assert_int_eq(q("SELECT amount FROM order_lines WHERE "
	    "order_id = 'O2'"), 1050);
	ck_assert_int_eq(q("SELECT amount FROM order_lines WHERE "
	    "order_id = 'O1'"), 700);
	/* Row numbers follow the query's order: O2 is row 1. */
	import_result_free(&res);
	orders_from(&o, src, "SELECT id AS order_id, mob AS mobile_number, "
	    "ts AS order_date_time, sku AS sku_id, CASE id WHEN 'O2' THEN 0 "
	    "ELSE n END AS sku_count, amt AS total_amount FROM o ORDER BY id "
	    "DESC");
	o.accept_rejects = 1;
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	ck_assert_int_eq(res.rejected, 1);
	ck_assert_int_eq(q("SELECT line FROM row_issues WHERE kind = "
	    "'rejected' AND batch_id = (SELECT max(id) FROM batches)"), 1);
	import_result_free(&res);
	free(src);
}
END_TEST

/*
 * Import query from src on a connection of its own (none is carried across
 * fork, so a forked child may use this); the failure's message into buf.
 * Returns import_run's result.
 */
static int
import_query(const char *src, const char *query, char *buf, size_t size)
{
	struct import_opts o;
	struct import_result res;
	struct db *cdb;
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL;
	int rc;

	if (schema_open(path, 0, &cdb, &cause) == -1) {
		snprintf(buf, size, "%s", cause);
		free(cause);
		free(path);
		return -2;
	}
	orders_from(&o, src, query);
	rc = import_run(cdb, &o, &res, &cause);
	snprintf(buf, size, "%s", rc == -1 ? cause : "");
	free(cause);
	import_result_free(&res);
	db_close(cdb);
	free(path);
	return rc;
}

/* The monotonic clock, shared by every process, in seconds. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The writer thread's work: a path in, whether it wrote and when out. */
struct writer {
	const char	*path;
	int		 ok;
	double		 at;
};

/*
 * Half a second after start (the main thread is then inside the source's
 * query): take the kpidesk database's write lock on a connection of its
 * own without waiting at all (busy timeout 0; SQLite locks connections of
 * one process against each other as it does processes), write a setting
 * and commit, noting when.
 */
static void *
writer_run(void *arg)
{
	struct writer *w = arg;
	struct db *cdb;
	char *cause = NULL;

	usleep(500 * 1000);
	if (schema_open(w->path, 0, &cdb, &cause) == -1) {
		free(cause);
		return NULL;
	}
	sqlite3_busy_timeout(cdb->h, 0);
	w->ok = db_begin(cdb, &cause) == 0 &&
	    db_setting_set(cdb, "lockout_minutes", "16", &cause) == 0 &&
	    db_commit(cdb, &cause) == 0;
	w->at = now_s();
	if (!w->ok)
		fprintf(stderr, "writer: %s\n", cause);
	free(cause);
	db_close(cdb);
	return NULL;
}

/*
 * A query that never returns a row, with source_timeout_s = 3: while it
 * runs, a writer thread takes the write lock at once and commits; the
 * import then fails naming the setting, after the write, and leaves no
 * batch.
 */
START_TEST(test_timeout_never_blocks_writers)
{
	char *cause = NULL, *src = source(), buf[512];
	struct writer w;
	pthread_t t;
	double t0, t_end;
	int rc;

	ck_assert_int_eq(db_setting_set(db, "source_timeout_s", "3", &cause),
	    0);
	memset(&w, 0, sizeof w);
	w.path = db->path;
	ck_assert_int_eq(pthread_create(&t, NULL, writer_run, &w), 0);
	t0 = now_s();
	rc = import_query(src, FOREVER, buf, sizeof buf);
	t_end = now_s();
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(buf, "source_timeout_s (3 s)") != NULL, "%s",
	    buf);
	ck_assert_ptr_nonnull(strstr(buf, "was stopped"));
	ck_assert(t_end - t0 < 60);
	ck_assert_int_eq(w.ok, 1);
	/* The writer committed while the query still ran. */
	ck_assert_msg(w.at < t_end, "wrote at %.3f s, import ended at %.3f s",
	    w.at - t0, t_end - t0);
	ck_assert_int_eq(q("SELECT count(*) FROM batches"), 0);
	ck_assert_int_eq(db_setting_int(db, "lockout_minutes", 0), 16);
	free(src);
}
END_TEST

/* Import query in a forked child; its message into buf, its peak RSS
 * (KiB) back. */
static long
import_forked(const char *src, const char *query, char *buf, size_t size)
{
	struct rusage ru;
	pid_t pid;
	int status, fd[2];
	ssize_t n;

	ck_assert_int_eq(pipe(fd), 0);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		close(fd[0]);
		if (import_query(src, query, buf, size) != -1)
			_exit(2);
		n = write(fd[1], buf, strlen(buf));
		_exit(n > 0 ? 0 : 3);
	}
	close(fd[1]);
	ck_assert_int_eq(wait4(pid, &status, 0, &ru), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	n = read(fd[0], buf, size - 1);
	close(fd[0]);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	return ru.ru_maxrss;
}

/*
 * Values of 300 MB (built by zeroblob() or a concatenation, or stored in
 * the source) are refused at the 1 MiB field cap by SQLite itself, naming
 * the cap, and the importing process's peak RSS stays under 64 MiB (in a
 * forked child; with KP_SKIP_MEMORY_BOMB, in this process, unmeasured).
 */
START_TEST(test_value_over_field_cap)
{
	static const char *const queries[] = {
		"SELECT zeroblob(300000000) AS order_id, '9123456781' AS "
		"mobile_number, '2025-10-12T09:15:32' AS order_date_time, "
		"'S1' AS sku_id, 1 AS sku_count, '10' AS total_amount",
		"SELECT hex(randomblob(150000000)) || 'x' AS order_id, "
		"'9123456781' AS mobile_number, '2025-10-12T09:15:32' AS "
		"order_date_time, 'S1' AS sku_id, 1 AS sku_count, '10' AS "
		"total_amount",
		"SELECT id AS order_id, mob AS mobile_number, ts AS "
		"order_date_time, sku AS sku_id, n AS sku_count, amt AS "
		"total_amount FROM big",
	};
	char *src = source(), buf[512];
	int skip = testutil_skip_memory_bomb();
	sqlite3 *h;
	size_t i;
	long peak;

	ck_assert_int_eq(sqlite3_open(src, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE big (id, mob, ts, sku, "
	    "n, amt); INSERT INTO big VALUES ('O1', '9123456781', "
	    "'2025-10-12T09:15:32', 'S1', 1, zeroblob(2000000));", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(h);
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		if (skip)
			ck_assert_int_eq(import_query(src, queries[i], buf,
			    sizeof buf), -1);
		else
			peak = import_forked(src, queries[i], buf, sizeof buf);
		ck_assert_msg(strstr(buf, "SQL source, row 1: a value is "
		    "longer than the field cap of 1048576 bytes") != NULL,
		    "%s", buf);
		if (skip)
			continue;
		fprintf(stderr, "query %zu refused, peak RSS %ld KiB\n", i,
		    peak);
		ck_assert_msg(peak < PEAK_MAX_KIB, "query %zu: peak RSS %ld "
		    "KiB", i, peak);
	}
	ck_assert_int_eq(q("SELECT count(*) FROM batches"), 0);
	free(src);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sql_source");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_setting_and_copy);
	tcase_add_test(tc, test_timeout_never_blocks_writers);
	tcase_add_test(tc, test_value_over_field_cap);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
