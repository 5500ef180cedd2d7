/* log: fatal errors in one place, and the hook the UI uses to restore the terminal. */
#ifndef KP_LOG_H
#define KP_LOG_H

/* Called once before a fatal error is printed (the UI registers endwin here). */
void log_set_fatal_hook(void (*hook)(void));
/* Print "kpidesk: MSG" on stderr with every control, hidden or invalid
 * character made visible (text_display): messages echo file, user and
 * terminal names as they came. */
void log_say(const char *msg);
/* Print "kpidesk: MSG: strerror(errno)" and exit 1. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Print "kpidesk: MSG" and exit 1. */
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
