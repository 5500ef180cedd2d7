/* table: a result table with typed columns. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "strbuf.h"
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
	free(t->order);
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

void
table_add_cols(struct table *t, const struct table_colspec *specs)
{
	for (; specs->name != NULL; specs++)
		table_add_col(t, specs->name, specs->type, specs->extra);
}

void
table_reserve(struct table *t, size_t n)
{
	if (n <= t->cap)
		return;
	t->cells = xreallocarray(t->cells, n * (t->ncols > 0 ? t->ncols : 1),
	    sizeof *t->cells);
	t->order = xreallocarray(t->order, n, sizeof *t->order);
	t->cap = n;
}

size_t
table_add_row(struct table *t)
{
	size_t c;

	if (t->nrows == t->cap) {
		t->cap = t->cap == 0 ? 64 : t->cap * 2;
		t->cells = xreallocarray(t->cells, t->cap * t->ncols,
		    sizeof *t->cells);
		t->order = xreallocarray(t->order, t->cap, sizeof *t->order);
	}
	t->order[t->nrows] = t->nrows;
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

/* qsort is not stable: sort row indexes, ties by the rows' first order. */
static const struct table *table_sort_t;
static size_t table_sort_c;
static int table_sort_desc;
static int table_sort_unsorted;	/* by first order only */

static int
table_sort_cmp(const void *a, const void *b)
{
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	const struct table *t = table_sort_t;
	const struct table_cell *x, *y;
	int d = 0;

	if (!table_sort_unsorted) {
		x = table_cell(t, ra, table_sort_c);
		y = table_cell(t, rb, table_sort_c);
		if (t->cols[table_sort_c].type == TABLE_TEXT)
			d = strcmp(x->text, y->text);
		else
			d = x->num < y->num ? -1 : x->num > y->num;
		if (table_sort_desc)
			d = -d;
	}
	if (d == 0)
		d = t->order[ra] < t->order[rb] ? -1 :
		    t->order[ra] > t->order[rb];
	return d;
}

/* Reorder t's rows (cells and first order) as the comparison says. */
static void
table_permute(struct table *t)
{
	struct table_cell *sorted;
	size_t *idx, *order, r;

	if (t->nrows < 2)
		return;
	idx = xcalloc(t->nrows, sizeof *idx);
	for (r = 0; r < t->nrows; r++)
		idx[r] = r;
	table_sort_t = t;
	qsort(idx, t->nrows, sizeof *idx, table_sort_cmp);
	sorted = xcalloc(t->cap * t->ncols, sizeof *sorted);
	order = xcalloc(t->cap, sizeof *order);
	for (r = 0; r < t->nrows; r++) {
		memcpy(&sorted[r * t->ncols], &t->cells[idx[r] * t->ncols],
		    t->ncols * sizeof *sorted);
		order[r] = t->order[idx[r]];
	}
	free(t->cells);
	t->cells = sorted;
	free(t->order);
	t->order = order;
	free(idx);
}

void
table_sort(struct table *t, size_t c, int desc)
{
	table_sort_c = c;
	table_sort_desc = desc;
	table_sort_unsorted = 0;
	table_permute(t);
}

void
table_unsort(struct table *t)
{
	table_sort_unsorted = 1;
	table_permute(t);
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

/* table_pack's format: "KPT1", then little-endian u32 counts and lengths
 * and i64 numbers. */
#define TABLE_MAGIC	"KPT1"
#define TABLE_MAX_COLS	64

static void
table_put_u32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4];
	int i;

	for (i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	strbuf_add(sb, b, sizeof b);
}

static void
table_put_i64(struct strbuf *sb, int64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	strbuf_add(sb, b, sizeof b);
}

static void
table_put_text(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	table_put_u32(sb, (uint32_t)n);
	strbuf_add(sb, s, n);
}

void *
table_pack(const struct table *t, size_t max_rows, size_t *len)
{
	size_t i, nrows = t->nrows < max_rows ? t->nrows : max_rows;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_add(&sb, TABLE_MAGIC, 4);
	table_put_u32(&sb, (uint32_t)t->ncols);
	for (i = 0; i < t->ncols; i++) {
		table_put_u32(&sb, (uint32_t)t->cols[i].type);
		table_put_u32(&sb, (uint32_t)(t->cols[i].extra != 0));
		table_put_text(&sb, t->cols[i].name);
	}
	table_put_u32(&sb, (uint32_t)nrows);
	for (i = 0; i < nrows * t->ncols; i++) {
		table_put_i64(&sb, t->cells[i].num);
		table_put_text(&sb, t->cells[i].text);
	}
	*len = sb.len;
	return strbuf_detach(&sb);
}

/* A cursor over packed bytes; any read past the end sets bad. */
struct table_in {
	const unsigned char	*p;
	size_t			 left;
	int			 bad;
};

static uint64_t
table_get(struct table_in *in, size_t n)
{
	uint64_t v = 0;
	size_t i;

	if (in->bad || in->left < n) {
		in->bad = 1;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t)in->p[i] << (8 * i);
	in->p += n;
	in->left -= n;
	return v;
}

/* The next text, copied (NULL when it does not fit or holds a NUL). */
static char *
table_get_text(struct table_in *in)
{
	size_t n = (size_t)table_get(in, 4);
	char *s;

	if (in->bad || n > in->left || memchr(in->p, '\0', n) != NULL) {
		in->bad = 1;
		return NULL;
	}
	s = xstrndup((const char *)in->p, n);
	in->p += n;
	in->left -= n;
	return s;
}

struct table *
table_unpack(const void *buf, size_t len)
{
	struct table_in in = { buf, len, 0 };
	struct table *t = table_create();
	uint64_t ncols, nrows, type, extra, r, c;
	struct table_cell *cell;
	char *s;

	if (len < 4 || memcmp(buf, TABLE_MAGIC, 4) != 0)
		goto bad;
	table_get(&in, 4);
	if ((ncols = table_get(&in, 4)) > TABLE_MAX_COLS)
		goto bad;
	for (c = 0; c < ncols && !in.bad; c++) {
		type = table_get(&in, 4);
		extra = table_get(&in, 4);
		if ((s = table_get_text(&in)) == NULL || type > TABLE_MONEY) {
			free(s);
			goto bad;
		}
		table_add_col(t, s, (enum table_type)type, extra != 0);
		free(s);
	}
	nrows = table_get(&in, 4);
	/* Each cell takes 12 bytes at least: refuse counts the bytes
	 * cannot hold before allocating for them. */
	if (in.bad || (ncols == 0 && nrows > 0) ||
	    (ncols > 0 && nrows > in.left / (12 * ncols)))
		goto bad;
	table_reserve(t, (size_t)nrows);
	for (r = 0; r < nrows; r++) {
		table_add_row(t);
		for (c = 0; c < ncols; c++) {
			cell = table_cell(t, (size_t)r, (size_t)c);
			cell->num = (int64_t)table_get(&in, 8);
			if ((s = table_get_text(&in)) == NULL)
				goto bad;
			free(cell->text);
			cell->text = s;
		}
	}
	if (in.bad || in.left != 0)
		goto bad;
	return t;
bad:
	table_free(t);
	return NULL;
}

void
table_truncate(struct table *t, size_t n)
{
	size_t i;

	if (n >= t->nrows)
		return;
	for (i = n * t->ncols; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	t->nrows = n;
}
