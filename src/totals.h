/*
 * totals: the aggregates behind the KPIs (day_totals, month_totals,
 * customer_totals), kept exact as batches come and go.
 *
 * A batch contributes its lines' revenue, and one order to a day (month,
 * customer) for each order_id that has lines there in this batch and in no
 * other batch. Adding at import ("other" = all earlier) and removing at
 * discard ("other" = all the rest) use the same rule, so an order split
 * across batches is counted once whatever the order of events.
 */
#ifndef KP_TOTALS_H
#define KP_TOTALS_H

#include <stdint.h>

struct db;

/* Create (empty) the table of the batch's orders that other batches share. */
int totals_prepare(struct db *db, char **cause);
/* Note, while importing, an order_id that another batch also has. */
int totals_note_shared(struct db *db, const char *order_id, char **cause);
/*
 * Add (sign = 1) or remove (sign = -1) the batch's contribution; call before
 * deleting its lines when removing. With detect, the shared orders are found
 * here; without, the importer noted them while inserting. Runs inside the
 * caller's transaction.
 */
int totals_apply(struct db *db, int64_t batch, int sign, int detect,
    char **cause);
/* Recompute every aggregate from order_lines (repair and tests). */
int totals_rebuild(struct db *db, char **cause);

#endif
