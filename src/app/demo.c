/* demo: a demo database from data/ plus one account per role. */
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "db.h"
#include "demo_account.h"
#include "demo_seed.h"
#include "ledger.h"
#include "paths.h"
#include "schema.h"
#include "settings.h"
#include "users.h"
#include "xmem.h"

#define DEMO_CUSTOMERS	"task_DE_new_customers.csv"
#define DEMO_DELAY_MS	"50"	/* still a delay, short enough to demo */

/* Whether dir holds the sample customers file. */
static int
demo_has_data(const char *dir)
{
	char *p = xasprintf("%s/%s", dir, DEMO_CUSTOMERS);
	int ok = access(p, R_OK) == 0;

	free(p);
	return ok;
}

char *
demo_datadir(void)
{
	const char *env = getenv("KPIDESK_DATA");
	char cwd[4096];

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (demo_has_data("data") && getcwd(cwd, sizeof cwd) != NULL)
		return xasprintf("%s/data", cwd);
	return xstrdup(KP_DATADIR);
}

char *
demo_default_path(char **cause)
{
	return paths_data_file("demo.db", cause);
}

/* Whether path holds a demo database: 1 yes, 0 nothing there; -1 and
 * *cause for anything else, which the demo never touches. */
static int
demo_found(const char *path, char **cause)
{
	struct db *db;
	int rc;

	if ((rc = paths_exists(path, cause)) == -1)
		return -1;
	if (rc == 1)
		return 0;
	if (schema_open(path, DB_READONLY, &db, cause) == -1) {
		free(*cause);
		*cause = xasprintf("%s exists and is not a kpidesk demo "
		    "database: kpidesk demo leaves it alone; give --db with "
		    "another path", path);
		return -1;
	}
	rc = settings_bool(db, SET_DEMO);
	db_close(db);
	if (!rc) {
		*cause = xasprintf("%s is a kpidesk database but not a demo: "
		    "kpidesk demo never touches it; give --db with another "
		    "path", path);
		return -1;
	}
	return 1;
}

/* Delete the demo database at path (demo_found said it is one). */
static void
demo_remove(const char *path)
{
	/* With its default anchor file: a new demo starts a new chain. */
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-journal", ".anchor" };
	char *p;
	size_t i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		p = xasprintf("%s%s", path, suffixes[i]);
		unlink(p);
		free(p);
	}
}

/* Accounts and settings, then the demo's past (demo_seed.h). */
static int
demo_fill(struct db *db, const char *datadir, char **cause)
{
	const struct demo_account *a;
	unsigned roles;
	char *actor;
	size_t i;
	int rc = -1;

	actor = audit_os_actor();
	if (settings_set(db, "demo", "1", cause) == -1 ||
	    settings_set(db, "login_delay_ms", DEMO_DELAY_MS, cause) == -1 ||
	    /* One terminal shows both people; a real database waits for
	     * the approver's own session. */
	    settings_set(db, "approval_same_terminal", "1", cause) == -1 ||
	    audit_append(db, actor, "init", db->path, "demo", cause) == -1)
		goto out;
	for (i = 0; (a = demo_account_at(i)) != NULL; i++) {
		if (users_parse_roles(a->role, &roles, cause) == -1 ||
		    users_add(db, actor, a->name, roles, a->password,
		    cause) == -1)
			goto out;
	}
	rc = demo_seed(db, datadir, cause);
out:
	free(actor);
	return rc;
}

static int
demo_first_ts(const struct audit_entry *e, void *arg)
{
	snprintf(arg, 21, "%s", e->ts);
	return 1;
}

/* When the demo at path was built: its first "init" entry. */
static int
demo_built_at(const char *path, char out[21], char **cause)
{
	struct audit_filter f;
	struct db *db;
	int rc;

	memset(&f, 0, sizeof f);
	f.action = "init";
	*out = '\0';
	if (schema_open(path, DB_READONLY, &db, cause) == -1)
		return -1;
	rc = audit_foreach(db, &f, demo_first_ts, out, cause);
	db_close(db);
	return rc;
}

int
demo_create(const char *path, const char *datadir, int reset,
    struct demo_info *out, char **cause)
{
	struct db *db = NULL;
	int found;

	memset(out, 0, sizeof *out);
	if (path != NULL)
		out->path = xstrdup(path);
	else if ((out->path = demo_default_path(cause)) == NULL)
		return -1;
	out->datadir = datadir != NULL ? xstrdup(datadir) : demo_datadir();
	if (!demo_has_data(out->datadir)) {
		*cause = xasprintf("no sample data in %s: set KPIDESK_DATA to "
		    "the folder holding %s", out->datadir, DEMO_CUSTOMERS);
		goto fail;
	}
	if ((found = demo_found(out->path, cause)) == -1)
		goto fail;
	if (found && !reset) {
		if (demo_built_at(out->path, out->built_at, cause) == -1)
			goto fail;
		return 0;
	}
	if (found)
		demo_remove(out->path);
	out->built = 1;
	out->rebuilt = found;
	if (schema_open(out->path, DB_CREATE, &db, cause) == -1 ||
	    ledger_attach(db, cause) == -1 ||
	    demo_fill(db, out->datadir, cause) == -1)
		goto fail;
	db_close(db);
	db = NULL;
	if (demo_built_at(out->path, out->built_at, cause) == -1)
		goto fail;
	return 0;
fail:
	db_close(db);
	demo_info_free(out);
	return -1;
}

const char *
demo_hint(unsigned roles)
{
	/* One line each, short enough for 80 columns; the first role held
	 * in the workflow's order decides. */
	static const struct {
		unsigned	 role;
		const char	*hint;
	} hints[] = {
		{ ROLE_ANALYST, "Demo: Import orders, pick task_DE_new_orders.xml "
		  "(newest days), accept." },
		{ ROLE_APPROVER, "Demo: Approvals lists the exports ana asks for; "
		  "KPIs show the same data." },
		{ ROLE_AUDITOR, "Demo: History has one snapshot per report day; "
		  "Enter opens, V verifies." },
		{ ROLE_ADMIN, "Demo: Users has one account per role; the audit "
		  "log shows who did what." },
	};
	size_t i;

	for (i = 0; i < sizeof hints / sizeof hints[0]; i++)
		if (roles & hints[i].role)
			return hints[i].hint;
	return NULL;
}

char *
demo_note(const struct demo_info *info)
{
	char when[32];

	/* "2026-12-05T00:48:53Z" shown as "2026-12-05 00:48 UTC"; a log
	 * without its "init" entry leaves the time out. */
	if (strlen(info->built_at) < 16)
		return xstrdup(info->built ? "Demo database built." :
		    "Demo database kept; demo --reset rebuilds it.");
	snprintf(when, sizeof when, "%.10s %.5s UTC", info->built_at,
	    info->built_at + 11);
	if (info->rebuilt)
		return xasprintf("Demo database rebuilt %s (--reset).", when);
	if (info->built)
		return xasprintf("Demo database built %s.", when);
	/* Short enough for 80 columns beside the login screen's margin. */
	return xasprintf("Demo database kept from %s; demo --reset rebuilds "
	    "it.", when);
}

void
demo_info_free(struct demo_info *info)
{
	free(info->path);
	free(info->datadir);
	memset(info, 0, sizeof *info);
}
