/*
 * export: the four-eyes export of the report workbook.
 *
 * The protocol, the same for the command line and the screens:
 *   1. export_request: an analyst asks; the core computes what will be
 *      exported (as_of, rows per sheet, the input batches and their file
 *      hashes, the check summary, the audit chain head) and stores a pending
 *      request bound to a hash of all of it (params_hash). The screen shows
 *      the summary.
 *   2. export_approve: another person with the approver role types their
 *      password, by default in their own session (export_pending lists
 *      what waits for them; the requester's side polls
 *      export_load_request). Refused (and audited) for a wrong password
 *      (which counts against lockout), a missing role, the requester
 *      themselves, an expired request, or data that changed since the
 *      request. export_reject is the same decision the other way, under
 *      the same rules; the request is then refused.
 *   3. export_write: only for an approved, unexpired request whose data is
 *      still the same; writes the workbook privately, renames it into
 *      place, records and audits its SHA-256.
 * export_cancel withdraws a request; export_rebuild rebuilds an export and
 * compares its bytes with the recorded SHA-256. Request, approve, write and
 * cancel read their actor's roles again in the transaction that acts
 * (users_require): analyst for all but approve, approver for approve.
 *
 * The workbook shows the snapshot of its as_of day (snapshot.h; taken at the
 * request when the day has none): its customer master version, the order
 * lines of its batches, its stored KPI results and its audit head. It is a
 * function of that snapshot and the two people alone (no clock, no
 * randomness), so the same snapshot exported twice gives the same bytes,
 * and a past export can be rebuilt byte for byte (export_rebuild).
 */
#ifndef KP_EXPORT_H
#define KP_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "export_sheets.h"
#include "hash.h"

struct db;
struct table;

#define EXPORT_AS_OF_DEFAULT	INT32_MIN	/* the day after the last order */

/* The sheets, struct export_summary and its frees are in export_sheets.h. */

struct export_result {
	int64_t		 export_id;
	char		*path;		/* where the workbook is */
	char		 sha256[HASH_HEXLEN + 1];
	int64_t		 bytes;
	int		 exists;	/* refused: the file exists (ask, then
					 * retry with overwrite) */
};

/*
 * Store a pending request by requester (an enabled analyst, already logged
 * in by the caller) for as_of (EXPORT_AS_OF_DEFAULT for the default) at time
 * now, expiring after the approval_minutes setting; audited. Fills *out
 * (free with export_summary_free). -1 and *cause when refused: no orders, a
 * batch still waiting for accept or discard, not an analyst.
 */
int export_request(struct db *db, const char *requester, int32_t as_of,
    int64_t now, struct export_summary *out, char **cause);
/* Load request id into *out (free with export_summary_free). */
int export_load(struct db *db, int64_t id, struct export_summary *out,
    char **cause);
/* Load the stored request id only, without measuring its data (cheap
 * enough to poll): status, people, times, hashes; batches and rows stay
 * empty. Free with export_summary_free. */
int export_load_request(struct db *db, int64_t id, struct export_summary *out,
    char **cause);
/*
 * Approve request id as approver with password (not kept, not logged) at
 * time now. 0 when approved; -1 and *cause saying why and what to do when
 * refused (every refusal is audited) or on a database error.
 */
int export_approve(struct db *db, int64_t id, const char *approver,
    const char *password, int64_t now, char **cause);
/*
 * Reject pending request id as approver with password (not kept, not
 * logged) at time now: the request becomes refused and nothing can be
 * written from it; audited as export.reject. The rules and refusals are
 * export_approve's (password, approver role, not the requester, pending and
 * unexpired), each refusal audited; changed data is no bar to rejecting.
 */
int export_reject(struct db *db, int64_t id, const char *approver,
    const char *password, int64_t now, char **cause);
/*
 * The pending, unexpired requests at now, oldest first, as a table with
 * columns id, as_of, requested_by, requested_at, expires_at (UTC text);
 * with viewer set, those viewer did not make (the ones they may decide).
 * Caller frees *out with table_free; texts are as stored (sanitize to show).
 */
int export_pending(struct db *db, const char *viewer, int64_t now,
    struct table **out, char **cause);
/* How many rows export_pending would give, into *n. */
int export_pending_count(struct db *db, const char *viewer, int64_t now,
    int64_t *n, char **cause);
/* Who rejected request id (export_reject), from the audit log: *who is
 * allocated (caller frees), or NULL when it was not rejected. */
int export_rejected_by(struct db *db, int64_t id, char **who, char **cause);
/*
 * Write the workbook of approved request id at time now: to out_path, or
 * when NULL to <export_dir>/Customer_Order_Report_<as_of>.xlsx (export_dir
 * relative to the database's folder unless absolute, created 0700). Never
 * through a symbolic link; an existing file only when overwrite is set
 * (else res->exists is set). Mode 0600, renamed into place, recorded in
 * exports and audited with its SHA-256. Fills *res (free with
 * export_result_free); -1 and *cause when refused or failed.
 */
int export_write(struct db *db, int64_t id, const char *out_path,
    int overwrite, int64_t now, struct export_result *res, char **cause);
/*
 * The path export_write uses when given none, for a report as of
 * as_of_text: <export_dir>/Customer_Order_Report_<as_of>.xlsx, export_dir
 * (the setting) relative to the database's folder unless absolute. Fills
 * *path and *dir (the folder, not created; caller frees both); -1 and
 * *cause when the setting cannot be read.
 */
int export_default_path(struct db *db, const char *as_of_text, char **path,
    char **dir, char **cause);
/* export_write for actor, refused (and audited) unless actor made the
 * request: only the requester writes what was approved for them. */
int export_write_as(struct db *db, int64_t id, const char *actor,
    const char *out_path, int overwrite, int64_t now,
    struct export_result *res, char **cause);
/* Free what export_write filled in. */
void export_result_free(struct export_result *res);
/* Withdraw a pending or approved request; only its requester, an enabled
 * analyst now, may. Audited. */
int export_cancel(struct db *db, int64_t id, const char *actor,
    char **cause);
/*
 * Rebuild export export_id from its request and snapshot in a private
 * temporary folder and compare its SHA-256 with the recorded one: *same is
 * 1 when the bytes are identical. When it differs, *why (allocated) says
 * what no longer matches. With out_path, the rebuilt workbook is also
 * placed there (0600, never over a file or through a symbolic link) and
 * res->path, sha256 and bytes are filled (free with export_result_free).
 * Writes nothing to the database.
 */
int export_rebuild(struct db *db, int64_t export_id, const char *out_path,
    struct export_result *res, int *same, char **why, char **cause);
/* Export want of day ("YYYY-MM-DD"), or with want 0 the day's latest, into
 * *id; -1 and *cause when there is none. */
int export_of_day(struct db *db, const char *day, int64_t want, int64_t *id,
    char **cause);

#endif
