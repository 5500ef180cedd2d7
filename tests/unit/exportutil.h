/*
 * exportutil: the fixture the export and history unit tests share
 * (check_export.c, check_export_book.c, check_history.c): the database of
 * testutil.h with analysts ana and carol, approver bob, dave with both
 * roles, three customers (two whose names look like formulas) and five
 * orders over three days; request, approve and write helpers; audit
 * counts. Static inline, as in testutil.h.
 */
#ifndef KP_EXPORTUTIL_H
#define KP_EXPORTUTIL_H

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

static inline void
load(enum import_kind kind, const char *name, const char *text)
{
	testutil_load(db, dir, "ana", kind, name, text, NULL);
}

static inline void
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

static inline void
teardown(void)
{
	xlsx_set_max_rows_for_tests(0);
	testutil_db_close(db, dir);
}

/* Entries of action whose details contain needle (NULL: any). */
static inline int
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

static inline char *
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

static inline int64_t
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

static inline int64_t
approved(int64_t now)
{
	int64_t id = request("ana", now);
	char *cause = NULL;

	if (export_approve(db, id, "bob", PW_BOB, now + 60, &cause) != 0)
		ck_abort_msg("export_approve: %s", cause);
	return id;
}

static inline void
expect_refusal(int rc, char **cause, const char *words)
{
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(*cause);
	if (strstr(*cause, words) == NULL)
		ck_abort_msg("'%s' does not say '%s'", *cause, words);
	free(*cause);
	*cause = NULL;
}

/* Request, approve and write an export of the default day to name. */
static inline void
export_to(const char *name, int64_t now, struct export_result *res)
{
	char *cause = NULL, *out = xasprintf("%s/%s", dir, name);
	int64_t id = approved(now);

	if (export_write(db, id, out, 0, now + 120, res, &cause) != 0)
		ck_abort_msg("export_write: %s", cause);
	free(out);
}

/* Rebuild export id: 0 and *same, or the abort. *why is freed. */
static inline int
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


#endif
