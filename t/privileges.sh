#!/bin/sh
# privileges.sh - authmilter never serves as root and nothing at its
# PidFile or unix socket path can redirect what it does there as root:
# UserID root, a uid-0 alias and group root are refused (exit 78, also
# with -n); a PidFile that is a symlink, a hard link or a FIFO is refused
# and its target left alone; a stale PidFile is rewritten; the unix socket
# ends up owned by UserID; a symlink at the socket path, or a symlink, a
# hard link or another socket swapped in right after the bind
# (t/lib/listen-swap.la), is neither followed nor given to UserID. Needs
# root (as in CI).
. "$top_srcdir/t/lib/common.sh"
: "${AUTHMILTER:=$top_builddir/authmilter}"
[ "$(id -u)" -eq 0 ] || skip_all "needs root to start the daemon as root"
[ -x "$AUTHMILTER" ] || bail_out "no $AUTHMILTER: build it first"
shim=$top_builddir/t/lib/.libs/listen-swap.so
[ -f "$shim" ] || bail_out "no $shim: make check builds it"
chmod 711 "$T_TMP"
# the sanitizer runtime would refuse to start after a preloaded library
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

# conf NAME LINE... - write $T_TMP/NAME.conf on a free loopback port
conf() {
	_c=$T_TMP/$1.conf
	shift
	{
		printf 'Socket inet:%s@127.0.0.1\n' "$(free_port)"
		printf 'Syslog no\nAuthservID test.example\n'
		printf '%s\n' "$@"
	} >"$_c"
	echo "$_c"
}

# run_refused CONF - run the daemon in the foreground, at most 10 s; sets
# out (its output) and rc (its exit status; 124 when it kept running)
run_refused() {
	out=$(timeout -k 2 10 "$AUTHMILTER" -f -c "$1" 2>&1)
	rc=$?
}

## UserID that is root ------------------------------------------------------

c=$(conf root 'UserID root')
run_refused "$c"
is "$rc" 78 "UserID root: refused with exit 78"
like "$out" 'UserID root: uid 0 is root' "UserID root: says why ($out)"
out=$("$AUTHMILTER" -n -c "$c" 2>&1)
is "$?" 78 "UserID root: -n says the config is bad"

c=$(conf rootgroup 'UserID nobody:root')
run_refused "$c"
is "$rc" 78 "UserID nobody:root (gid 0): refused with exit 78"
like "$out" 'gid 0 is root' "UserID nobody:root: says why ($out)"

