/*
 * read_xml: the orders XML reader, and the hardened expat set-up it shares
 * with the XLSX reader.
 *
 * The document is <orders><order><field>text</field>...</order>...</orders>.
 * Each <order> is one row: its child elements, in document order, give the
 * names and values (the text of a child, concatenated across callbacks,
 * with CDATA, predefined entities and character references decoded by
 * expat). Unknown children are returned like the others (rules.c flags
 * them); an element inside a child is an error.
 *
 * Streaming: the file goes to expat in READER_CHUNK blocks; the end handler
 * of each </order> suspends the parser, reader_next returns that row and the
 * next call resumes. Only one row is ever held.
 *
 * Hardening (Debian's expat 2.5.0 misses some later fixes): any DOCTYPE and
 * any entity declaration stop the parse, parameter entities are never
 * parsed, no external entity handler is set, expat allocates through a
 * counting allocator refused past max_xml_alloc, and depth, columns and
 * field size are capped.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "log.h"
#include "reader_impl.h"
#include "strbuf.h"
#include "xmem.h"

/* ---- the hardened parser */

/* Each expat allocation carries its size and guard in front of it. */
union read_xml_hdr {
	max_align_t	align;
	struct {
		size_t			 size;
		struct read_xml_guard	*g;
	} h;
};

/*
 * expat's memory suite has no context pointer: a new allocation is charged
 * to the guard whose parser is running, set in this thread-local around
 * every expat call that may allocate; realloc and free find the guard in
 * the block's header.
 */
static _Thread_local struct read_xml_guard	*read_xml_cur;

static void *
read_xml_malloc(size_t size)
{
	struct read_xml_guard *g = read_xml_cur;
	union read_xml_hdr *h;

	if (g == NULL)
		return NULL;
	if (size > g->max_alloc - g->used) {
		g->refused = 1;
		return NULL;
	}
	h = xmalloc(sizeof *h + size);
	h->h.size = size;
	h->h.g = g;
	g->used += size;
	return h + 1;
}

static void *
read_xml_realloc(void *ptr, size_t size)
{
	union read_xml_hdr *h;
	struct read_xml_guard *g;
	size_t old;

	if (ptr == NULL)
		return read_xml_malloc(size);
	h = (union read_xml_hdr *)ptr - 1;
	g = h->h.g;
	old = h->h.size;
	if (size > old && size - old > g->max_alloc - g->used) {
		g->refused = 1;
		return NULL;
	}
	h = xreallocarray(h, 1, sizeof *h + size);
	h->h.size = size;
	g->used = g->used - old + size;
	return h + 1;
}

static void
read_xml_free(void *ptr)
{
	union read_xml_hdr *h;

	if (ptr == NULL)
		return;
	h = (union read_xml_hdr *)ptr - 1;
	h->h.g->used -= h->h.size;
	free(h);
}

static void XMLCALL
read_xml_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	struct read_xml_guard *g = ud;

	read_xml_guard_fail(g, xasprintf("line %llu: DOCTYPE is not allowed "
	    "(DTDs and entities are refused)",
	    (unsigned long long)XML_GetCurrentLineNumber(g->parser)));
}

static void XMLCALL
read_xml_entity(void *ud, const XML_Char *name, int is_param,
    const XML_Char *value, int value_len, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid, const XML_Char *notation)
{
	struct read_xml_guard *g = ud;

	read_xml_guard_fail(g, xasprintf("line %llu: entity declarations are "
	    "not allowed",
	    (unsigned long long)XML_GetCurrentLineNumber(g->parser)));
}

int
read_xml_guard_init(struct read_xml_guard *g, size_t max_alloc, void *user,
    char **cause)
{
	static const XML_Memory_Handling_Suite ms = {
		read_xml_malloc, read_xml_realloc, read_xml_free
	};

	memset(g, 0, sizeof *g);
	g->max_alloc = max_alloc;
	g->user = user;
	read_xml_cur = g;
	g->parser = XML_ParserCreate_MM(NULL, &ms, NULL);
	read_xml_cur = NULL;
	if (g->parser == NULL) {
		*cause = xasprintf("cannot start the XML parser within %zu "
		    "bytes", max_alloc);
		return -1;
	}
	XML_SetUserData(g->parser, g);
	XML_SetStartDoctypeDeclHandler(g->parser, read_xml_doctype);
	XML_SetEntityDeclHandler(g->parser, read_xml_entity);
	XML_SetParamEntityParsing(g->parser, XML_PARAM_ENTITY_PARSING_NEVER);
	return 0;
}

void
read_xml_guard_free(struct read_xml_guard *g)
{
	if (g->parser != NULL)
		XML_ParserFree(g->parser);
	g->parser = NULL;
	free(g->error);
	g->error = NULL;
}

void
read_xml_guard_fail(struct read_xml_guard *g, char *msg)
{
	if (g->error == NULL)
		g->error = msg;
	else
		free(msg);
	XML_StopParser(g->parser, XML_FALSE);
}

