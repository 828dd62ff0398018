# src/session: the session core shared by the milter and authcheck
src_libamcore_la_SOURCES += src/session/session.c \
	src/session/session_env.c src/session/session_msg.c \
	src/session/session_policy.c src/session/session.h \
	src/session/session_int.h
