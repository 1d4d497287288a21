# Integration tests of what an unattended run (cron, as root, at 03:00)
# relies on: output targets that are not regular files (a FIFO with a reader,
# a unix socket, a symbolic link, a link to /proc/self/fd/1, a character
# device made in the test's own directory) are written, not replaced; bad
# targets are refused before connecting; a table truncated, rewritten or
# renamed while the dump waits for its lock fails the dump; a name with a line break cannot
# start a line of the dump; no password in any message or in
# /proc/PID/cmdline; usage errors; closed descriptors 0, 1 and 2; a stopped
# server with --stall-timeout; TCP keepalives; -j 64; one error line when
# several jobs fail at once.
# Every device-like target lives in $TEST_TMP: the machine's /dev is never used.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/trust.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
# -j 64 needs 65 connections, and the tests here a few more.
PG_CONF_EXTRA="max_connections = 100"
source "$(dirname "$0")/lib.sh"

TRAILER='-- dbdump: dump complete'
TRY="Try 'dbdump --help' for more information."
D=$TEST_TMP

newdb db
q db "CREATE TABLE t1 (id integer PRIMARY KEY, v integer NOT NULL);
      INSERT INTO t1 SELECT i, i FROM generate_series(1, 10000) AS i;
      CREATE TABLE t2 (id integer PRIMARY KEY, v integer NOT NULL);
      INSERT INTO t2 SELECT i, i FROM generate_series(1, 10000) AS i;
      CREATE TABLE t3 (id integer PRIMARY KEY, v integer NOT NULL);
      INSERT INTO t3 SELECT i, i FROM generate_series(1, 10000) AS i;"
"$DBDUMP" -f "$D/ref.sql" db || fail "a reference dump"

# one_line LABEL: stderr of the last run is one line starting "dbdump: ".
one_line() {
	check_eq "$(wc -l <"$D/err")" 1 "one line on stderr: $1"
	check_contains "$(head -n 1 "$D/err")" "dbdump: " "the line is dbdump's: $1"
}

# usage_error LABEL NEEDLE: exit 2, the message holds NEEDLE, then the Try line.
usage_error() {
	check_status "$status" 2 "$1: status 2"
	check_contains "$(head -n 1 "$D/err")" "$2" "$1: the message"
	check_eq "$(tail -n 1 "$D/err")" "$TRY" "$1: the Try line follows"
	check_eq "$(wc -l <"$D/err")" 2 "$1: two lines on stderr"
}

# no_temp_files DIR LABEL: no .NAME.dbdump-XXXXXX or spool file in DIR.
no_temp_files() {
	local left
	left=$(find "$1" -maxdepth 1 \( -name '.*.dbdump-*' -o -name 'dbdump-spool-*' \) -print)
	check_eq "$left" "" "no temporary file left in $(basename "$1"): $2"
}

# An unreachable server: anything that connects first fails with another message.
NOWHERE=(-h "$D/no-such-socket-dir")

# ------------------------------------------------------------ output targets

# A FIFO with a reader gets the dump; it stays a FIFO. (The readers and the
# listener below give up after a minute, should the target be replaced.)
mkfifo "$D/fifo"
timeout 60 cat "$D/fifo" >"$D/fifo.out" &
reader=$!
run timeout 60 "$DBDUMP" -f "$D/fifo" db
wait "$reader"
check_status "$status" 0 "-f FIFO: status 0"
if [ -p "$D/fifo" ]; then ok "-f FIFO: the FIFO is still a FIFO"; else fail "-f FIFO: the FIFO is still a FIFO"; fi
check_eq "$(tail -n 1 "$D/fifo.out")" "$TRAILER" "-f FIFO: its reader got the whole dump"
same_dump "$D/fifo.out" "$D/ref.sql" "-f FIFO: the reader got the same dump as a file"
no_temp_files "$D" "-f FIFO"

# A FIFO, compressed: the reader gets a zstd stream.
timeout 60 cat "$D/fifo" >"$D/fifo.zst" &
reader=$!
run timeout 60 "$DBDUMP" -Z zstd -f "$D/fifo" db
wait "$reader"
check_status "$status" 0 "-Z zstd -f FIFO: status 0"
check_eq "$(zstd -dc "$D/fifo.zst" | tail -n 1)" "$TRAILER" "-Z zstd -f FIFO: the reader got the compressed dump"

