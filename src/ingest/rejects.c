/* rejects: write a batch's rejected rows (and dropped duplicates) as CSV. */
#include "rejects.h"

#include <sys/stat.h>

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

/*
 * Open the CSV for writing: a new file is created 0600 with O_EXCL; an
 * existing one is replaced only when it is a regular file of ours, through
 * a new 0600 temporary file (*tmp, caller frees) renamed over it at the
 * end, so its old mode never survives and a link, a FIFO or a device is
 * never opened.  Returns the stream, or NULL and *cause.
 */
static FILE *
rejects_open(const char *path, char **tmp, char **cause)
{
	struct stat sb;
	FILE *f;
	int fd;

	*tmp = NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC, 0600);
	if (fd == -1 && errno == EEXIST) {
		if (lstat(path, &sb) == -1)
			goto fail;
		if (S_ISLNK(sb.st_mode)) {
			*cause = xasprintf("cannot write %s: it is a symbolic "
			    "link; name a new file", path);
			return NULL;
		}
		if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid()) {
			*cause = xasprintf("cannot write %s: it exists and is "
			    "not a regular file of yours; name a new file",
			    path);
			return NULL;
		}
		*tmp = xasprintf("%s.XXXXXX", path);
		fd = mkostemp(*tmp, O_CLOEXEC);
	}
	if (fd == -1)
		goto fail;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		*cause = xasprintf("cannot write %s: not a regular file", path);
		goto out;
	}
	if (fchmod(fd, 0600) == -1 || (f = fdopen(fd, "w")) == NULL) {
		close(fd);
		goto fail;
	}
	return f;
fail:
	*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
out:
	if (*tmp != NULL) {
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return NULL;
}

int64_t
rejects_write_csv(struct db *db, int64_t batch, const char *path, char **cause)
{
	static const char *const header[] = {
		"line", "kind", "column", "reason", "message", "value"
	};
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	char line[32], *tmp;
	FILE *f;
	size_t i;

	if ((f = rejects_open(path, &tmp, cause)) == NULL)
		return -1;
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
	if (tmp != NULL) {
		if (n != -1 && rename(tmp, path) == -1) {
			*cause = xasprintf("cannot replace %s: %s", path,
			    strerror(errno));
			n = -1;
		}
		if (n == -1)
			unlink(tmp);
		free(tmp);
	}
	return n;
}
