/* table: a result table with typed columns, shared by the KPIs, the CLI,
 * charts, the workbook and the screens. */
#ifndef KP_TABLE_H
#define KP_TABLE_H

#include <stddef.h>
#include <stdint.h>

enum table_type {
	TABLE_TEXT,
	TABLE_INT,
	TABLE_MONEY		/* integer minor units, shown with 2 decimals */
};

struct table_col {
	char		*name;
	enum table_type	 type;
	int		 extra;	/* beyond the contract: shown on screen and in
				 * --format table, never in CSV or JSON */
};

struct table_cell {
	char		*text;	/* TABLE_TEXT (and extras); never NULL */
	int64_t		 num;	/* TABLE_INT and TABLE_MONEY */
};

struct table {
	size_t		  ncols;
	size_t		  nrows;
	size_t		  cap;
	struct table_col *cols;
	struct table_cell *cells;	/* nrows * ncols, row-major */
	size_t		 *order;	/* each row's place when added, so
					 * that sorts can tie and undo by it */
};

/* A column as data, for tables whose columns are fixed. */
struct table_colspec {
	const char	*name;		/* NULL ends a list */
	enum table_type	 type;
	int		 extra;
};

/* An empty table with no columns. Caller frees with table_free. */
struct table *table_create(void);
/* Free t and its cells; NULL is fine. */
void table_free(struct table *t);
/* Add a column (only before the first row). */
void table_add_col(struct table *t, const char *name, enum table_type type,
    int extra);
/* Add the columns of specs, a list ended by a NULL name. */
void table_add_cols(struct table *t, const struct table_colspec *specs);
/* Make room for n rows (after the columns are added). */
void table_reserve(struct table *t, size_t n);
/* Append an empty row and return its index. */
size_t table_add_row(struct table *t);
/* The cell at row r, column c. */
struct table_cell *table_cell(const struct table *t, size_t r, size_t c);
/* Set a text cell (copied). */
void table_set_text(struct table *t, size_t r, size_t c, const char *s);
/* Set a number cell (TABLE_INT or TABLE_MONEY). */
void table_set_num(struct table *t, size_t r, size_t c, int64_t v);
/* Sort rows by column c, descending when desc; ties keep the order in which
 * the rows were added, whatever sorts came before. */
void table_sort(struct table *t, size_t c, int desc);
/* Put the rows back in the order in which they were added. */
void table_unsort(struct table *t);
/* The cell as text ("7450.00" for money). Caller frees. */
char *table_format(const struct table *t, size_t r, size_t c);
/* The index of the column called name, or -1. */
int table_col_index(const struct table *t, const char *name);
/* t's columns and its first max_rows rows (all when t has fewer) as bytes
 * for storage. Caller frees; *len is the size. */
void *table_pack(const struct table *t, size_t max_rows, size_t *len);
/* A new table from table_pack's bytes (caller frees with table_free), or
 * NULL when they are not such bytes: every length is checked. */
struct table *table_unpack(const void *buf, size_t len);
/* Keep at most n rows. */
void table_truncate(struct table *t, size_t n);

#endif
