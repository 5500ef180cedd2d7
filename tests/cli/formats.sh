#!/bin/sh
# Output formats of the command line (issue 15): --format json for user
# list, config list, audit list, history list and source list|queries, each
# parsed by Python and compared with the table; --format text as table's
# synonym; kpi all --format csv refused without --out DIR and, with it, one
# NAME.csv per KPI equal to the single-KPI CSV (0600, never over a file or
# through a link); the import's status (committed, refused, pending) in JSON
# and text, --hold with import accept|discard; audit list --user as
# --actor's synonym; each command's --help describing its options.
# Covers: app/cli_*, base/json, report/render.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need python3

PY=/usr/bin/python3
[ -x $PY ] || PY=python3
DATA="$SRCDIR/data"
PW=$(secret pw 'formats password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add aud --role auditor,approver --password-file "$PW"
run 0 user disable aud

# py CODE: run Python on $T/out (as d, parsed JSON) with the arguments after.
py() {
	code=$1
	shift
	$PY -c "import json, sys
d = json.load(open('$T/out'))
$code" "$@" || { cat "$T/out"; fail "python check failed: $code"; }
}

# --- import status: committed, refused, pending ---
run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW" --format json
py 'assert d["status"] == "committed", d["status"]'
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"
expect out '^read [0-9]+, loaded [0-9]+, rejected'
expect out '^status: committed$'
ok "a committed import says committed, in JSON and text"

printf 'customer_id,customer_name,mobile_number,region\nC1,A,123,West\nC2,B,9123456780,West\n' >"$T/bad.csv"
run 1 import customers "$T/bad.csv" --user ana --password-file "$PW" --format json
py 'assert d["status"] == "refused" and d["loaded"] + d["rejected"] + d["duplicates"] == d["read"], d'
run 1 import customers "$T/bad.csv" --user ana --password-file "$PW" --format text
expect out '^read 2, would load 1, rejected 1'
expect out '^status: refused, nothing was loaded$'
grep -q 'loaded 1' "$T/out" && fail "a refused import says loaded 1"
expect err 'nothing was loaded'
ok "a refused import says refused and would load, never loaded"

# A repeat of the sample orders loads nothing new: held, then decided.
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW" --hold --format json
py 'assert d["status"] == "pending", d["status"]'
held=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["batch"])' "$T/out")
run 0 check "$held"
expect out "^batch $held \\(orders, pending\\)"
run 1 export request --user ana --password-file "$PW"
expect err "batch $held is waiting to be accepted or discarded"
run 2 import accept --user ana --password-file "$PW"
run 2 import accept "$held" --user ana --password-file "$PW" --rejects "$T/r.csv"
run 1 import accept "$held" --user aud --password-file "$PW"
run 0 import accept "$held" --user ana --password-file "$PW" --format json
py 'assert d == {"batch": int(sys.argv[1]), "status": "committed"}, d' "$held"
run 0 check "$held"
expect out "^batch $held \\(orders, committed\\)"
run 1 import discard "$held" --user ana --password-file "$PW"
expect err 'not waiting for a decision'
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW" --hold
expect out '^status: pending: .kpidesk import accept [0-9]+. commits it'
held=$(sed -n 's/^batch \([0-9]*\) .*/\1/p' "$T/out")
run 0 import discard "$held" --user ana --password-file "$PW"
expect out "^batch $held discarded"
run 0 check "$held"
expect out "^batch $held \\(orders, discarded\\)"
ok "--hold leaves the batch pending; import accept and discard decide on it"

# --- user list ---
run 0 user list
expect out '^ana +analyst +enabled'
expect out '^aud +approver,auditor +disabled'
grep -q active "$T/out" && fail "user list still says active"
run 0 user list --format json
py '
u = {x["name"]: x for x in d["users"]}
assert sorted(u) == ["ana", "aud", "root"], u
assert u["ana"]["roles"] == ["analyst"] and u["ana"]["status"] == "enabled"
assert u["aud"]["roles"] == ["approver", "auditor"] and u["aud"]["status"] == "disabled"
assert u["root"]["locked_until"] is None and u["root"]["failures"] == 0
assert u["ana"]["created_by"].startswith("os:")'
run 2 user list --format xml
expect err '--format is table or json'
run 2 user add bob --role analyst --format json
ok "user list: enabled or disabled, and as JSON"

