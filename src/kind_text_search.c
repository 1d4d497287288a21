/* kind_text_search: text search parsers, templates, dictionaries and
 * configurations with every token mapping. */
#include <config.h>

#include "buf.h"
#include "catalog_sql.h"
#include "kinds.h"

static char *parser_query(int v)
{
	(void)v;
	return xstrdup(
	    "SELECT p.oid, n.nspname, p.prsname, " QNAME(
	        "n.nspname",
	        "p.prsname") ","
	                     " 'CREATE TEXT SEARCH PARSER ' || " QNAME(
	                         "n.nspname",
	                         "p.prsname") " || E' (\\n    START = '"
	                                      "  || " PROC_NAME(
	                                          "p.prsstart") " || E',\\n    GETTOKEN = ' "
	                                                        "|| " PROC_NAME("p.prstoken") "  || E',\\n   "
	                                                                                      " END = ' "
	                                                                                      "|| " PROC_NAME("p.prsend") " || E',\\n    LEXTYPES = ' || " PROC_NAME("p.prslextype") "  || CASE WHEN p.prsheadline <> 0 THEN E',\\n    HEADLINE = ' || " PROC_NAME(
	                                                                                          "p."
	                                                                                          "prsheadlin"
	                                                                                          "e") " ELSE"
	                                                                                               " '' "
	                                                                                               "END"
	                                                                                               "  || "
	                                                                                               "E'"
	                                                                                               "\\n);"
	                                                                                               "\\n',"
	                                                                                               " pg_"
	                                                                                               "catal"
	                                                                                               "og."
	                                                                                               "obj_"
	                                                                                               "descr"
	                                                                                               "ipti"
	                                                                                               "on(p."
	                                                                                               "oid,"
	                                                                                               " 'pg_"
	                                                                                               "ts_"
	                                                                                               "parse"
	                                                                                               "r'),"
	                                                                                               " NULL"
	                                                                                               ", "
	                                                                                               "NULL,"
	                                                                                               " "
	                                                                                               "NULL"
	                                                                                               " FROM"
	                                                                                               " "
	                                                                                               "pg_"
	                                                                                               "catal"
	                                                                                               "og."
	                                                                                               "pg_"
	                                                                                               "ts_"
	                                                                                               "parse"
	                                                                                               "r p "
	                                                                                               "JOIN "
	                                                                                               "pg_"
	                                                                                               "catal"
	                                                                                               "og."
	                                                                                               "pg_"
	                                                                                               "names"
	                                                                                               "pace"
	                                                                                               " n "
	                                                                                               "ON "
	                                                                                               "n."
	                                                                                               "oid "
	                                                                                               "= "
	                                                                                               "p."
	                                                                                               "prsna"
	                                                                                               "mesp"
	                                                                                               "ace"
	                                                                                               " WHER"
	                                                                                               "E "
	                                                                                               "p."
	                                                                                               "oid "
	                                                                                               ">= "
	                                                                                               "16384"
	                                                                                               " "
	                                                                                               "AND"
	                                                                                               " " USER_NAMESPACE("n") " AND " USER_MADE(
	                                                                                                   "p"
	                                                                                                   "."
	                                                                                                   "o"
	                                                                                                   "i"
	                                                                                                   "d",
	                                                                                                   "p"
	                                                                                                   "g"
	                                                                                                   "_"
	                                                                                                   "c"
	                                                                                                   "a"
	                                                                                                   "t"
	                                                                                                   "a"
	                                                                                                   "l"
	                                                                                                   "o"
	                                                                                                   "g"
	                                                                                                   "."
	                                                                                                   "p"
	                                                                                                   "g"
	                                                                                                   "_"
	                                                                                                   "t"
	                                                                                                   "s"
	                                                                                                   "_"
	                                                                                                   "p"
	                                                                                                   "a"
	                                                                                                   "r"
	                                                                                                   "s"
	                                                                                                   "e"
	                                                                                                   "r"));
}

