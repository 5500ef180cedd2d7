/*
 * totals: the aggregates behind the KPIs (day_totals, month_totals,
 * customer_totals), kept exact as batches come and go.
 *
 * An order counts once for a day (month, customer): the first of its lines
 * stored there claims it. The importer accumulates the batch's part in memory
 * (struct totals_acc) as lines stream in and writes it at the end; removing
 * a batch takes away its lines' revenue and the orders that have lines there
 * in no other batch, which keeps the counts right whatever the order of
 * events.
 */
#ifndef KP_TOTALS_H
#define KP_TOTALS_H

#include <stdint.h>

#include "smap.h"

struct db;
struct strbuf;

/*
 * Customers by mobile number. A batch can name every customer, so an entry
 * is small and holds its key, a mobile of 10 digits as a number (0: empty),
 * in one array: no allocation per customer, one cache miss per line.
 */
struct totals_cust {
	uint64_t	mobile;
	int64_t		orders, revenue, lines;
};

struct totals_acc {
	struct smap	days;		/* "day number": orders, lines, revenue */
	struct smap	months;		/* "YYYY-MM": orders, revenue */
	struct totals_cust *cust;	/* open addressing, cap a power of 2 */
	size_t		ncust, capcust;
	struct totals_cust *last;	/* the last line's: an order's lines
					   share a customer */
	struct smap	customers;	/* any other mobile: orders, revenue,
					   lines (none from the importer) */
	/*
	 * The day and the month being counted. Lines mostly come in time
	 * order, so they gather here and reach the maps only when the day
	 * (month) changes, instead of a map lookup per line.
	 */
	int		has_day;
	int32_t		day;
	int64_t		day_v[3];
	char		month[8];	/* "" before the first line */
	int64_t		month_v[2];
};

/* A mobile of exactly 10 ASCII digits as a number (the customers' hash
 * key), else 0. */
uint64_t totals_mobile_key(const char *mobile);
/* Start an empty accumulator. */
void totals_acc_init(struct totals_acc *acc);
/* Free what the accumulator holds. */
void totals_acc_free(struct totals_acc *acc);
/* Count one stored line of day (in month, "YYYY-MM"); new_* say whether its
 * order is new to its day, its month and its customer. */
void totals_acc_line(struct totals_acc *acc, int32_t day, const char *month,
    const char *mobile, int64_t amount, int new_day, int new_month,
    int new_customer);
/* Add revenue to a line already counted (its order's reading changed). */
void totals_acc_revenue(struct totals_acc *acc, int32_t day, const char *month,
    const char *mobile, int64_t amount);
/* Call fn with each customer's mobile and number of lines counted, until
 * it returns non-zero; returns that, else 0. */
int totals_acc_customers(const struct totals_acc *acc,
    int (*fn)(const char *, int64_t, void *), void *arg);
/* Add the accumulated counts to the tables (in the caller's transaction);
 * then no more lines may be counted (totals_acc_customers still works). */
int totals_acc_flush(struct db *db, struct totals_acc *acc, char **cause);
/* Take a batch's lines out of the totals; call before deleting them. */
int totals_remove(struct db *db, int64_t batch, char **cause);
/* Recompute every aggregate from order_lines (repair and tests). */
int totals_rebuild(struct db *db, char **cause);

/*
 * window_totals: each mobile's revenue and lines over the TOTALS_WINDOW_DAYS
 * local days before the default as_of (the day after the latest line's
 * day), the top spenders' window, kept for that one as_of. Recomputed from
 * the window's lines whenever lines come or go: after a batch's totals are
 * flushed (totals_acc_flush does it), after a batch's lines are deleted,
 * and by totals_rebuild. Its rows carry the as_of they hold.
 */
#define TOTALS_WINDOW_DAYS	30	/* top spenders' window (kpi.h) */

/* Rewrite window_totals from the lines of the window before the default
 * as_of (in the caller's transaction); call after deleting lines. */
int totals_window_refresh(struct db *db, char **cause);
/*
 * Fill m (an empty map) from window_totals rows of as_of: key the mobile,
 * v[0] its revenue, v[1] its lines; *n the rows read. No row (*n 0) means
 * the window is not kept for this as_of: recompute it with
 * totals_window_lines.
 */
int totals_window_read(struct db *db, int32_t as_of, struct smap *m,
    size_t *n, char **cause);
/* The same map recomputed from the order lines of [as_of - 30, as_of)
 * (totals_lines.c): what window_totals holds for that as_of. */
int totals_window_lines(struct db *db, int32_t as_of, struct smap *m,
    char **cause);

/*
 * The same aggregates recomputed in memory from order_lines alone, never
 * from the totals tables (totals_lines.c): what the tables must hold, and
 * what a snapshot's KPIs rest on. One pass over the lines in key order (an
 * order's lines are neighbours there, so distinct orders need no sort)
 * fills any number of views, each choosing its lines by a filter.
 */
struct totals_filter {
	int32_t		 as_of;		/* days before it (INT32_MAX: all) */
	int64_t		 last_batch;	/* batches up to it (INT64_MAX: all) */
	int		 committed;	/* committed batches only */
};

struct totals_view {
	struct totals_filter f;
	int32_t		 first_day;	/* days[i] is day first_day + i */
	size_t		 ndays;
	int64_t		(*days)[3];	/* orders, lines, revenue */
	size_t		 nmonths;
	char		(*month)[8];	/* "YYYY-MM", ascending */
	int64_t		(*months)[3];	/* orders, lines, revenue */
	struct smap	 customers;	/* mobile: orders, revenue, lines */
	struct smap	 window;	/* mobile: revenue, lines of the 30
					   days before as_of */
};

/*
 * Fill views[0..n) (each with its f set; the rest is overwritten) in one
 * pass over order_lines. Free each with totals_view_free, also on error.
 * With proofs (an empty map) not NULL, the same pass proves every orders
 * batch as proof_batch does: key the batch id ("12"), ptr its hex proof.
 */
int totals_lines(struct db *db, struct totals_view *views, size_t n,
    struct smap *proofs, char **cause);
/* Free what a view holds (its filter stays). */
void totals_view_free(struct totals_view *v);
/*
 * Compare day_totals, month_totals and customer_totals with v (a view of
 * every line: INT32_MAX, INT64_MAX, not committed-only), and window_totals
 * with the window's lines (totals_window_lines). Appends one line
 * per key that differs, is missing or is extra (at most max per table,
 * then a count) to report, naming the day, month or customer; *ok is 0
 * when anything differs. Customers are named by their id where the current
 * master knows the mobile, and by the mobile masked to its last four
 * digits.
 */
int totals_check(struct db *db, const struct totals_view *v,
    struct strbuf *report, size_t max, int *ok, char **cause);
/* totals_check in two parts, so that v can be freed between them: the
 * day, month and customer totals against v, then window_totals against
 * the lines of the window before the default as_of (read again). */
int totals_check_tables(struct db *db, const struct totals_view *v,
    struct strbuf *report, size_t max, int *ok, char **cause);
int totals_check_window(struct db *db, struct strbuf *report, size_t max,
    int *ok, char **cause);

#endif
