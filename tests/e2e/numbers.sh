#!/bin/sh
# Numbers on the screens are grouped as number_scale says, with the rupee
# sign on money: at 80x24 the regional revenue of South (830454.71 on the
# command line, which keeps its plain numbers) reads ₹830,454.71 by
# default (Western), ₹8,30,454.71 after `config set number_scale indian`,
# and Rs 8,30,454.71 where the locale is not UTF-8; the period names its
# days and the current month reads "to date"; search finds 414994 in
# ₹414,994.57; the upload screen lists file
# times as 2026-12-04 19:40 UTC and
# gives the file's size grouped with a binary unit (3,042,977 bytes (2.9
# MiB)) and the checks screen grouped counts (read 1,000), under the
# import's notice wrapped on two lines.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"
need python3

DATA="$SRCDIR/data"
make_db
load_sample
rev=$(kpi_json regional-revenue '[r[2] for r in d["rows"] if r[0] == "South"][0]')
[ "$rev" = 830454.71 ] || fail "South's revenue is $rev on the command line"

tui_start --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
wait_for 'Repeat customers +as of'
keys 4
wait_for 'Regional revenue +as of'
wait_line 'South' '₹830,454.71'
screen | grep -q '830454' && fail "an ungrouped number is on the screen"
# The chart's values and its peak are grouped too.
wait_for 'peak ₹830,454.71'
ok "Western grouping with ₹ by default"
# Search finds a number typed as the command line writes it.
wait_for ' 1/7$'
keys /
wait_for 'Search the table for:'
type_text 414994
keys Enter
wait_gone 'Search the table for:'
wait_for ' 2/7$'
ok "search finds 414994 in West's ₹414,994.57"
# The period names its days; the month of as_of is marked to date.
keys p
wait_for 'period: day 2025-10-12 '
keys p
wait_for 'period: mtd 2025-10-01\.\.10-12 '
keys 3
wait_for 'Monthly trend +as of'
wait_line '2025-10 to date' '₹195,288.71'
screen | grep -q '2025-09 to date' && fail "a closed month is marked to date"
ok "the period says which days; the current month reads to date"
keys Q
wait_for 'kpidesk exited'

run 0 config set number_scale indian
tui_start --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
wait_for 'Repeat customers +as of'
keys 4
wait_for 'Regional revenue +as of'
wait_line 'South' "₹$(grouped "$rev" indian)"
wait_line 'West' '₹4,14,994.57'
ok "Indian grouping with number_scale indian"
keys Q
wait_for 'kpidesk exited'

KP_E2E_LANG=C
tui_start --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
wait_for 'Repeat customers +as of'
keys 4
wait_for 'Regional revenue +as of'
wait_line 'South' 'Rs 8,30,454.71'
screen | grep -q '₹' && fail "a rupee sign on an ASCII terminal"
ok "Rs instead of ₹ where the locale is not UTF-8"
keys Q
wait_for 'kpidesk exited'
KP_E2E_LANG=C.UTF-8

# The upload screen: the size grouped, with its binary unit.
run 0 config set number_scale international
# The master five times over (1,000 rows read) and 3 MB of blank lines.
cp "$DATA/task_DE_new_customers.csv" "$T/c.csv"
for i in 1 2 3 4; do tail -n +2 "$DATA/task_DE_new_customers.csv" >>"$T/c.csv"; done
head -c 3000000 /dev/zero | tr '\0' '\n' >>"$T/c.csv"
size=$(wc -c <"$T/c.csv")
tui_start -c "$T" --db "$KPIDESK_DB"
login ana 'analyst password 1'
wait_for 'What would you like to do'
keys 1
wait_for 'c\.csv'
# File times in the one form, the zone named.
wait_line 'c.csv' "$(date -u -r "$T/c.csv" '+%Y-%m-%d %H:%M') UTC"
keys Enter
wait_for "Size +$(grouped "$size") bytes \(2\.9 MiB\)"
keys Enter
wait_for 'Batch [0-9]+ \(customers\) pending'
wait_for 'read 1,000, loaded 195, rejected [0-9]+, duplicates [0-9]+'
# The notice is longer than a line: it wraps, its end is not cut.
wait_for '^ batch [0-9]+: 1,000 read, 195 loaded'
wait_for 'accept \(a\) or discard \(d\) it here$'
ok "the upload shows $(grouped "$size") bytes (2.9 MiB); checks show counts"
