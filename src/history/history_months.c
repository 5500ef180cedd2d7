/* history_months: monthly aggregates built from the daily snapshots (see
 * history.h). */
#include "history.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "snapshot.h"
#include "table.h"
#include "xmem.h"

/* "YYYY-MM" of day number d. */
static void
history_month_of(int32_t d, char out[8])
{
	char day[11];

	datetime_format_day(d, day);
	memcpy(out, day, 7);
	out[7] = '\0';
}

/* The last day of month m ("YYYY-MM"): the day before the next 1st. */
static int32_t
history_month_end(const char *m)
{
	char first[11], next[8];
	int32_t d = 0;

	snprintf(first, sizeof first, "%.7s-01", m);
	if (datetime_parse_day(first, &d) == -1)
		return d;
	history_month_of(d + 31, next);	/* always inside the next month */
	snprintf(first, sizeof first, "%s-01", next);
	if (datetime_parse_day(first, &d) == -1)
		return d;
	return d - 1;
}

/* Add month m to the sorted set months (of *n) unless it is there. */
static void
history_month_add(char (*months)[8], size_t *n, const char *m)
{
	size_t i = 0;

	while (i < *n && strcmp(months[i], m) < 0)
		i++;
	if (i < *n && strcmp(months[i], m) == 0)
		return;
	memmove(months[i + 1], months[i], (*n - i) * sizeof months[0]);
	memcpy(months[i], m, 8);
	(*n)++;
}

/* Orders and revenue of month m in day's stored monthly trend (0, 0 when
 * the month has no row there). */
static int
history_month_row(struct db *db, const char *day, const char *m,
    int64_t *orders, int64_t *revenue, char **cause)
{
	struct table *t;
	size_t r;

	*orders = *revenue = 0;
	if (history_kpi_table(db, day, "monthly-trend", SIZE_MAX, &t, cause) == -1)
		return -1;
	for (r = 0; r < t->nrows; r++) {
		if (strcmp(table_cell(t, r, 0)->text, m) == 0) {
			*orders = t->cols[1].type == TABLE_INT ?
			    table_cell(t, r, 1)->num : 0;
			*revenue = t->cols[2].type == TABLE_MONEY ?
			    table_cell(t, r, 2)->num : 0;
		}
	}
	table_free(t);
	return 0;
}

/* The columns of history_months. */
static const struct table_colspec history_month_cols[] = {
	{ "month", TABLE_TEXT, 0 },
	{ "status", TABLE_TEXT, 0 },
	{ "through", TABLE_TEXT, 0 },
	{ "snapshot", TABLE_TEXT, 0 },
	{ "orders", TABLE_INT, 0 },
	{ "revenue", TABLE_MONEY, 0 },
	{ NULL, TABLE_TEXT, 0 }
};

int
history_months(struct db *db, struct table **out, char **cause)
{
	struct snapshot_info *list = NULL;
	struct table *latest = NULL, *t = NULL;
	char (*months)[8] = NULL, m[8], through[11];
	int32_t *as_of = NULL;
	size_t n = 0, nm = 0, cap, i, k, src, r;
	int64_t orders, revenue;
	int rc = -1, closed;

	if (snapshot_list(db, &list, &n, cause) == -1)
		return -1;
	t = table_create();
	table_add_cols(t, history_month_cols);
	if (n == 0)
		goto done;
	/* The months: those the snapshots report on and those the latest
	 * monthly trend holds. */
	if (history_kpi_table(db, list[n - 1].day, "monthly-trend", SIZE_MAX, &latest,
	    cause) == -1)
		goto out;
	cap = n + latest->nrows;
	months = xcalloc(cap, sizeof *months);
	as_of = xcalloc(n, sizeof *as_of);
	for (i = 0; i < n; i++) {
		if (datetime_parse_day(list[i].day, &as_of[i]) == -1) {
			*cause = xasprintf("snapshot day %s is not a day",
			    list[i].day);
			goto out;
		}
		history_month_of(as_of[i] - 1, m);
		history_month_add(months, &nm, m);
	}
	for (r = 0; r < latest->nrows; r++) {
		if (strlen(table_cell(latest, r, 0)->text) == 7)
			history_month_add(months, &nm,
			    table_cell(latest, r, 0)->text);
	}
	for (k = 0; k < nm; k++) {
		/* The first snapshot as of a later month holds all of the
		 * month; else the latest holds the month to date. */
		for (src = 0; src < n; src++) {
			history_month_of(as_of[src], m);
			if (strcmp(m, months[k]) > 0)
				break;
		}
		if (!(closed = src < n))
			src = n - 1;
		datetime_format_day(closed ? history_month_end(months[k]) :
		    as_of[src] - 1, through);
		if (history_month_row(db, list[src].day, months[k], &orders,
		    &revenue, cause) == -1)
			goto out;
		r = table_add_row(t);
		table_set_text(t, r, 0, months[k]);
		table_set_text(t, r, 1, closed ? "closed" : "to date");
		table_set_text(t, r, 2, through);
		table_set_text(t, r, 3, list[src].day);
		table_set_num(t, r, 4, orders);
		table_set_num(t, r, 5, revenue);
	}
done:
	*out = t;
	t = NULL;
	rc = 0;
out:
	table_free(t);
	table_free(latest);
	free(months);
	free(as_of);
	for (i = 0; i < n; i++)
		snapshot_info_free(&list[i]);
	free(list);
	return rc;
}
