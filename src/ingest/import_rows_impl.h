/*
 * import_rows_impl: the state of an import's row paths and what the three
 * files that run them share; private to import_rows.c (the row issues, the
 * column mapping, the lifecycle), import_customers.c (the master file) and
 * import_orders.c (order lines, the amount scope, totals and proof).
 */
#ifndef KP_IMPORT_ROWS_IMPL_H
#define KP_IMPORT_ROWS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "import_impl.h"
#include "proof.h"
#include "reader.h"
#include "rules.h"
#include "strbuf.h"
#include "totals.h"

#define IMPORT_PROGRESS_EVERY	4096	/* rows between progress calls */
#define IMPORT_VALUE_CELLS	120	/* width kept of a rejected value */
#define IMPORT_GROUP_MAX	64	/* lines of one order held in memory */
#define IMPORT_BATCH_ROWS	128	/* order lines per INSERT statement */
#define IMPORT_LINE_PARAMS	11	/* parameters of one order line */
#define IMPORT_ISSUES_KEPT	10000	/* row issues of one kind kept */
#define IMPORT_MOBILE_MSG	"not a mobile number: 10 digits starting 6-9, " \
	"optionally after +91, 0091, 91 or 0; spaces, dashes and brackets " \
	"are dropped, any other character (a '.' included) is refused"

/* The prepared statements of the row paths (import_rows.c holds the SQL). */
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
	ST_ORDER_STORED,
	ST_MATCHED,
	ST_COUNT
};

/*
 * The stored lines of the order being read. Files list an order's lines
 * together and their orders by increasing order_id; while a file does:
 * - an order_id above every one stored before the batch has no other lines
 *   than these, so counting its line in the totals needs no lookup;
 * - the batch's lines come in key order once an order's lines are sorted
 *   by sku_id, so its proof is hashed here rather than read back.
 * Once an order_id comes out of order (a file not sorted by it), its proof
 * is read back, and a group is fresh when its order_id has no line in the
 * table nor waiting in the batch (one lookup per order): its lines are then
 * all in the group, as above. An order_id seen before, or an order of more
 * than IMPORT_GROUP_MAX lines, falls back to the lookups per line: slower,
 * the same.
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
	int		 fresh;		/* no line of it outside the group */
	int		 overflow;	/* more lines than the group holds */
	struct strbuf	 arena;		/* the lines' strings, NUL-terminated */
	struct import_group_line line[IMPORT_GROUP_MAX];
	size_t		 n;

	/* The amount scope's evidence: the order's lines in the batch
	 * (before order_total_conflict), and whether all carry amount0. */
	int64_t		 ev_lines, ev_amount0;
	int		 ev_same;
	/* Its lines stored from the group, and their least and greatest
	 * amounts: the evidence of a file out of order (see import_rows). */
	int64_t		 st_lines, st_min, st_max;
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
	/* Once out of order, the evidence is that of the stored lines
	 * (import_evidence_stored); while every line is stored from a
	 * fresh group (slow_stored 0), each order's lines are one group,
	 * so the groups' stored lines give the same counts without reading
	 * the table: smulti and srepeat. */
	int				 slow_stored;
	int64_t				 smulti, srepeat;
	struct import_group		 group;
	struct import_batch		 batch;
	struct proof_orders		*proof;
	int				 has_day;
	int64_t				 dayno;
	int32_t				 day;
	char				 month[8];	/* "YYYY-MM" */
};


/* Count one row issue and store its row while fewer than IMPORT_ISSUES_KEPT
 * of its kind are; kind and reason are static strings. */
int import_issue(struct import_rows *c, size_t line, const char *kind,
    const char *column, const char *reason, const char *message,
    const char *value, char **cause);
/* The row's fields joined by commas, as read (a rejected row's value when
 * the row as a whole is at fault). Caller frees. */
char *import_row_text(const struct reader_row *row);
/* Reject the row for column col of the required ones (-1: the row). */
int import_reject(struct import_rows *c, size_t line, int col,
    const char *reason, const char *message, char **cause);
/* The warnings of a loaded row (repaired text, controls, rules' notes). */
int import_text_warnings(struct import_rows *c, size_t line, char **cause);
/* Map the row's names to the required columns (c->map_error if one lacks). */
void import_map(struct import_rows *c, const struct reader_row *row);
/* Clean the required fields of row into c->f; import_rows_read frees them. */
void import_fields(struct import_rows *c, const struct reader_row *row);

/* One customer row: 0 handled (loaded or rejected), -1 database error. */
int import_customer(struct import_rows *c, const struct reader_row *row,
    char **cause);

/* Orders: the batch insert, the order_id bound and the proof to hash. */
int import_orders_prepare(struct import_rows *c, char **cause);
/* One order line: 0 handled (loaded, duplicate or rejected), -1 error. */
int import_order(struct import_rows *c, const struct reader_row *row,
    char **cause);
/* Write the lines waiting for the one INSERT. */
int import_batch_flush(struct import_rows *c, char **cause);
/* The last order read is whole: hash it into the proof. */
void import_group_close(struct import_rows *c);
/* Stop hashing the proof: it is read back at the end. */
void import_proof_fallback(struct import_rows *c);

#endif
