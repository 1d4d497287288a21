/* check_kinds: the registry of object kinds, and the census's message. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "census.h"
#include "kinds.h"
#include "suites.h"

/* Every kind is found by its dobj_kind, and no two share one: the planner
 * and the writer find a kind that way. */
START_TEST(each_kind_found_by_its_place)
{
	for (int i = 0; kinds_all[i]; i++) {
		ck_assert_ptr_eq(kinds_find(kinds_all[i]->kind), kinds_all[i]);
		ck_assert_ptr_nonnull(kinds_all[i]->keyword);
		ck_assert_int_ge(kinds_all[i]->kind, DOBJ_LANGUAGE);
	}
	ck_assert_ptr_null(kinds_find(DOBJ_TABLE));
}
END_TEST

/* Each query, on every major from 12 to 18, reads its catalog by its
 * qualified name and leaves out extension members. */
START_TEST(queries_for_every_major)
{
	for (int v = 120000; v <= 180000; v += 10000)
		for (int i = 0; kinds_all[i]; i++) {
			char *q = kinds_all[i]->query(v);
			ck_assert_msg(strncmp(q, "SELECT ", 7) == 0, "%s: %s", kinds_all[i]->name, q);
			ck_assert_msg(strstr(q, "FROM pg_catalog.pg_") != NULL, "%s", kinds_all[i]->name);
			free(q);
		}
}
END_TEST

START_TEST(message_for_one_object)
{
	char *names[] = {"foreign table public.far"};
	census_t cs = {names, 1};
	char *m = census_message(&cs);

	ck_assert_str_eq(m, "cannot dump foreign table public.far: dbdump does not carry this kind of object "
	                    "(--exclude-unsupported leaves it out)");
	free(m);
}
END_TEST

START_TEST(message_names_twenty_then_counts)
{
	char *names[22];
	census_t cs = {names, 22};
	char *m;

	for (int i = 0; i < 22; i++)
		names[i] = i == 0 ? "large object 1" : "x";
	m = census_message(&cs);
	ck_assert_msg(
	    strncmp(m, "cannot dump 22 objects that dbdump does not carry: large object 1, x, ", 70) == 0,
	    "%s", m);
	ck_assert_msg(strstr(m, ", x and 2 more (--exclude-unsupported leaves them out)") != NULL, "%s", m);
	free(m);
}
END_TEST

Suite *make_suite_kinds(void)
{
	Suite *s = suite_create("kinds");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, each_kind_found_by_its_place);
	tcase_add_test(tc, queries_for_every_major);
	tcase_add_test(tc, message_for_one_object);
	tcase_add_test(tc, message_names_twenty_then_counts);
	suite_add_tcase(s, tc);
	return s;
}
