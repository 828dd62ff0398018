#!/bin/sh
# fuzz-replay.sh - every seed and saved crash in fuzz/corpus/NAME/ runs
# cleanly through the plain replay build of fuzz target NAME
# (fuzz/replay-NAME), so a crash once found stays a test.
. "$top_srcdir/t/lib/common.sh"

for dir in "$top_srcdir"/fuzz/corpus/*/; do
	name=$(basename "$dir")
	bin="$top_builddir/fuzz/replay-$name"
	if [ ! -x "$bin" ]; then
		ok 1 "$name: replay program fuzz/replay-$name is built"
		continue
	fi
	for f in "$dir"*; do
		[ -f "$f" ] || continue
		out=$("$bin" "$f" 2>&1)
		rc=$?
		ok $rc "$name: $(basename "$f") replays without a crash"
		[ $rc -eq 0 ] || diag "$out"
	done
done
done_testing
