/*
 * reader_impl: what reader.c and the per-format readers share; private to
 * src/reader.c and src/read_*.c (everyone else uses reader.h).
 *
 * Each format exports one const struct reader_ops. reader.c owns the
 * struct reader and calls the ops with the format's state pointer.
 */
#ifndef KP_READER_IMPL_H
#define KP_READER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <expat.h>

#include "reader.h"
#include "reader_src.h"

/* Bytes handed to a parser at a time (CSV, XML, and XLSX parts). */
#define READER_CHUNK	65536

struct reader_ops {
	const char	 *name;
	/*
	 * Start on the opened file src (owned by the reader; read it only
	 * through reader_src_*), with opts never NULL; note what is found
	 * out in info. Returns the format's state, or NULL and *cause.
	 */
	void		*(*open)(struct reader_src *src,
			    const struct reader_limits *,
			    const struct reader_opts *opts,
			    struct reader_info *info, char **);
	/* Same contract as reader_next. */
	int		 (*next)(void *, struct reader_row *, char **);
	/* Bytes of the input file consumed so far. */
	uint64_t	 (*bytes)(const void *state);
	/* Free the state (never NULL). */
	void		 (*close)(void *state);
};

/* Make a reader from ops and an opened state (takes ownership of state):
 * for sources that are not files (SQL). */
struct reader *reader_wrap(const struct reader_ops *ops, void *state);

extern const struct reader_ops read_csv_ops;
extern const struct reader_ops read_xml_ops;
extern const struct reader_ops read_xlsx_ops;

/*
 * A copy of s for an error message: at most max bytes, anything but
 * printable ASCII shown as '?'. Caller frees.
 */
char *reader_printable(const char *s, size_t max);

/*
 * A hardened expat parser, shared by the XML and XLSX readers: a counting
 * allocator refused past max_alloc bytes, any DOCTYPE or entity declaration
 * stops the parse, no external entities, no parameter entities. The guard is
 * the parser's user data; format handlers reach their own state via user.
 */
struct read_xml_guard {
	XML_Parser	 parser;
	void		*user;		/* the format's state */
	size_t		 used;		/* bytes allocated by expat now */
	size_t		 max_alloc;
	int		 refused;	/* an allocation was refused */
	char		*error;		/* set by read_xml_guard_fail */
	int		 suspended;	/* a handler paused the parse */
	int		 final_sent;	/* the input's end was parsed */
	uint64_t	 line0;		/* added to expat's line numbers (a
					   chunk of a split file) */
};

/*
 * Create the parser into g (no namespace processing); -1 and *cause if
 * expat cannot start within max_alloc. Free with read_xml_guard_free.
 */
int read_xml_guard_init(struct read_xml_guard *g, size_t max_alloc, void *user,
    char **cause);
/* Free the parser and any recorded error; g may be reused after init. */
void read_xml_guard_free(struct read_xml_guard *g);
/* From a handler: record msg (allocated, taken) and stop the parser. */
void read_xml_guard_fail(struct read_xml_guard *g, char *msg);
/* From a handler: suspend, so the caller can take the row just completed. */
void read_xml_guard_suspend(struct read_xml_guard *g);
/* Get a buffer of len bytes to fill and pass to read_xml_guard_parse. */
void *read_xml_guard_buffer(struct read_xml_guard *g, size_t len);
/* Where read_xml_guard_step takes bytes: fill buf with up to cap of them
 * into *n (0: the input ended); -1 and *cause on error. */
typedef int (*read_xml_feed)(void *arg, void *buf, size_t cap, size_t *n,
    char **cause);
/*
 * One step of a pull parser: resume after a handler's suspend, or feed up
 * to chunk bytes from feed and parse them. 1: step again (a handler may
 * have completed a record); 0: the input's end is parsed; -1 and *cause:
 * feed failed; -2: the parser failed (its words: read_xml_guard_cause).
 */
int read_xml_guard_step(struct read_xml_guard *g, size_t chunk,
    read_xml_feed feed, void *arg, char **cause);
/* Parse len bytes of the buffer (final: no more input); an XML_Status. */
enum XML_Status read_xml_guard_parse(struct read_xml_guard *g, size_t len,
    int final);
/* Resume a suspended parser; returns an XML_Status. */
enum XML_Status read_xml_guard_resume(struct read_xml_guard *g);
/*
 * After XML_STATUS_ERROR: the message to show, allocated (caller frees): the
 * handler's message if one failed, else "[where, ]line N: ..." from expat.
 */
char *read_xml_guard_cause(struct read_xml_guard *g, const char *where);
/* The parser's current line, plus g->line0. */
unsigned long long read_xml_guard_line(const struct read_xml_guard *g);
/* The local part of an element or attribute name ("x:row" -> "row"). */
const char *read_xml_local(const char *name);

