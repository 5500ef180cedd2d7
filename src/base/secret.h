/* secret: read passwords from the terminal without echo or from a private file. */
#ifndef KP_SECRET_H
#define KP_SECRET_H

#define SECRET_MAX_CHARS 128	/* longest password accepted, in characters */
#define SECRET_MAX	512	/* the same in bytes: 4 per UTF-8 character */

/* Read the first line of a file that only its owner can read. Caller frees
 * with xfree_secret. NULL and *cause on error (wrong mode, empty, too long:
 * more than SECRET_MAX_CHARS characters, never cut). */
char *secret_from_file(const char *path, char **cause);
/* Prompt on /dev/tty and read a line with echo off. Caller frees with
 * xfree_secret. NULL and *cause when there is no terminal. A signal from
 * the terminal (Ctrl-C, Ctrl-\, hangup, TERM) turns echo back on before it
 * takes its usual effect; Ctrl-Z does too, and the prompt comes again on
 * fg. */
char *secret_from_tty(const char *prompt, char **cause);
/* From file when path is not NULL, else from the terminal. Caller frees with
 * xfree_secret. */
char *secret_get(const char *path, const char *prompt, char **cause);

#endif
