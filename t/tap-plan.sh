#!/bin/sh
# tap-plan.sh - t/tap.h fails a C test program that ran fewer or more
# tests than it planned, that declared no plan, or that bailed out; one
# that ran what it planned passes.
. "$top_srcdir/t/lib/common.sh"
prog="$top_builddir/t/tap-plan"
[ -x "$prog" ] || bail_out "t/tap-plan not built"

"$prog" all >"$T_TMP/out"
is "$? $(head -1 "$T_TMP/out")" "0 1..2" "the plan first, exit 0 when it was kept"
for mode in fewer more noplan bail; do
	"$prog" "$mode" >"$T_TMP/out"
	rc=$?
	ok $((rc == 0)) "$mode: exit status $rc, not 0"
done
"$prog" fewer >"$T_TMP/out"
like "$(cat "$T_TMP/out")" '# planned 2 tests but ran 1' "fewer: says so"
"$prog" noplan >"$T_TMP/out"
like "$(tail -1 "$T_TMP/out")" '^not ok 3 - no plan' "noplan: a failed test"
"$prog" bail >"$T_TMP/out"
like "$(tail -1 "$T_TMP/out")" '^Bail out! setup failed' "bail: Bail out! for the driver"
done_testing
