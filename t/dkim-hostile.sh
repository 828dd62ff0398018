#!/bin/sh
# dkim-hostile.sh - a signature whose d=, s= or i= is not a name is a
# syntax error (dkim=neutral with the reason), costs no key query and
# puts no header.d/.s/.i in the field that a lenient reader could cut
# short to a domain; over-long values, thousands of signatures (half of
# them unparsable) and huge b= values never defer the message: authcheck
# accepts it, the field parses, no line is over 998 octets and what was
# left out is said in the field.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
nsd_start "$top_srcdir/t/zones/dkim"
drv="$top_builddir/t/dkim-check-file"
ac="$top_builddir/authcheck"
ar="$top_builddir/authres"
corpus="$top_srcdir/t/data/dkim/corpus"
signed="$corpus/pass-relaxed-relaxed.eml"

# syntax FILE WANT DESCRIPTION: the one result of FILE, and no DNS query
syntax() {
	_got=$("$drv" -v -d "127.0.0.1@$NSD_PORT" "$1" 2>&1 | sed '$d')
	is "$_got" "$2
dns queries 0" "$3"
}

# the key of this one is published under the odd name: it passed before
S='s=s2048 a=rsa-sha256'
syntax "$corpus/d-not-a-domain.eml" "neutral reason=\"signature syntax \
error: d= is not a domain name\" $S b=OrLFI+nF" \
    'd=legitimate.example(.attacker.example: neutral, no header.d, no query'

# variants of a good signature, tags rewritten (RFC 6376 3.5)
/usr/bin/python3 - "$signed" "$T_TMP" <<'PY' || bail_out "variants"
import sys
src = open(sys.argv[1], "rb").read()
out = sys.argv[2] + "/"
d, s = b"d=signer.example;", b" s=s2048;"
cases = {
    "d-comment": (d, b"d=signer.example(x.evil.example;"),
    "d-trailing-dot": (d, b"d=signer.example.;"),
    "d-hyphen-label": (d, b"d=-signer.example;"),
    "d-one-label": (d, b"d=example;"),
    "d-8bit": (d, b"d=sign\xc3\xa9r.example;"),
    "d-quote": (d, b'd=signer.example";'),
    "d-1200": (d, b"d=" + b"a" * 1200 + b".example;"),
    "s-comment": (s, b" s=s2048(x;"),
    "s-empty-label": (s, b" s=a..b;"),
    "s-1200": (s, b" s=" + b"s" * 1200 + b";"),
    "s-long-keyname": (s, b" s=" + b".".join([b"s" * 60] * 4) + b";"),
    "i-other-domain": (s, s + b" i=a@evil.example;"),
    "i-suffix-not-label": (s, s + b" i=a@xsigner.example;"),
    "i-comment-local": (s, s + b" i=a(b@signer.example;"),
    "i-qp-comment-local": (s, s + b" i=a=28b@signer.example;"),
    "i-no-at": (s, s + b" i=signer.example;"),
    "i-subdomain": (s, s + b" i=first.last@mail.signer.example;"),
    "i-atext-local": (s, s + b" i=a+b!c#d{e}@signer.example;"),
    "i-1200": (s, s + b" i=" + b"x" * 1200 + b"@signer.example;"),
}
for name, (old, new) in cases.items():
    assert src.count(old) == 1, name
    open(out + name + ".eml", "wb").write(src.replace(old, new, 1))
PY
b=Qu2Lxf+Y
e='neutral reason="signature syntax error'
D='d=signer.example'
I='i=@signer.example'
for v in d-comment d-trailing-dot d-hyphen-label d-one-label d-quote; do
	syntax "$T_TMP/$v.eml" "$e: d= is not a domain name\" $S b=$b" \
	    "$v: neutral, no header.d, no query"
done
# libopendkim finds these itself; its handle then lacks s= and b=
syntax "$T_TMP/d-8bit.eml" "$e\" a=rsa-sha256" \
    "d= with 8-bit octets: neutral, no header.d, no query"
syntax "$T_TMP/d-1200.eml" "$e\" $S b=$b" \
    "d= of 1200 octets: neutral, no header.d, no query"
