#!/bin/sh
# notify.sh - systemd's notification protocol without systemd: with
# NOTIFY_SOCKET set, the daemon sends READY=1 once it listens, and around
# a SIGUSR1 reload RELOADING=1 with MONOTONIC_USEC= and then READY=1.
# Also under UserID (the socket is connected before the switch).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/milter.sh"
chmod 755 "$T_TMP"
NOTIFY_SOCKET=$T_TMP/notify
export NOTIFY_SOCKET
/usr/bin/python3 - "$NOTIFY_SOCKET" "$T_TMP/notify.out" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as out:
    while True:
        out.write(s.recv(4096).decode().replace("\n", " ") + "\n")
        out.flush()
PY
t_at_exit "kill $! 2>/dev/null"
i=0
until [ -S "$NOTIFY_SOCKET" ] || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -S "$NOTIFY_SOCKET" ] || bail_out "no listener on $NOTIFY_SOCKET"
milter_start
is "$(cat "$T_TMP/notify.out")" "READY=1 STATUS=serving" "READY=1 once the socket listens"
chmod a+r "$T_TMP/milter.conf"
kill -USR1 "$MILTER_PID"
i=0
until [ "$(wc -l <"$T_TMP/notify.out")" -ge 3 ] || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
like "$(sed -n 2p "$T_TMP/notify.out")" '^RELOADING=1 MONOTONIC_USEC=[1-9][0-9]* STATUS=reloading$' \
    "RELOADING=1 with MONOTONIC_USEC= when the reload starts"
is "$(sed -n 3p "$T_TMP/notify.out")" "READY=1 STATUS=serving" "READY=1 when it is done"
like "$(cat "$MILTER_LOG")" 'reload ok' "the reload worked"
done_testing
