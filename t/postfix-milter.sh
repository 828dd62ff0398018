#!/bin/sh
# postfix-milter.sh - mail submitted with swaks to a private Postfix
# instance on loopback passes through authmilter and is delivered with
# exactly our Authentication-Results field: forged fields removed (two
# among foreign ones: checks the delete-then-insert order against Postfix's
# index accounting), and DKIM signatures (relaxed and simple, so header
# values must reach the verifier exact) pass.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
command -v postfix >/dev/null 2>&1 || [ -x /usr/sbin/postfix ] ||
    skip_all "postfix not installed (apt-get install postfix)"
PATH=$PATH:/usr/sbin
command -v swaks >/dev/null 2>&1 || skip_all "swaks not installed (apt-get install swaks)"
[ "$(id -u)" -eq 0 ] || skip_all "a private Postfix instance needs root"

nsd_start_files "$top_srcdir"/t/zones/milter/*.zone \
    "$top_srcdir"/t/zones/dkim/signer.example.zone
milter_start

# A private Postfix: own config, queue and data dirs, no chroot, no port
# 25, no DNS, XCLIENT from loopback, virtual Maildir delivery.
PF=$T_TMP/postfix
SMTP_PORT=$(free_port)
mkdir -p "$PF/etc" "$PF/queue" "$PF/data" "$PF/mail" || bail_out "mkdir"
chown postfix "$PF/data" && chown nobody "$PF/mail" || bail_out "chown"
chmod 755 "$T_TMP" "$PF"
cp /etc/postfix/master.cf "$PF/etc/" || bail_out "no /etc/postfix/master.cf"
: >"$PF/etc/main.cf"
printf 'rcpt@test.example test/\n' >"$PF/etc/vmailbox"
nobody_id=$(id -u nobody)
pc() { postconf -c "$PF/etc" "$@" || bail_out "postconf $*"; }
pc -e "compatibility_level = 3.6" "queue_directory = $PF/queue" \
    "data_directory = $PF/data" "maillog_file = $PF/maillog" \
    "maillog_file_prefixes = $PF" \
    "myhostname = mx.test.example" "mydomain = test.example" \
    "mydestination =" "inet_interfaces = 127.0.0.1" "inet_protocols = ipv4" \
    "mynetworks = 127.0.0.0/8" "alias_maps =" "alias_database =" \
    "smtpd_authorized_xclient_hosts = 127.0.0.0/8" \
    "smtpd_peername_lookup = no" "smtp_dns_support_level = disabled" \
    "smtpd_milters = inet:127.0.0.1:$MILTER_PORT" "milter_protocol = 6" \
    "milter_default_action = tempfail" \
    "virtual_mailbox_domains = test.example" \
    "virtual_mailbox_base = $PF/mail" \
    "virtual_mailbox_maps = texthash:$PF/etc/vmailbox" \
    "virtual_uid_maps = static:$nobody_id" \
    "virtual_gid_maps = static:$(id -g nobody)"
pc -M# smtp/inet
pc -M "127.0.0.1:$SMTP_PORT/inet=127.0.0.1:$SMTP_PORT inet n - n - - smtpd"
pc -F '*/*/chroot = n'
# Postfix waits for a freshly written main.cf to age
touch -d '-1 min' "$PF/etc/main.cf" "$PF/etc/master.cf"
postfix -c "$PF/etc" start >"$T_TMP/postfix.out" 2>&1 ||
    { sed "s/^/# /" "$T_TMP/postfix.out" "$PF/maillog"; bail_out "postfix did not start"; }
t_at_exit "postfix_stop"
postfix_stop() {
	_mp=$(head -1 "$PF/queue/pid/master.pid" 2>/dev/null | tr -d ' ')
	postfix -c "$PF/etc" stop >/dev/null 2>&1
	[ -z "$_mp" ] || wait_pid_gone "$_mp" 10 || kill -9 "$_mp" 2>/dev/null
}

