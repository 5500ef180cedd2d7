/*
 * read_xml: the orders XML reader (the hardened expat set-up it shares with
 * the XLSX reader is read_xml_guard.c).
 *
 * Records: the root element may have any name, and every element child of
 * the root is one record (<orders><order>, <export><order>, pandas'
 * <data><row>): the first one's local name is the record name
 * (reader_info.record), and a child of the root with another local name is
 * an error. A record's fields are its attributes (xmlns declarations
 * aside), then its child elements, in document order: names[] are their
 * local names (expat runs without namespace processing, so "o:order_id"
 * is order_id), values[] the attribute value or the child's text
 * (concatenated across callbacks, with CDATA, predefined entities and
 * character references decoded by expat). A field whose name normalizes
 * (rules_column_name) like an earlier one of the record is dropped: the
 * first wins. Unknown fields are returned like the others (the import
 * flags them); an element inside a field, and text other than whitespace
 * directly inside a record, are errors. Attributes of the root and of the
 * fields are ignored. Each raw name is normalized once and cached, since
 * the names repeat on every record.
 *
 * Encodings: the XML declaration is honoured. expat decodes UTF-8, UTF-16,
 * ISO-8859-1 and US-ASCII; windows-1252 (or cp1252) is decoded through a
 * byte map built with iconv; any other declared encoding is refused.
 * reader_info.encoding is the declared one, else by the byte order mark,
 * else UTF-8.
 *
 * Streaming: the file goes to expat in READER_CHUNK blocks; the end handler
 * of each record suspends the parser, reader_next returns that row and the
 * next call resumes. Only one row is ever held.
 *
 * Hardening (Debian's expat 2.5.0 misses some later fixes): any DOCTYPE and
 * any entity declaration stop the parse, parameter entities are never
 * parsed, no external entity handler is set, expat allocates through a
 * counting allocator refused past max_xml_alloc, and depth, columns, field
 * size and field-name length are capped.
 */
#include <errno.h>
#include <iconv.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>

#include "reader_impl.h"
#include "rules.h"
#include "strbuf.h"
#include "xmem.h"

/* ---- the orders reader: field names */

/*
 * Strings interned to small numbers (an open-addressing hash table), each
 * with a value: the field names of a file repeat on every record, so each
 * raw name is normalized once, not once per field per row.
 */
struct xml_strtab {
	char		**str;		/* by number, owned */
	uint64_t	 *val;		/* by number */
	size_t		  n;
	size_t		  cap;		/* of str and val */
	uint32_t	 *slot;		/* number + 1, or 0 if empty */
	size_t		  nslot;	/* 0 or a power of 2 above 2 * n */
};

/* Raw names cached before the cache is emptied (at a record's start). */
#define READ_XML_NAMES_MAX	4096
/* Bytes in a field's name: longer is refused (a column name is short). */
#define READ_XML_NAME_MAX	1024

static uint32_t
xml_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static void
xml_strtab_grow(struct xml_strtab *t)
{
	size_t i, j, mask;

	free(t->slot);
	t->nslot = t->nslot == 0 ? 64 : t->nslot * 2;
	t->slot = xcalloc(t->nslot, sizeof *t->slot);
	mask = t->nslot - 1;
	for (i = 0; i < t->n; i++) {
		for (j = xml_hash(t->str[i]) & mask; t->slot[j] != 0;
		    j = (j + 1) & mask)
			;
		t->slot[j] = (uint32_t)i + 1;
	}
}

/* The number of s in t, adding a copy of s (with value 0) if it is new. */
static size_t
xml_strtab_intern(struct xml_strtab *t, const char *s, int *added)
{
	size_t i, mask;

	if (2 * (t->n + 1) > t->nslot)
		xml_strtab_grow(t);
	mask = t->nslot - 1;
	for (i = xml_hash(s) & mask; t->slot[i] != 0; i = (i + 1) & mask) {
		if (strcmp(t->str[t->slot[i] - 1], s) == 0) {
			*added = 0;
			return t->slot[i] - 1;
		}
	}
	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 16 : t->cap * 2;
		t->str = xreallocarray(t->str, t->cap, sizeof *t->str);
		t->val = xreallocarray(t->val, t->cap, sizeof *t->val);
	}
	t->str[t->n] = xstrdup(s);
	t->val[t->n] = 0;
	t->slot[i] = (uint32_t)t->n + 1;
	*added = 1;
	return t->n++;
}

