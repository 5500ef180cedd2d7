/* demo_seed: a few weeks of work done by every role, through the core. */
#include "demo_seed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "db.h"
#include "demo_account.h"
#include "export.h"
#include "import.h"
#include "users.h"
#include "xmem.h"

#define SEED_CUSTOMERS	"task_DE_new_customers.csv"
#define SEED_ORDERS	"task_DE_new_orders.xml"
#define SEED_DATE_TAG	"<order_date_time>"

/* The demo accounts by role (demo.c's order). */
#define SEED_ANALYST	0
#define SEED_APPROVER	1
#define SEED_AUDITOR	2
#define SEED_ADMIN	3

/*
 * The sample orders (2025-07-01 .. 2025-10-12) arrive as these files, one
 * import each, so History has one snapshot per file. Lines from the last
 * cut on are left out: the analyst's own walk imports the whole sample file
 * and finds them new (the rest are exact repeats, dropped as duplicates).
 */
static const struct {
	const char	*before;	/* order_date_time text below this */
	const char	*name;		/* the file's name, shown in History */
} seed_parts[] = {
	{ "2025-08-01", "orders_2025-07.xml" },
	{ "2025-09-01", "orders_2025-08.xml" },
	{ "2025-10-01", "orders_2025-09.xml" },
	{ "2025-10-10", "orders_2025-10-01_09.xml" },
};
#define SEED_NPARTS (sizeof seed_parts / sizeof seed_parts[0])

/* A file of orders that fails the checks: every line is rejected, so the
 * import is refused and its batch kept as 'discarded' with its checks. */
