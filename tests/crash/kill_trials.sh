#!/usr/bin/env bash
# Crash trials (DESIGN.md section 6, issue #8): start `kpidesk import orders`,
# `import customers`, `history snapshot` or a four-eyes `export`, kill it with
# SIGKILL at a random moment, and check that the database and the export
# folder are in a state a crash may leave:
#   - PRAGMA integrity_check is ok, PRAGMA foreign_key_check finds nothing;
#   - every batch is whole or absent: the killed batch either is committed
#     with all the file's rows (rows_loaded = the rows of the file, and that
#     many order lines or current customers) or left no trace at all; every
#     committed batch holds exactly rows_loaded lines (orders) or rows_loaded
#     customer versions valid at it (customers), has its proof and its one
#     import audit entry; no line or customer belongs to a batch that is not
#     committed; day_totals equal the order lines they summarize;
#   - each snapshot is whole (its 5 KPI results) and `history verify` passes;
#   - `kpidesk audit verify` exits 0;
#   - the export's final name holds nothing, what it held before, or a
#     complete workbook whose SHA-256 is recorded in the exports table;
#   - the database accepts the next operation (a small import).
#
# Parameters (environment):
#   KP_CRASH_TRIALS     number of trials (6)
#   KP_CRASH_SEED       random seed; printed, set it to replay a run's choices
#   KP_CRASH_ORDERS     order lines per file, at most (40000); each file has
#                       between half and all of it
#   KP_CRASH_CUSTOMERS  customers per master file, at most (8000)
#   KP_CRASH_KINDS      trial kinds, in turn (orders customers snapshot export)
#   KP_CRASH_TARGETED   1: one export trial in four waits for the final name
#                       to appear and kills right then (the rename/record
#                       window) instead of at a random time; 2: every one
#   KP_CRASH_KEEP_GOING 1: count failed trials and go on (benchmark), else
#                       stop at the first
#   KP_CRASH_KNOWN      known bugs tolerated (counted, not failed), for
#                       replaying old builds: "export-untraced" is a complete
#                       workbook under the final name without its exports
#                       row (before export.c recorded an export before
#                       placing it); "" (the default) is strict
# Timing decides where exactly a process dies, so a seed replays the same
# kinds, files and delays, not the same instruction.
# shellcheck source=tests/lib.sh
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need sqlite3 python3 openpyxl

TRIALS=${KP_CRASH_TRIALS:-6}
SEED=${KP_CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
MAX_ORDERS=${KP_CRASH_ORDERS:-40000}
MAX_CUSTOMERS=${KP_CRASH_CUSTOMERS:-8000}
read -r -a KINDS <<<"${KP_CRASH_KINDS:-orders customers snapshot export}"
TARGETED=${KP_CRASH_TARGETED:-0}
KEEP_GOING=${KP_CRASH_KEEP_GOING:-0}
KNOWN=${KP_CRASH_KNOWN-}
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
RANDOM=$SEED
echo "# crash trials: seed $SEED, $TRIALS trials (replay with" \
    "KP_CRASH_SEED=$SEED KP_CRASH_TRIALS=$TRIALS)"

DB=$KPIDESK_DB
q() {
	sqlite3 -batch -bail "$DB" "$@"
}

# rnd N: a random integer in [0, N) in $R (not a subshell: $RANDOM must
# advance in this shell for the seed to replay).
rnd() {
	R=$(( ((RANDOM << 15) | RANDOM) % $1 ))
}

now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}

# Orders: unique order ids from OFFSET, spread over 60 days of Aug-Sep 2025,
# each line's customer among the first MAX_CUSTOMERS mobiles.
gen_orders() {
	awk -v n="$1" -v off="$2" -v nc="$MAX_CUSTOMERS" 'BEGIN {
		print "<orders>"
		for (i = 0; i < n; i++) {
			j = i + off; d = j % 60
			printf "<order><order_id>K%d</order_id><mobile_number>9%09d</mobile_number><order_date_time>2025-%02d-%02dT09:%02d:%02d</order_date_time><sku_id>S%d</sku_id><sku_count>%d</sku_count><total_amount>%d.%02d</total_amount></order>\n", j, (j * 7) % nc, 8 + int(d / 30), d % 30 + 1, j % 60, (j * 13) % 60, j % 50, j % 5 + 1, 100 + j % 900, j % 100
		}
		print "</orders>"
	}' >"$3"
}

