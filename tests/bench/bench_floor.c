/*
 * bench_floor: the least time any importer that stores these order lines
 * in SQLite can take. It reads every order line of SRC (a kpidesk database
 * an import just filled) into memory, in the order the import read them,
 * then - timed - inserts them into order_lines of a new kpidesk database
 * NEW (the same schema, indexes and connection settings: WAL, synchronous
 * FULL, foreign keys) in one transaction with one prepared statement of
 * IMPORT_BATCH_ROWS rows, as the import does, commits and closes. No
 * parsing, no rules, no totals, no proof, no checks: only the rows.
 *
 *     bench_floor SRC NEW
 *
 * Prints "floor seconds=S cpu=C rows=N inserts=I commit=M close=X" (wall
 * and CPU seconds of the inserts, the commit and the close, then the wall
 * seconds of each). NEW is removed at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "db.h"
#include "schema.h"
#include "strbuf.h"
#include "xmem.h"

#define FLOOR_COLS	11	/* as the import's insert */
#define FLOOR_BATCH	128	/* rows per INSERT, as IMPORT_BATCH_ROWS */

struct floor_row {
	size_t	 order_id, sku, mobile, text;	/* offsets in the arena */
	int64_t	 batch, line, at, day, count, amount, revenue;
};

struct floor_rows {
	struct strbuf	 arena;
	struct floor_row *row;
	size_t		 n, cap;
};

static double
now(int clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
must(int rc, char *cause)
{
	if (rc != 0) {
		fprintf(stderr, "bench_floor: %s\n", cause);
		exit(1);
	}
}

/* Column i of st into the arena (with its NUL); its offset. */
static size_t
keep(struct floor_rows *r, sqlite3_stmt *st, int i)
{
	size_t at = r->arena.len;

	strbuf_add(&r->arena, (const char *)sqlite3_column_text(st, i),
	    (size_t)sqlite3_column_bytes(st, i) + 1);
	return at;
}

/* Every order line of src, in the order the import read them. */
static void
load(const char *src, struct floor_rows *r)
{
	struct db *db;
	sqlite3_stmt *st;
	struct floor_row *w;
	char *cause = NULL;

	must(db_open(src, DB_READONLY, NULL, &db, &cause), cause);
	must(db_prepare(db, "SELECT batch_id, line, order_id, sku_id, mobile, "
	    "ordered_text, ordered_at, day, sku_count, amount, revenue "
	    "FROM order_lines ORDER BY batch_id, line", &st, &cause), cause);
	strbuf_init(&r->arena);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 65536;
			r->row = xreallocarray(r->row, r->cap, sizeof *r->row);
		}
		w = &r->row[r->n++];
		w->batch = sqlite3_column_int64(st, 0);
		w->line = sqlite3_column_int64(st, 1);
		w->order_id = keep(r, st, 2);
		w->sku = keep(r, st, 3);
		w->mobile = keep(r, st, 4);
		w->text = keep(r, st, 5);
		w->at = sqlite3_column_int64(st, 6);
		w->day = sqlite3_column_int64(st, 7);
		w->count = sqlite3_column_int64(st, 8);
		w->amount = sqlite3_column_int64(st, 9);
		w->revenue = sqlite3_column_int64(st, 10);
	}
	sqlite3_finalize(st);
	db_close(db);
}

/* INSERT INTO order_lines ... VALUES (...) n times. */
static char *
insert_sql(size_t n)
{
	struct strbuf sql;
	size_t i;

	strbuf_init(&sql);
	strbuf_puts(&sql, "INSERT INTO order_lines (batch_id, line, order_id, "
	    "sku_id, mobile, ordered_text, ordered_at, day, sku_count, amount, "
	    "revenue) VALUES ");
	for (i = 0; i < n; i++)
		strbuf_puts(&sql, i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?)" :
		    ",(?,?,?,?,?,?,?,?,?,?,?)");
	return strbuf_detach(&sql);
}

static void
bind_row(sqlite3_stmt *st, int k, const struct floor_rows *r,
    const struct floor_row *w)
{
	const char *a = r->arena.buf;

	k *= FLOOR_COLS;
	sqlite3_bind_int64(st, k + 1, w->batch);
	sqlite3_bind_int64(st, k + 2, w->line);
	sqlite3_bind_text(st, k + 3, a + w->order_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 4, a + w->sku, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 5, a + w->mobile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 6, a + w->text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, k + 7, w->at);
	sqlite3_bind_int64(st, k + 8, w->day);
	sqlite3_bind_int64(st, k + 9, w->count);
	sqlite3_bind_int64(st, k + 10, w->amount);
	sqlite3_bind_int64(st, k + 11, w->revenue);
}

/* Insert rows [from, from + n) with st (n rows per statement). */
static void
insert(struct db *db, sqlite3_stmt *st, size_t n, const struct floor_rows *r,
    size_t from)
{
	char *cause = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		bind_row(st, (int)i, r, &r->row[from + i]);
	must(db_step_done(db, st, &cause), cause);
	sqlite3_reset(st);
}

int
main(int argc, char **argv)
{
	struct floor_rows r;
	struct db *db;
	sqlite3_stmt *many, *one;
	char *cause = NULL, *sql, *dest;
	double t0, c0, t1, t2;
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_floor SRC NEW\n");
		return 2;
	}
	memset(&r, 0, sizeof r);
	load(argv[1], &r);
	dest = argv[2];
	remove(dest);
	must(schema_open(dest, DB_CREATE, &db, &cause), cause);
	/* The batches the lines belong to (foreign keys are on). */
	must(db_exec(db, "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT "
	    "n + 1 FROM i WHERE n < 8) INSERT INTO batches (id, kind, source, "
	    "file_name, file_size, sha256, imported_by, imported_at, status) "
	    "SELECT n, 'orders', 'xml', 'floor', 0, '', 'floor', '', "
	    "'committed' FROM i", &cause), cause);
	sql = insert_sql(FLOOR_BATCH);
	must(db_prepare(db, sql, &many, &cause), cause);
	free(sql);
	sql = insert_sql(1);
	must(db_prepare(db, sql, &one, &cause), cause);
	free(sql);

	t0 = now(CLOCK_MONOTONIC);
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	must(db_exec(db, "BEGIN IMMEDIATE", &cause), cause);
	for (i = 0; i + FLOOR_BATCH <= r.n; i += FLOOR_BATCH)
		insert(db, many, FLOOR_BATCH, &r, i);
	for (; i < r.n; i++)
		insert(db, one, 1, &r, i);
	t1 = now(CLOCK_MONOTONIC);
	must(db_exec(db, "COMMIT", &cause), cause);
	sqlite3_finalize(many);
	sqlite3_finalize(one);
	t2 = now(CLOCK_MONOTONIC);
	db_close(db);
	printf("floor seconds=%.3f cpu=%.3f rows=%zu inserts=%.3f "
	    "commit=%.3f close=%.3f\n", now(CLOCK_MONOTONIC) - t0,
	    now(CLOCK_PROCESS_CPUTIME_ID) - c0, r.n, t1 - t0, t2 - t1,
	    now(CLOCK_MONOTONIC) - t2);
	free(r.row);
	strbuf_free(&r.arena);
	sql = xasprintf("%s-wal", dest);
	remove(sql);
	free(sql);
	sql = xasprintf("%s-shm", dest);
	remove(sql);
	free(sql);
	remove(dest);
	return 0;
}
