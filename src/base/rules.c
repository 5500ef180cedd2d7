/* rules: column names, mobiles, amounts, counts and regions (contract v3). */
#include "rules.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "xmem.h"

const char *const rules_customer_columns[RULES_CUSTOMER_NCOLS] = {
	"customer_id", "customer_name", "mobile_number", "region"
};

const char *const rules_order_columns[RULES_ORDER_NCOLS] = {
	"order_id", "mobile_number", "order_date_time", "sku_id", "sku_count",
	"total_amount"
};

static int
rules_is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

static int
rules_is_ascii_space(char c)
{
	return (c == ' ' || (c >= '\t' && c <= '\r'));
}

static char
rules_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char
rules_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

char *
rules_column_name(const char *raw)
{
	struct strbuf sb;
	size_t len;
	char c;

	if (strncmp(raw, "\xef\xbb\xbf", 3) == 0)
		raw += 3;
	len = strlen(raw);
	while (len > 0 && rules_is_ascii_space(*raw)) {
		raw++;
		len--;
	}
	while (len > 0 && rules_is_ascii_space(raw[len - 1]))
		len--;

	strbuf_init(&sb);
	for (; len > 0; raw++, len--) {
		c = rules_lower(*raw);
		if (rules_is_ascii_space(c) || c == '-')
			c = '_';
		else if (!(c >= 'a' && c <= 'z') && !rules_is_digit(c) &&
		    c != '_')
			continue;
		if (c == '_' && sb.len > 0 && sb.buf[sb.len - 1] == '_')
			continue;
		strbuf_putc(&sb, c);
	}
	return strbuf_detach(&sb);
}

int
rules_columns_find(const char *const *required, size_t nreq,
    const char *const *found, size_t nfound, int *index, char **cause)
{
	struct strbuf list;
	char **names;
	size_t i, j;
	int rc = 0;

	names = xcalloc(nfound == 0 ? 1 : nfound, sizeof *names);
	strbuf_init(&list);
	for (j = 0; j < nfound; j++) {
		names[j] = rules_column_name(found[j]);
		strbuf_printf(&list, "%s%s", j == 0 ? "" : ", ", names[j]);
	}
	for (i = 0; i < nreq && rc == 0; i++) {
		index[i] = -1;
		for (j = 0; j < nfound; j++) {
			if (strcmp(names[j], required[i]) != 0)
				continue;
			if (index[i] != -1) {
				*cause = xasprintf("column %s appears more "
				    "than once (columns found: %s)",
				    required[i], strbuf_str(&list));
				rc = -1;
				break;
			}
			index[i] = (int)j;
		}
		if (rc == 0 && index[i] == -1) {
			*cause = xasprintf("missing column %s (columns "
			    "found: %s)", required[i],
			    nfound == 0 ? "none" : strbuf_str(&list));
			rc = -1;
		}
	}
	for (j = 0; j < nfound; j++)
		free(names[j]);
	free(names);
	strbuf_free(&list);
	return rc;
}

