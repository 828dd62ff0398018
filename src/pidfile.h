/*
 * pidfile.h - the PidFile, written as root without trusting what is at
 * its path.
 */
#ifndef PIDFILE_H
#define PIDFILE_H

#include <stddef.h>

/* pidfile_put - our pid into path, readable by all; owner_uid: the
 * UserID that may own an existing file besides us (-1: none). 0, or -1
 * with the reason in err. */
int pidfile_put(const char *path, long owner_uid, char *err, size_t errlen);

#endif /* PIDFILE_H */
