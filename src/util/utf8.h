/*
 * utf8.h - UTF-8 validation shared by the modules that check or repair
 * sender text (SMTP identities, report XML).
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/*
 * utf8_seq_len - the length (1 to 4) of the valid UTF-8 sequence that
 * starts at s, of which n bytes are readable (n >= 1), or 0 when it is
 * not one (RFC 3629 section 4: no overlong form, surrogate or code point
 * past U+10FFFF).
 */
size_t utf8_seq_len(const unsigned char *s, size_t n);

#endif
