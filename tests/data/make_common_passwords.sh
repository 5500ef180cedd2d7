#!/bin/sh
# Regenerate data/common-passwords.txt from two Debian packages (no network
# beyond the Debian archive): python3-zxcvbn's ranked list of the 30,000 most
# common passwords (zxcvbn/frequency_lists.py, "passwords", MIT) and
# john-data's password.lst (3,546 entries, public domain). Entries are
# lower-cased, merged, de-duplicated and sorted in byte order; the output is
# deterministic for the same package versions.
#   sh tests/data/make_common_passwords.sh   (from the top of the tree)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
chmod 755 "$w"
(cd "$w" && apt-get download python3-zxcvbn john-data >/dev/null 2>&1)
for d in "$w"/*.deb; do dpkg-deb -x "$d" "$w/x"; done
zv=$(dpkg-deb -f "$w"/python3-zxcvbn_*.deb Version)
jv=$(dpkg-deb -f "$w"/john-data_*.deb Version)
python3 - "$w/x" "$top/data/common-passwords.txt" "$zv" "$jv" <<'PY'
import importlib.util, sys
root, out, zv, jv = sys.argv[1:]
spec = importlib.util.spec_from_file_location("fl",
    root + "/usr/lib/python3/dist-packages/zxcvbn/frequency_lists.py")
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
words = set(w.lower() for w in m.FREQUENCY_LISTS["passwords"])
with open(root + "/usr/share/john/password.lst", encoding="latin-1") as f:
    words |= set(l.rstrip("\n").lower() for l in f if not l.startswith("#!"))
words = sorted((w for w in words if w and not w.startswith("#")),
    key=lambda w: w.encode())
with open(out, "w", encoding="ascii", newline="\n") as f:
    f.write("# Common passwords refused by kpidesk's password policy, lower-cased,\n"
        "# one per line, byte order; lines starting with '#' are comments.\n"
        "# Sources (Debian packages): python3-zxcvbn %s (zxcvbn's 30,000 most\n"
        "# common passwords, MIT) and john-data %s (password.lst, public domain).\n"
        "# Regenerate with: sh tests/data/make_common_passwords.sh\n" % (zv, jv))
    for w in words:
        f.write(w + "\n")
print(len(words), "entries")
PY
