/*
 * pidfile.c - our pid, readable by all. Opened as root, so nothing at the
 * path may redirect the write: O_NOFOLLOW refuses a symlink, O_NONBLOCK
 * keeps a FIFO from hanging us, and only a regular file with one link
 * owned by us or UserID is truncated (after the checks, never by O_TRUNC)
 * and written; anything else is refused.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pidfile.h"

/* pidfile_put - see pidfile.h */
int
pidfile_put(const char *path, long owner_uid, char *err, size_t errlen)
{
	char buf[32];
	struct stat st;
	int fd, n;

	fd = open(path,
	    O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
	    0644);
	if (fd == -1) {
		snprintf(err, errlen, "%s%s", strerror(errno),
		    errno == ELOOP ? " (a symlink: refused)" : "");
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    (st.st_uid != geteuid() &&
	        !(owner_uid >= 0 && st.st_uid == (uid_t)owner_uid))) {
		snprintf(err, errlen,
		    "not a regular file with one link owned by us or UserID: "
		    "refused");
		close(fd);
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || fchmod(fd, 0644) == -1 ||
	    write(fd, buf, (size_t)n) != n) {
		snprintf(err, errlen, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	return 0;
}
