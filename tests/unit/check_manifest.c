/* check_manifest: the manifest's digests and lines, and the verifier's
 * reading of a dump against them (manifest.c, verify_scan.c). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "rows.h"
#include "suites.h"
#include "verify_scan.h"

/* --- digests --- */

START_TEST(test_order_does_not_matter)
{
	manifest_tally_t a = {0}, b = {0};

	manifest_tally_add_text(&a, "(1,'x')", 7);
	manifest_tally_add_text(&a, "(2,'y')", 7);
	manifest_tally_add_text(&b, "(2,'y')", 7);
	manifest_tally_add_text(&b, "(1,'x')", 7);
	ck_assert(manifest_tally_equal(&a, &b));
	ck_assert_uint_eq(a.rows, 2);
}
END_TEST

/* Addition, not XOR: a row twice is not the same as the row never. */
START_TEST(test_duplicates_count)
{
	manifest_tally_t once = {0}, thrice = {0};

	manifest_tally_add_text(&once, "(1)", 3);
	for (int i = 0; i < 3; i++)
		manifest_tally_add_text(&thrice, "(1)", 3);
	thrice.rows = once.rows; /* the sums alone must differ */
	ck_assert(!manifest_tally_equal(&once, &thrice));
}
END_TEST

/* Pieces read apart add up to the whole, and a row fed in parts is the row. */
START_TEST(test_pieces_and_parts)
{
	manifest_tally_t whole = {0}, p1 = {0}, p2 = {0};
	manifest_row_t r;

	manifest_tally_add_text(&whole, "(1,'abc')", 9);
	manifest_tally_add_text(&whole, "(2,NULL)", 8);
	manifest_row_init(&r);
	manifest_row_begin(&r);
	manifest_row_update(&r, "(1,'a", 5);
	manifest_row_update(&r, "bc')", 4);
	manifest_row_end(&r, &p1);
	manifest_row_free(&r);
	manifest_tally_add_text(&p2, "(2,NULL)", 8);
	manifest_tally_merge(&p1, &p2);
	ck_assert(manifest_tally_equal(&whole, &p1));
}
END_TEST

START_TEST(test_carry)
{
	manifest_tally_t a = {1, {0, UINT64_MAX}}, b = {1, {0, 1}};

	manifest_tally_merge(&a, &b);
	ck_assert_uint_eq(a.sum.hi, 1);
	ck_assert_uint_eq(a.sum.lo, 0);
	ck_assert_uint_eq(a.rows, 2);
}
END_TEST

/* The rows writer's tally is the digest of each row's text as written. */
START_TEST(test_rows_writer_tally)
{
	static const enum literal_kind kinds[] = {LIT_INTEGER, LIT_TEXT};
	manifest_tally_t want = {0};
	rows_writer_t w;
	buf_t out;
	copy_field_t f[2] = {{"1", 1, false}, {"it's", 4, false}};

	buf_init(&out);
	rows_init(&w, &out, "t", "a, b", 2, kinds, false, false, 1000, 40);
	rows_add(&w, f);
	f[0].ptr = "2";
	f[1].isnull = true;
	rows_add(&w, f);
	f[0].ptr = "3";
	f[1].isnull = false;
	f[1].ptr = "a long value that moves the row to a statement of its own";
	f[1].len = strlen(f[1].ptr);
	rows_add(&w, f);
	rows_finish(&w);
	manifest_tally_add_text(&want, "(1,'it''s')", 11);
	manifest_tally_add_text(&want, "(2,NULL)", 8);
	manifest_tally_add_text(&want, "(3,'a long value that moves the row to a statement of its own')", 63);
	ck_assert(manifest_tally_equal(&w.tally, &want));
	rows_free(&w);
	buf_free(&out);
}
END_TEST

/* --- lines --- */

START_TEST(test_table_line_round_trip)
{
	manifest_tally_t t = {1000, {0x0123456789abcdefULL, 0xfedcba9876543210ULL}};
	manifest_table_t m;
	buf_t b;

	buf_init(&b);
	manifest_table_line(&b, "public.\"a b\nc\\d\"", &t, "x > 1\nAND y = '\\'");
	ck_assert_str_eq(b.data, "-- dbdump: table public.\"a\\x20b\\x0ac\\x5cd\" rows 1000 digest "
	                         "0123456789abcdeffedcba9876543210 where x > 1\\x0aAND y = '\\x5c'\n");
	ck_assert(manifest_table_parse(b.data, b.len - 1, &m));
	ck_assert_str_eq(m.name, "public.\"a b\nc\\d\"");
	ck_assert_str_eq(m.where, "x > 1\nAND y = '\\'");
	ck_assert(manifest_tally_equal(&m.tally, &t));
	manifest_table_free(&m);
	buf_free(&b);
}
END_TEST

