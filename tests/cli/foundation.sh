#!/bin/sh
# Command line of the foundation: init, user add/list/disable/unlock/passwd,
# audit list/verify, --db and KPIDESK_DB, exit codes 0/1/2, password-file
# permissions, and tampering caught by `audit verify`.
# Covers: app/cli, app/cli_user, account/users, store/audit.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
need sqlite3

ADMIN_PW=$(secret admin.pw 'admin password 1')
ANA_PW=$(secret ana.pw 'analyst password 1')

run 0 --version
expect out '^kpidesk [0-9]+\.[0-9]+'
ok "--version"
run 0 --help
expect out 'init'
expect out 'audit'
ok "--help lists commands"
run 2 frobnicate
expect err "unknown command 'frobnicate'"
ok "unknown command is usage error"

run 1 user list
expect err 'no database at .*kpidesk init'
ok "commands refuse a missing database"

run 2 init
expect err 'needs --admin'
run 2 init --admin root --tz Mars/Olympus --password-file "$ADMIN_PW"
expect err 'time zone'
run 0 init --admin root --password-file "$ADMIN_PW"
expect out 'created'
[ "$(stat -c %a "$KPIDESK_DB")" = 600 ] || fail "database mode is not 600"
ok "init creates a 0600 database"
run 1 init --admin root2 --password-file "$ADMIN_PW"
expect err 'already has users'
ok "init refuses an initialised database"

run 0 user add ana --role analyst --password-file "$ANA_PW"
run 0 user add val --role approver,auditor --password-file "$(secret v.pw 'approver password')"
run 2 user add bob --role boss --password-file "$ANA_PW"
expect err "unknown role 'boss'"
run 1 user add short --role analyst --password-file "$(secret s.pw 'short')"
expect err 'at least 12'
chmod 644 "$ANA_PW"
run 1 user add carl --role analyst --password-file "$ANA_PW"
expect err 'can be read by other users'
chmod 600 "$ANA_PW"
ok "user add: roles, policy and password-file mode"

run 0 user list
expect out '^ana +analyst +enabled'
expect out '^val +approver,auditor +enabled'
expect out '^root +admin'
ok "user list"

run 0 user disable ana
run 0 user list
expect out '^ana +analyst +disabled'
run 0 user enable ana
run 1 user disable nobody
expect err "no user named 'nobody'"
run 0 user unlock ana
run 0 user passwd ana --password-file "$(secret n.pw 'a fresh password')"
run 0 user roles ana analyst,approver
run 0 user list
expect out '^ana +analyst,approver'
ok "disable, enable, unlock, passwd, roles"

# --db overrides KPIDESK_DB, before or after the command.
OTHER="$T/other/kp.db"
run 0 --db "$OTHER" init --admin boss --password-file "$ADMIN_PW"
run 0 user list --db "$OTHER"
expect out '^boss'
[ "$(stat -c %a "$T/other")" = 700 ] || fail "database folder is not 700"
ok "--db before and after the command"

run 0 audit list
expect out 'os:[^	]*	init'
expect out 'user\.add	ana	analyst'
expect out 'user\.disable	ana'
grep -q 'analyst password' "$T/out" && fail "a password reached the audit log"
run 0 audit list --action user.add
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "audit --action filter"
run 0 audit verify
expect out 'audit chain OK: [0-9]+ entries'
# A --since that is not a day would filter everything out without a word.
run 2 audit list --since notaday
expect err '--since and --until take a day, YYYY-MM-DD'
run 2 audit list --until 2025-13-01
run 0 audit list --since 2000-01-01 --until 2999-01-01 --action user.add
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "audit --since/--until filter"
ok "audit list and verify; --since and --until take days only"

run 0 help
expect out '^usage: kpidesk \[--db PATH\] COMMAND'
expect out '^  audit +show or verify'
run 0 help audit
expect out '^usage: kpidesk audit \[list\]'
run 2 help nosuch
expect err "no command 'nosuch': 'kpidesk help' lists them"
ok "kpidesk help and help COMMAND"

# Tamper through SQLite directly: edit entry 3, verify names it and exits 1.
command -v sqlite3 >/dev/null || fail "sqlite3 CLI missing"
sqlite3 "$KPIDESK_DB" "DROP TRIGGER audit_log_no_update;
    UPDATE audit_log SET details = 'forged' WHERE seq = 3;"
run 1 audit verify
expect out 'BROKEN at entry 3: entry 3 was edited'
ok "audit verify catches an edited entry"
