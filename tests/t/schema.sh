#!/bin/bash
# Schema fidelity: a database holding every kind of object dbdump carries
# (tests/fixtures/schema_objects.sql) is dumped and restored into an empty
# database; pg_dump --schema-only must then print the same text for both, and
# every table must hold the same rows.
. "$(dirname "$0")/lib.sh"

newdb src
q src <"$FIXTURES/schema_objects.sql" >/dev/null 2>"$TEST_TMP/fixture.err" ||
	fail "load the fixture" "$(cat "$TEST_TMP/fixture.err")"

run "$DBDUMP" -f "$TEST_TMP/dump.sql" src
check_status "$status" 0 "dump of the fixture database"
dump=$(cat "$TEST_TMP/dump.sql")

newdb dst
restore dst "$TEST_TMP/dump.sql"
same_schema src dst "pg_dump --schema-only is the same for the source and the copy"
compare_db src dst

# The dump of the copy is the dump of the source.
run "$DBDUMP" -f "$TEST_TMP/dump2.sql" dst
check_status "$status" 0 "dump of the copy"
check_eq "$(grep -v '^-- ' "$TEST_TMP/dump2.sql" | grep -v 'updated at\|^(')" \
	"$(grep -v '^-- ' "$TEST_TMP/dump.sql" | grep -v 'updated at\|^(')" "dumping the copy gives the same schema text"

# What the dump must not carry.
check_not_contains "$dump" "EXTENSION IF NOT EXISTS plpgsql" "plpgsql, built in, is not dumped"
check_not_contains "$dump" "citext_eq" "the objects of an extension are not dumped"
check_not_contains "$dump" "OWNER TO" "no owner without --owners"
check_not_contains "$dump" "GRANT" "no privileges without --privileges"
check_contains "$dump" "CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA ext;" "extensions keep their schema"

# Order: sections as pg_dump's; materialized views filled after the data.
line_of() {
	grep -n -F -m 1 -- "$1" "$TEST_TMP/dump.sql" | cut -d: -f1
}
first_insert=$(line_of 'INSERT INTO')
pkey=$(line_of 'ADD CONSTRAINT "Customer_pkey" PRIMARY KEY')
fkey=$(line_of 'ADD CONSTRAINT chicken_egg_fk FOREIGN KEY')
index=$(line_of 'CREATE INDEX docs_hash')
trigger=$(line_of 'CREATE TRIGGER "touch it"')
refresh=$(line_of 'REFRESH MATERIALIZED VIEW public.event_counts;')
refresh2=$(line_of 'REFRESH MATERIALIZED VIEW public.event_total;')
matview=$(line_of 'CREATE MATERIALIZED VIEW public.event_counts')
if [ -n "$first_insert" ] && [ -n "$pkey" ] && [ -n "$fkey" ] && [ -n "$index" ] && [ -n "$trigger" ] &&
	[ "$matview" -lt "$first_insert" ] && [ "$first_insert" -lt "$pkey" ] && [ "$pkey" -lt "$fkey" ] &&
	[ "$first_insert" -lt "$index" ] && [ "$first_insert" -lt "$trigger" ] && [ "$fkey" -lt "$refresh" ] &&
	[ "$refresh" -lt "$refresh2" ]; then
	ok "pre-data, data, post-data, then the materialized views' refresh"
else
	fail "pre-data, data, post-data, then the materialized views' refresh" \
		"matview $matview insert $first_insert pkey $pkey fkey $fkey index $index trigger $trigger refresh $refresh $refresh2"
fi
check_contains "$dump" "WITH NO DATA;" "materialized views are created empty"
check_eq "$(q dst 'SELECT total FROM public.event_total')" "4" "materialized views on materialized views are filled"

# The view and the function that need each other: a stub view first.
check_contains "$dump" "CREATE VIEW public.cycle_view AS
 SELECT NULL::integer AS id, NULL::text AS label;" "a view in a cycle is written first as a stub"
check_eq "$(q dst 'SELECT count(*) FROM public.cycle_view')" "1" "the view of the cycle works after the restore"

