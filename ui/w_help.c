/* w_help: the full-screen, scrollable, searchable key sheet. */
#include "w_help.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "theme.h"
#include "ui.h"
#include "xmem.h"

/* Where the sentences start (keys_help writes "  %-12s "). */
#define W_HELP_INDENT	15

static struct {
	char	**line;		/* the text wrapped to the width */
	int	  n;
	int	  top;		/* first line shown */
	int	  page;		/* lines shown at once */
	int	  match;	/* the line the search found, or -1 */
	char	 *term;		/* the search, or NULL */
} help = { .match = -1 };

static void
w_help_lines_free(void)
{
	int i;

	for (i = 0; i < help.n; i++)
		free(help.line[i]);
	free(help.line);
	help.line = NULL;
	help.n = 0;
}

void
w_help_open(struct ui_ctx *ctx)
{
	ctx->help = 1;
	help.top = 0;
	help.match = -1;
	free(help.term);
	help.term = NULL;
}

static void
w_help_add(const char *s, size_t len)
{
	help.line = xreallocarray(help.line, (size_t)help.n + 1,
	    sizeof *help.line);
	help.line[help.n++] = xstrndup(s, len);
}

/* Add one line of text, wrapped at spaces into width cells; the pieces
 * after the first start under the sentence. */
static void
w_help_wrap(const char *s, size_t len, int width)
{
	const char *end = s + len, *cut, *p;
	char *piece;
	int first = 1, indent;
	size_t room;

	while (s < end) {
		indent = first ? 0 : W_HELP_INDENT;
		room = width - indent > 10 ? (size_t)(width - indent) : 10;
		if ((size_t)(end - s) <= room)
			cut = end;
		else {
			for (cut = s + room; cut > s && *cut != ' '; cut--)
				;
			if (cut == s)
				cut = s + room;
		}
		piece = xasprintf("%*s%.*s", indent, "", (int)(cut - s), s);
		w_help_add(piece, strlen(piece));
		free(piece);
		for (p = cut; p < end && *p == ' '; p++)
			;
		s = p;
		first = 0;
	}
	if (first)
		w_help_add("", 0);
}

/* Split text into help.line for width cells. */
static void
w_help_layout(const char *text, int width)
{
	const char *nl;

	w_help_lines_free();
	while (*text != '\0') {
		nl = strchr(text, '\n');
		if (nl == NULL)
			nl = text + strlen(text);
		w_help_wrap(text, (size_t)(nl - text), width);
		text = *nl == '\n' ? nl + 1 : nl;
	}
}

static void
w_help_clamp(void)
{
	if (help.top > help.n - help.page)
		help.top = help.n - help.page;
	if (help.top < 0)
		help.top = 0;
}

void
w_help_draw(WINDOW *w, const char *title, const char *text)
{
	int maxy = getmaxy(w), maxx = getmaxx(w), i, last;
	char *where;
	attr_t a;

	werase(w);
	w_help_layout(text, maxx - 2);
	help.page = maxy - 1 > 1 ? maxy - 1 : 1;
	w_help_clamp();
	last = help.top + help.page < help.n ? help.top + help.page : help.n;
	where = xasprintf("lines %d-%d of %d%s", help.top + 1, last, help.n,
	    last == help.n ? " (end)" : "");
	draw_fill(w, 0, 0, maxx, theme_attr(THEME_HEADER));
	draw_printf(w, 0, 1, maxx - 2 - (int)strlen(where) - 2,
	    theme_attr(THEME_HEADER) | A_BOLD, "Help: %s", title);
	draw_right(w, 0, maxx - 1 - (int)strlen(where), (int)strlen(where),
	    where, theme_attr(THEME_HEADER));
	free(where);
	for (i = help.top; i < last; i++) {
		a = i == help.match ? theme_attr(THEME_SELECT) :
		    help.line[i][0] != ' ' ? A_BOLD : A_NORMAL;
		if (i == help.match)
			draw_fill(w, 1 + i - help.top, 0, maxx, a);
		draw_data(w, 1 + i - help.top, 1, maxx - 2, help.line[i], a);
	}
}

/* Whether term occurs in s, ignoring ASCII case. */
static int
w_help_has(const char *s, const char *term)
{
	size_t n = strlen(term), i;

	for (; *s != '\0'; s++) {
		for (i = 0; i < n && s[i] != '\0' &&
		    tolower((unsigned char)s[i]) ==
		    tolower((unsigned char)term[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

/* Find the next (or previous) line holding the term, wrapping around, and
 * bring it into view. */
static int
w_help_find(struct ui_ctx *ctx, int backward)
{
	int i, at, step = backward ? -1 : 1;

	if (help.term == NULL || help.n == 0) {
		ui_notice(ctx, 0, "/ searches the help first");
		return UI_REDRAW;
	}
	at = help.match >= 0 ? help.match : help.top - step;
	for (i = 1; i <= help.n; i++) {
		at = ((at + step) % help.n + help.n) % help.n;
		if (w_help_has(help.line[at], help.term)) {
			help.match = at;
			if (at < help.top || at >= help.top + help.page)
				help.top = at - help.page / 3;
			w_help_clamp();
			return UI_REDRAW;
		}
	}
	help.match = -1;
	ui_notice(ctx, 1, "not in the help: %s", help.term);
	return UI_REDRAW;
}

static int
w_help_search_answer(struct ui_ctx *ctx, int yes, const char *value)
{
	if (!yes || value == NULL || *value == '\0')
		return UI_REDRAW;
	free(help.term);
	help.term = xstrdup(value);
	help.match = -1;
	return w_help_find(ctx, 0);
}

static const struct ui_key w_help_table[] = {
	{ { 0 }, "Up/Down", "scroll", "scroll a line (j/k too)", NULL },
	{ { 0 }, "PgUp/PgDn", "page", "scroll a page (Space/b too)", NULL },
	{ { 0 }, "Home/End", "ends", "the first or the last line (g/G too)",
	  NULL },
	{ { 0 }, "/", "search", "search the help; n next, N previous", NULL },
	{ { 0 }, "Esc", "close", "close the help (q, ? and F1 too)", NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_key *
w_help_keys(void)
{
	return w_help_table;
}

int
w_help_key(struct ui_ctx *ctx, int key)
{
	int page = help.page > 1 ? help.page - 1 : 1;

	switch (key) {
	case KEYS_ESC: case 'q': case '?': case KEY_F(1):
		ctx->help = 0;
		return UI_REDRAW;
	case KEY_UP: case 'k':
		help.top--;
		break;
	case KEY_DOWN: case 'j':
		help.top++;
		break;
	case KEY_PPAGE: case 'b':
		help.top -= page;
		break;
	case KEY_NPAGE: case ' ':
		help.top += page;
		break;
	case KEY_HOME: case 'g':
		help.top = 0;
		break;
	case KEY_END: case 'G':
		help.top = help.n;
		break;
	case '/':
		ui_prompt(ctx, "Search the help", NULL, 0,
		    w_help_search_answer);
		return UI_REDRAW;
	case 'n': case 'N':
		return w_help_find(ctx, key == 'N');
	default:
		return UI_NONE;	/* nothing runs behind the sheet */
	}
	w_help_clamp();
	return UI_REDRAW;
}
