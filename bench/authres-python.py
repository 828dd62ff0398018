#!/usr/bin/python3
# authres-python.py - the libauthres benchmark's corpus through Debian's
# python3-authres: parse throughput and str() (format) throughput, best of
# 5 runs of at least 1 s of CPU time each, on one core. Fields it cannot parse are
# skipped and counted. Run with /usr/bin/python3 (Debian's modules).
import sys
import time

import authres


def load(path):
    """Split a header-block file into fields (continuations start with WSP)."""
    fields = []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            if line[:1] in (" ", "\t") and fields:
                fields[-1] += "\r\n" + line
            elif line:
                fields.append(line)
    return fields


def best(fn, items):
    top = 0.0
    for _ in range(5):
        n = 0
        t0 = time.thread_time()
        while True:
            for x in items:
                fn(x)
            n += len(items)
            el = time.thread_time() - t0
            if el >= 1.0:
                break
        top = max(top, n / el)
    return top


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: authres-python.py CORPUS")
    fields = load(sys.argv[1])
    ok, parsed = [], []
    for f in fields:
        try:
            parsed.append(authres.AuthenticationResultsHeader.parse(f))
            ok.append(f)
        except Exception:
            pass
    print("corpus %d fields, %d not parsed by python3-authres"
          % (len(fields), len(fields) - len(ok)))
    parse = best(authres.AuthenticationResultsHeader.parse, ok)
    fmt = best(str, parsed)
    print("python3-authres parse %.0f fields/s" % parse)
    print("python3-authres format %.0f fields/s" % fmt)


main()
