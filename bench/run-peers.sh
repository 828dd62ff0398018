#!/bin/sh
# run-peers.sh - authmilter (iprev, SPF and DKIM) against opendkim (DKIM
# verify only) through bench/milterload: the same corpus, the same nsd,
# the same socket type, one after the other. Prints throughput at several
# concurrencies over unix and inet sockets, EOM latency with cold caches
# behind a DNS server one delay away, the whole transaction of a paced
# pipelining client against records with TTL 0, and RSS after 1k and N
# messages.
#   bench/run-peers.sh [BUILDDIR]   (default: the current directory)
# Environment: PEERS_CORPUS (messages, 500), PEERS_SECS (per run, 5),
# PEERS_CONC ("1 4 16 64"), PEERS_DELAY_MS (20), PEERS_GAP_MS (10),
# PEERS_LAT_N (200), PEERS_MEM_N (100000; 0 skips the memory runs),
# PEERS_PARTS ("throughput latency paced memory": the parts to run),
# PEERS_ARC (percent of the signed messages of the warm corpus that also
# carry an ARC chain, 20; 0 gives the corpus of before ARC).
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
: "${PEERS_CORPUS:=500}" "${PEERS_SECS:=5}" "${PEERS_CONC:=1 4 16 64}"
: "${PEERS_DELAY_MS:=20}" "${PEERS_GAP_MS:=10}" "${PEERS_LAT_N:=200}"
: "${PEERS_MEM_N:=100000}" "${PEERS_ARC:=20}"
: "${PEERS_PARTS:=throughput latency paced memory}"
# part NAME - is that part asked for?
part() { case " $PEERS_PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
load=$build/bench/milterload
[ -x "$load" ] && [ -x "$build/authmilter" ] ||
	bail_out "build authmilter and bench/milterload in $build first"
command -v opendkim >/dev/null || bail_out "opendkim not installed"
py=/usr/bin/python3
run=$T_TMP/run
chmod 711 "$T_TMP"
mkdir "$run" && chmod 777 "$run" # the milters create sockets as nobody

echo "# corpora"
$py "$top_srcdir/bench/make-corpus.py" "$T_TMP/warm" -n "$PEERS_CORPUS" \
    --arc "$PEERS_ARC"
$py "$top_srcdir/bench/make-corpus.py" "$T_TMP/cold" -n "$PEERS_LAT_N" \
    --distinct --seed 2
$py "$top_srcdir/bench/make-corpus.py" "$T_TMP/ttl0" -n "$PEERS_LAT_N" \
    --distinct --seed 3 --ttl 0
nsd_start "$T_TMP/warm/zones"
warm_ns=$NSD_PORT
nsd_start "$T_TMP/cold/zones"
cold_ns=$NSD_PORT
nsd_start "$T_TMP/ttl0/zones"
ttl0_ns=$NSD_PORT

# milter_up NAME SOCKET-KIND DNS-PORT - start one milter; sets SOCK, PID
n=0
milter_up() {
	n=$((n + 1))
	if [ "$2" = unix ]; then
		SOCK=unix:$run/$1-$n.sock
	else
		SOCK=inet:$(free_port)@127.0.0.1
	fi
	if [ "$1" = authmilter ]; then
		printf '%s\n' "Socket $SOCK" "AuthservID mx.bench.example" \
		    "Nameservers 127.0.0.1@$3" "InternalHosts 127.0.0.0/8, ::1" \
		    "UserID nobody" "Syslog no" "LogLevel warning" \
		    >"$run/am.conf"
		"$build/authmilter" -f -c "$run/am.conf" >>"$run/am.log" 2>&1 &
	else
		# opendkim's libunbound takes ADDR@PORT; InternalHosts set so
		# that the 198.18.x.y clients are verified, not signed for
		printf '%s\n' "Socket ${SOCK#unix:}" "Mode v" \
		    "InternalHosts 127.0.0.1" "AlwaysAddARHeader yes" \
		    "AuthservID mx.bench.example" "Nameservers 127.0.0.1@$3" \
		    "UserID nobody" "Syslog no" "UMask 000" >"$run/od.conf"
		opendkim -f -x "$run/od.conf" >>"$run/od.log" 2>&1 &
	fi
	PID=$!
	for _i in $(seq 50); do
		"$load" -s "$SOCK" -m "$T_TMP/warm/manifest" -n 1 -t 500 \
		    >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	cat "$run"/*.log
	bail_out "$1 did not start on $SOCK"
}

# milter_down - stop the milter (libmilter takes up to ~5 s)
milter_down() {
	kill "$PID" 2>/dev/null
	wait_pid_gone "$PID" 8 || kill -9 "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
}

# delay_up NSD-PORT MS - bench/dns-delay.py in front of nsd, MS ms away;
# sets dport (where to ask) and dpid, returns once it listens
delay_up() {
	dport=$(free_port)
	$py "$top_srcdir/bench/dns-delay.py" "$dport" "$1" "$2" \
	    >"$run/delay.log" 2>&1 &
	dpid=$!
	for _i in $(seq 100); do
		grep -q '^dns-delay:' "$run/delay.log" && return 0
		sleep 0.1
	done
	bail_out "dns-delay.py did not start"
}

# delay_down - stop it
delay_down() {
	kill "$dpid"
	wait "$dpid" 2>/dev/null
}

# field KEY LINE - a value from milterload's output line
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# ratio A B - A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

part throughput && echo "# throughput: warm caches, $PEERS_SECS s per run," \
    "corpus of $PEERS_CORPUS messages replayed, rate in msgs/s"
for kind in unix inet; do
	part throughput || break
	for m in authmilter opendkim; do
		milter_up $m $kind "$warm_ns"
		"$load" -s "$SOCK" -m "$T_TMP/warm/manifest" -c 4 >/dev/null
		for c in $PEERS_CONC; do
			out=$("$load" -s "$SOCK" -m "$T_TMP/warm/manifest" -c "$c" \
			    -d "$PEERS_SECS" -H Authentication-Results)
			echo "$kind $m $out"
			eval "rate_${m}_$c=$(field rate "$out")"
		done
		milter_down
	done
	for c in $PEERS_CONC; do
		eval "a=\$rate_authmilter_$c b=\$rate_opendkim_$c"
		echo "$kind conc=$c authmilter/opendkim msgs/s: $(ratio "$a" "$b")"
	done
done

part latency && echo "# EOM latency, cold caches (own client, domain and" \
    "selector per message), DNS through bench/dns-delay.py, one connection" \
    "per message, concurrency 1; eom_* in ms"
for delay in 0 "$PEERS_DELAY_MS"; do
	part latency || break
	delay_up "$cold_ns" "$delay"
	for gap in 0 "$PEERS_GAP_MS"; do
		for m in authmilter opendkim; do
			milter_up $m unix "$dport"
			out=$("$load" -s "$SOCK" -m "$T_TMP/cold/manifest" -1 \
			    -g "$gap" -H Authentication-Results)
			echo "dns-delay=${delay}ms gap=${gap}ms $m $out"
			eval "e50_${m}_${delay}_$gap=$(field eom_p50 "$out")"
			eval "e99_${m}_${delay}_$gap=$(field eom_p99 "$out")"
			milter_down
		done
	done
	delay_down
done
for gap in 0 "$PEERS_GAP_MS"; do
	part latency || break
	for m in authmilter opendkim; do
		eval "a=\$e50_${m}_${PEERS_DELAY_MS}_$gap b=\$e50_${m}_0_$gap"
		eval "c=\$e99_${m}_${PEERS_DELAY_MS}_$gap d=\$e99_${m}_0_$gap"
		awk -v a="$a" -v b="$b" -v c="$c" -v d="$d" -v r="$PEERS_DELAY_MS" \
		    -v t="gap=${gap}ms $m" 'BEGIN { printf "%s: EOM latency " \
		    "added by a %g ms DNS round trip: p50 %.1f ms (%.2f RTT), " \
		    "p99 %.1f ms (%.2f RTT)\n", t, r, a - b, (a - b) / r, c - d,
		    (c - d) / r }'
	done
done

part paced && echo "# whole transaction, records with TTL 0, a client" \
    "$PEERS_DELAY_MS ms away that pipelines MAIL/RCPT/DATA (milterload -g" \
    "$PEERS_DELAY_MS -p), DNS 0 or $PEERS_DELAY_MS ms away; tx_* in ms"
for delay in 0 "$PEERS_DELAY_MS"; do
	part paced || break
	delay_up "$ttl0_ns" "$delay"
	for m in authmilter opendkim; do
		milter_up $m unix "$dport"
		out=$("$load" -s "$SOCK" -m "$T_TMP/ttl0/manifest" -1 \
		    -g "$PEERS_DELAY_MS" -p -H Authentication-Results)
		echo "dns-delay=${delay}ms paced $m $out"
		eval "t50_${m}_$delay=$(field tx_p50 "$out")"
		milter_down
	done
	delay_down
done
for m in authmilter opendkim; do
	part paced || break
	eval "a=\$t50_${m}_$PEERS_DELAY_MS b=\$t50_${m}_0"
	awk -v a="$a" -v b="$b" -v r="$PEERS_DELAY_MS" -v t="$m" 'BEGIN {
	    printf "paced, TTL 0, %s: whole transaction p50 %.1f -> %.1f ms, " \
	    "%.2f RTT added by a %g ms DNS round trip\n", t, b, a,
	    (a - b) / r, r }'
done

part memory || exit 0
[ "$PEERS_MEM_N" -gt 1000 ] || exit 0
echo "# memory: VmRSS after 1000 and $PEERS_MEM_N messages, concurrency 16"
for m in authmilter opendkim; do
	milter_up $m unix "$warm_ns"
	"$load" -s "$SOCK" -m "$T_TMP/warm/manifest" -c 16 -n 1000 >/dev/null
	r1=$(awk '/^VmRSS/ { print $2 }' "/proc/$PID/status")
	out=$("$load" -s "$SOCK" -m "$T_TMP/warm/manifest" -c 16 \
	    -n $((PEERS_MEM_N - 1000)))
	r2=$(awk '/^VmRSS/ { print $2 }' "/proc/$PID/status")
	echo "$m rss_1k=${r1}kB rss_${PEERS_MEM_N}=${r2}kB errors=$(field errors "$out")"
	milter_down
done
