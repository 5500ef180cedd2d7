/* smap: a small open-addressing hash map from strings to counters. */
#include "smap.h"

#include <stdlib.h>
#include <string.h>

#include "xmem.h"

void
smap_init(struct smap *m)
{
	memset(m, 0, sizeof *m);
}

void
smap_free(struct smap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		free(m->slot[i].key);
		free(m->slot[i].ptr);
	}
	free(m->slot);
	smap_init(m);
}

static uint64_t
smap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot holding key, or the empty slot where it would go. */
static struct smap_entry *
smap_slot(const struct smap *m, const char *key)
{
	size_t i, mask = m->cap - 1;

	for (i = smap_hash(key) & mask; ; i = (i + 1) & mask) {
		if (m->slot[i].key == NULL || strcmp(m->slot[i].key, key) == 0)
			return &m->slot[i];
	}
}

struct smap_entry *
smap_find(const struct smap *m, const char *key)
{
	struct smap_entry *e;

	if (m->cap == 0)
		return NULL;
	e = smap_slot(m, key);
	return e->key != NULL ? e : NULL;
}

/* Double the table, keeping it at most half full. */
static void
smap_grow(struct smap *m)
{
	struct smap_entry *old = m->slot;
	size_t oldcap = m->cap, i;

	m->cap = m->cap == 0 ? 64 : m->cap * 2;
	m->slot = xcalloc(m->cap, sizeof *m->slot);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key != NULL)
			*smap_slot(m, old[i].key) = old[i];
	}
	free(old);
}

struct smap_entry *
smap_get(struct smap *m, const char *key)
{
	struct smap_entry *e;

	if (2 * (m->n + 1) > m->cap)
		smap_grow(m);
	e = smap_slot(m, key);
	if (e->key == NULL) {
		e->key = xstrdup(key);
		m->n++;
	}
	return e;
}

struct smap_entry *
smap_next(const struct smap *m, size_t *i)
{
	while (*i < m->cap) {
		if (m->slot[(*i)++].key != NULL)
			return &m->slot[*i - 1];
	}
	return NULL;
}
