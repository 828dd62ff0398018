/*
 * tap-plan.c - a test program that misbehaves on purpose, so t/tap-plan.sh
 * can check that t/tap.h turns every way of losing assertions into a
 * failure: fewer tests than planned, more, none planned, a bail-out.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"

/* main - argv[1] names the misbehaviour */
int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "noplan") != 0)
		plan(2);
	ok(1, "first");
	if (strcmp(mode, "bail") == 0)
		bail_out("setup failed");
	if (strcmp(mode, "fewer") == 0)
		return done_testing();
	ok(1, "second");
	if (strcmp(mode, "more") == 0)
		ok(1, "third");
	return done_testing();
}
