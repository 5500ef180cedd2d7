/* schema: the ordered list of migrations, applied with PRAGMA user_version. */
#include "schema.h"

#include <sqlite3.h>

#include "db.h"
#include "settings.h"
#include "xmem.h"

/*
 * Version 1 holds the whole design: accounts, settings, batches, customers
 * kept as versions across master files, order lines, row issues, checks,
 * snapshots, export requests and exports, and the audit log. Money is always
 * INTEGER minor units; times are UTC text (ISO 8601) or epoch seconds; local
 * days are days since 1970-01-01 in the data time zone.
 */
static const char schema_v1[] =
"CREATE TABLE settings ("
"  key   TEXT PRIMARY KEY,"
"  value TEXT NOT NULL"
") WITHOUT ROWID;"
"INSERT INTO settings (key, value) VALUES"
"  ('data_tz', 'Asia/Kolkata'),"
"  ('lockout_threshold', '5'),"
"  ('lockout_minutes', '15'),"
"  ('login_delay_ms', '250'),"
"  ('password_min_length', '12'),"
"  ('reject_threshold_pct', '5'),"
"  ('upload_extensions', 'csv,xlsx,xml'),"
"  ('upload_max_bytes', '1073741824'),"
"  ('upload_name_pattern', ''),"
"  ('approval_minutes', '15'),"
"  ('export_dir', 'exports'),"
"  ('number_scale', 'international');"

"CREATE TABLE users ("
"  id            INTEGER PRIMARY KEY,"
"  name          TEXT NOT NULL UNIQUE,"
"  pw_hash       TEXT NOT NULL,"
"  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
"  created_at    TEXT NOT NULL,"
"  created_by    TEXT NOT NULL,"
"  pw_changed_at TEXT NOT NULL"
");"
"CREATE TABLE user_roles ("
"  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
"  role    TEXT NOT NULL"
"          CHECK (role IN ('analyst', 'approver', 'auditor', 'admin')),"
"  PRIMARY KEY (user_id, role)"
") WITHOUT ROWID;"
/* Failures are kept per typed name, known or not, so that an unknown name
 * is delayed and locked exactly like a real one. */
"CREATE TABLE login_failures ("
"  name           TEXT PRIMARY KEY,"
"  count          INTEGER NOT NULL,"
"  last_failed_at INTEGER NOT NULL,"
"  locked_until   INTEGER"
") WITHOUT ROWID;"

"CREATE TABLE batches ("
"  id            INTEGER PRIMARY KEY,"
"  kind          TEXT NOT NULL CHECK (kind IN ('customers', 'orders')),"
"  source        TEXT NOT NULL CHECK (source IN ('csv', 'xlsx', 'xml', 'sqlite')),"
"  file_name     TEXT NOT NULL,"
"  file_size     INTEGER NOT NULL,"
"  sha256        TEXT NOT NULL,"
"  imported_by   TEXT NOT NULL,"
"  imported_at   TEXT NOT NULL,"
"  status        TEXT NOT NULL DEFAULT 'pending'"
"                CHECK (status IN ('pending', 'committed', 'discarded')),"
"  rows_read     INTEGER NOT NULL DEFAULT 0,"
"  rows_loaded   INTEGER NOT NULL DEFAULT 0,"
"  rows_rejected INTEGER NOT NULL DEFAULT 0,"
"  rows_duplicate INTEGER NOT NULL DEFAULT 0,"
"  warnings      INTEGER NOT NULL DEFAULT 0,"
"  over_threshold_accepted INTEGER NOT NULL DEFAULT 0,"
"  repeat_of     INTEGER REFERENCES batches (id),"
"  content_hash  TEXT"		/* proof.c: what the batch stored */
");"
"CREATE INDEX batches_kind ON batches (kind, status, id);"
"CREATE INDEX batches_sha256 ON batches (sha256);"

/* Customer versions: a row is valid from the master file (batch) that
 * brought it until the one that changed or dropped it (to_batch). */
