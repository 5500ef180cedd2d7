/* paths: where the database lives, private folders, and private-file checks. */
#include "paths.h"

#include <sys/stat.h>

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xmem.h"

char *
paths_default_db(char **cause)
{
	const char *env, *home;
	struct passwd *pw;

	if ((env = getenv("KPIDESK_DB")) != NULL && *env != '\0')
		return xstrdup(env);
	if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/')
		return xasprintf("%s/kpidesk/kpidesk.db", env);
	home = getenv("HOME");
	if ((home == NULL || *home != '/') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL || *home != '/') {
		*cause = xstrdup("no home directory to keep the database in: "
		    "give one with --db PATH or KPIDESK_DB");
		return NULL;
	}
	return xasprintf("%s/.local/share/kpidesk/kpidesk.db", home);
}

int
paths_mkdir_private(const char *dir, char **cause)
{
	char *copy = xstrdup(dir), *p;
	struct stat sb;
	int rc = -1;

	/* Walk the components so missing parents are created 0700 too. */
	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(copy, 0700) == -1 && errno != EEXIST) {
			*cause = xasprintf("cannot create folder %s: %s", copy,
			    strerror(errno));
			goto out;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		*cause = xasprintf("%s is not a folder", dir);
		goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

char *
paths_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

const char *
paths_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? path : slash + 1;
}

int
paths_exists(const char *path, char **cause)
{
	struct stat sb;

	if (lstat(path, &sb) == 0)
		return 0;
	if (errno == ENOENT)
		return 1;
	*cause = xasprintf("cannot look at %s: %s", path, strerror(errno));
	return -1;
}

int
paths_check_private(const char *path, char **cause)
{
	struct stat sb;

	if (stat(path, &sb) == -1) {
		*cause = xasprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		*cause = xasprintf("%s is not a regular file", path);
		return -1;
	}
	if ((sb.st_mode & (S_IRGRP | S_IROTH)) != 0) {
		*cause = xasprintf("%s can be read by other users (mode %03o): "
		    "run chmod 600 %s", path, (unsigned)(sb.st_mode & 0777),
		    path);
		return -1;
	}
	return 0;
}
