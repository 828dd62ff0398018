/*
 * notify.h - tell systemd about our state (sd_notify(3) protocol) without
 * libsystemd: one datagram per message to the AF_UNIX socket named in
 * NOTIFY_SOCKET. The socket is connected when opened, so messages still
 * arrive after a chroot. Without NOTIFY_SOCKET every call does nothing.
 */
#ifndef NOTIFY_H
#define NOTIFY_H

/* notify_open - a socket connected to $NOTIFY_SOCKET, or -1 (unset or
 * unusable: nothing is ever sent) */
int notify_open(void);

/* notify_send - send state ("READY=1", ...) on fd; -1 is a no-op.
 * With reloading, "RELOADING=1" and MONOTONIC_USEC= come first, as
 * systemd 253 wants for Type=notify-reload (older ones ignore them). */
void notify_send(int fd, const char *state, int reloading);

#endif /* NOTIFY_H */
