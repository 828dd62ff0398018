/*
 * tap.h - the Test Anything Protocol for C unit tests, header only.
 * plan(), ok(), is_int(), is_str(), diag(), bail_out(), done_testing();
 * exit status 1 when a test failed or the number run differs from the
 * plan, so a test that silently stops early fails.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_run, tap_failed, tap_planned = -1;

/* plan - declare how many tests will run; call it first, exactly once */
static void
plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

/* diag - a comment line in the TAP output */
static void __attribute__((format(printf, 1, 2), unused))
diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

/* bail_out - a setup failure: stop the whole test program, failed */
static void __attribute__((format(printf, 1, 2), noreturn, unused))
bail_out(const char *fmt, ...)
{
	va_list ap;

	fputs("Bail out! ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	exit(1);
}

/* ok - one test: pass is true when it passed */
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

/* done_testing - check the plan; returns the exit status for main() */
static int
done_testing(void)
{
	if (tap_planned < 0) {
		/* without a plan, assertions could vanish unnoticed */
		printf("1..%d\nnot ok %d - no plan() declared\n", tap_run + 1,
		    tap_run + 1);
		return 1;
	}
	if (tap_run != tap_planned) {
		diag("planned %d tests but ran %d", tap_planned, tap_run);
		return 1;
	}
	return tap_failed ? 1 : 0;
}

#endif /* TAP_H */
