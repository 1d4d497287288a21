/* kind_domain_constraint: a domain's CHECK constraint that is NOT VALID.
 * CREATE DOMAIN cannot make one, and it still checks every value stored
 * after it, so it is added after the data (as pg_dump does), when the rows
 * it was never checked against are already in. It comes with its domain. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *domain_constraint_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT co.oid, n.nspname, co.conname,"
	    " pg_catalog.quote_ident(co.conname) || ' ON DOMAIN ' || " QNAME("n.nspname", "t.typname") ","
	    " 'ALTER DOMAIN ' || " QNAME("n.nspname", "t.typname") " || ' ADD CONSTRAINT '"
	    "  || pg_catalog.quote_ident(co.conname) || ' ' || pg_catalog.pg_get_constraintdef(co.oid) || E';\\n',"
	    " pg_catalog.obj_description(co.oid, 'pg_constraint'), NULL, NULL, NULL"
	    " FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_type t ON t.oid = co.contypid"
	    " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
	    " WHERE co.contypid <> 0 AND co.contype = 'c' AND NOT co.convalidated AND " USER_NAMESPACE("n")
	    " AND " NOT_EXTENSION_MEMBER("t.oid", "pg_catalog.pg_type"));
}
// clang-format on

const struct kind_def kind_domain_constraint = {
    DOBJ_DOMAIN_CONSTRAINT,
    "domain constraint",
    "CONSTRAINT",
    2606u,
    KIND_OF_DOMAIN,
    true,
    domain_constraint_query,
    NULL,
    NULL,
    "pg_catalog.pg_constraint WHERE contypid <> 0 AND NOT convalidated",
};
