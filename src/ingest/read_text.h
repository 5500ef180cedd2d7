/*
 * read_text: streaming conversion of a text file's bytes into UTF-8 (iconv),
 * for the CSV reader: UTF-16 found by its BOM, and the legacy encodings an
 * analyst may name (windows-1252, iso-8859-1).
 *
 * Call protocol, like iconv(3):
 *   t = read_text_create(name, &cause)
 *   repeat: read_text_decode(t, &in, &inlen, &out, &outlen, final)
 *           READ_TEXT_OUTPUT: the output is full, take it and call again;
 *           READ_TEXT_INPUT: the input is used up, but for an incomplete
 *           character at its end (at most 3 bytes), which the caller keeps
 *           and passes again in front of the next bytes; final (no more
 *           input) turns that character into U+FFFD too.
 *   read_text_free(t)
 *
 * Input that cannot be converted (0x81 in windows-1252, a lone UTF-16
 * surrogate) never stops the file: each code unit of it becomes U+FFFD, so
 * the rules warn about the row instead of refusing the file.
 */
#ifndef KP_READ_TEXT_H
#define KP_READ_TEXT_H

#include <stddef.h>

/* The legacy encodings, for messages. */
#define READ_TEXT_LEGACY_NAMES \
	"windows-1252 (or cp1252) and iso-8859-1 (or latin1)"

enum read_text_stop {
	READ_TEXT_INPUT,	/* the input is used up (see above) */
	READ_TEXT_OUTPUT	/* no room in the output for the next character */
};

struct read_text;

/* The canonical name ("windows-1252", "iso-8859-1") of a legacy encoding
 * named by the user, case-insensitive, aliases included; NULL if unknown. */
const char *read_text_legacy(const char *name);
/* Start converting into UTF-8 from name: a canonical legacy name, "UTF-16LE"
 * or "UTF-16BE" (no BOM in the input). NULL and *cause (caller frees) if it
 * is unknown or iconv cannot. Free with read_text_free. */
struct read_text *read_text_create(const char *name, char **cause);
/* Convert from *in into *out, advancing both and decreasing both lengths;
 * says what stopped it. */
enum read_text_stop read_text_decode(struct read_text *t, char **in,
    size_t *inlen, char **out, size_t *outlen, int final);
/* Free t; NULL is fine. */
void read_text_free(struct read_text *t);

#endif
