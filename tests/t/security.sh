# Integration tests of security: no password in any message, -v/-vv output,
# the dump, or the process's command line (ps, /proc/PID/cmdline) while it
# runs; -W prompts without echo; .pgpass, PGPASSWORD and PGSERVICE work;
# TLS (sslmode=require, verify-ca with sslrootcert) and scram-sha-256
# password authentication against the throwaway server; patterns travel as
# query parameters, never as SQL text.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/security.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi

# Two roles that must give a password over TCP: one on any connection, one
# only over TLS (a plain TCP connection of that role is rejected).
PW_ROLE=sec_pw
PW='Sup3r-S3cret-pw-1'
TLS_ROLE=sec_tls
TLS_PW='TLS-Only-S3cret-2'
PG_HBA_EXTRA="host all $PW_ROLE 127.0.0.1/32 scram-sha-256
hostssl all $TLS_ROLE 127.0.0.1/32 scram-sha-256
hostnossl all $TLS_ROLE 127.0.0.1/32 reject"
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP

newdb sample
restore sample "$FIXTURES/sample.sql"
q postgres "SET password_encryption = 'scram-sha-256';
            CREATE ROLE $PW_ROLE LOGIN SUPERUSER PASSWORD '$PW';
            CREATE ROLE $TLS_ROLE LOGIN SUPERUSER PASSWORD '$TLS_PW';"

dump_ok() {
	check_status "$status" 0 "succeeds: $1"
	check_eq "$(tail -n 1 "$D/out")" "$TRAILER" "trailer last: $1"
}

# no_secret LABEL SECRET...: no SECRET in stdout or stderr of the last run.
no_secret() {
	local label=$1 s
	shift
	for s in "$@"; do
		if grep -q -F -e "$s" "$D/out" "$D/err"; then
			fail "no password in the dump or on stderr: $label" "$(grep -n -F -e "$s" "$D/out" "$D/err" | head -n 3)"
			return
		fi
	done
	ok "no password in the dump or on stderr: $label"
}

# ------------------------------------------------------------ password authentication

URI="postgresql://$PW_ROLE:$PW@127.0.0.1:$PG_PORT/sample"
run "$DBDUMP" "$URI"
dump_ok "scram-sha-256 password in a URI"
no_secret "password in a URI" "$PW"
check_eq "$(q postgres "SELECT rolpassword LIKE 'SCRAM-SHA-256%' FROM pg_authid WHERE rolname = '$PW_ROLE'")" t \
	"the role authenticates with scram-sha-256"
run "$DBDUMP" -vv "$URI"
dump_ok "-vv, password in a URI"
no_secret "-vv, password in a URI" "$PW"
run "$DBDUMP" -v "host=127.0.0.1 port=$PG_PORT user=$PW_ROLE password=$PW dbname=sample"
dump_ok "password in a conninfo string"
no_secret "-v, password in a conninfo string" "$PW"
run "$DBDUMP" -vv "host=127.0.0.1 port=$PG_PORT user=$PW_ROLE password='$PW x' dbname=sample"
check_status "$status" 1 "a wrong quoted password with a space in conninfo: status 1"
no_secret "-vv, wrong quoted password in a conninfo string" "$PW x" "$PW"
run "$DBDUMP" -v --url="postgresql://$PW_ROLE@127.0.0.1:$PG_PORT/postgres?password=$PW" sample
dump_ok "--url with ?password="
no_secret "-v, --url with ?password=" "$PW"
run "$DBDUMP" -v "$URI" nosuchtable
check_status "$status" 1 "a failure after connecting with a URI password: status 1"
no_secret "a failure after connecting with a URI password" "$PW"
run "$DBDUMP" -v "postgresql://$PW_ROLE:$PW@127.0.0.1:$PG_PORT/nosuchdb"
check_status "$status" 1 "a missing database in a URI with a password: status 1"
no_secret "a missing database in a URI with a password" "$PW"

run env PGPASSWORD="$PW" "$DBDUMP" -h 127.0.0.1 -p "$PG_PORT" -U "$PW_ROLE" sample
dump_ok "PGPASSWORD"
no_secret "PGPASSWORD" "$PW"

printf '127.0.0.1:%s:*:%s:%s\n' "$PG_PORT" "$PW_ROLE" "$PW" >"$D/pgpass"
chmod 600 "$D/pgpass"
run env PGPASSFILE="$D/pgpass" "$DBDUMP" -w -h 127.0.0.1 -p "$PG_PORT" -U "$PW_ROLE" sample
dump_ok ".pgpass (PGPASSFILE)"
no_secret ".pgpass" "$PW"

