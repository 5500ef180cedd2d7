#!/bin/sh
# Orders from a real MariaDB server (issue 16), through MariaDB
# Connector/C (which speaks to MySQL too). A private server
# (mariadb-install-db + mariadbd, a temporary datadir and socket, a free
# port, as nobody when run as root) holds the sample orders with a schema
# unlike the XML's (other column names, bigint mobile, DATETIME(3) and
# TIMESTAMP(3), DECIMAL(12,2), NULLs where a value does not fit). Covered:
# the import gives the same counts, reasons and KPIs as the XML import of
# the same data, from DATETIME (wall clock in the data zone) over TCP and
# from TIMESTAMP (an instant) over the socket; the batch and audit log
# record the source; a password in the URI, a wrong one, one from an
# option file (defaults-file=, which must be private) and one from
# --source-password-file; TLS required but unavailable, then
# VERIFY_IDENTITY against a server with a certificate; a write, DDL and
# two statements are refused and change nothing; an unknown column; 0 rows;
# a query past source_timeout_s; a cancel (SIGINT) that stops the query on
# the server. Skipped without the server packages.
# shellcheck source=tests/lib.sh
# Covers: ingest/read_sql_my, ingest/read_sql.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
# shellcheck source=tests/sqlsrv_lib.sh
. "$SRCDIR/tests/sqlsrv_lib.sh"

PW=$(secret pw 'analyst password 1')
my_setup
xml_reference
my_su -e "CREATE DATABASE shop" && my_su shop <"$T/my.sql" ||
    fail "loading the orders"
for h in 127.0.0.1 localhost; do
	my_su -e "CREATE USER 'reader'@'$h' IDENTIFIED BY 'reader pw 1';
	    GRANT SELECT, INSERT, DELETE, DROP, CREATE ON shop.* TO 'reader'@'$h'" ||
	    fail "CREATE USER"
done
count_rows() { my_su -N -e "SELECT count(*) FROM shop.sales"; }
ROWS=$(count_rows)
ok "a private MariaDB on port $PORT holds the $ROWS sample order lines"

printf '[client]\npassword=reader pw 1\n' >"$T/my.cnf"
chmod 600 "$T/my.cnf"
URI="mysql://reader@127.0.0.1:$PORT/shop?defaults-file=$T/my.cnf"
SOCK_URI="mariadb://reader@localhost/shop?socket=$S/sock&defaults-file=$T/my.cnf"
COLS="ord_no AS order_id, phone AS mobile_number, placed_local AS order_date_time, sku AS sku_id, qty AS sku_count, amount AS total_amount"
Q="SELECT $COLS FROM sales ORDER BY line_no"
imp() {
	want=$1
	shift
	run "$want" import orders --user ana --password-file "$PW" "$@"
}

# --- the same data as the XML ---
kp_fresh my
imp 0 --source "$URI" --query "$Q" --accept-rejects --format json
same_as_xml my
ok "DATETIME(3) in the data zone, DECIMAL(12,2), bigint mobiles, NULLs: the same counts, reasons and KPIs as the XML"

H=$(sha256_of "$Q")
rec=$(sqlite3 "$KPIDESK_DB" "SELECT source_engine, file_name, source_query_sha256,
    source_encrypted FROM batches WHERE kind = 'orders'")
[ "$rec" = "mysql|$URI|$H|0" ] || fail "the batch records: $rec"
sqlite3 "$KPIDESK_DB" "SELECT source_server FROM batches WHERE kind = 'orders'" |
    grep -q '^MariaDB 1[0-9]' || fail "no server version in the batch"
run 0 audit list
expect out "engine=mysql"
expect out "query_sha256=$H"
ok "the batch and the audit log hold the URI, the query's SHA-256 and the server"

kp_fresh myts
imp 0 --source "$SOCK_URI" --query "SELECT ord_no AS order_id, phone AS mobile_number, placed_at AS order_date_time, sku AS sku_id, qty AS sku_count, amount AS total_amount FROM sales ORDER BY line_no" \
    --accept-rejects --format json
same_as_xml myts
run 0 check --format json
expect out 'not encrypted \(a local socket'
ok "TIMESTAMP(3) over the socket is an instant: the same KPIs; a socket is local"

# --- secrets ---
imp 1 --source "mysql://reader:reader%20pw%201@127.0.0.1:$PORT/shop" --query "$Q"
expect err 'holds a password.*defaults-file'
grep -q 'reader pw\|reader%20pw' "$T/err" && fail "the password was shown"
imp 1 --source "mysql://reader@127.0.0.1:$PORT/shop?password=x" --query "$Q"
expect err 'holds a password'
printf '[client]\npassword=wrong\n' >"$T/bad.cnf"
chmod 600 "$T/bad.cnf"
imp 1 --source "mysql://reader@127.0.0.1:$PORT/shop?defaults-file=$T/bad.cnf" --query "$Q"
expect err 'Access denied'
chmod 644 "$T/bad.cnf"
imp 1 --source "mysql://reader@127.0.0.1:$PORT/shop?defaults-file=$T/bad.cnf" --query "$Q"
expect err 'can be read by other users'
SPW=$(secret spw 'reader pw 1')
imp 0 --source "mysql://reader@127.0.0.1:$PORT/shop" --query "$Q" \
    --source-password-file "$SPW" --accept-rejects
ok "a password in the URI is refused; a wrong one fails; an option file must be private; --source-password-file works"

# --- refused queries change nothing ---
U="mysql://reader@127.0.0.1:$PORT/shop?defaults-file=$T/my.cnf"
imp 1 --source "$U" --query "INSERT INTO sales (line_no) VALUES (100000)"
expect err 'READ ONLY transaction'
imp 1 --source "$U" --query "DROP TABLE sales"
expect err 'READ ONLY'
imp 1 --source "$U" --query "SELECT $COLS FROM sales; DELETE FROM sales"
expect err 'SQL syntax'
[ "$(count_rows)" = "$ROWS" ] || fail "a refused query changed the table"
imp 1 --source "$U" --query "SELECT nosuch FROM sales"
expect err "Unknown column 'nosuch'"
n=$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM batches")
imp 1 --source "$U" --query "$Q LIMIT 0"
expect err 'no data rows'
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM batches")" = "$n" ] ||
    fail "0 rows left a batch"
