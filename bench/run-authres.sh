#!/bin/sh
# run-authres.sh - libauthres against python3-authres on the same corpus,
# in the same run: fields/s of each and the ratios.
# usage: sh bench/run-authres.sh [BUILDDIR]   (default: the current dir)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-.}
corpus="$here/data/authres-corpus.txt"
bin="$build/bench/authres-bench"
[ -x "$bin" ] || { echo "run-authres.sh: build $bin first (make)" >&2; exit 1; }
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
c=$("$bin" "$corpus")
py=$(/usr/bin/python3 "$here/authres-python.py" "$corpus")
printf '%s\n%s\n' "$c" "$py"
rate() { printf '%s\n' "$1" | sed -n "s/^$2 \\([0-9]*\\) fields\\/s\$/\\1/p"; }
cp=$(rate "$c" 'libauthres parse'); cf=$(rate "$c" 'libauthres format')
pp=$(rate "$py" 'python3-authres parse'); pf=$(rate "$py" 'python3-authres format')
awk -v a="$cp" -v b="$pp" 'BEGIN { printf "parse ratio: %.0fx\n", a / b }'
awk -v a="$cf" -v b="$pf" 'BEGIN { printf "format ratio: %.0fx\n", a / b }'
