#!/usr/bin/python3
# spf-suite-zones.py - turn an OpenSPF test-suite YAML file into nsd zone
# files and a test list for t/spf-suite (the C driver), one directory per
# scenario: OUT/NN/zones/*.zone, OUT/NN/zonelist, OUT/NN/servfail (origins nsd must answer
# SERVFAIL for), OUT/NN/tests (one test per line, tab-separated, escaped).
#
# Zones: the root zone holds every name, so "example.com" and
# "e1.example.com" are plain names of one zone and never shadow each other,
# and a name nobody defined is NXDOMAIN (not REFUSED, as outside all zones).
# OUT/NN/zonelist says which file holds which origin.
# A name marked TIMEOUT becomes a zone of its own whose file is missing:
# nsd answers SERVFAIL for it and everything below it (a temperror), except
# for names below it that carry data, which become zones of their own. A
# TIMEOUT name that also has TXT data keeps it: the suite's TIMEOUT then
# only concerns type SPF (99), which RFC 7208 verifiers never ask for.
# Type SPF records are duplicated as TXT where a name has no TXT record
# and does not say "TXT: NONE".
#
# usage: spf-suite-zones.py SUITE.yml OUTDIR [--rfc4408-against RFC7208.yml]
# With --rfc4408-against, tests whose expected result RFC 7208 changed are
# written with a skip reason.
import os
import sys

import yaml


def raw(s):
    """YAML text -> octets: \\xNN escapes stand for single octets."""
    if isinstance(s, bytes):
        return s
    try:
        return s.encode("latin-1")
    except UnicodeEncodeError:
        return s.encode("utf-8")


def zname(name):
    """a domain name as zone-file text, odd octets as \\DDD"""
    out = []
    for c in raw(name):
        ch = chr(c)
        if ch.isascii() and (ch.isalnum() or ch in "-_.*"):
            out.append(ch)
        else:
            out.append("\\%03d" % c)
    return "".join(out) + "."


def zstring(b):
    """one character-string, quoted, odd octets as \\DDD"""
    out = ['"']
    for c in b:
        if 0x20 <= c < 0x7F and c not in (0x22, 0x5C):
            out.append(chr(c))
        else:
            out.append("\\%03d" % c)
    out.append('"')
    return "".join(out)


def txt_rdata(v):
    """TXT value: a string or a list of strings; split at 255 octets"""
    parts = v if isinstance(v, list) else [v]
    strings = []
    for p in parts:
        b = raw(str(p))
        if not b:
            strings.append(b"")
        while b:
            strings.append(b[:255])
            b = b[255:]
    if not strings:
        strings = [b""]  # no strings at all is not a TXT record
    return " ".join(zstring(s) for s in strings)


def records(name, recs):
    """(type, rdata) pairs of one name and whether it has TIMEOUT"""
    out, timeout, txt_none, spf = [], False, False, []
    for r in recs:
        if r == "TIMEOUT":
            timeout = True
            continue
        for k, v in r.items():
            if k == "TXT" and v == "NONE":
                txt_none = True
            elif k in ("TXT", "SPF"):
                out.append(("TXT" if k == "TXT" else "TYPE99", txt_rdata(v)))
                if k == "SPF":
                    spf.append(txt_rdata(v))
            elif k == "A" or k == "AAAA":
                for a in v if isinstance(v, list) else [v]:
                    out.append((k, a))
            elif k == "MX":
                out.append(("MX", "%d %s" % (v[0], zname(v[1].rstrip(".")))))
            elif k in ("PTR", "CNAME"):
                out.append((k, zname(v.rstrip("."))))
            else:
                sys.exit("unknown record type %s at %s" % (k, name))
    # like the suite's own driver: SPF becomes TXT only where no TXT is
    if not txt_none and not any(t == "TXT" for t, _ in out):
        for d in spf:
            out.append(("TXT", d))
    # TYPE99 in generic form would need hex; the driver never asks for it
    out = [(t, d) for t, d in out if t != "TYPE99"]
    return out, timeout