/*
 * reader_pipe.c: run a format's next() on a thread of its own, rows handed
 * over in batches through a bounded queue (memory flat). Start returns
 * NULL when no thread can be made (then read serially). After start, only
 * the pipe touches state until reader_pipe_next returned 0 or -1 (the
 * thread is joined then) or reader_pipe_free (which stops and joins it).
 */
struct reader_pipe;
struct reader_pipe *reader_pipe_start(const struct reader_ops *ops,
    void *state);
/* Same contract as reader_next; rows valid until the next call. */
int reader_pipe_next(struct reader_pipe *p, struct reader_row *row,
    char **cause);
/* Input bytes consumed up to the last row handed out. */
uint64_t reader_pipe_bytes(const struct reader_pipe *p);
/* Stop the thread, join it and free; NULL is fine. */
void reader_pipe_free(struct reader_pipe *p);

/* Test only: bytes fed to expat per call by the XML reader (0 = default). */
void read_xml_set_chunk(size_t len);

/*
 * read_xml_split.c: where an orders XML file may be cut for parsers of
 * their own (reader_par.c), found in one pass fed block by block. Chunk k
 * is the bytes [off[k], off[k+1]) with line0[k] line breaks before it;
 * chunks after the first are parsed after pre, chunks before the last
 * before suf (the first holds the root's start tag, the last its end). why (a static string) says why the file cannot be split.
 */
#define XML_SPLIT_NAME	256	/* bytes of a root or record name */
struct xml_split {
	uint64_t	 min;		/* bytes a chunk holds at least */
	uint64_t	*off, *line0;	/* n + 1 entries after xml_split_end */
	size_t		 n, cap;
	char		*pre, *suf;	/* after xml_split_end; owned */
	const char	*why;		/* NULL while the split is possible */

	/* The scanner's state. */
	int		 st, k, in_decl, has_decl, root_seen;
	uint64_t	 pos, nl, tag_off, tag_nl, bom;
	size_t		 depth, nname, ndecl;
	unsigned char	 prev, head[4];
	char		 name[XML_SPLIT_NAME + 1];
	char		 root[XML_SPLIT_NAME + 1];
	char		 record[XML_SPLIT_NAME + 1];
	char		 decl[512];
};
/* Start a scan for chunks of at least min bytes (0: 1). */
void xml_split_init(struct xml_split *s, uint64_t min);
/* Scan the next len bytes of the file: 0, or -1 once it cannot be split
 * (s->why says why; further calls do nothing). */
int xml_split_scan(struct xml_split *s, const void *buf, size_t len);
/* At the file's end: 0 and the plan (at least 2 chunks), or -1 and why. */
int xml_split_end(struct xml_split *s);
void xml_split_free(struct xml_split *s);

/*
 * read_xml.c: an XML reader of one chunk of a split file: pre, then the
 * bytes [off, end) of src read with reader_src_pread (not hashed: the scan
 * hashed them), then suf; its lines are the file's (line0 added). record,
 * if not NULL, is the records' name already seen (the first chunk's).
 */
struct read_xml_range {
	uint64_t	 off, end, line0;
	const char	*pre, *suf;
	const char	*record;
};
void *read_xml_open_range(struct reader_src *src,
    const struct reader_limits *lim, const struct read_xml_range *rg,
    struct reader_info *info, char **cause);

/*
 * reader_par.c: the chunks of a split file parsed by jobs threads (the
 * parsers: --jobs less the writer), each chunk's rows kept until the
 * caller reads them in file order; at most 2 * jobs chunks are parsed
 * ahead of the one being read. Start copies what it needs of the plan s
 * (the caller frees s); NULL if no thread can be made.
 */
struct reader_par;
struct reader_par *reader_par_start(struct reader_src *src,
    const struct reader_limits *lim, const struct xml_split *s,
    unsigned jobs);
/*
 * Same contract as reader_next, except -2: a chunk failed (or cannot be
 * read); the caller must redo the file serially, skipping the rows already
 * handed out (*handed).
 */
int reader_par_next(struct reader_par *p, struct reader_row *row,
    uint64_t *handed);
/* Input bytes up to the end of the chunk being read. */
uint64_t reader_par_bytes(const struct reader_par *p);
/* The first chunk's findings (record name, encoding), complete once
 * reader_par_next returned 0. */
const struct reader_info *reader_par_info(const struct reader_par *p);
/* Stop the threads, join them and free; NULL is fine. */
void reader_par_free(struct reader_par *p);
/* Test only: the least bytes of a chunk (0: KPIDESK_XML_CHUNK_MIN or the
 * default). */
void reader_par_set_min(uint64_t min);
uint64_t reader_par_min(void);

#endif
