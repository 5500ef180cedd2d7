/* reader: limits, format guessing and dispatch to the per-format readers. */
#include "reader.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "reader_impl.h"
#include "xmem.h"

struct reader {
	const struct reader_ops	*ops;
	void			*state;
	int			 failed;	/* an error was returned: no more rows */
};

/*
 * Defaults: generous for real customer and order files, small enough that a
 * hostile file stops early.
 * - max_field 1 MiB: names, mobiles and amounts are tiny; 1 MiB leaves room
 *   for long free text and still bounds a record's memory.
 * - max_columns 1024: the files have 4 and 6 columns.
 * - max_depth 32: orders need 3 levels; XLSX parts about 6.
 * - max_inflated 1 GiB: all XLSX parts together, counted as really inflated.
 * - max_entries 10000: a workbook has tens of parts.
 * - max_ratio 200: real XLSX parts deflate 5-50x (very repetitive sheets a
 *   little over 100x); checked once a part is past 1 MiB inflated.
 * - max_xml_alloc 32 MiB: expat needs well under 1 MiB for these documents.
 */
void
reader_limits_default(struct reader_limits *lim)
{
	lim->max_field = 1024 * 1024;
	lim->max_columns = 1024;
	lim->max_depth = 32;
	lim->max_inflated = (uint64_t)1024 * 1024 * 1024;
	lim->max_entries = 10000;
	lim->max_ratio = 200;
	lim->max_xml_alloc = 32 * 1024 * 1024;
}

int
reader_format_from_name(const char *path)
{
	static const struct {
		const char		*ext;
		enum reader_format	 fmt;
	} table[] = {
		{ "csv", READER_CSV },
		{ "xlsx", READER_XLSX },
		{ "xml", READER_XML },
	};
	const char *dot, *slash;
	size_t i, j;

	dot = strrchr(path, '.');
	slash = strrchr(path, '/');
	if (dot == NULL || (slash != NULL && dot < slash))
		return -1;
	dot++;
	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		for (j = 0; dot[j] != '\0' && table[i].ext[j] != '\0'; j++) {
			if (tolower((unsigned char)dot[j]) != table[i].ext[j])
				break;
		}
		if (dot[j] == '\0' && table[i].ext[j] == '\0')
			return table[i].fmt;
	}
	return -1;
}

char *
reader_printable(const char *s, size_t max)
{
	size_t len = strlen(s), i;
	char *out;

	if (len > max)
		len = max;
	out = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f)
			out[i] = s[i];
		else
			out[i] = '?';
	}
	out[len] = '\0';
	return out;
}

struct reader *
reader_open(const char *path, enum reader_format fmt,
    const struct reader_limits *lim, char **cause)
{
	const struct reader_ops *ops;
	struct reader_limits def;
	void *state;

	switch (fmt) {
	case READER_CSV:
		ops = &read_csv_ops;
		break;
	case READER_XLSX:
		ops = &read_xlsx_ops;
		break;
	case READER_XML:
		ops = &read_xml_ops;
		break;
	default:
		*cause = xasprintf("%s: unknown file format", path);
		return NULL;
	}
	if (lim == NULL) {
		reader_limits_default(&def);
		lim = &def;
	}
	if ((state = ops->open(path, lim, cause)) == NULL)
		return NULL;
	return reader_wrap(ops, state);
}

struct reader *
reader_wrap(const struct reader_ops *ops, void *state)
{
	struct reader *r = xmalloc(sizeof *r);

	r->ops = ops;
	r->state = state;
	r->failed = 0;
	return r;
}

int
reader_next(struct reader *r, struct reader_row *row, char **cause)
{
	int rc;

	if (r->failed) {
		*cause = xstrdup("the reader already failed");
		return -1;
	}
	memset(row, 0, sizeof *row);
	if ((rc = r->ops->next(r->state, row, cause)) == -1)
		r->failed = 1;
	return rc;
}

uint64_t
reader_bytes(const struct reader *r)
{
	return r->ops->bytes(r->state);
}

void
reader_close(struct reader *r)
{
	if (r == NULL)
		return;
	r->ops->close(r->state);
	free(r);
}
