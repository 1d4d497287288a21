/* check_crdb_dump: a whole CockroachDB dump produced from in-memory answers.
 *
 * CockroachDB cannot run here. The answers below are shaped as its
 * documentation and crdb_internal's definition show them: the columns of
 * crdb_internal.create_statements (create_statement, create_nofks,
 * alter_statements and validate_statements as STRING[] in text form),
 * crdb_internal.create_type_statements and crdb_internal.backward_dependencies;
 * CREATE TABLE text as SHOW CREATE prints it (tab-indented, hidden rowid NOT
 * VISIBLE, computed columns AS (...) STORED, collated strings); rows as the
 * text the server sends with the session settings of crdb_session_settings.
 * What this proves is that dbdump turns such answers into the right dump;
 * not that a live server answers exactly so. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/catalog_crdb.h"
#include "../../src/listing.h"
#include "../../src/conn.h"
#include "../../src/verify_scan.h"
#include "suites.h"

#define MAX_ARGS 16

static struct options opts;
static buf_t err;
static char arg_storage[MAX_ARGS][128];
static char *argv_storage[MAX_ARGS + 1];

static void parse_args(const char *const *args)
{
	int argc = 0;

	snprintf(arg_storage[0], sizeof arg_storage[0], "dbdump");
	argv_storage[argc] = arg_storage[argc];
	for (argc = 1; args[argc - 1]; argc++) {
		ck_assert_int_lt(argc, MAX_ARGS);
		snprintf(arg_storage[argc], sizeof arg_storage[argc], "%s", args[argc - 1]);
		argv_storage[argc] = arg_storage[argc];
	}
	argv_storage[argc] = NULL;
	options_free(&opts);
	buf_reset(&err);
	ck_assert_msg(options_parse(&opts, argc, argv_storage, &err) == OPTIONS_OK, "%s", err.data);
}

#define OPTS(...) parse_args((const char *const[]){__VA_ARGS__, NULL})

/* ---- The answers ----------------------------------------------------------- */

#define USERS_CREATE                                                                                         \
	"CREATE TABLE public.users (\n"                                                                      \
	"\tid UUID NOT NULL,\n"                                                                              \
	"\tcity VARCHAR NOT NULL,\n"                                                                         \
	"\tname VARCHAR NULL,\n"                                                                             \
	"\taddress VARCHAR NULL,\n"                                                                          \
	"\tcredit_card VARCHAR NULL,\n"                                                                      \
	"\tCONSTRAINT users_pkey PRIMARY KEY (city ASC, id ASC)\n"                                           \
	")"

#define VEHICLES_NOFKS                                                                                       \
	"CREATE TABLE public.vehicles (\n"                                                                   \
	"\tid UUID NOT NULL,\n"                                                                              \
	"\tcity VARCHAR NOT NULL,\n"                                                                         \
	"\ttype VARCHAR NULL,\n"                                                                             \
	"\towner_id UUID NULL,\n"                                                                            \
	"\text JSONB NULL,\n"                                                                                \
	"\tCONSTRAINT vehicles_pkey PRIMARY KEY (city ASC, id ASC),\n"                                       \
	"\tINDEX vehicles_auto_index_fk_city_ref_users (city ASC, owner_id ASC)\n"                           \
	")"

#define VEHICLES_CREATE                                                                                      \
	"CREATE TABLE public.vehicles (\n"                                                                   \
	"\tid UUID NOT NULL,\n"                                                                              \
	"\tcity VARCHAR NOT NULL,\n"                                                                         \
	"\ttype VARCHAR NULL,\n"                                                                             \
	"\towner_id UUID NULL,\n"                                                                            \
	"\text JSONB NULL,\n"                                                                                \
	"\tCONSTRAINT vehicles_pkey PRIMARY KEY (city ASC, id ASC),\n"                                       \
	"\tCONSTRAINT vehicles_city_owner_id_fkey FOREIGN KEY (city, owner_id) REFERENCES "                  \
	"public.users(city, id),\n"                                                                          \
	"\tINDEX vehicles_auto_index_fk_city_ref_users (city ASC, owner_id ASC)\n"                           \
	")"

#define VEHICLES_FK                                                                                          \
	"ALTER TABLE public.vehicles ADD CONSTRAINT vehicles_city_owner_id_fkey FOREIGN KEY (city, "         \
	"owner_id) REFERENCES public.users(city, id)"
#define VEHICLES_VALIDATE "ALTER TABLE public.vehicles VALIDATE CONSTRAINT vehicles_city_owner_id_fkey"

/* No create_nofks / alter_statements (NULL): the foreign keys are split out
 * of create_statement; here there are none. */
#define NOTES_CREATE                                                                                         \
	"CREATE TABLE public.notes (\n"                                                                      \
	"\tbody STRING COLLATE de NULL,\n"                                                                   \
	"\tmood public.mood NULL,\n"                                                                         \
	"\tpayload BYTES NULL,\n"                                                                            \
	"\tprice DECIMAL(10,2) NULL,\n"                                                                      \
	"\tscore FLOAT8 NULL,\n"                                                                             \
	"\tn INT8 NOT NULL DEFAULT nextval('public.note_seq'::REGCLASS),\n"                                  \
	"\tn2 INT8 NULL AS (n * 2:::INT8) STORED,\n"                                                         \
	"\trowid INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"                                        \
	"\tCONSTRAINT notes_pkey PRIMARY KEY (rowid ASC)\n"                                                  \
	")"

#define NOTE_SEQ_CREATE                                                                                      \
	"CREATE SEQUENCE public.note_seq MINVALUE 1 MAXVALUE 9223372036854775807 INCREMENT 1 START 1"
#define USER_VIEW_CREATE                                                                                     \
	"CREATE VIEW public.user_view (city, name) AS SELECT city, name FROM movr.public.users"
#define MOOD_CREATE "CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy')"

/* Ordered by schema_name, descriptor_name, as crdb_relations_query asks. */
static const char *const rel_cells[] = {
    "56",
    "public",
    "note_seq",
    "sequence",
    NOTE_SEQ_CREATE,
    NOTE_SEQ_CREATE,
    "{}",
    "{}",
    "55",
    "public",
    "notes",
    "table",
    NOTES_CREATE,
    NULL,
    NULL,
    NULL,
    "54",
    "public",
    "user_view",
    "view",
    USER_VIEW_CREATE,
    USER_VIEW_CREATE,
    "{}",
    "{}",
    "52",
    "public",
    "users",
    "table",
    USERS_CREATE,
    USERS_CREATE,
    "{}",
    "{}",
    "53",
    "public",
    "vehicles",
    "table",
    VEHICLES_CREATE,
    VEHICLES_NOFKS,
    "{\"" VEHICLES_FK "\"}",
    "{\"" VEHICLES_VALIDATE "\"}",
};
static const char *const type_cells[] = {"57", "public", "mood", MOOD_CREATE};
/* backward_dependencies spans every database: 900 belongs to another one. */
static const char *const dep_cells[] = {"54", "52", "55", "56", "900", "52"};

static const crdb_result_t rels = {rel_cells, 5, 8};
static const crdb_result_t types = {type_cells, 1, 4};
static const crdb_result_t deps = {dep_cells, 3, 2};

/* Rows as text, NULL for SQL NULL. */
static const char *const users_rows[] = {
    "ab020c49-ba5e-4800-8000-00000000014e", "amsterdam", "Tim",        "1 Main St", NULL,
    "c28f5c28-f5c2-4000-8000-000000000026", "new york",  "Ann O'Neil", NULL,        "4321",
};
static const char *const vehicles_rows[] = {
    "aaaaaaaa-aaaa-4800-8000-00000000000a",
    "amsterdam",
    "scooter",
    "ab020c49-ba5e-4800-8000-00000000014e",
    "{\"color\": \"red\"}",
};
static const char *const notes_rows[] = {
    "Straße", "happy", "\\x00ff", "NaN", "-0", "1", NULL, "sad", "\\x", "12.50", "1.5e-07", "2",
};

typedef struct fixture_table {
	const char *qname, *collist;
	const char *const *cells;
	size_t nrows;
} fixture_table_t;

static const fixture_table_t fixture_tables[] = {
    {"public.users", "id, city, name, address, credit_card", users_rows, 2},
    {"public.vehicles", "id, city, type, owner_id, ext", vehicles_rows, 1},
    {"public.notes", "body, mood, payload, price, score, n", notes_rows, 2},
};

static int flushes;
static const char *sequence_answer = "7";

static void fake_rows(void *ctx, const crdb_rel_t *t, const crdb_table_plan_t *p, int piece, rows_writer_t *w)
{
	(void)ctx;
	ck_assert_int_eq(piece, 0);
	for (size_t i = 0; i < sizeof fixture_tables / sizeof fixture_tables[0]; i++) {
		const fixture_table_t *f = &fixture_tables[i];
		if (strcmp(f->qname, t->qname) != 0)
			continue;
		ck_assert_str_eq(p->collist, f->collist);
		for (size_t r = 0; r < f->nrows; r++) {
			copy_field_t fields[8];
			for (int c = 0; c < p->ncols; c++) {
				const char *v = f->cells[r * (size_t)p->ncols + (size_t)c];
				fields[c].isnull = v == NULL;
				fields[c].ptr = v ? v : "";
				fields[c].len = v ? strlen(v) : 0;
			}
			rows_add(w, fields);
		}
		return;
	}
	ck_abort_msg("rows asked for an unknown table %s", t->qname);
}

static char *fake_sequence(void *ctx, const crdb_rel_t *s)
{
	(void)ctx;
	ck_assert_str_eq(s->qname, "public.note_seq");
	return sequence_answer ? xstrdup(sequence_answer) : NULL;
}

static void fake_flush(void *ctx)
{
	(void)ctx;
	flushes++;
}

static const crdb_dump_io_t fake_io = {NULL, fake_rows, fake_sequence, fake_flush, NULL};

static crdb_catalog_t cat;
static strlist_t warnings;
static asof_t moment;
static buf_t out;

