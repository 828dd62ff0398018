/*
 * fuzz-arc-chain.c - arbitrary octets as a message header (one field per
 * line, "name:value", NULs ending the input) grouped into ARC sets by
 * src/arc, then each AMS's h= selection and b= blanking run. A chain
 * accepted must have 1..50 complete sets pointing at fields of the right
 * names; a refusal must say why. Any breach aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arc/arc_check_int.h"

#define FIELDS_MAX 256

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* split - the input into fields (copies into buf) */
static size_t
split(char *buf, struct arc_field *f)
{
	size_t n = 0;
	char *line = buf, *nl, *colon;

	while (*line != '\0' && n < FIELDS_MAX) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if ((colon = strchr(line, ':')) != NULL) {
			*colon = '\0';
			f[n].name = line;
			f[n].value = colon + 1;
			n++;
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return n;
}

/* check_set - the invariants of one accepted set */
static void
check_set(const struct arc_field *f, size_t nf, const struct arc_set *st)
{
	const struct arc_tag *h = arc_tags_get(&st->ams_tags, "h");
	size_t idx[ARC_HLIST_MAX], n;
	struct arc_buf b;

	if (st->aar >= nf || st->ams >= nf || st->as >= nf ||
	    strcasecmp(f[st->ams].name, "ARC-Message-Signature") != 0 ||
	    strcasecmp(f[st->as].name, "ARC-Seal") != 0 ||
	    strcasecmp(f[st->aar].name, "ARC-Authentication-Results") != 0 ||
	    h == NULL)
		abort();
	(void)arc_select_headers(
	    f, nf, h->value, h->valuelen, idx, ARC_HLIST_MAX, &n);
	arc_buf_init(&b, ARC_FIELD_MAX + 16);
	if (arc_blank_b(&b, f[st->as].value) == -1)
		abort(); /* an accepted seal has a b= */
	arc_buf_free(&b);
}

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arc_chain_sets cs;
	struct arc_field f[FIELDS_MAX];
	char *buf = malloc(size + 1);
	size_t nf;
	unsigned i;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	nf = split(buf, f);
	if (arc_chain_group(f, nf, &cs) == 0) {
		if (cs.n > ARC_INSTANCE_MAX)
			abort();
		for (i = 1; i <= cs.n; i++)
			check_set(f, nf, &cs.set[i]);
	} else if (cs.why[0] == '\0') {
		abort();
	}
	free(buf);
	return 0;
}
