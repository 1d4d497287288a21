#!/bin/bash
# nightly-backup.sh: a compressed dump of one database, kept for N days.
#
# Usage: nightly-backup.sh [-d DIR] [-k DAYS] [-l LOGFILE] DBNAME [DBDUMP-OPTION]...
#
#   -d DIR      where the dumps go (default: the current directory; created
#               if missing)
#   -k DAYS     keep this many days of dumps (default: 7)
#   -l LOGFILE  append what happened to LOGFILE instead of stderr
#
# Each run writes DIR/DBNAME-YYYYmmdd-HHMMSS.sql.zst with
# `dbdump -f FILE DBNAME`; dbdump compresses with zstd because of the .zst
# name and writes atomically (a temporary file renamed into place only when
# the whole dump succeeded), so a dump file is never half written. The script
# then checks dbdump's exit status AND that the last line of the
# decompressed dump is dbdump's completion trailer. Only after that do dumps
# of DBNAME older than DAYS days go; a failed run removes nothing, so old
# dumps are never deleted without a good new one.
#
# Connection settings come from libpq's environment (PGHOST, PGPORT, PGUSER,
# PGPASSWORD or ~/.pgpass, PGSERVICE, PGSSLMODE ...) or from DBNAME itself,
# which may be a postgresql:// URI. Extra arguments go to dbdump, e.g. -j 4.
# DBDUMP names the dbdump binary (default: dbdump from PATH).
#
# A crontab line (every night at 03:30, two weeks of dumps):
#   30 3 * * * /usr/local/bin/nightly-backup.sh -d /var/backups/pg -k 14 -l /var/log/nightly-backup.log shop
#
# Exit status: 0 when a new, complete dump was written; 1 otherwise; 2 for a
# usage error.
set -euo pipefail

TRAILER='-- dbdump: dump complete'
prog=${0##*/}

usage() {
	echo "usage: $prog [-d DIR] [-k DAYS] [-l LOGFILE] DBNAME [DBDUMP-OPTION]..." >&2
	exit 2
}

dir=.
keep=7
logfile=
while getopts ':d:k:l:h' opt; do
	case $opt in
	d) dir=$OPTARG ;;
	k) keep=$OPTARG ;;
	l) logfile=$OPTARG ;;
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

# The exit status said yes; the trailer says the file holds the whole dump.
if ! last=$(zstd -dcq -- "$file" | tail -n 1); then
	rm -f -- "$file"
	die "$file does not decompress, old dumps kept"
fi
if [ "$last" != "$TRAILER" ]; then
	rm -f -- "$file"
	die "$file does not end with the completion trailer, old dumps kept"
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