/* The dump, ended as the sink ends it, reads back as whole: each table's
 * manifest line matches its rows (the rows writer's digests are the ones
 * the verifier recomputes). */
static void manifest_checks_out(void)
{
	verify_scan_t *v = verify_scan_new();
	buf_t whole;
	manifest_digest_t d;
	const verify_table_t *t;
	int n;

	buf_init(&whole);
	buf_append(&whole, out.data, out.len);
	d = manifest_digest_from(XXH3_128bits(whole.data, whole.len));
	manifest_file_line(&whole, whole.len, &d);
	buf_puts(&whole, "-- dbdump: dump complete\n");
	ck_assert_msg(verify_scan_feed(v, whole.data, whole.len) && verify_scan_finish(v, false), "%s",
	              verify_scan_error(v));
	t = verify_scan_tables(v, &n);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(t[0].name, "public.notes");
	ck_assert_uint_eq(t[0].tally.rows, 2);
	verify_scan_free(v);
	buf_free(&whole);
}

/* The dump without its manifest's table lines, which the expected texts
 * below leave out (test_manifest_checks_out and check_manifest test them).
 * Owned by this function until its next call. */
static const char *plain(const buf_t *b)
{
	static buf_t p;
	const char *s = b->data ? b->data : "";

	buf_reset(&p);
	buf_puts(&p, "");
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
		if (strncmp(s, MANIFEST_TABLE_PREFIX, strlen(MANIFEST_TABLE_PREFIX)) != 0)
			buf_append(&p, s, n);
		s += n;
	}
	return p.data;
}

static void setup(void)
{
	memset(&opts, 0, sizeof opts);
	memset(&cat, 0, sizeof cat);
	memset(&warnings, 0, sizeof warnings);
	buf_init(&err);
	buf_init(&out);
	ck_assert(asof_parse("1489003500000000000.0000000042", &moment, &err));
	flushes = 0;
	sequence_answer = "7";
}

static void teardown(void)
{
	options_free(&opts);
	crdb_catalog_free(&cat);
	strlist_free(&warnings);
	buf_free(&err);
	buf_free(&out);
}

/* Loads the fixture catalog, selects as the options say, writes the dump. */
static int dump_with_options(void)
{
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27)",
	                         &moment, NULL, NULL};
	size_t cycles;
	int status;

	buf_reset(&out);
	crdb_catalog_free(&cat);
	strlist_free(&warnings);
	ck_assert_msg(crdb_catalog_load(&cat, &rels, &types, &deps, &err), "%s", err.data);
	status = crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err);
	if (status)
		return status;
	ck_assert_uint_eq(cycles, 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &fake_io, &err), "%s", err.data);
	return 0;
}

#define HEADER(contents)                                                                                     \
	"-- dbdump " PACKAGE_VERSION " dump of database \"movr\"\n"                                          \
	"--\n"                                                                                               \
	"-- server: CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27)\n"                      \
	"-- as of system time: 1489003500000000000.0000000042 (2017-03-08 20:05:00.000000000 UTC)\n"         \
	"-- the same moment again: dbdump --as-of=1489003500000000000.0000000042\n"                          \
	"-- contents: " contents "\n"                                                                        \
	MANIFEST_HEADER_LINE                                                                                 \
	"--\n"                                                                                               \
	"\n"                                                                                                 \
	"SET statement_timeout = 0;\n"                                                                       \
	"SET client_encoding = 'UTF8';\n"                                                                    \
	"SET standard_conforming_strings = on;\n"                                                            \
	"\n"

#define CREATES                                                                                              \
	NOTE_SEQ_CREATE ";\n\n" MOOD_CREATE ";\n\n" NOTES_CREATE ";\n\n" USERS_CREATE ";\n\n" VEHICLES_NOFKS \
	                ";\n\n" USER_VIEW_CREATE ";\n\n"

#define NOTES_INSERT                                                                                         \
	"INSERT INTO public.notes (body, mood, payload, price, score, n) VALUES\n"                           \
	"('Straße' COLLATE de,'happy','\\x00ff','NaN','-0',1),"                                             \
	"(NULL,'sad','\\x',12.50,1.5e-07,2);\n\n"

#define USERS_INSERT                                                                                         \
	"INSERT INTO public.users (id, city, name, address, credit_card) VALUES\n"                           \
	"('ab020c49-ba5e-4800-8000-00000000014e','amsterdam','Tim','1 Main St',NULL),"                       \
	"('c28f5c28-f5c2-4000-8000-000000000026','new york','Ann O''Neil',NULL,'4321');\n\n"

#define VEHICLES_INSERT                                                                                      \
	"INSERT INTO public.vehicles (id, city, type, owner_id, ext) VALUES\n"                               \
	"('aaaaaaaa-aaaa-4800-8000-00000000000a','amsterdam','scooter',"                                     \
	"'ab020c49-ba5e-4800-8000-00000000014e','{\"color\": \"red\"}');\n\n"

#define SETVAL "SELECT setval('public.note_seq', 8, false);\n\n"
#define FKS VEHICLES_FK ";\n" VEHICLES_VALIDATE ";\n\n"

/* ---- Whole dumps ----------------------------------------------------------- */

START_TEST(test_whole_dump)
{
	OPTS("movr");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_str_eq(plain(&out), HEADER("schema and data")
	                               CREATES NOTES_INSERT USERS_INSERT VEHICLES_INSERT SETVAL FKS);
	manifest_checks_out();
	ck_assert_int_eq(warnings.n, 0);
	ck_assert_int_gt(flushes, 6);
}
END_TEST

/* -j: each table's data section comes ready from a spool (here a buffer
 * written by crdb_table_data_write, as a worker writes it), in the dump's
 * order; the dump is the same bytes as read over one connection. */
static int spooled_calls;

static void fake_spooled_data(void *ctx, const crdb_rel_t *t, buf_t *dest)
{
	static const char *const want[] = {"public.notes", "public.users", "public.vehicles"};
	buf_t spool;

	(void)ctx;
	ck_assert_int_lt(spooled_calls, 3);
	ck_assert_str_eq(t->qname, want[spooled_calls++]);
	buf_init(&spool);
	crdb_table_data_write(&spool, t, &opts, fake_rows, NULL);
	buf_append(dest, spool.data, spool.len);
	buf_free(&spool);
}

START_TEST(test_data_from_spools)
{
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27)",
	                         &moment, NULL, NULL};
	crdb_dump_io_t io = fake_io;
	size_t cycles;

	io.table_data = fake_spooled_data;
	spooled_calls = 0;
	OPTS("-j", "3", "--rows-per-insert=1", "movr");
	ck_assert(crdb_catalog_load(&cat, &rels, &types, &deps, &err));
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &io, &err), "%s", err.data);
	ck_assert_int_eq(spooled_calls, 3);
	ck_assert_str_eq(plain(&out),
	                 HEADER("schema and data") CREATES
	                 "INSERT INTO public.notes (body, mood, payload, price, score, n) VALUES\n"
	                 "('Straße' COLLATE de,'happy','\\x00ff','NaN','-0',1);\n"
	                 "INSERT INTO public.notes (body, mood, payload, price, score, n) VALUES\n"
	                 "(NULL,'sad','\\x',12.50,1.5e-07,2);\n\n"
	                 "INSERT INTO public.users (id, city, name, address, credit_card) VALUES\n"
	                 "('ab020c49-ba5e-4800-8000-00000000014e','amsterdam','Tim','1 Main St',NULL);\n"
	                 "INSERT INTO public.users (id, city, name, address, credit_card) VALUES\n"
	                 "('c28f5c28-f5c2-4000-8000-000000000026','new york','Ann O''Neil',NULL,'4321');\n\n"
	                 VEHICLES_INSERT SETVAL FKS);
}
END_TEST

START_TEST(test_schema_only_and_data_only)
{
	OPTS("-s", "movr");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_str_eq(plain(&out), HEADER("schema") CREATES FKS);

	buf_reset(&out);
	OPTS("--data-only", "--single-transaction", "--on-conflict-do-nothing", "movr");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_str_eq(
	    plain(&out),
	    HEADER("data") "BEGIN;\n\n"
	                   "INSERT INTO public.notes (body, mood, payload, price, score, n) VALUES\n"
	                   "('Straße' COLLATE de,'happy','\\x00ff','NaN','-0',1),"
	                   "(NULL,'sad','\\x',12.50,1.5e-07,2) ON CONFLICT DO NOTHING;\n\n"
	                   "INSERT INTO public.users (id, city, name, address, credit_card) VALUES\n"
	                   "('ab020c49-ba5e-4800-8000-00000000014e','amsterdam','Tim','1 Main St',"
	                   "NULL),"
	                   "('c28f5c28-f5c2-4000-8000-000000000026','new york','Ann O''Neil',NULL,"
	                   "'4321') ON CONFLICT DO NOTHING;\n\n"
	                   "INSERT INTO public.vehicles (id, city, type, owner_id, ext) VALUES\n"
	                   "('aaaaaaaa-aaaa-4800-8000-00000000000a','amsterdam','scooter',"
	                   "'ab020c49-ba5e-4800-8000-00000000014e','{\"color\": \"red\"}') ON "
	                   "CONFLICT DO NOTHING;\n\n" SETVAL "COMMIT;\n\n");
}
END_TEST

START_TEST(test_batches_by_rows_and_bytes)
{
	OPTS("--rows-per-insert=1", "-t", "users", "movr");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_str_eq(plain(&out), HEADER("schema and data") USERS_CREATE
	                 ";\n\n"
	                 "INSERT INTO public.users (id, city, name, address, credit_card) "
	                 "VALUES\n"
	                 "('ab020c49-ba5e-4800-8000-00000000014e','amsterdam','Tim','1 "
	                 "Main St',NULL);\n"
	                 "INSERT INTO public.users (id, city, name, address, credit_card) "
	                 "VALUES\n"
	                 "('c28f5c28-f5c2-4000-8000-000000000026','new york','Ann "
	                 "O''Neil',NULL,'4321');\n\n");
	/* A byte cap below two rows splits the same way. */
	buf_reset(&out);
	OPTS("--max-insert-bytes=150", "-t", "users", "movr");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_ptr_nonnull(strstr(plain(&out), "NULL);\nINSERT INTO public.users"));
}
END_TEST