# A unix socket that accepts one connection and keeps what it receives.
timeout 60 perl -MIO::Socket::UNIX -e '
	my ($path, $file) = @ARGV;
	my $srv = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $path, Listen => 1) or die "listen: $!";
	open(my $out, ">", $file) or die;
	my $c = $srv->accept or die "accept: $!";
	while (sysread($c, my $buf, 65536)) { print $out $buf }
	close $out;' "$D/sock" "$D/sock.out" &
listener=$!
wait_for 20 test -S "$D/sock" || fail "a unix socket listens in the test directory"
run timeout 60 "$DBDUMP" -f "$D/sock" db
wait "$listener"
check_status "$status" 0 "-f SOCKET: status 0"
if [ -S "$D/sock" ]; then ok "-f SOCKET: the socket is still a socket"; else fail "-f SOCKET: the socket is still a socket"; fi
check_eq "$(tail -n 1 "$D/sock.out")" "$TRAILER" "-f SOCKET: the listener got the whole dump"

# A character device made here (the null device's numbers), when we may.
if mknod "$D/null" c 1 3 2>/dev/null; then
	run "$DBDUMP" -f "$D/null" db
	check_status "$status" 0 "-f CHARDEV: status 0"
	if [ -c "$D/null" ]; then ok "-f CHARDEV: the device is still a device"; else fail "-f CHARDEV: the device is still a device"; fi
	no_temp_files "$D" "-f CHARDEV"
fi

# A symbolic link to a file: the file is replaced, the link stays a link.
mkdir "$D/real"
echo old >"$D/real/dump.sql"
ln -s real/dump.sql "$D/link.sql"
run "$DBDUMP" -f "$D/link.sql" db
check_status "$status" 0 "-f LINK: status 0"
if [ -L "$D/link.sql" ]; then ok "-f LINK: the link stays a link"; else fail "-f LINK: the link stays a link"; fi
check_eq "$(tail -n 1 "$D/real/dump.sql")" "$TRAILER" "-f LINK: the file it points to holds the dump"
check_eq "$(stat -c %a "$D/real/dump.sql")" 600 "-f LINK: the new file is mode 0600"
no_temp_files "$D/real" "-f LINK"
no_temp_files "$D" "-f LINK"

# A link to a link to a name that does not exist yet, in another directory.
mkdir "$D/other"
ln -s "$D/other/new.sql" "$D/hop2"
ln -s hop2 "$D/hop1"
run "$DBDUMP" -f "$D/hop1" db
check_status "$status" 0 "-f LINK-TO-LINK-TO-NEW: status 0"
if [ -L "$D/hop1" ] && [ -L "$D/hop2" ]; then ok "-f LINK-TO-LINK-TO-NEW: both links stay"; else fail "-f LINK-TO-LINK-TO-NEW: both links stay"; fi
check_eq "$(tail -n 1 "$D/other/new.sql")" "$TRAILER" "-f LINK-TO-LINK-TO-NEW: the file is made where the links end"

# A link to /proc/self/fd/1 (what /dev/stdout is): written into that descriptor.
ln -s /proc/self/fd/1 "$D/stdout"
"$DBDUMP" -f "$D/stdout" db </dev/null 2>"$D/err" | cat >"$D/piped.sql"
check_status "${PIPESTATUS[0]}" 0 "-f LINK-TO-/proc/self/fd/1 into a pipe: status 0"
check_eq "$(tail -n 1 "$D/piped.sql")" "$TRAILER" "-f LINK-TO-/proc/self/fd/1: the pipe got the dump"
same_dump "$D/piped.sql" "$D/ref.sql" "-f LINK-TO-/proc/self/fd/1: the same dump as a file"
if [ -L "$D/stdout" ]; then ok "-f LINK-TO-/proc/self/fd/1: the link stays"; else fail "-f LINK-TO-/proc/self/fd/1: the link stays"; fi
"$DBDUMP" -f "$D/stdout" db </dev/null >"$D/redirected.sql" 2>"$D/err"
check_status "$?" 0 "-f LINK-TO-/proc/self/fd/1 redirected to a file: status 0"
check_eq "$(tail -n 1 "$D/redirected.sql")" "$TRAILER" "-f LINK-TO-/proc/self/fd/1: the redirected file got the dump"

# Refused before connecting: a directory, an empty name, a missing directory.
run "$DBDUMP" "${NOWHERE[@]}" -f "$D" db
check_status "$status" 1 "-f DIRECTORY: status 1"
check_eq "$err" "dbdump: output file \"$D\" is a directory" "-f DIRECTORY: refused before connecting"
run "$DBDUMP" "${NOWHERE[@]}" -f '' db
usage_error "-f ''" "invalid --file: empty file name"
run "$DBDUMP" "${NOWHERE[@]}" -f "$D/missing/dump.sql" db
check_status "$status" 1 "-f in a missing directory: status 1"
check_contains "$err" "could not create output file \"$D/missing/dump.sql\": directory \"$D/missing\"" \
	"-f in a missing directory: refused before connecting"
