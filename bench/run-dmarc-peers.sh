#!/bin/sh
# run-dmarc-peers.sh - authmilter (iprev, SPF, DKIM and DMARC in one pass)
# against the fair peer for DMARC, opendkim then opendmarc chained as an
# MTA runs them (bench/milterload -s A,B hands opendkim's field to
# opendmarc, which checks SPF itself: SPFSelfValidate). opendmarc asks
# the system resolver on port 53, so the whole run happens in a network
# namespace of its own (unshare -n -m, root) with nsd on 127.0.0.1:53 and
# a resolv.conf that points there; no packet leaves it.
#   bench/run-dmarc-peers.sh [BUILDDIR]   (default: the current directory)
# Environment: DMP_CORPUS (messages, 300), DMP_SECS (per run, 5),
# DMP_CONC ("1 16").
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
if [ -z "${DMP_INSIDE:-}" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "run-dmarc-peers.sh: run as root"; exit 1; }
	command -v opendmarc >/dev/null || {
		echo "run-dmarc-peers.sh: apt-get install opendmarc"; exit 1; }
	DMP_INSIDE=1 exec unshare -n -m sh "$0" "$build"
fi
. "$top_srcdir/t/lib/common.sh"
: "${DMP_CORPUS:=300}" "${DMP_SECS:=5}" "${DMP_CONC:=1 16}"
load=$build/bench/milterload
py=/usr/bin/python3
run=$T_TMP/run
ip link set lo up || bail_out "no loopback in the namespace"
printf 'nameserver 127.0.0.1\n' >"$T_TMP/resolv.conf"
mount --bind "$T_TMP/resolv.conf" /etc/resolv.conf ||
	bail_out "cannot bind-mount resolv.conf"
chmod 711 "$T_TMP"
mkdir "$run" && chmod 777 "$run"

$py "$top_srcdir/bench/make-corpus.py" "$T_TMP/c" -n "$DMP_CORPUS" --dmarc
{
	printf 'server:\n  ip-address: 127.0.0.1@53\n  username: ""\n'
	printf '  chroot: ""\n  database: ""\n  zonelistfile: "%s/zl"\n' "$run"
	printf '  pidfile: "%s/nsd.pid"\n  xfrdfile: "%s/xfrd"\n' "$run" "$run"
	printf 'remote-control:\n  control-enable: no\n'
	for z in "$T_TMP/c/zones"/*.zone; do
		printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' \
		    "$(basename "$z" .zone)" "$z"
	done
	printf 'zone:\n  name: "example"\n  zonefile: "%s/example.zone"\n' "$run"
} >"$run/nsd.conf"
printf '$ORIGIN example.\n$TTL 300\n@ IN SOA ns.invalid. h.invalid. 1 3600 600 86400 300\n  IN NS ns.invalid.\n' \
    >"$run/example.zone"
nsd -d -c "$run/nsd.conf" >"$run/nsd.log" 2>&1 &
t_at_exit "kill $! 2>/dev/null"
sleep 1

# up NAME CONF-LINES... - start a milter on a unix socket; sets SOCK, PID
up() {
	_n=$1
	shift
	SOCK=unix:$run/$_n.sock
	case $_n in
	authmilter)
		printf '%s\n' "Socket $SOCK" "$@" >"$run/$_n.conf"
		"$build/authmilter" -f -c "$run/$_n.conf" >>"$run/$_n.log" 2>&1 & ;;
	opendkim)
		printf '%s\n' "Socket ${SOCK#unix:}" "$@" >"$run/$_n.conf"
		opendkim -f -x "$run/$_n.conf" >>"$run/$_n.log" 2>&1 & ;;
	opendmarc)
		printf '%s\n' "Socket ${SOCK#unix:}" "$@" >"$run/$_n.conf"
		opendmarc -f -c "$run/$_n.conf" >>"$run/$_n.log" 2>&1 & ;;
	esac
	PID=$!
	t_at_exit "kill $PID 2>/dev/null"
	wait_ready "$PID" test -S "${SOCK#unix:}" && return 0
	cat "$run/$_n.log"
	bail_out "$_n did not start"
}
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

id=mx.bench.example
up authmilter "AuthservID $id" "InternalHosts 127.0.0.0/8, ::1" \
    "UserID nobody" "Syslog no" "LogLevel warning"
am=$SOCK
up opendkim "Mode v" "InternalHosts 127.0.0.1" "AlwaysAddARHeader yes" \
    "AuthservID $id" "UserID nobody" "Syslog no" "UMask 000" \
    "Nameservers 127.0.0.1"
odk=$SOCK
up opendmarc "AuthservID $id" "TrustedAuthservIDs $id" \
    "SPFSelfValidate true" "SPFIgnoreResults true" "UserID nobody" \
    "Syslog false" "UMask 000" "RejectFailures false" \
    "PublicSuffixList /usr/share/publicsuffix/public_suffix_list.dat"
odm=$SOCK
# one message each: the fields say DMARC was evaluated
"$load" -s "$am" -m "$T_TMP/c/manifest" -n 1 -v -H Authentication-Results \
    2>&1 | grep -o 'dmarc=[a-z]*' | head -1 | sed 's/^/authmilter: /'
"$load" -s "$odk,$odm" -m "$T_TMP/c/manifest" -n 1 -v \
    -H Authentication-Results 2>&1 | grep -o 'dmarc=[a-z]*' | head -1 |
    sed 's/^/opendkim+opendmarc: /'
"$load" -s "$am" -m "$T_TMP/c/manifest" -c 4 -n 300 >/dev/null
"$load" -s "$odk,$odm" -m "$T_TMP/c/manifest" -c 4 -n 300 >/dev/null
for c in $DMP_CONC; do
	a=$("$load" -s "$am" -m "$T_TMP/c/manifest" -c "$c" -d "$DMP_SECS" \
	    -H Authentication-Results)
	echo "authmilter $a"
	b=$("$load" -s "$odk,$odm" -m "$T_TMP/c/manifest" -c "$c" \
	    -d "$DMP_SECS" -H Authentication-Results)
	echo "opendkim+opendmarc $b"
	awk -v a="$(field rate "$a")" -v b="$(field rate "$b")" -v c="$c" \
	    'BEGIN { printf "conc=%s authmilter/(opendkim+opendmarc) msgs/s: %.2f\n", c, b > 0 ? a / b : 0 }'
done
