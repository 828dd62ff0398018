#!/bin/sh
# authreport.sh - authreport --dir writes one gzipped RFC 9990 report per
# (day, policy domain) with the RFC file name; every row is a <record>
# with its count, hostile values (CRLF, <, &, quotes) come out escaped and
# every report, written or mailed, validates against the RFC 9990 schema
# (t/data/dmarc-2.0.xsd), also with every optional element we emit, bad
# UTF-8, controls, long values and store words outside the schema's
# enumerations; copies broken on purpose are rejected, so the schema check
# is not vacuous; a day without rows gives no report; a second run and a
# --dry-run write and mark nothing;
# a lock younger than an hour makes authreport exit 75. Mail mode hands
# sendmail -t -oi a MIME mail to the checked rua= address only, never to
# a suppressed one.
. "$top_srcdir/t/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || bail_out "sqlite3 not installed"
command -v xmllint >/dev/null 2>&1 || bail_out "xmllint not installed"
XSD="$top_srcdir/t/data/dmarc-2.0.xsd"
[ -r "$XSD" ] || bail_out "no $XSD"
ar="$top_builddir/authreport"
DB="$T_TMP/store.db"
OUT="$T_TMP/out"
mkdir -p "$OUT" || bail_out "mkdir"
sqlite3 "$DB" <"$top_srcdir/src/report/report_schema.sql" ||
    bail_out "cannot create the store"
q() { sqlite3 "$DB" "$1"; }
q "INSERT INTO dmarc_policy VALUES ('2026-01-02', 'dmarc.example', 'psl',
    'reject', 'quarantine', '', 'r', 's', 'n', '1',
    'mailto:rua@dmarc.example', 1767312000);
INSERT INTO dmarc_row VALUES ('2026-01-02', 'dmarc.example', '192.0.2.1',
    'dmarc.example', 'dmarc.example', 'rcpt.example', 'dmarc.example',
    'pass', 'dmarc.example/s1/pass', 'pass', 'pass', 'none', '', 5);
INSERT INTO dmarc_row VALUES ('2026-01-02', 'dmarc.example', '192.0.2.2',
    'x<y>&\"q''' || char(13, 10) || 'Bcc: z', 'e.example', '', 'e.example',
    'fail', '', 'fail', 'fail', 'reject',
    'local_policy:a<b & \"c\"', 3);" || bail_out "cannot add rows"
[ "$(q 'SELECT count(*) FROM dmarc_row')" = 2 ] || bail_out "rows missing"

run() {
	"$ar" --keep-days 0 --store "sqlite:$DB" --from 2026-01-02 --to 2026-01-02 \
	    --org 'Org & <Co>' --email reports@receiver.example --dir "$OUT" "$@"
}
run --dry-run >"$T_TMP/dry" 2>"$T_TMP/err"
is "$?" 0 "dry run exits 0"
is "$(q 'SELECT count(*) FROM dmarc_sent')" 0 "dry run marks nothing"
is "$(ls "$OUT" | wc -l)" 0 "dry run writes nothing"

run 2>"$T_TMP/err"
is "$?" 0 "authreport exits 0"
F="receiver.example!dmarc.example!1767312000!1767398399.xml.gz"
ok "$([ -f "$OUT/$F" ]; echo $?)" "report has the RFC 9990 file name"
is "$(ls "$OUT" | wc -l)" 1 "exactly one report written"
gunzip -c "$OUT/$F" >"$T_TMP/r.xml" || bail_out "not gzip"
xmllint --noout "$T_TMP/r.xml"
is "$?" 0 "xmllint parses the report"
xsd() { xmllint --noout --schema "$XSD" "$1" 2>"$T_TMP/xsd.err"; }
valid() {	# valid FILE DESCRIPTION: FILE validates against the schema
	xsd "$1"
	set -- "$?" "$2"
	is "$1" 0 "$2"
	[ "$1" -eq 0 ] || diag "$(head -5 "$T_TMP/xsd.err")"
}
valid "$T_TMP/r.xml" "the report validates against the RFC 9990 schema"
/usr/bin/python3 - "$T_TMP/r.xml" >"$T_TMP/py" 2>&1 <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"d": "urn:ietf:params:xml:ns:dmarc-2.0"}
r = ET.parse(sys.argv[1]).getroot()
assert r.tag == "{urn:ietf:params:xml:ns:dmarc-2.0}feedback", r.tag
m = r.find("d:report_metadata", ns)
assert m.find("d:org_name", ns).text == "Org & <Co>"
assert m.find("d:email", ns).text == "reports@receiver.example"
assert m.find("d:date_range/d:begin", ns).text == "1767312000"
assert m.find("d:date_range/d:end", ns).text == "1767398399"
p = r.find("d:policy_published", ns)
assert p.find("d:domain", ns).text == "dmarc.example"
assert p.find("d:p", ns).text == "reject"
assert p.find("d:sp", ns).text == "quarantine"
recs = r.findall("d:record", ns)
assert len(recs) == 2, len(recs)
got = {}
for rec in recs:
    got[rec.find("d:row/d:source_ip", ns).text] = rec
