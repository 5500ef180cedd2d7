/* render: a KPI table as aligned text, CSV or JSON. */
#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "json.h"
#include "table.h"
#include "text.h"
#include "xmem.h"

/* The displayable text of a cell. Caller frees. */
static char *
render_cell(const struct table *t, size_t r, size_t c, int utf8)
{
	char *raw = table_format(t, r, c), *shown = text_display(raw, utf8);

	free(raw);
	return shown;
}

static void
render_pad(struct strbuf *sb, const char *s, int width, int right)
{
	int w = text_width(s);

	if (right)
		for (; w < width; w++)
			strbuf_putc(sb, ' ');
	strbuf_puts(sb, s);
	if (!right)
		for (; w < width; w++)
			strbuf_putc(sb, ' ');
}

/* Separate columns, or end the line without trailing blanks. */
static void
render_sep(struct strbuf *sb, int last)
{
	if (!last) {
		strbuf_puts(sb, "  ");
		return;
	}
	while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	strbuf_putc(sb, '\n');
}

void
render_text(struct strbuf *sb, const struct table *t, int utf8)
{
	int *width = xcalloc(t->ncols, sizeof *width);
	size_t r, c;
	char *s;

	for (c = 0; c < t->ncols; c++)
		width[c] = text_width(t->cols[c].name);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			s = render_cell(t, r, c, utf8);
			if (text_width(s) > width[c])
				width[c] = text_width(s);
			free(s);
		}
	}
	for (c = 0; c < t->ncols; c++) {
		render_pad(sb, t->cols[c].name, width[c],
		    t->cols[c].type != TABLE_TEXT);
		render_sep(sb, c + 1 == t->ncols);
	}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			s = render_cell(t, r, c, utf8);
			render_pad(sb, s, width[c], t->cols[c].type !=
			    TABLE_TEXT);
			free(s);
			render_sep(sb, c + 1 == t->ncols);
		}
	}
	free(width);
}

void
render_escape(struct strbuf *sb, const char *s)
{
	text_escape(sb, s);
}

char *
render_escaped(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	render_escape(&sb, s);
	return strbuf_detach(&sb);
}

void
render_csv(struct strbuf *sb, const struct table *t, int raw)
{
	struct csvw w;
	size_t r, c;
	char *s;

	/* The names are ours: quoted only, as they always were. */
	csvw_init(&w, sb, raw ? 0 : CSVW_SAFE);
	for (c = 0; c < t->ncols; c++) {
		if (!t->cols[c].extra)
			csvw_field_as(&w, t->cols[c].name, 0);
	}
	csvw_end_row(&w);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (t->cols[c].extra)
				continue;
			s = table_format(t, r, c);
			/* a number is never a formula: no apostrophe */
			csvw_field_as(&w, s, t->cols[c].type == TABLE_TEXT ?
			    w.flags : w.flags & ~CSVW_GUARD);
			free(s);
		}
		csvw_end_row(&w);
	}
}

/* The contract's cells of row r as a JSON array, or the column names when
 * r is RENDER_NAMES: counts as numbers, everything else (money included)
 * as strings. */
#define RENDER_NAMES ((size_t)-1)
static void
render_json_array(struct strbuf *sb, const struct table *t, size_t r)
{
	const char *sep = "";
	size_t c;
	char *s;

	strbuf_putc(sb, '[');
	for (c = 0; c < t->ncols; c++) {
		if (t->cols[c].extra)
			continue;
		strbuf_puts(sb, sep);
		sep = ", ";
		if (r == RENDER_NAMES)
			json_str(sb, t->cols[c].name);
		else if (t->cols[c].type == TABLE_INT)
			strbuf_printf(sb, "%lld",
			    (long long)table_cell(t, r, c)->num);
		else {
			s = table_format(t, r, c);
			json_str(sb, s);
			free(s);
		}
	}
	strbuf_putc(sb, ']');
}

void
render_json(struct strbuf *sb, const char *kpi, const char *as_of,
    const struct table *t)
{
	size_t r;

	strbuf_puts(sb, "{\"kpi\": ");
	json_str(sb, kpi);
	strbuf_puts(sb, ", \"as_of\": ");
	json_str(sb, as_of);
	strbuf_puts(sb, ", \"columns\": ");
	render_json_array(sb, t, RENDER_NAMES);
	strbuf_puts(sb, ", \"rows\": [");
	for (r = 0; r < t->nrows; r++) {
		if (r > 0)
			strbuf_puts(sb, ", ");
		render_json_array(sb, t, r);
	}
	strbuf_puts(sb, "]}");
}