# Customers: N clean rows; GEN changes every name, so each master file
# closes the previous versions and adds new ones.
gen_customers() {
	awk -v n="$1" -v g="$2" 'BEGIN {
		print "customer_id,customer_name,mobile_number,region"
		split("North,South,East,West", r, ",")
		for (k = 0; k < n; k++)
			printf "C%d,Name %d gen %d,9%09d,%s\n", k, k, g, k, r[k % 4 + 1]
	}' >"$3"
}

# --- setup: accounts, a first master and orders, one snapshot, one export.
PW=$(secret pw 'analyst password 1')
PW2=$(secret pw2 'approver password 2')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add val --role approver --password-file "$PW2"
mkdir -p "$T/exp"
NEXT_ID=0	# next order id offset
GEN=0		# customer master generation
declare -A EST	# kind -> longest uncut run seen, in ms

# timed KIND CMD...: run to completion (status 0), note the time taken.
timed() {
	local kind=$1 t0 t1
	shift
	t0=$(now_ms)
	run 0 "$@"
	t1=$(now_ms)
	[ $((t1 - t0)) -gt "${EST[$kind]:-0}" ] && EST[$kind]=$((t1 - t0))
}

GEN=$((GEN + 1))
gen_customers "$MAX_CUSTOMERS" "$GEN" "$T/c0.csv"
timed customers import customers "$T/c0.csv" --user ana --password-file "$PW"
gen_orders "$MAX_ORDERS" "$NEXT_ID" "$T/o0.xml"
NEXT_ID=$((NEXT_ID + MAX_ORDERS))
timed orders import orders "$T/o0.xml" --user ana --password-file "$PW"
timed snapshot history snapshot
EXPORT_ARGS=(export --user ana --approver val --password-file "$PW"
    --approver-password-file "$PW2")
timed export "${EXPORT_ARGS[@]}" --out "$T/exp/e0.xlsx"
LAST_EXPORT=$T/exp/e0.xlsx
echo "# uncut runs (ms): orders ${EST[orders]} customers ${EST[customers]}" \
    "snapshot ${EST[snapshot]} export ${EST[export]}"

# --- the state before a trial, to compare with after.
snap_state() {
	B_MAXID=$(q 'SELECT coalesce(max(id), 0) FROM batches')
	B_LINES=$(q 'SELECT count(*) FROM order_lines')
	B_CURRENT=$(q 'SELECT count(*) FROM customers WHERE to_batch IS NULL')
	B_EXPORTS=$(q 'SELECT count(*) FROM exports')
	B_SNAP=$(q "SELECT coalesce((SELECT content_hash FROM snapshots WHERE day = '$1'), '-')")
}

# The invariants any state must hold: one line per violation.
INVARIANTS="
SELECT 'orders batch ' || b.id || ' (' || b.status || ') holds ' ||
    (SELECT count(*) FROM order_lines l WHERE l.batch_id = b.id) ||
    ' lines, rows_loaded ' || b.rows_loaded
  FROM batches b WHERE b.kind = 'orders' AND b.status <> 'discarded'
  AND (SELECT count(*) FROM order_lines l WHERE l.batch_id = b.id) <> b.rows_loaded;
SELECT 'customers batch ' || b.id || ' has ' || b.n ||
    ' customer versions valid at it, rows_loaded ' || b.rows_loaded
  FROM (SELECT id, rows_loaded, (SELECT count(*) FROM customers c
      WHERE c.from_batch <= x.id AND (c.to_batch IS NULL OR c.to_batch > x.id)) AS n
    FROM batches x WHERE kind = 'customers' AND status = 'committed') b
  WHERE b.n <> b.rows_loaded;
