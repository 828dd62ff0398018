#!/bin/sh
# dns-cache.sh - answers are cached for their TTL, negative ones too (RFC
# 2308, SOA minimum), a cached answer sends no packet, an expired one is
# asked again, and failures are cached for seconds only (RFC 2308 7).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
nsd_start "$top_srcdir/t/zones/dns" servfail.example
ns="127.0.0.1@$NSD_PORT"
dnsq() { $DNS_TEST_WRAP "$top_builddir/t/dnsq" "$@"; }
summary() { grep -v '^	' | cut -d' ' -f1,2,5; }

out=$(dnsq -S -s "$ns" a.dns.example/A a.dns.example/A A.dns.example./A | summary)
is "$out" 'a.dns.example/A ok cache=0
a.dns.example/A ok cache=1
A.dns.example./A ok cache=1
stats queries=1 timeouts=0' "a second lookup of a name (any case) is from the cache: one packet"

out=$(dnsq -S -s "$ns" a.dns.example/A a.dns.example/AAAA | summary)
is "$out" 'a.dns.example/A ok cache=0
a.dns.example/AAAA nodata cache=0
stats queries=2 timeouts=0' "the type is part of the cache key"

out=$(dnsq -S -s "$ns" nope.dns.example/A nope.dns.example/A nodata.dns.example/A nodata.dns.example/A | summary)
is "$out" 'nope.dns.example/A nxdomain cache=0
nope.dns.example/A nxdomain cache=1
nodata.dns.example/A nodata cache=0
nodata.dns.example/A nodata cache=1
stats queries=2 timeouts=0' "NXDOMAIN and NODATA are cached: no packet the second time"

out=$(dnsq -S -s "$ns" x.servfail.example/A x.servfail.example/A | summary)
is "$out" 'x.servfail.example/A tempfail cache=0
x.servfail.example/A tempfail cache=1
stats queries=2 timeouts=0' "SERVFAIL is cached briefly (RFC 2308 7): the second lookup sends nothing"

out=$(dnsq -S -s "$ns" x.servfail.example/A sleep:3200 x.servfail.example/A | summary)
is "$out" 'x.servfail.example/A tempfail cache=0
x.servfail.example/A tempfail cache=0
stats queries=4 timeouts=0' "... for seconds only: then it is asked again"

out=$(dnsq -S -C -s "$ns" a.dns.example/A a.dns.example/A | summary)
is "$out" 'a.dns.example/A ok cache=0
a.dns.example/A ok cache=0
stats queries=2 timeouts=0' "with the cache disabled every lookup is sent"

out=$(dnsq -S -s "$ns" expiring.dns.example/A sleep:1100 expiring.dns.example/A sleep:1500 expiring.dns.example/A |
    grep -v '^	' | sed 's/^stats queries=\([0-9]*\).*/queries=\1/' | cut -d' ' -f4,5)
is "$out" 'ttl=2 cache=0
ttl=1 cache=1
ttl=2 cache=0
queries=2' "a 2 s TTL counts down in the cache and the answer is asked again once it expired"

out=$(dnsq -S -s "$ns" short.dns.example/TXT sleep:1100 short.dns.example/TXT | grep -v '^	' | cut -d' ' -f4,5)
like "$out" '^ttl=60 cache=0
ttl=5[89] cache=1' "the TTL of a cached answer is what remains"
done_testing
