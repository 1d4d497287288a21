/* check_options: what each command line means, and the message for each mistake. */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "options.h"
#include "suites.h"

#define MAX_ARGS 32

static struct options opts;
static buf_t err;
/* Writable copies of the arguments: getopt may reorder argv, and opts points into it. */
static char arg_storage[MAX_ARGS][128];
static char *argv_storage[MAX_ARGS + 1];

static void setup(void)
{
	memset(&opts, 0, sizeof opts);
	buf_init(&err);
	/* Where else a database may be named: not in these tests unless set. */
	unsetenv("PGDATABASE");
	unsetenv("COCKROACH_URL");
}

static void teardown(void)
{
	options_free(&opts);
	buf_free(&err);
}

/* Parses "dbdump" followed by the NULL-terminated args. */
static enum options_result parse_args(const char *const *args)
{
	int argc = 0;

	snprintf(arg_storage[argc], sizeof arg_storage[argc], "%s", "dbdump");
	argv_storage[argc] = arg_storage[argc];
	for (argc = 1; args[argc - 1]; argc++) {
		ck_assert_int_lt(argc, MAX_ARGS);
		ck_assert_uint_lt(strlen(args[argc - 1]), sizeof arg_storage[argc]);
		snprintf(arg_storage[argc], sizeof arg_storage[argc], "%s", args[argc - 1]);
		argv_storage[argc] = arg_storage[argc];
	}
	argv_storage[argc] = NULL;
	options_free(&opts); /* a test may parse more than once */
	return options_parse(&opts, argc, argv_storage, &err);
}

#define PARSE(...) parse_args((const char *const[]){__VA_ARGS__, NULL})

static void expect_ok(enum options_result r)
{
	ck_assert_msg(r == OPTIONS_OK, "usage error: %s", err.data);
	ck_assert_str_eq(err.data, "");
}

static void expect_usage(enum options_result r, const char *want)
{
	ck_assert_int_eq(r, OPTIONS_USAGE);
	ck_assert_str_eq(err.data, want);
}

#define PARSE_OK(...) expect_ok(PARSE(__VA_ARGS__))
#define PARSE_FAILS(want, ...) expect_usage(PARSE(__VA_ARGS__), (want))

/* What the parser wrote on stderr: getopt's own messages. */
static char stderr_text[2048];

static enum options_result parse_capturing_stderr(const char *const *args)
{
	FILE *tmp = tmpfile();
	int saved;
	enum options_result r;
	size_t n;

	ck_assert_ptr_nonnull(tmp);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(fileno(tmp), STDERR_FILENO), 0);
	r = parse_args(args);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(stderr_text, 1, sizeof stderr_text - 1, tmp);
	stderr_text[n] = '\0';
	fclose(tmp);
	return r;
}

/* A usage error getopt reports itself: its message on stderr, exactly, and
 * none of ours (main adds only the "Try" line). */
#define GETOPT_FAILS(want, ...)                                                                    \
	do {                                                                                       \
		ck_assert_int_eq(parse_capturing_stderr((const char *const[]){__VA_ARGS__, NULL}), \
				 OPTIONS_USAGE);                                                   \
		ck_assert_str_eq(err.data, "");                                                    \
		ck_assert_str_eq(stderr_text, (want));                                             \
	} while (0)

START_TEST(test_defaults)
{
	PARSE_OK("mydb");
	ck_assert_str_eq(opts.dbname, "mydb");
	ck_assert_int_eq(opts.mode, DUMP_BOTH);
	ck_assert_int_eq(opts.rows_per_insert, 100);
	ck_assert_uint_eq(opts.insert_bytes, 1048576);
	ck_assert_int_eq(opts.verbosity, LOG_NORMAL);
	ck_assert_ptr_null(opts.file);
	ck_assert_ptr_null(opts.host);
	ck_assert_ptr_null(opts.port);
	ck_assert_ptr_null(opts.user);
	ck_assert_ptr_null(opts.url);
	ck_assert_ptr_null(opts.snapshot);
	ck_assert_ptr_null(opts.lock_wait_timeout);
	ck_assert_ptr_null(opts.as_of);
	ck_assert_int_eq(opts.tables.n, 0);
	ck_assert_int_eq(opts.include_tables.n, 0);
	ck_assert(!opts.clean && !opts.if_exists && !opts.single_transaction && !opts.on_conflict_do_nothing);
	ck_assert(!opts.list_only && !opts.no_strict_names && !opts.password_prompt && !opts.no_password);
	ck_assert(!opts.show_help && !opts.show_version);
}
END_TEST

