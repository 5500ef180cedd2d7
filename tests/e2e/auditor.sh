#!/bin/sh
# The auditor's views in the real TUI at 80x24: home offers History and the
# audit log only, the session is read-only (status line); a past day opens
# with its stored KPIs equal to `kpidesk history show`, tabs switch, the
# summary shows its content hash and the export made from it, V verifies
# it, d compares two days as `history diff` does; the audit log shows the
# chain OK, the state replay OK (and FAILED naming an edited setting) and
# filters; --start upload is refused and ends on home, --start
# audit opens the log. Nothing but the auditor's own login entries is
# written by these sessions. An admin reads the log with a normal session;
# a tampered log shows where the chain broke.
# Covers: ui/scr_history, ui/scr_hist_day, ui/scr_audit, history/*.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"
need python3

make_db
run 0 user add aud --role auditor --password-file "$PW"
load_sample
run 0 history snapshot 2025-10-12
run 0 user add val --role approver --password-file "$PW"
run 0 export --user ana --approver val --password-file "$PW" \
    --approver-password-file "$PW" --as-of 2025-10-13
xsha=$(sed -n 's/^sha256 \([0-9a-f]\{16\}\).*/\1/p' "$T/out")
[ -n "$xsha" ] || fail "export printed no SHA-256"

# What the command line says, to compare with the screens.
py() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"
}
"$KP" history show 2025-10-13 --kpi regional-revenue --format json >"$T/h.json" ||
    fail "history show failed"
region=$(py "$T/h.json" 'd["kpis"]["regional-revenue"]["rows"][0][0]')
rev=$(py "$T/h.json" 'd["kpis"]["regional-revenue"]["rows"][0][2]')
content=$(py "$T/h.json" 'd["content_hash"]')
"$KP" history diff 2025-10-12 2025-10-13 >"$T/diff" || fail "history diff failed"
change=$(grep -m1 '^regional-revenue ' "$T/diff" | cut -c1-50)
[ -n "$change" ] || fail "no regional change between the two days"

# Everything but the audit log, to show that the sessions wrote nothing.
db_state() {
	sqlite3 "$KPIDESK_DB" "SELECT sql FROM sqlite_master ORDER BY name"
	for t in $(sqlite3 "$KPIDESK_DB" "SELECT name FROM sqlite_master \
	    WHERE type = 'table' AND name <> 'audit_log' ORDER BY name"); do
		echo "== $t"
		sqlite3 "$KPIDESK_DB" "SELECT * FROM \"$t\"" ||
		    echo "unreadable: $t"
	done | sha256sum
}
before=$(db_state)
seq0=$(sqlite3 "$KPIDESK_DB" "SELECT max(seq) FROM audit_log")

tui_start --db "$KPIDESK_DB"
login aud 'analyst password 1'
wait_for 'What would you like to do'
wait_for '1  History'
wait_for '2  Audit log'
wait_for 'aud \(auditor\).* read-only'
# The step bar (line 1) names every step; the menu must not.
screen | sed 1d | grep -Eiq 'upload|import|check|export|users|KPI dash' &&
    fail "an auditor's home offers more than history and the audit log"
ok "home offers History and the audit log only; the session is read-only"

keys 1
wait_for 'Snapshot days: 2'
wait_line '2025-10-12' 'intact'
keys /
type_text '2025-10-13'
keys Enter Enter
wait_for 'Repeat customers as of 2025-10-13 +stored'
keys 4
wait_for 'Regional revenue as of 2025-10-13'
wait_line "$region" " ₹$(grouped "$rev")"
keys 2
wait_for 'Daily trend as of 2025-10-13'
keys Tab Tab Tab Tab
wait_for 'Summary as of 2025-10-13'
wait_for "content +$content"
wait_for 'Exports made from this day: 1'
wait_line 'Customer_Order_Report_2025-10-13.xlsx' "$xsha"
ok "a day opens with its stored KPIs as the CLI shows them; tabs; summary"

# The day's export rebuilt from its snapshot: byte for byte the original.
keys R
wait_for 'Export 1 rebuilt: identical'
wait_for 'recorded SHA-256:'
wait_for 'rebuilt SHA-256 \([0-9,]+ bytes \([0-9.]+ KiB\)\):'
[ "$(screen | grep -c "$xsha")" -ge 2 ] || fail "the two SHA-256 are not both shown"
keys Enter
wait_gone 'Export 1 rebuilt'
ok "R rebuilds the day's export and finds it identical"