SELECT 'discarded batch ' || id || ' kept rows' FROM batches b
  WHERE status = 'discarded' AND (EXISTS (SELECT 1 FROM order_lines WHERE batch_id = b.id)
    OR EXISTS (SELECT 1 FROM customers WHERE from_batch = b.id OR to_batch = b.id));
SELECT 'order lines of batch ' || batch_id || ', not a committed orders batch'
  FROM order_lines WHERE batch_id NOT IN (SELECT id FROM batches
    WHERE kind = 'orders' AND status <> 'discarded') GROUP BY batch_id;
SELECT 'customers of batch ' || from_batch || ', not a committed customers batch'
  FROM customers WHERE from_batch NOT IN (SELECT id FROM batches
    WHERE kind = 'customers' AND status <> 'discarded') GROUP BY from_batch;
SELECT 'customers closed by batch ' || to_batch || ', not a committed customers batch'
  FROM customers WHERE to_batch IS NOT NULL AND to_batch NOT IN (SELECT id
    FROM batches WHERE kind = 'customers' AND status <> 'discarded') GROUP BY to_batch;
SELECT 'batch ' || id || ': read ' || rows_read || ' <> loaded + rejected + duplicates'
  FROM batches WHERE rows_read <> rows_loaded + rows_rejected + rows_duplicate;
SELECT 'batch ' || id || ' is ' || status || ' (a command-line import ends committed or discarded)'
  FROM batches WHERE status = 'pending';
SELECT 'committed batch ' || id || ' has no proof' FROM batches
  WHERE status = 'committed' AND content_hash IS NULL;
SELECT 'batch ' || b.id || ' has ' || count(a.seq) || ' import audit entries'
  FROM batches b LEFT JOIN audit_log a ON a.object = 'batch ' || b.id
    AND a.action IN ('import.orders', 'import.customers')
  GROUP BY b.id HAVING count(a.seq) <> 1;
SELECT 'audit entry ' || seq || ' imports ' || object || ', which does not exist'
  FROM audit_log WHERE action IN ('import.orders', 'import.customers')
  AND object NOT IN (SELECT 'batch ' || id FROM batches);
SELECT 'day_totals disagree with order_lines on day ' || day FROM (
  SELECT day, count(DISTINCT order_id), count(*), sum(amount) FROM order_lines GROUP BY day
  EXCEPT SELECT day, orders, lines, revenue FROM day_totals WHERE lines > 0
  UNION ALL
  SELECT day, orders, lines, revenue FROM day_totals WHERE lines > 0
  EXCEPT SELECT day, count(DISTINCT order_id), count(*), sum(amount) FROM order_lines GROUP BY day);
SELECT 'snapshot ' || s.day || ' has ' || count(k.kpi) || ' KPI results'
  FROM snapshots s LEFT JOIN snapshot_kpis k ON k.day = s.day
  GROUP BY s.day HAVING count(k.kpi) <> 5;
SELECT 'KPI results of ' || day || ' without their snapshot' FROM snapshot_kpis
  WHERE day NOT IN (SELECT day FROM snapshots) GROUP BY day;
SELECT 'export ' || e.id || ' but its request is ' || r.status
  FROM exports e JOIN export_requests r ON r.id = e.request_id WHERE r.status <> 'exported';
SELECT 'export ' || e.id || ' has no export.write audit entry' FROM exports e
  WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'export.write'
    AND instr(a.details, 'sha256=' || e.sha256) > 0);
"

# sha FILE: its SHA-256.
sha() {
	sha256sum <"$1" | cut -c1-64
}

# complete_xlsx FILE: a whole zip (every member's CRC) with the workbook
# parts, and openpyxl reads its sheet names.
complete_xlsx() {
	$PY - "$1" <<'EOF'
import sys, zipfile
import openpyxl
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
assert bad is None, "corrupt member %s" % bad
names = set(z.namelist())
for part in ("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"):
    assert part in names, "missing " + part
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
assert "Summary" in wb.sheetnames and "Checks" in wb.sheetnames, wb.sheetnames
EOF
}

