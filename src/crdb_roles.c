/* crdb_roles: CockroachDB users, memberships and zone configurations as SQL. */
#include <config.h>

#include "crdb_roles.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crdb.h"
#include "quote.h"

bool crdb_role_builtin(const char *name)
{
	return strcmp(name, "root") == 0 || strcmp(name, "admin") == 0 || strcmp(name, "public") == 0 ||
	       strcmp(name, "node") == 0;
}

/* An option word as ALTER ROLE takes it: letters only, so that nothing else
 * the server might print ends up in the statement. */
static bool option_word(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
			return false;
	return true;
}

static bool add_option(buf_t *with, const char *opt, size_t n)
{
	static const char valid_until[] = "VALID UNTIL=";
	size_t vn = sizeof valid_until - 1;

	while (n > 0 && *opt == ' ')
		opt++, n--;
	while (n > 0 && opt[n - 1] == ' ')
		n--;
	if (n == 0)
		return true;
	if (n > vn && strncmp(opt, valid_until, vn) == 0) {
		buf_puts(with, " VALID UNTIL ");
		quote_literal(with, opt + vn, n - vn);
		return true;
	}
	if (!option_word(opt, n))
		return false;
	buf_printf(with, " %.*s", (int)n, opt);
	return true;
}

bool crdb_role_sql(buf_t *out, const char *username, const char *options)
{
	buf_t with;
	bool ok = true;

	if (crdb_role_builtin(username))
		return true;
	buf_init(&with);
	if (options && options[0] == '{') {
		char **items;
		size_t n;
		if (!crdb_parse_text_array(options, &items, &n)) {
			buf_free(&with);
			return false;
		}
		for (size_t i = 0; i < n && ok; i++)
			ok = items[i] && add_option(&with, items[i], strlen(items[i]));
		crdb_strings_free(items, n);
	} else if (options) {
		const char *p = options;
		while (ok && *p) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			ok = add_option(&with, p, len);
			p += len + (comma ? 1 : 0);
		}
	}
	if (ok) {
		buf_puts(out, "CREATE ROLE IF NOT EXISTS ");
		crdb_quote_ident(out, username);
		buf_puts(out, ";\n");
		if (with.len > 0) {
			buf_puts(out, "ALTER ROLE ");
			crdb_quote_ident(out, username);
			buf_printf(out, " WITH%s;\n", with.data);
		}
	}
	buf_free(&with);
	return ok;
}

void crdb_role_grant_sql(buf_t *out, const char *role, const char *member, bool is_admin)
{
	if (crdb_role_builtin(role) && crdb_role_builtin(member))
		return;
	buf_puts(out, "GRANT ");
	crdb_quote_ident(out, role);
	buf_puts(out, " TO ");
	crdb_quote_ident(out, member);
	buf_puts(out, is_admin ? " WITH ADMIN OPTION;\n" : ";\n");
}

/* Whether target is "DATABASE db", the name written as CockroachDB writes
 * it: compared unquoted, since its quoting is not PostgreSQL's (a non-ASCII
 * name bare, "index" quoted). */
static bool names_database(const char *target, const char *db)
{
	const char *p = target + 9;
	buf_t name;
	bool same;

	if (strncmp(target, "DATABASE ", 9) != 0)
		return false;
	if (*p != '"')
		return strcmp(p, db) == 0;
	buf_init(&name);
	for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
		if (*p == '"')
			p++;
		buf_putc(&name, *p);
	}
	same = *p == '"' && p[1] == '\0' && strcmp(name.data, db) == 0;
	buf_free(&name);
	return same;
}

void crdb_zone_sql(buf_t *out, const char *db, const char *target, const char *raw_config_sql)
{
	size_t n;

	if (names_database(target, db) && raw_config_sql && *raw_config_sql) {
		n = strlen(raw_config_sql);
		while (n > 0 && (raw_config_sql[n - 1] == ';' || raw_config_sql[n - 1] == '\n' ||
		                 raw_config_sql[n - 1] == ' '))
			n--;
		buf_printf(out, "%.*s;\n", (int)n, raw_config_sql);
	}
}

void crdb_regions_sql(buf_t *out, const char *db, const char *const *region, const char *const *primary,
                      const char *const *secondary, size_t n, const char *survival_goal)
{
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < n; i++) {
			bool is_primary = primary[i] && primary[i][0] == 't';
			bool is_secondary = secondary && secondary[i] && secondary[i][0] == 't';
			const char *how = pass == 0   ? (is_primary ? "SET PRIMARY REGION " : NULL)
			                  : pass == 1 ? (is_primary ? NULL : "ADD REGION ")
			                              : (is_secondary ? "SET SECONDARY REGION " : NULL);
			if (!how || !region[i])
				continue;
			buf_puts(out, "ALTER DATABASE ");
			crdb_quote_ident(out, db);
			buf_printf(out, " %s", how);
			/* Region names are names: "us-east1" needs its quotes. */
			crdb_quote_ident(out, region[i]);
			buf_puts(out, ";\n");
		}
	if (n > 0 && survival_goal && strcasecmp(survival_goal, "region") == 0) {
		buf_puts(out, "ALTER DATABASE ");
		crdb_quote_ident(out, db);
		buf_puts(out, " SURVIVE REGION FAILURE;\n");
	}
}
