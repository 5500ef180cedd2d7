/* Unit tests (demo, demo_seed, demo_account): a new demo database holds
 * one account per role and a past made by every role (snapshot days, a
 * refused batch, an approved and written export, audit entries by each
 * account, an intact chain); a second start keeps it as it is, --reset
 * builds it anew, and a file that is not a demo database is refused. */
#include <sqlite3.h>

#include "testutil.h"

#include "audit.h"
#include "db.h"
#include "demo.h"
#include "demo_account.h"
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

/* Build (or keep, or reset) the demo database dir/demo.db. */
static void
demo_at(int reset, struct demo_info *info)
{
	char *cause = NULL, *path = xasprintf("%s/demo.db", dir);

	if (demo_create(path, KP_TEST_DATADIR, reset, info, &cause) != 0)
		ck_abort_msg("demo_create: %s", cause);
	free(path);
}

/* The integer one query on the demo database gives, read-only, with text
 * (may be NULL) bound to ?1. */
static int64_t
demo_q(const char *sql, const char *text)
{
	char *path = xasprintf("%s/demo.db", dir);
	struct db *db;
	sqlite3_stmt *st;
	char *cause = NULL;
	int64_t v;

	if (db_open(path, DB_READONLY, NULL, &db, &cause) != 0)
		ck_abort_msg("db_open: %s", cause);
	ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (text != NULL)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	db_close(db);
	free(path);
	return v;
}

START_TEST(test_demo_past)
{
	struct demo_info info;
	const struct demo_account *a;
	char *cause = NULL;
	unsigned roles;
	size_t i;

	demo_at(0, &info);
	ck_assert_int_eq(info.built, 1);
	ck_assert_int_eq(info.rebuilt, 0);
	ck_assert_int_ge(demo_q("SELECT count(*) FROM snapshots", NULL), 4);
	ck_assert_int_eq(demo_q("SELECT count(*) FROM batches WHERE "
	    "status = 'discarded'", NULL), 1);
	ck_assert_int_eq(demo_q("SELECT count(*) FROM exports e JOIN "
	    "export_requests r ON r.id = e.request_id WHERE "
	    "r.approved_by IS NOT NULL", NULL), 1);
	for (i = 0; (a = demo_account_at(i)) != NULL; i++) {
		ck_assert_int_eq(users_parse_roles(a->role, &roles, &cause), 0);
		ck_assert_ptr_nonnull(demo_hint(roles));
		if (demo_q("SELECT count(*) FROM audit_log WHERE "
		    "actor = ?1", a->name) < 1)
			ck_abort_msg("no audit entry by %s", a->name);
	}
	ck_assert_int_eq(i, 4);
	demo_info_free(&info);
}
END_TEST

START_TEST(test_demo_kept_and_reset)
{
	struct demo_info info;
	int64_t seq;
	char *note;

	demo_at(0, &info);
	demo_info_free(&info);
	seq = demo_q("SELECT max(seq) FROM audit_log", NULL);
	demo_at(0, &info);
	ck_assert_int_eq(info.built, 0);
	note = demo_note(&info);
	ck_assert_ptr_nonnull(strstr(note, "kept"));
	free(note);
	demo_info_free(&info);
	ck_assert_int_eq(demo_q("SELECT max(seq) FROM audit_log", NULL), seq);

	demo_at(1, &info);
	ck_assert_int_eq(info.built, 1);
	ck_assert_int_eq(info.rebuilt, 1);
	note = demo_note(&info);
	ck_assert_ptr_nonnull(strstr(note, "rebuilt"));
	free(note);
	demo_info_free(&info);
}
END_TEST

START_TEST(test_demo_refuses_other_files)
{
	struct demo_info info;
	char *cause = NULL, *path = xasprintf("%s/notes.db", dir);

	testutil_write(path, "not a database\n", 15, 0600);
	ck_assert_int_eq(demo_create(path, KP_TEST_DATADIR, 1, &info,
	    &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	free(path);
}
END_TEST

static Suite *
demo_suite(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("demo");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_demo_past);
	tcase_add_test(tc, test_demo_kept_and_reset);
	tcase_add_test(tc, test_demo_refuses_other_files);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(demo_suite());
}
