#!/usr/bin/python3
# arc-suite-gen.py - turn the ARC validation suite (YAML, several
# documents) into what t/arc-suite.sh runs: OUT/msg/<case>.eml (the
# message as given, LF line ends), OUT/expected (case TAB cv, lower-case,
# "" kept as empty), and OUT/zones/<origin>.zone with every txt-records
# entry (split into 255-octet strings; all documents must agree).
#
# usage: arc-suite-gen.py SUITE.yml OUTDIR
import os
import sys

import yaml


def zstrings(text):
    """a TXT rdata as quoted character-strings of at most 255 octets"""
    b = text.encode("utf-8")
    parts = [b[i:i + 255] for i in range(0, len(b), 255)] or [b""]
    out = []
    for p in parts:
        s = "".join(chr(c) if 0x20 <= c < 0x7F and c not in (0x22, 0x5C)
                    else "\\%03d" % c for c in p)
        out.append('"%s"' % s)
    return " ".join(out)


def main():
    yml, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "msg"), exist_ok=True)
    os.makedirs(os.path.join(out, "zones"), exist_ok=True)
    records = {}
    with open(yml, encoding="utf-8") as f, \
            open(os.path.join(out, "expected"), "w") as exp:
        for doc in yaml.safe_load_all(f):
            for name, t in doc["tests"].items():
                with open(os.path.join(out, "msg", name + ".eml"), "w",
                          encoding="utf-8") as m:
                    m.write(t["message"] or "")
                cv = (t.get("cv") or "").strip().lower()
                exp.write("%s\t%s\n" % (name, cv))
            for k, v in doc.get("txt-records", {}).items():
                if records.get(k, v) != v:
                    sys.exit("txt-records disagree for %s" % k)
                records[k] = v
    origins = sorted({k.split("._domainkey.", 1)[1] for k in records})
    for o in origins:
        with open(os.path.join(out, "zones", o + ".zone"), "w") as z:
            z.write("$ORIGIN %s.\n$TTL 300\n" % o)
            z.write("@ IN SOA ns.invalid. hostmaster.invalid. "
                    "1 3600 600 86400 300\n  IN NS ns.invalid.\n")
            for k in sorted(records):
                if k.endswith("._domainkey." + o):
                    z.write("%s. IN TXT %s\n" % (k, zstrings(records[k])))


main()
