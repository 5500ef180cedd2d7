/* w_picker: folder listing filtered by extension, with size and date. */
#include "w_picker.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw.h"
#include "keys.h"
#include "screen.h"
#include "theme.h"
#include "xmem.h"

/* Where the last picker of the session was: its folder and entry. */
static char *w_picker_last_dir, *w_picker_last_name;

void
w_picker_init(struct w_picker *p)
{
	memset(p, 0, sizeof *p);
	w_input_init(&p->find, 0);
}

static void
w_picker_clear(struct w_picker *p)
{
	size_t i;

	for (i = 0; i < p->nall; i++)
		free(p->all[i].name);
	free(p->all);
	free(p->e);
	p->all = NULL;
	p->e = NULL;
	p->nall = p->n = 0;
}

/* Remember where p is for the next picker of the session. */
static void
w_picker_remember(const struct w_picker *p)
{
	if (p->dir == NULL)
		return;
	free(w_picker_last_dir);
	free(w_picker_last_name);
	w_picker_last_dir = xstrdup(p->dir);
	w_picker_last_name = p->n > 0 ? xstrdup(p->e[p->sel]->name) : NULL;
}

void
w_picker_free(struct w_picker *p)
{
	w_picker_remember(p);
	w_picker_clear(p);
	free(p->dir);
	free(p->exts);
	w_input_wipe(&p->find);
	w_picker_init(p);
}

