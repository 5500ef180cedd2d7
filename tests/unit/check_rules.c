/* Unit tests (rules): column names, mobiles, amounts, counts, regions. */
#include <stdint.h>

#include "testutil.h"

#include "rules.h"
#include "xmem.h"

static void
column_is(const char *raw, const char *want)
{
	char *out = rules_column_name(raw);

	ck_assert_str_eq(out, want);
	free(out);
}

/* want NULL: rejected; otherwise accepted as want with exactly want_notes. */
static void
mobile_notes(const char *raw, const char *want, unsigned want_notes)
{
	char out[RULES_MOBILE_LEN + 1] = "untouched";
	unsigned notes = 42;

	if (want == NULL) {
		ck_assert_msg(rules_mobile(raw, out, &notes) == -1,
		    "mobile \"%s\" should be rejected", raw);
		ck_assert_str_eq(out, "untouched");
		ck_assert_uint_eq(notes, 0);
		ck_assert_int_eq(rules_mobile(raw, out, NULL), -1);
		return;
	}
	ck_assert_msg(rules_mobile(raw, out, &notes) == 0,
	    "mobile \"%s\" should be accepted", raw);
	ck_assert_str_eq(out, want);
	ck_assert_msg(notes == want_notes, "mobile \"%s\": notes %#x, want %#x",
	    raw, notes, want_notes);
	memset(out, 'x', sizeof out);
	ck_assert_int_eq(rules_mobile(raw, out, NULL), 0);
	ck_assert_str_eq(out, want);
}

static void
mobile_is(const char *raw, const char *want)
{
	mobile_notes(raw, want, 0);
}

static void
money_is(const char *raw, int64_t want)
{
	int64_t v = -42;

	ck_assert_msg(rules_money(raw, &v) == 0, "money \"%s\" rejected", raw);
	ck_assert_int_eq(v, want);
}

static void
money_bad(const char *raw)
{
	int64_t v = -42;

	ck_assert_msg(rules_money(raw, &v) == -1, "money \"%s\" accepted", raw);
	ck_assert_int_eq(v, -42);
}

static void
amount_is(const char *raw, int64_t want, unsigned want_notes)
{
	int64_t v = -42;
	unsigned notes = 42;

	ck_assert_msg(rules_amount(raw, &v, &notes) == 0,
	    "amount \"%s\" rejected", raw);
	ck_assert_msg(v == want, "amount \"%s\": %lld, want %lld", raw,
	    (long long)v, (long long)want);
	ck_assert_msg(notes == want_notes, "amount \"%s\": notes %#x, want %#x",
	    raw, notes, want_notes);
	v = -42;
	ck_assert_int_eq(rules_amount(raw, &v, NULL), 0);
	ck_assert_int_eq(v, want);
}

static void
amount_bad(const char *raw)
{
	int64_t v = -42;
	unsigned notes = 42;

	ck_assert_msg(rules_amount(raw, &v, &notes) == -1,
	    "amount \"%s\" accepted", raw);
	ck_assert_int_eq(v, -42);
	ck_assert_uint_eq(notes, 0);
	ck_assert_int_eq(rules_amount(raw, &v, NULL), -1);
}

static void
count_notes(const char *raw, int64_t want, unsigned want_notes)
{
	int64_t v = -42;
	unsigned notes = 42;

	ck_assert_msg(rules_count(raw, &v, &notes) == 0,
	    "count \"%s\" rejected", raw);
	ck_assert_int_eq(v, want);
	ck_assert_uint_eq(notes, want_notes);
	v = -42;
	ck_assert_int_eq(rules_count(raw, &v, NULL), 0);
	ck_assert_int_eq(v, want);
}

static void
count_is(const char *raw, int64_t want)
{
	count_notes(raw, want, 0);
}

static void
count_bad(const char *raw)
{
	int64_t v = -42;
	unsigned notes = 42;

	ck_assert_msg(rules_count(raw, &v, &notes) == -1,
	    "count \"%s\" accepted", raw);
	ck_assert_int_eq(v, -42);
	ck_assert_uint_eq(notes, 0);
	ck_assert_int_eq(rules_count(raw, &v, NULL), -1);
}

static void
region_is(const char *raw, const char *want, int want_empty)
{
	int was_empty = -1;
	char *out = rules_region(raw, &was_empty);

	ck_assert_str_eq(out, want);
	ck_assert_int_eq(was_empty, want_empty);
	free(out);
}

