/*
 * reader: one pull interface over every input format (CSV, XLSX, XML).
 *
 * Call protocol:
 *   r = reader_open(path, fmt, &limits, &opts, &cause) -> NULL and *cause
 *   while ((rc = reader_next(r, &row, &cause)) == 1)
 *           use row (valid until the next reader_next or reader_close)
 *   rc == 0: end of input; rc == -1: the file is unusable, *cause says where/why
 *   reader_digest(r, hex, &size, &cause)   the SHA-256 of the bytes parsed
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

#include "hash.h"

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
	size_t		max_shared;	/* XLSX: bytes of shared strings kept
					   (text, a NUL and an offset each) */
	unsigned	source_timeout_s; /* SQL: seconds the query may run
					   (0: no limit) */
	size_t		max_shared_strings; /* XLSX: shared strings kept */
};

/* What the caller asks of a file reader (all fields may be 0/NULL). */
struct reader_opts {
	/* CSV, XLSX: the header is the first row, among the first
	 * READER_HEADER_SEARCH, that holds every one of these normalized
	 * column names (rules_column_name); none: the first row. */
	const char *const *required;
	size_t		 nreq;
	const char	*sheet;		/* XLSX: the sheet to read, by name */
	const char	*encoding;	/* CSV: "windows-1252", "iso-8859-1"
					   (NULL: UTF-8, or UTF-16 by BOM) */
};

/* Rows (blank ones included) searched for the header. */
#define READER_HEADER_SEARCH	20

/* What the reader found out about the file, for the checks and screens;
 * filled as the file is opened and read, owned by the reader. */
struct reader_info {
	char		*sheet;		/* XLSX: the sheet read */
	size_t		 header_line;	/* CSV/XLSX: line (row) of the header */
	size_t		 title_rows;	/* non-blank rows above the header */
	char		 delim;		/* CSV: the delimiter */
	int		 sep_line;	/* CSV: a "sep=X" first line gave it */
	const char	*encoding;	/* as read: "UTF-8", "UTF-16LE", ... */
	char		*record;	/* XML: the records' element name */
};

/*
 * One record. For CSV and XLSX, names[] is the header row,
 * the same array for every row, and header_n its length; n may differ from
 * header_n (a short or long row), names[i] is NULL for i >= header_n.
 * For XML, each record's fields (its attributes, then its child elements,
 * by local name; of a field given twice only the first) give names[] and
 * values[] in document order, and header_n == n.
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
/* Open path (once: a regular file, hashed while read) as fmt; opts may be
 * NULL. Returns NULL and an allocated *cause on error. Caller closes. */
struct reader *reader_open(const char *path, enum reader_format fmt,
    const struct reader_limits *lim, const struct reader_opts *opts,
    char **cause);
/* Open an SQL source: the SQLite database at path, read-only, running one
 * SELECT; column names are the names. NULL and *cause on error. */
struct reader *reader_open_sql(const char *path, const char *query,
    const struct reader_limits *lim, char **cause);
/* Read the next record: 1 = row filled, 0 = end, -1 = error (*cause allocated). */
int reader_next(struct reader *r, struct reader_row *row, char **cause);
/* Bytes of the input consumed so far (for progress). */
uint64_t reader_bytes(const struct reader *r);
/* The file's size when it was opened (0 for an SQL source). */
uint64_t reader_size(const struct reader *r);
/*
 * After the last row: the SHA-256 (hex) of every byte of the file, read
 * through the descriptor that was parsed (what the parser did not need is
 * read and hashed now), and the bytes hashed into *size. -1 and *cause on
 * a read error or for an SQL source.
 */
int reader_digest(struct reader *r, char hex[HASH_HEXLEN + 1],
    uint64_t *size, char **cause);
/* What the reader found out so far (never NULL). */
const struct reader_info *reader_info(const struct reader *r);
/* Free the reader; NULL is fine. */
void reader_close(struct reader *r);

#endif
