#!/usr/bin/python3
# make-corpus.py - a mail corpus for bench/milterload and the zones that go
# with it, generated at bench time into OUTDIR (nothing big is committed).
#
#   /usr/bin/python3 bench/make-corpus.py OUTDIR [-n COUNT] [--distinct]
#
# Messages of 1 KB to 200 KB (most small, some multipart with a base64
# part), 80% DKIM-signed rsa-sha256 (python3-dkim), 10% unsigned, 10% with
# a broken signature (body or Subject changed after signing). Senders
# d<k>.bench.example publish SPF "ip4:198.18.0.0/15 -all"; each client
# 198.18.x.y has PTR c-x-y.bench.example with a matching A record and an
# SPF record for its HELO name. --distinct gives every message its own
# client, sender domain and selector, so every lookup misses a resolver
# cache. --arc PCT: that share of the signed messages also carry an ARC
# chain (RFC 8617, python3-dkim's arc_sign) from forwarders
# fwd<k>.bench.example: one set, or two for every third of them; a tenth of
# the chains is broken (Subject changed after sealing). Writes OUTDIR/manifest (milterload's input), OUTDIR/msgs/,
# OUTDIR/keys/ and OUTDIR/zones/{bench.example,18.198.in-addr.arpa}.zone.
import argparse
import base64
import os
import random
import subprocess
import time

import dkim

ZONE = "bench.example"
SIZES_KB = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 100, 150, 200]
WEIGHTS = [14, 16, 14, 10, 8, 8, 6, 5, 4, 4, 3, 3, 2, 2, 1]
WORDS = ("the quick brown fox jumps over a lazy dog while mail servers "
         "check every signature and record results for later").split()


def make_key(keydir, name):
    """RSA-2048 key (PKCS#1 PEM) and the DNS text of its public half."""
    path = os.path.join(keydir, name + ".private")
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", path,
                    "2048"], check=True, capture_output=True)
    pem = open(path, "rb").read()
    der = subprocess.run(["openssl", "rsa", "-pubout", "-outform", "DER"],
                         input=pem, capture_output=True, check=True).stdout
    return pem, "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def txt(text):
    """A TXT rdata of 255-octet character-strings."""
    return " ".join('"%s"' % text[i:i + 250] for i in range(0, len(text), 250))


def text_body(rng, size):
    lines, n = [], 0
    while n < size:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
        lines.append(line.capitalize() + ".")
        n += len(line) + 3
    return "\r\n".join(lines).encode() + b"\r\n"