static char *template_query(int v)
{
	(void)v;
	return xstrdup("SELECT t.oid, n.nspname, t.tmplname, " QNAME(
	    "n.nspname",
	    "t.tmplname") ","
	                  " 'CREATE TEXT SEARCH TEMPLATE ' || " QNAME(
	                      "n.nspname",
	                      "t.tmplname") " || E' (\\n    '"
	                                    "  || CASE WHEN t.tmplinit <> 0 THEN 'INIT = ' || " PROC_NAME(
	                                        "t.tmplinit") " || E',\\n    ' ELSE '' END"
	                                                      "  || 'LEXIZE = ' || " PROC_NAME(
	                                                          "t.tmpllexize") " || E'\\n);\\n',"
	                                                                          " pg_catalog.obj_"
	                                                                          "description(t.oid, "
	                                                                          "'pg_ts_template'), NULL, "
	                                                                          "NULL, NULL"
	                                                                          " FROM "
	                                                                          "pg_catalog.pg_ts_template "
	                                                                          "t JOIN "
	                                                                          "pg_catalog.pg_namespace n "
	                                                                          "ON n.oid = t.tmplnamespace"
	                                                                          " WHERE t.oid >= 16384 "
	                                                                          "AND " USER_NAMESPACE("n") " AND " USER_MADE(
	                                                                              "t.oid",
	                                                                              "pg_catalog.pg_ts_"
	                                                                              "template"));
}

static char *dictionary_query(int v)
{
	(void)v;
	return xstrdup("SELECT d.oid, n.nspname, d.dictname, " QNAME(
	    "n.nspname",
	    "d.dictname") ","
	                  " 'CREATE TEXT SEARCH DICTIONARY ' || " QNAME(
	                      "n.nspname",
	                      "d.dictname") " || E' (\\n    TEMPLATE = '"
	                                    "  || " QNAME(
	                                        "tn.nspname",
	                                        "t.tmplname") " || COALESCE(E',\\n    ' || d.dictinitoption, "
	                                                      "'') || E'\\n);\\n',"
	                                                      " pg_catalog.obj_description(d.oid, "
	                                                      "'pg_ts_dict'), " ROLE_NAME(
	                                                          "d.dictowner") ", NULL, NULL"
	                                                                         " FROM "
	                                                                         "pg_catalog.pg_ts_dict d "
	                                                                         "JOIN "
	                                                                         "pg_catalog.pg_namespace n "
	                                                                         "ON n.oid = d.dictnamespace"
	                                                                         " JOIN "
	                                                                         "pg_catalog.pg_ts_template "
	                                                                         "t ON t.oid = d.dicttemplate"
	                                                                         " JOIN "
	                                                                         "pg_catalog.pg_namespace tn "
	                                                                         "ON tn.oid = t.tmplnamespace"
	                                                                         " WHERE d.oid >= 16384 "
	                                                                         "AND " USER_NAMESPACE("n") " AND " USER_MADE(
	                                                                             "d.oid", "pg_catalog.pg_"
	                                                                                      "ts_dict"));
}

/* The configuration starts empty (PARSER only); each token type then gets
 * its dictionaries, in their order. */
