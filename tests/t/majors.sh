#!/bin/bash
# Every PostgreSQL major from 12 to 18: the fixtures (schema_objects.sql,
# properties.sql, types.sql, and kinds.sql with one object of every kind of
# src/kind_*.c) are loaded into a server of each major, dumped,
# and restored into an empty database of the same server; the copy must have
# the same catalog fingerprint (tests/fixtures/fingerprint.sql), the same
# pg_dump --schema-only text where Debian's pg_dump can read the server, and
# every row. Then the upgrade path: each older major's dump restores into 18
# with every row; and 18's dump of what 15 has (the fixtures loaded with
# -v fixture_major=15) restores into 15 (the main server's major, when
# DBDUMP_PG_MAJOR makes it another). And each major's roles (-g), with
# their memberships, come back the same after they were dropped; and a role
# that is not a superuser dumps the database it owns; the newest's
# transaction_timeout does not end a dump.
#
# DBDUMP_TEST_MAJORS chooses the majors: a list ("12 16") or "all"; by
# default the oldest and the newest. .ci/run sets "all". Servers other than
# Debian's come from scripts/pg-majors (installed on first use).
. "$(dirname "$0")/lib.sh"

majors=${DBDUMP_TEST_MAJORS:-12 18}
if [ "$majors" = all ]; then
	majors="12 13 14 15 16 17 18"
fi
newest=18

fingerprint() {
	q "$1" <"$FIXTURES/fingerprint.sql" 2>"$TEST_TMP/fingerprint.err" || {
		echo "fingerprint of $1 failed: $(cat "$TEST_TMP/fingerprint.err")"
		return 1
	}
}

# same_fingerprint SRC DST MSG: on the current server.
same_fingerprint() {
	local a b
	if a=$(fingerprint "$1") && b=$(fingerprint "$2") && [ -n "$a" ] && [ "$a" == "$b" ]; then
		ok "$3"
	else
		fail "$3" "$(diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -n 40)"
	fi
}

schema_text() {
	"$PG_CLIENT_BINDIR/pg_dump" --schema-only "$@" | grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict'
}

# load DB FIXTURE... [-- FIXTURE_MAJOR]: the fixtures, held to what
# FIXTURE_MAJOR has.
load() {
	local db=$1 f fm=
	shift
	if [ "${*: -2:1}" = -- ]; then
		fm=${*: -1}
		set -- "${@:1:$#-2}"
	fi
	for f in "$@"; do
		"$PSQL" -X -q -v ON_ERROR_STOP=1 ${fm:+-v fixture_major="$fm"} -d "$db" -f "$FIXTURES/$f" \
			>/dev/null 2>"$TEST_TMP/load.err" || {
			fail "load $f into $db" "$(cat "$TEST_TMP/load.err")"
			return 1
		}
	done
}

# Rows of every table as "table|count|md5" on the current server.
checksums() {
	local tabs
	mapfile -t tabs < <(_lib_tables "$1")
	_lib_checksums "$1" "${tabs[@]}"
}

# round_trip MAJOR SRC: dump SRC, restore it into an empty database of the
# same server, compare; leaves the dump in $TEST_TMP/SRC-MAJOR.sql.
round_trip() {
	local m=$1 src=$2 dump=$TEST_TMP/$2-$1.sql
	run "$DBDUMP" --owners --privileges -f "$dump" "$src"
	check_status "$status" 0 "$m: dump of $src"
	check_eq "$(tail -n 1 "$dump")" "-- dbdump: dump complete" "$m: the dump of $src is complete"
	newdb "$src-copy"
	restore "$src-copy" "$dump"
	same_fingerprint "$src" "$src-copy" "$m: the copy of $src has the same catalog fingerprint"
	if [ "$m" -le 15 ]; then
		check_eq "$(schema_text "$src-copy")" "$(schema_text "$src")" \
			"$m: pg_dump --schema-only is the same for the copy of $src"
	fi
	compare_db "$src" "$src-copy"
	# A dump of the copy is the dump of the source.
	run "$DBDUMP" --owners --privileges -f "$TEST_TMP/again.sql" "$src-copy"
	check_status "$status" 0 "$m: dump of the copy of $src"
	# (sorted: the order of the tables' data follows their sizes, which
	# differ between a database and its copy)
	check_eq "$(grep -v '^--' "$TEST_TMP/again.sql" | LC_ALL=C sort)" "$(grep -v '^--' "$dump" | LC_ALL=C sort)" \
		"$m: dumping the copy of $src gives the same lines"
}