START_TEST(test_malformed_lines)
{
	manifest_table_t m;
	uint64_t n;
	manifest_digest_t d;
	static const char *const bad[] = {
	    "-- dbdump: table t rows 1 digest 0123",
	    "-- dbdump: table t rows x digest 0123456789abcdeffedcba9876543210",
	    "-- dbdump: table t rows 1 digest 0123456789abcdeffedcba987654321g",
	    "-- dbdump: table t rows 1 digest 0123456789abcdeffedcba9876543210 trailing",
	    "-- dbdump: table a\\x00b rows 1 digest 0123456789abcdeffedcba9876543210",
	    "-- dbdump: table a\\xzz rows 1 digest 0123456789abcdeffedcba9876543210",
	    "-- dbdump: table  rows 1 digest 0123456789abcdeffedcba9876543210",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!manifest_table_parse(bad[i], strlen(bad[i]), &m), "%s", bad[i]);
	ck_assert(manifest_file_parse("-- dbdump: file bytes 12 digest 0123456789abcdeffedcba9876543210", 64,
	                              &n, &d));
	ck_assert_uint_eq(n, 12);
	ck_assert(!manifest_file_parse("-- dbdump: file bytes 12 digest 0123", 36, &n, &d));
}
END_TEST

/* The large objects line; an object's digest covers its OID, so the same
 * bytes under another OID, or bytes moved between objects, differ. */
START_TEST(test_lo_line)
{
	manifest_tally_t t = {0}, u = {0}, back;
	manifest_row_t r;
	buf_t b;

	manifest_row_init(&r);
	manifest_lo_begin(&r, "16400");
	manifest_row_update(&r, "ab", 2);
	manifest_row_update(&r, "c", 1);
	manifest_row_end(&r, &t);
	manifest_lo_begin(&r, "16401");
	manifest_row_end(&r, &t);
	/* The same bytes in another split, objects in another order. */
	manifest_lo_begin(&r, "16401");
	manifest_row_end(&r, &u);
	manifest_lo_begin(&r, "16400");
	manifest_row_update(&r, "abc", 3);
	manifest_row_end(&r, &u);
	ck_assert(manifest_tally_equal(&t, &u));
	memset(&u, 0, sizeof u);
	manifest_lo_begin(&r, "16400");
	manifest_row_end(&r, &u);
	manifest_lo_begin(&r, "16401");
	manifest_row_update(&r, "abc", 3);
	manifest_row_end(&r, &u);
	ck_assert(!manifest_tally_equal(&t, &u));
	manifest_row_free(&r);

	buf_init(&b);
	manifest_lo_line(&b, &t);
	ck_assert_int_eq(strncmp(b.data, "-- dbdump: large objects 2 digest ", 34), 0);
	ck_assert(manifest_lo_parse(b.data, b.len - 1, &back));
	ck_assert(manifest_tally_equal(&back, &t));
	ck_assert(!manifest_lo_parse(b.data, b.len - 2, &back));
	ck_assert(!manifest_lo_parse("-- dbdump: large objects x digest 0123456789abcdeffedcba9876543210", 66,
	                             &back));
	buf_free(&b);
}
END_TEST

/* --- the verifier's reading --- */

static buf_t dump;

/* A dump as dbdump writes it: header, the given body, the file line and
 * the trailer. */
static void make_dump(const char *body)
{
	manifest_digest_t d;

	buf_init(&dump);
	buf_puts(&dump,
	         "-- dbdump 0.1.0 dump of database \"db\"\n--\n-- server: PostgreSQL 15.4\n"
	         "-- snapshot: 2026-01-01 00:00:00+00\n-- contents: schema and data\n" MANIFEST_HEADER_LINE
	         "--\n\nSET statement_timeout = 0;\n\n");
	buf_puts(&dump, body);
	d = manifest_digest_from(XXH3_128bits(dump.data, dump.len));
	manifest_file_line(&dump, dump.len, &d);
	buf_puts(&dump, "-- dbdump: dump complete\n");
}

/* What add_table puts between two rows: "," as dbdump writes them since
 * run 18 (a statement's rows on one line), ",\n" as before (a row per line,
 * which --verify still reads). */
static const char *row_sep = ",";

/* Appends table qname's rows (each "(...)" text) as one INSERT, then its
 * manifest line. */
