# Integration tests of data fidelity: every built-in type and its edge values
# (tests/fixtures/types.sql) comes back exactly after a dump is restored into
# an empty database, compared column by column with SQL (text form and the
# type's binary send form), whatever the client's or the server's TimeZone,
# and a LATIN1 database comes back with the same bytes.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/types.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP

body() {
	grep -v '^--' "$1"
}

newdb types
restore types "$FIXTURES/types.sql" || done_testing

# One statement per column of every table of the fixture: how many rows, and
# an md5 over the column's values in key order, once over the text forms (each
# quoted, so NULL differs from 'NULL') and, for built-in types, once over the
# binary forms the type's send function gives (bit-exact: -0, NaN payloads,
# the float's every bit, char(n) padding). xml goes through its output
# function: a cast to text would show the stored text, whose version 1.0
# declaration PostgreSQL's output (and so any dump) leaves out.
column_checks=$(q types "
SELECT pg_catalog.format(
         'SELECT %L, count(*), md5(string_agg(coalesce(quote_literal(%s), ''<NULL>''), '','' ORDER BY id))%s FROM ONLY %I.%I;',
         n.nspname || '.' || c.relname || '.' || a.attname,
         CASE WHEN a.atttypid = 'xml'::regtype
              THEN pg_catalog.format('CASE WHEN %I IS NOT NULL THEN format(''%%s'', %I) END', a.attname, a.attname)
              ELSE pg_catalog.format('%I::text', a.attname) END,
         CASE WHEN a.atttypid < 16384 THEN
           pg_catalog.format(', md5(string_agg(coalesce(md5(%s(%I)), ''<NULL>''), '','' ORDER BY id))', t.typsend, a.attname)
         END,
         n.nspname, c.relname)
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
 WHERE c.relkind = 'r' AND n.nspname IN ('public', 'udt') AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY n.nspname, c.relname, a.attnum")
stable="SET extra_float_digits = 3; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres'; SET bytea_output = 'hex'; SET xmloption = content;"

# same_columns SRC DST SCHEMA LABEL: every column of the tables in SCHEMA
# holds the same values in DST as in SRC; one assertion per table.
same_columns() {
	local src=$1 dst=$2 schema=$3 label=$4 checks a b t
	checks=$(grep -F "'$schema." <<<"$column_checks")
	a=$(printf '%s\n%s\n' "$stable" "$checks" | q "$src" 2>&1)
	b=$(printf '%s\n%s\n' "$stable" "$checks" | q "$dst" 2>&1)
	for t in $(cut -d '|' -f 1 <<<"$a" | cut -d . -f 1,2 | sort -u); do
		local ta tb
		ta=$(grep "^$t\." <<<"$a")
		tb=$(grep "^$t\." <<<"$b")
		if [ "$ta" == "$tb" ]; then
			ok "$label: every column of $t holds the same values"
		else
			fail "$label: every column of $t holds the same values" \
				"columns that differ (- $src, + $dst):" \
				"$(diff <(printf '%s\n' "$ta") <(printf '%s\n' "$tb") | grep '^[<>]' | sed 's/^</-/; s/^>/+/')"
		fi
	done
}

# value DB SQL: one value, with the stable settings.
value() {
	printf '%s\n%s\n' "$stable" "$2" | q "$1" 2>&1
}

# ------------------------------------------------------------ built-in types

# Everything but the user-defined types, which need schema support of their own.
dump "$D/builtin.sql" -n public types
newdb r_builtin
restore r_builtin "$D/builtin.sql"
compare_db types r_builtin $(q types "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
same_columns types r_builtin public "built-in types"

# Targeted checks, each against a known value rather than the source.
check_eq "$(value r_builtin "SELECT d::text, float8send(d), r::text, float4send(r) FROM nums WHERE id = 4")" \
	'-0|\x8000000000000000|-0|\x80000000' "float8 and float4 -0 keep their sign bit"
check_eq "$(value r_builtin "SELECT d::text, float8send(d), r::text, float4send(r) FROM nums WHERE id = 6")" \
	'5e-324|\x0000000000000001|1e-45|\x00000001' "the smallest denormals come back bit for bit"
check_eq "$(value r_builtin "SELECT d::text, r::text FROM nums WHERE id = 14")" \
	'1.0000000000000002|1.0000001' "floats that need every digit"
if [ "$PG_SERVER_MAJOR" -ge 14 ]; then
	check_eq "$(value r_builtin "SELECT string_agg(d::text || '/' || r::text || '/' || n::text, ' ' ORDER BY id) FROM nums WHERE id <= 3")" \
		'NaN/NaN/NaN Infinity/Infinity/Infinity -Infinity/-Infinity/-Infinity' "NaN and infinities of float4, float8 and numeric"
else
	check_eq "$(value r_builtin "SELECT string_agg(d::text || '/' || r::text || '/' || coalesce(n::text, 'null'), ' ' ORDER BY id) FROM nums WHERE id <= 3")" \
		'NaN/NaN/NaN Infinity/Infinity/null -Infinity/-Infinity/null' "NaN and infinities of float4 and float8, NaN of numeric"
	skip "numeric infinities" "numeric has them since 14"
fi
check_eq "$(value r_builtin "SELECT n = (repeat('9', 1000) || '.' || repeat('1', 1000))::numeric, scale(n) FROM nums WHERE id = 18")" \
	't|1000' "numeric with 2000 digits comes back whole"
check_eq "$(value r_builtin "SELECT length(n::text), n::text = (SELECT n::text FROM nums WHERE id = 19) FROM nums WHERE id = 19")" \
	"$(value types "SELECT length(n::text), true FROM nums WHERE id = 19")" "numeric with 147,450 digits comes back whole"
check_eq "$(value r_builtin "SELECT i2, i4, i8, o FROM ints WHERE id = 1 UNION ALL SELECT i2, i4, i8, o FROM ints WHERE id = 2")" \
	'-32768|-2147483648|-9223372036854775808|0
32767|2147483647|9223372036854775807|4294967295' "integers at their limits"

want_bytes=$(for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done | md5sum | cut -d ' ' -f 1)
check_eq "$(value r_builtin "SELECT length(b), md5(b) FROM bin WHERE id = 7")" "256|$want_bytes" "bytea holds every byte value 0..255"
check_eq "$(value r_builtin "SELECT b FROM bin WHERE id = 2 UNION ALL SELECT b FROM bin WHERE id = 4")" '\x00
\x5c4e' "bytea \\x00 and a backslash-N"
check_eq "$(value r_builtin "SELECT coalesce(t, '<null>') || '|' || coalesce(length(t), -1) FROM texts WHERE id IN (1, 2, 3, 4) ORDER BY id")" \
	'|0
NULL|4
\N|2
<null>|-1' "empty string, 'NULL', '\\N' and NULL are four different values"
want_ascii=$(for i in $(seq 32 126); do printf "\\$(printf %03o "$i")"; done | md5sum | cut -d ' ' -f 1)
check_eq "$(value r_builtin "SELECT md5(t), length(t) FROM texts WHERE id = 17")" "$want_ascii|95" "every printable ASCII byte"
want_low=$(for i in $(seq 1 127); do printf "\\$(printf %03o "$i")"; done | md5sum | cut -d ' ' -f 1)
check_eq "$(value r_builtin "SELECT md5(t), length(t) FROM texts WHERE id = 18")" "$want_low|127" "every byte from 1 to 127, tabs, newlines and carriage returns included"
check_eq "$(value r_builtin "SELECT t FROM texts WHERE id = 13")" '😀 🎉 𝄞 𠜎 four-byte' "4-byte UTF-8 characters"
check_eq "$(value r_builtin "SELECT octet_length(c), '[' || v || ']' FROM texts WHERE id = 10")" '6|[ab    ]' \
	"char(n) and varchar keep trailing spaces"
check_eq "$(value r_builtin "SELECT t FROM texts WHERE id = 6")" 'back\slash \\ \x41 \101 \t \n \' "backslashes are data"
check_eq "$(value r_builtin "SELECT j::text FROM docs WHERE id = 1")" '{"b":1,  "a":2, "a":3}' \
	"json keeps whitespace, key order and duplicate keys as written"
check_eq "$(value r_builtin "SELECT j::text = E'  {\\n\\t\"x\" : [1 , 2.50, 1e2],\\r\\n \"y\":null }  ' FROM docs WHERE id = 2")" 't' \
	"json keeps newlines, tabs and carriage returns as written"
check_eq "$(value r_builtin "SELECT jb::text FROM docs WHERE id = 6")" "$(value types "SELECT jb::text FROM docs WHERE id = 6")" \
	"jsonb numbers keep their scale"
check_eq "$(value r_builtin "SELECT array_dims(ma), array_dims(ta) FROM arrs WHERE id = 3")" '[-2:-1][3:4]|[-2:-1]' \
	"arrays keep non-default lower bounds"
check_eq "$(value r_builtin "SELECT ta[2], ta[3], ta[4] IS NULL, ta[5] FROM arrs WHERE id = 2")" 'c"d|NULL|t|' \
	"array elements: quotes, 'NULL' and NULL"
check_eq "$(value r_builtin "SELECT tstz FROM times WHERE id = 7")" \
	'1899-12-31 18:06:32+00' "timestamptz with a zone offset in seconds"
# Europe/Amsterdam's local mean time in 1900 (+00:19:32) is in Debian's time
# zone data, which keeps the history before 1970; a server built with its
# own data (scripts/pg-majors') has Amsterdam as a link to Brussels, at +00.
amsterdam_1900=$(value types "SELECT ts3 FROM times WHERE id = 7")
if [ "$amsterdam_1900" = '1899-12-31 23:40:28+00' ]; then
	check_eq "$(value r_builtin "SELECT ts3 FROM times WHERE id = 7")" \
		'1899-12-31 23:40:28+00' "timestamptz with a zone offset in seconds (local mean time)"
else
	check_eq "$(value r_builtin "SELECT ts3 FROM times WHERE id = 7")" "$amsterdam_1900" \
		"timestamptz of a zone's 1900 offset, as the source has it"
	skip "timestamptz with a zone offset in seconds (local mean time)" \
		"this server's time zone data has Europe/Amsterdam at $amsterdam_1900 in 1900, not local mean time"
fi
check_eq "$(value r_builtin "SELECT tz FROM times WHERE id = 7 UNION ALL SELECT tz FROM times WHERE id = 2")" \
	'13:00:00+05:53:28
23:59:59.999999-15:59' "timetz keeps unusual offsets"
check_eq "$(value r_builtin "SELECT d, ts, tstz FROM times WHERE id = 3")" \
	'4713-01-01 BC|4713-01-01 00:00:00 BC|4713-01-01 00:00:00+00 BC' "BC dates and timestamps"
if [ "$PG_SERVER_MAJOR" -ge 15 ]; then
	check_eq "$(value r_builtin "SELECT iv FROM times WHERE id = 9")" \
		'-178956970 years -8 mons -2147483648 days -2562047788:00:54.775807' "interval at its lower limit, negative parts"
else
	skip "interval at its lower limit, negative parts" "the server reads such an interval since 15 (the fixture has NULL)"
fi
check_eq "$(value r_builtin "SELECT count(*) FROM nocols")" 3 "a table with no columns keeps its rows"
check_eq "$(value r_builtin "SELECT string_agg(id || ':' || coalesce(a, '-') || ':' || coalesce(b::text, '-') || ':' || c, ' ' ORDER BY id) FROM dropped")" \
	'1:kept:-0:42 2:-:2.5:42 3:z:-:42' "a table with dropped columns"
check_eq "$(value r_builtin "SELECT string_agg(id || ':' || coalesce(twice::text, '-') || ':' || coalesce(upper_t, '-'), ' ' ORDER BY id) FROM gen")" \
	'1:2:ONE 2:-:- 3:-42:ü' "stored generated columns are recomputed"
check_eq "$(value r_builtin "SELECT string_agg(id::text, ',' ORDER BY id) FROM ident")" '-5,1,100,107,114,2147483647' \
	"identity ALWAYS values are kept"
check_eq "$(value r_builtin "INSERT INTO ident (v) VALUES ('next') RETURNING id")" \
	"$(value types "SELECT last_value + increment_by FROM pg_sequences WHERE sequencename = 'ident_id_seq'")" \
	"the identity sequence goes on where it stood"
check_eq "$(value r_builtin "INSERT INTO ident_default (v) VALUES ('next') RETURNING id")" 3 \
	"an identity BY DEFAULT sequence goes on where it stood"

d=$(cat "$D/builtin.sql")
check_contains "$d" 'INSERT INTO public.gen (id, a, t) VALUES' "generated columns are not inserted"
check_contains "$d" 'INSERT INTO public.ident (id, v) OVERRIDING SYSTEM VALUE VALUES' "identity ALWAYS: OVERRIDING SYSTEM VALUE"
check_contains "$d" 'INSERT INTO public.dropped (id, a, b, c) VALUES' "dropped columns are not named"
check_contains "$d" "INSERT INTO public.nocols DEFAULT VALUES;" "a row without columns is DEFAULT VALUES"
check_contains "$d" ",92233720368547758.07," "money is written as a plain number"
check_contains "$d" ",-92233720368547758.08," "negative money is written as a plain number"
check_not_contains "$(grep '^(' "$D/builtin.sql" | grep -F -e '$92,233')" '$' "money is not written in the server's lc_monetary format"
check_contains "$d" "(4,'0','-99999999.9999','-0','-0')" \
	"numeric and float values are string literals (the type's input function reads them; -0 keeps its sign); integer keys bare"

# ------------------------------------------------------------ time zones

# The client's PGTZ and the server's TimeZone must not change a byte of the
# data, and a restore session with other settings must read it back the same.
q postgres "ALTER DATABASE types SET TimeZone = 'Asia/Kathmandu'; ALTER DATABASE types SET DateStyle = 'SQL, DMY';
            ALTER DATABASE types SET IntervalStyle = 'iso_8601'; ALTER DATABASE types SET lc_monetary = 'C.UTF-8';
            ALTER DATABASE types SET extra_float_digits = -15"
PGTZ=Pacific/Chatham PGDATESTYLE='German' dump "$D/tz1.sql" -n public types
PGTZ=America/St_Johns PGOPTIONS='-c TimeZone=Pacific/Marquesas' dump "$D/tz2.sql" -n public types
check_eq "$(body "$D/tz1.sql" | md5sum)" "$(body "$D/builtin.sql" | md5sum)" \
	"the dump is the same bytes with PGTZ=Pacific/Chatham and the database's TimeZone Asia/Kathmandu"
check_eq "$(body "$D/tz2.sql" | md5sum)" "$(body "$D/builtin.sql" | md5sum)" \
	"the dump is the same bytes with the session's TimeZone Pacific/Marquesas"
newdb r_tz
q postgres "ALTER DATABASE r_tz SET TimeZone = 'Pacific/Kiritimati'; ALTER DATABASE r_tz SET DateStyle = 'SQL, DMY';
            ALTER DATABASE r_tz SET IntervalStyle = 'sql_standard'"
PGTZ=America/Caracas restore r_tz "$D/tz1.sql"
same_columns types r_tz public "restored under TimeZone Pacific/Kiritimati, DateStyle SQL/DMY, IntervalStyle sql_standard"
q postgres "ALTER DATABASE types RESET ALL"

# ------------------------------------------------------------ user-defined types

# Enums, domains, composites and arrays of them. Their values alone first:
# into a database that has the types and empty tables already.
dump "$D/udt-data.sql" -a types udt.things
newdb r_udt_data
restore r_udt_data "$FIXTURES/types.sql"
q r_udt_data "TRUNCATE udt.things"
restore r_udt_data "$D/udt-data.sql"
same_columns types r_udt_data udt "user-defined types, data only"
check_eq "$(value r_udt_data "SELECT ra::text, float8send(ra), (n).r::text FROM udt.things WHERE id = 1")" \
	'-0|\x8000000000000000|-0' "a domain over float8 keeps -0, also inside a composite"
check_eq "$(value r_udt_data "SELECT (p).b FROM udt.things WHERE id = 2")" 'quote"s, and (parens) \ back' \
	"a composite field with quotes, commas, parentheses and a backslash"
check_eq "$(value r_udt_data "SELECT (p).a IS NULL, (p).b IS NULL, p::text FROM udt.things WHERE id = 3")" 't|t|(,)' \
	"a composite of NULL fields is not NULL"

# Then the whole database, types and all, into an empty one.
dump "$D/all.sql" types
newdb r_all
restore r_all "$D/all.sql"
compare_db types r_all
same_columns types r_all udt "user-defined types, whole dump"

# ------------------------------------------------------------ LATIN1

newdb latin LATIN1
"$PSQL" -X -q -v ON_ERROR_STOP=1 -d latin >/dev/null <<'EOF'
SET client_encoding = 'UTF8';
CREATE TABLE public.l (id integer PRIMARY KEY, t text, c char(4), v varchar(300));
INSERT INTO public.l SELECT 1, string_agg(chr(i), '' ORDER BY i), 'é', string_agg(chr(i), '' ORDER BY i DESC)
  FROM generate_series(1, 255) AS i;
INSERT INTO public.l VALUES (2, 'Grüße, señor ÿ ß µ ½ ©', 'Ö', 'naïve café'), (3, NULL, NULL, '');
EOF
want_latin=$(for i in $(seq 1 255); do printf "\\$(printf %03o "$i")"; done | md5sum | cut -d ' ' -f 1)
check_eq "$(q latin "SELECT md5(convert_to(t, 'LATIN1')), octet_length(t) FROM l WHERE id = 1")" "$want_latin|255" \
	"LATIN1 source holds every byte from 1 to 255"
dump "$D/latin.sql" latin
check_contains "$(cat "$D/latin.sql")" "SET client_encoding = 'LATIN1';" "a LATIN1 database is dumped in LATIN1"
if LC_ALL=C grep -q $'Gr\xfc\xdfe' "$D/latin.sql"; then
	ok "the dump holds the database's LATIN1 bytes"
else
	fail "the dump holds the database's LATIN1 bytes" "$(LC_ALL=C grep -a 'INSERT' -A 3 "$D/latin.sql" | head -c 600 | od -c | head)"
fi
newdb r_latin LATIN1
restore r_latin "$D/latin.sql"
check_eq "$(q r_latin "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()")" LATIN1 \
	"the target is a LATIN1 database"
check_eq "$(q r_latin "SELECT string_agg(id || ':' || coalesce(md5(convert_to(t, 'LATIN1')), '-') || ':' || coalesce(md5(convert_to(c, 'LATIN1')), '-') || ':' || md5(convert_to(v, 'LATIN1')), ' ' ORDER BY id) FROM l")" \
	"$(q latin "SELECT string_agg(id || ':' || coalesce(md5(convert_to(t, 'LATIN1')), '-') || ':' || coalesce(md5(convert_to(c, 'LATIN1')), '-') || ':' || md5(convert_to(v, 'LATIN1')), ' ' ORDER BY id) FROM l")" \
	"LATIN1 restores into LATIN1 with the same bytes"
compare_db latin r_latin
# The dump names its encoding, so it also loads into a UTF8 database.
newdb r_latin_utf8
restore r_latin_utf8 "$D/latin.sql"
check_eq "$(q r_latin_utf8 "SELECT t = (SELECT string_agg(chr(i), '' ORDER BY i) FROM generate_series(1, 255) AS i) FROM l WHERE id = 1")" t \
	"LATIN1 dump restored into UTF8: every character converted"

done_testing
