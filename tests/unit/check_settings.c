/* Unit tests (settings, reader, import_policy): settings (the table, the seed of a new database, validation
 * from min/max/values, typed getters' defaults) and the input-format table
 * (reader.c) as the reader, the import policy and the upload screen's
 * texts (import_formats_for, import_formats_label) derive from it. */
#include "testutil.h"

#include "datetime.h"
#include "db.h"
#include "import.h"
#include "reader.h"
#include "settings.h"
#include "xmem.h"

static char *dir;
static struct db *db;

static void
setup(void)
{
	dir = testutil_tmpdir();
	db = testutil_db_open(dir);
}

static void
teardown(void)
{
	testutil_db_close(db, dir);
}

/* Store value for key behind the table's back (as a hand edit would). */
static void
put(const char *key, const char *value)
{
	char *cause = NULL;

	ck_assert_int_eq(db_setting_set(db, key, value, &cause), 0);
}

/* settings_check's verdict on value for key; its message into *msg, or
 * NULL when valid (caller frees). */
static int
check(const char *key, const char *value, char **msg)
{
	const struct settings_def *def = settings_find(key);

	*msg = NULL;
	ck_assert_ptr_nonnull(def);
	return settings_check(def, value, msg);
}

START_TEST(test_table_sane)
{
	const struct settings_def *def;
	char *cause = NULL;
	int id, j;

	for (id = 0; id < SET_COUNT; id++) {
		def = settings_row((enum settings_id)id);
		ck_assert_ptr_nonnull(def->key);
		ck_assert_ptr_nonnull(def->def);
		ck_assert_ptr_nonnull(def->help);
		ck_assert_ptr_eq(settings_find(def->key), def);
		/* Every default is valid by its own row. */
		if (settings_check(def, def->def, &cause) != 0)
			ck_abort_msg("%s: default %s: %s", def->key, def->def,
			    cause);
		for (j = 0; j < id; j++)
			ck_assert_str_ne(settings_row(j)->key, def->key);
	}
	ck_assert_ptr_null(settings_find("no_such_key"));
	datetime_set_zone(DATETIME_DEFAULT_ZONE, &cause);
}
END_TEST

START_TEST(test_new_db_has_every_default)
{
	const struct settings_def *def;
	char *value, *cause = NULL;
	int id, rc;

	for (id = 0; id < SET_COUNT; id++) {
		def = settings_row((enum settings_id)id);
		value = NULL;
		rc = db_setting(db, def->key, &value, &cause);
		if (def->flags & SETTINGS_INTERNAL) {
			/* Only kpidesk sets these (demo), never a seed. */
			ck_assert_int_eq(rc, -1);
			free(cause);
			cause = NULL;
			continue;
		}
		if (rc != 0)
			ck_abort_msg("%s missing: %s", def->key, cause);
		ck_assert_str_eq(value, def->def);
		free(value);
	}
	/* A seed again changes nothing already there. */
	put("lockout_threshold", "9");
	ck_assert_int_eq(settings_seed(db, &cause), 0);
	ck_assert_int_eq(settings_int(db, SET_LOCKOUT_THRESHOLD), 9);
}
END_TEST

START_TEST(test_check_numbers)
{
	char *msg;

	ck_assert_int_eq(check("lockout_threshold", "0", &msg), 0);
	ck_assert_int_eq(check("lockout_threshold", "999999999999999", &msg),
	    0);
	ck_assert_int_eq(check("lockout_threshold", "1000000000000000",
	    &msg), -1);
	ck_assert_str_eq(msg, "lockout_threshold takes a whole number from "
	    "0 to 999999999999999");
	free(msg);
	ck_assert_int_eq(check("lockout_threshold", "", &msg), -1);
	free(msg);
	ck_assert_int_eq(check("lockout_threshold", "-1", &msg), -1);
	free(msg);
	ck_assert_int_eq(check("lockout_threshold", "5x", &msg), -1);
	free(msg);
	ck_assert_int_eq(check("source_timeout_s", "0", &msg), -1);
	ck_assert_str_eq(msg, "source_timeout_s takes a whole number from 1 "
	    "to 86400");
	free(msg);
	ck_assert_int_eq(check("source_timeout_s", "86400", &msg), 0);
	ck_assert_int_eq(check("source_timeout_s", "86401", &msg), -1);
	free(msg);
	/* A bool is a number from 0 to 1, with the same message. */
	ck_assert_int_eq(check("audit_anchor_syslog", "1", &msg), 0);
	ck_assert_int_eq(check("audit_anchor_syslog", "2", &msg), -1);
	ck_assert_str_eq(msg, "audit_anchor_syslog takes a whole number from "
	    "0 to 1");
	free(msg);
}
END_TEST

