# Shared set-up for dbdump's integration tests; source it, don't run it.
#
# Sourcing this file starts a throwaway PostgreSQL server (Debian's postgresql
# package: the newest /usr/lib/postgresql/*/bin) in a temporary directory, on
# a private port on 127.0.0.1 and a private unix socket directory, and points
# libpq at it through PGHOST, PGPORT and PGUSER=postgres (every other PG*
# variable from the caller's environment is removed). An EXIT trap always
# stops the server (pg_ctl stop -m immediate) and removes the directory, also
# when a test fails or is interrupted.
#
# Set before sourcing, if needed:
#   PG_HBA_EXTRA   pg_hba.conf lines placed before the default trust rules
#   PG_CONF_EXTRA  postgresql.conf lines
#   PG_BINDIR      the server's bin directory (default: newest Debian version)
#   PG_MAJOR       (or DBDUMP_PG_MAJOR in the environment)
#                  a PostgreSQL major (12 to 18) instead: Debian's server of
#                  that major when installed, else the one scripts/pg-majors
#                  installs (installed on first use). psql and pg_dump stay
#                  Debian's (PG_CLIENT_BINDIR), whatever the server.
#   LIB_MODE=server  only run the server: no assertion summary (scripts/demo)
#
# After sourcing:
#   DBDUMP, TOP_SRCDIR, FIXTURES  the binary under test and the source tree
#   TEST_TMP       a scratch directory of the test's own, removed at exit
#   PG_DATA, PG_PORT, PG_SOCKDIR, PG_BINDIR, PG_CLIENT_BINDIR, PSQL
#   PG_SERVER_MAJOR  the running server's major (12, 13, ...)
#   q DB [SQL]     run SQL (or stdin) in DB, print rows unaligned, no headers
#   newdb NAME [ENCODING]   (re)create an empty database from template0
#   restore DB FILE         psql -f FILE into DB; an assertion; returns status
#   compare_db SRC DST [TABLE]...   same tables and same rows; an assertion
#   run CMD...     run CMD with stdin from /dev/null; sets $status, $out, $err
#                  and leaves the exact bytes in $TEST_TMP/out and $TEST_TMP/err
#   ok MSG / fail MSG [DETAIL]...
#   check_eq ACTUAL EXPECTED MSG, check_status ACTUAL EXPECTED MSG
#   check_contains TEXT NEEDLE MSG, check_not_contains TEXT NEEDLE MSG
#   same_dump FILE1 FILE2 MSG   the same bytes after the header comments
#   TRAILER, TRY   the last line of a complete dump; the hint after a usage error
#   usage_error MESSAGE ARG...  dbdump ARG... is a usage error: status 2,
#                  exactly MESSAGE then TRY on stderr, nothing on stdout
#   dump_ok LABEL  the last run was a complete dump on stdout: status 0,
#                  header first, trailer last, final newline
#   wait_for SECONDS CMD...  retry CMD every 0.1 s until it succeeds; false
#                  when it never did
#   PG_CLIENT_MAJOR  the major of Debian's psql and pg_dump (15)
#   schema_text [PG_DUMP_OPTION]... DB   pg_dump's schema of DB, comments off
#   pg_dump_reads_server  true when Debian's pg_dump can read this server
#                  (it refuses a newer major)
#   fingerprint DB the catalog fingerprint (tests/fixtures/fingerprint.sql)
#   same_schema SRC DST MSG [PG_DUMP_OPTION]...  pg_dump sees the same schema;
#                  on a server pg_dump cannot read, the same fingerprint
#                  (and MSG says so)
#   full_schema_text, same_full_schema   the same with owners and privileges
#   skip MSG REASON  a check that does not apply to this server: a visible
#                  "skip - " line and a count at the end, never a pass
#   pgctl ARGS...  pg_ctl on this server, as the server's user
#   second_server  start another throwaway server (stopped at exit too):
#                  sets PG2_DATA, PG2_PORT, PG2_SOCKDIR
#   start_server NAME MAJOR   one more throwaway server, of that major (see
#                  PG_MAJOR), stopped at exit too; sets PG_SERVER_BINDIR[NAME]
#   use_server NAME           point PGHOST/PGPORT (so q, newdb, restore,
#                  compare_db and dbdump) at that server; "main" is the
#                  server sourcing started
#   stop_server NAME          stop it now, to free its memory
#   done_testing   end of the test: prints "N passed, M failed" and exits
#                  non-zero when M > 0 (also when the script stops early)
#
# Exit statuses follow automake's test driver: 0 pass, 1 fail, 77 skip,
# 99 hard error (the server could not be set up).

