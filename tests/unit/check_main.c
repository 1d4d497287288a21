/* check_main: the one runner for every unit suite. */
#include <config.h>

#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(make_suite_quote());
	int failed;

	srunner_add_suite(sr, make_suite_copytext());
	srunner_add_suite(sr, make_suite_rows());
	srunner_add_suite(sr, make_suite_options());
	srunner_add_suite(sr, make_suite_asof());
	srunner_add_suite(sr, make_suite_crdb());
	srunner_add_suite(sr, make_suite_crdb_dump());
	srunner_add_suite(sr, make_suite_split());
	srunner_add_suite(sr, make_suite_globals());
	srunner_add_suite(sr, make_suite_crdb_roles());
	srunner_add_suite(sr, make_suite_kinds());
	srunner_add_suite(sr, make_suite_manifest());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
