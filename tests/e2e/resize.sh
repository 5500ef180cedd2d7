#!/bin/sh
# Resizing keeps the screen and its state: a half-typed login name survives,
# the KPI tab and period chosen survive a resize to 100x30, a too small
# window says so instead of drawing, and 80x24 brings the screen back.
# Each wait after a resize looks for what only the redrawn screen shows (the
# status line on the new last line, labels of the new width), and kpidesk
# must still be running.
# Covers: ui/ui, ui/scr_login, ui/scr_kpi.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

make_db
load_sample

tui_start --db "$KPIDESK_DB" --start kpi
wait_for 'Log in'
type_text ana
wait_for 'Name +ana'
tmx resize-window -x 100 -y 30
# At 80 columns the step bar ends in "6 E"; the status line was on line 24.
wait_row 30 '^ not logged in +db '
wait_row 1 '5 Authorize → 6 Export$'
wait_for 'Name +ana'
tui_alive
ok "the login name survives a resize"

keys Enter
type_text 'analyst password 1'
keys Enter
wait_for 'Repeat customers'
keys 4 p
wait_for 'Regional revenue .*period: day'
tmx resize-window -x 120 -y 40
# The tab labels are written out only at this width ("1 Repeat" at 80).
wait_row 40 '^ ana \(analyst\) +db '
wait_for '1 Repeat customers'
wait_for 'Regional revenue .*period: day'
tui_alive
tmx resize-window -x 70 -y 20
wait_for 'terminal too small'
tui_alive
tmx resize-window -x 80 -y 24
wait_gone 'too small'
wait_row 24 '^ ana \(analyst\) +db '
wait_for ' 4 Regions '
wait_for 'Regional revenue .*period: day'
tui_alive
ok "the KPI tab and period survive resizes; too small says so"
