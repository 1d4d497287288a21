/* kind_event_trigger: event triggers, with their events, tags and enabled
 * state. They are created last, so that they do not fire during the restore. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *event_trigger_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT e.oid, NULL, e.evtname, pg_catalog.quote_ident(e.evtname), 'CREATE EVENT TRIGGER ' || "
	    "pg_catalog.quote_ident(e.evtname) || ' ON ' || pg_catalog.quote_ident(e.evtevent)  || "
	    "COALESCE(E'\\n  WHEN TAG IN (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(t), ', "
	    "')     FROM pg_catalog.unnest(e.evttags) t) || ')', '')  || E'\\n  EXECUTE FUNCTION ' || " PROC_NAME("e.evtfoid")
	    " || E'();\\n'  || CASE e.evtenabled "
	    "WHEN 'D' THEN 'ALTER EVENT TRIGGER ' || pg_catalog.quote_ident(e.evtname) || E' "
	    "DISABLE;\\n'     WHEN 'R' THEN 'ALTER EVENT TRIGGER ' || pg_catalog.quote_ident(e.evtname) || "
	    "E' ENABLE REPLICA;\\n'     WHEN 'A' THEN 'ALTER EVENT TRIGGER ' || "
	    "pg_catalog.quote_ident(e.evtname) || E' ENABLE ALWAYS;\\n'     "
	    "ELSE '' END, pg_catalog.obj_description(e.oid, 'pg_event_trigger'), " ROLE_NAME("e.evtowner")
	    ", NULL, NULL FROM pg_catalog.pg_event_trigger e WHERE e.oid >= 16384 AND " USER_MADE("e.oid", "pg_catalog.pg_event_trigger"));
}
// clang-format on

const struct kind_def kind_event_trigger = {
    DOBJ_EVENT_TRIGGER, "event trigger", "EVENT TRIGGER", 3466u, KIND_GLOBAL, false, event_trigger_query, NULL, NULL, "pg_catalog.pg_event_trigger WHERE oid >= 16384",
};
