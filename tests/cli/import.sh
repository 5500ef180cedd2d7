#!/bin/sh
# Import from the command line on the sample data of data/: the JSON contract
# of DESIGN.md section 4, the counts compared with an independent Python
# oracle (tests/data/expected.py), CSV and XLSX customers alike, re-import
# adding nothing, --rejects, the reject threshold and --accept-rejects,
# refusals (wrong password, wrong role), and `kpidesk check`.
# Covers: ingest/*, app/cli_import.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need python3

PY=/usr/bin/python3
[ -x $PY ] || PY=python3
DATA="$SRCDIR/data"
PW=$(secret pw 'analyst password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add aud --role auditor --password-file "$PW"

# compare KIND JSONFILE: our counts equal the oracle's for the same file.
compare() {
	$PY - "$1" "$T/$2" "$T/oracle.json" <<'PYEOF' || fail "counts differ from the oracle ($1)"
import json, sys
kind, ours, oracle = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))[sys.argv[1]]
keys = ["batch", "kind", "file", "sha256", "read", "loaded", "rejected", "duplicates", "warnings", "rejected_by_reason", "status"]
# The contract's keys in order; keys may be added after them, none removed.
assert list(ours)[:len(keys)] == keys, list(ours)
assert list(ours)[len(keys):] == (["amount_scope"] if kind == "orders" else []), list(ours)
assert ours["status"] == oracle["status"], (ours["status"], oracle["status"])
if kind == "orders":
    assert ours["amount_scope"] == oracle["amount_scope"], (ours["amount_scope"], oracle["amount_scope"])
assert isinstance(ours["batch"], int) and ours["kind"] == kind
assert ours["loaded"] + ours["rejected"] + ours["duplicates"] == ours["read"]
assert sum(ours["rejected_by_reason"].values()) == ours["rejected"]
for k in ["sha256", "read", "loaded", "rejected", "duplicates", "warnings"]:
    assert ours[k] == oracle[k], (k, ours[k], oracle[k])
PYEOF
}

$PY "$SRCDIR/tests/data/expected.py" --customers "$DATA/task_DE_new_customers.csv" \
    --orders "$DATA/task_DE_new_orders.xml" >"$T/oracle.json" || fail "oracle failed"
run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW" --format json
cp "$T/out" "$T/c.json"
compare customers c.json
ok "customers CSV: JSON shape and counts match the oracle"

run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW" \
    --format json --rejects "$T/rej.csv"
cp "$T/out" "$T/o.json"
compare orders o.json
[ "$(stat -c %a "$T/rej.csv")" = 600 ] || fail "rejects file is not 0600"
[ "$(tail -n +2 "$T/rej.csv" | wc -l)" -eq 7 ] || fail "rejects file should hold 6 rejected + 1 duplicate"
ok "orders XML: counts match the oracle, --rejects written 0600"

$PY "$SRCDIR/tests/data/expected.py" --customers "$DATA/task_DE_new_customers.xlsx" \
    --orders "$DATA/task_DE_new_orders.xml" >"$T/oracle.json" || fail "oracle failed"
run 0 import customers "$DATA/task_DE_new_customers.xlsx" --user ana --password-file "$PW" --format json
cp "$T/out" "$T/x.json"
compare customers x.json
ok "customers XLSX: counts match the oracle"

run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"
expect out 'loaded 0, rejected 6, duplicates 412'
expect out 'was loaded as batch 2'
ok "re-importing the same orders adds nothing"

run 0 check
expect out '^batch 4 \(orders, committed\)'
expect out 'WARN +1  file not loaded before'
run 0 check 2
expect out 'amount scope: order, 85 of 85 multi-line orders repeat their total'
run 0 check 2 --format json
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["batch"]==2; assert any(c["status"]=="FAIL" and c["count"]==2 for c in d["checks"])' "$T/out" ||
    fail "check --format json"
run 2 check abc
ok "check report, table and JSON"

# Over the threshold: nothing loaded, exit 1; accepted explicitly: loaded.
printf 'customer_id,customer_name,mobile_number,region\nC1,A,123,West\nC2,B,9123456780,West\n' >"$T/bad.csv"
run 1 import customers "$T/bad.csv" --user ana --password-file "$PW"
expect err 'over the 5% limit: nothing was loaded'
run 0 import customers "$T/bad.csv" --user ana --password-file "$PW" --accept-rejects
expect out 'loaded 1, rejected 1'
ok "reject threshold and --accept-rejects"

run 1 import customers "$T/bad.csv" --user aud --password-file "$PW"
expect err 'role needed \(analyst\)'
run 1 import customers "$T/bad.csv" --user ana --password-file "$(secret w 'wrong password!')"
expect err 'login refused for ana: wrong user name or password'
run 1 import customers "$T/missing.csv" --user ana --password-file "$PW"
expect err 'cannot open'
run 2 import customers --user ana
run 2 import things x --user ana
run 2 import orders "$DATA/task_DE_new_orders.xml" --user ana --amount-scope lines
expect err 'amount-scope is auto, line or order'
run 1 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW" --encoding windows-1252
expect err 'encoding is for CSV files'
run 1 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW" --sheet One
expect err 'sheet is for XLSX workbooks'
run 1 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW" --encoding ebcdic
expect err 'windows-1252'
run 1 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW" --source-tz Mars/Base
expect err 'Mars/Base'
ok "refusals: role, password, missing file, usage, options that do not apply"

# Names holding escape sequences reach the terminal only as placeholders.
printf 'customer_id,customer_name,mobile_number,region\nC9,"\033]0;pwn\007\033[2J",9123456780,West\nC8,B,1,West\n' >"$T/esc.csv"
run 0 import customers "$T/esc.csv" --user ana --password-file "$PW" --accept-rejects
run 0 check
if grep -q "$(printf '\033')" "$T/out"; then fail "raw ESC on the terminal"; fi
ok "no raw escape bytes in check output"

# The upload policy is a setting an operator changes (audited).
run 0 config set upload_name_pattern 'task_DE_new_customers*.csv'
run 1 import customers "$T/bad.csv" --user ana --password-file "$PW" --accept-rejects
expect err 'does not match the required pattern'
run 0 config set upload_name_pattern ''
run 2 config set upload_max_bytes lots
run 2 config set no_such_key 1
run 1 config set data_tz UTC
expect err 'cannot change once orders are loaded'
run 0 audit list --action config.set
expect out 'upload_name_pattern = task_DE'
ok "upload policy settings: name pattern enforced, validated, audited"
