/* password: argon2id hashing of a new password and the password policy. */
#include "password.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <argon2.h>

#include "hash.h"
#include "pwlist.h"
#include "secret.h"
#include "settings.h"
#include "xmem.h"

int
password_hash(const char *pw, char **encoded, char **cause)
{
	uint8_t salt[PASSWORD_SALT_LEN];
	size_t len;
	char *out;
	int rc;

	if (hash_random(salt, sizeof salt, cause) == -1)
		return -1;
	len = argon2_encodedlen(PASSWORD_T, PASSWORD_M_KIB, PASSWORD_P, PASSWORD_SALT_LEN,
	    PASSWORD_HASH_LEN, Argon2_id);
	out = xmalloc(len);
	rc = argon2id_hash_encoded(PASSWORD_T, PASSWORD_M_KIB, PASSWORD_P, pw, strlen(pw),
	    salt, sizeof salt, PASSWORD_HASH_LEN, out, len);
	if (rc != ARGON2_OK) {
		*cause = xasprintf("hashing the password failed: %s",
		    argon2_error_message(rc));
		free(out);
		return -1;
	}
	*encoded = out;
	return 0;
}

/* Whether s holds the ASCII word w, ignoring case. */
static int
password_contains(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s != '\0'; s++) {
		if (strncasecmp(s, w, n) == 0)
			return 1;
	}
	return 0;
}

/* Decode one UTF-8 character at *p, moving *p past it; an invalid byte
 * reads as itself, so it counts as a character of its own. */
static uint32_t
password_next_char(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*p += 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		c = s[0] & 0x1f;
		n = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		c = s[0] & 0x0f;
		n = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		c = s[0] & 0x07;
		n = 3;
	} else {
		*p += 1;
		return s[0];
	}
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p += 1;
			return s[0];
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*p += n + 1;
	return c;
}

/* Unicode White_Space. */
static int
password_is_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 ||
	    c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	    c == 0x3000;
}

/* Characters that draw nothing: controls, zero-width and joiners, bidi
 * marks, fillers, variation selectors, tags. */
static int
password_is_invisible(uint32_t c)
{
	static const uint32_t ranges[][2] = {
		{ 0x0000, 0x001f }, { 0x007f, 0x009f }, { 0x00ad, 0x00ad },
		{ 0x034f, 0x034f }, { 0x061c, 0x061c }, { 0x115f, 0x1160 },
		{ 0x17b4, 0x17b5 }, { 0x180b, 0x180f }, { 0x200b, 0x200f },
		{ 0x202a, 0x202e }, { 0x2060, 0x206f }, { 0x2800, 0x2800 },
		{ 0x3164, 0x3164 }, { 0xfe00, 0xfe0f }, { 0xfeff, 0xfeff },
		{ 0xffa0, 0xffa0 }, { 0xfff0, 0xfffb }, { 0x1d173, 0x1d17a },
		{ 0xe0000, 0xe0fff },
	};
	size_t i;

	for (i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return 1;
	}
	return 0;
}

/*
 * Refuse passwords whose length is not worth its characters: only spaces,
 * nothing visible (zero-width and other invisible characters), or one
 * visible character repeated (spaces and invisible ones aside).
 */
static int
password_check_shape(const char *pw, char **cause)
{
	const char *p = pw;
	uint32_t c, first = 0;
	size_t visible = 0, invisible = 0;
	int distinct = 0;

	while (*p != '\0') {
		c = password_next_char(&p);
		if (password_is_space(c))
			continue;
		if (password_is_invisible(c)) {
			invisible++;
			continue;
		}
		if (visible++ == 0) {
			first = c;
			distinct = 1;
		} else if (c != first)
			distinct = 2;
	}
	if (visible == 0 && invisible == 0) {
		*cause = xstrdup("the password is only spaces: use visible "
		    "characters too");
		return -1;
	}
	if (visible == 0) {
		*cause = xstrdup("the password has no visible character (only "
		    "spaces, zero-width or other invisible ones): choose "
		    "another");
		return -1;
	}
	if (distinct == 1) {
		*cause = xstrdup("the password is one character repeated: "
		    "choose another");
		return -1;
	}
	return 0;
}

int
password_check_policy(struct db *db, const char *name, const char *pw,
    char **cause)
{
	int64_t min = settings_int(db, SET_PASSWORD_MIN_LENGTH);
	size_t chars = 0;
	const char *p;

	/* Length in characters (UTF-8 lead bytes), not bytes. */
	for (p = pw; *p != '\0'; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
	}
	if ((int64_t)chars < min) {
		*cause = xasprintf("the password is too short: use at least "
		    "%lld characters", (long long)min);
		return -1;
	}
	if (chars > SECRET_MAX_CHARS || strlen(pw) > SECRET_MAX) {
		*cause = xasprintf("the password is too long: use at most %d "
		    "characters", SECRET_MAX_CHARS);
		return -1;
	}
	if (strcasecmp(pw, name) == 0 || password_contains(pw, "kpidesk")) {
		*cause = xstrdup("the password must not be the user name or "
		    "hold the product name: choose another");
		return -1;
	}
	if (password_check_shape(pw, cause) == -1)
		return -1;
	if (pwlist_common(pw)) {
		*cause = xstrdup("the password is on the list of common "
		    "passwords: choose another");
		return -1;
	}
	return 0;
}
