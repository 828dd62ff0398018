#!/bin/sh
# run-dkim.sh - DKIM verifications per second for 2 KB, 20 KB and 200 KB
# messages signed rsa-sha256 with a 2048-bit key (relaxed/relaxed), keys
# served by nsd on loopback, resolver cache warm; then OpenSSL's RSA-2048
# verify rate on this machine, the ceiling for one signature per message.
#   bench/run-dkim.sh [BUILDDIR]   (default: the current directory)
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-.}
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
nsd_start "$top_srcdir/t/zones/dkim"
for kb in 2 20 200; do
	/usr/bin/python3 - "$top_srcdir" "$kb" >"$T_TMP/msg-${kb}k.eml" <<'PY'
import sys, dkim
top, kb = sys.argv[1], int(sys.argv[2])
key = open(top + "/t/data/dkim/corpus/keys/s2048.private", "rb").read()
head = (b"From: Alice <alice@signer.example>\r\nTo: bob@receiver.example\r\n"
        b"Subject: benchmark\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n"
        b"Message-ID: <bench@signer.example>\r\n\r\n")
line = b"The quick brown fox jumps over the lazy dog, again and again.\r\n"
body = line * (kb * 1024 // len(line))
msg = head + body
sig = dkim.sign(msg, b"s2048", b"signer.example", key,
                canonicalize=(b"relaxed", b"relaxed"))
sys.stdout.buffer.write(sig + msg)
PY
done
"$build/bench/dkim-bench" -d "127.0.0.1@$NSD_PORT" -s 3 \
    "$T_TMP/msg-2k.eml" "$T_TMP/msg-20k.eml" "$T_TMP/msg-200k.eml" |
    sed "s#$T_TMP/##"
openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ {
	printf "openssl speed rsa2048: %s verify/s (ceiling)\n", $NF }'
