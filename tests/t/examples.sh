# Integration tests of the example scripts in doc/examples, run as a user
# would run them, against a throwaway server: nightly-backup.sh twice with
# its retention checked, and its failures; copy-table.sh, and its failures.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/examples.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

EXAMPLES=$TOP_SRCDIR/doc/examples
D=$TEST_TMP
# The scripts call dbdump and psql from PATH, as they would in cron.
PATH=$(dirname "$DBDUMP"):$PG_CLIENT_BINDIR:$PATH
export PATH
unset DBDUMP_OPTS

newdb sample
restore sample "$FIXTURES/sample.sql"

# dumps DIR [DB]: the nightly dumps of DB (default sample) in DIR, sorted.
dumps() {
	(cd "$1" && ls -1 | grep -E "^${2:-sample}-[0-9]{8}-[0-9]{6}\\.sql\\.zst\$" | sort)
}

# ============================================================ nightly-backup.sh

B=$D/backups
mkdir -p "$B"
# Dumps older than the 3 days kept, of sample and of another database, and a
# file of someone else's.
touch -d '10 days ago' "$B/sample-20000101-000000.sql.zst" "$B/other-20000101-000000.sql.zst" "$B/notes.txt"
touch -d '2 days ago' "$B/sample-20000102-000000.sql.zst"

run bash "$EXAMPLES/nightly-backup.sh" -d "$B" -k 3 sample
check_status "$status" 0 "nightly-backup.sh: first run succeeds"
new1=$(dumps "$B" | grep -v '^sample-2000')
check_eq "$(printf '%s\n' "$new1" | grep -c .)" 1 "nightly-backup.sh: first run wrote one new dump"
check_eq "$(zstd -dcq "$B/$new1" | tail -n 1)" "$TRAILER" "nightly-backup.sh: the new dump is zstd and complete"
check_eq "$(stat -c %a "$B/$new1")" 600 "nightly-backup.sh: the dump is readable by its owner only"
check_eq "$(ls -A "$B" | grep -c 'dbdump-')" 0 "nightly-backup.sh: no temporary file left"
[ -e "$B/sample-20000101-000000.sql.zst" ] && fail "nightly-backup.sh: a dump older than 3 days is removed" ||
	ok "nightly-backup.sh: a dump older than 3 days is removed"
[ -e "$B/sample-20000102-000000.sql.zst" ] && ok "nightly-backup.sh: a dump 2 days old is kept" ||
	fail "nightly-backup.sh: a dump 2 days old is kept"
[ -e "$B/other-20000101-000000.sql.zst" ] && [ -e "$B/notes.txt" ] &&
	ok "nightly-backup.sh: other databases' dumps and other files are left alone" ||
	fail "nightly-backup.sh: other databases' dumps and other files are left alone"
check_contains "$err" "wrote $B/$new1" "nightly-backup.sh: logs the dump it wrote (stderr)"
check_contains "$err" "removed $B/sample-20000101-000000.sql.zst" "nightly-backup.sh: logs what it removed"
check_eq "$out" "" "nightly-backup.sh: nothing on stdout"

# The dump restores.
zstd -dcq "$B/$new1" >"$D/nightly.sql"
newdb r_nightly
restore r_nightly "$D/nightly.sql"
compare_db sample r_nightly

# Second run, a second later, logging to a file.
sleep 1
touch -d '5 days ago' "$B/sample-20000103-000000.sql.zst"
run bash "$EXAMPLES/nightly-backup.sh" -d "$B" -k 3 -l "$D/nightly.log" sample
check_status "$status" 0 "nightly-backup.sh: second run succeeds"
check_eq "$(dumps "$B" | grep '^sample-2000')" sample-20000102-000000.sql.zst \
	"nightly-backup.sh: second run removed the 5-day-old dump, kept the 2-day-old one"
check_eq "$(dumps "$B" | grep -vc '^sample-2000')" 2 "nightly-backup.sh: the second run wrote a second dump"
check_eq "$err" "" "nightly-backup.sh -l: nothing on stderr"
log=$(cat "$D/nightly.log" 2>/dev/null)
check_contains "$log" "removed $B/sample-20000103-000000.sql.zst" "nightly-backup.sh -l: the log file says what was removed"
check_contains "$log" "complete" "nightly-backup.sh -l: the log file says the dump is complete"
check_contains "$log" "verified $B/" "nightly-backup.sh -l: the log file says the dump verified"

# A run with the weekly restore drill, a second later.
sleep 1
run bash "$EXAMPLES/nightly-backup.sh" -d "$B" -k 3 -r sample_drill sample
check_status "$status" 0 "nightly-backup.sh -r: a run with a restore drill succeeds"
check_contains "$err" "restore drill: " "nightly-backup.sh -r: logs the drill"
check_eq "$(q postgres "SELECT count(*) FROM pg_database WHERE datname = 'sample_drill'")" 0 \
	"nightly-backup.sh -r: the scratch database is dropped afterwards"

# A failing run (no such database) removes nothing and fails.
touch -d '10 days ago' "$B/sample-20000104-000000.sql.zst" "$B/no_such_db-20000104-000000.sql.zst"
before=$(ls "$B")
run bash "$EXAMPLES/nightly-backup.sh" -d "$B" -k 3 no_such_db
if [ "$status" -ne 0 ]; then ok "nightly-backup.sh: a bad database fails ($status)"; else fail "nightly-backup.sh: a bad database fails"; fi
check_eq "$(ls "$B")" "$before" "nightly-backup.sh: a failed run removes nothing and leaves no file"
check_eq "$(ls -A "$B" | grep -c 'dbdump-')" 0 "nightly-backup.sh: a failed run leaves no temporary file"
check_contains "$err" "FAILED" "nightly-backup.sh: a failed run logs FAILED"
check_contains "$err" 'dbdump: ' "nightly-backup.sh: a failed run logs dbdump's message"

