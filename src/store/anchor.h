/*
 * anchor: the audit chain's heads kept outside the database.
 *
 * After each state baseline, export request, approval, export write and
 * snapshot, the line
 * "seq hash time action" naming that audit entry is appended to the anchor
 * file (setting audit_anchor_file; empty means the database path plus
 * ".anchor"), opened 0600 with O_APPEND, O_CREAT and O_NOFOLLOW and fsync'd.
 * A line is written only once its entry is committed: audit_append queues it
 * on the db, and db_commit (or db_close) flushes the queue, writing only the
 * lines whose entry the chain now holds, so a rolled-back entry never
 * reaches the file and every line names an entry that was committed.
 *
 * Before each append, the newest line (read from the end) must still name
 * an entry of the chain with that hash: a cut tail or a rebuilt chain
 * stops every write; so does a missing file once the chain holds an
 * anchored entry, and an anchored entry committed after the newest line
 * (its write failed, or the file was put back from an older copy) until
 * anchor_catch_up adds it. The file is held locked (flock) from just
 * before such a COMMIT until its line is written, and read under a shared
 * lock, so a line still to be written is never taken for a missing one. `audit verify` checks every line. With the setting
 * audit_anchor_syslog at 1 the lines also go to syslog (LOG_AUTHPRIV).
 */
#ifndef KP_ANCHOR_H
#define KP_ANCHOR_H

#include <stdint.h>

struct db;

/* What anchor_verify found. */
struct anchor_check {
	int64_t		 lines;		/* lines checked */
	int64_t		 bad;		/* lines naming a missing or other entry */
	int		 missing;	/* the file does not exist */
	/* Set by the caller for the file kpidesk writes (not an older
	 * copy): also count anchored entries after its newest line. */
	int		 gaps;
	int64_t		 unanchored;	/* such entries found */
	/* Called with each problem (valid only during the call), or NULL. */
	void		(*fn)(const char *problem, void *arg);
	void		*arg;
};

/* The anchor file of db: the setting or the default. Caller frees. */
char *anchor_path(struct db *db);
/* The anchor file the setting's value would name (NULL or empty: the
 * default). Caller frees. */
char *anchor_path_of(struct db *db, const char *value);
/* Whether entries with this action are anchored. */
int anchor_wanted(const char *action);
/* Queue the line of audit entry seq (its hash, ts and action, copied) on db
 * until the entry is committed (see above). Plain values, not the entry,
 * so that anchor stays below audit. */
void anchor_queue(struct db *db, int64_t seq, const char *hash, const char *ts,
    const char *action);
/* Append the queued lines whose entries are committed, fsync, and empty the
 * queue; does nothing inside a transaction. -1 and *cause when the file
 * cannot be written (the lines are dropped). */
int anchor_flush(struct db *db, char **cause);
/* Check that the chain holds the entry the anchor file's last line names.
 * 0 when it does, or when the file is absent or empty and the chain holds
 * no anchored entry; -1 and *cause naming the missing file or the missing
 * or different entry otherwise, or when the file cannot be read. */
int anchor_check_head(struct db *db, char **cause);
/* After a failed anchor write: append to file (NULL: the setting's) the
 * lines of the anchored entries the chain holds after the file's last
 * line, which must still hold; *added says how many. -1 and *cause when
 * the file is missing, its last line does not hold, or it cannot be
 * written. */
int anchor_catch_up(struct db *db, const char *file, int64_t *added,
    char **cause);
/* Before audit_anchor_file is pointed at path: start a new file there
 * with the chain's newest anchored entry, or bring an existing one up to
 * it (anchor_catch_up). -1 and *cause when it cannot be. */
int anchor_seed(struct db *db, const char *path, char **cause);
/* The newest anchored entry's seq in *seq: 1, or 0 (and *seq 0) when the
 * chain has none; -1 and *cause when the log cannot be read. */
int anchor_chain_anchored(struct db *db, int64_t *seq, char **cause);
/* Check every line of path against the chain, filling *check (its fn,
 * arg and gaps set by the caller), under a shared lock of the file. -1
 * and *cause only when the database or the file cannot be read; an absent
 * file sets check->missing. */
int anchor_verify(struct db *db, const char *path, struct anchor_check *check,
    char **cause);

#endif