# Inheritance children's rows are dumped once, with ONLY.
check_eq "$(grep -c '^INSERT INTO public.vehicle ' "$TEST_TMP/dump.sql")" "1" "a parent's rows are one INSERT"
check_eq "$(q dst 'SELECT count(*) FROM public.vehicle')" "4" "inherited rows are not doubled"
check_eq "$(q dst 'SELECT count(*) FROM ONLY "Sales".events')" "0" "a partitioned table's rows live in its partitions"
check_eq "$(q dst 'SELECT count(*) FROM "Sales".events')" "4" "every partition's rows are restored"

# Sequence state, identity included.
check_eq "$(q dst "SELECT last_value, is_called FROM public.plain_seq")" "-1|t" "a sequence keeps its state"
check_eq "$(q dst "SELECT last_value, is_called FROM public.never_used")" "1|f" "an unused sequence stays unused"
check_eq "$(q dst "INSERT INTO public.every_column (name) VALUES ('z') RETURNING id")" "20" \
	"an identity column continues where it was"
check_eq "$(q dst "SELECT relrowsecurity, relforcerowsecurity FROM pg_catalog.pg_class WHERE oid = 'public.docs'::regclass")" \
	"t|t" "row-level security stays enabled and forced"

# --schema-only: no rows, no refresh; the schema alone restores.
run "$DBDUMP" --schema-only -f "$TEST_TMP/schema.sql" src
check_status "$status" 0 "dump --schema-only"
check_not_contains "$(cat "$TEST_TMP/schema.sql")" "REFRESH MATERIALIZED VIEW" "--schema-only does not refresh"
newdb schemaonly
restore schemaonly "$TEST_TMP/schema.sql"
same_schema src schemaonly "the schema-only copy has the same schema"

# The catalog is read in a fixed number of queries, whatever the number of
# tables (which kinds the database holds decides whether the types,
# functions and views queries run: both databases have tables and views).
count_statements() {
	"$DBDUMP" -v -v --schema-only "$1" 2>&1 >/dev/null | grep -c 'statement: '
}
newdb few
q few "CREATE TABLE t1 (id int PRIMARY KEY, v text DEFAULT 'x' CHECK (v <> ''));
	CREATE VIEW v1 AS SELECT * FROM t1"
newdb many
q many "DO \$\$BEGIN FOR i IN 1..40 LOOP
	EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, v text DEFAULT %L CHECK (v <> %L))', i, 'x', '');
	EXECUTE format('CREATE INDEX ON t%s (v)', i);
	EXECUTE format('CREATE VIEW v%s AS SELECT * FROM t%s', i, i);
END LOOP; END\$\$"
few_n=$(count_statements few)
many_n=$(count_statements many)
if [ "$few_n" -gt 0 ] && [ "$few_n" == "$many_n" ]; then
	ok "the same number of catalog queries for 1 table and for 40 ($few_n)"
else
	fail "the same number of catalog queries for 1 table and for 40" "1 table: $few_n, 40 tables: $many_n"
fi

# A big catalog's tables, columns and constraints are read on a second
# connection (catalog_pg.c): the threshold lowered to 0 rows (test-only), the
# dumps of the fixture are the usual bytes in every mode that writes DDL.
for mode in "" "--schema-only" "--clean --if-exists" "--privileges --owners --schema-only"; do
	# shellcheck disable=SC2086 # the mode is several words
	"$DBDUMP" $mode -f "$TEST_TMP/one.sql" src </dev/null 2>"$TEST_TMP/one.err"
	one=$?
	# shellcheck disable=SC2086
	DBDUMP_TEST_CATALOG_SIDE=0 "$DBDUMP" -v $mode -f "$TEST_TMP/two.sql" src </dev/null 2>"$TEST_TMP/two.err"
	check_status "$?" "$one" "second catalog connection, same status: dbdump $mode"
	check_contains "$(cat "$TEST_TMP/two.err")" \
		"dbdump: reading the tables, columns and constraints on a second connection" \
		"the second catalog connection is used: dbdump $mode"
	same_dump "$TEST_TMP/one.sql" "$TEST_TMP/two.sql" "second catalog connection, same bytes: dbdump $mode"
