/* numfmt: grouped numbers, money, counts and sizes for screens. */
#include "numfmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The digits of m grouped into out (at least 40 bytes). Western groups
 * threes; Indian groups the last three, then twos (lakh, crore). */
static void
numfmt_digits(uint64_t m, enum numfmt_scale scale, char *out)
{
	char d[24], *p;
	int n, i, left;

	n = snprintf(d, sizeof d, "%" PRIu64, m);
	p = out;
	for (i = 0; i < n; i++) {
		left = n - i;
		if (i > 0 && (left == 3 || (left > 3 &&
		    (scale == NUMFMT_INDIAN ? (left - 3) % 2 == 0 :
		    left % 3 == 0))))
			*p++ = ',';
		*p++ = d[i];
	}
	*p = '\0';
}

/* |v| as an unsigned number, INT64_MIN included. */
static uint64_t
numfmt_abs(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

char *
numfmt_int(int64_t v, enum numfmt_scale scale, char *buf, size_t len)
{
	char g[40];

	numfmt_digits(numfmt_abs(v), scale, g);
	snprintf(buf, len, "%s%s", v < 0 ? "-" : "", g);
	return buf;
}

char *
numfmt_money(int64_t minor, enum numfmt_scale scale, int utf8, char *buf,
    size_t len)
{
	uint64_t m = numfmt_abs(minor);
	char g[40];

	numfmt_digits(m / 100, scale, g);
	snprintf(buf, len, "%s%s%s.%02u", minor < 0 ? "-" : "",
	    utf8 ? "\xe2\x82\xb9" : "Rs ", g, (unsigned)(m % 100)); /* ₹ */
	return buf;
}

char *
numfmt_count(int64_t n, const char *one, const char *many,
    enum numfmt_scale scale, char *buf, size_t len)
{
	char g[NUMFMT_MAX];

	numfmt_int(n, scale, g, sizeof g);
	snprintf(buf, len, "%s %s", g, n == 1 ? one : many);
	return buf;
}

char *
numfmt_size(uint64_t bytes, enum numfmt_scale scale, char *buf, size_t len)
{
	static const char *units[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	char g[40];
	double v = (double)bytes;
	size_t u = 0;

	numfmt_digits(bytes, scale, g);
	if (bytes < 1024) {
		snprintf(buf, len, "%s %s", g, bytes == 1 ? "byte" : "bytes");
		return buf;
	}
	v /= 1024.0;
	while (v >= 1024.0 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024.0;
		u++;
	}
	snprintf(buf, len, "%s bytes (%.1f %s)", g, v, units[u]);
	return buf;
}
