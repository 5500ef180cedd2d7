/* Unit tests (audit, anchor, ledger): audit chain append, head, verify, and detection of entries
 * edited, deleted, inserted and reordered through SQLite directly; the
 * anchor file: a line only for a committed anchored entry, 0600, and a cut
 * or rebuilt chain refused on append and named by anchor_verify. */
#include "testutil.h"

#include <sys/stat.h>

#include "anchor.h"
#include "audit.h"
#include "db.h"
#include "schema.h"
#include "xmem.h"

static char *dir, *path;
static struct db *db;

static void
setup(void)
{
	char *cause = NULL, obj[16];
	int i;

	dir = testutil_tmpdir();
	path = xasprintf("%s/kp.db", dir);
	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	for (i = 1; i <= 5; i++) {
		snprintf(obj, sizeof obj, "obj%d", i);
		ck_assert_int_eq(audit_append(db, "alice", "test.action", obj,
		    "details", &cause), 0);
	}
}

static void
teardown(void)
{
	db_close(db);
	testutil_rmtree(dir);
	free(dir);
	free(path);
}

/* Tamper as an attacker with file access would: triggers off, then SQL. */
static void
tamper(const char *sql)
{
	char *cause = NULL;

	ck_assert_int_eq(db_exec(db, "DROP TRIGGER audit_log_no_update;"
	    "DROP TRIGGER audit_log_no_delete;", &cause), 0);
	if (db_exec(db, sql, &cause) != 0)
		ck_abort_msg("tamper failed: %s", cause);
}

static struct audit_check
verify(void)
{
	struct audit_check check;
	char *cause = NULL;

	ck_assert_int_eq(audit_verify(db, &check, &cause), 0);
	return check;
}

START_TEST(test_clean_chain_verifies)
{
	struct audit_check c = verify();
	char head[HASH_HEXLEN + 1], *cause = NULL;
	int64_t seq;

	ck_assert_int_eq(c.ok, 1);
	ck_assert_int_eq(c.entries, 5);
	ck_assert_int_eq(audit_head(db, &seq, head, &cause), 0);
	ck_assert_int_eq(seq, 5);
	ck_assert_str_eq(head, c.head_hash);
	ck_assert_uint_eq(strlen(head), HASH_HEXLEN);
}
END_TEST

START_TEST(test_empty_chain)
{
	char *p2 = xasprintf("%s/empty.db", dir), *cause = NULL;
	char head[HASH_HEXLEN + 1];
	struct db *d2;
	struct audit_check c;
	int64_t seq;

	ck_assert_int_eq(schema_open(p2, DB_CREATE, &d2, &cause), 0);
	ck_assert_int_eq(audit_verify(d2, &c, &cause), 0);
	ck_assert_int_eq(c.ok, 1);
	ck_assert_int_eq(c.entries, 0);
	ck_assert_int_eq(audit_head(d2, &seq, head, &cause), 0);
	ck_assert_int_eq(seq, 0);
	ck_assert_str_eq(head, "0000000000000000000000000000000000000000000000000000000000000000");
	db_close(d2);
	free(p2);
}
END_TEST

START_TEST(test_edited_entry)
{
	struct audit_check c;

	tamper("UPDATE audit_log SET details = 'forged' WHERE seq = 3");
	c = verify();
	ck_assert_int_eq(c.ok, 0);
	ck_assert_int_eq(c.bad_seq, 3);
	ck_assert_ptr_nonnull(strstr(c.problem, "edited"));
	ck_assert_int_eq(c.head_seq, 2);
	free(c.problem);
}
END_TEST

START_TEST(test_deleted_entry)
{
	struct audit_check c;

	tamper("DELETE FROM audit_log WHERE seq = 3");
	c = verify();
	ck_assert_int_eq(c.ok, 0);
	ck_assert_int_eq(c.bad_seq, 3);
	ck_assert_ptr_nonnull(strstr(c.problem, "missing"));
	free(c.problem);
}
END_TEST

START_TEST(test_reordered_entries)
{
	struct audit_check c;

	/* Swap entries 2 and 4 wholesale, keeping the sequence numbers. */
	tamper("UPDATE audit_log SET seq = -2 WHERE seq = 2;"
	    "UPDATE audit_log SET seq = 2 WHERE seq = 4;"
	    "UPDATE audit_log SET seq = 4 WHERE seq = -2;");
	c = verify();
	ck_assert_int_eq(c.ok, 0);
	ck_assert_int_eq(c.bad_seq, 2);
	ck_assert_ptr_nonnull(strstr(c.problem, "does not follow"));
	free(c.problem);
}
END_TEST

START_TEST(test_inserted_entry)
{
	struct audit_check c;

	/* Shift entries 4 and 5 up and put a forged entry in at 4, linked to
	 * entry 3's real hash. */
	tamper("UPDATE audit_log SET seq = seq + 10 WHERE seq >= 4;"
	    "UPDATE audit_log SET seq = seq - 9 WHERE seq >= 14;"
	    "INSERT INTO audit_log SELECT 4, ts, 'mallory', 'x', 'y', 'z', "
	    "hash, hash FROM audit_log WHERE seq = 3;");
	c = verify();
	ck_assert_int_eq(c.ok, 0);
	ck_assert_int_eq(c.bad_seq, 4);
	ck_assert_ptr_nonnull(strstr(c.problem, "edited"));
	free(c.problem);
}
END_TEST

START_TEST(test_append_in_rolled_back_transaction)
{
	char *cause = NULL;
	struct audit_check c;

	ck_assert_int_eq(db_begin(db, &cause), 0);
	ck_assert_int_eq(audit_append(db, "bob", "x", "y", "z", &cause), 0);
	db_rollback(db);
	c = verify();
	ck_assert_int_eq(c.ok, 1);
	ck_assert_int_eq(c.entries, 5);
}
END_TEST

