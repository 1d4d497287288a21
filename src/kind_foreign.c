/* kind_foreign: foreign-data wrappers, foreign servers and user mappings,
 * each with its options. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *fdw_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT w.oid, NULL, w.fdwname, pg_catalog.quote_ident(w.fdwname), 'CREATE FOREIGN DATA WRAPPER "
	    "' || pg_catalog.quote_ident(w.fdwname)  || CASE WHEN w.fdwhandler <> 0 THEN ' HANDLER ' || " PROC_NAME("w.fdwhandler")
	    " ELSE '' END  || CASE WHEN w.fdwvalidator <> 0 THEN ' VALIDATOR ' || " PROC_NAME("w.fdwvalidator")
	    " ELSE '' END  || " OPTIONS_SQL("w.fdwoptions")
	    " || E';\\n', pg_catalog.obj_description(w.oid, 'pg_foreign_data_wrapper'), " ROLE_NAME("w.fdwowner")
	    ", " GRANTS_SQL("FOREIGN DATA WRAPPER", "pg_catalog.quote_ident(w.fdwname)", "w.fdwacl", "w.fdwowner")
	    ", NULL FROM pg_catalog.pg_foreign_data_wrapper w WHERE w.oid >= 16384 AND " USER_MADE("w.oid", "pg_catalog.pg_foreign_data_wrapper"));
}
// clang-format on

// clang-format off
static char *server_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT s.oid, NULL, s.srvname, pg_catalog.quote_ident(s.srvname), 'CREATE SERVER ' || "
	    "pg_catalog.quote_ident(s.srvname)  || COALESCE(' TYPE ' || pg_catalog.quote_literal(s.srvtype), "
	    "'')  || COALESCE(' VERSION ' || pg_catalog.quote_literal(s.srvversion), '')  || ' FOREIGN DATA "
	    "WRAPPER ' || pg_catalog.quote_ident(w.fdwname)  || " OPTIONS_SQL("s.srvoptions")
	    " || E';\\n', pg_catalog.obj_description(s.oid, 'pg_foreign_server'), " ROLE_NAME("s.srvowner")
	    ", " GRANTS_SQL("FOREIGN SERVER", "pg_catalog.quote_ident(s.srvname)", "s.srvacl", "s.srvowner")
	    ", NULL FROM pg_catalog.pg_foreign_server s "
	    "JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw WHERE s.oid >= 16384 AND " USER_MADE("s.oid", "pg_catalog.pg_foreign_server"));
}
// clang-format on

/* Read through the pg_user_mappings view, which every user may read (the
 * options show where the user may see them, as in pg_dump). */
// clang-format off
static char *user_mapping_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT u.umid, NULL, u.usename || ' ' || u.srvname, 'FOR ' || CASE "
	    "WHEN u.umuser = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(u.usename) END  || ' SERVER ' || "
	    "pg_catalog.quote_ident(u.srvname), 'CREATE USER MAPPING FOR ' || CASE "
	    "WHEN u.umuser = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(u.usename) END  || ' SERVER ' || "
	    "pg_catalog.quote_ident(u.srvname) || " OPTIONS_SQL("u.umoptions")
	    " || E';\\n', NULL, NULL, NULL, NULL FROM pg_catalog.pg_user_mappings u WHERE u.umid >= 16384 "
	    "AND " USER_MADE("u.umid", "pg_catalog.pg_user_mapping"));
}
// clang-format on

const struct kind_def kind_fdw = {
    DOBJ_FDW, "foreign-data wrapper", "FOREIGN DATA WRAPPER", 2328u, KIND_GLOBAL, false, fdw_query, NULL, NULL, "pg_catalog.pg_foreign_data_wrapper WHERE oid >= 16384",
};
const struct kind_def kind_server = {
    DOBJ_SERVER, "server", "SERVER", 1417u, KIND_GLOBAL, false, server_query, NULL, NULL, "pg_catalog.pg_foreign_server WHERE oid >= 16384",
};
const struct kind_def kind_user_mapping = {
    DOBJ_USER_MAPPING, "user mapping", "USER MAPPING", 1418u, KIND_GLOBAL, false, user_mapping_query, NULL, NULL, "pg_catalog.pg_user_mappings WHERE umid >= 16384",
};

