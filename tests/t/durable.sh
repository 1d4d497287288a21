# Integration tests of a restore's durability. A PostgreSQL dump lets the
# restore commit asynchronously (SET synchronous_commit = off in each
# database's header) and ends each database with one synchronous commit that
# writes WAL (RESET synchronous_commit, then pg_logical_emit_message), whose
# WAL flush covers every commit before it. Checked by the exact lines where
# they must and must not be, and by a crash right after psql returns: the
# server's WAL writer is stopped (SIGSTOP) during the restore, so that only a
# synchronous commit flushes WAL, then killed (SIGKILL), which makes the
# server drop its WAL buffers and recover from what reached the WAL files.
# Also the exact lines of the 16 MB value a dump with rows selects for the
# server's malloc (its effect is CPU time: bench/run.sh, never a test).
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/durable.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
# As on a real server, a session commits synchronously unless it says
# otherwise (lib.sh turns that off for speed); no checkpoint or autovacuum
# flushes the WAL behind the test's back.
PG_CONF_EXTRA="synchronous_commit = on
checkpoint_timeout = 1h
autovacuum = off"
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP
SET_LINE='SET synchronous_commit = off;'
PREP_LINE="SELECT pg_catalog.octet_length(pg_catalog.rpad('', 16777216 / pg_catalog.pg_encoding_max_length(pg_catalog.pg_char_to_encoding(pg_catalog.getdatabaseencoding()))));"
PREP="-- a 16 MB value, freed, keeps the server's memory between INSERTs (glibc malloc's trim threshold)
$PREP_LINE"
END_BLOCK="-- make the commits above durable: this synchronous commit writes WAL, and its flush covers all WAL before it
RESET synchronous_commit;
SELECT pg_catalog.pg_logical_emit_message(true, 'dbdump', 'restore durable');"

# sql_tail FILE: the file's last three lines, blank lines and the manifest's
# file line and trailer left aside.
sql_tail() {
	grep -v -e '^$' -e '^-- dbdump: ' "$1" | tail -n 3
}

q postgres "CREATE DATABASE src TEMPLATE template0"
q src "CREATE TABLE keyed (id integer PRIMARY KEY, v text);
       INSERT INTO keyed SELECT i, repeat('x', 40) || i FROM generate_series(1, 1000) AS i;
       CREATE TABLE nokey (id integer, v text);
       INSERT INTO nokey SELECT i, 'row ' || i FROM generate_series(1, 1000) AS i;"

# ============================================================ the lines
for mode in both data schema; do
	dump "$D/$mode.sql" --dump-mode=$mode src
	check_eq "$(grep -c -x -F "$SET_LINE" "$D/$mode.sql")" 1 "--dump-mode=$mode: one $SET_LINE"
	check_eq "$(grep -A 1 -x -F 'SET row_security = off;' "$D/$mode.sql" | tail -n 1)" "$SET_LINE" \
		"--dump-mode=$mode: $SET_LINE is the header's last setting"
	check_eq "$(sql_tail "$D/$mode.sql")" "$END_BLOCK" "--dump-mode=$mode: the durable end is the last SQL"
	check_eq "$(grep -c -x 'RESET synchronous_commit;' "$D/$mode.sql")" 1 "--dump-mode=$mode: one RESET"
	if [ $mode = schema ]; then
		check_not_contains "$(cat "$D/$mode.sql")" "$PREP_LINE" "--dump-mode=schema: no 16 MB value (no INSERTs)"
	else
		check_eq "$(grep -A 2 -x -F "$SET_LINE" "$D/$mode.sql" | tail -n 2)" "$PREP" \
			"--dump-mode=$mode: the 16 MB value right after $SET_LINE"
		check_eq "$(grep -c -x -F "$PREP_LINE" "$D/$mode.sql")" 1 "--dump-mode=$mode: one 16 MB value"
	fi
done

dump "$D/single.sql" --single-transaction src
check_not_contains "$(cat "$D/single.sql")" "synchronous_commit" \
	"--single-transaction: no synchronous_commit (one commit, synchronous as the server says)"
check_not_contains "$(cat "$D/single.sql")" "pg_logical_emit_message" "--single-transaction: no durable end"
check_eq "$(grep -A 4 -x -F 'SET row_security = off;' "$D/single.sql" | tail -n 4)" "$PREP

BEGIN;" "--single-transaction: the 16 MB value, then BEGIN;"