static int
count_entries(const struct audit_entry *e, void *arg)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_filter)
{
	struct audit_filter f = { "alice", NULL, NULL, NULL };
	char *cause = NULL;
	int n = 0;

	ck_assert_int_eq(audit_append(db, "bob", "other", "o", "d", &cause), 0);
	ck_assert_int_eq(audit_foreach(db, &f, count_entries, &n, &cause), 0);
	ck_assert_int_eq(n, 5);
	f.actor = NULL;
	f.action = "other";
	n = 0;
	ck_assert_int_eq(audit_foreach(db, &f, count_entries, &n, &cause), 0);
	ck_assert_int_eq(n, 1);
	f.action = NULL;
	f.since = "2999-01-01";
	n = 0;
	ck_assert_int_eq(audit_foreach(db, &f, count_entries, &n, &cause), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

/* The anchor file's content, or NULL when it does not exist. */
static char *
anchor_text(void)
{
	char *p = xasprintf("%s.anchor", path), buf[4096];
	FILE *f = fopen(p, "r");
	size_t n;

	free(p);
	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return xstrdup(buf);
}

START_TEST(test_anchor_after_commit_only)
{
	char *cause = NULL, *text, *p, head[HASH_HEXLEN + 1], *want;
	struct stat sb;
	int64_t seq;

	/* Not anchored: an ordinary action; nor a rolled-back export. */
	ck_assert_int_eq(audit_append(db, "bob", "user.add", "x", "", &cause),
	    0);
	ck_assert_int_eq(db_begin(db, &cause), 0);
	ck_assert_int_eq(audit_append(db, "bob", "export.write", "f", "",
	    &cause), 0);
	db_rollback(db);
	ck_assert_int_eq(audit_append(db, "bob", "user.add", "y", "", &cause),
	    0);
	ck_assert_ptr_null(anchor_text());

	/* Queued inside the transaction, written by its commit. */
	ck_assert_int_eq(db_begin(db, &cause), 0);
	ck_assert_int_eq(audit_append(db, "bob", "export.write", "f", "",
	    &cause), 0);
	ck_assert_ptr_null(anchor_text());
	ck_assert_int_eq(db_commit(db, &cause), 0);
	ck_assert_int_eq(audit_head(db, &seq, head, &cause), 0);
	ck_assert_int_eq(seq, 8);
	text = anchor_text();
	ck_assert_ptr_nonnull(text);
	want = xasprintf("8 %s ", head);
	ck_assert_ptr_eq(strstr(text, want), text);
	p = strchr(text, '\n');
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p + 1, "");
	ck_assert_ptr_nonnull(strstr(text, "Z export.write\n"));
	free(want);
	free(text);

	/* Outside a transaction: written as the entry commits. */
	ck_assert_int_eq(audit_append(db, "bob", "snapshot.take", "d", "",
	    &cause), 0);
	text = anchor_text();
	ck_assert_ptr_nonnull(strstr(text, " snapshot.take\n"));
	free(text);
	p = xasprintf("%s.anchor", path);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0600);
	free(p);
}
END_TEST

static void
count_problem(const char *problem, void *arg)
{
	ck_assert_ptr_nonnull(strstr(problem, "entry 6"));
	(*(int *)arg)++;
}

START_TEST(test_anchor_cut_and_rebuilt)
{
	struct anchor_check ac = { 0, 0, 0, 0, 0, count_problem, NULL };
	char *cause = NULL, *apath = xasprintf("%s.anchor", path);
	int problems = 0;

	ac.arg = &problems;
	ck_assert_int_eq(audit_append(db, "bob", "export.approve", "r", "",
	    &cause), 0);
	ck_assert_int_eq(anchor_verify(db, apath, &ac, &cause), 0);
	ck_assert_int_eq(ac.lines, 1);
	ck_assert_int_eq(ac.bad, 0);

	/* Rebuilt: entry 6's hash replaced. */
	tamper("UPDATE audit_log SET hash = replace(hash, substr(hash, 1, 1), "
	    "'x') WHERE seq = 6");
	ck_assert_int_eq(audit_append(db, "bob", "user.add", "x", "",
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "entry 6's hash differs"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(anchor_verify(db, apath, &ac, &cause), 0);
	ck_assert_int_eq(ac.bad, 1);

	/* Cut: entry 6 deleted; the chain 1..5 itself verifies. */
	ck_assert_int_eq(db_exec(db, "DELETE FROM audit_log WHERE seq = 6",
	    &cause), 0);
	ck_assert_int_eq(verify().ok, 1);
	ck_assert_int_eq(audit_append(db, "bob", "user.add", "x", "",
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "entry 6 recorded in the anchor "
	    "file"));
	ck_assert_ptr_nonnull(strstr(cause, "the chain was cut"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(verify().entries, 5);
	ck_assert_int_eq(anchor_verify(db, apath, &ac, &cause), 0);
	ck_assert_int_eq(ac.bad, 1);
	ck_assert_int_eq(problems, 2);
	free(apath);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_clean_chain_verifies);
	tcase_add_test(tc, test_empty_chain);
	tcase_add_test(tc, test_edited_entry);
	tcase_add_test(tc, test_deleted_entry);
	tcase_add_test(tc, test_reordered_entries);
	tcase_add_test(tc, test_inserted_entry);
	tcase_add_test(tc, test_append_in_rolled_back_transaction);
	tcase_add_test(tc, test_filter);
	tcase_add_test(tc, test_anchor_after_commit_only);
	tcase_add_test(tc, test_anchor_cut_and_rebuilt);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
