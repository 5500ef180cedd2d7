/* testutil: small helpers shared by the Check unit tests. */
#ifndef KP_TESTUTIL_H
#define KP_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "users.h"

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

/* Add user name holding roles to db with a password that passes the policy;
 * the import and export tests act as such a user. */
static inline void
testutil_user(struct db *db, const char *name, unsigned roles)
{
	char *cause = NULL;

	if (users_add(db, "os:test", name, roles, "fixture-pass-4271",
	    &cause) != 0)
		ck_abort_msg("users_add %s: %s", name, cause);
}

#endif
