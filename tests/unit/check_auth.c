/* Unit tests (password, auth, users, pwlist): argon2id hashes, verification, absurd stored parameters,
 * stored hashes weaker than the minimum refused with an integrity alert,
 * policy (common passwords, names, 128 characters never cut, only spaces,
 * nothing visible, one character repeated), login with delay and lockout,
 * unknown users (kept in the log only as a bounded stand-in), disabled
 * users, roles, password files. */
#include <sys/stat.h>

#include <argon2.h>

#include "testutil.h"

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "password.h"
#include "pwlist.h"
#include "schema.h"
#include "secret.h"
#include "users.h"
#include "xmem.h"

#define PW	"correct horse battery"
#define T0	1760000000

static char *dir, *path;
static struct db *db;

static void
setup(void)
{
	char *cause = NULL;

	dir = testutil_tmpdir();
	path = xasprintf("%s/kp.db", dir);
	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	/* No sleeping in unit tests; the delay is computed all the same. */
	ck_assert_int_eq(db_setting_set(db, "login_delay_ms", "0", &cause), 0);
	ck_assert_int_eq(users_add(db, "os:test", "alice",
	    ROLE_ANALYST | ROLE_APPROVER, PW, &cause), 0);
}

static void
teardown(void)
{
	db_close(db);
	testutil_rmtree(dir);
	free(dir);
	free(path);
}