echo old >"$D/afile"
run "$DBDUMP" "${NOWHERE[@]}" -f "$D/afile/dump.sql" db
check_status "$status" 1 "-f under a regular file: status 1"
check_not_contains "$err" "connect" "-f under a regular file: refused before connecting"
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$D/ro" && chmod 555 "$D/ro"
	run "$DBDUMP" "${NOWHERE[@]}" -f "$D/ro/dump.sql" db
	check_status "$status" 1 "-f in an unwritable directory: status 1"
	check_contains "$err" "Permission denied" "-f in an unwritable directory: refused before connecting"
	chmod 755 "$D/ro"
fi
run "$DBDUMP" "${NOWHERE[@]}" --tmpdir='' -j 2 -f "$D/x.sql" db
usage_error "--tmpdir=''" "invalid --tmpdir: empty directory name"

# ------------------------------------------------------------ a table emptied after the snapshot

# holder: a session of our own that the test feeds statements to.
start_holder() {
	coproc HOLDER { PGAPPNAME=trust_holder "$PSQL" -X -qAt -v ON_ERROR_STOP=1 -d db 2>&1; }
}
holder_says() {
	echo "$1" >&"${HOLDER[1]}"
}
stop_holder() {
	exec {HOLDER[1]}>&-
	wait "$HOLDER_PID" 2>/dev/null
}
holder_locks() {
	[ -n "$(q postgres "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
	                    WHERE a.application_name = 'trust_holder' AND l.mode = 'AccessExclusiveLock' AND l.granted")" ]
}
dump_waits_for_lock() {
	[ -n "$(q postgres "SELECT 1 FROM pg_stat_activity WHERE application_name = 'dbdump' AND wait_event_type = 'Lock'")" ]
}

# race LABEL TABLE SQL [NEEDLE]: the holder runs SQL (which takes TABLE's
# lock) in a transaction; a dump starts, takes its snapshot and waits for the
# lock; the holder commits; the dump must fail with NEEDLE in its message
# (default: table "public.TABLE" was truncated or rewritten), and leave
# nothing.
race() {
	local label=$1 table=$2 sql=$3 pid
	local needle=${4:-"table \"public.$table\" was truncated or rewritten"}
	rm -rf "$D/race" && mkdir "$D/race"
	start_holder
	holder_says "BEGIN; $sql"
	wait_for 20 holder_locks || fail "$label: the other session holds the lock"
	"$DBDUMP" -f "$D/race/dump.sql" db </dev/null >"$D/out" 2>"$D/err" &
	pid=$!
	wait_for 30 dump_waits_for_lock || fail "$label: the dump waits for the lock"
	holder_says "COMMIT;"
	wait "$pid"
	status=$?
	stop_holder
	check_status "$status" 1 "$label: status 1"
	one_line "$label"
	check_contains "$(cat "$D/err")" "$needle" "$label: the message names the table"
	check_eq "$(ls -A "$D/race")" "" "$label: no file written"
}
race "TRUNCATE while the dump waits" t1 "TRUNCATE t1;"
race "ALTER TABLE ... TYPE while the dump waits" t2 "ALTER TABLE t2 ALTER COLUMN v TYPE bigint;"
# Names swapped (as online schema-change tools swap a table for its new
# copy): the lock and the COPY by name would take the other table's rows
# for the snapshot's sw_a.
q db "CREATE TABLE sw_a (id integer); INSERT INTO sw_a VALUES (1);
      CREATE TABLE sw_b (id integer); INSERT INTO sw_b VALUES (2), (3);"
race "two tables' names swapped while the dump waits" sw_a \
	"ALTER TABLE sw_a RENAME TO sw_tmp; ALTER TABLE sw_b RENAME TO sw_a; ALTER TABLE sw_tmp RENAME TO sw_b;" \
	'table "public.sw_a" was renamed'
q db "DROP TABLE sw_a, sw_b;"
# A column dropped and added again under its name (no rewrite): COPY by
# name would read the new, empty column for the snapshot's values.
q db "CREATE TABLE sw_c (id integer, v text); INSERT INTO sw_c VALUES (1, 'kept');"
race "a column dropped and added again while the dump waits" sw_c \
	"ALTER TABLE sw_c DROP COLUMN v; ALTER TABLE sw_c ADD COLUMN v text;" \
	'column "v" of table "public.sw_c" was renamed or dropped'
