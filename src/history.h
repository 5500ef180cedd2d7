/* history: what auditors read from snapshots - verification, the stored KPI
 * results, the difference between two days, and the notebook-style files. */
#ifndef KP_HISTORY_H
#define KP_HISTORY_H

struct db;
struct strbuf;

/*
 * Verify day (or every snapshot when day is NULL): the content hash, the
 * proofs of the batches it rests on, the audit chain and the head the
 * snapshot recorded, and - when no batch was committed since - the KPIs
 * recomputed now. Appends one line per finding to report; *ok is 0 when
 * anything changed.
 */
int history_verify(struct db *db, const char *day, struct strbuf *report,
    int *ok, char **cause);
/* A stored KPI result: its JSON (DESIGN section 4), or display-safe rows
 * (tab-separated, the first line the column names). Caller frees *out. */
int history_kpi(struct db *db, const char *day, const char *kpi, int json,
    char **out, char **cause);
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
