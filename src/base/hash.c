/* hash: SHA-256 of buffers and files, hex encoding, and random bytes (libcrypto). */
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "log.h"
#include "xmem.h"

/* Small updates (a field's length, an integer) are gathered: one digest
 * call per 16 KiB instead of two per field of a million-line batch. */
struct hash_ctx {
	EVP_MD_CTX	*md;
	size_t		 len;
	uint8_t		 buf[16384];
};

struct hash_ctx *
hash_ctx_create(void)
{
	struct hash_ctx *h = xmalloc(sizeof *h);

	h->len = 0;
	if ((h->md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) != 1)
		fatalx("libcrypto: cannot start SHA-256");
	return h;
}

static void
hash_ctx_digest(struct hash_ctx *h, const void *data, size_t len)
{
	if (EVP_DigestUpdate(h->md, data, len) != 1)
		fatalx("libcrypto: SHA-256 update failed");
}

void
hash_ctx_update(struct hash_ctx *h, const void *data, size_t len)
{
	if (len > sizeof h->buf - h->len) {
		hash_ctx_digest(h, h->buf, h->len);
		h->len = 0;
		if (len > sizeof h->buf) {
			hash_ctx_digest(h, data, len);
			return;
		}
	}
	memcpy(h->buf + h->len, data, len);
	h->len += len;
}

void
hash_ctx_final(struct hash_ctx *h, uint8_t out[HASH_LEN])
{
	unsigned int n = 0;

	hash_ctx_digest(h, h->buf, h->len);
	if (EVP_DigestFinal_ex(h->md, out, &n) != 1 || n != HASH_LEN)
		fatalx("libcrypto: SHA-256 final failed");
	EVP_MD_CTX_free(h->md);
	free(h);
}

void
hash_ctx_field(struct hash_ctx *h, const char *s)
{
	size_t len = strlen(s);
	uint8_t be[4];

	be[0] = (uint8_t)(len >> 24);
	be[1] = (uint8_t)(len >> 16);
	be[2] = (uint8_t)(len >> 8);
	be[3] = (uint8_t)len;
	hash_ctx_update(h, be, sizeof be);
	hash_ctx_update(h, s, len);
}

void
hash_ctx_int(struct hash_ctx *h, int64_t v)
{
	uint8_t be[8];
	int i;

	for (i = 0; i < 8; i++)
		be[i] = (uint8_t)((uint64_t)v >> (56 - 8 * i));
	hash_ctx_update(h, be, sizeof be);
}

void
hash_ctx_final_hex(struct hash_ctx *h, char hex[HASH_HEXLEN + 1])
{
	uint8_t digest[HASH_LEN];

	hash_ctx_final(h, digest);
	hash_hex(digest, sizeof digest, hex);
}

void
hash_buf(const void *data, size_t len, uint8_t out[HASH_LEN])
{
	struct hash_ctx *h = hash_ctx_create();

	hash_ctx_update(h, data, len);
	hash_ctx_final(h, out);
}

int
hash_file(const char *path, uint8_t out[HASH_LEN], uint64_t *size, char **cause)
{
	struct hash_ctx *h;
	unsigned char buf[65536];
	uint64_t total = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	h = hash_ctx_create();
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("cannot read %s: %s", path,
			    strerror(errno));
			hash_ctx_final(h, out);
			close(fd);
			return -1;
		}
		hash_ctx_update(h, buf, (size_t)n);
		total += (uint64_t)n;
	}
	close(fd);
	hash_ctx_final(h, out);
	if (size != NULL)
		*size = total;
	return 0;
}

void
hash_hex(const uint8_t *bytes, size_t len, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 0xf];
	}
	hex[2 * len] = '\0';
}

static int
hash_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hash_unhex(const char *hex, uint8_t *bytes, size_t len)
{
	size_t i;
	int hi, lo;

	if (strlen(hex) != 2 * len)
		return -1;
	for (i = 0; i < len; i++) {
		if ((hi = hash_nibble(hex[2 * i])) < 0 ||
		    (lo = hash_nibble(hex[2 * i + 1])) < 0)
			return -1;
		bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int
hash_random(void *buf, size_t len, char **cause)
{
	if (len > 0x7fffffff || RAND_bytes(buf, (int)len) != 1) {
		*cause = xstrdup("libcrypto could not produce random bytes");
		return -1;
	}
	return 0;
}
