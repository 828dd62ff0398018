#!/bin/sh
# dmarc-from-milter.sh - the From shapes a sender uses to make a reader
# see one domain while a verifier checks another, through the running
# daemon: a client SPF refuses for bank.dmarc.example (p=reject) sends
# each shape, and the field must either name bank's failure or refuse the
# field (permerror). A shape that gives dmarc=none or pass for a message a
# mail reader shows as from bank is the bypass this table exists to catch.
# The table: expected dmarc result, expected header.from ("-" for none),
# the From value (\r\n for a fold).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
nsd_start "$top_srcdir/t/zones/dmarcmilter" broken.example
D=dmarc.example
B=bank.$D
raw() { /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT"; }
field() {
	awk '/^AR<</ { f = 1 } f { printf "%s", $0 } />>AR$/ { f = 0 }' |
	    tr '\t' ' ' | sed 's/>>AR//; s/AR<<//'
}
# msg FROM-VALUE - one message from 192.0.2.66 with that From (python
# builds the JSON, so quotes and backslashes in the table stay intact)
msg() {
	/usr/bin/python3 -c '
import json, sys
v = sys.argv[1].replace("\\r\\n", "\r\n")
print(json.dumps({"ip": "192.0.2.66", "helo": "mail.dmarc.example",
    "from": "<a@bank.dmarc.example>",
    "headers": [["From", " " + v], ["Subject", " hi"]]}))' "$1"
}

MILTER_DNS_TIMEOUT=1s milter_start
n=0
while IFS='	' read -r want hfrom value; do
	case $want in '#'* | '') continue ;; esac
	value=$(printf '%s' "$value" | sed "s/BANK/$B/g")
	out=$(msg "$value" | raw | field)
	n=$((n + 1))
	name=$(printf '%s' "$value" | sed 's/\\r\\n/<fold>/g')
	if [ "$hfrom" = - ]; then
		like "$out" "; dmarc=$want( |\$)" "From: $name -> dmarc=$want"
	else
		hfrom=$(printf '%s' "$hfrom" | sed "s/BANK/$B/g")
		like "$out" "; dmarc=$want .*header.from=$hfrom( |\$)" \
		    "From: $name -> dmarc=$want header.from=$hfrom"
	fi
	case $out in
	*"dmarc=pass"* | *"dmarc=none header.from=$B"*)
		ok 1 "bypass: $name gave $out" ;;
	esac
done <<'TABLE'
fail	BANK	a@BANK
fail	BANK	Alice <a@BANK>
fail	BANK	a@BANK.
fail	BANK	A@Bank.Dmarc.Example
fail	BANK	"Alice" <a@BANK>
fail	BANK	a@BANK (x@attacker.example)
fail	BANK	(x@attacker.example) a@BANK
fail	BANK	a@BANK (comment <x@attacker.example>)
fail	BANK	<(c)a@BANK(c)>
fail	BANK	team: a@BANK;
fail	BANK	undisclosed:;, a@BANK
fail	BANK	<@relay.example,@attacker.example:a@BANK>
fail	BANK	"a@attacker.example"@BANK
fail	BANK	=?utf-8?q?a=40attacker.example?= <a@BANK>
fail	BANK	Alice\r\n <a@BANK>
fail	BANK	a@BANK, B <b@BANK>
none	attacker.example	"a@BANK" <evil@attacker.example>
none	attacker.example	<@BANK:evil@attacker.example>
permerror	-	evil@attacker.example <a@BANK>
permerror	-	a@BANK <evil@attacker.example>
permerror	-	<a@BANK>, <b@attacker.example>
permerror	-	list: a@BANK, c@attacker.example;
permerror	-	undisclosed-recipients:;
permerror	-	a@BANK (open
permerror	-	a@BANK )
permerror	-	Alice <a@BANK
permerror	-	a@BANK>
permerror	-	"Alice <a@BANK>
permerror	-	list: a@BANK
permerror	-	a: b: c@BANK;;
permerror	-	a..b@BANK
permerror	-	a@[192.0.2.1]
permerror	-	a@192.0.2.66
permerror	-	=?utf-8?q?a@attacker.example?= <a@BANK>
permerror	-	a@BANK..
permerror	-	a@.BANK
permerror	-	
TABLE
[ "$n" -ge 37 ]
ok $? "all $n shapes were sent"
milter_stop
done_testing
