#!/bin/sh
# Export from the command line: request + second authorization + write with
# password files; the workbook read back with openpyxl (a reader nobody here
# wrote): sheet names and order, headers, every KPI value equal to
# `kpidesk kpi all --format json`, money numeric with format 0.00, no formula
# cell anywhere, a name starting with = stays a string, identifiers are
# strings, mode 0600, Summary with both users and the audit head; a second
# export of the same data (same sheets; --force over an existing file);
# each refusal exits 1 with its reason and is audited.
# Covers: export/*, app/cli_export.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

PY=/usr/bin/python3
[ -x $PY ] || PY=python3
need python3 openpyxl
DATA="$SRCDIR/data"
PW=$(secret pw 'analyst password 1')
PW2=$(secret pw2 'approver password 1')
PW3=$(secret pw3 'both roles password')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add carol --role analyst --password-file "$PW"
run 0 user add bob --role approver --password-file "$PW2"
run 0 user add dave --role analyst,approver --password-file "$PW3"

# The sample master with hostile names: formulas must stay text.
$PY - "$DATA/task_DE_new_customers.csv" "$T/customers.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
rows[1][1] = "=1+2"
rows[2][1] = '=HYPERLINK("http://example.invalid","x")'
rows[3][1] = "@SUM(A1)"
rows[4][1] = "+cmd"
rows[5][1] = "-5 Traders"
csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8")).writerows(rows)
PYEOF
run 0 import customers "$T/customers.csv" --user ana --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"

X="--password-file $PW --approver-password-file $PW2"
run 0 export --user ana --approver bob $X
expect out '^wrote .*/exports/Customer_Order_Report_2025-10-13\.xlsx$'
expect out '^sha256 [0-9a-f]{64}$'
expect out 'KPI_Daily_Trend +104 rows'
BOOK=$(sed -n 's/^wrote //p' "$T/out")
SHA1=$(sed -n 's/^sha256 //p' "$T/out")
[ "$BOOK" = "$T/exports/Customer_Order_Report_2025-10-13.xlsx" ] || fail "default path: $BOOK"
[ "$(stat -c %a "$BOOK")" = 600 ] || fail "workbook mode $(stat -c %a "$BOOK")"
[ "$(stat -c %a "$T/exports")" = 700 ] || fail "exports folder mode"
[ "$(sha256sum "$BOOK" | cut -d' ' -f1)" = "$SHA1" ] || fail "printed SHA-256 differs"
ok "export with password files: path, SHA-256, modes 0600/0700"

run 0 kpi all --format json
cp "$T/out" "$T/kpi.json"
$PY - "$BOOK" "$T/kpi.json" "$KPIDESK_DB" <<'PYEOF' || fail "workbook contents"
import datetime, json, sqlite3, sys
import openpyxl

book, kpis = openpyxl.load_workbook(sys.argv[1]), json.load(open(sys.argv[2]))
db = sqlite3.connect(sys.argv[3])
assert book.sheetnames == ["Summary", "KPI_Repeat_Customers", "KPI_Daily_Trend",
    "KPI_Monthly_Trend", "KPI_Regional_Revenue", "KPI_Top_Spenders", "Customers",
    "Current_Day_Orders", "Previous_Day_Orders", "Checks"], book.sheetnames

# No formula anywhere.
for ws in book:
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", (ws.title, c.coordinate, c.value)

sheets = {"repeat-customers": "KPI_Repeat_Customers", "daily-trend": "KPI_Daily_Trend",
          "monthly-trend": "KPI_Monthly_Trend", "regional-revenue": "KPI_Regional_Revenue",
          "top-spenders": "KPI_Top_Spenders"}
money = {"revenue", "total_spend"}
assert list(kpis) == list(sheets), list(kpis)
for name, sheet in sheets.items():
    k, ws = kpis[name], book[sheet]
    rows = list(ws.iter_rows())
    assert [c.value for c in rows[0]] == k["columns"], (sheet, [c.value for c in rows[0]])
    assert len(rows) - 1 == len(k["rows"]), (sheet, len(rows) - 1, len(k["rows"]))
    for want, got in zip(k["rows"], rows[1:]):
        for col, v, c in zip(k["columns"], want, got):
            where = (sheet, c.coordinate, v, c.value)
            if col in money:
                assert c.data_type == "n" and c.number_format == "0.00", where
                assert isinstance(c.value, (int, float)) and "%.2f" % c.value == v, where
            elif isinstance(v, int):
                assert c.data_type == "n" and c.value == v and not isinstance(c.value, bool), where
            elif col == "day":
                assert isinstance(c.value, datetime.datetime), where
                assert c.value.strftime("%Y-%m-%d") == v, where
            else:
                assert c.data_type == "s" and c.value == v, where
    assert len(ws._charts) == (0 if name == "repeat-customers" else 1), (sheet, len(ws._charts))

