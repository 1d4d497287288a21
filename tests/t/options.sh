# Integration tests of the options for scripts and cron (issue 7):
# --single-transaction, --on-conflict-do-nothing, --where, --all-databases,
# --list, -q and -vv, each against a throwaway server, each checked by what a
# user would see: the dump's lines, the rows after a restore, the exit status
# and the messages.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/options.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP

# psql_quiet DB FILE: psql -f FILE into DB, the way a restore runs; returns
# psql's status and leaves its output in $D/psql.out.
psql_quiet() {
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$2" >"$D/psql.out" 2>&1
}

# statements FILE: the dump's SQL without comments, blank lines and the
# header's session settings (the 16 MB value for the server's malloc too).
statements() {
	grep -v -e '^--' -e '^$' -e '^SET ' -e "^SELECT pg_catalog.set_config('search_path'" \
		-e "^SELECT pg_catalog.octet_length(pg_catalog.rpad('', 16777216 / " "$1"
}

# ============================================================ --all-databases
# First, while the server holds only postgres and the templates, so that the
# whole file restores into this same server.

q postgres "CREATE DATABASE alldb_one TEMPLATE template0"
q postgres 'CREATE DATABASE "All Two" TEMPLATE template0'
q postgres "CREATE DATABASE alldb_noconn TEMPLATE template0; ALTER DATABASE alldb_noconn ALLOW_CONNECTIONS false"
q alldb_one "CREATE SCHEMA shop;
             CREATE TABLE shop.items (id integer PRIMARY KEY, name text NOT NULL);
             INSERT INTO shop.items SELECT i, 'item ' || i FROM generate_series(1, 40) AS i;
             CREATE TABLE notes (id serial PRIMARY KEY, body text);
             INSERT INTO notes (body) VALUES ('first'), ('it''s second'), (NULL);"
q "All Two" <<'SQL'
CREATE TABLE "Readings" (at timestamptz PRIMARY KEY, "Value" numeric(8,2));
INSERT INTO "Readings"
SELECT timestamptz '2024-01-01 00:00+00' + i * interval '1 hour', i / 7.0
  FROM generate_series(1, 30) AS i;
SQL

dump "$D/all.sql" --all-databases
all=$(cat "$D/all.sql")
check_contains "$all" '\connect -reuse-previous=on "dbname='"'alldb_one'"'"' '--all-databases: \connect to alldb_one'
check_contains "$all" '\connect -reuse-previous=on "dbname='"'All Two'"'"' '--all-databases: \connect to "All Two"'
check_contains "$all" '\connect -reuse-previous=on "dbname='"'postgres'"'"' '--all-databases: \connect to postgres'
check_contains "$all" "WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = 'All Two')\\gexec" \
	'--all-databases: "All Two" is created only when missing'
check_not_contains "$all" "dbname='template" "--all-databases: no template database"
check_not_contains "$all" "alldb_noconn" "--all-databases: no database that refuses connections"
check_eq "$(grep -c '^\\connect ' "$D/all.sql")" 3 "--all-databases: one \\connect per database"

# --list --all-databases: the database first on each line.
run "$DBDUMP" --list --all-databases
check_eq "$(cut -f 1-3 "$D/out" | LC_ALL=C sort)" $'All Two\tpublic\tReadings\nalldb_one\tpublic\tnotes\nalldb_one\tshop\titems' \
	"--list --all-databases: database, schema and table on each line"

# The same file with -f, compressed by its name.
run "$DBDUMP" --all-databases -f "$D/all.sql.zst"
check_status "$status" 0 "--all-databases -f all.sql.zst succeeds"
check_eq "$(zstd -dcq "$D/all.sql.zst" | grep -v -e '^-- snapshot: ' -e '^-- dbdump: file ')" "$(grep -v -e '^-- snapshot: ' -e '^-- dbdump: file ' "$D/all.sql")" \
	"--all-databases -f all.sql.zst: the same dump, compressed"

# Keep copies to compare with, drop the originals, restore the lot.
q postgres "CREATE DATABASE ref_one TEMPLATE alldb_one"
q postgres 'CREATE DATABASE ref_two TEMPLATE "All Two"'
q postgres 'DROP DATABASE alldb_one; DROP DATABASE "All Two"'
restore postgres "$D/all.sql"
check_eq "$(q postgres "SELECT datname FROM pg_database WHERE datname IN ('alldb_one', 'All Two') ORDER BY 1")" \
	$'All Two\nalldb_one' "--all-databases: the restore created both databases"
