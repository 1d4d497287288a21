/* check_asof: --as-of parsing, normalisation to UTC, refusals, HLC to UTC.
 *
 * Fixture values follow CockroachDB's AS OF SYSTEM TIME page (docs v23.1,
 * as-of-system-time.md): '2016-01-01 08:00:00' and 1451635200000000000 name
 * the same moment, '-4h' is its interval example, HLC values carry a
 * 10-digit logical part; the BEGIN page's '2019-04-09 18:02:52.0+00:00'. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/asof.h"
#include "suites.h"

/* The tail of every message about a value of no known shape. */
#define FORMS                                                                                                \
	"expected a timestamp such as '2017-03-07 19:55:00' (a fraction of a second and a zone such "        \
	"as Z, +01:00 or -0500 may follow; UTC when none), a negative interval such as -10s, -5m or "        \
	"-1h30m, an HLC value such as 1489003500000000000.0000000000, or nanoseconds since 1970 such "       \
	"as 1489003500000000000"

static void expect_ok(const char *in, enum asof_kind kind, const char *sql, int64_t wall_ns,
                      int64_t interval_ns)
{
	asof_t a;
	buf_t err;

	buf_init(&err);
	ck_assert_msg(asof_parse(in, &a, &err), "asof_parse([%s]) refused: %s", in, err.data);
	ck_assert_uint_eq(err.len, 0);
	ck_assert_int_eq(a.kind, kind);
	ck_assert_msg(strcmp(asof_sql(&a), sql) == 0, "asof_parse([%s]) gave [%s], want [%s]", in,
	              asof_sql(&a), sql);
	ck_assert_msg(a.wall_ns == wall_ns, "asof_parse([%s]) wall %lld, want %lld", in, (long long)a.wall_ns,
	              (long long)wall_ns);
	ck_assert_msg(a.interval_ns == interval_ns, "asof_parse([%s]) interval %lld, want %lld", in,
	              (long long)a.interval_ns, (long long)interval_ns);
	buf_free(&err);
}

static void expect_ts(const char *in, const char *sql, int64_t wall_ns)
{
	expect_ok(in, ASOF_TIMESTAMP, sql, wall_ns, 0);
}

static void expect_interval(const char *in, const char *sql, int64_t interval_ns)
{
	expect_ok(in, ASOF_INTERVAL, sql, 0, interval_ns);
}

/* want is the whole message. */
static void expect_refused(const char *in, const char *want)
{
	asof_t a;
	buf_t err;

	buf_init(&err);
	ck_assert_msg(!asof_parse(in, &a, &err), "asof_parse([%s]) accepted it as [%s]", in, asof_sql(&a));
	ck_assert_msg(strcmp(err.data, want) == 0, "asof_parse([%s]) said\n  [%s]\nwant\n  [%s]", in,
	              err.data, want);
	ck_assert_msg(strchr(err.data, '\n') == NULL, "message is not one line");
	ck_assert_str_eq(asof_sql(&a), "");
	buf_free(&err);
}

static void expect_shapeless(const char *in, const char *shown)
{
	char want[1024];

	snprintf(want, sizeof want, "invalid --as-of value \"%s\": " FORMS, shown);
	expect_refused(in, want);
}

static void expect_utc(const char *hlc, const char *want)
{
	buf_t out;

	buf_init(&out);
	buf_puts(&out, "at ");
	ck_assert_msg(asof_hlc_to_utc(hlc, &out), "asof_hlc_to_utc([%s]) refused", hlc);
	ck_assert_str_eq(out.data + 3, want);
	buf_free(&out);
}

START_TEST(test_timestamp_plain)
{
	/* 2017-03-07 is day 17232 after the epoch. */
	expect_ts("2017-03-07 19:55:00", "'2017-03-07 19:55:00.000000+00:00'", INT64_C(1488916500000000000));
	expect_ts("2017-03-07T19:55:00", "'2017-03-07 19:55:00.000000+00:00'", INT64_C(1488916500000000000));
	expect_ts("2017-03-07t19:55:00", "'2017-03-07 19:55:00.000000+00:00'", INT64_C(1488916500000000000));
	expect_ts("2017-03-07 19:55", "'2017-03-07 19:55:00.000000+00:00'", INT64_C(1488916500000000000));
	expect_ts("2017-03-07", "'2017-03-07 00:00:00.000000+00:00'", INT64_C(1488844800000000000));
	expect_ts("2017-3-7 9:05:00", "'2017-03-07 09:05:00.000000+00:00'", INT64_C(1488877500000000000));
	expect_ts("  2017-03-07 19:55:00\n", "'2017-03-07 19:55:00.000000+00:00'",
	          INT64_C(1488916500000000000));
}
END_TEST