done
# When no second connection can be had (a role allowed one; superusers are
# not held to such a limit), the main connection reads everything itself:
# the same dump.
q postgres "DROP ROLE IF EXISTS dbdump_single; CREATE ROLE dbdump_single LOGIN CONNECTION LIMIT 1" >/dev/null
newdb single
q single "ALTER SCHEMA public OWNER TO dbdump_single; SET ROLE dbdump_single;
	CREATE TABLE t (id int PRIMARY KEY, v text DEFAULT 'x' CHECK (v <> '')); CREATE INDEX ON t (v);
	INSERT INTO t VALUES (1, 'a')" >/dev/null
"$DBDUMP" -U dbdump_single -f "$TEST_TMP/single1.sql" single </dev/null 2>"$TEST_TMP/single1.err"
check_status "$?" 0 "one connection allowed: the usual dump succeeds"
DBDUMP_TEST_CATALOG_SIDE=0 "$DBDUMP" -v -U dbdump_single -f "$TEST_TMP/single2.sql" single </dev/null \
	2>"$TEST_TMP/single2.err"
check_status "$?" 0 "one connection allowed: the dump succeeds"
check_contains "$(cat "$TEST_TMP/single2.err")" "dbdump: could not open a second connection to read the catalog (" \
	"one connection allowed: said at -v"
same_dump "$TEST_TMP/single1.sql" "$TEST_TMP/single2.sql" "one connection allowed: the usual bytes"
q postgres "DROP DATABASE single; DROP ROLE dbdump_single" >/dev/null

# Owners and privileges, only when asked for.
q postgres "DROP ROLE IF EXISTS dbdump_owner; DROP ROLE IF EXISTS \"dbdump reader\";
	CREATE ROLE dbdump_owner; CREATE ROLE \"dbdump reader\"" >/dev/null 2>&1
newdb acl
q acl "CREATE SCHEMA app AUTHORIZATION dbdump_owner;
	CREATE TABLE app.t (id int, secret text);
	ALTER TABLE app.t OWNER TO dbdump_owner;
	GRANT SELECT ON app.t TO \"dbdump reader\";
	GRANT UPDATE (secret) ON app.t TO \"dbdump reader\" WITH GRANT OPTION;
	CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
	ALTER FUNCTION app.f() OWNER TO dbdump_owner;
	REVOKE EXECUTE ON FUNCTION app.f() FROM PUBLIC;
	CREATE SEQUENCE app.s; ALTER SEQUENCE app.s OWNER TO dbdump_owner;
	GRANT USAGE ON SCHEMA app TO \"dbdump reader\";
	CREATE TYPE app.e AS ENUM ('a'); ALTER TYPE app.e OWNER TO dbdump_owner;
	CREATE VIEW app.v AS SELECT id FROM app.t; ALTER VIEW app.v OWNER TO dbdump_owner;
	GRANT SELECT (id) ON app.v TO \"dbdump reader\";
	CREATE FOREIGN DATA WRAPPER acl_w; CREATE SERVER acl_s FOREIGN DATA WRAPPER acl_w;
	CREATE FOREIGN TABLE app.ft (a int) SERVER acl_s; GRANT INSERT (a) ON app.ft TO \"dbdump reader\";"
run "$DBDUMP" acl
check_not_contains "$out" "dbdump_owner" "the default dump names no roles"
run "$DBDUMP" --owners --privileges -f "$TEST_TMP/acl.sql" acl
check_status "$status" 0 "dump with --owners --privileges"
newdb acl_copy
restore acl_copy "$TEST_TMP/acl.sql"
same_full_schema acl acl_copy "owners and privileges are restored"
colacl="SELECT string_agg(format('%s.%s %s', attrelid::regclass, attname, attacl), ', ' ORDER BY attrelid::regclass::text)
	FROM pg_attribute WHERE attacl IS NOT NULL AND attrelid::regclass::text LIKE 'app.%'"
