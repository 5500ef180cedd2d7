#!/bin/sh
# Named SQL sources (issue 16): an operator saves a source's URI under a
# name and queries under names of their own; a URI with a password, a bad
# name, a query for an unknown source are refused; an analyst imports with
# --source NAME --saved-query Q (or --query SQL), and the batch records the
# query; every change is audited and watched by the ledger (a URI edited with
# sqlite3 is named by audit verify); removing a source removes its queries.
# shellcheck source=tests/lib.sh
# Covers: ingest/sources, app/cli_source.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need sqlite3

PW=$(secret pw 'analyst password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
SRC=$T/shop.db
sqlite3 "$SRC" "CREATE TABLE o (id, mob, ts, sku, n, amt);
INSERT INTO o VALUES ('O1', '9123456781', '2025-10-12T09:15:32', 'S1', 2, '10.50'),
 ('O2', '9123456782', '2025-10-12T10:15:32', 'S2', 1, '4');" ||
    fail "cannot make the source database"
Q="SELECT id AS order_id, mob AS mobile_number, ts AS order_date_time, sku AS sku_id, n AS sku_count, amt AS total_amount FROM o"

run 0 source add shop "sqlite:$SRC"
expect out '^source add: shop done$'
run 1 source add crm 'postgresql://bob:hunter2@db.example/crm'
expect err 'password'
run 1 source add 'Bad Name' "sqlite:$SRC"
expect err 'a source name is 1 to 32 of a-z, 0-9, _ and -'
run 1 source add web 'http://example.invalid/'
run 1 source query nosuch daily 'SELECT 1'
expect err "no source named 'nosuch'"
run 0 source query shop daily "$Q"
run 0 source list
expect out "^shop	sqlite:$T/shop\\.db	os:[^	]+	[0-9T:-]+Z$"
run 0 source queries shop
expect out '^daily	SELECT id AS order_id'
run 2 source add shop
ok "sources and queries saved by name; passwords, bad names and unknown sources refused"

run 2 import orders --saved-query daily --user ana --password-file "$PW"
run 1 import orders --source shop --saved-query weekly --user ana --password-file "$PW"
expect err 'source shop has no query named weekly'
run 1 import orders --source nosuch --query "$Q" --user ana --password-file "$PW"
expect err "no source named 'nosuch'"
run 0 import orders --source shop --saved-query daily --user ana --password-file "$PW"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT rows_loaded || ' ' || source_engine || ' ' || source_query FROM batches WHERE kind = 'orders'")" = "2 sqlite $Q" ] ||
    fail "the batch: $(sqlite3 "$KPIDESK_DB" "SELECT * FROM batches")"
run 0 import orders --source shop --query "$Q" --user ana --password-file "$PW"
expect out 'repeat|already|duplicate'
ok "an analyst imports with --source NAME and a saved query or --query; the batch records the query"

run 0 audit list --action source.add
expect out "source\\.add	shop	sqlite:"
run 0 audit verify
expect out '^audit state OK'
cp "$KPIDESK_DB" "$T/clean.db"
sqlite3 "$KPIDESK_DB" "UPDATE sources SET uri = 'sqlite:/tmp/evil.db'"
run 1 audit verify
expect out "^audit state BROKEN: sources row 'shop' was edited behind kpidesk's back"
cp "$T/clean.db" "$KPIDESK_DB"
rm -f "$KPIDESK_DB-wal" "$KPIDESK_DB-shm"
run 0 source remove shop
run 0 source list
[ -z "$(sqlite3 "$KPIDESK_DB" 'SELECT * FROM source_queries')" ] ||
    fail "the queries outlived their source"
run 0 audit verify
expect out '^audit state OK'
run 1 source remove shop
expect err "no source named 'shop'"
ok "changes audited and replayed; an edited URI named; remove takes the queries too"
