/* auth: argon2id hashing, the password policy, login with delay and lockout. */
#include "auth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <argon2.h>
#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "hash.h"
#include "pwlist.h"
#include "secret.h"
#include "users.h"
#include "xmem.h"

int
auth_hash(const char *pw, char **encoded, char **cause)
{
	uint8_t salt[AUTH_SALT_LEN];
	size_t len;
	char *out;
	int rc;

	if (hash_random(salt, sizeof salt, cause) == -1)
		return -1;
	len = argon2_encodedlen(AUTH_T, AUTH_M_KIB, AUTH_P, AUTH_SALT_LEN,
	    AUTH_HASH_LEN, Argon2_id);
	out = xmalloc(len);
	rc = argon2id_hash_encoded(AUTH_T, AUTH_M_KIB, AUTH_P, pw, strlen(pw),
	    salt, sizeof salt, AUTH_HASH_LEN, out, len);
	if (rc != ARGON2_OK) {
		*cause = xasprintf("hashing the password failed: %s",
		    argon2_error_message(rc));
		free(out);
		return -1;
	}
	*encoded = out;
	return 0;
}

/* Read "m=..,t=..,p=.." from an encoded hash; -1 if absent or absurd. */
static int
auth_params_sane(const char *encoded)
{
	unsigned long m, t, p;
	const char *s;

	if (strncmp(encoded, "$argon2id$v=19$", 15) != 0)
		return -1;
	s = encoded + 15;
	if (sscanf(s, "m=%lu,t=%lu,p=%lu$", &m, &t, &p) != 3)
		return -1;
	if (m < 8 || m > AUTH_MAX_M_KIB || t < 1 || t > AUTH_MAX_T ||
	    p < 1 || p > AUTH_MAX_P)
		return -1;
	return 0;
}

int
auth_verify(const char *encoded, const char *pw)
{
	int rc;

	if (auth_params_sane(encoded) == -1)
		return -1;
	rc = argon2id_verify(encoded, pw, strlen(pw));
	if (rc == ARGON2_OK)
		return 1;
	if (rc == ARGON2_VERIFY_MISMATCH)
		return 0;
	return -1;
}

void
auth_dummy_verify(const char *pw)
{
	static const uint8_t salt[AUTH_SALT_LEN] = "kpidesk-dummy-sa";
	uint8_t out[AUTH_HASH_LEN];

	/* Same cost as argon2id_verify with our parameters. */
	argon2id_hash_raw(AUTH_T, AUTH_M_KIB, AUTH_P, pw, strlen(pw), salt,
	    sizeof salt, out, sizeof out);
}

/* Whether s holds the ASCII word w, ignoring case. */
static int
auth_contains(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s != '\0'; s++) {
		if (strncasecmp(s, w, n) == 0)
			return 1;
	}
	return 0;
}

/* Decode one UTF-8 character at *p, moving *p past it; an invalid byte
 * reads as itself, so it counts as a character of its own. */
static uint32_t
auth_next_char(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*p += 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		c = s[0] & 0x1f;
		n = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		c = s[0] & 0x0f;
		n = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		c = s[0] & 0x07;
		n = 3;
	} else {
		*p += 1;
		return s[0];
	}
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p += 1;
			return s[0];
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*p += n + 1;
	return c;
}

/* Unicode White_Space. */
static int
auth_is_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 ||
	    c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	    c == 0x3000;
}

/* Characters that draw nothing: controls, zero-width and joiners, bidi
 * marks, fillers, variation selectors, tags. */
static int
auth_is_invisible(uint32_t c)
{
	static const uint32_t ranges[][2] = {
		{ 0x0000, 0x001f }, { 0x007f, 0x009f }, { 0x00ad, 0x00ad },
		{ 0x034f, 0x034f }, { 0x061c, 0x061c }, { 0x115f, 0x1160 },
		{ 0x17b4, 0x17b5 }, { 0x180b, 0x180f }, { 0x200b, 0x200f },
		{ 0x202a, 0x202e }, { 0x2060, 0x206f }, { 0x2800, 0x2800 },
		{ 0x3164, 0x3164 }, { 0xfe00, 0xfe0f }, { 0xfeff, 0xfeff },
		{ 0xffa0, 0xffa0 }, { 0xfff0, 0xfffb }, { 0x1d173, 0x1d17a },
		{ 0xe0000, 0xe0fff },
	};
	size_t i;

	for (i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return 1;
	}
	return 0;
}