cat >"$D/pg_service.conf" <<EOF
[dbdump_test]
host=127.0.0.1
port=$PG_PORT
user=$PW_ROLE
password=$PW
EOF
run env PGSERVICEFILE="$D/pg_service.conf" PGSERVICE=dbdump_test "$DBDUMP" -w sample
dump_ok "PGSERVICE"
no_secret "PGSERVICE" "$PW"
run env PGSERVICEFILE="$D/pg_service.conf" "$DBDUMP" -w "service=dbdump_test dbname=sample"
dump_ok "service= in a conninfo string"

# ------------------------------------------------------------ -W prompts without echo

# script(1) gives dbdump a terminal; the password is typed into it once the
# prompt is up (getpass flushes what was typed before it turned echo off).
# type_password LINE FILE TYPESCRIPT [OPTION]: dbdump -W -f FILE with LINE typed.
type_password() {
	(sleep 2 && printf '%s\n' "$1" && sleep 3) |
		script -q -e -c "env PGPASSFILE=/nonexistent '$DBDUMP' -W ${4:-} -h 127.0.0.1 -p $PG_PORT -U $PW_ROLE -f '$2' sample" \
			"$3" >/dev/null 2>&1
}
if command -v script >/dev/null; then
	type_password "$PW" "$D/prompted.sql" "$D/typescript"
	check_status "$?" 0 "-W: dbdump asks for the password on the terminal and connects"
	check_eq "$(tail -n 1 "$D/prompted.sql" 2>&1)" "$TRAILER" "-W: the dump is complete"
	check_contains "$(cat "$D/typescript")" "Password:" "-W: the prompt is shown"
	# script(1) records what the terminal shows: an echo would put the typed
	# password there.
	check_not_contains "$(cat "$D/typescript")" "$PW" "-W: the password is not echoed"
	type_password "wrong-$PW" "$D/prompted2.sql" "$D/typescript2"
	check_status "$?" 1 "-W with a wrong password: status 1"
	check_contains "$(cat "$D/typescript2")" "dbdump: could not connect to database" "-W with a wrong password: the message"
	check_not_contains "$(cat "$D/typescript2")" "wrong-$PW" "-W with a wrong password: it is not shown"
	# The parallel jobs connect with the password typed once.
	type_password "$PW" "$D/prompted3.sql" "$D/typescript3" "-j 3"
	check_status "$?" 0 "-W -j 3: the jobs connect with the password typed once"
	check_eq "$(grep -c 'Password:' "$D/typescript3")" 1 "-W -j 3: one prompt, not one per job"
	same_dump "$D/prompted.sql" "$D/prompted3.sql" "-W -j 3 writes the same dump as -W"
else
	fail "script(1) is available to test -W"
fi

# ------------------------------------------------------------ ps and /proc/PID/cmdline

# A session holds an exclusive lock on a table, so the dump waits (no
# --lock-wait-timeout) and its command line can be read meanwhile.
PGAPPNAME=security_locker "$PSQL" -X -q -d sample \
	-c "BEGIN" -c "LOCK TABLE public.authors IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
locker=$!
locker_holds() {
	[ -n "$(q postgres "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
	                    WHERE a.application_name = 'security_locker' AND l.mode = 'AccessExclusiveLock' AND l.granted")" ]
}
wait_for 20 locker_holds || fail "a session holds ACCESS EXCLUSIVE on authors"

CMD_PW_URI='Cmdline-Uri-S3cret-3'
CMD_PW_INFO='Cmdline-Info-S3cret-4'
CMD_PW_QUERY='Cmdline-Query-S3cret-5'
q postgres "ALTER ROLE $PW_ROLE PASSWORD '$CMD_PW_URI'"
declare -A waiting
"$DBDUMP" -vv "postgresql://$PW_ROLE:$CMD_PW_URI@127.0.0.1:$PG_PORT/sample" >"$D/w1.out" 2>"$D/w1.err" &
waiting[uri]=$!
"$DBDUMP" -vv --url="postgresql://$PW_ROLE@127.0.0.1:$PG_PORT/sample?sslmode=disable&password=$CMD_PW_URI" sample >"$D/w2.out" 2>"$D/w2.err" &
waiting[url]=$!
"$DBDUMP" -vv "host=127.0.0.1 port=$PG_PORT user=$PW_ROLE password='$CMD_PW_URI' dbname=sample" >"$D/w3.out" 2>"$D/w3.err" &
waiting[conninfo]=$!
# A URI that carries the password twice: both places are masked.
"$DBDUMP" -vv "postgresql://$PW_ROLE:$CMD_PW_URI@127.0.0.1:$PG_PORT/sample?password=$CMD_PW_URI" >"$D/w4.out" 2>"$D/w4.err" &
waiting[twice]=$!
dump_waits() {
	[ "$(q postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbdump' AND wait_event_type = 'Lock'")" -ge 4 ]
}
if wait_for 20 dump_waits; then
	ok "four dumps wait behind the lock"
