/* Unit tests (import, import_customers, import_orders, checks, rejects, totals): import of customers (CSV) and orders (XML, SQL source) through
 * the rules into the database: counts, row issues, duplicates and conflicts,
 * customer versions, reject threshold, cancel, pending/accept/discard,
 * rejects CSV, the stored check report. */
#include <sys/stat.h>

#include <sqlite3.h>

#include "importutil.h"

#include "checks.h"
#include "db.h"
#include "import.h"
#include "proof.h"
#include "rejects.h"
#include "strbuf.h"
#include "totals.h"
#include "users.h"
#include "xmem.h"

static int
import(enum import_kind kind, const char *path, int accept,
    struct import_result *res, char **cause)
{
	struct import_opts o;

	memset(&o, 0, sizeof o);
	o.kind = kind;
	o.path = path;
	o.actor = "ana";
	o.accept_rejects = accept;
	return import_run(db, &o, res, cause);
}

#define CUSTOMERS_CSV \
	"customer_id,customer_name,mobile_number,region\n" \
	"CUST-0001,Aarav Mehta,9123456781,West\n" \
	"CUST-0002,  Diya Rao ,+91 98765 43210, north \n" \
	"\n" \
	"CUST-0003,Kabir Singh,12345,East\n" \
	"CUST-0001,Again Aarav,9000000001,West\n" \
	"CUST-0004,Same Mobile,09123456781,South\n" \
	"CUST-0005,No Region,9988776655,\n" \
	"CUST-0006,Extra,9988776656,East,surplus\n" \
	",No Id,9988776657,East\n"

START_TEST(test_customers_csv)
{
	struct import_result res;
	char *p = file("c.csv", CUSTOMERS_CSV), *cause = NULL;

	/* 8 rows, 5 rejected: far over 5%, so accept explicitly. */
	ck_assert_int_eq(import(IMPORT_CUSTOMERS, p, 1, &res, &cause), 0);
	ck_assert_int_eq(res.read, 8);
	ck_assert_int_eq(res.loaded, 3);
	ck_assert_int_eq(res.rejected, 5);
	ck_assert_int_eq(res.duplicates, 0);
	ck_assert_int_eq(res.loaded + res.rejected + res.duplicates, res.read);
	ck_assert_int_eq(reason(&res, "mobile_invalid"), 1);
	ck_assert_int_eq(reason(&res, "customer_id_duplicate"), 1);
	ck_assert_int_eq(reason(&res, "mobile_duplicate"), 1);
	ck_assert_int_eq(reason(&res, "field_count"), 1);
	ck_assert_int_eq(reason(&res, "customer_id_empty"), 1);
	ck_assert_int_eq(res.warnings, 1);	/* the empty region */
	ck_assert_int_eq(q("SELECT count(*) FROM customers "
	    "WHERE to_batch IS NULL"), 3);
	/* Trimmed name, normalized mobile, title-cased region. */
	ck_assert_int_eq(q("SELECT count(*) FROM customers WHERE "
	    "customer_id = 'CUST-0002' AND customer_name = 'Diya Rao' AND "
	    "mobile = '9876543210' AND region = 'North'"), 1);
	ck_assert_int_eq(q("SELECT count(*) FROM customers WHERE "
	    "customer_id = 'CUST-0005' AND region = '(unknown)'"), 1);
	/* Line numbers count physical lines, blank ones included. */
	ck_assert_int_eq(q("SELECT line FROM row_issues "
	    "WHERE reason = 'mobile_invalid'"), 5);
	ck_assert_int_eq(q("SELECT count(*) FROM batches WHERE status = "
	    "'committed' AND over_threshold_accepted = 1"), 1);
	ck_assert_int_eq(q("SELECT count(*) FROM audit_log WHERE "
	    "action = 'import.customers' AND actor = 'ana'"), 1);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_threshold_refuses)
{
	struct import_result res;
	char *p = file("c.csv", CUSTOMERS_CSV), *cause = NULL;

	ck_assert_int_eq(import(IMPORT_CUSTOMERS, p, 0, &res, &cause), -1);
	ck_assert_int_eq(res.over_threshold, 1);
	ck_assert_ptr_nonnull(strstr(cause, "over the 5% limit"));
	ck_assert_ptr_nonnull(strstr(cause, "--accept-rejects"));
	/* Nothing loaded; the batch stays as evidence with its counts and
	 * checks, not its rows' issues. */
	ck_assert_int_eq(q("SELECT count(*) FROM customers"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM batches "
	    "WHERE status = 'discarded'"), 1);
	ck_assert_int_eq(q("SELECT sum(count) FROM batch_reasons "
	    "WHERE kind = 'rejected'"), 5);
	ck_assert_int_eq(q("SELECT count(*) FROM row_issues"), 0);
	ck_assert_int_eq(q("SELECT count FROM checks WHERE name = "
	    "'mobile numbers are valid'"), 1);
	free(cause);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_header_normalized_and_missing)
{
	struct import_result res;
	char *cause = NULL;
	char *p = file("n.csv", "\xef\xbb\xbf Customer ID;Customer Name; "
	    "MOBILE_NUMBER ;Region;Notes\nC1;Anna;9123456789;west;x\n");
	char *bad = file("m.csv", "customer_id,name,mobile_number,region\n"
	    "C1,Anna,9123456789,West\n");

	ck_assert_int_eq(import(IMPORT_CUSTOMERS, p, 0, &res, &cause), 0);
	ck_assert_int_eq(res.loaded, 1);
	ck_assert_int_eq(q("SELECT count(*) FROM checks WHERE name = "
	    "'no unknown columns' AND status = 'WARN' AND detail = 'notes'"), 1);
	import_result_free(&res);
	ck_assert_int_eq(import(IMPORT_CUSTOMERS, bad, 0, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "customer_name"));
	ck_assert_ptr_nonnull(strstr(cause, "name"));
	ck_assert_int_eq(q("SELECT count(*) FROM batches"), 1);
	free(cause);
	import_result_free(&res);
	free(p);
	free(bad);
}
END_TEST

