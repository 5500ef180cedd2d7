/*
 * Unit tests (import_orders, totals, totals_lines): data contract v3 at import - the amount scope (auto, line,
 * order; order totals counted once; order_total_conflict; an order keeps
 * its first batch's reading), order lines that agree (order_conflict),
 * values read one way only (warnings), identical customer rows, a master
 * that unmatches orders, empty sources, bounded row issues, SQL sources,
 * source time zones, and the file hashed as it is parsed.
 */
#include <sys/stat.h>

#include <stdio.h>

#include <sqlite3.h>

#include "importutil.h"

#include "checks.h"
#include "db.h"
#include "hash.h"
#include "import.h"
#include "proof.h"
#include "reader.h"
#include "schema.h"
#include "strbuf.h"
#include "totals.h"
#include "xmem.h"

/* The text of a one-value query (caller frees). */
static char *
qs(const char *sql)
{
	sqlite3_stmt *st;
	char *v;

	ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = xstrdup(sqlite3_column_text(st, 0) != NULL ?
	    (const char *)sqlite3_column_text(st, 0) : "(null)");
	sqlite3_finalize(st);
	return v;
}

static int
import_with(enum import_kind kind, const char *path, const char *scope,
    int accept, struct import_result *res, char **cause)
{
	struct import_opts o;

	memset(&o, 0, sizeof o);
	o.kind = kind;
	o.path = path;
	o.actor = "ana";
	o.accept_rejects = accept;
	o.amount_scope = scope;
	return import_run(db, &o, res, cause);
}

/* The aggregates equal a rebuild from the order lines; each orders batch's
 * proof is the one read back. */
static void
assert_consistent(void)
{
	assert_totals_exact();
	assert_proofs();
}

#define T1	"2025-10-12T09:00:00"
#define T2	"2025-10-12T10:00:00"
#define M1	"9123456781"
#define M2	"9123456782"

/* The task's shape: each line repeats its order's total. */
static const char totals_xml[] = "<orders>"
    ORDER("O1", M1, T1, "S1", "1", "7450")
    ORDER("O1", M1, T1, "S2", "2", "7450")
    ORDER("O1", M1, T1, "S3", "1", "7450")
    ORDER("O2", M2, T2, "S1", "1", "200")
    ORDER("O2", M2, T2, "S2", "1", "200")
    ORDER("O3", M1, T2, "S1", "1", "99.50")
    "</orders>";

