/*
 * read_xml_guard: the hardened expat set-up the XML and XLSX readers share
 * (reader_impl.h): any DOCTYPE and any entity declaration stop the parse,
 * parameter entities are never parsed, no external entity handler is set,
 * and expat allocates through a counting allocator refused past max_alloc.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "log.h"
#include "reader_impl.h"
#include "xmem.h"

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
	    "(DTDs and entities are refused)", read_xml_guard_line(g)));
}

static void XMLCALL
read_xml_entity(void *ud, const XML_Char *name, int is_param,
    const XML_Char *value, int value_len, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid, const XML_Char *notation)
{
	struct read_xml_guard *g = ud;

	read_xml_guard_fail(g, xasprintf("line %llu: entity declarations are "
	    "not allowed", read_xml_guard_line(g)));
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

int
read_xml_guard_step(struct read_xml_guard *g, size_t chunk,
    read_xml_feed feed, void *arg, char **cause)
{
	enum XML_Status st;
	void *buf;
	size_t n;

	if (g->suspended)
		st = read_xml_guard_resume(g);
	else if (g->final_sent)
		return 0;
	else {
		if ((buf = read_xml_guard_buffer(g, chunk)) == NULL)
			return -2;
		if (feed(arg, buf, chunk, &n, cause) == -1)
			return -1;
		g->final_sent = n == 0;
		st = read_xml_guard_parse(g, n, g->final_sent);
	}
	if (st == XML_STATUS_ERROR)
		return -2;
	g->suspended = st == XML_STATUS_SUSPENDED;
	return 1;
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
	line = read_xml_guard_line(g);
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

unsigned long long
read_xml_guard_line(const struct read_xml_guard *g)
{
	return (unsigned long long)XML_GetCurrentLineNumber(g->parser) +
	    g->line0;
}

const char *
read_xml_local(const char *name)
{
	const char *colon = strrchr(name, ':');

	return colon != NULL ? colon + 1 : name;
}
