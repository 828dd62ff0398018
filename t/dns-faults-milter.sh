#!/bin/sh
# dns-faults-milter.sh - DNS faults through the running daemon: server
# down, a black hole, SERVFAIL, truncated answers with no TCP behind
# them, garbage, malformed records, answers for another name or with
# another id. Every check (iprev, SPF for HELO and MAIL FROM, DKIM, DMARC) gives
# temperror or permerror in the inserted field, and the message gets its
# field within DNSTimeout (1 s here) plus a margin for a busy machine:
# the lookups start early and overlap, and a failure is cached for a few
# seconds, so checks that ask a dead server the same question wait once.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
. "$top_srcdir/t/lib/hostile.sh"

# one signed message from a client with a name, so all four checks look
# something up
cat >"$T_TMP/spec" <<'JSON'
{"headers": [["DKIM-Signature", " v=1; a=rsa-sha256; d=hostile.example; s=sel; h=from; bh=frEE4Fb7a9Fkl/2fjW0B6lv6KuoWBnTtmPULiJkk9hk=; b=dGVzdA=="],
 ["From", " <a@hostile.example>"]]}
JSON
bound=2500 # ms: DNSTimeout + 1.5 s

# fault NAME PORT: one message through a daemon whose Nameservers is PORT
fault() {
	NSD_PORT=$2 MILTER_DNS_TIMEOUT=1s milter_start
	t0=$(date +%s%N)
	out=$(/usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT" \
	    <"$T_TMP/spec" 2>&1)
	ms=$((($(date +%s%N) - t0) / 1000000))
	milter_stop
	like "$out" '^REPLY a$' "$1: the message is accepted"
	printf '%s\n' "$out" | sed -n '/AR<</,/>>AR/p' |
	    sed 's/^.*AR<<//; s/>>AR.*$//' >"$T_TMP/field"
	got=$("$top_builddir/authres" parse <"$T_TMP/field" 2>&1 |
	    /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)["results"]
print(" ".join(sorted("%s=%s" % (x["method"], x["result"]) for x in r)))' 2>&1)
	like "$got" '^arc=none dkim=(temp|perm)error dmarc=(temp|perm)error iprev=(temp|perm)error spf=(temp|perm)error spf=(temp|perm)error$' \
	    "$1: iprev, both SPF, DKIM and DMARC say temperror or permerror (arc=none: no ARC set)"
	[ "$ms" -lt "$bound" ]
	ok $? "$1: the field came within $bound ms (${ms} ms)"
}

# started here, not inside $(...): there the cleanup would be lost
hostile_start silent truncated garbage badrdata wrongname wrongid
fault "server down (nothing listens)" "$(free_port)"
hole=$(hostile_port silent)
fault "black hole (never answers)" "$hole"

# each check's own time limit, shorter than DNSTimeout, ends it first
NSD_PORT=$hole MILTER_DNS_TIMEOUT=3s milter_start 'IprevTimeout 300ms' \
    'SPFTimeout 300ms' 'DKIMTimeout 300ms' 'DMARCTimeout 300ms'
t0=$(date +%s%N)
out=$(/usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT" \
    <"$T_TMP/spec" 2>&1 | tr -d '\n' | tr '\t' ' ')
ms=$((($(date +%s%N) - t0) / 1000000))
milter_stop
like "$out" 'iprev=temperror .*\(iprev time limit of 300 ms reached\).*spf=temperror reason="SPF time limit of 300 ms reached" .*spf=temperror reason="SPF time limit of 300 ms reached" .*dkim=temperror reason="[^"]*DKIM time limit of 300 ms reached.*dmarc=temperror' \
    "IprevTimeout, SPFTimeout, DKIMTimeout and DMARCTimeout each end their check"
[ "$ms" -lt 2500 ]
ok $? "... well before DNSTimeout 3s (${ms} ms)"
mkdir "$T_TMP/zones" || bail_out "mkdir"
nsd_start "$T_TMP/zones" hostile.example 2.0.192.in-addr.arpa
fault "SERVFAIL (zones that failed to load)" "$NSD_PORT"
fault "truncated answers, no TCP server" "$(hostile_port truncated)"
fault "garbage answers" "$(hostile_port garbage)"
fault "malformed records" "$(hostile_port badrdata)"
fault "answers for another name" "$(hostile_port wrongname)"
fault "answers with another id" "$(hostile_port wrongid)"
done_testing
