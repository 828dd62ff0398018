#!/bin/sh
# run-dns.sh - start nsd on a free loopback port with a zone of N names
# (h0..h<N-1>.bench.example) and run bench/dns-bench against it.
#   bench/run-dns.sh [dns-bench options, e.g. -n 10000 -N 1000 -j 4]
# Run from the build directory (top_builddir) or set top_builddir.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
names=1000
prev=
for a in "$@"; do
	[ "$prev" = "-N" ] && names=$a
	prev=$a
done
mkdir "$T_TMP/zones"
{
	printf '$ORIGIN bench.example.\n$TTL 3600\n'
	printf '@ IN SOA ns hostmaster 1 3600 600 86400 60\n  IN NS ns\nns IN A 127.0.0.1\n'
	i=0
	while [ $i -lt "$names" ]; do
		printf 'h%d IN A 198.18.%d.%d\n' $i $((i / 250 % 250)) $((i % 250 + 1))
		i=$((i + 1))
	done
} >"$T_TMP/zones/bench.example.zone"
nsd_start "$T_TMP/zones"
"$top_builddir/bench/dns-bench" -s "127.0.0.1@$NSD_PORT" "$@"
