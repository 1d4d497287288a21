/* check_crdb: the statements sent to CockroachDB, the reading of its answers,
 * dependency order, connection flags, error messages and value literals.
 *
 * CockroachDB cannot run here, so the fixtures copy the shapes its
 * documentation shows (docs v23.1 unless said): show-create.md (SHOW CREATE
 * TABLE, NOT VISIBLE columns, REGIONAL BY ROW, SHOW CREATE ALL TABLES with its
 * ALTER ... ADD CONSTRAINT and VALIDATE CONSTRAINT lines), drop-table.md (the
 * vehicles table with its foreign key inline, and after the key is gone),
 * hash-sharded-indexes.md (the computed shard column), collate.md,
 * connection-parameters.md and the cockroach sql flag table (--certs-dir and
 * the COCKROACH_* variables), cockroach-demo.md (the version banner). CREATE
 * TABLE text comes back from the server indented with tabs, as the
 * expectations in cockroach's own show_create tests show; the docs' tables
 * render that as four spaces. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/conn.h"
#include "../../src/crdb.h"
#include "suites.h"

static asof_t parse_asof(const char *in)
{
	asof_t a;
	buf_t err;

	buf_init(&err);
	ck_assert_msg(asof_parse(in, &a, &err), "%s", err.data);
	buf_free(&err);
	return a;
}

/* ---- Statements ---------------------------------------------------------- */

START_TEST(test_timestamp_and_session)
{
	const char *const *set = crdb_session_settings();

	ck_assert_str_eq(crdb_timestamp_query(), "SELECT cluster_logical_timestamp()");
	/* current_schemas(bool) -> string[]: the search path for unqualified names. */
	ck_assert_str_eq(crdb_search_path_query(), "SELECT current_schemas(false)");
	ck_assert_str_eq(set[0], "SET TIME ZONE 'UTC'");
	ck_assert_str_eq(set[1], "SET extra_float_digits = 3");
	ck_assert_str_eq(set[2], "SET bytea_output = 'hex'");
	ck_assert_str_eq(set[3], "SET statement_timeout = 0");
	ck_assert_str_eq(set[4], "SET default_transaction_isolation = 'serializable'");
	ck_assert_str_eq(set[5], "SET allow_unsafe_internals = true");
	ck_assert_ptr_null(set[6]);
}
END_TEST

START_TEST(test_database_switch)
{
	buf_t b;

	buf_init(&b);
	crdb_database_switch(&b, "movr");
	ck_assert_str_eq(b.data, "\nCREATE DATABASE IF NOT EXISTS movr;\nUSE movr;\n\n");
	buf_reset(&b);
	crdb_database_switch(&b, "My \"DB\"");
	ck_assert_str_eq(b.data, "\nCREATE DATABASE IF NOT EXISTS \"My \"\"DB\"\"\";\nUSE \"My \"\"DB\"\"\";\n\n");
	ck_assert_str_eq(crdb_databases_query(),
			 "SELECT database_name FROM [SHOW DATABASES] WHERE database_name <> 'system' ORDER BY 1");
	buf_free(&b);
}
END_TEST

/* Names are written so that both CockroachDB and PostgreSQL read them back
 * as the very name: the words only CockroachDB's grammar reserves
 * (pkg/sql/parser/sql.y: INDEX and NOTHING reserved, FAMILY a
 * type/function-name keyword, STRING a column-name one) are quoted, and so is
 * what PostgreSQL's rules quote (a non-ASCII name, which CockroachDB would
 * write bare; a PostgreSQL-only keyword): quoting one too many is harmless. */
START_TEST(test_quote_ident)
{
	static const char *const cases[][2] = {
	    {"users", "users"},
	    {"index", "\"index\""},
	    {"nothing", "\"nothing\""},
	    {"family", "\"family\""},
	    {"string", "\"string\""},
	    {"timestamptz", "\"timestamptz\""},
	    {"work", "\"work\""},
	    {"select", "\"select\""},
	    {"json_table", "\"json_table\""},
	    {"\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\""},
	    {"My T", "\"My T\""},
	    {"a\"b", "\"a\"\"b\""},
	    {"indexes", "indexes"},
	    {"_index", "_index"},
	};
	buf_t b;

	buf_init(&b);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&b);
		crdb_quote_ident(&b, cases[i][0]);
		ck_assert_str_eq(b.data, cases[i][1]);
	}
	buf_reset(&b);
	crdb_database_switch(&b, "index");
	ck_assert_str_eq(b.data, "\nCREATE DATABASE IF NOT EXISTS \"index\";\nUSE \"index\";\n\n");
	buf_free(&b);
}
END_TEST

/* The signature DROP FUNCTION / DROP PROCEDURE needs, from the CREATE text
 * as SHOW CREATE FUNCTION prints it (CockroachDB's documentation). */
