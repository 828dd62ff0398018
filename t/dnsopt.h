/*
 * dnsopt.h - the resolver options the DNS test programs (dnsq, iprevq)
 * share: -s nameservers and -t timeout in milliseconds. Header only.
 */
#ifndef DNSOPT_H
#define DNSOPT_H

#include <stdbool.h>
#include <stdlib.h>

#include "dns/dns.h"

/* dns_test_option - apply option ch (with arg) to cfg; false when ch is
 * not one of ours; *errstr set when arg is out of range */
static inline bool
dns_test_option(
    int ch, const char *arg, struct dns_config *cfg, const char **errstr)
{
	switch (ch) {
	case 's':
		cfg->nameservers = arg;
		return true;
	case 't':
		cfg->timeout_ms = (unsigned)strtonum(arg, 1, 60000, errstr);
		return true;
	default:
		return false;
	}
}

#endif /* DNSOPT_H */
