/* check_quote: identifiers, literals, column values and name patterns. */
#include <config.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* By path: gnulib has a quote.h too, and lib/ comes first on the include path. */
#include "../../src/quote.h"
#include "suites.h"

static void expect_ident(const char *name, const char *want)
{
	buf_t out;

	buf_init(&out);
	quote_ident(&out, name);
	ck_assert_msg(strcmp(out.data, want) == 0, "quote_ident(%s) gave %s, want %s", name, out.data, want);
	ck_assert_uint_eq(out.len, strlen(want));
	buf_free(&out);
}

/* v is taken with strlen; want is the exact SQL text. */
static void expect_value(enum literal_kind kind, const char *v, const char *want)
{
	buf_t out;

	buf_init(&out);
	quote_value(&out, kind, v, strlen(v));
	ck_assert_msg(strcmp(out.data, want) == 0, "quote_value(kind %d, [%s]) gave [%s], want [%s]",
	              (int)kind, v, out.data, want);
	ck_assert_uint_eq(out.len, strlen(want));
	buf_free(&out);
}

static void expect_literal(const char *s, const char *want)
{
	buf_t out;

	buf_init(&out);
	quote_literal(&out, s, strlen(s));
	ck_assert_msg(strcmp(out.data, want) == 0, "quote_literal([%s]) gave [%s], want [%s]", s, out.data,
	              want);
	ck_assert_uint_eq(out.len, strlen(want));
	buf_free(&out);
}

START_TEST(test_ident_plain_names_stay_bare)
{
	expect_ident("name", "name");
	expect_ident("text", "text");
	expect_ident("id", "id");
	expect_ident("episodes", "episodes");
	expect_ident("_private", "_private");
	expect_ident("t2", "t2");
	expect_ident("a_1_b", "a_1_b");
	ck_assert(quote_ident_is_plain("name"));
	ck_assert(quote_ident_is_plain("x"));
}
END_TEST

START_TEST(test_ident_needs_quotes)
{
	expect_ident("Name", "\"Name\"");
	expect_ident("ALLCAPS", "\"ALLCAPS\"");
	expect_ident("my table", "\"my table\"");
	expect_ident("1abc", "\"1abc\"");
	expect_ident("9", "\"9\"");
	expect_ident("a-b", "\"a-b\"");
	expect_ident("a$b", "\"a$b\"");
	expect_ident("a.b", "\"a.b\"");
	expect_ident("", "\"\"");
	ck_assert(!quote_ident_is_plain("Name"));
	ck_assert(!quote_ident_is_plain("1abc"));
	ck_assert(!quote_ident_is_plain(""));
}
END_TEST

START_TEST(test_ident_doubles_embedded_quotes)
{
	expect_ident("a\"b", "\"a\"\"b\"");
	expect_ident("\"", "\"\"\"\"");
	expect_ident("\"\"", "\"\"\"\"\"\"");
	expect_ident("x\"; DROP TABLE t; --", "\"x\"\"; DROP TABLE t; --\"");
	expect_ident("it's", "\"it's\"");
}
END_TEST

START_TEST(test_ident_unicode_is_quoted)
{
	expect_ident("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	expect_ident("\xe6\x97\xa5\xe6\x9c\xac", "\"\xe6\x97\xa5\xe6\x9c\xac\"");
}
END_TEST

START_TEST(test_ident_keywords_are_quoted)
{
	/* Reserved, column-name and type/function-name keywords, including the
	 * first and last of the sorted table and ones newer servers added. */
	static const char *const words[] = {
	    "select",   "user",       "table",        "from",        "order",         "group",   "all",
	    "xmltable", "between",    "int",          "integer",     "authorization", "left",    "is",
	    "json",     "json_table", "merge_action", "system_user", "analyse",       "analyze", "values",
	    "time",     "timestamp",  "primary",      "references",  "current_user",  "verbose", "notnull",
	};

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		char want[64];
		snprintf(want, sizeof want, "\"%s\"", words[i]);
		expect_ident(words[i], want);
		ck_assert_msg(!quote_ident_is_plain(words[i]), "%s should not be plain", words[i]);
	}
}
END_TEST