# upgrade MAJOR SRC: SRC's dump restores into the newest major, same rows.
upgrade() {
	local m=$1 src=$2 sums
	# 17 made the largest interval mean infinity: the same text, read by
	# 18, is another value (pg_dump's dumps have it too).
	if [ "$src" = types ] && [ "$m" -lt 17 ]; then
		q "$src" "DELETE FROM public.times WHERE id = 11" >/dev/null
	fi
	sums=$(checksums "$src")
	use_server target
	newdb "$src-from$m"
	restore "$src-from$m" "$TEST_TMP/$src-$m.sql"
	if [ "$src" = types ] && [ "$m" -lt 17 ]; then
		q "$src-from$m" "DELETE FROM public.times WHERE id = 11" >/dev/null
	fi
	check_eq "$(checksums "$src-from$m")" "$sums" "$m: $src restored into $newest holds the same rows"
	use_server "$3"
}

# The roles' side of --all-databases on each major: memberships with their
# options and grantors (16 added INHERIT and SET per grant, several grants of
# one role to one member by different grantors, and the CREATEROLE creator's
# automatic ADMIN grant), 15's privileges on parameters (--privileges), and
# every role attribute, read back from the
# catalog after the roles were dropped and the -g dump restored.
roles_state() {
	local opts="a.admin_option"
	[ "$1" -ge 16 ] && opts="a.admin_option, a.inherit_option, a.set_option"
	q postgres "SELECT r.rolname, m.rolname, g.rolname, $opts FROM pg_auth_members a
		JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
		LEFT JOIN pg_roles g ON g.oid = a.grantor
		WHERE r.rolname LIKE 'g\_%' OR m.rolname LIKE 'g\_%' ORDER BY 1, 2, 3;
	SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
		rolbypassrls, rolconnlimit, rolvaliduntil, rolpassword IS NULL FROM pg_authid
		WHERE rolname LIKE 'g\_%' ORDER BY 1"
	if [ "$1" -ge 15 ]; then
		q postgres "SELECT p.parname, a.grantor::regrole, a.grantee::regrole, a.privilege_type,
			a.is_grantable FROM pg_parameter_acl p, aclexplode(p.paracl) a
			WHERE a.grantee::regrole::text LIKE 'g\_%' ORDER BY 1, 2, 3, 4"
	fi
}