START_TEST(test_routine_signature)
{
	static const char *const cases[][2] = {
	    {"CREATE FUNCTION public.sq(IN a INT8)\n\tRETURNS INT8\n\tVOLATILE\n\tNOT LEAKPROOF\n\tCALLED ON "
	     "NULL INPUT\n\tLANGUAGE SQL\n\tAS $$\n\tSELECT a * a;\n$$",
	     "public.sq(IN a INT8)"},
	    {"CREATE PROCEDURE \"My S\".\"p(x)\"()\n\tLANGUAGE SQL\n\tAS $$ SELECT 1; $$", "\"My S\".\"p(x)\"()"},
	    {"CREATE OR REPLACE FUNCTION f(a STRING DEFAULT ')') RETURNS STRING LANGUAGE SQL AS $$ SELECT a $$",
	     "f(a STRING)"},
	    /* DROP takes no DEFAULT: each argument as mode, name, type. */
	    {"CREATE FUNCTION public.g(IN a INT8 DEFAULT 1, b STRING = 'x,y', OUT c INT8, d INT8[] DEFAULT "
	     "ARRAY[1, 2]:::INT8[])\n\tRETURNS INT8\n\tLANGUAGE SQL\n\tAS $$ SELECT a $$",
	     "public.g(IN a INT8, b STRING, OUT c INT8, d INT8[])"},
	    {"CREATE FUNCTION public.h(a bigint DEFAULT (1 + 2), \"b c\" text DEFAULT 'd'::text)\n RETURNS "
	     "bigint\n LANGUAGE sql\nAS $function$ SELECT a $function$",
	     "public.h(a bigint, \"b c\" text)"},
	    {"CREATE FUNCTION public.nf(a INT8[], b public.mood) RETURNS INT8 LANGUAGE SQL AS 'SELECT 1'",
	     "public.nf(a INT8[], b public.mood)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *sig = crdb_routine_signature(cases[i][0]);
		ck_assert_ptr_nonnull(sig);
		ck_assert_str_eq(sig, cases[i][1]);
		free(sig);
	}
	ck_assert_ptr_null(crdb_routine_signature("CREATE TABLE t (a INT8)"));
	ck_assert_ptr_null(crdb_routine_signature("CREATE FUNCTION f RETURNS INT8"));
	ck_assert_ptr_null(crdb_routine_signature("CREATE FUNCTION public.(a INT8)"));
}
END_TEST

START_TEST(test_begin)
{
	buf_t out;
	asof_t a;

	buf_init(&out);
	/* begin-transaction.md: BEGIN AS OF SYSTEM TIME '2019-04-09 18:02:52.0+00:00'; */
	a = parse_asof("2019-04-09 18:02:52.0+00:00");
	crdb_begin_sql(&out, &a);
	ck_assert_str_eq(out.data, "BEGIN AS OF SYSTEM TIME '2019-04-09 18:02:52.000000+00:00'");
	buf_reset(&out);
	a = parse_asof("1489003500000000000.0000000000");
	crdb_begin_sql(&out, &a);
	ck_assert_str_eq(out.data, "BEGIN AS OF SYSTEM TIME 1489003500000000000.0000000000");
	buf_reset(&out);
	a = parse_asof("-4h");
	crdb_begin_sql(&out, &a);
	ck_assert_str_eq(out.data, "BEGIN AS OF SYSTEM TIME '-4h'");
	buf_free(&out);
}
END_TEST

START_TEST(test_catalog_queries)
{
	buf_t out;
	asof_t a = parse_asof("1489003500000000000.0000000000");

	buf_init(&out);
	crdb_relations_query(&out, NULL, false);
	ck_assert_str_eq(out.data,
	                 "SELECT descriptor_id, schema_name, descriptor_name, descriptor_type, "
	                 "create_statement, create_nofks, alter_statements, validate_statements "
	                 "FROM crdb_internal.create_statements WHERE database_name = $1 AND state = "
	                 "'PUBLIC' AND schema_name NOT IN ('crdb_internal', 'information_schema', "
	                 "'pg_catalog', 'pg_extension') AND schema_name NOT LIKE 'pg\\_temp\\_%' "
	                 "ORDER BY schema_name, descriptor_name");
	buf_reset(&out);
	crdb_relations_query(&out, NULL, true);
	ck_assert_str_eq(out.data,
	                 "SELECT descriptor_id, schema_name, descriptor_name, descriptor_type, "
	                 "create_statement, create_nofks, fk_statements, validate_statements "
	                 "FROM crdb_internal.create_statements WHERE database_name = $1 AND state = "
	                 "'PUBLIC' AND schema_name NOT IN ('crdb_internal', 'information_schema', "
	                 "'pg_catalog', 'pg_extension') AND schema_name NOT LIKE 'pg\\_temp\\_%' "
	                 "ORDER BY schema_name, descriptor_name");
	ck_assert_str_eq(crdb_relations_columns_query(),
	                 "SELECT * FROM crdb_internal.create_statements LIMIT 0");
	buf_reset(&out);
	crdb_relations_query(&out, &a, false);
	ck_assert_str_eq(out.data, "SELECT descriptor_id, schema_name, descriptor_name, descriptor_type, "
	                           "create_statement, create_nofks, alter_statements, validate_statements "
	                           "FROM crdb_internal.create_statements AS OF SYSTEM TIME "
	                           "1489003500000000000.0000000000 WHERE database_name = $1 AND state = "
	                           "'PUBLIC' AND schema_name NOT IN ('crdb_internal', 'information_schema', "
	                           "'pg_catalog', 'pg_extension') AND schema_name NOT LIKE 'pg\\_temp\\_%' "
	                           "ORDER BY schema_name, descriptor_name");
	ck_assert_int_eq(CRDB_REL_ID, 0);
	ck_assert_int_eq(CRDB_REL_VALIDATES, 7);
	buf_reset(&out);
	crdb_types_query(&out, NULL);
	ck_assert_str_eq(out.data, "SELECT descriptor_id, schema_name, descriptor_name, create_statement "
	                           "FROM crdb_internal.create_type_statements WHERE database_name = $1 "
	                           "ORDER BY schema_name, descriptor_name");
	buf_reset(&out);
	crdb_types_query(&out, &a);
	ck_assert_str_eq(out.data, "SELECT descriptor_id, schema_name, descriptor_name, create_statement "
	                           "FROM crdb_internal.create_type_statements AS OF SYSTEM TIME "
	                           "1489003500000000000.0000000000 WHERE database_name = $1 "
	                           "ORDER BY schema_name, descriptor_name");
	buf_reset(&out);
	crdb_dependencies_query(&out, NULL);
	ck_assert_str_eq(out.data, "SELECT DISTINCT descriptor_id, dependson_id FROM "
	                           "crdb_internal.backward_dependencies WHERE dependson_type <> 'fk' "
	                           "ORDER BY descriptor_id, dependson_id");
	buf_reset(&out);
	crdb_dependencies_query(&out, &a);
	ck_assert_str_eq(out.data, "SELECT DISTINCT descriptor_id, dependson_id FROM "
	                           "crdb_internal.backward_dependencies AS OF SYSTEM TIME "
	                           "1489003500000000000.0000000000 WHERE dependson_type <> 'fk' "
	                           "ORDER BY descriptor_id, dependson_id");
	buf_free(&out);
}
END_TEST

START_TEST(test_row_queries)
{
	buf_t out;
	asof_t a = parse_asof("2016-10-03 12:45:00");

	buf_init(&out);
	crdb_rows_query(&out, "public.drivers", "id, city, name, dl, address", NULL, NULL, 0, &a);
	ck_assert_str_eq(out.data, "SELECT id, city, name, dl, address FROM public.drivers AS OF SYSTEM "
	                           "TIME '2016-10-03 12:45:00.000000+00:00' ORDER BY PRIMARY KEY "
	                           "public.drivers");
	buf_reset(&out);
	crdb_rows_query(&out, "public.vehicle_location_histories", "city, ride_id, \"timestamp\"", NULL, NULL, 0,
	                NULL);
	ck_assert_str_eq(out.data, "SELECT city, ride_id, \"timestamp\" FROM "
	                           "public.vehicle_location_histories ORDER BY PRIMARY KEY "
	                           "public.vehicle_location_histories");
	buf_reset(&out);
	crdb_copy_query(&out, "public.drivers", "id, city", NULL, NULL, 0);
	ck_assert_str_eq(out.data, "COPY (SELECT id, city FROM public.drivers ORDER BY PRIMARY KEY "
	                           "public.drivers) TO STDOUT");
	/* --where: the user's condition, in parentheses, before the order. */
	buf_reset(&out);
	crdb_copy_query(&out, "public.drivers", "id, city", "city = 'rome' OR id < 3", NULL, 0);
	ck_assert_str_eq(out.data, "COPY (SELECT id, city FROM public.drivers WHERE (city = 'rome' OR id < 3) "
	                           "ORDER BY PRIMARY KEY public.drivers) TO STDOUT");
	buf_reset(&out);
	crdb_rows_query(&out, "public.drivers", "id", "city = 'rome' OR id < 3", NULL, 0, &a);
	ck_assert_str_eq(out.data, "SELECT id FROM public.drivers AS OF SYSTEM TIME '2016-10-03 "
	                           "12:45:00.000000+00:00' WHERE (city = 'rome' OR id < 3) ORDER BY PRIMARY KEY "
	                           "public.drivers");
	/* A piece of a big table: its key range after the condition. */
	{
		split_t sp;
		split_by_key(&sp, "id", 0, 90, 3);
		buf_reset(&out);
		crdb_rows_query(&out, "public.t", "id", "x > 1", &sp, 1, &a);
		ck_assert_str_eq(out.data, "SELECT id FROM public.t AS OF SYSTEM TIME '2016-10-03 12:45:00.000000+00:00' "
		                           "WHERE (x > 1) AND id >= 30 AND id < 60 ORDER BY PRIMARY KEY public.t");
		buf_reset(&out);
		crdb_copy_query(&out, "public.t", "id", NULL, &sp, 2);
		ck_assert_str_eq(out.data,
		                 "COPY (SELECT id FROM public.t WHERE id >= 60 ORDER BY PRIMARY KEY public.t) TO STDOUT");
		split_free(&sp);
		buf_reset(&out);
		crdb_key_range_query(&out, "public.t", "\"Id\"");
		ck_assert_str_eq(out.data, "SELECT min(\"Id\"), max(\"Id\") FROM public.t");
	}
	buf_reset(&out);
	crdb_sequence_query(&out, "public.desc_customer_list", &a);
	ck_assert_str_eq(out.data, "SELECT last_value FROM public.desc_customer_list AS OF SYSTEM TIME "
	                           "'2016-10-03 12:45:00.000000+00:00'");
	buf_reset(&out);
	crdb_sequence_query(&out, "public.desc_customer_list", NULL);
	ck_assert_str_eq(out.data, "SELECT last_value FROM public.desc_customer_list");
	buf_free(&out);
}
END_TEST

static int64_t increment_of(const char *create)
{
	int64_t inc = 99;

	ck_assert_msg(crdb_sequence_increment(create, &inc), "refused [%s]", create);
	return inc;
}

START_TEST(test_sequence_increment)
{
	int64_t inc;

	/* show-create.md */
	ck_assert(increment_of("CREATE SEQUENCE public.desc_customer_list MINVALUE -9223372036854775808 "
	                       "MAXVALUE -1 INCREMENT -2 START -1") == -2);
	/* SHOW CREATE ALL TABLES of a table with a serial column. */
	ck_assert(increment_of("CREATE SEQUENCE public.invite_id_seq AS INT8 MINVALUE 1 MAXVALUE "
	                       "9223372036854775807 INCREMENT 1 START 1") == 1);
	ck_assert(increment_of("CREATE SEQUENCE public.s MINVALUE 1 MAXVALUE 100 START 1") == 1);
	ck_assert(increment_of("CREATE SEQUENCE public.s INCREMENT BY 5 START 10") == 5);
	ck_assert(increment_of("CREATE SEQUENCE public.increment MINVALUE 1 MAXVALUE 9 INCREMENT 3 "
	                       "START 1") == 3);
	ck_assert(increment_of("CREATE SEQUENCE \"increment\".\"INCREMENT 7\" INCREMENT +4 START 1") == 4);
	ck_assert(increment_of("CREATE SEQUENCE IF NOT EXISTS public.s INCREMENT -9223372036854775808") ==
	          INT64_MIN);
	ck_assert(!crdb_sequence_increment("CREATE SEQUENCE public.s INCREMENT 0", &inc));
	ck_assert(!crdb_sequence_increment("CREATE SEQUENCE public.s INCREMENT x", &inc));
	ck_assert(!crdb_sequence_increment("CREATE SEQUENCE public.s INCREMENT 1.5", &inc));
	ck_assert(!crdb_sequence_increment("CREATE SEQUENCE public.s INCREMENT 9223372036854775808", &inc));
	ck_assert(!crdb_sequence_increment("SELECT 1", &inc));
}
END_TEST

static void expect_setval(const char *seq, const char *last, int64_t inc, const char *want)
{
	buf_t out;

	buf_init(&out);
	ck_assert(crdb_setval_sql(&out, seq, last, inc, INT64_MIN, INT64_MAX));
	ck_assert_str_eq(out.data, want);
	buf_free(&out);
}

START_TEST(test_setval)
{
	buf_t out;
	int64_t lo, hi;

	expect_setval("public.desc_customer_list", "-1", -2,
	              "SELECT setval('public.desc_customer_list', -3, false);\n");
	/* Never used: last_value reads START - INCREMENT, below MINVALUE. */
	expect_setval("public.invite_id_seq", "0", 1, "SELECT setval('public.invite_id_seq', 1, false);\n");
	expect_setval("public.\"My Seq\"", "41", 1, "SELECT setval('public.\"My Seq\"', 42, false);\n");
	expect_setval("public.\"it's\"", "7", 10, "SELECT setval('public.\"it''s\"', 17, false);\n");
	expect_setval("public.s", "9223372036854775807", 1,
	              "SELECT setval('public.s', 9223372036854775807, true);\n");
	expect_setval("public.s", "-9223372036854775808", -1,
	              "SELECT setval('public.s', -9223372036854775808, true);\n");
	/* At MAXVALUE (MINVALUE going down): used up, as on the source; the
	 * next value would be refused by setval. */
	buf_init(&out);
	crdb_sequence_bounds("CREATE SEQUENCE public.s MINVALUE 1 MAXVALUE 10 INCREMENT 1 START 1", &lo, &hi);
	ck_assert(lo == 1 && hi == 10);
	ck_assert(crdb_setval_sql(&out, "public.s", "10", 1, lo, hi));
	ck_assert(crdb_setval_sql(&out, "public.s", "9", 1, lo, hi));
	ck_assert(crdb_setval_sql(&out, "public.s", "0", 1, lo, hi));
	ck_assert_str_eq(out.data, "SELECT setval('public.s', 10, true);\n"
	                           "SELECT setval('public.s', 10, false);\n"
	                           "SELECT setval('public.s', 1, false);\n");
	buf_reset(&out);
	crdb_sequence_bounds("CREATE SEQUENCE public.d MINVALUE -5 MAXVALUE -1 INCREMENT -2 START -1", &lo,
	                     &hi);
	ck_assert(lo == -5 && hi == -1);
	ck_assert(crdb_setval_sql(&out, "public.d", "-5", -2, lo, hi));
	ck_assert(crdb_setval_sql(&out, "public.d", "-4", -2, lo, hi));
	ck_assert_str_eq(out.data, "SELECT setval('public.d', -5, true);\n"
	                           "SELECT setval('public.d', -4, true);\n");
	buf_reset(&out);
	crdb_sequence_bounds("CREATE SEQUENCE public.n", &lo, &hi);
	ck_assert(lo == INT64_MIN && hi == INT64_MAX);
	buf_reset(&out);
	/* An identity column's sequence, by the column. */
	crdb_identity_setval_expr(&out, "public.\"My T\"", "it's");
	ck_assert_str_eq(out.data, "pg_get_serial_sequence('public.\"My T\"', 'it''s')");
	buf_reset(&out);
	ck_assert(crdb_setval_expr_sql(&out, "pg_get_serial_sequence('public.t', 'id')", "4", 1, 1, 10));
	ck_assert(crdb_setval_expr_sql(&out, "pg_get_serial_sequence('public.t', 'id')", "10", 1, 1, 10));
	ck_assert_str_eq(out.data, "SELECT setval(pg_get_serial_sequence('public.t', 'id'), 5, false);\n"
	                           "SELECT setval(pg_get_serial_sequence('public.t', 'id'), 10, true);\n");
	buf_reset(&out);
	ck_assert(!crdb_setval_sql(&out, "public.s", "abc", 1, INT64_MIN, INT64_MAX));
	ck_assert(!crdb_setval_sql(&out, "public.s", "", 1, INT64_MIN, INT64_MAX));
	ck_assert(!crdb_setval_sql(&out, "public.s", "1.5", 1, INT64_MIN, INT64_MAX));
	ck_assert_uint_eq(out.len, 0);
	buf_free(&out);
}
END_TEST

/* ---- Version ------------------------------------------------------------- */

static void expect_version(const char *text, int major, int minor, int patch, bool pre, int num)
{
	crdb_version_t v;

	ck_assert_msg(crdb_parse_version(text, &v), "refused [%s]", text);
	ck_assert_int_eq(v.major, major);
	ck_assert_int_eq(v.minor, minor);
	ck_assert_int_eq(v.patch, patch);
	ck_assert_int_eq(v.prerelease, pre);
	ck_assert_int_eq(crdb_version_num(&v), num);
}

START_TEST(test_version)
{
	crdb_version_t v;

	expect_version("CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27 01:53:43, "
	               "go1.19.10)",
	               23, 1, 11, false, 230111);
	/* cockroach-demo.md's banner. */
	expect_version("CockroachDB CCL v23.1.2 (x86_64-apple-darwin19, built 2023/05/25 16:10:39, "
	               "go1.19.4)",
	               23, 1, 2, false, 230102);
	expect_version("CockroachDB OSS v21.1.0 (x86_64-unknown-linux-gnu, built 2021/05/17 13:49:40, "
	               "go1.15.11)",
	               21, 1, 0, false, 210100);
	expect_version("CockroachDB CCL v24.1.0-alpha.5-dev-d45a65e08d45383aade2bcffdcdbe72a0cc279b1 "
	               "(aarch64-apple-darwin21.2)",
	               24, 1, 0, true, 240100);
	expect_version("v22.2.19", 22, 2, 19, false, 220219);
	expect_version("CockroachDB CCL v23.1", 23, 1, 0, false, 230100);
	ck_assert(!crdb_parse_version("PostgreSQL 16.4 on x86_64-pc-linux-musl, compiled by gcc", &v));
	ck_assert(!crdb_parse_version("", &v));
	ck_assert(!crdb_parse_version("CockroachDB CCL", &v));
	ck_assert(!crdb_parse_version("CockroachDB CCL v23", &v));
	ck_assert(!crdb_parse_version("CockroachDB CCL v23.x", &v));
	ck_assert(!crdb_parse_version("CockroachDB CCL v23.1.11x", &v));
	ck_assert_int_eq(v.major, 0);
}
END_TEST

START_TEST(test_copy_to_support)
{
	ck_assert(!crdb_supports_copy_to(210100));
	ck_assert(!crdb_supports_copy_to(220219));
	ck_assert(crdb_supports_copy_to(230100));
	ck_assert(crdb_supports_copy_to(230111));
	ck_assert(crdb_supports_copy_to(240100));
}
END_TEST

/* Triggers arrived in v24.3, crdb_internal.create_trigger_statements in
 * v25.3: in between, a schema dump cannot carry them. */
START_TEST(test_triggers_unreadable)
{
	/* Before v24.3 there are no triggers to lose. */
	ck_assert(!crdb_triggers_unreadable(230204, false));
	ck_assert(!crdb_triggers_unreadable(240299, false));
	/* v24.3 to v25.2: triggers, and no table. */
	ck_assert(crdb_triggers_unreadable(240300, false));
	ck_assert(crdb_triggers_unreadable(250100, false));
	ck_assert(crdb_triggers_unreadable(250205, false));
	/* The table is found by name, whatever the version says. */
	ck_assert(!crdb_triggers_unreadable(250100, true));
	ck_assert(!crdb_triggers_unreadable(250300, true));
	ck_assert(!crdb_triggers_unreadable(260100, true));
	/* A later server without the table (renamed, or hidden) loses them too. */
	ck_assert(crdb_triggers_unreadable(260100, false));
	/* An unreadable version may have triggers. */
	ck_assert(crdb_triggers_unreadable(0, false));
	ck_assert(!crdb_triggers_unreadable(0, true));
}
END_TEST

START_TEST(test_version_text)
{
	buf_t b;

	buf_init(&b);
	crdb_version_text(&b, 250100);
	ck_assert_str_eq(b.data, "v25.1.0");
	buf_reset(&b);
	crdb_version_text(&b, 230111);
	ck_assert_str_eq(b.data, "v23.1.11");
	buf_reset(&b);
	crdb_version_text(&b, 0);
	ck_assert_str_eq(b.data, "version unknown");
	buf_free(&b);
}
END_TEST

/* ---- CREATE TABLE: foreign keys ------------------------------------------ */

/* drop-table.md: SHOW CREATE TABLE vehicles, with the key to users inline. */
static const char vehicles[] =
    "CREATE TABLE public.vehicles (\n"
    "\tid UUID NOT NULL,\n"
    "\tcity VARCHAR NOT NULL,\n"
    "\ttype VARCHAR NULL,\n"
    "\towner_id UUID NULL,\n"
    "\tcreation_time TIMESTAMP NULL,\n"
    "\tstatus VARCHAR NULL,\n"
    "\tcurrent_location VARCHAR NULL,\n"
    "\text JSONB NULL,\n"
    "\tCONSTRAINT vehicles_pkey PRIMARY KEY (city ASC, id ASC),\n"
    "\tCONSTRAINT fk_city_ref_users FOREIGN KEY (city, owner_id) REFERENCES public.users(city, id),\n"
    "\tINDEX vehicles_auto_index_fk_city_ref_users (city ASC, owner_id ASC),\n"
    "\tFAMILY \"primary\" (id, city, type, owner_id, creation_time, status, current_location, ext)\n"
    ")";

/* The same page, once the key is gone. */
static const char vehicles_nofks[] =
    "CREATE TABLE public.vehicles (\n"
    "\tid UUID NOT NULL,\n"
    "\tcity VARCHAR NOT NULL,\n"
    "\ttype VARCHAR NULL,\n"
    "\towner_id UUID NULL,\n"
    "\tcreation_time TIMESTAMP NULL,\n"
    "\tstatus VARCHAR NULL,\n"
    "\tcurrent_location VARCHAR NULL,\n"
    "\text JSONB NULL,\n"
    "\tCONSTRAINT vehicles_pkey PRIMARY KEY (city ASC, id ASC),\n"
    "\tINDEX vehicles_auto_index_fk_city_ref_users (city ASC, owner_id ASC),\n"
    "\tFAMILY \"primary\" (id, city, type, owner_id, creation_time, status, current_location, ext)\n"
    ")";

static void expect_split(const char *create, const char *nofks, const char *const *alters,
                         const char *const *validates)
{
	crdb_fk_split_t s;
	buf_t err;
	size_t n;

	buf_init(&err);
	ck_assert_msg(crdb_split_foreign_keys(create, &s, &err), "%s", err.data);
	ck_assert_msg(strcmp(s.create_nofks, nofks) == 0, "got\n%s\nwant\n%s", s.create_nofks, nofks);
	for (n = 0; alters[n]; n++) {
		ck_assert_uint_lt(n, s.nalters);
		ck_assert_str_eq(s.alters[n], alters[n]);
	}
	ck_assert_uint_eq(s.nalters, n);
	for (n = 0; validates[n]; n++) {
		ck_assert_uint_lt(n, s.nvalidates);
		ck_assert_str_eq(s.validates[n], validates[n]);
	}
	ck_assert_uint_eq(s.nvalidates, n);
	crdb_fk_split_free(&s);
	ck_assert_ptr_null(s.create_nofks);
	buf_free(&err);
}

START_TEST(test_split_doc_vehicles)
{
	/* Exactly the lines SHOW CREATE ALL TABLES prints for this key
	 * (show-create.md). */
	const char *alters[] = {"ALTER TABLE public.vehicles ADD CONSTRAINT fk_city_ref_users FOREIGN KEY "
	                        "(city, owner_id) REFERENCES public.users(city, id)",
	                        NULL};
	const char *validates[] = {"ALTER TABLE public.vehicles VALIDATE CONSTRAINT fk_city_ref_users", NULL};

	expect_split(vehicles, vehicles_nofks, alters, validates);
}
END_TEST

START_TEST(test_split_doc_indent_as_rendered)
{
	/* The docs' tables show four spaces; the split keeps whatever it gets. */
	const char *create = "CREATE TABLE public.vehicles (\n"
	                     "    id UUID NOT NULL,\n"
	                     "    city VARCHAR NOT NULL,\n"
	                     "    owner_id UUID NULL,\n"
	                     "    CONSTRAINT vehicles_pkey PRIMARY KEY (city ASC, id ASC),\n"
	                     "    CONSTRAINT fk_city_ref_users FOREIGN KEY (city, owner_id) REFERENCES "
	                     "public.users(city, id),\n"
	                     "    INDEX vehicles_auto_index_fk_city_ref_users (city ASC, owner_id ASC)\n"
	                     ")";
	const char *nofks = "CREATE TABLE public.vehicles (\n"
	                    "    id UUID NOT NULL,\n"
	                    "    city VARCHAR NOT NULL,\n"
	                    "    owner_id UUID NULL,\n"
	                    "    CONSTRAINT vehicles_pkey PRIMARY KEY (city ASC, id ASC),\n"
	                    "    INDEX vehicles_auto_index_fk_city_ref_users (city ASC, owner_id ASC)\n"
	                    ")";
	const char *alters[] = {"ALTER TABLE public.vehicles ADD CONSTRAINT fk_city_ref_users FOREIGN KEY "
	                        "(city, owner_id) REFERENCES public.users(city, id)",
	                        NULL};
	const char *validates[] = {"ALTER TABLE public.vehicles VALIDATE CONSTRAINT fk_city_ref_users", NULL};

	expect_split(create, nofks, alters, validates);
}
END_TEST

START_TEST(test_split_two_keys_and_a_check)
{
	/* movr's rides as SHOW CREATE TABLE prints it. */
	const char *create =
	    "CREATE TABLE public.rides (\n"
	    "\tid UUID NOT NULL,\n"
	    "\tcity VARCHAR NOT NULL,\n"
	    "\tvehicle_city VARCHAR NULL,\n"
	    "\trider_id UUID NULL,\n"
	    "\tvehicle_id UUID NULL,\n"
	    "\trevenue DECIMAL(10,2) NULL,\n"
	    "\tCONSTRAINT rides_pkey PRIMARY KEY (city ASC, id ASC),\n"
	    "\tCONSTRAINT rides_city_rider_id_fkey FOREIGN KEY (city, rider_id) REFERENCES "
	    "public.users(city, id),\n"
	    "\tCONSTRAINT rides_vehicle_city_vehicle_id_fkey FOREIGN KEY (vehicle_city, vehicle_id) "
	    "REFERENCES public.vehicles(city, id),\n"
	    "\tINDEX rides_auto_index_fk_city_ref_users (city ASC, rider_id ASC),\n"
	    "\tCONSTRAINT check_vehicle_city_city CHECK (vehicle_city = city)\n"
	    ")";
	const char *nofks = "CREATE TABLE public.rides (\n"
	                    "\tid UUID NOT NULL,\n"
	                    "\tcity VARCHAR NOT NULL,\n"
	                    "\tvehicle_city VARCHAR NULL,\n"
	                    "\trider_id UUID NULL,\n"
	                    "\tvehicle_id UUID NULL,\n"
	                    "\trevenue DECIMAL(10,2) NULL,\n"
	                    "\tCONSTRAINT rides_pkey PRIMARY KEY (city ASC, id ASC),\n"
	                    "\tINDEX rides_auto_index_fk_city_ref_users (city ASC, rider_id ASC),\n"
	                    "\tCONSTRAINT check_vehicle_city_city CHECK (vehicle_city = city)\n"
	                    ")";
	const char *alters[] = {
	    "ALTER TABLE public.rides ADD CONSTRAINT rides_city_rider_id_fkey FOREIGN KEY (city, "
	    "rider_id) REFERENCES public.users(city, id)",
	    "ALTER TABLE public.rides ADD CONSTRAINT rides_vehicle_city_vehicle_id_fkey FOREIGN KEY "
	    "(vehicle_city, vehicle_id) REFERENCES public.vehicles(city, id)",
	    NULL};
	const char *validates[] = {
	    "ALTER TABLE public.rides VALIDATE CONSTRAINT rides_city_rider_id_fkey",
	    "ALTER TABLE public.rides VALIDATE CONSTRAINT rides_vehicle_city_vehicle_id_fkey", NULL};

	expect_split(create, nofks, alters, validates);
}
END_TEST

START_TEST(test_split_without_keys_is_unchanged)
{
	/* show-create.md: drivers, and the commented users table with its
	 * LOCALITY clause and COMMENT ON statement after the body. */
	const char *drivers = "CREATE TABLE public.drivers (\n"
	                      "\tid UUID NOT NULL,\n"
	                      "\tcity STRING NOT NULL,\n"
	                      "\tname STRING NULL,\n"
	                      "\tdl STRING NULL,\n"
	                      "\taddress STRING NULL,\n"
	                      "\tCONSTRAINT \"primary\" PRIMARY KEY (city ASC, id ASC),\n"
	                      "\tUNIQUE INDEX drivers_dl_key (dl ASC)\n"
	                      ")";
	const char *users =
	    "CREATE TABLE public.users (\n"
	    "\tid UUID NOT NULL,\n"
	    "\tcity VARCHAR NOT NULL,\n"
	    "\tname VARCHAR NULL,\n"
	    "\taddress VARCHAR NULL,\n"
	    "\tcredit_card VARCHAR NULL,\n"
	    "\tcrdb_region public.crdb_internal_region NOT VISIBLE NOT NULL DEFAULT "
	    "default_to_database_primary_region(gateway_region())::public.crdb_internal_region,\n"
	    "\tCONSTRAINT users_pkey PRIMARY KEY (city ASC, id ASC)\n"
	    ") LOCALITY REGIONAL BY ROW;\n"
	    "COMMENT ON TABLE public.users IS 'This table contains information about users.'";
	const char *none[] = {NULL};

	expect_split(drivers, drivers, none, none);
	expect_split(users, users, none, none);
}
END_TEST

START_TEST(test_split_keeps_the_tail_and_last_key)
{
	const char *create =
	    "CREATE TABLE news.articles (\n"
	    "\tid STRING NOT NULL,\n"
	    "\tarticle STRING NOT NULL,\n"
	    "\trowid INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"
	    "\tCONSTRAINT \"primary\" PRIMARY KEY (rowid ASC),\n"
	    "\tCONSTRAINT articles_fk FOREIGN KEY (id) REFERENCES news.titles(id) ON DELETE CASCADE "
	    "ON UPDATE RESTRICT\n"
	    ") LOCALITY REGIONAL BY TABLE IN PRIMARY REGION;\n"
	    "COMMENT ON TABLE news.articles IS 'a, (b)'";
	const char *nofks = "CREATE TABLE news.articles (\n"
	                    "\tid STRING NOT NULL,\n"
	                    "\tarticle STRING NOT NULL,\n"
	                    "\trowid INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"
	                    "\tCONSTRAINT \"primary\" PRIMARY KEY (rowid ASC)\n"
	                    ") LOCALITY REGIONAL BY TABLE IN PRIMARY REGION;\n"
	                    "COMMENT ON TABLE news.articles IS 'a, (b)'";
	const char *alters[] = {"ALTER TABLE news.articles ADD CONSTRAINT articles_fk FOREIGN KEY (id) "
	                        "REFERENCES news.titles(id) ON DELETE CASCADE ON UPDATE RESTRICT",
	                        NULL};
	const char *validates[] = {"ALTER TABLE news.articles VALIDATE CONSTRAINT articles_fk", NULL};

	expect_split(create, nofks, alters, validates);
}
END_TEST

START_TEST(test_split_not_valid_key_is_not_validated)
{
	/* A key added NOT VALID, as cockroach's pgdump import tests show it. */
	const char *create = "CREATE TABLE public.weather (\n"
	                     "\tcity VARCHAR(80) NULL,\n"
	                     "\ttemp_lo INT8 NULL,\n"
	                     "\trowid INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"
	                     "\tCONSTRAINT weather_pkey PRIMARY KEY (rowid ASC),\n"
	                     "\tCONSTRAINT weather_city_fkey FOREIGN KEY (city) REFERENCES "
	                     "public.cities(city) NOT VALID\n"
	                     ")";
	const char *nofks = "CREATE TABLE public.weather (\n"
	                    "\tcity VARCHAR(80) NULL,\n"
	                    "\ttemp_lo INT8 NULL,\n"
	                    "\trowid INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"
	                    "\tCONSTRAINT weather_pkey PRIMARY KEY (rowid ASC)\n"
	                    ")";
	const char *alters[] = {"ALTER TABLE public.weather ADD CONSTRAINT weather_city_fkey FOREIGN KEY "
	                        "(city) REFERENCES public.cities(city) NOT VALID",
	                        NULL};
	const char *none[] = {NULL};

	expect_split(create, nofks, alters, none);
}
END_TEST

START_TEST(test_split_quoted_names_with_commas_and_parens)
{
	const char *create =
	    "CREATE TABLE public.\"order, (items)\" (\n"
	    "\t\"a,b\" STRING NULL DEFAULT 'x,(y':::STRING,\n"
	    "\t\"c)\" STRING NULL DEFAULT e'it\\'s, )':::STRING,\n"
	    "\ttags STRING[] NULL DEFAULT ARRAY['p,q':::STRING, 'r':::STRING],\n"
	    "\tCONSTRAINT \"order, (items)_pkey\" PRIMARY KEY (\"a,b\" ASC),\n"
	    "\tCONSTRAINT \"fk, (1)\" FOREIGN KEY (\"a,b\") REFERENCES public.\"other)\"(\"c,d\"),\n"
	    "\tFOREIGN KEY (\"c)\") REFERENCES public.t2(x)\n"
	    ")";
	const char *nofks = "CREATE TABLE public.\"order, (items)\" (\n"
	                    "\t\"a,b\" STRING NULL DEFAULT 'x,(y':::STRING,\n"
	                    "\t\"c)\" STRING NULL DEFAULT e'it\\'s, )':::STRING,\n"
	                    "\ttags STRING[] NULL DEFAULT ARRAY['p,q':::STRING, 'r':::STRING],\n"
	                    "\tCONSTRAINT \"order, (items)_pkey\" PRIMARY KEY (\"a,b\" ASC)\n"
	                    ")";
	const char *alters[] = {"ALTER TABLE public.\"order, (items)\" ADD CONSTRAINT \"fk, (1)\" FOREIGN "
	                        "KEY (\"a,b\") REFERENCES public.\"other)\"(\"c,d\")",
	                        "ALTER TABLE public.\"order, (items)\" ADD FOREIGN KEY (\"c)\") REFERENCES "
	                        "public.t2(x)",
	                        NULL};
	const char *validates[] = {"ALTER TABLE public.\"order, (items)\" VALIDATE CONSTRAINT \"fk, (1)\"",
	                           NULL};

	expect_split(create, nofks, alters, validates);
}
END_TEST

START_TEST(test_split_refusals)
{
	crdb_fk_split_t s;
	buf_t err;

	buf_init(&err);
	ck_assert(!crdb_split_foreign_keys("CREATE VIEW public.user_view (city, name) AS SELECT city, "
	                                   "name FROM movr.public.users",
	                                   &s, &err));
	ck_assert_str_eq(err.data, "expected a CREATE TABLE statement");
	ck_assert_ptr_null(s.create_nofks);
	buf_reset(&err);
	ck_assert(!crdb_split_foreign_keys("CREATE TABLE t (a STRING DEFAULT 'x)", &s, &err));
	ck_assert_str_eq(err.data, "unterminated quote or bracket in a CREATE TABLE statement");
	buf_reset(&err);
	ck_assert(!crdb_split_foreign_keys("CREATE TABLE \"t (a INT8)", &s, &err));
	ck_assert_str_eq(err.data, "unterminated quote or bracket in a CREATE TABLE statement");
	buf_reset(&err);
	ck_assert(!crdb_split_foreign_keys("CREATE TABLE t ()", &s, &err));
	ck_assert_str_eq(err.data, "could not read the columns of a CREATE TABLE statement");
	buf_reset(&err);
	ck_assert(!crdb_split_foreign_keys("", &s, &err));
	ck_assert_str_eq(err.data, "expected a CREATE TABLE statement");
	buf_free(&err);
}
END_TEST

/* ---- CREATE TABLE: columns ----------------------------------------------- */

typedef struct want_col {
	const char *name, *type;
	bool hidden, computed, rowid;
	char identity;
	bool dumped;
} want_col_t;

static void expect_columns(const char *create, const want_col_t *want, size_t nwant)
{
	crdb_column_t *cols;
	size_t n;
	buf_t err;

	buf_init(&err);
	ck_assert_msg(crdb_table_columns(create, &cols, &n, &err), "%s", err.data);
	ck_assert_uint_eq(n, nwant);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(cols[i].name, want[i].name);
		ck_assert_str_eq(cols[i].type, want[i].type);
		ck_assert_msg(cols[i].hidden == want[i].hidden, "%s hidden", want[i].name);
		ck_assert_msg(cols[i].computed == want[i].computed, "%s computed", want[i].name);
		ck_assert_msg(cols[i].rowid == want[i].rowid, "%s rowid", want[i].name);
		ck_assert_msg(cols[i].identity == want[i].identity, "%s identity", want[i].name);
		ck_assert_msg(cols[i].dumped == want[i].dumped, "%s dumped", want[i].name);
	}
	crdb_columns_free(cols, n);
	buf_free(&err);
}

