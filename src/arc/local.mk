# src/arc: ARC (RFC 8617) verification in libamcore, its unit tests, the
# conformance suite runner and the hostile-chain tests.
src_libamcore_la_SOURCES += src/arc/arc.h src/arc/arc_int.h
src_libamcore_la_SOURCES += src/arc/arc_tags.c src/arc/arc_hash.c \
	src/arc/arc_key.c src/arc/arc_chain.c src/arc/arc_check.c \
	src/arc/arc_result.c src/arc/arc_verify.c
