#!/bin/sh
# burst-rss.sh - does a burst of huge mail pin the daemon's memory? (not
# part of make check). Starts authmilter on a unix socket against nsd with
# the bench corpus zones, sends BURST_NORMAL (5) normal messages and
# records VmRSS, sends three hostile messages at once (10 000 header
# fields; a 50 MB body; 1 000 DKIM signatures), then BURST_NORMAL normal
# ones, waits BURST_SETTLE seconds (3) and records VmRSS again. Prints
# both and their ratio; fails when the ratio is BURST_MAX_RATIO (1.5) or
# more, or when a normal message gets no Authentication-Results field.
# BURST_HOSTILE picks some of the hostile messages ("fields body sigs").
#   bench/burst-rss.sh [BUILDDIR]   (default: the current directory)
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
: "${BURST_NORMAL:=5}" "${BURST_SETTLE:=3}" "${BURST_MAX_RATIO:=1.5}"
: "${BURST_HOSTILE:=fields body sigs}"
load=$build/bench/milterload
[ -x "$load" ] && [ -x "$build/authmilter" ] ||
	bail_out "build authmilter and bench/milterload in $build first"
run=$T_TMP/run
chmod 711 "$T_TMP"
mkdir "$run" && chmod 777 "$run" # the daemon may run as nobody

c=$T_TMP/corpus
/usr/bin/python3 "$top_srcdir/bench/make-corpus.py" "$c" -n 20 >/dev/null ||
	bail_out "make-corpus.py failed"
# the hostile messages: built from the first signed message of the corpus
/usr/bin/python3 - "$c" "$BURST_NORMAL" "$BURST_HOSTILE" <<'PY' ||
import sys
c, n, pick = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
lines = open(c + "/manifest").read().split("\n")
signed = [l for l in lines if l and
          open(c + "/" + l.split()[4], "rb").read().startswith(b"DKIM-Sig")]
env = " ".join(signed[0].split()[:4])
msg = open(c + "/" + signed[0].split()[4], "rb").read()
head, body = msg.split(b"\r\n\r\n", 1)
sig = head[:head.index(b"\r\nFrom:") + 2]
line = b"A line of a fifty megabyte body, repeated to the end.\r\n"
hostile = {
    "fields": lambda: b"".join(b"X-Filler-%d: field %d of a header bomb\r\n"
                               % (i, i) for i in range(10000)) + msg,
    "body": lambda: (head + b"\r\n\r\n" + body +
                     line * (50 * 1024 * 1024 // len(line))),
    "sigs": lambda: sig * 1000 + msg}
man = []
for name in [p for p in pick if p in hostile]:
    open("%s/%s.eml" % (c, name), "wb").write(hostile[name]())
    man.append("%s %s.eml\n" % (env, name))
open(c + "/normal", "w").write("\n".join(signed[:n]) + "\n")
open(c + "/hostile", "w").write("".join(man))
PY
	bail_out "hostile corpus"
nhostile=$(wc -l <"$c/hostile")
[ "$nhostile" -gt 0 ] || bail_out "BURST_HOSTILE picks none of: fields body sigs"
nsd_start "$c/zones"
sock=unix:$run/authmilter.sock
{
	printf '%s\n' "Socket $sock" "AuthservID mx.bench.example" \
	    "Nameservers 127.0.0.1@$NSD_PORT" "InternalHosts 127.0.0.0/8, ::1" \
	    "Syslog no" "LogLevel warning"
	[ "$(id -u)" -ne 0 ] || echo "UserID nobody"
} >"$run/am.conf"
"$build/authmilter" -f -c "$run/am.conf" >"$run/am.log" 2>&1 &
pid=$!
t_at_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
i=0
until [ -S "$run/authmilter.sock" ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || { cat "$run/am.log"; bail_out "authmilter did not start"; }
	sleep 0.1
done

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
normal() {
	"$load" -s "$sock" -m "$c/normal" -n "$BURST_NORMAL" -t 30000 \
	    -H Authentication-Results
}

out=$(normal)
like "$out" ' errors=0( |$)' "$BURST_NORMAL normal messages before: $out"
sleep "$BURST_SETTLE"
before=$(rss)
out=$("$load" -s "$sock" -m "$c/hostile" -c "$nhostile" -n "$nhostile" \
    -t 300000 -r)
echo "# hostile burst: $out"
out=$(normal)
like "$out" ' errors=0( |$)' "$BURST_NORMAL normal messages after: $out"
sleep "$BURST_SETTLE"
after=$(rss)
ratio=$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a / b }')
echo "# VmRSS before the burst $before kB, after $after kB, ratio $ratio"
ok "$(awk -v r="$ratio" -v m="$BURST_MAX_RATIO" 'BEGIN { print (r < m) ? 0 : 1 }')" \
    "RSS after the burst below $BURST_MAX_RATIO x before (ratio $ratio)"
kill -0 "$pid" 2>/dev/null
ok $? "the daemon is alive"
grep -v '^authmilter: info' "$run/am.log" | head -10 | sed 's/^/# log: /'
done_testing
