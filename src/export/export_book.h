/*
 * export_book: what an export holds and the workbook itself, for export.c
 * only: the inputs in play and the rows of each sheet (measure), and the
 * sheets of doc/DESIGN.md section 4 written through xlsx.c (write).
 */
#ifndef KP_EXPORT_BOOK_H
#define KP_EXPORT_BOOK_H

struct db;
struct export_summary;

/*
 * Fill the data part of s for s->as_of from the day's snapshot (s->snap,
 * which must exist): the batches in play (the snapshot's customer master
 * and its order batches with lines before as_of), the rows of each sheet,
 * the check summary, the order lines and revenue before as_of. The KPI
 * sheets' rows only when kpis is set (-1 otherwise). Replaces what s held
 * there. -1 and *cause on error.
 */
int export_book_measure(struct db *db, struct export_summary *s, int kpis,
    char **cause);
/*
 * Write the workbook of request s (measured, with both people) to
 * path, an existing private file, with temporary files in tmpdir. The rows
 * written must match s->rows (where known), else the data changed under the
 * writer and it fails. -1 and *cause on error; the caller removes path.
 */
int export_book_write(struct db *db, const struct export_summary *s,
    const char *path, const char *tmpdir, char **cause);

#endif
