/*
 * kpi: the five KPIs of DESIGN.md section 2, as a table of definitions run
 * as SQL over the import-time totals (never a scan of every line), plus the
 * extras an analyst reads next (month-over-month change, regional share,
 * unusual days). Every KPI sees only orders whose local day is before as_of.
 */
#ifndef KP_KPI_H
#define KP_KPI_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct table;
struct totals_view;
struct kpi_lines;

enum kpi_period {
	KPI_ALL,		/* all history before as_of */
	KPI_LATEST_DAY,		/* the day before as_of */
	KPI_MONTH_TO_DATE,	/* from the 1st of as_of - 1's month */
	KPI_30_DAYS		/* [as_of - 30, as_of) */
};

struct kpi_params {
	int32_t		 as_of;		/* day number, exclusive */
	enum kpi_period	 period;	/* where the KPI allows a choice */
	int64_t		 limit;		/* rows wanted, or -1 for all */
};

struct kpi_def {
	const char	*name;		/* "repeat-customers" */
	const char	*title;		/* "Repeat customers" */
	const char	*sheet;		/* "KPI_Repeat_Customers" */
	int		 has_period;	/* the period choice applies */
	int		(*run)(struct db *, const struct kpi_params *,
			    struct table *, char **);
	int		(*run_lines)(struct db *, const struct kpi_lines *,
			    struct table *, char **);
};

/* The number of KPIs, in the order of DESIGN.md section 2. */
size_t kpi_count(void);
/* The i-th KPI definition. */
const struct kpi_def *kpi_at(size_t i);
/* The KPI called name, or NULL. */
const struct kpi_def *kpi_find(const char *name);
/* The day after the latest order's local day; -1 and *cause if no orders. */
int kpi_default_as_of(struct db *db, int32_t *as_of, char **cause);
/*
 * How the committed orders were read, for the KPI screens' header: "order
 * totals", "line amounts", or both when batches differ ("line amounts and
 * order totals"), "" when no orders. Written into buf (truncated to len).
 */
int kpi_amount_scope(struct db *db, char *buf, size_t len, char **cause);
/* Run a KPI into a new table. Caller frees *out with table_free. */
int kpi_run(struct db *db, const struct kpi_def *k,
    const struct kpi_params *p, struct table **out, char **cause);
/*
 * Run a KPI (period KPI_ALL, no limit) into a new table from v, the order
 * lines as of a snapshot recomputed by totals_lines (v->f.as_of is the
 * as_of), and the customer master as of batch customer_batch (0: none),
 * never from the totals tables: the same table kpi_run gives when the
 * totals are right. Caller frees *out with table_free.
 */
int kpi_run_lines(struct db *db, const struct kpi_def *k,
    const struct totals_view *v, int64_t customer_batch, struct table **out,
    char **cause);
/* A short name for a period ("all", "day", "mtd", "30d"). */
const char *kpi_period_name(enum kpi_period p);
/* The first day of p's window ending before as_of (INT32_MIN for all). */
int32_t kpi_period_start(enum kpi_period p, int32_t as_of);

#endif
