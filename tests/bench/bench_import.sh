#!/bin/sh
# make bench-import (also part of make bench): the orders import against
# the XML parser alone (DESIGN.md section 6, issue 17: at most 1.3x the
# time of xmlwf on the same file, peak RSS under 64 MiB), side by side in
# one run: xmlwf, kpidesk --jobs 1 (serial), kpidesk with the default jobs
# (here 2: the parse on one thread of its own beside the writer), --jobs 3
# and 4 (the file cut into chunks parsed by 2 and 3 expat parsers beside
# the writer), and the default through standard input (never cut). Each is
# run BENCH_REPEAT times (default 2), alternating, and the fastest counts.
# In the same rounds, the floor: tests/bench/bench_floor inserts the rows
# the default import stored, already parsed, into a new kpidesk database
# (the least any importer storing them in SQLite can take). Prints wall,
# user and system seconds and peak RSS per run, then a table and the
# ratios import/xmlwf, import/floor and floor/xmlwf.
# Not part of `make check`.
#
#     BENCH_ORDERS=1000000 sh tests/bench/bench_import.sh
set -eu
KP=${KPIDESK_BIN:-./kpidesk}
SRC=${KP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
ORDERS=${BENCH_ORDERS:-1000000}
CUSTOMERS=${BENCH_CUSTOMERS:-100000}
REPEAT=${BENCH_REPEAT:-2}
FLOOR=${BENCH_FLOOR:-$(dirname "$KP")/tests/bench/bench_floor}
[ -x "$FLOOR" ] || { echo "bench_import: no $FLOOR: make tests/bench/bench_floor"; exit 1; }
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
TIME=/usr/bin/time
[ -x $TIME ] || { echo "bench_import: needs GNU time: apt-get install time"; exit 1; }
command -v xmlwf >/dev/null 2>&1 || { echo "bench_import: needs xmlwf: apt-get install expat"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/kpidesk-bimp-XXXXXX")
trap 'rm -rf "$W"' EXIT

echo "generating $CUSTOMERS customers and $ORDERS order lines in $W"
$PY "$SRC/tests/bench/gen.py" --customers "$CUSTOMERS" --orders "$ORDERS" --out "$W" >/dev/null
rm -f "$W/orders.csv"
printf 'bench password 1\n' >"$W/pw"
chmod 600 "$W/pw"
echo "machine: $(nproc) cores online, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# fresh: a database with an analyst and the customers, no upload limit.
fresh() {
	rm -f "$W"/kp.db*
	export KPIDESK_DB="$W/kp.db"
	"$KP" init --admin root --password-file "$W/pw" >/dev/null
	"$KP" user add ana --role analyst --password-file "$W/pw" >/dev/null
	"$KP" config set upload_max_bytes 0 >/dev/null
	"$KP" import customers "$W/customers.csv" --user ana --password-file "$W/pw" >/dev/null
}

# timed LABEL CMD...: run CMD under GNU time; "LABEL wall user sys rss_kib"
# goes to $W/runs.
timed() {
	label=$1
	shift
	$TIME -f "%e %U %S %M" -o "$W/t" "$@" >/dev/null
	set -- $(cat "$W/t")
	echo "$label $*" >>"$W/runs"
	printf '%-14s wall %6.2f s  user %6.2f s  sys %5.2f s  peak RSS %6.1f MiB  load %s\n' \
	    "$label" "$1" "$2" "$3" "$(echo "$4" | awk '{ print $1 / 1024 }')" \
	    "$(cut -d' ' -f1 /proc/loadavg)"
}

# floor DB: time bench_floor on the rows DB holds; "floor wall cpu 0 0".
floor() {
	f=$("$FLOOR" "$1" "$W/floor.db") || exit 1
	set -- $(echo "$f" | sed 's/[a-z]*=//g')
	echo "floor $2 $3 0 0" >>"$W/runs"
	printf '%-14s wall %6.2f s  cpu  %6.2f s  (%s)\n' floor "$2" "$3" "$f"
}

: >"$W/runs"
i=0
while [ $i -lt "$REPEAT" ]; do
	timed xmlwf xmlwf "$W/orders.xml"
	fresh
	timed jobs1 "$KP" import orders "$W/orders.xml" --user ana --password-file "$W/pw" --jobs 1
	fresh
	timed default "$KP" import orders "$W/orders.xml" --user ana --password-file "$W/pw"
	floor "$W/kp.db"
	fresh
	timed jobs3 "$KP" import orders "$W/orders.xml" --user ana --password-file "$W/pw" --jobs 3
	fresh
	timed jobs4 "$KP" import orders "$W/orders.xml" --user ana --password-file "$W/pw" --jobs 4
	fresh
	timed stdin sh -c '"$0" import orders - --user ana --password-file "$1" <"$2"' \
	    "$KP" "$W/pw" "$W/orders.xml"
	i=$((i + 1))
done

awk -v n="$ORDERS" -v jobs="$(nproc)" '
	!($1 in best) || $2 < best[$1] { best[$1] = $2; rss[$1] = $5 }
	!($1 in cpu) || $3 + $4 < cpu[$1] { cpu[$1] = $3 + $4 }
	END {
		x = best["xmlwf"]
		printf "\n%d order lines, fastest of each (default jobs = %d cores, at most 8)\n", n, jobs
		printf "| run | seconds | lines/s | x xmlwf | peak RSS MiB |\n|---|---|---|---|---|\n"
		split("xmlwf jobs1 default jobs3 jobs4 stdin floor", order, " ")
		for (i = 1; i <= 7; i++) {
			k = order[i]
			printf "| %s | %.2f | %.0f | %.2f | %s |\n", k, best[k], n / best[k], best[k] / x,
			    k == "floor" ? "-" : sprintf("%.1f", rss[k] / 1024)
		}
		printf "target: import <= 1.3x xmlwf: %s (%.2fx); peak RSS < 64 MiB: %s\n",
		    best["default"] <= 1.3 * x ? "met" : "missed", best["default"] / x,
		    rss["default"] < 65536 ? "met" : "missed"
		printf "speed-up over --jobs 1: default %.2fx, jobs3 (cut, 2 parsers) %.2fx, jobs4 (cut, 3 parsers) %.2fx\n",
		    best["jobs1"] / best["default"], best["jobs1"] / best["jobs3"], best["jobs1"] / best["jobs4"]
		printf "ratios: import/xmlwf %.2f, import/floor %.2f, floor/xmlwf %.2f (1.3x xmlwf is %s the floor)\n",
		    best["default"] / x, best["default"] / best["floor"], best["floor"] / x,
		    best["floor"] <= 1.3 * x ? "above" : "below"
		printf "CPU seconds (user+system, least of the runs; steadier on a busy host): xmlwf %.2f, jobs1 %.2f, default %.2f, jobs3 %.2f, jobs4 %.2f, floor %.2f\n",
		    cpu["xmlwf"], cpu["jobs1"], cpu["default"], cpu["jobs3"], cpu["jobs4"], cpu["floor"]
		printf "CPU ratios: default/xmlwf %.2f, default/floor %.2f, floor/xmlwf %.2f\n",
		    cpu["default"] / cpu["xmlwf"], cpu["default"] / cpu["floor"], cpu["floor"] / cpu["xmlwf"]
	}' "$W/runs"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
