#!/bin/sh
# TUI login at 80x24: a wrong password shows the refusal and the failure
# count; five failures lock the account and the screen says so; the right
# password after that is still refused; a good login opens home with only
# the analyst's actions; the password is never on screen; Q quits the
# untouched form and is text once typing has begun; a database open to
# group or others is reported in a box before the login.
# Covers: ui/scr_login, account/auth.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

make_db
tui_start --db "$KPIDESK_DB"
wait_for '\[1 Login\]'
wait_for 'not logged in'
login ana 'not the password'
wait_for 'wrong user name or password'
wait_for 'failed logins in a row: 1'
screen | grep -q 'not the password' && fail "the password was drawn"
ok "a wrong password is refused with the reason and the count"

# After a refusal the password field keeps the focus: four more lock.
for n in 2 3 4 5; do
	type_text "bad password $n"
	keys Enter
	if [ $n -lt 5 ]; then
		wait_for "failed logins in a row: $n"
	fi
done
wait_for 'locked until'
type_text 'analyst password 1'
keys Enter
# The refusal of the sixth attempt counts it: only that screen shows 6.
wait_for 'failed logins in a row: 6'
wait_for 'locked until'
tui_alive
screen | grep -q 'What would you like to do' && fail "a locked account logged in"
screen | grep -q 'analyst password' && fail "the password was drawn"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM audit_log WHERE action = 'login'")" = 0 ] ||
    fail "the locked account's login was audited as a success"
ok "five failures lock the account; the locked message is shown"

run 0 user unlock ana
tui_start --db "$KPIDESK_DB"
login ana 'analyst password 1'
wait_for 'What would you like to do'
wait_for 'ana \(analyst\)'
wait_for 'Upload the customer master'
screen | grep -q 'Users:' && fail "an analyst sees the users screen"
keys '?'
wait_for 'show this help'
keys Escape
wait_gone 'show this help'
keys Q
wait_for 'kpidesk exited'
ok "a good login opens home with the analyst's actions; ? help; Q quits"

# On the login form Q types itself once typing has begun (a name or a
# password may hold one), and quits while the form is untouched.
tui_start --db "$KPIDESK_DB"
wait_for 'not logged in'
type_text 'aQ'
# Drawn only after the Q was read as text; had Q quit, it never shows.
wait_for 'Name +aQ'
tui_alive
keys C-u
wait_gone 'Name +aQ'
tui_alive
keys Q
wait_for 'kpidesk exited'
ok "Q on the untouched login form quits; typed, it is text"

# A database open to group or others: a box says so, with the fix, before
# anyone logs in (the command line says it on stderr); Enter closes it and
# the login form goes on.
chmod 644 "$KPIDESK_DB"
tui_start --db "$KPIDESK_DB"
wait_for 'Database open to others'
wait_for 'chmod 600'
keys Enter
wait_gone 'Database open to others'
login ana 'analyst password 1'
wait_for 'What would you like to do'
keys Q
wait_for 'kpidesk exited'
chmod 600 "$KPIDESK_DB"
tui_start --db "$KPIDESK_DB"
wait_for 'not logged in'
screen | grep -q 'Database open to others' && fail "a private database was reported"
ok "a database open to others is reported on the login screen with the fix"