/* Forget every string (numbers given out so far become invalid). */
static void
xml_strtab_clear(struct xml_strtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->str[i]);
	t->n = 0;
	if (t->slot != NULL)
		memset(t->slot, 0, t->nslot * sizeof *t->slot);
}

static void
xml_strtab_free(struct xml_strtab *t)
{
	xml_strtab_clear(t);
	free(t->str);
	free(t->val);
	free(t->slot);
	memset(t, 0, sizeof *t);
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
	int			 done;
	size_t			 depth;
	unsigned char		 head[3];	/* the file's first bytes */
	int			 declared;	/* an encoding was declared */
	/* A chunk of a split file (read_xml_open_range): rg's stream is
	 * pre, the bytes [off, end), suf; rpos bytes of it were fed. */
	int			 ranged;
	struct read_xml_range	 rg;
	uint64_t		 rpos;

	/*
	 * Names: raw local names (val: their number in norm) and their
	 * normalizations (val: the last record that held one). pred[i] is
	 * the raw name of the previous record's field i, tried first.
	 */
	struct xml_strtab	 raw;
	struct xml_strtab	 norm;
	size_t			*pred;
	size_t			 npred;
	uint64_t		 recno;

	/* The record being built: values NUL-separated in arena. */
	struct strbuf		 arena;
	const char		**names;	/* into raw, valid until the
						   next record starts */
	const char		**values;
	size_t			*voff;
	size_t			*lens;
	size_t			 n;
	size_t			 cap;		/* of the five arrays above */
	size_t			 line;
	int			 skip;		/* in a repeated field */
	int			 ready;		/* a record's end was seen */
};

void
read_xml_set_chunk(size_t len)
{
	read_xml_chunk = len == 0 ? READER_CHUNK : len;
}

static unsigned long long
read_xml_line(const struct xml_state *x)
{
	return read_xml_guard_line(&x->g);
}

/*
 * Start a field named name (raw, prefix and all) in the current record: 1
 * if it is kept (its value goes at x->arena.len), 0 if the record already
 * has a field of that normalized name (the first wins), -1 on error.
 */
static int
read_xml_field(struct xml_state *x, const char *name)
{
	const char *local;
	char *norm, *safe;
	size_t id, nid, k = x->n;
	int added;

	/*
	 * The usual case: the name of the previous record's field k, without
	 * a prefix (the cached names have none), so no search for a colon.
	 */
	if (k < x->npred && strcmp(x->raw.str[x->pred[k]], name) == 0)
		id = x->pred[k];
	else {
		local = read_xml_local(name);
		if (strlen(local) > READ_XML_NAME_MAX) {
			safe = reader_printable(local, 64);
			read_xml_guard_fail(&x->g, xasprintf("line %llu: field "
			    "name <%s...> is longer than %d bytes",
			    read_xml_line(x), safe, READ_XML_NAME_MAX));
			free(safe);
			return -1;
		}
		id = xml_strtab_intern(&x->raw, local, &added);
		if (added) {
			norm = rules_column_name(local);
			x->raw.val[id] = xml_strtab_intern(&x->norm, norm,
			    &added);
			free(norm);
		}
	}
	nid = (size_t)x->raw.val[id];
	if (x->norm.val[nid] == x->recno)
		return 0;
	x->norm.val[nid] = x->recno;

	if (k == x->lim.max_columns) {
		safe = reader_printable(x->info->record, 64);
		read_xml_guard_fail(&x->g, xasprintf("line %llu: more than "
		    "%zu fields in one <%s>", read_xml_line(x),
		    x->lim.max_columns, safe));
		free(safe);
		return -1;
	}
	if (k == x->cap) {
		x->cap = x->cap == 0 ? 8 : x->cap * 2;
		x->names = xreallocarray(x->names, x->cap, sizeof *x->names);
		x->values = xreallocarray(x->values, x->cap,
		    sizeof *x->values);
		x->voff = xreallocarray(x->voff, x->cap, sizeof *x->voff);
		x->lens = xreallocarray(x->lens, x->cap, sizeof *x->lens);
		x->pred = xreallocarray(x->pred, x->cap, sizeof *x->pred);
	}
	x->names[k] = x->raw.str[id];
	x->pred[k] = id;
	x->voff[k] = x->arena.len;
	return 1;
}

/* End the field begun by read_xml_field: its value is complete. */
static void
read_xml_field_end(struct xml_state *x)
{
	x->lens[x->n] = x->arena.len - x->voff[x->n];
	strbuf_putc(&x->arena, '\0');
	x->n++;
}

