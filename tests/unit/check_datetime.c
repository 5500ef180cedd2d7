/* Unit tests (datetime): ISO 8601 parsing and reasons, data and source
 * zones, local days, calendar days, the screens' time form. */
#include <stdint.h>

#include "testutil.h"

#include "datetime.h"
#include "xmem.h"

static void
zone(const char *name)
{
	char *cause = NULL;

	ck_assert_msg(datetime_set_zone(name, &cause) == 0, "zone %s: %s",
	    name, cause == NULL ? "" : cause);
	ck_assert_ptr_null(cause);
	ck_assert_str_eq(datetime_zone(), name);
}

static void
source(const char *name)
{
	char *cause = NULL;

	ck_assert_msg(datetime_set_source_zone(name, &cause) == 0,
	    "source zone %s: %s", name == NULL ? "NULL" : name,
	    cause == NULL ? "" : cause);
	ck_assert_ptr_null(cause);
}

static void
parse_is(const char *s, int64_t want)
{
	enum datetime_why why = DATETIME_WHY_INVALID;
	int64_t t = 42;

	ck_assert_msg(datetime_parse(s, &t) == 0, "\"%s\" rejected", s);
	ck_assert_msg(t == want, "\"%s\": %lld, want %lld", s, (long long)t,
	    (long long)want);
	t = 42;
	ck_assert_int_eq(datetime_parse_why(s, &t, &why), 0);
	ck_assert_int_eq(why, DATETIME_WHY_NONE);
	ck_assert_int_eq(t, want);
}

/* Rejected, for the reason want. */
static void
why_is(const char *s, enum datetime_why want)
{
	enum datetime_why why = DATETIME_WHY_NONE;
	int64_t t = 42;

	ck_assert_msg(datetime_parse_why(s, &t, &why) == -1,
	    "\"%s\" accepted", s);
	ck_assert_msg(why == want, "\"%s\": why %d (%s), want %d", s, why,
	    datetime_why_code(why), want);
	ck_assert_int_eq(t, 42);
	ck_assert_int_eq(datetime_parse_why(s, &t, NULL), -1);
	ck_assert_int_eq(datetime_parse(s, &t), -1);
	ck_assert_int_eq(t, 42);
}

static void
parse_bad(const char *s)
{
	enum datetime_why why = DATETIME_WHY_NONE;
	int64_t t = 42;

	ck_assert_msg(datetime_parse(s, &t) == -1, "\"%s\" accepted", s);
	ck_assert_int_eq(t, 42);
	ck_assert_int_eq(datetime_parse_why(s, &t, &why), -1);
	ck_assert_int_ne(why, DATETIME_WHY_NONE);
	ck_assert_int_eq(t, 42);
}

/* The instant of s, which must parse. */
static int64_t
instant(const char *s)
{
	int64_t t;

	ck_assert_msg(datetime_parse(s, &t) == 0, "\"%s\" rejected", s);
	return t;
}

/* Parse s and check its local day in the current data zone. */
static void
day_of(const char *s, const char *want)
{
	int64_t t;
	char day[11];

	ck_assert_msg(datetime_parse(s, &t) == 0, "\"%s\" rejected", s);
	datetime_local_day(t, day);
	ck_assert_msg(strcmp(day, want) == 0, "\"%s\": day %s, want %s", s, day,
	    want);
}

static void
utc_is(int64_t t, const char *want)
{
	char out[21];

	datetime_format_utc(t, out);
	ck_assert_str_eq(out, want);
}

