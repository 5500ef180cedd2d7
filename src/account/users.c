/* users: accounts and their roles (analyst, approver, auditor, admin). */
#include "users.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "password.h"
#include "strbuf.h"
#include "xmem.h"

static const struct {
	unsigned	 bit;
	const char	*name;
} users_role_names[] = {
	{ ROLE_ANALYST, "analyst" },
	{ ROLE_APPROVER, "approver" },
	{ ROLE_AUDITOR, "auditor" },
	{ ROLE_ADMIN, "admin" },
};
#define USERS_NROLES (sizeof users_role_names / sizeof users_role_names[0])

int
users_parse_roles(const char *s, unsigned *roles, char **cause)
{
	const char *p = s, *end;
	size_t i, len;

	*roles = 0;
	while (*p != '\0') {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < USERS_NROLES; i++) {
			if (strlen(users_role_names[i].name) == len &&
			    strncmp(users_role_names[i].name, p, len) == 0)
				break;
		}
		if (i == USERS_NROLES) {
			*cause = xasprintf("unknown role '%.*s': use analyst, "
			    "approver, auditor or admin", (int)len, p);
			return -1;
		}
		*roles |= users_role_names[i].bit;
		p += len;
		if (*p == ',')
			p++;
	}
	if (*roles == 0) {
		*cause = xstrdup("no role given: use analyst, approver, "
		    "auditor or admin");
		return -1;
	}
	return 0;
}

char *
users_format_roles(unsigned roles)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	for (i = 0; i < USERS_NROLES; i++) {
		if ((roles & users_role_names[i].bit) == 0)
			continue;
		if (sb.len > 0)
			strbuf_putc(&sb, ',');
		strbuf_puts(&sb, users_role_names[i].name);
	}
	if (sb.len == 0)
		strbuf_putc(&sb, '-');
	return strbuf_detach(&sb);
}

int
users_check_name(const char *name, char **cause)
{
	size_t i, len = strlen(name);

	if (len == 0 || len > 64) {
		*cause = xstrdup("a user name has 1 to 64 characters");
		return -1;
	}
	for (i = 0; i < len; i++) {
		char c = name[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') ||
		    (i > 0 && (c == '.' || c == '_' || c == '-' || c == '@')))
			continue;
		*cause = xasprintf("user name '%s' is not allowed: use letters, "
		    "digits and . _ - @ (not first)", name);
		return -1;
	}
	if (strncmp(name, "os", 2) == 0 && name[2] == ':') {
		*cause = xstrdup("user names starting 'os:' are reserved");
		return -1;
	}
	return 0;
}

static int
users_write_roles(struct db *db, int64_t id, unsigned roles, char **cause)
{
	sqlite3_stmt *st;
	size_t i;

	if (db_prepare(db, "DELETE FROM user_roles WHERE user_id = ?1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (db_step_done(db, st, cause) == -1) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (db_prepare(db, "INSERT INTO user_roles (user_id, role) "
	    "VALUES (?1, ?2)", &st, cause) == -1)
		return -1;
	for (i = 0; i < USERS_NROLES; i++) {
		if ((roles & users_role_names[i].bit) == 0)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, users_role_names[i].name, -1,
		    SQLITE_STATIC);
		if (db_step_done(db, st, cause) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/* The id of name; 0 found, -1 and *cause when unknown or on error. */
static int
users_id(struct db *db, const char *name, int64_t *id, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT id FROM users WHERE name = ?1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = db_step_row(db, st, "users", cause);
	if (rc == 1)
		*id = sqlite3_column_int64(st, 0);
	else if (rc == 0)
		*cause = xasprintf("no user named '%s': see 'kpidesk user "
		    "list'", name);
	sqlite3_finalize(st);
	return rc == 1 ? 0 : -1;
}

int
users_require_admin(struct db *db, const char *actor, char **cause)
{
	if (strncmp(actor, "os:", 3) == 0)
		return 0;
	return users_require(db, actor, ROLE_ADMIN, cause);
}

int
users_add(struct db *db, const char *actor, const char *name,
    unsigned roles, const char *pw, char **cause)
{
	char now[21], *encoded = NULL, *rolestr = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (users_check_name(name, cause) == -1 ||
	    password_check_policy(db, name, pw, cause) == -1 ||
	    password_hash(pw, &encoded, cause) == -1)
		return -1;
	audit_now(now);
	if (db_begin(db, cause) == -1)
		goto out;
	if (users_require_admin(db, actor, cause) == -1)
		goto fail;
	if (db_prepare(db, "INSERT INTO users (name, pw_hash, created_at, "
	    "created_by, pw_changed_at) VALUES (?1, ?2, ?3, ?4, ?3)", &st,
	    cause) == -1)
		goto fail;
	db_bind_texts(st, name, encoded, now, actor, (const char *)NULL);
	if (sqlite3_step(st) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) ==
		    SQLITE_CONSTRAINT_UNIQUE)
			*cause = xasprintf("user '%s' already exists", name);
		else
			*cause = db_error(db, "adding a user");
		goto fail;
	}
	rolestr = users_format_roles(roles);
	if (users_write_roles(db, sqlite3_last_insert_rowid(db->h), roles,
	    cause) == -1 ||
	    audit_append(db, actor, "user.add", name, rolestr, cause) == -1)
		goto fail;
	rc = db_commit(db, cause);
	goto out;
fail:
	db_rollback(db);
out:
	sqlite3_finalize(st);
	free(rolestr);
	free(encoded);
	return rc;
}

