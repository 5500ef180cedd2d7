/*
 * import_rows: the row paths of an import, customers and orders, from the
 * reader's rows through the rules (rules.c, text.c, datetime.c) into the
 * tables, with a row issue for each rejected, dropped or warned row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "checks.h"
#include "datetime.h"
#include "db.h"
#include "import_impl.h"
#include "proof.h"
#include "reader.h"
#include "rules.h"
#include "settings.h"
#include "strbuf.h"
#include "text.h"
#include "totals.h"
#include "xmem.h"

#define IMPORT_PROGRESS_EVERY	4096	/* rows between progress calls */
#define IMPORT_VALUE_CELLS	120	/* width kept of a rejected value */
#define IMPORT_GROUP_MAX	64	/* lines of one order held in memory */
#define IMPORT_BATCH_ROWS	128	/* order lines per INSERT statement */
#define IMPORT_LINE_PARAMS	11	/* parameters of one order line */
#define IMPORT_ISSUES_KEPT	10000	/* row issues of one kind kept */
#define IMPORT_MOBILE_MSG	"not a mobile number: 10 digits starting 6-9, " \
	"optionally after +91, 0091, 91 or 0; spaces, dashes and brackets " \
	"are dropped, any other character (a '.' included) is refused"

enum {
	ST_ISSUE,
	ST_CUST_CURRENT,
	ST_CUST_CLOSE,
	ST_CUST_INSERT,
	ST_SEEN_ID,
	ST_SEEN_ROW,
	ST_LINE_INSERT,
	ST_LINE_INSERT_MANY,
	ST_LINE_GET,
	ST_LINE_SIBLINGS,
	ST_MATCHED,
	ST_COUNT
};

static const char *const import_sql[ST_COUNT] = {
	[ST_ISSUE] = "INSERT INTO row_issues (batch_id, line, kind, "
	    "column_name, reason, message, value) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_CUST_CURRENT] = "SELECT id, customer_name, mobile, region "
	    "FROM customers WHERE customer_id = ?1 AND to_batch IS NULL",
	[ST_CUST_CLOSE] = "UPDATE customers SET to_batch = ?2 WHERE id = ?1",
	[ST_CUST_INSERT] = "INSERT INTO customers (customer_id, customer_name, "
	    "mobile, region, line, from_batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_SEEN_ID] = "INSERT OR IGNORE INTO temp.import_ids (v, row) "
	    "VALUES (?1, ?2)",
	[ST_SEEN_ROW] = "SELECT row FROM temp.import_ids WHERE v = ?1",
	[ST_LINE_INSERT] = "INSERT INTO order_lines (batch_id, line, order_id, "
	    "sku_id, mobile, ordered_text, ordered_at, day, sku_count, amount, "
	    "revenue) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* ST_LINE_INSERT_MANY: made by import_rows_prepare */
	[ST_LINE_GET] = "SELECT mobile, ordered_at, sku_count, amount "
	    "FROM order_lines WHERE order_id = ?1 AND sku_id = ?2",
	/* The order's first line: every line of an order agrees on the
	 * mobile and the instant, and, read as a total, on the amount. */
	[ST_LINE_SIBLINGS] = "SELECT o.batch_id, o.mobile, o.ordered_at, "
	    "o.amount, coalesce(b.amount_scope = 'order', 0) "
	    "FROM order_lines o JOIN batches b ON b.id = o.batch_id "
	    "WHERE o.order_id = ?1 ORDER BY o.batch_id, o.line LIMIT 1",
	[ST_MATCHED] = "SELECT 1 FROM customers "
	    "WHERE mobile = ?1 AND to_batch IS NULL",
};

/*
 * The stored lines of the order being read. Files list an order's lines
 * together and their orders by increasing order_id; while a file does:
 * - an order_id above every one stored before the batch has no other lines
 *   than these, so counting its line in the totals needs no lookup;
 * - the batch's lines come in key order once an order's lines are sorted
 *   by sku_id, so its proof is hashed here rather than read back.
 * An order_id out of order, or an order of more than IMPORT_GROUP_MAX lines,
 * falls back to the lookups and to reading the proof back: slower, the same.
 */
struct import_group_line {
	size_t		 sku, mobile, text;	/* offsets in the arena */
	int64_t		 at, count, amount, revenue, line;
	int32_t		 day;
};

struct import_group {
	struct strbuf	 id;		/* the order_id */
	int		 started;
	int		 closed;	/* hashed into the proof (at the end) */
	int		 fresh;		/* above the order_ids stored before */
	int		 overflow;	/* more lines than the group holds */
	struct strbuf	 arena;		/* the lines' strings, NUL-terminated */
	struct import_group_line line[IMPORT_GROUP_MAX];
	size_t		 n;

	/* The amount scope's evidence: the order's lines in the batch
	 * (before order_total_conflict), and whether all carry amount0. */
	int64_t		 ev_lines, ev_amount0;
	int		 ev_same;
};

/*
 * Lines of orders new to the table wait here and go in with one INSERT of
 * IMPORT_BATCH_ROWS rows: inserting row by row, each statement opens its
 * cursors again and descends every B-tree from the root, while one
 * statement keeps them on the pages the next rows go to. Only lines that
 * cannot clash with a stored one wait (see import_group), and anything that
 * reads order_lines writes them first.
 */
struct import_batch_row {
	size_t		 order_id, sku, mobile, text;	/* offsets in arena */
	int64_t		 line, at, day, count, amount, revenue;
};

struct import_batch {
	struct strbuf	 arena;
	struct import_batch_row row[IMPORT_BATCH_ROWS];
	size_t		 n;
};