# submit NAME FILE - send FILE from 192.0.2.10 (mail.sender.example)
submit() {
	swaks --server "127.0.0.1:$SMTP_PORT" --xclient-addr 192.0.2.10 \
	    --xclient-name mail.sender.example --helo mail.sender.example \
	    --from a@sender.example --to rcpt@test.example \
	    --data "$2" >"$T_TMP/swaks-$1.out" 2>&1
}

# delivered SUBJECT - the delivered message with that Subject (10 s)
delivered() { mta_delivered "$PF/mail/test/new/*" "$1"; }

ours='Authentication-Results: test.example; iprev=pass policy.iprev=192.0.2.10 (mail.sender.example); spf=pass smtp.mailfrom=a@sender.example; spf=pass smtp.helo=mail.sender.example'
dmarc="dmarc=pass (p=reject sp=reject dis=none) header.from=sender.example policy.dmarc=reject"

cat >"$T_TMP/plain.eml" <<'MSG'
From: <a@sender.example>
To: <rcpt@test.example>
Subject: plain
Message-ID: <plain@sender.example>

Hello.
MSG
submit plain "$T_TMP/plain.eml"
ok $? "Postfix accepts an unsigned message through the milter"
msg=$(delivered plain)
ok $? "the unsigned message is delivered"
is "$(ar_fields "$msg")" "$ours; dkim=none; arc=none smtp.remote-ip=192.0.2.10; $dmarc" \
    "the delivered message carries exactly our field"

cat >"$T_TMP/forged.eml" <<'MSG'
Authentication-Results: other.example; spf=fail smtp.mailfrom=x@other.example
Authentication-Results: test.example; dkim=pass header.d=bank.example
Authentication-Results: relay.example; iprev=pass policy.iprev=192.0.2.99
Authentication-Results: test.example; spf=pass smtp.mailfrom=a@bank.example
From: <a@sender.example>
To: <rcpt@test.example>
Subject: forged
Message-ID: <forged@sender.example>

Hello.
MSG
submit forged "$T_TMP/forged.eml"
ok $? "Postfix accepts a message with forged fields"
msg=$(delivered forged)
ok $? "the message with forged fields is delivered"
want=$(printf '%s\n' "$ours; dkim=none; arc=none smtp.remote-ip=192.0.2.10; $dmarc" \
    'Authentication-Results: other.example; spf=fail smtp.mailfrom=x@other.example' \
    'Authentication-Results: relay.example; iprev=pass policy.iprev=192.0.2.99')
is "$(ar_fields "$msg")" "$want" \
    "both forged fields are gone, both foreign ones stay, ours is on top"

for c in relaxed-relaxed simple-simple; do
	f=$top_srcdir/t/data/dkim/corpus/pass-$c.eml
	if [ ! -f "$f" ]; then
		ok 0 "# SKIP no DKIM corpus message $f"
		continue
	fi
	# the Subject is signed: find the delivery by its c= tag
	canon=$(printf '%s' "$c" | tr - /)
	submit "dkim-$c" "$f"
	ok $? "Postfix accepts the DKIM-signed ($c) message"
	_i=0
	msg=
	while [ $_i -lt 100 ] && [ -z "$msg" ]; do
		for m in "$PF"/mail/test/new/*; do
			grep -q "^Subject: DKIM test" "$m" 2>/dev/null &&
			    grep -q "c=$canon;" "$m" && msg=$(cat "$m")
		done
		[ -n "$msg" ] || sleep 0.1
		_i=$((_i + 1))
	done
	got=$(ar_fields "$msg")
	is "${got%%; dkim=*}" "$ours" "the $c message has our field"
	like "$got" "; dkim=pass header\.d=signer\.example .*header\.s=s2048" \
	    "the $c signature passes through Postfix (header values exact)"
done

postfix_stop
milter_stop
like "$(cat "$PF/maillog")" "milter" "Postfix logged its milter traffic"
is "$(grep -c 'milter-reject\|milter.*default_action\|can.t read' "$PF/maillog")" "0" \
    "Postfix logged no milter error"
done_testing