START_TEST(test_columns_hidden_doc)
{
	/* show-create.md: credit_card set NOT VISIBLE is still data. */
	const want_col_t want[] = {
	    {"id", "UUID", false, false, false, 0, true},
	    {"city", "VARCHAR", false, false, false, 0, true},
	    {"name", "VARCHAR", false, false, false, 0, true},
	    {"address", "VARCHAR", false, false, false, 0, true},
	    {"credit_card", "VARCHAR", true, false, false, 0, true},
	};

	expect_columns("CREATE TABLE public.users (\n"
	               "\tid UUID NOT NULL,\n"
	               "\tcity VARCHAR NOT NULL,\n"
	               "\tname VARCHAR NULL,\n"
	               "\taddress VARCHAR NULL,\n"
	               "\tcredit_card VARCHAR NOT VISIBLE NULL,\n"
	               "\tCONSTRAINT users_pkey PRIMARY KEY (city ASC, id ASC)\n"
	               ")",
	               want, 5);
}
END_TEST

START_TEST(test_columns_rowid_and_region)
{
	/* The implicit rowid is generated again on restore; crdb_region of a
	 * REGIONAL BY ROW table (show-create.md) says where a row lives. */
	const want_col_t want[] = {
	    {"city", "VARCHAR(80)", false, false, false, 0, true},
	    {"temp_lo", "INT8", false, false, false, 0, true},
	    {"prcp", "FLOAT4", false, false, false, 0, true},
	    {"crdb_region", "public.crdb_internal_region", true, false, false, 0, true},
	    {"rowid", "INT8", true, false, true, 0, false},
	    {"seq", "INT8", false, false, false, 0, true},
	};

	expect_columns(
	    "CREATE TABLE public.weather (\n"
	    "\tcity VARCHAR(80) NULL,\n"
	    "\ttemp_lo INT8 NULL,\n"
	    "\tprcp FLOAT4 NULL,\n"
	    "\tcrdb_region public.crdb_internal_region NOT VISIBLE NOT NULL DEFAULT "
	    "default_to_database_primary_region(gateway_region())::public.crdb_internal_region,\n"
	    "\trowid INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"
	    "\tseq INT8 NOT NULL DEFAULT unique_rowid(),\n"
	    "\tCONSTRAINT weather_pkey PRIMARY KEY (rowid ASC),\n"
	    "\tCONSTRAINT weather_city_fkey FOREIGN KEY (city) REFERENCES public.cities(city) NOT VALID\n"
	    ") LOCALITY REGIONAL BY ROW",
	    want, 6);
}
END_TEST