/* ---- Selection ----------------------------------------------------------- */

/* The qualified names the dump writes, in its order, space-separated. */
static void selected_names(buf_t *names)
{
	buf_reset(names);
	for (size_t i = 0; i < cat.norder; i++) {
		const crdb_rel_t *r = &cat.rels[cat.order[i]];
		buf_printf(names, "%s%s%s", i ? " " : "", r->qname,
		           r->kind == CRDB_TABLE && !r->dump_data ? "(nodata)" : "");
	}
}

static void expect_selection(const char *want)
{
	buf_t names;

	buf_init(&names);
	ck_assert_int_eq(dump_with_options(), 0);
	selected_names(&names);
	ck_assert_str_eq(names.data, want);
	buf_free(&names);
}

START_TEST(test_selection)
{
	OPTS("movr");
	expect_selection(
	    "public.note_seq public.mood public.notes public.users public.vehicles public.user_view");
	/* A table brings its sequence and enum type, not its neighbours. */
	OPTS("movr", "notes");
	expect_selection("public.note_seq public.mood public.notes");
	OPTS("-t", "u*", "movr");
	expect_selection("public.users public.user_view");
	OPTS("-t", "public.v?hicles", "-t", "USERS", "movr");
	expect_selection("public.users public.vehicles");
	OPTS("-T", "notes", "-T", "user_view", "movr");
	expect_selection("public.note_seq public.mood public.users public.vehicles");
	/* -T names tables and views, as on PostgreSQL: not sequences. */
	OPTS("-T", "note_seq", "movr", "notes");
	expect_selection("public.note_seq public.mood public.notes");
	OPTS("--exclude-table-data=users", "-n", "public", "movr");
	expect_selection(
	    "public.note_seq public.mood public.notes public.users(nodata) public.vehicles public.user_view");
	ck_assert_ptr_null(strstr(plain(&out), "INSERT INTO public.users"));
	ck_assert_ptr_nonnull(strstr(plain(&out), USERS_CREATE));
	OPTS("-N", "public", "--no-strict-names", "-t", "nothing", "movr");
	expect_selection("");
	/* An unqualified name means public when no search path was read. */
	OPTS("-t", "*.users", "movr");
	expect_selection("public.users");
}
END_TEST

/* Unqualified names follow the session's search path (current_schemas), as
 * on PostgreSQL: the first schema on it with the name wins. */
#define AUDIT_USERS_CREATE "CREATE TABLE audit.users (id INT8 NOT NULL, CONSTRAINT users_pkey PRIMARY KEY (id ASC))"
#define AUDIT_LOGS_CREATE "CREATE TABLE audit.logs (id INT8 NOT NULL, CONSTRAINT logs_pkey PRIMARY KEY (id ASC))"
#define OTHER_NOTES_CREATE "CREATE TABLE \"My Schema\".notes (id INT8 NOT NULL, CONSTRAINT notes_pkey PRIMARY KEY (id ASC))"

static const char *const path_rel_cells[] = {
    "61", "My Schema", "notes", "table", OTHER_NOTES_CREATE, OTHER_NOTES_CREATE, "{}", "{}",
    "60", "audit",     "logs",  "table", AUDIT_LOGS_CREATE,  AUDIT_LOGS_CREATE,  "{}", "{}",
    "62", "audit",     "users", "table", AUDIT_USERS_CREATE, AUDIT_USERS_CREATE, "{}", "{}",
    "52", "public",    "users", "table", USERS_CREATE,       USERS_CREATE,       "{}", "{}",
};
static const crdb_result_t path_rels = {path_rel_cells, 4, 8};
static const crdb_result_t no_types = {NULL, 0, 4};
static const crdb_result_t no_rels = {NULL, 0, 8};
static const crdb_result_t no_deps = {NULL, 0, 2};

static void expect_path_selection(const char *search_path, const char *want)
{
	buf_t names;
	size_t cycles;

	buf_init(&names);
	crdb_catalog_free(&cat);
	strlist_free(&warnings);
	ck_assert_msg(crdb_catalog_load(&cat, &path_rels, &no_types, &no_deps, &err), "%s", err.data);
	if (search_path)
		ck_assert(crdb_catalog_set_search_path(&cat, search_path));
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	selected_names(&names);
	ck_assert_str_eq(names.data, want);
	buf_free(&names);
}

START_TEST(test_selection_search_path)
{
	size_t cycles;

	/* Without a search path read from the server: public alone. */
	OPTS("movr", "users");
	expect_path_selection(NULL, "public.users");
	expect_path_selection("{public}", "public.users");
	expect_path_selection("{audit,public}", "audit.users");
	expect_path_selection("{public,audit}", "public.users");
	/* A name only a later schema has is still reached through it. */
	OPTS("movr", "logs");
	expect_path_selection("{public,audit}", "audit.logs");
	/* A pattern matches what is visible: the hidden public.users is not. */
	OPTS("-t", "*s", "movr");
	expect_path_selection("{audit,public}", "audit.logs audit.users");
	expect_path_selection("{public,audit}", "audit.logs public.users");
	OPTS("-T", "users", "movr");
	expect_path_selection("{audit,public}", "\"My Schema\".notes audit.logs public.users");
	/* Quoted schema names in the array's text. */
	OPTS("movr", "notes");
	expect_path_selection("{\"My Schema\",public}", "\"My Schema\".notes");
	/* Not on the path: not reached. */
	OPTS("movr", "logs");
	crdb_catalog_free(&cat);
	ck_assert(crdb_catalog_load(&cat, &path_rels, &no_types, &no_deps, &err));
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 1);
	ck_assert_str_eq(err.data, "table \"logs\" not found in database \"movr\"");
	ck_assert(!crdb_catalog_set_search_path(&cat, "public"));
}
END_TEST

/* --where: the table resolved like a TABLE argument, the condition kept for
 * its read (crdb_copy_query puts it in the WHERE). */
static const char *where_of(const char *qname)
{
	for (size_t i = 0; i < cat.nrels; i++)
		if (strcmp(cat.rels[i].qname, qname) == 0)
			return cat.rels[i].where;
	ck_abort_msg("no relation %s", qname);
	return NULL;
}

START_TEST(test_where)
{
	OPTS("--where=users:city = 'a:b'", "--where=public.\"vehicles\":type <> 'bike'", "movr");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_str_eq(where_of("public.users"), "city = 'a:b'");
	ck_assert_str_eq(where_of("public.vehicles"), "type <> 'bike'");
	ck_assert_ptr_null(where_of("public.notes"));
	/* The last --where for a table wins, as on PostgreSQL. */
	OPTS("--where=users:false", "--where=USERS:true", "movr");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_str_eq(where_of("public.users"), "true");
	/* A view or a missing table is refused, naming it. */
	OPTS("--where=user_view:true", "movr");
	ck_assert_int_eq(dump_with_options(), 1);
	ck_assert_str_eq(err.data, "table \"user_view\" of --where not found in database \"movr\"");
	buf_reset(&err);
	OPTS("--where=nope:true", "movr");
	ck_assert_int_eq(dump_with_options(), 1);
	ck_assert_str_eq(err.data, "table \"nope\" of --where not found in database \"movr\"");
}
END_TEST

/* --list and --progress: estimated rows from table_row_statistics, matched
 * by table id; the listing is the PostgreSQL one, bytes unknown. */
START_TEST(test_list_and_estimates)
{
	static const char *const est_cells[] = {"52", "1000", "53", NULL, "999", "5", "55", "many", "54", "7"};
	const crdb_result_t est = {est_cells, 5, 2};
	size_t cycles;

	ck_assert(crdb_catalog_load(&cat, &rels, &types, &deps, &err));
	crdb_catalog_set_estimates(&cat, &est);
	OPTS("--exclude-table-data=notes", "movr");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	crdb_list_write(&out, &cat, NULL, false);
	ck_assert_str_eq(out.data, "public\tnotes\t0\t0\n"
	                           "public\tusers\t1000\t0\n"
	                           "public\tvehicles\t0\t0\n");
	buf_reset(&out);
	crdb_list_write(&out, &cat, "movr", false);
	ck_assert_str_eq(out.data, "movr\tpublic\tnotes\t0\t0\n"
	                           "movr\tpublic\tusers\t1000\t0\n"
	                           "movr\tpublic\tvehicles\t0\t0\n");
	buf_reset(&out);
	listing_heading(&out, false);
	crdb_list_write(&out, &cat, NULL, true);
	ck_assert_str_eq(out.data,
	                 "schema               table                               est. rows   est. bytes\n"
	                 "public               notes                                       0            0\n"
	                 "public               users                                    1000            0\n"
	                 "public               vehicles                                    0            0\n");
	/* The heading is written once per run. */
	buf_reset(&out);
	listing_heading(&out, false);
	ck_assert_str_eq(out.data, "");
	/* Progress counts the tables whose rows are dumped: not notes. */
	ck_assert(crdb_estimated_rows(&cat) == 1000.0);
}
END_TEST

/* A big table with an integer key is read in key ranges: the piece count
 * comes from its estimate, the bounds from its key's min and max; each piece
 * ends its own INSERT, and -j (pieces from spools) writes the same bytes. */
static int pieces_seen;