else
	fail "four dumps wait behind the lock" "$(cat "$D"/w?.err)"
fi
for form in uri url conninfo twice; do
	pid=${waiting[$form]}
	cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>&1)
	check_contains "$cmdline" "$DBDUMP" "/proc/PID/cmdline of the running dump is readable ($form)"
	check_not_contains "$cmdline" "$CMD_PW_URI" "no password in /proc/PID/cmdline while the dump runs ($form)"
	check_not_contains "$(ps -ww -o args= -p "$pid")" "$CMD_PW_URI" "no password in ps while the dump runs ($form)"
done
q postgres "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'security_locker'" >/dev/null
wait "$locker" 2>/dev/null
n=1
for form in uri url conninfo twice; do
	wait "${waiting[$form]}"
	check_status "$?" 0 "the waiting dump finishes once the lock is gone ($form)"
	check_eq "$(tail -n 1 "$D/w$n.out")" "$TRAILER" "the waiting dump is complete ($form)"
	if grep -q -F -e "$CMD_PW_URI" "$D/w$n.out" "$D/w$n.err"; then
		fail "no password in the dump or its -vv output ($form)"
	else
		ok "no password in the dump or its -vv output ($form)"
	fi
	n=$((n + 1))
done

# ------------------------------------------------------------ TLS

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$D/server.key" -out "$D/server.crt" >"$D/openssl.log" 2>&1 ||
	fail "openssl makes a self-signed certificate" "$(cat "$D/openssl.log")"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=other" \
	-keyout "$D/other.key" -out "$D/other.crt" >>"$D/openssl.log" 2>&1
