#!/bin/sh
# authcheck.sh - authcheck runs the milter's pipeline from the command
# line: the exact Authentication-Results field and JSON for iprev, SPF
# (MAIL FROM and HELO, null sender) and DKIM against nsd on loopback,
# LF and CRLF message files alike, policy verdicts, SMTP identities (long
# local parts, source routes, U-labels, 8-bit with and without SMTPUTF8,
# identities that fail their grammar), and its exit codes
# (0 whatever the verdict, 78 config error with file:line, 1 usage).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
zones="$T_TMP/zones"
mkdir "$zones" || bail_out "mkdir"
cp "$top_srcdir"/t/zones/authcheck/*.zone \
    "$top_srcdir/t/zones/dkim/signer.example.zone" "$zones/" ||
    bail_out "zones"
nsd_start "$zones"
ac="$top_builddir/authcheck"
signed="$top_srcdir/t/data/dkim/corpus/pass-relaxed-relaxed.eml"
conf="$T_TMP/a.conf"
printf 'AuthservID mx.example\nNameservers 127.0.0.1@%s\nDNSTimeout 2\n' \
    "$NSD_PORT" >"$conf"
D=authcheck.example
T='	' # a tab, as folded lines start

out=$("$ac" -c "$conf" --ip 198.51.100.10 --helo mail.$D \
    --mail-from "<a@pass.$D>" --rcpt '<b@mx.example>' "$signed")
is "$out" "Authentication-Results: mx.example; iprev=pass policy.iprev=198.51.100.10
$T(mail.authcheck.example); spf=pass smtp.mailfrom=a@pass.authcheck.example;
${T}spf=pass smtp.helo=mail.authcheck.example; dkim=pass header.d=signer.example
${T}header.i=@signer.example header.s=s2048 header.a=rsa-sha256
${T}header.b=Qu2Lxf+Y; arc=none smtp.remote-ip=198.51.100.10; dmarc=none
${T}header.from=signer.example" \
    "all pass: iprev, spf mailfrom, spf helo, dkim, arc (no set), then dmarc (no record)"

# simple header canonicalization needs the values exactly as they came
got=$("$ac" -c "$conf" --ip 198.51.100.10 \
    "$top_srcdir/t/data/dkim/corpus/pass-simple-simple.eml" | tr -d '\n' |
    sed 's/.*dkim=//; s/; arc=.*//')
is "$got" "pass header.d=signer.example${T}header.i=@signer.example header.s=s2048 header.a=rsa-sha256${T}header.b=rQ3VyobY" \
    "dkim pass with simple/simple canonicalization"

# the same message with LF and with CRLF line ends, and from stdin
tr -d '\r' <"$signed" >"$T_TMP/lf.eml"
sed 's/\r*$/\r/' <"$signed" >"$T_TMP/crlf.eml"
for f in lf crlf; do
	got=$("$ac" -c "$conf" --ip 198.51.100.10 "$T_TMP/$f.eml" |
	    tr -d '\n' | sed 's/.*dkim=//; s/; arc=.*//')
	is "$got" "pass header.d=signer.example${T}header.i=@signer.example header.s=s2048 header.a=rsa-sha256${T}header.b=Qu2Lxf+Y" \
	    "dkim pass with $f line ends"
done
got=$("$ac" -c "$conf" --ip 198.51.100.10 - <"$T_TMP/lf.eml" | grep -c 'dkim=pass')
is "$got" 1 "message read from stdin with -"

# a modified body fails; the header tells which signature
sed 's/^Hello/Jello/' <"$signed" >"$T_TMP/bad.eml"
got=$("$ac" -c "$conf" --ip 198.51.100.10 "$T_TMP/bad.eml" | tr -d '\n' |
    sed 's/.*dkim=//')
like "$got" '^fail reason="body hash did not verify"' \
    "a changed body fails DKIM"

out=$("$ac" -c "$conf" --ip 198.51.100.20 --helo mail.$D \
    --mail-from "<a@fail.$D>")
is "$out" "Authentication-Results: mx.example; iprev=fail policy.iprev=198.51.100.20
$T(no PTR name maps back to 198.51.100.20); spf=fail
${T}smtp.mailfrom=a@fail.authcheck.example; spf=fail
${T}smtp.helo=mail.authcheck.example" \
    "fails: PTR name without address, SPF -all; no message, no dkim"