START_TEST(test_timestamp_doc_examples)
{
	/* The docs say these two name the same moment. */
	expect_ts("2016-01-01 08:00:00", "'2016-01-01 08:00:00.000000+00:00'", INT64_C(1451635200000000000));
	expect_ok("1451635200000000000", ASOF_NANOS, "1451635200000000000", INT64_C(1451635200000000000), 0);
	expect_ts("2016-10-03 12:45:00", "'2016-10-03 12:45:00.000000+00:00'", INT64_C(1475498700000000000));
	expect_ts("2022-02-01 21:11:53.63771+00", "'2022-02-01 21:11:53.637710+00:00'",
	          INT64_C(1643749913637710000));
	expect_ts("2019-04-09 18:02:52.0+00:00", "'2019-04-09 18:02:52.000000+00:00'",
	          INT64_C(1554832972000000000));
}
END_TEST

START_TEST(test_timestamp_fractions)
{
	expect_ts("2017-03-07 19:55:00.5", "'2017-03-07 19:55:00.500000+00:00'",
	          INT64_C(1488916500500000000));
	expect_ts("2017-03-07 19:55:00.123456", "'2017-03-07 19:55:00.123456+00:00'",
	          INT64_C(1488916500123456000));
	/* Below a microsecond the literal keeps all nine digits. */
	expect_ts("2017-03-07 19:55:00.1234567", "'2017-03-07 19:55:00.123456700+00:00'",
	          INT64_C(1488916500123456700));
	expect_ts("2017-03-07 19:55:00.123456789", "'2017-03-07 19:55:00.123456789+00:00'",
	          INT64_C(1488916500123456789));
	expect_ts("1970-01-01 00:00:00.000000001", "'1970-01-01 00:00:00.000000001+00:00'", 1);
	expect_ts("2262-04-11 23:47:16.854775807", "'2262-04-11 23:47:16.854775807+00:00'", INT64_MAX);
}
END_TEST

START_TEST(test_timestamp_zones_normalise_to_utc)
{
	const int64_t at = INT64_C(1488916500000000000); /* 2017-03-07 19:55:00 UTC */
	const char *utc = "'2017-03-07 19:55:00.000000+00:00'";

	expect_ts("2017-03-07 19:55:00Z", utc, at);
	expect_ts("2017-03-07T19:55:00z", utc, at);
	expect_ts("2017-03-07 19:55:00 UTC", utc, at);
	expect_ts("2017-03-07 19:55:00utc", utc, at);
	expect_ts("2017-03-07 19:55:00+00", utc, at);
	expect_ts("2017-03-07 20:55:00+01", utc, at);
	expect_ts("2017-03-07 20:55:00+01:00", utc, at);
	expect_ts("2017-03-07 20:55:00 +01:00", utc, at);
	expect_ts("2017-03-07 20:55:00+0100", utc, at);
	expect_ts("2017-03-08 01:25:00+05:30", utc, at);
	expect_ts("2017-03-07 14:55:00-0500", utc, at);
	expect_ts("2017-03-07 14:55:00-05", utc, at);
	expect_ts("2017-03-07 16:25:00-03:30", utc, at);
	expect_ts("2017-03-08 10:55:00+15:00", utc, at);
	/* Across a day, a month and a year. */
	expect_ts("2017-01-01 00:30:00+01:00", "'2016-12-31 23:30:00.000000+00:00'",
	          INT64_C(1483227000000000000));
	expect_ts("2017-03-01 02:00:00+05", "'2017-02-28 21:00:00.000000+00:00'",
	          INT64_C(1488315600000000000));
	expect_ts("2016-02-29 23:00:00-02:00", "'2016-03-01 01:00:00.000000+00:00'",
	          INT64_C(1456794000000000000));
	/* A zone can bring a time before 1970 on its local date into range. */
	expect_ts("1969-12-31 23:30:00-01:00", "'1970-01-01 00:30:00.000000+00:00'", INT64_C(1800000000000));
	expect_ts("2017-03-07 20:55:00.25+01:00", "'2017-03-07 19:55:00.250000+00:00'", at + 250000000);
}
END_TEST

