/* auth: argon2id verification, login with delay and lockout. */
#include "auth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <argon2.h>
#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "hash.h"
#include "ledger.h"
#include "settings.h"
#include "users.h"
#include "xmem.h"

/* How many stored hashes this process has checked with argon2. */
static uint64_t auth_verifications;

/*
 * Read "m=..,t=..,p=.." from an encoded hash: 0 when usable, -1 when
 * malformed or absurd (too costly to try), -2 when weaker than we hash
 * with (an edited row must not make a password cheap to guess).
 */
static int
auth_params(const char *encoded)
{
	unsigned long m, t, p;
	const char *s;

	if (strncmp(encoded, "$argon2id$v=19$", 15) != 0)
		return -1;
	s = encoded + 15;
	if (s[0] != 'm' || s[1] != '=' || s[2] < '0' || s[2] > '9')
		return -1;
	if (sscanf(s, "m=%lu,t=%lu,p=%lu$", &m, &t, &p) != 3)
		return -1;
	if (m > AUTH_MAX_M_KIB || t > AUTH_MAX_T || p < 1 || p > AUTH_MAX_P)
		return -1;
	if (m < AUTH_M_KIB || t < AUTH_T || p < AUTH_P)
		return -2;
	return 0;
}

int
auth_verify(const char *encoded, const char *pw)
{
	int rc;

	if (auth_params(encoded) != 0)
		return -1;
	auth_verifications++;
	rc = argon2id_verify(encoded, pw, strlen(pw));
	if (rc == ARGON2_OK)
		return 1;
	if (rc == ARGON2_VERIFY_MISMATCH)
		return 0;
	return -1;
}

uint64_t
auth_verify_count(void)
{
	return auth_verifications;
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


/*
 * One login attempt between its two transactions. The first checks the lock
 * and counts the attempt before any argon2 runs, so that parallel attempts
 * each take a numbered place and at most lockout_threshold of them get as
 * far as a verification; the second writes the outcome.
 */
struct auth_attempt {
	char		 key[AUTH_KEY_MAX];	/* the name as counted, audited */
	char		*pw_hash;	/* NULL for an unknown name */
	int		 disabled;
	int		 locked;	/* locked before it: never verified */
	int		 params;	/* auth_params of pw_hash */
	int64_t		 count;		/* the failures row as this attempt */
	int64_t		 last;		/* left it: count, last_failed_at */
	int64_t		 locked_until;	/* and locked_until (0 for NULL) */
};

void
auth_unknown_key(const char *name, char key[AUTH_KEY_MAX])
{
	struct hash_ctx *h;
	char hex[HASH_HEXLEN + 1], head[3];
	size_t i;

	/* Only the first two characters, and only when they are plain
	 * ASCII letters or digits: a password typed as the name must not
	 * land in the log, nor escape sequences in a terminal. */
	for (i = 0; i < 2; i++) {
		head[i] = name[i];
		if (name[i] == '\0')
			break;
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9')))
			head[i] = '?';
	}
	head[i] = '\0';
	h = hash_ctx_create();
	hash_ctx_field(h, "kpidesk.unknown-name.v1");
	hash_ctx_field(h, name);
	hash_ctx_final_hex(h, hex);
	snprintf(key, AUTH_KEY_MAX, "unknown:%s\xe2\x80\xa6#%.8s", head, hex);
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
	rc = db_step_row(db, st, "users", cause);
	if (rc == 1) {
		*pw_hash = xstrdup((const char *)sqlite3_column_text(st, 0));
		*disabled = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == -1 ? -1 : !rc;
}

/* Whether a's key is locked at now; its count and lock in a when so. */
static int
auth_is_locked(struct db *db, struct auth_attempt *a, int64_t now,
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT count, locked_until FROM login_failures "
	    "WHERE name = ?1 AND locked_until > ?2", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, a->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		a->locked = 1;
		a->count = sqlite3_column_int64(st, 0);
		a->locked_until = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = db_error(db, "reading login failures");
		return -1;
	}
	return 0;
}

/* Run sql, which counts a failure of a's key (?1) at now (?2) and returns
 * the new count, into a->count. */
static int
auth_step_count(struct db *db, const char *sql, struct auth_attempt *a,
    int64_t now, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, a->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		a->count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		*cause = db_error(db, "counting a login attempt");
		return -1;
	}
	return 0;
}

/* Count a's attempt as a failure until it proves otherwise, locking the key
 * when the count reaches the threshold. */
