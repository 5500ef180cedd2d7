#!/bin/sh
# Issue 17: `kpidesk import orders -` reads standard input (the same batch,
# SHA-256 and proof as the file), bounded by upload_max_bytes as it is
# read; and an import that parses on its own thread (--jobs 2, 8) gives the
# same database as the serial one (--jobs 1): import JSON, check report,
# all KPIs, rejected rows with their line numbers, proof, and the same
# error for a broken file, on data/, on a generated hostile file of many
# row batches, and on the XML files of tests/corpus; and the same file cut
# into chunks read by parsers of their own (KPIDESK_XML_CHUNK_MIN, a test
# knob, makes them small), or read serially when it may not be cut.
# shellcheck source=tests/lib.sh
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need python3

PY=/usr/bin/python3
[ -x $PY ] || PY=python3
DATA="$SRCDIR/data"
ORDERS="$DATA/task_DE_new_orders.xml"
PW=$(secret pw 'analyst password 1')
# Records of the hostile file: fewer under valgrind (KPIDESK_WRAP), still
# more than one row batch of the thread (2048).
NREC=9000
[ -n "${KPIDESK_WRAP:-}" ] && NREC=2500

# mkdb NAME: a database with an analyst and the sample customers.
mkdb() {
	export KPIDESK_DB="$T/$1.db"
	rm -f "$T/$1".db*
	run 0 init --admin root --password-file "$PW"
	run 0 user add ana --role analyst --password-file "$PW"
	run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana \
	    --password-file "$PW"
}

# proof: the proof of the last orders batch, from the audit log.
proof() {
	"$KP" audit list | sed -n 's/.*import\.orders.* proof=\([0-9a-f-]*\).*/\1/p' |
	    tail -1
}

# ---- standard input

mkdb file
run 0 import orders "$ORDERS" --user ana --password-file "$PW" --format json
cp "$T/out" "$T/file.json"
proof >"$T/file.proof"
mkdb pipe
cat "$ORDERS" | "$KP" import orders - --user ana --password-file "$PW" \
    --format json >"$T/pipe.json" 2>"$T/err" || { cat "$T/err"; fail "import orders - failed"; }
proof >"$T/pipe.proof"
sum=$(sha256sum <"$ORDERS" | cut -c1-64)
$PY - "$T/file.json" "$T/pipe.json" "$sum" <<'PYEOF' || fail "stdin import differs from the file's"
import json, sys
f, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert p["file"] == "-", p["file"]
assert p["sha256"] == sys.argv[3], (p["sha256"], sys.argv[3])
assert p["read"] > 400 and p["rejected"] > 0, p
del f["file"], p["file"]
assert f == p, (f, p)
PYEOF
[ -s "$T/file.proof" ] && [ "$(cat "$T/file.proof")" != - ] || fail "no proof recorded"
cmp -s "$T/file.proof" "$T/pipe.proof" || fail "stdin batch proof differs from the file's"
ok "import orders -: same counts, SHA-256 (that of the bytes piped) and proof as the file"

"$KP" import orders - --user ana --password-file "$PW" <"$ORDERS" >"$T/out" 2>"$T/err" ||
    fail "a redirected file on standard input was refused"
expect out "same file .*batch 2"
ok "import orders - <FILE: read, and known as the same file"

run 0 config set upload_max_bytes 50000
cat "$ORDERS" | "$KP" import orders - --user ana --password-file "$PW" >"$T/out" 2>"$T/err" &&
    fail "standard input over upload_max_bytes was accepted"
expect err "standard input holds more than 50000 bytes, over the upload limit"
run 0 config set upload_max_bytes 1073741824
ok "standard input is bounded by upload_max_bytes while it is read"

run 0 config set upload_name_pattern 'orders_*.xml'
cat "$ORDERS" | "$KP" import orders - --user ana --password-file "$PW" >"$T/out" 2>"$T/err" &&
    fail "standard input passed a name pattern"
expect err "standard input has no file name"
run 0 config set upload_name_pattern ''
cat "$DATA/task_DE_new_customers.csv" | "$KP" import customers - --user ana \
    --password-file "$PW" >"$T/out" 2>"$T/err" && fail "customers from standard input"
