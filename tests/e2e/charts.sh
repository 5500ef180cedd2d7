#!/bin/sh
# The daily trend's chart is honest at every width: its peak day
# (82996.99 on the command line) stands as the top y label (83K) and in
# the title (peak ₹82,996.99) at 80x24, 100x30 and 132x43, although
# columns hold one, two or more days each (the title says how many).
# Sorting the table by revenue redraws neither the trend's order nor the
# regional bars (largest first whatever the sort).
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"
need python3

make_db
load_sample
peak=$(kpi_json daily-trend 'max(d["rows"], key=lambda r: float(r[2]))[2]')
[ "$peak" = 82996.99 ] || fail "the daily peak is $peak on the command line"

for size in 80x24 100x30 132x43; do
	tui_start -x "${size%x*}" -y "${size#*x}" --db "$KPIDESK_DB" --start kpi
	login ana 'analyst password 1'
	wait_for 'Repeat customers +as of'
	keys 2
	wait_for 'Daily trend +as of'
	wait_for "peak ₹$(grouped "$peak")"
	wait_for ' 83K│'
	# No other y label is above the peak's.
	screen | grep -oE ' [0-9.]+[KLM]?│' | head -1 | grep -q ' 83K│' ||
	    fail "at $size the top label is not 83K: $(screen | grep '│' | head -3)"
	ok "at $size the top label and the title give the true peak"
	keys Q
	wait_for 'kpidesk exited'
done

# Sorted by revenue (s on the revenue column), the bars stay largest first.
tui_start --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
wait_for 'Repeat customers +as of'
keys 4
wait_for 'Regional revenue +as of'
wait_for 'South +█+ ₹830,454.71'
keys s
wait_for 'region▲'
wait_line 'Central' '₹361,884.97'
screen | grep -A1 'peak ₹830,454.71' | tail -1 | grep -q '^ *South ' ||
    fail "sorted by region, the first bar is not South: $(screen)"
ok "bars keep their order whatever the table's sort"