check_eq "$(q acl_copy "$colacl")" "$(q acl "$colacl")" \
	"column privileges on tables, views and foreign tables are restored"
check_contains "$(q acl "$colacl")" 'app.v.id {"\"dbdump reader\"=r/dbdump_owner"}' "a view's column privileges in the source"
run "$DBDUMP" --owners acl
check_contains "$out" "ALTER TABLE app.t OWNER TO dbdump_owner;" "--owners sets a table's owner"
check_not_contains "$out" "GRANT" "--owners alone sets no privileges"
# A materialized view over tables with row-level security: its refresh runs
# as its owner, bound by the policies (forced on the table's owner, or the
# view's owner is another role); row_security = off, set for the data, would
# make the restore fail.
q acl "CREATE TABLE app.secret (id int, who text); INSERT INTO app.secret VALUES (1, 'a'), (2, 'b');
	ALTER TABLE app.secret OWNER TO dbdump_owner;
	ALTER TABLE app.secret ENABLE ROW LEVEL SECURITY; ALTER TABLE app.secret FORCE ROW LEVEL SECURITY;
	CREATE POLICY only_a ON app.secret USING (who = 'a');
	GRANT SELECT ON app.secret TO \"dbdump reader\";
	CREATE MATERIALIZED VIEW app.mine AS SELECT count(*) AS n FROM app.secret;
	ALTER MATERIALIZED VIEW app.mine OWNER TO dbdump_owner;
	CREATE MATERIALIZED VIEW app.theirs AS SELECT count(*) AS n FROM app.secret;
	ALTER MATERIALIZED VIEW app.theirs OWNER TO \"dbdump reader\";
	REFRESH MATERIALIZED VIEW app.mine; REFRESH MATERIALIZED VIEW app.theirs" >/dev/null
run "$DBDUMP" --owners --privileges -f "$TEST_TMP/rls.sql" acl
check_status "$status" 0 "a materialized view over a table with row-level security"
newdb rls_copy
restore rls_copy "$TEST_TMP/rls.sql"
check_eq "$(q rls_copy "SELECT (SELECT n FROM app.mine), (SELECT n FROM app.theirs)")" "1|1" \
	"its refresh restores, filled as its owner sees the table"
q postgres "DROP DATABASE rls_copy" >/dev/null
q postgres "DROP DATABASE acl; DROP DATABASE acl_copy; DROP ROLE dbdump_owner; DROP ROLE \"dbdump reader\"" >/dev/null

# A trigger cloned onto a partition keeps a state of its own (ALTER TABLE
# partition DISABLE TRIGGER): the clone is not created, its state is. (13
# and 14 mark clones internal too; 12 does, with no tgparentid: not
# carried there.)
if [ "$PG_SERVER_MAJOR" -ge 13 ]; then
	newdb clones
	q clones "CREATE TABLE pt (k int) PARTITION BY RANGE (k);
		CREATE TABLE pt1 PARTITION OF pt FOR VALUES FROM (0) TO (100);
		CREATE TABLE pt2 PARTITION OF pt FOR VALUES FROM (100) TO (200) PARTITION BY RANGE (k);
		CREATE TABLE pt21 PARTITION OF pt2 FOR VALUES FROM (100) TO (150);
		CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
		CREATE TRIGGER on_all BEFORE INSERT ON pt FOR EACH ROW EXECUTE FUNCTION trg();
		CREATE TRIGGER off_all BEFORE INSERT ON pt FOR EACH ROW EXECUTE FUNCTION trg();
		ALTER TABLE ONLY pt DISABLE TRIGGER off_all; ALTER TABLE ONLY pt2 ENABLE TRIGGER off_all;
		ALTER TABLE ONLY pt1 DISABLE TRIGGER on_all; ALTER TABLE ONLY pt21 ENABLE REPLICA TRIGGER on_all" >/dev/null
	run "$DBDUMP" --clean --if-exists -f "$TEST_TMP/clones.sql" clones
	check_status "$status" 0 "triggers cloned onto partitions"
	check_not_contains "$(cat "$TEST_TMP/clones.sql")" "DROP TRIGGER IF EXISTS on_all ON public.pt1" \
		"a clone is not dropped on its own"
	newdb clones_copy
	restore clones_copy "$TEST_TMP/clones.sql"
	restore clones_copy "$TEST_TMP/clones.sql"
	states="SELECT string_agg(s, ', ' ORDER BY s) FROM (SELECT format('%s %s %s', tgrelid::regclass, tgname, tgenabled) AS s
		FROM pg_trigger WHERE NOT tgisinternal OR (tgparentid <> 0 AND tgconstraint = 0)) t"
	check_eq "$(q clones "$states")" \
		"pt off_all D, pt on_all O, pt1 off_all O, pt1 on_all D, pt2 off_all O, pt2 on_all O, pt21 off_all O, pt21 on_all R" \
		"the clones' states in the source"
	check_eq "$(q clones_copy "$states")" "$(q clones "$states")" "a clone's own state is restored, twice"
	q postgres "DROP DATABASE clones; DROP DATABASE clones_copy" >/dev/null
