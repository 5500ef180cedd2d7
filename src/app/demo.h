/*
 * demo: a self-contained demo database: the sample orders from data/
 * loaded, the customer master left for the user to upload, and one account
 * per role with a fixed password shown on the login screen. It never
 * touches a database that is not a demo (setting 'demo' = '1').
 */
#ifndef KP_DEMO_H
#define KP_DEMO_H

#include <stddef.h>
#include <stdint.h>

struct demo_account {
	const char	*name;
	const char	*role;		/* as users_parse_roles reads it */
	const char	*password;	/* public on purpose: demo only */
};

struct demo_info {
	char		*path;		/* the database made */
	char		*datadir;	/* where the sample files are */
	int64_t		 orders_batch;	/* the committed sample orders */
};

/* The i-th demo account, or NULL past the end. */
const struct demo_account *demo_account_at(size_t i);
/* The folder with the sample files: $KPIDESK_DATA, else ./data when it
 * holds them, else the installed copy. Caller frees. */
char *demo_datadir(void);
/* The default demo database, $XDG_DATA_HOME/kpidesk/demo.db. Caller frees;
 * NULL and *cause when no home is known. */
char *demo_default_path(char **cause);
/*
 * Make a fresh demo database at path (NULL: the default) from the files in
 * datadir (NULL: demo_datadir()). An existing demo database there is
 * deleted first; any other file is refused. Fills *out (free with
 * demo_info_free); -1 and *cause on error.
 */
int demo_create(const char *path, const char *datadir, struct demo_info *out,
    char **cause);
/* Free what demo_create filled in. */
void demo_info_free(struct demo_info *info);

#endif
