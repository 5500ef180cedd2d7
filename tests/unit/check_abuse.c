/*
 * Unit tests (auth, audit): login abuse. 1,000 login attempts against one
 * account (set KP_ABUSE_ATTEMPTS to run fewer, as the valgrind step does)
 * on a simulated
 * clock, checked attempt by attempt against a model of the policy: the
 * delay doubles up to 64 times the base, the lockout holds for its whole
 * duration even against the right password, and every attempt is in the
 * audit log, never with a password. Then the work of a refusal for a real
 * user, an unknown user and a locked user: argon2 runs counted, with their
 * cost, by standing in for libargon2's argon2_ctx (no clock read). Then
 * parallel attempts, each a process with its own connection, all let go at
 * once: 30 wrong passwords run argon2 exactly lockout_threshold times and
 * lock the name; a right password among 25 wrong ones never gets in after
 * the threshold and never clears the lock.
 */
#include <sys/wait.h>

#include <dlfcn.h>
#include <time.h>
#include <unistd.h>

#include <argon2.h>

#include "testutil.h"

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "password.h"
#include "schema.h"
#include "users.h"
#include "xmem.h"

#define PW		"correct horse battery"
#define WRONG		"wrong horse battery"
#define T0		1760000000
#define THRESHOLD	10
#define MINUTES		15
#define STEP		10	/* simulated seconds between attempts */

static char *dir, *path;
static struct db *db;

static void
setup(void)
{
	char *cause = NULL;

	dir = testutil_tmpdir();
	path = xasprintf("%s/kp.db", dir);
	ck_assert_int_eq(schema_open(path, DB_CREATE, &db, &cause), 0);
	ck_assert_int_eq(users_add(db, "os:test", "alice", ROLE_ANALYST, PW,
	    &cause), 0);
}

static void
teardown(void)
{
	db_close(db);
	testutil_rmtree(dir);
	free(dir);
	free(path);
}

static void
set(const char *key, const char *value)
{
	char *cause = NULL;

	ck_assert_int_eq(db_setting_set(db, key, value, &cause), 0);
}

static int64_t
count(const char *sql)
{
	int64_t n = -1;
	char *cause = NULL;

	ck_assert_int_eq(db_query_ints(db, sql, 0, 0, &n, NULL, &cause), 0);
	return n;
}

static int
attempts(void)
{
	const char *s = getenv("KP_ABUSE_ATTEMPTS");
	int n = s != NULL ? atoi(s) : 0;

	return n > 0 ? n : 1000;
}

START_TEST(test_many_wrong_passwords)
{
	struct auth_result res;
	char *cause = NULL;
	int64_t now = T0, run = 0, locked_until = 0, want_delay, max_delay = 0;
	int i, n = attempts(), right = 0, locks = 0, is_right;
	struct audit_check chk;
	const char *pw;

	/* A 1 ms base keeps the real sleeps short (at most 64 ms each). */
	set("login_delay_ms", "1");
	set("lockout_threshold", "10");
	set("lockout_minutes", "15");
	for (i = 0; i < n; i++, now += STEP) {
		/* While locked, every third attempt uses the right password. */
		is_right = locked_until > now && i % 3 == 0;
		pw = is_right ? PW : WRONG;
		right += is_right;
		ck_assert_int_eq(auth_login(db, "alice", pw, now, &res, &cause),
		    0);
		if (locked_until > now) {
			ck_assert_msg(res.status == AUTH_LOCKED,
			    "attempt %d: status %d while locked", i, res.status);
			ck_assert_int_eq(res.locked_until, locked_until);
			ck_assert_int_eq(res.delay_ms, 0);
			continue;
		}
		if (locked_until != 0) {
			run = 0;	/* the lock expired: a fresh count */
			locked_until = 0;
		}
		run++;
		ck_assert_int_eq(res.failures, run);
		want_delay = (int64_t)1 << (run > 7 ? 6 : run - 1);
		ck_assert_int_eq(res.delay_ms, want_delay);
		if (res.delay_ms > max_delay)
			max_delay = res.delay_ms;
		if (run >= THRESHOLD) {
			ck_assert_int_eq(res.status, AUTH_LOCKED);
			ck_assert_int_eq(res.locked_until, now + MINUTES * 60);
			locked_until = res.locked_until;
			locks++;
		} else
			ck_assert_int_eq(res.status, AUTH_BAD);
	}
	ck_assert_int_eq(max_delay, 64);
	if (n >= 200) {
		ck_assert_int_gt(locks, 1);
		ck_assert_int_gt(right, 10);
	}

	/* Every attempt is audited, as a failure or as an attempt while
	 * locked; none as a login; no password anywhere. */
	ck_assert_int_eq(count("SELECT count(*) FROM audit_log WHERE "
	    "action IN ('login.failed', 'login.locked') AND object = 'alice'"),
	    n);
	ck_assert_int_eq(count("SELECT count(*) FROM audit_log WHERE "
	    "action = 'login'"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM audit_log WHERE "
	    "instr(details, 'horse') > 0 OR instr(actor || object, 'horse') "
	    "> 0"), 0);
	ck_assert_int_eq(audit_verify(db, &chk, &cause), 0);
	ck_assert_msg(chk.ok, "audit chain: %s", chk.problem);

	/* Once the lock has run out, the right password works. */
	if (locked_until < now)
		locked_until = now;
	ck_assert_int_eq(auth_login(db, "alice", PW, locked_until, &res,
	    &cause), 0);
	ck_assert_int_eq(res.status, AUTH_OK);
}
END_TEST