"CREATE TABLE customers ("
"  id            INTEGER PRIMARY KEY,"
"  customer_id   TEXT NOT NULL,"
"  customer_name TEXT NOT NULL,"
"  mobile        TEXT NOT NULL,"
"  region        TEXT NOT NULL,"
"  line          INTEGER NOT NULL,"
"  from_batch    INTEGER NOT NULL REFERENCES batches (id),"
"  to_batch      INTEGER REFERENCES batches (id)"
");"
"CREATE UNIQUE INDEX customers_current ON customers (customer_id)"
"  WHERE to_batch IS NULL;"
"CREATE INDEX customers_current_mobile ON customers (mobile)"
"  WHERE to_batch IS NULL;"
"CREATE INDEX customers_versions ON customers (from_batch);"
"CREATE INDEX customers_superseded ON customers (to_batch);"

/* Clustered on the key that makes a line unique, so the duplicate check
 * and the insert are one B-tree; the secondary indexes grow at their ends
 * during an import (batch ids and, mostly, days increase). */
"CREATE TABLE order_lines ("
"  order_id      TEXT NOT NULL,"
"  sku_id        TEXT NOT NULL,"
"  batch_id      INTEGER NOT NULL REFERENCES batches (id),"
"  line          INTEGER NOT NULL,"
"  mobile        TEXT NOT NULL,"
"  ordered_text  TEXT NOT NULL,"
"  ordered_at    INTEGER NOT NULL,"
"  day           INTEGER NOT NULL,"
"  sku_count     INTEGER NOT NULL CHECK (sku_count >= 1),"
"  amount        INTEGER NOT NULL CHECK (amount >= 0),"
"  PRIMARY KEY (order_id, sku_id)"
") WITHOUT ROWID;"
/* Covering: KPIs over a window of days read it without the table. */
"CREATE INDEX order_lines_day ON order_lines (day, mobile, amount);"
"CREATE INDEX order_lines_batch ON order_lines (batch_id);"

/* Aggregates kept exact at import (see kpi.c): distinct orders and revenue
 * per local day, per month and per customer (mobile), so the KPIs over
 * millions of lines read thousands of rows. */
"CREATE TABLE day_totals ("
"  day           INTEGER PRIMARY KEY,"
"  orders        INTEGER NOT NULL,"
"  lines         INTEGER NOT NULL,"
"  revenue       INTEGER NOT NULL"
");"
"CREATE TABLE month_totals ("
"  month         TEXT PRIMARY KEY,"
"  orders        INTEGER NOT NULL,"
"  revenue       INTEGER NOT NULL"
") WITHOUT ROWID;"
"CREATE TABLE customer_totals ("
"  mobile        TEXT PRIMARY KEY,"
"  orders        INTEGER NOT NULL,"
"  revenue       INTEGER NOT NULL"
") WITHOUT ROWID;"

/* Rejected rows, dropped duplicates and warnings, with a sanitized value. */
"CREATE TABLE row_issues ("
"  id            INTEGER PRIMARY KEY,"
"  batch_id      INTEGER NOT NULL REFERENCES batches (id),"
"  line          INTEGER NOT NULL,"
"  kind          TEXT NOT NULL CHECK (kind IN ('rejected', 'duplicate', 'warning')),"
"  column_name   TEXT NOT NULL,"
"  reason        TEXT NOT NULL,"
"  message       TEXT NOT NULL,"
"  value         TEXT NOT NULL"
");"
"CREATE INDEX row_issues_batch ON row_issues (batch_id, kind, line);"

"CREATE TABLE checks ("
"  batch_id      INTEGER NOT NULL REFERENCES batches (id),"
"  seq           INTEGER NOT NULL,"
"  category      TEXT NOT NULL CHECK (category IN ('file', 'schema', 'row', 'cross')),"
"  name          TEXT NOT NULL,"
"  status        TEXT NOT NULL CHECK (status IN ('PASS', 'WARN', 'FAIL')),"
"  count         INTEGER NOT NULL,"
"  detail        TEXT NOT NULL,"
"  samples       TEXT NOT NULL DEFAULT '',"
"  PRIMARY KEY (batch_id, seq)"
") WITHOUT ROWID;"

