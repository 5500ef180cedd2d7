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

#endif
