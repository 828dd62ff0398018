#!/bin/sh
# authreport-mail.sh - authreport in mail mode with its settings from
# authmilter.conf (-c: ReportStore, ReportOrgName, ReportEmail,
# Nameservers): which rua= addresses a report goes to. Same organization:
# sent without a lookup. External: sent only when the destination
# publishes exactly one v=DMARC1 record at
# <policy>._report._dmarc.<host> (RFC 9989/9990), else marked unverified;
# a SERVFAIL leaves the report pending for the next run. "!size" bounds
# the whole mail, not the gzip file. No rua= is marked suppressed. A
# broken config file stops it with file:line and exit 78. Days older
# than --keep-days are deleted from the store.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
command -v sqlite3 >/dev/null 2>&1 || bail_out "sqlite3 not installed"
ar="$top_builddir/authreport"
DB="$T_TMP/store.db"
sqlite3 "$DB" <"$top_srcdir/src/report/report_schema.sql" ||
    bail_out "cannot create the store"
q() { sqlite3 "$DB" "$1"; }
# pol DAY DOMAIN RUA - a published policy and one row for it
pol() {
	q "INSERT INTO dmarc_policy VALUES ('$1', '$2', 'treewalk', 'reject',
	    '', '', 'r', 'r', 'n', '', '$3', 1);
	INSERT INTO dmarc_row VALUES ('$1', '$2', '192.0.2.1', '$2', '$2', '',
	    '$2', 'fail', '', 'fail', 'fail', 'reject', '', 2);" ||
	    bail_out "cannot add $2"
}
D=2026-02-01
pol $D same.example 'mailto:agg@same.example'
pol $D sub.same.example 'mailto:agg@reports.same.example'
pol $D ext.example 'mailto:r@thirdparty.example'
pol $D mixed.example 'mailto:r@thirdparty.example,mailto:x@nowhere.example'
pol $D over.example 'mailto:r@thirdparty.example'
pol $D noauth.example 'mailto:r@thirdparty.example'
pol $D badrec.example 'mailto:r@thirdparty.example'
pol $D two.example 'mailto:r@thirdparty.example'
pol $D prefix.example 'mailto:r@thirdparty.example'
pol $D srv.example 'mailto:r@broken.example'
pol $D sized.example 'mailto:small@sized.example!1k,mailto:big@sized.example!50k'
pol $D norua.example ''
# a rua= longer than authreport keeps: the URIs that fit are used, the
# report is not lost; an fo= too long to keep is left out of the report
LONG="mailto:agg@long.example$(printf ',mailto:x%04d@long.example' $(seq 1 60))"
pol $D long.example "$LONG"
q "UPDATE dmarc_policy SET fo = '$(printf '1:%.0s' $(seq 1 80))0' WHERE policy_domain = 'long.example'"

nsd_start "$top_srcdir/t/zones/report" broken.example
CONF="$T_TMP/authmilter.conf"
cat >"$CONF" <<CONF
Nameservers 127.0.0.1@$NSD_PORT
DNSTimeout 2s
ReportStore sqlite:$DB
ReportOrgName Receiver Org
ReportEmail reports@receiver.example
CONF
mkdir "$T_TMP/mails" || bail_out "mkdir"
SM="$T_TMP/sendmail"
printf '#!/bin/sh\n[ "$*" = "-t -oi -f reports@receiver.example" ] || exit 64\ncat >"%s/mails/$$.eml"\n' \
    "$T_TMP" >"$SM" && chmod +x "$SM" || bail_out "no fake sendmail"

"$ar" --keep-days 0 -c "$CONF" --sendmail "$SM" --from $D --to $D 2>"$T_TMP/err1"
is "$?" 0 "a run with everything from the config file exits 0"
diag "$(cat "$T_TMP/err1")"
grep -q "7 report(s) sent, 5 skipped, 1 deferred, 0 failed" "$T_TMP/err1"
ok $? "the summary counts 7 sent, 5 skipped, 1 deferred"

# domain -> To, From, Subject, and the gzip size, one line per mail
mkdir "$T_TMP/xml" || bail_out "mkdir"
/usr/bin/python3 - "$T_TMP/mails" "$T_TMP/xml" >"$T_TMP/got" 2>&1 <<'PY'
import email, gzip, os, sys
for f in sorted(os.listdir(sys.argv[1])):
    m = email.message_from_binary_file(open(os.path.join(sys.argv[1], f), "rb"))
    dom = m["Subject"].split()[2]
    gz = [p for p in m.walk() if p.get_content_type() == "application/gzip"]
    open(os.path.join(sys.argv[2], dom + ".xml"), "wb").write(
        gzip.decompress(gz[0].get_payload(decode=True)))
    print(dom, "".join(str(m["To"]).split()), m["From"],
          "org" if "Submitter: Receiver Org " in m["Subject"] else "no-org",
          len(gz[0].get_payload(decode=True)))
