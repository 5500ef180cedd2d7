/* Unit tests: the four-eyes export, and the history views over it (stored
 * KPI tables, a day's exports, monthly aggregates from the snapshots). Each refusal (wrong approver password,
 * the requester approving, an approver without the role, an expired
 * request, data changed before or after the approval, a write without an
 * approval, a symbolic link, an existing file) is refused and audited;
 * a rejection follows the approval's rules and closes the request; the
 * pending list leaves out the viewer's own and the expired; only the
 * requester writes; the
 * workbook is 0600, recorded with its SHA-256, rebuilt to the same bytes;
 * long sheets continue on NAME_2 with a small injected row limit; text that
 * looks like a formula stays a string. */
#include <time.h>
#include <utime.h>

#include <sqlite3.h>
#include <minizip/unzip.h>

#include "testutil.h"

#include "audit.h"
#include "db.h"
#include "export.h"
#include "hash.h"
#include "history.h"
#include "import.h"
#include "kpi.h"
#include "snapshot.h"
#include "users.h"
#include "xlsx.h"
#include "table.h"
#include "xmem.h"

#define PW_ANA		"analyst password 1"
#define PW_BOB		"approver password 1"
#define PW_CAROL	"analyst password 2"
#define PW_DAVE		"both roles password"
#define T0		1760000000	/* a fixed "now" */

static char *dir;
static struct db *db;

static void
load(enum import_kind kind, const char *name, const char *text)
{
	testutil_load(db, dir, "ana", kind, name, text, NULL);
}

static void
setup(void)
{
	char *cause = NULL;

	dir = testutil_tmpdir();
	db = testutil_db_open(dir);
	ck_assert_int_eq(db_setting_set(db, "login_delay_ms", "0", &cause), 0);
	testutil_user_pw(db, "ana", ROLE_ANALYST, PW_ANA);
	testutil_user_pw(db, "bob", ROLE_APPROVER, PW_BOB);
	testutil_user_pw(db, "carol", ROLE_ANALYST, PW_CAROL);
	testutil_user_pw(db, "dave", ROLE_ANALYST | ROLE_APPROVER, PW_DAVE);
	load(IMPORT_CUSTOMERS, "c.csv",
	    "customer_id,customer_name,mobile_number,region\n"
	    "C1,=1+2,9000000001,north\n"
	    "C2,Bala,9000000002,South\n"
	    "C3,@Chitra,9000000003,South\n");
	load(IMPORT_ORDERS, "o.xml", "<orders>"
	    O("O1", "9000000001", "2025-10-10T10:00:00", "S1", "100.50")
	    O("O1", "9000000001", "2025-10-10T10:00:00", "S2", "20")
	    O("O2", "9000000002", "2025-10-11T09:00:00", "S1", "5")
	    O("O3", "9000000001", "2025-10-12T09:00:00", "S1", "7.25")
	    O("O4", "9000000003", "2025-10-12T23:00:00", "S3", "1")
	    O("O5", "9111111111", "2025-10-12T11:00:00", "S1", "3")
	    "</orders>");
}

static void
teardown(void)
{
	xlsx_set_max_rows_for_tests(0);
	testutil_db_close(db, dir);
}

