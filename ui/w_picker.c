/* w_picker: folder listing filtered by extension, with size and date. */
#include "w_picker.h"

#include <sys/stat.h>

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

void
w_picker_init(struct w_picker *p)
{
	memset(p, 0, sizeof *p);
}

static void
w_picker_clear(struct w_picker *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->e[i].name);
	free(p->e);
	p->e = NULL;
	p->n = 0;
}

void
w_picker_free(struct w_picker *p)
{
	w_picker_clear(p);
	free(p->dir);
	free(p->exts);
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
		if (n == cap) {
			cap = cap == 0 ? 32 : cap * 2;
			e = xreallocarray(e, cap, sizeof *e);
		}
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
	p->e = e;
	p->n = n;
	p->sel = p->top = 0;
	/* Land on the first file: that is what the user came for. */
	for (i = 0; i < n; i++) {
		if (!e[i].dir) {
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

char *
w_picker_path(const struct w_picker *p)
{
	if (p->n == 0)
		return NULL;
	if (strcmp(p->dir, "/") == 0)
		return xasprintf("/%s", p->e[p->sel].name);
	return xasprintf("%s/%s", p->dir, p->e[p->sel].name);
}

/* Open the folder at the selection (or the parent). */
static int
w_picker_into(struct w_picker *p, const char *name, char **cause)
{
	char *path, *exts = xstrdup(p->exts);

	path = xasprintf("%s/%s", p->dir, name);
	/* On failure the old listing stays and *cause says why. */
	w_picker_open(p, path, exts, cause);
	free(path);
	free(exts);
	return UI_REDRAW;
}

int
w_picker_key(struct w_picker *p, int key, char **cause)
{
	size_t page = p->page > 1 ? (size_t)p->page - 1 : 1;

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
	case '\r': case '\n': case KEY_ENTER: case KEY_RIGHT: case 'l':
		if (p->n == 0)
			return UI_NONE;
		if (p->e[p->sel].dir) {
			char *name = xstrdup(p->e[p->sel].name);
			int r = w_picker_into(p, name, cause);

			free(name);
			return r;
		}
		return key == KEY_RIGHT || key == 'l' ? UI_NONE :
		    W_PICKER_CHOSEN;
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

void
w_picker_draw(struct w_picker *p, WINDOW *w, int y, int x, int h, int width)
{
	char size[32], *name;
	size_t i;
	int row, rows = h - 2, namew = width - 34;
	attr_t a;

	if (rows < 1 || namew < 10)
		return;
	p->page = rows;
	draw_text(w, y, x, 8, "Folder ", A_BOLD);
	draw_data(w, y, x + 7, width - 7, p->dir, A_NORMAL);
	draw_fill(w, y + 1, x, width, theme_attr(THEME_HEADER));
	draw_text(w, y + 1, x + 1, namew, "name", theme_attr(THEME_HEADER));
	draw_right(w, y + 1, x + namew, 11, "size", theme_attr(THEME_HEADER));
	draw_text(w, y + 1, x + namew + 13, 20, "modified",
	    theme_attr(THEME_HEADER));
	if (p->n == 0) {
		draw_printf(w, y + 2, x + 1, width - 1, theme_attr(THEME_DIM),
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
		name = xasprintf("%s%s", p->e[i].name, p->e[i].dir ? "/" : "");
		draw_data(w, y + 2 + row, x + 1, namew - 1, name,
		    p->e[i].dir ? a | A_BOLD : a);
		free(name);
		if (p->e[i].dir)
			continue;
		w_picker_size(p->e[i].size, size, sizeof size);
		draw_right(w, y + 2 + row, x + namew, 11, size, a);
		draw_text(w, y + 2 + row, x + namew + 13, 20,
		    draw_when((int64_t)p->e[i].mtime).s, a);
	}
}