/* Fail for a value of more than max_field bytes in field k. */
static void
read_xml_too_long(struct xml_state *x, size_t k)
{
	char *safe = reader_printable(x->names[k], 64);

	read_xml_guard_fail(&x->g, xasprintf("line %llu: <%s> is longer "
	    "than %zu bytes", read_xml_line(x), safe, x->lim.max_field));
	free(safe);
}

/* A record starts: check its name, then its attributes are fields. */
static void
read_xml_record(struct xml_state *x, const char *name, const char **attr)
{
	const char *local = read_xml_local(name);
	char *safe, *want;
	size_t len;
	int rc;

	if (x->info->record == NULL)
		x->info->record = xstrdup(local);
	else if (strcmp(local, x->info->record) != 0) {
		safe = reader_printable(name, 64);
		want = reader_printable(x->info->record, 64);
		read_xml_guard_fail(&x->g, xasprintf("line %llu: <%s> among "
		    "<%s> records; every child of the root is a record and "
		    "all must have the same name", read_xml_line(x), safe,
		    want));
		free(want);
		free(safe);
		return;
	}
	if (x->raw.n > READ_XML_NAMES_MAX) {
		xml_strtab_clear(&x->raw);
		xml_strtab_clear(&x->norm);
		x->npred = 0;
	}
	x->recno++;
	strbuf_reset(&x->arena);
	x->n = 0;
	x->line = (size_t)read_xml_line(x);
	for (; attr[0] != NULL; attr += 2) {
		if (strncmp(attr[0], "xmlns", 5) == 0 &&
		    (attr[0][5] == '\0' || attr[0][5] == ':'))
			continue;	/* a namespace declaration */
		if ((rc = read_xml_field(x, attr[0])) == -1)
			return;
		if (rc == 0)
			continue;
		if ((len = strlen(attr[1])) > x->lim.max_field) {
			read_xml_too_long(x, x->n);
			return;
		}
		strbuf_add(&x->arena, attr[1], len);
		read_xml_field_end(x);
	}
}

static void XMLCALL
read_xml_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
	struct read_xml_guard *g = ud;
	struct xml_state *x = g->user;
	char *safe, *rec;

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
		break;		/* the root, whatever its name */
	case 2:
		read_xml_record(x, name, attr);
		break;
	case 3:
		x->skip = read_xml_field(x, name) == 0;
		break;
	default:
		safe = reader_printable(name, 64);
		rec = reader_printable(x->info->record, 64);
		read_xml_guard_fail(g, xasprintf("line %llu: element <%s> "
		    "inside a field of a <%s>; fields hold only text",
		    read_xml_line(x), safe, rec));
		free(rec);
		free(safe);
		break;
	}
}

static void XMLCALL
read_xml_end(void *ud, const XML_Char *name)
{
	struct read_xml_guard *g = ud;
	struct xml_state *x = g->user;

	if (g->error != NULL)
		return;
	if (x->depth == 3) {
		if (!x->skip)
			read_xml_field_end(x);
		x->skip = 0;
	} else if (x->depth == 2) {
		x->npred = x->n;
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
	int i;

	if (g->error != NULL)
		return;
	if (x->depth == 3 && !x->skip) {
		if ((size_t)len > x->lim.max_field -
		    (x->arena.len - x->voff[x->n])) {
			read_xml_too_long(x, x->n);
			return;
		}
		strbuf_add(&x->arena, s, (size_t)len);
	} else if (x->depth == 2) {
		/* Between a record's fields: layout, if only whitespace. */
		for (i = 0; i < len; i++) {
			if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' &&
			    s[i] != '\r')
				break;
		}
		if (i == len)
			return;
		safe = reader_printable(x->info->record, 64);
		read_xml_guard_fail(g, xasprintf("line %llu: text inside a "
		    "<%s> outside its fields", read_xml_line(x), safe));
		free(safe);
	}
}

/* ---- the orders reader: encodings */

/*
 * The encodings an orders file may declare, by the names accepted
 * (case-insensitive), and the name reported in reader_info. expat decodes
 * all but the last ones itself; those with an iconv name are decoded
 * through the map read_xml_encoding builds.
 */
