/*
 * export_file: the workbook on disk, for export.c only. It is built in a
 * new private folder beside its destination (0700; the file 0600, flushed
 * and hashed), then placed under its final name: never through a symbolic
 * link, over a file only when asked. Folders that killed exports left are
 * swept once they are an hour old.
 */
#ifndef KP_EXPORT_FILE_H
#define KP_EXPORT_FILE_H

#include <stdint.h>

#include "hash.h"

struct db;
struct export_summary;

/*
 * Build the workbook of s in a new private folder inside parent: *tmpdir
 * and *file are the caller's to free (and remove with
 * export_file_remove_tmp); sha256 and *bytes describe the file. -1 and
 * *cause on error.
 */
int export_file_build(struct db *db, const struct export_summary *s,
    const char *parent, char **tmpdir, char **file,
    char sha256[HASH_HEXLEN + 1], int64_t *bytes, char **cause);
/* Remove a folder export_file_build made and whatever was left in it. */
void export_file_remove_tmp(const char *dir);
/* Refuse (-1, *why) a symbolic link or non-file at path, a symbolic link
 * among its folders, or without overwrite any file (then *exists is set). */
int export_file_check(const char *path, int overwrite, int *exists,
    char **why);
/* Move file to path (in folder dir): atomically replacing it (overwrite)
 * or never; the folder is flushed. -1 and *why when refused. */
int export_file_place(const char *file, const char *path, const char *dir,
    int overwrite, int *exists, char **why);

#endif
