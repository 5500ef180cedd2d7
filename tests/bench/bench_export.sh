#!/bin/sh
# make bench / make bench-export: export benchmark (DESIGN.md section 6,
# issue 17). Puts 1M order lines on ONE day (so Current_Day_Orders has 1M
# rows), imports them, then in rounds (BENCH_REPEAT, default 3), one after
# the other so the machine's load hits both alike:
#   - `kpidesk export write ID` of an approved request (the workbook step:
#     login, re-checks, every sheet, fsync, SHA-256, the record), with its
#     peak RSS; each round's request and approval are made just before;
#   - tests/bench/bare_xlsx (BARE_XLSX), libxlsxwriter alone in
#     constant-memory mode writing the same 1M-row sheet from the same DB
#     with a plain SELECT ("bare"), and from rows already in memory
#     ("bare_mem", the writing alone).
# Prints the fastest of each, the ratio kpidesk / bare (target <= 1.15x),
# the load average at the start and end, and checks that every round's
# workbook has the same SHA-256 (exports are deterministic). Then, when
# python3-pandas is importable and BENCH_EXPORT_PANDAS is not 0, pandas
# `DataFrame.to_excel` (xlsxwriter engine) on the same rows, once.
# BENCH_EXPORT_KEEP=DIR keeps the database and workbooks in DIR.
# Not part of `make check`.
set -eu
KP=${KPIDESK_BIN:-./kpidesk}
SRC=${KP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CUSTOMERS=${BENCH_CUSTOMERS:-10000}
LINES=${BENCH_EXPORT_LINES:-1000000}
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
BARE=${BARE_XLSX:-./tests/bench/bare_xlsx}
REPEAT=${BENCH_REPEAT:-3}
if [ -n "${BENCH_EXPORT_KEEP:-}" ]; then
	W=$BENCH_EXPORT_KEEP
	mkdir -p "$W"
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/kpidesk-bench-export-XXXXXX")
	trap 'rm -rf "$W"' EXIT
fi
[ -x "$BARE" ] || { echo "no $BARE: make tests/bench/bare_xlsx" >&2; exit 1; }
M="$PY $SRC/tests/bench/measure.py"

echo "generating $CUSTOMERS customers and $LINES order lines on one day in $W"
$PY "$SRC/tests/bench/gen.py" --customers "$CUSTOMERS" --orders 0 --out "$W" >/dev/null
# gen.py spreads orders over 400 days; these all fall on 2025-06-01 (local),
# with gen.py's customers, mobile formats and prices.
$PY - "$SRC/tests/bench" "$W" "$LINES" "$CUSTOMERS" <<'PYEOF'
import random, sys
sys.path.insert(0, sys.argv[1])
import gen
out, n, ncust = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(7)
xml = open(out + "/day.xml", "w", encoding="utf-8")
csv = open(out + "/day.csv", "w", encoding="utf-8")
xml.write('<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n')
csv.write("order_id,mobile_number,order_date_time,sku_id,sku_count,total_amount\n")
written, order, xb, cb = 0, 0, [], []
while written < n:
    order += 1
    sec = order * 86399 // max(1, int(n / 1.3))
    when = "2025-06-01T%02d:%02d:%02d" % (sec // 3600, sec // 60 % 60, sec % 60)
    who = 1 + int(rng.random() ** 2 * ncust)
    mobile = gen.mobile_text(who, order % 10)
    r = rng.random()
    for j in range(1 if r < 0.75 else (2 if r < 0.95 else 3)):
        if written >= n:
            break
        k = (order + j * 7) % len(gen.SKU_PRICES)
        count = 1 + int(rng.random() ** 3 * 5)
        minor = gen.SKU_PRICES[k] * count
        amount = "%d.%02d" % divmod(minor, 100)
        oid, sku = "ORD-%08d" % order, "SKU-%d" % (1001 + k)
        xb.append("<order><order_id>%s</order_id><mobile_number>%s</mobile_number>"
                  "<order_date_time>%s</order_date_time><sku_id>%s</sku_id>"
                  "<sku_count>%d</sku_count><total_amount>%s</total_amount></order>\n"
                  % (oid, mobile, when, sku, count, amount))
        cb.append("%s,%s,%s,%s,%d,%s\n" % (oid, mobile, when, sku, count, amount))
        written += 1
    if len(xb) >= 20000:
        xml.write("".join(xb)); csv.write("".join(cb)); xb.clear(); cb.clear()
xml.write("".join(xb) + "</orders>\n"); csv.write("".join(cb))
PYEOF

export KPIDESK_DB="$W/kp.db"
rm -f "$W"/kp.db*	# a kept folder's earlier run
printf 'bench password 1\n' >"$W/pw"
printf 'bench approver 1\n' >"$W/pw2"
chmod 600 "$W/pw" "$W/pw2"
"$KP" init --admin root --password-file "$W/pw" >/dev/null
"$KP" user add ana --role analyst --password-file "$W/pw" >/dev/null
"$KP" user add bob --role approver --password-file "$W/pw2" >/dev/null
"$KP" import customers "$W/customers.csv" --user ana --password-file "$W/pw" >/dev/null
res=$($M import "$KP" import orders "$W/day.xml" --user ana --password-file "$W/pw")
echo "$res (setup, not the benchmark)"

# The load average now, for the figures (other sessions share the cores).
load() { cut -d' ' -f1-3 /proc/loadavg; }
rm -f "$W"/k.s "$W"/k.rss "$W"/k.sha "$W"/k.cpu "$W"/b.s "$W"/b.rss \
    "$W"/b.cpu "$W"/m.s "$W"/m.cpu
echo "load average at the start: $(load)"
best() { sort -n | head -1; }
r=1
while [ "$r" -le "$REPEAT" ]; do
	req=$("$KP" export request --user ana --password-file "$W/pw" |
	    sed -n 's/^request \([0-9]*\)$/\1/p')
	"$KP" export approve "$req" --user bob --password-file "$W/pw2" >/dev/null
	rm -f "$W/report$r.xlsx"
	res=$($M kpidesk_write "$KP" export write "$req" --user ana \
	    --password-file "$W/pw" --out "$W/report$r.xlsx")
	echo "round $r: $res load=$(load)"
	echo "$res" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' >>"$W/k.s"
	echo "$res" | sed -n 's/.*peak_rss_kib=\([0-9]*\).*/\1/p' >>"$W/k.rss"
	echo "$res" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=");
	    if (kv[1] == "user" || kv[1] == "sys" || kv[1] == "cpu") c += kv[2] }
	    printf "%.2f\n", c }' >>"$W/k.cpu"
	sha256sum "$W/report$r.xlsx" | cut -d' ' -f1 >>"$W/k.sha"
	rm -f "$W/bare.xlsx"
	res=$(TMPDIR="$W" $M bare "$BARE" "$KPIDESK_DB" "$W/bare.xlsx" db)
	echo "round $r: $res load=$(load)"
	echo "$res" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' >>"$W/b.s"
	echo "$res" | sed -n 's/.*peak_rss_kib=\([0-9]*\).*/\1/p' >>"$W/b.rss"
	echo "$res" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=");
	    if (kv[1] == "user" || kv[1] == "sys" || kv[1] == "cpu") c += kv[2] }
	    printf "%.2f\n", c }' >>"$W/b.cpu"
	out=$(TMPDIR="$W" "$BARE" "$KPIDESK_DB" "$W/bare.xlsx" mem)
	echo "round $r: $out load=$(load)"
	echo "$out" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' >>"$W/m.s"
	res=$out
	echo "$res" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=");
	    if (kv[1] == "user" || kv[1] == "sys" || kv[1] == "cpu") c += kv[2] }
	    printf "%.2f\n", c }' >>"$W/m.cpu"
	r=$((r + 1))
