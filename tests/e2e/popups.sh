#!/bin/sh
# Popups and lists (issue 15; ui/ui.c, ui/w_dialog.c, ui/w_list.c,
# ui/scr_users.c, src/base/table.c). On the users screen: keys typed right
# behind the key that opens a Refused box neither close it nor act behind
# it (the `a a` that once opened Add user); e asks before disabling, and
# the `a` typed behind it does nothing; s cycles through the columns, ties
# keep the first order, and the last s returns to it with no sort mark.
# On the audit log, a second / starts with an empty search.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

make_db
run 0 user add zed --role analyst --password-file "$PW"

# first_row: the users list's first row (the line below its header).
first_row() {
	screen | sed -n '/^ *name  *roles/{n;p;q;}'
}
# wait_first REGEX: wait until the first row matches.
wait_first() {
	i=0
	while [ $i -lt $((300 * TIMEOUT_SCALE)) ]; do
		first_row | grep -Eq -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	screen
	fail "the first row never matched /$1/"
}

tui_start --db "$KPIDESK_DB"
login root 'analyst password 1'
wait_for 'Users: add'
keys 1
wait_for ' 1/3$'
keys p
wait_for 'New password for ana'
type_text 'short'
keys Enter a a
wait_for 'Refused'
screen | grep -q 'Name of the new user' && fail "a key typed behind Refused acted"
keys Enter
wait_gone 'Refused'
keys Down
wait_for ' 2/3$'
screen | grep -q 'Name of the new user' && fail "a key typed behind Refused acted"
tui_alive
ok "keys typed behind a Refused box neither close it nor run behind it"

keys Up
wait_for ' 1/3$'
keys e a
wait_for 'Disable ana\?'
screen | grep -q 'Name of the new user' && fail "a key typed behind the question acted"
keys n
wait_gone 'Disable ana\?'
keys Down
wait_for ' 2/3$'
screen | grep -q 'Name of the new user' && fail "a key typed behind the question acted"
run 0 user list
expect out '^ana +analyst +enabled'
keys Up
wait_for ' 1/3$'
keys e
wait_for 'Disable ana\?'
keys y
wait_for 'ana: disabled'
run 0 user list
expect out '^ana +analyst +disabled'
ok "e asks before disabling; n changes nothing, y disables"

# Columns: name, roles, status, failures, locked until; first order: by
# name (ana, root, zed).
wait_first '^ +>ana '
keys s s
wait_first '^ +>root +admin'
keys s	# status: ana disabled, root and zed enabled, in the first order
wait_first '^ +>ana '
keys S
wait_first '^ +>root '
screen | sed -n '/^ *>root /{n;p;q;}' | grep -Eq '^ +zed ' ||
    fail "tied rows left the first order: $(screen)"
keys s s
wait_for 'locked until[▲▼^v]'
keys s
wait_gone 'locked until[▲▼^v]'
wait_first '^ +>ana '
screen | grep -Eq 'name[▲▼^v]|roles[▲▼^v]|status[▲▼^v]|failures[▲▼^v]' &&
    fail "a sort mark stayed after the cycle: $(screen)"
ok "s cycles through the columns back to the first order; ties keep it"

keys /
wait_for 'Search the accounts for'
type_text 'zed'
keys Enter
wait_for '^ +>zed +analyst'
keys /
type_text 'nobody-here'
keys Enter
wait_for 'not found: nobody-here'
ok "/ searches the users list"

keys q
wait_for 'Audit log'
N=$(screen | sed -n 's/^ *\([0-9]\)  Audit log.*/\1/p')
keys "$N"
wait_for 'user\.disable|user\.'
keys /
wait_for 'Search the log for'
type_text 'zqxw'
keys Enter
wait_gone 'Search the log for'
keys /
wait_for 'Search the log for'
screen | grep -q 'zqxw' && fail "the search prompt kept the last term"
ok "the search prompt starts empty each time"
