/* datetime: ISO 8601 parsing, source and data zones, local and calendar days. */
#include "datetime.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "xmem.h"

#define DATETIME_DAY	86400

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int64_t
datetime_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date of a day number; the inverse of datetime_days_from_civil. */
static void
datetime_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
datetime_days_in_month(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* The day number of an epoch second, rounding down. */
static int64_t
datetime_floor_day(int64_t t)
{
	return t / DATETIME_DAY - (t % DATETIME_DAY < 0);
}

/* Seconds east of UTC of the data time zone at instant t, from libc. */
static int64_t
datetime_offset_libc(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int64_t local;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	local = datetime_days_from_civil((int64_t)tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday) * DATETIME_DAY + tm.tm_hour * 3600 +
	    tm.tm_min * 60 + tm.tm_sec;
	return local - t;
}

/*
 * The offsets of one zone, cached per UTC day: a day costs a few libc calls
 * once.  glibc re-parses the zone's rule string on every call past the last
 * transition, which made offsets a visible part of an import.  A day with a
 * transition keeps the instant of the change, so its lines cost no more;
 * days are assumed to hold at most one change (true of the tz database
 * since 1970 and of every zone we serve).
 */
#define DATETIME_CACHE	1024
struct datetime_day {
	int64_t	day;
	int64_t	before;		/* offset before change */
	int64_t	change;		/* first second of after, or INT64_MAX */
	int64_t	after;
	int	valid;
};
struct datetime_tz {
	char			name[256];
	struct datetime_day	cache[DATETIME_CACHE];
};

/* The data zone is the process TZ; the source zone is read on cache misses
 * only, switching TZ for them ("" is the data zone). */
static struct datetime_tz datetime_data;
static struct datetime_tz datetime_src;
static int datetime_src_same = 1;

/* Fill d with the offsets of UTC day day in the process TZ. */
static void
datetime_fill(struct datetime_day *d, int64_t day)
{
	int64_t lo = day * DATETIME_DAY, hi = lo + DATETIME_DAY - 1, mid;

	d->day = day;
	d->before = datetime_offset_libc(lo);
	d->after = datetime_offset_libc(hi);
	d->change = INT64_MAX;
	if (d->before != d->after) {
		/* offset(lo) is before, offset(hi) is not: bisect. */
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (datetime_offset_libc(mid) == d->before)
				lo = mid;
			else
				hi = mid;
		}
		d->change = hi;
	}
	d->valid = 1;
}

/* Fill d under zone z, switching the process TZ there and back. */
static void
datetime_fill_other(const struct datetime_tz *z, struct datetime_day *d,
    int64_t day)
{
	const char *old = getenv("TZ");
	char *saved = old != NULL ? xstrdup(old) : NULL;

	if (setenv("TZ", z->name, 1) != 0)
		fatal("setenv TZ");
	tzset();
	datetime_fill(d, day);
	if (saved != NULL ? setenv("TZ", saved, 1) : unsetenv("TZ"))
		fatal("setenv TZ");
	tzset();
	free(saved);
}

/* Seconds east of UTC of zone z at instant t. */
static int64_t
datetime_tz_offset(struct datetime_tz *z, int64_t t)
{
	int64_t day = datetime_floor_day(t);
	struct datetime_day *d = &z->cache[day & (DATETIME_CACHE - 1)];

	if (!d->valid || d->day != day) {
		if (z == &datetime_data)
			datetime_fill(d, day);
		else
			datetime_fill_other(z, d, day);
	}
	return t < d->change ? d->before : d->after;
}

/* Seconds east of UTC of the data time zone at instant t. */
static int64_t
datetime_offset(int64_t t)
{
	return datetime_tz_offset(&datetime_data, t);
}

/*
 * The instant of a wall-clock time in the source zone, given as seconds as
 * if UTC.  A time that a change skips or repeats has no single instant: it
 * is rejected, not guessed.
 */
static enum datetime_why
datetime_from_local(int64_t local, int64_t *epoch)
{
	struct datetime_tz *z = datetime_src_same ? &datetime_data :
	    &datetime_src;
	int64_t before, after, ta, tb;
	int va, vb;

	/* Offsets are within a day, so these bracket any instant of local. */
	before = datetime_tz_offset(z, local - DATETIME_DAY);
	after = datetime_tz_offset(z, local + DATETIME_DAY);
	ta = local - before;
	va = datetime_tz_offset(z, ta) == before;
	if (before == after && va) {
		*epoch = ta;
		return DATETIME_WHY_NONE;
	}
	tb = local - after;
	vb = datetime_tz_offset(z, tb) == after;
	if (va && vb)
		return DATETIME_WHY_DST_TWICE;
	if (!va && !vb)
		return DATETIME_WHY_DST_GAP;
	*epoch = va ? ta : tb;
	return DATETIME_WHY_NONE;
}

