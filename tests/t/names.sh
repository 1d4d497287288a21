# Integration tests of names: identifiers of every awkward kind (mixed case,
# reserved words, spaces, quotes, Unicode, and one built to look like SQL
# injection) as schema, table, column, sequence, constraint, index and view
# names, in comments, in the database name, and as TABLE arguments and
# -t/-n patterns on the command line. A dump restores them exactly, and no
# name ever becomes SQL of its own.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/names.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP
EVIL='x"; DROP TABLE t; --'

newdb names
restore names /dev/stdin <<'EOF' || done_testing
-- The table an injected "DROP TABLE t" would hit.
CREATE TABLE public.t (survivor text);
INSERT INTO public.t VALUES ('still here');

CREATE SCHEMA "x""; DROP TABLE t; --";
CREATE SCHEMA "Mixed Case";
CREATE SCHEMA "select";
CREATE SCHEMA "ünï 😀";
CREATE SCHEMA "it's";

CREATE TABLE "x""; DROP TABLE t; --"."x""; DROP TABLE t; --" (
    "x""; DROP TABLE t; --" serial PRIMARY KEY,
    "Value" text CONSTRAINT "c""; DROP TABLE t; --" CHECK ("Value" <> 'x"; DROP TABLE t; --'),
    "select" integer,
    "with space" text,
    "it's" text,
    "😀" text,
    """" text
);
INSERT INTO "x""; DROP TABLE t; --"."x""; DROP TABLE t; --" ("Value", "select", "with space", "it's", "😀", """")
VALUES ('v1', 1, 'a b', 'it''s', '😀', '"'), ('x"; DROP TABLE t; -- as data', 2, NULL, NULL, NULL, NULL);
CREATE INDEX "i""; DROP TABLE t; --" ON "x""; DROP TABLE t; --"."x""; DROP TABLE t; --" ("select", "with space");

CREATE TABLE "Mixed Case"."Order" (
    "ID" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "Order" text,
    "table" text,
    "user" integer
);
INSERT INTO "Mixed Case"."Order" ("Order", "table", "user") VALUES ('o', 't', 1), ('p', NULL, 2);

CREATE TABLE "select"."table" (
    "from" integer PRIMARY KEY,
    "where" text,
    ref integer REFERENCES "x""; DROP TABLE t; --"."x""; DROP TABLE t; --" ("x""; DROP TABLE t; --")
);
INSERT INTO "select"."table" VALUES (1, 'w', 1), (2, NULL, 2);

CREATE TABLE "ünï 😀"."tâblé with space" ("çølümn 😀" text, "Ä" integer);
INSERT INTO "ünï 😀"."tâblé with space" VALUES ('ü', 1);

CREATE TABLE "it's"."it's" ("it's" integer, "quote""d" text);
INSERT INTO "it's"."it's" VALUES (1, 'it''s');

CREATE SEQUENCE "it's"."it's ""seq""; SELECT 1; --" START 5;
SELECT nextval('"it''s"."it''s ""seq""; SELECT 1; --"'), nextval('"it''s"."it''s ""seq""; SELECT 1; --"');
CREATE SEQUENCE public."Seq'""" INCREMENT 3;
SELECT setval('public."Seq''"""', 42);

CREATE VIEW "select"."view; --" AS SELECT "from", "where" FROM "select"."table";

COMMENT ON SCHEMA "x""; DROP TABLE t; --" IS 'schema comment''); DROP TABLE t; --';
COMMENT ON TABLE "x""; DROP TABLE t; --"."x""; DROP TABLE t; --" IS E'multi\nline\ncomment with ''quotes'' and \\backslash';
COMMENT ON COLUMN "x""; DROP TABLE t; --"."x""; DROP TABLE t; --"."Value" IS 'x"; DROP TABLE t; --';
COMMENT ON COLUMN "Mixed Case"."Order"."Order" IS '😀';
COMMENT ON SEQUENCE "it's"."it's ""seq""; SELECT 1; --" IS 'it''s a sequence';
COMMENT ON INDEX "x""; DROP TABLE t; --"."i""; DROP TABLE t; --" IS 'index''s comment';
COMMENT ON VIEW "select"."view; --" IS 'view'' comment';
COMMENT ON CONSTRAINT "c""; DROP TABLE t; --" ON "x""; DROP TABLE t; --"."x""; DROP TABLE t; --" IS 'check''s comment';
EOF

# Everything about names that must come back.
names_of() {
	q "$1" "SELECT 'rel', n.nspname, c.relname, c.relkind::text, coalesce(obj_description(c.oid, 'pg_class'), '-')
	          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	         WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
	        UNION ALL
	        SELECT 'col', n.nspname, c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod),
	               coalesce(col_description(c.oid, a.attnum), '-')
	          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
	         WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND a.attnum > 0 AND NOT a.attisdropped
	           AND c.relkind IN ('r', 'v', 'S')
	        UNION ALL
	        SELECT 'nsp', nspname, '', '', coalesce(obj_description(oid, 'pg_namespace'), '-')
	          FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
	        UNION ALL
	        SELECT 'con', conrelid::regclass::text, conname, pg_get_constraintdef(oid),
	               coalesce(obj_description(oid, 'pg_constraint'), '-')
	          FROM pg_constraint WHERE connamespace IN (SELECT oid FROM pg_namespace WHERE nspname !~ '^pg_')
	        UNION ALL
	        SELECT 'seq', schemaname, sequencename, coalesce(last_value::text, '-'), increment_by::text FROM pg_sequences
	        ORDER BY 1, 2, 3"
}

dump "$D/names.sql" names
newdb r_names
restore r_names "$D/names.sql"
compare_db names r_names
check_eq "$(names_of r_names)" "$(names_of names)" \
	"schemas, tables, columns, constraints, indexes, views, sequences and comments come back with their names"
