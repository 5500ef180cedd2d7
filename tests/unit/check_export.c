/* Unit tests (export.c, export_write.c): the four-eyes export:
 * each refusal (wrong approver password, the requester approving, an
 * approver without the role, an expired request, data changed before or
 * after the approval, a write without an approval, a symbolic link, an
 * existing file) is refused and audited; a rejection follows the
 * approval's rules and closes the request; the pending list leaves out the
 * viewer's own and the expired; only the requester writes; roles are read
 * as they are now. */
#include "exportutil.h"

START_TEST(test_request_summary)
{
	struct export_summary s;
	char *cause = NULL;

	ck_assert_int_eq(export_request(db, "ana", EXPORT_AS_OF_DEFAULT, T0,
	    &s, &cause), 0);
	ck_assert_str_eq(s.as_of_text, "2025-10-13");
	ck_assert_str_eq(s.status, "pending");
	ck_assert_int_eq(s.nbatches, 2);
	ck_assert_int_eq(s.rows[EXPORT_CUSTOMERS], 3);
	ck_assert_int_eq(s.rows[EXPORT_CURRENT_DAY], 3);
	ck_assert_int_eq(s.rows[EXPORT_PREVIOUS_DAY], 1);
	ck_assert_str_eq(kpi_at(1)->name, "daily-trend");
	ck_assert_int_eq(s.rows[export_sheet_kpi(1)], 3);
	ck_assert_int_eq(s.revenue, 13675);
	ck_assert_int_eq(s.expires_at, T0 + 15 * 60);
	ck_assert_int_gt(s.audit_seq, 0);
	ck_assert_uint_eq(strlen(s.params_hash), HASH_HEXLEN);
	ck_assert_int_eq(audit_count("export.request", s.params_hash), 1);
	export_summary_free(&s);

	/* Only an enabled analyst may ask. */
	expect_refusal(export_request(db, "bob", EXPORT_AS_OF_DEFAULT, T0, &s,
	    &cause), &cause, "analyst role");
}
END_TEST