START_TEST(test_ident_unreserved_words_stay_bare)
{
	/* Unreserved keywords and near-misses of keywords are fine as names. */
	static const char *const words[] = {
	    "name",    "text",    "id",    "data",      "key",   "type", "value",
	    "comment", "action",  "abort", "zone",      "year",  "alla", "a",
	    "zzz",     "selects", "users", "xmltables", "json_", "inta", "timestamps",
	};

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		expect_ident(words[i], words[i]);
}
END_TEST

START_TEST(test_ident_appends)
{
	buf_t out;

	buf_init(&out);
	buf_puts(&out, "public.");
	quote_ident(&out, "Episodes");
	buf_puts(&out, " ");
	quote_ident(&out, "title");
	ck_assert_str_eq(out.data, "public.\"Episodes\" title");
	buf_free(&out);
}
END_TEST

START_TEST(test_literal)
{
	expect_literal("", "''");
	expect_literal("plain", "'plain'");
	expect_literal("it's", "'it''s'");
	expect_literal("'", "''''");
	expect_literal("''", "''''''");
	expect_literal("'a'b'", "'''a''b'''");
	/* standard_conforming_strings: a backslash is an ordinary character. */
	expect_literal("a\\b", "'a\\b'");
	expect_literal("\\", "'\\'");
	expect_literal("\\'", "'\\'''");
	expect_literal("line1\nline2\tx\r", "'line1\nline2\tx\r'");
	expect_literal("caf\xc3\xa9", "'caf\xc3\xa9'");
	expect_literal("x'); DROP TABLE t; --", "'x''); DROP TABLE t; --'");
}
END_TEST

START_TEST(test_literal_uses_length_not_nul)
{
	buf_t out;

	buf_init(&out);
	quote_literal(&out, "abc'def", 4);
	ck_assert_str_eq(out.data, "'abc'''");
	buf_reset(&out);
	quote_literal(&out, "ignored", 0);
	ck_assert_str_eq(out.data, "''");
	buf_free(&out);
}
END_TEST

START_TEST(test_literal_long_with_many_quotes)
{
	char in[1001];
	buf_t out, want;

	for (int i = 0; i < 1000; i++)
		in[i] = i % 3 == 0 ? '\'' : 'a';
	in[1000] = '\0';
	buf_init(&want);
	buf_putc(&want, '\'');
	for (int i = 0; i < 1000; i++) {
		if (in[i] == '\'')
			buf_putc(&want, '\'');
		buf_putc(&want, in[i]);
	}
	buf_putc(&want, '\'');
	buf_init(&out);
	quote_literal(&out, in, 1000);
	ck_assert_uint_eq(out.len, want.len);
	ck_assert_str_eq(out.data, want.data);
	buf_free(&out);
	buf_free(&want);
}
END_TEST

START_TEST(test_value_integer)
{
	expect_value(LIT_INTEGER, "0", "0");
	expect_value(LIT_INTEGER, "42", "42");
	expect_value(LIT_INTEGER, "-123", "-123");
	expect_value(LIT_INTEGER, "-9223372036854775808", "-9223372036854775808");
	expect_value(LIT_INTEGER, "", "''");
	expect_value(LIT_INTEGER, "-", "'-'");
	expect_value(LIT_INTEGER, "+1", "'+1'");
	expect_value(LIT_INTEGER, "1.5", "'1.5'");
	expect_value(LIT_INTEGER, "1e5", "'1e5'");
	expect_value(LIT_INTEGER, " 1", "' 1'");
	expect_value(LIT_INTEGER, "12a", "'12a'");
	expect_value(LIT_INTEGER, "1-2", "'1-2'");
	expect_value(LIT_INTEGER, "1;DROP", "'1;DROP'");
}
END_TEST

START_TEST(test_value_numeric)
{
	expect_value(LIT_NUMERIC, "1.50", "1.50");
	expect_value(LIT_NUMERIC, "-0.5", "-0.5");
	expect_value(LIT_NUMERIC, "42", "42");
	expect_value(LIT_NUMERIC, "0.000000000000000000001", "0.000000000000000000001");
	expect_value(LIT_NUMERIC, "NaN", "'NaN'");
	expect_value(LIT_NUMERIC, "Infinity", "'Infinity'");
	expect_value(LIT_NUMERIC, "-Infinity", "'-Infinity'");
	expect_value(LIT_NUMERIC, "1.", "'1.'");
	expect_value(LIT_NUMERIC, ".5", "'.5'");
	expect_value(LIT_NUMERIC, "1e5", "'1e5'");
	expect_value(LIT_NUMERIC, "1.2.3", "'1.2.3'");
	expect_value(LIT_NUMERIC, "", "''");
}
END_TEST

