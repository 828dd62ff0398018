#!/bin/sh
# dns-time.sh - the resolver's time model: an answer that arrived is used
# however late it is joined (a slow SMTP client cannot turn it into a
# timeout); a lookup times out only after every attempt had its share on
# the wire; a timeout is never cached; a check's budget bounds the time
# its joins wait, all lookups together.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/hostile.sh"
dnsq() { $DNS_TEST_WRAP "$top_builddir/t/dnsq" "$@"; }

hostile_start slow silent
slow=$(hostile_port slow)
silent=$(hostile_port silent)
# line N OUT - line N of OUT without the ms= prefix
line() { printf '%s\n' "$2" | grep -v '^	' | sed -n "$1p" | sed 's/^ms=[0-9]* //'; }
ms() { printf '%s\n' "$2" | grep -v '^	' | sed -n "$1p" | sed -n 's/^ms=\([0-9]*\) .*/\1/p'; }

# -P starts every lookup first; sleep: then stands for the client's pause
out=$(dnsq -T -P -S -t 1000 -s "127.0.0.1@$slow" x.slow.example/A sleep:2500)
is "$(line 1 "$out" | cut -d' ' -f1-2,6-)" 'x.slow.example/A ok count=1 detail="1 record"' \
    "an answer that came 300 ms in is used when joined 2.5 s later (timeout 1 s)"
like "$(line 2 "$out")" '^stats queries=1 ' "... from the one packet sent, no retry"

out=$(dnsq -T -R -t 1000 -s "127.0.0.1@$slow" y.slow.example/A)
is "$(printf '%s\n' "$out" | head -1 | cut -d' ' -f1-3)" 'ready start=0 later=1' \
    "ready() reports it once it is there"

out=$(dnsq -T -P -S -t 1000 -s "127.0.0.1@$silent" x.silent.example/A sleep:2500)
el=$(ms 1 "$out")
is "$(line 1 "$out" | cut -d' ' -f2)" tempfail "a silent server is still a timeout when joined late"
ok $((${el:-0} < 2900 || ${el:-0} > 3400)) \
    "... after the late join gave the second try its 500 ms share (${el} ms from the start)"
like "$(line 2 "$out")" '^stats queries=2 ' "... two tries in all (retries 2)"

out=$(dnsq -S -t 400 -s "127.0.0.1@$silent" z.silent.example/A z.silent.example/A)
is "$(line 1 "$out" | cut -d' ' -f2,5) / $(line 2 "$out" | cut -d' ' -f2,5)" \
    'tempfail cache=0 / tempfail cache=0' "a timeout is not cached: the next message asks again"
like "$(line 3 "$out")" '^stats queries=4 ' "... with packets of its own"

out=$(dnsq -T -S -B 300 -t 2000 -s "127.0.0.1@$silent" a.silent.example/A b.silent.example/A)
is "$(line 1 "$out" | cut -d' ' -f2,7-)" 'tempfail detail="time limit of 300 ms for the check reached"' \
    "a check's budget ends a join before the lookup's own timeout"
el=$(ms 1 "$out")
ok $((${el:-0} < 280 || ${el:-0} > 900)) "... after about 300 ms (${el} ms)"
el=$(ms 2 "$out")
is "$(line 2 "$out" | cut -d' ' -f2)" tempfail "the spent budget ends the next join at once"
ok $((${el:-999} > 100)) "... without waiting (${el} ms)"
out=$(dnsq -S -B 300 -t 2000 -s "127.0.0.1@$silent" a.silent.example/A a.silent.example/A)
is "$(line 2 "$out" | cut -d' ' -f5)" 'cache=0' "a budget's end is never cached"

out=$(dnsq -T -P -B 100 -t 2000 -s "127.0.0.1@$slow" p.slow.example/A sleep:600)
is "$(line 1 "$out" | cut -d' ' -f2)" ok "an answer already here costs no budget, however small"
done_testing
