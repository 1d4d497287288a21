# Integration tests of dbdump's command line: options, connections, exit
# statuses and the one-line messages, against a throwaway server.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/cli.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi

# A role that must authenticate with a password over TCP; everything else
# (the socket, and other roles on 127.0.0.1) is trusted.
PW_ROLE=dbdump_pw
PW_GOOD='Good-S3cret-xyzzy'
PG_HBA_EXTRA="host all $PW_ROLE 127.0.0.1/32 scram-sha-256"
source "$(dirname "$0")/lib.sh"

newdb sample
restore sample "$FIXTURES/sample.sql"
q postgres "CREATE ROLE $PW_ROLE LOGIN SUPERUSER PASSWORD '$PW_GOOD'"

# usage_error_any ARG...: a usage error whose wording the contract leaves open.
usage_error_any() {
	run "$DBDUMP" "$@"
	check_status "$status" 2 "usage error, status 2: dbdump $*"
	local first second
	first=$(sed -n 1p "$TEST_TMP/err")
	second=$(sed -n '2,$p' "$TEST_TMP/err")
	check_contains "${first:0:8}" "dbdump: " "usage error starts 'dbdump: ': dbdump $*"
	check_eq "$second" "$TRY" "usage error hint: dbdump $*"
	check_eq "$out" "" "usage error, nothing on stdout: dbdump $*"
}

# failure PREFIX ARG...: dbdump ARG... fails with status 1 and exactly one
# line on stderr that starts with PREFIX; no completed dump on stdout.
failure() {
	local prefix=$1
	shift
	run "$DBDUMP" "$@"
	check_status "$status" 1 "fails with status 1: dbdump $*"
	one_error_line "$prefix" "dbdump $*"
	check_not_contains "$out" "$TRAILER" "failed dump has no trailer: dbdump $*"
}

# one_error_line PREFIX LABEL: stderr is one newline-terminated line starting
# with PREFIX.
one_error_line() {
	local lines
	lines=$(wc -l <"$TEST_TMP/err")
	if [ "$lines" -eq 1 ] && [ "$(tail -c 1 "$TEST_TMP/err" | od -An -tx1 | tr -d ' ')" == 0a ]; then
		ok "one line on stderr: $2"
	else
		fail "one line on stderr: $2" "stderr ($lines lines): $(head -c 2000 "$TEST_TMP/err")"
	fi
	if [[ $err == "$1"* ]]; then
		ok "message starts '$1': $2"
	else
		fail "message starts '$1': $2" "stderr: $err"
	fi
}

free_port() {
	local port
	while :; do
		port=$((20000 + RANDOM % 40000))
		[ "$port" != "$PG_PORT" ] || continue
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
}

# ------------------------------------------------------------ --help, --version

# Each option's entry in --help, the man page and the completion, and the
# --version lines: tests/t/docs.sh. Here: they exit 0 and say it on stdout.
for opt in --help --version; do
	run "$DBDUMP" "$opt"
	check_status "$status" 0 "$opt exits 0"
	check_eq "$err" "" "$opt writes nothing on stderr"
done
run "$DBDUMP" -s --help
check_eq "$(head -n 1 "$TEST_TMP/out")" "Usage: dbdump [OPTION]... [DBNAME [TABLE]...]" "--help after another option still helps"

# ------------------------------------------------------------ usage errors

# getopt's own words, with the program's name whatever path started it.
usage_error "dbdump: unrecognized option '--bogus'" --bogus sample
usage_error "dbdump: option '--ce=x' is ambiguous; possibilities: '--certs-dir' '--cert'" --ce=x sample
usage_error "dbdump: invalid option -- 'y'" -y sample
usage_error "dbdump: option requires an argument -- 'f'" sample -f
usage_error "dbdump: option '--file' requires an argument" sample --file
usage_error "dbdump: option '--clean' doesn't allow an argument" --clean=yes sample
run bash -c 'cd "$(dirname "$1")" && exec "./$(basename "$1")" --bogus' _ "$DBDUMP"
check_eq "$err" "dbdump: unrecognized option '--bogus'"$'\n'"$TRY" "getopt's message names dbdump, not ./dbdump"
usage_error "dbdump: missing database name"
usage_error "dbdump: missing database name" -s
# A URL without a database does not name one.
usage_error "dbdump: missing database name" --url="postgresql://postgres@127.0.0.1:$PG_PORT"
usage_error "dbdump: missing database name" --url="host=127.0.0.1 port=$PG_PORT"
usage_error 'dbdump: invalid --dump-mode "foo": use both, schema or data' --dump-mode=foo sample
usage_error 'dbdump: invalid --dump-mode "": use both, schema or data' --dump-mode= sample
for n in 0 -1 abc 10x 2147483648 99999999999999999999; do
	usage_error "dbdump: invalid --rows-per-insert \"$n\": must be a number from 1 to 2147483647" \
		--rows-per-insert="$n" sample