/* Foreign tables with their columns (options, collations, defaults,
 * generated expressions, NOT NULL), CHECK constraints, table options and
 * column comments. A foreign partition is made PARTITION OF its parent and
 * a child INHERITS its parents, as pg_dump writes them: only the columns
 * and constraints of its own are listed, and what it changed of an
 * inherited column follows as ALTER statements. A foreign table may itself
 * be a parent, of foreign or plain tables: pg_depend orders it before them,
 * and a plain child names it in INHERITS by its qname in the model. */
// clang-format off
#define FT_NAME QNAME("n.nspname", "c.relname")
#define FT_COLUMN_TYPE                                                                                       \
	"pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)"        \
	" || " OPTIONS_SQL("a.attfdwoptions")                                                                \
	" || CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN ' COLLATE '"            \
	"    || (SELECT " QNAME("cn.nspname", "co.collname") " FROM pg_catalog.pg_collation co"              \
	"        JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation)"\
	"    ELSE '' END"                                                                                    \
	" || CASE WHEN a.attgenerated = 's'"                                                                 \
	"      THEN ' GENERATED ALWAYS AS (' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ') STORED'"    \
	"    WHEN a.attgenerated = 'v'"                                                                      \
	"      THEN ' GENERATED ALWAYS AS (' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ') VIRTUAL'"   \
	"    WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid)"        \
	"    ELSE '' END"                                                                                    \
	" || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END"
#define FT_COLUMNS_FROM                                                                                      \
	" FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"                    \
	" LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"                \
	" WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
/* The same-named column of a parent of c. */
#define FT_PARENT_COLUMN                                                                                     \
	" FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent"        \
	" AND pa.attname = a.attname LEFT JOIN pg_catalog.pg_attrdef pd ON pd.adrelid = pa.attrelid"         \
	" AND pd.adnum = pa.attnum WHERE i.inhrelid = c.oid"

