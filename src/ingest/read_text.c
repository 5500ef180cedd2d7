/* read_text: bytes of a known encoding into UTF-8, with iconv (glibc). */
#include "read_text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmem.h"

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define READ_TEXT_FFFD		"\xef\xbf\xbd"
#define READ_TEXT_FFFD_LEN	3

static const struct read_text_enc {
	const char	*name;		/* canonical: what the reader reports */
	const char	*alias;		/* also accepted from the user */
	const char	*iconv;		/* glibc's name */
	size_t		 unit;		/* bytes in one code unit */
	int		 legacy;	/* may be named by the user */
} read_text_table[] = {
	{ "windows-1252", "cp1252", "WINDOWS-1252", 1, 1 },
	{ "iso-8859-1", "latin1", "ISO-8859-1", 1, 1 },
	{ "UTF-16LE", NULL, "UTF-16LE", 2, 0 },
	{ "UTF-16BE", NULL, "UTF-16BE", 2, 0 },
};

struct read_text {
	iconv_t		 cd;
	size_t		 unit;
};

static const struct read_text_enc *
read_text_find(const char *name, int legacy)
{
	const struct read_text_enc *e;
	size_t i;

	for (i = 0; i < sizeof read_text_table / sizeof read_text_table[0];
	    i++) {
		e = &read_text_table[i];
		if (legacy && !e->legacy)
			continue;
		if (strcasecmp(name, e->name) == 0 ||
		    (e->alias != NULL && strcasecmp(name, e->alias) == 0))
			return e;
	}
	return NULL;
}

const char *
read_text_legacy(const char *name)
{
	const struct read_text_enc *e = read_text_find(name, 1);

	return e != NULL ? e->name : NULL;
}

struct read_text *
read_text_create(const char *name, char **cause)
{
	const struct read_text_enc *e;
	struct read_text *t;
	iconv_t cd;

	if ((e = read_text_find(name, 0)) == NULL) {
		*cause = xasprintf("unknown encoding %s", name);
		return NULL;
	}
	if ((cd = iconv_open("UTF-8", e->iconv)) == (iconv_t)-1) {
		*cause = xasprintf("cannot convert from %s: %s", e->name,
		    strerror(errno));
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->cd = cd;
	t->unit = e->unit;
	return t;
}

enum read_text_stop
read_text_decode(struct read_text *t, char **in, size_t *inlen, char **out,
    size_t *outlen, int final)
{
	size_t skip;

	while (*inlen > 0) {
		if (iconv(t->cd, in, inlen, out, outlen) != (size_t)-1)
			break;
		if (errno == E2BIG)
			return READ_TEXT_OUTPUT;
		if (errno == EINVAL && !final)
			return READ_TEXT_INPUT;	/* wait for the rest */
		/* EILSEQ, or a character cut off by the end of the file. */
		if (*outlen < READ_TEXT_FFFD_LEN)
			return READ_TEXT_OUTPUT;
		memcpy(*out, READ_TEXT_FFFD, READ_TEXT_FFFD_LEN);
		*out += READ_TEXT_FFFD_LEN;
		*outlen -= READ_TEXT_FFFD_LEN;
		skip = *inlen < t->unit ? *inlen : t->unit;
		*in += skip;
		*inlen -= skip;
	}
	return READ_TEXT_INPUT;
}

void
read_text_free(struct read_text *t)
{
	if (t == NULL)
		return;
	iconv_close(t->cd);
	free(t);
}
