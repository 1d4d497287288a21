/* crdb: what dbdump says to CockroachDB and how it reads what CockroachDB
 * answers (pure functions: no libpq, no I/O). */
#ifndef DBDUMP_CRDB_H
#define DBDUMP_CRDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asof.h"
#include "buf.h"
#include "quote.h"
#include "split.h"

/* ---- Statements ---------------------------------------------------------- */

/* Reads the dump's timestamp when no --as-of is given: one HLC decimal such as
 * 1489003500000000000.0000000000 (hand it to asof_parse). */
const char *crdb_timestamp_query(void);

/* The query for the tables' estimated row counts (from the optimizer's
 * statistics), for --list and --progress: table_id, estimated_row_count. */
const char *crdb_row_estimates_query(void);

/* The query for the schemas an unqualified table name looks in (the
 * session's search_path, those that exist), as a text array. */
const char *crdb_search_path_query(void);

/* Appends name as an identifier both CockroachDB and PostgreSQL read back as
 * exactly name: bare only when PostgreSQL's rules (quote_ident) leave it bare
 * and it is not one of the words CockroachDB's grammar reserves beyond
 * PostgreSQL's (index, nothing, family, string, ...). Quoting more than
 * CockroachDB would (a non-ASCII lowercase name, a PostgreSQL-only keyword)
 * is harmless: a quoted name is taken as written. */
void crdb_quote_ident(buf_t *out, const char *name);

/* The query listing the databases --all-databases dumps: all but system. */
const char *crdb_databases_query(void);

/* What precedes each database of an --all-databases dump, so that
 * `cockroach sql` creates it when missing and switches to it:
 * CREATE DATABASE IF NOT EXISTS db; USE db; (db quoted as needed). */
void crdb_database_switch(buf_t *out, const char *db);

/* NULL-terminated SET statements that make CockroachDB's text output what the
 * value writer expects (UTC, every float digit, hex BYTES, no timeout). */
const char *const *crdb_session_settings(void);

/* Appends "BEGIN AS OF SYSTEM TIME <literal>": a read-only transaction at ts
 * in which every later statement reads at that moment without saying so. An
 * interval should be resolved first (asof_resolve) so every connection of the
 * dump uses the same moment. */
void crdb_begin_sql(buf_t *out, const asof_t *ts);

/* The relation query: tables, views and sequences of database $1 with their
 * CREATE statements, from crdb_internal.create_statements. ts NULL inside the
 * crdb_begin_sql transaction, else the AS OF SYSTEM TIME to add. Ordered by
 * schema and name. The columns are numbered by enum crdb_relation_column. */
void crdb_relations_query(buf_t *out, const asof_t *ts, bool fk_statements);
/* No rows, the columns of crdb_internal.create_statements: the server has
 * fk_statements (v25.2+, cockroach pull request #144049, which renamed
 * alter_statements) or alter_statements; crdb_relations_query reads the one
 * it has into the column CRDB_REL_ALTERS. */
const char *crdb_relations_columns_query(void);
enum crdb_relation_column {
	CRDB_REL_ID,           /* descriptor_id */
	CRDB_REL_SCHEMA,       /* schema_name, unquoted */
	CRDB_REL_NAME,         /* descriptor_name, unquoted */
	CRDB_REL_TYPE,         /* descriptor_type: table, view or sequence */
	CRDB_REL_CREATE,       /* create_statement, foreign keys inline */
	CRDB_REL_CREATE_NOFKS, /* create_nofks */
	CRDB_REL_ALTERS,       /* alter_statements, a STRING[] in text form */
	CRDB_REL_VALIDATES,    /* validate_statements, a STRING[] in text form */
};

/* Which of crdb_internal's routine and trigger catalogs the server has
 * (create_function_statements from v22.2, create_procedure_statements,
 * create_trigger_statements in later releases): one row each, table_name. */
const char *crdb_routine_catalogs_query(void);

/* The functions (procedures false) or procedures of database $1, from
 * crdb_internal.create_function_statements or create_procedure_statements:
 * function_id (procedure_id), schema_name, function_name (procedure_name),
 * create_statement (as SHOW CREATE FUNCTION / PROCEDURE gives it). */
void crdb_routines_query(buf_t *out, bool procedures);

/* The triggers of database $1 from crdb_internal.create_trigger_statements:
 * table_id, create_statement (as SHOW CREATE TRIGGER gives it). */
