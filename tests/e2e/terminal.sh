#!/bin/sh
# The terminal (issue 15; ui/ui.c, ui/termcheck.c, ui/w_list.c, ui/theme.c).
# TERM=dumb and an unknown TERM get a sentence naming what to do and exit
# 1, never a blind screen or the raw ncurses error. Shrinking to 60x20
# repaints "terminal too small" with no key sent, the old list gone, and
# growing back repaints the screen. A mouse click selects a list row and
# the wheel scrolls, unless KPIDESK_NO_MOUSE is set. With NO_COLOR the cursor row carries
# the '>' mark and reverse video, a FAIL row neither.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

DATA="$SRCDIR/data"
make_db

# term_start TERM: kpidesk in a fresh pane under that TERM, its stderr on
# the pane.
term_start() {
	tmx kill-server 2>/dev/null
	NSERVERS=$((NSERVERS + 1))
	TMUX_SOCK="$T/tmux.$NSERVERS.sock"
	tmx -f /dev/null new-session -d -x 80 -y 24 \
	    "env TERM=$1 $KP --db '$KPIDESK_DB' 2>&1; echo '[kpidesk exited]' \$?; sleep 600"
}

term_start dumb
wait_for 'kpidesk exited\] 1$'
wait_for 'TERM=dumb cannot move the cursor'
wait_for 'TERM=xterm-256color'
screen | grep -q 'Log in' && fail "kpidesk drew on a dumb terminal"
ok "TERM=dumb says it cannot work and exits 1"

term_start kpidesk-no-such-term
wait_for 'kpidesk exited\] 1$'
wait_for "TERM=kpidesk-no-such-term is not known"
wait_for 'TERM=xterm-256color'
screen | grep -qi 'error opening terminal' && fail "the raw ncurses error was shown"
ok "an unknown TERM is named, with what to do, and exits 1"

# A TERM holding an escape sequence is named with the escape made visible:
# were it raw, the pane would turn on reverse video and hide "[7m".
term_start "$(printf 'evil\033[7mname')"
wait_for 'kpidesk exited\] 1$'
wait_for 'TERM=evil.+\[7mname is not known'
ok "a TERM holding an escape sequence is shown with the escape visible"

tui_start --db "$KPIDESK_DB"
login root 'analyst password 1'
wait_for 'Users: add'
keys 1
wait_for ' 1/2$'
wait_for '^ >ana '
tmx resize-window -x 60 -y 20
wait_for 'terminal too small'
wait_gone '>ana'
wait_gone 'failures'
tui_alive
tmx resize-window -x 80 -y 24
wait_gone 'too small'
wait_row 24 '^ root \(admin\) +db '
wait_for '^ >ana '
ok "shrinking repaints 'terminal too small' at once; growing back repaints"

# Mouse: a press on the third row selects it, the wheel scrolls (X10
# reports: ESC [ M, then 32 + button, column and line, 1-based).
run 0 user add zed --role analyst --password-file "$PW"
keys q
wait_for 'Users: add'
keys 1
wait_for ' 1/3$'
[ "$(tmx display -p '#{mouse_standard_flag}')" = 1 ] ||
    fail "kpidesk did not ask the terminal for mouse reports"
tmx send-keys -H 1b 5b 4d 20 25 27 1b 5b 4d 23 25 27
wait_for ' 3/3$'
wait_for '^ >zed '
tmx send-keys -H 1b 5b 4d 60 25 27	# wheel up
wait_for ' 1/3$'
tmx send-keys -H 1b 5b 4d 61 25 27	# wheel down
wait_for ' 3/3$'
tui_alive
export KPIDESK_NO_MOUSE=1
tui_start --db "$KPIDESK_DB"
unset KPIDESK_NO_MOUSE
login root 'analyst password 1'
wait_for 'Users: add'
[ "$(tmx display -p '#{mouse_standard_flag}')" = 0 ] ||
    fail "KPIDESK_NO_MOUSE still asked for mouse reports"
ok "a click selects a row, the wheel scrolls; KPIDESK_NO_MOUSE leaves the mouse alone"

# A customers upload with 5 of 200 rows rejected fails a 1% limit.
run 0 config set reject_threshold_pct 1
export NO_COLOR=1
tui_start -c "$DATA" --db "$KPIDESK_DB"
unset NO_COLOR
login ana 'analyst password 1'
wait_for 'What would you like to do'
upload_master
wait_for 'Too many rejected rows'
keys y
wait_for 'Batch [0-9]+ \(customers\)'
wait_for '^ +FAIL '
# Put the cursor on a row that is not a FAIL row.
keys Home
wait_for '^ >'
cur=$(tmx capture-pane -p -e | grep -E '>' | grep -v FAIL | head -1)
failrow=$(tmx capture-pane -p -e | grep -E 'FAIL' | grep -v '>' | head -1)
[ -n "$failrow" ] || { screen; fail "no FAIL row off the cursor"; }
screen | grep -E '^ +FAIL ' | grep -q '>' && fail "a FAIL row off the cursor carries the mark"
[ "$(screen | grep -c '^ >')" = 1 ] || fail "not exactly one row is marked"
printf '%s' "$cur" | grep -q '\[[0-9;]*7[;m]' ||
    fail "the cursor row is not in reverse video: $cur"
printf '%s' "$failrow" | grep -q '\[[0-9;]*7[;m]' &&
    fail "a FAIL row is in reverse video like the cursor: $failrow"
tmx capture-pane -p -e | grep -q '\[3[0-7]m\|\[[0-9;]*;3[0-7][;m]' &&
    fail "colours were drawn under NO_COLOR"
ok "with NO_COLOR the cursor row has '>' and reverse, a FAIL row neither"
