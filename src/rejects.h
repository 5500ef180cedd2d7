/* rejects: write a batch's rejected rows (and dropped duplicates) as CSV. */
#ifndef KP_REJECTS_H
#define KP_REJECTS_H

#include <stdint.h>

struct db;

/*
 * Write the rejected and duplicate rows of batch to path (mode 0600, never
 * through a symbolic link) with the columns line, kind, column, reason,
 * message, value. Values are the sanitized copies; a value starting with
 * = + - @ gets a leading ' so that a spreadsheet shows it as text. Returns
 * the number of rows written, or -1 and *cause.
 */
int64_t rejects_write_csv(struct db *db, int64_t batch, const char *path,
    char **cause);

#endif
