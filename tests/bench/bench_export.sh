#!/bin/sh
# make bench: export benchmark (DESIGN.md section 6). Puts 1M order lines on
# ONE day (so Current_Day_Orders has 1M rows), imports them, times
# `kpidesk export` (request + approval + workbook in constant-memory mode)
# with its peak RSS, and in the same run, when python3-pandas is importable,
# pandas `DataFrame.to_excel` with the xlsxwriter engine on the same rows.
# Prints measured figures and the ratio. Not part of `make check`.
set -eu
KP=${KPIDESK_BIN:-./kpidesk}
SRC=${KP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CUSTOMERS=${BENCH_CUSTOMERS:-10000}
LINES=${BENCH_EXPORT_LINES:-1000000}
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
W=$(mktemp -d "${TMPDIR:-/tmp}/kpidesk-bench-export-XXXXXX")
trap 'rm -rf "$W"' EXIT
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
printf 'bench password 1\n' >"$W/pw"
printf 'bench approver 1\n' >"$W/pw2"
chmod 600 "$W/pw" "$W/pw2"
"$KP" init --admin root --password-file "$W/pw" >/dev/null
"$KP" user add ana --role analyst --password-file "$W/pw" >/dev/null
"$KP" user add bob --role approver --password-file "$W/pw2" >/dev/null
"$KP" import customers "$W/customers.csv" --user ana --password-file "$W/pw" >/dev/null
res=$($M import "$KP" import orders "$W/day.xml" --user ana --password-file "$W/pw")
echo "$res (setup, not the benchmark)"

res=$($M kpidesk_export "$KP" export --user ana --approver bob \
    --password-file "$W/pw" --approver-password-file "$W/pw2" --out "$W/report.xlsx")
echo "$res"
ks=$(echo "$res" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
kr=$(echo "$res" | sed -n 's/.*peak_rss_kib=\([0-9]*\).*/\1/p')
rows=$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM order_lines WHERE day = (SELECT max(day) FROM order_lines)").fetchone()[0])' "$KPIDESK_DB")
size=$(stat -c %s "$W/report.xlsx")
awk -v s="$ks" -v r="$kr" -v n="$rows" -v b="$size" 'BEGIN {
	printf "kpidesk export: Current_Day_Orders %d rows, workbook %.1f MB in %.2f s = %.0f rows/s, peak RSS %.1f MiB\n", n, b / 1e6, s, n / s, r / 1024 }'

if $PY -c 'import pandas, xlsxwriter' 2>/dev/null; then
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
		printf "speed-up over pandas to_excel: %.1fx (target >= 10x)\n", p / k }'
else
	echo "pandas: not installed (apt-get install python3-pandas python3-xlsxwriter to compare)"
fi