/* int8, int2, oid, numeric and floats: always a string literal, which the
 * server reads with the column type's input function (no cast to fold). */
START_TEST(test_value_quoted_number)
{
	expect_value(LIT_QUOTED_NUMBER, "42", "'42'");
	expect_value(LIT_QUOTED_NUMBER, "-9223372036854775808", "'-9223372036854775808'");
	expect_value(LIT_QUOTED_NUMBER, "1047.29", "'1047.29'");
	expect_value(LIT_QUOTED_NUMBER, "-0", "'-0'");
	expect_value(LIT_QUOTED_NUMBER, "1e+308", "'1e+308'");
	expect_value(LIT_QUOTED_NUMBER, "NaN", "'NaN'");
	expect_value(LIT_QUOTED_NUMBER, "", "''");
	expect_value(LIT_QUOTED_NUMBER, "1'2", "'1''2'");
}
END_TEST

START_TEST(test_value_float)
{
	expect_value(LIT_FLOAT, "1.5", "1.5");
	expect_value(LIT_FLOAT, "0", "0");
	expect_value(LIT_FLOAT, "-2.25", "-2.25");
	expect_value(LIT_FLOAT, "1e+308", "1e+308");
	expect_value(LIT_FLOAT, "1.5e-40", "1.5e-40");
	expect_value(LIT_FLOAT, "-1e-05", "-1e-05");
	expect_value(LIT_FLOAT, "-0.001", "-0.001");
	expect_value(LIT_FLOAT, "1E10", "1E10");
	/* A bare -0 would be read as integer zero and lose its sign. */
	expect_value(LIT_FLOAT, "-0", "'-0'");
	expect_value(LIT_FLOAT, "-0.0", "'-0.0'");
	expect_value(LIT_FLOAT, "-0e0", "'-0e0'");
	expect_value(LIT_FLOAT, "NaN", "'NaN'");
	expect_value(LIT_FLOAT, "Infinity", "'Infinity'");
	expect_value(LIT_FLOAT, "-Infinity", "'-Infinity'");
	expect_value(LIT_FLOAT, "1e", "'1e'");
	expect_value(LIT_FLOAT, "1e+", "'1e+'");
	expect_value(LIT_FLOAT, "", "''");
}
END_TEST

START_TEST(test_value_bool)
{
	expect_value(LIT_BOOL, "t", "true");
	expect_value(LIT_BOOL, "f", "false");
	expect_value(LIT_BOOL, "x", "'x'");
	expect_value(LIT_BOOL, "", "''");
}
END_TEST

START_TEST(test_value_text_always_quoted)
{
	expect_value(LIT_TEXT, "123", "'123'");
	expect_value(LIT_TEXT, "t", "'t'");
	expect_value(LIT_TEXT, "NULL", "'NULL'");
	expect_value(LIT_TEXT, "", "''");
	expect_value(LIT_TEXT, "o'k", "'o''k'");
	expect_value(LIT_TEXT, "a\\b\nc", "'a\\b\nc'");
}
END_TEST

START_TEST(test_value_uses_length)
{
	buf_t out;

	buf_init(&out);
	quote_value(&out, LIT_INTEGER, "12x", 2);
	ck_assert_str_eq(out.data, "12");
	buf_reset(&out);
	quote_value(&out, LIT_BOOL, "tf", 1);
	ck_assert_str_eq(out.data, "true");
	buf_reset(&out);
	quote_value(&out, LIT_FLOAT, "-0.5", 2);
	ck_assert_str_eq(out.data, "'-0'");
	buf_free(&out);
}
END_TEST

