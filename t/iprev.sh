#!/bin/sh
# iprev.sh - iprev (RFC 8601 3) against nsd: pass when a PTR name maps back
# (IPv4, IPv6, IPv4-mapped, PTR reached through a CNAME, forward CNAME,
# several PTR names), fail when no name maps back, permerror with no PTR
# data (RFC 8601 2.7.3), at most 10 names tried, temperror on SERVFAIL or
# when the chain's time limit runs out, permerror for a malformed answer
# or a string that is no address. Each result carries policy.iprev and a
# comment. rdns_check_advance() starts the forward lookups before finish
# once the PTR answer is in, and finish still gives the same result.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/hostile.sh"
nsd_start "$top_srcdir/t/zones/iprev" broken.example 100.51.198.in-addr.arpa
iprevq() { $DNS_TEST_WRAP "$top_builddir/t/iprevq" "$@"; }

while IFS='|' read -r ip want why; do
	out=$(iprevq -s "127.0.0.1@$NSD_PORT" "$ip" | sed 's/^[^|]*| //')
	is "$out" "mx.test.example; $want" "$why"
done <<'CASES'
192.0.2.1|iprev=pass policy.iprev=192.0.2.1 (mail.iprev.example)|PTR name maps back: pass, with the name
192.0.2.2|iprev=fail policy.iprev=192.0.2.2 (no PTR name maps back to 192.0.2.2)|forward A is another address: fail
192.0.2.3|iprev=permerror policy.iprev=192.0.2.3 (no PTR record: nxdomain)|no PTR data (NXDOMAIN): permerror (RFC 8601 2.7.3)
192.0.2.7|iprev=fail policy.iprev=192.0.2.7 (no PTR name maps back to 192.0.2.7)|PTR name without A (NODATA): fail
192.0.2.4|iprev=temperror policy.iprev=192.0.2.4 (forward lookup of x.broken.example failed: SERVFAIL)|forward lookup SERVFAIL: temperror
198.51.100.1|iprev=temperror policy.iprev=198.51.100.1 (PTR lookup failed: SERVFAIL)|PTR lookup SERVFAIL: temperror
192.0.2.5|iprev=pass policy.iprev=192.0.2.5 (good.iprev.example)|three PTR names, the third maps back: pass
192.0.2.6|iprev=pass policy.iprev=192.0.2.6 (cname.iprev.example)|PTR through a CNAME, forward through a CNAME: pass
192.0.2.8|iprev=fail policy.iprev=192.0.2.8 (no PTR name maps back to 192.0.2.8)|only the first 10 of 11 PTR names are tried
2001:db8::1|iprev=pass policy.iprev="2001:db8::1" (v6host.iprev.example)|IPv6: ip6.arpa PTR and AAAA: pass
2001:db8::2|iprev=fail policy.iprev="2001:db8::2" (no PTR name maps back to 2001:db8::2)|IPv6: AAAA of another address: fail
2001:db8::99|iprev=permerror policy.iprev="2001:db8::99" (no PTR record: nxdomain)|IPv6 without PTR: permerror
::ffff:192.0.2.1|iprev=pass policy.iprev="::ffff:192.0.2.1" (mail.iprev.example)|IPv4-mapped IPv6 is checked as IPv4
not-an-ip|iprev=permerror policy.iprev=not-an-ip (not an IP address)|no address at all: permerror
CASES

out=$(iprevq -s "127.0.0.1@$NSD_PORT" 192.0.2.1 192.0.2.3 192.0.2.5 2001:db8::1 | cut -d' ' -f1-3)
is "$out" '192.0.2.1 pass mail.iprev.example
192.0.2.3 permerror -
192.0.2.5 pass good.iprev.example
2001:db8::1 pass v6host.iprev.example' "four checks started at once finish with their own results"

# -a: advance (twice) 500 ms after start, then count packets before finish
while IFS='|' read -r ip n result why; do
	out=$(iprevq -a 500 -s "127.0.0.1@$NSD_PORT" "$ip" | sed 's/ |.*//' |
	    tr '\n' '|')
	is "$out" "queries before finish: $n|$ip $result|" "$why"
done <<'CASES'
192.0.2.1|2|pass mail.iprev.example|advance after the PTR answer: the forward A lookup is sent before finish
192.0.2.5|4|pass good.iprev.example|advance: all three forward lookups are sent before finish, same result
2001:db8::1|2|pass v6host.iprev.example|advance for IPv6: the AAAA lookup is sent before finish
192.0.2.3|1|permerror -|advance after NXDOMAIN: nothing to look up forward
CASES

hostile_start garbage silent
out=$(iprevq -s "127.0.0.1@$(hostile_port garbage)" 192.0.2.1 | sed 's/^[^|]*| //')
is "$out" 'mx.test.example; iprev=permerror policy.iprev=192.0.2.1 (PTR lookup failed: unparseable answer)' \
    "a malformed PTR answer: permerror"
out=$(iprevq -t 500 -s "127.0.0.1@$(free_port)" 192.0.2.1 | sed 's/^[^|]*| //')
is "$out" 'mx.test.example; iprev=temperror policy.iprev=192.0.2.1 (PTR lookup failed: recv: Connection refused)' \
    "no DNS server: temperror"

out=$(iprevq -t 4000 -l 300 -s "127.0.0.1@$(hostile_port silent)" 192.0.2.1 | sed 's/^[^|]*| //')
is "$out" 'mx.test.example; iprev=temperror policy.iprev=192.0.2.1 (iprev time limit of 300 ms reached)' \
    "a chain that outlives IprevTimeout: temperror naming the limit"
done_testing
