/*
 * rules: the data rules of doc/DESIGN.md section 2 (contract version 3), in one
 * place.
 *
 * Inputs are fields already passed through text_clean (valid UTF-8, trimmed);
 * nothing here trims again.  Where a value can be read one way only it is
 * read and a RULES_NOTE_* bit tells the caller to warn; where it could mean
 * two things it is rejected.  Choices made where the design is silent:
 * - column names: leading and trailing '_' are kept ("_id_" stays "_id_"); only
 *   ASCII whitespace counts as a space (U+00A0 and other non-ASCII are dropped
 *   like any character outside [a-z0-9_]); a name can end up "".
 * - mobiles: the float suffix ('.' and one or more '0' at the very end) is
 *   removed once, before anything else; the characters dropped are U+0020,
 *   U+00A0, '-', U+2010..U+2015, '(' and ')', wherever they are, so
 *   "(+91) 98765 43210" and "+ 91 9876543210" are valid; '+' must be the
 *   first character left and be followed by "91"; exactly one prefix is
 *   dropped ("+91 09876543210" is invalid).
 * - counts: digits, optionally '.' and one or more '0' (how a spreadsheet or
 *   SQLite writes an integral REAL: "2.0"); "2.", ".0" and "2e0" are
 *   rejected; leading zeros are fine; 1 to INT64_MAX.
 * - amounts: digits, then optionally '.' and one or two digits; ".5", "5.",
 *   "+5", "-5", "1e3" are rejected; leading zeros are fine ("05.50") but not
 *   in a grouped number ("0,123" could be a decimal comma).  The currency
 *   mark is case-sensitive ("rs", "inr" are rejected); the one space between
 *   mark and number is U+0020.  A grouping valid both ways ("7,450") is the
 *   same number either way.
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

/*
 * Notes: a value was read, but not as written; the importer warns.  Set by
 * rules_mobile, rules_count and rules_amount in their notes out-parameter.
 */
#define RULES_NOTE_FLOAT_SUFFIX	0x1u	/* mobile "9123456781.0" */
#define RULES_NOTE_DECIMAL	0x2u	/* sku_count "2.0" */
#define RULES_NOTE_CURRENCY	0x4u	/* amount "Rs. 50", "1299 INR" */
#define RULES_NOTE_GROUPING	0x8u	/* amount "1,299", "12,34,567" */

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
 * leave out untouched when it is not valid.  *notes (notes may be NULL)
 * receives RULES_NOTE_FLOAT_SUFFIX when a ".0" was removed, 0 otherwise and
 * on -1.
 */
int rules_mobile(const char *raw, char out[RULES_MOBILE_LEN + 1],
    unsigned *notes);

/*
 * Parse a plain amount >= 0 with at most 2 decimals ("5", "05.50") into
 * minor units; -1 if not, *minor untouched.  No currency mark or grouping:
 * this is the form the program itself writes (stored cells).
 */
int rules_money(const char *raw, int64_t *minor);

/*
 * Parse a total_amount as the contract reads it: a plain amount, with at most
 * one currency mark before or after and thousands separators in a valid
 * Western or Indian grouping.  Return -1 if not, *minor untouched.  *notes
 * (may be NULL) receives RULES_NOTE_CURRENCY and RULES_NOTE_GROUPING as
 * they apply, 0 on -1.
 */
int rules_amount(const char *raw, int64_t *minor, unsigned *notes);

/*
 * Parse an integer count >= 1 (sku_count); -1 if not, *out untouched.
 * *notes (may be NULL) receives RULES_NOTE_DECIMAL for "2.0", 0 otherwise.
 */
int rules_count(const char *raw, int64_t *out, unsigned *notes);

/* The reason code ("amount_currency") and the warning text of one note bit;
 * NULL for a bit that is not a note.  Static strings. */
const char *rules_note_code(unsigned note);
const char *rules_note_text(unsigned note);

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
