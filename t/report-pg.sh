#!/bin/sh
# report-pg.sh - ReportStore on a real PostgreSQL: a throwaway cluster
# (Debian's postgresql package) on a loopback port in a temporary
# directory, run by an unprivileged user; two daemons record into it at
# the same time and their counts add up in one row set. Then the server
# is stopped mid-run: mail still gets its field and the exit log counts
# what could not be written. authreport reads the same store: two runs at
# once (two MX hosts) write exactly one report that counts both daemons.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
PGBIN=/usr/lib/postgresql/15/bin
[ -x "$PGBIN/initdb" ] ||
    skip_all "PostgreSQL 15 not installed (apt-get install postgresql)"
command -v psql >/dev/null 2>&1 || skip_all "psql not installed"
command -v xmllint >/dev/null 2>&1 || bail_out "xmllint not installed"
# as root, the cluster runs as nobody (initdb refuses root)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
chmod 755 "$T_TMP"
mkdir "$T_TMP/pg" && chmod 777 "$T_TMP/pg" || bail_out "no pg dir"
as_pg "$PGBIN/initdb" -D "$T_TMP/pg/data" -A trust -U am >"$T_TMP/initdb.log" 2>&1 ||
    { sed 's/^/# /' "$T_TMP/initdb.log"; bail_out "initdb failed"; }
PGPORT=$(free_port)
pg_stop() { as_pg "$PGBIN/pg_ctl" -D "$T_TMP/pg/data" -m immediate stop >/dev/null 2>&1; }
as_pg "$PGBIN/pg_ctl" -D "$T_TMP/pg/data" -l "$T_TMP/pg/log" -w -o \
    "-p $PGPORT -k $T_TMP/pg -c listen_addresses=127.0.0.1" start >/dev/null 2>&1 ||
    { sed 's/^/# /' "$T_TMP/pg/log"; bail_out "PostgreSQL did not start"; }
t_at_exit pg_stop
URL=postgresql://am@127.0.0.1:$PGPORT/postgres
q() { psql -X -A -t -q -d "$URL" -c "$1"; }

nsd_start "$top_srcdir/t/zones/dmarcmilter" broken.example
raw() { /usr/bin/python3 "$top_srcdir/t/milter-raw.py" "$1"; }
msg() {
	printf '{"ip": "%s", "helo": "mail.dmarc.example", "from": "<a@%s>", "headers": [["From", " <a@%s>"], ["Subject", " hi"]]}\n' \
	    "$1" "$2" "$2"
}
# send PORT N IP DOMAIN - N messages; prints how many got a dmarc= field
send() {
	_i=0 _n=0
	while [ "$_i" -lt "$2" ]; do
		msg "$3" "$4" | raw "$1" | tr -d '\n' | grep -E ';[[:space:]]*dmarc=' >/dev/null &&
		    _n=$((_n + 1))
		_i=$((_i + 1))
	done
	echo "$_n"
}
D=dmarc.example

MILTER_DNS_TIMEOUT=1s milter_start "ReportStore $URL"
P1=$MILTER_PORT PID1=$MILTER_PID
mv "$T_TMP/authmilter.log" "$T_TMP/first.log"
MILTER_PID=
MILTER_DNS_TIMEOUT=1s milter_start "ReportStore $URL"
P2=$MILTER_PORT
send "$P1" 4 192.0.2.10 bank.$D >"$T_TMP/s1" &
S1=$!
send "$P2" 3 192.0.2.10 bank.$D >"$T_TMP/s2"
wait "$S1"
is "$(cat "$T_TMP/s1") $(cat "$T_TMP/s2")" "4 3" "both daemons gave every message its field"
kill "$PID1" && wait_pid_gone "$PID1" 15
milter_stop
is "$(q 'SELECT count(*) FROM dmarc_row')" 1 "one row for both daemons"
is "$(q 'SELECT n FROM dmarc_row')" 7 "their counts summed: 4 + 3"
is "$(q "SELECT p FROM dmarc_policy WHERE policy_domain = 'bank.$D'")" reject \
    "the published policy"

