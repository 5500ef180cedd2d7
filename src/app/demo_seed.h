/*
 * demo_seed: the realistic past of a new demo database, made through the
 * core as the demo accounts would have made it (so the audit log holds it
 * all): the customer master and four order files by day (four snapshot
 * days), a refused file, a mistyped password cleared by the admin, an
 * approved export written to the export folder, and the auditor's login.
 * The newest sample days are left for the analyst's own walk.
 */
#ifndef KP_DEMO_SEED_H
#define KP_DEMO_SEED_H

struct db;

/* Seed db (writable, ledger attached, demo accounts added) from the sample
 * files in datadir; -1 and *cause on error. */
int demo_seed(struct db *db, const char *datadir, char **cause);

#endif
