/*
 * user.h - the UserID key as ids: looked up at startup, and again by a
 * reload only when the value changed.
 */
#ifndef USER_H
#define USER_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

struct user_ids {
	uid_t uid;
	gid_t gid;
	bool set; /* UserID given */
};

/* user_lookup - spec ("user[:group]", NULL: none) to u; 0, or -1 with a
 * message in err (unknown user or group, or an id 0) */
int user_lookup(const char *spec, struct user_ids *u, char *err, size_t errlen);

#endif /* USER_H */