void
read_xml_guard_suspend(struct read_xml_guard *g)
{
	XML_StopParser(g->parser, XML_TRUE);
}

void *
read_xml_guard_buffer(struct read_xml_guard *g, size_t len)
{
	void *buf;

	read_xml_cur = g;
	buf = XML_GetBuffer(g->parser, (int)len);
	read_xml_cur = NULL;
	return buf;
}

enum XML_Status
read_xml_guard_parse(struct read_xml_guard *g, size_t len, int final)
{
	enum XML_Status st;

	read_xml_cur = g;
	st = XML_ParseBuffer(g->parser, (int)len, final);
	read_xml_cur = NULL;
	return st;
}

enum XML_Status
read_xml_guard_resume(struct read_xml_guard *g)
{
	enum XML_Status st;

	read_xml_cur = g;
	st = XML_ResumeParser(g->parser);
	read_xml_cur = NULL;
	return st;
}

char *
read_xml_guard_cause(struct read_xml_guard *g, const char *where)
{
	enum XML_Error code = XML_GetErrorCode(g->parser);
	unsigned long long line;
	const char *sep;
	char *msg;

	if (g->error != NULL) {
		msg = g->error;
		g->error = NULL;
		return msg;
	}
	line = (unsigned long long)XML_GetCurrentLineNumber(g->parser);
	sep = where != NULL ? ", " : "";
	if (where == NULL)
		where = "";
	if (g->refused || code == XML_ERROR_NO_MEMORY) {
		return xasprintf("%s%sline %llu: the XML needs more than %zu "
		    "bytes of parser memory", where, sep, line, g->max_alloc);
	}
	return xasprintf("%s%sline %llu: XML error: %s", where, sep, line,
	    XML_ErrorString(code));
}

const char *
read_xml_local(const char *name)
{
	const char *colon = strrchr(name, ':');

	return colon != NULL ? colon + 1 : name;
}

/* ---- the orders reader */

static size_t	read_xml_chunk = READER_CHUNK;

struct xml_state {
	struct reader_src	*src;
	struct reader_info	*info;
	struct reader_limits	 lim;
	struct read_xml_guard	 g;
	size_t			 chunk;
	uint64_t		 fed;
	int			 suspended;
	int			 final_sent;
	int			 done;
	size_t			 depth;

	/* The order being built: names and values NUL-separated in arena. */
	struct strbuf		 arena;
	size_t			*noff;
	size_t			*voff;
	size_t			*lens;
	const char		**names;
	const char		**values;
	size_t			 ncap;		/* of names and values */
	size_t			 n;
	size_t			 cap;
	size_t			 line;
	int			 ready;		/* an </order> was seen */
};

void
read_xml_set_chunk(size_t len)
{
	read_xml_chunk = len == 0 ? READER_CHUNK : len;
}

static unsigned long long
read_xml_line(const struct xml_state *x)
{
	return (unsigned long long)XML_GetCurrentLineNumber(x->g.parser);
}

static void XMLCALL
read_xml_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
	struct read_xml_guard *g = ud;
	struct xml_state *x = g->user;
	char *safe = NULL;

	if (g->error != NULL)
		return;
	x->depth++;
	if (x->depth > x->lim.max_depth) {
		read_xml_guard_fail(g, xasprintf("line %llu: elements nested "
		    "deeper than %zu levels", read_xml_line(x),
		    x->lim.max_depth));
		return;
	}
	switch (x->depth) {
	case 1:
		if (strcmp(name, "orders") != 0) {
			safe = reader_printable(name, 64);
			read_xml_guard_fail(g, xasprintf("line %llu: the root "
			    "element is <%s>, expected <orders>",
			    read_xml_line(x), safe));
		}
		break;
	case 2:
		if (strcmp(name, "order") != 0) {
			safe = reader_printable(name, 64);
			read_xml_guard_fail(g, xasprintf("line %llu: "
			    "unexpected <%s> inside <orders>, expected <order>",
			    read_xml_line(x), safe));
			break;
		}
		strbuf_reset(&x->arena);
		x->n = 0;
		x->line = (size_t)read_xml_line(x);
		break;
	case 3:
		if (x->n == x->lim.max_columns) {
			read_xml_guard_fail(g, xasprintf("line %llu: more than "
			    "%zu fields in one <order>", read_xml_line(x),
			    x->lim.max_columns));
			break;
		}
		if (x->n == x->cap) {
			x->cap = x->cap == 0 ? 8 : x->cap * 2;
			x->noff = xreallocarray(x->noff, x->cap,
			    sizeof *x->noff);
			x->voff = xreallocarray(x->voff, x->cap,
			    sizeof *x->voff);
			x->lens = xreallocarray(x->lens, x->cap,
			    sizeof *x->lens);
		}
		x->noff[x->n] = x->arena.len;
		strbuf_add(&x->arena, name, strlen(name) + 1);
		x->voff[x->n] = x->arena.len;
		break;
	default:
		safe = reader_printable(name, 64);
		read_xml_guard_fail(g, xasprintf("line %llu: element <%s> "
		    "inside a field of an <order>; fields hold only text",
		    read_xml_line(x), safe));
		break;
	}
	free(safe);
}

