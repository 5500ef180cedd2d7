/* termcheck: refuse terminals that cannot address the cursor. */
#include "termcheck.h"

#include <curses.h>
#include <stdlib.h>
#include <term.h>

#include "xmem.h"

/* What to tell the user to try, after naming what went wrong. */
#define TERMCHECK_TRY	"run it in a full terminal (xterm, tmux, an SSH " \
	"session with a pty), for example with TERM=xterm-256color, or use " \
	"the command line: kpidesk help"

/* Whether terminfo capability cap is a real string. */
static int
termcheck_has(const char *cap)
{
	char *s = tigetstr(cap);

	return s != NULL && s != (char *)-1 && *s != '\0';
}

int
termcheck_usable(char **cause)
{
	const char *term = getenv("TERM");
	int err = 0, ok;

	if (term == NULL || *term == '\0') {
		*cause = xstrdup("TERM is not set, so the terminal is "
		    "unknown: " TERMCHECK_TRY);
		return -1;
	}
	if (setupterm(NULL, 1, &err) != OK) {
		*cause = err == -1 ? xasprintf("no terminfo database was "
		    "found for TERM=%s (install ncurses-base or "
		    "ncurses-term): " TERMCHECK_TRY, term) :
		    xasprintf("the terminal TERM=%s is not known to this "
		    "system's terminfo: " TERMCHECK_TRY, term);
		return -1;
	}
	/* A dumb or hardcopy terminal cannot move the cursor: drawing
	 * would scroll garbage. */
	ok = termcheck_has("cup") && tigetflag("hc") <= 0 &&
	    tigetflag("gn") <= 0;
	del_curterm(cur_term);
	if (!ok) {
		*cause = xasprintf("the terminal TERM=%s cannot move the "
		    "cursor, which the interface needs: " TERMCHECK_TRY, term);
		return -1;
	}
	return 0;
}