START_TEST(test_happy_path)
{
	struct export_result res;
	char *cause = NULL, *out = xasprintf("%s/r.xlsx", dir), *st;
	char hex[HASH_HEXLEN + 1];
	uint8_t h[HASH_LEN];
	struct stat sb;
	uint64_t size;
	int64_t id = approved(T0);

	ck_assert_int_eq(export_write(db, id, out, 0, T0 + 120, &res, &cause),
	    0);
	ck_assert_int_eq(stat(out, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(hash_file(out, h, &size, &cause), 0);
	hash_hex(h, HASH_LEN, hex);
	ck_assert_str_eq(hex, res.sha256);
	ck_assert_int_eq((int64_t)size, res.bytes);
	ck_assert_int_eq(audit_count("export.approve", NULL), 1);
	ck_assert_int_eq(audit_count("export.write", res.sha256), 1);
	st = status_of(id);
	ck_assert_str_eq(st, "exported");
	free(st);
	export_result_free(&res);

	/* One approval, one export. */
	expect_refusal(export_write(db, id, out, 1, T0 + 130, &res, &cause),
	    &cause, "is exported");
	free(out);
}
END_TEST

START_TEST(test_default_path)
{
	struct export_result res;
	char *cause = NULL, *want, *exp;
	struct stat sb;
	int64_t id = approved(T0);

	ck_assert_int_eq(export_write(db, id, NULL, 0, T0 + 120, &res, &cause),
	    0);
	exp = xasprintf("%s/exports", dir);
	ck_assert_int_eq(stat(exp, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	want = xasprintf("%s/Customer_Order_Report_2025-10-13.xlsx", exp);
	ck_assert_int_eq(stat(want, &sb), 0);
	ck_assert_ptr_nonnull(strstr(res.path,
	    "exports/Customer_Order_Report_2025-10-13.xlsx"));
	free(want);
	free(exp);
	export_result_free(&res);
}
END_TEST

START_TEST(test_wrong_password)
{
	char *cause = NULL, *st;
	int64_t id = request("ana", T0), n = 0;

	expect_refusal(export_approve(db, id, "bob", "not the password",
	    T0 + 60, &cause), &cause, "approval refused for bob");
	ck_assert_int_eq(audit_count("export.refused", "reason=login"), 1);
	ck_assert_int_eq(audit_count("login.failed", NULL), 1);
	ck_assert_int_eq(db_query_ints(db, "SELECT count FROM login_failures "
	    "WHERE name = 'bob'", 0, 0, &n, NULL, &cause), 0);
	ck_assert_int_eq(n, 1);
	st = status_of(id);
	ck_assert_str_eq(st, "pending");
	free(st);
	/* The right approver can still approve it. */
	ck_assert_int_eq(export_approve(db, id, "bob", PW_BOB, T0 + 70,
	    &cause), 0);
}
END_TEST

START_TEST(test_same_person)
{
	char *cause = NULL;
	int64_t id = request("dave", T0);

	expect_refusal(export_approve(db, id, "dave", PW_DAVE, T0 + 60,
	    &cause), &cause, "cannot approve it");
	ck_assert_int_eq(audit_count("export.refused", "reason=same person"),
	    1);
}
END_TEST

START_TEST(test_not_approver)
{
	char *cause = NULL;
	int64_t id = request("ana", T0);

	expect_refusal(export_approve(db, id, "carol", PW_CAROL, T0 + 60,
	    &cause), &cause, "does not hold the approver role");
	ck_assert_int_eq(audit_count("export.refused",
	    "reason=not an approver"), 1);
	expect_refusal(export_approve(db, id, "nobody", "whatever pw 123",
	    T0 + 60, &cause), &cause, "approval refused for nobody");
}
END_TEST

START_TEST(test_expired)
{
	struct export_result res;
	char *cause = NULL, *st, *out = xasprintf("%s/r.xlsx", dir);
	int64_t id = request("ana", T0);

	expect_refusal(export_approve(db, id, "bob", PW_BOB, T0 + 15 * 60,
	    &cause), &cause, "expired");
	ck_assert_int_eq(audit_count("export.refused", "reason=expired"), 1);
	st = status_of(id);
	ck_assert_str_eq(st, "expired");
	free(st);

	/* An approval is good for approval_minutes too. */
	id = approved(T0);
	expect_refusal(export_write(db, id, out, 0, T0 + 60 + 15 * 60, &res,
	    &cause), &cause, "expired");
	ck_assert_int_eq(access(out, F_OK), -1);
	free(out);
}
END_TEST

START_TEST(test_data_changed)
{
	struct export_result res;
	char *cause = NULL, *st, *out = xasprintf("%s/r.xlsx", dir);
	int64_t id = request("ana", T0);

	load(IMPORT_ORDERS, "o2.xml", "<orders>"
	    O("O9", "9000000002", "2025-10-12T12:00:00", "S1", "1")
	    "</orders>");
	expect_refusal(export_approve(db, id, "bob", PW_BOB, T0 + 60, &cause),
	    &cause, "data changed");
	ck_assert_int_eq(audit_count("export.refused", "reason=data changed"),
	    1);
	st = status_of(id);
	ck_assert_str_eq(st, "refused");
	free(st);

	/* After the approval, before the write. */
	id = approved(T0);
	load(IMPORT_ORDERS, "o3.xml", "<orders>"
	    O("O8", "9000000002", "2025-10-12T13:00:00", "S1", "1")
	    "</orders>");
	expect_refusal(export_write(db, id, out, 0, T0 + 120, &res, &cause),
	    &cause, "data changed");
	ck_assert_int_eq(audit_count("export.refused", "reason=data changed"),
	    2);
	ck_assert_int_eq(access(out, F_OK), -1);
	free(out);
}
END_TEST

START_TEST(test_no_approval)
{
	struct export_result res;
	char *cause = NULL, *out = xasprintf("%s/r.xlsx", dir);
	int64_t id = request("ana", T0);

	expect_refusal(export_write(db, id, out, 0, T0 + 60, &res, &cause),
	    &cause, "approval first");
	ck_assert_int_eq(audit_count("export.refused", "reason=state"), 1);
	ck_assert_int_eq(access(out, F_OK), -1);
	/* Another analyst cannot withdraw ana's request. */
	expect_refusal(export_cancel(db, id, "carol", &cause), &cause,
	    "is not an open request of carol");
	ck_assert_int_eq(audit_count("export.cancel", NULL), 0);
	ck_assert_int_eq(export_cancel(db, id, "ana", &cause), 0);
	ck_assert_int_eq(audit_count("export.cancel", NULL), 1);
	expect_refusal(export_approve(db, id, "bob", PW_BOB, T0 + 60, &cause),
	    &cause, "is refused");
	free(out);
}
END_TEST

/*
 * Reject: the same rules as approve (the password, counted against
 * lockout; the approver role; never the requester; pending and unexpired),
 * each refusal audited; once rejected, the request is refused and can be
 * neither approved nor written.
 */
START_TEST(test_reject)
{
	struct export_result res;
	char *cause = NULL, *st, *who = NULL, *out = xasprintf("%s/r.xlsx",
	    dir);
	int64_t id = request("ana", T0), mine = request("dave", T0), n = 0;

	expect_refusal(export_reject(db, id, "carol", PW_CAROL, T0 + 60,
	    &cause), &cause, "carol does not hold the approver role");
	expect_refusal(export_reject(db, mine, "dave", PW_DAVE, T0 + 60,
	    &cause), &cause, "dave requested this export and cannot reject");
	expect_refusal(export_reject(db, id, "bob", "not the password",
	    T0 + 60, &cause), &cause, "rejection refused for bob");
	ck_assert_int_eq(audit_count("export.refused", "reason=not an "
	    "approver"), 1);
	ck_assert_int_eq(audit_count("export.refused", "reason=same person"),
	    1);
	ck_assert_int_eq(audit_count("export.refused", "reason=login"), 1);
	ck_assert_int_eq(db_query_ints(db, "SELECT count FROM login_failures "
	    "WHERE name = 'bob'", 0, 0, &n, NULL, &cause), 0);
	ck_assert_int_eq(n, 1);
	st = status_of(id);
	ck_assert_str_eq(st, "pending");
	free(st);
	ck_assert_int_eq(audit_count("export.reject", NULL), 0);

	ck_assert_int_eq(export_reject(db, id, "bob", PW_BOB, T0 + 70,
	    &cause), 0);
	st = status_of(id);
	ck_assert_str_eq(st, "refused");
	free(st);
	ck_assert_int_eq(audit_count("export.reject", "requested_by=ana"), 1);
	ck_assert_int_eq(export_rejected_by(db, id, &who, &cause), 0);
	ck_assert_str_eq(who, "bob");
	free(who);
	ck_assert_int_eq(export_rejected_by(db, mine, &who, &cause), 0);
	ck_assert_ptr_null(who);
	expect_refusal(export_approve(db, id, "bob", PW_BOB, T0 + 80, &cause),
	    &cause, "is refused");
	expect_refusal(export_reject(db, id, "bob", PW_BOB, T0 + 80, &cause),
	    &cause, "is refused");
	expect_refusal(export_write(db, id, out, 0, T0 + 90, &res, &cause),
	    &cause, "is refused");
	ck_assert_int_eq(access(out, F_OK), -1);

	/* Too late is too late for a rejection too. */
	expect_refusal(export_reject(db, mine, "bob", PW_BOB, T0 + 15 * 60,
	    &cause), &cause, "expired");
	free(out);
}
END_TEST

/* What waits for whom: pending and unexpired, the viewer's own left out. */
START_TEST(test_pending)
{
	struct table *t;
	char *cause = NULL;
	int64_t a = request("ana", T0), d = request("dave", T0 + 10), n = -1;

	ck_assert_int_eq(export_pending(db, NULL, T0 + 20, &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 2);
	ck_assert_int_eq(table_cell(t, 0, 0)->num, a);
	ck_assert_str_eq(table_cell(t, 0, 1)->text, "2025-10-13");
	ck_assert_str_eq(table_cell(t, 0, 2)->text, "ana");
	ck_assert_int_eq(table_cell(t, 1, 0)->num, d);
	table_free(t);
	ck_assert_int_eq(export_pending(db, "dave", T0 + 20, &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 1);
	ck_assert_str_eq(table_cell(t, 0, 2)->text, "ana");
	table_free(t);
	ck_assert_int_eq(export_pending_count(db, "bob", T0 + 20, &n,
	    &cause), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(export_pending_count(db, "ana", T0 + 20, &n,
	    &cause), 0);
	ck_assert_int_eq(n, 1);
	/* Decided or expired: no longer waiting. */
	ck_assert_int_eq(export_approve(db, a, "bob", PW_BOB, T0 + 30,
	    &cause), 0);
	ck_assert_int_eq(export_pending_count(db, "bob", T0 + 30, &n,
	    &cause), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(export_pending_count(db, "bob", T0 + 10 + 15 * 60,
	    &n, &cause), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

/* Only the requester writes what was approved for them. */
START_TEST(test_write_as)
{
	struct export_result res;
	char *cause = NULL, *out = xasprintf("%s/r.xlsx", dir), *st;
	int64_t id = approved(T0);

	expect_refusal(export_write_as(db, id, "carol", out, 0, T0 + 120,
	    &res, &cause), &cause, "only they may write it");
	ck_assert_int_eq(audit_count("export.refused",
	    "reason=not the requester"), 1);
	ck_assert_int_eq(access(out, F_OK), -1);
	st = status_of(id);
	ck_assert_str_eq(st, "approved");
	free(st);
	ck_assert_int_eq(export_write_as(db, id, "ana", out, 0, T0 + 120,
	    &res, &cause), 0);
	ck_assert_int_eq(access(out, F_OK), 0);
	export_result_free(&res);
	free(out);
}
END_TEST

/*
 * Roles current: each step reads its actor's roles again when it acts, so
 * a role taken away or an account disabled after the request holds.
 */
START_TEST(test_roles_current)
{
	struct export_summary s;
	struct export_result res;
	char *cause = NULL, *out = xasprintf("%s/r.xlsx", dir);
	int64_t id = request("ana", T0);

	/* bob is no approver any more: refused. */
	ck_assert_int_eq(users_set_roles(db, "os:test", "bob", ROLE_ANALYST,
	    &cause), 0);
	expect_refusal(export_approve(db, id, "bob", PW_BOB, T0 + 60, &cause),
	    &cause, "approver role");
	ck_assert_int_eq(users_set_roles(db, "os:test", "bob", ROLE_APPROVER,
	    &cause), 0);
	ck_assert_int_eq(export_approve(db, id, "bob", PW_BOB, T0 + 60,
	    &cause), 0);
	/* ana is an auditor now: she can neither write nor cancel. */
	ck_assert_int_eq(users_set_roles(db, "os:test", "ana", ROLE_AUDITOR,
	    &cause), 0);
	expect_refusal(export_write(db, id, out, 0, T0 + 120, &res, &cause),
	    &cause, "ana no longer holds the analyst role");
	ck_assert_int_eq(access(out, F_OK), -1);
	expect_refusal(export_cancel(db, id, "ana", &cause), &cause,
	    "ana no longer holds the analyst role");
	ck_assert_str_eq((cause = status_of(id)), "approved");
	free(cause);
	cause = NULL;
	ck_assert_int_eq(audit_count("export.write", NULL), 0);
	/* Disabled, with the role back: refused, and no new request. */
	ck_assert_int_eq(users_set_roles(db, "os:test", "ana", ROLE_ANALYST,
	    &cause), 0);
	ck_assert_int_eq(users_set_disabled(db, "os:test", "ana", 1, &cause),
	    0);
	expect_refusal(export_request(db, "ana", EXPORT_AS_OF_DEFAULT, T0, &s,
	    &cause), &cause, "ana is disabled");
	expect_refusal(export_write(db, id, out, 0, T0 + 120, &res, &cause),
	    &cause, "ana is disabled");
	ck_assert_int_eq(audit_count("export.request", NULL), 1);
	ck_assert_int_eq(access(out, F_OK), -1);
	/* Enabled again, the approved request is written. */
	ck_assert_int_eq(users_set_disabled(db, "os:test", "ana", 0, &cause),
	    0);
	ck_assert_int_eq(export_write(db, id, out, 0, T0 + 120, &res, &cause),
	    0);
	export_result_free(&res);
	free(out);
}
END_TEST

START_TEST(test_symlink)
{
	struct export_result res;
	char *cause = NULL, *out = xasprintf("%s/r.xlsx", dir);
	char *victim = xasprintf("%s/victim", dir), buf[16];
	int64_t id = approved(T0);
	FILE *f;

	testutil_write(victim, "keep", 4, 0600);
	ck_assert_int_eq(symlink(victim, out), 0);
	expect_refusal(export_write(db, id, out, 1, T0 + 120, &res, &cause),
	    &cause, "symbolic link");
	ck_assert_int_eq(audit_count("export.refused", "reason=output path"),
	    1);
	f = fopen(victim, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(buf, 1, sizeof buf, f), 4);
	fclose(f);
	ck_assert_int_eq(memcmp(buf, "keep", 4), 0);
	free(victim);
	free(out);
}
END_TEST

START_TEST(test_overwrite)
{
	struct export_result res;
	char *cause = NULL, *out = xasprintf("%s/r.xlsx", dir);
	struct stat sb;
	int64_t id = approved(T0);

	testutil_write(out, "old", 3, 0644);
	expect_refusal(export_write(db, id, out, 0, T0 + 120, &res, &cause),
	    &cause, "exists");
	ck_assert_int_eq(res.exists, 1);
	ck_assert_int_eq(stat(out, &sb), 0);
	ck_assert_int_eq(sb.st_size, 3);
	ck_assert_int_eq(export_write(db, id, out, 1, T0 + 130, &res, &cause),
	    0);
	ck_assert_int_eq(stat(out, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_gt(sb.st_size, 1000);
	export_result_free(&res);
	free(out);
}
END_TEST


static Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("four-eyes");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_request_summary);
	tcase_add_test(tc, test_happy_path);
	tcase_add_test(tc, test_default_path);
	tcase_add_test(tc, test_wrong_password);
	tcase_add_test(tc, test_same_person);
	tcase_add_test(tc, test_not_approver);
	tcase_add_test(tc, test_expired);
	tcase_add_test(tc, test_data_changed);
	tcase_add_test(tc, test_no_approval);
	tcase_add_test(tc, test_reject);
	tcase_add_test(tc, test_pending);
	tcase_add_test(tc, test_write_as);
	tcase_add_test(tc, test_roles_current);
	tcase_add_test(tc, test_symlink);
	tcase_add_test(tc, test_overwrite);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(export_suite());
}