START_TEST(test_auto_reads_order_totals)
{
	struct import_result res;
	char *p = file("o.xml", totals_xml), *cause = NULL, *ev;

	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 0, &res, &cause),
	    0);
	ck_assert_str_eq(res.amount_scope, "order");
	ck_assert_int_eq(res.loaded, 6);
	/* Each order's total once: 7450 + 200 + 99.50, not 3 x 7450 ... */
	ck_assert_int_eq(q("SELECT sum(revenue) FROM day_totals"), 774950);
	ck_assert_int_eq(q("SELECT sum(amount) FROM order_lines"), 2284950);
	ck_assert_int_eq(q("SELECT revenue FROM customer_totals WHERE mobile = "
	    "'" M1 "'"), 754950);
	ck_assert_int_eq(q("SELECT orders FROM day_totals"), 3);
	ev = qs("SELECT amount_evidence FROM batches");
	ck_assert_str_eq(ev, "amount scope: order, 2 of 2 multi-line orders "
	    "repeat their total");
	free(ev);
	ev = qs("SELECT status || ' ' || detail FROM checks WHERE name = "
	    "'amount scope'");
	ck_assert_str_eq(ev, "PASS amount scope: order, 2 of 2 multi-line "
	    "orders repeat their total");
	free(ev);
	assert_consistent();
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_auto_reads_line_amounts)
{
	struct import_result res;
	char *cause = NULL, *ev;
	/* Three multi-line orders, one repeating: 1 <= 3 / 2 reads lines.
	 * The reading starts as order totals and changes at O1, after O0
	 * was stored as a total: O0's second line gets its amount back and
	 * the proof hashed so far starts again. */
	char *p = file("o.xml", "<orders>"
	    ORDER("O0", M1, T1, "S1", "1", "7")
	    ORDER("O0", M1, T1, "S2", "1", "7")
	    ORDER("O1", M1, T1, "S1", "1", "100")
	    ORDER("O1", M1, T1, "S2", "1", "250")
	    ORDER("O2", M2, T2, "S1", "1", "40")
	    ORDER("O2", M2, T2, "S2", "1", "41")
	    "</orders>");

	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 0, &res, &cause),
	    0);
	ck_assert_str_eq(res.amount_scope, "line");
	ck_assert_int_eq(q("SELECT sum(revenue) FROM day_totals"), 44500);
	ck_assert_int_eq(q("SELECT count(*) FROM order_lines "
	    "WHERE revenue <> amount"), 0);
	ev = qs("SELECT amount_evidence FROM batches");
	ck_assert_str_eq(ev, "amount scope: line, 1 of 3 multi-line orders "
	    "repeat their total");
	free(ev);
	assert_consistent();
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_auto_single_lines_read_lines)
{
	struct import_result res;
	char *cause = NULL, *ev;
	char *p = file("o.xml", "<orders>"
	    ORDER("O1", M1, T1, "S1", "1", "100")
	    ORDER("O2", M2, T2, "S1", "1", "40")
	    "</orders>");

	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 0, &res, &cause),
	    0);
	ck_assert_str_eq(res.amount_scope, "line");
	ev = qs("SELECT amount_evidence FROM batches");
	ck_assert_str_eq(ev, "amount scope: line, no order has two or more "
	    "lines");
	free(ev);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_auto_mixed_fails)
{
	struct import_result res;
	char *cause = NULL, *ev;
	/* Three multi-line orders, two repeating: neither <= half nor all. */
	char *p = file("o.xml", "<orders>"
	    ORDER("O1", M1, T1, "S1", "1", "100")
	    ORDER("O1", M1, T1, "S2", "1", "100")
	    ORDER("O2", M2, T2, "S1", "1", "40")
	    ORDER("O2", M2, T2, "S2", "1", "40")
	    ORDER("O3", M2, T2, "S1", "1", "10")
	    ORDER("O3", M2, T2, "S2", "1", "20")
	    "</orders>");

	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 0, &res, &cause),
	    -1);
	ck_assert_int_eq(res.scope_undecided, 1);
	ck_assert_ptr_nonnull(strstr(cause, "2 of 3"));
	ck_assert_ptr_nonnull(strstr(cause, "--amount-scope"));
	ck_assert_int_eq(q("SELECT count(*) FROM order_lines"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM day_totals"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM batches "
	    "WHERE status = 'discarded' AND amount_scope IS NULL"), 1);
	ev = qs("SELECT status FROM checks WHERE name = 'amount scope'");
	ck_assert_str_eq(ev, "FAIL");
	free(ev);
	free(cause);
	import_result_free(&res);

	/* Told how to read it, the same file loads. */
	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, "line", 0, &res,
	    &cause), 0);
	ck_assert_str_eq(res.amount_scope, "line");
	ck_assert_int_eq(q("SELECT sum(revenue) FROM day_totals"), 31000);
	ev = qs("SELECT amount_evidence FROM batches WHERE status = "
	    "'committed'");
	ck_assert_str_eq(ev, "amount scope: line (as asked), 2 of 3 multi-line "
	    "orders repeat their total");
	free(ev);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_explicit_order_rejects_other_totals)
{
	struct import_result res;
	char *cause = NULL;
	char *p = file("o.xml", "<orders>"
	    ORDER("O1", M1, T1, "S1", "1", "7450")
	    ORDER("O1", M1, T1, "S2", "1", "7450")
	    ORDER("O1", M1, T1, "S3", "1", "7451")
	    "</orders>");

	/* One of three lines rejected: over the 5% share, so accepted. */
	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, "order", 1, &res,
	    &cause), 0);
	ck_assert_str_eq(res.amount_scope, "order");
	ck_assert_int_eq(res.loaded, 2);
	ck_assert_int_eq(reason(&res, "order_total_conflict"), 1);
	ck_assert_int_eq(q("SELECT line FROM row_issues WHERE reason = "
	    "'order_total_conflict'"), 3);
	ck_assert_int_eq(q("SELECT sum(revenue) FROM day_totals"), 745000);
	assert_consistent();
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_order_keeps_first_reading)
{
	struct import_result res;
	char *cause = NULL;
	char *a = file("a.xml", totals_xml);
	/* A later file brings a new line of O1 (read as a total by the
	 * first batch) with the same amount, one with another, and a new
	 * two-line order read as lines. */
	char *b = file("b.xml", "<orders>"
	    ORDER("O1", M1, T1, "S4", "1", "7450")
	    ORDER("O1", M1, T1, "S5", "1", "10")
	    ORDER("O4", M2, T2, "S1", "1", "5")
	    ORDER("O4", M2, T2, "S2", "1", "6")
	    "</orders>");

	ck_assert_int_eq(import_with(IMPORT_ORDERS, a, NULL, 0, &res, &cause),
	    0);
	import_result_free(&res);
	ck_assert_int_eq(import_with(IMPORT_ORDERS, b, "line", 1, &res,
	    &cause), 0);
	ck_assert_int_eq(res.loaded, 3);
	ck_assert_int_eq(reason(&res, "order_total_conflict"), 1);
	ck_assert_int_eq(q("SELECT revenue FROM order_lines WHERE order_id = "
	    "'O1' AND sku_id = 'S4'"), 0);
	ck_assert_int_eq(q("SELECT sum(revenue) FROM day_totals"),
	    774950 + 1100);
	ck_assert_int_eq(q("SELECT orders FROM day_totals"), 4);
	assert_consistent();
	import_result_free(&res);
	free(a);
	free(b);
}
END_TEST

