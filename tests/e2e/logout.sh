#!/bin/sh
# Leaving and logging out (issue 15; ui/ui.c, ui/scr_home.c, ui/keys.c).
# With nothing pending Esc on home logs out at once (audited as "logout").
# ana uploads the customer master and leaves its batch pending: q on home
# asks first (so does Q), n stays, y logs out to the login screen; root logs in in the
# same process and sees the admin's home; L logs out from a screen above
# home (asking, the batch still waits). Ctrl-C asks, n goes on (giving
# back a question it covered), y exits with status 130.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

DATA="$SRCDIR/data"
make_db
logouts() {
	sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM audit_log WHERE \
	    action = 'logout' AND actor = '$1'"
}

tui_start -c "$DATA" --db "$KPIDESK_DB"
login ana 'analyst password 1'
wait_for 'What would you like to do'
keys Escape
wait_for 'ana logged out'
wait_for 'Log in'
screen | grep -q 'Log out?' && fail "Esc asked with nothing pending"
tui_alive
[ "$(logouts ana)" = 1 ] || fail "Esc on home did not log out"
ok "Esc on home with nothing pending logs out at once, audited"

login ana 'analyst password 1'
wait_for 'What would you like to do'
upload_master
wait_for 'Batch [0-9]+ \(customers\) pending'
keys q
wait_for 'Batch [0-9]+ waits for accept or discard: open'
keys q
wait_for 'Log out\?'
wait_for 'stays pending'
keys n
wait_gone 'Log out\?'
wait_for 'Batch [0-9]+ waits for accept or discard: open'
tui_alive
[ "$(logouts ana)" = 1 ] || fail "n logged ana out"
keys Q
wait_for 'Quit kpidesk\?'
wait_for 'stays pending'
keys n
wait_gone 'Quit kpidesk\?'
tui_alive
keys q
wait_for 'Log out\?'
keys C-c	# n to Ctrl-C's question gives the covered one back
wait_for 'Ctrl-C: quit\?'
keys n
wait_gone 'Ctrl-C: quit\?'
wait_for 'Log out\?'
keys y
wait_for 'ana logged out'
wait_for 'Log in'
tui_alive
[ "$(logouts ana)" = 2 ] || fail "the logout was not audited"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT status FROM batches")" = pending ] ||
    fail "logging out changed the pending batch"
ok "q on home with a pending batch asks, then logs out to the login screen"

login root 'analyst password 1'
wait_for 'Users: add, disable'
screen | grep -q 'Upload the customer master' && fail "root sees ana's menu"
tui_alive
ok "another user logs in as another role in the same process"

keys 1
wait_for 'root +admin +enabled'
keys L
wait_for 'Log out\?'	# ana's batch still waits
keys y
wait_for 'root logged out'
wait_for 'Log in'
[ "$(logouts root)" = 1 ] || fail "L did not audit root's logout"
ok "L logs out from a screen above home"

# An auditor's session runs read-only; its logout is audited all the same.
run 0 user add carl --role auditor --password-file "$PW"
login carl 'analyst password 1'
wait_for 'History: days as they were'
wait_for 'read-only'
keys L
wait_for 'Log out\?'
keys y
wait_for 'carl logged out'
[ "$(logouts carl)" = 1 ] || fail "the read-only session's logout was not audited"
login ana 'analyst password 1'
wait_for 'Upload the customer master'
screen | grep -q 'read-only' && fail "ana's session after an auditor's is read-only"
keys L
wait_for 'Log out\?'
keys y
wait_for 'ana logged out'
ok "an auditor's read-only session logs out, audited; the next session is not read-only"

keys C-c
wait_for 'Ctrl-C: quit\?'
keys n
wait_gone 'Ctrl-C: quit\?'
tui_alive
keys C-c
wait_for 'Ctrl-C: quit\?'
keys y
wait_for 'kpidesk exited\] 130'
ok "Ctrl-C asks; n goes on, y exits with status 130"
