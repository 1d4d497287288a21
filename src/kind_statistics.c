/* kind_statistics: extended statistics (CREATE STATISTICS) and their
 * statistics targets; they belong to their table. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *statistics_query(int v)
{
	return xasprintf(
	    "SELECT s.oid, n.nspname, s.stxname, " QNAME("n.nspname", "s.stxname")
	    ", pg_catalog.pg_get_statisticsobjdef(s.oid) || E';\\n' %s, pg_catalog.obj_description(s.oid, "
	    "'pg_statistic_ext'), " ROLE_NAME("s.stxowner")
	    ", NULL, s.stxrelid FROM pg_catalog.pg_statistic_ext s "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace WHERE s.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("s.oid", "pg_catalog.pg_statistic_ext"),
	    /* A target of its own came in 13; 17 keeps "none" as NULL rather than -1. */
	    v >= 130000 ?
	    "|| CASE WHEN s.stxstattarget >= 0 THEN 'ALTER STATISTICS ' || " QNAME("n.nspname", "s.stxname")
	    " || ' SET STATISTICS ' || s.stxstattarget || E';\\n' ELSE '' END" :
	    "");
}
// clang-format on

const struct kind_def kind_statistics = {
    DOBJ_STATISTICS, "statistics object", "STATISTICS", 3381u, KIND_OF_TABLE, false, statistics_query, NULL, NULL, "pg_catalog.pg_statistic_ext WHERE oid >= 16384",
};