static const struct {
	const char	*name;
	const char	*shown;
	const char	*iconv;		/* NULL: expat knows it */
} read_xml_encodings[] = {
	{ "UTF-8", "UTF-8", NULL },
	{ "UTF-16", "UTF-16", NULL },
	{ "UTF-16LE", "UTF-16LE", NULL },
	{ "UTF-16BE", "UTF-16BE", NULL },
	{ "ISO-8859-1", "ISO-8859-1", NULL },
	{ "US-ASCII", "US-ASCII", NULL },
	{ "windows-1252", "windows-1252", "WINDOWS-1252" },
	{ "cp1252", "windows-1252", "WINDOWS-1252" },
};
#define READ_XML_NENCODINGS \
	(sizeof read_xml_encodings / sizeof read_xml_encodings[0])

static size_t
read_xml_find_encoding(const char *name)
{
	size_t i;

	for (i = 0; i < READ_XML_NENCODINGS; i++) {
		if (strcasecmp(name, read_xml_encodings[i].name) == 0)
			break;
	}
	return i;
}

/* The encoding read when none is declared: by the byte order mark. */
static const char *
read_xml_bom(const struct xml_state *x)
{
	if (x->fed >= 2 && x->head[0] == 0xff && x->head[1] == 0xfe)
		return "UTF-16LE";
	if (x->fed >= 2 && x->head[0] == 0xfe && x->head[1] == 0xff)
		return "UTF-16BE";
	return "UTF-8";
}

/* The XML declaration: note the encoding it names (UTF-16 with its byte
 * order, if a mark gives it). */
static void XMLCALL
read_xml_decl(void *ud, const XML_Char *version, const XML_Char *encoding,
    int standalone)
{
	struct read_xml_guard *g = ud;
	struct xml_state *x = g->user;
	size_t i;

	if (encoding == NULL)
		return;
	x->declared = 1;
	if ((i = read_xml_find_encoding(encoding)) == READ_XML_NENCODINGS)
		return;		/* the unknown-encoding handler refuses it */
	x->info->encoding = read_xml_encodings[i].shown;
	if (strcmp(x->info->encoding, "UTF-16") == 0 &&
	    strcmp(read_xml_bom(x), "UTF-8") != 0)
		x->info->encoding = read_xml_bom(x);
}

/*
 * expat's handler for an encoding it does not know: the single-byte ones
 * in read_xml_encodings get a 256-entry map to Unicode, built by iconv
 * converting each byte (-1 where iconv cannot: expat refuses such a byte
 * if it occurs). Anything else stops the parse with a message naming it.
 *
 * Installed for orders files only, not in read_xml_guard_init: the parts
 * of an XLSX workbook must be UTF-8 or UTF-16 (ECMA-376 Part 2), which
 * expat decodes itself, so a workbook part declaring another encoding is
 * malformed and stays refused there.
 */
static int XMLCALL
read_xml_encoding(void *data, const XML_Char *name, XML_Encoding *info)
{
	struct xml_state *x = data;
	size_t i, inlen, outlen;
	char in, *inp, *outp, *safe;
	unsigned char out[4];
	iconv_t cd;
	int b;

	i = read_xml_find_encoding(name);
	if (i == READ_XML_NENCODINGS || read_xml_encodings[i].iconv == NULL) {
		safe = reader_printable(name, 64);
		read_xml_guard_fail(&x->g, xasprintf("line %llu: the XML "
		    "declares encoding \"%s\", which is not supported (use "
		    "UTF-8, UTF-16, ISO-8859-1, US-ASCII or windows-1252)",
		    read_xml_line(x), safe));
		free(safe);
		return XML_STATUS_ERROR;
	}
	cd = iconv_open("UTF-32LE", read_xml_encodings[i].iconv);
	if (cd == (iconv_t)-1) {
		read_xml_guard_fail(&x->g, xasprintf("line %llu: cannot "
		    "decode %s: %s", read_xml_line(x),
		    read_xml_encodings[i].shown, strerror(errno)));
		return XML_STATUS_ERROR;
	}
	for (b = 0; b < 256; b++) {
		in = (char)b;
		inp = &in;
		inlen = 1;
		outp = (char *)out;
		outlen = sizeof out;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &inp, &inlen, &outp, &outlen) == (size_t)-1 ||
		    inlen != 0 || outlen != 0)
			info->map[b] = -1;
		else {
			info->map[b] = (int)((uint32_t)out[0] |
			    (uint32_t)out[1] << 8 | (uint32_t)out[2] << 16 |
			    (uint32_t)out[3] << 24);
		}
	}
	iconv_close(cd);
	info->data = NULL;
	info->convert = NULL;
	info->release = NULL;
	return XML_STATUS_OK;
}

