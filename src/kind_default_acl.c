/* kind_default_acl: default privileges (ALTER DEFAULT PRIVILEGES), written
 * with --privileges like every other privilege. A global entry replaces the
 * built-in defaults, so it starts by revoking them; an entry for one schema
 * only adds to them. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *default_acl_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT d.oid, n.nspname, pg_catalog.pg_get_userbyid(d.defaclrole) || ' ' || "
	    "d.defaclobjtype::pg_catalog.text, NULL, NULL, NULL, NULL, CASE "
	    "WHEN n.oid IS NULL THEN x.prefix || 'REVOKE ALL ON ' || x.objs || E' "
	    "FROM PUBLIC;\\n'   || x.prefix || 'REVOKE ALL ON ' || x.objs || ' FROM ' || " ROLE_NAME("d.defaclrole")
	    " || E';\\n'   ELSE '' END || COALESCE((SELECT pg_catalog.string_agg(x.prefix || 'GRANT ' || "
	    "a.privilege_type || ' ON ' || x.objs   || ' TO ' || CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE " ROLE_NAME("a.grantee")
	    " END   || CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END || E';\\n', ''   "
	    "ORDER BY a.grantee, a.privilege_type) FROM pg_catalog.aclexplode(d.defaclacl) a), ''), NULL "
	    "FROM pg_catalog.pg_default_acl d LEFT "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace, LATERAL (SELECT 'ALTER DEFAULT "
	    "PRIVILEGES FOR ROLE ' || " ROLE_NAME("d.defaclrole")
	    "   || COALESCE(' IN SCHEMA ' || pg_catalog.quote_ident(n.nspname), '') || ' ' AS prefix,   CASE "
	    "d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'   "
	    "WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' WHEN 'L' THEN 'LARGE OBJECTS' END AS objs) x "
	    "WHERE d.oid >= 16384 AND (n.oid IS NULL OR " USER_NAMESPACE("n")
	    ")");
}
// clang-format on

const struct kind_def kind_default_acl = {
    DOBJ_DEFAULT_ACL,  "default privileges", "DEFAULT PRIVILEGES", 826u, KIND_IN_SCHEMA, true,
    default_acl_query, NULL, NULL, "pg_catalog.pg_default_acl WHERE oid >= 16384",
};
