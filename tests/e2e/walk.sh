#!/bin/sh
# The whole analyst walk in the real TUI at 80x24: log in, upload the
# customer master through the file picker (size, SHA-256 and policy shown),
# read the checks, accept the batch, then every KPI tab 1..5 shows the
# values `kpidesk kpi NAME --format json` gives. Then briefly the same at
# 120x40, opened with --start kpi.
# Covers: ui/* (the analyst path), ingest/import, report/kpi.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"
need python3

DATA="$SRCDIR/data"
make_db
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"

tui_start -c "$DATA" --db "$KPIDESK_DB"
login ana 'analyst password 1'
wait_for 'What would you like to do'
keys 1
wait_for '\[2 Upload\]'
wait_for 'task_DE_new_customers\.csv'
screen | grep -q 'task_DE_new_orders' && fail "the picker shows an XML file for customers"
keys Enter
sha=$(sha256sum "$DATA/task_DE_new_customers.csv" | cut -c1-64)
wait_for "$sha"
wait_for 'PASS: extension, size limit'
ok "the picker lists the allowed files; the SHA-256 and the policy are shown"

keys Enter
wait_for '\[3 Checks\]'
wait_for 'Batch [0-9]+ \(customers\) pending'
wait_for 'PASS .*upload policy'
wait_for 'read 200, loaded 195, rejected 5'
keys a
wait_for 'Batch [0-9]+ \(customers\) committed'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT status FROM batches WHERE kind='customers'")" = committed ] ||
    fail "the batch is not committed in the database"
ok "checks shown; the batch waits, then is accepted"

keys K
wait_for '\[4 KPIs\]'
wait_for 'Repeat customers +as of'
id=$(kpi_json repeat-customers 'd["rows"][0][0]')
n=$(kpi_json repeat-customers 'd["rows"][0][2]')
wait_line "$id" " $n"
keys 2
wait_for 'Daily trend +as of'
day=$(kpi_json daily-trend 'd["rows"][0][0]')
rev=$(kpi_json daily-trend 'd["rows"][0][2]')
wait_line "$day" "₹$(grouped "$rev")"
keys 3
wait_for 'Monthly trend +as of'
month=$(kpi_json monthly-trend 'd["rows"][0][0]')
rev=$(kpi_json monthly-trend 'd["rows"][0][2]')
wait_line "$month" "₹$(grouped "$rev")"
keys 4
wait_for 'Regional revenue +as of'
region=$(kpi_json regional-revenue 'd["rows"][0][0]')
rev=$(kpi_json regional-revenue 'd["rows"][0][2]')
wait_line "$region" "₹$(grouped "$rev")"
keys 5
wait_for 'Top spenders \(30 days\) +as of'
id=$(kpi_json top-spenders 'd["rows"][0][1]')
total=$(kpi_json top-spenders 'd["rows"][0][3]')
wait_line "$id" "₹$(grouped "$total")"
ok "KPI tabs 1..5 show the values of kpidesk kpi --format json (grouped, with ₹)"

keys 4 p
wait_for 'period: day'
keys '?'
wait_for 'cycle the period'
keys q
wait_gone 'cycle the period'
keys Q
wait_for 'kpidesk exited'
ok "period selector, help overlay, quit"

tui_start -x 120 -y 40 --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
wait_for '1 Repeat customers'
keys 5
wait_for 'Top spenders \(30 days\) +as of'
wait_line "$id" "₹$(grouped "$total")"
keys 4
wait_for 'Regional revenue +as of'
wait_line "$region" "₹$(grouped "$rev")"
tui_alive
ok "the same at 120x40 with --start kpi"
