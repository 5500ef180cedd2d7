/*
 * draw: clipped, width-aware output into a curses window. draw_text takes
 * text that is already displayable (from text_display() or our own
 * literals); draw_data takes anything from a file or the database and
 * sanitizes it first. Widths are terminal cells; nothing is drawn outside
 * the window or past width.
 */
#ifndef KP_DRAW_H
#define KP_DRAW_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include "datetime.h"
#include "numfmt.h"

struct table;

/* Remember whether the locale is UTF-8 (else everything drawn is ASCII). */
void draw_init(int utf8);
/* Whether drawing may use Unicode. */
int draw_utf8(void);
/* Group digits the Indian way when indian is set (number_scale), else
 * the Western way. */
void draw_set_indian(int indian);
/* A number as the screens show it (numfmt with the session's grouping
 * and locale). The text lives in the returned struct, so draw_int(v).s is
 * valid until the end of the full expression that uses it. */
struct draw_num { char s[NUMFMT_MAX]; };
/* v grouped: 8,30,454. */
struct draw_num draw_int(int64_t v);
/* Money in minor units: ₹8,30,454.71 (Rs on an ASCII terminal). */
struct draw_num draw_money(int64_t minor);
/* A grouped count with its noun: 1 row, 1,234 rows. */
struct draw_num draw_count(int64_t n, const char *one, const char *many);
/* A size: 68,092,579 bytes (64.9 MiB). */
struct draw_num draw_size(uint64_t bytes);
/* A time as the screens show it, zone named: 2026-12-04 19:40 UTC. */
struct draw_when { char s[DATETIME_SHOW_LEN]; };
/* epoch in the screens' form. */
struct draw_when draw_when(int64_t epoch);
/* A stored stamp (2026-12-04T19:40:59Z) in the screens' form; anything
 * else (NULL is "-") as it is, cut to 20 bytes: for stamps only. */
struct draw_when draw_stamp(const char *stamp);
/* Cell (r, c) of t as a screen shows it: numbers grouped, money with its
 * sign, stored time stamps in the screens' form, text as stored (not yet
 * sanitized). Caller frees. */
char *draw_cell(const struct table *t, size_t r, size_t c);
/* Draw displayable s at (y, x) in at most width cells, cut with an
 * ellipsis; returns the cells used. */
int draw_text(WINDOW *w, int y, int x, int width, const char *s, attr_t a);
/* As draw_text, right-aligned in width cells. */
int draw_right(WINDOW *w, int y, int x, int width, const char *s, attr_t a);
/* Sanitize raw (text_display) and draw it; returns the cells used. */
int draw_data(WINDOW *w, int y, int x, int width, const char *raw, attr_t a);
/* printf into a buffer, sanitize, and draw; returns the cells used. */
int draw_printf(WINDOW *w, int y, int x, int width, attr_t a,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sanitize raw and draw it word-wrapped into at most h lines of width
 * cells from (y, x), the last line cut with an ellipsis; the lines used. */
int draw_wrap(WINDOW *w, int y, int x, int h, int width, const char *raw,
    attr_t a);
/* Fill width cells at (y, x) with spaces in attribute a. */
void draw_fill(WINDOW *w, int y, int x, int width, attr_t a);
/* A horizontal rule of width cells. */
void draw_hline(WINDOW *w, int y, int x, int width);
/* A box outline with its interior cleared. */
void draw_box(WINDOW *w, int y, int x, int h, int width, attr_t a);

#endif