START_TEST(test_connection_options)
{
	PARSE_OK("-h", "db.example", "-p", "5433", "-U", "alice", "-W", "mydb");
	ck_assert_str_eq(opts.host, "db.example");
	ck_assert_str_eq(opts.port, "5433");
	ck_assert_str_eq(opts.user, "alice");
	ck_assert(opts.password_prompt);
	ck_assert(!opts.no_password);

	PARSE_OK("--host=/tmp", "--port=6000", "--user=bob", "--no-password", "mydb");
	ck_assert_str_eq(opts.host, "/tmp");
	ck_assert_str_eq(opts.port, "6000");
	ck_assert_str_eq(opts.user, "bob");
	ck_assert(opts.no_password);

	PARSE_OK("-u", "carol", "mydb");
	ck_assert_str_eq(opts.user, "carol");
	PARSE_OK("--username", "dave", "-w", "mydb");
	ck_assert_str_eq(opts.user, "dave");
	ck_assert(opts.no_password);
	PARSE_OK("-Ueve", "--password", "mydb");
	ck_assert_str_eq(opts.user, "eve");
	ck_assert(opts.password_prompt);

	PARSE_OK("--url=postgresql://h:5/x", "mydb");
	ck_assert_str_eq(opts.url, "postgresql://h:5/x");
	ck_assert_str_eq(opts.dbname, "mydb");
}
END_TEST

START_TEST(test_dbname_forms)
{
	PARSE_OK("postgresql://u@h/db?sslmode=disable");
	ck_assert_str_eq(opts.dbname, "postgresql://u@h/db?sslmode=disable");
	PARSE_OK("host=h dbname=x");
	ck_assert_str_eq(opts.dbname, "host=h dbname=x");
}
END_TEST

START_TEST(test_file)
{
	PARSE_OK("-f", "out.sql", "mydb");
	ck_assert_str_eq(opts.file, "out.sql");
	PARSE_OK("-fout2.sql", "mydb");
	ck_assert_str_eq(opts.file, "out2.sql");
	PARSE_OK("--file=out3.sql", "mydb");
	ck_assert_str_eq(opts.file, "out3.sql");
	PARSE_OK("--file", "out4.sql", "mydb");
	ck_assert_str_eq(opts.file, "out4.sql");
}
END_TEST

START_TEST(test_dump_modes)
{
	PARSE_OK("-s", "mydb");
	ck_assert_int_eq(opts.mode, DUMP_SCHEMA);
	PARSE_OK("--schema-only", "mydb");
	ck_assert_int_eq(opts.mode, DUMP_SCHEMA);
	PARSE_OK("-a", "mydb");
	ck_assert_int_eq(opts.mode, DUMP_DATA);
	PARSE_OK("--data-only", "mydb");
	ck_assert_int_eq(opts.mode, DUMP_DATA);
	PARSE_OK("--dump-mode=schema", "mydb");
	ck_assert_int_eq(opts.mode, DUMP_SCHEMA);
	PARSE_OK("--dump-mode=data", "mydb");
	ck_assert_int_eq(opts.mode, DUMP_DATA);
	PARSE_OK("--dump-mode", "both", "mydb");
	ck_assert_int_eq(opts.mode, DUMP_BOTH);
	PARSE_OK("-s", "-s", "mydb");
	ck_assert_int_eq(opts.mode, DUMP_SCHEMA);
}
END_TEST

START_TEST(test_bad_dump_mode)
{
	PARSE_FAILS("invalid --dump-mode \"full\": use both, schema or data", "--dump-mode=full", "mydb");
	PARSE_FAILS("invalid --dump-mode \"Schema\": use both, schema or data", "--dump-mode=Schema", "mydb");
	PARSE_FAILS("invalid --dump-mode \"\": use both, schema or data", "--dump-mode=", "mydb");
}
END_TEST

START_TEST(test_schema_only_with_data_only)
{
	PARSE_FAILS("--schema-only and --data-only cannot be used together", "-s", "-a", "mydb");
	PARSE_FAILS("--schema-only and --data-only cannot be used together", "--data-only", "mydb",
	            "--schema-only");
	PARSE_FAILS("--schema-only and --data-only cannot be used together", "-sa", "mydb");
}
END_TEST

START_TEST(test_name_patterns_collected_in_order)
{
	PARSE_OK("-t", "b*", "-t", "a", "--table=\"C\"", "-T", "x", "--exclude-table", "y", "-n", "s1",
	         "--schema=s2", "-N", "tmp*", "--exclude-schema=pg_temp", "--exclude-table-data=logs*",
	         "--exclude-table-data", "audit", "--no-strict-names", "mydb");
	ck_assert_int_eq(opts.include_tables.n, 3);
	ck_assert_str_eq(opts.include_tables.items[0], "b*");
	ck_assert_str_eq(opts.include_tables.items[1], "a");
	ck_assert_str_eq(opts.include_tables.items[2], "\"C\"");
	ck_assert_int_eq(opts.exclude_tables.n, 2);
	ck_assert_str_eq(opts.exclude_tables.items[0], "x");
	ck_assert_str_eq(opts.exclude_tables.items[1], "y");
	ck_assert_int_eq(opts.include_schemas.n, 2);
	ck_assert_str_eq(opts.include_schemas.items[0], "s1");
	ck_assert_str_eq(opts.include_schemas.items[1], "s2");
	ck_assert_int_eq(opts.exclude_schemas.n, 2);
	ck_assert_str_eq(opts.exclude_schemas.items[0], "tmp*");
	ck_assert_str_eq(opts.exclude_schemas.items[1], "pg_temp");
	ck_assert_int_eq(opts.exclude_data.n, 2);
	ck_assert_str_eq(opts.exclude_data.items[0], "logs*");
	ck_assert_str_eq(opts.exclude_data.items[1], "audit");
	ck_assert(opts.no_strict_names);
	ck_assert_int_eq(opts.tables.n, 0);
}
END_TEST

