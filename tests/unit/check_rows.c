/* check_rows: the INSERT statements built from decoded rows. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rows.h"
#include "suites.h"

static buf_t out;
static rows_writer_t writer;

static void setup(void)
{
	buf_init(&out);
	memset(&writer, 0, sizeof writer);
}

static void teardown(void)
{
	rows_free(&writer);
	buf_free(&out);
}

/* Adds one row; a NULL string stands for SQL NULL. */
static void add_row(int n, const char *const *values)
{
	copy_field_t f[8];

	ck_assert_int_le(n, 8);
	for (int i = 0; i < n; i++) {
		f[i].ptr = values[i] ? values[i] : "";
		f[i].len = values[i] ? strlen(values[i]) : 0;
		f[i].isnull = values[i] == NULL;
	}
	rows_add(&writer, f);
}

#define ADD_ROW(...)                                                                                         \
	add_row(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *), (const char *[]){__VA_ARGS__})

static const enum literal_kind int_text[] = {LIT_INTEGER, LIT_TEXT};
static const enum literal_kind one_int[] = {LIT_INTEGER};
static const enum literal_kind one_text[] = {LIT_TEXT};

/* Adds rows 1..n to a one-column integer writer. */
static void add_numbered_rows(int n)
{
	for (int i = 1; i <= n; i++) {
		char v[16];
		snprintf(v, sizeof v, "%d", i);
		ADD_ROW(v);
	}
}

/* The expected text for rows first..last of a one-column integer table
 * "INSERT INTO t (a) VALUES\n" statement. */
static void expect_numbered_statement(buf_t *want, int first, int last, const char *suffix)
{
	buf_puts(want, "INSERT INTO t (a) VALUES\n");
	for (int i = first; i <= last; i++)
		buf_printf(want, "%s(%d)", i == first ? "" : ",", i);
	buf_puts(want, suffix);
}

static int count_occurrences(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

START_TEST(test_default_layout)
{
	rows_init(&writer, &out, "t", "a, b", 2, int_text, false, false, 100, 1024 * 1024);
	ADD_ROW("1", "x");
	ADD_ROW("2", NULL);
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO t (a, b) VALUES\n(1,'x'),(2,NULL);\n");
	ck_assert_uint_eq(writer.rows_total, 2);
}
END_TEST

START_TEST(test_values_quoted_by_kind)
{
	static const enum literal_kind kinds[] = {LIT_INTEGER, LIT_NUMERIC, LIT_FLOAT, LIT_BOOL, LIT_TEXT};

	rows_init(&writer, &out, "public.\"Mixed\"", "i, n, \"F\", b, t", 5, kinds, false, false, 100,
	          1024 * 1024);
	ADD_ROW("-1", "NaN", "-0", "t", "a'b");
	ADD_ROW("7", "1.50", "1e+308", "f", "");
	ADD_ROW(NULL, NULL, NULL, NULL, NULL);
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO public.\"Mixed\" (i, n, \"F\", b, t) VALUES\n"
	                           "(-1,'NaN','-0',true,'a''b'),"
	                           "(7,1.50,1e+308,false,''),"
	                           "(NULL,NULL,NULL,NULL,NULL);\n");
}
END_TEST

START_TEST(test_empty_string_is_not_null)
{
	rows_init(&writer, &out, "t", "a", 1, one_text, false, false, 100, 1024 * 1024);
	ADD_ROW("");
	ADD_ROW(NULL);
	ADD_ROW("NULL");
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO t (a) VALUES\n(''),(NULL),('NULL');\n");
}
END_TEST

START_TEST(test_rows_per_insert_splits)
{
	buf_t want;

	rows_init(&writer, &out, "t", "a", 1, one_int, false, false, 10, 1024 * 1024);
	add_numbered_rows(25);
	rows_finish(&writer);

	buf_init(&want);
	expect_numbered_statement(&want, 1, 10, ";\n");
	expect_numbered_statement(&want, 11, 20, ";\n");
	expect_numbered_statement(&want, 21, 25, ";\n");
	ck_assert_str_eq(out.data, want.data);
	ck_assert_int_eq(count_occurrences(out.data, "INSERT INTO"), 3);
	ck_assert_uint_eq(writer.rows_total, 25);
	buf_free(&want);
}
END_TEST

