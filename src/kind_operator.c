/* kind_operator: operators, with their commutator, negator, selectivity
 * estimators and hash/merge support. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

#define OPERATOR_REF(nsp, name) "'OPERATOR(' || pg_catalog.quote_ident(" nsp ") || '.' || " name " || ')'"
#define ARG_TYPE(t) "CASE WHEN " t " = 0 THEN 'NONE' ELSE pg_catalog.format_type(" t ", NULL) END"

// clang-format off
static char *operator_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT o.oid, n.nspname, o.oprname, pg_catalog.quote_ident(n.nspname) || '.' || o.oprname || "
	    "'(' || " ARG_TYPE("o.oprleft")
	    " || ', '  || " ARG_TYPE("o.oprright")
	    " || ')', 'CREATE OPERATOR ' || pg_catalog.quote_ident(n.nspname) || '.' || o.oprname || E' "
	    "(\\n    '  || pg_catalog.concat_ws(E',\\n    ', 'FUNCTION = ' || " PROC_NAME("o.oprcode")
	    ",     CASE WHEN o.oprleft <> 0 THEN 'LEFTARG = ' || pg_catalog.format_type(o.oprleft, NULL) "
	    "END,     CASE WHEN o.oprright <> 0 THEN 'RIGHTARG = ' || pg_catalog.format_type(o.oprright, "
	    "NULL) END,     CASE WHEN o.oprcom <> 0 THEN 'COMMUTATOR = ' || " OPERATOR_REF("cn.nspname", "co.oprname")
	    " END,     CASE WHEN o.oprnegate <> 0 THEN 'NEGATOR = ' || " OPERATOR_REF("nn.nspname", "no.oprname")
	    " END,     CASE WHEN o.oprrest <> 0 THEN 'RESTRICT = ' || " PROC_NAME("o.oprrest")
	    " END,     CASE WHEN o.oprjoin <> 0 THEN 'JOIN = ' || " PROC_NAME("o.oprjoin")
	    " END,     CASE WHEN o.oprcanhash THEN 'HASHES' END, CASE "
	    "WHEN o.oprcanmerge THEN 'MERGES' END)  || E'\\n);\\n', pg_catalog.obj_description(o.oid, "
	    "'pg_operator'), " ROLE_NAME("o.oprowner")
	    ", NULL, NULL FROM pg_catalog.pg_operator o "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace LEFT "
	    "JOIN pg_catalog.pg_operator co ON co.oid = o.oprcom LEFT "
	    "JOIN pg_catalog.pg_namespace cn ON cn.oid = co.oprnamespace LEFT "
	    "JOIN pg_catalog.pg_operator no ON no.oid = o.oprnegate LEFT "
	    "JOIN pg_catalog.pg_namespace nn ON nn.oid = no.oprnamespace WHERE o.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("o.oid", "pg_catalog.pg_operator"));
}
// clang-format on

const struct kind_def kind_operator = {
    DOBJ_OPERATOR, "operator", "OPERATOR", 2617u, KIND_IN_SCHEMA, false, operator_query, NULL, NULL, "pg_catalog.pg_operator WHERE oid >= 16384",
};
