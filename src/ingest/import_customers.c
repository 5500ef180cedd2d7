/*
 * import_customers: the customers path of an import: each row of the
 * master file through the rules into a version of its customer, and the
 * customers the file no longer lists closed at its end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "import_rows_impl.h"
#include "xmem.h"

/* 1 if key is in the set, else adds it (Fibonacci hashing). */
static int
import_mobile_seen_key(struct import_mobiles *m, uint64_t key)
{
	size_t i, mask = m->cap - 1;

	for (i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
	    m->slot[i] != 0; i = (i + 1) & mask) {
		if (m->slot[i] == key)
			return 1;
	}
	m->slot[i] = key;
	m->n++;
	return 0;
}

/* Whether the customer_id was already in this file: 0 if not (then it is
 * recorded with the row's normalized values, key), 2 with the same values,
 * 1 with others, -1 on error. A table: the master's end closes the
 * customers it does not list. */
static int
import_id_seen(struct import_rows *c, const char *v, const char *key,
    char **cause)
{
	sqlite3_stmt *st = c->st[ST_SEEN_ID];
	int same;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	if (db_step_done(c->db, st, cause) == -1)
		return -1;
	if (sqlite3_changes(c->db->h) == 1)
		return 0;
	st = c->st[ST_SEEN_ROW];
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*cause = db_error(c->db, "reading the file's customers");
		return -1;
	}
	same = strcmp((const char *)sqlite3_column_text(st, 0), key) == 0;
	sqlite3_reset(st);
	return same ? 2 : 1;
}

/* 1 if the (normalized, 10-digit) mobile was already in this file, else
 * records it. A number in a set held here costs a fraction of a row in a
 * temporary table, and takes less memory. */
static int
import_mobile_seen(struct import_mobiles *m, const char *mobile)
{
	uint64_t key = 0, *old = m->slot;
	size_t i, oldcap = m->cap;

	for (i = 0; i < RULES_MOBILE_LEN; i++)
		key = key * 10 + (uint64_t)(mobile[i] - '0');	/* never 0 */
	if (5 * (m->n + 1) > 4 * m->cap) {
		m->cap = oldcap == 0 ? 1024 : oldcap * 2;
		m->slot = xcalloc(m->cap, sizeof *m->slot);
		m->n = 0;
		for (i = 0; i < oldcap; i++) {
			if (old[i] != 0)
				import_mobile_seen_key(m, old[i]);
		}
		free(old);
	}
	return import_mobile_seen_key(m, key);
}

/* Make (id, name, mobile, region) the current version of the customer. */
static int
import_customer_version(struct import_rows *c, size_t line, const char *mobile,
    const char *region, char **cause)
{
	sqlite3_stmt *cur = c->st[ST_CUST_CURRENT], *st;
	int rc, same = 0;
	int64_t old = 0;

	sqlite3_reset(cur);
	sqlite3_bind_text(cur, 1, c->f[0], -1, SQLITE_STATIC);
	rc = sqlite3_step(cur);
	if (rc == SQLITE_ROW) {
		old = sqlite3_column_int64(cur, 0);
		same = strcmp((const char *)sqlite3_column_text(cur, 1),
		    c->f[1]) == 0 &&
		    strcmp((const char *)sqlite3_column_text(cur, 2), mobile) == 0 &&
		    strcmp((const char *)sqlite3_column_text(cur, 3), region) == 0;
	} else if (rc != SQLITE_DONE) {
		*cause = db_error(c->db, "reading customers");
		return -1;
	}
	sqlite3_reset(cur);
	if (same)
		return 0;
	if (old != 0) {
		st = c->st[ST_CUST_CLOSE];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, old);
		sqlite3_bind_int64(st, 2, c->res->batch);
		if (db_step_done(c->db, st, cause) == -1)
			return -1;
	}
	st = c->st[ST_CUST_INSERT];
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, c->f[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->f[1], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, mobile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, region, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)line);
	sqlite3_bind_int64(st, 6, c->res->batch);
	return db_step_done(c->db, st, cause);
}

/* One customer row: 0 handled (loaded or rejected), -1 database error. */
int
import_customer(struct import_rows *c, const struct reader_row *row,
    char **cause)
{
	char mobile[RULES_MOBILE_LEN + 1], *region = NULL, *key = NULL, *msg;
	size_t line = row->line;
	int empty = 0, rc = -1, seen;

	if (row->n != row->header_n) {
		/* The whole row is the value: it shows what is extra. */
		msg = xasprintf("expected %zu fields as in the header, found "
		    "%zu", row->header_n, row->n);
		key = import_row_text(row);
		rc = import_issue(c, line, "rejected", "", "field_count", msg,
		    key, cause);
		free(key);
		free(msg);
		return rc;
	}
	import_fields(c, row);
	if (*c->f[0] == '\0')
		return import_reject(c, line, 0, "customer_id_empty",
		    "customer_id is empty", cause);
	if (*c->f[1] == '\0')
		return import_reject(c, line, 1, "customer_name_empty",
		    "customer_name is empty", cause);
	if (*c->f[2] == '\0')
		return import_reject(c, line, 2, "mobile_empty",
		    "mobile_number is empty", cause);
	if (rules_mobile(c->f[2], mobile, &c->notes[2]) == -1)
		return import_reject(c, line, 2, "mobile_invalid",
		    IMPORT_MOBILE_MSG, cause);
	region = rules_region(c->f[3], &empty);
	key = xasprintf("%s%c%s%c%s", c->f[1], '\037', mobile, '\037', region);
	if ((seen = import_id_seen(c, c->f[0], key, cause)) != 0) {
		rc = seen == -1 ? -1 : seen == 2 ? import_issue(c, line,
		    "duplicate", "customer_id", "duplicate_row", "exact repeat "
		    "of an earlier row of the file; dropped", c->f[0], cause) :
		    import_reject(c, line, 0, "customer_id_duplicate",
		    "customer_id repeated in the file with other values; the "
		    "first row wins", cause);
		goto out;
	}
	if (import_mobile_seen(&c->mobiles, mobile)) {
		rc = import_reject(c, line, 2, "mobile_duplicate",
		    "mobile number repeated in the file; the first row wins",
		    cause);
		goto out;
	}
	if (import_customer_version(c, line, mobile, region, cause) == -1)
		goto out;
	c->res->loaded++;
	if (empty && import_issue(c, line, "warning", "region", "region_empty",
	    "region is empty; counted as (unknown)", "", cause) == -1)
		goto out;
	rc = import_text_warnings(c, line, cause);
out:
	free(key);
	free(region);
	return rc;
}

int
import_rows_close_missing(struct import_rows *c, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(c->db, "UPDATE customers SET to_batch = ?1 "
	    "WHERE to_batch IS NULL AND from_batch <> ?1 AND customer_id NOT IN "
	    "(SELECT v FROM temp.import_ids)", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->res->batch);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	return rc;
}
