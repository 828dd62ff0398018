#!/bin/sh
# dns-tcp-fallback.sh - a TXT RRset over the 1232 octets we advertise comes
# back truncated over UDP; the resolver asks again over TCP and returns all
# of it.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
nsd_start "$top_srcdir/t/zones/dns"
dnsq() { $DNS_TEST_WRAP "$top_builddir/t/dnsq" "$@"; }

out=$(dnsq -S -s "127.0.0.1@$NSD_PORT" big.dns.example/TXT)
is "$(printf '%s\n' "$out" | head -1 | cut -d' ' -f2,6)" 'ok count=8' \
    "all 8 records of the 2000-octet RRset arrive"
is "$(printf '%s\n' "$out" | grep -c 'TXT strings=1 len=247 chunk')" 8 \
    "each record is complete (247 octets)"
like "$(printf '%s\n' "$out" | tail -1)" 'queries=2 .*tcp=1 ' \
    "one UDP query, then one over TCP"
done_testing
