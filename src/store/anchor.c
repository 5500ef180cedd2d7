/* anchor: the audit chain's heads kept outside the database. */
#include "anchor.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "hash.h"
#include "settings.h"
#include "strbuf.h"
#include "xmem.h"

/* The actions whose entries are anchored: the heads that matter most. */
static const char *const anchor_actions[] = {
	"state.baseline",	/* the first: the file exists from then on */
	"export.request",
	"export.approve",
	"export.write",
	"snapshot.take",
};

#define ANCHOR_NACTIONS (sizeof anchor_actions / sizeof anchor_actions[0])

/* A line longer than this is not one kpidesk wrote. */
#define ANCHOR_LINE_MAX	512

/* One parsed line. */
struct anchor_line {
	int64_t		 seq;
	char		 hash[HASH_HEXLEN + 1];
};

/* An anchored audit entry as read back (anchor_newest); all owned. */
struct anchor_entry {
	int64_t		 seq;
	char		*hash;
	char		*ts;
	char		*action;
};

char *
anchor_path_of(struct db *db, const char *value)
{
	const char *slash;

	if (value == NULL || *value == '\0')
		return xasprintf("%s.anchor", db->path);
	if (*value == '/')
		return xstrdup(value);
	/* Relative: beside the database, never the working folder. */
	if ((slash = strrchr(db->path, '/')) == NULL)
		return xstrdup(value);
	return xasprintf("%.*s/%s", (int)(slash - db->path), db->path, value);
}

char *
anchor_path(struct db *db)
{
	char *value = NULL, *cause = NULL, *path;

	if (settings_text(db, SET_AUDIT_ANCHOR_FILE, &value, &cause) == -1) {
		free(cause);
		value = NULL;
	}
	path = anchor_path_of(db, value);
	free(value);
	return path;
}

int
anchor_wanted(const char *action)
{
	size_t i;

	for (i = 0; i < ANCHOR_NACTIONS; i++) {
		if (strcmp(action, anchor_actions[i]) == 0)
			return 1;
	}
	return 0;
}

/* Parse "seq hash ..." at s (up to a newline or NUL); -1 if malformed. */
static int
anchor_parse(const char *s, struct anchor_line *l)
{
	int64_t seq = 0;
	size_t i;

	if (*s < '1' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (seq > (INT64_MAX - 9) / 10)
			return -1;
		seq = seq * 10 + (*s - '0');
	}
	if (*s++ != ' ')
		return -1;
	for (i = 0; i < HASH_HEXLEN; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return -1;
	}
	if (s[i] != ' ')
		return -1;
	l->seq = seq;
	memcpy(l->hash, s, HASH_HEXLEN);
	l->hash[HASH_HEXLEN] = '\0';
	return 0;
}

/* The hash the chain holds for seq: 1 and out, 0 when there is no such
 * entry, -1 and *cause when the database cannot be read. */
static int
anchor_entry_hash(struct db *db, int64_t seq, char out[HASH_HEXLEN + 1],
    char **cause)
{
	sqlite3_stmt *st;
	const char *h;
	int rc;

	if (db_prepare(db, "SELECT hash FROM audit_log WHERE seq = ?1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	if ((rc = db_step_row(db, st, "the audit log", cause)) == 1) {
		h = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, HASH_HEXLEN + 1, "%s", h != NULL ? h : "");
	}
	sqlite3_finalize(st);
	return rc;
}

/* Judge one line against the chain: NULL when it holds, else an allocated
 * problem. -1 in *err when the database cannot be read. */
static char *
anchor_judge(struct db *db, const struct anchor_line *l, const char *path,
    int *err, char **cause)
{
	char hash[HASH_HEXLEN + 1];
	int found;

	*err = 0;
	if ((found = anchor_entry_hash(db, l->seq, hash, cause)) == -1) {
		*err = -1;
		return NULL;
	}
	if (found == 0)
		return xasprintf("entry %lld recorded in the anchor file %s "
		    "is missing: the chain was cut", (long long)l->seq, path);
	if (strcmp(hash, l->hash) != 0)
		return xasprintf("entry %lld's hash differs from the anchor "
		    "file %s: the chain was rebuilt", (long long)l->seq, path);
	return NULL;
}

