/*
 * user.c - UserID "user[:group]" to the ids the daemon switches to. An
 * unknown name and any id 0 (root, or an alias of it) are refused.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "user.h"

/* user_lookup - UserID "user[:group]" to ids; -1 with a message */
int
user_lookup(const char *spec, struct user_ids *u, char *err, size_t errlen)
{
	char name[128];
	const char *colon;
	struct passwd *pw;
	struct group *gr;

	memset(u, 0, sizeof(*u));
	if (spec == NULL)
		return 0;
	strlcpy(name, spec, sizeof(name));
	name[strcspn(name, ":")] = '\0';
	if ((pw = getpwnam(name)) == NULL) {
		snprintf(err, errlen, "UserID: no user '%s'", name);
		return -1;
	}
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	if ((colon = strchr(spec, ':')) != NULL) {
		if ((gr = getgrnam(colon + 1)) == NULL) {
			snprintf(
			    err, errlen, "UserID: no group '%s'", colon + 1);
			return -1;
		}
		u->gid = gr->gr_gid;
	}
	/* an alias of root (uid 0 by another name) is root: refuse it too */
	if (u->uid == 0 || u->gid == 0) {
		snprintf(err, errlen,
		    "UserID %s: %s 0 is root's; authmilter refuses to run as "
		    "root (use a user of its own, e.g. \"UserID authmilter\")",
		    spec, u->uid == 0 ? "uid" : "gid");
		return -1;
	}
	u->set = true;
	return 0;
}
