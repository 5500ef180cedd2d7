/* pwlist: look a password up in the compiled-in common-password list. */
#include "pwlist.h"

#include <stdlib.h>
#include <string.h>

#include "xmem.h"

int
pwlist_common(const char *pw)
{
	size_t lo = 0, hi = pwlist_n, mid, len = strlen(pw), i;
	char *key;
	int cmp, found = 0;

	/* A copy folded to lower case, wiped after use like any secret. */
	key = xmalloc(len + 1);
	for (i = 0; i <= len; i++) {
		key[i] = pw[i];
		if (key[i] >= 'A' && key[i] <= 'Z')
			key[i] = (char)(key[i] - 'A' + 'a');
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(key, pwlist_blob + pwlist_off[mid]);
		if (cmp == 0) {
			found = 1;
			break;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	xfree_secret(key);
	return found;
}

size_t
pwlist_size(void)
{
	return pwlist_n;
}
