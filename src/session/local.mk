# src/session: the session core shared by the milter and authcheck
src_libamcore_la_SOURCES += src/session/session.c \
	src/session/session_env.c src/session/session_msg.c \
	src/session/session_data.c src/session/session_verdict.c \
	src/session/session_dmarc.c src/session/session_report.c \
	src/session/session_policy.c src/session/session.h \
	src/session/session_int.h

check_PROGRAMS += t/unit/session
TESTS += t/unit/session
UNIT_TESTS += t/unit/session
t_unit_session_SOURCES = t/unit/session.c
t_unit_session_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_session_LDADD = src/libamcore.la
