#!/bin/bash
# Selection: TABLE arguments, -t/-T/-n/-N/--exclude-table-data with psql's
# pattern rules; one table brings what it needs and nothing unrelated; a
# foreign key to a table left out is dropped with a warning.
. "$(dirname "$0")/lib.sh"

newdb src
q src <"$FIXTURES/schema_objects.sql" >/dev/null 2>"$TEST_TMP/fixture.err" ||
	fail "load the fixture" "$(cat "$TEST_TMP/fixture.err")"

# tables_of DB: its tables, one per line, as _lib_tables prints them.
tables_of() {
	_lib_tables "$1" | tr '\n' ' ' | sed 's/ $//'
}

# try NAME EXPECTED_TABLES ARG...: dump with ARGs, restore into an empty
# database NAME, and check the tables it holds and their rows.
try() {
	local name=$1 want=$2
	shift 2
	run "$DBDUMP" -f "$TEST_TMP/$name.sql" src "$@"
	check_status "$status" 0 "dbdump src $*"
	newdb "$name"
	restore "$name" "$TEST_TMP/$name.sql" || return
	check_eq "$(tables_of "$name")" "$want" "$* dumps exactly: $want"
}

# One table by name (SQL quoting rules): it brings its schema, its types, its
# sequences and the functions its defaults, checks and triggers use.
try one '"Sales"."Customer"' '"Sales"."Customer"'
compare_db src one '"Sales"."Customer"'
dump=$(cat "$TEST_TMP/one.sql")
check_contains "$dump" 'CREATE SCHEMA IF NOT EXISTS "Sales";' "one table brings its schema"
check_contains "$dump" 'CREATE TYPE "Sales".mood AS ENUM' "one table brings its enum"
check_contains "$dump" 'CREATE DOMAIN public.email' "one table brings its domain"
check_contains "$dump" 'CREATE EXTENSION IF NOT EXISTS citext' "one table brings the extension its domain needs"
check_contains "$dump" 'CREATE SEQUENCE "Sales"."Customer_id_seq"' "one table brings its serial sequence"
check_contains "$dump" 'CREATE SEQUENCE "Sales"."Order Numbers"' "one table brings the sequence its default uses"
check_contains "$dump" 'CREATE OR REPLACE FUNCTION public.touch()' "one table brings its trigger's function"
check_contains "$dump" 'CREATE POLICY "see happy"' "one table brings its policies"
check_eq "$(q one "SELECT last_value FROM \"Sales\".\"Customer_id_seq\"")" "3" "the table's sequence keeps its state"
check_not_contains "$dump" 'lonely' "nothing unrelated: no other schema"
check_not_contains "$dump" 'add_one' "nothing unrelated: no other function"
check_not_contains "$dump" 'btree_gist' "nothing unrelated: no other extension"
check_not_contains "$dump" 'customer_names' "nothing unrelated: no view that reads the table"

# -t with wildcards, and double quotes that keep case and spaces.
try wild 'public.hashed public.hashed_0 public.hashed_1' -t 'public.hashed*'
compare_db src wild public.hashed public.hashed_0 public.hashed_1
try quoted '"Sales"."events 2023" "Sales".events' -t '"Sales"."events 2023"'
compare_db src quoted '"Sales"."events 2023"' '"Sales".events'
check_eq "$(q quoted 'SELECT count(*) FROM ONLY "Sales".events')" "0" \
	"a partition brings its parent's definition, not its rows"
try question 'public.hashed public.hashed_0 public.hashed_1' -t 'public.hashed_?'
try several 'public.chicken public.egg' -t public.chicken -t 'public.e?g'
compare_db src several public.chicken public.egg
check_contains "$(cat "$TEST_TMP/several.sql")" "chicken_egg_fk FOREIGN KEY" "a foreign key between two dumped tables stays"