# Identifiers are strings; hostile names stay strings.
cust = list(book["Customers"].iter_rows(values_only=False))
assert [c.value for c in cust[0]] == ["customer_id", "customer_name", "mobile_number", "region"]
for r in cust[1:]:
    assert r[0].data_type == "s" and r[2].data_type == "s" and len(r[2].value) == 10, [c.value for c in r]
names = {r[1].value: r[1].data_type for r in cust[1:]}
for hostile in ("=1+2", '=HYPERLINK("http://example.invalid","x")', "@SUM(A1)", "+cmd", "-5 Traders"):
    assert names.get(hostile) == "s", (hostile, names.get(hostile))
n_cust = db.execute("SELECT count(*) FROM customers WHERE to_batch IS NULL").fetchone()[0]
assert len(cust) - 1 == n_cust, (len(cust), n_cust)

for sheet, day in (("Current_Day_Orders", "2025-10-12"), ("Previous_Day_Orders", "2025-10-11")):
    rows = list(book[sheet].iter_rows())
    assert [c.value for c in rows[0]] == ["order_id", "mobile_number", "order_date_time",
        "sku_id", "sku_count", "total_amount"], sheet
    want = db.execute("SELECT order_id, mobile, ordered_text, sku_id, sku_count, amount "
        "FROM order_lines WHERE day = julianday(?) - 2440587.5 "
        "ORDER BY order_id, sku_id", (day,)).fetchall()
    assert len(want) > 0 and len(rows) - 1 == len(want), (sheet, len(rows), len(want))
    for w, r in zip(want, rows[1:]):
        for i in (0, 1, 2, 3):
            assert r[i].data_type == "s" and r[i].value == w[i], (sheet, w, r[i].value)
        assert r[4].value == w[4] and r[5].number_format == "0.00", (sheet, w)
        assert "%.2f" % r[5].value == "%d.%02d" % divmod(w[5], 100), (sheet, w, r[5].value)

checks = list(book["Checks"].iter_rows(values_only=True))
assert checks[0][:6] == ("batch", "kind", "file", "category", "check", "status"), checks[0]
assert len(checks) - 1 == db.execute("SELECT count(*) FROM checks").fetchone()[0]

# Summary: both users, the day's snapshot (when frozen, its content hash,
# the audit head it holds), the inputs.
summ = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r[0]}
assert summ["Requested by"] == "ana" and summ["Approved by (a second person, approver role)"] == "bob", summ
assert summ["Report as of"].strftime("%Y-%m-%d") == "2025-10-13"
snap = db.execute("SELECT taken_at, content_hash, audit_seq, audit_hash FROM snapshots "
    "WHERE day = '2025-10-13'").fetchone()
assert summ["Data frozen at (UTC, the day's snapshot)"] == snap[0], (summ, snap)
assert summ["Snapshot content hash (kpidesk history verify)"] == snap[1], (summ, snap)
seq = summ["Audit chain head in the snapshot: sequence"]
assert seq == snap[2] and summ["Audit chain head in the snapshot: hash"] == snap[3], (summ, snap)
assert db.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0] == snap[3]
values = [str(v) for r in book["Summary"].iter_rows(values_only=True) for v in r if v is not None]
for sha, in db.execute("SELECT sha256 FROM batches"):
    assert sha in values, sha
PYEOF
ok "workbook: sheets, headers, every KPI value, formats, no formulas, strings, Summary"

# The export is in the audit log with its SHA-256.
run 0 audit list --action export.write
expect out "sha256=$SHA1"
run 0 audit verify
ok "audited with its SHA-256; the chain verifies"

