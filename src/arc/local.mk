# src/arc: ARC (RFC 8617) verification in libamcore, its unit tests, the
# conformance suite runner and the hostile-chain tests.
src_libamcore_la_SOURCES += src/arc/arc.h src/arc/arc_int.h
