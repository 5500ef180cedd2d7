/* sqlrow: reading a column of a result row of SQLite. */
#include "sqlrow.h"

#include <stddef.h>

const char *
sqlrow_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL ? s : "";
}
