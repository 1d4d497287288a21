#!/bin/bash
# The cost of the manifest (issue 15), and the speed of --verify. Run by
# hand, never by make check.
#
# Builds a second dbdump from this tree with the digests taken out (a copy
# of the tree in a temporary directory in which manifest.c's row digests and
# sink.c's file digest do nothing; everything else, the manifest lines
# included, is the same), starts a throwaway PostgreSQL server (through
# tests/t/lib.sh) with the benchmark's mixed-type table of ROWS rows, and:
#
# 1. times both binaries dumping it to a file, ROUNDS rounds, in alternating
#    order (A B, B A, ...), so that load from other users of the machine
#    falls on both alike; prints the median wall and client CPU (user+sys of
#    dbdump) time of each, the ratio of the medians and the median of the
#    rounds' paired ratios;
# 2. with --callgrind, counts both binaries' instructions on a 100,000-row
#    table with valgrind's callgrind (independent of load), and --verify's
#    instructions a byte of that dump;
# 3. times dbdump --verify on the plain dump, from the page cache, ROUNDS
#    rounds, and prints MB/s of dump text (median), in wall and CPU time.
#
# Usage: bench/manifest.sh [--rounds=N] [--rows=N] [--callgrind]
# Environment: DBDUMP (default: src/dbdump of this tree, which must be built).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=9
ROWS=1000000
CALLGRIND=
for arg in "$@"; do
	case $arg in
	--rounds=*) ROUNDS=${arg#*=} ;;
	--rows=*) ROWS=${arg#*=} ;;
	--callgrind) CALLGRIND=1 ;;
	-h | --help)
		sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "bench/manifest.sh: unknown option $arg (try --help)" >&2
		exit 2
		;;
	esac
done
DBDUMP=${DBDUMP:-$top/src/dbdump}
[ -x "$DBDUMP" ] || {
	echo "bench/manifest.sh: no dbdump binary at $DBDUMP (build first)" >&2
	exit 1
}

# shellcheck disable=SC2034 # read by lib.sh
LIB_MODE=server TOP_SRCDIR=$top PG_CONF_EXTRA="shared_buffers = 256MB"
# shellcheck source=../tests/t/lib.sh
source "$top/tests/t/lib.sh"
W=$TEST_TMP

log() { printf 'bench: %s\n' "$*" >&2; }

# ------------------------------------------------------------ the baseline
log "building a dbdump without digests in $W/base"
mkdir -p "$W/base"
(cd "$top" && tar --exclude=.git --exclude='tests/t/*.log' -cf - .) | (cd "$W/base" && tar -xf -)
(
	cd "$W/base" || exit 1
	# Row digests and the file digest become no-ops; the lines stay.
	perl -0pi -e 's/(void manifest_row_update\(manifest_row_t \*r, const void \*p, size_t n\)\n\{)[^}]*\}/$1\n\t(void)r; (void)p; (void)n;\n}/;
		s/(void manifest_row_begin\(manifest_row_t \*r\)\n\{)[^}]*\}/$1\n\t(void)r;\n}/;
		s/(void manifest_row_end\(manifest_row_t \*r, manifest_tally_t \*t\)\n\{)[^}]*\}/$1\n\t(void)r;\n\tt->rows++;\n}/;
		s/(void manifest_tally_add_text\(manifest_tally_t \*t, const void \*p, size_t n\)\n\{)[^}]*\}/$1\n\t(void)p; (void)n;\n\tt->rows++;\n}/' src/manifest.c
	perl -0pi -e 's/if \(s->digest\)\n\t\tXXH3_128bits_update/if (0)\n\t\tXXH3_128bits_update/' src/sink.c
	grep -q 'if (0)' src/sink.c && grep -q '(void)r; (void)p; (void)n;' src/manifest.c &&
		grep -q '^	(void)p; (void)n;$' src/manifest.c || exit 1
	make -s src/dbdump >/dev/null 2>&1
) || {
	log "could not build the baseline"
	exit 1
}
BASE=$W/base/src/dbdump
[ -x "$BASE" ] || exit 1

# ------------------------------------------------------------ the data
log "creating $ROWS rows"
newdb bench
q bench <<EOF >/dev/null
CREATE TABLE big (id bigint PRIMARY KEY, n integer, label text, amount numeric(14,2),
	score double precision, flag boolean, created timestamptz, tags text[], doc jsonb, payload bytea);
INSERT INTO big
SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE (g::bigint * 7919) % 1000003 END,
       'item ' || md5(g::text) || CASE WHEN g % 7 = 0 THEN E' it''s\\ttabbed' ELSE '' END,
       round(((g::bigint * 104729) % 100000000) / 100.0, 2), sin(g) * 1000, g % 3 = 0,
       timestamptz '2020-01-01 00:00:00+00' + g * interval '17 seconds',
       ARRAY['red', 'green', 'n' || (g % 100)], jsonb_build_object('k', g % 1000, 'name', 'n' || g),
       decode(substr(md5(g::text), 1, 16), 'hex')
  FROM generate_series(1, $ROWS) AS g;
