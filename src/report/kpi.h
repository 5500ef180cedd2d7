/*
 * kpi: the KPIs of doc/DESIGN.md section 2, as a table of definitions (one row
 * per KPI in kpi_def.c, read by every consumer) run as SQL over the
 * import-time totals (never a scan of every line), plus the
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

#define KPI_MAX		9	/* KPIs at most: the dashboard's keys 1-9
				 * pick a tab; the export keeps room for
				 * each KPI's sheet (export.h) */

/* How a chart draws a KPI's table. */
enum kpi_chart_kind {
	KPI_CHART_NONE,		/* no chart */
	KPI_CHART_HBAR,		/* horizontal bars: a ranking */
	KPI_CHART_COLUMN,	/* columns: a trend */
	KPI_CHART_LINE		/* a line (the workbook's charts only) */
};

/* Which rows a reader wants of a KPI. */
enum kpi_row_policy {
	KPI_ROWS_ALL,		/* a series (days, months): read it whole */
	KPI_ROWS_RANKING	/* a ranking: screens read the first rows */
};

/* The terminal chart (kpi_chart, for the CLI's --chart and the screens). */
struct kpi_chart_spec {
	enum kpi_chart_kind kind;	/* bars (the first KPI_CHART_BARS
					 * rows) or columns */
	const char	*label;		/* the column of the labels */
	const char	*value;		/* the column of the values */
};

/* The workbook's native chart beside the KPI's sheet (export_book). */
struct kpi_book_chart {
	enum kpi_chart_kind kind;	/* KPI_CHART_NONE: no chart */
	const char	*title;
	const char	*label;		/* the column of the categories */
	const char	*value;		/* the values, and the series' name */
	int64_t		 rows;		/* the first rows charted; -1: all */
};

/* One KPI: its names, where it shows, how it is charted and built. */
struct kpi_def {
	const char	*name;		/* CLI, JSON, snapshots:
					 * "repeat-customers" */
	const char	*title;		/* headings, wide tabs:
					 * "Repeat customers" */
	const char	*tab;		/* narrow tabs: "Repeat" */
	const char	*help;		/* in help sentences:
					 * "repeat customers" */
	const char	*sheet;		/* the workbook's sheet (at most 28
					 * bytes): "KPI_Repeat_Customers" */
	int		 has_period;	/* the period choice applies */
	enum kpi_row_policy rows;
	struct kpi_chart_spec chart;
	struct kpi_book_chart book;
	/* The columns, ended by a NULL name: the contract's, then extras. */
	const struct table_colspec *cols;
	/* Fill t (its columns added, no rows) from the totals; -1 and
	 * *cause on error. */
	int		(*run)(struct db *, const struct kpi_params *,
			    struct table *, char **);
	/* The same table from a snapshot's lines (kpi_run_lines). */
	int		(*run_lines)(struct db *, const struct kpi_lines *,
			    struct table *, char **);
};

/* The number of KPIs, in the order of doc/DESIGN.md section 2 (kpi_def.c). */
size_t kpi_count(void);
/* The i-th KPI definition, or NULL past the last. */
const struct kpi_def *kpi_at(size_t i);
/* An empty table with k's columns. Caller frees with table_free. */
struct table *kpi_new_table(const struct kpi_def *k);
/* The KPI called name, or NULL. */
const struct kpi_def *kpi_find(const char *name);
/* The KPIs' names, "repeat-customers, daily-trend, ...", for usage and
 * error texts. Caller frees. */
char *kpi_names(void);
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