"CREATE TABLE snapshots ("
"  day            TEXT PRIMARY KEY,"
"  taken_at       TEXT NOT NULL,"
"  taken_by       TEXT NOT NULL,"
"  customer_batch INTEGER REFERENCES batches (id),"
"  last_batch     INTEGER NOT NULL REFERENCES batches (id),"
"  order_lines    INTEGER NOT NULL,"
"  orders         INTEGER NOT NULL,"
"  revenue        INTEGER NOT NULL,"
"  check_summary  TEXT NOT NULL,"
"  audit_seq      INTEGER NOT NULL,"
"  audit_hash     TEXT NOT NULL,"
"  content_hash   TEXT NOT NULL"
") WITHOUT ROWID;"
/* result: the KPI's JSON (doc/DESIGN.md section 4); rows: a header line and one
 * line per row, cells display-safe and tab-separated (show, diff, CSV). */
"CREATE TABLE snapshot_kpis ("
"  day           TEXT NOT NULL REFERENCES snapshots (day),"
"  kpi           TEXT NOT NULL,"
"  result        TEXT NOT NULL,"
"  rows          TEXT NOT NULL,"
"  PRIMARY KEY (day, kpi)"
") WITHOUT ROWID;"

"CREATE TABLE export_requests ("
"  id            INTEGER PRIMARY KEY,"
"  as_of         TEXT NOT NULL,"
"  requested_by  TEXT NOT NULL,"
"  requested_at  TEXT NOT NULL,"
"  params_hash   TEXT NOT NULL,"
"  summary       TEXT NOT NULL,"
"  status        TEXT NOT NULL DEFAULT 'pending'"
"                CHECK (status IN ('pending', 'approved', 'refused', 'expired', 'exported')),"
"  approved_by   TEXT,"
"  approved_at   TEXT,"
"  expires_at    INTEGER"
");"
"CREATE TABLE exports ("
"  id            INTEGER PRIMARY KEY,"
"  request_id    INTEGER NOT NULL REFERENCES export_requests (id),"
"  as_of         TEXT NOT NULL,"
"  path          TEXT NOT NULL,"
"  sha256        TEXT NOT NULL,"
"  bytes         INTEGER NOT NULL,"
"  requested_by  TEXT NOT NULL,"
"  approved_by   TEXT NOT NULL,"
"  created_at    TEXT NOT NULL"
");"
"CREATE INDEX exports_as_of ON exports (as_of);"

/* Append-only and hash-chained; see audit.c for the hash. */
"CREATE TABLE audit_log ("
"  seq           INTEGER PRIMARY KEY,"
"  ts            TEXT NOT NULL,"
"  actor         TEXT NOT NULL,"
"  action        TEXT NOT NULL,"
"  object        TEXT NOT NULL,"
"  details       TEXT NOT NULL,"
"  prev_hash     TEXT NOT NULL,"
"  hash          TEXT NOT NULL"
");"
"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
"PRAGMA user_version = 1;";

/*
 * Version 2: an export request keeps the audit chain head (sequence, hash)
 * it was made at; its params_hash covers them, and the workbook's Summary
 * shows them.
 */
static const char schema_v2[] =
"ALTER TABLE export_requests ADD COLUMN audit_seq INTEGER;"
"ALTER TABLE export_requests ADD COLUMN audit_hash TEXT;"
"CREATE INDEX exports_request ON exports (request_id);"
"PRAGMA user_version = 2;";

/*
 * Version 3: the KPI results of the last commit, for the screens
 * (kpi_cache.c); a cache, so nothing else refers to it.
 */
static const char schema_v3[] =
"CREATE TABLE kpi_cache ("
"  kpi           TEXT NOT NULL,"
"  as_of         INTEGER NOT NULL,"
"  fingerprint   TEXT NOT NULL,"
"  full_rows     INTEGER NOT NULL,"
"  data          BLOB NOT NULL,"
"  PRIMARY KEY (kpi, as_of)"
") WITHOUT ROWID;"
"PRAGMA user_version = 3;";

/*
 * Version 4, data contract v3:
 * - order_lines.revenue: what a line adds to revenue. It is the amount when
 *   the line's order is read as line amounts; when it is read as an order
 *   total repeated on each line, the order's first loaded line carries the
 *   total and every other line 0. Every KPI and aggregate sums revenue.
 * - batches.amount_scope ('line' or 'order', NULL for customers) and the
 *   evidence the reading rests on; how the file was read (sheet, header
 *   line, encoding).
 * - batch_reasons: the count of every row-issue reason of a batch; only the
 *   first rows of each kind are kept in row_issues, so counts come from
 *   here.
 */