START_TEST(test_rows_per_insert_exact_multiple)
{
	buf_t want;

	rows_init(&writer, &out, "t", "a", 1, one_int, false, false, 10, 1024 * 1024);
	add_numbered_rows(20);
	rows_finish(&writer);

	/* No empty statement after the last full one. */
	buf_init(&want);
	expect_numbered_statement(&want, 1, 10, ";\n");
	expect_numbered_statement(&want, 11, 20, ";\n");
	ck_assert_str_eq(out.data, want.data);
	buf_free(&want);
}
END_TEST

START_TEST(test_one_row_per_insert)
{
	rows_init(&writer, &out, "t", "a", 1, one_int, false, false, 1, 1024 * 1024);
	add_numbered_rows(3);
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO t (a) VALUES\n(1);\n"
	                           "INSERT INTO t (a) VALUES\n(2);\n"
	                           "INSERT INTO t (a) VALUES\n(3);\n");
}
END_TEST

/* "INSERT INTO t (a) VALUES\n" is 25 bytes, each "(N)" row 3, each ","
 * between rows 1 and the closing ";\n" 2: k one-digit rows make a 26 + 4k
 * byte statement. */
START_TEST(test_max_bytes_statement_may_reach_the_limit)
{
	buf_t want;

	rows_init(&writer, &out, "t", "a", 1, one_int, false, false, 100, 38);
	add_numbered_rows(7);
	rows_finish(&writer);

	buf_init(&want);
	expect_numbered_statement(&want, 1, 3, ";\n");
	expect_numbered_statement(&want, 4, 6, ";\n");
	expect_numbered_statement(&want, 7, 7, ";\n");
	ck_assert_str_eq(out.data, want.data);
	ck_assert_uint_eq(writer.rows_total, 7);
	buf_free(&want);
}
END_TEST

START_TEST(test_max_bytes_counts_the_terminator)
{
	buf_t want;

	/* Three rows would make a 38-byte statement, one past the limit. */
	rows_init(&writer, &out, "t", "a", 1, one_int, false, false, 100, 37);
	add_numbered_rows(5);
	rows_finish(&writer);

	buf_init(&want);
	expect_numbered_statement(&want, 1, 2, ";\n");
	expect_numbered_statement(&want, 3, 4, ";\n");
	expect_numbered_statement(&want, 5, 5, ";\n");
	ck_assert_str_eq(out.data, want.data);
	buf_free(&want);
}
END_TEST

START_TEST(test_max_bytes_counts_on_conflict_suffix)
{
	static const char suffix[] = " ON CONFLICT DO NOTHING;\n"; /* 25 bytes */
	buf_t want;

	/* Statement of k rows: 25 + 3k + (k-1) + 25 = 49 + 4k; 61 fits three. */
	rows_init(&writer, &out, "t", "a", 1, one_int, false, true, 100, 61);
	add_numbered_rows(4);
	rows_finish(&writer);

	buf_init(&want);
	expect_numbered_statement(&want, 1, 3, suffix);
	expect_numbered_statement(&want, 4, 4, suffix);
	ck_assert_str_eq(out.data, want.data);
	buf_reset(&want);
	buf_reset(&out);
	rows_free(&writer);

	rows_init(&writer, &out, "t", "a", 1, one_int, false, true, 100, 60);
	add_numbered_rows(4);
	rows_finish(&writer);
	expect_numbered_statement(&want, 1, 2, suffix);
	expect_numbered_statement(&want, 3, 4, suffix);
	ck_assert_str_eq(out.data, want.data);
	buf_free(&want);
}
END_TEST

/* Splits out into statements and checks each is within max_bytes unless it holds a single row. */
static void expect_statements_within(const char *text, size_t max_bytes, const char *suffix)
{
	const char *p = text;
	size_t suffix_len = strlen(suffix);

	while (*p) {
		const char *end = strstr(p, suffix);
		size_t len;
		ck_assert_ptr_nonnull(end);
		end += suffix_len;
		len = (size_t)(end - p);
		if (len > max_bytes) {
			/* Only a lone row may overflow: no "),(" between rows inside. */
			char *stmt = xstrndup(p, len);
			ck_assert_msg(strstr(stmt, "),(") == NULL,
			              "statement of %zu bytes > %zu holds several rows: %s", len, max_bytes,
			              stmt);
			free(stmt);
		}
		p = end;
	}
}

