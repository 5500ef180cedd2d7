/*
 * csvw: the one CSV writer. Every field is quoted (a '"' inside doubled),
 * fields are separated by ',' and rows end in CRLF (RFC 4180), so a value
 * never needs a reader's guesswork. Two safeties, each a flag, because the
 * files are opened in spreadsheets and shown on terminals:
 * - CSVW_GUARD: a value a spreadsheet could run as a formula (first
 *   character '=', '+', '-' or '@') gets a leading apostrophe; a column of
 *   numbers is written without it (csvw_field_as), so -5 stays a number;
 * - CSVW_ESCAPE: controls, hidden characters and invalid UTF-8 are made
 *   visible (text_escape).
 * CSVW_SAFE is both; `kpidesk kpi --format csv --raw` writes with neither.
 */
#ifndef KP_CSVW_H
#define KP_CSVW_H

#include <stddef.h>
#include <stdio.h>

struct strbuf;

#define CSVW_GUARD	0x1
#define CSVW_ESCAPE	0x2
#define CSVW_SAFE	(CSVW_GUARD | CSVW_ESCAPE)

/* A CSV being written into out (not owned); the row's field count. */
struct csvw {
	struct strbuf	*out;
	unsigned	 flags;
	size_t		 fields;
};

/* Write into out with flags (CSVW_*). */
void csvw_init(struct csvw *w, struct strbuf *out, unsigned flags);
/* Append s as the row's next field (a ',' before all but the first). */
void csvw_field(struct csvw *w, const char *s);
/* The same with flags for this field only (a number column's flags). */
void csvw_field_as(struct csvw *w, const char *s, unsigned flags);
/* End the row (CRLF). */
void csvw_end_row(struct csvw *w);
/* Write what out holds to f and empty it, for a file written row by row;
 * -1 if the write failed (errno set), else 0. */
int csvw_flush(struct csvw *w, FILE *f);

/* Whether s would start a formula in a spreadsheet (CSVW_GUARD's test). */
int csvw_is_formula(const char *s);

#endif