static const char schema_v4[] =
"ALTER TABLE order_lines ADD COLUMN revenue INTEGER NOT NULL DEFAULT 0"
"  CHECK (revenue IN (0, amount));"
"UPDATE order_lines SET revenue = amount;"
"DROP INDEX order_lines_day;"
"CREATE INDEX order_lines_day ON order_lines (day, mobile, revenue);"
"ALTER TABLE batches ADD COLUMN amount_scope TEXT"
"  CHECK (amount_scope IN ('line', 'order'));"
"ALTER TABLE batches ADD COLUMN amount_evidence TEXT;"
"ALTER TABLE batches ADD COLUMN read_as TEXT;"
"UPDATE batches SET amount_scope = 'line' WHERE kind = 'orders';"
"CREATE TABLE batch_reasons ("
"  batch_id      INTEGER NOT NULL REFERENCES batches (id),"
"  kind          TEXT NOT NULL CHECK (kind IN ('rejected', 'duplicate', 'warning')),"
"  reason        TEXT NOT NULL,"
"  count         INTEGER NOT NULL,"
"  kept          INTEGER NOT NULL,"
"  PRIMARY KEY (batch_id, kind, reason)"
") WITHOUT ROWID;"
"INSERT INTO batch_reasons (batch_id, kind, reason, count, kept)"
"  SELECT batch_id, kind, reason, count(*), count(*) FROM row_issues"
"  GROUP BY batch_id, kind, reason;"
"INSERT OR IGNORE INTO settings (key, value) VALUES ('amount_scope', 'auto');"
"PRAGMA user_version = 4;";

/*
 * Version 5: the setting source_timeout_s, the seconds an SQL source's
 * query may run before the import stops it (read_sql.c).
 */
static const char schema_v5[] =
"INSERT OR IGNORE INTO settings (key, value) VALUES ('source_timeout_s', '300');"
"PRAGMA user_version = 5;";

/*
 * Version 6: the setting audit_anchor_file, where the audit chain's heads
 * are written outside the database (anchor.c); empty means beside it.
 */
static const char schema_v6[] =
"INSERT OR IGNORE INTO settings (key, value) VALUES ('audit_anchor_file', '');"
"PRAGMA user_version = 6;";

/*
 * Version 7:
 * - the setting approval_same_terminal. By default ('0') the approver
 *   decides in their own session (Approvals on their home) and the
 *   requester's screen waits; '1' lets the approver type their name and
 *   password on the requester's screen, for demos;
 * - finding the newest state baseline (ledger.c) and the anchored entries
 *   (anchor.c) by action, without reading the whole log; the setting
 *   audit_anchor_syslog (0 or 1).
 */
static const char schema_v7[] =
"INSERT OR IGNORE INTO settings (key, value) VALUES "
"('approval_same_terminal', '0');"
"CREATE INDEX audit_log_action ON audit_log (action, seq);"
"INSERT OR IGNORE INTO settings (key, value) VALUES ('audit_anchor_syslog', '0');"
"PRAGMA user_version = 7;";

/*
 * Version 8: what an SQL source was (read_sql*.c), beside the batch:
 * the engine ('sqlite', 'postgresql', 'mysql'), the query's text and its
 * SHA-256, the server's name and version, and whether the connection was
 * encrypted (its TLS protocol and cipher). file_name holds the source's URI
 * (it never carries a password) and sha256 the SHA-256 of the rows the
 * query returned. batches.source stays 'sqlite' for every SQL source: the
 * rows passed through a private SQLite copy when this was written (a spool
 * file now, read_sql.c), and that column's CHECK cannot widen without
 * rebuilding the table other tables refer to.
 */
static const char schema_v8[] =
"ALTER TABLE batches ADD COLUMN source_engine TEXT"
"  CHECK (source_engine IN ('sqlite', 'postgresql', 'mysql'));"
"ALTER TABLE batches ADD COLUMN source_query TEXT;"
"ALTER TABLE batches ADD COLUMN source_query_sha256 TEXT;"
"ALTER TABLE batches ADD COLUMN source_server TEXT;"
"ALTER TABLE batches ADD COLUMN source_encrypted INTEGER"
"  CHECK (source_encrypted IN (0, 1));"
"ALTER TABLE batches ADD COLUMN source_tls TEXT;"
"UPDATE batches SET source_engine = 'sqlite' WHERE source = 'sqlite';"
"PRAGMA user_version = 8;";

