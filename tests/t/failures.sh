# Integration tests of failures: every way a dump can fail ends with a
# non-zero status and one "dbdump: " line, never a completion trailer, and
# with -f FILE never leaves a temporary file or touches an existing FILE.
# The server going away in the middle of a table, a query error, disk full,
# a file size limit, a closed pipe, SIGINT and SIGTERM.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/failures.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP
OLD='an older dump that must survive a failed one'

newdb db
# big: about 6 MB of INSERTs. a_slow comes first in the dump and takes its
# time when asked (--where with pg_sleep), so a test can act while the
# output is open.
q db "CREATE TABLE a_slow (id integer PRIMARY KEY);
      INSERT INTO a_slow VALUES (1);
      CREATE TABLE big (id integer PRIMARY KEY, v integer NOT NULL);
      INSERT INTO big SELECT i, i % 1000 FROM generate_series(1, 300000) AS i;"
SLOW=(--where='a_slow:pg_sleep(30) IS NOT NULL')

# one_line LABEL [PREFIX]: stderr is one newline-terminated line starting
# with "dbdump: " (or PREFIX).
one_line() {
	local label=$1 prefix=${2:-dbdump: } lines
	lines=$(wc -l <"$D/err")
	if [ "$lines" -eq 1 ] && [ "$(tail -c 1 "$D/err" | od -An -tx1 | tr -d ' ')" == 0a ]; then
		ok "one line on stderr: $label"
	else
		fail "one line on stderr: $label" "stderr ($lines lines): $(head -c 2000 "$D/err")"
	fi
	if [[ $(head -n 1 "$D/err") == "$prefix"* ]]; then
		ok "message starts '$prefix': $label"
	else
		fail "message starts '$prefix': $label" "stderr: $(head -c 2000 "$D/err")"
	fi
}

no_trailer() {
	if grep -q -x -F -e "$TRAILER" "$1" 2>/dev/null; then
		fail "no completion trailer: $2" "$(tail -n 3 "$1")"
	else
		ok "no completion trailer: $2"
	fi
}

# untouched DIR LABEL: DIR holds only dump.sql, with the old content.
untouched() {
	check_eq "$(ls -A "$1")" "dump.sql" "no temporary file is left behind: $2"
	check_eq "$(cat "$1/dump.sql" 2>&1)" "$OLD" "the existing FILE is untouched: $2"
}

fresh_dir() {
	rm -rf "$D/$1"
	mkdir "$D/$1"
	printf '%s\n' "$OLD" >"$D/$1/dump.sql"
}

temp_file_of() {
	ls -A "$1" | grep -v '^dump\.sql$' | head -n 1
}
has_temp_file() {
	[ -n "$(temp_file_of "$1")" ]
}
bigger_than() {
	[ -f "$1" ] && [ "$(stat -c %s "$1")" -gt "$2" ]
}

# ------------------------------------------------------------ success first

fresh_dir ok
run "$DBDUMP" -f "$D/ok/dump.sql" db
check_status "$status" 0 "-f FILE over an existing FILE succeeds"
check_eq "$(tail -n 1 "$D/ok/dump.sql")" "$TRAILER" "the new dump replaced FILE, trailer last"
check_eq "$(stat -c %a "$D/ok/dump.sql")" 600 "the new FILE has mode 0600"
check_eq "$(ls -A "$D/ok")" dump.sql "no temporary file beside FILE after success"

# ------------------------------------------------------------ a query error

# Division by zero at row 150000 of big: the error comes in the middle of a
# table, after part of the dump was written.
WHERE_ERR=(--where='big:1 / (id - 150000) IS NOT NULL')
run "$DBDUMP" "${WHERE_ERR[@]}" db
check_status "$status" 1 "a query error in the middle of a table: status 1"
one_line "a query error" 'dbdump: could not read table "public.big": '
check_contains "$err" "division by zero" "a query error: the server's message is given"
no_trailer "$D/out" "a query error on stdout"
if grep -q '^INSERT INTO public.big' "$D/out"; then
	ok "a query error on stdout: the rows before it were already written (so the test is meaningful)"