/*
 * Every argon2 computation this process makes, whatever the entry point:
 * the test stands in for libargon2's argon2_ctx, which its hash and verify
 * functions all call (the executable's definition wins over the shared
 * library's, as with any symbol; the real one is found with RTLD_NEXT).
 * It counts the runs and keeps the cost of the last. A refusal's cost is
 * then a count and three numbers, the same under any load.
 */
static struct {
	int		 runs;
	uint32_t	 t, m, p;
} a2;

int
argon2_ctx(argon2_context *ctx, argon2_type type)
{
	static int (*real)(argon2_context *, argon2_type);

	if (real == NULL)
		real = (int (*)(argon2_context *, argon2_type))dlsym(RTLD_NEXT,
		    "argon2_ctx");
	if (real == NULL)
		abort();
	a2.runs++;
	a2.t = ctx->t_cost;
	a2.m = ctx->m_cost;
	a2.p = ctx->lanes;
	return real(ctx, type);
}

/* One refusal of name with a wrong password at now: exactly one argon2 run
 * at kpidesk's cost, no delay (login_delay_ms is 0), the status wanted;
 * returns how many of the lockout-bounded verifications it made. */
static uint64_t
refusal_work(const char *name, int64_t now, enum auth_status want)
{
	struct auth_result res;
	char *cause = NULL;
	uint64_t before = auth_verify_count();

	memset(&a2, 0, sizeof a2);
	ck_assert_int_eq(auth_login(db, name, WRONG, now, &res, &cause), 0);
	ck_assert_int_eq(res.status, want);
	ck_assert_int_eq(res.delay_ms, 0);
	ck_assert_msg(a2.runs == 1, "%s: %d argon2 runs", name, a2.runs);
	ck_assert_uint_eq(a2.t, AUTH_T);
	ck_assert_uint_eq(a2.m, AUTH_M_KIB);
	ck_assert_uint_eq(a2.p, AUTH_P);
	return auth_verify_count() - before;
}

/* A refusal spends the same work for a real user (her stored hash
 * verified), an unknown name and a locked user (a dummy hash at the same
 * cost): one argon2 run each, at the cost of the stored hashes. Only the
 * real one counts as a verification. This is what makes their refusal
 * times equal; counted, not timed, it holds under any machine load. */
