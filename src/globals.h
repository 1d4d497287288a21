/* globals: what belongs to the whole PostgreSQL cluster rather than to one
 * database (roles, their memberships and settings, tablespaces) and each
 * database's own properties, written the way pg_dumpall writes them, so that
 * the file restores into a fresh server and again into a populated one. */
#ifndef DBDUMP_GLOBALS_H
#define DBDUMP_GLOBALS_H

#include "buf.h"
#include "conn.h"
#include "options.h"

/* Reads the roles, memberships, role settings and (unless o->roles_only) the
 * tablespaces over c, inside one read-only transaction it opens and ends, and
 * appends their SQL to out. Every CREATE runs only where the object is
 * missing (psql's \gexec), attributes are then set with ALTER, nothing is
 * dropped. Without o->no_role_passwords it needs to read pg_authid (a
 * superuser), and fails saying so otherwise. */
void globals_write(buf_t *out, conn_t *c, const struct options *o);

/* For the database c is connected to: a CREATE DATABASE run only when it is
 * missing (encoding, locale provider and locales, tablespace), then its
 * connection limit, IS_TEMPLATE, comment, settings (ALTER DATABASE ... SET,
 * ALTER ROLE ... IN DATABASE ... SET), owner (o->owners) and privileges
 * (o->privileges). Reads inside c's open transaction. */
void globals_database(buf_t *out, conn_t *c, const struct options *o);

/* Appends " SET name TO value" for one "name=value" entry of a setconfig
 * array, as ALTER ROLE and ALTER DATABASE take it: the value as one string
 * literal, or, for the settings PostgreSQL keeps as quoted lists
 * (search_path, temp_tablespaces, *_preload_libraries), one literal per
 * element. Pure. Returns false (appending nothing) when entry has no '='. */
bool globals_set_clause(buf_t *out, const char *entry);

#endif