/* Whether name ends in one of the allowed extensions. */
static int
w_picker_allowed(const char *exts, const char *name)
{
	const char *dot = strrchr(name, '.'), *p = exts, *comma;
	size_t n;

	if (dot == NULL || dot == name)
		return 0;
	dot++;
	while (*p != '\0') {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (n == strlen(dot) && strncasecmp(p, dot, n) == 0)
			return 1;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return 0;
}

static int
w_picker_cmp(const void *a, const void *b)
{
	const struct w_picker_entry *x = a, *y = b;

	if (strcmp(x->name, "..") == 0)
		return -1;
	if (strcmp(y->name, "..") == 0)
		return 1;
	if (x->dir != y->dir)
		return y->dir - x->dir;
	return strcmp(x->name, y->name);
}

/* Whether the find line holds a path to go to rather than a filter. */
static int
w_picker_is_path(const char *s)
{
	return s[0] == '~' || strchr(s, '/') != NULL;
}

/* Whether name holds s, ASCII case aside. */
static int
w_picker_match(const char *name, const char *s)
{
	size_t n = strlen(s), i;

	for (; *name != '\0'; name++) {
		for (i = 0; i < n && name[i] != '\0' &&
		    tolower((unsigned char)name[i]) ==
		    tolower((unsigned char)s[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return n == 0;
}

/* Let through what the find line names, keeping the selected entry when
 * it still shows. */
static void
w_picker_filter(struct w_picker *p)
{
	const char *s = p->finding ? w_input_text(&p->find) : "";
	const struct w_picker_entry *was = p->n > 0 ? p->e[p->sel] : NULL;
	size_t i;

	if (w_picker_is_path(s))
		s = "";
	p->e = xreallocarray(p->e, p->nall + 1, sizeof *p->e);
	p->n = p->sel = p->top = 0;
	for (i = 0; i < p->nall; i++) {
		if (!w_picker_match(p->all[i].name, s))
			continue;
		if (&p->all[i] == was)
			p->sel = p->n;
		p->e[p->n++] = &p->all[i];
	}
}

/* Put the selection on name; 0 when it is not listed. */
static int
w_picker_select(struct w_picker *p, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < p->n; i++) {
		if (strcmp(p->e[i]->name, name) == 0) {
			p->sel = i;
			return 1;
		}
	}
	return 0;
}

int
w_picker_open(struct w_picker *p, const char *dir, const char *exts,
    char **cause)
{
	struct w_picker_entry *e = NULL;
	struct dirent *de;
	struct stat sb;
	char real[PATH_MAX], *full;
	size_t n = 0, cap = 0, i;
	DIR *d;

	if (realpath(dir, real) == NULL || (d = opendir(real)) == NULL) {
		*cause = xasprintf("cannot open the folder %s", dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    (de->d_name[0] == '.' && strcmp(de->d_name, "..") != 0))
			continue;
		if (strcmp(de->d_name, "..") == 0 && strcmp(real, "/") == 0)
			continue;
		full = xasprintf("%s/%s", real, de->d_name);
		if (stat(full, &sb) == -1) {
			free(full);
			continue;
		}
		free(full);
		if (!S_ISDIR(sb.st_mode) && (!S_ISREG(sb.st_mode) ||
		    !w_picker_allowed(exts, de->d_name)))
			continue;
		e = xgrow(e, n, &cap, sizeof *e);
		e[n].name = xstrdup(de->d_name);
		e[n].dir = S_ISDIR(sb.st_mode);
		e[n].size = (uint64_t)sb.st_size;
		e[n].mtime = sb.st_mtime;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(e, n, sizeof *e, w_picker_cmp);
	w_picker_clear(p);
	p->all = e;
	p->nall = n;
	p->finding = 0;
	w_input_wipe(&p->find);
	w_picker_filter(p);
	/* Land on the first file: that is what the user came for. */
	for (i = 0; i < p->n; i++) {
		if (!p->e[i]->dir) {
			p->sel = i;
			break;
		}
	}
	if (p->dir != dir) {
		free(p->dir);
		p->dir = xstrdup(real);
	}
	if (p->exts != exts) {
		free(p->exts);
		p->exts = xstrdup(exts);
	}
	return 0;
}

int
w_picker_resume(struct w_picker *p, const char *dir, const char *exts,
    char **cause)
{
	char *ignored = NULL;

	if (w_picker_last_dir != NULL &&
	    w_picker_open(p, w_picker_last_dir, exts, &ignored) == 0) {
		w_picker_select(p, w_picker_last_name);
		return 0;
	}
	free(ignored);
	return w_picker_open(p, dir, exts, cause);
}

char *
w_picker_path(const struct w_picker *p)
{
	if (p->n == 0)
		return NULL;
	if (strcmp(p->dir, "/") == 0)
		return xasprintf("/%s", p->e[p->sel]->name);
	return xasprintf("%s/%s", p->dir, p->e[p->sel]->name);
}

/* Open the folder at path (relative to the one listed); going up puts the
 * cursor on the folder left. */
static int
w_picker_into(struct w_picker *p, const char *name, char **cause)
{
	char *path, *exts = xstrdup(p->exts), *from = NULL;
	const char *base = strrchr(p->dir, '/');

	if (strcmp(name, "..") == 0 && base != NULL && base[1] != '\0')
		from = xstrdup(base + 1);
	path = name[0] == '/' ? xstrdup(name) :
	    xasprintf("%s/%s", p->dir, name);
	/* On failure the old listing stays and *cause says why. */
	if (w_picker_open(p, path, exts, cause) == 0)
		w_picker_select(p, from);
	free(path);
	free(exts);
	free(from);
	return UI_REDRAW;
}

/* The find line's path with ~ expanded. Caller frees. */
static char *
w_picker_expand(const char *s)
{
	const char *home = getenv("HOME");

	if (s[0] == '~' && (s[1] == '/' || s[1] == '\0') && home != NULL)
		return xasprintf("%s%s", home, s + 1);
	return xstrdup(s);
}

/* Go to the typed path: list a folder, choose a file that is offered. */
static int
w_picker_go(struct w_picker *p, char **cause)
{
	const char *typed = w_input_text(&p->find);
	char *path = w_picker_expand(typed), *full, *slash;
	struct stat sb;
	int r = UI_REDRAW;

	if (path[0] != '/') {
		full = xasprintf("%s/%s", p->dir, path);
		free(path);
		path = full;
	}
	if (stat(path, &sb) == -1)
		*cause = xasprintf("%s: no such file or folder", typed);
	else if (S_ISDIR(sb.st_mode))
		w_picker_into(p, path, cause);
	else if (!S_ISREG(sb.st_mode) || !w_picker_allowed(p->exts, path))
		*cause = xasprintf("%s is not a file offered here (%s)", typed,
		    p->exts);
	else {
		slash = strrchr(path, '/');
		*slash = '\0';
		w_picker_into(p, *path == '\0' ? "/" : path, cause);
		if (*cause == NULL && w_picker_select(p, slash + 1))
			r = W_PICKER_CHOSEN;
	}
	free(path);
	return r;
}

static int w_picker_enter(struct w_picker *, int, char **);

/* Keys while the find line is open: Up/Down move in what it lets
 * through, Enter acts, Esc closes it, the rest edit it. */
static int
w_picker_find_key(struct w_picker *p, int key, char **cause)
{
	int r;

	if (key == KEY_UP || key == KEY_DOWN || key == KEY_PPAGE ||
	    key == KEY_NPAGE)
		return -1;
	r = w_input_key(&p->find, key);
	if (r == W_INPUT_CANCEL) {
		p->finding = 0;
		w_input_wipe(&p->find);
		w_picker_filter(p);
		return UI_REDRAW;
	}
	if (r == W_INPUT_DONE) {
		if (w_picker_is_path(w_input_text(&p->find)))
			return w_picker_go(p, cause);
		/* Act on the entry found, with the whole folder back. */
		p->finding = 0;
		w_input_wipe(&p->find);
		w_picker_filter(p);
		return w_picker_enter(p, key, cause);
	}
	if (r == W_INPUT_NEXT)
		return UI_NONE;
	if (r == UI_REDRAW)
		w_picker_filter(p);
	return r;
}

/* Open the find line holding s. */
static int
w_picker_find(struct w_picker *p, const char *s)
{
	p->finding = 1;
	w_input_set(&p->find, s);
	w_picker_filter(p);
	return UI_REDRAW;
}

/* Enter or Right on the selection: into a folder, or choose a file. */
static int
w_picker_enter(struct w_picker *p, int key, char **cause)
{
	char *name;
	int r;

	if (p->n == 0)
		return UI_NONE;
	if (p->e[p->sel]->dir) {
		name = xstrdup(p->e[p->sel]->name);
		r = w_picker_into(p, name, cause);
		free(name);
		return r;
	}
	return key == KEY_RIGHT || key == 'l' ? UI_NONE : W_PICKER_CHOSEN;
}

int
w_picker_key(struct w_picker *p, int key, char **cause)
{
	size_t page = p->page > 1 ? (size_t)p->page - 1 : 1;
	int r;

	if (p->finding && (r = w_picker_find_key(p, key, cause)) != -1)
		return r;
	switch (key) {
	case KEY_UP: case 'k':
		if (p->sel > 0)
			p->sel--;
		return UI_REDRAW;
	case KEY_DOWN: case 'j':
		if (p->sel + 1 < p->n)
			p->sel++;
		return UI_REDRAW;
	case KEY_PPAGE:
		p->sel = p->sel > page ? p->sel - page : 0;
		return UI_REDRAW;
	case KEY_NPAGE:
		if (p->n > 0)
			p->sel = p->sel + page < p->n ? p->sel + page :
			    p->n - 1;
		return UI_REDRAW;
	case KEY_HOME: case 'g':
		p->sel = 0;
		return UI_REDRAW;
	case KEY_END: case 'G':
		p->sel = p->n > 0 ? p->n - 1 : 0;
		return UI_REDRAW;
	case KEY_BACKSPACE: case 127: case 8: case KEY_LEFT: case 'h':
		return w_picker_into(p, "..", cause);
	case '/':
		return w_picker_find(p, "");
	case '~':
		return w_picker_find(p, "~");
	case '\r': case '\n': case KEY_ENTER: case KEY_RIGHT: case 'l':
		return w_picker_enter(p, key, cause);
	}
	return UI_UNUSED;
}

/* Size in a short form: 950 B, 12.3 KiB, 4.0 MiB. */
static void
w_picker_size(uint64_t n, char *buf, size_t len)
{
	if (n < 1024)
		snprintf(buf, len, "%llu B", (unsigned long long)n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%.1f KiB", (double)n / 1024);
	else if (n < 1024ULL * 1024 * 1024)
		snprintf(buf, len, "%.1f MiB", (double)n / (1024 * 1024));
	else
		snprintf(buf, len, "%.1f GiB", (double)n /
		    (1024.0 * 1024 * 1024));
}

/* The find line: what is typed, and what Enter will do with it. */
static void
w_picker_draw_find(struct w_picker *p, WINDOW *w, int y, int x, int width)
{
	const char *what = w_picker_is_path(w_input_text(&p->find)) ?
	    "Enter goes to this path" : "name filter; or type a path";
	int fieldw = width - 6 - 30;

	draw_text(w, y, x, 6, "Find", A_BOLD);
	draw_text(w, y, x + 6 + fieldw + 1, 29, what, theme_attr(THEME_DIM));
	w_input_draw(&p->find, w, y, x + 6, fieldw, 1);
}

void
w_picker_draw(struct w_picker *p, WINDOW *w, int y, int x, int h, int width)
{
	char size[32], *name;
	size_t i;
	int row, rows = h - 2, namew = width - 34;
	attr_t a;

	if (p->finding)
		rows--;
	if (rows < 1 || namew < 10)
		return;
	p->page = rows;
	if (p->finding)
		w_picker_draw_find(p, w, y + h - 1, x, width);
	draw_text(w, y, x, 8, "Folder ", A_BOLD);
	draw_data(w, y, x + 7, width - 7, p->dir, A_NORMAL);
	draw_fill(w, y + 1, x, width, theme_attr(THEME_HEADER));
	draw_text(w, y + 1, x + 1, namew, "name", theme_attr(THEME_HEADER));
	draw_right(w, y + 1, x + namew, 11, "size", theme_attr(THEME_HEADER));
	draw_text(w, y + 1, x + namew + 13, 20, "modified",
	    theme_attr(THEME_HEADER));
	if (p->n == 0) {
		draw_printf(w, y + 2, x + 1, width - 1, theme_attr(THEME_DIM),
		    p->finding ? "(no name here holds that; Esc shows all)" :
		    "(no folders and no .%s files here)", p->exts);
		return;
	}
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	for (row = 0; row < rows && p->top + (size_t)row < p->n; row++) {
		i = p->top + (size_t)row;
		a = i == p->sel ? theme_attr(THEME_SELECT) : A_NORMAL;
		if (i == p->sel)
			draw_fill(w, y + 2 + row, x, width, a);
		name = xasprintf("%s%s", p->e[i]->name,
		    p->e[i]->dir ? "/" : "");
		draw_data(w, y + 2 + row, x + 1, namew - 1, name,
		    p->e[i]->dir ? a | A_BOLD : a);
		free(name);
		if (p->e[i]->dir)
			continue;
		w_picker_size(p->e[i]->size, size, sizeof size);
		draw_right(w, y + 2 + row, x + namew, 11, size, a);
		draw_text(w, y + 2 + row, x + namew + 13, 20,
		    draw_when((int64_t)p->e[i]->mtime).s, a);
	}
}