static char *foreign_table_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT c.oid, n.nspname, c.relname, " FT_NAME ","
	    " 'CREATE FOREIGN TABLE ' || " FT_NAME
	    "  || CASE WHEN c.relispartition THEN"
	    "       ' PARTITION OF ' || (SELECT i.inhparent::pg_catalog.regclass::pg_catalog.text"
	    "         FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid)"
	    "       || E'\\n' || pg_catalog.pg_get_expr(c.relpartbound, c.oid)"
	    "     ELSE ' (' || COALESCE(E'\\n    ' || (SELECT pg_catalog.string_agg(" FT_COLUMN_TYPE ","
	    "         E',\\n    ' ORDER BY a.attnum)" FT_COLUMNS_FROM " AND a.attislocal), '')"
	    "       || CASE WHEN EXISTS (SELECT 1" FT_COLUMNS_FROM " AND a.attislocal) THEN E'\\n' ELSE '' END"
	    "       || ')'"
	    "       || COALESCE(E'\\nINHERITS (' || (SELECT pg_catalog.string_agg("
	    "            i.inhparent::pg_catalog.regclass::pg_catalog.text, ', ' ORDER BY i.inhseqno)"
	    "          FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) || ')', '')"
	    "     END"
	    "  || E'\\nSERVER ' || pg_catalog.quote_ident(s.srvname) || " OPTIONS_SQL("ft.ftoptions") " || E';\\n'"
	    /* What an inherited column has of its own. */
	    "  || COALESCE((SELECT pg_catalog.string_agg("
	    "       CASE WHEN d.adbin IS NOT NULL AND a.attgenerated = '' AND NOT EXISTS (SELECT 1" FT_PARENT_COLUMN
	    "         AND pg_catalog.pg_get_expr(pd.adbin, pd.adrelid) = pg_catalog.pg_get_expr(d.adbin, d.adrelid))"
	    "       THEN 'ALTER FOREIGN TABLE ONLY ' || " FT_NAME " || ' ALTER COLUMN ' || pg_catalog.quote_ident(a.attname)"
	    "         || ' SET DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) || E';\\n' ELSE '' END"
	    "       || CASE WHEN a.attnotnull AND NOT EXISTS (SELECT 1" FT_PARENT_COLUMN " AND pa.attnotnull)"
	    "       THEN 'ALTER FOREIGN TABLE ONLY ' || " FT_NAME " || ' ALTER COLUMN ' || pg_catalog.quote_ident(a.attname)"
	    "         || E' SET NOT NULL;\\n' ELSE '' END"
	    "       || CASE WHEN a.attfdwoptions IS NOT NULL"
	    "       THEN 'ALTER FOREIGN TABLE ONLY ' || " FT_NAME " || ' ALTER COLUMN ' || pg_catalog.quote_ident(a.attname)"
	    "         || " OPTIONS_SQL("a.attfdwoptions") " || E';\\n' ELSE '' END,"
	    "       '' ORDER BY a.attnum)" FT_COLUMNS_FROM " AND (NOT a.attislocal OR c.relispartition)), '')"
	    /* Statistics targets, storage and attribute options of every column. */
	    "  || COALESCE((SELECT pg_catalog.string_agg("
	    "       CASE WHEN a.attstattarget >= 0"
	    "       THEN 'ALTER FOREIGN TABLE ONLY ' || " FT_NAME " || ' ALTER COLUMN ' || pg_catalog.quote_ident(a.attname)"
	    "         || ' SET STATISTICS ' || a.attstattarget || E';\\n' ELSE '' END"
	    "       || CASE WHEN a.attstorage <> t.typstorage"
	    "       THEN 'ALTER FOREIGN TABLE ONLY ' || " FT_NAME " || ' ALTER COLUMN ' || pg_catalog.quote_ident(a.attname)"
	    "         || ' SET STORAGE ' || CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL'"
	    "            WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END || E';\\n' ELSE '' END"
	    "       || CASE WHEN a.attoptions IS NOT NULL"
	    "       THEN 'ALTER FOREIGN TABLE ONLY ' || " FT_NAME " || ' ALTER COLUMN ' || pg_catalog.quote_ident(a.attname)"
	    "         || ' SET (' || pg_catalog.array_to_string(a.attoptions, ', ') || E');\\n' ELSE '' END,"
	    "       '' ORDER BY a.attnum)" FT_COLUMNS_FROM "), '')"
	    /* CHECK constraints of its own. */
	    "  || COALESCE((SELECT pg_catalog.string_agg('ALTER FOREIGN TABLE ' || " FT_NAME
	    "       || ' ADD CONSTRAINT ' || pg_catalog.quote_ident(k.conname) || ' ' || pg_catalog.pg_get_constraintdef(k.oid)"
	    "       || E';\\n', '' ORDER BY k.conname)"
	    "     FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c' AND k.conislocal), '')"
	    "  || COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format(E'COMMENT ON COLUMN %s.%I IS %L;\\n',"
	    "       " FT_NAME ", a.attname, ds.description), '' ORDER BY a.attnum)"
	    "     FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid"
	    "      AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = a.attnum"
	    "     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), ''),"
	    " pg_catalog.obj_description(c.oid, 'pg_class'), " ROLE_NAME("c.relowner") ","
	    " NULLIF(COALESCE(" GRANTS_SQL("TABLE", FT_NAME, "c.relacl", "c.relowner") ", '')"
	    "  || COALESCE(" COLUMN_GRANTS_SQL(FT_NAME) ", ''), ''), NULL"
	    " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	    " JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid"
	    " JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver"
	    " WHERE c.relkind = 'f' AND " USER_NAMESPACE("n") " AND " USER_MADE("c.oid", "pg_catalog.pg_class"));
}
// clang-format on

const struct kind_def kind_foreign_table = {
    DOBJ_FOREIGN_TABLE, "foreign table", "FOREIGN TABLE", 1259u, KIND_IN_SCHEMA, false, foreign_table_query, NULL, NULL, "pg_catalog.pg_foreign_table WHERE ftrelid >= 16384",
};
