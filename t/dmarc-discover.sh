#!/bin/sh
# dmarc-discover.sh - DMARC (RFC 9989) against nsd: policy discovery by
# the tree walk (record at the author, at the org domain, psd=y and
# psd=n anchors, the jump from 12 to 7 labels), sp= and np= (NXDOMAIN
# existence probe), t=y, strict and relaxed alignment of SPF and DKIM,
# none without a record, none with two records, permerror for an invalid
# record and unreadable From fields, temperror for SERVFAIL where it can
# change the outcome (and not where it cannot), the PSL mode, the time
# limit, and lookups sent before end of message (identifier hints too).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
nsd_start "$top_srcdir/t/zones/dmarc" brokentld
dmarcq() { $DNS_TEST_WRAP "$top_builddir/t/dmarcq" -s "127.0.0.1@$NSD_PORT" "$@"; }

# OPTIONS~FROM~WANT~WHY (OPTIONS split on spaces, FROM one argument)
while IFS='~' read -r opts from want why; do
	# shellcheck disable=SC2086
	out=$(dmarcq $opts "$from" 2>&1)
	is "$out" "$want" "$why"
done <<'CASES'
-D pass:bank.example~a@bank.example~pass policy=reject dis=none org=bank.example | mx.test.example; dmarc=pass (p=reject sp=quarantine dis=none) header.from=bank.example policy.dmarc=reject~aligned DKIM pass at the policy domain: pass
-D pass:mail.bank.example~a@bank.example~pass policy=reject dis=none org=bank.example | mx.test.example; dmarc=pass (p=reject sp=quarantine dis=none) header.from=bank.example policy.dmarc=reject~relaxed: DKIM d= of a subdomain aligns
-S pass:mail.bank.example~A <a@Bank.Example.>~pass policy=reject dis=none org=bank.example | mx.test.example; dmarc=pass (p=reject sp=quarantine dis=none) header.from=bank.example policy.dmarc=reject~relaxed: SPF of a subdomain aligns
-S pass:evil.example -D fail:bank.example~a@bank.example~fail policy=reject dis=reject org=bank.example | mx.test.example; dmarc=fail (p=reject sp=quarantine dis=reject) header.from=bank.example policy.dmarc=reject~SPF pass of another domain, DKIM fail: fail, reject
-S pass:evil.example~"a@bank.example" <x@evil.example>~none policy=unset dis=unset org=- | mx.test.example; dmarc=none header.from=evil.example~quoted display name: the address decides
-D pass:evil.example~a@mail.bank.example~fail policy=quarantine dis=quarantine org=bank.example | mx.test.example; dmarc=fail (p=reject sp=quarantine dis=quarantine) header.from=mail.bank.example policy.dmarc=quarantine~existing subdomain: sp=
-D pass:evil.example~a@empty.bank.example~fail policy=quarantine dis=quarantine org=bank.example | mx.test.example; dmarc=fail (p=reject sp=quarantine dis=quarantine) header.from=empty.bank.example policy.dmarc=quarantine~subdomain with data but no address exists (NODATA): sp=
-D pass:bank.example~a@nx.bank.example~pass policy=reject dis=none org=bank.example | mx.test.example; dmarc=pass (p=reject sp=quarantine dis=none) header.from=nx.bank.example policy.dmarc=reject~non-existent subdomain with aligned DKIM: pass, np= is the policy
~a@nx.bank.example~fail policy=reject dis=reject org=bank.example | mx.test.example; dmarc=fail (p=reject sp=quarantine dis=reject) header.from=nx.bank.example policy.dmarc=reject~non-existent subdomain (NXDOMAIN): np=
-D pass:evil.example~a@a.dept.bank.example~fail policy=quarantine dis=quarantine org=bank.example | mx.test.example; dmarc=fail (p=reject sp=quarantine dis=quarantine) header.from=a.dept.bank.example policy.dmarc=quarantine~a record between author and org domain is passed over: the org's sp= (RFC 9989 4.10.1)
-D pass:dept.bank.example~a@a.dept.bank.example~pass policy=quarantine dis=none org=bank.example | mx.test.example; dmarc=pass (p=reject sp=quarantine dis=none) header.from=a.dept.bank.example policy.dmarc=quarantine~a sibling below the same org domain aligns (relaxed)
-D temperror:bank.example -S fail:bank.example~a@bank.example~temperror policy=reject dis=none org=bank.example | mx.test.example; dmarc=temperror reason="an aligned identifier's result is temperror" (p=reject sp=quarantine dis=none) header.from=bank.example policy.dmarc=reject~aligned DKIM temperror, no pass: temperror
-D temperror:other.example -S fail:bank.example~a@bank.example~fail policy=reject dis=reject org=bank.example | mx.test.example; dmarc=fail (p=reject sp=quarantine dis=reject) header.from=bank.example policy.dmarc=reject~DKIM temperror of an unaligned domain cannot change it: fail
-D temperror:bank.example -S pass:bank.example~a@bank.example~pass policy=reject dis=none org=bank.example | mx.test.example; dmarc=pass (p=reject sp=quarantine dis=none) header.from=bank.example policy.dmarc=reject~aligned SPF pass wins over a DKIM temperror
-D pass:mail.strict.example~a@strict.example~fail policy=reject dis=reject org=strict.example | mx.test.example; dmarc=fail (p=reject sp=reject dis=reject) header.from=strict.example policy.dmarc=reject~adkim=s: a subdomain's signature does not align
-S pass:strict.example~a@strict.example~pass policy=reject dis=none org=strict.example | mx.test.example; dmarc=pass (p=reject sp=reject dis=none) header.from=strict.example policy.dmarc=reject~aspf=s: the same domain aligns
~a@testing.example~fail policy=quarantine dis=quarantine org=testing.example | mx.test.example; dmarc=fail (p=reject sp=reject dis=quarantine) header.from=testing.example policy.dmarc=quarantine~t=y: reject acts as quarantine
~a@testq.example~fail policy=none dis=none org=testq.example | mx.test.example; dmarc=fail (p=quarantine sp=quarantine dis=none) header.from=testq.example policy.dmarc=none~t=y: quarantine acts as none
-D pass:none.example~a@none.example~none policy=unset dis=unset org=- | mx.test.example; dmarc=none header.from=none.example~no record up the tree: none
~a@two.example~none policy=unset dis=unset org=- | mx.test.example; dmarc=none header.from=two.example~two DMARC records: none at that name
~a@spfbeside.example~fail policy=quarantine dis=quarantine org=spfbeside.example | mx.test.example; dmarc=fail (p=quarantine sp=quarantine dis=quarantine) header.from=spfbeside.example policy.dmarc=quarantine~an SPF record beside the DMARC one is discarded
~a@bad.example~permerror policy=unset dis=unset org=- | mx.test.example; dmarc=permerror reason="invalid record at _dmarc.bad.example: a policy tag given twice" header.from=bad.example~p= given twice, no rua=: permerror
~a@badsub.bank.example~permerror policy=unset dis=unset org=- | mx.test.example; dmarc=permerror reason="invalid record at _dmarc.badsub.bank.example: no valid p=, sp=, np= and no rua=" header.from=badsub.bank.example~an invalid record below a valid one: no DMARC processing (RFC 9989 4.10.1 step 6)
~a@badsp.example~fail policy=none dis=none org=badsp.example | mx.test.example; dmarc=fail (p=none sp=none dis=none) header.from=badsp.example policy.dmarc=none~a bad sp= with a mailto: rua=: p=none alone
~a@norua.example~fail policy=none dis=none org=norua.example | mx.test.example; dmarc=fail (p=none sp=none dis=none) header.from=norua.example policy.dmarc=none~no p= with a mailto: rua=: p=none
~a@split.example~fail policy=reject dis=reject org=split.example | mx.test.example; dmarc=fail (p=reject sp=reject dis=reject) header.from=split.example policy.dmarc=reject~a record in two strings is joined
~a@a.b.c.d.e.f.g.h.i.j.deep.example~fail policy=quarantine dis=quarantine org=g.h.i.j.deep.example | mx.test.example; dmarc=fail (p=quarantine sp=quarantine dis=quarantine) header.from=a.b.c.d.e.f.g.h.i.j.deep.example policy.dmarc=quarantine~12 labels: the walk jumps to 7 labels, skipping the record at 9
-D pass:mail.org1.psd~a@org1.psd~pass policy=reject dis=none org=org1.psd | mx.test.example; dmarc=pass (p=reject sp=reject dis=none) header.from=org1.psd policy.dmarc=reject~psd=y: the org domain is one label below; a subdomain's DKIM aligns
-D pass:other.psd~a@org1.psd~fail policy=reject dis=reject org=org1.psd | mx.test.example; dmarc=fail (p=reject sp=reject dis=reject) header.from=org1.psd policy.dmarc=reject~psd=y: a sibling organization does not align
-D pass:orgn.psd~a@x.dept.orgn.psd~fail policy=none dis=none org=dept.orgn.psd | mx.test.example; dmarc=fail (p=none sp=none dis=none) header.from=x.dept.orgn.psd policy.dmarc=none~psd=n: dept.orgn.psd is its own org; its parent does not align
-D pass:dept.orgn.psd~a@x.dept.orgn.psd~pass policy=none dis=none org=dept.orgn.psd | mx.test.example; dmarc=pass (p=none sp=none dis=none) header.from=x.dept.orgn.psd policy.dmarc=none~psd=n: the org domain itself aligns
-D pass:bank.brokentld~a@bank.brokentld~temperror policy=unset dis=unset org=- | mx.test.example; dmarc=temperror reason="lookup of _dmarc.bank.brokentld failed: SERVFAIL" header.from=bank.brokentld~SERVFAIL at the author domain: temperror
-D pass:good.brokentld~a@good.brokentld~pass policy=reject dis=none org=- | mx.test.example; dmarc=pass (p=reject sp=reject dis=none) header.from=good.brokentld policy.dmarc=reject~record found, walk above fails: exact alignment still passes
-D pass:mail.good.brokentld~a@good.brokentld~temperror policy=reject dis=none org=- | mx.test.example; dmarc=temperror reason="organizational domain of an identifier unknown" (p=reject sp=reject dis=none) header.from=good.brokentld policy.dmarc=reject~record found, walk above fails: relaxed alignment is unknown, temperror
-S fail:good.brokentld~a@good.brokentld~fail policy=reject dis=reject org=- | mx.test.example; dmarc=fail (p=reject sp=reject dis=reject) header.from=good.brokentld policy.dmarc=reject~nothing passed: the failed walk above cannot change it, fail
-m psl -D pass:evil.example~a@mail.bank.example~fail policy=quarantine dis=quarantine org=bank.example | mx.test.example; dmarc=fail (p=reject sp=quarantine dis=quarantine) header.from=mail.bank.example policy.dmarc=quarantine~psl mode: the registrable domain's record
-m psl -D pass:mail.bank.example~a@bank.example~pass policy=reject dis=none org=bank.example | mx.test.example; dmarc=pass (p=reject sp=quarantine dis=none) header.from=bank.example policy.dmarc=reject~psl mode: relaxed alignment by the list, no walk
-m psl -D pass:mail.bank.other~a@bank.example~fail policy=reject dis=reject org=bank.example | mx.test.example; dmarc=fail (p=reject sp=quarantine dis=reject) header.from=bank.example policy.dmarc=reject~psl mode: another registrable domain does not align
-m psl~a@org1.psd~none policy=unset dis=unset org=- | mx.test.example; dmarc=none header.from=org1.psd~psl mode: no psd= anchors, no record
-m auto -D pass:mail.org1.psd~a@org1.psd~pass policy=reject dis=none org=org1.psd | mx.test.example; dmarc=pass (p=reject sp=reject dis=none) header.from=org1.psd policy.dmarc=reject~auto mode: the walk's anchor
-S pass:example.com~a@example.com~pass policy=reject dis=none org=example.com | mx.test.example; dmarc=pass (p=reject sp=reject dis=none) header.from=example.com policy.dmarc=reject~RFC 9989 B.4.1: SPF of the author domain aligns
-D pass:signing.example.com~a@example.com~pass policy=reject dis=none org=example.com | mx.test.example; dmarc=pass (p=reject sp=reject dis=none) header.from=example.com policy.dmarc=reject~RFC 9989 B.4.1: DKIM of signing.example.com (own record) aligns, relaxed
-S pass:example.com~a@a.b.c.d.e.f.g.h.i.j.k.example.com~pass policy=reject dis=none org=example.com | mx.test.example; dmarc=pass (p=reject sp=reject dis=none) header.from=a.b.c.d.e.f.g.h.i.j.k.example.com policy.dmarc=reject~RFC 9989 B.4.2: deep author domain, SPF of example.com aligns
-D pass:signing.example.com -S fail:example.com~a@a.b.c.d.e.f.g.h.i.j.k.example.com~pass policy=reject dis=none org=example.com | mx.test.example; dmarc=pass (p=reject sp=reject dis=none) header.from=a.b.c.d.e.f.g.h.i.j.k.example.com policy.dmarc=reject~RFC 9989 B.4.2: deep author domain, DKIM of signing.example.com aligns
-S pass:other.com~a@a.b.c.d.e.f.g.h.i.j.k.example.com~fail policy=reject dis=reject org=example.com | mx.test.example; dmarc=fail (p=reject sp=reject dis=reject) header.from=a.b.c.d.e.f.g.h.i.j.k.example.com policy.dmarc=reject~RFC 9989 B.4.2: the policy domain is example.com
~a@[192.0.2.1]~permerror policy=unset dis=unset org=- | mx.test.example; dmarc=permerror reason="From domain is an address literal"~domain literal: permerror, no lookup
~a@bank.example, b@evil.example~permerror policy=unset dis=unset org=- | mx.test.example; dmarc=permerror reason="From addresses of different domains"~two author domains: permerror
~evil@attacker.example <a@bank.example>~permerror policy=unset dis=unset org=- | mx.test.example; dmarc=permerror reason="From does not parse"~an address as bare display name: permerror
CASES