START_TEST(test_where)
{
	PARSE_OK("--where=t:id > 1", "--where", "s.u:name = 'a:b'", "mydb");
	ck_assert_int_eq(opts.wheres.n, 2);
	ck_assert_str_eq(opts.wheres.items[0], "t:id > 1");
	ck_assert_str_eq(opts.wheres.items[1], "s.u:name = 'a:b'");

	PARSE_FAILS("invalid --where \"nocolon\": expected TABLE:CONDITION", "--where=nocolon", "mydb");
	PARSE_FAILS("invalid --where \":id > 1\": expected TABLE:CONDITION", "--where=:id > 1", "mydb");
	PARSE_FAILS("invalid --where \"t:\": expected TABLE:CONDITION", "--where=t:", "mydb");
	/* TABLE ends at the first colon outside double quotes. */
	ck_assert_uint_eq(options_where_table_length("\"a:b\":x = 1"), 5);
	ck_assert_uint_eq(options_where_table_length("s.t:x = 'a:b'"), 3);
	ck_assert_uint_eq(options_where_table_length("\"a:b\""), 5);
	PARSE_FAILS("invalid --where \"\"a:b\"\": expected TABLE:CONDITION", "--where=\"a:b\"", "mydb");
}
END_TEST

START_TEST(test_rows_per_insert)
{
	PARSE_OK("--rows-per-insert=7", "mydb");
	ck_assert_int_eq(opts.rows_per_insert, 7);
	PARSE_OK("--rows-per-insert", "1", "mydb");
	ck_assert_int_eq(opts.rows_per_insert, 1);
	PARSE_OK("--rows-per-insert=2147483647", "mydb");
	ck_assert_int_eq(opts.rows_per_insert, INT_MAX);
}
END_TEST

START_TEST(test_bad_rows_per_insert)
{
	static const char *const bad[] = {"0", "-1", "abc", "99999999999", "", "5x", "1.5", "2147483648"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char arg[64], want[128];
		snprintf(arg, sizeof arg, "--rows-per-insert=%s", bad[i]);
		snprintf(want, sizeof want,
		         "invalid --rows-per-insert \"%s\": must be a number from 1 to 2147483647", bad[i]);
		PARSE_FAILS(want, arg, "mydb");
	}
}
END_TEST

START_TEST(test_max_insert_bytes)
{
	PARSE_OK("--max-insert-bytes=64k", "mydb");
	ck_assert_uint_eq(opts.insert_bytes, 65536);
	PARSE_OK("--max-insert-bytes=1M", "mydb");
	ck_assert_uint_eq(opts.insert_bytes, 1048576);
	PARSE_OK("--max-insert-bytes", "512", "mydb");
	ck_assert_uint_eq(opts.insert_bytes, 512);
	PARSE_OK("--max-insert-bytes=2MiB", "mydb");
	ck_assert_uint_eq(opts.insert_bytes, 2097152);
	PARSE_OK("--max-insert-bytes=1g", "mydb");
	ck_assert_uint_eq(opts.insert_bytes, 1073741824);
}
END_TEST

START_TEST(test_bad_max_insert_bytes)
{
	static const char *const bad[] = {"0", "-1", "abc", "", "1X", "1.5M", "1Mx", "k", " 1", "0k"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char arg[64], want[160];
		snprintf(arg, sizeof arg, "--max-insert-bytes=%s", bad[i]);
		snprintf(want, sizeof want,
		         "invalid --max-insert-bytes \"%s\": expected a size such as 65536, 512k or 1M",
		         bad[i]);
		PARSE_FAILS(want, arg, "mydb");
	}
}
END_TEST