START_TEST(test_columns_users_hidden_rowid_default)
{
	/* A hidden column of the user's with DEFAULT unique_rowid() is data
	 * when it is not the whole primary key, or not called rowid: its values
	 * would be generated anew on restore. With a column of the user's called
	 * rowid, CockroachDB calls its own key rowid_1. */
	const want_col_t keyed[] = {
	    {"id", "INT8", false, false, false, 0, true},
	    {"rowid", "INT8", true, false, false, 0, true},
	    {"h", "INT8", true, false, false, 0, true},
	};
	const want_col_t implicit[] = {
	    {"rowid", "INT8", true, false, false, 0, true},
	    {"rowid_1", "INT8", true, false, true, 0, false},
	};

	expect_columns("CREATE TABLE public.t (\n"
	               "\tid INT8 NOT NULL,\n"
	               "\trowid INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"
	               "\th INT8 NOT VISIBLE NULL DEFAULT unique_rowid(),\n"
	               "\tCONSTRAINT t_pkey PRIMARY KEY (id ASC)\n"
	               ")",
	               keyed, 3);
	expect_columns("CREATE TABLE public.t (\n"
	               "\trowid INT8 NOT VISIBLE NULL DEFAULT unique_rowid(),\n"
	               "\trowid_1 INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"
	               "\tCONSTRAINT t_pkey PRIMARY KEY (rowid_1 ASC)\n"
	               ")",
	               implicit, 2);
}
END_TEST

