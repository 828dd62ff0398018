/*
 * report_sendmail.c - write one aggregate report mail and pipe it to
 * sendmail -t -oi; its exit status decides success. Auto-Submitted (RFC
 * 3834) keeps vacation programs and auto-replies from answering it. No shell is
 * involved and no value from a message reaches a header: the caller checks
 * them.
 */
#define _GNU_SOURCE /* open_memstream */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report/report_mime.h"
#include "report/report_sendmail.h"

/* mail_err - "what: why" into err */
static void
mail_err(char *err, size_t len, const char *what, const char *why)
{
	if (len > 0)
		snprintf(err, len, "%s: %s", what, why);
}

/* mail_build - the whole message of m into f; -1 when too large */
static int
mail_build(FILE *f, const struct report_mail *m)
{
	char date[64], *b64;
	size_t i, cap;
	time_t now = time(NULL);
	struct tm tm;
	int r;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	cap = m->gzlen / 3 * 4 + m->gzlen / 57 * 2 + 32;
	if ((b64 = malloc(cap)) == NULL ||
	    report_base64(b64, cap, m->gz, m->gzlen) == -1) {
		free(b64);
		return -1;
	}
	fprintf(f, "From: %s\r\nTo: ", m->from);
	for (i = 0; i < m->nto; i++)
		fprintf(f, "%s%s", i > 0 ? ",\r\n " : "", m->to[i].addr);
	fprintf(f,
	    "\r\nDate: %s\r\nSubject: Report Domain: %s Submitter: %s "
	    "Report-ID: <%s>\r\nMessage-ID: <%s@%s>\r\n"
	    "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"=_authreport_%s\"\r\n"
	    "\r\n--=_authreport_%s\r\nContent-Type: text/plain; "
	    "charset=us-ascii\r\n\r\nDMARC aggregate report for %s from %s."
	    "\r\n\r\n--=_authreport_%s\r\nContent-Type: application/gzip; "
	    "name=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n",
	    date, m->domain, m->org, m->id, m->id, report_addr_domain(m->from),
	    m->id, m->id, m->domain, m->org, m->id, m->filename, m->filename);
	r = fputs(b64, f) < 0 ? -1 : 0;
	fprintf(f, "--=_authreport_%s--\r\n", m->id);
	free(b64);
	return r;
}

/* mail_pipe - write buf to sendmail's stdin (envelope sender from) and
 * wait; 0 on exit 0 */
static int
mail_pipe(const char *sendmail, const char *from, const char *buf, size_t blen,
    char *err, size_t len)
{
	int fd[2], st;
	pid_t pid;
	size_t off = 0;
	ssize_t w;

	if (pipe(fd) == -1 || (pid = fork()) == -1) {
		mail_err(err, len, sendmail, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/* -f: bounces go to the reporter's address, where
		 * authreport --bounce can read them */
		char *const av[] = { (char *)sendmail, "-t", "-oi", "-f",
			(char *)from, NULL };

		if (dup2(fd[0], 0) == -1)
			_exit(71);
		close(fd[0]);
		close(fd[1]);
		execv(sendmail, av);
		_exit(127);
	}
	close(fd[0]);
	signal(SIGPIPE, SIG_IGN);
	while (off < blen && (w = write(fd[1], buf + off, blen - off)) > 0)
		off += (size_t)w;
	close(fd[1]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		continue;
	if (off < blen || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		mail_err(err, len, sendmail, "failed (exit status not 0)");
		return -1;
	}
	return 0;
}

/* mail_text - the whole message of m in a new buffer; -1 on error */
static int
mail_text(const struct report_mail *m, char **buf, size_t *blen, char *err,
    size_t len)
{
	FILE *f;
	int r;

	*buf = NULL;
	*blen = 0;
	if ((f = open_memstream(buf, blen)) == NULL) {
		mail_err(err, len, "mail", strerror(errno));
		return -1;
	}
	r = mail_build(f, m);
	if (fclose(f) != 0 || r == -1) {
		mail_err(err, len, "mail", "cannot build the message");
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 0;
}

/* report_mail_size - the octets m takes as built */
int
report_mail_size(const struct report_mail *m, size_t *size)
{
	char *buf;

	if (mail_text(m, &buf, size, NULL, 0) == -1)
		return -1;
	free(buf);
	return 0;
}

/* report_sendmail - build m and run sendmail */
int
report_sendmail(const struct report_mail *m, char *err, size_t len)
{
	char *buf;
	size_t blen;
	int r;

	if (mail_text(m, &buf, &blen, err, len) == -1)
		return -1;
	r = mail_pipe(m->sendmail, m->from, buf, blen, err, len);
	free(buf);
	return r;
}
