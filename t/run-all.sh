#!/bin/sh
# run-all.sh - build and run the whole test suite twice: a normal build
# (make check, make distcheck) and an ASan+UBSan build (make check), then
# print the closing line "N passed, N failed". The normal build's make
# check also runs every C unit test under valgrind (t/valgrind-unit.sh,
# one result per program; it skips itself in the sanitizer build).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
status=0
autoreconf -fi >/dev/null 2>&1 || autoreconf -fi || exit 1
# the builds below are out of tree, which automake refuses while the
# source tree itself is configured (the README's first command does that)
if [ -f config.status ]; then
	echo "run-all.sh: cleaning the in-tree build first (make distclean)"
	make -s distclean >/dev/null 2>&1 || rm -f config.status
fi

build() {	# build DIR CONFIGURE-FLAGS...
	dir=$1
	shift
	rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || return 1
	"$top/configure" -q "$@" && make -s -j"$jobs" &&
	    make -j"$jobs" check
	rc=$?
	cd "$top" || return 1
	return $rc
}

build "$top/build-normal" || status=1
build "$top/build-san" --enable-sanitizers || status=1
if [ "$status" -eq 0 ]; then
	(cd "$top/build-normal" && make -s -j"$jobs" distcheck) >"$top/build-normal/distcheck.out" 2>&1 ||
	    { tail -40 "$top/build-normal/distcheck.out"; echo "distcheck failed"; status=1; }
fi

passed=0
failed=0
for trs in $(find "$top/build-normal" "$top/build-san" -name '*.trs' -not -path '*/_build/*' -not -path '*/authmilter-*/*' 2>/dev/null); do
	p=$(grep -c '^:test-result: PASS' "$trs")
	s=$(grep -c '^:test-result: SKIP' "$trs")
	f=$(grep -Ec '^:test-result: (FAIL|XPASS|ERROR)' "$trs")
	passed=$((passed + p + s))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		echo "FAILED in ${trs%.trs}:"
		grep -E '^:test-result: (FAIL|XPASS|ERROR)' "$trs" | sed 's/^/  /'
	fi
done
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