/* ---- Views ---------------------------------------------------------------- */

static void expect_relative(const char *create, const char *db, const char *want)
{
	char *got = crdb_view_relative(create, db);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_view_relative)
{
	/* views.md: "SELECT ... FROM movr.public.users" as stored. */
	expect_relative("CREATE VIEW public.v (id, city) AS SELECT id, city FROM movr.public.users", "movr",
	                "CREATE VIEW public.v (id, city) AS SELECT id, city FROM public.users");
	/* Inside subqueries and joins; another database's names stay; a column
	 * or alias that happens to have the name is not a database. */
	expect_relative("CREATE VIEW s.v AS SELECT u.movr FROM movr.public.users AS u JOIN (SELECT * FROM "
	                "movr.s.\"Rides\") AS r ON true JOIN other.public.x ON movr.id = 1",
	                "movr",
	                "CREATE VIEW s.v AS SELECT u.movr FROM public.users AS u JOIN (SELECT * FROM "
	                "s.\"Rides\") AS r ON true JOIN other.public.x ON movr.id = 1");
	/* A quoted database name, and one only the quoted form matches. */
	expect_relative("CREATE VIEW public.v AS SELECT 'movr.public.users' FROM \"my db\".public.t", "my db",
	                "CREATE VIEW public.v AS SELECT 'movr.public.users' FROM public.t");
	expect_relative("CREATE VIEW public.v AS SELECT a FROM \"Movr\".public.t", "movr",
	                "CREATE VIEW public.v AS SELECT a FROM \"Movr\".public.t");
}
END_TEST

START_TEST(test_columns_computed)
{
	/* hash-sharded-indexes.md's events table, and stored computed columns
	 * as cockroach's show_create tests print them. */
	const want_col_t events[] = {
	    {"product_id", "INT8", false, false, false, 0, true},
	    {"owner", "UUID", false, false, false, 0, true},
	    {"serial_number", "VARCHAR", false, false, false, 0, true},
	    {"event_id", "UUID", false, false, false, 0, true},
	    {"ts", "TIMESTAMP", false, false, false, 0, true},
	    {"data", "JSONB", false, false, false, 0, true},
	    {"crdb_internal_ts_shard_16", "INT8", true, true, false, 0, false},
	};
	const want_col_t ds[] = {
	    {"it", "INTERVAL", false, false, false, 0, true},
	    {"s", "STRING", false, false, false, 0, true},
	    {"c", "STRING", false, true, false, 0, false},
	    {"c4", "INTERVAL", false, true, false, 0, false},
	    {"full_name", "STRING", false, true, false, 0, false},
	    {"rowid", "INT8", true, false, true, 0, false},
	};

	expect_columns("CREATE TABLE public.events (\n"
	               "\tproduct_id INT8 NOT NULL,\n"
	               "\towner UUID NOT NULL,\n"
	               "\tserial_number VARCHAR NOT NULL,\n"
	               "\tevent_id UUID NOT NULL,\n"
	               "\tts TIMESTAMP NOT NULL,\n"
	               "\tdata JSONB NULL,\n"
	               "\tcrdb_internal_ts_shard_16 INT8 NOT VISIBLE NOT NULL AS "
	               "(mod(fnv32(crdb_internal.datums_to_bytes(ts)), 16:::INT8)) VIRTUAL,\n"
	               "\tCONSTRAINT events_pkey PRIMARY KEY (product_id ASC, owner ASC, serial_number "
	               "ASC, ts ASC, event_id ASC),\n"
	               "\tINDEX events_ts_idx (ts ASC) USING HASH WITH (bucket_count=16)\n"
	               ")",
	               events, 7);
	expect_columns("CREATE TABLE public.ds (\n"
	               "\tit INTERVAL NULL,\n"
	               "\ts STRING NULL,\n"
	               "\tc STRING NULL AS (to_char(it + '00:02:00':::INTERVAL)) STORED,\n"
	               "\tc4 INTERVAL NULL AS (parse_interval(s)::INTERVAL(4)) STORED,\n"
	               "\tfull_name STRING NULL GENERATED ALWAYS AS (concat_ws(' ', s, s)) STORED,\n"
	               "\trowid INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"
	               "\tCONSTRAINT ds_pkey PRIMARY KEY (rowid ASC),\n"
	               "\tINDEX rw (to_char(it) ASC),\n"
	               "\tINDEX partial (it ASC) WHERE to_char(it) > 'abc':::STRING\n"
	               ")",
	               ds, 6);
}
END_TEST

START_TEST(test_columns_types_and_names)
{
	const want_col_t want[] = {
	    {"\"timestamp\"", "TIMESTAMP", false, false, false, 0, true},
	    {"revenue", "DECIMAL(10,2)", false, false, false, 0, true},
	    {"name", "STRING COLLATE en", false, false, false, 0, true},
	    {"greeting", "STRING COLLATE \"en-US-u-ks-level2\"", false, false, false, 0, true},
	    {"tags", "STRING[]", false, false, false, 0, true},
	    {"mood", "public.mood", false, false, false, 0, true},
	    {"\"a,b (c)\"", "STRING", false, false, false, 0, true},
	    {"note", "STRING", false, false, false, 0, true},
	    {"id", "INT8", false, false, false, 'a', true},
	    {"n", "INT8", false, false, false, 'd', true},
	    {"index", "STRING", false, false, false, 0, true},
	    {"family", "DECIMAL(5)", false, false, false, 0, true},
	    {"vector", "VECTOR(3)", false, false, false, 0, true},
	    {"inverted", "JSONB", false, false, false, 0, true},
	};

	expect_columns("CREATE TABLE public.t (\n"
	               "\t\"timestamp\" TIMESTAMP NOT NULL,\n"
	               "\trevenue DECIMAL(10,2) NULL,\n"
	               "\tname STRING COLLATE en NULL,\n"
	               "\tgreeting STRING COLLATE \"en-US-u-ks-level2\" NULL,\n"
	               "\ttags STRING[] NULL DEFAULT ARRAY['a,b':::STRING]:::STRING[],\n"
	               "\tmood public.mood NULL,\n"
	               "\t\"a,b (c)\" STRING NULL,\n"
	               "\tnote STRING NULL DEFAULT e'it\\'s, NOT VISIBLE AS (x) STORED':::STRING,\n"
	               "\tid INT8 NOT NULL GENERATED ALWAYS AS IDENTITY,\n"
	               "\tn INT8 NOT NULL GENERATED BY DEFAULT AS IDENTITY (START 1 INCREMENT 1),\n"
	               "\tindex STRING NULL,\n"
	               "\tfamily DECIMAL(5) NULL,\n"
	               "\tvector VECTOR(3) NULL,\n"
	               "\tinverted JSONB NULL,\n"
	               "\tCONSTRAINT t_pkey PRIMARY KEY (id ASC),\n"
	               "\tINDEX t_name_idx (name ASC),\n"
	               "\tUNIQUE INDEX t_note_key (note ASC),\n"
	               "\tINVERTED INDEX t_inverted_idx (inverted),\n"
	               "\tVECTOR INDEX t_vector_idx (vector vector_l2_ops),\n"
	               "\tFAMILY \"primary\" (\"timestamp\", revenue, name),\n"
	               "\tFAMILY fam_1 (note),\n"
	               "\tCHECK (revenue > 0:::DECIMAL),\n"
	               "\tCONSTRAINT check_n CHECK (n > 0:::INT8)\n"
	               ")",
	               want, 14);
}
END_TEST

START_TEST(test_columns_refusals)
{
	crdb_column_t *cols = (crdb_column_t *)1;
	size_t n = 7;
	buf_t err;

	buf_init(&err);
	ck_assert(!crdb_table_columns("CREATE SEQUENCE public.s", &cols, &n, &err));
	ck_assert_str_eq(err.data, "expected a CREATE TABLE statement");
	ck_assert_ptr_null(cols);
	ck_assert_uint_eq(n, 0);
	buf_free(&err);
}
END_TEST

/* ---- Text arrays --------------------------------------------------------- */

static void expect_array(const char *text, const char *const *want, size_t nwant)
{
	char **items;
	size_t n;

	ck_assert_msg(crdb_parse_text_array(text, &items, &n), "refused [%s]", text);
	ck_assert_uint_eq(n, nwant);
	for (size_t i = 0; i < n; i++) {
		if (want[i] == NULL)
			ck_assert_ptr_null(items[i]);
		else
			ck_assert_str_eq(items[i], want[i]);
	}
	crdb_strings_free(items, n);
}

START_TEST(test_text_arrays)
{
	const char *one[] = {"ALTER TABLE public.vehicles ADD CONSTRAINT fk_city_ref_users FOREIGN KEY "
	                     "(city, owner_id) REFERENCES public.users(city, id)"};
	const char *two[] = {"ALTER TABLE public.rides VALIDATE CONSTRAINT fk_city_ref_users",
	                     "ALTER TABLE public.rides VALIDATE CONSTRAINT fk_vehicle_city_ref_vehicles"};
	const char *mixed[] = {"a \"b\" c", "d\\e", "plain", NULL, "NULL", "", "x y"};
	const char *bad[] = {"", "{", "{a", "{\"a}", "{a}b", "{{a}}", "a", "{,}", "{a,}", "{a b\"}"};

	expect_array("{\"ALTER TABLE public.vehicles ADD CONSTRAINT fk_city_ref_users FOREIGN KEY "
	             "(city, owner_id) REFERENCES public.users(city, id)\"}",
	             one, 1);
	expect_array("{\"ALTER TABLE public.rides VALIDATE CONSTRAINT fk_city_ref_users\",\"ALTER TABLE "
	             "public.rides VALIDATE CONSTRAINT fk_vehicle_city_ref_vehicles\"}",
	             two, 2);
	expect_array("{\"a \\\"b\\\" c\",\"d\\\\e\",plain,NULL,\"NULL\",\"\", x y }", mixed, 7);
	expect_array("{}", NULL, 0);
	expect_array(" { } ", NULL, 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char **items = (char **)1;
		size_t n = 9;

		ck_assert_msg(!crdb_parse_text_array(bad[i], &items, &n), "accepted [%s]", bad[i]);
		ck_assert_ptr_null(items);
		ck_assert_uint_eq(n, 0);
	}
}
END_TEST

