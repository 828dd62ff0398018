/*
 * dns_answer.c - struct dns_answer: make, copy, free, and the small text
 * helpers (status names, reverse names, name normalising). An answer owns
 * its strings; the shared out-of-memory answer is never freed.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns_int.h"

/* Never written: dns_answer_free() recognises it and leaves it alone. */
static const struct dns_answer dns_nomem = {
	.status = DNS_NOMEM,
	.detail = "out of memory",
};

/* dns_answer_nomem - the shared answer for "the lookup could not run" */
struct dns_answer *
dns_answer_nomem(void)
{
	return (struct dns_answer *)&dns_nomem;
}

/* dns_name_normalize - lower-case in, drop one trailing dot; -1 if long */
int
dns_name_normalize(const char *in, char *out, size_t outsz)
{
	size_t i, n;

	n = strlen(in);
	if (n > 1 && in[n - 1] == '.' && in[n - 2] != '\\')
		n--;
	else if (n == 1 && in[0] == '.')
		n = 0;
	if (n >= outsz)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[n] = '\0';
	return 0;
}

/* dns_answer_new - an empty TEMPFAIL answer for qname/type, or NULL */
struct dns_answer *
dns_answer_new(const char *qname, enum dns_type type)
{
	struct dns_answer *a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	if ((a->qname = strdup(qname)) == NULL) {
		free(a);
		return NULL;
	}
	a->qtype = type;
	a->status = DNS_TEMPFAIL;
	return a;
}

/* dns_answer_set - set status and the detail text for logs */
void
dns_answer_set(struct dns_answer *a, enum dns_status st, const char *fmt, ...)
{
	va_list ap;

	a->status = st;
	va_start(ap, fmt);
	(void)vsnprintf(a->detail, sizeof(a->detail), fmt, ap);
	va_end(ap);
}

/* rr_is_name - does this record type carry one domain name? */
static bool
rr_is_name(enum dns_type t)
{
	return t == DNS_T_PTR || t == DNS_T_CNAME || t == DNS_T_NS;
}

/* rr_copy - deep copy of one record; -1 when out of memory */
static int
rr_copy(struct dns_rr *dst, const struct dns_rr *src)
{
	*dst = *src;
	if (rr_is_name(src->type)) {
		dst->u.name = strdup(src->u.name);
		return dst->u.name == NULL ? -1 : 0;
	}
	if (src->type == DNS_T_MX) {
		dst->u.mx.exchange = strdup(src->u.mx.exchange);
		return dst->u.mx.exchange == NULL ? -1 : 0;
	}
	if (src->type == DNS_T_TXT || src->type == DNS_T_SPF) {
		/* one more octet so the data is also a C string */
		if ((dst->u.txt.data = malloc(src->u.txt.len + 1)) == NULL)
			return -1;
		memcpy(dst->u.txt.data, src->u.txt.data, src->u.txt.len + 1);
	}
	return 0;
}

/* rr_free - free what one record owns */
static void
rr_free(struct dns_rr *rr)
{
	if (rr_is_name(rr->type))
		free(rr->u.name);
	else if (rr->type == DNS_T_MX)
		free(rr->u.mx.exchange);
	else if (rr->type == DNS_T_TXT || rr->type == DNS_T_SPF)
		free(rr->u.txt.data);
}

/* dns_answer_clone - deep copy; NULL when out of memory */
struct dns_answer *
dns_answer_clone(const struct dns_answer *src)
{
	struct dns_answer *a;
	size_t i;

	if ((a = dns_answer_new(src->qname, src->qtype)) == NULL)
		return NULL;
	a->status = src->status;
	a->ttl = src->ttl;
	a->from_cache = src->from_cache;
	memcpy(a->detail, src->detail, sizeof(a->detail));
	if (src->canonical != NULL &&
	    (a->canonical = strdup(src->canonical)) == NULL)
		goto fail;
	if (src->count > 0) {
		a->rr = calloc(src->count, sizeof(*a->rr));
		if (a->rr == NULL)
			goto fail;
		for (i = 0; i < src->count; i++) {
			if (rr_copy(&a->rr[i], &src->rr[i]) == -1)
				goto fail;
			a->count++;
		}
	}
	return a;
fail:
	dns_answer_free(a);
	return NULL;
}

/* dns_answer_free - free an answer (NULL and the shared NOMEM are no-ops) */
void
dns_answer_free(struct dns_answer *a)
{
	size_t i;

	if (a == NULL || a == &dns_nomem)
		return;
	for (i = 0; i < a->count; i++)
		rr_free(&a->rr[i]);
	free(a->rr);
	free(a->canonical);
	free(a->qname);
	free(a);
}

/* dns_status_name - a status as a word for logs and tests */
const char *
dns_status_name(enum dns_status st)
{
	switch (st) {
	case DNS_OK:
		return "ok";
	case DNS_NXDOMAIN:
		return "nxdomain";
	case DNS_NODATA:
		return "nodata";
	case DNS_TEMPFAIL:
		return "tempfail";
	case DNS_MALFORMED:
		return "malformed";
	case DNS_NOMEM:
		return "nomem";
	}
	return "unknown";
}

/* dns_ptr_name - "d.c.b.a.in-addr.arpa" or the ip6.arpa nibble name */
int
dns_ptr_name(const char *ip, char *buf, size_t bufsz)
{
	static const char hex[] = "0123456789abcdef";
	struct in6_addr a6;
	struct in_addr a4;
	const uint8_t *p;
	size_t off = 0;
	int i, n;

	if (ip == NULL || buf == NULL || bufsz == 0)
		return -1;
	if (inet_pton(AF_INET, ip, &a4) == 1) {
		p = (const uint8_t *)&a4;
		n = snprintf(buf, bufsz, "%u.%u.%u.%u.in-addr.arpa", p[3], p[2],
		    p[1], p[0]);
		return n < 0 || (size_t)n >= bufsz ? -1 : 0;
	}
	if (inet_pton(AF_INET6, ip, &a6) != 1)
		return -1;
	/* 32 nibbles "x." then "ip6.arpa" and the NUL */
	if (bufsz < 64 + sizeof("ip6.arpa"))
		return -1;
	p = (const uint8_t *)&a6;
	for (i = 15; i >= 0; i--) {
		buf[off++] = hex[p[i] & 0xf];
		buf[off++] = '.';
		buf[off++] = hex[p[i] >> 4];
		buf[off++] = '.';
	}
	memcpy(buf + off, "ip6.arpa", sizeof("ip6.arpa"));
	return 0;
}
