/* kind_text_search: text search parsers, templates, dictionaries and
 * configurations with every token mapping. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

// clang-format off
static char *parser_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT p.oid, n.nspname, p.prsname, " QNAME("n.nspname", "p.prsname")
	    ", 'CREATE TEXT SEARCH PARSER ' || " QNAME("n.nspname", "p.prsname")
	    " || E' (\\n    START = '  || " PROC_NAME("p.prsstart")
	    " || E',\\n    GETTOKEN = ' || " PROC_NAME("p.prstoken")
	    "  || E',\\n    END = ' || " PROC_NAME("p.prsend")
	    " || E',\\n    LEXTYPES = ' || " PROC_NAME("p.prslextype")
	    "  || CASE WHEN p.prsheadline <> 0 THEN E',\\n    HEADLINE = ' || " PROC_NAME("p.prsheadline")
	    " ELSE '' END  || E'\\n);\\n', pg_catalog.obj_description(p.oid, 'pg_ts_parser'), NULL, NULL, "
	    "NULL FROM pg_catalog.pg_ts_parser p JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace "
	    "WHERE p.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("p.oid", "pg_catalog.pg_ts_parser"));
}
// clang-format on

// clang-format off
static char *template_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT t.oid, n.nspname, t.tmplname, " QNAME("n.nspname", "t.tmplname")
	    ", 'CREATE TEXT SEARCH TEMPLATE ' || " QNAME("n.nspname", "t.tmplname")
	    " || E' (\\n    '  || CASE WHEN t.tmplinit <> 0 THEN 'INIT = ' || " PROC_NAME("t.tmplinit")
	    " || E',\\n    ' ELSE '' END  || 'LEXIZE = ' || " PROC_NAME("t.tmpllexize")
	    " || E'\\n);\\n', pg_catalog.obj_description(t.oid, 'pg_ts_template'), NULL, NULL, NULL "
	    "FROM pg_catalog.pg_ts_template t JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace "
	    "WHERE t.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("t.oid", "pg_catalog.pg_ts_template"));
}
// clang-format on

// clang-format off
static char *dictionary_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT d.oid, n.nspname, d.dictname, " QNAME("n.nspname", "d.dictname")
	    ", 'CREATE TEXT SEARCH DICTIONARY ' || " QNAME("n.nspname", "d.dictname")
	    " || E' (\\n    TEMPLATE = '  || " QNAME("tn.nspname", "t.tmplname")
	    " || COALESCE(E',\\n    ' || d.dictinitoption, '') || E'\\n);\\n', "
	    "pg_catalog.obj_description(d.oid, 'pg_ts_dict'), " ROLE_NAME("d.dictowner")
	    ", NULL, NULL FROM pg_catalog.pg_ts_dict d "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace "
	    "JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate "
	    "JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace WHERE d.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("d.oid", "pg_catalog.pg_ts_dict"));
}
// clang-format on

/* The configuration starts empty (PARSER only); each token type then gets
 * its dictionaries, in their order. */
// clang-format off
static char *config_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT c.oid, n.nspname, c.cfgname, " QNAME("n.nspname", "c.cfgname")
	    ", 'CREATE TEXT SEARCH CONFIGURATION ' || " QNAME("n.nspname", "c.cfgname")
	    " || E' (\\n    PARSER = '  || " QNAME("pn.nspname", "p.prsname")
	    " || E'\\n);\\n'  || COALESCE((SELECT pg_catalog.string_agg('ALTER TEXT SEARCH CONFIGURATION "
	    "'       || " QNAME("n.nspname", "c.cfgname")
	    " || E'\\n    ADD MAPPING FOR '       || pg_catalog.quote_ident(tt.alias) || ' WITH ' || "
	    "mm.dicts || E';\\n', '' ORDER BY mm.maptokentype)     "
	    "FROM (SELECT m.maptokentype, pg_catalog.string_agg(" QNAME("dn.nspname", "dd.dictname")
	    ", ', '         ORDER BY m.mapseqno) AS dicts       FROM pg_catalog.pg_ts_config_map m "
	    "JOIN pg_catalog.pg_ts_dict dd ON dd.oid = m.mapdict       "
	    "JOIN pg_catalog.pg_namespace dn ON dn.oid = dd.dictnamespace       "
	    "WHERE m.mapcfg = c.oid GROUP BY m.maptokentype) mm     "
	    "JOIN pg_catalog.ts_token_type(c.cfgparser) tt ON tt.tokid = mm.maptokentype), ''), "
	    "pg_catalog.obj_description(c.oid, 'pg_ts_config'), " ROLE_NAME("c.cfgowner")
	    ", NULL, NULL FROM pg_catalog.pg_ts_config c "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace "
	    "JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser "
	    "JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace WHERE c.oid >= 16384 AND " USER_NAMESPACE("n")
	    " AND " USER_MADE("c.oid", "pg_catalog.pg_ts_config"));
}
// clang-format on

const struct kind_def kind_ts_parser = {
    DOBJ_TS_PARSER, "text search parser", "TEXT SEARCH PARSER", 3601u, KIND_IN_SCHEMA, false, parser_query, NULL, NULL, "pg_catalog.pg_ts_parser WHERE oid >= 16384",
};
const struct kind_def kind_ts_template = {
    DOBJ_TS_TEMPLATE, "text search template", "TEXT SEARCH TEMPLATE", 3764u, KIND_IN_SCHEMA, false,
    template_query, NULL, NULL, "pg_catalog.pg_ts_template WHERE oid >= 16384",
};
const struct kind_def kind_ts_dictionary = {
    DOBJ_TS_DICTIONARY, "text search dictionary", "TEXT SEARCH DICTIONARY", 3600u, KIND_IN_SCHEMA, false,
    dictionary_query, NULL, NULL, "pg_catalog.pg_ts_dict WHERE oid >= 16384",
};
const struct kind_def kind_ts_config = {
    DOBJ_TS_CONFIG, "text search configuration", "TEXT SEARCH CONFIGURATION", 3602u, KIND_IN_SCHEMA, false,
    config_query, NULL, NULL, "pg_catalog.pg_ts_config WHERE oid >= 16384",
};
