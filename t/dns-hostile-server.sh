#!/bin/sh
# dns-hostile-server.sh - replies that are not for our question (another id,
# another name) are ignored, so they cannot decide an answer; replies that
# are for it but cannot be used are MALFORMED; nothing crashes or hangs.
# The server is t/dns-hostile.py on a free loopback port.
. "$top_srcdir/t/lib/common.sh"
dnsq() { $DNS_TEST_WRAP "$top_builddir/t/dnsq" "$@"; }

# one server per mode, started here (not inside $(...), which would wait
# for it), each writing its port to $T_TMP/MODE.port
for mode in garbage badrdata short wrongid wrongname query spoofthenreal; do
	"$top_srcdir/t/dns-hostile.py" "$T_TMP/$mode.port" "$mode" \
	    </dev/null >/dev/null 2>&1 &
	t_at_exit "kill $! 2>/dev/null"
done
# ask MODE TYPE - status and detail of one lookup against MODE
ask() {
	_i=0
	while [ ! -s "$T_TMP/$1.port" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	PORT=$(cat "$T_TMP/$1.port") || bail_out "dns-hostile.py $1 did not start"
	dnsq -t 600 -s "127.0.0.1@$PORT" "x.hostile.example/$2" | head -1 | cut -d' ' -f2,7-
}

is "$(ask garbage A)" 'malformed detail="unparseable answer"' \
    "garbage after our id: malformed"
like "$(ask badrdata A)" '^malformed detail=' \
    "an A record of 3 octets: malformed"
is "$(ask short A)" 'tempfail detail="timeout after 600 ms"' \
    "a reply shorter than a header is ignored: tempfail on timeout"
is "$(ask wrongid A)" 'tempfail detail="timeout after 600 ms"' \
    "a reply with another id is ignored: tempfail on timeout"
is "$(ask wrongname A)" 'tempfail detail="timeout after 600 ms"' \
    "a reply for another name is ignored: tempfail on timeout"
is "$(ask query A)" 'tempfail detail="timeout after 600 ms"' \
    "a packet without the QR bit is ignored"
is "$(ask spoofthenreal A)" 'ok detail="1 record"' \
    "a reply for another name, then the right one: the right one is taken"
out=$(dnsq -S -s "127.0.0.1@$(cat "$T_TMP/spoofthenreal.port")" x.hostile.example/A x.hostile.example/A | cut -d' ' -f1,2,5 | grep -v '^	')
is "$out" 'x.hostile.example/A ok cache=0
x.hostile.example/A ok cache=1
stats queries=1 timeouts=0' "... and cached, the ignored one is not"
done_testing
