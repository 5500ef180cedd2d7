#!/bin/sh
# Covers ui/scr_rejects.c, ui/scr_checks.c (Enter on a check), src/checks.c
# (checks_issues): a customer master with two bad mobiles, one holding a
# terminal title sequence, is imported in the TUI (over the reject limit,
# accepted with y); on the checks screen Enter on "mobile numbers are
# valid" opens the rows behind it: line, kind, column, value and message
# of each, the value sanitized (placeholders, never the raw bytes: the pane's
# title stays, the bytes kpidesk wrote hold no OSC); Enter shows the whole
# row with the check's words and the message; q returns to the checks, kpidesk still running.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"
need python3

make_db
mkdir "$T/in"
printf 'customer_id,customer_name,mobile_number,region\nC1,Asha,9123456781,West\nC2,Bala,12345,North\nC3,Evil,"98\033]0;pwn\007",South\nC4,Dev,9123456784,East\n' \
    >"$T/in/bad_customers.csv"

tui_start -y 45 -c "$T/in" --db "$KPIDESK_DB"
tmx pipe-pane -o "cat >>'$T/raw'"
login ana 'analyst password 1'
wait_for 'What would you like to do'
keys 1
wait_for 'bad_customers\.csv'
keys Enter
wait_for 'PASS: extension'
keys Enter
wait_for 'Too many rejected rows'
wait_for '2 of 4 rows'
keys y
wait_for 'Batch [0-9]+ \(customers\) pending'
wait_for 'read 4, loaded 2, rejected 2'
ok "the file is imported with its two rejected rows kept aside"

# The list shows every check at this height: go down to the mobile check.
wait_for 'mobile numbers are valid'
first=$(screen | grep -n 'upload policy' | head -1 | cut -d: -f1)
want=$(screen | grep -n 'mobile numbers are valid' | head -1 | cut -d: -f1)
[ -n "$first" ] && [ -n "$want" ] && [ "$want" -gt "$first" ] ||
    fail "cannot find the checks in the list"
keys Home
i=$first
while [ "$i" -lt "$want" ]; do
	keys Down
	i=$((i + 1))
done
keys Enter
wait_for 'Rows behind: mobile numbers are valid \(batch [0-9]+\)'
wait_for 'line +kind +column +value +message'
wait_for ' 3 +rejected +mobile_number +12345 +not a mobile number'
wait_for ' 4 +rejected +mobile_number +98␛\]0;pwn␇ +not a mobile number'
screen | grep -q 'Asha\|9123456781' && fail "a loaded row is shown as rejected"
ok "Enter on a check opens its rows: line, kind, column, value, message"

keys Down Enter
wait_for 'line 4, rejected, column mobile_number'
wait_for 'problem: mobile numbers are valid'
wait_for 'message: not a mobile number'
wait_for '│ 98␛\]0;pwn␇ '
keys Enter
wait_gone 'line 4, rejected, column mobile_number'
tui_alive
title=$(tmx display-message -p '#{pane_title}')
[ "$title" != pwn ] || fail "the value changed the terminal title"
python3 - "$T/raw" <<'PYEOF' || fail "the value reached the terminal raw"
import sys
raw = open(sys.argv[1], "rb").read()
sys.exit(1 if b"\x1b]0;pwn" in raw or b"pwn\x07" in raw else 0)
PYEOF
ok "Enter shows the whole row; the value never reaches the terminal raw"

keys q
wait_for 'Sanity checks'
wait_gone 'Rows behind'
tui_alive
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM row_issues WHERE reason = 'mobile_invalid'")" = 2 ] ||
    fail "the database does not hold the two rejected rows"
ok "q returns to the checks; the database holds the two rows"
