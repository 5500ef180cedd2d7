/*
 * read_xml_split: where an orders XML file may be cut into chunks that
 * separate expat parsers read (issue 17, reader_par.c).
 *
 * One pass over the bytes, block by block, with a small state machine that
 * knows just enough XML to be sure: text, tags (with quoted attribute
 * values, which may hold '>'), end tags, comments, CDATA sections and
 * processing instructions. A cut goes at the '<' of a record's start tag
 * (an element child of the root with the first record's name, counted by
 * depth) once the chunk before it holds at least min bytes: outside any
 * comment, CDATA or PI by construction. Anything this scanner does not know
 * to be harmless makes the plan unusable and the file is read serially: a
 * DOCTYPE or any other "<!" declaration, a byte order mark or declared
 * encoding that is not ASCII-compatible, NUL bytes at the start, a name
 * longer than XML_SPLIT_NAME, an element after the root's end, or a file
 * that does not end outside every construct after the root.
 *
 * Each chunk after the first is parsed as the XML declaration (line breaks
 * in it made spaces, so it stays on one line) and the root's start tag,
 * then the chunk's bytes; each chunk before the last is followed by the
 * root's end tag. Line breaks are counted as expat counts them (CR LF, CR and
 * LF each one), so line0[k] + a chunk parser's line is the file's line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader_impl.h"
#include "xmem.h"

enum {
	XS_TEXT, XS_LT, XS_BANG, XS_COMMENT, XS_CDATA, XS_PI, XS_ETAG,
	XS_NAME, XS_ATTR, XS_DQ, XS_SQ
};

void
xml_split_init(struct xml_split *s, uint64_t min)
{
	memset(s, 0, sizeof *s);
	s->min = min == 0 ? 1 : min;
	s->st = XS_TEXT;
	s->cap = 16;
	s->off = xreallocarray(NULL, s->cap, sizeof *s->off);
	s->line0 = xreallocarray(NULL, s->cap, sizeof *s->line0);
	s->off[0] = 0;
	s->line0[0] = 0;
	s->n = 1;
}

void
xml_split_free(struct xml_split *s)
{
	free(s->off);
	free(s->line0);
	free(s->pre);
	free(s->suf);
	memset(s, 0, sizeof *s);
}

static void
xml_split_bail(struct xml_split *s, const char *why)
{
	if (s->why == NULL)
		s->why = why;
}

/* The encodings whose bytes below 128 are ASCII, as the reader knows them. */
static int
xml_split_encoding_ok(const char *decl)
{
	static const char *const ok[] = {
		"UTF-8", "ISO-8859-1", "US-ASCII", "windows-1252", "cp1252"
	};
	const char *p = strstr(decl, "encoding");
	char q, name[32];
	size_t i;

	if (p == NULL)
		return 1;	/* UTF-8, or a BOM checked apart */
	p += strlen("encoding");
	while (*p == ' ' || *p == '=')
		p++;
	if (*p != '"' && *p != '\'')
		return 0;
	q = *p++;
	for (i = 0; p[i] != q && p[i] != '\0' && i < sizeof name - 1; i++)
		name[i] = p[i];
	if (p[i] != q)
		return 0;
	name[i] = '\0';
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (strcasecmp(name, ok[i]) == 0)
			return 1;
	}
	return 0;
}

/* A PI ended: if it was the XML declaration, keep it for the chunks. */
static void
xml_split_pi_end(struct xml_split *s)
{
	size_t i;

	if (!s->in_decl)
		return;
	s->in_decl = 0;
	s->decl[s->ndecl] = '\0';
	if (strncmp(s->decl, "<?xml", 5) != 0 || (s->decl[5] != ' ' &&
	    s->decl[5] != '\t' && s->decl[5] != '\r' && s->decl[5] != '\n'))
		return;		/* another PI at the start */
	for (i = 0; i < s->ndecl; i++) {
		if (s->decl[i] == '\r' || s->decl[i] == '\n' ||
		    s->decl[i] == '\t')
			s->decl[i] = ' ';
	}
	if (!xml_split_encoding_ok(s->decl))
		xml_split_bail(s, "its declared encoding");
	s->has_decl = 1;
}