def multipart_body(rng, size):
    boundary = "=_bench_%08x" % rng.getrandbits(32)
    text = text_body(rng, min(2048, size // 4))
    blob = base64.encodebytes(rng.randbytes(max(0, size - len(text)) * 3 // 4))
    blob = blob.replace(b"\n", b"\r\n")
    return (("--%s\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
             % boundary).encode() + text +
            ("--%s\r\nContent-Type: application/octet-stream\r\n"
             "Content-Transfer-Encoding: base64\r\n"
             "Content-Disposition: attachment; filename=\"data.bin\"\r\n\r\n"
             % boundary).encode() + blob +
            ("--%s--\r\n" % boundary).encode()), boundary


def message(rng, i, sender, size):
    multipart = rng.random() < 0.25 and size >= 4096
    if multipart:
        body, boundary = multipart_body(rng, size)
        ctype = 'multipart/mixed; boundary="%s"' % boundary
    else:
        body, ctype = text_body(rng, size), "text/plain; charset=us-ascii"
    head = ("From: Sender %d <%s>\r\nTo: Bob <bob@rcpt.example>\r\n"
            "Subject: benchmark message %d\r\n"
            "Date: Wed, 25 Nov 2026 12:00:00 +0000\r\n"
            "Message-ID: <m%d@%s>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: %s\r\n\r\n"
            % (i, sender, i, i, sender.split("@")[1], ctype)).encode()
    return head + body


FORWARDERS = 4


def arc_chain(rng, msg, keys, dom):
    """msg forwarded through one or two sealing forwarders"""
    hops = 2 if rng.random() < 1 / 3 else 1
    for hop in range(hops):
        k = rng.randrange(FORWARDERS)
        srv = b"fwd%d.%s" % (k, ZONE.encode())
        # a later hop seals only over a chain it found to pass
        ar = (b"Authentication-Results: " + srv + b"; dkim=pass header.d=" +
              dom.encode() + (b"; arc=pass" if hop else b"") + b"\r\n")
        msg = ar + msg
        sets = dkim.arc_sign(msg, b"arc", srv, keys[k % 2][0], srv,
                             include_headers=[b"from", b"to", b"subject",
                                              b"date", b"message-id"])
        msg = b"".join(sets) + msg
    if rng.random() < 0.1:
        msg = msg.replace(b"benchmark message", b"Benchmark Message")
    return msg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("-n", type=int, default=500, help="messages")
    ap.add_argument("--distinct", action="store_true",
                    help="own client, domain and selector per message")
    ap.add_argument("--domains", type=int, default=50)
    ap.add_argument("--clients", type=int, default=250)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dmarc", action="store_true",
                    help="every sending domain publishes v=DMARC1; p=none")
    ap.add_argument("--arc", type=int, default=0, metavar="PCT",
                    help="percent of signed messages with an ARC chain")
    ap.add_argument("--ttl", type=int, default=3600,
                    help="TTL of every record (0: use once, RFC 1035)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    for d in ("msgs", "keys", "zones"):
        os.makedirs(os.path.join(a.outdir, d), exist_ok=True)
    keys = [make_key(os.path.join(a.outdir, "keys"), "k%d" % k)
            for k in range(2)]
    ndom = a.n if a.distinct else a.domains
    ncli = a.n if a.distinct else a.clients
    if ncli > 65000:
        raise SystemExit("at most 65000 clients in 198.18.0.0/16")
    fwd = ["$ORIGIN %s.\n$TTL %d\n@ IN SOA ns hostmaster 1 3600 600 86400 "
           "%d\n  IN NS ns\nns IN A 127.0.0.1" % (ZONE, a.ttl, a.ttl)]
    rev = ["$ORIGIN 18.198.in-addr.arpa.\n$TTL %d\n@ IN SOA ns.%s. "
           "hostmaster.%s. 1 3600 600 86400 %d\n  IN NS ns.%s."
           % (a.ttl, ZONE, ZONE, a.ttl, ZONE)]
    spf = txt("v=spf1 ip4:198.18.0.0/15 -all")
    for k in range(ndom):
        fwd.append("d%d IN TXT %s" % (k, spf))
        fwd.append("s%d._domainkey.d%d IN TXT %s" % (k, k, txt(keys[k % 2][1])))
        if a.dmarc:
            fwd.append('_dmarc.d%d IN TXT "v=DMARC1; p=none"' % k)
    for k in range(FORWARDERS if a.arc else 0):
        fwd.append("arc._domainkey.fwd%d IN TXT %s" % (k, txt(keys[k % 2][1])))
    for c in range(ncli):
        x, y = c // 250, c % 250 + 1
        fwd.append("c-%d-%d IN A 198.18.%d.%d" % (x, y, x, y))
        fwd.append("c-%d-%d IN TXT %s" % (x, y, spf))
        rev.append("%d.%d IN PTR c-%d-%d.%s." % (y, x, x, y, ZONE))
    with open(os.path.join(a.outdir, "zones", ZONE + ".zone"), "w") as f:
        f.write("\n".join(fwd) + "\n")
    with open(os.path.join(a.outdir, "zones", "18.198.in-addr.arpa.zone"),
              "w") as f:
        f.write("\n".join(rev) + "\n")
    kinds = {"signed": 0, "unsigned": 0, "broken": 0, "multipart": 0,
             "arc": 0}
    man = []
    for i in range(a.n):
        k = i if a.distinct else rng.randrange(ndom)
        c = i if a.distinct else rng.randrange(ncli)
        x, y = c // 250, c % 250 + 1
        dom = "d%d.%s" % (k, ZONE)
        sender = "user%d@%s" % (i, dom)
        size = rng.choices(SIZES_KB, WEIGHTS)[0] * 1024
        msg = message(rng, i, sender, size)
        kind = rng.choices(["signed", "unsigned", "broken"], [8, 1, 1])[0]
        if kind != "unsigned":
            sig = dkim.sign(msg, b"s%d" % k, dom.encode(), keys[k % 2][0],
                            canonicalize=(b"relaxed", b"relaxed"),
                            include_headers=[b"from", b"to", b"subject",
                                             b"date", b"message-id"])
            if kind == "broken" and i % 2:
                msg = msg.replace(b"benchmark message", b"Benchmark message")
            elif kind == "broken":
                msg = msg + b"Appended after signing.\r\n"
            msg = sig + msg
            if rng.random() * 100 < a.arc:
                msg = arc_chain(rng, msg, keys, dom)
                kinds["arc"] += 1
        kinds[kind] += 1
        kinds["multipart"] += b"multipart/mixed" in msg[:2000]
        name = "msgs/%06d.eml" % i
        with open(os.path.join(a.outdir, name), "wb") as f:
            f.write(msg)
        man.append("198.18.%d.%d c-%d-%d.%s %s bob@rcpt.example %s"
                   % (x, y, x, y, ZONE, sender, name))
    with open(os.path.join(a.outdir, "manifest"), "w") as f:
        f.write("\n".join(man) + "\n")
    print("corpus: %d messages (%s), %d domains, %d clients"
          % (a.n, ", ".join("%s %d" % kv for kv in kinds.items()), ndom, ncli))


if __name__ == "__main__":
    main()
