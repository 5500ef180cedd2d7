/* kpi_cache: KPI results kept from the last commit (see kpi_cache.h). */
#include "kpi_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "kpi.h"
#include "table.h"
#include "xmem.h"

#define KPI_CACHE_FPLEN	64
/* Rows kept of a long ranking: what a screen reads of it. A request for
 * more (or all) of a longer result is computed live. */
#define KPI_CACHE_ROWS	10000

/* The batches as they are: any new batch or status change alters it. */
static int
kpi_cache_fingerprint(struct db *db, char fp[KPI_CACHE_FPLEN], char **cause)
{
	int64_t max = 0, committed = 0, discarded = 0;

	if (db_query_ints(db, "SELECT coalesce(max(id), 0), coalesce(sum(id) "
	    "FILTER (WHERE status = 'committed'), 0) FROM batches", 0, 0,
	    &max, &committed, cause) == -1 ||
	    db_query_ints(db, "SELECT coalesce(sum(id), 0) FROM batches "
	    "WHERE status = 'discarded'", 0, 0, &discarded, NULL,
	    cause) == -1)
		return -1;
	snprintf(fp, KPI_CACHE_FPLEN, "%lld:%lld:%lld", (long long)max,
	    (long long)committed, (long long)discarded);
	return 0;
}

int
kpi_cache_put(struct db *db, const struct kpi_def *k, int32_t as_of,
    const struct table *t, char **cause)
{
	char fp[KPI_CACHE_FPLEN];
	sqlite3_stmt *st;
	size_t len;
	void *data;
	int rc;

	if (kpi_cache_fingerprint(db, fp, cause) == -1)
		return -1;
	if (db_prepare(db, "DELETE FROM kpi_cache WHERE fingerprint <> ?1",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	if (rc == -1 || db_prepare(db, "INSERT OR REPLACE INTO kpi_cache "
	    "(kpi, as_of, fingerprint, full_rows, data) VALUES (?1, ?2, ?3, "
	    "?4, ?5)", &st, cause) == -1)
		return -1;
	data = table_pack(t, KPI_CACHE_ROWS, &len);
	sqlite3_bind_text(st, 1, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, as_of);
	sqlite3_bind_text(st, 3, fp, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)t->nrows);
	sqlite3_bind_blob64(st, 5, data, len, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	free(data);
	return rc;
}

/* The cached table of k as of as_of when it holds the rows wanted (limit,
 * or -1 for all), or NULL (a miss, or an error, which only means computing
 * it live). */
static struct table *
kpi_cache_get(struct db *db, const struct kpi_def *k, int32_t as_of,
    int64_t limit)
{
	char fp[KPI_CACHE_FPLEN], *ignore = NULL;
	struct table *t = NULL;
	sqlite3_stmt *st;

	if (kpi_cache_fingerprint(db, fp, &ignore) == -1 ||
	    db_prepare(db, "SELECT data, full_rows FROM kpi_cache WHERE "
	    "kpi = ?1 AND as_of = ?2 AND fingerprint = ?3", &st,
	    &ignore) == -1) {
		free(ignore);
		return NULL;
	}
	sqlite3_bind_text(st, 1, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, as_of);
	sqlite3_bind_text(st, 3, fp, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		t = table_unpack(sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	if (t != NULL && (int64_t)t->nrows != sqlite3_column_int64(st, 1) &&
	    (limit < 0 || limit > (int64_t)t->nrows)) {
		table_free(t);	/* only a part kept, more wanted */
		t = NULL;
	}
	sqlite3_finalize(st);
	return t;
}

int
kpi_run_cached(struct db *db, const struct kpi_def *k,
    const struct kpi_params *p, struct table **out, char **cause)
{
	struct table *t = NULL;
	char *ignore = NULL;

	/* One read transaction (or the caller's): the fingerprint and the
	 * entry agree. */
	if (p->period == KPI_ALL) {
		if (!sqlite3_get_autocommit(db->h))
			t = kpi_cache_get(db, k, p->as_of, p->limit);
		else if (db_exec(db, "BEGIN", &ignore) == 0) {
			t = kpi_cache_get(db, k, p->as_of, p->limit);
			db_rollback(db);
		}
		free(ignore);
	}
	if (t == NULL)
		return kpi_run(db, k, p, out, cause);
	if (p->limit >= 0)
		table_truncate(t, (size_t)p->limit);
	*out = t;
	return 0;
}
