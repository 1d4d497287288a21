/* kind_foreign: foreign-data wrappers, foreign servers and user mappings,
 * each with its options. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

static char *fdw_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT w.oid, NULL, w.fdwname, pg_catalog.quote_ident(w.fdwname),"
	    " 'CREATE FOREIGN DATA WRAPPER ' || pg_catalog.quote_ident(w.fdwname)"
	    "  || CASE WHEN w.fdwhandler <> 0 THEN ' HANDLER ' || " PROC_NAME(
	        "w.fdwhandler") " ELSE '' END"
	                        "  || CASE WHEN w.fdwvalidator <> 0 THEN ' VALIDATOR ' || " PROC_NAME(
	                            "w.fdwvalidator") " ELSE '' END"
	                                              "  || " OPTIONS_SQL(
	                                                  "w.fdwoptions") " || E';\\n',"
	                                                                  " pg_catalog.obj_description(w.oid,"
	                                                                  " 'pg_foreign_data_wrapper'),"
	                                                                  " " ROLE_NAME(
	                                                                      "w.fdwowner") ","
	                                                                                    " " GRANTS_SQL(
	                                                                                        "FOREIGN "
	                                                                                        "DATA "
	                                                                                        "WRAPPER",
	                                                                                        "pg_catalog."
	                                                                                        "quote_ident("
	                                                                                        "w.fdwname)",
	                                                                                        "w.fdwacl",
	                                                                                        "w.fdwowner") ", NULL"
	                                                                                                      " FROM pg_catalog.pg_foreign_data_wrapper w WHERE w.oid >= 16384"
	                                                                                                      " AND " USER_MADE(
	                                                                                                          "w.oid",
	                                                                                                          "pg_catalog.pg_foreign_data_wrapper"));
}

static char *server_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT s.oid, NULL, s.srvname, pg_catalog.quote_ident(s.srvname),"
	    " 'CREATE SERVER ' || pg_catalog.quote_ident(s.srvname)"
	    "  || COALESCE(' TYPE ' || pg_catalog.quote_literal(s.srvtype), '')"
	    "  || COALESCE(' VERSION ' || pg_catalog.quote_literal(s.srvversion), '')"
	    "  || ' FOREIGN DATA WRAPPER ' || pg_catalog.quote_ident(w.fdwname)"
	    "  || " OPTIONS_SQL(
	        "s.srvoptions") " || E';\\n',"
	                        " pg_catalog.obj_description(s.oid, 'pg_foreign_server'), " ROLE_NAME(
	                            "s.srvowner") ","
	                                          " " GRANTS_SQL(
	                                              "FOREIGN SERVER", "pg_catalog.quote_ident(s.srvname)",
	                                              "s.srvacl",
	                                              "s.srvowner") ", NULL"
	                                                            " FROM pg_catalog.pg_foreign_server s "
	                                                            "JOIN pg_catalog.pg_foreign_data_wrapper "
	                                                            "w ON w.oid = s.srvfdw"
	                                                            " WHERE s.oid >= 16384 "
	                                                            "AND " USER_MADE(
	                                                                "s.oid",
	                                                                "pg_catalog.pg_foreign_server"));
}

/* Read through the pg_user_mappings view, which every user may read (the
 * options show where the user may see them, as in pg_dump). */
static char *user_mapping_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT u.umid, NULL, u.usename || ' ' || u.srvname,"
	    " 'FOR ' || CASE WHEN u.umuser = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(u.usename) END"
	    "  || ' SERVER ' || pg_catalog.quote_ident(u.srvname),"
	    " 'CREATE USER MAPPING FOR ' || CASE WHEN u.umuser = 0 THEN 'PUBLIC' ELSE "
	    "pg_catalog.quote_ident(u.usename) END"
	    "  || ' SERVER ' || pg_catalog.quote_ident(u.srvname) || " OPTIONS_SQL(
	        "u.umoptions") " || E';\\n',"
	                       " NULL, NULL, NULL, NULL"
	                       " FROM pg_catalog.pg_user_mappings u WHERE u.umid >= 16384"
	                       " AND " USER_MADE("u.umid", "pg_catalog.pg_user_mapping"));
}

const struct kind_def kind_fdw = {
    DOBJ_FDW, "foreign-data wrapper", "FOREIGN DATA WRAPPER", 2328u, KIND_GLOBAL, false, fdw_query,
};
const struct kind_def kind_server = {
    DOBJ_SERVER, "server", "SERVER", 1417u, KIND_GLOBAL, false, server_query,
};
const struct kind_def kind_user_mapping = {
    DOBJ_USER_MAPPING, "user mapping", "USER MAPPING", 1418u, KIND_GLOBAL, false, user_mapping_query,
};
