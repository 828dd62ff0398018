#!/bin/sh
# dns-failures.sh - servers that refuse, stay silent or answer SERVFAIL give
# TEMPFAIL within the DNSTimeout budget and never hang; bad Nameservers
# values are refused with a message.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/hostile.sh"
nsd_start "$top_srcdir/t/zones/dns" servfail.example
dnsq() { $DNS_TEST_WRAP "$top_builddir/t/dnsq" "$@"; }
# dnsq -T prints "ms=N" first: the time inside the lookup, start-up aside
limit=1500

dead=$(free_port)
out=$(dnsq -T -t 1000 -s "127.0.0.1@$dead" a.dns.example/A)
el=$(printf '%s\n' "$out" | sed -n '1s/^ms=\([0-9]*\).*/\1/p')
out=$(printf '%s\n' "$out" | cut -d' ' -f3,8-)
is "$out" 'tempfail detail="recv: Connection refused"' "nothing listening at the port: tempfail"
ok $((${el:-9999} >= limit)) "... at once, well within the 1 s budget (${el} ms)"

hostile_start silent
silent=$(hostile_port silent)
out=$(dnsq -T -S -t 1000 -s "127.0.0.1@$silent" a.dns.example/A)
el=$(printf '%s\n' "$out" | sed -n '1s/^ms=\([0-9]*\).*/\1/p')
is "$(printf '%s\n' "$out" | head -1 | cut -d' ' -f3,8-)" 'tempfail detail="timeout after 1000 ms"' \
    "a server that never answers: tempfail after the budget"
ok $((${el:-0} < 950 || el >= limit)) "... neither early nor late (${el} ms for a 1000 ms budget)"
like "$(printf '%s\n' "$out" | tail -1)" '^stats queries=2 ' "... the budget held two tries (retries 2)"

out=$(dnsq -s "127.0.0.1@$NSD_PORT" x.servfail.example/TXT | cut -d' ' -f2,7-)
is "$out" 'tempfail detail="SERVFAIL"' "SERVFAIL (zone that failed to load): tempfail"

for bad in "" "," "127.0.0.1@" "127.0.0.1@0" "127.0.0.1@65536" "127.0.0.1@53x" \
    "localhost" "1.2.3.4.5" "::1@@53" "127.0.0.1,,127.0.0.2" "[::1]:53" \
    "1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9"; do
	out=$(dnsq -s "$bad" a.dns.example/A 2>&1)
	rc=$?
	like "$rc $out" '^78 dnsq: Nameservers: ' "Nameservers '$bad' is refused"
done
out=$(dnsq -s " 127.0.0.1@$NSD_PORT , 127.0.0.2 " a.dns.example/A 2>&1 | head -1 | cut -d' ' -f2)
is "$out" ok "spaces around items are allowed"
done_testing
