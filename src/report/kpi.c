/* kpi: running KPIs (the table is kpi_def.c), periods, the default day. */
#include "kpi.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "datetime.h"
#include "db.h"
#include "strbuf.h"
#include "table.h"
#include "xmem.h"

/* The first day of the month holding day. */
static int32_t
kpi_month_start(int32_t day)
{
	char name[11];
	int32_t start;

	datetime_format_day(day, name);
	memcpy(name + 8, "01", 2);
	if (datetime_parse_day(name, &start) == -1)
		return day;
	return start;
}


char *
kpi_names(void)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	for (i = 0; i < kpi_count(); i++)
		strbuf_printf(&sb, "%s%s", i > 0 ? ", " : "", kpi_at(i)->name);
	return strbuf_detach(&sb);
}

int
kpi_default_as_of(struct db *db, int32_t *as_of, char **cause)
{
	int64_t last, n;

	if (db_query_ints(db, "SELECT max(day), count(*) FROM day_totals", 0,
	    0, &last, &n, cause) == -1)
		return -1;
	if (n == 0) {
		*cause = xstrdup("no orders loaded yet: import orders first, "
		    "or give --as-of DAY");
		return -1;
	}
	*as_of = (int32_t)last + 1;
	return 0;
}

int
kpi_amount_scope(struct db *db, char *buf, size_t len, char **cause)
{
	int64_t lines, totals;

	if (db_query_ints(db, "SELECT coalesce(sum(amount_scope = 'line'), 0), "
	    "coalesce(sum(amount_scope = 'order'), 0) FROM batches WHERE "
	    "kind = 'orders' AND status = 'committed'", 0, 0, &lines, &totals,
	    cause) == -1)
		return -1;
	snprintf(buf, len, "%s%s%s", lines > 0 ? "line amounts" : "",
	    lines > 0 && totals > 0 ? " and " : "",
	    totals > 0 ? "order totals" : "");
	return 0;
}

int
kpi_run(struct db *db, const struct kpi_def *k, const struct kpi_params *p,
    struct table **out, char **cause)
{
	struct table *t = kpi_new_table(k);
	/* One read transaction: every number comes from the same moment
	 * (the caller's, when it holds one for several KPIs). */
	int own = sqlite3_get_autocommit(db->h);

	if (own && db_exec(db, "BEGIN", cause) == -1) {
		table_free(t);
		return -1;
	}
	if (k->run(db, p, t, cause) == -1) {
		if (own)
			db_rollback(db);
		table_free(t);
		return -1;
	}
	if (own)
		db_rollback(db);
	*out = t;
	return 0;
}

const char *
kpi_period_name(enum kpi_period p)
{
	static const char *const names[] = { "all", "day", "mtd", "30d" };

	return names[p];
}

int32_t
kpi_period_start(enum kpi_period p, int32_t as_of)
{
	switch (p) {
	case KPI_LATEST_DAY:
		return as_of - 1;
	case KPI_MONTH_TO_DATE:
		return kpi_month_start(as_of - 1);
	case KPI_30_DAYS:
		return as_of - 30;
	case KPI_ALL:
		break;
	}
	return INT32_MIN;
}
