/*
 * auth: password verification (argon2id; hashing and the policy are
 * password.h) and login with a growing delay and lockout. Every attempt is audited, never
 * with the password.
 */
#ifndef KP_AUTH_H
#define KP_AUTH_H

#include <stdint.h>

#include "password.h"

struct db;

/* argon2id cost, what password_hash uses: verification refuses less. */
#define AUTH_M_KIB	PASSWORD_M_KIB
#define AUTH_T		PASSWORD_T
#define AUTH_P		PASSWORD_P
#define AUTH_SALT_LEN	PASSWORD_SALT_LEN
#define AUTH_HASH_LEN	PASSWORD_HASH_LEN
/* Stored hashes beyond these are refused: an edited row must not make a
 * login cost gigabytes or minutes. */
#define AUTH_MAX_M_KIB	262144
#define AUTH_MAX_T	10
#define AUTH_MAX_P	8

enum auth_status {
	AUTH_OK,
	AUTH_BAD,		/* wrong password or unknown name */
	AUTH_LOCKED,		/* too many failures; see locked_until */
	AUTH_DISABLED,		/* right password, account disabled */
	AUTH_INTEGRITY		/* stored hash unusable; alert audited */
};

struct auth_result {
	enum auth_status status;
	int64_t		 failures;	/* consecutive failures for the name */
	int64_t		 locked_until;	/* epoch seconds, when locked */
	int64_t		 delay_ms;	/* delay served after this failure */
	unsigned	 roles;		/* ROLE_* bits when AUTH_OK */
	int		 weak_hash;	/* AUTH_INTEGRITY: below the minimum */
	int		 edited;	/* AUTH_INTEGRITY: rows differ from the log */
};

/* A user name (64 characters at most, users_check_name) or the stand-in for
 * an unknown one ("unknown:ab\u2026#0123abcd", 22 bytes), and a NUL. */
#define AUTH_KEY_MAX	65

/* 1 if pw matches encoded, 0 if not, -1 if encoded is malformed or its
 * parameters are out of bounds: above the AUTH_MAX_* or below what
 * password_hash uses (AUTH_M_KIB, AUTH_T, AUTH_P); argon2 does not run then. */
int auth_verify(const char *encoded, const char *pw);
/* How many times this process has run argon2 on a stored hash (dummy
 * verifications aside): what the lockout bounds. */
uint64_t auth_verify_count(void);
/* Spend the same work as one verification, for names that do not exist. */
void auth_dummy_verify(const char *pw);
/*
 * Try to log name in at time now (epoch seconds). Fills *res; on a failure
 * it sleeps the growing delay before returning. Returns -1 only when the
 * database fails (*cause).
 *
 * One transaction checks the lock and counts the attempt as a failure
 * before argon2 runs, locking the name at lockout_threshold; so whatever
 * the concurrency, at most that many attempts per lockout window are
 * verified; an attempt refused by the lock is counted too, the lock left as
 * it is. A second transaction writes the outcome; a success resets the
 * count (and so its own lock, had it reached the threshold) only if no
 * other attempt was counted meanwhile. An unknown name is
 * counted and audited as auth_unknown_key() of it, never as typed.
 */
int auth_login(struct db *db, const char *name, const char *pw, int64_t now,
    struct auth_result *res, char **cause);
/* The bounded, sanitized stand-in for an unknown name in the audit log and
 * the failures table: "unknown:" and its first two characters when they
 * are ASCII letters or digits ('?' otherwise), an ellipsis, and 8 hex digits
 * of a SHA-256 of the whole name. */
void auth_unknown_key(const char *name, char key[AUTH_KEY_MAX]);
/* A sentence for the user about a refused login. Caller frees. */
char *auth_message(const struct auth_result *res);
/* Audit that name's session ended (how: "logout" or "quit"); -1 with
 * *cause when the log cannot be written. */
int auth_logout(struct db *db, const char *name, const char *how,
    char **cause);
/* Clear a name's failures and lockout. */
int auth_unlock(struct db *db, const char *name, char **cause);

#endif
