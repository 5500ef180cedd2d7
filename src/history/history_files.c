/*
 * history_files: a day's evidence files: the customers and orders the
 * snapshot rests on and its KPIs as CSV, with a MANIFEST.sha256, in a new
 * private folder.
 */
#include "history.h"
#include "history_impl.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "csvw.h"
#include "datetime.h"
#include "db.h"
#include "hash.h"
#include "kpi.h"
#include "paths.h"
#include "rules.h"
#include "snapshot.h"
#include "sqlrow.h"
#include "strbuf.h"
#include "xmem.h"

char *
history_mask_mobile(const char *mobile)
{
	size_t len = strlen(mobile), i;
	char *m = xstrdup(mobile);

	for (i = 0; i + 4 < len; i++)
		m[i] = 'X';
	return m;
}

/* A CSV file being written: created 0600, never through a link; its
 * fields escaped and formula-guarded (csvw): nothing raw reaches a
 * terminal that shows it, no formula runs in a spreadsheet. */
struct history_csv {
	FILE		*f;
	char		*path;
	struct strbuf	 buf;
	struct csvw	 w;
};

static int
history_csv_open(struct history_csv *c, const char *dir, const char *name,
    char **cause)
{
	int fd;

	c->path = xasprintf("%s/%s", dir, name);
	if ((fd = paths_create_private(c->path, cause)) == -1) {
		free(c->path);
		return -1;
	}
	if ((c->f = fdopen(fd, "w")) == NULL) {
		*cause = xasprintf("cannot create %s: %s", c->path,
		    strerror(errno));
		close(fd);
		free(c->path);
		return -1;
	}
	strbuf_init(&c->buf);
	csvw_init(&c->w, &c->buf, CSVW_SAFE);
	return 0;
}

static void
history_csv_field(struct history_csv *c, const char *s)
{
	csvw_field(&c->w, s);
}

/* End the row and write it (a failed write shows at fclose). */
static void
history_csv_end(struct history_csv *c)
{
	csvw_end_row(&c->w);
	(void)csvw_flush(&c->w, c->f);
}

static int
history_csv_close(struct history_csv *c, char **cause)
{
	int rc = 0;

	strbuf_free(&c->buf);
	if (fclose(c->f) != 0) {
		*cause = xasprintf("cannot write %s: %s", c->path,
		    strerror(errno));
		rc = -1;
	}
	free(c->path);
	return rc;
}

/* Write a query's rows (?1..?3 = arg) as CSV under the header's names:
 * text and numbers as stored, total_amount as money, mobile_number masked
 * when asked. */
static int
history_query_csv(struct db *db, const char *dir, const char *name,
    const char *sql, const char *header, const int64_t arg[3], int mask,
    char **cause)
{
	struct history_csv c;
	sqlite3_stmt *st;
	char **cols, buf[32], *masked;
	size_t n, i;
	int rc;

	if (history_csv_open(&c, dir, name, cause) == -1)
		return -1;
	if (db_prepare(db, sql, &st, cause) == -1) {
		history_csv_close(&c, cause);
		return -1;
	}
	for (i = 0; i < 3; i++)
		sqlite3_bind_int64(st, (int)i + 1, arg[i]);
	cols = history_split(header, ',', &n);
	for (i = 0; i < n; i++)
		history_csv_field(&c, cols[i]);
	history_csv_end(&c);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			if (strcmp(cols[i], "total_amount") == 0) {
				rules_money_format(sqlite3_column_int64(st,
				    (int)i), buf, sizeof buf);
				/* money is a number, never a formula */
				csvw_field_as(&c.w, buf, CSVW_ESCAPE);
			} else if (mask && strcmp(cols[i], "mobile_number") == 0) {
				masked = history_mask_mobile(sqlrow_text(st,
				    (int)i));
				history_csv_field(&c, masked);
				free(masked);
			} else
				history_csv_field(&c, sqlrow_text(st, (int)i));
		}
		history_csv_end(&c);
	}
	history_free_split(cols, n);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = db_error(db, "reading history");
		history_csv_close(&c, cause);
		return -1;
	}
	return history_csv_close(&c, cause);
}

