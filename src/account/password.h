/*
 * password: hashing a new password (argon2id) and the password policy; for
 * users (setting a password) and auth (whose verification refuses hashes
 * below this cost). Below both, so users need not include auth.
 */
#ifndef KP_PASSWORD_H
#define KP_PASSWORD_H

struct db;

/* argon2id cost: 19 MiB, 2 passes, 1 lane (the OWASP minimum). */
#define PASSWORD_M_KIB		19456
#define PASSWORD_T		2
#define PASSWORD_P		1
#define PASSWORD_SALT_LEN	16
#define PASSWORD_HASH_LEN	32

/* Hash pw into argon2's encoded form with a fresh 16-byte salt. Caller frees
 * *encoded. -1 and *cause on error. */
int password_hash(const char *pw, char **encoded, char **cause);
/* 0 if pw may be used by name, else -1 and *cause saying why: too short or
 * long, the name or the product name, only spaces, nothing visible, one
 * character repeated, or a common password. */
int password_check_policy(struct db *db, const char *name, const char *pw,
    char **cause);

#endif