const char *crdb_triggers_query(void);

/* The row-level security statements of the tables of database $1
 * (create_statements.rls_statements, v25.2+, cockroach pull request
 * #144049: ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY and CREATE
 * POLICY): descriptor_id, rls_statements as a STRING[] in text form. */
const char *crdb_rls_query(void);

/* The enum types of database $1 from crdb_internal.create_type_statements:
 * descriptor_id, schema_name, descriptor_name, create_statement. */
void crdb_types_query(buf_t *out, const asof_t *ts);

/* What each relation needs before it (views on their tables, tables on their
 * sequences): descriptor_id, dependson_id from crdb_internal.backward_dependencies,
 * foreign keys left out since they are added after the data. */
void crdb_dependencies_query(buf_t *out, const asof_t *ts);

/* "SELECT cols FROM t [AS OF SYSTEM TIME ts] [WHERE (where) AND <range>]
 * ORDER BY PRIMARY KEY t": the rows of one table, or of piece `piece` of
 * split (NULL: the whole table), in a stable order. qtable and collist are
 * already quoted; collist must not be empty; where is the user's --where
 * condition, or NULL. */
void crdb_rows_query(buf_t *out, const char *qtable, const char *collist, const char *where,
                     const split_t *split, int piece, const asof_t *ts);

/* "COPY (SELECT ... [WHERE (where) AND <range>] ORDER BY PRIMARY KEY t) TO
 * STDOUT", for servers where crdb_supports_copy_to; run inside the
 * crdb_begin_sql transaction (an AS OF SYSTEM TIME inside the parentheses
 * would not be a top-level one). */
void crdb_copy_query(buf_t *out, const char *qtable, const char *collist, const char *where,
                     const split_t *split, int piece);

/* "SELECT min(key), max(key) FROM t", in the dump's transaction: the range a
 * big table's key ranges are cut from. */
void crdb_key_range_query(buf_t *out, const char *qtable, const char *key);

/* "SELECT last_value FROM seq [AS OF SYSTEM TIME ts]". */
void crdb_sequence_query(buf_t *out, const char *qseq, const asof_t *ts);

/* Reads the increment from a CREATE SEQUENCE text as SHOW CREATE prints it
 * ("... INCREMENT -2 START -1"); 1 when it says none. False when malformed. */
bool crdb_sequence_increment(const char *create, int64_t *increment);

/* Appends "SELECT setval('seq', last_value + increment, false);\n", which puts
 * the sequence back where it was: its next value is last_value + increment.
 * (setval(seq, last_value, true) would be refused for a sequence never used,
 * whose last_value reads as START - INCREMENT, below MINVALUE.) Falls back to
 * the true form when the sum would not fit, or would pass the sequence's
 * bound (min, max: a used-up sequence stays used up). False when last_value
 * is not an integer. */
bool crdb_setval_sql(buf_t *out, const char *qseq, const char *last_value, int64_t increment, int64_t min,
                     int64_t max);

/* crdb_setval_sql with the sequence given by a SQL expression (seq_expr,
 * written as is) in place of its name. */
bool crdb_setval_expr_sql(buf_t *out, const char *seq_expr, const char *last_value, int64_t increment,
                          int64_t min, int64_t max);

/* Appends "pg_get_serial_sequence('qtable', 'column')": the sequence of an
 * identity column, whatever name the restore gave it (CREATE TABLE makes a
 * new one; its name need not be the source's). qtable is the table as SQL
 * names it (quoted where needed: the function parses it); column is the
 * column's name itself, unquoted (the function takes it literally), as in
 * PostgreSQL. CockroachDB has the function in every release dbdump reads;
 * ALTER TABLE ... ALTER COLUMN ... RESTART only from v24.1. */
void crdb_identity_setval_expr(buf_t *out, const char *qtable, const char *column);

/* MINVALUE and MAXVALUE of a CREATE SEQUENCE text as SHOW CREATE prints it;
 * the int64 range for what it does not say. */
void crdb_sequence_bounds(const char *create, int64_t *min, int64_t *max);

/* ---- Server version ------------------------------------------------------ */

typedef struct crdb_version {
	int major, minor, patch;
	bool prerelease; /* -alpha, -beta, -rc ... */
} crdb_version_t;

/* Parses the crdb_version parameter status or version() text, such as
 * "CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27 ...)". */
bool crdb_parse_version(const char *text, crdb_version_t *out);