PROBLEMS=()
problem() {
	PROBLEMS+=("$*")
}

# check_after KIND: every assertion of the header; problems in PROBLEMS.
check_after() {
	local kind=$1 ic v new nb st loaded lines cur n s
	ic=$(q 'PRAGMA integrity_check' 2>&1)
	[ "$ic" = ok ] || { problem "integrity_check: $ic"; return; }
	v=$(q 'PRAGMA foreign_key_check' 2>&1)
	[ -z "$v" ] || problem "foreign_key_check: $v"
	v=$(q "$INVARIANTS" 2>&1)
	[ -z "$v" ] || problem "invariants: $v"
	new=$(q "SELECT count(*) FROM batches WHERE id > $B_MAXID")
	lines=$(q 'SELECT count(*) FROM order_lines')
	cur=$(q 'SELECT count(*) FROM customers WHERE to_batch IS NULL')
	case $kind in
	orders|customers)
		if [ "$new" = 0 ]; then
			[ "$lines" = "$B_LINES" ] ||
			    problem "no new batch but order lines went from $B_LINES to $lines"
			[ "$cur" = "$B_CURRENT" ] ||
			    problem "no new batch but current customers went from $B_CURRENT to $cur"
			OUTCOME=absent
		elif [ "$new" = 1 ]; then
			IFS='|' read -r nb st loaded <<<"$(q "SELECT kind, status,
			    rows_loaded FROM batches WHERE id > $B_MAXID")"
			if [ "$nb" != "$kind" ] || [ "$st" != committed ] ||
			    [ "$loaded" != "$ROWS" ]; then
				problem "new batch is $nb $st with $loaded rows, expected $kind committed with $ROWS"
			fi
			if [ "$kind" = orders ]; then
				[ "$lines" = $((B_LINES + ROWS)) ] ||
				    problem "order lines went from $B_LINES to $lines, not +$ROWS"
			else
				[ "$cur" = "$ROWS" ] ||
				    problem "$cur current customers after a committed master of $ROWS"
			fi
			OUTCOME=whole
		else
			problem "$new new batches from one import"
		fi ;;
	*)
		if [ "$new" != 0 ] || [ "$lines" != "$B_LINES" ]; then
			problem "a $kind added batches or lines"
		fi
	esac
	if [ "$kind" = snapshot ]; then
		s=$(q "SELECT coalesce((SELECT content_hash FROM snapshots WHERE day = '$SNAP_DAY'), '-')")
		if [ "$s" = "$B_SNAP" ]; then OUTCOME=before
		elif [ "$s" = - ]; then problem "snapshot $SNAP_DAY vanished"
		else OUTCOME=new
		fi
	fi
	if [ "$kind" = export ]; then
		n=$(q 'SELECT count(*) FROM exports')
		if [ "$n" = $((B_EXPORTS + 1)) ]; then
			s=$(q "SELECT sha256 || '|' || path FROM exports ORDER BY id DESC LIMIT 1")
			# Recorded first, then placed: killed in between, the
			# record stands (history reexport rebuilds the file)
			# and the final name holds nothing new.
			if [ ! -f "$OUT" ] || { [ -n "$OUT_BEFORE" ] &&
			    [ "$(sha "$OUT")" = "$OUT_BEFORE" ] &&
			    [ "$OUT_BEFORE|$(realpath "$OUT")" != "$s" ]; }; then
				OUTCOME=unplaced
			elif [ "$(sha "$OUT")|$(realpath "$OUT")" != "$s" ]; then
				problem "$OUT ($(sha "$OUT")) is not the recorded $s"
			else
				OUTCOME=whole
			fi
		elif [ "$n" = "$B_EXPORTS" ]; then
			if [ ! -e "$OUT" ]; then
				[ -z "$OUT_BEFORE" ] ||
				    problem "$OUT was there before and is gone"
				OUTCOME=absent
			elif [ -n "$OUT_BEFORE" ] && [ "$(sha "$OUT")" = "$OUT_BEFORE" ]; then
				OUTCOME=before
			elif ! complete_xlsx "$OUT" >"$T/xlsx.err" 2>&1; then
				problem "half-written export under the final name $OUT: $(tail -1 "$T/xlsx.err")"
			elif [ "$(q "SELECT count(*) FROM exports WHERE sha256 = '$(sha "$OUT")'")" != 0 ]; then
				OUTCOME=same-bytes	# as an earlier, recorded export
			elif [[ " $KNOWN " == *" export-untraced "* ]]; then
				OUTCOME=untraced
			else
				problem "$OUT is a complete workbook that no exports row records (placed before recorded)"
			fi
		else
			problem "exports went from $B_EXPORTS to $n"
		fi
		STALE=$(find "$T/exp" -maxdepth 1 -name '.kpidesk-export-*' | wc -l)
	fi
	"$KP" audit verify >"$T/av.out" 2>&1 || problem "audit verify: $(tail -2 "$T/av.out")"
	"$KP" history verify >"$T/hv.out" 2>&1 || problem "history verify: $(grep -v verified "$T/hv.out" | head -3)"
	# The next operation works: a small import of three new lines.
	gen_orders 3 "$NEXT_ID" "$T/next.xml"
	NEXT_ID=$((NEXT_ID + 3))
	if ! "$KP" import orders "$T/next.xml" --user ana --password-file "$PW" \
	    >"$T/next.out" 2>&1; then
		problem "the next import failed: $(tail -2 "$T/next.out")"
	elif ! grep -q 'loaded 3,' "$T/next.out"; then
		problem "the next import did not load its 3 lines: $(cat "$T/next.out")"
	fi
}

