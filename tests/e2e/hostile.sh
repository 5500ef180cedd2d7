#!/bin/sh
# A customer name holding terminal escape sequences (a title change, a
# colour) is drawn as visible placeholders on the KPI screen, and no raw
# ESC from the data reaches the terminal: the pane's title is unchanged and
# the bytes kpidesk wrote hold no "ESC ] 0 ; pwn".
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

DATA="$SRCDIR/data"
make_db
run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"
id=$(kpi_json top-spenders 'd["rows"][0][1]')
python3 - "$DATA/task_DE_new_customers.csv" "$T/evil.csv" "$id" <<'PYEOF'
import sys
src, dst, cid = sys.argv[1:]
with open(src, encoding="utf-8", newline="") as f:
    lines = f.read().split("\n")
out = []
for line in lines:
    if line.startswith(cid + ","):
        p = line.split(",")
        p[1] = "Evil \x1b]0;pwn\x07\x1b[31mRED"
        line = ",".join(p)
    out.append(line)
with open(dst, "w", encoding="utf-8", newline="") as f:
    f.write("\n".join(out))
PYEOF
run 0 import customers "$T/evil.csv" --user ana --password-file "$PW" --accept-rejects

tui_start --db "$KPIDESK_DB" --start kpi
tmx pipe-pane -o "cat >>'$T/raw'"
login ana 'analyst password 1'
wait_for 'Repeat customers'
keys 5
wait_for 'Top spenders'
wait_line "$id" 'Evil ␛]0;pwn␇␛[31mRED'
ok "the escape sequence is shown as placeholders"

title=$(tmx display-message -p '#{pane_title}')
[ "$title" != pwn ] || fail "the data changed the terminal title"
if grep -q "$(printf '\033')]0;pwn" "$T/raw"; then
	fail "a raw escape sequence from the data reached the terminal"
fi
ok "no raw ESC from the data reached the terminal"