/* One order line as the rules read it, and what it adds to revenue. */
struct import_line {
	size_t		 line;
	char		 mobile[RULES_MOBILE_LEN + 1];
	int64_t		 at, count, amount, revenue;
	int32_t		 day;
	const char	*month;		/* "YYYY-MM" of day */
};

/* The first line of the order a line belongs to, when it has one. */
struct import_first {
	int		 exists;
	int		 earlier;	/* loaded by an earlier batch */
	int		 totals;	/* that batch read amounts as totals */
	char		 mobile[RULES_MOBILE_LEN + 6];
	int64_t		 at, amount;
};

/* Counts of one row-issue reason; only the first rows are stored. */
struct import_count {
	const char	*kind;		/* static: "rejected", ... */
	const char	*reason;	/* static */
	int64_t		 count;
};

/* Customers: the mobiles seen in the file, a set of numbers (0: empty). */
struct import_mobiles {
	uint64_t	*slot;
	size_t		 cap, n;
};

struct import_rows {
	struct db			*db;
	const struct import_opts	*opts;
	struct import_result		*res;
	struct checks_input		*in;	/* for the batch's checks */
	sqlite3_stmt			*st[ST_COUNT];
	struct totals_acc		 acc;	/* this batch's part of the totals */

	/* Column mapping, reused while the header names stay the same. */
	const char *const		*required;
	size_t				 nreq;
	const char			**names;	/* copies of the raw names */
	size_t				 nnames;
	int				 index[RULES_ORDER_NCOLS];
	char				*map_error;	/* when the names lack a column */

	size_t				 warned_line;	/* last row counted as warned */
	struct import_mobiles		 mobiles;
	struct import_count		*counts;	/* by kind and reason */
	size_t				 ncounts;
	int64_t				 kept[3];	/* stored, by kind */

	/* The amount scope asked for, the reading lines are stored with
	 * now (under auto: order totals until a multi-line order shows
	 * otherwise), and the evidence (multi-line orders, those that
	 * repeat one amount). */
	enum rules_scope		 scope;
	enum rules_scope		 reading;
	int64_t				 multi, repeat;

	/* The cleaned required fields of the current row: the reader's own
	 * bytes when they needed no cleaning, else the copy in own[]. */
	const char			*f[RULES_ORDER_NCOLS];
	char				*own[RULES_ORDER_NCOLS];
	unsigned			 flags[RULES_ORDER_NCOLS];
	unsigned			 notes[RULES_ORDER_NCOLS];	/* RULES_NOTE_* */

	/* Orders: the largest order_id stored before the batch (NULL:
	 * none), whether one came after a larger one, the order being read,
	 * the lines waiting to be written, the proof being hashed (NULL:
	 * read it back at the end), and the last line's day. */
	char				*max_order;
	int				 unsorted;
	struct import_group		 group;
	struct import_batch		 batch;
	struct proof_orders		*proof;
	int				 has_day;
	int64_t				 dayno;
	int32_t				 day;
	char				 month[8];	/* "YYYY-MM" */
};

static int	import_batch_flush(struct import_rows *, char **);
static void	import_proof_fallback(struct import_rows *);
static int	import_proof_restart(struct import_rows *, char **);

/* Which of the three kinds of row issue kind is (an index of kept[]). */
static int
import_kind_index(const char *kind)
{
	if (strcmp(kind, "rejected") == 0)
		return 0;
	return strcmp(kind, "duplicate") == 0 ? 1 : 2;
}

/* Count an issue of kind and reason (static strings); whether its row is
 * still to be stored. */
static int
import_count_issue(struct import_rows *c, const char *kind,
    const char *reason)
{
	struct import_count *n;
	size_t i;
	int k = import_kind_index(kind);

	for (i = 0; i < c->ncounts; i++) {
		n = &c->counts[i];
		if (strcmp(n->reason, reason) == 0 && strcmp(n->kind, kind) == 0)
			break;
	}
	if (i == c->ncounts) {
		c->counts = xreallocarray(c->counts, c->ncounts + 1,
		    sizeof *c->counts);
		n = &c->counts[c->ncounts++];
		n->kind = kind;
		n->reason = reason;
		n->count = 0;
	}
	c->counts[i].count++;
	if (c->kept[k] == IMPORT_ISSUES_KEPT)
		return 0;
	c->kept[k]++;
	return 1;
}

/*
 * Count one row issue and store its row, while fewer than
 * IMPORT_ISSUES_KEPT of its kind are (a file of a million bad rows must
 * not fill the database); value is sanitized and shortened first. kind and
 * reason are static strings.
 */
static int
import_issue(struct import_rows *c, size_t line, const char *kind,
    const char *column, const char *reason, const char *message,
    const char *value, char **cause)
{
	sqlite3_stmt *st = c->st[ST_ISSUE];
	char *shown, *fit;
	int rc = 0;

	if (import_count_issue(c, kind, reason)) {
		shown = text_display(value != NULL ? value : "", 1);
		fit = text_fit(shown, IMPORT_VALUE_CELLS);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, c->res->batch);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)line);
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, column != NULL ? column : "", -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, message, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, fit, -1, SQLITE_STATIC);
		rc = db_step_done(c->db, st, cause);
		free(fit);
		free(shown);
	}
	if (rc == 0) {
		if (strcmp(kind, "rejected") == 0)
			c->res->rejected++;
		else if (strcmp(kind, "duplicate") == 0)
			c->res->duplicates++;
		else if (line != c->warned_line) {
			/* warnings counts rows, like the other counts */
			c->res->warnings++;
			c->warned_line = line;
		}
	}
	return rc;
}

