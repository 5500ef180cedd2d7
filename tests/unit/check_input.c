/*
 * Unit tests: w_input's editing (ui/w_input.c): the cursor moves by whole
 * UTF-8 characters, typing inserts at it, Backspace/Delete/Ctrl-U/Ctrl-K
 * remove around it, the text stays bounded and valid UTF-8, a password
 * keeps its cursor at the end. The drawing is covered by
 * tests/e2e/fields.sh. The only unit test that links the ui library (and
 * curses), for its key constants and the widget.
 */
#include "testutil.h"

#include "screen.h"
#include "w_input.h"

#define CTRL(c)	((c) & 0x1f)

/* Feed the bytes of s as keys. */
static void
type(struct w_input *in, const char *s)
{
	for (; *s != '\0'; s++)
		ck_assert_int_eq(w_input_key(in, (unsigned char)*s),
		    UI_REDRAW);
}

/* Feed n copies of key. */
static void
press(struct w_input *in, int key, int n)
{
	while (n-- > 0)
		w_input_key(in, key);
}

START_TEST(test_edit_middle)
{
	struct w_input in;

	w_input_init(&in, 0);
	w_input_set(&in, "/tmp/report.xlsx");
	ck_assert_uint_eq(in.cur, in.len);
	press(&in, KEY_LEFT, 5);
	type(&in, "_v2");
	ck_assert_str_eq(w_input_text(&in), "/tmp/report_v2.xlsx");
	press(&in, KEY_HOME, 1);
	type(&in, "/x");
	ck_assert_str_eq(w_input_text(&in), "/x/tmp/report_v2.xlsx");
	press(&in, KEY_DC, 4);
	ck_assert_str_eq(w_input_text(&in), "/x/report_v2.xlsx");
	press(&in, KEY_BACKSPACE, 1);
	ck_assert_str_eq(w_input_text(&in), "//report_v2.xlsx");
	press(&in, KEY_END, 1);
	press(&in, 127, 1);
	ck_assert_str_eq(w_input_text(&in), "//report_v2.xls");
	press(&in, KEY_RIGHT, 3);	/* stays at the end */
	ck_assert_uint_eq(in.cur, in.len);
	press(&in, CTRL('a'), 1);
	press(&in, KEY_LEFT, 3);	/* stays at the start */
	ck_assert_uint_eq(in.cur, 0);
	press(&in, KEY_RIGHT, 2);
	press(&in, CTRL('k'), 1);
	ck_assert_str_eq(w_input_text(&in), "//");
	type(&in, "yz");
	press(&in, KEY_LEFT, 1);
	press(&in, CTRL('u'), 1);
	ck_assert_str_eq(w_input_text(&in), "z");
	ck_assert_uint_eq(in.cur, 0);
	press(&in, CTRL('e'), 1);
	ck_assert_uint_eq(in.cur, 1);
	press(&in, CTRL('d'), 1);	/* nothing under the cursor */
	ck_assert_str_eq(w_input_text(&in), "z");
	ck_assert_uint_eq(in.len, strlen(in.buf));
}
END_TEST

START_TEST(test_utf8)
{
	struct w_input in;

	w_input_init(&in, 0);
	type(&in, "a\xc3\xa9z");	/* aéz */
	press(&in, KEY_LEFT, 2);
	ck_assert_uint_eq(in.cur, 1);
	press(&in, KEY_RIGHT, 1);
	ck_assert_uint_eq(in.cur, 3);
	press(&in, KEY_BACKSPACE, 1);
	ck_assert_str_eq(w_input_text(&in), "az");
	/* € in the middle, a byte at a time. */
	type(&in, "\xe2\x82\xac");
	ck_assert_str_eq(w_input_text(&in), "a\xe2\x82\xacz");
	press(&in, KEY_LEFT, 1);
	press(&in, KEY_DC, 1);
	ck_assert_str_eq(w_input_text(&in), "az");
	/* A continuation byte with no sequence to continue is dropped. */
	w_input_key(&in, 0xa9);
	ck_assert_str_eq(w_input_text(&in), "az");
}
END_TEST

START_TEST(test_bounded)
{
	struct w_input in;
	char big[W_INPUT_MAX * 2 + 1];
	size_t i;

	w_input_init(&in, 0);
	for (i = 0; i < W_INPUT_MAX + 10; i++)
		w_input_key(&in, 'x');
	ck_assert_uint_eq(in.len, W_INPUT_MAX - 1);
	/* The last byte free takes no two-byte character, nor its tail. */
	press(&in, KEY_BACKSPACE, 1);
	w_input_key(&in, 0xc3);
	w_input_key(&in, 0xa9);
	ck_assert_uint_eq(in.len, W_INPUT_MAX - 2);
	ck_assert_int_eq(in.buf[in.len - 1], 'x');
	/* w_input_set cuts before a character that does not fit whole. */
	big[0] = 'a';
	for (i = 1; i + 1 < sizeof big - 1; i += 2) {
		big[i] = (char)0xc3;
		big[i + 1] = (char)0xa9;
	}
	big[i] = '\0';
	w_input_set(&in, big);
	ck_assert_uint_lt(in.len, W_INPUT_MAX);
	ck_assert_int_eq((unsigned char)in.buf[in.len - 1], 0xa9);
	ck_assert_int_eq(in.buf[in.len], '\0');
}
END_TEST

START_TEST(test_results_and_password)
{
	struct w_input in;

	w_input_init(&in, 1);
	ck_assert_int_eq(w_input_key(&in, '\r'), W_INPUT_DONE);
	ck_assert_int_eq(w_input_key(&in, 27), W_INPUT_CANCEL);
	ck_assert_int_eq(w_input_key(&in, '\t'), W_INPUT_NEXT);
	ck_assert_int_eq(w_input_key(&in, KEY_F(1)), UI_UNUSED);
	type(&in, "pw?qQ");
	/* Nothing of a password shows: the cursor keys do nothing. */
	press(&in, KEY_LEFT, 2);
	press(&in, KEY_HOME, 1);
	press(&in, CTRL('k'), 1);
	type(&in, "!");
	ck_assert_str_eq(w_input_text(&in), "pw?qQ!");
	press(&in, KEY_BACKSPACE, 1);
	ck_assert_str_eq(w_input_text(&in), "pw?qQ");
	press(&in, CTRL('u'), 1);
	ck_assert_str_eq(w_input_text(&in), "");
	type(&in, "secret");
	w_input_wipe(&in);
	ck_assert_uint_eq(in.len, 0);
	ck_assert_int_eq(in.buf[0], '\0');
	ck_assert_int_eq(in.buf[3], '\0');
}
END_TEST

static Suite *
input_suite(void)
{
	Suite *s = suite_create("input");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_edit_middle);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_bounded);
	tcase_add_test(tc, test_results_and_password);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(input_suite());
}
