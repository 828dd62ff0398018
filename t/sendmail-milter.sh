#!/bin/sh
# sendmail-milter.sh - the daemon under a real Sendmail (Debian's
# sendmail-bin, unpacked by .ci/deps.sh because installing it would remove
# Postfix) listening on loopback: mail from 127.0.0.2 gets exactly our
# field, with Sendmail's own macros: the authserv-id from j, the queue id
# from i (sent at MAIL by Sendmail's defaults, at end of data by
# Postfix's); forged fields with our authserv-id are removed, foreign ones
# kept; and a Sendmail whose macro lists leave j and i out still sends
# them, because the milter asks for them at negotiation.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
PATH=$PATH:/usr/sbin
# where .ci/deps.sh unpacks the packages; SENDMAIL_ROOT overrides
SMR=
for _r in ${SENDMAIL_ROOT:-} /var/cache/authmilter-ci/sendmail/root ""; do
	if [ -x "$_r/usr/libexec/sendmail/sendmail" ] &&
	    [ -f "$_r/usr/share/sendmail/cf/m4/cf.m4" ]; then
		SMR=${_r:-/}
		break
	fi
done
[ -n "$SMR" ] || skip_all "no Sendmail: run .ci/deps.sh (it unpacks sendmail-bin and sendmail-cf into /var/cache/authmilter-ci/sendmail)"
SMR=${SMR%/}
SENDMAIL=$SMR/usr/libexec/sendmail/sendmail
[ "$(id -u)" -eq 0 ] || skip_all "Sendmail's daemon mode needs root"
command -v swaks >/dev/null 2>&1 || skip_all "swaks not installed (apt-get install swaks)"
command -v m4 >/dev/null 2>&1 || skip_all "m4 not installed (apt-get install m4)"
command -v unshare >/dev/null 2>&1 || skip_all "unshare not installed (util-linux)"

