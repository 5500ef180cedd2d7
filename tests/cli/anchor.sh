#!/bin/sh
# Audit anchors outside the database (issue 13): imports (snapshots) and an
# export (request, approval, write) append "seq hash time action" to the
# 0600 anchor file beside the database, each line naming a committed entry;
# a clean database passes `audit verify`; a cut tail (the export's entries
# deleted with sqlite3) and a rebuilt entry (its hash edited) are named by
# `audit verify` (exit 1) and refuse the next write (`user add`); `--anchor
# FILE` checks another file; a database made anew beside an old anchor file
# is refused; the setting audit_anchor_file moves the file (the new one
# starts with the newest head); a deleted anchor file, a snapshot whose
# head the chain lost, and an export request, approval or export whose
# entry the chain lost (anchor file cut to match) refuse the next write; audit_anchor_syslog sends the
# lines to syslog. A failed anchor write after its commit (or the file
# put back from an older copy, or emptied) refuses the next write and
# fails verify, naming the entries; `audit anchor` adds their lines.
# Covers: store/anchor, store/audit, app/cli_audit.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need sqlite3

DATA="$SRCDIR/data"
A="$KPIDESK_DB.anchor"
PW=$(secret pw 'analyst password 1')
PW2=$(secret pw2 'approver password 1')
run 0 init --admin root --password-file "$PW"
run 0 user add ana --role analyst --password-file "$PW"
run 0 user add bob --role approver --password-file "$PW2"
# The first open records a baseline of the state rows: its head is the
# anchor file's first line, so the file exists from the start.
[ -f "$A" ] || fail "no anchor file after init"
[ "$(wc -l <"$A")" = 1 ] && grep -Eq ' state\.baseline$' "$A" ||
    fail "the first anchor is not the baseline: $(cat "$A")"
run 0 audit verify
expect out '^audit anchors OK: 1 lines in '
run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"
run 0 export --user ana --approver bob --password-file "$PW" \
    --approver-password-file "$PW2" --out "$T/r.xlsx"
[ -f "$A" ] || fail "no anchor file beside the database"
[ "$(stat -c %a "$A")" = 600 ] || fail "anchor file mode $(stat -c %a "$A")"
grep -Eq '^[0-9]+ [0-9a-f]{64} [0-9T:-]+Z snapshot\.take$' "$A" ||
    fail "no snapshot anchored"
for act in export.request export.approve export.write; do
	grep -Eq " $act\$" "$A" || fail "no $act anchored"
done
# Every line names a committed entry with that hash, once.
while read -r seq hash ts act; do
	got=$(sqlite3 "$KPIDESK_DB" "SELECT hash || ' ' || ts || ' ' || action FROM audit_log WHERE seq = $seq")
	[ "$got" = "$hash $ts $act" ] || fail "anchor line $seq: '$got'"
done <"$A"
[ "$(cut -d' ' -f1 "$A" | sort | uniq -d)" = "" ] || fail "a line twice"
run 0 audit verify
expect out '^audit chain OK'
expect out "^audit anchors OK: $(wc -l <"$A") lines in .*kp\.db\.anchor$"
ok "snapshots and the export's request, approval and write anchored, 0600, verify passes"

