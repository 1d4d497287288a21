/* plan: which objects the dump includes (the user's selection) and the order
 * that restores: pre-data, data, post-data. */
#ifndef DBDUMP_PLAN_H
#define DBDUMP_PLAN_H

#include "catalog.h"
#include "conn.h"
#include "ddl.h"
#include "options.h"

/* What the user's TABLE arguments and patterns matched, resolved on the server
 * (patterns travel as query parameters) before the catalog is read. */
typedef struct selection {
	unsigned *tables; /* oids of relations named by TABLE arguments and -t */
	int ntables;
	bool any_table_filter;
	unsigned *ex_tables;
	int nex_tables;
	unsigned *schemas;
	int nschemas;
	bool any_schema_filter;
	unsigned *ex_schemas;
	int nex_schemas;
	unsigned *ex_data;
	int nex_data;
	unsigned *where_tables; /* --where, parallel to where_conds */
	char **where_conds;
	int nwheres;
} selection_t;

/* Resolves the options' names and patterns while search_path still has the
 * user's default (so an unqualified name means what it means in psql).
 * Fatal, naming the argument, when a TABLE or an include pattern matches
 * nothing (unless --no-strict-names). The caller frees with plan_selection_free. */
selection_t *plan_resolve(conn_t *c, const struct options *o);
void plan_selection_free(selection_t *s);

/* Marks the catalog's objects selected and which tables' rows are dumped:
 * what the user chose, and what that needs to restore (its schema, types,
 * functions, sequences; parent tables), except what -T and -N exclude. A
 * foreign key to a table outside the dump is left out with a warning. */
void plan_apply(catalog_t *cat, const selection_t *sel);

/* Whether the selection takes an object of schema raw_schema that belongs to
 * no table (raw_schema NULL: an object in no schema, such as a cast), as
 * pg_dump decides it: none with -t, those of the chosen schemas with -n. */
bool plan_selects_schema(const catalog_t *cat, const selection_t *sel, const char *raw_schema);

/* Sorts the tables so that parents (inheritance, partitioning) come before
 * their children; returns a newly allocated array of pointers into cat. */
table_t **plan_table_order(const catalog_t *cat, int *n);
/* One step of the schema: an object, and how it is written. */
typedef struct plan_item {
	const dobj_t *obj;
	enum ddl_how how;
} plan_item_t;

/* The selected objects in an order that restores. */
typedef struct plan {
	plan_item_t *pre; /* before the data; --clean drops run through it backwards */
	int npre;
	plan_item_t *post; /* after the data */
	int npost;
	const dobj_t **refresh; /* materialized views, each after those it reads */
	int nrefresh;
} plan_t;

/* Sorts the selected objects of each section by their dependencies (kind,
 * then schema and name where they leave a choice), breaking cycles through a
 * view with a stub of the view. The caller frees with plan_free; the items
 * point into cat. */
plan_t *plan_order(const catalog_t *cat);
void plan_free(plan_t *p);

#endif
