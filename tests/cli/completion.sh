#!/bin/sh
# The bash completion script (completion/kpidesk.bash), sourced in bash:
# `complete -p kpidesk` names _kpidesk; `kpidesk hi<TAB>` gives history,
# `kpidesk history <TAB>` its verbs; option values (formats, roles, KPI
# names); and, so that the script cannot drift from the program, every
# command of `kpidesk --help`, every verb and every option of each
# command's --help is offered.
# Covers: completion/kpidesk.bash, app/cli.
. "${KP_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

command -v bash >/dev/null 2>&1 || { echo "SKIP: bash not found"; exit 77; }
SCRIPT=$SRCDIR/completion/kpidesk.bash
[ -f "$SCRIPT" ] || fail "no $SCRIPT"

# comp WORD...: the completions of the command line WORD... (the last word
# is the one being completed), one a line, sorted, in $T/comp.
comp() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
	    _kpidesk; printf "%s\n" "${COMPREPLY[@]}"' sh "$SCRIPT" "$@" |
	    sort >"$T/comp" || fail "_kpidesk failed on: $*"
}

# has WORD...: each WORD is among the completions.
has() {
	for w in "$@"; do
		grep -qx -- "$w" "$T/comp" || { cat "$T/comp"; fail "no completion $w"; }
	done
}

bash -c '. "$1"; complete -p kpidesk' sh "$SCRIPT" >"$T/out" 2>&1 ||
	fail "complete -p kpidesk: $(cat "$T/out")"
grep -q -- '-F _kpidesk kpidesk$' "$T/out" || fail "complete -p kpidesk: $(cat "$T/out")"
ok "sourcing the script registers _kpidesk for kpidesk"

comp kpidesk hi
[ "$(cat "$T/comp")" = history ] || fail "kpidesk hi<TAB>: $(cat "$T/comp")"
comp kpidesk history ''
has list snapshot show verify diff files reexport months
[ "$(wc -l <"$T/comp")" -eq 8 ] || fail "history <TAB>: $(cat "$T/comp")"
comp kpidesk --db "$T/x.db" history --format json ''
has list show months
comp kpidesk history --format ''
has table json
grep -qx csv "$T/comp" && fail "history --format offers csv"
comp kpidesk kpi --format ''
has table csv json
comp kpidesk user add ana --role a
has analyst approver auditor admin
comp kpidesk kpi top
has top-spenders
comp kpidesk audit --ac
has --actor --action
ok "commands, verbs and option values"

# Against the program: every command of --help ...
run 0 --help
cmds=$(sed -n '/^commands:/,/^$/p' "$T/out" | awk '/^  [a-z]/ { print $1 }')
[ "$(echo $cmds | wc -w)" -ge 10 ] || fail "too few commands in --help: $cmds"
comp kpidesk ''
has $cmds help demo
# ... the KPI names of its kpi line ...
kpis=$(sed -n 's/^  kpi *print KPIs: //p' "$T/out" | tr -d ',.')
[ -n "$kpis" ] || fail "no KPI names in --help"
comp kpidesk kpi ''
has $kpis all
# ... and each command's verbs (lower-case words first on a help line) and
# options.
for c in $cmds; do
	run 0 "$c" --help
	verbs=$(sed '1,/^$/d' "$T/out" | awk '/^  [a-z]/ { print $1 }' | tr '|' ' ')
	opts=$(awk '/^  --/ { print $1 }' "$T/out")
	if [ -n "$verbs" ]; then
		comp kpidesk "$c" ''
		has $verbs
	fi
	comp kpidesk "$c" --
	has $opts
done
ok "every command, verb and option of the program's help is offered"

echo "all $NTESTS passed"