compare_db ref_one alldb_one
compare_db ref_two "All Two"
# Restoring it again finds the databases there and does not create them twice;
# only the tables already existing stop it.
psql_quiet postgres "$D/all.sql"
check_contains "$(cat "$D/psql.out")" 'relation "Readings" already exists' "--all-databases: a second restore reaches the existing tables"
check_not_contains "$(cat "$D/psql.out")" 'database "All Two" already exists' "--all-databases: a second restore does not create the database again"
q postgres 'DROP DATABASE alldb_one; DROP DATABASE "All Two"; DROP DATABASE ref_one; DROP DATABASE ref_two; DROP DATABASE alldb_noconn'

usage_status() {
	run "$DBDUMP" "$@"
	check_status "$status" 2 "usage error: dbdump $*"
	check_contains "${err:0:8}" "dbdump: " "usage error message starts 'dbdump: ': dbdump $*"
}
usage_status --all-databases postgres sometable
usage_status --all-databases -t sometable

newdb sample
restore sample "$FIXTURES/sample.sql"
q sample "ANALYZE" >/dev/null

# ============================================================ --single-transaction

dump "$D/st.sql" --single-transaction sample
check_eq "$(statements "$D/st.sql" | head -n 1)" "BEGIN;" "--single-transaction: BEGIN; right after the header"
check_eq "$(grep -v -e '^$' -e '^-- dbdump: dump complete$' -e '^-- dbdump: file ' "$D/st.sql" | tail -n 1)" "COMMIT;" \
	"--single-transaction: COMMIT; just before the trailer (and the manifest's file line)"
check_eq "$(grep -c -x -e 'BEGIN;' -e 'COMMIT;' "$D/st.sql")" 2 "--single-transaction: one BEGIN; and one COMMIT;"
dump "$D/plain.sql" sample
check_eq "$(grep -c -x -e 'BEGIN;' -e 'COMMIT;' "$D/plain.sql")" 0 "without --single-transaction: no BEGIN; or COMMIT;"
# Without it, the durable end's RESET and SELECT (tests/t/durable.sh) end the file.
check_eq "$(statements "$D/st.sql" | sed '1d;$d')" "$(statements "$D/plain.sql" | head -n -2)" \
	"--single-transaction: otherwise the same statements"
newdb r_st
restore r_st "$D/st.sql"
compare_db sample r_st

# A restore that fails midway leaves nothing: make the first INSERT fail,
# after every CREATE TABLE has run.
awk '/^INSERT INTO/ && !done { print "SELECT 1 / 0;"; done = 1 } { print }' "$D/st.sql" >"$D/st-broken.sql"
newdb r_st_broken
psql_quiet r_st_broken "$D/st-broken.sql"
rc=$?
check_status "$rc" 3 "--single-transaction: a broken restore stops with psql's error status"
check_eq "$(q r_st_broken "SELECT count(*) FROM pg_class WHERE relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema')")" \
	0 "--single-transaction: a restore that fails midway leaves no table, sequence or index"
# The same damage without the option leaves half a database: the check above can fail.
awk '/^INSERT INTO/ && !done { print "SELECT 1 / 0;"; done = 1 } { print }' "$D/plain.sql" >"$D/plain-broken.sql"
newdb r_plain_broken
psql_quiet r_plain_broken "$D/plain-broken.sql"
check_eq "$(q r_plain_broken "SELECT count(*) > 0 FROM pg_tables WHERE schemaname = 'public'")" t \
	"without --single-transaction the same failure leaves tables behind"

# psql -1 is the same from the reader's side.
newdb r_psql1
if "$PSQL" -X -q -v ON_ERROR_STOP=1 -1 -d r_psql1 -f "$D/plain-broken.sql" >"$D/psql.out" 2>&1; then
	fail "psql -1 stops at the broken statement"
else
	ok "psql -1 stops at the broken statement"
fi
check_eq "$(q r_psql1 "SELECT count(*) FROM pg_tables WHERE schemaname <> 'pg_catalog' AND schemaname <> 'information_schema'")" \
	0 "psql -1: a restore that fails midway leaves nothing either"

# ============================================================ --on-conflict-do-nothing

dump "$D/oc.sql" -a --on-conflict-do-nothing sample
inserts=$(grep -c '^INSERT INTO' "$D/oc.sql")
if [ "$inserts" -gt 0 ]; then ok "--on-conflict-do-nothing: the data dump has INSERTs ($inserts)"; else fail "--on-conflict-do-nothing: the data dump has INSERTs"; fi
check_eq "$(grep -c 'ON CONFLICT DO NOTHING;$' "$D/oc.sql")" "$inserts" \
	"--on-conflict-do-nothing: every INSERT ends with ON CONFLICT DO NOTHING"
