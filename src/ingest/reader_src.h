/*
 * reader_src: the input file of a reader, opened once.
 *
 * "-" is standard input: a pipe or a redirected file (not a terminal),
 * hashed the same way; its size is unknown until the end, so max (the
 * upload limit) is enforced on the bytes as they are read, for files too.
 *
 * The file must be a regular file (fstat on the descriptor it is read
 * through, so a FIFO or device is refused without blocking on it), and
 * every byte a parser reads through reader_src_read is hashed as it goes:
 * the SHA-256 recorded for a batch is that of the bytes parsed, even when
 * the file is replaced on disk while it is read. Formats that need random
 * access (XLSX: a ZIP directory at the end) hash the whole file first with
 * reader_src_finish and then read it with reader_src_pread through the same
 * descriptor.
 */
#ifndef KP_READER_SRC_H
#define KP_READER_SRC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hash.h"

struct hash_ctx;

struct reader_src {
	int		 fd;
	char		*path;		/* as given, for messages */
	uint64_t	 size;		/* from fstat at open (0: a pipe) */
	uint64_t	 max;		/* bytes that may be read (0: any) */
	int		 is_stdin;
	uint64_t	 pos;		/* bytes read (and hashed) in order */
	struct hash_ctx	*hash;		/* NULL once finished */
	uint8_t		 digest[HASH_LEN];
};

/* Open path once for reading; -1 and *cause (caller frees) if it cannot be
 * opened or is not a regular file. Close with reader_src_close. */
int reader_src_open(struct reader_src *s, const char *path, char **cause);
/* Read up to len bytes at the current position, hashing them: the count,
 * 0 at the end of the file, or -1 and *cause. */
ssize_t reader_src_read(struct reader_src *s, void *buf, size_t len,
    char **cause);
/* Read up to len bytes at off without moving the position or hashing
 * (random access after reader_src_finish): the count, or -1 and errno. */
ssize_t reader_src_pread(struct reader_src *s, void *buf, size_t len,
    uint64_t off);
/* Hash what is left of the file and finish the digest (idempotent); the
 * position is then the end. -1 and *cause on a read error. */
int reader_src_finish(struct reader_src *s, char **cause);
/* Start again from the file's first byte, the hash too (a regular file,
 * not standard input): -1 and *cause if it cannot seek. */
int reader_src_rewind(struct reader_src *s, char **cause);
/* Close the file and free what s holds; s may be closed twice. */
void reader_src_close(struct reader_src *s);

#endif
