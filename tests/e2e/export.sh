#!/bin/sh
# The four-eyes export in the real TUI at 80x24, approved on the same
# terminal (approval_same_terminal 1): from the KPI dashboard the
# analyst presses e; the Authorize screen shows the request exactly (as_of,
# rows per sheet, the input files with their SHA-256, the checks). The
# analyst herself (no approver role, which the core checks first), an
# auditor, and the approver with a wrong password are each refused with the
# core's reason while the request stays pending; the approver's right
# password approves it; the Export step writes to the default path, and the
# screen's SHA-256 is the file's (mode 0600). A second request: Esc cancels
# it after a confirmation. A third, by a user holding both roles: approving
# it himself is refused as the same person; a symbolic link and a missing
# folder as the path are refused; the existing file is replaced only after
# a yes. The audit log holds every refusal, the approvals, the cancel and
# the writes.
# Covers: ui/scr_export, ui/scr_export_write, ui/w_request, export/*.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

DATA="$SRCDIR/data"
make_db
# The approver types here, on the requester's screen (the demos' way);
# tests/e2e/approvals.sh covers the approver's own session.
run 0 config set approval_same_terminal 1
PWV=$(secret pwv 'approver password 1')
run 0 user add val --role approver --password-file "$PWV"
run 0 user add aud --role auditor --password-file "$PW"
run 0 user add dan --role analyst,approver --password-file "$PW"
load_sample
csha=$(sha256sum "$DATA/task_DE_new_customers.csv" | cut -c1-64)
BOOK="$T/exports/Customer_Order_Report_2025-10-13.xlsx"

# approve NAME PASSWORD: fill the approver fields and submit.
approve() {
	type_text "$1"
	keys Enter
	type_text "$2"
	keys Enter
}

tui_start --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
wait_for 'Repeat customers +as of 2025-10-13'
keys e
wait_for '\[5 Authorize\]'
wait_for 'Export request [0-9]+ by ana, as of 2025-10-13'
wait_for 'status pending, expires'
wait_line 'KPI_Daily_Trend' '104'
wait_for 'checks [0-9]+ PASS, [0-9]+ WARN, [0-9]+ FAIL'
wait_line 'customers' 'task_DE_new_customers.csv'
wait_line 'orders' 'task_DE_new_orders.xml'
wait_for "sha256 $csha"
wait_for 'different person with the approver role'
rid=$(screen | sed -n 's/.*Export request \([0-9]*\) by ana.*/\1/p' | head -1)
[ -n "$rid" ] || fail "no request id on the screen"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT status FROM export_requests WHERE id = $rid")" = pending ] ||
    fail "request $rid is not pending in the database"
ok "e requests the export; the summary shows as_of, rows, files and hashes"

# The core checks the role before the person: ana holds no approver role.
approve ana 'analyst password 1'
wait_for 'ana does not hold the approver role'
approve aud 'analyst password 1'
wait_for 'aud does not hold the approver role'
approve val 'not the password'
wait_for 'approval refused for val: wrong user name or password'
screen | grep -q 'not the password' && fail "a typed password was shown"
wait_for 'status pending'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT status FROM export_requests WHERE id = $rid")" = pending ] ||
    fail "a refusal closed the request"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count FROM login_failures WHERE name = 'val'")" = 1 ] ||
    fail "the wrong password did not count against val's lockout"
ok "the requester, an auditor, a wrong password: each refused with its reason"

approve val 'approver password 1'
wait_for '\[6 Export\]'
wait_for "approved by val at"
wait_for 'Write the workbook to'
wait_for 'Customer_Order_Report_2025-10-13\.xlsx'
keys Enter
wait_for 'SHA-256 [0-9a-f]{64}'
wait_for 'Written \(mode 0600\)'
shown=$(screen | sed -n 's/.*SHA-256 \([0-9a-f]\{64\}\).*/\1/p' | head -1)
[ -f "$BOOK" ] || fail "no workbook at $BOOK"
[ "$(stat -c %a "$BOOK")" = 600 ] || fail "workbook mode $(stat -c %a "$BOOK")"
[ "$(sha256sum "$BOOK" | cut -c1-64)" = "$shown" ] ||
    fail "the screen's SHA-256 is not the file's"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT sha256 FROM exports WHERE request_id = $rid")" = "$shown" ] ||
    fail "the exports table does not hold the SHA-256 shown"
ok "approved by val; written to the default path 0600 with the SHA-256 shown"

keys q
wait_for 'Repeat customers +as of 2025-10-13'
keys e
wait_for 'Export request [0-9]+ by ana'
rid2=$(screen | sed -n 's/.*Export request \([0-9]*\) by ana.*/\1/p' | head -1)
[ "$rid2" != "$rid" ] || fail "no new request"
keys Escape
wait_for 'Cancel the export request\?'
keys n
wait_gone 'Cancel the export request\?'
wait_for 'status pending'
keys Escape
wait_for 'Cancel the export request\?'
keys y
wait_for "export request $rid2 cancelled"
wait_for 'Repeat customers +as of 2025-10-13'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT status FROM export_requests WHERE id = $rid2")" = refused ] ||
    fail "the cancelled request is still open"