static char *config_query(int v)
{
	(void)v;
	return xstrdup("SELECT c.oid, n.nspname, c.cfgname, " QNAME(
	    "n.nspname",
	    "c.cfgname") ","
	                 " 'CREATE TEXT SEARCH CONFIGURATION ' || " QNAME(
	                     "n.nspname",
	                     "c.cfgname") " || E' (\\n    PARSER = '"
	                                  "  || " QNAME(
	                                      "pn.nspname",
	                                      "p.prsname") " || E'\\n);\\n'"
	                                                   "  || COALESCE((SELECT "
	                                                   "pg_catalog.string_agg('ALTER TEXT SEARCH "
	                                                   "CONFIGURATION '"
	                                                   "       || " QNAME(
	                                                       "n.nspname",
	                                                       "c.cfgname") " || E'\\n    ADD MAPPING "
	                                                                    "FOR '"
	                                                                    "       || "
	                                                                    "pg_catalog.quote_ident(tt."
	                                                                    "alias) || ' WITH ' || "
	                                                                    "mm.dicts || E';\\n', '' "
	                                                                    "ORDER BY mm.maptokentype)"
	                                                                    "     FROM (SELECT "
	                                                                    "m.maptokentype, "
	                                                                    "pg_catalog.string_"
	                                                                    "agg(" QNAME(
	                                                                        "dn.nspname",
	                                                                        "dd.dictname") ", ', '"
	                                                                                       "         "
	                                                                                       "ORDER BY "
	                                                                                       "m."
	                                                                                       "mapseqno)"
	                                                                                       " AS dicts"
	                                                                                       "       "
	                                                                                       "FROM "
	                                                                                       "pg_"
	                                                                                       "catalog."
	                                                                                       "pg_ts_"
	                                                                                       "config_"
	                                                                                       "map m "
	                                                                                       "JOIN "
	                                                                                       "pg_"
	                                                                                       "catalog."
	                                                                                       "pg_ts_"
	                                                                                       "dict dd "
	                                                                                       "ON "
	                                                                                       "dd.oid = "
	                                                                                       "m.mapdict"
	                                                                                       "       "
	                                                                                       "JOIN "
	                                                                                       "pg_"
	                                                                                       "catalog."
	                                                                                       "pg_"
	                                                                                       "namespace"
	                                                                                       " dn ON "
	                                                                                       "dn.oid = "
	                                                                                       "dd."
	                                                                                       "dictnames"
	                                                                                       "pace"
	                                                                                       "       "
	                                                                                       "WHERE "
	                                                                                       "m.mapcfg "
	                                                                                       "= c.oid "
	                                                                                       "GROUP BY "
	                                                                                       "m."
	                                                                                       "maptokent"
	                                                                                       "ype) mm"
	                                                                                       "     "
	                                                                                       "JOIN "
	                                                                                       "pg_"
	                                                                                       "catalog."
	                                                                                       "ts_token_"
	                                                                                       "type(c."
	                                                                                       "cfgparser"
	                                                                                       ") tt ON "
	                                                                                       "tt.tokid "
	                                                                                       "= "
	                                                                                       "mm."
	                                                                                       "maptokent"
	                                                                                       "ype), "
	                                                                                       "''),"
	                                                                                       " pg_"
	                                                                                       "catalog."
	                                                                                       "obj_"
	                                                                                       "descripti"
	                                                                                       "on(c.oid,"
	                                                                                       " 'pg_ts_"
	                                                                                       "config'),"
	                                                                                       " " ROLE_NAME(
	                                                                                           "c."
	                                                                                           "cfgow"
	                                                                                           "ner") ", "
	                                                                                                  "NU"
	                                                                                                  "LL"
	                                                                                                  ", "
	                                                                                                  "NU"
	                                                                                                  "LL"
	                                                                                                  " F"
	                                                                                                  "RO"
	                                                                                                  "M "
	                                                                                                  "pg"
	                                                                                                  "_c"
	                                                                                                  "at"
	                                                                                                  "al"
	                                                                                                  "og"
	                                                                                                  ".p"
	                                                                                                  "g_"
	                                                                                                  "ts"
	                                                                                                  "_c"
	                                                                                                  "on"
	                                                                                                  "fi"
	                                                                                                  "g "
	                                                                                                  "c "
	                                                                                                  "JO"
	                                                                                                  "IN"
	                                                                                                  " p"
	                                                                                                  "g_"
	                                                                                                  "ca"
	                                                                                                  "ta"
	                                                                                                  "lo"
	                                                                                                  "g."
	                                                                                                  "pg"
	                                                                                                  "_n"
	                                                                                                  "am"
	                                                                                                  "es"
	                                                                                                  "pa"
	                                                                                                  "ce"
	                                                                                                  " n"
	                                                                                                  " O"
	                                                                                                  "N "
	                                                                                                  "n."
	                                                                                                  "oi"
	                                                                                                  "d "
	                                                                                                  "= "
	                                                                                                  "c."
	                                                                                                  "cf"
	                                                                                                  "gn"
	                                                                                                  "am"
	                                                                                                  "es"
	                                                                                                  "pa"
	                                                                                                  "ce"
	                                                                                                  " J"
	                                                                                                  "OI"
	                                                                                                  "N "
	                                                                                                  "pg"
	                                                                                                  "_c"
	                                                                                                  "at"
	                                                                                                  "al"
	                                                                                                  "og"
	                                                                                                  ".p"
	                                                                                                  "g_"
	                                                                                                  "ts"
	                                                                                                  "_p"
	                                                                                                  "ar"
	                                                                                                  "se"
	                                                                                                  "r "
	                                                                                                  "p "
	                                                                                                  "ON"
	                                                                                                  " p"
	                                                                                                  ".o"
	                                                                                                  "id"
	                                                                                                  " ="
	                                                                                                  " c"
	                                                                                                  ".c"
	                                                                                                  "fg"
	                                                                                                  "pa"
	                                                                                                  "rs"
	                                                                                                  "er"
	                                                                                                  " J"
	                                                                                                  "OI"
	                                                                                                  "N "
	                                                                                                  "pg"
	                                                                                                  "_c"
	                                                                                                  "at"
	                                                                                                  "al"
	                                                                                                  "og"
	                                                                                                  ".p"
	                                                                                                  "g_"
	                                                                                                  "na"
	                                                                                                  "me"
	                                                                                                  "sp"
	                                                                                                  "ac"
	                                                                                                  "e "
	                                                                                                  "pn"
	                                                                                                  " O"
	                                                                                                  "N "
	                                                                                                  "pn"
	                                                                                                  ".o"
	                                                                                                  "id"
	                                                                                                  " ="
	                                                                                                  " p"
	                                                                                                  ".p"
	                                                                                                  "rs"
	                                                                                                  "na"
	                                                                                                  "me"
	                                                                                                  "sp"
	                                                                                                  "ac"
	                                                                                                  "e"
	                                                                                                  " W"
	                                                                                                  "HE"
	                                                                                                  "RE"
	                                                                                                  " c"
	                                                                                                  ".o"
	                                                                                                  "id"
	                                                                                                  " >"
	                                                                                                  "= "
	                                                                                                  "16"
	                                                                                                  "38"
	                                                                                                  "4 "
	                                                                                                  "AN"
	                                                                                                  "D"
	                                                                                                  " " USER_NAMESPACE("n") " AND " USER_MADE(
	                                                                                                      "c.oid",
	                                                                                                      "pg_catalog.pg_ts_config"));
}

const struct kind_def kind_ts_parser = {
    DOBJ_TS_PARSER, "text search parser", "TEXT SEARCH PARSER", 3601u, KIND_IN_SCHEMA, false, parser_query, NULL, NULL,
};
const struct kind_def kind_ts_template = {
    DOBJ_TS_TEMPLATE, "text search template", "TEXT SEARCH TEMPLATE", 3764u, KIND_IN_SCHEMA, false,
    template_query, NULL, NULL,
};
const struct kind_def kind_ts_dictionary = {
    DOBJ_TS_DICTIONARY, "text search dictionary", "TEXT SEARCH DICTIONARY", 3600u, KIND_IN_SCHEMA, false,
    dictionary_query, NULL, NULL,
};
const struct kind_def kind_ts_config = {
    DOBJ_TS_CONFIG, "text search configuration", "TEXT SEARCH CONFIGURATION", 3602u, KIND_IN_SCHEMA, false,
    config_query, NULL, NULL,
};
