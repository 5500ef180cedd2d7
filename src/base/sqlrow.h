/* sqlrow: reading a column of a result row of SQLite. */
#ifndef KP_SQLROW_H
#define KP_SQLROW_H

#include <sqlite3.h>

/* Column i of st's current row as text, "" for NULL (never NULL); valid
 * until the next step, reset or finalize of st. */
const char *sqlrow_text(sqlite3_stmt *st, int i);

#endif