/* The length of a character that rules_mobile drops at p (before end). */
static size_t
rules_mobile_sep(const unsigned char *p, const unsigned char *end)
{
	if (*p == ' ' || *p == '-' || *p == '(' || *p == ')')
		return 1;
	if (end - p >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
		return 2;	/* U+00A0 */
	if (end - p >= 3 && p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x90 &&
	    p[2] <= 0x95)
		return 3;	/* U+2010..U+2015, hyphens and dashes */
	return 0;
}

int
rules_mobile(const char *raw, char out[RULES_MOBILE_LEN + 1], unsigned *notes)
{
	const unsigned char *p, *end;
	char d[16];
	size_t len = strlen(raw), k, n = 0, skip = 0;
	unsigned note = 0;
	int plus = 0;

	if (notes != NULL)
		*notes = 0;

	/* A spreadsheet that read the number as a float added ".0" or ".00". */
	for (k = len; k > 0 && raw[k - 1] == '0'; k--)
		/* nothing */;
	if (k > 0 && k < len && raw[k - 1] == '.') {
		len = k - 1;
		note |= RULES_NOTE_FLOAT_SUFFIX;
	}

	p = (const unsigned char *)raw;
	end = p + len;
	while (p < end) {
		if ((k = rules_mobile_sep(p, end)) != 0) {
			p += k;
			continue;
		}
		if (*p == '+' && n == 0 && !plus) {
			plus = 1;
			p++;
			continue;
		}
		if (!rules_is_digit((char)*p) || n == sizeof d - 1)
			return -1;
		d[n++] = (char)*p++;
	}

	/* Exactly one prefix goes: "+91 0..." is not a number. */
	if (plus) {
		if (n != 12 || d[0] != '9' || d[1] != '1')
			return -1;
		skip = 2;
	} else if (n == 14 && memcmp(d, "0091", 4) == 0)
		skip = 4;
	else if (n == 12 && d[0] == '9' && d[1] == '1')
		skip = 2;
	else if (n == 11 && d[0] == '0')
		skip = 1;
	if (n - skip != RULES_MOBILE_LEN || d[skip] < '6' || d[skip] > '9')
		return -1;
	memcpy(out, d + skip, RULES_MOBILE_LEN);
	out[RULES_MOBILE_LEN] = '\0';
	if (notes != NULL)
		*notes = note;
	return 0;
}

/* Parse one or more ASCII digits at *pp into *v, moving on; -1 on overflow. */
static int
rules_digits(const char **pp, int64_t *v)
{
	const char *p = *pp;
	int64_t x = 0;

	if (!rules_is_digit(*p))
		return -1;
	for (; rules_is_digit(*p); p++) {
		if (x > (INT64_MAX - (*p - '0')) / 10)
			return -1;
		x = x * 10 + (*p - '0');
	}
	*pp = p;
	*v = x;
	return 0;
}

/*
 * Whether the ngroups comma-separated groups of lengths len[] (ngroups >= 2)
 * are a Western (1-3, then 3s) or an Indian (1-2, then 2s, then a last 3)
 * grouping.
 */
static int
rules_grouping_valid(const size_t *len, size_t ngroups)
{
	size_t i;
	int western = 1, indian = 1;

	if (len[0] < 1 || len[0] > 3)
		western = 0;
	for (i = 1; i < ngroups; i++) {
		if (len[i] != 3)
			western = 0;
	}
	if (len[0] < 1 || len[0] > 2 || len[ngroups - 1] != 3)
		indian = 0;
	for (i = 1; i + 1 < ngroups; i++) {
		if (len[i] != 2)
			indian = 0;
	}
	return (western || indian);
}

/*
 * Parse the decimal in [p, end) into minor units; with grouping, ',' may
 * separate thousands and sets RULES_NOTE_GROUPING in *note.
 */
static int
rules_decimal(const char *p, const char *end, int grouping, int64_t *minor,
    unsigned *note)
{
	size_t len[16], ngroups = 1;
	const char *start = p;
	int64_t units = 0, frac = 0;

	len[0] = 0;
	if (p == end || !rules_is_digit(*p))
		return -1;
	for (; p < end && *p != '.'; p++) {
		if (*p == ',' && grouping) {
			if (ngroups == sizeof len / sizeof len[0])
				return -1;
			len[ngroups++] = 0;
			continue;
		}
		if (!rules_is_digit(*p) || units > (INT64_MAX - 9) / 10)
			return -1;
		units = units * 10 + (*p - '0');
		len[ngroups - 1]++;
	}
	if (ngroups > 1) {
		/* "0,123" is more likely a decimal comma than grouping. */
		if (*start == '0' || !rules_grouping_valid(len, ngroups))
			return -1;
		*note |= RULES_NOTE_GROUPING;
	}
	if (p < end) {
		p++;	/* the '.' */
		if (p == end || !rules_is_digit(*p))
			return -1;
		frac = (*p++ - '0') * 10;
		if (p < end && rules_is_digit(*p))
			frac += *p++ - '0';
		if (p != end)
			return -1;
	}
	if (units > (INT64_MAX - frac) / 100)
		return -1;
	*minor = units * 100 + frac;
	return 0;
}

int
rules_money(const char *raw, int64_t *minor)
{
	unsigned note = 0;

	return rules_decimal(raw, raw + strlen(raw), 0, minor, &note);
}

/* Currency marks as written; "Rs." before "Rs" so the longer one wins. */
static const char *const rules_currency[] = {
	"\xe2\x82\xb9", "Rs.", "Rs", "INR"	/* U+20B9 first */
};

/* The length of the currency mark that [p, end) starts (or ends) with. */
static size_t
rules_currency_at(const char *p, const char *end, int at_end)
{
	size_t i, n;

	for (i = 0; i < sizeof rules_currency / sizeof rules_currency[0];
	    i++) {
		n = strlen(rules_currency[i]);
		if ((size_t)(end - p) < n)
			continue;
		if (memcmp(at_end ? end - n : p, rules_currency[i], n) == 0)
			return n;
	}
	return 0;
}

int
rules_amount(const char *raw, int64_t *minor, unsigned *notes)
{
	const char *p = raw, *end = raw + strlen(raw);
	unsigned note = 0;
	size_t n;

	if (notes != NULL)
		*notes = 0;
	/* One mark, before or after; a second one fails the number. */
	if ((n = rules_currency_at(p, end, 0)) != 0) {
		p += n;
		if (p < end && *p == ' ')
			p++;
		note |= RULES_NOTE_CURRENCY;
	} else if ((n = rules_currency_at(p, end, 1)) != 0) {
		end -= n;
		if (end > p && end[-1] == ' ')
			end--;
		note |= RULES_NOTE_CURRENCY;
	}
	if (rules_decimal(p, end, 1, minor, &note) != 0)
		return -1;
	if (notes != NULL)
		*notes = note;
	return 0;
}

int
rules_count(const char *raw, int64_t *out, unsigned *notes)
{
	const char *p = raw;
	unsigned note = 0;
	int64_t v;

	if (notes != NULL)
		*notes = 0;
	if (rules_digits(&p, &v) != 0 || v < 1)
		return -1;
	/* An integral REAL as SQLite or a spreadsheet writes it: "2.0". */
	if (*p == '.') {
		if (*++p != '0')
			return -1;
		while (*p == '0')
			p++;
		note |= RULES_NOTE_DECIMAL;
	}
	if (*p != '\0')
		return -1;
	*out = v;
	if (notes != NULL)
		*notes = note;
	return 0;
}

/* The notes: code for the rejects/warnings list, text that names the fix. */
static const struct rules_note {
	unsigned	 note;
	const char	*code;
	const char	*text;
} rules_notes[] = {
	{ RULES_NOTE_FLOAT_SUFFIX, "mobile_float_suffix",
	  "a spreadsheet's \".0\" after the mobile number was removed; keep "
	  "the column as text" },
	{ RULES_NOTE_DECIMAL, "sku_count_decimal",
	  "sku_count written as a decimal (\"2.0\") was read as a whole "
	  "number" },
	{ RULES_NOTE_CURRENCY, "amount_currency",
	  "the currency mark in total_amount was dropped; write the amount "
	  "alone" },
	{ RULES_NOTE_GROUPING, "amount_grouping",
	  "the thousands separators in total_amount were dropped; write the "
	  "amount without them" },
};

/* The table entry of one note bit, or NULL. */
static const struct rules_note *
rules_note_find(unsigned note)
{
	size_t i;

	for (i = 0; i < sizeof rules_notes / sizeof rules_notes[0]; i++) {
		if (rules_notes[i].note == note)
			return &rules_notes[i];
	}
	return NULL;
}

const char *
rules_note_code(unsigned note)
{
	const struct rules_note *n = rules_note_find(note);

	return n != NULL ? n->code : NULL;
}

const char *
rules_note_text(unsigned note)
{
	const struct rules_note *n = rules_note_find(note);

	return n != NULL ? n->text : NULL;
}

char *
rules_region(const char *raw, int *was_empty)
{
	struct strbuf sb;
	size_t off = 0, len = strlen(raw), n;
	uint32_t cp;
	int gap = 0, word_start = 1;

	strbuf_init(&sb);
	while (off < len) {
		n = text_decode(raw + off, len - off, &cp, NULL);
		if (text_is_space(cp)) {
			gap = 1;
			off += n;
			continue;
		}
		if (gap && sb.len > 0) {
			strbuf_putc(&sb, ' ');
			word_start = 1;
		}
		gap = 0;
		if (cp < 0x80)
			strbuf_putc(&sb, word_start ? rules_upper((char)cp) :
			    rules_lower((char)cp));
		else
			strbuf_add(&sb, raw + off, n);
		word_start = 0;
		off += n;
	}
	if (was_empty != NULL)
		*was_empty = (sb.len == 0);
	if (sb.len == 0) {
		strbuf_free(&sb);
		return xstrdup(RULES_REGION_UNKNOWN);
	}
	return strbuf_detach(&sb);
}

void
rules_money_format(int64_t minor, char *buf, size_t len)
{
	uint64_t m;

	if (len == 0)
		return;
	m = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	snprintf(buf, len, "%s%" PRIu64 ".%02u", minor < 0 ? "-" : "",
	    m / 100, (unsigned)(m % 100));
}

int
rules_amount_scope(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return RULES_SCOPE_AUTO;
	if (strcmp(s, "line") == 0)
		return RULES_SCOPE_LINE;
	if (strcmp(s, "order") == 0)
		return RULES_SCOPE_ORDER;
	return -1;
}

const char *
rules_scope_name(enum rules_scope scope)
{
	switch (scope) {
	case RULES_SCOPE_LINE:
		return "line";
	case RULES_SCOPE_ORDER:
		return "order";
	default:
		return "auto";
	}
}

enum rules_scope
rules_scope_decide(int64_t multi, int64_t repeat)
{
	/* repeat <= multi / 2 read as 2 * repeat <= multi: no rounding. */
	if (multi == 0 || 2 * repeat <= multi)
		return RULES_SCOPE_LINE;
	if (repeat == multi)
		return RULES_SCOPE_ORDER;
	return RULES_SCOPE_AUTO;
}
