#!/bin/sh
# Crash safety: kill -9 an import part-way through a large file; the database
# must pass PRAGMA integrity_check and hold none of the batch.
# Covers: ingest/import, store/db.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need sqlite3

PW=$(secret pw 'analyst password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
awk 'BEGIN {
	print "<orders>"
	for (i = 0; i < 400000; i++)
		printf "<order><order_id>O%d</order_id><mobile_number>9123456781</mobile_number><order_date_time>2025-10-12T09:15:32</order_date_time><sku_id>S</sku_id><sku_count>1</sku_count><total_amount>1</total_amount></order>\n", i
	print "</orders>"
}' >"$T/big.xml"

"$KP" import orders "$T/big.xml" --user ana --password-file "$PW" >/dev/null 2>&1 &
pid=$!
# Wait until the import has written a good part of its transaction.
i=0
while [ "$(stat -c %s "$KPIDESK_DB-wal" 2>/dev/null || echo 0)" -lt 4000000 ]; do
	kill -0 $pid 2>/dev/null || fail "the import ended before it could be killed"
	i=$((i + 1))
	[ $i -lt $((600 * ${KP_E2E_SCALE:-1})) ] ||
	    fail "the import made no progress in $((60 * ${KP_E2E_SCALE:-1})) s"
	sleep 0.1
done
kill -9 $pid
wait $pid 2>/dev/null
[ "$(sqlite3 "$KPIDESK_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after kill -9"
[ "$(sqlite3 "$KPIDESK_DB" 'SELECT count(*) FROM order_lines')" = 0 ] || fail "lines of the killed batch survived"
[ "$(sqlite3 "$KPIDESK_DB" 'SELECT count(*) FROM batches')" = 0 ] || fail "the killed batch survived"
run 0 audit verify
ok "kill -9 mid-import leaves an intact database without the batch"

# The database still works: the same import now completes.
head -1001 "$T/big.xml" >"$T/small.xml"
echo "</orders>" >>"$T/small.xml"
run 0 import orders "$T/small.xml" --user ana --password-file "$PW"
expect out 'loaded 1000'
ok "imports work again after the crash"