done
usage_error "dbdump: invalid --rows-per-insert \"0\": must be a number from 1 to 2147483647" \
	--rows-per-insert 0 sample
usage_error_any -Z sample
usage_error_any sample --file
usage_error_any --max-insert-bytes=lots sample
usage_error_any --max-insert-bytes=0 sample

# Valid values are accepted.
run "$DBDUMP" --rows-per-insert=2147483647 --max-insert-bytes=1M sample
dump_ok "--rows-per-insert=2147483647 --max-insert-bytes=1M"

# ------------------------------------------------------------ a plain dump

run "$DBDUMP" sample
dump_ok "dbdump sample"
cp "$TEST_TMP/out" "$TEST_TMP/plain.sql"
check_eq "$err" "" "a successful dump writes nothing on stderr"
check_contains "$out" "SET standard_conforming_strings = on;" "header sets standard_conforming_strings"

run "$DBDUMP" -q sample
dump_ok "-q"
check_eq "$err" "" "-q writes nothing on stderr"

run "$DBDUMP" -v sample
dump_ok "-v"
check_contains "$err" "books" "-v names the tables it dumps on stderr"
same_dump "$TEST_TMP/out" "$TEST_TMP/plain.sql" "-v does not change the dump"

# ------------------------------------------------------------ -f FILE

mkdir "$TEST_TMP/files"
run "$DBDUMP" -f "$TEST_TMP/files/dump.sql" sample
check_status "$status" 0 "-f FILE succeeds"
check_eq "$out" "" "-f FILE writes nothing on stdout"
if [ -f "$TEST_TMP/files/dump.sql" ]; then
	ok "-f FILE creates FILE"
else
	fail "-f FILE creates FILE" "$(ls -la "$TEST_TMP/files")"
fi
same_dump "$TEST_TMP/files/dump.sql" "$TEST_TMP/plain.sql" "-f FILE holds the same bytes as stdout"
check_eq "$(tail -n 1 "$TEST_TMP/files/dump.sql")" "$TRAILER" "-f FILE ends with the trailer"
check_eq "$(stat -c %a "$TEST_TMP/files/dump.sql")" 600 "-f FILE is created with mode 0600"
check_eq "$(ls -A "$TEST_TMP/files")" "dump.sql" "-f FILE leaves no temporary file behind"

(umask 000 && run "$DBDUMP" --file="$TEST_TMP/files/open.sql" sample && exit "$status")
check_status "$?" 0 "--file=FILE succeeds under umask 000"
check_eq "$(stat -c %a "$TEST_TMP/files/open.sql" 2>&1)" 600 "--file=FILE is mode 0600 even under umask 000"

# A failed dump leaves neither FILE nor a temporary file.
mkdir "$TEST_TMP/failed"
failure 'dbdump: table "nosuchtable" not found' -f "$TEST_TMP/failed/dump.sql" sample nosuchtable
check_eq "$(ls -A "$TEST_TMP/failed")" "" "a failed -f dump leaves no file in the directory"

failure "dbdump: " -f "$TEST_TMP/no/such/dir/dump.sql" sample

# ------------------------------------------------------------ failures

failure 'dbdump: could not connect to database "nosuchdb": ' nosuchdb
check_contains "$err" "nosuchdb" "unknown database: the server's reason follows"

failure 'dbdump: table "nosuchtable" not found' sample nosuchtable
failure 'dbdump: table "nosuch.books" not found' sample nosuch.books
failure 'dbdump: table "inventory.books" not found' sample inventory.books
# Names follow SQL rules: unquoted names fold to lower case, so this is not
# the table "OrderLines" (the message names the table as it was given).
failure 'dbdump: table "OrderLines" not found' sample OrderLines
failure 'dbdump: table "nosuchtable" not found' sample authors nosuchtable
failure 'dbdump: table ' sample '"NoSuchTable"'
check_contains "$err" "NoSuchTable" "a missing quoted table is named in the message"

run "$DBDUMP" -t 'x*' sample
check_status "$status" 1 "-t matching nothing fails with status 1"
check_eq "$err" 'dbdump: no table matches pattern "x*"' "-t matching nothing: message"

port=$(free_port)
failure 'dbdump: could not connect to database' -h 127.0.0.1 -p "$port" sample
failure 'dbdump: could not connect to database' "postgresql://postgres@127.0.0.1:$port/sample"

# ------------------------------------------------------------ connection forms

