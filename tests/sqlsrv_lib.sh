# sqlsrv_lib.sh: helpers for the tests that import orders from real
# database servers (sourced after tests/lib.sh, not run).
#
# A server runs from a private folder (srv_dir), on a free port of
# 127.0.0.1 and a socket in that folder. Servers refuse to run as root, so
# when the tests run as root (CI) they run as the user nobody (SRV_USER)
# and the folder belongs to it. srv_cleanup, called from the EXIT trap set
# here, runs every stop command registered with srv_on_exit and removes the
# folders, whether the test passed or failed.

SRV_DIRS=
SRV_STOPS=
SRV_USER=
SRV_GROUP=
if [ "$(id -u)" = 0 ]; then
	SRV_USER=nobody
	SRV_GROUP=$(id -gn nobody 2>/dev/null || echo nogroup)
fi

srv_cleanup() {
	set +e
	eval "$SRV_STOPS"
	for d in $SRV_DIRS; do
		rm -rf "$d"
	done
	rm -rf "$T"
}
trap srv_cleanup EXIT
trap 'exit 1' INT TERM HUP

# srv_on_exit CMD: run CMD (a shell string) at exit, before the folders go.
srv_on_exit() {
	SRV_STOPS="$1; $SRV_STOPS"
}

# skip MESSAGE: this test cannot run here (automake's SKIP).
skip() {
	echo "SKIP: $*"
	exit 77
}

# srv_dir: make a private folder the server user owns, in $S (not in a
# command substitution: the folder must be known to srv_cleanup).
srv_dir() {
	S=$(mktemp -d "${TMPDIR:-/tmp}/kpsrv-XXXXXX") || fail "mktemp"
	SRV_DIRS="$SRV_DIRS $S"
	if [ -n "$SRV_USER" ]; then
		chown "$SRV_USER:$SRV_GROUP" "$S" || fail "chown $S"
	fi
}

# as_srv CMD...: run CMD as the server user.
as_srv() {
	if [ -n "$SRV_USER" ]; then
		runuser -u "$SRV_USER" -- "$@"
	else
		"$@"
	fi
}

# free_port: a TCP port of 127.0.0.1 nobody listens on now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# kp_fresh NAME: a new kpidesk database $T/NAME.db with the admin root, the
# analyst ana and the sample customers; KPIDESK_DB points to it.
kp_fresh() {
	export KPIDESK_DB="$T/$1.db"
	run 0 init --admin root --password-file "$PW"
	run 0 user add ana --role analyst --password-file "$PW"
	run 0 import customers "$SRCDIR/data/task_DE_new_customers.csv" \
	    --user ana --password-file "$PW"
}

# import_json FILE: keep the import result of $T/out that must not depend
# on the source (counts, reasons, status, amount scope) in FILE.
import_json() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
for k in ("batch", "file", "sha256"):
    r.pop(k, None)
print(json.dumps(r, sort_keys=True))' "$T/out" >"$1" || fail "no JSON from the import: $(cat "$T/out")"
}

# same_as_xml NAME: the import result in $T/out and the KPIs of the current
# database equal those of the XML import of the same data ($T/xml.*).
same_as_xml() {
	import_json "$T/$1.import"
	cmp -s "$T/xml.import" "$T/$1.import" || {
		echo "--- XML"; cat "$T/xml.import"; echo "--- $1"; cat "$T/$1.import"
		fail "$1: the import counts differ from the XML import's"
	}
	run 0 kpi all --format json
	cp "$T/out" "$T/$1.kpi"
	cmp -s "$T/xml.kpi" "$T/$1.kpi" || {
		diff "$T/xml.kpi" "$T/$1.kpi" | head -20
		fail "$1: the KPIs differ from the XML import's"
	}
}

# xml_reference: the same data as XML ($T/same.xml), imported into its own
# database; its result and KPIs in $T/xml.import and $T/xml.kpi. Also
# writes $T/pg.sql and $T/my.sql (tests/data/orders_to_sql.py).
xml_reference() {
	python3 "$SRCDIR/tests/data/orders_to_sql.py" \
	    "$SRCDIR/data/task_DE_new_orders.xml" "$T" ||
	    fail "cannot convert the sample orders"
	kp_fresh xml
	run 0 import orders "$T/same.xml" --user ana --password-file "$PW" \
	    --accept-rejects --format json
	import_json "$T/xml.import"
	grep -q '"field_empty"' "$T/xml.import" ||
	    fail "the converted data holds no NULL (empty) value to test"
	run 0 kpi all --format json
	cp "$T/out" "$T/xml.kpi"
}

