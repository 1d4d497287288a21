/* kind_publication: publications, their options, and the tables (with
 * column lists and row filters) and schemas they publish. A table joins its
 * publication only when the table is in the dump, as in pg_dump. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *publication_query(int v)
{
	return xasprintf(
	    "SELECT p.oid, NULL, p.pubname, pg_catalog.quote_ident(p.pubname), 'CREATE PUBLICATION ' || "
	    "pg_catalog.quote_ident(p.pubname)  || CASE WHEN p.puballtables THEN ' FOR ALL TABLES' "
	    "ELSE '' END  || ' WITH (publish = ' || pg_catalog.quote_literal(pg_catalog.concat_ws(', ',     "
	    "CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,     CASE "
	    "WHEN p.pubdelete THEN 'delete' END, CASE "
	    "WHEN p.pubtruncate THEN 'truncate' END))  %s %s || E');\\n', pg_catalog.obj_description(p.oid, "
	    "'pg_publication'), " ROLE_NAME("p.pubowner")
	    ", NULL, NULL FROM pg_catalog.pg_publication p WHERE p.oid >= 16384 AND " USER_MADE("p.oid", "pg_catalog.pg_publication"), v >= 130000 ?
	    "|| CASE WHEN p.pubviaroot THEN ', publish_via_partition_root = true' ELSE '' END" :
	    "",
	    /* 18 publishes stored generated columns on request. */
	    v >= 180000 ?
	    "|| CASE WHEN p.pubgencols::pg_catalog.text IN ('s', 't', 'true') THEN ', "
	    "publish_generated_columns = stored' ELSE '' END" :
	    "");
}
// clang-format on

// clang-format off
static char *publication_table_query(int v)
{
	return xasprintf(
	    "SELECT pr.oid, n.nspname, p.pubname, pg_catalog.quote_ident(p.pubname), 'ALTER PUBLICATION ' || "
	    "pg_catalog.quote_ident(p.pubname) || ' ADD TABLE ONLY '  || " QNAME("n.nspname", "c.relname")
	    " %s || E';\\n', NULL, NULL, NULL, pr.prrelid FROM pg_catalog.pg_publication_rel pr "
	    "JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid "
	    "JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE pr.oid >= 16384 AND " USER_MADE("p.oid", "pg_catalog.pg_publication"),
	    /* Column lists and row filters came in 15. */
	    v >= 150000 ?
	    "|| COALESCE(' (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', '   "
	    "ORDER BY u.i) FROM pg_catalog.unnest(pr.prattrs::pg_catalog.int2[]) WITH ORDINALITY AS "
	    "u(attnum, i)   JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid "
	    "AND a.attnum = u.attnum) || ')', '') || COALESCE(' "
	    "WHERE (' || pg_catalog.pg_get_expr(pr.prqual, pr.prrelid) || ')', '')" :
	    "");
}
// clang-format on

// clang-format off
static char *publication_schema_query(int v)
{
	if (v < 150000)
		return xstrdup(
		    "SELECT NULL::pg_catalog.oid, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
		    "FROM pg_catalog.pg_publication WHERE false");
	return xstrdup(
	    "SELECT pn.oid, n.nspname, p.pubname, pg_catalog.quote_ident(p.pubname), 'ALTER PUBLICATION ' || "
	    "pg_catalog.quote_ident(p.pubname) || ' ADD TABLES IN SCHEMA '  || "
	    "pg_catalog.quote_ident(n.nspname) || E';\\n', NULL, NULL, NULL, NULL "
	    "FROM pg_catalog.pg_publication_namespace pn "
	    "JOIN pg_catalog.pg_publication p ON p.oid = pn.pnpubid "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid WHERE pn.oid >= 16384 AND " USER_MADE("p.oid", "pg_catalog.pg_publication"));
}
// clang-format on

const struct kind_def kind_publication = {
    DOBJ_PUBLICATION, "publication", "PUBLICATION", 6104u, KIND_GLOBAL, false, publication_query, NULL, NULL, "pg_catalog.pg_publication WHERE oid >= 16384",
};
/* Dropping the publication takes its tables and schemas with it. */
const struct kind_def kind_publication_table = {
    DOBJ_PUBLICATION_TABLE,  "publication table", "PUBLICATION", 6106u, KIND_OF_TABLE, true,
    publication_table_query, NULL, NULL, "pg_catalog.pg_publication WHERE oid >= 16384",
};
const struct kind_def kind_publication_schema = {
    DOBJ_PUBLICATION_SCHEMA,  "publication schema", "PUBLICATION", 6237u, KIND_IN_SCHEMA, true,
    publication_schema_query, NULL, NULL, "pg_catalog.pg_publication WHERE oid >= 16384",
};
