/* check_copytext: splitting and unescaping rows of COPY text format. */
#include <config.h>

#include <string.h>

#include "copytext.h"
#include "suites.h"

#define MAX_FIELDS 8

static char row[256];
static size_t row_len;
static copy_field_t fields[MAX_FIELDS];
static const copy_field_t untouched = {(const char *)"sentinel", 12345, true};

/* Copies text into a writable row (the split decodes in place) and splits it. */
static int split_n(const char *text, size_t len, int max)
{
	ck_assert_uint_lt(len, sizeof row);
	memcpy(row, text, len);
	row[len] = 'Z'; /* not NUL-terminated: the split must go by length */
	row_len = len;
	for (int i = 0; i < MAX_FIELDS; i++)
		fields[i] = untouched;
	return copytext_split(row, len, fields, max);
}

static int split(const char *text)
{
	return split_n(text, strlen(text), MAX_FIELDS);
}

static void expect_field(int i, const char *want, size_t want_len)
{
	ck_assert_msg(!fields[i].isnull, "field %d is NULL", i);
	ck_assert_msg(fields[i].len == want_len, "field %d has %zu bytes, want %zu", i, fields[i].len,
	              want_len);
	ck_assert_msg(memcmp(fields[i].ptr, want, want_len) == 0, "field %d is [%.*s], want [%s]", i,
	              (int)fields[i].len, fields[i].ptr, want);
	/* Decoded in place: the field lies within the row buffer. */
	ck_assert(fields[i].ptr >= row && fields[i].ptr + fields[i].len <= row + row_len);
}

/* want is a string literal, so embedded NUL bytes count. */
#define EXPECT_FIELD(i, want) expect_field((i), (want), sizeof(want) - 1)

static void expect_null(int i)
{
	ck_assert_msg(fields[i].isnull, "field %d is not NULL", i);
	ck_assert_uint_eq(fields[i].len, 0);
}

static void expect_untouched(int i)
{
	ck_assert_msg(fields[i].ptr == untouched.ptr && fields[i].len == untouched.len,
	              "field %d was written beyond max", i);
}

START_TEST(test_plain_fields)
{
	ck_assert_int_eq(split("1\tabc\tdef"), 3);
	EXPECT_FIELD(0, "1");
	EXPECT_FIELD(1, "abc");
	EXPECT_FIELD(2, "def");
	expect_untouched(3);
}
END_TEST

START_TEST(test_single_field)
{
	ck_assert_int_eq(split("hello world"), 1);
	EXPECT_FIELD(0, "hello world");
}
END_TEST

START_TEST(test_control_escapes)
{
	ck_assert_int_eq(split("\\b\\f\\n\\r\\t\\v\\\\"), 1);
	EXPECT_FIELD(0, "\b\f\n\r\t\v\\");
}
END_TEST

START_TEST(test_escaped_tab_does_not_split)
{
	ck_assert_int_eq(split("a\\tb\tc\\nd"), 2);
	EXPECT_FIELD(0, "a\tb");
	EXPECT_FIELD(1, "c\nd");
}
END_TEST

START_TEST(test_plain_runs_between_escapes)
{
	ck_assert_int_eq(split("ab\\ncd\\tef\tp\\x41q\\101r\tr\\\\s\\\\"), 3);
	EXPECT_FIELD(0, "ab\ncd\tef");
	EXPECT_FIELD(1, "pAqAr");
	EXPECT_FIELD(2, "r\\s\\");
}
END_TEST

START_TEST(test_escaped_backslash_before_tab)
{
	ck_assert_int_eq(split("a\\\\\tb"), 2);
	EXPECT_FIELD(0, "a\\");
	EXPECT_FIELD(1, "b");
}
END_TEST

START_TEST(test_backslash_before_raw_tab_is_data)
{
	/* PostgreSQL never writes this, but COPY FROM reads it as a data tab. */
	ck_assert_int_eq(split("a\\\tb\tc"), 2);
	EXPECT_FIELD(0, "a\tb");
	EXPECT_FIELD(1, "c");
}
END_TEST

START_TEST(test_octal_escapes)
{
	ck_assert_int_eq(split("\\1\t\\12\t\\123\t\\1234\t\\0\t\\101\\102\t\\7x\t\\08"), 8);
	EXPECT_FIELD(0, "\001");
	EXPECT_FIELD(1, "\n");
	EXPECT_FIELD(2, "S");
	EXPECT_FIELD(3, "S4"); /* at most three octal digits */
	EXPECT_FIELD(4, "\0");
	EXPECT_FIELD(5, "AB");
	EXPECT_FIELD(6, "\007x");
	EXPECT_FIELD(7, "\0"
	                "8");
}
END_TEST

