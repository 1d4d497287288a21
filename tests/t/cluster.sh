#!/bin/bash
# Whole-cluster backups: --all-databases of a server holding roles (attributes,
# memberships, settings, passwords), a tablespace, database properties, large
# objects and an xml value with a declaration, restored into a second, fresh
# server, and compared there; restoring again into the populated server;
# --globals-only, --roles-only, --no-role-passwords, --large-objects and
# --no-large-objects.
# Labels are written into pg_shseclabel directly: 12 sets
# allow_system_table_mods only at the server's start.
PG_CONF_EXTRA="allow_system_table_mods = on"
. "$(dirname "$0")/lib.sh"

D=$TEST_TMP

# q2 DB [SQL]: q on the second server.
q2() {
	PGHOST=$PG2_SOCKDIR PGPORT=$PG2_PORT q "$@"
}

# The server's user must reach the tablespaces and the private installation.
if [ "$(id -u)" -eq 0 ]; then
	chmod 711 "$D"
fi
# A tablespace directory for each server, owned by the server's user.
mkdir "$D/ts1" "$D/ts2"
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$D/ts1" "$D/ts2"
fi

# An extension with configuration tables: no contrib extension has one, and
# PostgreSQL before 18 reads extensions from its share directory only. A
# server finds that directory relative to its own executable, so both servers
# run from a private copy of the binaries under $D/pg (the same absolute
# paths below it), whose share directory is links to the system's files plus
# the test extension. Nothing outside $D is written.
R=$D/pg
if [ -x "$PG_BINDIR/pg_config" ]; then
	bindir=$("$PG_BINDIR/pg_config" --bindir)
	sharedir=$("$PG_BINDIR/pg_config" --sharedir)
	pkglibdir=$("$PG_BINDIR/pg_config" --pkglibdir)
else
	# scripts/pg-majors' servers (no pg_config): PREFIX/bin, PREFIX/lib with
	# the shared libraries the binaries find at $ORIGIN/../lib, and
	# PREFIX/lib/postgresql, PREFIX/share/postgresql.
	bindir=$(cd "$PG_BINDIR" && pwd -P)
	sharedir=$(dirname "$bindir")/share/postgresql
	pkglibdir=$(dirname "$bindir")/lib/postgresql
