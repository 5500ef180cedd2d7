# e2e/lib.sh: drive the real kpidesk TUI inside a private tmux server and
# assert on the captured screen (sourced after tests/lib.sh).
#
#   tui_start [-x COLS -y LINES] ARGS...   start "kpidesk ARGS" in a pane
#   keys KEY...                            tmux send-keys
#   wait_for REGEX [SECONDS]               poll capture-pane until it matches
#   screen                                 print the pane as text
#   wait_gone REGEX [SECONDS]              poll until it no longer matches
#   tui_beside ARGS...                     another kpidesk, the first kept
#   on_tui N                               keys and screens of the Nth one
#   wait_row N REGEX [SECONDS]             poll until screen line N matches
#   tui_alive                              fail unless kpidesk still runs
#   grouped NUMBER [indian]                7549.50 as shown: 7,549.50
# Each wait after an action must look for something that only the screen
# after the action shows: a wait that the screen before it already passes
# proves nothing (kpidesk may have died, leaving its last screen behind).
# The server is killed on exit, whatever happened.

need tmux sqlite3	# the tests read the database with the sqlite3 shell
NSERVERS=0
TMUX_SOCK="$T/tmux.0.sock"
unset TMUX
TIMEOUT_SCALE=${KP_E2E_SCALE:-1}
e2e_exit() {
	st=$?
	for s in "$T"/tmux.*.sock; do tmux -S "$s" kill-server 2>/dev/null; done
	# A sanitizer report from any run fails the test.
	if [ -s "$T/stderr" ] && grep -q 'Sanitizer' "$T/stderr"; then
		cat "$T/stderr" >&2
		st=1
	fi
	rm -rf "$T"
	exit $st
}
trap e2e_exit EXIT

tmx() {
	tmux -S "$TMUX_SOCK" "$@"
}

tui_start() {
	cols=80 lines=24 dir=$T
	while :; do
		case $1 in
		-x) cols=$2; shift 2 ;;
		-y) lines=$2; shift 2 ;;
		-c) dir=$2; shift 2 ;;
		*) break ;;
		esac
	done
	# A fresh server (and socket) each time: a dying one cannot be reused.
	tmx kill-server 2>/dev/null
	NSERVERS=$((NSERVERS + 1))
	TMUX_SOCK="$T/tmux.$NSERVERS.sock"
	# A UTF-8 locale when the system has one; the pane keeps running
	# after kpidesk exits so that its last screen can be read.
	# The inner sh writes its pid and execs kpidesk, which keeps the pid
	# (so does KPIDESK_WRAP's script): tui_alive reads it.
	rm -f "$T/kp.pid"
	tmx -f /dev/null new-session -d -x "$cols" -y "$lines" -c "$dir" \
	    "sh -c 'echo \$\$ >\"$T/kp.pid\"; exec env LANG=${KP_E2E_LANG:-C.UTF-8} TERM=screen-256color $KP $*' 2>>'$T/stderr'; echo '[kpidesk exited]' \$?; sleep 600"
	tmx set-option -g status off >/dev/null
	tmx resize-window -x "$cols" -y "$lines" 2>/dev/null
}

# tui_beside ARGS...: start another kpidesk like tui_start, in its own tmux
# server, leaving the running ones alone (a second person's session on the
# same database); it becomes the current one.
tui_beside() {
	TMUX_SOCK="$T/tmux.none.sock"	# nothing for tui_start to kill
	tui_start "$@"
}

# on_tui N: send keys to and read the screen of the Nth kpidesk started
# (1, 2, ... in the order tui_start and tui_beside started them).
on_tui() {
	TMUX_SOCK="$T/tmux.$1.sock"
}

keys() {
	tmx send-keys "$@"
}

# Type a string literally (no key names).
type_text() {
	tmx send-keys -l "$1"
}

screen() {
	tmx capture-pane -p 2>/dev/null
}

wait_for() {
	pat=$1 limit=$(( ${2:-30} * TIMEOUT_SCALE * 10 )) i=0
	while [ $i -lt $limit ]; do
		if screen | grep -Eq -- "$pat"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "--- screen"; screen
	[ -s "$T/stderr" ] && { echo "--- stderr"; cat "$T/stderr"; }
	fail "the screen never showed /$pat/"
}