roles_round_trip() {
	local m=$1 before
	q postgres "CREATE ROLE g_admin CREATEROLE; CREATE ROLE g_grp; CREATE ROLE g_a;
		CREATE ROLE g_b NOINHERIT LOGIN CREATEDB REPLICATION BYPASSRLS CONNECTION LIMIT 3
			VALID UNTIL '2030-01-02 03:04:05+00' PASSWORD 'secret';
		GRANT g_grp TO g_admin WITH ADMIN OPTION;
		GRANT g_grp TO g_b GRANTED BY g_admin" >/dev/null
	if [ "$m" -ge 16 ]; then
		q postgres "GRANT g_grp TO g_a WITH INHERIT FALSE, SET FALSE GRANTED BY g_admin;
			GRANT g_grp TO g_a WITH ADMIN TRUE, INHERIT TRUE, SET FALSE;
			SET ROLE g_admin; CREATE ROLE g_made; RESET ROLE" >/dev/null
	else
		q postgres "GRANT g_grp TO g_a WITH ADMIN OPTION" >/dev/null
	fi
	# 15: privileges on parameters, one granted on by its holder.
	if [ "$m" -ge 15 ]; then
		q postgres "GRANT SET ON PARAMETER work_mem TO g_a WITH GRANT OPTION;
			SET ROLE g_a; GRANT SET ON PARAMETER work_mem TO g_b; RESET ROLE;
			GRANT ALTER SYSTEM ON PARAMETER plpgsql.extra_warnings TO g_b" >/dev/null
		# A chain whose grantors were made in the other order (g_a before
		# g_b): each grant must come after the one that gave its grantor
		# the grant option.
		q postgres "GRANT SET ON PARAMETER maintenance_work_mem TO g_b WITH GRANT OPTION;
			SET ROLE g_b; GRANT SET ON PARAMETER maintenance_work_mem TO g_a WITH GRANT OPTION; RESET ROLE;
			SET ROLE g_a; GRANT SET ON PARAMETER maintenance_work_mem TO g_grp; RESET ROLE" >/dev/null
	fi
	before=$(roles_state "$m")
	run "$DBDUMP" -g --privileges -f "$TEST_TMP/roles-$m.sql" postgres
	check_status "$status" 0 "$m: dump of the roles and tablespaces"
	# (the databases' properties, labels among them, read on this major)
	run "$DBDUMP" --all-databases -s -f "$TEST_TMP/all-$m.sql"
	check_status "$status" 0 "$m: --all-databases --schema-only"
	drop_roles "$m"
	restore postgres "$TEST_TMP/roles-$m.sql"
	check_eq "$(roles_state "$m")" "$before" \
		"$m: the roles' memberships (options, grantors) and attributes come back the same"
	[ "$m" -ge 16 ] && check_contains "$before" "g_grp|g_a|g_admin|f|f|f" \
		"$m: the comparison covers a grant without INHERIT and SET by a grantor of its own"
	[ "$m" -ge 15 ] && check_contains "$before" "work_mem|g_a|g_b|SET|f" \
		"$m: the comparison covers a privilege on a parameter granted by its holder"
	[ "$m" -ge 15 ] && check_contains "$before" "maintenance_work_mem|g_a|g_grp|SET|f" \
		"$m: the comparison covers a parameter's grant chain whose grantors were made in reverse order"
	drop_roles "$m"
}

drop_roles() {
	if [ "$1" -ge 15 ]; then
		q postgres "REVOKE SET ON PARAMETER work_mem FROM g_a CASCADE;
			REVOKE SET ON PARAMETER maintenance_work_mem FROM g_b CASCADE;
			REVOKE ALTER SYSTEM ON PARAMETER plpgsql.extra_warnings FROM g_b" >/dev/null
	fi
	q postgres "SET client_min_messages = warning; DROP ROLE IF EXISTS g_made; DROP ROLE g_a, g_b, g_grp, g_admin" >/dev/null
}

# The upgrade target stays up while the older majors come and go; the
# kinds' roles are roles of each server.
start_server target "$newest"
use_server target
q postgres "CREATE ROLE kind_owner; CREATE ROLE kind_reader; CREATE ROLE kind_reader2" >/dev/null

