/* kind_cast: the conversions between types and encodings: casts,
 * conversions and transforms. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *cast_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT c.oid, NULL, pg_catalog.format_type(c.castsource, NULL) || ' AS '  || "
	    "pg_catalog.format_type(c.casttarget, NULL), '(' || pg_catalog.format_type(c.castsource, NULL) "
	    "|| ' AS ' || pg_catalog.format_type(c.casttarget, NULL) || ')', 'CREATE CAST (' || "
	    "pg_catalog.format_type(c.castsource, NULL) || ' AS '  || pg_catalog.format_type(c.casttarget, "
	    "NULL) || ') '  || CASE c.castmethod WHEN 'f' THEN 'WITH FUNCTION ' || " PROC_SIG("c.castfunc")
	    "     WHEN 'i' THEN 'WITH INOUT' ELSE 'WITHOUT FUNCTION' END  || CASE c.castcontext "
	    "WHEN 'a' THEN ' AS ASSIGNMENT' WHEN 'i' THEN ' AS IMPLICIT' "
	    "ELSE '' END || E';\\n', pg_catalog.obj_description(c.oid, 'pg_cast'), NULL, NULL, NULL "
	    "FROM pg_catalog.pg_cast c WHERE c.oid >= 16384 AND " USER_MADE("c.oid", "pg_catalog.pg_cast"));
}
// clang-format on

// clang-format off
static char *conversion_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT c.oid, n.nspname, c.conname, " QNAME("n.nspname", "c.conname")
	    ", 'CREATE ' || CASE WHEN c.condefault THEN 'DEFAULT ' ELSE '' END || 'CONVERSION '  || " QNAME("n.nspname", "c.conname")
	    " || ' FOR '  || pg_catalog.quote_literal(pg_catalog.pg_encoding_to_char(c.conforencoding)) || ' "
	    "TO '  || pg_catalog.quote_literal(pg_catalog.pg_encoding_to_char(c.contoencoding)) || ' "
	    "FROM '  || " PROC_NAME("c.conproc")
	    " || E';\\n', pg_catalog.obj_description(c.oid, 'pg_conversion'), " ROLE_NAME("c.conowner")
	    ", NULL, NULL FROM pg_catalog.pg_conversion c "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace WHERE c.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("c.oid", "pg_catalog.pg_conversion"));
}
// clang-format on

// clang-format off
static char *transform_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT t.oid, NULL, pg_catalog.format_type(t.trftype, NULL) || ' ' || l.lanname, 'FOR ' || "
	    "pg_catalog.format_type(t.trftype, NULL) || ' LANGUAGE ' || pg_catalog.quote_ident(l.lanname), "
	    "'CREATE TRANSFORM FOR ' || pg_catalog.format_type(t.trftype, NULL) || ' LANGUAGE '  || "
	    "pg_catalog.quote_ident(l.lanname) || ' ('  || pg_catalog.concat_ws(', ',     CASE "
	    "WHEN t.trffromsql <> 0 THEN 'FROM SQL WITH FUNCTION ' || " PROC_SIG("t.trffromsql")
	    " END,     CASE WHEN t.trftosql <> 0 THEN 'TO SQL WITH FUNCTION ' || " PROC_SIG("t.trftosql")
	    " END)  || E');\\n', pg_catalog.obj_description(t.oid, 'pg_transform'), NULL, NULL, NULL "
	    "FROM pg_catalog.pg_transform t JOIN pg_catalog.pg_language l ON l.oid = t.trflang "
	    "WHERE t.oid >= 16384 AND " USER_MADE("t.oid", "pg_catalog.pg_transform"));
}
// clang-format on

const struct kind_def kind_cast = {
    DOBJ_CAST, "cast", "CAST", 2605u, KIND_GLOBAL, false, cast_query, NULL, NULL, "pg_catalog.pg_cast WHERE oid >= 16384",
};
const struct kind_def kind_conversion = {
    DOBJ_CONVERSION, "conversion", "CONVERSION", 2607u, KIND_IN_SCHEMA, false, conversion_query, NULL, NULL, "pg_catalog.pg_conversion WHERE oid >= 16384",
};
const struct kind_def kind_transform = {
    DOBJ_TRANSFORM, "transform", "TRANSFORM", 3576u, KIND_GLOBAL, false, transform_query, NULL, NULL, "pg_catalog.pg_transform WHERE oid >= 16384",
};
