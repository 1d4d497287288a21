/* kind_opclass: operator families with their loose members (those added by
 * ALTER OPERATOR FAMILY), and operator classes with theirs (operators, FOR
 * ORDER BY, support functions, STORAGE). A class names its family always,
 * so that a family made implicitly comes back as an explicit one of the same
 * name, which the class then joins. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

#define OPCLASS_AM(amexpr)                                                                                   \
	"(SELECT pg_catalog.quote_ident(am.amname) FROM pg_catalog.pg_am am WHERE am.oid = " amexpr ")"

/* The members tied to object (class, oid) by pg_depend with deptype dep, as
 * "OPERATOR n op(l, r) [FOR ORDER BY f], FUNCTION n (l, r) f(args)" items
 * joined by sep. */
// clang-format off
#define MEMBERS(classname, oidexpr, dep, sep)                                                                \
	"pg_catalog.array_to_string(ARRAY("                                                                  \
	" SELECT 'OPERATOR ' || ao.amopstrategy || ' ' || " QNAME_OP("aon.nspname", "aoo.oprname")           \
	"  || '(' || pg_catalog.format_type(ao.amoplefttype, NULL) || ', '"                                  \
	" || pg_catalog.format_type(ao.amoprighttype, NULL) || ')'"                                          \
	"  || CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY ' || " QNAME("sfn.nspname", "sf.opfname")   \
	" ELSE '' END"                                                                                       \
	" FROM pg_catalog.pg_amop ao"                                                                        \
	" JOIN pg_catalog.pg_depend ad ON ad.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass"            \
	"  AND ad.objid = ao.oid AND ad.refclassid = '" classname "'::pg_catalog.regclass"                   \
	" AND ad.refobjid = " oidexpr                                                                        \
	"  AND ad.deptype = '" dep "'"                                                                       \
	" JOIN pg_catalog.pg_operator aoo ON aoo.oid = ao.amopopr"                                           \
	" JOIN pg_catalog.pg_namespace aon ON aon.oid = aoo.oprnamespace"                                    \
	" LEFT JOIN pg_catalog.pg_opfamily sf ON sf.oid = ao.amopsortfamily"                                 \
	" LEFT JOIN pg_catalog.pg_namespace sfn ON sfn.oid = sf.opfnamespace"                                \
	" UNION ALL SELECT 'FUNCTION ' || ap.amprocnum || ' ('"                                              \
	" || pg_catalog.format_type(ap.amproclefttype, NULL) || ', '"                                        \
	"  || pg_catalog.format_type(ap.amprocrighttype, NULL) || ') ' || " PROC_SIG("ap.amproc")            \
	" FROM pg_catalog.pg_amproc ap"                                                                      \
	" JOIN pg_catalog.pg_depend pd ON pd.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass"          \
	"  AND pd.objid = ap.oid AND pd.refclassid = '" classname "'::pg_catalog.regclass"                   \
	" AND pd.refobjid = " oidexpr                                                                        \
	"  AND pd.deptype = '" dep "'), " sep ")"
// clang-format on
#define QNAME_OP(nsp, name) "pg_catalog.quote_ident(" nsp ") || '.' || " name

// clang-format off
static char *opfamily_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT f.oid, n.nspname, f.opfname, " QNAME("n.nspname", "f.opfname")
	    " || ' USING ' || " OPCLASS_AM("f.opfmethod")
	    ", 'CREATE OPERATOR FAMILY ' || " QNAME("n.nspname", "f.opfname")
	    " || ' USING ' || " OPCLASS_AM("f.opfmethod")
	    " || E';\\n'  || COALESCE('ALTER OPERATOR FAMILY ' || " QNAME("n.nspname", "f.opfname")
	    " || ' USING ' || " OPCLASS_AM("f.opfmethod")
	    "     || E' ADD\\n    ' || NULLIF(" MEMBERS("pg_catalog.pg_opfamily", "f.oid", "a", "E',\\n    '")
	    ", '') || E';\\n', ''), pg_catalog.obj_description(f.oid, 'pg_opfamily'), " ROLE_NAME("f.opfowner")
	    ", NULL, NULL FROM pg_catalog.pg_opfamily f "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace WHERE f.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("f.oid", "pg_catalog.pg_opfamily"));
}
// clang-format on

// clang-format off
static char *opclass_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT c.oid, n.nspname, c.opcname, " QNAME("n.nspname", "c.opcname")
	    " || ' USING ' || " OPCLASS_AM("c.opcmethod")
	    ", 'CREATE OPERATOR CLASS ' || " QNAME("n.nspname", "c.opcname")
	    " || CASE WHEN c.opcdefault THEN ' DEFAULT' "
	    "ELSE '' END  || ' FOR TYPE ' || pg_catalog.format_type(c.opcintype, NULL) || ' USING ' || " OPCLASS_AM("c.opcmethod")
	    "  || ' FAMILY ' || " QNAME("fn.nspname", "f.opfname")
	    " || E' AS\\n    '  || pg_catalog.concat_ws(E',\\n    ', NULLIF(" MEMBERS("pg_catalog.pg_opclass", "c.oid", "i", "E',\\n    '")
	    ", ''),     CASE WHEN c.opckeytype <> 0 THEN 'STORAGE ' || pg_catalog.format_type(c.opckeytype, "
	    "NULL) END) || E';\\n', pg_catalog.obj_description(c.oid, 'pg_opclass'), " ROLE_NAME("c.opcowner")
	    ", NULL, NULL FROM pg_catalog.pg_opclass c "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace "
	    "JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily "
	    "JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace WHERE c.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("c.oid", "pg_catalog.pg_opclass"));
}
// clang-format on

const struct kind_def kind_opfamily = {
    DOBJ_OPFAMILY, "operator family", "OPERATOR FAMILY", 2753u, KIND_IN_SCHEMA, false, opfamily_query, NULL, NULL, "pg_catalog.pg_opfamily WHERE oid >= 16384",
};
const struct kind_def kind_opclass = {
    DOBJ_OPCLASS, "operator class", "OPERATOR CLASS", 2616u, KIND_IN_SCHEMA, false, opclass_query, NULL, NULL, "pg_catalog.pg_opclass WHERE oid >= 16384",
};