PY
sort -o "$T_TMP/got" "$T_TMP/got"
diag "$(cat "$T_TMP/got")"
to() { awk -v d="$1" '$1 == d { print $2 }' "$T_TMP/got"; }
is "$(wc -l <"$T_TMP/got")" 7 "seven mails"
is "$(to same.example)" agg@same.example "same domain: sent"
is "$(to sub.same.example)" agg@reports.same.example \
    "same organizational domain: sent without a lookup"
ok "$(to long.example | grep -q '^agg@long.example,x0001@long.example,'; echo $?)" \
    "a rua= too long to keep whole: the URIs that fit are mailed"
is "$(to ext.example)" r@thirdparty.example "external, authorized: sent"
is "$(to mixed.example)" r@thirdparty.example \
    "mixed: only the authorized address is mailed"
is "$(to over.example)" r@thirdparty.example \
    "a rua= in the authorizing record is not followed"
is "$(to sized.example)" big@sized.example \
    "!size: the address whose limit the mail exceeds is left out"
GZ=$(awk '$1 == "sized.example" { print $5 }' "$T_TMP/got")
ok "$([ "${GZ:-9999}" -lt 1024 ]; echo $?)" \
    "... although the gzip file alone ($GZ octets) is under 1k"
is "$(awk '{ print $3, $4 }' "$T_TMP/got" | sort -u)" \
    "reports@receiver.example org" "From and Subject come from ReportEmail and ReportOrgName"
xmllint --noout --schema "$top_srcdir/t/data/dmarc-2.0.xsd" "$T_TMP/xml"/*.xml \
    >"$T_TMP/xsd.out" 2>&1
is "$?" 0 "every mailed report is valid against the RFC 9990 schema"
is "$(grep -c validates "$T_TMP/xsd.out")" 7 "... all seven of them"
grep -q '<fo>' "$T_TMP/xml/long.example.xml"
ok "$([ $? -ne 0 ]; echo $?)" "... and the over-long fo= is left out, not cut"
# every mail its own Message-ID and report_id, though one run made them
# in the same second for the same day
/usr/bin/python3 - "$T_TMP/mails" "$T_TMP/xml" >"$T_TMP/ids" 2>&1 <<'PY'
import email, os, sys, xml.etree.ElementTree as ET
ns = {"d": "urn:ietf:params:xml:ns:dmarc-2.0"}
mids = [email.message_from_binary_file(open(os.path.join(sys.argv[1], f), "rb"))["Message-ID"]
        for f in os.listdir(sys.argv[1])]
rids = [ET.parse(os.path.join(sys.argv[2], f)).getroot().find(
        "d:report_metadata/d:report_id", ns).text for f in os.listdir(sys.argv[2])]
print(len(set(mids)), len(set(rids)))
PY
is "$(cat "$T_TMP/ids")" "7 7" "seven distinct Message-IDs and report_ids"
st() { q "SELECT status FROM dmarc_sent WHERE policy_domain = '$1'"; }
for d in noauth badrec two prefix; do
	is "$(st $d.example)" unverified "$d.example: not authorized, marked unverified"
done
q "SELECT detail FROM dmarc_sent WHERE policy_domain = 'noauth.example'" |
    grep -q 'noauth.example._report._dmarc.thirdparty.example'
ok $? "the detail names the record that was missing"
is "$(st norua.example)" suppressed "no rua=: marked suppressed"
is "$(st srv.example)" "" "SERVFAIL on the authorization: not marked (retried)"
grep -q "srv.example: deferred" "$T_TMP/err1"
ok $? "... and said so"

"$ar" --keep-days 0 -c "$CONF" --sendmail "$SM" --from $D --to $D 2>"$T_TMP/err2"
is "$?" 0 "a second run exits 0"
is "$(ls "$T_TMP/mails" | wc -l)" 7 "... and mails nothing again"
grep -q "0 report(s) sent, 0 skipped, 1 deferred" "$T_TMP/err2"
ok $? "... but tries the deferred report again"

# a bounce of a report we sent suppresses the address that failed, and
# only an address that report went to
MID=$(grep -l "^To: r@thirdparty.example" "$T_TMP/mails"/* | head -1 |
    xargs sed -n 's/^Message-ID: \(<[^>]*>\).*/\1/p' | tr -d '\r')
[ -n "$MID" ] || bail_out "no Message-ID in the mail to r@thirdparty.example"
dsn() {	# dsn MESSAGE-ID ADDRESS STATUS ACTION
	printf 'From: MAILER-DAEMON@mx.thirdparty.example\nSubject: Undelivered\n'
	printf 'Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n'
	printf -- '--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n'
	printf 'Final-Recipient: rfc822; %s\nAction: %s\nStatus: %s\n\n' "$2" "$4" "$3"
	printf -- '--B\nContent-Type: text/rfc822-headers\n\nMessage-ID: %s\n\n--B--\n' "$1"
}
dsn "$MID" victim@elsewhere.example 5.1.1 failed |
    "$ar" -c "$CONF" --bounce 2>"$T_TMP/b1"
