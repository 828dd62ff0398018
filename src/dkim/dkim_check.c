/*
 * dkim_check.c - DKIM verification of one message with libopendkim: one
 * library handle for the process (created at start-up, then only read),
 * one DKIM handle per message. Key lookups start at end of headers and
 * are joined at end of message (dkim_dns.c); the body is fed only while a
 * signature needs it; every signature up to the cap gets its own result
 * (dkim_result.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkim/dkim_int.h"
#include "util/log.h"

/* verifier_setopt - one dkim_options() call; false on failure */
static bool
verifier_setopt(DKIM_LIB *lib, int opt, void *val, size_t len)
{
	return dkim_options(lib, DKIM_OP_SETOPT, opt, val, len) == DKIM_STAT_OK;
}

/* verifier_configure - library flags, clock drift, callbacks */
static bool
verifier_configure(struct dkim_verifier *v)
{
	/* DELAYSIGPROC: no key lookup inside dkim_eoh(); BADSIGHANDLES:
	 * malformed signatures get a handle, so each gets a result */
	unsigned int flags =
	    DKIM_LIBFLAGS_DELAYSIGPROC | DKIM_LIBFLAGS_BADSIGHANDLES;
	uint64_t drift = v->opt.clock_drift;
	unsigned int bits = v->opt.minimum_key_bits;

	return verifier_setopt(
	           v->lib, DKIM_OPTS_FLAGS, &flags, sizeof(flags)) &&
	    verifier_setopt(
	        v->lib, DKIM_OPTS_CLOCKDRIFT, &drift, sizeof(drift)) &&
	    verifier_setopt(
	        v->lib, DKIM_OPTS_MINKEYBITS, &bits, sizeof(bits)) &&
	    dkim_set_prescreen(v->lib, dkim_dns_prescreen) == DKIM_STAT_OK &&
	    dkim_set_key_lookup(v->lib, dkim_dns_key_lookup) == DKIM_STAT_OK;
}

/* dkim_lib_version - the libopendkim this process runs with (its
 * version word: major, minor, patch, revision octets) */
void
dkim_lib_version(char *buf, size_t bufsz)
{
	uint32_t v = dkim_libversion();

	snprintf(buf, bufsz, "%u.%u.%u", (unsigned)(v >> 24),
	    (unsigned)(v >> 16) & 0xff, (unsigned)(v >> 8) & 0xff);
}

/* dkim_verifier_new - the process-wide verifier; NULL and err on error */
struct dkim_verifier *
dkim_verifier_new(struct dns_resolver *dns, const struct dkim_options *opt,
    char *err, size_t errlen)
{
	struct dkim_verifier *v;

	if ((v = calloc(1, sizeof(*v))) == NULL) {
		strlcpy(err, "DKIM: out of memory", errlen);
		return NULL;
	}
	v->dns = dns;
	if (opt != NULL)
		v->opt = *opt;
	if (v->opt.minimum_key_bits == 0)
		v->opt.minimum_key_bits = 1024;
	if (v->opt.maximum_signatures == 0)
		v->opt.maximum_signatures = 5;
	if ((v->lib = dkim_init(NULL, NULL)) == NULL) {
		strlcpy(err, "DKIM: libopendkim failed to start", errlen);
		free(v);
		return NULL;
	}
	if (!verifier_configure(v)) {
		strlcpy(err, "DKIM: libopendkim refused its options", errlen);
		dkim_verifier_free(v);
		return NULL;
	}
	return v;
}

/* dkim_verifier_free - after every dkim_check is freed */
void
dkim_verifier_free(struct dkim_verifier *v)
{
	if (v == NULL)
		return;
	if (v->lib != NULL)
		dkim_close(v->lib);
	free(v);
}

/* dkim_check_new - state for one message; NULL when out of memory */
struct dkim_check *
dkim_check_new(struct dkim_verifier *v, struct dns_group *group, const char *id)
{
	struct dkim_check *dc;
	DKIM_STAT st;

	if ((dc = calloc(1, sizeof(*dc))) == NULL)
		return NULL;
	dc->v = v;
	dc->group = group;
	dns_budget_init(&dc->budget, v->opt.time_limit_ms);
	strlcpy(dc->id, id != NULL ? id : "-", sizeof(dc->id));
	/* libopendkim keeps the id pointer: dc->id outlives the handle */
	dc->dkim =
	    dkim_verify(v->lib, (const unsigned char *)dc->id, NULL, &st);
	if (dc->dkim == NULL) {
		free(dc);
		return NULL;
	}
	dkim_set_user_context(dc->dkim, dc);
	dc->eoh_status = -1;
	dc->at_eol = true;
	dkim_bodylen_init(&dc->blen[0], false);
	dkim_bodylen_init(&dc->blen[1], true);
	return dc;
}

/* dkim_check_free - forget the message; pending lookups are cancelled */
void
dkim_check_free(struct dkim_check *dc)
{
	if (dc == NULL)
		return;
	dkim_dns_cancel_all(dc);
	if (dc->dkim != NULL)
		dkim_free(dc->dkim);
	free(dc->slots);
	free(dc);
}

/* dkim_check_header - one header field as the MTA gave it: value is what
 * follows the colon (leading space included), folded with LF or CRLF */