/* ---- Dependency order ---------------------------------------------------- */

static void expect_order(const crdb_object_t *objs, size_t n, const size_t *want, size_t cycles)
{
	size_t order[16];

	ck_assert_uint_eq(crdb_dependency_order(objs, n, order), cycles);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(order[i] == want[i], "position %zu: got %zu, want %zu", i, order[i], want[i]);
}

START_TEST(test_order_kinds_then_dependencies)
{
	const int64_t on_users[] = {53}, on_seq[] = {61}, on_type[] = {63}, on_view[] = {60, 55};
	const crdb_object_t objs[] = {
	    {65, CRDB_VIEW, on_view, 2},  /* 0: a view on a view and a table */
	    {53, CRDB_TABLE, NULL, 0},    /* 1: users */
	    {60, CRDB_VIEW, on_users, 1}, /* 2: user_view */
	    {62, CRDB_TABLE, on_seq, 1},  /* 3: a table whose default uses the sequence */
	    {55, CRDB_TABLE, NULL, 0},    /* 4: rides */
	    {63, CRDB_TYPE, NULL, 0},     /* 5: an enum */
	    {61, CRDB_SEQUENCE, NULL, 0}, /* 6 */
	    {64, CRDB_TABLE, on_type, 1}, /* 7: a table with an enum column */
	};
	const size_t want[] = {6, 5, 1, 3, 4, 7, 2, 0};

	expect_order(objs, 8, want, 0);
}
END_TEST

START_TEST(test_order_views_on_views)
{
	const int64_t on_b[] = {2}, on_c[] = {3}, on_a_and_t[] = {1, 10};
	const crdb_object_t objs[] = {
	    {1, CRDB_VIEW, on_b, 1},       /* a needs b */
	    {4, CRDB_VIEW, on_a_and_t, 2}, /* d needs a and t */
	    {2, CRDB_VIEW, on_c, 1},       /* b needs c */
	    {3, CRDB_VIEW, NULL, 0},       /* c */
	    {10, CRDB_TABLE, NULL, 0},     /* t */
	};
	const size_t want[] = {4, 3, 2, 0, 1};

	expect_order(objs, 5, want, 0);
}
END_TEST

START_TEST(test_order_ignores_unknown_self_and_repeated)
{
	const int64_t deps[] = {999, 7, 7, 8, 8};
	const int64_t self[] = {8};
	const crdb_object_t objs[] = {
	    {8, CRDB_TABLE, self, 1},
	    {9, CRDB_VIEW, deps, 5},
	    {7, CRDB_TABLE, NULL, 0},
	};
	const size_t want[] = {0, 2, 1};

	expect_order(objs, 3, want, 0);
	ck_assert_uint_eq(crdb_dependency_order(NULL, 0, NULL), 0);
}
END_TEST

START_TEST(test_order_breaks_cycles)
{
	const int64_t on_2[] = {2}, on_1[] = {1};
	const crdb_object_t objs[] = {
	    {5, CRDB_TABLE, NULL, 0},
	    {1, CRDB_VIEW, on_2, 1},
	    {2, CRDB_VIEW, on_1, 1},
	    {3, CRDB_VIEW, on_1, 1},
	};
	const size_t want[] = {0, 1, 2, 3};

	expect_order(objs, 4, want, 1);
}
END_TEST

START_TEST(test_order_large_chain)
{
	/* Each view needs the next one; the last comes first. */
	enum { N = 2000 };
	crdb_object_t *objs = calloc(N, sizeof *objs);
	int64_t *ids = calloc(N, sizeof *ids);
	size_t *order = calloc(N, sizeof *order);

	for (size_t i = 0; i < N; i++) {
		ids[i] = (int64_t)i + 1;
		objs[i] =
		    (crdb_object_t){(int64_t)i, CRDB_VIEW, i + 1 < N ? &ids[i] : NULL, i + 1 < N ? 1u : 0u};
	}
	ck_assert_uint_eq(crdb_dependency_order(objs, N, order), 0);
	for (size_t i = 0; i < N; i++)
		ck_assert_uint_eq(order[i], N - 1 - i);
	free(objs);
	free(ids);
	free(order);
}
END_TEST

/* ---- Connection flags ---------------------------------------------------- */

/* The stand-in environment: NAME=value strings. */
static const char *const *fake_env;

static char *fake_getenv(const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; fake_env && fake_env[i]; i++)
		if (strncmp(fake_env[i], name, len) == 0 && fake_env[i][len] == '=')
			return (char *)fake_env[i] + len + 1;
	return NULL;
}

/* want: "keyword=value" strings in order. */
static void expect_conninfo(const crdb_conn_flags_t *f, const char *const *env, const char *const *want,
                            bool expand)
{
	crdb_conninfo_t ci;
	buf_t err, got;
	size_t n;

	fake_env = env;
	buf_init(&err);
	buf_init(&got);
	ck_assert_msg(crdb_conninfo_build(f, fake_getenv, &ci, &err), "%s", err.data);
	for (size_t i = 0; i < ci.n; i++)
		buf_printf(&got, "%s%s=%s", i ? " " : "", ci.keywords[i], ci.values[i]);
	for (n = 0; want[n]; n++) {
		ck_assert_msg(n < ci.n, "missing %s in [%s]", want[n], got.data);
		ck_assert_msg(strncmp(want[n], ci.keywords[n], strlen(ci.keywords[n])) == 0 &&
		                  want[n][strlen(ci.keywords[n])] == '=' &&
		                  strcmp(want[n] + strlen(ci.keywords[n]) + 1, ci.values[n]) == 0,
		              "pair %zu: got [%s], want %s", n, got.data, want[n]);
	}
	ck_assert_msg(ci.n == n, "got [%s]", got.data);
	ck_assert_ptr_null(ci.keywords[ci.n]);
	ck_assert_ptr_null(ci.values[ci.n]);
	ck_assert_int_eq(ci.expand_dbname, expand);
	crdb_conninfo_free(&ci);
	ck_assert_uint_eq(ci.n, 0);
	buf_free(&err);
	buf_free(&got);
	fake_env = NULL;
}

START_TEST(test_conn_nothing_given)
{
	const crdb_conn_flags_t f = {0};
	const char *none[] = {NULL};
	const char *pg_only[] = {"PGHOST=db", "COCKROACH_HOST=", NULL};

	expect_conninfo(&f, none, none, false);
	/* libpq reads PG* itself; an empty COCKROACH_* variable is no value. */
	expect_conninfo(&f, pg_only, none, false);
	expect_conninfo(&f, NULL, none, false);
}
END_TEST

START_TEST(test_conn_insecure_flags)
{
	/* connection-parameters.md: --user=root --host=<servername> --insecure. */
	const crdb_conn_flags_t f = {.host = "servername", .user = "root", .insecure = true};
	const crdb_conn_flags_t g = {.host = "localhost:26257", .insecure = true};
	const char *want_f[] = {"host=servername", "user=root", "sslmode=disable", NULL};
	const char *want_g[] = {"host=localhost", "port=26257", "sslmode=disable", NULL};
	const char *none[] = {NULL};

	expect_conninfo(&f, none, want_f, false);
	expect_conninfo(&g, none, want_g, false);
}
END_TEST

START_TEST(test_conn_certs_dir)
{
	/* connection-parameters.md: --user=root --host=<servername>
	 * --certs-dir=path/to/certs gives path/to/certs/ca.crt and
	 * client.root.crt / client.root.key; its URL example for maxroach. */
	const crdb_conn_flags_t f = {.host = "servername", .user = "maxroach", .certs_dir = "path/to/certs"};
	const crdb_conn_flags_t root = {.host = "servername", .certs_dir = "certs/"};
	const char *want_f[] = {"host=servername",
	                        "user=maxroach",
	                        "sslmode=verify-full",
	                        "sslrootcert=path/to/certs/ca.crt",
	                        "sslcert=path/to/certs/client.maxroach.crt",
	                        "sslkey=path/to/certs/client.maxroach.key",
	                        NULL};
	const char *want_root[] = {"host=servername",
	                           "user=root",
	                           "sslmode=verify-full",
	                           "sslrootcert=certs/ca.crt",
	                           "sslcert=certs/client.root.crt",
	                           "sslkey=certs/client.root.key",
	                           NULL};
	const char *none[] = {NULL};

	expect_conninfo(&f, none, want_f, false);
	expect_conninfo(&root, none, want_root, false);
}
END_TEST

START_TEST(test_conn_cert_files_override)
{
	const crdb_conn_flags_t all = {.user = "bob",
	                               .certs_dir = "/certs",
	                               .ca_cert = "/etc/ca.pem",
	                               .cert = "/home/bob/bob.crt",
	                               .key = "/home/bob/bob.key"};
	const crdb_conn_flags_t ca_only = {.host = "db", .ca_cert = "/etc/ca.pem"};
	const crdb_conn_flags_t key_only = {.certs_dir = "/certs", .key = "/k"};
	const char *want_all[] = {"user=bob",
	                          "sslmode=verify-full",
	                          "sslrootcert=/etc/ca.pem",
	                          "sslcert=/home/bob/bob.crt",
	                          "sslkey=/home/bob/bob.key",
	                          NULL};
	const char *want_ca[] = {"host=db", "sslmode=verify-full", "sslrootcert=/etc/ca.pem", NULL};
	const char *want_key[] = {"user=root",
	                          "sslmode=verify-full",
	                          "sslrootcert=/certs/ca.crt",
	                          "sslcert=/certs/client.root.crt",
	                          "sslkey=/k",
	                          NULL};
	const crdb_conn_flags_t files_only = {.cert = "/c.crt", .key = "/c.key"};
	const char *want_files[] = {"sslmode=verify-full", "sslcert=/c.crt", "sslkey=/c.key", NULL};
	const char *none[] = {NULL};

	expect_conninfo(&files_only, none, want_files, false);
	expect_conninfo(&all, none, want_all, false);
	expect_conninfo(&ca_only, none, want_ca, false);
	expect_conninfo(&key_only, none, want_key, false);
}
END_TEST

START_TEST(test_conn_environment)
{
	const crdb_conn_flags_t f = {0};
	const char *env_insecure[] = {"COCKROACH_HOST=db1:26258", "COCKROACH_USER=bob",
	                              "COCKROACH_INSECURE=true", NULL};
	const char *want_insecure[] = {"host=db1", "port=26258", "user=bob", "sslmode=disable", NULL};
	const char *env_secure[] = {"COCKROACH_HOST=db1",       "COCKROACH_PORT=26259",
	                            "COCKROACH_USER=bob",       "COCKROACH_CERTS_DIR=/var/certs",
	                            "COCKROACH_INSECURE=false", NULL};
	const char *want_secure[] = {"host=db1",
	                             "port=26259",
	                             "user=bob",
	                             "sslmode=verify-full",
	                             "sslrootcert=/var/certs/ca.crt",
	                             "sslcert=/var/certs/client.bob.crt",
	                             "sslkey=/var/certs/client.bob.key",
	                             NULL};
	/* Insecure wins over a certificate directory from the same source. */
	const char *env_both[] = {"COCKROACH_CERTS_DIR=/var/certs", "COCKROACH_INSECURE=1", NULL};
	const char *want_both[] = {"sslmode=disable", NULL};

	expect_conninfo(&f, env_insecure, want_insecure, false);
	expect_conninfo(&f, env_secure, want_secure, false);
	expect_conninfo(&f, env_both, want_both, false);
}
END_TEST

