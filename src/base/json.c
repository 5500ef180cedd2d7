/* json: writing JSON text safely (strings escaped, no raw controls). */
#include "json.h"

#include <stdint.h>
#include <string.h>

#include "text.h"

void
json_str(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s), used;
	uint32_t cp;
	int valid;

	strbuf_putc(sb, '"');
	while (len > 0) {
		/* A run of printable ASCII other than '"' and '\\' is written
		 * as it is, in one copy (KPI tables of 100k rows). */
		for (used = 0; used < len && (unsigned char)s[used] >= 0x20 &&
		    (unsigned char)s[used] < 0x7f && s[used] != '"' &&
		    s[used] != '\\'; used++)
			;
		if (used > 0) {
			strbuf_add(sb, s, used);
			s += used;
			len -= used;
			continue;
		}
		used = text_decode(s, len, &cp, &valid);
		if (!valid)
			strbuf_puts(sb, "\\ufffd");
		else if (cp == '"' || cp == '\\') {
			strbuf_putc(sb, '\\');
			strbuf_putc(sb, (char)cp);
		} else if (cp < 0x20 || cp == 0x7f || text_is_hidden(cp)) {
			if (cp > 0xffff)
				strbuf_puts(sb, "\\ufffd");
			else
				strbuf_printf(sb, "\\u%04x", (unsigned)cp);
		} else
			strbuf_add(sb, s, used);
		s += used;
		len -= used;
	}
	strbuf_putc(sb, '"');
}
