#!/bin/sh
# Output that is safe to show (issue 13): a customer name holding terminal
# payloads (OSC 0 title, OSC 52 clipboard, CSI 2J, U+202E, U+200B) reaches
# no output raw: `kpi --format csv` piped to a file holds placeholders, not
# ESC, BEL or bidi bytes, unless --raw; JSON escapes them; the CSVs of
# `history files` hold none. Names echoed in errors on stderr (file, user,
# option) are sanitized. --rejects never keeps an old file's 0644 mode,
# never writes through a symbolic link and never opens a FIFO; a database
# open to group or others is reported once with the chmod that fixes it;
# `export --out`, `kpi --out`, `history files` and `--rejects` through a
# symbolically linked folder are refused.
# Covers: base/text, base/csvw, report/render, app/cli.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

# raw FILE: whether FILE holds ESC, BEL, U+202E or U+200B as bytes.
raw() {
	LC_ALL=C grep -q "$(printf '[\033\007]')" "$1" ||
	    LC_ALL=C grep -q "$(printf '\342\200[\256\213]')" "$1"
}

PW=$(secret pw 'analyst password 1')
PW2=$(secret pw2 'approver password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add val --role approver --password-file "$PW2"

NAME=$(printf 'Evil \033]0;title\007 \033]52;c;cHduZWQ=\007 \033[2J \342\200\256gnp.exe\342\200\213 end')
{
	echo 'customer_id,customer_name,mobile_number,region'
	printf 'CUST-9001,"%s",9876543210,West\n' "$NAME"
	echo 'CUST-9002,Plain Name,9876543211,East'
} >"$T/customers.csv"
cat >"$T/orders.xml" <<'EOF'
<orders>
<order><order_id>ORD-1</order_id><mobile_number>9876543210</mobile_number><order_date_time>2025-10-10T09:00:00</order_date_time><sku_id>SKU-1</sku_id><sku_count>1</sku_count><total_amount>100</total_amount></order>
<order><order_id>ORD-2</order_id><mobile_number>9876543210</mobile_number><order_date_time>2025-10-11T09:00:00</order_date_time><sku_id>SKU-1</sku_id><sku_count>1</sku_count><total_amount>200</total_amount></order>
<order><order_id>ORD-3</order_id><mobile_number>9876543211</mobile_number><order_date_time>2025-10-12T09:00:00</order_date_time><sku_id>SKU-2</sku_id><sku_count>2</sku_count><total_amount>50</total_amount></order>
</orders>
EOF
run 0 import customers "$T/customers.csv" --user ana --password-file "$PW"
raw "$T/out" && fail "import printed raw bytes"
run 0 import orders "$T/orders.xml" --user ana --password-file "$PW"

# --- kpi: CSV escaped unless --raw; JSON escaped.
run 0 kpi repeat-customers --format csv
raw "$T/out" && { cat -v "$T/out"; fail "piped CSV holds raw ESC, BEL or bidi bytes"; }
expect out '^"CUST-9001","Evil \^\[\]0;title\^G \^\[\]52;c;cHduZWQ=\^G \^\[\[2J <U\+202E>gnp\.exe<U\+200B> end","2"'
expect out '^"customer_id","customer_name","order_count"'
ok "kpi --format csv to a file: controls as ^[ ^G, bidi and zero-width as <U+XXXX>"

run 0 kpi all --format csv --out "$T/kpis"
for f in "$T"/kpis/*.csv; do
	raw "$f" && fail "kpi all --format csv --out: $f holds raw bytes"
done
grep -q 'Evil \^\[' "$T/kpis/repeat-customers.csv" || fail "repeat-customers.csv lacks the escaped name"
run 0 kpi repeat-customers --format csv --raw
raw "$T/out" || fail "--raw must keep the bytes as stored"
LC_ALL=C grep -q "$(printf '\033]52;c;')" "$T/out" || fail "--raw lost the OSC 52 bytes"
run 2 kpi repeat-customers --raw
expect err '--raw applies to --format csv'
ok "kpi --format csv --raw keeps the stored bytes; --raw needs csv"

run 0 kpi all --format json
raw "$T/out" && fail "JSON holds raw bytes"
expect out 'Evil \\u001b\]0;title\\u0007 .*\\u202egnp\.exe\\u200b end'
ok "JSON escapes controls, bidi and zero-width characters as \\\\uXXXX"

# --- history files: no raw byte in any CSV.
run 0 history snapshot
DAY=$(sed -n 's/^snapshot \([0-9-]*\) taken.*/\1/p' "$T/out")
[ -n "$DAY" ] || fail "no snapshot day"
run 0 history files "$DAY" "$T/files"
for f in "$T/files/$DAY"/*.csv; do
	raw "$f" && { cat -v "$f"; fail "$(basename "$f") holds raw bytes"; }
done
grep -q 'Evil \^\[\]0;title\^G .*<U+202E>gnp\.exe<U+200B> end' "$T/files/$DAY/customers.csv" ||
    fail "customers.csv lost the name's placeholders"
(cd "$T/files/$DAY" && sha256sum -c --quiet MANIFEST.sha256) ||
    fail "the manifest no longer matches"
ok "history files: every CSV escaped, the manifest still checks"

# --- Names echoed in errors are sanitized.
EVIL=$(printf 'x\033]0;pwn\007\342\200\256y')
run 1 import customers "$T/$EVIL.csv" --user ana --password-file "$PW"
raw "$T/err" && { cat -v "$T/err"; fail "a file name reached stderr raw"; }
expect err 'x(\^\[|␛)\]0;pwn(\^G|␇)'
run 1 import customers "$T/customers.csv" --user "$EVIL" --password-file "$PW"
raw "$T/err" && { cat -v "$T/err"; fail "a user name reached stderr raw"; }
expect err 'login refused'
run 2 kpi all "--$EVIL"
raw "$T/err" && { cat -v "$T/err"; fail "an option reached stderr raw"; }
run 2 "$EVIL"
raw "$T/err" && { cat -v "$T/err"; fail "a command name reached stderr raw"; }
expect err 'unknown command'
ok "file, user, option and command names on stderr are sanitized"

# --- --rejects: 0644 not kept, no link followed, no FIFO opened.
printf 'CUST-1,A,9876543219,West\nCUST-2,,9876543218,West\n' >"$T/bad.csv"
sed -i '1i customer_id,customer_name,mobile_number,region' "$T/bad.csv"
echo old >"$T/rej.csv"
chmod 644 "$T/rej.csv"
run 0 import customers "$T/bad.csv" --user ana --password-file "$PW" --accept-rejects --rejects "$T/rej.csv"
[ "$(stat -c %a "$T/rej.csv")" = 600 ] || fail "the old 0644 mode was kept"
grep -q old "$T/rej.csv" && fail "the old content was kept"
expect out 'wrote 1 rejected rows'
ls "$T" | grep -q '^rej\.csv\.' && fail "a temporary file was left"
ok "--rejects over an existing 0644 file of ours: replaced by a new 0600 file"

echo victim >"$T/victim"
ln -s "$T/victim" "$T/rejlink.csv"
run 1 import customers "$T/bad.csv" --user ana --password-file "$PW" --accept-rejects --rejects "$T/rejlink.csv"
expect err 'symbolic link'
[ "$(cat "$T/victim")" = victim ] || fail "wrote through a symbolic link"
mkfifo "$T/fifo.csv"
timeout 60 "$KP" import customers "$T/bad.csv" --user ana --password-file "$PW" \
    --accept-rejects --rejects "$T/fifo.csv" >"$T/out" 2>"$T/err"
st=$?
[ $st = 124 ] && fail "--rejects hung on a FIFO"
[ $st = 1 ] || fail "--rejects to a FIFO exited $st, expected 1"
expect err 'not a regular file'
ok "--rejects refuses a symbolic link and a FIFO without opening them"

# --- A database open to others: one warning with the fix.
chmod 644 "$KPIDESK_DB"
run 0 kpi monthly-trend
[ "$(grep -c 'chmod 600' "$T/err")" = 1 ] || { cat "$T/err"; fail "no single warning for a 0644 database"; }
expect err 'warning: the database is open to group or others: .*kp\.db \(0644\)'
run 0 import orders "$T/orders.xml" --user ana --password-file "$PW"
[ "$(grep -c 'chmod 600' "$T/err")" = 1 ] || { cat "$T/err"; fail "the warning is not once per command"; }
chmod 600 "$KPIDESK_DB"
for f in "$KPIDESK_DB-wal" "$KPIDESK_DB-shm"; do
	[ -e "$f" ] && chmod 600 "$f"
done
run 0 kpi monthly-trend
grep -q 'chmod' "$T/err" && fail "a warning for a private database"
[ -e "$KPIDESK_DB-wal" ] && {
	chmod 640 "$KPIDESK_DB-wal"
	run 0 kpi monthly-trend
	expect err 'kp\.db-wal \(0640\)'
	chmod 600 "$KPIDESK_DB-wal"
}
ok "a database (or its WAL) open to others: one warning naming chmod 600"

# --- export --out through a symbolically linked folder.
mkdir "$T/real" "$T/real/sub"
ln -s "$T/real" "$T/linkdir"
X="--password-file $PW --approver-password-file $PW2"
run 1 export --user ana --approver val $X --out "$T/linkdir/r.xlsx"
expect err 'linkdir is a symbolic link'
run 1 export --user ana --approver val $X --out "$T/linkdir/sub/r.xlsx"
expect err 'linkdir is a symbolic link'
[ -n "$(ls -A "$T/real" | grep -v '^sub$')" ] && fail "wrote through a linked folder"
[ -n "$(ls -A "$T/real/sub")" ] && fail "wrote through a linked folder"
run 0 export --user ana --approver val $X --out "$T/real/sub/r.xlsx"
[ -f "$T/real/sub/r.xlsx" ] || fail "the real path was refused"
ok "export --out with a symbolically linked folder anywhere in it is refused"

# --- Every other file kpidesk writes where it is told: never through a
# symbolically linked folder either (kpi --out, history files, --rejects).
run 1 kpi all --format csv --out "$T/linkdir/k"
expect err 'linkdir is a symbolic link: kpidesk never writes through one'
run 1 history files "$DAY" "$T/linkdir"
expect err 'linkdir is a symbolic link'
run 1 history files "$DAY" "$T/linkdir/sub"
expect err 'linkdir is a symbolic link'
run 1 import customers "$T/bad.csv" --user ana --password-file "$PW" \
    --accept-rejects --rejects "$T/linkdir/sub/rej.csv"
expect err 'linkdir is a symbolic link'
[ -n "$(ls -A "$T/real" | grep -v '^sub$')" ] && fail "wrote through a linked folder: $(ls -A "$T/real")"
[ "$(ls -A "$T/real/sub")" = r.xlsx ] || fail "wrote through a linked folder: $(ls -A "$T/real/sub")"
run 0 history files "$DAY" "$T/real/sub"
[ -f "$T/real/sub/$DAY/MANIFEST.sha256" ] || fail "the real path was refused"
ok "kpi --out, history files and --rejects through a linked folder are refused"