# the null sender, written either way, is postmaster@HELO (RFC 7208 2.4)
for nul in '<>' ''; do
	out=$("$ac" -c "$conf" --ip 198.51.100.10 --helo mail.$D \
	    --mail-from "$nul" --json)
	is "$out" '{"action": "accept", "header": "Authentication-Results: mx.example; iprev=pass policy.iprev=198.51.100.10\n\t(mail.authcheck.example); spf=pass\n\tsmtp.mailfrom=postmaster@mail.authcheck.example; spf=pass\n\tsmtp.helo=mail.authcheck.example", "results": [{"method": "iprev", "result": "pass", "properties": [{"ptype": "policy", "property": "iprev", "value": "198.51.100.10"}]}, {"method": "spf", "result": "pass", "properties": [{"ptype": "smtp", "property": "mailfrom", "value": "postmaster@mail.authcheck.example"}]}, {"method": "spf", "result": "pass", "properties": [{"ptype": "smtp", "property": "helo", "value": "mail.authcheck.example"}]}]}' \
	    "null sender '$nul': JSON with postmaster@helo"
done

# internal hosts are not checked; SMTP AUTH is reported
out=$("$ac" -c "$conf" --ip 127.0.0.1 --helo mail.$D --mail-from "<a@fail.$D>" \
    --auth alice --json "$signed")
is "$out" '{"action": "accept", "header": "Authentication-Results: mx.example; auth=pass smtp.auth=alice", "results": [{"method": "auth", "result": "pass", "properties": [{"ptype": "smtp", "property": "auth", "value": "alice"}]}]}' \
    "internal host: auth only, no checks"
out=$("$ac" -c "$conf" --ip ::1)
is "$out" "Authentication-Results: mx.example; none" "nothing evaluated: none"

# --dns overrides Nameservers
printf 'AuthservID mx.example\nNameservers 127.0.0.1@1\nDNSTimeout 1\n' \
    >"$T_TMP/closed.conf"
out=$("$ac" -c "$T_TMP/closed.conf" --dns "127.0.0.1@$NSD_PORT" \
    --ip 198.51.100.10 --mail-from "a@soft.$D" | tr -d '\n')
like "$out" 'spf=softfail' "--dns replaces the config's Nameservers"

# policy: SPF fail rejected at MAIL FROM, with the rule's reply
{
	cat "$conf"
	echo 'PolicyRule reject spf=fail 550 5.7.23 "SPF check failed # here"'
} >"$T_TMP/p.conf"
out=$("$ac" -c "$T_TMP/p.conf" --ip 198.51.100.10 --mail-from "<a@fail.$D>" \
    --rcpt '<b@mx.example>' --json "$signed")
is "$out" '{"action": "reject", "reply": "550 5.7.23 SPF check failed # here", "results": []}' \
    "policy rejects SPF fail at MAIL FROM"
err=$("$ac" -c "$T_TMP/p.conf" --ip 198.51.100.10 \
    --mail-from "<a@fail.$D>" 2>&1 >/dev/null)
ok $? "a reject still exits 0"
is "$err" "authcheck: reject: 550 5.7.23 SPF check failed # here" \
    "text mode tells the verdict on stderr"
out=$("$ac" -c "$T_TMP/p.conf" --ip 198.51.100.10 --mail-from "<a@fail.$D>" \
    --auth bob --json | sed 's/", "results".*//')
is "$out" '{"action": "accept", "header": "Authentication-Results: mx.example; auth=pass smtp.auth=bob; iprev=pass\n\tpolicy.iprev=198.51.100.10 (mail.authcheck.example); spf=fail\n\tsmtp.mailfrom=a@fail.authcheck.example' \
    "authenticated clients are not rejected for SPF"