/* Check an IANA zone name and that its file is there; -1 with *cause. */
static int
datetime_zone_check(const char *zone, char **cause)
{
	char *path, magic[4];
	struct stat sb;
	const char *p;
	ssize_t n;
	int fd, ok = 1;

	if (zone == NULL || *zone == '\0' || *zone == '/' ||
	    strlen(zone) >= sizeof datetime_data.name ||
	    strstr(zone, "..") != NULL || strstr(zone, "//") != NULL ||
	    zone[strlen(zone) - 1] == '/' || strncmp(zone, "right/", 6) == 0)
		ok = 0;
	for (p = zone; ok && *p != '\0'; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' ||
		    *p == '-' || *p == '+'))
			ok = 0;
	}
	if (!ok) {
		*cause = xstrdup("invalid time zone name: use an IANA name "
		    "such as Asia/Kolkata or Europe/London");
		return -1;
	}

	path = xasprintf("%s/%s", DATETIME_ZONEINFO, zone);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd == -1)
		ok = 0;
	else {
		if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
			ok = 0;
		else if ((n = read(fd, magic, sizeof magic)) != sizeof magic ||
		    memcmp(magic, "TZif", sizeof magic) != 0)
			ok = 0;
		close(fd);
	}
	if (!ok) {
		*cause = xasprintf("unknown time zone %s: use an IANA name "
		    "such as Asia/Kolkata (a file under %s; install tzdata if "
		    "that folder is empty)", zone, DATETIME_ZONEINFO);
		return -1;
	}
	return 0;
}

/* Whether naive times can use the data zone's cache and need no switch. */
static void
datetime_src_update(void)
{
	datetime_src_same = datetime_src.name[0] == '\0' ||
	    strcmp(datetime_src.name, datetime_data.name) == 0;
}

int
datetime_set_zone(const char *zone, char **cause)
{
	if (datetime_zone_check(zone, cause) != 0)
		return -1;
	if (setenv("TZ", zone, 1) != 0) {
		*cause = xasprintf("cannot set time zone %s", zone);
		return -1;
	}
	tzset();
	memset(datetime_data.cache, 0, sizeof datetime_data.cache);
	memcpy(datetime_data.name, zone, strlen(zone) + 1);
	datetime_src_update();
	return 0;
}

const char *
datetime_zone(void)
{
	return datetime_data.name[0] == '\0' ? NULL : datetime_data.name;
}

int
datetime_set_source_zone(const char *zone, char **cause)
{
	if (zone != NULL && datetime_zone_check(zone, cause) != 0)
		return -1;
	memset(datetime_src.cache, 0, sizeof datetime_src.cache);
	if (zone == NULL)
		datetime_src.name[0] = '\0';
	else
		memcpy(datetime_src.name, zone, strlen(zone) + 1);
	datetime_src_update();
	return 0;
}

const char *
datetime_source_zone(void)
{
	if (datetime_src.name[0] == '\0')
		return datetime_zone();
	return datetime_src.name;
}

/* Read exactly n ASCII digits at *pp into *v. */
static int
datetime_digits(const char **pp, int n, int *v)
{
	const char *p = *pp;
	int x = 0;

	for (; n > 0; n--, p++) {
		if (*p < '0' || *p > '9')
			return -1;
		x = x * 10 + (*p - '0');
	}
	*pp = p;
	*v = x;
	return 0;
}

/* Whether y-m-d is a day of years 0001-9999. */
static int
datetime_date_valid(int y, int m, int d)
{
	return (y >= 1 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= datetime_days_in_month(y, m));
}

/* Parse "YYYY-MM-DD" at *pp (moving on) into a day number. */
static int
datetime_date(const char **pp, int64_t *day)
{
	const char *p = *pp;
	int y, m, d;

	if (datetime_digits(&p, 4, &y) != 0 || *p++ != '-' ||
	    datetime_digits(&p, 2, &m) != 0 || *p++ != '-' ||
	    datetime_digits(&p, 2, &d) != 0 || !datetime_date_valid(y, m, d))
		return -1;
	*day = datetime_days_from_civil(y, m, d);
	*pp = p;
	return 0;
}

/* Skip ASCII digits at p; the count in *n. */
static const char *
datetime_skip_digits(const char *p, int *n)
{
	for (*n = 0; *p >= '0' && *p <= '9'; p++)
		(*n)++;
	return p;
}