fi
mkdir -p "$R$bindir" "$R$sharedir/extension" "$(dirname "$R$pkglibdir")"
cp "$bindir/postgres" "$bindir/pg_ctl" "$bindir/initdb" "$R$bindir/"
[ -e "$R$pkglibdir" ] || ln -s "$pkglibdir" "$R$pkglibdir"
if [ "$(dirname "$pkglibdir")" = "$(dirname "$bindir")/lib" ]; then
	for f in "$(dirname "$pkglibdir")"/*; do
		[ -e "$R$f" ] || ln -s "$f" "$R$f"
	done
fi
for f in "$sharedir"/*; do
	[ "$(basename "$f")" = extension ] || ln -s "$f" "$R$sharedir/"
done
ln -s "$sharedir"/extension/* "$R$sharedir/extension/"
cp "$FIXTURES"/extension/dbdump_cfg* "$R$sharedir/extension/"
chmod -R a+rX "$R"
pgctl stop -m fast -w >/dev/null
_pg_as "$R$bindir/pg_ctl" -D "$PG_DATA" -o "-p $PG_PORT" -w -t 60 -l "$PG_DATA/server.log" start >/dev/null ||
	_lib_bail "the server did not start from the private copy: $(tail -n 5 "$PG_DATA/server.log")"

q postgres <<SQL
CREATE ROLE app LOGIN PASSWORD 'app secret' CREATEDB CONNECTION LIMIT 7
    VALID UNTIL '2031-01-02 03:04:05+00';
CREATE ROLE readers NOLOGIN NOINHERIT;
CREATE ROLE "Mixed Case" LOGIN CREATEROLE REPLICATION BYPASSRLS PASSWORD 'other';
CREATE ROLE plain;
-- Names and comments that span lines must not start a line of the dump.
CREATE ROLE "two
lines" LOGIN;
COMMENT ON ROLE "two
lines" IS 'a comment
\! echo from the comment';
GRANT readers TO "two
lines";
ALTER ROLE "two
lines" SET application_name = 'x
y';
COMMENT ON ROLE app IS 'the application''s role';
GRANT readers TO app WITH ADMIN OPTION;
GRANT readers TO "Mixed Case" GRANTED BY app;
-- A predefined role (pg_read_all_data only since 14).
GRANT pg_read_all_stats TO plain;
ALTER ROLE app SET search_path TO shop, "Odd, Schema", public;
ALTER ROLE app SET work_mem = '8MB';
ALTER ROLE "Mixed Case" SET application_name = 'it''s mixed';
CREATE TABLESPACE fast OWNER app LOCATION '$D/ts1';
ALTER TABLESPACE fast SET (random_page_cost = 1.5);
COMMENT ON TABLESPACE fast IS 'the fast disk';
CREATE DATABASE appdb OWNER app CONNECTION LIMIT 20 TEMPLATE template0;
COMMENT ON DATABASE appdb IS 'application data';
ALTER DATABASE appdb SET statement_timeout = '30s';
ALTER ROLE app IN DATABASE appdb SET work_mem = '16MB';
REVOKE CONNECT, TEMPORARY ON DATABASE appdb FROM PUBLIC;
GRANT CONNECT ON DATABASE appdb TO readers;
CREATE DATABASE "Fast DB" TABLESPACE fast TEMPLATE template0;
CREATE DATABASE tmpl TEMPLATE template0 IS_TEMPLATE true;
SQL

q appdb <<'SQL'
CREATE SCHEMA shop AUTHORIZATION app;
CREATE TABLE shop.items (id integer PRIMARY KEY, name text, doc xml);
INSERT INTO shop.items VALUES
    (1, 'one', '<?xml version="1.0"?><item n="1"/>'),
    (2, 'two', ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' || E'\n<item>two</item>')::xml),
    (3, 'three', 'plain <b>content</b>'),
    (4, 'four', NULL);
ALTER TABLE shop.items OWNER TO app;
-- Large objects: an empty one, a small one with owner, comment and a grant,
-- and one of several megabytes.
SELECT lo_create(424242);
SELECT lo_from_bytea(500001, '\x00ff0102 68656c6c6f'::bytea);
ALTER LARGE OBJECT 500001 OWNER TO app;
COMMENT ON LARGE OBJECT 500001 IS 'a small object';
GRANT SELECT ON LARGE OBJECT 500001 TO readers;
-- Enough small ones that -j spreads them over several items.
SELECT lo_from_bytea(700000 + i, convert_to('object ' || i, 'UTF8')) FROM generate_series(1, 150) AS i;
SELECT lo_from_bytea(600001, (SELECT string_agg(sha256(i::text::bytea), '' ORDER BY i)
                                FROM generate_series(1, 100000) AS i));
SQL
q appdb <<'SQL'
CREATE EXTENSION dbdump_cfg;
INSERT INTO cfg_settings VALUES ('mine', 'kept', false), ('theirs', NULL, false);
INSERT INTO cfg_log VALUES (1, '<?xml version="1.0"?><a/>'), (2, NULL);
SELECT nextval('cfg_seq') FROM generate_series(1, 5);
SQL
check_eq "$(q appdb "SELECT count(*) FROM pg_largeobject_metadata; SELECT count(*) FROM shop.items")" $'153\n4' \
	"set-up: the large objects and the rows are there"
q "Fast DB" "CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 50)"
q tmpl "CREATE TABLE templated (a text); INSERT INTO templated VALUES ('from the template')"

run "$DBDUMP" --all-databases --owners --privileges -f "$D/all.sql"
check_status "$status" 0 "--all-databases --owners --privileges succeeds"
all=$(cat "$D/all.sql")
check_contains "$all" "ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE CREATEDB LOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 7 PASSWORD 'SCRAM-SHA-256\$" \
	"roles: attributes and the password hash"
check_contains "$all" "SELECT 'CREATE ROLE app' WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'app')\\gexec" \
	"roles: created only where missing"
# 16 and newer keep the ADMIN, INHERIT and SET options of each grant.
membership_options=
[ "$PG_SERVER_MAJOR" -ge 16 ] && membership_options=" WITH ADMIN FALSE, INHERIT TRUE, SET TRUE"
check_contains "$all" "GRANT readers TO \"Mixed Case\"$membership_options GRANTED BY app;" \
	"memberships: options and grantor"
check_contains "$(tail -n 1 "$D/all.sql")" "-- dbdump: dump complete" "--all-databases: the trailer"
check_not_contains "$all" "CREATE ROLE pg_" "no predefined role is created"
check_eq "$(grep -c -e '^lines' -e '^\\! echo' -e '^y' "$D/all.sql")" 0 "no text of a name or a comment starts a line"
check_contains "$all" "SELECT pg_catalog.lo_create('600001');" "large objects: created by OID"

# The second, fresh server (from the private copy too, for the extension);
# the tablespace goes to its own directory.
PG_BINDIR=$R$bindir second_server
sed "s|LOCATION ''$D/ts1''|LOCATION ''$D/ts2''|" "$D/all.sql" >"$D/all2.sql"
check_eq "$(grep -c "$D/ts2" "$D/all2.sql")" 1 "the tablespace location moved for the second server"
PGHOST=$PG2_SOCKDIR PGPORT=$PG2_PORT restore postgres "$D/all2.sql"

# Roles and memberships: pg_dumpall -g of both, without comments and paths;
# on a server Debian's pg_dumpall cannot read, the catalog rows it would read
# (every column of pg_authid, of pg_auth_members, with names for oids).
if pg_dump_reads_server; then
	globals() {
		# Without comments, SET lines and \restrict (a random key each run).
		"$PG_CLIENT_BINDIR/pg_dumpall" -g --no-tablespaces -h "$1" -p "$2" | grep -v '^--' | grep -v '^$' |
			grep -v '^SET ' | grep -v '^\\'
	}
	what="pg_dumpall -g"
	grantor_needle="GRANTED BY app"
else
	globals() {
		PGHOST=$1 PGPORT=$2 q postgres "SELECT to_jsonb(a) - 'oid',
			shobj_description(a.oid, 'pg_authid') FROM pg_authid a WHERE rolname !~ '^pg_' ORDER BY rolname;
			SELECT r.rolname, m.rolname, g.rolname, to_jsonb(x) - '{oid,roleid,member,grantor}'::text[]
			FROM pg_auth_members x JOIN pg_roles r ON r.oid = x.roleid JOIN pg_roles m ON m.oid = x.member
			JOIN pg_roles g ON g.oid = x.grantor ORDER BY 1, 2, 3"
	}
	what="the catalog (pg_dumpall $PG_CLIENT_MAJOR cannot read a server of $PG_SERVER_MAJOR)"
	grantor_needle="readers|Mixed Case|app|"
fi
g1=$(globals "$PG_SOCKDIR" "$PG_PORT")
g2=$(globals "$PG2_SOCKDIR" "$PG2_PORT")
check_eq "$g2" "$g1" "roles, passwords, memberships and role settings: $what is the same"
check_contains "$g1" "$grantor_needle" "the comparison covers a grantor"
check_contains "$g1" "SCRAM-SHA-256" "the comparison covers the passwords"

props="SELECT d.datname, d.datconnlimit, d.datistemplate, pg_get_userbyid(d.datdba), t.spcname,
              d.datacl, shobj_description(d.oid, 'pg_database'), pg_encoding_to_char(d.encoding),
              d.datcollate, d.datctype
         FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace ORDER BY 1"
check_eq "$(q2 postgres "$props")" "$(q postgres "$props")" "databases: the same properties"
settings="SELECT coalesce(r.rolname, '-'), coalesce(d.datname, '-'), s.setconfig
            FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole
            LEFT JOIN pg_database d ON d.oid = s.setdatabase ORDER BY 1, 2"
check_eq "$(q2 postgres "$settings")" "$(q postgres "$settings")" "role and database settings are the same"
check_contains "$(q2 postgres "$settings")" "appdb" "settings: one inside a database"
spc="SELECT spcname, pg_get_userbyid(spcowner), spcoptions, shobj_description(oid, 'pg_tablespace')
       FROM pg_tablespace ORDER BY 1"
check_eq "$(q2 postgres "$spc")" "$(q postgres "$spc")" "tablespaces: the same owner, options and comment"

los="SELECT l.oid, pg_get_userbyid(l.lomowner), l.lomacl, obj_description(l.oid, 'pg_largeobject'),
            length(lo_get(l.oid)), md5(lo_get(l.oid)) FROM pg_largeobject_metadata l ORDER BY 1"
check_eq "$(q2 appdb "$los")" "$(q appdb "$los")" "large objects: the same bytes, owner, privileges and comment"
check_contains "$(q2 appdb "$los")" "600001|postgres|||3200000|" "large objects: the multi-megabyte one"

tables_of() {
	q "$1" "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
	         WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
}
for db in appdb "Fast DB" tmpl; do
	mapfile -t tabs < <(tables_of "$db")
	a=$(_lib_checksums "$db" "${tabs[@]}")
	b=$(PGHOST=$PG2_SOCKDIR PGPORT=$PG2_PORT _lib_checksums "$db" "${tabs[@]}")
	check_eq "$b" "$a" "database $db: the same tables and rows on the second server"
done
cfg="SELECT key, value, standard FROM cfg_settings ORDER BY key;
     SELECT n, doc::text FROM cfg_log ORDER BY n; SELECT last_value, is_called FROM cfg_seq"
check_eq "$(q2 appdb "$cfg")" "$(q appdb "$cfg")" "extension configuration: the rows and the sequence value"
check_contains "$(q2 appdb "$cfg")" "mine|kept|f" "extension configuration: a user's row"
check_eq "$(q2 appdb "SELECT count(*) FROM cfg_settings WHERE standard")" 1 \
	"extension configuration: the extension's own row is not doubled"
xml="SELECT id, doc::text FROM shop.items ORDER BY id"
check_eq "$(q2 appdb "$xml")" "$(q appdb "$xml")" "xml values keep their declarations byte for byte"
check_contains "$(q2 appdb "$xml")" '1|<?xml version="1.0"?><item n="1"/>' "xml: the declaration is there"

# Restoring the globals again into the populated server: no error.
run "$DBDUMP" --globals-only -f "$D/globals.sql"
check_status "$status" 0 "--globals-only succeeds"
sed "s|LOCATION ''$D/ts1''|LOCATION ''$D/ts2''|" "$D/globals.sql" >"$D/globals2.sql"
check_not_contains "$(cat "$D/globals.sql")" '\connect' "--globals-only: no database"
check_contains "$(cat "$D/globals.sql")" "CREATE TABLESPACE fast" "--globals-only: the tablespace"
PGHOST=$PG2_SOCKDIR PGPORT=$PG2_PORT restore postgres "$D/globals2.sql"
PGHOST=$PG2_SOCKDIR PGPORT=$PG2_PORT restore postgres "$D/globals2.sql"

# A whole --clean --if-exists dump restores twice over itself.
run "$DBDUMP" --all-databases --clean --if-exists --owners --privileges -f "$D/clean.sql"
check_status "$status" 0 "--all-databases --clean --if-exists succeeds"
sed "s|LOCATION ''$D/ts1''|LOCATION ''$D/ts2''|" "$D/clean.sql" >"$D/clean2.sql"
PGHOST=$PG2_SOCKDIR PGPORT=$PG2_PORT restore postgres "$D/clean2.sql"
PGHOST=$PG2_SOCKDIR PGPORT=$PG2_PORT restore postgres "$D/clean2.sql"
check_eq "$(q2 appdb "$los")" "$(q appdb "$los")" "large objects: the same after restoring twice"

run "$DBDUMP" --roles-only
check_status "$status" 0 "--roles-only succeeds"
check_contains "$out" "ALTER ROLE readers WITH" "--roles-only: the roles"
check_not_contains "$out" "TABLESPACE" "--roles-only: no tablespace"

# Without a superuser: pg_authid is out of reach, said so; --no-role-passwords works.
q postgres "CREATE ROLE lesser LOGIN"
run "$DBDUMP" -U lesser --globals-only
check_status "$status" 1 "a non-superuser without --no-role-passwords fails"
check_eq "$err" 'dbdump: cannot read the role passwords (pg_authid) as user "lesser": connect as a superuser, or use --no-role-passwords' \
	"the message says why and what to do"
run "$DBDUMP" -U lesser --globals-only --no-role-passwords
check_status "$status" 0 "--no-role-passwords works for a non-superuser"
check_not_contains "$out" "PASSWORD" "--no-role-passwords: no password"
check_contains "$out" "-- role passwords: not dumped (--no-role-passwords)" "--no-role-passwords: said in the header"

# Large objects: by default only without a selection; -b and -B force it.
run "$DBDUMP" appdb
check_contains "$out" "lo_create('500001')" "a whole database: its large objects"
run "$DBDUMP" appdb -B
check_not_contains "$out" "lo_create" "--no-large-objects: none"
run "$DBDUMP" appdb shop.items
check_not_contains "$out" "lo_create" "a table selection: no large objects"
run "$DBDUMP" -b appdb shop.items
check_contains "$out" "lo_create('500001')" "--large-objects with a table selection"
run "$DBDUMP" -s appdb
check_not_contains "$out" "lo_create" "--schema-only: no large objects (they are data)"
run "$DBDUMP" --list appdb
check_contains "$out" $'pg_catalog\tpg_largeobject\t153' "--list: the large objects, counted"
"$DBDUMP" appdb -f "$D/j1.sql"
"$DBDUMP" -j 3 appdb -f "$D/j2.sql"
same_dump "$D/j1.sql" "$D/j2.sql" "large objects: -j 3 writes the same bytes as -j 1"
newdb lorestore
restore lorestore "$D/j1.sql"
check_eq "$(q lorestore "SELECT oid, length(lo_get(oid)), md5(lo_get(oid)) FROM pg_largeobject_metadata ORDER BY 1")" \
	"$(q appdb "SELECT oid, length(lo_get(oid)), md5(lo_get(oid)) FROM pg_largeobject_metadata ORDER BY 1")" \
	"a database dump restores its large objects"

# Security labels on roles, tablespaces and databases, as pg_dumpall writes
# them. No label provider is loadable here (dummy_seclabel is a test module
# no package ships, sepgsql needs SELinux), so the labels are put into
# pg_shseclabel directly and only the dump's text is checked.
q postgres "INSERT INTO pg_shseclabel VALUES ('app'::regrole, 'pg_authid'::regclass, 'dummy', 'the app''s'),
		((SELECT oid FROM pg_tablespace WHERE spcname = 'fast'), 'pg_tablespace'::regclass, 'dummy', 'disk'),
		((SELECT oid FROM pg_database WHERE datname = 'appdb'), 'pg_database'::regclass, 'selinux', 'x'),
		((SELECT oid FROM pg_database WHERE datname = 'appdb'), 'pg_database'::regclass, 'dummy', 'db')" >/dev/null
run "$DBDUMP" --all-databases -s
check_status "$status" 0 "--all-databases with labels on shared objects"
check_eq "$(grep '^SECURITY LABEL' "$TEST_TMP/out")" "SECURITY LABEL FOR dummy ON ROLE app IS 'the app''s';
SECURITY LABEL FOR dummy ON TABLESPACE fast IS 'disk';
SECURITY LABEL FOR dummy ON DATABASE appdb IS 'db';
SECURITY LABEL FOR selinux ON DATABASE appdb IS 'x';" "each label after its object, one per provider"
check_contains "$out" "COMMENT ON ROLE app IS 'the application''s role';
SECURITY LABEL FOR dummy ON ROLE app IS 'the app''s';" "a role's label follows its comment"
q postgres "DELETE FROM pg_shseclabel WHERE provider IN ('dummy', 'selinux')" >/dev/null

done_testing
