# common.sh - TAP helpers and temporary directories for shell tests.
# Source it first: . "$top_srcdir/t/lib/common.sh"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
tap_n=0
tap_failed=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/authmilter-test.XXXXXX") || exit 99
t_cleanup_hooks=
t_at_exit() { t_cleanup_hooks="$1; $t_cleanup_hooks"; }
t_cleanup() { eval "$t_cleanup_hooks"; rm -rf "$T_TMP"; }
trap t_cleanup EXIT
trap 'exit 130' INT TERM

ok() {		# ok STATUS DESCRIPTION: STATUS 0 is a pass
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
is() {		# is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got:  $1" "want: $2"
	fi
}
like() {	# like GOT EXTENDED-REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got:  $1" "want match: $2"
	fi
}
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
bail_out() { echo "Bail out! $1"; exit 1; }
done_testing() {
	echo "1..$tap_n"
	[ "$tap_n" -gt 0 ] || { echo "not ok 1 - no test ran"; exit 1; }
	[ "$tap_failed" -eq 0 ]
}

# free_port - print a TCP/UDP port on 127.0.0.1 that nothing listens on
free_port() {
	/usr/bin/python3 - <<'PY'
import socket, random
for _ in range(200):
    p = random.randint(20000, 60000)
    ok = True
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", p))
        except OSError:
            ok = False
        s.close()
    if ok:
        print(p)
        break
PY
}

# wait_ready PID COMMAND... - run COMMAND every 0.1 s, for at most 10 s,
# while process PID lives; true as soon as COMMAND succeeds
wait_ready() {
	_wpid=$1
	shift
	_i=0
	while [ $_i -lt 100 ]; do
		"$@" && return 0
		kill -0 "$_wpid" 2>/dev/null || return 1
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# wait_pid_gone PID SECONDS - wait for a process to exit, at most SECONDS
wait_pid_gone() {
	_i=0
	while kill -0 "$1" 2>/dev/null && [ "$_i" -lt $(($2 * 10)) ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	! kill -0 "$1" 2>/dev/null
}
