#!/bin/sh
# Orders shaped like the task's (each order's total repeated on every line of
# the order) count each order's total once: in the CLI JSON, on the KPI
# screen of the real TUI (whose header line says how amounts were read), and
# in the approved workbook (Summary sheet and KPI sheets). A file the auto
# rule cannot read either way is refused by the CLI with exit 1 and nothing
# loaded; in the TUI the analyst is asked how to read it and the choice is
# what the checks then show. Expected figures are worked out by hand below.
# Covers: ui/scr_kpi, ingest/import_orders, store/totals.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"
need python3 openpyxl

make_db
PWV=$(secret pwv 'approver password 1')
run 0 user add val --role approver --password-file "$PWV"

cat >"$T/customers.csv" <<'EOF'
customer_id,customer_name,mobile_number,region
C1,Aarav Mehta,9123456781,West
C2,Diya Rao,9123456782,North
EOF
# order ORDER_ID MOBILE TIME SKU AMOUNT: one <order> line.
order() {
	printf '  <order><order_id>%s</order_id><mobile_number>%s</mobile_number><order_date_time>%s</order_date_time><sku_id>%s</sku_id><sku_count>1</sku_count><total_amount>%s</total_amount></order>\n' "$@"
}
{
	echo '<orders>'
	order O1 9123456781 2025-10-12T09:00:00 S1 7450
	order O1 9123456781 2025-10-12T09:00:00 S2 7450
	order O1 9123456781 2025-10-12T09:00:00 S3 7450
	order O2 9123456782 2025-10-12T10:00:00 S1 200
	order O2 9123456782 2025-10-12T10:00:00 S2 200
	order O3 9123456781 2025-10-11T18:00:00 S1 99.50
	echo '</orders>'
} >"$T/orders.xml"
# Revenue read as order totals: West = 7450 + 99.50 (O1, O3), North = 200
# (O2); 2025-10-12: 2 orders, 7650.00. Summing lines would give 22,449.50.

run 0 import customers "$T/customers.csv" --user ana --password-file "$PW"
run 0 import orders "$T/orders.xml" --user ana --password-file "$PW" --format json
python3 - "$T/out" <<'EOF' || fail "import JSON: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["amount_scope"] == "order", d
assert d["status"] == "committed", d
assert (d["read"], d["loaded"], d["rejected"]) == (6, 6, 0), d
EOF
run 0 check --format json
grep -q 'amount scope: order, 2 of 2 multi-line orders repeat their total' "$T/out" ||
    fail "the check report does not state the reading: $(cat "$T/out")"
ok "the task-shaped file is read as order totals, with its evidence"

[ "$(kpi_json regional-revenue 'd["rows"]')" = "[['West', 2, '7549.50'], ['North', 1, '200.00']]" ] ||
    fail "regional revenue: $(cat "$T/kpi.json")"
[ "$(kpi_json daily-trend 'd["rows"]')" = "[['2025-10-11', 1, '99.50'], ['2025-10-12', 2, '7650.00']]" ] ||
    fail "daily trend: $(cat "$T/kpi.json")"
[ "$(kpi_json top-spenders 'd["rows"][0]')" = "[1, 'C1', 'Aarav Mehta', '7549.50']" ] ||
    fail "top spenders: $(cat "$T/kpi.json")"
[ "$(kpi_json monthly-trend 'd["rows"]')" = "[['2025-10', 3, '7749.50']]" ] ||
    fail "monthly trend: $(cat "$T/kpi.json")"
ok "every KPI counts each order's total once (CLI JSON)"

tui_start --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
wait_for 'Repeat customers +as of 2025-10-13 .*amounts: order totals'
keys 4
wait_for 'Regional revenue +as of'
wait_line 'West' '₹7,549.50'
wait_line 'North' '₹200.00'
screen | grep -qE '22,?449' && fail "the screen shows summed lines"
keys 2
wait_for 'Daily trend +as of'
wait_line '2025-10-12' '₹7,650.00'
ok "the KPI screen says how amounts were read and shows the totals once"
keys Q
wait_for '\[kpidesk exited\] 0'

run 0 export --user ana --approver val --password-file "$PW" \
    --approver-password-file "$PWV" --out "$T/report.xlsx"
/usr/bin/python3 - "$T/report.xlsx" <<'EOF' || fail "the workbook does not count totals once"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
summary = [[c for c in r if c is not None] for r in wb["Summary"].iter_rows(values_only=True)]
flat = [str(c) for r in summary for c in r]
assert any("order totals" in c for c in flat), summary
assert any("amount scope: order, 2 of 2 multi-line orders repeat their total" in c
           for c in flat), summary
rows = list(wb["KPI_Regional_Revenue"].iter_rows(values_only=True))
assert rows[0] == ("region", "orders", "revenue"), rows
assert rows[1] == ("West", 2, 7549.5) and rows[2] == ("North", 1, 200), rows
EOF
ok "the workbook's Summary states the scope; its KPI sheets count totals once"

# Two multi-line orders, one repeating its amount, one not, and a third
# repeating: 2 of 3 is neither at most half nor all.
{
	echo '<orders>'
	order M1 9123456781 2025-10-13T09:00:00 S1 100
	order M1 9123456781 2025-10-13T09:00:00 S2 100
	order M2 9123456782 2025-10-13T10:00:00 S1 40
	order M2 9123456782 2025-10-13T10:00:00 S2 60
	order M3 9123456782 2025-10-13T11:00:00 S1 5
	order M3 9123456782 2025-10-13T11:00:00 S2 5
	echo '</orders>'
} >"$T/mixed.xml"
lines=$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM order_lines")
run 1 import orders "$T/mixed.xml" --user ana --password-file "$PW"
grep -q 'amount scope cannot be decided: 2 of 3' "$T/err" || fail "no reason: $(cat "$T/err")"
grep -q -- '--amount-scope' "$T/err" || fail "the message does not name the option"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM order_lines")" = "$lines" ] ||
    fail "a refused file loaded lines"
ok "a file of no clear reading is refused with exit 1, nothing loaded"

mkdir "$T/in"
cp "$T/mixed.xml" "$T/in/mixed.xml"
tui_start -c "$T/in" --db "$KPIDESK_DB"
login ana 'analyst password 1'
wait_for 'What would you like to do'
keys 2
wait_for 'mixed\.xml'
keys Enter
wait_for 'PASS: extension'
keys Enter
wait_for 'How to read total_amount\?'
wait_for 'l line amounts +o order totals'
keys o
# Read as order totals, M2's second line carries another total: rejected,
# which is over the share, so the TUI asks again.
wait_for 'Too many rejected rows'
wait_for '1 of 6 rows'
keys y
wait_for '\[3 Checks\]'
# The amount scope is the check before the last: its detail shows below.
keys End Up
wait_for 'amount scope: order \(as asked\), 2 of 3 multi-line orders'
wait_for 'PASS .*amount scope'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT status FROM checks WHERE batch_id = (SELECT max(id) FROM batches) AND name LIKE 'lines of an order read as a total%'")" = FAIL ] ||
    fail "order_total_conflict is not a failed check"
ok "the TUI asks how to read the file; the checks show the choice"
