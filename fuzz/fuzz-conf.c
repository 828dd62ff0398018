/*
 * fuzz-conf.c - a configuration file of arbitrary bytes. A refused file
 * must name itself in its message ("fuzz.conf:LINE: ..."); an accepted
 * one must answer the lookups the session makes. Any breach aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* LLVMFuzzerTestOneInput - parse, then use the result */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char err[CONF_ERRLEN];
	struct conf *c;

	err[0] = '\0';
	c = conf_parse("fuzz.conf", (const char *)data, len, err, sizeof(err));
	if (c == NULL) {
		if (strncmp(err, "fuzz.conf:", 10) != 0)
			abort();
		return 0;
	}
	(void)conf_is_internal(c, "192.0.2.1");
	(void)conf_is_internal(c, "2001:db8::1");
	(void)conf_is_internal(c, "::ffff:10.0.0.1");
	if (c->dns_timeout_ms < 10 || c->maximum_signatures == 0 ||
	    c->policy == NULL)
		abort();
	conf_unref(c);
	return 0;
}
