#!/bin/sh
# Covers ui/scr_users.c and src/users.c through the TUI: the admin opens the
# Users screen, adds carl (name, roles, password twice, never drawn), then
# changes his roles and disables him; each change is on the screen, in
# `kpidesk user list` and in the audit log as the admin's; the admin
# cannot disable himself; a wrong roles word is refused; carl can no
# longer log in.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

make_db

# select NAME: move the users list's selection to NAME's row, and wait for
# the list's position counter to say so.
select_row() {
	head=$(screen | grep -nE '^ +name +roles' | head -1 | cut -d: -f1)
	row=$(screen | grep -nE "^ [ >]$1 " | head -1 | cut -d: -f1)
	[ -n "$head" ] && [ -n "$row" ] || { screen; fail "no row for $1"; }
	n=$((row - head))
	total=$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM users")
	keys Home
	i=1
	while [ $i -lt $n ]; do
		keys Down
		i=$((i + 1))
	done
	wait_for " $n/$total\$"
}

tui_start --db "$KPIDESK_DB"
login root 'analyst password 1'
wait_for 'Users: add'
keys 1
wait_for '^ Users'
wait_line 'ana' 'analyst'
wait_for ' 1/2$'
ok "the admin opens the users screen"

keys a
wait_for 'Name of the new user'
type_text carl
keys Enter
wait_for 'Roles \(analyst, approver, auditor, admin'
keys C-u
type_text 'analyst,approver'
keys Enter
wait_for 'Password for carl'
type_text 'carl password 77'
keys Enter
wait_for 'Repeat the password'
type_text 'carl password 77'
keys Enter
wait_for 'carl: added'
wait_for '^ [ >]carl +analyst,approver +enabled'
screen | grep -q 'carl password' && fail "a password was drawn"
tui_alive
run 0 user list
expect out '^carl +analyst,approver'
ok "a user added on the screen, with two roles; user list agrees"

select_row carl
keys r
wait_for 'Roles of carl'
keys C-u
type_text 'auditor'
keys Enter
wait_for 'carl: roles set to auditor'
wait_for '^ [ >]carl +auditor +enabled'
run 0 user list
expect out '^carl +auditor'
ok "r changes the selected user's roles"

select_row carl
keys r
wait_for 'Roles of carl'
keys C-u
type_text 'wizard'
keys Enter
wait_for 'Refused'
keys Enter
wait_gone 'Refused'
wait_for '^ [ >]carl +auditor +enabled'
ok "a role kpidesk does not know is refused"

select_row carl
keys e
wait_for 'Disable carl\?'
keys y
wait_for 'carl: disabled'
wait_for '^ [ >]carl +auditor +disabled'
run 0 user list
expect out '^carl +auditor +disabled'
select_row root
keys e
wait_for 'you cannot disable your own account'
wait_for '^ [ >]root +admin +enabled'
tui_alive
ok "e disables the selected user; the admin cannot disable himself"

run 0 audit list --actor root
grep -qP '\troot\tuser\.add\tcarl\tanalyst,approver' "$T/out" ||
    fail "the add is not audited as root's: $(cat "$T/out")"
grep -qP '\troot\tuser\.roles\tcarl\tauditor' "$T/out" ||
    fail "the roles change is not audited"
grep -qP '\troot\tuser\.disable\tcarl' "$T/out" ||
    fail "the disable is not audited"
grep -q 'wizard' "$T/out" && fail "the refused roles were audited"
run 0 audit verify
keys Q
wait_for '\[kpidesk exited\] 0'

tui_start --db "$KPIDESK_DB"
login carl 'carl password 77'
wait_for 'this account is disabled'
tui_alive
ok "the audit log holds root's add, roles and disable; carl cannot log in"
