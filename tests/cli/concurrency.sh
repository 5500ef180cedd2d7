#!/bin/sh
# Two kpidesk processes on one database at once (issue #8): a writer imports
# four order files while a second process reads (kpi all, check, history
# list, plus a plain sqlite3 count) and imports its own three files in
# between. Both finish with status 0, nothing is lost, and no reader ever
# sees part of a batch: each count it observes is a sum of whole batches.
# shellcheck source=tests/lib.sh
# Covers: store/db, ingest/import, report/kpi.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need sqlite3 python3

PW=$(secret pw 'analyst password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add bob --role analyst --password-file "$PW"

# gen_orders N PREFIX FILE: N one-line orders with ids PREFIX1.., over ten
# days of September 2025 (inside every KPI window).
gen_orders() {
	awk -v n="$1" -v p="$2" 'BEGIN {
		print "<orders>"
		for (i = 0; i < n; i++)
			printf "<order><order_id>%s%d</order_id><mobile_number>9%09d</mobile_number><order_date_time>2025-09-%02dT10:%02d:00</order_date_time><sku_id>S%d</sku_id><sku_count>1</sku_count><total_amount>%d</total_amount></order>\n", p, i, i % 5000, i % 10 + 1, i % 60, i % 7, 100 + i % 50
		print "</orders>"
	}' >"$3"
}

# Sizes chosen so that no sum of a part of a batch can pass for whole ones
# by chance in this run (any count not in the allowed set fails);
# KP_CONC_SCALE divides them (valgrind).
SCALE=${KP_CONC_SCALE:-1}
scaled() {
	echo "$@" | awk -v s="$SCALE" '{ for (i = 1; i <= NF; i++) printf "%s%d", (i > 1 ? " " : ""), $i / s; print "" }'
}
A_SIZES=$(scaled 20011 30013 40009 50021)
B_SIZES=$(scaled 1009 2003 3001)
Z=$((5003 / SCALE))
gen_orders $Z Z "$T/z.xml"
run 0 import orders "$T/z.xml" --user ana --password-file "$PW"
i=0
for n in $A_SIZES; do
	i=$((i + 1))
	gen_orders "$n" "A$i-" "$T/a$i.xml"
done
i=0
for n in $B_SIZES; do
	i=$((i + 1))
	gen_orders "$n" "B$i-" "$T/b$i.xml"
done
# Every count a reader may see: the first batch plus a prefix of A's batches
# plus a prefix of B's (each process imports in order).
ALLOWED=$(awk -v a="$A_SIZES" -v b="$B_SIZES" -v z=$Z 'BEGIN {
	na = split(a, A, " "); nb = split(b, B, " ")
	pa = z
	for (i = 0; i <= na; i++) {
		if (i > 0) pa += A[i]
		pb = 0
		for (j = 0; j <= nb; j++) {
			if (j > 0) pb += B[j]
			printf " %d", pa + pb
		}
	}
}')
TOTAL=$(echo "$Z $A_SIZES $B_SIZES" | tr ' ' '\n' | awk '{ s += $1 } END { print s }')

# The writer: A's four files, one after the other.
(
	i=0
	for n in $A_SIZES; do
		i=$((i + 1))
		"$KP" import orders "$T/a$i.xml" --user ana --password-file "$PW" \
		    >"$T/a$i.out" 2>&1 || { echo "a$i exited $?" >>"$T/errors"; }
	done
	touch "$T/a.done"
) &
writer=$!

# The second process, until the writer is done (and at least once through
# all its work): reads between its own imports.
obs=0 round=0 b=0
: >"$T/observed"
while [ ! -f "$T/a.done" ] || [ $b -lt 3 ] || [ $round -lt 3 ]; do
	round=$((round + 1))
	[ $round -lt 400 ] || fail "the writer did not finish"
	# A reader may meet the moment the writer's last connection closes
	# and folds the WAL back (a brief exclusive lock): it waits, as
	# kpidesk's own connections do (busy_timeout); sqlite3 has none.
	sqlite3 -batch -cmd '.timeout 10000' "$KPIDESK_DB" \
	    'SELECT count(*) FROM order_lines' >>"$T/observed" ||
	    fail "sqlite3 could not read while kpidesk wrote"
	"$KP" kpi all --format json >"$T/kpi.json" 2>"$T/kpi.err" ||
	    fail "kpi all exited $? while another process imported: $(cat "$T/kpi.err")"
	# daily-trend: one line per order here, so its orders are the lines.
	# Every KPI of one `kpi all` is of the same moment: the monthly and
	# regional orders add up to the daily ones.
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
n = sum(r[1] for r in d["daily-trend"]["rows"])
assert n == sum(r[1] for r in d["monthly-trend"]["rows"]) == sum(r[1] for r in d["regional-revenue"]["rows"]), "KPIs of different moments"
print(n)' "$T/kpi.json" >>"$T/observed" ||
	    fail "kpi all printed no JSON, or KPIs of different moments"
	"$KP" check --format json >"$T/check.out" 2>&1 ||
	    fail "check exited $? while another process imported: $(tail -2 "$T/check.out")"
	"$KP" history list >"$T/hist.out" 2>&1 ||
	    fail "history list exited $? while another process imported: $(tail -2 "$T/hist.out")"
	[ $round != 1 ] || [ ! -f "$T/a.done" ] ||
	    fail "the writer finished before the first reads: nothing overlapped"
	if [ $b -lt 3 ] && [ $((round % 2)) = 0 ]; then
		b=$((b + 1))
		"$KP" import orders "$T/b$b.xml" --user bob --password-file "$PW" \
		    >"$T/b$b.out" 2>&1 ||
		    fail "the second process's import b$b exited $?: $(tail -2 "$T/b$b.out")"
		expect "b$b.out" "loaded $(echo "$B_SIZES" | cut -d' ' -f$b),"
	fi
done
wait $writer
[ ! -s "$T/errors" ] || fail "the writer failed: $(cat "$T/errors") $(cat "$T"/a*.out)"
i=0
for n in $A_SIZES; do
	i=$((i + 1))
	expect "a$i.out" "loaded $n,"
done
ok "a writer and a reader-importer ran at once, every command exited 0 ($round rounds)"

obs=$(wc -l <"$T/observed")
while read -r c; do
	case " $ALLOWED " in
	*" $c "*) ;;
	*) fail "a reader saw $c order lines, not a sum of whole batches ($ALLOWED)" ;;
	esac
done <"$T/observed"
mid=$(sort -u "$T/observed" | grep -cvx -e $Z -e "$TOTAL")
ok "$obs observations, each a sum of whole batches ($mid distinct in-between states)"

[ "$(sqlite3 "$KPIDESK_DB" 'SELECT count(*) FROM order_lines')" = "$TOTAL" ] ||
    fail "lines lost: $(sqlite3 "$KPIDESK_DB" 'SELECT count(*) FROM order_lines') of $TOTAL"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM batches WHERE status = 'committed'")" = 8 ] ||
    fail "not 8 committed batches"
[ -z "$(sqlite3 "$KPIDESK_DB" "SELECT id FROM batches b WHERE rows_loaded <>
    (SELECT count(*) FROM order_lines l WHERE l.batch_id = b.id)")" ] ||
    fail "a batch holds other than rows_loaded lines"
[ "$(sqlite3 "$KPIDESK_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
run 0 audit verify
run 0 history verify
ok "nothing lost: $TOTAL lines in 8 batches, audit chain and history verify"