START_TEST(test_timestamp_leap_days)
{
	expect_ts("2016-02-29 12:00:00", "'2016-02-29 12:00:00.000000+00:00'", INT64_C(1456747200000000000));
	expect_ts("2000-02-29", "'2000-02-29 00:00:00.000000+00:00'", INT64_C(951782400000000000));
	expect_refused("2017-02-29", "invalid --as-of value \"2017-02-29\": there is no date 2017-02-29");
	expect_refused("2100-02-29 00:00:00",
	               "invalid --as-of value \"2100-02-29 00:00:00\": there is no date 2100-02-29");
}
END_TEST

START_TEST(test_timestamp_refusals)
{
	expect_refused("2017-02-30", "invalid --as-of value \"2017-02-30\": there is no date 2017-02-30");
	expect_refused("2017-04-31", "invalid --as-of value \"2017-04-31\": there is no date 2017-04-31");
	expect_refused("2017-13-01", "invalid --as-of value \"2017-13-01\": there is no date 2017-13-01");
	expect_refused("2017-00-10", "invalid --as-of value \"2017-00-10\": there is no date 2017-00-10");
	expect_refused("2017-03-00", "invalid --as-of value \"2017-03-00\": there is no date 2017-03-00");
	expect_refused("0000-01-01", "invalid --as-of value \"0000-01-01\": there is no date 0000-01-01");
	expect_refused("2017-03-07 24:00:00",
	               "invalid --as-of value \"2017-03-07 24:00:00\": there is no time of day 24:00:00");
	expect_refused("2017-03-07 19:60:00",
	               "invalid --as-of value \"2017-03-07 19:60:00\": there is no time of day 19:60:00");
	expect_refused("2017-03-07 19:55:60",
	               "invalid --as-of value \"2017-03-07 19:55:60\": there is no time of day 19:55:60");
	expect_refused("2017-03-07 19:55:00+16:00",
	               "invalid --as-of value \"2017-03-07 19:55:00+16:00\": zone offset +16:00 is out "
	               "of range");
	expect_refused("2017-03-07 19:55:00-05:60",
	               "invalid --as-of value \"2017-03-07 19:55:00-05:60\": zone offset -05:60 is out "
	               "of range");
	expect_refused("2017-03-07 19:55:00.1234567891",
	               "invalid --as-of value \"2017-03-07 19:55:00.1234567891\": a fraction of a second "
	               "has 1 to 9 digits");
	expect_refused("2017-03-07 19:55:00.",
	               "invalid --as-of value \"2017-03-07 19:55:00.\": a fraction of a second has 1 to 9 "
	               "digits");
	expect_refused("1969-12-31 23:59:59",
	               "invalid --as-of value \"1969-12-31 23:59:59\": the time must be after 1970-01-01 "
	               "00:00:00 UTC");
	expect_refused("1970-01-01 00:00:00",
	               "invalid --as-of value \"1970-01-01 00:00:00\": the time must be after 1970-01-01 "
	               "00:00:00 UTC");
	expect_refused("1970-01-01 00:30:00+01:00",
	               "invalid --as-of value \"1970-01-01 00:30:00+01:00\": the time must be after "
	               "1970-01-01 00:00:00 UTC");
	expect_refused("2262-04-11 23:47:16.854775808",
	               "invalid --as-of value \"2262-04-11 23:47:16.854775808\": the latest time "
	               "CockroachDB can name is 2262-04-11 23:47:16.854775807 UTC");
	expect_refused("9999-12-31 23:59:59",
	               "invalid --as-of value \"9999-12-31 23:59:59\": the latest time CockroachDB can "
	               "name is 2262-04-11 23:47:16.854775807 UTC");
	expect_shapeless("2017-03-07 19:55:00 PST", "2017-03-07 19:55:00 PST");
	expect_shapeless("2017-03-07 19:55:00+1", "2017-03-07 19:55:00+1");
	expect_shapeless("2017-03-07 19:55:00+01:0", "2017-03-07 19:55:00+01:0");
	expect_shapeless("2017-03-07 19:5", "2017-03-07 19:5");
	expect_shapeless("2017-03-07 19", "2017-03-07 19");
	expect_shapeless("2017-03-07  19:55:00", "2017-03-07  19:55:00");
	expect_shapeless("2017-03-07X19:55:00", "2017-03-07X19:55:00");
	expect_shapeless("2017-003-07", "2017-003-07");
	expect_shapeless("17-03-07", "17-03-07");
	expect_shapeless("2017/03/07", "2017/03/07");
	expect_shapeless("'2017-03-07 19:55:00'", "'2017-03-07 19:55:00'");
}
END_TEST

