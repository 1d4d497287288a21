/* asof: the --as-of value (the forms CockroachDB's AS OF SYSTEM TIME takes),
 * parsed, checked and written back as a SQL literal (pure functions).
 *
 * The forms follow CockroachDB's "AS OF SYSTEM TIME" page (docs v23.1,
 * as-of-system-time.md): INT nanoseconds, a negative INTERVAL, a STRING
 * holding a TIMESTAMP, and the DECIMAL HLC form of cluster_logical_timestamp()
 * whose fraction is "the logical counter, a 10-digit integer". */
#include <config.h>

#include "asof.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NS_PER_US INT64_C(1000)
#define NS_PER_MS INT64_C(1000000)
#define NS_PER_SEC INT64_C(1000000000)
#define NS_PER_MIN (60 * NS_PER_SEC)
#define NS_PER_HOUR (60 * NS_PER_MIN)
#define NS_PER_DAY (24 * NS_PER_HOUR)
#define SEC_PER_DAY INT64_C(86400)

/* Said after every message about a value that has none of the shapes, so the
 * user sees at once what would have been taken. */
static const char forms[] =
    "expected a timestamp such as '2017-03-07 19:55:00' (a fraction of a second and a zone "
    "such as Z, +01:00 or -0500 may follow; UTC when none), a negative interval such as -10s, "
    "-5m or -1h30m, an HLC value such as 1489003500000000000.0000000000, or nanoseconds since "
    "1970 such as 1489003500000000000";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Messages are one line and of bounded length whatever the user typed, so
 * control characters become '?' and a long value is cut. */
static void put_user_value(buf_t *err, const char *s, size_t len)
{
	size_t shown = len > 64 ? 61 : len;

	buf_putc(err, '"');
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];
		buf_putc(err, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
	if (shown < len)
		buf_puts(err, "...");
	buf_putc(err, '"');
}