static void piece_rows(void *ctx, const crdb_rel_t *t, const crdb_table_plan_t *p, int piece, rows_writer_t *w)
{
	buf_t sql;

	if (strcmp(t->qname, "public.notes") != 0) {
		fake_rows(ctx, t, p, 0, w);
		return;
	}
	/* The statement that reads this piece. */
	buf_init(&sql);
	crdb_copy_query(&sql, t->qname, p->collist, t->where, &t->split, piece);
	if (piece == 0)
		ck_assert_str_eq(sql.data, "COPY (SELECT body, mood, payload, price, score, n FROM public.notes "
		                           "WHERE rowid < 100000 ORDER BY PRIMARY KEY public.notes) TO STDOUT");
	else if (piece == 1)
		ck_assert_str_eq(sql.data, "COPY (SELECT body, mood, payload, price, score, n FROM public.notes "
		                           "WHERE rowid >= 100000 AND rowid < 200000 ORDER BY PRIMARY KEY "
		                           "public.notes) TO STDOUT");
	else
		ck_assert_str_eq(sql.data, "COPY (SELECT body, mood, payload, price, score, n FROM public.notes "
		                           "WHERE rowid >= 200000 ORDER BY PRIMARY KEY public.notes) TO STDOUT");
	buf_free(&sql);
	ck_assert_int_eq(piece, pieces_seen++);
	/* One row a piece: its n tells the pieces apart. */
	{
		char n[16];
		copy_field_t f[6] = {{"x", 1, false}, {"", 0, true}, {"", 0, true},
		                     {"", 0, true},   {"", 0, true}, {n, 0, false}};
		snprintf(n, sizeof n, "%d", piece + 1);
		f[5].len = strlen(n);
		rows_add(w, f);
	}
}

static void piece_spooled_data(void *ctx, const crdb_rel_t *t, buf_t *dest)
{
	manifest_tally_t tally = {0};

	(void)ctx;
	for (int piece = 0; piece < t->split.npieces; piece++) {
		buf_t spool;
		buf_init(&spool);
		crdb_table_piece_write(&spool, t, &opts, piece, piece_rows, NULL, &tally);
		buf_append(dest, spool.data, spool.len);
		buf_free(&spool);
	}
	crdb_table_data_end(dest, t, &tally);
}

#define NOTES_PIECES                                                                                         \
	"INSERT INTO public.notes (body, mood, payload, price, score, n) VALUES\n"                           \
	"('x' COLLATE de,NULL,NULL,NULL,NULL,1);\n"                                                          \
	"INSERT INTO public.notes (body, mood, payload, price, score, n) VALUES\n"                           \
	"('x' COLLATE de,NULL,NULL,NULL,NULL,2);\n"                                                          \
	"INSERT INTO public.notes (body, mood, payload, price, score, n) VALUES\n"                           \
	"('x' COLLATE de,NULL,NULL,NULL,NULL,3);\n\n"

START_TEST(test_pieces)
{
	static const char *const est_cells[] = {"55", "400000", "52", "1000000"};
	const crdb_result_t est = {est_cells, 2, 2};
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27)",
	                         &moment, NULL, NULL};
	crdb_dump_io_t io = fake_io;
	crdb_rel_t *notes = NULL, *users = NULL;
	size_t cycles;
	buf_t one;

	OPTS("-a", "movr");
	ck_assert(crdb_catalog_load(&cat, &rels, &types, &deps, &err));
	crdb_catalog_set_estimates(&cat, &est);
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	for (size_t i = 0; i < cat.nrels; i++) {
		if (strcmp(cat.rels[i].qname, "public.notes") == 0)
			notes = &cat.rels[i];
		if (strcmp(cat.rels[i].qname, "public.users") == 0)
			users = &cat.rels[i];
	}
	ck_assert(notes && users);
	/* notes: the hidden rowid leads its key; users: a UUID does, so it is
	 * read whole however big it is. */
	ck_assert_str_eq(notes->split_key, "rowid");
	ck_assert_int_eq(crdb_rel_pieces_wanted(notes), 3);
	ck_assert_ptr_null(users->split_key);
	ck_assert_int_eq(crdb_rel_pieces_wanted(users), 1);
	crdb_rel_split(notes, 1, 300000, crdb_rel_pieces_wanted(notes));
	ck_assert_int_eq(notes->split.npieces, 3);

	pieces_seen = 0;
	io.table_rows = piece_rows;
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &io, &err), "%s", err.data);
	ck_assert_int_eq(pieces_seen, 3);
	ck_assert_msg(strstr(plain(&out), NOTES_PIECES USERS_INSERT) != NULL, "%s", out.data);

	/* -j: the same bytes from spools, piece by piece. */
	buf_init(&one);
	buf_append(&one, out.data, out.len);
	buf_reset(&out);
	pieces_seen = 0;
	io.table_data = piece_spooled_data;
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &io, &err), "%s", err.data);
	ck_assert_str_eq(out.data, one.data);
	buf_free(&one);

	/* --data-only of a table not selected for data: not split. */
	notes->dump_data = false;
	ck_assert_int_eq(crdb_rel_pieces_wanted(notes), 1);
}
END_TEST

/* --clean: the foreign keys dropped first, then everything in the reverse of
 * the order made in, before the CREATEs; sequences always IF EXISTS. */
START_TEST(test_clean)
{
	OPTS("--clean", "-s", "movr");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_str_eq(plain(&out), HEADER("schema")
	                 "ALTER TABLE public.vehicles DROP CONSTRAINT vehicles_city_owner_id_fkey;\n"
	                 "DROP VIEW public.user_view;\n"
	                 "DROP TABLE public.vehicles;\n"
	                 "DROP TABLE public.users;\n"
	                 "DROP TABLE public.notes;\n"
	                 "DROP TYPE public.mood;\n"
	                 "DROP SEQUENCE IF EXISTS public.note_seq;\n\n" CREATES FKS);
	OPTS("--clean", "--if-exists", "movr", "vehicles");
	ck_assert_int_eq(dump_with_options(), 0);
	/* vehicles alone: its key to users is left out, so is its drop. */
	ck_assert_ptr_nonnull(strstr(plain(&out), "--\n\nSET statement_timeout = 0;\n"
	                                       "SET client_encoding = 'UTF8';\n"
	                                       "SET standard_conforming_strings = on;\n\n"
	                                       "DROP TABLE IF EXISTS public.vehicles;\n\n" VEHICLES_NOFKS ";\n"));
	OPTS("--clean", "--if-exists", "movr", "users");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_ptr_nonnull(strstr(plain(&out), "DROP TABLE IF EXISTS public.users;\n\n" USERS_CREATE ";\n"));
}
END_TEST

START_TEST(test_dangling_foreign_key)
{
	OPTS("movr", "vehicles");
	ck_assert_int_eq(dump_with_options(), 0);
	ck_assert_int_eq(warnings.n, 1);
	ck_assert_str_eq(warnings.items[0],
	                 "foreign key vehicles_city_owner_id_fkey of table \"public.vehicles\" is "
	                 "left out: it references public.users, which is not in the dump");
	ck_assert_ptr_null(strstr(plain(&out), "ALTER TABLE"));
	ck_assert_ptr_nonnull(strstr(plain(&out), VEHICLES_INSERT));
}
END_TEST

/* What a server answers that the fixture above does not show: a NOT VALID
 * foreign key listed in validate_statements too, a materialized view, a view
 * naming its own database. */
#define SELF_FK                                                                                              \
	"ALTER TABLE public.users ADD CONSTRAINT self_fk FOREIGN KEY (city) REFERENCES public.users(city) "  \
	"NOT VALID"
#define MV_CREATE "CREATE MATERIALIZED VIEW public.mv AS SELECT name FROM movr.public.users"
static const char *const server_rel_cells[] = {
    "70",
    "public",
    "mv",
    "view",
    MV_CREATE,
    MV_CREATE,
    "{}",
    "{}",
    "52",
    "public",
    "users",
    "table",
    USERS_CREATE,
    USERS_CREATE,
    "{\"" SELF_FK "\"}",
    "{\"ALTER TABLE public.users VALIDATE CONSTRAINT self_fk\"}",
};
static const crdb_result_t server_rels = {server_rel_cells, 2, 8};
static const char *const server_dep_cells[] = {"70", "52"};
static const crdb_result_t server_deps = {server_dep_cells, 1, 2};

static void dump_server_answers(void)
{
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27)",
	                         &moment, NULL, NULL};
	size_t cycles;

	buf_reset(&out);
	crdb_catalog_free(&cat);
	strlist_free(&warnings);
	ck_assert_msg(crdb_catalog_load(&cat, &server_rels, &no_types, &server_deps, &err), "%s", err.data);
	crdb_catalog_relative_views(&cat, "movr");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &fake_io, &err), "%s", err.data);
}

START_TEST(test_server_answers)
{
	const char *mv, *rows, *refresh;

	OPTS("movr");
	dump_server_answers();
	/* The key stays as the source has it: unvalidated. */
	ck_assert_ptr_nonnull(strstr(out.data, SELF_FK ";\n"));
	ck_assert_ptr_null(strstr(out.data, "VALIDATE"));
	/* Created empty, filled after the rows it reads. */
	mv = strstr(plain(&out), "CREATE MATERIALIZED VIEW public.mv AS SELECT name FROM public.users;\n");
	rows = strstr(plain(&out), USERS_INSERT);
	refresh = strstr(plain(&out), "\nREFRESH MATERIALIZED VIEW public.mv;\n\n");
	ck_assert_ptr_nonnull(mv);
	ck_assert_ptr_nonnull(rows);
	ck_assert_ptr_nonnull(refresh);
	ck_assert(mv < rows && rows < refresh);
	ck_assert_ptr_null(strstr(out.data, "movr.public"));

	options_free(&opts);
	OPTS("--schema-only", "movr");
	dump_server_answers();
	ck_assert_ptr_null(strstr(out.data, "REFRESH"));
}
END_TEST

/* An identity column's sequence: made again by its table's CREATE (under
 * a name the restore picks), so not written on its own; its value is set
 * through the column after the rows. A sequence a DEFAULT nextval names is
 * written as before. */
#define IDENT_SEQ_CREATE                                                                                     \
	"CREATE SEQUENCE public.\"Ident_Id_seq\" MINVALUE 1 MAXVALUE 9223372036854775807 INCREMENT 1 START 1"
#define IDENT_CREATE                                                                                         \
	"CREATE TABLE public.\"Ident\" (\n"                                                                  \
	"\t\"Id\" INT8 NOT NULL GENERATED ALWAYS AS IDENTITY,\n"                                             \
	"\tv STRING NULL,\n"                                                                                 \
	"\tCONSTRAINT \"Ident_pkey\" PRIMARY KEY (\"Id\" ASC)\n"                                             \
	")"