static void
format_is(int64_t minor, const char *want)
{
	char buf[32];

	rules_money_format(minor, buf, sizeof buf);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_column_names)
{
	column_is("customer_id", "customer_id");
	column_is(" MOBILE_NUMBER ", "mobile_number");
	column_is("Customer Name", "customer_name");
	column_is("customer--id", "customer_id");
	column_is("Customer - ID", "customer_id");
	column_is("Order Date-Time", "order_date_time");
	column_is("\xef\xbb\xbf" "customer_id", "customer_id");
	column_is("\xef\xbb\xbf  Region\t", "region");
	column_is("total_amount (INR)", "total_amount_inr");
	column_is("SKU__Count", "sku_count");
	column_is("sku_ _count", "sku_count");
	column_is("a!b", "ab");
	column_is("a ! b", "a_b");
	column_is("Mobile\tNumber", "mobile_number");
	column_is("Mobile\r\n", "mobile");
	column_is("r\xc3\xa9gion", "rgion");
	/* U+00A0 is not a space here: dropped like any other character. */
	column_is("customer\xc2\xa0name", "customername");
	/* Leading and trailing '_' stay (the design does not strip them). */
	column_is("_id_", "_id_");
	column_is("-id-", "_id_");
	column_is("__id", "_id");
	column_is("id#", "id");
	column_is("", "");
	column_is("   ", "");
	column_is("\xef\xbb\xbf", "");
	column_is("???", "");
	column_is("Col 2", "col_2");
	/* A BOM not at the start is just dropped bytes. */
	column_is("a\xef\xbb\xbf" "b", "ab");
}
END_TEST

START_TEST(test_columns_find)
{
	static const char *const hdr[] = {
		"\xef\xbb\xbfRegion", " MOBILE_NUMBER ", "Customer Name",
		"customer-id", "extra"
	};
	static const char *const missing[] = {
		"customer_id", "customer_name", "region"
	};
	static const char *const twice[] = {
		"customer_id", "customer_name", "mobile_number", "region",
		"Region "
	};
	int idx[RULES_CUSTOMER_NCOLS];
	char *cause = NULL;

	ck_assert_int_eq(rules_columns_find(rules_customer_columns,
	    RULES_CUSTOMER_NCOLS, hdr, 5, idx, &cause), 0);
	ck_assert_int_eq(idx[0], 3);
	ck_assert_int_eq(idx[1], 2);
	ck_assert_int_eq(idx[2], 1);
	ck_assert_int_eq(idx[3], 0);
	ck_assert_ptr_null(cause);

	ck_assert_int_eq(rules_columns_find(rules_customer_columns,
	    RULES_CUSTOMER_NCOLS, missing, 3, idx, &cause), -1);
	ck_assert_str_eq(cause, "missing column mobile_number (columns found: "
	    "customer_id, customer_name, region)");
	free(cause);

	ck_assert_int_eq(rules_columns_find(rules_customer_columns,
	    RULES_CUSTOMER_NCOLS, twice, 5, idx, &cause), -1);
	ck_assert_str_eq(cause, "column region appears more than once "
	    "(columns found: customer_id, customer_name, mobile_number, region, "
	    "region)");
	free(cause);

	ck_assert_int_eq(rules_columns_find(rules_order_columns,
	    RULES_ORDER_NCOLS, NULL, 0, idx, &cause), -1);
	ck_assert_str_eq(cause, "missing column order_id (columns found: none)");
	free(cause);
}
END_TEST

START_TEST(test_required_columns)
{
	ck_assert_str_eq(rules_customer_columns[0], "customer_id");
	ck_assert_str_eq(rules_customer_columns[1], "customer_name");
	ck_assert_str_eq(rules_customer_columns[2], "mobile_number");
	ck_assert_str_eq(rules_customer_columns[3], "region");
	ck_assert_str_eq(rules_order_columns[0], "order_id");
	ck_assert_str_eq(rules_order_columns[1], "mobile_number");
	ck_assert_str_eq(rules_order_columns[2], "order_date_time");
	ck_assert_str_eq(rules_order_columns[3], "sku_id");
	ck_assert_str_eq(rules_order_columns[4], "sku_count");
	ck_assert_str_eq(rules_order_columns[5], "total_amount");
}
END_TEST

