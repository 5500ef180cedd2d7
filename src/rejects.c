/* rejects: write a batch's rejected rows (and dropped duplicates) as CSV. */
#include "rejects.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <sqlite3.h>

#include "db.h"
#include "xmem.h"

/* Write one quoted field (libcsv); a formula-like value gets a leading '. */
static void
rejects_put(FILE *f, const char *s, int last)
{
	char *quoted = NULL;

	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		s = quoted = xasprintf("'%s", s);
	csv_fwrite(f, s, strlen(s));
	fputs(last ? "\r\n" : ",", f);
	free(quoted);
}

int64_t
rejects_write_csv(struct db *db, int64_t batch, const char *path, char **cause)
{
	static const char *const header[] = {
		"line", "kind", "column", "reason", "message", "value"
	};
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	char line[32];
	FILE *f = NULL;
	size_t i;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (db_prepare(db, "SELECT line, kind, column_name, reason, message, "
	    "value FROM row_issues WHERE batch_id = ?1 AND kind <> 'warning' "
	    "ORDER BY line, id", &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, batch);
	for (i = 0; i < 6; i++)
		rejects_put(f, header[i], i == 5);
	n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(line, sizeof line, "%lld",
		    (long long)sqlite3_column_int64(st, 0));
		rejects_put(f, line, 0);
		for (i = 1; i < 6; i++)
			rejects_put(f, (const char *)sqlite3_column_text(st,
			    (int)i), i == 5);
		n++;
	}
out:
	sqlite3_finalize(st);
	if (fclose(f) != 0 && n != -1) {
		*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
		n = -1;
	}
	return n;
}