syntax "$T_TMP/s-comment.eml" "$e: s= is not a selector\" $D $I \
a=rsa-sha256 b=$b" "s=s2048(x: neutral, no header.s, no query"
syntax "$T_TMP/s-empty-label.eml" "$e: s= is not a selector\" $D $I \
a=rsa-sha256 b=$b" "s=a..b: neutral, no header.s, no query"
syntax "$T_TMP/s-1200.eml" "$e: s= is not a selector\" $D $I \
a=rsa-sha256 b=$b" "s= of 1200 octets: neutral, no header.s, no query"
syntax "$T_TMP/s-long-keyname.eml" "$e: key name too long\" $D $I \
s=$(printf 's%.0s' $(seq 60)).$(printf 's%.0s' $(seq 60)).$(printf \
's%.0s' $(seq 60)).$(printf 's%.0s' $(seq 60)) a=rsa-sha256 b=$b" \
    "s._domainkey.d over 253 octets: neutral, no query"
for v in i-other-domain i-suffix-not-label i-no-at i-1200; do
	syntax "$T_TMP/$v.eml" "$e\" $D s=s2048 a=rsa-sha256 b=$b" \
	    "$v: neutral, no header.i, no query"
done
for v in i-comment-local i-qp-comment-local; do
	syntax "$T_TMP/$v.eml" "$e: i= is not an address in d=\" $D \
s=s2048 a=rsa-sha256 b=$b" "$v: neutral, no header.i, no query"
done

# an i= in a subdomain of d=, or with any atext in its local part, is an
# address: the key is looked up (the signature then fails: i= is signed)
for v in i-subdomain i-atext-local; do
	got=$("$drv" -v -d "127.0.0.1@$NSD_PORT" "$T_TMP/$v.eml" | sed '$d' |
	    sed 's/ i=[^ ]*//')
	is "$got" "fail reason=\"signature did not verify\" $D s=s2048 \
a=rsa-sha256 b=$b
dns queries 1" "$v: a valid i= is not a syntax error"
done

# a good i= still verifies (the tags are signed: the result is fail, but
# the signature got its key query)
got=$("$drv" -v -d "127.0.0.1@$NSD_PORT" "$corpus/pass-ed25519.eml" |
    sed '$d')
is "$got" "pass $D $I s=ed a=ed25519-sha256 b=ZWVAovlQ
dns queries 1" "a signature with names in d= and s= gets its key query"

# the d= domains a DMARC check is told at end of headers: those verified
got=$("$drv" -e -d "127.0.0.1@$NSD_PORT" "$corpus/pass-ed25519.eml" | head -1)
is "$got" "domains at end of headers: signer.example" \
    "the d= of a signature being verified is named at end of headers"
got=$("$drv" -e -d "127.0.0.1@$NSD_PORT" "$corpus/d-not-a-domain.eml" |
    head -1)
is "$got" "domains at end of headers:" "... a d= that is no domain is not"

# libopendkim's set-up grows faster than linearly with the signatures
# (20000 took 6 s): it gets the first 1000 DKIM-Signature fields only
for n in 999 1000; do
	/usr/bin/python3 -c 'import sys
junk = b"DKIM-Signature: v=1; a=rsa-sha256; d=signer.example; s=x; b=QUJD\r\n"
sys.stdout.buffer.write(junk * int(sys.argv[1]) + open(sys.argv[2], "rb").read())' \
	    "$n" "$signed" >"$T_TMP/junk$n.eml" || bail_out "junk$n"
done
got=$("$drv" -d "127.0.0.1@$NSD_PORT" "$T_TMP/junk999.eml" 2>&1 | tail -2)
is "$got" "pass $D $I s=s2048 a=rsa-sha256 b=$b
neutral reason=\"989 more signatures not reported\"" \
    "999 unparsable signatures, then a good one: it is verified"
got=$("$drv" -d "127.0.0.1@$NSD_PORT" "$T_TMP/junk1000.eml" 2>&1 | tail -2)
is "$got" "$e\" $D $I s=x a=rsa-sha256 b=QUJD
neutral reason=\"991 more signatures not reported\"" \
    "the 1001st DKIM-Signature field is not read, and counted"

# --- the field is always written -------------------------------------
conf="$T_TMP/a.conf"
printf 'AuthservID mx.example\nNameservers 127.0.0.1@%s\nDNSTimeout 2\n' \
    "$NSD_PORT" >"$conf"
/usr/bin/python3 - "$T_TMP" <<'PY' || bail_out "hostile messages"
import base64, hashlib, sys
out = sys.argv[1] + "/"
base = (b"From: a@signer.example\r\nTo: b@receiver.example\r\n"
        b"Subject: hostile\r\n\r\nHello\r\n")