START_TEST(test_mobile_valid)
{
	mobile_is("9123456781", "9123456781");
	mobile_is("6000000000", "6000000000");
	mobile_is("7999999999", "7999999999");
	mobile_is("8123456789", "8123456789");
	mobile_is("+919123456781", "9123456781");
	mobile_is("919123456781", "9123456781");
	mobile_is("919876543210", "9876543210");
	mobile_is("09876543210", "9876543210");
	mobile_is("+91 91234 56781", "9123456781");
	mobile_is("+91-91234-56781", "9123456781");
	mobile_is("+91 98765-43210", "9876543210");
	mobile_is("91 91234 56781", "9123456781");
	mobile_is("09123456781", "9123456781");
	mobile_is("(091) 2345-6781", "9123456781");
	mobile_is("(912) 345-6781", "9123456781");
	/* The '+' is the first character left once the dropped ones go. */
	mobile_is("(+91) 98765 43210", "9876543210");
	mobile_is("(+91) 9123456781", "9123456781");
	mobile_is("+ 91 9123456781", "9123456781");
	/* 0091, the international prefix dialled from India. */
	mobile_is("0091 98765 43210", "9876543210");
	mobile_is("00919123456781", "9123456781");
	mobile_is("0091-9123456781", "9123456781");
	/* U+00A0 and U+2010..U+2015 are dropped like ' ' and '-'. */
	mobile_is("98765\xc2\xa0" "43210", "9876543210");
	mobile_is("98765\xe2\x80\x93" "43210", "9876543210");	/* en dash */
	mobile_is("98765\xe2\x80\x90" "43210", "9876543210");	/* hyphen */
	mobile_is("98765\xe2\x80\x95" "43210", "9876543210");	/* bar */
	mobile_is("+91\xc2\xa0" "98765\xe2\x80\x94" "43210", "9876543210");
	/* 12 digits starting 91 lose the 91 even when the rest starts 91. */
	mobile_is("919191919191", "9191919191");
}
END_TEST

START_TEST(test_mobile_float_suffix)
{
	mobile_notes("9123456781.0", "9123456781", RULES_NOTE_FLOAT_SUFFIX);
	mobile_notes("9123456781.00", "9123456781", RULES_NOTE_FLOAT_SUFFIX);
	mobile_notes("9123456781.000", "9123456781", RULES_NOTE_FLOAT_SUFFIX);
	mobile_notes("919123456781.0", "9123456781", RULES_NOTE_FLOAT_SUFFIX);
	mobile_notes("+91 98765 43210.0", "9876543210",
	    RULES_NOTE_FLOAT_SUFFIX);
	/* The suffix goes before the digits are counted: never 9123456780. */
	mobile_notes("912345678.0", NULL, 0);
	mobile_notes("91234567.80", NULL, 0);
	mobile_notes("9123456780", "9123456780", 0);
	/* Removed once, and only at the very end. */
	mobile_notes("9123456781.0.0", NULL, 0);
	mobile_notes("9123456781.01", NULL, 0);
	mobile_notes("9123456781.", NULL, 0);
	mobile_notes("9123456781.0 ", NULL, 0);
	mobile_notes(".0", NULL, 0);
	mobile_notes("0.0", NULL, 0);
}
END_TEST

START_TEST(test_mobile_invalid)
{
	mobile_is("", NULL);
	mobile_is("   ", NULL);
	mobile_is("+91", NULL);
	mobile_is("5123456789", NULL);		/* starts 5 */
	mobile_is("0123456789", NULL);		/* starts 0 */
	mobile_is("912345678", NULL);		/* 9 digits */
	mobile_is("91234567811", NULL);		/* 11 digits, no leading 0 */
	mobile_is("091234567811", NULL);	/* 12 digits, not 91 */
	mobile_is("0919123456781", NULL);	/* 13 digits */
	mobile_is("0091912345678", NULL);	/* 0091 and 9 digits */
	mobile_is("009109123456781", NULL);	/* one prefix only */
	mobile_is("+9109123456781", NULL);	/* one prefix only */
	mobile_is("+910091234567", NULL);
	mobile_is("+9123456781", NULL);		/* '+' but only 10 digits */
	mobile_is("+09123456781", NULL);	/* '+' only as +91 */
	mobile_is("+0091 9123456781", NULL);
	mobile_is("+449123456781", NULL);	/* 12 digits, not +91 */
	mobile_is("+44 7911 123456", NULL);
	mobile_is("++919123456781", NULL);
	mobile_is("9123+456781", NULL);
	mobile_is("919123456781+", NULL);
	mobile_is("911234567890", NULL);	/* 91 dropped, then starts 1 */
	mobile_is("00123456789", NULL);		/* 0 dropped, then starts 0 */
	mobile_is("9123456781x", NULL);
	mobile_is("9123456781\t", NULL);	/* not a dropped space */
	mobile_is("9123/456781", NULL);
	mobile_is("9.12E+09", NULL);
	mobile_is("98765.43210", NULL);		/* '.' is not a separator */
	mobile_is("912.345.6781", NULL);
	mobile_is("98765_43210", NULL);
	mobile_is("98765\xe2\x80\x8f" "43210", NULL);	/* U+200F */
	mobile_is("98765\xe2\x80\x96" "43210", NULL);	/* U+2016 */
	mobile_is("98765\xe2\x88\x92" "43210", NULL);	/* U+2212 minus */
	mobile_is("98765\xe3\x80\x80" "43210", NULL);	/* U+3000 */
	mobile_is("98765\xc2" "43210", NULL);	/* a lone lead byte */
	mobile_is("98765\xe2\x80", NULL);	/* cut U+2010 at the end */
	mobile_is("\xd9\xa9\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6"
	    "\xd9\xa7\xd9\xa8\xd9\xa1", NULL);	/* Arabic-Indic digits */
	mobile_is("912345678191234567819123456781", NULL);
	mobile_is("-", NULL);
	mobile_is("()", NULL);
}
END_TEST

