/* check_globals: the SET clause of ALTER ROLE / ALTER DATABASE for one
 * stored setting, and which dumps carry the large objects. */
#include <config.h>

#include <string.h>

#include "globals.h"
#include "lo.h"
#include "suites.h"

static void clause_is(const char *entry, const char *want)
{
	buf_t b;

	buf_init(&b);
	ck_assert(globals_set_clause(&b, entry));
	ck_assert_str_eq(b.data, want);
	buf_free(&b);
}

START_TEST(plain_values_are_one_literal)
{
	clause_is("work_mem=8MB", " SET work_mem TO '8MB'");
	clause_is("application_name=it's mixed", " SET application_name TO 'it''s mixed'");
	/* A value with a comma is still one value for an ordinary setting. */
	clause_is("DateStyle=ISO, MDY", " SET \"DateStyle\" TO 'ISO, MDY'");
	clause_is("myapp.flag=", " SET \"myapp.flag\" TO ''");
	clause_is("a=b=c", " SET a TO 'b=c'");
}
END_TEST

START_TEST(list_settings_split_into_literals)
{
	/* As stored after SET search_path TO shop, "Odd, Schema", public. */
	clause_is("search_path=shop, \"Odd, Schema\", public",
	          " SET search_path TO 'shop', 'Odd, Schema', 'public'");
	clause_is("search_path=\"$user\", public", " SET search_path TO '$user', 'public'");
	clause_is("search_path=\"a\"\"b\"", " SET search_path TO 'a\"b'");
	clause_is("search_path=", " SET search_path TO ''");
	clause_is("temp_tablespaces=fast,slow", " SET temp_tablespaces TO 'fast', 'slow'");
	clause_is("SEARCH_PATH=x", " SET \"SEARCH_PATH\" TO 'x'");
}
END_TEST

START_TEST(entry_without_value_is_refused)
{
	buf_t b;

	buf_init(&b);
	ck_assert(!globals_set_clause(&b, "work_mem"));
	ck_assert(!globals_set_clause(&b, "=x"));
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
}
END_TEST

START_TEST(large_objects_follow_pg_dump)
{
	struct options o;
	memset(&o, 0, sizeof o);
	o.large_objects = -1;
	ck_assert(lo_included(&o));
	o.mode = DUMP_SCHEMA;
	ck_assert(!lo_included(&o));
	o.mode = DUMP_DATA;
	ck_assert(lo_included(&o));
	strlist_add(&o.include_tables, "t");
	ck_assert(!lo_included(&o));
	o.large_objects = 1;
	ck_assert(lo_included(&o));
	strlist_free(&o.include_tables);
	o.large_objects = 0;
	ck_assert(!lo_included(&o));
	o.large_objects = -1;
	strlist_add(&o.include_schemas, "s");
	ck_assert(!lo_included(&o));
	strlist_free(&o.include_schemas);
	strlist_add(&o.tables, "t");
	ck_assert(!lo_included(&o));
	strlist_free(&o.tables);
}
END_TEST

Suite *make_suite_globals(void)
{
	Suite *s = suite_create("globals");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, plain_values_are_one_literal);
	tcase_add_test(tc, list_settings_split_into_literals);
	tcase_add_test(tc, entry_without_value_is_refused);
	tcase_add_test(tc, large_objects_follow_pg_dump);
	suite_add_tcase(s, tc);
	return s;
}
