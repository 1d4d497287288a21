#!/bin/bash
# dbdump's speed-and-scale benchmark (issues 6 and 16). Run by hand, never by
# make check.
#
# Creates the data sets in a throwaway PostgreSQL server (started through
# tests/t/lib.sh: initdb as the postgres user into a temporary directory, a
# private port and socket, always stopped on exit), then runs dbdump, pg_dump
# and psql's raw COPY alternately, ROUNDS times each, and prints for each
# command the medians of: wall time, the client's CPU (user+sys), the
# server's CPU (user+sys of the backends that served it: the postmaster's
# reaped children, so only with the throwaway server), peak memory (max RSS)
# and the load average when it started; then the ratios the issues set
# targets for, in wall time and in CPU. On a shared machine trust the CPU
# ratios: the wall ratios move with the load.
#
# Usage: bench/run.sh [OPTION]...
#   --rounds=N          rounds of the dump timings (default 5)
#   --restore-rounds=N  rounds of the restore timings of big (default 3)
#   --sweep-rounds=N    rounds of the restore timings of the batch sizes and
#                       layouts, on a 250,000-row table (default 5)
#   --keyed-rounds=N    rounds of the keyed and whole-dump restores, each
#                       with fsync on and then off (default 3)
#   --keyed-files=LIST  only these of the keyed section's files
#                       (comma-separated names as printed, without the
#                       _fsync_on/_off suffix, e.g.
#                       keyed_dbdump,keyed_pg_dump_inserts100)
#   --keyed-fsync=LIST  the fsync settings of the keyed section, in this
#                       order (default on,off; "on" or "off" for one)
#   --huge              also the 10x table (10,000,000 rows, ~1.7 GB of COPY
#                       text; slow to create)
#   --no-restore        skip the restore timings
#   --callgrind         also profile dbdump on the 250,000-row table with
#                       valgrind's callgrind and print the top functions
#   --hugevalue[=MB]    also one row with one value of MB megabytes (default
#                       500): peak memory of dbdump, pg_dump and psql's COPY
#   --only=LIST         run only these sections (comma-separated): big, many,
#                       jobs, order, wide, huge, hugevalue, toast, restore,
#                       sweep, keyed, restoreprofile, tables10k, callgrind
#   -h, --help          this text
#
# The sections (the ones marked * run only when named in --only or by their
# option):
#   big             1,000,000-row mixed table stored in key order: raw COPY,
#                   dbdump (plain, -Z zstd), pg_dump (COPY, --inserts)
#   jobs            -j 1 against -j 2
#   order           big's rows stored shuffled: with the key and statistics,
#                   with the key and no statistics, no key (all in ctid
#                   pieces since run 12; the second was read in key order
#                   before); dbdump -j 1 and -j 2 against raw COPY (and
#                   DBDUMP_BASELINE on the first, since run 16)
#   many            200 tables of 500 rows, schema and data: dbdump against
#                   pg_dump --inserts --rows-per-insert=100; with the two
#                   halves of the work timed alone: dbdump -s (the catalog,
#                   no rows) and the rows alone (200 raw COPYs in one psql
#                   session, no catalog read: the floor of any dump that
#                   reads each table once)
#   wide            4 rows of 7 MB
#   restore, sweep  psql loading dumps into tables with no key
#   keyed           psql loading mid's (250,000 rows) data-only dumps into a
#                   table with its primary key, and whole dumps into an empty
#                   database; dbdump's default and --rows-per-insert 25, 200
#                   and 1000, --single-transaction, pg_dump ins100; fsync on,
#                   then off (--keyed-fsync); with each restore's WAL
#                   (pg_stat_wal: bytes, writes, syncs and the time spent in
#                   them), the checkpoints, WAL segments and autovacuum runs
#                   during it, and the spread (min / median / max) of the
#                   rounds' wall and server CPU
#   restoreprofile* each keyed dump restored once more (fsync on) with the
#                   server's log_parser/planner/executor_stats: the backend's
#                   CPU per stage (parse, analysis, rewrite, plan, execute)
#   hugevalue*      one row with one 500 MB value: peak memory (dbdump with
#                   the value read in slices, and read whole as before run 12)
#   tables10k*      10,000 tables, -s: dbdump against pg_dump (slow to create)
#   toast*          the price of the huge-value check on an ordinary table:
#                   1,000,000 narrow rows (an integer and three short texts)
#                   whose TOAST relation holds one 800 kB value (0.8 MB:
#                   before run 14 any table with 256 KiB of TOAST was read
#                   with a per-row size check), and the same rows with no
#                   TOAST: dbdump --dump-mode=data against raw COPY of
#                   each, wall and server CPU (about 2 minutes at
#                   --rounds=5); DBDUMP_BASELINE is timed on it too
#   huge*, callgrind*
#
# Issue 16's scenarios, as measured for doc/PERFORMANCE.md (run 7); on a
# quiet 2-core machine the first takes about 15 minutes, the second 10:
#   bash bench/run.sh --only=big,order,many,keyed,restoreprofile,hugevalue \
#       --rounds=3 --keyed-rounds=3 --hugevalue=500
#   bash bench/run.sh --only=tables10k --rounds=3
# Set BENCH_TMP=DIR to keep the raw measurements (DIR/results, DIR/wal,
# DIR/stages). Do not edit this script while it runs: bash reads it as it
# goes.
#
# Environment:
#   DBDUMP          the binary under test (default: src/dbdump of this tree)
#   DBDUMP_BASELINE another build to time on the big table, on 10,000
#                   tables and on 200, and whose
#                   default dumps the keyed section restores too
#                   (keyed_dbdump_baseline, whole_dbdump_baseline) (before and
#                   after a change, in the same run)
#   BENCH_USE_ENV=1 use the server the PG* environment names (PGHOST, PGPORT,
#                   PGUSER, ...) instead of starting one; the benchmark
#                   creates databases named dbdump_bench_* there and drops
#                   them at the end (no server CPU figures, no
#                   restoreprofile)
#   BENCH_TMP       where dump files for restores are kept (default: a
#                   temporary directory, removed at exit)
#
# Server settings of the throwaway server: PostgreSQL's defaults for
# durability (fsync, synchronous_commit and full_page_writes on: restores are
# timed as a user would see them), shared_buffers = 256MB; for the keyed
# section's figures (no effect on what is timed beyond a clock read per WAL
# write): track_wal_io_timing, log_checkpoints and
# log_autovacuum_min_duration = 0.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=5
RESTORE_ROUNDS=3
SWEEP_ROUNDS=5
KEYED_ROUNDS=3
KEYED_FILES=
KEYED_FSYNC="on off"
HUGE=
HUGEVALUE_MB=
RESTORE=1
CALLGRIND=
ONLY=

for arg in "$@"; do
	case $arg in
	--rounds=*) ROUNDS=${arg#*=} ;;
	--restore-rounds=*) RESTORE_ROUNDS=${arg#*=} ;;
	--sweep-rounds=*) SWEEP_ROUNDS=${arg#*=} ;;
	--keyed-rounds=*) KEYED_ROUNDS=${arg#*=} ;;
	--keyed-files=*) KEYED_FILES=,${arg#*=}, ;;
	--keyed-fsync=*)
		KEYED_FSYNC=${arg#*=}
		KEYED_FSYNC=${KEYED_FSYNC//,/ }
		for f in $KEYED_FSYNC; do
			[ "$f" = on ] || [ "$f" = off ] || {
				echo "bench/run.sh: --keyed-fsync takes on, off or on,off" >&2
				exit 2
			}
		done
		;;
	--huge) HUGE=1 ;;
	--hugevalue) HUGEVALUE_MB=500 ;;
	--hugevalue=*) HUGEVALUE_MB=${arg#*=} ;;
	--no-restore) RESTORE= ;;
	--callgrind) CALLGRIND=1 ;;
	--only=*) ONLY=,${arg#*=}, ;;
	-h | --help)
		sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "bench/run.sh: unknown option $arg (try --help)" >&2
		exit 2
		;;
	esac
done

# --only=hugevalue without --hugevalue: the default size.
[[ $ONLY == *,hugevalue,* ]] && [ -z "$HUGEVALUE_MB" ] && HUGEVALUE_MB=500

