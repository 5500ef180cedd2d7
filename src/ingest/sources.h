/*
 * sources: named SQL sources and their saved queries.
 *
 * An admin saves a source's URI under a name (never a password: the URI is
 * refused if it holds one, as at import) and queries under names of their
 * own; analysts then import with `--source NAME [--saved-query Q]`. Every
 * change is audited (source.add, source.remove, source.query) and its rows
 * are watched by the ledger. Names are 1 to 32 of [a-z0-9_-], so they never
 * look like a URI.
 */
#ifndef KP_SOURCES_H
#define KP_SOURCES_H

struct db;

/* One saved source or query, valid only during the callback. */
struct sources_item {
	const char	*name;
	const char	*text;		/* the URI, or the query's SQL */
	const char	*by;		/* who saved it */
	const char	*at;		/* when (UTC) */
};

/* Whether s is a source name rather than a URI. */
int sources_is_name(const char *s);
/* Save (or replace) source name as uri; actor an admin or "os:NAME". */
int sources_add(struct db *db, const char *actor, const char *name,
    const char *uri, char **cause);
/* Remove source name and its saved queries. */
int sources_remove(struct db *db, const char *actor, const char *name,
    char **cause);
/* Save (or replace) query qname of source name. */
int sources_save_query(struct db *db, const char *actor, const char *name,
    const char *qname, const char *sql, char **cause);
/* Call fn for each source in name order (fn returning non-zero stops). */
int sources_list(struct db *db, int (*fn)(const struct sources_item *,
    void *), void *arg, char **cause);
/* Call fn for each saved query of source name, in name order. */
int sources_queries(struct db *db, const char *name,
    int (*fn)(const struct sources_item *, void *), void *arg, char **cause);
/* The URI of source name in *uri (caller frees); -1 and *cause when there
 * is no such source. */
int sources_uri(struct db *db, const char *name, char **uri, char **cause);
/* The SQL of query qname of source name in *sql (caller frees). */
int sources_query(struct db *db, const char *name, const char *qname,
    char **sql, char **cause);

#endif
