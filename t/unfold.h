/*
 * unfold.h - the test programs print a formatted field on one line:
 * each fold (LF then tab) becomes one space. Header only.
 */
#ifndef UNFOLD_H
#define UNFOLD_H

/* unfold - replace each fold (LF then tab) by one space, in place */
static inline void
unfold(char *s)
{
	char *r, *w;

	for (r = w = s; *r != '\0'; r++) {
		if (*r == '\n' && r[1] == '\t') {
			*w++ = ' ';
			r++;
		} else
			*w++ = *r;
	}
	*w = '\0';
}

#endif /* UNFOLD_H */
