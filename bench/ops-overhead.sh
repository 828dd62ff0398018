#!/bin/sh
# ops-overhead.sh - what the operations features cost (not part of make
# check): messages/s of one authmilter build with the bench corpus against
# nsd, alternating OPS_ROUNDS (3) times between "off" (LogFormat text, no
# MetricsSocket) and "on" (LogFormat json, MetricsSocket scraped every
# second during the run), each run OPS_SECS (5) s at concurrency OPS_CONC
# (4), the log at info to a file in both. OPS_ON picks what "on" turns
# on ("json metrics"). Prints each run and the median
# ratio on/off; the target is 0.95 or more.
#   bench/ops-overhead.sh [BUILDDIR]   (default: the current directory)
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
: "${OPS_ROUNDS:=3}" "${OPS_SECS:=5}" "${OPS_CONC:=4}" "${OPS_ON:=json metrics}"
load=$build/bench/milterload
[ -x "$load" ] && [ -x "$build/authmilter" ] ||
	bail_out "build authmilter and bench/milterload in $build first"
run=$T_TMP/run
chmod 711 "$T_TMP"
mkdir "$run" && chmod 777 "$run" # the daemon may run as nobody
c=$T_TMP/corpus
/usr/bin/python3 "$top_srcdir/bench/make-corpus.py" "$c" -n 500 >/dev/null ||
	bail_out "make-corpus.py failed"
nsd_start "$c/zones"
sock=unix:$run/authmilter.sock
mport=$(free_port)

# rate MODE - start the daemon in MODE (off|on), load it, print msgs/s
rate() {
	{
		printf '%s\n' "Socket $sock" "AuthservID mx.bench.example" \
		    "Nameservers 127.0.0.1@$NSD_PORT" "Syslog no" \
		    "LogLevel info"
		case "$1 $OPS_ON" in on*json*) echo "LogFormat json" ;; esac
		case "$1 $OPS_ON" in on*metrics*)
			echo "MetricsSocket inet:$mport@127.0.0.1" ;;
		esac
		[ "$(id -u)" -ne 0 ] || echo "UserID nobody"
	} >"$run/am.conf"
	rm -f "$run/authmilter.sock"
	"$build/authmilter" -f -c "$run/am.conf" >"$run/am-$1.log" 2>&1 &
	_pid=$!
	_i=0
	until [ -S "$run/authmilter.sock" ]; do
		_i=$((_i + 1))
		[ $_i -lt 50 ] || bail_out "authmilter did not start"
		sleep 0.1
	done
	if grep -q MetricsSocket "$run/am.conf"; then
		# one scraper process, a scrape a second, as Prometheus does
		/usr/bin/python3 -c 'import sys, time, urllib.request
while True:
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1]).read()
    except OSError:
        break
    time.sleep(1)' "$mport" 2>/dev/null &
	fi
	"$load" -s "$sock" -m "$c/manifest" -c "$OPS_CONC" -d "$OPS_SECS" \
	    -t 30000 -r >"$run/load.out" 2>&1
	kill $_pid
	wait $_pid 2>/dev/null
	wait 2>/dev/null
	sed -n 's/.* rate=\([0-9.]*\) .*errors=\([0-9]*\).*/\1 \2/p' "$run/load.out"
}

ratios=
n=0
while [ $n -lt "$OPS_ROUNDS" ]; do
	set -- $(rate off)
	off=$1 e1=$2
	set -- $(rate on)
	on=$1 e2=$2
	r=$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", a / b }')
	echo "# round $((n + 1)): off $off msgs/s, on $on msgs/s, ratio $r (errors $e1, $e2)"
	ratios="$ratios $r"
	n=$((n + 1))
done
med=$(printf '%s\n' $ratios | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "# median ratio on/off: $med"
ok "$(awk -v r="$med" 'BEGIN { print (r >= 0.95) ? 0 : 1 }')" \
    "metrics and the JSON log cost at most 5% (median ratio $med)"
done_testing
