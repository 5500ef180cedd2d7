/*
 * fuzz_text: the text path on arbitrary bytes. text_clean always gives
 * valid UTF-8 without NUL; text_display's output is printable ASCII (ASCII
 * mode) or valid UTF-8 without any control, C1, bidi or zero-width code
 * point (UTF-8 mode); text_fit stays within its cells.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xmem.h"

/* Abort unless s is valid UTF-8; with display set, also unless safe. */
static void
fuzz_check(const char *s, int display)
{
	size_t off = 0, len = strlen(s), n;
	uint32_t cp;
	int valid;

	while (off < len) {
		n = text_decode(s + off, len - off, &cp, &valid);
		if (!valid)
			abort();
		if (display && (cp < 0x20 || cp == 0x7f || text_is_hidden(cp)))
			abort();
		off += n;
	}
}

static void
fuzz_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s < 0x20 || *s >= 0x7f)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw, *clean, *d, *fit;
	unsigned flags;
	int cells;

	clean = text_clean((const char *)data, size, &flags);
	if (strlen(clean) > size * 3 + 3)	/* U+FFFD per bad byte at most */
		abort();
	fuzz_check(clean, 0);
	raw = xmalloc(size + 1);
	memcpy(raw, data, size);
	raw[size] = '\0';
	cells = size > 0 ? data[0] % 40 - 2 : 5;

	d = text_display(raw, 1);
	fuzz_check(d, 1);
	fit = text_fit(d, cells);
	fuzz_check(fit, 1);
	if (text_width(fit) > (cells < 0 ? 0 : cells))
		abort();
	free(fit);
	free(d);
	d = text_display(raw, 0);
	fuzz_ascii(d);
	free(d);
	d = text_display(clean, 1);
	fuzz_check(d, 1);
	free(d);
	(void)text_width(raw);
	fit = text_fit(raw, cells);
	free(fit);

	free(raw);
	free(clean);
	return 0;
}
