/* census: every user object of the database is accounted for, or named.
 *
 * Four queries whatever the size of the database: the list of catalogs that
 * have an oid column (from the server, so that a catalog a newer server adds
 * is counted too), every row of them with a user oid, the enum labels, and,
 * only when something is left, the names of what is left. The pg_depend rows
 * that tie a row to what it belongs to come from the catalog loader. */
#include <config.h>

#include "census.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

/* FirstNormalObjectId: every release gives initdb's objects lower oids. */
#define FIRST_USER_OID 16384u
#define CLS_CLASS 1259u
#define CLS_ATTRDEF 2604u
#define CLS_CONSTRAINT 2606u
#define CLS_NAMESPACE 2615u
#define CLS_AMOP 2602u
#define CLS_AMPROC 2603u
#define CLS_PUBLICATION_REL 6106u
#define CLS_PUBLICATION_NAMESPACE 6237u
#define CLS_TYPE 1247u
#define CLS_ENUM 3501u

typedef struct row {
	unsigned classid, oid;
	bool temp;      /* a temporary schema: its objects belong to a session */
	char relkind;   /* a pg_class row's relkind, else 0 */
	bool ok;        /* accounted for */
	bool has_owner; /* not accounted for, and a part of something not accounted for */
	bool named;     /* not accounted for, and named in the census's answer */
	bool part;      /* not accounted for, but a part of something named */
} row_t;

typedef struct edge {
	unsigned classid, objid, refclassid, refobjid;
	char type;
} edge_t;

static int cmp_row(const void *a, const void *b)
{
	const row_t *x = a, *y = b;
	if (x->classid != y->classid)
		return x->classid < y->classid ? -1 : 1;
	return x->oid < y->oid ? -1 : x->oid > y->oid;
}

static row_t *row_find(row_t *rows, int n, unsigned classid, unsigned oid)
{
	row_t key = {.classid = classid, .oid = oid};
	return bsearch(&key, rows, (size_t)n, sizeof(row_t), cmp_row);
}

static unsigned oidval(const PGresult *r, int row, int col)
{
	return (unsigned)strtoul(PQgetvalue(r, row, col), NULL, 10);
}

/* Whether a row that depends on another in this way is a part of it: what
 * the server makes for an object (internal), a partition's copy of its
 * parent's trigger or key, and the pieces that are written with what they
 * belong to (column defaults, constraints, indexes and owned sequences,
 * operator family members, a publication's tables). */
static bool part_of(const edge_t *e, const row_t *x)
{
	switch (e->type) {
	case 'i':
	case 'P': return true;
	case 'a':
		switch (e->classid) {
		/* Only an index or a sequence: a partition depends so on its
		 * parent, and is no part of it. */
		case CLS_CLASS: return x->relkind == 'i' || x->relkind == 'I' || x->relkind == 'S';
		case CLS_ATTRDEF:
		case CLS_CONSTRAINT:
		case CLS_AMOP:
		case CLS_AMPROC:
		case CLS_PUBLICATION_REL:
		case CLS_PUBLICATION_NAMESPACE: return true;
		default: return false;
		}
	default: return false;
	}
}

/* Every row with a user oid in every catalog of this database that has an
 * oid column, from a query built from the server's own list. */
