#!/usr/bin/python3
# arc-interop.py - the chain status python3-dkim (the ARC reference
# implementation, dkim.arc_verify) gives each message file, keys read
# from a zone file instead of DNS. One line per file: "FILE cv".
#
# usage: arc-interop.py ZONEFILE ORIGIN FILE...
import re
import sys

import dkim


def records(zonefile, origin):
    """name -> TXT text of a zone file written by bench/make-corpus.py"""
    out = {}
    for line in open(zonefile):
        m = re.match(r'^(\S+) IN TXT (.*)$', line.strip())
        if m:
            name = m.group(1) + "." + origin + "."
            out[name] = "".join(re.findall(r'"([^"]*)"', m.group(2)))
    return out


def main():
    txt = records(sys.argv[1], sys.argv[2])

    def dnsfunc(name, timeout=5):
        n = name.decode() if isinstance(name, bytes) else name
        if not n.endswith("."):
            n += "."
        return txt.get(n, "").encode() or None

    for f in sys.argv[3:]:
        cv, _, _ = dkim.arc_verify(open(f, "rb").read(), dnsfunc=dnsfunc)
        print(f, cv.decode().lower())


main()
