/*
 * main.c - the authmilter daemon: options, config, the milter socket, the
 * pidfile, the switch to UserID, then smfi_main. Any startup failure is
 * fatal and reported on the terminal even when daemonizing (the parent
 * waits for the child to say it is ready). It refuses to serve as root.
 * The only file with process-wide mutable state.
 */
#define _GNU_SOURCE /* setresuid, setresgid */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "config.h"
#include "conf/conf.h"
#include "dkim/dkim_check.h"
#include "dns/dns.h"
#include "milter.h"
#include "report/report_queue.h"
#include "session/session.h"
#include "spf/spf_check.h"
#include "util/log.h"
#include "util/memtrim.h"

#define MAIN_DEFAULT_SOCKET "inet:8894@127.0.0.1"
#define MAIN_EX_USAGE 64
#define MAIN_FD_SCAN 4096 /* fds looked at for the new listening socket */

/* Process-wide startup state (house style 6: only here). */
static int main_ready_fd = -1;        /* daemon child -> waiting parent */
static bool main_stderr = true;       /* fatal() also prints to stderr */
static const char *main_pidfile_path; /* written by us: remove at exit */

struct main_user {
	uid_t uid;
	gid_t gid;
	bool set; /* UserID given */
};

/* fatal - report a startup failure where the operator sees it, exit */
static void __attribute__((noreturn, format(printf, 2, 3)))
fatal(int code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("%s", msg);
	if (main_ready_fd != -1)
		(void)!write(main_ready_fd, msg, strlen(msg));
	else if (main_stderr)
		fprintf(stderr, "authmilter: %s\n", msg);
	exit(code);
}

/* usage - the synopsis on stderr */
static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
	    "usage: authmilter [-c CONFIG] [-p SOCKET] [-f] [-n] "
	    "[-V]\n");
	exit(MAIN_EX_USAGE);
}

/* main_version - our version, then the libraries' as they run */
static void __attribute__((noreturn)) main_version(void)
{
	unsigned int ma = 0, mi = 0, pl = 0;
	char spf[32], dkim[32];

	smfi_version(&ma, &mi, &pl);
	spf_lib_version(spf, sizeof(spf));
	dkim_lib_version(dkim, sizeof(dkim));
	printf("authmilter %s\n", PACKAGE_VERSION);
	printf("libmilter %u.%u.%u, libspf2 %s, libopendkim %s, libldns %s\n",
	    ma, mi, pl, spf, dkim, dns_lib_version());
	exit(0);
}

/* main_user_lookup - UserID "user[:group]" to ids; -1 with a message */
static int
main_user_lookup(
    const char *spec, struct main_user *u, char *err, size_t errlen)
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

/* main_has_root - is any of our real, effective or saved ids 0? */
static bool
main_has_root(void)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) == -1 || getresgid(&rg, &eg, &sg) == -1)
		return true; /* cannot tell: assume the worst */
	return ru == 0 || eu == 0 || su == 0 || rg == 0 || eg == 0 || sg == 0;
}

/* main_daemonize - fork; the parent exits once the child is ready or
 * prints why it failed and exits with the child's status */
static void
main_daemonize(void)
{
	char msg[1024];
	ssize_t n;
	size_t got = 0;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) == -1)
		fatal(1, "pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		fatal(1, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(fds[0]);
		main_ready_fd = fds[1];
		if (setsid() == -1)
			fatal(1, "setsid: %s", strerror(errno));
		return;
	}
	close(fds[1]);
	while (got < sizeof(msg) - 1 &&
	    ((n = read(fds[0], msg + got, sizeof(msg) - 1 - got)) > 0 ||
	        (n == -1 && errno == EINTR)))
		if (n > 0)
			got += (size_t)n;
	msg[got] = '\0';
	if (got == 1 && msg[0] == '.')
		_exit(0);
	if (got > 0)
		fprintf(stderr, "authmilter: %s\n", msg);
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		_exit(WEXITSTATUS(status) != 0 ? WEXITSTATUS(status) : 1);
	fprintf(stderr, "authmilter: the daemon died during startup\n");
	_exit(1);
}

/* main_unix_path - the path of a unix:/local: socket spec, else NULL */
static const char *
main_unix_path(const char *sock)
{
	if (strncasecmp(sock, "unix:", 5) == 0)
		return sock + 5;
	if (strncasecmp(sock, "local:", 6) == 0)
		return sock + 6;
	return NULL;
}

