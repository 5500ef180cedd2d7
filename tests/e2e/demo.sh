#!/bin/sh
# `kpidesk demo`: refuses a database that is not a demo; `demo --help`
# prints its usage. The first start builds a demo database with a past made
# through the core (customer master, orders in four files by day with a
# snapshot each, a refused file, an approved export, a login by every role;
# `audit verify` and `history verify` pass) and says so on the login screen
# with the demo accounts; approval on one terminal. Then the demo walk through all four
# roles on that one database: ana imports the newest orders from the data
# folder (the picker starts there) and accepts them; the second start keeps
# the database (ana's batch still there, the screen says "kept from");
# val approves ana's request from Approvals; aud, opening the database by
# its path, still finds the DEMO mark and accounts, and History lists the
# seeded days and ana's, a past day opens with its KPIs and export; root
# sees the users (and adds one, password never drawn) and the audit log.
# Each role's home says what to try first in the demo. `demo --reset`
# rebuilds it and the screen says so.
# Covers: app/demo, app/demo_seed, ui/scr_login, ui/scr_home.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

export KPIDESK_DATA="$SRCDIR/data"
DEMO="$T/demo.db"
make_db
run 1 demo --db "$KPIDESK_DB"
expect err 'not a demo'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM users")" = 2 ] ||
    fail "demo touched a real database"
ok "demo leaves a database that is not a demo alone"

run 0 demo --help
expect out '^usage: kpidesk demo \[--reset\]'
expect out '--reset +delete the demo database and build it anew'
ok "demo --help prints the demo's usage"

q() {
	sqlite3 "$DEMO" "$1"
}

tui_start demo --db "$DEMO"
wait_for 'DEMO'
wait_for 'ana +analyst +password: ana-demo-pass'
wait_for 'root +admin +password: root-demo-pass'
wait_for 'Demo database built 20[0-9-]+ [0-9:]+ UTC'
[ "$(q "SELECT value FROM settings WHERE key='demo'")" = 1 ] ||
    fail "no demo mark in the database"
[ "$(q "SELECT count(*) FROM batches WHERE kind='customers' AND status='committed'")" = 1 ] ||
    fail "the customer master is not seeded"
[ "$(q "SELECT count(*) FROM batches WHERE kind='orders' AND status='committed'")" = 4 ] ||
    fail "the four order files are not seeded"
[ "$(q "SELECT count(*) FROM batches WHERE status='discarded'")" = 1 ] ||
    fail "no refused batch"
[ "$(q "SELECT count(*) FROM exports WHERE requested_by='ana' AND approved_by='val'")" = 1 ] ||
    fail "no approved export"
[ -f "$T/exports/Customer_Order_Report_2025-10-10.xlsx" ] ||
    fail "the approved export is not in the demo's export folder"
run 0 --db "$DEMO" history list
[ "$(grep -c ' intact' "$T/out")" = 4 ] || fail "not four intact snapshot days"
for who in ana val aud root; do
	q "SELECT DISTINCT actor FROM audit_log" | grep -qx "$who" ||
	    fail "nothing in the audit log by $who"
done
run 0 --db "$DEMO" audit verify
expect out 'audit chain OK'
run 0 --db "$DEMO" history verify
run 0 --db "$DEMO" config list
expect out '^approval_same_terminal +1$'
ok "the first start builds a seeded past (four days, a refused file, an approved export, every role in the log) that audit verify accepts"

login ana ana-demo-pass
wait_for 'What would you like to do'
wait_for 'Demo: Import orders, pick task_DE_new_orders\.xml'
keys 2
wait_for 'task_DE_new_orders\.xml'
# The orders picker lists .csv before .xml (both are order formats).
keys Down Enter
wait_for 'File +task_DE_new_orders\.xml'
wait_for 'PASS: extension, size limit'
keys Enter
wait_for 'Batch [0-9]+ \(orders\) pending'
wait_for 'read 418, loaded 15, rejected 6'
keys a
wait_for 'Batch [0-9]+ \(orders\) committed'
keys Q
wait_for 'kpidesk exited'
[ "$(q "SELECT count(*) FROM batches WHERE kind='orders' AND status='committed'")" = 5 ] ||
    fail "ana's import is not committed"