/*
 * Why s, which is not the ISO form, was written: "13/10/2025 14:05" (1-2
 * digits, one of / - ., 1-2 digits, the same, 2 or 4 digits), a bare number
 * ("1760339400", "45943.5", "1.76E+09") or anything else.
 */
static enum datetime_why
datetime_classify(const char *s)
{
	const char *p = s;
	char sep;
	int n;

	p = datetime_skip_digits(p, &n);
	if (n >= 1 && n <= 2 && (*p == '/' || *p == '-' || *p == '.')) {
		sep = *p;
		p = datetime_skip_digits(p + 1, &n);
		if (n >= 1 && n <= 2 && *p == sep) {
			p = datetime_skip_digits(p + 1, &n);
			if (n == 2 || n == 4)
				return DATETIME_WHY_DAY_MONTH;
		}
	}

	p = s;
	if (*p == '+' || *p == '-')
		p++;
	p = datetime_skip_digits(p, &n);
	if (n == 0)
		return DATETIME_WHY_INVALID;
	if (*p == '.' || *p == ',') {
		p = datetime_skip_digits(p + 1, &n);
		if (n == 0)
			return DATETIME_WHY_INVALID;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		p = datetime_skip_digits(p, &n);
		if (n == 0)
			return DATETIME_WHY_INVALID;
	}
	return (*p == '\0' ? DATETIME_WHY_NUMBER : DATETIME_WHY_INVALID);
}

/*
 * Read the ISO form: *local is the wall-clock time as if UTC; *offset and
 * *has_offset what followed it.  The field order is checked before ranges,
 * so "2025-02-30" is out of range, not a date alone.
 */
static enum datetime_why
datetime_scan(const char *s, int64_t *local, int *has_offset, int *offset)
{
	const char *p = s;
	int y, mo, d, hh, mm, ss = 0, oh = 0, om = 0, n, sign = 1;

	*has_offset = 0;
	*offset = 0;
	if (datetime_digits(&p, 4, &y) != 0 || *p++ != '-' ||
	    datetime_digits(&p, 2, &mo) != 0 || *p++ != '-' ||
	    datetime_digits(&p, 2, &d) != 0)
		return datetime_classify(s);
	if (*p == '\0')
		return (datetime_date_valid(y, mo, d) ? DATETIME_WHY_DATE_ONLY :
		    DATETIME_WHY_RANGE);
	if (*p != 'T' && *p != ' ')
		return DATETIME_WHY_INVALID;
	p++;
	if (datetime_digits(&p, 2, &hh) != 0 || *p++ != ':' ||
	    datetime_digits(&p, 2, &mm) != 0)
		return DATETIME_WHY_INVALID;
	if (*p == ':') {
		p++;
		if (datetime_digits(&p, 2, &ss) != 0)
			return DATETIME_WHY_INVALID;
		if (*p == '.') {
			p = datetime_skip_digits(p + 1, &n);
			if (n < 1 || n > 9)
				return DATETIME_WHY_INVALID;
		}
	}
	if (*p == 'Z') {
		p++;
		*has_offset = 1;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (datetime_digits(&p, 2, &oh) != 0)
			return DATETIME_WHY_INVALID;
		if (*p == ':')
			p++;
		if (datetime_digits(&p, 2, &om) != 0)
			return DATETIME_WHY_INVALID;
		*has_offset = 1;
	}
	if (*p != '\0')
		return DATETIME_WHY_INVALID;

	if (!datetime_date_valid(y, mo, d) || hh > 23 || mm > 59 || ss > 60 ||
	    oh > 23 || om > 59)
		return DATETIME_WHY_RANGE;
	if (ss == 60)
		ss = 59;	/* a leap second keeps its minute and day */
	*offset = sign * (oh * 3600 + om * 60);
	*local = datetime_days_from_civil(y, mo, d) * DATETIME_DAY +
	    hh * 3600 + mm * 60 + ss;
	return DATETIME_WHY_NONE;
}

int
datetime_parse_why(const char *s, int64_t *epoch, enum datetime_why *why)
{
	enum datetime_why w;
	int64_t local, t;
	int has_offset, offset;

	w = datetime_scan(s, &local, &has_offset, &offset);
	if (w == DATETIME_WHY_NONE) {
		if (has_offset)
			t = local - offset;
		else
			w = datetime_from_local(local, &t);
	}
	if (why != NULL)
		*why = w;
	if (w != DATETIME_WHY_NONE)
		return -1;
	*epoch = t;
	return 0;
}

int
datetime_parse(const char *s, int64_t *epoch)
{
	return datetime_parse_why(s, epoch, NULL);
}