/* main_unix_stale - may the existing socket file at path be removed?
 * Only when nothing answers on it (a crashed daemon's leftover). */
static bool
main_unix_stale(const char *path)
{
	struct sockaddr_un sun;
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) == -1)
		return false; /* nothing there */
	if (!S_ISSOCK(st.st_mode))
		fatal(1, "%s exists and is not a socket", path);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		fatal(1, "socket: %s", strerror(errno));
	rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
	if (rc == 0)
		fatal(1, "%s: another milter is listening there", path);
	return true;
}

/* main_fds_open - mark which of the first MAIN_FD_SCAN fds are open */
static void
main_fds_open(unsigned char *open_fds)
{
	int fd;

	for (fd = 0; fd < MAIN_FD_SCAN; fd++)
		open_fds[fd] = fcntl(fd, F_GETFD) != -1;
}

/* main_new_listener - the listening socket that appeared since before[]
 * (the one smfi_opensocket made), or -1 */
static int
main_new_listener(const unsigned char *before)
{
	int fd, listening;
	socklen_t len;

	for (fd = 0; fd < MAIN_FD_SCAN; fd++) {
		if (before[fd] || fcntl(fd, F_GETFD) == -1)
			continue;
		len = sizeof(listening);
		if (getsockopt(
		        fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 &&
		    listening)
			return fd;
	}
	return -1;
}

/* main_nodelay - TCP_NODELAY on a TCP listener: accepted sockets inherit
 * it on Linux, which removes the ~40 ms Nagle/delayed-ACK stall between
 * the two replies at end of message (libmilter exposes no socket to set
 * it on) */
static void
main_nodelay(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int on = 1;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6))
		return;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == -1)
		log_warn(
		    "TCP_NODELAY on the milter socket: %s", strerror(errno));
	else
		log_debug("TCP_NODELAY set on listening fd %d", fd);
}

/*
 * main_unix_bound_here - is the socket file that fd (O_PATH) holds the
 * one listener listens on? Connect to that very inode through
 * /proc/self/fd and look for the connection on listener: only a
 * connection from this process counts (anyone may connect meanwhile).
 */