declare -A RAN PASSED KILLED
OUTCOMES=""
nfail=0
for ((trial = 1; trial <= TRIALS; trial++)); do
	kind=${KINDS[$(((trial - 1) % ${#KINDS[@]}))]}
	OUT='' OUT_BEFORE='' SNAP_DAY='' STALE=0 OUTCOME=''
	strategy='time'
	case $kind in
	orders)
		rnd $((MAX_ORDERS / 2)); ROWS=$((MAX_ORDERS / 2 + R + 1))
		gen_orders "$ROWS" "$NEXT_ID" "$T/in.xml"
		NEXT_ID=$((NEXT_ID + ROWS))
		snap_state -
		cmd=(import orders "$T/in.xml" --user ana --password-file "$PW") ;;
	customers)
		rnd $((MAX_CUSTOMERS / 2)); ROWS=$((MAX_CUSTOMERS / 2 + R + 1))
		GEN=$((GEN + 1))
		gen_customers "$ROWS" "$GEN" "$T/in.csv"
		snap_state -
		# A smaller master leaves earlier orders without their
		# customer; above the reject share that refuses it. The
		# trial is about a kill, not that rule: accept it.
		cmd=(import customers "$T/in.csv" --user ana --password-file "$PW"
		    --accept-rejects) ;;
	snapshot)
		# The default day replaces its snapshot; another day adds one.
		rnd 3
		if [ "$R" = 0 ]; then
			rnd 60; SNAP_DAY=$(date -u -d "2025-08-01 + $R days" +%F)
			cmd=(history snapshot "$SNAP_DAY")
		else
			SNAP_DAY=$(q 'SELECT max(day) FROM snapshots')
			cmd=(history snapshot)
		fi
		snap_state "$SNAP_DAY" ;;
	export)
		# A new name, or the last export replaced (--force).
		rnd 3
		if [ "$R" = 0 ] && [ -f "$LAST_EXPORT" ]; then
			OUT=$LAST_EXPORT OUT_BEFORE=$(sha "$OUT")
			cmd=("${EXPORT_ARGS[@]}" --out "$OUT" --force)
		else
			OUT=$T/exp/t$trial.xlsx
			cmd=("${EXPORT_ARGS[@]}" --out "$OUT")
		fi
		snap_state -
		if [ "$TARGETED" = 1 ]; then
			rnd 4; [ "$R" = 0 ] && strategy=final-name
		elif [ "$TARGETED" = 2 ]; then
			strategy=final-name
		fi ;;
	esac
	# Half the kills anywhere in the run, half near its end (the commit,
	# the final move), where the state changes.
	rnd 2
	if [ "$R" = 0 ]; then
		rnd $(((EST[$kind] * 6 / 5) + 1)); delay=$R
	else
		rnd $(((EST[$kind] * 2 / 5) + 1)); delay=$((EST[$kind] * 7 / 10 + R))
	fi
	touch "$T/started"
	t0=$(now_ms)
	"$KP" "${cmd[@]}" >"$T/trial.out" 2>&1 &
	pid=$!
	if [ $strategy = final-name ]; then
		# Spin (builtins only) until a new file has the final name, then
		# kill at once.
		while ! [ "$OUT" -nt "$T/started" ]; do
			kill -0 $pid 2>/dev/null || break
		done
	else
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	fi
	if kill -9 $pid 2>/dev/null; then
		wait $pid 2>/dev/null
		how="killed at ${delay} ms"
		[ $strategy = final-name ] && how="killed when the final name appeared ($(( $(now_ms) - t0 )) ms)"
		KILLED[$kind]=$((${KILLED[$kind]:-0} + 1))
	else
		wait $pid
		st=$?
		[ $st = 0 ] || problem "uncut $kind exited $st: $(tail -2 "$T/trial.out")"
		t1=$(now_ms)
		[ $strategy = time ] && [ $((t1 - t0)) -gt "${EST[$kind]}" ] &&
		    EST[$kind]=$((t1 - t0))
		how="finished before the kill ($((t1 - t0)) ms)"
	fi
	[ -n "$OUT" ] && [ -f "$OUT" ] && LAST_EXPORT=$OUT
	PROBLEMS=()
	check_after "$kind"
	RAN[$kind]=$((${RAN[$kind]:-0} + 1))
	OUTCOMES="$OUTCOMES $kind:${OUTCOME:-?}"
	extra=
	[ "$STALE" -gt 0 ] && extra=", $STALE stale temporary folders in the export folder"
	if [ ${#PROBLEMS[@]} = 0 ]; then
		PASSED[$kind]=$((${PASSED[$kind]:-0} + 1))
		ok "trial $trial: $kind $how: ${OUTCOME:-checked}$extra"
	else
		nfail=$((nfail + 1))
		printf 'FAIL: trial %d (seed %s): %s %s\n' "$trial" "$SEED" "$kind" "$how" >&2
		printf '  %s\n' "${PROBLEMS[@]}" >&2
		if [ "$KEEP_GOING" != 1 ]; then
			cp "$DB" "${TMPDIR:-/tmp}/kpidesk-crash-fail.db" 2>/dev/null &&
			    echo "  database kept in ${TMPDIR:-/tmp}/kpidesk-crash-fail.db" >&2
			exit 1
		fi
	fi
done

echo "# summary (seed $SEED):"
for kind in orders customers snapshot export; do
	[ -n "${RAN[$kind]:-}" ] || continue
	u=$(grep -o " $kind:untraced" <<<"$OUTCOMES" | wc -l)
	printf '#   %-9s %3d ran, %3d passed, %3d killed mid-run, outcomes:' \
	    "$kind" "${RAN[$kind]}" "${PASSED[$kind]:-0}" "${KILLED[$kind]:-0}"
	for o in absent whole unplaced before same-bytes new untraced; do
		n=$(grep -o " $kind:$o\b" <<<"$OUTCOMES" | wc -l)
		[ "$n" = 0 ] || printf ' %s %d' "$o" "$n"
	done
	echo
	[ "$u" = 0 ] || echo "#   KNOWN BUG hit $u times: a complete export under its final name with no exports row (src/export.c places before it records)"
done
echo "# $TRIALS trials, $nfail failed"
[ "$nfail" = 0 ]
