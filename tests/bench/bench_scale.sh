#!/bin/sh
# make bench-scale: the scale curve of issue 17 (DESIGN.md section 6). For
# each size in BENCH_SCALE_SIZES (order lines; default "1000000 10000000"),
# a fresh database with BENCH_SCALE_CUSTOMERS customers (default 100000)
# imports that many lines in one batch, then: import rate, its user+system
# CPU seconds (steadier than wall time on a loaded machine), peak RSS of the
# import, database size, `kpi all` time (cold, the first run after the
# import, and warm, the second), and a first-paint proxy without the TUI:
# `kpi repeat-customers --limit 40`, the query of the KPI screen's first
# tab for one screen of rows, with the process start and database open.
# After the table, `kpi all` per size again with each KPI's own time.
# Sizes of BENCH_SCALE_PIPE lines (default 20000000) and more are generated
# straight into `kpidesk import orders -` (no file on disk; the generator
# then shares the cores with the import, so that rate is a lower bound);
# smaller ones are generated to a file first. Free disk is checked first
# (about 175 bytes of database per line and a WAL as big until the batch's
# commit is checkpointed, 230 of XML for a file). Prints a table.
# Not part of `make check`.
#
#     BENCH_SCALE_SIZES="1000000 10000000 30000000" make bench-scale
set -eu
KP=${KPIDESK_BIN:-./kpidesk}
SRC=${KP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SIZES=${BENCH_SCALE_SIZES:-1000000 10000000}
CUSTOMERS=${BENCH_SCALE_CUSTOMERS:-100000}
PIPE=${BENCH_SCALE_PIPE:-20000000}
JOBS=${BENCH_SCALE_JOBS:-}
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
TIME=/usr/bin/time
[ -x $TIME ] || { echo "bench_scale: needs GNU time: apt-get install time"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/kpidesk-bscale-XXXXXX")
trap 'rm -rf "$W"' EXIT
printf 'bench password 1\n' >"$W/pw"
chmod 600 "$W/pw"
GEN="$SRC/tests/bench/gen.py"
JOBSARG=
[ -n "$JOBS" ] && JOBSARG="--jobs $JOBS"

echo "machine: $(nproc) cores online, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| lines | input | import s | import CPU s | lines/s | peak RSS MiB | DB MiB | kpi all cold s | kpi all warm s | first-paint proxy s |" >"$W/table"
echo "|---|---|---|---|---|---|---|---|---|---|" >>"$W/table"
: >"$W/kpis"

# secs CMD...: wall seconds of CMD (output dropped) under GNU time.
secs() {
	$TIME -f "%e %M" -o "$W/t" "$@" >/dev/null
	cut -d' ' -f1 "$W/t"
}

for n in $SIZES; do
	# The database and, until the commit's checkpoint, a WAL as big.
	need_kib=$((n * 420 / 1024 + 1048576))
	[ "$n" -lt "$PIPE" ] && need_kib=$((need_kib + n * 230 / 1024))
	free_kib=$(df -Pk "$W" | awk 'NR == 2 { print $4 }')
	if [ "$free_kib" -lt "$need_kib" ]; then
		echo "skip $n lines: $((free_kib / 1024)) MiB free in $W, about $((need_kib / 1024)) MiB needed"
		continue
	fi
	rm -f "$W"/kp.db* "$W/orders.xml"
	export KPIDESK_DB="$W/kp.db"
	"$KP" init --admin root --password-file "$W/pw" >/dev/null
	"$KP" user add ana --role analyst --password-file "$W/pw" >/dev/null
	"$KP" config set upload_max_bytes 0 >/dev/null
	if [ "$n" -ge "$PIPE" ]; then
		input=stdin
		$PY "$GEN" --customers "$CUSTOMERS" --orders 0 --out "$W" >/dev/null
		"$KP" import customers "$W/customers.csv" --user ana --password-file "$W/pw" >/dev/null
		echo "$n lines: generator | kpidesk import orders - $JOBSARG"
		# kpidesk's own time (from the generator's start, since it
		# waits for its lines) and peak RSS.
		$PY "$GEN" --customers "$CUSTOMERS" --orders "$n" --out "$W" --xml-stdout |
		    $TIME -f "%e %M %U %S" -o "$W/t" "$KP" import orders - --user ana \
		    --password-file "$W/pw" $JOBSARG >/dev/null
	else
		input=file
		$PY "$GEN" --customers "$CUSTOMERS" --orders "$n" --out "$W" >/dev/null
		rm -f "$W/orders.csv"
		"$KP" import customers "$W/customers.csv" --user ana --password-file "$W/pw" >/dev/null
		echo "$n lines: kpidesk import orders FILE $JOBSARG"
		$TIME -f "%e %M %U %S" -o "$W/t" "$KP" import orders "$W/orders.xml" --user ana \
		    --password-file "$W/pw" $JOBSARG >/dev/null
		rm -f "$W/orders.xml"
	fi
	set -- $(cat "$W/t")
	imp=$1 rss=$2 cpu=$(echo "$3 $4" | awk '{ print $1 + $2 }')
	db=$(du -k "$W/kp.db" | cut -f1)
	cold=$(secs "$KP" kpi all --format json)
	warm=$(secs "$KP" kpi all --format json)
	paint=$(secs "$KP" kpi repeat-customers --limit 40)
	# Each KPI alone (warm, process start included): which one costs.
	each=
	for k in repeat-customers daily-trend monthly-trend regional-revenue top-spenders; do
		each="$each $k $(secs "$KP" kpi "$k" --format json)"
	done
	echo "$n lines, kpi all cold $cold s, warm $warm s; each KPI:$each (load average $(cut -d' ' -f1-3 /proc/loadavg))" >>"$W/kpis"
	line=$(awk -v n="$n" -v inp="$input" -v s="$imp" -v u="$cpu" -v r="$rss" -v d="$db" -v c="$cold" -v w="$warm" -v p="$paint" \
	    'BEGIN { printf "| %d | %s | %.1f | %.1f | %.0f | %.1f | %.0f | %.2f | %.2f | %.2f |", n, inp, s, u, n / s, r / 1024, d / 1024, c, w, p }')
	echo "$line"
	echo "$line" >>"$W/table"
	rm -f "$W"/kp.db*
done
echo
echo "kpidesk scale curve (jobs: ${JOBS:-default}), $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$W/table"
echo
cat "$W/kpis"
