/* catalog_sql: SQL pieces every catalog query shares (what is a user's
 * object, role names, privileges), written once for the loaders of every kind. */
#ifndef DBDUMP_CATALOG_SQL_H
#define DBDUMP_CATALOG_SQL_H

/* Objects of interest: not in system schemas, not members of an extension. */
#define USER_NAMESPACE(n) "(" n ".nspname <> 'information_schema' AND " n ".nspname !~ '^pg_')"
#define NOT_EXTENSION_MEMBER(oidexpr, classname)                                                             \
	"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = '" classname                   \
	"'::pg_catalog.regclass"                                                                             \
	" AND xd.objid = " oidexpr " AND xd.deptype = 'e')"
/* Made by a user: not an extension's member, and not made by the server as
 * an internal part of something else (a multirange's casts, ...). */
#define USER_MADE(oidexpr, classname)                                                                        \
	"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = '" classname                   \
	"'::pg_catalog.regclass"                                                                             \
	" AND xd.objid = " oidexpr " AND xd.deptype IN ('e', 'i'))"
#define ROLE_NAME(oidexpr) "pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(" oidexpr "))"
/* acldefault's letter for a GRANT keyword ("TABLE": 'r'). */
#define ACL_TYPE(kind)                                                                                       \
	"(CASE '" kind "' WHEN 'TABLE' THEN 'r' WHEN 'SEQUENCE' THEN 's' WHEN 'SCHEMA' THEN 'n'"             \
	" WHEN 'DATABASE' THEN 'd' WHEN 'TABLESPACE' THEN 't' WHEN 'LARGE OBJECT' THEN 'L'"                  \
	" WHEN 'FOREIGN DATA WRAPPER' THEN 'F' WHEN 'FOREIGN SERVER' THEN 'S' WHEN 'LANGUAGE' THEN 'l'"       \
	" WHEN 'TYPE' THEN 'T' WHEN 'DOMAIN' THEN 'T' ELSE 'f' END)::pg_catalog.\"char\""
/* The REVOKE and GRANT statements that give an object exactly the privileges
 * its ACL holds, written by the server; NULL while the ACL is the default. A
 * role that holds every privilege the object's type has (more than one) gets
 * GRANT ALL, which means the same on this server and also restores into an
 * older major that has fewer (17's MAINTAIN on tables), as pg_dump's dumps do.
 * A privilege granted by another role than the owner (one holding it WITH
 * GRANT OPTION) is granted as that role (SET SESSION AUTHORIZATION), after
 * the owner's, in the ACL's own order, so that REVOKE ... CASCADE reaches it
 * on the copy as on the source. */
// clang-format off
#define GRANTS_SQL(kind, name, acl, owner)                                                                   \
	"CASE WHEN " acl " IS NOT NULL THEN"                                                                 \
	" 'REVOKE ALL ON " kind " ' || " name " || ' FROM PUBLIC;' || E'\\n' ||"                             \
	" 'REVOKE ALL ON " kind " ' || " name " || ' FROM ' || " ROLE_NAME(owner) " || ';' || E'\\n' ||"     \
	" COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format('%sGRANT %s ON " kind " %s TO %s%s;%s',"  \
	"   CASE WHEN a.grantor <> " owner " THEN 'SET SESSION AUTHORIZATION ' || " ROLE_NAME("a.grantor")    \
	"    || E';\\n' ELSE '' END,"                                                                          \
	"   CASE WHEN x.all_privileges THEN 'ALL' ELSE a.privilege_type END, " name ","                      \
	"   CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE " ROLE_NAME("a.grantee") " END,"                      \
	"   CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END,"                                 \
	"   CASE WHEN a.grantor <> " owner " THEN E'\\nRESET SESSION AUTHORIZATION;' ELSE '' END), E'\\n'"    \
	"   ORDER BY a.grantor <> " owner ", CASE WHEN a.grantor <> " owner " THEN a.ord END,"                \
	"   a.grantee, a.privilege_type) || E'\\n'"                                                          \
	"  FROM (SELECT e.grantor, e.grantee, e.privilege_type, e.is_grantable, e.ord,"                      \
	"     pg_catalog.row_number() OVER (PARTITION BY e.grantor, e.grantee, e.is_grantable"               \
	"      ORDER BY e.privilege_type) AS n,"                                                             \
	"     pg_catalog.array_agg(e.privilege_type) OVER (PARTITION BY e.grantor, e.grantee, e.is_grantable) AS held" \
	"    FROM pg_catalog.aclexplode(" acl ") WITH ORDINALITY"                                             \
	"     AS e(grantor, grantee, privilege_type, is_grantable, ord)) a,"                                  \
	"   LATERAL (SELECT pg_catalog.count(DISTINCT d.privilege_type) > 1 AND pg_catalog.array_agg(d.privilege_type) <@ a.held"     \
	"    AS all_privileges FROM pg_catalog.aclexplode(pg_catalog.acldefault(" ACL_TYPE(kind) ", " owner ")) d) x" \
	"  WHERE NOT x.all_privileges OR a.n = 1), '') END"