q db "DROP TABLE sw_c;"

# VACUUM FULL cannot run in a transaction: it queues behind a lock the holder
# has, the dump queues behind it, and the holder lets go.
rm -rf "$D/race" && mkdir "$D/race"
start_holder
holder_says "BEGIN; LOCK TABLE t3 IN ACCESS SHARE MODE; SELECT 'locked';"
read -r -t 20 _ <&"${HOLDER[0]}"
PGAPPNAME=trust_vacuum "$PSQL" -X -q -d db -c "VACUUM FULL t3" >/dev/null 2>&1 &
vacuum=$!
vacuum_waits() {
	[ -n "$(q postgres "SELECT 1 FROM pg_stat_activity WHERE application_name = 'trust_vacuum' AND wait_event_type = 'Lock'")" ]
}
wait_for 20 vacuum_waits || fail "VACUUM FULL waits behind the holder"
"$DBDUMP" -f "$D/race/dump.sql" db </dev/null >"$D/out" 2>"$D/err" &
pid=$!
wait_for 30 dump_waits_for_lock || fail "VACUUM FULL: the dump waits for the lock"
holder_says "COMMIT;"
wait "$vacuum"
wait "$pid"
status=$?
stop_holder
check_status "$status" 1 "VACUUM FULL while the dump waits: status 1"
check_contains "$(cat "$D/err")" "table \"public.t3\" was truncated or rewritten" "VACUUM FULL while the dump waits: the message names the table"
check_eq "$(ls -A "$D/race")" "" "VACUUM FULL while the dump waits: no file written"

# Waiting for a lock that is let go without a change is no failure.
q db "TRUNCATE t1; INSERT INTO t1 SELECT i, i FROM generate_series(1, 10000) AS i;"
start_holder
holder_says "BEGIN; LOCK TABLE t1 IN ACCESS EXCLUSIVE MODE;"
wait_for 20 holder_locks || fail "an unchanged table: the other session holds the lock"
"$DBDUMP" -f "$D/race/dump.sql" db </dev/null >"$D/out" 2>"$D/err" &
pid=$!
wait_for 30 dump_waits_for_lock || fail "an unchanged table: the dump waits for the lock"
holder_says "COMMIT;"
wait "$pid"
status=$?
stop_holder
check_status "$status" 0 "a lock let go without a change: status 0"
newdb r_race
restore r_race "$D/race/dump.sql"
check_eq "$(q r_race "SELECT count(*) FROM t1")" 10000 "a lock let go without a change: every row dumped"

# A table dropped while the dump waits for its lock is named.
q db "CREATE TABLE doomed (id integer); INSERT INTO doomed VALUES (1);"
start_holder
holder_says "BEGIN; DROP TABLE doomed;"
wait_for 20 holder_locks || fail "a dropped table: the other session holds the lock"
"$DBDUMP" -f "$D/race/dump.sql" db </dev/null >"$D/out" 2>"$D/err" &
pid=$!
wait_for 30 dump_waits_for_lock || fail "a dropped table: the dump waits for the lock"
holder_says "COMMIT;"
wait "$pid"
status=$?
stop_holder
check_status "$status" 1 "a table dropped while the dump waits: status 1"
one_line "a table dropped while the dump waits"
check_contains "$(cat "$D/err")" 'table "public.doomed"' "a table dropped while the dump waits: the message names it"
check_not_contains "$(cat "$D/err")" "OID" "a table dropped while the dump waits: no bare OID"

# The database as it is now, for the comparisons below.
"$DBDUMP" -f "$D/ref.sql" db || fail "a reference dump after the races"

# ------------------------------------------------------------ names with line breaks

q postgres "CREATE DATABASE \"nl
\\! touch $D/pwned-lf\"" 
run "$DBDUMP" -f "$D/all.sql" --all-databases
check_status "$status" 1 "--all-databases with a LF in a database name: status 1"
one_line "--all-databases with a LF in a database name"
check_contains "$err" "database name \"nl \\! touch $D/pwned-lf\" holds a line break" \
	"--all-databases with a LF in a database name: the message names the database"
