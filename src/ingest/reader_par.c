/*
 * reader_par: an orders XML file cut at record boundaries
 * (read_xml_split.c) and its chunks parsed by up to jobs threads, each
 * chunk by an expat parser of its own (read_xml_open_range), the rows
 * handed to the caller in file order (issue 17).
 *
 * A thread takes the next chunk not yet parsed, parses all of it into the
 * chunk's own store (names and values in one arena) and marks it done; the
 * caller reads chunk 0 to its end, then chunk 1, and so on, freeing each
 * store once read. Threads parse at most PAR_AHEAD(jobs) chunks beyond
 * the one being read and wait for the caller otherwise, so memory is
 * bounded by that many chunks whatever the file's size. A chunk that fails
 * makes reader_par_next return -2 before any of its rows: the caller
 * redoes the file serially (reader.c), so an error's message and line are
 * the serial ones.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader_impl.h"
#include "strbuf.h"
#include "xmem.h"

/* Bytes a chunk holds at least, unless KPIDESK_XML_CHUNK_MIN says (a test
 * knob): big enough that a parser's start is noise, small enough that
 * PAR_AHEAD chunks of rows stay a few MiB. */
#define PAR_MIN_DEFAULT	(1024 * 1024)
#define PAR_AHEAD(jobs)	(2 * (size_t)(jobs))
#define PAR_THREADS	8

enum { PAR_PENDING, PAR_DONE };

struct par_chunk {
	int			 state;		/* under the mutex */
	int			 rc;		/* 0: parsed; -1: failed */
	struct strbuf		 arena;
	size_t			*line, *nf, *first;	/* per row */
	size_t			 nrows, rcap;
	size_t			*noff, *voff, *lens;	/* per field */
	size_t			 nfields, fcap;
	struct reader_info	 info;
};

struct reader_par {
	struct reader_src	*src;
	struct reader_limits	 lim;
	size_t			 n;
	uint64_t		*off, *line0;
	char			*pre, *suf, *record;
	struct par_chunk	*ch;
	pthread_t		 th[PAR_THREADS];
	size_t			 nth;
	size_t			 ahead;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv_done;	/* a chunk was parsed */
	pthread_cond_t		 cv_go;		/* the caller moved on, or stop */
	size_t			 next;		/* the next chunk to parse */
	size_t			 cur;		/* the chunk the caller reads */
	atomic_int		 stop;

	/* The caller's side only. */
	int			 ready;		/* cur is parsed and checked */
	size_t			 pos;		/* the next row of cur */
	uint64_t		 handed;
	const char		**names, **values;
	size_t			 cap;
	struct reader_info	 info;		/* chunk 0's, once read */
};

static uint64_t	par_min;

void
reader_par_set_min(uint64_t min)
{
	par_min = min;
}

uint64_t
reader_par_min(void)
{
	const char *env = getenv("KPIDESK_XML_CHUNK_MIN");
	unsigned long long v;
	char *end;

	if (par_min != 0)
		return par_min;
	if (env != NULL && *env != '\0') {
		v = strtoull(env, &end, 10);
		if (*end == '\0' && v > 0)
			return v;
	}
	return PAR_MIN_DEFAULT;
}

/* Copy row into c (a parser thread). */
static void
par_chunk_add(struct par_chunk *c, const struct reader_row *row)
{
	size_t i, k;

	if (c->nrows == c->rcap) {
		c->rcap = c->rcap == 0 ? 1024 : c->rcap * 2;
		c->line = xreallocarray(c->line, c->rcap, sizeof *c->line);
		c->nf = xreallocarray(c->nf, c->rcap, sizeof *c->nf);
		c->first = xreallocarray(c->first, c->rcap, sizeof *c->first);
	}
	if (c->nfields + row->n > c->fcap) {
		c->fcap = c->fcap == 0 ? 8192 : c->fcap;
		while (c->fcap < c->nfields + row->n)
			c->fcap *= 2;
		c->noff = xreallocarray(c->noff, c->fcap, sizeof *c->noff);
		c->voff = xreallocarray(c->voff, c->fcap, sizeof *c->voff);
		c->lens = xreallocarray(c->lens, c->fcap, sizeof *c->lens);
	}
	c->line[c->nrows] = row->line;
	c->nf[c->nrows] = row->n;
	c->first[c->nrows] = c->nfields;
	c->nrows++;
	for (i = 0; i < row->n; i++) {
		k = c->nfields++;
		c->noff[k] = c->arena.len;
		strbuf_puts(&c->arena, row->names[i]);
		strbuf_putc(&c->arena, '\0');
		c->voff[k] = c->arena.len;
		c->lens[k] = row->lens[i];
		strbuf_add(&c->arena, row->values[i], row->lens[i]);
		strbuf_putc(&c->arena, '\0');
	}
}

static void
par_chunk_clear(struct par_chunk *c)
{
	strbuf_free(&c->arena);
	free(c->line);
	free(c->nf);
	free(c->first);
	free(c->noff);
	free(c->voff);
	free(c->lens);
	free(c->info.record);
	free(c->info.sheet);
	memset(c, 0, sizeof *c);
}

