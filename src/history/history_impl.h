/* history_impl: what history.c shares with history_files.c; private. */
#ifndef KP_HISTORY_IMPL_H
#define KP_HISTORY_IMPL_H

#include <stddef.h>

/* Split s at sep into *n fields (caller frees with history_free_split). */
char **history_split(const char *s, char sep, size_t *n);
/* Free what history_split returned. */
void history_free_split(char **v, size_t n);

#endif