/* The GRANT statements of the column privileges of relation c (pg_class,
 * alias c), named name, or NULL when it has none; as GRANTS_SQL's, a
 * privilege granted by another role than the owner is granted as that role.
 * Relations with column privileges are few: the others are told apart by
 * one hashed look-up each. */
#define COLUMN_GRANTS_SQL(name)                                                                              \
	"CASE WHEN c.oid IN (SELECT ga.attrelid FROM pg_catalog.pg_attribute ga"                              \
	"     WHERE ga.attacl IS NOT NULL) THEN"                                                              \
	"   (SELECT pg_catalog.string_agg(pg_catalog.format('%sGRANT %s (%I) ON TABLE %s TO %s%s;%s',"         \
	"     CASE WHEN ca.grantor <> c.relowner THEN 'SET SESSION AUTHORIZATION ' || " ROLE_NAME("ca.grantor") \
	"      || E';\\n' ELSE '' END,"                                                                        \
	"     ca.privilege_type, a.attname, " name ","                                                         \
	"     CASE WHEN ca.grantee = 0 THEN 'PUBLIC' ELSE " ROLE_NAME("ca.grantee") " END,"                    \
	"     CASE WHEN ca.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END,"                                \
	"     CASE WHEN ca.grantor <> c.relowner THEN E'\\nRESET SESSION AUTHORIZATION;' ELSE '' END), E'\\n'"  \
	"     ORDER BY ca.grantor <> c.relowner, a.attnum, CASE WHEN ca.grantor <> c.relowner THEN ca.ord END,"  \
	"     ca.grantee, ca.privilege_type) || E'\\n'"                                                       \
	"    FROM pg_catalog.pg_attribute a, pg_catalog.aclexplode(a.attacl) WITH ORDINALITY"                  \
	"     AS ca(grantor, grantee, privilege_type, is_grantable, ord)"                                      \
	"    WHERE a.attrelid = c.oid AND a.attacl IS NOT NULL AND NOT a.attisdropped) END"
// clang-format on
/* A schema-qualified name, quoted: QNAME("n.nspname", "c.relname"). */
#define QNAME(nsp, name) "pg_catalog.quote_ident(" nsp ") || '.' || pg_catalog.quote_ident(" name ")"

/* A function as a definition names it without arguments (FUNCTION =,
 * HANDLER): schema-qualified, looked up, since regproc falls back to a number
 * when the name is overloaded. */
#define PROC_NAME(oidexpr)                                                                                   \
	"(SELECT " QNAME("pn.nspname", "pp.proname") " FROM pg_catalog.pg_proc pp"                           \
	                                             " JOIN pg_catalog.pg_namespace pn ON pn.oid = "         \
	                                             "pp.pronamespace WHERE pp.oid = " oidexpr ")"
/* A function with its argument types (WITH FUNCTION): pg_catalog's own stay
 * unqualified, since search_path is empty. */
#define PROC_SIG(oidexpr) "(" oidexpr ")::pg_catalog.regprocedure::pg_catalog.text"
/* " OPTIONS (a 'x', b 'y')" from an options array, or "" when it is NULL. */
// clang-format off
#define OPTIONS_SQL(arr)                                                                                     \
	"COALESCE(' OPTIONS (' || (SELECT pg_catalog.string_agg("                                            \
	"pg_catalog.quote_ident(o.option_name) || ' ' || pg_catalog.quote_literal(o.option_value),"          \
	" ', ' ORDER BY o.i)"                                                                                \
	" FROM pg_catalog.pg_options_to_table(" arr ") WITH ORDINALITY AS o(option_name, option_value, i))"  \
	" || ')', '')"
// clang-format on

#endif