/* A user_roles row: add its role's bit to the mask at arg. */
static int
users_roles_row(sqlite3_stmt *st, void *arg)
{
	const char *role = (const char *)sqlite3_column_text(st, 0);
	unsigned *roles = arg;
	size_t i;

	for (i = 0; i < USERS_NROLES; i++) {
		if (strcmp(role, users_role_names[i].name) == 0)
			*roles |= users_role_names[i].bit;
	}
	return 0;
}

int
users_roles(struct db *db, const char *name, unsigned *roles, char **cause)
{
	int64_t id;
	const struct db_query q = {
		.sql = "SELECT role FROM user_roles WHERE user_id = ?1",
		.ints = &id,
		.n_ints = 1,
		.row = users_roles_row,
		.arg = roles,
		.what = "reading roles"
	};

	if (users_id(db, name, &id, cause) == -1)
		return -1;
	*roles = 0;
	return db_foreach(db, &q, cause);
}

int
users_state(struct db *db, const char *name, unsigned *roles, int *disabled,
    char **cause)
{
	sqlite3_stmt *st;

	if (users_roles(db, name, roles, cause) == -1 ||
	    db_prepare(db, "SELECT disabled FROM users WHERE name = ?1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*cause = db_error(db, "reading users");
		sqlite3_finalize(st);
		return -1;
	}
	*disabled = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return 0;
}

int
users_require(struct db *db, const char *name, unsigned need, char **cause)
{
	unsigned roles;
	int disabled;
	char *want;

	if (users_state(db, name, &roles, &disabled, cause) == -1)
		return -1;
	if (disabled) {
		*cause = xasprintf("%s is disabled: ask an admin", name);
		return -1;
	}
	if ((roles & need) == 0) {
		want = users_format_roles(need);
		*cause = xasprintf("%s no longer holds the %s role: ask an "
		    "admin", name, want);
		free(want);
		return -1;
	}
	return 0;
}

/* The work of users_admin_exec, inside its transaction. */
static int
users_admin_exec_tx(struct db *db, const char *actor,
    const struct users_exec *x, char **cause)
{
	sqlite3_stmt *st;
	int i, rc;

	if (users_require_admin(db, actor, cause) == -1 ||
	    db_prepare(db, x->sql, &st, cause) == -1)
		return -1;
	for (i = 0; x->texts[i] != NULL; i++)
		sqlite3_bind_text(st, i + 1, x->texts[i], -1, SQLITE_STATIC);
	rc = db_step_done(db, st, cause);
	sqlite3_finalize(st);
	if (rc == -1)
		return -1;
	if (x->changes > 0 && sqlite3_changes(db->h) < x->changes) {
		*cause = xasprintf("no %s named '%s': see 'kpidesk %s list'",
		    x->noun, x->texts[0], x->noun);
		return -1;
	}
	return audit_append(db, actor, x->action, x->object, x->details,
	    cause);
}

int
users_admin_exec(struct db *db, const char *actor,
    const struct users_exec *x, char **cause)
{
	if (db_begin(db, cause) == -1)
		return -1;
	return db_end(db, users_admin_exec_tx(db, actor, x, cause), cause);
}

/* Run one statement binding (?1 = name, ?2 = value) on the user name and
 * audit it: the building block of the small account changes. */
static int
users_change(struct db *db, const char *actor, const char *name,
    const char *sql, const char *value, const char *action,
    const char *details, char **cause)
{
	const char *texts[] = { name, value, NULL };
	struct users_exec x = { sql, texts, 1, "user", action, name,
	    details };

	return users_admin_exec(db, actor, &x, cause);
}

int
users_set_roles(struct db *db, const char *actor, const char *name,
    unsigned roles, char **cause)
{
	char *rolestr = users_format_roles(roles);
	int64_t id;
	int rc = -1;

	if (db_begin(db, cause) == 0) {
		rc = users_require_admin(db, actor, cause) == -1 ||
		    users_id(db, name, &id, cause) == -1 ||
		    users_write_roles(db, id, roles, cause) == -1 ||
		    audit_append(db, actor, "user.roles", name, rolestr,
		    cause) == -1 ? -1 : 0;
		rc = db_end(db, rc, cause);
	}
	free(rolestr);
	return rc;
}

int
users_set_disabled(struct db *db, const char *actor, const char *name,
    int disabled, char **cause)
{
	return users_change(db, actor, name,
	    "UPDATE users SET disabled = CAST(?2 AS INTEGER) WHERE name = ?1",
	    disabled ? "1" : "0", disabled ? "user.disable" : "user.enable",
	    "", cause);
}

int
users_unlock(struct db *db, const char *actor, const char *name, char **cause)
{
	const char *texts[] = { name, NULL };
	struct users_exec x = { "DELETE FROM login_failures WHERE name = ?1",
	    texts, 0, "user", "user.unlock", name, "" };
	int64_t id;

	/* The DELETE may touch no row; the name must still be a user's
	 * (users are never deleted, so asking first is safe). */
	if (users_id(db, name, &id, cause) == -1)
		return -1;
	return users_admin_exec(db, actor, &x, cause);
}

int
users_passwd(struct db *db, const char *actor, const char *name,
    const char *pw, char **cause)
{
	char *encoded = NULL;
	int rc;

	if (password_check_policy(db, name, pw, cause) == -1 ||
	    password_hash(pw, &encoded, cause) == -1)
		return -1;
	rc = users_change(db, actor, name,
	    "UPDATE users SET pw_hash = ?2, "
	    "pw_changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
	    "WHERE name = ?1", encoded, "user.passwd", "password changed",
	    cause);
	free(encoded);
	return rc;
}

int64_t
users_count(struct db *db, char **cause)
{
	int64_t n;

	if (db_query_ints(db, "SELECT count(*) FROM users", 0, 0, &n, NULL,
	    cause) == -1)
		return -1;
	return n;
}

/* What users_list has read so far. */
struct users_rows {
	int64_t			 now;
	struct users_info	*list;
	size_t			 n, cap;
};

static int
users_list_row(sqlite3_stmt *st, void *arg)
{
	struct users_rows *rows = arg;
	struct users_info *u;

	rows->list = xgrow(rows->list, rows->n, &rows->cap,
	    sizeof *rows->list);
	u = &rows->list[rows->n++];
	u->name = xstrdup((const char *)sqlite3_column_text(st, 0));
	u->disabled = sqlite3_column_int(st, 1);
	u->created_at = xstrdup((const char *)sqlite3_column_text(st, 2));
	u->created_by = xstrdup((const char *)sqlite3_column_text(st, 3));
	u->failures = sqlite3_column_int64(st, 4);
	u->locked_until = sqlite3_column_int64(st, 5);
	if (u->locked_until != 0 && u->locked_until <= rows->now) {
		u->locked_until = 0;
		u->failures = 0;
	}
	u->roles = 0;
	return 0;
}

int
users_list(struct db *db, int64_t now, struct users_info **list, size_t *n,
    char **cause)
{
	struct users_rows rows = { now, NULL, 0, 0 };
	const struct db_query q = {
		.sql = "SELECT u.name, u.disabled, u.created_at, "
		    "u.created_by, coalesce(f.count, 0), "
		    "coalesce(f.locked_until, 0) "
		    "FROM users u LEFT JOIN login_failures f "
		    "ON f.name = u.name ORDER BY u.name",
		.row = users_list_row,
		.arg = &rows,
		.what = "listing users"
	};
	int rc;

	rc = db_foreach(db, &q, cause);
	*list = rows.list;
	*n = rows.n;
	if (rc == -1) {
		users_list_free(*list, *n);
		return -1;
	}
	for (size_t i = 0; i < *n; i++) {
		if (users_roles(db, (*list)[i].name, &(*list)[i].roles,
		    cause) == -1) {
			users_list_free(*list, *n);
			return -1;
		}
	}
	return 0;
}

void
users_list_free(struct users_info *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].created_at);
		free(list[i].created_by);
	}
	free(list);
}