# a uid-0 alias, seen through an /etc/passwd of our own in a mount
# namespace (nothing on the machine is changed)
if unshare -m true 2>/dev/null; then
	cp /etc/passwd "$T_TMP/passwd"
	echo 'toor:x:0:0:root alias:/root:/bin/sh' >>"$T_TMP/passwd"
	c=$(conf alias 'UserID toor')
	out=$(unshare -m sh -c 'mount --bind "$1" /etc/passwd &&
	    getent passwd toor >/dev/null || exit 99
	    exec timeout -k 2 10 "$2" -f -c "$3"' sh "$T_TMP/passwd" \
	    "$AUTHMILTER" "$c" 2>&1)
	rc=$?
	is "$rc" 78 "UserID toor (uid 0 by another name): refused with 78"
	like "$out" 'UserID toor: uid 0 is root' "UserID toor: says why ($out)"
else
	ok 0 "uid-0 alias # SKIP no mount namespace here (unshare -m)"
fi

## PidFile --------------------------------------------------------------------

pd=$T_TMP/piddir
mkdir "$pd" && chown nobody "$pd"
echo precious >"$T_TMP/victim"

ln -s "$T_TMP/victim" "$pd/symlink.pid"
run_refused "$(conf pidsym 'UserID nobody' "PidFile $pd/symlink.pid")"
is "$rc" 1 "PidFile a symlink: refused with exit 1"
like "$out" 'PidFile .*symlink' "PidFile a symlink: says why ($out)"
is "$(cat "$T_TMP/victim")" precious "PidFile a symlink: target untouched"

ln "$T_TMP/victim" "$pd/hardlink.pid"
run_refused "$(conf pidlink 'UserID nobody' "PidFile $pd/hardlink.pid")"
is "$rc" 1 "PidFile a hard link: refused with exit 1"
like "$out" 'PidFile .*one link' "PidFile a hard link: says why ($out)"
is "$(cat "$T_TMP/victim")" precious "PidFile a hard link: target untouched"

mkfifo "$pd/fifo.pid"
run_refused "$(conf pidfifo 'UserID nobody' "PidFile $pd/fifo.pid")"
is "$rc" 1 "PidFile a FIFO: refused at once with exit 1 (no hang)"

printf '1234567890 stale and long\n' >"$pd/stale.pid"
c=$(conf pidok 'UserID nobody' "PidFile $pd/stale.pid")
"$AUTHMILTER" -f -c "$c" >"$T_TMP/pidok.log" 2>&1 &
pid=$!
i=0
until [ "$(cat "$pd/stale.pid")" = "$pid" ] || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
is "$(cat "$pd/stale.pid")" "$pid" "a stale PidFile is rewritten with our pid"
is "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" 65534 \
    "the daemon serves as nobody"
kill "$pid"
wait_pid_gone "$pid" 15 || kill -9 "$pid"
ok "$([ ! -e "$pd/stale.pid" ]; echo $?)" "the PidFile is removed at exit"

## The unix socket ------------------------------------------------------------

sd=$T_TMP/sockdir
mkdir "$sd" && chown nobody "$sd" # UserID can write here: the hard case
c=$(conf sockok 'UserID nobody' 'UMask 007')
"$AUTHMILTER" -f -c "$c" -p "unix:$sd/ok.sock" >"$T_TMP/sockok.log" 2>&1 &
pid=$!
i=0
until [ -S "$sd/ok.sock" ] && [ "$(stat -c %U "$sd/ok.sock")" = nobody ] ||
    [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
is "$(stat -c '%U:%G %A' "$sd/ok.sock" 2>&1)" "nobody:nogroup srwxrwx---" \
    "the unix socket belongs to UserID, mode from UMask"
kill "$pid"
wait_pid_gone "$pid" 15 || kill -9 "$pid"

touch "$T_TMP/victim2"
ln -s "$T_TMP/victim2" "$sd/pre.sock"
conf sockpre 'UserID nobody' >/dev/null # -p below overrides Socket
out=$(timeout -k 2 10 "$AUTHMILTER" -f -c "$T_TMP/sockpre.conf" \
    -p "unix:$sd/pre.sock" 2>&1)
rc=$?
is "$rc" 1 "a symlink at the socket path: refused with exit 1"
is "$(stat -c %U "$T_TMP/victim2")" root \
    "a symlink at the socket path: its target is not given to UserID"

for mode in symlink hardlink socket; do
	out=$(SWAP_MODE=$mode SWAP_VICTIM=$T_TMP/victim2 LD_PRELOAD=$shim \
	    timeout -k 2 10 "$AUTHMILTER" -f -c "$T_TMP/sockpre.conf" \
	    -p "unix:$sd/$mode.sock" 2>&1)
	rc=$?
	case $mode in
	symlink) [ -L "$sd/$mode.sock" ] ;;
	hardlink) [ "$sd/$mode.sock" -ef "$T_TMP/victim2" ] ;;
	socket) [ -S "$sd/$mode.sock" ] && [ -S "$sd/$mode.sock.aside" ] ;;
	esac
	ok $? "$mode swapped in right after the bind (setup)"
	is "$rc" 1 "$mode swapped in after the bind: refused with exit 1"
	like "$out" 'replaced after the bind' "$mode: says why ($out)"
	is "$(stat -c %U "$T_TMP/victim2")" root \
	    "$mode swapped in after the bind: the victim stays root's"
done
is "$(stat -c %U "$sd/socket.sock")" root \
    "another root socket renamed in after the bind is not given to UserID"

done_testing
