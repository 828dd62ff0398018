#!/bin/sh
# arc-override.sh - TrustedARCSealers (RFC 8617 7.2): mail from a client
# SPF refuses for bank.dmarc.example (p=reject) fails DMARC, and
# "PolicyRule reject dmarc=fail policy=reject" refuses it, unless an ARC
# chain that passes was sealed by a trusted sealer whose
# ARC-Authentication-Results saw dmarc=pass for the same From domain:
# then it is accepted, the dmarc result stays fail with a comment naming
# the sealer, and the log names it too. Refused still: an untrusted
# sealer, a trusted sealer that saw dmarc=fail or another From domain, a
# chain broken after sealing, a trusted sealer whose key is lost to DNS
# trouble (never an override), and a message changed after the trusted
# sealer by a later hop that sealed it again with cv=pass (the trusted
# set's AMS no longer validates: header.oldest-pass above it). A later
# hop that changed nothing keeps the override. Chains are sealed by
# python3-dkim.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
py=/usr/bin/python3
"$py" -c 'import dkim' 2>/dev/null || skip_all "python3-dkim not installed"
command -v openssl >/dev/null || skip_all "openssl not installed"
D=bank.dmarc.example
Z=$T_TMP/zones
mkdir -p "$Z" && cp "$top_srcdir"/t/zones/dmarcmilter/*.zone "$Z/" ||
    bail_out "zones"
openssl genrsa -out "$T_TMP/seal.key" 2048 2>/dev/null || bail_out "genrsa"
pub=$(openssl rsa -in "$T_TMP/seal.key" -pubout -outform DER 2>/dev/null |
    base64 -w0) || bail_out "public key"
for s in lists.example other.example; do
	printf '$ORIGIN %s.\n$TTL 300\n@ IN SOA ns.%s. h.%s. 1 3600 600 86400 60\n  IN NS ns\nns IN A 127.0.0.1\narc._domainkey IN TXT ( "v=DKIM1; k=rsa; p=%s" )\n' \
	    "$s" "$s" "$s" "$(printf '%s' "$pub" | sed 's/.\{200\}/&" "/g')" \
	    >"$Z/$s.zone"
done
nsd_start "$Z" broken.example

# seal NAME SEALER AAR-RESULTS [BREAK] - a message From a@bank, sealed at
# i=1 by SEALER whose AAR holds AAR-RESULTS; BREAK: body changed after
seal() {
	"$py" - "$T_TMP/seal.key" "$2" "$3" "${4:-}" >"$T_TMP/$1.eml" <<'PY' ||
import sys, dkim
key = open(sys.argv[1], "rb").read()
sealer, results, brk = sys.argv[2], sys.argv[3], sys.argv[4]
msg = ("Authentication-Results: %s; %s\r\n"
       "From: <a@bank.dmarc.example>\r\nTo: <r@test.example>\r\n"
       "Subject: forwarded\r\nMessage-ID: <m@bank.dmarc.example>\r\n"
       "Date: Fri, 04 Dec 2026 12:00:00 +0000\r\n\r\nHello.\r\n"
       % (sealer, results)).encode()
sets = dkim.arc_sign(msg, b"arc", sealer.encode(), key, sealer.encode(),
                     timestamp=1796000000)
out = b"".join(sets) + msg
if brk:
    out = out.replace(b"Hello.", b"Hello!")
sys.stdout.buffer.write(out)
PY
	    bail_out "python3-dkim could not seal $1"
}
pass="dmarc=pass header.from=$D; spf=pass smtp.mailfrom=a@$D"
seal trusted lists.example "$pass"
seal untrusted other.example "$pass"
seal sawfail lists.example "dmarc=fail header.from=$D"
seal otherfrom lists.example "dmarc=pass header.from=other.example"
seal broken lists.example "$pass" break
seal dnsfail x.broken.example "$pass"
# reseal NAME FROM-NAME [CHANGE] - NAME is FROM-NAME sealed again at i=2
# by other.example (untrusted) with cv=pass; CHANGE: the body is altered
# before, as a forwarder after the trusted sealer could do
reseal() {
	"$py" - "$T_TMP/seal.key" "$T_TMP/$2.eml" "${3:-}" >"$T_TMP/$1.eml" <<'PY' ||
import sys, dkim
key = open(sys.argv[1], "rb").read()
msg = open(sys.argv[2], "rb").read()
if sys.argv[3]:
    msg = msg.replace(b"Hello.", b"Pay to this account instead.")
msg = b"Authentication-Results: other.example; arc=pass\r\n" + msg
sets = dkim.arc_sign(msg, b"arc", b"other.example", key, b"other.example",
                     timestamp=1796000100)
sys.stdout.buffer.write(b"".join(sets) + msg)
PY
	    bail_out "python3-dkim could not reseal $1"
}
reseal forwarded trusted
reseal changed trusted change

conf() {
	printf '%s\n' "AuthservID mx.test.example" \
	    "Nameservers 127.0.0.1@$NSD_PORT" "DNSTimeout 1s" \
	    "PolicyRule reject dmarc=fail policy=reject" "$@" >"$T_TMP/ac.conf"
}
# check NAME - authcheck from 192.0.2.66 (SPF fail): the field on stdout
# (unfolded), the action (if not accept) and the log on stderr
check() {
	"$top_builddir/authcheck" -v -c "$T_TMP/ac.conf" --ip 192.0.2.66 \
	    --helo mail.dmarc.example --mail-from "a@$D" "$T_TMP/$1.eml" \
	    >"$T_TMP/$1.out" 2>"$T_TMP/$1.err"
	tr -d '\n' <"$T_TMP/$1.out" | tr '\t' ' '
}
refused() { grep -q '^authcheck: reject: 550' "$T_TMP/$1.err"; }

conf "TrustedARCSealers lists.example, trusted.example"
out=$(check trusted)
like "$out" "; arc=pass smtp\.remote-ip=192\.0\.2\.66 header\.oldest-pass=0; dmarc=fail \(p=reject sp=reject dis=reject\) header\.from=$D policy\.dmarc=reject \(ARC override: sealed by lists\.example i=1, which saw dmarc=pass\)\$" \
    "trusted sealer saw pass: dmarc=fail stays, with a comment naming it"
refused trusted
ok $((!$?)) "... and the reject rule is not applied"
grep -q "ARC set 1 sealed by lists.example (TrustedARCSealers) saw dmarc=pass" "$T_TMP/trusted.err" &&
    grep -q "PolicyRule on line 4 not applied: the ARC chain was sealed by lists.example" "$T_TMP/trusted.err"
ok $? "... and the log names the sealer and the rule spared"

# an untrusted forwarder after the trusted sealer that changed nothing:
# the trusted set's AMS still validates (oldest-pass 0), so it counts
like "$(check forwarded)" "; arc=pass smtp\.remote-ip=192\.0\.2\.66 header\.oldest-pass=0; dmarc=fail .*\(ARC override: sealed by lists\.example i=1, which saw dmarc=pass\)\$" \
    "forwarded unchanged after the trusted sealer: the override holds"
refused forwarded
ok $((!$?)) "... and the reject rule is not applied"
# the same, but the body changed after the trusted sealer: the chain
# still passes (seals do not cover the body), and the trusted AAR no
# longer speaks for this message
like "$(check changed)" "; arc=pass smtp\.remote-ip=192\.0\.2\.66 header\.oldest-pass=2; dmarc=fail " \
    "changed after the trusted sealer: arc=pass, header.oldest-pass=2"
grep -q "changed after it (header.oldest-pass=2)" "$T_TMP/changed.err"
ok $? "... the log says the trusted set no longer covers the message"

for c in untrusted sawfail otherfrom broken dnsfail changed; do
	out=$(check $c)
	refused $c
	ok $? "$c: refused ($(printf '%s' "$out" | grep -o 'arc=[a-z]*' | head -1))"
	case $out in *"ARC override"*) ok 1 "$c: no override comment" ;; esac
done
like "$(check broken)" "; arc=fail reason=" "a chain broken after sealing is arc=fail"
like "$(check dnsfail)" "; arc=fail reason=\"[^\"]*(DNS|lookup)[^\"]*\"" \
    "a key lost to DNS trouble: arc=fail that says so, never an override"

conf
check trusted >/dev/null
refused trusted
ok $? "without TrustedARCSealers the same message is refused"
done_testing