START_TEST(test_interval_forms)
{
	const int64_t s = INT64_C(1000000000);

	expect_interval("-10s", "'-10s'", -10 * s);
	expect_interval("-5m", "'-5m'", -300 * s);
	expect_interval("-10m", "'-10m'", -600 * s);
	expect_interval("-2h", "'-2h'", -7200 * s);
	expect_interval("-4h", "'-4h'", -14400 * s);
	expect_interval("-500ms", "'-500ms'", -500000000);
	expect_interval("-1us", "'-1us'", -1000);
	expect_interval("-1\xc2\xb5s", "'-1us'", -1000);
	expect_interval("-1\xce\xbcs", "'-1us'", -1000);
	expect_interval("-10S", "'-10s'", -10 * s);
	expect_interval(" -10s ", "'-10s'", -10 * s);
}
END_TEST

START_TEST(test_interval_sign_covers_every_field)
{
	const int64_t s = INT64_C(1000000000);

	/* CockroachDB reads '-1h30m' as -1h + 30m, so each field carries the
	 * minus sign in the literal. */
	expect_interval("-1h30m", "'-1h-30m'", -5400 * s);
	expect_interval("-1m30s", "'-1m-30s'", -90 * s);
	expect_interval("-90s", "'-1m-30s'", -90 * s);
	expect_interval("-1h0m", "'-1h'", -3600 * s);
	expect_interval("-1500ms", "'-1s-500ms'", -1500000000);
	expect_interval("-1h1m1s1ms1us", "'-1h-1m-1s-1ms-1us'", -(3661 * s + 1001000));
	expect_interval("-1.5h", "'-1h-30m'", -5400 * s);
	expect_interval("-.5s", "'-500ms'", -500000000);
	expect_interval("-1.h", "'-1h'", -3600 * s);
	expect_interval("-2d", "'-48h'", -172800 * s);
	expect_interval("-1d2h", "'-26h'", -93600 * s);
}
END_TEST

START_TEST(test_interval_nanoseconds)
{
	/* No nanosecond unit in CockroachDB: a fraction of a microsecond. */
	expect_interval("-10ns", "'-0.010us'", -10);
	expect_interval("-1500ns", "'-1.500us'", -1500);
	expect_interval("-1s5ns", "'-1s-0.005us'", -1000000005);
	expect_interval("-1.5ns", "'-0.001us'", -1);
}
END_TEST

START_TEST(test_interval_refusals)
{
	expect_refused("10s", "invalid --as-of value \"10s\": a positive interval lies in the future; "
	                      "use a negative interval such as -10s");
	expect_refused("+10s", "invalid --as-of value \"+10s\": a positive interval lies in the future; "
	                       "use a negative interval such as -10s");
	expect_refused("1h30m", "invalid --as-of value \"1h30m\": a positive interval lies in the "
	                        "future; use a negative interval such as -10s");
	expect_refused("-0s", "invalid --as-of value \"-0s\": a zero interval is the present, not a "
	                      "moment of the past; use a negative interval such as -10s");
	expect_refused("0s", "invalid --as-of value \"0s\": a zero interval is the present, not a "
	                     "moment of the past; use a negative interval such as -10s");
	expect_refused("-0.1ns", "invalid --as-of value \"-0.1ns\": a zero interval is the present, not "
	                         "a moment of the past; use a negative interval such as -10s");
	expect_refused("-10", "invalid --as-of value \"-10\": a negative count of nanoseconds lies "
	                      "before 1970");
	expect_refused("-99999999999h",
	               "invalid --as-of value \"-99999999999h\": the interval is out of range");
	expect_refused("-2562047h47m17s",
	               "invalid --as-of value \"-2562047h47m17s\": the interval is out of range");
	expect_shapeless("-10x", "-10x");
	expect_shapeless("-", "-");
	expect_shapeless("-h", "-h");
	expect_shapeless("-1h-30m", "-1h-30m");
	expect_shapeless("-10 s", "-10 s");
	expect_shapeless("-10s;", "-10s;");
	expect_shapeless("-1 hour", "-1 hour");
	expect_shapeless("-10y", "-10y");
}
END_TEST

