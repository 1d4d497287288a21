/* suites: one Check suite per pure module, gathered by check_main.c. */
#ifndef DBDUMP_TEST_SUITES_H
#define DBDUMP_TEST_SUITES_H

#include <check.h>

Suite *make_suite_quote(void);
Suite *make_suite_copytext(void);
Suite *make_suite_rows(void);
Suite *make_suite_options(void);
Suite *make_suite_asof(void);
Suite *make_suite_crdb(void);
Suite *make_suite_crdb_dump(void);
Suite *make_suite_split(void);
Suite *make_suite_globals(void);
Suite *make_suite_crdb_roles(void);
Suite *make_suite_kinds(void);
Suite *make_suite_manifest(void);

#endif
