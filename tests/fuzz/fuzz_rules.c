/*
 * fuzz_rules: every data rule on arbitrary bytes, both raw (as a C string)
 * and after text_clean as the importer does, with round-trip properties:
 * a parsed amount formats back to the same minor units, a mobile is ten
 * digits and normalizes to itself, notes are only the rule's own, a parsed
 * time formats and parses back to the same instant, and a rejected one has
 * a reason.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "rules.h"
#include "text.h"
#include "xmem.h"

#define FUZZ_YEAR1	(-62135596800LL)	/* 0001-01-01T00:00:00Z */
#define FUZZ_YEAR10000	253402300800LL		/* 10000-01-01T00:00:00Z */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *cause = NULL;

	if (datetime_set_zone(DATETIME_DEFAULT_ZONE, &cause) == -1)
		abort();
	return 0;
}

/* All the rules on one C string. */
static void
fuzz_rules(const char *s)
{
	char mobile[RULES_MOBILE_LEN + 1], buf[32], day[11], utc[21], *p;
	int64_t minor, again, n, epoch, epoch2;
	int32_t d;
	size_t i;
	enum datetime_why why;
	unsigned notes;
	int empty;

	if (rules_mobile(s, mobile, &notes) == 0) {
		if (strlen(mobile) != RULES_MOBILE_LEN ||
		    (notes & ~RULES_NOTE_FLOAT_SUFFIX) != 0)
			abort();
		for (i = 0; i < RULES_MOBILE_LEN; i++) {
			if (mobile[i] < '0' || mobile[i] > '9')
				abort();
		}
		/* The normalized form is a fixed point. */
		if (rules_mobile(mobile, buf, &notes) != 0 || notes != 0 ||
		    strcmp(buf, mobile) != 0)
			abort();
	} else if (notes != 0)
		abort();
	if (rules_money(s, &minor) == 0) {
		if (minor < 0)
			abort();
		rules_money_format(minor, buf, sizeof buf);
		if (rules_money(buf, &again) != 0 || again != minor)
			abort();
		/* A plain amount is a total_amount without notes. */
		if (rules_amount(s, &again, &notes) != 0 || again != minor ||
		    notes != 0)
			abort();
	}
	if (rules_amount(s, &minor, &notes) == 0) {
		if (minor < 0 || (notes & ~(RULES_NOTE_CURRENCY |
		    RULES_NOTE_GROUPING)) != 0)
			abort();
		rules_money_format(minor, buf, sizeof buf);
		if (rules_money(buf, &again) != 0 || again != minor)
			abort();
	} else if (notes != 0)
		abort();
	if (rules_count(s, &n, &notes) == 0) {
		if (n < 1 || (notes & ~RULES_NOTE_DECIMAL) != 0)
			abort();
	} else if (notes != 0)
		abort();
	p = rules_column_name(s);
	free(p);
	p = rules_region(s, &empty);
	if (*p == '\0')
		abort();
	free(p);
	/* Round trips hold inside years 0001-9999 (an offset can move an
	 * instant just outside; the formatters cut, never overflow). */
	/* The reason agrees with the result and always names a fix. */
	if (datetime_parse_why(s, &epoch, &why) == 0) {
		if (why != DATETIME_WHY_NONE)
			abort();
	} else if (why == DATETIME_WHY_NONE ||
	    datetime_why_text(why) == NULL || datetime_why_code(why) == NULL)
		abort();
	if (datetime_parse(s, &epoch) == 0) {
		datetime_local_day(epoch, day);
		datetime_format_utc(epoch, utc);
		if (epoch >= FUZZ_YEAR1 + 86400 && epoch < FUZZ_YEAR10000 - 86400 &&
		    (datetime_parse(utc, &epoch2) != 0 || epoch2 != epoch ||
		    datetime_parse_day(day, &d) != 0))
			abort();
	}
	if (datetime_parse_day(s, &d) == 0) {
		datetime_format_day(d, day);
		if (strcmp(day, s) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw, *clean;

	raw = xmalloc(size + 1);
	memcpy(raw, data, size);
	raw[size] = '\0';
	fuzz_rules(raw);
	clean = text_clean((const char *)data, size, NULL);
	fuzz_rules(clean);
	free(clean);
	free(raw);
	return 0;
}
