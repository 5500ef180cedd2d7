/*
 * hist: what the history screens share, the list of snapshot days with
 * their marks. scr_history (the days) opens it and closes it; the screens
 * it opens on top (scr_hist_day, scr_hist_pick, scr_hist_diff) read it
 * while it is open, so that a mark found or a day verified in one shows in
 * the others. Everything comes from src/snapshot.h and src/history.h.
 */
#ifndef KP_HIST_H
#define KP_HIST_H

#include <curses.h>

#include "chart.h"
#include "theme.h"

struct table;
struct ui_ctx;
struct w_list;

#define HIST_DAY_LEN	11	/* "YYYY-MM-DD" and its NUL */

/* Read the days (the marks come later, from hist_idle). */
void hist_open(struct ui_ctx *ctx);
/* Free the days. */
void hist_close(void);
/* The days list; valid while open. */
struct w_list *hist_days(void);
/* The number of snapshot days. */
size_t hist_count(void);
/* The day of the selected row, or NULL; valid until the list changes. */
const char *hist_selected(void);
/* The verified mark of day as the list shows it ("?" when not listed). */
const char *hist_mark(const char *day);
/* The colour of a mark: a changed or failed day stands out. */
enum theme_role hist_mark_role(const char *mark);
/* The snapshot day before (delta -1) or after (1) day, or NULL. */
const char *hist_neighbour(const char *day, int delta);
/* The number_scale setting as read by hist_open, for charts. */
enum chart_scale hist_scale(void);

/* Idle hook of every history screen: the content hash of the next day
 * whose mark is unknown; 1 while more remain. */
int hist_idle(struct ui_ctx *ctx);
/* V: verify day in full, set its mark and say the result (a reaction). */
int hist_verify(struct ui_ctx *ctx, const char *day);
/* Whether there are two days to compare; if not, says so. */
int hist_comparable(struct ui_ctx *ctx);
/* Draw the days list from line 1 of w: the marks' legend, then the list
 * or why there is none. */
void hist_draw_days(WINDOW *w);

#endif
