/* csvw: the one CSV writer (see csvw.h). */
#include "csvw.h"

#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

void
csvw_init(struct csvw *w, struct strbuf *out, unsigned flags)
{
	w->out = out;
	w->flags = flags;
	w->fields = 0;
}

int
csvw_is_formula(const char *s)
{
	return *s != '\0' && strchr("=+-@", *s) != NULL;
}

/* Append s quoted, doubling '"'. */
static void
csvw_quote(struct strbuf *sb, const char *s)
{
	strbuf_putc(sb, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			strbuf_putc(sb, '"');
		strbuf_putc(sb, *s);
	}
	strbuf_putc(sb, '"');
}

void
csvw_field_as(struct csvw *w, const char *s, unsigned flags)
{
	struct strbuf shown;

	if (w->fields++ > 0)
		strbuf_putc(w->out, ',');
	strbuf_init(&shown);
	if ((flags & CSVW_GUARD) && csvw_is_formula(s))
		strbuf_putc(&shown, '\'');
	if (flags & CSVW_ESCAPE)
		text_escape(&shown, s);
	else
		strbuf_puts(&shown, s);
	csvw_quote(w->out, strbuf_str(&shown));
	strbuf_free(&shown);
}

void
csvw_field(struct csvw *w, const char *s)
{
	csvw_field_as(w, s, w->flags);
}

void
csvw_end_row(struct csvw *w)
{
	strbuf_puts(w->out, "\r\n");
	w->fields = 0;
}

int
csvw_flush(struct csvw *w, FILE *f)
{
	size_t len = w->out->len;
	int rc = 0;

	if (len > 0 && fwrite(strbuf_str(w->out), 1, len, f) != len)
		rc = -1;
	strbuf_reset(w->out);
	return rc;
}
