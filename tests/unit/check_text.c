/* Unit tests (text): UTF-8 repair, control flags, display, widths,
 * fitting. */
#include <stdint.h>

#include "testutil.h"

#include "text.h"
#include "xmem.h"

/* Clean a byte string and check the result and flags. */
static void
clean_is(const char *in, size_t len, const char *want, unsigned want_flags)
{
	unsigned flags = 0xff;
	char *out = text_clean(in, len, &flags);

	ck_assert_str_eq(out, want);
	ck_assert_uint_eq(flags, want_flags);
	free(out);
}

#define CLEAN_IS(in, want, flags) \
	clean_is((in), sizeof (in) - 1, (want), (flags))

static void
display_is(const char *in, int utf8, const char *want)
{
	char *out = text_display(in, utf8);

	ck_assert_str_eq(out, want);
	free(out);
}

static void
fit_is(const char *in, int cells, const char *want)
{
	char *out = text_fit(in, cells);

	ck_assert_str_eq(out, want);
	ck_assert_int_le(text_width(out), cells < 0 ? 0 : cells);
	free(out);
}

START_TEST(test_clean_plain)
{
	CLEAN_IS("Aarav Mehta", "Aarav Mehta", 0);
	CLEAN_IS("", "", 0);
	CLEAN_IS("   ", "", 0);
	CLEAN_IS(" \t\r\n", "", 0);
	CLEAN_IS("  West \r\n", "West", 0);
	CLEAN_IS("\tCUST-0001\t", "CUST-0001", 0);
	CLEAN_IS("a  b", "a  b", 0);
	/* U+00A0, U+3000 and U+2003 are trimmed at the ends only. */
	CLEAN_IS("\xc2\xa0" "Pune\xe3\x80\x80", "Pune", 0);
	CLEAN_IS("\xe2\x80\x83x\xc2\xa0y\xe2\x80\x83", "x\xc2\xa0y", 0);
	CLEAN_IS("Zo\xc3\xab \xe6\x9d\xb1\xe4\xba\xac",
	    "Zo\xc3\xab \xe6\x9d\xb1\xe4\xba\xac", 0);
	CLEAN_IS("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", 0);
	/* Only len bytes are read. */
	clean_is("abcdef", 3, "abc", 0);
	{
		char *out = text_clean("x", 1, NULL);

		ck_assert_str_eq(out, "x");
		free(out);
	}
}
END_TEST

