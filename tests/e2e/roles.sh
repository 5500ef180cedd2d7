#!/bin/sh
# Roles current in an open session: ana logs in and opens the upload screen;
# `kpidesk user roles ana auditor` runs from the shell; her import is then
# refused by the core, the screen says "your roles changed" and shows home
# with the auditor's menu, and nothing was imported. Then, with the role
# back, ana imports a batch and waits on the checks screen; `kpidesk user
# disable ana` runs; her accept is refused, the screen says "your account
# was disabled" and shows the login screen, and the batch is still pending.
# Covers: ui/scr_upload, account/users.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

DATA="$SRCDIR/data"
make_db
count() {
	sqlite3 "$KPIDESK_DB" "$1"
}

tui_start -c "$DATA" --db "$KPIDESK_DB"
login ana 'analyst password 1'
wait_for 'What would you like to do'
keys 1
wait_for '\[2 Upload\]'
wait_for 'task_DE_new_customers\.csv'
keys Enter
wait_for 'PASS: extension, size limit'
run 0 user roles ana auditor
keys Enter
wait_for 'your roles changed: ana no longer holds the analyst role'
wait_for 'What would you like to do'
wait_for 'History: days as they were'
screen | grep -q 'Upload the customer master' &&
    fail "home still offers the upload to an auditor"
screen | grep -q 'ana (auditor)' || fail "the status line does not show the new role"
[ "$(count "SELECT count(*) FROM batches")" = 0 ] ||
    fail "a batch was recorded for the refused import"
[ "$(count "SELECT count(*) FROM customers")" = 0 ] ||
    fail "customers were imported by a de-roled user"
[ "$(count "SELECT count(*) FROM audit_log WHERE action LIKE 'import.%'")" = 0 ] ||
    fail "the refused import was audited as done"
ok "a de-roled session's import is refused: 'your roles changed', home rebuilt, nothing imported"
keys Q
wait_for 'kpidesk exited'

run 0 user roles ana analyst
tui_start -c "$DATA" --db "$KPIDESK_DB"
login ana 'analyst password 1'
wait_for 'What would you like to do'
upload_master
wait_for 'Batch [0-9]+ \(customers\) pending'
run 0 user disable ana
keys a
wait_for 'your account was disabled: ana is disabled'
wait_for 'Log in'
tui_alive
[ "$(count "SELECT status FROM batches")" = pending ] ||
    fail "the batch was settled by a disabled user"
[ "$(count "SELECT count(*) FROM audit_log WHERE action = 'batch.accept'")" = 0 ] ||
    fail "an accept by a disabled user was audited"
ok "a disabled session's accept is refused: 'your account was disabled', login shown, batch pending"

# An admin de-roled while the Users screen is open: the next account change
# is refused by the core, the screen says so and goes home.
run 0 user enable ana
run 0 user add adm --role admin --password-file "$PW"
tui_start -c "$DATA" --db "$KPIDESK_DB"
login adm 'analyst password 1'
wait_for 'Users: add, disable, unlock, passwords, roles'
N=$(screen | sed -n 's/^ *\([0-9]\)  Users: add.*/\1/p')
[ -n "$N" ] || fail "no Users entry on the admin's home"
keys "$N"
wait_for 'unlock'
wait_for ' ana '
run 0 user roles adm auditor
keys u
wait_for 'Unlock [a-z]+\?'	# account changes ask first
keys y
wait_for 'your roles changed: adm no longer holds the admin role'
wait_for 'History: days as they were'
[ "$(count "SELECT count(*) FROM audit_log WHERE action = 'user.unlock'")" = 0 ] ||
    fail "an unlock by a de-roled admin was audited"
ok "a de-roled admin's account change is refused: 'your roles changed', home rebuilt"
