/*
 * read_xlsx_impl: what the two halves of the XLSX reader share; private to
 * src/read_xlsx.c (worksheets, header search, the reader ops) and
 * src/read_xlsx_book.c (parts, workbook, relationships, styles, shared
 * strings). Everyone else uses reader.h.
 */
#ifndef KP_READ_XLSX_IMPL_H
#define KP_READ_XLSX_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "reader_impl.h"
#include "strbuf.h"

struct xlsx_zip;
struct xlsx_state;

enum xlsx_cell {
	XLSX_NUMBER,
	XLSX_SHARED,
	XLSX_INLINE,
	XLSX_TEXT,	/* str, e, d: the <v> text as is */
	XLSX_BOOL
};

/* What one part's handlers do; the wrappers count depth and check errors. */
struct xlsx_part_ops {
	void	(*start)(struct xlsx_state *, const char *, const char **);
	void	(*end)(struct xlsx_state *, const char *);
	void	(*text)(struct xlsx_state *, const char *, size_t);
};

/* One <sheet> of workbook.xml, in workbook order. */
struct read_xlsx_sheet {
	char		*name;		/* as written ("" if none) */
	char		*rid;		/* r:id */
	char		*target;	/* from the rels; NULL: none */
};

struct xlsx_state {
	char			*path;
	struct reader_limits	 lim;
	struct xlsx_zip		*zip;
	uint64_t		 bytes;		/* zip file position (progress) */

	/* The part being parsed. */
	const char		*part;
	struct read_xml_guard	 g;
	const struct xlsx_part_ops *ops;
	size_t			 depth;
	int			 failed;	/* a handler set the message */

	/* workbook.xml and its rels. */
	int			 date1904;
	int			 in_sheets;
	struct read_xlsx_sheet	*sheets;
	size_t			 n_sheets;
	size_t			 n_rels;

	/* styles.xml. */
	int			 in_numfmts;
	int			 in_cellxfs;
	unsigned		*date_fmts;	/* custom numFmtIds that are dates */
	size_t			 n_date_fmts;
	unsigned		*xf_fmt;	/* numFmtId of each cellXfs entry */
	size_t			 n_xf;
	unsigned char		*xf_date;

	/*
	 * sharedStrings.xml: the strings NUL-terminated one after another in
	 * sst, sst_off[i] where string i starts. Grown only by the <si>
	 * really read (never by the declared count), under lim.max_shared.
	 */
	struct strbuf		 sst;
	size_t			*sst_off;
	size_t			 n_sst;
	size_t			 cap_sst;
	int			 in_si;
	int			 in_t;
	int			 in_rph;
	size_t			 si_off;

	/* The worksheet part being read (scanned or streamed). */
	char			*sheet_part;
	int			 sheet_open;	/* a part is open */
	int			 done;
	int			 in_data;
	int			 in_row;
	int			 in_cell;
	int			 in_v;
	int			 in_is;
	size_t			 row_num;
	size_t			 row_elems;	/* <row>s begun in the part */
	size_t			 col;		/* column of the current cell */
	size_t			 ncells;	/* cells seen in this row */
	enum xlsx_cell		 cell_type;
	size_t			 cell_style;
	struct strbuf		 cell;		/* text of <v> or <is> */
	struct strbuf		 arena;		/* this row's values */
	size_t			*col_off;
	size_t			*col_len;
	unsigned		*col_gen;	/* == gen: set in this row */
	size_t			 cap_col;
	unsigned		 gen;
	size_t			 width;		/* last non-empty column + 1 */
	int			 row_ready;

	/* The sheet streamed: its header is the hdr_elem'th <row>. */
	struct reader_info	*info;
	size_t			 hdr_elem;
	char			*hdr;
	size_t			 hdr_len;
	const char		**names;
	size_t			 names_cap;
	size_t			 header_n;
	int			 have_header;
	const char		**values;
	size_t			*lens;
};

/* From a handler: record msg (allocated, taken) and stop the parser. */
void read_xlsx_fail(struct xlsx_state *x, char *msg);
/* The parser's current line, for messages. */
unsigned long long read_xlsx_line(const struct xlsx_state *x);
/* The value of the attribute whose local name is local, or NULL. */
const char *read_xlsx_attr(const char **attr, const char *local);
/* Parse a decimal size_t; -1 if s is NULL or not one. */
int read_xlsx_size(const char *s, size_t *out);
/* The message after expat returned an error, prefixed by the part;
 * allocated. */
char *read_xlsx_cause(struct xlsx_state *x);

/* Open the part name (kept, not copied) for parsing: 0 open, 1 absent
 * (only when !required), -1 and *cause. */
int read_xlsx_part_open(struct xlsx_state *x, const char *name, int required,
    char **cause);
/* Start a hardened parser with ops for the open part; -1 and *cause. */
int read_xlsx_guard(struct xlsx_state *x, const struct xlsx_part_ops *ops,
    char **cause);

/*
 * Read workbook.xml (sheets in order, date1904), its relationships, the
 * styles and the shared strings into x. -1 and *cause if the workbook is
 * unusable or a part passes a cap.
 */
int read_xlsx_book_load(struct xlsx_state *x, char **cause);
/*
 * The worksheet part of sheet i: 0 and *part (allocated, a plain name
 * under xl/worksheets/), 1 if the sheet is a chart, dialog or macro sheet,
 * -1 and *cause if its relationship is missing or points elsewhere.
 */
int read_xlsx_book_part(struct xlsx_state *x, size_t i, char **part,
    char **cause);
/* Shared string idx and its length; NULL if there is no such string. */
const char *read_xlsx_book_string(const struct xlsx_state *x, size_t idx,
    size_t *len);
/* Free what read_xlsx_book_load allocated. */
void read_xlsx_book_free(struct xlsx_state *x);

#endif
