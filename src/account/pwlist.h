/*
 * pwlist: the list of common passwords the policy refuses, compiled in from
 * data/common-passwords.txt (lower-cased, byte order) so that the check
 * needs no file at run time and gives the same answer everywhere.
 */
#ifndef KP_PWLIST_H
#define KP_PWLIST_H

#include <stddef.h>
#include <stdint.h>

/* Whether pw, with ASCII letters folded to lower case, is on the list. */
int pwlist_common(const char *pw);

/* How many passwords the list holds. */
size_t pwlist_size(void);

/*
 * The generated data (src/pwlist_data.c, made by src/pwlist.awk): the words
 * back to back, each ending in a NUL, and where each starts. Private to
 * pwlist.c.
 */
extern const char	pwlist_blob[];
extern const uint32_t	pwlist_off[];
extern const size_t	pwlist_n;

#endif
