# t/: project-wide checks; each module registers its own tests in its
# local.mk.
TESTS += t/headers.sh t/style.sh t/version.sh
EXTRA_DIST += t/headers.sh t/style.sh t/version.sh t/run-all.sh t/data/README.md

# Hardening: the C unit tests under valgrind (normal build only), hostile
# input and DNS faults through the running daemon.
TESTS += t/valgrind-unit.sh
EXTRA_DIST += t/valgrind-unit.sh
TESTS += t/hostile-milter.sh
EXTRA_DIST += t/hostile-milter.sh t/milter-raw.py t/milter/hostile.lua \
	t/zones/hostile/hostile.example.zone \
	t/zones/hostile/2.0.192.in-addr.arpa.zone
TESTS += t/dns-faults-milter.sh
EXTRA_DIST += t/dns-faults-milter.sh
# DMARC end to end through the daemon, with the policy rules
TESTS += t/dmarc-milter.sh t/dmarc-from-milter.sh t/jsonlog.sh t/metrics.sh
EXTRA_DIST += t/dmarc-milter.sh t/dmarc-from-milter.sh t/jsonlog.sh t/metrics.sh t/zones/dmarcmilter/dmarc.example.zone \
	t/zones/dmarcmilter/2.0.192.in-addr.arpa.zone
# time: slow clients, slow DNS, TTL 0, hung-up clients
TESTS += t/slow-client.sh
EXTRA_DIST += t/slow-client.sh t/zones/slow/slow.example.zone \
	t/zones/slow/2.0.192.in-addr.arpa.zone
# reload: SIGUSR1 under load, a bad file, a restart-only key
TESTS += t/reload.sh
EXTRA_DIST += t/reload.sh
# Chroot: an empty directory is enough with Nameservers (as root)
TESTS += t/chroot.sh
EXTRA_DIST += t/chroot.sh
# systemd notification: READY=1, RELOADING=1 around a reload
TESTS += t/notify.sh
EXTRA_DIST += t/notify.sh
# bench/soak.sh: 100 000 messages through the daemon, RSS and descriptors
# watched; long, so not in make check
EXTRA_DIST += bench/soak.sh

# Privileges: UserID root and its aliases refused, PidFile and the unix
# socket never followed through a symlink or hard link (as root; the
# LD_PRELOAD helper swaps the socket file right after the bind).
TESTS += t/privileges.sh
EXTRA_DIST += t/privileges.sh
check_LTLIBRARIES = t/lib/listen-swap.la
t_lib_listen_swap_la_SOURCES = t/lib/listen-swap.c
t_lib_listen_swap_la_CFLAGS = $(WARN_CFLAGS)
t_lib_listen_swap_la_LDFLAGS = -module -avoid-version -shared \
	-rpath $(abs_builddir)/t/lib

# Memory: RSS comes back after a header bomb and 1 000 signatures through
# the running daemon (bench/burst-rss.sh without the 50 MB body).
TESTS += t/memory-burst.sh
EXTRA_DIST += t/memory-burst.sh

# t/tap.h itself: a lost assertion or a failed setup fails the program
check_PROGRAMS += t/tap-plan
t_tap_plan_SOURCES = t/tap-plan.c
t_tap_plan_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/t
TESTS += t/tap-plan.sh
EXTRA_DIST += t/tap-plan.sh
