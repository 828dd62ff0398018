# src/metrics: the counters and the MetricsSocket endpoint (libmicrohttpd)
src_libamcore_la_SOURCES += src/metrics/metrics.h src/metrics/metrics_int.h \
	src/metrics/metrics.c src/metrics/metrics_write.c \
	src/metrics/metrics_http.c