START_TEST(test_same_work_real_unknown_locked)
{
	struct auth_result res;
	char *cause = NULL;
	int64_t m = 0, t = 0, p = 0;

	set("login_delay_ms", "0");
	set("lockout_threshold", "1");
	/* The stored hashes are made at the cost the refusals must match. */
	memset(&a2, 0, sizeof a2);
	ck_assert_int_eq(users_add(db, "os:test", "carol", ROLE_ANALYST, PW,
	    &cause), 0);
	ck_assert_int_eq(a2.runs, 1);
	ck_assert_int_eq(db_query_ints(db, "SELECT CAST(substr(pw_hash, "
	    "instr(pw_hash, 'm=') + 2) AS INTEGER), CAST(substr(pw_hash, "
	    "instr(pw_hash, ',t=') + 3) AS INTEGER) FROM users WHERE name = "
	    "'carol'", 0, 0, &m, &t, &cause), 0);
	ck_assert_int_eq(db_query_ints(db, "SELECT CAST(substr(pw_hash, "
	    "instr(pw_hash, ',p=') + 3) AS INTEGER) FROM users WHERE name = "
	    "'carol'", 0, 0, &p, NULL, &cause), 0);
	ck_assert_int_eq(m, a2.m);
	ck_assert_int_eq(t, a2.t);
	ck_assert_int_eq(p, a2.p);

	/* carol is locked by one failure (a verification of her hash). */
	ck_assert_uint_eq(refusal_work("carol", T0, AUTH_LOCKED), 1);
	/* With a threshold of 1 every refusal locks; alice's lock is lifted
	 * before each of hers, so that her hash is verified. */
	ck_assert_int_eq(auth_unlock(db, "alice", &cause), 0);
	ck_assert_uint_eq(refusal_work("alice", T0 + 1, AUTH_LOCKED), 1);
	ck_assert_uint_eq(refusal_work("nobody", T0 + 1, AUTH_LOCKED), 0);
	ck_assert_uint_eq(refusal_work("carol", T0 + 1, AUTH_LOCKED), 0);
	/* The right password while locked: the same dummy work, refused. */
	memset(&a2, 0, sizeof a2);
	ck_assert_int_eq(auth_login(db, "carol", PW, T0 + 2, &res, &cause),
	    0);
	ck_assert_int_eq(res.status, AUTH_LOCKED);
	ck_assert_int_eq(a2.runs, 1);
	ck_assert_uint_eq(a2.m, AUTH_M_KIB);
	/* And a success costs one run too. */
	ck_assert_int_eq(auth_unlock(db, "alice", &cause), 0);
	memset(&a2, 0, sizeof a2);
	ck_assert_int_eq(auth_login(db, "alice", PW, T0 + 2, &res, &cause),
	    0);
	ck_assert_int_eq(res.status, AUTH_OK);
	ck_assert_int_eq(a2.runs, 1);
}
END_TEST

#define PARALLEL	30

/*
 * Start n login attempts for alice, each in its own process with its own
 * database connection, held behind a pipe until all are ready and then let
 * go together. The attempt right (or -1 for none) uses the right password.
 * status[i] is attempt i's auth_status, verified[i] how many times it ran
 * argon2 on the stored hash (0 or 1).
 */
static void
parallel_logins(int n, int right, int status[], int verified[])
{
	int go[2], ready[2], i, ws, code;
	pid_t pid[PARALLEL];
	char c, *cause = NULL;

	ck_assert_int_le(n, PARALLEL);
	/* No connection crosses a fork: the fixture's is closed meanwhile. */
	db_close(db);
	db = NULL;
	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(ready), 0);
	for (i = 0; i < n; i++) {
		ck_assert_int_ne(pid[i] = fork(), -1);
		if (pid[i] == 0) {
			struct auth_result res;
			struct db *mine;
			uint64_t before;

			close(go[1]);
			close(ready[0]);
			if (schema_open(path, 0, &mine, &cause) == -1)
				_exit(100);
			(void)!write(ready[1], "r", 1);
			if (read(go[0], &c, 1) != 0)	/* EOF: go */
				_exit(101);
			before = auth_verify_count();
			if (auth_login(mine, "alice", i == right ? PW : WRONG,
			    T0, &res, &cause) == -1)
				_exit(102);
			code = (int)res.status |
			    (int)(auth_verify_count() - before) << 4;
			db_close(mine);
			_exit(code);
		}
	}
	close(go[0]);
	close(ready[1]);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	close(go[1]);		/* the barrier: every child reads EOF at once */
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(waitpid(pid[i], &ws, 0), pid[i]);
		ck_assert_msg(WIFEXITED(ws) && WEXITSTATUS(ws) < 100,
		    "attempt %d failed (%d)", i, ws);
		status[i] = WEXITSTATUS(ws) & 0xf;
		verified[i] = WEXITSTATUS(ws) >> 4;
	}
	ck_assert_int_eq(schema_open(path, 0, &db, &cause), 0);
}

/* Whether alice is locked at T0 + 1, and her failures' count. */
static int
locked(int64_t *n)
{
	int64_t until = 0;
	char *cause = NULL;

	ck_assert_int_eq(db_query_ints(db, "SELECT count, locked_until FROM "
	    "login_failures WHERE name = 'alice'", 0, 0, n, &until, &cause),
	    0);
	return until > T0 + 1;
}

