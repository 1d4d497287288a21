#!/bin/bash
# The kinds of src/kind_*.c (tests/fixtures/kinds.sql holds one of each, with
# comments, owners and privileges) survive a dump and restore; --clean dumps
# of them restore twice over; and the census fails a dump that would leave
# out an object dbdump does not carry, unless --exclude-unsupported accepts
# the loss, which the dump then says in its header.
# Labels and an unknown catalog are written into pg_catalog directly: 12 sets
# allow_system_table_mods only at the server's start.
PG_CONF_EXTRA="allow_system_table_mods = on"
. "$(dirname "$0")/lib.sh"

newdb src
q src <"$FIXTURES/kinds.sql" >/dev/null 2>"$TEST_TMP/fixture.err" ||
	fail "load the fixture" "$(cat "$TEST_TMP/fixture.err")"

# ---------------------------------------------------------------- round trip
run "$DBDUMP" --owners --privileges -f "$TEST_TMP/dump.sql" src
check_status "$status" 0 "dump of every kind"
check_eq "$(tail -n 1 "$TEST_TMP/dump.sql")" "-- dbdump: dump complete" "the dump is complete"
dump=$(cat "$TEST_TMP/dump.sql")
check_contains "$dump" "CREATE COLLATION k.plain (provider = libc, locale = 'C');" "a collation"
check_contains "$dump" "CREATE COLLATION k.nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);" \
	"an ICU collation that is not deterministic (Debian's server has ICU)"
check_contains "$dump" "CREATE CAST (bytea AS text) WITHOUT FUNCTION;" "a binary-coercible cast"
check_contains "$dump" "ALTER EVENT TRIGGER ddl_watch DISABLE;" "an event trigger's state"
check_contains "$dump" "SERVER \"far away\" OPTIONS (schema_name 'remote', table_name 'things');" "a foreign table with its options"
check_contains "$dump" "CREATE FOREIGN TABLE k.parted_far PARTITION OF k.parted
FOR VALUES IN (1)
SERVER \"far away\" OPTIONS (t 'far');" "a foreign partition"
check_contains "$dump" "CREATE FOREIGN TABLE k.far_child (
    note text NOT NULL
)
INHERITS (k.base, k.base2)
SERVER \"far away\";" "a foreign table that inherits"
check_contains "$dump" "CREATE TABLE k.a_near_child (
    own text
)
INHERITS (k.far_parent);
ALTER TABLE ONLY k.a_near_child ALTER COLUMN tag SET DEFAULT 'near'::text;
ALTER TABLE ONLY k.a_near_child ALTER COLUMN tag SET NOT NULL;" \
	"a plain table that inherits from a foreign table, with what it changed of its columns"
check_contains "$dump" "CREATE TABLE k.a_near_bottom (
    low integer DEFAULT 1
)
INHERITS (k.far_middle, k.base);" "a plain table that inherits from a foreign table and a table"
check_eq "$(grep -e '^CREATE FOREIGN TABLE k.far_parent ' -e '^CREATE TABLE k.a_near_child ' "$TEST_TMP/dump.sql" | tr '\n' ' ')" \
	"CREATE FOREIGN TABLE k.far_parent ( CREATE TABLE k.a_near_child ( " "the foreign parent comes before its child"
check_contains "$dump" "USING heap_again" "a table with its access method"
check_contains "$dump" "CREATE USER MAPPING FOR postgres SERVER \"far away\" OPTIONS (\"user\" 'me', password 'secret');" \
	"a user mapping with its options"
# The options each major has (the fixture sets them where the server has them).
sub_options=
[ "$PG_SERVER_MAJOR" -ge 14 ] && sub_options+=", binary = true, streaming = on"
[ "$PG_SERVER_MAJOR" -ge 15 ] && sub_options+=", disable_on_error = true"
[ "$PG_SERVER_MAJOR" -ge 16 ] && sub_options+=", password_required = false, run_as_owner = true, origin = 'none'"
check_contains "$dump" "CREATE SUBSCRIPTION \"sub one\" CONNECTION 'host=publisher.invalid dbname=shop' PUBLICATION shop_pub, \"other pub\" WITH (connect = false, slot_name = NONE$sub_options, synchronous_commit = 'local');" \
	"a subscription, as pg_dump writes it"
newdb dst
restore dst "$TEST_TMP/dump.sql"
same_full_schema src dst "pg_dump --schema-only is the same for the source and the copy"
compare_db src dst
check_eq "$(q dst "SELECT string_agg(w, ',' ORDER BY w) FROM k.words")" "C,a,b" \
	"the column's collation sorts the copy's rows as the source's"
