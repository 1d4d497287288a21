# Integration tests of the CockroachDB dump, against the stand-in server
# (tests/crdb/standin: a proxy that answers as a CockroachDB node does, with a
# PostgreSQL of its own underneath holding the rows and the history). What
# this proves is that dbdump's CockroachDB path works against a server that
# answers as CockroachDB's documentation says; README says what only a real
# cluster can confirm.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/crdb.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

TRAILER='-- dbdump: dump complete'
STANDIN=$TOP_SRCDIR/tests/crdb/standin
command -v python3 >/dev/null || _lib_bail "the stand-in needs python3 (run scripts/deps)"
# Next to TEST_TMP: the stand-in's PostgreSQL runs as postgres, which must
# reach it.
CRDB_DIR=$(dirname "$TEST_TMP")/crdb
# python3 by name: the executable bit need not survive a tarball.
trap '_rc=$?; python3 "$STANDIN" stop "$CRDB_DIR"; (exit $_rc); _lib_cleanup' EXIT
_env=$(python3 "$STANDIN" start "$CRDB_DIR" --version v23.2.4) || _lib_bail "the stand-in did not start"
eval "$_env"

# cq DB SQL: SQL through the stand-in, rows unaligned.
cq() {
	"$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "${CRDB_URL/\/defaultdb?//$1?}" -c "$2"
}
url() {
	printf '%s' "${CRDB_URL/\/defaultdb?//$1?}"
}
version() {
	echo "$1" >"$CRDB_DIR/version"
}
trailer() {
	tail -n 1 "$1"
}

cq defaultdb "
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (id INT8 PRIMARY KEY, v STRING, n INT8 DEFAULT 7);
CREATE TABLE norowid (a STRING, b INT8);
CREATE TABLE c (id INT8 PRIMARY KEY, tid INT8 REFERENCES t(id), h INT8 NOT VISIBLE DEFAULT unique_rowid());
CREATE TABLE loose (id INT8 PRIMARY KEY, tid INT8);
CREATE TABLE vals (id INT8 PRIMARY KEY, m mood, f FLOAT8, b BYTES, ts TIMESTAMPTZ, j JSONB,
                   d DECIMAL(10,2), arr INT8[], s STRING);
CREATE SEQUENCE s;
CREATE VIEW vv AS SELECT id, v FROM t;
CREATE MATERIALIZED VIEW mv AS SELECT id, v FROM t;
INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'it''s');
INSERT INTO c VALUES (1, 1, 4242), (2, 2, 4343);
INSERT INTO loose VALUES (1, 99);
ALTER TABLE loose ADD CONSTRAINT loose_fk FOREIGN KEY (tid) REFERENCES t(id) NOT VALID;
INSERT INTO vals VALUES (1, 'ok', 1.5, '\\x00ff', '2024-01-01 10:00:00+00', '{\"a\": 1}', 3.14, '{1,2}', 'x\"y'),
                        (2, NULL, -0.1, '', '1970-01-01 00:00:00+00', 'null', -1, '{}', E'tab\\there');
