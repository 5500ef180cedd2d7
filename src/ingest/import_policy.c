/*
 * import_policy: what may be imported. The upload policy (the settings
 * upload_extensions, upload_max_bytes, upload_name_pattern) and the
 * formats each kind comes as, from the format table (reader.h): the
 * import, the command line and the upload screen all ask here.
 */
#include "import.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paths.h"
#include "reader.h"
#include "settings.h"
#include "strbuf.h"
#include "xmem.h"

/* The format table's bit for kind. */
static unsigned
import_kind_bit(enum import_kind kind)
{
	return kind == IMPORT_CUSTOMERS ? READER_KIND_CUSTOMERS :
	    READER_KIND_ORDERS;
}

/*
 * The formats kind may come as, in the table's order: each as prefix then
 * its extension (".csv"), or its label when prefix is NULL ("CSV"), joined
 * with ", " when comma is set, else with ", " and a last " or ".
 * Caller frees.
 */
static char *
import_formats_text(enum import_kind kind, const char *prefix, int comma)
{
	const struct reader_fmt *f;
	struct strbuf sb;
	size_t i, n = 0, j = 0;
	char *s;

	for (i = 0; i < reader_fmt_count(); i++)
		n += (reader_fmt_at(i)->kinds & import_kind_bit(kind)) != 0;
	strbuf_init(&sb);
	for (i = 0; i < reader_fmt_count(); i++) {
		f = reader_fmt_at(i);
		if (!(f->kinds & import_kind_bit(kind)))
			continue;
		strbuf_printf(&sb, "%s%s%s", j == 0 ? "" : !comma &&
		    j == n - 1 ? " or " : ", ", prefix != NULL ? prefix : "",
		    prefix != NULL ? f->ext : f->label);
		j++;
	}
	s = xstrdup(strbuf_str(&sb));
	strbuf_free(&sb);
	return s;
}

char *
import_formats_label(enum import_kind kind)
{
	return import_formats_text(kind, NULL, 1);
}

char *
import_formats_for(struct db *db, enum import_kind kind)
{
	const struct reader_fmt *f;
	char *allowed = settings_str(db, SET_UPLOAD_EXTENSIONS), *probe;
	const char *p, *end;
	struct strbuf sb;

	strbuf_init(&sb);
	for (p = allowed; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		probe = xasprintf("x.%.*s", (int)(end - p), p);
		f = reader_fmt_of_name(probe);
		free(probe);
		if (f != NULL && (f->kinds & import_kind_bit(kind)))
			strbuf_printf(&sb, "%s%.*s", sb.len > 0 ? "," : "",
			    (int)(end - p), p);
	}
	free(allowed);
	if (sb.len == 0)
		strbuf_puts(&sb, "-");
	probe = xstrdup(strbuf_str(&sb));
	strbuf_free(&sb);
	return probe;
}

const struct reader_fmt *
import_format_of(enum import_kind kind, const char *path, char **cause)
{
	const struct reader_fmt *f;
	char *exts;

	if (strcmp(path, "-") == 0) {
		/* Standard input: orders as XML, the generator's format. */
		if (kind == IMPORT_ORDERS)
			return reader_fmt_of_name("-.xml");
		*cause = xstrdup("standard input (-) takes orders as XML: give "
		    "the customer master as a FILE");
		return NULL;
	}
	f = reader_fmt_of_name(path);
	if (f != NULL && (f->kinds & import_kind_bit(kind)))
		return f;
	exts = import_formats_text(kind, ".", 0);
	*cause = xasprintf("%s: %s come as %s", paths_basename(path),
	    kind == IMPORT_CUSTOMERS ? "customers" : "orders", exts);
	free(exts);
	return NULL;
}

/* Whether ext is one of the comma-separated list (any case). */
static int
import_listed(const char *list, const char *ext)
{
	size_t len = strlen(ext);
	const char *p = list, *end;

	for (; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if ((size_t)(end - p) == len && strncasecmp(p, ext, len) == 0)
			return 1;
	}
	return 0;
}

/* Extension, size and name pattern of the upload policy. */
int
import_policy(struct db *db, const char *path, uint64_t size, char **cause)
{
	const char *name = paths_basename(path), *dot = strrchr(name, '.');
	char *exts = NULL, *pattern = NULL;
	int64_t max = settings_int(db, SET_UPLOAD_MAX_BYTES);
	int rc = -1, is_stdin = strcmp(path, "-") == 0;

	if (is_stdin) {
		/* As a file of the format read (XML); its size is checked
		 * while it is read (reader_limits.max_input). */
		name = "standard input";
		dot = ".xml";
	}
	if (settings_text(db, SET_UPLOAD_EXTENSIONS, &exts, cause) == -1)
		return -1;
	/* The list is read, not cut (strtok_r cut it, and the refusal
	 * then named only its first extension). */
	if (dot == NULL || !import_listed(exts, dot + 1)) {
		*cause = xasprintf("%s: the extension is not allowed (allowed: "
		    "%s)", name, exts);
		goto out;
	}
	if (max > 0 && size > (uint64_t)max) {
		*cause = xasprintf("%s: %llu bytes is over the upload limit of "
		    "%lld bytes", name, (unsigned long long)size,
		    (long long)max);
		goto out;
	}
	if (settings_text(db, SET_UPLOAD_NAME_PATTERN, &pattern, cause) == -1)
		goto out;
	if (*pattern != '\0' && is_stdin) {
		*cause = xasprintf("standard input has no file name, and the "
		    "upload policy wants names matching %s: give a FILE",
		    pattern);
		goto out;
	}
	if (*pattern != '\0' && fnmatch(pattern, name, 0) != 0) {
		*cause = xasprintf("%s: the file name does not match the "
		    "required pattern %s", name, pattern);
		goto out;
	}
	rc = 0;
out:
	free(exts);
	free(pattern);
	return rc;
}