/* The reading decided only at the end (an earlier batch's order brings the
 * evidence): the lines stored as totals get their amounts back and the
 * proof, restarted after the last order was hashed, still covers it. */
START_TEST(test_scope_decided_at_the_end)
{
	struct import_result res;
	char *cause = NULL;
	char *a = file("a.xml", "<orders>"
	    ORDER("O1", M1, T1, "S1", "1", "10")
	    "</orders>");
	char *b = file("b.xml", "<orders>"
	    ORDER("O1", M1, T1, "S2", "1", "20")
	    ORDER("O1", M1, T1, "S3", "1", "30")
	    ORDER("O5", M2, T2, "S1", "1", "7")
	    ORDER("O5", M2, T2, "S2", "1", "7")
	    "</orders>");

	ck_assert_int_eq(import_with(IMPORT_ORDERS, a, NULL, 0, &res, &cause),
	    0);
	import_result_free(&res);
	ck_assert_int_eq(import_with(IMPORT_ORDERS, b, NULL, 0, &res, &cause),
	    0);
	ck_assert_str_eq(res.amount_scope, "line");
	ck_assert_int_eq(q("SELECT sum(revenue) FROM day_totals"), 7400);
	ck_assert_int_eq(q("SELECT count(*) FROM order_lines "
	    "WHERE revenue <> amount"), 0);
	assert_consistent();
	import_result_free(&res);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_order_lines_agree)
{
	struct import_result res;
	char *cause = NULL, *v;
	char *p = file("o.xml", "<orders>"
	    ORDER("O1", M1, T1, "S1", "1", "10")
	    ORDER("O1", M2, T1, "S2", "1", "20")
	    ORDER("O1", M1, T2, "S3", "1", "30")
	    ORDER("O1", M1, T1, "S4", "1", "40")
	    "</orders>");

	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 1, &res, &cause),
	    0);
	ck_assert_int_eq(res.loaded, 2);
	ck_assert_int_eq(reason(&res, "order_conflict"), 2);
	v = qs("SELECT group_concat(line || ':' || column_name, ' ') FROM "
	    "(SELECT line, column_name FROM row_issues WHERE reason = "
	    "'order_conflict' ORDER BY line)");
	ck_assert_str_eq(v, "2:mobile_number 3:order_date_time");
	free(v);
	/* Counted once, on one day, for one customer. */
	ck_assert_int_eq(q("SELECT count(*) FROM customer_totals"), 1);
	ck_assert_int_eq(q("SELECT count(*) FROM day_totals"), 1);
	assert_consistent();
	import_result_free(&res);
	free(p);
}
END_TEST

