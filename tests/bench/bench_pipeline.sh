#!/bin/sh
# make bench / make bench-pipeline: the whole pipeline of issue 17 and
# DESIGN.md section 6 (target: kpidesk at least 10x faster than the
# notebook's pandas stack on the same files). Generates BENCH_CUSTOMERS
# (default 50000) customers and BENCH_ORDERS (default 500000) order lines
# with tests/bench/gen.py, then in rounds (BENCH_REPEAT, default 3), one
# after the other so the machine's load hits both alike:
#   - kpidesk, each step its own process as a user would run it, into a
#     fresh database (init and accounts not timed): import customers,
#     import orders, kpi all, export request, export approve (a second
#     person), export write;
#   - tests/bench/pandas_baseline.py --export: the same import steps, the
#     five KPIs and the workbook with DataFrame.to_excel.
# Prints each round's step times with the load average, the fastest round
# of each side and the ratio, and (with python3-openpyxl) checks that both
# workbooks' KPI, Customers and day sheets hold the same values. Needs python3-pandas (the kpidesk side runs
# without it); to_excel's engine is pandas' default (xlsxwriter when
# python3-xlsxwriter is installed, else openpyxl) or BENCH_PANDAS_ENGINE.
# BENCH_PIPELINE_KEEP=DIR keeps the files in DIR.
# Not part of `make check`.
set -eu
KP=${KPIDESK_BIN:-./kpidesk}
SRC=${KP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CUSTOMERS=${BENCH_CUSTOMERS:-50000}
ORDERS=${BENCH_ORDERS:-500000}
REPEAT=${BENCH_REPEAT:-3}
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
if [ -n "${BENCH_PIPELINE_KEEP:-}" ]; then
	W=$BENCH_PIPELINE_KEEP
	mkdir -p "$W"
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/kpidesk-bench-pipeline-XXXXXX")
	trap 'rm -rf "$W"' EXIT
fi
M="$PY $SRC/tests/bench/measure.py"
load() { cut -d' ' -f1-3 /proc/loadavg; }
secs() { sed -n 's/.*seconds=\([0-9.]*\).*/\1/p'; }
# user + sys of a measure.py line
cpu() { awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=");
    if (kv[1] == "user" || kv[1] == "sys") c += kv[2] }; printf "%.2f\n", c }'; }

echo "generating $CUSTOMERS customers and $ORDERS order lines in $W"
$PY "$SRC/tests/bench/gen.py" --customers "$CUSTOMERS" --orders "$ORDERS" \
    --out "$W" >/dev/null
printf 'bench password 1\n' >"$W/pw"
printf 'bench approver 1\n' >"$W/pw2"
chmod 600 "$W/pw" "$W/pw2"
have_pandas=0
$PY -c 'import pandas' 2>/dev/null && have_pandas=1
[ $have_pandas = 1 ] ||
    echo "pandas: not installed (apt-get install python3-pandas python3-openpyxl to compare)"

# One timed step: its line on stdout, its seconds added to $W/round.
step() {
	label=$1
	shift
	# shellcheck disable=SC2086 # "--out FILE LABEL" splits on purpose
	res=$($M $label "$@")
	echo "  $res"
	echo "$res" | secs >>"$W/round"
	echo "$res" | cpu >>"$W/round.cpu"
}

# kpidesk's pipeline into a fresh database; prints the round's total.
kpidesk_round() {
	rm -f "$W"/kp.db* "$W/round" "$W/round.cpu" "$W/report.xlsx"
	rm -rf "$W/exports"
	export KPIDESK_DB="$W/kp.db"
	"$KP" init --admin root --password-file "$W/pw" >/dev/null
	"$KP" user add ana --role analyst --password-file "$W/pw" >/dev/null
	"$KP" user add bob --role approver --password-file "$W/pw2" >/dev/null
	step customers "$KP" import customers "$W/customers.csv" --user ana \
	    --password-file "$W/pw"
	step orders "$KP" import orders "$W/orders.xml" --user ana \
	    --password-file "$W/pw"
	step kpi_all "$KP" kpi all --format json
	step "--out $W/req export_request" "$KP" export request --user ana \
	    --password-file "$W/pw"
	req=$(sed -n 's/^request \([0-9]*\)$/\1/p' "$W/req")
	step export_approve "$KP" export approve "$req" --user bob \
	    --password-file "$W/pw2"
	step export_write "$KP" export write "$req" --user ana \
	    --password-file "$W/pw" --out "$W/report.xlsx"
	awk '{ s += $1 } END { printf "%.3f\n", s }' "$W/round" >"$W/total"
	awk '{ s += $1 } END { printf " %.2f\n", s }' "$W/round.cpu" >>"$W/total"
	tr -d '\n' <"$W/total"
	echo
}

