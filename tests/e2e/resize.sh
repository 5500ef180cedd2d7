#!/bin/sh
# Resizing keeps the screen and its state: a half-typed login name survives,
# the KPI tab and period chosen survive a resize to 100x30, a too small
# window says so instead of drawing, and 80x24 brings the screen back.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

DATA="$SRCDIR/data"
make_db
run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"

tui_start --db "$KPIDESK_DB" --start kpi
wait_for 'Log in'
type_text ana
wait_for 'Name +ana'
tmx resize-window -x 100 -y 30
wait_for 'Name +ana'
ok "the login name survives a resize"

keys Enter
type_text 'analyst password 1'
keys Enter
wait_for 'Repeat customers'
keys 4 p
wait_for 'Regional revenue .*period: day'
tmx resize-window -x 120 -y 40
wait_for 'Regional revenue .*period: day'
wait_for '1 Repeat customers'
tmx resize-window -x 70 -y 20
wait_for 'terminal too small'
tmx resize-window -x 80 -y 24
wait_gone 'too small'
wait_for 'Regional revenue .*period: day'
wait_for ' 4 Regions '
ok "the KPI tab and period survive resizes; too small says so"
