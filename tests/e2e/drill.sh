#!/bin/sh
# The checks drill-down lists only the rows behind a check. A customer
# master with a row not valid UTF-8, a row with a field too many and a
# bad mobile is uploaded in the TUI (over the reject limit, accepted with
# y). Enter on the file-level check "text encoding" lists its one row
# (line 3) and none of the rejected ones; Enter on "upload policy", which
# no row stands behind, shows the check's detail instead of every row;
# Enter on the field-count check shows the whole row as its value and the
# message with expected vs found, and the check's words, not its code.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

make_db
mkdir "$T/in"
printf 'customer_id,customer_name,mobile_number,region\nC1,Asha,9123456781,West\nC2,B\377la,9123456782,North\nC3,Chitra,9123456783,South,extra\nC4,Dev,12345,East\nC5,Esha,9123456785,West\n' \
    >"$T/in/drill_customers.csv"

tui_start -y 45 -c "$T/in" --db "$KPIDESK_DB"
login ana 'analyst password 1'
wait_for 'What would you like to do'
keys 1
wait_for 'drill_customers\.csv'
keys Enter
wait_for 'PASS: extension'
keys Enter
wait_for 'Too many rejected rows'
keys y
wait_for 'Batch [0-9]+ \(customers\) pending'
wait_for 'read 5, loaded 3, rejected 2'

# goto_check NAME: select the check called NAME (all are in sight at 45
# lines) and press Enter.
goto_check() {
	keys Home
	wait_row 7 ' upload policy'
	first=$(screen | grep -n ' upload policy' | head -1 | cut -d: -f1)
	want=$(screen | grep -n " $1" | head -1 | cut -d: -f1)
	[ -n "$want" ] || fail "no check '$1' on the screen"
	i=$first
	while [ "$i" -lt "$want" ]; do
		keys Down
		i=$((i + 1))
	done
	keys Enter
}

goto_check 'text encoding'
wait_for 'Rows behind: text encoding \(batch [0-9]+\)'
wait_for '^ 1 row$'
wait_for ' 3 +warning +customer_name +B�la '
screen | grep -qE ' (4|5) +rejected' && fail "rejected rows listed under text encoding"
ok "a file-level check lists only its own row"
keys q
wait_gone 'Rows behind'

goto_check 'upload policy'
wait_for 'No row of the batch stands behind this check'
screen | grep -q 'Rows behind' && fail "upload policy opened a list of rows"
keys Enter
wait_gone 'No row of the batch stands'
ok "a check with no rows behind it shows its detail"

goto_check 'rows have as many fields as the header'
wait_for 'Rows behind: rows have as many fields as the header'
wait_for ' 4 +rejected +\(whole row\) +C3,Chitra,9123456783,South,extra '
keys Enter
wait_for 'message: expected 4 fields as in the header, found 5'
wait_for 'problem: rows have as many fields as the header'
screen | grep -q 'field_count' && fail "the popup shows a reason code"
ok "the field-count row shows its whole value, expected vs found, in words"