int
dkim_check_header(struct dkim_check *dc, const char *name, const char *value)
{
	char *h, safe[64];
	size_t len;
	DKIM_STAT st;

	if (dc->failed)
		return -1;
	if (strcasecmp(name, "DKIM-Signature") == 0 &&
	    ++dc->nsigheaders > DKIM_MAX_SIGFIELDS) {
		dc->nsigskipped++;
		return 0;
	}
	if ((h = dkim_header_join(name, value, &len)) == NULL) {
		if (strlen(name) + strlen(value) <= DKIM_MAX_HEADER) {
			dc->failed = true;
			return -1;
		}
		/* over the cap: left out, so signatures covering it fail */
		log_info("%s: DKIM: header %s too long, not checked", dc->id,
		    log_safe(name, safe, sizeof(safe)));
		return 0;
	}
	st = dkim_header(dc->dkim, (unsigned char *)h, len);
	free(h);
	if (st == DKIM_STAT_NORESOURCE || st == DKIM_STAT_INTERNAL) {
		dc->failed = true;
		return -1;
	}
	if (st != DKIM_STAT_OK)
		log_debug("%s: DKIM: header %s: %s", dc->id,
		    log_safe(name, safe, sizeof(safe)), dkim_getresultstr(st));
	return 0;
}

/* needs_length - does a signature under check carry an l= tag we must
 * compare with the whole body? */
static bool
needs_length(struct dkim_check *dc)
{
	size_t i;

	if (dc->v->opt.allow_partial_body)
		return false;
	for (i = 0; i < dc->nslots; i++) {
		if (!dc->slots[i].active ||
		    dkim_sig_geterror(dc->slots[i].sig) !=
		        DKIM_SIGERROR_UNKNOWN)
			continue;
		if (dkim_sig_gettagvalue(
		        dc->slots[i].sig, false, (unsigned char *)"l") != NULL)
			return true;
	}
	return false;
}

/* dkim_check_eoh - end of headers: libopendkim parses the signatures and
 * our prescreen callback starts the key lookups */
int
dkim_check_eoh(struct dkim_check *dc)
{
	if (dc->failed)
		return -1;
	dc->eoh_status = dkim_eoh(dc->dkim);
	switch (dc->eoh_status) {
	case DKIM_STAT_NORESOURCE:
	case DKIM_STAT_INTERNAL:
	case DKIM_STAT_CBERROR:
		dc->failed = true;
		return -1;
	case DKIM_STAT_OK:
		dc->count_body = needs_length(dc);
		dc->body_done = dkim_minbody(dc->dkim) == 0;
		break;
	default: /* no signature, or a message libopendkim cannot use */
		dc->body_done = true;
		break;
	}
	return 0;
}

/* dkim_check_body - one chunk of body, LF or CRLF line ends */
int
dkim_check_body(struct dkim_check *dc, const unsigned char *p, size_t n)
{
	if (dc->failed)
		return -1;
	if (dc->eoh_status == -1 || (dc->body_done && !dc->count_body))
		return 0;
	if (dkim_body_feed(dc, p, n) == -1) {
		dc->failed = true;
		return -1;
	}
	if (!dc->body_done && !dc->to_eol && dkim_minbody(dc->dkim) == 0) {
		/* dkim_eom() refuses a body cut inside a line */
		if (dc->at_eol)
			dc->body_done = true;
		else
			dc->to_eol = true;
	}
	return 0;
}

/* dkim_check_wants_body - false once no signature needs more body */
bool
dkim_check_wants_body(const struct dkim_check *dc)
{
	return !dc->failed && (!dc->body_done || dc->count_body);
}

/* process_all - verify every signature not yet decided: dkim_eom() stops
 * at the first good one (RFC 6376 allows it, RFC 6008 wants them all) */
static void
process_all(struct dkim_check *dc)
{
	DKIM_STAT st;
	size_t i;
	char msg[128];

	/* SMTP ends the body with CRLF; a file may not: add it as the MTA
	 * would, or dkim_eom() refuses the body */
	if (!dc->at_eol && !dc->body_done &&
	    dkim_body(dc->dkim, (unsigned char *)"\r\n", 2) != DKIM_STAT_OK)
		log_debug("%s: DKIM: could not end the body", dc->id);
	st = dkim_eom(dc->dkim, NULL);
	if (st != DKIM_STAT_OK)
		log_debug("%s: DKIM: dkim_eom: %s: %s", dc->id,
		    dkim_getresultstr(st),
		    log_safe(dkim_geterror(dc->dkim), msg, sizeof(msg)));
	for (i = 0; i < dc->nslots; i++) {
		if (dc->slots[i].over_limit || dc->slots[i].syntax != NULL)
			continue;
		dc->slots[i].process_status =
		    dkim_sig_process(dc->dkim, dc->slots[i].sig);
	}
}

/* dkim_check_eom - finish and append one result per signature to ar */
int
dkim_check_eom(struct dkim_check *dc, struct authres *ar)
{
	if (!dc->failed && dc->eoh_status == DKIM_STAT_OK)
		process_all(dc);
	return dkim_result_add(dc, ar);
}