check_eq "$(ls "$D/all.sql" 2>&1 >/dev/null | wc -l)" 1 "--all-databases with a LF in a database name: no file"
"$DBDUMP" --all-databases </dev/null >"$D/all-stdout.sql" 2>/dev/null
check_eq "$(wc -c <"$D/all-stdout.sql")" 0 "--all-databases to stdout with a LF in a name: nothing written"
q postgres "DROP DATABASE \"nl
\\! touch $D/pwned-lf\""
q postgres "CREATE DATABASE \"cr$(printf '\r')x\""
run "$DBDUMP" -f "$D/all.sql" --all-databases
check_status "$status" 1 "--all-databases with a CR in a database name: status 1"
check_contains "$err" "holds a line break" "--all-databases with a CR in a database name: refused"
q postgres "DROP DATABASE \"cr$(printf '\r')x\""

# Every other place a name is written: the header comment (database name),
# the server's text, DDL and INSERTs of tables, columns, schemas, comments.
EVIL_LF=$'lf\n\\! touch '"$D"$'/pwned-lf2\nSELECT 1; --'
EVIL_CR=$'cr\r\\! touch '"$D"$'/pwned-cr\r--'
q postgres "CREATE DATABASE \"$EVIL_LF\""
q "$EVIL_LF" "CREATE SCHEMA \"$EVIL_CR\";
              CREATE TABLE \"$EVIL_CR\".\"$EVIL_LF\" (\"$EVIL_LF\" text, \"$EVIL_CR\" integer);
              INSERT INTO \"$EVIL_CR\".\"$EVIL_LF\" VALUES (E'$(printf '%s' "$EVIL_LF" | sed "s/'/''/g; s/\\\\/\\\\\\\\/g")', 1);
              COMMENT ON TABLE \"$EVIL_CR\".\"$EVIL_LF\" IS 'x';"
run "$DBDUMP" -f "$D/evil.sql" "$EVIL_LF"
check_status "$status" 0 "a database and objects with CR/LF in their names: status 0"
# Comment lines carry a name on one line; in SQL a name stays inside its
# quotes, which psql follows across lines (the restore below shows it).
check_eq "$(grep -c -a -F -e "dump of database \"lf \! touch $D/pwned-lf2 SELECT 1; --\"" "$D/evil.sql")" 1 \
	"the header names the database on one comment line"
newdb r_evil
restore r_evil "$D/evil.sql"
check_eq "$(q r_evil "SELECT count(*) FROM \"$EVIL_CR\".\"$EVIL_LF\"")" 1 "the dump with CR/LF names restores"
if ls "$D"/pwned* >/dev/null 2>&1; then fail "no name ran as a psql meta-command"; else ok "no name ran as a psql meta-command"; fi

# ------------------------------------------------------------ secrets

# no_pw LABEL PW: neither PW nor its decoded form on stdout or stderr.
no_pw() {
	if grep -q -F -e "$2" "$D/out" "$D/err"; then
		fail "no password in any message: $1" "$(cat "$D/err")"
	else
		ok "no password in any message: $1"
	fi
}
run "$DBDUMP" 'postgresql://u:Bracket-S3cret@[::1'
check_status "$status" 1 "a malformed URI: status 1"
no_pw "a malformed URI" "Bracket-S3cret"
run "$DBDUMP" 'postgresql://u:Pct%zz-S3cret@localhost/db'
check_status "$status" 1 "a bad percent escape: status 1"
no_pw "a bad percent escape" "zz-S3cret"
run "$DBDUMP" 'postgresql://u:Pct%41-S3cret@[::1'
no_pw "a percent-encoded password (as written)" "%41-S3cret"
no_pw "a percent-encoded password (decoded)" "PctA-S3cret"
run "$DBDUMP" "dbname=postgresql://u:Nested-S3cret@127.0.0.1:$PG_PORT/db"
check_status "$status" 1 "dbname=URI in a conninfo string: status 1"
no_pw "dbname=URI in a conninfo string" "Nested-S3cret"
run "$DBDUMP" "host=127.0.0.1 password='Unterminated-S3cret"
check_status "$status" 1 "an unterminated quote in a conninfo string: status 1"
no_pw "an unterminated quote in a conninfo string" "Unterminated-S3cret"
run "$DBDUMP" db 'postgresql://u:Table-S3cret@h/db'
check_status "$status" 1 "a TABLE that is a URI: status 1"
no_pw "a TABLE that is a URI" "Table-S3cret"
run "$DBDUMP" db --url='postgresql://u:Url-S3cret@[::1'
no_pw "a malformed --url" "Url-S3cret"