assert got["192.0.2.1"].find("d:row/d:count", ns).text == "5"
assert got["192.0.2.2"].find("d:row/d:count", ns).text == "3"
hf = got["192.0.2.2"].find("d:identifiers/d:header_from", ns).text
assert "x<y>&\"q'" in hf, repr(hf)
print("ok")
PY
is "$(cat "$T_TMP/py")" ok "each row is a record with its count and values"
if grep -a 'x<y' "$T_TMP/r.xml" >/dev/null; then r=1; else r=0; fi
ok "$r" "hostile header_from is escaped in the XML text"
is "$(q "SELECT status FROM dmarc_sent WHERE policy_domain='dmarc.example'")" \
    written "dmarc_sent marks the report written"

run 2>"$T_TMP/err2"
is "$?" 0 "second run exits 0"
is "$(ls "$OUT" | wc -l)" 1 "second run writes nothing new"
like "$(cat "$T_TMP/err2")" "0 report\(s\) written" "second run summary says 0"
is "$(q 'SELECT count(*) FROM dmarc_lock')" 0 "the lock is gone after a run"

q "INSERT INTO dmarc_lock VALUES ('authreport', 'other:1',
    CAST(strftime('%s','now') AS INTEGER))" || bail_out "cannot lock"
run --from 2026-01-03 --to 2026-01-03 2>"$T_TMP/err3"
is "$?" 75 "a fresh lock held by another run: exit 75"
like "$(cat "$T_TMP/err3")" "holds the store's lock" "and says why"
is "$(q 'SELECT holder FROM dmarc_lock')" other:1 "the held lock is kept"
q "UPDATE dmarc_lock SET at = at - 7200" || bail_out "cannot age lock"
run --from 2026-01-03 --to 2026-01-03 2>"$T_TMP/err4"
is "$?" 0 "a lock older than an hour is taken over"
is "$(q 'SELECT count(*) FROM dmarc_lock')" 0 "and released at exit"

# every optional element we emit, hostile bytes, long values, and store
# words outside the schema's enumerations, in two reports of one day
OUT2="$T_TMP/out2"
mkdir -p "$OUT2" || bail_out "mkdir"
q "INSERT INTO dmarc_policy VALUES ('2026-01-07', 'rich.example', 'treewalk',
    'reject', 'quarantine', 'none', 's', 'r', 'y', '0:d',
    'mailto:rua@rich.example', 1767744000);
INSERT INTO dmarc_policy VALUES ('2026-01-07', 'odd.example', '', 'Bogus',
    'x', 'QUARANTINE', 'z', '', 'yes', '', '', 1);
INSERT INTO dmarc_row VALUES ('2026-01-07', 'rich.example', '2001:db8::7',
    'rich.example', 'rich.example', 'rcpt.example', 'rich.example', 'pass',
    'a.example/s1/fail rich.example/s2/pass rich.example/s3/temperror',
    'pass', 'pass', 'none',
    'local_policy:kept' || char(10) || 'mailing_list' || char(10) ||
    'forwarded:via x', 4);
INSERT INTO dmarc_row VALUES ('2026-01-07', 'rich.example', '192.0.2.8',
    CAST(X'626164E9016578616D706C65' AS TEXT), '', '',
    replace(hex(zeroblob(1500)), '0', 'h'), 'softfail', '', 'fail', 'fail',
    'quarantine', '', 2);
