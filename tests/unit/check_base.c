/*
 * Unit tests (json, smap, paths, numfmt): json_str escapes quotes, backslashes,
 * every control, DEL and hidden code point as \uXXXX (\ufffd above the
 * BMP and for invalid UTF-8) and keeps other text as it is; smap adds
 * zeroed entries, finds them again, grows past thousands of keys, probes
 * past keys sharing a home slot (wrapping at the end of the table) and
 * iterates each entry once; paths resolves the database from KPIDESK_DB,
 * an absolute XDG_DATA_HOME or HOME, ignores a relative one of either
 * (the password database's home instead), splits paths, creates private
 * folders, and tells a private file from one others can read; numfmt
 * groups digits the Indian and the Western way (negatives and INT64_MIN
 * too), writes money with ₹ or Rs, counts with the right plural and sizes
 * in bytes with a binary unit.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pwd.h>

#include "testutil.h"

#include "json.h"
#include "numfmt.h"
#include "paths.h"
#include "smap.h"
#include "strbuf.h"
#include "xmem.h"

/* json_str(s) compared with want. */
static void
json_is(const char *s, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb);
	json_str(&sb, s);
	ck_assert_str_eq(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

START_TEST(test_json_escapes)
{
	json_is("", "\"\"");
	json_is("plain text 123", "\"plain text 123\"");
	json_is("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	/* Every C0 control as \u00XX, none as a short escape; DEL too. */
	json_is("\x01\t\n\r\x1b\x1f\x7f", "\"\\u0001\\u0009\\u000a\\u000d"
	    "\\u001b\\u001f\\u007f\"");
	/* C1, bidi, zero-width, BOM: hidden, so escaped. */
	json_is("\xc2\x9b" "x\xe2\x80\xae" "y\xe2\x80\x8b" "z\xef\xbb\xbf",
	    "\"\\u009bx\\u202ey\\u200bz\\ufeff\"");
	/* A hidden code point above the BMP (a tag) has no \uXXXX form. */
	json_is("a\xf3\xa0\x80\x81" "b", "\"a\\ufffdb\"");
	/* Visible Unicode stays as UTF-8: é, the rupee sign, an emoji. */
	json_is("\xc3\xa9 \xe2\x82\xb9 \xf0\x9f\x98\x80",
	    "\"\xc3\xa9 \xe2\x82\xb9 \xf0\x9f\x98\x80\"");
}
END_TEST

START_TEST(test_json_invalid_utf8)
{
	struct strbuf sb;
	const char *out;

	json_is("a\xff" "b", "\"a\\ufffdb\"");
	/* An overlong '/' and a lone continuation byte never pass raw. */
	strbuf_init(&sb);
	json_str(&sb, "\xc0\xaf|\x80|\xed\xa0\x80|\xe2\x82");
	out = strbuf_str(&sb);
	ck_assert_ptr_null(strpbrk(out, "\x80\xaf\xc0\xed\xe2"));
	ck_assert_ptr_nonnull(strstr(out, "\\ufffd|"));
	ck_assert_int_eq(out[0], '"');
	ck_assert_int_eq(out[strlen(out) - 1], '"');
	strbuf_free(&sb);
}
END_TEST

START_TEST(test_smap_basics)
{
	struct smap m;
	struct smap_entry *e;
	size_t i = 0;

	smap_init(&m);
	ck_assert_ptr_null(smap_find(&m, "x"));
	ck_assert_ptr_null(smap_next(&m, &i));
	e = smap_get(&m, "north");
	ck_assert_str_eq(e->key, "north");
	ck_assert_int_eq(e->v[0], 0);
	ck_assert_int_eq(e->v[1], 0);
	ck_assert_int_eq(e->v[2], 0);
	ck_assert_ptr_null(e->ptr);
	e->v[0] = 5;
	e->v[2] = -7;
	e->ptr = xstrdup("owned");	/* freed by smap_free */
	/* The same key gives the same entry, counters kept. */
	e = smap_get(&m, "north");
	ck_assert_int_eq(e->v[0], 5);
	ck_assert_int_eq(e->v[2], -7);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_ptr_eq(smap_find(&m, "north"), e);
	ck_assert_ptr_null(smap_find(&m, "North"));
	ck_assert_ptr_null(smap_find(&m, "nort"));
	/* The empty key is a key like any other. */
	smap_get(&m, "")->v[1] = 3;
	ck_assert_int_eq(smap_find(&m, "")->v[1], 3);
	ck_assert_uint_eq(m.n, 2);
	smap_free(&m);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_ptr_null(smap_find(&m, "north"));
	/* Reusable after smap_free. */
	smap_get(&m, "again");
	ck_assert_uint_eq(m.n, 1);
	smap_free(&m);
}
END_TEST

#define MANY	20000

START_TEST(test_smap_growth)
{
	struct smap m;
	struct smap_entry *e;
	char key[32];
	size_t i, seen = 0;
	int64_t sum = 0;

	smap_init(&m);
	for (i = 0; i < MANY; i++) {
		snprintf(key, sizeof key, "CUST-%05zu", i);
		smap_get(&m, key)->v[0] = (int64_t)i;
		/* At most half full, the capacity a power of two. */
		ck_assert_uint_le(2 * m.n, m.cap);
		ck_assert_uint_eq(m.cap & (m.cap - 1), 0);
	}
	ck_assert_uint_eq(m.n, MANY);
	/* Every key survived each growth with its counter. */
	for (i = 0; i < MANY; i++) {
		snprintf(key, sizeof key, "CUST-%05zu", i);
		e = smap_find(&m, key);
		ck_assert_ptr_nonnull(e);
		ck_assert_int_eq(e->v[0], (int64_t)i);
		e->v[1]++;
	}
	/* Iteration visits each entry exactly once. */
	i = 0;
	while ((e = smap_next(&m, &i)) != NULL) {
		ck_assert_int_eq(e->v[1], 1);
		e->v[1]++;
		sum += e->v[0];
		seen++;
	}
	ck_assert_uint_eq(seen, MANY);
	ck_assert_int_eq(sum, (int64_t)MANY * (MANY - 1) / 2);
	ck_assert_ptr_null(smap_find(&m, "CUST-20000"));
	smap_free(&m);
}
END_TEST

/* smap's hash (FNV-1a), to choose keys that share a home slot. */
static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Up to n keys "k<number>" whose home slot in a table of 64 is home. */
static size_t
keys_at(size_t home, char keys[][16], size_t n)
{
	size_t found = 0, i;

	for (i = 0; found < n && i < 1000000; i++) {
		snprintf(keys[found], sizeof keys[found], "k%zu", i);
		if ((fnv1a(keys[found]) & 63) == home)
			found++;
	}
	return found;
}

/* Keys sharing the last home slot (63) of the first table (64 slots): the
 * first takes it, the others probe on and wrap to slots 0 and 1; each is
 * found, and still after the table has grown. */
START_TEST(test_smap_collisions)
{
	char keys[3][16], extra[16];
	struct smap m;
	struct smap_entry *e;
	size_t i;

	ck_assert_uint_eq(keys_at(63, keys, 3), 3);
	smap_init(&m);
	for (i = 0; i < 3; i++)
		smap_get(&m, keys[i])->v[0] = (int64_t)i + 1;
	ck_assert_uint_eq(m.cap, 64);
	ck_assert_int_eq(smap_find(&m, keys[0]) - m.slot, 63);
	ck_assert_int_eq(smap_find(&m, keys[1]) - m.slot, 0);
	ck_assert_int_eq(smap_find(&m, keys[2]) - m.slot, 1);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(smap_find(&m, keys[i])->v[0], (int64_t)i + 1);
	/* A key whose home is slot 0, now taken: it goes to slot 2. */
	ck_assert_uint_eq(keys_at(0, &extra, 1), 1);
	smap_get(&m, extra)->v[0] = 9;
	ck_assert_int_eq(smap_find(&m, extra) - m.slot, 2);
	/* Grow well past 64: every colliding key is still found. */
	for (i = 0; i < 200; i++) {
		snprintf(extra, sizeof extra, "fill%zu", i);
		smap_get(&m, extra);
	}
	ck_assert_uint_gt(m.cap, 64);
	for (i = 0; i < 3; i++) {
		e = smap_find(&m, keys[i]);
		ck_assert_ptr_nonnull(e);
		ck_assert_int_eq(e->v[0], (int64_t)i + 1);
	}
	smap_free(&m);
}
END_TEST

/* The environment paths_default_db reads, saved and restored around each
 * test (CK_FORK=no runs them all in one process). */
static const char *const env_names[] = { "KPIDESK_DB", "XDG_DATA_HOME",
    "HOME" };
static char *env_saved[3];
static char *dir;

static void
paths_setup(void)
{
	size_t i;
	const char *v;

	for (i = 0; i < 3; i++)
		env_saved[i] = (v = getenv(env_names[i])) != NULL ?
		    xstrdup(v) : NULL;
	unsetenv("KPIDESK_DB");
	unsetenv("XDG_DATA_HOME");
	dir = testutil_tmpdir();
}

static void
paths_teardown(void)
{
	size_t i;

	for (i = 0; i < 3; i++) {
		if (env_saved[i] != NULL)
			setenv(env_names[i], env_saved[i], 1);
		else
			unsetenv(env_names[i]);
		free(env_saved[i]);
	}
	testutil_rmtree(dir);
	free(dir);
}

/* paths_default_db() compared with want (NULL: refused with a cause). */
static void
db_is(const char *want)
{
	char *cause = NULL, *got = paths_default_db(&cause);

	if (want == NULL) {
		ck_assert_ptr_null(got);
		ck_assert_ptr_nonnull(cause);
		free(cause);
		return;
	}
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

/* The fallback home: the password database's, when it is absolute. */
static char *
passwd_db(void)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw == NULL || pw->pw_dir == NULL || pw->pw_dir[0] != '/')
		return NULL;
	return xasprintf("%s/.local/share/kpidesk/kpidesk.db", pw->pw_dir);
}

START_TEST(test_paths_default_db)
{
	char *want = passwd_db();

	setenv("HOME", "/home/asha", 1);
	db_is("/home/asha/.local/share/kpidesk/kpidesk.db");
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	db_is("/srv/data/kpidesk/kpidesk.db");
	/* A relative XDG_DATA_HOME is ignored, as the spec says. */
	setenv("XDG_DATA_HOME", "data", 1);
	db_is("/home/asha/.local/share/kpidesk/kpidesk.db");
	setenv("XDG_DATA_HOME", "", 1);
	db_is("/home/asha/.local/share/kpidesk/kpidesk.db");
	/* KPIDESK_DB wins, as given (relative too); empty is unset. */
	setenv("KPIDESK_DB", "rel/kp.db", 1);
	db_is("rel/kp.db");
	setenv("KPIDESK_DB", "", 1);
	db_is("/home/asha/.local/share/kpidesk/kpidesk.db");
	unsetenv("KPIDESK_DB");
	unsetenv("XDG_DATA_HOME");
	/* A relative or missing HOME: the password database's home, never
	 * a folder relative to wherever kpidesk happens to run. */
	setenv("HOME", "relhome", 1);
	db_is(want);
	setenv("HOME", "", 1);
	db_is(want);
	unsetenv("HOME");
	db_is(want);
	free(want);
}
END_TEST

START_TEST(test_paths_split)
{
	char *s;

	s = paths_dirname("a/b/c.db");
	ck_assert_str_eq(s, "a/b");
	free(s);
	s = paths_dirname("/c.db");
	ck_assert_str_eq(s, "/");
	free(s);
	s = paths_dirname("c.db");
	ck_assert_str_eq(s, ".");
	free(s);
	ck_assert_str_eq(paths_basename("a/b/c.db"), "c.db");
	ck_assert_str_eq(paths_basename("c.db"), "c.db");
	ck_assert_str_eq(paths_basename("a/b/"), "");
}
END_TEST

START_TEST(test_paths_folders_and_files)
{
	char *deep = xasprintf("%s/x/y/z", dir), *mid = xasprintf("%s/x/y", dir);
	char *file = xasprintf("%s/f", dir), *link = xasprintf("%s/l", dir);
	char *under = xasprintf("%s/f/g", dir), *cause = NULL;
	struct stat sb;
	mode_t old = umask(022);

	ck_assert_int_eq(paths_exists(deep, &cause), 1);
	ck_assert_int_eq(paths_mkdir_private(deep, &cause), 0);
	ck_assert_int_eq(stat(deep, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0700);
	ck_assert_int_eq(stat(mid, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0700);
	ck_assert_int_eq(paths_exists(deep, &cause), 0);
	/* Again: it exists, fine. */
	ck_assert_int_eq(paths_mkdir_private(deep, &cause), 0);

	testutil_write(file, "secret\n", 7, 0600);
	ck_assert_int_eq(paths_check_private(file, &cause), 0);
	ck_assert_int_eq(chmod(file, 0640), 0);
	ck_assert_int_eq(paths_check_private(file, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "mode 640"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(chmod(file, 0604), 0);
	ck_assert_int_eq(paths_check_private(file, &cause), -1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(paths_check_private(deep, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a regular file"));
	free(cause);
	cause = NULL;

	/* A file where a folder should be. */
	ck_assert_int_eq(paths_mkdir_private(under, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(paths_exists(under, &cause), -1);
	free(cause);
	cause = NULL;
	/* A dangling symbolic link exists (it is not followed). */
	ck_assert_int_eq(symlink("nowhere", link), 0);
	ck_assert_int_eq(paths_exists(link, &cause), 0);
	umask(old);
	free(deep);
	free(mid);
	free(file);
	free(link);
	free(under);
}
END_TEST

/* Each formatter's text compared with want. */
START_TEST(test_numfmt_group)
{
	char b[NUMFMT_MAX];

	ck_assert_str_eq(numfmt_int(83045471, NUMFMT_INDIAN, b, sizeof b),
	    "8,30,45,471");
	ck_assert_str_eq(numfmt_int(830454, NUMFMT_INDIAN, b, sizeof b),
	    "8,30,454");
	ck_assert_str_eq(numfmt_int(830454, NUMFMT_WESTERN, b, sizeof b),
	    "830,454");
	ck_assert_str_eq(numfmt_int(1234567, NUMFMT_WESTERN, b, sizeof b),
	    "1,234,567");
	ck_assert_str_eq(numfmt_int(1234567, NUMFMT_INDIAN, b, sizeof b),
	    "12,34,567");
	ck_assert_str_eq(numfmt_int(999, NUMFMT_INDIAN, b, sizeof b), "999");
	ck_assert_str_eq(numfmt_int(1000, NUMFMT_INDIAN, b, sizeof b),
	    "1,000");
	ck_assert_str_eq(numfmt_int(0, NUMFMT_WESTERN, b, sizeof b), "0");
	ck_assert_str_eq(numfmt_int(-100000, NUMFMT_INDIAN, b, sizeof b),
	    "-1,00,000");
	ck_assert_str_eq(numfmt_int(-100000, NUMFMT_WESTERN, b, sizeof b),
	    "-100,000");
	ck_assert_str_eq(numfmt_int(INT64_MIN, NUMFMT_WESTERN, b, sizeof b),
	    "-9,223,372,036,854,775,808");
	ck_assert_str_eq(numfmt_int(INT64_MIN, NUMFMT_INDIAN, b, sizeof b),
	    "-92,23,37,20,36,85,47,75,808");
	/* A short buffer is cut, never overrun. */
	ck_assert_str_eq(numfmt_int(1234567, NUMFMT_WESTERN, b, 4), "1,2");
}
END_TEST

START_TEST(test_numfmt_money_count_size)
{
	char b[NUMFMT_MAX];

	ck_assert_str_eq(numfmt_money(83045471, NUMFMT_INDIAN, 1, b,
	    sizeof b), "\xe2\x82\xb9" "8,30,454.71");
	ck_assert_str_eq(numfmt_money(83045471, NUMFMT_WESTERN, 0, b,
	    sizeof b), "Rs 830,454.71");
	ck_assert_str_eq(numfmt_money(-5, NUMFMT_WESTERN, 0, b, sizeof b),
	    "-Rs 0.05");
	ck_assert_str_eq(numfmt_money(745000, NUMFMT_INDIAN, 0, b, sizeof b),
	    "Rs 7,450.00");
	ck_assert_str_eq(numfmt_count(1, "row", "rows", NUMFMT_INDIAN, b,
	    sizeof b), "1 row");
	ck_assert_str_eq(numfmt_count(0, "row", "rows", NUMFMT_INDIAN, b,
	    sizeof b), "0 rows");
	ck_assert_str_eq(numfmt_count(123456, "row", "rows", NUMFMT_INDIAN,
	    b, sizeof b), "1,23,456 rows");
	ck_assert_str_eq(numfmt_size(1, NUMFMT_WESTERN, b, sizeof b),
	    "1 byte");
	ck_assert_str_eq(numfmt_size(912, NUMFMT_WESTERN, b, sizeof b),
	    "912 bytes");
	ck_assert_str_eq(numfmt_size(68092579, NUMFMT_WESTERN, b, sizeof b),
	    "68,092,579 bytes (64.9 MiB)");
	ck_assert_str_eq(numfmt_size(1536, NUMFMT_INDIAN, b, sizeof b),
	    "1,536 bytes (1.5 KiB)");
	ck_assert_str_eq(numfmt_size(1073741824, NUMFMT_INDIAN, b, sizeof b),
	    "1,07,37,41,824 bytes (1.0 GiB)");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("base");
	TCase *tc;

	tc = tcase_create("json");
	tcase_add_test(tc, test_json_escapes);
	tcase_add_test(tc, test_json_invalid_utf8);
	suite_add_tcase(s, tc);
	tc = tcase_create("smap");
	tcase_add_test(tc, test_smap_basics);
	tcase_add_test(tc, test_smap_growth);
	tcase_add_test(tc, test_smap_collisions);
	suite_add_tcase(s, tc);
	tc = tcase_create("paths");
	tcase_add_checked_fixture(tc, paths_setup, paths_teardown);
	tcase_add_test(tc, test_paths_default_db);
	tcase_add_test(tc, test_paths_split);
	tcase_add_test(tc, test_paths_folders_and_files);
	suite_add_tcase(s, tc);
	tc = tcase_create("numfmt");
	tcase_add_test(tc, test_numfmt_group);
	tcase_add_test(tc, test_numfmt_money_count_size);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
