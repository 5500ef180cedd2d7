/*
 * spool: a private temporary file of values written once, in order, then
 * read back once from the start - where an SQL source's rows wait while
 * kpidesk's write lock is not yet taken (read_sql.c).
 *
 * The file is made with mkstemp (mode 0600) in TMPDIR (else /tmp) and
 * unlinked at once: nobody else can open it, and it is gone when the
 * process ends, however it ends. Each value is a kind byte, and for the
 * kinds with bytes, their length and the bytes. Memory stays flat: one
 * stdio buffer each way.
 */
#ifndef KP_SPOOL_H
#define KP_SPOOL_H

#include <stddef.h>

struct strbuf;
struct spool;

/* A new, empty spool (the caller's, for spool_close); NULL and *cause. */
struct spool *spool_open(char **cause);
/* Append one value of kind (0 to 255); with bytes, len bytes of data (for
 * a kind without, pass 0 and NULL). -1 and *cause (the disk is full...). */
int spool_put(struct spool *sp, unsigned kind, int bytes, const void *data,
    size_t len, char **cause);
/* The values are all written: read from the first one. -1 and *cause. */
int spool_rewind(struct spool *sp, char **cause);
/*
 * Read the next value: 1 with *kind, and its bytes appended to into with a
 * NUL after them (*off where they start in into, *len their length; 0 for
 * a value written without bytes, which still gets its NUL); 0 after the
 * last value; -1 and *cause when the
 * file cannot be read or is cut short. bytes(kind) says which kinds were
 * written with bytes, as spool_put was told.
 */
int spool_get(struct spool *sp, int (*bytes)(unsigned), unsigned *kind,
    struct strbuf *into, size_t *off, size_t *len, char **cause);
/* Close (the file goes with it) and free; NULL is fine. */
void spool_close(struct spool *sp);

#endif