INSERT INTO norowid VALUES ('x', 1), ('y', 2);
SELECT nextval('s'); SELECT nextval('s');
CREATE SEQUENCE used_up MAXVALUE 3;
SELECT nextval('used_up'); SELECT nextval('used_up'); SELECT nextval('used_up');
CREATE TABLE ident (id INT8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v STRING);
INSERT INTO ident (v) VALUES ('one'), ('two');
CREATE SCHEMA \"nothing\";
CREATE TABLE \"nothing\".\"index\" (id INT8 PRIMARY KEY, tid INT8 REFERENCES t(id));
INSERT INTO \"nothing\".\"index\" VALUES (1, 1);
CREATE TABLE été (id INT8 PRIMARY KEY, idx INT8 REFERENCES \"nothing\".\"index\"(id));
INSERT INTO été VALUES (7, 1);
CREATE SCHEMA \"Sales\";
CREATE TABLE \"Sales\".orders (id INT8 PRIMARY KEY, tid INT8 REFERENCES t(id));
INSERT INTO \"Sales\".orders VALUES (1, 3);
CREATE FUNCTION add_one(a INT8) RETURNS INT8 LANGUAGE SQL AS \$\$ SELECT a + 1 FROM t LIMIT 1 \$\$;
CREATE PROCEDURE note_it(x INT8) LANGUAGE SQL AS \$\$ SELECT x \$\$;
ALTER TABLE t CONFIGURE ZONE USING num_replicas = 5, gc.ttlseconds = 600;
ALTER INDEX \"Sales\".orders@orders_pkey CONFIGURE ZONE USING num_replicas = 3;
" >/dev/null || _lib_bail "could not set up the data through the stand-in"
cq defaultdb "REFRESH MATERIALIZED VIEW mv" >/dev/null

# ---- a whole database: schema and data, as of the moment it starts (COPY path)
run "$DBDUMP" -f "$TEST_TMP/full.sql" "$CRDB_URL"
check_status "$status" 0 "v23.2 dump: status 0"
check_eq "$(trailer "$TEST_TMP/full.sql")" "$TRAILER" "v23.2 dump: complete"
full=$(cat "$TEST_TMP/full.sql")
check_contains "$full" "-- server: CockroachDB CCL v23.2.4" "the header names the CockroachDB server"
check_contains "$full" $'CREATE TABLE public.t (\n\tid INT8 NOT NULL,\n\tv STRING NULL,' "tables in SHOW CREATE form"
check_contains "$full" "CREATE TYPE public.mood AS ENUM ('sad', 'ok');" "enum types"
check_contains "$full" 'CREATE SCHEMA IF NOT EXISTS "Sales";' "a schema of the user's is created"
check_contains "$full" $'INSERT INTO public.norowid (a, b) VALUES\n(\'x\',1),' "the implicit rowid is not dumped"
check_contains "$full" $'INSERT INTO public.c (id, tid, h) VALUES\n(1,1,4242),\n(2,2,4343);' \
	"a hidden column of the user's with DEFAULT unique_rowid() is data, and dumped"
check_contains "$full" $'INSERT INTO public.t (id, v, n) VALUES\n(1,\'a\',7),\n(2,\'b\',7),\n(3,\'it\'\'s\',7);' \
	"rows in primary-key order"
check_contains "$full" "(1,'ok',1.5,'\\x00ff','2024-01-01 10:00:00+00','{\"a\": 1}',3.14,'{1,2}','x\"y')" \
	"every value form as CockroachDB's text gives it"
check_contains "$full" "SELECT setval('public.s', 3, false);" "the sequence: its next value"
check_contains "$full" "SELECT setval('public.used_up', 3, true);" "a sequence at its MAXVALUE stays used up"
check_contains "$full" "CREATE VIEW public.vv (id, v) AS SELECT t.id, t.v FROM public.t;" \
	"a view is written relative to the database (CockroachDB stores defaultdb.public.t)"
check_not_contains "$full" "defaultdb." "no name of the source database in the dump"
check_contains "$full" "ALTER TABLE public.c VALIDATE CONSTRAINT c_tid_fkey;" "a foreign key is validated"
check_contains "$full" "ALTER TABLE public.loose ADD CONSTRAINT loose_fk FOREIGN KEY (tid) REFERENCES public.t(id) NOT VALID;" \
	"a NOT VALID foreign key is added NOT VALID"
check_not_contains "$full" "VALIDATE CONSTRAINT loose_fk" "a NOT VALID foreign key is not validated"
# Names CockroachDB reserves (index, nothing) are quoted; a non-ASCII one
# (bare on CockroachDB) too, which is harmless; the foreign keys between
# them are kept, compared unquoted.
check_contains "$full" 'CREATE SCHEMA IF NOT EXISTS "nothing";' "a schema named as a CockroachDB-reserved word is quoted"
check_contains "$full" $'INSERT INTO "nothing"."index" (id, tid) VALUES\n(1,1);' "a table named as a CockroachDB-reserved word is quoted"
check_contains "$full" $'INSERT INTO public."été" (id, idx) VALUES\n(7,1);' "a non-ASCII table name is quoted"
check_contains "$full" 'ALTER TABLE public.été ADD CONSTRAINT' "the foreign key of the non-ASCII table is kept"
check_contains "$full" 'REFERENCES "nothing"."index"(id)' "the foreign key to the reserved-word table is kept"
# Functions and procedures after the tables they read (triggers: v25.3+,
# below).
check_contains "$full" "CREATE FUNCTION public.add_one(a bigint)" "a function"
check_contains "$full" "CREATE PROCEDURE public.note_it(IN x bigint)" "a procedure"
fn_at=$(grep -n '^CREATE FUNCTION public.add_one' "$TEST_TMP/full.sql" | cut -d: -f1)
t_at=$(grep -n '^CREATE TABLE public.t ' "$TEST_TMP/full.sql" | cut -d: -f1)
if [ -n "$fn_at" ] && [ -n "$t_at" ] && [ "$fn_at" -gt "$t_at" ]; then
	ok "a function comes after the table its body reads"
else
	fail "a function comes after the table its body reads" "function at line ${fn_at:-none}, table at ${t_at:-none}"
fi
# Zone configurations of tables and indexes, after their CREATE, relative
# to the database.
check_contains "$full" $'ALTER TABLE public.t CONFIGURE ZONE USING\n\tnum_replicas = 5,\n\tgc.ttlseconds = 600;' \
	"a table's zone configuration"
check_contains "$full" $'ALTER INDEX "Sales".orders@orders_pkey CONFIGURE ZONE USING\n\tnum_replicas = 3;' \
	"an index's zone configuration"
# GENERATED ALWAYS AS IDENTITY: BY DEFAULT while its rows go in, ALWAYS again after.
check_contains "$full" $'ALTER TABLE public.ident ALTER COLUMN id SET GENERATED BY DEFAULT;\nINSERT INTO public.ident (id, v) VALUES\n(1,\'one\'),\n(2,\'two\');' \
	"an ALWAYS identity column takes its values BY DEFAULT"
check_contains "$full" $'\nALTER TABLE public.ident ALTER COLUMN id SET GENERATED ALWAYS;\n' "then ALWAYS again"
mv_at=$(grep -n '^REFRESH MATERIALIZED VIEW public.mv;$' "$TEST_TMP/full.sql" | cut -d: -f1)
rows_at=$(grep -n '^INSERT INTO public.t ' "$TEST_TMP/full.sql" | cut -d: -f1)
if [ -n "$mv_at" ] && [ -n "$rows_at" ] && [ "$mv_at" -gt "$rows_at" ]; then
	ok "a materialized view is refreshed after the rows it reads"
else
	fail "a materialized view is refreshed after the rows it reads" "REFRESH at line ${mv_at:-none}, rows at ${rows_at:-none}"
fi

# ---- the restore: under another name, through the stand-in
# Before v24.1 CockroachDB has no ALTER COLUMN ... SET GENERATED: the restore
# stops there, loudly.
cq defaultdb "CREATE DATABASE old" >/dev/null
run "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url old)" -f "$TEST_TMP/full.sql"
check_status "$status" 3 "restoring an ALWAYS identity column into v23.2 stops"
check_contains "$err" 'at or near "generated": syntax error' "restoring into v23.2: the server's refusal"
version v24.1.0
cq defaultdb "CREATE DATABASE restored" >/dev/null
run "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url restored)" -f "$TEST_TMP/full.sql"
check_status "$status" 0 "the dump restores into a database of another name"
run "$PSQL" -X -d "$(url restored)" -c "INSERT INTO ident (id, v) VALUES (9, 'x')"
check_contains "$err" 'cannot insert a non-DEFAULT value into column "id"' "the identity column is ALWAYS again after the restore"
check_eq "$(cq restored "SELECT add_one(41)")" 42 "the function is restored"
run "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url restored)" -c "CALL note_it(1)"
check_status "$status" 0 "the procedure is restored"
for tbl in t c 'norowid (a, b)' vals loose vv mv '"Sales".orders' ident '"nothing"."index"' été; do
	cols=${tbl#* }
	[ "$cols" = "$tbl" ] && cols='(*)'
	cols=${cols#(}
	tbl=${tbl%% *}
	check_eq "$(cq restored "SELECT ${cols%)} FROM $tbl ORDER BY 1" 2>&1)" \
		"$(cq defaultdb "SELECT ${cols%)} FROM $tbl ORDER BY 1")" \
		"restored under another name: the rows of $tbl"
done
check_eq "$(cq restored "SELECT h FROM c ORDER BY id" | tr '\n' ' ')" "4242 4343 " "the hidden column's values come back"
check_eq "$(cq restored "SELECT target FROM [SHOW ALL ZONE CONFIGURATIONS] ORDER BY 1" | tr '\n' ' ')" \
	'INDEX restored."Sales".orders@orders_pkey RANGE default TABLE restored.public.t ' \
	"the zone configurations come back, on the restored database's objects"
check_eq "$(cq restored "SELECT nextval('s')")" "3" "the sequence goes on where it was"
run "$PSQL" -X -d "$(url restored)" -c "SELECT nextval('used_up')"
check_contains "$err" "reached maximum value" "the used-up sequence is used up after the restore"
version v23.2.4

# ---- the data into a plain PostgreSQL with the same tables
newdb plain
q plain "CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (id int8 PRIMARY KEY, v text, n int8 DEFAULT 7);
CREATE TABLE vals (id int8 PRIMARY KEY, m mood, f float8, b bytea, ts timestamptz, j jsonb,
                   d numeric(10,2), arr int8[], s text);" >/dev/null
run "$DBDUMP" --data-only -t t -t vals -f "$TEST_TMP/data.sql" "$CRDB_URL"
check_status "$status" 0 "a data-only dump of two tables"
restore plain "$TEST_TMP/data.sql"
for tbl in t vals; do
	check_eq "$(q plain "SELECT * FROM $tbl ORDER BY 1")" "$(cq defaultdb "SELECT * FROM $tbl ORDER BY 1")" \
		"restored into PostgreSQL: the values of $tbl"
done

# ---- before v23.1: the SELECT path gives the same dump
version v22.2.19
run "$DBDUMP" -f "$TEST_TMP/v22.sql" "$CRDB_URL"
check_status "$status" 0 "v22.2 dump (SELECT): status 0"
check_contains "$(head -n 5 "$TEST_TMP/v22.sql")" "v22.2.19" "v22.2: the header names that version"
same_dump "$TEST_TMP/v22.sql" "$TEST_TMP/full.sql" "v22.2 (SELECT) and v23.2 (COPY) write the same dump"
version v23.2.4

# ---- newer servers: fk_statements, allow_unsafe_internals (v25.2 has no
# create_trigger_statements: the loss of any triggers accepted, see below)
for v in v25.2.0 v25.3.0 v26.1.0; do
	version $v
	lossy=
	[ $v = v25.2.0 ] && lossy=--exclude-unsupported
	run "$DBDUMP" $lossy -f "$TEST_TMP/$v.sql" "$CRDB_URL"
	check_status "$status" 0 "$v: status 0"
	same_dump "$TEST_TMP/$v.sql" "$TEST_TMP/full.sql" "$v (fk_statements, allow_unsafe_internals): the same dump"
done
run "$PSQL" -X -d "$CRDB_URL" -c "SELECT descriptor_id FROM crdb_internal.create_statements LIMIT 1"
check_contains "$err" "crdb_internal is restricted" "v26.1: the stand-in closes crdb_internal to other sessions"
version v23.2.4

# ---- row-level security (v25.2+: rls_statements; v25.3 for the
# trigger table), after the rows
version v25.3.0
cq defaultdb "CREATE DATABASE rls" >/dev/null
cq rls "CREATE TABLE doc (id INT8 PRIMARY KEY, owner STRING); INSERT INTO doc VALUES (1, 'ann'), (2, 'bob');
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_owner ON doc FOR SELECT USING (owner = current_user)" >/dev/null
run "$DBDUMP" -f "$TEST_TMP/rls.sql" "$(url rls)"
check_status "$status" 0 "v25.3 with row-level security: status 0"
rls=$(cat "$TEST_TMP/rls.sql")
check_contains "$rls" $'(2,\'bob\');\n' "row-level security: the rows"
check_contains "$rls" $'ALTER TABLE public.doc ENABLE ROW LEVEL SECURITY;\nCREATE POLICY doc_owner ON public.doc AS PERMISSIVE FOR SELECT TO public USING (' \
	"row-level security and its policy, after the rows"
cq defaultdb "CREATE DATABASE rls2" >/dev/null
run "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url rls2)" -f "$TEST_TMP/rls.sql"
check_status "$status" 0 "row-level security: the dump restores"
check_eq "$(cq rls2 "SELECT relrowsecurity, (SELECT count(*) FROM pg_policy WHERE polname = 'doc_owner') FROM pg_class WHERE relname = 'doc'")" \
	"t|1" "row-level security: enabled, with its policy, after the restore"
check_eq "$(cq rls2 "SELECT count(*) FROM doc")" 2 "row-level security: every row restored"

# ---- triggers: CockroachDB has them from v24.3, the table dbdump reads
# them from (crdb_internal.create_trigger_statements) from v25.3.
cq defaultdb "CREATE DATABASE trig" >/dev/null
cq trig "CREATE TABLE t (id INT8 PRIMARY KEY, v STRING); INSERT INTO t VALUES (1, 'a');
CREATE FUNCTION stamp() RETURNS TRIGGER LANGUAGE PLpgSQL AS \$\$ BEGIN NEW.v := coalesce(NEW.v, 'stamped'); RETURN NEW; END \$\$;
CREATE TRIGGER t_stamp BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION stamp()" >/dev/null
run "$DBDUMP" -f "$TEST_TMP/trig.sql" "$(url trig)"
check_status "$status" 0 "v25.3 with a trigger: status 0"
check_eq "$(trailer "$TEST_TMP/trig.sql")" "$TRAILER" "v25.3 with a trigger: complete"
trig=$(cat "$TEST_TMP/trig.sql")
# After the rows, so that it does not fire on them.
check_contains "$trig" $'\nCREATE TRIGGER t_stamp BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION' "a trigger"
trig_at=$(grep -n '^CREATE TRIGGER t_stamp' "$TEST_TMP/trig.sql" | cut -d: -f1)
rows_at=$(grep -n '^INSERT INTO public.t ' "$TEST_TMP/trig.sql" | cut -d: -f1)
if [ -n "$trig_at" ] && [ -n "$rows_at" ] && [ "$trig_at" -gt "$rows_at" ]; then
	ok "a trigger comes after the rows of its table"
else
	fail "a trigger comes after the rows of its table" "trigger at line ${trig_at:-none}, rows at ${rows_at:-none}"
fi
cq defaultdb "CREATE DATABASE trig2" >/dev/null
run "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url trig2)" -f "$TEST_TMP/trig.sql"
check_status "$status" 0 "the dump with a trigger restores"
check_eq "$(cq trig2 "INSERT INTO t (id) VALUES (50); SELECT v FROM t WHERE id = 50")" stamped "the trigger is restored"
# v24.3 to v25.2: triggers, but nothing to read them from. Whether the
# database has any cannot be told, so a schema dump fails...
version v25.1.0
lost="dbdump: this CockroachDB (v25.1.0) has triggers but no crdb_internal.create_trigger_statements to read them from (added in v25.3); pass --exclude-unsupported to dump without any triggers"
printf 'keep\n' >"$TEST_TMP/kept.sql"
run "$DBDUMP" -f "$TEST_TMP/kept.sql" "$(url trig)"
check_status "$status" 1 "v25.1: triggers that cannot be read fail the dump"
check_eq "$err" "$lost" "v25.1: the one line saying why"
check_eq "$(cat "$TEST_TMP/kept.sql")" keep "v25.1: the -f target is untouched"
run "$DBDUMP" --schema-only "$(url trig)"
check_status "$status" 1 "v25.1, to stdout: status 1"
check_not_contains "$out" "$TRAILER" "v25.1, to stdout: no trailer"
# ... unless the loss is accepted: said on stderr and in the header.
run "$DBDUMP" --exclude-unsupported -f "$TEST_TMP/trig-lossy.sql" "$(url trig)"
check_status "$status" 0 "v25.1 with --exclude-unsupported: status 0"
check_eq "$err" "dbdump: warning: left out every trigger: this CockroachDB (v25.1.0) has no crdb_internal.create_trigger_statements to read them from (added in v25.3)" \
	"v25.1 with --exclude-unsupported: the warning"
lossy=$(cat "$TEST_TMP/trig-lossy.sql")
check_contains "$lossy" $'\n-- left out (--exclude-unsupported): every trigger (no crdb_internal.create_trigger_statements before v25.3)\n' \
	"v25.1 with --exclude-unsupported: the header says so"
check_not_contains "$lossy" "CREATE TRIGGER" "v25.1 with --exclude-unsupported: no trigger"
check_eq "$(trailer "$TEST_TMP/trig-lossy.sql")" "$TRAILER" "v25.1 with --exclude-unsupported: complete"
# A data-only dump writes no triggers anyway: nothing is lost.
run "$DBDUMP" --data-only -f "$TEST_TMP/trig-data.sql" "$(url trig)"
check_status "$status" 0 "v25.1, --data-only: status 0"
check_eq "$err" "" "v25.1, --data-only: no warning"
version v23.2.4

# ---- a database defaulting to READ COMMITTED
cq defaultdb "ALTER DATABASE defaultdb SET default_transaction_isolation = 'read committed'" >/dev/null
run "$PSQL" -X -d "$CRDB_URL" -c "SELECT cluster_logical_timestamp()"
check_contains "$err" "unsupported in READ COMMITTED" "the stand-in refuses cluster_logical_timestamp() under READ COMMITTED"
run "$DBDUMP" -f "$TEST_TMP/rc.sql" "$CRDB_URL"
check_status "$status" 0 "READ COMMITTED by default: the dump sets its own isolation"
same_dump "$TEST_TMP/rc.sql" "$TEST_TMP/full.sql" "READ COMMITTED by default: the same dump"
cq defaultdb "ALTER DATABASE defaultdb RESET default_transaction_isolation" >/dev/null

# ---- --as-of: every form, one moment for every read
T1=$(cq defaultdb "SELECT cluster_logical_timestamp()")
cq defaultdb "INSERT INTO t VALUES (100, 'later'); INSERT INTO vals (id) VALUES (100); SELECT setval('s', 50)" >/dev/null
sleep 2
# -1s: after T1, before anything else held; taken first, before other dumps
# hand out newer moments.
run "$DBDUMP" --as-of=-1s -f "$TEST_TMP/asof-interval.sql" "$CRDB_URL"
check_status "$status" 0 "--as-of=-1s: status 0"
run "$DBDUMP" --as-of="$T1" -f "$TEST_TMP/asof-hlc.sql" "$CRDB_URL"
check_status "$status" 0 "--as-of=HLC: status 0"
asof=$(cat "$TEST_TMP/asof-hlc.sql")
check_not_contains "$asof" "'later'" "--as-of=HLC: a row written after the moment is absent"
check_contains "$asof" "(3,'it''s',7);" "--as-of=HLC: the rows before it are there"
check_contains "$asof" "SELECT setval('public.s', 3, false);" "--as-of=HLC: the sequence as it was"
check_contains "$asof" "-- as of system time: $T1" "--as-of=HLC: the header names the moment"
same_dump "$TEST_TMP/asof-hlc.sql" "$TEST_TMP/full.sql" "--as-of=HLC: the same dump as before the writes"
same_dump "$TEST_TMP/asof-interval.sql" "$TEST_TMP/full.sql" "--as-of=-1s: the same dump as before the writes"
run "$DBDUMP" --as-of="${T1%%.*}" -f "$TEST_TMP/asof-ns.sql" "$CRDB_URL"
check_status "$status" 0 "--as-of=nanoseconds: status 0"
same_dump "$TEST_TMP/asof-ns.sql" "$TEST_TMP/full.sql" "--as-of=nanoseconds: the same dump"
ns=${T1%%.*}
stamp="$(date -u -d "@${ns:0:10}" '+%Y-%m-%d %H:%M:%S').${ns:10}"
run "$DBDUMP" --as-of="$stamp" -f "$TEST_TMP/asof-ts.sql" "$CRDB_URL"
check_status "$status" 0 "--as-of=timestamp: status 0"
same_dump "$TEST_TMP/asof-ts.sql" "$TEST_TMP/full.sql" "--as-of=timestamp: the same dump"
run "$DBDUMP" -f "$TEST_TMP/now.sql" "$CRDB_URL"
check_contains "$(cat "$TEST_TMP/now.sql")" "(100,'later',7)" "without --as-of: the newer row is there"
run "$DBDUMP" -j 2 --as-of="$T1" -f "$TEST_TMP/asof-j2.sql" "$CRDB_URL"
check_status "$status" 0 "-j 2 --as-of: status 0"
check_eq "$(cmp "$TEST_TMP/asof-j2.sql" "$TEST_TMP/asof-hlc.sql" && echo same)" same \
	"-j 2 at one moment writes the same bytes as -j 1"

# A worker on a node whose clock is behind finds the fresh moment in its
# future: it waits and tries again, and the bytes are those of -j 1. 1.5 s:
# more than the worker takes to begin, less than the ~2 s it keeps trying.
echo "1 1.5" >"$CRDB_DIR/skew"
run "$DBDUMP" -v -j 2 -f "$TEST_TMP/skew-j2.sql" "$CRDB_URL"
check_status "$status" 0 "-j 2 with a worker's node behind: status 0"
check_contains "$err" "the dump's moment is in the future for a parallel job's node; waiting" \
	"-j 2 with a worker's node behind: the worker waits"
check_eq "$([ -e "$CRDB_DIR/skew" ] && echo left || echo used)" used "the skewed connection was a worker's"
run "$DBDUMP" --as-of="$(sed -n 's/^-- as of system time: \([0-9.]*\) .*/\1/p' "$TEST_TMP/skew-j2.sql")" \
	-f "$TEST_TMP/skew-j1.sql" "$CRDB_URL"
check_eq "$(cmp "$TEST_TMP/skew-j2.sql" "$TEST_TMP/skew-j1.sql" && echo same)" same \
	"-j 2 with a worker's node behind writes the same bytes as -j 1"

# Before the oldest history the node holds: the GC error, explained.
echo precious >"$TEST_TMP/keep.sql"
run "$DBDUMP" --as-of='2001-01-01 00:00:00' -f "$TEST_TMP/keep.sql" "$CRDB_URL"
check_status "$status" 1 "--as-of before the GC threshold: status 1"
check_contains "$err" "dbdump: starting the transaction AS OF SYSTEM TIME failed: the dump's timestamp is older than the garbage-collection window" \
	"--as-of before the GC threshold: the explained message"
check_contains "$err" "must be after replica GC threshold" "--as-of before the GC threshold: the server's words too"
check_eq "$(cat "$TEST_TMP/keep.sql")" precious "--as-of before the GC threshold: the -f target is untouched"
run "$DBDUMP" --as-of='2200-01-01 00:00:00' -f "$TEST_TMP/keep.sql" "$CRDB_URL"
check_status "$status" 1 "--as-of in the future: status 1"
check_contains "$err" "the dump's timestamp is in the future" "--as-of in the future: refused"
check_eq "$(cat "$TEST_TMP/keep.sql")" precious "--as-of in the future: the -f target is untouched"
# The node itself refuses a future moment too (a worker on another node).
run "$PSQL" -X -d "$CRDB_URL" -c "BEGIN AS OF SYSTEM TIME '2200-01-01 00:00:00'"
check_contains "$err" "cannot specify timestamp in the future" "the stand-in refuses a future moment"

# A user without the admin role: COPY refused, the same dump through SELECT.
run "$DBDUMP" -v -j 2 --as-of="$T1" -f "$TEST_TMP/nonadmin.sql" "${CRDB_URL/root@/backup@}"
check_status "$status" 0 "COPY refused to a non-admin user: status 0"
check_contains "$err" "COPY refused (user backup does not have the admin role" "COPY refused: said with -v"
check_eq "$(cmp "$TEST_TMP/nonadmin.sql" "$TEST_TMP/asof-hlc.sql" && echo same)" same \
	"COPY refused: the same bytes through SELECT, at the same moment"

# ---- selection and options
run "$DBDUMP" --as-of="$T1" --where 't:id > 1' -t t -f "$TEST_TMP/where.sql" "$CRDB_URL"
check_status "$status" 0 "--where: status 0"
check_contains "$(cat "$TEST_TMP/where.sql")" $'INSERT INTO public.t (id, v, n) VALUES\n(2,\'b\',7),\n(3,\'it\'\'s\',7);' \
	"--where: only the rows that match"
run "$DBDUMP" --list "$CRDB_URL"
check_status "$status" 0 "--list: status 0"
check_contains "$out" $'public\tnorowid' "--list names the tables"
check_not_contains "$out" "INSERT" "--list writes no dump"
run "$DBDUMP" --clean --if-exists --single-transaction -f "$TEST_TMP/clean.sql" "$CRDB_URL"
check_status "$status" 0 "--clean --single-transaction: status 0"
clean=$(cat "$TEST_TMP/clean.sql")
check_contains "$clean" "DROP TABLE IF EXISTS public.t" "--clean drops the tables first"
check_contains "$clean" "COMMIT;" "--single-transaction ends in COMMIT"
version v24.1.0
run "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url restored)" -f "$TEST_TMP/clean.sql"
check_status "$status" 0 "--clean: restores over the earlier restore"
version v23.2.4
check_eq "$(cq restored "SELECT count(*) FROM t")" "4" "--clean: the rows of now, once"

run "$DBDUMP" --all-databases -f "$TEST_TMP/all.sql" --url "$CRDB_URL"
check_status "$status" 0 "--all-databases: status 0"
all=$(cat "$TEST_TMP/all.sql")
check_contains "$all" $'CREATE DATABASE IF NOT EXISTS defaultdb;\nUSE defaultdb;' "--all-databases: defaultdb"
check_contains "$all" $'CREATE DATABASE IF NOT EXISTS restored;\nUSE restored;' "--all-databases: a database of the user's"
check_not_contains "$all" "USE system;" "--all-databases: not the system database"
cq defaultdb "CREATE DATABASE mr" >/dev/null
cq mr 'ALTER DATABASE mr SET PRIMARY REGION "us-east1"; ALTER DATABASE mr ADD REGION "us-west1";
ALTER DATABASE mr ADD REGION "europe-west1"; ALTER DATABASE mr SURVIVE REGION FAILURE' >/dev/null
cq defaultdb "CREATE ROLE reader WITH LOGIN CREATEDB; CREATE ROLE readers; GRANT readers TO reader" >/dev/null
run "$DBDUMP" --all-databases -f "$TEST_TMP/all.sql" --url "$CRDB_URL"
check_status "$status" 0 "--all-databases with roles: status 0"
all=$(cat "$TEST_TMP/all.sql")
check_contains "$all" "-- role passwords: not dumped" "--all-databases: the header says passwords are not dumped"
check_contains "$all" $'CREATE ROLE IF NOT EXISTS reader;\nALTER ROLE reader WITH CREATEDB;' "--all-databases: a role and its options"
check_contains "$all" "GRANT readers TO reader;" "--all-databases: a membership"
check_not_contains "$all" "ALTER DATABASE defaultdb CONFIGURE ZONE" "--all-databases: no zone for a database that inherits the default"
check_contains "$all" $'USE mr;\n\nALTER DATABASE mr SET PRIMARY REGION "us-east1";\nALTER DATABASE mr ADD REGION "europe-west1";\nALTER DATABASE mr ADD REGION "us-west1";\nALTER DATABASE mr SURVIVE REGION FAILURE;\n' \
	"--all-databases: a multi-region database's regions and survival goal, before its tables"
check_not_contains "$all" "ALTER DATABASE defaultdb SET PRIMARY REGION" "--all-databases: no regions for a database without them"

# cockroach-style flags and COCKROACH_* variables reach the same node
run "$DBDUMP" --host 127.0.0.1 --port "$CRDB_PORT" --user root --insecure --as-of="$T1" \
	-f "$TEST_TMP/flags.sql" defaultdb
check_status "$status" 0 "--host --port --user --insecure: status 0"
same_dump "$TEST_TMP/flags.sql" "$TEST_TMP/asof-hlc.sql" "--host --port --user --insecure: the same dump"
run env COCKROACH_HOST="127.0.0.1:$CRDB_PORT" COCKROACH_USER=root COCKROACH_INSECURE=true \
	"$DBDUMP" --as-of="$T1" -f "$TEST_TMP/env.sql" defaultdb
check_status "$status" 0 "COCKROACH_HOST, COCKROACH_USER, COCKROACH_INSECURE: status 0"
same_dump "$TEST_TMP/env.sql" "$TEST_TMP/asof-hlc.sql" "COCKROACH_* variables: the same dump"
run env COCKROACH_URL="$CRDB_URL" "$DBDUMP" --as-of="$T1" -f "$TEST_TMP/envurl.sql" defaultdb
check_status "$status" 0 "COCKROACH_URL: status 0"
same_dump "$TEST_TMP/envurl.sql" "$TEST_TMP/asof-hlc.sql" "COCKROACH_URL: the same dump"

# ---- a big table read in key ranges
cq defaultdb "CREATE DATABASE big" >/dev/null
cq big "CREATE TABLE big (id INT8 PRIMARY KEY, v INT8);
INSERT INTO big SELECT g, g % 7 FROM generate_series(1, 320000) g; ANALYZE big" >/dev/null
run "$DBDUMP" -v -f "$TEST_TMP/big1.sql" "$(url big)"
check_status "$status" 0 "a big table: status 0"
check_contains "$err" 'table "public.big" part 3 of 3' "a big table is read in key ranges"
check_eq "$(grep -c '^([0-9]*,[0-9]*)[,;]$' "$TEST_TMP/big1.sql")" 320000 "a big table: every row once"
run "$DBDUMP" -j 2 --as-of="$(sed -n 's/^-- as of system time: \([0-9.]*\) .*/\1/p' "$TEST_TMP/big1.sql")" \
	-f "$TEST_TMP/big2.sql" "$(url big)"
check_status "$status" 0 "a big table with -j 2: status 0"
check_eq "$(cmp "$TEST_TMP/big1.sql" "$TEST_TMP/big2.sql" && echo same)" same "a big table: -j 2 writes the same bytes"

# ---- failures
run "$DBDUMP" --url "postgresql://root@127.0.0.1:1/defaultdb?sslmode=disable" defaultdb
check_status "$status" 1 "connection refused: status 1"
check_contains "$err" "dbdump: could not connect to database" "connection refused: the message"
printf '%s\t%s\t%s\n' 'create_type_statements' 42501 'user root does not have SELECT privilege on relation create_type_statements' \
	>"$CRDB_DIR/reject"
run "$DBDUMP" -f "$TEST_TMP/keep.sql" "$CRDB_URL"
check_status "$status" 1 "a query the node rejects: status 1"
check_eq "$err" "dbdump: reading the types failed: user root does not have SELECT privilege on relation create_type_statements" \
	"a query the node rejects: its message"
check_eq "$(cat "$TEST_TMP/keep.sql")" precious "a query the node rejects: the -f target is untouched"
rm -f "$CRDB_DIR/reject"
# A node that stops sending in the middle of the big table: --stall-timeout
# ends the wait (status 1, the -f target untouched, no temporary file left).
echo big >"$CRDB_DIR/stall-on-read"
SECONDS=0
run "$DBDUMP" --stall-timeout=3s -f "$TEST_TMP/keep.sql" "$(url big)"
elapsed=$SECONDS
rm -f "$CRDB_DIR/stall-on-read"
check_status "$status" 1 "a stalled node with --stall-timeout=3s: status 1"
check_contains "$err" "the server sent nothing for 3 s while reading table \"public.big\" (--stall-timeout)" \
	"a stalled node: the message names the table and the option"
if [ "$elapsed" -lt 30 ]; then ok "a stalled node: dbdump gives up within seconds ($elapsed s)"; else fail "a stalled node: dbdump gives up within seconds" "took $elapsed s"; fi
check_eq "$(cat "$TEST_TMP/keep.sql")" precious "a stalled node: the -f target is untouched"
check_eq "$(find "$TEST_TMP" -maxdepth 1 -name '.keep.sql.dbdump-*' | wc -l)" 0 "a stalled node: no temporary file is left"
# Last: the node dies in the middle of the big table.
echo big >"$CRDB_DIR/die-on-read"
run "$DBDUMP" -f "$TEST_TMP/keep.sql" "$(url big)"
check_status "$status" 1 "the node dies mid-table: status 1"
check_contains "$err" "could not read table \"public.big\"" "the node dies mid-table: the message names the table"
check_eq "$(cat "$TEST_TMP/keep.sql")" precious "the node dies mid-table: the -f target is untouched"
run "$DBDUMP" "$(url big)"
check_not_contains "$out" "$TRAILER" "the node is gone: no trailer"
check_status "$status" 1 "the node is gone: status 1"

done_testing
