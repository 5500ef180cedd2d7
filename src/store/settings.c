/* settings: the table of settings, typed getters and validation. */
#include "settings.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "datetime.h"
#include "db.h"
#include "log.h"
#include "strbuf.h"
#include "xmem.h"

/* The largest number config accepts: 15 digits. */
#define SETTINGS_NUM_MAX	999999999999999LL

/* data_tz must name a zone the system knows (this sets it, as before). */
static int
settings_check_zone(const char *value, char **cause)
{
	return datetime_set_zone(value, cause);
}

/*
 * The table, in config list's order. Defaults are the values the
 * migrations (schema.c) stored, which new databases keep getting from
 * here; a number's bounds are what config accepts and what the getters
 * trust.
 */
static const struct settings_def settings_table[SET_COUNT] = {
	[SET_DATA_TZ] = { "data_tz", SETTINGS_TEXT, DATETIME_DEFAULT_ZONE,
	    0, 0, { NULL }, settings_check_zone, 0,
	    "IANA time zone of order times without an offset" },
	[SET_LOCKOUT_THRESHOLD] = { "lockout_threshold", SETTINGS_NUMBER, "5",
	    0, SETTINGS_NUM_MAX, { NULL }, NULL, 0,
	    "failed logins before a lockout" },
	[SET_LOCKOUT_MINUTES] = { "lockout_minutes", SETTINGS_NUMBER, "15",
	    0, SETTINGS_NUM_MAX, { NULL }, NULL, 0,
	    "minutes a lockout lasts" },
	[SET_LOGIN_DELAY_MS] = { "login_delay_ms", SETTINGS_NUMBER, "250",
	    0, SETTINGS_NUM_MAX, { NULL }, NULL, 0,
	    "delay after the first failed login (doubles)" },
	[SET_PASSWORD_MIN_LENGTH] = { "password_min_length", SETTINGS_NUMBER,
	    "12", 0, SETTINGS_NUM_MAX, { NULL }, NULL, 0,
	    "shortest password accepted" },
	[SET_REJECT_THRESHOLD_PCT] = { "reject_threshold_pct",
	    SETTINGS_NUMBER, "5", 0, SETTINGS_NUM_MAX, { NULL }, NULL, 0,
	    "rejected share (%) that fails a batch" },
	[SET_UPLOAD_EXTENSIONS] = { "upload_extensions", SETTINGS_TEXT,
	    "csv,xlsx,xml", 0, 0, { NULL }, NULL, 0,
	    "allowed file extensions, comma-separated" },
	[SET_UPLOAD_MAX_BYTES] = { "upload_max_bytes", SETTINGS_NUMBER,
	    "1073741824", 0, SETTINGS_NUM_MAX, { NULL }, NULL, 0,
	    "largest file accepted" },
	[SET_UPLOAD_NAME_PATTERN] = { "upload_name_pattern", SETTINGS_TEXT,
	    "", 0, 0, { NULL }, NULL, 0,
	    "shell pattern file names must match, or empty" },
	[SET_APPROVAL_MINUTES] = { "approval_minutes", SETTINGS_NUMBER, "15",
	    0, SETTINGS_NUM_MAX, { NULL }, NULL, 0,
	    "minutes an export approval stays valid" },
	[SET_APPROVAL_SAME_TERMINAL] = { "approval_same_terminal",
	    SETTINGS_BOOL, "0", 0, 1, { NULL }, NULL, 0,
	    "1: the approver types their password on the requester's screen "
	    "(demos); 0: in their own session" },
	[SET_EXPORT_DIR] = { "export_dir", SETTINGS_TEXT, "exports", 0, 0,
	    { NULL }, NULL, 0, "folder exports are written to" },
	[SET_NUMBER_SCALE] = { "number_scale", SETTINGS_ENUM, "international",
	    0, 0, { "international", "indian", NULL }, NULL, 0,
	    "chart labels: international (K/M) or indian (L/Cr)" },
	[SET_AMOUNT_SCOPE] = { "amount_scope", SETTINGS_ENUM, "auto", 0, 0,
	    { "auto", "line", "order", NULL }, NULL, 0,
	    "total_amount read as: auto, line or order" },
	[SET_SOURCE_TIMEOUT_S] = { "source_timeout_s", SETTINGS_NUMBER, "300",
	    1, 86400, { NULL }, NULL, 0,
	    "seconds an SQL source query may run" },
	[SET_AUDIT_ANCHOR_FILE] = { "audit_anchor_file", SETTINGS_TEXT, "",
	    0, 0, { NULL }, NULL, 0,
	    "file the audit heads are appended to; empty: the database path "
	    "+ .anchor" },
	[SET_AUDIT_ANCHOR_SYSLOG] = { "audit_anchor_syslog", SETTINGS_BOOL,
	    "0", 0, 1, { NULL }, NULL, 0,
	    "1: also send the audit heads to syslog (LOG_AUTHPRIV)" },
	/* Set by kpidesk demo: only such a database may be replaced. */
	[SET_DEMO] = { "demo", SETTINGS_BOOL, "0", 0, 1, { NULL }, NULL,
	    SETTINGS_INTERNAL, "1: a demo database (kpidesk demo)" },
};

const struct settings_def *
settings_row(enum settings_id id)
{
	if ((unsigned)id >= SET_COUNT)
		fatalx("settings_def: no setting %d", (int)id);
	return &settings_table[id];
}

const struct settings_def *
settings_find(const char *key)
{
	size_t i;

	for (i = 0; i < SET_COUNT; i++) {
		if (strcmp(settings_table[i].key, key) == 0)
			return &settings_table[i];
	}
	return NULL;
}