static void add_table(buf_t *body, const char *qname, const char *const *rows, int n, const char *where)
{
	manifest_tally_t t = {0};

	if (n)
		buf_printf(body, "INSERT INTO %s (a, b) VALUES\n", qname);
	for (int i = 0; i < n; i++) {
		buf_printf(body, "%s%s", i == 0 ? "" : row_sep, rows[i]);
		manifest_tally_add_text(&t, rows[i], strlen(rows[i]));
	}
	if (n)
		buf_puts(body, ";\n");
	manifest_table_line(body, qname, &t, where);
	buf_putc(body, '\n');
}

/* Scans dump in chunks of the given size; returns the verdict. */
static bool scan_in_chunks(const char *text, size_t len, size_t chunk, char *err, size_t errlen)
{
	verify_scan_t *s = verify_scan_new();
	bool ok = true;

	for (size_t i = 0; i < len && ok; i += chunk)
		ok = verify_scan_feed(s, text + i, len - i < chunk ? len - i : chunk);
	if (ok)
		ok = verify_scan_finish(s, false);
	snprintf(err, errlen, "%s", verify_scan_error(s));
	verify_scan_free(s);
	return ok;
}

static const char *const rows_t[] = {"(1,'a '' ) \" b')", "(2,NULL)", "(-3,'x' COLLATE \"de-x)\")"};

/* DDL whose text holds lines that look like rows and manifest lines. */
static const char tricky_ddl[] =
    "CREATE FUNCTION public.f() RETURNS void LANGUAGE sql AS $body$\n"
    "INSERT INTO public.t (a, b) VALUES\n(9,'x');\n"
    "-- dbdump: table public.t rows 5 digest 00000000000000000000000000000000\n"
    "$body$;\n"
    "COMMENT ON TABLE public.t IS 'it''s\n"
    "INSERT INTO public.t (a, b) VALUES\n(8,''y'');\n';\n"
    "CREATE VIEW public.v AS SELECT 1 /* a\n-- dbdump: file bytes 1 digest x\n/* nested */ */ AS x;\n\n";

static void make_good(void)
{
	buf_t body;

	buf_init(&body);
	buf_puts(&body, tricky_ddl);
	add_table(&body, "public.t", rows_t, 3, NULL);
	add_table(&body, "public.\"empty one\"", NULL, 0, NULL);
	add_table(&body, "public.w", rows_t, 1, "a > 0");
	buf_puts(&body, "SELECT pg_catalog.lo_create('16400');\n"
	                "SELECT pg_catalog.lo_put('16400', 0, '\\x6162');\n"
	                "-- dbdump: large objects 1 digest 0123456789abcdeffedcba9876543210\n\n");
	make_dump(body.data);
	buf_free(&body);
}

START_TEST(test_good_dump_any_chunks)
{
	static const size_t chunks[] = {1, 2, 3, 7, 64, 1 << 20};
	char err[512];

	static const char *const seps[] = {",", ",\n"};

	for (size_t k = 0; k < 2; k++) {
		row_sep = seps[k];
		make_good();
		ck_assert_ptr_nonnull(
		    strstr(dump.data, row_sep[1] ? "b'),\n(2,NULL),\n(-3" : "b'),(2,NULL),(-3"));
		for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++)
			ck_assert_msg(scan_in_chunks(dump.data, dump.len, chunks[i], err, sizeof err),
			              "separator %zu, chunk %zu: %s", k, chunks[i], err);
		buf_free(&dump);
	}
	row_sep = ",";
}
END_TEST

START_TEST(test_tables_read)
{
	verify_scan_t *s = verify_scan_new();
	const verify_table_t *t;
	const verify_database_t *d;
	int n;

	make_good();
	ck_assert(verify_scan_feed(s, dump.data, dump.len));
	ck_assert(verify_scan_finish(s, false));
	t = verify_scan_tables(s, &n);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(t[0].name, "public.t");
	ck_assert_uint_eq(t[0].tally.rows, 3);
	ck_assert_uint_gt(t[0].bytes, 0);
	ck_assert_str_eq(t[1].name, "public.\"empty one\"");
	ck_assert_uint_eq(t[1].tally.rows, 0);
	ck_assert_str_eq(t[2].where, "a > 0");
	d = verify_scan_databases(s, &n);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(d[0].name, "db");
	ck_assert_str_eq(d[0].server, "PostgreSQL 15.4");
	ck_assert(d[0].has_lo);
	ck_assert_uint_eq(d[0].lo.rows, 1);
	ck_assert_uint_eq(d[0].lo.sum.lo, 0xfedcba9876543210ULL);
	verify_scan_free(s);
	buf_free(&dump);
}
END_TEST