START_TEST(test_max_bytes_never_exceeded_by_several_rows)
{
	for (int on_conflict = 0; on_conflict <= 1; on_conflict++) {
		for (size_t max = 20; max < 200; max++) {
			buf_reset(&out);
			rows_init(&writer, &out, "t", "a", 1, one_int, false, on_conflict, 1000, max);
			for (int i = 1; i <= 200; i += 7) {
				char v[16];
				snprintf(v, sizeof v, "%d", i * i);
				ADD_ROW(v);
			}
			rows_finish(&writer);
			expect_statements_within(out.data, max,
			                         on_conflict ? " ON CONFLICT DO NOTHING;\n" : ";\n");
			rows_free(&writer);
		}
	}
}
END_TEST

START_TEST(test_row_bigger_than_max_bytes_is_alone)
{
	static const char big[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; /* 40 */

	rows_init(&writer, &out, "t", "a", 1, one_text, false, false, 100, 50);
	ADD_ROW("1");
	ADD_ROW(big);
	ADD_ROW("2");
	ADD_ROW("3");
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO t (a) VALUES\n('1');\n"
	                           "INSERT INTO t (a) VALUES\n('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');\n"
	                           "INSERT INTO t (a) VALUES\n('2'),('3');\n");
	ck_assert_uint_eq(writer.rows_total, 4);
}
END_TEST

START_TEST(test_max_bytes_smaller_than_prefix)
{
	/* Every row still gets written, one per statement. */
	rows_init(&writer, &out, "t", "a", 1, one_int, false, false, 100, 1);
	add_numbered_rows(2);
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO t (a) VALUES\n(1);\nINSERT INTO t (a) VALUES\n(2);\n");
}
END_TEST

START_TEST(test_overriding_system_value)
{
	rows_init(&writer, &out, "t", "a, b", 2, int_text, true, false, 100, 1024 * 1024);
	ADD_ROW("1", "x");
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO t (a, b) OVERRIDING SYSTEM VALUE VALUES\n(1,'x');\n");
}
END_TEST

START_TEST(test_on_conflict_do_nothing)
{
	rows_init(&writer, &out, "t", "a, b", 2, int_text, false, true, 1, 1024 * 1024);
	ADD_ROW("1", "x");
	ADD_ROW("2", "y");
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO t (a, b) VALUES\n(1,'x') ON CONFLICT DO NOTHING;\n"
	                           "INSERT INTO t (a, b) VALUES\n(2,'y') ON CONFLICT DO NOTHING;\n");
}
END_TEST

START_TEST(test_overriding_and_on_conflict)
{
	rows_init(&writer, &out, "s.t", "a, b", 2, int_text, true, true, 100, 1024 * 1024);
	ADD_ROW("1", "x");
	ADD_ROW("2", "y");
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO s.t (a, b) OVERRIDING SYSTEM VALUE VALUES\n(1,'x'),(2,'y')"
	                           " ON CONFLICT DO NOTHING;\n");
}
END_TEST

START_TEST(test_zero_columns_default_values)
{
	rows_init(&writer, &out, "t", "", 0, NULL, false, false, 100, 1024 * 1024);
	rows_add(&writer, NULL);
	rows_add(&writer, NULL);
	rows_add(&writer, NULL);
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO t DEFAULT VALUES;\n"
	                           "INSERT INTO t DEFAULT VALUES;\n"
	                           "INSERT INTO t DEFAULT VALUES;\n");
	ck_assert_uint_eq(writer.rows_total, 3);
}
END_TEST

START_TEST(test_zero_columns_on_conflict)
{
	rows_init(&writer, &out, "t", "", 0, NULL, false, true, 100, 1024 * 1024);
	rows_add(&writer, NULL);
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "INSERT INTO t DEFAULT VALUES ON CONFLICT DO NOTHING;\n");
}
END_TEST

