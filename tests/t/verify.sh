# Integration tests of the manifest every dump carries and of
# dbdump --verify FILE [DBNAME], against a throwaway server.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/verify.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP

# Tables with quotes, newlines, backslashes and NULLs in their values; a
# name with a space and a newline; a table of no columns; an empty table;
# a function whose body holds lines that look like rows and manifest lines;
# and two tables for the restore drill to change.
newdb src
q src <<'EOF' >/dev/null
CREATE TABLE t1 (id integer PRIMARY KEY, name text, qty numeric, note text);
INSERT INTO t1 SELECT g, 'n' || g || E'\t''"\\', g / 3.0,
	CASE WHEN g % 4 = 0 THEN NULL ELSE 'line' || g || E'\nINSERT INTO t1 (id) VALUES\n(' || g || ');' END
	FROM generate_series(1, 3000) AS g;
CREATE TABLE t2 (id integer PRIMARY KEY, v text);
INSERT INTO t2 SELECT g, repeat('v', g % 30) FROM generate_series(1, 500) AS g;
CREATE TABLE t3 (id bigint, f double precision, b boolean);
INSERT INTO t3 SELECT g, g * 0.5, g % 2 = 0 FROM generate_series(1, 200) AS g;
CREATE TABLE "odd
name here" (x text);
INSERT INTO "odd
name here" VALUES ('a'), ('b');
CREATE TABLE nocols ();
INSERT INTO nocols DEFAULT VALUES;
INSERT INTO nocols DEFAULT VALUES;
CREATE TABLE empty_one (a integer);
CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS $body$
INSERT INTO t2 (id, v) VALUES
(0, 'x')
RETURNING 1;
-- dbdump: table public.t2 rows 1 digest 00000000000000000000000000000000
$body$;
ANALYZE;
EOF

# verify ARG...: dbdump --verify ARG...; sets $status, $out, $err.
verify() {
	run "$DBDUMP" --verify "$@"
}

# ------------------------------------------------------------ the manifest
"$DBDUMP" -f "$D/good.sql" src 2>"$D/dump.err"
check_status $? 0 "a dump succeeds"
check_contains "$(cat "$D/good.sql")" "$(printf -- '-- dbdump: table public.t1 rows 3000 digest ')" \
	"the manifest names t1 with its 3000 rows"
check_contains "$(cat "$D/good.sql")" "-- dbdump: table public.\"odd\\x0aname\\x20here\" rows 2 digest " \
	"a name with a newline and a space stays on its manifest line"
check_contains "$(cat "$D/good.sql")" "-- dbdump: table public.empty_one rows 0 digest 00000000000000000000000000000000" \
	"an empty table has its manifest line"
check_eq "$(tail -n 2 "$D/good.sql" | head -n 1 | cut -c 1-22)" "-- dbdump: file bytes " \
	"the file line comes just before the trailer"
check_eq "$(tail -n 1 "$D/good.sql")" "-- dbdump: dump complete" "the trailer is still the last line"
newdb plain_restore
restore plain_restore "$D/good.sql"

# The manifest is the same bytes with -j, and with -Z (once decompressed).
"$DBDUMP" -j 4 -f "$D/j4.sql" src 2>"$D/dump.err"
check_status $? 0 "a dump with -j 4 succeeds"
same_dump "$D/good.sql" "$D/j4.sql" "-j 4 writes the same rows and manifest as -j 1"
check_eq "$(grep '^-- dbdump: table ' "$D/j4.sql")" "$(grep '^-- dbdump: table ' "$D/good.sql")" \
	"-j 4 writes the same manifest lines"
"$DBDUMP" -f "$D/good.sql.zst" src 2>"$D/dump.err"
check_status $? 0 "a compressed dump succeeds"
check_eq "$(zstd -dcq "$D/good.sql.zst" | grep '^-- dbdump: table ')" "$(grep '^-- dbdump: table ' "$D/good.sql")" \
	"-Z writes the same manifest lines"

# ------------------------------------------------------------ good files
verify "$D/good.sql"
check_status "$status" 0 "a good plain dump verifies"
check_contains "$out" "verdict: the file is whole" "the summary gives the verdict"
check_contains "$out" "table public.t1: 3000 rows," "the summary lists t1 with its rows"
check_contains "$out" "table public.\"odd\\x0aname here\": 2 rows," "the summary keeps a name with a newline on one line"
check_contains "$out" "server: PostgreSQL " "the summary names the server"
check_contains "$out" "snapshot: " "the summary names the snapshot"
check_contains "$out" "contents: schema and data" "the summary names the mode"
check_contains "$out" "total: 6 tables, 3704 rows," "the summary gives the totals"
check_eq "$err" "" "nothing on stderr for a good file"

verify "$D/good.sql.zst"
check_status "$status" 0 "a good zstd dump verifies"
check_contains "$out" "(zstd)" "the summary says the file is compressed"
cp "$D/good.sql.zst" "$D/no-suffix"
verify "$D/no-suffix"
check_status "$status" 0 "zstd is recognised by its magic bytes, not its name"