/* Whether a queued line names an entry the transaction holds: lines of a
 * rolled-back one must not create the file. */
static int
anchor_pending_live(struct db *db)
{
	struct anchor_line l;
	char hash[HASH_HEXLEN + 1], *cause = NULL;
	const char *p, *nl;

	for (p = db->anchor_pending; (nl = strchr(p, '\n')) != NULL;
	    p = nl + 1) {
		if (anchor_parse(p, &l) == 0 &&
		    anchor_entry_hash(db, l.seq, hash, &cause) == 1 &&
		    strcmp(hash, l.hash) == 0)
			return 1;
		free(cause);
		cause = NULL;
	}
	return 0;
}

/* Lock fd (LOCK_SH or LOCK_EX), waiting for it; errors are ignored, as
 * a file that cannot be locked can still be read or written. */
static void
anchor_flock(int fd, int op)
{
	while (flock(fd, op) == -1 && errno == EINTR)
		;
}

/* db->commit_lock: with lines queued, open the anchor file and hold it
 * locked from before the COMMIT until anchor_flush has written them, so
 * that anchor_check_head in another process never sees a committed
 * anchored entry whose line is still to come. A file that cannot be opened
 * is left to anchor_flush to report. */
static void
anchor_commit_lock(struct db *db, int hold)
{
	char *path;

	if (!hold || db->anchor_pending == NULL) {
		if (db->anchor_fd != -1)
			close(db->anchor_fd);
		db->anchor_fd = -1;
		return;
	}
	if (db->anchor_fd != -1 || !anchor_pending_live(db))
		return;
	path = anchor_path(db);
	db->anchor_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	free(path);
	if (db->anchor_fd != -1)
		anchor_flock(db->anchor_fd, LOCK_EX);
}

void
anchor_queue(struct db *db, int64_t seq, const char *hash, const char *ts,
    const char *action)
{
	char *old = db->anchor_pending;

	db->anchor_pending = xasprintf("%s%lld %s %s %s\n",
	    old != NULL ? old : "", (long long)seq, hash, ts, action);
	free(old);
	db->after_commit = anchor_flush;
	db->commit_lock = anchor_commit_lock;
}

/* Write all of buf to the anchor file open on fd and fsync it; closes
 * fd (and so drops its lock). */
static int
anchor_write_fd(int fd, const char *path, const char *buf, size_t len,
    char **cause)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		buf += n;
		len -= (size_t)n;
	}
	if (fsync(fd) == -1)
		goto fail;
	close(fd);
	return 0;
fail:
	*cause = xasprintf("anchor file %s: %s", path, strerror(errno));
	close(fd);
	return -1;
}

/* Write all of buf to a new or existing anchor file and fsync it. */
static int
anchor_write(const char *path, const char *buf, size_t len, char **cause)
{
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		*cause = xasprintf("anchor file %s: %s", path, strerror(errno));
		return -1;
	}
	return anchor_write_fd(fd, path, buf, len, cause);
}

/* Send each line of lines to syslog (LOG_AUTHPRIV), a second copy of the
 * heads kept by another owner. */
