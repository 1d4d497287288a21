/* catalog_crdb: a CockroachDB database as a dump sees it: the relations and
 * enum types read from crdb_internal, the user's selection applied, and the
 * whole dump text written from them (pure: result rows in, SQL text out; the
 * libpq side is dump_crdb.c). */
#ifndef DBDUMP_CATALOG_CRDB_H
#define DBDUMP_CATALOG_CRDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asof.h"
#include "buf.h"
#include "crdb.h"
#include "options.h"
#include "rows.h"

/* One result set in text form: cells[row * ncols + col], NULL for SQL NULL.
 * Not owned. */
typedef struct crdb_result {
	const char *const *cells;
	size_t nrows, ncols;
} crdb_result_t;

/* A table, view, sequence or enum type. Every string is owned. */
typedef struct crdb_rel {
	int64_t id; /* descriptor_id */
	enum crdb_object_kind kind;
	char *schema, *name; /* as stored, unquoted (for matching and messages) */
	char *qname;         /* schema.name, each part quoted where needed */
	char *create;        /* the CREATE statement; a table's without its foreign keys */
	char **alters;       /* tables: ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY */
	size_t nalters;
	char **validates; /* tables: ALTER TABLE ... VALIDATE CONSTRAINT */
	size_t nvalidates;
	int64_t *deps; /* descriptor ids it needs first */
	size_t ndeps;
	crdb_column_t *cols; /* tables */
	size_t ncols;
	int64_t increment; /* sequences */
	int64_t seq_min, seq_max; /* sequences: MINVALUE, MAXVALUE */
	/* sequences: the table and column (unquoted) of the identity column
	 * that owns it (crdb_catalog_set_identity), else 0 and NULL */
	int64_t owner_id;
	char *owner_col;
	/* tables: their triggers and row-level security statements, written
	 * after the rows (as pg_dump writes them) */
	char **post;
	size_t npost;
	char *signature; /* functions and procedures: name(args), for DROP */
	bool procedure;  /* a CRDB_FUNCTION that is a procedure */
	/* tables, views, sequences: ALTER ... CONFIGURE ZONE of it, its indexes
	 * and partitions, relative to the database */
	char **zones;
	size_t nzones;
	bool selected;     /* its definition is dumped */
	bool dump_data;    /* tables: its rows are dumped */
	char *where;       /* tables: the --where condition, or NULL */
	double est_rows;   /* tables: estimated rows; -1 when not known */
	char *split_key;   /* tables: the column key ranges are cut on (crdb_split_key), or NULL */
	split_t split;     /* tables: how its rows are read; 1 piece unless crdb_rel_split */
} crdb_rel_t;

typedef struct crdb_catalog {
	crdb_rel_t *rels; /* relations in the order read, then types */
	size_t nrels;
	size_t *order; /* the selected ones, by index, in dependency order */
	size_t norder;
	char **search_path; /* schemas an unqualified name looks in; NULL: public */
	size_t nsearch_path;
} crdb_catalog_t;

/* Fills cat from the answers to crdb_relations_query (columns as in enum
 * crdb_relation_column), crdb_types_query and crdb_dependencies_query. A table
 * whose create_nofks or alter_statements is NULL has its foreign keys split
 * out of create_statement. False, with a message naming the object in err,
 * when a statement cannot be read. Free with crdb_catalog_free. */
bool crdb_catalog_load(crdb_catalog_t *cat, const crdb_result_t *rels, const crdb_result_t *types,
                       const crdb_result_t *deps, buf_t *err);
void crdb_catalog_free(crdb_catalog_t *cat);

/* Sets the tables' estimated rows from the answer to
 * crdb_row_estimates_query (table_id, estimated_row_count); rows that name
 * no table of cat, or hold no number, are skipped. */
void crdb_catalog_set_estimates(crdb_catalog_t *cat, const crdb_result_t *est);

/* --list: one line for each selected table, in the dump's order, as
 * listing_row writes it (db names the database for --all-databases, else
 * NULL; tty for the aligned form). The bytes are not known: 0. */
void crdb_list_write(buf_t *out, const crdb_catalog_t *cat, const char *db, bool tty);

/* The sum of the estimated rows of the tables whose rows are dumped (for
 * --progress); 0 when none is known. */
double crdb_estimated_rows(const crdb_catalog_t *cat);

/* Sets the schemas an unqualified name looks in, from the text of
 * current_schemas(false) ({public} or {"my schema",public}); false when the
 * text is not an array. */
bool crdb_catalog_set_search_path(crdb_catalog_t *cat, const char *schemas);

/* Adds the functions (procedures false) or procedures of the answer to
 * crdb_routines_query (id, schema, name, create_statement) to cat, as
 * CRDB_FUNCTION objects written relative to database dbname; they are
 * selected as types are (by schema, not by -t) and ordered after the tables
 * and views. False, with a message naming the routine in err, for a row that
 * cannot be read. */
