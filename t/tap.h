/*
 * tap.h - the Test Anything Protocol for C unit tests, header only.
 * ok(), is_int(), is_str(), diag(), done_testing(); exit status 1 when a
 * test failed, so the TAP driver and a plain run agree.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_run, tap_failed;

static void __attribute__((format(printf, 1, 2))) diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

static int __attribute__((format(printf, 2, 3)))
ok(int pass, const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	return pass;
}

#define is_int(got, want, ...)                                       \
	do {                                                         \
		long long tap_g_ = (got), tap_w_ = (want);           \
		if (!ok(tap_g_ == tap_w_, __VA_ARGS__))              \
			diag("got %lld, want %lld", tap_g_, tap_w_); \
	} while (0)

#define is_str(got, want, ...)                                  \
	do {                                                    \
		const char *tap_g_ = (got), *tap_w_ = (want);   \
		int tap_p_ = (tap_g_ == NULL || tap_w_ == NULL) \
		    ? tap_g_ == tap_w_                          \
		    : strcmp(tap_g_, tap_w_) == 0;              \
		if (!ok(tap_p_, __VA_ARGS__))                   \
			diag("got \"%s\", want \"%s\"",         \
			    tap_g_ ? tap_g_ : "(null)",         \
			    tap_w_ ? tap_w_ : "(null)");        \
	} while (0)

/* done_testing - print the plan; returns the exit status for main() */
static int
done_testing(void)
{
	printf("1..%d\n", tap_run);
	if (tap_run == 0) {
		/* a test program that tested nothing has failed */
		printf("not ok 1 - no test ran\n");
		return 1;
	}
	return tap_failed ? 1 : 0;
}

#endif /* TAP_H */
