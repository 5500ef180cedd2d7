/* render: a KPI table as aligned text, CSV or the JSON of DESIGN.md section 4. */
#ifndef KP_RENDER_H
#define KP_RENDER_H

#include "strbuf.h"

struct table;

/* Aligned columns with a header, extras included; text made displayable
 * (utf8 or ASCII placeholders). */
void render_text(struct strbuf *sb, const struct table *t, int utf8);
/* RFC 4180 CSV of the contract columns; when display is set (a terminal),
 * text is made displayable first. */
void render_csv(struct strbuf *sb, const struct table *t, int display,
    int utf8);
/* {"kpi": NAME, "as_of": DAY, "columns": [...], "rows": [[...], ...]}:
 * counts as numbers, money as strings with two decimals. */
void render_json(struct strbuf *sb, const char *kpi, const char *as_of,
    const struct table *t);

#endif