if [ -z "${BASH_VERSION:-}" ]; then
	echo "lib.sh: needs bash" >&2
	exit 99
fi

LIB_MODE=${LIB_MODE:-test}
_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$_lib_dir/../.." && pwd)}
FIXTURES=$TOP_SRCDIR/tests/fixtures
if [ -z "${DBDUMP:-}" ]; then
	if [ -x ./src/dbdump ]; then
		DBDUMP=$PWD/src/dbdump
	else
		DBDUMP=$TOP_SRCDIR/src/dbdump
	fi
fi
export DBDUMP TOP_SRCDIR FIXTURES

_t_pass=0
_t_fail=0
_t_skip=0
_t_num=0
_t_done=
_pg_root=

# ---------------------------------------------------------------- assertions

ok() {
	_t_num=$((_t_num + 1))
	_t_pass=$((_t_pass + 1))
	printf 'ok %d - %s\n' "$_t_num" "$1"
}

# fail MSG [DETAIL]...: each DETAIL is printed below, indented.
fail() {
	_t_num=$((_t_num + 1))
	_t_fail=$((_t_fail + 1))
	printf 'not ok %d - %s\n' "$_t_num" "$1"
	shift
	local detail
	for detail in "$@"; do
		printf '%s\n' "$detail" | sed 's/^/#   /'
	done
}

check_eq() {
	if [ "$1" == "$2" ]; then
		ok "$3"
	else
		fail "$3" "expected: $2" "got:      $1"
	fi
}

check_status() {
	if [ "$1" == "$2" ]; then
		ok "$3"
	else
		fail "$3" "expected exit status $2, got $1" "stderr: $(_t_head "$TEST_TMP/err")"
	fi
}

check_contains() {
	if [[ $1 == *"$2"* ]]; then
		ok "$3"
	else
		fail "$3" "expected to find: $2" "in: ${1:0:2000}"
	fi
}

check_not_contains() {
	if [[ $1 != *"$2"* ]]; then
		ok "$3"
	else
		fail "$3" "did not expect to find: $2" "in: ${1:0:2000}"
	fi
}

# check_before FILE A B MSG: the first line of FILE matching the regular
# expression A comes before the first line matching B (both present).
check_before() {
	local a b
	a=$(grep -n -m 1 -e "$2" "$1" | cut -d: -f1)
	b=$(grep -n -m 1 -e "$3" "$1" | cut -d: -f1)
	if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then
		ok "$4"
	else
		fail "$4" "expected line ${a:-none} ($2) before line ${b:-none} ($3)"
	fi
}

# same_dump A B MSG: two dump files hold the same bytes after their header
# comment block, which names things that change from run to run (the
# snapshot time, how the connection was given), and but for the manifest's
# file digest, which covers that header too.
same_dump() {
	local strip='hdr && /^--/ { next } /^-- dbdump: file / { next } { hdr = 0; print }'
	if cmp -s <(awk -v hdr=1 "$strip" "$1") <(awk -v hdr=1 "$strip" "$2"); then
		ok "$3"
	else
		fail "$3" "$(diff <(awk -v hdr=1 "$strip" "$1") <(awk -v hdr=1 "$strip" "$2") | head -n 20)"
	fi
}

TRAILER='-- dbdump: dump complete'
TRY="Try 'dbdump --help' for more information."

usage_error() {
	local message=$1
	shift
	run "$DBDUMP" "$@"
	check_status "$status" 2 "usage error, status 2: dbdump $*"
	check_eq "$err" "$message"$'\n'"$TRY" "usage error message: dbdump $*"
	check_eq "$out" "" "usage error, nothing on stdout: dbdump $*"
}