else
	skip "a clone's own state is restored" "PostgreSQL $PG_SERVER_MAJOR's clones are internal"
fi

# An inherited column whose table dropped the default its parent has: CREATE
# TABLE would give it the parent's again.
newdb nodefault
q nodefault "CREATE TABLE gp (id int, a text DEFAULT 'gp');
	CREATE TABLE par (b int) INHERITS (gp); CREATE TABLE ch () INHERITS (par);
	ALTER TABLE ch ALTER COLUMN a DROP DEFAULT;
	CREATE TABLE pp (a int, b text DEFAULT 'x') PARTITION BY LIST (a);
	CREATE TABLE pp1 PARTITION OF pp FOR VALUES IN (1); ALTER TABLE pp1 ALTER COLUMN b DROP DEFAULT;
	CREATE TABLE pp2 PARTITION OF pp FOR VALUES IN (2);
	CREATE TABLE sp (id serial) PARTITION BY RANGE (id);
	CREATE TABLE sp1 PARTITION OF sp FOR VALUES FROM (0) TO (100);
	CREATE TABLE si (id serial); CREATE TABLE sic () INHERITS (si)" >/dev/null
run "$DBDUMP" -f "$TEST_TMP/nodefault.sql" nodefault
check_status "$status" 0 "inherited columns without their parent's default"
newdb nodefault_copy
restore nodefault_copy "$TEST_TMP/nodefault.sql"
defaults="SELECT string_agg(s, ', ' ORDER BY s) FROM (SELECT format('%s.%s %s', adrelid::regclass, attname,
	pg_get_expr(adbin, adrelid)) AS s FROM pg_attrdef JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum) d"
check_eq "$(q nodefault_copy "$defaults")" "gp.a 'gp'::text, par.a 'gp'::text, pp.b 'x'::text, pp2.b 'x'::text, \
si.id nextval('si_id_seq'::regclass), sic.id nextval('si_id_seq'::regclass), \
sp.id nextval('sp_id_seq'::regclass), sp1.id nextval('sp_id_seq'::regclass)" \
	"a dropped inherited default stays dropped, a parent's serial is inherited"
same_schema nodefault nodefault_copy "pg_dump --schema-only: inherited defaults"
q postgres "DROP DATABASE nodefault; DROP DATABASE nodefault_copy" >/dev/null

# A view's column defaults, used by inserts through it.
newdb viewdefault
q viewdefault "CREATE TABLE t (a text, b int, \"C d\" text);
	CREATE VIEW v AS SELECT * FROM t;
	CREATE FUNCTION zz() RETURNS text LANGUAGE sql AS \$\$SELECT 'fn'\$\$;
	ALTER VIEW v ALTER COLUMN a SET DEFAULT zz(); ALTER VIEW v ALTER COLUMN \"C d\" SET DEFAULT 'x''y';
	COMMENT ON COLUMN v.b IS 'b'" >/dev/null
