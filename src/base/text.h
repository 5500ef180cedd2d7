/*
 * text: the only path from file bytes to anything stored or shown.
 *
 * Invalid UTF-8 is replaced by U+FFFD one "maximal subpart" at a time (the
 * Unicode recommendation: a truncated sequence is one U+FFFD, a byte that can
 * never start or continue a sequence, an overlong form or a surrogate is one
 * U+FFFD per byte).  Nothing here depends on the process locale.
 *
 * "Hidden" code points are the ones a terminal would act on or not show:
 * C1 controls (U+0080-U+009F), bidi controls (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069), zero-width characters (U+200B-U+200D,
 * U+2060, U+FEFF), and the other invisible format characters (U+180E,
 * U+2028, U+2029, U+2061-U+2064, U+206A-U+206F and the reserved U+2065,
 * U+FFF9-U+FFFB, tags U+E0000-U+E007F).
 */
#ifndef KP_TEXT_H
#define KP_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

#define TEXT_REPAIRED	0x1	/* invalid UTF-8 or a NUL byte became U+FFFD */
#define TEXT_CONTROLS	0x2	/* a C0 control, DEL or hidden code point */

/*
 * Clean len bytes of a field from a file: trim leading and trailing
 * whitespace (ASCII and Unicode spaces), replace invalid UTF-8 and NUL bytes
 * by U+FFFD, keep everything else as it came.  *flags (may be NULL) is set to
 * the TEXT_* bits that apply; a tab or newline inside the value counts as a
 * control.  Caller frees.
 */
char *text_clean(const char *s, size_t len, unsigned *flags);

/*
 * Whether len bytes at s are printable ASCII with nothing to trim: then
 * text_clean would return an identical copy and no flags, so a caller may
 * use s as it is (the importer's common case, without an allocation).
 */
int text_is_plain(const char *s, size_t len);

/*
 * Make s safe to draw.  With utf8 set: C0 controls become U+2400 + c (ESC is
 * U+241B), DEL becomes U+2421, hidden code points become an ASCII placeholder
 * "<U+202E>" and invalid UTF-8 becomes U+FFFD.  With utf8 clear the result is
 * printable ASCII: controls as "^[" and "^?", anything else non-ASCII as '?'.
 * Caller frees.
 */
char *text_display(const char *s, int utf8);

/* Terminal cells of a displayable UTF-8 string (wide 2, combining 0). */
int text_width(const char *s);

/*
 * Cut a displayable string to at most cells cells, ending with U+2026 when it
 * was cut; cells <= 0 gives "".  Caller frees.
 */
char *text_fit(const char *s, int cells);

/*
 * Decode one code point from the len > 0 bytes at s into *cp and return the
 * bytes used (1-4); invalid input gives U+FFFD and the length of its maximal
 * subpart, and *valid (may be NULL) says which.
 */
size_t text_decode(const char *s, size_t len, uint32_t *cp, int *valid);

/* Whether cp is whitespace that text_clean trims (ASCII or Unicode). */
int text_is_space(uint32_t cp);

/* Whether cp is a C1, bidi, zero-width or other invisible format code point. */
int text_is_hidden(uint32_t cp);

/* Cells taken by one code point: 0, 1 or 2 (controls count 0). */
int text_cp_width(uint32_t cp);

/*
 * Where the first line of the displayable string p ends when lines hold
 * width cells: at a '\n', or after the last space that fits when the text
 * goes on, or anywhere in a longer word; never p itself unless p starts
 * with '\n' or is empty (a code point wider than the line takes it alone).
 */
const char *text_wrap_end(const char *p, int width);

/* Append s to sb for machine output read on a terminal: a control as ^X
 * (^? for DEL), a hidden character (text_is_hidden) as <U+XXXX>, invalid
 * UTF-8 as U+FFFD; the rest as is. */
void text_escape(struct strbuf *sb, const char *s);

#endif
