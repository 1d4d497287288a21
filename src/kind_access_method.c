/* kind_access_method: table and index access methods, and procedural
 * languages that no extension owns: what the server calls through a handler. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *access_method_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT a.oid, NULL, a.amname, pg_catalog.quote_ident(a.amname), 'CREATE ACCESS METHOD ' || "
	    "pg_catalog.quote_ident(a.amname) || ' TYPE '  || CASE a.amtype WHEN 't' THEN 'TABLE' "
	    "ELSE 'INDEX' END || ' HANDLER ' || " PROC_NAME("a.amhandler")
	    "  || E';\\n', pg_catalog.obj_description(a.oid, 'pg_am'), NULL, NULL, NULL "
	    "FROM pg_catalog.pg_am a WHERE a.oid >= 16384 AND " USER_MADE("a.oid", "pg_catalog.pg_am"));
}
// clang-format on

// clang-format off
static char *language_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT l.oid, NULL, l.lanname, pg_catalog.quote_ident(l.lanname), 'CREATE ' || CASE "
	    "WHEN l.lanpltrusted THEN 'TRUSTED ' "
	    "ELSE '' END || 'PROCEDURAL LANGUAGE '  || pg_catalog.quote_ident(l.lanname) || ' HANDLER ' || " PROC_NAME("l.lanplcallfoid")
	    "  || CASE WHEN l.laninline <> 0 THEN ' INLINE ' || " PROC_NAME("l.laninline")
	    " ELSE '' END  || CASE WHEN l.lanvalidator <> 0 THEN ' VALIDATOR ' || " PROC_NAME("l.lanvalidator")
	    " ELSE '' END  || E';\\n', pg_catalog.obj_description(l.oid, 'pg_language'), " ROLE_NAME("l.lanowner")
	    ", " GRANTS_SQL("LANGUAGE", "pg_catalog.quote_ident(l.lanname)", "l.lanacl", "l.lanowner")
	    ", NULL FROM pg_catalog.pg_language l WHERE l.oid >= 16384 AND l.lanispl AND " USER_MADE("l.oid", "pg_catalog.pg_language"));
}
// clang-format on

const struct kind_def kind_access_method = {
    DOBJ_ACCESS_METHOD, "access method", "ACCESS METHOD", 2601u, KIND_GLOBAL, false, access_method_query, NULL, NULL, "pg_catalog.pg_am WHERE oid >= 16384",
};
const struct kind_def kind_language = {
    DOBJ_LANGUAGE, "language", "LANGUAGE", 2612u, KIND_GLOBAL, false, language_query, NULL, NULL, "pg_catalog.pg_language WHERE oid >= 16384",
};
