/*
 * demo: a self-contained demo database: one account per role with a fixed
 * password shown on the login screen, and a past made from the sample files
 * in data/ (demo_seed.h), the newest orders left for the analyst. It is
 * kept across starts until rebuilt on request, and never touches a
 * database that is not a demo (setting 'demo' = '1').
 */
#ifndef KP_DEMO_H
#define KP_DEMO_H

#include <stddef.h>
#include <stdint.h>

struct demo_info {
	char		*path;		/* the database made */
	char		*datadir;	/* where the sample files are */
	int		 built;	/* 1: built by this call, 0: kept */
	int		 rebuilt;	/* built over an older demo (reset) */
	char		 built_at[21];	/* UTC "YYYY-MM-DDTHH:MM:SSZ" of its
					 * build, from its audit log ("" when
					 * the log has none) */
};

/* The folder with the sample files: $KPIDESK_DATA, else ./data when it
 * holds them, else the installed copy. Caller frees. */
char *demo_datadir(void);
/* The default demo database, $XDG_DATA_HOME/kpidesk/demo.db. Caller frees;
 * NULL and *cause when no home is known. */
char *demo_default_path(char **cause);
/*
 * Open the demo database at path (NULL: the default): keep an existing
 * demo database as it is, or with reset delete it and build it anew; build
 * one where there is none, from the files in datadir (NULL:
 * demo_datadir()). Any file there that is not a demo database is refused.
 * Fills *out (free with demo_info_free); -1 and *cause on error.
 */
int demo_create(const char *path, const char *datadir, int reset,
    struct demo_info *out, char **cause);
/* What a user holding roles (ROLE_* bits) can do first in the demo, one
 * line for their home screen; NULL for none. Static. */
const char *demo_hint(unsigned roles);
/* One line for the login screen: whether the database was built, rebuilt
 * or kept, and since when. Caller frees. */
char *demo_note(const struct demo_info *info);
/* Free what demo_create filled in. */
void demo_info_free(struct demo_info *info);

#endif