START_TEST(test_hlc_and_nanos)
{
	asof_t a;
	buf_t err;

	expect_ok("1489003500000000000.0000000000", ASOF_HLC, "1489003500000000000.0000000000",
	          INT64_C(1489003500000000000), 0);
	expect_ok("0001489003500000000000.0000000000", ASOF_HLC, "1489003500000000000.0000000000",
	          INT64_C(1489003500000000000), 0);
	expect_ok("1489003500000000000.2147483647", ASOF_HLC, "1489003500000000000.2147483647",
	          INT64_C(1489003500000000000), 0);
	buf_init(&err);
	ck_assert(asof_parse("1489003500000000000.0000000005", &a, &err));
	ck_assert_int_eq(a.logical, 5);
	ck_assert_str_eq(asof_sql(&a), "1489003500000000000.0000000005");
	buf_free(&err);

	expect_ok("1489003500000000000", ASOF_NANOS, "1489003500000000000", INT64_C(1489003500000000000), 0);
	expect_ok("0001489003500000000000", ASOF_NANOS, "1489003500000000000", INT64_C(1489003500000000000),
	          0);
	expect_ok("9223372036854775807", ASOF_NANOS, "9223372036854775807", INT64_MAX, 0);
	expect_ok("1", ASOF_NANOS, "1", 1, 0);
}
END_TEST

START_TEST(test_hlc_and_nanos_refusals)
{
	expect_refused("1489003500000000000.00000000",
	               "invalid --as-of value \"1489003500000000000.00000000\": an HLC value has exactly "
	               "10 digits (the logical counter) after the dot, as in "
	               "1489003500000000000.0000000000");
	expect_refused("1489003500.5",
	               "invalid --as-of value \"1489003500.5\": an HLC value has exactly 10 digits (the "
	               "logical counter) after the dot, as in 1489003500000000000.0000000000");
	expect_refused("1489003500000000000.2147483648",
	               "invalid --as-of value \"1489003500000000000.2147483648\": the logical counter of "
	               "this HLC value is out of range");
	expect_refused("99999999999999999999.0000000000",
	               "invalid --as-of value \"99999999999999999999.0000000000\": the wall time of this "
	               "HLC value is out of range");
	expect_refused("0.0000000000",
	               "invalid --as-of value \"0.0000000000\": a zero timestamp cannot be used");
	expect_refused("0", "invalid --as-of value \"0\": a zero timestamp cannot be used");
	expect_refused("9223372036854775808",
	               "invalid --as-of value \"9223372036854775808\": nanoseconds since 1970 out of "
	               "range");
	expect_refused("1489003500000000000.",
	               "invalid --as-of value \"1489003500000000000.\": an HLC value has exactly 10 "
	               "digits (the logical counter) after the dot, as in "
	               "1489003500000000000.0000000000");
	expect_shapeless("1489003500000000000.0000000000.0", "1489003500000000000.0000000000.0");
	expect_shapeless("1489003500000000000,0", "1489003500000000000,0");
	expect_shapeless("1e18", "1e18");
}
END_TEST

START_TEST(test_anything_else_is_refused)
{
	expect_refused("", "invalid --as-of value: the value is empty; " FORMS);
	expect_refused(" \t ", "invalid --as-of value: the value is empty; " FORMS);
	expect_shapeless("yesterday", "yesterday");
	expect_shapeless("now", "now");
	expect_shapeless("follower_read_timestamp()", "follower_read_timestamp()");
	expect_shapeless("1'; DROP TABLE t; --", "1'; DROP TABLE t; --");
	/* Control characters never reach the one-line message, nor does a
	 * long value in full. */
	expect_shapeless("\x01now\x7f", "?now?");
	expect_shapeless("x123456789012345678901234567890123456789012345678901234567890123456789",
	                 "x123456789012345678901234567890123456789012345678901234567890...");
}
END_TEST

