#!/bin/sh
# run-authreport.sh - authreport on one large day: a SQLite store with
# AR_ROWS rows (default 100000) for one policy domain, written as a
# report with --dir; prints the wall time, the peak RSS and the report's
# size, and checks the report against the RFC 9990 schema.
#   bench/run-authreport.sh [BUILDDIR]   (default: the current directory)
# There is no packaged peer to run beside it: OpenDMARC's report scripts
# need a MySQL import first. The figure to watch is the RSS, which must
# not grow with the rows (the report is compressed as it is written).
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
: "${AR_ROWS:=100000}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
sqlite3 "$tmp/s.db" <"$top_srcdir/src/report/report_schema.sql" || exit 1
sqlite3 "$tmp/s.db" "INSERT INTO dmarc_policy VALUES ('2026-02-01',
    'big.example', 'treewalk', 'reject', '', '', 'r', 'r', 'n', '',
    'mailto:r@big.example', 1);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c
    WHERE i < $AR_ROWS)
INSERT INTO dmarc_row SELECT '2026-02-01', 'big.example', '10.' ||
    (i / 65536) || '.' || ((i / 256) % 256) || '.' || (i % 256),
    'big.example', 'big.example', 'rcpt.example', 'big.example', 'pass',
    'big.example/s1/pass', 'pass', 'pass', 'none', '', i % 7 + 1 FROM c;" ||
    exit 1
mkdir "$tmp/d"
"$build/libtool" --mode=execute /usr/bin/time -f '%e s wall, %M KB peak RSS' \
    "$build/authreport" --store "sqlite:$tmp/s.db" --org Bench \
    --email r@bench.example --dir "$tmp/d" --from 2026-02-01 \
    --to 2026-02-01 --keep-days 0 2>&1 | grep -v '^authreport:'
f=$(ls "$tmp/d"/*)
echo "rows $AR_ROWS: report $(wc -c <"$f") octets gzipped," \
    "$(gunzip -c "$f" | wc -c) of XML"
gunzip -c "$f" | xmllint --noout --schema "$top_srcdir/t/data/dmarc-2.0.xsd" - 2>&1 |
    tail -1
