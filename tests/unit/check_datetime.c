/* Unit tests: datetime (ISO 8601 parsing, zones, local days, calendar days). */
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
parse_is(const char *s, int64_t want)
{
	int64_t t = 42;

	ck_assert_msg(datetime_parse(s, &t) == 0, "\"%s\" rejected", s);
	ck_assert_msg(t == want, "\"%s\": %lld, want %lld", s, (long long)t,
	    (long long)want);
}

static void
parse_bad(const char *s)
{
	int64_t t = 42;

	ck_assert_msg(datetime_parse(s, &t) == -1, "\"%s\" accepted", s);
	ck_assert_int_eq(t, 42);
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
	/* 02:30 on 2025-03-09 does not exist: moved forward to 03:30 EDT. */
	parse_is("2025-03-09T02:30:00", 1741505400);
	parse_is("2025-03-09T01:59:59", 1741503599);
	parse_is("2025-03-09T03:00:00", 1741503600);
	/* 01:30 on 2025-11-02 happens twice: the first (EDT) is taken. */
	parse_is("2025-11-02T01:30:00", 1762061400);
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
	parse_bad("2025-10-12T09:15");
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
	tcase_add_test(tc, test_days);
	tcase_add_test(tc, test_format_utc);
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
