#!/bin/sh
# authres-cli.sh - the authres command keeps its contract (design.md,
# authres(1)): exact JSON from parse, --lines with per-line errors,
# --lenient, format from that JSON, exit codes and messages, and a
# format -> parse round trip through the command.
. "$top_srcdir/t/lib/common.sh"
AR="$top_builddir/authres"
[ -x "$AR" ] || bail_out "$AR is not built"

# run IN ARGS...: sets out, err, rc
run() {
	printf '%b' "$1" >"$T_TMP/in"
	shift
	"$AR" "$@" <"$T_TMP/in" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	out=$(cat "$T_TMP/out")
	err=$(cat "$T_TMP/err")
}

run 'Authentication-Results: example.org;\r\n\tspf=pass smtp.mailfrom=a@b.example\r\n' parse
is "$rc" 0 "parse: a folded field with its name exits 0"
is "$out" '{"authserv_id": "example.org", "results": [{"method": "spf", "result": "pass", "properties": [{"ptype": "smtp", "property": "mailfrom", "value": "a@b.example"}]}]}' \
    "parse: exact JSON"

run 'Example.ORG 1; DKIM/1=Pass reason="good \\"sig\\" \\\\ ok" (comment dropped) header.d=example.com header.b="AbC/d+"; spf=fail smtp.mailfrom="j\303\266rg@x.example"' parse
is "$out" '{"authserv_id": "Example.ORG", "version": 1, "results": [{"method": "dkim", "method_version": 1, "result": "pass", "reason": "good \"sig\" \\ ok", "properties": [{"ptype": "header", "property": "d", "value": "example.com"}, {"ptype": "header", "property": "b", "value": "AbC/d+"}]}, {"method": "spf", "result": "fail", "properties": [{"ptype": "smtp", "property": "mailfrom", "value": "jörg@x.example"}]}]}' \
    "parse: versions, reason, names lower-cased, comments dropped, JSON escapes, UTF-8 kept"

run 'example.org; none' parse
is "$out" '{"authserv_id": "example.org", "results": []}' 'parse: none gives "results": []'

run 'example.org; spf' parse
is "$rc" 1 "parse: a syntax error exits 1"
is "$out" "" "parse: a syntax error prints no JSON"
like "$err" '^authres: [0-9]+: .+' "parse: the error is 'authres: COLUMN: WHAT'"

ms='spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; dmarc=pass action=none header.from=example.com'
run "$ms" parse
is "$rc" 1 "parse: strict by default (no authserv-id is refused)"
run "$ms" parse --lenient
is "$rc" 0 "parse --lenient: accepts a field without authserv-id"
is "$out" '{"results": [{"method": "spf", "result": "pass", "properties": [{"ptype": "smtp", "property": "mailfrom", "value": "example.com"}]}, {"method": "dmarc", "result": "pass", "properties": [{"ptype": "", "property": "action", "value": "none"}, {"ptype": "header", "property": "from", "value": "example.com"}]}]}' \
    "parse --lenient: no authserv_id member, bare word=value kept"

run 'example.org; none\r\nnot a field\nexample.org; auth=pass smtp.auth=x\n' parse --lines
is "$rc" 1 "parse --lines: exit 1 when a line failed"
is "$out" '{"authserv_id": "example.org", "results": []}
{"error": "5: expected '"';'"' after authserv-id"}
{"authserv_id": "example.org", "results": [{"method": "auth", "result": "pass", "properties": [{"ptype": "smtp", "property": "auth", "value": "x"}]}]}' \
    "parse --lines: one object per line, an error object, and the run goes on"

run 'example.org; none\nexample.net; none\n' parse --lines
is "$rc" 0 "parse --lines: exit 0 when every line parsed"

run '{"authserv_id": "example.org", "version": 1, "results": [{"method": "dkim", "method_version": 1, "result": "pass", "reason": "a b", "properties": [{"ptype": "header", "property": "d", "value": "ex\\u00e4mple \\ud83d\\ude00"}]}]}' format
is "$rc" 0 "format: exits 0"
is "$out" 'Authentication-Results: example.org 1; dkim/1=pass reason="a b"
	header.d="exämple 😀"' "format: exact folded field, \\u escapes and a surrogate pair as UTF-8"

run '{"authserv_id": "example.org", "results": []}' format
is "$out" "Authentication-Results: example.org; none" "format: no results is none"