ok "ana imports the newest orders from the data folder and accepts them"

# ana asks for the new day's export; val decides in their own session.
printf 'ana-demo-pass' >"$T/ana.pw"
chmod 600 "$T/ana.pw"
run 0 --db "$DEMO" export request --user ana --password-file "$T/ana.pw"
tui_start demo --db "$DEMO"
wait_for 'Demo database kept from 20[0-9-]+ [0-9:]+ UTC; demo --reset rebuilds it\.'
[ "$(q "SELECT count(*) FROM batches WHERE kind='orders' AND status='committed'")" = 5 ] ||
    fail "the second start lost ana's import"
ok "the second start keeps the database and says since when"

login val val-demo-pass
wait_for 'Approvals \(1\)'
wait_for 'Demo: Approvals lists the exports ana asks for'
n=$(screen | sed -n 's/^ *\([0-9]\)  Approvals (1).*/\1/p' | head -1)
[ -n "$n" ] || fail "no number for the Approvals entry"
keys "$n"
wait_for 'waiting for your decision \(1\)'
keys Enter
wait_for 'Export request [0-9]+ by ana, as of 2025-10-13'
keys a
wait_for 'Your password, val, to approve request'
type_text val-demo-pass
keys Enter
wait_for 'Approved\.'
keys Q
wait_for 'kpidesk exited'
ok "val approves ana's request from Approvals on the same database"

# The auditor opens the demo database by its path, as a second terminal
# would: still marked DEMO, with the accounts.
tui_start --db "$DEMO"
wait_for 'aud +auditor +password: aud-demo-pass'
wait_for 'not logged in .* DEMO'
login aud aud-demo-pass
wait_for '1  History'
wait_for 'Demo: History has one snapshot per report day'
keys 1
wait_for 'Snapshot days: 5'
for day in 2025-08-01 2025-09-01 2025-10-01 2025-10-10 2025-10-13; do
	wait_line "$day" 'intact'
done
keys /
type_text '2025-10-10'
keys Enter Enter
wait_for 'Repeat customers as of 2025-10-10 +stored'
wait_for 'CUST-0053 +Siddharth Kulkarni +26'
keys 6
wait_for 'Summary as of 2025-10-10'
wait_for 'Exports made from this day: 1'
keys Q
wait_for 'kpidesk exited'
ok "aud's History lists the seeded days and ana's; a day opens with its KPIs and export"

tui_start demo --db "$DEMO"
login root root-demo-pass
wait_for 'Users: add'
wait_for 'Demo: Users has one account per role'
keys 1
wait_for 'ana +analyst'
wait_line 'val' 'approver'
wait_line 'aud' 'auditor'
keys a
wait_for 'Name of the new user'
type_text bob
keys Enter
wait_for 'Roles'
keys C-u
type_text approver
keys Enter
wait_for 'Password for bob'
type_text 'bob password 12'
keys Enter
wait_for 'Repeat the password'
type_text 'bob password 12'
keys Enter
wait_for 'bob: added'
wait_for 'bob +approver +enabled'
screen | grep -q 'bob password' && fail "a password was drawn"
keys q
wait_for 'What would you like to do'
keys 2
wait_for 'chain OK: [0-9]+ entries'
keys Q
wait_for 'kpidesk exited'
run 0 --db "$DEMO" user list
expect out 'bob'
run 0 --db "$DEMO" audit verify
ok "root sees the users, adds one, and reads the audit log; the chain holds"

tui_start demo --reset --db "$DEMO"
wait_for 'Demo database rebuilt 20[0-9-]+ [0-9:]+ UTC \(--reset\)'
[ "$(q "SELECT count(*) FROM batches WHERE kind='orders' AND status='committed'")" = 4 ] ||
    fail "--reset kept ana's import"
[ "$(q "SELECT count(*) FROM users WHERE name='bob'")" = 0 ] ||
    fail "--reset kept bob"
run 0 --db "$DEMO" audit verify
keys Q
wait_for 'kpidesk exited'
ok "demo --reset rebuilds the database and says so"