static int
count_rows(const char *sql)
{
	sqlite3_stmt *st;
	int n;

	ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static enum auth_status
login(const char *name, const char *pw, int64_t now)
{
	struct auth_result res;
	char *cause = NULL;

	ck_assert_int_eq(auth_login(db, name, pw, now, &res, &cause), 0);
	return res.status;
}

START_TEST(test_hash_format)
{
	char *enc = NULL, *enc2 = NULL, *cause = NULL;
	const char *salt;

	ck_assert_int_eq(password_hash(PW, &enc, &cause), 0);
	ck_assert_int_eq(strncmp(enc, "$argon2id$v=19$m=19456,t=2,p=1$", 31), 0);
	/* 16 salt bytes are 22 base64 characters. */
	salt = enc + 31;
	ck_assert_int_eq(strchr(salt, '$') - salt, 22);
	ck_assert_int_eq(auth_verify(enc, PW), 1);
	ck_assert_int_eq(auth_verify(enc, "wrong password!!"), 0);
	ck_assert_int_eq(password_hash(PW, &enc2, &cause), 0);
	ck_assert_str_ne(enc, enc2);	/* fresh salt each time */
	free(enc);
	free(enc2);
}
END_TEST

START_TEST(test_absurd_parameters_refused)
{
	/* A stored hash asking for 4 GiB or 1000 passes is refused unread. */
	ck_assert_int_eq(auth_verify("$argon2id$v=19$m=4194304,t=2,p=1$"
	    "c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    PW), -1);
	ck_assert_int_eq(auth_verify("$argon2id$v=19$m=19456,t=1000,p=1$"
	    "c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    PW), -1);
	ck_assert_int_eq(auth_verify("$argon2i$v=19$m=19456,t=2,p=1$x$y", PW),
	    -1);
	ck_assert_int_eq(auth_verify("garbage", PW), -1);
}
END_TEST

START_TEST(test_integrity_alert)
{
	char *cause = NULL;

	ck_assert_int_eq(db_exec(db, "UPDATE users SET pw_hash = "
	    "'$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE name = 'alice'",
	    &cause), 0);
	ck_assert_int_eq(login("alice", PW, T0), AUTH_INTEGRITY);
	ck_assert_int_eq(count_rows("SELECT count(*) FROM audit_log "
	    "WHERE action = 'integrity.alert' AND object = 'alice'"), 1);
}
END_TEST

START_TEST(test_login_ok_and_roles)
{
	struct auth_result res;
	char *cause = NULL;

	ck_assert_int_eq(auth_login(db, "alice", PW, T0, &res, &cause), 0);
	ck_assert_int_eq(res.status, AUTH_OK);
	ck_assert_uint_eq(res.roles, ROLE_ANALYST | ROLE_APPROVER);
	ck_assert_int_eq(count_rows("SELECT count(*) FROM audit_log "
	    "WHERE action = 'login' AND actor = 'alice' AND details = 'ok'"), 1);
}
END_TEST

START_TEST(test_wrong_password_and_unknown_user)
{
	ck_assert_int_eq(login("alice", "not the password", T0), AUTH_BAD);
	ck_assert_int_eq(login("nobody", "not the password", T0), AUTH_BAD);
	ck_assert_int_eq(count_rows("SELECT count(*) FROM audit_log WHERE "
	    "action = 'login.failed' AND details LIKE 'wrong password%'"), 1);
	ck_assert_int_eq(count_rows("SELECT count(*) FROM audit_log WHERE "
	    "action = 'login.failed' AND details LIKE 'unknown user%'"), 1);
	/* The password never reaches the audit log. */
	ck_assert_int_eq(count_rows("SELECT count(*) FROM audit_log WHERE "
	    "details LIKE '%not the password%' OR object LIKE '%not the%'"), 0);
}
END_TEST

START_TEST(test_delay_grows)
{
	struct auth_result res;
	char *cause = NULL;

	ck_assert_int_eq(db_setting_set(db, "login_delay_ms", "1", &cause), 0);
	ck_assert_int_eq(auth_login(db, "alice", "bad password 1", T0, &res,
	    &cause), 0);
	ck_assert_int_eq(res.delay_ms, 1);
	ck_assert_int_eq(auth_login(db, "alice", "bad password 2", T0, &res,
	    &cause), 0);
	ck_assert_int_eq(res.delay_ms, 2);
	ck_assert_int_eq(auth_login(db, "alice", "bad password 3", T0, &res,
	    &cause), 0);
	ck_assert_int_eq(res.delay_ms, 4);
	ck_assert_int_eq(res.failures, 3);
}
END_TEST

START_TEST(test_lockout_and_expiry)
{
	struct auth_result res;
	char *cause = NULL, *msg;
	int i;

	for (i = 0; i < 4; i++)
		ck_assert_int_eq(login("alice", "bad password!", T0 + i),
		    AUTH_BAD);
	ck_assert_int_eq(login("alice", "bad password!", T0 + 4), AUTH_LOCKED);
	/* Locked: even the right password is refused. */
	ck_assert_int_eq(auth_login(db, "alice", PW, T0 + 5, &res, &cause), 0);
	ck_assert_int_eq(res.status, AUTH_LOCKED);
	ck_assert_int_eq(res.locked_until, T0 + 4 + 15 * 60);
	msg = auth_message(&res);
	ck_assert_ptr_nonnull(strstr(msg, "locked until"));
	free(msg);
	/* The lock lifts by itself after 15 minutes. */
	ck_assert_int_eq(login("alice", PW, T0 + 4 + 15 * 60), AUTH_OK);
	/* ...and a success resets the count. */
	ck_assert_int_eq(count_rows("SELECT count(*) FROM login_failures"), 0);
}
END_TEST

START_TEST(test_unknown_user_locks_too)
{
	int i;

	for (i = 0; i < 5; i++)
		login("ghost", "whatever pass", T0);
	ck_assert_int_eq(login("ghost", "whatever pass", T0 + 10), AUTH_LOCKED);
}
END_TEST

START_TEST(test_admin_unlock)
{
	char *cause = NULL;
	int i;

	for (i = 0; i < 5; i++)
		login("alice", "bad password!", T0);
	ck_assert_int_eq(login("alice", PW, T0 + 1), AUTH_LOCKED);
	ck_assert_int_eq(users_unlock(db, "os:admin", "alice", &cause), 0);
	ck_assert_int_eq(login("alice", PW, T0 + 2), AUTH_OK);
	ck_assert_int_eq(count_rows("SELECT count(*) FROM audit_log "
	    "WHERE action = 'user.unlock' AND actor = 'os:admin'"), 1);
}
END_TEST

START_TEST(test_disabled_user)
{
	char *cause = NULL;

	ck_assert_int_eq(users_set_disabled(db, "os:a", "alice", 1, &cause), 0);
	ck_assert_int_eq(login("alice", PW, T0), AUTH_DISABLED);
	ck_assert_int_eq(login("alice", "bad password!", T0), AUTH_BAD);
	ck_assert_int_eq(users_set_disabled(db, "os:a", "alice", 0, &cause), 0);
	ck_assert_int_eq(login("alice", PW, T0), AUTH_OK);
}
END_TEST

START_TEST(test_policy)
{
	char *cause = NULL;

	ck_assert_int_eq(users_add(db, "os:t", "bob", ROLE_AUDITOR, "short",
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "at least 12"));
	free(cause);
	ck_assert_int_eq(users_add(db, "os:t", "bobbybobbybob", ROLE_AUDITOR,
	    "BobbyBobbyBob", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "user name or hold the product"));
	free(cause);
	ck_assert_int_eq(users_add(db, "os:t", "alice", ROLE_AUDITOR, PW,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "already exists"));
	free(cause);
	ck_assert_int_eq(users_add(db, "os:t", "bad name", ROLE_AUDITOR, PW,
	    &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_policy_common_and_product)
{
	static const char *refused[] = {
		"password1234", "PASSWORD1234", "qwertyuiop123",
		"1234567890qwerty", "1q2w3e4r5t6y", "123456789abc",
	};
	static const char *kept[] = {
		"correct horse battery", "amber-lighthouse-42",
	};
	char *cause = NULL;
	size_t i;

	ck_assert_uint_ge(pwlist_size(), 10000);
	ck_assert_int_eq(pwlist_common("123456"), 1);
	ck_assert_int_eq(pwlist_common("Dragon"), 1);
	ck_assert_int_eq(pwlist_common("dragon "), 0);
	ck_assert_int_eq(pwlist_common(""), 0);
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		ck_assert_msg(password_check_policy(db, "bob", refused[i],
		    &cause) == -1, "%s was accepted", refused[i]);
		ck_assert_ptr_nonnull(strstr(cause, "common passwords"));
		free(cause);
	}
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		cause = NULL;
		ck_assert_msg(password_check_policy(db, "bob", kept[i],
		    &cause) == 0, "%s: %s", kept[i], cause);
	}
	/* The product name anywhere, in any case; the user name as a whole. */
	ck_assert_int_eq(password_check_policy(db, "bob", "my KpiDesk secret",
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "product name"));
	free(cause);
	ck_assert_int_eq(password_check_policy(db, "longusername1",
	    "LongUserName1", &cause), -1);
	free(cause);
	/* A lowered minimum still refuses the list. */
	ck_assert_int_eq(db_setting_set(db, "password_min_length", "4",
	    &cause), 0);
	ck_assert_int_eq(password_check_policy(db, "bob", "dragon", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "common passwords"));
	free(cause);
}
END_TEST

/* n copies of the UTF-8 character c, then tail. Caller frees. */
static char *
repeat(const char *c, size_t n, const char *tail)
{
	size_t cl = strlen(c), tl = strlen(tail), i;
	char *s = xmalloc(cl * n + tl + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * cl, c, cl);
	memcpy(s + cl * n, tail, tl + 1);
	return s;
}

START_TEST(test_long_passwords)
{
	char *pw128, *pw129, *other, *wide, *wide129, *f, *cause = NULL, *got;
	size_t len;

	/* 128 characters log in; one different last character does not. */
	pw128 = repeat("Zq", 63, "x!");
	ck_assert_uint_eq(strlen(pw128), 128);
	ck_assert_int_eq(users_passwd(db, "os:t", "alice", pw128, &cause), 0);
	ck_assert_int_eq(login("alice", pw128, T0), AUTH_OK);
	other = xstrdup(pw128);
	other[127] = '?';
	ck_assert_int_eq(login("alice", other, T0), AUTH_BAD);
	/* 129 are refused, never cut to 128. */
	pw129 = repeat("Zq", 63, "x!y");
	ck_assert_int_eq(users_passwd(db, "os:t", "alice", pw129, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "at most 128 characters"));
	free(cause);
	ck_assert_int_eq(login("alice", pw128, T0), AUTH_OK);

	/* Characters, not bytes: 128 two-byte characters (256 bytes). */
	wide = repeat("\xc3\xa9", 127, "Z");
	ck_assert_int_eq(users_passwd(db, "os:t", "alice", wide, &cause), 0);
	ck_assert_int_eq(login("alice", wide, T0), AUTH_OK);
	wide129 = repeat("\xc3\xa9", 128, "Z");
	ck_assert_int_eq(users_passwd(db, "os:t", "alice", wide129, &cause),
	    -1);
	free(cause);

	/* The same from a password file: whole, or refused. */
	f = xasprintf("%s/pw", dir);
	len = strlen(wide);
	testutil_write(f, wide, len, 0600);
	got = secret_from_file(f, &cause);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, wide);
	xfree_secret(got);
	testutil_write(f, wide129, strlen(wide129), 0600);
	ck_assert_ptr_null(secret_from_file(f, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "longer than 128 characters"));
	free(cause);
	free(f);
	free(pw128);
	free(pw129);
	free(other);
	free(wide);
	free(wide129);
}
END_TEST

START_TEST(test_absurd_parameter_bounds)
{
	/* Just inside the bounds is not refused for its parameters (the hash
	 * is wrong, so 0), just outside is refused unread (-1): below the
	 * minimum we hash with as well as above the maximum. */
	static const char *tail = "$c2FsdHNhbHRzYWx0c2FsdA$"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	char *h;

	h = xasprintf("$argon2id$v=19$m=%d,t=%d,p=1%s", AUTH_M_KIB, AUTH_T,
	    tail);
	ck_assert_int_eq(auth_verify(h, PW), 0);
	free(h);
	h = xasprintf("$argon2id$v=19$m=%d,t=%d,p=1%s", AUTH_M_KIB - 1, AUTH_T,
	    tail);
	ck_assert_int_eq(auth_verify(h, PW), -1);
	free(h);
	h = xasprintf("$argon2id$v=19$m=%d,t=%d,p=1%s", AUTH_M_KIB, AUTH_T - 1,
	    tail);
	ck_assert_int_eq(auth_verify(h, PW), -1);
	free(h);
	h = xasprintf("$argon2id$v=19$m=%d,t=%d,p=1%s", AUTH_MAX_M_KIB + 1, 1,
	    tail);
	ck_assert_int_eq(auth_verify(h, PW), -1);
	free(h);
	h = xasprintf("$argon2id$v=19$m=%d,t=%d,p=1%s", 8, AUTH_MAX_T + 1, tail);
	ck_assert_int_eq(auth_verify(h, PW), -1);
	free(h);
	h = xasprintf("$argon2id$v=19$m=%d,t=1,p=%d%s", 64, AUTH_MAX_P + 1,
	    tail);
	ck_assert_int_eq(auth_verify(h, PW), -1);
	free(h);
	h = xasprintf("$argon2id$v=19$m=-1,t=1,p=1%s", tail);
	ck_assert_int_eq(auth_verify(h, PW), -1);
	free(h);
	h = xasprintf("$argon2id$v=19$m=19456,t=0,p=1%s", tail);
	ck_assert_int_eq(auth_verify(h, PW), -1);
	free(h);
}
END_TEST

START_TEST(test_passwd_and_roles)
{
	char *cause = NULL;
	unsigned roles;

	ck_assert_int_eq(users_passwd(db, "os:t", "alice", "a brand new secret",
	    &cause), 0);
	ck_assert_int_eq(login("alice", PW, T0), AUTH_BAD);
	ck_assert_int_eq(login("alice", "a brand new secret", T0), AUTH_OK);
	ck_assert_int_eq(users_set_roles(db, "os:t", "alice", ROLE_AUDITOR,
	    &cause), 0);
	ck_assert_int_eq(users_roles(db, "alice", &roles, &cause), 0);
	ck_assert_uint_eq(roles, ROLE_AUDITOR);
	ck_assert_int_eq(users_passwd(db, "os:t", "nobody", "a brand new secret",
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no user named"));
	free(cause);
}
END_TEST

START_TEST(test_parse_roles)
{
	unsigned r;
	char *cause = NULL, *s;

	ck_assert_int_eq(users_parse_roles("analyst,admin", &r, &cause), 0);
	ck_assert_uint_eq(r, ROLE_ANALYST | ROLE_ADMIN);
	s = users_format_roles(r);
	ck_assert_str_eq(s, "analyst,admin");
	free(s);
	ck_assert_int_eq(users_parse_roles("analyst,boss", &r, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "boss"));
	free(cause);
	ck_assert_int_eq(users_parse_roles("", &r, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_password_file)
{
	char *f = xasprintf("%s/pw", dir), *cause = NULL, *pw;
	char big[300];

	testutil_write(f, "s3cret-pass-word\n", 17, 0600);
	pw = secret_from_file(f, &cause);
	ck_assert_ptr_nonnull(pw);
	ck_assert_str_eq(pw, "s3cret-pass-word");
	xfree_secret(pw);
	/* Group- or world-readable files are refused. */
	ck_assert_int_eq(chmod(f, 0640), 0);
	ck_assert_ptr_null(secret_from_file(f, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "chmod 600"));
	free(cause);
	ck_assert_int_eq(chmod(f, 0604), 0);
	ck_assert_ptr_null(secret_from_file(f, &cause));
	free(cause);
	/* Empty and over-long passwords are refused, never truncated. */
	testutil_write(f, "\n", 1, 0600);
	ck_assert_ptr_null(secret_from_file(f, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "empty"));
	free(cause);
	memset(big, 'x', sizeof big);
	testutil_write(f, big, sizeof big, 0600);
	ck_assert_ptr_null(secret_from_file(f, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "longer than 128"));
	free(cause);
	/* Exactly 128 is fine, CRLF endings too. */
	memset(big, 'y', 128);
	big[128] = '\r';
	big[129] = '\n';
	testutil_write(f, big, 130, 0600);
	pw = secret_from_file(f, &cause);
	ck_assert_ptr_nonnull(pw);
	ck_assert_uint_eq(strlen(pw), 128);
	xfree_secret(pw);
	free(f);
}
END_TEST

/* A real argon2id hash of pw with the given cost. Caller frees. */
static char *
hash_with(const char *pw, uint32_t t, uint32_t m)
{
	static const uint8_t salt[16] = "0123456789abcdef";
	size_t len = argon2_encodedlen(t, m, 1, sizeof salt, 32, Argon2_id);
	char *enc = xmalloc(len);

	ck_assert_int_eq(argon2id_hash_encoded(t, m, 1, pw, strlen(pw), salt,
	    sizeof salt, 32, enc, len), ARGON2_OK);
	return enc;
}

START_TEST(test_weak_hash_refused)
{
	static const uint32_t cost[][2] = {	/* t, m in KiB */
		{ 1, 8 }, { 1, AUTH_M_KIB }, { AUTH_T, AUTH_M_KIB - 1 },
	};
	struct auth_result res;
	char *cause = NULL, *h, *msg;
	sqlite3_stmt *st;
	uint64_t before;
	size_t i;

	for (i = 0; i < sizeof cost / sizeof cost[0]; i++) {
		/* A right hash of the right password, too cheap to guess. */
		h = hash_with(PW, cost[i][0], cost[i][1]);
		ck_assert_int_eq(sqlite3_prepare_v2(db->h, "UPDATE users SET "
		    "pw_hash = ?1 WHERE name = 'alice'", -1, &st, NULL),
		    SQLITE_OK);
		sqlite3_bind_text(st, 1, h, -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		before = auth_verify_count();
		ck_assert_int_eq(auth_login(db, "alice", PW, T0, &res,
		    &cause), 0);
		ck_assert_int_eq(res.status, AUTH_INTEGRITY);
		ck_assert_int_eq(res.weak_hash, 1);
		/* Refused unread: argon2 never ran on it. */
		ck_assert_uint_eq(auth_verify_count(), before);
		ck_assert_int_eq(auth_verify(h, PW), -1);
		msg = auth_message(&res);
		ck_assert_msg(strstr(msg, "weaker than kpidesk allows") != NULL,
		    "%s", msg);
		free(msg);
		free(h);
		ck_assert_int_eq(count_rows("SELECT count(*) FROM audit_log "
		    "WHERE action = 'integrity.alert' AND object = 'alice' AND "
		    "details LIKE '%weaker than the minimum%'"), (int)i + 1);
		ck_assert_int_eq(count_rows("SELECT count(*) FROM audit_log "
		    "WHERE action = 'login'"), 0);
		ck_assert_int_eq(auth_unlock(db, "alice", &cause), 0);
	}
	/* Our own cost still logs in. */
	h = hash_with(PW, AUTH_T, AUTH_M_KIB);
	ck_assert_int_eq(auth_verify(h, PW), 1);
	free(h);
}
END_TEST

START_TEST(test_unknown_name_kept_bounded)
{
	static const char *typed = "Tr0ub4dor&3 is my password\x1b]0;x\x07";
	char *longname, key[AUTH_KEY_MAX], again[AUTH_KEY_MAX];
	sqlite3_stmt *st;
	int rows = 0;

	/* A password typed into the name field, escape sequence and all. */
	ck_assert_int_eq(login(typed, "not the password", T0), AUTH_BAD);
	ck_assert_int_eq(login(typed, "not the password", T0 + 1), AUTH_BAD);
	longname = xmalloc(1001);
	memset(longname, 'n', 1000);
	longname[1000] = '\0';
	ck_assert_int_eq(login(longname, "not the password", T0), AUTH_BAD);
	ck_assert_int_eq(login("ghost", "not the password", T0), AUTH_BAD);

	auth_unknown_key(typed, key);
	auth_unknown_key(typed, again);
	ck_assert_str_eq(key, again);
	ck_assert_int_eq(strncmp(key, "unknown:Tr\xe2\x80\xa6#", 14), 0);
	ck_assert_uint_eq(strlen(key), 14 + 8);
	auth_unknown_key("\x1b[2J", again);
	ck_assert_int_eq(strncmp(again, "unknown:??\xe2\x80\xa6#", 14), 0);

	/* Nothing typed reaches the log or the failures table verbatim. */
	ck_assert_int_eq(count_rows("SELECT count(*) FROM audit_log WHERE "
	    "instr(actor || object || details, 'ub4dor') > 0 OR "
	    "instr(actor || object || details, 'nnnnnnnnnn') > 0 OR "
	    "instr(actor || object || details, char(27)) > 0 OR "
	    "instr(actor || object || details, 'ghost') > 0"), 0);
	ck_assert_int_eq(count_rows("SELECT count(*) FROM login_failures "
	    "WHERE instr(name, 'ub4dor') > 0 OR length(name) > 64"), 0);
	/* Each entry is bounded and in the stand-in's shape. */
	ck_assert_int_eq(sqlite3_prepare_v2(db->h, "SELECT actor, object "
	    "FROM audit_log WHERE action = 'login.failed'", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);

		ck_assert_str_eq(a, (const char *)sqlite3_column_text(st, 1));
		ck_assert_uint_le(strlen(a), 64);
		ck_assert_int_eq(strncmp(a, "unknown:", 8), 0);
		rows++;
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(rows, 4);
	/* The same typed name is counted as one: the lockout still holds. */
	ck_assert_int_eq(sqlite3_prepare_v2(db->h, "SELECT count FROM "
	    "login_failures WHERE name = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 2);
	sqlite3_finalize(st);
	free(longname);
}
END_TEST

START_TEST(test_policy_shape)
{
	static const struct {
		const char	*pw;
		const char	*why;
	} refused[] = {
		{ "            ", "only spaces" },
		{ "\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0"
		  "\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0",
		  "only spaces" },
		{ "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b"
		  "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b"
		  "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b",
		  "no visible character" },
		{ "\xe2\x80\x8c \xe2\x80\x8d \xef\xbb\xbf \xe2\x81\xa0 "
		  "\xc2\xad \xe2\x80\x8b ", "no visible character" },
		{ "aaaaaaaaaaaa", "one character repeated" },
		{ "zzzz zzzz zzzz", "one character repeated" },
		{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
		  "one character repeated" },
		{ "q\xe2\x80\x8bq\xe2\x80\x8bq\xe2\x80\x8bq\xe2\x80\x8b"
		  "q\xe2\x80\x8bq\xe2\x80\x8b", "one character repeated" },
	};
	static const char *kept[] = {
		"abababababab", "correct horse battery",
		"\xc3\xa9t\xc3\xa9 \xc3\xa0 la plage 7",
	};
	char *cause = NULL;
	size_t i;

	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		cause = NULL;
		ck_assert_msg(password_check_policy(db, "bob", refused[i].pw,
		    &cause) == -1, "refused[%zu] was accepted", i);
		ck_assert_msg(strstr(cause, refused[i].why) != NULL,
		    "refused[%zu]: %s", i, cause);
		free(cause);
	}
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		cause = NULL;
		ck_assert_msg(password_check_policy(db, "bob", kept[i],
		    &cause) == 0, "kept[%zu]: %s", i, cause);
	}
	/* The same through users_add and users_passwd. */
	ck_assert_int_eq(users_passwd(db, "os:t", "alice", "            ",
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "only spaces"));
	free(cause);
	ck_assert_int_eq(users_add(db, "os:t", "bob", ROLE_AUDITOR,
	    "............", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "one character repeated"));
	free(cause);
}
END_TEST

START_TEST(test_longest_name_locks_and_unlocks)
{
	char name[65], *cause = NULL;
	int i;

	/* Counted under its whole name, so an admin's unlock finds it. */
	memset(name, 'l', 64);
	name[64] = '\0';
	ck_assert_int_eq(users_add(db, "os:t", name, ROLE_ANALYST, PW,
	    &cause), 0);
	for (i = 0; i < 5; i++)
		login(name, "bad password!", T0);
	ck_assert_int_eq(login(name, PW, T0 + 1), AUTH_LOCKED);
	ck_assert_int_eq(count_rows("SELECT count(*) FROM login_failures "
	    "WHERE length(name) = 64"), 1);
	ck_assert_int_eq(users_unlock(db, "os:admin", name, &cause), 0);
	ck_assert_int_eq(login(name, PW, T0 + 2), AUTH_OK);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("auth");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hash_format);
	tcase_add_test(tc, test_absurd_parameters_refused);
	tcase_add_test(tc, test_integrity_alert);
	tcase_add_test(tc, test_login_ok_and_roles);
	tcase_add_test(tc, test_wrong_password_and_unknown_user);
	tcase_add_test(tc, test_delay_grows);
	tcase_add_test(tc, test_lockout_and_expiry);
	tcase_add_test(tc, test_unknown_user_locks_too);
	tcase_add_test(tc, test_admin_unlock);
	tcase_add_test(tc, test_disabled_user);
	tcase_add_test(tc, test_policy);
	tcase_add_test(tc, test_policy_common_and_product);
	tcase_add_test(tc, test_long_passwords);
	tcase_add_test(tc, test_absurd_parameter_bounds);
	tcase_add_test(tc, test_passwd_and_roles);
	tcase_add_test(tc, test_parse_roles);
	tcase_add_test(tc, test_password_file);
	tcase_add_test(tc, test_weak_hash_refused);
	tcase_add_test(tc, test_unknown_name_kept_bounded);
	tcase_add_test(tc, test_policy_shape);
	tcase_add_test(tc, test_longest_name_locks_and_unlocks);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
