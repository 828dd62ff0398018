#!/bin/sh
# chroot.sh - Chroot: the daemon, started as root, confines itself to an
# empty directory after opening its socket and reading its files, then
# switches to UserID; it still answers a message with the field (DNS from
# Nameservers, so no resolv.conf is needed inside), /proc/PID/root is
# that directory, and a reload whose file is not inside it fails with a
# log line naming the Chroot and changes nothing. Needs root (as in CI).
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
[ "$(id -u)" -eq 0 ] || skip_all "needs root to chroot"
nsd_start "$top_srcdir/t/zones/slow"
jail=$(mktemp -d "$T_TMP/jail.XXXXXX") || bail_out "mktemp"
chmod 755 "$jail"
field() {
	awk '/^AR<</ { f = 1 } f { printf "%s", $0 } />>AR$/ { f = 0 }' |
	    tr '\t' ' ' | sed 's/>>AR/\n/g; s/AR<<//g' | tr -d '\n'
}
msg='{"ip": "192.0.2.30", "helo": "mail.slow.example", "from": "<a@slow.example>", "headers": [["From", " <a@slow.example>"], ["Subject", " hi"]], "body": "hello\r\n"}'

milter_start "Chroot $jail"
is "$(readlink "/proc/$MILTER_PID/root")" "$jail" "/proc/PID/root is the Chroot directory"
is "$(ls -A "$jail")" "" "nothing was put inside it"
out=$(printf '%s\n' "$msg" | /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT" | field)
like "$out" '^test\.example; iprev=fail .*spf=fail smtp\.mailfrom=a@slow\.example' \
    "chrooted, it answers with the field ($out)"
kill -USR1 "$MILTER_PID"
i=0
until grep -q 'reload failed' "$MILTER_LOG" || [ "$i" -ge 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
like "$(grep 'reload failed' "$MILTER_LOG")" "$T_TMP/milter.conf: No such file or directory \\(under Chroot $jail" \
    "a reload with the file outside the Chroot fails and says so"
out2=$(printf '%s\n' "$msg" | /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$MILTER_PORT" | field)
is "$out2" "$out" "after the failed reload: the same field"
milter_stop
done_testing