/*
 * Version 9: named SQL sources (sources.c): a URI saved under a name by an
 * admin (never with a password), and queries saved under names of their
 * own, so that analysts import with --source NAME [--saved-query Q].
 */
static const char schema_v9[] =
"CREATE TABLE sources ("
"  name          TEXT PRIMARY KEY,"
"  uri           TEXT NOT NULL,"
"  created_by    TEXT NOT NULL,"
"  created_at    TEXT NOT NULL"
") WITHOUT ROWID;"
"CREATE TABLE source_queries ("
"  source        TEXT NOT NULL REFERENCES sources (name) ON DELETE CASCADE,"
"  name          TEXT NOT NULL,"
"  sql           TEXT NOT NULL,"
"  saved_by      TEXT NOT NULL,"
"  saved_at      TEXT NOT NULL,"
"  PRIMARY KEY (source, name)"
") WITHOUT ROWID;"
"PRAGMA user_version = 9;";

/*
 * Version 10: window_totals, each customer's revenue and lines over the 30
 * local days before as_of, kept for the default as_of (the day after the
 * latest order's local day) whenever lines come or go (totals.h), so top
 * spenders read one row per customer instead of the window's lines.
 */
static const char schema_v10[] =
"CREATE TABLE window_totals ("
"  as_of         INTEGER NOT NULL,"
"  mobile        TEXT NOT NULL,"
"  revenue       INTEGER NOT NULL,"
"  lines         INTEGER NOT NULL,"
"  PRIMARY KEY (as_of, mobile)"
") WITHOUT ROWID;"
"INSERT INTO window_totals (as_of, mobile, revenue, lines)"
"  SELECT w.as_of, l.mobile, sum(l.revenue), count(*)"
"  FROM (SELECT max(day) + 1 AS as_of FROM order_lines) w"
"  JOIN order_lines l ON l.day >= w.as_of - 30 AND l.day < w.as_of"
"  GROUP BY l.mobile;"
"PRAGMA user_version = 10;";

/* Migration N brings the schema from version N - 1 to N. */
static const char *const schema_migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
	schema_v5,
	schema_v6,
	schema_v7,
	schema_v8,
	schema_v9,
	schema_v10,
};
#define SCHEMA_LATEST \
	((int)(sizeof schema_migrations / sizeof schema_migrations[0]))

int
schema_latest(void)
{
	return SCHEMA_LATEST;
}

int
schema_version(struct db *db, char **cause)
{
	sqlite3_stmt *st;
	int v = -1;

	if (db_prepare(db, "PRAGMA user_version", &st, cause) == -1)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	else
		*cause = db_error(db, "reading the schema version");
	sqlite3_finalize(st);
	return v;
}

int
schema_migrate(struct db *db, char **cause)
{
	int v;

	if ((v = schema_version(db, cause)) == -1)
		return -1;
	if (v > SCHEMA_LATEST) {
		*cause = xasprintf("database %s has schema version %d, newer "
		    "than this kpidesk understands (%d): use a newer kpidesk",
		    db->path, v, SCHEMA_LATEST);
		return -1;
	}
	if (v < SCHEMA_LATEST && db->readonly) {
		*cause = xasprintf("database %s needs an upgrade (schema %d "
		    "to %d): run any kpidesk command as its owner first",
		    db->path, v, SCHEMA_LATEST);
		return -1;
	}
	/* The seed rides in the last migration: what migrations write is
	 * trusted by the ledger's baseline for the new version (ledger.h). */
	for (; v < SCHEMA_LATEST; v++) {
		if (db_begin(db, cause) == -1)
			return -1;
		if (db_exec(db, schema_migrations[v], cause) == -1 ||
		    (v + 1 == SCHEMA_LATEST && settings_seed(db, cause) == -1)) {
			db_rollback(db);
			return -1;
		}
		if (db_commit(db, cause) == -1)
			return -1;
	}
	return 0;
}

int
schema_open(const char *path, int flags, struct db **out, char **cause)
{
	return db_open(path, flags, schema_migrate, out, cause);
}
