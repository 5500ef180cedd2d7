#!/bin/sh
# Approval in the approver's own session, two kpidesk on one database in
# two tmux servers. Session 1: ana presses e on the dashboard; the
# Authorize screen shows the request and waits ("Waiting for an
# approver"), with no approver fields. Session 2: val logs in; home shows
# "Approvals (1)"; the list holds ana's request; Enter shows the same
# summary; a with a wrong password is refused (never drawn) and session 1
# still waits; a with the right password approves, and session 1 moves on
# by itself to the Export step, which writes the workbook. Then a second
# request: val rejects it with r, and session 1 says "Rejected by val" by
# itself. A third, withdrawn with Esc on session 1, leaves val's list by
# itself. The audit log holds the approval, the refusal, the rejection.
# Covers: ui/scr_approvals, ui/scr_approve, export/export.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

DATA="$SRCDIR/data"
make_db
PWV=$(secret pwv 'approver password 1')
run 0 user add val --role approver --password-file "$PWV"
load_sample
run 0 config list
expect out '^approval_same_terminal +0$'
csha=$(sha256sum "$DATA/task_DE_new_customers.csv" | cut -c1-64)
BOOK="$T/exports/Customer_Order_Report_2025-10-13.xlsx"

# request: on session 1, e on the dashboard; prints the request id.
request() {
	on_tui 1
	wait_for 'Repeat customers +as of 2025-10-13'
	keys e
	wait_for 'Export request [0-9]+ by ana, as of 2025-10-13'
	wait_for 'Waiting for an approver: ask someone with the approver role'
	screen | sed -n 's/.*Export request \([0-9]*\) by ana.*/\1/p' | head -1
}

tui_start --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
rid=$(request)
[ -n "$rid" ] || fail "no request id on the screen"
wait_for 'status pending, expires'
screen | grep -Eq '^ *(Approver|Password) ' && fail "approver fields on the requester's screen"
ok "the Authorize screen makes the request and waits, with no password field"

tui_beside --db "$KPIDESK_DB"
login val 'approver password 1'
wait_for 'What would you like to do'
wait_for 'Approvals \(1\)'
n=$(screen | sed -n 's/^ *\([0-9]\)  Approvals (1).*/\1/p' | head -1)
[ -n "$n" ] || fail "no number for the Approvals entry"
keys "$n"
wait_for 'waiting for your decision \(1\)'
wait_for "^ *>? *$rid +2025-10-13 +ana "
keys Enter
wait_for "Export request $rid by ana, as of 2025-10-13"
wait_line 'KPI_Daily_Trend' '104'
wait_line 'customers' 'task_DE_new_customers.csv'
wait_for "sha256 $csha"
wait_for 'a approves, r rejects: your password is asked again'
ok "val's home shows Approvals (1); the request opens with the same summary"

keys a
wait_for "Your password, val, to approve request $rid"
type_text 'not the password'
keys Enter
wait_for 'approval refused for val: wrong user name or password'
screen | grep -q 'not the password' && fail "a typed password was shown"
on_tui 1
sleep 1.5	# more than a tick: the waiting screen read the refusal's state
screen | grep -q 'Waiting for an approver' || fail "session 1 stopped waiting"
screen | grep -q 'Write the workbook to' && fail "moved on without an approval"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT status FROM export_requests WHERE id = $rid")" = pending ] ||
    fail "the refusal closed the request"
ok "a wrong password is refused on val's screen; ana's screen still waits"

on_tui 2
keys a
wait_for "Your password, val, to approve request $rid"
type_text 'approver password 1'
keys Enter
wait_for "Approved\. ana's screen moves on"
on_tui 1
wait_for '\[6 Export\]'
wait_for 'approved by val at'
wait_for 'Write the workbook to'
keys Enter
wait_for 'Written \(mode 0600\)'
shown=$(screen | sed -n 's/.*SHA-256 \([0-9a-f]\{64\}\).*/\1/p' | head -1)
[ "$(sha256sum "$BOOK" | cut -c1-64)" = "$shown" ] || fail "file and screen differ"
ok "approved in val's session; ana's screen moved on by itself and wrote the workbook"

# A rejection.
keys Enter
rid2=$(request)
[ -n "$rid2" ] && [ "$rid2" != "$rid" ] || fail "no new request"
on_tui 2
keys q
wait_for 'waiting for your decision \(1\)'
wait_for "^ *>? *$rid2 +2025-10-13 +ana "
keys Enter
wait_for "Export request $rid2 by ana"
keys r
wait_for "Your password, val, to reject request $rid2"
type_text 'approver password 1'
keys Enter
wait_for 'Rejected\. Nothing can be written'
on_tui 1
wait_for 'Rejected by val: nothing can be written from this request'
wait_for 'This request is refused'
screen | grep -q 'Waiting for an approver' && fail "still waiting after the rejection"
keys q
wait_for 'Repeat customers +as of 2025-10-13'
ok "rejected in val's session; ana's screen says so by itself"

# A withdrawal leaves val's list by itself.
rid3=$(request)
on_tui 2
keys q
wait_for 'waiting for your decision \(1\)'
wait_for "^ *>? *$rid3 +2025-10-13 +ana "
on_tui 1
keys Escape
wait_for 'Cancel the export request\?'
keys y
wait_for "export request $rid3 cancelled"
on_tui 2
wait_for 'waiting for your decision \(0\)'
wait_for 'Nothing waits for your approval'
keys q
wait_for 'Approvals \(0\)'
ok "a withdrawn request leaves the approver's list by itself"

on_tui 1
keys Q
wait_for 'kpidesk exited'
on_tui 2
keys Q
wait_for 'kpidesk exited'
run 0 audit list
grep -P "\tval\texport\.approve\trequest $rid\t" "$T/out" >/dev/null ||
    fail "the approval is not in the audit log"
grep -P "\tval\texport\.refused\trequest $rid\treason=login" "$T/out" >/dev/null ||
    fail "the wrong password is not in the audit log"
grep -P "\tval\texport\.reject\trequest $rid2\t" "$T/out" >/dev/null ||
    fail "the rejection is not in the audit log"
grep -P "\tana\texport\.cancel\trequest $rid2\t" "$T/out" >/dev/null &&
    fail "leaving a rejected request audited a cancel"
grep -P "\tana\texport\.cancel\trequest $rid3\t" "$T/out" >/dev/null ||
    fail "the withdrawal is not in the audit log"
grep -P "\tana\texport\.write\t.*sha256=$shown" "$T/out" >/dev/null ||
    fail "the write is not in the audit log"
run 0 audit verify
ok "the audit log holds the approval, the refusal, the rejection, the withdrawal"