START_TEST(test_is_past)
{
	asof_t a;
	buf_t err;
	const int64_t now = INT64_C(1489003500000000000);

	buf_init(&err);
	ck_assert(asof_parse("2017-03-08 20:04:59", &a, &err));
	ck_assert(asof_is_past(&a, now));
	ck_assert(asof_parse("2017-03-08 20:05:00", &a, &err));
	ck_assert(!asof_is_past(&a, now));
	ck_assert(asof_parse("2017-03-08 20:05:01", &a, &err));
	ck_assert(!asof_is_past(&a, now));
	ck_assert(asof_parse("1489003499999999999.0000000000", &a, &err));
	ck_assert(asof_is_past(&a, now));
	ck_assert(asof_parse("1489003500000000001", &a, &err));
	ck_assert(!asof_is_past(&a, now));
	ck_assert(asof_parse("-1us", &a, &err));
	ck_assert(asof_is_past(&a, now));
	ck_assert(asof_is_past(&a, 0));
	ck_assert_uint_eq(err.len, 0);
	buf_free(&err);
}
END_TEST

START_TEST(test_resolve)
{
	asof_t a, r;
	buf_t err;
	const int64_t now = INT64_C(1489003500000000000);

	buf_init(&err);
	ck_assert(asof_parse("-10s", &a, &err));
	ck_assert(asof_resolve(&a, now, &r));
	ck_assert_int_eq(r.kind, ASOF_HLC);
	ck_assert_str_eq(asof_sql(&r), "1489003490000000000.0000000000");
	ck_assert(r.wall_ns == INT64_C(1489003490000000000));
	ck_assert(r.interval_ns == 0);

	ck_assert(asof_parse("-10ns", &a, &err));
	ck_assert(asof_resolve(&a, now, &r));
	ck_assert_str_eq(asof_sql(&r), "1489003499999999990.0000000000");

	ck_assert(asof_parse("-1h30m", &a, &err));
	ck_assert(asof_resolve(&a, now, &r));
	ck_assert_str_eq(asof_sql(&r), "1488998100000000000.0000000000");

	/* Back before the epoch: nothing to read there. */
	ck_assert(asof_parse("-2s", &a, &err));
	ck_assert(!asof_resolve(&a, INT64_C(2000000000), &r));
	ck_assert(!asof_resolve(&a, INT64_C(1000000000), &r));
	ck_assert(asof_resolve(&a, INT64_C(2000000001), &r));
	ck_assert_str_eq(asof_sql(&r), "1.0000000000");

	/* Absolute values pass through unchanged. */
	ck_assert(asof_parse("2017-03-07 20:55:00+01:00", &a, &err));
	ck_assert(asof_resolve(&a, now, &r));
	ck_assert_int_eq(r.kind, ASOF_TIMESTAMP);
	ck_assert_str_eq(asof_sql(&r), "'2017-03-07 19:55:00.000000+00:00'");
	ck_assert(asof_parse("1489003500000000000.0000000007", &a, &err));
	ck_assert(asof_resolve(&a, now, &r));
	ck_assert_str_eq(asof_sql(&r), "1489003500000000000.0000000007");
	ck_assert_uint_eq(err.len, 0);
	buf_free(&err);
}
END_TEST

START_TEST(test_hlc_to_utc)
{
	buf_t out;

	expect_utc("1489003500000000000.0000000000", "2017-03-08 20:05:00.000000000 UTC");
	expect_utc("1489003500000000000.0000000042", "2017-03-08 20:05:00.000000000 UTC");
	expect_utc("1451635200000000000", "2016-01-01 08:00:00.000000000 UTC");
	/* The wall time of a GC-threshold error in cockroach issue #126857. */
	expect_utc("1721571846432664325.0000000000", "2024-07-21 14:24:06.432664325 UTC");
	expect_utc("0.0000000000", "1970-01-01 00:00:00.000000000 UTC");
	expect_utc("9223372036854775807.0000000000", "2262-04-11 23:47:16.854775807 UTC");

	buf_init(&out);
	ck_assert(!asof_hlc_to_utc("", &out));
	ck_assert(!asof_hlc_to_utc("abc", &out));
	ck_assert(!asof_hlc_to_utc("1489003500.5", &out));
	ck_assert(!asof_hlc_to_utc("1489003500000000000.00000", &out));
	ck_assert(!asof_hlc_to_utc("-1489003500000000000.0000000000", &out));
	ck_assert(!asof_hlc_to_utc("9223372036854775808.0000000000", &out));
	ck_assert(!asof_hlc_to_utc("1489003500000000000.0000000000 ", &out));
	ck_assert_uint_eq(out.len, 0);
	buf_free(&out);
}
END_TEST