# SMTP identities: the domain is checked whatever the local part, a
# source route is ignored, U-labels are looked up as A-labels, and only
# what follows its grammar is echoed (7-bit unless SMTPUTF8)
l100=$(printf 'x%.0s' $(seq 100))
l590=$(printf 'y%.0s' $(seq 590))
ub=$(printf 'b\303\274cher.example') # bücher.example in UTF-8
jorg=$(printf 'j\303\266rg')        # jörg
unfold() { tr -d '\n' | tr '\t' ' '; }
out=$("$ac" -c "$conf" --ip 198.51.100.10 --mail-from "<$l100@fail.$D>" |
    unfold | sed 's/.*; spf=/spf=/')
is "$out" "spf=fail smtp.mailfrom=$l100@fail.authcheck.example" \
    "100-octet local-part: the domain's -all gives fail"
out=$("$ac" -c "$T_TMP/p.conf" --ip 198.51.100.10 \
    --mail-from "<$l100@fail.$D>" --json)
is "$out" '{"action": "reject", "reply": "550 5.7.23 SPF check failed # here", "results": []}' \
    "100-octet local-part: PolicyRule reject spf=fail fires"
out=$("$ac" -c "$conf" --ip 198.51.100.10 --mail-from "<$l590@fail.$D>" |
    unfold | sed 's/.*; spf=/spf=/')
is "$out" "spf=fail smtp.mailfrom=fail.authcheck.example (local-part of 590 octets not shown)" \
    "600-octet path: fail, the cut stated"
err=$("$ac" -v -c "$conf" --ip 198.51.100.10 --mail-from "<$l590@fail.$D>" \
    2>&1 >/dev/null)
like "$err" 'info: MAIL FROM <y+\.\.\.> \(613 octets\): local-part of 590 octets not shown' \
    "600-octet path: the cut is logged"
out=$("$ac" -c "$T_TMP/p.conf" --ip 198.51.100.10 \
    --mail-from "<$l590@fail.$D>" --json | sed 's/", "results".*//')
is "$out" '{"action": "reject", "reply": "550 5.7.23 SPF check failed # here' \
    "600-octet path: PolicyRule reject spf=fail fires"
for ip in 198.51.100.10:pass 198.51.100.20:fail; do
	out=$("$ac" -c "$conf" --ip "${ip%:*}" --mail-from "<user@$ub>" |
	    unfold | grep -o 'spf=[a-z]* smtp.mailfrom=[^;]*')
	is "$out" "spf=${ip#*:} smtp.mailfrom=user@xn--bcher-kva.example" \
	    "U-label domain: the A-label's ${ip#*:}"
	out=$("$ac" -c "$conf" --ip "${ip%:*}" --helo "$ub" --smtputf8 \
	    --mail-from "<user@$ub>" | unfold | grep -o 'spf=[a-z]* smtp.helo=.*')
	is "$out" "spf=${ip#*:} smtp.helo=xn--bcher-kva.example" \
	    "U-label HELO: the A-label's ${ip#*:}, shown as A-labels"
done
out=$("$ac" -c "$conf" --ip 198.51.100.10 \
    --mail-from "<@relay.example,@paypal.example:a@pass.$D>" |
    unfold | sed 's/.*; spf=/spf=/')
is "$out" "spf=pass smtp.mailfrom=a@pass.authcheck.example" \
    "source route: the mailbox is checked and shown"

# 8-bit without SMTPUTF8: A-labels, or left out with a comment; the field
# stays 7-bit and python3-authres reads it
out=$("$ac" -c "$conf" --ip 198.51.100.10 --helo "$ub" --auth "$jorg" \
    --mail-from "<$jorg@pass.$D>")
is "$out" "Authentication-Results: mx.example; auth=pass
$T(user name not shown: not a local-part or address); iprev=pass
${T}policy.iprev=198.51.100.10 (mail.authcheck.example); spf=pass
${T}smtp.mailfrom=pass.authcheck.example
$T(local-part not shown: 8-bit without SMTPUTF8); spf=pass
${T}smtp.helo=xn--bcher-kva.example" "8-bit identities without SMTPUTF8"
n=$(printf '%s' "$out" | LC_ALL=C tr -d '\11\12\40-\176' | wc -c)
is "$n" 0 "without SMTPUTF8 the field is 7-bit"
printf '%s\n' "$out" | /usr/bin/python3 -c 'import sys, authres
authres.AuthenticationResultsHeader.parse(sys.stdin.read())'
ok $? "python3-authres parses it"
out=$("$ac" -c "$conf" --ip 198.51.100.10 --helo "$ub" --auth "$jorg" \
    --mail-from "<$jorg@pass.$D>" --smtputf8)