/* A start tag ended (empty: "/>"): follow the depth, maybe cut. */
static void
xml_split_stag(struct xml_split *s, int empty)
{
	s->name[s->nname] = '\0';
	if (s->depth == 0) {
		if (s->root_seen) {
			xml_split_bail(s, "an element after the root");
			return;
		}
		s->root_seen = 1;
		memcpy(s->root, s->name, s->nname + 1);
	} else if (s->depth == 1) {
		if (s->record[0] == '\0')
			memcpy(s->record, s->name, s->nname + 1);
		else if (strcmp(s->record, s->name) == 0 &&
		    s->tag_off - s->off[s->n - 1] >= s->min) {
			if (s->n == s->cap) {
				s->cap *= 2;
				s->off = xreallocarray(s->off, s->cap,
				    sizeof *s->off);
				s->line0 = xreallocarray(s->line0, s->cap,
				    sizeof *s->line0);
			}
			s->off[s->n] = s->tag_off;
			s->line0[s->n] = s->tag_nl;
			s->n++;
		}
	}
	if (!empty)
		s->depth++;
}

/* One byte in the current state. */
static void
xml_split_byte(struct xml_split *s, unsigned char c)
{
	switch (s->st) {
	case XS_TEXT:
		if (c == '<') {
			s->tag_off = s->pos;
			s->tag_nl = s->nl;
			s->st = XS_LT;
			if (s->pos == s->bom && s->ndecl == 0) {
				s->in_decl = 1;
				s->decl[s->ndecl++] = '<';
			}
		}
		break;
	case XS_LT:
		if (c != '?')
			s->in_decl = 0;
		if (c == '!') {
			s->st = XS_BANG;
			s->k = 0;
		} else if (c == '?') {
			s->st = XS_PI;
			s->k = 0;
		} else if (c == '/') {
			s->st = XS_ETAG;
			if (s->depth == 0)
				xml_split_bail(s, "an end tag outside the root");
			else
				s->depth--;
		} else {
			s->st = XS_NAME;
			s->nname = 0;
			s->name[s->nname++] = (char)c;
		}
		break;
	case XS_BANG:
		if (s->k == 0 && c == '-')
			s->k = 100;
		else if (s->k == 100 && c == '-') {
			s->st = XS_COMMENT;
			s->k = 0;
		} else if (s->k < 7 && c == (unsigned char)"[CDATA["[s->k]) {
			if (++s->k == 7) {
				s->st = XS_CDATA;
				s->k = 0;
			}
		} else
			xml_split_bail(s, "a DOCTYPE or other declaration");
		break;
	case XS_COMMENT:
		if (c == '>' && s->k >= 2)
			s->st = XS_TEXT;
		s->k = c == '-' ? s->k + 1 : 0;
		break;
	case XS_CDATA:
		if (c == '>' && s->k >= 2)
			s->st = XS_TEXT;
		s->k = c == ']' ? s->k + 1 : 0;
		break;
	case XS_PI:
		if (c == '>' && s->k == 1) {
			s->st = XS_TEXT;
			xml_split_pi_end(s);
		}
		s->k = c == '?';
		break;
	case XS_ETAG:
		if (c == '>')
			s->st = XS_TEXT;
		break;
	case XS_NAME:
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			s->st = XS_ATTR;
			s->k = 0;
		} else if (c == '>' || c == '/') {
			s->st = XS_ATTR;
			s->k = 0;
			xml_split_byte(s, c);
		} else if (s->nname == XML_SPLIT_NAME)
			xml_split_bail(s, "a long element name");
		else
			s->name[s->nname++] = (char)c;
		break;
	case XS_ATTR:
		if (c == '>') {
			s->st = XS_TEXT;
			xml_split_stag(s, s->k);
		} else if (c == '"')
			s->st = XS_DQ;
		else if (c == '\'')
			s->st = XS_SQ;
		s->k = c == '/';
		break;
	case XS_DQ:
		if (c == '"')
			s->st = XS_ATTR;
		break;
	case XS_SQ:
		if (c == '\'')
			s->st = XS_ATTR;
		break;
	}
}

