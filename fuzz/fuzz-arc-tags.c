/*
 * fuzz-arc-tags.c - arbitrary octets as an ARC tag-list and as a public
 * key record (src/arc). Every tag parsed must lie inside the input with a
 * name; a refusal must say why; a key accepted must be RSA of at least
 * 1024 bits. Any breach aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arc/arc_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *end = in + size;
	struct arc_taglist tl;
	struct arc_key *k;
	char err[96] = "";
	size_t i;

	if (arc_tags_parse(in, size, &tl, err, sizeof(err)) == 0) {
		if (tl.n > ARC_TAGS_MAX)
			abort();
		for (i = 0; i < tl.n; i++)
			if (tl.tag[i].namelen == 0 || tl.tag[i].name < in ||
			    tl.tag[i].name + tl.tag[i].namelen > end ||
			    tl.tag[i].value < in ||
			    tl.tag[i].value + tl.tag[i].valuelen > end)
				abort();
	} else if (err[0] == '\0') {
		abort();
	}
	err[0] = '\0';
	if ((k = arc_key_parse(in, size, 0, err, sizeof(err))) != NULL) {
		if (arc_key_bits(k) < ARC_KEY_BITS_MIN)
			abort();
		arc_key_unref(k);
	} else if (err[0] == '\0') {
		abort();
	}
	return 0;
}
