/* rejects: write a batch's rejected rows (and dropped duplicates) as CSV. */
#ifndef KP_REJECTS_H
#define KP_REJECTS_H

#include <stdint.h>

struct db;

/*
 * Write the rejected and duplicate rows of batch to path (a new file, mode
 * 0600) with the columns line, kind, column, reason,
 * message, value. Values are the sanitized copies; a value starting with
 * = + - @ gets a leading ' so that a spreadsheet shows it as text. Returns
 * the number of rows written, or -1 and *cause.  An existing path is
 * replaced only when it is a regular file owned by the caller (a new 0600
 * file renamed over it); a symbolic link, a FIFO or any other file is
 * refused and never opened.
 */
int64_t rejects_write_csv(struct db *db, int64_t batch, const char *path,
    char **cause);

#endif
