/*
 * msgfile.c - tests for util/msgfile: fields with their continuation
 * lines, LF and CRLF, the blank line, a line that is not a field starting
 * the body, and the body offset.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "util/msgfile.h"

static const struct {
	const char *name, *in;
	const char *want; /* fields as "name=[value]" joined by '|' */
	const char *body; /* what follows the header */
} cases[] = {
	{ "one field, LF", "A: 1\nB:2\n\nbody\n", "A=[ 1]|B=[2]", "body\n" },
	{ "CRLF", "A: 1\r\nB: 2\r\n\r\nbody\r\n", "A=[ 1]|B=[ 2]", "body\r\n" },
	{ "folded LF", "Subject: a\n\tb\n c\n\nx", "Subject=[ a\n\tb\n c]",
	    "x" },
	{ "folded CRLF", "Subject: a\r\n b\r\n\r\nx", "Subject=[ a\r\n b]",
	    "x" },
	{ "no body", "A: 1\n", "A=[ 1]", "" },
	{ "no blank line, no final LF", "A: 1", "A=[ 1]", "" },
	{ "empty message", "", "", "" },
	{ "only a blank line", "\nbody", "", "body" },
	{ "a line that is no field starts the body",
	    "A: 1\nnot a field\nB: 2\n", "A=[ 1]", "not a field\nB: 2\n" },
	{ "space in the name: no field", "A b: 1\n", "", "A b: 1\n" },
	{ "8-bit in the name: no field", "\xc3\xa9: 1\n", "", "\xc3\xa9: 1\n" },
	{ "empty name: no field", ": 1\n", "", ": 1\n" },
	{ "empty value", "A:\nB:\n\n", "A=[]|B=[]", "" },
	{ "colon in the value", "A: b:c\n\n", "A=[ b:c]", "" },
	{ "continuation at the top is no field", " x\nA: 1\n", "",
	    " x\nA: 1\n" },
};

int
main(void)
{
	struct msgfile m;
	struct msgfile_field f;
	char got[256];
	size_t i, n, len;

	plan((int)(sizeof(cases) / sizeof(cases[0])) * 2);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = strlen(cases[i].in);
		msgfile_init(&m, cases[i].in, len);
		n = 0;
		got[0] = '\0';
		while (msgfile_next_field(&m, &f) && n < sizeof(got))
			n += (size_t)snprintf(got + n, sizeof(got) - n,
			    "%s%.*s=[%.*s]", n > 0 ? "|" : "", (int)f.namelen,
			    f.name, (int)f.valuelen, f.value);
		is_str(got, cases[i].want, "%s: fields", cases[i].name);
		is_str(cases[i].in + msgfile_body(&m), cases[i].body,
		    "%s: body", cases[i].name);
	}
	return done_testing();
}
