/*
 * utf8.c - one valid UTF-8 sequence (RFC 3629): no overlong form, no
 * surrogate, nothing past U+10FFFF.
 */
#include "util/utf8.h"

/* utf8_seq_len - the valid sequence at s, or 0 */
size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0; /* continuation, overlong lead, or past U+10FFFF */
	if (c == 0xE0 || c == 0xF0)
		lo = c == 0xE0 ? 0xA0 : 0x90; /* RFC 3629 4: overlong */
	else if (c == 0xED)
		hi = 0x9F; /* surrogates */
	else if (c == 0xF4)
		hi = 0x8F; /* past U+10FFFF */
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}