# /proc/PID/cmdline while the program waits at the password prompt (-W reads
# stdin without a terminal: setsid leaves it none).
mkfifo "$D/stdin"
exec 8<>"$D/stdin"
cmdline_masked() {
	local label=$1 pw=$2 pid cmdline
	shift 2
	# Emptied here, not by the child's redirection: the last call's prompt
	# must not be taken for this one's before the child has started.
	: >"$D/err"
	setsid "$DBDUMP" -W "$@" <"$D/stdin" >"$D/out" 2>>"$D/err" &
	pid=$!
	wait_for 20 grep -q -F 'Password' "$D/err"
	cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>&1)
	check_contains "$cmdline" "-W" "/proc/PID/cmdline is readable: $label"
	check_not_contains "$cmdline" "$pw" "no password in /proc/PID/cmdline: $label"
	echo >&8
	wait "$pid"
	no_pw "$label" "$pw"
}
cmdline_masked "dbname=URI" "Cmd-Nested-S3cret" "dbname=postgresql://u:Cmd-Nested-S3cret@127.0.0.1:$PG_PORT/db"
cmdline_masked "quoted dbname=URI" "Cmd-Quoted-S3cret" "dbname='postgresql://u:Cmd-Quoted-S3cret@127.0.0.1:$PG_PORT/db'"
cmdline_masked "a malformed URI" "Cmd-Bracket-S3cret" 'postgresql://u:Cmd-Bracket-S3cret@[::1'
cmdline_masked "a TABLE that is a URI" "Cmd-Table-S3cret" db 'postgresql://u:Cmd-Table-S3cret@h/db'
exec 8>&-

# ------------------------------------------------------------ command line

run "$DBDUMP" --where='t1:id < 10' --where='public.t1:id > 5' db
usage_error "two --where for one table" 'more than one --where for table "public.t1"'
run "$DBDUMP" --where='t2:id < 10' db t1
usage_error "--where for a table not dumped" '--where for table "public.t2", whose rows are not dumped'
run "$DBDUMP" --where='t1:id < 10' --exclude-table-data=t1 db
usage_error "--where for a table whose rows are excluded" '--where for table "public.t1", whose rows are not dumped'
run "$DBDUMP" --where='t1:id < 10' -s db
usage_error "--where with --schema-only" "--where cannot be used with --schema-only"
run "$DBDUMP" -t 'a.b.c.d' db
usage_error "a bad pattern" "improper qualified name"
run "$DBDUMP" --as-of=-1h db
usage_error "a past --as-of on PostgreSQL" "--as-of needs a CockroachDB server"
run "$DBDUMP" --snapshot=zz db
usage_error "a bad --snapshot" 'invalid --snapshot "zz"'
run "$DBDUMP" -j ' 5' db
usage_error "-j ' 5'" "invalid --jobs"
run "$DBDUMP" --rows-per-insert=' 5' db
usage_error "--rows-per-insert=' 5'" "invalid --rows-per-insert"
run "$DBDUMP" --compress-threads=' 5' db
usage_error "--compress-threads=' 5'" "invalid --compress-threads"
run "$DBDUMP" --lock-wait-timeout=99999999999 db
usage_error "--lock-wait-timeout out of range" "invalid --lock-wait-timeout"
run "$DBDUMP" --lock-wait-timeout=25d db
usage_error "--lock-wait-timeout=25d" "invalid --lock-wait-timeout"
run "$DBDUMP" --stall-timeout=soon db
usage_error "--stall-timeout=soon" "invalid --stall-timeout"
run "$DBDUMP" --lock-wait-timeout=24d --stall-timeout=24d -f "$D/long.sql" db
check_status "$status" 0 "--lock-wait-timeout=24d --stall-timeout=24d: status 0"

# Closed descriptors: the dump never goes into a connection or a spool.
"$DBDUMP" -j 2 -f "$D/closed.sql" db </dev/null >&- 2>"$D/err"
check_status "$?" 0 "-j 2 -f FILE with stdout closed: status 0"
same_dump "$D/closed.sql" "$D/ref.sql" "-j 2 -f FILE with stdout closed: the same dump"
"$DBDUMP" -j 2 db <&- >&- 2>"$D/err"
check_status "$?" 1 "-j 2 to a closed stdout: status 1"
check_eq "$(cat "$D/err")" "dbdump: could not write to standard output: Bad file descriptor" \
	"-j 2 to a closed stdout: a write error, not text sent into a connection"
