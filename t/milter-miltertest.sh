#!/bin/sh
# milter-miltertest.sh - the daemon driven through every milter stage by
# Debian's miltertest (t/milter/*.lua), with DNS from nsd on loopback:
# the exact inserted field, forged-field removal, several messages with
# an abort on one connection, SMTP AUTH, SMTPUTF8 and source routes in
# MAIL FROM, internal clients; no-reply flags only where no PolicyRule
# acts, and a reject at MAIL FROM.
. "$top_srcdir/t/lib/common.sh"
. "$top_srcdir/t/lib/nsd.sh"
. "$top_srcdir/t/lib/milter.sh"
miltertest_require

nsd_start_files "$top_srcdir"/t/zones/milter/*.zone
milter_start

run() {	# run SCRIPT DESCRIPTION [NAME=VALUE...]
	_script=$1
	_desc=$2
	shift 2
	out=$(miltertest_run "$top_srcdir/t/milter/$_script.lua" \
	    srcdir="$top_srcdir" "$@")
	ok $? "$_desc"
	[ -z "$out" ] || diag "$out"
}

run ar-inserted "one field inserted at the top, exact, with iprev, spf, dkim=none"
run ar-forged-removed "an unparseable field with our authserv-id is deleted" case=unparseable
run ar-forged-removed "a forged spf-only field is deleted" case=spf-only
run ar-forged-removed "two forged fields among foreign ones are deleted" case=two-of-four
run ar-forged-removed "a forged id spelled 'test . example' is deleted" case=spaced-id
run ar-forged-removed "a forged id with a quoted piece is deleted" case=quoted-piece
run ar-forged-removed "a forged id after a vertical tab is deleted" case=vt-before
run ar-forged-removed "look-alike ids (test.example.evil) stay" case=lookalike-kept
run multi-message-auth "three messages, one aborted: auth=pass only where AUTH was used"
run internal-host "an InternalHosts client gets 'none' and forged fields still go"
run dkim-hostile "a 300-octet s= and a d= that is no name: accepted, neither echoed"
run smtp-identities "source route ignored; UTF-8 identities echoed with SMTPUTF8 only"

milter_stop
like "$(cat "$MILTER_LOG")" "TCP_NODELAY set on listening fd" \
    "TCP_NODELAY is set on the inet listener"
unlike=$(grep -c 'does not send the milter macro' "$MILTER_LOG")
is "$unlike" "0" "no missing-macro warning when the MTA sends j and i"

milter_start 'PolicyRule reject spf=fail 550 5.7.23 "SPF check failed"'
run policy-reject-mail "a PolicyRule on SPF rejects at MAIL FROM; no reply asked only before it"
milter_stop
like "$(cat "$MILTER_LOG")" "policy reject at mail: PolicyRule on line" \
    "the reject at MAIL FROM is logged with its rule"
done_testing