run "$DBDUMP" -f "$TEST_TMP/viewdefault.sql" viewdefault
check_status "$status" 0 "a view with column defaults"
newdb viewdefault_copy
restore viewdefault_copy "$TEST_TMP/viewdefault.sql"
check_eq "$(q viewdefault_copy "INSERT INTO v (b) VALUES (1) RETURNING a, b, \"C d\"")" "fn|1|x'y" \
	"a view's column defaults are restored"
same_schema viewdefault viewdefault_copy "pg_dump --schema-only: a view's column defaults"
q postgres "DROP DATABASE viewdefault; DROP DATABASE viewdefault_copy" >/dev/null

# An extension's members whose privileges changed after CREATE EXTENSION
# (pg_init_privs holds the ones it gave): with --privileges, the change;
# also those of plpgsql, whose CREATE EXTENSION is not written.
newdb extacl
q extacl "CREATE ROLE dbdump_extacl; CREATE EXTENSION citext;
	REVOKE EXECUTE ON FUNCTION citext(boolean) FROM PUBLIC;
	GRANT EXECUTE ON FUNCTION citext(boolean) TO dbdump_extacl;
	GRANT USAGE ON TYPE citext TO dbdump_extacl WITH GRANT OPTION;
	REVOKE USAGE ON LANGUAGE plpgsql FROM PUBLIC; GRANT USAGE ON LANGUAGE plpgsql TO dbdump_extacl" >/dev/null
run "$DBDUMP" --privileges -f "$TEST_TMP/extacl.sql" extacl
check_status "$status" 0 "an extension whose members' privileges changed"
newdb extacl_copy
restore extacl_copy "$TEST_TMP/extacl.sql"
acls="SELECT (SELECT proacl FROM pg_proc WHERE oid = 'citext(boolean)'::regprocedure),
	(SELECT typacl FROM pg_type WHERE oid = 'citext'::regtype),
	(SELECT lanacl FROM pg_language WHERE lanname = 'plpgsql')"
check_eq "$(q extacl_copy "$acls")" "$(q extacl "$acls")" "an extension member's privileges are restored"
same_full_schema extacl extacl_copy "pg_dump --schema-only: an extension member's privileges"
run "$DBDUMP" -f "$TEST_TMP/extacl_none.sql" extacl
check_not_contains "$(cat "$TEST_TMP/extacl_none.sql")" "citext(boolean)" "no member's privileges without --privileges"
check_not_contains "$(cat "$TEST_TMP/extacl_none.sql")" "plpgsql" "nor plpgsql's, built in"
q postgres "DROP DATABASE extacl; DROP DATABASE extacl_copy; DROP ROLE dbdump_extacl" >/dev/null

# A sequence whose is_called is false still has a value of its own:
# RESTART WITH or setval(s, n, false) leave n as what nextval gives next.
newdb seqs
q seqs "CREATE SEQUENCE restarted; SELECT nextval('restarted'); ALTER SEQUENCE restarted RESTART WITH 1000;
	CREATE SEQUENCE set_uncalled AS smallint; SELECT setval('set_uncalled', 7, false);
	CREATE SEQUENCE fresh START 5;
	DO \$\$ BEGIN FOR i IN 1..70 LOOP EXECUTE format('CREATE SEQUENCE z%s', i); END LOOP; END \$\$;
	ALTER SEQUENCE z70 RESTART WITH 70" >/dev/null
run "$DBDUMP" -f "$TEST_TMP/seqs.sql" seqs
check_status "$status" 0 "sequences not yet called since RESTART or setval(false)"
newdb seqs_copy
restore seqs_copy "$TEST_TMP/seqs.sql"
check_eq "$(q seqs_copy "SELECT nextval('restarted'), nextval('set_uncalled'), nextval('fresh'), nextval('z70')")" \
	"1000|7|5|70" "a sequence restarted or set uncalled gives the same next value (73 read, in two queries)"
q postgres "DROP DATABASE seqs; DROP DATABASE seqs_copy" >/dev/null

done_testing
