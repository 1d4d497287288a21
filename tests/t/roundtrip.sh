# Integration tests of dump and restore: every mode, table selection and
# INSERT batching, checked by restoring with psql into an empty database and
# comparing with SQL, against a throwaway server.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/roundtrip.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP

newdb sample
restore sample "$FIXTURES/sample.sql"

# count_inserts FILE TABLE: the INSERT statements for TABLE (as the dump
# spells it) in FILE.
count_inserts() {
	grep -c "^INSERT INTO ${2//./\\.} (" "$1"
}

# Everything about the tables that a schema dump must carry over: columns
# (type, collation, NOT NULL, default, identity), constraints, sequences.
columns_of() {
	q "$1" "SELECT format('%I.%I', n.nspname, c.relname), a.attname,
	               format_type(a.atttypid, a.atttypmod),
	               CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
	               a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated
	          FROM pg_class c
	          JOIN pg_namespace n ON n.oid = c.relnamespace
	          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	          JOIN pg_type t ON t.oid = a.atttypid
	          LEFT JOIN pg_collation co ON co.oid = a.attcollation
	          LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
	         WHERE c.relkind IN ('r', 'p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
	         ORDER BY 1, a.attnum"
}
constraints_of() {
	# $2: the constraint types, e.g. pcu
	q "$1" "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
	          FROM pg_constraint
	         WHERE conrelid <> 0 AND contype = ANY (string_to_array('$2', NULL))
	           AND connamespace IN (SELECT oid FROM pg_namespace
	                                 WHERE nspname !~ '^pg_' AND nspname <> 'information_schema')
	         ORDER BY 1, 2"
}
sequences_of() {
	# $2: with_values to include where each sequence stands.
	local value=NULL
	[ "${2:-}" = with_values ] && value=last_value
	q "$1" "SELECT schemaname, sequencename, data_type, start_value, increment_by,
	               max_value, cycle, $value
	          FROM pg_sequences ORDER BY 1, 2"
}
schemas_of() {
	q "$1" "SELECT nspname FROM pg_namespace
	         WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1"
}

same_structure() {
	local src=$1 dst=$2
	check_eq "$(schemas_of "$dst")" "$(schemas_of "$src")" "$dst: same schemas as $src"
	check_eq "$(columns_of "$dst")" "$(columns_of "$src")" "$dst: same columns (types, collations, NOT NULL, defaults, identity) as $src"
	check_eq "$(constraints_of "$dst" pcu)" "$(constraints_of "$src" pcu)" "$dst: same primary key, unique and check constraints as $src"
	check_eq "$(constraints_of "$dst" f)" "$(constraints_of "$src" f)" "$dst: same foreign keys as $src"
}

# ------------------------------------------------------------ mode both

dump "$D/both.sql" sample
check_contains "$(cat "$D/both.sql")" "SET standard_conforming_strings = on;" "header sets standard_conforming_strings"
check_contains "$(cat "$D/both.sql")" "INSERT INTO public.authors (author_id, name, born, country, bio) VALUES" \
	"plain names are not quoted"
check_contains "$(cat "$D/both.sql")" 'INSERT INTO public."OrderLines" (order_id, line_no, book_id, quantity, unit_price, "GiftWrap") VALUES' \
	"mixed-case names are quoted"
check_eq "$(grep -c -x -F -e "$TRAILER" "$D/both.sql")" 1 "the trailer appears once"
newdb r_both
restore r_both "$D/both.sql"
compare_db sample r_both
same_structure sample r_both
check_eq "$(sequences_of r_both with_values)" "$(sequences_of sample with_values)" \
	"r_both: sequences exist and stand where they stood in sample"
if q r_both "INSERT INTO authors (name) VALUES ('New author'); INSERT INTO customers (email, full_name, signed_up) VALUES ('new@example.com', 'New', now())" >/dev/null 2>"$D/q.err"; then
	ok "r_both: new rows get fresh keys from the restored sequences"
else
	fail "r_both: new rows get fresh keys from the restored sequences" "$(cat "$D/q.err")"
fi

dump "$D/both2.sql" --dump-mode=both sample
same_dump "$D/both2.sql" "$D/both.sql" "--dump-mode=both is the default"

# The documented way: the dump on psql's standard input.
newdb r_stdin
if "$PSQL" -X -q -v ON_ERROR_STOP=1 -d r_stdin <"$D/both.sql" >"$D/psql.out" 2>&1; then
	ok "psql -X -v ON_ERROR_STOP=1 -d r_stdin < dump restores"
else
	fail "psql -X -v ON_ERROR_STOP=1 -d r_stdin < dump restores" "$(head -c 2000 "$D/psql.out")"
fi
compare_db sample r_stdin

# ------------------------------------------------------------ mode schema

dump "$D/schema.sql" --dump-mode=schema sample
check_eq "$(grep -c '^INSERT' "$D/schema.sql")" 0 "schema mode has no INSERT"
dump "$D/schema-s.sql" -s sample
same_dump "$D/schema-s.sql" "$D/schema.sql" "-s is --dump-mode=schema"
dump "$D/schema-long.sql" --schema-only sample
same_dump "$D/schema-long.sql" "$D/schema.sql" "--schema-only is --dump-mode=schema"
newdb r_schema
restore r_schema "$D/schema.sql"
same_structure sample r_schema
check_eq "$(sequences_of r_schema)" "$(sequences_of sample)" "r_schema: same sequences as sample"
rows=$(q r_schema "SELECT (SELECT count(*) FROM authors) + (SELECT count(*) FROM books)
                        + (SELECT count(*) FROM inventory.stock) + (SELECT count(*) FROM \"OrderLines\")")
check_eq "$rows" 0 "r_schema: tables are empty"

# ------------------------------------------------------------ mode data

dump "$D/data.sql" --dump-mode=data sample
check_eq "$(grep -c '^CREATE' "$D/data.sql")" 0 "data mode has no CREATE"
dump "$D/data-a.sql" -a sample
same_dump "$D/data-a.sql" "$D/data.sql" "-a is --dump-mode=data"
dump "$D/data-long.sql" --data-only sample
same_dump "$D/data-long.sql" "$D/data.sql" "--data-only is --dump-mode=data"
newdb r_data
restore r_data "$D/schema.sql"
restore r_data "$D/data.sql"
compare_db sample r_data
check_eq "$(sequences_of r_data with_values)" "$(sequences_of sample with_values)" \
	"r_data: sequences stand where they stood in sample"

# The same values, whatever order the tables come in: with foreign key
# checks off (as pg_dump --disable-triggers does).
newdb r_data_unordered
restore r_data_unordered "$D/schema.sql"
PGOPTIONS='-c session_replication_role=replica' restore r_data_unordered "$D/data.sql"
compare_db sample r_data_unordered

# schema + data = both
newdb r_split
cat "$D/schema.sql" "$D/data.sql" >"$D/split.sql"
restore r_split "$D/split.sql"
compare_db sample r_split

# ------------------------------------------------------------ tables on the command line

# A table with no foreign keys restores alone into an empty database.
dump "$D/authors.sql" sample authors
check_eq "$(grep -c '^INSERT INTO' "$D/authors.sql")" "$(count_inserts "$D/authors.sql" public.authors)" \
	"dbdump sample authors: only authors' rows"
check_eq "$(grep -c 'books' "$D/authors.sql")" 0 "dbdump sample authors: nothing about books"
newdb r_authors
restore r_authors "$D/authors.sql"
compare_db sample r_authors public.authors

dump "$D/authors-q.sql" sample public.authors
same_dump "$D/authors-q.sql" "$D/authors.sql" "public.authors is the same table as authors"

# Schema-qualified, in a schema the restore must create.
dump "$D/warehouses.sql" sample inventory.warehouses
newdb r_warehouses
restore r_warehouses "$D/warehouses.sql"
compare_db sample r_warehouses inventory.warehouses

# Several tables, one referring to the other.
dump "$D/two.sql" sample books authors
newdb r_two
restore r_two "$D/two.sql"
compare_db sample r_two public.authors public.books

# A mixed-case name, quoted as SQL wants it. "OrderLines" refers to tables
# that are not dumped with it, so its rows go into a copy of sample that
# lacks them; any other table's rows would break a primary key there.
dump "$D/orderlines.sql" -a sample '"OrderLines"'
check_eq "$(grep -c '^INSERT INTO' "$D/orderlines.sql")" "$(count_inserts "$D/orderlines.sql" 'public."OrderLines"')" \
	'dbdump -a sample "OrderLines": only its rows'
check_eq "$(count_inserts "$D/orderlines.sql" 'public."OrderLines"')" 1 '"OrderLines": its 10 rows in one INSERT'
dump "$D/orderlines-q.sql" -a sample 'public."OrderLines"'
same_dump "$D/orderlines-q.sql" "$D/orderlines.sql" \
	'public."OrderLines" is the same table as "OrderLines"'
newdb r_orderlines
restore r_orderlines "$D/both.sql"
q r_orderlines 'TRUNCATE "OrderLines"'
restore r_orderlines "$D/orderlines.sql"
compare_db sample r_orderlines
dump "$D/orderlines-s.sql" -s sample '"OrderLines"'
check_contains "$(cat "$D/orderlines-s.sql")" 'CREATE TABLE public."OrderLines"' 'schema of "OrderLines" alone'
check_eq "$(grep -c 'CREATE TABLE' "$D/orderlines-s.sql")" 1 'schema of "OrderLines" alone: one CREATE TABLE'

# ------------------------------------------------------------ batching

newdb batch
q batch "CREATE TABLE nums (n integer PRIMARY KEY, label text);
         INSERT INTO nums SELECT i, 'row ' || i FROM generate_series(1, 25) AS i;
         CREATE TABLE wide (id integer PRIMARY KEY, payload text NOT NULL);
         INSERT INTO wide SELECT i, repeat(chr(97 + i % 26), 1000) FROM generate_series(1, 50) AS i;
         CREATE TABLE empty (id integer);"
for spec in default:1 1:25 10:3 24:2 25:1 26:1 100:1; do
	n=${spec%%:*}
	want=${spec#*:}
	opt=()
	[ "$n" = default ] || opt=(--rows-per-insert="$n")
	dump "$D/batch-$n.sql" "${opt[@]}" batch nums
	check_eq "$(count_inserts "$D/batch-$n.sql" public.nums)" "$want" "--rows-per-insert=$n: 25 rows make $want INSERT statements"
	newdb r_batch
	restore r_batch "$D/batch-$n.sql"
	compare_db batch r_batch public.nums
done

# The default is 100 rows a statement: 250 rows make three.
q batch "CREATE TABLE nums250 AS SELECT i AS n FROM generate_series(1, 250) AS i"
dump "$D/batch-default250.sql" batch nums250
check_eq "$(count_inserts "$D/batch-default250.sql" public.nums250)" 3 \
	"default --rows-per-insert (100): 250 rows make 3 INSERT statements"

# --max-insert-bytes caps a statement: 50 rows of about 1 kB each.
dump "$D/bytes.sql" --max-insert-bytes=10000 batch wide
inserts=$(count_inserts "$D/bytes.sql" public.wide)
if [ "$inserts" -ge 5 ] && [ "$inserts" -le 10 ]; then
	ok "--max-insert-bytes=10000: 50 kB of rows make 5 to 10 statements ($inserts)"
else
	fail "--max-insert-bytes=10000: 50 kB of rows make 5 to 10 statements" "got $inserts"
fi
longest=$(awk '/^INSERT INTO/ { size = 0; on = 1 } on { size += length($0) + 1 } on && /;$/ { if (size > max) max = size; on = 0 } END { print max + 0 }' "$D/bytes.sql")
if [ "$longest" -le 11100 ]; then
	ok "--max-insert-bytes=10000: no statement is much longer than the cap ($longest bytes)"
else
	fail "--max-insert-bytes=10000: no statement is much longer than the cap" "longest statement: $longest bytes"
fi
newdb r_bytes
restore r_bytes "$D/bytes.sql"
compare_db batch r_bytes public.wide
dump "$D/bytes-rows.sql" --rows-per-insert=1000 batch wide
check_eq "$(count_inserts "$D/bytes-rows.sql" public.wide)" 1 "default 1M byte cap: 50 kB fit one statement"

# The default byte cap (about 1 MiB) splits 30 rows of 100 kB each.
q batch "CREATE TABLE big (id integer PRIMARY KEY, payload text NOT NULL);
         INSERT INTO big SELECT i, repeat(chr(65 + i % 26), 100000) FROM generate_series(1, 30) AS i;"
dump "$D/big.sql" batch big
inserts=$(count_inserts "$D/big.sql" public.big)
if [ "$inserts" -ge 3 ] && [ "$inserts" -le 4 ]; then
	ok "default byte cap: 3 MB of rows make 3 or 4 statements ($inserts)"
else
	fail "default byte cap: 3 MB of rows make 3 or 4 statements" "got $inserts"
fi
newdb r_big
restore r_big "$D/big.sql"
compare_db batch r_big public.big

# An empty table gets its CREATE and no INSERT.
dump "$D/empty.sql" batch empty
check_eq "$(grep -c '^INSERT' "$D/empty.sql")" 0 "an empty table has no INSERT"
newdb r_empty
restore r_empty "$D/empty.sql"
compare_db batch r_empty public.empty

# ------------------------------------------------------------ an empty database

newdb nothing
dump "$D/nothing.sql" nothing
newdb r_nothing
restore r_nothing "$D/nothing.sql"
compare_db nothing r_nothing

done_testing