# --- config list ---
run 0 config set lockout_threshold 7
run 0 config list --format json
py '
s = {x["key"]: x for x in d["settings"]}
assert s["lockout_threshold"]["value"] == "7" and s["lockout_threshold"]["default"] == "5", s["lockout_threshold"]
assert s["data_tz"]["value"] == "Asia/Kolkata" and s["data_tz"]["help"]
assert all(set(x) == {"key", "value", "default", "help"} for x in d["settings"])'
keys=$($PY -c 'import json,sys; print(" ".join(x["key"] for x in json.load(open(sys.argv[1]))["settings"]))' "$T/out")
run 0 config list --format table
for k in $keys; do
	grep -q "^$k " "$T/out" || fail "config list has no $k line"
done
run 2 config set lockout_threshold 7 --format json
ok "config list as JSON: every setting of the table, value and default"

# --- audit list ---
run 0 audit list --format json
py '
e = d["entries"]
assert [x["seq"] for x in e] == list(range(1, len(e) + 1))
assert all(x["prev_hash"] == p["hash"] for p, x in zip(e, e[1:]))
assert any(x["action"] == "batch.accept" and x["actor"] == "ana" for x in e)
assert any(x["action"] == "config.set" and x["details"] == "lockout_threshold = 7" for x in e)'
n=$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["entries"]))' "$T/out")
run 0 audit list
[ "$(wc -l <"$T/out")" -ge "$n" ] || fail "audit list has fewer lines than JSON entries"
run 0 audit list --actor ana --action batch.discard
cp "$T/out" "$T/actor.txt"
run 0 audit list --user ana --action batch.discard
cmp -s "$T/out" "$T/actor.txt" || fail "audit list --user differs from --actor"
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "one batch.discard by ana expected"
run 0 audit list --actor ana --since 2000-01-01 --format json
py 'assert d["entries"] and all(x["actor"] == "ana" for x in d["entries"])'
run 2 audit verify --format json
ok "audit list as JSON, the chain linked; --user is --actor"

# --- history list ---
run 0 history list --format json
py '
import re
s = d["snapshots"]
assert s, "no snapshots"
for x in s:
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", x["day"]) and re.fullmatch(r"\d+\.\d\d", x["revenue"])
    assert x["content"] == "intact" and len(x["content_hash"]) == 64
    assert isinstance(x["orders"], int) and isinstance(x["order_lines"], int)'
$PY -c 'import json,sys; [print(x["day"], x["order_lines"], x["orders"], x["revenue"]) for x in json.load(open(sys.argv[1]))["snapshots"]]' "$T/out" >"$T/hj"
run 0 history list --format text
awk 'NR > 1 { print $1, $3, $4, $5 }' "$T/out" >"$T/ht"
cmp -s "$T/hj" "$T/ht" || { cat "$T/hj" "$T/ht"; fail "history list JSON and table differ"; }
run 2 history verify --format json
ok "history list as JSON matches the table; text is table's synonym"

# --- source list and queries ---
run 0 source list --format json
py 'assert d == {"sources": []}, d'
run 0 source add shop "sqlite:$T/shop.db"
run 0 source query shop daily 'SELECT * FROM orders'
run 0 source list --format json
py 'assert d["sources"][0]["name"] == "shop" and d["sources"][0]["uri"] == sys.argv[1], d' "sqlite:$T/shop.db"
run 0 source queries shop --format json
py 'assert d["source"] == "shop" and d["queries"][0]["name"] == "daily" and d["queries"][0]["sql"] == "SELECT * FROM orders", d'
run 2 source remove shop --format json
ok "source list and queries as JSON"

