#!/bin/sh
# History: snapshots taken as data is committed, `history list|show|verify|
# diff|files|snapshot|months`; verify passes, then fails naming what changed after
# an order line, a customer, a stored KPI result or an audit entry is edited
# through SQLite directly; edited day, month and customer totals are named
# by verify (recomputed from the lines) and refused for the next snapshot
# with an integrity alert; the files folder passes `sha256sum -c`, with
# mobiles masked for an auditor.
# Covers: history/*, report/snapshot, app/cli_history.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need sqlite3 python3

DATA="$SRCDIR/data"
PW=$(secret pw 'analyst password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add aud --role auditor --password-file "$PW"
run 0 history list
expect out 'no snapshots yet'
run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW"
head -200 "$DATA/task_DE_new_orders.xml" >"$T/early.xml"
echo '</orders>' >>"$T/early.xml"
run 0 import orders "$T/early.xml" --user ana --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"
run 0 history list
expect out '^2025-08-20 .* 195 .* intact'
expect out '^2025-10-13 .* 411 .* 2236436\.16 +intact'
ok "a snapshot per committed day, listed with counts and an intact mark"

run 0 history show 2025-10-13 --kpi regional-revenue
expect out '^South +99 +830454\.71'
expect out 'audit head [0-9]+ [0-9a-f]{64}'
run 0 history show 2025-10-13 --format json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["day"]=="2025-10-13"; assert d["kpis"]["top-spenders"]["columns"]==["rank","customer_id","customer_name","total_spend"]' "$T/out" ||
    fail "history show --format json"
run 0 history diff 2025-08-20 2025-10-13
expect out 'order lines 195 -> 411, revenue 1147457\.66 -> 2236436\.16'
expect out '^repeat-customers CUST-0053: order_count 14 -> 26$'
ok "show (table and JSON) and diff"

# Months from the snapshots: each closed by the first snapshot as of a later
# month, the last one to date.
run 0 history months
expect out '^2025-07 +closed +2025-07-31 +2025-08-20 +92 +822415\.79$'
expect out '^2025-08 +closed +2025-08-31 +2025-10-13 +86 +541644\.28$'
expect out '^2025-10 +to date +2025-10-12 +2025-10-13 +31 +195288\.71$'
run 0 history months --format json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["columns"]==["month","status","through","snapshot","orders","revenue"]; assert d["rows"][-1]==["2025-10","to date","2025-10-12","2025-10-13",31,"195288.71"], d' "$T/out" ||
    fail "history months --format json"
run 2 history months 2025-10
ok "months: monthly aggregates built from the daily snapshots"

run 0 history verify
expect out '2025-10-13: verified'
# The day before the second import: recomputed from the lines of batches
# up to its own (the later batch added lines to its days).
expect out '2025-08-20: verified'
cp "$KPIDESK_DB" "$T/clean.db"
cp "$KPIDESK_DB.anchor" "$T/clean.anchor"

# A backup restored with its anchor file (without it, the heads anchored
# since would be missing from the restored chain: see anchor.sh).
restore() {
	cp "$T/clean.db" "$KPIDESK_DB"
	rm -f "$KPIDESK_DB-wal" "$KPIDESK_DB-shm"
	cp "$T/clean.anchor" "$KPIDESK_DB.anchor"
}
sqlite3 "$KPIDESK_DB" "UPDATE order_lines SET amount = amount + 1, revenue = CASE WHEN revenue = 0 THEN 0 ELSE revenue + 1 END WHERE order_id = 'ORD-2025-0010'"
run 1 history verify
expect out 'batch 2 \(orders, early\.xml\) changed since import'
restore
# Read as order totals, an order's later lines add 0: giving them their
# amount would count the total again; the batch's proof covers revenue.
sqlite3 "$KPIDESK_DB" "UPDATE order_lines SET revenue = amount WHERE order_id = (SELECT order_id FROM order_lines WHERE revenue = 0 AND amount > 0 LIMIT 1)"
run 1 history verify
expect out 'batch [0-9]+ \(orders, [a-z_.]+\) changed since import'
restore
sqlite3 "$KPIDESK_DB" "UPDATE customers SET customer_name = 'X' WHERE customer_id = 'CUST-0002'"
run 1 history verify 2025-10-13
expect out 'batch 1 \(customers, task_DE_new_customers\.csv\) changed'
restore
sqlite3 "$KPIDESK_DB" "UPDATE snapshot_kpis SET result = replace(result, '830454.71', '830454.72') WHERE day = '2025-10-13' AND kpi = 'regional-revenue'"
run 1 history verify 2025-10-13
expect out "snapshot's stored content changed"
expect out 'KPI regional-revenue recomputed from the order lines differs'
restore
sqlite3 "$KPIDESK_DB" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = 'x' WHERE seq = 4"
run 1 history verify
expect out 'audit chain BROKEN at entry 4'
restore
# A truncated chain: the head a snapshot recorded is gone.
sqlite3 "$KPIDESK_DB" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= (SELECT audit_seq FROM snapshots WHERE day = '2025-10-13')"
run 1 history verify 2025-10-13
expect out 'no longer holds the head'
restore
ok "verify names an edited order line, customer, KPI result, audit entry and a cut chain"

# Issue 13: the totals the KPIs read, edited with sqlite3, are named by
# verify from the lines, and never carried into a new snapshot: the next
# import (its snapshot) and `history snapshot` are refused with an
# integrity alert.
cat >"$T/late.xml" <<'EOF'
<orders><order><order_id>ORD-LATE-1</order_id><mobile_number>07823845878</mobile_number><order_date_time>2025-10-13T10:00:00</order_date_time><sku_id>SKU-1001</sku_id><sku_count>1</sku_count><total_amount>100</total_amount></order></orders>
EOF
alerts() { sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM audit_log WHERE action = 'integrity.alert'"; }
restore
sqlite3 "$KPIDESK_DB" "UPDATE month_totals SET revenue = revenue + 1000000 WHERE month = '2025-07'"
run 1 history verify
expect out '^month_totals 2025-07 differs from the order lines: revenue 832415\.79 \(lines 822415\.79\)$'
expect out 'the totals tables differ from the order lines'
run 1 import orders "$T/late.xml" --user ana --password-file "$PW"
expect err 'no snapshot taken: the totals the KPIs are read from differ'
expect err 'month_totals 2025-07 differs'
[ "$(alerts)" = 1 ] || fail "no integrity.alert for the refused snapshot"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM order_lines WHERE order_id = 'ORD-LATE-1'")" = 0 ] ||
    fail "the batch was committed without its snapshot"
run 1 history snapshot
expect err 'month_totals 2025-07 differs'
[ "$(alerts)" = 2 ] || fail "no integrity.alert for history snapshot"
run 1 history verify
expect out '^month_totals 2025-07 differs'
run 0 history list
expect out '^2025-10-13 .* 411 .* 2236436\.16 +intact'
ok "edited month_totals: verify names the month; the next import and snapshot are refused and alerted"

restore
sqlite3 "$KPIDESK_DB" "UPDATE day_totals SET orders = orders + 1 WHERE day = (SELECT max(day) FROM day_totals)"
run 1 history verify
expect out '^day_totals 2025-10-12 differs from the order lines: orders [0-9]+ \(lines [0-9]+\)$'
run 1 history snapshot 2025-09-01
expect err 'day_totals 2025-10-12 differs'
restore
sqlite3 "$KPIDESK_DB" "UPDATE customer_totals SET revenue = revenue + 100 WHERE mobile = (SELECT mobile FROM customers WHERE customer_id = 'CUST-0053' AND to_batch IS NULL)"
run 1 history verify
expect out '^customer_totals CUST-0053 \(XXXXXX[0-9]{4}\) differs from the order lines: revenue [0-9.]+ \(lines [0-9.]+\)$'
run 1 import orders "$T/late.xml" --user ana --password-file "$PW"
expect err 'customer_totals CUST-0053'
restore
sqlite3 "$KPIDESK_DB" "DELETE FROM customer_totals WHERE mobile = (SELECT mobile FROM customers WHERE customer_id = 'CUST-0053' AND to_batch IS NULL)"
run 1 history verify
expect out '^customer_totals CUST-0053 \(XXXXXX[0-9]{4}\) differs from the order lines: no totals row'
restore
run 0 import orders "$T/late.xml" --user ana --password-file "$PW"
run 0 history verify
expect out '2025-10-14: verified'
expect out '2025-10-13: verified'
expect out '2025-08-20: verified'
[ "$(alerts)" = 0 ] || fail "an integrity.alert on a clean database"
restore
ok "edited day_totals and customer_totals named by verify and refused for a snapshot; a clean database verifies after another import"

mkdir -m 700 "$T/files"
run 0 history files 2025-10-13 "$T/files" --user aud --password-file "$PW"
(cd "$T/files/2025-10-13" && sha256sum -c --quiet MANIFEST.sha256) || fail "manifest does not verify"
expect out "$T/files/2025-10-13"
grep -q '"XXXXXX[0-9]\{4\}"' "$T/files/2025-10-13/customers.csv" || fail "auditor mobiles not masked"
[ "$(stat -c %a "$T/files/2025-10-13/customers.csv")" = 600 ] || fail "files not 0600"
[ "$(tail -n +2 "$T/files/2025-10-13/orders_current_day.csv" | wc -l)" -gt 0 ] || fail "no current-day orders"
run 1 history files 2025-10-13 "$T/files"
expect err 'already exists'
mkdir -m 700 "$T/files2"
run 0 history files 2025-10-13 "$T/files2"
grep -q '"XXXXXX' "$T/files2/2025-10-13/customers.csv" && fail "operator files must not be masked"
ok "files: manifest verifies with sha256sum -c, auditor masking, no overwrite"

run 0 history snapshot 2025-09-01
expect out 'snapshot 2025-09-01 taken'
run 1 history show 2024-01-01
expect err 'no snapshot for 2024-01-01'
run 2 history diff 2025-10-13
run 2 history show notaday
ok "snapshot on demand, refusals"
