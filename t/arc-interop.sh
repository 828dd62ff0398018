#!/bin/sh
# arc-interop.sh - ARC chains sealed by python3-dkim (one and two sets,
# some broken after sealing; bench/make-corpus.py --arc 100) get the same
# chain status from src/arc (t/arcq against nsd) as from python3-dkim's
# own arc_verify. One TAP line per message, plus: both passes and fails
# occur (so the comparison is not vacuous).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
py=/usr/bin/python3
"$py" -c 'import dkim, authres' 2>/dev/null ||
    skip_all "python3-dkim or python3-authres not installed"
command -v openssl >/dev/null || skip_all "openssl not installed"
arcq="$top_builddir/t/arcq"
[ -x "$arcq" ] || bail_out "t/arcq not built"
c="$T_TMP/corpus"
"$py" "$top_srcdir/bench/make-corpus.py" "$c" -n 60 --arc 100 --seed 7 \
    >/dev/null || bail_out "make-corpus.py failed"
nsd_start "$c/zones"
for f in "$c"/msgs/*.eml; do
	grep -q '^ARC-Seal:' "$f" && echo "$f"
done >"$T_TMP/files"
[ -s "$T_TMP/files" ] || bail_out "no sealed message in the corpus"
# shellcheck disable=SC2046
"$arcq" -s "127.0.0.1@$NSD_PORT" $(cat "$T_TMP/files") |
    awk '{ print $1, $2 }' >"$T_TMP/ours" || bail_out "arcq failed"
# shellcheck disable=SC2046
"$py" "$top_srcdir/t/arc-interop.py" "$c/zones/bench.example.zone" \
    bench.example $(cat "$T_TMP/files") >"$T_TMP/theirs" ||
    bail_out "arc-interop.py failed"
while read -r f want; do
	got=$(grep -F "$f " "$T_TMP/ours" | awk '{ print $2 }')
	is "$got" "$want" "$(basename "$f"): arc=$want as python3-dkim says"
done <"$T_TMP/theirs"
n=$(awk '{ print $2 }' "$T_TMP/theirs" | sort -u | tr '\n' ' ')
is "$n" "fail pass " "the corpus has passing and failing chains"
two=$(grep -l '^ARC-Seal: i=2' $(cat "$T_TMP/files") | wc -l)
[ "$two" -gt 0 ]
ok $? "the corpus has chains of two sets ($two)"

# the session end to end: authcheck writes arc after dkim, before dmarc
pass1=$(awk '$2 == "pass" { print $1 }' "$T_TMP/theirs" | head -1)
[ -n "$pass1" ] || bail_out "no passing chain"
printf 'AuthservID mx.example\nNameservers 127.0.0.1@%s\n' "$NSD_PORT" \
    >"$T_TMP/ac.conf"
field=$("$top_builddir/authcheck" -c "$T_TMP/ac.conf" --ip 198.18.0.1 \
    "$pass1" | tr -d '\n' | tr '\t' ' ')
like "$field" '; dkim=[a-z]+ [^;]*; arc=pass smtp\.remote-ip=198\.18\.0\.1 header\.oldest-pass=0; dmarc=' \
    "authcheck: arc=pass with remote-ip and oldest-pass, after dkim, before dmarc"
bad=$(awk '$2 == "fail" { print $1 }' "$T_TMP/theirs" | head -1)
field=$("$top_builddir/authcheck" -c "$T_TMP/ac.conf" --ip 198.18.0.1 \
    "$bad" | tr -d '\n' | tr '\t' ' ')
like "$field" '; arc=fail reason="ARC-Message-Signature i=[12]: [a-z ]+" smtp\.remote-ip=198\.18\.0\.1;' \
    "authcheck: a broken chain is arc=fail with its reason"
done_testing