/* The same lines, sorted (decided in memory) or shuffled (decided through
 * the table), give the same reading, totals and counts. */
START_TEST(test_sorted_and_shuffled_agree)
{
	static const char *const kinds[] = { "sorted.xml", "shuffled.xml" };
	struct import_result res;
	struct strbuf sb;
	char *cause = NULL, *p, *path, day[2][256];
	int k, i, o;

	for (k = 0; k < 2; k++) {
		strbuf_init(&sb);
		strbuf_puts(&sb, "<orders>");
		/* Twenty two-line orders repeating their total: line by
		 * line, or every order's first line, then every second. */
		for (i = 0; i < 40; i++) {
			o = k == 0 ? i / 2 : i % 20;
			strbuf_printf(&sb, ORDER("O%02d", M1,
			    "2025-10-%02dT09:00:00", "S%d", "1", "%d"), o,
			    1 + o % 9, k == 0 ? i % 2 : i / 20, 100 + o);
		}
		strbuf_puts(&sb, "</orders>");
		p = file(kinds[k], strbuf_str(&sb));
		strbuf_free(&sb);
		if (k == 1) {
			db_close(db);
			path = xasprintf("%s/kp2.db", dir);
			ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause),
			    0);
			free(path);
			testutil_user(db, "ana", ROLE_ANALYST);
		}
		ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 0, &res,
		    &cause), 0);
		ck_assert_str_eq(res.amount_scope, "order");
		ck_assert_int_eq(res.loaded, 40);
		import_result_free(&res);
		assert_consistent();
		free(p);
		p = qs("SELECT group_concat(day || '=' || orders || '/' || "
		    "revenue, ' ') FROM (SELECT * FROM day_totals ORDER BY day)");
		snprintf(day[k], sizeof day[k], "%s", p);
		free(p);
	}
	ck_assert_str_eq(day[0], day[1]);
}
END_TEST

/*
 * A file out of order counts the evidence on the lines stored, as the
 * table holds them: every order's lines together (one lookup per order)
 * give the same counts as reading them back, and an order_total_conflict
 * line is not counted, unlike in a sorted file.
 */
START_TEST(test_out_of_order_evidence)
{
	struct import_result res;
	char *cause = NULL, *ev;
	char *p = file("o.xml", "<orders>"
	    ORDER("O3", M2, T2, "S1", "1", "10")
	    ORDER("O3", M2, T2, "S2", "1", "20")
	    ORDER("O1", M1, T1, "S1", "1", "100")
	    ORDER("O1", M1, T1, "S2", "1", "100")
	    ORDER("O2", M2, T2, "S1", "1", "40")
	    ORDER("O2", M2, T2, "S2", "1", "40")
	    "</orders>");
	char *p2 = file("o2.xml", "<orders>"
	    ORDER("P2", M2, T2, "S1", "1", "40")
	    ORDER("P2", M2, T2, "S2", "1", "40")
	    ORDER("P1", M1, T1, "S1", "1", "100")
	    ORDER("P1", M1, T1, "S2", "1", "100")
	    ORDER("P1", M1, T1, "S3", "1", "50")
	    "</orders>");

	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 0, &res, &cause),
	    -1);
	ck_assert_int_eq(res.scope_undecided, 1);
	ck_assert_ptr_nonnull(strstr(cause, "2 of 3"));
	free(cause);
	import_result_free(&res);

	ck_assert_msg(import_with(IMPORT_ORDERS, p2, "order", 1, &res,
	    &cause) == 0, "%s", cause);
	ck_assert_int_eq(res.loaded, 4);
	ck_assert_int_eq(res.rejected, 1);
	ev = qs("SELECT amount_evidence FROM batches WHERE status = "
	    "'committed'");
	ck_assert_str_eq(ev, "amount scope: order (as asked), 2 of 2 "
	    "multi-line orders repeat their total");
	free(ev);
	import_result_free(&res);
	assert_consistent();
	free(p);
	free(p2);
}
END_TEST

