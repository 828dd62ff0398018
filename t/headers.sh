#!/bin/sh
# headers.sh - every header under src/ compiles on its own (house style 7):
# a header that leans on what its includer happened to include first breaks
# the next file that includes it.
. "$top_srcdir/t/lib/common.sh"
cc=${CC:-cc}
cflags="-fsyntax-only -Wall -Wextra -Werror -I$top_srcdir/src -I$top_builddir"
cflags="$cflags $(pkg-config --cflags libbsd-overlay ldns opendkim milter 2>/dev/null)"
for h in $(cd "$top_srcdir" && find src -name '*.h' | sort); do
	printf '#include "%s"\n' "$h" >"$T_TMP/h.c"
	# shellcheck disable=SC2086
	out=$($cc $cflags -I"$top_srcdir" -c "$T_TMP/h.c" -o /dev/null 2>&1)
	ok $? "$h compiles alone"
	[ -z "$out" ] || diag "$out"
done
done_testing
