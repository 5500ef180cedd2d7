#!/bin/sh
# make bench: orders from real PostgreSQL and MariaDB servers (issue 16).
# Each private server holds BENCH_SQL_ROWS (default 1M) order lines made by
# generate_series / seq_1_to_N; kpidesk imports them (libpq single-row
# mode, mysql_use_result), and in the same run the server's own client
# dumps the same query to a file (`psql \copy`, `mariadb --batch`), the
# floor of any client. In the same rounds, the floor of storing them:
# tests/bench/bench_floor inserts the rows the import stored, already
# parsed, into a new kpidesk database. Each is run BENCH_REPEAT times
# (default 1), the fastest counts. Prints rows/s and peak RSS, and the
# ratios import/dump, floor/dump and import/floor; targets: kpidesk's RSS
# under 64 MiB and its time within 2x of the dump.
# shellcheck source=tests/lib.sh
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
# shellcheck source=tests/sqlsrv_lib.sh
. "$SRCDIR/tests/sqlsrv_lib.sh"

N=${BENCH_SQL_ROWS:-1000000}
REPEAT=${BENCH_REPEAT:-1}
FLOOR=${BENCH_FLOOR:-$(dirname "$KP")/tests/bench/bench_floor}
[ -x "$FLOOR" ] || fail "no $FLOOR: make tests/bench/bench_floor"
M="python3 $SRCDIR/tests/bench/measure.py"
PW=$(secret pw 'bench password 1')
pg_start
psql -X -q -v ON_ERROR_STOP=1 -h "$S" -p "$PORT" -U postgres -d postgres <<SQL ||
CREATE TABLE sales AS SELECT i AS line_no, 'O' || (i / 3) AS ord_no,
  9000000000::bigint + (i / 3) % 50000 AS phone,
  timestamptz '2025-01-01 00:00:00+05:30' + ((i / 3) || ' minutes')::interval AS placed_at,
  'S' || (i % 3) AS sku, 1 + i % 4 AS qty, ((i % 9000) + 100)::numeric(12,2) AS amount
  FROM generate_series(1, $N) AS i;
SQL
    fail "loading $N rows"
Q="SELECT ord_no AS order_id, phone AS mobile_number, placed_at AS order_date_time, sku AS sku_id, qty AS sku_count, amount AS total_amount FROM sales ORDER BY line_no"
URI="postgresql://postgres@127.0.0.1:$PORT/postgres"
export PGPASSFILE="$T/pgpass"
psql -X -q -h "$S" -p "$PORT" -U postgres -d postgres \
    -c "ALTER ROLE postgres PASSWORD 'bench pw 1'" || fail "password"
printf '127.0.0.1:%s:postgres:postgres:bench pw 1\n' "$PORT" >"$PGPASSFILE"
chmod 600 "$PGPASSFILE"
# kp_new NAME: a new kpidesk database $T/NAME.db with the analyst ana.
kp_new() {
	rm -f "$T/$1".db*
	KPIDESK_DB="$T/$1.db"
	export KPIDESK_DB
	run 0 init --admin root --password-file "$PW"
	run 0 user add ana --role analyst --password-file "$PW"
	run 0 config set source_timeout_s 3600
}

# best: of the lines of standard input (outputs of measure.py or
# bench_floor), the one with the fewest seconds.
best() {
	awk 'NF > 0 { s = $0; sub(/.*seconds=/, "", s); sub(/ .*/, "", s)
		if (b == "" || s + 0 < b + 0) { b = s; line = $0 } } END { print line }'
}

# rounds ENGINE URI DUMP-CMD: BENCH_REPEAT rounds of the dump, the import
# into a new database and the floor of its rows; the fastest of each in
# $dump, $imp and $flo.
rounds() {
	dumps= imps= flos=
	r=0
	while [ $r -lt "$REPEAT" ]; do
		d=$($M dump sh -c "$3") || fail "$1: the client's dump"
		kp_new "$1"
		i=$($M import "$KP" import orders --source "$2" --query "$Q" \
		    --user ana --password-file "$PW" --amount-scope line) ||
		    fail "the $1 import: $(cat "$T/err" 2>/dev/null)"
		f=$("$FLOOR" "$KPIDESK_DB" "$T/floor.db") || fail "bench_floor"
		echo "$d"
		echo "$i"
		echo "$f"
		echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
		dumps="$dumps
$d" imps="$imps
$i" flos="$flos
$f"
		r=$((r + 1))
	done
	dump=$(printf '%s\n' "$dumps" | best)
	imp=$(printf '%s\n' "$imps" | best)
	flo=$(printf '%s\n' "$flos" | best)
}

report() {
python3 - "$@" <<'PY'
import re, sys
engine, client, n, dump, imp, flo = sys.argv[1:7]
n = int(n)
def get(s, k):
    return float(re.search(k + r"=([0-9.]+)", s).group(1))
ds, ks, fs = get(dump, "seconds"), get(imp, "seconds"), get(flo, "seconds")
kr = get(imp, "peak_rss_kib") / 1024
print(f"{engine}: {n} rows; {client} {n / ds:,.0f} rows/s; "
      f"kpidesk {n / ks:,.0f} rows/s, peak RSS {kr:.1f} MiB; "
      f"time ratio {ks / ds:.2f}x (target <= 2x), RSS target < 64 MiB: "
      f"{'met' if kr < 64 else 'NOT met'}")
print(f"{engine}: seconds: dump {ds:.2f}, import {ks:.2f}, floor {fs:.2f}; "
      f"ratios: import/dump {ks / ds:.2f}, floor/dump {fs / ds:.2f}, "
      f"import/floor {ks / fs:.2f} (2x the dump is "
      f"{'above' if fs <= 2 * ds else 'below'} the floor)")
PY
}
rounds postgresql "$URI" "psql -X -q -h 127.0.0.1 -p $PORT -U postgres -d postgres -c \"\\\\copy ($Q) TO '$T/dump.csv' CSV\""
report postgresql 'psql \copy' "$N" "$dump" "$imp" "$flo"

# MariaDB: the same rows, into new kpidesk databases.
my_setup
my_su -e "CREATE DATABASE shop; USE shop; CREATE TABLE sales AS SELECT seq AS line_no,
  CONCAT('O', seq DIV 3) AS ord_no, 9000000000 + (seq DIV 3) % 50000 AS phone,
  TIMESTAMP('2025-01-01 00:00:00') + INTERVAL (seq DIV 3) MINUTE AS placed_at,
  CONCAT('S', seq % 3) AS sku, 1 + seq % 4 AS qty,
  CAST(seq % 9000 + 100 AS DECIMAL(12,2)) AS amount FROM seq_1_to_$N" ||
    fail "loading $N rows into MariaDB"
printf '[client]\npassword=\n' >"$T/my.cnf"
chmod 600 "$T/my.cnf"
MURI="mariadb://root@localhost/shop?socket=$S/sock&defaults-file=$T/my.cnf"
rounds mariadb "$MURI" "\"$CLIENT\" --no-defaults -S \"$S/sock\" -u root --batch shop -e \"$Q\" >\"$T/dump.tsv\""
report mariadb 'mariadb --batch' "$N" "$dump" "$imp" "$flo"
