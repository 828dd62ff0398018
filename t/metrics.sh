#!/bin/sh
# metrics.sh - MetricsSocket against the running daemon: bench/milterload
# sends a known mix (DMARC pass, fail and rejected by a rule, forged
# fields) while /metrics is scraped; every scrape is valid text exposition
# format (promtool check metrics when installed, and a strict parser
# here), and at the end the counters add up to what was sent: messages,
# connections, results per method, the rule's rejects, forged fields, DNS
# lookups and histograms consistent with their counts.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
LOAD=$top_builddir/bench/milterload
[ -x "$LOAD" ] || bail_out "no $LOAD (make builds it)"
nsd_start "$top_srcdir/t/zones/dmarcmilter" broken.example
D=dmarc.example

# the corpus: pass, fail (rejected by the rule), pass with 2 forged fields
C=$T_TMP/corpus
mkdir -p "$C" || bail_out "mkdir"
printf 'From: <a@bank.%s>\r\nSubject: pass\r\n\r\nHi.\r\n' $D >"$C/pass.eml"
printf 'From: <a@bank.%s>\r\nSubject: fail\r\n\r\nHi.\r\n' $D >"$C/fail.eml"
printf 'Authentication-Results: test.example; spf=pass\r\nAuthentication-Results: test.example; dkim=pass\r\nFrom: <a@bank.%s>\r\nSubject: forged\r\n\r\nHi.\r\n' \
    $D >"$C/forged.eml"
{
	echo "192.0.2.10 mail.$D a@bank.$D r@test.example pass.eml"
	echo "192.0.2.66 mail.$D a@bank.$D r@test.example fail.eml"
	echo "192.0.2.10 mail.$D a@bank.$D r@test.example forged.eml"
} >"$C/manifest"

MPORT=$(free_port)
MILTER_DNS_TIMEOUT=2s milter_start "MetricsSocket inet:$MPORT@127.0.0.1" \
    'PolicyRule reject dmarc=fail policy=reject'
rule=$(grep -n '^PolicyRule' "$T_TMP/milter.conf" | cut -d: -f1)
grep -q "metrics on inet:$MPORT@127.0.0.1 at /metrics" "$MILTER_LOG"
ok $? "the log says where the metrics are"

scrape() {
	/usr/bin/python3 - "$MPORT" "$1" <<'PY'
import sys, urllib.request
port, path = sys.argv[1], sys.argv[2]
try:
    r = urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, path), timeout=5)
    sys.stdout.write("STATUS %d %s\n" % (r.status, r.headers["Content-Type"]))
    sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    print("STATUS %d" % e.code)
PY
}

# check FILE - the exposition format, strictly: HELP/TYPE before samples,
# names and labels well formed, values numbers, histograms cumulative with
# +Inf equal to _count; prints what is wrong
check() {
	/usr/bin/python3 - "$1" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[0].startswith("STATUS 200 text/plain; version=0.0.4"), lines[0]
assert lines[-1] == "", "no final newline"
name_re = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
sample = re.compile(r"^(%s)(\{(%s=\"(?:[^\"\\\n]|\\.)*\")(,%s=\"(?:[^\"\\\n]|\\.)*\")*\})? (\S+)$"
                    % (name_re, name_re, name_re))
types, seen, hist = {}, set(), {}
for l in lines[1:-1]:
    if l.startswith("# HELP "):
        continue
    if l.startswith("# TYPE "):
        _, _, n, t = l.split(" ")
        assert n not in types, "TYPE twice: " + n
        types[n] = t
        continue
    m = sample.match(l)
    assert m, "bad sample: " + l
    n, v = m.group(1), m.group(5)
    float(v)
    base = re.sub(r"_(bucket|sum|count)$", "", n)
    fam = n if n in types else base
    assert fam in types, "no TYPE before " + l
    if types[fam] == "counter":
        assert n.endswith("_total") and float(v) >= 0, l
    if types[fam] == "histogram":
        labels = re.sub(r',?le="[^"]*"', "", m.group(2) or "").replace("{,", "{")
        labels = "" if labels == "{}" else labels
        h = hist.setdefault((fam, labels), {"b": [], "count": None})
        if n.endswith("_bucket"):
            h["b"].append(float(v))
        elif n.endswith("_count"):
            h["count"] = float(v)
for (fam, labels), h in hist.items():
    assert h["b"] == sorted(h["b"]), "buckets not cumulative: %s%s" % (fam, labels)
    assert h["b"] and h["b"][-1] == h["count"], "+Inf != _count: %s%s" % (fam, labels)
PY
}