static row_t *read_rows(conn_t *c, int *nrows)
{
	PGresult *r =
	    conn_query(c, "listing the system catalogs",
	               "SELECT c.oid, pg_catalog.quote_ident(c.relname), c.relname = 'pg_namespace',"
	               " pg_catalog.has_table_privilege(c.oid, 'SELECT'), c.relname,"
	               " pg_catalog.has_column_privilege('pg_catalog.pg_subscription', 'oid', 'SELECT')"
	               " FROM pg_catalog.pg_class c"
	               " WHERE c.relnamespace = 'pg_catalog'::pg_catalog.regnamespace AND c.relkind = 'r' "
	               "AND NOT c.relisshared"
	               " AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid"
	               "   AND a.attname = 'oid' AND a.attnum > 0 AND NOT a.attisdropped)"
	               " ORDER BY c.oid",
	               0, NULL);
	buf_t sql;
	row_t *rows;
	bool subscriptions = PQntuples(r) > 0 && PQgetvalue(r, 0, 5)[0] == 't';

	buf_init(&sql);
	for (int i = 0; i < PQntuples(r); i++) {
		if (i)
			buf_puts(&sql, " UNION ALL ");
		if (PQgetvalue(r, i, 3)[0] == 't')
			buf_printf(
			    &sql,
			    "SELECT %s::pg_catalog.oid, t.oid, %s, %s FROM pg_catalog.%s t WHERE t.oid >= %u",
			    PQgetvalue(r, i, 0),
			    PQgetvalue(r, i, 2)[0] == 't' ? "t.nspname ~ '^pg_(toast_)?temp_'" : "false",
			    strcmp(PQgetvalue(r, i, 4), "pg_class") == 0 ? "t.relkind::pg_catalog.text"
			                                                 : "''",
			    PQgetvalue(r, i, 1), FIRST_USER_OID);
		else if (strcmp(PQgetvalue(r, i, 4), "pg_user_mapping") == 0)
			/* Only superusers read it; its view shows every mapping. */
			buf_printf(
			    &sql,
			    "SELECT %s::pg_catalog.oid, t.umid, false, '' FROM pg_catalog.pg_user_mappings t"
			    " WHERE t.umid >= %u",
			    PQgetvalue(r, i, 0), FIRST_USER_OID);
		else
			log_fatal(
			    "cannot read the system catalog pg_catalog.%s, which the check that the dump "
			    "is complete needs: permission denied",
			    PQgetvalue(r, i, 4));
	}
	PQclear(r);
	/* pg_subscription is shared, but each row belongs to one database; its
	 * oid and database columns are readable by everyone from 14 on. Before
	 * 14 only superusers read the oid: for anyone else the subscriptions
	 * cannot be counted here, and kind_subscription fails the dump when the
	 * database has any (it cannot read their connection strings either). */
	if (subscriptions)
		buf_printf(&sql,
		           " UNION ALL SELECT 'pg_catalog.pg_subscription'::pg_catalog.regclass, t.oid, false, ''"
		           " FROM pg_catalog.pg_subscription t WHERE t.oid >= %u AND t.subdbid = (SELECT d.oid"
		           " FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())",
		           FIRST_USER_OID);
	r = conn_query(c, "counting the objects of the database", sql.data, 0, NULL);
	buf_free(&sql);
	*nrows = PQntuples(r);
	rows = xcalloc((size_t)*nrows + 1, sizeof(row_t));
	for (int i = 0; i < *nrows; i++) {
		rows[i].classid = oidval(r, i, 0);
		rows[i].oid = oidval(r, i, 1);
		rows[i].temp = rows[i].ok = PQgetvalue(r, i, 2)[0] == 't';
		rows[i].relkind = PQgetvalue(r, i, 3)[0];
	}
	PQclear(r);
	qsort(rows, (size_t)*nrows, sizeof(row_t), cmp_row);
	return rows;
}

/* What each row belongs to: the pg_depend rows (user oids) of the kinds
 * a, i, e and P, and n on a user's schema, from those the catalog loader
 * read in the same snapshot (a superset), in no order (account's marking
 * does not depend on it). An enum's labels are rows of pg_enum that
 * pg_depend does not record: they are the enum's internal parts. */
static edge_t *read_edges(conn_t *c, const catalog_t *cat, int *nedges)
{
	PGresult *r =
	    conn_query(c, "reading the labels of the enums",
	               "SELECT e.oid, e.enumtypid FROM pg_catalog.pg_enum e WHERE e.oid >= 16384", 0, NULL);
	edge_t *edges = xcalloc((size_t)cat->ndep_rows + (size_t)PQntuples(r) + 1, sizeof(edge_t));
	int n = 0;

	for (int i = 0; i < cat->ndep_rows; i++) {
		const unsigned *d = &cat->dep_rows[4 * i];
		char type = cat->dep_types[i];
		if (type != 'a' && type != 'i' && type != 'e' && type != 'P' &&
		    !(type == 'n' && d[2] == CLS_NAMESPACE && d[3] >= FIRST_USER_OID))
			continue;
		edges[n].classid = d[0];
		edges[n].objid = d[1];
		edges[n].refclassid = d[2];
		edges[n].refobjid = d[3];
		edges[n].type = type;
		n++;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		edges[n].classid = CLS_ENUM;
		edges[n].objid = oidval(r, i, 0);
		edges[n].refclassid = CLS_TYPE;
		edges[n].refobjid = oidval(r, i, 1);
		edges[n].type = 'i';
		n++;
	}
	PQclear(r);
	*nedges = n;
	return edges;
}

