/*
 * read_xlsx_book: the package side of the XLSX reader: parsing a part
 * under the hardened expat, workbook.xml (the sheets in workbook order,
 * date1904), xl/_rels/workbook.xml.rels (each sheet's r:id to a part),
 * xl/styles.xml (which cell styles are dates) and xl/sharedStrings.xml.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "read_xlsx_impl.h"
#include "reader_impl.h"
#include "strbuf.h"
#include "xlsx_zip.h"
#include "xmem.h"

/* More cell styles than Excel allows (64000) is not a real workbook. */
#define XLSX_MAX_XF		65536

void
read_xlsx_fail(struct xlsx_state *x, char *msg)
{
	x->failed = 1;
	read_xml_guard_fail(&x->g, msg);
}

unsigned long long
read_xlsx_line(const struct xlsx_state *x)
{
	return (unsigned long long)XML_GetCurrentLineNumber(x->g.parser);
}

const char *
read_xlsx_attr(const char **attr, const char *local)
{
	for (; attr[0] != NULL; attr += 2) {
		if (strcmp(read_xml_local(attr[0]), local) == 0)
			return attr[1];
	}
	return NULL;
}

int
read_xlsx_size(const char *s, size_t *out)
{
	size_t v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
			return -1;
		v = v * 10 + (size_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* ---- expat wrappers */

static void XMLCALL
xlsx_xml_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
	struct read_xml_guard *g = ud;
	struct xlsx_state *x = g->user;

	if (g->error != NULL)
		return;
	if (++x->depth > x->lim.max_depth) {
		read_xlsx_fail(x, xasprintf("XLSX part %s, line %llu: elements "
		    "nested deeper than %zu levels", x->part,
		    read_xlsx_line(x), x->lim.max_depth));
		return;
	}
	if (x->ops->start != NULL)
		x->ops->start(x, read_xml_local(name), attr);
}

static void XMLCALL
xlsx_xml_end(void *ud, const XML_Char *name)
{
	struct read_xml_guard *g = ud;
	struct xlsx_state *x = g->user;

	if (g->error != NULL)
		return;
	if (x->ops->end != NULL)
		x->ops->end(x, read_xml_local(name));
	x->depth--;
}

static void XMLCALL
xlsx_xml_text(void *ud, const XML_Char *s, int len)
{
	struct read_xml_guard *g = ud;
	struct xlsx_state *x = g->user;

	if (g->error == NULL && x->ops->text != NULL)
		x->ops->text(x, s, (size_t)len);
}

char *
read_xlsx_cause(struct xlsx_state *x)
{
	char *msg, *out;

	if (x->failed)
		return read_xml_guard_cause(&x->g, NULL);
	msg = read_xml_guard_cause(&x->g, NULL);
	out = xasprintf("XLSX part %s, %s", x->part, msg);
	free(msg);
	return out;
}

/* ---- parts */

int
read_xlsx_part_open(struct xlsx_state *x, const char *name, int required,
    char **cause)
{
	int rc;

	if ((rc = xlsx_zip_part_open(x->zip, name, required, cause)) == 0)
		x->part = name;
	return rc;
}

int
read_xlsx_guard(struct xlsx_state *x, const struct xlsx_part_ops *ops,
    char **cause)
{
	if (read_xml_guard_init(&x->g, x->lim.max_xml_alloc, x, cause) != 0)
		return -1;
	XML_SetElementHandler(x->g.parser, xlsx_xml_start, xlsx_xml_end);
	XML_SetCharacterDataHandler(x->g.parser, xlsx_xml_text);
	x->ops = ops;
	x->depth = 0;
	x->failed = 0;
	return 0;
}

/* Parse a whole part with ops: 0 done, 1 absent (not required), -1 error. */
static int
xlsx_parse_part(struct xlsx_state *x, const char *name, int required,
    const struct xlsx_part_ops *ops, char **cause)
{
	enum XML_Status st;
	void *buf;
	size_t n;
	int rc;

	if ((rc = read_xlsx_part_open(x, name, required, cause)) != 0)
		return rc;
	if (read_xlsx_guard(x, ops, cause) != 0)
		goto err;
	for (;;) {
		buf = read_xml_guard_buffer(&x->g, READER_CHUNK);
		if (buf == NULL) {
			*cause = read_xlsx_cause(x);
			goto err;
		}
		if (xlsx_zip_part_read(x->zip, buf, READER_CHUNK, &n,
		    cause) != 0)
			goto err;
		st = read_xml_guard_parse(&x->g, n, n == 0);
		if (st == XML_STATUS_ERROR) {
			*cause = read_xlsx_cause(x);
			goto err;
		}
		if (n == 0)
			break;
	}
	read_xml_guard_free(&x->g);
	return xlsx_zip_part_close(x->zip, cause);

err:
	read_xml_guard_free(&x->g);
	xlsx_zip_part_abandon(x->zip);
	return -1;
}

/* ---- workbook.xml and workbook.xml.rels */

static void
xlsx_wb_start(struct xlsx_state *x, const char *name, const char **attr)
{
	struct read_xlsx_sheet *s;
	const char *v, *rid = NULL;
	char *safe;
	size_t i;

	if (strcmp(name, "workbookPr") == 0) {
		v = read_xlsx_attr(attr, "date1904");
		x->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
	} else if (strcmp(name, "sheets") == 0)
		x->in_sheets = 1;
	else if (x->in_sheets && strcmp(name, "sheet") == 0) {
		/* Every sheet needs a part, so a ZIP entry. */
		if (x->n_sheets == x->lim.max_entries) {
			read_xlsx_fail(x, xasprintf("XLSX part %s: more than "
			    "%zu sheets", x->part, x->lim.max_entries));
			return;
		}
		/* The relationship id is the prefixed "id" (r:id). */
		for (i = 0; attr[i] != NULL; i += 2) {
			if (strchr(attr[i], ':') != NULL &&
			    strcmp(read_xml_local(attr[i]), "id") == 0)
				rid = attr[i + 1];
		}
		if ((v = read_xlsx_attr(attr, "name")) == NULL)
			v = "";
		if (rid == NULL) {
			safe = reader_printable(v, 64);
			read_xlsx_fail(x, xasprintf("XLSX part %s, line %llu: "
			    "sheet \"%s\" has no r:id", x->part,
			    read_xlsx_line(x), safe));
			free(safe);
			return;
		}
		x->sheets = xreallocarray(x->sheets, x->n_sheets + 1,
		    sizeof *x->sheets);
		s = &x->sheets[x->n_sheets++];
		s->name = xstrdup(v);
		s->rid = xstrdup(rid);
		s->target = NULL;
	}
}

static void
xlsx_wb_end(struct xlsx_state *x, const char *name)
{
	if (strcmp(name, "sheets") == 0)
		x->in_sheets = 0;
}

static const struct xlsx_part_ops xlsx_wb_ops = {
	xlsx_wb_start, xlsx_wb_end, NULL
};

static void
xlsx_rels_start(struct xlsx_state *x, const char *name, const char **attr)
{
	const char *id, *target;
	size_t i;

	if (strcmp(name, "Relationship") != 0)
		return;
	/* A workbook relates to its own parts: no more than ZIP entries. */
	if (++x->n_rels > x->lim.max_entries) {
		read_xlsx_fail(x, xasprintf("XLSX part %s: more than %zu "
		    "relationships", x->part, x->lim.max_entries));
		return;
	}
	id = read_xlsx_attr(attr, "Id");
	target = read_xlsx_attr(attr, "Target");
	if (id == NULL || target == NULL)
		return;
	for (i = 0; i < x->n_sheets; i++) {
		if (x->sheets[i].target == NULL &&
		    strcmp(id, x->sheets[i].rid) == 0)
			x->sheets[i].target = xstrdup(target);
	}
}

static const struct xlsx_part_ops xlsx_rels_ops = {
	xlsx_rels_start, NULL, NULL
};

int
read_xlsx_book_part(struct xlsx_state *x, size_t i, char **part,
    char **cause)
{
	static const char dir[] = "xl/worksheets/";
	static const char *const other[] = {
		"xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/"
	};
	const struct read_xlsx_sheet *s = &x->sheets[i];
	const char *t = s->target, *base;
	char *full, *safe, *sname;
	size_t k;

	if (t == NULL) {
		safe = reader_printable(s->name, 64);
		*cause = xasprintf("sheet \"%s\" of the workbook has no "
		    "relationship (xl/_rels/workbook.xml.rels)", safe);
		free(safe);
		return -1;
	}
	if (t[0] == '/')
		full = xstrdup(t + 1);
	else
		full = xasprintf("xl/%s", t);
	for (k = 0; k < sizeof other / sizeof other[0]; k++) {
		if (strncmp(full, other[k], strlen(other[k])) == 0 &&
		    strchr(full + strlen(other[k]), '/') == NULL) {
			free(full);
			return 1;
		}
	}
	if (strncmp(full, dir, sizeof dir - 1) != 0)
		goto bad;
	base = full + sizeof dir - 1;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		goto bad;
	for (k = 0; base[k] != '\0'; k++) {
		if (!((base[k] >= 'a' && base[k] <= 'z') ||
		    (base[k] >= 'A' && base[k] <= 'Z') ||
		    (base[k] >= '0' && base[k] <= '9') ||
		    base[k] == '_' || base[k] == '-' || base[k] == '.'))
			goto bad;
	}
	*part = full;
	return 0;

bad:
	safe = reader_printable(t, 80);
	sname = reader_printable(s->name, 64);
	*cause = xasprintf("sheet \"%s\" of the workbook is \"%s\", not a "
	    "worksheet part under %s", sname, safe, dir);
	free(sname);
	free(safe);
	free(full);
	return -1;
}

/* ---- styles.xml */

/* Does a custom number format show a date (d, m or y outside quotes and []). */
static int
xlsx_date_format(const char *f)
{
	int quoted = 0, bracket = 0;

	for (; *f != '\0'; f++) {
		if (quoted) {
			if (*f == '"')
				quoted = 0;
		} else if (bracket) {
			if (*f == ']')
				bracket = 0;
		} else if (*f == '"')
			quoted = 1;
		else if (*f == '[')
			bracket = 1;
		else if (*f == '\\' || *f == '_' || *f == '*') {
			if (f[1] != '\0')
				f++;
		} else if (strchr("dDmMyY", *f) != NULL)
			return 1;
	}
	return 0;
}

static void
xlsx_styles_start(struct xlsx_state *x, const char *name, const char **attr)
{
	const char *code;
	size_t id;

	if (strcmp(name, "numFmts") == 0)
		x->in_numfmts = 1;
	else if (strcmp(name, "cellXfs") == 0)
		x->in_cellxfs = 1;
	else if (x->in_numfmts && strcmp(name, "numFmt") == 0) {
		code = read_xlsx_attr(attr, "formatCode");
		if (read_xlsx_size(read_xlsx_attr(attr, "numFmtId"),
		    &id) != 0 || code == NULL || id > UINT32_MAX ||
		    !xlsx_date_format(code))
			return;
		if (x->n_date_fmts == XLSX_MAX_XF) {
			read_xlsx_fail(x, xasprintf("XLSX part %s: more than "
			    "%d number formats", x->part, XLSX_MAX_XF));
			return;
		}
		x->date_fmts = xreallocarray(x->date_fmts, x->n_date_fmts + 1,
		    sizeof *x->date_fmts);
		x->date_fmts[x->n_date_fmts++] = (unsigned)id;
	} else if (x->in_cellxfs && strcmp(name, "xf") == 0) {
		if (read_xlsx_size(read_xlsx_attr(attr, "numFmtId"),
		    &id) != 0 || id > UINT32_MAX)
			id = 0;
		if (x->n_xf == XLSX_MAX_XF) {
			read_xlsx_fail(x, xasprintf("XLSX part %s: more than "
			    "%d cell styles", x->part, XLSX_MAX_XF));
			return;
		}
		if ((x->n_xf & (x->n_xf - 1)) == 0) {
			x->xf_fmt = xreallocarray(x->xf_fmt,
			    x->n_xf == 0 ? 1 : x->n_xf * 2, sizeof *x->xf_fmt);
		}
		x->xf_fmt[x->n_xf++] = (unsigned)id;
	}
}

static void
xlsx_styles_end(struct xlsx_state *x, const char *name)
{
	if (strcmp(name, "numFmts") == 0)
		x->in_numfmts = 0;
	else if (strcmp(name, "cellXfs") == 0)
		x->in_cellxfs = 0;
}

static const struct xlsx_part_ops xlsx_styles_ops = {
	xlsx_styles_start, xlsx_styles_end, NULL
};

/* Mark which cell styles are dates, once styles.xml is read. */
static void
xlsx_styles_resolve(struct xlsx_state *x)
{
	size_t i, j;
	unsigned id;

	if (x->n_xf == 0)
		return;
	x->xf_date = xcalloc(x->n_xf, 1);
	for (i = 0; i < x->n_xf; i++) {
		id = x->xf_fmt[i];
		if (id >= 14 && id <= 22)
			x->xf_date[i] = 1;
		for (j = 0; j < x->n_date_fmts; j++) {
			if (x->date_fmts[j] == id)
				x->xf_date[i] = 1;
		}
	}
}

/* ---- sharedStrings.xml */

/*
 * May the table take text more bytes and strings more strings? Its
 * memory is the text with a NUL per string (sst.len) and an offset per
 * string, under max_shared; and the strings are at most
 * max_shared_strings, so a part of millions of empty <si/> (9 bytes each
 * here, 5 in the file, deflating several hundred times) stops early. The
 * count and uniqueCount that <sst> declares are never used.
 */
static int
xlsx_sst_room(struct xlsx_state *x, size_t text, size_t strings)
{
	size_t max = x->lim.max_shared, used, add;

	if (strings > 0 && (x->n_sst >= x->lim.max_shared_strings ||
	    strings > x->lim.max_shared_strings - x->n_sst)) {
		read_xlsx_fail(x, xasprintf("XLSX part %s, line %llu: more "
		    "than %zu shared strings (the limit of a workbook)",
		    x->part, read_xlsx_line(x), x->lim.max_shared_strings));
		return -1;
	}

	used = x->sst.len + x->n_sst * sizeof *x->sst_off;
	add = text + strings * sizeof *x->sst_off;
	if (used > max || add > max - used) {
		read_xlsx_fail(x, xasprintf("XLSX part %s, line %llu: the "
		    "shared strings need more than %zu bytes of memory (%zu "
		    "strings read)", x->part, read_xlsx_line(x), max,
		    x->n_sst));
		return -1;
	}
	return 0;
}

static void
xlsx_sst_start(struct xlsx_state *x, const char *name, const char **attr)
{
	if (strcmp(name, "si") == 0) {
		x->in_si = 1;
		x->si_off = x->sst.len;
	} else if (strcmp(name, "rPh") == 0)
		x->in_rph = 1;
	else if (x->in_si && !x->in_rph && strcmp(name, "t") == 0)
		x->in_t = 1;
}

static void
xlsx_sst_end(struct xlsx_state *x, const char *name)
{
	size_t cap;

	if (strcmp(name, "t") == 0)
		x->in_t = 0;
	else if (strcmp(name, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(name, "si") == 0 && x->in_si) {
		if (xlsx_sst_room(x, 1, 1) != 0)
			return;
		if (x->n_sst == x->cap_sst) {
			/* Doubling, but never past what max_shared allows. */
			cap = x->cap_sst == 0 ? 64 : x->cap_sst * 2;
			if (cap > x->lim.max_shared / sizeof *x->sst_off)
				cap = x->lim.max_shared / sizeof *x->sst_off;
			if (cap > x->lim.max_shared_strings)
				cap = x->lim.max_shared_strings;
			if (cap <= x->n_sst)
				cap = x->n_sst + 1;
			x->sst_off = xreallocarray(x->sst_off, cap,
			    sizeof *x->sst_off);
			x->cap_sst = cap;
		}
		x->sst_off[x->n_sst++] = x->si_off;
		strbuf_putc(&x->sst, '\0');
		x->in_si = 0;
	}
}

static void
xlsx_sst_text(struct xlsx_state *x, const char *s, size_t len)
{
	if (!x->in_si || !x->in_t)
		return;
	if (len > x->lim.max_field - (x->sst.len - x->si_off)) {
		read_xlsx_fail(x, xasprintf("XLSX part %s, line %llu: shared "
		    "string %zu is longer than %zu bytes", x->part,
		    read_xlsx_line(x), x->n_sst, x->lim.max_field));
		return;
	}
	if (xlsx_sst_room(x, len, 0) != 0)
		return;
	strbuf_add(&x->sst, s, len);
}

static const struct xlsx_part_ops xlsx_sst_ops = {
	xlsx_sst_start, xlsx_sst_end, xlsx_sst_text
};

const char *
read_xlsx_book_string(const struct xlsx_state *x, size_t idx, size_t *len)
{
	size_t end;

	if (idx >= x->n_sst)
		return NULL;
	end = idx + 1 < x->n_sst ? x->sst_off[idx + 1] : x->sst.len;
	*len = end - x->sst_off[idx] - 1;
	return x->sst.buf + x->sst_off[idx];
}

/* ---- the book */

int
read_xlsx_book_load(struct xlsx_state *x, char **cause)
{
	if (xlsx_parse_part(x, "xl/workbook.xml", 1, &xlsx_wb_ops, cause) != 0)
		return -1;
	if (x->n_sheets == 0) {
		*cause = xstrdup("workbook has no worksheet");
		return -1;
	}
	if (xlsx_parse_part(x, "xl/_rels/workbook.xml.rels", 1, &xlsx_rels_ops,
	    cause) != 0)
		return -1;
	if (xlsx_parse_part(x, "xl/styles.xml", 0, &xlsx_styles_ops,
	    cause) == -1)
		return -1;
	xlsx_styles_resolve(x);
	if (xlsx_parse_part(x, "xl/sharedStrings.xml", 0, &xlsx_sst_ops,
	    cause) == -1)
		return -1;
	x->in_si = x->in_t = x->in_rph = 0;
	return 0;
}

void
read_xlsx_book_free(struct xlsx_state *x)
{
	size_t i;

	for (i = 0; i < x->n_sheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].target);
	}
	free(x->sheets);
	free(x->date_fmts);
	free(x->xf_fmt);
	free(x->xf_date);
	strbuf_free(&x->sst);
	free(x->sst_off);
}
