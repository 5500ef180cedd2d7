# lib.sh: tiny helpers shared by the shell tests (sourced, not run).
# Each test script makes a private folder, runs the real kpidesk binary, and
# exits 0 when every assertion held, 1 at the first that did not.

KP=${KPIDESK_BIN:-kpidesk}
SRCDIR=${KP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/kpidesk-sh-XXXXXX")
trap 'rm -rf "$T"' EXIT
export KPIDESK_DB="$T/kp.db"
unset XDG_DATA_HOME
NTESTS=0

# KPIDESK_WRAP (CI: "valgrind -q ..."): run every kpidesk under it. A small
# script stands in for the binary, so "$KP" stays one word (tmux commands,
# kill -9 of $!: the exec keeps the pid).
if [ -n "${KPIDESK_WRAP:-}" ]; then
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$KPIDESK_WRAP" "$KP" >"$T/kpidesk"
	chmod 700 "$T/kpidesk"
	KP=$T/kpidesk
fi

# need TOOL...: skip the test (exit 77) naming the package to install when a
# tool it needs is missing: tmux, sqlite3 (the command line shell), python3,
# openpyxl (for python3). Under make check, configure's findings come in
# KP_HAVE_*; run by hand, the test looks for itself.
need() {
	for tool in "$@"; do
		case $tool in
		tmux) have=${KP_HAVE_TMUX:-}; pkg=tmux
			[ -n "$have" ] || { command -v tmux >/dev/null 2>&1 && have=yes; } ;;
		sqlite3) have=${KP_HAVE_SQLITE3:-}; pkg=sqlite3
			[ -n "$have" ] || { command -v sqlite3 >/dev/null 2>&1 && have=yes; } ;;
		python3) have=${KP_HAVE_PYTHON3:-}; pkg=python3
			[ -n "$have" ] || { command -v python3 >/dev/null 2>&1 && have=yes; } ;;
		openpyxl) have=${KP_HAVE_OPENPYXL:-}; pkg=python3-openpyxl
			py=/usr/bin/python3
			[ -x $py ] || py=python3
			[ -n "$have" ] || { $py -c 'import openpyxl' 2>/dev/null && have=yes; } ;;
		*) fail "need: unknown tool $tool" ;;
		esac
		if [ "$have" != yes ]; then
			echo "SKIP: $tool not found: apt-get install $pkg (then re-run configure)"
			exit 77
		fi
	done
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ok() {
	NTESTS=$((NTESTS + 1))
	echo "ok $NTESTS - $*"
}

# run EXPECTED_STATUS CMD...: run kpidesk, keep stdout in $T/out and stderr in
# $T/err, and check the exit status.
run() {
	want=$1
	shift
	"$KP" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "--- stdout"; cat "$T/out"; echo "--- stderr"; cat "$T/err"
		fail "kpidesk $* exited $got, expected $want"
	fi
}

# expect FILE PATTERN: the file (out or err) matches the extended regex.
expect() {
	grep -Eq -- "$2" "$T/$1" || {
		echo "--- $1"; cat "$T/$1"
		fail "$1 does not match /$2/"
	}
}

# secret NAME VALUE: write a 0600 password file and print its path.
secret() {
	printf '%s\n' "$2" >"$T/$1"
	chmod 600 "$T/$1"
	echo "$T/$1"
}
