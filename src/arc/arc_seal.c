/*
 * arc_seal.c - whether to seal a message and with which i= and cv=
 * (RFC 8617 5.1): never past i=50, never when the chain failed because of
 * our own DNS trouble (the caller logs it).
 */
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
