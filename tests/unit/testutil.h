/*
 * testutil: the helpers and fixtures the Check unit tests share: private
 * folders and files, a suite runner, and the database fixture (a fresh
 * kp.db, a user, a file imported, one-value queries, days, order
 * elements). Every function is static inline, so a test that uses few of
 * them compiles without unused-function warnings.
 */
#ifndef KP_TESTUTIL_H
#define KP_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "datetime.h"
#include "db.h"
#include "import.h"
#include "schema.h"
#include "users.h"
#include "xmem.h"

/* Make a fresh private directory for one test; caller frees the path. */
static inline char *
testutil_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	if (asprintf(&t, "%s/kpidesk-test-XXXXXX", base) == -1)
		abort();
	if (mkdtemp(t) == NULL)
		abort();
	return t;
}

/* Remove a directory tree made by testutil_tmpdir. */
static inline void
testutil_rmtree(const char *dir)
{
	char *cmd;

	if (asprintf(&cmd, "rm -rf '%s'", dir) == -1)
		abort();
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

/* Write a file with the given contents and mode. */
static inline void
testutil_write(const char *path, const char *data, size_t len, mode_t mode)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
}

/* Run one suite and return the process exit status. */
static inline int
testutil_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Add user name holding roles to db with password pw (it must pass the
 * policy); the test aborts when it cannot. */
static inline void
testutil_user_pw(struct db *db, const char *name, unsigned roles,
    const char *pw)
{
	char *cause = NULL;

	if (users_add(db, "os:test", name, roles, pw, &cause) != 0)
		ck_abort_msg("users_add %s: %s", name, cause);
}

/* Add user name holding roles to db with a password that passes the policy;
 * the import and export tests act as such a user. */
static inline void
testutil_user(struct db *db, const char *name, unsigned roles)
{
	testutil_user_pw(db, name, roles, "fixture-pass-4271");
}

/*
 * Whether to skip the memory bounds: KP_SKIP_MEMORY_BOMB set, or running
 * under valgrind (its preload library is in LD_PRELOAD), where the RSS is
 * valgrind's own and a forked child's exit reports leaks of the parent's.
 */
static inline int
testutil_skip_memory_bomb(void)
{
	const char *pre = getenv("LD_PRELOAD");

	return getenv("KP_SKIP_MEMORY_BOMB") != NULL ||
	    (pre != NULL && strstr(pre, "vgpreload") != NULL);
}

/* A fresh database kp.db in folder dir, migrated; caller closes it. */
static inline struct db *
testutil_db_open(const char *dir)
{
	struct db *db;
	char *path = xasprintf("%s/kp.db", dir), *cause = NULL;

	if (schema_open(path, DB_CREATE, &db, &cause) != 0)
		ck_abort_msg("db_open %s: %s", path, cause);
	free(path);
	return db;
}

/* Close db and remove folder dir, which is freed. */
static inline void
testutil_db_close(struct db *db, char *dir)
{
	db_close(db);
	testutil_rmtree(dir);
	free(dir);
}

/* The integer a one-row query on db gives. */
static inline int64_t
testutil_q(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v;

	ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Write text to dir/name and import it into db as actor, rejected rows
 * accepted, amounts read by scope (NULL: the file decides); the test
 * aborts when the import fails. */
static inline void
testutil_load(struct db *db, const char *dir, const char *actor,
    enum import_kind kind, const char *name, const char *text,
    const char *scope)
{
	struct import_opts o;
	struct import_result res;
	char *p = xasprintf("%s/%s", dir, name), *cause = NULL;

	testutil_write(p, text, strlen(text), 0600);
	memset(&o, 0, sizeof o);
	o.kind = kind;
	o.path = p;
	o.actor = actor;
	o.accept_rejects = 1;
	o.amount_scope = scope;
	if (import_run(db, &o, &res, &cause) != 0)
		ck_abort_msg("import %s: %s", name, cause);
	import_result_free(&res);
	free(p);
}

/* The day number of "YYYY-MM-DD", which must parse. */
static inline int32_t
testutil_day(const char *s)
{
	int32_t d;

	ck_assert_int_eq(datetime_parse_day(s, &d), 0);
	return d;
}

/* One <order> element, on a line of its own. */
#define ORDER(id, mob, at, sku, n, amt) \
	"<order><order_id>" id "</order_id><mobile_number>" mob \
	"</mobile_number><order_date_time>" at "</order_date_time><sku_id>" \
	sku "</sku_id><sku_count>" n "</sku_count><total_amount>" amt \
	"</total_amount></order>\n"

/* One <order> element of one item, with no line break after it. */
#define O(id, mob, at, sku, amt) \
	"<order><order_id>" id "</order_id><mobile_number>" mob \
	"</mobile_number><order_date_time>" at "</order_date_time><sku_id>" \
	sku "</sku_id><sku_count>1</sku_count><total_amount>" amt \
	"</total_amount></order>"

#endif
