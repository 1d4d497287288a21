# Integration tests of parallel jobs, spool files, zstd output, --progress
# and -v's per-table lines, against a throwaway server.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/jobs.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP

# Six tables of 1,000 to 6,000 rows (about 90 kB to 550 kB of INSERTs each:
# more than the 256 kB output buffer, so output is written while workers
# still read), with quotes, tabs, backslashes and NULLs; an empty table; and
# the sample database's schemas and types.
newdb jobs
q jobs <<'EOF' >/dev/null
DO $$
BEGIN
	FOR i IN 1..6 LOOP
		EXECUTE format('CREATE TABLE t%s (id integer PRIMARY KEY, name text, qty numeric, note text)', i);
		EXECUTE format('INSERT INTO t%s
			SELECT g, md5(g::text) || %L, g / 3.0,
			       CASE WHEN g %% 4 = 0 THEN NULL ELSE repeat(''x'', g %% 50) END
			  FROM generate_series(1, %s) AS g', i, E'\t\\''"', 1000 * i);
	END LOOP;
END $$;
CREATE TABLE empty_one (a integer);
ANALYZE;
EOF
newdb sample
restore sample "$FIXTURES/sample.sql"

# same_dump A B MSG: A and B are the same bytes but for the "-- snapshot:"
# header line (two runs read at two moments) and the manifest's file digest,
# which covers it.
same_dump() {
	if cmp -s <(grep -v -e '^-- snapshot: ' -e '^-- dbdump: file ' "$1") <(grep -v -e '^-- snapshot: ' -e '^-- dbdump: file ' "$2"); then
		ok "$3"
	else
		fail "$3" "$(diff <(grep -v -e '^-- snapshot: ' -e '^-- dbdump: file ' "$1") <(grep -v -e '^-- snapshot: ' -e '^-- dbdump: file ' "$2") | head -n 10 | cut -c 1-200)"
	fi
}

# empty_dir DIR MSG: DIR exists and holds nothing.
empty_dir() {
	local left
	if [ ! -d "$1" ]; then
		fail "$2" "$1 is gone"
		return
	fi
	left=$(ls -A "$1")
	if [ -z "$left" ]; then
		ok "$2"
	else
		fail "$2" "left in $1: $left"
	fi
}

# ------------------------------------------------------------ -j gives the same bytes

for db in jobs sample; do
	for mode in both data; do
		dump "$D/$db.$mode.j1.sql" -j 1 --dump-mode=$mode "$db"
		dump "$D/$db.$mode.j3.sql" -j 3 --dump-mode=$mode "$db"
		same_dump "$D/$db.$mode.j1.sql" "$D/$db.$mode.j3.sql" "-j 3 writes the same bytes as -j 1: $db, --dump-mode=$mode"
	done
done
dump "$D/jobs.j8.sql" -j 8 jobs
same_dump "$D/jobs.both.j1.sql" "$D/jobs.j8.sql" "-j 8 (more jobs than tables) writes the same bytes as -j 1"
dump "$D/jobs.rows7.j1.sql" -j 1 --rows-per-insert=7 --max-insert-bytes=2000 jobs
dump "$D/jobs.rows7.j3.sql" -j 3 --rows-per-insert=7 --max-insert-bytes=2000 jobs
same_dump "$D/jobs.rows7.j1.sql" "$D/jobs.rows7.j3.sql" "-j 3 writes the same bytes as -j 1 with small batches"
check_eq "$(grep -c '^INSERT INTO public.t6 ' "$D/jobs.rows7.j3.sql")" 858 "6,000 rows in batches of 7: 858 INSERTs"

newdb jobs_copy
restore jobs_copy "$D/jobs.both.j1.sql"
compare_db jobs jobs_copy

# ------------------------------------------------------------ spool files

spool=$D/spool
mkdir "$spool"
dump "$D/spool_ok.sql" -j 3 --tmpdir="$spool" jobs
empty_dir "$spool" "no spool file is left after a successful -j 3 dump"

# The output cannot be written: the writer fails while workers spool.
run bash -c "exec \"\$0\" -j 3 --tmpdir=\"\$1\" jobs >/dev/full" "$DBDUMP" "$spool"
check_status "$status" 1 "-j 3 to a full device fails with status 1"
check_contains "$err" "dbdump: could not write to standard output" "-j 3 to a full device says so"
empty_dir "$spool" "no spool file is left after a write error"

# A worker's query fails on the server.
run "$DBDUMP" -j 3 --tmpdir="$spool" --where='t5:1 / (id - 4000) > -1' jobs
check_status "$status" 1 "-j 3 fails with status 1 when a worker's query fails"
check_eq "$(wc -l <"$D/err" | tr -d ' ')" 1 "a failing worker's error is one line"
check_contains "$err" 'dbdump: could not read table "public.t5": division by zero' "a failing worker names the table and the server's error"
check_not_contains "$out" "$TRAILER" "a failed -j 3 dump has no trailer"
empty_dir "$spool" "no spool file is left after a worker fails"

run "$DBDUMP" -j 3 --tmpdir="$D/no/such/dir" jobs
check_status "$status" 1 "-j 3 with a --tmpdir that does not exist fails with status 1"
check_contains "$err" "dbdump: could not create a spool file in \"$D/no/such/dir\"" "a missing --tmpdir is named"

# Killed while a spool is being written: with no --tmpdir, spools go to
# $TMPDIR; t6 is slowed down so that its spool exists for a while.
envtmp=$D/envtmp
mkdir "$envtmp"
TMPDIR=$envtmp "$DBDUMP" -j 3 --where='t6:(id % 1000 <> 0 OR pg_sleep(1) IS NOT NULL)' jobs \
	</dev/null >"$D/killed.sql" 2>"$D/killed.err" &
pid=$!
for _ in $(seq 100); do
	[ -n "$(ls -A "$envtmp")" ] && break
	sleep 0.1
done
if [ -n "$(ls -A "$envtmp")" ]; then
	ok "-j 3 without --tmpdir spools to \$TMPDIR"
else
	fail "-j 3 without --tmpdir spools to \$TMPDIR" "nothing appeared in $envtmp"
fi
kill -TERM "$pid"
wait "$pid"
status=$?
if [ "$status" -ne 0 ]; then
	ok "a dump killed with SIGTERM exits non-zero ($status)"
else
	fail "a dump killed with SIGTERM exits non-zero"
fi
empty_dir "$envtmp" "no spool file is left after SIGTERM"
check_not_contains "$(cat "$D/killed.sql")" "$TRAILER" "a killed dump has no trailer"

# ------------------------------------------------------------ zstd

dump "$D/jobs.zst" -Z zstd jobs
if zstd -q -d -c "$D/jobs.zst" >"$D/jobs.unzst.sql" 2>"$D/zstd.err"; then
	ok "-Z zstd output decompresses with zstd -d"
else
	fail "-Z zstd output decompresses with zstd -d" "$(cat "$D/zstd.err")"
fi
same_dump "$D/jobs.both.j1.sql" "$D/jobs.unzst.sql" "-Z zstd output decompresses to the uncompressed dump"
newdb jobs_zstd
restore jobs_zstd "$D/jobs.unzst.sql"
compare_db jobs jobs_zstd

dump "$D/jobs.z19.zst" -Z zstd:19 --compress-threads=2 -j 3 jobs
zstd -q -d -c "$D/jobs.z19.zst" >"$D/jobs.z19.sql" 2>/dev/null
same_dump "$D/jobs.both.j1.sql" "$D/jobs.z19.sql" "-Z zstd:19 --compress-threads=2 -j 3 decompresses to the same dump"

run "$DBDUMP" -f "$D/auto.sql.zst" jobs
check_status "$status" 0 "-f FILE.sql.zst succeeds"
check_eq "$(head -c 4 "$D/auto.sql.zst" | od -An -tx1 | tr -d ' \n')" 28b52ffd "-f FILE.sql.zst is compressed by itself (zstd magic number)"
zstd -q -d -c "$D/auto.sql.zst" >"$D/auto.sql" 2>/dev/null
same_dump "$D/jobs.both.j1.sql" "$D/auto.sql" "-f FILE.sql.zst decompresses to the same dump"
run "$DBDUMP" -f "$D/plain.sql" jobs
same_dump "$D/jobs.both.j1.sql" "$D/plain.sql" "-f FILE.sql is not compressed"

if command -v script >/dev/null 2>&1; then
	# script gives dbdump a terminal as stdout.
	run script -qec "'$DBDUMP' -Z zstd jobs" /dev/null
	check_status "$status" 2 "-Z zstd to a terminal is refused with status 2"
	check_contains "$out" "dbdump: refusing to write compressed output to a terminal" "-Z zstd to a terminal says why"
	check_not_contains "$out" "INSERT" "-Z zstd to a terminal writes no dump"
	run script -qec "'$DBDUMP' -Z zstd -f '$D/tty.sql.zst' jobs" /dev/null
	check_status "$status" 0 "-Z zstd -f FILE from a terminal is fine"
	zstd -q -d -c "$D/tty.sql.zst" >"$D/tty.sql" 2>/dev/null
	same_dump "$D/jobs.both.j1.sql" "$D/tty.sql" "-Z zstd -f FILE from a terminal writes the dump"
else
	echo "# script(1) is not installed: the terminal checks are skipped"
fi

# ------------------------------------------------------------ --progress and -v

# t6 takes about 2.4 s (6 pauses of 0.4 s), so progress has time to speak:
# once a second when stderr is not a terminal.
slow='t6:(id % 1000 <> 0 OR pg_sleep(0.4) IS NOT NULL)'
run "$DBDUMP" --where="$slow" jobs
cp "$D/out" "$D/slow.sql"
check_status "$status" 0 "a slow dump without --progress succeeds"
check_eq "$err" "" "without --progress nothing is printed on stderr"
run "$DBDUMP" --progress --where="$slow" jobs
check_status "$status" 0 "--progress succeeds"
same_dump "$D/slow.sql" "$D/out" "--progress leaves stdout the same bytes"
check_contains "$err" "dbdump: t6: " "--progress reports the table being dumped on stderr"
check_contains "$err" " rows" "--progress reports rows on stderr"
check_contains "$err" " written" "--progress reports bytes written on stderr"
check_not_contains "$err" "INSERT" "--progress writes no dump text on stderr"
run "$DBDUMP" --progress -j 3 --where="$slow" jobs
check_status "$status" 0 "--progress -j 3 succeeds"
same_dump "$D/slow.sql" "$D/out" "--progress -j 3 leaves stdout the same bytes"

# -v: one line per table when it is done, with rows, bytes and seconds.
check_table_lines() {
	local label=$1 t rows line
	for t in t1 t2 t3 t4 t5 t6 empty_one; do
		case $t in
		empty_one) rows=0 ;;
		*) rows=$((${t#t} * 1000)) ;;
		esac
		line=$(grep -E "^dbdump: table \"public\\.$t\": " "$D/err")
		if [ "$(printf '%s\n' "$line" | grep -c .)" -eq 1 ] &&
			[[ $line =~ ^dbdump:\ table\ \"public\.$t\":\ $rows\ rows,\ [0-9.]+\ (B|kB|MB),\ [0-9]+\.[0-9][0-9]\ s$ ]]; then
			ok "$label: one line for $t with $rows rows, bytes and seconds"
		else
			fail "$label: one line for $t with $rows rows, bytes and seconds" "got: $line"
		fi
	done
}
run "$DBDUMP" -v jobs
check_status "$status" 0 "-v succeeds"
check_table_lines "-v"
run "$DBDUMP" -v -j 3 jobs
check_status "$status" 0 "-v -j 3 succeeds"
check_table_lines "-v -j 3"
check_contains "$err" "reading table data over 3 connections" "-v -j 3 says how many connections read"
check_contains "$err" "spooled" "-v -j 3 reports the spool disk use"
same_dump "$D/jobs.both.j1.sql" "$D/out" "-v -j 3 leaves stdout the same bytes"

# ------------------------------------------------------------ big tables in pieces

# A table is read in pieces when its catalog size passes 4096 blocks (32 MB).
# Rather than load such tables, the test claims that size for small ones:
# as the superuser it runs as, it sets pg_class.relpages to 5 * 4096 + 1 (six
# pieces) right before each dump. Autovacuum is off on these tables so that
# nothing puts the real size back in between.
newdb pieces
q pieces <<'EOF' >/dev/null
-- Stored near key order (one row in ten of by_key 500 rows late, by_two
-- sorted on a only, two rows of wide_keys swapped): on PostgreSQL 14 and
-- later read in ctid ranges like every big table, the rows in physical
-- order; before 14 in key ranges, in key order.
CREATE TABLE by_key (id bigint PRIMARY KEY, v text) WITH (autovacuum_enabled = false);
INSERT INTO by_key SELECT g, 'v' || g FROM generate_series(1, 3000) AS g
	ORDER BY g + CASE WHEN g % 10 = 0 THEN 500 ELSE 0 END;
CREATE TABLE by_two (a integer, b text, v integer, PRIMARY KEY (a, b)) WITH (autovacuum_enabled = false);
INSERT INTO by_two SELECT g % 50, md5(g::text), g FROM generate_series(1, 2000) AS g ORDER BY g % 50, md5(g::text) DESC;
CREATE TABLE wide_keys (k bigint PRIMARY KEY) WITH (autovacuum_enabled = false);
INSERT INTO wide_keys VALUES (-9223372036854775808), (-4611686018427387904), (-1), (0), (1),
	(9223372036854775807), (4611686018427387904);
-- Stored in a shuffled order (correlation near 0), with statistics and
-- without (their rows deleted below): ctid ranges too.
CREATE TABLE nostats (id bigint PRIMARY KEY, v text) WITH (autovacuum_enabled = false);
INSERT INTO nostats SELECT g, 'v' || g FROM generate_series(1, 3000) AS g ORDER BY md5(g::text);
CREATE TABLE shuffled (id bigint PRIMARY KEY, v text) WITH (autovacuum_enabled = false);
INSERT INTO shuffled SELECT g, 'v' || g FROM generate_series(1, 3000) AS g ORDER BY md5(g::text);
CREATE TABLE by_ctid (name text PRIMARY KEY, n integer) WITH (autovacuum_enabled = false);
INSERT INTO by_ctid SELECT md5(g::text), g FROM generate_series(1, 2000) AS g;
CREATE TABLE no_rows (id integer PRIMARY KEY) WITH (autovacuum_enabled = false);
-- One row a block (fillfactor 10, 900-byte rows) over 4,500 blocks: the
-- only table whose rows lie in more than one ctid piece (0 and 1).
CREATE TABLE spread (id integer, pad text) WITH (fillfactor = 10, autovacuum_enabled = false);
INSERT INTO spread SELECT g, repeat('x', 900) FROM generate_series(1, 4500) AS g;
VACUUM ANALYZE;
DELETE FROM pg_catalog.pg_statistic WHERE starelid = 'nostats'::pg_catalog.regclass;
EOF
claim_big() {
	q pieces "UPDATE pg_catalog.pg_class SET relpages = 5 * 4096 + 1
	           WHERE relnamespace = 'public'::pg_catalog.regnamespace
	             AND relname IN ('by_key', 'by_two', 'wide_keys', 'by_ctid', 'no_rows', 'shuffled', 'nostats', 'spread')" >/dev/null
}
claim_big
# 1000 rows a statement, fewer than spread's first piece holds (4,096): its
# fifth statement starts in its first piece and ends in its second.
dump "$D/pieces.j1.sql" -vv -j 1 --rows-per-insert=1000 pieces
cp "$D/dump.err" "$D/pieces.j1.err"
# phys_ids TABLE: the table's first column, in physical order.
phys_ids() {
	q pieces "SELECT * FROM $1 ORDER BY ctid" | cut -d'|' -f1 | xargs
}
# dumped_ids FILE TABLE: the first column of the table's rows in the dump, in
# the dump's order (a bigint key is a string literal: '42'). A statement's
# rows share a line: "),(" between them becomes "),\n(" to count them.
dumped_ids() {
	sed -n "/^INSERT INTO public.$2 /,/^\$/p" "$1" | grep -v '^-- ' | sed 's/),(/),\n(/g' | grep -o "^(\\?'\\?-\\?[0-9]*" | tr -d "('" | xargs
}
if [ "$PG_SERVER_MAJOR" -ge 14 ]; then
	# One connection reads a table in ctid pieces in one sequential scan
	# (a TID range scan a piece would read the table through the server's
	# shared buffers, see doc/PERFORMANCE.md run 9), a plain COPY of the
	# table, since statements do not depend on pieces (run 16); parallel
	# jobs read the pieces by ctid ranges. Every big table is read so,
	# whatever its key and its statistics (run 12).
	check_contains "$(cat "$D/pieces.j1.err")" "statement: COPY public.by_ctid (name, n) TO STDOUT" \
		"no integer primary key, one job: the ctid pieces in one plain COPY of the table"
	check_not_contains "$(grep 'statement: COPY' "$D/pieces.j1.err")" "::pg_catalog.tid" "one job: no ctid range in any COPY"
	for t in by_key:id,\ v by_two:a,\ b,\ v wide_keys:k shuffled:id,\ v nostats:id,\ v; do
		check_contains "$(cat "$D/pieces.j1.err")" "statement: COPY public.${t%%:*} (${t#*:}) TO STDOUT" \
			"an integer primary key (${t%%:*}), one job: the ctid pieces in one plain COPY"
	done
	check_not_contains "$(cat "$D/pieces.j1.err")" "pg_catalog.min(" \
		"no key range is read: neither the key nor the statistics decide how a table is read"
	check_not_contains "$(grep 'statement: COPY' "$D/pieces.j1.err")" "ORDER BY" "no table is read in key order"
	check_eq "$(q pieces "SELECT pg_catalog.abs(correlation) >= 0.9 FROM pg_catalog.pg_stats
	                       WHERE tablename = 'by_key' AND attname = 'id'")" t \
		"by_key's statistics say it is stored near key order"
	check_eq "$(q pieces "SELECT pg_catalog.abs(correlation) < 0.5 FROM pg_catalog.pg_stats
	                       WHERE tablename = 'shuffled' AND attname = 'id'")" t \
		"the shuffled table's statistics say it is stored out of key order"
	check_eq "$(q pieces "SELECT count(*) FROM pg_catalog.pg_stats WHERE tablename = 'nostats'")" 0 \
		"nostats has no statistics"
	for t in by_key wide_keys shuffled nostats; do
		check_eq "$(dumped_ids "$D/pieces.j1.sql" $t)" "$(phys_ids $t)" \
			"$t comes out in physical order, every row"
	done
	# by_key's physical order: 1 to 9, 11 to 19, ..., 509, 10, 511, ...: 2,749
	# of its 2,999 neighbouring pairs ascend (key order: all of them).
	check_eq "$(dumped_ids "$D/pieces.j1.sql" by_key | tr ' ' '\n' | awk 'NR > 1 && $1 > p { up++ } { p = $1 } END { print up }')" \
		2749 "by_key, stored near key order, comes out nearly in key order: its physical order"
	check_eq "$(grep -c 'table "public.by_key" (6 parts in one scan): 3000 rows' "$D/pieces.j1.err")" 1 \
		"-v has one line for a table read in one scan, with its number of pieces"
	check_eq "$(grep -c '^INSERT INTO public.by_key ' "$D/pieces.j1.sql")" 3 \
		"by_key's 3,000 rows lie in its first ctid piece: 3 INSERTs of 1000"
	check_eq "$(q pieces "SELECT count(*) FROM spread WHERE ctid < '(4096,0)'")" 4096 \
		"spread: 4,096 rows in the first ctid piece, 404 in the second"
	# Statements are cut by the rows alone: the 4,500 rows of spread, 4,096
	# in its first piece and 404 in its second, make 4 INSERTs of 1000 and
	# one of 500, whose first 96 rows lie in the first piece, with one job
	# as with several (each job writes its piece's rows bare, the writer
	# joins them; before run 16 each piece ended its own INSERT: 6 of them).
	for jobs in 1 3; do
		[ $jobs = 3 ] && { claim_big; dump "$D/pieces.j3.sql" -j 3 --rows-per-insert=1000 pieces; }
		check_eq "$(grep -c '^INSERT INTO public.spread ' "$D/pieces.j$jobs.sql")" 5 \
			"-j $jobs: an INSERT runs on over the end of a piece (4,500 rows: 5 INSERTs)"
		check_eq "$(sed -n '/^INSERT INTO public.spread /,/^$/p' "$D/pieces.j$jobs.sql" |
			sed 's/),(/),\n(/g' | awk '/^INSERT/ { if (n) printf "%d ", n; n = 0; next } /^\(/ { n++ } END { print n }')" \
			"1000 1000 1000 1000 500" "-j $jobs: spread's statements hold 1000 rows but the last"
	done
	claim_big
	run "$DBDUMP" -vv -j 2 --dump-mode=data --rows-per-insert=1000 pieces by_ctid shuffled by_key spread
	check_status "$status" 0 "-j 2 on tables in ctid pieces succeeds"
	check_contains "$err" \
		"FROM ONLY public.by_ctid WHERE ctid >= '(4096,0)'::pg_catalog.tid AND ctid < '(8192,0)'::pg_catalog.tid) TO STDOUT" \
		"no integer primary key, parallel jobs: pieces are ctid ranges"
	check_contains "$err" \
		"FROM ONLY public.shuffled WHERE ctid >= '(4096,0)'::pg_catalog.tid AND ctid < '(8192,0)'::pg_catalog.tid) TO STDOUT" \
		"a table stored far from key order, parallel jobs: pieces are ctid ranges"
	check_contains "$err" \
		"FROM ONLY public.by_key WHERE ctid >= '(4096,0)'::pg_catalog.tid AND ctid < '(8192,0)'::pg_catalog.tid) TO STDOUT" \
		"a table stored near key order, parallel jobs: pieces are ctid ranges"
	check_contains "$(cat "$D/pieces.j1.err")" "statement: COPY public.no_rows (id) TO STDOUT" \
		"an empty table the catalog calls big: one scan as well (the catalog alone decides)"
	check_eq "$(grep -c '^INSERT INTO public.no_rows ' "$D/pieces.j1.sql")" 0 "the empty table: no INSERT"
	check_contains "$(cat "$D/pieces.j1.sql")" "-- dbdump: table public.no_rows rows 0 " "the empty table: its manifest line, 0 rows"
	# --where and pieces: the condition and the range together.
	claim_big
	run "$DBDUMP" -vv -j 2 --dump-mode=data --where 'by_key:id % 3 = 0' pieces by_key
	check_status "$status" 0 "--where on a table in pieces succeeds"
	check_contains "$err" "FROM ONLY public.by_key WHERE (id % 3 = 0) AND ctid >= '(4096,0)'::pg_catalog.tid AND ctid < '(8192,0)'::pg_catalog.tid)" \
		"--where is ANDed with each piece's ctid range"
	check_eq "$(sed -n '/^INSERT INTO public.by_key /,/^$/p' "$D/out" | sed 's/),(/),\n(/g' | grep -c '^(')" 1000 \
		"--where on a table in pieces: exactly the rows the condition selects"
	claim_big
	run "$DBDUMP" -vv -j 1 --dump-mode=data --where 'by_key:id % 3 = 0' pieces by_key
	check_contains "$err" "FROM ONLY public.by_key WHERE (id % 3 = 0)) TO STDOUT" \
		"--where, one job: the condition on the one scan"
	check_eq "$(sed -n '/^INSERT INTO public.by_key /,/^$/p' "$D/out" | sed 's/),(/),\n(/g' | grep -c '^(')" 1000 \
		"--where, one job: exactly the rows the condition selects"
else
	# Before 14 (no TID Range Scan): key ranges, in key order.
	check_contains "$(cat "$D/pieces.j1.err")" \
		"COPY (SELECT id, v FROM ONLY public.by_key WHERE id >= 500 AND id < 1000 ORDER BY id) TO STDOUT" \
		"an integer primary key: pieces are key ranges cut evenly between its min and max, read in key order"
	check_contains "$(cat "$D/pieces.j1.err")" \
		"COPY (SELECT id, v FROM ONLY public.by_key WHERE id < 500 ORDER BY id) TO STDOUT" \
		"the first key range is open below"
	check_contains "$(cat "$D/pieces.j1.err")" \
		"COPY (SELECT id, v FROM ONLY public.by_key WHERE id >= 2500 ORDER BY id) TO STDOUT" \
		"the last key range is open above"
	check_contains "$(cat "$D/pieces.j1.err")" "WHERE a >= 8 AND a < 16 ORDER BY a, b) TO STDOUT" \
		"a primary key led by an integer: ranges of its first column, ordered by the whole key"
	check_eq "$(grep -c 'table "public.by_key" part [1-6] of 6: ' "$D/pieces.j1.err")" 6 "-v has one line per piece"
	check_eq "$(dumped_ids "$D/pieces.j1.sql" by_key | tr ' ' '\n' | LC_ALL=C sort -n -c 2>&1 && echo sorted)" sorted \
		"a table read by key ranges comes out in key order"
	check_eq "$(grep -c '^INSERT INTO public.by_key ' "$D/pieces.j1.sql")" 3 \
		"statements run on over the ends of the six pieces: 3,000 rows, 3 INSERTs of 1000"
	check_eq "$(dumped_ids "$D/pieces.j1.sql" wide_keys)" \
		"-9223372036854775808 -4611686018427387904 -1 0 1 4611686018427387904 9223372036854775807" \
		"keys from the least to the greatest bigint: no overflow, every row, in key order"
fi
for jobs in 2 3 4 7; do
	claim_big
	dump "$D/pieces.j$jobs.sql" -j $jobs --rows-per-insert=1000 pieces
	same_dump "$D/pieces.j1.sql" "$D/pieces.j$jobs.sql" "-j $jobs writes the same bytes as -j 1 with tables in pieces"
done
newdb pieces_copy
restore pieces_copy "$D/pieces.j3.sql"
compare_db pieces pieces_copy

# Statements cut by bytes as well as rows, and huge values (read in slices
# with DBDUMP_TEST_BIGVAL, one bigger than the 1 MiB the writer reads a
# joined spool by) in rows on both sides of spread's piece boundary: every
# -j writes the bytes of the table read whole, huge values read whole too.
q pieces "UPDATE spread SET pad = (SELECT string_agg(md5(id::text || k::text), '''') FROM generate_series(1,
           CASE WHEN id = 4102 THEN 45000 ELSE 100 + id % 50 END) AS k) WHERE id BETWEEN 4000 AND 4200 AND id % 7 = 0" >/dev/null
q pieces "VACUUM ANALYZE spread" >/dev/null
check_eq "$(q pieces "SELECT count(*) FILTER (WHERE ctid < '(4096,0)') > 0 AND count(*) FILTER (WHERE ctid >= '(4096,0)') > 0
                       FROM spread WHERE length(pad) > 1000")" t "spread has huge values in both of its pieces"
dump "$D/pieces.whole.sql" -j 1 --rows-per-insert=7 --max-insert-bytes=20000 --dump-mode=data pieces spread
for jobs in 1 2 4; do
	claim_big
	DBDUMP_TEST_BIGVAL=2000,1000 dump "$D/pieces.bv.j$jobs.sql" -v -j $jobs --rows-per-insert=7 \
		--max-insert-bytes=20000 --dump-mode=data pieces spread
	check_eq "$(grep -o 'spread": [0-9]* values read in slices' "$D/dump.err" | grep -o '[0-9]*' | paste -sd+ | bc)" 29 \
		"-j $jobs: the 29 huge values are read in slices"
	same_dump "$D/pieces.whole.sql" "$D/pieces.bv.j$jobs.sql" \
		"-j $jobs, huge values read in slices, 7 rows or 20,000 bytes a statement: the bytes of the table read whole"
done

# ------------------------------------------------------------ multi-host strings

# One server reached two ways (its socket and 127.0.0.1): the jobs spread
# over both addresses, and the bytes do not change.
two_ways="host=$PG_SOCKDIR,127.0.0.1 port=$PG_PORT dbname=jobs"
run "$DBDUMP" -v -j 3 "$two_ways"
check_status "$status" 0 "-j 3 with host=SOCKET,127.0.0.1 succeeds"
same_dump "$D/jobs.both.j1.sql" "$D/out" "-j 3 over two addresses of one server writes the same bytes as -j 1"
check_contains "$err" "parallel job 1 reads from 127.0.0.1 port $PG_PORT" "job 1 goes to the second host of the list"
check_contains "$err" "parallel job 2 reads from $PG_SOCKDIR port $PG_PORT" "job 2 goes to the first host of the list"
check_contains "$err" "parallel job 3 reads from 127.0.0.1 port $PG_PORT" "job 3 goes round to the second host again"

# Two servers, each with a database "jobs" but other rows: a snapshot lives
# on one server, so the jobs the list sends to the second one come back to
# the first, and the dump is the first server's.
second_server
PGHOST=$PG2_SOCKDIR PGPORT=$PG2_PORT "$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres \
	-c 'CREATE DATABASE jobs' -c '\connect jobs' \
	-c 'CREATE TABLE t1 (id integer PRIMARY KEY, name text, qty numeric, note text)' \
	-c "INSERT INTO t1 VALUES (1, 'from the second server', 0, NULL)" >/dev/null 2>&1 ||
	fail "the second server got its database"
two_servers="host=$PG_SOCKDIR,$PG2_SOCKDIR port=$PG_PORT,$PG2_PORT dbname=jobs"
run "$DBDUMP" -v -j 3 "$two_servers"
check_status "$status" 0 "-j 3 with a two-server list succeeds"
same_dump "$D/jobs.both.j1.sql" "$D/out" "-j 3 over a two-server list dumps the first server's snapshot, byte for byte"
check_not_contains "$out" "from the second server" "no row of the second server is in the dump"
check_contains "$err" "parallel job 1 reached another server ($PG2_SOCKDIR): moving it to $PG_SOCKDIR" \
	"-v says which job reached another server and where it went"
check_contains "$err" "parallel job 2 reads from $PG_SOCKDIR port $PG_PORT" "job 2 stays on the first server"
# The list's first server down: main and jobs all fail over to the second.
pgctl stop -m fast -w >/dev/null 2>&1
run "$DBDUMP" -j 2 "$two_servers"
check_status "$status" 0 "-j 2 fails over to the second server when the first is down"
check_contains "$out" "from the second server" "the dump is then the second server's"
check_eq "$(grep -c '^INSERT INTO public.t1 ' "$D/out")" 1 "one INSERT for the second server's one row"

done_testing