/* Whether value is a whole number of 1-15 digits from min to max. */
static int
settings_number_ok(const struct settings_def *def, const char *value)
{
	const char *p;
	long long v;

	for (p = value; *p >= '0' && *p <= '9'; p++)
		;
	if (*value == '\0' || *p != '\0' || p - value > 15)
		return 0;
	v = strtoll(value, NULL, 10);
	return v >= def->min && v <= def->max;
}

/* The index of value among def's enum values, or -1. */
static int
settings_enum_index(const struct settings_def *def, const char *value)
{
	int i;

	for (i = 0; i < SETTINGS_MAX_VALUES && def->values[i] != NULL; i++) {
		if (strcmp(def->values[i], value) == 0)
			return i;
	}
	return -1;
}

/* "KEY is A, B or C", from def's values. Caller frees. */
static char *
settings_enum_message(const struct settings_def *def)
{
	struct strbuf sb;
	char *msg;
	int i, n;

	for (n = 0; n < SETTINGS_MAX_VALUES && def->values[n] != NULL; n++)
		;
	strbuf_init(&sb);
	strbuf_printf(&sb, "%s is ", def->key);
	for (i = 0; i < n; i++)
		strbuf_printf(&sb, "%s%s", i == 0 ? "" : i == n - 1 ?
		    " or " : ", ", def->values[i]);
	msg = xstrdup(strbuf_str(&sb));
	strbuf_free(&sb);
	return msg;
}

int
settings_check(const struct settings_def *def, const char *value,
    char **cause)
{
	switch (def->type) {
	case SETTINGS_NUMBER:
	case SETTINGS_BOOL:
		if (settings_number_ok(def, value))
			return 0;
		*cause = xasprintf("%s takes a whole number from %lld to %lld",
		    def->key, def->min, def->max);
		return -1;
	case SETTINGS_ENUM:
		if (settings_enum_index(def, value) != -1)
			return 0;
		*cause = settings_enum_message(def);
		return -1;
	case SETTINGS_TEXT:
		break;
	}
	return def->check != NULL ? def->check(value, cause) : 0;
}

int64_t
settings_int(struct db *db, enum settings_id id)
{
	const struct settings_def *def = settings_row(id);
	char *value = NULL, *cause = NULL, *end;
	long long v;

	if (def->type != SETTINGS_NUMBER && def->type != SETTINGS_BOOL)
		fatalx("settings_int: %s is not a number", def->key);
	v = strtoll(def->def, NULL, 10);
	if (db_setting(db, def->key, &value, &cause) == -1) {
		free(cause);
		return v;
	}
	/* Whatever a writer around config stored, out of bounds is the
	 * default: the table is what the code was written for. */
	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < def->min ||
	    v > def->max)
		v = strtoll(def->def, NULL, 10);
	free(value);
	return v;
}

int
settings_bool(struct db *db, enum settings_id id)
{
	return settings_int(db, id) != 0;
}

/* Whether a read failed because the key is absent (not the database). */
static int
settings_absent(struct db *db, const char *key)
{
	sqlite3_stmt *st;
	char *cause = NULL;
	int absent;

	if (db_prepare(db, "SELECT 1 FROM settings WHERE key = ?1", &st,
	    &cause) == -1) {
		free(cause);
		return 0;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	absent = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return absent;
}

int
settings_text(struct db *db, enum settings_id id, char **value,
    char **cause)
{
	const struct settings_def *def = settings_row(id);

	if (db_setting(db, def->key, value, cause) == -1) {
		if (!settings_absent(db, def->key))
			return -1;
		free(*cause);
		*cause = NULL;
		*value = xstrdup(def->def);
		return 0;
	}
	if (def->type == SETTINGS_ENUM &&
	    settings_enum_index(def, *value) == -1) {
		free(*value);
		*value = xstrdup(def->def);
	}
	return 0;
}

char *
settings_str(struct db *db, enum settings_id id)
{
	char *value = NULL, *cause = NULL;

	if (settings_text(db, id, &value, &cause) == -1) {
		free(cause);
		value = xstrdup(settings_row(id)->def);
	}
	return value;
}

int
settings_is(struct db *db, enum settings_id id, const char *value)
{
	const struct settings_def *def = settings_row(id);
	char *v;
	int is;

	if (def->type != SETTINGS_ENUM || settings_enum_index(def, value) == -1)
		fatalx("settings_is: %s is never %s", def->key, value);
	v = settings_str(db, id);
	is = strcmp(v, value) == 0;
	free(v);
	return is;
}

int
settings_set(struct db *db, const char *key, const char *value,
    char **cause)
{
	const struct settings_def *def = settings_find(key);

	if (def == NULL) {
		*cause = xasprintf("unknown setting %s: see 'kpidesk config "
		    "list'", key);
		return -1;
	}
	if (settings_check(def, value, cause) == -1)
		return -1;
	return db_setting_set(db, key, value, cause);
}

int
settings_seed(struct db *db, char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (db_prepare(db, "INSERT OR IGNORE INTO settings (key, value) "
	    "VALUES (?1, ?2)", &st, cause) == -1)
		return -1;
	for (i = 0; i < SET_COUNT && rc == 0; i++) {
		if (settings_table[i].flags & SETTINGS_INTERNAL)
			continue;
		sqlite3_reset(st);
		db_bind_texts(st, settings_table[i].key, settings_table[i].def,
		    (const char *)NULL);
		rc = db_step_done(db, st, cause);
	}
	sqlite3_finalize(st);
	return rc;
}