START_TEST(test_money)
{
	money_is("7450", 745000);
	money_is("7450.5", 745050);
	money_is("7450.50", 745050);
	money_is("7450.05", 745005);
	money_is("0", 0);
	money_is("0.00", 0);
	money_is("0.01", 1);
	money_is("007", 700);
	money_is("92233720368547758.07", INT64_MAX);
	money_is("92233720368547758", 9223372036854775800);

	money_bad("");
	money_bad("-1");
	money_bad("-0");
	money_bad("+5");
	money_bad(".5");
	money_bad("5.");
	money_bad(".");
	money_bad("7450.505");
	money_bad("7450.000");
	money_bad("1e3");
	money_bad("1E3");
	money_bad("1,000");
	money_bad("1 000");
	money_bad(" 5");
	money_bad("5 ");
	money_bad("5.0.0");
	money_bad("0x10");
	money_bad("abc");
	money_bad("NaN");
	money_bad("inf");
	money_bad("\xe2\x82\xb9" "5");
	money_bad("92233720368547758.08");
	money_bad("92233720368547759");
	money_bad("9223372036854775807");
	money_bad("99999999999999999999999999");
}
END_TEST

START_TEST(test_amount)
{
	unsigned both = RULES_NOTE_CURRENCY | RULES_NOTE_GROUPING;

	/* What rules_money takes, total_amount takes without a note. */
	amount_is("5", 500, 0);
	amount_is("5.5", 550, 0);
	amount_is("05.50", 550, 0);
	amount_is("7450", 745000, 0);
	amount_is("0", 0, 0);
	amount_is("92233720368547758.07", INT64_MAX, 0);

	/* Grouping, Western or Indian. */
	amount_is("7,450", 745000, RULES_NOTE_GROUPING);
	amount_is("1,234,567.50", 123456750, RULES_NOTE_GROUPING);
	amount_is("12,34,567.50", 123456750, RULES_NOTE_GROUPING);
	amount_is("1,23,45,678", 1234567800, RULES_NOTE_GROUPING);
	amount_is("123,456", 12345600, RULES_NOTE_GROUPING);
	amount_is("12,345", 1234500, RULES_NOTE_GROUPING);
	amount_is("999,999,999.9", 99999999990, RULES_NOTE_GROUPING);
	amount_is("92,233,720,368,547,758.07", INT64_MAX, RULES_NOTE_GROUPING);

	/* One currency mark, before or after, with or without one space. */
	amount_is("\xe2\x82\xb9" "1,299.00", 129900, both);
	amount_is("\xe2\x82\xb9 1,299.00", 129900, both);
	amount_is("\xe2\x82\xb9" "5", 500, RULES_NOTE_CURRENCY);
	amount_is("5\xe2\x82\xb9", 500, RULES_NOTE_CURRENCY);
	amount_is("1299 INR", 129900, RULES_NOTE_CURRENCY);
	amount_is("1299INR", 129900, RULES_NOTE_CURRENCY);
	amount_is("INR 1299", 129900, RULES_NOTE_CURRENCY);
	amount_is("Rs. 50", 5000, RULES_NOTE_CURRENCY);
	amount_is("Rs.50", 5000, RULES_NOTE_CURRENCY);
	amount_is("Rs 50", 5000, RULES_NOTE_CURRENCY);
	amount_is("Rs50.5", 5050, RULES_NOTE_CURRENCY);
	amount_is("50 Rs", 5000, RULES_NOTE_CURRENCY);
	amount_is("50 Rs.", 5000, RULES_NOTE_CURRENCY);
	amount_is("Rs. 12,34,567.50", 123456750, both);
	amount_is("1,299 INR", 129900, both);

	/* Grouping that is neither way, or looks like a decimal comma. */
	amount_bad("1,2,3");
	amount_bad("12,3456");
	amount_bad("1234,567");
	amount_bad("1,234,56");
	amount_bad("12,34,56");
	amount_bad("1,23,456,789");
	amount_bad("123,45,678");
	amount_bad("1,234.567");
	amount_bad("1,");
	amount_bad(",123");
	amount_bad("1,,234");
	amount_bad("1,234,");
	amount_bad("1,234.");
	amount_bad("0,123");
	amount_bad("01,234");
	amount_bad("1.234,50");
	amount_bad("1 234");
	amount_bad("1,234,567,890,123,456,789,012");	/* overflow */

	/* Currency marks: one, as written. */
	amount_bad("$5");
	amount_bad("5$");
	amount_bad("\xe2\x82\xac" "5");			/* euro */
	amount_bad("\xe2\x82\xb9\xe2\x82\xb9" "5");
	amount_bad("\xe2\x82\xb9" "5 INR");
	amount_bad("Rs. 5 Rs.");
	amount_bad("INR");
	amount_bad("\xe2\x82\xb9");
	amount_bad("Rs.");
	amount_bad("rs 5");
	amount_bad("inr 5");
	amount_bad("RS 5");
	amount_bad("\xe2\x82\xb9  5");			/* two spaces */
	amount_bad("5  INR");
	amount_bad("\xe2\x82\xb9\xc2\xa0" "5");		/* U+00A0 */
	amount_bad("\xe2\x82\xb9-5");
	amount_bad("-\xe2\x82\xb9" "5");
	amount_bad("\xe2\x82\xb9 .5");
	amount_bad("Rs..5");
	amount_bad("Rupees 5");

	/* Still rejected, as before. */
	amount_bad("");
	amount_bad("-5");
	amount_bad("-0");
	amount_bad("+5");
	amount_bad(".5");
	amount_bad("5.");
	amount_bad("1e3");
	amount_bad("7450.505");
	amount_bad("5.0.0");
	amount_bad("NaN");
	amount_bad("92233720368547758.08");
}
END_TEST