START_TEST(test_check_enums_and_text)
{
	char *msg;

	ck_assert_int_eq(check("number_scale", "indian", &msg), 0);
	ck_assert_int_eq(check("number_scale", "roman", &msg), -1);
	ck_assert_str_eq(msg, "number_scale is international or indian");
	free(msg);
	ck_assert_int_eq(check("amount_scope", "line", &msg), 0);
	ck_assert_int_eq(check("amount_scope", "Line", &msg), -1);
	ck_assert_str_eq(msg, "amount_scope is auto, line or order");
	free(msg);
	ck_assert_int_eq(check("data_tz", "Europe/Berlin", &msg), 0);
	ck_assert_int_eq(check("data_tz", "Not/AZone", &msg), -1);
	ck_assert_ptr_nonnull(msg);
	free(msg);
	ck_assert_int_eq(check("export_dir", "anything at all", &msg), 0);
	ck_assert_int_eq(datetime_set_zone(DATETIME_DEFAULT_ZONE, &msg), 0);
}
END_TEST

START_TEST(test_set)
{
	char *cause = NULL;

	ck_assert_int_eq(settings_set(db, "no_such_key", "1", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "config list"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(settings_set(db, "lockout_minutes", "x", &cause), -1);
	free(cause);
	ck_assert_int_eq(settings_int(db, SET_LOCKOUT_MINUTES), 15);
	ck_assert_int_eq(settings_set(db, "lockout_minutes", "30", &cause), 0);
	ck_assert_int_eq(settings_int(db, SET_LOCKOUT_MINUTES), 30);
}
END_TEST

START_TEST(test_getters_default_when_missing)
{
	char *cause = NULL, *v;

	ck_assert_int_eq(db_exec(db, "DELETE FROM settings", &cause), 0);
	ck_assert_int_eq(settings_int(db, SET_LOCKOUT_THRESHOLD), 5);
	ck_assert_int_eq(settings_int(db, SET_LOGIN_DELAY_MS), 250);
	ck_assert_int_eq(settings_int(db, SET_UPLOAD_MAX_BYTES), 1 << 30);
	ck_assert_int_eq(settings_bool(db, SET_APPROVAL_SAME_TERMINAL), 0);
	ck_assert_int_eq(settings_bool(db, SET_DEMO), 0);
	ck_assert_int_eq(settings_text(db, SET_EXPORT_DIR, &v, &cause), 0);
	ck_assert_str_eq(v, "exports");
	free(v);
	v = settings_str(db, SET_DATA_TZ);
	ck_assert_str_eq(v, DATETIME_DEFAULT_ZONE);
	free(v);
	ck_assert_int_eq(settings_is(db, SET_NUMBER_SCALE, "international"),
	    1);
}
END_TEST

START_TEST(test_getters_default_when_malformed)
{
	char *v;

	put("lockout_threshold", "five");
	ck_assert_int_eq(settings_int(db, SET_LOCKOUT_THRESHOLD), 5);
	put("lockout_threshold", "-3");		/* under min */
	ck_assert_int_eq(settings_int(db, SET_LOCKOUT_THRESHOLD), 5);
	put("lockout_threshold", "7");
	ck_assert_int_eq(settings_int(db, SET_LOCKOUT_THRESHOLD), 7);
	put("source_timeout_s", "0");		/* under min */
	ck_assert_int_eq(settings_int(db, SET_SOURCE_TIMEOUT_S), 300);
	put("source_timeout_s", "90000");	/* over max */
	ck_assert_int_eq(settings_int(db, SET_SOURCE_TIMEOUT_S), 300);
	put("audit_anchor_syslog", "2");
	ck_assert_int_eq(settings_bool(db, SET_AUDIT_ANCHOR_SYSLOG), 0);
	put("number_scale", "roman");
	v = settings_str(db, SET_NUMBER_SCALE);
	ck_assert_str_eq(v, "international");
	free(v);
	ck_assert_int_eq(settings_is(db, SET_NUMBER_SCALE, "indian"), 0);
	put("number_scale", "indian");
	ck_assert_int_eq(settings_is(db, SET_NUMBER_SCALE, "indian"), 1);
}
END_TEST

/* The reader knows each row's extension, in any case, as its format. */
START_TEST(test_formats_reader)
{
	const struct reader_fmt *f;
	char *name;
	size_t i, j;

	ck_assert_uint_gt(reader_fmt_count(), 0);
	ck_assert_ptr_null(reader_fmt_at(reader_fmt_count()));
	for (i = 0; i < reader_fmt_count(); i++) {
		f = reader_fmt_at(i);
		ck_assert_ptr_nonnull(f->ops);
		ck_assert_uint_ne(f->kinds, 0);
		name = xasprintf("dir/File.%s", f->ext);
		for (j = 5; name[j] != '\0'; j++)	/* upper case */
			if (name[j] >= 'a' && name[j] <= 'z')
				name[j] = (char)(name[j] - 'a' + 'A');
		ck_assert_ptr_eq(reader_fmt_of_name(name), f);
		ck_assert_int_eq(reader_format_from_name(name), (int)f->format);
		free(name);
	}
	ck_assert_ptr_null(reader_fmt_of_name("x.pdf"));
	ck_assert_ptr_null(reader_fmt_of_name("x.csv/y"));
}
END_TEST

/* The label lists exactly the rows holding the kind, in table order. */
static void
assert_label(enum import_kind kind, unsigned bit)
{
	char *label = import_formats_label(kind);
	const struct reader_fmt *f;
	const char *p = label;
	size_t i;

	for (i = 0; i < reader_fmt_count(); i++) {
		f = reader_fmt_at(i);
		if (!(f->kinds & bit)) {
			ck_assert_ptr_null(strstr(label, f->label));
			continue;
		}
		p = strstr(p, f->label);
		ck_assert_ptr_nonnull(p);
	}
	free(label);
}

START_TEST(test_formats_screen_texts)
{
	char *s;

	assert_label(IMPORT_CUSTOMERS, READER_KIND_CUSTOMERS);
	assert_label(IMPORT_ORDERS, READER_KIND_ORDERS);
	/* Today's table: what the upload screen titles show. */
	s = import_formats_label(IMPORT_CUSTOMERS);
	ck_assert_str_eq(s, "CSV, XLSX");
	free(s);
	s = import_formats_label(IMPORT_ORDERS);
	ck_assert_str_eq(s, "XML, CSV");
	free(s);
	/* The picker: the policy's extensions the kind reads, its order. */
	s = import_formats_for(db, IMPORT_CUSTOMERS);
	ck_assert_str_eq(s, "csv,xlsx");
	free(s);
	s = import_formats_for(db, IMPORT_ORDERS);
	ck_assert_str_eq(s, "csv,xml");	/* as import accepts: not XML only */
	free(s);
	put("upload_extensions", "XML,,pdf");
	s = import_formats_for(db, IMPORT_ORDERS);
	ck_assert_str_eq(s, "XML");
	free(s);
	s = import_formats_for(db, IMPORT_CUSTOMERS);
	ck_assert_str_eq(s, "-");
	free(s);
}
END_TEST

START_TEST(test_formats_policy)
{
	struct import_result res;
	struct import_opts o;
	char *cause = NULL;

	/* The refusal names the whole list (strtok_r once cut it). */
	ck_assert_int_eq(import_policy(db, "in/x.pdf", 1, &cause), -1);
	ck_assert_str_eq(cause, "x.pdf: the extension is not allowed "
	    "(allowed: csv,xlsx,xml)");
	free(cause);
	cause = NULL;
	ck_assert_int_eq(import_policy(db, "in/x.XLSX", 1, &cause), 0);
	put("upload_extensions", "xml");
	ck_assert_int_eq(import_policy(db, "x.csv", 1, &cause), -1);
	free(cause);
	cause = NULL;
	put("upload_extensions", "csv,xlsx,xml");

	/* A format the kind does not hold: refused from the table. */
	memset(&o, 0, sizeof o);
	o.kind = IMPORT_ORDERS;
	o.path = "no/such/orders.xlsx";
	o.actor = "nobody";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), -1);
	ck_assert_str_eq(cause, "orders.xlsx: orders come as .xml or .csv");
	free(cause);
	cause = NULL;
	import_result_free(&res);
	o.kind = IMPORT_CUSTOMERS;
	o.path = "no/such/customers.xml";
	ck_assert_int_eq(import_run(db, &o, &res, &cause), -1);
	ck_assert_str_eq(cause, "customers.xml: customers come as .csv or "
	    ".xlsx");
	free(cause);
	import_result_free(&res);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("settings");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_table_sane);
	tcase_add_test(tc, test_new_db_has_every_default);
	tcase_add_test(tc, test_check_numbers);
	tcase_add_test(tc, test_check_enums_and_text);
	tcase_add_test(tc, test_set);
	tcase_add_test(tc, test_getters_default_when_missing);
	tcase_add_test(tc, test_getters_default_when_malformed);
	tcase_add_test(tc, test_formats_reader);
	tcase_add_test(tc, test_formats_screen_texts);
	tcase_add_test(tc, test_formats_policy);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
