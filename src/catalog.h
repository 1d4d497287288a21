/* catalog: the in-memory model of what a database holds, filled by one loader
 * per server kind in a fixed number of queries. */
#ifndef DBDUMP_CATALOG_H
#define DBDUMP_CATALOG_H

#include <stdbool.h>

#include "conn.h"
#include "quote.h"
#include "split.h"

/* All names below are already quoted for SQL (the server's quote_ident), and
 * qualified names are "schema.name" in that form; raw names are kept separately
 * for messages. Every string is owned by the catalog. */

typedef struct column {
	char *name;
	char *type;           /* format_type(): type with modifiers */
	char *collation;      /* qualified collation, NULL when the type's default */
	char *default_expr;   /* NULL when none */
	char *generated_expr; /* generated column expression, else NULL */
	char generated;       /* 's' STORED, 'v' VIRTUAL (18+), 0 when not generated */
	char identity;        /* 'a' ALWAYS, 'd' BY DEFAULT, 0 none */
	bool notnull;
	bool is_local;        /* false for a column only inherited from a parent */
	enum literal_kind lit;
	bool read_as_numeric; /* money: read as numeric so lc_monetary cannot matter */
	bool read_as_text;    /* xml: its output drops a stored <?xml ...?> declaration, ::text keeps it */
	char *comment;
	unsigned attrdef;     /* pg_attrdef oid of its default, 0 when none */
	bool split_default;   /* default set after the table: it uses a sequence the table owns */
	int stattarget;       /* SET STATISTICS value, -1 when the default */
	char storage;         /* SET STORAGE p/e/m/x when not the type's, else 0 */
	const struct sequence *identity_seq; /* an identity column's sequence, else NULL; not owned */
	char compression;     /* SET COMPRESSION: 'p' pglz, 'l' lz4, 0 the default (14+) */
	char *options;        /* attribute options "n_distinct=5, ..." or NULL */
	char *notnull_name;   /* its not-null constraint's name when not the default (18+) */
	bool notnull_noinherit; /* NOT NULL NO INHERIT (18+) */
	bool parent_default;  /* inherited, and a parent has the same default */
	bool no_parent_default; /* inherited without a default, though a parent has one */
	bool parent_notnull;  /* inherited, and a parent makes it NOT NULL */
	bool notnull_inherited; /* its not-null constraint is only inherited (18+) */
	char *notnull_conname;  /* its not-null constraint's name, whatever it is (18+), else NULL */
} column_t;

typedef struct constraint {
	char *name;
	char type; /* p u c f x, and n: a NOT VALID not-null constraint (18+) */
	char *def; /* pg_get_constraintdef */
	unsigned ref_table; /* the referenced table of a foreign key */
	bool validated;
	bool is_local;
	char *comment;
	unsigned oid;
	unsigned index;  /* the index behind a p/u/x constraint */
	unsigned parent; /* the partitioned table's constraint this one belongs to, 0 if none */
} constraint_t;

typedef struct table {
	unsigned oid;
	char *raw_schema, *raw_name;
	char *schema, *name, *qname;
	char relkind;     /* 'r' table, 'p' partitioned table */
	char persistence; /* 'p' permanent, 'u' unlogged */
	char *reloptions; /* "a=b, c=d" or NULL, its TOAST table's as "toast.a=b" too */
	char *access_method; /* USING: the table access method when not heap, else NULL */
	bool am_default;     /* a partitioned partition without one, under a parent with one */
	char *of_type;     /* OF: the composite type of a typed table, else NULL */
	char replident;    /* REPLICA IDENTITY: 'd' default, 'n' nothing, 'f' full, 'i' index */
	char *partkey;    /* PARTITION BY clause body for 'p', else NULL */
	char *partbound;  /* FOR VALUES ... for a partition, else NULL */
	unsigned *parents; /* partition parent or inheritance parents, in order */
	int nparents;
	column_t *cols;
	int ncols;
	constraint_t *cons;
	int ncons;
	char *comment;
	double reltuples;   /* the statistics' row estimate; -1 or 0 when unknown */
	double est_bytes;   /* relpages times the block size */
	bool selected;  /* in the dump at all */
	bool dump_data; /* its rows are dumped */
	char *where;    /* --where condition, or NULL */
	unsigned reltype, reltype_array; /* its row type and that type's array type */
	bool rowsecurity, force_rowsecurity;
	char *split_key; /* the int2/int4/int8 column leading the primary key, else NULL */
	char *pk_cols;   /* the primary key's columns, "a, b", else NULL */
	split_t split;   /* how its rows are read (data_split), 1 piece until then */
} table_t;

