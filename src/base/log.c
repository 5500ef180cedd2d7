/* log: fatal errors in one place, and the hook the UI uses to restore the terminal. */
#include "log.h"

#include <errno.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static void (*fatal_hook)(void);

void
log_say(const char *msg)
{
	char *shown = text_display(msg,
	    strcmp(nl_langinfo(CODESET), "UTF-8") == 0);

	fprintf(stderr, "kpidesk: %s\n", shown);
	free(shown);
}

void
log_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

static void __attribute__((format(printf, 2, 0), noreturn))
log_die(int err, const char *fmt, va_list ap)
{
	if (fatal_hook != NULL) {
		void (*hook)(void) = fatal_hook;

		fatal_hook = NULL;	/* never recurse */
		hook();
	}
	fputs("kpidesk: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (err != 0)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	exit(1);
}

void
fatal(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	log_die(err, fmt, ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_die(0, fmt, ap);
}
