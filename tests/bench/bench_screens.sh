#!/bin/sh
# make bench: screen benchmark (DESIGN.md section 6: each TUI screen's first
# paint and each scroll step well under 50 ms at 10M order lines). Drives the
# real TUI in tmux over the database that bench_kpi filled (BIG, argument 1)
# and, in the same run as the baseline, over the sample data (a few hundred
# lines). kpidesk writes the time from each key to the end of the paint it
# caused (KPIDESK_TIMING_LOG, see ui/timing.h); this prints, per screen, the
# first paint and the steps (median and slowest) on both, and the ratio.
# Not part of `make check`.
#
#     bench_screens.sh BIG.db
set -u	# not -e: the tmux helpers test and fail on their own
BIG=$1
[ -f "$BIG" ] || { echo "bench_screens: no database at $BIG (run bench_kpi first)"; exit 1; }
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"
BENCH_WAIT=${BENCH_SCREEN_WAIT:-120}	# seconds a screen may take to show

# accounts DB: an analyst and an auditor, no login delay.
accounts() {
	export KPIDESK_DB="$1"
	run 0 user add ana --role analyst --password-file "$PW"
	run 0 user add aud --role auditor --password-file "$PW"
	sqlite3 "$1" "UPDATE settings SET value='0' WHERE key='login_delay_ms'"
}

# step KEY PATTERN: press a key, wait for its screen, pause like a person.
step() {
	keys "$1"
	wait_for "$2" "$BENCH_WAIT"
	sleep 0.05
}

# walk DB LOG: the analyst's dashboard (five tabs, scrolling, the period),
# then the auditor's history day and audit log; key-to-paint times to LOG.
walk() {
	export KPIDESK_DB="$1" KPIDESK_TIMING_LOG="$2"
	tui_start --db "$1" --start kpi
	login ana "$PWTEXT"
	wait_for 'Repeat customers +as of' "$BENCH_WAIT"
	step 2 'Daily trend +as of'
	step 3 'Monthly trend +as of'
	step 4 'Regional revenue +as of'
	step 5 'Top spenders'
	step 1 'Repeat customers +as of'
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		keys Down
		sleep 0.05
	done
	for i in 1 2 3 4 5; do
		keys NPage
		sleep 0.05
	done
	step 2 'Daily trend +as of'
	for i in 1 2 3 4 5 6 7 8 9 10; do
		keys Down
		sleep 0.05
	done
	step q 'What would you like to do'
	keys Q
	wait_for 'kpidesk exited'

	tui_start --db "$1" --start history
	login aud "$PWTEXT"
	wait_for 'Snapshot days' "$BENCH_WAIT"
	step Enter 'as of .* stored'
	step 2 'Daily trend'
	for i in 1 2 3 4 5 6 7 8 9 10; do
		keys Down
		sleep 0.05
	done
	step q 'Snapshot days'
	step q 'What would you like to do'
	step 2 'entries \(f filters\)'
	for i in 1 2 3 4 5 6 7 8 9 10; do
		keys Down
		sleep 0.05
	done
	keys Q
	wait_for 'kpidesk exited'
	unset KPIDESK_TIMING_LOG
}

PWTEXT='bench password 1'
PW=$(secret pw "$PWTEXT")

# The baseline: the sample data.
SMALL="$T/small.db"
export KPIDESK_DB="$SMALL"
run 0 init --admin root --password-file "$PW"
accounts "$SMALL"
run 0 import customers "$SRCDIR/data/task_DE_new_customers.csv" --user ana --password-file "$PW"
run 0 import orders "$SRCDIR/data/task_DE_new_orders.xml" --user ana --password-file "$PW"

# The big database: accounts and a snapshot of its default day.
accounts "$BIG"
export KPIDESK_DB="$BIG"
lines=$(sqlite3 "$BIG" "SELECT count(*) FROM order_lines")
t0=$(date +%s)
run 0 history snapshot
echo "big database: $lines order lines; snapshot taken in $(( $(date +%s) - t0 )) s"

walk "$SMALL" "$T/small.log"
walk "$BIG" "$T/big.log"

# Per screen and kind (first paint, step): count, median, slowest; the
# baseline beside it; the target is 50 ms.
awk -v target=50 '
function median(key,   n, i, j, t, a) {
	n = cnt[key]
	for (i = 1; i <= n; i++) a[i] = v[key, i]
	for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
FNR == 1 { which = (FILENAME ~ /big/) ? "big" : "small" }
$1 != "login" {
	key = which SUBSEP $1 SUBSEP $2
	v[key, ++cnt[key]] = $3
	if ($3 > mx[key]) mx[key] = $3
	seen[$1 SUBSEP $2] = 1
}
END {
	printf "%-8s %-6s %6s %10s %10s   %10s %10s  %s\n", "screen", "paint", "n", "median ms", "max ms", "sample max", "ratio", "target"
	worst = 0
	for (s in seen) {
		split(s, p, SUBSEP)
		b = "big" SUBSEP s; k = "small" SUBSEP s
		if (!(b in cnt)) continue
		r = (k in mx && mx[k] > 0) ? sprintf("%.1fx", mx[b] / mx[k]) : "-"
		printf "%-8s %-6s %6d %10.1f %10.1f   %10.1f %10s  %s\n", p[1], p[2], cnt[b], median(b), mx[b], mx[k], r, mx[b] < target ? "met" : "MISSED"
		if (mx[b] > worst) worst = mx[b]
	}
	printf "slowest paint after a key at 10M lines: %.1f ms (target < %d ms)\n", worst, target
}' "$T/small.log" "$T/big.log"
