/*
 * fuzz-policy-reply.c - the SMTP reply builder, the sanitizer and the
 * reply templates on arbitrary bytes. Input: one class byte ('4', '5' or
 * other: either), then rcode, xcode, text and an SPF explanation split at
 * LF. Checks, aborting otherwise: a built reply is 4xx/5xx with a
 * same-class xcode, printable text and mtext with every '%' doubled; a
 * template that passes its check expands, with hostile values, into text
 * the builder accepts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "policy/policy_int.h"

#define PARTS 4

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* check_reply - the builder's promises about r */
static void
check_reply(const struct policy_reply *r)
{
	size_t i, o = 0;

	if ((r->rcode[0] != '4' && r->rcode[0] != '5') ||
	    (r->xcode[0] != '\0' && r->xcode[0] != r->rcode[0]) ||
	    strlen(r->text) > POLICY_TEXT_MAX)
		abort();
	for (i = 0; r->text[i] != '\0'; i++, o++) {
		if (r->text[i] < 0x20 || r->text[i] > 0x7e)
			abort();
		if (r->mtext[o] != r->text[i])
			abort();
		if (r->text[i] == '%' && r->mtext[++o] != '%')
			abort();
	}
	if (r->mtext[o] != '\0')
		abort();
}

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_tmpl_vars vars = { 0 };
	struct policy_reply r;
	char *buf, *part[PARTS] = { 0 }, *p, err[256];
	char text[POLICY_TEXT_MAX + 1], clean[64];
	char cls;
	size_t i;

	if (size < 1 || (buf = malloc(size)) == NULL)
		return 0;
	cls = data[0] == '4' || data[0] == '5' ? (char)data[0] : 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	for (i = 0, p = buf; i < PARTS && p != NULL; i++) {
		part[i] = p;
		if ((p = strchr(p, '\n')) != NULL)
			*p++ = '\0';
	}
	if (policy_reply_build(
	        &r, cls, part[0], part[1], part[2], err, sizeof(err)) == 0)
		check_reply(&r);
	policy_reply_sanitize(part[3], clean, sizeof(clean));
	if (strlen(clean) >= sizeof(clean))
		abort();
	if (part[2] != NULL &&
	    policy_tmpl_check(part[2], err, sizeof(err)) == 0) {
		vars.exp = vars.from = vars.d = part[3];
		vars.result = "fail";
		vars.method = "spf";
		policy_tmpl_expand(part[2], &vars, text, sizeof(text));
		if (policy_reply_build(
		        &r, 0, "550", "5.7.1", text, err, sizeof(err)) != 0) {
			fprintf(stderr, "expanded template refused: %s\n", err);
			abort();
		}
		check_reply(&r);
	}
	free(buf);
	return 0;
}