# Each form alone must reach the server: the environment's PGHOST, PGPORT and
# PGUSER are removed for these runs.
noenv=(env -u PGHOST -u PGPORT -u PGUSER)
sockdir_uri=${PG_SOCKDIR//\//%2F}
# conn_ok LABEL [VAR=VALUE]... ARG...: dbdump ARG... with only these variables.
conn_ok() {
	local label=$1 vars=()
	shift
	while [[ ${1:-} == PG*=* ]]; do
		vars+=("$1")
		shift
	done
	run "${noenv[@]}" "${vars[@]}" "$DBDUMP" "$@"
	dump_ok "$label"
	same_dump "$TEST_TMP/out" "$TEST_TMP/plain.sql" "same dump as by name: $label"
}
conn_ok "postgresql:// URI over TCP" "postgresql://postgres@127.0.0.1:$PG_PORT/sample"
conn_ok "postgres:// URI" "postgres://postgres@127.0.0.1:$PG_PORT/sample"
conn_ok "URI with a socket directory" "postgresql://postgres@$sockdir_uri:$PG_PORT/sample"
conn_ok "URI with query parameters" "postgresql:///sample?host=$PG_SOCKDIR&port=$PG_PORT&user=postgres"
conn_ok "conninfo string" "host=127.0.0.1 port=$PG_PORT user=postgres dbname=sample"
conn_ok "-h -p -U" -h 127.0.0.1 -p "$PG_PORT" -U postgres sample
conn_ok "-u (alias of -U)" -h 127.0.0.1 -p "$PG_PORT" -u postgres sample
conn_ok "--host --port --user" --host="$PG_SOCKDIR" --port="$PG_PORT" --user=postgres sample
# --url says where; DBNAME still names the database, over the URL's own.
conn_ok "--url" --url="postgresql://postgres@127.0.0.1:$PG_PORT/postgres" sample
conn_ok "PGHOST PGPORT PGUSER" PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGUSER=postgres sample
conn_ok "PGHOST as a socket directory" PGHOST="$PG_SOCKDIR" PGPORT="$PG_PORT" PGUSER=postgres sample
conn_ok "--username" -h 127.0.0.1 -p "$PG_PORT" --username=postgres sample
# DBNAME may be left out when something else names the database, as in psql.
conn_ok "--url naming the database, no DBNAME" --url="postgresql://postgres@127.0.0.1:$PG_PORT/sample"
conn_ok "--url as a conninfo string, no DBNAME" --url="host=127.0.0.1 port=$PG_PORT user=postgres dbname=sample"
conn_ok "PGDATABASE, no DBNAME" PGHOST="$PG_SOCKDIR" PGPORT="$PG_PORT" PGUSER=postgres PGDATABASE=sample
conn_ok "PGDATABASE and options, no DBNAME" PGDATABASE=sample -h 127.0.0.1 -p "$PG_PORT" -U postgres -q

# A flag overrides the environment, as in psql.
run env PGPORT="$(free_port)" "$DBDUMP" -p "$PG_PORT" sample
dump_ok "-p overrides PGPORT"

# ------------------------------------------------------------ authentication

# Wrong password from the environment.
bad_env='Wr0ng-Env-Pa55-qwerty'
run env PGPASSWORD="$bad_env" "$DBDUMP" -h 127.0.0.1 -p "$PG_PORT" -U "$PW_ROLE" sample
check_status "$status" 1 "wrong PGPASSWORD: status 1"
one_error_line 'dbdump: could not connect to database' "wrong PGPASSWORD"
check_contains "$err" "authentication failed" "wrong PGPASSWORD: the server's reason is given"
check_not_contains "$err" "$bad_env" "wrong PGPASSWORD: the password is not in the message"
check_not_contains "$out" "$TRAILER" "wrong PGPASSWORD: no dump"

# Wrong password inside a URI.
bad_uri='Wr0ng-Uri-Pa55-asdfgh'
run "$DBDUMP" "postgresql://$PW_ROLE:$bad_uri@127.0.0.1:$PG_PORT/sample"
check_status "$status" 1 "wrong password in URI: status 1"
one_error_line 'dbdump: could not connect to database' "wrong password in URI"
check_not_contains "$err" "$bad_uri" "wrong password in URI: the password is not in the message"

# Wrong password in a conninfo string, and with -v.
run "$DBDUMP" -v "host=127.0.0.1 port=$PG_PORT user=$PW_ROLE password=$bad_uri dbname=sample"
check_status "$status" 1 "wrong password in conninfo: status 1"
check_contains "$err" "dbdump: could not connect to database" "wrong password in conninfo: message"
check_not_contains "$err" "$bad_uri" "wrong password in conninfo, -v: the password is not in stderr"

# No password at all, and -w forbids asking for one.
run "$DBDUMP" -w -h 127.0.0.1 -p "$PG_PORT" -U "$PW_ROLE" sample
check_status "$status" 1 "no password with -w: status 1"
one_error_line 'dbdump: could not connect to database' "no password with -w"

# The right password works, and never shows up in the output either.
run env PGPASSWORD="$PW_GOOD" "$DBDUMP" -h 127.0.0.1 -p "$PG_PORT" -U "$PW_ROLE" sample
dump_ok "right PGPASSWORD"
run "$DBDUMP" -v "postgresql://$PW_ROLE:$PW_GOOD@127.0.0.1:$PG_PORT/sample"
dump_ok "right password in URI"
check_not_contains "$err" "$PW_GOOD" "right password in URI, -v: not on stderr"
check_not_contains "$out" "$PW_GOOD" "right password in URI: not in the dump"

done_testing