# section NAME: whether to run section NAME.
section() {
	if [ -n "$ONLY" ]; then
		[[ $ONLY == *",$1,"* ]]
		return
	fi
	case $1 in
	huge) [ -n "$HUGE" ] ;;
	hugevalue) [ -n "$HUGEVALUE_MB" ] ;;
	restore | sweep | keyed) [ -n "$RESTORE" ] ;;
	callgrind) [ -n "$CALLGRIND" ] ;;
	tables10k | restoreprofile | toast) return 1 ;;
	*) return 0 ;;
	esac
}

DBDUMP=${DBDUMP:-$top/src/dbdump}
[ -x "$DBDUMP" ] || {
	echo "bench/run.sh: no dbdump binary at $DBDUMP (build first, or set DBDUMP)" >&2
	exit 1
}
TIME=/usr/bin/time
if ! "$TIME" -f '%e' true >/dev/null 2>&1; then
	echo "bench/run.sh: needs GNU time as /usr/bin/time (apt-get install time)" >&2
	exit 1
fi

if [ -n "${BENCH_USE_ENV:-}" ]; then
	DB_PREFIX=dbdump_bench_
	PSQL=${PSQL:-psql}
	PG_BINDIR=${PG_BINDIR:-$(dirname "$(command -v "$PSQL")")}
	_bench_root=$(mktemp -d "${TMPDIR:-/tmp}/dbdump-bench.XXXXXX") || exit 1
	WORK=$_bench_root
	_bench_cleanup() {
		local db
		for db in big many wide huge hugevalue toast restore keyed whole tables10k; do
			"$PSQL" -X -q -d postgres -c "DROP DATABASE IF EXISTS ${DB_PREFIX}$db" >/dev/null 2>&1
		done
		rm -rf "$_bench_root"
	}
	trap _bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
else
	DB_PREFIX=
	# shellcheck disable=SC2034 # read by lib.sh
	LIB_MODE=server TOP_SRCDIR=$top PG_CONF_EXTRA="fsync = on
synchronous_commit = on
full_page_writes = on
max_locks_per_transaction = 512
shared_buffers = 256MB
max_wal_size = 4GB
track_wal_io_timing = on
log_checkpoints = on
log_autovacuum_min_duration = 0"
	echo "bench/run.sh: starting a throwaway PostgreSQL server" >&2
	# shellcheck source=../tests/t/lib.sh
	source "$top/tests/t/lib.sh"
	WORK=$TEST_TMP
fi
WORK=${BENCH_TMP:-$WORK}
mkdir -p "$WORK"
PG_DUMP=$PG_BINDIR/pg_dump
[ -x "$PG_DUMP" ] || PG_DUMP=pg_dump
RESULTS=$WORK/results
: >"$RESULTS"

DB_BIG=${DB_PREFIX}big
DB_MANY=${DB_PREFIX}many
DB_WIDE=${DB_PREFIX}wide
DB_HUGE=${DB_PREFIX}huge
DB_HUGEVALUE=${DB_PREFIX}hugevalue
DB_TOAST=${DB_PREFIX}toast
DB_RESTORE=${DB_PREFIX}restore
DB_KEYED=${DB_PREFIX}keyed
DB_10K=${DB_PREFIX}tables10k
DB_WHOLE=${DB_PREFIX}whole

log() {
	printf 'bench: %s\n' "$*" >&2
}

sql() {
	local db=$1
	shift
	"$PSQL" -X -qAt -v ON_ERROR_STOP=1 -d "$db" "$@"
}

createdb_fresh() {
	sql postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" &&
		sql postgres -c "CREATE DATABASE $1 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
}

# ---------------------------------------------------------------- data sets

# The mixed-type table: about 170 bytes a row as COPY text. Deterministic, so
# every run dumps the same bytes; one row in ten has a NULL, one in seven a
# quote and a tab to escape.
BIG_DDL="CREATE TABLE big (
	id bigint PRIMARY KEY,
	n integer,
	label text,
	amount numeric(14,2),
	score double precision,
	flag boolean,
	created timestamptz,
	tags text[],
	doc jsonb,
	payload bytea
)"
big_rows_sql() { # TABLE FIRST LAST
	cat <<EOF
INSERT INTO $1
SELECT g,
       CASE WHEN g % 10 = 0 THEN NULL ELSE (g::bigint * 7919) % 1000003 END,
       'item ' || md5(g::text) || CASE WHEN g % 7 = 0 THEN E' it''s\\ttabbed' ELSE '' END,
       round(((g::bigint * 104729) % 100000000) / 100.0, 2),
       sin(g) * 1000,
       g % 3 = 0,
       timestamptz '2020-01-01 00:00:00+00' + g * interval '17 seconds',
       ARRAY['red', 'green', 'n' || (g % 100)],
       jsonb_build_object('k', g % 1000, 'name', 'n' || g),
       decode(substr(md5(g::text), 1, 16), 'hex')
  FROM generate_series($2, $3) AS g;
EOF
}

make_big() {
	log "creating $DB_BIG: big (1,000,000 rows), mid (250,000 rows), part_1..4 (250,000 rows each)"
	createdb_fresh "$DB_BIG" || exit 1
	{
		echo "$BIG_DDL;"
		big_rows_sql big 1 1000000
		# The first quarter of big, for the restore sweep and the profile.
		echo "CREATE TABLE mid (LIKE big INCLUDING ALL); INSERT INTO mid SELECT * FROM big WHERE id <= 250000;"
		# The same rows in four tables, for -j.
		for i in 1 2 3 4; do
			echo "CREATE TABLE part_$i (LIKE big INCLUDING ALL);"
			echo "INSERT INTO part_$i SELECT * FROM big WHERE id > ($i - 1) * 250000 AND id <= $i * 250000;"
		done
		echo "VACUUM ANALYZE;"
	} | sql "$DB_BIG" || exit 1
	log "big is $(sql "$DB_BIG" -c "COPY big TO STDOUT" | wc -c) bytes as COPY text"
}

# big's rows stored in a random order, so that key order is not physical
# order: "shuffled" keeps the primary key (its statistics say it is shuffled),
# "nokey" has none, "shuffled_nostats" has the key and no statistics
# (autovacuum off, its pg_statistic rows deleted, as the superuser the
# benchmark runs as). Since run 12 all three are read in ctid pieces, in
# physical order; before, shuffled_nostats was read in key ranges, in key
# order (its commands keep their names, "keyorder").
make_shuffled() {
	log "creating shuffled, shuffled_nostats and nokey in $DB_BIG (big's rows in a random order)"
	sql "$DB_BIG" -c "DROP TABLE IF EXISTS shuffled, shuffled_nostats, nokey" \
		-c "CREATE TABLE shuffled (LIKE big INCLUDING ALL)" \
		-c "INSERT INTO shuffled SELECT * FROM big ORDER BY md5(id::text)" \
		-c "CREATE TABLE shuffled_nostats (LIKE big INCLUDING ALL) WITH (autovacuum_enabled = off)" \
		-c "INSERT INTO shuffled_nostats SELECT * FROM shuffled" \
		-c "CREATE TABLE nokey AS SELECT * FROM shuffled" \
		-c "VACUUM ANALYZE shuffled" -c "VACUUM ANALYZE nokey" -c "VACUUM ANALYZE shuffled_nostats" \
		-c "DELETE FROM pg_catalog.pg_statistic WHERE starelid = 'shuffled_nostats'::pg_catalog.regclass" \
		>/dev/null || exit 1
}

# One row whose one value is HUGEVALUE_MB megabytes of text (md5 chains
# repeated: TOAST compresses them, which changes nothing on the client).
make_hugevalue() {
	log "creating $DB_HUGEVALUE: one row with a $HUGEVALUE_MB MB value"
	createdb_fresh "$DB_HUGEVALUE" || exit 1
	sql "$DB_HUGEVALUE" -c "CREATE TABLE hv (id integer PRIMARY KEY, v text)" \
		-c "INSERT INTO hv SELECT 1, repeat(md5('x'), $HUGEVALUE_MB * 1000000 / 32)" || exit 1
}

