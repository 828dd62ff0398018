#!/bin/sh
# hostile-milter.sh - hostile input through the running daemon: control,
# quote and 8-bit octets in HELO, MAIL FROM and fields, raw NULs; 10 000
# fields; a 50 MB body; 1 000 DKIM signatures; 60 KB and 120 KB
# Authentication-Results fields; connections cut after every stage
# (t/milter/hostile.lua under miltertest, t/milter-raw.py for what
# miltertest cannot send). Each ends in a clean verdict or a dropped
# connection, the field we insert parses back (authres parse) as one field
# with one result per check, the daemon keeps serving, memory is bounded.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
miltertest_require

nsd_start_files "$top_srcdir"/t/zones/hostile/*.zone
milter_start

rss() {	# rss - the daemon's VmRSS in kB
	awk '/^VmRSS:/ { print $2 }' "/proc/$MILTER_PID/status"
}

run() {	# run CASE [NAME=VALUE...]: hostile.lua's output in $out, status $rc
	_case=$1
	shift
	out=$(miltertest_run "$top_srcdir/t/milter/hostile.lua" \
	    srcdir="$top_srcdir" case="$_case" "$@")
	rc=$?
}

raw() {	# raw <SPEC-JSON: t/milter-raw.py's output in $out; $rc is 0
	# when the message was accepted
	out=$(/usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -q '^REPLY a$' || rc=1
}

ar_spec() {	# ar_spec N ID...: JSON, one field of N results per ID
	/usr/bin/python3 - "$@" <<'PY'
import json, sys
n = int(sys.argv[1])
v = ' x-m=pass reason="%s";' % ("r" * 60) * n
h = [["Authentication-Results", " %s;%s" % (i, v)] for i in sys.argv[2:]]
print(json.dumps({"headers": h + [["From", " a"]]}))
PY
}

# counts - the field in $out, parsed back: "iprev=N spf=N dkim=N arc=N
# dmarc=N other=N",
# or "unparseable"; the field is left in $T_TMP/field
counts() {
	printf '%s\n' "$out" | sed -n '/AR<</,/>>AR/p' |
	    sed 's/^.*AR<<//; s/>>AR.*$//' >"$T_TMP/field"
	"$top_builddir/authres" parse <"$T_TMP/field" >"$T_TMP/json" 2>&1 ||
	    { echo unparseable; return; }
	/usr/bin/python3 - "$T_TMP/json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = {"iprev": 0, "spf": 0, "dkim": 0, "arc": 0, "dmarc": 0, "other": 0}
for x in r["results"]:
    c[x["method"] if x["method"] in c else "other"] += 1
print(" ".join("%s=%d" % (k, c[k])
               for k in ("iprev", "spf", "dkim", "arc", "dmarc", "other"))
      + ("" if r["authserv_id"] == "test.example" else " id=" + r["authserv_id"]))
PY
}

# one_field - every line after the first is a fold (starts with a tab),
# no CR: what we insert cannot start a second field
one_field() {
	! grep -q "$(printf '\r')" "$T_TMP/field" &&
	    ! tail -n +2 "$T_TMP/field" | grep -qv "$(printf '^\t')"
}

alive() {	# alive DESCRIPTION: the daemon serves the next connection
	_o=$out
	run good
	ok $rc "$1"
	[ $rc -eq 0 ] || diag "$out"
	out=$_o
}

check() {	# check WANT-COUNTS DESCRIPTION: after run or raw
	ok $rc "$2: clean verdict"
	[ $rc -eq 0 ] || diag "$out"
	is "$(counts)" "$1" "$2: our field parses back, one result per check"
	one_field
	ok $? "$2: our field is one field (folds only, no CR)"
}

run chars
check "iprev=1 spf=2 dkim=1 arc=1 dmarc=1 other=1" \
    "CR, LF, ';', quotes, parentheses, NUL, 8-bit in HELO, MAIL FROM, fields"
alive "hostile octets: the daemon still serves"
raw <<'EOF'
{"helo": "h\u0000\u00ff;(\"", "from": "<a\u0000b@hostile.example>",
 "headers": [["From", " a\u0000b\u00ff\r\nX: y"],
 ["Authentication-Results", " test.example\u0000; spf=pass"]]}
EOF
like "$out" "REPLY a" "raw NULs inside HELO, MAIL FROM and a field: accepted"
check "iprev=1 spf=2 dkim=1 arc=1 dmarc=1 other=0" "raw NULs"

run headers
check "iprev=1 spf=2 dkim=1 arc=1 dmarc=1 other=0" "10 000 header fields"
alive "10 000 fields: the daemon still serves"

before=$(rss)
run body
after=$(rss)
check "iprev=1 spf=2 dkim=1 arc=1 dmarc=1 other=0" "a 50 MB body in 64 KB chunks"
like "$out" "CHUNKS 800" "the 50 MB body was read to the end (DKIM body hash)"
grow=$((after - before))
[ "$grow" -lt 102400 ]
ok $? "VmRSS grew by less than 100 MB over the 50 MB body ($before -> $after kB)"
alive "50 MB body: the daemon still serves"

# 5 verified, then at most 10 reported as not verified and one result
# counting the other 985 (src/dkim)
/usr/bin/python3 - >"$T_TMP/spec" <<'PY'
import json
sig = (" v=1; a=rsa-sha256; c=relaxed/relaxed; d=hostile.example; s=sel;"
       " h=from; bh=frEE4Fb7a9Fkl/2fjW0B6lv6KuoWBnTtmPULiJkk9hk=; b=dGVzdA==")
h = [["DKIM-Signature", sig]] * 1000 + [["From", " a@hostile.example"]]
print(json.dumps({"headers": h}))
PY
raw <"$T_TMP/spec"
check "iprev=1 spf=2 dkim=16 arc=1 dmarc=1 other=0" "1 000 DKIM signatures"
alive "1 000 signatures: the daemon still serves"

ar_spec 800 test.example other.example >"$T_TMP/spec"
raw <"$T_TMP/spec"
check "iprev=1 spf=2 dkim=1 arc=1 dmarc=1 other=0" "60 KB forged and foreign Authentication-Results"
ar_spec 1600 test.example >"$T_TMP/spec"
raw <"$T_TMP/spec"
check "iprev=1 spf=2 dkim=1 arc=1 dmarc=1 other=0" \
    "a 120 KB forged field (over libmilter's default 64 KB packet limit)"
alive "120 KB field: the daemon still serves"

for n in 1 2 3 4 5 6 7 8; do
	run cut n=$n
	ok $rc "connection cut after stage $n: the next connection is served"
	[ $rc -eq 0 ] || diag "$out"
done
kill -0 "$MILTER_PID" 2>/dev/null
ok $? "the daemon is still running"
done_testing