CREATE TABLE small AS SELECT * FROM big WHERE id <= 100000;
VACUUM ANALYZE;
EOF

# timed NAME ROUND CMD...: appends "NAME ROUND wall user sys" to $W/times.raw.
timed() {
	local name=$1 round=$2
	shift 2
	/usr/bin/time -f "$name $round %e %U %S" -a -o "$W/times.raw" "$@" >/dev/null 2>"$W/err" || {
		log "$name failed: $(head -c 500 "$W/err")"
		exit 1
	}
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# paired FIELD: the median over rounds of with/without of one round's pair
# (wall: field 3; cpu: fields 4 + 5), which load that comes and goes
# disturbs less than the ratio of the medians.
paired() {
	awk -v f="$1" '{ v = (f == "cpu") ? $4 + $5 : $3; x[$1, $2] = v; r[$2] = 1 }
		END { for (k in r) if (x["without", k] > 0) print x["with", k] / x["without", k] }' "$W/times.raw" | median
}

# ------------------------------------------------------------ 1. wall time
: >"$W/times.raw"
"$DBDUMP" -f "$W/warm.sql" bench big # warm the server's cache
for ((r = 1; r <= ROUNDS; r++)); do
	if ((r % 2)); then
		timed with $r "$DBDUMP" -f "$W/with.sql" bench big
		timed without $r "$BASE" -f "$W/without.sql" bench big
	else
		timed without $r "$BASE" -f "$W/without.sql" bench big
		timed with $r "$DBDUMP" -f "$W/with.sql" bench big
	fi
done
bytes=$(stat -c %s "$W/with.sql")
for k in with without; do
	awk -v k=$k '$1 == k { print $3 }' "$W/times.raw" | median >"$W/$k.wall"
	awk -v k=$k '$1 == k { print $4 + $5 }' "$W/times.raw" | median >"$W/$k.cpu"
done
printf 'dump of %s rows (%s bytes), %s alternating rounds, medians:\n' "$ROWS" "$bytes" "$ROUNDS"
printf '  with digests:    wall %ss, client cpu %ss\n' "$(cat "$W/with.wall")" "$(cat "$W/with.cpu")"
printf '  without digests: wall %ss, client cpu %ss\n' "$(cat "$W/without.wall")" "$(cat "$W/without.cpu")"
awk -v a="$(cat "$W/with.wall")" -v b="$(cat "$W/without.wall")" -v c="$(cat "$W/with.cpu")" -v d="$(cat "$W/without.cpu")" \
	'BEGIN { printf "  ratio of medians: wall %.3f, client cpu %.3f (goal for wall: <= 1.03)\n", a / b, c / d }'
printf '  median of paired ratios: wall %.3f, client cpu %.3f\n' "$(paired wall)" "$(paired cpu)"
printf '  every round (name round wall user sys):\n'
sed 's/^/    /' "$W/times.raw"

# ------------------------------------------------------------ 2. callgrind
if [ -n "$CALLGRIND" ]; then
	for k in with without; do
		bin=$DBDUMP
		[ $k = without ] && bin=$BASE
		valgrind --tool=callgrind --callgrind-out-file="$W/cg.$k" "$bin" -f "$W/cg.sql" bench small \
			>/dev/null 2>"$W/cg.$k.err"
		grep -o 'Collected : [0-9]*' "$W/cg.$k.err" | awk '{ print $3 }' >"$W/cg.$k.ir"
	done
	awk -v a="$(cat "$W/cg.with.ir")" -v b="$(cat "$W/cg.without.ir")" \
		'BEGIN { printf "callgrind, 100,000 rows: %d instructions with digests, %d without: ratio %.3f\n", a, b, a / b }'
	valgrind --tool=callgrind --callgrind-out-file="$W/cg.verify" "$DBDUMP" --verify "$W/cg.sql" \
		>/dev/null 2>"$W/cg.verify.err"
	awk -v i="$(grep -o 'Collected : [0-9]*' "$W/cg.verify.err" | awk '{ print $3 }')" -v b="$(stat -c %s "$W/cg.sql")" \
		'BEGIN { printf "callgrind, --verify of that dump (%d bytes): %d instructions, %.2f a byte\n", b, i, i / b }'
fi

# ------------------------------------------------------------ 3. --verify
: >"$W/times.raw"
cat "$W/with.sql" >/dev/null # into the page cache
for ((r = 1; r <= ROUNDS; r++)); do
	timed verify $r "$DBDUMP" --verify "$W/with.sql"
done
wall=$(awk '{ print $3 }' "$W/times.raw" | median)
cpu=$(awk '{ print $4 + $5 }' "$W/times.raw" | median)
awk -v b="$bytes" -v w="$wall" -v c="$cpu" 'BEGIN { printf "--verify of the plain dump (%d bytes) from the page cache, medians: wall %.3fs = %.0f MB/s, cpu %.3fs = %.0f MB/s (goal: >= 500)\n", b, w, b / w / 1e6, c, (c > 0 ? b / c / 1e6 : 0) }'