typedef struct sequence {
	unsigned oid;
	char *raw_schema, *raw_name;
	char *qname;
	char *type;
	char *start, *increment, *min, *max, *cache;
	bool cycle;
	char *last_value; /* NULL when is_called is false (never called, RESTART, setval false) */
	char *uncalled_value; /* then: the last_value, what nextval gives next */
	unsigned owner_table;  /* 0 when owned by no column */
	char *owner_column;
	bool identity;         /* the sequence behind an identity column */
	bool unlogged;         /* CREATE UNLOGGED SEQUENCE (15+) */
	char *comment;
	bool selected;
} sequence_t;

typedef struct view {
	unsigned oid;
	char relkind; /* 'v' view, 'm' materialized view */
	char *reloptions;   /* "a=b, c=d" or NULL (check_option left out) */
	char *check_option; /* "LOCAL", "CASCADED" or NULL */
	bool populated;     /* a materialized view that holds rows (REFRESH it) */
	char *stub_columns; /* "NULL::type AS col, ...": the view's shape without its query */
	char *raw_schema, *raw_name;
	char *qname;
	char *def;
	char *comment;
	bool selected;
} view_t;

typedef struct schema {
	unsigned oid;
	char *raw_name;
	char *name;
	char *comment;
	bool selected;
} schema_t;

/* Kinds of object a dump creates. The order is the one used where the
 * dependencies leave a choice, as pg_dump orders its sections. */
enum dobj_kind {
	/* pre-data */
	DOBJ_SCHEMA,
	DOBJ_EXTENSION,
	DOBJ_LANGUAGE,
	DOBJ_COLLATION,
	DOBJ_TYPE,
	DOBJ_FUNCTION,
	DOBJ_AGGREGATE,
	DOBJ_ACCESS_METHOD,
	DOBJ_OPERATOR,
	DOBJ_OPFAMILY,
	DOBJ_OPCLASS,
	DOBJ_CAST,
	DOBJ_CONVERSION,
	DOBJ_TRANSFORM,
	DOBJ_TS_PARSER,
	DOBJ_TS_TEMPLATE,
	DOBJ_TS_DICTIONARY,
	DOBJ_TS_CONFIG,
	DOBJ_FDW,
	DOBJ_SERVER,
	DOBJ_USER_MAPPING,
	DOBJ_SEQUENCE,
	DOBJ_TABLE,
	DOBJ_FOREIGN_TABLE,
	DOBJ_VIEW,
	DOBJ_DEFAULT, /* a column default split from its table: it uses a sequence the table owns */
	/* post-data */
	DOBJ_CONSTRAINT,
	DOBJ_DOMAIN_CONSTRAINT, /* NOT VALID: after the rows it was never checked against */
	DOBJ_INDEX,
	DOBJ_INDEX_ATTACH,
	DOBJ_RULE,
	DOBJ_TRIGGER,
	DOBJ_FKEY,
	DOBJ_ROW_SECURITY,
	DOBJ_POLICY,
	DOBJ_STATISTICS,
	DOBJ_PUBLICATION,
	DOBJ_PUBLICATION_TABLE,
	DOBJ_PUBLICATION_SCHEMA,
	DOBJ_SUBSCRIPTION,
	DOBJ_DEFAULT_ACL,
	DOBJ_EVENT_TRIGGER,
};
/* The kinds from DOBJ_LANGUAGE on that are not handled by name in plan.c and
 * ddl.c are registered in kinds.h, each in its own module. */
