#!/bin/sh
# arc-seal.sh - ARCSealKey/ARCSealDomain/ARCSealSelector through the
# running daemon: a message with no chain gets ARC-Seal (i=1, cv=none),
# ARC-Message-Signature and ARC-Authentication-Results (our field's value)
# on top, which python3-dkim's arc_verify accepts; a message with a chain
# python3-dkim sealed gets i=2 cv=pass and still verifies; a chain broken
# after sealing gets cv=fail; a key others may read stops the daemon from
# starting; sealing off (the default) inserts no ARC field.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
py=/usr/bin/python3
"$py" -c 'import dkim' 2>/dev/null || skip_all "python3-dkim not installed"
command -v openssl >/dev/null || skip_all "openssl not installed"
Z=$T_TMP/zones
mkdir -p "$Z" && cp "$top_srcdir"/t/zones/dmarcmilter/*.zone "$Z/" ||
    bail_out "zones"
for k in ours lists; do
	openssl genrsa -out "$T_TMP/$k.key" 2048 2>/dev/null || bail_out "genrsa"
	openssl rsa -in "$T_TMP/$k.key" -pubout -outform DER 2>/dev/null |
	    base64 -w0 >"$T_TMP/$k.pub" || bail_out "public key"
done
chmod 600 "$T_TMP/ours.key"
[ "$(id -u)" -ne 0 ] || chown nobody "$T_TMP/ours.key"
for s in seal.example:ours lists.example:lists; do
	d=${s%%:*} k=${s#*:}
	printf '$ORIGIN %s.\n$TTL 300\n@ IN SOA ns.%s. h.%s. 1 3600 600 86400 60\n  IN NS ns\nns IN A 127.0.0.1\ns1._domainkey IN TXT ( "v=DKIM1; k=rsa; p=%s" )\n' \
	    "$d" "$d" "$d" "$(sed 's/.\{200\}/&" "/g' "$T_TMP/$k.pub")" >"$Z/$d.zone"
done
nsd_start "$Z"
raw() { /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT"; }

# through NAME - send $T_TMP/NAME.eml from 192.0.2.10; writes NAME.out
# (the milter's replies) and NAME.sealed: the message as the MTA would
# deliver it, inserted fields on top in their order
through() {
	"$py" - "$T_TMP/$1.eml" "$MILTER_PORT" "$top_srcdir/t/milter-raw.py" \
	    "$T_TMP/$1.out" "$T_TMP/$1.sealed" <<'PY' || bail_out "through $1"
import json, re, subprocess, sys
msg = open(sys.argv[1], "rb").read().decode("latin-1")
head, body = msg.split("\r\n\r\n", 1)
fields = re.split(r"\r\n(?![ \t])", head)
hdrs = [[f.split(":", 1)[0], f.split(":", 1)[1]] for f in fields]
spec = {"ip": "192.0.2.10", "helo": "mail.dmarc.example",
        "from": "<a@bank.dmarc.example>", "headers": hdrs, "body": body}
out = subprocess.run(["/usr/bin/python3", sys.argv[3], sys.argv[2]],
                     input=json.dumps(spec).encode(), capture_output=True).stdout.decode("latin-1")
open(sys.argv[4], "w").write(out)
ins = []
for m in re.finditer(r"AR<<(.*?)>>AR|INS<<(.*?)>>INS", out, re.S):
    if m.group(1) is not None:
        ins.append("Authentication-Results: " + m.group(1))
    else:
        n, v = m.group(2).split(":", 1)
        ins.append(n + ":" + (v if v.startswith(" ") else " " + v))
top = "".join(f.replace("\n", "\r\n") + "\r\n" for f in reversed(ins))
open(sys.argv[5], "wb").write((top + msg).encode("latin-1"))
PY
}
# pyverify NAME - python3-dkim's ARC verdict on NAME.sealed
pyverify() {
	"$py" - "$T_TMP/$1.sealed" "$T_TMP" <<'PY'
import sys, dkim
keys = {b"s1._domainkey.seal.example.": open(sys.argv[2] + "/ours.pub").read(),
        b"s1._domainkey.lists.example.": open(sys.argv[2] + "/lists.pub").read()}
def dns(name, timeout=5):
    k = name if name.endswith(b".") else name + b"."
    return b"v=DKIM1; k=rsa; p=" + keys[k].encode() if k in keys else None
cv, res, why = dkim.arc_verify(open(sys.argv[1], "rb").read(), dnsfunc=dns)
print(cv.decode() if isinstance(cv, bytes) else cv, why)
PY
}
tag() { grep -o "INS<<ARC-Seal:[^>]*" "$T_TMP/$1.out" | grep -oE "[: ]$2=[^;]*" | head -1 | cut -d= -f2; }

cat >"$T_TMP/plain.eml" <<'EOF2'
From: <a@bank.dmarc.example>
To: <r@test.example>
Subject: sealed by us
Date: Fri, 04 Dec 2026 12:00:00 +0000
Message-ID: <plain@bank.dmarc.example>

Hello, with trailing white space   
and an empty line at the end.

EOF2
sed -i 's/$/\r/' "$T_TMP/plain.eml"

# sealing off: no ARC field
MILTER_DNS_TIMEOUT=1s milter_start
through plain
grep -q 'INS<<ARC' "$T_TMP/plain.out"
ok $((!$?)) "sealing off (the default): no ARC field is added"
milter_stop

MILTER_DNS_TIMEOUT=1s milter_start "ARCSealKey $T_TMP/ours.key" \
    "ARCSealDomain seal.example" "ARCSealSelector s1"
through plain
is "$(grep -c 'INS<<ARC' "$T_TMP/plain.out")" 3 "three ARC fields are added"
like "$(tr -d '\n\t' <"$T_TMP/plain.out" | grep -o 'INS<<ARC-Authentication-Results:[^>]*')" \
    'ARC-Authentication-Results: ?i=1; test\.example; iprev=pass .*dmarc=pass' \
    "the AAR is i=1 and our field's value"
is "$(tag plain i) $(tag plain cv) $(tag plain d) $(tag plain s)" "1 none seal.example s1" \
    "ARC-Seal i=1 cv=none d=seal.example s=s1"
like "$(pyverify plain)" '^pass' "python3-dkim verifies our seal (cv=none chain)"

# a chain sealed upstream (lists.example), intact and broken
for kind in intact broken; do
	"$py" - "$T_TMP/plain.eml" "$T_TMP/lists.key" "$kind" >"$T_TMP/$kind.eml" <<'PY' ||
import sys, dkim
msg = open(sys.argv[1], "rb").read()
msg = b"Authentication-Results: lists.example; dmarc=pass header.from=bank.dmarc.example\r\n" + msg
sets = dkim.arc_sign(msg, b"s1", b"lists.example", open(sys.argv[2], "rb").read(), b"lists.example")
out = b"".join(sets) + msg
if sys.argv[3] == "broken":
    out = out.replace(b"Hello,", b"Hello!")
sys.stdout.buffer.write(out)
PY
	    bail_out "python3-dkim could not seal"
	through $kind
done
is "$(tag intact i) $(tag intact cv)" "2 pass" "over an intact chain: i=2 cv=pass"
like "$(pyverify intact)" '^pass' "python3-dkim verifies the two-set chain"
is "$(tag broken i) $(tag broken cv)" "2 fail" "over a broken chain: i=2 cv=fail"
like "$(pyverify broken)" '^(fail|None) .*ARC-Seal\[2\] reported failure' \
    "... which python3-dkim reads as the chain's end (our cv=fail)"
grep -q "not sealed" "$MILTER_LOG"
ok $((!$?)) "nothing was left unsealed"
milter_stop

chmod 644 "$T_TMP/ours.key"
out=$("$top_builddir/authmilter" -f -c "$T_TMP/milter.conf" 2>&1)
[ $? -ne 0 ]
ok $? "a sealing key others may read stops the daemon from starting"
like "$out" "ARCSealKey $T_TMP/ours.key: " "... and it says which key"
done_testing
