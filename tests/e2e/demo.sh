#!/bin/sh
# `kpidesk demo`: refuses a database that is not a demo, builds a demo
# database with the sample orders (and approval_same_terminal 1, so one
# terminal shows both people), opens the TUI with a DEMO mark and the
# demo accounts on the login screen; the picker starts in data/. As the
# demo admin, the users screen adds an account (name, roles, password
# twice, never drawn) that the command line then lists.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

export KPIDESK_DATA="$SRCDIR/data"
make_db
run 1 demo --db "$KPIDESK_DB"
expect err 'not a demo'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM users")" = 2 ] ||
    fail "demo touched a real database"
ok "demo leaves a database that is not a demo alone"

tui_start demo --db "$T/demo.db"
wait_for 'DEMO'
wait_for 'ana +analyst +password: ana-demo-pass'
wait_for 'root +admin +password: root-demo-pass'
[ "$(sqlite3 "$T/demo.db" "SELECT value FROM settings WHERE key='demo'")" = 1 ] ||
    fail "no demo mark in the database"
[ "$(sqlite3 "$T/demo.db" "SELECT count(*) FROM batches WHERE kind='orders' AND status='committed'")" = 1 ] ||
    fail "the sample orders are not loaded"
[ "$(sqlite3 "$T/demo.db" "SELECT count(*) FROM batches WHERE kind='customers'")" = 0 ] ||
    fail "the customers should be left to upload"
run 0 --db "$T/demo.db" config list
expect out '^approval_same_terminal +1$'
ok "kpidesk demo shows DEMO and the demo accounts; orders loaded; approval on one terminal"

login ana ana-demo-pass
wait_for 'What would you like to do'
keys 1
wait_for 'task_DE_new_customers\.csv'
keys Q
wait_for 'kpidesk exited'
ok "the picker starts in the data folder"

tui_start demo --db "$T/demo.db"
login root root-demo-pass
wait_for 'Users: add'
keys 1
wait_for 'ana +analyst'
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
run 0 --db "$T/demo.db" user list
expect out 'bob'
ok "the admin adds a user on the users screen"
