/* rules: column names, mobiles, money, counts and regions, as designed. */
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

int
rules_mobile(const char *raw, char out[RULES_MOBILE_LEN + 1])
{
	char d[16];
	const char *p;
	size_t n = 0;
	int plus = 0;

	for (p = raw; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-' || *p == '.' || *p == '(' ||
		    *p == ')')
			continue;
		if (*p == '+' && n == 0 && !plus) {
			plus = 1;
			continue;
		}
		if (!rules_is_digit(*p) || n == sizeof d - 1)
			return -1;
		d[n++] = *p;
	}
	d[n] = '\0';

	p = d;
	if (n == 12 && p[0] == '9' && p[1] == '1') {
		p += 2;
		n -= 2;
	} else if (plus)
		return -1;	/* '+' only as the leading "+91" of 12 digits */
	else if (n == 11 && p[0] == '0') {
		p++;
		n--;
	}
	if (n != RULES_MOBILE_LEN || p[0] < '6' || p[0] > '9')
		return -1;
	memcpy(out, p, RULES_MOBILE_LEN);
	out[RULES_MOBILE_LEN] = '\0';
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

int
rules_money(const char *raw, int64_t *minor)
{
	const char *p = raw;
	int64_t units, frac = 0;

	if (rules_digits(&p, &units) != 0)
		return -1;
	if (*p == '.') {
		p++;
		if (!rules_is_digit(p[0]))
			return -1;
		frac = (p[0] - '0') * 10;
		p++;
		if (rules_is_digit(p[0])) {
			frac += p[0] - '0';
			p++;
		}
	}
	if (*p != '\0' || units > (INT64_MAX - frac) / 100)
		return -1;
	*minor = units * 100 + frac;
	return 0;
}

int
rules_count(const char *raw, int64_t *out)
{
	const char *p = raw;
	int64_t v;

	if (rules_digits(&p, &v) != 0 || *p != '\0' || v < 1)
		return -1;
	*out = v;
	return 0;
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
