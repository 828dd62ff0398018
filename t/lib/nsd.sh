# nsd.sh - run a real authoritative DNS server (nsd) on a free loopback
# port for one test. Source common.sh first.
#
#   nsd_start ZONEDIR [ORIGIN...]
# serves every ZONEDIR/<origin>.zone (the file name minus ".zone" is the
# origin) on 127.0.0.1:$NSD_PORT; each extra ORIGIN is declared with a zone
# file that does not exist, so nsd answers SERVFAIL for it (a temperror).
# The top-level domain of each zone (but arpa) is served too, empty unless
# ZONEDIR has it, so a name above the zones (a DMARC tree walk's
# _dmarc.example) gets NXDOMAIN as on the Internet, not REFUSED.
# Sets NSD_PORT and NSD_PID; the server stops when the test exits.
#
#   nsd_start_files ZONEFILE...
# the same for copies of the given zone files, gathered in one directory.
#
# For other zone lists: nsd_conf_server DIR sets NSD_PORT and writes the
# server part of DIR/nsd.conf; append zone: entries to it, then nsd_run DIR
# starts the server and waits until it answers.
: "${NSD:=$(command -v nsd || echo /usr/sbin/nsd)}"

nsd_start() {
	_zdir=$1
	shift
	_nd=$(mktemp -d "$T_TMP/nsd.XXXXXX") || bail_out "no nsd directory"
	nsd_conf_server "$_nd"
	{
		printf '  zonesdir: "%s"\n' "$_zdir"
		for _z in "$_zdir"/*.zone; do
			[ -e "$_z" ] || continue
			_o=$(basename "$_z" .zone)
			printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "$_o" "$_z"
		done
		for _o in "$@"; do
			printf 'zone:\n  name: "%s"\n  zonefile: "%s/missing-%s.zone"\n' \
			    "$_o" "$_nd" "$_o"
		done
		nsd_tld_zones "$_zdir" "$_nd" "$@"
	} >>"$_nd/nsd.conf"
	nsd_run "$_nd"
}

# nsd_tld_zones ZONEDIR NSDDIR [ORIGIN...] - zone: entries for the empty
# top-level domains of the zones that neither ZONEDIR nor ORIGIN serves
nsd_tld_zones() {
	_zd=$1 _ndir=$2
	shift 2
	for _t in $( (ls "$_zd" | sed -n 's/\.zone$//p'; printf '%s\n' "$@") |
	    sed 's/.*\.//' | sort -u); do
		[ "$_t" != arpa ] && [ ! -e "$_zd/$_t.zone" ] || continue
		case " $* " in *" $_t "*) continue ;; esac
		printf '$ORIGIN %s.\n$TTL 300\n@ IN SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 300\n  IN NS ns.invalid.\n' \
		    "$_t" >"$_ndir/tld-$_t.zone"
		printf 'zone:\n  name: "%s"\n  zonefile: "%s/tld-%s.zone"\n' \
		    "$_t" "$_ndir" "$_t"
	done
}

# nsd_start_files ZONEFILE... - nsd_start on a directory of copies
nsd_start_files() {
	_zd=$(mktemp -d "$T_TMP/zones.XXXXXX") || bail_out "no zone directory"
	cp "$@" "$_zd/" || bail_out "cannot copy the zone files"
	nsd_start "$_zd"
}

# nsd_conf_server DIR - pick NSD_PORT and write the server part of
# DIR/nsd.conf (state and logs in DIR); zone: entries may follow
nsd_conf_server() {
	[ -x "$NSD" ] || bail_out "nsd not found (apt-get install nsd)"
	NSD_PORT=$(free_port)
	{
		printf 'remote-control:\n  control-enable: no\n'
		printf 'server:\n'
		printf '  ip-address: 127.0.0.1@%s\n' "$NSD_PORT"
		printf '  port: %s\n  username: ""\n  chroot: ""\n' "$NSD_PORT"
		printf '  database: ""\n  server-count: 1\n  verbosity: 1\n'
		printf '  zonelistfile: "%s/zone.list"\n' "$1"
		printf '  xfrdfile: "%s/xfrd.state"\n  xfrdir: "%s"\n' "$1" "$1"
		printf '  pidfile: "%s/nsd.pid"\n  logfile: "%s/nsd.log"\n' "$1" "$1"
		printf '  refuse-any: no\n  minimal-responses: no\n'
	} >"$1/nsd.conf"
}

# nsd_run DIR - start nsd on DIR/nsd.conf and wait until it answers; sets
# NSD_PID; the server stops when the test exits
nsd_run() {
	_nd=$1
	"$NSD" -d -c "$_nd/nsd.conf" >"$_nd/nsd.out" 2>&1 &
	NSD_PID=$!
	t_at_exit "kill $NSD_PID 2>/dev/null; wait $NSD_PID 2>/dev/null"
	# ready when it answers a query over UDP
	wait_ready "$NSD_PID" nsd_answers "$NSD_PORT" && return 0
	cat "$_nd/nsd.out" "$_nd/nsd.log" 2>/dev/null | sed 's/^/# nsd: /'
	bail_out "nsd did not start on 127.0.0.1@$NSD_PORT"
}

# nsd_answers PORT - true when a DNS server answers on 127.0.0.1@PORT
nsd_answers() {
	/usr/bin/python3 - "$1" <<'PY'
import socket, sys
q = bytes.fromhex("abcd01000001000000000000") + b"\x07invalid\x00\x00\x01\x00\x01"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.2)
try:
    s.sendto(q, ("127.0.0.1", int(sys.argv[1])))
    s.recv(512)
except OSError:
    sys.exit(1)
PY
}
