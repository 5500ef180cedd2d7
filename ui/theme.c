/* theme: colour roles, each with a monochrome fallback; NO_COLOR honoured. */
#include "theme.h"

#include <stdlib.h>
#include <string.h>

/* One row per role: colours when the terminal has them, and the attributes
 * used alone on a monochrome terminal or with NO_COLOR. */
static const struct theme_entry {
	short	 fg, bg;	/* -1: the terminal's default */
	attr_t	 color_attr;
	attr_t	 mono_attr;
} theme_table[THEME_COUNT] = {
	[THEME_NORMAL]	= { -1, -1, 0, 0 },
	[THEME_TITLE]	= { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[THEME_STEP]	= { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
	[THEME_STEP_ON]	= { COLOR_BLACK, COLOR_YELLOW, A_BOLD,
			    A_BOLD | A_UNDERLINE },
	[THEME_STATUS]	= { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
	[THEME_HINT]	= { -1, -1, A_DIM, 0 },
	[THEME_SELECT]	= { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[THEME_HEADER]	= { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[THEME_PASS]	= { COLOR_GREEN, -1, A_BOLD, 0 },
	[THEME_WARN]	= { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	/* Not reverse: that is the cursor row's (w_list marks it too). */
	[THEME_FAIL]	= { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[THEME_ERROR]	= { COLOR_RED, -1, A_BOLD, A_BOLD },
	[THEME_DEMO]	= { COLOR_BLACK, COLOR_MAGENTA, A_BOLD,
			    A_BOLD | A_REVERSE },
	[THEME_BAR]	= { COLOR_GREEN, -1, 0, 0 },
	[THEME_DIM]	= { -1, -1, A_DIM, A_DIM },
};

static int theme_color;

void
theme_init(void)
{
	const char *no = getenv("NO_COLOR");
	int i;

	theme_color = (no == NULL || *no == '\0') && has_colors();
	if (!theme_color)
		return;
	start_color();
	use_default_colors();
	for (i = 1; i < THEME_COUNT; i++)
		init_pair((short)i, theme_table[i].fg, theme_table[i].bg);
}

attr_t
theme_attr(enum theme_role role)
{
	if (role <= THEME_NORMAL || role >= THEME_COUNT)
		return A_NORMAL;
	if (!theme_color)
		return theme_table[role].mono_attr;
	return COLOR_PAIR(role) | theme_table[role].color_attr;
}

enum theme_role
theme_status(const char *status)
{
	if (strcmp(status, "PASS") == 0)
		return THEME_PASS;
	if (strcmp(status, "WARN") == 0)
		return THEME_WARN;
	if (strcmp(status, "FAIL") == 0)
		return THEME_FAIL;
	return THEME_NORMAL;
}
