/* check_crdb_roles: CockroachDB's SHOW ROLES, SHOW GRANTS ON ROLE and SHOW
 * ZONE CONFIGURATION answers (as documented) turned into SQL. */
#include <config.h>

#include <string.h>

#include "crdb_roles.h"
#include "suites.h"

static void role_is(const char *user, const char *options, const char *want)
{
	buf_t b;

	buf_init(&b);
	ck_assert(crdb_role_sql(&b, user, options));
	ck_assert_str_eq(b.data ? b.data : "", want);
	buf_free(&b);
}

START_TEST(roles_as_arrays)
{
	/* v23.2 and later: SHOW ROLES gives the options as an array. */
	role_is("carl", "{NOLOGIN}", "CREATE ROLE IF NOT EXISTS carl;\nALTER ROLE carl WITH NOLOGIN;\n");
	role_is("petee", "{}", "CREATE ROLE IF NOT EXISTS petee;\n");
	role_is("Ops Team", "{CREATEDB,CREATEROLE,\"VALID UNTIL=2030-01-01 00:00:00+00\"}",
	        "CREATE ROLE IF NOT EXISTS \"Ops Team\";\n"
	        "ALTER ROLE \"Ops Team\" WITH CREATEDB CREATEROLE VALID UNTIL '2030-01-01 00:00:00+00';\n");
	/* The built-in users exist everywhere and cannot be altered. */
	role_is("root", "{CREATEROLE}", "");
	role_is("admin", "{CREATEROLE}", "");
}
END_TEST

START_TEST(roles_as_text)
{
	/* Older versions: one text, options separated by commas. */
	role_is("carl", "NOLOGIN", "CREATE ROLE IF NOT EXISTS carl;\nALTER ROLE carl WITH NOLOGIN;\n");
	role_is("petee", "", "CREATE ROLE IF NOT EXISTS petee;\n");
	role_is("ann", "CREATEROLE, NOLOGIN",
	        "CREATE ROLE IF NOT EXISTS ann;\nALTER ROLE ann WITH CREATEROLE NOLOGIN;\n");
	role_is("bob", NULL, "CREATE ROLE IF NOT EXISTS bob;\n");
}
END_TEST

START_TEST(odd_options_are_refused)
{
	buf_t b;

	buf_init(&b);
	ck_assert(!crdb_role_sql(&b, "eve", "{\"LOGIN; DROP TABLE t\"}"));
	ck_assert(!crdb_role_sql(&b, "eve", "{NOLOGIN"));
	ck_assert(!crdb_role_sql(&b, "eve", "{NULL}"));
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
}
END_TEST

START_TEST(memberships)
{
	buf_t b;

	buf_init(&b);
	crdb_role_grant_sql(&b, "admin", "root", true);
	crdb_role_grant_sql(&b, "readers", "carl", false);
	crdb_role_grant_sql(&b, "admin", "Ops Team", true);
	ck_assert_str_eq(b.data, "GRANT readers TO carl;\nGRANT admin TO \"Ops Team\" WITH ADMIN OPTION;\n");
	buf_free(&b);
}
END_TEST

START_TEST(zone_configurations)
{
	buf_t b;

	buf_init(&b);
	crdb_zone_sql(&b, "movr", "RANGE default",
	              "ALTER RANGE default CONFIGURE ZONE USING\n\trange_min_bytes = 134217728");
	ck_assert_uint_eq(b.len, 0);
	crdb_zone_sql(
	    &b, "movr", "DATABASE movr",
	    "ALTER DATABASE movr CONFIGURE ZONE USING\n\trange_min_bytes = 134217728,\n\tnum_replicas = 5");
	ck_assert_str_eq(b.data, "ALTER DATABASE movr CONFIGURE ZONE USING\n\trange_min_bytes = "
	                         "134217728,\n\tnum_replicas = 5;\n");
	/* The target's name as CockroachDB quotes it, compared unquoted. */
	buf_reset(&b);
	crdb_zone_sql(&b, "\xc3\xa9t\xc3\xa9", "DATABASE \xc3\xa9t\xc3\xa9",
	              "ALTER DATABASE \xc3\xa9t\xc3\xa9 CONFIGURE ZONE USING\n\tnum_replicas = 5");
	ck_assert_str_eq(b.data,
	                 "ALTER DATABASE \xc3\xa9t\xc3\xa9 CONFIGURE ZONE USING\n\tnum_replicas = 5;\n");
	buf_reset(&b);
	crdb_zone_sql(&b, "index", "DATABASE \"index\"",
	              "ALTER DATABASE \"index\" CONFIGURE ZONE USING\n\tnum_replicas = 5");
	ck_assert_str_eq(b.data, "ALTER DATABASE \"index\" CONFIGURE ZONE USING\n\tnum_replicas = 5;\n");
	buf_reset(&b);
	crdb_zone_sql(&b, "My \"DB\"", "DATABASE \"My \"\"DB\"\"\"",
	              "ALTER DATABASE x CONFIGURE ZONE USING a = 1");
	ck_assert_str_eq(b.data, "ALTER DATABASE x CONFIGURE ZONE USING a = 1;\n");
	buf_reset(&b);
	crdb_zone_sql(&b, "movr", "DATABASE movr2", "ALTER DATABASE movr2 CONFIGURE ZONE USING a = 1");
	crdb_zone_sql(&b, "movr", "DATABASE \"movr\"x", "ALTER DATABASE x CONFIGURE ZONE USING a = 1");
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
}
END_TEST

/* SHOW REGIONS FROM DATABASE and SHOW SURVIVAL GOAL FROM DATABASE, as the
 * documentation's movr example answers them, turned into the statements
 * that give a restored database the same regions before its LOCALITY
 * tables are made. */
START_TEST(regions)
{
	static const char *const region[] = {"us-west1", "us-east1", "europe-west1"};
	static const char *const primary[] = {"f", "t", "f"};
	static const char *const secondary[] = {"t", "f", "f"};
	buf_t b;

	buf_init(&b);
	crdb_regions_sql(&b, "movr", region, primary, secondary, 3, "region");
	ck_assert_str_eq(b.data, "ALTER DATABASE movr SET PRIMARY REGION \"us-east1\";\n"
	                         "ALTER DATABASE movr ADD REGION \"us-west1\";\n"
	                         "ALTER DATABASE movr ADD REGION \"europe-west1\";\n"
	                         "ALTER DATABASE movr SET SECONDARY REGION \"us-west1\";\n"
	                         "ALTER DATABASE movr SURVIVE REGION FAILURE;\n");
	buf_reset(&b);
	crdb_regions_sql(&b, "index", region + 1, primary + 1, NULL, 1, "zone");
	ck_assert_str_eq(b.data, "ALTER DATABASE \"index\" SET PRIMARY REGION \"us-east1\";\n");
	buf_reset(&b);
	crdb_regions_sql(&b, "movr", region, primary, secondary, 0, NULL);
	crdb_regions_sql(&b, "movr", region, primary, secondary, 0, "zone");
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
}
END_TEST

Suite *make_suite_crdb_roles(void)
{
	Suite *s = suite_create("crdb_roles");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, roles_as_arrays);
	tcase_add_test(tc, roles_as_text);
	tcase_add_test(tc, odd_options_are_refused);
	tcase_add_test(tc, memberships);
	tcase_add_test(tc, zone_configurations);
	tcase_add_test(tc, regions);
	suite_add_tcase(s, tc);
	return s;
}
