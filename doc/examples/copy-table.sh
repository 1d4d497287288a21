#!/bin/bash
# copy-table.sh: copy one table from one database to another through a pipe,
# all or nothing.
#
# Usage: copy-table.sh SRC_DB DST_DB TABLE [--where COND]
#
#   TABLE         as SQL spells it: orders, sales.orders, '"OrderLines"'
#   --where COND  copy only the rows for which the SQL condition COND holds
#                 (COND is your own SQL, given to the server as it is)
#
# When DST_DB has no table of that name, its definition is copied with the
# rows (`dbdump SRC_DB TABLE`); when it has one, only the rows are
# (`dbdump -a`), and they must not clash with rows already there; the
# table's own sequences are then set to where they stand in SRC_DB. A new
# table in a schema other than public needs that schema to be missing from
# DST_DB too (the dump creates it), or create the table there first.
# SRC_DB and DST_DB are database names, postgresql:// URIs or conninfo
# strings; libpq's environment (PGHOST, PGUSER, ...) applies to both.
# DBDUMP and PSQL name the programs (default: dbdump and psql from PATH).
#
# Nothing is ever half copied. dbdump --single-transaction wraps its output
# in BEGIN; ... COMMIT; and writes the COMMIT only when the whole table was
# read, so if dbdump fails midway psql reaches the end of its input inside
# an open transaction and the server rolls it back. (psql -1 would not do
# here: it sends its own COMMIT when the input ends, however it ends.)
# psql's ON_ERROR_STOP ends the copy at the first failing statement, and
# pipefail makes the script fail when either side of the pipe does.
#
# Exit status: 0 when the rows arrived; 1 when either side failed; 2 for a
# usage error.
set -euo pipefail

prog=${0##*/}
usage() {
	echo "usage: $prog SRC_DB DST_DB TABLE [--where COND]" >&2
	exit 2
}

args=()
where=
while [ $# -gt 0 ]; do
	case $1 in
	--where)
		[ $# -ge 2 ] || usage
		where=$2
		shift 2
		;;
	--where=*)
		where=${1#--where=}
		shift
		;;
	-h | --help) usage ;;
	-*)
		echo "$prog: unknown option $1" >&2
		usage
		;;
	*)
		args+=("$1")
		shift
		;;
	esac
done
[ ${#args[@]} -eq 3 ] || usage
src=${args[0]}
dst=${args[1]}
table=${args[2]}
dbdump=${DBDUMP:-dbdump}
psql=${PSQL:-psql}

# Does DST_DB have the table? The name goes in as a psql variable, quoted by
# psql (:'table'), never pasted into the SQL text.
exists=$(printf '%s\n' "SELECT pg_catalog.to_regclass(:'table') IS NOT NULL;" |
	"$psql" -X -q -At -v ON_ERROR_STOP=1 -v table="$table" -d "$dst" -f -) || {
	echo "$prog: cannot look up $table in $dst" >&2
	exit 1
}

opts=(--single-transaction)
if [ "$exists" = t ]; then
	opts+=(--data-only)
	what="rows"
else
	what="definition and rows"
fi
[ -n "$where" ] && opts+=(--where="$table:$where")

echo "$prog: copying the $what of $table from $src to $dst" >&2
if ! "$dbdump" "${opts[@]}" "$src" "$table" |
	"$psql" -X -q -v ON_ERROR_STOP=1 -d "$dst" -f - >/dev/null; then
	echo "$prog: FAILED: nothing was copied" >&2
	exit 1
fi
echo "$prog: done" >&2