is "$?" 0 "a bounce naming an address the report did not go to: exit 0"
is "$("$ar" -c "$CONF" --list-suppressed | wc -l)" 0 "... and nothing is suppressed"
dsn "$MID" r@thirdparty.example 4.2.2 delayed | "$ar" -c "$CONF" --bounce 2>/dev/null
is "$("$ar" -c "$CONF" --list-suppressed | wc -l)" 0 "a delay suppresses nothing"
dsn "<deadbeef.2026-02-01.0123456789abcdef@receiver.example>" \
    r@thirdparty.example 5.1.1 failed | "$ar" -c "$CONF" --bounce 2>/dev/null
is "$("$ar" -c "$CONF" --list-suppressed | wc -l)" 0 \
    "a bounce about a report we never sent suppresses nothing"
dsn "$MID" r@thirdparty.example 5.1.1 failed | "$ar" -c "$CONF" --bounce 2>"$T_TMP/b2"
is "$?" 0 "the bounce of a report we sent: exit 0"
"$ar" -c "$CONF" --list-suppressed >"$T_TMP/supp"
grep -q "^r@thirdparty.example	bounced: 5.1.1 (report " "$T_TMP/supp"
ok $? "... suppresses the failed recipient, saying why"
"$ar" -c "$CONF" --unsuppress r@thirdparty.example ||
    bail_out "cannot unsuppress"

"$ar" --keep-days 0 -c "$CONF" --sendmail "$SM" --from $D --to $D --dry-run >"$T_TMP/dry" 2>&1
grep -q "would not mail .*srv.example.*lookup failed" "$T_TMP/dry"
ok $? "--dry-run says why a report would not be mailed"

# the default range: the seven UTC days before today
Y=$(date -u -d yesterday +%F) W=$(date -u -d '7 days ago' +%F)
O=$(date -u -d '8 days ago' +%F) T=$(date -u +%F)
pol "$Y" yday.example 'mailto:agg@yday.example'
pol "$W" week.example 'mailto:agg@week.example'
pol "$O" old.example 'mailto:agg@old.example'
pol "$T" today.example 'mailto:agg@today.example'
"$ar" --keep-days 0 -c "$CONF" --sendmail "$SM" --dry-run >"$T_TMP/dry2" 2>&1
is "$(grep -o '![a-z]*\.example!' "$T_TMP/dry2" | sort | tr '\n' ' ')" \
    "!week.example! !yday.example! " \
    "default range: yesterday back to the seventh day, not today or older"

# the store does not grow without end: days older than --keep-days go
K=$(date -u -d '40 days ago' +%F) R=$(date -u -d '20 days ago' +%F)
pol "$K" kept.example 'mailto:agg@kept.example'
pol "$R" recent.example 'mailto:agg@recent.example'
q "INSERT INTO dmarc_sent VALUES ('$K', 'kept.example', 'x', 'sent', '', 1)"
"$top_builddir/authreport" -c "$CONF" --sendmail "$SM" --from "$R" --to "$R" \
    2>"$T_TMP/err5"
is "$?" 0 "a run with the default --keep-days (31) exits 0"
is "$(q "SELECT count(*) FROM dmarc_row WHERE day = '$K'") $(q "SELECT count(*) FROM dmarc_policy WHERE day = '$K'") $(q "SELECT count(*) FROM dmarc_sent WHERE day = '$K'")" \
    "0 0 0" "the rows, policy and mark of a 40-day-old day are deleted"
is "$(q "SELECT count(*) FROM dmarc_row WHERE day = '$R'")" 1 \
    "a 20-day-old day is kept"
grep -q "row(s) of days before .* deleted (--keep-days 31)" "$T_TMP/err5"
ok $? "... and the deletion is said"

printf 'ReportStore sqlite:%s\nReportEmail not-an-address\n' "$DB" >"$T_TMP/bad.conf"
"$ar" --keep-days 0 -c "$T_TMP/bad.conf" --dir "$T_TMP" 2>"$T_TMP/err3"
is "$?" 78 "a broken config file: exit 78"
grep -q "bad.conf:2: ReportEmail: not a plain local@domain address" "$T_TMP/err3"
ok $? "... naming file, line and key"
printf 'ReportStore sqlite:%s\n' "$DB" >"$T_TMP/noorg.conf"
"$ar" --keep-days 0 -c "$T_TMP/noorg.conf" --dir "$T_TMP" 2>"$T_TMP/err4"
is "$?" 64 "no ReportOrgName or --org: exit 64"
grep -q "ReportOrgName" "$T_TMP/err4"
ok $? "... saying which key is missing"
done_testing