done
echo "load average at the end: $(load)"
[ "$(sort -u "$W/k.sha" | wc -l)" = 1 ] ||
    { echo "the workbooks of the rounds differ:" >&2; cat "$W/k.sha" >&2; exit 1; }
echo "kpidesk workbook SHA-256 (every round): $(head -1 "$W/k.sha")"
# The same cells: bare's sheet is kpidesk's Current_Day_Orders byte for
# byte, but for the tab selection (bare has one sheet, so it is selected).
$PY - "$W/report1.xlsx" "$W/bare.xlsx" <<'PYEOF'
import re, sys, zipfile
def sheet(path, name):
    z = zipfile.ZipFile(path)
    names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
    return z.open("xl/worksheets/sheet%d.xml" % (names.index(name) + 1))
def chunks(f, strip):
    head = f.read(4096)
    yield head.replace(strip, b"", 1)
    while True:
        c = f.read(1 << 20)
        if not c:
            return
        yield c
ka = chunks(sheet(sys.argv[1], "Current_Day_Orders"), b"")
kb = chunks(sheet(sys.argv[2], "Current_Day_Orders"), b' tabSelected="1"')
bufa = bufb = b""
for x in ka:
    bufa += x
    while len(bufb) < len(bufa):
        y = next(kb, b"")
        if not y:
            break
        bufb += y
    n = min(len(bufa), len(bufb))
    if bufa[:n] != bufb[:n]:
        sys.exit("bare_xlsx's sheet differs from kpidesk's Current_Day_Orders")
    bufa, bufb = bufa[n:], bufb[n:]