static const char *const ident_rel_cells[] = {
    "80", "public", "Ident_Id_seq", "sequence", IDENT_SEQ_CREATE, IDENT_SEQ_CREATE, "{}", "{}",
    "81", "public", "Ident",        "table",    IDENT_CREATE,     IDENT_CREATE,     "{}", "{}",
};
static const crdb_result_t ident_rels = {ident_rel_cells, 2, 8};
static const char *const ident_dep_cells[] = {"81", "80"};
static const crdb_result_t ident_deps = {ident_dep_cells, 1, 2};

static void ident_rows(void *ctx, const crdb_rel_t *t, const crdb_table_plan_t *p, int piece, rows_writer_t *w)
{
	static const char *const cells[] = {"1", "one", "2", "two"};

	(void)ctx;
	(void)piece;
	ck_assert_str_eq(t->qname, "public.\"Ident\"");
	ck_assert_str_eq(p->collist, "\"Id\", v");
	for (size_t r = 0; r < 2; r++) {
		copy_field_t fields[2];
		for (int c = 0; c < 2; c++) {
			fields[c].isnull = false;
			fields[c].ptr = cells[r * 2 + (size_t)c];
			fields[c].len = strlen(cells[r * 2 + (size_t)c]);
		}
		rows_add(w, fields);
	}
}

static char *ident_sequence(void *ctx, const crdb_rel_t *s)
{
	(void)ctx;
	ck_assert_str_eq(s->qname, "public.\"Ident_Id_seq\"");
	return xstrdup("2");
}

static const crdb_dump_io_t ident_io = {NULL, ident_rows, ident_sequence, NULL, NULL};

static void dump_ident(const char *answer)
{
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v24.1.0", &moment, NULL, NULL};
	const char *cells[] = {"1", answer};
	crdb_result_t rows = {cells, 1, 2};
	size_t cycles;

	buf_reset(&out);
	crdb_catalog_free(&cat);
	ck_assert_msg(crdb_catalog_load(&cat, &ident_rels, &no_types, &ident_deps, &err), "%s", err.data);
	ck_assert_msg(crdb_catalog_set_identity(&cat, &rows, &err), "%s", err.data);
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &ident_io, &err), "%s", err.data);
}

START_TEST(test_identity_sequence)
{
	const char *rows, *setval;
	buf_t q;

	buf_init(&q);
	ck_assert_msg(crdb_catalog_load(&cat, &ident_rels, &no_types, &ident_deps, &err), "%s", err.data);
	crdb_identity_query(&cat, &q);
	ck_assert_str_eq(q.data, "SELECT n, pg_get_serial_sequence(t, c) FROM (VALUES (1, 'public.\"Ident\"', "
	                         "'Id')) AS v (n, t, c) ORDER BY n");
	buf_free(&q);

	OPTS("movr");
	dump_ident("public.\"Ident_Id_seq\"");
	ck_assert_ptr_null(strstr(out.data, "CREATE SEQUENCE"));
	rows = strstr(out.data, "INSERT INTO public.\"Ident\" (\"Id\", v) VALUES\n(1,'one'),(2,'two');\n");
	setval = strstr(out.data, "\nSELECT setval(pg_get_serial_sequence('public.\"Ident\"', 'Id'), 3, false);\n");
	ck_assert_ptr_nonnull(rows);
	ck_assert_ptr_nonnull(setval);
	ck_assert(rows < setval);
	ck_assert_ptr_null(strstr(out.data, "setval('public.\"Ident_Id_seq\"'"));

	/* --clean: dropping the table drops its identity's sequence. */
	OPTS("--clean", "movr");
	dump_ident("public.\"Ident_Id_seq\"");
	ck_assert_ptr_nonnull(strstr(out.data, "DROP TABLE public.\"Ident\";\n"));
	ck_assert_ptr_null(strstr(out.data, "DROP SEQUENCE"));

	/* Without its rows, no value: the table's counter starts afresh, as its
	 * rows do. */
	OPTS("--exclude-table-data=\"Ident\"", "movr");
	dump_ident("public.\"Ident_Id_seq\"");
	ck_assert_ptr_null(strstr(out.data, "setval"));

	/* A sequence the catalog does not hold: left. */
	OPTS("movr");
	dump_ident("public.later_seq");
	ck_assert_ptr_nonnull(strstr(out.data, IDENT_SEQ_CREATE ";\n"));
	ck_assert_ptr_nonnull(strstr(out.data, "SELECT setval('public.\"Ident_Id_seq\"', 3, false);\n"));

	/* Answers that cannot be read, or name no sequence: written on its
	 * own, the sequence would be a stray one. */
	{
		const char *bad_n[] = {"2", "public.x"}, *bad_name[] = {"1", "a.b.c.d"}, *none[] = {"1", NULL};
		crdb_result_t r1 = {bad_n, 1, 2}, r2 = {bad_name, 1, 2}, r3 = {none, 1, 2};
		buf_reset(&err);
		ck_assert(!crdb_catalog_set_identity(&cat, &r3, &err));
		ck_assert_str_eq(err.data, "could not read the sequence of identity column \"Id\" of "
		                           "\"public.Ident\": got \"NULL\"");
		buf_reset(&err);
		ck_assert(!crdb_catalog_set_identity(&cat, &r1, &err));
		ck_assert_str_eq(err.data, "could not read the sequence of an identity column: row 1");
		buf_reset(&err);
		ck_assert(!crdb_catalog_set_identity(&cat, &r2, &err));
		ck_assert_str_eq(err.data, "could not read the sequence of identity column \"Id\" of "
		                           "\"public.Ident\": got \"a.b.c.d\"");
	}
}
END_TEST

START_TEST(test_user_schemas_created)
{
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v23.1.11", &moment, NULL, NULL};
	const char *my, *audit, *table;
	size_t cycles;

	OPTS("--schema-only", "movr");
	ck_assert_msg(crdb_catalog_load(&cat, &path_rels, &no_types, &no_deps, &err), "%s", err.data);
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &fake_io, &err), "%s", err.data);
	my = strstr(out.data, "\nCREATE SCHEMA IF NOT EXISTS \"My Schema\";\n");
	audit = strstr(out.data, "\nCREATE SCHEMA IF NOT EXISTS audit;\n");
	table = strstr(out.data, "CREATE TABLE");
	ck_assert_ptr_nonnull(my);
	ck_assert_ptr_nonnull(audit);
	ck_assert(my < table && audit < table);
	ck_assert_ptr_null(strstr(out.data, "SCHEMA IF NOT EXISTS public"));
	ck_assert_ptr_null(strstr(audit + 2, "CREATE SCHEMA IF NOT EXISTS audit"));
}
END_TEST

/* CockroachDB writes a name bare where dbdump would quote it (non-ASCII
 * lowercase) and quotes one dbdump would leave bare ("index", reserved only
 * there): a foreign key to such a table is still in the dump. */
#define IDX_CREATE                                                                                           \
	"CREATE TABLE public.\"index\" (\n\tid INT8 NOT NULL,\n\tCONSTRAINT index_pkey PRIMARY KEY (id "     \
	"ASC)\n)"
#define UML_CREATE                                                                                           \
	"CREATE TABLE public.größe (\n\tid INT8 NOT NULL,\n\tCONSTRAINT größe_pkey PRIMARY KEY (id ASC)\n)"
#define KID_CREATE                                                                                           \
	"CREATE TABLE public.kid (\n\ta INT8 NOT NULL,\n\tb INT8 NULL,\n\tCONSTRAINT kid_pkey PRIMARY KEY "  \
	"(a ASC)\n)"
#define KID_FK1                                                                                              \
	"ALTER TABLE public.kid ADD CONSTRAINT kid_a_fkey FOREIGN KEY (a) REFERENCES "                       \
	"public.\\\"index\\\"(id)"
#define KID_FK2 "ALTER TABLE public.kid ADD CONSTRAINT kid_b_fkey FOREIGN KEY (b) REFERENCES public.größe(id)"
static const char *const names_rel_cells[] = {
    "82",
    "public",
    "größe",
    "table",
    UML_CREATE,
    UML_CREATE,
    "{}",
    "{}",
    "80",
    "public",
    "index",
    "table",
    IDX_CREATE,
    IDX_CREATE,
    "{}",
    "{}",
    "81",
    "public",
    "kid",
    "table",
    KID_CREATE,
    KID_CREATE,
    "{\"" KID_FK1 "\",\"" KID_FK2 "\"}",
    "{}",
};
static const crdb_result_t names_rels = {names_rel_cells, 3, 8};

START_TEST(test_foreign_keys_compared_unquoted)
{
	size_t cycles;

	OPTS("--schema-only", "movr");
	ck_assert_msg(crdb_catalog_load(&cat, &names_rels, &no_types, &no_deps, &err), "%s", err.data);
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_int_eq(warnings.n, 0);
	ck_assert_uint_eq(cat.rels[2].nalters, 2);
}
END_TEST

START_TEST(test_selection_errors)
{
	size_t cycles;

	ck_assert(crdb_catalog_load(&cat, &rels, &types, &deps, &err));
	OPTS("movr", "missing");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 1);
	ck_assert_str_eq(err.data, "table \"missing\" not found in database \"movr\"");
	/* A TABLE argument has no wildcards. */
	buf_reset(&err);
	OPTS("movr", "user*");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 1);
	ck_assert_str_eq(err.data, "table \"user*\" not found in database \"movr\"");
	buf_reset(&err);
	OPTS("-t", "nope*", "movr");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 1);
	ck_assert_str_eq(err.data, "no table matches pattern \"nope*\"");
	buf_reset(&err);
	OPTS("-n", "other", "movr");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 1);
	ck_assert_str_eq(err.data, "no schema matches pattern \"other\"");
	buf_reset(&err);
	OPTS("-n", "a.b", "movr");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 2);
	ck_assert_str_eq(err.data, "improper qualified name in schema pattern \"a.b\"");
	buf_reset(&err);
	OPTS("-t", "a.b.c.d", "movr");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 2);
	ck_assert_str_eq(err.data, "improper qualified name (too many dotted names): \"a.b.c.d\"");
}
END_TEST

