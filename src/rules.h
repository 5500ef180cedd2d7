/*
 * rules: the data rules of DESIGN.md section 2, in one place.
 *
 * Inputs are fields already passed through text_clean (valid UTF-8, trimmed);
 * nothing here trims again except where the rule says so.  Choices made where
 * the design is silent:
 * - column names: leading and trailing '_' are kept ("_id_" stays "_id_"); only
 *   ASCII whitespace counts as a space (U+00A0 and other non-ASCII are dropped
 *   like any character outside [a-z0-9_]); a name can end up "".
 * - mobiles: only U+0020 is a space; '+' is allowed only as the first character
 *   and only as "+91" followed by 10 digits.
 * - money: digits, then optionally '.' and one or two digits; ".5", "5.",
 *   "+5", "1,000" and "1e3" are rejected; leading zeros are fine.
 * - counts: digits only, leading zeros fine, 1 to INT64_MAX.
 * - regions: words are split on whitespace only ("north-east" is
 *   "North-east"); the first character of a word is upper-cased if it is an
 *   ASCII letter, the other ASCII letters lower-cased.
 */
#ifndef KP_RULES_H
#define KP_RULES_H

#include <stddef.h>
#include <stdint.h>

/* Required columns, normalized, in the order of the design. */
extern const char *const rules_customer_columns[];
#define RULES_CUSTOMER_NCOLS	4
extern const char *const rules_order_columns[];
#define RULES_ORDER_NCOLS	6

#define RULES_REGION_UNKNOWN	"(unknown)"	/* empty region */
#define RULES_REGION_UNMATCHED	"(unmatched)"	/* order without customer */
/* Default share of rejected rows (percent) above which a file fails. */
#define RULES_REJECT_PERCENT	5
#define RULES_MOBILE_LEN	10

/* Normalize a column name (trim, lower-case, spaces to '_'). Caller frees. */
char *rules_column_name(const char *raw);

/*
 * Find each of the nreq required (normalized) columns among the nfound raw
 * header names; index[i] receives the position of required[i].  On a missing
 * or repeated required column return -1 with a message naming it and the
 * columns found in *cause (caller frees).
 */
int rules_columns_find(const char *const *required, size_t nreq,
    const char *const *found, size_t nfound, int *index, char **cause);

/*
 * Normalize a mobile number into out (10 digits and a NUL); return -1 and
 * leave out untouched when it is not valid.
 */
int rules_mobile(const char *raw, char out[RULES_MOBILE_LEN + 1]);

/* Parse an amount >= 0 with at most 2 decimals into minor units; -1 if not. */
int rules_money(const char *raw, int64_t *minor);

/* Parse an integer count >= 1 (sku_count); -1 if not. */
int rules_count(const char *raw, int64_t *out);

/*
 * Normalize a region (collapse whitespace, trim, title-case); an empty one
 * becomes "(unknown)" and sets *was_empty (may be NULL).  Caller frees.
 */
char *rules_region(const char *raw, int *was_empty);

/* Format minor units as "7450.00" or "-12.05" into buf (truncated to len). */
void rules_money_format(int64_t minor, char *buf, size_t len);

/*
 * Amount scope: how a batch reads total_amount. RULES_SCOPE_LINE: each
 * line's own amount; RULES_SCOPE_ORDER: the order's total, repeated on each
 * of its lines and counted once; RULES_SCOPE_AUTO: decided from the batch
 * (rules_scope_decide).
 */
enum rules_scope {
	RULES_SCOPE_AUTO,
	RULES_SCOPE_LINE,
	RULES_SCOPE_ORDER
};

/* Parse "auto", "line" or "order"; -1 if none. */
int rules_amount_scope(const char *s);
/* "auto", "line" or "order". */
const char *rules_scope_name(enum rules_scope scope);
/*
 * The auto rule, from the batch's multi-line orders (multi: orders with
 * two or more accepted lines) and how many of them repeat one amount on
 * every line (repeat): line when multi is 0 or repeat <= multi / 2, order
 * when every one repeats, else RULES_SCOPE_AUTO: undecidable.
 */
enum rules_scope rules_scope_decide(int64_t multi, int64_t repeat);

#endif