static int
auth_count(struct db *db, struct auth_attempt *a, int64_t now, char **cause)
{
	int64_t threshold = settings_int(db, SET_LOCKOUT_THRESHOLD);
	int64_t minutes = settings_int(db, SET_LOCKOUT_MINUTES);
	sqlite3_stmt *st;
	int rc;

	/* An expired lock starts a fresh count. */
	if (auth_step_count(db, "INSERT INTO login_failures (name, count, "
	    "last_failed_at, locked_until) VALUES (?1, 1, ?2, NULL) "
	    "ON CONFLICT (name) DO UPDATE SET "
	    "count = CASE WHEN locked_until IS NOT NULL AND locked_until <= ?2 "
	    "  THEN 1 ELSE count + 1 END, last_failed_at = ?2, "
	    "locked_until = NULL "
	    "RETURNING count", a, now, cause) == -1)
		return -1;
	a->last = now;
	a->locked_until = 0;
	if (threshold <= 0 || a->count < threshold)
		return 0;
	a->locked_until = now + minutes * 60;
	if (db_prepare(db, "UPDATE login_failures SET locked_until = ?2 "
	    "WHERE name = ?1", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, a->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->locked_until);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

/* Count an attempt refused by the lock too, keeping the lock as it is: a
 * success that was counted before it then knows it was not alone. */
static int
auth_count_locked(struct db *db, struct auth_attempt *a, int64_t now,
    char **cause)
{
	return auth_step_count(db, "UPDATE login_failures SET count = count + 1, "
	    "last_failed_at = ?2 WHERE name = ?1 RETURNING count", a, now, cause);
}

/* Look name up, check the lock, count the attempt. */
static int
auth_attempt_count(struct db *db, const char *name, int64_t now,
    struct auth_attempt *a, char **cause)
{
	int found;

	found = auth_lookup(db, name, &a->pw_hash, &a->disabled, cause);
	if (found == -1)
		return -1;
	if (found == 0) {
		snprintf(a->key, sizeof a->key, "%s", name);
		a->params = auth_params(a->pw_hash);
	} else
		auth_unknown_key(name, a->key);
	if (auth_is_locked(db, a, now, cause) == -1)
		return -1;
	if (a->locked)
		return auth_count_locked(db, a, now, cause);
	return auth_count(db, a, now, cause);
}

/* The first transaction: auth_attempt_count, committed. */
static int
auth_begin_attempt(struct db *db, const char *name, int64_t now,
    struct auth_attempt *a, char **cause)
{
	if (db_begin(db, cause) == -1)
		return -1;
	return db_end(db, auth_attempt_count(db, name, now, a, cause), cause);
}

/* Forget the failures of a's key after a success, but only if the row is
 * still the one a counted: a failure (and a lock) counted meanwhile stays. */
static int
auth_reset(struct db *db, const struct auth_attempt *a, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "DELETE FROM login_failures WHERE name = ?1 AND "
	    "count = ?2 AND last_failed_at = ?3 AND "
	    "coalesce(locked_until, 0) = ?4", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, a->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->count);
	sqlite3_bind_int64(st, 3, a->last);
	sqlite3_bind_int64(st, 4, a->locked_until);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	return rc;
}

/* Audit a refusal counted in a as a failure; the result says so. */
static int
auth_failed(struct db *db, const struct auth_attempt *a, const char *why,
    struct auth_result *res, char **cause)
{
	char *details;
	int rc;

	res->failures = a->count;
	res->locked_until = a->locked_until;
	res->status = a->locked_until != 0 ? AUTH_LOCKED : AUTH_BAD;
	details = xasprintf("%s; failure %lld%s", why, (long long)a->count,
	    a->locked_until != 0 ? "; locked" : "");
	rc = audit_append(db, a->key, "login.failed", a->key, details, cause);
	free(details);
	return rc;
}

/* The right password: log in, unless the account's rows differ from what
 * the audit log recorded (a pw_hash or a role put there behind kpidesk's
 * back), which is refused with an integrity alert. */
static int
auth_succeed(struct db *db, const struct auth_attempt *a, const char *name,
    struct auth_result *res, char **cause)
{
	char *edited, *details;
	int rc;

	if (ledger_check_account(db, name, &edited, cause) == -1)
		return -1;
	if (edited != NULL) {
		res->status = AUTH_INTEGRITY;
		res->edited = 1;
		details = xasprintf("%s; login refused", edited);
		rc = audit_append(db, name, "integrity.alert", name, details,
		    cause);
		free(details);
		free(edited);
		return rc;
	}
	rc = users_roles(db, name, &res->roles, cause);
	if (rc == 0)
		rc = auth_reset(db, a, cause);
	if (rc == 0)
		rc = audit_append(db, name, "login", name, "ok", cause);
	if (rc == 0)
		res->status = AUTH_OK;
	return rc;
}

/* The second transaction: the outcome of verification v (1 right, 0 wrong,
 * -1 not verified) audited, the failures reset after a success. */
static int
auth_end_attempt(struct db *db, const char *name,
    const struct auth_attempt *a, int v, struct auth_result *res,
    char **cause)
{
	int rc;

	if (db_begin(db, cause) == -1)
		return -1;
	if (a->locked) {
		res->status = AUTH_LOCKED;
		res->failures = a->count;
		res->locked_until = a->locked_until;
		rc = audit_append(db, a->key, "login.locked", a->key,
		    "attempt while locked", cause);
	} else if (a->pw_hash == NULL)
		rc = auth_failed(db, a, "unknown user", res, cause);
	else if (a->params != 0) {
		res->status = AUTH_INTEGRITY;
		res->weak_hash = a->params == -2;
		rc = audit_append(db, name, "integrity.alert", name,
		    a->params == -2 ? "stored password hash is weaker than "
		    "the minimum (argon2id m=19456 KiB, t=2, p=1); login "
		    "refused" : "stored password hash is malformed or has "
		    "absurd parameters; login refused", cause);
	} else if (v == 0)
		rc = auth_failed(db, a, "wrong password", res, cause);
	else if (v == -1) {
		res->status = AUTH_INTEGRITY;
		rc = audit_append(db, name, "integrity.alert", name,
		    "stored password hash could not be verified; login "
		    "refused", cause);
	} else if (a->disabled) {
		res->status = AUTH_DISABLED;
		rc = audit_append(db, name, "login.refused", name,
		    "account disabled", cause);
	} else
		rc = auth_succeed(db, a, name, res, cause);
	if (rc == -1) {
		db_rollback(db);
		res->status = AUTH_BAD;
		return -1;
	}
	return db_commit(db, cause);
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

int
auth_logout(struct db *db, const char *name, const char *how, char **cause)
{
	return audit_append(db, name, "logout", name, how, cause);
}

int
auth_login(struct db *db, const char *name, const char *pw, int64_t now,
    struct auth_result *res, char **cause)
{
	struct auth_attempt a;
	int64_t base;
	int v = -1, shift, rc;

	memset(res, 0, sizeof *res);
	memset(&a, 0, sizeof a);
	res->status = AUTH_BAD;
	if (auth_begin_attempt(db, name, now, &a, cause) == -1) {
		free(a.pw_hash);
		return -1;
	}
	/* Outside any transaction: argon2 never holds the write lock. A
	 * refusal that needs no verification spends the same work, so its
	 * time tells nothing. */
	if (!a.locked && a.pw_hash != NULL && a.params == 0)
		v = auth_verify(a.pw_hash, pw);
	else
		auth_dummy_verify(pw);
	rc = auth_end_attempt(db, name, &a, v, res, cause);
	free(a.pw_hash);
	if (rc == -1)
		return -1;
	if (res->status != AUTH_BAD && (res->status != AUTH_LOCKED || a.locked))
		return 0;
	/* The delay doubles with each failure, up to 64 times the base. */
	base = settings_int(db, SET_LOGIN_DELAY_MS);
	shift = res->failures > 7 ? 6 : (int)res->failures - 1;
	res->delay_ms = base > 0 && shift >= 0 ? base << shift : 0;
	auth_sleep_ms(res->delay_ms);
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
		if (res->weak_hash)
			return xstrdup("this account's stored password hash "
			    "is weaker than kpidesk allows (argon2id below "
			    "m=19456 KiB, t=2, p=1), so it may have been "
			    "replaced; the incident is logged: ask an admin "
			    "to set a new password");
		if (res->edited)
			return xstrdup("this account's record was changed "
			    "behind kpidesk's back (its password hash or "
			    "roles differ from the audit log); the incident "
			    "is logged: ask an admin ('kpidesk audit verify', "
			    "then 'kpidesk user passwd' and 'user roles')");
		return xstrdup("this account's stored password is damaged; "
		    "the incident is logged: ask an admin to reset it");
	case AUTH_BAD:
		break;
	}
	return xstrdup("wrong user name or password");
}
