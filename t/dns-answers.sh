#!/bin/sh
# dns-answers.sh - the resolver turns real nsd answers into data, NXDOMAIN,
# NODATA, follows CNAME chains (bounded), lower-cases names, joins queries
# started together, fails over to the next server, and reaches an IPv6
# nameserver written ADDR@PORT. $DNS_TEST_WRAP (e.g. valgrind) may wrap
# the client.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
nsd_start "$top_srcdir/t/zones/dns"
ns="127.0.0.1@$NSD_PORT"
dnsq() { $DNS_TEST_WRAP "$top_builddir/t/dnsq" "$@"; }

out=$(dnsq -s "$ns" a.dns.example/A)
is "$out" 'a.dns.example/A ok canonical=a.dns.example ttl=300 cache=0 count=2 detail="2 records"
	A 192.0.2.1
	A 192.0.2.2' "A records of a name, with TTL and count"

out=$(dnsq -s "$ns" v6.dns.example/AAAA | sed -n 2p)
is "$out" '	AAAA 2001:db8::1' "AAAA record"

out=$(dnsq -s "$ns" MX.DNS.Example./MX)
is "$out" 'MX.DNS.Example./MX ok canonical=mx.dns.example ttl=300 cache=0 count=2 detail="2 records"
	MX 10 mail.dns.example
	MX 20 mail2.dns.example' "name asked in mixed case with a dot; names come back lower-case"

out=$(dnsq -s "$ns" txt.dns.example/TXT | sed -n 2p)
is "$out" '	TXT strings=2 len=11 v=spf1 -all' "TXT character-strings are concatenated"

out=$(dnsq -s "$ns" nope.dns.example/A | cut -d' ' -f2,4)
is "$out" 'nxdomain ttl=60' "NXDOMAIN, negative TTL from the SOA minimum"

out=$(dnsq -s "$ns" nodata.dns.example/A | cut -d' ' -f2,4)
is "$out" 'nodata ttl=60' "NODATA when the name has other types only"

out=$(dnsq -s "$ns" alias.dns.example/A | head -1)
is "$out" 'alias.dns.example/A ok canonical=a.dns.example ttl=300 cache=0 count=2 detail="2 records"' \
    "a CNAME chain of three is followed to the data; canonical is its end"

out=$(dnsq -s "$ns" alias.dns.example/CNAME | sed -n 2p)
is "$out" '	CNAME chain1.dns.example' "asking for the CNAME itself does not follow it"

out=$(dnsq -s "$ns" l0.dns.example/A loop1.dns.example/A | cut -d' ' -f2)
is "$out" 'malformed
malformed' "a chain of 9 CNAMEs and a CNAME loop are refused"

out=$(dnsq -s "$ns" l1.dns.example/A | head -1 | cut -d' ' -f2,3)
is "$out" 'ok canonical=l9.dns.example' "a chain of 8 CNAMEs is followed"

out=$(dnsq -s "$ns" "$(printf 'a%.0s' $(seq 64)).dns.example/A" | cut -d' ' -f2)
is "$out" 'malformed' "a 64-octet label is refused before anything is sent"

out=$(dnsq -S -P -s "$ns" a.dns.example/A v6.dns.example/AAAA txt.dns.example/TXT nope.dns.example/A |
    cut -d' ' -f1,2 | grep -v '^	')
is "$out" 'a.dns.example/A ok
v6.dns.example/AAAA ok
txt.dns.example/TXT ok
nope.dns.example/A nxdomain
stats queries=4' "four queries in flight at once are each joined with their own answer"

dead=$(free_port)
out=$(dnsq -S -t 2000 -s "127.0.0.1@$dead, $ns" a.dns.example/A | cut -d' ' -f1,2 | grep -v '^	')
is "$out" 'a.dns.example/A ok
stats queries=2' "a dead first server is skipped for the next one"

if /usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::1", 0))' 2>/dev/null; then
	out=$(dnsq -t 1000 -s "::1@$dead" a.dns.example/A | cut -d' ' -f2,7-)
	like "$out" '^tempfail detail=".*(refused|timeout)' "an IPv6 nameserver ::1@PORT is used (nothing listens: tempfail)"
	out=$(dnsq -s "::1@$dead,$ns" a.dns.example/A | head -1 | cut -d' ' -f2)
	is "$out" 'ok' "::1@PORT then 127.0.0.1@PORT parse as two servers"
else
	ok 0 "::1 not usable here # SKIP"
	ok 0 "::1 not usable here # SKIP"
fi
done_testing
