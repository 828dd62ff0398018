#!/bin/sh
# report-store.sh - ReportStore through the running daemon against nsd
# (the zones of dmarc-milter.sh): 5 messages that pass DMARC from one
# client and 3 that fail from another become two rows with n=5 and n=3
# and the published policy; none is not recorded. A store the daemon
# cannot write holds no mail: every message still gets its field, and
# the exit log counts what was lost. DKIM-signed mail records each
# signature as d/s/result; hostile MAIL FROM values sent by a slow client
# are recorded and come out schema-valid. authreport turns the recorded day
# into a report that the RFC 9990 schema accepts, checked row by row, and
# mails it to the recorded rua= address.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
command -v sqlite3 >/dev/null 2>&1 || bail_out "sqlite3 not installed"
command -v xmllint >/dev/null 2>&1 || bail_out "xmllint not installed"
# the dmarc-milter zones, and signer.example (the DKIM corpus's signer)
# with a DMARC record so that its signed mail is recorded
Z=$T_TMP/zones
mkdir "$Z" && cp "$top_srcdir"/t/zones/dmarcmilter/*.zone \
    "$top_srcdir/t/zones/dkim/signer.example.zone" "$Z/" ||
    bail_out "cannot copy the zones"
printf '_dmarc IN TXT "v=DMARC1; p=none"\n' >>"$Z/signer.example.zone"
nsd_start "$Z" broken.example
raw() { /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT"; }
# msg IP FROM-DOMAIN - one message as a@FROM-DOMAIN
msg() {
	printf '{"ip": "%s", "helo": "mail.dmarc.example", "from": "<a@%s>", "headers": [["From", " <a@%s>"], ["Subject", " hi"]]}\n' \
	    "$1" "$2" "$2"
}
# send N IP DOMAIN - N messages; prints how many got a dmarc= field
send() {
	_i=0 _n=0
	while [ "$_i" -lt "$1" ]; do
		msg "$2" "$3" | raw | tr -d '\n' | grep -E ';[[:space:]]*dmarc=' >/dev/null &&
		    _n=$((_n + 1))
		_i=$((_i + 1))
	done
	echo "$_n"
}
D=dmarc.example
# the daemon runs as nobody when we are root: let it reach its store
chmod 755 "$T_TMP"
mkdir "$T_TMP/store" && chmod 777 "$T_TMP/store" || bail_out "no store dir"
DB=$T_TMP/store/dmarc.db
q() { sqlite3 "$DB" "$1"; }

MILTER_DNS_TIMEOUT=1s milter_start "ReportStore sqlite:$DB"
is "$(send 5 192.0.2.10 bank.$D)" 5 "5 passing messages got their field"
is "$(send 3 192.0.2.66 bank.$D)" 3 "3 failing messages got their field"
is "$(send 2 192.0.2.10 none.$D)" 2 "2 messages without a policy got theirs"
milter_stop
[ -s "$DB" ] || bail_out "the store was not created"
is "$(q 'SELECT count(*) FROM dmarc_row')" 2 "two rows: none is not recorded"
is "$(q "SELECT n || ' ' || dmarc_spf || ' ' || disposition FROM dmarc_row WHERE source_ip = '192.0.2.10'")" \
    "5 pass none" "the passes: one row, n=5, SPF aligned"
is "$(q "SELECT n || ' ' || dmarc_spf || ' ' || disposition || ' ' || reasons FROM dmarc_row WHERE source_ip = '192.0.2.66'")" \
    "3 fail none local_policy:no PolicyRule acted on dmarc" \
    "the failures: one row, n=3, and why reject was not applied"
is "$(q "SELECT DISTINCT policy_domain || ' ' || header_from || ' ' || envelope_from || ' ' || envelope_to || ' ' || spf_domain FROM dmarc_row")" \
    "bank.$D bank.$D bank.$D test.example bank.$D" "the identifiers of the rows"
is "$(q "SELECT DISTINCT dkim FROM dmarc_row")" "" "no signature: dkim is empty"
is "$(q "SELECT DISTINCT day FROM dmarc_row")" "$(date -u +%Y-%m-%d)" "the UTC day"
is "$(q "SELECT policy_domain || ' ' || p || ' ' || sp || ' ' || adkim || aspf || testing || ' ' || discovery FROM dmarc_policy")" \
    "bank.$D reject  rrn treewalk" "the policy as published (no sp=)"
grep -q "ReportStore: 8 recorded, 8 written, 0 dropped (queue full), 0 lost (store error)" "$MILTER_LOG"
ok $? "the exit log counts 8 recorded and 8 written"

# DKIM signatures through the daemon: each is recorded as d/s/result
DB2=$T_TMP/store/dkim.db
MILTER_DNS_TIMEOUT=1s milter_start "ReportStore sqlite:$DB2"
for c in relaxed-relaxed ed25519; do
	/usr/bin/python3 - "$top_srcdir/t/data/dkim/corpus/pass-$c.eml" <<'PY' |
import email.parser, json, sys
raw = open(sys.argv[1], "rb").read().decode("latin-1").replace("\r\n", "\n")
head, body = raw.split("\n\n", 1)
fields = []
for line in head.split("\n"):
    if line[:1] in (" ", "\t"):
        fields[-1][1] += "\r\n" + line
    else:
        name, value = line.split(":", 1)
        fields.append([name, value])
print(json.dumps({"ip": "192.0.2.10", "helo": "mail.signer.example",
                  "from": "<alice@signer.example>", "headers": fields,
                  "body": body.replace("\n", "\r\n")}))
PY
	    raw | tr -d '\n' | grep -q 'dkim=pass' || bail_out "pass-$c.eml did not pass DKIM"
done
milter_stop
is "$(sqlite3 "$DB2" "SELECT dkim || ' ' || dmarc_dkim || ' ' || n FROM dmarc_row ORDER BY dkim" | tr '\n' ';')" \
    "signer.example/ed/pass pass 1;signer.example/s2048/pass pass 1;" \
    "each signature recorded as d/s/pass, aligned, one message each"

# hostile envelopes and a slow client, through the daemon: whatever is
# recorded comes out of authreport as a report the schema accepts
DB3=$T_TMP/store/hostile.db
MILTER_DNS_TIMEOUT=1s milter_start "ReportStore sqlite:$DB3"
for mf in '<a@x"<&>'"'"'.example>' '<a@\u00e9\u00ff.example>' \
    '<"a;b"@bank.dmarc.example>' '<a@bank.dmarc.example; x=y>'; do
	printf '{"ip": "192.0.2.66", "helo": "h<&>\\"", "from": "%s", "pause": {"mail": 1.2, "eoh": 1.2}, "headers": [["From", " <a@bank.dmarc.example>"], ["Subject", " hi"]]}\n' \
	    "$(printf '%s' "$mf" | sed 's/\\/\\\\/g; s/"/\\"/g; s/\\\\u/\\u/g')" |
	    raw | tr -d '\n' | grep -q 'dmarc=fail' ||
	    bail_out "no dmarc=fail for MAIL FROM $mf"
done
milter_stop
diag "recorded envelope_from: $(sqlite3 "$DB3" 'SELECT quote(envelope_from) FROM dmarc_row' | tr '\n' ' ')"
is "$(sqlite3 "$DB3" 'SELECT sum(n) FROM dmarc_row')" 4 \
    "hostile MAIL FROM values, each after 2.4 s of pauses: all 4 recorded"
mkdir "$T_TMP/rep3" || bail_out "mkdir"
"$top_builddir/authreport" --store "sqlite:$DB3" --from "$(date -u +%Y-%m-%d)" \
    --to "$(date -u +%Y-%m-%d)" --org R --email reports@test.example \
    --dir "$T_TMP/rep3" 2>/dev/null
gunzip -c "$T_TMP/rep3"/*.xml.gz >"$T_TMP/rep3.xml" 2>/dev/null ||
    bail_out "no report of the hostile day"
xmllint --noout --schema "$top_srcdir/t/data/dmarc-2.0.xsd" "$T_TMP/rep3.xml" 2>/dev/null
is "$?" 0 "... and their report is valid against the schema"

# what the milter recorded becomes the report: folder mode on a copy
# (authreport runs as us, the store belongs to the daemon's user)
q ".backup $T_TMP/r1.db" || bail_out "cannot copy the store"
cp "$T_TMP/r1.db" "$T_TMP/r2.db" || bail_out "cannot copy the store"
mkdir "$T_TMP/rep" || bail_out "mkdir"
TODAY=$(date -u +%Y-%m-%d)
"$top_builddir/authreport" --store "sqlite:$T_TMP/r1.db" --from "$TODAY" \
    --to "$TODAY" --org "Test Receiver" --email reports@test.example \
    --dir "$T_TMP/rep" 2>"$T_TMP/ar.err"
is "$?" 0 "authreport writes the day's report from what the milter recorded"
F=$(ls "$T_TMP/rep")
case "$F" in "test.example!bank.$D!"*".xml.gz") ok 0 "named receiver!policy!begin!end.xml.gz" ;;
*) ok 1 "named receiver!policy!begin!end.xml.gz ($F)" ;; esac
gunzip -c "$T_TMP/rep/$F" >"$T_TMP/rep.xml" 2>/dev/null || bail_out "no gzip report"
xmllint --noout --schema "$top_srcdir/t/data/dmarc-2.0.xsd" "$T_TMP/rep.xml" 2>/dev/null
is "$?" 0 "... valid against the RFC 9990 schema"
/usr/bin/python3 - "$T_TMP/rep.xml" "bank.$D" >"$T_TMP/rows" 2>&1 <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"d": "urn:ietf:params:xml:ns:dmarc-2.0"}
r = ET.parse(sys.argv[1]).getroot()
p = r.find("d:policy_published", ns)
print("policy", p.find("d:domain", ns).text, p.find("d:p", ns).text)
for rec in r.findall("d:record", ns):
    row = rec.find("d:row", ns)
    pe = row.find("d:policy_evaluated", ns)
    spf = rec.find("d:auth_results/d:spf", ns)
    print(row.find("d:source_ip", ns).text, row.find("d:count", ns).text,
          pe.find("d:disposition", ns).text, pe.find("d:dkim", ns).text,
          pe.find("d:spf", ns).text,
          rec.find("d:identifiers/d:header_from", ns).text,
          spf.find("d:result", ns).text,
          ",".join(x.text for x in pe.findall("d:reason/d:type", ns)) or "-")
PY
is "$(cat "$T_TMP/rows")" "policy bank.$D reject
192.0.2.10 5 none fail pass bank.$D pass -
192.0.2.66 3 none fail fail bank.$D fail local_policy" \
    "row by row: the 5 passes and the 3 failures with their results and reason"
# mail mode: the policy's rua= is in the same organization: mailed
printf '#!/bin/sh\ncat >"%s/mail"\n' "$T_TMP" >"$T_TMP/sm" && chmod +x "$T_TMP/sm" ||
    bail_out "no fake sendmail"
"$top_builddir/authreport" --store "sqlite:$T_TMP/r2.db" --from "$TODAY" \
    --to "$TODAY" --org "Test Receiver" --email reports@test.example \
    --sendmail "$T_TMP/sm" 2>"$T_TMP/ar2.err"
is "$?" 0 "mail mode exits 0"
grep -q "^To: dmarc@bank.$D" "$T_TMP/mail"
ok $? "... and mails the rua= address the milter recorded"

MILTER_DNS_TIMEOUT=1s milter_start 'PolicyRule reject dmarc=fail policy=reject' "ReportStore sqlite:$DB"
out=$(msg 192.0.2.66 bank.$D | raw | tail -1)
is "$out" "REPLY y" "a reject rule refuses the failure"
milter_stop
is "$(q "SELECT n FROM dmarc_row WHERE disposition = 'reject'")" 1 \
    "... which is recorded with disposition reject"

# an unwritable store: mail flows, the loss is counted
mkdir "$T_TMP/ro" && chmod 555 "$T_TMP/ro" || bail_out "no read-only dir"
if touch "$T_TMP/ro/probe" 2>/dev/null && [ "$(id -u)" -ne 0 ]; then
	bail_out "cannot make an unwritable directory"
fi
MILTER_DNS_TIMEOUT=1s milter_start "ReportStore sqlite:$T_TMP/ro/dmarc.db"
is "$(send 2 192.0.2.10 bank.$D)" 2 "store unwritable: every message gets its field"
milter_stop
grep -q "ReportStore: sqlite open: unable to open database file" "$MILTER_LOG"
ok $? "... the log says the store cannot be opened"
N=$(grep -c "ReportStore: sqlite open" "$MILTER_LOG")
ok "$([ "$N" -le 2 ]; echo $?)" \
    "... once, not once per retry of the exit drain ($N line(s))"
grep -q "ReportStore: 2 recorded, 0 written, 0 dropped (queue full), 2 lost (store error)" "$MILTER_LOG"
ok $? "... and the exit log counts the 2 lost"

# queue full: a bound of 1 and a store that cannot take the row
MILTER_DNS_TIMEOUT=1s milter_start "ReportStore sqlite:$T_TMP/ro/dmarc.db" \
    "ReportQueue 1"
is "$(send 1 192.0.2.10 bank.$D)$(send 3 192.0.2.66 bank.$D)" 13 \
    "queue full: every message gets its field"
milter_stop
is "$(grep -c 'ReportStore: queue full (1): 1 record(s) dropped' "$MILTER_LOG")" 1 \
    "... one log line for the drops of that minute"
grep -q "ReportStore: 1 recorded, 0 written, 3 dropped (queue full), 1 lost (store error)" "$MILTER_LOG"
ok $? "... and the exit log counts 3 dropped"
done_testing
