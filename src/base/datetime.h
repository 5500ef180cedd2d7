/*
 * datetime: ISO 8601 order times (contract version 3), local days in the data
 * time zone, and calendar days as integers (days since 1970-01-01).
 *
 * The process works in one data time zone, set once with datetime_set_zone
 * (it sets TZ); local days are days there.  A time without an offset is read
 * in the source time zone, the data zone unless datetime_set_source_zone
 * names another.  Choices made where the design is silent:
 * - accepted: "YYYY-MM-DD" then 'T' or ' ' then "HH:MM", optionally ":SS"
 *   and then optionally a fraction '.' and 1-9 digits (dropped), then
 *   optionally 'Z', "+hh:mm", "-hh:mm", "+hhmm" or "-hhmm"; nothing else (no
 *   lower-case 't'/'z', no "+hh" alone, no fraction without seconds, no
 *   surrounding whitespace, no year outside 0001-9999, offsets up to 23:59).
 * - second 60 (a leap second) is read as 59 so the time keeps its day.
 * - a time without an offset that a daylight-saving change skips
 *   (DATETIME_WHY_DST_GAP) or makes happen twice (DATETIME_WHY_DST_TWICE) in
 *   the source zone is rejected: either reading would change the value.
 * - offsets are cached per UTC day and zone, assuming at most one change of
 *   offset per day; a source zone other than the data zone is read by
 *   switching TZ on a cache miss only (not thread-safe, like TZ itself).
 * - rejections are classified in order: the ISO field order with a field out
 *   of range ("2025-02-30 10:00", "24:00") is DATETIME_WHY_RANGE; a valid
 *   date alone is DATETIME_WHY_DATE_ONLY; 1-2 digits, '/', '-' or '.', 1-2
 *   digits, the same separator and 2 or 4 digits at the start is
 *   DATETIME_WHY_DAY_MONTH, even when the day is above 12; a whole string of
 *   digits, optionally signed, with a '.' or ',' fraction and an exponent,
 *   is DATETIME_WHY_NUMBER; anything else DATETIME_WHY_INVALID.
 */
#ifndef KP_DATETIME_H
#define KP_DATETIME_H

#include <stdint.h>

#define DATETIME_DEFAULT_ZONE	"Asia/Kolkata"
#define DATETIME_ZONEINFO	"/usr/share/zoneinfo"

/*
 * Make zone (an IANA name with a file under /usr/share/zoneinfo) the data
 * time zone of the process; on error return -1 with a message in *cause
 * (caller frees).
 */
int datetime_set_zone(const char *zone, char **cause);

/* The data zone's name, NULL before any set; valid until the next set. */
const char *datetime_zone(void);

/*
 * Make zone the source time zone, in which times without an offset are read;
 * NULL makes it the data zone again, following later datetime_set_zone
 * calls.  On error return -1 with a message in *cause (caller frees) and
 * leave the source zone as it was.
 */
int datetime_set_source_zone(const char *zone, char **cause);

/* The source zone's name (the data zone's when none is set), NULL if
 * neither is set; valid until the next set. */
const char *datetime_source_zone(void);

/* Why datetime_parse_why rejected a value. */
enum datetime_why {
	DATETIME_WHY_NONE = 0,		/* accepted */
	DATETIME_WHY_DATE_ONLY,		/* "2025-10-13" */
	DATETIME_WHY_DAY_MONTH,		/* "13/10/2025 14:05" */
	DATETIME_WHY_NUMBER,		/* "1760339400", "45943.5" */
	DATETIME_WHY_DST_GAP,		/* local time skipped by DST */
	DATETIME_WHY_DST_TWICE,		/* local time seen twice */
	DATETIME_WHY_RANGE,		/* "2025-02-30 10:00", "24:00" */
	DATETIME_WHY_INVALID		/* anything else */
};

/*
 * Parse an ISO 8601 order time into seconds since the epoch.  Return -1 if
 * it is not one, *epoch untouched; *why (may be NULL) receives the reason,
 * DATETIME_WHY_NONE on success.
 */
int datetime_parse_why(const char *s, int64_t *epoch, enum datetime_why *why);

/* datetime_parse_why without the reason. */
int datetime_parse(const char *s, int64_t *epoch);

/* The message for a reason, naming the fix, and its code for the rejects
 * list ("date_only"); NULL for DATETIME_WHY_NONE.  Static strings. */
const char *datetime_why_text(enum datetime_why why);
const char *datetime_why_code(enum datetime_why why);

/* Write the local day of epoch in the data time zone as "YYYY-MM-DD". */
void datetime_local_day(int64_t epoch, char out[11]);

/* The local day of epoch in the data time zone as days since 1970-01-01
 * (the day datetime_local_day writes, without the text). */
int64_t datetime_local_dayno(int64_t epoch);

/* Parse a strict "YYYY-MM-DD" into days since 1970-01-01; -1 if invalid. */
int datetime_parse_day(const char *s, int32_t *day);

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1-12). */
int64_t datetime_days_from_civil(int64_t y, int m, int d);

/* Write days since 1970-01-01 as "YYYY-MM-DD". */
void datetime_format_day(int32_t day, char out[11]);

/* Write epoch as UTC "YYYY-MM-DDTHH:MM:SSZ". */
void datetime_format_utc(int64_t epoch, char out[21]);

/* The one form a screen shows a time in, zone named: "2026-12-04 19:40
 * UTC" (DATETIME_SHOW_LEN bytes with the NUL). */
#define DATETIME_SHOW_LEN	21
/* Write epoch in the screens' form. */
void datetime_show(int64_t epoch, char out[DATETIME_SHOW_LEN]);
/* Write a stored stamp ("YYYY-MM-DDTHH:MM:SSZ", as datetime_format_utc
 * writes) in the screens' form; -1 (out untouched) when s is no stamp. */
int datetime_show_stamp(const char *s, char out[DATETIME_SHOW_LEN]);

/* Seconds on the monotonic clock, for elapsed times (rates, benchmarks). */
double datetime_monotonic(void);

#endif