START_TEST(test_finish_without_rows_writes_nothing)
{
	buf_puts(&out, "-- before\n");
	rows_init(&writer, &out, "t", "a, b", 2, int_text, false, false, 100, 1024 * 1024);
	rows_finish(&writer);
	ck_assert_str_eq(out.data, "-- before\n");
	ck_assert_uint_eq(writer.rows_total, 0);
}
END_TEST

START_TEST(test_appends_and_finish_is_idempotent)
{
	buf_puts(&out, "-- data\n");
	rows_init(&writer, &out, "t", "a", 1, one_int, false, false, 100, 1024 * 1024);
	ADD_ROW("1");
	rows_finish(&writer);
	rows_finish(&writer);
	/* A row after finish starts a new statement. */
	ADD_ROW("2");
	rows_finish(&writer);
	ck_assert_str_eq(out.data,
	                 "-- data\nINSERT INTO t (a) VALUES\n(1);\nINSERT INTO t (a) VALUES\n(2);\n");
	ck_assert_uint_eq(writer.rows_total, 2);
}
END_TEST

START_TEST(test_rows_total_counts_every_row)
{
	rows_init(&writer, &out, "t", "a", 1, one_int, false, false, 3, 30);
	ck_assert_uint_eq(writer.rows_total, 0);
	add_numbered_rows(1000);
	ck_assert_uint_eq(writer.rows_total, 1000);
	rows_finish(&writer);
	ck_assert_uint_eq(writer.rows_total, 1000);
}
END_TEST

/* rows_writer's drain for the tests: what out held moves to `drained`, as a
 * sink writes its buffer out; the most out ever held is kept. */
static buf_t *collect;
static size_t most_held;

static void drain_to_buffer(void *ctx)
{
	buf_t *b = ctx;

	if (b->len > most_held)
		most_held = b->len;
	buf_append(collect, b->data, b->len);
	buf_reset(b);
}

/* Rows with values of 0.6 to 1.5 times ROWS_PIECE, quotes in them (all
 * quotes in one, one cut at a piece boundary) and small rows between,
 * written by a writer of the given limits into `into`, in pieces (drain) or
 * whole; out goes to `into` after each row, as data.c flushes the sink. */
/* A value handed out as a stream, in chunks of 999 bytes. */
typedef struct chunks {
	const char *v;
	size_t len, off;
} chunks_t;

static bool next_chunk(void *ctx, const char **p, size_t *n)
{
	chunks_t *c = ctx;

	if (c->off == c->len)
		return false;
	*p = c->v + c->off;
	*n = c->len - c->off < 999 ? c->len - c->off : 999;
	c->off += *n;
	return true;
}

static int streamed_rows; /* rows rows_add_streamed wrote */
static bool as_tuples;    /* write_big_rows_mode writes bare rows (rows_writer_t.tuples) */

/* write_big_rows; with stream, the big values
 * come through rows_add_streamed (rows_add when it declines). */
static void write_big_rows_mode(buf_t *into, bool drain, long rows_per_insert, size_t max_bytes, bool stream);

static void write_big_rows(buf_t *into, bool drain, long rows_per_insert, size_t max_bytes)
{
	write_big_rows_mode(into, drain, rows_per_insert, max_bytes, false);
}