# An ordinary table of narrow rows with a modest TOAST relation: narrow has
# one row whose text is 800,000 bytes of md5s (pglz keeps about 0.8 MB of
# it, in TOAST); narrow_notoast the same rows without it (no TOAST at all).
make_toast() {
	log "creating $DB_TOAST: narrow and narrow_notoast (1,000,000 rows each, one 800 kB value in narrow)"
	createdb_fresh "$DB_TOAST" || exit 1
	sql "$DB_TOAST" <<'EOF' || exit 1
CREATE TABLE narrow (id integer PRIMARY KEY, a text, b text, c text);
INSERT INTO narrow
SELECT g, md5(g::text), 'n' || g, CASE WHEN g % 10 = 0 THEN NULL ELSE substr(md5((g * 7)::text), 1, 12) END
  FROM generate_series(1, 1000000) AS g;
CREATE TABLE narrow_notoast (LIKE narrow INCLUDING ALL);
INSERT INTO narrow_notoast SELECT * FROM narrow;
UPDATE narrow SET a = (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 25000) AS i) WHERE id = 500000;
VACUUM ANALYZE narrow;
VACUUM ANALYZE narrow_notoast;
EOF
	log "narrow's TOAST relation: $(sql "$DB_TOAST" -c "SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'narrow'") bytes"
}

make_many() {
	log "creating $DB_MANY: 200 tables of 500 rows"
	createdb_fresh "$DB_MANY" || exit 1
	sql "$DB_MANY" <<'EOF' || exit 1
DO $$
BEGIN
	FOR i IN 1..200 LOOP
		EXECUTE format('CREATE TABLE t%s (
			id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
			name text NOT NULL,
			qty integer CHECK (qty >= 0),
			price numeric(10,2),
			added timestamptz DEFAULT now(),
			note text)', i);
		EXECUTE format('CREATE INDEX t%s_name ON t%s (name)', i, i);
		EXECUTE format('INSERT INTO t%s (name, qty, price, added, note)
			SELECT md5(g::text), g %% 97, g / 7.0, timestamptz ''2021-06-01 UTC'' + g * interval ''1 minute'',
			       CASE WHEN g %% 5 = 0 THEN NULL ELSE ''note '' || g END
			  FROM generate_series(1, 500) AS g', i);
	END LOOP;
END $$;
VACUUM ANALYZE;
EOF
}

make_wide() {
	log "creating $DB_WIDE: 4 rows of a 5 MB text and 2 MB bytea each"
	createdb_fresh "$DB_WIDE" || exit 1
	sql "$DB_WIDE" <<'EOF' || exit 1
CREATE TABLE wide (id integer PRIMARY KEY, body text, blob bytea);
-- md5 chains so that TOAST cannot compress them away.
INSERT INTO wide
SELECT r,
       (SELECT string_agg(md5(r::text || ':' || g), '') FROM generate_series(1, 5 * 1024 * 1024 / 32) AS g),
       (SELECT decode(string_agg(md5(r::text || '/' || g), ''), 'hex') FROM generate_series(1, 2 * 1024 * 1024 / 16) AS g)
  FROM generate_series(1, 4) AS r;
VACUUM ANALYZE;
EOF
}

# 10,000 tables of 5 columns, a primary key, an index, a CHECK, a default,
# a comment and two rows each. Locking them all in one transaction needs
# max_locks_per_transaction raised (set above: 512, as the throwaway server
# allows 40 connections; the lock table holds 512 x 40 locks).
make_10k() {
	log "creating $DB_10K: 10,000 tables (slow)"
	createdb_fresh "$DB_10K" || exit 1
	for chunk in $(seq 0 9); do
		sql "$DB_10K" <<EOF || exit 1
DO \$\$
BEGIN
	FOR i IN $((chunk * 1000 + 1))..$((chunk * 1000 + 1000)) LOOP
		EXECUTE format('CREATE TABLE t%s (
			id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
			name text NOT NULL,
			qty integer CHECK (qty >= 0),
			added timestamptz DEFAULT now(),
			note text)', i);
		EXECUTE format('CREATE INDEX t%s_name ON t%s (name)', i, i);
		EXECUTE format('COMMENT ON TABLE t%s IS %L', i, 'table ' || i);
		EXECUTE format('INSERT INTO t%s (name, qty) VALUES (''a'', 1), (''b'', 2)', i);
	END LOOP;
END \$\$;
EOF
	done
	sql "$DB_10K" -c "VACUUM ANALYZE" || exit 1
}

make_huge() {
	log "creating $DB_HUGE: big with 10,000,000 rows (slow)"
	createdb_fresh "$DB_HUGE" || exit 1
	{
		echo "$BIG_DDL;"
		for i in $(seq 0 9); do
			big_rows_sql big $((i * 1000000 + 1)) $(((i + 1) * 1000000))
		done
		echo "VACUUM ANALYZE;"
	} | sql "$DB_HUGE" || exit 1
}

# ---------------------------------------------------------------- measuring

# server_cpu: the CPU time (user+sys, in clock ticks) of the server's
# processes that have ended: the postmaster's reaped children, that is the
# backends of the sessions that have closed. Empty when the server is not
# ours (BENCH_USE_ENV). A backend ends just after its client: wait until
# the figure has stopped moving.
server_cpu() {
	local pid a b
	[ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ] || return 0
	pid=$(head -n 1 "$PG_DATA/postmaster.pid")
	a=$(awk '{ print $16 + $17 }' "/proc/$pid/stat" 2>/dev/null) || return 0
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		sleep 0.1
		b=$(awk '{ print $16 + $17 }' "/proc/$pid/stat")
		[ "$a" = "$b" ] && break
		a=$b
	done
	echo "$a"
}

# measure NAME OUTFILE CMD...: runs CMD once with stdout to OUTFILE under GNU
# time and records "NAME wall cpu maxrss_kB status server_cpu load total_cpu"
# in $RESULTS: the client's user+sys seconds, the server's (the backends that
# served CMD, "-" when the server is not ours), the 1-minute load average
# when CMD started, and client + server CPU.
measure() {
	local name=$1 outfile=$2 status s0 s1 load
	shift 2
	s0=$(server_cpu)
	load=$(cut -d' ' -f1 /proc/loadavg)
	"$TIME" -f '%e %U %S %M' -o "$WORK/time.out" "$@" </dev/null >"$outfile" 2>"$WORK/err.out"
	status=$?
	s1=$(server_cpu)
	if [ $status -ne 0 ]; then
		log "$name failed with status $status: $(head -c 500 "$WORK/err.out")"
	fi
	# GNU time prefixes "Command exited with non-zero status N" on failure.
	tail -n 1 "$WORK/time.out" | awk -v n="$name" -v s="$status" -v s0="$s0" -v s1="$s1" -v l="$load" \
		-v hz="$(getconf CLK_TCK)" '{
		srv = (s0 == "" || s1 == "") ? "-" : sprintf("%.2f", (s1 - s0) / hz)
		tot = srv == "-" ? "-" : sprintf("%.2f", $2 + $3 + srv)
		printf "%s %s %.2f %s %s %s %s %s\n", n, $1, $2 + $3, $4, s, srv, l, tot }' >>"$RESULTS"
}

# median NAME FIELD: the median of column FIELD (2 wall, 3 client cpu, 4 rss,
# 6 server cpu, 7 load average, 8 client + server cpu) of NAME's runs.
median() {
	awk -v n="$1" -v f="$2" '$1 == n && $f != "-" { print $f }' "$RESULTS" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

failures() {
	awk -v n="$1" '$1 == n && $5 != 0' "$RESULTS" | wc -l
}

# report NAME...: one line per command: medians and the number of runs.
report() {
	local n
	printf '%-34s %9s %9s %9s %10s %5s %6s\n' command wall_s cpu_s srv_cpu_s maxrss_MiB runs load
	for n in "$@"; do
		local rss runs
		rss=$(median "$n" 4)
		[ "$rss" != - ] && rss=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
		runs=$(awk -v n="$n" '$1 == n' "$RESULTS" | wc -l)
		[ "$(failures "$n")" -gt 0 ] && runs="$runs ($(failures "$n") FAILED)"
		printf '%-34s %9s %9s %9s %10s %5s %6s\n' "$n" "$(median "$n" 2)" "$(median "$n" 3)" "$(median "$n" 6)" \
			"$rss" "$runs" "$(median "$n" 7)"
	done
}

# ratio LABEL A B TARGET [FIELD]: median of A over median of B against
# "<= TARGET" (FIELD: 2 wall, the default, 3 client cpu, 6 server cpu, 8
# client + server cpu). Labels say which.
ratio() {
	local label=$1 a b target=${4:-} field=${5:-2}
	a=$(median "$2" "$field")
	b=$(median "$3" "$field")
	awk -v l="$label" -v a="$a" -v b="$b" -v t="$target" 'BEGIN {
		if (a == "-" || b == "-" || b == 0) { printf "%-64s %8s\n", l, "n/a"; exit }
		r = a / b
		if (t == "") printf "%-64s %8.2f\n", l, r
		else printf "%-64s %8.2f  target <= %s  %s\n", l, r, t, (r <= t ? "met" : "MISSED")
	}'
}

