/*
 * settings: the table of every setting kpidesk reads, one row each (key,
 * type, default, bounds, allowed values, help), after tmux's
 * options-table.c. The table is the one place a default lives: new
 * databases are seeded from it (schema_migrate), the typed getters fall
 * back to it, and `kpidesk config` lists, validates and explains from it.
 * Adding a setting: doc/ADDING_A_SETTING.md.
 *
 * Writes go through settings_set or db_setting_set, never around them, so
 * the ledger's triggers (ledger.h) see every change.
 */
#ifndef KP_SETTINGS_H
#define KP_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* One id per row of the table, in the table's order (config list's). */
enum settings_id {
	SET_DATA_TZ,
	SET_LOCKOUT_THRESHOLD,
	SET_LOCKOUT_MINUTES,
	SET_LOGIN_DELAY_MS,
	SET_PASSWORD_MIN_LENGTH,
	SET_REJECT_THRESHOLD_PCT,
	SET_UPLOAD_EXTENSIONS,
	SET_UPLOAD_MAX_BYTES,
	SET_UPLOAD_NAME_PATTERN,
	SET_APPROVAL_MINUTES,
	SET_APPROVAL_SAME_TERMINAL,
	SET_EXPORT_DIR,
	SET_NUMBER_SCALE,
	SET_AMOUNT_SCOPE,
	SET_SOURCE_TIMEOUT_S,
	SET_AUDIT_ANCHOR_FILE,
	SET_AUDIT_ANCHOR_SYSLOG,
	SET_DEMO,
	SET_COUNT
};

enum settings_type {
	SETTINGS_TEXT,		/* any text (check may narrow it) */
	SETTINGS_NUMBER,	/* a whole number from min to max */
	SETTINGS_BOOL,		/* 0 or 1 */
	SETTINGS_ENUM		/* one of values[] */
};

/* Not listed by config, not settable there, not seeded: kpidesk's own. */
#define SETTINGS_INTERNAL	0x1

/* Most values one enum setting may take. */
#define SETTINGS_MAX_VALUES	4

struct settings_def {
	const char		*key;
	enum settings_type	 type;
	const char		*def;		/* default, as stored */
	long long		 min, max;	/* NUMBER (BOOL: 0, 1) */
	const char		*values[SETTINGS_MAX_VALUES]; /* ENUM, NULL-ended */
	/* Extra validation of a TEXT value: 0, or -1 and *cause. */
	int			(*check)(const char *value, char **cause);
	int			 flags;		/* SETTINGS_INTERNAL */
	const char		*help;		/* one line for config list */
};

/* The row of id (never NULL). */
const struct settings_def *settings_row(enum settings_id id);
/* The row whose key is key, or NULL when there is none. */
const struct settings_def *settings_find(const char *key);

/*
 * Whether value is valid for def: 0, or -1 and an allocated *cause saying
 * what a valid value looks like. A check hook may have side effects
 * (data_tz's sets the process's zone, as datetime_set_zone does).
 */
int settings_check(const struct settings_def *def, const char *value,
    char **cause);

/* The setting as an integer (NUMBER or BOOL only: another type is a bug,
 * fatalx); the table's default when it is missing, unreadable, not a whole
 * number or out of min..max. */
int64_t settings_int(struct db *db, enum settings_id id);
/* settings_int(db, id) != 0. */
int settings_bool(struct db *db, enum settings_id id);
/*
 * The setting as text into *value (caller frees): the table's default when
 * it is missing or, for an ENUM, not one of its values. -1 and *cause only
 * when the database cannot be read.
 */
int settings_text(struct db *db, enum settings_id id, char **value,
    char **cause);
/* settings_text, falling back to the default on any error. Caller frees. */
char *settings_str(struct db *db, enum settings_id id);
/* Whether ENUM setting id is value (which must be one of its values). */
int settings_is(struct db *db, enum settings_id id, const char *value);

/* Validate value for key (settings_check) and write it; -1 and *cause for
 * an unknown key, an invalid value or a write error. (config refuses
 * SETTINGS_INTERNAL keys itself; kpidesk sets them here.) */
int settings_set(struct db *db, const char *key, const char *value,
    char **cause);

/* Insert every missing non-internal setting with its default (INSERT OR
 * IGNORE: values already there stay). -1 and *cause on a write error. */
int settings_seed(struct db *db, char **cause);

#endif