START_TEST(test_values_read_one_way_warn)
{
	struct import_result res;
	char *cause = NULL, *v;
	char *p = file("o.xml", "<orders>"
	    ORDER("O1", "9123456781.0", "2025-10-13 14:05", "S1", "2.0",
	    "\xe2\x82\xb9" "1,299.00")
	    ORDER("O2", "0091 98765 43210", "2025-10-13T14:05:00+0530", "S1",
	    "1", "1299 INR")
	    ORDER("O3", "912345678.0", T1, "S1", "1", "7,450")
	    ORDER("O4", M1, T1, "S1", "1", "1,2,3")
	    ORDER("O5", M1, "13/10/2025 14:05", "S1", "1", "5")
	    "</orders>");

	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 1, &res, &cause),
	    0);
	ck_assert_int_eq(res.loaded, 2);
	ck_assert_int_eq(res.warnings, 2);
	ck_assert_int_eq(reason(&res, "mobile_invalid"), 1);
	ck_assert_int_eq(reason(&res, "amount_invalid"), 1);
	ck_assert_int_eq(reason(&res, "date_invalid"), 1);
	ck_assert_int_eq(q("SELECT amount FROM order_lines "
	    "WHERE order_id = 'O1'"), 129900);
	ck_assert_int_eq(q("SELECT sku_count FROM order_lines "
	    "WHERE order_id = 'O1'"), 2);
	v = qs("SELECT mobile FROM order_lines WHERE order_id = 'O2'");
	ck_assert_str_eq(v, "9876543210");
	free(v);
	/* Both times are 14:05 in Kolkata. */
	ck_assert_int_eq(q("SELECT count(DISTINCT ordered_at) FROM "
	    "order_lines"), 1);
	v = qs("SELECT group_concat(reason, ' ') FROM (SELECT reason FROM "
	    "row_issues WHERE kind = 'warning' ORDER BY line, reason)");
	ck_assert_str_eq(v, "amount_currency amount_grouping "
	    "mobile_float_suffix sku_count_decimal amount_currency");
	free(v);
	v = qs("SELECT message FROM row_issues WHERE reason = 'date_invalid'");
	ck_assert_ptr_nonnull(strstr(v, "day-first or month-first"));
	free(v);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_source_tz)
{
	struct import_opts o;
	struct import_result res;
	char *cause = NULL;
	char *p = file("o.xml", "<orders>"
	    ORDER("O1", M1, "2025-10-12T20:00:00", "S1", "1", "1")
	    "</orders>");

	memset(&o, 0, sizeof o);
	o.kind = IMPORT_ORDERS;
	o.path = p;
	o.actor = "ana";
	o.source_tz = "UTC";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	/* 20:00 UTC is 01:30 the next day in Kolkata. */
	ck_assert_int_eq(q("SELECT ordered_at FROM order_lines"), 1760299200);
	ck_assert_int_eq(q("SELECT day FROM order_lines"), 20374);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_customers_identical_rows)
{
	struct import_result res;
	char *cause = NULL;
	char *p = file("c.csv", "customer_id,customer_name,mobile_number,region\n"
	    "C1,Aarav Mehta,9123456781,West\n"
	    "C1,Aarav Mehta,+91 91234 56781, west \n"
	    "C1,Other Name,9123456781,West\n"
	    "C2,Diya,9123456782,North\n");

	ck_assert_int_eq(import_with(IMPORT_CUSTOMERS, p, NULL, 1, &res,
	    &cause), 0);
	ck_assert_int_eq(res.loaded, 2);
	ck_assert_int_eq(res.duplicates, 1);
	ck_assert_int_eq(res.rejected, 1);
	ck_assert_int_eq(reason(&res, "customer_id_duplicate"), 1);
	ck_assert_int_eq(q("SELECT line FROM row_issues WHERE reason = "
	    "'duplicate_row'"), 3);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_master_that_unmatches_orders)
{
	struct import_result res;
	char *cause = NULL, *v;
	char *c1 = file("c1.csv", "customer_id,customer_name,mobile_number,"
	    "region\nC1,One,9123456781,West\nC2,Two,9123456782,East\n");
	/* Every mobile changed: every earlier order loses its customer. */
	char *c2 = file("c2.csv", "customer_id,customer_name,mobile_number,"
	    "region\nC1,One,9123456783,West\nC2,Two,9123456784,East\n");
	char *o = file("o.xml", totals_xml);

	ck_assert_int_eq(import_with(IMPORT_CUSTOMERS, c1, NULL, 0, &res,
	    &cause), 0);
	import_result_free(&res);
	ck_assert_int_eq(import_with(IMPORT_ORDERS, o, NULL, 0, &res, &cause),
	    0);
	import_result_free(&res);
	ck_assert_int_eq(import_with(IMPORT_CUSTOMERS, c2, NULL, 0, &res,
	    &cause), -1);
	ck_assert_int_eq(res.over_threshold, 1);
	ck_assert_ptr_nonnull(strstr(cause, "3 orders of 2 earlier customers"));
	free(cause);
	v = qs("SELECT status || ' ' || count FROM checks WHERE name = "
	    "'orders keep their customer' ORDER BY batch_id DESC LIMIT 1");
	ck_assert_str_eq(v, "FAIL 3");
	free(v);
	ck_assert_int_eq(q("SELECT count(*) FROM customers WHERE to_batch IS "
	    "NULL AND mobile = '9123456781'"), 1);
	import_result_free(&res);
	ck_assert_int_eq(import_with(IMPORT_CUSTOMERS, c2, NULL, 1, &res,
	    &cause), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM customers WHERE to_batch IS "
	    "NULL AND mobile = '9123456781'"), 0);
	import_result_free(&res);
	free(c1);
	free(c2);
	free(o);
}
END_TEST

