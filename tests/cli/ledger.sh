#!/bin/sh
# The log as the source of truth for state (ledger.c, issue 13): after a
# real day's work (users, imports, an export, a setting) `audit verify`
# replays the log and finds every watched row as recorded; then, as an
# attacker with sqlite3 and the database file, each change below is named
# by table and key: an approver's pw_hash replaced with one of a known
# password, a user deleted, a user added, settings lowered
# (lockout_threshold=0, approval_minutes=999999), batch metadata, a check,
# an export request, an export and a snapshot edited or deleted. A login
# on an account whose pw_hash or roles were changed so is refused with an
# integrity alert. A later
# change through kpidesk does not launder an earlier edit; the same row
# changed again through kpidesk is recorded anew. State entries are written
# in the transaction of the change, and the baseline is the first entry.
# Covers: store/ledger, store/audit, app/cli_audit.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

DATA="$SRCDIR/data"
PW=$(secret pw 'analyst password 1')
PW2=$(secret pw2 'approver password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add val --role approver --password-file "$PW2"
run 0 user add eve --role analyst --password-file "$PW"
run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"
run 0 export --user ana --approver val --password-file "$PW" \
    --approver-password-file "$PW2" --out "$T/r.xlsx"
run 0 config set lockout_minutes 20
run 0 audit verify
expect out '^audit chain OK'
expect out '^audit state OK: [0-9]+ rows of accounts, settings, batches, exports and snapshots match the log$'
q() { sqlite3 "$KPIDESK_DB" "$1"; }
[ "$(q "SELECT action FROM audit_log WHERE seq = 1")" = state.baseline ] ||
    fail "the first entry is not the baseline"
# Each change is recorded right after its action, in the same commit.
[ "$(q "SELECT count(*) FROM audit_log a WHERE action = 'user.add' AND
    (SELECT action FROM audit_log b WHERE b.seq = a.seq + 1) <> 'state'")" = 0 ] ||
    fail "a user.add without its state entry"
q "SELECT details FROM audit_log WHERE action = 'state' AND object LIKE '%settings%'" |
    grep -Eq "^settings	lockout_minutes	[0-9a-f]{64}$" ||
    fail "the setting's new hash is not recorded"
q "SELECT details FROM audit_log" | grep -q 'pw_hash\|\$argon2' &&
    fail "a password hash in the log"
ok "a day's work verifies; each change is recorded with its row hash, never the password hash"

cp "$KPIDESK_DB" "$T/clean.db"
cp "$KPIDESK_DB.anchor" "$T/clean.anchor"
restore() {
	cp "$T/clean.db" "$KPIDESK_DB"
	rm -f "$KPIDESK_DB-wal" "$KPIDESK_DB-shm"
	cp "$T/clean.anchor" "$KPIDESK_DB.anchor"
}
# tamper SQL PATTERN...: apply SQL behind kpidesk's back, then audit verify
# must fail naming each PATTERN.
tamper() {
	restore
	q "$1"
	shift
	run 1 audit verify
	expect out '^audit chain OK'
	for p in "$@"; do
		expect out "^audit state BROKEN: $p behind kpidesk's back"
	done
}

# The approver's password hash replaced with the analyst's: whoever knows
# ana's password can approve as val.
tamper "UPDATE users SET pw_hash = (SELECT pw_hash FROM users WHERE name = 'ana') WHERE name = 'val'" \
    "users row 'val' was edited"
# ... and the approval it was for is refused at val's login, with an alert.
run 0 export request --user ana --password-file "$PW"
ID=$(q "SELECT max(id) FROM export_requests")
run 1 export approve "$ID" --user val --password-file "$PW"
expect err "approval refused for val: this account's record was changed behind kpidesk's back"
[ "$(q "SELECT status FROM export_requests WHERE id = $ID")" = pending ] ||
    fail "the request was approved with a replaced pw_hash"
[ "$(q "SELECT details FROM audit_log WHERE action = 'integrity.alert' ORDER BY seq DESC LIMIT 1")" = \
    "users row 'val' was edited behind kpidesk's back; login refused" ] ||
    fail "no integrity alert for the replaced pw_hash"
ok "a replaced pw_hash is named, and refused at the login"

tamper "DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE name = 'eve');
    DELETE FROM users WHERE name = 'eve'" \
    "users row 'eve' was deleted" "user_roles row '[0-9]+/analyst' was deleted"
tamper "INSERT INTO users (name, pw_hash, created_at, created_by, pw_changed_at)
    SELECT 'mallory', pw_hash, created_at, 'os:root', pw_changed_at FROM users WHERE name = 'ana';
    INSERT INTO user_roles SELECT id, 'approver' FROM users WHERE name = 'mallory'" \
    "users row 'mallory' was added" "user_roles row '[0-9]+/approver' was added"
tamper "INSERT INTO user_roles SELECT id, 'admin' FROM users WHERE name = 'ana'" \
    "user_roles row '[0-9]+/admin' was added"
run 1 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"
expect err "login refused for ana: this account's record was changed behind kpidesk's back"
# Set again through kpidesk, the row is recorded anew and ana logs in.
run 0 user roles ana analyst
run 0 kpi monthly-trend
run 0 history files "$(q "SELECT max(day) FROM snapshots")" "$T/ev" --user ana --password-file "$PW"
ok "a deleted user, an added user and a granted role are named; the granted role refuses the login until set again"

tamper "UPDATE settings SET value = '0' WHERE key = 'lockout_threshold';
    UPDATE settings SET value = '999999' WHERE key = 'approval_minutes'" \
    "settings row 'approval_minutes' was edited" \
    "settings row 'lockout_threshold' was edited"
ok "edited settings are named"

tamper "UPDATE batches SET rows_rejected = 0 WHERE kind = 'orders';
    DELETE FROM checks WHERE status = 'WARN';
    UPDATE export_requests SET approved_by = 'bob';
    DELETE FROM exports;
    DELETE FROM snapshot_kpis WHERE day = (SELECT max(day) FROM snapshots);
    DELETE FROM snapshots WHERE day = (SELECT max(day) FROM snapshots)" \
    "batches row '[0-9]+' was edited" "checks row '[0-9]+/[0-9]+' was deleted" \
    "export_requests row '1' was edited" "exports row '1' was deleted" \
    "snapshots row '[0-9-]+' was deleted" "snapshot_kpis row '[0-9-]+/daily-trend' was deleted"
ok "batch metadata, a check, an export request, an export and a snapshot: each named"

# A later change through kpidesk records only its own rows: the earlier
# edit stays named. Setting the same row through kpidesk records it anew.
restore
q "UPDATE settings SET value = '0' WHERE key = 'lockout_threshold'"
run 0 config set login_delay_ms 100
run 0 user disable eve
run 1 audit verify
expect out "^audit state BROKEN: settings row 'lockout_threshold' was edited"
expect out '^audit state BROKEN: 1 of [0-9]+ rows differ from the log$'
run 0 config set lockout_threshold 5
run 0 audit verify
expect out '^audit state OK'
ok "a later change does not launder an edit; the row set again through kpidesk verifies"

# The column lists are held to the schema: an added column stops kpidesk.
restore
q "ALTER TABLE users ADD COLUMN note TEXT"
run 1 user list
expect err 'table users has the columns \(.*note\), not the ones kpidesk records: it was altered outside kpidesk'
ok "a column added behind kpidesk's back stops it"