INSERT INTO dmarc_row VALUES ('2026-01-07', 'rich.example', '192.0.2.9',
    'rich.example', 'rich.example', '', 'rich.example', 'Bogus',
    'rich.example/s9/softfail', 'maybe', 'PASS', 'discard', 'sampled_out', 1);
INSERT INTO dmarc_row VALUES ('2026-01-07', 'odd.example', '192.0.2.10',
    'odd.example', 'odd.example', '', 'odd.example', 'none', '', 'fail',
    'fail', 'none', '', 1);" || bail_out "cannot add day 7"
"$ar" --keep-days 0 --store "sqlite:$DB" --from 2026-01-07 --to 2026-01-07 --org Org \
    --email reports@receiver.example --dir "$OUT2" 2>"$T_TMP/err8"
is "$?" 0 "the day with every optional element: exit 0"
for d in rich odd; do
	gunzip -c "$OUT2"/receiver.example\!$d.example\!*.xml.gz \
	    >"$T_TMP/$d.xml" || bail_out "no $d.example report"
	valid "$T_TMP/$d.xml" "the $d.example report validates against the schema"
done
/usr/bin/python3 - "$T_TMP/rich.xml" "$T_TMP/odd.xml" >"$T_TMP/py3" 2>&1 <<'PY3'
import sys, xml.etree.ElementTree as ET
ns = {"d": "urn:ietf:params:xml:ns:dmarc-2.0"}
def t(e, path):
    x = e.find(path, ns)
    return None if x is None else (x.text or "")
def pol(r):
    return {c.tag.split("}")[1]: c.text or "" for c in
            r.find("d:policy_published", ns)}
r = ET.parse(sys.argv[1]).getroot()
assert pol(r) == {"domain": "rich.example", "discovery_method": "treewalk",
                  "p": "reject", "sp": "quarantine", "np": "none",
                  "adkim": "s", "aspf": "r", "testing": "y",
                  "fo": "0:d"}, pol(r)
recs = {t(x, "d:row/d:source_ip"): x for x in r.findall("d:record", ns)}
assert sorted(recs) == ["192.0.2.8", "192.0.2.9", "2001:db8::7"], recs
def reasons(rec):
    return [(t(x, "d:type"), t(x, "d:comment")) for x in
            rec.findall("d:row/d:policy_evaluated/d:reason", ns)]
a = recs["2001:db8::7"]
dk = [(t(d, "d:domain"), t(d, "d:selector"), t(d, "d:result"))
      for d in a.findall("d:auth_results/d:dkim", ns)]
assert dk == [("a.example", "s1", "fail"), ("rich.example", "s2", "pass"),
              ("rich.example", "s3", "temperror")], dk
assert reasons(a) == [("local_policy", "kept"), ("mailing_list", None),
                      ("other", "forwarded:via x")], reasons(a)
assert t(a, "d:identifiers/d:envelope_to") == "rcpt.example"
b = recs["192.0.2.8"]
assert t(b, "d:identifiers/d:header_from") == "bad\ufffd\ufffdexample", \
    repr(t(b, "d:identifiers/d:header_from"))
assert b.find("d:identifiers/d:envelope_to", ns) is None
assert t(b, "d:identifiers/d:envelope_from") == ""
assert b.find("d:auth_results/d:dkim", ns) is None
assert t(b, "d:auth_results/d:spf/d:domain") == "h" * 1024 + "\u2026"
assert t(b, "d:auth_results/d:spf/d:result") == "softfail"
assert t(b, "d:row/d:policy_evaluated/d:disposition") == "quarantine"
c = recs["192.0.2.9"]
pe = [t(c, "d:row/d:policy_evaluated/d:" + k)
      for k in ("disposition", "dkim", "spf")]
assert pe == ["none", "fail", "pass"], pe
assert reasons(c) == [
    ("other", "sampled_out"),
    ("other", 'the store has disposition "discard"'),
    ("other", 'the store has aligned dkim result "maybe"')], reasons(c)
assert t(c, "d:auth_results/d:dkim/d:result") == "permerror"
assert t(c, "d:auth_results/d:dkim/d:human_result") == \
    'the store has result "softfail"'