/* Entries of action whose details contain needle (NULL: any). */
static int
audit_count(const char *action, const char *needle)
{
	sqlite3_stmt *st;
	int n = 0;

	ck_assert_int_eq(sqlite3_prepare_v2(db->h, "SELECT count(*) FROM "
	    "audit_log WHERE action = ?1 AND (?2 IS NULL OR instr(details, ?2) "
	    "> 0)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	if (needle != NULL)
		sqlite3_bind_text(st, 2, needle, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static char *
status_of(int64_t id)
{
	struct export_summary s;
	char *cause = NULL, *st;

	if (export_load(db, id, &s, &cause) != 0)
		ck_abort_msg("export_load: %s", cause);
	st = xstrdup(s.status);
	export_summary_free(&s);
	return st;
}

static int64_t
request(const char *who, int64_t now)
{
	struct export_summary s;
	char *cause = NULL;
	int64_t id;

	if (export_request(db, who, EXPORT_AS_OF_DEFAULT, now, &s,
	    &cause) != 0)
		ck_abort_msg("export_request: %s", cause);
	id = s.id;
	export_summary_free(&s);
	return id;
}

static int64_t
approved(int64_t now)
{
	int64_t id = request("ana", now);
	char *cause = NULL;

	if (export_approve(db, id, "bob", PW_BOB, now + 60, &cause) != 0)
		ck_abort_msg("export_approve: %s", cause);
	return id;
}

static void
expect_refusal(int rc, char **cause, const char *words)
{
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(*cause);
	if (strstr(*cause, words) == NULL)
		ck_abort_msg("'%s' does not say '%s'", *cause, words);
	free(*cause);
	*cause = NULL;
}

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

/* Request, approve and write an export of the default day to name. */
static void
export_to(const char *name, int64_t now, struct export_result *res)
{
	char *cause = NULL, *out = xasprintf("%s/%s", dir, name);
	int64_t id = approved(now);

	if (export_write(db, id, out, 0, now + 120, res, &cause) != 0)
		ck_abort_msg("export_write: %s", cause);
	free(out);
}

/* Rebuild export id: 0 and *same, or the abort. *why is freed. */
static int
rebuilt_same(int64_t id, const char *why_words)
{
	struct export_result res;
	char *cause = NULL, *why = NULL;
	int same = -1;

	if (export_rebuild(db, id, NULL, &res, &same, &why, &cause) != 0)
		ck_abort_msg("export_rebuild: %s", cause);
	if (why_words != NULL && (why == NULL || strstr(why, why_words) ==
	    NULL))
		ck_abort_msg("rebuild reason '%s' does not say '%s'",
		    why != NULL ? why : "(none)", why_words);
	free(why);
	export_result_free(&res);
	return same;
}

START_TEST(test_same_bytes)
{
	struct export_result first, second, copy;
	char *cause = NULL, *why = NULL, *out;
	struct stat sb;
	int same = 0;

	/* Two requests, approvals and writes at different times: the
	 * workbook shows the snapshot, not the clock, so the bytes match. */
	export_to("first.xlsx", T0, &first);
	export_to("second.xlsx", T0 + 3600, &second);
	ck_assert_str_eq(first.sha256, second.sha256);
	ck_assert_int_eq(first.bytes, second.bytes);
	ck_assert_int_eq(rebuilt_same(first.export_id, NULL), 1);

	/* A later day's orders leave the day's snapshot alone: a re-export
	 * of the past day is still the original, byte for byte, also when
	 * written to a file. */
	load(IMPORT_ORDERS, "o2.xml", "<orders>"
	    O("O9", "9000000002", "2025-10-14T12:00:00", "S1", "1")
	    "</orders>");
	ck_assert_int_eq(rebuilt_same(first.export_id, NULL), 1);
	out = xasprintf("%s/copy.xlsx", dir);
	ck_assert_int_eq(export_rebuild(db, first.export_id, out, &copy,
	    &same, &why, &cause), 0);
	ck_assert_int_eq(same, 1);
	ck_assert_ptr_null(why);
	ck_assert_str_eq(copy.sha256, first.sha256);
	ck_assert_int_eq(stat(out, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	export_result_free(&copy);
	/* Never over an existing file. */
	expect_refusal(export_rebuild(db, first.export_id, out, &copy, &same,
	    &why, &cause), &cause, "exists");
	free(out);

	/* The day's snapshot retaken over new lines of that day: the rebuild
	 * differs and says why. */
	load(IMPORT_ORDERS, "o3.xml", "<orders>"
	    O("O8", "9000000002", "2025-10-12T12:00:00", "S1", "1")
	    "</orders>");
	ck_assert_int_eq(snapshot_take(db, "os:test", 20374, NULL, &cause),
	    0);
	ck_assert_int_eq(rebuilt_same(first.export_id, "retaken"), 0);
	export_result_free(&first);
	export_result_free(&second);
}
END_TEST

/* The text of entry name in the zip at path (caller frees), or NULL. */
static char *
zip_entry(const char *path, const char *name)
{
	unz_file_info info;
	unzFile z = unzOpen(path);
	char *buf;
	int n;

	ck_assert_ptr_nonnull(z);
	if (unzLocateFile(z, name, 1) != UNZ_OK) {
		unzClose(z);
		return NULL;
	}
	ck_assert_int_eq(unzGetCurrentFileInfo(z, &info, NULL, 0, NULL, 0,
	    NULL, 0), UNZ_OK);
	buf = xmalloc(info.uncompressed_size + 1);
	ck_assert_int_eq(unzOpenCurrentFile(z), UNZ_OK);
	n = unzReadCurrentFile(z, buf, (unsigned)info.uncompressed_size);
	ck_assert_int_eq(n, (int)info.uncompressed_size);
	buf[n] = '\0';
	unzCloseCurrentFile(z);
	unzClose(z);
	return buf;
}

START_TEST(test_continuation)
{
	struct export_result res;
	char *cause = NULL, *out = xasprintf("%s/r.xlsx", dir), *wb;
	int64_t id = approved(T0);

	/* A header and two rows per sheet: Customers (3) needs two sheets,
	 * KPI_Daily_Trend (3 days) too. */
	xlsx_set_max_rows_for_tests(3);
	ck_assert_int_eq(export_write(db, id, out, 0, T0 + 120, &res, &cause),
	    0);
	wb = zip_entry(out, "xl/workbook.xml");
	ck_assert_ptr_nonnull(wb);
	ck_assert_ptr_nonnull(strstr(wb, "name=\"Customers\""));
	ck_assert_ptr_nonnull(strstr(wb, "name=\"Customers_2\""));
	ck_assert_ptr_null(strstr(wb, "name=\"Customers_3\""));
	ck_assert_ptr_nonnull(strstr(wb, "name=\"KPI_Daily_Trend_2\""));
	ck_assert_ptr_nonnull(strstr(wb, "name=\"Current_Day_Orders_2\""));
	ck_assert_ptr_null(strstr(wb, "name=\"Previous_Day_Orders_2\""));
	free(wb);
	export_result_free(&res);
	free(out);
}
END_TEST

START_TEST(test_xlsx_text_and_limit)
{
	static const struct xlsx_col cols[] = { { "a", 0 }, { "b", 0 } };
	char *cause = NULL, *path = xasprintf("%s/t.xlsx", dir), *xml;
	struct xlsx_sheet *s;
	struct xlsx *x;
	int i;

	xlsx_set_max_rows_for_tests(3);
	testutil_write(path, "", 0, 0600);
	x = xlsx_create(path, dir, 0, "t", &cause);
	ck_assert_ptr_nonnull(x);
	s = xlsx_sheet_add(x, "Data", cols, 2, 1);
	for (i = 0; i < 5; i++) {
		xlsx_row(s);
		xlsx_text(s, 0, i == 0 ? "=1+2" : i == 1 ? "+CMD|' /C calc'!A0" :
		    i == 2 ? "-3" : "@SUM(A1)");
		xlsx_money(s, 1, 12345);
	}
	ck_assert_int_eq(xlsx_sheet_rows(s), 5);
	ck_assert_int_eq(xlsx_close(x, &cause), 0);
	xml = zip_entry(path, "xl/workbook.xml");
	ck_assert_ptr_nonnull(strstr(xml, "name=\"Data_3\""));
	free(xml);
	xml = zip_entry(path, "xl/worksheets/sheet1.xml");
	ck_assert_ptr_nonnull(xml);
	ck_assert_ptr_null(strstr(xml, "<f>"));
	ck_assert_ptr_nonnull(strstr(xml, "t=\"inlineStr\""));
	ck_assert_ptr_nonnull(strstr(xml, "=1+2"));
	ck_assert_ptr_nonnull(strstr(xml, "<v>123.45</v>"));
	free(xml);
	free(path);
}
END_TEST

/* Folders that killed exports left behind are swept when old enough. */
START_TEST(test_sweep_stale)
{
	struct export_result res;
	struct utimbuf old = { time(NULL) - 7200, time(NULL) - 7200 };
	char *stale = xasprintf("%s/.kpidesk-export-old", dir);
	char *fresh = xasprintf("%s/.kpidesk-export-new", dir);
	char *file = xasprintf("%s/.kpidesk-export-file", dir);
	char *inside = xasprintf("%s/report.xlsx", stale);
	struct stat sb;

	ck_assert_int_eq(mkdir(stale, 0700), 0);
	ck_assert_int_eq(mkdir(fresh, 0700), 0);
	testutil_write(inside, "half", 4, 0600);
	testutil_write(file, "keep", 4, 0600);
	ck_assert_int_eq(utime(stale, &old), 0);
	ck_assert_int_eq(utime(file, &old), 0);
	export_to("swept.xlsx", T0, &res);
	ck_assert_int_eq(stat(stale, &sb), -1);
	ck_assert_int_eq(stat(fresh, &sb), 0);
	ck_assert_int_eq(stat(file, &sb), 0);
	export_result_free(&res);
	free(stale);
	free(fresh);
	free(file);
	free(inside);
}
END_TEST

/* Each stored KPI, read back as a table, is the live KPI's contract
 * columns: the same names, types and cells. */
START_TEST(test_history_kpi_table)
{
	struct kpi_params p = { 20374, KPI_ALL, -1 };	/* 2025-10-13 */
	struct table *live, *stored;
	char *cause = NULL;
	size_t k, r, c, sc;

	for (k = 0; k < kpi_count(); k++) {
		ck_assert_int_eq(kpi_run(db, kpi_at(k), &p, &live, &cause), 0);
		ck_assert_int_eq(history_kpi_table(db, "2025-10-13",
		    kpi_at(k)->name, SIZE_MAX, &stored, &cause), 0);
		ck_assert_uint_eq(stored->nrows, live->nrows);
		ck_assert_uint_gt(stored->nrows, 0);
		for (c = 0, sc = 0; c < live->ncols; c++) {
			if (live->cols[c].extra)
				continue;
			ck_assert_uint_lt(sc, stored->ncols);
			ck_assert_str_eq(stored->cols[sc].name,
			    live->cols[c].name);
			ck_assert_int_eq(stored->cols[sc].type,
			    live->cols[c].type);
			for (r = 0; r < live->nrows; r++) {
				if (live->cols[c].type == TABLE_TEXT)
					ck_assert_str_eq(table_cell(stored, r,
					    sc)->text, table_cell(live, r,
					    c)->text);
				else
					ck_assert_int_eq(table_cell(stored, r,
					    sc)->num, table_cell(live, r,
					    c)->num);
			}
			sc++;
		}
		ck_assert_uint_eq(sc, stored->ncols);
		table_free(live);
		table_free(stored);
	}
	/* A cap keeps the first rows. */
	ck_assert_int_eq(history_kpi_table(db, "2025-10-13", "daily-trend", 2,
	    &stored, &cause), 0);
	ck_assert_uint_eq(stored->nrows, 2);
	ck_assert_str_eq(table_cell(stored, 0, 0)->text, "2025-10-10");
	table_free(stored);
	expect_refusal(history_kpi_table(db, "2025-10-01", "daily-trend",
	    SIZE_MAX, &stored, &cause), &cause, "2025-10-01");
}
END_TEST

START_TEST(test_history_exports)
{
	struct export_result a, b;
	struct table *t;
	char *cause = NULL;

	export_to("a.xlsx", T0, &a);
	export_to("b.xlsx", T0 + 600, &b);
	ck_assert_int_eq(history_exports(db, "2025-10-13", &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 2);
	ck_assert_int_eq(table_cell(t, 0, 0)->num, a.export_id);
	ck_assert_str_eq(table_cell(t, 0, 1)->text, "a.xlsx");
	ck_assert_str_eq(table_cell(t, 0, 2)->text, a.sha256);
	ck_assert_int_eq(table_cell(t, 0, 3)->num, a.bytes);
	ck_assert_str_eq(table_cell(t, 0, 4)->text, "ana");
	ck_assert_str_eq(table_cell(t, 0, 5)->text, "bob");
	ck_assert_int_eq(table_cell(t, 1, 0)->num, b.export_id);
	ck_assert_str_eq(table_cell(t, 1, 1)->text, "b.xlsx");
	ck_assert_str_eq(table_cell(t, 1, 7)->text, b.path);
	table_free(t);
	ck_assert_int_eq(history_exports(db, "2025-10-12", &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 0);
	table_free(t);
	export_result_free(&a);
	export_result_free(&b);
}
END_TEST

/* Row r of history_months: month, status, through, snapshot, figures. */
static void
expect_month(const struct table *t, size_t r, const char *month,
    const char *status, const char *through, const char *snap,
    int64_t orders, int64_t revenue)
{
	ck_assert_uint_lt(r, t->nrows);
	ck_assert_str_eq(table_cell(t, r, 0)->text, month);
	ck_assert_str_eq(table_cell(t, r, 1)->text, status);
	ck_assert_str_eq(table_cell(t, r, 2)->text, through);
	ck_assert_str_eq(table_cell(t, r, 3)->text, snap);
	ck_assert_int_eq(table_cell(t, r, 4)->num, orders);
	ck_assert_int_eq(table_cell(t, r, 5)->num, revenue);
}

START_TEST(test_history_months)
{
	struct table *t;
	char *cause = NULL;

	/* One snapshot (as of 2025-10-13): October to date. */
	ck_assert_int_eq(history_months(db, &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 1);
	expect_month(t, 0, "2025-10", "to date", "2025-10-12", "2025-10-13",
	    5, 13675);
	table_free(t);

	/* November's first orders: October is closed by the first snapshot
	 * past it, November to date; a late October line taken into that
	 * snapshot counts for October there. */
	load(IMPORT_ORDERS, "nov.xml", "<orders>"
	    O("N1", "9000000002", "2025-11-02T12:00:00", "S1", "10")
	    O("L1", "9000000003", "2025-10-31T12:00:00", "S1", "1")
	    "</orders>");
	ck_assert_int_eq(history_months(db, &t, &cause), 0);
	ck_assert_uint_eq(t->nrows, 2);
	expect_month(t, 0, "2025-10", "closed", "2025-10-31", "2025-11-03",
	    6, 13775);
	expect_month(t, 1, "2025-11", "to date", "2025-11-02", "2025-11-03",
	    1, 1000);
	table_free(t);

	/* A snapshot on the 1st of a month holds all of the month before. */
	ck_assert_int_eq(snapshot_take(db, "os:test", 20393, NULL, &cause),
	    0);	/* 2025-11-01 */
	ck_assert_int_eq(history_months(db, &t, &cause), 0);
	expect_month(t, 0, "2025-10", "closed", "2025-10-31", "2025-11-01",
	    6, 13775);
	table_free(t);
}
END_TEST

static Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("export");

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
	tcase_add_test(tc, test_roles_current);
	tcase_add_test(tc, test_reject);
	tcase_add_test(tc, test_pending);
	tcase_add_test(tc, test_write_as);
	tcase_add_test(tc, test_symlink);
	tcase_add_test(tc, test_overwrite);
	tcase_add_test(tc, test_same_bytes);
	tcase_add_test(tc, test_sweep_stale);
	tcase_add_test(tc, test_continuation);
	tcase_add_test(tc, test_xlsx_text_and_limit);
	suite_add_tcase(s, tc);

	/* What auditors read: stored KPIs, the exports of a day, months. */
	tc = tcase_create("history");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_history_kpi_table);
	tcase_add_test(tc, test_history_exports);
	tcase_add_test(tc, test_history_months);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(export_suite());
}
