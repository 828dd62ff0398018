# src: build rules for this module (included by Makefile.am)

# authmilter: the daemon (main.c) and its libmilter adapter (milter.c)
sbin_PROGRAMS += authmilter
authmilter_SOURCES = src/main.c src/milter.c src/milter.h \
	src/reload.c src/reload.h src/user.c src/user.h src/pidfile.c src/pidfile.h \
	src/store.c src/store.h
authmilter_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
authmilter_LDADD = src/libamcore.la $(MILTER_LIBS)
dist_man_MANS += src/authmilter.8 src/authmilter.conf.5

# authcheck: the same session core driven from the command line
bin_PROGRAMS += authcheck
authcheck_SOURCES = src/authcheck.c src/authres/authres_json.c \
	src/authres/authres_json.h
authcheck_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
authcheck_LDADD = src/libamcore.la
dist_man_MANS += src/authcheck.1
TESTS += t/authcheck.sh
EXTRA_DIST += t/authcheck.sh \
	t/zones/authcheck/authcheck.example.zone \
	t/zones/authcheck/100.51.198.in-addr.arpa.zone \
	t/zones/authcheck/xn--bcher-kva.example.zone

# The daemon against real peers: miltertest (Lua scripts) and Postfix.
TESTS += t/milter-miltertest.sh t/postfix-milter.sh t/sendmail-milter.sh
EXTRA_DIST += t/milter-miltertest.sh t/postfix-milter.sh t/lib/milter.sh \
	t/sendmail-milter.sh t/zones/sendmail/smsender.example.zone \
	t/zones/sendmail/2.0.0.127.in-addr.arpa.zone \
	t/milter/lib.lua t/milter/ar-inserted.lua \
	t/milter/ar-forged-removed.lua t/milter/multi-message-auth.lua \
	t/milter/internal-host.lua t/milter/policy-reject-mail.lua \
	t/milter/dkim-hostile.lua \
	t/milter/smtp-identities.lua \
	t/zones/milter/sender.example.zone \
	t/zones/milter/2.0.192.in-addr.arpa.zone
