#!/bin/sh
# jsonlog.sh - LogFormat json through the running daemon: one record per
# message, each line one valid JSON object (RFC 8259) whatever the sender
# put in HELO and MAIL FROM (quotes, backslashes, controls, invalid UTF-8,
# 2 KB), with the results, the rule that matched and its action (the
# would-be action under DryRun), and the forged fields removed; a record
# over the size bound drops whole results and says "truncated".
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
nsd_start "$top_srcdir/t/zones/dmarcmilter" broken.example
D=dmarc.example
raw() { /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT"; }
# records - the JSON records the log holds, one per line
records() { sed -n 's/^authmilter: info: \({.*\)$/\1/p' "$MILTER_LOG"; }
# check PYTHON-EXPR - true when every record parses and the expression
# over recs (the list of parsed records) holds
check() {
	records | /usr/bin/python3 -c '
import json, sys
lines = sys.stdin.buffer.read().split(b"\n")[:-1]
recs = [json.loads(l.decode("utf-8", "strict")) for l in lines]
sys.exit(0 if ('"$1"') else 1)'
}

MILTER_DNS_TIMEOUT=1s milter_start 'LogFormat json' \
    'PolicyRule reject dmarc=fail policy=reject'
printf '{"ip": "192.0.2.10", "helo": "mail.%s", "from": "<a@bank.%s>", "headers": [["From", " <a@bank.%s>"], ["Authentication-Results", " %s; spf=pass"]]}\n' \
    $D $D $D test.example | raw >/dev/null
check 'len(recs) == 1'
ok $? "one message, one record"
check 'recs[0]["action"] == "accept" and recs[0]["client_ip"] == "192.0.2.10" and recs[0]["mail_from"] in ("<a@bank.dmarc.example>", "a@bank.dmarc.example") and recs[0]["authserv_id"] == "test.example"'
ok $? "... with the client, the envelope and the action"
check '[r["method"] for r in recs[0]["results"]] == ["iprev", "spf", "spf", "dkim", "arc", "dmarc"] and recs[0]["results"][-1]["result"] == "pass"'
ok $? "... and every result, in the field's order"
check 'recs[0]["forged_removed"] == 1 and recs[0]["policy"] is None and recs[0]["rcpts"] == 1'
ok $? "... the forged field it removed, no rule, one recipient"
check 'isinstance(recs[0]["eom_wait_ms"], int) and recs[0]["eom_wait_ms"] >= 0'
ok $? "... the time the message waited at its end"

printf '{"ip": "192.0.2.66", "helo": "mail.%s", "from": "<a@bank.%s>", "headers": [["From", " <a@bank.%s>"]]}\n' \
    $D $D $D | raw >/dev/null
check 'len(recs) == 2 and recs[1]["action"] == "reject" and recs[1]["policy"]["method"] == "dmarc" and recs[1]["policy"]["action"] == "reject" and recs[1]["policy"]["dry_run"] is False and recs[1]["policy"]["line"] > 0'
ok $? "a rejected message names the rule and its action"

# hostile identities: every octet the milter protocol can carry
/usr/bin/python3 -c '
import json
helo = "x\"y\\z\r\nauthmilter: info: {\"forged\": 1}\x01\x7f\xff\xc3(\xed\xa0\x80" + "\xe2\x82" 
print(json.dumps({"ip": "192.0.2.10", "helo": helo,
    "from": "<\"q\\\\\"\xff\n\"@bank.dmarc.example>",
    "headers": [["From", " <a@bank.dmarc.example>"]]}))
print(json.dumps({"ip": "192.0.2.10", "helo": "\x01" * 2000,
    "from": "<" + "\xff" * 1500 + "@bank.dmarc.example>",
    "headers": [["From", " <a@bank.dmarc.example>"]]}))' |
while read -r spec; do printf '%s\n' "$spec" | raw >/dev/null; done
check 'len(recs) == 4'
ok $? "hostile identities: still one line, one record, per message"
check 'recs[2]["helo"].startswith("x\"y\\z\r\nauthmilter") and "\ufffd" in recs[2]["helo"]'
ok $? "... quotes, backslash and CRLF escaped, invalid UTF-8 as U+FFFD"
check 'all(len(json.dumps(r, ensure_ascii=False).encode()) <= 8000 for r in recs) and recs[3]["helo"].endswith("...") and recs[3]["mail_from"].endswith("...")'
ok $? "... 2 KB of controls and 1.5 KB of 8-bit cut, the cut marked"
grep -q '^{"forged"' "$MILTER_LOG"
ok $((!$?)) "... and no forged line starts in the log"
milter_stop

MILTER_DNS_TIMEOUT=1s milter_start 'LogFormat json' 'DryRun yes' \
    'PolicyRule reject dmarc=fail policy=reject'
printf '{"ip": "192.0.2.66", "helo": "mail.%s", "from": "<a@bank.%s>", "headers": [["From", " <a@bank.%s>"]]}\n' \
    $D $D $D | raw >/dev/null
check 'len(recs) == 1 and recs[0]["action"] == "accept" and recs[0]["policy"]["action"] == "reject" and recs[0]["policy"]["dry_run"] is True'
ok $? "DryRun: accepted, the would-be reject flagged"
milter_stop

MILTER_DNS_TIMEOUT=1s milter_start
printf '{"ip": "192.0.2.10", "helo": "", "from": "<a@bank.%s>", "headers": [["From", " <a@bank.%s>"]]}\n' \
    $D $D | raw >/dev/null
grep -q 'client=.* helo=- from=<a@bank.dmarc.example> .*results=.*dmarc=pass' "$MILTER_LOG"
ok $? "LogFormat text (the default): the key=value line, helo=- when none"
done_testing