cp "$D/server.key" "$D/server.crt" "$PG_DATA/"
chmod 600 "$PG_DATA/server.key"
[ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DATA/server.key" "$PG_DATA/server.crt"
cat >>"$PG_DATA/postgresql.conf" <<EOF
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
EOF
pgctl reload >/dev/null
sleep 1
check_eq "$(q "host=127.0.0.1 port=$PG_PORT dbname=postgres sslmode=require" "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")" t \
	"the server accepts TLS connections"

run env PGPASSWORD="$TLS_PW" "$DBDUMP" "host=127.0.0.1 port=$PG_PORT user=$TLS_ROLE dbname=sample sslmode=require"
dump_ok "TLS, sslmode=require, password from PGPASSWORD"
run "$DBDUMP" "postgresql://$TLS_ROLE:$TLS_PW@127.0.0.1:$PG_PORT/sample?sslmode=verify-ca&sslrootcert=$D/server.crt"
dump_ok "TLS, sslmode=verify-ca with sslrootcert, password in the URI"
no_secret "TLS, password in the URI" "$TLS_PW"
run env PGPASSWORD="$TLS_PW" PGSSLMODE=verify-full PGSSLROOTCERT="$D/server.crt" "$DBDUMP" -h 127.0.0.1 -p "$PG_PORT" -U "$TLS_ROLE" sample
dump_ok "TLS, PGSSLMODE=verify-full and PGSSLROOTCERT"
run env PGPASSWORD="$TLS_PW" "$DBDUMP" "host=127.0.0.1 port=$PG_PORT user=$TLS_ROLE dbname=sample sslmode=verify-ca sslrootcert=$D/other.crt"
check_status "$status" 1 "TLS with the wrong root certificate: status 1"
check_eq "$(wc -l <"$D/err")" 1 "TLS with the wrong root certificate: one line"
check_contains "$err" "dbdump: could not connect to database" "TLS with the wrong root certificate: the message"
run env PGPASSWORD="$TLS_PW" "$DBDUMP" "host=127.0.0.1 port=$PG_PORT user=$TLS_ROLE dbname=sample sslmode=disable"
check_status "$status" 1 "the TLS-only role without TLS is rejected (so the dumps above used TLS)"
# A client certificate and key are handed to libpq (it reads them; the server
# does not ask for one here).
cp "$D/other.key" "$D/client.key"
chmod 600 "$D/client.key"
run env PGPASSWORD="$TLS_PW" "$DBDUMP" "host=127.0.0.1 port=$PG_PORT user=$TLS_ROLE dbname=sample sslmode=require sslcert=$D/other.crt sslkey=$D/client.key"
dump_ok "TLS with sslcert and sslkey"
run env PGPASSWORD="$TLS_PW" "$DBDUMP" "host=127.0.0.1 port=$PG_PORT user=$TLS_ROLE dbname=sample sslmode=require sslcert=$D/other.crt sslkey=$D/nosuch.key"
check_status "$status" 1 "TLS with a missing sslkey: status 1"
check_contains "$err" "nosuch.key" "TLS with a missing sslkey: libpq's reason is given"

# ------------------------------------------------------------ search_path of the database's owner

# The owner of a database (no superuser) sets its search_path to put public
# before pg_catalog and shadows there the operators dbdump's queries use:
# every connection must empty search_path before its first query, and the
# query that resolves TABLE (on the user's search_path) must name only
# pg_catalog's operators, or the owner's function runs as the dumping
# superuser.
q postgres "CREATE ROLE sp_owner LOGIN; CREATE DATABASE shadow OWNER sp_owner;"
"$PSQL" -X -q -v ON_ERROR_STOP=1 -U sp_owner -d shadow <<'SQL'
ALTER DATABASE shadow SET search_path = public, pg_catalog;
CREATE TABLE t (id int PRIMARY KEY);
INSERT INTO t VALUES (1), (2);
CREATE FUNCTION public.shadow_text(text, text) RETURNS text LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'a shadowing operator ran as %', current_user; END$$;
CREATE FUNCTION public.shadow_char("char", "char") RETURNS bool LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'a shadowing operator ran as %', current_user; END$$;
CREATE FUNCTION public.shadow_name(name, name) RETURNS bool LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'a shadowing operator ran as %', current_user; END$$;
CREATE FUNCTION public.shadow_oid(oid, oid) RETURNS bool LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'a shadowing operator ran as %', current_user; END$$;
CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = public.shadow_text);
CREATE OPERATOR public.= (LEFTARG = "char", RIGHTARG = "char", FUNCTION = public.shadow_char);
CREATE OPERATOR public.<> (LEFTARG = name, RIGHTARG = name, FUNCTION = public.shadow_name);
CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = public.shadow_oid);
SQL
check_eq "$("$PSQL" -X -At -U sp_owner -d shadow -c 'SHOW search_path')" "public, pg_catalog" \
	"the owner's search_path puts public first"
for args in "shadow" "shadow t" "-j 2 shadow" "--where=t:id>1 shadow" "-g shadow"; do
	# shellcheck disable=SC2086
	run "$DBDUMP" $args
	check_status "$status" 0 "no operator of the owner runs: dbdump $args"
	check_not_contains "$err" "shadowing operator" "no operator of the owner runs: dbdump $args: stderr"
done
run "$DBDUMP" -f "$D/shadow.sql" shadow
run "$DBDUMP" --verify "$D/shadow.sql" shadow
check_status "$status" 0 "no operator of the owner runs: dbdump --verify FILE shadow"
# The user's own search_path (here from PGOPTIONS) still says what an
# unqualified TABLE means.
q shadow "CREATE SCHEMA s2; CREATE TABLE s2.only_in_s2 (id int)"
PGOPTIONS='-c search_path=s2' run "$DBDUMP" --list shadow only_in_s2
check_status "$status" 0 "a TABLE on the search_path PGOPTIONS gives is found"
check_eq "$(cut -f 1,2 <<<"$out")" "s2	only_in_s2" "a TABLE on the search_path PGOPTIONS gives: that table"

# ------------------------------------------------------------ patterns are parameters

PATTERN="a'b\"c;--"
run "$DBDUMP" -vv --no-strict-names -t "$PATTERN" sample
if grep '^dbdump: statement:' "$D/err" | grep -q -F -e "a'b"; then
	fail "-t pattern text never appears inside a statement" "$(grep -F -e "a'b" "$D/err" | head -n 3)"
else
	ok "-t pattern text never appears inside a statement"
fi

done_testing