# A pattern is case-folded unless quoted.
run "$DBDUMP" -t 'sales.customer' src
check_status "$status" 1 "an unquoted pattern is folded to lower case and matches nothing"
check_eq "$err" 'dbdump: no table matches pattern "sales.customer"' "the unmatched pattern is named"
run "$DBDUMP" -t '"Sales".*' --schema-only src
check_status "$status" 0 "a quoted schema and a wildcard"
check_contains "$out" 'CREATE TABLE "Sales"."events 2023"' "\"Sales\".* matches the table with a space"
check_not_contains "$out" 'CREATE TABLE public.' "\"Sales\".* matches nothing in public"

# Unmatched patterns and TABLE arguments.
run "$DBDUMP" -t nosuch src
check_status "$status" 1 "an unmatched -t is an error"
check_eq "$err" 'dbdump: no table matches pattern "nosuch"' "the message names the -t pattern"
run "$DBDUMP" -n 'no*such' src
check_status "$status" 1 "an unmatched -n is an error"
check_eq "$err" 'dbdump: no schema matches pattern "no*such"' "the message names the -n pattern"
run "$DBDUMP" src nosuch
check_status "$status" 1 "an unknown TABLE argument is an error"
check_contains "$err" 'table "nosuch" not found' "the message names the TABLE argument"
run "$DBDUMP" --no-strict-names -t nosuch -t public.tree src
check_status "$status" 0 "--no-strict-names lets an unmatched pattern pass"

# -T: everything but the excluded tables.
all=$(tables_of src)
mapfile -t all_tables < <(_lib_tables src)
mapfile -t but_docs < <(_lib_tables src | grep -v '^public\.docs$')
try exclude "$(sed 's/public\.docs //' <<<"$all")" -T public.docs
compare_db src exclude "${but_docs[@]}"

# -n and -N.
try schema_n "$(_lib_tables src | grep '^"Sales"\.' | tr '\n' ' ' | sed 's/ $//')" -n '"Sales"'
check_not_contains "$(cat "$TEST_TMP/schema_n.sql")" 'CREATE FUNCTION public.add_one' "-n leaves other schemas' functions out"
check_contains "$(cat "$TEST_TMP/schema_n.sql")" 'CREATE OR REPLACE FUNCTION "Sales"."Is Valid"' "-n keeps the schema's functions"
try schema_N "$(sed 's/lonely\.island //' <<<"$all")" -N lonely
check_not_contains "$(cat "$TEST_TMP/schema_N.sql")" 'lonely' "-N leaves every object of the schema out"
mapfile -t but_lonely < <(_lib_tables src | grep -v '^lonely\.')
compare_db src schema_N "${but_lonely[@]}"

# --exclude-table-data: the table, without its rows.
try nodata "$all" --exclude-table-data 'public.tr*'
check_eq "$(q nodata 'SELECT count(*) FROM public.tree')" "0" "--exclude-table-data keeps the table empty"
check_eq "$(q nodata 'SELECT count(*) FROM public.docs')" "2" "--exclude-table-data leaves other tables' rows"

# A foreign key to a table that is not dumped: left out, with a warning.
run "$DBDUMP" -f "$TEST_TMP/fk.sql" -t public.egg src
check_status "$status" 0 "dump one table whose foreign key points outside the dump"
check_contains "$err" "dbdump: warning: foreign key egg_chicken_id_fkey of table public.egg left out" \
	"the left-out foreign key is named on stderr"
check_not_contains "$(cat "$TEST_TMP/fk.sql")" "FOREIGN KEY" "the foreign key is not in the dump"
newdb fk
restore fk "$TEST_TMP/fk.sql"
check_eq "$(tables_of fk)" "public.egg" "only the chosen table is restored"

# --list follows the same selection.
run "$DBDUMP" --list -n lonely src
check_eq "$(cut -f1,2 <<<"$out")" "$(printf 'lonely\tisland')" "--list shows what -n selects"

done_testing