START_TEST(test_count)
{
	count_is("1", 1);
	count_is("2", 2);
	count_is("0002", 2);
	count_is("9223372036854775807", INT64_MAX);
	/* An integral REAL as written by SQLite or a spreadsheet. */
	count_notes("2.0", 2, RULES_NOTE_DECIMAL);
	count_notes("2.00", 2, RULES_NOTE_DECIMAL);
	count_notes("1.0", 1, RULES_NOTE_DECIMAL);
	count_notes("10.000", 10, RULES_NOTE_DECIMAL);

	count_bad("0");
	count_bad("000");
	count_bad("0.0");
	count_bad("");
	count_bad("-1");
	count_bad("-1.0");
	count_bad("+1");
	count_bad("1.5");
	count_bad("2.5");
	count_bad("2.05");
	count_bad("2.");
	count_bad(".0");
	count_bad("2.0.0");
	count_bad("1e2");
	count_bad("1e3");
	count_bad("1.0e+20");
	count_bad("2,000");
	count_bad(" 1");
	count_bad("1 ");
	count_bad("two");
	count_bad("9223372036854775808");
	count_bad("18446744073709551617");
}
END_TEST

START_TEST(test_notes)
{
	unsigned all = RULES_NOTE_FLOAT_SUFFIX | RULES_NOTE_DECIMAL |
	    RULES_NOTE_CURRENCY | RULES_NOTE_GROUPING;

	/* Distinct bits, each with a code and a text. */
	ck_assert_uint_eq(RULES_NOTE_FLOAT_SUFFIX & RULES_NOTE_DECIMAL, 0);
	ck_assert_uint_eq(RULES_NOTE_CURRENCY & RULES_NOTE_GROUPING, 0);
	ck_assert_uint_eq((RULES_NOTE_FLOAT_SUFFIX | RULES_NOTE_DECIMAL) &
	    (RULES_NOTE_CURRENCY | RULES_NOTE_GROUPING), 0);
	ck_assert_str_eq(rules_note_code(RULES_NOTE_FLOAT_SUFFIX),
	    "mobile_float_suffix");
	ck_assert_str_eq(rules_note_code(RULES_NOTE_DECIMAL),
	    "sku_count_decimal");
	ck_assert_str_eq(rules_note_code(RULES_NOTE_CURRENCY),
	    "amount_currency");
	ck_assert_str_eq(rules_note_code(RULES_NOTE_GROUPING),
	    "amount_grouping");
	ck_assert_ptr_nonnull(rules_note_text(RULES_NOTE_FLOAT_SUFFIX));
	ck_assert_ptr_nonnull(rules_note_text(RULES_NOTE_DECIMAL));
	ck_assert_ptr_nonnull(rules_note_text(RULES_NOTE_CURRENCY));
	ck_assert_ptr_nonnull(rules_note_text(RULES_NOTE_GROUPING));
	ck_assert_ptr_null(rules_note_code(0));
	ck_assert_ptr_null(rules_note_text(0));
	ck_assert_ptr_null(rules_note_code(all));
	ck_assert_ptr_null(rules_note_code(0x100));
}
END_TEST

