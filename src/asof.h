/* asof: the --as-of value (the forms CockroachDB's AS OF SYSTEM TIME takes),
 * parsed, checked and written back as a SQL literal (pure functions). */
#ifndef DBDUMP_ASOF_H
#define DBDUMP_ASOF_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

enum asof_kind {
	ASOF_TIMESTAMP, /* a date and time, normalised to UTC */
	ASOF_INTERVAL,  /* a negative offset from the time each statement runs */
	ASOF_HLC,       /* a hybrid logical clock value: wall time and logical counter */
	ASOF_NANOS,     /* nanoseconds since 1970-01-01 00:00:00 UTC */
};

/* Longest literal asof_sql can return, with its NUL. */
#define ASOF_SQL_MAX 80

typedef struct asof {
	enum asof_kind kind;
	int64_t wall_ns;     /* every kind but ASOF_INTERVAL: nanoseconds since the epoch, UTC */
	int32_t logical;     /* ASOF_HLC: the logical counter; 0 otherwise */
	int64_t interval_ns; /* ASOF_INTERVAL: the offset, always below zero; 0 otherwise */
	char sql[ASOF_SQL_MAX];
} asof_t;

/* Parses what a user typed after --as-of: a timestamp ('2017-03-07 19:55:00',
 * optional fraction of up to 9 digits, optional T, optional zone Z, UTC, +hh,
 * +hh:mm or -hhmm; UTC when no zone), a negative interval (-10s, -5m, -1h30m,
 * -500ms, -1us, -10ns, -2d), an HLC value (1489003500000000000.0000000000) or
 * nanoseconds since the epoch (1489003500000000000). Leading and trailing
 * blanks are ignored. Returns false, with one line (no "dbdump: " prefix) in
 * err, for anything else, including a zero or positive interval. */
bool asof_parse(const char *in, asof_t *out, buf_t *err);

/* The literal that follows AS OF SYSTEM TIME, rebuilt from the parsed value
 * (never the user's text): '2017-03-07 19:55:00.000000+00:00', '-1h-30m',
 * 1489003500000000000.0000000000 or 1489003500000000000. Owned by a. */
const char *asof_sql(const asof_t *a);

/* True when a lies before now_ns (nanoseconds since the epoch). An interval is
 * always in the past; a time equal to now is not. */
bool asof_is_past(const asof_t *a, int64_t now_ns);

/* Turns an interval into the HLC value it stands for at now_ns (the wall part
 * of cluster_logical_timestamp()), so that every statement and every
 * connection of a dump reads at the very same moment; other kinds are copied.
 * Returns false when the interval reaches back before the epoch. */
bool asof_resolve(const asof_t *a, int64_t now_ns, asof_t *out);

/* Appends the UTC time of an HLC value such as cluster_logical_timestamp()
 * returns ("1489003500000000000.0000000000"), or of plain nanoseconds, as
 * "2017-03-08 20:05:00.000000000 UTC". Returns false, appending nothing,
 * when hlc is neither. */
bool asof_hlc_to_utc(const char *hlc, buf_t *out);

/* Appends wall_ns (nanoseconds since the epoch, not negative) as
 * "YYYY-MM-DD HH:MM:SS.nnnnnnnnn UTC". */
void asof_format_utc(int64_t wall_ns, buf_t *out);

/* Days between 1970-01-01 and the given date of the proleptic Gregorian
 * calendar (negative before 1970); year from 1 to 9999, month 1 to 12. */
int64_t asof_days_from_civil(int year, int month, int day);

/* The date that lies days after 1970-01-01 (days not negative). */
void asof_civil_from_days(int64_t days, int *year, int *month, int *day);

#endif
