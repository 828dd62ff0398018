#!/bin/sh
# arc-suite.sh - the ARC validation suite (t/data/arc, from before RFC
# 8617) through src/arc, the project resolver and a real nsd on loopback
# serving the suite's txt-records. One TAP line per case, named after it;
# every case runs. Where RFC 8617 (or RFC 6376) says otherwise than the
# suite, t/arc-suite.todo names the case, the result we give and the
# section: such a case passes when we give that result, and is counted
# apart. Any other mismatch fails. Prints the strict count (agreeing with
# the suite) and the RFC-adjusted count.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
py=/usr/bin/python3
"$py" -c 'import yaml' 2>/dev/null || skip_all "python3-yaml not installed"
arcq="$top_builddir/t/arcq"
[ -x "$arcq" ] || bail_out "t/arcq not built"
todo="$top_srcdir/t/arc-suite.todo"
[ -r "$todo" ] || bail_out "no t/arc-suite.todo"
out="$T_TMP/suite"
"$py" "$top_srcdir/t/arc-suite-gen.py" \
    "$top_srcdir/t/data/arc/arc-draft-validation-tests.yml" "$out" ||
    bail_out "suite generator failed"
total=$(wc -l <"$out/expected")
[ "$total" -eq 171 ] || bail_out "expected 171 validation cases, found $total"
nsd_start "$out/zones"

# one arcq run over every case, in the suite's order
cut -f1 "$out/expected" | sed "s|^|$out/msg/|; s|\$|.eml|" >"$out/files"
# shellcheck disable=SC2046
"$arcq" -s "127.0.0.1@$NSD_PORT" -i 192.0.2.1 $(cat "$out/files") \
    >"$out/got" 2>"$out/err" || bail_out "arcq failed: $(head -3 "$out/err")"
[ "$(wc -l <"$out/got")" -eq "$total" ] || bail_out "arcq printed too few lines"

strict=0 adjusted=0
while IFS='	' read -r name want; do
	line=$(grep -F "/msg/$name.eml " "$out/got")
	got=$(printf '%s\n' "$line" | awk '{ print $2 }')
	rfc=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$todo")
	if [ "$got" = "$want" ] && [ -z "$rfc" ]; then
		strict=$((strict + 1))
		adjusted=$((adjusted + 1))
		ok 0 "$name: cv=$want"
	elif [ -n "$rfc" ] && [ "$got" = "$rfc" ]; then
		adjusted=$((adjusted + 1))
		ok 0 "$name: $got (suite says '$want'; see t/arc-suite.todo)"
	else
		ok 1 "$name: cv=$want"
		diag "got: $line"
	fi
done <"$out/expected"
# the list holds no case the suite does not have
stale=$(cut -f1 "$todo" | grep -v '^#' | grep -v '^$' |
    while read -r n; do grep -q "^$n	" "$out/expected" || echo "$n"; done)
is "$stale" "" "every case in t/arc-suite.todo is a suite case"
diag "arc validation suite: strict $strict/$total agree with the suite, RFC-adjusted $adjusted/$total"
done_testing
