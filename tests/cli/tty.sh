#!/bin/sh
# Passwords typed at a terminal: run `kpidesk user add` in tmux, type the
# password twice, and check it never appears on the screen; a mismatch is
# refused. tmux gives the test a real terminal (CI has none); without tmux
# the test is skipped.
# Covers: base/secret, app/cli_user.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

need tmux
SOCK="$T/tmux.sock"
trap 'tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT
run 0 init --admin root --password-file "$(secret pw 'admin password 1')"

# The pane's shell outlives every wait (the trap kills the server), so a
# failed wait can show the screen; each step opens a session of its own
# rather than killing the last one, which would end the server while the
# next one connects ("server exited unexpectedly"); waits get KP_E2E_SCALE times more room
# (CI sets it under valgrind).
screen() { tmux -S "$SOCK" capture-pane -p -t "$S"; }
wait_for() {
	i=0
	until screen | grep -q -- "$1"; do
		i=$((i + 1))
		[ $i -lt $((300 * ${KP_E2E_SCALE:-1})) ] ||
		    { echo "--- screen"; screen; fail "no '$1' on the screen"; }
		sleep 0.1
	done
}

S=kp1
tmux -S "$SOCK" new-session -d -s "$S" -x 80 -y 24 \
    "KPIDESK_DB='$KPIDESK_DB' '$KP' user add bob --role analyst; echo EXIT=\$?; sleep 600"
wait_for 'New password for bob:'
tmux -S "$SOCK" send-keys -t "$S" 'typed secret 42' Enter
wait_for 'Repeat the password:'
tmux -S "$SOCK" send-keys -t "$S" 'typed secret 42' Enter
wait_for 'EXIT='
screen | grep -q 'typed secret' && fail "the password was echoed"
screen | grep -q 'EXIT=0' || { screen; fail "user add from the terminal failed"; }
run 0 user list
expect out '^bob +analyst'
ok "a password typed at the terminal is not echoed"

S=kp2
tmux -S "$SOCK" new-session -d -s "$S" -x 80 -y 24 \
    "KPIDESK_DB='$KPIDESK_DB' '$KP' user passwd bob; echo EXIT=\$?; sleep 600"
wait_for 'New password for bob:'
tmux -S "$SOCK" send-keys -t "$S" 'first try 12345' Enter
wait_for 'Repeat the password:'
tmux -S "$SOCK" send-keys -t "$S" 'second try 1234' Enter
wait_for 'EXIT='
screen | grep -q 'EXIT=1' || { screen; fail "a mismatch must fail"; }
screen | grep -q 'differ' || fail "no message about the mismatch"
ok "two different passwords are refused"

# Ctrl-C at the prompt: echo is back on when kpidesk has gone (the shell's
# trap keeps the pane's shell alive to look; kpidesk gets SIGINT as usual).
S=kp3
tmux -S "$SOCK" new-session -d -s "$S" -x 80 -y 24 \
    "trap : INT; KPIDESK_DB='$KPIDESK_DB' '$KP' user passwd bob; echo EXIT=\$?; if stty -a | tr ' ;' '\n\n' | grep -qx echo; then echo ECHO=on; else echo ECHO=off; fi; sleep 600"
wait_for 'New password for bob:'
tmux -S "$SOCK" send-keys -t "$S" 'half typed'
tmux -S "$SOCK" send-keys -t "$S" C-c
wait_for 'ECHO='
screen | grep -q 'EXIT=130' || { screen; fail "Ctrl-C did not end kpidesk by SIGINT"; }
screen | grep -q 'ECHO=on' || { screen; fail "Ctrl-C at the password prompt left echo off"; }
screen | grep -q 'half typed' && fail "the half-typed password was echoed"
ok "Ctrl-C at a password prompt ends kpidesk with echo back on"
