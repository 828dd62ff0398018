#!/bin/sh
# reload.sh - SIGUSR1 reloads the config under load: messages keep
# flowing (none tempfailed or dropped); a changed PolicyRule applies to
# connections made after the reload while one in progress finishes on the
# rule it started with; a file with a syntax error changes nothing and its
# file:line error is logged; a changed Socket is named and ignored. Under
# a sanitizer build the daemon must exit clean (old snapshots freed).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
nsd_start "$top_srcdir/t/zones/slow"
raw() { /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT"; }
sig=' v=1; a=rsa-sha256; c=relaxed/relaxed; d=slow.example; s=sel; h=from:subject; bh=frEE4Fb7a9Fkl/2fjW0B6lv6KuoWBnTtmPULiJkk9hk=; b=dGVzdA=='
# spec EXTRA-JSON - one message from 192.0.2.30 signed (badly) by slow.example
spec() {
	printf '{"ip": "192.0.2.30", "helo": "mail.slow.example", "from": "<a@slow.example>", "headers": [["DKIM-Signature", "%s"], ["From", " <a@slow.example>"], ["Subject", " hi"]], "body": "hello\\r\\n"%s}\n' \
	    "$sig" "$1"
}
verdict() { spec "${1:-}" | raw | tail -1; }
# reload - SIGUSR1, then wait until the log has one more reload line
reload() {
	_n=$(grep -c 'reload \(ok\|failed\)' "$MILTER_LOG")
	kill -USR1 "$MILTER_PID"
	_i=0
	while [ "$(grep -c 'reload \(ok\|failed\)' "$MILTER_LOG")" -le "$_n" ]; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || bail_out "no reload line after SIGUSR1"
		sleep 0.1
	done
}

milter_start 'PolicyRule reject dkim=fail d=other.example'
CONF=$T_TMP/milter.conf
# a reload reads the file as UserID (nobody when run as root)
chmod a+rx "$T_TMP" && chmod a+r "$CONF" || bail_out "chmod $T_TMP"
is "$(verdict)" "REPLY a" "before the reload: the rule for other.example does not match"

# load: messages back to back until told to stop, each verdict logged
: >"$T_TMP/load.out"
(
	while [ ! -e "$T_TMP/stop" ]; do
		spec "" | raw | tail -1 >>"$T_TMP/load.out"
	done
) &
LOAD=$!
t_at_exit "touch $T_TMP/stop; kill $LOAD 2>/dev/null"
sleep 1
# a slow message that starts before the reload
spec ', "pause": {"connect": 2}' | raw | tail -1 >"$T_TMP/slow.out" &
SLOW=$!
sleep 0.5

sed 's/d=other.example/d=slow.example/' "$CONF" >"$CONF.new" && mv "$CONF.new" "$CONF"
reload
like "$(cat "$MILTER_LOG")" "reload ok: $CONF" "reload ok is logged with the file"
is "$(verdict)" "REPLY y" "after the reload: the new rule rejects"
wait "$SLOW"
is "$(cat "$T_TMP/slow.out")" "REPLY a" \
    "a connection made before the reload finishes on the old rule"
freed() { grep -c 'configuration snapshot freed' "$MILTER_LOG"; }
i=0
while [ "$(freed)" -lt 1 ] && [ "$i" -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
is "$(freed)" 1 "the old snapshot is freed once its last connection closed"

printf 'DNSTimeout\n' >>"$CONF"
line=$(wc -l <"$CONF")
reload
like "$(cat "$MILTER_LOG")" "reload failed, running on the old configuration: $CONF:$line: " \
    "a syntax error: reload failed with file:line"
is "$(verdict)" "REPLY y" "after the broken file: the rule in force still rejects"

sed '$d; s/^Socket .*/Socket inet:1@127.0.0.1/' "$CONF" >"$CONF.new" && mv "$CONF.new" "$CONF"
reload
like "$(cat "$MILTER_LOG")" "reload: Socket changed \\(inet:$MILTER_PORT@127.0.0.1 -> inet:1@127.0.0.1\\): kept until a restart" \
    "a Socket change is named and kept"
is "$(verdict)" "REPLY y" "after the Socket change: still serving on the old socket"
is "$(grep -c 'reload ok' "$MILTER_LOG")" "2" \
    "the Socket change reload still succeeded"

touch "$T_TMP/stop"
wait "$LOAD"
total=$(wc -l <"$T_TMP/load.out")
bad=$(grep -cv '^REPLY [ay]$' "$T_TMP/load.out")
ok "$([ "$total" -ge 10 ] && [ "$bad" -eq 0 ] && echo 0 || echo 1)" \
    "under load: $total messages, $bad tempfailed, dropped or odd"
is "$(grep -c '^REPLY y$' "$T_TMP/load.out" | sed 's/^[1-9][0-9]*$/some/')" "some" \
    "the load saw the new rule too"
is "$(freed)" 2 "both replaced snapshots freed, the one in force kept"

# LogLevel takes effect at a reload: err silences the per-message lines
sed 's/^LogLevel .*/LogLevel err/' "$CONF" >"$CONF.new" && mv "$CONF.new" "$CONF"
reload
sleep 0.2 # the level changes just after the "reload ok" line
mark=$(wc -l <"$MILTER_LOG")
verdict >/dev/null
sleep 0.3
is "$(tail -n +$((mark + 1)) "$MILTER_LOG" | grep -c 'info:\|debug:')" 0 \
    "after a reload to LogLevel err: no info or debug line for a message"
sed 's/^LogLevel .*/LogLevel debug/' "$CONF" >"$CONF.new" && mv "$CONF.new" "$CONF"
reload
sleep 0.2 # the level changes just after the "reload ok" line
mark=$(wc -l <"$MILTER_LOG")
verdict >/dev/null
sleep 0.3
ok "$([ "$(tail -n +$((mark + 1)) "$MILTER_LOG" | grep -c 'debug:')" -gt 0 ]; echo $?)" \
    "... and back to debug: debug lines again"
milter_stop
like "$(tail -3 "$MILTER_LOG")" 'info: stopped$' \
    "SIGTERM still stops it through libmilter (not killed in our thread)"
san=$(grep -c 'Sanitizer\|runtime error' "$MILTER_LOG")
is "$san" 0 "no sanitizer report at exit (old snapshots freed)"
[ "$san" -eq 0 ] || sed 's/^/# /' "$MILTER_LOG" | grep -A20 Sanitizer | head -40
done_testing
