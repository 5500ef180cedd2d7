#!/bin/sh
# The core's layers (README, Layout): src/base < store < account < report <
# ingest < history < export < app, then ui/, then main.c, the program that
# puts them together. A file may include headers of
# its own layer or a lower one; an include that goes up a layer fails, and
# so does a header that two folders hold or an include of a project header
# that none holds. `tests/layers.sh --self-test` first proves the check
# fails on a deliberately wrong include, in a copy of the tree.
set -u
SRC=${KP_SRCDIR:-$(dirname "$0")/..}
ORDER="base store account report ingest history export app ui"

rank() {
	n=0
	for l in $ORDER; do
		[ "$l" = "$1" ] && { echo $n; return; }
		n=$((n + 1))
	done
	echo -1
}

# check ROOT: print each violation; exit status 1 when there is one.
check() {
	root=$1 bad=0
	tab=$(mktemp)
	for d in $root/src/*/ $root/ui/; do
		layer=$(basename "$d")
		for h in "$d"*.h; do
			[ -e "$h" ] && echo "$(basename "$h") $layer"
		done
	done | sort >"$tab"
	dup=$(cut -d' ' -f1 "$tab" | uniq -d)
	if [ -n "$dup" ]; then
		echo "header in two layers: $dup"
		bad=1
	fi
	for f in $root/src/*/*.[ch] $root/ui/*.[ch]; do
		layer=$(basename "$(dirname "$f")")
		r=$(rank "$layer")
		# main.c puts the program together: it sits above ui/.
		[ "$(basename "$f")" = main.c ] && r=99
		[ "$r" -ge 0 ] || { echo "$f: unknown layer $layer"; bad=1; continue; }
		for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			[ "$inc" = config.h ] && continue
			to=$(awk -v h="$inc" '$1 == h { print $2 }' "$tab")
			if [ -z "$to" ]; then
				# Generated or test-only headers are not the core's.
				echo "$f: includes $inc, which no layer holds"
				bad=1
				continue
			fi
			if [ "$(rank "$to")" -gt "$r" ]; then
				echo "$f ($layer) includes $inc from the higher layer $to"
				bad=1
			fi
		done
	done
	rm -f "$tab"
	return $bad
}

if [ "${1:-}" = --self-test ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/src" "$tmp/ui"
	cp -R "$SRC/src/." "$tmp/src/"
	cp "$SRC/ui/"*.[ch] "$tmp/ui/"
	# xmem.c (base) reaching up to the database (store).
	sed -i '0,/^#include "xmem.h"/s//#include "xmem.h"\n#include "db.h"/' \
	    "$tmp/src/base/xmem.c"
	out=$(check "$tmp") && { echo "FAIL: a wrong include passed"; exit 1; }
	echo "$out" | grep -q 'src/base/xmem.c (base) includes db.h from the higher layer store' ||
	    { echo "FAIL: the wrong include was not named: $out"; exit 1; }
	echo "ok - self-test: base/xmem.c including db.h is named"
	exit 0
fi

"$0" --self-test || exit 1
if out=$(check "$SRC"); then
	echo "ok - every include stays within its layer or below"
else
	echo "$out"
	echo "FAIL: includes that go up a layer"
	exit 1
fi
