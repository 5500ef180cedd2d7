/* table: a result table with typed columns. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "xmem.h"

struct table *
table_create(void)
{
	return xcalloc(1, sizeof(struct table));
}

void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i].name);
	free(t->cells);
	free(t->cols);
	free(t);
}

void
table_add_col(struct table *t, const char *name, enum table_type type,
    int extra)
{
	if (t->nrows != 0)
		abort();	/* a bug: columns come first */
	t->cols = xreallocarray(t->cols, t->ncols + 1, sizeof *t->cols);
	t->cols[t->ncols].name = xstrdup(name);
	t->cols[t->ncols].type = type;
	t->cols[t->ncols].extra = extra;
	t->ncols++;
}

size_t
table_add_row(struct table *t)
{
	size_t c;

	if (t->nrows == t->cap) {
		t->cap = t->cap == 0 ? 64 : t->cap * 2;
		t->cells = xreallocarray(t->cells, t->cap * t->ncols,
		    sizeof *t->cells);
	}
	for (c = 0; c < t->ncols; c++) {
		t->cells[t->nrows * t->ncols + c].text = xstrdup("");
		t->cells[t->nrows * t->ncols + c].num = 0;
	}
	return t->nrows++;
}

struct table_cell *
table_cell(const struct table *t, size_t r, size_t c)
{
	return &t->cells[r * t->ncols + c];
}

void
table_set_text(struct table *t, size_t r, size_t c, const char *s)
{
	struct table_cell *cell = table_cell(t, r, c);

	free(cell->text);
	cell->text = xstrdup(s != NULL ? s : "");
}

void
table_set_num(struct table *t, size_t r, size_t c, int64_t v)
{
	table_cell(t, r, c)->num = v;
}

/* qsort is not stable: sort row indexes, ties by index. */
static const struct table *table_sort_t;
static size_t table_sort_c;
static int table_sort_desc;

static int
table_sort_cmp(const void *a, const void *b)
{
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	const struct table_cell *x = table_cell(table_sort_t, ra, table_sort_c);
	const struct table_cell *y = table_cell(table_sort_t, rb, table_sort_c);
	int d;

	if (table_sort_t->cols[table_sort_c].type == TABLE_TEXT)
		d = strcmp(x->text, y->text);
	else
		d = x->num < y->num ? -1 : x->num > y->num;
	if (table_sort_desc)
		d = -d;
	if (d == 0)
		d = ra < rb ? -1 : ra > rb;
	return d;
}

void
table_sort(struct table *t, size_t c, int desc)
{
	struct table_cell *sorted;
	size_t *idx, r;

	if (t->nrows < 2)
		return;
	idx = xcalloc(t->nrows, sizeof *idx);
	for (r = 0; r < t->nrows; r++)
		idx[r] = r;
	table_sort_t = t;
	table_sort_c = c;
	table_sort_desc = desc;
	qsort(idx, t->nrows, sizeof *idx, table_sort_cmp);
	sorted = xcalloc(t->cap * t->ncols, sizeof *sorted);
	for (r = 0; r < t->nrows; r++)
		memcpy(&sorted[r * t->ncols], &t->cells[idx[r] * t->ncols],
		    t->ncols * sizeof *sorted);
	free(t->cells);
	t->cells = sorted;
	free(idx);
}

char *
table_format(const struct table *t, size_t r, size_t c)
{
	const struct table_cell *cell = table_cell(t, r, c);
	char buf[32];

	switch (t->cols[c].type) {
	case TABLE_INT:
		return xasprintf("%lld", (long long)cell->num);
	case TABLE_MONEY:
		rules_money_format(cell->num, buf, sizeof buf);
		return xstrdup(buf);
	case TABLE_TEXT:
		break;
	}
	return xstrdup(cell->text);
}

int
table_col_index(const struct table *t, const char *name)
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		if (strcmp(t->cols[c].name, name) == 0)
			return (int)c;
	}
	return -1;
}