cp "$KPIDESK_DB" "$T/clean.db"
cp "$A" "$T/clean.anchor"
restore() {
	cp "$T/clean.db" "$KPIDESK_DB"
	rm -f "$KPIDESK_DB-wal" "$KPIDESK_DB-shm"
	cp "$T/clean.anchor" "$A"
}
users() { sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM users"; }
N=$(users)

# A cut tail: the export's request, approval and write deleted. The chain
# itself still verifies; the anchor file does not.
REQ=$(sqlite3 "$KPIDESK_DB" "SELECT min(seq) FROM audit_log WHERE action = 'export.request'")
LAST=$(tail -n 1 "$A" | cut -d' ' -f1)
sqlite3 "$KPIDESK_DB" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= $REQ"
run 1 audit verify
expect out '^audit chain OK'
expect out "^audit anchor BROKEN: entry $REQ recorded in the anchor file .* is missing: the chain was cut$"
expect out "^audit anchor BROKEN: entry $LAST recorded .* is missing"
expect out '^audit anchors BROKEN: 3 of [0-9]+ lines'
run 1 user add eve --role analyst --password-file "$PW"
expect err "refusing to add to the audit log: entry $LAST recorded in the anchor file .* is missing: the chain was cut"
[ "$(users)" = "$N" ] || fail "user added to a cut chain"
run 1 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"
expect err 'the chain was cut|the chain no longer holds its entry'
ok "a cut tail named by audit verify; the next write refused"

# A rebuilt entry: the newest anchored entry's hash replaced.
restore
sqlite3 "$KPIDESK_DB" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash = '$(printf '%064d' 0 | tr 0 a)' WHERE seq = $LAST"
run 1 audit verify
expect out "^audit anchor BROKEN: entry $LAST's hash differs from the anchor file .*: the chain was rebuilt$"
run 1 user add eve --role analyst --password-file "$PW"
expect err "entry $LAST's hash differs from the anchor file"
[ "$(users)" = "$N" ] || fail "user added to a rebuilt chain"
ok "a rebuilt entry named by audit verify; the next write refused"

# The anchor file deleted: verify fails and nothing is added.
restore
rm -f "$A"
run 1 audit verify
expect out '^audit anchor BROKEN: no anchor file '
run 1 user add eve --role analyst --password-file "$PW"
expect err "the anchor file .* is missing, though the chain holds anchored entries up to $LAST"
[ "$(users)" = "$N" ] || fail "user added without the anchor file"
ok "a deleted anchor file named by audit verify; the next write refused"

# A failed anchor write leaves the file without the newest heads; the
# file put back from an older copy looks the same. Both the next write and
# audit verify name the entries left out; `audit anchor` adds them.
restore
head -n -3 "$T/clean.anchor" >"$A"
run 1 audit verify
expect out '^audit chain OK'
expect out "^audit anchor BROKEN: entry $REQ \(export\.request\) was committed but is not in the anchor file"
expect out '^audit anchors BROKEN: 3 committed heads missing from '
run 1 user add eve --role analyst --password-file "$PW"
expect err "refusing to add to the audit log: entry $REQ \(export\.request\) was committed but is not in the anchor file .*'kpidesk audit anchor'"
[ "$(users)" = "$N" ] || fail "user added while heads were not anchored"
run 0 audit anchor
expect out '^audit anchor: 3 lines added to '
cmp -s "$A" "$T/clean.anchor" || fail "audit anchor wrote other lines: $(cat "$A")"
run 0 audit verify
run 0 user add eve --role analyst --password-file "$PW"
# An emptied file holds no head at all.
restore
: >"$A"
run 1 user add eve --role analyst --password-file "$PW"
expect err 'entry 1 \(state\.baseline\) was committed but is not in the anchor file'
run 1 audit verify
ok "heads left out of the anchor file refuse the next write; audit anchor adds them"

# The write itself failing after the commit (a file kpidesk may not write;
# root writes anyway, so a root run acts as nobody): the change stands, the
# message says what to do, and the next write is refused until then.
restore
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	chown -R nobody "$T"
	AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
elif [ "$(id -u)" != 0 ]; then
	AS=
else
	AS=none
fi
if [ "$AS" != none ]; then
	# The binary itself: a wrapper's valgrind logs would go to a folder
	# the other user may not write.
	KPR=${KPIDESK_BIN:-kpidesk}
	chmod 400 "$A"
	$AS "$KPR" history snapshot 2025-10-12 >"$T/out" 2>"$T/err" &&
	    fail "a snapshot whose head could not be anchored passed"
	expect err "committed, but its head could not be anchored: anchor file .*; every write is refused until the line is added: .* then run 'kpidesk audit anchor'"
	S=$(sqlite3 "$KPIDESK_DB" "SELECT max(seq) FROM audit_log WHERE action = 'snapshot.take'")
	$AS "$KPR" user add eve --role analyst --password-file "$PW" >"$T/out" 2>"$T/err" &&
	    fail "a write passed after a failed anchor write"
	expect err "entry $S \(snapshot\.take\) was committed but is not in the anchor file"
	chmod 600 "$A"
	$AS "$KPR" audit anchor >"$T/out" 2>"$T/err" || fail "audit anchor: $(cat "$T/err")"
	expect out '^audit anchor: 1 lines added'
	$AS "$KPR" user add eve --role analyst --password-file "$PW" >"$T/out" 2>"$T/err" ||
	    fail "no write after audit anchor: $(cat "$T/err")"
	chown -R "$(id -u)" "$T"
	ok "a failed anchor write is reported, refuses the next write, and audit anchor mends it"
else
	echo "# skipped the failed-write part: root without setpriv"
fi

# A cut reaching a snapshot's head, with the anchor file cut to match: the
# snapshot row still names the head, and the next write is refused.
restore
SS=$(sqlite3 "$KPIDESK_DB" "SELECT max(audit_seq) FROM snapshots")
DAY=$(sqlite3 "$KPIDESK_DB" "SELECT day FROM snapshots WHERE audit_seq = $SS")
sqlite3 "$KPIDESK_DB" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= $SS"
awk -v s="$SS" '$1 < s' "$T/clean.anchor" >"$A"
run 1 user add eve --role analyst --password-file "$PW"
expect err "refusing to add to the audit log: snapshot $DAY recorded entry $SS as the head, and the chain no longer holds it"
[ "$(users)" = "$N" ] || fail "user added under a lost snapshot head"
ok "a snapshot's head lost with the anchor file cut too: the next write refused"

# The export's request, approval and write cut, with the anchor file cut
# to match: the request, approval and export rows still name them, and the
# next write is refused (audit verify names the rows through the replay).
restore
sqlite3 "$KPIDESK_DB" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= $REQ"
awk -v s="$REQ" '$1 < s' "$T/clean.anchor" >"$A"
run 1 user add eve --role analyst --password-file "$PW"
expect err "refusing to add to the audit log: export request 1 \(its export\.request entry\) is recorded, and the chain no longer holds its entry"
[ "$(users)" = "$N" ] || fail "user added under a lost export request"
run 1 history snapshot
expect err 'export request 1 \(its export\.request entry\)'
# Only the write cut: the export row still names it.
restore
W=$(sqlite3 "$KPIDESK_DB" "SELECT seq FROM audit_log WHERE action = 'export.write'")
sqlite3 "$KPIDESK_DB" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= $W"
awk -v s="$W" '$1 < s' "$T/clean.anchor" >"$A"
run 1 user add eve --role analyst --password-file "$PW"
expect err 'export 1 \(its export\.write entry\) is recorded'
# Only the approval and the write: the approved request names it.
restore
AP=$(sqlite3 "$KPIDESK_DB" "SELECT seq FROM audit_log WHERE action = 'export.approve'")
sqlite3 "$KPIDESK_DB" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= $AP"
awk -v s="$AP" '$1 < s' "$T/clean.anchor" >"$A"
run 1 config set login_delay_ms 300
expect err 'the approval of export request 1 \(its export\.approve entry\)'
ok "a cut export (request, approval, write) with the anchor file cut too: the next write refused"

# --anchor FILE: another copy of the anchors; a missing one fails.
restore
run 0 audit verify --anchor "$T/clean.anchor"
expect out "^audit anchors OK: [0-9]+ lines in $T/clean\.anchor$"
printf '1 %064d 2025-01-01T00:00:00Z export.write\n' 0 >"$T/other.anchor"
run 1 audit verify --anchor "$T/other.anchor"
expect out "^audit anchor BROKEN: entry 1's hash differs"
echo 'not an anchor' >>"$T/other.anchor"
run 1 audit verify --anchor "$T/other.anchor"
expect out 'line 2 of the anchor file .* is not an anchor'
run 1 audit verify --anchor "$T/none.anchor"
expect out '^audit anchor BROKEN: no anchor file'
run 2 audit list --anchor "$T/clean.anchor"
ok "verify --anchor checks another file; a missing or malformed one fails"

# The setting: a relative name is taken beside the database.
run 0 config set audit_anchor_file moved.anchor
run 0 history snapshot
[ -f "$T/moved.anchor" ] || fail "no anchor at the setting's file"
[ "$(stat -c %a "$T/moved.anchor")" = 600 ] || fail "moved anchor mode"
run 0 audit verify
expect out "^audit anchors OK: 2 lines in $T/moved\.anchor$"
run 0 config set audit_anchor_file ''
ok "audit_anchor_file names the file"

# A database made anew beside the old anchor file: the chain lost its heads.
rm -f "$KPIDESK_DB" "$KPIDESK_DB-wal" "$KPIDESK_DB-shm"
run 1 init --admin root --password-file "$PW"
expect err 'the chain was cut'
ok "a new database beside an old anchor file is refused"

# Syslog: where no syslog daemon owns /dev/log (CI's container), this test
# listens there itself; elsewhere it leaves the system's logger alone.
if [ -e /dev/log ] || [ "$(id -u)" != 0 ]; then
	echo "# skipped the syslog part: /dev/log exists or not root"
	exit 0
fi
cat >"$T/listen.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
try:
    s.bind("/dev/log")
except OSError:
    # Another run of this test bound it first: leave its socket alone.
    open(sys.argv[1], "w").write("busy\n")
    sys.exit(0)
s.settimeout(30)
with open(sys.argv[1], "w") as f:
    f.write("ready\n")
    f.flush()
    while True:
        try:
            d = s.recv(65536)
        except socket.timeout:
            break
        f.write(d.decode("utf-8", "replace") + "\n")
        f.flush()
EOF
python3 "$T/listen.py" "$T/syslog.txt" &
LISTENER=$!
i=0
until grep -Eq '^(ready|busy)$' "$T/syslog.txt" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "no syslog listener"; sleep 0.1
done
if grep -q busy "$T/syslog.txt"; then
	echo "# skipped the syslog part: /dev/log was bound meanwhile"
	exit 0
fi
trap 'kill $LISTENER 2>/dev/null; rm -f /dev/log; rm -rf "$T"' EXIT
KPIDESK_DB="$T/syslog.db"
A="$KPIDESK_DB.anchor"
run 0 init --admin root --password-file "$PW"
run 0 config set audit_anchor_syslog 1
run 0 user add ana --role analyst --password-file "$PW"
run 0 import customers "$DATA/task_DE_new_customers.csv" --user ana --password-file "$PW"
run 0 import orders "$DATA/task_DE_new_orders.xml" --user ana --password-file "$PW"
SEQ=$(tail -n 1 "$A" | cut -d' ' -f1)
i=0
until grep -q "audit anchor $SEQ " "$T/syslog.txt"; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "no syslog line for $SEQ: $(cat "$T/syslog.txt")"
	sleep 0.1
done
# LOG_AUTHPRIV (10 << 3) | LOG_NOTICE (5) = 85
grep -Eq "^<85>.*kpidesk\[[0-9]+\]: audit anchor $SEQ [0-9a-f]{64} .* snapshot\.take$" "$T/syslog.txt" ||
    fail "syslog line: $(cat "$T/syslog.txt")"
run 2 config set audit_anchor_syslog 2
ok "audit_anchor_syslog sends each anchor line to syslog as authpriv.notice"