# authreport on the shared store, as two MX hosts would run it from their
# timers at once: exactly one report, counting both daemons' messages
AR="$top_builddir/authreport"
FROM=$(date -u -d yesterday +%F) TO=$(date -u +%F)
arun() {
	"$AR" --store "$URL" --from "$FROM" --to "$TO" --org Receiver \
	    --email reports@receiver.example --dir "$@"
}
mkdir "$T_TMP/mx1" "$T_TMP/mx2" || bail_out "mkdir"
q "INSERT INTO dmarc_lock VALUES ('authreport', 'mx9:1', $(date +%s))"
arun "$T_TMP/mx1" 2>"$T_TMP/lock.err"
is "$?" 75 "a lock held by another host: authreport exits 75"
is "$(ls "$T_TMP/mx1" | wc -l)" 0 "... and writes nothing"
q "DELETE FROM dmarc_lock"
arun "$T_TMP/mx1" 2>"$T_TMP/a1.err" &
A1=$!
arun "$T_TMP/mx2" 2>"$T_TMP/a2.err"
R2=$?
wait "$A1"
R1=$?
diag "concurrent runs exited $R1 and $R2: $(cat "$T_TMP/a1.err" "$T_TMP/a2.err" | tr '\n' ' ')"
is "$(cat "$T_TMP/mx1"/* "$T_TMP/mx2"/* 2>/dev/null | gunzip -c | grep -c '<feedback')" 1 \
    "two concurrent authreport runs wrote exactly one report"
case "$R1$R2" in 00 | 075 | 750) ok 0 "each run exited 0 or 75" ;; *) ok 1 "each run exited 0 or 75" ;; esac
cat "$T_TMP/mx1"/* "$T_TMP/mx2"/* 2>/dev/null | gunzip -c >"$T_TMP/pg.xml"
is "$(sed -n 's/.*<count>\([0-9]*\)<\/count>.*/\1/p' "$T_TMP/pg.xml")" 7 \
    "the report counts both daemons' messages (4 + 3)"
grep -q "<domain>bank.$D</domain>" "$T_TMP/pg.xml"
ok $? "... for the policy domain"
xmllint --noout --schema "$top_srcdir/t/data/dmarc-2.0.xsd" "$T_TMP/pg.xml" 2>/dev/null
is "$?" 0 "... valid against the RFC 9990 schema"
is "$(q "SELECT status FROM dmarc_sent WHERE policy_domain = 'bank.$D'")" written \
    "dmarc_sent marks it written"
is "$(q 'SELECT count(*) FROM dmarc_lock')" 0 "the lock is released"
arun "$T_TMP/mx1" 2>/dev/null
is "$?" 0 "a third run succeeds ..."
is "$(ls "$T_TMP/mx1" "$T_TMP/mx2" | grep -c xml.gz)" 1 "... and sends nothing again"

# PostgreSQL stopped mid-run: mail flows, the loss is counted at exit
MILTER_DNS_TIMEOUT=1s milter_start "ReportStore $URL"
is "$(send "$MILTER_PORT" 1 192.0.2.10 bank.$D)" 1 "a message before the stop"
# the writer commits it within a second or so: wait until the count shows
_w=0
while [ "$(q 'SELECT n FROM dmarc_row')" != 8 ] && [ "$_w" -lt 50 ]; do
	sleep 0.2
	_w=$((_w + 1))
done
is "$(q 'SELECT n FROM dmarc_row')" 8 "... written while the store is up"
pg_stop
is "$(send "$MILTER_PORT" 2 192.0.2.66 bank.$D)" 2 "store stopped: every message still gets its field"
milter_stop
grep -q "ReportStore: 3 recorded, 1 written, 0 dropped (queue full), 2 lost (store error)" "$MILTER_LOG"
ok $? "the exit log counts 1 written and 2 lost"
done_testing
