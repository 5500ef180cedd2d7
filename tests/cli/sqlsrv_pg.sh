#!/bin/sh
# Orders from a real PostgreSQL server (issue 16). A private server
# (initdb + pg_ctl, a temporary folder, a free port, as nobody when run as
# root) holds the sample orders with a schema unlike the XML's (other
# column names, bigint mobile, timestamptz, numeric(12,2), NULLs where a
# value does not fit). Covered: the import gives the same counts, reasons
# and KPIs as the XML import of the same data, from timestamptz and from
# Unix seconds; the batch and the audit log record the URI, the query, its
# SHA-256, the server and TLS; the same rows again add nothing; a password
# in the URI, a wrong one, and one from --source-password-file; TLS required
# but unavailable, then verify-full against a server with a certificate; a
# query that writes and two statements are refused and change nothing; an
# unknown and a missing column; 0 rows (exit 1); a query past
# source_timeout_s; a cancel (SIGINT) that stops the query on the server
# while other commands write. Skipped without the server packages.
# shellcheck source=tests/lib.sh
# Covers: ingest/read_sql_pg, ingest/read_sql.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
# shellcheck source=tests/sqlsrv_lib.sh
. "$SRCDIR/tests/sqlsrv_lib.sh"

PW=$(secret pw 'analyst password 1')
pg_start
psql_su() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$S" -p "$PORT" -U postgres -d shop "$@"
}
psql -X -q -h "$S" -p "$PORT" -U postgres -d postgres \
    -c "CREATE DATABASE shop" || fail "CREATE DATABASE"
xml_reference
psql_su -f "$T/pg.sql" >/dev/null || fail "loading the orders"
psql_su -c "CREATE ROLE reader LOGIN PASSWORD 'reader pw 1';
    GRANT SELECT ON sales TO reader; GRANT INSERT, DELETE ON sales TO reader" ||
    fail "CREATE ROLE"
count_rows() { psql_su -Atc "SELECT count(*) FROM sales"; }
ROWS=$(count_rows)
ok "a private PostgreSQL on port $PORT holds the $ROWS sample order lines"

export PGPASSFILE="$T/pgpass"
printf '127.0.0.1:%s:shop:reader:reader pw 1\n' "$PORT" >"$PGPASSFILE"
chmod 600 "$PGPASSFILE"
URI="postgresql://reader@127.0.0.1:$PORT/shop"
COLS="ord_no AS order_id, phone AS mobile_number, placed_at AS order_date_time, sku AS sku_id, qty AS sku_count, amount AS total_amount"
Q="SELECT $COLS FROM sales ORDER BY line_no"
imp() {
	want=$1
	shift
	run "$want" import orders --user ana --password-file "$PW" "$@"
}

# --- the same data as the XML ---
kp_fresh pg
imp 0 --source "$URI" --query "$Q" --accept-rejects --format json
same_as_xml pg
ok "timestamptz, numeric(12,2), bigint mobiles and NULLs: the same counts, reasons and KPIs as the XML"