static void write_big_rows_mode(buf_t *into, bool drain, long rows_per_insert, size_t max_bytes, bool stream)
{
	static const enum literal_kind kinds[] = {LIT_INTEGER, LIT_TEXT, LIT_TEXT};
	size_t sizes[] = {ROWS_PIECE * 3 / 2, ROWS_PIECE * 6 / 10, ROWS_PIECE + 1};
	buf_t o;
	rows_writer_t w;

	buf_init(&o);
	most_held = 0;
	collect = into;
	rows_init(&w, &o, "t", "a, b, c", 3, kinds, false, false, rows_per_insert, max_bytes);
	w.tuples = as_tuples;
	if (drain) {
		w.drain = drain_to_buffer;
		w.drain_ctx = &o;
	}
	for (int r = 0; r < 9; r++) {
		char id[16];
		copy_field_t f[3];
		char *v = NULL;
		snprintf(id, sizeof id, "%d", r);
		f[0] = (copy_field_t){id, strlen(id), false};
		f[1] = (copy_field_t){"small 'one'", 11, false};
		f[2] = (copy_field_t){"", 0, r % 3 == 0};
		if (r % 3 == 1) {
			size_t n = sizes[(r / 3) % 3];
			v = xmalloc(n);
			for (size_t i = 0; i < n; i++)
				v[i] = (char)('a' + i % 26);
			for (size_t i = 0; i < n; i += (r == 1 ? 1 : 997))
				v[i] = '\'';
			v[ROWS_PIECE - 1 < n ? ROWS_PIECE - 1 : 0] = '\''; /* the last byte of a piece */
			f[2 - r % 2] = (copy_field_t){v, n, false};
		}
		if (stream && v) {
			rows_stream_t st[3] = {{0}};
			chunks_t c = {v, f[2 - r % 2].len, 0};
			st[2 - r % 2] = (rows_stream_t){c.len, next_chunk, &c};
			f[2 - r % 2] = (copy_field_t){NULL, 0, true}; /* as the COPY sends it */
			if (rows_add_streamed(&w, f, st)) {
				streamed_rows++;
			} else {
				f[2 - r % 2] = (copy_field_t){v, c.len, false};
				rows_add(&w, f);
			}
		} else {
			rows_add(&w, f);
		}
		free(v);
		drain_to_buffer(&o);
	}
	rows_finish(&w);
	drain_to_buffer(&o);
	rows_free(&w);
	buf_free(&o);
}

START_TEST(test_big_values_in_pieces_same_bytes)
{
	/* Each limit reaches another case of add_in_pieces: the row surely fits
	 * the open statement, surely does not, or might (written whole). */
	static const size_t limits[] = {100, ROWS_PIECE, ROWS_PIECE * 2, 1024 * 1024, 256u * 1024 * 1024};

	for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
		for (long rows = 1; rows <= 1000; rows *= 1000) {
			buf_t whole, pieces;
			buf_init(&whole);
			buf_init(&pieces);
			write_big_rows(&whole, false, rows, limits[l]);
			write_big_rows(&pieces, true, rows, limits[l]);
			ck_assert_msg(whole.len == pieces.len && memcmp(whole.data, pieces.data, whole.len) == 0,
				      "in pieces, max_bytes %zu, rows %ld: other bytes", limits[l], rows);
			buf_free(&whole);
			buf_free(&pieces);
		}
	}
}
END_TEST

START_TEST(test_streamed_values_same_bytes)
{
	/* rows_add_streamed writes what rows_add writes for the same values, at
	 * each limit (where the row's place is open, it declines). */
	static const size_t limits[] = {100, ROWS_PIECE, ROWS_PIECE * 2, 1024 * 1024, 256u * 1024 * 1024};

	streamed_rows = 0;
	for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
		for (long rows = 1; rows <= 1000; rows *= 1000) {
			buf_t whole, streamed;
			buf_init(&whole);
			buf_init(&streamed);
			write_big_rows(&whole, false, rows, limits[l]);
			write_big_rows_mode(&streamed, true, rows, limits[l], true);
			ck_assert_msg(whole.len == streamed.len && memcmp(whole.data, streamed.data, whole.len) == 0,
				      "streamed, max_bytes %zu, rows %ld: other bytes", limits[l], rows);
			buf_free(&whole);
			buf_free(&streamed);
		}
	}
	ck_assert_int_gt(streamed_rows, 0);
}
END_TEST

/* What the output's writer makes of bare rows (data.c's data_join_row over
 * a spool): each NUL-ended row opened with rows_open_text, then appended. */
static void join_tuples(buf_t *into, const buf_t *tuples, long rows_per_insert, size_t max_bytes)
{
	static const enum literal_kind kinds[] = {LIT_INTEGER, LIT_TEXT, LIT_TEXT};
	rows_writer_t w;
	size_t pos = 0;

	rows_init(&w, into, "t", "a, b, c", 3, kinds, false, false, rows_per_insert, max_bytes);
	while (pos < tuples->len) {
		const char *nul = memchr(tuples->data + pos, '\0', tuples->len - pos);
		size_t len;
		ck_assert_ptr_nonnull(nul);
		len = (size_t)(nul - (tuples->data + pos));
		rows_open_text(&w, len);
		buf_append(into, tuples->data + pos, len);
		pos += len + 1;
	}
	rows_finish(&w);
	ck_assert_uint_eq(w.rows_total, 9);
	rows_free(&w);
}