/* ---- Pieces -------------------------------------------------------------- */

START_TEST(test_table_plan)
{
	size_t cycles;
	crdb_table_plan_t p;
	const crdb_rel_t *notes = NULL;

	ck_assert(crdb_catalog_load(&cat, &rels, &types, &deps, &err));
	OPTS("movr");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	for (size_t i = 0; i < cat.nrels; i++)
		if (strcmp(cat.rels[i].name, "notes") == 0)
			notes = &cat.rels[i];
	ck_assert_ptr_nonnull(notes);
	crdb_table_plan_init(&p, notes);
	/* n2 (computed) and rowid (implicit key) are not written. */
	ck_assert_str_eq(p.collist, "body, mood, payload, price, score, n");
	ck_assert_int_eq(p.ncols, 6);
	ck_assert_int_eq(p.kinds[0], LIT_TEXT);
	ck_assert_str_eq(p.collations[0], "de");
	ck_assert_int_eq(p.kinds[1], LIT_TEXT);
	ck_assert_str_eq(p.collations[1], "");
	ck_assert_int_eq(p.kinds[3], LIT_NUMERIC);
	ck_assert_int_eq(p.kinds[4], LIT_FLOAT);
	ck_assert_int_eq(p.kinds[5], LIT_INTEGER);
	ck_assert(!p.always_identity);
	crdb_table_plan_free(&p);
}
END_TEST

START_TEST(test_table_plan_no_columns)
{
	static const char *const cells[] = {
	    "60",
	    "public",
	    "only_rowid",
	    "table",
	    "CREATE TABLE public.only_rowid (\n\trowid INT8 NOT VISIBLE NOT NULL DEFAULT unique_rowid(),\n"
	    "\tCONSTRAINT only_rowid_pkey PRIMARY KEY (rowid ASC)\n)",
	    NULL,
	    NULL,
	    NULL};
	static const crdb_result_t one = {cells, 1, 8}, none = {NULL, 0, 4};
	crdb_table_plan_t p;

	ck_assert_msg(crdb_catalog_load(&cat, &one, &none, &none, &err), "%s", err.data);
	crdb_table_plan_init(&p, &cat.rels[0]);
	ck_assert_int_eq(p.ncols, 0);
	ck_assert_str_eq(p.collist, "1");
	crdb_table_plan_free(&p);
}
END_TEST

/* GENERATED ALWAYS AS IDENTITY: CockroachDB refuses an INSERT's value for
 * such a column and has no OVERRIDING SYSTEM VALUE; ALTER TABLE ... ALTER
 * COLUMN ... SET GENERATED (v24.1, cockroach pull request #115889) lets the
 * rows in BY DEFAULT and puts ALWAYS back after them, in a whole dump as in a
 * data-only one (whose tables exist already, ALWAYS). A BY DEFAULT column
 * takes the values as they are. Names CockroachDB reserves are quoted. */
static void one_row(void *ctx, const crdb_rel_t *t, const crdb_table_plan_t *p, int piece, rows_writer_t *w)
{
	copy_field_t fields[2] = {{"1", 1, false}, {"a", 1, false}};

	(void)ctx;
	(void)t;
	(void)piece;
	ck_assert_int_eq(p->ncols, 2);
	rows_add(w, fields);
}

static const char *const identity_cells[] = {
    "70",
    "nothing",
    "index",
    "table",
    "CREATE TABLE \"nothing\".\"index\" (\n\tid INT8 NOT NULL GENERATED ALWAYS AS IDENTITY,\n"
    "\tv STRING NULL,\n\tCONSTRAINT index_pkey PRIMARY KEY (id ASC)\n)",
    NULL,
    NULL,
    NULL,
    "71",
    "public",
    "soft",
    "table",
    "CREATE TABLE public.soft (\n\tid INT8 NOT NULL GENERATED BY DEFAULT AS IDENTITY,\n"
    "\tv STRING NULL,\n\tCONSTRAINT soft_pkey PRIMARY KEY (id ASC)\n)",
    NULL,
    NULL,
    NULL,
};

START_TEST(test_identity_always)
{
	static const crdb_result_t two = {identity_cells, 2, 8}, none = {NULL, 0, 4};
	static const crdb_dump_io_t io = {NULL, one_row, NULL, NULL, NULL};
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v24.1.0", &moment, NULL, NULL};
	const char *modes[] = {NULL, "--data-only", "--schema-only"};
	size_t cycles;

	for (int m = 0; m < 3; m++) {
		const char *text;
		crdb_catalog_free(&cat);
		if (modes[m])
			OPTS(modes[m], "movr");
		else
			OPTS("movr");
		ck_assert_msg(crdb_catalog_load(&cat, &two, &none, &none, &err), "%s", err.data);
		ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
		buf_reset(&out);
		ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &io, &err), "%s", err.data);
		text = plain(&out);
		if (m == 2) {
			ck_assert_ptr_null(strstr(text, "SET GENERATED"));
			ck_assert_ptr_nonnull(strstr(text, "CREATE SCHEMA IF NOT EXISTS \"nothing\";\n"));
			continue;
		}
		ck_assert_msg(strstr(text, "ALTER TABLE \"nothing\".\"index\" ALTER COLUMN id SET GENERATED BY "
		                           "DEFAULT;\n"
		                           "INSERT INTO \"nothing\".\"index\" (id, v) VALUES\n(1,'a');\n\n"
		                           "ALTER TABLE \"nothing\".\"index\" ALTER COLUMN id SET GENERATED "
		                           "ALWAYS;\n\n"),
		              "%s", text);
		ck_assert_msg(strstr(text, "\nINSERT INTO public.soft (id, v) VALUES\n(1,'a');\n\n"), "%s", text);
		ck_assert_ptr_null(strstr(text, "public.soft ALTER COLUMN"));
	}
}
END_TEST

/* Zone configurations as SHOW ALL ZONE CONFIGURATIONS gives them (the
 * documentation's movr example): those of the dumped database's tables,
 * indexes and partitions follow their table's CREATE, relative to the
 * database; the default range's, a database's, another database's and one of
 * a table the dump's moment does not know are not the dump's. */
static const char *const zone_cells[] = {
    "RANGE default", "ALTER RANGE default CONFIGURE ZONE USING\n\tnum_replicas = 3",
    "DATABASE movr", "ALTER DATABASE movr CONFIGURE ZONE USING\n\tnum_replicas = 5",
    "TABLE movr.public.users", "ALTER TABLE movr.public.users CONFIGURE ZONE USING\n\tnum_replicas = 5",
    "PARTITION us_west OF INDEX movr.public.users@users_pkey",
    "ALTER PARTITION us_west OF INDEX movr.public.users@users_pkey CONFIGURE ZONE USING\n"
    "\tconstraints = '[+region=us-west1]'",
    "INDEX movr.public.vehicles@vehicles_auto_index_fk_city_ref_users",
    "ALTER INDEX movr.public.vehicles@vehicles_auto_index_fk_city_ref_users CONFIGURE ZONE USING\n"
    "\tgc.ttlseconds = 600",
    "TABLE other.public.users", "ALTER TABLE other.public.users CONFIGURE ZONE USING\n\tnum_replicas = 7",
    "TABLE movr.public.gone", "ALTER TABLE movr.public.gone CONFIGURE ZONE USING\n\tnum_replicas = 7",
};

START_TEST(test_zones)
{
	static const crdb_result_t zones = {zone_cells, 7, 2};
	static const char *const bad_cells[] = {"TABLE movr", "ALTER TABLE movr CONFIGURE ZONE USING x = 1"};
	static const crdb_result_t bad = {bad_cells, 1, 2};
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27)",
	                         &moment, NULL, NULL};
	size_t cycles;
	const char *text;

	OPTS("--schema-only", "movr");
	ck_assert_msg(crdb_catalog_load(&cat, &rels, &types, &deps, &err), "%s", err.data);
	ck_assert_msg(crdb_catalog_set_zones(&cat, &zones, "movr", &err), "%s", err.data);
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &fake_io, &err), "%s", err.data);
	text = plain(&out);
	ck_assert_msg(strstr(text, USERS_CREATE ";\n"
	                           "ALTER TABLE public.users CONFIGURE ZONE USING\n\tnum_replicas = 5;\n"
	                           "ALTER PARTITION us_west OF INDEX public.users@users_pkey CONFIGURE ZONE "
	                           "USING\n\tconstraints = '[+region=us-west1]';\n\n"),
	              "%s", text);
	ck_assert_msg(strstr(text, VEHICLES_NOFKS ";\n"
	                           "ALTER INDEX public.vehicles@vehicles_auto_index_fk_city_ref_users CONFIGURE "
	                           "ZONE USING\n\tgc.ttlseconds = 600;\n\n"),
	              "%s", text);
	ck_assert_ptr_null(strstr(text, "num_replicas = 7"));
	ck_assert_ptr_null(strstr(text, "ALTER DATABASE"));
	ck_assert_ptr_null(strstr(text, "ALTER RANGE"));
	buf_reset(&err);
	ck_assert(!crdb_catalog_set_zones(&cat, &bad, "movr", &err));
	ck_assert_str_eq(err.data, "could not read the zone configuration target \"TABLE movr\"");
}
END_TEST

/* Functions and procedures (crdb_internal.create_function_statements,
 * create_procedure_statements), triggers (create_trigger_statements) and
 * row-level security (create_statements.rls_statements): routines after
 * the tables and views, unless a table needs one (a default calling it,
 * from backward_dependencies); triggers and policies after the rows and the
 * foreign keys; with --clean, routines dropped after the tables and before
 * the types; relative to the database; not with -t. */