dump "$D/no-oc.sql" -a sample
check_eq "$(grep -c 'ON CONFLICT' "$D/no-oc.sql")" 0 "without --on-conflict-do-nothing: no ON CONFLICT"

# Restored whole once (the foreign keys come after the data there), then the
# data loaded again on top, twice.
dump "$D/oc-both.sql" --on-conflict-do-nothing sample
newdb r_oc
restore r_oc "$D/oc-both.sql"
psql_quiet r_oc "$D/oc.sql"
check_status "$?" 0 "--on-conflict-do-nothing: loading the same data a second time succeeds"
psql_quiet r_oc "$D/oc.sql"
check_status "$?" 0 "--on-conflict-do-nothing: and a third time"
compare_db sample r_oc
psql_quiet r_oc "$D/no-oc.sql"
check_status "$?" 3 "without --on-conflict-do-nothing a second load fails on the primary key"

# Loading into a table that has some of the rows already: those stay as they are.
newdb oc_src
q oc_src "CREATE TABLE items (id integer PRIMARY KEY, name text);
          INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 10) AS i;"
dump "$D/items.sql" -a --on-conflict-do-nothing oc_src items
newdb oc_dst
q oc_dst "CREATE TABLE items (id integer PRIMARY KEY, name text);
          INSERT INTO items VALUES (2, 'kept'), (7, 'kept too');"
restore oc_dst "$D/items.sql"
check_eq "$(q oc_dst "SELECT count(*), count(DISTINCT id), string_agg(name, ',' ORDER BY id) FILTER (WHERE name LIKE 'kept%') FROM items")" \
	"10|10|kept,kept too" "--on-conflict-do-nothing: missing rows arrive, present ones are kept, no duplicates"

# ============================================================ --where

newdb w
q w <<'SQL'
CREATE TABLE plain (id integer PRIMARY KEY, v text);
INSERT INTO plain
SELECT i, CASE WHEN i % 3 = 0 THEN 'a:' || i ELSE 'b' || i END FROM generate_series(1, 12) AS i;
CREATE TABLE "MixedCase" (id integer PRIMARY KEY, "Label" text);
INSERT INTO "MixedCase" SELECT i, 'label ' || i FROM generate_series(1, 10) AS i;
SQL

dump "$D/w-mixed.sql" -a --where='"MixedCase":id <= 3' w '"MixedCase"'
newdb r_w
q r_w 'CREATE TABLE "MixedCase" (id integer PRIMARY KEY, "Label" text)'
restore r_w "$D/w-mixed.sql"
check_eq "$(q r_w 'SELECT string_agg(id::text, '"','"' ORDER BY id) FROM "MixedCase"')" "1,2,3" \
	'--where="MixedCase":id <= 3: only the matching rows'

# The condition applies to its table only; the rest are whole.
dump "$D/w-both.sql" --where='plain:id > 10' w
newdb r_w2
restore r_w2 "$D/w-both.sql"
check_eq "$(q r_w2 'SELECT (SELECT string_agg(id::text, '"','"' ORDER BY id) FROM plain), (SELECT count(*) FROM "MixedCase")')" \
	"11,12|10" "--where=plain:...: filters plain, leaves \"MixedCase\" whole"

# Repeatable, schema-qualified, and a condition that holds colons of its own.
dump "$D/w-two.sql" -a --where="public.plain:v::text LIKE 'a:%'" --where='public."MixedCase":"Label" = '"'label 5'" w
newdb r_w3
q r_w3 'CREATE TABLE plain (id integer PRIMARY KEY, v text); CREATE TABLE "MixedCase" (id integer PRIMARY KEY, "Label" text)'
restore r_w3 "$D/w-two.sql"
check_eq "$(q r_w3 'SELECT (SELECT string_agg(v, '"','"' ORDER BY id) FROM plain), (SELECT string_agg(id::text, '"','"') FROM "MixedCase")')" \
	"a:3,a:6,a:9,a:12|5" "two --where options, colons in the condition"

# A bad condition is the server's error in one clean line, and no dump.
run "$DBDUMP" --where='plain:no_such_column = 1' w
check_status "$status" 1 "--where with a bad condition fails with status 1"
check_eq "$(wc -l <"$D/err")" 1 "--where with a bad condition: one line on stderr"
check_contains "${err:0:8}" "dbdump: " "--where with a bad condition: the message starts 'dbdump: '"
check_contains "$err" 'no_such_column' "--where with a bad condition: the message carries the server's words"
check_not_contains "$out" "$TRAILER" "--where with a bad condition: no trailer"
run "$DBDUMP" --where='plain:no_such_column = 1' -f "$D/w-bad.sql" w
check_status "$status" 1 "--where with a bad condition and -f fails"
check_eq "$(ls -A "$D" | grep -c 'w-bad')" 0 "--where with a bad condition and -f: no file left behind"