def zone_of(name, apexes):
    labels = name.split(".")
    for i in range(len(labels)):
        cand = ".".join(labels[i:])
        if cand in apexes:
            return cand
    return "." if "." in apexes else None


def write_scenario(doc, outdir, skips):
    zonedata = {k.lower().rstrip("."): v for k, v in doc["zonedata"].items()}
    data, servfail = {}, set()
    for name, recs in zonedata.items():
        rr, timeout = records(name, recs)
        if timeout and not any(t == "TXT" for t, _ in rr):
            servfail.add(name)
        else:
            data[name] = rr
    apexes = set(servfail)
    for name in sorted(data, key=lambda n: n.count(".")):
        if zone_of(name, apexes) in servfail:
            apexes.add(name)  # data below a SERVFAIL zone: own apex
    apexes.add(".")
    for name in data:
        if zone_of(name, apexes) is None:
            apexes.add(".")
    zones = {a: [] for a in apexes if a not in servfail}
    for name, rr in sorted(data.items()):
        zones[zone_of(name, apexes)].extend((name, t, d) for t, d in rr)
    os.makedirs(os.path.join(outdir, "zones"))
    zlist = open(os.path.join(outdir, "zonelist"), "w")
    for apex, rrs in zones.items():
        fname = "root.zone" if apex == "." else apex + ".zone"
        zlist.write("%s\t%s\n" % (zname(apex).rstrip(".") or ".", fname))
        with open(os.path.join(outdir, "zones", fname), "w") as f:
            apex_name = "." if apex == "." else zname(apex)
            f.write("$TTL 300\n")
            f.write("%s IN SOA ns.invalid. host.invalid. 1 3600 600 "
                    "86400 300\n" % apex_name)
            f.write("%s IN NS ns.invalid.\n" % apex_name)
            for name, t, d in rrs:
                f.write("%s IN %s %s\n" % (zname(name), t, d))
    zlist.close()
    with open(os.path.join(outdir, "servfail"), "w") as f:
        for name in sorted(servfail):
            f.write(zname(name).rstrip(".") + "\n")
    with open(os.path.join(outdir, "tests"), "w") as f:
        for tname, t in doc["tests"].items():
            res = t["result"]
            res = res if isinstance(res, list) else [res]
            fields = [tname, t["host"], t.get("helo", ""),
                      t.get("mailfrom", ""), ",".join(res),
                      t.get("explanation", "") or "",
                      skips.get(tname, "")]
            f.write("\t".join(esc(x) for x in fields) + "\n")


def esc(s):
    """octets outside 0x21..0x7e (and backslash) as \\xNN"""
    out = []
    for c in raw(str(s)):
        if 0x21 <= c < 0x7F and c != 0x5C:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return "".join(out)


def results_by_test(path):
    out = {}
    with open(path, "rb") as f:
        for doc in yaml.safe_load_all(f):
            for name, t in doc["tests"].items():
                r = t["result"]
                out[name] = (sorted(r if isinstance(r, list) else [r]),
                             t.get("explanation"))
    return out


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit("usage: spf-suite-zones.py SUITE.yml OUTDIR "
                 "[--rfc4408-against RFC7208.yml]")
    skips = {}
    if len(sys.argv) == 5:
        new = results_by_test(sys.argv[4])
        for name, want in results_by_test(sys.argv[1]).items():
            if name not in new:
                skips[name] = "removed in RFC 7208"
            elif new[name] != want:
                skips[name] = "answer changed by RFC 7208"
    with open(sys.argv[1], "rb") as f:
        docs = list(yaml.safe_load_all(f))
    for i, doc in enumerate(docs):
        write_scenario(doc, os.path.join(sys.argv[2], "%02d" % i), skips)
        with open(os.path.join(sys.argv[2], "%02d" % i, "name"), "w") as f:
            f.write(doc["description"] + "\n")


main()