"$DBDUMP" -j 2 -f "$D/closed2.sql" db <&- >&- 2>&-
check_status "$?" 0 "-j 2 -f FILE with 0, 1 and 2 closed: status 0"
same_dump "$D/closed2.sql" "$D/ref.sql" "-j 2 -f FILE with 0, 1 and 2 closed: the same dump"
"$DBDUMP" -j 2 "${NOWHERE[@]}" db </dev/null >"$D/out" 2>&-
check_status "$?" 1 "a failure with stderr closed: status 1"
check_eq "$(wc -c <"$D/out")" 0 "a failure with stderr closed: nothing on stdout"

# ------------------------------------------------------------ waiting

# The lock timeout names the table: at the dump's LOCK statement (a table
# without an index, which the catalog reads without a lock) and while the
# catalog is read (pg_get_indexdef locks the table of an index); the
# server's hint is kept.
q db "CREATE TABLE noidx (v integer); INSERT INTO noidx VALUES (1);"
for table in noidx t2; do
	start_holder
	holder_says "BEGIN; LOCK TABLE $table IN ACCESS EXCLUSIVE MODE;"
	wait_for 20 holder_locks || fail "--lock-wait-timeout: the other session holds the lock on $table"
	run "$DBDUMP" --lock-wait-timeout=1s db
	check_status "$status" 1 "--lock-wait-timeout, $table locked: status 1"
	one_line "--lock-wait-timeout, $table locked"
	check_contains "$err" "lock timeout" "--lock-wait-timeout, $table locked: the message says it was the lock"
	check_contains "$err" "\"public.$table\"" "--lock-wait-timeout, $table locked: the message names the table"
	holder_says "COMMIT;"
	stop_holder
done
run "$DBDUMP" --where='t1:id = 1::text' db
check_status "$status" 1 "a --where the server rejects: status 1"
check_contains "$err" "hint: No operator matches" "a --where the server rejects: the server's hint is kept"

# A stopped backend: the dump blocks opening a FIFO nobody reads yet; its
# backend is stopped; the reader comes; the next statement gets no answer.
mkdir "$D/spool"
rm -f "$D/fifo"
mkfifo "$D/fifo"
timeout 60 "$DBDUMP" -j 2 --tmpdir="$D/spool" --stall-timeout=3s -f "$D/fifo" db </dev/null >"$D/out" 2>"$D/err" &
pid=$!
backend=
dump_backend() {
	backend=$(q postgres "SELECT pid FROM pg_stat_activity WHERE application_name = 'dbdump' AND state = 'idle in transaction'")
	[ -n "$backend" ] && [ "$(q postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbdump'")" = 1 ]
}
# The FIFO's open blocks the dump after its locks and before its first row.
wait_for 30 dump_backend || fail "--stall-timeout: the dump's backend is found"
sleep 0.5
if [ -n "$backend" ] && kill -STOP "$backend"; then
	timeout 60 cat "$D/fifo" >"$D/fifo.out" &
	reader=$!
	wait "$pid"
	status=$?
	kill -CONT "$backend"
	wait "$reader"
	check_status "$status" 1 "--stall-timeout=3s with a stopped backend: status 1"
	one_line "--stall-timeout=3s with a stopped backend"
	check_contains "$(cat "$D/err")" "the server sent nothing for 3 s while" "--stall-timeout=3s: the message says so"
	check_not_contains "$(cat "$D/fifo.out")" "$TRAILER" "--stall-timeout=3s: no trailer"
	check_eq "$(ls -A "$D/spool")" "" "--stall-timeout=3s: nothing left in --tmpdir"
else
	fail "--stall-timeout: the dump's backend can be stopped"
	kill "$pid"
fi