check_eq "$(q dst "SELECT n FROM k.names WHERE n = 'ALICE'")" "Alice" "the copy's key ignores case as the source's"
check_eq "$(q dst "SELECT amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.oid = 'k.stored_again'::regclass")" \
	"heap_again" "the copy's table uses the access method"

# Without --owners and --privileges: no owner, no grant, no default privileges.
run "$DBDUMP" -s src
check_status "$status" 0 "schema-only dump without owners or privileges"
check_not_contains "$out" "OWNER TO" "no owners"
check_not_contains "$out" "DEFAULT PRIVILEGES" "no default privileges"

# ... and not a trace of them: the same bytes as without them.
newdb dacl
q dacl "CREATE TABLE t (a int)"
run "$DBDUMP" -s -f "$TEST_TMP/dacl_without.sql" dacl
q dacl "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC; ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO PUBLIC"
run "$DBDUMP" -s -f "$TEST_TMP/dacl_with.sql" dacl
check_status "$status" 0 "schema-only dump of a database with default privileges"
same_dump "$TEST_TMP/dacl_without.sql" "$TEST_TMP/dacl_with.sql" \
	"without --privileges, default privileges leave no blank line behind"

# ------------------------------------------------------------------- --clean
run "$DBDUMP" --clean --if-exists --owners --privileges -f "$TEST_TMP/clean.sql" src
check_status "$status" 0 "dump --clean --if-exists"
newdb twice
restore twice "$TEST_TMP/clean.sql"
restore twice "$TEST_TMP/clean.sql"
same_full_schema src twice "a --clean --if-exists dump restored twice: same schema"
run "$DBDUMP" --clean --owners --privileges -f "$TEST_TMP/clean-plain.sql" src
check_status "$status" 0 "dump --clean"
restore twice "$TEST_TMP/clean-plain.sql"
same_full_schema src twice "a --clean dump restored over the copy: same schema"

# ------------------------------------------------------------ subscriptions
# pg_subscription is shared: a dump takes its own database's subscriptions,
# and only a superuser may read their connection strings.
newdb subs
q subs "SET client_min_messages = error;
	CREATE SUBSCRIPTION with_slot CONNECTION 'dbname=elsewhere' PUBLICATION p WITH (connect = false);
	CREATE ROLE plain LOGIN; CREATE TABLE public.t (a integer); GRANT SELECT ON public.t TO plain" >/dev/null
run "$DBDUMP" -f "$TEST_TMP/subs.sql" subs
check_status "$status" 0 "a dump of a database with a subscription"
# Streaming came in 14, off by default until 18 made it parallel.
case $PG_SERVER_MAJOR in
1[23]) sub_options= ;;
1[4-7]) sub_options=", streaming = off" ;;
*) sub_options=", streaming = parallel" ;;
esac
check_contains "$(cat "$TEST_TMP/subs.sql")" "CREATE SUBSCRIPTION with_slot CONNECTION 'dbname=elsewhere' PUBLICATION p WITH (connect = false, slot_name = 'with_slot'$sub_options);" \
	"the slot is named, and the restore does not connect"
check_not_contains "$(cat "$TEST_TMP/dump.sql")" "with_slot" "another database's subscription is not in its dump"
newdb subs-copy
restore subs-copy "$TEST_TMP/subs.sql"
check_eq "$(q subs-copy "SELECT subname || ' ' || subenabled || ' ' || subslotname FROM pg_subscription s
	JOIN pg_database d ON d.oid = s.subdbid AND d.datname = current_database()")" "with_slot false with_slot" \
	"the copy has the subscription, disabled, with its slot's name"
echo "an older dump" >"$TEST_TMP/old.sql"
run "$DBDUMP" -U plain -f "$TEST_TMP/old.sql" subs
check_status "$status" 1 "a user who cannot read the subscriptions cannot dump them"
readers="a superuser or a member of pg_read_all_data"
[ "$PG_SERVER_MAJOR" -lt 14 ] && readers="a superuser" # pg_read_all_data came in 14
check_eq "$err" "dbdump: cannot read the subscription with_slot: permission denied (only $readers may read its definition)" \
	"the dump fails naming the subscription, and who may read it"
