#!/bin/sh
# slow-client.sh - time is not the sender's to bend. Through the running
# daemon (DNSTimeout 1s, every record TTL 0): a client that pauses longer
# than DNSTimeout after connect, after MAIL and between the end of the
# header and the body, or trickles its body in over longer than
# DNSTimeout, gets exactly the field a fast client gets, and a reject rule
# fires the same way; a slow message leaves the next one unaffected; a
# loopback client gets a real SPF result; one SPF evaluation that fans
# out into slow lookups ends within SPFTimeout, also for a client that hung
# up; an answer fetched early is used even with TTL 0 (no second query).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
nsd_start "$top_srcdir/t/zones/slow"
NSD_REAL=$NSD_PORT
raw() { /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT"; }
# field - the inserted fields, unfolded, one after another
field() {
	awk '/^AR<</ { f = 1 } f { printf "%s", $0 } />>AR$/ { f = 0 }' |
	    tr '\t' ' ' | sed 's/>>AR/\n/g; s/AR<<//g' | tr -d '\n'
}

sig=' v=1; a=rsa-sha256; c=relaxed/relaxed; d=slow.example; s=sel; h=from:subject; bh=frEE4Fb7a9Fkl/2fjW0B6lv6KuoWBnTtmPULiJkk9hk=; b=dGVzdA=='
# spec EXTRA-JSON - one message from 192.0.2.30 as slow.example
spec() {
	printf '{"ip": "192.0.2.30", "helo": "mail.slow.example", "from": "<a@slow.example>", "headers": [["DKIM-Signature", "%s"], ["From", " <a@slow.example>"], ["Subject", " hi"]], "body": "%s"%s}\n' \
	    "$sig" "$(printf 'line of the body\\r\\n%.0s' $(seq 1 200))" "$1"
}
slow=', "pause": {"connect": 1.5, "mail": 1.5, "eoh": 1.5}, "chunks": 3, "chunk_pause": 0.6'

MILTER_DNS_TIMEOUT=1s milter_start
fast_field=$(spec "" | raw | field)
like "$fast_field" 'iprev=fail .*spf=fail .*spf=fail .*dkim=fail' \
    "a fast client: iprev, both SPF and DKIM fail (no temperror to hide behind)"
slow_field=$(spec "$slow" | raw | field)
is "$slow_field" "$fast_field" \
    "pauses of 1.5 s after connect, MAIL and the header, a body over 1.8 s: the same field"
out=$( (spec "$slow" | raw; spec "" | raw) | field)
is "$out" "$fast_field$fast_field" \
    "a slow message, then a fast one from the same client and key: both unaffected"
milter_stop

MILTER_DNS_TIMEOUT=1s milter_start 'PolicyRule reject dkim=fail d=slow.example'
fast=$(spec "" | raw | tail -1)
slow_out=$(spec "$slow" | raw | tail -1)
is "$fast / $slow_out" "REPLY y / REPLY y" \
    "reject dkim=fail d=slow.example fires for the fast and the slow client alike"
milter_stop

MILTER_DNS_TIMEOUT=1s milter_start 'InternalHosts none'
out=$(printf '{"ip": "127.0.0.1", "helo": "lo.slow.example", "from": "<a@lo.slow.example>"}\n' | raw | field)
like "$out" 'spf=fail smtp.mailfrom=a@lo.slow.example.*spf=fail smtp.helo=lo.slow.example' \
    "a loopback client checked for SPF gets the record's result, not libspf2's localhost pass"
milter_stop

# 350 ms between us and nsd; dns-delay.py -l logs each query
DPORT=$(free_port)
/usr/bin/python3 "$top_srcdir/bench/dns-delay.py" "$DPORT" "$NSD_REAL" 350 -l \
    >"$T_TMP/dns.log" 2>&1 &
t_at_exit "kill $! 2>/dev/null"
# it says so once it listens
i=0
while ! grep -q '^dns-delay:' "$T_TMP/dns.log" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q '^dns-delay:' "$T_TMP/dns.log" || bail_out "dns-delay.py did not start"
cat >"$T_TMP/ac.conf" <<CONF
AuthservID test.example
Nameservers 127.0.0.1@$DPORT
DNSTimeout 1s
SPFTimeout 2s
InternalHosts none
CONF
t0=$(date +%s%N)
out=$("$top_builddir/authcheck" -c "$T_TMP/ac.conf" --ip 192.0.2.30 \
    --mail-from a@fan.slow.example | tr -d '\n' | tr '\t' ' ')
ms=$((($(date +%s%N) - t0) / 1000000))
like "$out" 'spf=temperror reason="SPF time limit of 2000 ms reached"' \
    "an evaluation that fans out into 110 lookups of 350 ms: temperror naming SPFTimeout"
ok $((ms >= 4000)) "... within SPFTimeout and one more lookup (${ms} ms; unbounded it takes 38 s)"

NSD_PORT=$DPORT MILTER_DNS_TIMEOUT=1s milter_start 'SPFTimeout 2s' \
    'InternalHosts none' 'PolicyRule reject spf=fail'
out=$(printf '{"ip": "192.0.2.30", "helo": "x.slow.example", "from": "<a@fan.slow.example>", "hangup": "mail"}\n' |
    raw | tail -1)
n1=$(wc -l <"$T_TMP/dns.log")
sleep 3
n2=$(wc -l <"$T_TMP/dns.log")
sleep 1.5
n3=$(wc -l <"$T_TMP/dns.log")
is "$out" "HUNG UP" "a client that hangs up while SPF is evaluated at MAIL"
is "$n3" "$n2" "... leaves no lookup running once SPFTimeout is over ($((n2 - n1)) queries after it left, none later)"
milter_stop

n0=$(wc -l <"$T_TMP/dns.log")
out=$("$top_builddir/authcheck" -c "$T_TMP/ac.conf" --ip 192.0.2.30 \
    --helo x.slow.example --mail-from a@slow.example | tr -d '\n' | tr '\t' ' ')
like "$out" 'spf=fail smtp.mailfrom=a@slow.example' "TTL 0: the MAIL FROM record is evaluated"
is "$(tail -n +$((n0 + 1)) "$T_TMP/dns.log" | grep -c ' 16 *slow.example$')" 1 \
    "... from the one query started at MAIL FROM, not asked again at evaluation"
done_testing
