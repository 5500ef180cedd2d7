#!/bin/sh
# Text fields at 80x24: the cursor shows in the focused field and moves
# with Left/Right/Home/End; typing inserts at the cursor and Delete and
# Backspace remove there (a login name fixed in the middle logs in); the
# hint line names the field's keys, not "? help q back Q quit". The export
# path: edited in the middle, a long one scrolls sideways with "…" where it
# is clipped, and the file written is exactly the edited path, shown whole.
# Covers: ui/w_input, ui/scr_login, ui/scr_export_write.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

make_db
run 0 config set approval_same_terminal 1
PWV=$(secret pwv 'approver password 1')
run 0 user add val --role approver --password-file "$PWV"
load_sample

# cursor: "x y visible" of the pane's cursor.
cursor() {
	tmx display-message -p '#{cursor_x} #{cursor_y} #{cursor_flag}'
}

# hints: the hint line (the second line from the bottom).
hints() {
	screen | tail -2 | head -1
}

tui_start --db "$KPIDESK_DB" --start kpi
wait_for 'Log in'
wait_for 'Enter next'
hints | grep -q '? help' && fail "the login form offers ? help, which types"
hints | grep -q 'Q quit' && fail "the login form offers Q quit, which types"
hints | grep -q 'move' || fail "the login form's hints lack the field keys"
type_text 'axna'
wait_for 'Name +axna'
set -- $(cursor)
[ "$3" = 1 ] || fail "the cursor is hidden in the name field"
end_x=$1
keys Home Right
wait_for 'Name +axna'
i=0
while [ "$(cursor | cut -d' ' -f1)" != $((end_x - 3)) ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "Home Right did not put the cursor at column $((end_x - 3)): $(cursor)"
	sleep 0.1
done
keys DC
wait_for 'Name +ana *$'
keys Right Right
type_text 'x'
wait_for 'Name +anax'
keys BSpace
wait_for 'Name +ana *$'
keys End C-u
wait_gone 'Name +ana'
type_text 'bna'
keys C-a
type_text 'x'
wait_for 'Name +xbna'
keys C-e Left Left Left C-k
wait_for 'Name +x *$'
keys BSpace
wait_gone 'Name +x'
type_text 'aa'
keys Left
type_text 'n'
wait_for 'Name +ana *$'
ok "the login name: cursor shown and moved; insert, Delete, Backspace, Ctrl-A/E/U/K"
keys Enter
type_text 'analyst password 1'
keys Enter
wait_for 'Repeat customers +as of 2025-10-13'
ok "the name fixed in the middle logs in"

keys e
wait_for '\[5 Authorize\]'
type_text val
keys Enter
type_text 'approver password 1'
keys Enter
wait_for 'Write the workbook to'
wait_for 'Customer_Order_Report_2025-10-13\.xlsx'

# A long path with a typo: the start is clipped with a mark while the end
# is typed; Home shows the start and a mark on the right.
DEEP="$T/a-folder-with-a-long-name-for-the-clip-marks/and-another-long-folder-below"
mkdir -p "$DEEP"
keys C-u
wait_gone 'Customer_Order_Report'
hints | grep -q 'Enter write' || fail "the path's hints lack Enter write"
hints | grep -q 'move' || fail "the path's hints lack the field keys"
hints | grep -q '? help' && fail "the path field offers ? help, which types"
type_text "$DEEP/Reprt.xlsx"
wait_for '…[^ ]*/and-another-long-folder-below/Reprt\.xlsx'
screen | grep -qF "$T/a-folder" && fail "the start of a long path was not clipped"
keys Home
wait_for "^ +$T/a-folder-with-a-long-name.*…"
keys End Left Left Left Left Left Left Left
type_text 'o'
wait_for '…[^ ]*/and-another-long-folder-below/Repo'
keys End
wait_for '…[^ ]*/and-another-long-folder-below/Report\.xlsx'
ok "a long path scrolls sideways with … on the clipped side; edited in the middle"

keys Enter
wait_for 'Written \(mode 0600\)'
[ -f "$DEEP/Report.xlsx" ] || fail "the edited path $DEEP/Report.xlsx was not written"
[ -f "$DEEP/Reprt.xlsx" ] && fail "the typo's path was written"
# The written path shows whole, over as many lines as it takes.
screen | tr -d '\n ' | grep -qF "$(printf '%s' "$DEEP/Report.xlsx" | tr -d ' ')" ||
    fail "the written path is not shown whole"
screen | grep -q "…" && { screen; fail "the written path is cut"; }
keys Left
wait_for 'Enter back'
hints | grep -q 'Enter write' && fail "the written export still offers Enter write"
ok "the file written is the edited path, shown whole"

# The hint line offers only what works: a decided batch has no a/d.
tui_start --db "$KPIDESK_DB" --start checks
login ana 'analyst password 1'
wait_for 'Sanity checks|PASS'
keys Down
wait_for 'Enter rows'
hints | grep -q 'a accept' && fail "an accepted batch offers a accept"
hints | grep -q 'd discard' && fail "an accepted batch offers d discard"
ok "the checks of an accepted batch offer no accept or discard"