/* ---- the orders reader: ops */

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
	XML_SetXmlDeclHandler(x->g.parser, read_xml_decl);
	XML_SetUnknownEncodingHandler(x->g.parser, read_xml_encoding, x);
	return x;

err:
	read_xml_guard_free(&x->g);
	free(x);
	return NULL;
}

void *
read_xml_open_range(struct reader_src *src, const struct reader_limits *lim,
    const struct read_xml_range *rg, struct reader_info *info, char **cause)
{
	static const struct reader_opts none;
	struct xml_state *x;

	if ((x = read_xml_open(src, lim, &none, info, cause)) == NULL)
		return NULL;
	x->ranged = 1;
	x->rg = *rg;
	x->g.line0 = rg->line0;
	if (rg->record != NULL)
		info->record = xstrdup(rg->record);
	return x;
}

static void
read_xml_fill_row(struct xml_state *x, struct reader_row *row)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		x->values[i] = x->arena.buf + x->voff[i];
	row->line = x->line;
	row->n = x->n;
	row->header_n = x->n;
	row->names = x->names;
	row->values = x->values;
	row->lens = x->lens;
}

/* Up to cap bytes of a chunk's stream (pre, the file's bytes, suf). */
static int
read_xml_range_feed(struct xml_state *x, char *buf, size_t cap, size_t *n,
    char **cause)
{
	uint64_t npre = strlen(x->rg.pre), nfile = x->rg.end - x->rg.off;
	uint64_t nsuf = strlen(x->rg.suf), at;
	size_t take;
	ssize_t got;

	*n = 0;
	while (*n < cap) {
		at = x->rpos;
		if (at < npre) {
			take = (size_t)(npre - at) < cap - *n ?
			    (size_t)(npre - at) : cap - *n;
			memcpy(buf + *n, x->rg.pre + at, take);
		} else if (at < npre + nfile) {
			at -= npre;
			take = (size_t)(nfile - at) < cap - *n ?
			    (size_t)(nfile - at) : cap - *n;
			got = reader_src_pread(x->src, buf + *n, take,
			    x->rg.off + at);
			if (got <= 0) {
				*cause = xasprintf("cannot read %s: %s",
				    x->src->path, got == 0 ? "it shrank" :
				    strerror(errno));
				return -1;
			}
			take = (size_t)got;
		} else if (at < npre + nfile + nsuf) {
			at -= npre + nfile;
			take = (size_t)(nsuf - at) < cap - *n ?
			    (size_t)(nsuf - at) : cap - *n;
			memcpy(buf + *n, x->rg.suf + at, take);
		} else
			break;
		x->rpos += take;
		*n += take;
	}
	return 0;
}

/* read_xml_guard_step's feed: the next bytes of the source, the first
 * three kept to tell a BOM's encoding. */
static int
read_xml_src_feed(void *arg, void *buf, size_t cap, size_t *n, char **cause)
{
	struct xml_state *x = arg;
	ssize_t got;
	size_t k;

	if (x->ranged) {
		if (read_xml_range_feed(x, buf, cap, n, cause) == -1)
			return -1;
	} else {
		if ((got = reader_src_read(x->src, buf, cap, cause)) == -1)
			return -1;
		*n = (size_t)got;
	}
	if (x->fed < sizeof x->head) {
		k = sizeof x->head - (size_t)x->fed;
		memcpy(x->head + x->fed, buf, *n < k ? *n : k);
	}
	x->fed += *n;
	if (!x->declared)
		x->info->encoding = read_xml_bom(x);
	return 0;
}

static int
read_xml_next(void *state, struct reader_row *row, char **cause)
{
	struct xml_state *x = state;
	int rc;

	for (;;) {
		if (x->ready) {
			x->ready = 0;
			read_xml_fill_row(x, row);
			return 1;
		}
		if (x->done)
			return 0;
		rc = read_xml_guard_step(&x->g, x->chunk, read_xml_src_feed, x,
		    cause);
		if (rc == -2)
			*cause = read_xml_guard_cause(&x->g, NULL);
		if (rc < 0)
			return -1;
		x->done = rc == 0;
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
	xml_strtab_free(&x->raw);
	xml_strtab_free(&x->norm);
	strbuf_free(&x->arena);
	free(x->names);
	free(x->values);
	free(x->voff);
	free(x->lens);
	free(x->pred);
	free(x);
}

const struct reader_ops read_xml_ops = {
	.name = "xml",
	.open = read_xml_open,
	.next = read_xml_next,
	.bytes = read_xml_bytes,
	.close = read_xml_close
};
