/*
 * Unit tests (text: text_display): the display sanitizer as a property. Every byte value alone
 * and in contexts, every pair of bytes, the whole Basic Multilingual Plane
 * and a table of dangerous code points and malformed encodings go through
 * text_display (UTF-8 and ASCII modes, alone and after text_clean and
 * text_fit) and render_escape (machine output: CSV, history files); the
 * output must never hold a C0 control, DEL, a C1 control, a
 * bidi control, a zero-width or other invisible format character, nor any
 * invalid UTF-8. The hostile corpus's terminal payloads go the same way.
 * render_escape's placeholders and render_csv with and without raw are
 * checked by example.
 */
#include <stdint.h>

#include "testutil.h"

#include "render.h"
#include "strbuf.h"
#include "table.h"
#include "text.h"
#include "xmem.h"

/* What a terminal must never receive from data, as a code point. */
static int
dangerous(uint32_t cp)
{
	return (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x061c || cp == 0x180e ||
	    (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	    (cp >= 0xfff9 && cp <= 0xfffb) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0xe0000 && cp <= 0xe007f));
}

/*
 * A strict UTF-8 decoder of its own (not text_decode, which is under test):
 * the code point at s, its length in *n; -1 for anything malformed.
 */
static int64_t
strict_decode(const unsigned char *s, size_t len, size_t *n)
{
	uint32_t cp, min;
	size_t need, i;

	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		need = 1;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		need = 2;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		need = 3;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return -1;
	if (len < need + 1)
		return -1;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*n = need + 1;
	return cp;
}

/* Fail unless out is safe to write to a terminal in the given mode (no
 * ck_assert on the way: Check records each passing assertion). */
static void
assert_safe(const char *out, int utf8, const unsigned char *in, size_t inlen)
{
	const unsigned char *p = (const unsigned char *)out;
	size_t len = strlen(out), off = 0, n, i;
	char hex[64 * 3 + 1];
	int64_t cp;

	hex[0] = '\0';
	for (i = 0; i < len; i++) {
		if (utf8 ? p[i] >= 0x80 || p[i] < 0x20 || p[i] == 0x7f :
		    p[i] < 0x20 || p[i] >= 0x7f)
			break;
	}
	if (i == len)
		return;		/* printable ASCII: safe in both modes */
	for (i = 0; i < inlen && i < 64; i++)
		snprintf(hex + i * 3, 4, "%02x ", in[i]);
	while (off < len) {
		if (!utf8) {
			if (p[off] < 0x20 || p[off] >= 0x7f)
				ck_abort_msg("ASCII mode let byte %02x through "
				    "for input %s", p[off], hex);
			off++;
			continue;
		}
		cp = strict_decode(p + off, len - off, &n);
		if (cp == -1)
			ck_abort_msg("invalid UTF-8 at offset %zu of the "
			    "output for input %s", off, hex);
		if (dangerous((uint32_t)cp))
			ck_abort_msg("U+%04llX reached the output for input "
			    "%s", (long long)cp, hex);
		off += n;
	}
}

/* Run one input through every path that leads to the screen. */
static void
check_input(const unsigned char *in, size_t len)
{
	char *z, *clean, *out, *fit;
	int utf8;
	unsigned flags;

	/* text_display takes a C string: stop at the first NUL, as C does. */
	z = xstrndup((const char *)in, len);
	clean = text_clean((const char *)in, len, &flags);
	for (utf8 = 0; utf8 <= 1; utf8++) {
		out = text_display(z, utf8);
		assert_safe(out, utf8, in, len);
		fit = text_fit(out, 3);
		assert_safe(fit, 1, in, len);	/* "..." is U+2026 */
		if (text_width(fit) > 3)
			ck_abort_msg("text_fit gave %d cells", text_width(fit));
		free(fit);
		free(out);

		out = text_display(clean, utf8);
		assert_safe(out, utf8, in, len);
		free(out);
	}
	out = render_escaped(z);
	assert_safe(out, 1, in, len);
	free(out);
	out = render_escaped(clean);
	assert_safe(out, 1, in, len);
	free(out);
	free(clean);
	free(z);
}