/* Parse chunk k whole into its store (a parser thread). */
static void
par_parse(struct reader_par *p, size_t k)
{
	struct par_chunk *c = &p->ch[k];
	struct read_xml_range rg;
	struct reader_row row;
	char *cause = NULL;
	void *x;
	int rc;

	memset(&rg, 0, sizeof rg);
	rg.off = p->off[k];
	rg.end = p->off[k + 1];
	rg.line0 = p->line0[k];
	rg.pre = k == 0 ? "" : p->pre;
	rg.suf = k + 1 == p->n ? "" : p->suf;
	rg.record = k == 0 ? NULL : p->record;
	strbuf_init(&c->arena);
	x = read_xml_open_range(p->src, &p->lim, &rg, &c->info, &cause);
	rc = x == NULL ? -1 : 1;
	while (rc == 1 && !atomic_load(&p->stop)) {
		memset(&row, 0, sizeof row);
		if ((rc = read_xml_ops.next(x, &row, &cause)) == 1)
			par_chunk_add(c, &row);
	}
	if (x != NULL)
		read_xml_ops.close(x);
	free(cause);
	c->rc = rc == 0 ? 0 : -1;
}

static void *
par_main(void *arg)
{
	struct reader_par *p = arg;
	size_t k;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (!atomic_load(&p->stop) && p->next < p->n &&
		    p->next >= p->cur + p->ahead)
			pthread_cond_wait(&p->cv_go, &p->mu);
		if (atomic_load(&p->stop) || p->next >= p->n) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		k = p->next++;
		pthread_mutex_unlock(&p->mu);
		par_parse(p, k);
		pthread_mutex_lock(&p->mu);
		p->ch[k].state = PAR_DONE;
		pthread_cond_broadcast(&p->cv_done);
		pthread_mutex_unlock(&p->mu);
	}
}

struct reader_par *
reader_par_start(struct reader_src *src, const struct reader_limits *lim,
    const struct xml_split *s, unsigned jobs)
{
	struct reader_par *p = xcalloc(1, sizeof *p);
	size_t i, want;

	p->src = src;
	p->lim = *lim;
	p->n = s->n;
	p->off = xreallocarray(NULL, s->n + 1, sizeof *p->off);
	p->line0 = xreallocarray(NULL, s->n + 1, sizeof *p->line0);
	memcpy(p->off, s->off, (s->n + 1) * sizeof *p->off);
	memcpy(p->line0, s->line0, (s->n + 1) * sizeof *p->line0);
	p->pre = xstrdup(s->pre);
	p->suf = xstrdup(s->suf);
	p->record = xstrdup(read_xml_local(s->record));
	p->ch = xcalloc(s->n, sizeof *p->ch);
	p->ahead = PAR_AHEAD(jobs);
	atomic_init(&p->stop, 0);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv_done, NULL);
	pthread_cond_init(&p->cv_go, NULL);
	want = jobs < PAR_THREADS ? jobs : PAR_THREADS;
	if (want > p->n)
		want = p->n;
	for (i = 0; i < want; i++) {
		if (pthread_create(&p->th[i], NULL, par_main, p) != 0)
			break;
		p->nth++;
	}
	if (p->nth == 0) {
		reader_par_free(p);
		return NULL;
	}
	return p;
}

/* Point row at the next row of chunk cur. */
static void
par_fill_row(struct reader_par *p, struct reader_row *row)
{
	const struct par_chunk *c = &p->ch[p->cur];
	size_t r = p->pos++, i, f = c->first[r];

	if (c->nf[r] > p->cap) {
		p->cap = c->nf[r];
		p->names = xreallocarray(p->names, p->cap, sizeof *p->names);
		p->values = xreallocarray(p->values, p->cap,
		    sizeof *p->values);
	}
	for (i = 0; i < c->nf[r]; i++) {
		p->names[i] = c->arena.buf + c->noff[f + i];
		p->values[i] = c->arena.buf + c->voff[f + i];
	}
	row->line = c->line[r];
	row->n = c->nf[r];
	row->header_n = c->nf[r];
	row->names = p->names;
	row->values = p->values;
	row->lens = c->lens + f;
}

int
reader_par_next(struct reader_par *p, struct reader_row *row,
    uint64_t *handed)
{
	struct par_chunk *c;

	for (;;) {
		if (p->cur >= p->n) {
			p->info.chunks = p->n;
			return 0;
		}
		c = &p->ch[p->cur];
		if (!p->ready) {
			pthread_mutex_lock(&p->mu);
			while (c->state != PAR_DONE)
				pthread_cond_wait(&p->cv_done, &p->mu);
			pthread_mutex_unlock(&p->mu);
			p->ready = 1;
			p->pos = 0;
		}
		if (c->rc == -1) {
			*handed = p->handed;
			return -2;
		}
		if (p->pos < c->nrows) {
			par_fill_row(p, row);
			p->handed++;
			return 1;
		}
		if (p->cur == 0) {
			p->info = c->info;
			memset(&c->info, 0, sizeof c->info);
		}
		par_chunk_clear(c);
		p->ready = 0;
		pthread_mutex_lock(&p->mu);
		p->cur++;
		pthread_cond_broadcast(&p->cv_go);
		pthread_mutex_unlock(&p->mu);
	}
}

uint64_t
reader_par_bytes(const struct reader_par *p)
{
	return p->off[p->cur < p->n ? p->cur + 1 : p->n];
}

const struct reader_info *
reader_par_info(const struct reader_par *p)
{
	return &p->info;
}

void
reader_par_free(struct reader_par *p)
{
	size_t i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	atomic_store(&p->stop, 1);
	pthread_cond_broadcast(&p->cv_go);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	pthread_cond_destroy(&p->cv_done);
	pthread_cond_destroy(&p->cv_go);
	pthread_mutex_destroy(&p->mu);
	for (i = 0; i < p->n; i++)
		par_chunk_clear(&p->ch[i]);
	free(p->ch);
	free(p->off);
	free(p->line0);
	free(p->pre);
	free(p->suf);
	free(p->record);
	free(p->info.record);
	free(p->info.sheet);
	free(p->names);
	free(p->values);
	free(p);
}