/*
 * Refuse passwords whose length is not worth its characters: only spaces,
 * nothing visible (zero-width and other invisible characters), or one
 * visible character repeated (spaces and invisible ones aside).
 */
static int
auth_check_shape(const char *pw, char **cause)
{
	const char *p = pw;
	uint32_t c, first = 0;
	size_t visible = 0, invisible = 0;
	int distinct = 0;

	while (*p != '\0') {
		c = auth_next_char(&p);
		if (auth_is_space(c))
			continue;
		if (auth_is_invisible(c)) {
			invisible++;
			continue;
		}
		if (visible++ == 0) {
			first = c;
			distinct = 1;
		} else if (c != first)
			distinct = 2;
	}
	if (visible == 0 && invisible == 0) {
		*cause = xstrdup("the password is only spaces: use visible "
		    "characters too");
		return -1;
	}
	if (visible == 0) {
		*cause = xstrdup("the password has no visible character (only "
		    "spaces, zero-width or other invisible ones): choose "
		    "another");
		return -1;
	}
	if (distinct == 1) {
		*cause = xstrdup("the password is one character repeated: "
		    "choose another");
		return -1;
	}
	return 0;
}

int
auth_check_policy(struct db *db, const char *name, const char *pw,
    char **cause)
{
	int64_t min = db_setting_int(db, "password_min_length", 12);
	size_t chars = 0;
	const char *p;

	/* Length in characters (UTF-8 lead bytes), not bytes. */
	for (p = pw; *p != '\0'; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
	}
	if ((int64_t)chars < min) {
		*cause = xasprintf("the password is too short: use at least "
		    "%lld characters", (long long)min);
		return -1;
	}
	if (chars > SECRET_MAX_CHARS || strlen(pw) > SECRET_MAX) {
		*cause = xasprintf("the password is too long: use at most %d "
		    "characters", SECRET_MAX_CHARS);
		return -1;
	}
	if (strcasecmp(pw, name) == 0 || auth_contains(pw, "kpidesk")) {
		*cause = xstrdup("the password must not be the user name or "
		    "hold the product name: choose another");
		return -1;
	}
	if (auth_check_shape(pw, cause) == -1)
		return -1;
	if (pwlist_common(pw)) {
		*cause = xstrdup("the password is on the list of common "
		    "passwords: choose another");
		return -1;
	}
	return 0;
}