START_TEST(test_customer_versions)
{
	struct import_result res;
	char *cause = NULL;
	char *v1 = file("v1.csv", "customer_id,customer_name,mobile_number,"
	    "region\nC1,Anna,9123456789,West\nC2,Bala,9123456788,East\n"
	    "C3,Chitra,9123456787,North\n");
	char *v2 = file("v2.csv", "customer_id,customer_name,mobile_number,"
	    "region\nC1,Anna,9123456789,West\nC2,Bala K,9123456788,East\n"
	    "C4,Dev,9123456786,South\n");

	ck_assert_int_eq(import(IMPORT_CUSTOMERS, v1, 0, &res, &cause), 0);
	import_result_free(&res);
	ck_assert_int_eq(import(IMPORT_CUSTOMERS, v2, 0, &res, &cause), 0);
	ck_assert_int_eq(res.loaded, 3);
	import_result_free(&res);
	/* Current: C1 (unchanged), C2 (new name), C4; C3 dropped. */
	ck_assert_int_eq(q("SELECT count(*) FROM customers "
	    "WHERE to_batch IS NULL"), 3);
	ck_assert_int_eq(q("SELECT count(*) FROM customers WHERE "
	    "customer_id = 'C2' AND to_batch IS NULL AND "
	    "customer_name = 'Bala K'"), 1);
	/* The first master stays reproducible: as of batch 1, 3 rows. */
	ck_assert_int_eq(q("SELECT count(*) FROM customers WHERE "
	    "from_batch <= 1 AND (to_batch IS NULL OR to_batch > 1)"), 3);
	ck_assert_int_eq(q("SELECT count(*) FROM customers WHERE "
	    "customer_id = 'C3' AND to_batch = 2"), 1);
	free(v1);
	free(v2);
}
END_TEST