expect err "standard input \(-\) takes orders as XML"
: | "$KP" import orders - --user ana --password-file "$PW" >"$T/out" 2>"$T/err" &&
    fail "empty standard input was accepted"
expect err "no element found"
printf '<orders>\n</orders>\n' | "$KP" import orders - --user ana --password-file "$PW" \
    >"$T/out" 2>"$T/err" && fail "standard input without records was accepted"
expect err "standard input has no data rows"
run 2 import orders "$ORDERS" --user ana --password-file "$PW" --jobs 0
expect err "--jobs is a number from 1 to 8"
ok "standard input: refused under a name pattern, for customers, when empty; --jobs checked"

# ---- serial and overlapped imports give the same database

# A hostile orders file of many row batches: rejects of every kind spread
# over the file, fields over several lines (so line numbers count),
# attributes, namespaces, CDATA, comments, entities, C1, bidi and
# zero-width characters, repeated fields, warnings, duplicates, conflicts.
$PY - "$T/hostile.xml" "$NREC" <<'PYEOF' || fail "could not write the hostile file"
import sys
out = open(sys.argv[1], "wb")
w = out.write
w(b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- orders -->\n<o:orders xmlns:o="urn:x">\n')
mob = ["9123456781", "+91 98765 43210", "09876543211", "98765-43212", "912345678.0",
       "8123456789.00", "12345", "(981) 234-5678"]
dates = ["2025-10-%02dT09:15:32", "2025-10-%02d 10:00", "2025-10-%02dT08:00:00Z",
         "2025-10-%02dT08:00:00+0530", "%02d/10/2025", "2025-10-%02d", "2025-10-%02dT25:00"]
amts = ["7450", "Rs. 1,234.50", "\u20b9 12,34,567.50", "12.345", "-5", "1e3", "INR 99", "7450.00"]
for i in range(int(sys.argv[2])):
    oid = "ORD-%05d" % (i // 2 if i % 9 else i)
    m = mob[(i // 2) % len(mob)] if i % 13 else mob[i % len(mob)]
    d = dates[(i // 2) % len(dates)] % (1 + (i // 2) % 28)
    a = amts[(i // 2) % len(amts)] if i % 17 else amts[i % len(amts)]
    sku = "SKU-%d" % (1000 + i % 3)
    cnt = ["2", "2.0", "0", "x", " 3 "][i % 5]
    k = i % 10
    if k == 0:
        w(('<o:order order_id="%s"><mobile_number>%s</mobile_number>'
           '<order_date_time>%s</order_date_time><sku_id>%s</sku_id>'
           '<sku_count>%s</sku_count><total_amount>%s</total_amount></o:order>\n'
           % (oid, m, d, sku, cnt, a)).encode())
    elif k == 1:
        w(('<order>\n  <order_id>%s</order_id>\n  <mobile_number>\n%s\n</mobile_number>\n'
           '  <order_date_time><![CDATA[%s]]></order_date_time>\n  <!-- c -->\n'
           '  <sku_id>%s&amp;</sku_id><sku_count>%s</sku_count>\n'
           '  <total_amount>%s</total_amount>\n</order>\n' % (oid, m, d, sku, cnt, a)).encode())
    elif k == 2:
        w(('<order><order_id>%s\u200b</order_id><mobile_number>%s\u00a0</mobile_number>'
           '<order_date_time>%s</order_date_time><sku_id>Zo\u00eb\u0085%s</sku_id>'
           '<sku_count>1</sku_count><total_amount>10</total_amount></order>\n'
           % (oid, m.replace(" ", "\u00a0"), d, sku)).encode())
    elif k == 3:
        w(('<order><Order-ID>%s</Order-ID><order_id>dup</order_id><MOBILE_NUMBER>%s'
           '</MOBILE_NUMBER><order_date_time>%s</order_date_time><sku_id>&#x9b;[31m%s'
           '\u202e</sku_id><sku_count>1</sku_count><total_amount>%s</total_amount>'
           '<extra>x</extra></order>\n' % (oid, m, d, sku, a)).encode())
    elif k == 4:
        w(('<order><order_id>%s</order_id><mobile_number>%s</mobile_number>'
           '<sku_id>%s</sku_id></order>\n' % (oid, m, sku)).encode())
    else:
        w(('<order><order_id>%s</order_id><mobile_number>%s</mobile_number>'
           '<order_date_time>%s</order_date_time><sku_id>%s</sku_id>'
           '<sku_count>%s</sku_count><total_amount>%s</total_amount></order>\n'
           % (oid, m, d, sku, cnt, a)).encode())
w(b'</o:orders>\n')
PYEOF
# The same file cut inside a record near its end: a parse error after
# thousands of rows, the same message either way.
head -c $(($(stat -c %s "$T/hostile.xml") - 150)) "$T/hostile.xml" >"$T/truncated.xml"
# windows-1252 declared: bytes above 127 decoded the same way.
printf '<?xml version="1.0" encoding="windows-1252"?>\n<orders><order><order_id>W1</order_id><mobile_number>9123456781</mobile_number><order_date_time>2025-10-12T09:15:32</order_date_time><sku_id>Caf\351\200</sku_id><sku_count>2</sku_count><total_amount>99</total_amount></order></orders>\n' >"$T/cp1252.xml"

# same_import FILE JOBS: import FILE into a fresh database with --jobs 1
# and with --jobs JOBS; every result must be identical.
same_import() {
	f=$1
	name=$(basename "$f" .xml)
	for j in 1 "$2"; do
		mkdb "$name-j$j"
		"$KP" import orders "$f" --user ana --password-file "$PW" \
		    --format json --accept-rejects --amount-scope line --jobs "$j" \
		    --rejects "$T/$name-j$j.rej.csv" >"$T/$name-j$j.json" \
		    2>"$T/$name-j$j.err"
		echo "status $?" >>"$T/$name-j$j.json"
		"$KP" check --format json >"$T/$name-j$j.check" 2>&1
		"$KP" kpi all --format json >"$T/$name-j$j.kpi" 2>&1
		proof >"$T/$name-j$j.proof"
	done
	for x in json err check kpi proof; do
		cmp -s "$T/$name-j1.$x" "$T/$name-j$2.$x" || {
			diff "$T/$name-j1.$x" "$T/$name-j$2.$x" | head -20
			fail "$name: --jobs 1 and --jobs $2 differ in $x"
		}
	done
	if [ -f "$T/$name-j1.rej.csv" ] || [ -f "$T/$name-j$2.rej.csv" ]; then
		cmp -s "$T/$name-j1.rej.csv" "$T/$name-j$2.rej.csv" ||
		    fail "$name: --jobs 1 and --jobs $2 differ in the rejected rows"
	fi
}

same_import "$ORDERS" 2
grep -q '"status": "committed"' "$T/task_DE_new_orders-j2.json" || fail "sample import failed"
ok "data/ orders: --jobs 1 and --jobs 2 give the same batch, checks, KPIs, rejects, proof"

same_import "$T/hostile.xml" 2
$PY - "$T/hostile-j2.json" "$T/hostile-j2.rej.csv" "$NREC" <<'PYEOF' || fail "the hostile file did not exercise the rules"
import csv, json, sys
n = int(sys.argv[3])
res = json.loads(open(sys.argv[1]).read().split("\nstatus")[0])
assert res["read"] == n and res["loaded"] > n // 9 and res["rejected"] > n // 9, res
assert len(res["rejected_by_reason"]) >= 6, res
rows = list(csv.reader(open(sys.argv[2], newline="")))
lines = sorted({int(r[0]) for r in rows[1:]})
# Rejects from the last of several row batches, with true line numbers:
# the file has about 1.45 lines a record (those of kind 1 span 9 lines).
assert lines[-1] > 1.4 * n, (lines[-5:], n)
PYEOF
[ -n "${KPIDESK_WRAP:-}" ] || same_import "$T/hostile.xml" 8
ok "hostile file ($NREC records, several batches): --jobs 1, 2 (and 8) give the same database"

same_import "$T/truncated.xml" 2
expect "truncated-j2.err" "line [0-9]+"
grep -q '^status 1$' "$T/truncated-j2.json" || fail "truncated file was not refused"
same_import "$T/cp1252.xml" 2
grep -q '"loaded": 1' "$T/cp1252-j2.json" || fail "windows-1252 file not loaded"
# Every XML file of the corpus (under valgrind the first three: each
# import there takes seconds).
n=0
max=100
[ -n "${KPIDESK_WRAP:-}" ] && max=3
for f in "$SRCDIR"/tests/corpus/xml_*.xml; do
	[ "$n" -lt "$max" ] || break
	same_import "$f" 2
	n=$((n + 1))
done
[ "$n" -ge 3 ] || fail "the corpus has only $n XML files"
ok "truncated, windows-1252 and $n corpus XML files: the same outcome and message either way"

# ---- several parsers on one file (--jobs 3 or more: the writer and 2 or
# more parsers): chunks of at least 4 KiB (the test knob
# KPIDESK_XML_CHUNK_MIN; the default is 1 MiB), each read by a parser of
# its own, the rows merged in file order.
export KPIDESK_XML_CHUNK_MIN=4096

# split_seen FILE: --jobs 3 read FILE in chunks (its parser threads read
# it with pread; the serial parse and the scan use read); it fails when
# the file was read serially. Skipped when
# strace cannot trace here, or under valgrind.
split_seen() {
	[ -z "${KPIDESK_WRAP:-}" ] && command -v strace >/dev/null 2>&1 || return 0
	mkdb strace
	strace -f -qq -y -e trace=pread64,read -o "$T/strace" "$KP" import orders \
	    "$1" --user ana --password-file "$PW" --accept-rejects --amount-scope line \
	    --jobs 3 >/dev/null 2>&1
	[ -s "$T/strace" ] || return 0	# strace could not attach
	# SQLite uses pread too: only those on the orders file count.
	grep -q "pread64([0-9]*<[^>]*$(basename "$1")>" "$T/strace"
}

cp "$T/hostile.xml" "$T/split.xml"
same_import "$T/split.xml" 3
[ -n "${KPIDESK_WRAP:-}" ] || same_import "$T/split.xml" 8
split_seen "$T/split.xml" || fail "the hostile file was not read in chunks"
$PY - "$T/split-j3.rej.csv" "$T/hostile-j1.rej.csv" <<'PYEOF' || fail "split rejects lack their true line numbers"
import csv, sys
a = [r[0] for r in csv.reader(open(sys.argv[1], newline=""))]
b = [r[0] for r in csv.reader(open(sys.argv[2], newline=""))]
assert a == b and len(a) > 100, (a[:5], b[:5])
PYEOF
ok "hostile file in 4 KiB chunks, --jobs 3 (and 8): the same database, rejects with true lines"

# Lines of the same orders far apart (in different chunks), their amounts
# differing: the first read is loaded and the later ones are rejected as
# conflicts, so the rows must come in file order to give the same rejects.
$PY - "$T/far.xml" <<'PYEOF' || fail "could not write the far file"
import sys
out = open(sys.argv[1], "w")
out.write('<orders>\n')
for i in range(3000):
    o = i % 37
    out.write('<order><order_id>F%03d</order_id><mobile_number>91234%05d</mobile_number>'
              '<order_date_time>2025-10-%02dT09:15:32</order_date_time><sku_id>S%d</sku_id>'
              '<sku_count>1</sku_count><total_amount>%d</total_amount></order>\n'
              % (o, o, 1 + o % 28, o % 3, 10 + i))
out.write('</orders>\n')
PYEOF
same_import "$T/far.xml" 3
[ -n "${KPIDESK_WRAP:-}" ] || same_import "$T/far.xml" 4
grep -q '"conflicting_line"' "$T/far-j3.json" || fail "the far file had no conflicts"
split_seen "$T/far.xml" || fail "the far file was not read in chunks"
ok "lines of an order in chunks far apart: the same lines loaded and rejected"

# A big windows-1252 file, its declaration on two lines: each chunk
# decodes with the declared encoding, lines counted from the file's start.
$PY - "$T/cp1252big.xml" <<'PYEOF' || fail "could not write the windows-1252 file"
import sys
out = open(sys.argv[1], "wb")
out.write(b'<?xml version="1.0"\r\n encoding="windows-1252"?>\r\n<orders>\r\n')
for i in range(3000):
    out.write(b'<order><order_id>W%d</order_id><mobile_number>91234%05d</mobile_number>'
              b'<order_date_time>2025-10-12T09:15:32</order_date_time>\r\n'
              b'<sku_id>Caf\xe9\x80%d</sku_id><sku_count>%s</sku_count>'
              b'<total_amount>99</total_amount></order>\r\n'
              % (i, i % 50, i % 7, b"2" if i % 11 else b"x"))
out.write(b'</orders>\r\n')
PYEOF
same_import "$T/cp1252big.xml" 3
grep -q '"loaded": [1-9]' "$T/cp1252big-j3.json" || fail "windows-1252 file not loaded"
split_seen "$T/cp1252big.xml" || fail "the windows-1252 file was not read in chunks"
ok "windows-1252 file in chunks (CR LF lines): the same as serially"

# Falls back to the serial parse: a DOCTYPE; a comment holding records'
# text over many chunks' worth of bytes (no cut inside it); an unended
# comment; a parse error in a late chunk, reported with the serial
# message and its line.
{ printf '<?xml version="1.0"?>\n<!DOCTYPE orders>\n'; sed 1d "$T/hostile.xml"; } >"$T/doctype.xml"
same_import "$T/doctype.xml" 3
expect doctype-j3.err "line 2: DOCTYPE is not allowed"
n=$(wc -l <"$T/hostile.xml")
mid=$((n / 2))
{ head -n "$mid" "$T/hostile.xml"; echo '<!--'; sed -n "$mid,$((mid + 300))p" "$T/hostile.xml" | grep -v -e '--'
  echo '-->'; tail -n +$((mid + 1)) "$T/hostile.xml"; } >"$T/comment.xml"
same_import "$T/comment.xml" 3
split_seen "$T/comment.xml" || fail "the file with a long comment was not read in chunks"
{ head -n "$mid" "$T/hostile.xml"; echo '<!-- never ended'; tail -n +$((mid + 1)) "$T/hostile.xml"; } >"$T/unended.xml"
same_import "$T/unended.xml" 3
grep -q '^status 1$' "$T/unended-j3.json" || fail "an unended comment was accepted"
bad=$((n * 4 / 5))
while ! sed -n "${bad}p" "$T/hostile.xml" | grep -q '</sku_id>'; do bad=$((bad + 1)); done
sed "${bad}s|</sku_id>|</sku_idx>|" "$T/hostile.xml" >"$T/late.xml"
same_import "$T/late.xml" 3
expect late-j3.err "line $bad: XML error: mismatched tag"
grep -q '^status 1$' "$T/late-j3.json" || fail "a file with a late parse error was accepted"
ok "DOCTYPE, a long comment, an unended comment, a parse error at line $bad: the serial outcome"

# Every corpus file in chunks of 64 bytes (as far as each may be split).
export KPIDESK_XML_CHUNK_MIN=64
for f in "$SRCDIR"/tests/corpus/xml_*.xml; do
	cp "$f" "$T/c64-$(basename "$f")"
	same_import "$T/c64-$(basename "$f")" 3
done
unset KPIDESK_XML_CHUNK_MIN
ok "corpus XML files in 64-byte chunks: the same outcome and message"

# Standard input through the thread too: the same as the file, serially.
mkdb pipe2
"$KP" import orders - --user ana --password-file "$PW" --format json \
    --accept-rejects --amount-scope line --jobs 2 <"$T/hostile.xml" >"$T/out" 2>"$T/err" ||
    fail "hostile file on standard input failed"
"$KP" kpi all --format json >"$T/pipe2.kpi"
cmp -s "$T/pipe2.kpi" "$T/hostile-j1.kpi" || fail "standard input with --jobs 2 differs"
[ "$(proof)" = "$(cat "$T/hostile-j1.proof")" ] || fail "standard input proof differs"
ok "hostile file on standard input, --jobs 2: the same KPIs and proof as the file"

echo "1..$NTESTS"