static void
anchor_syslog(const char *lines)
{
	const char *p, *nl;

	openlog("kpidesk", LOG_PID, LOG_AUTHPRIV);
	for (p = lines; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		syslog(LOG_NOTICE, "audit anchor %.*s", (int)(nl - p), p);
	closelog();
}

/* Write out to the anchor file, through the fd held since the COMMIT
 * when there is one; the message on failure says what to do. */
static int
anchor_flush_write(struct db *db, const char *path, const char *out,
    char **cause)
{
	char *old;
	int rc, fd = db->anchor_fd;

	db->anchor_fd = -1;	/* anchor_write_fd closes it */
	if (fd != -1)
		rc = anchor_write_fd(fd, path, out, strlen(out), cause);
	else
		rc = anchor_write(path, out, strlen(out), cause);
	if (rc == -1) {
		old = *cause;
		*cause = xasprintf("committed, but its head could not be "
		    "anchored: %s; every write is refused until the line is "
		    "added: make the file writable (space, permissions), then "
		    "run 'kpidesk audit anchor'", old);
		free(old);
	}
	return rc;
}

int
anchor_flush(struct db *db, char **cause)
{
	struct anchor_line l;
	char *pending = db->anchor_pending, *p, *nl, *path, *problem;
	char *out = NULL, *old;
	int err, rc = 0;

	if (pending == NULL || !sqlite3_get_autocommit(db->h)) {
		if (pending == NULL)
			anchor_commit_lock(db, 0);
		return 0;
	}
	db->anchor_pending = NULL;
	/* Keep a line only if the chain holds its entry: one from a
	 * transaction or savepoint that rolled back is dropped. */
	path = anchor_path(db);
	for (p = pending; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		if (anchor_parse(p, &l) == -1)
			continue;
		problem = anchor_judge(db, &l, path, &err, cause);
		if (err == -1) {
			rc = -1;
			goto out;
		}
		if (problem != NULL) {
			free(problem);
			continue;
		}
		old = out;
		out = xasprintf("%s%.*s", old != NULL ? old : "",
		    (int)(nl - p + 1), p);
		free(old);
	}
	if (out != NULL && anchor_flush_write(db, path, out, cause) == -1)
		rc = -1;
	if (out != NULL && settings_bool(db, SET_AUDIT_ANCHOR_SYSLOG))
		anchor_syslog(out);
out:
	anchor_commit_lock(db, 0);
	free(out);
	free(pending);
	free(path);
	return rc;
}

/* Read the last line of the file open on fd into l: 1 when there is one,
 * 0 when the file is empty, -1 and *cause when it cannot be read or the
 * line is malformed. Reads only the tail. */
static int
anchor_last(int fd, const char *path, struct anchor_line *l, char **cause)
{
	char buf[ANCHOR_LINE_MAX + 1], *start;
	struct stat sb;
	off_t off;
	ssize_t n;
	size_t len;

	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("anchor file %s: not a regular file", path);
		return -1;
	}
	if (sb.st_size == 0)
		return 0;
	off = sb.st_size > ANCHOR_LINE_MAX ? sb.st_size - ANCHOR_LINE_MAX : 0;
	if ((n = pread(fd, buf, ANCHOR_LINE_MAX, off)) <= 0) {
		*cause = xasprintf("anchor file %s: %s", path,
		    n == 0 ? "short read" : strerror(errno));
		return -1;
	}
	len = (size_t)n;
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	if (len == 0)
		return 0;
	start = strrchr(buf, '\n');
	start = start != NULL ? start + 1 : buf;
	if ((start == buf && off != 0) || anchor_parse(start, l) == -1) {
		*cause = xasprintf("anchor file %s: its last line is not an "
		    "anchor (seq hash time action)", path);
		return -1;
	}
	return 1;
}

/*
 * Prepare "SELECT seq, hash, ts, action FROM audit_log WHERE <where>action
 * IN (the anchored actions) <order>", the actions bound from ?first on (the
 * caller binds any parameter before). -1 and *cause.
 */