H=$(sha256_of "$Q")
rec=$(sqlite3 "$KPIDESK_DB" "SELECT source_engine, file_name, source_query_sha256,
    source_encrypted, source_query = '$(printf '%s' "$Q" | sed "s/'/''/g")'
    FROM batches WHERE kind = 'orders'")
[ "$rec" = "postgresql|$URI|$H|0|1" ] || fail "the batch records: $rec"
sqlite3 "$KPIDESK_DB" "SELECT source_server FROM batches WHERE kind = 'orders'" |
    grep -Eq '^PostgreSQL [0-9]+' || fail "no server version in the batch"
run 0 audit list
expect out "engine=postgresql"
expect out "query_sha256=$H"
run 0 check --format json
expect out 'source connection encrypted'
expect out 'not encrypted: ask for TLS'
ok "the batch and the audit log hold the URI, the query and its SHA-256, the server; the check report says the link was not encrypted"

cp "$T/pg.kpi" "$T/before.kpi"
imp 0 --source "$URI" --query "$Q" --accept-rejects
expect out 'loaded 0'
expect out 'was loaded as batch'
run 0 kpi all --format json
cmp -s "$T/out" "$T/before.kpi" || fail "the same rows again changed the KPIs"
ok "the same rows again are flagged and add nothing"

kp_fresh pgint
imp 0 --source "$URI" --query "SELECT ord_no AS order_id, phone AS mobile_number, EXTRACT(EPOCH FROM placed_at)::bigint AS order_date_time, sku AS sku_id, qty AS sku_count, amount AS total_amount FROM sales ORDER BY line_no" \
    --accept-rejects --format json
same_as_xml pgint
ok "an integer time column is Unix seconds: the same KPIs"

# --- secrets ---
imp 1 --source "postgresql://reader:reader%20pw%201@127.0.0.1:$PORT/shop" --query "$Q"
expect err 'holds a password.*pgpass'
grep -q 'reader pw\|reader%20pw' "$T/err" && fail "the password was shown"
imp 1 --source "$URI?password=x" --query "$Q"
expect err 'holds a password'
printf '127.0.0.1:%s:shop:reader:wrong\n' "$PORT" >"$T/badpass"
chmod 600 "$T/badpass"
PGPASSFILE="$T/badpass" "$KP" import orders --user ana --password-file "$PW" \
    --source "$URI" --query "$Q" >"$T/out" 2>"$T/err" && fail "a wrong password worked"
expect err 'password authentication failed'
SPW=$(secret spw 'reader pw 1')
PGPASSFILE=/nonexistent "$KP" import orders --user ana --password-file "$PW" \
    --source "$URI" --query "$Q" --source-password-file "$SPW" \
    --accept-rejects >"$T/out" 2>"$T/err" ||
    fail "--source-password-file: $(cat "$T/err")"
chmod 644 "$SPW"
imp 1 --source "$URI" --query "$Q" --source-password-file "$SPW"
expect err 'readable|permissions|mode'
ok "a password in the URI is refused, a wrong one fails, one from a 0600 file works"

# --- TLS ---
imp 1 --source "$URI?sslmode=require" --query "$Q"
expect err 'does not support SSL'
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	    -addext subjectAltName=IP:127.0.0.1 -keyout "$S/server.key" \
	    -out "$S/server.crt" >/dev/null 2>&1 || fail "openssl req"
	[ -n "$SRV_USER" ] && chown "$SRV_USER" "$S/server.key" "$S/server.crt"
	chmod 600 "$S/server.key"
	psql_su -c "ALTER SYSTEM SET ssl = on" \
	    -c "ALTER SYSTEM SET ssl_cert_file = '$S/server.crt'" \
	    -c "ALTER SYSTEM SET ssl_key_file = '$S/server.key'" &&
	    psql_su -Atc "SELECT pg_reload_conf()" >/dev/null || fail "ssl on"
	tls_on() {
		psql -X -h 127.0.0.1 -p "$PORT" -U reader -d shop -Atc \
		    'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()' \
		    2>/dev/null | grep -q t
	}
	within 10 tls_on || fail "the server does not speak TLS"
	kp_fresh pgtls
	imp 0 --source "$URI?sslmode=verify-full&sslrootcert=$S/server.crt" \
	    --query "$Q" --accept-rejects
	run 0 check --format json
	expect out 'encrypted: TLS'
	[ "$(sqlite3 "$KPIDESK_DB" "SELECT source_encrypted FROM batches WHERE kind = 'orders'")" = 1 ] ||
	    fail "the batch does not record the encryption"
	ok "TLS required but unavailable fails; verify-full works and is recorded"
else
	ok "TLS required but unavailable fails (no openssl here: verify-full not tried)"
fi

# --- refused queries change nothing ---
imp 1 --source "$URI" --query "INSERT INTO sales (line_no) VALUES (100000) RETURNING ord_no AS order_id"
expect err 'read-only transaction'
imp 1 --source "$URI" --query "SELECT $COLS FROM sales; DELETE FROM sales"
expect err 'multiple commands'
[ "$(count_rows)" = "$ROWS" ] || fail "a refused query changed the table"
imp 1 --source "$URI" --query "SELECT nosuch FROM sales"
expect err 'column "nosuch" does not exist'
imp 1 --source "$URI" --query "SELECT ord_no AS order_id, phone AS mobile_number, sku AS sku_id, qty AS sku_count, amount AS total_amount FROM sales"
expect err 'missing column order_date_time'
n=$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM batches")
imp 1 --source "$URI" --query "$Q LIMIT 0"
expect err 'no data rows'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM batches")" = "$n" ] ||
    fail "0 rows left a batch"
