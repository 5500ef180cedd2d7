/* hash: SHA-256 of buffers and files, hex encoding, and random bytes (libcrypto). */
#ifndef KP_HASH_H
#define KP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_LEN	32
#define HASH_HEXLEN	64

struct hash_ctx;

/* Start an incremental SHA-256. Caller frees with hash_ctx_final. */
struct hash_ctx *hash_ctx_create(void);
/* Feed len bytes. */
void hash_ctx_update(struct hash_ctx *h, const void *data, size_t len);
/* Feed a string as a 32-bit big-endian length and its bytes, so that field
 * boundaries are part of what is hashed. */
void hash_ctx_field(struct hash_ctx *h, const char *s);
/* Feed a number as 8 big-endian bytes. */
void hash_ctx_int(struct hash_ctx *h, int64_t v);
/* Finish into hex (HASH_HEXLEN + 1 bytes) and free the context. */
void hash_ctx_final_hex(struct hash_ctx *h, char hex[HASH_HEXLEN + 1]);
/* Finish into out (HASH_LEN bytes) and free the context. */
void hash_ctx_final(struct hash_ctx *h, uint8_t out[HASH_LEN]);

/* SHA-256 of a buffer. */
void hash_buf(const void *data, size_t len, uint8_t out[HASH_LEN]);
/* SHA-256 of a file; also its size when size is not NULL. -1 and *cause on error. */
int hash_file(const char *path, uint8_t out[HASH_LEN], uint64_t *size, char **cause);
/* Lower-case hex of len bytes into hex (2 * len + 1 bytes). */
void hash_hex(const uint8_t *bytes, size_t len, char *hex);
/* Parse 2 * len hex digits into bytes; -1 if malformed. */
int hash_unhex(const char *hex, uint8_t *bytes, size_t len);
/* Fill buf with len bytes from the system's CSPRNG; -1 and *cause on failure. */
int hash_random(void *buf, size_t len, char **cause);

#endif
