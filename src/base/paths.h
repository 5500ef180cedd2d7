/* paths: where the database lives, private folders, and private-file checks. */
#ifndef KP_PATHS_H
#define KP_PATHS_H

/* The database path: $KPIDESK_DB, else $XDG_DATA_HOME/kpidesk/kpidesk.db,
 * else ~/.local/share/kpidesk/kpidesk.db. Caller frees; NULL and *cause if
 * no home directory is known. */
char *paths_default_db(char **cause);
/* Create dir and any missing parents with mode 0700. -1 and *cause on error. */
int paths_mkdir_private(const char *dir, char **cause);
/* The folder part of path (caller frees). */
char *paths_dirname(const char *path);
/* The file part of path (points into path). */
const char *paths_basename(const char *path);
/* 0 if path exists (not following a final symlink), 1 if it does not, -1 on error. */
int paths_exists(const char *path, char **cause);
/* Refuse a file group or others can read (for secrets): -1 and *cause. */
int paths_check_private(const char *path, char **cause);

#endif