# rss_check LABEL NAME LIMIT_MiB: max RSS (the largest of all runs) against a limit.
rss_check() {
	local worst
	worst=$(awk -v n="$2" '$1 == n { if ($4 > m) m = $4 } END { print m + 0 }' "$RESULTS")
	awk -v l="$1" -v w="$worst" -v t="$3" 'BEGIN {
		printf "%-64s %8.1f  target <= %.1f MiB  %s\n", l, w / 1024, t, (w / 1024 <= t ? "met" : "MISSED") }'
}

# ---------------------------------------------------------------- the runs

log "dbdump: $DBDUMP ($("$DBDUMP" --version 2>/dev/null | head -n 1))"
log "server: $(sql postgres -c 'SELECT version()')"
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"

need_big=
for s in big jobs order restore sweep keyed restoreprofile callgrind; do section $s && need_big=1; done
[ -n "$need_big" ] && make_big
section order && make_shuffled
section many && make_many
section wide && make_wide
section huge && make_huge
section hugevalue && make_hugevalue
section tables10k && make_10k
section toast && make_toast

if section big; then
	log "big: $ROUNDS rounds of raw COPY, dbdump (plain, -Z zstd), pg_dump (COPY, --inserts)"
	for r in $(seq "$ROUNDS"); do
		measure copy_raw /dev/null "$PSQL" -X -c "COPY big TO STDOUT" "$DB_BIG"
		measure dbdump_data /dev/null "$DBDUMP" --dump-mode=data "$DB_BIG" big
		measure dbdump_data_zstd /dev/null "$DBDUMP" --dump-mode=data -Z zstd "$DB_BIG" big
		[ -n "${DBDUMP_BASELINE:-}" ] &&
			measure dbdump_baseline_data /dev/null "$DBDUMP_BASELINE" --dump-mode=data "$DB_BIG" big
		measure pg_dump_copy /dev/null "$PG_DUMP" --data-only -t big "$DB_BIG"
		measure pg_dump_inserts100 /dev/null "$PG_DUMP" --data-only --inserts --rows-per-insert=100 -t big "$DB_BIG"
	done
fi

if section jobs; then
	log "jobs: $ROUNDS rounds of dbdump -j 1 and -j 2 over part_1..part_4 (1,000,000 rows in all)"
	for r in $(seq "$ROUNDS"); do
		measure dbdump_parts_j1 /dev/null "$DBDUMP" --dump-mode=data -j 1 "$DB_BIG" part_1 part_2 part_3 part_4
		measure dbdump_parts_j2 /dev/null "$DBDUMP" --dump-mode=data -j 2 "$DB_BIG" part_1 part_2 part_3 part_4
		measure dbdump_big_j2 /dev/null "$DBDUMP" --dump-mode=data -j 2 "$DB_BIG" big
		[ -n "${DBDUMP_BASELINE:-}" ] &&
			measure dbdump_baseline_big_j2 /dev/null "$DBDUMP_BASELINE" --dump-mode=data -j 2 "$DB_BIG" big
	done
fi

if section order; then
	log "order: $ROUNDS rounds of raw COPY and dbdump on big's rows stored shuffled, with and without a key"
	for r in $(seq "$ROUNDS"); do
		measure copy_raw_shuffled /dev/null "$PSQL" -X -c "COPY shuffled TO STDOUT" "$DB_BIG"
		measure dbdump_shuffled /dev/null "$DBDUMP" --dump-mode=data "$DB_BIG" shuffled
		measure dbdump_shuffled_j2 /dev/null "$DBDUMP" --dump-mode=data -j 2 "$DB_BIG" shuffled
		if [ -n "${DBDUMP_BASELINE:-}" ]; then
			measure dbdump_baseline_shuffled /dev/null "$DBDUMP_BASELINE" --dump-mode=data "$DB_BIG" shuffled
			measure dbdump_baseline_shuffled_j2 /dev/null "$DBDUMP_BASELINE" --dump-mode=data -j 2 "$DB_BIG" shuffled
		fi
		measure dbdump_shuffled_keyorder /dev/null "$DBDUMP" --dump-mode=data "$DB_BIG" shuffled_nostats
		measure dbdump_shuffled_keyorder_j2 /dev/null "$DBDUMP" --dump-mode=data -j 2 "$DB_BIG" shuffled_nostats
		measure dbdump_nokey /dev/null "$DBDUMP" --dump-mode=data "$DB_BIG" nokey
		measure dbdump_nokey_j2 /dev/null "$DBDUMP" --dump-mode=data -j 2 "$DB_BIG" nokey
	done
fi

if section many; then
	log "many: $ROUNDS rounds of dbdump and pg_dump --inserts, schema and data, 200 tables"
	# The floor: the 200 tables' rows alone, one raw COPY each in one psql
	# session (no catalog read at all), as dbdump reads them.
	for i in $(seq 200); do
		echo "COPY public.t$i (id, name, qty, price, added, note) TO STDOUT;"
	done >"$WORK/many_copies.sql"
	for r in $(seq "$ROUNDS"); do
		measure dbdump_200tables /dev/null "$DBDUMP" "$DB_MANY"
		[ -n "${DBDUMP_BASELINE:-}" ] &&
			measure dbdump_baseline_200tables /dev/null "$DBDUMP_BASELINE" "$DB_MANY"
		measure dbdump_200tables_j2 /dev/null "$DBDUMP" -j 2 "$DB_MANY"
		measure pg_dump_200tables_inserts100 /dev/null "$PG_DUMP" --inserts --rows-per-insert=100 "$DB_MANY"
		measure pg_dump_200tables_copy /dev/null "$PG_DUMP" "$DB_MANY"
		measure dbdump_200tables_schema /dev/null "$DBDUMP" -s "$DB_MANY"
		measure copy_raw_200tables /dev/null "$PSQL" -X -q -f "$WORK/many_copies.sql" "$DB_MANY"
	done
fi

if section wide; then
	log "wide: $ROUNDS rounds of dbdump and raw COPY on 4 rows of 5 MB text + 2 MB bytea"
	for r in $(seq "$ROUNDS"); do
		measure copy_raw_wide /dev/null "$PSQL" -X -c "COPY wide TO STDOUT" "$DB_WIDE"
		measure dbdump_wide /dev/null "$DBDUMP" --dump-mode=data "$DB_WIDE" wide
	done
	# The largest row as dbdump writes it: the text, and the bytea as '\x' hex.
	WIDE_ROW=$(sql "$DB_WIDE" -c "SELECT max(octet_length(body) + 2 * octet_length(blob)) FROM wide")
fi

if section tables10k; then
	log "tables10k: $ROUNDS rounds of dbdump -s and pg_dump -s on 10,000 tables"
	for r in $(seq "$ROUNDS"); do
		measure dbdump_10k_schema /dev/null "$DBDUMP" -s "$DB_10K"
		measure pg_dump_10k_schema /dev/null "$PG_DUMP" -s "$DB_10K"
		[ -n "${DBDUMP_BASELINE:-}" ] &&
			measure dbdump_baseline_10k_schema /dev/null "$DBDUMP_BASELINE" -s "$DB_10K"
	done
fi

if section hugevalue; then
	log "hugevalue: 2 rounds of raw COPY, dbdump and pg_dump on one $HUGEVALUE_MB MB value"
	for r in 1 2; do
		measure copy_raw_hugevalue /dev/null "$PSQL" -X -c "COPY hv TO STDOUT" "$DB_HUGEVALUE"
		measure dbdump_hugevalue /dev/null "$DBDUMP" --dump-mode=data "$DB_HUGEVALUE" hv
		# The value read whole through the table's COPY, as before run 12
		# (a threshold no value reaches: the test-only DBDUMP_TEST_BIGVAL).
		measure dbdump_hugevalue_whole /dev/null env DBDUMP_TEST_BIGVAL=4000000000000 \
			"$DBDUMP" --dump-mode=data "$DB_HUGEVALUE" hv
		measure pg_dump_hugevalue_copy /dev/null "$PG_DUMP" --data-only -t hv "$DB_HUGEVALUE"
		measure pg_dump_hugevalue_inserts /dev/null "$PG_DUMP" --data-only --inserts -t hv "$DB_HUGEVALUE"
	done
