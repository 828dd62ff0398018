/*
 * dns_net.c - the clock and the TCP exchange (RFC 7766) used when a UDP
 * answer was truncated: connect, send the query with its two-octet length,
 * read one reply of at most 65535 octets, all within the caller's deadline.
 * Non-blocking sockets and poll(), so no step can outlive the budget.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/dns_int.h"

/* dns_now_ms - milliseconds on the monotonic clock */
uint64_t
dns_now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* dns_now_us - microseconds on the monotonic clock */
uint64_t
dns_now_us(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* wait_fd - poll fd for events until deadline; 0 ready, -1 timeout/error */
static int
wait_fd(int fd, short events, uint64_t deadline, char *err, size_t errlen)
{
	struct pollfd pfd;
	uint64_t now;
	int rc;

	for (;;) {
		now = dns_now_ms();
		if (now >= deadline) {
			snprintf(err, errlen, "tcp: timeout");
			return -1;
		}
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		rc = poll(&pfd, 1, (int)(deadline - now));
		if (rc > 0)
			return 0;
		if (rc == -1 && errno != EINTR) {
			snprintf(err, errlen, "tcp: poll: %s", strerror(errno));
			return -1;
		}
	}
}

/* io_all - send or receive exactly len octets before deadline */
static int
io_all(int fd, bool out, uint8_t *buf, size_t len, uint64_t deadline, char *err,
    size_t errlen)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		if (wait_fd(fd, out ? POLLOUT : POLLIN, deadline, err,
		        errlen) == -1)
			return -1;
		if (out)
			n = send(fd, buf + done, len - done, MSG_NOSIGNAL);
		else
			n = recv(fd, buf + done, len - done, 0);
		if (n == 0) {
			snprintf(err, errlen, "tcp: connection closed");
			return -1;
		}
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			snprintf(err, errlen, "tcp: %s", strerror(errno));
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

/* tcp_connect - a connected non-blocking TCP socket to sv, or -1 */
static int
tcp_connect(
    const struct dns_server *sv, uint64_t deadline, char *err, size_t errlen)
{
	socklen_t sl;
	int fd, soerr = 0;

	fd = socket(
	    sv->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		snprintf(err, errlen, "tcp: socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)&sv->addr, sv->len) == -1) {
		if (errno != EINPROGRESS) {
			snprintf(
			    err, errlen, "tcp: connect: %s", strerror(errno));
			goto fail;
		}
		if (wait_fd(fd, POLLOUT, deadline, err, errlen) == -1)
			goto fail;
		sl = sizeof(soerr);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1 ||
		    soerr != 0) {
			snprintf(err, errlen, "tcp: connect: %s",
			    strerror(soerr ? soerr : errno));
			goto fail;
		}
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/*
 * dns_tcp_exchange - send wire (len octets) to sv over TCP and read one
 * reply before deadline. Returns 0 with *reply (caller frees) and
 * *replylen, or -1 with a reason in err.
 */
int
dns_tcp_exchange(const struct dns_server *sv, const uint8_t *wire, size_t len,
    uint64_t deadline, uint8_t **reply, size_t *replylen, char *err,
    size_t errlen)
{
	uint8_t hdr[2], *buf = NULL, *out;
	size_t n;
	int fd;

	*reply = NULL;
	if (len > 65535 || (out = malloc(len + 2)) == NULL) {
		snprintf(err, errlen, "tcp: out of memory");
		return -1;
	}
	out[0] = (uint8_t)(len >> 8);
	out[1] = (uint8_t)len;
	memcpy(out + 2, wire, len);
	if ((fd = tcp_connect(sv, deadline, err, errlen)) == -1) {
		free(out);
		return -1;
	}
	if (io_all(fd, true, out, len + 2, deadline, err, errlen) == -1 ||
	    io_all(fd, false, hdr, 2, deadline, err, errlen) == -1)
		goto fail;
	n = (size_t)hdr[0] << 8 | hdr[1];
	if ((buf = malloc(n ? n : 1)) == NULL) {
		snprintf(err, errlen, "tcp: out of memory");
		goto fail;
	}
	if (io_all(fd, false, buf, n, deadline, err, errlen) == -1)
		goto fail;
	close(fd);
	free(out);
	*reply = buf;
	*replylen = n;
	return 0;
fail:
	close(fd);
	free(out);
	free(buf);
	return -1;
}