nsd_start_files "$top_srcdir"/t/zones/sendmail/*.zone
SM=$T_TMP/sendmail
mkdir -p "$SM/queue" "$SM/mbox" || bail_out "mkdir"
chmod 700 "$SM/queue" && chmod 777 "$SM/mbox" && chmod 755 "$T_TMP" "$SM" ||
    bail_out "chmod"
# local delivery: each message into a file of its own
printf '#!/bin/sh\ncat >"%s/mbox/msg.$$"\n' "$SM" >"$SM/deliver"
chmod 755 "$SM/deliver"
printf 'hosts files\n' >"$SM/service.switch"
printf '127.0.0.1 localhost mx.test.example\n' >"$SM/hosts"

# sendmail_cf PORT MACROS - a loopback-only Sendmail: no DNS of its own,
# no aliases, local delivery by $SM/deliver for any user, authmilter as
# its one filter; MACROS "default" keeps Sendmail's milter macros, "none"
# sends neither j nor i
sendmail_cf() {
	_port=$1 _macros=$2
	{
		printf 'divert(0)dnl\n'
		printf "include(\`%s/usr/share/sendmail/cf/m4/cf.m4')dnl\n" "$SMR"
		printf "OSTYPE(\`linux')dnl\n"
		for _d in "confDONT_PROBE_INTERFACES True" \
		    "confSERVICE_SWITCH_FILE $SM/service.switch" \
		    "confHOSTS_FILE $SM/hosts" "QUEUE_DIR $SM/queue" \
		    "confPID_FILE $SM/sendmail.pid" \
		    "STATUS_FILE $SM/statistics" "confHELP_FILE" \
		    "confDEF_USER_ID nobody:nogroup" \
		    "confDELIVERY_MODE interactive" \
		    "LOCAL_MAILER_PATH $SM/deliver"; do
			set -- $_d
			printf "define(\`%s', \`%s')dnl\n" "$1" "${2:-}"
		done
		printf "define(\`LOCAL_MAILER_ARGS', \`deliver \$u')dnl\n"
		printf "undefine(\`ALIAS_FILE')dnl\n"
		if [ "$_macros" = none ]; then
			# an empty list is Sendmail's default: name others
			for _m in "CONNECT {daemon_name}" "ENVFROM {mail_addr}" \
			    "EOM {msg_id}"; do
				set -- $_m
				printf "define(\`confMILTER_MACROS_%s', \`%s')dnl\n" "$1" "$2"
			done
		fi
		printf "DAEMON_OPTIONS(\`Port=%s, Addr=127.0.0.1, Name=MTA')dnl\n" "$_port"
		printf "INPUT_MAIL_FILTER(\`authmilter', \`S=inet:%s@127.0.0.1, F=T, T=S:10s;R:10s;E:30s')dnl\n" \
		    "$MILTER_PORT"
		printf "FEATURE(\`accept_unresolvable_domains')dnl\n"
		printf "LOCAL_DOMAIN(\`test.example')dnl\n"
		printf "MODIFY_MAILER_FLAGS(\`LOCAL', \`-Aw')dnl\n"
		printf "MAILER(\`local')dnl\nMAILER(\`smtp')dnl\n"
	} >"$SM/sendmail.mc"
	m4 "$SM/sendmail.mc" >"$SM/sendmail.cf" 2>"$SM/m4.err" ||
	    { sed 's/^/# /' "$SM/m4.err"; bail_out "m4 could not build sendmail.cf"; }
}

# sendmail_start MACROS - Sendmail in the foreground (-bD) in a UTS
# namespace of its own whose host name is qualified: otherwise it sleeps
# a minute at start-up looking for one
sendmail_start() {
	SMTP_PORT=$(free_port)
	sendmail_cf "$SMTP_PORT" "$1"
	unshare -u sh -c 'hostname mx.test.example && exec "$0" -C "$1" -bD' \
	    "$SENDMAIL" "$SM/sendmail.cf" >"$SM/sendmail.out" 2>&1 &
	SM_PID=$!
	t_at_exit "sendmail_stop"
	wait_ready "$SM_PID" milter_listens "$SMTP_PORT" && return 0
	sed 's/^/# sendmail: /' "$SM/sendmail.out"
	bail_out "sendmail did not start"
}
sendmail_stop() {
	[ -n "${SM_PID:-}" ] || return 0
	kill "$SM_PID" 2>/dev/null
	_sp=$(head -1 "$SM/sendmail.pid" 2>/dev/null)
	[ -z "$_sp" ] || kill "$_sp" 2>/dev/null
	wait_pid_gone "$SM_PID" 10 || kill -9 "$SM_PID" 2>/dev/null
	[ -z "$_sp" ] || wait_pid_gone "$_sp" 10 || kill -9 "$_sp" 2>/dev/null
	rm -f "$SM/sendmail.pid"
	SM_PID=
}

# submit NAME FILE - send FILE from 127.0.0.2 as mail.smsender.example;
# the SMTP dialog goes to $SM/swaks-NAME.out
submit() {
	swaks --server "127.0.0.1:$SMTP_PORT" --local-interface 127.0.0.2 \
	    --helo mail.smsender.example --from a@smsender.example \
	    --to rcpt@test.example --data "$2" >"$SM/swaks-$1.out" 2>&1
}

# delivered SUBJECT - the delivered message with that Subject (10 s)
delivered() { mta_delivered "$SM/mbox/msg.*" "$1"; }

# No AuthservID: the field must carry Sendmail's $j; and 127.0.0.0/8 is
# where the test's client is, so it is not internal here.
MILTER_AUTHSERV_ID= milter_start 'InternalHosts 192.0.2.250/32'
sendmail_start default

ours='Authentication-Results: mx.test.example; iprev=pass policy.iprev=127.0.0.2 (mail.smsender.example); spf=pass smtp.mailfrom=a@smsender.example; spf=pass smtp.helo=mail.smsender.example; dkim=none; arc=none smtp.remote-ip=127.0.0.2; dmarc=pass (p=reject sp=reject dis=none) header.from=smsender.example policy.dmarc=reject'

cat >"$SM/plain.eml" <<'MSG'
From: <a@smsender.example>
To: <rcpt@test.example>
Subject: plain
Message-ID: <plain@smsender.example>

Hello.
MSG
submit plain "$SM/plain.eml"
ok $? "Sendmail accepts a message through the milter"
msg=$(delivered plain)
ok $? "... and delivers it"
is "$(ar_fields "$msg")" "$ours" \
    "exactly our field, its authserv-id Sendmail's j macro"
qid=$(printf '%s\n' "$msg" | sed -n 's/^.*with ESMTP id \([A-Za-z0-9]*\).*$/\1/p' | head -1)
[ -n "$qid" ] && grep -q "^authmilter: info: $qid: client=" "$MILTER_LOG"
ok $? "the log line carries Sendmail's queue id ($qid), sent with i at MAIL"
grep -q "does not send the milter macro" "$MILTER_LOG"
ok $((!$?)) "Sendmail's default macros are all the milter needs: no warning"

cat >"$SM/forged.eml" <<'MSG'
Authentication-Results: other.example; spf=fail smtp.mailfrom=x@other.example
Authentication-Results: mx.test.example; dkim=pass header.d=bank.example
Authentication-Results: relay.example; iprev=pass policy.iprev=192.0.2.99
Authentication-Results: MX.Test.Example; spf=pass smtp.mailfrom=a@bank.example
From: <a@smsender.example>
To: <rcpt@test.example>
Subject: forged
Message-ID: <forged@smsender.example>

Hello.
MSG
submit forged "$SM/forged.eml"
ok $? "Sendmail accepts a message with forged fields"
msg=$(delivered forged)
ok $? "... and delivers it"
want=$(printf '%s\n' "$ours" \
    'Authentication-Results: other.example; spf=fail smtp.mailfrom=x@other.example' \
    'Authentication-Results: relay.example; iprev=pass policy.iprev=192.0.2.99')
is "$(ar_fields "$msg")" "$want" \
    "both forged fields are gone (Sendmail's header indexes), foreign ones stay"
sendmail_stop
milter_stop

# A Sendmail whose macro lists name neither j nor i still sends both:
# the milter asks for them itself at negotiation (smfi_setsymlist), so no
# confMILTER_MACROS_* line is needed.
MILTER_AUTHSERV_ID= milter_start 'InternalHosts 192.0.2.250/32'
sendmail_start none
grep -q "^O Milter.macros.connect={daemon_name}\$" "$SM/sendmail.cf" &&
    grep -q "^O Milter.macros.envfrom={mail_addr}\$" "$SM/sendmail.cf" &&
    grep -q "^O Milter.macros.eom={msg_id}\$" "$SM/sendmail.cf"
ok $? "a Sendmail configured to send neither j nor i"
sed 's/plain/nomacros/' "$SM/plain.eml" >"$SM/nomacros.eml"
submit nomacros "$SM/nomacros.eml"
ok $? "... passes mail through the milter"
msg=$(delivered nomacros)
is "$(ar_fields "$msg")" "$ours" \
    "... and the field still has j as its authserv-id"
qid=$(printf '%s\n' "$msg" | sed -n 's/^.*with ESMTP id \([A-Za-z0-9]*\).*$/\1/p' | head -1)
[ -n "$qid" ] && grep -q "^authmilter: info: $qid: client=" "$MILTER_LOG"
ok $? "... and the log its queue id ($qid)"
grep -q "does not send the milter macro" "$MILTER_LOG"
ok $((!$?)) "... with no warning: the milter's own macro request was honoured"
done_testing