bool crdb_catalog_add_routines(crdb_catalog_t *cat, const crdb_result_t *rows, bool procedures,
                               const char *dbname, buf_t *err);

/* The query naming the sequence of every identity column of cat's tables:
 * one row (n, pg_get_serial_sequence(table, column)) for the n-th identity
 * column, in the order of cat's tables and their columns. Appends nothing
 * when no table has one. */
void crdb_identity_query(const crdb_catalog_t *cat, buf_t *out);

/* Marks each sequence named in the answer to crdb_identity_query as owned
 * by its identity column (owner_id, owner_col): CREATE TABLE makes it again
 * (GENERATED ... AS IDENTITY), so it is not written on its own while its
 * table is selected; its value is restored through the column
 * (crdb_identity_setval_expr). A sequence cat does not hold (made after
 * the dump's moment) is left. False, with a message in err, for a row that
 * cannot be read or names no sequence (NULL). */
bool crdb_catalog_set_identity(crdb_catalog_t *cat, const crdb_result_t *rows, buf_t *err);

/* Hands each row (table id, statement) of the answer to crdb_triggers_query
 * to its table's post statements; each element of the STRING[] of the
 * answer to crdb_rls_query too (array true). Rows of tables cat does not
 * hold are left. False, with a message in err, for a row that cannot be
 * read. */
bool crdb_catalog_add_post(crdb_catalog_t *cat, const crdb_result_t *rows, bool array, const char *dbname,
                           buf_t *err);

/* The query for the zone configurations set on objects (SHOW ALL ZONE
 * CONFIGURATIONS: target, raw_config_sql; no privilege needed). */
#define CRDB_ZONES_QUERY "SELECT target, raw_config_sql FROM [SHOW ALL ZONE CONFIGURATIONS]"

/* Hands each zone configuration of a table, view or sequence of database
 * dbname, or of one of its indexes or partitions, to that relation (its
 * zones), written relative to the database (crdb_view_relative): zones is
 * the answer to CRDB_ZONES_QUERY, whose targets read "TABLE db.s.t", "INDEX
 * db.s.t@i", "PARTITION p OF INDEX db.s.t@i" or "PARTITION p OF TABLE
 * db.s.t" (as CockroachDB's documentation of SHOW ZONE CONFIGURATIONS shows
 * them). Targets of other databases, ranges and databases are left; so is a
 * relation the catalog does not hold (made after the dump's moment). False,
 * with a message in err, for a target of dbname that cannot be read. */
bool crdb_catalog_set_zones(crdb_catalog_t *cat, const crdb_result_t *zones, const char *dbname, buf_t *err);

/* Writes every view relative to the database dbname (crdb_view_relative):
 * CockroachDB stores them naming it, and a restore under another name, or
 * beside the source, must not read the source. */
void crdb_catalog_relative_views(crdb_catalog_t *cat, const char *dbname);

/* Applies the selection of the options (TABLE arguments, -t, -T, -n, -N,
 * --exclude-table-data, --no-strict-names, --where) with the same pattern rules as on
 * PostgreSQL: a name without a schema means a relation an unqualified name
 * reaches through the search path (the first schema on it that has the name;
 * the public schema alone when none was set). What the selected relations need (their sequences and
 * enum types) comes too, unless -T or -N excludes it. Then orders the
 * selection (cat->order). Returns 0, or the exit status with a message in err
 * (2 for a malformed pattern, 1 for a name that matches nothing); dbname is
 * for that message. *cycles tells how many dependency cycles were broken. A
 * foreign key to a table outside the selection is left out (with its VALIDATE
 * statement), and a line saying so is added to warnings. */
int crdb_catalog_select(crdb_catalog_t *cat, const struct options *o, const char *dbname, size_t *cycles,
                        strlist_t *warnings, buf_t *err);

/* The options that the CockroachDB dump does not carry out yet: a message
 * naming the first one given, or NULL. */
const char *crdb_dump_unsupported(const struct options *o);

/* How one table's rows are read and written: the dumped columns (no implicit
 * rowid, no computed column), their literal kinds and collations. */
typedef struct crdb_table_plan {
	char *collist; /* quoted column names; "1" when no column is dumped */
	int ncols;     /* dumped columns, 0 when none */
	enum literal_kind *kinds;
	char **collations;    /* "" when none; one per dumped column */
	bool always_identity; /* a GENERATED ALWAYS AS IDENTITY column is dumped */
} crdb_table_plan_t;

void crdb_table_plan_init(crdb_table_plan_t *p, const crdb_rel_t *t);
void crdb_table_plan_free(crdb_table_plan_t *p);