START_TEST(test_tuples_joined_same_bytes)
{
	/* Rows written bare (a parallel job's piece), whole, in pieces or
	 * streamed, then joined into statements, are the bytes rows_add writes:
	 * at each limit, so every cut by rows and by bytes is made the same. */
	static const size_t limits[] = {100, ROWS_PIECE, ROWS_PIECE * 2, 1024 * 1024, 256u * 1024 * 1024};

	for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
		for (long rows = 1; rows <= 1000; rows *= 10) {
			for (int mode = 0; mode < 3; mode++) {
				buf_t whole, tuples, joined;
				buf_init(&whole);
				buf_init(&tuples);
				buf_init(&joined);
				write_big_rows(&whole, false, rows, limits[l]);
				as_tuples = true;
				write_big_rows_mode(&tuples, mode > 0, rows, limits[l], mode == 2);
				as_tuples = false;
				ck_assert(tuples.len > 0 && tuples.data[0] == '(');
				join_tuples(&joined, &tuples, rows, limits[l]);
				ck_assert_msg(whole.len == joined.len &&
				                  memcmp(whole.data, joined.data, whole.len) == 0,
				              "joined, mode %d, max_bytes %zu, rows %ld: other bytes", mode,
				              limits[l], rows);
				buf_free(&whole);
				buf_free(&tuples);
				buf_free(&joined);
			}
		}
	}
}
END_TEST

START_TEST(test_big_value_never_whole_in_out)
{
	buf_t whole, pieces;

	buf_init(&whole);
	buf_init(&pieces);
	write_big_rows(&pieces, true, 1000, 100);
	/* The biggest value is 1.5 pieces of quotes, its literal 3 pieces: out
	 * holds at most one piece's literal and a small row's text. */
	ck_assert_uint_le(most_held, 2 * ROWS_PIECE + 200);
	write_big_rows(&whole, false, 1000, 100);
	ck_assert_uint_gt(most_held, 2 * ROWS_PIECE + 200); /* whole, it would not */
	buf_free(&whole);
	buf_free(&pieces);
}
END_TEST

Suite *make_suite_rows(void)
{
	Suite *s = suite_create("rows");
	TCase *tc;

	tc = tcase_create("layout");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_default_layout);
	tcase_add_test(tc, test_values_quoted_by_kind);
	tcase_add_test(tc, test_empty_string_is_not_null);
	tcase_add_test(tc, test_overriding_system_value);
	tcase_add_test(tc, test_on_conflict_do_nothing);
	tcase_add_test(tc, test_overriding_and_on_conflict);
	tcase_add_test(tc, test_zero_columns_default_values);
	tcase_add_test(tc, test_zero_columns_on_conflict);
	tcase_add_test(tc, test_finish_without_rows_writes_nothing);
	tcase_add_test(tc, test_appends_and_finish_is_idempotent);
	tcase_add_test(tc, test_rows_total_counts_every_row);
	suite_add_tcase(s, tc);

	tc = tcase_create("batching");
	/* The big-value cases write tens of MiB through the writer: well under
	 * Check's default 4 s alone, not under ASan on a loaded 2-core machine. */
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rows_per_insert_splits);
	tcase_add_test(tc, test_rows_per_insert_exact_multiple);
	tcase_add_test(tc, test_one_row_per_insert);
	tcase_add_test(tc, test_max_bytes_statement_may_reach_the_limit);
	tcase_add_test(tc, test_max_bytes_counts_the_terminator);
	tcase_add_test(tc, test_max_bytes_counts_on_conflict_suffix);
	tcase_add_test(tc, test_max_bytes_never_exceeded_by_several_rows);
	tcase_add_test(tc, test_row_bigger_than_max_bytes_is_alone);
	tcase_add_test(tc, test_max_bytes_smaller_than_prefix);
	tcase_add_test(tc, test_big_values_in_pieces_same_bytes);
	tcase_add_test(tc, test_big_value_never_whole_in_out);
	tcase_add_test(tc, test_streamed_values_same_bytes);
	tcase_add_test(tc, test_tuples_joined_same_bytes);
	suite_add_tcase(s, tc);
	return s;
}
