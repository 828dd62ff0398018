# milter.sh - start authmilter for one test: on a free loopback port,
# DNS from the test's nsd, a temporary config. Source common.sh (and
# nsd.sh, after nsd_start) first.
#
#   milter_start [EXTRA-CONFIG-LINE...]
# writes $T_TMP/milter.conf (AuthservID test.example, Nameservers from
# NSD_PORT, DNSTimeout $MILTER_DNS_TIMEOUT or 2s, UserID nobody when run
# as root) plus the extra lines, starts
# "authmilter -f" and waits until it accepts connections. Sets MILTER_PORT,
# MILTER_PID, MILTER_SOCK (libmilter syntax) and MILTER_LOG; the daemon
# is stopped when the test exits.
: "${AUTHMILTER:=$top_builddir/authmilter}"

milter_start() {
	MILTER_PORT=$(free_port)
	MILTER_SOCK="inet:$MILTER_PORT@127.0.0.1"
	MILTER_LOG=$T_TMP/authmilter.log
	{
		printf 'Socket %s\n' "$MILTER_SOCK"
		# MILTER_AUTHSERV_ID= (empty): none, the MTA's j macro decides
		[ -z "${MILTER_AUTHSERV_ID-test.example}" ] ||
		    printf 'AuthservID %s\n' "${MILTER_AUTHSERV_ID-test.example}"
		[ -z "${NSD_PORT:-}" ] || printf 'Nameservers 127.0.0.1@%s\n' "$NSD_PORT"
		printf 'DNSTimeout %s\nLogLevel debug\n' "${MILTER_DNS_TIMEOUT:-2s}"
		# tests run as root in CI: the daemon refuses root without UserID
		[ "$(id -u)" -ne 0 ] || printf 'UserID nobody\n'
		for _l in "$@"; do
			printf '%s\n' "$_l"
		done
	} >"$T_TMP/milter.conf"
	"$AUTHMILTER" -f -c "$T_TMP/milter.conf" >"$MILTER_LOG" 2>&1 &
	MILTER_PID=$!
	t_at_exit "milter_stop"
	wait_ready "$MILTER_PID" milter_listens "$MILTER_PORT" && return 0
	sed 's/^/# authmilter: /' "$MILTER_LOG"
	bail_out "authmilter did not start on $MILTER_SOCK"
}

# miltertest_require - set MILTERTEST to Debian's miltertest, or skip the
# whole test when it is not installed
miltertest_require() {
	: "${MILTERTEST:=$(command -v miltertest)}"
	[ -x "$MILTERTEST" ] ||
	    skip_all "miltertest not installed (apt-get install miltertest)"
}

# milter_stop - SIGTERM, then wait (libmilter may take ~5 s)
milter_stop() {
	[ -n "${MILTER_PID:-}" ] || return 0
	kill "$MILTER_PID" 2>/dev/null
	wait_pid_gone "$MILTER_PID" 15 || kill -9 "$MILTER_PID" 2>/dev/null
	wait "$MILTER_PID" 2>/dev/null
	MILTER_PID=
}

# milter_listens PORT - true when something accepts TCP on 127.0.0.1:PORT
milter_listens() {
	/usr/bin/python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.settimeout(0.5)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}

# miltertest_run SCRIPT [NAME=VALUE...] - run one miltertest Lua script
# against the daemon; prints its output; true when it exited 0
miltertest_run() {
	_s=$1
	shift
	_args="-D sock=$MILTER_SOCK"
	for _d in "$@"; do
		_args="$_args -D $_d"
	done
	# shellcheck disable=SC2086
	"${MILTERTEST:-miltertest}" $_args -s "$_s" 2>&1
}

# mta_delivered GLOB SUBJECT - the delivered message with that Subject
# among the files GLOB matches, waiting up to 10 s for it
mta_delivered() {
	_i=0
	while [ $_i -lt 100 ]; do
		# shellcheck disable=SC2086
		_f=$(grep -l "^Subject: $2\$" $1 2>/dev/null | head -1)
		if [ -n "$_f" ]; then
			cat "$_f"
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# ar_fields MESSAGE - every Authentication-Results field, unfolded, one
# per line, in order
ar_fields() {
	printf '%s\n' "$1" | sed '/^\r\{0,1\}$/q' | tr -d '\r' |
	    awk '/^[ \t]/ { cur = cur " " substr($0, 2); next }
	         { if (cur != "") print cur; cur = $0 }
	         END { if (cur != "") print cur }' |
	    grep -i '^Authentication-Results:'
}