static void
zone_bad(const char *name, const char *want_prefix)
{
	char *cause = NULL;

	ck_assert_int_eq(datetime_set_zone(name, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strncmp(cause, want_prefix, strlen(want_prefix)) == 0,
	    "cause \"%s\" does not start \"%s\"", cause, want_prefix);
	free(cause);
}

START_TEST(test_offsets_cross_midnight_kolkata)
{
	zone("Asia/Kolkata");
	parse_is("2025-10-12T20:00:00Z", 1760299200);
	day_of("2025-10-12T20:00:00Z", "2025-10-13");
	/* Midnight in Kolkata is 18:30Z. */
	day_of("2025-10-12T18:29:59Z", "2025-10-12");
	day_of("2025-10-12T18:30:00Z", "2025-10-13");
	parse_is("2025-10-12T23:30:00+05:30", 1760292000);
	day_of("2025-10-12T23:30:00+05:30", "2025-10-12");
	parse_is("2025-10-12T23:30:00+0530", 1760292000);
	parse_is("2025-10-12T18:00:00+00:00", 1760292000);
	parse_is("2025-10-12T18:00:00-00:00", 1760292000);
	/* A negative offset moves the instant later: 19:00-05:00 is 00:00Z. */
	parse_is("2025-10-12T19:00:00-05:00", 1760313600);
	day_of("2025-10-12T19:00:00-05:00", "2025-10-13");
	parse_is("2025-10-12T19:00:00-0500", 1760313600);
	/* An offset that crosses the date backwards. */
	parse_is("2025-10-13T05:00:00+14:00", 1760281200);
	day_of("2025-10-13T05:00:00+14:00", "2025-10-12");
	/* Kolkata has no DST: the same offset in January. */
	day_of("2025-01-01T18:30:00Z", "2025-01-02");
}
END_TEST

START_TEST(test_naive_kolkata)
{
	zone("Asia/Kolkata");
	parse_is("2025-10-12T09:15:32", 1760240732);
	parse_is("2025-10-12 09:15:32", 1760240732);
	day_of("2025-10-12T09:15:32", "2025-10-12");
	day_of("2025-10-12T00:00:00", "2025-10-12");
	day_of("2025-10-12T23:59:59", "2025-10-12");
	parse_is("2025-10-13T00:00:00", 1760293800);
	/* 1970-01-01 00:00 in Kolkata is before the epoch; -1 is valid. */
	parse_is("1970-01-01T00:00:00", -19800);
	parse_is("1970-01-01T05:29:59", -1);
	parse_is("1970-01-01T05:30:00", 0);
}
END_TEST

START_TEST(test_dst_new_york)
{
	zone("America/New_York");
	parse_is("2025-07-01T12:00:00", 1751385600);	/* EDT, -04:00 */
	parse_is("2025-01-15T12:00:00", 1736960400);	/* EST, -05:00 */
	day_of("2025-07-02T03:00:00Z", "2025-07-01");
	day_of("2025-07-02T04:00:00Z", "2025-07-02");
	day_of("2025-01-16T04:59:59Z", "2025-01-15");
	day_of("2025-01-16T05:00:00Z", "2025-01-16");
	/* 02:00-02:59 on 2025-03-09 does not exist: rejected, not moved. */
	why_is("2025-03-09T02:30:00", DATETIME_WHY_DST_GAP);
	why_is("2025-03-09 02:30", DATETIME_WHY_DST_GAP);
	why_is("2025-03-09T02:00:00", DATETIME_WHY_DST_GAP);
	why_is("2025-03-09T02:59:59.999", DATETIME_WHY_DST_GAP);
	parse_is("2025-03-09T01:59:59", 1741503599);
	parse_is("2025-03-09T03:00:00", 1741503600);
	parse_is("2025-03-09T02:30:00-05:00", 1741505400);
	/* 01:00-01:59 on 2025-11-02 happens twice: rejected, not guessed. */
	why_is("2025-11-02T01:30:00", DATETIME_WHY_DST_TWICE);
	why_is("2025-11-02 01:30", DATETIME_WHY_DST_TWICE);
	why_is("2025-11-02T01:00:00", DATETIME_WHY_DST_TWICE);
	why_is("2025-11-02T01:59:59", DATETIME_WHY_DST_TWICE);
	parse_is("2025-11-02T00:59:59", 1762059599);
	parse_is("2025-11-02T01:30:00-04:00", 1762061400);
	parse_is("2025-11-02T01:30:00-05:00", 1762065000);
	parse_is("2025-11-02T02:00:00", 1762066800);
	/* Explicit offsets do not depend on the zone. */
	parse_is("2025-10-12T20:00:00Z", 1760299200);
}
END_TEST

START_TEST(test_zone_switch)
{
	zone("UTC");
	parse_is("2025-10-12T20:00:00", 1760299200);
	day_of("2025-10-12T20:00:00Z", "2025-10-12");
	zone("Asia/Kolkata");
	day_of("2025-10-12T20:00:00Z", "2025-10-13");
	zone("Australia/Lord_Howe");	/* half-hour DST */
	parse_is("2025-01-15T12:00:00", 1736902800);
	parse_is("2025-07-15T12:00:00", 1752543000);
}
END_TEST

START_TEST(test_fractions)
{
	zone("Asia/Kolkata");
	parse_is("2025-10-12T09:15:32.123456", 1760240732);
	parse_is("2025-10-12T09:15:32.999999", 1760240732);
	parse_is("2025-10-12T09:15:32.5", 1760240732);
	parse_is("2025-10-12T09:15:32.123456789", 1760240732);
	parse_is("2025-10-12T03:45:32.123Z", 1760240732);
	parse_is("2025-10-12 09:15:32.000+05:30", 1760240732);
	parse_bad("2025-10-12T09:15:32.");
	parse_bad("2025-10-12T09:15:32.1234567890");
	parse_bad("2025-10-12T09:15:32.12a");
	parse_bad("2025-10-12T09:15:32,5");
	parse_bad("2025-10-12T09:15:32.Z");
}
END_TEST

START_TEST(test_calendar_validation)
{
	zone("UTC");
	parse_is("2024-02-29T10:00:00Z", 1709200800);
	parse_bad("2025-02-29T10:00:00Z");
	parse_bad("2025-02-29T10:00:00");
	parse_is("2000-02-29T00:00:00Z", 951782400);
	parse_bad("1900-02-29T00:00:00Z");
	parse_bad("2025-04-31T00:00:00Z");
	parse_is("2025-12-31T23:59:59Z", 1767225599);
	parse_bad("2025-13-01T00:00:00Z");
	parse_bad("2025-00-01T00:00:00Z");
	parse_bad("2025-10-00T00:00:00Z");
	parse_bad("2025-10-32T00:00:00Z");
	parse_bad("2025-10-12T24:00:00Z");
	parse_bad("2025-10-12T23:60:00Z");
	parse_bad("2025-10-12T23:59:61Z");
	/* A leap second is read as :59, keeping its day. */
	parse_is("2016-12-31T23:59:60Z", 1483228799);
	parse_is("0001-01-01T00:00:00Z", -62135596800LL);
	parse_is("9999-12-31T23:59:59Z", 253402300799LL);
	parse_bad("0000-01-01T00:00:00Z");
}
END_TEST

START_TEST(test_garbage)
{
	zone("Asia/Kolkata");
	parse_bad("");
	parse_bad("2025");
	parse_bad("2025-10-12");
	parse_bad("2025-10-12T");
	parse_bad("2025-10-12T09");
	parse_bad("2025-10-12T09:1");
	parse_bad("2025-10-12T09:15:");
	parse_bad("2025-10-12T09:15.5");	/* a fraction needs seconds */
	parse_bad("2025-10-12T09:15:3");
	parse_bad("2025-10-12T9:15:32");
	parse_bad("2025-1-12T09:15:32");
	parse_bad("25-10-12T09:15:32");
	parse_bad("02025-10-12T09:15:32");
	parse_bad("2025/10/12 09:15:32");
	parse_bad("12-10-2025 09:15:32");
	parse_bad("2025-10-12t09:15:32");
	parse_bad("2025-10-12T09:15:32z");
	parse_bad("2025-10-12_09:15:32");
	parse_bad("2025-10-12  09:15:32");
	parse_bad(" 2025-10-12T09:15:32");
	parse_bad("2025-10-12T09:15:32 ");
	parse_bad("2025-10-12T09:15:32\n");
	parse_bad("2025-10-12T09:15:32ZZ");
	parse_bad("2025-10-12T09:15:32Z+05:30");
	parse_bad("2025-10-12T09:15:32+05");
	parse_bad("2025-10-12T09:15:32+5:30");
	parse_bad("2025-10-12T09:15:32+05:3");
	parse_bad("2025-10-12T09:15:32+05:30:00");
	parse_bad("2025-10-12T09:15:32+0530x");
	parse_bad("2025-10-12T09:15:32+24:00");
	parse_bad("2025-10-12T09:15:32+05:60");
	parse_bad("2025-10-12T09:15:32 +05:30");
	parse_bad("2025-10-12T09:15:32 IST");
	parse_bad("-2025-10-12T09:15:32");
	parse_bad("+2025-10-12T09:15:32");
	parse_bad("2025-10-12T-9:15:32");
	parse_bad("2025-10-12T09:15:32.-1");
	parse_bad("1760240732");
	parse_bad("45942.3857");		/* an Excel serial */
	parse_bad("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x95-10-12T09:15:32");
	parse_bad("2025-10-12T09:15:32\xef\xbf\xbd");
	parse_bad("yyyy-mm-ddThh:mm:ss");
}
END_TEST

START_TEST(test_minutes_and_offsets)
{
	zone("Asia/Kolkata");
	source(NULL);
	/* Seconds are optional; a space or 'T'. */
	ck_assert_int_eq(instant("2025-10-13 14:05"),
	    instant("2025-10-13T14:05:00"));
	parse_is("2025-10-13 14:05", 1760344500);
	parse_is("2025-10-13T14:05", 1760344500);
	parse_is("2025-10-13T14:05Z", 1760364300);
	parse_is("2025-10-13 14:05+05:30", 1760344500);
	parse_is("2025-10-13 14:05+0530", 1760344500);
	parse_is("2025-10-13T08:35-00:00", 1760344500);
	/* +hhmm and +hh:mm are the same offset. */
	ck_assert_int_eq(instant("2025-10-13T14:05:00+0530"),
	    instant("2025-10-13T14:05:00+05:30"));
	parse_is("2025-10-13T14:05:00+0530", 1760344500);
	parse_is("2025-10-13T14:05:00-0330", 1760376900);
	parse_is("2025-10-13T14:05:00-03:30", 1760376900);
	/* The naive time in the source zone is the offset one. */
	ck_assert_int_eq(instant("2025-10-13T14:05:00"),
	    instant("2025-10-13T14:05:00+05:30"));
	why_is("2025-10-13T14:05+05", DATETIME_WHY_INVALID);
	why_is("2025-10-13T14:05+05:3", DATETIME_WHY_INVALID);
	why_is("2025-10-13T14:05+053", DATETIME_WHY_INVALID);
	why_is("2025-10-13T14:05:00+24:00", DATETIME_WHY_RANGE);
	why_is("2025-10-13T14:05:00+0560", DATETIME_WHY_RANGE);
}
END_TEST

START_TEST(test_why)
{
	zone("Asia/Kolkata");
	source(NULL);
	why_is("2025-10-13", DATETIME_WHY_DATE_ONLY);
	why_is("2024-02-29", DATETIME_WHY_DATE_ONLY);
	why_is("2025-02-29", DATETIME_WHY_RANGE);
	why_is("13/10/2025 14:05", DATETIME_WHY_DAY_MONTH);
	why_is("10/13/2025 14:05", DATETIME_WHY_DAY_MONTH);
	why_is("10-13-2025 14:05", DATETIME_WHY_DAY_MONTH);
	why_is("13-10-2025 14:05:00", DATETIME_WHY_DAY_MONTH);
	why_is("13.10.2025", DATETIME_WHY_DAY_MONTH);
	why_is("1/2/2025", DATETIME_WHY_DAY_MONTH);
	why_is("01/02/25 10:00", DATETIME_WHY_DAY_MONTH);
	why_is("13/10/2025T14:05:00Z", DATETIME_WHY_DAY_MONTH);
	why_is("1760339400", DATETIME_WHY_NUMBER);
	why_is("45943.5", DATETIME_WHY_NUMBER);
	why_is("45943,5", DATETIME_WHY_NUMBER);
	why_is("1.76E+09", DATETIME_WHY_NUMBER);
	why_is("-1", DATETIME_WHY_NUMBER);
	why_is("2025", DATETIME_WHY_NUMBER);
	why_is("20251013", DATETIME_WHY_NUMBER);
	why_is("2025-02-30 10:00", DATETIME_WHY_RANGE);
	why_is("2025-10-13 24:00", DATETIME_WHY_RANGE);
	why_is("2025-10-13 23:60", DATETIME_WHY_RANGE);
	why_is("2025-10-13 23:59:61", DATETIME_WHY_RANGE);
	why_is("", DATETIME_WHY_INVALID);
	why_is("2025/10/13 14:05", DATETIME_WHY_INVALID);
	why_is("13/10/202 14:05", DATETIME_WHY_INVALID);
	why_is("13/10-2025", DATETIME_WHY_INVALID);
	why_is("20251013T140500", DATETIME_WHY_INVALID);
	why_is("2025-10-13T14:05:00 IST", DATETIME_WHY_INVALID);
	why_is("2025-10-13 14:05 ", DATETIME_WHY_INVALID);
	why_is("Oct 13 2025", DATETIME_WHY_INVALID);
	why_is("1.", DATETIME_WHY_INVALID);
	why_is("1e", DATETIME_WHY_INVALID);
	why_is("12:30", DATETIME_WHY_INVALID);

	/* Each reason names its fix. */
	ck_assert_ptr_null(datetime_why_text(DATETIME_WHY_NONE));
	ck_assert_ptr_null(datetime_why_code(DATETIME_WHY_NONE));
	ck_assert_str_eq(datetime_why_text(DATETIME_WHY_DAY_MONTH),
	    "day-first or month-first dates are ambiguous; write YYYY-MM-DD");
	ck_assert(strncmp(datetime_why_text(DATETIME_WHY_DATE_ONLY),
	    "a date without a time; ", 23) == 0);
	ck_assert(strncmp(datetime_why_text(DATETIME_WHY_NUMBER),
	    "a bare number is not a date and time", 36) == 0);
	ck_assert(strncmp(datetime_why_text(DATETIME_WHY_INVALID),
	    "not an ISO 8601 date and time", 29) == 0);
	ck_assert_ptr_nonnull(strstr(datetime_why_text(DATETIME_WHY_DST_GAP),
	    "does not exist"));
	ck_assert_ptr_nonnull(strstr(datetime_why_text(DATETIME_WHY_DST_TWICE),
	    "happens twice"));
	ck_assert_ptr_nonnull(strstr(datetime_why_text(DATETIME_WHY_RANGE),
	    "out of range"));
	ck_assert_str_eq(datetime_why_code(DATETIME_WHY_DATE_ONLY),
	    "date_only");
	ck_assert_str_eq(datetime_why_code(DATETIME_WHY_DAY_MONTH),
	    "date_day_month");
	ck_assert_str_eq(datetime_why_code(DATETIME_WHY_NUMBER), "date_number");
	ck_assert_str_eq(datetime_why_code(DATETIME_WHY_DST_GAP),
	    "date_dst_gap");
	ck_assert_str_eq(datetime_why_code(DATETIME_WHY_DST_TWICE),
	    "date_dst_twice");
	ck_assert_str_eq(datetime_why_code(DATETIME_WHY_RANGE), "date_range");
	ck_assert_str_eq(datetime_why_code(DATETIME_WHY_INVALID),
	    "date_invalid");
	/* An unknown value reads as "anything else". */
	ck_assert_str_eq(datetime_why_code((enum datetime_why)99),
	    "date_invalid");
}
END_TEST

START_TEST(test_source_zone)
{
	int64_t utc, kolkata;
	char day[11];

	zone("Asia/Kolkata");
	source(NULL);
	ck_assert_str_eq(datetime_source_zone(), "Asia/Kolkata");
	kolkata = instant("2025-10-13 14:05");

	/* The same wall-clock time 5h30 apart, the data zone unchanged. */
	source("UTC");
	ck_assert_str_eq(datetime_source_zone(), "UTC");
	ck_assert_str_eq(datetime_zone(), "Asia/Kolkata");
	utc = instant("2025-10-13 14:05");
	ck_assert_int_eq(utc, 1760364300);
	ck_assert_int_eq(utc - kolkata, 5 * 3600 + 1800);
	/* Local days stay those of the data zone; TZ is switched back. */
	datetime_local_day(utc, day);
	ck_assert_str_eq(day, "2025-10-13");
	datetime_local_day(instant("2025-10-13 20:00"), day);
	ck_assert_str_eq(day, "2025-10-14");
	ck_assert_str_eq(getenv("TZ"), "Asia/Kolkata");
	/* An explicit offset ignores the source zone. */
	parse_is("2025-10-13T14:05:00+05:30", kolkata);

	/* The source zone follows no later datetime_set_zone... */
	zone("America/New_York");
	ck_assert_int_eq(instant("2025-10-13 14:05"), utc);
	/* ...and NULL goes back to the data zone, whatever it is then. */
	source(NULL);
	ck_assert_str_eq(datetime_source_zone(), "America/New_York");
	parse_is("2025-10-13 14:05", 1760378700);
	zone("Asia/Kolkata");
	ck_assert_int_eq(instant("2025-10-13 14:05"), kolkata);

	/* A source zone named like the data zone is the data zone. */
	source("Asia/Kolkata");
	ck_assert_int_eq(instant("2025-10-13 14:05"), kolkata);
	source(NULL);
}
END_TEST

START_TEST(test_source_dst)
{
	char day[11];
	int i;

	/* New York read while the data zone is Kolkata: TZ is switched on
	 * cache misses only, and the transition days are cached too. */
	zone("Asia/Kolkata");
	source("America/New_York");
	for (i = 0; i < 3; i++) {
		why_is("2025-03-09 02:30", DATETIME_WHY_DST_GAP);
		why_is("2025-11-02 01:30", DATETIME_WHY_DST_TWICE);
		parse_is("2025-03-09T01:59:59", 1741503599);
		parse_is("2025-03-09T03:00:00", 1741503600);
		parse_is("2025-03-09T12:00:00", 1741536000);
		parse_is("2025-11-02T00:59:59", 1762059599);
		parse_is("2025-11-02T02:00:00", 1762066800);
		parse_is("2025-11-02T12:00:00", 1762102800);
		parse_is("2025-07-01T12:00:00", 1751385600);
		parse_is("2025-01-15T12:00:00", 1736960400);
	}
	ck_assert_str_eq(getenv("TZ"), "Asia/Kolkata");
	datetime_local_day(1762066800, day);	/* 12:30 IST */
	ck_assert_str_eq(day, "2025-11-02");
	datetime_local_day(1741536000, day);	/* 21:30 IST */
	ck_assert_str_eq(day, "2025-03-09");

	/* Half-hour DST (Lord Howe: 02:00 -> 02:30 in October). */
	source("Australia/Lord_Howe");
	why_is("2025-10-05 02:15", DATETIME_WHY_DST_GAP);
	parse_is("2025-10-05 02:30", 1759591800);
	why_is("2025-04-06 01:45", DATETIME_WHY_DST_TWICE);
	parse_is("2025-01-15T12:00:00", 1736902800);

	/* No source zone without DST has either. */
	source("UTC");
	parse_is("2025-03-09 02:30", 1741487400);
	parse_is("2025-11-02 01:30", 1762047000);
	source("Asia/Kolkata");
	parse_is("2025-03-09 02:30", 1741467600);
	source(NULL);
}
END_TEST

START_TEST(test_source_zone_errors)
{
	char *cause = NULL;

	zone("Asia/Kolkata");
	source("UTC");
	ck_assert_int_eq(datetime_set_source_zone("Mars/Phobos", &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert(strncmp(cause, "unknown time zone Mars/Phobos: ", 31) == 0);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(datetime_set_source_zone("../etc/passwd", &cause), -1);
	ck_assert(strncmp(cause, "invalid time zone name", 22) == 0);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(datetime_set_source_zone("", &cause), -1);
	free(cause);
	/* A failed set leaves the source zone as it was. */
	ck_assert_str_eq(datetime_source_zone(), "UTC");
	parse_is("2025-10-13 14:05", 1760364300);
	source(NULL);
}
END_TEST

START_TEST(test_days)
{
	int32_t d = 42;
	char out[11];
	int32_t i, step;

	ck_assert_int_eq(datetime_parse_day("1970-01-01", &d), 0);
	ck_assert_int_eq(d, 0);
	ck_assert_int_eq(datetime_parse_day("1969-12-31", &d), 0);
	ck_assert_int_eq(d, -1);
	ck_assert_int_eq(datetime_parse_day("2000-03-01", &d), 0);
	ck_assert_int_eq(d, 11017);
	ck_assert_int_eq(datetime_parse_day("2024-02-29", &d), 0);
	ck_assert_int_eq(d, 19782);
	ck_assert_int_eq(datetime_parse_day("2025-10-13", &d), 0);
	ck_assert_int_eq(d, 20374);
	ck_assert_int_eq(datetime_parse_day("9999-12-31", &d), 0);
	ck_assert_int_eq(d, 2932896);
	ck_assert_int_eq(datetime_parse_day("0001-01-01", &d), 0);
	ck_assert_int_eq(d, -719162);

	d = 42;
	ck_assert_int_eq(datetime_parse_day("2025-02-29", &d), -1);
	ck_assert_int_eq(datetime_parse_day("2025-10-13T00:00:00", &d), -1);
	ck_assert_int_eq(datetime_parse_day("2025-10-13 ", &d), -1);
	ck_assert_int_eq(datetime_parse_day("2025-10-1", &d), -1);
	ck_assert_int_eq(datetime_parse_day("2025-1-13", &d), -1);
	ck_assert_int_eq(datetime_parse_day("20251013", &d), -1);
	ck_assert_int_eq(datetime_parse_day("", &d), -1);
	ck_assert_int_eq(datetime_parse_day("0000-12-31", &d), -1);
	ck_assert_int_eq(d, 42);

	datetime_format_day(0, out);
	ck_assert_str_eq(out, "1970-01-01");
	datetime_format_day(-1, out);
	ck_assert_str_eq(out, "1969-12-31");
	datetime_format_day(19782, out);
	ck_assert_str_eq(out, "2024-02-29");
	datetime_format_day(19783, out);
	ck_assert_str_eq(out, "2024-03-01");
	datetime_format_day(2932896, out);
	ck_assert_str_eq(out, "9999-12-31");
	datetime_format_day(-719162, out);
	ck_assert_str_eq(out, "0001-01-01");

	/* Every day of 1900-2100 and every 97th of 1-9999 round-trips. */
	for (i = -719162; i <= 2932896; i += step) {
		step = (i >= -25567 && i < 47482) ? 1 : 97;
		datetime_format_day(i, out);
		if (datetime_parse_day(out, &d) != 0 || d != i)
			ck_abort_msg("day %d formats as %s, parses as %d", i,
			    out, d);
	}
}
END_TEST

/* The screens' form names the zone and drops the seconds; only a stored
 * stamp is rewritten. */
START_TEST(test_show)
{
	char out[DATETIME_SHOW_LEN] = "untouched";

	datetime_show(1796413200, out);
	ck_assert_str_eq(out, "2026-12-04 19:40 UTC");
	ck_assert_int_eq(datetime_show_stamp("2026-12-04T19:40:59Z", out), 0);
	ck_assert_str_eq(out, "2026-12-04 19:40 UTC");
	snprintf(out, sizeof out, "%s", "untouched");
	ck_assert_int_eq(datetime_show_stamp("2026-12-04T19:40:59", out), -1);
	ck_assert_int_eq(datetime_show_stamp("2026-12-04T19:40:59Zx", out),
	    -1);
	ck_assert_int_eq(datetime_show_stamp("2026-12-04", out), -1);
	ck_assert_int_eq(datetime_show_stamp("", out), -1);
	ck_assert_int_eq(datetime_show_stamp("x026-12-04T19:40:59Z", out),
	    -1);
	ck_assert_str_eq(out, "untouched");
}
END_TEST

START_TEST(test_format_utc)
{
	utc_is(0, "1970-01-01T00:00:00Z");
	utc_is(-1, "1969-12-31T23:59:59Z");
	utc_is(1760299200, "2025-10-12T20:00:00Z");
	utc_is(1760240732, "2025-10-12T03:45:32Z");
	utc_is(1709200800, "2024-02-29T10:00:00Z");
	utc_is(253402300799LL, "9999-12-31T23:59:59Z");
	utc_is(-62135596800LL, "0001-01-01T00:00:00Z");
}
END_TEST

START_TEST(test_local_day_is_zone_bound)
{
	char day[11];

	zone("Asia/Kolkata");
	datetime_local_day(0, day);
	ck_assert_str_eq(day, "1970-01-01");
	datetime_local_day(-19801, day);
	ck_assert_str_eq(day, "1969-12-31");
	zone("America/New_York");
	datetime_local_day(0, day);
	ck_assert_str_eq(day, "1969-12-31");
	zone("Pacific/Kiritimati");	/* +14:00 */
	datetime_local_day(1760299200, day);
	ck_assert_str_eq(day, "2025-10-13");
}
END_TEST

START_TEST(test_set_zone_errors)
{
	zone("Asia/Kolkata");
	zone_bad("Mars/Phobos", "unknown time zone Mars/Phobos: ");
	zone_bad("America", "unknown time zone America: ");	/* a folder */
	zone_bad("Asia/kolkata", "unknown time zone Asia/kolkata: ");
	zone_bad("", "invalid time zone name");
	zone_bad(NULL, "invalid time zone name");
	zone_bad("../../../etc/passwd", "invalid time zone name");
	zone_bad("Asia/../Asia/Kolkata", "invalid time zone name");
	zone_bad("/usr/share/zoneinfo/UTC", "invalid time zone name");
	zone_bad("Asia//Kolkata", "invalid time zone name");
	zone_bad("Asia/Kolkata/", "invalid time zone name");
	zone_bad("zone.tab", "invalid time zone name");
	zone_bad("right/UTC", "invalid time zone name");
	zone_bad("Asia/Kolkata\n", "invalid time zone name");
	zone_bad("Asia/Kolkata ", "invalid time zone name");
	zone_bad("IST-5:30", "invalid time zone name");
	zone_bad("\x1b]0;pwned\x07", "invalid time zone name");
	/* A failed set leaves the zone as it was. */
	ck_assert_str_eq(datetime_zone(), "Asia/Kolkata");
	ck_assert_str_eq(getenv("TZ"), "Asia/Kolkata");
	day_of("2025-10-12T20:00:00Z", "2025-10-13");

	zone("UTC");
	zone("Etc/GMT+5");
	parse_is("2025-10-12T00:00:00", 1760245200);
	zone(DATETIME_DEFAULT_ZONE);
	ck_assert_str_eq(DATETIME_DEFAULT_ZONE, "Asia/Kolkata");
}
END_TEST

static Suite *
datetime_suite(void)
{
	Suite *s = suite_create("datetime");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_offsets_cross_midnight_kolkata);
	tcase_add_test(tc, test_naive_kolkata);
	tcase_add_test(tc, test_dst_new_york);
	tcase_add_test(tc, test_zone_switch);
	tcase_add_test(tc, test_fractions);
	tcase_add_test(tc, test_calendar_validation);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_minutes_and_offsets);
	tcase_add_test(tc, test_why);
	tcase_add_test(tc, test_source_zone);
	tcase_add_test(tc, test_source_dst);
	tcase_add_test(tc, test_source_zone_errors);
	tcase_add_test(tc, test_days);
	tcase_add_test(tc, test_format_utc);
	tcase_add_test(tc, test_show);
	tcase_add_test(tc, test_local_day_is_zone_bound);
	tcase_add_test(tc, test_set_zone_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(datetime_suite());
}
