/*
 * reader_pipe: a file reader's parse on a thread of its own (issue 17).
 *
 * The parser thread calls the format's next() and copies each row into a
 * batch (names and values in one arena); full batches go through a bounded
 * queue to the caller's thread, which hands their rows out through
 * reader_next exactly as the serial reader would (the same rows, lines,
 * errors and order: the rows come from the same code, only copied).
 * PIPE_BATCHES batches of at most PIPE_ROWS rows or PIPE_BYTES bytes (plus
 * one row) exist at any time, recycled through a free list, so memory
 * stays flat whatever the file's size. The parser thread alone touches the
 * format's state and the file (and its hash) until it has ended; the
 * caller touches them again only after joining it.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader_impl.h"
#include "strbuf.h"
#include "xmem.h"

#define PIPE_BATCHES	4
#define PIPE_ROWS	2048
#define PIPE_BYTES	(256 * 1024)

struct pipe_rec {
	size_t		line;
	size_t		n;
	size_t		first;		/* its first field in noff/voff/lens */
};

struct pipe_batch {
	struct strbuf	 arena;		/* names and values, NUL-terminated */
	struct pipe_rec	*rows;
	size_t		 nrows;
	size_t		*noff, *voff, *lens;
	size_t		 nfields, fcap;
	int		 rc;		/* 1: more follow; 0: end; -1: error */
	char		*cause;		/* rc == -1 */
	uint64_t	 bytes;		/* input consumed after its last row */
};

struct reader_pipe {
	const struct reader_ops	*ops;
	void			*state;
	pthread_t		 thread;
	int			 joined;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv_full;	/* a batch was queued */
	pthread_cond_t		 cv_free;	/* a batch was freed, or stop */
	int			 stop;
	struct pipe_batch	 pool[PIPE_BATCHES];
	struct pipe_batch	*full[PIPE_BATCHES];	/* FIFO ring */
	size_t			 full_head, full_n;
	struct pipe_batch	*free_[PIPE_BATCHES];	/* stack */
	size_t			 free_n;

	/* The caller's side only. */
	struct pipe_batch	*cur;
	size_t			 pos;
	int			 ended;		/* the last batch was handed out */
	uint64_t		 bytes;
	const char		**names, **values;
	size_t			 cap;
};

static void
pipe_batch_reset(struct pipe_batch *b)
{
	strbuf_reset(&b->arena);
	b->nrows = 0;
	b->nfields = 0;
	b->rc = 1;
	free(b->cause);
	b->cause = NULL;
}

/* Copy row into b (the parser thread). */
static void
pipe_batch_add(struct pipe_batch *b, const struct reader_row *row)
{
	struct pipe_rec *rec;
	size_t i, k;

	if (b->nfields + row->n > b->fcap) {
		b->fcap = b->fcap == 0 ? 8192 : b->fcap;
		while (b->fcap < b->nfields + row->n)
			b->fcap *= 2;
		b->noff = xreallocarray(b->noff, b->fcap, sizeof *b->noff);
		b->voff = xreallocarray(b->voff, b->fcap, sizeof *b->voff);
		b->lens = xreallocarray(b->lens, b->fcap, sizeof *b->lens);
	}
	rec = &b->rows[b->nrows++];
	rec->line = row->line;
	rec->n = row->n;
	rec->first = b->nfields;
	for (i = 0; i < row->n; i++) {
		k = b->nfields++;
		b->noff[k] = b->arena.len;
		strbuf_puts(&b->arena, row->names[i] != NULL ?
		    row->names[i] : "");
		strbuf_putc(&b->arena, '\0');
		b->voff[k] = b->arena.len;
		b->lens[k] = row->lens[i];
		strbuf_add(&b->arena, row->values[i], row->lens[i]);
		strbuf_putc(&b->arena, '\0');
	}
}