# sha256_of STRING: the SHA-256 (hex) of STRING's bytes.
sha256_of() {
	printf '%s' "$1" | sha256sum | cut -d' ' -f1
}

# within SECONDS CMD...: run CMD until it succeeds, at most SECONDS.
within() {
	w_end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$w_end" ] || return 1
		sleep 0.2
	done
}

# pg_start: skip unless PostgreSQL's server, psql and kpidesk's libpq are
# here; else start a private server (srv_dir, PGBIN, PORT set; stopped at
# exit), trusting the socket and asking passwords over TCP.
pg_start() {
	PKGS="postgresql postgresql-client libpq-dev"
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	for p in initdb pg_ctl postgres; do
		[ -n "$PGBIN" ] && [ -x "$PGBIN/$p" ] ||
		    skip "no PostgreSQL server ($p): apt-get install $PKGS"
	done
	command -v psql >/dev/null || skip "no psql: apt-get install $PKGS"
	"$KP" import orders --source postgresql://localhost/x \
	    --query 'SELECT 1' --user x >/dev/null 2>"$T/err"
	grep -q 'built without postgresql' "$T/err" &&
	    skip "kpidesk was built without libpq: apt-get install $PKGS, configure again"
	srv_dir
	PORT=$(free_port)
	as_srv "$PGBIN/initdb" -D "$S/data" -U postgres --auth-local=trust \
	    --auth-host=scram-sha-256 -E UTF8 --no-sync >"$T/initdb.log" 2>&1 ||
	    { cat "$T/initdb.log"; fail "initdb"; }
	as_srv "$PGBIN/pg_ctl" -D "$S/data" -l "$S/log" -w -o "-k $S -p $PORT \
	    -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
	    { cat "$S/log"; fail "pg_ctl start"; }
	srv_on_exit "as_srv '$PGBIN/pg_ctl' -D '$S/data' -m immediate stop >/dev/null 2>&1"
}

# my_setup: skip unless MariaDB's server, client and kpidesk's Connector/C
# are here; else install and start a private server (srv_dir, PORT set;
# stopped at exit) and define my_start [OPTIONS], my_stop and my_su (the
# client as root over the socket).
my_setup() {
	PKGS="mariadb-server mariadb-client libmariadb-dev"
	INSTALL_DB=$(command -v mariadb-install-db || command -v mysql_install_db)
	MARIADBD=$(command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null)
	CLIENT=$(command -v mariadb || command -v mysql)
	[ -n "$INSTALL_DB" ] && [ -n "$MARIADBD" ] && [ -n "$CLIENT" ] ||
	    skip "no MariaDB server or client: apt-get install $PKGS"
	"$KP" import orders --source mysql://localhost/x --query 'SELECT 1' \
	    --user x >/dev/null 2>"$T/err"
	grep -q 'built without mysql' "$T/err" &&
	    skip "kpidesk was built without MariaDB Connector/C: apt-get install $PKGS, configure again"

	srv_dir
	PORT=$(free_port)
	# my_start [OPTIONS]: start mariadbd on the datadir and wait for its socket.
	my_start() {
		rm -f "$S/sock"
		as_srv "$MARIADBD" --no-defaults --datadir="$S/data" --socket="$S/sock" \
		    --port="$PORT" --bind-address=127.0.0.1 --pid-file="$S/pid" \
		    --log-error="$S/err.log" --skip-log-bin --innodb-buffer-pool-size=16M \
		    --skip-name-resolve "$@" >/dev/null 2>&1 &
		within 30 test -S "$S/sock" || { cat "$S/err.log"; fail "mariadbd did not start"; }
	}
	my_stop() {
		[ -f "$S/pid" ] || return 0
		pid=$(cat "$S/pid")
		kill "$pid" 2>/dev/null
		within 30 sh -c "! kill -0 $pid 2>/dev/null"
		rm -f "$S/pid"
	}
	srv_on_exit my_stop
	iuser=
	[ -n "$SRV_USER" ] && iuser=--user=$SRV_USER
	"$INSTALL_DB" --no-defaults --datadir="$S/data" $iuser \
	    --auth-root-authentication-method=normal --skip-test-db \
	    >"$T/install.log" 2>&1 || { cat "$T/install.log"; fail "mariadb-install-db"; }
	my_start
	my_su() {
		"$CLIENT" --no-defaults -S "$S/sock" -u root "$@"
	}
}