ok "a write, DDL and two statements are refused and change nothing; an unknown column and 0 rows fail"

# --- bounded: the timeout, and a cancel that reaches the server ---
# queries TEXT: how many running queries hold TEXT.
queries() {
	my_su -N -e "SELECT count(*) FROM information_schema.PROCESSLIST WHERE
	    COMMAND = 'Query' AND INFO LIKE '%$1%' AND ID <> CONNECTION_ID()"
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
"$KP" import orders --user ana --password-file "$PW" --source "$U" \
    --query "SELECT $COLS FROM sales WHERE SLEEP($SLEEP) = 0" >"$T/bg.out" 2>"$T/bg.err" &
bg=$!
within 60 running "SLEEP($SLEEP)" || fail "the query never ran: $(cat "$T/bg.err")"
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
within 5 gone "SLEEP($SLEEP)" || fail "the timed-out query still runs on the server"
cat "$T/err" "$T/bg.err" | grep -q 'database is locked' && fail "database is locked"
# The import's own login and the one of history files.
[ "$(logins)" = $((l0 + 2)) ] || fail "logins: $l0 before, $(logins) after"
ok "a query past source_timeout_s is stopped on the server, naming the setting, while others write and log in"

run 0 config set source_timeout_s 300
"$KP" import orders --user ana --password-file "$PW" --source "$U" \
    --query "SELECT $COLS FROM sales WHERE SLEEP(61) = 0" >"$T/bg.out" 2>"$T/bg.err" &
bg=$!
within 60 running 'SLEEP(61)' || fail "the query never ran: $(cat "$T/bg.err")"
run 0 user add carl --role auditor --password-file "$PW"
start=$(date +%s)
kill -INT $bg
wait $bg
st=$?
[ $st = 1 ] || fail "the cancelled import exited $st: $(cat "$T/bg.err")"
[ $(($(date +%s) - start)) -lt 30 ] || fail "the cancel did not stop the query"
grep -q 'import cancelled.*query was cancelled' "$T/bg.err" ||
    fail "no cancel message: $(cat "$T/bg.err")"
within 5 gone 'SLEEP(61)' || fail "the cancelled query still runs on the server"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM batches")" = "$n" ] ||
    fail "the cancelled import left a batch"
ok "while the query runs another command writes; SIGINT cancels it on the server (KILL QUERY) and loads nothing"

# --- TLS: required but unavailable, then a server with a certificate ---
imp 1 --source "$U&ssl-mode=REQUIRED" --query "$Q"
expect err 'SSL|TLS'
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	    -addext subjectAltName=IP:127.0.0.1 -keyout "$S/server.key" \
	    -out "$S/server.crt" >/dev/null 2>&1 || fail "openssl req"
	[ -n "$SRV_USER" ] && chown "$SRV_USER" "$S/server.key" "$S/server.crt"
	chmod 600 "$S/server.key"
	my_stop
	my_start --ssl-cert="$S/server.crt" --ssl-key="$S/server.key"
	kp_fresh mytls
	imp 0 --source "$U&ssl-mode=VERIFY_IDENTITY&ssl-ca=$S/server.crt" \
	    --query "$Q" --accept-rejects
	run 0 check --format json
	expect out 'encrypted: TLS'
	[ "$(sqlite3 "$KPIDESK_DB" "SELECT source_encrypted FROM batches WHERE kind = 'orders'")" = 1 ] ||
	    fail "the batch does not record the encryption"
	ok "TLS required but unavailable fails; VERIFY_IDENTITY works and is recorded"
else
	ok "TLS required but unavailable fails (no openssl here: VERIFY_IDENTITY not tried)"
fi
