/*
 * Unit tests (spool): the SQL source's temporary copy gives back every
 * value as written (kinds, empty and long values, bytes of any kind), in
 * order, with a NUL after each; its file is private and never seen in the
 * folder; a folder it cannot use is named in the error.
 */
#include <dirent.h>

#include "testutil.h"

#include "spool.h"
#include "strbuf.h"

static int
with_bytes(unsigned kind)
{
	return kind != 0;
}

/* The entries of dir other than . and .. */
static int
entries(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

START_TEST(test_round_trip)
{
	static const char bin[] = { 'a', '\0', 'b', (char)0xff };
	char *dir = testutil_tmpdir(), *cause = NULL, *old, *big;
	struct spool *sp;
	struct strbuf into;
	size_t off[6], len[6], i, n = 300000;
	unsigned kind[6];
	const char *s;

	old = getenv("TMPDIR") != NULL ? xstrdup(getenv("TMPDIR")) : NULL;
	setenv("TMPDIR", dir, 1);
	sp = spool_open(&cause);
	ck_assert_msg(sp != NULL, "%s", cause);
	ck_assert_int_eq(entries(dir), 0);	/* unlinked at once */
	big = xmalloc(n);
	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	ck_assert_int_eq(spool_put(sp, 0, 0, NULL, 0, &cause), 0);
	ck_assert_int_eq(spool_put(sp, 1, 1, "", 0, &cause), 0);
	ck_assert_int_eq(spool_put(sp, 2, 1, "007", 3, &cause), 0);
	ck_assert_int_eq(spool_put(sp, 1, 1, bin, sizeof bin, &cause), 0);
	ck_assert_int_eq(spool_put(sp, 1, 1, big, n, &cause), 0);
	ck_assert_int_eq(spool_put(sp, 1, 1, "x", 1, &cause), 0);
	ck_assert_int_eq(spool_rewind(sp, &cause), 0);
	strbuf_init(&into);
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(spool_get(sp, with_bytes, &kind[i], &into,
		    &off[i], &len[i], &cause), 1);
	ck_assert_int_eq(spool_get(sp, with_bytes, &kind[0], &into, &off[0],
	    &len[0], &cause), 0);
	s = strbuf_str(&into);
	ck_assert_uint_eq(kind[0], 0);
	ck_assert_uint_eq(len[0], 0);
	ck_assert_str_eq(s + off[0], "");
	ck_assert_uint_eq(kind[1], 1);
	ck_assert_str_eq(s + off[1], "");
	ck_assert_uint_eq(kind[2], 2);
	ck_assert_str_eq(s + off[2], "007");
	ck_assert_uint_eq(len[3], sizeof bin);
	ck_assert_int_eq(memcmp(s + off[3], bin, sizeof bin), 0);
	ck_assert_int_eq(s[off[3] + len[3]], '\0');
	ck_assert_uint_eq(len[4], n);
	ck_assert_int_eq(memcmp(s + off[4], big, n), 0);
	ck_assert_str_eq(s + off[5], "x");
	spool_close(sp);
	ck_assert_int_eq(entries(dir), 0);
	strbuf_free(&into);
	free(big);
	if (old != NULL)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_folder_missing)
{
	char *cause = NULL, *old;

	old = getenv("TMPDIR") != NULL ? xstrdup(getenv("TMPDIR")) : NULL;
	setenv("TMPDIR", "/nonexistent/kpidesk-spool", 1);
	ck_assert_ptr_null(spool_open(&cause));
	ck_assert_msg(strstr(cause, "/nonexistent/kpidesk-spool") != NULL &&
	    strstr(cause, "TMPDIR") != NULL, "%s", cause);
	free(cause);
	if (old != NULL)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("spool");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_folder_missing);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
