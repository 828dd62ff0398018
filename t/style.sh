#!/bin/sh
# style.sh - the mechanical part of the house style: no banned calls, no
# source file over 600 lines, clang-format clean (when clang-format is
# installed).
. "$top_srcdir/t/lib/common.sh"
cd "$top_srcdir" || bail_out "no source tree"
files=$(find src t fuzz bench -name '*.[ch]' 2>/dev/null | sort)
[ -n "$files" ] || bail_out "no source files found"

banned='(^|[^_[:alnum:]])(strcpy|strcat|sprintf|vsprintf|strncpy|gets|atoi|atol|system|popen|alloca)[[:space:]]*\('
# shellcheck disable=SC2086
hits=$(grep -nE "$banned" $(echo "$files" | grep '^src/') | grep -v '^[^:]*:[0-9]*:[[:space:]]*\*' )
is "$hits" "" "no banned call (strcpy, sprintf, atoi, system...) in src/"

long=
for f in $files; do
	n=$(wc -l <"$f")
	[ "$n" -le 600 ] || long="$long $f:$n"
done
is "$long" "" "no C file over 600 lines"

if command -v clang-format >/dev/null 2>&1 &&
    clang-format --version | grep -q 'version 14'; then
	# shellcheck disable=SC2086
	out=$(clang-format --dry-run $(echo "$files" | grep '^src/') 2>&1 | grep -c 'warning:')
	is "$out" "0" "src/ is clang-format clean"
else
	ok 0 "clang-format 14 not installed: format check skipped # SKIP"
fi
done_testing
