#!/bin/sh
# dkim-bprefix.sh - RFC 6008 header.b: the shortest prefix of b=, at least
# 8 octets and at most 128, that starts no other signature's b=, for the
# cases a pairwise or sorted search gets wrong: identical values, one value
# a prefix of another, long shared prefixes, short values, a neighbour in
# sort order that is not the closest. No DNS: the keys are not needed.
. "$top_srcdir/t/lib/common.sh"
drv="$top_builddir/t/dkim-check-file"
port=$(free_port)

# prefixes NAME WANT B...: one signature per B, header.b of each in order
prefixes() {
	_name=$1
	_want=$2
	shift 2
	/usr/bin/python3 - "$T_TMP/$_name.eml" "$@" <<'PY' || bail_out "$_name"
import sys
sigs = b"".join(b"DKIM-Signature: v=1; a=rsa-sha256; d=signer.example; "
                b"s=s%d; h=from; bh=AAAA; b=%s\r\n" % (k, b.encode())
                for k, b in enumerate(sys.argv[2:]))
open(sys.argv[1], "wb").write(sigs + b"From: a@signer.example\r\n\r\nHi\r\n")
PY
	_got=$("$drv" -m 1000 -d "127.0.0.1@$port" "$T_TMP/$_name.eml" 2>/dev/null |
	    sed 's/.* b=//' | tr '\n' ' ')
	is "$_got" "$_want " "$_name"
}
a40=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn
x300=$(printf 'x%.0s' $(seq 300))
x128=$(printf 'x%.0s' $(seq 128))

prefixes "distinct at the first octet: 8 octets" "ABCDEFGH BABCDEFG" \
    "$a40" "B$a40"
prefixes "identical: the whole value" "$a40 $a40" "$a40" "$a40"
prefixes "one a prefix of the other" "$a40 ${a40}9" "$a40" "${a40}99"
prefixes "other order" "${a40}9 $a40" "${a40}99" "$a40"
prefixes "shared 20 octets: 21" "${a40%????????????????????}1 \
${a40%????????????????????}2" "${a40%????????????????????}1zzzz" \
    "${a40%????????????????????}2zzzz"
prefixes "shorter than 8: the whole value" "AB ABC" "AB" "ABC"
prefixes "shared 300 octets: capped at 128" "$x128 $x128" "${x300}1" \
    "${x300}2"
prefixes "the closest is not the neighbour in input order" \
    "ABCDEFGHIJ1 ZZZZZZZZ ABCDEFGHIJ2" "ABCDEFGHIJ1aaaa" "ZZZZZZZZZZ" \
    "ABCDEFGHIJ2bbbb"
prefixes "one signature: 8 octets" "ABCDEFGH" "$a40"
prefixes "not base64: not echoed" "ABCDEFGH neutral reason=\"signature \
syntax error\" d=signer.example i=@signer.example s=s1 a=rsa-sha256" "$a40" \
    "a(b.example"
done_testing
