/* strbuf: a growable byte buffer, always NUL-terminated. */
#ifndef KP_STRBUF_H
#define KP_STRBUF_H

#include <stddef.h>

struct strbuf {
	char	*buf;	/* invalidated by any call that appends */
	size_t	 len;
	size_t	 cap;
};

/* Initialise an empty buffer (no allocation until the first append). */
void strbuf_init(struct strbuf *sb);
/* Free the contents; the struct may be reused after strbuf_init. */
void strbuf_free(struct strbuf *sb);
/* Empty the buffer, keeping its memory. */
void strbuf_reset(struct strbuf *sb);
/* Append len bytes. */
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
/* Append a NUL-terminated string. */
void strbuf_puts(struct strbuf *sb, const char *s);
/* Append one byte. */
void strbuf_putc(struct strbuf *sb, char c);
/* Append formatted text. */
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Return the contents ("" when empty); valid until the next append or free. */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the contents to the caller (caller frees) and leave the buffer empty. */
char *strbuf_detach(struct strbuf *sb);

#endif
