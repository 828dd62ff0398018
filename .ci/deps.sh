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
	libidn2-dev libpsl-dev publicsuffix \
	clang clang-format libclang-rt-14-dev valgrind binutils \
	nsd ldnsutils miltertest postfix swaks opendkim opendkim-tools opendmarc \
	python3 python3-yaml python3-authres python3-dkim python3-spf \
	python3-dnspython iproute2 procps \
	libsqlite3-dev sqlite3 libpq-dev postgresql zlib1g-dev