static const char seed_bad_orders[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<orders>\n"
    "  <order><order_id>ORD-2025-9001</order_id><mobile_number>12345"
    "</mobile_number><order_date_time>2025-10-09T10:00:00</order_date_time>"
    "<sku_id>SKU-1001</sku_id><sku_count>1</sku_count><total_amount>499"
    "</total_amount></order>\n"
    "  <order><order_id>ORD-2025-9002</order_id><mobile_number>9123456781"
    "</mobile_number><order_date_time>09/10/2025 11:30</order_date_time>"
    "<sku_id>SKU-1002</sku_id><sku_count>2</sku_count><total_amount>1299"
    "</total_amount></order>\n"
    "  <order><order_id>ORD-2025-9003</order_id><mobile_number>9123456781"
    "</mobile_number><order_date_time>2025-10-09T12:45:00</order_date_time>"
    "<sku_id>SKU-1003</sku_id><sku_count>0</sku_count><total_amount>12,34"
    "</total_amount></order>\n"
    "</orders>\n";

static const char *
seed_user(int i)
{
	return demo_account_at(i)->name;
}

static const char *
seed_password(int i)
{
	return demo_account_at(i)->password;
}

/* Which part a record line goes to (SEED_NPARTS: none); -1 for a line that
 * is not a record (the declaration and the root), which goes to all. */
static int
seed_part_of(const char *line)
{
	const char *p = strstr(line, SEED_DATE_TAG);
	size_t i;

	if (p == NULL)
		return -1;
	p += strlen(SEED_DATE_TAG);
	for (i = 0; i < SEED_NPARTS; i++)
		if (strncmp(p, seed_parts[i].before, 10) < 0)
			return (int)i;
	return SEED_NPARTS;
}

/*
 * Split the sample orders by day into the part files in dir. The sample
 * holds one record per line (data/README), so lines are copied as they
 * are, never parsed here: the import reads them as any file.
 */
static int
seed_split(const char *orders, const char *dir, char **cause)
{
	FILE *in, *out[SEED_NPARTS] = { NULL };
	char *line = NULL, *p;
	size_t cap = 0, i;
	int part, rc = -1;

	if ((in = fopen(orders, "r")) == NULL) {
		*cause = xasprintf("cannot read %s: %s; set KPIDESK_DATA to "
		    "the folder holding the sample files", orders,
		    strerror(errno));
		return -1;
	}
	for (i = 0; i < SEED_NPARTS; i++) {
		p = xasprintf("%s/%s", dir, seed_parts[i].name);
		out[i] = fopen(p, "w");
		free(p);
		if (out[i] == NULL) {
			*cause = xasprintf("cannot write in %s: %s", dir,
			    strerror(errno));
			goto out;
		}
	}
	while (getline(&line, &cap, in) != -1) {
		part = seed_part_of(line);
		for (i = 0; i < SEED_NPARTS; i++)
			if (part == -1 || part == (int)i)
				fputs(line, out[i]);
	}
	rc = ferror(in) ? -1 : 0;
	if (rc == -1)
		*cause = xasprintf("cannot read %s", orders);
out:
	for (i = 0; i < SEED_NPARTS; i++)
		if (out[i] != NULL && fclose(out[i]) != 0 && rc == 0) {
			*cause = xasprintf("cannot write in %s", dir);
			rc = -1;
		}
	fclose(in);
	free(line);
	return rc;
}

/* Import path as the analyst into *res (caller frees it with
 * import_result_free, whatever the outcome). */
static int
seed_import_as(struct db *db, enum import_kind kind, const char *path,
    struct import_result *res, char **cause)
{
	struct import_opts opts;

	memset(&opts, 0, sizeof opts);
	opts.kind = kind;
	opts.path = path;
	opts.actor = seed_user(SEED_ANALYST);
	return import_run(db, &opts, res, cause);
}

/* Import path as the analyst; a committed batch takes its day's
 * snapshot. */
static int
seed_import(struct db *db, enum import_kind kind, const char *path,
    char **cause)
{
	struct import_result res;
	int rc = seed_import_as(db, kind, path, &res, cause);

	import_result_free(&res);
	return rc;
}

/* The bad file: refused by the checks, its batch kept as discarded. */
static int
seed_rejected(struct db *db, const char *dir, char **cause)
{
	struct import_result res;
	char *path = xasprintf("%s/orders_2025-10-09_resent.xml", dir);
	FILE *f;
	int rc = -1, refused, bad;

	if ((f = fopen(path, "w")) == NULL) {
		*cause = xasprintf("cannot write %s: %s", path,
		    strerror(errno));
		goto out;
	}
	bad = fputs(seed_bad_orders, f) == EOF;
	if (fclose(f) != 0 || bad) {
		*cause = xasprintf("cannot write %s", path);
		goto out;
	}
	rc = seed_import_as(db, IMPORT_ORDERS, path, &res, cause);
	refused = res.over_threshold && res.batch != 0;
	import_result_free(&res);
	if (rc == 0) {
		*cause = xstrdup("the demo's bad orders file was accepted: "
		    "the checks changed; fix seed_bad_orders");
		rc = -1;
	} else if (refused) {
		free(*cause);	/* the refusal is what the demo shows */
		*cause = NULL;
		rc = 0;
	}
out:
	unlink(path);
	free(path);
	return rc;
}

/* The imports of the past weeks, through files in a private folder. */
static int
seed_imports(struct db *db, const char *datadir, char **cause)
{
	const char *tmp = getenv("TMPDIR");
	char *dir, *path;
	size_t i;
	int rc = -1;

	if (tmp == NULL || *tmp != '/')
		tmp = "/tmp";
	dir = xasprintf("%s/kpidesk-demo.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		*cause = xasprintf("cannot make a folder in %s: %s; set "
		    "TMPDIR to a writable folder", tmp, strerror(errno));
		free(dir);
		return -1;
	}
	path = xasprintf("%s/%s", datadir, SEED_CUSTOMERS);
	/* The master first, so that every day's orders find customers. */
	rc = seed_import(db, IMPORT_CUSTOMERS, path, cause);
	free(path);
	path = xasprintf("%s/%s", datadir, SEED_ORDERS);
	if (rc == 0)
		rc = seed_split(path, dir, cause);
	free(path);
	for (i = 0; rc == 0 && i < SEED_NPARTS; i++) {
		path = xasprintf("%s/%s", dir, seed_parts[i].name);
		rc = seed_import(db, IMPORT_ORDERS, path, cause);
		free(path);
		/* A file resent with broken lines, refused, before the
		 * month's last one. */
		if (rc == 0 && i + 2 == SEED_NPARTS)
			rc = seed_rejected(db, dir, cause);
	}
	for (i = 0; i < SEED_NPARTS; i++) {
		path = xasprintf("%s/%s", dir, seed_parts[i].name);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	free(dir);
	return rc;
}

/* Log account i in (audited); -1 and *cause unless the outcome is want. */
static int
seed_login(struct db *db, int i, const char *pw, enum auth_status want,
    char **cause)
{
	struct auth_result res;

	if (auth_login(db, seed_user(i), pw, (int64_t)time(NULL), &res,
	    cause) == -1)
		return -1;
	if (res.status != want) {
		*cause = xasprintf("the demo login of %s did not go as "
		    "planned (status %d)", seed_user(i), (int)res.status);
		return -1;
	}
	return 0;
}

/* One approved export, written to the demo's export folder. */
static int
seed_export(struct db *db, char **cause)
{
	struct export_summary s;
	struct export_result res;
	int64_t now = (int64_t)time(NULL), id;
	int rc;

	memset(&res, 0, sizeof res);
	if (seed_login(db, SEED_ANALYST, seed_password(SEED_ANALYST), AUTH_OK,
	    cause) == -1 ||
	    export_request(db, seed_user(SEED_ANALYST), EXPORT_AS_OF_DEFAULT,
	    now, &s, cause) == -1)
		return -1;
	id = s.id;
	export_summary_free(&s);
	/* Overwrite: only an earlier build of this demo (kpidesk demo
	 * --reset) wrote this name there, with the same bytes. */
	rc = export_approve(db, id, seed_user(SEED_APPROVER),
	    seed_password(SEED_APPROVER), now, cause) == -1 ||
	    export_write_as(db, id, seed_user(SEED_ANALYST), NULL, 1, now,
	    &res, cause) == -1 ? -1 : 0;
	export_result_free(&res);
	return rc;
}

int
demo_seed(struct db *db, const char *datadir, char **cause)
{
	if (seed_imports(db, datadir, cause) == -1)
		return -1;
	/* val mistypes a password once; the admin clears the count. */
	if (seed_login(db, SEED_APPROVER, "not-the-password", AUTH_BAD,
	    cause) == -1 ||
	    seed_login(db, SEED_ADMIN, seed_password(SEED_ADMIN), AUTH_OK,
	    cause) == -1 ||
	    users_unlock(db, seed_user(SEED_ADMIN), seed_user(SEED_APPROVER),
	    cause) == -1 ||
	    seed_export(db, cause) == -1 ||
	    seed_login(db, SEED_AUDITOR, seed_password(SEED_AUDITOR), AUTH_OK,
	    cause) == -1)
		return -1;
	return 0;
}
