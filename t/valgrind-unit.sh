#!/bin/sh
# valgrind-unit.sh - every C unit test ($UNIT_TESTS) runs under valgrind
# with no memory error and no definite leak (valgrind --error-exitcode=1
# --leak-check=full), as make check-valgrind does, one TAP result per
# program. Skipped without valgrind and in a sanitizer build (ASan and
# valgrind do not mix). The Makefile exports UNIT_TESTS, VALGRIND and
# SAN_CFLAGS.
. "$top_srcdir/t/lib/common.sh"

case ${SAN_CFLAGS:-} in
*sanitize*) skip_all "sanitizer build: ASan and valgrind do not mix" ;;
esac
[ -n "${VALGRIND:-}" ] && [ -x "$VALGRIND" ] ||
	skip_all "valgrind not found (apt-get install valgrind)"
[ -n "${UNIT_TESTS:-}" ] || skip_all "UNIT_TESTS not set (run through make check)"

for t in $UNIT_TESTS; do
	if [ ! -x "$top_builddir/$t" ]; then
		ok 1 "$t: built"
		continue
	fi
	out=$(cd "$top_builddir" && ./libtool --mode=execute "$VALGRIND" -q \
	    --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite "./$t" 2>&1 >/dev/null)
	rc=$?
	# a unit test that cannot run alone skips itself (exit 77)
	if [ $rc -eq 77 ]; then
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - $t under valgrind # SKIP does not run standalone"
		continue
	fi
	ok $rc "$t: no memory error and no definite leak under valgrind"
	[ $rc -eq 0 ] || diag "$(printf '%s\n' "$out" | tail -n 30)"
done
done_testing
