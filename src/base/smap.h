/* smap: a small open-addressing hash map from strings to three counters and
 * an owned pointer, for aggregating in one pass without sorting. */
#ifndef KP_SMAP_H
#define KP_SMAP_H

#include <stddef.h>
#include <stdint.h>

struct smap_entry {
	char	*key;		/* NULL: an empty slot */
	int64_t	 v[3];
	void	*ptr;		/* freed with free() by smap_free */
};

struct smap {
	struct smap_entry *slot;
	size_t		   cap;	/* 0 or a power of two */
	size_t		   n;
};

/* Initialise an empty map (no allocation yet). */
void smap_init(struct smap *m);
/* Free the keys, pointers and slots; the map may be reused after smap_init. */
void smap_free(struct smap *m);
/* The entry for key, or NULL when absent. */
struct smap_entry *smap_find(const struct smap *m, const char *key);
/* The entry for key, added with zero counters when absent. Entry pointers
 * are invalidated by the next smap_get that adds. */
struct smap_entry *smap_get(struct smap *m, const char *key);
/* Iterate: the next used entry after *i (start with *i = 0), or NULL. */
struct smap_entry *smap_next(const struct smap *m, size_t *i);

#endif
