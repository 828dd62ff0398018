#!/bin/sh
# soak.sh - a long run through the daemon (not part of make check):
# SOAK_N messages (100 000) at concurrency SOAK_CONC (64) with
# bench/milterload, in rounds of SOAK_ROUND (10 000), against nsd with
# the bench corpus zones. After every round it prints the daemon's VmRSS
# and open descriptors; it fails on any milterload error, on RSS growing
# by more than SOAK_RSS_SLACK kB (20 000) from the first round to the
# last, or on more descriptors at the end than at the start.
#   bench/soak.sh [BUILDDIR]   (default: the current directory; as root)
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
: "${SOAK_N:=100000}" "${SOAK_CONC:=64}" "${SOAK_ROUND:=10000}"
: "${SOAK_CORPUS:=500}" "${SOAK_RSS_SLACK:=20000}"
load=$build/bench/milterload
[ -x "$load" ] && [ -x "$build/authmilter" ] ||
	bail_out "build authmilter and bench/milterload in $build first"
run=$T_TMP/run
chmod 711 "$T_TMP"
mkdir "$run" && chmod 777 "$run" # the daemon makes its socket as nobody

/usr/bin/python3 "$top_srcdir/bench/make-corpus.py" "$T_TMP/corpus" \
    -n "$SOAK_CORPUS" >/dev/null || bail_out "make-corpus.py failed"
nsd_start "$T_TMP/corpus/zones"
sock=unix:$run/authmilter.sock
printf '%s\n' "Socket $sock" "AuthservID mx.bench.example" \
    "Nameservers 127.0.0.1@$NSD_PORT" "InternalHosts 127.0.0.0/8, ::1" \
    "UserID nobody" "Syslog no" "LogLevel warning" >"$run/am.conf"
"$build/authmilter" -f -c "$run/am.conf" >"$run/am.log" 2>&1 &
pid=$!
t_at_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
i=0
until "$load" -s "$sock" -m "$T_TMP/corpus/manifest" -n 1 -t 500 \
    >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 50 ] || { cat "$run/am.log"; bail_out "authmilter did not start"; }
	sleep 0.1
done

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
fds() { find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l; }

echo "# soak: $SOAK_N messages, concurrency $SOAK_CONC, corpus of" \
    "$SOAK_CORPUS, rounds of $SOAK_ROUND; rss in kB"
fds0=$(fds)
echo "start rss=$(rss) fds=$fds0"
done_n=0
errors=0
round=0
while [ "$done_n" -lt "$SOAK_N" ]; do
	round=$((round + 1))
	out=$("$load" -s "$sock" -m "$T_TMP/corpus/manifest" -c "$SOAK_CONC" \
	    -n "$SOAK_ROUND" -t 30000 -H Authentication-Results)
	done_n=$((done_n + SOAK_ROUND))
	e=$(printf '%s\n' "$out" | tr ' ' '\n' | sed -n 's/^errors=//p')
	errors=$((errors + ${e:-1}))
	r=$(rss)
	f=$(fds)
	[ "$round" -gt 1 ] || rss1=$r
	echo "after $done_n rss=$r fds=$f $out"
done
kill -0 "$pid" 2>/dev/null
ok $? "the daemon is alive after $done_n messages"
is "$errors" 0 "no milterload error"
ok $((r - rss1 > SOAK_RSS_SLACK)) \
    "RSS flat: $rss1 kB after round 1, $r kB at the end (slack $SOAK_RSS_SLACK)"
ok $((f > fds0)) "no descriptor leak: $fds0 at the start, $f at the end"
grep -v '^authmilter: info' "$run/am.log" | head -20 | sed 's/^/# log: /'
done_testing
