#!/bin/sh
# Orders from a named SQL source in the real TUI (issue 16): with a source
# and a saved query made by the operator, the analyst's Import orders screen
# offers "s: from a database"; s lists the saved queries, Enter shows the
# query whole with its source and URI before anything runs, Enter imports
# it, and the batch waits on the checks like a file's; with no saved query
# s says how to add one.
# Covers: ui/scr_upload, ingest/sources, ingest/read_sql.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

make_db
SRC=$T/shop.db
sqlite3 "$SRC" "CREATE TABLE o (id, mob, ts, sku, n, amt);
INSERT INTO o VALUES ('O1', '9123456781', '2025-10-12T09:15:32', 'S1', 2, '10.50'),
 ('O2', '9123456782', '2025-10-12T10:15:32', 'S2', 1, '4');" ||
    fail "cannot make the source database"
Q="SELECT id AS order_id, mob AS mobile_number, ts AS order_date_time, sku AS sku_id, n AS sku_count, amt AS total_amount FROM o"

tui_start --db "$KPIDESK_DB"
login ana 'analyst password 1'
wait_for 'Import orders \(XML, CSV\)'
N=$(screen | sed -n 's/^ *\([0-9]\)  Import orders.*/\1/p')
[ -n "$N" ] || fail "no Import orders entry on the analyst's home"
keys "$N"
wait_for 's: from a database'
keys s
wait_for 'no saved queries: an admin adds them'
ok "with no saved query, s says how to add one"

run 0 source add shop "sqlite:$SRC"
run 0 source query shop daily "$Q"
keys s
wait_for 'shop +daily +sqlite:'
keys Enter
wait_for 'Enter runs this query \(read-only\)'
wait_for 'Query +daily'
wait_for 'SELECT id AS order_id, mob AS mobile_number'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM batches WHERE kind = 'orders'")" = 0 ] ||
    fail "the query ran before Enter"
keys Enter
wait_for 'Batch [0-9]+ \(orders\) pending'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT rows_loaded || ' ' || status || ' ' || source_query FROM batches WHERE kind = 'orders'")" = "2 pending $Q" ] ||
    fail "the batch: $(sqlite3 "$KPIDESK_DB" "SELECT * FROM batches WHERE kind = 'orders'")"
ok "s lists the saved queries; the query is shown whole before Enter runs it; the batch waits on the checks"