START_TEST(test_region)
{
	region_is("north", "North", 0);
	region_is(" NORTH ", "North", 0);
	region_is("North", "North", 0);
	region_is("nOrTh", "North", 0);
	region_is("north  east", "North East", 0);
	region_is("\tnorth \t east\n", "North East", 0);
	region_is("north-east", "North-east", 0);
	region_is("n", "N", 0);
	region_is("1st zone", "1st Zone", 0);
	region_is("(west)", "(west)", 0);
	/* Unicode spaces collapse too; non-ASCII letters stay as they are. */
	region_is("north\xc2\xa0\xc2\xa0" "east", "North East", 0);
	region_is("\xc3\xa9ST", "\xc3\xa9st", 0);
	region_is("z\xc3\x9c" "RICH", "Z\xc3\x9crich", 0);
	region_is("\xe0\xa4\xaa\xe0\xa5\x82\xe0\xa4\xb0\xe0\xa5\x8d\xe0\xa4\xb5",
	    "\xe0\xa4\xaa\xe0\xa5\x82\xe0\xa4\xb0\xe0\xa5\x8d\xe0\xa4\xb5", 0);
	region_is("", "(unknown)", 1);
	region_is("   ", "(unknown)", 1);
	region_is("\t\r\n", "(unknown)", 1);
	{
		char *out = rules_region("west", NULL);

		ck_assert_str_eq(out, "West");
		free(out);
	}
	ck_assert_str_eq(RULES_REGION_UNKNOWN, "(unknown)");
	ck_assert_str_eq(RULES_REGION_UNMATCHED, "(unmatched)");
}
END_TEST

START_TEST(test_money_format)
{
	char small[5];

	format_is(745000, "7450.00");
	format_is(745050, "7450.50");
	format_is(5, "0.05");
	format_is(0, "0.00");
	format_is(-1205, "-12.05");
	format_is(-5, "-0.05");
	format_is(INT64_MAX, "92233720368547758.07");
	format_is(INT64_MIN, "-92233720368547758.08");
	rules_money_format(745000, small, sizeof small);
	ck_assert_str_eq(small, "7450");
	rules_money_format(745000, small, 0);
}
END_TEST

START_TEST(test_money_round_trip)
{
	static const char *const in[] = {
		"0.00", "0.01", "0.10", "1.00", "7450.50", "123456789.99"
	};
	char buf[32];
	int64_t v;
	size_t i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		ck_assert_int_eq(rules_money(in[i], &v), 0);
		rules_money_format(v, buf, sizeof buf);
		ck_assert_str_eq(buf, in[i]);
	}
}
END_TEST

static Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_column_names);
	tcase_add_test(tc, test_columns_find);
	tcase_add_test(tc, test_required_columns);
	tcase_add_test(tc, test_mobile_valid);
	tcase_add_test(tc, test_mobile_float_suffix);
	tcase_add_test(tc, test_mobile_invalid);
	tcase_add_test(tc, test_money);
	tcase_add_test(tc, test_amount);
	tcase_add_test(tc, test_count);
	tcase_add_test(tc, test_notes);
	tcase_add_test(tc, test_region);
	tcase_add_test(tc, test_money_format);
	tcase_add_test(tc, test_money_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(rules_suite());
}
