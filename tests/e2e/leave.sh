#!/bin/sh
# A screen's leave that fails is said, not swallowed (the screen contract,
# doc/SCREENS.md; ui/ui.c, ui/scr_export.c). ana requests an export and the
# Authorize screen waits for an approver; `kpidesk user roles ana approver`
# runs from the shell; q leaves the screen, whose withdrawal of the request
# the core now refuses: the dashboard shows "export request N was not
# withdrawn" with the core's cause, and the request is still pending (it
# expires). With the role back, a request left with q is withdrawn and
# audited with nothing said. Quitting with Q while the withdrawal is
# refused says why on stderr once the terminal is given back.
# Covers: ui/ui, ui/scr_export.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$SRCDIR/tests/e2e/lib.sh"

make_db
load_sample
status() {
	sqlite3 "$KPIDESK_DB" "SELECT status FROM export_requests WHERE id = $1"
}

# request: e on the dashboard; prints the request id.
request() {
	keys e
	wait_for 'Waiting for an approver'
	screen | sed -n 's/.*Export request \([0-9]*\) by ana.*/\1/p' | head -1
}

tui_start --db "$KPIDESK_DB" --start kpi
login ana 'analyst password 1'
wait_for 'Repeat customers +as of 2025-10-13'
rid=$(request)
[ -n "$rid" ] || fail "no request id on the screen"
run 0 user roles ana approver
keys q
wait_for "export request $rid was not withdrawn: ana no longer holds the analyst role"
wait_for 'Repeat customers +as of 2025-10-13'
tui_alive
[ "$(status "$rid")" = pending ] || fail "request $rid is $(status "$rid"), not pending"
ok "a refused withdrawal on leaving is shown with the core's cause"

run 0 user roles ana analyst
rid=$(request)
keys q
wait_gone 'Waiting for an approver'
wait_for 'Repeat customers +as of 2025-10-13'
screen | grep -q 'not withdrawn' && fail "a withdrawal that worked was reported"
[ "$(status "$rid")" = refused ] || fail "request $rid is $(status "$rid"), not withdrawn"
[ "$(sqlite3 "$KPIDESK_DB" "SELECT count(*) FROM audit_log WHERE \
    action = 'export.cancel' AND object = 'request $rid'")" = 1 ] ||
    fail "the withdrawal of request $rid was not audited"
ok "a request left with q is withdrawn and audited, with nothing said"

rid=$(request)
run 0 user roles ana approver
keys Q
wait_for "Export request $rid waits for its approval"
keys y
wait_for 'kpidesk exited'
grep -q "kpidesk: export: export request $rid was not withdrawn: ana no longer holds the analyst role" "$T/stderr" ||
    fail "quitting did not say the withdrawal was refused: $(cat "$T/stderr")"
[ "$(status "$rid")" = pending ] || fail "request $rid is $(status "$rid"), not pending"
ok "quitting with a request open asks, then says on stderr that the withdrawal was refused"
