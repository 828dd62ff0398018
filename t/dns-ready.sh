#!/bin/sh
# dns-ready.sh - dns_query_ready() says whether a join would wait: false
# while the answer is on its way, true once it has arrived (and the join
# then hands over that answer), true at once for a cache hit, and never
# true for a truncated answer, whose TCP retry is left to the join.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/hostile.sh"
dnsq() { $DNS_TEST_WRAP "$top_builddir/t/dnsq" "$@"; }

hostile_start slow truncated

out=$(dnsq -R -T -t 2000 -s "127.0.0.1@$(hostile_port slow)" x.slow.example/A \
    x.slow.example/A)
is "$(printf '%s\n' "$out" | sed -n 1p | cut -d' ' -f1-3)" \
    'ready start=0 later=1' \
    "an answer 300 ms away: not ready at start, ready once it arrived"
ms=$(printf '%s\n' "$out" | sed -n 1p | sed 's/.* ms=//')
[ "$ms" -ge 250 ] && [ "$ms" -lt 1500 ]
ok $? "ready no earlier than the answer (after $ms ms)"
is "$(printf '%s\n' "$out" | sed -n 2p | cut -d' ' -f2-3,7-)" \
    'x.slow.example/A ok count=1 detail="1 record"' \
    "the join after ready hands over the answer"
jms=$(printf '%s\n' "$out" | sed -n 2p | sed 's/^ms=\([0-9]*\) .*/\1/')
[ "$jms" -lt $((ms + 100)) ]
ok $? "the join after ready does not wait again ($ms then $jms ms)"
is "$(printf '%s\n' "$out" | sed -n 4p | cut -d' ' -f1-3)" \
    'ready start=1 later=1' "a cache hit is ready at once"

out=$(dnsq -R -t 400 -s "127.0.0.1@$(hostile_port truncated)" x.tc.example/A)
is "$(printf '%s\n' "$out" | sed -n 1p)" 'ready start=0 later=0' \
    "a truncated answer is not ready: the join retries over TCP"
like "$(printf '%s\n' "$out" | sed -n 2p)" '^x.tc.example/A tempfail .*tcp' \
    "the join then tries TCP (refused here): tempfail"
done_testing
