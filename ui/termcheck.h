/*
 * termcheck: whether the terminal named by TERM can carry the interface,
 * asked of terminfo before curses starts, so that a dumb or unknown
 * terminal gets a sentence saying what to do instead of a blind screen or
 * the raw ncurses error. Kept apart from ui.c: <term.h> defines macros
 * (lines, columns) that would clash with ordinary names.
 */
#ifndef KP_TERMCHECK_H
#define KP_TERMCHECK_H

/* 0 when TERM names a terminal with cursor addressing; else -1 and an
 * allocated *cause naming TERM and a value to try. */
int termcheck_usable(char **cause);

#endif