/*
 * In text or an end tag, past the first bytes: skip to the byte that ends
 * the state ('<' or '>'), counting line breaks without a branch a byte;
 * the scan is a pass over the whole file before any chunk is parsed.
 * Returns where the byte is, or end.
 */
static const unsigned char *
xml_split_skip(struct xml_split *s, const unsigned char *p,
    const unsigned char *end, int stop)
{
	const unsigned char *q = memchr(p, stop, (size_t)(end - p));
	const unsigned char *e = q != NULL ? q : end, *start = p;
	unsigned char prev = s->prev, c;
	uint64_t nl = 0;

	for (; p < e; p++) {
		c = *p;
		nl += (uint64_t)((c == '\r') | ((c == '\n') & (prev != '\r')));
		prev = c;
	}
	s->nl += nl;
	s->prev = prev;
	s->pos += (uint64_t)(e - start);
	return e;
}

int
xml_split_scan(struct xml_split *s, const void *buf, size_t len)
{
	const unsigned char *p = buf, *end = p + len;
	unsigned char c;

	for (; p < end && s->why == NULL; p++) {
		if (s->pos >= 4 && !s->in_decl &&
		    (s->st == XS_TEXT || s->st == XS_ETAG)) {
			p = xml_split_skip(s, p, end, s->st == XS_TEXT ? '<' :
			    '>');
			if (p == end)
				break;
		}
		if (s->st == XS_NAME && !s->in_decl) {
			/* A tag's name: no line breaks in it. */
			while (p < end && s->nname < XML_SPLIT_NAME &&
			    *p != ' ' && *p != '\t' && *p != '\r' &&
			    *p != '\n' && *p != '>' && *p != '/') {
				s->name[s->nname++] = (char)*p;
				s->prev = *p++;
				s->pos++;
			}
			if (p == end)
				break;
		}
		c = *p;
		if (s->pos < 4) {
			if (c == 0 || (s->pos == 0 && (c == 0xfe || c == 0xff)))
				xml_split_bail(s, "a UTF-16 or UTF-32 file");
			s->head[s->pos] = c;
			if (s->pos == 2 && memcmp(s->head, "\xef\xbb\xbf", 3) == 0)
				s->bom = 3;
		}
		if (c == '\r' || (c == '\n' && s->prev != '\r'))
			s->nl++;
		s->prev = c;
		if (s->in_decl) {
			if (s->ndecl == sizeof s->decl - 1)
				xml_split_bail(s, "a long XML declaration");
			else
				s->decl[s->ndecl++] = (char)c;
		}
		/* The common case, text between tags, without the switch. */
		if (s->st == XS_TEXT && c != '<') {
			s->pos++;
			continue;
		}
		xml_split_byte(s, c);
		s->pos++;
	}
	return s->why != NULL ? -1 : 0;
}

int
xml_split_end(struct xml_split *s)
{
	if (s->why == NULL && (s->st != XS_TEXT || s->depth != 0 ||
	    !s->root_seen))
		xml_split_bail(s, "a file that does not end after its root");
	if (s->why == NULL && s->n < 2)
		xml_split_bail(s, "a file too small to split");
	if (s->why != NULL)
		return -1;
	if (s->n == s->cap) {
		s->off = xreallocarray(s->off, s->cap + 1, sizeof *s->off);
		s->line0 = xreallocarray(s->line0, s->cap + 1,
		    sizeof *s->line0);
	}
	s->off[s->n] = s->pos;
	s->line0[s->n] = s->nl;
	s->pre = xasprintf("%s<%s>", s->has_decl ? s->decl : "", s->root);
	s->suf = xasprintf("</%s>", s->root);
	return 0;
}
