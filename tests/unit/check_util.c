/* Unit tests (xmem, strbuf, hash, table): allocation wrappers, growing
 * arrays and buffers, SHA-256 and its field framing, table sorting. */
#include <stdint.h>

#include "testutil.h"

#include "hash.h"
#include "strbuf.h"
#include "table.h"
#include "xmem.h"

START_TEST(test_strbuf_grows)
{
	struct strbuf sb;
	int i;
	char *s;

	strbuf_init(&sb);
	ck_assert_str_eq(strbuf_str(&sb), "");
	for (i = 0; i < 1000; i++)
		strbuf_putc(&sb, 'a' + i % 26);
	ck_assert_uint_eq(sb.len, 1000);
	strbuf_printf(&sb, "%d-%s", 42, "x");
	ck_assert_uint_eq(sb.len, 1004);
	ck_assert_str_eq(sb.buf + 1000, "42-x");
	s = strbuf_detach(&sb);
	ck_assert_uint_eq(strlen(s), 1004);
	ck_assert_ptr_null(sb.buf);
	free(s);
}
END_TEST

START_TEST(test_xgrow_keeps_room)
{
	int *v = NULL;
	size_t n, cap = 0;

	for (n = 0; n < 100; n++) {
		v = xgrow(v, n, &cap, sizeof *v);
		ck_assert_uint_gt(cap, n);
		v[n] = (int)n;
	}
	for (n = 0; n < 100; n++)
		ck_assert_int_eq(v[n], (int)n);
	ck_assert_ptr_eq(xgrow(v, 3, &cap, sizeof *v), v);
	free(v);
}
END_TEST

START_TEST(test_hash_known_vectors)
{
	uint8_t d[HASH_LEN];
	char hex[HASH_HEXLEN + 1];

	hash_buf("abc", 3, d);
	hash_hex(d, HASH_LEN, hex);
	ck_assert_str_eq(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hash_buf("", 0, d);
	hash_hex(d, HASH_LEN, hex);
	ck_assert_str_eq(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(test_hash_file_and_unhex)
{
	char *dir = testutil_tmpdir(), *path = xasprintf("%s/f", dir);
	char *cause = NULL, hex[HASH_HEXLEN + 1];
	uint8_t d[HASH_LEN], back[HASH_LEN];
	uint64_t size = 0;

	testutil_write(path, "abc", 3, 0600);
	ck_assert_int_eq(hash_file(path, d, &size, &cause), 0);
	ck_assert_uint_eq(size, 3);
	hash_hex(d, HASH_LEN, hex);
	ck_assert_int_eq(hash_unhex(hex, back, HASH_LEN), 0);
	ck_assert_mem_eq(d, back, HASH_LEN);
	ck_assert_int_eq(hash_unhex("zz", back, 1), -1);
	ck_assert_int_eq(hash_file("/nonexistent/x", d, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent/x"));
	free(cause);
	free(path);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_hash_random_differs)
{
	uint8_t a[16], b[16];
	char *cause = NULL;

	ck_assert_int_eq(hash_random(a, sizeof a, &cause), 0);
	ck_assert_int_eq(hash_random(b, sizeof b, &cause), 0);
	ck_assert_int_ne(memcmp(a, b, sizeof a), 0);
}
END_TEST

/* The names of t's rows, joined, for one comparison. */
static char *
table_names(const struct table *t)
{
	struct strbuf sb;
	size_t r;

	strbuf_init(&sb);
	for (r = 0; r < t->nrows; r++)
		strbuf_printf(&sb, "%s%s", r > 0 ? "," : "",
		    table_cell(t, r, 0)->text);
	return strbuf_detach(&sb);
}

START_TEST(test_table_sort_ties_and_unsort)
{
	static const struct { const char *name, *kind; int64_t n; } rows[] = {
		{ "d", "y", 1 }, { "b", "x", 2 }, { "a", "y", 2 },
		{ "c", "x", 1 }, { "e", "y", 3 }
	};
	struct table *t = table_create();
	size_t i, r;
	char *got;

	table_add_col(t, "name", TABLE_TEXT, 0);
	table_add_col(t, "kind", TABLE_TEXT, 0);
	table_add_col(t, "n", TABLE_INT, 0);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		r = table_add_row(t);
		table_set_text(t, r, 0, rows[i].name);
		table_set_text(t, r, 1, rows[i].kind);
		table_set_num(t, r, 2, rows[i].n);
	}
	/* Ties keep the order the rows were added in, not the last sort's. */
	table_sort(t, 0, 0);
	table_sort(t, 1, 0);
	got = table_names(t);
	ck_assert_str_eq(got, "b,c,d,a,e");
	free(got);
	table_sort(t, 2, 1);
	got = table_names(t);
	ck_assert_str_eq(got, "e,b,a,d,c");
	free(got);
	table_unsort(t);
	got = table_names(t);
	ck_assert_str_eq(got, "d,b,a,c,e");
	free(got);
	table_free(t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_strbuf_grows);
	tcase_add_test(tc, test_xgrow_keeps_room);
	tcase_add_test(tc, test_hash_known_vectors);
	tcase_add_test(tc, test_hash_file_and_unhex);
	tcase_add_test(tc, test_hash_random_differs);
	tcase_add_test(tc, test_table_sort_ties_and_unsort);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
