# Integration tests of --as-of against PostgreSQL, which keeps no history: a
# past moment is a usage error with a message that says why, a malformed value
# is refused before any connection, a moment not in the past dumps as usual.
# Also the cockroach-style connection flags, which build the connection
# another way, against the same server.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/asof.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

NO_HISTORY='dbdump: --as-of needs a CockroachDB server: PostgreSQL keeps no history, so a PostgreSQL dump is always consistent as of the moment it starts (use --snapshot to join a snapshot another session exported)'
FORMS="expected a timestamp such as '2017-03-07 19:55:00' (a fraction of a second and a zone such as Z, +01:00 or -0500 may follow; UTC when none), a negative interval such as -10s, -5m or -1h30m, an HLC value such as 1489003500000000000.0000000000, or nanoseconds since 1970 such as 1489003500000000000"

newdb sample
restore sample "$FIXTURES/sample.sql"

run "$DBDUMP" -f "$TEST_TMP/plain.sql" sample
check_status "$status" 0 "a plain dump to compare with"

# ---- a past moment: status 2, the reason, no output
for when in '2017-03-08 20:05:00' '2017-03-08T20:05:00Z' '-10s' '-1h30m' \
	'1489003500000000000.0000000000' '1489003500000000000'; do
	run "$DBDUMP" --as-of="$when" sample
	check_status "$status" 2 "--as-of=$when on PostgreSQL: status 2"
	check_eq "$err" "$NO_HISTORY"$'\n'"$TRY" "--as-of=$when on PostgreSQL: the message, then the Try line"
	check_eq "$out" "" "--as-of=$when on PostgreSQL: nothing on stdout"
done
run "$DBDUMP" --as-of=-5m -f "$TEST_TMP/never.sql" sample
check_status "$status" 2 "--as-of in the past with -f: status 2"
if [ -e "$TEST_TMP/never.sql" ]; then
	fail "--as-of in the past with -f: no file"
else
	ok "--as-of in the past with -f: no file"
fi

# ---- a moment not in the past: the dump of now, as without --as-of
run "$DBDUMP" --as-of='2200-01-01 00:00:00+00:00' -f "$TEST_TMP/future.sql" sample
check_status "$status" 0 "--as-of in the future on PostgreSQL: status 0"
check_eq "$err" "" "--as-of in the future on PostgreSQL: nothing on stderr"
check_eq "$(tail -n 1 "$TEST_TMP/future.sql")" "$TRAILER" "--as-of in the future: a complete dump"
same_dump "$TEST_TMP/future.sql" "$TEST_TMP/plain.sql" "--as-of in the future: the same dump as without it"

# ---- malformed values: refused before connecting (the host does not exist;
# a connection attempt would fail with status 1, or hang)
for host in /nonexistent/socket/dir 192.0.2.1; do
	run env PGCONNECT_TIMEOUT=2 "$DBDUMP" -h "$host" --as-of=yesterday sample
	check_status "$status" 2 "malformed --as-of, host $host: status 2"
	check_eq "$err" "dbdump: invalid --as-of value \"yesterday\": $FORMS"$'\n'"$TRY" \
		"malformed --as-of, host $host: the message, before any connection"
	check_eq "$out" "" "malformed --as-of, host $host: nothing on stdout"
done
run "$DBDUMP" -h /nonexistent/socket/dir --as-of=10s sample
check_status "$status" 2 "a positive interval: status 2"
check_eq "$err" "dbdump: invalid --as-of value \"10s\": a positive interval lies in the future; use a negative interval such as -10s"$'\n'"$TRY" \
	"a positive interval: the message"
run "$DBDUMP" -h /nonexistent/socket/dir --as-of= sample
check_status "$status" 2 "an empty --as-of: status 2"
check_contains "$err" "dbdump: invalid --as-of value: the value is empty; expected a timestamp" \
	"an empty --as-of: the message"
run "$DBDUMP" -h /nonexistent/socket/dir --as-of="2017-02-30 00:00:00" sample
check_status "$status" 2 "a date that does not exist: status 2"
check_contains "$err" 'dbdump: invalid --as-of value "2017-02-30 00:00:00"' "a date that does not exist: the message"

# ---- cockroach-style connection settings, against PostgreSQL
run "$DBDUMP" --insecure -f "$TEST_TMP/insecure.sql" sample
check_status "$status" 0 "--insecure (sslmode=disable) connects"
same_dump "$TEST_TMP/insecure.sql" "$TEST_TMP/plain.sql" "--insecure: the same dump"
run env COCKROACH_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable" \
	"$DBDUMP" -f "$TEST_TMP/url.sql" sample
check_status "$status" 0 "COCKROACH_URL connects; DBNAME names the database"
same_dump "$TEST_TMP/url.sql" "$TEST_TMP/plain.sql" "COCKROACH_URL: the same dump"
run env COCKROACH_HOST="127.0.0.1:$PG_PORT" COCKROACH_INSECURE=true "$DBDUMP" -f "$TEST_TMP/env.sql" sample
check_status "$status" 0 "COCKROACH_HOST=host:port and COCKROACH_INSECURE connect"
same_dump "$TEST_TMP/env.sql" "$TEST_TMP/plain.sql" "COCKROACH_HOST: the same dump"
run env COCKROACH_HOST="127.0.0.1:1" "$DBDUMP" --insecure -p "$PG_PORT" -f "$TEST_TMP/flag.sql" sample
check_status "$status" 0 "a flag wins over a COCKROACH_* variable"
run "$DBDUMP" --insecure -f "$TEST_TMP/conninfo.sql" "dbname=sample host=$PG_SOCKDIR port=$PG_PORT"
check_status "$status" 0 "--insecure with a conninfo DBNAME connects"
same_dump "$TEST_TMP/conninfo.sql" "$TEST_TMP/plain.sql" "--insecure with a conninfo DBNAME: the same dump"
run env COCKROACH_INSECURE=maybe "$DBDUMP" sample
check_status "$status" 2 "a COCKROACH_INSECURE that is not a boolean: status 2"
check_eq "$err" 'dbdump: invalid COCKROACH_INSECURE value "maybe": expected true or false'$'\n'"$TRY" \
	"a COCKROACH_INSECURE that is not a boolean: the message, then the Try line"

done_testing
