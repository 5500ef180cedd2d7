/* json: writing JSON text safely (strings escaped, no raw controls). */
#ifndef KP_JSON_H
#define KP_JSON_H

#include "strbuf.h"

/* Append s as a JSON string: quotes and backslashes escaped, controls,
 * DEL and hidden code points as \uXXXX, invalid UTF-8 as \ufffd. */
void json_str(struct strbuf *sb, const char *s);

#endif