/* Failures so far for name and its lockout; an expired lock reads as none. */
static int
auth_failures(struct db *db, const char *name, int64_t now, int64_t *count,
    int64_t *locked_until, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	*locked_until = 0;
	if (db_prepare(db, "SELECT count, locked_until FROM login_failures "
	    "WHERE name = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		*locked_until = sqlite3_column_int64(st, 1);
		if (*locked_until != 0 && *locked_until <= now) {
			*count = 0;
			*locked_until = 0;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = db_error(db, "reading login failures");
		return -1;
	}
	return 0;
}

/* The stored hash and disabled flag of name; 0 found, 1 unknown, -1 error.
 * Caller frees *pw_hash. */
static int
auth_lookup(struct db *db, const char *name, char **pw_hash, int *disabled,
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT pw_hash, disabled FROM users "
	    "WHERE name = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*pw_hash = xstrdup((const char *)sqlite3_column_text(st, 0));
		*disabled = sqlite3_column_int(st, 1);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 1;
	} else {
		*cause = db_error(db, "reading users");
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Count one more failure for name, locking it at the threshold. */
static int
auth_record_failure(struct db *db, const char *name, int64_t now,
    int64_t *count, int64_t *locked_until, char **cause)
{
	int64_t threshold = db_setting_int(db, "lockout_threshold", 5);
	int64_t minutes = db_setting_int(db, "lockout_minutes", 15);
	sqlite3_stmt *st;

	/* An expired lock starts a fresh count; the upsert is atomic so two
	 * processes failing at once both count. */
	if (db_prepare(db, "INSERT INTO login_failures (name, count, "
	    "last_failed_at, locked_until) VALUES (?1, 1, ?2, NULL) "
	    "ON CONFLICT (name) DO UPDATE SET "
	    "count = CASE WHEN locked_until IS NOT NULL AND locked_until <= ?2 "
	    "  THEN 1 ELSE count + 1 END, last_failed_at = ?2, "
	    "locked_until = NULL "
	    "RETURNING count", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*cause = db_error(db, "recording a login failure");
		sqlite3_finalize(st);
		return -1;
	}
	*count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	*locked_until = 0;
	if (threshold > 0 && *count >= threshold) {
		*locked_until = now + minutes * 60;
		if (db_prepare(db, "UPDATE login_failures SET locked_until = ?2 "
		    "WHERE name = ?1", &st, cause) == -1)
			return -1;
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, *locked_until);
		if (db_step_done(db, st, cause) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

static void
auth_sleep_ms(int64_t ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Write the audit entry and the failure state for a refused attempt. */
static int
auth_refuse(struct db *db, const char *name, const char *why, int64_t now,
    struct auth_result *res, char **cause)
{
	int64_t base = db_setting_int(db, "login_delay_ms", 250);
	char *details;
	int shift;

	if (db_begin(db, cause) == -1)
		return -1;
	if (auth_record_failure(db, name, now, &res->failures,
	    &res->locked_until, cause) == -1)
		goto fail;
	details = xasprintf("%s; failure %lld%s", why,
	    (long long)res->failures,
	    res->locked_until != 0 ? "; locked" : "");
	if (audit_append(db, name, "login.failed", name, details, cause) == -1) {
		free(details);
		goto fail;
	}
	free(details);
	if (db_commit(db, cause) == -1)
		return -1;
	if (res->locked_until != 0)
		res->status = AUTH_LOCKED;
	/* The delay doubles with each failure, up to 64 times the base. */
	shift = res->failures > 7 ? 6 : (int)res->failures - 1;
	res->delay_ms = base > 0 ? base << shift : 0;
	auth_sleep_ms(res->delay_ms);
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
auth_login(struct db *db, const char *name, const char *pw, int64_t now,
    struct auth_result *res, char **cause)
{
	char *pw_hash = NULL;
	int found, disabled = 0, v;
	int64_t count, locked_until;

	memset(res, 0, sizeof *res);
	res->status = AUTH_BAD;
	if (auth_failures(db, name, now, &count, &locked_until, cause) == -1)
		return -1;
	if ((found = auth_lookup(db, name, &pw_hash, &disabled, cause)) == -1)
		return -1;
	if (locked_until != 0) {
		/* Same work as a real check, so a lock reveals no timing. */
		auth_dummy_verify(pw);
		free(pw_hash);
		res->status = AUTH_LOCKED;
		res->failures = count;
		res->locked_until = locked_until;
		return audit_append(db, name, "login.locked", name,
		    "attempt while locked", cause);
	}
	if (found == 1) {
		auth_dummy_verify(pw);
		return auth_refuse(db, name, "unknown user", now, res, cause);
	}
	v = auth_verify(pw_hash, pw);
	free(pw_hash);
	if (v == -1) {
		res->status = AUTH_INTEGRITY;
		return audit_append(db, name, "integrity.alert", name,
		    "stored password hash is malformed or has absurd "
		    "parameters; login refused", cause);
	}
	if (v == 0)
		return auth_refuse(db, name, "wrong password", now, res, cause);
	if (disabled) {
		res->status = AUTH_DISABLED;
		return audit_append(db, name, "login.refused", name,
		    "account disabled", cause);
	}
	if (users_roles(db, name, &res->roles, cause) == -1)
		return -1;
	if (db_begin(db, cause) == -1)
		return -1;
	if (auth_unlock(db, name, cause) == -1 ||
	    audit_append(db, name, "login", name, "ok", cause) == -1) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db, cause) == -1)
		return -1;
	res->status = AUTH_OK;
	return 0;
}

int
auth_unlock(struct db *db, const char *name, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "DELETE FROM login_failures WHERE name = ?1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

char *
auth_message(const struct auth_result *res)
{
	char until[32];
	time_t t;
	struct tm tm;

	switch (res->status) {
	case AUTH_OK:
		return xstrdup("logged in");
	case AUTH_LOCKED:
		t = (time_t)res->locked_until;
		gmtime_r(&t, &tm);
		strftime(until, sizeof until, "%Y-%m-%d %H:%M UTC", &tm);
		return xasprintf("too many failed logins: the account is "
		    "locked until %s; an admin can unlock it", until);
	case AUTH_DISABLED:
		return xstrdup("this account is disabled: ask an admin");
	case AUTH_INTEGRITY:
		return xstrdup("this account's stored password is damaged; "
		    "the incident is logged: ask an admin to reset it");
	case AUTH_BAD:
		break;
	}
	return xstrdup("wrong user name or password");
}