if bufa or bufb or next(kb, b""):
    sys.exit("bare_xlsx's sheet differs from kpidesk's Current_Day_Orders")
print("bare_xlsx's sheet XML is kpidesk's Current_Day_Orders byte for byte (tab selection aside)")
PYEOF
ks=$(best <"$W/k.s")
kc=$(best <"$W/k.cpu")
bc=$(best <"$W/b.cpu")
mc=$(best <"$W/m.cpu")
kr=$(sort -n "$W/k.rss" | tail -1)
bs=$(best <"$W/b.s")
br=$(sort -n "$W/b.rss" | tail -1)
ms=$(best <"$W/m.s")
rows=$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM order_lines WHERE day = (SELECT max(day) FROM order_lines)").fetchone()[0])' "$KPIDESK_DB")
size=$(stat -c %s "$W/report1.xlsx")
bsize=$(stat -c %s "$W/bare.xlsx")
awk -v s="$ks" -v r="$kr" -v n="$rows" -v b="$size" -v bs="$bs" -v br="$br" \
    -v ms="$ms" -v bb="$bsize" -v k="$REPEAT" 'BEGIN {
	printf "fastest of %d:\n", k
	printf "kpidesk export write: Current_Day_Orders %d rows, workbook %.1f MB in %.2f s = %.0f rows/s, peak RSS %.1f MiB\n", n, b / 1e6, s, n / s, r / 1024
	printf "bare_xlsx (SELECT + libxlsxwriter): %.1f MB in %.2f s, peak RSS %.1f MiB\n", bb / 1e6, bs, br / 1024
	printf "bare_xlsx from memory (libxlsxwriter alone): %.2f s\n", ms
	printf "ratio kpidesk / bare: %.2fx (target <= 1.15x); kpidesk / bare from memory: %.2fx\n", s / bs, s / ms }'
awk -v k="$kc" -v b="$bc" -v m="$mc" 'BEGIN {
	printf "CPU seconds (user+sys, lowest): kpidesk %.2f, bare %.2f, bare from memory %.2f (the writing alone)\n", k, b, m
	printf "CPU ratio kpidesk / bare: %.2fx; kpidesk / bare from memory: %.2fx\n", k / b, k / m }'

if [ "${BENCH_EXPORT_PANDAS:-1}" != 0 ] && $PY -c 'import pandas, xlsxwriter' 2>/dev/null; then
	out=$($PY - "$W/day.csv" "$W/pandas.xlsx" <<'PYEOF'
import resource, sys, time
import pandas as pd
df = pd.read_csv(sys.argv[1], dtype={"order_id": str, "mobile_number": str,
    "order_date_time": str, "sku_id": str})
t0 = time.monotonic()
df.to_excel(sys.argv[2], sheet_name="Current_Day_Orders", index=False, engine="xlsxwriter")
t = time.monotonic() - t0
print("pandas to_excel seconds=%.3f rows=%d peak_rss_kib=%d"
      % (t, len(df), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
PYEOF
)
	echo "$out"
	ps=$(echo "$out" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
	awk -v p="$ps" -v k="$ks" 'BEGIN {
		printf "speed-up over pandas to_excel: %.1fx\n", p / k }'
elif [ "${BENCH_EXPORT_PANDAS:-1}" != 0 ]; then
	echo "pandas: not installed (apt-get install python3-pandas python3-xlsxwriter to compare)"
fi