/* Marks what the model holds (a loader named it), then, until nothing
 * changes, what belongs to a marked row, every extension member, and what
 * lives in a temporary schema. */
static void account(row_t *rows, int nrows, const edge_t *edges, int nedges, const catalog_t *cat,
                    const struct census_flags *f)
{
	bool changed = true;

	for (int k = 0; k < cat->nkeys; k++) {
		row_t *x;
		if (cat->keys[k].derived)
			continue;
		x = row_find(rows, nrows, cat->keys[k].classid, cat->keys[k].oid);
		if (x)
			x->ok = true;
	}
	for (int i = 0; i < nrows; i++) {
		if (rows[i].classid == CENSUS_LARGE_OBJECT_CLASS)
			rows[i].ok = !f->data || f->large_objects_carried;
		else if (!f->schema)
			rows[i].ok = true; /* a data-only dump writes no object definitions */
	}
	while (changed) {
		changed = false;
		for (int i = 0; i < nedges; i++) {
			const edge_t *e = &edges[i];
			row_t *x = row_find(rows, nrows, e->classid, e->objid), *ref;
			if (!x || x->ok)
				continue;
			ref = row_find(rows, nrows, e->refclassid, e->refobjid);
			if (e->type == 'e' ||
			    (ref && ref->ok && (part_of(e, x) || (e->type == 'n' && ref->temp)))) {
				x->ok = true;
				changed = true;
			}
		}
	}
	/* A part of something left over is named by naming that something (a
	 * foreign table's row type by the table): a row with no such owner is
	 * named itself, then, until nothing changes, what belongs to a named or
	 * covered row is covered. Rows in a loop of parts stay named. */
	for (int i = 0; i < nedges; i++) {
		const edge_t *e = &edges[i];
		row_t *x = row_find(rows, nrows, e->classid, e->objid), *ref;
		if (!x || x->ok || !part_of(e, x))
			continue;
		ref = row_find(rows, nrows, e->refclassid, e->refobjid);
		if (ref && !ref->ok && ref != x)
			x->has_owner = true;
	}
	for (int i = 0; i < nrows; i++) {
		rows[i].named = !rows[i].ok && !rows[i].has_owner;
		rows[i].part = false;
	}
	changed = true;
	while (changed) {
		changed = false;
		for (int i = 0; i < nedges; i++) {
			const edge_t *e = &edges[i];
			row_t *x = row_find(rows, nrows, e->classid, e->objid), *ref;
			if (!x || x->ok || x->named || x->part || !part_of(e, x))
				continue;
			ref = row_find(rows, nrows, e->refclassid, e->refobjid);
			if (ref && !ref->ok && (ref->named || ref->part)) {
				x->part = true;
				changed = true;
			}
		}
	}
}

/* Whether a row left over is outside what the user chose: it belongs to a
 * relation the dump leaves out, or it lies in a schema the selection does
 * not take. tables is the relations it belongs to (pg_depend 'a': a
 * partition's parent, a statistics object's table), as "{1,2}". */
static bool outside_selection(const catalog_t *cat, const selection_t *sel, unsigned classid,
                              const char *schema, const char *tables)
{
	const char *p = tables;

	if (classid == CENSUS_LARGE_OBJECT_CLASS)
		return sel->any_table_filter || sel->any_schema_filter;
	while (p && *p) {
		char *end;
		unsigned oid = (unsigned)strtoul(p, &end, 10);
		int obj;
		if (end == p) {
			p++;
			continue;
		}
		p = end;
		obj = catalog_object(cat, CLS_CLASS, oid);
		if (obj >= 0)
			return !cat->objs[obj].selected;
	}
	return !plan_selects_schema(cat, sel, schema);
}

