/* check_split: how a big table is cut into pieces, and each piece's WHERE. */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "split.h"
#include "suites.h"

START_TEST(count_rounds_up_and_caps)
{
	ck_assert_int_eq(split_count(-1, 4096), 1);
	ck_assert_int_eq(split_count(0, 4096), 1);
	ck_assert_int_eq(split_count(4096, 4096), 1);
	ck_assert_int_eq(split_count(4097, 4096), 2);
	ck_assert_int_eq(split_count(27778, 4096), 7);
	ck_assert_int_eq(split_count(8192, 4096), 2);
	ck_assert_int_eq(split_count(1e15, 4096), SPLIT_MAX_PIECES);
	ck_assert_int_eq(split_count(1e6, 0), 1);
}
END_TEST

START_TEST(key_bounds_are_even_and_ascending)
{
	split_t s;

	split_by_key(&s, "id", 1, 1000000, 7);
	ck_assert_int_eq(s.npieces, 7);
	ck_assert_str_eq(s.key, "id");
	/* lo + floor(i * 999999 / 7) */
	ck_assert_int_eq(s.bounds[0], 142858);
	ck_assert_int_eq(s.bounds[1], 285715);
	ck_assert_int_eq(s.bounds[5], 857143);
	split_free(&s);
	ck_assert_int_eq(s.npieces, 1);
	ck_assert_ptr_null(s.bounds);

	split_by_key(&s, "k", -10, 10, 4);
	ck_assert_int_eq(s.npieces, 4);
	ck_assert_int_eq(s.bounds[0], -5);
	ck_assert_int_eq(s.bounds[1], 0);
	ck_assert_int_eq(s.bounds[2], 5);
	split_free(&s);
}
END_TEST

START_TEST(key_bounds_never_overflow)
{
	split_t s;

	split_by_key(&s, "k", INT64_MIN, INT64_MAX, 4);
	ck_assert_int_eq(s.npieces, 4);
	ck_assert(s.bounds[0] > INT64_MIN && s.bounds[0] < s.bounds[1] && s.bounds[1] < s.bounds[2]);
	ck_assert_int_eq(s.bounds[1], -1); /* the middle of the whole range */
	split_free(&s);

	split_by_key(&s, "k", INT64_MAX - 3, INT64_MAX, 1000);
	ck_assert_int_eq(s.npieces, 3);
	ck_assert(s.bounds[0] == INT64_MAX - 2 && s.bounds[1] == INT64_MAX - 1);
	split_free(&s);
}
END_TEST

START_TEST(few_keys_few_pieces)
{
	split_t s;

	/* One key, or none between two: the table is read whole. */
	split_by_key(&s, "k", 5, 5, 8);
	ck_assert_int_eq(s.npieces, 1);
	ck_assert_ptr_null(s.key);
	split_by_key(&s, "k", 5, 6, 8);
	ck_assert_int_eq(s.npieces, 1);
	split_by_key(&s, "k", 9, 2, 8); /* max below min: nonsense, read whole */
	ck_assert_int_eq(s.npieces, 1);
	split_by_key(&s, "k", 1, 1000, 1);
	ck_assert_int_eq(s.npieces, 1);
	/* Three keys apart: at most three pieces, every bound distinct. */
	split_by_key(&s, "k", 0, 3, 8);
	ck_assert_int_eq(s.npieces, 3);
	ck_assert(s.bounds[0] == 1 && s.bounds[1] == 2);
	split_free(&s);
}
END_TEST

static const char *where_of(const char *where, const split_t *s, int piece)
{
	static buf_t b;

	buf_free(&b);
	buf_init(&b);
	split_where(&b, where, s, piece);
	return b.data ? b.data : "";
}

START_TEST(where_of_each_piece)
{
	split_t s;

	split_whole(&s);
	ck_assert_str_eq(where_of(NULL, &s, 0), "");
	ck_assert_str_eq(where_of("a > 1", &s, 0), " WHERE (a > 1)");

	split_by_key(&s, "\"Key\"", 0, 30, 3);
	ck_assert_str_eq(where_of(NULL, &s, 0), " WHERE \"Key\" < 10");
	ck_assert_str_eq(where_of(NULL, &s, 1), " WHERE \"Key\" >= 10 AND \"Key\" < 20");
	ck_assert_str_eq(where_of(NULL, &s, 2), " WHERE \"Key\" >= 20");
	ck_assert_str_eq(where_of("a OR b", &s, 0), " WHERE (a OR b) AND \"Key\" < 10");
	ck_assert_str_eq(where_of("a OR b", &s, 1), " WHERE (a OR b) AND \"Key\" >= 10 AND \"Key\" < 20");
	ck_assert_str_eq(where_of("a OR b", &s, 2), " WHERE (a OR b) AND \"Key\" >= 20");
	split_free(&s);

	split_by_key(&s, "k", -100, 100, 2);
	ck_assert_str_eq(where_of(NULL, &s, 0), " WHERE k < 0");
	ck_assert_str_eq(where_of(NULL, &s, 1), " WHERE k >= 0");
	split_free(&s);

	split_by_ctid(&s, 3);
	ck_assert_int_eq(s.npieces, 3);
	ck_assert_ptr_null(s.key);
	ck_assert_str_eq(where_of(NULL, &s, 0), " WHERE ctid < '(4096,0)'::pg_catalog.tid");
	ck_assert_str_eq(where_of(NULL, &s, 1),
	                 " WHERE ctid >= '(4096,0)'::pg_catalog.tid AND ctid < '(8192,0)'::pg_catalog.tid");
	ck_assert_str_eq(where_of("x", &s, 2), " WHERE (x) AND ctid >= '(8192,0)'::pg_catalog.tid");
	split_free(&s);
	split_by_ctid(&s, 1);
	ck_assert_int_eq(s.npieces, 1);
	ck_assert_str_eq(where_of(NULL, &s, 0), "");
}
END_TEST

Suite *make_suite_split(void)
{
	Suite *s = suite_create("split");
	TCase *tc = tcase_create("split");

	tcase_add_test(tc, count_rounds_up_and_caps);
	tcase_add_test(tc, key_bounds_are_even_and_ascending);
	tcase_add_test(tc, key_bounds_never_overflow);
	tcase_add_test(tc, few_keys_few_pieces);
	tcase_add_test(tc, where_of_each_piece);
	suite_add_tcase(s, tc);
	return s;
}
