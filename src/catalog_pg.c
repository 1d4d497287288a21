/* catalog_pg: loading the model from a PostgreSQL server, a fixed number of
 * catalog queries whatever the number of tables. */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "catalog_sql.h"
#include "kinds.h"
#include "log.h"
#include "snapshot.h"

/* The oids of the system catalogs that objects are identified by in
 * pg_depend; they are fixed in every PostgreSQL release. */
#define CLS_TYPE 1247u
#define CLS_PROC 1255u
#define CLS_CLASS 1259u
#define CLS_ATTRDEF 2604u
#define CLS_CONSTRAINT 2606u
#define CLS_NAMESPACE 2615u
#define CLS_REWRITE 2618u
#define CLS_TRIGGER 2620u
#define CLS_EXTENSION 3079u
#define CLS_POLICY 3256u

/* A relation's storage parameters and its TOAST table's (as toast.name=value),
 * "a=b, toast.c=d", or an empty text. */
#define RELOPTIONS_SQL(c) \
	"pg_catalog.concat_ws(', ', pg_catalog.array_to_string(" c ".reloptions, ', ')," \
	" (SELECT pg_catalog.string_agg('toast.' || o, ', ') FROM pg_catalog.pg_class tc," \
	"   pg_catalog.unnest(tc.reloptions) o WHERE tc.oid = " c ".reltoastrelid))"

/* A comment as a join rather than obj_description()/col_description() on
 * each row: those are SQL functions, run once a row (a tenth of the columns
 * query's time on 10,000 columns). pg_description's key is (objoid,
 * classoid, objsubid), so the join adds no rows. */
#define DESCRIPTION_JOIN(alias, oidexpr, classname, subidexpr)                                             \
	" LEFT JOIN pg_catalog.pg_description " alias " ON " alias ".objoid = " oidexpr " AND " alias        \
	".classoid = '" classname "'::pg_catalog.regclass AND " alias ".objsubid = " subidexpr

static char *val(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : xstrdup(PQgetvalue(r, row, col));
}

/* Like val, but an empty text is NULL too. */
static char *val_nonempty(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) || !*PQgetvalue(r, row, col) ? NULL : xstrdup(PQgetvalue(r, row, col));
}

/* An oid's text. Digits are read here: strtoul's locale and sign handling
 * cost nine times as much, and the dependencies alone are four oids on each
 * of 150,000 rows on 10,000 tables (doc/PERFORMANCE.md, run 18). Anything
 * else, or more digits than surely fit, goes to strtoul as before. */
static unsigned oidval(const PGresult *r, int row, int col)
{
	const char *s;
	unsigned v = 0;
	int n = 0;

	if (PQgetisnull(r, row, col))
		return 0;
	s = PQgetvalue(r, row, col);
	for (; s[n] >= '0' && s[n] <= '9' && n < 9; n++)
		v = v * 10 + (unsigned)(s[n] - '0');
	if (n == 0 || s[n])
		return (unsigned)strtoul(s, NULL, 10);
	return v;
}