else
	fail "a query error on stdout: the rows before it were already written (so the test is meaningful)"
fi

fresh_dir qerr
run "$DBDUMP" "${WHERE_ERR[@]}" -f "$D/qerr/dump.sql" db
check_status "$status" 1 "a query error with -f FILE: status 1"
one_line "a query error with -f FILE" 'dbdump: could not read table "public.big": '
untouched "$D/qerr" "a query error"

# A syntax error in a condition, before any row.
run "$DBDUMP" --where='big:id >>> 1' db
check_status "$status" 1 "a bad --where condition: status 1"
one_line "a bad --where condition"
no_trailer "$D/out" "a bad --where condition"

# ------------------------------------------------------------ the temporary file

fresh_dir tmp
"$DBDUMP" "${SLOW[@]}" -f "$D/tmp/dump.sql" db >/dev/null 2>"$D/err" &
pid=$!
if wait_for 20 has_temp_file "$D/tmp"; then
	tmp=$(temp_file_of "$D/tmp")
	ok "while the dump runs, a temporary file exists beside FILE ($tmp)"
	check_eq "$(stat -c %a "$D/tmp/$tmp")" 600 "the temporary file has mode 0600 from the start"
	check_eq "$(cat "$D/tmp/dump.sql")" "$OLD" "while the dump runs, FILE still holds the old dump"
else
	fail "while the dump runs, a temporary file exists beside FILE" "$(ls -la "$D/tmp")"
fi

# ------------------------------------------------------------ SIGTERM, SIGINT

# The same running dump, ended by SIGTERM.
kill -TERM "$pid"
wait "$pid"
check_status "$?" 143 "SIGTERM: exit status 143"
one_line "SIGTERM"
untouched "$D/tmp" "SIGTERM"

for sig in INT HUP; do
	fresh_dir "sig$sig"
	"$DBDUMP" "${SLOW[@]}" -f "$D/sig$sig/dump.sql" db >/dev/null 2>"$D/err" &
	pid=$!
	wait_for 20 has_temp_file "$D/sig$sig" || fail "SIG$sig: the dump started" "$(cat "$D/err")"
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	case $sig in INT) want=130 ;; HUP) want=129 ;; esac
	check_status "$rc" "$want" "SIG$sig: exit status $want"
	one_line "SIG$sig"
	untouched "$D/sig$sig" "SIG$sig"
done

# On stdout: the partial dump has no trailer.
PGAPPNAME=failures_sigint "$DBDUMP" "${SLOW[@]}" db >"$D/int.out" 2>"$D/err" &
pid=$!
# Its session shows up in pg_stat_activity once the slow COPY runs (the
# sessions of the dumps killed above may still be sleeping).
slow_copy_running() {
	[ -n "$(q postgres "SELECT pid FROM pg_stat_activity WHERE application_name = 'failures_sigint' AND query LIKE 'COPY%pg_sleep%'")" ]
}
wait_for 20 slow_copy_running || fail "SIGINT, dump on stdout: the dump started" "$(cat "$D/err")"
kill -INT "$pid"
wait "$pid"
check_status "$?" 130 "SIGINT, dump on stdout: exit status 130"
one_line "SIGINT, dump on stdout"
no_trailer "$D/int.out" "SIGINT, dump on stdout"

# ------------------------------------------------------------ write errors

if [ -w /dev/full ]; then
	"$DBDUMP" db >/dev/full 2>"$D/err"
	check_status "$?" 1 "stdout is /dev/full: status 1"
	one_line "stdout is /dev/full" "dbdump: could not write to standard output: "
	check_contains "$(cat "$D/err")" "No space left on device" "/dev/full: the reason is given"
	"$DBDUMP" --compress=zstd db >/dev/full 2>"$D/err"
	check_status "$?" 1 "compressed output to /dev/full: status 1"
	one_line "compressed output to /dev/full" "dbdump: could not write to standard output: "