#define DOBJ_FIRST_POST_DATA DOBJ_CONSTRAINT

/* One object of the dump: what it is, where it comes from in the catalog, and
 * what it needs first (from pg_depend). Text fields are kind-specific pieces
 * of its definition, already quoted by the server; see catalog_pg.c. */
typedef struct dobj {
	enum dobj_kind kind;
	unsigned classid, oid; /* its catalog row */
	char *raw_schema;      /* for sorting and messages; "" for schemas and extensions */
	char *raw_name;
	char *qname;   /* as DDL names it (a function with its argument types) */
	char *keyword; /* as COMMENT ON and DROP name the kind ("TABLE", "DOMAIN", ...) */
	char *def;     /* the definition, kind-specific */
	char *extra;   /* a second kind-specific text */
	char *extra2;  /* a third */
	char state;    /* kind-specific flag (trigger/rule enabled state, type kind, ...) */
	char *comment;
	char *more_sql; /* statements that follow the creation (column comments, ...) */
	char *labels;   /* SECURITY LABEL statements for it and its columns, or NULL */
	char *owner;    /* quoted role name, NULL when the kind has no owner */
	char *grants;   /* REVOKE/GRANT statements, NULL for default privileges */
	unsigned table; /* the table (or view) it belongs to, 0 if none */
	void *ref;      /* the table_t, sequence_t, view_t, schema_t or constraint_t */
	int *deps;      /* indexes into catalog_t.objs of what it needs first */
	int ndeps;
	bool selected;
	bool pulled;    /* selected only because something selected needs it */
} dobj_t;

/* A (catalog, oid) pair that stands for an object of the dump: the object
 * itself, or a part of it (a table's row type, a view's rule, a column default,
 * an extension's member). */
typedef struct dobj_key {
	unsigned classid, oid;
	int obj;
	bool derived; /* found by following pg_depend, not named by a loader */
} dobj_key_t;

typedef struct catalog {
	dobj_t *objs; /* every object but the data, in no particular order */
	int nobjs;
	dobj_key_t *keys; /* sorted by classid, oid */
	int nkeys;
	table_t *tables; /* sorted by schema then name */
	int ntables;
	sequence_t *seqs;
	int nseqs;
	view_t *views;
	int nviews;
	schema_t *schemas;
	int nschemas;
	table_t **tables_by_oid; /* the same tables, sorted by oid for lookups */
	/* Security labels on objects that are no object of the dump (a large
	 * object's, ...): the census names them, since nothing writes them. */
	char **stray_labels;
	int nstray_labels;
	/* The pg_depend rows the loader read (objid >= 16384, deptype n, a, i,
	 * e, P or S), in no order: classid, objid, refclassid, refobjid for
	 * each, and its deptype. The census reads its edges here rather than
	 * from the server a second time. */
	unsigned *dep_rows;
	char *dep_types;
	int ndep_rows;
} catalog_t;

/* Loads the model from a PostgreSQL server inside the dump's snapshot. */
/* With o, three of the queries run on a second connection meanwhile. */
catalog_t *catalog_load_pg(conn_t *c, const struct options *o);
/* Reads the last value of each selected sequence (left NULL by the loader),
 * in the same snapshot; only a dump that writes them needs them. */
void catalog_read_sequence_values(conn_t *c, catalog_t *cat);
void catalog_free(catalog_t *cat);

/* Lookups by oid (NULL when absent). */
table_t *catalog_table(const catalog_t *cat, unsigned oid);
/* The index into cat->objs of the object that the catalog row (classid, oid)
 * is or is part of; -1 when it is no object of the dump. */
int catalog_object(const catalog_t *cat, unsigned classid, unsigned oid);
/* pg_class's own oid: the classid of tables, views, sequences and indexes. */
#define CATALOG_PG_CLASS 1259u

#endif
