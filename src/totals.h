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

struct totals_acc {
	struct smap	days;		/* "day number": orders, lines, revenue */
	struct smap	months;		/* "YYYY-MM": orders, revenue */
	struct smap	customers;	/* mobile: orders, revenue */
};

/* Start an empty accumulator. */
void totals_acc_init(struct totals_acc *acc);
/* Free what the accumulator holds. */
void totals_acc_free(struct totals_acc *acc);
/* Count one stored line of day (in month, "YYYY-MM"); new_* say whether its
 * order is new to its day, its month and its customer. */
void totals_acc_line(struct totals_acc *acc, int32_t day, const char *month,
    const char *mobile, int64_t amount, int new_day, int new_month,
    int new_customer);
/* Add the accumulated counts to the tables (in the caller's transaction). */
int totals_acc_flush(struct db *db, const struct totals_acc *acc,
    char **cause);
/* Take a batch's lines out of the totals; call before deleting them. */
int totals_remove(struct db *db, int64_t batch, char **cause);
/* Recompute every aggregate from order_lines (repair and tests). */
int totals_rebuild(struct db *db, char **cause);

#endif
