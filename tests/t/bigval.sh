# Integration tests of huge values read in slices (src/bigval.c): with the
# threshold lowered (DBDUMP_TEST_BIGVAL, test-only) the dump must be the very
# bytes of the usual path, for every kind of value, -j, mode and -Z, and
# restore to the same rows.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/bigval.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP
# Values over 100,000 bytes of text take the slice path, in slices of 7,777
# bytes: an odd size, so slices cut multi-byte characters, doubled quotes
# and hex digits' bytes anywhere.
SMALL='100000,7777'

newdb bv
q bv <<'EOF' >/dev/null
CREATE TABLE kinds (
	id integer PRIMARY KEY,
	t text, b bytea, j json, jb jsonb, vc varchar(400000), arr text[], ch char(120000),
	x xml, "Big Col" text, n numeric, g text GENERATED ALWAYS AS (left(t, 3)) STORED);
-- every kind big in one row, some compressed (repeats) and some not (md5s)
INSERT INTO kinds (id, t, b, j, jb, vc, arr, ch, x, "Big Col", n)
SELECT 1,
       repeat(E'é€😀 quote''s \\ back\tslash\n', 6000),
       decode(string_agg(md5(g::text), ''), 'hex'),
       ('{"k": "' || string_agg(md5(g::text) || E'\\"''', '') || '"}')::json,
       jsonb_build_object('a', array_agg(md5(g::text) || E'''\\'))::jsonb,
       string_agg(md5(g::text) || '''', ''),
       array_agg(md5(g::text) || E'"\\''{},'),
       'padded',
       ('<doc>' || repeat('<a>x&amp;y''</a>', 9000) || '</doc>')::xml,
       repeat('Z''', 60000),
       1.5
  FROM generate_series(1, 9000) g;
-- NULLs, small values, then big values in consecutive rows, then a row
-- with two big values, then small rows that fill statements
INSERT INTO kinds (id, t) VALUES (2, NULL), (3, 'small ''quoted'' \ value');
INSERT INTO kinds (id, t) SELECT 3 + i, repeat(E'\u00e9' || i || '''', 40000) FROM generate_series(1, 3) i;
INSERT INTO kinds (id, t, b) SELECT 7, repeat('two', 50000), decode(repeat('00ff27', 70000), 'hex');
INSERT INTO kinds (id, t, n) SELECT g, md5(g::text) || '''', g FROM generate_series(8, 400) g;
INSERT INTO kinds (id, t) VALUES (401, repeat('last', 30000));
-- a table big enough to be read in pieces (over 32 MiB), with no key (ctid
-- pieces) and with one (key ranges), big values here and there
CREATE TABLE pieces (id integer, pad text, v text);
ALTER TABLE pieces ALTER pad SET STORAGE PLAIN;
INSERT INTO pieces SELECT g, repeat('p', 90), NULL FROM generate_series(1, 330000) g;
UPDATE pieces SET v = (SELECT string_agg(md5(id::text || k::text), '''') FROM generate_series(1, 4000) k) WHERE id IN (1, 2, 150000, 329999, 330000);
CREATE TABLE keyed (LIKE pieces);
INSERT INTO keyed SELECT * FROM pieces ORDER BY id;
ALTER TABLE keyed ADD PRIMARY KEY (id);
EOF

# dump FILE ENV ARG...: DBDUMP_TEST_BIGVAL=ENV dbdump ARG... > FILE, which must
# succeed with a complete dump; -v's lines in $D/dump.err.
dump() {
	local file=$1 env=$2 rc last
	shift 2
	DBDUMP_TEST_BIGVAL=$env "$DBDUMP" -v "$@" </dev/null >"$file" 2>"$D/dump.err"
	rc=$?
	if [[ $file == *.zst ]]; then
		last=$(zstd -q -d -c "$file" | tail -n 1)
	else
		last=$(tail -n 1 "$file")
	fi
	if [ $rc -eq 0 ] && [ "$last" == "$TRAILER" ]; then
		ok "dbdump $* (threshold ${env:-default}) succeeds"
	else
		fail "dbdump $* (threshold ${env:-default}) succeeds" "status $rc: $(head -c 2000 "$D/dump.err")"
	fi
}

# sliced LABEL: the last dump read kinds' 15 big values (every kind of column,
# several in a row, in consecutive rows) and some of pieces' and keyed's in
# slices.
sliced() {
	check_contains "$(cat "$D/dump.err")" 'table "public.kinds": 15 values read in slices' "$1: kinds' values in slices"
	for t in pieces keyed; do
		if grep -q "^dbdump: table \"public.$t\".*: [0-9]* values read in slices" "$D/dump.err"; then
			ok "$1: $t's values in slices"
		else
			fail "$1: $t's values in slices" "$(cat "$D/dump.err")"
		fi
	done
}

for mode in data both; do
	dump "$D/usual_$mode.sql" "" --dump-mode=$mode bv
	check_not_contains "$(cat "$D/dump.err")" "values read in slices" "no value reaches the default threshold ($mode)"
	for j in 1 3; do
		dump "$D/sliced_${mode}_j$j.sql" "$SMALL" --dump-mode=$mode -j $j bv
		sliced "--dump-mode=$mode -j $j"
		same_dump "$D/usual_$mode.sql" "$D/sliced_${mode}_j$j.sql" "sliced: the usual bytes, --dump-mode=$mode -j $j"
	done
done

# Small slices and one slice a value; a table alone
dump "$D/sliced_1.sql" "100000,1001" --dump-mode=data bv kinds
dump "$D/usual_kinds.sql" "" --dump-mode=data bv kinds
same_dump "$D/usual_kinds.sql" "$D/sliced_1.sql" "sliced: slices of 1,001 bytes give the usual bytes"
dump "$D/sliced_big.sql" "100000,100000000" --dump-mode=data bv kinds
same_dump "$D/usual_kinds.sql" "$D/sliced_big.sql" "sliced: one slice a value gives the usual bytes"

# Statements capped near the values' size: where a row goes depends on its
# exact length, so the values are gathered whole; and small batches
for opts in "--max-insert-bytes=300000" "--rows-per-insert=3" "--rows-per-insert=1 --on-conflict-do-nothing"; do
	# shellcheck disable=SC2086
	dump "$D/usual_o.sql" "" --dump-mode=data $opts bv kinds
	# shellcheck disable=SC2086
	dump "$D/sliced_o.sql" "$SMALL" --dump-mode=data $opts bv kinds
	same_dump "$D/usual_o.sql" "$D/sliced_o.sql" "sliced: the usual bytes with $opts"
done

# -Z zstd
dump "$D/sliced.sql.zst" "$SMALL" --dump-mode=data -Z zstd bv
if cmp -s <(zstd -q -d -c "$D/sliced.sql.zst" | grep -v '^-- dbdump: file \|^-- snapshot') \
	<(grep -v '^-- dbdump: file \|^-- snapshot' "$D/usual_data.sql"); then
	ok "sliced, -Z zstd: the usual bytes once decompressed"
else
	fail "sliced, -Z zstd: the usual bytes once decompressed"
fi

# The manifest agrees, and the rows come back
run "$DBDUMP" --verify "$D/sliced_both_j3.sql"
check_status "$status" 0 "--verify accepts the sliced dump"
newdb bv_copy
restore bv_copy "$D/sliced_both_j1.sql"
compare_db bv bv_copy

# No second connection (a role limited to one): the usual path, same bytes
q bv "CREATE ROLE solo LOGIN CONNECTION LIMIT 1; GRANT SELECT ON ALL TABLES IN SCHEMA public TO solo" >/dev/null
dump "$D/usual_solo.sql" "" --dump-mode=data -U solo bv kinds
dump "$D/solo.sql" "$SMALL" --dump-mode=data -U solo bv kinds
check_contains "$(cat "$D/dump.err")" "could not open a second connection for big values" \
	"one connection only: says so at -v"
same_dump "$D/usual_solo.sql" "$D/solo.sql" "one connection only: the usual bytes"

# A slice that cannot be read fails the dump: no output file, status 1
q bv "CREATE ROLE reader LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader;
      REVOKE EXECUTE ON FUNCTION pg_catalog.jsonb_out(jsonb) FROM PUBLIC" >/dev/null
DBDUMP_TEST_BIGVAL=$SMALL "$DBDUMP" --dump-mode=data -U reader -f "$D/failed.sql" bv kinds </dev/null \
	>/dev/null 2>"$D/failed.err"
check_status "$?" 1 "a slice that fails: status 1"
check_contains "$(cat "$D/failed.err")" 'dbdump: could not read a big value of column jb of table "public.kinds": ' \
	"a slice that fails: one line naming the column"
if [ -e "$D/failed.sql" ]; then
	fail "a slice that fails: no dump file"
else
	ok "a slice that fails: no dump file"
fi
q bv "GRANT EXECUTE ON FUNCTION pg_catalog.jsonb_out(jsonb) TO PUBLIC" >/dev/null

# Which tables pay for the per-row check (doc/PERFORMANCE.md, run 14), at a
# threshold of 3,000,000 bytes (the TOAST bound holds from 256 blocks): not
# one whose TOAST relation, however big, holds no value that can be over it
# (toasty: 300 md5 texts of 8 kB and one of 400 kB, uncompressed, 2.8 MB),
# nor one whose only long column is a varchar(n) that cannot reach it (vc,
# at 100,000); comp (3.3 MB of repeats, pglz-compressed to 40 kB, its size
# in its first chunk) does, and so does ext (3.2 MB stored uncompressed,
# STORAGE EXTERNAL). A role that may not read TOAST relations keeps
# the check, and the bytes are the same either way.
newdb tv
q tv <<'EOF' >/dev/null
CREATE TABLE toasty (id integer, v text);
INSERT INTO toasty SELECT g, (SELECT string_agg(md5(g || ':' || k), '') FROM generate_series(1, CASE WHEN g = 7 THEN 12500 ELSE 250 END) k)
  FROM generate_series(1, 300) g;
CREATE TABLE comp (id integer, v text);
INSERT INTO comp VALUES (1, repeat('abc', 1100000));
CREATE TABLE ext (id integer, v text);
ALTER TABLE ext ALTER v SET STORAGE EXTERNAL;
INSERT INTO ext SELECT 1, string_agg(md5(k::text), '') FROM generate_series(1, 100000) k;
CREATE TABLE vc (id integer, v varchar(20000));
INSERT INTO vc SELECT g, (SELECT string_agg(md5(g || '/' || k), '') FROM generate_series(1, 600) k)
  FROM generate_series(1, 20) g;
CREATE ROLE plain LOGIN;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO plain;
EOF
MID=3000000
dump "$D/tv.sql" "$MID" --dump-mode=data tv toasty comp
check_contains "$(cat "$D/dump.err")" "dbdump: 1 tables may hold values over 3000000 bytes" \
	"a TOAST relation holding no value that can be big: no check"
check_contains "$(cat "$D/dump.err")" 'table "public.comp": 1 values read in slices' \
	"a compressed value over the threshold: read in slices"
dump "$D/tv_ext.sql" "$MID" --dump-mode=data tv ext
check_contains "$(cat "$D/dump.err")" 'table "public.ext": 1 values read in slices' \
	"an uncompressed value over the threshold: read in slices"
dump "$D/tv_ext_usual.sql" "" --dump-mode=data tv ext
same_dump "$D/tv_ext_usual.sql" "$D/tv_ext.sql" "an uncompressed value in slices: the usual bytes"
dump "$D/tv_plain.sql" "$MID" --dump-mode=data -U plain tv toasty comp
check_contains "$(cat "$D/dump.err")" "dbdump: 2 tables may hold values over 3000000 bytes" \
	"a role that may not read TOAST relations: the check on both"
dump "$D/tv_usual.sql" "" --dump-mode=data tv toasty comp
same_dump "$D/tv_usual.sql" "$D/tv.sql" "the TOAST bound: the usual bytes"
same_dump "$D/tv_usual.sql" "$D/tv_plain.sql" "the check on both: the usual bytes"
dump "$D/tv_vc.sql" "100000" --dump-mode=data tv vc
check_not_contains "$(cat "$D/dump.err")" "tables may hold values" "varchar(n) that cannot reach the threshold: no check"
dump "$D/tv_vc_usual.sql" "" --dump-mode=data tv vc
same_dump "$D/tv_vc_usual.sql" "$D/tv_vc.sql" "varchar(n): the usual bytes"

done_testing
