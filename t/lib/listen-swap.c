/*
 * listen-swap.c - LD_PRELOAD helper for t/privileges.sh. Right after the
 * daemon's listen() on a unix socket it does what a user who can write
 * the socket's directory could do before the daemon gives the socket to
 * UserID: moves the socket aside and puts a symlink (SWAP_MODE=symlink)
 * or a hard link (SWAP_MODE=hardlink) to SWAP_VICTIM at its path, or
 * (SWAP_MODE=socket) another root-owned listening socket, as if one had
 * been renamed there. Without SWAP_MODE it changes nothing. Test code
 * only: never installed.
 */
#define _GNU_SOURCE

#include <sys/socket.h>
#include <sys/un.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int listen(int fd, int backlog);

/* other_socket - another listening socket at sun's path */
static void
other_socket(const struct sockaddr_un *sun, int (*real)(int, int))
{
	int s;

	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return;
	if (bind(s, (const struct sockaddr *)sun, sizeof(*sun)) == -1 ||
	    real(s, 1) == -1)
		close(s);
	/* else kept open for the life of the process */
}

/* swap - replace the socket file bound to fd as SWAP_MODE says */
static void
swap(int fd, int (*real)(int, int))
{
	const char *mode = getenv("SWAP_MODE"), *victim = getenv("SWAP_VICTIM");
	struct sockaddr_un sun;
	socklen_t len = sizeof(sun);
	char aside[sizeof(sun.sun_path) + 8];

	if (mode == NULL || victim == NULL ||
	    getsockname(fd, (struct sockaddr *)&sun, &len) == -1 ||
	    sun.sun_family != AF_UNIX || sun.sun_path[0] == '\0')
		return;
	snprintf(aside, sizeof(aside), "%s.aside", sun.sun_path);
	if (rename(sun.sun_path, aside) == -1)
		return;
	if (strcmp(mode, "symlink") == 0)
		(void)!symlink(victim, sun.sun_path);
	else if (strcmp(mode, "hardlink") == 0)
		(void)!link(victim, sun.sun_path);
	else if (strcmp(mode, "socket") == 0)
		other_socket(&sun, real);
}

/* listen - the real listen(), then the swap */
int
listen(int fd, int backlog)
{
	int (*real)(int, int);
	int rc;

	*(void **)&real = dlsym(RTLD_NEXT, "listen");
	if (real == NULL)
		return -1;
	if ((rc = real(fd, backlog)) == 0)
		swap(fd, real);
	return rc;
}