ok "Esc cancels a request after a confirmation"

# Ctrl-C with a request open says that quitting withdraws it (L and Q
# type into the approver's name field here).
keys e
wait_for 'Export request [0-9]+ by ana'
rid3=$(screen | sed -n 's/.*Export request \([0-9]*\) by ana.*/\1/p' | head -1)
[ "$rid3" != "$rid2" ] || fail "no third request"
keys C-c
wait_for 'Ctrl-C: quit\?'
wait_for "Export request $rid3 waits for its approval"
keys n
wait_gone 'Ctrl-C: quit\?'
wait_for 'status pending'
keys Escape
wait_for 'Cancel the export request\?'
keys y
wait_for "export request $rid3 cancelled"
ok "Ctrl-C with a request open names it before quitting"

keys Q
wait_for 'kpidesk exited'

# dan holds both roles: still not for his own request.
tui_start --db "$KPIDESK_DB" --start kpi
login dan 'analyst password 1'
wait_for 'Repeat customers +as of 2025-10-13'
keys e
wait_for 'Export request [0-9]+ by dan'
rid3=$(screen | sed -n 's/.*Export request \([0-9]*\) by dan.*/\1/p' | head -1)
approve dan 'analyst password 1'
wait_for 'dan requested this export and cannot approve it'
wait_for 'status pending'
approve val 'approver password 1'
wait_for 'Write the workbook to'
ln -s "$T/elsewhere.xlsx" "$T/link.xlsx"
keys C-u
type_text "$T/link.xlsx"
keys Enter
wait_for 'is a symbolic link'
keys Enter
wait_gone 'Export refused'
[ -e "$T/elsewhere.xlsx" ] && fail "written through a symbolic link"
wait_for 'Write the workbook to'
keys C-u
type_text "$T/nofolder/x.xlsx"
keys Enter
wait_for 'does not exist'
keys Enter
wait_gone 'Export refused'
keys C-u
type_text "$BOOK"
keys Enter
wait_for 'Replace the existing file\?'
keys n
wait_for 'not replaced'
wait_gone 'Replace the existing file\?'
[ "$(sha256sum "$BOOK" | cut -c1-64)" = "$shown" ] || fail "replaced without a yes"
keys Enter
wait_for 'Replace the existing file\?'
keys y
wait_for 'SHA-256 [0-9a-f]{64}'
wait_for 'Written \(mode 0600\)'
again=$(screen | sed -n 's/.*SHA-256 \([0-9a-f]\{64\}\).*/\1/p' | head -1)
[ "$(sqlite3 "$KPIDESK_DB" "SELECT sha256 FROM exports WHERE request_id = $rid3")" = "$again" ] ||
    fail "the exports table does not hold the replaced file's SHA-256"
[ "$(sha256sum "$BOOK" | cut -c1-64)" = "$again" ] || fail "file and screen differ"
[ "$(stat -c %a "$BOOK")" = 600 ] || fail "replaced workbook mode"
ok "a symlink and a missing folder are refused; replacing asks first"

keys q
wait_for 'Repeat customers +as of 2025-10-13'
keys Q
wait_for 'kpidesk exited'

run 0 audit list
grep -P "\tdan\texport\.refused\t.*same person" "$T/out" >/dev/null ||
    fail "the same-person refusal is not in the audit log"
grep -P "\tana\texport\.refused\t.*not an approver" "$T/out" >/dev/null &&
    grep -P "\taud\texport\.refused\t.*not an approver" "$T/out" >/dev/null ||
    fail "the no-role refusal is not in the audit log"
grep -P "\tval\texport\.refused\t.*login" "$T/out" >/dev/null ||
    fail "the wrong-password refusal is not in the audit log"
grep -P "\tval\texport\.approve\t.*request $rid\t" "$T/out" >/dev/null ||
    fail "the approval is not in the audit log"
grep -P "\tana\texport\.write\t.*sha256=$shown" "$T/out" >/dev/null &&
    grep -P "\tdan\texport\.write\t.*sha256=$again" "$T/out" >/dev/null ||
    fail "the two writes are not in the audit log"
grep -P "\tdan\texport\.refused\t.*output path" "$T/out" >/dev/null ||
    fail "the output path refusals are not in the audit log"
grep -P "\tana\texport\.cancel" "$T/out" >/dev/null ||
    fail "the cancelled request is not in the audit log"
run 0 audit verify
ok "the audit log holds the refusals, the approvals and the writes; chain OK"
[ "$rid3" -gt "$rid2" ] || fail "request ids out of order"
