/*
 * reader: one pull interface over every input format (CSV, XLSX, XML).
 *
 * Call protocol:
 *   r = reader_open(path, fmt, &limits, &cause)   -> NULL and *cause on error
 *   while ((rc = reader_next(r, &row, &cause)) == 1)
 *           use row (valid until the next reader_next or reader_close)
 *   rc == 0: end of input; rc == -1: the file is unusable, *cause says where/why
 *   reader_close(r)
 *
 * Readers stream: memory is bounded by the limits, never by the file size.
 * Readers return raw field bytes (NUL-terminated, no NUL inside); trimming,
 * UTF-8 repair and every data rule happen once, in rules.c, not here.
 */
#ifndef KP_READER_H
#define KP_READER_H

#include <stddef.h>
#include <stdint.h>

enum reader_format {
	READER_CSV,
	READER_XLSX,
	READER_XML
};

struct reader_limits {
	size_t		max_field;	/* bytes in one field */
	size_t		max_columns;	/* fields in one record */
	size_t		max_depth;	/* XML element depth */
	uint64_t	max_inflated;	/* XLSX: bytes really inflated, all parts */
	size_t		max_entries;	/* XLSX: entries in the zip directory */
	unsigned	max_ratio;	/* XLSX: inflated / compressed bytes */
	size_t		max_xml_alloc;	/* XML: bytes the parser may allocate */
};

/*
 * One record. For CSV and XLSX, names[] is the header row (the first record),
 * the same array for every row, and header_n its length; n may differ from
 * header_n (a short or long row), names[i] is NULL for i >= header_n.
 * For XML, each <order>'s children give names[]/values[] in document order,
 * and header_n == n.
 */
struct reader_row {
	size_t		  line;		/* 1-based line (XLSX: row number) where the record starts */
	size_t		  n;
	size_t		  header_n;
	const char	**names;
	const char	**values;
	const size_t	 *lens;		/* byte length of each value */
};

struct reader;

/* Fill limits with the defaults. */
void reader_limits_default(struct reader_limits *lim);
/* Guess the format from the file name's extension; -1 if unknown. */
int reader_format_from_name(const char *path);
/* Open path as fmt. Returns NULL and an allocated *cause on error. Caller closes. */
struct reader *reader_open(const char *path, enum reader_format fmt,
    const struct reader_limits *lim, char **cause);
/* Open an SQL source: the SQLite database at path, read-only, running one
 * SELECT; column names are the names. NULL and *cause on error. */
struct reader *reader_open_sql(const char *path, const char *query,
    const struct reader_limits *lim, char **cause);
/* Read the next record: 1 = row filled, 0 = end, -1 = error (*cause allocated). */
int reader_next(struct reader *r, struct reader_row *row, char **cause);
/* Bytes of the input consumed so far (for progress). */
uint64_t reader_bytes(const struct reader *r);
/* Free the reader; NULL is fine. */
void reader_close(struct reader *r);

#endif
