/* census: after the catalog is read, every row with a user oid in every
 * system catalog of the database is accounted for (written, part of
 * something written, an extension's member, outside the selection), or it
 * is named here, so that a dump never claims to be complete while something
 * is left out. The list of catalogs comes from the server. */
#ifndef DBDUMP_CENSUS_H
#define DBDUMP_CENSUS_H

#include <stdbool.h>

#include "catalog.h"
#include "conn.h"
#include "plan.h"

/* pg_largeobject_metadata's oid: large objects are counted as data. */
#define CENSUS_LARGE_OBJECT_CLASS 2995u

struct census_flags {
	bool schema; /* the schema is dumped: every kind of object counts */
	bool data;   /* the data is dumped: large objects count */
	/* Large objects are accounted for by the dump: written by lo.c, or
	 * left out by the user's choice (see lo_included). */
	bool large_objects_carried;
};

/* What the dump would leave out: one "kind name" text per object, as
 * pg_identify_object names it ("operator public.===(integer,integer)"),
 * sorted by kind then name. */
typedef struct census {
	char **missing;
	int nmissing;
} census_t;

/* Takes the census in a fixed number of queries whatever the number of
 * objects. The caller frees the result with census_free. */
census_t *census_take(conn_t *c, const catalog_t *cat, const selection_t *sel, const struct census_flags *f);
void census_free(census_t *cs);

/* A one-line message naming what is missing (at most a screenful of
 * names); the caller frees it. */
char *census_message(const census_t *cs);

#endif