static const char *const fn_cells[] = {
    "90", "public", "sq",
    "CREATE FUNCTION public.sq(IN a INT8)\n\tRETURNS INT8\n\tLANGUAGE SQL\n\tAS $$\n\tSELECT a * a "
    "FROM movr.public.users;\n$$",
};
static const char *const proc_cells[] = {
    "91", "public", "tidy", "CREATE PROCEDURE public.tidy()\n\tLANGUAGE SQL\n\tAS $$ SELECT 1; $$",
};
static const char *const trig_cells[] = {
    "52", "CREATE TRIGGER users_audit BEFORE INSERT ON movr.public.users FOR EACH ROW EXECUTE FUNCTION sq()",
    "999", "CREATE TRIGGER elsewhere BEFORE INSERT ON other.public.t FOR EACH ROW EXECUTE FUNCTION f()",
};
static const char *const rls_cells[] = {
    "52", "{\"ALTER TABLE public.users ENABLE ROW LEVEL SECURITY\",\"CREATE POLICY p ON public.users AS "
          "PERMISSIVE FOR SELECT TO public USING (true)\"}",
    "53", "{}",
};

static void load_routines(void)
{
	static const crdb_result_t fns = {fn_cells, 1, 4}, procs = {proc_cells, 1, 4}, trigs = {trig_cells, 2, 2},
	                           rls = {rls_cells, 2, 2};

	ck_assert_msg(crdb_catalog_load(&cat, &rels, &types, &deps, &err), "%s", err.data);
	ck_assert_msg(crdb_catalog_add_routines(&cat, &fns, false, "movr", &err), "%s", err.data);
	ck_assert_msg(crdb_catalog_add_routines(&cat, &procs, true, "movr", &err), "%s", err.data);
	ck_assert_msg(crdb_catalog_add_post(&cat, &trigs, false, "movr", &err), "%s", err.data);
	ck_assert_msg(crdb_catalog_add_post(&cat, &rls, true, "movr", &err), "%s", err.data);
}

START_TEST(test_routines_triggers_policies)
{
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v25.2.0", &moment, NULL, NULL};
	static const char *const bad_cells[] = {"92", "public", "odd", "CREATE FUNCTION odd RETURNS INT8"};
	static const crdb_result_t bad = {bad_cells, 1, 4};
	size_t cycles;
	const char *text, *view, *fn, *proc, *users_rows, *fks, *trig, *policy;

	OPTS("--clean", "movr");
	load_routines();
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &fake_io, &err), "%s", err.data);
	text = plain(&out);
	view = strstr(text, USER_VIEW_CREATE);
	fn = strstr(text, "CREATE FUNCTION public.sq(IN a INT8)\n\tRETURNS INT8\n\tLANGUAGE SQL\n\tAS $$\n\tSELECT a "
	                  "* a FROM public.users;\n$$;\n");
	proc = strstr(text, "CREATE PROCEDURE public.tidy()");
	users_rows = strstr(text, "INSERT INTO public.users");
	fks = strstr(text, VEHICLES_VALIDATE ";\n");
	trig = strstr(text, "CREATE TRIGGER users_audit BEFORE INSERT ON public.users FOR EACH ROW EXECUTE FUNCTION "
	                    "sq();\n");
	policy = strstr(text, "ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON public.users "
	                      "AS PERMISSIVE FOR SELECT TO public USING (true);\n");
	ck_assert_msg(view && fn && proc && users_rows && fks && trig && policy, "%s", text);
	ck_assert(view < fn);
	ck_assert(fn < users_rows);
	ck_assert(fks < trig);
	ck_assert(trig < policy);
	ck_assert_ptr_null(strstr(text, "elsewhere"));
	/* The table with a trigger first (the trigger needs its function),
	 * then the reverse of the order made in: routines before the tables
	 * they read. */
	ck_assert_msg(strstr(text, "DROP TABLE public.users;\n"
	                           "DROP PROCEDURE public.tidy();\n"
	                           "DROP FUNCTION public.sq(IN a INT8);\n"
	                           "DROP VIEW public.user_view;\n"
	                           "DROP TABLE public.vehicles;\n"
	                           "DROP TABLE public.notes;\n"
	                           "DROP TYPE public.mood;\n"
	                           "DROP SEQUENCE IF EXISTS public.note_seq;\n\n"),
	              "%s", text);

	/* -t: tables only, so no routine; the table's trigger stays with it. */
	crdb_catalog_free(&cat);
	buf_reset(&out);
	OPTS("-s", "-t", "users", "movr");
	load_routines();
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &fake_io, &err), "%s", err.data);
	text = plain(&out);
	ck_assert_ptr_null(strstr(text, "CREATE FUNCTION"));
	ck_assert_ptr_nonnull(strstr(text, "CREATE TRIGGER users_audit"));

	/* A table whose default calls the function: the function first. */
	crdb_catalog_free(&cat);
	buf_reset(&out);
	OPTS("-s", "movr");
	load_routines();
	for (size_t i = 0; i < cat.nrels; i++)
		if (strcmp(cat.rels[i].name, "users") == 0) {
			crdb_rel_t *u = &cat.rels[i];
			u->deps = xrealloc(u->deps, sizeof *u->deps * (u->ndeps + 1));
			u->deps[u->ndeps++] = 90;
		}
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &fake_io, &err), "%s", err.data);
	text = plain(&out);
	ck_assert(strstr(text, "CREATE FUNCTION public.sq") < strstr(text, "CREATE TABLE public.users"));

	buf_reset(&err);
	ck_assert(!crdb_catalog_add_routines(&cat, &bad, false, "movr", &err));
	ck_assert_str_eq(err.data, "could not read the CREATE statement of function \"public.odd\"");
}
END_TEST

/* A routine whose body calls another comes after it, whatever their names'
 * order (CockroachDB checks the body when it is made); a name only part of
 * a longer one, or not called, makes no dependency; overloads of one name
 * keep the order read. */
START_TEST(test_routine_order)
{
	static const char *const cells[] = {
	    "95", "public", "a_outer",
	    "CREATE FUNCTION public.a_outer(IN x INT8 DEFAULT 1)\n\tRETURNS INT8\n\tLANGUAGE SQL\n\tAS $$\n\t"
	    "SELECT public.\"B Inner\"(x) + c_last (x) + xc_last(x) + d_mid;\n$$",
	    "96", "public", "B Inner",
	    "CREATE FUNCTION public.\"B Inner\"(IN x INT8)\n\tRETURNS INT8\n\tLANGUAGE SQL\n\tAS $$\n\t"
	    "SELECT c_last(x);\n$$",
	    "97", "public", "c_last",
	    "CREATE FUNCTION public.c_last(IN x INT8)\n\tRETURNS INT8\n\tLANGUAGE SQL\n\tAS $$ SELECT x $$",
	    "98", "public", "d_mid",
	    "CREATE FUNCTION public.d_mid()\n\tRETURNS INT8\n\tLANGUAGE SQL\n\tAS $$ SELECT 1 $$",
	};
	static const crdb_result_t fns = {cells, 4, 4};
	crdb_dump_info_t info = {"movr", "CockroachDB CCL v25.2.0", &moment, NULL, NULL};
	const char *a, *b, *c, *d;
	size_t cycles;

	OPTS("-s", "--clean", "movr");
	ck_assert_msg(crdb_catalog_load(&cat, &no_rels, &no_types, &no_deps, &err), "%s", err.data);
	ck_assert_msg(crdb_catalog_add_routines(&cat, &fns, false, "movr", &err), "%s", err.data);
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	ck_assert_int_eq(cycles, 0);
	ck_assert_msg(crdb_dump_write(&out, &cat, &info, &opts, &fake_io, &err), "%s", err.data);
	a = strstr(out.data, "CREATE FUNCTION public.a_outer");
	b = strstr(out.data, "CREATE FUNCTION public.\"B Inner\"");
	c = strstr(out.data, "CREATE FUNCTION public.c_last");
	d = strstr(out.data, "CREATE FUNCTION public.d_mid");
	ck_assert_msg(a && b && c && d, "%s", out.data);
	ck_assert(c < b && b < a);
	/* d_mid is named but not called: it keeps its place after a_outer. */
	ck_assert(a < d);
	/* Dropped in reverse, each by its argument types (no DEFAULT). */
	ck_assert_msg(strstr(out.data, "DROP FUNCTION public.d_mid();\n"
	                               "DROP FUNCTION public.a_outer(IN x INT8);\n"
	                               "DROP FUNCTION public.\"B Inner\"(IN x INT8);\n"
	                               "DROP FUNCTION public.c_last(IN x INT8);\n"),
	              "%s", out.data);
}
END_TEST

/* A multi-region database dumped alone: its regions, for the database
 * the restore goes into, as comment lines in the header. */
START_TEST(test_header_regions)
{
	crdb_dump_info_t info = {"mr", "CockroachDB CCL v24.1.0", &moment, NULL,
	                         "ALTER DATABASE mr SET PRIMARY REGION \"us-east1\";\n"
	                         "ALTER DATABASE mr ADD REGION \"us-west1\";\n"};

	OPTS("mr");
	crdb_dump_header(&out, &info, &opts);
	ck_assert_msg(strstr(out.data, "-- contents: schema and data\n"
	                               "-- multi-region: its tables restore only into a database with its regions;\n"
	                               "-- before restoring, run (naming the database you restore into):\n"
	                               "--   ALTER DATABASE mr SET PRIMARY REGION \"us-east1\";\n"
	                               "--   ALTER DATABASE mr ADD REGION \"us-west1\";\n--"),
	              "%s", out.data);
	buf_reset(&out);
	info.regions = NULL;
	crdb_dump_header(&out, &info, &opts);
	ck_assert_ptr_null(strstr(out.data, "multi-region"));
}
END_TEST

