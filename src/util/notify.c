/*
 * notify.c - the sd_notify(3) datagram written by hand: NOTIFY_SOCKET is
 * a path or, with a leading '@', an abstract name. Failures are logged
 * once and never stop the daemon.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/notify.h"

/* notify_open - connect a datagram socket to $NOTIFY_SOCKET */
int
notify_open(void)
{
	const char *name = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun;
	socklen_t len;
	size_t n;
	int fd;

	if (name == NULL || (name[0] != '/' && name[0] != '@'))
		return -1;
	n = strlen(name);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (n >= sizeof(sun.sun_path)) {
		log_warn("NOTIFY_SOCKET too long: systemd is not told");
		return -1;
	}
	memcpy(sun.sun_path, name, n);
	if (name[0] == '@')
		sun.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
	    (name[0] == '/'));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, len) == -1) {
		log_warn("NOTIFY_SOCKET %s: %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* notify_send - one datagram with state */
void
notify_send(int fd, const char *state, int reloading)
{
	char msg[256];
	struct timespec ts;
	int n;

	if (fd == -1)
		return;
	if (reloading) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		n = snprintf(msg, sizeof(msg),
		    "RELOADING=1\nMONOTONIC_USEC=%llu\n%s",
		    (unsigned long long)ts.tv_sec * 1000000ULL +
		        (unsigned long long)ts.tv_nsec / 1000ULL,
		    state);
	} else
		n = snprintf(msg, sizeof(msg), "%s", state);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return;
	if (send(fd, msg, (size_t)n, MSG_NOSIGNAL) == -1)
		log_warn("systemd notify: %s", strerror(errno));
}