/* Encode a code point as UTF-8 without checking it (surrogates too). */
static size_t
encode(uint32_t cp, unsigned char *b)
{
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (unsigned char)(0xf0 | (cp >> 18));
	b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	b[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The input pre + the bytes of mid + post. */
static void
check_between(const char *pre, const unsigned char *mid, size_t midlen,
    const char *post)
{
	unsigned char buf[256];
	size_t a = strlen(pre), c = strlen(post);

	if (a + midlen + c > sizeof buf)
		ck_abort_msg("test input too long");
	memcpy(buf, pre, a);
	memcpy(buf + a, mid, midlen);
	memcpy(buf + a + midlen, post, c);
	check_input(buf, a + midlen + c);
}

START_TEST(test_every_byte)
{
	/* Each byte alone and where a terminal would act on it: after ESC,
	 * CSI and OSC openers, after a cut multi-byte sequence, doubled. */
	static const char *contexts[][2] = {
		{ "", "" }, { "a", "b" }, { "\x1b", "" }, { "\x1b[", "m" },
		{ "\x1b]0;", "\x07" }, { "\x1bP", "\x1b\\" }, { "\xc2", "" },
		{ "\xe2\x80", "x" }, { "\xf0\x9f", "" }, { "\xf0\x9f\x98", "" },
		{ "\xe2", "\xae" }, { "\xed", "\x80" }, { "x\r", "\b" },
	};
	unsigned char b[2];
	size_t i;
	unsigned c;

	for (c = 0; c < 256; c++) {
		b[0] = (unsigned char)c;
		b[1] = (unsigned char)c;
		for (i = 0; i < sizeof contexts / sizeof contexts[0]; i++)
			check_between(contexts[i][0], b, 1, contexts[i][1]);
		check_between("", b, 2, "");
	}
}
END_TEST

START_TEST(test_every_byte_pair)
{
	unsigned char b[3];
	unsigned c, d;

	for (c = 0; c < 256; c++) {
		for (d = 0; d < 256; d++) {
			b[0] = (unsigned char)c;
			b[1] = (unsigned char)d;
			check_input(b, 2);
			b[2] = 'x';
			check_input(b, 3);
		}
	}
}
END_TEST

START_TEST(test_three_byte_edges)
{
	/* Lead bytes at the edges of validity, every possible last byte. */
	static const unsigned char leads[] = { 0xe0, 0xe1, 0xe2, 0xed, 0xef,
	    0xf0, 0xf4, 0xf5 };
	static const unsigned char seconds[] = { 0x80, 0x8f, 0x90, 0x9f, 0xa0,
	    0xbf, 0xc0 };
	unsigned char b[4];
	size_t i, j;
	unsigned c;

	for (i = 0; i < sizeof leads; i++) {
		for (j = 0; j < sizeof seconds; j++) {
			for (c = 0; c < 256; c++) {
				b[0] = leads[i];
				b[1] = seconds[j];
				b[2] = (unsigned char)c;
				b[3] = 0x80;
				check_input(b, 3);
				check_input(b, 4);
			}
		}
	}
}
END_TEST

START_TEST(test_whole_bmp_and_planes)
{
	unsigned char b[4 + 2];
	uint32_t cp;
	size_t n;

	/* Every code point of the BMP (surrogates as their malformed 3-byte
	 * forms), then samples of the other planes and the tag block. */
	for (cp = 1; cp < 0x110000; cp += cp < 0x10000 ? 1 :
	    (cp >= 0xe0000 && cp < 0xe0100) ? 1 : 0x3f) {
		n = encode(cp, b + 1);
		b[0] = 'a';
		b[n + 1] = 'b';
		check_input(b + 1, n);
		check_input(b, n + 2);
	}
}
END_TEST

/* The code points the design names, each shown as a placeholder. */
static const uint32_t named[] = {
	0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b,
	0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064,
	0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
};

START_TEST(test_dangerous_table)
{
	unsigned char b[4];
	char *out, want[16], *s;
	uint32_t cp;
	size_t i, n;

	/* All C0, DEL and all C1: placeholders, never the control. */
	for (cp = 0; cp < 0xa0; cp++) {
		if (cp >= 0x20 && cp < 0x7f)
			continue;
		n = encode(cp, b);
		check_between("x", b, n, "y");
		if (cp == 0)
			continue;
		s = xstrndup((const char *)b, n);
		out = text_display(s, 1);
		if (cp < 0x20 || cp == 0x7f) {
			/* U+2400 + c, or U+2421 for DEL: 3 bytes. */
			ck_assert_uint_eq(strlen(out), 3);
			ck_assert_int_eq((unsigned char)out[0], 0xe2);
		} else {
			snprintf(want, sizeof want, "<U+%04X>", (unsigned)cp);
			ck_assert_str_eq(out, want);
		}
		free(out);
		out = text_display(s, 0);
		ck_assert_uint_ge(strlen(out), 1);
		free(out);
		free(s);
	}
	/* Bidi and zero-width: a visible "<U+XXXX>" in UTF-8 mode. */
	for (i = 0; i < sizeof named / sizeof named[0]; i++) {
		n = encode(named[i], b);
		check_between("abc", b, n, "def");
		s = xstrndup((const char *)b, n);
		out = text_display(s, 1);
		snprintf(want, sizeof want, "<U+%04X>", (unsigned)named[i]);
		ck_assert_str_eq(out, want);
		free(out);
		out = text_display(s, 0);
		ck_assert_str_eq(out, "?");
		free(out);
		free(s);
	}
}
END_TEST

START_TEST(test_malformed_encodings)
{
	/* Overlong forms of NUL, ESC, CSI, '/', U+202E and U+FEFF;
	 * surrogates alone and paired (CESU-8); past U+10FFFF; bytes that
	 * can never appear; truncations. */
	static const struct {
		const char	*b;
		size_t		 len;
	} cases[] = {
#define M(s) { s, sizeof (s) - 1 }
		M("\xc0\x80"), M("\xc0\x9b"), M("\xc1\x9b"), M("\xc0\xaf"),
		M("\xe0\x80\x9b"), M("\xe0\x82\x9b"), M("\xe0\x80\xaf"),
		M("\xf0\x80\x80\x9b"), M("\xf0\x80\x80\xaf"),
		M("\xf0\x82\x80\xae"), M("\xf0\x8f\xbb\xbf"),
		M("\xf8\x80\x80\x80\x9b"), M("\xfc\x80\x80\x80\x80\x9b"),
		M("\xed\xa0\x80"), M("\xed\xbf\xbf"), M("\xed\xaf\xbf"),
		M("\xed\xa0\xbd\xed\xb8\x80"), M("\xf4\x90\x80\x80"),
		M("\xf7\xbf\xbf\xbf"), M("\xfe"), M("\xff"), M("\xfe\xff"),
		M("\xef\xbb"), M("\xe2\x80"), M("\xe2\x80\x1b[2J"),
		M("\xc2\x1b]0;x\x07"), M("\xc2\x9b" "31m"), M("\x9b" "31m"),
		M("\x9d" "0;t\x9c"), M("\x90q\x9c"),
#undef M
	};
	char *out, *s;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		check_input((const unsigned char *)cases[i].b, cases[i].len);
		check_between("<", (const unsigned char *)cases[i].b,
		    cases[i].len, ">");
	}
	/* An overlong ESC is U+FFFD, not ESC. */
	s = xstrndup("\xc0\x9b", 2);
	out = text_display(s, 1);
	ck_assert_str_eq(out, "\xef\xbf\xbd\xef\xbf\xbd");
	free(out);
	free(s);
}
END_TEST

/* Every line of a corpus file, as raw bytes. */
static void
check_corpus_lines(const char *name)
{
	char *path = xasprintf("%s/%s", KP_TEST_CORPUS, name), *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int lines = 0;

	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while ((n = getline(&line, &cap, f)) != -1) {
		check_input((const unsigned char *)line, (size_t)n);
		lines++;
	}
	fclose(f);
	ck_assert_int_gt(lines, 1);
	free(line);
	free(path);
}

START_TEST(test_corpus_payloads)
{
	check_corpus_lines("csv_escape_sequences.csv");
	check_corpus_lines("csv_invalid_utf8.csv");
	check_corpus_lines("csv_terminal_payloads.csv");
}
END_TEST

/* render_escape's forms, and render_csv escaping unless raw. */
START_TEST(test_machine_escape)
{
	static const char name[] = "Evil \033]0;title\007 \033]52;c;eA==\007 "
	    "\033[2J \xe2\x80\xaegnp.exe\xe2\x80\x8b \xc2\x9b \t\r\n\x7f "
	    "\xff \xc3\xa9 \"q\" end";
	struct table *t = table_create();
	struct strbuf sb;
	char *out;
	size_t r;

	out = render_escaped(name);
	ck_assert_str_eq(out, "Evil ^[]0;title^G ^[]52;c;eA==^G ^[[2J "
	    "<U+202E>gnp.exe<U+200B> <U+009B> ^I^M^J^? \xef\xbf\xbd \xc3\xa9 "
	    "\"q\" end");
	free(out);
	out = render_escaped("");
	ck_assert_str_eq(out, "");
	free(out);

	table_add_col(t, "customer_name", TABLE_TEXT, 0);
	table_add_col(t, "order_count", TABLE_INT, 0);
	table_add_col(t, "note", TABLE_TEXT, 1);
	r = table_add_row(t);
	table_set_text(t, r, 0, name);
	table_set_num(t, r, 1, 2);
	table_set_text(t, r, 2, "\033[31m");
	strbuf_init(&sb);
	render_csv(&sb, t, 0);
	ck_assert_str_eq(strbuf_str(&sb), "\"customer_name\",\"order_count\"\r\n"
	    "\"Evil ^[]0;title^G ^[]52;c;eA==^G ^[[2J <U+202E>gnp.exe<U+200B> "
	    "<U+009B> ^I^M^J^? \xef\xbf\xbd \xc3\xa9 \"\"q\"\" end\",\"2\"\r\n");
	strbuf_reset(&sb);
	render_csv(&sb, t, 1);
	ck_assert_ptr_nonnull(strstr(strbuf_str(&sb), "\033]52;c;eA==\007"));
	ck_assert_ptr_nonnull(strstr(strbuf_str(&sb), "\xe2\x80\xae"));
	ck_assert_ptr_null(strstr(strbuf_str(&sb), "\033[31m"));
	strbuf_free(&sb);
	table_free(t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("display");
	TCase *tc = tcase_create("property");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_every_byte);
	tcase_add_test(tc, test_every_byte_pair);
	tcase_add_test(tc, test_three_byte_edges);
	tcase_add_test(tc, test_whole_bmp_and_planes);
	tcase_add_test(tc, test_dangerous_table);
	tcase_add_test(tc, test_malformed_encodings);
	tcase_add_test(tc, test_corpus_payloads);
	tcase_add_test(tc, test_machine_escape);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