# TCP keepalives: the dump's connection has the keepalive timer (/proc/net/tcp
# "tr" 02) due within a minute (libpq's own default waits the system's two
# hours); the connection string's own keepalive settings win.
# keepalive_timer CONNINFO: "TR SECONDS" of the dump's connection while it waits.
keepalive_timer() {
	local port_hex pid t
	port_hex=$(printf '%04X' "$PG_PORT")
	start_holder
	holder_says "BEGIN; LOCK TABLE t1 IN ACCESS EXCLUSIVE MODE;"
	wait_for 20 holder_locks
	"$DBDUMP" "$1" </dev/null >/dev/null 2>&1 &
	pid=$!
	wait_for 30 dump_waits_for_lock
	t=$(for inode in $(find /proc/$pid/fd -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n'); do
		awk -v p=":$port_hex" -v ino="$inode" '$3 ~ p"$" && $10 == ino { split($6, a, ":"); print a[1], a[2] }' /proc/net/tcp
	done)
	holder_says "COMMIT;"
	stop_holder
	wait "$pid"
	# The delay is in clock ticks (USER_HZ, 100 a second).
	set -- $t
	[ $# -eq 2 ] && echo "$1 $((0x$2 / 100))"
}
set -- $(keepalive_timer "host=127.0.0.1 port=$PG_PORT dbname=db")
check_eq "${1:-none}" 02 "TCP keepalives are on"
if [ -n "${2:-}" ] && [ "$2" -le 20 ]; then
	ok "TCP keepalives: the first probe within 20 s ($2 s)"
else
	fail "TCP keepalives: the first probe within 20 s" "got: ${2:-none} s"
fi
set -- $(keepalive_timer "host=127.0.0.1 port=$PG_PORT dbname=db keepalives_idle=300")
if [ "${1:-}" = 02 ] && [ "$2" -gt 20 ] && [ "$2" -le 300 ]; then
	ok "keepalives_idle=300 in the connection string wins ($2 s)"
else
	fail "keepalives_idle=300 in the connection string wins" "got: $*"
fi
set -- $(keepalive_timer "host=127.0.0.1 port=$PG_PORT dbname=db keepalives=0")
check_eq "${1:-none}" 00 "keepalives=0 in the connection string is respected"

# ------------------------------------------------------------ many jobs

# 64 jobs run up to 128 items ahead of the writer, each in a spool file,
# besides the output's temporary file: 129 at once when the first table is
# slow and the 127 after it are quick. a_slow is the first table written.
mkdir -p "$D/j64" "$D/spool"
for i in $(seq 1 140); do echo "CREATE TABLE j64.many_$i (id integer PRIMARY KEY); INSERT INTO j64.many_$i VALUES ($i);"; done |
	{ echo "CREATE SCHEMA j64; CREATE TABLE j64.a_slow (id integer); INSERT INTO j64.a_slow VALUES (0);"; cat; } | q db
"$DBDUMP" -n j64 --where='j64.a_slow:pg_sleep(3) IS NOT NULL' -f "$D/j1.sql" db || fail "-j 1 reference dump"
run "$DBDUMP" -n j64 -j 64 --tmpdir="$D/spool" --where='j64.a_slow:pg_sleep(3) IS NOT NULL' -f "$D/j64/dump.sql" db
check_status "$status" 0 "-j 64 -f FILE, 129 temporary files at once: status 0"
same_dump "$D/j64/dump.sql" "$D/j1.sql" "-j 64 gives the same dump as -j 1"
check_eq "$(ls -A "$D/spool")" "" "-j 64: no spool left"
check_eq "$(ls -A "$D/j64")" "dump.sql" "-j 64: no temporary file left beside the output"

# Several jobs fail at once: one error line. stderr is a FIFO that is full
# (a reader that is not reading), so the first failing job waits in its
# message while the others fail too; then the FIFO is read.
for i in 1 2 3 4; do echo "CREATE TABLE slow_$i (id integer); INSERT INTO slow_$i VALUES ($i);"; done | q db
mkfifo "$D/errfifo"
exec 9<>"$D/errfifo"
timeout 5 bash -c 'head -c 65535 /dev/zero | tr "\0" x; echo' >&9
"$DBDUMP" -j 4 --tmpdir="$D/spool" -f "$D/fail.sql" \
	--where='slow_1:pg_sleep(30) IS NOT NULL' --where='slow_2:pg_sleep(30) IS NOT NULL' \
	--where='slow_3:pg_sleep(30) IS NOT NULL' --where='slow_4:pg_sleep(30) IS NOT NULL' \
	db slow_1 slow_2 slow_3 slow_4 </dev/null >"$D/out" 2>"$D/errfifo" &
pid=$!
four_sleep() {
	[ "$(q postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbdump' AND wait_event = 'PgSleep'")" -ge 4 ]
}
wait_for 30 four_sleep || fail "four jobs read at once"
q postgres "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'dbdump' AND wait_event = 'PgSleep'" >/dev/null
sleep 2 # every job meets its failure meanwhile
timeout 60 cat "$D/errfifo" >"$D/err.all" &
reader=$!
wait "$pid"
status=$?
exec 9>&-
wait "$reader"
tail -n +2 "$D/err.all" >"$D/err"
check_status "$status" 1 "four jobs failing at once: status 1"
one_line "four jobs failing at once"
check_eq "$(ls -A "$D/spool")" "" "four jobs failing at once: no spool left"
no_temp_files "$D" "four jobs failing at once"

done_testing