"$DBDUMP" --verify - <"$D/good.sql" >"$D/out" 2>"$D/err"
check_status $? 0 "a good dump verifies through standard input"
"$DBDUMP" --verify - <"$D/good.sql.zst" >"$D/out" 2>"$D/err"
check_status $? 0 "a good zstd dump verifies through standard input"

verify "$D/j4.sql"
check_status "$status" 0 "a dump made with -j 4 verifies"

# ------------------------------------------------------------ damaged files
size=$(stat -c %s "$D/good.sql")
for cut in 1 200 $((size / 3)) $((size / 2)) $((size - 90)) $((size - 30)) $((size - 1)); do
	head -c "$cut" "$D/good.sql" >"$D/cut.sql"
	verify "$D/cut.sql"
	check_status "$status" 1 "a dump cut at byte $cut fails"
	check_contains "$err" "dbdump: $D/cut.sql: the file ends at byte $cut" "a dump cut at byte $cut names the cut"
done
zsize=$(stat -c %s "$D/good.sql.zst")
head -c $((zsize / 2)) "$D/good.sql.zst" >"$D/cut.sql.zst"
verify "$D/cut.sql.zst"
check_status "$status" 1 "a zstd dump cut in half fails"
check_contains "$err" "in the middle of its zstd frame, before the trailer" "a cut zstd dump is named as cut"

# One changed byte in a value of t2 ('vvv' -> 'vvw').
sed '0,/(3,'"'"'vvv'"'"')/s//(3,'"'"'vvw'"'"')/' "$D/good.sql" >"$D/value.sql"
check_eq "$(cmp "$D/good.sql" "$D/value.sql" | wc -l)" "1" "the test changed one value"
verify "$D/value.sql"
check_status "$status" 1 "a changed value fails"
check_eq "$err" "dbdump: $D/value.sql: table public.t2's rows do not match its digest" \
	"a changed value names its table"

# A manifest line that says one row more.
sed 's/^\(-- dbdump: table public.t3 rows \)200 /\1201 /' "$D/good.sql" >"$D/manifest.sql"
verify "$D/manifest.sql"
check_status "$status" 1 "a changed manifest line fails"
check_eq "$err" "dbdump: $D/manifest.sql: table public.t3 has 200 rows where the manifest says 201" \
	"a changed manifest line names the table and both counts"

# A changed byte outside the rows: only the file digest sees it.
sed 's/^SET lock_timeout = 0;/SET lock_timeout = 1;/' "$D/good.sql" >"$D/ddl.sql"
verify "$D/ddl.sql"
check_status "$status" 1 "a changed header setting fails"
check_eq "$err" "dbdump: $D/ddl.sql: the file digest does not match" "a change outside the rows fails the file digest"

# A dump written before the manifest existed.
grep -v -e '^-- manifest: ' -e '^-- dbdump: table ' -e '^-- dbdump: large objects ' -e '^-- dbdump: file ' "$D/good.sql" >"$D/old.sql"
verify "$D/old.sql"
check_status "$status" 1 "a dump without a manifest is refused"
check_contains "$err" "the dump has no manifest: it was written by a dbdump older than" \
	"a dump without a manifest is explained, not called damaged"
check_contains "$out" "verdict: cannot verify" "the summary does not call it damaged"

printf 'hello\n' >"$D/hello.txt"
verify "$D/hello.txt"
check_status "$status" 1 "a file that is no dump fails"
check_contains "$err" "not a dump written by dbdump" "a file that is no dump is named as such"

# ------------------------------------------------------------ usage
run "$DBDUMP" --verify
check_status "$status" 2 "--verify without a FILE is a usage error"
check_eq "$err" "dbdump: --verify needs the FILE to check
Try 'dbdump --help' for more information." "--verify without a FILE says so"
run "$DBDUMP" --verify a b c
check_status "$status" 2 "--verify with three arguments is a usage error"
verify "$D/missing.sql"
check_status "$status" 1 "a missing file fails"
check_contains "$err" "could not open \"$D/missing.sql\"" "a missing file is named"

# ------------------------------------------------------------ restore drill
verify "$D/good.sql" plain_restore
check_status "$status" 0 "a restored database verifies"
check_contains "$out" "database verdict: all 6 tables and the large objects match the dump" \
	"the drill says every table (and the none large objects) matches"

q plain_restore "UPDATE t1 SET name = 'changed' WHERE id = 7; INSERT INTO t2 VALUES (9999, 'new');
	DELETE FROM t3 WHERE id = 5;" >/dev/null
verify "$D/good.sql" plain_restore
check_status "$status" 1 "a restored database with changed rows fails"
check_contains "$err" "dbdump: table public.t1's rows in database \"plain_restore\" do not match the dump's digest" \
	"a changed row names its table"
check_contains "$err" "dbdump: table public.t2 has 501 rows in database \"plain_restore\" where the dump has 500" \
	"an added row names its table"
check_contains "$err" "dbdump: table public.t3 has 199 rows in database \"plain_restore\" where the dump has 200" \
	"a deleted row names its table"
check_eq "$(printf '%s\n' "$err" | wc -l)" "3" "each differing table is reported once, the others not"