/* A free batch for the parser thread, or NULL once the caller stopped. */
static struct pipe_batch *
pipe_take_free(struct reader_pipe *p)
{
	struct pipe_batch *b = NULL;

	pthread_mutex_lock(&p->mu);
	while (p->free_n == 0 && !p->stop)
		pthread_cond_wait(&p->cv_free, &p->mu);
	if (!p->stop)
		b = p->free_[--p->free_n];
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void
pipe_put_full(struct reader_pipe *p, struct pipe_batch *b)
{
	pthread_mutex_lock(&p->mu);
	p->full[(p->full_head + p->full_n++) % PIPE_BATCHES] = b;
	pthread_cond_signal(&p->cv_full);
	pthread_mutex_unlock(&p->mu);
}

/* The parser thread: fill batches until the end, an error or a stop. */
static void *
pipe_main(void *arg)
{
	struct reader_pipe *p = arg;
	struct reader_row row;
	struct pipe_batch *b;
	int rc = 1;

	while (rc == 1 && (b = pipe_take_free(p)) != NULL) {
		pipe_batch_reset(b);
		while (b->nrows < PIPE_ROWS && b->arena.len < PIPE_BYTES) {
			memset(&row, 0, sizeof row);
			if ((rc = p->ops->next(p->state, &row,
			    &b->cause)) != 1)
				break;
			pipe_batch_add(b, &row);
		}
		b->rc = rc;
		b->bytes = p->ops->bytes(p->state);
		pipe_put_full(p, b);
	}
	return NULL;
}

struct reader_pipe *
reader_pipe_start(const struct reader_ops *ops, void *state)
{
	struct reader_pipe *p = xcalloc(1, sizeof *p);
	size_t i;

	p->ops = ops;
	p->state = state;
	for (i = 0; i < PIPE_BATCHES; i++) {
		strbuf_init(&p->pool[i].arena);
		p->pool[i].rows = xreallocarray(NULL, PIPE_ROWS,
		    sizeof *p->pool[i].rows);
		p->free_[p->free_n++] = &p->pool[i];
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv_full, NULL);
	pthread_cond_init(&p->cv_free, NULL);
	if (pthread_create(&p->thread, NULL, pipe_main, p) != 0) {
		p->joined = 1;	/* no thread: the caller reads serially */
		reader_pipe_free(p);
		return NULL;
	}
	return p;
}

/* Wait for the parser thread to end (it has, or stop was set). */
static void
pipe_join(struct reader_pipe *p)
{
	if (!p->joined) {
		pthread_join(p->thread, NULL);
		p->joined = 1;
	}
}

/* The next full batch (the caller's thread); it always comes, since the
 * parser thread ends only after queueing a batch with rc != 1. */
static struct pipe_batch *
pipe_take_full(struct reader_pipe *p)
{
	struct pipe_batch *b;

	pthread_mutex_lock(&p->mu);
	while (p->full_n == 0)
		pthread_cond_wait(&p->cv_full, &p->mu);
	b = p->full[p->full_head];
	p->full_head = (p->full_head + 1) % PIPE_BATCHES;
	p->full_n--;
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void
pipe_give_free(struct reader_pipe *p, struct pipe_batch *b)
{
	pthread_mutex_lock(&p->mu);
	p->free_[p->free_n++] = b;
	pthread_cond_signal(&p->cv_free);
	pthread_mutex_unlock(&p->mu);
}

/* Point row at record i of the current batch. */
static void
pipe_fill_row(struct reader_pipe *p, struct reader_row *row)
{
	const struct pipe_batch *b = p->cur;
	const struct pipe_rec *rec = &b->rows[p->pos++];
	size_t i;

	if (rec->n > p->cap) {
		p->cap = rec->n;
		p->names = xreallocarray(p->names, p->cap, sizeof *p->names);
		p->values = xreallocarray(p->values, p->cap,
		    sizeof *p->values);
	}
	for (i = 0; i < rec->n; i++) {
		p->names[i] = b->arena.buf + b->noff[rec->first + i];
		p->values[i] = b->arena.buf + b->voff[rec->first + i];
	}
	row->line = rec->line;
	row->n = rec->n;
	row->header_n = rec->n;
	row->names = p->names;
	row->values = p->values;
	row->lens = b->lens + rec->first;
}

int
reader_pipe_next(struct reader_pipe *p, struct reader_row *row, char **cause)
{
	for (;;) {
		if (p->cur != NULL && p->pos < p->cur->nrows) {
			pipe_fill_row(p, row);
			return 1;
		}
		if (p->ended) {
			if (p->cur->rc == -1) {
				*cause = p->cur->cause != NULL ?
				    p->cur->cause : xstrdup("the reader "
				    "already failed");
				p->cur->cause = NULL;
			}
			return p->cur->rc;
		}
		if (p->cur != NULL)
			pipe_give_free(p, p->cur);
		p->cur = pipe_take_full(p);
		p->pos = 0;
		p->bytes = p->cur->bytes;
		if (p->cur->rc != 1) {
			/* The parser thread has queued its last batch. */
			p->ended = 1;
			pipe_join(p);
		}
	}
}

uint64_t
reader_pipe_bytes(const struct reader_pipe *p)
{
	return p->bytes;
}

void
reader_pipe_free(struct reader_pipe *p)
{
	size_t i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv_free);
	pthread_mutex_unlock(&p->mu);
	pipe_join(p);
	pthread_cond_destroy(&p->cv_full);
	pthread_cond_destroy(&p->cv_free);
	pthread_mutex_destroy(&p->mu);
	for (i = 0; i < PIPE_BATCHES; i++) {
		strbuf_free(&p->pool[i].arena);
		free(p->pool[i].rows);
		free(p->pool[i].noff);
		free(p->pool[i].voff);
		free(p->pool[i].lens);
		free(p->pool[i].cause);
	}
	free(p->names);
	free(p->values);
	free(p);
}