def b64(seed, n=256):
    """n pseudo-random octets as base64, the same on every run."""
    raw = b"".join(hashlib.sha256(b"%s-%d" % (seed, k)).digest()
                   for k in range(n // 32 + 1))[:n]
    return base64.b64encode(raw)

def sig(d=b"signer.example", s=b"s2048", b=None, extra=b"", bh=b"AAAA"):
    b = b if b is not None else b64(d + s + extra)
    return (b"DKIM-Signature: v=1; a=rsa-sha256; d=" + d + b"; s=" + s +
            extra + b"; h=from:to; bh=" + bh + b"; b=" + b + b"\r\n")

def fold(v):
    return b"\r\n ".join(v[i:i + 76] for i in range(0, len(v), 76))

open(out + "long-s.eml", "wb").write(sig(s=b"s" * 1200) + base)
open(out + "long-d.eml", "wb").write(sig(d=b"d" * 1200 + b".example") + base)
open(out + "long-i.eml", "wb").write(
    sig(extra=b"; i=" + b"i" * 1200 + b"@signer.example") + base)
many = b""
for k in range(2000):
    if k % 2:  # no bh=: libopendkim reports a syntax error
        many += sig(s=b"u%d" % k, bh=b"")
    else:
        many += sig(s=b"p%d" % k)
open(out + "many.eml", "wb").write(many + base)
big = b"".join(sig(s=b"s%d" % k, b=fold(b"A" * 255000 + b64(b"%d" % k, 30)))
               for k in range(15))
open(out + "big-b.eml", "wb").write(big + base)
# names as long as RFC 6376 allows: 100 verified results would not fit
dom = b".".join([b"d" * 60] * 3) + b".example"
wide = b"".join(sig(d=dom, s=b"s%02d" % k,
                    extra=b"; i=" + b"l" * 64 + b"@" + dom)
                for k in range(100))
open(out + "wide.eml", "wb").write(wide + base)
PY

# field FILE CUT DESCRIPTION: accepted, field parses, lines <= 998 octets,
# the field under 16 KB, and CUT (an extended regex) is in it
field() {
	_json=$("$ac" -c "$conf" --ip 192.0.2.1 --json "$1" 2>"$T_TMP/err")
	like "$_json" '^\{"action": "accept", "header": "Authentication-Results: mx.example; ' \
	    "$3: accepted with a field"
	_out=$("$ac" -c "$conf" --ip 192.0.2.1 "$1" 2>>"$T_TMP/err")
	printf '%s\n' "$_out" | "$ar" parse >/dev/null 2>>"$T_TMP/err"
	ok $? "$3: the field parses"
	_long=$(printf '%s\n' "$_out" | awk 'length($0) > 998' | wc -l)
	is "$_long" 0 "$3: no line over 998 octets"
	_size=$(printf '%s' "$_out" | wc -c)
	ok $((_size >= 16384)) "$3: the field is under 16 KB ($_size octets)"
	like "$(printf '%s' "$_out" | tr -d '\n')" "$2" "$3: the cut is said"
	_err=$(cat "$T_TMP/err")
	is "$_err" "" "$3: nothing on stderr"
}
w='[[:space:]]+'
nr="dkim=neutral${w}reason=\"signature syntax error"
field "$T_TMP/long-s.eml" "${nr}: s= is not a selector\"${w}header.d" \
    "s= of 1200 octets"
field "$T_TMP/long-d.eml" "${nr}\"${w}header.s=s2048" "d= of 1200 octets"
field "$T_TMP/long-i.eml" \
    "${nr}\"${w}header.d=signer.example${w}header.s=s2048" \
    "i= of 1200 octets"
field "$T_TMP/many.eml" \
    "dkim=neutral${w}reason=\"1985 more signatures not reported\"; arc=none${w}smtp.remote-ip=192.0.2.1;${w}dmarc=none${w}header.from=signer.example\$" \
    "2000 signatures, half unparsable"
field "$T_TMP/big-b.eml" 'header.b=A{128};' \
    "15 signatures with 255 KB b= sharing a prefix: header.b capped"
cp "$conf" "$T_TMP/keep.conf"
echo 'MaximumSignatures 100' >>"$conf"
field "$T_TMP/wide.eml" \
    "dkim=neutral${w}reason=\"[0-9]+ more signatures not reported\"; arc=none${w}smtp.remote-ip=192.0.2.1;${w}dmarc=none${w}header.from=signer.example\$" \
    "100 verified signatures with 250-octet names: 8 KB for dkim"
cp "$T_TMP/keep.conf" "$conf"
n=$("$ac" -c "$conf" --ip 192.0.2.1 "$T_TMP/many.eml" | tr -d '\n' |
    grep -o 'dkim=' | wc -l)
is "$n" 16 "2000 signatures: 5 verified, 10 others, one count of the rest"
done_testing