START_TEST(test_empty_sources_load_nothing)
{
	struct import_result res;
	char *cause = NULL;
	char *p = file("o.xml", "<?xml version=\"1.0\"?>\n<orders/>\n");

	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 0, &res, &cause),
	    -1);
	ck_assert_ptr_nonnull(strstr(cause, "no data rows"));
	ck_assert_int_eq(q("SELECT count(*) FROM batches"), 0);
	free(cause);
	import_result_free(&res);
	free(p);
}
END_TEST

START_TEST(test_row_issues_bounded)
{
	struct import_result res;
	struct strbuf sb;
	char *cause = NULL, *p;
	int i;

	strbuf_init(&sb);
	strbuf_puts(&sb, "<orders>");
	for (i = 0; i < 12000; i++)
		strbuf_printf(&sb, ORDER("O%05d", "12345", T1, "S1", "1", "1"),
		    i);
	strbuf_printf(&sb, ORDER("P1", M1, T1, "S1", "1", "1"));
	strbuf_puts(&sb, "</orders>");
	p = file("o.xml", strbuf_str(&sb));
	strbuf_free(&sb);

	/* Refused: the counts stay, no row issue. */
	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 0, &res, &cause),
	    -1);
	ck_assert_int_eq(reason(&res, "mobile_invalid"), 12000);
	ck_assert_int_eq(q("SELECT count(*) FROM row_issues"), 0);
	ck_assert_int_eq(q("SELECT count || '/' || kept FROM batch_reasons"),
	    12000);
	ck_assert_int_eq(q("SELECT kept FROM batch_reasons"), 0);
	free(cause);
	import_result_free(&res);
	/* Accepted: the first 10,000 kept, all counted. */
	ck_assert_int_eq(import_with(IMPORT_ORDERS, p, NULL, 1, &res, &cause),
	    0);
	ck_assert_int_eq(res.rejected, 12000);
	ck_assert_int_eq(reason(&res, "mobile_invalid"), 12000);
	ck_assert_int_eq(q("SELECT count(*) FROM row_issues WHERE batch_id = "
	    "(SELECT max(id) FROM batches)"), 10000);
	ck_assert_int_eq(q("SELECT max(line) FROM row_issues"), 10000);
	ck_assert_int_eq(q("SELECT count || '/' || kept FROM batch_reasons "
	    "WHERE batch_id = (SELECT max(id) FROM batches)"), 12000);
	ck_assert_int_eq(q("SELECT kept FROM batch_reasons WHERE batch_id = "
	    "(SELECT max(id) FROM batches)"), 10000);
	ck_assert_int_eq(q("SELECT count FROM checks WHERE name = "
	    "'mobile numbers are valid' AND batch_id = (SELECT max(id) FROM "
	    "batches)"), 12000);
	import_result_free(&res);
	free(p);
}
END_TEST