# --- kpi all --format csv ---
run 2 kpi all --format csv
expect err 'kpi all --format csv needs --out DIR'
[ -s "$T/out" ] && fail "a refused kpi all csv printed something"
run 2 kpi all --format json --out "$T/k"
expect err '--out DIR goes with --format csv'
[ -e "$T/k" ] && fail "a refused --out made its folder"
run 0 kpi all --format csv --out "$T/k"
names=$($PY -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1])).keys()))' /dev/stdin <<EOF
$("$KP" kpi all --format json)
EOF
)
[ "$(echo $names | wc -w)" -eq 5 ] || fail "five KPIs expected, got: $names"
[ "$(ls "$T/k" | wc -l)" -eq 5 ] || fail "five files expected in --out DIR"
[ "$(stat -c %a "$T/k")" = 700 ] || fail "--out DIR is not 0700"
for k in $names; do
	[ "$(stat -c %a "$T/k/$k.csv")" = 600 ] || fail "$k.csv is not 0600"
	grep -qx "$T/k/$k.csv" "$T/out" || fail "the path of $k.csv is not printed"
	"$KP" kpi "$k" --format csv >"$T/one.csv" || fail "kpi $k --format csv"
	cmp -s "$T/one.csv" "$T/k/$k.csv" || fail "$k.csv differs from kpi $k --format csv"
done
cp "$T/k/daily-trend.csv" "$T/daily.before"
run 1 kpi all --format csv --out "$T/k"
expect err 'repeat-customers.csv already exists'
cmp -s "$T/daily.before" "$T/k/daily-trend.csv" || fail "a refused run changed a file"
mkdir "$T/real" && ln -s "$T/real" "$T/link"
run 1 kpi all --format csv --out "$T/link"
expect err 'is a symbolic link'
[ -z "$(ls "$T/real")" ] || fail "files written through a symbolic link"
mkdir "$T/k2" && ln -s "$T/elsewhere.csv" "$T/k2/top-spenders.csv"
run 1 kpi all --format csv --out "$T/k2"
expect err 'top-spenders.csv already exists'
[ -e "$T/elsewhere.csv" ] && fail "a link in --out DIR was followed"
[ "$(ls "$T/k2" | wc -l)" -eq 1 ] || fail "a refused run left files in --out DIR"
run 0 kpi monthly-trend --format csv
cmp -s "$T/out" "$T/k/monthly-trend.csv" || fail "single-KPI csv changed"
run 0 kpi top-spenders --format csv --out "$T/single"
[ "$(ls "$T/single")" = top-spenders.csv ] || fail "kpi NAME --out DIR writes one file"
cmp -s "$T/single/top-spenders.csv" "$T/k/top-spenders.csv" || fail "kpi NAME --out differs"
ok "kpi all --format csv: refused without --out, one file per KPI with it"

# --- help ---
run 0 help user
expect out '^  --format table\|json'
expect out '^  disable NAME +refuse its logins'
for c in init user config import check kpi export history source audit; do
	run 0 "$c" --help
	expect out "^usage: kpidesk $c"
	expect out '^  --db PATH +the database'
	# every option in the usage has a line of its own
	for o in $(sed -n '/^$/q;p' "$T/out" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "^  $o[ ,]" "$T/out" ||
			fail "$c --help: $o has no line of its own"
	done
done
run 0 help audit
expect out '^  --actor NAME'
run 0 help demo
expect out '^usage: kpidesk demo \[--reset\]'
expect out '^  --reset '
run 0 help help
expect out '^commands:'
ok "each command's help describes every option of its usage"

# Every option a command's help lists is in the man page (as troff writes
# it, \-\-name), and so is every command.
for c in init user config import check kpi export history source audit demo; do
	grep -q "^\.B.* $c\b\|^\.B $c\b" "$SRCDIR/man/kpidesk.1.in" || fail "man page lacks $c"
	[ "$c" = demo ] && continue
	run 0 "$c" --help
	for o in $(awk '/^  --/ { print $1 }' "$T/out"); do
		grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$SRCDIR/man/kpidesk.1.in" ||
			fail "man page lacks $o of $c"
	done
done
grep -q '^\.RB \[ \\-\\-start' "$SRCDIR/man/kpidesk.1.in" || fail "SYNOPSIS lacks --start"
sed -n '/^\.SH SYNOPSIS/,/^\.SH/p' "$SRCDIR/man/kpidesk.1.in" >"$T/syn"
grep -q '^\.B kpidesk demo' "$T/syn" && grep -q 'reset' "$T/syn" && grep -q 'start' "$T/syn" ||
	fail "SYNOPSIS lacks demo --reset or --start"
ok "the man page names every command and option"

echo "all $NTESTS passed"