START_TEST(test_conn_flags_win_over_environment)
{
	const char *env[] = {"COCKROACH_HOST=envhost:1111",   "COCKROACH_PORT=2222",
	                     "COCKROACH_USER=envuser",        "COCKROACH_INSECURE=true",
	                     "COCKROACH_CERTS_DIR=/envcerts", NULL};
	const crdb_conn_flags_t host = {.host = "flaghost"};
	const crdb_conn_flags_t port = {.host = "flaghost:3333", .port = "4444", .user = "flaguser"};
	const crdb_conn_flags_t certs = {.certs_dir = "/flagcerts"};
	const crdb_conn_flags_t insecure = {.insecure = true};
	const char *want_host[] = {"host=flaghost", "port=2222", "user=envuser", "sslmode=disable", NULL};
	const char *want_port[] = {"host=flaghost", "port=4444", "user=flaguser", "sslmode=disable", NULL};
	/* A certificate flag turns COCKROACH_INSECURE off. */
	const char *want_certs[] = {"host=envhost",
	                            "port=1111",
	                            "user=envuser",
	                            "sslmode=verify-full",
	                            "sslrootcert=/flagcerts/ca.crt",
	                            "sslcert=/flagcerts/client.envuser.crt",
	                            "sslkey=/flagcerts/client.envuser.key",
	                            NULL};
	const char *want_insecure[] = {"host=envhost", "port=1111", "user=envuser", "sslmode=disable", NULL};

	expect_conninfo(&host, env, want_host, false);
	expect_conninfo(&port, env, want_port, false);
	expect_conninfo(&certs, env, want_certs, false);
	expect_conninfo(&insecure, env, want_insecure, false);
}
END_TEST

START_TEST(test_conn_urls)
{
	const char *env[] = {"COCKROACH_URL=postgres://envurl@envhost:26257/envdb?sslmode=disable",
	                     "COCKROACH_HOST=ignored", "COCKROACH_USER=ignored", "COCKROACH_INSECURE=maybe",
	                     NULL};
	const crdb_conn_flags_t none_f = {0};
	const crdb_conn_flags_t url = {.url = "postgresql://root@servername:26257/mydb?sslmode=disable"};
	const crdb_conn_flags_t url_host = {.url = "postgres://root@a:26257/db", .host = "b:26300"};
	const crdb_conn_flags_t url_certs = {.url = "postgres://max%72oach:secret@servername:26257/bank",
	                                     .certs_dir = "certs"};
	const char *want_env[] = {"dbname=postgres://envurl@envhost:26257/envdb?sslmode=disable", NULL};
	const char *want_url[] = {"dbname=postgresql://root@servername:26257/mydb?sslmode=disable", NULL};
	const char *want_url_host[] = {"dbname=postgres://root@a:26257/db", "host=b", "port=26300", NULL};
	/* The client files are named after the URL's user. */
	const char *want_url_certs[] = {"dbname=postgres://max%72oach:secret@servername:26257/bank",
	                                "sslmode=verify-full",
	                                "sslrootcert=certs/ca.crt",
	                                "sslcert=certs/client.maxroach.crt",
	                                "sslkey=certs/client.maxroach.key",
	                                NULL};

	expect_conninfo(&none_f, env, want_env, true);
	expect_conninfo(&url, env, want_url, true);
	expect_conninfo(&url_host, env, want_url_host, true);
	expect_conninfo(&url_certs, env, want_url_certs, true);
}
END_TEST

START_TEST(test_conn_hosts)
{
	const crdb_conn_flags_t v6port = {.host = "[::1]:26257"};
	const crdb_conn_flags_t v6 = {.host = "[::1]"};
	const crdb_conn_flags_t v6bare = {.host = "::1"};
	const crdb_conn_flags_t sock = {.host = "/tmp/crdb"};
	const char *want_v6port[] = {"host=::1", "port=26257", NULL};
	const char *want_v6[] = {"host=::1", NULL};
	const char *want_sock[] = {"host=/tmp/crdb", NULL};
	const char *none[] = {NULL};

	expect_conninfo(&v6port, none, want_v6port, false);
	expect_conninfo(&v6, none, want_v6, false);
	expect_conninfo(&v6bare, none, want_v6, false);
	expect_conninfo(&sock, none, want_sock, false);
}
END_TEST

START_TEST(test_conn_bad_insecure_variable)
{
	const crdb_conn_flags_t f = {0};
	const crdb_conn_flags_t flag = {.insecure = true};
	const char *env[] = {"COCKROACH_INSECURE=yes", NULL};
	const char *want_flag[] = {"sslmode=disable", NULL};
	const char *ok[] = {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"};
	crdb_conninfo_t ci;
	buf_t err;

	fake_env = env;
	buf_init(&err);
	ck_assert(!crdb_conninfo_build(&f, fake_getenv, &ci, &err));
	ck_assert_str_eq(err.data, "invalid COCKROACH_INSECURE value \"yes\": expected true or false");
	ck_assert_uint_eq(ci.n, 0);
	buf_free(&err);
	/* Not read when a flag already decides. */
	expect_conninfo(&flag, env, want_flag, false);

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char var[64];
		const char *one[] = {var, NULL};

		snprintf(var, sizeof var, "COCKROACH_INSECURE=%s", ok[i]);
		fake_env = one;
		buf_init(&err);
		ck_assert_msg(crdb_conninfo_build(&f, fake_getenv, &ci, &err), "%s", ok[i]);
		ck_assert_uint_eq(ci.n, i < 6 ? 1 : 0);
		if (i < 6)
			ck_assert_str_eq(crdb_conninfo_get(&ci, "sslmode"), "disable");
		ck_assert_ptr_null(crdb_conninfo_get(&ci, "host"));
		crdb_conninfo_free(&ci);
		buf_free(&err);
	}
	fake_env = NULL;
}
END_TEST

/* ---- Errors -------------------------------------------------------------- */

static void expect_explained(const char *server, const char *want)
{
	buf_t out;

	buf_init(&out);
	ck_assert_str_eq(crdb_explain_error(server, &out), want);
	ck_assert_ptr_eq(crdb_explain_error("", &out), out.data);
	buf_free(&out);
}

START_TEST(test_errors)
{
	/* cockroach issue #126857. */
	expect_explained("batch timestamp 1721571846.432664325,0 must be after replica GC threshold "
	                 "1721571917.178341367,0",
	                 "the dump's timestamp is older than the garbage-collection window, so "
	                 "CockroachDB no longer has the history it needs: an --as-of moment must lie "
	                 "within the window, and a dump that runs longer than the window fails part-way "
	                 "whatever its moment; raise gc.ttlseconds in the zone configuration, or dump "
	                 "fewer tables at a time (server said: "
	                 "batch timestamp 1721571846.432664325,0 must be after replica GC threshold "
	                 "1721571917.178341367,0)");
	/* cockroach issue #161460, with a prefix, a range suffix and a newline. */
	expect_explained("unable to retry backfill since fixed timestamp is before the GC timestamp: "
	                 "batch timestamp 1768945620.000000000,0 must be after replica GC threshold "
	                 "1768945724.832006000,0 (r81: /Table/104-5)\n",
	                 "the dump's timestamp is older than the garbage-collection window, so "
	                 "CockroachDB no longer has the history it needs: an --as-of moment must lie "
	                 "within the window, and a dump that runs longer than the window fails part-way "
	                 "whatever its moment; raise gc.ttlseconds in the zone configuration, or dump "
	                 "fewer tables at a time (server said: "
	                 "unable to retry backfill since fixed timestamp is before the GC timestamp: batch "
	                 "timestamp 1768945620.000000000,0 must be after replica GC threshold "
	                 "1768945724.832006000,0 (r81: /Table/104-5))");
	expect_explained("AS OF SYSTEM TIME: cannot specify timestamp in the future",
	                 "the dump's timestamp is in the future for the node that answered: AS OF SYSTEM "
	                 "TIME can only read the past; choose an earlier --as-of (server said: AS OF "
	                 "SYSTEM TIME: cannot specify timestamp in the future)");
	expect_explained("relation \"foo.bar\" does not exist", "relation \"foo.bar\" does not exist");
	expect_explained("ERROR:  permission denied\nDETAIL:  more\n", "ERROR:  permission denied");
	expect_explained("", "");
}
END_TEST

/* ---- Values -------------------------------------------------------------- */

static void expect_kind(const char *type, enum literal_kind want, const char *want_collation)
{
	buf_t coll;

	buf_init(&coll);
	ck_assert_msg(crdb_literal_kind(type, &coll) == want, "type [%s]", type);
	ck_assert_str_eq(coll.data, want_collation);
	ck_assert_msg(crdb_literal_kind(type, NULL) == want, "type [%s] without collation", type);
	buf_free(&coll);
}

START_TEST(test_literal_kinds)
{
	const char *ints[] = {"INT8",    "int8",     "INT",    "INT2", "INT4",
	                      "INTEGER", "SMALLINT", "BIGINT", "OID",  "pg_catalog.int8"};
	const char *nums[] = {"DECIMAL", "DECIMAL(10,2)", "NUMERIC(5)", "DEC"};
	const char *floats[] = {"FLOAT8", "FLOAT4", "FLOAT", "REAL", "DOUBLE PRECISION"};
	const char *texts[] = {"STRING",
	                       "VARCHAR(255)",
	                       "CHAR",
	                       "BYTES",
	                       "JSONB",
	                       "TIMESTAMPTZ",
	                       "TIMESTAMP(3)",
	                       "INTERVAL",
	                       "BIT(3)",
	                       "VARBIT",
	                       "UUID",
	                       "INET",
	                       "DATE",
	                       "TIME",
	                       "GEOMETRY",
	                       "STRING[]",
	                       "INT8[]",
	                       "DECIMAL[]",
	                       "BOOL[]",
	                       "INT8 ARRAY",
	                       "public.mood",
	                       "mood",
	                       "\"Mood\"",
	                       "pg_catalog.text",
	                       "STRING COLLATE en[]",
	                       "public.int8"};

	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		expect_kind(ints[i], LIT_INTEGER, "");
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		expect_kind(nums[i], LIT_NUMERIC, "");
	for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++)
		expect_kind(floats[i], LIT_FLOAT, "");
	expect_kind("BOOL", LIT_BOOL, "");
	expect_kind("BOOLEAN", LIT_BOOL, "");
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		expect_kind(texts[i], LIT_TEXT, "");
	/* collate.md: STRING COLLATE de, and a locale that needs quotes. */
	expect_kind("STRING COLLATE de", LIT_TEXT, "de");
	expect_kind("VARCHAR(10) COLLATE en", LIT_TEXT, "en");
	expect_kind("STRING COLLATE \"en-US-u-ks-level2\"", LIT_TEXT, "\"en-US-u-ks-level2\"");
}
END_TEST

static void expect_value(const char *type, const char *v, const char *want)
{
	buf_t coll, out;
	enum literal_kind kind;

	buf_init(&coll);
	buf_init(&out);
	kind = crdb_literal_kind(type, &coll);
	crdb_quote_value(&out, kind, coll.data, v, strlen(v));
	ck_assert_msg(strcmp(out.data, want) == 0, "%s [%s] gave [%s], want [%s]", type, v, out.data, want);
	buf_free(&coll);
	buf_free(&out);
}