/* major * 10000 + minor * 100 + patch: 230111 for v23.1.11. */
int crdb_version_num(const crdb_version_t *v);

/* COPY ... TO STDOUT arrived in v23.1. */
bool crdb_supports_copy_to(int version_num);

/* Whether a dump of the schema would lose triggers: the server may have
 * triggers (v24.3 and later, or a version that could not be read:
 * version_num 0) but has no crdb_internal.create_trigger_statements
 * (has_table false; it arrived in v25.3) to read them from. */
bool crdb_triggers_unreadable(int version_num, bool has_table);

/* Appends the version of version_num as "v25.1.0", or "version unknown"
 * for 0. */
void crdb_version_text(buf_t *out, int version_num);

/* ---- CREATE statements --------------------------------------------------- */

/* A CREATE TABLE with its foreign keys moved out. */
typedef struct crdb_fk_split {
	char *create_nofks; /* the statement without its FOREIGN KEY constraints */
	char **alters;      /* "ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY ..." */
	size_t nalters;
	char **validates; /* "ALTER TABLE t VALIDATE CONSTRAINT c" (none for NOT VALID ones) */
	size_t nvalidates;
} crdb_fk_split_t;

/* Splits a CREATE TABLE as SHOW CREATE TABLE prints it, the fallback when
 * create_nofks and alter_statements cannot be read. Quoted names and string
 * literals may hold commas and parentheses. False, with a message in err,
 * when the text is not a CREATE TABLE. Free with crdb_fk_split_free. */
bool crdb_split_foreign_keys(const char *create, crdb_fk_split_t *out, buf_t *err);
void crdb_fk_split_free(crdb_fk_split_t *s);

/* One column of a CREATE TABLE as SHOW CREATE TABLE prints it. */
typedef struct crdb_column {
	char *name;    /* as written: quoted where CockroachDB quoted it */
	char *type;    /* as written: "DECIMAL(10,2)", "STRING COLLATE en", "public.mood" */
	bool hidden;   /* NOT VISIBLE */
	bool computed; /* AS (expr) STORED or VIRTUAL: cannot be written */
	bool rowid;    /* the implicit key: hidden, DEFAULT unique_rowid(), called rowid
	                * (rowid_N) and the whole primary key */
	char identity; /* 'a' GENERATED ALWAYS AS IDENTITY, 'd' BY DEFAULT, 0 none */
	bool dumped;   /* its values go into the INSERT statements */
} crdb_column_t;

/* The columns of a CREATE TABLE, in order. Computed columns and the implicit
 * rowid are not dumped (the restore computes or generates them); other hidden
 * columns, such as crdb_region of a REGIONAL BY ROW table, are, since their
 * values are data. False with a message in err when the text is not a CREATE
 * TABLE. Free with crdb_columns_free. */
bool crdb_table_columns(const char *create, crdb_column_t **cols, size_t *ncols, buf_t *err);
void crdb_columns_free(crdb_column_t *cols, size_t ncols);

/* The signature of a CREATE FUNCTION or CREATE PROCEDURE statement: its
 * name as written and its parenthesized arguments ("public.f(a INT8)"), for
 * DROP; NULL when the text does not read so. The caller frees it. */
char *crdb_routine_signature(const char *create);

/* A view's CREATE text with its own database's name taken off every
 * db.schema.name (CockroachDB stores "FROM movr.public.users"), so that it is
 * restored against the database it is restored into; names of other
 * databases stay. The caller frees the result. */
char *crdb_view_relative(const char *create, const char *db);

/* The column a big table can be read in ranges of, as written (quoted where
 * CockroachDB quoted it): the first column of the primary key, when it is
 * ascending and of an integer type (by its entry in cols, the table's
 * columns as crdb_table_columns read them from create), so that ranges of it in order are
 * primary-key order. NULL (no split) when the key is hash-sharded, the table
 * is REGIONAL BY ROW or PARTITION ALL BY (a column the text does not show
 * comes first), or the text cannot be read. Free the result. */
char *crdb_split_key(const char *create, const crdb_column_t *cols, size_t ncols);

/* Splits an array in PostgreSQL's text form ({a,"b c",NULL}), such as
 * alter_statements; NULL elements come back as NULL. False when malformed.
 * The caller frees each element and the array (crdb_strings_free). */
bool crdb_parse_text_array(const char *text, char ***items, size_t *nitems);
void crdb_strings_free(char **items, size_t nitems);

