#!/bin/sh
# arc-sign-suite.sh - the ARC signing suite (17 cases) through our sealer
# and a real nsd serving the suite's key records; see t/arc-sign-suite.py
# for what is compared (every tag but b=, and b= by python3-dkim).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
py=/usr/bin/python3
"$py" -c 'import yaml, dkim' 2>/dev/null ||
    skip_all "python3-yaml or python3-dkim not installed"
arcq="$top_builddir/t/arcq"
[ -x "$arcq" ] || bail_out "t/arcq not built"
suite="$top_srcdir/t/data/arc/arc-draft-sign-tests.yml"
out="$T_TMP/suite"
"$py" "$top_srcdir/t/arc-suite-gen.py" "$suite" "$out" ||
    bail_out "suite generator failed"
nsd_start "$out/zones"
"$py" "$top_srcdir/t/arc-sign-suite.py" "$suite" "$arcq" \
    "127.0.0.1@$NSD_PORT" "$T_TMP" >"$T_TMP/tap" ||
    bail_out "arc-sign-suite.py failed"
cat "$T_TMP/tap"
n=$(grep -c '^ok\|^not ok' "$T_TMP/tap")
tap_n=$n
tap_failed=$(grep -c '^not ok' "$T_TMP/tap")
[ "$n" -eq 17 ]
ok $? "all 17 sign cases ran ($n)"
done_testing