START_TEST(test_parse_size)
{
	size_t n = 7;

	ck_assert(options_parse_size("1", &n));
	ck_assert_uint_eq(n, 1);
	ck_assert(options_parse_size("512k", &n));
	ck_assert_uint_eq(n, 524288);
	ck_assert(options_parse_size("512K", &n));
	ck_assert_uint_eq(n, 524288);
	ck_assert(options_parse_size("512kB", &n));
	ck_assert_uint_eq(n, 524288);
	ck_assert(options_parse_size("3m", &n));
	ck_assert_uint_eq(n, 3145728);
	ck_assert(options_parse_size("1GiB", &n));
	ck_assert_uint_eq(n, 1073741824);

	n = 7;
	ck_assert(!options_parse_size("0", &n));
	ck_assert(!options_parse_size("", &n));
	ck_assert(!options_parse_size("-5", &n));
	ck_assert(!options_parse_size("5t", &n));
	ck_assert(!options_parse_size("5kk", &n));
	ck_assert(!options_parse_size("99999999999999999999", &n));
	ck_assert(!options_parse_size("18446744073709551615G", &n));
	ck_assert_uint_eq(n, 7); /* untouched on failure */
}
END_TEST

START_TEST(test_output_flags)
{
	PARSE_OK("--clean", "--if-exists", "--single-transaction", "--on-conflict-do-nothing", "--list",
	         "mydb");
	ck_assert(opts.clean);
	ck_assert(opts.if_exists);
	ck_assert(opts.single_transaction);
	ck_assert(opts.on_conflict_do_nothing);
	ck_assert(opts.list_only);
}
END_TEST

START_TEST(test_snapshot_timeout_as_of)
{
	PARSE_OK("--snapshot=00000003-0000001B-1", "--lock-wait-timeout=10s", "--as-of=-10s", "mydb");
	ck_assert_str_eq(opts.snapshot, "00000003-0000001B-1");
	ck_assert_str_eq(opts.lock_wait_timeout, "10s");
	ck_assert_str_eq(opts.as_of, "-10s");
	PARSE_OK("--lock-wait-timeout=5000", "mydb");
	ck_assert_str_eq(opts.lock_wait_timeout, "5000");
	PARSE_OK("--lock-wait-timeout=1min", "mydb");
	ck_assert_str_eq(opts.lock_wait_timeout, "1min");

	PARSE_FAILS("invalid --snapshot: empty snapshot id", "--snapshot=", "mydb");
	PARSE_FAILS("invalid --lock-wait-timeout \"5x\": expected a duration such as 5000, 500ms, 10s or 1min, at "
		    "most 24d",
		    "--lock-wait-timeout=5x", "mydb");
	PARSE_FAILS("invalid --lock-wait-timeout \"\": expected a duration such as 5000, 500ms, 10s or 1min, at "
		    "most 24d",
		    "--lock-wait-timeout=", "mydb");
	/* PostgreSQL's lock_timeout is an int of milliseconds. */
	PARSE_FAILS("invalid --lock-wait-timeout \"99999999999\": expected a duration such as 5000, 500ms, 10s or "
		    "1min, at most 24d",
		    "--lock-wait-timeout=99999999999", "mydb");
	PARSE_FAILS("invalid --lock-wait-timeout \"25d\": expected a duration such as 5000, 500ms, 10s or 1min, at "
		    "most 24d",
		    "--lock-wait-timeout=25d", "mydb");
	PARSE_OK("--lock-wait-timeout=24d", "mydb");
}
END_TEST

/* Every form libpq takes a password in is masked in argv, and the copies
 * that the connection uses keep it. */