/* ---- Dependency order ---------------------------------------------------- */

enum crdb_object_kind { CRDB_SEQUENCE, CRDB_TYPE, CRDB_TABLE, CRDB_VIEW, CRDB_FUNCTION };

typedef struct crdb_object {
	int64_t id; /* descriptor_id */
	enum crdb_object_kind kind;
	const int64_t *deps; /* ids it needs first; ids not in the list are ignored */
	size_t ndeps;
} crdb_object_t;

/* Fills order[0..n) with indexes into objs: sequences, then types, then
 * tables, then views, then functions and procedures (whose bodies
 * CockroachDB checks against the tables they read when they are made), each
 * object after what it needs, and otherwise in the
 * given order (so the output is stable). Returns how many dependency cycles it
 * had to break (by taking the earliest waiting object), 0 for a sane catalog. */
size_t crdb_dependency_order(const crdb_object_t *objs, size_t n, size_t *order);

/* ---- Connection flags ---------------------------------------------------- */

/* The cockroach-style connection flags; NULL or false when not given. */
typedef struct crdb_conn_flags {
	const char *url;       /* --url */
	const char *host;      /* --host, possibly host:port or [v6]:port */
	const char *port;      /* --port */
	const char *user;      /* --user / -u */
	bool insecure;         /* --insecure */
	const char *certs_dir; /* --certs-dir */
	const char *ca_cert;   /* --ca-cert */
	const char *cert;      /* --cert */
	const char *key;       /* --key */
} crdb_conn_flags_t;

/* getenv, or a stand-in for tests. */
typedef char *(*crdb_getenv_fn)(const char *name);

#define CRDB_CONN_MAX 12

/* Keyword/value pairs for PQconnectdbParams, NULL-terminated. Every value is
 * owned by the struct. When the first pair is dbname holding a URL, pass
 * expand_dbname = 1; the caller's own dbname pair, if any, goes after these so
 * that it names the database. */
typedef struct crdb_conninfo {
	const char *keywords[CRDB_CONN_MAX + 1];
	char *values[CRDB_CONN_MAX + 1];
	size_t n;
	bool expand_dbname;
} crdb_conninfo_t;

/* Maps the flags and COCKROACH_URL, COCKROACH_HOST, COCKROACH_PORT,
 * COCKROACH_USER, COCKROACH_INSECURE and COCKROACH_CERTS_DIR onto libpq
 * keywords. A flag wins over the URL, which wins over the other variables.
 * --insecure gives sslmode=disable; a certificate directory gives
 * sslrootcert=D/ca.crt, sslcert=D/client.USER.crt, sslkey=D/client.USER.key and
 * sslmode=verify-full, with --ca-cert, --cert and --key overriding the files.
 * Nothing given, nothing set: libpq's own defaults and PG* variables apply.
 * False, with a message in err, for a COCKROACH_INSECURE that is not a boolean. */
bool crdb_conninfo_build(const crdb_conn_flags_t *flags, crdb_getenv_fn getenv_fn, crdb_conninfo_t *out,
                         buf_t *err);
void crdb_conninfo_free(crdb_conninfo_t *ci);

/* The value given for keyword, or NULL. */
const char *crdb_conninfo_get(const crdb_conninfo_t *ci, const char *keyword);

/* ---- Errors and values --------------------------------------------------- */

/* Appends a one-line message for a server error: an AS OF SYSTEM TIME older
 * than the garbage-collection window, or one in the future, is explained;
 * anything else is copied (first line only). Returns out->data. */
const char *crdb_explain_error(const char *server_message, buf_t *out);

/* How a value of a column of the given CockroachDB type (as SHOW CREATE or
 * information_schema.columns.crdb_sql_type write it) is written so that
 * cockroach sql reads it back the same: numbers bare only when plain, NaN and
 * the infinities quoted, booleans as true/false, everything else (BYTES,
 * JSONB, arrays, INTERVAL, TIMESTAMPTZ, BIT, UUID, INET, enums ...) a string
 * literal. A collated string type also appends its collation to collation,
 * for crdb_quote_value. */
enum literal_kind crdb_literal_kind(const char *type, buf_t *collation);

/* quote_value, then " COLLATE c" when collation is not empty: CockroachDB does
 * not turn a plain string into a collated one by itself. */
void crdb_quote_value(buf_t *out, enum literal_kind kind, const char *collation, const char *v, size_t len);

#endif