START_TEST(test_parallel_wrong_passwords)
{
	int status[PARALLEL], verified[PARALLEL], i, nverified = 0;
	int nbad = 0, nlocked = 0;
	struct audit_check chk;
	char *cause = NULL;
	int64_t n;

	set("login_delay_ms", "0");
	set("lockout_threshold", "5");
	parallel_logins(PARALLEL, -1, status, verified);
	for (i = 0; i < PARALLEL; i++) {
		nverified += verified[i];
		nbad += status[i] == AUTH_BAD;
		nlocked += status[i] == AUTH_LOCKED;
	}
	fprintf(stderr, "%d parallel wrong passwords: %d verified, %d "
	    "refused as wrong, %d as locked\n", PARALLEL, nverified, nbad,
	    nlocked);
	/* The first five counted are verified; the fifth locks; the other
	 * 25 are refused unverified. */
	ck_assert_int_eq(nverified, 5);
	ck_assert_int_eq(nbad, 4);
	ck_assert_int_eq(nlocked, PARALLEL - 4);
	/* Refused or not, every attempt is counted. */
	ck_assert_int_eq(locked(&n), 1);
	ck_assert_int_eq(n, PARALLEL);
	ck_assert_int_eq(count("SELECT count(*) FROM audit_log WHERE "
	    "action = 'login.failed' AND details LIKE 'wrong password%'"), 5);
	ck_assert_int_eq(count("SELECT count(*) FROM audit_log WHERE "
	    "action = 'login.locked'"), PARALLEL - 5);
	ck_assert_int_eq(audit_verify(db, &chk, &cause), 0);
	ck_assert_msg(chk.ok, "audit chain: %s", chk.problem);
}
END_TEST

START_TEST(test_parallel_right_among_wrong)
{
	int status[26], verified[26], i, nverified = 0;
	int64_t n, login_seq = 0, before = 0;
	char *cause = NULL;

	set("login_delay_ms", "0");
	set("lockout_threshold", "5");
	parallel_logins(26, 13, status, verified);
	for (i = 0; i < 26; i++)
		nverified += verified[i];
	fprintf(stderr, "1 right among 25 wrong: the right one %s, %d "
	    "verified\n", status[13] == AUTH_OK ? "logged in" : "refused",
	    nverified);
	/* Never refused as wrong; locked means refused unverified. */
	ck_assert_int_ne(status[13], AUTH_BAD);
	if (status[13] == AUTH_LOCKED)
		ck_assert_int_eq(verified[13], 0);
	if (status[13] == AUTH_OK) {
		/* It got in only as one of the first five counted: fewer
		 * than five failures were written before its login. */
		ck_assert_int_eq(db_query_ints(db, "SELECT seq FROM audit_log "
		    "WHERE action = 'login'", 0, 0, &login_seq, NULL, &cause),
		    0);
		ck_assert_int_eq(db_query_ints(db, "SELECT count(*) FROM "
		    "audit_log WHERE action = 'login.failed' AND seq < ?1",
		    login_seq, 0, &before, NULL, &cause), 0);
		ck_assert_int_le(before, 4);
		ck_assert_int_le(nverified, 10);
	} else
		ck_assert_int_eq(nverified, 5);
	/* Whatever the order, the 25 wrong ones leave the name locked: the
	 * success did not clear a lock. */
	ck_assert_int_eq(locked(&n), 1);
	ck_assert_int_ge(n, 5);
	/* One lock, set by the attempt that reached the threshold: a
	 * failure, or the right one itself when it was counted fifth (it
	 * is counted before argon2 runs, and its success clears nothing
	 * once others were counted; audit entries are written after the
	 * verification, so their order does not tell which was fifth). */
	n = count("SELECT count(*) FROM audit_log WHERE "
	    "action = 'login.failed' AND details LIKE '%; locked'");
	if (status[13] == AUTH_OK)
		ck_assert_int_le(n, 1);
	else
		ck_assert_int_eq(n, 1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("abuse");
	TCase *tc = tcase_create("login");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_many_wrong_passwords);
	tcase_add_test(tc, test_same_work_real_unknown_locked);
	tcase_add_test(tc, test_parallel_wrong_passwords);
	tcase_add_test(tc, test_parallel_right_among_wrong);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