q postgres "CREATE DATABASE other TEMPLATE template0"
q other "CREATE TABLE o (id integer PRIMARY KEY); INSERT INTO o SELECT generate_series(1, 30)"
dump "$D/all.sql" --all-databases
# Each database's section: its \connect (a new session), its SET, its end,
# in that order, before the next \connect.
seq=$(grep -x -e '\\connect .*' -e "$SET_LINE" -e 'RESET synchronous_commit;' "$D/all.sql" |
	sed -e 's/^\\connect .*/C/' -e 's/^SET .*/S/' -e 's/^RESET .*/R/' | tr -d '\n')
ndb=$(grep -c '^\\connect ' "$D/all.sql")
check_eq "$seq" "$(for _ in $(seq 1 "$ndb"); do printf CSR; done)" \
	"--all-databases: each of the $ndb databases sets synchronous_commit after its \\connect and resets it before the next"
check_eq "$(sql_tail "$D/all.sql")" "$END_BLOCK" "--all-databases: the durable end is the last SQL"
check_eq "$(grep -c -x -F "$PREP_LINE" "$D/all.sql")" "$ndb" "--all-databases: the 16 MB value in each database's session"
if [ "$ndb" -ge 2 ]; then ok "--all-databases: several databases ($ndb)"; else fail "--all-databases: several databases" "$ndb"; fi

# ============================================================ a crash after psql returns
# crash_restore DB FILE USER [PSQL_OPTION]...: psql -f FILE into DB as USER with the WAL
# writer stopped, then the WAL writer killed: the server drops its WAL
# buffers and recovers. Returns psql's status.
crash_restore() {
	local db=$1 file=$2 user=$3 ww rc
	shift 3
	ww=$(q postgres "SELECT pid FROM pg_catalog.pg_stat_activity WHERE backend_type = 'walwriter'")
	if [ -z "$ww" ]; then
		fail "the WAL writer's process id"
		return 1
	fi
	kill -STOP "$ww"
	"$PSQL" -X -q "$@" -v ON_ERROR_STOP=1 -U "$user" -d "$db" -f "$file" >"$D/psql.out" 2>&1
	rc=$?
	kill -KILL "$ww"
	# Recovered: a new WAL writer runs (connections fail until then).
	if ! wait_for 120 bash -c "p=\$(\"\$PSQL\" -X -A -t -q -d postgres -c \"SELECT pid FROM pg_catalog.pg_stat_activity WHERE backend_type = 'walwriter'\" 2>/dev/null) && [ -n \"\$p\" ] && [ \"\$p\" != $ww ]"; then
		fail "the server recovered after the crash"
	fi
	return $rc
}

# A data-only dump loaded into the existing keyed table by a user who may
# only insert into it: the durable end needs no privilege.
q postgres "CREATE ROLE restorer LOGIN"
newdb dst
q dst "CREATE TABLE keyed (id integer PRIMARY KEY, v text); GRANT INSERT ON keyed TO restorer"
dump "$D/keyed.sql" --dump-mode=data src keyed
check_eq "$(grep -c '^INSERT INTO' "$D/keyed.sql")" 10 "the data-only dump has 10 statements"
crash_restore dst "$D/keyed.sql" restorer
check_status $? 0 "data-only restore as a user who may only insert: psql exits 0"
check_eq "$(q dst "SELECT count(*), sum(id) FROM keyed")" "1000|500500" \
	"data-only restore: every row is there after a crash right after psql returned"

# The control: the same file without its durable end loses rows in the same
# crash, so the crash above would have caught a missing final flush.
grep -v -x -e 'RESET synchronous_commit;' -e "SELECT pg_catalog.pg_logical_emit_message(.*);" "$D/keyed.sql" >"$D/nosync.sql"
q dst "TRUNCATE keyed"
crash_restore dst "$D/nosync.sql" restorer
check_status $? 0 "control: psql exits 0"
n=$(q dst "SELECT count(*) FROM keyed")
if [ "$n" -lt 1000 ]; then
	ok "control: without the durable end the crash loses rows ($n of 1000 left)"
else
	fail "control: without the durable end the crash loses rows" "$n of 1000 left"
fi

# The whole dump of a table with no key or index: nothing after the rows
# but the durable end.
newdb whole
dump "$D/whole.sql" src nokey
crash_restore whole "$D/whole.sql" postgres
check_status $? 0 "whole dump: psql exits 0"
check_eq "$(q whole "SELECT count(*), sum(id) FROM nokey")" "1000|500500" \
	"whole dump: every row is there after a crash right after psql returned"

# A user's psql -1 around the file: its one commit comes after the RESET,
# so it is synchronous.
q dst "TRUNCATE keyed"
crash_restore dst "$D/keyed.sql" restorer -1
check_status $? 0 "psql -1: psql exits 0"
check_eq "$(q dst "SELECT count(*), sum(id) FROM keyed")" "1000|500500" \
	"psql -1: every row is there after a crash right after psql returned"

done_testing
