#!/bin/sh
# dns-hostile-server.sh - replies that are not for our question (another id,
# another name) are ignored, so they cannot decide an answer; replies that
# are for it but cannot be used are MALFORMED; nothing crashes or hangs.
# The server is t/dns-hostile.py on a free loopback port.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/hostile.sh"
dnsq() { $DNS_TEST_WRAP "$top_builddir/t/dnsq" "$@"; }

hostile_start garbage badrdata short wrongid wrongname query spoofthenreal
# ask MODE TYPE - status and detail of one lookup against MODE
ask() {
	dnsq -t 600 -s "127.0.0.1@$(hostile_port "$1")" "x.hostile.example/$2" |
	    head -1 | cut -d' ' -f2,7-
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
out=$(dnsq -S -s "127.0.0.1@$(hostile_port spoofthenreal)" x.hostile.example/A x.hostile.example/A | cut -d' ' -f1,2,5 | grep -v '^	')
is "$out" 'x.hostile.example/A ok cache=0
x.hostile.example/A ok cache=1
stats queries=1 timeouts=0' "... and cached, the ignored one is not"
done_testing