fi

if section toast; then
	log "toast: $ROUNDS rounds of raw COPY and dbdump on narrow rows with and without TOAST"
	for r in $(seq "$ROUNDS"); do
		measure copy_raw_toast /dev/null "$PSQL" -X -c "COPY narrow TO STDOUT" "$DB_TOAST"
		measure dbdump_toast /dev/null "$DBDUMP" --dump-mode=data "$DB_TOAST" narrow
		measure copy_raw_notoast /dev/null "$PSQL" -X -c "COPY narrow_notoast TO STDOUT" "$DB_TOAST"
		measure dbdump_notoast /dev/null "$DBDUMP" --dump-mode=data "$DB_TOAST" narrow_notoast
		[ -n "${DBDUMP_BASELINE:-}" ] &&
			measure dbdump_baseline_toast /dev/null "$DBDUMP_BASELINE" --dump-mode=data "$DB_TOAST" narrow
	done
fi

if section huge; then
	log "huge: 2 rounds of raw COPY and dbdump on 10,000,000 rows"
	for r in 1 2; do
		measure copy_raw_huge /dev/null "$PSQL" -X -c "COPY big TO STDOUT" "$DB_HUGE"
		measure dbdump_data_huge /dev/null "$DBDUMP" --dump-mode=data "$DB_HUGE" big
	done
fi

# restore_into DB TABLE NAME FILE: empties TABLE (and checkpoints, so that no
# run pays for the one before), then times psql restoring FILE.
restore_into() {
	sql "$1" -c "TRUNCATE $2" -c "CHECKPOINT" || exit 1
	measure "$3" /dev/null "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$4"
}

# restore_rounds ROUNDS TABLE NAME=FILE...: ROUNDS rounds of restoring each
# FILE into TABLE; each round starts one further down the list, so that no
# file always follows the same one.
restore_rounds() {
	local rounds=$1 table=$2 r i n
	shift 2
	local -a pairs=("$@")
	n=${#pairs[@]}
	for r in $(seq 0 $((rounds - 1))); do
		for i in $(seq 0 $((n - 1))); do
			local pair=${pairs[$(((i + r) % n))]}
			restore_into "$DB_RESTORE" "$table" "${pair%%=*}" "${pair#*=}"
		done
	done
}

if section restore || section sweep; then
	createdb_fresh "$DB_RESTORE" || exit 1
	# The tables without keys or indexes: both dumps' data is loaded the same
	# way, and only the INSERTs are timed. No autovacuum, which would start
	# at some random moment after a load and slow down the next one.
	sql "$DB_RESTORE" -c "${BIG_DDL/ PRIMARY KEY/}" || exit 1
	sql "$DB_RESTORE" -c "CREATE TABLE mid (LIKE big)" || exit 1
	sql "$DB_RESTORE" -c "ALTER TABLE big SET (autovacuum_enabled = off)" \
		-c "ALTER TABLE mid SET (autovacuum_enabled = off)" || exit 1
fi

if section restore; then
	log "restore: $RESTORE_ROUNDS rounds of psql loading big from dbdump and pg_dump --inserts --rows-per-insert=100"
	"$DBDUMP" --dump-mode=data -f "$WORK/big.dbdump.sql" "$DB_BIG" big || exit 1
	"$PG_DUMP" --data-only --inserts --rows-per-insert=100 -t big -f "$WORK/big.pg_dump.sql" "$DB_BIG" || exit 1
	"$PG_DUMP" --data-only -t big -f "$WORK/big.pg_dump_copy.sql" "$DB_BIG" || exit 1
	restore_rounds "$RESTORE_ROUNDS" big restore_dbdump="$WORK/big.dbdump.sql" \
		restore_pg_dump_inserts100="$WORK/big.pg_dump.sql" restore_pg_dump_copy="$WORK/big.pg_dump_copy.sql"
	rm -f "$WORK/big.dbdump.sql" "$WORK/big.pg_dump.sql" "$WORK/big.pg_dump_copy.sql"
fi

SWEEP_NAMES=()
if section sweep; then
	log "sweep: $SWEEP_ROUNDS rounds of restoring mid (250,000 rows) for --rows-per-insert and statement layouts"
	sweep=()
	for n in 100 500 1000 5000; do
		# A byte cap far above the batch, so that the row count alone decides.
		"$DBDUMP" --dump-mode=data --rows-per-insert=$n --max-insert-bytes=256M \
			-f "$WORK/mid.rows$n.sql" "$DB_BIG" mid || exit 1
		sweep+=("restore_mid_rows$n=$WORK/mid.rows$n.sql")
	done
	# Layout: the whole statement on one line ("VALUES (..),(..);").
	perl -0pe 's/ VALUES\n\(/ VALUES (/g; s/\),\n\(/),(/g' "$WORK/mid.rows100.sql" >"$WORK/mid.oneline.sql"
	sweep+=("restore_mid_rows100_oneline=$WORK/mid.oneline.sql")
	# Layout: one transaction around all the statements.
	"$DBDUMP" --dump-mode=data --single-transaction -f "$WORK/mid.single.sql" "$DB_BIG" mid || exit 1
	sweep+=("restore_mid_rows100_single_tx=$WORK/mid.single.sql")
	"$DBDUMP" --dump-mode=data --single-transaction --rows-per-insert=1000 -f "$WORK/mid.single1000.sql" "$DB_BIG" mid || exit 1
	sweep+=("restore_mid_rows1000_single_tx=$WORK/mid.single1000.sql")
	"$PG_DUMP" --data-only --inserts --rows-per-insert=100 -t mid -f "$WORK/mid.pg_dump.sql" "$DB_BIG" || exit 1
	sweep+=("restore_mid_pg_dump_inserts100=$WORK/mid.pg_dump.sql")
	"$PG_DUMP" --data-only -t mid -f "$WORK/mid.pg_dump_copy.sql" "$DB_BIG" || exit 1
	sweep+=("restore_mid_pg_dump_copy=$WORK/mid.pg_dump_copy.sql")
	for pair in "${sweep[@]}"; do
		SWEEP_NAMES+=("${pair%%=*}")
	done
	restore_rounds "$SWEEP_ROUNDS" mid "${sweep[@]}"
	rm -f "$WORK"/mid.*.sql
fi

# keyed_dumps: writes the dumps of mid that the keyed sections restore and
# sets keyed=(NAME=data|whole:FILE ...). The rows-per-insert variants keep
# the default byte cap (1 MiB: 1000 of mid's rows are about 190 kB).
keyed_dumps() {
	keyed=()
	"$DBDUMP" --dump-mode=data -f "$WORK/k.dbdump.sql" "$DB_BIG" mid || exit 1
	keyed+=("keyed_dbdump=data:$WORK/k.dbdump.sql")
	for n in 25 200 1000; do
		"$DBDUMP" --dump-mode=data --rows-per-insert=$n -f "$WORK/k.dbdump$n.sql" "$DB_BIG" mid || exit 1
		keyed+=("keyed_dbdump_rows$n=data:$WORK/k.dbdump$n.sql")
	done
	"$DBDUMP" --dump-mode=data --single-transaction -f "$WORK/k.dbdump1tx.sql" "$DB_BIG" mid || exit 1
	keyed+=("keyed_dbdump_single_tx=data:$WORK/k.dbdump1tx.sql")
	"$PG_DUMP" --data-only --inserts --rows-per-insert=100 -t mid -f "$WORK/k.pg_dump.sql" "$DB_BIG" || exit 1
	keyed+=("keyed_pg_dump_inserts100=data:$WORK/k.pg_dump.sql")
	# The whole dump: the table, its rows, then its key (built after the rows).
	"$DBDUMP" -f "$WORK/w.dbdump.sql" "$DB_BIG" mid || exit 1
	keyed+=("whole_dbdump=whole:$WORK/w.dbdump.sql")
	for n in 25 1000; do
		"$DBDUMP" --rows-per-insert=$n -f "$WORK/w.dbdump$n.sql" "$DB_BIG" mid || exit 1
		keyed+=("whole_dbdump_rows$n=whole:$WORK/w.dbdump$n.sql")
	done
	"$PG_DUMP" --inserts --rows-per-insert=100 -t mid -f "$WORK/w.pg_dump.sql" "$DB_BIG" || exit 1
	keyed+=("whole_pg_dump_inserts100=whole:$WORK/w.pg_dump.sql")
	if [ -n "${DBDUMP_BASELINE:-}" ]; then
		"$DBDUMP_BASELINE" --dump-mode=data -f "$WORK/k.base.sql" "$DB_BIG" mid || exit 1
		keyed+=("keyed_dbdump_baseline=data:$WORK/k.base.sql")
		"$DBDUMP_BASELINE" -f "$WORK/w.base.sql" "$DB_BIG" mid || exit 1
		keyed+=("whole_dbdump_baseline=whole:$WORK/w.base.sql")
	fi
	if [ -n "$KEYED_FILES" ]; then
		local all=("${keyed[@]}") pair
		keyed=()
		for pair in "${all[@]}"; do
			[[ $KEYED_FILES == *",${pair%%=*},"* ]] && keyed+=("$pair")
		done
	fi
}

keyed_target() {
	createdb_fresh "$DB_KEYED" || exit 1
	sql "$DB_KEYED" -c "${BIG_DDL/CREATE TABLE big/CREATE TABLE mid}" \
		-c "ALTER TABLE mid SET (autovacuum_enabled = off)" || exit 1
}

# wal_stats: "records full_page_images bytes writes syncs write_ms sync_ms
# checkpoints insert_byte segments_ahead" of the server since its start:
# pg_stat_wal (PostgreSQL 14 and later; the times need track_wal_io_timing,
# on in the throwaway server), pg_stat_bgwriter's checkpoints, the WAL
# insert position and how many segment files lie ahead of it (recycled or
# preallocated: a restore that writes past them creates and zero-fills new
# ones).
wal_stats() {
	sql postgres -F ' ' -c "SELECT w.wal_records, w.wal_fpi, w.wal_bytes, w.wal_write, w.wal_sync,
		round(w.wal_write_time), round(w.wal_sync_time),
		(SELECT checkpoints_timed + checkpoints_req FROM pg_catalog.pg_stat_bgwriter),
		pg_catalog.pg_current_wal_insert_lsn() - '0/0'::pg_catalog.pg_lsn,
		(SELECT count(*) FROM pg_catalog.pg_ls_waldir() d
		 WHERE d.name ~ '^[0-9A-F]{24}\$'
		   AND d.name > pg_catalog.pg_walfile_name(pg_catalog.pg_current_wal_insert_lsn()))
		FROM pg_catalog.pg_stat_wal w" 2>/dev/null
}

# keyed_restore NAME SPEC [PGOPTIONS]: one restore of SPEC (data:FILE into
# the keyed table, whole:FILE into an empty database), timed as NAME. Each
# starts from the same state: the table emptied (or the database made
# anew), then a CHECKPOINT, so that no restore pays for the one before's
# dirty pages, and full-page images start from zero. Its WAL goes to
# $WORK/wal ("NAME records fpi bytes writes syncs write_ms sync_ms
# checkpoints segments_used segments_ahead_before autovacuum_runs": the
# checkpoints and autovacuum runs that happened during the restore, the
# WAL segments it wrote into and how many already existed ahead of the
# insert position; the runs are counted in the server log).
keyed_restore() {
	local name=$1 spec=$2 w0 w1 db=$DB_KEYED logsize=0 av=-
	if [ "${spec%%:*}" = data ]; then
		sql "$DB_KEYED" -c "TRUNCATE mid" -c "CHECKPOINT" || exit 1
	else
		db=$DB_WHOLE
		createdb_fresh "$DB_WHOLE" && sql "$DB_WHOLE" -c CHECKPOINT || exit 1
	fi
	[ -n "${PG_DATA:-}" ] && logsize=$(stat -c %s "$PG_DATA/server.log")
	w0=$(wal_stats)
	PGOPTIONS=${3:-} measure "$name" /dev/null "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$db" -f "${spec#*:}"
	w1=$(wal_stats)
	[ -n "${PG_DATA:-}" ] &&
		av=$(tail -c +"$((logsize + 1))" "$PG_DATA/server.log" | grep -c 'automatic \(aggressive \)\{0,1\}\(vacuum\|analyze\)')
	[ -n "$w0" ] && [ -n "$w1" ] &&
		echo "$name $w0 $w1 $av" | awk '{
			print $1, $12 - $2, $13 - $3, $14 - $4, $15 - $5, $16 - $6, $17 - $7, $18 - $8, $19 - $9,
				int(($20 - 1) / 16777216) - int($10 / 16777216) + 1, $11, $22 }' >>"$WORK/wal"
}

