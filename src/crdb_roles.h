/* crdb_roles: a CockroachDB cluster's users and roles, their memberships and
 * database zone configurations, turned into SQL that cockroach sql runs
 * (pure: it reads the documented answers of SHOW ROLES, SHOW GRANTS ON ROLE
 * and SHOW ZONE CONFIGURATION, and writes text). */
#ifndef DBDUMP_CRDB_ROLES_H
#define DBDUMP_CRDB_ROLES_H

#include <stdbool.h>

#include "buf.h"

/* The statements that read what the functions below turn into SQL. */
#define CRDB_ROLES_QUERY "SHOW ROLES"
#define CRDB_ROLE_GRANTS_QUERY "SHOW GRANTS ON ROLE"

/* True for the users CockroachDB makes itself (root, admin, public, node):
 * they exist everywhere and cannot be altered. */
bool crdb_role_builtin(const char *name);

/* One row of SHOW ROLES: username and options, the options as an array
 * ({CREATEROLE,"VALID UNTIL=2030-01-01 00:00:00+00"}, v22.2 and later) or as a
 * comma-separated text (CREATEROLE, NOLOGIN; older versions). Appends
 * "CREATE ROLE IF NOT EXISTS name;" and, when it has options, one
 * "ALTER ROLE name WITH ...;" (VALID UNTIL as a literal). Nothing for a
 * built-in user. False (appending nothing) when the options cannot be read. */
bool crdb_role_sql(buf_t *out, const char *username, const char *options);

/* One row of SHOW GRANTS ON ROLE (role_name, member, is_admin): the GRANT
 * that makes member a member of role. Nothing when both are built in (root
 * in admin). */
void crdb_role_grant_sql(buf_t *out, const char *role, const char *member, bool is_admin);

/* One row of SHOW ZONE CONFIGURATION FROM DATABASE db (target,
 * raw_config_sql): the raw_config_sql statement, ended, when the target is
 * the database itself ("DATABASE db", the name compared unquoted: CockroachDB
 * quotes as PostgreSQL does not), nothing when the database inherits another
 * zone's (RANGE default). */
void crdb_zone_sql(buf_t *out, const char *db, const char *target, const char *raw_config_sql);

/* A multi-region database's regions as SHOW REGIONS FROM DATABASE db lists
 * them (region, primary, secondary: n rows) and its survival goal (SHOW
 * SURVIVAL GOAL FROM DATABASE: "zone" or "region", or NULL): ALTER DATABASE
 * db SET PRIMARY REGION, ADD REGION for each other one, SET SECONDARY REGION,
 * SURVIVE REGION FAILURE when so, in that order (a region must be the
 * database's before it is secondary; surviving a region needs three).
 * Nothing for a database without regions. primary and secondary hold "t" or
 * "f"; secondary may be NULL (before v22.2). */
void crdb_regions_sql(buf_t *out, const char *db, const char *const *region, const char *const *primary,
                      const char *const *secondary, size_t n, const char *survival_goal);

#endif