rm -f "$W/k.s" "$W/k.cpu" "$W/p.s" "$W/pi.s" "$W/p.cpu"
echo "load average at the start: $(load)"
r=1
while [ "$r" -le "$REPEAT" ]; do
	echo "round $r: kpidesk (load $(load))"
	kpidesk_round >"$W/kout"
	sed '$d' "$W/kout"
	t=$(tail -1 "$W/kout" | cut -d' ' -f1)
	c=$(tail -1 "$W/kout" | cut -d' ' -f2)
	echo "  kpidesk_pipeline seconds=$t cpu=$c load=$(load)"
	echo "$t" >>"$W/k.s"
	echo "$c" >>"$W/k.cpu"
	if [ $have_pandas = 1 ]; then
		echo "round $r: pandas (load $(load))"
		res=$($M --out "$W/pout" pandas_process "$PY" \
		    "$SRC/tests/bench/pandas_baseline.py" --dir "$W" \
		    --db "$W/pandas.db" --export "$W/pandas.xlsx" \
		    ${BENCH_PANDAS_ENGINE:+--engine "$BENCH_PANDAS_ENGINE"} 2>/dev/null)
		out=$(cat "$W/pout")
		echo "$out" | sed 's/^/  /'
		echo "  $res (python3 start and imports included)"
		echo "$res" | cpu >>"$W/p.cpu"
		echo "  load=$(load)"
		echo "$out" | sed -n 's/.*pandas_pipeline_s=\([0-9.]*\).*/\1/p' >>"$W/p.s"
		echo "$out" | sed -n 's/.*pandas_import_s=\([0-9.]*\).*/\1/p' >>"$W/pi.s"
	fi
	r=$((r + 1))
done
echo "load average at the end: $(load)"
# The baseline must do the same work: its data sheets hold kpidesk's values.
if [ $have_pandas = 1 ] && $PY -c 'import openpyxl' 2>/dev/null; then
	$PY - "$W/report.xlsx" "$W/pandas.xlsx" <<'PYEOF'
import sys
import openpyxl
a = openpyxl.load_workbook(sys.argv[1], read_only=True)
b = openpyxl.load_workbook(sys.argv[2], read_only=True)
for name in ("KPI_Repeat_Customers", "KPI_Daily_Trend", "KPI_Monthly_Trend",
             "KPI_Regional_Revenue", "KPI_Top_Spenders", "Customers",
             "Current_Day_Orders", "Previous_Day_Orders"):
    if list(a[name].iter_rows(values_only=True)) != list(b[name].iter_rows(values_only=True)):
        sys.exit("pandas' sheet %s differs from kpidesk's" % name)
print("pandas' KPI, Customers and day sheets hold kpidesk's values")
PYEOF
fi
ks=$(sort -n "$W/k.s" | head -1)
echo "fastest of $REPEAT: kpidesk whole pipeline $ks s (the sum of its steps)"
if [ $have_pandas = 1 ]; then
	ps=$(sort -n "$W/p.s" | head -1)
	pi=$(sort -n "$W/pi.s" | head -1)
	awk -v k="$ks" -v p="$ps" -v i="$pi" 'BEGIN {
		printf "fastest of pandas: whole pipeline %.2f s (import steps %.2f s)\n", p, i
		printf "speed-up over pandas, whole pipeline: %.1fx (target >= 10x)\n", p / k }'
	awk -v k="$(sort -n "$W/k.cpu" | head -1)" -v p="$(sort -n "$W/p.cpu" | head -1)" 'BEGIN {
		printf "CPU seconds (user+sys, lowest): kpidesk %.2f (all steps, process starts included), pandas %.2f (the whole python3 process): %.1fx\n", k, p, p / k }'
fi