/* want_schema NULL means the pattern must name no schema. */
static void expect_pattern(const char *pattern, bool wildcards, const char *want_schema,
                           const char *want_name)
{
	char *schema_re = (char *)"unset", *name_re = (char *)"unset";
	buf_t err;

	buf_init(&err);
	ck_assert_msg(pattern_to_regex(pattern, wildcards, &schema_re, &name_re, &err),
	              "pattern [%s] rejected: %s", pattern, err.data);
	ck_assert_str_eq(err.data, "");
	ck_assert_msg(strcmp(name_re, want_name) == 0, "pattern [%s]: name regex [%s], want [%s]", pattern,
	              name_re, want_name);
	if (want_schema)
		ck_assert_msg(schema_re && strcmp(schema_re, want_schema) == 0,
		              "pattern [%s]: schema regex [%s], want [%s]", pattern,
		              schema_re ? schema_re : "(null)", want_schema);
	else
		ck_assert_msg(schema_re == NULL, "pattern [%s]: schema regex [%s], want none", pattern,
		              schema_re);
	free(schema_re);
	free(name_re);
	buf_free(&err);
}

static void expect_bad_pattern(const char *pattern, const char *want_err)
{
	char *schema_re = (char *)"unset", *name_re = (char *)"unset";
	buf_t err;

	buf_init(&err);
	ck_assert_msg(!pattern_to_regex(pattern, true, &schema_re, &name_re, &err), "pattern [%s] accepted",
	              pattern);
	ck_assert_ptr_null(schema_re);
	ck_assert_ptr_null(name_re);
	ck_assert_str_eq(err.data, want_err);
	buf_free(&err);
}

START_TEST(test_pattern_plain_and_case)
{
	expect_pattern("name", true, NULL, "^(name)$");
	expect_pattern("Foo", true, NULL, "^(foo)$");
	expect_pattern("\"Foo\"", true, NULL, "^(Foo)$");
	expect_pattern("\"Foo\"Bar", true, NULL, "^(Foobar)$");
	expect_pattern("episodes_2024", true, NULL, "^(episodes_2024)$");
}
END_TEST

START_TEST(test_pattern_schema_and_wildcards)
{
	expect_pattern("s.t*", true, "^(s)$", "^(t.*)$");
	expect_pattern("t?x", true, NULL, "^(t.x)$");
	expect_pattern("*", true, NULL, "^(.*)$");
	expect_pattern("*.*", true, "^(.*)$", "^(.*)$");
	expect_pattern("Public.Episodes", true, "^(public)$", "^(episodes)$");
	expect_pattern("\"My Schema\".\"T*\"", true, "^(My Schema)$", "^(T\\*)$");
}
END_TEST

START_TEST(test_pattern_without_wildcards)
{
	expect_pattern("t*?", false, NULL, "^(t\\*\\?)$");
	expect_pattern("s.Tab", false, "^(s)$", "^(tab)$");
	expect_pattern("\"T\"", false, NULL, "^(T)$");
}
END_TEST

START_TEST(test_pattern_escapes_regex_characters)
{
	expect_pattern("\"a.b\"", true, NULL, "^(a\\.b)$");
	expect_pattern("a$b", true, NULL, "^(a\\$b)$");
	expect_pattern("a(b)", true, NULL, "^(a\\(b\\))$");
	expect_pattern("a|b", true, NULL, "^(a\\|b)$");
	expect_pattern("a+b", true, NULL, "^(a\\+b)$");
	expect_pattern("a[1]{2}", true, NULL, "^(a\\[1\\]\\{2\\})$");
	expect_pattern("^a", true, NULL, "^(\\^a)$");
	expect_pattern("a\\b", true, NULL, "^(a\\\\b)$");
	expect_pattern("\"?*\"", true, NULL, "^(\\?\\*)$");
}
END_TEST

START_TEST(test_pattern_doubled_quote_is_literal)
{
	expect_pattern("\"a\"\"b\"", true, NULL, "^(a\"b)$");
	expect_pattern("\"\"\"\"", true, NULL, "^(\")$");
	expect_pattern("\"s\"\"x\".t", true, "^(s\"x)$", "^(t)$");
}
END_TEST