int
import_rows_reasons(struct import_rows *c, char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (db_prepare(c->db, "INSERT INTO batch_reasons (batch_id, kind, "
	    "reason, count, kept) VALUES (?1, ?2, ?3, ?4, (SELECT count(*) "
	    "FROM row_issues WHERE batch_id = ?1 AND kind = ?2 AND "
	    "reason = ?3))", &st, cause) == -1)
		return -1;
	for (i = 0; i < c->ncounts && rc == 0; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, c->res->batch);
		sqlite3_bind_text(st, 2, c->counts[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, c->counts[i].reason, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, c->counts[i].count);
		rc = db_step_done(c->db, st, cause);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
import_reject(struct import_rows *c, size_t line, int col, const char *reason,
    const char *message, char **cause)
{
	const char *column = col >= 0 ? c->required[col] : "";
	const char *value = col >= 0 && c->f[col] != NULL ? c->f[col] : "";

	return import_issue(c, line, "rejected", column, reason, message, value,
	    cause);
}

/* Warnings of a loaded row: text that was repaired or holds control
 * characters, and values read one way only (the rules' notes). */
static int
import_text_warnings(struct import_rows *c, size_t line, char **cause)
{
	unsigned bit;
	size_t i;

	for (i = 0; i < c->nreq; i++) {
		for (bit = 1; c->notes[i] >= bit && bit != 0; bit <<= 1) {
			if ((c->notes[i] & bit) && import_issue(c, line,
			    "warning", c->required[i], rules_note_code(bit),
			    rules_note_text(bit), c->f[i], cause) == -1)
				return -1;
		}
		if ((c->flags[i] & TEXT_REPAIRED) && import_issue(c, line,
		    "warning", c->required[i], "utf8_repaired",
		    "invalid UTF-8 replaced by U+FFFD", c->f[i], cause) == -1)
			return -1;
		if ((c->flags[i] & TEXT_CONTROLS) && import_issue(c, line,
		    "warning", c->required[i], "control_chars",
		    "control, bidi or zero-width characters in the value",
		    c->f[i], cause) == -1)
			return -1;
	}
	return 0;
}

static void
import_clear_names(struct import_rows *c)
{
	size_t i;

	for (i = 0; i < c->nnames; i++)
		free((char *)c->names[i]);
	free(c->names);
	c->names = NULL;
	c->nnames = 0;
	free(c->map_error);
	c->map_error = NULL;
}

/* Note names that are not required columns, for the schema checks. */
static void
import_note_unknown(struct import_rows *c, const char *const *names, size_t n)
{
	char *norm;
	size_t i, k;

	for (i = 0; i < n; i++) {
		norm = rules_column_name(names[i]);
		for (k = 0; k < c->nreq; k++) {
			if (strcmp(norm, c->required[k]) == 0)
				break;
		}
		if (k == c->nreq)
			checks_note_column(c->in, norm, 0);
		for (k = 0; k < i; k++) {
			char *other = rules_column_name(names[k]);

			if (strcmp(other, norm) == 0)
				checks_note_column(c->in, norm, 1);
			free(other);
		}
		free(norm);
	}
}

/* Map the row's names to the required columns, unless they are unchanged. */
static void
import_map(struct import_rows *c, const struct reader_row *row)
{
	size_t i, n = row->header_n;

	if (c->names != NULL && n == c->nnames) {
		for (i = 0; i < n; i++) {
			if (strcmp(c->names[i], row->names[i]) != 0)
				break;
		}
		if (i == n)
			return;
	}
	import_clear_names(c);
	c->names = xcalloc(n + 1, sizeof *c->names);
	for (i = 0; i < n; i++)
		c->names[i] = xstrdup(row->names[i]);
	c->nnames = n;
	import_note_unknown(c, row->names, n);
	if (rules_columns_find(c->required, c->nreq, row->names, n, c->index,
	    &c->map_error) == 0)
		c->map_error = NULL;
}

static void
import_free_fields(struct import_rows *c)
{
	size_t i;

	for (i = 0; i < c->nreq; i++) {
		free(c->own[i]);
		c->own[i] = NULL;
		c->f[i] = NULL;
		c->flags[i] = 0;
		c->notes[i] = 0;
	}
}

/* Clean the required fields of row into c->f; most need no copy. */
static void
import_fields(struct import_rows *c, const struct reader_row *row)
{
	size_t i, k;

	for (i = 0; i < c->nreq; i++) {
		k = (size_t)c->index[i];
		if (k >= row->n)
			c->f[i] = "";
		else if (text_is_plain(row->values[k], row->lens[k]))
			c->f[i] = row->values[k];
		else {
			c->own[i] = text_clean(row->values[k], row->lens[k],
			    &c->flags[i]);
			c->f[i] = c->own[i];
		}
	}
}

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
static int
import_customer(struct import_rows *c, const struct reader_row *row,
    char **cause)
{
	char mobile[RULES_MOBILE_LEN + 1], *region = NULL, *key = NULL, *msg;
	size_t line = row->line;
	int empty = 0, rc = -1, seen;

	if (row->n != row->header_n) {
		msg = xasprintf("the row has %zu fields, the header %zu",
		    row->n, row->header_n);
		rc = import_reject(c, line, -1, "field_count", msg, cause);
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

/*
 * Whether the line's (order_id, sku_id) is new to the table: 1 if so; 0
 * when it is stored already and the line was handled, a dropped duplicate
 * if every value is the same, else a rejected conflict; -1 on error.
 */
static int
import_line_known(struct import_rows *c, const struct import_line *l,
    char **cause)
{
	sqlite3_stmt *st = c->st[ST_LINE_GET];
	int rc, same;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, c->f[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->f[3], -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
		sqlite3_reset(st);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		*cause = db_error(c->db, "reading order lines");
		return -1;
	}
	same = strcmp((const char *)sqlite3_column_text(st, 0),
	    l->mobile) == 0 &&
	    sqlite3_column_int64(st, 1) == l->at &&
	    sqlite3_column_int64(st, 2) == l->count &&
	    sqlite3_column_int64(st, 3) == l->amount;
	sqlite3_reset(st);
	if (same)
		return import_issue(c, l->line, "duplicate", "order_id",
		    "duplicate_line", "exact repeat of a line already loaded; "
		    "dropped", c->f[0], cause);
	return import_reject(c, l->line, 3, "conflicting_line",
	    "this order_id and sku_id were loaded with other values", cause);
}

/* The first stored line of the line's order, from the table (the waiting
 * lines written first). */
static int
import_first_stored(struct import_rows *c, struct import_first *f,
    char **cause)
{
	sqlite3_stmt *st = c->st[ST_LINE_SIBLINGS];
	int rc;

	memset(f, 0, sizeof *f);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, c->f[0], -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f->exists = 1;
		f->earlier = sqlite3_column_int64(st, 0) != c->res->batch;
		snprintf(f->mobile, sizeof f->mobile, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		f->at = sqlite3_column_int64(st, 2);
		f->amount = sqlite3_column_int64(st, 3);
		f->totals = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = db_error(c->db, "reading order lines");
		return -1;
	}
	return 0;
}

/* The first line of a fresh order: the group holds every line of it. */
static void
import_first_group(const struct import_rows *c, struct import_first *f)
{
	const struct import_group *g = &c->group;

	memset(f, 0, sizeof *f);
	if (g->n == 0)
		return;
	f->exists = 1;
	snprintf(f->mobile, sizeof f->mobile, "%s",
	    g->arena.buf + g->line[0].mobile);
	f->at = g->line[0].at;
	f->amount = g->line[0].amount;
}

/* Order lines agree: a line whose mobile or time differs from its order's
 * first line is rejected. 1 if it agrees, 0 rejected, -1 on error. */
static int
import_order_agrees(struct import_rows *c, const struct import_line *l,
    const struct import_first *f, char **cause)
{
	int rc;

	if (!f->exists)
		return 1;
	if (strcmp(f->mobile, l->mobile) != 0)
		rc = import_reject(c, l->line, 1, "order_conflict",
		    "this order_id was loaded with another mobile_number: "
		    "every line of an order has the same customer", cause);
	else if (f->at != l->at)
		rc = import_reject(c, l->line, 2, "order_conflict",
		    "this order_id was loaded with another order_date_time: "
		    "every line of an order has the same time", cause);
	else
		return 1;
	return rc == -1 ? -1 : 0;
}

/* The amount scope's evidence: one more line of the group's order. */
static void
import_evidence(struct import_rows *c, const struct import_line *l)
{
	struct import_group *g = &c->group;

	if (g->ev_lines++ == 0) {
		g->ev_amount0 = l->amount;
		g->ev_same = 1;
	} else if (l->amount != g->ev_amount0)
		g->ev_same = 0;
}

/*
 * Read the batch as line amounts from now on (under auto, a multi-line
 * order whose lines carry different amounts rules out order totals): the
 * lines stored as an order's later line with revenue 0 get their amount,
 * in the table and in the totals. Orders of earlier batches keep their
 * reading. The proof starts again as one of line amounts.
 */
static int
import_read_lines(struct import_rows *c, char **cause)
{
	sqlite3_stmt *st;
	char day[11];
	int rc;

	c->reading = RULES_SCOPE_LINE;
	if (import_batch_flush(c, cause) == -1 ||
	    import_proof_restart(c, cause) == -1 ||
	    db_prepare(c->db, "UPDATE order_lines AS o SET revenue = amount "
	    "WHERE batch_id = ?1 AND revenue <> amount AND NOT EXISTS "
	    "(SELECT 1 FROM order_lines e WHERE e.order_id = o.order_id AND "
	    "e.batch_id < ?1) RETURNING day, mobile, amount", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->res->batch);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		datetime_format_day(sqlite3_column_int(st, 0), day);
		day[7] = '\0';
		totals_acc_revenue(&c->acc, sqlite3_column_int(st, 0), day,
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = db_error(c->db, "reading the batch as line amounts");
		return -1;
	}
	return 0;
}

/*
 * What l adds to revenue (l->revenue): its amount as the first line of its
 * order or read as a line amount; 0 as a later line of an order read as a
 * total, which must then carry the order's amount (order_total_conflict).
 * An order keeps the reading of the batch that first loaded it. 1 to go
 * on, 0 rejected, -1 on error.
 */
static int
import_revenue(struct import_rows *c, struct import_line *l,
    const struct import_first *f, char **cause)
{
	int totals;

	l->revenue = l->amount;
	if (!f->exists)
		return 1;
	totals = f->earlier ? f->totals : c->reading == RULES_SCOPE_ORDER;
	if (totals && !f->earlier && c->scope == RULES_SCOPE_AUTO &&
	    l->amount != f->amount) {
		if (import_read_lines(c, cause) == -1)
			return -1;
		totals = 0;
	}
	if (!totals)
		return 1;
	if (l->amount != f->amount) {
		if (import_reject(c, l->line, 5, "order_total_conflict",
		    "total_amount differs from its order's: read as the "
		    "order's total, every line carries the same amount",
		    cause) == -1)
			return -1;
		return 0;
	}
	l->revenue = 0;
	return 1;
}

/* Close the group: count its order in the evidence, and hash its lines
 * into the proof by sku_id (an insertion sort: an order has a few lines). */
static void
import_group_close(struct import_rows *c)
{
	struct import_group *g = &c->group;
	struct import_group_line *gl, t;
	struct proof_line pl;
	size_t i, j;

	if (!g->started || g->closed)
		return;
	g->closed = 1;
	if (g->ev_lines >= 2) {
		c->multi++;
		c->repeat += g->ev_same;
	}
	g->ev_lines = 0;
	if (c->proof == NULL)
		return;
	for (i = 1; i < g->n; i++) {
		t = g->line[i];
		for (j = i; j > 0 && strcmp(g->arena.buf + g->line[j - 1].sku,
		    g->arena.buf + t.sku) > 0; j--)
			g->line[j] = g->line[j - 1];
		g->line[j] = t;
	}
	pl.order_id = g->id.buf;
	for (i = 0; i < g->n; i++) {
		gl = &g->line[i];
		pl.sku_id = g->arena.buf + gl->sku;
		pl.mobile = g->arena.buf + gl->mobile;
		pl.ordered_text = g->arena.buf + gl->text;
		pl.ordered_at = gl->at;
		pl.day = gl->day;
		pl.sku_count = gl->count;
		pl.amount = gl->amount;
		pl.line = (int64_t)gl->line;
		pl.revenue = gl->revenue;
		proof_orders_line(c->proof, &pl);
	}
}

/*
 * The proof being hashed becomes one of line amounts: the orders it holds
 * (before the group being read, all stored) are read back into a new one.
 * Under auto the reading changes at the first multi-line order whose lines
 * differ, early in a file of line amounts, so this reads back a few lines
 * rather than the whole batch at the end.
 */
static int
import_proof_restart(struct import_rows *c, char **cause)
{
	struct import_group *g = &c->group;

	if (c->proof == NULL)
		return 0;
	proof_orders_free(c->proof);
	c->proof = proof_orders_start(c->res->batch, 0);
	/* The group being read is hashed when it closes; once closed (the
	 * file's end), every stored line is read back. */
	if (proof_orders_replay(c->db, c->proof, c->res->batch, g->started &&
	    !g->closed ? g->id.buf : NULL, cause) == -1) {
		import_proof_fallback(c);
		return -1;
	}
	return 0;
}

/* From now on, read the proof back rather than hash it here. */
static void
import_proof_fallback(struct import_rows *c)
{
	proof_orders_free(c->proof);
	c->proof = NULL;
}

/* The current row's order_id: the group's, or a new group. */
static void
import_group_enter(struct import_rows *c)
{
	struct import_group *g = &c->group;
	const char *id = c->f[0];
	int cmp = 1;

	if (g->started && (cmp = strcmp(id, g->id.buf)) == 0)
		return;
	if (cmp < 0) {
		c->unsorted = 1;
		import_proof_fallback(c);
	}
	import_group_close(c);
	strbuf_reset(&g->id);
	strbuf_puts(&g->id, id);
	strbuf_reset(&g->arena);
	g->started = 1;
	g->closed = 0;
	g->fresh = !c->unsorted && (c->max_order == NULL ||
	    strcmp(id, c->max_order) > 0);
	g->overflow = 0;
	g->n = 0;
}

/* Keep a stored line in the group, unless it is full: then the order's
 * later lines take the slow path and the proof is read back. */
static void
import_group_add(struct import_rows *c, const struct import_line *l)
{
	struct import_group *g = &c->group;
	struct import_group_line *gl;

	if (g->overflow)
		return;
	if (g->n == IMPORT_GROUP_MAX) {
		g->overflow = 1;
		import_proof_fallback(c);
		return;
	}
	gl = &g->line[g->n++];
	gl->sku = g->arena.len;
	strbuf_add(&g->arena, c->f[3], strlen(c->f[3]) + 1);
	gl->mobile = g->arena.len;
	strbuf_add(&g->arena, l->mobile, sizeof l->mobile);
	gl->text = g->arena.len;
	strbuf_add(&g->arena, c->f[2], strlen(c->f[2]) + 1);
	gl->at = l->at;
	gl->count = l->count;
	gl->amount = l->amount;
	gl->revenue = l->revenue;
	gl->line = (int64_t)l->line;
	gl->day = l->day;
}

/* Bind the i-th row of an insert (parameters from IMPORT_LINE_PARAMS * i). */
static void
import_bind_line(struct import_rows *c, sqlite3_stmt *st, int i,
    const char *order_id, const char *sku, const char *mobile,
    const char *text, const struct import_batch_row *r)
{
	int k = IMPORT_LINE_PARAMS * i;

	sqlite3_bind_int64(st, k + 1, c->res->batch);
	sqlite3_bind_int64(st, k + 2, r->line);
	sqlite3_bind_text(st, k + 3, order_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 4, sku, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 5, mobile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 6, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, k + 7, r->at);
	sqlite3_bind_int64(st, k + 8, r->day);
	sqlite3_bind_int64(st, k + 9, r->count);
	sqlite3_bind_int64(st, k + 10, r->amount);
	sqlite3_bind_int64(st, k + 11, r->revenue);
}

/* Write the waiting lines: one statement for a full batch, else one per
 * line. None of them can clash, so each must be stored. */
static int
import_batch_flush(struct import_rows *c, char **cause)
{
	struct import_batch *b = &c->batch;
	struct import_batch_row *r;
	sqlite3_stmt *st;
	const char *a = b->arena.buf;
	size_t i;
	int many = b->n == IMPORT_BATCH_ROWS;

	st = c->st[many ? ST_LINE_INSERT_MANY : ST_LINE_INSERT];
	for (i = 0; i < b->n; i++) {
		r = &b->row[i];
		if (!many)
			sqlite3_reset(st);
		import_bind_line(c, st, many ? (int)i : 0, a + r->order_id,
		    a + r->sku, a + r->mobile, a + r->text, r);
		if (many && i + 1 < b->n)
			continue;
		if (db_step_done(c->db, st, cause) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	if (many)
		sqlite3_reset(st);
	b->n = 0;
	strbuf_reset(&b->arena);
	return 0;
}

/* The line as a row of an insert (strings in the caller's buffers). */
static void
import_line_row(const struct import_line *l, struct import_batch_row *r)
{
	r->line = (int64_t)l->line;
	r->at = l->at;
	r->day = l->day;
	r->count = l->count;
	r->amount = l->amount;
	r->revenue = l->revenue;
}

/* Queue a line that cannot clash with a stored one. */
static int
import_batch_add(struct import_rows *c, const struct import_line *l,
    char **cause)
{
	struct import_batch *b = &c->batch;
	struct import_batch_row *r = &b->row[b->n++];

	r->order_id = b->arena.len;
	strbuf_add(&b->arena, c->f[0], strlen(c->f[0]) + 1);
	r->sku = b->arena.len;
	strbuf_add(&b->arena, c->f[3], strlen(c->f[3]) + 1);
	r->mobile = b->arena.len;
	strbuf_add(&b->arena, l->mobile, sizeof l->mobile);
	r->text = b->arena.len;
	strbuf_add(&b->arena, c->f[2], strlen(c->f[2]) + 1);
	import_line_row(l, r);
	if (b->n == IMPORT_BATCH_ROWS)
		return import_batch_flush(c, cause);
	return 0;
}

/* The line repeats gl's (order_id, sku_id): a dropped duplicate if every
 * value is the same, else a rejected conflict (as import_line_known). */
static int
import_group_repeat(struct import_rows *c, const struct import_line *l,
    const struct import_group_line *gl, char **cause)
{
	const struct import_group *g = &c->group;

	if (strcmp(g->arena.buf + gl->mobile, l->mobile) == 0 &&
	    gl->at == l->at && gl->count == l->count &&
	    gl->amount == l->amount)
		return import_issue(c, l->line, "duplicate", "order_id",
		    "duplicate_line", "exact repeat of a line already loaded; "
		    "dropped", c->f[0], cause);
	return import_reject(c, l->line, 3, "conflicting_line",
	    "this order_id and sku_id were loaded with other values", cause);
}

/*
 * The checks every new line of an order passes, in order: its lines agree,
 * then (counted in the evidence) what it adds to revenue. 1 to store it,
 * 0 rejected, -1 on error.
 */
static int
import_order_admit(struct import_rows *c, struct import_line *l,
    const struct import_first *f, char **cause)
{
	int rc;

	if ((rc = import_order_agrees(c, l, f, cause)) != 1)
		return rc;
	import_evidence(c, l);
	return import_revenue(c, l, f, cause);
}

/* A line stored: counted, in the totals and the group, warnings noted. */
static int
import_order_stored_line(struct import_rows *c, const struct import_line *l,
    const struct import_first *f, char **cause)
{
	c->res->loaded++;
	/* Lines of one order share its day and customer: only its first
	 * line brings the order to a day, a month and a customer. */
	totals_acc_line(&c->acc, l->day, l->month, l->mobile, l->revenue,
	    !f->exists, !f->exists, !f->exists);
	import_group_add(c, l);
	return import_text_warnings(c, l->line, cause);
}

/* A line of an order new to the table (the group is fresh): the group
 * holds every other line of it, so clashes and the totals are decided
 * here and the line waits in the batch. */
static int
import_order_new(struct import_rows *c, struct import_line *l, char **cause)
{
	struct import_group *g = &c->group;
	struct import_first f;
	size_t i;
	int rc;

	for (i = 0; i < g->n; i++) {
		if (strcmp(g->arena.buf + g->line[i].sku, c->f[3]) == 0)
			return import_group_repeat(c, l, &g->line[i], cause);
	}
	import_first_group(c, &f);
	if ((rc = import_order_admit(c, l, &f, cause)) != 1)
		return rc;
	if (import_batch_add(c, l, cause) == -1)
		return -1;
	return import_order_stored_line(c, l, &f, cause);
}

/* Any other line: the table decides, after the waiting lines are in. */
static int
import_order_stored(struct import_rows *c, struct import_line *l,
    char **cause)
{
	sqlite3_stmt *st = c->st[ST_LINE_INSERT];
	struct import_batch_row r;
	struct import_first f;
	int rc;

	if (import_batch_flush(c, cause) == -1)
		return -1;
	if ((rc = import_line_known(c, l, cause)) != 1 ||
	    (rc = import_first_stored(c, &f, cause)) == -1 ||
	    (rc = import_order_admit(c, l, &f, cause)) != 1)
		return rc == 1 ? 0 : rc;
	import_line_row(l, &r);
	sqlite3_reset(st);
	import_bind_line(c, st, 0, c->f[0], c->f[3], l->mobile, c->f[2], &r);
	if (db_step_done(c->db, st, cause) == -1)
		return -1;
	return import_order_stored_line(c, l, &f, cause);
}

/* The local day of l->at into l->day and l->month; days repeat from line
 * to line, so the text is made once per day. -1 when it has no date. */
static int
import_day(struct import_rows *c, struct import_line *l, char **cause)
{
	int64_t dayno = datetime_local_dayno(l->at);
	char dayname[11];

	if (!c->has_day || dayno != c->dayno) {
		datetime_local_day(l->at, dayname);
		if (datetime_parse_day(dayname, &c->day) == -1) {
			c->has_day = 0;
			*cause = xasprintf("line %zu: no local day for %s",
			    l->line, c->f[2]);
			return -1;
		}
		memcpy(c->month, dayname, 7);
		c->month[7] = '\0';
		c->dayno = dayno;
		c->has_day = 1;
	}
	l->day = c->day;
	l->month = c->month;
	return 0;
}

/* One order line: 0 handled (loaded, duplicate or rejected), -1 error. */
static int
import_order(struct import_rows *c, const struct reader_row *row, char **cause)
{
	enum datetime_why why;
	struct import_line l;
	size_t i;

	l.line = row->line;
	import_map(c, row);
	if (c->map_error != NULL)
		return import_issue(c, l.line, "rejected", "", "missing_field",
		    c->map_error, "", cause);
	import_fields(c, row);
	for (i = 0; i < c->nreq; i++) {
		if (*c->f[i] == '\0')
			return import_reject(c, l.line, (int)i, "field_empty",
			    "a required field is empty", cause);
	}
	if (rules_mobile(c->f[1], l.mobile, &c->notes[1]) == -1)
		return import_reject(c, l.line, 1, "mobile_invalid",
		    IMPORT_MOBILE_MSG, cause);
	if (datetime_parse_why(c->f[2], &l.at, &why) == -1)
		return import_reject(c, l.line, 2, "date_invalid",
		    datetime_why_text(why), cause);
	if (rules_count(c->f[4], &l.count, &c->notes[4]) == -1)
		return import_reject(c, l.line, 4, "sku_count_invalid",
		    "sku_count must be a whole number of at least 1", cause);
	if (rules_amount(c->f[5], &l.amount, &c->notes[5]) == -1)
		return import_reject(c, l.line, 5, "amount_invalid",
		    "total_amount must be a number >= 0 with at most 2 "
		    "decimals; one currency mark (Rs, Rs., INR or the rupee "
		    "sign) and Western or Indian digit grouping are allowed",
		    cause);
	if (import_day(c, &l, cause) == -1)
		return -1;
	import_group_enter(c);
	if (c->group.fresh && !c->group.overflow &&
	    c->group.n < IMPORT_GROUP_MAX)
		return import_order_new(c, &l, cause);
	return import_order_stored(c, &l, cause);
}

/* The evidence of an unsorted file, from its stored lines: its lines of an
 * order do not follow each other, so the groups did not see them whole. */
static int
import_evidence_stored(struct import_rows *c, char **cause)
{
	return db_query_ints(c->db, "SELECT count(*), coalesce(sum(mn = mx), "
	    "0) FROM (SELECT min(amount) AS mn, max(amount) AS mx "
	    "FROM order_lines WHERE batch_id = ?1 GROUP BY order_id "
	    "HAVING count(*) >= 2)", c->res->batch, 0, &c->multi, &c->repeat,
	    cause);
}

int
import_rows_scope(struct import_rows *c, char **cause)
{
	struct checks_input *in = c->in;
	enum rules_scope scope = c->scope;
	sqlite3_stmt *st;
	int rc;

	if (c->unsorted && import_evidence_stored(c, cause) == -1)
		return -1;
	if (scope == RULES_SCOPE_AUTO)
		scope = rules_scope_decide(c->multi, c->repeat);
	in->has_scope = 1;
	in->scope_multi = c->multi;
	in->scope_repeat = c->repeat;
	in->scope_asked = c->scope != RULES_SCOPE_AUTO;
	in->scope = scope;
	if (scope == RULES_SCOPE_AUTO)
		return 0;	/* undecidable: the batch fails */
	if (scope == RULES_SCOPE_LINE && c->reading == RULES_SCOPE_ORDER &&
	    import_read_lines(c, cause) == -1)
		return -1;
	if (scope != c->reading) {
		*cause = xstrdup("internal error: the amount scope changed "
		    "after lines were stored");
		return -1;
	}
	checks_scope_text(in, in->scope_text, sizeof in->scope_text);
	if (db_prepare(c->db, "UPDATE batches SET amount_scope = ?2, "
	    "amount_evidence = ?3 WHERE id = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->res->batch);
	sqlite3_bind_text(st, 2, rules_scope_name(scope), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->scope_text, -1, SQLITE_STATIC);
	rc = db_step_done(c->db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

/* Count the lines of a customer (mobile) that matches no current one. */
static int
import_unmatched_one(const char *mobile, int64_t lines, void *arg)
{
	struct import_rows *c = arg;
	sqlite3_stmt *st = c->st[ST_MATCHED];
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, mobile, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		c->in->unmatched += lines;
	else if (rc != SQLITE_ROW)
		return -1;
	return 0;
}

/* Lines of the batch whose mobile matches no current customer come from
 * the batch's customers in the totals: a lookup per customer, not a pass
 * over the lines. */
int
import_rows_totals(struct import_rows *c, char **cause)
{
	if (totals_acc_flush(c->db, &c->acc, cause) == -1)
		return -1;
	c->in->unmatched = 0;
	if (totals_acc_customers(&c->acc, import_unmatched_one, c) != 0) {
		*cause = db_error(c->db, "reading customers");
		return -1;
	}
	c->in->has_unmatched = 1;
	/* Give the memory back before the checks and the snapshot. */
	totals_acc_free(&c->acc);
	return 0;
}

struct import_rows *
import_rows_new(struct db *db, const struct import_opts *opts,
    struct import_result *res, struct checks_input *in)
{
	struct import_rows *c = xcalloc(1, sizeof *c);

	c->db = db;
	c->opts = opts;
	c->res = res;
	c->in = in;
	totals_acc_init(&c->acc);
	c->required = opts->kind == IMPORT_CUSTOMERS ?
	    rules_customer_columns : rules_order_columns;
	c->nreq = opts->kind == IMPORT_CUSTOMERS ?
	    RULES_CUSTOMER_NCOLS : RULES_ORDER_NCOLS;
	return c;
}

/* The amount scope asked for (the option, else the setting), and the
 * reading lines start with: under auto, order totals until disproved. */
static int
import_scope_asked(struct import_rows *c, char **cause)
{
	char *setting = NULL;
	int scope;

	if (c->opts->amount_scope == NULL &&
	    settings_text(c->db, SET_AMOUNT_SCOPE, &setting, cause) == -1)
		return -1;
	scope = rules_amount_scope(c->opts->amount_scope != NULL ?
	    c->opts->amount_scope : setting);
	free(setting);
	if (scope == -1) {
		*cause = xstrdup("the amount scope is auto, line or order "
		    "(see 'kpidesk config list')");
		return -1;
	}
	c->scope = (enum rules_scope)scope;
	c->reading = c->scope == RULES_SCOPE_LINE ? RULES_SCOPE_LINE :
	    RULES_SCOPE_ORDER;
	return 0;
}

int
import_rows_prepare(struct import_rows *c, char **cause)
{
	struct strbuf sql;
	sqlite3_stmt *st;
	int i, rc;

	if (db_exec(c->db, "DROP TABLE IF EXISTS temp.import_ids;"
	    "CREATE TEMP TABLE import_ids "
	    "(v TEXT PRIMARY KEY, row TEXT NOT NULL) WITHOUT ROWID;",
	    cause) == -1)
		return -1;
	for (i = 0; i < ST_COUNT; i++) {
		if (import_sql[i] != NULL &&
		    db_prepare(c->db, import_sql[i], &c->st[i], cause) == -1)
			return -1;
	}
	if (c->opts->kind == IMPORT_ORDERS) {
		/* The single-row insert's columns, IMPORT_BATCH_ROWS times,
		 * without ON CONFLICT: these rows cannot clash. */
		strbuf_init(&sql);
		strbuf_puts(&sql, "INSERT INTO order_lines (batch_id, line, "
		    "order_id, sku_id, mobile, ordered_text, ordered_at, day, "
		    "sku_count, amount, revenue) VALUES ");
		for (i = 0; i < IMPORT_BATCH_ROWS; i++)
			strbuf_puts(&sql, i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?)" :
			    ",(?,?,?,?,?,?,?,?,?,?,?)");
		rc = db_prepare(c->db, strbuf_str(&sql),
		    &c->st[ST_LINE_INSERT_MANY], cause);
		strbuf_free(&sql);
		if (rc == -1)
			return -1;
		/* The last key of the table: one B-tree descent. */
		if (db_prepare(c->db, "SELECT max(order_id) FROM order_lines",
		    &st, cause) == -1)
			return -1;
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_type(st, 0) != SQLITE_NULL)
			c->max_order = xstrdup((const char *)
			    sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if (import_scope_asked(c, cause) == -1)
			return -1;
		c->proof = proof_orders_start(c->res->batch,
		    c->reading == RULES_SCOPE_ORDER);
	}
	return 0;
}

void
import_rows_free(struct import_rows *c)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(c->st[i]);
		c->st[i] = NULL;
	}
	import_clear_names(c);
	import_free_fields(c);
	totals_acc_free(&c->acc);
	free(c->max_order);
	c->max_order = NULL;
	strbuf_free(&c->group.id);
	strbuf_free(&c->group.arena);
	strbuf_free(&c->batch.arena);
	free(c->mobiles.slot);
	free(c->counts);
	import_proof_fallback(c);
	free(c);
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


int
import_rows_read(struct import_rows *c, struct reader *r, uint64_t total,
    char **cause)
{
	const struct import_opts *o = c->opts;
	struct import_progress p = { 0, 0, total, 0 };
	struct reader_row row;
	double start = datetime_monotonic();
	int rc, first = 1;

	while ((rc = reader_next(r, &row, cause)) == 1) {
		if (first && o->kind == IMPORT_CUSTOMERS) {
			import_map(c, &row);
			if (c->map_error != NULL) {
				*cause = c->map_error;
				c->map_error = NULL;
				return -1;
			}
		}
		first = 0;
		c->res->read++;
		rc = o->kind == IMPORT_CUSTOMERS ?
		    import_customer(c, &row, cause) :
		    import_order(c, &row, cause);
		import_free_fields(c);
		if (rc == -1)
			return -1;
		if (o->progress != NULL &&
		    c->res->read % IMPORT_PROGRESS_EVERY == 0) {
			p.rows = c->res->read;
			p.bytes = reader_bytes(r);
			p.elapsed = datetime_monotonic() - start;
			if (o->progress(&p, o->progress_arg) != 0) {
				*cause = xstrdup("import cancelled: nothing was "
				    "loaded");
				return -1;
			}
		}
	}
	if (rc == 0) {
		if (import_batch_flush(c, cause) == -1)
			return -1;
		import_group_close(c);
	}
	return rc;
}

/* The proof hashed while the lines were read, else read back. */
int
import_rows_proof(struct import_rows *c, char hex[HASH_HEXLEN + 1],
    char **cause)
{
	if (c->proof == NULL)
		return proof_record(c->db, c->res->batch, hex, cause);
	proof_orders_end(c->proof, hex);
	c->proof = NULL;
	return proof_store(c->db, c->res->batch, hex, cause);
}

