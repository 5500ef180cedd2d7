/* render: a KPI table as aligned text, CSV or the JSON of doc/DESIGN.md section 4. */
#ifndef KP_RENDER_H
#define KP_RENDER_H

#include "strbuf.h"

struct table;

/* Aligned columns with a header, extras included; text made displayable
 * (utf8 or ASCII placeholders). */
void render_text(struct strbuf *sb, const struct table *t, int utf8);
/*
 * Append s with what a terminal would act on or hide made visible, for
 * machine output (CSV, TSV, a CSV file): C0 controls and DEL in caret
 * notation ("^[" for ESC, "^G" for BEL, "^J" for a newline, "^?" for DEL),
 * hidden code points (C1, bidi, zero-width and other invisible format
 * characters, text_is_hidden) as "<U+202E>", invalid UTF-8 as U+FFFD;
 * everything else, other Unicode included, as it is.  The same for every
 * locale, so a script sees the same bytes on any machine.
 */
void render_escape(struct strbuf *sb, const char *s);	/* text_escape */
/* render_escape into a new string. Caller frees. */
char *render_escaped(const char *s);
/* RFC 4180 CSV of the contract columns, every field quoted; text is
 * escaped and formula-guarded (csvw) unless raw is set. */
void render_csv(struct strbuf *sb, const struct table *t, int raw);
/* {"kpi": NAME, "as_of": DAY, "columns": [...], "rows": [[...], ...]}:
 * counts as numbers, money as strings with two decimals. */
void render_json(struct strbuf *sb, const char *kpi, const char *as_of,
    const struct table *t);

#endif
