/*
 * Unit tests (csvw, paths private files, paths_data_file): csvw quotes
 * every field and doubles '"', ends rows in CRLF, puts an apostrophe before
 * a value that could start a formula (a number column opts out), makes
 * controls and hidden characters visible, and with neither flag (--raw)
 * writes values as they are; paths_create_private makes a 0600 file,
 * refuses an existing file and a symbolic link (leaving its target alone);
 * paths_replace_start/end write a new file, replace a regular file of
 * ours (mode 0600 afterwards) only when it succeeds, and refuse a link;
 * paths_data_file falls back to the account's home for a relative HOME.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include "testutil.h"

#include "csvw.h"
#include "paths.h"
#include "strbuf.h"
#include "xmem.h"

/* One row of fields written with flags, compared with want. */
static void
row_is(unsigned flags, const char *const *v, size_t n, const char *want)
{
	struct strbuf sb;
	struct csvw w;
	size_t i;

	strbuf_init(&sb);
	csvw_init(&w, &sb, flags);
	for (i = 0; i < n; i++)
		csvw_field(&w, v[i]);
	csvw_end_row(&w);
	ck_assert_str_eq(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

START_TEST(test_csvw_quoting)
{
	const char *v[] = { "a", "", "say \"hi\"", "x,y", "two\r\nlines" };

	row_is(0, v, 5, "\"a\",\"\",\"say \"\"hi\"\"\",\"x,y\","
	    "\"two\r\nlines\"\r\n");
	row_is(CSVW_SAFE, v, 1, "\"a\"\r\n");
}
END_TEST

START_TEST(test_csvw_formula_guard)
{
	const char *v[] = { "=1+2", "+cmd", "-5 Traders", "@SUM(A1)",
	    "-12", "42", "a=b", "." };

	row_is(CSVW_GUARD, v, 8, "\"'=1+2\",\"'+cmd\",\"'-5 Traders\","
	    "\"'@SUM(A1)\",\"'-12\",\"42\",\"a=b\",\".\"\r\n");
	row_is(0, v, 2, "\"=1+2\",\"+cmd\"\r\n");
	ck_assert_int_eq(csvw_is_formula("=x"), 1);
	ck_assert_int_eq(csvw_is_formula("x="), 0);
	ck_assert_int_eq(csvw_is_formula(""), 0);
}
END_TEST

START_TEST(test_csvw_escape_and_raw)
{
	const char *v[] = { "a\x1b[31mb", "bell\x07", "del\x7f",
	    "rtl\xe2\x80\xae" "x", "bad\xff", "caf\xc3\xa9" };
	const char *hostile[] = { "=HYPERLINK(\"x\")\x1b" };

	row_is(CSVW_ESCAPE, v, 6, "\"a^[[31mb\",\"bell^G\",\"del^?\","
	    "\"rtl<U+202E>x\",\"bad\xef\xbf\xbd\",\"caf\xc3\xa9\"\r\n");
	/* raw: the bytes as they are, only quoted */
	row_is(0, v, 2, "\"a\x1b[31mb\",\"bell\x07\"\r\n");
	/* both: guarded, then escaped */
	row_is(CSVW_SAFE, hostile, 1, "\"'=HYPERLINK(\"\"x\"\")^[\"\r\n");
}
END_TEST

START_TEST(test_csvw_field_as_and_flush)
{
	struct strbuf sb;
	struct csvw w;
	char *dir = testutil_tmpdir(), *path = xasprintf("%s/o.csv", dir);
	char got[64];
	FILE *f;
	size_t n;

	strbuf_init(&sb);
	csvw_init(&w, &sb, CSVW_SAFE);
	csvw_field_as(&w, "=name", 0);
	csvw_field(&w, "=v");
	csvw_field_as(&w, "-5", CSVW_ESCAPE);	/* a number column */
	csvw_end_row(&w);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(csvw_flush(&w, f), 0);
	ck_assert_str_eq(strbuf_str(&sb), "");
	ck_assert_int_eq(fclose(f), 0);
	f = fopen(path, "r");
	n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	fclose(f);
	ck_assert_str_eq(got, "\"=name\",\"'=v\",\"-5\"\r\n");
	strbuf_free(&sb);
	testutil_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_paths_create_private)
{
	char *dir = testutil_tmpdir(), *cause = NULL;
	char *file = xasprintf("%s/new", dir), *link = xasprintf("%s/l", dir);
	char *target = xasprintf("%s/target", dir);
	mode_t old = umask(0);
	struct stat sb;
	int fd;

	fd = paths_create_private(file, &cause);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "x", 1), 1);
	close(fd);
	ck_assert_int_eq(stat(file, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	/* an existing file is refused, and left as it was */
	ck_assert_int_eq(paths_create_private(file, &cause), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_ptr_nonnull(strstr(cause, "cannot create"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(stat(file, &sb), 0);
	ck_assert_int_eq(sb.st_size, 1);
	/* a link is refused, dangling or not; its target is not made */
	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(paths_create_private(link, &cause), -1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(access(target, F_OK), -1);
	umask(old);
	testutil_rmtree(dir);
	free(file);
	free(link);
	free(target);
	free(dir);
}
END_TEST

/* Write text to path through paths_replace_start/end: 0 or -1. */
static int
replace_with(const char *path, const char *text, char **cause)
{
	char *tmp;
	FILE *f;

	if ((f = paths_replace_start(path, &tmp, cause)) == NULL)
		return -1;
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return paths_replace_end(path, tmp, 1, cause);
}

START_TEST(test_paths_replace)
{
	char *dir = testutil_tmpdir(), *cause = NULL, *tmp;
	char *file = xasprintf("%s/out.csv", dir), *link = xasprintf("%s/l", dir);
	struct stat sb;
	FILE *f;

	ck_assert_int_eq(replace_with(file, "one", &cause), 0);
	ck_assert_int_eq(chmod(file, 0644), 0);
	ck_assert_int_eq(replace_with(file, "two", &cause), 0);
	ck_assert_int_eq(stat(file, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(sb.st_size, 3);
	/* a failed write leaves the old file, and no temporary one */
	f = paths_replace_start(file, &tmp, &cause);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(tmp);
	fclose(f);
	ck_assert_int_eq(paths_replace_end(file, tmp, 0, &cause), 0);
	ck_assert_int_eq(stat(file, &sb), 0);
	ck_assert_int_eq(sb.st_size, 3);
	/* a link is refused */
	ck_assert_int_eq(symlink(file, link), 0);
	ck_assert_int_eq(replace_with(link, "three", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "symbolic link"));
	free(cause);
	cause = NULL;
	/* a folder is not a regular file of ours */
	ck_assert_int_eq(replace_with(dir, "four", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a regular file"));
	free(cause);
	testutil_rmtree(dir);
	free(file);
	free(link);
	free(dir);
}
END_TEST

START_TEST(test_paths_data_file)
{
	char *saved_home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	char *saved_xdg = getenv("XDG_DATA_HOME") ?
	    xstrdup(getenv("XDG_DATA_HOME")) : NULL;
	struct passwd *pw = getpwuid(getuid());
	char *cause = NULL, *got, *want;

	setenv("XDG_DATA_HOME", "/x/data", 1);
	got = paths_data_file("demo.db", &cause);
	ck_assert_str_eq(got, "/x/data/kpidesk/demo.db");
	free(got);
	setenv("XDG_DATA_HOME", "relative", 1);
	setenv("HOME", "/h", 1);
	got = paths_data_file("demo.db", &cause);
	ck_assert_str_eq(got, "/h/.local/share/kpidesk/demo.db");
	free(got);
	setenv("HOME", "relative", 1);
	got = paths_data_file("demo.db", &cause);
	if (pw != NULL && pw->pw_dir[0] == '/') {
		want = xasprintf("%s/.local/share/kpidesk/demo.db",
		    pw->pw_dir);
		ck_assert_str_eq(got, want);
		free(want);
	}
	free(got);
	free(cause);
	if (saved_home != NULL)
		setenv("HOME", saved_home, 1);
	else
		unsetenv("HOME");
	if (saved_xdg != NULL)
		setenv("XDG_DATA_HOME", saved_xdg, 1);
	else
		unsetenv("XDG_DATA_HOME");
	free(saved_home);
	free(saved_xdg);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("files");
	TCase *tc;

	tc = tcase_create("csvw");
	tcase_add_test(tc, test_csvw_quoting);
	tcase_add_test(tc, test_csvw_formula_guard);
	tcase_add_test(tc, test_csvw_escape_and_raw);
	tcase_add_test(tc, test_csvw_field_as_and_flush);
	suite_add_tcase(s, tc);
	tc = tcase_create("private");
	tcase_add_test(tc, test_paths_create_private);
	tcase_add_test(tc, test_paths_replace);
	tcase_add_test(tc, test_paths_data_file);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