KEYED_NAMES=()
if section keyed; then
	log "keyed: $KEYED_ROUNDS rounds, fsync $KEYED_FSYNC, of mid (250,000 rows) into a keyed table and whole into an empty database"
	keyed_target
	keyed_dumps
	n=${#keyed[@]}
	for fsync in $KEYED_FSYNC; do
		sql postgres -c "ALTER SYSTEM SET fsync = $fsync" -c "SELECT pg_catalog.pg_reload_conf()" >/dev/null || exit 1
		for r in $(seq 0 $((KEYED_ROUNDS - 1))); do
			for i in $(seq 0 $((n - 1))); do
				pair=${keyed[$(((i + r) % n))]}
				keyed_restore "${pair%%=*}_fsync_$fsync" "${pair#*=}"
			done
		done
	done
	for fsync in $KEYED_FSYNC; do
		for pair in "${keyed[@]}"; do
			KEYED_NAMES+=("${pair%%=*}_fsync_$fsync")
		done
	done
	sql postgres -c "ALTER SYSTEM RESET fsync" -c "SELECT pg_catalog.pg_reload_conf()" >/dev/null
	rm -f "$WORK"/k.*.sql "$WORK"/w.*.sql
fi

# restoreprofile: where a restore's server time goes. Each keyed dump is
# restored once more (fsync on) with log_parser_stats, log_planner_stats and
# log_executor_stats on for psql's session: the server logs the CPU time of
# each stage of each statement (parse, parse analysis, rewrite, plan,
# execute), which is summed here per file; what the backend spent beyond
# those (commits, the protocol, start-up) is its CPU less their sum.
PROFILE_NAMES=()
if section restoreprofile && [ -z "${PG_DATA:-}" ]; then
	log "restoreprofile: needs the throwaway server's log (not with BENCH_USE_ENV); skipped"
elif section restoreprofile; then
	log "restoreprofile: one restore of each keyed dump with the server's per-stage statistics"
	keyed_target
	keyed_dumps
	: >"$WORK/stages"
	for pair in "${keyed[@]}"; do
		name=profile_${pair%%=*}
		logsize=$(stat -c %s "$PG_DATA/server.log")
		keyed_restore "$name" "${pair#*=}" "-c log_parser_stats=on -c log_planner_stats=on -c log_executor_stats=on"
		PROFILE_NAMES+=("$name")
		sleep 0.5
		tail -c +"$((logsize + 1))" "$PG_DATA/server.log" | awk -v n="$name" '
			/LOG:  PARSER STATISTICS/ { st = "parse" }
			/LOG:  PARSE ANALYSIS STATISTICS/ { st = "analysis" }
			/LOG:  REWRITER STATISTICS/ { st = "rewrite" }
			/LOG:  PLANNER STATISTICS/ { st = "plan" }
			/LOG:  EXECUTOR STATISTICS/ { st = "execute" }
			st != "" && / s user, .* s system, .* s elapsed/ {
				for (i = 1; i <= NF; i++) {
					if ($(i + 1) == "s" && $(i + 2) == "user,") u = $i
					if ($(i + 1) == "s" && $(i + 2) == "system,") y = $i
				}
				t[st] += u + y
				if (st == "execute") stmts++
				st = ""
			}
			END { printf "%s %.2f %.2f %.2f %.2f %.2f %d\n", n, t["parse"], t["analysis"], t["rewrite"], t["plan"], t["execute"], stmts }' >>"$WORK/stages"
	done
	rm -f "$WORK"/k.*.sql "$WORK"/w.*.sql
fi

if section callgrind; then
	if command -v valgrind >/dev/null; then
		log "callgrind: dbdump --dump-mode=data on mid (250,000 rows)"
		valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
			"$DBDUMP" --dump-mode=data "$DB_BIG" mid >/dev/null 2>"$WORK/callgrind.err"
		# -j 2, each thread apart: thread 1 is the writer, which joins the
		# pieces' rows into statements since run 16.
		log "callgrind: dbdump --dump-mode=data -j 2 on mid, per thread"
		valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$WORK/callgrind.j2.out" \
			"$DBDUMP" --dump-mode=data -j 2 "$DB_BIG" mid >/dev/null 2>"$WORK/callgrind.j2.err"
		[ -n "${DBDUMP_BASELINE:-}" ] &&
			valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$WORK/callgrind.j2base.out" \
				"$DBDUMP_BASELINE" --dump-mode=data -j 2 "$DB_BIG" mid >/dev/null 2>"$WORK/callgrind.j2base.err"
	else
		log "callgrind: valgrind is not installed; skipped"
	fi
fi

# ---------------------------------------------------------------- the report

echo
echo "== dbdump benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "server:  $(sql postgres -c 'SHOW server_version')"
echo "rounds:  $ROUNDS (restores of big: $RESTORE_ROUNDS, sweep: $SWEEP_ROUNDS, keyed: $KEYED_ROUNDS); medians; cpu is the client's user+sys"
echo
names=()
section big && names+=(copy_raw dbdump_data dbdump_data_zstd pg_dump_copy pg_dump_inserts100)
section big && [ -n "${DBDUMP_BASELINE:-}" ] && names+=(dbdump_baseline_data)
section jobs && names+=(dbdump_parts_j1 dbdump_parts_j2 dbdump_big_j2)
section jobs && [ -n "${DBDUMP_BASELINE:-}" ] && names+=(dbdump_baseline_big_j2)
section order && names+=(copy_raw_shuffled dbdump_shuffled dbdump_shuffled_j2 dbdump_shuffled_keyorder
	dbdump_shuffled_keyorder_j2 dbdump_nokey dbdump_nokey_j2)
section order && [ -n "${DBDUMP_BASELINE:-}" ] && names+=(dbdump_baseline_shuffled dbdump_baseline_shuffled_j2)
section tables10k && names+=(dbdump_10k_schema pg_dump_10k_schema)
section tables10k && [ -n "${DBDUMP_BASELINE:-}" ] && names+=(dbdump_baseline_10k_schema)
section hugevalue && names+=(copy_raw_hugevalue dbdump_hugevalue dbdump_hugevalue_whole pg_dump_hugevalue_copy pg_dump_hugevalue_inserts)
section toast && names+=(copy_raw_toast dbdump_toast copy_raw_notoast dbdump_notoast)
section toast && [ -n "${DBDUMP_BASELINE:-}" ] && names+=(dbdump_baseline_toast)
section many && names+=(dbdump_200tables dbdump_200tables_j2 pg_dump_200tables_inserts100 pg_dump_200tables_copy
	dbdump_200tables_schema copy_raw_200tables)
section many && [ -n "${DBDUMP_BASELINE:-}" ] && names+=(dbdump_baseline_200tables)
section wide && names+=(copy_raw_wide dbdump_wide)
section huge && names+=(copy_raw_huge dbdump_data_huge)
section restore && names+=(restore_dbdump restore_pg_dump_inserts100 restore_pg_dump_copy)
section sweep && names+=("${SWEEP_NAMES[@]}")
section keyed && names+=("${KEYED_NAMES[@]}")
section restoreprofile && names+=("${PROFILE_NAMES[@]}")
report "${names[@]}"
echo
echo "ratios (of medians)"
if section big; then
	ratio "dbdump data / raw COPY (wall)" dbdump_data copy_raw 1.10
	ratio "dbdump data / raw COPY (server cpu)" dbdump_data copy_raw "" 6
	ratio "dbdump data / raw COPY (client + server cpu)" dbdump_data copy_raw "" 8
	ratio "pg_dump --inserts --rows-per-insert=100 / raw COPY (wall)" pg_dump_inserts100 copy_raw
	ratio "dbdump -Z zstd / dbdump uncompressed (wall)" dbdump_data_zstd dbdump_data 1.3
	rss_check "dbdump max RSS on big, MiB (largest run)" dbdump_data 16
	if [ -n "${DBDUMP_BASELINE:-}" ]; then
		ratio "dbdump / baseline build (wall)" dbdump_data dbdump_baseline_data
		ratio "dbdump / baseline build (client cpu)" dbdump_data dbdump_baseline_data "" 3
	fi
fi
if section jobs; then
	ratio "dbdump -j 2 / -j 1, 4 tables of 250,000 rows (wall)" dbdump_parts_j2 dbdump_parts_j1
	ratio "dbdump -j 2 / -j 1, the one table big (wall)" dbdump_big_j2 dbdump_data
fi
if section order; then
	ratio "shuffled, ctid ranges: dbdump / raw COPY (wall)" dbdump_shuffled copy_raw_shuffled 1.15
	ratio "shuffled, ctid ranges: dbdump / raw COPY (server cpu)" dbdump_shuffled copy_raw_shuffled "" 6
	ratio "shuffled, ctid ranges: dbdump / raw COPY (client + server cpu)" dbdump_shuffled copy_raw_shuffled "" 8
	ratio "shuffled, no statistics (key order before run 12): dbdump / raw COPY (server cpu)" dbdump_shuffled_keyorder copy_raw_shuffled "" 6
	ratio "shuffled, ctid ranges: dbdump -j 2 / -j 1 (wall)" dbdump_shuffled_j2 dbdump_shuffled
	ratio "shuffled, no statistics (key order before run 12): dbdump / raw COPY" dbdump_shuffled_keyorder copy_raw_shuffled
	ratio "shuffled, no statistics: dbdump -j 2 / -j 1 (wall)" dbdump_shuffled_keyorder_j2 dbdump_shuffled_keyorder
	ratio "shuffled, no key, ctid ranges: dbdump / raw COPY (wall)" dbdump_nokey copy_raw_shuffled
	ratio "shuffled, no key, ctid ranges: dbdump -j 2 / -j 1 (wall)" dbdump_nokey_j2 dbdump_nokey
fi
if section many; then
	ratio "200 tables: dbdump / pg_dump --inserts --rows-per-insert=100" dbdump_200tables pg_dump_200tables_inserts100 0.4
	ratio "200 tables: dbdump / pg_dump ins100 (server cpu)" dbdump_200tables pg_dump_200tables_inserts100 "" 6
	ratio "200 tables: dbdump / pg_dump ins100 (client + server cpu)" dbdump_200tables pg_dump_200tables_inserts100 "" 8
	ratio "200 tables: dbdump -j 2 / dbdump -j 1 (wall)" dbdump_200tables_j2 dbdump_200tables
	ratio "200 tables: the rows alone, raw COPY / pg_dump ins100 (floor)" copy_raw_200tables pg_dump_200tables_inserts100
	ratio "200 tables: dbdump -s (no rows) / pg_dump ins100" dbdump_200tables_schema pg_dump_200tables_inserts100
	ratio "200 tables: dbdump / the rows alone, raw COPY (wall)" dbdump_200tables copy_raw_200tables
fi
if section wide; then
	rss_check "dbdump max RSS on wide rows, MiB (largest run)" dbdump_wide \
		"$(awk -v r="$WIDE_ROW" 'BEGIN { printf "%.1f", 16 + 4 * r / 1048576 }')"
	awk -v r="$WIDE_ROW" 'BEGIN { printf "  (largest row %.1f MiB as SQL; limit taken as 16 MiB + 4 x that)\n", r / 1048576 }'
fi
if section tables10k; then
	ratio "10,000 tables -s: dbdump / pg_dump (wall)" dbdump_10k_schema pg_dump_10k_schema 0.5
	ratio "10,000 tables -s: dbdump / pg_dump (client cpu)" dbdump_10k_schema pg_dump_10k_schema "" 3
	ratio "10,000 tables -s: dbdump / pg_dump (server cpu)" dbdump_10k_schema pg_dump_10k_schema "" 6
	ratio "10,000 tables -s: dbdump / pg_dump (client + server cpu)" dbdump_10k_schema pg_dump_10k_schema "" 8
	ratio "10,000 tables -s: dbdump / pg_dump (max RSS)" dbdump_10k_schema pg_dump_10k_schema 1.0 4
fi
if section hugevalue; then
	for n in dbdump_hugevalue dbdump_hugevalue_whole copy_raw_hugevalue pg_dump_hugevalue_copy pg_dump_hugevalue_inserts; do
		awk -v n="$n" -v mb="$HUGEVALUE_MB" '$1 == n { if ($4 > m) m = $4 } END {
			printf "%-64s %8.2f\n", "max RSS / the value'"'"'s size: " n, m * 1024 / (mb * 1000000) }' "$RESULTS"
	done
fi
if section toast; then
	ratio "narrow rows with TOAST: dbdump / raw COPY (wall)" dbdump_toast copy_raw_toast
	ratio "narrow rows with TOAST: dbdump / raw COPY (server cpu)" dbdump_toast copy_raw_toast "" 6
	ratio "narrow rows, no TOAST: dbdump / raw COPY (wall)" dbdump_notoast copy_raw_notoast
	ratio "narrow rows, no TOAST: dbdump / raw COPY (server cpu)" dbdump_notoast copy_raw_notoast "" 6
	ratio "the check's price: with TOAST / without, dbdump (server cpu)" dbdump_toast dbdump_notoast "" 6
	if [ -n "${DBDUMP_BASELINE:-}" ]; then
		ratio "narrow rows with TOAST: baseline build / raw COPY (server cpu)" dbdump_baseline_toast copy_raw_toast "" 6
	fi
fi
if section huge; then
	rss_check "dbdump max RSS on 10,000,000 rows, MiB (largest run)" dbdump_data_huge 16
	ratio "dbdump data / raw COPY, 10,000,000 rows (wall)" dbdump_data_huge copy_raw_huge 1.15
fi
if section restore; then
	ratio "restore: dbdump / pg_dump --inserts --rows-per-insert=100" restore_dbdump restore_pg_dump_inserts100 1.0
	ratio "restore: dbdump / pg_dump COPY" restore_dbdump restore_pg_dump_copy
fi
if section sweep; then
	for n in "${SWEEP_NAMES[@]}"; do
		ratio "sweep: $n / restore_mid_rows100" "$n" restore_mid_rows100
	done
	fastest=$(for n in "${SWEEP_NAMES[@]}"; do
		case $n in *pg_dump*) continue ;; esac
		echo "$(median "$n" 2) $n"
	done | sort -g | head -n 1)
	echo "fastest dbdump layout to restore: ${fastest#* } (${fastest%% *} s)"
