/*
 * import: one file (or SQL source) becomes one batch: reader -> rules ->
 * prepared inserts, all in one transaction. Rejected rows, dropped duplicates
 * and warnings are kept in row_issues; the check report is stored with the
 * batch. A cancelled or failed import leaves nothing but, for a batch over the
 * reject threshold, a 'discarded' batch record with its row issues.
 */
#ifndef KP_IMPORT_H
#define KP_IMPORT_H

#include <stdint.h>

#include "hash.h"

struct db;
struct reader_fmt;

enum import_kind {
	IMPORT_CUSTOMERS,
	IMPORT_ORDERS
};

struct import_progress {
	int64_t		rows;		/* records read so far */
	uint64_t	bytes;		/* input bytes consumed */
	uint64_t	total;		/* input size (0 if unknown) */
	double		elapsed;	/* seconds since the start */
};

struct import_opts {
	enum import_kind kind;
	const char	*path;		/* the file ("-": orders, XML, on
					   standard input); for SQL, the
					   source: a URI or an SQLite path
					   (reader.h) */
	const char	*query;		/* orders from SQL: the query, else NULL */
	const char	*source_password_file; /* SQL: the server's
					   password, in a 0600 file */
	const char	*actor;		/* the logged-in user */
	int		 accept_rejects;	/* commit even over the threshold */
	const char	*amount_scope;	/* "auto", "line", "order"; NULL: the
					   setting amount_scope */
	const char	*source_tz;	/* zone of times without an offset;
					   NULL: the data time zone */
	const char	*sheet;		/* XLSX: the sheet to read */
	const char	*encoding;	/* CSV: a legacy encoding */
	int		 keep_pending;	/* leave the batch 'pending' (TUI accepts later) */
	const char	*rejects;	/* write the rejected rows there as CSV */
	/* Threads: 1 reads serially; 2 or more parse an XML file on a
	 * thread of its own while this one applies the rules and writes
	 * (the same batch either way); 0: import_default_jobs(). */
	unsigned	 jobs;
	/* Called every few thousand rows; returning non-zero cancels. */
	int		(*progress)(const struct import_progress *, void *);
	void		*progress_arg;
};

struct import_reason {
	char		*reason;
	int64_t		 count;
};

struct import_result {
	int64_t		 batch;		/* 0 when nothing was recorded */
	const char	*kind;		/* "customers" or "orders" */
	char		*file;		/* the file's name as given */
	char		 sha256[HASH_HEXLEN + 1];
	/* Row counts: loaded + rejected + duplicates == read; warnings
	 * counts loaded rows with at least one warning. */
	int64_t		 read, loaded, rejected, duplicates, warnings;
	int64_t		 repeat_of;	/* batch with the same SHA-256, or 0 */
	int		 over_threshold;	/* refused for too many rejects */
	int		 scope_undecided;	/* refused: no amount scope */
	const char	*amount_scope;	/* orders: "line" or "order" */
	char		*read_as;	/* how the file was read (sheet, header
					   row, encoding), for the screens */
	char		*refusal_fact;	/* over_threshold, scope_undecided:
					   what was refused,
					   without the command line's way out
					   (--accept-rejects), for the screens
					   that offer their own */
	int64_t		 rejects_written;	/* rows in opts->rejects, or -1 */
	char		*rejects_error;	/* why they could not be written */
	struct import_reason *reasons;	/* rejected_by_reason, by reason */
	size_t		 nreasons;
};

/* Import as opts says and fill *res (free with import_result_free). -1 and
 * *cause when the file is refused, unreadable, empty, cancelled, over the
 * reject threshold or of no decidable amount scope (then
 * res->over_threshold or res->scope_undecided, and res->batch, are set). */
int import_run(struct db *db, const struct import_opts *opts,
    struct import_result *res, char **cause);
/* The extensions a file of kind may have that the upload policy allows,
 * comma-separated in the policy's order ("csv,xlsx"), "-" when none: what
 * the upload screen lists. Caller frees. */
char *import_formats_for(struct db *db, enum import_kind kind);
/* The formats kind may come as, for people ("CSV, XLSX"). Caller frees. */
char *import_formats_label(enum import_kind kind);
/* The format table's row for the file at path, if a file of kind may come
 * in that format; else NULL and *cause naming the kind's formats ("orders
 * come as .xml or .csv"). */
const struct reader_fmt *import_format_of(enum import_kind kind,
    const char *path, char **cause);
/* The upload policy (extension, size limit, name pattern) for the file at
 * path of size bytes: 0 if allowed, else -1 and *cause saying why not. */
int import_policy(struct db *db, const char *path, uint64_t size,
    char **cause);
/* The default of import_opts.jobs: the cores online, at most
 * IMPORT_MAX_JOBS. */
#define IMPORT_MAX_JOBS	8
unsigned import_default_jobs(void);
/* Free what import_run allocated in res. */
void import_result_free(struct import_result *res);
/*
 * import_run, import_accept and import_discard act only for an enabled
 * analyst: the actor's roles are read again in the transaction that acts
 * (users_require), and a refusal leaves nothing.
 */
/* Commit a pending batch (the analyst accepted it); audited. */
int import_accept(struct db *db, int64_t batch, const char *actor, char **cause);
/* Undo a pending batch's rows and mark it discarded; audited. */
int import_discard(struct db *db, int64_t batch, const char *actor, char **cause);

#endif
