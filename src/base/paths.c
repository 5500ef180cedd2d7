/* paths: where the database lives, private folders, and private-file checks. */
#include "paths.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xmem.h"

char *
paths_data_file(const char *name, char **cause)
{
	const char *env, *home;
	struct passwd *pw;

	if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/')
		return xasprintf("%s/kpidesk/%s", env, name);
	home = getenv("HOME");
	if ((home == NULL || *home != '/') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL || *home != '/') {
		*cause = xstrdup("no home directory to keep the database in: "
		    "give one with --db PATH or KPIDESK_DB");
		return NULL;
	}
	return xasprintf("%s/.local/share/kpidesk/%s", home, name);
}

char *
paths_default_db(char **cause)
{
	const char *env;

	if ((env = getenv("KPIDESK_DB")) != NULL && *env != '\0')
		return xstrdup(env);
	return paths_data_file("kpidesk.db", cause);
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

/* The one way kpidesk makes a file: private, new, never through a link. */
static int
paths_open_new(const char *path)
{
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
}

int
paths_create_private(const char *path, char **cause)
{
	int fd, saved;

	if ((fd = paths_open_new(path)) == -1) {
		saved = errno;
		*cause = xasprintf("cannot create %s: %s", path,
		    strerror(errno));
		errno = saved;
	}
	return fd;
}

int
paths_check_folders(const char *path, char **cause)
{
	struct stat sb;
	char *prefix = xstrdup(path), *p;
	int rc = 0;

	for (p = prefix + 1; (p = strchr(p, '/')) != NULL; p++) {
		if (p[-1] == '/')
			continue;	/* an empty component */
		*p = '\0';
		if (lstat(prefix, &sb) == -1) {
			*p = '/';
			break;
		}
		if (S_ISLNK(sb.st_mode)) {
			*cause = xasprintf("%s is a symbolic link: kpidesk "
			    "never writes through one, not even to a folder; "
			    "give the real path", prefix);
			rc = -1;
			break;
		}
		*p = '/';
	}
	free(prefix);
	return rc;
}

/* An existing path may be replaced when it is a regular file of ours. */
static int
paths_replaceable(const char *path, char **cause)
{
	struct stat sb;

	if (lstat(path, &sb) == -1) {
		*cause = xasprintf("cannot write %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (S_ISLNK(sb.st_mode)) {
		*cause = xasprintf("cannot write %s: it is a symbolic link; "
		    "name a new file", path);
		return -1;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid()) {
		*cause = xasprintf("cannot write %s: it exists and is not a "
		    "regular file of yours; name a new file", path);
		return -1;
	}
	return 0;
}

FILE *
paths_replace_start(const char *path, char **tmp, char **cause)
{
	struct stat sb;
	FILE *f;
	int fd;

	*tmp = NULL;
	if (paths_check_folders(path, cause) == -1)
		return NULL;
	fd = paths_open_new(path);
	if (fd == -1 && errno == EEXIST) {
		if (paths_replaceable(path, cause) == -1)
			return NULL;
		*tmp = xasprintf("%s.XXXXXX", path);
		fd = mkostemp(*tmp, O_CLOEXEC);
	}
	if (fd == -1)
		goto fail;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		*cause = xasprintf("cannot write %s: not a regular file", path);
		goto out;
	}
	if (fchmod(fd, 0600) == -1 || (f = fdopen(fd, "w")) == NULL) {
		close(fd);
		goto fail;
	}
	return f;
fail:
	*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
out:
	paths_replace_end(path, *tmp, 0, cause);
	*tmp = NULL;
	return NULL;
}

int
paths_replace_end(const char *path, char *tmp, int ok, char **cause)
{
	int rc = 0;

	if (tmp == NULL)
		return 0;
	if (ok && rename(tmp, path) == -1) {
		*cause = xasprintf("cannot replace %s: %s", path,
		    strerror(errno));
		rc = -1;
	}
	if (!ok || rc == -1)
		unlink(tmp);
	free(tmp);
	return rc;
}
