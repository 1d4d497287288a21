#!/bin/bash
# --clean: a dump replayed over an existing copy drops every object first (in
# reverse dependency order) and leaves the same state; restoring it twice into
# one database works.
. "$(dirname "$0")/lib.sh"

newdb src
q src <"$FIXTURES/schema_objects.sql" >/dev/null 2>"$TEST_TMP/fixture.err" ||
	fail "load the fixture" "$(cat "$TEST_TMP/fixture.err")"

# --clean --if-exists restores into an empty database, and again over itself.
run "$DBDUMP" --clean --if-exists -f "$TEST_TMP/clean-ie.sql" src
check_status "$status" 0 "dump --clean --if-exists"
newdb twice
restore twice "$TEST_TMP/clean-ie.sql"
same_schema src twice "first restore: same schema"
# Changes made in the copy are undone by the next restore.
q twice "INSERT INTO public.tree VALUES (99, NULL, 'stray'); CREATE INDEX stray_idx ON public.docs (made);
	UPDATE \"Sales\".\"Customer\" SET \"Name\" = 'changed' WHERE id = 1; SELECT nextval('public.plain_seq')" >/dev/null
restore twice "$TEST_TMP/clean-ie.sql"
same_schema src twice "second restore over the first: same schema"
compare_db src twice
check_eq "$(q twice "SELECT last_value, is_called FROM public.plain_seq")" "-1|t" "sequences are reset by the second restore"

# --clean without --if-exists: over an existing copy, twice.
run "$DBDUMP" --clean -f "$TEST_TMP/clean.sql" src
check_status "$status" 0 "dump --clean"
check_not_contains "$(cat "$TEST_TMP/clean.sql")" "IF EXISTS" "no IF EXISTS without --if-exists"
run "$DBDUMP" -f "$TEST_TMP/plain.sql" src
newdb over
restore over "$TEST_TMP/plain.sql"
restore over "$TEST_TMP/clean.sql"
restore over "$TEST_TMP/clean.sql"
same_schema src over "--clean restored twice over a copy: same schema"
compare_db src over

# Drops come in reverse order of creation: foreign keys and policies first,
# schemas last.
dump=$(cat "$TEST_TMP/clean.sql")
line_of() {
	grep -n -F -m 1 -- "$1" "$TEST_TMP/clean.sql" | cut -d: -f1
}
fk=$(line_of 'DROP CONSTRAINT chicken_egg_fk')
pk=$(line_of 'DROP CONSTRAINT chicken_pkey')
table=$(line_of 'DROP TABLE public.chicken')
func=$(line_of 'DROP FUNCTION public.add_one(x integer)')
schema=$(line_of 'DROP SCHEMA "Sales"')
create=$(line_of 'CREATE SCHEMA "Sales"')
if [ -n "$fk" ] && [ -n "$create" ] && [ "$fk" -lt "$pk" ] && [ "$pk" -lt "$table" ] && [ "$table" -lt "$func" ] &&
	[ "$func" -lt "$schema" ] && [ "$schema" -lt "$create" ]; then
	ok "drops in reverse dependency order, before the creates"
else
	fail "drops in reverse dependency order, before the creates" \
		"fk $fk pk $pk table $table function $func schema $schema create $create"
fi
check_not_contains "$dump" "DROP SCHEMA public" "the public schema is never dropped"
check_not_contains "$dump" "DROP EXTENSION plpgsql" "built-in extensions are never dropped"

# One table with --clean: its schema is created if missing, never dropped.
run "$DBDUMP" --clean --if-exists -f "$TEST_TMP/one.sql" -t '"Sales"."Customer"' src
check_status "$status" 0 "dump --clean of one table"
check_not_contains "$(cat "$TEST_TMP/one.sql")" 'DROP SCHEMA' "a schema brought in for one table is not dropped"
newdb one
restore one "$TEST_TMP/one.sql"
restore one "$TEST_TMP/one.sql"
compare_db src one '"Sales"."Customer"'

done_testing
