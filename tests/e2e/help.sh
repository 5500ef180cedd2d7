#!/bin/sh
# The ? help sheet at 80x24: full screen, the keys of the screen under it
# (its own, its list's, everywhere, the sheet's), scrolled with PgDn/PgUp,
# Up/Down, Home/End so that its last line can be reached; / searches it and
# n goes on; keys of the screen under it do nothing while it is open; Esc, q
# and ? close it. On the login form F1 opens it while ? types itself, and
# it lists the text field's keys there.
# Covers: ui/w_help, ui/keys, ui/w_frame.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

LAST='close the help \(q, \? and F1 too\)'
make_db
tui_start --db "$KPIDESK_DB" --start audit
login root 'analyst password 1'
wait_for 'chain OK'
keys '?'
wait_for 'Help: Audit log +lines 1-20 of [0-9]+$'
wait_for 'filter by actor, action and date'
wait_for 'Everywhere'
screen | grep -Eq "$LAST" && fail "the help's last line was on its first page"
screen | grep -q '(end)' && fail "the first page says it is the end"
screen | grep -q 'Text fields' && fail "the audit log's help lists text field keys"
ok "? opens the help full screen at its first line; more lines follow"

keys PageDown
wait_for "$LAST"
wait_for 'lines [0-9]+-([0-9]+) of \1 \(end\)'
keys Home
wait_for 'lines 1-20 of'
wait_gone "$LAST"
keys End
wait_for "$LAST"
wait_for '\(end\)'
keys Up
wait_gone "$LAST"
wait_gone '\(end\)'
keys Down
wait_for "$LAST"
ok "PgDn, End and Down reach the last line; Home and Up go back"

# Keys of the screen under the sheet do nothing while it is open.
keys Home
wait_for 'lines 1-20 of'
keys f
keys Q
keys F
keys PageDown
wait_for "$LAST"
screen | grep -q 'Filter' && fail "f opened the audit filter behind the help"
tui_alive
ok "keys of the screen under the help do not run"

keys Home
wait_for 'lines 1-20 of'
keys /
wait_for 'Search the help'
type_text 'space/b'
keys Enter
wait_gone 'Search the help'
wait_for 'scroll a page \(Space/b too\)'
wait_gone 'lines 1-20 of'
keys /
wait_for 'Search the help'
type_text 'the first or the last'
keys Enter
wait_for 'the first or the last line'
keys Home
wait_for 'lines 1-20 of'
keys n
wait_for 'the first or the last line'
wait_gone 'lines 1-20 of'
keys /
wait_for 'Search the help'
type_text 'no such key'
keys Enter
wait_for 'not in the help: no such key'
ok "/ searches the help (case aside) and brings the match into view; n again"

keys Escape
wait_gone 'Help: '
wait_for 'chain OK'
keys '?'
wait_for 'Help: Audit log'
keys q
wait_gone 'Help: '
wait_for 'chain OK'
keys '?'
wait_for 'Help: Audit log'
keys '?'
wait_gone 'Help: '
tui_alive
ok "Esc, q and ? close the help"

# On the login form ? is text; F1 opens the help.
tui_start --db "$KPIDESK_DB"
wait_for 'Log in'
type_text 'a?'
keys F1
wait_for 'Help: Log in'
wait_for 'switch between name and password'
wait_for 'Text fields'
wait_for 'Ctrl-K +delete to the end'
keys Escape
wait_gone 'Help: '
keys Enter
type_text 'analyst password 1'
keys Enter
wait_for 'wrong user name or password'
ok "F1 opens the help on the login form, where ? types itself"
