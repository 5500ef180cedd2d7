/*
 * datetime: ISO 8601 order times, local days in the data time zone, and
 * calendar days as integers (days since 1970-01-01).
 *
 * The process works in one data time zone, set once with datetime_set_zone
 * (it sets TZ).  Choices made where the design is silent:
 * - accepted: "YYYY-MM-DD" then 'T' or ' ' then "HH:MM:SS", an optional
 *   fraction '.' and 1-9 digits (dropped), then optionally 'Z', "+hh:mm",
 *   "-hh:mm", "+hhmm" or "-hhmm"; nothing else (no lower-case 't'/'z', no
 *   missing seconds, no surrounding whitespace, no year outside 0001-9999).
 * - second 60 (a leap second) is read as 59 so the time keeps its day.
 * - a naive time in a DST gap is moved forward by the gap (as mktime does); a
 *   naive time that happens twice (DST end) is the first, earlier instant.
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

/* Parse an ISO 8601 order time into seconds since the epoch; -1 if invalid. */
int datetime_parse(const char *s, int64_t *epoch);

/* Write the local day of epoch in the data time zone as "YYYY-MM-DD". */
void datetime_local_day(int64_t epoch, char out[11]);

/* The local day of epoch in the data time zone as days since 1970-01-01
 * (the day datetime_local_day writes, without the text). */
int64_t datetime_local_dayno(int64_t epoch);

/* Parse a strict "YYYY-MM-DD" into days since 1970-01-01; -1 if invalid. */
int datetime_parse_day(const char *s, int32_t *day);

/* Write days since 1970-01-01 as "YYYY-MM-DD". */
void datetime_format_day(int32_t day, char out[11]);

/* Write epoch as UTC "YYYY-MM-DDTHH:MM:SSZ". */
void datetime_format_utc(int64_t epoch, char out[21]);

/* Seconds on the monotonic clock, for elapsed times (rates, benchmarks). */
double datetime_monotonic(void);

#endif
