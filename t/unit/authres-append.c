/*
 * authres-append.c - authres_append: results copied whole with reasons,
 * comments and properties; with a limit, a value too long is left out and
 * named, a reason or comment too long is cut; errors leave dst unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres.h"
#include "tap.h"

/* formatted - dst as one unfolded line (static buffer) */
static const char *
formatted(const struct authres *ar)
{
	static char line[8192];
	char *out = NULL;
	size_t i, n = 0;

	if (authres_format(ar, 0, &out) != AUTHRES_OK)
		return "(format failed)";
	for (i = 0; out[i] != '\0' && n < sizeof(line) - 1; i++)
		if (out[i] != '\n')
			line[n++] = out[i] == '\t' ? ' ' : out[i];
	line[n] = '\0';
	free(out);
	return line;
}

int
main(void)
{
	struct authres *src = authres_new("src.example");
	struct authres *dst = authres_new("mx.example");
	char big[700], want[1200];

	plan(6);
	if (src == NULL || dst == NULL)
		bail_out("authres_new failed");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	if (authres_add_result(src, "spf", AUTHRES_RESULT_PASS, "fine") !=
	        AUTHRES_OK ||
	    authres_add_comment(src, "a comment") != AUTHRES_OK ||
	    authres_add_prop(src, "smtp", "mailfrom", "a@b.example") !=
	        AUTHRES_OK ||
	    authres_add_comment(src, "on the property") != AUTHRES_OK ||
	    authres_add_result(src, "auth", AUTHRES_RESULT_PASS, big) !=
	        AUTHRES_OK ||
	    authres_add_prop(src, "smtp", "auth", big) != AUTHRES_OK)
		bail_out("building the source failed");

	is_int(authres_append(dst, NULL, 0), AUTHRES_OK, "NULL src: nothing");
	is_int(authres_append(dst, src, 512), AUTHRES_OK, "append, max 512");
	snprintf(want, sizeof(want),
	    "mx.example; spf=pass reason=fine (a comment) "
	    "smtp.mailfrom=a@b.example (on the property); auth=pass "
	    "reason=%.248s... (smtp.auth not shown: 699 octets)",
	    big);
	is_str(formatted(dst), want,
	    "the long reason is cut, the long value named, the rest whole");
	authres_free(dst);
	dst = authres_new("mx.example");
	is_int(authres_append(dst, src, 0), AUTHRES_OK, "append, no max");
	ok(authres_lookup_prop(dst, 1, "smtp", "auth") != NULL &&
	        strcmp(authres_lookup_prop(dst, 1, "smtp", "auth"), big) == 0,
	    "without a max the long value is copied whole");
	is_int(authres_append(NULL, src, 0), AUTHRES_EINVAL, "NULL dst");
	authres_free(src);
	authres_free(dst);
	return done_testing();
}