ok "a write and two statements are refused and change nothing; an unknown or missing column and 0 rows fail"

# --- bounded: the timeout, and a cancel that reaches the server ---
# queries TEXT: how many queries holding TEXT the server is running.
queries() {
	psql_su -Atc "SELECT count(*) FROM pg_stat_activity WHERE state =
	    'active' AND query LIKE '%$1%' AND pid <> pg_backend_pid()"
}
gone() { [ "$(queries "$1")" = 0 ]; }
running() { [ "$(queries "$1")" = 1 ]; }

# While the query runs, another process adds a user and a third logs in
# (both write the database); then the timeout stops the query. LONG: well
# past the time the two commands need (argon2 is slower under valgrind).
LONG=8
[ -n "${KPIDESK_WRAP:-}" ] && LONG=60
# The query sleeps far longer, so only the timeout can end it early.
SLEEP=$((LONG * 5))
DAY=$(sqlite3 "$KPIDESK_DB" "SELECT max(day) FROM snapshots")
logins() { sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM audit_log WHERE action = 'login' AND actor = 'ana'"; }
l0=$(logins)
run 0 config set source_timeout_s $LONG
start=$(date +%s)
"$KP" import orders --user ana --password-file "$PW" --source "$URI" \
    --query "SELECT $COLS FROM sales, pg_sleep($SLEEP)" >"$T/bg.out" 2>"$T/bg.err" &
bg=$!
within 60 running "pg_sleep($SLEEP)" || fail "the query never ran: $(cat "$T/bg.err")"
run 0 user add dora --role auditor --password-file "$PW"
mkdir "$T/ev"
run 0 history files "$DAY" "$T/ev" --user ana --password-file "$PW"
kill -0 $bg 2>/dev/null ||
    fail "the import ended before the other commands did (they waited)"
wait $bg
st=$?
[ $st = 1 ] || fail "the timed-out import exited $st: $(cat "$T/bg.err")"
grep -q "source_timeout_s ($LONG s) and was stopped" "$T/bg.err" ||
    fail "no timeout message: $(cat "$T/bg.err")"
[ $(($(date +%s) - start)) -lt $SLEEP ] || fail "the timeout did not stop the query"
within 5 gone "pg_sleep($SLEEP)" || fail "the timed-out query still runs on the server"
cat "$T/err" "$T/bg.err" | grep -q 'database is locked' && fail "database is locked"
# The import's own login and the one of history files.
[ "$(logins)" = $((l0 + 2)) ] || fail "logins: $l0 before, $(logins) after"
ok "a query past source_timeout_s is stopped on the server, naming the setting, while others write and log in"

run 0 config set source_timeout_s 300
"$KP" import orders --user ana --password-file "$PW" --source "$URI" \
    --query "SELECT $COLS FROM sales, pg_sleep(61)" >"$T/bg.out" 2>"$T/bg.err" &
bg=$!
within 60 running 'pg_sleep(61)' || fail "the query never ran: $(cat "$T/bg.err")"
run 0 user add carl --role auditor --password-file "$PW"
start=$(date +%s)
kill -INT $bg
wait $bg
st=$?
[ $st = 1 ] || fail "the cancelled import exited $st: $(cat "$T/bg.err")"
# Well before the 61 s the query would take if the server went on with it.
[ $(($(date +%s) - start)) -lt 30 ] || fail "the cancel did not stop the query"
grep -q 'import cancelled.*query was cancelled' "$T/bg.err" ||
    fail "no cancel message: $(cat "$T/bg.err")"
within 5 gone 'pg_sleep(61)' || fail "the cancelled query still runs on the server"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM batches")" = "$n" ] ||
    fail "the cancelled import left a batch"
ok "while the query runs another command writes; SIGINT cancels it on the server and loads nothing"