/* An SQL source: a placeholder is refused before the query runs; an
 * INTEGER time is Unix seconds, UTC. */
START_TEST(test_sql_source_rules)
{
	struct import_opts o;
	struct import_result res;
	char *cause = NULL, *src = xasprintf("%s/src.db", dir);
	sqlite3 *h;

	ck_assert_int_eq(sqlite3_open(src, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE o (id TEXT, mob TEXT, "
	    "ts INTEGER, sku TEXT, n REAL, amt TEXT);"
	    "INSERT INTO o VALUES ('O1', '9123456781', 1760299200, 'S1', 2.0, "
	    "'10');", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	memset(&o, 0, sizeof o);
	o.kind = IMPORT_ORDERS;
	o.path = src;
	o.actor = "ana";
	o.query = "SELECT id AS order_id, mob AS mobile_number, ts AS "
	    "order_date_time, sku AS sku_id, n AS sku_count, amt AS "
	    "total_amount FROM o WHERE id = ?";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "placeholder"));
	free(cause);
	import_result_free(&res);
	o.query = "SELECT id AS order_id, mob AS mobile_number, ts AS "
	    "order_date_time, sku AS sku_id, n AS sku_count, amt AS "
	    "total_amount FROM o";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	ck_assert_int_eq(q("SELECT ordered_at FROM order_lines"), 1760299200);
	ck_assert_int_eq(q("SELECT sku_count FROM order_lines"), 2);
	import_result_free(&res);
	/* No rows: nothing loaded, an error. */
	o.query = "SELECT id AS order_id, mob AS mobile_number, ts AS "
	    "order_date_time, sku AS sku_id, n AS sku_count, amt AS "
	    "total_amount FROM o WHERE 0";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no data rows"));
	free(cause);
	import_result_free(&res);
	free(src);
}
END_TEST

/* The SHA-256 recorded is that of the bytes parsed, even when the path is
 * replaced by another file while it is read. */
START_TEST(test_digest_of_bytes_parsed)
{
	struct reader *r;
	struct reader_row row;
	char hex[HASH_HEXLEN + 1], want[HASH_HEXLEN + 1], *cause = NULL;
	uint8_t digest[HASH_LEN];
	char *p = file("o.xml", totals_xml);
	char *other = file("other.xml", "<orders>"
	    ORDER("X1", M1, T1, "S1", "1", "1") "</orders>");
	int rows = 0;

	ck_assert_int_eq(hash_file(p, digest, NULL, &cause), 0);
	hash_hex(digest, sizeof digest, want);
	ck_assert_ptr_nonnull(r = reader_open(p, READER_XML, NULL, NULL,
	    &cause));
	ck_assert_int_eq(rename(other, p), 0);
	while (reader_next(r, &row, &cause) == 1) {
		ck_assert_str_eq(row.values[0], rows < 3 ? "O1" : rows < 5 ?
		    "O2" : "O3");
		rows++;
	}
	ck_assert_int_eq(rows, 6);
	ck_assert_int_eq(reader_digest(r, hex, NULL, &cause), 0);
	ck_assert_str_eq(hex, want);
	reader_close(r);
	/* Not a regular file: refused at once, not read. */
	ck_assert_ptr_null(reader_open(dir, READER_XML, NULL, NULL, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "not a regular file"));
	free(cause);
	free(p);
	free(other);
}
END_TEST

START_TEST(test_invalid_utf8_suggests_encoding)
{
	struct import_result res;
	char *cause = NULL, *v;
	char *p = file("c.csv", "customer_id,customer_name,mobile_number,region\n"
	    "C1,Ren\xe9" "e,9123456781,West\nC2,Jos\xe9,9123456782,North\n");

	ck_assert_int_eq(import_with(IMPORT_CUSTOMERS, p, NULL, 0, &res,
	    &cause), 0);
	v = qs("SELECT status || ' ' || detail FROM checks WHERE name = "
	    "'text encoding'");
	ck_assert_ptr_nonnull(strstr(v, "WARN 2 rows are not valid UTF-8"));
	ck_assert_ptr_nonnull(strstr(v, "--encoding windows-1252"));
	free(v);
	import_result_free(&res);
	free(p);
}
END_TEST

/* Real exports, imported: a title row above the header (a warned check
 * naming the line), a legacy encoding, pandas XML with a namespace and
 * attributes. */
START_TEST(test_real_exports_import)
{
	struct import_opts o;
	struct import_result res;
	char *cause = NULL, *v;
	char *t = file("t.csv", "Customer master, exported 2025-10-13\n\n"
	    "Customer ID,Customer Name,Mobile Number,Region\n"
	    "C1,Ren\xe9" "e,9123456781,West\n");
	char *x = file("p.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<data xmlns:k=\"urn:k\">\n"
	    " <k:row k:order_id=\"O1\"><index>0</index>"
	    "<k:mobile_number>9123456781</k:mobile_number>"
	    "<order_date_time>2025-10-13 14:05</order_date_time>"
	    "<sku_id>S1</sku_id><sku_count>1</sku_count>"
	    "<total_amount>10</total_amount><order_id>IGNORED</order_id>"
	    "</k:row>\n</data>\n");

	memset(&o, 0, sizeof o);
	o.kind = IMPORT_CUSTOMERS;
	o.path = t;
	o.actor = "ana";
	o.encoding = "windows-1252";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	ck_assert_int_eq(res.loaded, 1);
	ck_assert_int_eq(res.warnings, 0);
	ck_assert_str_eq(res.read_as, "header on line 3, 1 title row above it "
	    "skipped, delimiter ',', windows-1252");
	v = qs("SELECT customer_name FROM customers");
	ck_assert_str_eq(v, "Ren\xc3\xa9" "e");
	free(v);
	v = qs("SELECT status || ' ' || detail FROM checks WHERE name = "
	    "'header is the first row'");
	ck_assert_str_eq(v, "WARN header on line 3, 1 title row above it "
	    "skipped, delimiter ',', windows-1252");
	free(v);
	import_result_free(&res);

	o.kind = IMPORT_ORDERS;
	o.path = x;
	o.encoding = NULL;
	ck_assert_int_eq(import_run(db, &o, &res, &cause), 0);
	ck_assert_int_eq(res.loaded, 1);
	ck_assert_str_eq(res.read_as, "records <row>, UTF-8");
	v = qs("SELECT order_id FROM order_lines");
	ck_assert_str_eq(v, "O1");
	free(v);
	/* The unknown <index> column is noted, not refused. */
	v = qs("SELECT detail FROM checks WHERE name = 'no unknown columns' "
	    "AND batch_id = (SELECT max(id) FROM batches)");
	ck_assert_str_eq(v, "index");
	free(v);
	import_result_free(&res);
	free(t);
	free(x);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("scope");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_auto_reads_order_totals);
	tcase_add_test(tc, test_auto_reads_line_amounts);
	tcase_add_test(tc, test_auto_single_lines_read_lines);
	tcase_add_test(tc, test_auto_mixed_fails);
	tcase_add_test(tc, test_explicit_order_rejects_other_totals);
	tcase_add_test(tc, test_order_keeps_first_reading);
	tcase_add_test(tc, test_scope_decided_at_the_end);
	tcase_add_test(tc, test_order_lines_agree);
	tcase_add_test(tc, test_sorted_and_shuffled_agree);
	tcase_add_test(tc, test_out_of_order_evidence);
	tcase_add_test(tc, test_values_read_one_way_warn);
	tcase_add_test(tc, test_source_tz);
	tcase_add_test(tc, test_customers_identical_rows);
	tcase_add_test(tc, test_master_that_unmatches_orders);
	tcase_add_test(tc, test_empty_sources_load_nothing);
	tcase_add_test(tc, test_row_issues_bounded);
	tcase_add_test(tc, test_sql_source_rules);
	tcase_add_test(tc, test_digest_of_bytes_parsed);
	tcase_add_test(tc, test_invalid_utf8_suggests_encoding);
	tcase_add_test(tc, test_real_exports_import);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
