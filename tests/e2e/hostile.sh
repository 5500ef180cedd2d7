#!/bin/sh
# Customer names holding terminal attacks from the hostile corpus (title and
# clipboard OSC, hyperlinks, DCS, clear-screen and reset, 8-bit and raw C1
# controls, bidi overrides and isolates, zero-width characters, backspace and
# carriage-return overwrites) are drawn as visible placeholders on the KPI
# screen. tmux pipe-pane records every byte kpidesk wrote: it is valid UTF-8
# and holds no OSC, DCS, reset or clear-screen from the data, no C1 control
# and no bidi or zero-width code point; the pane's title is unchanged.
# Covers: ui/draw, base/text.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"
need python3

DATA="$SRCDIR/data"
CORPUS="$SRCDIR/tests/corpus"
make_db
load_sample
"$KP" kpi top-spenders --format json --limit 10 >"$T/top.json" || fail "kpi top-spenders failed"
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"][0][1])' "$T/top.json")

# The ten biggest spenders get the corpus's payloads as names, raw bytes
# kept as they are (surrogateescape round-trips invalid UTF-8).
python3 - "$DATA/task_DE_new_customers.csv" "$T/evil.csv" "$T/top.json" \
    "$CORPUS/csv_escape_sequences.csv" "$CORPUS/csv_terminal_payloads.csv" <<'PYEOF'
import csv, json, sys
src, dst, top, *corpus = sys.argv[1:]
def rows(path):
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return list(csv.reader(f))
names = ["Evil \x1b]0;pwn\x07\x1b[31mRED"]
for path in corpus:
    names += [r[1] for r in rows(path)[1:]]
ids = [r[1] for r in json.load(open(top))["rows"]]
evil = dict(zip(ids, names))
out = rows(src)
for r in out[1:]:
    if r and r[0] in evil:
        r[1] = evil[r[0]]
with open(dst, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
    csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(out)
PYEOF
run 0 import customers "$T/evil.csv" --user ana --password-file "$PW" --accept-rejects

tui_start -x 200 -y 30 --db "$KPIDESK_DB" --start kpi
tmx pipe-pane -o "cat >>'$T/raw'"
login ana 'analyst password 1'
wait_for 'Repeat customers'
keys 5
# The tab bar names "5 Top spenders" on every tab: wait for the title.
wait_for 'Top spenders \(30 days\) +as of'
wait_line "$id" 'Evil ␛]0;pwn␇␛[31mRED'
wait_for 'Osc ␛]0;pwn␇ ␛]52;c;'
wait_for 'Dcs ␛Pq'
wait_for 'Wipe ␛\[2J␛\[3J␛c'
wait_for 'Csi8 <U\+009B>31m'
wait_for 'Bidi <U\+202E>gnp\.exe<U\+202C> <U\+2066>x'
wait_for 'Zero a<U\+200B>b<U\+200C>c'
wait_for 'Back abc␈␈␈XYZ␍OVER␡'
ok "the corpus's terminal payloads are shown as placeholders"

title=$(tmx display-message -p '#{pane_title}')
[ "$title" != pwn ] || fail "the data changed the terminal title"
[ -s "$T/raw" ] || fail "pipe-pane recorded nothing"
python3 - "$T/raw" <<'PYEOF' || fail "the data reached the terminal raw"
import sys
raw = open(sys.argv[1], "rb").read()
bad = []
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("not valid UTF-8: %s" % e)
# Sequences curses never sends for this terminal type: any one of them came
# from the data.
for seq, what in [(b"\x1b]", "OSC"), (b"\x1bP", "DCS"), (b"\x1bc", "reset"),
        (b"\x1b[2J", "clear-screen"), (b"\x1b[3J", "clear-scrollback"),
        (b"\x1b[31mRED", "colour from the data"), (b"pwn\x07", "BEL ending a title")]:
    if seq in raw:
        bad.append(what)
for ch in text:
    cp = ord(ch)
    if 0x80 <= cp <= 0x9f or cp in (0x061c, 0x180e, 0xfeff) or \
            0x200b <= cp <= 0x200f or 0x2028 <= cp <= 0x202e or \
            0x2060 <= cp <= 0x206f:
        bad.append("U+%04X" % cp)
if bad:
    sys.exit("found in the bytes written: " + ", ".join(sorted(set(bad))))
PYEOF
ok "the bytes kpidesk wrote hold no OSC, DCS, reset, clear-screen, C1, bidi or zero-width"
