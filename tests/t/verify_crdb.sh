# Integration tests of dbdump --verify FILE DBNAME against CockroachDB,
# through the stand-in server (tests/crdb/standin; see tests/t/crdb.sh): a
# dump read back from the source and from a restore under another name,
# through the CockroachDB dump's own read path.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/verify_crdb.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

STANDIN=$TOP_SRCDIR/tests/crdb/standin
command -v python3 >/dev/null || _lib_bail "the stand-in needs python3 (run scripts/deps)"
# Next to TEST_TMP: the stand-in's PostgreSQL runs as postgres, which must
# reach it.
CRDB_DIR=$(dirname "$TEST_TMP")/crdb_verify
trap '_rc=$?; python3 "$STANDIN" stop "$CRDB_DIR"; (exit $_rc); _lib_cleanup' EXIT
_env=$(python3 "$STANDIN" start "$CRDB_DIR" --version v23.2.4) || _lib_bail "the stand-in did not start"
eval "$_env"
D=$TEST_TMP

# cq DB SQL: SQL through the stand-in, rows unaligned.
cq() {
	"$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "${CRDB_URL/\/defaultdb?//$1?}" -c "$2"
}
url() {
	printf '%s' "${CRDB_URL/\/defaultdb?//$1?}"
}

cq defaultdb "
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (id INT8 PRIMARY KEY, v STRING, n INT8 DEFAULT 7);
CREATE TABLE vals (id INT8 PRIMARY KEY, m mood, f FLOAT8, b BYTES, ts TIMESTAMPTZ, j JSONB,
                   d DECIMAL(10,2), arr INT8[], s STRING);
CREATE TABLE norowid (a STRING, b INT8);
INSERT INTO t SELECT g, 'v' || g::STRING, g % 5 FROM generate_series(1, 300) AS g;
INSERT INTO vals VALUES (1, 'ok', 1.5, '\\x00ff', '2024-01-01 10:00:00+00', '{\"a\": 1}', 3.14, '{1,2}', 'x\"y'),
                        (2, NULL, -0.1, '', '1970-01-01 00:00:00+00', 'null', -1, '{}', E'tab\\there');
INSERT INTO norowid VALUES ('x', 1), ('y', 2);
" >/dev/null || _lib_bail "could not set up the data through the stand-in"

# verify ARG...: dbdump --verify ARG...; sets $status, $out, $err.
verify() {
	run "$DBDUMP" --verify "$@"
}

"$DBDUMP" -f "$D/crdb.sql" "$(url defaultdb)" 2>"$D/dump.err"
check_status $? 0 "a CockroachDB dump succeeds"
check_contains "$(cat "$D/crdb.sql")" "-- dbdump: table public.t rows 300 digest " "its manifest names t with its rows"

verify "$D/crdb.sql" "$(url defaultdb)"
check_status "$status" 0 "the dump verifies against its CockroachDB source"
check_contains "$out" "database verdict: all 3 tables match the dump" "the source: every table matches"
check_contains "$out" "database check: \"defaultdb\" as of system time " "the source: read as of one moment"
check_eq "$err" "" "the source: nothing on stderr"

cq defaultdb "CREATE DATABASE restored" >/dev/null
run "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(url restored)" -f "$D/crdb.sql"
check_status "$status" 0 "the dump restores into another database on the stand-in"
verify "$D/crdb.sql" "$(url restored)"
check_status "$status" 0 "the restore verifies"
check_contains "$out" "  table public.vals: 2 rows, the same" "the restore: vals is the same"

# A server too old for COPY TO: the rows come through SELECT, into the
# same literals and digests as the dump's COPY.
echo v22.2.0 >"$CRDB_DIR/version"
run "$DBDUMP" -v --verify "$D/crdb.sql" "$(url restored)"
check_status "$status" 0 "the restore verifies through SELECT on a server without COPY TO"
echo v23.2.4 >"$CRDB_DIR/version"

cq restored "UPDATE t SET v = 'changed' WHERE id = 150" >/dev/null
verify "$D/crdb.sql" "$(url restored)"
check_status "$status" 1 "one changed row: verify fails"
check_eq "$err" "dbdump: table public.t's rows in database \"restored\" do not match the dump's digest" \
	"one changed row: the message names the table"
check_contains "$out" "database verdict: 1 of 3 tables differ" "one changed row: one table differs"

cq restored "DELETE FROM norowid WHERE a = 'y'" >/dev/null
verify "$D/crdb.sql" "$(url restored)"
check_status "$status" 1 "a deleted row too: verify fails"
check_contains "$err" "dbdump: table public.norowid has 1 rows in database \"restored\" where the dump has 2" \
	"a deleted row: the message names the table and the counts"

cq restored "DROP TABLE vals" >/dev/null
verify "$D/crdb.sql" "$(url restored)"
check_contains "$err" "dbdump: table public.vals is not in database \"restored\"" "a dropped table is named"

# --where is recorded in the manifest and applied when verifying.
"$DBDUMP" --where 't:id <= 100' -t t -f "$D/where.sql" "$(url defaultdb)" 2>"$D/where.err"
check_status $? 0 "a --where dump of CockroachDB succeeds"
verify "$D/where.sql" "$(url defaultdb)"
check_status "$status" 0 "a --where dump verifies against its source, under its condition"
check_contains "$out" "  table public.t: 100 rows, the same" "the condition is applied: 100 rows"

# A PostgreSQL dump holding large objects cannot have been restored whole
# into CockroachDB, which has none: its verdict there is not "match".
newdb lodb
q lodb "SELECT lo_from_bytea(0, 'blob')" >/dev/null
"$DBDUMP" -f "$D/lo.sql" lodb
check_status $? 0 "a PostgreSQL dump with one large object"
verify "$D/lo.sql" "$(url defaultdb)"
check_status "$status" 1 "its large object fails verify against CockroachDB"
check_contains "$err" "the dump holds 1 large objects, which a CockroachDB database cannot hold" \
	"the error says CockroachDB cannot hold the large objects"
check_not_contains "$out" "match the dump" "no matching verdict"

# --as-of: the source read at the dump's own moment (its header names it)
# matches even after the source changed; read now, it does not.
moment=$(sed -n 's/^-- the same moment again: dbdump --as-of=//p' "$D/crdb.sql")
cq defaultdb "UPDATE t SET v = 'changed' WHERE id = 1" >/dev/null
verify "$D/crdb.sql" --as-of="$moment" "$(url defaultdb)"
check_status "$status" 0 "the changed source verifies as of the dump's moment"
check_contains "$out" "database check: \"defaultdb\" as of system time $moment" "read at that very moment"
verify "$D/crdb.sql" "$(url defaultdb)"
check_status "$status" 1 "the changed source read now fails"
check_contains "$err" "public.t" "naming the changed table"

done_testing