N=300
"$LOAD" -s "inet:$MILTER_PORT@127.0.0.1" -m "$C/manifest" -c 4 -n $N -r -1 \
    >"$T_TMP/load.out" 2>&1 &
load_pid=$!
i=0
bad=0
while kill -0 $load_pid 2>/dev/null && [ $i -lt 100 ]; do
	scrape /metrics >"$T_TMP/during.txt"
	check "$T_TMP/during.txt" >"$T_TMP/check.out" 2>&1 || bad=$((bad + 1))
	i=$((i + 1))
	sleep 0.05
done
wait $load_pid
ok $? "milterload sent $N messages: $(cat "$T_TMP/load.out")"
[ $i -gt 0 ] && [ $bad -eq 0 ]
ok $? "$i scrapes during the run, each valid exposition format"
[ $bad -eq 0 ] || sed 's/^/# /' "$T_TMP/check.out"

scrape /metrics >"$T_TMP/after.txt"
check "$T_TMP/after.txt" 2>&1 | sed 's/^/# /'
check "$T_TMP/after.txt" >/dev/null 2>&1
ok $? "the scrape after the run is valid exposition format"
PROMTOOL=$(command -v promtool || echo /var/cache/authmilter-ci/prometheus/root/usr/bin/promtool)
if [ -x "$PROMTOOL" ]; then
	sed 1d "$T_TMP/after.txt" | "$PROMTOOL" check metrics >"$T_TMP/promtool.out" 2>&1
	ok $? "promtool check metrics accepts it"
	sed 's/^/# promtool: /' "$T_TMP/promtool.out"
else
	ok 0 "promtool not installed: the parser above checked it # SKIP"
fi

val() { awk -v k="$1" '$1 == k { print $2 }' "$T_TMP/after.txt"; }
sum() { awk -v p="$1" 'index($1, p) == 1 { s += $2 } END { print s + 0 }' "$T_TMP/after.txt"; }
is "$(val authmilter_messages_total)" "$N" "messages_total is the $N sent"
is "$(val authmilter_messages_in_progress)" 0 "... none in progress after"
is "$(val authmilter_connections_in_progress)" 0 "... nor a connection"
is "$(val authmilter_connections_total)" "$N" \
    "connections_total: one per message (milterload -1)"
for m in iprev dkim arc dmarc; do
	is "$(sum "authmilter_results_total{method=\"$m\"")" "$N" \
	    "results for $m add up to $N"
done
is "$(sum 'authmilter_results_total{method="spf"')" $((2 * N)) \
    "results for spf add up to 2 x $N (MAIL FROM and HELO)"
is "$(val 'authmilter_results_total{method="dmarc",result="fail"}')" $((N / 3)) \
    "dmarc=fail for the third sent from 192.0.2.66"
is "$(val "authmilter_policy_actions_total{action=\"reject\",rule=\"$rule\",dry_run=\"0\"}")" \
    $((N / 3)) "the rule on line $rule rejected each of them"
is "$(val authmilter_forged_fields_removed_total)" $((2 * N / 3)) \
    "forged fields: 2 in each of $((N / 3)) messages"
is "$(val authmilter_eom_wait_seconds_count)" "$N" "an end-of-message wait per message"
q=$(sum 'authmilter_dns_queries_total{')
[ "$q" -gt 0 ] && [ "$q" -eq "$(sum 'authmilter_dns_latency_seconds_count{')" ]
ok $? "DNS lookups ($q) each in the latency histogram"
h=$(val authmilter_dns_cache_hits_total)
[ "$h" -gt "$q" ]
ok $? "the cache answered most lookups ($h hits, $q went out)"
like "$(grep '^authmilter_build_info' "$T_TMP/after.txt")" '^authmilter_build_info\{version="[^"]+"\} 1$' \
    "build info with the version"
like "$(scrape /other | head -1)" '^STATUS 404' "another path: 404"
milter_stop

MILTER_DNS_TIMEOUT=1s milter_start "MetricsSocket inet:$MPORT@127.0.0.1"
out=$("$top_builddir/authmilter" -f -c "$T_TMP/milter.conf" -p "inet:$(free_port)@127.0.0.1" 2>&1)
rc=$?
[ $rc -ne 0 ]
ok $? "a second daemon on the same MetricsSocket refuses to start"
like "$out" "MetricsSocket cannot listen on inet:$MPORT@127.0.0.1" "... and says why"
done_testing