else
	fail "/dev/full is available for the disk-full test"
fi

# A file size limit (ulimit -f counts 1024-byte blocks): 200 kB of 6 MB.
fresh_dir fsize
(ulimit -f 200 && exec "$DBDUMP" -f "$D/fsize/dump.sql" db) >/dev/null 2>"$D/err"
check_status "$?" 1 "ulimit -f with -f FILE: status 1 (not killed by SIGXFSZ)"
one_line "ulimit -f with -f FILE" "dbdump: could not write to $D/fsize/dump.sql: "
check_contains "$(cat "$D/err")" "File too large" "ulimit -f: the reason is given"
untouched "$D/fsize" "ulimit -f"

(ulimit -f 200 && exec "$DBDUMP" db) >"$D/fsize.out" 2>"$D/err"
check_status "$?" 1 "ulimit -f with stdout redirected to a file: status 1"
one_line "ulimit -f with stdout redirected to a file" "dbdump: could not write to standard output: "
no_trailer "$D/fsize.out" "ulimit -f on stdout"

# The reader of a pipe goes away.
"$DBDUMP" db 2>"$D/err" | head -c 100 >"$D/head.out"
rcs=("${PIPESTATUS[@]}")
check_status "${rcs[0]}" 1 "dbdump | head -c 100: dbdump exits with status 1"
one_line "dbdump | head -c 100" "dbdump: could not write to standard output: "
check_contains "$(cat "$D/err")" "Broken pipe" "dbdump | head -c 100: the reason is given"
check_eq "$(wc -c <"$D/head.out")" 100 "head got its 100 bytes"

# ------------------------------------------------------------ the server goes away

# pg_sleep holds the COPY of big at row 100000, after more than 1 MB of it
# has been written; then the server stops at once.
STALL=(--where='big:id <> 100000 OR pg_sleep(30) IS NOT NULL')
restart_server() {
	pgctl -o "-p $PG_PORT" -w -t 60 -l "$PG_DATA/server.log" start >"$D/pg_ctl.log" 2>&1 ||
		fail "the server starts again" "$(cat "$D/pg_ctl.log")"
}

"$DBDUMP" "${STALL[@]}" db >"$D/crash.out" 2>"$D/err" &
pid=$!
if wait_for 30 bigger_than "$D/crash.out" 1000000; then
	ok "the dump is in the middle of table big"
else
	fail "the dump is in the middle of table big" "$(ls -la "$D/crash.out"; cat "$D/err")"
fi
pgctl stop -m immediate -w >/dev/null 2>&1
wait "$pid"
check_status "$?" 1 "server stopped in the middle of a table: status 1"
one_line "server stopped in the middle of a table" 'dbdump: could not read table "public.big": '
no_trailer "$D/crash.out" "server stopped, dump on stdout"
restart_server

fresh_dir crash
"$DBDUMP" "${STALL[@]}" -f "$D/crash/dump.sql" db >/dev/null 2>"$D/err" &
pid=$!
crash_tmp_big() {
	local t
	t=$(temp_file_of "$D/crash")
	[ -n "$t" ] && bigger_than "$D/crash/$t" 1000000
}
wait_for 30 crash_tmp_big || fail "with -f FILE: the dump is in the middle of table big" "$(ls -la "$D/crash")"
pgctl stop -m immediate -w >/dev/null 2>&1
wait "$pid"
check_status "$?" 1 "server stopped, -f FILE: status 1"
one_line "server stopped, -f FILE" 'dbdump: could not read table "public.big": '
untouched "$D/crash" "server stopped"
restart_server

# And a server that is gone before the dump starts.
pgctl stop -m immediate -w >/dev/null 2>&1
run "$DBDUMP" db
check_status "$status" 1 "no server: status 1"
one_line "no server" 'dbdump: could not connect to database'
restart_server

done_testing
