/* kind_collation: collations (libc, ICU and, from PostgreSQL 17, builtin;
 * deterministic or not; ICU rules from 16). The version is left to the
 * restoring server, as pg_dump does: it records the library it has. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *collation_query(int v)
{
	/* Where an ICU or builtin collation keeps its locale moved twice. */
	const char *locale = v >= 170000   ? "co.colllocale"
	                     : v >= 150000 ? "co.colliculocale"
	                                   : "co.collcollate";

	return xasprintf(
	    "SELECT co.oid, n.nspname, co.collname, " QNAME("n.nspname", "co.collname")
	    ", 'CREATE COLLATION ' || " QNAME("n.nspname", "co.collname")
	    " || ' (provider = '  || CASE co.collprovider WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' "
	    "ELSE 'libc' END  || CASE WHEN co.collprovider IN ('i', 'b') THEN ', locale = ' || "
	    "pg_catalog.quote_literal(%s)     WHEN co.collcollate = co.collctype THEN ', locale = ' || "
	    "pg_catalog.quote_literal(co.collcollate)     "
	    "ELSE ', lc_collate = ' || pg_catalog.quote_literal(co.collcollate)       || ', lc_ctype = ' || "
	    "pg_catalog.quote_literal(co.collctype) END  || CASE "
	    "WHEN NOT co.collisdeterministic THEN ', deterministic = false' "
	    "ELSE '' END  %s || E');\\n', pg_catalog.obj_description(co.oid, 'pg_collation'), " ROLE_NAME("co.collowner")
	    ", NULL, NULL FROM pg_catalog.pg_collation co "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace WHERE co.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("co.oid", "pg_catalog.pg_collation"), locale, v >= 160000 ?
	    "|| CASE WHEN co.collicurules IS NOT NULL THEN ', rules = ' || "
	    "pg_catalog.quote_literal(co.collicurules) ELSE '' END" :
	    "");
}
// clang-format on

const struct kind_def kind_collation = {
    DOBJ_COLLATION, "collation", "COLLATION", 3456u, KIND_IN_SCHEMA, false, collation_query, NULL, NULL, "pg_catalog.pg_collation WHERE oid >= 16384",
};
