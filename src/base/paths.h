/* paths: where the database lives, private folders, and private-file checks. */
#ifndef KP_PATHS_H
#define KP_PATHS_H

#include <stdio.h>

/* The database path: $KPIDESK_DB, else $XDG_DATA_HOME/kpidesk/kpidesk.db,
 * else ~/.local/share/kpidesk/kpidesk.db. Caller frees; NULL and *cause if
 * no home directory is known. */
char *paths_default_db(char **cause);
/* The file name in kpidesk's data folder: $XDG_DATA_HOME/kpidesk/name when
 * XDG_DATA_HOME is absolute, else ~/.local/share/kpidesk/name, home being
 * an absolute $HOME or the account's. Caller frees; NULL and *cause if no
 * home directory is known. */
char *paths_data_file(const char *name, char **cause);
/* Create dir and any missing parents with mode 0700. -1 and *cause on error. */
int paths_mkdir_private(const char *dir, char **cause);
/* The folder part of path (caller frees). */
char *paths_dirname(const char *path);
/* The file part of path (points into path). */
const char *paths_basename(const char *path);
/* 0 if path exists (not following a final symlink), 1 if it does not, -1 on error. */
int paths_exists(const char *path, char **cause);
/* Create path as a new private file for writing: 0600, O_EXCL (an
 * existing file is refused), O_NOFOLLOW (a link is refused). The fd, or -1
 * with errno set and *cause ("cannot create PATH: ..."). */
int paths_create_private(const char *path, char **cause);
/*
 * Refuse a symbolic link among the folders of path, each prefix looked at
 * in turn ("a", "a/b" of "a/b/c"; from "/" when absolute): a link there
 * sends what is written elsewhere as surely as one at the file. Every
 * link is refused, a system one too (its owner says nothing when we run
 * as root); the real path always works. A missing folder ends the walk.
 * -1 and *cause naming the link.
 */
int paths_check_folders(const char *path, char **cause);
/*
 * Open path for writing as paths_create_private does, or, when it exists
 * and is a regular file of this user, through a new 0600 temporary file
 * (*tmp, caller frees) for paths_replace_end to rename over it, so the old
 * mode never survives and a link, a FIFO or a device is never opened: the
 * way for a caller that may replace a file it was told to write. A
 * symbolic link among its folders is refused (paths_check_folders).
 * The stream, or NULL and *cause.
 */
FILE *paths_replace_start(const char *path, char **tmp, char **cause);
/* Finish paths_replace_start's file after f was closed: when ok, rename
 * tmp over path (-1 and *cause if that fails), else remove tmp; frees tmp
 * (NULL is fine). */
int paths_replace_end(const char *path, char *tmp, int ok, char **cause);
/* Refuse a file group or others can read (for secrets): -1 and *cause. */
int paths_check_private(const char *path, char **cause);

#endif
