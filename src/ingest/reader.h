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
	uint64_t	max_input;	/* bytes read from the file or standard
					   input: more is an error (0: none) */
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
	/* XML: threads, the caller's included. 3 or more cuts a file (not
	 * standard input) at record boundaries into chunks parsed by jobs - 1
	 * threads (reader_par.c); 2, or a file that cannot be cut, parses on
	 * one thread of its own; either way while the caller uses the rows
	 * (the same rows, in the same order, and the same error). 0 or 1
	 * reads in the caller's thread. */
	unsigned	 jobs;
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
	size_t		 chunks;	/* XML: chunks parsed by parsers of
					   their own (0: one parser) */
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

/* What a file of a format may hold: bits of reader_fmt.kinds. */
#define READER_KIND_CUSTOMERS	0x1
#define READER_KIND_ORDERS	0x2

struct reader_ops;

/*
 * One row per input format: the reader, the import's policy, the command
 * line and the upload screen all read this table (reader.c), so they agree.
 * Adding a format: doc/ADDING_A_FORMAT.md.
 */
struct reader_fmt {
	const char		*ext;	/* file name extension, lower case */
	const char		*label;	/* for people: "CSV" */
	enum reader_format	 format;
	const struct reader_ops	*ops;	/* reader_impl.h */
	unsigned		 kinds;	/* READER_KIND_* it may hold */
};

/* The number of formats, and format i (i < reader_fmt_count()), in the
 * table's order: the order formats are named in to people. */
size_t reader_fmt_count(void);
const struct reader_fmt *reader_fmt_at(size_t i);
/* The format of a file name's extension (any case), or NULL. */
const struct reader_fmt *reader_fmt_of_name(const char *path);

/* Fill limits with the defaults. */
void reader_limits_default(struct reader_limits *lim);
/* Guess the format from the file name's extension; -1 if unknown. */
int reader_format_from_name(const char *path);
/* Open path (once: a regular file, hashed while read; "-" is standard
 * input, a pipe or a file) as fmt; opts may be NULL. Returns NULL and an
 * allocated *cause on error. Caller closes. */
struct reader *reader_open(const char *path, enum reader_format fmt,
    const struct reader_limits *lim, const struct reader_opts *opts,
    char **cause);
/* What the caller asks of an SQL source. */
struct reader_sql_opts {
	/* sqlite:PATH (or a bare PATH), postgresql://..., postgres://...,
	 * mysql://... or mariadb://...; never with a password in it. */
	const char	*uri;
	const char	*query;		/* exactly one SELECT */
	/* The server's password, read from a 0600 file (NULL: the
	 * engine's own files, ~/.pgpass, ~/.my.cnf, ...). */
	const char	*password_file;
	/* Called while the query runs, at least every READER_SQL_POLL_MS and
	 * every few thousand rows, with the rows received so far: non-zero
	 * cancels the query on the server. May be NULL. */
	int		(*poll)(uint64_t rows, void *arg);
	void		*poll_arg;
};

/* Longest wait between two calls of reader_sql_opts.poll, in ms. */
#define READER_SQL_POLL_MS	200

/* What an SQL source was, for the batch, the audit log and the checks;
 * filled by reader_open_sql, freed with reader_sql_info_free. */
struct reader_sql_info {
	const char	*engine;	/* "sqlite", "postgresql", "mysql" */
	char		*uri;		/* the URI as recorded (no password) */
	char		*server;	/* the server's name and version */
	int		 encrypted;	/* the connection used TLS */
	char		*tls;		/* its protocol and cipher, or NULL */
	int		 local;		/* a local socket or file, no network */
	uint64_t	 rows;		/* rows the query returned */
	uint64_t	 bytes;		/* bytes of their values */
	/* SHA-256 of the rows as received: each value's type, length and
	 * bytes, in order (the same rows give the same digest). */
	char		 digest[HASH_HEXLEN + 1];
	char		 query_sha256[HASH_HEXLEN + 1];
};

/*
 * Open an SQL source: connect as opts says, run the query read-only and
 * bounded by lim (source_timeout_s, max_field), and copy its rows to a
 * private temporary file before the first reader_next, so the caller can
 * take its own locks only after the server has answered. Column names are
 * the names; every required order column must be among them. Fills *info
 * (also on error, as far as known). NULL and *cause on error.
 */
struct reader *reader_open_sql(const struct reader_sql_opts *opts,
    const struct reader_limits *lim, struct reader_sql_info *info,
    char **cause);
/* Free what reader_open_sql put in info. */
void reader_sql_info_free(struct reader_sql_info *info);
/* The engine a URI names ("sqlite", "postgresql", "mysql"), or NULL. */
const char *reader_sql_engine(const char *uri);
/* 0 if uri names an engine this kpidesk was built with, else -1 and
 * *cause naming the package to install. */
int reader_sql_check(const char *uri, char **cause);
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
/* What the reader found out so far (never NULL); with opts.jobs >= 2,
 * complete only once reader_next returned 0 or -1. */
const struct reader_info *reader_info(const struct reader *r);
/* Free the reader; NULL is fine. */
void reader_close(struct reader *r);

#endif