START_TEST(test_hex_escapes)
{
	ck_assert_int_eq(split("\\x4\t\\x41\t\\x414\t\\x4g\t\\xg\t\\x\t\\xfF\t\\XA"), 8);
	EXPECT_FIELD(0, "\x04");
	EXPECT_FIELD(1, "A");
	EXPECT_FIELD(2, "A4"); /* at most two hex digits */
	EXPECT_FIELD(3, "\x04g");
	EXPECT_FIELD(4, "xg"); /* \x without a hex digit is a plain x */
	EXPECT_FIELD(5, "x");
	EXPECT_FIELD(6, "\xff");
	EXPECT_FIELD(7, "XA"); /* only lowercase x starts a hex escape */
}
END_TEST

START_TEST(test_unknown_escape_is_the_character)
{
	ck_assert_int_eq(split("\\q\t\\.\t\\'\t\\8\t\\\""), 5);
	EXPECT_FIELD(0, "q");
	EXPECT_FIELD(1, ".");
	EXPECT_FIELD(2, "'");
	EXPECT_FIELD(3, "8");
	EXPECT_FIELD(4, "\"");
}
END_TEST

START_TEST(test_null_alone)
{
	ck_assert_int_eq(split("\\N"), 1);
	expect_null(0);

	ck_assert_int_eq(split("1\t\\N\tc"), 3);
	EXPECT_FIELD(0, "1");
	expect_null(1);
	EXPECT_FIELD(2, "c");

	ck_assert_int_eq(split("\\N\t\\N"), 2);
	expect_null(0);
	expect_null(1);

	ck_assert_int_eq(split("\\N\t"), 2);
	expect_null(0);
	EXPECT_FIELD(1, "");
}
END_TEST

START_TEST(test_null_marker_inside_a_field_is_literal)
{
	ck_assert_int_eq(split("a\\Nb\t\\Nx\tx\\N\t\\N\\N"), 4);
	EXPECT_FIELD(0, "aNb");
	EXPECT_FIELD(1, "Nx");
	EXPECT_FIELD(2, "xN");
	EXPECT_FIELD(3, "NN");
}
END_TEST

START_TEST(test_escaped_backslash_then_n_is_text)
{
	ck_assert_int_eq(split("\\\\N"), 1);
	EXPECT_FIELD(0, "\\N");

	ck_assert_int_eq(split("N"), 1);
	EXPECT_FIELD(0, "N");
}
END_TEST

START_TEST(test_empty_fields)
{
	ck_assert_int_eq(split("\t\t"), 3);
	EXPECT_FIELD(0, "");
	EXPECT_FIELD(1, "");
	EXPECT_FIELD(2, "");

	ck_assert_int_eq(split("a\t\tb"), 3);
	EXPECT_FIELD(0, "a");
	EXPECT_FIELD(1, "");
	EXPECT_FIELD(2, "b");
}
END_TEST

START_TEST(test_empty_row_is_one_empty_field)
{
	ck_assert_int_eq(split(""), 1);
	EXPECT_FIELD(0, "");
	expect_untouched(1);
}
END_TEST

START_TEST(test_trailing_tab_adds_empty_field)
{
	ck_assert_int_eq(split("a\t"), 2);
	EXPECT_FIELD(0, "a");
	EXPECT_FIELD(1, "");
	expect_untouched(2);
}
END_TEST

START_TEST(test_counts_fields_beyond_max)
{
	ck_assert_int_eq(split_n("a\tb\tc\t\\N", 8, 2), 4);
	EXPECT_FIELD(0, "a");
	EXPECT_FIELD(1, "b");
	expect_untouched(2);
	expect_untouched(3);

	ck_assert_int_eq(split_n("x\ty", 3, 0), 2);
	expect_untouched(0);
}
END_TEST

START_TEST(test_lone_trailing_backslash_is_an_error)
{
	ck_assert_int_eq(split("abc\\"), -1);
	ck_assert_int_eq(split("\\"), -1);
	ck_assert_int_eq(split("a\tb\\"), -1);
	ck_assert_int_eq(split("a\\\\\\"), -1);
	/* An escaped backslash at the end is fine. */
	ck_assert_int_eq(split("a\\\\"), 1);
	EXPECT_FIELD(0, "a\\");
}
END_TEST

/* Plain runs before, between and after escapes move up by the right amount. */
START_TEST(test_runs_between_escapes)
{
	ck_assert_int_eq(split("ab\\ncd\\\\ef\\x41gh\tij\\101\\\\\tk"), 3);
	EXPECT_FIELD(0, "ab\ncd\\efAgh");
	EXPECT_FIELD(1, "ijA\\");
	EXPECT_FIELD(2, "k");
}
END_TEST

