/* datetime: ISO 8601 parsing, local days in the data zone, calendar days. */
#include "datetime.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xmem.h"

#define DATETIME_DAY	86400

static char datetime_zone_name[256];

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
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
 * A cache of UTC days whose offset does not change within the day. glibc
 * re-parses the zone's rule string on every call past the last transition,
 * which made offsets a visible part of an import; a day costs two calls once.
 */
#define DATETIME_CACHE	1024
static struct {
	int64_t	day;
	int64_t	offset;
	int	valid;
} datetime_cache[DATETIME_CACHE];

/* Seconds east of UTC of the data time zone at instant t. */
static int64_t
datetime_offset(int64_t t)
{
	int64_t day = datetime_floor_day(t), start, end;
	size_t slot = (size_t)(day & (DATETIME_CACHE - 1));

	if (datetime_cache[slot].valid && datetime_cache[slot].day == day)
		return datetime_cache[slot].offset;
	start = datetime_offset_libc(day * DATETIME_DAY);
	end = datetime_offset_libc(day * DATETIME_DAY + DATETIME_DAY - 1);
	if (start != end)
		return datetime_offset_libc(t);	/* a transition day */
	datetime_cache[slot].day = day;
	datetime_cache[slot].offset = start;
	datetime_cache[slot].valid = 1;
	return start;
}

/* The instant of a data-zone wall-clock time given as seconds as if UTC. */
static int64_t
datetime_from_local(int64_t local)
{
	int64_t before, after, ta, tb;
	int va, vb;

	before = datetime_offset(local - DATETIME_DAY);
	after = datetime_offset(local + DATETIME_DAY);
	ta = local - before;
	tb = local - after;
	va = datetime_offset(ta) == before;
	vb = datetime_offset(tb) == after;
	if (va && vb)
		return ta < tb ? ta : tb;	/* happens twice: the first */
	if (vb)
		return tb;
	return ta;	/* valid, or in a gap: moved forward by the gap */
}

int
datetime_set_zone(const char *zone, char **cause)
{
	char *path, magic[4];
	struct stat sb;
	const char *p;
	ssize_t n;
	int fd, ok = 1;

	if (zone == NULL || *zone == '\0' || *zone == '/' ||
	    strlen(zone) >= sizeof datetime_zone_name ||
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

	if (setenv("TZ", zone, 1) != 0) {
		*cause = xasprintf("cannot set time zone %s", zone);
		return -1;
	}
	tzset();
	memset(datetime_cache, 0, sizeof datetime_cache);
	memcpy(datetime_zone_name, zone, strlen(zone) + 1);
	return 0;
}

const char *
datetime_zone(void)
{
	return datetime_zone_name[0] == '\0' ? NULL : datetime_zone_name;
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

/* Parse "YYYY-MM-DD" at *pp (moving on) into a day number. */
static int
datetime_date(const char **pp, int64_t *day)
{
	const char *p = *pp;
	int y, m, d;

	if (datetime_digits(&p, 4, &y) != 0 || *p++ != '-' ||
	    datetime_digits(&p, 2, &m) != 0 || *p++ != '-' ||
	    datetime_digits(&p, 2, &d) != 0)
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 ||
	    d > datetime_days_in_month(y, m))
		return -1;
	*day = datetime_days_from_civil(y, m, d);
	*pp = p;
	return 0;
}

int
datetime_parse(const char *s, int64_t *epoch)
{
	const char *p = s;
	int64_t day, t;
	int hh, mm, ss, oh, om, n, sign, has_offset = 0, offset = 0;

	if (datetime_date(&p, &day) != 0 || (*p != 'T' && *p != ' '))
		return -1;
	p++;
	if (datetime_digits(&p, 2, &hh) != 0 || *p++ != ':' ||
	    datetime_digits(&p, 2, &mm) != 0 || *p++ != ':' ||
	    datetime_digits(&p, 2, &ss) != 0)
		return -1;
	if (hh > 23 || mm > 59 || ss > 60)
		return -1;
	if (ss == 60)
		ss = 59;	/* a leap second keeps its minute and day */

	if (*p == '.') {
		for (p++, n = 0; *p >= '0' && *p <= '9'; p++)
			n++;
		if (n < 1 || n > 9)
			return -1;
	}
	if (*p == 'Z') {
		p++;
		has_offset = 1;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (datetime_digits(&p, 2, &oh) != 0)
			return -1;
		if (*p == ':')
			p++;
		if (datetime_digits(&p, 2, &om) != 0 || oh > 23 || om > 59)
			return -1;
		has_offset = 1;
		offset = sign * (oh * 3600 + om * 60);
	}
	if (*p != '\0')
		return -1;

	t = day * DATETIME_DAY + hh * 3600 + mm * 60 + ss;
	if (has_offset)
		*epoch = t - offset;
	else
		*epoch = datetime_from_local(t);
	return 0;
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

double
datetime_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
