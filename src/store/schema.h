/* schema: the ordered list of migrations, applied with PRAGMA user_version. */
#ifndef KP_SCHEMA_H
#define KP_SCHEMA_H

struct db;

/* The schema version this build writes. */
int schema_latest(void);
/* The database's current version; -1 and *cause on error. */
int schema_version(struct db *db, char **cause);
/*
 * Bring the database to schema_latest(), each migration in its own
 * transaction; the last one also inserts every setting still missing with
 * its default from the settings table (settings_seed), so a new database
 * holds them all. Refuses a newer database, and an older one opened
 * read-only.
 */
int schema_migrate(struct db *db, char **cause);
/* db_open (db.h: flags, *out and the refusals) with schema_migrate: how
 * every caller opens a database, newer ones refused, older ones upgraded. */
int schema_open(const char *path, int flags, struct db **out, char **cause);

#endif