# The same data again: refused over the existing file, then --force.
run 1 export --user ana --approver bob $X
expect err 'exists: confirm to replace it \(--force\)'
run 0 export --user ana --approver bob $X --force
SHA2=$(sed -n 's/^sha256 //p' "$T/out")
[ "$(stat -c %a "$BOOK")" = 600 ] || fail "mode after --force"
run 0 export --user ana --approver bob $X --out "$T/second.xlsx"
SHA3=$(sed -n 's/^sha256 //p' "$T/out")
[ "$(sha256sum "$T/second.xlsx" | cut -d' ' -f1)" = "$SHA3" ] || fail "--out SHA-256"
# The same snapshot exported three times by separate requests and
# approvals: the same bytes every time.
[ -n "$SHA2" ] && [ -n "$SHA3" ] || fail "no SHA-256 printed"
[ "$SHA1" = "$SHA2" ] && [ "$SHA2" = "$SHA3" ] || fail "the same snapshot exported again gave other bytes: $SHA1 $SHA2 $SHA3"
cmp -s "$BOOK" "$T/second.xlsx" || fail "the two workbooks differ"
ok "same snapshot again: refused without --force, replaced with it, identical bytes"

# A later day's orders: the past day's export rebuilds to the same bytes.
cat >"$T/later.xml" <<'XML'
<orders><order><order_id>LATE1</order_id><mobile_number>9123456781</mobile_number><order_date_time>2025-10-20T10:00:00</order_date_time><sku_id>S1</sku_id><sku_count>1</sku_count><total_amount>10.00</total_amount></order></orders>
XML
run 0 import orders "$T/later.xml" --user ana --password-file "$PW"
run 0 history reexport 2025-10-13
expect out "^export 3 rebuilt: sha256 $SHA1, [0-9]+ bytes$"
expect out '^identical to the original export 3$'
run 0 history reexport 2025-10-13 --export 1 --out "$T/again.xlsx"
[ "$(sha256sum "$T/again.xlsx" | cut -d' ' -f1)" = "$SHA1" ] || fail "re-export SHA-256"
[ "$(stat -c %a "$T/again.xlsx")" = 600 ] || fail "re-export mode"
run 0 audit list --action export.reexport
expect out "sha256=$SHA1"
run 1 history reexport 2025-10-13 --out "$T/again.xlsx"
expect err 'again.xlsx exists'
run 1 history reexport 2025-10-12
expect err 'no export was made of 2025-10-12'
run 1 history reexport 2025-10-13 --export 99
expect err 'there is no export 99 of 2025-10-13'
run 1 history reexport 2025-10-12 --export 1
expect err 'there is no export 1 of 2025-10-12'
run 2 history reexport 2025-10-13 --export x
ok "history reexport: a past day rebuilt byte for byte, written 0600 and audited"

# Refusals: each exits 1, says why, and leaves no file.
rm -f "$T/r.xlsx"
WRONG=$(secret wrong 'not the password at all')
run 1 export --user ana --approver bob --password-file "$PW" --approver-password-file "$WRONG" --out "$T/r.xlsx"
expect err 'approval refused for bob: wrong user name or password'
run 1 export --user dave --approver dave --password-file "$PW3" --approver-password-file "$PW3" --out "$T/r.xlsx"
expect err 'dave requested this export and cannot approve it'
run 1 export --user ana --approver carol --password-file "$PW" --approver-password-file "$PW" --out "$T/r.xlsx"
expect err 'carol does not hold the approver role'
run 1 export --user bob --approver dave --password-file "$PW2" --approver-password-file "$PW3" --out "$T/r.xlsx"
expect err 'bob does not hold the role needed'
run 1 export --user ana --approver bob --password-file "$WRONG" --approver-password-file "$PW2" --out "$T/r.xlsx"
expect err 'login refused for ana'
chmod 644 "$PW2"
run 1 export --user ana --approver bob $X --out "$T/r.xlsx"
expect err 'can be read by other users'
chmod 600 "$PW2"
ln -s "$T/victim" "$T/link.xlsx"
run 1 export --user ana --approver bob $X --out "$T/link.xlsx" --force
expect err 'is a symbolic link'
[ -e "$T/victim" ] && fail "wrote through a symbolic link"
run 1 export --user ana --approver bob $X --out "$T/nowhere/r.xlsx"
expect err 'folder .*/nowhere does not exist'
[ -e "$T/r.xlsx" ] && fail "a refused export left a file"
run 0 audit list --action export.refused
for reason in login 'same person' 'not an approver' 'output path'; do
	expect out "reason=$reason"
done
run 0 audit list --action export.cancel
expect out 'request'
ok "refusals: wrong password, same person, no role, requester, file mode, symlink, folder"

run 2 export --user ana
expect err 'needs --user NAME .* and --approver NAME'
run 2 export --user ana --approver bob --as-of 2025-13-01
run 2 export --user ana --approver bob extra
ok "usage errors"