check_eq "$(q r_names "SELECT survivor FROM public.t")" "still here" "no name dropped table t on restore"
check_eq "$(q names "SELECT survivor FROM public.t")" "still here" "no name dropped table t in the source"
check_eq "$(q r_names "INSERT INTO \"x\"\"; DROP TABLE t; --\".\"x\"\"; DROP TABLE t; --\" (\"Value\") VALUES ('new') RETURNING 1")" 1 \
	"the serial column's sequence goes on after restore"
check_eq "$(q r_names "SELECT nextval('\"it''s\".\"it''s \"\"seq\"\"; SELECT 1; --\"')")" 7 \
	"a sequence named with quotes and a semicolon goes on where it stood (setval string quoted twice)"
# No line of the dump may begin with the injected statement.
if grep -n '^ *DROP TABLE t' "$D/names.sql"; then
	fail "no line of the dump starts with the injected DROP TABLE t"
else
	ok "no line of the dump starts with the injected DROP TABLE t"
fi
check_contains "$(cat "$D/names.sql")" 'INSERT INTO "x""; DROP TABLE t; --"."x""; DROP TABLE t; --" ("x""; DROP TABLE t; --", "Value", "select", "with space", "it'"'"'s", "😀", """")' \
	"INSERT names the table and its columns quoted"

# ------------------------------------------------------------ command-line names

# tables_in FILE: the tables a dump creates.
tables_in() {
	grep '^CREATE TABLE' "$1" | sed 's/^CREATE TABLE \(.*\) ($/\1/' | LC_ALL=C sort
}

dump "$D/evil.sql" names '"x""; DROP TABLE t; --"."x""; DROP TABLE t; --"'
check_eq "$(tables_in "$D/evil.sql")" '"x""; DROP TABLE t; --"."x""; DROP TABLE t; --"' \
	"TABLE argument: the injection-like name, quoted as in SQL, picks its table"
newdb r_evil
restore r_evil "$D/evil.sql"
compare_db names r_evil '"x""; DROP TABLE t; --"."x""; DROP TABLE t; --"'

dump "$D/mixed.sql" names '"Mixed Case"."Order"'
check_eq "$(tables_in "$D/mixed.sql")" '"Mixed Case"."Order"' "TABLE argument: mixed case and a reserved word"
dump "$D/uni.sql" names '"ünï 😀"."tâblé with space"'
check_eq "$(tables_in "$D/uni.sql")" '"ünï 😀"."tâblé with space"' "TABLE argument: Unicode and spaces"
dump "$D/apos.sql" names "\"it's\".\"it's\""
check_eq "$(tables_in "$D/apos.sql")" "\"it's\".\"it's\"" "TABLE argument: a single quote (parameters, not SQL text)"

run "$DBDUMP" names "$EVIL"
check_status "$status" 2 "TABLE argument: the raw injection text is a malformed name (status 2)"
check_contains "$err" "dbdump: " "TABLE argument: the raw injection text is refused with a message"
check_eq "$(q names "SELECT survivor FROM public.t")" "still here" "table t is still there after the raw injection text"

run "$DBDUMP" names "x'; DROP TABLE t; --"
check_status "$status" 1 "TABLE argument with a single quote: not found, status 1"
check_contains "$err" "not found" "TABLE argument with a single quote: not found"
check_eq "$(q names "SELECT survivor FROM public.t")" "still here" "table t is still there after a name with a single quote"

dump "$D/pat1.sql" -t '*.*"; DROP"*' names
check_eq "$(tables_in "$D/pat1.sql")" '"x""; DROP TABLE t; --"."x""; DROP TABLE t; --"' \
	"-t pattern with quoted text between wildcards"
dump "$D/pat2.sql" -n '"Mixed Case"' -n '"select"' names
check_eq "$(tables_in "$D/pat2.sql")" '"Mixed Case"."Order"
"select"."table"' "-n patterns: quoted schema names, one of them a reserved word"
dump "$D/pat3.sql" -t "\"it's\".*" names
check_eq "$(tables_in "$D/pat3.sql")" "\"it's\".\"it's\"" "-t pattern with a single quote"
dump "$D/pat4.sql" -t '"ünï 😀".*' -t '"Mixed Case"."Order"' -T '"Mixed Case".*' names
check_eq "$(tables_in "$D/pat4.sql")" '"ünï 😀"."tâblé with space"' "-T with a quoted schema excludes what -t picked"
dump "$D/pat5.sql" -N '"x""; DROP TABLE t; --"' -N '"select"' names
check_not_contains "$(tables_in "$D/pat5.sql")" 'DROP TABLE t' "-N with the injection-like schema name"
run "$DBDUMP" -t "x'||pg_sleep(5)||'" names
check_status "$status" 1 "-t with SQL in it matches nothing: status 1"
check_eq "$err" "dbdump: no table matches pattern \"x'||pg_sleep(5)||'\"" "-t with SQL in it: the message names the pattern"

# ------------------------------------------------------------ the database name

# A database name with a newline and a statement cannot end the header's
# comment line.
EVILDB=$'evil\nDROP TABLE t; --'
q postgres "CREATE DATABASE \"evil
DROP TABLE t; --\""
q "$EVILDB" "CREATE TABLE t (survivor text); INSERT INTO t VALUES ('still here')"
dump "$D/evildb.sql" "$EVILDB"
if grep -n '^DROP TABLE t' "$D/evildb.sql"; then
	fail "a database name cannot put a statement in the dump"
else
	ok "a database name cannot put a statement in the dump"
fi
newdb r_evildb
restore r_evildb "$D/evildb.sql"
check_eq "$(q r_evildb "SELECT survivor FROM public.t")" "still here" "the evil database's dump restores, t included"

done_testing
