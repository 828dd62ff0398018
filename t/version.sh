#!/bin/sh
# version.sh - authmilter -V: the package version, then the version of
# each library as it runs (what a bug report needs), exit 0.
. "$top_srcdir/t/lib/common.sh"
out=$("$top_builddir/authmilter" -V)
ok $? "-V exits 0"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2 "two lines"
like "$(printf '%s\n' "$out" | sed -n 1p)" '^authmilter [0-9]+\.[0-9]+\.[0-9]+$' \
    "the first says the package version"
like "$(printf '%s\n' "$out" | sed -n 2p)" \
    '^libmilter [0-9]+\.[0-9]+\.[0-9]+, libspf2 [0-9]+\.[0-9]+\.[0-9]+, libopendkim [0-9]+\.[0-9]+\.[0-9]+, libldns [0-9]+\.[0-9]+\.[0-9]+$' \
    "the second the libraries' as they run"
done_testing
