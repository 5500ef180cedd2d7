/* rejects: write a batch's rejected rows (and dropped duplicates) as CSV. */
#include "rejects.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "csvw.h"
#include "db.h"
#include "paths.h"
#include "strbuf.h"
#include "xmem.h"

int64_t
rejects_write_csv(struct db *db, int64_t batch, const char *path, char **cause)
{
	static const char *const header[] = {
		"line", "kind", "column", "reason", "message", "value"
	};
	sqlite3_stmt *st = NULL;
	struct strbuf buf;
	struct csvw w;
	int64_t n = -1;
	char line[32], *tmp;
	FILE *f;
	size_t i;

	if ((f = paths_replace_start(path, &tmp, cause)) == NULL)
		return -1;
	strbuf_init(&buf);
	csvw_init(&w, &buf, CSVW_SAFE);
	if (db_prepare(db, "SELECT line, kind, column_name, reason, message, "
	    "value FROM row_issues WHERE batch_id = ?1 AND kind <> 'warning' "
	    "ORDER BY line, id", &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, batch);
	for (i = 0; i < 6; i++)
		csvw_field(&w, header[i]);
	csvw_end_row(&w);
	n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(line, sizeof line, "%lld",
		    (long long)sqlite3_column_int64(st, 0));
		csvw_field(&w, line);
		for (i = 1; i < 6; i++)
			csvw_field(&w, (const char *)sqlite3_column_text(st,
			    (int)i));
		csvw_end_row(&w);
		/* a failed write shows at fclose */
		(void)csvw_flush(&w, f);
		n++;
	}
	(void)csvw_flush(&w, f);
out:
	sqlite3_finalize(st);
	strbuf_free(&buf);
	if (fclose(f) != 0 && n != -1) {
		*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
		n = -1;
	}
	if (paths_replace_end(path, tmp, n != -1, cause) == -1)
		n = -1;
	return n;
}