census_t *census_take(conn_t *c, const catalog_t *cat, const selection_t *sel, const struct census_flags *f)
{
	census_t *cs = xcalloc(1, sizeof *cs);
	int nrows, nedges, nleft = 0;
	row_t *rows = read_rows(c, &nrows);
	edge_t *edges = read_edges(c, cat, &nedges);
	buf_t classids, oids;
	const char *params[2];
	PGresult *r;

	account(rows, nrows, edges, nedges, cat, f);
	free(edges);
	buf_init(&classids);
	buf_init(&oids);
	buf_putc(&classids, '{');
	buf_putc(&oids, '{');
	for (int i = 0; i < nrows; i++) {
		if (rows[i].ok || rows[i].part)
			continue; /* named: on its own, or in a loop of parts */
		buf_printf(&classids, "%s%u", nleft ? "," : "", rows[i].classid);
		buf_printf(&oids, "%s%u", nleft ? "," : "", rows[i].oid);
		nleft++;
	}
	free(rows);
	buf_putc(&classids, '}');
	buf_putc(&oids, '}');
	if (nleft > 0) {
		/* pg_identify_object knows the server's own catalogs, whose oids
		 * are all below 16384; a row of any other (a catalog table made
		 * under allow_system_table_mods) is named by its oid and catalog,
		 * rather than failing the naming itself. */
		params[0] = classids.data;
		params[1] = oids.data;
		r = conn_query(c, "naming the objects the dump cannot carry",
		               "SELECT x.classid, COALESCE(i.type, 'object'), i.schema,"
		               " COALESCE(i.identity, x.objid || ' in catalog '"
		               " || x.classid::pg_catalog.regclass) COLLATE \"C\","
		               " (SELECT pg_catalog.array_agg(d.refobjid ORDER BY d.refobjid) FROM "
		               "pg_catalog.pg_depend d"
		               "   WHERE d.classid = x.classid AND d.objid = x.objid"
		               "   AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'a')"
		               " FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.oid[]), "
		               "pg_catalog.unnest($2::pg_catalog.oid[])) AS x(classid, objid)"
		               " LEFT JOIN LATERAL (SELECT * FROM pg_catalog.pg_identify_object(CASE WHEN x.classid ="
		               " 'pg_catalog.pg_largeobject_metadata'::pg_catalog.regclass THEN "
		               "'pg_catalog.pg_largeobject'::pg_catalog.regclass"
		               " ELSE x.classid END, x.objid, 0) WHERE x.classid < 16384 OFFSET 0) i ON true"
		               " ORDER BY COALESCE(i.type, 'object') COLLATE \"C\", 4",
		               2, params);
		cs->missing = xcalloc((size_t)PQntuples(r) + 1, sizeof(char *));
		for (int i = 0; i < PQntuples(r); i++)
			if (!outside_selection(cat, sel, oidval(r, i, 0),
			                       PQgetisnull(r, i, 2) ? NULL : PQgetvalue(r, i, 2),
			                       PQgetvalue(r, i, 4)))
				cs->missing[cs->nmissing++] =
				    xasprintf("%s %s", PQgetvalue(r, i, 1), PQgetvalue(r, i, 3));
		PQclear(r);
	}
	buf_free(&classids);
	buf_free(&oids);
	/* Labels on what the dump does not hold as an object: nothing writes
	 * them (with the definitions, that is: a data-only dump has none). */
	for (int i = 0; f->schema && i < cat->nstray_labels; i++) {
		cs->missing = xrealloc(cs->missing, sizeof(char *) * (size_t)(cs->nmissing + 2));
		cs->missing[cs->nmissing++] = xstrdup(cat->stray_labels[i]);
		cs->missing[cs->nmissing] = NULL;
	}
	return cs;
}

void census_free(census_t *cs)
{
	if (!cs)
		return;
	for (int i = 0; i < cs->nmissing; i++)
		free(cs->missing[i]);
	free(cs->missing);
	free(cs);
}

char *census_message(const census_t *cs)
{
	buf_t b;
	const int shown = 20;

	buf_init(&b);
	if (cs->nmissing == 1)
		buf_printf(&b, "cannot dump %s: dbdump does not carry this kind of object", cs->missing[0]);
	else
		buf_printf(&b, "cannot dump %d objects that dbdump does not carry: ", cs->nmissing);
	for (int i = 0; cs->nmissing > 1 && i < cs->nmissing && i < shown; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", cs->missing[i]);
	if (cs->nmissing > shown)
		buf_printf(&b, " and %d more", cs->nmissing - shown);
	buf_puts(&b, cs->nmissing == 1 ? " (--exclude-unsupported leaves it out)"
	                               : " (--exclude-unsupported leaves them out)");
	return buf_steal(&b);
}
