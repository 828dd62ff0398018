#!/bin/sh
# style.sh - the mechanical part of the house style: no banned calls, no
# source file over 600 lines, clang-format clean (when clang-format is
# installed); and the layering the design relies on: libmilter only in the
# two files that adapt it, libauthres and the resolver include nothing of
# the daemon or their siblings, no include cycle in src/, and no function
# in a daemon header that only its own file uses.
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
# quoted_includes FILE... - "FILE TARGET" per #include "...", TARGET as
# a path under the tree ("dir/x.h" is src/dir/x.h, "x.h" next to FILE)
quoted_includes() {
	for _f in "$@"; do
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$_f" |
		while read -r _inc; do
			if [ -e "$(dirname "$_f")/$_inc" ]; then
				echo "$_f $(dirname "$_f")/$_inc"
			else
				echo "$_f src/$_inc"
			fi
		done
	done
}
srcfiles=$(echo "$files" | grep '^src/')

# shellcheck disable=SC2086
hits=$(grep -l 'libmilter/mfapi\.h' $srcfiles | grep -vx 'src/milter\.c\|src/main\.c')
is "$hits" "" "libmilter/mfapi.h only in src/milter.c and src/main.c"

# shellcheck disable=SC2086
hits=$(quoted_includes $(echo "$srcfiles" | grep '^src/authres/') |
    awk '$2 !~ /^src\/authres\/[^\/]*$/')
is "$hits" "" "src/authres (libauthres) includes no daemon header"

# shellcheck disable=SC2086
hits=$(quoted_includes $(echo "$srcfiles" | grep '^src/dns/') |
    awk '$2 !~ /^src\/dns\/[^\/]*$/')
is "$hits" "" "src/dns includes no sibling module"

# shellcheck disable=SC2086
quoted_includes $srcfiles >"$T_TMP/includes"
[ -s "$T_TMP/includes" ] || bail_out "no #include found in src/"
# tsort names the files of a loop on stderr and exits non-zero
loop=$(tsort "$T_TMP/includes" 2>&1 >/dev/null)
is "$loop" "" "no include cycle in src/"

# a function declared in a daemon header (libauthres's are its public API)
# is used outside the file that defines it, by another module or a test;
# otherwise it belongs in that file as a static function, or nowhere
unused=
for h in $(echo "$srcfiles" | grep '^src/.*/.*\.h$' | grep -v '^src/authres/'); do
	for fn in $(sed -n 's/^[a-z][^(]*[^_[:alnum:]]\([a-z_][a-z0-9_]*\)(.*/\1/p' "$h" | sort -u); do
		# shellcheck disable=SC2086
		def=$(grep -l "^$fn(" $srcfiles)
		# shellcheck disable=SC2086
		users=$(grep -lw "$fn" $files | grep -vx "$h" | grep -vxF "$def")
		[ -n "$users" ] || unused="$unused $h:$fn"
	done
done
is "$unused" "" "every function in a daemon header is used outside its file"
done_testing