START_TEST(test_cut_anywhere)
{
	char err[512];

	make_good();
	for (size_t cut = 1; cut < dump.len; cut += 13) {
		char want[64];
		ck_assert(!scan_in_chunks(dump.data, cut, 4096, err, sizeof err));
		snprintf(want, sizeof want, "the file ends at byte %zu", cut);
		ck_assert_msg(strstr(err, want) != NULL, "cut %zu: %s", cut, err);
	}
	buf_free(&dump);
}
END_TEST

START_TEST(test_changed_value)
{
	char err[512], *p;

	make_good();
	p = strstr(dump.data, "(-3,'x'");
	ck_assert_ptr_nonnull(p);
	p[5] = 'y';
	ck_assert(!scan_in_chunks(dump.data, dump.len, 1000, err, sizeof err));
	ck_assert_str_eq(err, "table public.t's rows do not match its digest");
	buf_free(&dump);
}
END_TEST

START_TEST(test_changed_manifest)
{
	char err[512], *p;

	make_good();
	p = strstr(dump.data, "\n-- dbdump: table public.t rows 3");
	ck_assert_ptr_nonnull(p);
	p[strlen("\n-- dbdump: table public.t rows ")] = '4';
	ck_assert(!scan_in_chunks(dump.data, dump.len, 1000, err, sizeof err));
	ck_assert_str_eq(err, "table public.t has 3 rows where the manifest says 4");
	buf_free(&dump);
}
END_TEST

START_TEST(test_changed_ddl)
{
	char err[512], *p;

	make_good();
	p = strstr(dump.data, "AS x;");
	ck_assert_ptr_nonnull(p);
	p[3] = 'y';
	ck_assert(!scan_in_chunks(dump.data, dump.len, 1000, err, sizeof err));
	ck_assert_str_eq(err, "the file digest does not match");
	buf_free(&dump);
}
END_TEST

/* A large objects line that cannot be read is a damaged manifest. */
START_TEST(test_bad_lo_line)
{
	char err[512], *p;

	make_good();
	p = strstr(dump.data, "-- dbdump: large objects 1 ");
	ck_assert_ptr_nonnull(p);
	p[25] = 'x';
	ck_assert(!scan_in_chunks(dump.data, dump.len, 1000, err, sizeof err));
	ck_assert_msg(strstr(err, "is malformed") != NULL, "%s", err);
	buf_free(&dump);
}
END_TEST

START_TEST(test_no_manifest)
{
	static const char old[] =
	    "-- dbdump 0.1.0 dump of database \"db\"\n--\n-- contents: schema and data\n--\n\n"
	    "SET statement_timeout = 0;\n-- dbdump: dump complete\n";
	verify_scan_t *s = verify_scan_new();

	ck_assert(!verify_scan_feed(s, old, strlen(old)));
	ck_assert(verify_scan_no_manifest(s));
	ck_assert_ptr_nonnull(strstr(verify_scan_error(s), "has no manifest"));
	verify_scan_free(s);
}
END_TEST

START_TEST(test_not_a_dump)
{
	char err[512];

	ck_assert(!scan_in_chunks("hello\n", 6, 10, err, sizeof err));
	ck_assert_str_eq(err, "this is not a dump written by dbdump: it does not start with dbdump's header");
}
END_TEST

START_TEST(test_after_trailer)
{
	char err[512];

	make_good();
	buf_puts(&dump, "x");
	ck_assert(!scan_in_chunks(dump.data, dump.len, 1000, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "goes on after its trailer"));
	buf_free(&dump);
}
END_TEST

Suite *make_suite_manifest(void)
{
	Suite *s = suite_create("manifest");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_order_does_not_matter);
	tcase_add_test(tc, test_duplicates_count);
	tcase_add_test(tc, test_pieces_and_parts);
	tcase_add_test(tc, test_carry);
	tcase_add_test(tc, test_rows_writer_tally);
	tcase_add_test(tc, test_table_line_round_trip);
	tcase_add_test(tc, test_malformed_lines);
	tcase_add_test(tc, test_lo_line);
	tcase_add_test(tc, test_good_dump_any_chunks);
	tcase_add_test(tc, test_tables_read);
	tcase_add_test(tc, test_cut_anywhere);
	tcase_add_test(tc, test_changed_value);
	tcase_add_test(tc, test_changed_manifest);
	tcase_add_test(tc, test_changed_ddl);
	tcase_add_test(tc, test_bad_lo_line);
	tcase_add_test(tc, test_no_manifest);
	tcase_add_test(tc, test_not_a_dump);
	tcase_add_test(tc, test_after_trailer);
	suite_add_tcase(s, tc);
	return s;
}
