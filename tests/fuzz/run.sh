#!/bin/bash
# Builds dbdump's libFuzzer targets with clang (ASan + UBSan) and runs each
# for a while. Not part of make check: run by hand, e.g. before a release.
#
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET]...
#   SECONDS  how long each target runs (default 60)
#   TARGET   fuzz_copytext, fuzz_literal (default: both)
# Environment: BUILD_DIR (the configured build tree holding config.h and
# lib/libgnu.a; default the source tree), CLANG (default clang), FUZZ_DIR
# (where the binaries, logs, corpus and crash inputs go; default
# $TMPDIR/dbdump-fuzz, outside the tree, and kept between runs).
# Needs clang with libFuzzer (Debian: apt-get install clang).
# Exit status: 0 when no target found a problem.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-$top}
clang=${CLANG:-clang}
seconds=${1:-60}
shift $(($# > 0 ? 1 : 0))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_copytext fuzz_literal)

if ! command -v "$clang" >/dev/null; then
	echo "run.sh: $clang not found (Debian: apt-get install clang)" >&2
	exit 77
fi
if [ ! -f "$build/config.h" ] || [ ! -f "$build/lib/libgnu.a" ]; then
	echo "run.sh: no configured and built tree at $build (set BUILD_DIR, run make first)" >&2
	exit 99
fi

work=${FUZZ_DIR:-${TMPDIR:-/tmp}/dbdump-fuzz}
out=$work/bin
mkdir -p "$out" "$work/artifacts"
# src first: gnulib has a quote.h of its own.
flags=(-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=undefined -I"$top/src" -I"$build" -I"$build/lib" -I"$top/lib")
# The module under test plus what it needs: buf (xalloc) and log (xalloc_die).
common=("$top/src/buf.c" "$top/src/log.c")
declare -A sources=(
	[fuzz_copytext]="$top/src/copytext.c"
	[fuzz_literal]="$top/src/quote.c"
)

status=0
for t in "${targets[@]}"; do
	if [ -z "${sources[$t]:-}" ]; then
		echo "run.sh: unknown target $t" >&2
		exit 2
	fi
	echo "== building $t"
	"$clang" "${flags[@]}" -o "$out/$t" "$here/$t.c" ${sources[$t]} "${common[@]}" \
		"$build/lib/libgnu.a" -lpthread || exit 99
	mkdir -p "$work/corpus/$t"
	echo "== running $t for $seconds s"
	"$out/$t" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/$t-" "$work/corpus/$t" 2>"$out/$t.log"
	rc=$?
	grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)' "$out/$t.log"
	if [ $rc -ne 0 ]; then
		echo "== $t FAILED (status $rc); see $out/$t.log and $work/artifacts/" >&2
		tail -n 40 "$out/$t.log" >&2
		status=1
	else
		echo "== $t: no problem found"
	fi
done
exit $status
