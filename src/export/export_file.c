/* export_file: the workbook on disk, for export.c: built in a private
 * folder, then placed under its final name. */
#include "export_file.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "export_book.h"
#include "hash.h"
#include "paths.h"
#include "xmem.h"

#define EXPORT_TMP_NAME		"report.xlsx"
#define EXPORT_TMP_PREFIX	".kpidesk-export-"
#define EXPORT_TMP_STALE	3600	/* seconds: no export takes this long */

/* Remove a private temporary folder and whatever was left in it. */
void
export_file_remove_tmp(const char *dir)
{
	struct dirent *de;
	DIR *d;
	char *p;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			p = xasprintf("%s/%s", dir, de->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/*
 * Remove the private folders that killed exports left in parent (each may
 * hold a copy of a report): only ours, only folders, only when older than
 * any export in progress could be.
 */
static void
export_file_sweep(const char *parent)
{
	struct dirent *de;
	struct stat sb;
	time_t now = time(NULL);
	char *p;
	DIR *d;

	if ((d = opendir(parent)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, EXPORT_TMP_PREFIX,
		    strlen(EXPORT_TMP_PREFIX)) != 0)
			continue;
		p = xasprintf("%s/%s", parent, de->d_name);
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    sb.st_uid == getuid() && now - sb.st_mtime > EXPORT_TMP_STALE)
			export_file_remove_tmp(p);
		free(p);
	}
	closedir(d);
}

/*
 * Build the workbook of s in a new private folder inside parent: *tmpdir and
 * *file are the caller's to free (and remove); the file is 0600, flushed to
 * disk, and hashed into sha256 and *bytes.
 */
int
export_file_build(struct db *db, const struct export_summary *s,
    const char *parent, char **tmpdir, char **file,
    char sha256[HASH_HEXLEN + 1], int64_t *bytes, char **cause)
{
	uint8_t h[HASH_LEN];
	uint64_t size;
	int fd;

	*file = NULL;
	export_file_sweep(parent);
	*tmpdir = xasprintf("%s/" EXPORT_TMP_PREFIX "XXXXXX", parent);
	if (mkdtemp(*tmpdir) == NULL) {
		*cause = xasprintf("cannot make a private folder in %s: %s",
		    parent, strerror(errno));
		free(*tmpdir);
		*tmpdir = NULL;
		return -1;
	}
	*file = xasprintf("%s/%s", *tmpdir, EXPORT_TMP_NAME);
	if ((fd = paths_create_private(*file, cause)) == -1)
		return -1;
	if (close(fd) == -1) {
		*cause = xasprintf("cannot create %s: %s", *file,
		    strerror(errno));
		return -1;
	}
	if (export_book_write(db, s, *file, *tmpdir, cause) == -1)
		return -1;
	if ((fd = open(*file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1) {
		*cause = xasprintf("cannot flush %s: %s", *file,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	if (hash_file(*file, h, &size, cause) == -1)
		return -1;
	hash_hex(h, HASH_LEN, sha256);
	*bytes = (int64_t)size;
	return 0;
}

/* Refuse a symbolic link (at path or among its folders), a non-file, or
 * (without overwrite) a file. */
int
export_file_check(const char *path, int overwrite, int *exists, char **why)
{
	struct stat sb;

	if (paths_check_folders(path, why) == -1)
		return -1;

	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT)
			return 0;
		*why = xasprintf("cannot look at %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (S_ISLNK(sb.st_mode)) {
		*why = xasprintf("%s is a symbolic link: kpidesk never writes "
		    "through one; remove it or choose another path", path);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		*why = xasprintf("%s exists and is not a regular file: choose "
		    "another path", path);
		return -1;
	}
	if (!overwrite) {
		*exists = 1;
		*why = xasprintf("%s exists: confirm to replace it (--force) "
		    "or choose another path", path);
		return -1;
	}
	return 0;
}

/* Move file to path: atomically replacing (overwrite) or never. */
int
export_file_place(const char *file, const char *path, const char *dir,
    int overwrite, int *exists, char **why)
{
	int fd;

	if (export_file_check(path, overwrite, exists, why) == -1)
		return -1;
	if (overwrite) {
		/* rename replaces a link itself, never what it points to. */
		if (rename(file, path) == -1) {
			*why = xasprintf("cannot move the workbook to %s: %s",
			    path, strerror(errno));
			return -1;
		}
	} else {
		if (link(file, path) == -1) {
			if (errno == EEXIST)
				*exists = 1;
			*why = xasprintf("cannot create %s: %s", path,
			    strerror(errno));
			return -1;
		}
		unlink(file);
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(fd);
		close(fd);
	}
	return 0;
}