keys V
wait_for 'Verify 2025-10-13: OK'
wait_for '2025-10-13: verified'
keys Enter
wait_gone 'Verify 2025-10-13'
wait_for 'mark +verified'
keys d
wait_for 'Compare 2025-10-13 with which day'
keys Up Enter
wait_for 'Changes from 2025-10-12 to 2025-10-13'
wait_line "$change" 'regional-revenue'
keys q
wait_gone 'Changes from 2025-10-12'
wait_for 'Summary as of 2025-10-13'
keys q
wait_for 'Snapshot days: 2'
wait_line '2025-10-13' 'verified'
ok "V verifies the day; d compares two days as 'history diff' does"

keys q
wait_for 'What would you like to do'
keys 2
wait_for 'chain OK: [0-9]+ entries, head [0-9]+'
wait_for 'state OK: [0-9]+ rows \(accounts, settings, batches, exports\) match the log'
wait_line 'snapshot.take' '2025-10-12'
keys f
type_text 'action=login actor=aud'
keys Enter
wait_for '[0-9]+ entr(y|ies) where actor=aud action=login'
screen | grep -q 'snapshot.take' && fail "the filter let other actions through"
keys F
wait_line 'snapshot.take' '2025-10-12'
keys f
type_text 'date=2025-13-45'
keys Enter
wait_for 'not a filter: date=2025-13-45'
ok "the audit log shows the chain OK and filters by actor, action and date"
keys Q
wait_for 'kpidesk exited'

tui_start --db "$KPIDESK_DB" --start upload
login aud 'analyst password 1'
wait_for 'the upload screen is not open to your roles'
wait_for 'What would you like to do'
screen | grep -q 'Upload the customer master' && fail "upload offered to an auditor"
keys Q
wait_for 'kpidesk exited'
tui_start --db "$KPIDESK_DB" --start audit
login aud 'analyst password 1'
wait_for 'chain OK'
keys Q
wait_for 'kpidesk exited'
ok "--start upload is refused and ends on home; --start audit opens the log"

[ "$(db_state)" = "$before" ] || fail "an auditor session changed the database"
others=$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM audit_log WHERE \
    seq > $seq0 AND NOT (actor = 'aud' AND action = 'login')")
logins=$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM audit_log WHERE \
    seq > $seq0 AND actor = 'aud' AND action = 'login'")
[ "$others" = 0 ] && [ "$logins" = 3 ] ||
    fail "the auditor sessions wrote $others entries besides $logins logins"
run 0 audit verify
ok "nothing but the three login entries was written"

tui_start --db "$KPIDESK_DB" --start audit
login root 'analyst password 1'
wait_for 'chain OK'
screen | grep -q 'read-only' && fail "an admin's session is read-only"
keys q
wait_for '[0-9]  Audit log'
screen | grep -q 'History' && fail "an admin sees the auditors' history"
keys Q
wait_for 'kpidesk exited'
ok "an admin reads the audit log too, with a normal session"

# An entry edited behind SQLite's back: the log says where the chain broke.
cp "$KPIDESK_DB" "$T/tampered.db"
cp "$KPIDESK_DB.anchor" "$T/tampered.db.anchor"
sqlite3 "$T/tampered.db" "DROP TRIGGER audit_log_no_update; \
    UPDATE audit_log SET details = 'tampered' WHERE seq = 3"
tui_start --db "$T/tampered.db" --start audit
login aud 'analyst password 1'
wait_for 'chain FAILED at entry 3'
wait_for 'entry 3 was edited'
# The list opens at the broken entry: its position is 3 of the entries.
wait_for ' 3/[0-9]+$'
keys Q
wait_for 'kpidesk exited'
ok "a tampered log shows the chain FAILED at the edited entry, selected"

# A setting lowered behind kpidesk's back: the log says which row.
cp "$KPIDESK_DB" "$T/state.db"
cp "$KPIDESK_DB.anchor" "$T/state.db.anchor"
sqlite3 "$T/state.db" "UPDATE settings SET value = '0' WHERE key = 'lockout_threshold'"
tui_start --db "$T/state.db" --start audit
login aud 'analyst password 1'
wait_for 'state FAILED: 1 of [0-9]+ rows differ from the log'
wait_for "settings row 'lockout_threshold' was edited behind kpidesk's back"
keys Q
wait_for 'kpidesk exited'
ok "an edited setting shows the state FAILED with its row"
