#!/bin/sh
# make bench: import benchmark (DESIGN.md section 6). Generates 100k customers
# and 1M order lines, imports them with kpidesk, and in the same run times
# `sqlite3 .import` of the same order rows as CSV and, when python3-pandas is
# installed, the same steps in pandas. Prints measured figures and ratios.
# Not part of `make check`: it takes about a minute.
set -eu
KP=${KPIDESK_BIN:-./kpidesk}
SRC=${KP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CUSTOMERS=${BENCH_CUSTOMERS:-100000}
ORDERS=${BENCH_ORDERS:-1000000}
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
W=$(mktemp -d "${TMPDIR:-/tmp}/kpidesk-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
M="$PY $SRC/tests/bench/measure.py"

echo "generating $CUSTOMERS customers and $ORDERS order lines in $W"
$PY "$SRC/tests/bench/gen.py" --customers "$CUSTOMERS" --orders "$ORDERS" --out "$W" >/dev/null
export KPIDESK_DB="$W/kp.db"
printf 'bench password 1\n' >"$W/pw"
chmod 600 "$W/pw"
"$KP" init --admin root --password-file "$W/pw" >/dev/null
"$KP" user add ana --role analyst --password-file "$W/pw" >/dev/null
"$KP" audit list >/dev/null

res=$($M customers "$KP" import customers "$W/customers.csv" --user ana --password-file "$W/pw")
echo "$res"
cs=$(echo "$res" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
res=$($M orders "$KP" import orders "$W/orders.xml" --user ana --password-file "$W/pw")
echo "$res"
os=$(echo "$res" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
orss=$(echo "$res" | sed -n 's/.*peak_rss_kib=\([0-9]*\).*/\1/p')

# The task's shape: each order's total repeated on its lines (read as order
# totals), the same orders in a second database, for the ratio.
$PY "$SRC/tests/bench/gen.py" --customers "$CUSTOMERS" --orders "$ORDERS" --out "$W/tot" --order-totals >/dev/null
KPIDESK_DB="$W/tot.db" "$KP" init --admin root --password-file "$W/pw" >/dev/null
KPIDESK_DB="$W/tot.db" "$KP" user add ana --role analyst --password-file "$W/pw" >/dev/null
KPIDESK_DB="$W/tot.db" "$KP" import customers "$W/customers.csv" --user ana --password-file "$W/pw" >/dev/null
res=$(KPIDESK_DB="$W/tot.db" $M orders_totals "$KP" import orders "$W/tot/orders.xml" --user ana --password-file "$W/pw")
echo "$res"
ts=$(echo "$res" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
awk -v t="$ts" -v s="$os" 'BEGIN { printf "order totals / line amounts import time: %.2fx\n", t / s }'
rm -rf "$W/tot" "$W/tot.db"*

xml_mb=$(stat -c %s "$W/orders.xml")
csv_mb=$(stat -c %s "$W/orders.csv")
res=$($M sqlite3_import sqlite3 "$W/baseline.db" ".mode csv" ".import $W/orders.csv orders")
echo "$res"
ss=$(echo "$res" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')

awk -v n="$ORDERS" -v s="$os" -v b="$xml_mb" -v c="$csv_mb" -v q="$ss" -v r="$orss" -v cs="$cs" 'BEGIN {
	printf "kpidesk orders: %d lines in %.2f s = %.0f rows/s, %.1f MB/s of XML, peak RSS %.1f MiB\n", n, s, n / s, b / 1e6 / s, r / 1024
	printf "sqlite3 .import of the same rows as CSV (%.1f MB): %.2f s = %.0f rows/s\n", c / 1e6, q, n / q
	printf "ratio kpidesk / sqlite3 .import: %.2fx (target <= 2x)\n", s / q
	printf "peak RSS target 64 MiB: %s\n", (r / 1024 < 64) ? "met" : "missed"
	printf "kpidesk customers + orders: %.2f s\n", cs + s
}'

if $PY -c 'import pandas' 2>/dev/null; then
	out=$($PY "$SRC/tests/bench/pandas_baseline.py" --dir "$W" --db "$W/pandas.db" 2>&1 | grep -E "pandas_import_s|not installed" | tail -1)
	echo "pandas: $out"
	ps=$(echo "$out" | sed -n 's/.*pandas_import_s=\([0-9.]*\).*/\1/p')
	[ -n "$ps" ] && awk -v p="$ps" -v k="$os" -v c="$cs" 'BEGIN {
		printf "speed-up over pandas: %.1fx (target >= 20x)\n", p / (k + c) }'
else
	echo "pandas: not installed (apt-get install python3-pandas to compare)"
fi
