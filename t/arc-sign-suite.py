#!/usr/bin/python3
# arc-sign-suite.py - the ARC signing suite (t/data/arc, from before RFC
# 8617) through our sealer (t/arcq -K): for each case, the message, the
# suite's key, d=, s=, t=, h= and the srv-id's Authentication-Results go
# in; out come AAR, AMS and ARC-Seal. Every tag but b= must equal the
# suite's (b= signs the field as written, and the suite orders tags
# alphabetically where RFC 8617 puts i= first, so no other signer's b=
# can be equal); b= is checked by python3-dkim verifying the sealed
# message against the suite's key records. Prints TAP lines (no plan).
#
# usage: arc-sign-suite.py SUITE.yml ARCQ NAMESERVER TMPDIR
import os
import re
import subprocess
import sys

import dkim
import yaml


def tags(v):
    out = {}
    for part in v.split(";"):
        if "=" in part:
            k, val = part.split("=", 1)
            out[k.strip()] = re.sub(r"\s+", "", val)
    return out


def norm(v):
    return re.sub(r"\s+", " ", v).strip()


def main():
    yml, arcq, ns, tmp = sys.argv[1:5]
    n = 0
    for doc in yaml.safe_load_all(open(yml)):
        if not doc or "tests" not in doc:
            continue
        key = os.path.join(tmp, "sign.key")
        with open(key, "w") as f:
            f.write(doc["privatekey"])
        os.chmod(key, 0o600)
        recs = {k.rstrip(".").lower(): v for k, v in doc["txt-records"].items()}
        dns = lambda name, timeout=5: recs.get(
            name.decode().rstrip(".").lower(), "").encode() or None
        for name, case in doc["tests"].items():
            n += 1
            msg = case["message"].replace("\r\n", "\n").replace("\n", "\r\n")
            path = os.path.join(tmp, name + ".eml")
            open(path, "wb").write(msg.encode())
            # the srv-id's fields, merged into one value as a sealer
            # writing them as one field would (cases ar_merged*)
            parts = [re.sub(r"\s+", " ", f).strip() for f in re.findall(
                r"^Authentication-Results:\s*%s\s*;(.*?)\r\n(?![ \t])"
                % re.escape(case["srv-id"]), msg, re.S | re.M | re.I)]
            ar = "; ".join([case["srv-id"]] + [p.rstrip("; ") for p in parts])
            out = subprocess.run(
                [arcq, "-s", ns, "-K", key, "-D", doc["domain"], "-S", doc["sel"],
                 "-H", case["sig-headers"], "-T", str(case["t"]), "-A", ar, path],
                capture_output=True).stdout.decode()
            got = dict(l.split(" ", 1) for l in out.splitlines()
                       if l.split(" ", 1)[0] in ("AAR", "AMS", "AS", "NOSEAL"))
            bad = []
            if not (case.get("AS") or "").strip():
                # the suite says no set may be added (no_additional_sig)
                if "NOSEAL" not in got:
                    bad.append("sealed a chain that must not be extended")
            elif "NOSEAL" in got or "AS" not in got:
                bad.append("not sealed: " + got.get("NOSEAL", out.strip()[-80:]))
            else:
                for kind, skip in (("AMS", {"b"}), ("AS", {"b"})):
                    want, have = tags(case[kind]), tags(got[kind])
                    for k in sorted(set(want) | set(have)):
                        if k not in skip and want.get(k) != have.get(k):
                            bad.append("%s %s=%s, want %s" % (kind, k, have.get(k), want.get(k)))
                if norm(got["AAR"]) != norm(case["AAR"]):
                    bad.append("AAR differs")
                sealed = ("ARC-Seal: %s\r\nARC-Message-Signature: %s\r\n"
                          "ARC-Authentication-Results: %s\r\n" %
                          (got["AS"], got["AMS"], got["AAR"].replace("\n", "\r\n"))).encode() + msg.encode()
                cv, _, why = dkim.arc_verify(sealed, dnsfunc=dns)
                ok = cv == dkim.CV_Pass if tags(case["AS"]).get("cv") != "fail" \
                    else cv != dkim.CV_Pass
                if not ok:
                    bad.append("python3-dkim: %s %s" % (cv, why))
            print("%s %d - sign %s%s" % ("not ok" if bad else "ok", n, name,
                                          (": " + "; ".join(bad)) if bad else ""))
    print("# sign cases: %d" % n)


main()