# --where: the source compared under the recorded condition.
"$DBDUMP" -f "$D/where.sql" --where 't1:id % 7 = 0' src 2>"$D/dump.err"
check_status $? 0 "a --where dump succeeds"
check_contains "$(cat "$D/where.sql")" "-- dbdump: table public.t1 rows 428 digest " "the --where dump's manifest counts its rows"
check_contains "$(cat "$D/where.sql")" " where id % 7 = 0" "the manifest records the condition"
verify "$D/where.sql" src
check_status "$status" 0 "a --where dump verifies against its source database"
q src "INSERT INTO t1 VALUES (7000, 'late', 1, NULL), (7001, 'late', 1, NULL)" >/dev/null
verify "$D/where.sql" src
check_status "$status" 1 "a --where dump no longer matches once a matching row is added"
check_contains "$err" "table public.t1 has 429 rows in database \"src\" where the dump has 428" \
	"the added row under the condition is counted"

# ------------------------------------------------------------ large objects
# 70 objects (two batches of the jobs engine), one of them bigger than one
# lo_get chunk; one line covers them all.
newdb lo_src
q lo_src <<'EOF2' >/dev/null
CREATE TABLE k (id integer PRIMARY KEY);
INSERT INTO k VALUES (1);
SELECT pg_catalog.lo_from_bytea(40000 + g, pg_catalog.convert_to(repeat('object ' || g, g), 'UTF8'))
	FROM generate_series(1, 69) AS g;
SELECT pg_catalog.lo_from_bytea(40100, pg_catalog.decode(repeat('00ff17', 100000), 'hex'));
EOF2
"$DBDUMP" -f "$D/lo.sql" lo_src 2>"$D/dump.err"
check_status $? 0 "a dump with large objects succeeds"
check_contains "$(cat "$D/lo.sql")" "$(printf -- '\n-- dbdump: large objects 70 digest ')" \
	"the manifest has one line for the 70 large objects"
"$DBDUMP" -j 4 -f "$D/lo-j4.sql" lo_src 2>"$D/dump.err"
check_status $? 0 "a dump with large objects and -j 4 succeeds"
check_eq "$(grep '^-- dbdump: large objects ' "$D/lo-j4.sql")" "$(grep '^-- dbdump: large objects ' "$D/lo.sql")" \
	"-j 4 writes the same large objects line"
"$DBDUMP" -f "$D/lo.sql.zst" lo_src 2>"$D/dump.err"
check_eq "$(zstd -dcq "$D/lo.sql.zst" | grep '^-- dbdump: large objects ')" \
	"$(grep '^-- dbdump: large objects ' "$D/lo.sql")" "-Z writes the same large objects line"
verify "$D/lo.sql"
check_status "$status" 0 "a dump with large objects verifies"
check_contains "$out" "  large objects: 70" "the summary counts the large objects"
verify "$D/lo-j4.sql"
check_status "$status" 0 "a dump with large objects made with -j 4 verifies"
newdb lo_restore
restore lo_restore "$D/lo.sql"
verify "$D/lo.sql" lo_restore
check_status "$status" 0 "a restore with large objects verifies"
check_contains "$out" "  large objects: 70, the same" "the drill compares the large objects"
check_contains "$out" "database verdict: all 1 tables and the large objects match the dump" \
	"the drill's verdict names the large objects"
"$DBDUMP" --no-large-objects -f "$D/no-lo.sql" lo_src 2>"$D/dump.err"
check_not_contains "$(cat "$D/no-lo.sql")" "-- dbdump: large objects" \
	"a dump without large objects has no large objects line"
q lo_restore "SELECT pg_catalog.lo_put(40100, 150000, '\\x01')" >/dev/null
verify "$D/lo.sql" lo_restore
check_status "$status" 1 "one changed byte of a large object fails"
check_eq "$err" "dbdump: the large objects in database \"lo_restore\" do not match the dump's digest" \
	"a changed large object is named as such"
check_contains "$out" "database verdict: the large objects differ" "the verdict names the large objects"
# A manifest without the line (an older dump, or one made without them)
# compares the tables alone.
verify "$D/no-lo.sql" lo_restore
check_status "$status" 0 "a dump without a large objects line verifies without comparing them"
check_not_contains "$out" "large objects" "nothing is said about large objects it does not carry"
q lo_restore "SELECT pg_catalog.lo_unlink(40001)" >/dev/null
verify "$D/lo.sql" lo_restore
check_status "$status" 1 "a missing large object fails"
check_eq "$err" "dbdump: database \"lo_restore\" has 69 large objects where the dump has 70" \
	"a missing large object is counted"

# --all-databases: the file is verified, a database drill is refused.
"$DBDUMP" --all-databases -f "$D/all.sql" 2>"$D/dump.err"
check_status $? 0 "an --all-databases dump succeeds"
verify "$D/all.sql"
check_status "$status" 0 "an --all-databases dump verifies"
check_contains "$out" 'database: "src"' "the summary lists each database"
verify "$D/all.sql" src
check_status "$status" 1 "an --all-databases dump is not compared with one database"
check_contains "$err" "this is an --all-databases dump" "the refusal says why"

done_testing
