#!/bin/sh
# The file picker at 80x24: / filters the names as they are typed and Esc
# shows them all again; Enter on a filtered entry opens it; going up a
# folder leaves the cursor on the folder it came from; a typed path (an
# absolute folder, ~/file) goes there and a file is chosen; a missing path
# is refused with its name; the next upload opens where the last one was,
# on the same file. The hint line follows the state (picker, confirmation).
# Covers: ui/w_picker, ui/scr_upload.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

DATA="$SRCDIR/data"
make_db
F="$T/files"
mkdir -p "$F/alpha" "$F/beta" "$T/other/dir" "$T/home"
cp "$DATA/task_DE_new_customers.csv" "$F/first.csv"
cp "$DATA/task_DE_new_customers.csv" "$F/beta/inside.csv"
cp "$DATA/task_DE_new_customers.csv" "$T/other/dir/there.csv"
cp "$DATA/task_DE_new_customers.csv" "$T/home/a.csv"
cp "$DATA/task_DE_new_customers.csv" "$T/home/x.csv"
export HOME="$T/home"

tui_start -c "$F" --db "$KPIDESK_DB" --start upload
login ana 'analyst password 1'
wait_for "Folder $F\$"
wait_for 'alpha/'
wait_for 'beta/'
# hints: the hint line (the second line from the bottom).
hints() {
	screen | tail -2 | head -1
}
hints | grep -q '/ find' || fail "the picker's hints lack / find"
hints | grep -q 's database' && fail "the customers picker offers s database"
keys /
wait_for 'Find +.*name filter'
type_text 'ET'
wait_gone 'alpha/'
wait_gone 'first\.csv'
wait_for 'beta/'
keys Escape
wait_for 'alpha/'
wait_for 'first\.csv'
wait_gone 'Find '
ok "/ filters the names as typed (case aside); Esc shows them all"

keys /
type_text 'bet'
wait_gone 'alpha/'
keys Enter
wait_for "Folder $F/beta\$"
wait_for 'inside\.csv'
keys BSpace
wait_for "Folder $F\$"
# The cursor is on beta/, not on the first file: Enter goes back in.
keys Enter
wait_for "Folder $F/beta\$"
ok "Enter opens the folder found; going up keeps the cursor on that folder"

keys /
type_text "$T/other/dir"
wait_for 'Enter goes to this path'
keys Enter
wait_for "Folder $T/other/dir\$"
wait_for 'there\.csv'
keys /
type_text '/no/such/place'
keys Enter
wait_for '/no/such/place: no such file or folder'
keys Enter
wait_gone 'no such file or folder'
wait_for "Folder $T/other/dir\$"
ok "a typed folder path opens; a missing one is refused by name"

keys Escape
wait_gone 'Find '
keys '~'
wait_for 'Find +~'
type_text '/x.csv'
keys Enter
wait_for 'File +x\.csv'
wait_for "Folder +$T/home"
hints | grep -q 'Enter import' || fail "the confirmation's hints lack Enter import"
hints | grep -q '/ find' && fail "the confirmation offers the picker's / find"
ok "~/x.csv typed in the picker chooses that file"

# Back to the list, leave the screen, open it again: same folder and file.
keys Escape
wait_for "Folder $T/home\$"
keys Escape
wait_for 'What would you like to do'
keys 1
wait_for "Folder $T/home\$"
keys Enter
wait_for 'File +x\.csv'
ok "the next upload opens in the last folder, on the last file"
