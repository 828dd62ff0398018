#!/bin/sh
# run-report.sh - messages/s of authmilter with ReportStore off, on
# SQLite and on PostgreSQL, measured in the same run through
# bench/milterload, alternating the three so a noisy neighbour hits all
# alike. Every corpus message passes DMARC (--dmarc), so every message is
# recorded. Runs in a network namespace of its own (unshare -n -m, root)
# with nsd on 127.0.0.1:53, as run-dmarc-peers.sh does.
#   bench/run-report.sh [BUILDDIR]   (default: the current directory)
# Environment: RR_CORPUS (messages, 300), RR_SECS (per run, 5), RR_CONC
# (16), RR_ROUNDS (3).
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
if [ -z "${RR_INSIDE:-}" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "run-report.sh: run as root"; exit 1; }
	RR_INSIDE=1 exec unshare -n -m sh "$0" "$build"
fi
. "$top_srcdir/t/lib/common.sh"
: "${RR_CORPUS:=300}" "${RR_SECS:=5}" "${RR_CONC:=16}" "${RR_ROUNDS:=3}"
load=$build/bench/milterload
PGBIN=/usr/lib/postgresql/15/bin
run=$T_TMP/run
ip link set lo up || bail_out "no loopback in the namespace"
chmod 711 "$T_TMP"
mkdir "$run" && chmod 777 "$run"

/usr/bin/python3 "$top_srcdir/bench/make-corpus.py" "$T_TMP/c" -n "$RR_CORPUS" --dmarc
{
	printf 'server:\n  ip-address: 127.0.0.1@53\n  username: ""\n'
	printf '  chroot: ""\n  database: ""\n  zonelistfile: "%s/zl"\n' "$run"
	printf '  pidfile: "%s/nsd.pid"\n  xfrdfile: "%s/xfrd"\n' "$run" "$run"
	printf 'remote-control:\n  control-enable: no\n'
	for z in "$T_TMP/c/zones"/*.zone; do
		printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' \
		    "$(basename "$z" .zone)" "$z"
	done
} >"$run/nsd.conf"
nsd -d -c "$run/nsd.conf" >"$run/nsd.log" 2>&1 &
t_at_exit "kill $! 2>/dev/null"
runuser -u nobody -- "$PGBIN/initdb" -D "$run/pg" -A trust -U am >/dev/null ||
    bail_out "initdb failed"
runuser -u nobody -- "$PGBIN/pg_ctl" -D "$run/pg" -l "$run/pg.log" -w -o \
    "-p 5433 -k $run -c listen_addresses=127.0.0.1" start >/dev/null ||
    bail_out "PostgreSQL did not start"
t_at_exit "runuser -u nobody -- $PGBIN/pg_ctl -D $run/pg -m immediate stop >/dev/null"
sleep 1

# up NAME CONF-LINES... - start authmilter on a unix socket; sets SOCK
up() {
	SOCK=unix:$run/$1.sock
	_n=$1
	shift
	printf '%s\n' "Socket $SOCK" "AuthservID mx.bench.example" \
	    "InternalHosts 127.0.0.0/8, ::1" "Nameservers 127.0.0.1" \
	    "UserID nobody" "Syslog no" "LogLevel warning" "$@" \
	    >"$run/$_n.conf"
	"$build/authmilter" -f -c "$run/$_n.conf" >>"$run/$_n.log" 2>&1 &
	_pid=$!
	t_at_exit "kill $_pid 2>/dev/null"
	wait_ready "$_pid" test -S "${SOCK#unix:}" && return 0
	cat "$run/$_n.log"
	bail_out "$_n did not start"
}
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

up off
off=$SOCK
up sqlite "ReportStore sqlite:$run/dmarc.db"
lite=$SOCK
up pg "ReportStore postgresql://am@127.0.0.1:5433/postgres"
pg=$SOCK
"$load" -s "$off" -m "$T_TMP/c/manifest" -n 1 -v -H Authentication-Results \
    2>&1 | grep -o 'dmarc=[a-z]*' | head -1 | sed 's/^/corpus: /'
for s in "$off" "$lite" "$pg"; do
	"$load" -s "$s" -m "$T_TMP/c/manifest" -c 4 -n 300 >/dev/null
done
sum_off=0 sum_lite=0 sum_pg=0
for r in $(seq "$RR_ROUNDS"); do
	a=$(field rate "$("$load" -s "$off" -m "$T_TMP/c/manifest" -c "$RR_CONC" -d "$RR_SECS")")
	b=$(field rate "$("$load" -s "$lite" -m "$T_TMP/c/manifest" -c "$RR_CONC" -d "$RR_SECS")")
	c=$(field rate "$("$load" -s "$pg" -m "$T_TMP/c/manifest" -c "$RR_CONC" -d "$RR_SECS")")
	echo "round $r msgs/s: off=$a sqlite=$b postgresql=$c"
	sum_off=$(echo "$sum_off + $a" | bc) sum_lite=$(echo "$sum_lite + $b" | bc)
	sum_pg=$(echo "$sum_pg + $c" | bc)
done
awk -v o="$sum_off" -v l="$sum_lite" -v p="$sum_pg" -v c="$RR_CONC" \
    'BEGIN { printf "conc=%s sqlite/off %.3f postgresql/off %.3f\n", c, l / o, p / o }'
echo "rows: sqlite $(sqlite3 "$run/dmarc.db" 'SELECT sum(n) FROM dmarc_row')" \
    "postgresql $(psql -X -A -t -d postgresql://am@127.0.0.1:5433/postgres -c 'SELECT sum(n) FROM dmarc_row')"