static bool fail(buf_t *err, const char *s, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool fail(buf_t *err, const char *s, size_t len, const char *fmt, ...)
{
	va_list ap;

	buf_puts(err, "invalid --as-of value ");
	put_user_value(err, s, len);
	buf_puts(err, ": ");
	va_start(ap, fmt);
	buf_vprintf(err, fmt, ap);
	va_end(ap);
	return false;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Days from 0001-01-01 to January 1st of year y (y >= 1). */
static int64_t days_before_year(int64_t y)
{
	int64_t p = y - 1;

	return p * 365 + p / 4 - p / 100 + p / 400;
}

static int64_t days_before_month(int64_t y, int m)
{
	static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

	return before[m - 1] + (m > 2 && is_leap(y) ? 1 : 0);
}

int64_t asof_days_from_civil(int year, int month, int day)
{
	return days_before_year(year) + days_before_month(year, month) + (day - 1) - days_before_year(1970);
}

void asof_civil_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t target = days + days_before_year(1970);
	/* 146097 days make 400 years exactly, so this lands within a year of the
	 * answer; the loops settle it. */
	int64_t y = target * 400 / 146097 + 1;
	int m = 1;

	while (y > 1 && days_before_year(y) > target)
		y--;
	while (days_before_year(y + 1) <= target)
		y++;
	target -= days_before_year(y);
	while (m < 12 && days_before_month(y, m + 1) <= target)
		m++;
	*year = (int)y;
	*month = m;
	*day = (int)(target - days_before_month(y, m)) + 1;
}

/* The calendar fields of a wall time (nanoseconds since the epoch, not negative). */
struct civil_time {
	int year, month, day, hour, minute, second;
	int64_t frac_ns;
};

static void split_wall(int64_t wall_ns, struct civil_time *t)
{
	int64_t secs = wall_ns / NS_PER_SEC, rem = secs % SEC_PER_DAY;

	asof_civil_from_days(secs / SEC_PER_DAY, &t->year, &t->month, &t->day);
	t->hour = (int)(rem / 3600);
	t->minute = (int)(rem / 60 % 60);
	t->second = (int)(rem % 60);
	t->frac_ns = wall_ns % NS_PER_SEC;
}

void asof_format_utc(int64_t wall_ns, buf_t *out)
{
	struct civil_time t;

	split_wall(wall_ns, &t);
	buf_printf(out, "%04d-%02d-%02d %02d:%02d:%02d.%09lld UTC", t.year, t.month, t.day, t.hour, t.minute,
	           t.second, (long long)t.frac_ns);
}

/* Reads the digits of s[0..len) as a non-negative number; false when it does
 * not fit in an int64. */
static bool digits_value(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;

	for (size_t i = 0; i < len; i++) {
		int d = s[i] - '0';
		if (v > (INT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static size_t count_digits(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && is_digit(*q))
		q++;
	return (size_t)(q - p);
}

static void format_sql(asof_t *a)
{
	switch (a->kind) {
	case ASOF_TIMESTAMP: {
		struct civil_time t;

		split_wall(a->wall_ns, &t);
		/* CockroachDB's own examples write microseconds and a numeric
		 * zone; nanoseconds appear only when there are some. */
		if (t.frac_ns % NS_PER_US)
			snprintf(a->sql, sizeof a->sql, "'%04d-%02d-%02d %02d:%02d:%02d.%09lld+00:00'",
			         t.year, t.month, t.day, t.hour, t.minute, t.second, (long long)t.frac_ns);
		else
			snprintf(a->sql, sizeof a->sql, "'%04d-%02d-%02d %02d:%02d:%02d.%06lld+00:00'",
			         t.year, t.month, t.day, t.hour, t.minute, t.second,
			         (long long)(t.frac_ns / NS_PER_US));
		break;
	}
	case ASOF_INTERVAL: {
		/* CockroachDB reads intervals the PostgreSQL way, where each
		 * field carries its own sign: '-1h30m' would mean minus one hour
		 * plus thirty minutes. Every field gets the minus sign so the
		 * literal says what the user meant (the whole of it, back). */
		int64_t left = -a->interval_ns;
		int64_t parts[4] = {NS_PER_HOUR, NS_PER_MIN, NS_PER_SEC, NS_PER_MS};
		const char *units[4] = {"h", "m", "s", "ms"};
		size_t n = 0;

		a->sql[n++] = '\'';
		for (int i = 0; i < 4; i++) {
			if (left >= parts[i]) {
				n += (size_t)snprintf(a->sql + n, sizeof a->sql - n, "-%lld%s",
				                      (long long)(left / parts[i]), units[i]);
				left %= parts[i];
			}
		}
		/* CockroachDB has no nanosecond unit and keeps intervals to the
		 * microsecond; a remainder below that is written as a fraction
		 * of a microsecond (asof_resolve keeps it exactly). */
		if (left % NS_PER_US)
			n += (size_t)snprintf(a->sql + n, sizeof a->sql - n, "-%lld.%03lldus",
			                      (long long)(left / NS_PER_US), (long long)(left % NS_PER_US));
		else if (left)
			n += (size_t)snprintf(a->sql + n, sizeof a->sql - n, "-%lldus",
			                      (long long)(left / NS_PER_US));
		snprintf(a->sql + n, sizeof a->sql - n, "'");
		break;
	}
	case ASOF_HLC:
		snprintf(a->sql, sizeof a->sql, "%lld.%010ld", (long long)a->wall_ns, (long)a->logical);
		break;
	case ASOF_NANOS: snprintf(a->sql, sizeof a->sql, "%lld", (long long)a->wall_ns); break;
	}
}

/* digits '.' exactly ten digits. */
static bool looks_like_hlc(const char *s, size_t len, size_t *dot)
{
	size_t i = count_digits(s, s + len);

	if (i == 0 || i == len || s[i] != '.')
		return false;
	*dot = i;
	return count_digits(s + i + 1, s + len) == len - i - 1;
}

static bool parse_hlc(const char *s, size_t len, size_t dot, asof_t *out, buf_t *err)
{
	int64_t wall, logical;

	if (len - dot - 1 != 10)
		return fail(err, s, len,
		            "an HLC value has exactly 10 digits (the logical counter) after the dot, "
		            "as in 1489003500000000000.0000000000");
	if (!digits_value(s, dot, &wall))
		return fail(err, s, len, "the wall time of this HLC value is out of range");
	if (!digits_value(s + dot + 1, 10, &logical) || logical > INT32_MAX)
		return fail(err, s, len, "the logical counter of this HLC value is out of range");
	if (wall == 0)
		return fail(err, s, len, "a zero timestamp cannot be used");
	out->kind = ASOF_HLC;
	out->wall_ns = wall;
	out->logical = (int32_t)logical;
	return true;
}

static bool parse_nanos(const char *s, size_t len, asof_t *out, buf_t *err)
{
	int64_t wall;

	if (!digits_value(s, len, &wall))
		return fail(err, s, len, "nanoseconds since 1970 out of range");
	if (wall == 0)
		return fail(err, s, len, "a zero timestamp cannot be used");
	out->kind = ASOF_NANOS;
	out->wall_ns = wall;
	return true;
}

/* Reads 1 to maxd digits (exactly maxd when exact) into *v. */
static bool read_field(const char **p, const char *end, size_t mind, size_t maxd, int *v)
{
	size_t n = count_digits(*p, end);

	if (n < mind || n > maxd)
		return false;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = *v * 10 + ((*p)[i] - '0');
	*p += n;
	return true;
}

/* Z, UTC, +hh, +hhmm or +hh:mm (or with -); *offset_sec is what to subtract
 * from the local time to reach UTC. */
static bool read_zone(const char **pp, const char *end, int *offset_sec, bool *range_ok)
{
	const char *p = *pp;
	int hh, mm = 0, sign;

	*range_ok = true;
	if (end - p == 1 && lower(*p) == 'z') {
		*offset_sec = 0;
		*pp = end;
		return true;
	}
	if (end - p == 3 && lower(p[0]) == 'u' && lower(p[1]) == 't' && lower(p[2]) == 'c') {
		*offset_sec = 0;
		*pp = end;
		return true;
	}
	if (*p != '+' && *p != '-')
		return false;
	sign = *p++ == '-' ? -1 : 1;
	if (!read_field(&p, end, 2, 2, &hh)) {
		p = *pp + 1;
		if (!read_field(&p, end, 4, 4, &hh))
			return false;
		mm = hh % 100;
		hh /= 100;
	} else if (p < end) {
		if (*p == ':')
			p++;
		if (!read_field(&p, end, 2, 2, &mm))
			return false;
	}
	if (p != end)
		return false;
	/* PostgreSQL takes offsets up to 15:59; no zone on earth is further. */
	*range_ok = hh <= 15 && mm <= 59;
	*offset_sec = sign * (hh * 3600 + mm * 60);
	*pp = p;
	return true;
}

static bool parse_timestamp(const char *s, size_t len, asof_t *out, buf_t *err)
{
	const char *p = s, *end = s + len;
	int year, month, day, hour = 0, minute = 0, second = 0, offset = 0;
	int64_t frac = 0, days, secs;

	if (!read_field(&p, end, 4, 4, &year) || p == end || *p++ != '-' ||
	    !read_field(&p, end, 1, 2, &month) || p == end || *p++ != '-' || !read_field(&p, end, 1, 2, &day))
		return fail(err, s, len, "%s", forms);
	if (p < end) {
		if ((*p != ' ' && *p != 'T' && *p != 't') || end - p < 2 || !is_digit(p[1]))
			return fail(err, s, len, "%s", forms);
		p++;
		if (!read_field(&p, end, 1, 2, &hour) || p == end || *p++ != ':' ||
		    !read_field(&p, end, 2, 2, &minute))
			return fail(err, s, len, "%s", forms);
		if (p < end && *p == ':') {
			p++;
			if (!read_field(&p, end, 2, 2, &second))
				return fail(err, s, len, "%s", forms);
			if (p < end && *p == '.') {
				size_t n = count_digits(++p, end);

				if (n == 0 || n > 9)
					return fail(err, s, len, "a fraction of a second has 1 to 9 digits");
				for (size_t i = 0; i < 9; i++)
					frac = frac * 10 + (i < n ? p[i] - '0' : 0);
				p += n;
			}
		}
		if (p < end) {
			const char *zone;
			bool range_ok;

			if (*p == ' ')
				p++;
			zone = p;
			if (p == end || !read_zone(&p, end, &offset, &range_ok))
				return fail(err, s, len, "%s", forms);
			if (!range_ok)
				return fail(err, s, len, "zone offset %.*s is out of range",
				            (int)(end - zone), zone);
		}
	}
	if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
		return fail(err, s, len, "there is no date %04d-%02d-%02d", year, month, day);
	if (hour > 23 || minute > 59 || second > 59)
		return fail(err, s, len, "there is no time of day %02d:%02d:%02d", hour, minute, second);
	days = asof_days_from_civil(year, month, day);
	secs = days * SEC_PER_DAY + hour * 3600 + minute * 60 + second - offset;
	if (secs < 0 || (secs == 0 && frac == 0))
		return fail(err, s, len, "the time must be after 1970-01-01 00:00:00 UTC");
	/* The HLC wall time is a signed 64-bit count of nanoseconds. */
	if (secs > (INT64_MAX - frac) / NS_PER_SEC)
		return fail(err, s, len,
		            "the latest time CockroachDB can name is 2262-04-11 23:47:16.854775807 UTC");
	out->kind = ASOF_TIMESTAMP;
	out->wall_ns = secs * NS_PER_SEC + frac;
	return true;
}

/* 10 to the power n, capped at INT64_MAX: a digit that far down the fraction
 * is worth less than a nanosecond of any unit, and dividing by the cap says so. */
static int64_t power_of_ten(size_t n)
{
	int64_t v = 1;

	for (size_t i = 0; i < n; i++) {
		if (v > INT64_MAX / 10)
			return INT64_MAX;
		v *= 10;
	}
	return v;
}

/* The length of the unit at p and its size in nanoseconds, or 0. The units are
 * Go's (ns us µs ms s m h) plus d, which CockroachDB also reads; a day is
 * written back as 24 hours so no calendar arithmetic comes into play. */
static size_t read_unit(const char *p, const char *end, int64_t *unit)
{
	size_t left = (size_t)(end - p);
	char a = left > 0 ? lower(p[0]) : 0, b = left > 1 ? lower(p[1]) : 0;

	if (a == 'n' && b == 's')
		return *unit = 1, 2;
	if (a == 'u' && b == 's')
		return *unit = NS_PER_US, 2;
	/* MICRO SIGN (U+00B5) and GREEK SMALL LETTER MU (U+03BC), in UTF-8. */
	if (left >= 3 && ((p[0] == '\xc2' && p[1] == '\xb5') || (p[0] == '\xce' && p[1] == '\xbc')) &&
	    lower(p[2]) == 's')
		return *unit = NS_PER_US, 3;
	if (a == 'm' && b == 's')
		return *unit = NS_PER_MS, 2;
	if (a == 's')
		return *unit = NS_PER_SEC, 1;
	if (a == 'm')
		return *unit = NS_PER_MIN, 1;
	if (a == 'h')
		return *unit = NS_PER_HOUR, 1;
	if (a == 'd')
		return *unit = NS_PER_DAY, 1;
	return 0;
}

/* [-+]? then one or more number-unit pairs; the leading sign covers the whole
 * value, as in Go and in what a user means by -1h30m. */
static bool parse_interval(const char *s, size_t len, asof_t *out, buf_t *err)
{
	const char *p = s, *end = s + len;
	bool negative = false;
	int64_t total = 0;

	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	if (p == end)
		return fail(err, s, len, "%s", forms);
	while (p < end) {
		size_t ni = count_digits(p, end), nf = 0, ul;
		const char *frac = NULL;
		int64_t whole = 0, unit, part;

		if (p + ni < end && p[ni] == '.') {
			frac = p + ni + 1;
			nf = count_digits(frac, end);
		}
		if (ni + nf == 0)
			return fail(err, s, len, "%s", forms);
		if (!digits_value(p, ni, &whole))
			return fail(err, s, len, "the interval is out of range");
		p += ni + (frac ? nf + 1 : 0);
		ul = read_unit(p, end, &unit);
		if (ul == 0)
			return fail(err, s, len, "%s", forms);
		p += ul;
		if (whole > INT64_MAX / unit)
			return fail(err, s, len, "the interval is out of range");
		part = whole * unit;
		/* Each digit of the fraction is worth a tenth of the one before;
		 * what falls below a nanosecond is dropped, as Go does. */
		for (size_t i = 0; i < nf; i++) {
			int64_t digit = (frac[i] - '0') * (unit / power_of_ten(i + 1));

			if (digit > INT64_MAX - part)
				return fail(err, s, len, "the interval is out of range");
			part += digit;
		}
		if (part > INT64_MAX - total)
			return fail(err, s, len, "the interval is out of range");
		total += part;
	}
	if (total == 0)
		return fail(err, s, len,
		            "a zero interval is the present, not a moment of the past; use a negative "
		            "interval such as -10s");
	if (!negative)
		return fail(err, s, len,
		            "a positive interval lies in the future; use a negative interval such as "
		            "-10s");
	out->kind = ASOF_INTERVAL;
	out->interval_ns = -total;
	return true;
}

bool asof_parse(const char *in, asof_t *out, buf_t *err)
{
	const char *s = in, *end = in + strlen(in);
	size_t len, dot;
	bool ok;

	memset(out, 0, sizeof *out);
	while (s < end && is_blank(*s))
		s++;
	while (end > s && is_blank(end[-1]))
		end--;
	len = (size_t)(end - s);
	if (len == 0) {
		buf_printf(err, "invalid --as-of value: the value is empty; %s", forms);
		return false;
	}
	if (count_digits(s, end) == len)
		ok = parse_nanos(s, len, out, err);
	else if (looks_like_hlc(s, len, &dot))
		ok = parse_hlc(s, len, dot, out, err);
	else if (count_digits(s, end) == 4 && s[4] == '-')
		ok = parse_timestamp(s, len, out, err);
	else if (*s == '-' && len > 1 && count_digits(s + 1, end) == len - 1)
		ok = fail(err, s, len, "a negative count of nanoseconds lies before 1970");
	else if (is_digit(*s) || *s == '-' || *s == '+' || *s == '.')
		ok = parse_interval(s, len, out, err);
	else
		ok = fail(err, s, len, "%s", forms);
	if (!ok) {
		memset(out, 0, sizeof *out);
		return false;
	}
	format_sql(out);
	return true;
}

const char *asof_sql(const asof_t *a)
{
	return a->sql;
}

bool asof_is_past(const asof_t *a, int64_t now_ns)
{
	return a->kind == ASOF_INTERVAL || a->wall_ns < now_ns;
}

bool asof_resolve(const asof_t *a, int64_t now_ns, asof_t *out)
{
	if (a->kind != ASOF_INTERVAL) {
		*out = *a;
		return true;
	}
	if (now_ns + a->interval_ns <= 0)
		return false;
	memset(out, 0, sizeof *out);
	out->kind = ASOF_HLC;
	out->wall_ns = now_ns + a->interval_ns;
	format_sql(out);
	return true;
}

bool asof_hlc_to_utc(const char *hlc, buf_t *out)
{
	size_t len = strlen(hlc), dot;
	int64_t wall;

	if (len == 0)
		return false;
	if (count_digits(hlc, hlc + len) == len)
		dot = len;
	else if (!looks_like_hlc(hlc, len, &dot) || len - dot - 1 != 10)
		return false;
	if (!digits_value(hlc, dot, &wall))
		return false;
	asof_format_utc(wall, out);
	return true;
}
