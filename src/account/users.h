/* users: accounts and their roles (analyst, approver, auditor, admin). */
#ifndef KP_USERS_H
#define KP_USERS_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define ROLE_ANALYST	0x1
#define ROLE_APPROVER	0x2
#define ROLE_AUDITOR	0x4
#define ROLE_ADMIN	0x8
#define ROLE_ALL	0xf

struct users_info {
	char		*name;
	unsigned	 roles;
	int		 disabled;
	int64_t		 failures;
	int64_t		 locked_until;	/* epoch seconds, 0 when not locked */
	char		*created_at;
	char		*created_by;
};

/* Parse "analyst,approver" into ROLE_* bits; -1 and *cause on an unknown role. */
int users_parse_roles(const char *s, unsigned *roles, char **cause);
/* Format ROLE_* bits as "analyst,approver" ("-" for none). Caller frees. */
char *users_format_roles(unsigned roles);
/* 0 if name is a valid user name, else -1 and *cause. */
int users_check_name(const char *name, char **cause);

/* Add a user with roles and password pw (policy checked, argon2id hashed);
 * audited as actor. */
int users_add(struct db *db, const char *actor, const char *name,
    unsigned roles, const char *pw, char **cause);
/* The roles of an enabled or disabled user; -1 and *cause if unknown. */
int users_roles(struct db *db, const char *name, unsigned *roles, char **cause);
/* The current roles and disabled flag of name; -1 and *cause if unknown. */
int users_state(struct db *db, const char *name, unsigned *roles,
    int *disabled, char **cause);
/*
 * 0 when name is an enabled user holding one of the roles in need, as the
 * database says now; else -1 and *cause ("ana is disabled", "ana no longer
 * holds the analyst role"). Every action that needs a role calls it inside
 * the transaction that acts, so that a change made meanwhile by an admin
 * holds from that action on.
 */
int users_require(struct db *db, const char *name, unsigned need,
    char **cause);
/* 0 when actor may change accounts and other admin state: the OS user who
 * owns the database file ("os:NAME", the command line), or an enabled
 * admin as the database says now; else -1 and *cause. */
int users_require_admin(struct db *db, const char *actor, char **cause);

/* One audited change to admin state (accounts, sources): in a transaction,
 * users_require_admin(actor), run sql with texts bound to ?1, ?2, ..., and
 * append the audit entry (action, object, details). When the statement
 * touches fewer than changes rows, nothing is kept and *cause says "no
 * NOUN named TEXTS[0]". 0, or -1 and *cause with nothing changed. */
struct users_exec {
	const char *sql;
	const char *const *texts;	/* NULL-terminated */
	int changes;			/* rows it must touch; 0: any */
	const char *noun;		/* "user", "source" */
	const char *action, *object, *details;
};
int users_admin_exec(struct db *db, const char *actor,
    const struct users_exec *x, char **cause);
/* Replace a user's roles; audited. */
int users_set_roles(struct db *db, const char *actor, const char *name,
    unsigned roles, char **cause);
/* Disable (disabled = 1) or enable (0) a user; audited. */
int users_set_disabled(struct db *db, const char *actor, const char *name,
    int disabled, char **cause);
/* Clear a user's failed logins and lockout; audited. */
int users_unlock(struct db *db, const char *actor, const char *name,
    char **cause);
/* Set a new password (policy checked); audited without the password.
 * This and the other account changes are made by actor, an enabled admin
 * as the database says in the changing transaction, or the OS user
 * ("os:NAME") on the command line; else -1 and *cause. */
int users_passwd(struct db *db, const char *actor, const char *name,
    const char *pw, char **cause);
/* The number of users; -1 and *cause on error. */
int64_t users_count(struct db *db, char **cause);
/* All users by name, as of time now. Caller frees with users_list_free. */
int users_list(struct db *db, int64_t now, struct users_info **list,
    size_t *n, char **cause);
/* Free a list from users_list. */
void users_list_free(struct users_info *list, size_t n);

#endif
