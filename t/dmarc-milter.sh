#!/bin/sh
# dmarc-milter.sh - DMARC end to end through the running daemon against
# nsd: pass (SPF aligned), fail with the policy that applied, none (no
# record), temperror (the record's zone answers SERVFAIL), permerror (two
# From fields); a "reject dmarc=fail policy=reject" rule refuses at end of
# message with a reply naming the From domain, spares a domain that asks
# for quarantine, and spares a client in TrustedForwarders (and says so
# in the log).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
nsd_start "$top_srcdir/t/zones/dmarcmilter" broken.example
raw() { /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT"; }
# field - the inserted field, unfolded
field() {
	awk '/^AR<</ { f = 1 } f { printf "%s", $0 } />>AR$/ { f = 0 }' |
	    tr '\t' ' ' | sed 's/>>AR//; s/AR<<//'
}
# msg IP FROM-DOMAIN [EXTRA-HEADER-JSON] - one message as a@FROM-DOMAIN
msg() {
	printf '{"ip": "%s", "helo": "mail.dmarc.example", "from": "<a@%s>", "headers": [["From", " <a@%s>"]%s, ["Subject", " hi"]]}\n' \
	    "$1" "$2" "$2" "${3:-}"
}
D=dmarc.example

MILTER_DNS_TIMEOUT=1s milter_start
out=$(msg 192.0.2.10 bank.$D | raw | field)
like "$out" "; dmarc=pass \(p=reject sp=reject dis=none\) header.from=bank.$D policy.dmarc=reject\$" \
    "SPF aligned: pass, with the policy record's words"
out=$(msg 192.0.2.66 bank.$D | raw | field)
like "$out" "spf=fail .*; dmarc=fail \(p=reject sp=reject dis=reject\) header.from=bank.$D policy.dmarc=reject\$" \
    "no aligned pass: fail, and the owner asks for reject"
out=$(msg 192.0.2.66 quar.$D | raw | field)
like "$out" "; dmarc=fail \(p=quarantine sp=quarantine dis=quarantine\) header.from=quar.$D policy.dmarc=quarantine\$" \
    "a domain that asks for quarantine"
out=$(msg 192.0.2.10 none.$D | raw | field)
like "$out" "; dmarc=none header.from=none.$D\$" "no record: none"
out=$(msg 192.0.2.10 x.broken.example | raw | field)
like "$out" "; dmarc=temperror .*header.from=x.broken.example\$" \
    "the record's zone answers SERVFAIL: temperror, never fail"
out=$(msg 192.0.2.10 bank.$D ', ["From", " <b@evil.example>"]' | raw | field)
like "$out" '; dmarc=permerror reason="[^"]+"$' \
    "two From fields: permerror with a reason"
grep -q "dmarc=fail header.from=bank.$D: record at _dmarc.bank.$D, policy reject (discovery treewalk)" "$MILTER_LOG"
ok $? "the log says which record decided, and in which mode"
milter_stop

MILTER_DNS_TIMEOUT=1s milter_start 'PolicyRule reject dmarc=fail policy=reject'
out=$(msg 192.0.2.66 bank.$D | raw | tail -2 | tr '\n' '|')
is "$out" "TEXT 550 5.7.1 Rejected by the DMARC policy of bank.$D|REPLY y|" \
    "reject dmarc=fail policy=reject: refused at end of message, naming the domain"
out=$(msg 192.0.2.66 quar.$D | raw | tail -1)
is "$out" "REPLY a" "... a domain that asks only for quarantine is not refused"
out=$(msg 192.0.2.10 bank.$D | raw | tail -1)
is "$out" "REPLY a" "... nor a pass"
milter_stop

MILTER_DNS_TIMEOUT=1s milter_start 'PolicyRule reject dmarc=fail policy=reject' \
    'TrustedForwarders 192.0.2.64/30'
out=$(msg 192.0.2.66 bank.$D | raw | tail -1)
is "$out" "REPLY a" "a client in TrustedForwarders is not refused"
line=$(grep -n "^PolicyRule" "$T_TMP/milter.conf" | cut -d: -f1)
grep -q "PolicyRule on line $line not applied: client 192.0.2.66 is in TrustedForwarders" "$MILTER_LOG"
ok $? "... and the log names the rule it was spared"
done_testing
