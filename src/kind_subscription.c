/* kind_subscription: the subscriptions of the dumped database, written the
 * way pg_dump writes them: WITH (connect = false), so that a restore neither
 * connects to the publisher nor creates a slot, and the subscription comes
 * back disabled, to be enabled by hand once its slot is in place.
 *
 * pg_subscription is a shared catalog: only the rows of this database
 * (subdbid) are read. Its connection string is readable by superusers (and
 * members of pg_read_all_data) only; for anyone else, the loader fails the
 * dump when the database has subscriptions, instead of leaving them out. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

#define THIS_DATABASE                                                                              \
	"(SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())"

// clang-format off
static char *subscription_query(int v)
{
	return xasprintf(
	    "SELECT s.oid, NULL, s.subname, pg_catalog.quote_ident(s.subname),"
	    " 'CREATE SUBSCRIPTION ' || pg_catalog.quote_ident(s.subname)"
	    "  || ' CONNECTION ' || pg_catalog.quote_literal(s.subconninfo)"
	    "  || ' PUBLICATION ' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(p), ', ' ORDER BY i)"
	    "     FROM pg_catalog.unnest(s.subpublications) WITH ORDINALITY AS u(p, i))"
	    "  || ' WITH (connect = false, slot_name = '"
	    "  || COALESCE(pg_catalog.quote_literal(s.subslotname), 'NONE')"
	    "  %s %s %s %s"
	    "  || CASE WHEN s.subsynccommit <> 'off'"
	    "     THEN ', synchronous_commit = ' || pg_catalog.quote_literal(s.subsynccommit) ELSE '' END"
	    "  || E');\\n',"
	    " pg_catalog.obj_description(s.oid, 'pg_subscription'), " ROLE_NAME("s.subowner") ", NULL, NULL"
	    " FROM pg_catalog.pg_subscription s"
	    " WHERE s.subdbid = " THIS_DATABASE " AND s.oid >= 16384",
	    /* 14: binary transfer and streaming; streaming is written even when
	     * off, since 18 made parallel the default. */
	    v >= 160000 ? "|| CASE WHEN s.subbinary THEN ', binary = true' ELSE '' END"
	                  " || ', streaming = ' || CASE s.substream WHEN 't' THEN 'on' WHEN 'p' THEN 'parallel'"
	                  "    ELSE 'off' END"
	    : v >= 140000 ? "|| CASE WHEN s.subbinary THEN ', binary = true' ELSE '' END"
	                    " || CASE WHEN s.substream THEN ', streaming = on' ELSE ', streaming = off' END"
	    : "",
	    /* 15: two-phase commit, disabling on error. */
	    v >= 150000 ? "|| CASE WHEN s.subtwophasestate <> 'd' THEN ', two_phase = on' ELSE '' END"
	                  " || CASE WHEN s.subdisableonerr THEN ', disable_on_error = true' ELSE '' END"
	    : "",
	    /* 16: passwords, the owner's rights, origins. */
	    v >= 160000 ? "|| CASE WHEN NOT s.subpasswordrequired THEN ', password_required = false' ELSE '' END"
	                  " || CASE WHEN s.subrunasowner THEN ', run_as_owner = true' ELSE '' END"
	                  " || CASE WHEN s.suborigin <> 'any'"
	                  "    THEN ', origin = ' || pg_catalog.quote_literal(s.suborigin) ELSE '' END"
	    : "",
	    /* 17: failover slots. */
	    v >= 170000 ? "|| CASE WHEN s.subfailover THEN ', failover = true' ELSE '' END" : "");
}
// clang-format on

const struct kind_def kind_subscription = {
    DOBJ_SUBSCRIPTION,
    "subscription",
    "SUBSCRIPTION",
    6100u,
    KIND_GLOBAL,
    false,
    subscription_query,
    "pg_catalog.has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'SELECT')",
    "SELECT pg_catalog.string_agg(pg_catalog.quote_ident(s.subname), ', ' ORDER BY s.subname)"
    " FROM pg_catalog.pg_subscription s WHERE s.subdbid = " THIS_DATABASE,
    NULL, /* names above already looks: a probe would need a column all may read */
};
