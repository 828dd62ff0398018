#!/bin/sh
# deps.sh - install what authmilter needs to build, run and test on
# Debian 12 (as root, or through sudo when it is there).
set -eu
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -q
# postfix asks debconf questions; answer them up front
echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
as_root apt-get install -y -q --no-install-recommends \
	build-essential autoconf automake libtool pkg-config git ca-certificates \
	libmilter-dev libspf2-dev libopendkim-dev libldns-dev libbsd-dev \
	libidn2-dev libpsl-dev publicsuffix libssl-dev openssl libmicrohttpd-dev \
	clang clang-format libclang-rt-14-dev valgrind binutils \
	nsd ldnsutils miltertest postfix swaks opendkim opendkim-tools opendmarc \
	python3 python3-yaml python3-authres python3-dkim python3-spf \
	python3-dnspython iproute2 procps \
	m4 util-linux libdb5.3 libldap-2.5-0 liblockfile1 libnsl2 libsasl2-2 \
	libssl3 libwrap0 libsqlite3-dev sqlite3 libpq-dev postgresql \
	zlib1g-dev libxml2-utils
# promtool for t/metrics.sh, unpacked: installing prometheus would start
# a Prometheus server
pr=/var/cache/authmilter-ci/prometheus
if [ ! -x "$pr/root/usr/bin/promtool" ]; then
	as_root mkdir -p "$pr/root"
	(cd "$pr" && as_root apt-get download -q prometheus &&
	    as_root dpkg -x prometheus_*.deb root)
fi
# Sendmail for t/sendmail-milter.sh: installing sendmail-bin would remove
# Postfix (both are the mail-transport-agent), so unpack its packages into
# a folder of their own
sm=/var/cache/authmilter-ci/sendmail
if [ ! -x "$sm/root/usr/libexec/sendmail/sendmail" ]; then
	as_root mkdir -p "$sm/root"
	(cd "$sm" && as_root apt-get download -q sendmail-bin sendmail-base \
	    sendmail-cf && for d in sendmail-*.deb; do
		as_root dpkg -x "$d" root
	done)
fi