static void XMLCALL
read_xml_end(void *ud, const XML_Char *name)
{
	struct read_xml_guard *g = ud;
	struct xml_state *x = g->user;

	if (g->error != NULL)
		return;
	if (x->depth == 3) {
		x->lens[x->n] = x->arena.len - x->voff[x->n];
		strbuf_putc(&x->arena, '\0');
		x->n++;
	} else if (x->depth == 2) {
		x->ready = 1;
		read_xml_guard_suspend(g);
	}
	x->depth--;
}

static void XMLCALL
read_xml_text(void *ud, const XML_Char *s, int len)
{
	struct read_xml_guard *g = ud;
	struct xml_state *x = g->user;
	char *safe;

	if (g->error != NULL || x->depth != 3)
		return;	/* text between elements is layout */
	if ((size_t)len > x->lim.max_field - (x->arena.len - x->voff[x->n])) {
		safe = reader_printable(x->arena.buf + x->noff[x->n], 64);
		read_xml_guard_fail(g, xasprintf("line %llu: <%s> is longer "
		    "than %zu bytes", read_xml_line(x), safe,
		    x->lim.max_field));
		free(safe);
		return;
	}
	strbuf_add(&x->arena, s, (size_t)len);
}

static void *
read_xml_open(struct reader_src *src, const struct reader_limits *lim,
    const struct reader_opts *opts, struct reader_info *info, char **cause)
{
	struct xml_state *x;

	x = xcalloc(1, sizeof *x);
	x->src = src;
	x->info = info;
	info->encoding = "UTF-8";
	x->lim = *lim;
	x->chunk = read_xml_chunk;
	strbuf_init(&x->arena);
	if (read_xml_guard_init(&x->g, lim->max_xml_alloc, x, cause) != 0)
		goto err;
	XML_SetElementHandler(x->g.parser, read_xml_start, read_xml_end);
	XML_SetCharacterDataHandler(x->g.parser, read_xml_text);
	return x;

err:
	read_xml_guard_free(&x->g);
	free(x);
	return NULL;
}

static void
read_xml_fill_row(struct xml_state *x, struct reader_row *row)
{
	size_t i;

	/* The arrays grow with the offsets (x->cap), once, not per row. */
	if (x->ncap < x->cap || x->names == NULL) {
		x->ncap = x->cap > 0 ? x->cap : 1;
		x->names = xreallocarray(x->names, x->ncap, sizeof *x->names);
		x->values = xreallocarray(x->values, x->ncap,
		    sizeof *x->values);
	}
	for (i = 0; i < x->n; i++) {
		x->names[i] = x->arena.buf + x->noff[i];
		x->values[i] = x->arena.buf + x->voff[i];
	}
	row->line = x->line;
	row->n = x->n;
	row->header_n = x->n;
	row->names = x->names;
	row->values = x->values;
	row->lens = x->lens;
}

static int
read_xml_next(void *state, struct reader_row *row, char **cause)
{
	struct xml_state *x = state;
	enum XML_Status st;
	void *buf;
	ssize_t got;
	size_t n;

	for (;;) {
		if (x->ready) {
			x->ready = 0;
			read_xml_fill_row(x, row);
			return 1;
		}
		if (x->done)
			return 0;
		if (x->suspended)
			st = read_xml_guard_resume(&x->g);
		else if (x->final_sent) {
			x->done = 1;
			continue;
		} else {
			buf = read_xml_guard_buffer(&x->g, x->chunk);
			if (buf == NULL) {
				*cause = read_xml_guard_cause(&x->g, NULL);
				return -1;
			}
			if ((got = reader_src_read(x->src, buf, x->chunk,
			    cause)) == -1)
				return -1;
			n = (size_t)got;
			x->fed += n;
			x->final_sent = n == 0;
			st = read_xml_guard_parse(&x->g, n, x->final_sent);
		}
		if (st == XML_STATUS_ERROR) {
			*cause = read_xml_guard_cause(&x->g, NULL);
			return -1;
		}
		x->suspended = st == XML_STATUS_SUSPENDED;
	}
}

static uint64_t
read_xml_bytes(const void *state)
{
	const struct xml_state *x = state;

	return x->fed;
}

static void
read_xml_close(void *state)
{
	struct xml_state *x = state;

	read_xml_guard_free(&x->g);
	strbuf_free(&x->arena);
	free(x->noff);
	free(x->voff);
	free(x->lens);
	free(x->names);
	free(x->values);
	free(x);
}

const struct reader_ops read_xml_ops = {
	"xml",
	read_xml_open,
	read_xml_next,
	read_xml_bytes,
	read_xml_close
};