check_eq "$(cat "$TEST_TMP/old.sql")" "an older dump" "and leaves the -f target alone"
q subs "ALTER SUBSCRIPTION with_slot DISABLE; ALTER SUBSCRIPTION with_slot SET (slot_name = NONE); DROP SUBSCRIPTION with_slot" >/dev/null
run "$DBDUMP" -U plain subs
check_status "$status" 0 "without subscriptions, the same user dumps the database"

# ---------------------------------------------------------- security labels
# No label provider is loadable here (dummy_seclabel is a test module no
# package ships), so the labels are put into pg_seclabel directly, and only
# the dump's side is checked: restoring them needs the provider.
newdb labels
q labels "CREATE SCHEMA s; CREATE TABLE s.t (a integer); CREATE VIEW s.v AS SELECT a FROM s.t;
	CREATE FUNCTION s.f(integer) RETURNS integer LANGUAGE sql AS 'SELECT 1'; CREATE TABLE s.other (b integer);
	INSERT INTO pg_seclabel VALUES ('s.t'::regclass, 'pg_class'::regclass, 0, 'dummy', 'secret'),
		('s.t'::regclass, 'pg_class'::regclass, 1, 'dummy', 'column''s'),
		('s.v'::regclass, 'pg_class'::regclass, 0, 'dummy', 'view'),
		('s.f(integer)'::regprocedure, 'pg_proc'::regclass, 0, 'dummy', 'function'),
		('s'::regnamespace, 'pg_namespace'::regclass, 0, 'dummy', 'schema'),
		('s'::regnamespace, 'pg_namespace'::regclass, 0, 'selinux', 'system_u:object_r:sepgsql_schema_t:s0')" >/dev/null
run "$DBDUMP" -s labels
check_status "$status" 0 "a dump of labelled objects"
check_eq "$(grep '^SECURITY LABEL' "$TEST_TMP/out")" "SECURITY LABEL FOR dummy ON SCHEMA s IS 'schema';
SECURITY LABEL FOR selinux ON SCHEMA s IS 'system_u:object_r:sepgsql_schema_t:s0';
SECURITY LABEL FOR dummy ON FUNCTION s.f(integer) IS 'function';
SECURITY LABEL FOR dummy ON TABLE s.t IS 'secret';
SECURITY LABEL FOR dummy ON COLUMN s.t.a IS 'column''s';
SECURITY LABEL FOR dummy ON VIEW s.v IS 'view';" "each label follows its object"
run "$DBDUMP" -s -t s.other labels
check_status "$status" 0 "labels of objects the selection leaves out"
check_eq "$(grep '^SECURITY LABEL' "$TEST_TMP/out")" "SECURITY LABEL FOR dummy ON SCHEMA s IS 'schema';
SECURITY LABEL FOR selinux ON SCHEMA s IS 'system_u:object_r:sepgsql_schema_t:s0';" \
	"are left out with them (the schema comes with its table, labels and comment too)"
q labels "SELECT lo_from_bytea(424244, 'x'); COMMENT ON LARGE OBJECT 424244 IS 'a blob';
	INSERT INTO pg_seclabel VALUES (424244, 'pg_largeobject'::regclass, 0, 'dummy', 'blob'),
		(424244, 'pg_largeobject'::regclass, 0, 'selinux', 'it''s')" >/dev/null
run "$DBDUMP" labels
check_status "$status" 0 "a large object's labels go with it"
check_contains "$out" "SELECT pg_catalog.lo_create('424244');
COMMENT ON LARGE OBJECT 424244 IS 'a blob';
SECURITY LABEL FOR dummy ON LARGE OBJECT 424244 IS 'blob';
SECURITY LABEL FOR selinux ON LARGE OBJECT 424244 IS 'it''s';
" "after its comment, one statement per provider"
run "$DBDUMP" -B labels
check_status "$status" 0 "-B leaves the large object out, and its labels with it"
check_not_contains "$out" "SECURITY LABEL FOR dummy ON LARGE" "no label without its large object"

