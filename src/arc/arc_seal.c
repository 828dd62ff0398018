/*
 * arc_seal.c - whether to seal a message and with which i= and cv=
 * (RFC 8617 5.1): never past i=50, never when the chain failed because of
 * our own DNS trouble (the caller logs it); the AAR and ARC-Seal values.
 */
#include <stdio.h>

#include "arc/arc.h"
#include "arc/arc_int.h"

/* arc_seal_plan - 0 with *i and *cv set when a new set may be added */
int
arc_seal_plan(enum arc_chain chain, unsigned n, bool dns_failed, unsigned *i,
    const char **cv)
{
	if (dns_failed || n >= ARC_INSTANCE_MAX)
		return -1;
	*i = n + 1;
	switch (chain) {
	case ARC_CHAIN_NONE:
		*cv = "none";
		return n == 0 ? 0 : -1;
	case ARC_CHAIN_PASS:
		*cv = "pass";
		return n > 0 ? 0 : -1;
	case ARC_CHAIN_FAIL:
		*cv = "fail";
		return 0;
	}
	return -1;
}

/* arc_seal_aar - the AAR value: i=N; then our A-R field's value */
int
arc_seal_aar(unsigned i, const char *ar, char *out, size_t outsz)
{
	int n = snprintf(out, outsz, "i=%u; %s", i, ar);

	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

/* arc_seal_as_value - the ARC-Seal value up to an empty b= (RFC 8617
 * 4.1.3), to be signed and then completed */
int
arc_seal_as_value(unsigned i, const char *cv, const char *d, const char *s,
    long long t, char *out, size_t outsz)
{
	int n = snprintf(out, outsz,
	    "i=%u; a=rsa-sha256; t=%lld; cv=%s; d=%s; s=%s; b=", i, t, cv, d,
	    s);

	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}
