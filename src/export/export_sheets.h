/*
 * export_sheets: what an export holds (struct export_summary) and the
 * workbook's sheets, shared by export.c and export_book.c; below both, so
 * the workbook does not include the protocol (export.h, which includes
 * this for its callers).
 */
#ifndef KP_EXPORT_SHEETS_H
#define KP_EXPORT_SHEETS_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "kpi.h"
#include "snapshot.h"

/*
 * The sheets of doc/DESIGN.md section 4. The fixed sheets have their own ids;
 * KPI k's sheet (kpi_at(k)->sheet) is export_sheet_kpi(k), in room kept
 * for KPI_MAX KPIs, so no KPI can take another sheet's slot. The workbook
 * order is export_sheet_at(0 .. export_sheet_count() - 1): Summary, the
 * KPIs in table order, Customers, Current_Day_Orders, Previous_Day_Orders,
 * Checks.
 */
enum export_sheet_id {
	EXPORT_SUMMARY,
	EXPORT_CUSTOMERS,
	EXPORT_CURRENT_DAY,
	EXPORT_PREVIOUS_DAY,
	EXPORT_CHECKS,
	EXPORT_KPI_FIRST,	/* the first KPI's; use export_sheet_kpi */
	EXPORT_SHEET_ROOM = EXPORT_KPI_FIRST + KPI_MAX /* ids, not sheets */
};

struct export_batch {
	int64_t		 id;
	char		*kind;		/* "customers" or "orders" */
	char		*file;		/* as recorded; sanitize to show */
	char		 sha256[HASH_HEXLEN + 1];
	int64_t		 loaded;	/* rows loaded */
	char		 scope[8];	/* orders: "line" or "order", else "" */
	char		*evidence;	/* orders: the amount scope's sentence */
};

/* What a request exports, as the approval screen shows it. */
struct export_summary {
	int64_t		 id;		/* the request; 0 before it is stored */
	int32_t		 as_of;
	char		 as_of_text[11];	/* "YYYY-MM-DD" */
	char		*status;	/* pending, approved, refused, expired,
					 * exported */
	char		*requested_by;
	char		*requested_at;	/* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	char		*approved_by;	/* NULL until approved */
	char		*approved_at;	/* NULL until approved */
	int64_t		 expires_at;	/* epoch seconds */
	char		 params_hash[HASH_HEXLEN + 1];
	int64_t		 audit_seq;	/* the audit chain head at the request */
	char		 audit_hash[HASH_HEXLEN + 1];
	struct export_batch *batches;	/* the input files in play, by id */
	size_t		 nbatches;
	/* Data rows per sheet, by enum export_sheet_id. */
	int64_t		 rows[EXPORT_SHEET_ROOM];
	int64_t		 checks_pass, checks_warn, checks_fail;
	int64_t		 lines, revenue;	/* order lines and revenue
						 * (minor units) before as_of */
	struct snapshot_info snap;	/* the day's snapshot: the workbook
					 * shows it and nothing newer */
};

/* The number of sheets in the workbook: the fixed ones and a KPI's each. */
size_t export_sheet_count(void);
/* The id of the sheet at position pos in the workbook (Summary is 0). */
enum export_sheet_id export_sheet_at(size_t pos);
/* The id of KPI k's sheet (k < kpi_count()). */
enum export_sheet_id export_sheet_kpi(size_t k);
/* The sheet name of id ("Summary", "KPI_Daily_Trend", ...), "" for an id
 * that is no sheet. */
const char *export_sheet_name(enum export_sheet_id id);

/* Free what export_request or export_load (export.h) filled in; *s may be
 * zeroed. */
void export_summary_free(struct export_summary *s);
/* Free s's input files only (they are measured again). */
void export_batches_free(struct export_summary *s);

#endif
