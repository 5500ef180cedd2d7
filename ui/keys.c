/* keys: key-table dispatch, the ? overlay and the hint line. */
#include "keys.h"

#include <string.h>

#include "draw.h"
#include "strbuf.h"
#include "theme.h"
#include "w_help.h"
#include "w_input.h"

static int
keys_help_open(struct ui_ctx *ctx)
{
	w_help_open(ctx);
	return UI_REDRAW;
}

static int
keys_back(struct ui_ctx *ctx)
{
	return UI_POP;
}

static int
keys_quit(struct ui_ctx *ctx)
{
	return UI_QUIT;
}

static int
keys_logout(struct ui_ctx *ctx)
{
	return UI_LOGOUT;
}

static const struct ui_key keys_global_table[] = {
	{ { '?', KEY_F(1) }, "?", "help", "show this help (F1 too)",
	  keys_help_open },
	{ { 'q', KEYS_ESC }, "q", "back", "go back (Esc too)", keys_back },
	{ { 'Q' }, "Q", "quit", "quit kpidesk (asks while a batch waits)",
	  keys_quit },
	{ { 'L' }, "L", NULL, "log out to the login screen (asks while a "
	  "batch waits)", keys_logout },
	{ { 0 }, "Ctrl-C", NULL, "quit, after a yes (exit status 130)",
	  NULL },
	{ { 0 }, NULL, NULL, NULL, NULL }
};

const struct ui_key *
keys_global(void)
{
	return keys_global_table;
}

int
keys_dispatch(const struct ui_key *table, struct ui_ctx *ctx, int key)
{
	const struct ui_key *k;
	size_t i;

	for (k = table; k != NULL && k->label != NULL; k++) {
		for (i = 0; i < sizeof k->keys / sizeof k->keys[0]; i++) {
			if (k->keys[i] != 0 && k->keys[i] == key)
				return k->fn != NULL ? k->fn(ctx) : UI_UNUSED;
		}
	}
	return UI_UNUSED;
}

static void
keys_help_table(struct strbuf *sb, const char *heading,
    const struct ui_key *table)
{
	const struct ui_key *k;

	if (table == NULL || table->label == NULL)
		return;
	strbuf_printf(sb, "%s%s\n", sb->len > 0 ? "\n" : "", heading);
	for (k = table; k->label != NULL; k++)
		strbuf_printf(sb, "  %-12s %s\n", k->label, k->help);
}

char *
keys_help(const struct ui_screen *s, const struct ui_key *list, int field)
{
	struct strbuf sb;

	strbuf_init(&sb);
	keys_help_table(&sb, s->title, s->keys);
	keys_help_table(&sb, "Lists and tables", list);
	if (field)
		keys_help_table(&sb, "Text fields", w_input_keys());
	keys_help_table(&sb, "Everywhere", keys_global_table);
	keys_help_table(&sb, "In this help", w_help_keys());
	return strbuf_detach(&sb);
}

/* Whether table binds key k's first key (a screen's own meaning wins). */
static int
keys_rebound(const struct ui_key *table, const struct ui_key *k)
{
	const struct ui_key *t;
	size_t i;

	for (t = table; t != NULL && t->label != NULL; t++) {
		for (i = 0; i < sizeof t->keys / sizeof t->keys[0]; i++) {
			if (t->keys[i] != 0 && t->keys[i] == k->keys[0])
				return 1;
		}
	}
	return 0;
}

/* Draw "label help" pairs of the hinted entries of t that over does not
 * rebind; returns the next x. */
static int
keys_hint_table(WINDOW *w, int y, int x, int end, const struct ui_key *t,
    const struct ui_key *over)
{
	const struct ui_key *k;
	int need;

	for (k = t; k != NULL && k->label != NULL; k++) {
		if (k->hint == NULL || keys_rebound(over, k))
			continue;
		need = (int)(strlen(k->label) + 1 + strlen(k->hint));
		if (x + need > end)
			break;
		x += draw_text(w, y, x, end - x, k->label, A_BOLD);
		x += 1;
		x += draw_text(w, y, x, end - x, k->hint,
		    theme_attr(THEME_HINT));
		x += 2;
	}
	return x;
}

int
keys_hints_only(WINDOW *w, int y, int x, int width,
    const struct ui_key *table)
{
	return keys_hint_table(w, y, x, x + width, table, NULL);
}

void
keys_hints(WINDOW *w, int y, int x, int width, const struct ui_key *table)
{
	int end = x + width;

	/* The global keys first, so ? is always in sight. */
	x = keys_hint_table(w, y, x, end, keys_global_table, table);
	keys_hint_table(w, y, x + 1, end, table, NULL);
}