fi
if section keyed; then
	# Only the files this run restored (--keyed-files).
	keyed_ratio() {
		[ "$(median "$2" 2)" != - ] && [ "$(median "$3" 2)" != - ] || return 0
		ratio "$1" "$2" "$3"
		ratio "  same, server cpu" "$2" "$3" "" 6
		ratio "  same, client + server cpu" "$2" "$3" "" 8
	}
	for f in $KEYED_FSYNC; do
		for n in keyed_dbdump keyed_dbdump_rows25 keyed_dbdump_rows200 keyed_dbdump_rows1000 keyed_dbdump_single_tx \
			keyed_dbdump_baseline; do
			keyed_ratio "keyed restore, fsync $f: $n / pg_dump ins100" ${n}_fsync_$f keyed_pg_dump_inserts100_fsync_$f
		done
		keyed_ratio "whole-dump restore, fsync $f: dbdump / pg_dump ins100" whole_dbdump_fsync_$f \
			whole_pg_dump_inserts100_fsync_$f
		for n in rows25 rows1000 baseline; do
			keyed_ratio "whole-dump restore, fsync $f: dbdump $n / pg_dump ins100" whole_dbdump_${n}_fsync_$f \
				whole_pg_dump_inserts100_fsync_$f
		done
	done
fi
if [ -s "$WORK/wal" ]; then
	echo
	echo "restores' WAL, medians: records, full-page images, MB, writes, syncs, write ms, sync ms (track_wal_io_timing),"
	echo "checkpoints during, segments written into, segment files ahead before, autovacuum runs during"
	for n in "${KEYED_NAMES[@]}" "${PROFILE_NAMES[@]}"; do
		awk -v n="$n" '$1 == n { k++; for (i = 2; i <= 12; i++) v[i, k] = $i }
			END { if (!k) exit
				printf "%-34s", n
				for (i = 2; i <= 12; i++) {
					m = 0; for (a = 1; a <= k; a++) { c[a] = v[i, a] }
					for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++) if (c[b] < c[a]) { x = c[a]; c[a] = c[b]; c[b] = x }
					m = (k % 2) ? c[(k + 1) / 2] : (c[k / 2] + c[k / 2 + 1]) / 2
					if (i == 4) printf " %6.1f", m / 1e6; else if (i <= 3) printf " %8d", m; else printf " %5s", m
				}
				printf "\n" }' "$WORK/wal"
	done