# dump FILE ARG...: dbdump ARG... > FILE, stdin closed, stderr kept in
# $TEST_TMP/dump.err. One assertion: it exits 0, FILE (decompressed first
# when its name ends in .zst) starts with "-- dbdump" and its last line is
# the trailer. Returns dbdump's status, or 1 when it exited 0 without the
# header or the trailer.
dump() {
	local file=$1 rc first last label
	shift
	"$DBDUMP" "$@" </dev/null >"$file" 2>"$TEST_TMP/dump.err"
	rc=$?
	if [[ $file == *.zst ]]; then
		first=$(zstd -q -d -c "$file" 2>&1 | head -n 1)
		last=$(zstd -q -d -c "$file" 2>&1 | tail -n 1)
	else
		first=$(head -n 1 "$file")
		last=$(tail -n 1 "$file")
	fi
	label="dbdump $*"
	label=${label//$'\n'/\\n}
	if [ $rc -eq 0 ] && [ "${first:0:9}" == "-- dbdump" ] && [ "$last" == "$TRAILER" ]; then
		ok "$label succeeds"
		return 0
	fi
	fail "$label succeeds" "status $rc: $(head -c 2000 "$TEST_TMP/dump.err")" \
		"first line: ${first:0:200}" "last line: ${last:0:200}"
	[ $rc -ne 0 ] && return $rc
	return 1
}

dump_ok() {
	local label=$1
	check_status "$status" 0 "succeeds: $label"
	check_eq "$(head -n 1 "$TEST_TMP/out" | cut -c 1-9)" "-- dbdump" "first line starts '-- dbdump': $label"
	check_eq "$(tail -n 1 "$TEST_TMP/out")" "$TRAILER" "last line is the trailer: $label"
	check_eq "$(tail -c 1 "$TEST_TMP/out" | od -An -tx1 | tr -d ' ')" 0a "dump ends with a newline: $label"
}

wait_for() {
	local tries=$(($1 * 10))
	shift
	while [ $tries -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

schema_text() {
	"$PG_CLIENT_BINDIR/pg_dump" --schema-only --no-owner --no-privileges "$@" |
		grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict'
}

# pg_dump_reads_server: Debian's pg_dump (PG_CLIENT_MAJOR) refuses a server
# of a newer major.
pg_dump_reads_server() {
	[ "$PG_SERVER_MAJOR" -le "$PG_CLIENT_MAJOR" ]
}

fingerprint() {
	"$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -f "$FIXTURES/fingerprint.sql"
}

# full_schema_text [PG_DUMP_OPTION]... DB: with owners and privileges.
full_schema_text() {
	"$PG_CLIENT_BINDIR/pg_dump" --schema-only "$@" |
		grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict'
}

same_schema() {
	_lib_same_schema schema_text "$@"
}

same_full_schema() {
	_lib_same_schema full_schema_text "$@"
}

# _lib_no_owner_acl: a fingerprint without owners, privileges and default
# privileges (what schema_text's --no-owner --no-privileges leave out).
_lib_no_owner_acl() {
	sed -E -e 's/"([a-z]*owner)": "[^"]*"/"\1": "-"/g' -e 's/"([a-z]*acl)": (null|\[[^]]*\])/"\1": "-"/g' \
		-e '/^(object\|)?pg_default_acl\|/d'
}

_lib_same_schema() {
	local text=$1 src=$2 dst=$3 msg=$4 a b
	shift 4
	if pg_dump_reads_server; then
		a=$("$text" "$@" "$src")
		b=$("$text" "$@" "$dst")
	else
		# The catalog fingerprint compares more than pg_dump's text, so
		# PG_DUMP_OPTIONs narrowing it are not needed; like pg_dump
		# --schema-only, not the state the data gives (sequence values,
		# whether a materialized view is filled); like schema_text, no
		# owners and privileges.
		msg="$msg (catalog fingerprint: pg_dump $PG_CLIENT_MAJOR cannot read a server of $PG_SERVER_MAJOR)"
		a=$(fingerprint "$src" 2>&1 | _lib_schema_state)
		b=$(fingerprint "$dst" 2>&1 | _lib_schema_state)
		if [ "$text" = schema_text ]; then
			a=$(printf '%s\n' "$a" | _lib_no_owner_acl)
			b=$(printf '%s\n' "$b" | _lib_no_owner_acl)
		fi
	fi
	if [ -n "$a" ] && [ "$a" == "$b" ]; then
		ok "$msg"
	else
		fail "$msg" "$(diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -n 60)"
	fi
}

_lib_schema_state() {
	sed -E -e 's/"last_value": [^,}]*(, )?//' -e 's/"relispopulated": (true|false)(, )?//'
}

# skip MSG REASON: a check that does not apply to this server, said in the
# log (and counted at the end), never counted as passed.
skip() {
	_t_skip=$((_t_skip + 1))
	printf 'skip - %s: %s\n' "$1" "$2"
}

_t_head() {
	[ -f "$1" ] && head -c 2000 "$1"
}

done_testing() {
	_t_done=1
	exit 0
}

# run CMD...: the exact output stays in files, since $(...) drops trailing
# newlines.
run() {
	"$@" <"/dev/null" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	status=$?
	out=$(cat "$TEST_TMP/out")
	err=$(cat "$TEST_TMP/err")
	return 0
}

# ---------------------------------------------------------------- server

_lib_log() {
	printf 'lib.sh: %s\n' "$*" >&2
}

# _lib_bail MSG: the test cannot run at all.
_lib_bail() {
	_lib_log "$*"
	_t_bailed=1
	exit 99
}

# Run a server program as the server's owner: PostgreSQL refuses to run as
# root, and the tests run as root in CI.
_pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

pgctl() {
	_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DATA" "$@"
}

# _lib_stop DATA BINDIR: stop the server of DATA if it runs.
_lib_stop() {
	local pid
	[ -f "$1/postmaster.pid" ] || return 0
	_pg_as "$2/pg_ctl" -D "$1" stop -m immediate -w >/dev/null 2>&1
	if [ -f "$1/postmaster.pid" ]; then
		pid=$(head -n 1 "$1/postmaster.pid" 2>/dev/null)
		[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
		sleep 0.2
	fi
}

declare -A _lib_srv_data=() _lib_srv_sock=() _lib_srv_port=() PG_SERVER_BINDIR=()

_lib_cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	if [ -n "$_pg_root" ]; then
		local data pid
		local name bindir
		for name in "${!_lib_srv_data[@]}"; do
			_lib_stop "${_lib_srv_data[$name]}" "${PG_SERVER_BINDIR[$name]}"
		done
		for data in "$PG_DATA" ${PG2_DATA:+"$PG2_DATA"}; do
			[ -f "$data/postmaster.pid" ] || continue
			_pg_as "$PG_BINDIR/pg_ctl" -D "$data" stop -m immediate -w >/dev/null 2>&1
			# If pg_ctl could not stop it, the postmaster is still ours to end.
			if [ -f "$data/postmaster.pid" ]; then
				pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null)
				[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
				sleep 0.2
			fi
		done
		rm -rf "$_pg_root"
	fi
	if [ "$LIB_MODE" = server ]; then
		exit "$rc"
	fi
	if [ -n "${_t_skipped:-}" ]; then
		exit 77
	fi
	if [ -z "$_t_done" ] && [ -z "${_t_bailed:-}" ]; then
		fail "test script ran to the end (stopped early with status $rc)"
	fi
	if [ "$_t_skip" -gt 0 ]; then
		printf '%d checks skipped on PostgreSQL %s (lines "skip - ...")\n' "$_t_skip" "${PG_SERVER_MAJOR:-?}"
	fi
	printf '%d passed, %d failed\n' "$_t_pass" "$_t_fail"
	if [ -n "${_t_bailed:-}" ]; then
		exit 99
	fi
	if [ "$rc" -ge 128 ] && [ -z "$_t_done" ]; then
		exit "$rc"
	fi
	if [ "$_t_fail" -gt 0 ]; then
		exit 1
	fi
	exit 0
}

trap _lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Only the server this file starts, never the caller's.
for _v in $(compgen -e); do
	case $_v in PG*) unset "$_v" ;; esac
done
unset _v
# The caller's PG_MAJOR is gone with the other PG* variables; this one
# chooses the server's major from outside (README: one major).
PG_MAJOR=${PG_MAJOR:-${DBDUMP_PG_MAJOR:-}}
# English messages whatever the caller's locale, and UTF-8 for psql.
if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
	export LC_ALL=C.UTF-8
else
	export LC_ALL=C
fi
unset LANGUAGE

# The client programs are Debian's newest; the npm servers ship no psql.
PG_CLIENT_BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
# _lib_major_bindir MAJOR: the bin directory of a server of that major,
# installed by scripts/pg-majors on first use; in _lib_bindir. Skips the test
# (or fails it under CI) when it cannot be installed.
_lib_major_bindir() {
	local log
	if [ -x "/usr/lib/postgresql/$1/bin/initdb" ]; then
		_lib_bindir=/usr/lib/postgresql/$1/bin
		return
	fi
	_lib_bindir=$(bash "$TOP_SRCDIR/scripts/pg-majors" --dir "$1")/bin
	[ -x "$_lib_bindir/postgres" ] && return
	log=$(bash "$TOP_SRCDIR/scripts/pg-majors" "$1" 2>&1) && [ -x "$_lib_bindir/postgres" ] && return
	if [ -n "${CI:-}" ]; then
		_lib_bail "PostgreSQL $1 could not be installed: $log"
	fi
	_lib_log "skipped: PostgreSQL $1 could not be installed: $log"
	_t_skipped=1
	exit 77
}
if [ -n "${PG_MAJOR:-}" ] && [ -z "${PG_BINDIR:-}" ]; then
	_lib_major_bindir "$PG_MAJOR"
	PG_BINDIR=$_lib_bindir
fi
if [ -z "${PG_BINDIR:-}" ]; then
	PG_BINDIR=$PG_CLIENT_BINDIR
fi
if [ -z "$PG_BINDIR" ] || [ ! -x "$PG_BINDIR/initdb" ]; then
	if [ -n "${CI:-}" ]; then
		_lib_bail "no PostgreSQL server found under /usr/lib/postgresql (run scripts/deps)"
	fi
	_lib_log "skipped: no PostgreSQL server found under /usr/lib/postgresql (run scripts/deps)"
	_t_done=1
	trap - EXIT
	exit 77
fi
PSQL=$PG_BINDIR/psql
[ -x "$PSQL" ] || PSQL=$PG_CLIENT_BINDIR/psql
[ -x "$PSQL" ] || PSQL=psql

if [ "$LIB_MODE" = test ] && [ ! -x "$DBDUMP" ]; then
	_lib_bail "no dbdump binary at $DBDUMP (build first, or set DBDUMP)"
fi

if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || _lib_bail "running as root needs a 'postgres' user to run the server"
	# The postgres user must reach the directory, so not a private TMPDIR.
	_pg_root=$(mktemp -d /tmp/dbdump-test.XXXXXX) || _lib_bail "mktemp failed"
	chmod 711 "$_pg_root"
else
	_pg_root=$(mktemp -d "${TMPDIR:-/tmp}/dbdump-test.XXXXXX") || _lib_bail "mktemp failed"
fi
PG_DATA=$_pg_root/data
PG_SOCKDIR=$_pg_root/sock
TEST_TMP=$_pg_root/work
mkdir -m 700 "$PG_DATA" "$PG_SOCKDIR" "$TEST_TMP"
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$PG_DATA" "$PG_SOCKDIR"
fi
export TEST_TMP

# _lib_server DATA SOCKDIR: initdb into DATA and start a server there, on a
# private socket directory and a random free port on 127.0.0.1, which it
# leaves in _lib_port. A port another server holds means another try.
_lib_server() {
	local data=$1 sock=$2 bindir=${3:-$PG_BINDIR} tries=0
	_pg_as "$bindir/initdb" -D "$data" -A trust -U postgres --no-sync \
		-E UTF8 --locale=C >"$TEST_TMP/initdb.log" 2>&1 ||
		_lib_bail "initdb failed: $(cat "$TEST_TMP/initdb.log")"

	cat >>"$data/postgresql.conf" <<EOF

# dbdump tests: a private, disposable server.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
shared_buffers = 16MB
max_connections = 40
log_min_messages = warning
log_connections = off
# 14's default; 12 and 13 would store md5 hashes, which the scram-sha-256
# rules of PG_HBA_EXTRA cannot check.
password_encryption = 'scram-sha-256'
${PG_CONF_EXTRA:-}
EOF

	{
		echo "# dbdump tests"
		[ -n "${PG_HBA_EXTRA:-}" ] && printf '%s\n' "$PG_HBA_EXTRA"
		echo "local all all trust"
		echo "host all all 127.0.0.1/32 trust"
	} >"$data/pg_hba.conf"

	while :; do
		tries=$((tries + 1))
		_lib_port=$((20000 + RANDOM % 40000))
		if (exec 3<>"/dev/tcp/127.0.0.1/$_lib_port") 2>/dev/null; then
			continue
		fi
		if _pg_as "$bindir/pg_ctl" -D "$data" -o "-p $_lib_port" -w -t 60 \
			-l "$data/server.log" start >"$TEST_TMP/pg_ctl.log" 2>&1; then
			break
		fi
		if [ "$tries" -lt 10 ] && grep -qi 'could not bind\|already in use' "$data/server.log" 2>/dev/null; then
			: >"$data/server.log"
			continue
		fi
		_lib_bail "the test server did not start: $(cat "$TEST_TMP/pg_ctl.log" "$data/server.log" 2>/dev/null)"
	done
}

_lib_server "$PG_DATA" "$PG_SOCKDIR"
PG_PORT=$_lib_port
PG_SERVER_MAJOR=$("$PG_BINDIR/postgres" -V | sed -n 's/.* \([0-9][0-9]*\)\..*/\1/p')
export PG_SERVER_MAJOR
PG_CLIENT_MAJOR=$("$PG_CLIENT_BINDIR/pg_dump" -V | sed -n 's/.* \([0-9][0-9]*\)\..*/\1/p')
export PG_CLIENT_MAJOR

export PGHOST=$PG_SOCKDIR
export PGPORT=$PG_PORT
export PGUSER=postgres
# No ~/.pgpass of the caller's either.
export PGPASSFILE=$_pg_root/no-pgpass
export PG_DATA PG_PORT PG_SOCKDIR PG_BINDIR PG_CLIENT_BINDIR PSQL

second_server() {
	PG2_DATA=$_pg_root/data2
	PG2_SOCKDIR=$_pg_root/sock2
	mkdir -m 700 "$PG2_DATA" "$PG2_SOCKDIR"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$PG2_DATA" "$PG2_SOCKDIR"
	fi
	_lib_server "$PG2_DATA" "$PG2_SOCKDIR"
	PG2_PORT=$_lib_port
}

start_server() {
	local name=$1
	_lib_major_bindir "$2"
	mkdir -m 700 "$_pg_root/srv-$name" "$_pg_root/srv-$name/data" "$_pg_root/srv-$name/sock"
	chmod 711 "$_pg_root/srv-$name"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$_pg_root/srv-$name/data" "$_pg_root/srv-$name/sock"
	fi
	PG_SERVER_BINDIR[$name]=$_lib_bindir
	_lib_srv_data[$name]=$_pg_root/srv-$name/data
	_lib_srv_sock[$name]=$_pg_root/srv-$name/sock
	_lib_server "$_pg_root/srv-$name/data" "$_pg_root/srv-$name/sock" "$_lib_bindir"
	_lib_srv_port[$name]=$_lib_port
}

use_server() {
	if [ "$1" = main ]; then
		export PGHOST=$PG_SOCKDIR PGPORT=$PG_PORT
	else
		export PGHOST=${_lib_srv_sock[$1]} PGPORT=${_lib_srv_port[$1]}
	fi
}

stop_server() {
	_lib_stop "${_lib_srv_data[$1]}" "${PG_SERVER_BINDIR[$1]}"
}

# ---------------------------------------------------------------- SQL helpers

# q DB [SQL]: SQL from the argument, or from stdin when there is none.
q() {
	local db=$1
	if [ $# -ge 2 ]; then
		printf '%s\n' "$2" | "$PSQL" -X -qAt -v ON_ERROR_STOP=1 -d "$db" -f -
	else
		"$PSQL" -X -qAt -v ON_ERROR_STOP=1 -d "$db" -f -
	fi
}

_lib_ident() {
	printf '"%s"' "${1//\"/\"\"}"
}

# newdb NAME [ENCODING]: a fresh empty database; drops one of that name first.
newdb() {
	local name enc=
	name=$(_lib_ident "$1")
	if [ -n "${2:-}" ]; then
		enc=" ENCODING '$2' LC_COLLATE 'C' LC_CTYPE 'C'"
	fi
	q postgres "SET client_min_messages = warning; DROP DATABASE IF EXISTS $name" &&
		q postgres "CREATE DATABASE $name TEMPLATE template0$enc"
}

# restore DB FILE: load a dump the way the documentation says to; records an
# assertion and returns psql's status.
restore() {
	local db=$1 file=$2 rc
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$file" >"$TEST_TMP/restore.out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		ok "restore $(basename "$file") into $db"
	else
		fail "restore $(basename "$file") into $db (psql status $rc)" "$(head -c 3000 "$TEST_TMP/restore.out")"
	fi
	return $rc
}

# Session settings that make a row's text form the same in both databases.
_lib_stable_settings="SET extra_float_digits = 3; SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';
SET bytea_output = 'hex';"

# _lib_tables DB: every user table, schema-qualified and quoted as needed.
_lib_tables() {
	q "$1" "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
	          FROM pg_catalog.pg_class c
	          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	         WHERE c.relkind IN ('r', 'p')
	           AND n.nspname <> 'information_schema'
	           AND n.nspname !~ '^pg_'
	         ORDER BY pg_catalog.format('%I.%I', n.nspname, c.relname) COLLATE \"C\""
}

# _lib_checksums DB TABLE...: "table rows md5" for each table, the md5 over
# all rows' text forms sorted bytewise.
_lib_checksums() {
	local db=$1 t
	shift
	{
		printf '%s\n' "$_lib_stable_settings"
		for t in "$@"; do
			printf "SELECT '%s', count(*), coalesce(md5(string_agg(r::text, E'\\\\n' ORDER BY r::text COLLATE \"C\")), '-') FROM ONLY %s AS r;\n" \
				"${t//\'/\'\'}" "$t"
		done
	} | q "$db"
}

# compare_db SRC DST [TABLE]...: DST holds the same set of tables as SRC
# (or exactly the TABLEs given, names as _lib_tables prints them) with the
# same rows. Records one assertion; returns non-zero on a difference.
compare_db() {
	local src=$1 dst=$2 want have problems=() t
	shift 2
	if [ $# -gt 0 ]; then
		want=$(printf '%s\n' "$@" | LC_ALL=C sort)
	else
		want=$(_lib_tables "$src")
	fi
	have=$(_lib_tables "$dst")
	if [ "$want" != "$have" ]; then
		problems+=("tables differ (- expected from $src, + found in $dst):
$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$have") | grep '^[<>]' | sed 's/^</-/; s/^>/+/')")
	fi
	local common
	common=$(LC_ALL=C comm -12 <(printf '%s\n' "$want" | LC_ALL=C sort) <(printf '%s\n' "$have" | LC_ALL=C sort))
	if [ -n "$common" ]; then
		local -a tabs
		mapfile -t tabs <<<"$common"
		local a b
		a=$(_lib_checksums "$src" "${tabs[@]}")
		b=$(_lib_checksums "$dst" "${tabs[@]}")
		if [ "$a" != "$b" ]; then
			for t in "${tabs[@]}"; do
				local sa sb
				sa=$(grep -F "$t|" <<<"$a")
				sb=$(grep -F "$t|" <<<"$b")
				if [ "$sa" != "$sb" ]; then
					sa=${sa#"$t|"}
					sb=${sb#"$t|"}
					problems+=("rows of $t differ: ${sa%%|*} rows in $src, ${sb%%|*} in $dst; first differences (- $src, + $dst):
$(diff <(q "$src" "$_lib_stable_settings SELECT r::text FROM ONLY $t AS r ORDER BY r::text COLLATE \"C\"") \
	<(q "$dst" "$_lib_stable_settings SELECT r::text FROM ONLY $t AS r ORDER BY r::text COLLATE \"C\"") |
	grep '^[<>]' | sed 's/^</-/; s/^>/+/' | head -n 6)")
				fi
			done
		fi
	fi
	if [ ${#problems[@]} -eq 0 ]; then
		ok "$dst has the same tables and rows as $src"
		return 0
	fi
	fail "$dst has the same tables and rows as $src" "${problems[@]}"
	return 1
}