START_TEST(test_header_only_customers_refused)
{
	struct import_result res;
	char *cause = NULL;
	char *p = file("h.csv", "customer_id,customer_name,mobile_number,"
	    "region\n");

	ck_assert_int_eq(import(IMPORT_CUSTOMERS, p, 0, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no data rows"));
	ck_assert_int_eq(q("SELECT count(*) FROM batches"), 0);
	free(cause);
	import_result_free(&res);
	free(p);
}
END_TEST


static const char orders_xml[] =
	"<?xml version=\"1.0\"?>\n<orders>\n"
	ORDER("O1", "9123456781", "2025-10-12T09:15:32", "S1", "2", "7450")
	ORDER("O1", "9123456781", "2025-10-12T09:15:32", "S2", "1", "199.50")
	ORDER("O2", "+91 91234 56781", "2025-10-12T20:00:00Z", "S1", "1", "10")
	ORDER("O3", "9000000000", "2025-10-11 23:59:59+05:30", "S9", "3", "0")
	ORDER("O1", "9123456781", "2025-10-12T09:15:32", "S2", "1", "199.5")
	ORDER("O1", "9123456781", "2025-10-12T09:15:32", "S1", "2", "7451")
	ORDER("O4", "9123456781", "2025-13-01T00:00:00", "S1", "1", "1")
	ORDER("O5", "9123456781", "2025-10-10T00:00:00", "S1", "0", "1")
	ORDER("O6", "9123456781", "2025-10-10T00:00:00", "S1", "1", "1.234")
	"<order><order_id>O7</order_id><sku_id>S1</sku_id></order>\n"
	"</orders>\n";

START_TEST(test_orders_xml)
{
	struct import_result res;
	char *p = file("o.xml", orders_xml), *cause = NULL;

	ck_assert_int_eq(import(IMPORT_ORDERS, p, 1, &res, &cause), 0);
	ck_assert_int_eq(res.read, 10);
	ck_assert_int_eq(res.loaded, 4);
	ck_assert_int_eq(res.duplicates, 1);	/* 199.5 == 199.50 */
	ck_assert_int_eq(res.rejected, 5);
	ck_assert_int_eq(reason(&res, "conflicting_line"), 1);
	ck_assert_int_eq(reason(&res, "date_invalid"), 1);
	ck_assert_int_eq(reason(&res, "sku_count_invalid"), 1);
	ck_assert_int_eq(reason(&res, "amount_invalid"), 1);
	ck_assert_int_eq(reason(&res, "missing_field"), 1);
	/* Money in minor units, exactly. */
	ck_assert_int_eq(q("SELECT sum(amount) FROM order_lines"),
	    745000 + 19950 + 1000 + 0);
	/* 20:00Z is 01:30 on the 13th in Asia/Kolkata. */
	ck_assert_int_eq(q("SELECT day FROM order_lines WHERE order_id = 'O2'"),
	    q("SELECT CAST(julianday('2025-10-13') - julianday('1970-01-01') "
	    "AS INTEGER)"));
	/* +05:30 local 23:59:59 stays on the 11th. */
	ck_assert_int_eq(q("SELECT day FROM order_lines WHERE order_id = 'O3'"),
	    q("SELECT CAST(julianday('2025-10-11') - julianday('1970-01-01') "
	    "AS INTEGER)"));
	ck_assert_int_eq(q("SELECT count(*) FROM order_lines "
	    "WHERE mobile = '9123456781'"), 3);
	/* The unmatched order is kept and flagged by the cross check. */
	ck_assert_int_eq(q("SELECT count FROM checks WHERE name = "
	    "'orders match a customer'"), 4);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_orders_reimport_adds_nothing)
{
	struct import_result res;
	char *cause = NULL;
	char *p = file("o.xml", "<orders>"
	    ORDER("O1", "9123456781", "2025-10-12T09:15:32", "S1", "2", "7450")
	    ORDER("O2", "9123456781", "2025-10-12T09:15:32", "S1", "2", "7450")
	    "</orders>");

	ck_assert_int_eq(import(IMPORT_ORDERS, p, 0, &res, &cause), 0);
	ck_assert_int_eq(res.loaded, 2);
	ck_assert_int_eq(res.repeat_of, 0);
	import_result_free(&res);
	ck_assert_int_eq(import(IMPORT_ORDERS, p, 0, &res, &cause), 0);
	ck_assert_int_eq(res.repeat_of, 1);
	ck_assert_int_eq(res.loaded, 0);
	ck_assert_int_eq(res.duplicates, 2);
	ck_assert_int_eq(q("SELECT count(*) FROM order_lines"), 2);
	ck_assert_int_eq(q("SELECT count(*) FROM checks WHERE batch_id = 2 AND "
	    "name = 'file not loaded before' AND status = 'WARN'"), 1);
	import_result_free(&res);
	free(p);
}
END_TEST

static int
cancel_at_second_call(const struct import_progress *p, void *arg)
{
	int *calls = arg;

	ck_assert_int_gt(p->rows, 0);
	ck_assert_uint_gt(p->bytes, 0);
	return ++*calls >= 2;
}

START_TEST(test_cancel_leaves_nothing)
{
	struct import_opts o;
	struct import_result res;
	char *p = xasprintf("%s/big.xml", dir), *cause = NULL;
	FILE *f = fopen(p, "w");
	int i, calls = 0;

	ck_assert_ptr_nonnull(f);
	fputs("<orders>\n", f);
	for (i = 0; i < 20000; i++)
		fprintf(f, "<order><order_id>O%d</order_id><mobile_number>"
		    "9123456781</mobile_number><order_date_time>2025-10-12T09:"
		    "15:32</order_date_time><sku_id>S</sku_id><sku_count>1"
		    "</sku_count><total_amount>1</total_amount></order>\n", i);
	fputs("</orders>\n", f);
	fclose(f);
	memset(&o, 0, sizeof o);
	o.kind = IMPORT_ORDERS;
	o.path = p;
	o.actor = "ana";
	o.progress = cancel_at_second_call;
	o.progress_arg = &calls;
	ck_assert_int_eq(import_run(db, &o, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "cancelled"));
	ck_assert_int_eq(calls, 2);
	ck_assert_int_eq(q("SELECT count(*) FROM order_lines"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM batches"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM row_issues"), 0);
	free(cause);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_pending_accept_discard)
{
	struct import_opts o;
	struct import_result res;
	char *cause = NULL;
	char *p = file("o.xml", "<orders>"
	    ORDER("O1", "9123456781", "2025-10-12T09:15:32", "S1", "2", "7450")
	    "</orders>");
	char *p2 = file("o2.xml", "<orders>"
	    ORDER("O2", "9123456781", "2025-10-12T09:15:32", "S1", "2", "7450")
	    "</orders>");

	memset(&o, 0, sizeof o);
	o.kind = IMPORT_ORDERS;
	o.path = p;
	o.actor = "ana";
	o.keep_pending = 1;
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM batches WHERE status = "
	    "'pending'"), 1);
	ck_assert_int_eq(import_accept(db, res.batch, "ana", &cause), 0);
	ck_assert_int_eq(q("SELECT status = 'committed' FROM batches"), 1);
	/* A settled batch cannot be settled again. */
	ck_assert_int_eq(import_discard(db, res.batch, "ana", &cause), -1);
	free(cause);
	import_result_free(&res);
	o.path = p2;
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	ck_assert_int_eq(import_discard(db, res.batch, "ana", &cause), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM order_lines"), 1);
	ck_assert_int_eq(q("SELECT count(*) FROM audit_log WHERE action IN "
	    "('batch.accept', 'batch.discard')"), 2);
	import_result_free(&res);
	free(p);
	free(p2);
}
END_TEST

/*
 * Roles current: a session that logged in as an analyst keeps no power
 * once an admin takes the role away or disables the account. Each refusal
 * names the cause and leaves the database as it was.
 */
START_TEST(test_roles_current)
{
	struct import_opts o;
	struct import_result res;
	char *cause = NULL;
	char *p = file("o.xml", "<orders>"
	    ORDER("O1", "9123456781", "2025-10-12T09:15:32", "S1", "2", "7450")
	    "</orders>");
	char *p2 = file("o2.xml", "<orders>"
	    ORDER("O2", "9123456781", "2025-10-13T09:15:32", "S1", "2", "7450")
	    "</orders>");
	int64_t batch;
	int round;

	memset(&o, 0, sizeof o);
	o.kind = IMPORT_ORDERS;
	o.path = p;
	o.actor = "ana";
	o.keep_pending = 1;
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	batch = res.batch;
	import_result_free(&res);
	o.path = p2;
	o.keep_pending = 0;
	for (round = 0; round < 2; round++) {
		const char *want = round == 0 ?
		    "ana no longer holds the analyst role" : "ana is disabled";

		if (round == 0)
			ck_assert_int_eq(users_set_roles(db, "os:root", "ana",
			    ROLE_AUDITOR, &cause), 0);
		else {
			ck_assert_int_eq(users_set_roles(db, "os:root", "ana",
			    ROLE_ANALYST, &cause), 0);
			ck_assert_int_eq(users_set_disabled(db, "os:root", "ana",
			    1, &cause), 0);
		}
		ck_assert_int_eq(import_run(db, &o, &res, &cause), -1);
		ck_assert_ptr_nonnull(strstr(cause, want));
		ck_assert_int_eq(res.batch, 0);
		free(cause);
		import_result_free(&res);
		ck_assert_int_eq(import_accept(db, batch, "ana", &cause), -1);
		ck_assert_ptr_nonnull(strstr(cause, want));
		free(cause);
		ck_assert_int_eq(import_discard(db, batch, "ana", &cause), -1);
		ck_assert_ptr_nonnull(strstr(cause, want));
		free(cause);
		/* Nothing stored: one batch, still pending, one line. */
		ck_assert_int_eq(q("SELECT count(*) FROM batches"), 1);
		ck_assert_int_eq(q("SELECT count(*) FROM batches WHERE "
		    "status = 'pending'"), 1);
		ck_assert_int_eq(q("SELECT count(*) FROM order_lines"), 1);
		ck_assert_int_eq(q("SELECT count(*) FROM audit_log WHERE "
		    "action IN ('batch.accept', 'batch.discard', "
		    "'import.orders')"), 1);
	}
	/* An unknown actor is refused too. */
	ck_assert_int_eq(users_require(db, "nobody", ROLE_ANALYST, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no user named"));
	free(cause);
	/* Enabled again, the same calls act. */
	ck_assert_int_eq(users_set_disabled(db, "os:root", "ana", 0, &cause), 0);
	ck_assert_int_eq(import_accept(db, batch, "ana", &cause), 0);
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	import_result_free(&res);
	ck_assert_int_eq(q("SELECT count(*) FROM order_lines"), 2);
	free(p);
	free(p2);
}
END_TEST

START_TEST(test_sql_source)
{
	struct import_opts o;
	struct import_result res;
	char *src = xasprintf("%s/src.db", dir), *cause = NULL;
	sqlite3 *h;

	ck_assert_int_eq(sqlite3_open(src, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE o (oid TEXT, phone TEXT,"
	    " ts TEXT, sku TEXT, n INTEGER, amt TEXT);"
	    "INSERT INTO o VALUES ('O1', '9123456781', '2025-10-12T09:15:32', "
	    "'S1', 2, '7450'), ('O2', 'bad', '2025-10-12T09:15:32', 'S1', 1, "
	    "'1');", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	memset(&o, 0, sizeof o);
	o.kind = IMPORT_ORDERS;
	o.path = src;
	o.actor = "ana";
	o.accept_rejects = 1;
	o.query = "SELECT oid AS order_id, phone AS mobile_number, "
	    "ts AS order_date_time, sku AS sku_id, n AS sku_count, "
	    "amt AS total_amount FROM o";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	ck_assert_int_eq(res.read, 2);
	ck_assert_int_eq(res.loaded, 1);
	ck_assert_int_eq(reason(&res, "mobile_invalid"), 1);
	ck_assert_int_eq(q("SELECT count(*) FROM batches WHERE source = "
	    "'sqlite'"), 1);
	import_result_free(&res);
	o.query = "DELETE FROM o";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), -1);
	free(cause);
	import_result_free(&res);
	o.query = "SELECT * FROM o; DROP TABLE o";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "exactly one SELECT"));
	free(cause);
	import_result_free(&res);
	free(src);
}
END_TEST

START_TEST(test_policy)
{
	struct import_result res;
	char *cause = NULL;
	char *p = file("c.txt", "customer_id\n");
	char *c = file("c.csv", CUSTOMERS_CSV);

	ck_assert_int_eq(import(IMPORT_CUSTOMERS, p, 0, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not allowed"));
	free(cause);
	import_result_free(&res);
	ck_assert_int_eq(db_setting_set(db, "upload_name_pattern",
	    "task_DE_new_customers*.csv", &cause), 0);
	ck_assert_int_eq(import(IMPORT_CUSTOMERS, c, 1, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "does not match"));
	free(cause);
	import_result_free(&res);
	ck_assert_int_eq(db_setting_set(db, "upload_name_pattern", "", &cause),
	    0);
	ck_assert_int_eq(db_setting_set(db, "upload_max_bytes", "10", &cause),
	    0);
	ck_assert_int_eq(import(IMPORT_CUSTOMERS, c, 1, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "over the upload limit"));
	free(cause);
	import_result_free(&res);
	free(p);
	free(c);
}
END_TEST

START_TEST(test_rejects_csv_and_checks)
{
	struct import_result res;
	struct checks_item *items;
	char *cause = NULL, *out = xasprintf("%s/rej.csv", dir), buf[4096];
	char *p = file("c.csv", "customer_id,customer_name,mobile_number,"
	    "region\nC1,\"=HYPERLINK(\"\"x\"\")\",123,West\nC2,\x1b]0;pwn\x07,"
	    "9123456789,West\n");
	struct stat sb;
	size_t n, i, len;
	FILE *f;
	int found_fail = 0;

	ck_assert_int_eq(import(IMPORT_CUSTOMERS, p, 1, &res, &cause), 0);
	ck_assert_int_eq(rejects_write_csv(db, res.batch, out, &cause), 1);
	ck_assert_int_eq(stat(out, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	f = fopen(out, "r");
	len = fread(buf, 1, sizeof buf - 1, f);
	buf[len] = '\0';
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\"line\",\"kind\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"2\",\"rejected\",\"mobile_number\""));
	/* The escape-sequence name loads (with a warning), never raw in
	 * the issues. */
	ck_assert_int_eq(q("SELECT count(*) FROM row_issues WHERE "
	    "reason = 'control_chars' AND instr(value, char(27)) = 0"), 1);
	ck_assert_int_eq(checks_load(db, res.batch, &items, &n, &cause), 0);
	for (i = 0; i < n; i++) {
		if (strcmp(items[i].name, "mobile numbers are valid") == 0) {
			ck_assert_str_eq(items[i].status, "FAIL");
			ck_assert_int_eq(items[i].count, 1);
			ck_assert_ptr_nonnull(strstr(items[i].samples,
			    "line 2 mobile_number: 123"));
			found_fail = 1;
		}
	}
	ck_assert_int_eq(found_fail, 1);
	checks_free(items, n);
	import_result_free(&res);
	free(out);
	free(p);
}
END_TEST


START_TEST(test_totals_follow_batches)
{
	struct import_opts o;
	struct import_result res;
	char *cause = NULL;
	/* O1 is split across both files; O2 has two lines of its own. */
	char *a = file("a.xml", "<orders>"
	    ORDER("O1", "9123456781", "2025-10-12T09:15:32", "S1", "2", "100")
	    ORDER("O2", "9123456782", "2025-10-12T23:59:00", "S1", "1", "5")
	    ORDER("O2", "9123456782", "2025-10-12T23:59:00", "S2", "1", "7")
	    "</orders>");
	char *b = file("b.xml", "<orders>"
	    ORDER("O1", "9123456781", "2025-10-12T09:15:32", "S2", "1", "50")
	    ORDER("O3", "9123456781", "2025-11-01T10:00:00", "S1", "1", "7")
	    "</orders>");
	int64_t ba;

	ck_assert_int_eq(import(IMPORT_ORDERS, a, 0, &res, &cause), 0);
	ba = res.batch;
	import_result_free(&res);
	memset(&o, 0, sizeof o);
	o.kind = IMPORT_ORDERS;
	o.path = b;
	o.actor = "ana";
	o.keep_pending = 1;
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	ck_assert_int_eq(q("SELECT orders FROM day_totals WHERE day = "
	    "(SELECT day FROM order_lines WHERE order_id = 'O1' LIMIT 1)"), 2);
	ck_assert_int_eq(q("SELECT orders FROM month_totals "
	    "WHERE month = '2025-10'"), 2);
	ck_assert_int_eq(q("SELECT orders FROM customer_totals "
	    "WHERE mobile = '9123456781'"), 2);
	ck_assert_int_eq(q("SELECT revenue FROM customer_totals "
	    "WHERE mobile = '9123456781'"), 15700);
	assert_totals_exact();
	/* Discarding the second file takes away O3 and O1's second line but
	 * O1 still counts once. */
	ck_assert_int_eq(import_discard(db, res.batch, "ana", &cause), 0);
	ck_assert_int_eq(q("SELECT orders FROM customer_totals "
	    "WHERE mobile = '9123456781'"), 1);
	ck_assert_int_eq(q("SELECT count(*) FROM month_totals "
	    "WHERE month = '2025-11'"), 0);
	assert_totals_exact();
	ck_assert_int_gt(ba, 0);
	import_result_free(&res);
	free(a);
	free(b);
}
END_TEST

/* The check's count of lines without a customer is the table's. */
static void
assert_unmatched(int64_t batch)
{
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_prepare_v2(db->h, "SELECT (SELECT count FROM "
	    "checks WHERE batch_id = ?1 AND name = 'orders match a customer') "
	    "= (SELECT count(*) FROM order_lines o WHERE o.batch_id = ?1 AND "
	    "NOT EXISTS (SELECT 1 FROM customers c WHERE c.mobile = o.mobile "
	    "AND c.to_batch IS NULL))", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, batch);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
}

/*
 * Lines of orders new to the table are decided in memory and written in
 * batches; any other line goes through the table. Both must give the same
 * counts, totals, issues and proof: an order of more lines than the
 * importer holds, repeats and conflicts inside an order, orders out of
 * order, and orders already stored.
 */
START_TEST(test_new_and_stored_lines_agree)
{
	struct import_result res;
	struct strbuf a, b;
	char *cause = NULL, *pa, *pb, id[16], sku[16], *cust;
	int i;

	cust = file("c.csv", "customer_id,customer_name,mobile_number,region\n"
	    "C1,One,9123456781,West\nC2,Two,9123456782,East\n");
	ck_assert_int_eq(import(IMPORT_CUSTOMERS, cust, 0, &res, &cause), 0);
	import_result_free(&res);
	strbuf_init(&a);
	strbuf_puts(&a, "<orders>");
	strbuf_puts(&a, ORDER("A1", "9123456781", "2025-10-12T09:00:00",
	    "S2", "1", "10"));
	strbuf_puts(&a, ORDER("A1", "9123456781", "2025-10-12T09:00:00",
	    "S1", "1", "10"));
	strbuf_puts(&a, ORDER("A1", "9123456781", "2025-10-12T09:00:00",
	    "S2", "1", "10"));	/* a repeat */
	strbuf_puts(&a, ORDER("A1", "9123456781", "2025-10-12T09:00:00",
	    "S1", "3", "10"));	/* a conflict */
	strbuf_puts(&a, ORDER("A2", "9999999999", "2025-10-31T23:59:00",
	    "S1", "1", "1.50"));
	strbuf_puts(&a, ORDER("A2", "9999999999", "2025-10-31T23:59:00",
	    "S2", "1", "2"));
	for (i = 0; i < 70; i++) {	/* more lines than a group holds */
		snprintf(sku, sizeof sku, "S%02d", (i * 37) % 70);
		strbuf_printf(&a, ORDER("A3", "9123456782",
		    "2025-10-11T10:00:00", "%s", "1", "%d"), sku, i % 5 + 1);
	}
	strbuf_puts(&a, ORDER("A3", "9123456782", "2025-10-11T10:00:00",
	    "S05", "1", "1"));	/* a repeat past the group */
	strbuf_puts(&a, ORDER("A4", "9123456781", "2025-10-14T08:00:00",
	    "S1", "1", "4"));
	strbuf_puts(&a, "</orders>");
	pa = file("a.xml", strbuf_str(&a));
	ck_assert_int_eq(import(IMPORT_ORDERS, pa, 1, &res, &cause), 0);
	ck_assert_int_eq(res.loaded, 75);
	ck_assert_int_eq(res.duplicates, 2);
	ck_assert_int_eq(res.rejected, 1);
	assert_unmatched(res.batch);
	import_result_free(&res);
	assert_totals_exact();
	assert_proofs();

	/* Stored orders again, then orders out of order and interleaved. */
	strbuf_init(&b);
	strbuf_puts(&b, "<orders>");
	strbuf_puts(&b, ORDER("A1", "9123456781", "2025-10-12T09:00:00",
	    "S3", "1", "10"));
	strbuf_puts(&b, ORDER("A2", "9123456781", "2025-11-02T09:00:00",
	    "S9", "1", "10"));
	strbuf_puts(&b, ORDER("B2", "9123456781", "2025-11-03T09:00:00",
	    "S1", "1", "10"));
	strbuf_puts(&b, ORDER("B1", "9123456782", "2025-11-03T09:00:00",
	    "S1", "1", "10"));
	strbuf_puts(&b, ORDER("B2", "9123456782", "2025-11-04T09:00:00",
	    "S2", "1", "10"));
	for (i = 0; i < 5; i++) {
		snprintf(id, sizeof id, "C%d", 5 - i);
		strbuf_printf(&b, ORDER("%s", "9000000000",
		    "2025-11-05T09:00:00", "S1", "1", "1"), id);
	}
	strbuf_puts(&b, ORDER("B1", "9123456782", "2025-11-03T09:00:00",
	    "S1", "1", "10"));	/* a repeat */
	/* Out of order now: an order of the first file (its time differs),
	 * a new order with a repeat inside it, another, then the new one
	 * again with one more line. */
	strbuf_puts(&b, ORDER("A4", "9123456781", "2025-10-14T08:30:00",
	    "S2", "1", "4"));
	strbuf_puts(&b, ORDER("D1", "9123456781", "2025-11-06T09:00:00",
	    "S1", "1", "7"));
	strbuf_puts(&b, ORDER("D1", "9123456781", "2025-11-06T09:00:00",
	    "S1", "1", "7"));	/* a repeat */
	strbuf_puts(&b, ORDER("B3", "9123456782", "2025-11-06T10:00:00",
	    "S1", "2", "3"));
	strbuf_puts(&b, ORDER("D1", "9123456781", "2025-11-06T09:00:00",
	    "S2", "1", "5"));
	strbuf_puts(&b, "</orders>");
	pb = file("b.xml", strbuf_str(&b));
	ck_assert_int_eq(import(IMPORT_ORDERS, pb, 1, &res, &cause), 0);
	/* A2's new line, B2's second and A4's disagree with their order's
	 * first line (another mobile, another time): order_conflict. */
	ck_assert_int_eq(res.loaded, 11);
	ck_assert_int_eq(res.duplicates, 2);
	ck_assert_int_eq(reason(&res, "order_conflict"), 3);
	assert_unmatched(res.batch);
	import_result_free(&res);
	assert_totals_exact();
	assert_proofs();
	/* The same file again adds nothing, every line through the table. */
	ck_assert_int_eq(import(IMPORT_ORDERS, pa, 1, &res, &cause), 0);
	ck_assert_int_eq(res.loaded, 0);
	ck_assert_int_eq(res.duplicates, 77);
	import_result_free(&res);
	assert_totals_exact();
	strbuf_free(&a);
	strbuf_free(&b);
	free(cust);
	free(pa);
	free(pb);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_customers_csv);
	tcase_add_test(tc, test_threshold_refuses);
	tcase_add_test(tc, test_header_normalized_and_missing);
	tcase_add_test(tc, test_customer_versions);
	tcase_add_test(tc, test_header_only_customers_refused);
	tcase_add_test(tc, test_orders_xml);
	tcase_add_test(tc, test_orders_reimport_adds_nothing);
	tcase_add_test(tc, test_cancel_leaves_nothing);
	tcase_add_test(tc, test_pending_accept_discard);
	tcase_add_test(tc, test_roles_current);
	tcase_add_test(tc, test_sql_source);
	tcase_add_test(tc, test_policy);
	tcase_add_test(tc, test_rejects_csv_and_checks);
	tcase_add_test(tc, test_totals_follow_batches);
	tcase_add_test(tc, test_new_and_stored_lines_agree);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
