/* history: what auditors read from snapshots - verification, the stored KPI
 * results, the difference between two days, and the notebook-style files. */
#ifndef KP_HISTORY_H
#define KP_HISTORY_H

#include <stddef.h>

struct db;
struct strbuf;
struct table;

/*
 * Verify day (or every snapshot when day is NULL): the content hash, the
 * proofs of the batches it rests on, the audit chain and the head the
 * snapshot recorded, and - when no batch was committed since - the KPIs
 * recomputed now. Appends one line per finding to report; *ok is 0 when
 * anything changed.
 */
int history_verify(struct db *db, const char *day, struct strbuf *report,
    int *ok, char **cause);
/* A stored KPI result: its JSON (doc/DESIGN.md section 4), or display-safe rows
 * (tab-separated, the first line the column names). Caller frees *out. */
int history_kpi(struct db *db, const char *day, const char *kpi, int json,
    char **out, char **cause);
/*
 * A stored KPI result as a new table (caller frees with table_free): the
 * stored display-safe cells, with the count and money columns of doc/DESIGN.md
 * section 4 typed as kpi.c types them so that charts can be drawn from it;
 * a column whose cells do not all parse stays text. Nothing is recomputed.
 * At most max_rows rows (SIZE_MAX: all).
 */
int history_kpi_table(struct db *db, const char *day, const char *kpi,
    size_t max_rows, struct table **out, char **cause);
/*
 * Monthly aggregates built from the daily snapshots, one row per month:
 * month, status ("closed": the first snapshot as of a later month holds
 * all of it; "to date": the latest snapshot holds it through the day before
 * its as_of), through (the last day counted), snapshot (the day whose stored
 * monthly trend gives the figures), orders, revenue. Months are those the
 * snapshots report on and those the latest snapshot's monthly trend holds.
 * Caller frees *out with table_free.
 */
int history_months(struct db *db, struct table **out, char **cause);
/* The exports made from day's snapshot (as_of = day), oldest first, as a
 * new table: id, file, sha256, bytes, requested_by, approved_by, created.
 * Caller frees *out with table_free. */
int history_exports(struct db *db, const char *day, struct table **out,
    char **cause);
/* Append the KPI changes from day1 to day2 to out, one line each. */
int history_diff(struct db *db, const char *day1, const char *day2,
    struct strbuf *out, char **cause);
/* A mobile number masked to its last four digits ("XXXXXX6781"). Caller
 * frees. */
char *history_mask_mobile(const char *mobile);
/*
 * Write the notebook-style folder dir/DAY/: customers.csv (the master the
 * snapshot rests on), orders_current_day.csv (lines of the day before
 * as_of), orders_archive.csv (earlier lines), kpi_<name>.csv, and
 * MANIFEST.sha256 that `sha256sum -c` accepts. Mobiles masked when mask is
 * set. Folders 0700, files 0600; an existing dir/DAY is refused. *outdir
 * (caller frees) is the folder written.
 */
int history_files(struct db *db, const char *day, const char *dir, int mask,
    char **outdir, char **cause);

#endif
