/*
 * log.c - log_safe() masks what a peer could use to forge or garble a log
 * line (controls, CR/LF, 8-bit octets) and caps the length with a visible
 * cut; log_level_from_name() accepts the LogLevel names.
 */
#include <string.h>

#include "util/log.h"

#include "tap.h"

static const struct {
	const char *name, *in;
	size_t bufsz;
	const char *want;
} cases[] = {
	{ "plain text is unchanged", "mx.example.org", 64, "mx.example.org" },
	{ "NULL is the empty string", NULL, 16, "" },
	{ "CR LF cannot start a new line", "a\r\nb", 16, "a??b" },
	{ "tab and DEL are masked", "a\tb\x7f", 16, "a?b?" },
	{ "8-bit octets are masked", "caf\xc3\xa9", 16, "caf??" },
	{ "escape sequences are masked", "\x1b[2J", 16, "?[2J" },
	{ "fits exactly without a cut", "abcdefg", 8, "abcdefg" },
	{ "too long is cut with ...", "abcdefghij", 8, "abcd..." },
	{ "tiny buffer still terminates", "abcdef", 3, "ab" },
	{ "one-octet buffer is empty", "abc", 1, "" },
};

int
main(void)
{
	char buf[64];
	size_t i;

	plan(27);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(buf, 'X', sizeof(buf));
		is_str(log_safe(cases[i].in, buf, cases[i].bufsz),
		    cases[i].want, "log_safe: %s", cases[i].name);
		ok(strlen(buf) < cases[i].bufsz,
		    "log_safe: %s: stays inside the buffer", cases[i].name);
	}
	is_str(
	    log_safe("x", buf, 0), "", "log_safe: zero-size buffer gives \"\"");
	is_int(log_level_from_name("err"), LOG_LEVEL_ERR, "level err");
	is_int(log_level_from_name("warning"), LOG_LEVEL_WARN, "level warning");
	is_int(log_level_from_name("INFO"), LOG_LEVEL_INFO, "level INFO");
	is_int(log_level_from_name("debug"), LOG_LEVEL_DEBUG, "level debug");
	is_int(log_level_from_name("loud"), -1, "unknown level refused");
	is_int(log_level_from_name(NULL), -1, "NULL level refused");
	return done_testing();
}
