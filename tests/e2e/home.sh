#!/bin/sh
# Screens follow the role. Each role's home says what it can do; an
# approver sees the step bar but the KPI dashboard offers no `e export`
# (and e does nothing there); an auditor and an admin see the screen's
# name instead of the analyst's step bar. An analyst's export with no
# customer master warns and asks first (n withdraws it); KPIs counting a
# batch that waits for accept or discard carry a mark.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

DATA="$SRCDIR/data"
make_db
run 0 user add val --role approver --password-file "$PW"
run 0 user add aud --role auditor --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"

tui_start --db "$KPIDESK_DB"
login val 'analyst password 1'
wait_for 'As an approver you approve or refuse'
screen | grep -q 'As an analyst' && fail "the approver's home explains the analyst's role"
wait_row 1 '1 Login → 2 Upload'
N=$(screen | sed -n 's/^ *\([0-9]\)  KPI dashboard.*/\1/p')
[ -n "$N" ] || fail "no KPI dashboard on the approver's home"
keys "$N"
wait_for 'Repeat customers +as of'
wait_for 'p period'
screen | grep -q 'e export' && fail "the approver is offered e export"
keys e '?'
wait_for 'one day earlier'
screen | grep -q 'request an export' && fail "the help offers the approver an export"
screen | grep -q 'Export request' && fail "e opened an export request for an approver"
ok "an approver's home says what it does; no e export on the dashboard"
keys q
wait_gone 'one day earlier'
keys Q
wait_for 'kpidesk exited'

tui_start --db "$KPIDESK_DB"
login aud 'analyst password 1'
wait_for 'As an auditor you read every past day'
wait_row 1 '^ kpidesk  Home'
screen | grep -q '1 Login' && fail "the auditor sees the analyst's step bar"
ok "an auditor's home: its role explained, no step bar"
keys Q
wait_for 'kpidesk exited'

tui_start --db "$KPIDESK_DB"
login root 'analyst password 1'
wait_for 'As an admin you add, disable and unlock accounts'
wait_row 1 '^ kpidesk  Home'
screen | grep -q '1 Login' && fail "the admin sees the analyst's step bar"
ok "an admin's home: its role explained, no step bar"
keys Q
wait_for 'kpidesk exited'

tui_start -c "$DATA" --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
wait_for 'Repeat customers +as of'
wait_for 'e export'
keys e
wait_for 'This report has no customer master'
keys n
wait_gone 'This report has no customer master'
wait_for 'Repeat customers +as of'
# A withdrawn request is refused, and its cancellation audited.
[ "$(sqlite3 "$KPIDESK_DB" "SELECT status FROM export_requests")" = refused ] ||
    fail "the request was not withdrawn: $(sqlite3 "$KPIDESK_DB" "SELECT status FROM export_requests")"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM audit_log WHERE action = 'export.cancel'")" = 1 ] ||
    fail "the withdrawal was not audited"
ok "an export without a customer master warns first; n withdraws it"

# A customer master uploaded and not yet accepted: the KPIs carry a mark.
keys q
wait_for 'What would you like to do'
upload_master
wait_for 'Batch [0-9]+ \(customers\) pending'
keys K
wait_for 'Repeat customers +as of'
wait_for 'incl\. pending batch [0-9]+'
ok "KPIs with a pending batch carry a mark"