static int
anchor_prepare_entries(struct db *db, const char *where, const char *order,
    size_t first, sqlite3_stmt **st, char **cause)
{
	struct strbuf sb;
	size_t i;
	int rc;

	strbuf_init(&sb);
	strbuf_printf(&sb, "SELECT seq, hash, ts, action FROM audit_log WHERE "
	    "%saction IN (", where);
	for (i = 0; i < ANCHOR_NACTIONS; i++)
		strbuf_printf(&sb, "%s?%zu", i > 0 ? ", " : "", i + first);
	strbuf_printf(&sb, ") %s", order);
	rc = db_prepare(db, strbuf_str(&sb), st, cause);
	strbuf_free(&sb);
	if (rc == -1)
		return -1;
	for (i = 0; i < ANCHOR_NACTIONS; i++)
		sqlite3_bind_text(*st, (int)(i + first), anchor_actions[i], -1,
		    SQLITE_STATIC);
	return 0;
}

/* The newest anchored entry: 1 and *e's seq, hash, ts and action (caller
 * frees them with anchor_entry_free), 0 when the chain has none, -1 and
 * *cause when it cannot be read. */
static int
anchor_newest(struct db *db, struct anchor_entry *e, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (anchor_prepare_entries(db, "", "ORDER BY seq DESC LIMIT 1", 1, &st,
	    cause) == -1)
		return -1;
	memset(e, 0, sizeof *e);
	if ((rc = db_step_row(db, st, "the audit log", cause)) == 1) {
		e->seq = sqlite3_column_int64(st, 0);
		e->hash = xstrdup((const char *)sqlite3_column_text(st, 1));
		e->ts = xstrdup((const char *)sqlite3_column_text(st, 2));
		e->action = xstrdup((const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	return rc;
}

static void
anchor_entry_free(struct anchor_entry *e)
{
	free(e->hash);
	free(e->ts);
	free(e->action);
}

/* Call fn with each anchored entry after seq, oldest first, until it
 * returns non-zero (that value is returned); 0 when they ran out, -1 and
 * *cause when the log cannot be read. */
static int
anchor_after(struct db *db, int64_t seq,
    int (*fn)(const struct anchor_entry *, void *), void *arg, char **cause)
{
	struct anchor_entry e;
	sqlite3_stmt *st;
	int rc;

	if (anchor_prepare_entries(db, "seq > ?1 AND ", "ORDER BY seq", 2, &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	while ((rc = db_step_row(db, st, "the audit log", cause)) == 1) {
		e.seq = sqlite3_column_int64(st, 0);
		e.hash = (char *)sqlite3_column_text(st, 1);
		e.ts = (char *)sqlite3_column_text(st, 2);
		e.action = (char *)sqlite3_column_text(st, 3);
		if (e.hash == NULL || e.ts == NULL || e.action == NULL)
			continue;
		if ((rc = fn(&e, arg)) != 0)
			break;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Whether a line for entry seq waits in db's queue. */
static int
anchor_pending_has(struct db *db, int64_t seq)
{
	struct anchor_line l;
	const char *p, *nl;

	if (db->anchor_pending == NULL)
		return 0;
	for (p = db->anchor_pending; (nl = strchr(p, '\n')) != NULL;
	    p = nl + 1) {
		if (anchor_parse(p, &l) == 0 && l.seq == seq)
			return 1;
	}
	return 0;
}

/* No anchor file at path: fine only while the chain has no anchored entry
 * (the first one creates the file). */
static int
anchor_check_absent(struct db *db, const char *path, char **cause)
{
	struct anchor_entry e;
	int found;

	if ((found = anchor_newest(db, &e, cause)) <= 0)
		return found;
	/* Its line may wait on this connection for the commit. */
	if (anchor_pending_has(db, e.seq)) {
		anchor_entry_free(&e);
		return 0;
	}
	*cause = xasprintf("refusing to add to the audit log: the anchor file "
	    "%s is missing, though the chain holds anchored entries up to %lld "
	    "(%s): restore the file from a backup, or set audit_anchor_file "
	    "to where it is; run 'kpidesk audit verify'", path,
	    (long long)e.seq, e.action);
	anchor_entry_free(&e);
	return -1;
}

int
anchor_seed(struct db *db, const char *path, char **cause)
{
	struct anchor_entry e;
	struct stat sb;
	int64_t added;
	char *line;
	int found, rc;

	/* An existing file: bring it up to the chain's newest head. */
	if (lstat(path, &sb) == 0)
		return anchor_catch_up(db, path, &added, cause);
	if ((found = anchor_newest(db, &e, cause)) <= 0)
		return found;
	line = xasprintf("%lld %s %s %s\n", (long long)e.seq, e.hash, e.ts,
	    e.action);
	rc = anchor_write(path, line, strlen(line), cause);
	free(line);
	anchor_entry_free(&e);
	return rc;
}

int
anchor_chain_anchored(struct db *db, int64_t *seq, char **cause)
{
	struct anchor_entry e;
	int found;

	*seq = 0;
	if ((found = anchor_newest(db, &e, cause)) == 1) {
		*seq = e.seq;
		anchor_entry_free(&e);
	}
	return found;
}

/* What anchor_unanchored_fn found: the first anchored entry after the
 * file's last line whose line does not wait on this connection. */
struct anchor_gap {
	struct db	*db;
	int64_t		 seq;
	char		*action;
};

static int
anchor_unanchored_fn(const struct anchor_entry *e, void *arg)
{
	struct anchor_gap *g = arg;

	if (anchor_pending_has(g->db, e->seq))
		return 0;
	g->seq = e->seq;
	g->action = xstrdup(e->action);
	return 1;
}

/* Refuse when the chain holds an anchored entry after last (the seq of
 * the file's last line, 0 when empty) that the file lacks: a write that
 * failed after its commit, or the file put back from an older copy. The
 * lock anchor_commit_lock takes keeps another process's line, still to be
 * written, from looking like one. */
static int
anchor_check_gap(struct db *db, const char *path, int64_t last, char **cause)
{
	struct anchor_gap g = { db, 0, NULL };
	int rc;

	if ((rc = anchor_after(db, last, anchor_unanchored_fn, &g,
	    cause)) <= 0)
		return rc;
	*cause = xasprintf("refusing to add to the audit log: entry %lld "
	    "(%s) was committed but is not in the anchor file %s (an anchor "
	    "write failed, or the file was put back from an older copy): run "
	    "'kpidesk audit verify', then 'kpidesk audit anchor' to add the "
	    "missing lines", (long long)g.seq, g.action, path);
	free(g.action);
	return -1;
}

int
anchor_check_head(struct db *db, char **cause)
{
	struct anchor_line l;
	char *path, *problem;
	int fd, err, rc = -1;

	path = anchor_path(db);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT)
			rc = anchor_check_absent(db, path, cause);
		else
			*cause = xasprintf("anchor file %s: %s", path,
			    strerror(errno));
		free(path);
		return rc;
	}
	anchor_flock(fd, LOCK_SH);
	switch (anchor_last(fd, path, &l, cause)) {
	case 0:
		rc = anchor_check_gap(db, path, 0, cause);
		break;
	case 1:
		problem = anchor_judge(db, &l, path, &err, cause);
		if (err == -1)
			break;
		if (problem == NULL) {
			rc = anchor_check_gap(db, path, l.seq, cause);
			break;
		}
		*cause = xasprintf("refusing to add to the audit log: %s; "
		    "run 'kpidesk audit verify'", problem);
		free(problem);
		break;
	}
	close(fd);
	free(path);
	return rc;
}

/* anchor_after's callback for anchor_verify: report each entry. */
static int
anchor_verify_gap_fn(const struct anchor_entry *e, void *arg)
{
	struct anchor_check *check = arg;
	char *problem;

	check->unanchored++;
	problem = xasprintf("entry %lld (%s) was committed but is not in the "
	    "anchor file: an anchor write failed, or the file was put back "
	    "from an older copy; 'kpidesk audit anchor' adds it",
	    (long long)e->seq, e->action);
	if (check->fn != NULL)
		check->fn(problem, check->arg);
	free(problem);
	return 0;
}

/* The lines anchor_catch_up writes, built by anchor_catch_up_fn. */
struct anchor_lines {
	struct strbuf	 sb;
	int64_t		 n;
};

static int
anchor_catch_up_fn(const struct anchor_entry *e, void *arg)
{
	struct anchor_lines *al = arg;

	strbuf_printf(&al->sb, "%lld %s %s %s\n", (long long)e->seq, e->hash,
	    e->ts, e->action);
	al->n++;
	return 0;
}

int
anchor_catch_up(struct db *db, const char *file, int64_t *added,
    char **cause)
{
	struct anchor_lines al;
	struct anchor_line l;
	char *path, *problem;
	int fd, err, found, rc = -1;

	*added = 0;
	path = file != NULL ? xstrdup(file) : anchor_path(db);
	fd = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		*cause = xasprintf("anchor file %s: %s: restore it from a "
		    "backup, or set audit_anchor_file to where it is", path,
		    strerror(errno));
		free(path);
		return -1;
	}
	anchor_flock(fd, LOCK_EX);
	l.seq = 0;
	strbuf_init(&al.sb);
	al.n = 0;
	if ((found = anchor_last(fd, path, &l, cause)) == -1)
		goto out;
	if (found == 1) {
		problem = anchor_judge(db, &l, path, &err, cause);
		if (err == -1)
			goto out;
		if (problem != NULL) {
			*cause = xasprintf("%s: run 'kpidesk audit verify'",
			    problem);
			free(problem);
			goto out;
		}
	}
	if (anchor_after(db, l.seq, anchor_catch_up_fn, &al, cause) == -1)
		goto out;
	if (al.n > 0) {
		rc = anchor_write_fd(fd, path, strbuf_str(&al.sb),
		    strlen(strbuf_str(&al.sb)), cause);
		fd = -1;
		if (rc == -1)
			goto out;
	}
	*added = al.n;
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	strbuf_free(&al.sb);
	free(path);
	return rc;
}

int
anchor_verify(struct db *db, const char *path, struct anchor_check *check,
    char **cause)
{
	struct anchor_line l;
	char line[ANCHOR_LINE_MAX + 2], *problem;
	FILE *f;
	int fd, err, rc = 0;
	int64_t newest = 0;
	size_t len;

	check->lines = check->bad = check->unanchored = 0;
	check->missing = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT) {
			check->missing = 1;
			return 0;
		}
		*cause = xasprintf("anchor file %s: %s", path, strerror(errno));
		return -1;
	}
	anchor_flock(fd, LOCK_SH);
	if ((f = fdopen(fd, "r")) == NULL) {
		*cause = xasprintf("anchor file %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		len = strlen(line);
		if (len > 0 && line[len - 1] != '\n' && !feof(f)) {
			*cause = xasprintf("anchor file %s: line %lld is too "
			    "long", path, (long long)check->lines + 1);
			rc = -1;
			break;
		}
		check->lines++;
		if (anchor_parse(line, &l) == -1) {
			problem = xasprintf("line %lld of the anchor file %s "
			    "is not an anchor (seq hash time action)",
			    (long long)check->lines, path);
		} else {
			problem = anchor_judge(db, &l, path, &err, cause);
			if (err == -1) {
				rc = -1;
				break;
			}
			if (l.seq > newest)
				newest = l.seq;
		}
		if (problem != NULL) {
			check->bad++;
			if (check->fn != NULL)
				check->fn(problem, check->arg);
			free(problem);
		}
	}
	if (rc == 0 && ferror(f)) {
		*cause = xasprintf("anchor file %s: read error", path);
		rc = -1;
	}
	/* Heads committed after the newest line, read under the lock. */
	if (rc == 0 && check->gaps && anchor_after(db, newest, anchor_verify_gap_fn, check,
	    cause) == -1)
		rc = -1;
	fclose(f);
	return rc;
}
