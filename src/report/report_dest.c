/*
 * report_dest.c - the destinations of one aggregate report. Every reason
 * an address was left out is counted, so a report that goes nowhere is
 * marked with the reason that matters most: a DNS failure first (the
 * report stays pending and is tried again), then refused authorization,
 * then suppression.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report/report_dest.h"
#include "report/report_query.h"
#include "report/report_verify.h"

/* Addresses left out, by reason. */
struct dest_count {
	size_t bad, suppressed, refused, tempfail;
	const char *last_refused;
};

/* dest_one - is a usable for in? counts the reason when it is not */
static int
dest_one(const struct report_dest_in *in, const struct report_rua *a,
    struct dest_count *c)
{
	enum report_verdict vr;

	if (!report_addr_ok(a->addr)) {
		c->bad++;
		return 0;
	}
	/* never to ourselves: a report about our own reports loops */
	if (strcasecmp(a->addr, in->self) == 0 ||
	    report_query_suppressed(in->rs, a->addr)) {
		c->suppressed++;
		return 0;
	}
	if (in->v == NULL)
		return 1;
	vr = report_verify_dest(
	    in->v, in->policy_domain, report_addr_domain(a->addr));
	if (vr == REPORT_DEST_TEMPFAIL) {
		c->tempfail++;
		return 0;
	}
	if (vr == REPORT_DEST_REFUSED) {
		c->refused++;
		c->last_refused = a->addr;
		return 0;
	}
	return 1;
}

/* report_dest_pick - filter the rua= list of in */
enum report_to_status
report_dest_pick(const struct report_dest_in *in, struct report_rua *to,
    size_t *n, char *detail, size_t dlen)
{
	struct report_rua all[REPORT_RUA_MAX];
	struct dest_count c;
	size_t i, na;

	memset(&c, 0, sizeof(c));
	*n = 0;
	na = report_rua_parse(in->rua, all, REPORT_RUA_MAX);
	for (i = 0; i < na; i++)
		if (dest_one(in, &all[i], &c))
			to[(*n)++] = all[i];
	if (*n > 0)
		return REPORT_TO_OK;
	if (c.tempfail > 0) {
		snprintf(detail, dlen, "_report._dmarc lookup failed: retry");
		return REPORT_TO_TEMPFAIL;
	}
	if (c.refused > 0) {
		snprintf(detail, dlen,
		    "%s: %s._report._dmarc.%s has no v=DMARC1 record",
		    c.last_refused, in->policy_domain,
		    report_addr_domain(c.last_refused));
		return REPORT_TO_UNVERIFIED;
	}
	if (c.suppressed > 0) {
		snprintf(detail, dlen, "every rua address is suppressed");
		return REPORT_TO_SUPPRESSED;
	}
	if (na == 0 && c.bad == 0) {
		snprintf(
		    detail, dlen, "the policy has no rua= mailto: address");
		return REPORT_TO_NONE;
	}
	snprintf(detail, dlen, "no usable rua address");
	return REPORT_TO_FAILED;
}

/* report_dest_limit - keep the addresses that take size octets */
enum report_to_status
report_dest_limit(
    struct report_rua *to, size_t *n, uint64_t size, char *detail, size_t dlen)
{
	size_t i, k = 0;

	for (i = 0; i < *n; i++)
		if (to[i].limit == 0 || size <= to[i].limit)
			to[k++] = to[i];
	if (k == 0 && *n > 0) {
		snprintf(detail, dlen,
		    "the mail (%" PRIu64 " octets) is over every !size limit",
		    size);
		*n = 0;
		return REPORT_TO_TOOBIG;
	}
	*n = k;
	return k > 0 ? REPORT_TO_OK : REPORT_TO_FAILED;
}

/* report_dest_list - the addresses joined by ", " */
void
report_dest_list(const struct report_rua *to, size_t n, char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strlen(buf) + 2 + strlen(to[i].addr) >= len)
			break;
		if (i > 0)
			strlcat(buf, ", ", len);
		strlcat(buf, to[i].addr, len);
	}
}

/* report_dest_listed - look for addr between the ", " separators */
int
report_dest_listed(const char *list, const char *addr)
{
	size_t n = strlen(addr), k;

	while (*list != '\0') {
		k = strcspn(list, ",");
		if (k == n && strncasecmp(list, addr, n) == 0)
			return 1;
		list += k;
		list += strspn(list, ", ");
	}
	return 0;
}

/* report_to_status_name - the word dmarc_sent keeps */
const char *
report_to_status_name(enum report_to_status st)
{
	switch (st) {
	case REPORT_TO_OK:
		return "sent";
	case REPORT_TO_NONE:
	case REPORT_TO_SUPPRESSED:
		return "suppressed";
	case REPORT_TO_UNVERIFIED:
		return "unverified";
	case REPORT_TO_TEMPFAIL:
		return "deferred";
	case REPORT_TO_TOOBIG:
	case REPORT_TO_FAILED:
		break;
	}
	return "failed";
}