# 17 gave partitioned tables an access method, which a partition created
# PARTITION OF takes: a heap partition of such a table says USING heap. A
# partitioned table has none unless one was named (heap too), and one
# without, under a parent with one, must not take the parent's: its own
# partitions made later take the default.
if [ "$PG_SERVER_MAJOR" -ge 17 ]; then
	newdb amparts
	q amparts "CREATE ACCESS METHOD heap_too TYPE TABLE HANDLER heap_tableam_handler;
		CREATE TABLE parted (k int) PARTITION BY LIST (k);
		CREATE TABLE part_heap PARTITION OF parted FOR VALUES IN (1);
		ALTER TABLE parted SET ACCESS METHOD heap_too;
		CREATE TABLE part_too PARTITION OF parted FOR VALUES IN (2);
		CREATE TABLE part_sub PARTITION OF parted FOR VALUES IN (3, 4) PARTITION BY LIST (k);
		ALTER TABLE part_sub SET ACCESS METHOD DEFAULT;
		CREATE TABLE part_sub_leaf PARTITION OF part_sub FOR VALUES IN (3);
		CREATE TABLE part_named_heap (k int) PARTITION BY LIST (k) USING heap;
		CREATE TABLE part_none (k int) PARTITION BY LIST (k);
		INSERT INTO parted VALUES (1), (2), (3)" >/dev/null
	ams="SELECT c.relname, coalesce(a.amname, '-') FROM pg_class c LEFT JOIN pg_am a ON a.oid = c.relam
		WHERE c.relname LIKE 'part%' AND c.relkind IN ('r', 'p') ORDER BY 1"
	check_eq "$(q amparts "$ams" | tr '\n' ' ')" "part_heap|heap part_named_heap|heap part_none|- part_sub|- part_sub_leaf|heap part_too|heap_too parted|heap_too " \
		"the access methods to keep"
	run "$DBDUMP" -f "$TEST_TMP/amparts.sql" amparts
	check_status "$status" 0 "a dump of a partitioned table with an access method"
	newdb amparts_copy
	restore amparts_copy "$TEST_TMP/amparts.sql"
	check_eq "$(q amparts_copy "$ams")" "$(q amparts "$ams")" "each partition keeps its own access method"
else
	skip "each partition keeps its own access method" "partitioned tables have an access method since 17"
fi

# A heap table says no USING: restored where the default access method is
# another (here the database's setting), it is still heap.
newdb amenv
q amenv "CREATE TABLE stays_heap (k int)" >/dev/null
run "$DBDUMP" -f "$TEST_TMP/amenv.sql" amenv
check_status "$status" 0 "a dump of a heap table"
newdb amenv_copy
q amenv_copy "CREATE ACCESS METHOD heap_else TYPE TABLE HANDLER heap_tableam_handler;
	ALTER DATABASE amenv_copy SET default_table_access_method = heap_else" >/dev/null
restore amenv_copy "$TEST_TMP/amenv.sql"
check_eq "$(q amenv_copy "SELECT amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname = 'stays_heap'")" \
	"heap" "a heap table stays heap where another access method is the default"

# ---------------------------------------------------------------- selection
run "$DBDUMP" -s -n public src
check_status "$status" 0 "-n public"
check_not_contains "$out" "CREATE COLLATION" "-n leaves out another schema's collation"
check_not_contains "$out" "CREATE CAST" "-n leaves out casts, as pg_dump does"
run "$DBDUMP" -s -t k.words src
check_status "$status" 0 "-t k.words"
check_contains "$out" "CREATE STATISTICS k.words_stats" "-t takes the table's statistics"
check_contains "$out" "CREATE COLLATION k.plain" "-t takes the collation its column needs"
check_not_contains "$out" "CREATE EVENT TRIGGER" "-t leaves out event triggers"
run "$DBDUMP" -s -t k.far_parent src
check_status "$status" 0 "-t takes a foreign table, as pg_dump's"
check_contains "$out" "CREATE FOREIGN TABLE k.far_parent (" "the foreign table"
check_contains "$out" "CREATE SERVER \"far away\"" "with the server it needs"
check_contains "$out" "ALTER SEQUENCE k.far_parent_n_seq OWNED BY k.far_parent.n;" "and its serial's sequence"
check_not_contains "$out" "CREATE TABLE k.a_near_child" "but not its children"
run "$DBDUMP" -s -T 'k."far table"' -T k.far_view src
check_status "$status" 0 "-T leaves out a foreign table"
check_not_contains "$out" "k.\"far table\"" "as pg_dump's -T does"
run "$DBDUMP" -s -t k.a_near_child src
check_status "$status" 0 "-t takes a table whose parent is a foreign table"
check_contains "$out" "CREATE FOREIGN TABLE k.far_parent (" "and the parent it needs"

