/*
 * dmarc_check_int.h - the state of a verifier and of one message's check,
 * shared by dmarc_check.c (life cycle) and dmarc_eval.c (end of message:
 * policy, alignment, the result). Internal to src/dmarc.
 */
#ifndef DMARC_CHECK_INT_H
#define DMARC_CHECK_INT_H

#include "dmarc/dmarc_int.h"

struct psl_ctx_st;

#define DMARC_MAX_IDS 8 /* identifier domains walked per message */

struct dmarc_verifier {
	struct dns_resolver *res;
	enum dmarc_mode mode;
	unsigned timeout_ms;
	struct psl_ctx_st *psl; /* psl and auto modes */
};

enum dmarc_probe { PROBE_NONE, PROBE_EXISTS, PROBE_NX, PROBE_FAIL };

/* The organizational domain of one SPF or DKIM identifier. */
struct dmarc_id {
	char domain[DMARC_DOMAIN_MAX];
	char org[DMARC_DOMAIN_MAX];
	bool known, joined;
	struct dmarc_walk walk;
};

enum dmarc_align { DMARC_ALIGN_NO, DMARC_ALIGN_YES, DMARC_ALIGN_UNKNOWN };

struct dmarc_check {
	struct dmarc_verifier *v;
	struct dns_group *g;
	struct dns_budget budget;
	char *from[DMARC_FROM_MAX_FIELDS];
	size_t fromlen[DMARC_FROM_MAX_FIELDS];
	size_t nfrom; /* all seen, also those over the cap */
	bool started, nomem;
	enum dmarc_from_status from_st;
	char domain[DMARC_DOMAIN_MAX];
	struct dmarc_walk walk;
	struct dns_query *probe; /* A of the author domain (np=) */
	enum dmarc_probe exists;
	char probe_detail[96];
	struct dmarc_id *ids[DMARC_MAX_IDS];
	size_t nids;
	char hints[DMARC_MAX_IDS][DMARC_DOMAIN_MAX]; /* normalised */
	size_t nhints, hints_started;
	/* after eom */
	enum authres_result result;
	enum dmarc_policy policy;
	char poldomain[DMARC_DOMAIN_MAX];
	const struct dmarc_record *rec; /* the policy record, in walk */
	char org[DMARC_DOMAIN_MAX];
	bool org_known;
	bool spf_aligned, dkim_aligned; /* an aligned pass of each */
	char reason[2 * DMARC_DOMAIN_MAX + 128];
};

/* dmarc_psl_org - the registrable domain of d by the list */
void dmarc_psl_org(
    const struct dmarc_verifier *, const char *d, char *out, size_t outlen);
/* dmarc_org_of - the organizational domain from a finished walk of
 * start (the list where the mode says so); false when unknown */
bool dmarc_org_of(struct dmarc_check *, struct dmarc_walk *, const char *start,
    char *out, size_t outlen);
/* dmarc_id_prestart - start the walk of an identifier whose alignment
 * will need its organizational domain */
void dmarc_id_prestart(struct dmarc_check *, const char *raw, bool strict);
/* dmarc_hints_start - start the walks of hinted identifiers once the
 * author's record and organizational domain are known */
void dmarc_hints_start(struct dmarc_check *);
/* dmarc_aligned - is identifier raw aligned with the author domain? */
enum dmarc_align dmarc_aligned(
    struct dmarc_check *, const char *raw, bool strict);
/* dmarc_probe_start - start the existence probe when the record at
 * level at calls for it (np= differs from what applies otherwise) */
void dmarc_probe_start(struct dmarc_check *, size_t at);

#endif /* DMARC_CHECK_INT_H */