fi
if [ ${#KEYED_NAMES[@]} -gt 0 ]; then
	echo
	echo "keyed spread over the rounds: wall s and server cpu s as min / median / max; load min-max"
	for n in "${KEYED_NAMES[@]}"; do
		awk -v n="$n" '$1 == n && $5 == 0 { k++; w[k] = $2; s[k] = $6; l[k] = $7 }
			function mm(a, k,   i, j, x) {
				for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
				return sprintf("%6.2f / %6.2f / %6.2f", a[1], (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2, a[k])
			}
			END { if (!k) exit
				ws = mm(w, k); ss = (s[1] == "-") ? "-" : mm(s, k); ls = mm(l, k)
				split(ls, lp, " / ")
				printf "%-34s wall %s   srv %s   load %s-%s\n", n, ws, ss, lp[1] + 0, lp[3] + 0 }' "$RESULTS"
	done
fi
if [ -s "$WORK/stages" ]; then
	echo
	echo "restore profile (fsync on, one run each): the backend's CPU seconds by stage"
	printf '%-40s %7s %8s %7s %7s %7s %7s %8s %7s %6s\n' file parse analysis rewrite plan execute other backend psql stmts
	while read -r n p a rw pl e st; do
		b=$(median "$n" 6)
		c=$(median "$n" 3)
		awk -v n="$n" -v p="$p" -v a="$a" -v rw="$rw" -v pl="$pl" -v e="$e" -v b="$b" -v c="$c" -v st="$st" 'BEGIN {
			printf "%-40s %7.2f %8.2f %7.2f %7.2f %7.2f %7.2f %8.2f %7.2f %6d\n", n, p, a, rw, pl, e, b - p - a - rw - pl - e, b, c, st }'
	done <"$WORK/stages"
	echo "(other: the backend's CPU outside the five stages: commits, the protocol, start-up)"
fi
if section callgrind && [ -f "$WORK/callgrind.out" ]; then
	echo
	echo "callgrind, dbdump --dump-mode=data on mid (250,000 rows): instructions by function (self)"
	callgrind_annotate --inclusive=no "$WORK/callgrind.out" 2>/dev/null |
		awk '/PROGRAM TOTALS/ { print } /^ *[0-9,]+ \([ 0-9.]+%\) / && n++ < 15 && !/PROGRAM TOTALS/ { print }'
	for f in "$WORK"/callgrind.j2.out-* "$WORK"/callgrind.j2base.out-*; do
		[ -f "$f" ] || continue
		echo "callgrind, -j 2 on mid, $(basename "$f"): $(awk '/^summary:/ { print $2 }' "$f") instructions" \
			"(thread 01 is the writer)"
	done
	[ -f "$WORK/callgrind.j2.out-01" ] && callgrind_annotate --inclusive=no "$WORK/callgrind.j2.out-01" 2>/dev/null |
		awk '/^ *[0-9,]+ \([ 0-9.]+%\) / && n++ < 8 && !/PROGRAM TOTALS/ { print }'
fi
echo
echo "raw measurements (name wall_s cpu_s maxrss_kB status server_cpu_s load total_cpu_s): $RESULTS"
if [ -z "${BENCH_TMP:-}" ]; then
	echo "(removed at exit; set BENCH_TMP to keep them)"
	echo
	cat "$RESULTS"
fi
