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

char *
secret_from_tty(const char *prompt, char **cause)
{
	struct termios old, quiet;
	char buf[SECRET_MAX + 8];
	size_t len = 0;
	ssize_t n;
	char c;
	int fd;

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
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (write(fd, prompt, strlen(prompt)) == -1 ||
	    tcsetattr(fd, TCSAFLUSH, &quiet) == -1) {
		*cause = xasprintf("cannot set up the terminal: %s",
		    strerror(errno));
		close(fd);
		return NULL;
	}
	/* Read byte by byte so nothing past the line stays in a stdio buffer. */
	while ((n = read(fd, &c, 1)) == 1 && c != '\n') {
		if (len < sizeof buf)
			buf[len++] = c;
	}
	tcsetattr(fd, TCSAFLUSH, &old);
	(void)!write(fd, "\n", 1);	/* cosmetic: the echoed Enter */
	close(fd);
	if (n == -1) {
		xmemwipe(buf, sizeof buf);
		*cause = xstrdup("reading the password was interrupted");
		return NULL;
	}
	return secret_first_line(buf, len, "the terminal", cause);
}

char *
secret_get(const char *path, const char *prompt, char **cause)
{
	if (path != NULL)
		return secret_from_file(path, cause);
	return secret_from_tty(prompt, cause);
}
