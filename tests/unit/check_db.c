/* Unit tests (db, schema): open, permissions, pragmas, migrations,
 * newer-version refusal, settings, ending a transaction. */
#include <sys/stat.h>

#include "testutil.h"

#include "db.h"
#include "schema.h"
#include "xmem.h"

static char *dir;

static void
setup(void)
{
	dir = testutil_tmpdir();
}

static void
teardown(void)
{
	testutil_rmtree(dir);
	free(dir);
}

static int
query_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int v;

	ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

START_TEST(test_create_private)
{
	char *path = xasprintf("%s/a/b/kp.db", dir), *sub = xasprintf("%s/a", dir);
	char *cause = NULL;
	struct db *db;
	struct stat sb;

	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(stat(sub, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0700);
	ck_assert_int_eq(query_int(db, "PRAGMA user_version"), schema_latest());
	ck_assert_int_eq(query_int(db, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(query_int(db, "PRAGMA synchronous"), 2);	/* FULL */
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE name IN ('users', 'batches', 'customers', 'order_lines', "
	    "'row_issues', 'checks', 'snapshots', 'exports', 'audit_log')"), 9);
	db_close(db);
	free(path);
	free(sub);
}
END_TEST

START_TEST(test_wal_mode)
{
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL;
	struct db *db;
	sqlite3_stmt *st;

	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	ck_assert_int_eq(sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1,
	    &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	db_close(db);
	free(path);
}
END_TEST

START_TEST(test_missing_refused)
{
	char *path = xasprintf("%s/none.db", dir), *cause = NULL;
	struct db *db;
	struct stat sb;

	ck_assert_int_eq(schema_open(path, 0, &db, &cause), -1);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(cause, "kpidesk init"));
	ck_assert_int_eq(stat(path, &sb), -1);	/* nothing created */
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_newer_refused)
{
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL;
	struct db *db;
	sqlite3 *raw;

	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	db_close(db);
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(raw, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	ck_assert_int_eq(schema_open(path, 0, &db, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "schema version 99"));
	ck_assert_ptr_nonnull(strstr(cause, "newer"));
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_migrates_old_and_reopens)
{
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL;
	struct db *db;

	/* An empty database is version 0: opening migrates it. */
	testutil_write(path, "", 0, 0600);
	ck_assert_int_eq(schema_open(path, 0, &db, &cause), 0);
	ck_assert_int_eq(query_int(db, "PRAGMA user_version"), schema_latest());
	db_close(db);
	/* Reopening an up-to-date database changes nothing. */
	ck_assert_int_eq(schema_open(path, 0, &db, &cause), 0);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM settings "
	    "WHERE key = 'data_tz'"), 1);
	db_close(db);
	free(path);
}
END_TEST

START_TEST(test_readonly_old_refused)
{
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL;
	struct db *db;

	testutil_write(path, "", 0, 0600);
	ck_assert_int_eq(schema_open(path, DB_READONLY, &db, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "needs an upgrade"));
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_readonly_cannot_write)
{
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL;
	struct db *db;

	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	db_close(db);
	ck_assert_int_eq(schema_open(path, DB_READONLY, &db, &cause), 0);
	ck_assert_int_eq(db_setting_set(db, "data_tz", "UTC", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "readonly"));
	free(cause);
	db_close(db);
	free(path);
}
END_TEST

START_TEST(test_symlink_refused)
{
	char *path = xasprintf("%s/kp.db", dir), *link = xasprintf("%s/l.db", dir);
	char *cause = NULL;
	struct db *db;

	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	db_close(db);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(schema_open(link, 0, &db, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a regular file"));
	free(cause);
	free(path);
	free(link);
}
END_TEST

START_TEST(test_settings)
{
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL, *v = NULL;
	struct db *db;

	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	ck_assert_int_eq(db_setting(db, "data_tz", &v, &cause), 0);
	ck_assert_str_eq(v, "Asia/Kolkata");
	free(v);
	ck_assert_int_eq(db_setting_int(db, "lockout_threshold", 0), 5);
	ck_assert_int_eq(db_setting_int(db, "no_such_key", 77), 77);
	ck_assert_int_eq(db_setting_set(db, "lockout_threshold", "3", &cause), 0);
	ck_assert_int_eq(db_setting_int(db, "lockout_threshold", 0), 3);
	ck_assert_int_eq(db_setting(db, "nope", &v, &cause), -1);
	free(cause);
	db_close(db);
	free(path);
}
END_TEST

START_TEST(test_db_end_commits_or_rolls_back)
{
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL;
	struct db *db;

	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	ck_assert_int_eq(db_begin(db, &cause), 0);
	ck_assert_int_eq(db_setting_set(db, "lockout_threshold", "4", &cause), 0);
	ck_assert_int_eq(db_end(db, -1, &cause), -1);
	ck_assert_int_ne(sqlite3_get_autocommit(db->h), 0);
	ck_assert_int_eq(db_setting_int(db, "lockout_threshold", 0), 5);
	ck_assert_int_eq(db_begin(db, &cause), 0);
	ck_assert_int_eq(db_setting_set(db, "lockout_threshold", "4", &cause), 0);
	ck_assert_int_eq(db_end(db, 0, &cause), 0);
	ck_assert_int_ne(sqlite3_get_autocommit(db->h), 0);
	ck_assert_int_eq(db_setting_int(db, "lockout_threshold", 0), 4);
	db_close(db);
	free(path);
}
END_TEST

START_TEST(test_audit_triggers)
{
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL;
	struct db *db;

	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	ck_assert_int_eq(db_exec(db, "INSERT INTO audit_log VALUES (1, 't', "
	    "'a', 'b', 'c', 'd', 'p', 'h')", &cause), 0);
	ck_assert_int_eq(db_exec(db, "UPDATE audit_log SET actor = 'x'",
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "append-only"));
	free(cause);
	ck_assert_int_eq(db_exec(db, "DELETE FROM audit_log", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "append-only"));
	free(cause);
	db_close(db);
	free(path);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_private);
	tcase_add_test(tc, test_wal_mode);
	tcase_add_test(tc, test_missing_refused);
	tcase_add_test(tc, test_newer_refused);
	tcase_add_test(tc, test_migrates_old_and_reopens);
	tcase_add_test(tc, test_readonly_old_refused);
	tcase_add_test(tc, test_readonly_cannot_write);
	tcase_add_test(tc, test_symlink_refused);
	tcase_add_test(tc, test_settings);
	tcase_add_test(tc, test_db_end_commits_or_rolls_back);
	tcase_add_test(tc, test_audit_triggers);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