/* A stored KPI's rows as CSV. */
static int
history_kpi_csv(struct db *db, const char *dir, const char *day,
    const char *kpi, char **cause)
{
	struct history_csv c;
	char *rows, *name, **lines, **cells;
	size_t nl, nc, i, k;
	int rc;

	if (history_kpi(db, day, kpi, 0, &rows, cause) == -1)
		return -1;
	name = xasprintf("kpi_%s.csv", kpi);
	rc = history_csv_open(&c, dir, name, cause);
	free(name);
	if (rc == -1) {
		free(rows);
		return -1;
	}
	lines = history_split(rows, '\n', &nl);
	for (i = 0; i < nl; i++) {
		cells = history_split(lines[i], '\t', &nc);
		for (k = 0; k < nc; k++)
			history_csv_field(&c, cells[k]);
		history_csv_end(&c);
		history_free_split(cells, nc);
	}
	history_free_split(lines, nl);
	free(rows);
	return history_csv_close(&c, cause);
}

/* MANIFEST.sha256 over the files written, in `sha256sum -c` format. */
static int
history_manifest(const char *dir, char **names, size_t n, char **cause)
{
	char hex[HASH_HEXLEN + 1], *path;
	uint8_t digest[HASH_LEN];
	struct history_csv m;
	size_t i;

	if (history_csv_open(&m, dir, "MANIFEST.sha256", cause) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if (hash_file(path, digest, NULL, cause) == -1) {
			free(path);
			history_csv_close(&m, cause);
			return -1;
		}
		free(path);
		hash_hex(digest, sizeof digest, hex);
		fprintf(m.f, "%s  %s\n", hex, names[i]);
	}
	return history_csv_close(&m, cause);
}

static const char history_orders_sql[] =
	"SELECT order_id, mobile, ordered_text, sku_id, sku_count, amount "
	"FROM order_lines WHERE day >= ?1 AND day < ?2 AND batch_id IN "
	"(SELECT id FROM batches WHERE status = 'committed' AND id <= ?3) "
	"ORDER BY day, order_id, sku_id";

int
history_files(struct db *db, const char *day, const char *dir, int mask,
    char **outdir, char **cause)
{
	static const char order_cols[] = "order_id,mobile_number,"
	    "order_date_time,sku_id,sku_count,total_amount";
	struct snapshot_info s;
	char *out = NULL, **names = NULL;
	int64_t arg[3];
	size_t n = 0, i;
	int32_t as_of;
	int rc = -1, exists;

	if (snapshot_get(db, day, &s, cause) == -1)
		return -1;
	if (datetime_parse_day(s.day, &as_of) == -1)
		goto out;
	out = xasprintf("%s/%s", dir, s.day);
	/* DIR itself and every folder above it: never through a link. */
	if (paths_check_folders(out, cause) == -1)
		goto out;
	if ((exists = paths_exists(out, cause)) != 1) {
		if (exists == 0)
			*cause = xasprintf("%s already exists: choose another "
			    "folder", out);
		goto out;
	}
	if (paths_mkdir_private(out, cause) == -1)
		goto out;
	names = xcalloc(4 + kpi_count(), sizeof *names);
	names[n++] = xstrdup("customers.csv");
	arg[0] = s.customer_batch;
	if (history_query_csv(db, out, names[0], "SELECT customer_id, "
	    "customer_name, mobile, region FROM customers WHERE from_batch <= "
	    "?1 AND (to_batch IS NULL OR to_batch > ?1) ORDER BY customer_id",
	    "customer_id,customer_name,mobile_number,region", arg, mask,
	    cause) == -1)
		goto out;
	/* The notebook's split: the day before as_of, and the archive. */
	names[n++] = xstrdup("orders_current_day.csv");
	arg[0] = as_of - 1;
	arg[1] = as_of;
	arg[2] = s.last_batch;
	if (history_query_csv(db, out, names[1], history_orders_sql,
	    order_cols, arg, mask, cause) == -1)
		goto out;
	names[n++] = xstrdup("orders_archive.csv");
	arg[0] = INT32_MIN;
	arg[1] = as_of - 1;
	if (history_query_csv(db, out, names[2], history_orders_sql,
	    order_cols, arg, mask, cause) == -1)
		goto out;
	for (i = 0; i < kpi_count(); i++) {
		names[n] = xasprintf("kpi_%s.csv", kpi_at(i)->name);
		if (history_kpi_csv(db, out, s.day, kpi_at(i)->name,
		    cause) == -1)
			goto out;
		n++;
	}
	if (history_manifest(out, names, n, cause) == -1)
		goto out;
	*outdir = out;
	out = NULL;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(out);
	snapshot_info_free(&s);
	return rc;
}