START_TEST(test_values)
{
	expect_value("INT8", "42", "42");
	expect_value("INT8", "-9223372036854775808", "-9223372036854775808");
	expect_value("DECIMAL(10,2)", "1.50", "1.50");
	expect_value("DECIMAL", "NaN", "'NaN'");
	expect_value("DECIMAL", "Infinity", "'Infinity'");
	expect_value("DECIMAL", "-Infinity", "'-Infinity'");
	expect_value("DECIMAL", "1E+2", "'1E+2'");
	expect_value("FLOAT8", "1.5e+100", "1.5e+100");
	expect_value("FLOAT8", "NaN", "'NaN'");
	expect_value("FLOAT8", "-Infinity", "'-Infinity'");
	expect_value("FLOAT8", "-0", "'-0'");
	expect_value("BOOL", "t", "true");
	expect_value("BOOL", "f", "false");
	expect_value("BYTES", "\\x68656c6c6f", "'\\x68656c6c6f'");
	expect_value("JSONB", "{\"a\": [1, \"it's\"]}", "'{\"a\": [1, \"it''s\"]}'");
	expect_value("STRING[]", "{a,\"b c\",NULL}", "'{a,\"b c\",NULL}'");
	expect_value("INTERVAL", "1 day 02:03:04", "'1 day 02:03:04'");
	expect_value("TIMESTAMPTZ", "2016-01-25 10:10:10.555555+00:00", "'2016-01-25 10:10:10.555555+00:00'");
	expect_value("BIT(4)", "0101", "'0101'");
	expect_value("UUID", "63616665-6630-3064-6465-616462656566",
	             "'63616665-6630-3064-6465-616462656566'");
	expect_value("INET", "192.168.0.1/24", "'192.168.0.1/24'");
	expect_value("public.mood", "happy", "'happy'");
	/* collate.md: every value of a collated column carries its collation. */
	expect_value("STRING COLLATE de", "B\xc3\xa4r", "'B\xc3\xa4r' COLLATE de");
	expect_value("STRING COLLATE \"en-US-u-ks-level2\"", "it's", "'it''s' COLLATE \"en-US-u-ks-level2\"");
}
END_TEST

/* -j spreads its connections over a multi-host list: job i starts at entry
 * i + 1 and keeps libpq's failover through the rest. */
static void expect_rotation(const char *list, int shift, const char *want)
{
	buf_t out;

	buf_init(&out);
	conn_rotate_list(list, shift, &out);
	ck_assert_str_eq(out.data, want);
	buf_free(&out);
}

/* The column a big table is read in ranges of: the ascending integer column
 * leading the primary key, in the forms SHOW CREATE TABLE prints. */
START_TEST(test_split_key)
{
	static const struct {
		const char *create, *key;
	} cases[] = {
	    {"CREATE TABLE public.t (\n\tid INT8 NOT NULL,\n\tv STRING NULL,\n\tCONSTRAINT t_pkey PRIMARY KEY (id "
	     "ASC)\n)",
	     "id"},
	    {"CREATE TABLE public.t (\n\tk INT4 NOT NULL,\n\tv STRING NOT NULL,\n\tCONSTRAINT \"primary\" PRIMARY "
	     "KEY (k ASC, v DESC),\n\tINDEX t_v_idx (v ASC)\n)",
	     "k"},
	    {"CREATE TABLE public.t (\n\tk INT2 NOT NULL,\n\tCONSTRAINT t_pkey PRIMARY KEY (k)\n)", "k"},
	    {"CREATE TABLE public.t (\n\tv STRING NULL,\n\trowid INT8 NOT VISIBLE NOT NULL DEFAULT "
	     "unique_rowid(),\n\tCONSTRAINT t_pkey PRIMARY KEY (rowid ASC)\n)",
	     "rowid"},
	    {"CREATE TABLE public.t (\n\t\"Order Id\" INT8 NOT NULL,\n\tCONSTRAINT t_pkey PRIMARY KEY (\"Order "
	     "Id\" ASC)\n)",
	     "\"Order Id\""},
	    {"CREATE TABLE t (id INT PRIMARY KEY, v STRING)", "id"},
	    {"CREATE TABLE public.t (\n\ta INT8 NOT NULL,\n\tk INT8 NOT NULL AS (a + 1:::INT8) STORED,\n\t"
	     "CONSTRAINT t_pkey PRIMARY KEY (k ASC)\n)",
	     "k"},
	    /* Descending: key order runs from the greatest value down. */
	    {"CREATE TABLE public.t (\n\tid INT8 NOT NULL,\n\tCONSTRAINT t_pkey PRIMARY KEY (id DESC)\n)", NULL},
	    /* Not an integer. */
	    {"CREATE TABLE public.users (\n\tid UUID NOT NULL,\n\tcity VARCHAR NOT NULL,\n\tCONSTRAINT "
	     "users_pkey PRIMARY KEY (city ASC, id ASC)\n)",
	     NULL},
	    {"CREATE TABLE public.t (\n\tid DECIMAL NOT NULL,\n\tCONSTRAINT t_pkey PRIMARY KEY (id ASC)\n)",
	     NULL},
	    /* Hash-sharded: a hidden shard column comes first in the key. */
	    {"CREATE TABLE public.t (\n\tcrdb_internal_id_shard_16 INT8 NOT VISIBLE NOT NULL AS "
	     "(mod(fnv32(crdb_internal.datums_to_bytes(id)), 16:::INT8)) VIRTUAL,\n\tid INT8 NOT NULL,\n\t"
	     "CONSTRAINT t_pkey PRIMARY KEY (id ASC) USING HASH WITH (bucket_count=16)\n)",
	     NULL},
	    /* REGIONAL BY ROW and PARTITION ALL BY: crdb_region or the partition
	     * columns come first, and the text does not show them in the key. */
	    {"CREATE TABLE public.t (\n\tid INT8 NOT NULL,\n\tcrdb_region public.crdb_internal_region NOT "
	     "VISIBLE NOT NULL DEFAULT default_to_database_primary_region(gateway_region())::"
	     "public.crdb_internal_region,\n\tCONSTRAINT t_pkey PRIMARY KEY (id ASC)\n) LOCALITY REGIONAL BY "
	     "ROW",
	     NULL},
	    {"CREATE TABLE public.t (\n\tregion STRING NOT NULL,\n\tid INT8 NOT NULL,\n\tCONSTRAINT t_pkey "
	     "PRIMARY KEY (id ASC)\n) PARTITION ALL BY LIST (region) (\n\tPARTITION us VALUES IN ('us')\n)",
	     NULL},
	    /* No key written (not SHOW CREATE's form), or not a table at all. */
	    {"CREATE TABLE t (id INT8)", NULL},
	    {"CREATE VIEW v AS SELECT 1", NULL},
	    {"CREATE TABLE t (id INT8, PRIMARY KEY (id ASC", NULL},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		crdb_column_t *cols;
		size_t ncols;
		buf_t why;
		char *key;

		/* The columns as the catalog reads them first (none when the text
		 * is not a CREATE TABLE). */
		buf_init(&why);
		crdb_table_columns(cases[i].create, &cols, &ncols, &why);
		buf_free(&why);
		key = crdb_split_key(cases[i].create, cols, ncols);
		crdb_columns_free(cols, ncols);
		if (cases[i].key)
			ck_assert_msg(key && strcmp(key, cases[i].key) == 0, "case %zu: got %s", i, key ? key : "NULL");
		else
			ck_assert_msg(key == NULL, "case %zu: got %s, wanted none", i, key);
		free(key);
	}
}
END_TEST

START_TEST(test_conn_host_rotation)
{
	expect_rotation("a,b,c", 0, "a,b,c");
	expect_rotation("a,b,c", 1, "b,c,a");
	expect_rotation("a,b,c", 2, "c,a,b");
	expect_rotation("a,b,c", 3, "a,b,c");
	expect_rotation("a,b,c", 7, "b,c,a");
	expect_rotation("26257,26258", 1, "26258,26257");
	expect_rotation("only", 5, "only");
	/* An empty entry (the default host or port) keeps its place in the turn. */
	expect_rotation("a,,c", 1, ",c,a");
	expect_rotation("roach-1.example.com,10.0.0.2,/var/run/crdb", 2,
			"/var/run/crdb,roach-1.example.com,10.0.0.2");
	expect_rotation("", 3, "");
	expect_rotation("a,b", -1, "a,b");
}
END_TEST

Suite *make_suite_crdb(void)
{
	Suite *s = suite_create("crdb");
	TCase *stmts = tcase_create("statements");
	TCase *version = tcase_create("version");
	TCase *create = tcase_create("create_statements");
	TCase *order = tcase_create("dependency_order");
	TCase *conn = tcase_create("connection_flags");
	TCase *misc = tcase_create("errors_and_values");

	tcase_add_test(stmts, test_timestamp_and_session);
	tcase_add_test(stmts, test_begin);
	tcase_add_test(stmts, test_database_switch);
	tcase_add_test(stmts, test_quote_ident);
	tcase_add_test(stmts, test_routine_signature);
	tcase_add_test(stmts, test_catalog_queries);
	tcase_add_test(stmts, test_row_queries);
	tcase_add_test(stmts, test_sequence_increment);
	tcase_add_test(stmts, test_setval);
	suite_add_tcase(s, stmts);
	tcase_add_test(version, test_version);
	tcase_add_test(version, test_copy_to_support);
	tcase_add_test(version, test_triggers_unreadable);
	tcase_add_test(version, test_version_text);
	suite_add_tcase(s, version);
	tcase_add_test(create, test_split_doc_vehicles);
	tcase_add_test(create, test_split_doc_indent_as_rendered);
	tcase_add_test(create, test_split_two_keys_and_a_check);
	tcase_add_test(create, test_split_without_keys_is_unchanged);
	tcase_add_test(create, test_split_keeps_the_tail_and_last_key);
	tcase_add_test(create, test_split_not_valid_key_is_not_validated);
	tcase_add_test(create, test_split_quoted_names_with_commas_and_parens);
	tcase_add_test(create, test_split_refusals);
	tcase_add_test(create, test_columns_hidden_doc);
	tcase_add_test(create, test_columns_rowid_and_region);
	tcase_add_test(create, test_split_key);
	tcase_add_test(create, test_columns_computed);
	tcase_add_test(create, test_columns_users_hidden_rowid_default);
	tcase_add_test(create, test_view_relative);
	tcase_add_test(create, test_columns_types_and_names);
	tcase_add_test(create, test_columns_refusals);
	tcase_add_test(create, test_text_arrays);
	suite_add_tcase(s, create);
	tcase_add_test(order, test_order_kinds_then_dependencies);
	tcase_add_test(order, test_order_views_on_views);
	tcase_add_test(order, test_order_ignores_unknown_self_and_repeated);
	tcase_add_test(order, test_order_breaks_cycles);
	tcase_add_test(order, test_order_large_chain);
	suite_add_tcase(s, order);
	tcase_add_test(conn, test_conn_nothing_given);
	tcase_add_test(conn, test_conn_insecure_flags);
	tcase_add_test(conn, test_conn_certs_dir);
	tcase_add_test(conn, test_conn_cert_files_override);
	tcase_add_test(conn, test_conn_environment);
	tcase_add_test(conn, test_conn_flags_win_over_environment);
	tcase_add_test(conn, test_conn_urls);
	tcase_add_test(conn, test_conn_hosts);
	tcase_add_test(conn, test_conn_bad_insecure_variable);
	tcase_add_test(conn, test_conn_host_rotation);
	suite_add_tcase(s, conn);
	tcase_add_test(misc, test_errors);
	tcase_add_test(misc, test_literal_kinds);
	tcase_add_test(misc, test_values);
	suite_add_tcase(s, misc);
	return s;
}
