/* kinds: the registry of object kinds that each live in one module
 * (src/kind_*.c). A module holds the kind's catalog query, which hands back
 * the whole text of each object, built by the server; the loader
 * (catalog_pg.c) sends every kind's query as one UNION ALL, so the catalog
 * is read in the same number of queries whatever the number of kinds and
 * objects. The loader, the planner (plan.c) and the writer (ddl.c) walk
 * this table instead of knowing the kind. Owner, privileges and comments
 * use the helpers every kind shares (catalog_sql.h, ddl.c). */
#ifndef DBDUMP_KINDS_H
#define DBDUMP_KINDS_H

#include <stdbool.h>

#include "catalog.h"

/* Which part of the user's selection takes an object of the kind. */
enum kind_scope {
	KIND_IN_SCHEMA, /* lives in a schema: dumped with it (not with -t) */
	KIND_GLOBAL,    /* lives in no schema: dumped only without -t/-n */
	KIND_OF_TABLE,  /* belongs to a table: dumped with the table */
	KIND_OF_DOMAIN, /* belongs to a domain (it depends on it): dumped with the domain */
};

/* Every kind's query returns one row per object with these columns:
 *   0 oid            the object's row in its catalog
 *   1 schema         its schema's name, raw (NULL for none)
 *   2 name           its name, raw, for sorting and messages
 *   3 qname          as COMMENT ON, ALTER ... OWNER TO and DROP name it
 *   4 create         the statements that make it, each ending ";\n"
 *   5 comment        its comment, or NULL
 *   6 owner          quoted role name, or NULL when the kind has no owner
 *   7 grants         REVOKE/GRANT text (catalog_sql.h's GRANTS_SQL), or NULL
 *   8 table          the table it belongs to (KIND_OF_TABLE), or NULL
 * Objects of extensions and of system schemas are left out by the query. */
struct kind_def {
	enum dobj_kind kind; /* its place in the order where dependencies leave a choice */
	const char *name;    /* for messages: "collation" */
	const char *keyword; /* for COMMENT ON / ALTER / DROP: "COLLATION" */
	unsigned classid;    /* its system catalog's oid */
	enum kind_scope scope;
	bool no_drop; /* --clean writes no DROP: it goes with what it belongs to */
	/* The query for a server of this version; the caller frees it. */
	char *(*query)(int server_version_num);
	/* NULL, or an SQL boolean: whether the user may read what the query
	 * reads (a column only superusers see). When not, the query is not
	 * sent, and the dump fails if names (an SQL query anyone may run,
	 * giving the objects' names as one text, or NULL for none) finds any. */
	const char *readable;
	const char *names;
	/* NULL, or where the objects the query can return live: a catalog and
	 * a WHERE ("pg_catalog.pg_cast WHERE oid >= 16384"). When it holds no
	 * row, the kind's query is left out of the big one: planning the
	 * queries of kinds a database does not use was a fixed cost of every
	 * dump (a fifth of a second, cold, on PostgreSQL 15). */
	const char *present;
};

/* The registered kinds, NULL-terminated. */
extern const struct kind_def *const kinds_all[];

/* The registered kind of a dump object, or NULL for the kinds catalog_pg.c,
 * plan.c and ddl.c still handle themselves. */
const struct kind_def *kinds_find(enum dobj_kind kind);

#endif