START_TEST(test_clean_repair)
{
	CLEAN_IS("caf\xe9", "caf\xef\xbf\xbd", TEXT_REPAIRED);
	CLEAN_IS("\xff" "a\xfe", "\xef\xbf\xbd" "a\xef\xbf\xbd", TEXT_REPAIRED);
	/* A lone continuation byte. */
	CLEAN_IS("a\x80" "b", "a\xef\xbf\xbd" "b", TEXT_REPAIRED);
	/* Overlong '/' (C0 AF) is two bad bytes; overlong 3-byte is three. */
	CLEAN_IS("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", TEXT_REPAIRED);
	CLEAN_IS("\xe0\x80\xaf",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", TEXT_REPAIRED);
	CLEAN_IS("\xf0\x80\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd", TEXT_REPAIRED);
	/* Surrogate U+D800 as UTF-8 (ED A0 80). */
	CLEAN_IS("x\xed\xa0\x80", "x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    TEXT_REPAIRED);
	/* Above U+10FFFF. */
	CLEAN_IS("\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd", TEXT_REPAIRED);
	/* A truncated sequence is one U+FFFD (its maximal subpart). */
	CLEAN_IS("\xe2\x82", "\xef\xbf\xbd", TEXT_REPAIRED);
	CLEAN_IS("\xe2\x82x", "\xef\xbf\xbdx", TEXT_REPAIRED);
	CLEAN_IS("\xf0\x9f\x98", "\xef\xbf\xbd", TEXT_REPAIRED);
	/* The highest valid code points survive. */
	CLEAN_IS("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf", 0);
	CLEAN_IS("\xed\x9f\xbf", "\xed\x9f\xbf", 0);
	/* A NUL byte inside the value cannot survive a C string. */
	CLEAN_IS("a\0b", "a\xef\xbf\xbd" "b", TEXT_REPAIRED);
	/* Repaired bytes are content, so they stop the trim. */
	CLEAN_IS("  \xff  ", "\xef\xbf\xbd", TEXT_REPAIRED);
}
END_TEST

START_TEST(test_clean_controls)
{
	CLEAN_IS("a\tb", "a\tb", TEXT_CONTROLS);
	CLEAN_IS("line1\nline2", "line1\nline2", TEXT_CONTROLS);
	CLEAN_IS("\x1b[31mred", "\x1b[31mred", TEXT_CONTROLS);
	CLEAN_IS("x\x7f", "x\x7f", TEXT_CONTROLS);
	CLEAN_IS("x\xc2\x9b" "2J", "x\xc2\x9b" "2J", TEXT_CONTROLS);
	/* Bidi: RLO, LRM, RLM, ALM, isolates. */
	CLEAN_IS("abc\xe2\x80\xaegpj.exe", "abc\xe2\x80\xaegpj.exe",
	    TEXT_CONTROLS);
	CLEAN_IS("a\xe2\x80\x8e", "a\xe2\x80\x8e", TEXT_CONTROLS);
	CLEAN_IS("a\xe2\x80\x8f", "a\xe2\x80\x8f", TEXT_CONTROLS);
	CLEAN_IS("\xd8\x9c" "a", "\xd8\x9c" "a", TEXT_CONTROLS);
	CLEAN_IS("\xe2\x81\xa6" "a\xe2\x81\xa9", "\xe2\x81\xa6" "a\xe2\x81\xa9",
	    TEXT_CONTROLS);
	/* Zero-width: ZWSP, ZWJ, WJ, BOM. */
	CLEAN_IS("a\xe2\x80\x8b" "b", "a\xe2\x80\x8b" "b", TEXT_CONTROLS);
	CLEAN_IS("a\xe2\x80\x8d" "b", "a\xe2\x80\x8d" "b", TEXT_CONTROLS);
	CLEAN_IS("a\xe2\x81\xa0" "b", "a\xe2\x81\xa0" "b", TEXT_CONTROLS);
	CLEAN_IS("\xef\xbb\xbf" "id", "\xef\xbb\xbf" "id", TEXT_CONTROLS);
	/* Both flags at once. */
	CLEAN_IS("\x01\xff", "\x01\xef\xbf\xbd", TEXT_CONTROLS | TEXT_REPAIRED);
	/* Controls that are trimmed whitespace are not flagged... */
	CLEAN_IS("\t\x0b\x0cx\r\n", "x", 0);
	/* ...but a control that is not whitespace stops the trim. */
	CLEAN_IS("\x1b ", "\x1b", TEXT_CONTROLS);
	CLEAN_IS(" \x01 a", "\x01 a", TEXT_CONTROLS);
}
END_TEST

START_TEST(test_display_utf8)
{
	display_is("plain ASCII ~!", 1, "plain ASCII ~!");
	display_is("", 1, "");
	display_is("\x1b[2J", 1, "\xe2\x90\x9b[2J");
	display_is("a\tb\nc\rd", 1,
	    "a\xe2\x90\x89" "b\xe2\x90\x8a" "c\xe2\x90\x8d" "d");
	display_is("\x01\x1f", 1, "\xe2\x90\x81\xe2\x90\x9f");
	display_is("\x7f", 1, "\xe2\x90\xa1");
	display_is("\xc2\x9b" "31m", 1, "<U+009B>31m");
	display_is("\xc2\x85", 1, "<U+0085>");
	display_is("abc\xe2\x80\xaegpj.exe", 1, "abc<U+202E>gpj.exe");
	display_is("\xe2\x81\xa6x\xe2\x81\xa9", 1, "<U+2066>x<U+2069>");
	display_is("\xd8\x9c", 1, "<U+061C>");
	display_is("a\xe2\x80\x8b" "b", 1, "a<U+200B>b");
	display_is("\xef\xbb\xbf", 1, "<U+FEFF>");
	display_is("\xe2\x80\xa8", 1, "<U+2028>");
	display_is("\xf3\xa0\x80\x81", 1, "<U+E0001>");
	display_is("caf\xe9", 1, "caf\xef\xbf\xbd");
	display_is("\xc0\xaf", 1, "\xef\xbf\xbd\xef\xbf\xbd");
	display_is("\xed\xa0\x80", 1, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* Ordinary non-ASCII passes unchanged. */
	display_is("Zo\xc3\xab \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x98\x80", 1,
	    "Zo\xc3\xab \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x98\x80");
	display_is("\xe2\x82\xb9" "7450", 1, "\xe2\x82\xb9" "7450");
}
END_TEST

START_TEST(test_display_ascii)
{
	display_is("plain", 0, "plain");
	display_is("\x1b[2J", 0, "^[[2J");
	display_is("a\tb\n", 0, "a^Ib^J");
	display_is("\x01\x7f", 0, "^A^?");
	display_is("caf\xc3\xa9", 0, "caf?");
	display_is("\xe6\x9d\xb1\xe4\xba\xac", 0, "??");
	display_is("\xf0\x9f\x98\x80", 0, "?");
	display_is("\xc2\x9b" "31m", 0, "?31m");
	display_is("abc\xe2\x80\xae", 0, "abc?");
	display_is("\xff\xfe", 0, "??");
}
END_TEST

/* Whatever goes in, what comes out of text_display holds nothing dangerous. */
START_TEST(test_display_hostile_bytes)
{
	char in[512], *out;
	size_t i, len, off, n;
	uint32_t cp;
	int valid, utf8;
	unsigned seed = 12345;

	for (utf8 = 0; utf8 <= 1; utf8++) {
		for (i = 0; i < 255; i++)
			in[i] = (char)(i + 1);
		/* Add pseudo-random bytes. */
		for (i = 255; i < sizeof in - 1; i++) {
			seed = seed * 1103515245 + 12345;
			in[i] = (char)((seed >> 16) % 255 + 1);
		}
		in[sizeof in - 1] = '\0';
		out = text_display(in, utf8);
		len = strlen(out);
		for (off = 0; off < len; off += n) {
			n = text_decode(out + off, len - off, &cp, &valid);
			ck_assert_int_eq(valid, 1);
			ck_assert_uint_ge(cp, 0x20);
			ck_assert_uint_ne(cp, 0x7f);
			ck_assert_int_eq(text_is_hidden(cp), 0);
			if (!utf8)
				ck_assert_uint_lt(cp, 0x7f);
		}
		free(out);
	}
}
END_TEST

START_TEST(test_decode)
{
	uint32_t cp;
	int valid;

	ck_assert_uint_eq(text_decode("A", 1, &cp, &valid), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_int_eq(valid, 1);
	ck_assert_uint_eq(text_decode("\xc3\xa9", 2, &cp, &valid), 2);
	ck_assert_uint_eq(cp, 0xe9);
	ck_assert_uint_eq(text_decode("\xe2\x82\xac", 3, &cp, &valid), 3);
	ck_assert_uint_eq(cp, 0x20ac);
	ck_assert_uint_eq(text_decode("\xf0\x9f\x98\x80", 4, &cp, &valid), 4);
	ck_assert_uint_eq(cp, 0x1f600);
	/* Length-limited: a complete sequence cut by len is invalid. */
	ck_assert_uint_eq(text_decode("\xe2\x82\xac", 2, &cp, &valid), 2);
	ck_assert_uint_eq(cp, 0xfffd);
	ck_assert_int_eq(valid, 0);
	ck_assert_uint_eq(text_decode("\xc1\xbf", 2, &cp, &valid), 1);
	ck_assert_int_eq(valid, 0);
	ck_assert_uint_eq(text_decode("\xf5\x80", 2, &cp, &valid), 1);
	ck_assert_int_eq(valid, 0);
	ck_assert_uint_eq(text_decode("\xe0\x9f\x80", 3, &cp, NULL), 1);
	ck_assert_uint_eq(cp, 0xfffd);
}
END_TEST

START_TEST(test_width)
{
	ck_assert_int_eq(text_width(""), 0);
	ck_assert_int_eq(text_width("hello"), 5);
	ck_assert_int_eq(text_width("caf\xc3\xa9"), 4);
	/* e + COMBINING ACUTE ACCENT */
	ck_assert_int_eq(text_width("cafe\xcc\x81"), 4);
	ck_assert_int_eq(text_width("\xe6\x9d\xb1\xe4\xba\xac"), 4);
	ck_assert_int_eq(text_width("\xed\x95\x9c"), 2);	/* Hangul */
	ck_assert_int_eq(text_width("\xef\xbc\xa1"), 2);	/* fullwidth A */
	ck_assert_int_eq(text_width("\xf0\x9f\x98\x80"), 2);
	ck_assert_int_eq(text_width("\xe2\x80\xa6"), 1);	/* ellipsis */
	ck_assert_int_eq(text_width("\xe2\x90\x9b"), 1);	/* SYMBOL FOR ESC */
	ck_assert_int_eq(text_width("\xef\xbf\xbd"), 1);
	ck_assert_int_eq(text_width("\xe0\xa4\xb9\xe0\xa4\xbf"), 2);	/* Devanagari hi */
	ck_assert_int_eq(text_width("\xe0\xa4\x95\xe0\xa5\x8d"), 1);	/* ka + virama */
	ck_assert_int_eq(text_width("\xf0\xa0\x80\x80"), 2);	/* U+20000 */
	ck_assert_int_eq(text_width("\xc2\xad"), 1);		/* soft hyphen */
	ck_assert_int_eq(text_width("\xe2\x80\x8b"), 0);	/* ZWSP */
	ck_assert_int_eq(text_width("\x1b"), 0);
	ck_assert_int_eq(text_cp_width(0x3000), 2);
	ck_assert_int_eq(text_cp_width(0x0301), 0);
	ck_assert_int_eq(text_cp_width(0xffe6), 2);	/* fullwidth won */
	ck_assert_int_eq(text_cp_width(0xff61), 1);	/* halfwidth stop */
	ck_assert_int_eq(text_cp_width(0xe0100), 0);	/* variation selector */
	ck_assert_int_eq(text_cp_width(0x10ffff), 1);
}
END_TEST

/* Lines end after the last space that fits, at a newline, or inside a
 * word longer than the line; a wide code point counts two cells. */
START_TEST(test_wrap_end)
{
	const char *s = "one two three", *nl = "ab\ncd";
	const char *wide = "\xe4\xb8\xad\xe6\x96\x87x";	/* 2 + 2 + 1 cells */

	ck_assert_ptr_eq(text_wrap_end(s, 9), s + 8);	/* "one two " */
	ck_assert_ptr_eq(text_wrap_end(s, 13), s + 13);	/* all of it */
	ck_assert_ptr_eq(text_wrap_end(s, 2), s + 2);	/* inside "one" */
	ck_assert_ptr_eq(text_wrap_end(nl, 10), nl + 2);
	ck_assert_ptr_eq(text_wrap_end(nl + 2, 10), nl + 2);
	ck_assert_ptr_eq(text_wrap_end(wide, 3), wide + 3);
	ck_assert_ptr_eq(text_wrap_end(wide, 1), wide + 3);	/* alone */
	ck_assert_ptr_eq(text_wrap_end(nl + 3, 10), nl + 5);	/* the end */
}
END_TEST

START_TEST(test_fit)
{
	fit_is("hello", 10, "hello");
	fit_is("hello", 5, "hello");
	fit_is("hello", 4, "hel\xe2\x80\xa6");
	fit_is("hello", 1, "\xe2\x80\xa6");
	fit_is("hello", 0, "");
	fit_is("hello", -3, "");
	fit_is("", 0, "");
	fit_is("", 3, "");
	/* A wide character never straddles the cut. */
	fit_is("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd", 6,
	    "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd");
	fit_is("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd", 5,
	    "\xe6\x9d\xb1\xe4\xba\xac\xe2\x80\xa6");
	fit_is("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd", 4,
	    "\xe6\x9d\xb1\xe2\x80\xa6");
	fit_is("a\xe6\x9d\xb1" "b", 2, "a\xe2\x80\xa6");
	/* A combining mark stays with its base. */
	fit_is("cafe\xcc\x81s!", 5, "cafe\xcc\x81\xe2\x80\xa6");
	fit_is("cafe\xcc\x81", 4, "cafe\xcc\x81");
	ck_assert_int_eq(text_width("cafe\xcc\x81\xe2\x80\xa6"), 5);
}
END_TEST

/* Clean, then display, then fit: the whole path a cell takes to the screen. */
START_TEST(test_pipeline)
{
	static const char raw[] = "  \xe2\x80\xae" "Aarav\x1b[0m\xff  ";
	unsigned flags;
	char *clean, *shown, *fitted;

	clean = text_clean(raw, sizeof raw - 1, &flags);
	ck_assert_uint_eq(flags, TEXT_REPAIRED | TEXT_CONTROLS);
	ck_assert_str_eq(clean, "\xe2\x80\xae" "Aarav\x1b[0m\xef\xbf\xbd");
	shown = text_display(clean, 1);
	ck_assert_str_eq(shown, "<U+202E>Aarav\xe2\x90\x9b[0m\xef\xbf\xbd");
	ck_assert_int_eq(text_width(shown), 18);
	fitted = text_fit(shown, 12);
	ck_assert_str_eq(fitted, "<U+202E>Aar\xe2\x80\xa6");
	free(fitted);
	free(shown);
	free(clean);
}
END_TEST

static Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_clean_plain);
	tcase_add_test(tc, test_wrap_end);
	tcase_add_test(tc, test_clean_repair);
	tcase_add_test(tc, test_clean_controls);
	tcase_add_test(tc, test_display_utf8);
	tcase_add_test(tc, test_display_ascii);
	tcase_add_test(tc, test_display_hostile_bytes);
	tcase_add_test(tc, test_decode);
	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_fit);
	tcase_add_test(tc, test_pipeline);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(text_suite());
}