/* What the dump's header says. */
typedef struct crdb_dump_info {
	const char *dbname;
	const char *server_version; /* the crdb_version text */
	const asof_t *ts;           /* the dump's moment, resolved (no interval) */
	const char *left_out;       /* what --exclude-unsupported left out, or NULL */
	/* a multi-region database dumped alone: the statements that give a
	 * database its regions (crdb_regions_sql, naming dbname), written in
	 * the header as comments; NULL otherwise */
	const char *regions;
} crdb_dump_info_t;

/* Appends the HLC decimal of ts (wall nanoseconds, a dot, 10 digits of the
 * logical counter), the form --as-of takes back. */
void crdb_hlc_text(const asof_t *ts, buf_t *out);

/* Appends the header: database, server, the moment as HLC and UTC, contents,
 * the regions the restore's database needs (info->regions, as comment
 * lines), and only session settings CockroachDB accepts. */
void crdb_dump_header(buf_t *out, const crdb_dump_info_t *info, const struct options *o);

/* Reads every row of piece `piece` of table t (see t->split; the columns of
 * p, in primary-key order) and hands each to rows_add(w, fields). */
typedef void (*crdb_rows_fn)(void *ctx, const crdb_rel_t *t, const crdb_table_plan_t *p, int piece,
                             rows_writer_t *w);

/* How many pieces table t wants to be read in: its estimated rows over
 * SPLIT_PIECE_ROWS, rounded up, when it has a split key and its rows are
 * dumped; else 1. */
int crdb_rel_pieces_wanted(const crdb_rel_t *t);

/* Cuts t's key range lo..hi (read in the dump's transaction) into at most
 * `want` ranges: t->split. */
void crdb_rel_split(crdb_rel_t *t, int64_t lo, int64_t hi, int want);

/* Where the rows and sequence values come from, and where output goes. */
typedef struct crdb_dump_io {
	void *ctx;
	crdb_rows_fn table_rows;
	/* The sequence's last_value as text; the caller frees it. */
	char *(*sequence_value)(void *ctx, const crdb_rel_t *s);
	/* Called after each piece appended to out: write it out when large. */
	void (*flush)(void *ctx);
	/* When set, appends table t's whole data section (what
	 * crdb_table_data_write writes) to out in place of table_rows: -j has
	 * it ready in a spool. */
	void (*table_data)(void *ctx, const crdb_rel_t *t, buf_t *out);
} crdb_dump_io_t;

/* --clean: DROP statements for the selection, before its CREATEs: the
 * foreign keys (ALTER TABLE ... DROP CONSTRAINT), the tables with triggers
 * (their triggers need their functions), then every other object in the
 * reverse of the order it is created in (routines before the tables they
 * read and the routines they call, types last); functions and procedures
 * by name and argument types; IF EXISTS throughout with if_exists, and
 * always for sequences (dropping a table drops the sequences it owns). */
void crdb_drops_write(buf_t *out, const crdb_catalog_t *cat, bool if_exists);

/* Appends one piece of a table's data section: the piece's rows, read
 * through table_rows(ctx, ...), as batched INSERTs as the options say (the
 * piece ends its own last INSERT); adds their count and digest to *tally. */
void crdb_table_piece_write(buf_t *out, const crdb_rel_t *t, const struct options *o, int piece,
                            crdb_rows_fn table_rows, void *ctx, manifest_tally_t *tally);

/* Ends a table's data section once every piece is written: its manifest
 * line (tally: the sum of its pieces') and a blank line. */
void crdb_table_data_end(buf_t *out, const crdb_rel_t *t, const manifest_tally_t *tally);

/* Appends one table's data section: every piece, in order, and its end. */
void crdb_table_data_write(buf_t *out, const crdb_rel_t *t, const struct options *o, crdb_rows_fn table_rows,
                           void *ctx);

/* GENERATED ALWAYS AS IDENTITY columns take no value from an INSERT on
 * CockroachDB, which has no OVERRIDING SYSTEM VALUE: around a table's rows,
 * "ALTER TABLE t ALTER COLUMN c SET GENERATED BY DEFAULT;" (generation "BY
 * DEFAULT", before) and "... SET GENERATED ALWAYS;" and a blank line (after)
 * for each such column of t whose values are dumped; nothing for a table
 * without one. CockroachDB takes SET GENERATED from v24.1 (cockroach pull
 * request #115889); PostgreSQL from 10. */
void crdb_identity_generation(buf_t *out, const crdb_rel_t *t, const char *generation);

/* Appends the whole dump but its trailer: header; CREATE statements without
 * foreign keys in dependency order; rows as batched INSERTs; setval for each
 * sequence; the foreign keys and their VALIDATE statements; as the options'
 * mode and flags say. False, with a message in err, when a sequence value
 * cannot be read. */
bool crdb_dump_write(buf_t *out, const crdb_catalog_t *cat, const crdb_dump_info_t *info,
                     const struct options *o, const crdb_dump_io_t *io, buf_t *err);

#endif