START_TEST(test_header_time_reads_back)
{
	/* The UTC text in a dump's header is itself a valid --as-of, naming
	 * the same nanosecond. */
	const int64_t walls[] = {1, INT64_C(1489003500000000000), INT64_C(1721571846432664325), INT64_MAX};

	for (size_t i = 0; i < sizeof walls / sizeof walls[0]; i++) {
		buf_t text, err;
		asof_t a;

		buf_init(&text);
		buf_init(&err);
		asof_format_utc(walls[i], &text);
		ck_assert_msg(asof_parse(text.data, &a, &err), "[%s]: %s", text.data, err.data);
		ck_assert_int_eq(a.kind, ASOF_TIMESTAMP);
		ck_assert(a.wall_ns == walls[i]);
		buf_free(&text);
		buf_free(&err);
	}
}
END_TEST

START_TEST(test_civil_days)
{
	int y, m, d;

	ck_assert_int_eq(asof_days_from_civil(1970, 1, 1), 0);
	ck_assert_int_eq(asof_days_from_civil(1969, 12, 31), -1);
	ck_assert_int_eq(asof_days_from_civil(2000, 3, 1), 11017);
	ck_assert_int_eq(asof_days_from_civil(2017, 3, 7), 17232);
	ck_assert_int_eq(asof_days_from_civil(9999, 12, 31), 2932896);
	ck_assert_int_eq(asof_days_from_civil(1, 1, 1), -719162);
	asof_civil_from_days(0, &y, &m, &d);
	ck_assert(y == 1970 && m == 1 && d == 1);
	asof_civil_from_days(11016, &y, &m, &d);
	ck_assert(y == 2000 && m == 2 && d == 29);
	asof_civil_from_days(2932896, &y, &m, &d);
	ck_assert(y == 9999 && m == 12 && d == 31);
}
END_TEST

START_TEST(test_civil_days_round_trip)
{
	/* Every day from 1970 to the end of 9999 maps to a valid date, one day
	 * after the previous one, and back to the same count. */
	int py = 1969, pm = 12, pd = 31;

	for (int64_t days = 0; days <= 2932896; days++) {
		int y, m, d;
		bool next_day, next_month, next_year;

		asof_civil_from_days(days, &y, &m, &d);
		next_day = y == py && m == pm && d == pd + 1;
		next_month = y == py && m == pm + 1 && d == 1;
		next_year = y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31;
		/* Plain tests: a Check assertion per day would take seconds. */
		if (!(next_day || next_month || next_year))
			ck_abort_msg("day %lld is %d-%d-%d after %d-%d-%d", (long long)days, y, m, d, py, pm,
			             pd);
		if (asof_days_from_civil(y, m, d) != days)
			ck_abort_msg("%d-%d-%d is not day %lld", y, m, d, (long long)days);
		py = y, pm = m, pd = d;
	}
	ck_assert(py == 9999 && pm == 12 && pd == 31);
}
END_TEST

Suite *make_suite_asof(void)
{
	Suite *s = suite_create("asof");
	TCase *ts = tcase_create("timestamps");
	TCase *iv = tcase_create("intervals");
	TCase *hlc = tcase_create("hlc");
	TCase *other = tcase_create("other");

	tcase_add_test(ts, test_timestamp_plain);
	tcase_add_test(ts, test_timestamp_doc_examples);
	tcase_add_test(ts, test_timestamp_fractions);
	tcase_add_test(ts, test_timestamp_zones_normalise_to_utc);
	tcase_add_test(ts, test_timestamp_leap_days);
	tcase_add_test(ts, test_timestamp_refusals);
	suite_add_tcase(s, ts);
	tcase_add_test(iv, test_interval_forms);
	tcase_add_test(iv, test_interval_sign_covers_every_field);
	tcase_add_test(iv, test_interval_nanoseconds);
	tcase_add_test(iv, test_interval_refusals);
	suite_add_tcase(s, iv);
	tcase_add_test(hlc, test_hlc_and_nanos);
	tcase_add_test(hlc, test_hlc_and_nanos_refusals);
	tcase_add_test(hlc, test_hlc_to_utc);
	tcase_add_test(hlc, test_header_time_reads_back);
	suite_add_tcase(s, hlc);
	tcase_add_test(other, test_anything_else_is_refused);
	tcase_add_test(other, test_is_past);
	tcase_add_test(other, test_resolve);
	tcase_add_test(other, test_civil_days);
	tcase_add_test(other, test_civil_days_round_trip);
	suite_add_tcase(s, other);
	return s;
}
