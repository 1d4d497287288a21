/* globals: roles, memberships, role and database settings, tablespaces and
 * database properties, as pg_dumpall writes them. */
#include <config.h>

#include "globals.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog_sql.h"
#include "log.h"
#include "quote.h"

/* An identifier quoted by the server, on one line: a name holding a newline
 * or carriage return comes back in the U&"..." form with those characters
 * escaped, so that no text of a name can start a line of the dump. */
#define QUOTE_IDENT(e) \
	"(CASE WHEN " e " ~ '[\n\r]' THEN 'U&\"' || pg_catalog.replace(pg_catalog.replace(" \
	"pg_catalog.replace(pg_catalog.replace(" e ", '\\', '\\\\'), '\"', '\"\"'), E'\\n', '\\000A')," \
	" E'\\r', '\\000D') || '\"' ELSE pg_catalog.quote_ident(" e ") END)"
/* Role names in the globals go through QUOTE_IDENT, also inside the shared
 * GRANTS_SQL (catalog_sql.h), which expands ROLE_NAME where it is used. */
#undef ROLE_NAME
#define ROLE_NAME(oidexpr) QUOTE_IDENT("pg_catalog.pg_get_userbyid(" oidexpr ")")

static const char *get(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static bool is_true(const PGresult *r, int row, int col)
{
	return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

/* A string literal on one line: text holding a newline or carriage return
 * is written as E'...' with those escaped, so that no text of a name or a
 * comment can start a line of the dump. */
static void literal_n(buf_t *out, const char *s, size_t n)
{
	if (!memchr(s, '\n', n) && !memchr(s, '\r', n)) {
		quote_literal(out, s, n);
		return;
	}
	buf_puts(out, "E'");
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\': buf_puts(out, "\\\\"); break;
		case '\'': buf_puts(out, "''"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		default: buf_putc(out, s[i]);
		}
	}
	buf_putc(out, '\'');
}

static void literal(buf_t *out, const char *s)
{
	literal_n(out, s, strlen(s));
}

/* "SELECT 'stmt' WHERE NOT EXISTS (SELECT 1 FROM catalog WHERE column = 'name')\gexec":
 * psql runs stmt only when the object is missing. */
static void create_if_missing(buf_t *out, const char *stmt, const char *catalog, const char *column,
                              const char *raw_name)
{
	buf_puts(out, "SELECT ");
	literal(out, stmt);
	buf_printf(out, " WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.%s WHERE %s = ", catalog, column);
	literal(out, raw_name);
	buf_puts(out, ")\\gexec\n");
}

/* A shared object's security labels, as pg_dumpall writes them: kind is the
 * SQL keyword, qname its quoted name, oid and catalog where pg_shseclabel
 * finds it. NULL when it has none. */
#define SHLABELS_SQL(kind, qname, oid, catalog)                                                      \
	"(SELECT pg_catalog.string_agg('SECURITY LABEL FOR ' || pg_catalog.quote_ident(sl.provider)" \
	" || ' ON " kind " ' || " qname " || ' IS ' || pg_catalog.quote_literal(sl.label) || E';\\n',"   \
	" '' ORDER BY sl.provider) FROM pg_catalog.pg_shseclabel sl WHERE sl.objoid = " oid            \
	" AND sl.classoid = '" catalog "'::pg_catalog.regclass)"

static void comment_on(buf_t *out, const char *kind, const char *qname, const char *comment)
{
	if (!comment)
		return;
	buf_printf(out, "COMMENT ON %s %s IS ", kind, qname);
	literal(out, comment);
	buf_puts(out, ";\n");
}

/* The settings PostgreSQL marks GUC_LIST_QUOTE: their stored value is a list
 * whose elements were quoted as identifiers, and SET takes each element as a
 * literal of its own. */
static bool is_list_setting(const char *name, size_t n)
{
	static const char *const lists[] = {"search_path",
	                                    "temp_tablespaces",
	                                    "session_preload_libraries",
	                                    "shared_preload_libraries",
	                                    "local_preload_libraries",
	                                    "unix_socket_directories"};

	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (strlen(lists[i]) == n && strncasecmp(name, lists[i], n) == 0)
			return true;
	return false;
}

/* Appends the elements of a quoted list ("a", "b c", d) as literals separated
 * by ", "; an empty list is ''. */
static void list_literals(buf_t *out, const char *v)
{
	buf_t elem;
	int n = 0;

	buf_init(&elem);
	for (;;) {
		while (isspace((unsigned char)*v))
			v++;
		if (!*v)
			break;
		buf_reset(&elem);
		if (*v == '"') {
			for (v++; *v; v++) {
				if (*v == '"') {
					if (v[1] != '"')
						break;
					v++;
				}
				buf_putc(&elem, *v);
			}
			if (*v == '"')
				v++;
		} else {
			while (*v && *v != ',' && !isspace((unsigned char)*v))
				buf_putc(&elem, *v++);
		}
		if (n++)
			buf_puts(out, ", ");
		literal_n(out, elem.data ? elem.data : "", elem.len);
		while (isspace((unsigned char)*v))
			v++;
		if (*v == ',')
			v++;
	}
	if (n == 0)
		buf_puts(out, "''");
	buf_free(&elem);
}

bool globals_set_clause(buf_t *out, const char *entry)
{
	const char *eq = strchr(entry, '=');
	char *name;

	if (!eq || eq == entry)
		return false;
	name = xstrndup(entry, (size_t)(eq - entry));
	buf_puts(out, " SET ");
	quote_ident(out, name);
	buf_puts(out, " TO ");
	if (is_list_setting(entry, (size_t)(eq - entry)))
		list_literals(out, eq + 1);
	else
		literal(out, eq + 1);
	free(name);
	return true;
}

/* One ALTER ... SET statement per setconfig entry; prefix is "ALTER ROLE r"
 * or "ALTER DATABASE d" or "ALTER ROLE r IN DATABASE d". */
static void setting(buf_t *out, const char *prefix, const char *entry)
{
	buf_t clause;

	buf_init(&clause);
	if (globals_set_clause(&clause, entry))
		buf_printf(out, "%s%s;\n", prefix, clause.data);
	else
		log_warning("setting \"%s\" (%s) has no value: left out", entry, prefix);
	buf_free(&clause);
}

static void write_roles(buf_t *out, conn_t *c, const struct options *o)
{
	buf_t sql;
	PGresult *r;

	buf_init(&sql);
	buf_printf(&sql,
	           "SELECT r.rolname, " QUOTE_IDENT("r.rolname") ", r.rolsuper, r.rolinherit,"
	           " r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolconnlimit, %s,"
	           " r.rolvaliduntil, r.rolreplication, r.rolbypassrls,"
	           " pg_catalog.shobj_description(r.oid, 'pg_authid'),"
	           " " SHLABELS_SQL("ROLE", QUOTE_IDENT("r.rolname"), "r.oid", "pg_catalog.pg_authid")
	           " FROM pg_catalog.%s r WHERE r.rolname !~ '^pg_' ORDER BY r.rolname COLLATE \"C\"",
	           o->no_role_passwords ? "NULL::text" : "r.rolpassword",
	           o->no_role_passwords ? "pg_roles" : "pg_authid");
	r = conn_query(c, "reading the roles", sql.data, 0, NULL);
	if (PQntuples(r) > 0)
		buf_puts(out, "--\n-- roles\n--\n\n");
	for (int i = 0; i < PQntuples(r); i++) {
		const char *q = PQgetvalue(r, i, 1);
		char *create = xasprintf("CREATE ROLE %s", q);

		create_if_missing(out, create, "pg_roles", "rolname", PQgetvalue(r, i, 0));
		free(create);
		buf_printf(
		    out,
		    "ALTER ROLE %s WITH %sSUPERUSER %sINHERIT %sCREATEROLE %sCREATEDB %sLOGIN %sREPLICATION "
		    "%sBYPASSRLS CONNECTION LIMIT %s",
		    q, is_true(r, i, 2) ? "" : "NO", is_true(r, i, 3) ? "" : "NO",
		    is_true(r, i, 4) ? "" : "NO", is_true(r, i, 5) ? "" : "NO", is_true(r, i, 6) ? "" : "NO",
		    is_true(r, i, 10) ? "" : "NO", is_true(r, i, 11) ? "" : "NO", PQgetvalue(r, i, 7));
		if (get(r, i, 8)) {
			buf_puts(out, " PASSWORD ");
			literal(out, get(r, i, 8));
		}
		if (get(r, i, 9)) {
			buf_puts(out, " VALID UNTIL ");
			literal(out, get(r, i, 9));
		}
		buf_puts(out, ";\n");
		comment_on(out, "ROLE", q, get(r, i, 12));
		if (get(r, i, 13))
			buf_puts(out, get(r, i, 13));
	}
	if (PQntuples(r) > 0)
		buf_putc(out, '\n');
	PQclear(r);
	buf_free(&sql);
}

/* A membership: GRANT role TO member, with its options and grantor. */
typedef struct membership {
	const char *role, *member, *grantor; /* quoted; grantor NULL when unknown */
	bool admin, inherit, set, grantor_super;
	bool done;
} membership_t;

static void grant_membership(buf_t *out, const membership_t *m, bool v16)
{
	buf_printf(out, "GRANT %s TO %s", m->role, m->member);
	if (v16)
		buf_printf(out, " WITH ADMIN %s, INHERIT %s, SET %s", m->admin ? "TRUE" : "FALSE",
		           m->inherit ? "TRUE" : "FALSE", m->set ? "TRUE" : "FALSE");
	else if (m->admin)
		buf_puts(out, " WITH ADMIN OPTION");
	if (m->grantor)
		buf_printf(out, " GRANTED BY %s", m->grantor);
	buf_puts(out, ";\n");
}

/* On 16 and later a grantor must hold ADMIN OPTION on the role when the grant
 * is made (superusers aside), so a grant comes after the grant that gave its
 * grantor that option, as pg_dumpall orders them. */
static void write_memberships(buf_t *out, conn_t *c)
{
	bool v16 = c->server_version_num >= 160000;
	PGresult *r = conn_query(
	    c, "reading the role memberships",
	    v16 ? "SELECT " QUOTE_IDENT("ur.rolname") ", " QUOTE_IDENT("um.rolname") ","
	          " " QUOTE_IDENT("ug.rolname") ", a.admin_option, a.inherit_option,"
	          " a.set_option, ug.rolsuper"
	          " FROM pg_catalog.pg_auth_members a"
	          " JOIN pg_catalog.pg_roles ur ON ur.oid = a.roleid"
	          " JOIN pg_catalog.pg_roles um ON um.oid = a.member"
	          " LEFT JOIN pg_catalog.pg_roles ug ON ug.oid = a.grantor"
	          " WHERE um.rolname !~ '^pg_'"
	          " ORDER BY ur.rolname COLLATE \"C\", um.rolname COLLATE \"C\", ug.rolname COLLATE \"C\""
	        : "SELECT " QUOTE_IDENT("ur.rolname") ", " QUOTE_IDENT("um.rolname") ","
	          " " QUOTE_IDENT("ug.rolname") ", a.admin_option, true, true, ug.rolsuper"
	          " FROM pg_catalog.pg_auth_members a"
	          " JOIN pg_catalog.pg_roles ur ON ur.oid = a.roleid"
	          " JOIN pg_catalog.pg_roles um ON um.oid = a.member"
	          " LEFT JOIN pg_catalog.pg_roles ug ON ug.oid = a.grantor"
	          " WHERE um.rolname !~ '^pg_'"
	          " ORDER BY ur.rolname COLLATE \"C\", um.rolname COLLATE \"C\", ug.rolname COLLATE \"C\"",
	    0, NULL);
	int n = PQntuples(r), left = n;
	membership_t *m = xcalloc((size_t)n + 1, sizeof *m);

	for (int i = 0; i < n; i++) {
		m[i].role = PQgetvalue(r, i, 0);
		m[i].member = PQgetvalue(r, i, 1);
		m[i].grantor = get(r, i, 2);
		m[i].admin = is_true(r, i, 3);
		m[i].inherit = is_true(r, i, 4);
		m[i].set = is_true(r, i, 5);
		m[i].grantor_super = !m[i].grantor || is_true(r, i, 6);
	}
	if (n > 0)
		buf_puts(out, "--\n-- role memberships\n--\n\n");
	while (left > 0) {
		bool progress = false;
		for (int i = 0; i < n; i++) {
			bool ready = m[i].grantor_super || !v16;
			if (m[i].done)
				continue;
			for (int k = 0; k < n && !ready; k++)
				ready = m[k].done && m[k].admin && strcmp(m[k].role, m[i].role) == 0 &&
				        strcmp(m[k].member, m[i].grantor) == 0;
			if (!ready)
				continue;
			grant_membership(out, &m[i], v16);
			m[i].done = true;
			left--;
			progress = true;
		}
		if (progress)
			continue;
		/* A cycle: the rest go in their order, and the server says what
		 * is wrong. */
		for (int i = 0; i < n; i++)
			if (!m[i].done)
				grant_membership(out, &m[i], v16);
		break;
	}
	if (n > 0)
		buf_putc(out, '\n');
	free(m);
	PQclear(r);
}

/* Settings of a role everywhere (ALTER ROLE r SET ...). Settings inside one
 * database go with that database (globals_database). */
static void write_role_settings(buf_t *out, conn_t *c)
{
	PGresult *r = conn_query(c, "reading the role settings",
	                         "SELECT " QUOTE_IDENT("r.rolname") ", s.cfg"
	                         " FROM pg_catalog.pg_db_role_setting d"
	                         " JOIN pg_catalog.pg_roles r ON r.oid = d.setrole,"
	                         " pg_catalog.unnest(d.setconfig) WITH ORDINALITY s(cfg, n)"
	                         " WHERE d.setdatabase = 0 AND r.rolname !~ '^pg_'"
	                         " ORDER BY r.rolname COLLATE \"C\", s.n",
	                         0, NULL);

	for (int i = 0; i < PQntuples(r); i++) {
		char *prefix = xasprintf("ALTER ROLE %s", PQgetvalue(r, i, 0));
		setting(out, prefix, PQgetvalue(r, i, 1));
		free(prefix);
	}
	if (PQntuples(r) > 0)
		buf_putc(out, '\n');
	PQclear(r);
}

/* Privileges on configuration parameters (15+: GRANT SET, ALTER SYSTEM ON
 * PARAMETER), as pg_dumpall writes them: each grant by its grantor, since
 * GRANTED BY names only the current user here, in the ACL's own order, which
 * puts a grant after the one that gave its grantor the grant option. The
 * bootstrap superuser's own default privileges need no grant. */
static void write_parameter_privileges(buf_t *out, conn_t *c)
{
	PGresult *r;

	if (c->server_version_num < 150000)
		return;
	r = conn_query(c, "reading the privileges on parameters",
	               "SELECT pg_catalog.quote_ident(p.parname), a.privilege_type,"
	               " CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE " ROLE_NAME("a.grantee") " END,"
	               " a.is_grantable, CASE WHEN a.grantor <> 10 THEN " ROLE_NAME("a.grantor") " END"
	               " FROM pg_catalog.pg_parameter_acl p, pg_catalog.aclexplode(p.paracl) WITH ORDINALITY"
	               "  AS a(grantor, grantee, privilege_type, is_grantable, ord)"
	               " WHERE a.grantee <> 10"
	               " ORDER BY p.parname COLLATE \"C\", a.ord",
	               0, NULL);
	if (PQntuples(r) > 0)
		buf_puts(out, "--\n-- privileges on parameters\n--\n\n");
	for (int i = 0; i < PQntuples(r); i++) {
		const char *grantor = get(r, i, 4);
		if (grantor)
			buf_printf(out, "SET SESSION AUTHORIZATION %s;\n", grantor);
		buf_printf(out, "GRANT %s ON PARAMETER %s TO %s%s;\n", PQgetvalue(r, i, 1), PQgetvalue(r, i, 0),
		           PQgetvalue(r, i, 2), is_true(r, i, 3) ? " WITH GRANT OPTION" : "");
		if (grantor)
			buf_puts(out, "RESET SESSION AUTHORIZATION;\n");
	}
	if (PQntuples(r) > 0)
		buf_putc(out, '\n');
	PQclear(r);
}

static void write_tablespaces(buf_t *out, conn_t *c, const struct options *o)
{
	PGresult *r = conn_query(
	    c, "reading the tablespaces",
	    "SELECT t.spcname, " QUOTE_IDENT("t.spcname") ", " ROLE_NAME(
	        "t.spcowner") ","
	                      " pg_catalog.pg_tablespace_location(t.oid),"
	                      " pg_catalog.array_to_string(t.spcoptions, ', '),"
	                      " pg_catalog.shobj_description(t.oid, 'pg_tablespace'),"
	                      " " GRANTS_SQL(
	                          "TABLESPACE", "" QUOTE_IDENT("t.spcname") "", "t.spcacl",
	                          "t.spcowner") ","
	    " " SHLABELS_SQL("TABLESPACE", QUOTE_IDENT("t.spcname"), "t.oid", "pg_catalog.pg_tablespace")
	    " FROM pg_catalog.pg_tablespace t WHERE t.spcname !~ '^pg_'"
	                                        " ORDER BY t.spcname COLLATE \"C\"",
	    0, NULL);

	if (PQntuples(r) > 0)
		buf_puts(out, "--\n-- tablespaces\n--\n\n");
	for (int i = 0; i < PQntuples(r); i++) {
		const char *q = PQgetvalue(r, i, 1);
		buf_t create;

		buf_init(&create);
		buf_printf(&create, "CREATE TABLESPACE %s OWNER %s LOCATION ", q, PQgetvalue(r, i, 2));
		literal(&create, PQgetvalue(r, i, 3));
		create_if_missing(out, create.data, "pg_tablespace", "spcname", PQgetvalue(r, i, 0));
		buf_free(&create);
		buf_printf(out, "ALTER TABLESPACE %s OWNER TO %s;\n", q, PQgetvalue(r, i, 2));
		if (get(r, i, 4) && *get(r, i, 4))
			buf_printf(out, "ALTER TABLESPACE %s SET (%s);\n", q, get(r, i, 4));
		comment_on(out, "TABLESPACE", q, get(r, i, 5));
		if (o->privileges && get(r, i, 6))
			buf_puts(out, get(r, i, 6));
		if (get(r, i, 7))
			buf_puts(out, get(r, i, 7));
	}
	if (PQntuples(r) > 0)
		buf_putc(out, '\n');
	PQclear(r);
}

void globals_write(buf_t *out, conn_t *c, const struct options *o)
{
	conn_exec(c, "setting up the session",
	          c->server_version_num >= 170000
	              ? "SET DateStyle = ISO; SET TimeZone = 'UTC'; SET statement_timeout = 0;"
	                " SET idle_in_transaction_session_timeout = 0; SET transaction_timeout = 0"
	              : "SET DateStyle = ISO; SET TimeZone = 'UTC'; SET statement_timeout = 0;"
	                " SET idle_in_transaction_session_timeout = 0");
	conn_exec(c, "starting the snapshot", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
	if (!o->no_role_passwords) {
		PGresult *r = conn_query(
		    c, "checking access to the role passwords",
		    "SELECT pg_catalog.has_table_privilege('pg_catalog.pg_authid', 'SELECT')", 0, NULL);
		bool can = is_true(r, 0, 0);
		PQclear(r);
		if (!can)
			log_fatal("cannot read the role passwords (pg_authid) as user \"%s\": connect as a "
			          "superuser, or use --no-role-passwords",
			          PQuser(c->pg));
	}
	/* The globals come before any database's header: the same settings
	 * for the names and literals they hold. */
	buf_printf(out, "SET client_encoding = '%s';\nSET standard_conforming_strings = on;\n\n",
	           pg_encoding_to_char(PQclientEncoding(c->pg)));
	write_roles(out, c, o);
	write_memberships(out, c);
	write_role_settings(out, c);
	if (o->privileges)
		write_parameter_privileges(out, c);
	if (!o->roles_only)
		write_tablespaces(out, c, o);
	PQclear(PQexec(c->pg, "COMMIT"));
}

void globals_database(buf_t *out, conn_t *c, const struct options *o)
{
	int v = c->server_version_num;
	buf_t sql, create;
	PGresult *r;
	const char *provider, *locale, *rules;
	char *q;

	buf_init(&sql);
	/* GRANTS_SQL holds format() patterns: not a printf format itself. */
	buf_printf(&sql,
	           "SELECT d.datname, " QUOTE_IDENT("d.datname") ","
	           " pg_catalog.pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, %s, %s, %s,",
	           v >= 150000 ? "d.datlocprovider::text" : "'c'",
	           v >= 170000   ? "d.datlocale"
	           : v >= 150000 ? "d.daticulocale"
	                         : "NULL::text",
	           v >= 160000 ? "d.daticurules" : "NULL::text");
	buf_puts(
	    &sql,
	    " CASE WHEN t.spcname = 'pg_default' THEN NULL ELSE " QUOTE_IDENT("t.spcname") " END,"
	    " d.datconnlimit, d.datistemplate, " ROLE_NAME(
	        "d.datdba") ","
	                    " pg_catalog.shobj_description(d.oid, 'pg_database'),"
	                    " " GRANTS_SQL("DATABASE", "" QUOTE_IDENT("d.datname") "", "d.datacl",
	                                   "d.datdba") ","
	    " " SHLABELS_SQL("DATABASE", QUOTE_IDENT("d.datname"), "d.oid", "pg_catalog.pg_database")
	    " FROM pg_catalog.pg_database d JOIN "
	                                               "pg_catalog.pg_tablespace t ON t.oid = d.dattablespace"
	                                               " WHERE d.datname = pg_catalog.current_database()");
	r = conn_query(c, "reading the database's properties", sql.data, 0, NULL);
	q = xstrdup(PQgetvalue(r, 0, 1)); /* outlives r */
	provider = PQgetvalue(r, 0, 5);
	locale = get(r, 0, 6);
	rules = get(r, 0, 7);

	buf_init(&create);
	buf_printf(&create, "CREATE DATABASE %s WITH TEMPLATE = template0 ENCODING = ", q);
	literal(&create, PQgetvalue(r, 0, 2));
	if (*provider == 'i')
		buf_puts(&create, " LOCALE_PROVIDER = icu");
	else if (*provider == 'b')
		buf_puts(&create, " LOCALE_PROVIDER = builtin");
	else if (v >= 150000)
		buf_puts(&create, " LOCALE_PROVIDER = libc");
	buf_puts(&create, " LC_COLLATE = ");
	literal(&create, PQgetvalue(r, 0, 3));
	buf_puts(&create, " LC_CTYPE = ");
	literal(&create, PQgetvalue(r, 0, 4));
	if (locale && *provider == 'i') {
		buf_puts(&create, " ICU_LOCALE = ");
		literal(&create, locale);
	} else if (locale && *provider == 'b') {
		buf_puts(&create, " BUILTIN_LOCALE = ");
		literal(&create, locale);
	}
	if (rules) {
		buf_puts(&create, " ICU_RULES = ");
		literal(&create, rules);
	}
	if (get(r, 0, 8))
		buf_printf(&create, " TABLESPACE = %s", get(r, 0, 8));
	create_if_missing(out, create.data, "pg_database", "datname", PQgetvalue(r, 0, 0));
	buf_free(&create);

	buf_printf(out, "ALTER DATABASE %s WITH CONNECTION LIMIT = %s IS_TEMPLATE = %s;\n", q,
	           PQgetvalue(r, 0, 9), is_true(r, 0, 10) ? "true" : "false");
	if (o->owners)
		buf_printf(out, "ALTER DATABASE %s OWNER TO %s;\n", q, PQgetvalue(r, 0, 11));
	comment_on(out, "DATABASE", q, get(r, 0, 12));
	if (o->privileges && get(r, 0, 13))
		buf_puts(out, get(r, 0, 13));
	if (get(r, 0, 14))
		buf_puts(out, get(r, 0, 14));
	PQclear(r);

	r = conn_query(c, "reading the database's settings",
	               "SELECT " QUOTE_IDENT("r.rolname") ", s.cfg"
	               " FROM pg_catalog.pg_db_role_setting d"
	               " LEFT JOIN pg_catalog.pg_roles r ON r.oid = d.setrole,"
	               " pg_catalog.unnest(d.setconfig) WITH ORDINALITY s(cfg, n)"
	               " WHERE d.setdatabase = (SELECT oid FROM pg_catalog.pg_database"
	               "   WHERE datname = pg_catalog.current_database())"
	               " AND (d.setrole = 0 OR r.rolname IS NOT NULL)"
	               " ORDER BY d.setrole <> 0, r.rolname COLLATE \"C\", s.n",
	               0, NULL);
	for (int i = 0; i < PQntuples(r); i++) {
		char *prefix = get(r, i, 0) ? xasprintf("ALTER ROLE %s IN DATABASE %s", get(r, i, 0), q)
		                            : xasprintf("ALTER DATABASE %s", q);
		setting(out, prefix, PQgetvalue(r, i, 1));
		free(prefix);
	}
	PQclear(r);
	buf_free(&sql);
	free(q);
}