for m in $majors; do
	server=target
	if [ "$m" != "$newest" ]; then
		server=pg$m
		start_server "$server" "$m"
	fi
	use_server "$server"
	v=$(q postgres "SHOW server_version_num")
	check_eq "${v:0:2}" "$m" "the server of major $m runs"

	roles_round_trip "$m"

	# A role that is not a superuser dumps the database it owns: 12 and 13
	# let it read neither pg_subscription's oid nor its connection strings.
	q postgres "SET client_min_messages = warning; DROP DATABASE IF EXISTS owned;
		DROP ROLE IF EXISTS plain_owner; CREATE ROLE plain_owner LOGIN;
		CREATE DATABASE owned OWNER plain_owner TEMPLATE template0" >/dev/null
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -U plain_owner -d owned \
		-c "CREATE TABLE mine (id int PRIMARY KEY, note text); INSERT INTO mine VALUES (1, 'one'), (2, NULL)" \
		>/dev/null 2>&1
	if dump "$TEST_TMP/owned-$m.sql" -U plain_owner owned; then
		newdb owned-copy
		restore owned-copy "$TEST_TMP/owned-$m.sql"
		check_eq "$(q owned-copy "SELECT id, note FROM public.mine ORDER BY id")" "1|one"$'\n'"2|" \
			"$m: the database its owner dumped comes back with its rows"
	fi

	newdb src
	newdb types
	newdb kinds
	if load src schema_objects.sql properties.sql && load types types.sql && load kinds kinds.sql; then
		round_trip "$m" src
		round_trip "$m" types
		round_trip "$m" kinds

		# A materialized view never populated stays so.
		check_eq "$(q src-copy "SELECT relispopulated FROM pg_class WHERE oid = 'props.mv_empty'::regclass")" "f" \
			"$m: a materialized view never populated is not populated in the copy"
		check_not_contains "$(cat "$TEST_TMP/src-$m.sql")" "REFRESH MATERIALIZED VIEW props.mv_empty" \
			"$m: no REFRESH for the materialized view never populated"

		if [ "$m" -lt "$newest" ]; then
			upgrade "$m" src "$server"
			upgrade "$m" types "$server"
			upgrade "$m" kinds "$server"
		fi
	fi

	if [ "$m" = "$newest" ]; then
		# 17's transaction_timeout, set for the database, does not end a
		# dump that lasts longer (on the main connection and on a job's).
		newdb slow
		q slow "CREATE TABLE a (id int); INSERT INTO a VALUES (1), (2);
			ALTER DATABASE slow SET transaction_timeout = '1s'" >/dev/null
		for jobs in 1 2; do
			run "$DBDUMP" -j "$jobs" --where 'a:pg_sleep(0.8) IS NOT NULL' slow
			check_status "$status" 0 "$m: transaction_timeout of the database does not end a dump (-j $jobs)"
		done

		# What the main server's major has (Debian's 15, unless DBDUMP_PG_MAJOR
		# says another), dumped from the newest, restores into it.
		newdb src15
		if load src15 schema_objects.sql properties.sql -- "$PG_SERVER_MAJOR"; then
			run "$DBDUMP" --privileges -f "$TEST_TMP/src15.sql" src15
			check_status "$status" 0 "$m: dump of the fixtures held to $PG_SERVER_MAJOR"
			sums=$(checksums src15)
			use_server main
			newdb src-from$m
			restore src-from$m "$TEST_TMP/src15.sql"
			check_eq "$(checksums src-from$m)" "$sums" "$m: restored into $PG_SERVER_MAJOR, every table holds the same rows"
		fi
		use_server target
		newdb kinds15
		if load kinds15 kinds.sql -- "$PG_SERVER_MAJOR"; then
			run "$DBDUMP" --owners --privileges -f "$TEST_TMP/kinds15.sql" kinds15
			check_status "$status" 0 "$m: dump of the kinds held to $PG_SERVER_MAJOR"
			sums=$(checksums kinds15)
			use_server main
			q postgres "SET client_min_messages = error; DROP ROLE IF EXISTS kind_owner; CREATE ROLE kind_owner;
				DROP ROLE IF EXISTS kind_reader, kind_reader2; CREATE ROLE kind_reader; CREATE ROLE kind_reader2" >/dev/null
			newdb kinds-from$m
			restore kinds-from$m "$TEST_TMP/kinds15.sql"
			check_eq "$(checksums kinds-from$m)" "$sums" "$m: the kinds restored into $PG_SERVER_MAJOR, every table holds the same rows"
		fi
	else
		stop_server "$server"
	fi
done

done_testing