START_TEST(test_pattern_errors)
{
	expect_bad_pattern("\"abc", "unterminated quoted name in \"\"abc\"");
	expect_bad_pattern("s.\"t", "unterminated quoted name in \"s.\"t\"");
	expect_bad_pattern("a.b.c", "improper qualified name (too many dotted names): \"a.b.c\"");
	expect_bad_pattern("a.b.c.d", "improper qualified name (too many dotted names): \"a.b.c.d\"");
	expect_bad_pattern("", "empty name in pattern \"\"");
	expect_bad_pattern("s.", "empty name in pattern \"s.\"");
	expect_bad_pattern(".t", "empty name in pattern \".t\"");
	expect_bad_pattern("\"\"", "empty name in pattern \"\"\"\"");
}
END_TEST

/* The regexes are used by the server's ~ operator; POSIX EREs read them the same way. */
static bool regex_matches(const char *re, const char *s)
{
	regex_t r;
	int rc;

	ck_assert_int_eq(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	rc = regexec(&r, s, 0, NULL, 0);
	regfree(&r);
	return rc == 0;
}

START_TEST(test_pattern_regexes_match_what_they_should)
{
	char *schema_re, *name_re;
	buf_t err;

	buf_init(&err);
	ck_assert(pattern_to_regex("s.t*", true, &schema_re, &name_re, &err));
	ck_assert(regex_matches(schema_re, "s"));
	ck_assert(!regex_matches(schema_re, "xs"));
	ck_assert(!regex_matches(schema_re, "s2"));
	ck_assert(regex_matches(name_re, "t"));
	ck_assert(regex_matches(name_re, "tab"));
	ck_assert(!regex_matches(name_re, "atab"));
	free(schema_re);
	free(name_re);

	ck_assert(pattern_to_regex("\"a.b\"", true, &schema_re, &name_re, &err));
	ck_assert(regex_matches(name_re, "a.b"));
	ck_assert(!regex_matches(name_re, "axb"));
	free(name_re);

	ck_assert(pattern_to_regex("a|b", true, &schema_re, &name_re, &err));
	ck_assert(regex_matches(name_re, "a|b"));
	ck_assert(!regex_matches(name_re, "a"));
	free(name_re);
	buf_free(&err);
}
END_TEST

START_TEST(test_line_breaks)
{
	ck_assert(!quote_has_line_break("plain name"));
	ck_assert(!quote_has_line_break(""));
	ck_assert(quote_has_line_break("a\nb"));
	ck_assert(quote_has_line_break("a\rb"));
	ck_assert(quote_has_line_break("\n"));
}
END_TEST

Suite *make_suite_quote(void)
{
	Suite *s = suite_create("quote");
	TCase *tc;

	tc = tcase_create("ident");
	tcase_add_test(tc, test_ident_plain_names_stay_bare);
	tcase_add_test(tc, test_ident_needs_quotes);
	tcase_add_test(tc, test_ident_doubles_embedded_quotes);
	tcase_add_test(tc, test_ident_unicode_is_quoted);
	tcase_add_test(tc, test_ident_keywords_are_quoted);
	tcase_add_test(tc, test_ident_unreserved_words_stay_bare);
	tcase_add_test(tc, test_ident_appends);
	suite_add_tcase(s, tc);

	tc = tcase_create("literal");
	tcase_add_test(tc, test_literal);
	tcase_add_test(tc, test_literal_uses_length_not_nul);
	tcase_add_test(tc, test_literal_long_with_many_quotes);
	suite_add_tcase(s, tc);

	tc = tcase_create("value");
	tcase_add_test(tc, test_value_integer);
	tcase_add_test(tc, test_value_numeric);
	tcase_add_test(tc, test_value_quoted_number);
	tcase_add_test(tc, test_value_float);
	tcase_add_test(tc, test_value_bool);
	tcase_add_test(tc, test_value_text_always_quoted);
	tcase_add_test(tc, test_value_uses_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("pattern");
	tcase_add_test(tc, test_pattern_plain_and_case);
	tcase_add_test(tc, test_pattern_schema_and_wildcards);
	tcase_add_test(tc, test_pattern_without_wildcards);
	tcase_add_test(tc, test_pattern_escapes_regex_characters);
	tcase_add_test(tc, test_pattern_doubled_quote_is_literal);
	tcase_add_test(tc, test_pattern_errors);
	tcase_add_test(tc, test_pattern_regexes_match_what_they_should);
	tcase_add_test(tc, test_line_breaks);
	suite_add_tcase(s, tc);
	return s;
}