/* Codes for the rejects list and texts that name the fix, by reason. */
static const struct {
	enum datetime_why	 why;
	const char		*code;
	const char		*text;
} datetime_whys[] = {
	{ DATETIME_WHY_DATE_ONLY, "date_only",
	  "a date without a time; add the time of the order "
	  "(YYYY-MM-DD HH:MM)" },
	{ DATETIME_WHY_DAY_MONTH, "date_day_month",
	  "day-first or month-first dates are ambiguous; write YYYY-MM-DD" },
	{ DATETIME_WHY_NUMBER, "date_number",
	  "a bare number is not a date and time (a Unix time or a spreadsheet "
	  "serial?); export the column as text, YYYY-MM-DD HH:MM" },
	{ DATETIME_WHY_DST_GAP, "date_dst_gap",
	  "this local time does not exist in the source time zone (skipped by "
	  "a daylight-saving change); add the UTC offset (+hh:mm) or check "
	  "the source time zone" },
	{ DATETIME_WHY_DST_TWICE, "date_dst_twice",
	  "this local time happens twice in the source time zone (a "
	  "daylight-saving change); add the UTC offset (+hh:mm) to say which" },
	{ DATETIME_WHY_RANGE, "date_range",
	  "a month, day, hour, minute, second or offset out of range; check "
	  "the value" },
	{ DATETIME_WHY_INVALID, "date_invalid",
	  "not an ISO 8601 date and time; write YYYY-MM-DD HH:MM[:SS], "
	  "optionally with Z or +hh:mm" },
};

const char *
datetime_why_text(enum datetime_why why)
{
	size_t i;

	if (why == DATETIME_WHY_NONE)
		return NULL;
	for (i = 0; i < sizeof datetime_whys / sizeof datetime_whys[0]; i++) {
		if (datetime_whys[i].why == why)
			return datetime_whys[i].text;
	}
	return datetime_why_text(DATETIME_WHY_INVALID);
}

const char *
datetime_why_code(enum datetime_why why)
{
	size_t i;

	if (why == DATETIME_WHY_NONE)
		return NULL;
	for (i = 0; i < sizeof datetime_whys / sizeof datetime_whys[0]; i++) {
		if (datetime_whys[i].why == why)
			return datetime_whys[i].code;
	}
	return datetime_why_code(DATETIME_WHY_INVALID);
}

/* Write a date, truncating years that do not fit four digits. */
static void
datetime_put_date(int64_t y, int m, int d, char out[11])
{
	snprintf(out, 11, "%04lld-%02d-%02d", (long long)y, m, d);
}

int64_t
datetime_local_dayno(int64_t epoch)
{
	return datetime_floor_day(epoch + datetime_offset(epoch));
}

void
datetime_local_day(int64_t epoch, char out[11])
{
	int64_t y;
	int m, d;

	datetime_civil_from_days(datetime_local_dayno(epoch), &y, &m, &d);
	datetime_put_date(y, m, d, out);
}

int
datetime_parse_day(const char *s, int32_t *day)
{
	const char *p = s;
	int64_t d;

	if (datetime_date(&p, &d) != 0 || *p != '\0')
		return -1;
	*day = (int32_t)d;	/* years 1-9999 always fit */
	return 0;
}

void
datetime_format_day(int32_t day, char out[11])
{
	int64_t y;
	int m, d;

	datetime_civil_from_days(day, &y, &m, &d);
	datetime_put_date(y, m, d, out);
}

void
datetime_format_utc(int64_t epoch, char out[21])
{
	int64_t day = datetime_floor_day(epoch), secs;
	char date[11];

	secs = epoch - day * DATETIME_DAY;
	datetime_format_day((int32_t)day, date);
	snprintf(out, 21, "%.10sT%02u:%02u:%02uZ", date,
	    (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60),
	    (unsigned)(secs % 60));
}

void
datetime_show(int64_t epoch, char out[DATETIME_SHOW_LEN])
{
	char utc[21];

	datetime_format_utc(epoch, utc);
	snprintf(out, DATETIME_SHOW_LEN, "%.10s %.5s UTC", utc, utc + 11);
}

int
datetime_show_stamp(const char *s, char out[DATETIME_SHOW_LEN])
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	for (i = 0; form[i] != '\0'; i++) {
		if (form[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') :
		    s[i] != form[i])
			return -1;
	}
	if (s[i] != '\0')
		return -1;
	snprintf(out, DATETIME_SHOW_LEN, "%.10s %.5s UTC", s, s + 11);
	return 0;
}

double
datetime_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