assert t(c, "d:auth_results/d:spf/d:result") == "permerror"
assert t(c, "d:auth_results/d:spf/d:human_result") == \
    'the store has result "Bogus"'
o = ET.parse(sys.argv[2]).getroot()
assert pol(o) == {"domain": "odd.example", "p": "none",
                  "np": "quarantine"}, pol(o)
print("ok")
PY3
is "$(cat "$T_TMP/py3")" ok \
    "optional elements emitted; off-schema store words mapped, kept as text"

# the schema check is not vacuous: broken copies of a valid report fail
neg() {	# neg DESCRIPTION SED-SCRIPT
	sed "$2" "$T_TMP/rich.xml" >"$T_TMP/neg.xml"
	if cmp -s "$T_TMP/rich.xml" "$T_TMP/neg.xml"; then
		ok 1 "$1 (sed changed nothing)"
		return
	fi
	xsd "$T_TMP/neg.xml"
	is "$?" 3 "$1"
}
neg "a report without <p> is rejected" '/^<p>/d'
neg "a report without <record> is rejected" '/<record>/,/<\/record>/d'
neg "a disposition outside the enumeration is rejected" \
    's|<disposition>quarantine<|<disposition>discard<|'
neg "a <disposition> after the aligned <dkim> is rejected" \
    '/<disposition>/{h;d};/<dkim>\(pass\|fail\)<\/dkim>/G'

q "INSERT INTO dmarc_policy VALUES ('2026-01-08', 'empty.example', 'psl',
    'none', '', '', 'r', 'r', 'n', '', '', 1);" || bail_out "cannot add day 8"
"$ar" --keep-days 0 --store "sqlite:$DB" --from 2026-01-08 --to 2026-01-08 --org Org \
    --email reports@receiver.example --dir "$OUT2" 2>"$T_TMP/err9"
is "$?" 74 "a day without rows: exit 74, no report without a <record>"
ok "$(ls "$OUT2" | grep -q empty.example; [ $? -ne 0 ]; echo $?)" \
    "and no file for it"
is "$(q "SELECT status FROM dmarc_sent WHERE day='2026-01-08'")" failed \
    "and the day is marked failed"

# mail mode: a sendmail that saves its arguments and stdin
SM="$T_TMP/sendmail"
printf '#!/bin/sh\necho "$*" >"%s/args"\ncat >"%s/mail"\n' "$T_TMP" "$T_TMP" >"$SM"
chmod +x "$SM"
q "INSERT INTO dmarc_policy VALUES ('2026-01-04', 'mail.example', 'psl',
    'none', '', '', 'r', 'r', 'n', '',
    'mailto:evil@x.example%0D%0ABcc:steal@y.example,mailto:rua@mail.example,mailto:reports@receiver.example',
    1767484800);
INSERT INTO dmarc_row VALUES ('2026-01-04', 'mail.example', '192.0.2.9',
    'mail.example', 'mail.example', '', 'mail.example', 'pass', '',
    'fail', 'pass', 'none', '', 7);" || bail_out "cannot add the mail day"
"$ar" --keep-days 0 --store "sqlite:$DB" --from 2026-01-04 --to 2026-01-04 --org Org \
    --email reports@receiver.example --sendmail "$SM" 2>"$T_TMP/err5"
is "$?" 0 "mail mode exits 0"
is "$(cat "$T_TMP/args")" "-t -oi -f reports@receiver.example" \
    "sendmail runs as -t -oi, with the reporter as envelope sender (bounces)"
/usr/bin/python3 - "$T_TMP/mail" "$T_TMP/mail.xml" >"$T_TMP/py2" 2>&1 <<'PY2'
import sys, email, gzip
m = email.message_from_bytes(open(sys.argv[1], "rb").read())
assert m["To"] == "rua@mail.example", repr(m["To"])
assert m["From"] == "reports@receiver.example", m["From"]
assert m["Subject"].startswith("Report Domain: mail.example Submitter: Org Report-ID: <"), m["Subject"]
for h in ("Date", "Message-ID", "MIME-Version"):
    assert m[h], h