/* COPY FROM reads a backslash before a raw tab as a tab in the data; the
 * field goes on past it. */
START_TEST(test_backslash_before_raw_tab)
{
	ck_assert_int_eq(split("a\\\tb\\nc\td\\\t"), 2);
	EXPECT_FIELD(0, "a\tb\nc");
	EXPECT_FIELD(1, "d\t");
}
END_TEST

START_TEST(test_utf8_passes_through)
{
	ck_assert_int_eq(split("na\xc3\xafve\t\xe6\x97\xa5\xe6\x9c\xac\\t\xf0\x9f\x98\x80"), 2);
	EXPECT_FIELD(0, "na\xc3\xafve");
	EXPECT_FIELD(1, "\xe6\x97\xa5\xe6\x9c\xac\t\xf0\x9f\x98\x80");
}
END_TEST

START_TEST(test_goes_by_length)
{
	/* Bytes past len are not part of the row. */
	ck_assert_int_eq(split_n("ab\tcd\tef", 4, MAX_FIELDS), 2);
	EXPECT_FIELD(0, "ab");
	EXPECT_FIELD(1, "c");

	/* A backslash just past len is not seen. */
	ck_assert_int_eq(split_n("ab\\n", 2, MAX_FIELDS), 1);
	EXPECT_FIELD(0, "ab");
}
END_TEST

/* Escapes and tabs at every offset around the 16-byte steps of the scan,
 * and a tab or backslash just past len in a long row is not seen. */
START_TEST(test_every_offset)
{
	char text[128], want0[64], want1[64];

	for (int k = 0; k <= 40; k++) {
		size_t len = 0;
		memset(text, 'a', (size_t)k);
		len += (size_t)k;
		memcpy(text + len, "\\n", 2);
		len += 2;
		memset(text + len, 'b', (size_t)(40 - k));
		len += (size_t)(40 - k);
		text[len++] = '\t';
		memset(text + len, 'c', (size_t)k);
		len += (size_t)k;
		memset(want0, 'a', (size_t)k);
		want0[k] = '\n';
		memset(want0 + k + 1, 'b', (size_t)(40 - k));
		memset(want1, 'c', (size_t)k);
		ck_assert_int_eq(split_n(text, len, MAX_FIELDS), 2);
		expect_field(0, want0, 41);
		expect_field(1, want1, (size_t)k);
	}
	for (int k = 1; k <= 40; k++) {
		memset(row, 'x', (size_t)k);
		row[k] = k % 2 ? '\t' : '\\';
		row_len = (size_t)k;
		ck_assert_int_eq(copytext_split(row, (size_t)k, fields, MAX_FIELDS), 1);
		memset(text, 'x', (size_t)k);
		expect_field(0, text, (size_t)k);
	}
}
END_TEST

Suite *make_suite_copytext(void)
{
	Suite *s = suite_create("copytext");
	TCase *tc;

	tc = tcase_create("fields");
	tcase_add_test(tc, test_plain_fields);
	tcase_add_test(tc, test_single_field);
	tcase_add_test(tc, test_empty_fields);
	tcase_add_test(tc, test_empty_row_is_one_empty_field);
	tcase_add_test(tc, test_trailing_tab_adds_empty_field);
	tcase_add_test(tc, test_counts_fields_beyond_max);
	tcase_add_test(tc, test_goes_by_length);
	tcase_add_test(tc, test_every_offset);
	tcase_add_test(tc, test_utf8_passes_through);
	suite_add_tcase(s, tc);

	tc = tcase_create("escapes");
	tcase_add_test(tc, test_control_escapes);
	tcase_add_test(tc, test_escaped_tab_does_not_split);
	tcase_add_test(tc, test_plain_runs_between_escapes);
	tcase_add_test(tc, test_escaped_backslash_before_tab);
	tcase_add_test(tc, test_backslash_before_raw_tab_is_data);
	tcase_add_test(tc, test_octal_escapes);
	tcase_add_test(tc, test_runs_between_escapes);
	tcase_add_test(tc, test_backslash_before_raw_tab);
	tcase_add_test(tc, test_hex_escapes);
	tcase_add_test(tc, test_unknown_escape_is_the_character);
	tcase_add_test(tc, test_lone_trailing_backslash_is_an_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("null");
	tcase_add_test(tc, test_null_alone);
	tcase_add_test(tc, test_null_marker_inside_a_field_is_literal);
	tcase_add_test(tc, test_escaped_backslash_then_n_is_text);
	suite_add_tcase(s, tc);
	return s;
}