# every DKIM result counts: an aligned pass after 20 other signatures
opts=
i=0
while [ $i -lt 20 ]; do opts="$opts -D pass:s$i.evil.example"; i=$((i + 1)); done
# shellcheck disable=SC2086
out=$(dmarcq $opts -D pass:bank.example a@bank.example | cut -d' ' -f1)
is "$out" "pass" "the 21st DKIM result, aligned, still passes"

out=$(dmarcq a@bank.example a@bank.example)
is "$out" 'permerror policy=unset dis=unset org=- | mx.test.example; dmarc=permerror reason="several From fields"' \
    "two From fields: permerror"
out=$(dmarcq)
is "$out" 'none policy=unset dis=unset org=- | mx.test.example; dmarc=none reason="no From field"' \
    "no From field: none"

# lookups go out at start and are taken in by advance, before eom
out=$(dmarcq -a 300 -D pass:bank.example a@mail.bank.example | head -1)
is "$out" "queries before eom: 4" "the walk's 3 lookups and the np= probe start before end of message"

# identifier hints: the walk of a subdomain identifier starts before eom
# once the author's record is in (its parents' answers come from the
# cache); one outside the org domain, or under strict alignment, starts
# nothing
while IFS='~' read -r opts n why; do
	# shellcheck disable=SC2086
	out=$(dmarcq -a 300 $opts | head -1)
	is "$out" "queries before eom: $n" "$why"