# A dump without the trailer is a failure even when dbdump says 0: a
# stand-in dbdump that writes a cut-off dump (the first 1000 bytes of a
# good one) and exits 0; --verify is the real one's.
cp "$B/$new1" "$D/good-nightly.sql.zst"
{
	printf '#!/bin/bash\n'
	printf 'if [ "$1" = --verify ]; then exec %q "$@"; fi\n' "$DBDUMP"
	printf 'good=%q\n' "$D/good-nightly.sql.zst"
	cat <<'EOF'
while [ $# -gt 0 ]; do
	case $1 in -f) file=$2; shift 2 ;; *) shift ;; esac
done
zstd -dcq "$good" | head -c 1000 | zstd -q >"$file"
EOF
} >"$D/fake-dbdump"
chmod +x "$D/fake-dbdump"
sleep 1 # a new second, so a new file name
before=$(ls "$B")
DBDUMP=$D/fake-dbdump run bash "$EXAMPLES/nightly-backup.sh" -d "$B" -k 3 sample
if [ "$status" -ne 0 ]; then ok "nightly-backup.sh: a dump without the trailer fails"; else fail "nightly-backup.sh: a dump without the trailer fails"; fi
check_eq "$(ls "$B")" "$before" "nightly-backup.sh: without the trailer, the bad dump goes and the old ones stay"
check_contains "$err" "trailer" "nightly-backup.sh: says the trailer is missing"

run bash "$EXAMPLES/nightly-backup.sh" -k 0 sample
check_status "$status" 2 "nightly-backup.sh -k 0 is a usage error"
run bash "$EXAMPLES/nightly-backup.sh"
check_status "$status" 2 "nightly-backup.sh without DBNAME is a usage error"
check_contains "$err" "usage: nightly-backup.sh" "nightly-backup.sh without DBNAME prints its usage"

# ============================================================ copy-table.sh

# Into a database without the table: definition and rows.
newdb copy_dst
run bash "$EXAMPLES/copy-table.sh" sample copy_dst authors
check_status "$status" 0 "copy-table.sh sample copy_dst authors succeeds"
compare_db sample copy_dst public.authors

# Into the same table again, a slice of another table that exists there.
q copy_dst 'CREATE TABLE "OrderLines" (order_id integer, line_no integer, book_id integer, quantity integer,
                                         unit_price numeric(8,2), "GiftWrap" boolean, PRIMARY KEY (order_id, line_no))'
run bash "$EXAMPLES/copy-table.sh" sample copy_dst '"OrderLines"' --where 'quantity > 1'
check_status "$status" 0 'copy-table.sh ... "OrderLines" --where: succeeds'
check_eq "$(q copy_dst 'SELECT order_id, line_no FROM "OrderLines" ORDER BY 1, 2')" \
	"$(q sample 'SELECT order_id, line_no FROM "OrderLines" WHERE quantity > 1 ORDER BY 1, 2')" \
	'copy-table.sh --where: only the matching rows arrive'

# Copying the same rows again clashes with the primary key: the copy fails
# and nothing changes.
before=$(q copy_dst 'SELECT count(*) FROM "OrderLines"')
run bash "$EXAMPLES/copy-table.sh" sample copy_dst '"OrderLines"'
check_status "$status" 1 "copy-table.sh: a failing psql fails the copy"
check_eq "$(q copy_dst 'SELECT count(*) FROM "OrderLines"')" "$before" "copy-table.sh: a failed copy changes nothing"

# A dbdump failure after the table's definition was written: psql must not
# commit the part it got.
newdb copy_dst2
run bash "$EXAMPLES/copy-table.sh" sample copy_dst2 books --where 'no_such_column = 1'
check_status "$status" 1 "copy-table.sh: a failing dbdump fails the copy"
check_contains "$err" "dbdump: " "copy-table.sh: dbdump's message is shown"
check_eq "$(q copy_dst2 "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0 \
	"copy-table.sh: a failed dump leaves no table behind"

run bash "$EXAMPLES/copy-table.sh" sample copy_dst
check_status "$status" 2 "copy-table.sh with two arguments is a usage error"

# ============================================================ bash completion

# complete LINE: what the completion offers at the end of LINE, one per line.
complete_line() {
	COMP_LINE=$1
	COMP_POINT=${#1}
	read -r -a COMP_WORDS <<<"$1"
	[[ $1 == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	# As bash calls it: the command, readline's word (after "=" here), the
	# word before; dbdump found in PATH. tests/t/completion.sh tests more.
	local word=${COMP_WORDS[-1]}
	PATH=$(dirname "$DBDUMP"):$PATH _dbdump dbdump "${word#*=}" "${COMP_WORDS[-2]}"
	printf '%s\n' "${COMPREPLY[@]}"
}
source "$TOP_SRCDIR/doc/bash-completion/dbdump"
check_eq "$(complete_line "dbdump --single")" "--single-transaction" "completion: an option"
check_eq "$(complete_line "dbdump --dump-mode=s")" "schema" "completion: an option's value"
check_eq "$(complete_line "dbdump samp")" "sample" "completion: a database name from the server"
check_eq "$(complete_line "dbdump sample au")" "authors" "completion: a table of the database on the line"
check_eq "$(complete_line "dbdump -t inventory.w")" "" "completion: no database on the line, no table names"
check_eq "$(complete_line "dbdump -p 1 sample au")" "" "completion: no server there, nothing (and no prompt, no error)"

done_testing