START_TEST(test_header_and_hlc)
{
	crdb_dump_info_t info = {"bank\nx", "CockroachDB CCL v22.2.0", &moment, NULL, NULL};
	asof_t ts;

	OPTS("-s", "--single-transaction", "bank");
	crdb_dump_header(&out, &info, &opts);
	ck_assert_str_eq(out.data, "-- dbdump " PACKAGE_VERSION " dump of database \"bank x\"\n"
	                           "--\n"
	                           "-- server: CockroachDB CCL v22.2.0\n"
	                           "-- as of system time: 1489003500000000000.0000000042 (2017-03-08 "
	                           "20:05:00.000000000 UTC)\n"
	                           "-- the same moment again: dbdump --as-of=1489003500000000000.0000000042\n"
	                           "-- contents: schema\n" MANIFEST_HEADER_LINE
	                           "--\n\n"
	                           "SET statement_timeout = 0;\n"
	                           "SET client_encoding = 'UTF8';\n"
	                           "SET standard_conforming_strings = on;\n\n"
	                           "BEGIN;\n\n");
	/* What --exclude-unsupported left out is named in the header. */
	buf_reset(&out);
	info.left_out = "every trigger (why)";
	crdb_dump_header(&out, &info, &opts);
	ck_assert_msg(strstr(out.data, "\n-- contents: schema\n-- left out (--exclude-unsupported): every trigger "
	                               "(why)\n" MANIFEST_HEADER_LINE) != NULL,
	              "%s", out.data);
	/* A timestamp given as text is written as its HLC value. */
	buf_reset(&out);
	ck_assert(asof_parse("2017-03-08 20:05:00.5", &ts, &err));
	crdb_hlc_text(&ts, &out);
	ck_assert_str_eq(out.data, "1489003500500000000.0000000000");
}
END_TEST

START_TEST(test_sequence_value_unreadable)
{
	crdb_dump_info_t info = {"movr", "v", &moment, NULL, NULL};
	size_t cycles;

	ck_assert(crdb_catalog_load(&cat, &rels, &types, &deps, &err));
	OPTS("-a", "movr");
	ck_assert_int_eq(crdb_catalog_select(&cat, &opts, "movr", &cycles, &warnings, &err), 0);
	sequence_answer = "seven";
	ck_assert(!crdb_dump_write(&out, &cat, &info, &opts, &fake_io, &err));
	ck_assert_str_eq(err.data, "could not read the value of sequence \"public.note_seq\": got \"seven\"");
}
END_TEST

START_TEST(test_load_errors)
{
	static const char *const bad_type[] = {"1",        "public", "m",  "materialized",
	                                       "CREATE x", NULL,     NULL, NULL};
	static const char *const bad_id[] = {"x1", "public", "t", "table", "CREATE TABLE t (a INT8)",
	                                     NULL, NULL,     NULL};
	static const char *const no_create[] = {"1", "public", "v", "view", NULL, NULL, NULL, NULL};
	static const char *const bad_array[] = {"1",
	                                        "public",
	                                        "t",
	                                        "table",
	                                        "CREATE TABLE public.t (a INT8)",
	                                        "CREATE TABLE public.t (a INT8)",
	                                        "{\"ALTER",
	                                        "{}"};
	static const char *const bad_table[] = {
	    "1", "public", "t", "table", "CREATE TABLE public.t (a STRING DEFAULT 'x)", NULL, NULL, NULL};
	static const char *const bad_seq[] = {
	    "1", "public", "s", "sequence", "CREATE SEQUENCE public.s INCREMENT 0", NULL, NULL, NULL};
	static const crdb_result_t none = {NULL, 0, 4};
	struct {
		const char *const *cells;
		const char *msg;
	} cases[] = {
	    {bad_type, "relation \"public.m\" has an unknown descriptor type \"materialized\""},
	    {bad_id, "could not read row 1 of crdb_internal.create_statements"},
	    {no_create, "view \"public.v\" has no CREATE statement"},
	    {bad_array, "could not read the foreign keys of table \"public.t\""},
	    {bad_table,
	     "could not read the definition of table \"public.t\": unterminated quote or bracket in a "
	     "CREATE TABLE statement"},
	    {bad_seq, "could not read the increment of sequence \"public.s\""},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		crdb_result_t one = {cases[i].cells, 1, 8};
		buf_reset(&err);
		crdb_catalog_free(&cat);
		ck_assert(!crdb_catalog_load(&cat, &one, &none, &none, &err));
		ck_assert_str_eq(err.data, cases[i].msg);
	}
}
END_TEST

START_TEST(test_unsupported_options)
{
	OPTS("movr");
	ck_assert_ptr_null(crdb_dump_unsupported(&opts));
	OPTS("-j", "4", "--lock-wait-timeout=1s", "--as-of=-10s", "movr");
	ck_assert_ptr_null(crdb_dump_unsupported(&opts));
	OPTS("--all-databases");
	ck_assert_ptr_null(crdb_dump_unsupported(&opts));
	OPTS("--snapshot=00000003-0000001B-1", "movr");
	ck_assert_str_eq(crdb_dump_unsupported(&opts),
	                 "--snapshot joins a PostgreSQL snapshot; on CockroachDB, --as-of picks the moment");
	OPTS("--where=users:city = 'x'", "movr");
	ck_assert_ptr_null(crdb_dump_unsupported(&opts));
	OPTS("--clean", "movr");
	ck_assert_ptr_null(crdb_dump_unsupported(&opts));
	OPTS("--list", "movr");
	ck_assert_ptr_null(crdb_dump_unsupported(&opts));
	OPTS("--owners", "movr");
	ck_assert_str_eq(crdb_dump_unsupported(&opts), "--owners is not supported on CockroachDB yet");
	OPTS("--privileges", "movr");
	ck_assert_str_eq(crdb_dump_unsupported(&opts), "--privileges is not supported on CockroachDB yet");
}
END_TEST

/* ---- Options and connection flags ------------------------------------------ */

static const char *env_name, *env_value;

static char *fake_getenv(const char *name)
{
	return env_name && strcmp(name, env_name) == 0 ? (char *)env_value : NULL;
}

START_TEST(test_connection_flags)
{
	OPTS("--insecure", "--certs-dir=/certs", "--ca-cert=/c/ca.crt", "--cert=/c/a.crt", "--key=/c/a.key",
	     "movr");
	ck_assert(opts.insecure);
	ck_assert_str_eq(opts.certs_dir, "/certs");
	ck_assert_str_eq(opts.ca_cert, "/c/ca.crt");
	ck_assert_str_eq(opts.cert, "/c/a.crt");
	ck_assert_str_eq(opts.key, "/c/a.key");

	env_name = NULL;
	ck_assert(conn_crdb_flags_in_effect(&opts, fake_getenv));
	OPTS("-h", "db1", "-p", "26257", "-U", "root", "--url=postgresql://x@y/z", "movr");
	ck_assert(!conn_crdb_flags_in_effect(&opts, fake_getenv));
	OPTS("--key=/k", "movr");
	ck_assert(conn_crdb_flags_in_effect(&opts, fake_getenv));
	OPTS("movr");
	env_name = "COCKROACH_CERTS_DIR";
	env_value = "/certs";
	ck_assert(conn_crdb_flags_in_effect(&opts, fake_getenv));
	env_name = "COCKROACH_URL";
	env_value = "";
	ck_assert(!conn_crdb_flags_in_effect(&opts, fake_getenv));
	env_name = "PGHOST";
	env_value = "db1";
	ck_assert(!conn_crdb_flags_in_effect(&opts, fake_getenv));
	env_name = NULL;
}
END_TEST

START_TEST(test_as_of_checked_when_parsed)
{
	enum options_result r;
	char a0[] = "dbdump", a1[] = "--as-of=yesterday", a2[] = "movr";
	char *argv[] = {a0, a1, a2, NULL};

	options_free(&opts);
	r = options_parse(&opts, 3, argv, &err);
	ck_assert_int_eq(r, OPTIONS_USAGE);
	ck_assert_ptr_nonnull(strstr(err.data, "invalid --as-of value \"yesterday\""));

	OPTS("--as-of=2017-03-08 21:05:00+01:00", "movr");
	ck_assert_str_eq(opts.as_of, "2017-03-08 21:05:00+01:00");
	ck_assert_int_eq(opts.as_of_value.kind, ASOF_TIMESTAMP);
	ck_assert(opts.as_of_value.wall_ns == 1489003500000000000LL);
	OPTS("--as-of=-1h30m", "movr");
	ck_assert_int_eq(opts.as_of_value.kind, ASOF_INTERVAL);
	ck_assert(asof_is_past(&opts.as_of_value, 1489003500000000000LL));
}
END_TEST

Suite *make_suite_crdb_dump(void)
{
	Suite *s = suite_create("crdb_dump");
	TCase *tc = tcase_create("crdb_dump");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_whole_dump);
	tcase_add_test(tc, test_schema_only_and_data_only);
	tcase_add_test(tc, test_batches_by_rows_and_bytes);
	tcase_add_test(tc, test_selection);
	tcase_add_test(tc, test_dangling_foreign_key);
	tcase_add_test(tc, test_server_answers);
	tcase_add_test(tc, test_user_schemas_created);
	tcase_add_test(tc, test_foreign_keys_compared_unquoted);
	tcase_add_test(tc, test_selection_errors);
	tcase_add_test(tc, test_table_plan);
	tcase_add_test(tc, test_table_plan_no_columns);
	tcase_add_test(tc, test_identity_always);
	tcase_add_test(tc, test_zones);
	tcase_add_test(tc, test_routines_triggers_policies);
	tcase_add_test(tc, test_header_and_hlc);
	tcase_add_test(tc, test_sequence_value_unreadable);
	tcase_add_test(tc, test_data_from_spools);
	tcase_add_test(tc, test_selection_search_path);
	tcase_add_test(tc, test_where);
	tcase_add_test(tc, test_list_and_estimates);
	tcase_add_test(tc, test_clean);
	tcase_add_test(tc, test_pieces);
	tcase_add_test(tc, test_identity_sequence);
	tcase_add_test(tc, test_routine_order);
	tcase_add_test(tc, test_header_regions);
	tcase_add_test(tc, test_load_errors);
	tcase_add_test(tc, test_unsupported_options);
	tcase_add_test(tc, test_connection_flags);
	tcase_add_test(tc, test_as_of_checked_when_parsed);
	suite_add_tcase(s, tc);
	return s;
}
