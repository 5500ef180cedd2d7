#!/bin/sh
# History: snapshots taken as data is committed, `history list|show|verify|
# diff|files|snapshot|months`; verify passes, then fails naming what changed after
# an order line, a customer, a stored KPI result or an audit entry is edited
# through SQLite directly; the files folder passes `sha256sum -c`, with
# mobiles masked for an auditor.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

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
cp "$KPIDESK_DB" "$T/clean.db"

restore() { cp "$T/clean.db" "$KPIDESK_DB"; rm -f "$KPIDESK_DB-wal" "$KPIDESK_DB-shm"; }
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
expect out 'KPI regional-revenue recomputed now differs'
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