run '{"authserv_id": "x", "results": [}' format
is "$rc" 1 "format: bad JSON exits 1"
is "$err" "authres: column 34: unexpected character" "format: bad JSON names its column"
run '{"authserv_id": "x", "results": [], "extra": 1}' format
is "$rc" 1 "format: an unknown member is refused"
run '{"authserv_id": "x", "results": [{"method": "spf", "result": "pass", "properties": [{"ptype": "smtp", "property": "mail from", "value": "v"}]}]}' format
is "$rc" 1 "format: a property name that is not a keyword is refused"
run '{"authserv_id": "x", "version": 1.5, "results": []}' format
is "$rc" 1 "format: a fraction is refused"
run '{"authserv_id": "x", "results": []} {}' format
is "$rc" 1 "format: trailing data is refused"
run '{"authserv_id": "x\\ud800", "results": []}' format
is "$rc" 1 "format: a lone surrogate is refused"
run '{"authserv_id": "x\\u0000", "results": []}' format
is "$rc" 1 'format: \u0000 is refused'
run "$(printf '%040d' 0 | sed 's/0/[/g')" format
like "$err" 'nested deeper than 32' "format: nesting is capped"

# keys "k0": 1, ... "k<n-1>": 1 as one object, then what follows
keys() {
	awk -v n="$1" 'BEGIN { printf "{"; for (i = 0; i < n; i++)
	    printf "%s\"k%d\": 1", (i ? ", " : ""), i }'
}
{ keys 256; printf '}'; } >"$T_TMP/in"
"$AR" format <"$T_TMP/in" >/dev/null 2>"$T_TMP/err"
is "$(cat "$T_TMP/err")" "authres: unknown member at top level" \
    "format: an object of 256 members is read whole"
{ keys 255; printf ', "k7": 1}'; } >"$T_TMP/in"
"$AR" format <"$T_TMP/in" >/dev/null 2>"$T_TMP/err"
like "$(cat "$T_TMP/err")" '^authres: column [0-9]+: duplicate key "k7"$' \
    "format: a duplicate as member 256 is found"
{ keys 257; printf '}'; } >"$T_TMP/in"
col=$(( $(keys 256 | wc -c) + 3 ))
"$AR" format <"$T_TMP/in" >/dev/null 2>"$T_TMP/err"
rc=$?
is "$rc" 1 "format: an object of 257 members exits 1"
is "$(cat "$T_TMP/err")" \
    "authres: column $col: object has more than 256 members" \
    "format: members per object are capped, with the column of the one too many"
# 80000 keys once took minutes (a quadratic duplicate check): now the cap
# stops them at member 257 whatever follows
{ keys 80000; printf '}'; } >"$T_TMP/in"
"$AR" format <"$T_TMP/in" >/dev/null 2>"$T_TMP/err"
is "$(cat "$T_TMP/err")" \
    "authres: column $col: object has more than 256 members" \
    "format: 80000 members stop at the cap"

# a string costs memory as long as itself, not the rest of the input: a
# 1 MB array of short strings once needed ~850 MB; it must now be read
# whole within 256 MB of address space (not under ASan, which reserves
# terabytes of it)
awk 'BEGIN { printf "["; for (i = 0; i < 209715; i++)
    printf "%s\"ab\"", (i ? "," : ""); printf "]" }' >"$T_TMP/in"
case ${SAN_CFLAGS:-} in
*sanitize*)
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - format: 1 MB of strings in 256 MB # SKIP sanitizer build"
	;;
*)
	(ulimit -v 262144 && "$AR" format <"$T_TMP/in" >/dev/null \
	    2>"$T_TMP/err")
	is "$(cat "$T_TMP/err")" "authres: not a JSON object" \
	    "format: 1 MB of strings is read whole within 256 MB"
	;;
esac

run '{"authserv_id": "example.org", "results": []}\n{"authserv_id": "example.net", "results": []}\n' format --lines
is "$out" "Authentication-Results: example.org; none
Authentication-Results: example.net; none" "format --lines: one field per object"

# format -> parse -> format through the command
field='Authentication-Results: mx.example.org; dkim=pass reason="x \\"y\\"" header.d=example.com header.i=@example.com header.b=AbCdEfGh; spf=softfail smtp.mailfrom="odd addr@example.net"; iprev=pass policy.iprev="2001:db8::1"; x-custom=neutral x.y=z'
run "$field" parse
json1=$out
printf '%s' "$json1" | "$AR" format >"$T_TMP/field2"
rc=$?
is "$rc" 0 "round trip: format takes parse's JSON"
json2=$("$AR" parse <"$T_TMP/field2")
is "$json2" "$json1" "round trip: parse(format(parse(x))) == parse(x)"

run '' --version
like "$out" '^authres [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"
run '' --help
is "$rc" 0 "--help exits 0"
run '' bogus
is "$rc" 1 "an unknown command exits 1"
like "$err" '^usage:' "an unknown command prints the usage"
run '' parse --bogus
is "$rc" 1 "an unknown option exits 1"
done_testing
