/* demo: a demo database from data/ plus one account per role. */
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "db.h"
#include "ledger.h"
#include "import.h"
#include "paths.h"
#include "users.h"
#include "xmem.h"

#define DEMO_ORDERS	"task_DE_new_orders.xml"
#define DEMO_CUSTOMERS	"task_DE_new_customers.csv"
#define DEMO_DELAY_MS	"50"	/* still a delay, short enough to demo */

static const struct demo_account demo_accounts[] = {
	{ "ana", "analyst", "ana-demo-pass" },
	{ "val", "approver", "val-demo-pass" },
	{ "aud", "auditor", "aud-demo-pass" },
	{ "root", "admin", "root-demo-pass" },
};
#define DEMO_NACCOUNTS (sizeof demo_accounts / sizeof demo_accounts[0])

const struct demo_account *
demo_account_at(size_t i)
{
	return i < DEMO_NACCOUNTS ? &demo_accounts[i] : NULL;
}

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

/* Remove an old demo database at path; refuse anything else. */
static int
demo_clear(const char *path, char **cause)
{
	/* With its default anchor file: a new demo starts a new chain. */
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-journal", ".anchor" };
	struct db *db;
	char *value = NULL, *p;
	size_t i;
	int rc;

	if ((rc = paths_exists(path, cause)) == -1)
		return -1;
	if (rc == 1)
		return 0;
	if (db_open(path, DB_READONLY, &db, cause) == -1) {
		free(*cause);
		*cause = xasprintf("%s exists and is not a kpidesk demo "
		    "database: kpidesk demo leaves it alone; give --db with "
		    "another path", path);
		return -1;
	}
	rc = db_setting(db, "demo", &value, cause);
	db_close(db);
	if (rc == -1 || strcmp(value, "1") != 0) {
		free(*cause);
		*cause = xasprintf("%s is a kpidesk database but not a demo: "
		    "kpidesk demo never touches it; give --db with another "
		    "path", path);
		free(value);
		return -1;
	}
	free(value);
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		p = xasprintf("%s%s", path, suffixes[i]);
		unlink(p);
		free(p);
	}
	return 0;
}

/* Accounts, settings and the sample orders. */
static int
demo_fill(struct db *db, const char *datadir, struct demo_info *out,
    char **cause)
{
	struct import_opts opts;
	struct import_result res;
	unsigned roles;
	char *actor, *orders;
	size_t i;
	int rc = -1;

	actor = audit_os_actor();
	if (db_setting_set(db, "demo", "1", cause) == -1 ||
	    db_setting_set(db, "login_delay_ms", DEMO_DELAY_MS, cause) == -1 ||
	    /* One terminal shows both people; a real database waits for
	     * the approver's own session. */
	    db_setting_set(db, "approval_same_terminal", "1", cause) == -1 ||
	    audit_append(db, actor, "init", db->path, "demo", cause) == -1)
		goto out;
	for (i = 0; i < DEMO_NACCOUNTS; i++) {
		if (users_parse_roles(demo_accounts[i].role, &roles,
		    cause) == -1 ||
		    users_add(db, actor, demo_accounts[i].name, roles,
		    demo_accounts[i].password, cause) == -1)
			goto out;
	}
	orders = xasprintf("%s/%s", datadir, DEMO_ORDERS);
	memset(&opts, 0, sizeof opts);
	opts.kind = IMPORT_ORDERS;
	opts.path = orders;
	opts.actor = demo_accounts[0].name;
	rc = import_run(db, &opts, &res, cause);
	out->orders_batch = res.batch;
	import_result_free(&res);
	free(orders);
out:
	free(actor);
	return rc;
}

int
demo_create(const char *path, const char *datadir, struct demo_info *out,
    char **cause)
{
	struct db *db = NULL;

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
	if (demo_clear(out->path, cause) == -1 ||
	    db_open(out->path, DB_CREATE, &db, cause) == -1 ||
	    ledger_attach(db, cause) == -1 ||
	    demo_fill(db, out->datadir, out, cause) == -1)
		goto fail;
	db_close(db);
	return 0;
fail:
	db_close(db);
	demo_info_free(out);
	return -1;
}

void
demo_info_free(struct demo_info *info)
{
	free(info->path);
	free(info->datadir);
	memset(info, 0, sizeof *info);
}