static bool
main_unix_bound_here(int fd, int listener)
{
	struct sockaddr_un sun;
	struct pollfd pfd = { listener, POLLIN, 0 };
	struct ucred cr;
	socklen_t len;
	bool ours = false;
	int c, a, i;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "/proc/self/fd/%d", fd);
	if ((c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		fatal(1, "socket: %s", strerror(errno));
	if (connect(c, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(c);
		return false;
	}
	/* a unix connect is queued at once: nothing pending, not ours */
	for (i = 0; i < 64 && !ours && poll(&pfd, 1, 0) == 1; i++) {
		if ((a = accept4(listener, NULL, NULL, SOCK_CLOEXEC)) == -1)
			break;
		len = sizeof(cr);
		ours = getsockopt(a, SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 &&
		    cr.pid == getpid();
		close(a);
	}
	close(c);
	return ours;
}

/*
 * main_unix_give - hand the unix socket just bound at path to UserID.
 * A chown by path would follow whatever a user who can write the socket's
 * directory put there after the bind (a symlink to /etc/shadow). So the
 * last component is opened with O_PATH|O_NOFOLLOW, the inode that fd holds
 * must be a socket we (root) own with a single link (not a link to another
 * file) that our listener answers on (not another root socket renamed
 * there), and fchownat(AT_EMPTY_PATH) changes that very inode, never a
 * path. Binding as UserID instead would need the directory writable by
 * UserID, and systemd's RuntimeDirectory is root's.
 */
static void
main_unix_give(const char *path, int listener, const struct main_user *u)
{
	struct stat st;
	int fd;

	if ((fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC)) == -1)
		fatal(1, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1)
		fatal(1, "%s: %s", path, strerror(errno));
	if (!S_ISSOCK(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_nlink != 1 || !main_unix_bound_here(fd, listener))
		fatal(1,
		    "%s was replaced after the bind (not our socket any "
		    "more): refusing to change its owner",
		    path);
	if (fchownat(fd, "", u->uid, u->gid, AT_EMPTY_PATH) == -1)
		fatal(1, "chown %s: %s", path, strerror(errno));
	close(fd);
}

/* main_open_socket - the milter socket, with UMask for unix sockets */
static void
main_open_socket(
    const char *sock, const struct conf *c, const struct main_user *u)
{
	static unsigned char before[MAIN_FD_SCAN];
	const char *path = main_unix_path(sock);
	bool stale = path != NULL && main_unix_stale(path);
	int listener;

	if (smfi_setconn((char *)sock) != MI_SUCCESS)
		fatal(78, "Socket %s: not a milter socket", sock);
	main_fds_open(before);
	umask(c->umask);
	if (smfi_opensocket(stale) != MI_SUCCESS)
		fatal(
		    1, "cannot listen on %s (in use, or no permission?)", sock);
	if ((listener = main_new_listener(before)) == -1)
		fatal(1, "%s: no listening socket after smfi_opensocket", sock);
	main_nodelay(listener);
	/* the MTA connects as its own user: the socket belongs to ours */
	if (path != NULL && u->set && geteuid() == 0)
		main_unix_give(path, listener, u);
}

/*
 * main_write_pidfile - our pid, readable by all. Opened as root, so
 * nothing at path may redirect the write: O_NOFOLLOW refuses a symlink,
 * O_NONBLOCK keeps a FIFO from hanging us, and only a regular file with
 * one link owned by root or UserID is truncated (after the checks, never
 * by O_TRUNC) and written; anything else is refused.
 */
static void
main_write_pidfile(const char *path, const struct main_user *u)
{
	char buf[32];
	struct stat st;
	int fd, n;

	if (path == NULL)
		return;
	fd = open(path,
	    O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
	    0644);
	if (fd == -1)
		fatal(1, "PidFile %s: %s%s", path, strerror(errno),
		    errno == ELOOP ? " (a symlink: refused)" : "");
	if (fstat(fd, &st) == -1)
		fatal(1, "PidFile %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    (st.st_uid != geteuid() && !(u->set && st.st_uid == u->uid)))
		fatal(1,
		    "PidFile %s: not a regular file with one link owned by "
		    "us or UserID: refused",
		    path);
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || fchmod(fd, 0644) == -1 ||
	    write(fd, buf, (size_t)n) != n || close(fd) == -1)
		fatal(1, "PidFile %s: %s", path, strerror(errno));
	main_pidfile_path = path;
}

/* main_drop_privileges - become UserID for good, and prove that no id
 * of ours is root and root cannot be regained, UserID or not */
static void
main_drop_privileges(const struct main_user *u, const char *spec)
{
	if (u->set && geteuid() != 0 && u->uid != geteuid())
		fatal(1, "UserID %s: switching users needs root", spec);
	if (u->set && geteuid() == 0 &&
	    (setgroups(1, &u->gid) == -1 ||
	        setresgid(u->gid, u->gid, u->gid) == -1 ||
	        setresuid(u->uid, u->uid, u->uid) == -1))
		fatal(1, "cannot become UserID %s: %s", spec, strerror(errno));
	if (main_has_root())
		fatal(CONF_EX_CONFIG,
		    "refusing to run as root: a real, effective or saved user "
		    "or group id is 0");
	if (setuid(0) != -1 || seteuid(0) != -1)
		fatal(1, "root privileges could be regained");
}

/* main_load_conf - the config with -p applied; exit 78 on any error */
static struct conf *
main_load_conf(const char *path, const char *sock)
{
	char err[CONF_ERRLEN];
	struct conf *c;

	if ((c = conf_load(path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		exit(CONF_EX_CONFIG);
	}
	if (sock != NULL && conf_set(c, "Socket", sock, err, sizeof(err))) {
		fprintf(stderr, "authmilter: -p: %s\n", err);
		exit(CONF_EX_CONFIG);
	}
	return c;
}

/* main_report_stop - drain the report queue (5 s at most), log its count */
static void
main_report_stop(struct report_queue *rq)
{
	struct report_counters rc;

	if (rq == NULL)
		return;
	report_queue_free(rq, 5000, &rc);
	log_info("ReportStore: %llu recorded, %llu written, %llu dropped "
	         "(queue full), %llu lost (store error)",
	    (unsigned long long)rc.recorded, (unsigned long long)rc.written,
	    (unsigned long long)rc.dropped_queue_full,
	    (unsigned long long)rc.dropped_store_error);
}

/* main_serve - everything after the config is known; returns the exit
 * status */
static int
main_serve(struct conf *c, const struct main_user *u, bool foreground)
{
	const char *sock = c->socket != NULL ? c->socket : MAIN_DEFAULT_SOCKET;
	struct session_env *env;
	struct report_queue *rq = NULL;
	struct memtrim *mt;
	struct milter *m;
	char err[CONF_ERRLEN];
	int rc;

	if (!foreground)
		main_daemonize();
	if ((env = session_env_new(c, err, sizeof(err))) == NULL)
		fatal(CONF_EX_CONFIG, "%s: %s",
		    c->path != NULL ? c->path : "defaults", err);
	if ((m = milter_new(env)) == NULL ||
	    milter_register(m, err, sizeof(err)) == -1)
		fatal(1, "%s", m == NULL ? "out of memory" : err);
	main_open_socket(sock, c, u);
	main_write_pidfile(c->pid_file, u);
	main_drop_privileges(u, c->user_id);
	if (chdir("/") == -1)
		fatal(1, "chdir /: %s", strerror(errno));
	/* after the privilege drop: the store's files belong to UserID */
	if (c->report_store != NULL &&
	    (rq = report_queue_new(
	         c->report_store, c->report_queue, err, sizeof(err))) == NULL)
		fatal(1, "ReportStore: %s", err);
	session_env_set_report(env, rq);
	/* a 50 MB body or a header bomb must not pin its memory for good */
	if ((mt = memtrim_new(MEMTRIM_SLACK)) == NULL ||
	    memtrim_start(mt, MEMTRIM_INTERVAL_MS) == -1)
		fatal(1, "memory trimmer: %s", strerror(errno));
	log_info("listening on %s as uid %ld", sock, (long)geteuid());
	if (main_ready_fd != -1) {
		(void)!write(main_ready_fd, ".", 1);
		close(main_ready_fd);
		main_ready_fd = -1;
		main_stderr = false;
		if (freopen("/dev/null", "r", stdin) == NULL ||
		    freopen("/dev/null", "w", stdout) == NULL ||
		    freopen("/dev/null", "w", stderr) == NULL)
			log_warn("cannot redirect stdio to /dev/null");
	}
	rc = smfi_main() == MI_SUCCESS ? 0 : 1;
	log_info("stopped%s", rc == 0 ? "" : " after a libmilter error");
	if (main_pidfile_path != NULL && unlink(main_pidfile_path) == -1)
		log_warn("cannot remove PidFile %s: %s", main_pidfile_path,
		    strerror(errno));
	log_debug("memory trimmed %lu times", memtrim_trims(mt));
	memtrim_free(mt);
	milter_free(m);
	main_report_stop(rq);
	session_env_free(env);
	return rc;
}

int
main(int argc, char *argv[])
{
	const char *conf_path = NULL, *sock = NULL;
	bool foreground = false, check_only = false;
	char err[CONF_ERRLEN];
	struct main_user u;
	struct conf *c;
	int ch, rc;

	/*
	 * libmilter runs a thread per connection and glibc gives threads
	 * their own arenas (8 per core): RSS then creeps up with concurrency
	 * and large bodies without any leak. Two arenas keep it flat.
	 */
	mallopt(M_ARENA_MAX, 2);
	while ((ch = getopt(argc, argv, "c:fnp:V")) != -1) {
		switch (ch) {
		case 'c':
			conf_path = optarg;
			break;
		case 'f':
			foreground = true;
			break;
		case 'n':
			check_only = true;
			break;
		case 'p':
			sock = optarg;
			break;
		case 'V':
			main_version();
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	c = main_load_conf(conf_path, sock);
	if (main_user_lookup(c->user_id, &u, err, sizeof(err)) == -1) {
		fprintf(
		    stderr, "%s: %s\n", c->path != NULL ? c->path : "-", err);
		exit(CONF_EX_CONFIG);
	}
	if (check_only) {
		conf_unref(c);
		return 0;
	}
	if (main_has_root() && !u.set) {
		fprintf(stderr,
		    "authmilter: refusing to run as root: set UserID in %s "
		    "(e.g. \"UserID nobody\") or start it as another user\n",
		    c->path != NULL ? c->path : CONF_DEFAULT_PATH);
		exit(CONF_EX_CONFIG);
	}
	signal(SIGPIPE, SIG_IGN);
	log_open("authmilter", foreground || !c->syslog, c->syslog_facility,
	    (enum log_level)c->log_level);
	rc = main_serve(c, &u, foreground);
	conf_unref(c);
	log_close();
	return rc;
}
