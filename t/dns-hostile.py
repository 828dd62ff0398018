#!/usr/bin/python3
# dns-hostile.py - a misbehaving DNS server on 127.0.0.1 for resolver tests.
#   dns-hostile.py PORTFILE MODE
# binds a free UDP port, writes it to PORTFILE, then answers every query
# the way MODE says, until killed. Standard library only.
import os
import socket
import struct
import sys
import time


def question(q):
    """The question section (name, type, class) of query q, and its type."""
    i = 12
    while q[i] != 0:
        i += 1 + q[i]
    i += 1
    qtype = struct.unpack("!H", q[i:i + 2])[0]
    return q[12:i + 4], qtype


def reply(q, qid=None, qsec=None, rdata=None, flags=0x8180):
    """An answer to q with one record (pointer to the question name)."""
    qs, qtype = question(q)
    if qid is None:
        qid = q[:2]
    if qsec is None:
        qsec = qs
    if rdata is None:
        if qtype == 12:
            rdata = b"\x04evil\x07example\x00"
        else:
            rdata = bytes([192, 0, 2, 1])
    hdr = qid + struct.pack("!HHHHH", flags, 1, 1, 0, 0)
    rr = b"\xc0\x0c" + struct.pack("!HHIH", qtype, 1, 60, len(rdata)) + rdata
    return hdr + qsec + rr


def wrong_name(q):
    qs, qtype = question(q)
    other = b"\x05other\x07example\x00" + struct.pack("!HH", qtype, 1)
    return reply(q, qsec=other)


MODES = {
    "garbage": lambda q: [q[:2] + b"\x81\x80" + os.urandom(40)],
    "short": lambda q: [q[:2] + b"\x81"],
    "wrongid": lambda q: [reply(q, qid=bytes([q[0] ^ 0x55, q[1]]))],
    "wrongname": lambda q: [wrong_name(q)],
    "spoofthenreal": lambda q: [wrong_name(q), reply(q)],
    "badrdata": lambda q: [reply(q, rdata=b"\x01\x02\x03")],
    "query": lambda q: [reply(q, flags=0x0100)],
    "truncated": lambda q: [reply(q, flags=0x8380)],
    "silent": lambda q: [],
    "slow": lambda q: time.sleep(0.3) or [reply(q)],
}

portfile, mode = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(portfile + ".tmp", portfile)
while True:
    data, peer = s.recvfrom(4096)
    try:
        out = MODES[mode](data)
    except (IndexError, struct.error):
        continue
    for pkt in out:
        s.sendto(pkt, peer)