START_TEST(test_hide_passwords)
{
	static const char *const cases[][2] = {
	    {"postgresql://u:Pw1@h/db", "postgresql://u:xxx@h/db"},
	    {"postgres://u@h/db?password=Pw2", "postgres://u@h/db?password=xxx"},
	    {"host=h password=Pw3 dbname=d", "host=h password=xxx dbname=d"},
	    {"host=h password='P w4'", "host=h password=xxxxxx"},
	    {"dbname=postgresql://u:Pw5@h/db", "dbname=postgresql://u:xxx@h/db"},
	    {"dbname='postgresql://u:Pw6@h/db'", "dbname='postgresql://u:xxx@h/db'"},
	    {"postgresql://u:Pw7@[::1", "postgresql://u:xxx@[::1"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		PARSE_OK(cases[i][0]);
		options_hide_passwords(&opts, 2, argv_storage);
		ck_assert_str_eq(argv_storage[1], cases[i][1]);
		ck_assert_str_eq(opts.dbname, cases[i][0]);
	}
	/* A URI given as a TABLE: masked in argv, the list keeps its copy. */
	PARSE_OK("mydb", "postgresql://u:Pw8@h/db");
	options_hide_passwords(&opts, 3, argv_storage);
	ck_assert_str_eq(argv_storage[2], "postgresql://u:xxx@h/db");
	ck_assert_str_eq(opts.tables.items[0], "postgresql://u:Pw8@h/db");
}
END_TEST

START_TEST(test_stall_timeout)
{
	PARSE_OK("mydb");
	ck_assert_int_eq(opts.stall_timeout_ms, 0);
	PARSE_OK("--stall-timeout=3s", "mydb");
	ck_assert_int_eq(opts.stall_timeout_ms, 3000);
	PARSE_OK("--stall-timeout=10min", "mydb");
	ck_assert_int_eq(opts.stall_timeout_ms, 600000);
	PARSE_OK("--stall-timeout=1500", "mydb");
	ck_assert_int_eq(opts.stall_timeout_ms, 1500);
	PARSE_FAILS("invalid --stall-timeout \" 3s\": expected a duration such as 30s, 5min or 1h, at most 24d",
		    "--stall-timeout= 3s", "mydb");
	PARSE_FAILS("invalid --stall-timeout \"-1s\": expected a duration such as 30s, 5min or 1h, at most 24d",
		    "--stall-timeout=-1s", "mydb");
}
END_TEST

START_TEST(test_parse_duration)
{
	long long ms = -1;

	ck_assert(options_parse_duration("0", &ms) && ms == 0);
	ck_assert(options_parse_duration("5000", &ms) && ms == 5000);
	ck_assert(options_parse_duration("500us", &ms) && ms == 1);
	ck_assert(options_parse_duration("2h", &ms) && ms == 7200000);
	ck_assert(options_parse_duration("1d", &ms) && ms == 86400000);
	ck_assert(options_parse_duration("2147483647", &ms) && ms == 2147483647);
	ck_assert(!options_parse_duration("2147483648", &ms));
	ck_assert(!options_parse_duration("99999999999999999999999", &ms));
	ck_assert(!options_parse_duration(" 5", &ms));
	ck_assert(!options_parse_duration("+5", &ms));
	ck_assert(!options_parse_duration("5 s", &ms));
	ck_assert(!options_parse_duration("", &ms));
}
END_TEST

START_TEST(test_numbers_without_spaces)
{
	PARSE_FAILS("invalid --jobs \" 5\": must be a number from 1 to 64", "-j", " 5", "mydb");
	PARSE_FAILS("invalid --jobs \"+5\": must be a number from 1 to 64", "-j", "+5", "mydb");
	PARSE_FAILS("invalid --compress-threads \" 5\": must be a number from 1 to 256", "--compress-threads= 5",
		    "mydb");
	PARSE_FAILS("invalid --rows-per-insert \" 5\": must be a number from 1 to 2147483647", "--rows-per-insert= 5",
		    "mydb");
}
END_TEST

START_TEST(test_empty_paths)
{
	PARSE_FAILS("invalid --file: empty file name", "-f", "", "mydb");
	PARSE_FAILS("invalid --tmpdir: empty directory name", "--tmpdir=", "mydb");
	PARSE_FAILS("--where cannot be used with --schema-only: no rows are dumped", "-s", "--where=t:true", "mydb");
}
END_TEST

START_TEST(test_verbosity)
{
	PARSE_OK("-v", "mydb");
	ck_assert_int_eq(opts.verbosity, LOG_VERBOSE);
	PARSE_OK("-v", "-v", "mydb");
	ck_assert_int_eq(opts.verbosity, LOG_STATEMENTS);
	ck_assert_int_eq(opts.verbosity, 2);
	PARSE_OK("-vv", "mydb");
	ck_assert_int_eq(opts.verbosity, 2);
	PARSE_OK("-vvv", "--verbose", "mydb");
	ck_assert_int_eq(opts.verbosity, LOG_STATEMENTS);
	PARSE_OK("--verbose", "mydb");
	ck_assert_int_eq(opts.verbosity, LOG_VERBOSE);
	PARSE_OK("-q", "mydb");
	ck_assert_int_eq(opts.verbosity, LOG_QUIET);
	PARSE_OK("--quiet", "mydb");
	ck_assert_int_eq(opts.verbosity, LOG_QUIET);
}
END_TEST

START_TEST(test_quiet_with_verbose)
{
	PARSE_FAILS("--quiet and --verbose cannot be used together", "-q", "-v", "mydb");
	PARSE_FAILS("--quiet and --verbose cannot be used together", "--verbose", "--quiet", "mydb");
	PARSE_FAILS("--quiet and --verbose cannot be used together", "-vq", "mydb");
}
END_TEST

START_TEST(test_conflicting_options)
{
	PARSE_FAILS("--if-exists requires --clean", "--if-exists", "mydb");
	PARSE_FAILS("--clean cannot be used with --data-only", "--clean", "--data-only", "mydb");
	PARSE_FAILS("--clean cannot be used with --data-only", "-a", "--clean", "mydb");
	PARSE_FAILS("--clean cannot be used with --data-only", "--clean", "--dump-mode=data", "mydb");
	PARSE_FAILS("--password and --no-password cannot be used together", "-W", "-w", "mydb");
	/* --clean with a schema dump is fine. */
	PARSE_OK("--clean", "--if-exists", "-s", "mydb");
	ck_assert(opts.clean && opts.if_exists);
}
END_TEST

START_TEST(test_unknown_long_option)
{
	GETOPT_FAILS("dbdump: unrecognized option '--bogus'\n", "--bogus", "mydb");
	GETOPT_FAILS("dbdump: unrecognized option '--bogus=1'\n", "mydb", "--bogus=1");
}
END_TEST

START_TEST(test_ambiguous_long_option)
{
	/* getopt names the candidates; an exact name is never ambiguous. */
	ck_assert_int_eq(parse_capturing_stderr((const char *const[]){"--ce=x", "mydb", NULL}), OPTIONS_USAGE);
	ck_assert_str_eq(err.data, "");
	ck_assert_msg(strncmp(stderr_text, "dbdump: option '--ce=x' is ambiguous; possibilities:", 52) == 0,
		      "got: %s", stderr_text);
	ck_assert_ptr_nonnull(strstr(stderr_text, " '--cert'"));
	ck_assert_ptr_nonnull(strstr(stderr_text, " '--certs-dir'"));
	PARSE_OK("--cert=x", "mydb");
	ck_assert_str_eq(opts.cert, "x");
	/* A unique abbreviation is taken. */
	PARSE_OK("--schema-o", "mydb");
	ck_assert_int_eq(opts.mode, DUMP_SCHEMA);
}
END_TEST

START_TEST(test_unknown_short_option)
{
	GETOPT_FAILS("dbdump: invalid option -- 'x'\n", "-x", "mydb");
	GETOPT_FAILS("dbdump: invalid option -- 'x'\n", "mydb", "-vx");
	GETOPT_FAILS("dbdump: invalid option -- 'y'\n", "-s", "-y", "mydb");
}
END_TEST

START_TEST(test_missing_argument)
{
	GETOPT_FAILS("dbdump: option requires an argument -- 'f'\n", "mydb", "-f");
	GETOPT_FAILS("dbdump: option requires an argument -- 't'\n", "mydb", "-vt");
	GETOPT_FAILS("dbdump: option '--file' requires an argument\n", "mydb", "--file");
	GETOPT_FAILS("dbdump: option '--rows-per-insert' requires an argument\n", "mydb", "--rows-per-insert");
	GETOPT_FAILS("dbdump: option '--dump-mode' requires an argument\n", "mydb", "--dump-mode");
}
END_TEST

START_TEST(test_argument_to_no_argument_option)
{
	GETOPT_FAILS("dbdump: option '--clean' doesn't allow an argument\n", "--clean=yes", "mydb");
	GETOPT_FAILS("dbdump: option '--schema-only' doesn't allow an argument\n", "--schema-only=1", "mydb");
	GETOPT_FAILS("dbdump: option '--help' doesn't allow an argument\n", "--help=x");
}
END_TEST

START_TEST(test_program_name_in_messages)
{
	/* Whatever path started it, getopt's messages name "dbdump", and argv
	 * is left as it was. */
	char prog[] = "/usr/local/bin/dbdump", bad[] = "--bogus", db[] = "mydb";
	char *argv[] = {prog, bad, db, NULL};
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;

	fflush(stderr);
	dup2(fileno(tmp), STDERR_FILENO);
	ck_assert_int_eq(options_parse(&opts, 3, argv, &err), OPTIONS_USAGE);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(stderr_text, 1, sizeof stderr_text - 1, tmp);
	stderr_text[n] = '\0';
	fclose(tmp);
	ck_assert_str_eq(stderr_text, "dbdump: unrecognized option '--bogus'\n");
	ck_assert_ptr_eq(argv[0], prog);
	ck_assert_str_eq(argv[0], "/usr/local/bin/dbdump");
}
END_TEST

START_TEST(test_missing_dbname)
{
	const char *const none[] = {NULL};

	expect_usage(parse_args(none), "missing database name");
	PARSE_FAILS("missing database name", "-s", "-v");
	PARSE_FAILS("missing database name", "-v", "--");
	/* Option arguments are not the database name. */
	PARSE_FAILS("missing database name", "-f", "mydb");
	PARSE_FAILS("empty database name", "");
}
END_TEST

START_TEST(test_database_named_elsewhere)
{
	/* As psql and pg_dump: --url, PGDATABASE (and COCKROACH_URL) may name
	 * the database; DBNAME is then optional. */
	PARSE_OK("--url=postgresql://u@h:5432/shop");
	ck_assert_ptr_null(opts.dbname);
	ck_assert_str_eq(opts.url, "postgresql://u@h:5432/shop");
	PARSE_OK("--url=postgresql://u@h/?dbname=shop", "-s");
	ck_assert_ptr_null(opts.dbname);
	PARSE_OK("--url", "host=h dbname=shop");
	ck_assert_ptr_null(opts.dbname);
	/* A URL without a database still needs DBNAME. */
	PARSE_FAILS("missing database name", "--url=postgresql://u@h:5432/");
	PARSE_FAILS("missing database name", "--url=postgresql://u@h:5432");
	PARSE_FAILS("missing database name", "--url=host=h port=5");
	/* With DBNAME too, DBNAME names the database and TABLEs follow it. */
	PARSE_OK("--url=postgresql://u@h/shop", "other", "t1");
	ck_assert_str_eq(opts.dbname, "other");
	ck_assert_int_eq(opts.tables.n, 1);

	setenv("PGDATABASE", "shop", 1);
	PARSE_OK("-s");
	ck_assert_ptr_null(opts.dbname);
	PARSE_OK("-s", "other");
	ck_assert_str_eq(opts.dbname, "other");
	setenv("PGDATABASE", "", 1);
	PARSE_FAILS("missing database name", "-s");
	unsetenv("PGDATABASE");

	setenv("COCKROACH_URL", "postgresql://root@crdb:26257/shop", 1);
	PARSE_OK("-a");
	ck_assert_ptr_null(opts.dbname);
	setenv("COCKROACH_URL", "postgresql://root@crdb:26257", 1);
	PARSE_FAILS("missing database name", "-a");
	unsetenv("COCKROACH_URL");
}
END_TEST

START_TEST(test_verify)
{
	PARSE_OK("--verify", "dump.sql");
	ck_assert(opts.verify);
	ck_assert_str_eq(opts.verify_file, "dump.sql");
	ck_assert_ptr_null(opts.dbname);
	PARSE_OK("-h", "db1", "--verify", "-", "scratch");
	ck_assert_str_eq(opts.verify_file, "-");
	ck_assert_str_eq(opts.dbname, "scratch");
	ck_assert_str_eq(opts.host, "db1");
	PARSE_FAILS("--verify needs the FILE to check", "--verify");
	PARSE_FAILS("--verify: empty file name", "--verify", "");
	PARSE_FAILS("empty database name", "--verify", "f.sql", "");
	PARSE_FAILS("--verify takes FILE and at most one DBNAME", "--verify", "f.sql", "db", "t1");
	PARSE_FAILS("--verify cannot be used with --all-databases", "--verify", "--all-databases", "f.sql");
	PARSE_FAILS("--verify cannot be used with --list", "--list", "--verify", "f.sql");
	PARSE_FAILS("--verify cannot be used with --file", "--verify", "-f", "x", "f.sql");
}
END_TEST

START_TEST(test_tables_collected_in_order)
{
	PARSE_OK("mydb", "zeta", "public.alpha", "\"Mixed Case\"", "s.\"T\"");
	ck_assert_str_eq(opts.dbname, "mydb");
	ck_assert_int_eq(opts.tables.n, 4);
	ck_assert_str_eq(opts.tables.items[0], "zeta");
	ck_assert_str_eq(opts.tables.items[1], "public.alpha");
	ck_assert_str_eq(opts.tables.items[2], "\"Mixed Case\"");
	ck_assert_str_eq(opts.tables.items[3], "s.\"T\"");

	PARSE_FAILS("empty table name", "mydb", "a", "");
}
END_TEST

START_TEST(test_options_after_arguments)
{
	PARSE_OK("mydb", "t1", "-s", "t2", "--file=o.sql");
	ck_assert_str_eq(opts.dbname, "mydb");
	ck_assert_int_eq(opts.mode, DUMP_SCHEMA);
	ck_assert_str_eq(opts.file, "o.sql");
	ck_assert_int_eq(opts.tables.n, 2);
	ck_assert_str_eq(opts.tables.items[0], "t1");
	ck_assert_str_eq(opts.tables.items[1], "t2");

	/* After "--" everything is an argument, even what looks like an option. */
	PARSE_OK("mydb", "--", "-s");
	ck_assert_int_eq(opts.mode, DUMP_BOTH);
	ck_assert_int_eq(opts.tables.n, 1);
	ck_assert_str_eq(opts.tables.items[0], "-s");
}
END_TEST

START_TEST(test_help_and_version)
{
	const char *const none[] = {NULL};

	expect_ok(parse_args((const char *const[]){"--help", NULL}));
	ck_assert(opts.show_help);
	ck_assert(!opts.show_version);
	PARSE_OK("--version");
	ck_assert(opts.show_version);
	ck_assert(!opts.show_help);
	/* --help wins over a missing database name or a later bad option. */
	PARSE_OK("-v", "--help", "--bogus");
	ck_assert(opts.show_help);
	expect_usage(parse_args(none), "missing database name");
	ck_assert(!opts.show_help);
	ck_assert_ptr_nonnull(strstr(options_help(), "Usage: dbdump [OPTION]... [DBNAME [TABLE]...]\n"));
}
END_TEST

START_TEST(test_parse_is_repeatable)
{
	/* An error in the middle of grouped short options must not leak into the next parse. */
	GETOPT_FAILS("dbdump: invalid option -- 'x'\n", "mydb", "-vxs");
	PARSE_OK("-s", "other");
	ck_assert_str_eq(opts.dbname, "other");
	ck_assert_int_eq(opts.mode, DUMP_SCHEMA);
	ck_assert_int_eq(opts.verbosity, LOG_NORMAL);

	GETOPT_FAILS("dbdump: unrecognized option '--bogus'\n", "--bogus", "mydb");
	PARSE_OK("-t", "a", "mydb", "tab");
	ck_assert_int_eq(opts.include_tables.n, 1);
	ck_assert_int_eq(opts.tables.n, 1);
	ck_assert_str_eq(opts.tables.items[0], "tab");

	for (int i = 0; i < 3; i++) {
		PARSE_OK("-a", "--rows-per-insert=5", "mydb");
		ck_assert_int_eq(opts.mode, DUMP_DATA);
		ck_assert_int_eq(opts.rows_per_insert, 5);
		PARSE_OK("mydb");
		ck_assert_int_eq(opts.mode, DUMP_BOTH);
		ck_assert_int_eq(opts.rows_per_insert, 100);
	}
}
END_TEST

START_TEST(test_strlist)
{
	strlist_t l = {NULL, 0};

	strlist_add(&l, "one");
	strlist_add(&l, "two");
	ck_assert_int_eq(l.n, 2);
	ck_assert_str_eq(l.items[0], "one");
	ck_assert_str_eq(l.items[1], "two");
	strlist_free(&l);
	ck_assert_int_eq(l.n, 0);
	ck_assert_ptr_null(l.items);
}
END_TEST

START_TEST(test_globals_and_large_objects)
{
	PARSE_OK("--globals-only");
	ck_assert(opts.globals_only);
	ck_assert(opts.all_databases); /* the globals are a cluster dump without its databases */
	ck_assert_str_eq(opts.dbname, "postgres");
	PARSE_OK("-r", "template1");
	ck_assert(opts.roles_only);
	ck_assert_str_eq(opts.dbname, "template1");
	PARSE_OK("--all-databases", "--no-role-passwords");
	ck_assert(opts.no_role_passwords);
	PARSE_FAILS("--globals-only and --roles-only cannot be used together", "-g", "-r");
	PARSE_FAILS("--globals-only cannot be used with --data-only", "-g", "-a");
	PARSE_FAILS("--roles-only cannot be used with --list", "--roles-only", "--list");
	PARSE_FAILS("--all-databases takes no TABLE arguments", "-g", "db", "t");
	PARSE_OK("mydb");
	ck_assert_int_eq(opts.large_objects, -1);
	PARSE_OK("-b", "mydb", "t");
	ck_assert_int_eq(opts.large_objects, 1);
	PARSE_OK("--large-objects", "--no-large-objects", "mydb");
	ck_assert_int_eq(opts.large_objects, 0); /* the last one wins, as in pg_dump */
}
END_TEST

Suite *make_suite_options(void)
{
	Suite *s = suite_create("options");
	TCase *tc;

	tc = tcase_create("accepted");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_connection_options);
	tcase_add_test(tc, test_dbname_forms);
	tcase_add_test(tc, test_file);
	tcase_add_test(tc, test_dump_modes);
	tcase_add_test(tc, test_name_patterns_collected_in_order);
	tcase_add_test(tc, test_where);
	tcase_add_test(tc, test_rows_per_insert);
	tcase_add_test(tc, test_max_insert_bytes);
	tcase_add_test(tc, test_parse_size);
	tcase_add_test(tc, test_output_flags);
	tcase_add_test(tc, test_snapshot_timeout_as_of);
	tcase_add_test(tc, test_stall_timeout);
	tcase_add_test(tc, test_hide_passwords);
	tcase_add_test(tc, test_parse_duration);
	tcase_add_test(tc, test_numbers_without_spaces);
	tcase_add_test(tc, test_empty_paths);
	tcase_add_test(tc, test_verbosity);
	tcase_add_test(tc, test_tables_collected_in_order);
	tcase_add_test(tc, test_options_after_arguments);
	tcase_add_test(tc, test_help_and_version);
	tcase_add_test(tc, test_parse_is_repeatable);
	tcase_add_test(tc, test_strlist);
	suite_add_tcase(s, tc);

	tc = tcase_create("usage errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bad_dump_mode);
	tcase_add_test(tc, test_schema_only_with_data_only);
	tcase_add_test(tc, test_bad_rows_per_insert);
	tcase_add_test(tc, test_bad_max_insert_bytes);
	tcase_add_test(tc, test_quiet_with_verbose);
	tcase_add_test(tc, test_conflicting_options);
	tcase_add_test(tc, test_unknown_long_option);
	tcase_add_test(tc, test_unknown_short_option);
	tcase_add_test(tc, test_missing_argument);
	tcase_add_test(tc, test_argument_to_no_argument_option);
	tcase_add_test(tc, test_missing_dbname);
	tcase_add_test(tc, test_database_named_elsewhere);
	tcase_add_test(tc, test_ambiguous_long_option);
	tcase_add_test(tc, test_program_name_in_messages);
	tcase_add_test(tc, test_globals_and_large_objects);
	tcase_add_test(tc, test_verify);
	suite_add_tcase(s, tc);
	return s;
}
