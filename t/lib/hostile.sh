# hostile.sh - misbehaving DNS servers (t/dns-hostile.py) on free loopback
# ports for one test. Source common.sh first.
#
#   hostile_start MODE...
# starts one server per MODE and waits until each has bound its port;
# bails out when one did not start. Call it in the test's own shell, never
# inside $(...), whose subshell would lose the cleanup and the bail-out.
# Every server stops when the test exits.
#   hostile_port MODE
# prints the port of the started server of MODE.
hostile_start() {
	for _m in "$@"; do
		rm -f "$T_TMP/hostile-$_m.port"
		"$top_srcdir/t/dns-hostile.py" "$T_TMP/hostile-$_m.port" "$_m" \
		    </dev/null >/dev/null 2>&1 &
		t_at_exit "kill $! 2>/dev/null"
	done
	for _m in "$@"; do
		_i=0
		while [ ! -s "$T_TMP/hostile-$_m.port" ] && [ $_i -lt 50 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		[ -s "$T_TMP/hostile-$_m.port" ] ||
		    bail_out "dns-hostile.py $_m did not start"
	done
}

hostile_port() {
	cat "$T_TMP/hostile-$1.port"
}
