/*
 * checks: the sanity-check report of a batch, one line per check with
 * PASS / WARN / FAIL, a count, a detail and a few sample rows. Built once at
 * import from the batch, its row issues and cross queries, then stored.
 */
#ifndef KP_CHECKS_H
#define KP_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct db;
struct table;

/* What the importer knows that the database does not. */
struct checks_input {
	uint64_t	 size;
	int64_t		 repeat_of;
	struct strbuf	 unknown;	/* unknown column names, comma-separated */
	int64_t		 nunknown;
	struct strbuf	 dups;		/* repeated column names */
	int64_t		 ndups;
	int		 over_threshold;
	int64_t		 threshold_pct;
	/* Orders: the batch's lines whose mobile matches no current
	 * customer, when the importer counted them (has_unmatched); else
	 * the check counts them in the table. */
	int		 has_unmatched;
	int64_t		 unmatched;
	/* Orders: the amount scope read (RULES_SCOPE_AUTO: the auto rule
	 * could not decide), whether it was asked for, its evidence, and
	 * the sentence the report and the workbook show. */
	/* Customers: orders (of how many customers) this master leaves
	 * without the customer they had, of the orders matched before, and
	 * whether that is over the reject share. */
	/* Files: how the file was read, title rows skipped above the
	 * header, and for a CSV whether an --encoding was given. */
	char		 read_as[256];
	/* An SQL source: what it was, and its connection. */
	int		 is_sql;
	int		 sql_encrypted;
	int		 sql_local;
	char		 sql_source[512];
	char		 sql_tls[128];	/* protocol and cipher, or "" */
	int64_t		 title_rows;
	int		 is_csv;
	int		 encoding_given;
	int		 has_lost;
	int64_t		 lost_orders, lost_customers, matched_orders;
	int		 lost_over;
	int		 has_scope;
	int		 scope;
	int		 scope_asked;
	int64_t		 scope_multi, scope_repeat;
	char		 scope_text[160];
};

/* The amount scope's sentence of in: "amount scope: order, 298 of 298
 * multi-line orders repeat their total". */
void checks_scope_text(const struct checks_input *in, char *buf, size_t len);

struct checks_item {
	char		*category;	/* file, schema, row, cross */
	char		*name;
	char		*status;	/* PASS, WARN, FAIL */
	int64_t		 count;
	char		*detail;
	char		*samples;	/* "line N: value" lines, '\n'-separated */
};

/* Record a column name that is not required (or repeated, when duplicate). */
void checks_note_column(struct checks_input *in, const char *name,
    int duplicate);
/* Free what checks_note_column gathered. */
void checks_input_free(struct checks_input *in);
/* Compute and store the checks of batch (inside the import transaction). */
int checks_build(struct db *db, int64_t batch, const struct checks_input *in,
    char **cause);
/* Load the stored checks of batch. Caller frees with checks_free. */
int checks_load(struct db *db, int64_t batch, struct checks_item **items,
    size_t *n, char **cause);
/* Free a list from checks_load. */
void checks_free(struct checks_item *items, size_t n);
/* The newest batch id (0 when none); -1 and *cause on error. */
int64_t checks_latest_batch(struct db *db, char **cause);

/*
 * For the screens (added with the TUI): what they show about a batch and
 * its rows, so that they never query the database themselves.
 */
struct checks_batch {
	int64_t		 id;
	char		*kind;		/* "customers", "orders" */
	char		*file;		/* as recorded; sanitize to show */
	char		*status;	/* "pending", "committed", "discarded" */
	char		*sha256;
	int64_t		 read, loaded, rejected, duplicates, warnings;
};

/* The newest batch waiting for accept or discard (0 when none); -1 and
 * *cause on error. */
int64_t checks_pending_batch(struct db *db, char **cause);
/* Fill *out with batch's record (free with checks_batch_free). */
int checks_batch_info(struct db *db, int64_t batch, struct checks_batch *out,
    char **cause);
/* Free what checks_batch_info filled in. */
void checks_batch_free(struct checks_batch *b);
/*
 * The rows behind check name of batch, by line, at most limit (-1: all),
 * as a new table with columns line, kind, column ("(whole row)" when the
 * row as a whole is at fault), value, message (what was expected and what
 * was found) and problem (the check's words, not the reason's code).
 * A row check lists its reason's rows, "rejected share under the limit"
 * the rejected rows, "text encoding" the rows repaired to UTF-8; any other
 * check (a file, schema or cross check) has no rows behind it and gives
 * an empty table; NULL lists every row issue. Caller frees *out with
 * table_free.
 */
int checks_issues(struct db *db, int64_t batch, const char *name,
    int64_t limit, struct table **out, char **cause);
/* How many rows checks_issues lists behind it: the count of a row check,
 * of the share check and of the encoding check; 0 for the others, whose
 * count means something else (data rows read, unknown columns...). */
int64_t checks_rows_behind(const struct checks_item *it);
/* The words of a reason code ("mobile numbers are valid" for
 * mobile_invalid), or the code itself when it has none. */
const char *checks_reason_words(const char *reason);

#endif
