/* secret: read passwords from the terminal without echo or from a private file. */
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "paths.h"
#include "xmem.h"

/* Take the first line of buf (len bytes), wiping buf. NULL if too long/empty. */
static char *
secret_first_line(char *buf, size_t len, const char *what, char **cause)
{
	char *nl, *s = NULL;
	size_t n, i, chars = 0;

	nl = memchr(buf, '\n', len);
	n = nl != NULL ? (size_t)(nl - buf) : len;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	for (i = 0; i < n; i++) {
		if (((unsigned char)buf[i] & 0xc0) != 0x80)
			chars++;	/* a UTF-8 lead byte */
	}
	if (memchr(buf, '\0', n) != NULL)
		*cause = xasprintf("%s holds a NUL byte", what);
	else if (n == 0)
		*cause = xasprintf("%s gives an empty password", what);
	else if (n > SECRET_MAX || chars > SECRET_MAX_CHARS)
		*cause = xasprintf("%s gives a password longer than %d "
		    "characters", what, SECRET_MAX_CHARS);
	else
		s = xstrndup(buf, n);
	xmemwipe(buf, len);
	return s;
}

char *
secret_from_file(const char *path, char **cause)
{
	char buf[SECRET_MAX + 8];
	size_t len = 0;
	ssize_t n;
	int fd;

	if (paths_check_private(path, cause) == -1)
		return NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	while (len < sizeof buf &&
	    (n = read(fd, buf + len, sizeof buf - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("cannot read %s: %s", path,
			    strerror(errno));
			close(fd);
			xmemwipe(buf, sizeof buf);
			return NULL;
		}
		len += (size_t)n;
	}
	close(fd);
	return secret_first_line(buf, len, path, cause);
}

/* The signals that end or stop a process from its terminal; while echo is
 * off they are caught, the terminal restored, then delivered again. */
static const int secret_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU
};
#define SECRET_NSIGNALS (sizeof secret_signals / sizeof secret_signals[0])

static volatile sig_atomic_t secret_signo;

static void
secret_catch(int signo)
{
	secret_signo = signo;
}

/* Catch the signals (without SA_RESTART, so read returns EINTR), keeping
 * what was there in old. */
static void
secret_catch_signals(struct sigaction old[SECRET_NSIGNALS])
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = secret_catch;
	for (i = 0; i < SECRET_NSIGNALS; i++)
		sigaction(secret_signals[i], &sa, &old[i]);
}

static void
secret_restore_signals(const struct sigaction old[SECRET_NSIGNALS])
{
	size_t i;

	for (i = 0; i < SECRET_NSIGNALS; i++)
		sigaction(secret_signals[i], &old[i], NULL);
}

/*
 * Read one line from the terminal fd with echo off. Returns the bytes read
 * (at most size), -1 on a read error, or -2 when a signal came: echo is back
 * on before any of these returns.
 */
static ssize_t
secret_read_quiet(int fd, const struct termios *old, char *buf, size_t size)
{
	struct sigaction saved[SECRET_NSIGNALS];
	struct termios quiet;
	size_t len = 0;
	ssize_t n = 0;
	char c;

	secret_signo = 0;
	secret_catch_signals(saved);
	quiet = *old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) == -1) {
		secret_restore_signals(saved);
		return -1;
	}
	/* Read byte by byte so nothing past the line stays in a stdio buffer. */
	while (secret_signo == 0) {
		if ((n = read(fd, &c, 1)) == -1 && errno == EINTR)
			continue;
		if (n != 1 || c == '\n')
			break;
		if (len < size)
			buf[len++] = c;
	}
	tcsetattr(fd, TCSAFLUSH, old);
	secret_restore_signals(saved);
	if (secret_signo != 0)
		return -2;
	return n == -1 ? -1 : (ssize_t)len;
}

char *
secret_from_tty(const char *prompt, char **cause)
{
	struct termios old;
	char buf[SECRET_MAX + 8];
	ssize_t n;
	int fd, signo;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC)) == -1) {
		*cause = xstrdup("no terminal to read the password from: "
		    "give --password-file FILE (mode 0600)");
		return NULL;
	}
	if (tcgetattr(fd, &old) == -1) {
		*cause = xasprintf("cannot set up the terminal: %s",
		    strerror(errno));
		close(fd);
		return NULL;
	}
again:
	if (write(fd, prompt, strlen(prompt)) == -1 ||
	    (n = secret_read_quiet(fd, &old, buf, sizeof buf)) == -1) {
		xmemwipe(buf, sizeof buf);
		*cause = xasprintf("cannot read the password: %s",
		    strerror(errno));
		close(fd);
		return NULL;
	}
	(void)!write(fd, "\n", 1);	/* cosmetic: the echoed Enter */
	if (n == -2) {
		/* Echo is back on: now let the signal do what it would
		 * have done. A stop returns here when continued. */
		xmemwipe(buf, sizeof buf);
		signo = secret_signo;
		kill(getpid(), signo);
		if (signo == SIGTSTP || signo == SIGTTIN || signo == SIGTTOU)
			goto again;
		close(fd);
		*cause = xstrdup("reading the password was interrupted");
		return NULL;
	}
	close(fd);
	return secret_first_line(buf, (size_t)n, "the terminal", cause);
}

char *
secret_get(const char *path, const char *prompt, char **cause)
{
	if (path != NULL)
		return secret_from_file(path, cause);
	return secret_from_tty(prompt, cause);
}
