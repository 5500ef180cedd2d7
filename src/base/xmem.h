/* xmem: allocators that never return NULL; exhaustion is fatal. */
#ifndef KP_XMEM_H
#define KP_XMEM_H

#include <stdarg.h>
#include <stddef.h>

/* Allocate size bytes (size 0 is a bug). Caller frees. */
void *xmalloc(size_t size);
/* Allocate n zeroed elements of size bytes. Caller frees. */
void *xcalloc(size_t n, size_t size);
/* Resize ptr to n * size bytes, checking the multiplication. Caller frees. */
void *xreallocarray(void *ptr, size_t n, size_t size);
/* Make room for element n of an array that holds *cap elements of size
 * bytes: when n == *cap, *cap grows (8 first, then doubling) and ptr is
 * reallocated. Returns ptr, possibly moved. Caller frees. */
void *xgrow(void *ptr, size_t n, size_t *cap, size_t size);
/* Duplicate a string. Caller frees. */
char *xstrdup(const char *s);
/* Duplicate at most n bytes of s, NUL-terminated. Caller frees. */
char *xstrndup(const char *s, size_t n);
/* Format into a new string. Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Format into a new string from a va_list. Caller frees. */
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Zero len bytes in a way the compiler may not elide (for secrets). */
void xmemwipe(void *p, size_t len);
/* Wipe a NUL-terminated secret and free it; NULL is fine. */
void xfree_secret(char *s);

#endif
