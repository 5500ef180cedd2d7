/* theme: colour roles, each with a monochrome fallback; NO_COLOR honoured. */
#ifndef KP_THEME_H
#define KP_THEME_H

#include <curses.h>

enum theme_role {
	THEME_NORMAL,
	THEME_TITLE,		/* screen titles */
	THEME_STEP,		/* step bar, steps not current */
	THEME_STEP_ON,		/* the current step */
	THEME_STATUS,		/* status line */
	THEME_HINT,		/* key hints */
	THEME_SELECT,		/* selected row */
	THEME_HEADER,		/* table header */
	THEME_PASS,
	THEME_WARN,
	THEME_FAIL,
	THEME_ERROR,		/* notices about a failure */
	THEME_DEMO,		/* the DEMO mark */
	THEME_BAR,		/* chart bars and progress */
	THEME_DIM,		/* secondary text */
	THEME_COUNT
};

/* Set up colours after initscr: colours unless NO_COLOR is set or the
 * terminal has none, else attributes only. */
void theme_init(void);
/* The attributes for role. */
attr_t theme_attr(enum theme_role role);
/* The role for a check status ("PASS", "WARN", "FAIL"). */
enum theme_role theme_status(const char *status);

#endif
