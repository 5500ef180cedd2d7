#!/bin/sh
# KPIs from the command line: `kpidesk kpi all --format json` equals the
# independent oracle (tests/data/expected.py) on the sample data at the
# default as_of and at past days; the JSON, CSV and table formats; --limit,
# --period; usage errors; no orders yet.
# Covers: report/kpi, report/kpi_def, report/render, app/cli_report.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need python3

PY=/usr/bin/python3
[ -x $PY ] || PY=python3
DATA="$SRCDIR/data"
PW=$(secret pw 'analyst password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 1 kpi all
expect err 'no orders loaded yet'
ok "no orders: a clear refusal"

run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"

for day in "" 2025-07-02 2025-08-15 2025-09-01 2025-10-01 2025-12-01; do
	if [ -z "$day" ]; then
		run 0 kpi all --format json
		$PY "$SRCDIR/tests/data/expected.py" --kpi all >"$T/oracle.json"
	else
		run 0 kpi all --format json --as-of "$day"
		$PY "$SRCDIR/tests/data/expected.py" --kpi all --as-of "$day" >"$T/oracle.json"
	fi
	$PY - "$T/out" "$T/oracle.json" <<'PYEOF' || fail "KPIs differ from the oracle at '${day:-default}'"
import json, sys
ours, oracle = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert list(ours) == list(oracle), list(ours)
for name in oracle:
    assert ours[name] == oracle[name], (name, ours[name]["rows"][:3], oracle[name]["rows"][:3])
PYEOF
done
ok "all five KPIs equal the oracle at the default as_of and five past days"

# The same orders with each line's own amount (the other reading): read as
# line amounts, the same KPIs, equal to the oracle's on that file too.
LINEDB="$T/lines.db"
KPIDESK_DB=$LINEDB run 0 init --admin root --password-file "$PW"
KPIDESK_DB=$LINEDB run 0 user add ana --role analyst --password-file "$PW"
KPIDESK_DB=$LINEDB run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW"
KPIDESK_DB=$LINEDB run 0 import orders "$SRCDIR/tests/data/orders_line_amounts.xml" --user ana --password-file "$PW" --format json
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["amount_scope"]=="line", d' "$T/out" ||
    fail "the line-amounts file is not read as line amounts"
KPIDESK_DB=$LINEDB run 0 kpi all --format json
cp "$T/out" "$T/lines.json"
$PY "$SRCDIR/tests/data/expected.py" --orders "$SRCDIR/tests/data/orders_line_amounts.xml" --kpi all >"$T/oracle.json" 2>/dev/null
run 0 kpi all --format json
$PY - "$T/lines.json" "$T/oracle.json" "$T/out" <<'PYEOF' || fail "line-amount KPIs differ"
import json, sys
ours, oracle, totals = (json.load(open(p)) for p in sys.argv[1:4])
assert ours == oracle, [n for n in oracle if ours[n] != oracle[n]]
# Both readings of the same orders give the same report.
assert ours == totals, [n for n in ours if ours[n] != totals[n]]
PYEOF
ok "the line-amounts file: read as lines, KPIs equal the oracle and the totals file"

run 0 kpi top-spenders --format json --limit 3
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["kpi"]=="top-spenders" and d["as_of"]=="2025-10-13"; assert d["columns"]==["rank","customer_id","customer_name","total_spend"]; assert [r[0] for r in d["rows"]]==[1,2,3]; assert all(isinstance(r[3], str) and r[3].count(".")==1 and len(r[3].split(".")[1])==2 for r in d["rows"])' "$T/out" ||
    fail "top-spenders JSON shape"
ok "JSON shape: counts are numbers, money is a 2-decimal string, --limit"

run 0 kpi monthly-trend --format csv
expect out '^"month","orders","revenue"'
grep -q change "$T/out" && fail "CSV must hold only the contract columns"
run 0 kpi monthly-trend
expect out 'change'
expect out '^2025-08 +86 +541644\.28 +-34\.1%'
run 0 kpi regional-revenue --period 30d
expect out 'period: 30d'
run 0 kpi daily-trend --as-of 2025-07-03
expect out '^2025-07-02 +3 +5232\.50'
ok "CSV, table with extras, --period"

run 2 kpi nonsense
run 2 kpi all --as-of 2025-13-01
run 2 kpi all --format xml
run 2 kpi all --period year
ok "usage errors"

# --chart draws below the table: bars for regions, columns for trends; 80
# cells wide when stdout is not a terminal; ASCII where the locale is not UTF-8.
LC_ALL=C run 0 kpi regional-revenue --chart
expect out '^South +#+ 830454\.71$'
LC_ALL=C.UTF-8 run 0 kpi daily-trend --chart
expect out '│'
expect out '2025-07-01 .* 2025-10-12'
$PY -c 'import sys; sys.exit(any(len(l.rstrip("\n")) > 80 for l in open(sys.argv[1], encoding="utf-8")))' "$T/out" ||
    fail "a chart line is wider than 80"
ok "--chart in UTF-8 and ASCII"