# RFC 3834: no vacation or auto-reply answers a report (loops)
assert m["Auto-Submitted"] == "auto-generated", m["Auto-Submitted"]
assert m.get_content_type() == "multipart/mixed"
att = [p for p in m.walk() if p.get_content_type() == "application/gzip"]
assert len(att) == 1
assert att[0].get_filename() == "receiver.example!mail.example!1767484800!1767571199.xml.gz", att[0].get_filename()
x = gzip.decompress(att[0].get_payload(decode=True)).decode()
assert "<count>7</count>" in x, x
open(sys.argv[2], "w").write(x)
print("ok")
PY2
is "$(cat "$T_TMP/py2")" ok "the mail parses: To, headers, gzip attachment"
valid "$T_TMP/mail.xml" "the mailed report validates against the schema"
if grep -ai 'steal\|^Bcc' "$T_TMP/mail" >/dev/null; then r=1; else r=0; fi
ok "$r" "an rua with CRLF never reaches a header"
is "$(q "SELECT status || ' ' || detail FROM dmarc_sent WHERE day='2026-01-04'")" \
    "sent rua@mail.example" "dmarc_sent marks it sent"

q "INSERT INTO dmarc_policy VALUES ('2026-01-05', 'mail.example', 'psl',
    'none', '', '', 'r', 'r', 'n', '', 'mailto:rua@mail.example', 1);
INSERT INTO dmarc_row VALUES ('2026-01-05', 'mail.example', '192.0.2.9',
    'mail.example', 'mail.example', '', 'mail.example', 'pass', '',
    'fail', 'pass', 'none', '', 1);" || bail_out "cannot add day 5"
printf '#!/bin/sh\ncat >/dev/null\nexit 75\n' >"$SM"
"$ar" --keep-days 0 --store "sqlite:$DB" --from 2026-01-05 --to 2026-01-05 --org Org \
    --email reports@receiver.example --sendmail "$SM" 2>"$T_TMP/err6"
is "$?" 74 "a failing sendmail: exit 74"
is "$(q "SELECT status FROM dmarc_sent WHERE day='2026-01-05'")" failed \
    "and the report is marked failed"

# suppression: a suppressed address gets nothing; listed; removable
"$ar" --keep-days 0 --store "sqlite:$DB" --suppress rua@mail.example --reason 'bounced' ||
    bail_out "cannot suppress"
is "$("$ar" --keep-days 0 --store "sqlite:$DB" --list-suppressed)" \
    "$(printf 'rua@mail.example\tbounced')" "--list-suppressed shows it"
printf '#!/bin/sh\ncat >"%s/mail7"\n' "$T_TMP" >"$SM"
q "INSERT INTO dmarc_policy VALUES ('2026-01-06', 'mail.example', 'psl',
    'none', '', '', 'r', 'r', 'n', '', 'mailto:rua@mail.example', 1);
INSERT INTO dmarc_row VALUES ('2026-01-06', 'mail.example', '192.0.2.9',
    'mail.example', 'mail.example', '', 'mail.example', 'pass', '',
    'fail', 'pass', 'none', '', 1);" || bail_out "cannot add day 6"
"$ar" --keep-days 0 --store "sqlite:$DB" --from 2026-01-06 --to 2026-01-06 --org Org \
    --email reports@receiver.example --sendmail "$SM" 2>"$T_TMP/err7"
ok "$([ ! -e "$T_TMP/mail7" ]; echo $?)" "a suppressed address gets no mail"
is "$(q "SELECT status, detail FROM dmarc_sent WHERE day='2026-01-06'")" \
    "suppressed|every rua address is suppressed" \
    "and the report is marked suppressed, saying why"
"$ar" --keep-days 0 --store "sqlite:$DB" --unsuppress RUA@mail.example ||
    bail_out "cannot unsuppress"
is "$(q 'SELECT count(*) FROM dmarc_suppress')" 0 "--unsuppress removes it"
"$ar" --keep-days 0 --store "sqlite:$DB" --org "$(printf 'Org\r\nBcc: x@evil.example')" \
    --email reports@receiver.example --dir "$OUT" 2>/dev/null
is "$?" 64 "an --org with CR LF (it goes into the Subject) is refused"
done_testing
