/* catalog: the in-memory model of what a database holds, filled by one loader
 * per server kind in a fixed number of queries. */
#ifndef DBDUMP_CATALOG_H
#define DBDUMP_CATALOG_H

#include <stdbool.h>

#include "conn.h"
#include "quote.h"

/* All names below are already quoted for SQL (the server's quote_ident), and
 * qualified names are "schema.name" in that form; raw names are kept separately
 * for messages. Every string is owned by the catalog. */

typedef struct column {
	char *name;
	char *type;           /* format_type(): type with modifiers */
	char *collation;      /* qualified collation, NULL when the type's default */
	char *default_expr;   /* NULL when none */
	char *generated_expr; /* stored generated column expression, else NULL */
	char identity;        /* 'a' ALWAYS, 'd' BY DEFAULT, 0 none */
	bool notnull;
	bool is_local;        /* false for a column only inherited from a parent */
	enum literal_kind lit;
	bool read_as_numeric; /* money: read as numeric so lc_monetary cannot matter */
	char *comment;
} column_t;

typedef struct constraint {
	char *name;
	char type; /* p u c f x */
	char *def; /* pg_get_constraintdef */
	unsigned ref_table; /* the referenced table of a foreign key */
	bool validated;
	bool is_local;
	char *comment;
} constraint_t;

typedef struct table {
	unsigned oid;
	char *raw_schema, *raw_name;
	char *schema, *name, *qname;
	char relkind;     /* 'r' table, 'p' partitioned table */
	char persistence; /* 'p' permanent, 'u' unlogged */
	char *reloptions; /* "a=b, c=d" or NULL */
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
} table_t;

typedef struct sequence {
	unsigned oid;
	char *raw_schema, *raw_name;
	char *qname;
	char *type;
	char *start, *increment, *min, *max, *cache;
	bool cycle;
	char *last_value; /* NULL when never called */
	unsigned owner_table;  /* 0 when owned by no column */
	char *owner_column;
	bool identity;         /* the sequence behind an identity column */
	char *comment;
	bool selected;
} sequence_t;

typedef struct index_def {
	unsigned oid;
	unsigned table;
	char *qname;
	char *def;
	char *comment;
} index_def_t;

typedef struct view {
	unsigned oid;
	char relkind; /* 'v' view, 'm' materialized view */
	unsigned *deps; /* views and tables it reads, by oid */
	int ndeps;
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

typedef struct catalog {
	table_t *tables; /* sorted by schema then name */
	int ntables;
	sequence_t *seqs;
	int nseqs;
	index_def_t *indexes;
	int nindexes;
	view_t *views;
	int nviews;
	schema_t *schemas;
	int nschemas;
	table_t **tables_by_oid; /* the same tables, sorted by oid for lookups */
} catalog_t;

/* Loads the model from a PostgreSQL server inside the dump's snapshot. */
catalog_t *catalog_load_pg(conn_t *c);
void catalog_free(catalog_t *cat);

/* Lookups by oid (NULL when absent). */
table_t *catalog_table(const catalog_t *cat, unsigned oid);

#endif
