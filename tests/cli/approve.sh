#!/bin/sh
# The four-eyes export in steps, each person in their own session:
# `export request` prints the id and summary; `export list` shows what is
# pending, tab-separated and sanitized; the requester cannot approve their
# own request (even holding both roles), an analyst without the approver
# role cannot approve, a wrong password is refused, counted and audited;
# `export write` is refused before the approval, for anyone but the
# requester, and after a rejection; `export approve` then `export write`
# writes the same workbook as the one-shot form. Each refusal exits 1.
# Covers: export/export, export/export_write, app/cli_export.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

DATA="$SRCDIR/data"
PW=$(secret pw 'analyst password 1')
PW2=$(secret pw2 'approver password 1')
PW3=$(secret pw3 'both roles password')
WRONG=$(secret wrong 'not the password at all')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add carol --role analyst --password-file "$PW"
run 0 user add bob --role approver --password-file "$PW2"
run 0 user add dave --role analyst,approver --password-file "$PW3"
run 0 config set login_delay_ms 0
run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"

count() {
	sqlite3 "$KPIDESK_DB" "$1"
}

run 0 export list
[ -s "$T/out" ] && fail "export list shows requests before any was made"
run 0 export request --user ana --password-file "$PW"
expect out '^request [0-9]+$'
expect out '^export request [0-9]+ by ana, as of 2025-10-13$'
expect out 'KPI_Daily_Trend +104 rows'
expect out 'kpidesk export approve [0-9]+ --user NAME'
R1=$(sed -n 's/^request \([0-9]*\)$/\1/p' "$T/out")
[ "$(count "SELECT status FROM export_requests WHERE id = $R1")" = pending ] ||
    fail "request $R1 is not pending"
run 0 export list
expect out "^$R1	2025-10-13	ana	[0-9T:-]+Z	[0-9T:-]+Z$"
[ "$(wc -l <"$T/out")" = 1 ] || fail "export list: $(cat "$T/out")"
ok "request prints the id and summary; list shows it tab-separated"

# Refusals of the approval, each exit 1 and audited, the request untouched.
run 1 export write "$R1" --user ana --password-file "$PW"
expect err "export request $R1 is pending, not approved"
run 1 export approve "$R1" --user ana --password-file "$PW"
expect err 'ana does not hold the approver role'
run 1 export approve "$R1" --user carol --password-file "$PW"
expect err 'carol does not hold the approver role'
run 1 export approve "$R1" --user bob --password-file "$WRONG"
expect err 'approval refused for bob: wrong user name or password'
grep -q 'not the password' "$T/err" "$T/out" && fail "a password was echoed"
[ "$(count "SELECT count FROM login_failures WHERE name = 'bob'")" = 1 ] ||
    fail "the wrong password did not count against bob's lockout"
[ "$(count "SELECT status FROM export_requests WHERE id = $R1")" = pending ] ||
    fail "a refusal closed request $R1"
run 0 audit list --action export.refused
expect out "	ana	export\.refused	request $R1	reason=not an approver"
expect out "	carol	export\.refused	request $R1	reason=not an approver"
expect out "	bob	export\.refused	request $R1	reason=login"
expect out "	ana	export\.refused	request $R1	reason=state"
ok "write before approval, no approver role, a wrong password: refused and audited"

# dave holds both roles: never for his own request.
run 0 export request --user dave --password-file "$PW3"
R2=$(sed -n 's/^request \([0-9]*\)$/\1/p' "$T/out")
run 1 export approve "$R2" --user dave --password-file "$PW3"
expect err "dave requested this export and cannot approve it"
run 1 export reject "$R2" --user dave --password-file "$PW3"
expect err "dave requested this export and cannot reject it"
run 0 export list
[ "$(wc -l <"$T/out")" = 2 ] || fail "two requests should be pending"
ok "the requester cannot approve or reject their own request"

# A rejection closes it: not listed, not approvable, not writable.
run 1 export reject "$R2" --user bob --password-file "$WRONG"
expect err 'rejection refused for bob'
run 0 export reject "$R2" --user bob --password-file "$PW2"
expect out "^request $R2 rejected by bob$"
[ "$(count "SELECT status FROM export_requests WHERE id = $R2")" = refused ] ||
    fail "the rejected request is not refused"
run 0 export list
grep -q "^$R2	" "$T/out" && fail "a rejected request is still listed"
run 1 export approve "$R2" --user bob --password-file "$PW2"
expect err "export request $R2 is refused"
run 1 export write "$R2" --user dave --password-file "$PW3" --out "$T/rejected.xlsx"
expect err "export request $R2 is refused, not approved"
[ -e "$T/rejected.xlsx" ] && fail "a rejected request was written"
run 0 audit list --action export.reject
expect out "	bob	export\.reject	request $R2	"
ok "a rejection is audited and the request can be neither approved nor written"

# Approved: only the requester writes, with their password.
run 0 export approve "$R1" --user bob --password-file "$PW2"
expect out "^request $R1 approved by bob$"
run 0 export list
grep -q "^$R1	" "$T/out" && fail "an approved request is still listed"
run 1 export write "$R1" --user carol --password-file "$PW" --out "$T/carol.xlsx"
expect err "export request $R1 was made by ana: only they may write it"
[ -e "$T/carol.xlsx" ] && fail "someone else wrote the export"
run 1 export write "$R1" --user ana --password-file "$WRONG" --out "$T/r.xlsx"
expect err 'login refused for ana'
run 0 export write "$R1" --user ana --password-file "$PW" --out "$T/r.xlsx"
expect out '^sha256 [0-9a-f]{64}$'
SHA=$(sed -n 's/^sha256 //p' "$T/out")
[ "$(sha256sum "$T/r.xlsx" | cut -c1-64)" = "$SHA" ] || fail "printed SHA-256 differs"
[ "$(stat -c %a "$T/r.xlsx")" = 600 ] || fail "workbook mode"
[ "$(count "SELECT status FROM export_requests WHERE id = $R1")" = exported ] ||
    fail "request $R1 is not exported"
run 1 export write "$R1" --user ana --password-file "$PW" --out "$T/again.xlsx"
expect err "export request $R1 is exported"
# The one-shot form gives the same bytes for the same snapshot.
run 0 export --user ana --approver bob --password-file "$PW" \
    --approver-password-file "$PW2" --out "$T/once.xlsx"
cmp -s "$T/r.xlsx" "$T/once.xlsx" || fail "the steps and the one-shot form differ"
run 0 audit list
expect out "	bob	export\.approve	request $R1	"
expect out "	ana	export\.write	.*request=$R1 .*sha256=$SHA"
expect out "	carol	export\.refused	request $R1	reason=not the requester"
run 0 audit verify
ok "approved, written by the requester only, once; same bytes as the one-shot form"

run 2 export approve --user bob
expect err 'export approve takes one request id'
run 2 export approve 1 --user bob extra
run 2 export write "$R1"
expect err 'export write needs --user NAME'
run 2 export list extra
run 2 export frobnicate
expect err 'export steps are request, list, approve, reject and write'
ok "usage errors"