run "$DBDUMP" --where='no_such_table:true' w
check_status "$status" 1 "--where naming an unknown table fails with status 1"
check_contains "$err" 'dbdump: table "no_such_table" of --where not found' "--where naming an unknown table says so"
usage_status --where=plain w
usage_status --where=:true w

# ============================================================ --list

run "$DBDUMP" --list sample
check_status "$status" 0 "--list succeeds"
want=$(q sample "SELECT schemaname || E'\t' || tablename FROM pg_tables
                  WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1" | LC_ALL=C sort)
check_eq "$(cut -f 1,2 "$D/out" | LC_ALL=C sort)" "$want" "--list: every table, schema and name separated by a tab"
check_eq "$(awk -F '\t' 'NF != 4 || $3 !~ /^[0-9]+$/ || $4 !~ /^[0-9]+$/' "$D/out")" "" \
	"--list: four tab-separated fields, the estimates as numbers"
check_eq "$(awk -F '\t' '$1 == "public" && $2 == "authors" { print $3 }' "$D/out")" \
	"$(q sample 'SELECT count(*) FROM authors')" "--list: estimated rows of an analyzed table"
check_not_contains "$out" "INSERT" "--list: nothing dumped"
check_not_contains "$out" "$TRAILER" "--list: no trailer"
check_eq "$err" "" "--list: nothing on stderr"
run "$DBDUMP" --list sample authors
check_eq "$(cut -f 1,2 "$D/out")" "public	authors" "--list with a TABLE: that table only"
run "$DBDUMP" --list -T 'public.*' sample
check_eq "$(cut -f 1 "$D/out" | sort -u)" "inventory" "--list -T 'public.*': the selection applies"
usage_status --list -f "$D/list.txt" sample
if command -v script >/dev/null 2>&1; then
	# On a terminal: a table for a person, with a heading and no tabs.
	script -qec "'$DBDUMP' --list sample" /dev/null </dev/null >"$D/tty.out" 2>&1
	check_contains "$(head -n 1 "$D/tty.out")" "schema" "--list on a terminal: a heading"
	check_eq "$(grep -c "$(printf '\t')" "$D/tty.out")" 0 "--list on a terminal: aligned with spaces, no tabs"
fi

# ============================================================ -q

# A foreign key to a table left out of the dump is a warning...
run "$DBDUMP" sample books
check_status "$status" 0 "dbdump sample books succeeds"
check_contains "$err" "dbdump: warning: foreign key" "dbdump sample books warns about the foreign key it leaves out"
# ... that -q silences.
run "$DBDUMP" -q sample books
check_status "$status" 0 "-q: succeeds"
check_eq "$err" "" "-q: nothing on stderr, not even the warning"
check_eq "$(tail -n 1 "$D/out")" "$TRAILER" "-q: the dump is whole"
run "$DBDUMP" -q no_such_database
check_status "$status" 1 "-q: a failure still fails"
check_contains "${err:0:8}" "dbdump: " "-q: errors are still printed"
usage_status -q -v sample

# ============================================================ -v, -vv

dump "$D/v0.sql" sample
check_eq "$(cat "$D/dump.err")" "" "without -v: nothing on stderr"
dump "$D/v1.sql" -v sample
v1err=$(cat "$D/dump.err")
check_contains "$v1err" "dbdump: " "-v: says what it dumps on stderr"
check_not_contains "$v1err" "statement: " "-v: no statements"
dump "$D/v2.sql" -vv sample
v2err=$(cat "$D/dump.err")
check_contains "$v2err" "dbdump: statement: BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" "-vv: the snapshot statement on stderr"
check_contains "$v2err" "dbdump: statement: COPY " "-vv: the COPY statements on stderr"
dump "$D/v2-long.sql" --verbose --verbose sample
check_contains "$(cat "$D/dump.err")" "statement: " "--verbose --verbose is -vv"
for f in v1 v2 v2-long; do
	check_eq "$(grep -v -e '^-- snapshot: ' -e '^-- dbdump: file ' "$D/$f.sql")" "$(grep -v -e '^-- snapshot: ' -e '^-- dbdump: file ' "$D/v0.sql")" \
		"$f: stdout carries the same dump as without -v"
done

done_testing