static bool boolval(const PGresult *r, int row, int col)
{
	return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

static char charval(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : PQgetvalue(r, row, col)[0];
}

static int cmp_table_oid(const void *a, const void *b)
{
	unsigned x = (*(table_t *const *)a)->oid, y = (*(table_t *const *)b)->oid;
	return x < y ? -1 : x > y;
}

table_t *catalog_table(const catalog_t *cat, unsigned oid)
{
	table_t **by_oid = cat->tables_by_oid;
	int lo = 0, hi = cat->ntables - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (by_oid[mid]->oid == oid)
			return by_oid[mid];
		if (by_oid[mid]->oid < oid)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* Arrays that grow by doubling when their count reaches a power of two. */
static void *grow(void *arr, int n, size_t size)
{
	if (n == 0)
		return xrealloc(arr, 8 * size);
	if (n >= 8 && (n & (n - 1)) == 0)
		return xrealloc(arr, 2 * (size_t)n * size);
	return arr;
}

static int obj_new(catalog_t *cat, enum dobj_kind kind, unsigned classid, unsigned oid, const char *raw_schema,
		   const char *raw_name)
{
	dobj_t *d;

	cat->objs = grow(cat->objs, cat->nobjs, sizeof(dobj_t));
	d = &cat->objs[cat->nobjs];
	memset(d, 0, sizeof *d);
	d->kind = kind;
	d->classid = classid;
	d->oid = oid;
	d->raw_schema = xstrdup(raw_schema ? raw_schema : "");
	d->raw_name = xstrdup(raw_name);
	return cat->nobjs++;
}

static void key_add(catalog_t *cat, unsigned classid, unsigned oid, int obj)
{
	if (oid == 0)
		return;
	cat->keys = grow(cat->keys, cat->nkeys, sizeof(dobj_key_t));
	cat->keys[cat->nkeys].classid = classid;
	cat->keys[cat->nkeys].oid = oid;
	cat->keys[cat->nkeys].obj = obj;
	cat->keys[cat->nkeys].derived = false;
	cat->nkeys++;
}

static int cmp_key(const void *a, const void *b)
{
	const dobj_key_t *x = a, *y = b;
	if (x->classid != y->classid)
		return x->classid < y->classid ? -1 : 1;
	if (x->oid != y->oid)
		return x->oid < y->oid ? -1 : 1;
	return x->obj < y->obj ? -1 : x->obj > y->obj;
}

int catalog_object(const catalog_t *cat, unsigned classid, unsigned oid)
{
	int lo = 0, hi = cat->nkeys - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		const dobj_key_t *k = &cat->keys[mid];
		if (k->classid == classid && k->oid == oid)
			return k->obj;
		if (k->classid < classid || (k->classid == classid && k->oid < oid))
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static enum literal_kind literal_kind_of(unsigned type_oid, bool *as_numeric)
{
	*as_numeric = false;
	switch (type_oid) {
	case 23: /* int4: a bare integer is already an int4 constant */
		return LIT_INTEGER;
	/* A bare number would be an int4 or numeric constant and then a cast the
	 * planner folds one value at a time: a string literal is read by the
	 * type's input function straight away (13% less server CPU for a
	 * restore of big's rows, doc/PERFORMANCE.md run 14). */
	case 20:   /* int8 */
	case 21:   /* int2 */
	case 26:   /* oid */
	case 1700: /* numeric */
	case 700:  /* float4 */
	case 701:  /* float8 */
		return LIT_QUOTED_NUMBER;
	case 790: /* money: its text form depends on lc_monetary, so a numeric cast */
		*as_numeric = true;
		return LIT_NUMERIC;
	case 16: /* bool */
		return LIT_BOOL;
	default:
		return LIT_TEXT;
	}
}

static void load_schemas(conn_t *c, catalog_t *cat)
{
	PGresult *r = conn_query(c, "reading the schemas",
	    "SELECT n.oid, n.nspname, pg_catalog.quote_ident(n.nspname),"
	    " nd.description, " ROLE_NAME("n.nspowner") ","
	    " " GRANTS_SQL("SCHEMA", "pg_catalog.quote_ident(n.nspname)", "n.nspacl", "n.nspowner")
	    " FROM pg_catalog.pg_namespace n" DESCRIPTION_JOIN("nd", "n.oid", "pg_catalog.pg_namespace", "0")
	    " WHERE " USER_NAMESPACE("n")
	    " AND " NOT_EXTENSION_MEMBER("n.oid", "pg_catalog.pg_namespace")
	    " ORDER BY n.nspname",
	    0, NULL);

	cat->nschemas = PQntuples(r);
	cat->schemas = xcalloc((size_t)cat->nschemas + 1, sizeof(schema_t));
	for (int i = 0; i < cat->nschemas; i++) {
		schema_t *s = &cat->schemas[i];
		int o;
		s->oid = oidval(r, i, 0);
		s->raw_name = val(r, i, 1);
		s->name = val(r, i, 2);
		s->comment = val(r, i, 3);
		o = obj_new(cat, DOBJ_SCHEMA, CLS_NAMESPACE, s->oid, NULL, s->raw_name);
		cat->objs[o].qname = xstrdup(s->name);
		cat->objs[o].keyword = xstrdup("SCHEMA");
		cat->objs[o].comment = val(r, i, 3);
		cat->objs[o].owner = val(r, i, 4);
		cat->objs[o].grants = val_nonempty(r, i, 5);
		cat->objs[o].ref = s;
		key_add(cat, CLS_NAMESPACE, s->oid, o);
	}
	PQclear(r);
}

/* Extensions the user created; plpgsql and the like come with every database
 * (initdb gives them oids below FirstNormalObjectId). */
/* The privileges of an extension's member (CATALOG alias mo: its ACL, its
 * owner, its name, its GRANT keyword; a relation, function, type or
 * language) when they are no longer those CREATE
 * EXTENSION gave it (pg_init_privs): the REVOKE of every role the extension
 * granted to, then GRANTS_SQL's statements. */
#define MEMBER_ACL(catalog, acl, owner, name, kind, grants)                                                         \
	" SELECT " name " AS name, COALESCE((SELECT pg_catalog.string_agg(DISTINCT 'REVOKE ALL ON ' || " kind  \
	"   || ' ' || " name " || ' FROM ' || " ROLE_NAME("g.grantee") " || E';\\n', '')"                  \
	"   FROM pg_catalog.aclexplode(ip.initprivs) g WHERE g.grantee NOT IN (0, " owner ")), '')"        \
	" || " grants " AS stmts"                                                                       \
	" FROM pg_catalog.pg_depend xd JOIN pg_catalog." catalog " mo ON mo.oid = xd.objid"                   \
	" LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = mo.oid"                                        \
	"  AND ip.classoid = 'pg_catalog." catalog "'::pg_catalog.regclass AND ip.objsubid = 0"               \
	" WHERE xd.classid = 'pg_catalog." catalog "'::pg_catalog.regclass AND xd.deptype = 'e'"             \
	" AND xd.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND xd.refobjid = e.oid"       \
	" AND " acl " IS DISTINCT FROM ip.initprivs"
#define REL_KIND "CASE mo.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END"
#define REL_NAME QNAME("(SELECT rn.nspname FROM pg_catalog.pg_namespace rn WHERE rn.oid = mo.relnamespace)", "mo.relname")
#define REL_ACL "COALESCE(mo.relacl, pg_catalog.acldefault(CASE mo.relkind WHEN 'S' THEN 's' ELSE 'r' END::pg_catalog.\"char\", mo.relowner))"
#define REL_KIND_GRANTS                                                                                     \
	"CASE mo.relkind WHEN 'S' THEN " GRANTS_SQL("SEQUENCE", REL_NAME, REL_ACL, "mo.relowner")              \
	" ELSE " GRANTS_SQL("TABLE", REL_NAME, REL_ACL, "mo.relowner") " END"
#define PROC_KIND "CASE mo.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END"
#define PROC_NAME_ARGS "mo.oid::pg_catalog.regprocedure::pg_catalog.text"
#define PROC_ACL "COALESCE(mo.proacl, pg_catalog.acldefault('f', mo.proowner))"
#define PROC_KIND_GRANTS                                                                                    \
	"CASE mo.prokind WHEN 'p' THEN " GRANTS_SQL("PROCEDURE", PROC_NAME_ARGS, PROC_ACL, "mo.proowner")      \
	" ELSE " GRANTS_SQL("FUNCTION", PROC_NAME_ARGS, PROC_ACL, "mo.proowner") " END"
#define TYPE_KIND "'TYPE'"
#define TYPE_NAME "mo.oid::pg_catalog.regtype::pg_catalog.text"
#define TYPE_ACL "COALESCE(mo.typacl, pg_catalog.acldefault('T', mo.typowner))"
#define TYPE_KIND_GRANTS GRANTS_SQL("TYPE", TYPE_NAME, TYPE_ACL, "mo.typowner")
#define LANG_NAME "pg_catalog.quote_ident(mo.lanname)"
#define LANG_ACL "COALESCE(mo.lanacl, pg_catalog.acldefault('l', mo.lanowner))"
#define LANG_KIND_GRANTS GRANTS_SQL("LANGUAGE", LANG_NAME, LANG_ACL, "mo.lanowner")

/* The extensions query; GRANTS is the members' changed privileges (a
 * column), MEMBERS what it reads from, WHERE which extensions come. */
#define EXTENSIONS_SQL(grants, members, where)                                                              \
	"SELECT e.oid, e.extname, pg_catalog.quote_ident(e.extname), pg_catalog.quote_ident(n.nspname),"      \
	" ed.description, " grants ", e.oid < 16384"                                                          \
	" FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"          \
	DESCRIPTION_JOIN("ed", "e.oid", "pg_catalog.pg_extension", "0") members                                \
	" WHERE " where " ORDER BY e.extname"

/* The members' privileges are written only with --privileges, and only
 * then read: the planner takes 25 ms over MEMBER_ACL's four arms, a tenth
 * of a small database's whole dump. */
static void load_extensions(conn_t *c, catalog_t *cat, bool privileges)
{
	PGresult *r = conn_query(c, "reading the extensions",
	    privileges ? EXTENSIONS_SQL("g.grants",
	        " CROSS JOIN LATERAL (SELECT pg_catalog.string_agg(m.stmts, '' ORDER BY m.name) AS grants FROM ("
	        MEMBER_ACL("pg_class", "mo.relacl", "mo.relowner", REL_NAME, REL_KIND, REL_KIND_GRANTS) " UNION ALL"
	        MEMBER_ACL("pg_proc", "mo.proacl", "mo.proowner", PROC_NAME_ARGS, PROC_KIND, PROC_KIND_GRANTS)
	        " UNION ALL"
	        MEMBER_ACL("pg_type", "mo.typacl", "mo.typowner", TYPE_NAME, TYPE_KIND, TYPE_KIND_GRANTS) " UNION ALL"
	        MEMBER_ACL("pg_language", "mo.lanacl", "mo.lanowner", LANG_NAME, "'LANGUAGE'", LANG_KIND_GRANTS)
	        ") m) g",
	        /* A built-in one (plpgsql) only for its members' changed privileges. */
	        "e.oid >= 16384 OR g.grants <> ''")
	               : EXTENSIONS_SQL("NULL", "", "e.oid >= 16384"),
	    0, NULL);

	for (int i = 0; i < PQntuples(r); i++) {
		int o = obj_new(cat, DOBJ_EXTENSION, CLS_EXTENSION, oidval(r, i, 0), NULL, PQgetvalue(r, i, 1));
		cat->objs[o].qname = val(r, i, 2);
		cat->objs[o].keyword = xstrdup("EXTENSION");
		cat->objs[o].def = val(r, i, 3);
		cat->objs[o].comment = val(r, i, 4);
		cat->objs[o].grants = val_nonempty(r, i, 5);
		cat->objs[o].state = boolval(r, i, 6) ? 'b' : 0;
		key_add(cat, CLS_EXTENSION, cat->objs[o].oid, o);
	}
	PQclear(r);
}

/* Enums, domains, composite types and range types. */
/* The rows the types query reads (its FROM and WHERE), shared with the
 * presence query. */
#define TYPES_FROM \
	" FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace" \
	" WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND t.typrelid IN" \
	"   (SELECT tc.oid FROM pg_catalog.pg_class tc WHERE tc.relkind = 'c')))" \
	" AND " USER_NAMESPACE("n") " AND " NOT_EXTENSION_MEMBER("t.oid", "pg_catalog.pg_type")

static void load_types(conn_t *c, catalog_t *cat, bool present)
{
	buf_t sql;
	PGresult *r;

	if (!present)
		return;
	buf_init(&sql);
	buf_puts(&sql,
	    "SELECT t.oid, n.nspname, t.typname,"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname),"
	    " CASE WHEN t.typtype = 'c' THEN 'c' ELSE t.typtype::pg_catalog.text END, t.typarray,"
	    " CASE t.typtype"
	    "  WHEN 'e' THEN (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', '"
	    "      ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)"
	    "  WHEN 'd' THEN (SELECT pg_catalog.format_type(t.typbasetype, t.typtypmod)"
	    "    || CASE WHEN t.typcollation <> bt.typcollation THEN ' COLLATE '"
	    "      || pg_catalog.quote_ident(con.nspname) || '.' || pg_catalog.quote_ident(co.collname) ELSE '' END"
	    "    FROM pg_catalog.pg_type bt"
	    "    LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation"
	    "    LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace"
	    "    WHERE bt.oid = t.typbasetype)"
	    "    || CASE WHEN t.typdefault IS NOT NULL THEN ' DEFAULT ' || t.typdefault ELSE '' END"
	    "    || CASE WHEN NOT t.typnotnull THEN ''");
	/* 17 keeps a domain's NOT NULL in pg_constraint, with its name. */
	if (c->server_version_num >= 170000)
		buf_puts(&sql, " ELSE COALESCE((SELECT E'\\n    CONSTRAINT ' || pg_catalog.quote_ident(dn.conname) || ' NOT NULL'"
			       " FROM pg_catalog.pg_constraint dn WHERE dn.contypid = t.oid AND dn.contype = 'n'"
			       " AND dn.conname <> t.typname || '_not_null'), ' NOT NULL')");
	else
		buf_puts(&sql, " ELSE ' NOT NULL'");
	/* A NOT VALID check is added after the data (kind_domain_constraint.c). */
	buf_puts(&sql,
	    " END"
	    "    || COALESCE((SELECT pg_catalog.string_agg(E'\\n    CONSTRAINT ' || pg_catalog.quote_ident(dc.conname)"
	    "      || ' ' || pg_catalog.pg_get_constraintdef(dc.oid), '' ORDER BY dc.conname)"
	    "      FROM pg_catalog.pg_constraint dc WHERE dc.contypid = t.oid AND dc.contype = 'c' AND dc.convalidated), '')"
	    "  WHEN 'c' THEN (SELECT pg_catalog.string_agg(E'\\n    ' || pg_catalog.quote_ident(a.attname) || ' '"
	    "      || pg_catalog.format_type(a.atttypid, a.atttypmod)"
	    "      || CASE WHEN a.attcollation <> at.typcollation AND a.attcollation <> 0 THEN ' COLLATE '"
	    "        || pg_catalog.quote_ident(acn.nspname) || '.' || pg_catalog.quote_ident(aco.collname) ELSE '' END,"
	    "      ',' ORDER BY a.attnum)"
	    "      FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid"
	    "      LEFT JOIN pg_catalog.pg_collation aco ON aco.oid = a.attcollation"
	    "      LEFT JOIN pg_catalog.pg_namespace acn ON acn.oid = aco.collnamespace"
	    "      WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)"
	    "  WHEN 'r' THEN (SELECT pg_catalog.concat_ws(E',\\n    ',"
	    "      'SUBTYPE = ' || pg_catalog.format_type(rg.rngsubtype, NULL),"
	    "      CASE WHEN NOT opc.opcdefault THEN 'SUBTYPE_OPCLASS = '"
	    "        || pg_catalog.quote_ident(opcn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END,"
	    "      CASE WHEN rg.rngcollation <> 0 AND rg.rngcollation <> st.typcollation THEN 'COLLATION = '"
	    "        || pg_catalog.quote_ident(rcn.nspname) || '.' || pg_catalog.quote_ident(rco.collname) END,"
	    "      CASE WHEN rg.rngcanonical <> 0 THEN 'CANONICAL = ' || rg.rngcanonical::pg_catalog.regproc END,"
	    "      CASE WHEN rg.rngsubdiff <> 0 THEN 'SUBTYPE_DIFF = ' || rg.rngsubdiff::pg_catalog.regproc END");
	if (c->server_version_num >= 140000)
		buf_puts(&sql, ", 'MULTIRANGE_TYPE_NAME = ' || pg_catalog.quote_ident(mn.nspname) || '.'"
			       " || pg_catalog.quote_ident(mt.typname)");
	buf_puts(&sql,
	    ") FROM pg_catalog.pg_range rg"
	    "    LEFT JOIN pg_catalog.pg_type st ON st.oid = rg.rngsubtype"
	    "    LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = rg.rngsubopc"
	    "    LEFT JOIN pg_catalog.pg_namespace opcn ON opcn.oid = opc.opcnamespace"
	    "    LEFT JOIN pg_catalog.pg_collation rco ON rco.oid = rg.rngcollation"
	    "    LEFT JOIN pg_catalog.pg_namespace rcn ON rcn.oid = rco.collnamespace");
	if (c->server_version_num >= 140000)
		buf_puts(&sql, " LEFT JOIN pg_catalog.pg_type mt ON mt.oid = rg.rngmultitypid"
			       " LEFT JOIN pg_catalog.pg_namespace mn ON mn.oid = mt.typnamespace");
	buf_puts(&sql,
	    "    WHERE rg.rngtypid = t.oid) END,"
	    " t.typrelid, pg_catalog.obj_description(t.oid, 'pg_type'),"
	    " COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L;',"
	    "     pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname), a.attname, ds.description),"
	    "     E'\\n' ORDER BY a.attnum) || E'\\n'"
	    "   FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid"
	    "    AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = a.attnum"
	    "   WHERE t.typtype = 'c' AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '')"
	    " || COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format('COMMENT ON CONSTRAINT %I ON DOMAIN %s IS %L;',"
	    "     dc.conname, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname),"
	    "     ds.description), E'\\n' ORDER BY dc.conname) || E'\\n'"
	    "   FROM pg_catalog.pg_constraint dc JOIN pg_catalog.pg_description ds ON ds.objoid = dc.oid"
	    "    AND ds.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass"
	    "   WHERE dc.contypid = t.oid AND dc.convalidated), ''),"
	    " " ROLE_NAME("t.typowner") ","
	    " " GRANTS_SQL("TYPE", "pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname)",
			   "t.typacl", "t.typowner"));
	buf_puts(&sql, c->server_version_num >= 140000
	    ? ", CASE WHEN t.typtype = 'r' THEN (SELECT rg.rngmultitypid FROM pg_catalog.pg_range rg"
	      "   WHERE rg.rngtypid = t.oid) END,"
	      " CASE WHEN t.typtype = 'r' THEN (SELECT mt.typarray FROM pg_catalog.pg_range rg"
	      "   JOIN pg_catalog.pg_type mt ON mt.oid = rg.rngmultitypid WHERE rg.rngtypid = t.oid) END"
	    : ", 0, 0");
	/* The parts of a domain or a range type are read in subqueries of their
	 * own: as a dozen outer joins, planning the query took longer than
	 * running it (50 ms). A composite type of its own (CREATE TYPE AS) has
	 * a pg_class row of relkind 'c'; every table's row type is one too. */
	buf_puts(&sql, TYPES_FROM " ORDER BY n.nspname, t.typname");
	r = conn_query(c, "reading the types", sql.data, 0, NULL);
	buf_free(&sql);

	for (int i = 0; i < PQntuples(r); i++) {
		int o = obj_new(cat, DOBJ_TYPE, CLS_TYPE, oidval(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
		dobj_t *d = &cat->objs[o];
		d->qname = val(r, i, 3);
		d->state = charval(r, i, 4);
		d->keyword = xstrdup(d->state == 'd' ? "DOMAIN" : "TYPE");
		d->def = val(r, i, 6);
		d->comment = val(r, i, 8);
		d->more_sql = val_nonempty(r, i, 9);
		d->owner = val(r, i, 10);
		d->grants = val_nonempty(r, i, 11);
		key_add(cat, CLS_TYPE, d->oid, o);
		key_add(cat, CLS_TYPE, oidval(r, i, 5), o);
		key_add(cat, CLS_CLASS, oidval(r, i, 7), o);
		key_add(cat, CLS_TYPE, oidval(r, i, 12), o);
		key_add(cat, CLS_TYPE, oidval(r, i, 13), o);
	}
	PQclear(r);
}

/* Functions, procedures and aggregates; not those the system made for a type
 * (a range type's constructors). */
/* Which functions the functions query reads (its left joins add no rows:
 * one aggregate row a function at most, one operator an aggregate), shared
 * with the presence query. */
#define FUNCTIONS_WHERE \
	" WHERE " USER_NAMESPACE("n") " AND " NOT_EXTENSION_MEMBER("p.oid", "pg_catalog.pg_proc") \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend id WHERE id.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass" \
	"   AND id.objid = p.oid AND id.deptype = 'i')"

static void load_functions(conn_t *c, catalog_t *cat, bool present)
{
	PGresult *r;

	if (!present)
		return;
	r = conn_query(c, "reading the functions",
	    "SELECT p.oid, n.nspname, p.proname,"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname)"
	    "   || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',"
	    " p.prokind,"
	    " CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END,"
	    " CASE WHEN p.prokind = 'a' THEN pg_catalog.pg_get_function_arguments(p.oid) END,"
	    " CASE WHEN p.prokind = 'a' THEN pg_catalog.concat_ws(E',\\n    ',"
	    "   'SFUNC = ' || ag.aggtransfn::pg_catalog.regproc,"
	    "   'STYPE = ' || pg_catalog.format_type(ag.aggtranstype, NULL),"
	    "   CASE WHEN ag.aggtransspace <> 0 THEN 'SSPACE = ' || ag.aggtransspace END,"
	    "   CASE WHEN ag.aggfinalfn <> 0 THEN 'FINALFUNC = ' || ag.aggfinalfn::pg_catalog.regproc END,"
	    "   CASE WHEN ag.aggfinalextra THEN 'FINALFUNC_EXTRA' END,"
	    "   CASE WHEN ag.aggfinalfn <> 0 THEN 'FINALFUNC_MODIFY = '"
	    "     || CASE ag.aggfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,"
	    "   CASE WHEN ag.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || ag.aggcombinefn::pg_catalog.regproc END,"
	    "   CASE WHEN ag.aggserialfn <> 0 THEN 'SERIALFUNC = ' || ag.aggserialfn::pg_catalog.regproc END,"
	    "   CASE WHEN ag.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || ag.aggdeserialfn::pg_catalog.regproc END,"
	    "   CASE WHEN ag.agginitval IS NOT NULL THEN 'INITCOND = ' || pg_catalog.quote_literal(ag.agginitval) END,"
	    "   CASE WHEN ag.aggmtransfn <> 0 THEN 'MSFUNC = ' || ag.aggmtransfn::pg_catalog.regproc END,"
	    "   CASE WHEN ag.aggminvtransfn <> 0 THEN 'MINVFUNC = ' || ag.aggminvtransfn::pg_catalog.regproc END,"
	    "   CASE WHEN ag.aggmtranstype <> 0 THEN 'MSTYPE = ' || pg_catalog.format_type(ag.aggmtranstype, NULL) END,"
	    "   CASE WHEN ag.aggmtransspace <> 0 THEN 'MSSPACE = ' || ag.aggmtransspace END,"
	    "   CASE WHEN ag.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || ag.aggmfinalfn::pg_catalog.regproc END,"
	    "   CASE WHEN ag.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,"
	    "   CASE WHEN ag.aggmfinalfn <> 0 THEN 'MFINALFUNC_MODIFY = '"
	    "     || CASE ag.aggmfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,"
	    "   CASE WHEN ag.aggminitval IS NOT NULL THEN 'MINITCOND = ' || pg_catalog.quote_literal(ag.aggminitval) END,"
	    "   CASE WHEN ag.aggsortop <> 0 THEN 'SORTOP = OPERATOR(' || sn.nspname || '.' || so.oprname || ')' END,"
	    "   CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END,"
	    "   CASE WHEN ag.aggkind = 'h' THEN 'HYPOTHETICAL' END) END,"
	    " pg_catalog.obj_description(p.oid, 'pg_proc'), " ROLE_NAME("p.proowner") ","
	    " " GRANTS_SQL("ROUTINE", "pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname)"
			   " || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'", "p.proacl", "p.proowner") ","
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname)"
	    " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
	    " LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid"
	    " LEFT JOIN pg_catalog.pg_operator so ON so.oid = ag.aggsortop"
	    " LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = so.oprnamespace"
	    FUNCTIONS_WHERE
	    " ORDER BY n.nspname, p.proname, p.oid",
	    0, NULL);

	for (int i = 0; i < PQntuples(r); i++) {
		char kind = charval(r, i, 4);
		int o = obj_new(cat, kind == 'a' ? DOBJ_AGGREGATE : DOBJ_FUNCTION, CLS_PROC, oidval(r, i, 0),
				PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
		dobj_t *d = &cat->objs[o];
		d->qname = val(r, i, 3);
		d->state = kind;
		d->keyword = xstrdup(kind == 'a' ? "AGGREGATE" : kind == 'p' ? "PROCEDURE" : "FUNCTION");
		d->def = val(r, i, kind == 'a' ? 6 : 5);
		d->extra = val(r, i, 7);
		d->comment = val(r, i, 8);
		d->owner = val(r, i, 9);
		d->grants = val_nonempty(r, i, 10);
		d->extra2 = val(r, i, 11);
		key_add(cat, CLS_PROC, d->oid, o);
	}
	PQclear(r);
}

#define TABLES_WHAT "reading the list of tables"
#define TABLES_SQL \
	    "SELECT c.oid, n.nspname, c.relname, pg_catalog.quote_ident(n.nspname)," \
	    " pg_catalog.quote_ident(c.relname), c.relkind, c.relpersistence," \
	    " " RELOPTIONS_SQL("c") "," \
	    " CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END," \
	    /* A partition bound holds constants only: deparsed without opening \
	     * the table (see load_columns). */ \
	    " CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, 0) END," \
	    /* Tables with parents, with column privileges, with a type of \
	     * their own are few: what only they need is read only for them, \
	     * the others are told apart by one hashed look-up each. */ \
	    " CASE WHEN c.oid IN (SELECT i.inhrelid FROM pg_catalog.pg_inherits i) THEN" \
	    "  (SELECT pg_catalog.string_agg(i.inhparent::pg_catalog.text, ',' ORDER BY i.inhseqno)" \
	    "    FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) END," \
	    " td.description, c.reltuples," \
	    " c.relpages::pg_catalog.float8 * pg_catalog.current_setting('block_size')::pg_catalog.float8," \
	    " c.reltype, rt.typarray," \
	    " c.relrowsecurity, c.relforcerowsecurity, " ROLE_NAME("c.relowner") "," \
	    " (COALESCE(" GRANTS_SQL("TABLE", "pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)", \
				"c.relacl", "c.relowner") ", '')" \
	    "  || COALESCE(" COLUMN_GRANTS_SQL("pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)") ", ''))," \
	    /* The primary key's column numbers: their names come with the \
	     * columns (pk_resolve); two look-ups in pg_attribute a table here \
	     * cost a tenth of this query on 10,000 tables (run 18). */ \
	    " pk.conkey::pg_catalog.text," \
	    /* heap is not written, except for a partition whose parent has another \
	     * access method (17 and newer), which CREATE ... PARTITION OF takes, \
	     * and for a partitioned table (17 and newer), which has none unless \
	     * one was named: its partitions made later take that one */ \
	    " CASE WHEN am.amname <> 'heap' OR c.relkind = 'p' OR (c.relispartition AND EXISTS (SELECT 1" \
	    "   FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent" \
	    "   WHERE i.inhrelid = c.oid AND pc.relam <> 0 AND pc.relam <> c.relam))" \
	    "  THEN pg_catalog.quote_ident(am.amname) END," \
	    " CASE WHEN c.reloftype <> 0 THEN" \
	    "  (SELECT pg_catalog.quote_ident(otn.nspname) || '.' || pg_catalog.quote_ident(ot.typname)" \
	    "   FROM pg_catalog.pg_type ot JOIN pg_catalog.pg_namespace otn ON otn.oid = ot.typnamespace" \
	    "   WHERE ot.oid = c.reloftype) END," \
	    " c.relreplident," \
	    /* a partitioned partition without an access method under a parent \
	     * with one (17 and newer): PARTITION OF would give it the parent's */ \
	    " c.relkind = 'p' AND c.relam = 0 AND c.relispartition AND EXISTS (SELECT 1" \
	    "   FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent" \
	    "   WHERE i.inhrelid = c.oid AND pc.relam <> 0)" \
	    " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	    DESCRIPTION_JOIN("td", "c.oid", "pg_catalog.pg_class", "0") \
	    " LEFT JOIN pg_catalog.pg_type rt ON rt.oid = c.reltype" \
	    " LEFT JOIN pg_catalog.pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'" \
	    " LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam" \
	    " WHERE c.relkind IN ('r', 'p') AND " USER_NAMESPACE("n") \
	    " AND " NOT_EXTENSION_MEMBER("c.oid", "pg_catalog.pg_class") \
	    " ORDER BY n.nspname, c.relname"

/* A table's primary key while the catalog is read: its column numbers in
 * key order, and their quoted names as the columns come. */
struct pk_key {
	int n;
	int *attnum;
	char **names;
};

/* conkey as text, "{2,1}", or NULL when the table has no primary key. */
static void pk_parse(struct pk_key *k, const char *conkey)
{
	k->n = 0;
	if (!conkey)
		return;
	for (const char *p = conkey; *p; p++)
		if (*p == ',' || *p == '}')
			k->n++;
	k->attnum = xcalloc((size_t)k->n + 1, sizeof(int));
	k->names = xcalloc((size_t)k->n + 1, sizeof(char *));
	for (int j = 0; j < k->n; j++) {
		char *end;
		k->attnum[j] = (int)strtol(conkey + 1, &end, 10);
		conkey = end;
	}
}

/* A column of the table: its name, when it is in the key; the leading key
 * column's name is the split key when it is an int2, int4 or int8. num: the
 * column's number, negative when it is of none of those types. */
static void pk_column(table_t *t, struct pk_key *k, int num, const char *name)
{
	int attnum = num < 0 ? -num : num;

	for (int j = 0; j < k->n; j++) {
		if (k->attnum[j] != attnum || k->names[j])
			continue;
		k->names[j] = xstrdup(name);
		if (j == 0 && num > 0)
			t->split_key = xstrdup(name);
	}
}

/* The key's names joined in key order, "a, b", as pk_cols; frees the key. */
static void pk_resolve(table_t *t, struct pk_key *k)
{
	buf_t b;

	buf_init(&b);
	for (int j = 0; j < k->n; j++) {
		if (!k->names[j])
			continue;
		buf_printf(&b, "%s%s", b.len ? ", " : "", k->names[j]);
		free(k->names[j]);
	}
	if (b.len)
		t->pk_cols = b.data;
	else
		buf_free(&b);
	free(k->attnum);
	free(k->names);
}

/* Returns the index of the first table's object; the others follow in order.
 * *keysp: each table's primary key, for load_columns. */
static int load_tables(catalog_t *cat, PGresult *r, struct pk_key **keysp)
{
	int first = cat->nobjs;
	int n = PQntuples(r);
	struct pk_key *keys;

	cat->ntables = n;
	cat->tables = xcalloc((size_t)n + 1, sizeof(table_t));
	keys = *keysp = xcalloc((size_t)n + 1, sizeof(struct pk_key));
	for (int i = 0; i < n; i++) {
		table_t *t = &cat->tables[i];
		char *parents = val(r, i, 10);
		int o;
		t->oid = oidval(r, i, 0);
		t->raw_schema = val(r, i, 1);
		t->raw_name = val(r, i, 2);
		t->schema = val(r, i, 3);
		t->name = val(r, i, 4);
		t->qname = xasprintf("%s.%s", t->schema, t->name);
		t->relkind = PQgetvalue(r, i, 5)[0];
		t->persistence = PQgetvalue(r, i, 6)[0];
		t->reloptions = val_nonempty(r, i, 7);
		t->partkey = val(r, i, 8);
		t->partbound = val(r, i, 9);
		if (parents) {
			for (char *p = strtok(parents, ","); p; p = strtok(NULL, ",")) {
				t->parents = xrealloc(t->parents, sizeof(unsigned) * (size_t)(t->nparents + 1));
				t->parents[t->nparents++] = (unsigned)strtoul(p, NULL, 10);
			}
			free(parents);
		}
		t->comment = val(r, i, 11);
		t->reltuples = strtod(PQgetvalue(r, i, 12), NULL);
		t->est_bytes = strtod(PQgetvalue(r, i, 13), NULL);
		t->reltype = oidval(r, i, 14);
		t->reltype_array = oidval(r, i, 15);
		t->rowsecurity = boolval(r, i, 16);
		t->force_rowsecurity = boolval(r, i, 17);
		pk_parse(&keys[i], PQgetisnull(r, i, 20) ? NULL : PQgetvalue(r, i, 20));
		t->access_method = val(r, i, 21);
		t->of_type = val(r, i, 22);
		t->replident = charval(r, i, 23);
		t->am_default = boolval(r, i, 24);
		split_whole(&t->split);

		o = obj_new(cat, DOBJ_TABLE, CLS_CLASS, t->oid, t->raw_schema, t->raw_name);
		cat->objs[o].qname = xstrdup(t->qname);
		cat->objs[o].keyword = xstrdup("TABLE");
		cat->objs[o].owner = val(r, i, 18);
		cat->objs[o].grants = val_nonempty(r, i, 19);
		cat->objs[o].table = t->oid;
		cat->objs[o].ref = t;
		key_add(cat, CLS_CLASS, t->oid, o);
		key_add(cat, CLS_TYPE, t->reltype, o);
		key_add(cat, CLS_TYPE, t->reltype_array, o);
	}
	PQclear(r);

	cat->tables_by_oid = xcalloc((size_t)n + 1, sizeof(table_t *));
	for (int i = 0; i < n; i++)
		cat->tables_by_oid[i] = &cat->tables[i];
	qsort(cat->tables_by_oid, (size_t)n, sizeof(table_t *), cmp_table_oid);
	return first;
}

#define COLUMNS_WHAT "reading the columns of the tables"

/* The columns query for c's server version (malloc'd). */
static char *columns_sql(const conn_t *c)
{
	int v = c->server_version_num;
	buf_t sql;

	buf_init(&sql);
	buf_puts(&sql,
	    "SELECT a.attrelid, pg_catalog.quote_ident(a.attname),"
	    " pg_catalog.format_type(a.atttypid, a.atttypmod),"
	    " CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN"
	    "   pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,"
	    /* A default cannot refer to a column: deparsed without its table,
	     * pg_get_expr does not open the table (which builds the table's
	     * relation cache entry in the server, the dearest part of the query
	     * on many tables). A generated column's expression needs it. */
	    " pg_catalog.pg_get_expr(d.adbin, CASE WHEN a.attgenerated <> '' THEN d.adrelid ELSE 0 END),");
	/* 18: a NOT VALID not-null constraint leaves attnotnull true; it is
	 * added after the data instead (load_constraints). */
	buf_puts(&sql, v >= 180000 ? " a.attnotnull AND COALESCE(nn.convalidated, true)," : " a.attnotnull,");
	buf_puts(&sql,
	    " a.attidentity, a.attgenerated,"
	    " a.attislocal, CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END,"
	    " cd.description, d.oid,"
	    /* A default that uses a sequence its own table owns (serial) is set
	     * after the table, so the sequence can follow the table it belongs to. */
	    " d.oid IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend sd JOIN pg_catalog.pg_depend od"
	    "   ON od.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.objid = sd.refobjid"
	    "  AND od.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.refobjid = a.attrelid"
	    "  AND od.deptype = 'a'"
	    "  WHERE sd.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND sd.objid = d.oid"
	    "  AND sd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass),"
	    /* 17 made attstattarget NULL for the default */
	    " COALESCE(NULLIF(a.attstattarget, -1), -1),"
	    " CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END,");
	buf_puts(&sql, v >= 140000 ? " NULLIF(a.attcompression, '')," : " NULL,");
	buf_puts(&sql, " pg_catalog.array_to_string(a.attoptions, ', '),");
	/* 18: a not-null constraint's own name, when not the one CREATE TABLE
	 * would choose, and its NO INHERIT. */
	if (v >= 180000)
		buf_puts(&sql,
		    " CASE WHEN nn.conname <> c.relname || '_' || a.attname || '_not_null'"
		    "   THEN pg_catalog.quote_ident(nn.conname) END, nn.connoinherit, NOT nn.conislocal,"
		    " pg_catalog.quote_ident(nn.conname)");
	else
		buf_puts(&sql, " NULL, false, false, NULL");
	/* What an inherited column has from its parents (tables or foreign
	 * tables): the same default, a NOT NULL. */
	buf_puts(&sql,
	    ", a.attinhcount > 0 AND d.adbin IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i"
	    "   JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname"
	    "   JOIN pg_catalog.pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum"
	    "   WHERE i.inhrelid = a.attrelid"
	    "   AND pg_catalog.pg_get_expr(pd.adbin, pd.adrelid) = pg_catalog.pg_get_expr(d.adbin, d.adrelid)),"
	    " a.attinhcount > 0 AND a.attnotnull AND EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i"
	    "   JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname"
	    "   WHERE i.inhrelid = a.attrelid AND pa.attnotnull");
	/* 18: not a parent's NOT VALID one (added after the data) nor its NO
	 * INHERIT one (which stays on the parent). */
	if (v >= 180000)
		buf_puts(&sql, " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pn WHERE pn.conrelid = pa.attrelid"
			       " AND pn.contype = 'n' AND pn.conkey[1] = pa.attnum AND (NOT pn.convalidated OR pn.connoinherit))");
	/* The column's number for pk_column, negative unless its type is one a
	 * key range can be cut on (one value rather than two: 10,000 tables
	 * have 50,000 columns, each value costs libpq about 24 bytes). */
	buf_puts(&sql, "), CASE WHEN a.atttypid IN ('pg_catalog.int2'::pg_catalog.regtype,"
		       " 'pg_catalog.int4'::pg_catalog.regtype, 'pg_catalog.int8'::pg_catalog.regtype)"
		       " THEN a.attnum ELSE -a.attnum END");
	/* An inherited column without a default of its own (DROP DEFAULT on
	 * the child) where a parent has one, which CREATE TABLE would give it. */
	buf_puts(&sql,
	    ", a.attinhcount > 0 AND d.adbin IS NULL AND EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i"
	    "   JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname"
	    "   JOIN pg_catalog.pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum"
	    "   WHERE i.inhrelid = a.attrelid AND pa.attgenerated = '')");
	buf_puts(&sql,
	    " FROM pg_catalog.pg_attribute a"
	    " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
	    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	    " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
	    " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
	    " LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation"
	    " LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
	    DESCRIPTION_JOIN("cd", "a.attrelid", "pg_catalog.pg_class", "a.attnum"));
	if (v >= 180000)
		buf_puts(&sql, " LEFT JOIN pg_catalog.pg_constraint nn ON nn.conrelid = a.attrelid"
			       " AND nn.contype = 'n' AND nn.conkey[1] = a.attnum");
	buf_puts(&sql,
	    " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')"
	    " AND " USER_NAMESPACE("n") " ORDER BY a.attrelid, a.attnum");
	return sql.data;
}

/* keys: load_tables' primary keys, resolved and freed here. */
static void load_columns(catalog_t *cat, PGresult *r, struct pk_key *keys)
{

	for (int i = 0; i < PQntuples(r); i++) {
		table_t *t = catalog_table(cat, oidval(r, i, 0));
		column_t *col;
		if (!t)
			continue;
		pk_column(t, &keys[t - cat->tables], atoi(PQgetvalue(r, i, 23)), PQgetvalue(r, i, 1));
		t->cols = xrealloc(t->cols, sizeof(column_t) * (size_t)(t->ncols + 1));
		col = &t->cols[t->ncols++];
		memset(col, 0, sizeof *col);
		col->name = val(r, i, 1);
		col->type = val(r, i, 2);
		col->collation = val(r, i, 3);
		col->notnull = boolval(r, i, 5);
		col->identity = PQgetvalue(r, i, 6)[0];
		col->generated = charval(r, i, 7);
		if (col->generated == 's' || col->generated == 'v') {
			col->generated_expr = val(r, i, 4);
		} else {
			col->generated = 0;
			col->default_expr = val(r, i, 4);
		}
		col->is_local = boolval(r, i, 8);
		col->lit = literal_kind_of(oidval(r, i, 9), &col->read_as_numeric);
		col->read_as_text = oidval(r, i, 9) == 142; /* xml */
		col->comment = val(r, i, 10);
		col->attrdef = oidval(r, i, 11);
		col->split_default = boolval(r, i, 12) && col->default_expr && !col->identity;
		col->stattarget = atoi(PQgetvalue(r, i, 13));
		col->storage = charval(r, i, 14);
		col->compression = charval(r, i, 15);
		col->options = val_nonempty(r, i, 16);
		col->notnull_name = col->notnull ? val(r, i, 17) : NULL;
		col->notnull_noinherit = col->notnull && boolval(r, i, 18);
		col->notnull_inherited = col->notnull && boolval(r, i, 19);
		col->notnull_conname = col->notnull ? val(r, i, 20) : NULL;
		col->parent_default = boolval(r, i, 21);
		col->parent_notnull = boolval(r, i, 22);
		col->no_parent_default = boolval(r, i, 24);
	}
	PQclear(r);
	for (int i = 0; i < cat->ntables; i++)
		pk_resolve(&cat->tables[i], &keys[i]);
	free(keys);
}

/* Table constraints; a partition's copies of its parent's p/u/x constraints
 * too, since the partition's own index carries a name of its own. */
#define CONSTRAINTS_WHAT "reading the constraints of the tables"
#define CONSTRAINTS_SQL \
	    "SELECT co.conrelid, pg_catalog.quote_ident(co.conname), co.contype," \
	    " pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.conislocal," \
	    " cd.description, co.confrelid, co.oid, co.conindid," \
	    " co.conparentid" \
	    " FROM pg_catalog.pg_constraint co" \
	    " JOIN pg_catalog.pg_class c ON c.oid = co.conrelid" \
	    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	    DESCRIPTION_JOIN("cd", "co.oid", "pg_catalog.pg_constraint", "0") \
	    " WHERE co.contype IN ('p', 'u', 'c', 'f', 'x', 'n') AND c.relkind IN ('r', 'p')" \
	    " AND (co.conparentid = 0 OR co.contype IN ('p', 'u', 'x')) AND " USER_NAMESPACE("n") \
	    " ORDER BY co.conrelid, co.conname"

static void load_constraints(catalog_t *cat, PGresult *r)
{
	for (int i = 0; i < PQntuples(r); i++) {
		table_t *t = catalog_table(cat, oidval(r, i, 0));
		constraint_t *k;
		if (!t)
			continue;
		t->cons = xrealloc(t->cons, sizeof(constraint_t) * (size_t)(t->ncons + 1));
		k = &t->cons[t->ncons++];
		memset(k, 0, sizeof *k);
		k->name = val(r, i, 1);
		k->type = PQgetvalue(r, i, 2)[0];
		k->def = val(r, i, 3);
		k->validated = boolval(r, i, 4);
		k->is_local = boolval(r, i, 5);
		k->comment = val(r, i, 6);
		k->ref_table = oidval(r, i, 7);
		k->oid = oidval(r, i, 8);
		k->index = oidval(r, i, 9);
		k->parent = oidval(r, i, 10);
	}
	PQclear(r);
}

/* Indexes, those behind constraints included (they are keys of the
 * constraint's object); a partition's index names its parent index. */
/* SQL to run after a constraint's index is made, for a constraint object
 * that does not exist yet while the indexes are read. */
struct con_more {
	unsigned conoid;
	char *sql;
};

/* pg_get_indexdef's text of a plain index (table columns only, each with
 * its type's own default operator class, the column's collation and the
 * default order; no options, predicate, INCLUDE, NULLS NOT DISTINCT nor
 * partitioned index), written here as the function writes it: the index
 * name alone, the table always qualified. The function looks up each
 * column's default operator class by scanning all of the access method's
 * (0.4 s of 0.9 s for the query on 10,000 indexes); here it is a join.
 * Any other index gets the function's own text. NND: the NULLS NOT
 * DISTINCT test (15+). */
#define PLAIN_INDEXDEF_SQL(nnd) \
	"CASE WHEN ic.relkind = 'i' AND i.indexprs IS NULL AND i.indpred IS NULL AND ic.reloptions IS NULL" \
	" AND i.indnkeyatts = i.indnatts" nnd " THEN" \
	" (SELECT CASE WHEN pg_catalog.bool_and(k.opt = 0 AND (k.coll = 0 OR k.coll = a.attcollation)" \
	"   AND opc.opcdefault AND opc.opcintype = a.atttypid AND ia.attoptions IS NULL) THEN" \
	"   'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '" \
	"   || pg_catalog.quote_ident(ic.relname) || ' ON ' || pg_catalog.quote_ident(tn.nspname) || '.'" \
	"   || pg_catalog.quote_ident(c.relname) || ' USING ' || pg_catalog.quote_ident(iam.amname) || ' ('" \
	"   || pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.n) || ')' END" \
	"  FROM ROWS FROM (pg_catalog.unnest(i.indkey::pg_catalog.int2[])," \
	"   pg_catalog.unnest(i.indclass::pg_catalog.oid[]), pg_catalog.unnest(i.indcollation::pg_catalog.oid[])," \
	"   pg_catalog.unnest(i.indoption::pg_catalog.int2[])) WITH ORDINALITY AS k(attnum, opc, coll, opt, n)" \
	"  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum" \
	"  JOIN pg_catalog.pg_opclass opc ON opc.oid = k.opc" \
	"  LEFT JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.n) END"

#define INDEXES_WHAT "reading the indexes of the tables"

/* The indexes query for c's server version (malloc'd). */
static char *indexes_sql(const conn_t *c)
{
	buf_t sql;

	buf_init(&sql);
	buf_puts(&sql,
	    "SELECT i.indexrelid, i.indrelid, n.nspname, ic.relname,"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(ic.relname),"
	    /* An index behind a constraint is written as the constraint
	     * (pg_get_constraintdef): its own definition would go unused. */
	    " CASE WHEN ico.oid IS NULL THEN COALESCE(");
	buf_puts(&sql, c->server_version_num >= 150000 ? PLAIN_INDEXDEF_SQL(" AND NOT i.indnullsnotdistinct")
						       : PLAIN_INDEXDEF_SQL(""));
	buf_puts(&sql,
	    ", pg_catalog.pg_get_indexdef(i.indexrelid)) END,"
	    " id.description,"
	    " ico.oid,"
	    " CASE WHEN c.relkind = 'p' OR c.relispartition THEN"
	    "  (SELECT h.inhparent FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid) END,"
	    " CASE WHEN c.relkind = 'p' OR c.relispartition THEN"
	    "  (SELECT pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pc.relname)"
	    "    FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class pc ON pc.oid = h.inhparent"
	    "    JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE h.inhrelid = i.indexrelid) END,"
	    " i.indisclustered,"
	    " pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(c.relname),"
	    /* What ALTER sets on the index once it exists: statistics targets of
	     * its expression columns, the table's replica identity, CLUSTER ON. */
	    " NULLIF(COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format('ALTER INDEX %s ALTER COLUMN %s SET STATISTICS %s;',"
	    "     pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(ic.relname), ia.attnum, ia.attstattarget),"
	    "     E'\\n' ORDER BY ia.attnum) || E'\\n'"
	    "   FROM pg_catalog.pg_attribute ia WHERE ia.attrelid = i.indexrelid AND COALESCE(ia.attstattarget, -1) >= 0), '')"
	    " || CASE WHEN i.indisreplident THEN pg_catalog.format('ALTER TABLE ONLY %s REPLICA IDENTITY USING INDEX %I;',"
	    "     pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(c.relname), ic.relname) || E'\\n'"
	    "   ELSE '' END"
	    " || CASE WHEN i.indisclustered AND ico.oid IS NOT NULL"
	    "   THEN pg_catalog.format('ALTER TABLE %s CLUSTER ON %I;',"
	    "     pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(c.relname), ic.relname) || E'\\n'"
	    "   ELSE '' END, '')"
	    " FROM pg_catalog.pg_index i"
	    " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
	    " JOIN pg_catalog.pg_namespace tn ON tn.oid = c.relnamespace"
	    " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
	    " JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace"
	    " JOIN pg_catalog.pg_am iam ON iam.oid = ic.relam"
	    DESCRIPTION_JOIN("id", "i.indexrelid", "pg_catalog.pg_class", "0")
	    /* The constraint an index is made for: at most one of these. */
	    " LEFT JOIN pg_catalog.pg_constraint ico ON ico.conindid = i.indexrelid AND ico.conrelid = i.indrelid"
	    "  AND ico.contype IN ('p', 'u', 'x')"
	    " WHERE c.relkind IN ('r', 'p', 'm') AND " USER_NAMESPACE("n")
	    " AND " NOT_EXTENSION_MEMBER("c.oid", "pg_catalog.pg_class")
	    " ORDER BY n.nspname, ic.relname");
	return sql.data;
}

static void load_indexes(catalog_t *cat, PGresult *r, int **con_index_keys, int *ncon, struct con_more **more,
			 int *nmore)
{
	for (int i = 0; i < PQntuples(r); i++) {
		unsigned conoid = oidval(r, i, 7), parent = oidval(r, i, 8);
		int o = -1;
		if (!conoid) {
			o = obj_new(cat, DOBJ_INDEX, CLS_CLASS, oidval(r, i, 0), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
			cat->objs[o].qname = val(r, i, 4);
			cat->objs[o].keyword = xstrdup("INDEX");
			cat->objs[o].def = val(r, i, 5);
			cat->objs[o].comment = val(r, i, 6);
			cat->objs[o].table = oidval(r, i, 1);
			cat->objs[o].state = boolval(r, i, 10) ? 'c' : 0;
			cat->objs[o].extra = val(r, i, 11);
			cat->objs[o].extra2 = val(r, i, 9);
			cat->objs[o].more_sql = val_nonempty(r, i, 12);
			key_add(cat, CLS_CLASS, cat->objs[o].oid, o);
		} else {
			if (!PQgetisnull(r, i, 12)) {
				*more = xrealloc(*more, sizeof(struct con_more) * (size_t)(*nmore + 1));
				(*more)[*nmore].conoid = conoid;
				(*more)[*nmore].sql = val(r, i, 12);
				(*nmore)++;
			}
			/* Resolved to the constraint's object once that exists. */
			*con_index_keys = xrealloc(*con_index_keys, sizeof(int) * 2 * (size_t)(*ncon + 1));
			(*con_index_keys)[2 * *ncon] = (int)oidval(r, i, 0);
			(*con_index_keys)[2 * *ncon + 1] = (int)conoid;
			(*ncon)++;
		}
		if (parent) {
			/* ALTER INDEX parent ATTACH PARTITION child: the catalog state
			 * a partition's own index has after a restore. */
			int a = obj_new(cat, DOBJ_INDEX_ATTACH, 0, oidval(r, i, 0), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
			cat->objs[a].qname = val(r, i, 4);
			cat->objs[a].def = val(r, i, 9);
			cat->objs[a].table = oidval(r, i, 1);
			/* deps on both indexes are added when the keys are known */
			cat->objs[a].state = 'a';
			cat->objs[a].extra = xasprintf("%u", parent);
		}
		(void)o;
	}
	PQclear(r);
}

static void load_sequences(conn_t *c, catalog_t *cat)
{
	PGresult *r = conn_query(c, "reading the sequences",
	    "SELECT c.oid, n.nspname, c.relname,"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),"
	    " pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,"
	    " s.seqmax, s.seqcache, s.seqcycle, NULL,"
	    " d.refobjid, pg_catalog.quote_ident(a.attname), d.deptype = 'i',"
	    " sd.description, " ROLE_NAME("c.relowner") ","
	    " " GRANTS_SQL("SEQUENCE", "pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)",
			   "c.relacl", "c.relowner") ","
	    " c.relpersistence = 'u'"
	    " FROM pg_catalog.pg_sequence s"
	    " JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid"
	    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	    " LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"
	    "   AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
	    "   AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')"
	    " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
	    DESCRIPTION_JOIN("sd", "c.oid", "pg_catalog.pg_class", "0")
	    " WHERE " USER_NAMESPACE("n") " AND " NOT_EXTENSION_MEMBER("c.oid", "pg_catalog.pg_class")
	    " ORDER BY n.nspname, c.relname",
	    0, NULL);

	cat->nseqs = PQntuples(r);
	cat->seqs = xcalloc((size_t)cat->nseqs + 1, sizeof(sequence_t));
	for (int i = 0; i < cat->nseqs; i++) {
		sequence_t *s = &cat->seqs[i];
		s->oid = oidval(r, i, 0);
		s->raw_schema = val(r, i, 1);
		s->raw_name = val(r, i, 2);
		s->qname = val(r, i, 3);
		s->type = val(r, i, 4);
		s->start = val(r, i, 5);
		s->increment = val(r, i, 6);
		s->min = val(r, i, 7);
		s->max = val(r, i, 8);
		s->cache = val(r, i, 9);
		s->cycle = boolval(r, i, 10);
		s->owner_table = oidval(r, i, 12);
		s->owner_column = val(r, i, 13);
		s->identity = boolval(r, i, 14);
		s->comment = val(r, i, 15);
		s->unlogged = boolval(r, i, 18);
		if (!s->identity) {
			/* An identity sequence is part of its table's definition. */
			int o = obj_new(cat, DOBJ_SEQUENCE, CLS_CLASS, s->oid, s->raw_schema, s->raw_name);
			cat->objs[o].qname = xstrdup(s->qname);
			cat->objs[o].keyword = xstrdup("SEQUENCE");
			cat->objs[o].owner = val(r, i, 16);
			cat->objs[o].grants = val_nonempty(r, i, 17);
			cat->objs[o].ref = s;
			cat->objs[o].table = s->owner_table;
			key_add(cat, CLS_CLASS, s->oid, o);
		}
	}
	PQclear(r);
}

/* The sequences read in one query by read_uncalled_values: the planner's
 * time for a UNION ALL grows with the square of its arms (5,000 in one
 * query took 40 s to plan; 64 a query, 5,000 take about a second). */
#define UNCALLED_PER_QUERY 64

/* pg_sequence_last_value says NULL for a sequence whose is_called is false,
 * but its last_value is then what nextval hands out next: ALTER SEQUENCE
 * RESTART WITH 1000 or setval(s, 1000, false) leave 1000 there, not the
 * start value. Those sequences (usually few: the never used ones) are read
 * themselves, UNCALLED_PER_QUERY a query. */
static void read_uncalled_values(conn_t *c, catalog_t *cat)
{
	buf_t sql;
	int n = 0;

	buf_init(&sql);
	for (int i = 0; i <= cat->nseqs; i++) {
		if (i < cat->nseqs && cat->seqs[i].selected && !cat->seqs[i].last_value)
			buf_printf(&sql, "%sSELECT %d, last_value FROM %s", n++ ? " UNION ALL " : "", i,
			           cat->seqs[i].qname);
		if (n > 0 && (n == UNCALLED_PER_QUERY || i == cat->nseqs)) {
			PGresult *r = conn_query(c, "reading the values of the sequences not yet called", sql.data,
			                         0, NULL);
			for (int k = 0; k < PQntuples(r); k++) {
				sequence_t *s = &cat->seqs[atoi(PQgetvalue(r, k, 0))];
				free(s->uncalled_value);
				s->uncalled_value = val(r, k, 1);
			}
			PQclear(r);
			buf_reset(&sql);
			n = 0;
		}
	}
	buf_free(&sql);
}

/* The values of the selected sequences, read only when the dump writes
 * them: pg_sequence_last_value opens each sequence, which cost a schema-only
 * dump of 2,000 identity tables a tenth of its server time. */
void catalog_read_sequence_values(conn_t *c, catalog_t *cat)
{
	buf_t oids;
	PGresult *r;
	const char *params[1];
	int n = 0;

	buf_init(&oids);
	buf_putc(&oids, '{');
	for (int i = 0; i < cat->nseqs; i++)
		if (cat->seqs[i].selected)
			buf_printf(&oids, "%s%u", n++ ? "," : "", cat->seqs[i].oid);
	buf_putc(&oids, '}');
	if (n == 0) {
		buf_free(&oids);
		return;
	}
	params[0] = oids.data;
	r = conn_query(c, "reading the values of the sequences",
	    "SELECT s.oid, pg_catalog.pg_sequence_last_value(s.oid)"
	    " FROM pg_catalog.unnest($1::pg_catalog.oid[]) WITH ORDINALITY AS s(oid, n) ORDER BY s.n",
	    1, params);
	buf_free(&oids);
	/* One row per selected sequence, in their order. */
	for (int i = 0, k = 0; i < PQntuples(r); i++, k++) {
		while (!cat->seqs[k].selected)
			k++;
		free(cat->seqs[k].last_value);
		cat->seqs[k].last_value = val(r, i, 1);
	}
	PQclear(r);
	read_uncalled_values(c, cat);
}

/* The rows the views query reads, shared with the presence query. */
#define VIEWS_FROM \
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE c.relkind IN ('v', 'm') AND " USER_NAMESPACE("n") \
	" AND " NOT_EXTENSION_MEMBER("c.oid", "pg_catalog.pg_class")

static void load_views(conn_t *c, catalog_t *cat, bool present)
{
	PGresult *r;

	if (!present) {
		cat->views = xcalloc(1, sizeof(view_t));
		return;
	}
	r = conn_query(c, "reading the views",
	    "SELECT c.oid, n.nspname, c.relname,"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),"
	    " pg_catalog.pg_get_viewdef(c.oid), c.relkind,"
	    " pg_catalog.obj_description(c.oid, 'pg_class'),"
	    " NULLIF(pg_catalog.concat_ws(', ', (SELECT pg_catalog.string_agg(o, ', ')"
	    "   FROM pg_catalog.unnest(c.reloptions) o WHERE o !~ '^check_option='),"
	    "   (SELECT pg_catalog.string_agg('toast.' || o, ', ') FROM pg_catalog.pg_class tc,"
	    "   pg_catalog.unnest(tc.reloptions) o WHERE tc.oid = c.reltoastrelid)), ''),"
	    " (SELECT pg_catalog.upper(pg_catalog.substr(o, 14)) FROM pg_catalog.unnest(c.reloptions) o"
	    "   WHERE o ~ '^check_option='),"
	    " (SELECT pg_catalog.string_agg('NULL::' || pg_catalog.format_type(a.atttypid, a.atttypmod)"
	    "     || CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN ' COLLATE '"
	    "       || pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) ELSE '' END"
	    "     || ' AS ' || pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)"
	    "   FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
	    "   LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation"
	    "   LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
	    "   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),"
	    " c.reltype, (SELECT rt.typarray FROM pg_catalog.pg_type rt WHERE rt.oid = c.reltype),"
	    " (SELECT rw.oid FROM pg_catalog.pg_rewrite rw WHERE rw.ev_class = c.oid AND rw.rulename = '_RETURN'),"
	    /* A view's column defaults (ALTER VIEW ... SET DEFAULT), then its
	     * column comments. */
	    " pg_catalog.concat((SELECT pg_catalog.string_agg(pg_catalog.format("
	    "     'ALTER VIEW %s.%s ALTER COLUMN %I SET DEFAULT %s;', pg_catalog.quote_ident(n.nspname),"
	    "     pg_catalog.quote_ident(c.relname), a.attname, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)),"
	    "     E'\\n' ORDER BY a.attnum) || E'\\n'"
	    "   FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid"
	    "    AND ad.adnum = a.attnum WHERE a.attrelid = c.oid AND a.attnum > 0),"
	    " (SELECT pg_catalog.string_agg(pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L;',"
	    "     pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname), a.attname, ds.description),"
	    "     E'\\n' ORDER BY a.attnum) || E'\\n'"
	    "   FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid"
	    "    AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = a.attnum"
	    "   WHERE a.attrelid = c.oid AND a.attnum > 0)),"
	    " " ROLE_NAME("c.relowner") ","
	    " COALESCE(" GRANTS_SQL("TABLE", "pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)",
			   "c.relacl", "c.relowner") ", '')"
	    " || COALESCE(" COLUMN_GRANTS_SQL("pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)") ", ''),"
	    " c.relispopulated,"
	    /* The defaults' own oids: what they use (a function) comes first. */
	    " (SELECT pg_catalog.string_agg(ad.oid::text, ',') FROM pg_catalog.pg_attrdef ad"
	    "   WHERE ad.adrelid = c.oid)"
	    VIEWS_FROM
	    " ORDER BY n.nspname, c.relname",
	    0, NULL);

	cat->nviews = PQntuples(r);
	cat->views = xcalloc((size_t)cat->nviews + 1, sizeof(view_t));
	for (int i = 0; i < cat->nviews; i++) {
		view_t *v = &cat->views[i];
		int o;
		v->oid = oidval(r, i, 0);
		v->raw_schema = val(r, i, 1);
		v->raw_name = val(r, i, 2);
		v->qname = val(r, i, 3);
		v->def = val(r, i, 4);
		v->relkind = PQgetvalue(r, i, 5)[0];
		v->comment = val(r, i, 6);
		v->populated = boolval(r, i, 16);
		v->reloptions = val_nonempty(r, i, 7);
		v->check_option = val(r, i, 8);
		v->stub_columns = val(r, i, 9);
		o = obj_new(cat, DOBJ_VIEW, CLS_CLASS, v->oid, v->raw_schema, v->raw_name);
		cat->objs[o].qname = xstrdup(v->qname);
		cat->objs[o].keyword = xstrdup(v->relkind == 'm' ? "MATERIALIZED VIEW" : "VIEW");
		cat->objs[o].state = v->relkind;
		cat->objs[o].comment = val(r, i, 6);
		cat->objs[o].more_sql = val_nonempty(r, i, 13);
		cat->objs[o].owner = val(r, i, 14);
		cat->objs[o].grants = val_nonempty(r, i, 15);
		cat->objs[o].ref = v;
		cat->objs[o].table = v->oid;
		key_add(cat, CLS_CLASS, v->oid, o);
		key_add(cat, CLS_TYPE, oidval(r, i, 10), o);
		key_add(cat, CLS_TYPE, oidval(r, i, 11), o);
		key_add(cat, CLS_REWRITE, oidval(r, i, 12), o);
		if (!PQgetisnull(r, i, 17)) {
			char *defaults = val(r, i, 17);
			for (char *p = strtok(defaults, ","); p; p = strtok(NULL, ","))
				key_add(cat, CLS_ATTRDEF, (unsigned)strtoul(p, NULL, 10), o);
			free(defaults);
		}
	}
	PQclear(r);
}

/* Triggers and rules come back in the same columns: oid, table, schema, name,
 * quoted name, definition, enabled state, comment, quoted table name. */
static void add_table_parts(catalog_t *cat, const PGresult *r, enum dobj_kind kind, unsigned cls, const char *keyword)
{
	for (int i = 0; i < PQntuples(r); i++) {
		int o = obj_new(cat, kind, cls, oidval(r, i, 0), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
		dobj_t *d = &cat->objs[o];
		d->table = oidval(r, i, 1);
		d->qname = val(r, i, 4);
		d->keyword = xstrdup(keyword);
		d->def = val(r, i, 5);
		d->state = charval(r, i, 6);
		d->comment = val(r, i, 7);
		d->extra = val(r, i, 8);
		key_add(cat, cls, d->oid, o);
	}
}

/* The rows the triggers, rules and policies queries read (their FROM and
 * WHERE), shared with the presence query. A trigger cloned onto a partition
 * (tgparentid, 13 and newer) comes with its parent's, enabled; it is read
 * only when it is not (ALTER TABLE partition DISABLE TRIGGER), for that
 * state alone. 13 and 14 mark such a clone internal too (15 no longer
 * does); it is told from a foreign key's internal triggers by having no
 * constraint. ROWS: which triggers, ending in AND. */
#define TRIGGERS_V12 "NOT tg.tgisinternal AND "
#define TRIGGERS_V13                                                                                        \
	"(NOT tg.tgisinternal OR (tg.tgparentid <> 0 AND tg.tgconstraint = 0))"                              \
	" AND (tg.tgparentid = 0 OR tg.tgenabled <> 'O') AND "
#define TRIGGERS_FROM(rows)                                                                                 \
	" FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid"                     \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"                                          \
	" WHERE " rows USER_NAMESPACE("n")
#define RULES_FROM                                                                                          \
	" FROM pg_catalog.pg_rewrite rw JOIN pg_catalog.pg_class c ON c.oid = rw.ev_class"                    \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"                                          \
	" WHERE rw.rulename <> '_RETURN' AND " USER_NAMESPACE("n") " AND "                                   \
	NOT_EXTENSION_MEMBER("c.oid", "pg_catalog.pg_class")
#define POLICIES_FROM                                                                                       \
	" FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid"                       \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"                                          \
	" WHERE " USER_NAMESPACE("n")

/* def: the CREATE TRIGGER, NULL for a clone (its parent's creates it). */
#define TRIGGERS_SELECT(def)                                                                                \
	"SELECT tg.oid, tg.tgrelid, n.nspname, tg.tgname, pg_catalog.quote_ident(tg.tgname),"                 \
	def ", tg.tgenabled,"                                                                                 \
	" pg_catalog.obj_description(tg.oid, 'pg_trigger'),"                                                 \
	" pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)"

static void load_triggers(conn_t *c, catalog_t *cat, bool present)
{
	PGresult *r;

	if (!present)
		return;
	r = conn_query(c, "reading the triggers",
	    c->server_version_num >= 130000
	    ? TRIGGERS_SELECT(" CASE WHEN tg.tgparentid = 0 THEN pg_catalog.pg_get_triggerdef(tg.oid) END")
	          TRIGGERS_FROM(TRIGGERS_V13) " ORDER BY n.nspname, c.relname, tg.tgname"
	    : TRIGGERS_SELECT(" pg_catalog.pg_get_triggerdef(tg.oid)") TRIGGERS_FROM(TRIGGERS_V12)
	          " ORDER BY n.nspname, c.relname, tg.tgname",
	    0, NULL);

	add_table_parts(cat, r, DOBJ_TRIGGER, CLS_TRIGGER, "TRIGGER");
	PQclear(r);
}

static void load_rules(conn_t *c, catalog_t *cat, bool present)
{
	PGresult *r;

	if (!present)
		return;
	r = conn_query(c, "reading the rules",
	    "SELECT rw.oid, rw.ev_class, n.nspname, rw.rulename, pg_catalog.quote_ident(rw.rulename),"
	    " pg_catalog.pg_get_ruledef(rw.oid), rw.ev_enabled,"
	    " pg_catalog.obj_description(rw.oid, 'pg_rewrite'),"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)"
	    RULES_FROM
	    " ORDER BY n.nspname, c.relname, rw.rulename",
	    0, NULL);

	add_table_parts(cat, r, DOBJ_RULE, CLS_REWRITE, "RULE");
	PQclear(r);
}

static void load_policies(conn_t *c, catalog_t *cat, bool present)
{
	PGresult *r;

	if (!present)
		return;
	r = conn_query(c, "reading the row-level security policies",
	    "SELECT p.oid, p.polrelid, n.nspname, p.polname, pg_catalog.quote_ident(p.polname),"
	    " 'CREATE POLICY ' || pg_catalog.quote_ident(p.polname) || ' ON '"
	    "   || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)"
	    "   || CASE WHEN NOT p.polpermissive THEN ' AS RESTRICTIVE' ELSE '' END"
	    "   || ' FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'"
	    "      WHEN 'd' THEN 'DELETE' ELSE 'ALL' END"
	    "   || ' TO ' || (SELECT pg_catalog.string_agg(CASE WHEN ro = 0 THEN 'PUBLIC' ELSE " ROLE_NAME("ro") " END,"
	    "      ', ' ORDER BY ro) FROM pg_catalog.unnest(p.polroles) ro)"
	    "   || COALESCE(E'\\n  USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')', '')"
	    "   || COALESCE(E'\\n  WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''),"
	    " pg_catalog.obj_description(p.oid, 'pg_policy'),"
	    " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)"
	    POLICIES_FROM
	    " ORDER BY n.nspname, c.relname, p.polname",
	    0, NULL);

	for (int i = 0; i < PQntuples(r); i++) {
		int o = obj_new(cat, DOBJ_POLICY, CLS_POLICY, oidval(r, i, 0), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
		dobj_t *d = &cat->objs[o];
		d->table = oidval(r, i, 1);
		d->qname = val(r, i, 4);
		d->keyword = xstrdup("POLICY");
		d->def = val(r, i, 5);
		d->comment = val(r, i, 6);
		d->extra = val(r, i, 7);
		key_add(cat, CLS_POLICY, d->oid, o);
	}
	PQclear(r);
}

/* The kinds registered in kinds.h: their queries share their columns, so
 * they travel as one statement, after one small query that tells which
 * kinds the database holds at all: two round trips for every kind. */
static void load_kinds(conn_t *c, catalog_t *cat)
{
	buf_t sql;
	PGresult *r;
	bool wanted[64]; /* more than the kinds there are: send this kind's query */
	int nr = 0;

	/* One query for all kinds: whether the catalog holds anything of the
	 * kind at all, and whether this user may read each kind that needs more
	 * than the catalogs everyone reads. */
	buf_init(&sql);
	for (int k = 0; kinds_all[k]; k++) {
		const struct kind_def *kd = kinds_all[k];
		if (kd->present)
			buf_printf(&sql, "%sEXISTS (SELECT 1 FROM %s)", nr++ ? ", " : "SELECT ", kd->present);
		if (kd->readable)
			buf_printf(&sql, "%s%s, (%s)", nr++ ? ", " : "SELECT ", kd->readable, kd->names);
	}
	r = conn_query(c, "checking which kinds the database holds and this user may read", sql.data, 0, NULL);
	nr = 0;
	for (int k = 0; kinds_all[k]; k++) {
		const struct kind_def *kd = kinds_all[k];
		wanted[k] = true;
		if (kd->present)
			wanted[k] = PQgetvalue(r, 0, nr++)[0] == 't';
		if (kd->readable) {
			bool may = PQgetvalue(r, 0, nr)[0] == 't';
			/* pg_read_all_data came in 14: do not name a role 12 and 13 lack. */
			if (!may && !PQgetisnull(r, 0, nr + 1))
				log_fatal("cannot read the %s %s: permission denied (only a superuser%s may read its "
					  "definition)",
					  kd->name, PQgetvalue(r, 0, nr + 1),
					  c->server_version_num >= 140000 ? " or a member of pg_read_all_data" : "");
			wanted[k] = wanted[k] && may;
			nr += 2;
		}
	}
	PQclear(r);
	buf_reset(&sql);
	for (int k = 0; kinds_all[k]; k++) {
		char *q;
		if (!wanted[k])
			continue;
		q = kinds_all[k]->query(c->server_version_num);
		buf_printf(&sql,
			   "%sSELECT %d, q.c0::pg_catalog.oid, q.c1::pg_catalog.text, q.c2::pg_catalog.text,"
			   " q.c3::pg_catalog.text, q.c4::pg_catalog.text, q.c5::pg_catalog.text, q.c6::pg_catalog.text,"
			   " q.c7::pg_catalog.text, q.c8::pg_catalog.oid FROM (%s) AS q(c0, c1, c2, c3, c4, c5, c6, c7, c8)",
			   sql.len ? " UNION ALL " : "", k, q);
		free(q);
	}
	if (sql.len == 0) { /* none of them here */
		buf_free(&sql);
		return;
	}
	r = conn_query(c, "reading the collations, operators, casts and the other kinds", sql.data, 0, NULL);
	buf_free(&sql);
	for (int i = 0; i < PQntuples(r); i++) {
		const struct kind_def *kd = kinds_all[atoi(PQgetvalue(r, i, 0))];
		int o = obj_new(cat, kd->kind, kd->classid, oidval(r, i, 1),
				PQgetisnull(r, i, 2) ? NULL : PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
		dobj_t *d = &cat->objs[o];
		d->qname = val(r, i, 4);
		d->keyword = xstrdup(kd->keyword);
		d->def = val(r, i, 5);
		d->comment = val(r, i, 6);
		d->owner = val(r, i, 7);
		d->grants = val_nonempty(r, i, 8);
		d->table = oidval(r, i, 9);
		key_add(cat, kd->classid, d->oid, o);
	}
	PQclear(r);
}

/* The objects that belong to each table: split defaults, constraints that
 * are not written inside CREATE TABLE, the row security switch. */
static void table_objects(catalog_t *cat, int first_table_obj)
{
	for (int i = 0; i < cat->ntables; i++) {
		table_t *t = &cat->tables[i];
		int tobj = first_table_obj + i;
		for (int j = 0; j < t->ncols; j++) {
			column_t *col = &t->cols[j];
			if (col->split_default) {
				int o = obj_new(cat, DOBJ_DEFAULT, CLS_ATTRDEF, col->attrdef, t->raw_schema, t->raw_name);
				cat->objs[o].qname = xstrdup(col->name);
				cat->objs[o].def = xstrdup(col->default_expr);
				cat->objs[o].table = t->oid;
				cat->objs[o].ref = t;
				key_add(cat, CLS_ATTRDEF, col->attrdef, o);
			} else {
				key_add(cat, CLS_ATTRDEF, col->attrdef, tobj);
			}
		}
		for (int j = 0; j < t->ncons; j++) {
			constraint_t *k = &t->cons[j];
			int o;
			/* Inline CHECKs and constraints a parent gave the table are made
			 * with the table. */
			if ((k->type == 'c' && k->validated && k->is_local) || (!k->is_local && !k->parent) ||
			    (k->type == 'n' && k->validated)) {
				key_add(cat, CLS_CONSTRAINT, k->oid, tobj);
				continue;
			}
			o = obj_new(cat, k->type == 'f' ? DOBJ_FKEY : DOBJ_CONSTRAINT, CLS_CONSTRAINT, k->oid, t->raw_schema,
				    k->name);
			cat->objs[o].qname = xstrdup(k->name);
			cat->objs[o].keyword = xstrdup("CONSTRAINT");
			cat->objs[o].table = t->oid;
			cat->objs[o].ref = k;
			cat->objs[o].comment = k->comment ? xstrdup(k->comment) : NULL;
			key_add(cat, CLS_CONSTRAINT, k->oid, o);
		}
		if (t->rowsecurity || t->force_rowsecurity) {
			int o = obj_new(cat, DOBJ_ROW_SECURITY, 0, t->oid, t->raw_schema, t->raw_name);
			cat->objs[o].table = t->oid;
			cat->objs[o].ref = t;
		}
	}
}

static void sort_keys(catalog_t *cat)
{
	/* No keys means no array: qsort must not be handed NULL, even for 0. */
	if (cat->nkeys > 1)
		qsort(cat->keys, (size_t)cat->nkeys, sizeof(dobj_key_t), cmp_key);
}

/* Adds add's keys (sorted) to cat's (sorted), which stay sorted, and frees
 * add's: one merge rather than sorting all the keys again after each pass
 * over the dependencies (a tenth of the client's instructions on 10,000
 * tables, doc/PERFORMANCE.md, run 18). cmp_key orders the keys fully, so
 * the array is the one qsort would make. */
static void merge_keys(catalog_t *cat, catalog_t *add)
{
	dobj_key_t *out;
	int i = 0, j = 0, n = 0, cap = 8;

	if (add->nkeys == 0) {
		free(add->keys);
		return;
	}
	/* As much room as grow would have made for that many keys, so that
	 * key_add can go on after a merge. */
	while (cap < cat->nkeys + add->nkeys)
		cap *= 2;
	out = xcalloc((size_t)cap, sizeof(dobj_key_t));
	while (i < cat->nkeys || j < add->nkeys) {
		if (j == add->nkeys || (i < cat->nkeys && cmp_key(&cat->keys[i], &add->keys[j]) <= 0))
			out[n++] = cat->keys[i++];
		else
			out[n++] = add->keys[j++];
	}
	free(cat->keys);
	free(add->keys);
	cat->keys = out;
	cat->nkeys = n;
	add->keys = NULL;
	add->nkeys = 0;
}

static void dep_add(dobj_t *d, int obj)
{
	d->deps = xrealloc(d->deps, sizeof(int) * (size_t)(d->ndeps + 1));
	d->deps[d->ndeps++] = obj;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* Reads pg_depend once and turns its rows into dependencies between the
 * dump's objects. Catalog rows that are not objects of the dump stand for the
 * object they are internal or automatic parts of (an array type for its
 * element type, an identity sequence for its table, a member for its
 * extension), found by following those rows until nothing changes. */
/* In no order: what is made of the rows does not depend on it (keys found
 * in a pass are sorted before use, dependencies sorted and made unique), and
 * sorting them cost the server a tenth of a second on 10,000 tables. */
#define DEPENDENCIES_WHAT "reading the dependencies"
#define DEPENDENCIES_SQL \
	"SELECT d.classid, d.objid, d.refclassid, d.refobjid, d.deptype FROM pg_catalog.pg_depend d" \
	" WHERE d.objid >= 16384 AND d.deptype IN ('n', 'a', 'i', 'e', 'P', 'S')"

static void load_dependencies(catalog_t *cat, PGresult *r, const int *con_index, int ncon_index)
{
	int n = PQntuples(r);
	unsigned *row = xcalloc(4 * (size_t)n + 1, sizeof(unsigned));
	char *type = xcalloc((size_t)n + 1, 1);
	bool *known = xcalloc((size_t)n + 1, sizeof(bool)); /* the row's object has a key */
	bool changed = true;
	catalog_t found = {0};

	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 4; k++)
			row[4 * i + k] = oidval(r, i, k);
		type[i] = charval(r, i, 4);
	}
	PQclear(r);

	sort_keys(cat);
	/* An index behind a constraint is the constraint. */
	for (int i = 0; i < ncon_index; i++) {
		int con = catalog_object(cat, CLS_CONSTRAINT, (unsigned)con_index[2 * i + 1]);
		if (con >= 0)
			key_add(&found, CLS_CLASS, (unsigned)con_index[2 * i], con);
	}
	sort_keys(&found);
	merge_keys(cat, &found);
	for (int pass = 0; changed && pass < 8; pass++) {
		catalog_t add = {0};
		/* New keys wait in their own list: the search needs a sorted array. */
		memset(&found, 0, sizeof found);
		for (int i = 0; i < n; i++) {
			int ref;
			if (known[i] || (type[i] != 'e' && type[i] != 'i' && type[i] != 'a'))
				continue;
			/* Keys are only ever added: once found, found in every pass. */
			if (catalog_object(cat, row[4 * i], row[4 * i + 1]) >= 0) {
				known[i] = true;
				continue;
			}
			ref = catalog_object(cat, row[4 * i + 2], row[4 * i + 3]);
			if (ref >= 0)
				key_add(&found, row[4 * i], row[4 * i + 1], ref);
		}
		/* An object with several such rows: the first one found wins. */
		sort_keys(&found);
		for (int k = 0; k < found.nkeys; k++)
			if (k == 0 || found.keys[k].classid != found.keys[k - 1].classid ||
			    found.keys[k].oid != found.keys[k - 1].oid) {
				key_add(&add, found.keys[k].classid, found.keys[k].oid, found.keys[k].obj);
				add.keys[add.nkeys - 1].derived = true;
			}
		changed = found.nkeys > 0;
		free(found.keys);
		merge_keys(cat, &add);
	}
	free(known);

	for (int i = 0; i < n; i++) {
		int obj, ref;
		if (type[i] == 'e')
			continue;
		obj = catalog_object(cat, row[4 * i], row[4 * i + 1]);
		ref = catalog_object(cat, row[4 * i + 2], row[4 * i + 3]);
		/* A foreign table's serial: its default is in the CREATE, so the
		 * sequence comes first, and the table's text says OWNED BY. */
		if (obj >= 0 && ref >= 0 && type[i] == 'a' && cat->objs[obj].kind == DOBJ_SEQUENCE &&
		    cat->objs[ref].kind == DOBJ_FOREIGN_TABLE)
			continue;
		if (obj >= 0 && ref >= 0 && obj != ref)
			dep_add(&cat->objs[obj], ref);
	}
	cat->dep_rows = row;
	cat->dep_types = type;
	cat->ndep_rows = n;

	for (int i = 0; i < cat->nobjs; i++) {
		dobj_t *d = &cat->objs[i];
		int t = d->table ? catalog_object(cat, CLS_CLASS, d->table) : -1;
		if (t >= 0 && t != i && d->kind != DOBJ_SEQUENCE)
			dep_add(d, t);
		if (d->kind == DOBJ_INDEX_ATTACH) {
			int child = catalog_object(cat, CLS_CLASS, d->oid);
			int parent = catalog_object(cat, CLS_CLASS, (unsigned)strtoul(d->extra, NULL, 10));
			if (child >= 0)
				dep_add(d, child);
			if (parent >= 0)
				dep_add(d, parent);
		}
		if (d->ndeps > 1) {
			int m = 0;
			qsort(d->deps, (size_t)d->ndeps, sizeof(int), cmp_int);
			for (int k = 0; k < d->ndeps; k++)
				if (m == 0 || d->deps[m - 1] != d->deps[k])
					d->deps[m++] = d->deps[k];
			d->ndeps = m;
		}
	}
}

/* Points each identity column at its sequence: once here, by lookups,
 * rather than a search of every sequence for each identity column when its
 * table is written (with 10,000 identity tables, 10^8 comparisons: a third
 * of the client's instructions for -s, doc/PERFORMANCE.md). */
static void link_identity_sequences(catalog_t *cat)
{
	for (int i = 0; i < cat->nseqs; i++) {
		sequence_t *s = &cat->seqs[i];
		table_t *t = s->identity && s->owner_column ? catalog_table(cat, s->owner_table) : NULL;
		for (int k = 0; t && k < t->ncols; k++)
			if (strcmp(t->cols[k].name, s->owner_column) == 0)
				t->cols[k].identity_seq = s;
	}
}

/* Security labels (pg_seclabel has no oid of its own, so the census cannot
 * see them): each goes with the object of the dump it is on, as the
 * statement pg_seclabels' names make. Labels of the shared catalog (roles,
 * databases, tablespaces) belong to the globals, those of large objects to
 * the large objects (lo.c); those on extension members,
 * and on system objects other than what the dump writes (public), are not
 * the user's, as for comments. */
static void load_labels(conn_t *c, catalog_t *cat)
{
	PGresult *r;

	/* pg_seclabels is a union of a dozen queries, whose planning costs more
	 * (18 ms) than a look whether the database has any label at all. */
	r = conn_query(c, "checking for security labels",
		       "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_seclabel)", 0, NULL);
	if (PQgetvalue(r, 0, 0)[0] != 't') {
		PQclear(r);
		return;
	}
	PQclear(r);
	r = conn_query(
	    c, "reading the security labels",
	    "SELECT l.classoid, l.objoid,"
	    " 'SECURITY LABEL FOR ' || pg_catalog.quote_ident(l.provider) || ' ON '"
	    "  || pg_catalog.upper(l.objtype) || ' ' || l.objname || ' IS '"
	    "  || pg_catalog.quote_literal(l.label) || E';\n',"
	    " pg_catalog.pg_describe_object(l.classoid, l.objoid, l.objsubid)"
	    " FROM pg_catalog.pg_seclabels l"
	    /* A large object's go with it (lo.c), whenever it is written. */
	    " WHERE l.objtype NOT IN ('role', 'database', 'tablespace', 'large object')"
	    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = l.classoid"
	    "   AND xd.objid = l.objoid AND xd.deptype = 'e')"
	    " ORDER BY l.classoid, l.objoid, l.objsubid, l.provider",
	    0, NULL);

	for (int i = 0; i < PQntuples(r); i++) {
		int o = catalog_object(cat, oidval(r, i, 0), oidval(r, i, 1));
		if (o >= 0) {
			dobj_t *d = &cat->objs[o];
			char *all = xasprintf("%s%s", d->labels ? d->labels : "", PQgetvalue(r, i, 2));
			free(d->labels);
			d->labels = all;
		} else if (oidval(r, i, 1) >= 16384) {
			cat->stray_labels = xrealloc(cat->stray_labels,
			                             sizeof(char *) * (size_t)(cat->nstray_labels + 1));
			cat->stray_labels[cat->nstray_labels++] = xasprintf("security label on %s", PQgetvalue(r, i, 3));
		}
	}
	PQclear(r);
}

/* The second connection. The catalog queries cost the server most of a
 * schema dump's time (10,000 tables: 2.8 s of server CPU, the client's
 * parsing 0.4 s), one after another on one backend. The tables, columns and
 * constraints queries (1.4 s of the 2.8; the first two warm the backend's
 * caches for the third, so they stay together) run on a second connection
 * in the same exported snapshot, from a thread that only collects their
 * results, while the main connection reads the indexes and dependencies;
 * the main thread then parses every result in the usual order, so the
 * catalog is built the same way from the same rows. The functions the
 * queries call (pg_get_constraintdef, pg_get_expr) read the catalog as of
 * now, as they do on the main connection, which takes its locks only after
 * the catalog is read, as before. When the second connection cannot be had,
 * or one of its queries fails, the main connection runs the query itself,
 * with the usual messages. */
enum { SIDE_TABLES, SIDE_COLUMNS, SIDE_CONSTRAINTS, NSIDE };

struct side {
	pthread_t thread;
	const conn_t *main; /* only its settings are read, to connect alike */
	struct options o;   /* the user's, with the exported snapshot */
	char *snapshot, *start_time;
	char *sql[NSIDE];
	PGresult *result[NSIDE];
	int done;    /* queries finished */
	bool failed; /* the rest are the main connection's */
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

static void side_finish(struct side *sd, int k, PGresult *r, bool failed)
{
	pthread_mutex_lock(&sd->lock);
	if (k < NSIDE)
		sd->result[k] = r;
	sd->done = k + 1;
	sd->failed = failed;
	pthread_cond_broadcast(&sd->changed);
	pthread_mutex_unlock(&sd->lock);
}

/* Connects as main did, to main's server (a snapshot lives on one server). */
static conn_t *side_connect(struct side *sd)
{
	char *err = NULL;
	conn_t *s = conn_try_open_same_server(sd->main, -1, sd->start_time, "the catalog's second connection", &err);

	if (!s) {
		log_info(LOG_VERBOSE, "could not open a second connection to read the catalog (%s): one is enough",
			 err);
		free(err);
	}
	return s;
}

static void *side_run(void *arg)
{
	struct side *sd = arg;
	conn_t *s = side_connect(sd);
	int k = 0;

	if (s) {
		free(snapshot_begin_pg(s, &sd->o));
		for (; k < NSIDE; k++) {
			PGresult *r;
			log_info(LOG_STATEMENTS, "statement: %s", sd->sql[k]);
			r = conn_run(s, "reading the catalog", sd->sql[k]);
			if (PQresultStatus(r) != PGRES_TUPLES_OK) {
				/* The main connection runs it again and says why it fails. */
				log_info(LOG_VERBOSE, "the catalog's second connection failed: %s", conn_result_error(r));
				PQclear(r);
				break;
			}
			side_finish(sd, k, r, false);
		}
		conn_close(s);
	}
	if (k < NSIDE)
		side_finish(sd, k, NULL, true);
	conn_result_error_release();
	return NULL;
}

/* A second backend pays for warming its own caches (about a fifth more
 * server CPU on 10,000 tables): worth it only for a big catalog. The rows
 * of pg_class (a table of the benchmark has six: itself, its TOAST table
 * and index, two indexes, a sequence): 200 tables, 1,600 rows, lose by it
 * (doc/PERFORMANCE.md, run 14). The test suite lowers the threshold:
 * DBDUMP_TEST_CATALOG_SIDE=ROWS. Test-only (doc/DESIGN.md). */
#define SIDE_MIN_CLASS_ROWS 12000

static long side_threshold(void)
{
	const char *env = getenv("DBDUMP_TEST_CATALOG_SIDE");
	char *end;
	long n;

	if (!env || !*env)
		return SIDE_MIN_CLASS_ROWS;
	n = strtol(env, &end, 10);
	if (*end || n < 0)
		log_fatal("invalid DBDUMP_TEST_CATALOG_SIDE \"%s\": expected a number of rows", env);
	return n;
}

/* Starts the second connection's queries, or returns NULL (o NULL: none
 * wanted; or a small catalog). */
static struct side *side_start(conn_t *c, const struct options *o)
{
	struct side *sd;
	PGresult *r;
	char limit[32];
	const char *params[1] = {limit};

	if (!o)
		return NULL;
	snprintf(limit, sizeof limit, "%ld", side_threshold());
	r = conn_query(c, "exporting the snapshot for reading the catalog",
		       "SELECT pg_catalog.pg_export_snapshot(), pg_catalog.pg_postmaster_start_time()::pg_catalog.text"
		       " WHERE (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class) >= $1::pg_catalog.int8",
		       1, params);
	if (PQntuples(r) == 0) {
		PQclear(r);
		return NULL;
	}
	sd = xcalloc(1, sizeof *sd);
	sd->snapshot = xstrdup(PQgetvalue(r, 0, 0));
	sd->start_time = xstrdup(PQgetvalue(r, 0, 1));
	PQclear(r);
	log_info(LOG_VERBOSE, "reading the tables, columns and constraints on a second connection");
	sd->main = c;
	sd->o = *o;
	sd->o.snapshot = sd->snapshot;
	sd->sql[SIDE_TABLES] = xstrdup(TABLES_SQL);
	sd->sql[SIDE_COLUMNS] = columns_sql(c);
	sd->sql[SIDE_CONSTRAINTS] = xstrdup(CONSTRAINTS_SQL);
	pthread_mutex_init(&sd->lock, NULL);
	pthread_cond_init(&sd->changed, NULL);
	if (pthread_create(&sd->thread, NULL, side_run, sd) != 0) {
		sd->failed = true;
		sd->done = NSIDE;
		sd->main = NULL;
	}
	return sd;
}

/* Query k's result: the second connection's, waited for, else the main
 * connection's own. */
static PGresult *side_result(struct side *sd, int k, conn_t *c, const char *what, const char *sql)
{
	PGresult *r = NULL;

	if (sd) {
		pthread_mutex_lock(&sd->lock);
		while (sd->done <= k && !sd->failed)
			pthread_cond_wait(&sd->changed, &sd->lock);
		r = sd->result[k];
		sd->result[k] = NULL;
		pthread_mutex_unlock(&sd->lock);
	}
	return r ? r : conn_query(c, what, sql, 0, NULL);
}

static void side_end(struct side *sd)
{
	if (!sd)
		return;
	if (sd->main)
		pthread_join(sd->thread, NULL);
	for (int k = 0; k < NSIDE; k++) {
		PQclear(sd->result[k]);
		free(sd->sql[k]);
	}
	pthread_mutex_destroy(&sd->lock);
	pthread_cond_destroy(&sd->changed);
	free(sd->snapshot);
	free(sd->start_time);
	free(sd);
}

/* Which of the costly kinds the database holds: the types, functions and
 * views queries cost a new backend 10 to 60 ms of planning each (their
 * subqueries, and the catalog caches they warm), even when they find no row,
 * as in most databases (doc/PERFORMANCE.md, run 16); the triggers, rules and
 * policies queries a few ms and a round trip each (run 18). One query of EXISTS
 * over the same rows (the same FROM and WHERE) tells which to run; a query
 * left out would have found no row, so the catalog is the same. */
enum { PRESENT_TYPES, PRESENT_FUNCTIONS, PRESENT_VIEWS, PRESENT_TRIGGERS, PRESENT_RULES, PRESENT_POLICIES, NPRESENT };

#define PRESENCE_SQL(trigger_rows)                                                                            \
	"SELECT EXISTS (SELECT 1" TYPES_FROM "),"                                                             \
	" EXISTS (SELECT 1 FROM pg_catalog.pg_proc p"                                                        \
	" JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace" FUNCTIONS_WHERE "),"                     \
	" EXISTS (SELECT 1" VIEWS_FROM "),"                                                                  \
	" EXISTS (SELECT 1" TRIGGERS_FROM(trigger_rows) "),"                                                  \
	" EXISTS (SELECT 1" RULES_FROM "),"                                                                  \
	" EXISTS (SELECT 1" POLICIES_FROM ")"

static void read_presence(conn_t *c, bool present[NPRESENT])
{
	PGresult *r = conn_query(c, "checking which kinds of object the database holds",
				 c->server_version_num >= 130000 ? PRESENCE_SQL(TRIGGERS_V12 "tg.tgparentid = 0 AND ")
								 : PRESENCE_SQL(TRIGGERS_V12),
				 0, NULL);

	for (int k = 0; k < NPRESENT; k++)
		present[k] = boolval(r, 0, k);
	PQclear(r);
}

catalog_t *catalog_load_pg(conn_t *c, const struct options *o)
{
	bool present[NPRESENT];
	catalog_t *cat = xcalloc(1, sizeof *cat);
	int first_table, *con_index = NULL, ncon_index = 0, nmore = 0;
	struct con_more *more = NULL;
	struct pk_key *keys;
	struct side *sd;
	char *isql = NULL, *csql;
	PGresult *indexes = NULL, *deps = NULL;

	/* The queries below read catalog columns that 12 introduced (attgenerated
	 * among them); an older server would fail on one with a less clear
	 * message. */
	if (c->server_version_num < 120000)
		log_fatal("PostgreSQL %s is not supported: dbdump reads PostgreSQL 12 and newer", c->server_version);

	sd = side_start(c, o);
	load_schemas(c, cat);
	load_extensions(c, cat, o->privileges);
	read_presence(c, present);
	load_types(c, cat, present[PRESENT_TYPES]);
	load_functions(c, cat, present[PRESENT_FUNCTIONS]);
	isql = indexes_sql(c);
	if (sd) {
		/* Read while the second connection reads the tables. */
		indexes = conn_query(c, INDEXES_WHAT, isql, 0, NULL);
		deps = conn_query(c, DEPENDENCIES_WHAT, DEPENDENCIES_SQL, 0, NULL);
	}
	first_table = load_tables(cat, side_result(sd, SIDE_TABLES, c, TABLES_WHAT, TABLES_SQL), &keys);
	csql = columns_sql(c);
	load_columns(cat, side_result(sd, SIDE_COLUMNS, c, COLUMNS_WHAT, csql), keys);
	free(csql);
	load_constraints(cat, side_result(sd, SIDE_CONSTRAINTS, c, CONSTRAINTS_WHAT, CONSTRAINTS_SQL));
	side_end(sd);
	load_sequences(c, cat);
	link_identity_sequences(cat);
	load_views(c, cat, present[PRESENT_VIEWS]);
	load_indexes(cat, indexes ? indexes : conn_query(c, INDEXES_WHAT, isql, 0, NULL), &con_index, &ncon_index,
		     &more, &nmore);
	free(isql);
	load_triggers(c, cat, present[PRESENT_TRIGGERS]);
	load_rules(c, cat, present[PRESENT_RULES]);
	load_policies(c, cat, present[PRESENT_POLICIES]);
	load_kinds(c, cat);
	table_objects(cat, first_table);
	for (int i = 0; i < nmore; i++) {
		for (int j = 0; j < cat->nobjs; j++)
			if (cat->objs[j].classid == CLS_CONSTRAINT && cat->objs[j].oid == more[i].conoid &&
			    cat->objs[j].kind == DOBJ_CONSTRAINT && !cat->objs[j].more_sql) {
				cat->objs[j].more_sql = more[i].sql;
				more[i].sql = NULL;
				break;
			}
		free(more[i].sql);
	}
	free(more);
	load_dependencies(cat, deps ? deps : conn_query(c, DEPENDENCIES_WHAT, DEPENDENCIES_SQL, 0, NULL), con_index,
			  ncon_index);
	free(con_index);
	load_labels(c, cat);
	return cat;
}

void catalog_free(catalog_t *cat)
{
	if (!cat)
		return;
	for (int i = 0; i < cat->nobjs; i++) {
		dobj_t *d = &cat->objs[i];
		free(d->raw_schema);
		free(d->raw_name);
		free(d->qname);
		free(d->keyword);
		free(d->def);
		free(d->extra);
		free(d->extra2);
		free(d->comment);
		free(d->more_sql);
		free(d->labels);
		free(d->owner);
		free(d->grants);
		free(d->deps);
	}
	free(cat->objs);
	free(cat->keys);
	for (int i = 0; i < cat->nstray_labels; i++)
		free(cat->stray_labels[i]);
	free(cat->stray_labels);
	free(cat->dep_rows);
	free(cat->dep_types);
	for (int i = 0; i < cat->ntables; i++) {
		table_t *t = &cat->tables[i];
		for (int j = 0; j < t->ncols; j++) {
			column_t *col = &t->cols[j];
			free(col->name);
			free(col->type);
			free(col->collation);
			free(col->default_expr);
			free(col->generated_expr);
			free(col->comment);
			free(col->options);
			free(col->notnull_name);
			free(col->notnull_conname);
		}
		for (int j = 0; j < t->ncons; j++) {
			free(t->cons[j].name);
			free(t->cons[j].def);
			free(t->cons[j].comment);
		}
		free(t->cols);
		free(t->cons);
		free(t->raw_schema);
		free(t->raw_name);
		free(t->schema);
		free(t->name);
		free(t->qname);
		free(t->reloptions);
		free(t->access_method);
		free(t->of_type);
		free(t->partkey);
		free(t->partbound);
		free(t->parents);
		free(t->comment);
		free(t->where);
		free(t->split_key);
		free(t->pk_cols);
		split_free(&t->split);
	}
	free(cat->tables);
	for (int i = 0; i < cat->nseqs; i++) {
		sequence_t *s = &cat->seqs[i];
		free(s->raw_schema);
		free(s->raw_name);
		free(s->qname);
		free(s->type);
		free(s->start);
		free(s->increment);
		free(s->min);
		free(s->max);
		free(s->cache);
		free(s->last_value);
		free(s->uncalled_value);
		free(s->owner_column);
		free(s->comment);
	}
	free(cat->seqs);
	for (int i = 0; i < cat->nviews; i++) {
		view_t *v = &cat->views[i];
		free(v->raw_schema);
		free(v->raw_name);
		free(v->qname);
		free(v->def);
		free(v->comment);
		free(v->reloptions);
		free(v->check_option);
		free(v->stub_columns);
	}
	free(cat->views);
	for (int i = 0; i < cat->nschemas; i++) {
		free(cat->schemas[i].raw_name);
		free(cat->schemas[i].name);
		free(cat->schemas[i].comment);
	}
	free(cat->schemas);
	free(cat->tables_by_oid);
	free(cat);
}