done <<'CASES'
-D pass:mail.bank.example a@bank.example~2~no hint: the author's walk only (2 lookups)
-H mail.bank.example -D pass:mail.bank.example a@bank.example~3~hint below the org domain: its walk starts before eom
-H mail.bank.example -H evil.example -D pass:mail.bank.example a@bank.example~3~hint outside the org domain: no lookup
-H x.strict.example -D pass:x.strict.example a@strict.example~2~hint under adkim=s aspf=s: no lookup
CASES
out=$(dmarcq -H mail.bank.example -D pass:mail.bank.example a@bank.example | sed 's/^[^|]*| //')
is "$out" "mx.test.example; dmarc=pass (p=reject sp=quarantine dis=none) header.from=bank.example policy.dmarc=reject" \
    "a hinted identifier's walk joined at eom: same result"

# a pause longer than DMARCTimeout between start and eom (a slow client)
# costs nothing: only waiting in joins counts
out=$(dmarcq -l 100 -a 600 -D pass:bank.example a@mail.bank.example | tail -1 | cut -d' ' -f1-3)
is "$out" "pass policy=quarantine dis=none" "a 600 ms pause with a 100 ms limit: no temperror"

# time limit: a silent server
"$top_srcdir/t/dns-hostile.py" "$T_TMP/silent.port" silent </dev/null >/dev/null 2>&1 &
t_at_exit "kill $! 2>/dev/null"
i=0
while [ ! -s "$T_TMP/silent.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
out=$("$top_builddir/t/dmarcq" -t 4000 -l 300 -s "127.0.0.1@$(cat "$T_TMP/silent.port")" a@bank.example | sed 's/^[^|]*| //')
like "$out" '^mx.test.example; dmarc=temperror reason="lookup of _dmarc.bank.example failed: .*300 ms' \
    "a walk that outlives DMARCTimeout: temperror naming the limit"
done_testing
