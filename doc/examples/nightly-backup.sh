#!/bin/bash
# nightly-backup.sh: a compressed dump of one database, kept for N days.
#
# Usage: nightly-backup.sh [-d DIR] [-k DAYS] [-l LOGFILE] [-r SCRATCHDB] DBNAME [DBDUMP-OPTION]...
#
#   -d DIR      where the dumps go (default: the current directory; created
#               if missing)
#   -k DAYS     keep this many days of dumps (default: 7)
#   -l LOGFILE  append what happened to LOGFILE instead of stderr
#   -r SCRATCHDB  also run a restore drill: restore the new dump into
#               SCRATCHDB (dropped and created afresh, on the server libpq's
#               environment names), check it with `dbdump --verify FILE
#               SCRATCHDB`, and drop it again. Give it on one night a week.
#
# Each run writes DIR/DBNAME-YYYYmmdd-HHMMSS.sql.zst with
# `dbdump -f FILE DBNAME`; dbdump compresses with zstd because of the .zst
# name and writes atomically (a temporary file renamed into place only when
# the whole dump succeeded), so a dump file is never half written. The script
# then checks dbdump's exit status AND runs `dbdump --verify FILE`, which
# reads the file back and checks every table's rows against the checksums
# the dump carries, the whole file's digest and the completion trailer (and
# with -r, a restore of it). Only after that do dumps of DBNAME older than
# DAYS days go; a failed run removes nothing, so old dumps are never deleted
# without a good new one.
#
# Connection settings come from libpq's environment (PGHOST, PGPORT, PGUSER,
# PGPASSWORD or ~/.pgpass, PGSERVICE, PGSSLMODE ...) or from DBNAME itself,
# which may be a postgresql:// URI. Extra arguments go to dbdump, e.g. -j 4.
# DBDUMP names the dbdump binary (default: dbdump from PATH).
#
# Crontab lines (every night at 03:30, two weeks of dumps; on Sundays a
# restore drill into the scratch database shop_drill as well):
#   30 3 * * 1-6 /usr/local/bin/nightly-backup.sh -d /var/backups/pg -k 14 -l /var/log/nightly-backup.log shop
#   30 3 * * 0 /usr/local/bin/nightly-backup.sh -d /var/backups/pg -k 14 -l /var/log/nightly-backup.log -r shop_drill shop
#
# Exit status: 0 when a new, complete dump was written; 1 otherwise; 2 for a
# usage error.
set -euo pipefail

prog=${0##*/}

usage() {
	echo "usage: $prog [-d DIR] [-k DAYS] [-l LOGFILE] [-r SCRATCHDB] DBNAME [DBDUMP-OPTION]..." >&2
	exit 2
}

dir=.
keep=7
logfile=
scratch=
while getopts ':d:k:l:r:h' opt; do
	case $opt in
	d) dir=$OPTARG ;;
	k) keep=$OPTARG ;;
	l) logfile=$OPTARG ;;
	r) scratch=$OPTARG ;;
	h) usage ;;
	:) echo "$prog: option -$OPTARG needs a value" >&2; usage ;;
	*) echo "$prog: unknown option -$OPTARG" >&2; usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] && [ -n "$1" ] || usage
db=$1
shift
if ! [[ $keep =~ ^[1-9][0-9]*$ ]]; then
	echo "$prog: -k wants a whole number of days (1 or more), not '$keep'" >&2
	usage
fi
dbdump=${DBDUMP:-dbdump}

# log MESSAGE: one time-stamped line, to the log file or stderr.
log() {
	local line
	line="$(date -u '+%Y-%m-%dT%H:%M:%SZ') $prog[$$]: $db: $*"
	if [ -n "$logfile" ]; then
		printf '%s\n' "$line" >>"$logfile"
	else
		printf '%s\n' "$line" >&2
	fi
}

die() {
	log "FAILED: $*"
	exit 1
}

# A name for the files: DBNAME, or the safe characters of it (a URI or a
# conninfo string holds '/', '=' and blanks).
name=${db//[^A-Za-z0-9._-]/_}
mkdir -p -- "$dir" || die "cannot create directory $dir"

# Two runs at once would race over the retention step: take a lock if we can.
if command -v flock >/dev/null 2>&1; then
	exec 9>>"$dir/.$name.nightly-backup.lock"
	flock -n 9 || die "another $prog is already backing up $db into $dir"
fi

file=$dir/$name-$(date '+%Y%m%d-%H%M%S').sql.zst
[ -e "$file" ] && die "$file already exists (two runs in one second?)"

log "dumping to $file"
start=$SECONDS
# dbdump's messages (warnings, the error) go to the log too.
if ! errors=$("$dbdump" -f "$file" "$@" "$db" 2>&1); then
	rm -f -- "$file" # dbdump leaves none on failure; this is only belt and braces
	die "dbdump failed, old dumps kept: ${errors:-no message}"
fi
[ -n "$errors" ] && log "dbdump said: $errors"

# The exit status said yes; --verify reads the file back and checks it
# against the checksums it carries (every table's rows, the whole file, the
# trailer). Its summary goes to the log.
if ! report=$("$dbdump" --verify "$file" 2>&1); then
	rm -f -- "$file"
	die "$file does not verify, old dumps kept: $(printf '%s\n' "$report" | grep '^dbdump: ' | head -n 1)"
fi
log "verified $file: $(printf '%s\n' "$report" | grep '^total: ')"

# The restore drill: a backup is only proven once it has been restored.
if [ -n "$scratch" ]; then
	dropdb --if-exists -- "$scratch" >/dev/null 2>&1 || true
	createdb -T template0 -- "$scratch" || die "cannot create scratch database $scratch, old dumps kept"
	if ! errors=$(zstd -dcq -- "$file" | psql -X -q -v ON_ERROR_STOP=1 -d "$scratch" 2>&1 >/dev/null); then
		dropdb --if-exists -- "$scratch" >/dev/null 2>&1 || true
		die "restore drill: $file does not restore into $scratch, old dumps kept: $errors"
	fi
	if ! report=$("$dbdump" --verify "$file" "$scratch" 2>&1); then
		dropdb --if-exists -- "$scratch" >/dev/null 2>&1 || true
		die "restore drill: $scratch differs from $file, old dumps kept: $(printf '%s\n' "$report" | grep '^dbdump: ' | tr '\n' ' ')"
	fi
	dropdb -- "$scratch" || log "could not drop scratch database $scratch"
	log "restore drill: $file restores into $scratch with every table's rows intact"
fi

size=$(wc -c <"$file")
log "wrote $file ($size bytes, $((SECONDS - start)) s), complete"

# Retention: only this database's dumps, named as this script names them,
# older than DAYS days (never the one just written).
removed=0
while IFS= read -r -d '' old; do
	[ "$old" -ef "$file" ] && continue
	if rm -f -- "$old"; then
		log "removed $old (older than $keep days)"
		removed=$((removed + 1))
	else
		log "could not remove $old"
	fi
done < <(find "$dir" -maxdepth 1 -type f \
	-name "$name-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9].sql.zst" \
	-mmin +$((keep * 24 * 60)) -print0)
log "done: $removed old dump(s) removed, keeping $keep days"