is "$out" "Authentication-Results: mx.example; auth=pass smtp.auth=\"$jorg\"; iprev=pass
${T}policy.iprev=198.51.100.10 (mail.authcheck.example); spf=pass
${T}smtp.mailfrom=\"$jorg@pass.authcheck.example\"; spf=pass
${T}smtp.helo=xn--bcher-kva.example" "with SMTPUTF8 UTF-8 identities are shown"
out=$("$ac" -c "$conf" --ip 198.51.100.10 --auth "$(printf 'j\366rg')" \
    --mail-from "<$(printf 'j\366rg')@pass.$D>" --smtputf8 | unfold)
like "$out" 'auth=pass.*\(user name not shown: not a local-part or address\).*smtp.mailfrom=pass.authcheck.example.*\(local-part not shown: not a Dot-string\)' \
    "with SMTPUTF8, octets that are not UTF-8 are still left out"

# identities that fail their grammar are not echoed: no method=result
# text inside them; address literals stay
for a in 'user; dkim=pass header.d=paypal.example' 'dkim=pass' '"alice"' \
    'alice smith'; do
	out=$("$ac" -c "$conf" --ip 198.51.100.10 --auth "$a" --helo mail.$D |
	    unfold)
	like "$out" '^Authentication-Results: mx.example; auth=pass \(user name not shown: not a local-part or address\); iprev=pass' \
	    "AUTH '$a' not echoed"
	is "$(printf '%s' "$out" | grep -c 'dkim=pass')" 0 \
	    "AUTH '$a': no dkim=pass in the field"
done
for h in 'x; dkim=pass header.d=paypal.example' 'mail example' \
    '"mail.example"' "$(printf 'm\344il.example')"; do
	out=$("$ac" -c "$conf" --ip 198.51.100.10 --helo "$h" | unfold)
	like "$out" 'spf=none reason="not a domain name" \(HELO name not shown: not a domain or address literal\)$' \
	    "HELO '$h' not echoed"
	is "$(printf '%s' "$out" | grep -c 'dkim=pass')" 0 \
	    "HELO '$h': no dkim=pass in the field"
done
out=$("$ac" -c "$conf" --ip 198.51.100.10 --helo '[192.0.2.1]' |
    unfold | sed 's/.*; spf=/spf=/')
is "$out" "spf=none reason=\"not a domain name\" smtp.helo=\"[192.0.2.1]\"" \
    "an address literal HELO stays"
out=$("$ac" -c "$conf" --ip 198.51.100.10 --auth alice@example.test |
    unfold)
like "$out" 'auth=pass smtp.auth=alice@example.test;' "an address AUTH stays"

# exit codes
printf 'AuthservID mx.example\n# ok\nBogus 1\n' >"$T_TMP/bad.conf"
err=$("$ac" -c "$T_TMP/bad.conf" --ip 198.51.100.10 2>&1)
is "$?" 78 "config error exits 78"
is "$err" "authcheck: $T_TMP/bad.conf:3: unknown key 'Bogus'" \
    "config error names file:line"
err=$("$ac" -c "$T_TMP/none.conf" --ip 198.51.100.10 2>&1)
is "$?" 78 "missing config file exits 78"
"$ac" -c "$conf" --helo x >/dev/null 2>&1
is "$?" 1 "no --ip is a usage error"
err=$("$ac" -c "$conf" --ip 198.51.100.300 2>&1)
is "$?" 1 "a bad --ip exits 1"
is "$err" "authcheck: --ip: '198.51.100.300' is not an IPv4 or IPv6 address" \
    "bad --ip message"
err=$("$ac" -c "$conf" --ip 198.51.100.10 "$T_TMP/missing.eml" 2>&1)
is "$?" 1 "an unreadable message exits 1"
is "$err" "authcheck: $T_TMP/missing.eml: No such file or directory" \
    "unreadable message message"
err=$("$ac" -c "$conf" --dns nowhere --ip 198.51.100.10 2>&1)
is "$?" 1 "a bad --dns exits 1"
done_testing