wait_gone() {
	pat=$1 limit=$(( ${2:-30} * TIMEOUT_SCALE * 10 )) i=0
	while [ $i -lt $limit ]; do
		if ! screen | grep -Eq -- "$pat"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "--- screen"; screen
	fail "the screen kept showing /$pat/"
}

# wait_row N REGEX [SECONDS]: wait until line N of the screen (1 is the
# top) matches; after a resize, the new last line is one kpidesk must draw.
wait_row() {
	row=$1 pat=$2 limit=$(( ${3:-30} * TIMEOUT_SCALE * 10 )) i=0
	while [ $i -lt $limit ]; do
		if screen | sed -n "${row}p" | grep -Eq -- "$pat"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "--- screen"; screen | cat -n
	[ -s "$T/stderr" ] && { echo "--- stderr"; cat "$T/stderr"; }
	fail "screen line $row never showed /$pat/"
}

# tui_alive: the kpidesk of the last tui_start is still running (an exited
# one has been reaped by the pane's shell, so kill -0 fails).
tui_alive() {
	pid=$(cat "$T/kp.pid" 2>/dev/null)
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && return 0
	echo "--- screen"; screen
	[ -s "$T/stderr" ] && { echo "--- stderr"; cat "$T/stderr"; }
	fail "kpidesk is no longer running"
}

# login NAME PASSWORD: fill the login screen and submit.
login() {
	wait_for 'Log in'
	type_text "$1"
	keys Enter
	type_text "$2"
	keys Enter
}

# A database with an admin and one analyst, with no login delay.
make_db() {
	PW=$(secret pw 'analyst password 1')
	run 0 init --admin root --password-file "$PW"
	run 0 user add ana --role analyst --password-file "$PW"
	run 0 config set login_delay_ms 0
}

# load_sample: the sample customer master and orders imported by ana
# through the command line (make_db first).
load_sample() {
	run 0 import customers "$SRCDIR/data/task_DE_new_customers.csv" \
	    --user ana --password-file "$PW"
	run 0 import orders "$SRCDIR/data/task_DE_new_orders.xml" \
	    --user ana --password-file "$PW"
}

# upload_master: from the analyst's home (the picker opening in data/),
# choose the sample customer master and import it past the policy check;
# the caller waits for the checks screen it expects.
upload_master() {
	keys 1
	wait_for 'task_DE_new_customers\.csv'
	keys Enter
	wait_for 'PASS: extension, size limit'
	keys Enter
}

# kpi_json NAME EXPR: a value from `kpidesk kpi NAME --format json`, where
# EXPR indexes the parsed object d (for example 'd["rows"][0][3]').
kpi_json() {
	"$KP" kpi "$1" --format json >"$T/kpi.json" || fail "kpi $1 failed"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/kpi.json" "$2"
}

# grouped NUMBER [indian]: NUMBER (as the CLI and JSON write it: 7549.50,
# 1234) as the screens show it, digits grouped: 7,549.50 (Western, the
# default number_scale) or the Indian way (12,34,567.50).
grouped() {
	python3 -c '
import sys
n, ind = sys.argv[1], len(sys.argv) > 2 and sys.argv[2] == "indian"
sign = "-" if n.startswith("-") else ""
w, _, f = n.lstrip("-").partition(".")
if ind and len(w) > 3:
    h, t = w[:-3], w[-3:]
    g = []
    while len(h) > 2:
        g.insert(0, h[-2:]); h = h[:-2]
    w = ",".join([h] + g + [t]) if h else ",".join(g + [t])
else:
    w = "{:,}".format(int(w))
print(sign + w + ("." + f if f else ""))' "$@"
}

# on_one_line A B: some screen line holds both strings.
on_one_line() {
	screen | grep -F -- "$1" | grep -qF -- "$2"
}

# wait_line A B: wait until some line holds both strings.
wait_line() {
	i=0
	while [ $i -lt $((300 * TIMEOUT_SCALE)) ]; do
		on_one_line "$1" "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "--- screen"; screen
	fail "no screen line holds both '$1' and '$2'"
}
