/*
 * numfmt: numbers as people read them on screens: digit grouping (Indian
 * 8,30,454 or Western 830,454), money with the rupee sign, counts with
 * the right plural and sizes in bytes and binary units. Screens only: the
 * CLI, CSV, JSON and the workbook keep their plain numbers (contracts).
 * Every function writes into the caller's buffer, cut to fit, and
 * returns it; 48 bytes always suffice (NUMFMT_MAX).
 */
#ifndef KP_NUMFMT_H
#define KP_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

#define NUMFMT_MAX	48

enum numfmt_scale {
	NUMFMT_WESTERN,		/* 1,234,567 (number_scale international) */
	NUMFMT_INDIAN		/* 12,34,567 (number_scale indian) */
};

/* v with its digits grouped: "-8,30,454". */
char *numfmt_int(int64_t v, enum numfmt_scale scale, char *buf, size_t len);
/* Minor units as money with the sign, grouped: "₹8,30,454.71", or
 * "Rs 8,30,454.71" when utf8 is 0 (an ASCII terminal). */
char *numfmt_money(int64_t minor, enum numfmt_scale scale, int utf8,
    char *buf, size_t len);
/* A grouped count and its noun: "1 row", "1,234 rows" (many is the
 * plural, one the singular). */
char *numfmt_count(int64_t n, const char *one, const char *many,
    enum numfmt_scale scale, char *buf, size_t len);
/* A size: "912 bytes", "1 byte", or "68,092,579 bytes (64.9 MiB)". */
char *numfmt_size(uint64_t bytes, enum numfmt_scale scale, char *buf,
    size_t len);

#endif