# ------------------------------------------------------------------- census
newdb lost
# dbdump carries every kind this server has; a catalog it does not know (as
# a newer server may add) is made here by hand, with a row of a user oid,
# next to a foreign table that is a parent, which is carried.
q lost "CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w;
	CREATE FOREIGN TABLE public.far (a integer, b text) SERVER s;
	CREATE TABLE public.kept (a integer);
	CREATE SCHEMA other; CREATE TABLE other.t (a integer);
	CREATE FOREIGN TABLE other.far2 () INHERITS (public.far) SERVER s;
	CREATE TABLE pg_catalog.pg_future (oid oid NOT NULL, what name);
	INSERT INTO pg_catalog.pg_future VALUES (16500, 'x')" >/dev/null
echo "an older dump" >"$TEST_TMP/old.sql"
run "$DBDUMP" -f "$TEST_TMP/old.sql" lost
check_status "$status" 1 "a row of a catalog dbdump does not know fails the dump"
check_eq "$err" "dbdump: cannot dump 2 objects that dbdump does not carry: object 16500 in catalog pg_future, table pg_catalog.pg_future (--exclude-unsupported leaves them out)" \
	"the message names every object, in kind and name order (the catalog's own table too)"
check_eq "$(cat "$TEST_TMP/old.sql")" "an older dump" "the -f target is untouched"
run "$DBDUMP" -N other lost
check_eq "$err" "dbdump: cannot dump object 16500 in catalog pg_future: dbdump does not carry this kind of object (--exclude-unsupported leaves it out)" \
	"with -N, what lies in a schema the dump does not take does not count"
check_status "$status" 1 "the same to stdout"
check_not_contains "$out" "dump complete" "no trailer"

q lost "SELECT lo_from_bytea(424243, 'x')" >/dev/null
run "$DBDUMP" -t public.kept lost
check_status "$status" 0 "what has no schema is outside a -t selection"
run "$DBDUMP" -a lost
check_status "$status" 0 "a data-only dump writes the large object and needs no definitions"
check_contains "$out" "lo_create('424243')" "the data-only dump carries the large object"

run "$DBDUMP" --exclude-unsupported -f "$TEST_TMP/lossy.sql" lost
check_status "$status" 0 "--exclude-unsupported accepts the loss"
check_eq "$err" "dbdump: warning: left out object 16500 in catalog pg_future: dbdump does not carry this kind of object
dbdump: warning: left out table pg_catalog.pg_future: dbdump does not carry this kind of object" \
	"each object left out is a warning"
check_eq "$(grep '^-- left out' "$TEST_TMP/lossy.sql")" "-- left out (--exclude-unsupported): object 16500 in catalog pg_future
-- left out (--exclude-unsupported): table pg_catalog.pg_future" \
	"and a line in the dump's header"
check_eq "$(tail -n 1 "$TEST_TMP/lossy.sql")" "-- dbdump: dump complete" "the lossy dump ends with the trailer"
check_contains "$(cat "$TEST_TMP/lossy.sql")" "CREATE FOREIGN TABLE other.far2 ()
INHERITS (public.far)
SERVER s;" "the foreign table that is a parent is carried, after it its child"
newdb lossy
restore lossy "$TEST_TMP/lossy.sql"
# The rest, without what the user accepted to lose (which the catalog
# fingerprint of 16 and newer could not describe either).
q lost "DROP TABLE pg_catalog.pg_future" >/dev/null
same_full_schema lost lossy "the foreign parent and child come back as they were"

# A large object is data: the census counts it as carried by a dump of the
# data (lo.c writes it), and as left out by the user's choice with -B.
newdb blob
q blob "SELECT lo_from_bytea(424242, 'x')" >/dev/null
run "$DBDUMP" blob
check_status "$status" 0 "a large object is carried by a dump of the data"
check_contains "$out" "lo_create('424242')" "the dump creates the large object"
run "$DBDUMP" -B blob
check_status "$status" 0 "-B leaves the large objects out by the user's choice"
check_not_contains "$out" "lo_create" "and writes none"
run "$DBDUMP" -s blob
check_status "$status" 0 "a schema-only dump has no large objects to carry"

# Another session's temporary table belongs to that session.
fifo=$TEST_TMP/hold
mkfifo "$fifo"
"$PSQL" -X -q -d blob <"$fifo" >/dev/null 2>&1 &
holder=$!
exec 9>"$fifo"
echo "CREATE TEMP TABLE scratch (a serial PRIMARY KEY, b text); SELECT 'ready';" >&9
for _ in $(seq 50); do
	[ "$(q blob "SELECT count(*) FROM pg_class WHERE relname = 'scratch'")" = 1 ] && break
	sleep 0.2
done
run "$DBDUMP" -s blob
check_status "$status" 0 "another session's temporary table does not count"
exec 9>&-
wait "$holder"

done_testing
