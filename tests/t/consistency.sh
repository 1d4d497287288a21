# Integration tests of consistency under live writes: while a workload moves
# money between accounts (the total never changes) and records each move in
# a ledger that references the accounts, every dump restores to a state in
# which the workload's invariants hold. The dump blocks no writer (ACCESS
# SHARE locks only), --lock-wait-timeout fails fast behind an exclusive
# lock, and --snapshot=ID dumps what the exporting session saw.
# Run by make check, or: DBDUMP=src/dbdump TOP_SRCDIR=. bash tests/t/consistency.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
source "$(dirname "$0")/lib.sh"

D=$TEST_TMP
ACCOUNTS=100
START=1000

newdb bank
# The ledger starts with 200,000 old moves that net to zero per account, so
# reading it takes a while and the workload commits meanwhile.
q bank "CREATE TABLE accounts (id integer PRIMARY KEY, balance bigint NOT NULL);
        INSERT INTO accounts SELECT i, $START FROM generate_series(1, $ACCOUNTS) AS i;
        CREATE TABLE ledger (id bigserial PRIMARY KEY,
                             account_id integer NOT NULL REFERENCES accounts (id),
                             delta bigint NOT NULL,
                             at timestamptz NOT NULL DEFAULT clock_timestamp());
        INSERT INTO ledger (account_id, delta)
             SELECT 1 + i % $ACCOUNTS, CASE WHEN (i / $ACCOUNTS) % 2 = 0 THEN 7 ELSE -7 END
               FROM generate_series(0, 199999) AS i;"

# invariants DB LABEL: the total is unchanged, and each account's balance is
# its start plus its moves in the ledger.
invariants() {
	local db=$1 label=$2
	check_eq "$(q "$db" "SELECT sum(balance) FROM accounts")" $((ACCOUNTS * START)) "$label: the total of all balances is unchanged"
	check_eq "$(q "$db" "SELECT count(*) FROM accounts a
	                      WHERE a.balance <> $START + (SELECT coalesce(sum(delta), 0) FROM ledger l WHERE l.account_id = a.id)")" 0 \
		"$label: every balance matches the ledger"
}

# ------------------------------------------------------------ the workload

cat >"$D/transfer.sql" <<EOF
\\set a random(1, $ACCOUNTS)
\\set b random(1, $ACCOUNTS)
\\set amount random(1, 50)
BEGIN;
UPDATE accounts SET balance = balance - :amount WHERE id = :a;
UPDATE accounts SET balance = balance + :amount WHERE id = :b;
INSERT INTO ledger (account_id, delta) VALUES (:a, -:amount), (:b, :amount);
COMMIT;
EOF
PGBENCH=$PG_CLIENT_BINDIR/pgbench
if [ ! -x "$PGBENCH" ]; then
	fail "pgbench is available for the workload" "not found at $PGBENCH"
	done_testing
fi
# Two clients at 200 transfers a second each; deadlocks between them are
# retried. Ended once the dumps are done: the 600-second limit only bounds a
# test that dies, since a fixed short run ended before the dumps on a busy
# machine and failed the "still writing" checks below.
before=$(q bank "SELECT count(*) FROM ledger")
"$PGBENCH" -n -c 2 -T 600 -R 400 --max-tries=100 -f "$D/transfer.sql" bank >"$D/pgbench.out" 2>&1 &
bench=$!
workload_started() {
	[ "$(q bank "SELECT count(*) FROM ledger")" -gt $((before + 100)) ]
}
wait_for 10 workload_started || fail "the workload is running" "$(cat "$D/pgbench.out")"

seen=()
for spec in plain:"" jobs:"-j 2" file:"-f"; do
	name=${spec%%:*}
	opts=${spec#*:}
	if [ "$opts" = -f ]; then
		run "$DBDUMP" -f "$D/bank-$name.sql" bank
		check_status "$status" 0 "dbdump -f FILE succeeds during the workload"
	else
		# shellcheck disable=SC2086
		dump "$D/bank-$name.sql" $opts bank
	fi
	moving=$(kill -0 "$bench" 2>/dev/null && echo yes || echo no)
	newdb "r_$name"
	restore "r_$name" "$D/bank-$name.sql"
	invariants "r_$name" "dump $name taken during the workload"
	seen+=("$(q "r_$name" "SELECT count(*) FROM ledger")")
	check_eq "$moving" yes "dump $name: the workload was still writing when the dump ended"
done
if [ "${seen[0]}" != "${seen[1]}" ] || [ "${seen[1]}" != "${seen[2]}" ]; then
	ok "the dumps saw different moments of the workload (${seen[*]} ledger rows)"
else
	fail "the dumps saw different moments of the workload" "${seen[*]}"
fi

# ------------------------------------------------------------ no writer waits

# A dump held in the middle of a table (pg_sleep in --where) while writers
# go on with the tables it reads.
PGAPPNAME=consistency_slow "$DBDUMP" --where='ledger:id <> 1000 OR pg_sleep(20) IS NOT NULL' bank >"$D/slow.sql" 2>"$D/slow.err" &
slow=$!
slow_running() {
	[ -n "$(q postgres "SELECT pid FROM pg_stat_activity WHERE application_name = 'consistency_slow' AND wait_event = 'PgSleep'")" ]
}
if wait_for 20 slow_running; then
	ok "a dump is held in the middle of table ledger"
else
	fail "a dump is held in the middle of table ledger" "$(cat "$D/slow.err")"
fi
check_eq "$(q bank "SELECT DISTINCT l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                     WHERE a.application_name = 'consistency_slow' AND l.locktype = 'relation'
                       AND l.relation IN ('accounts'::regclass, 'ledger'::regclass)")" AccessShareLock \
	"the dump holds only ACCESS SHARE locks on the tables"
start=$(date +%s%N)
if q bank "SET lock_timeout = '3s';
           BEGIN;
           UPDATE accounts SET balance = balance - 5 WHERE id = 1;
           UPDATE accounts SET balance = balance + 5 WHERE id = 2;
           INSERT INTO ledger (account_id, delta) VALUES (1, -5), (2, 5);
           DELETE FROM ledger WHERE id = (SELECT min(id) FROM ledger) AND false;
           COMMIT;
           BEGIN; CREATE INDEX ledger_at ON ledger (at); ROLLBACK;" >"$D/writer.out" 2>&1; then
	ok "writers update, insert, delete and build an index while the dump reads"
else
	fail "writers update, insert, delete and build an index while the dump reads" "$(cat "$D/writer.out")"
fi
elapsed=$((($(date +%s%N) - start) / 1000000))
if [ "$elapsed" -lt 3000 ]; then
	ok "the writers did not wait for the dump (${elapsed} ms)"
else
	fail "the writers did not wait for the dump" "${elapsed} ms"
fi
kill "$slow" 2>/dev/null
wait "$slow" 2>/dev/null
kill "$bench" 2>/dev/null
wait "$bench" 2>/dev/null
invariants bank "the source after the workload"

# ------------------------------------------------------------ --lock-wait-timeout

# Another session holds ACCESS EXCLUSIVE on accounts until it is ended.
PGAPPNAME=consistency_locker "$PSQL" -X -q -d bank \
	-c "BEGIN" -c "LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
locker=$!
locker_holds() {
	[ -n "$(q postgres "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
	                    WHERE a.application_name = 'consistency_locker' AND l.mode = 'AccessExclusiveLock' AND l.granted")" ]
}
wait_for 20 locker_holds || fail "another session holds ACCESS EXCLUSIVE on accounts"
start=$(date +%s%N)
run "$DBDUMP" --lock-wait-timeout=1s bank
elapsed=$((($(date +%s%N) - start) / 1000000))
check_status "$status" 1 "--lock-wait-timeout=1s behind an exclusive lock: status 1"
check_eq "$(wc -l <"$TEST_TMP/err")" 1 "--lock-wait-timeout=1s: one line on stderr"
check_contains "$err" "dbdump: " "--lock-wait-timeout=1s: a dbdump message"
check_contains "$err" "lock timeout" "--lock-wait-timeout=1s: the message says it was the lock"
check_not_contains "$out" "$TRAILER" "--lock-wait-timeout=1s: no trailer"
if [ "$elapsed" -lt 8000 ]; then
	ok "--lock-wait-timeout=1s fails fast (${elapsed} ms)"
else
	fail "--lock-wait-timeout=1s fails fast" "${elapsed} ms"
fi
q postgres "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'consistency_locker'" >/dev/null
wait "$locker" 2>/dev/null
run "$DBDUMP" --lock-wait-timeout=1s bank
check_status "$status" 0 "--lock-wait-timeout=1s without a lock in the way succeeds"

# ------------------------------------------------------------ --snapshot

coproc SNAP { "$PSQL" -X -qAt -d bank 2>&1; }
echo "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_export_snapshot();" >&"${SNAP[1]}"
read -r -t 20 snapshot <&"${SNAP[0]}"
if [[ $snapshot =~ ^[0-9A-F-]+$ ]]; then
	ok "a session exported snapshot $snapshot"
else
	fail "a session exported a snapshot" "got: $snapshot"
fi
echo "SELECT count(*) FROM ledger;" >&"${SNAP[1]}"
read -r -t 20 at_export <&"${SNAP[0]}"
q bank "BEGIN;
        UPDATE accounts SET balance = balance - 100 WHERE id = 3;
        UPDATE accounts SET balance = balance + 100 WHERE id = 4;
        INSERT INTO ledger (account_id, delta) VALUES (3, -100), (4, 100);
        COMMIT;
        CREATE TABLE after_export (id integer);"
dump "$D/snap.sql" --snapshot="$snapshot" bank
newdb r_snap
restore r_snap "$D/snap.sql"
check_eq "$(q r_snap "SELECT count(*) FROM ledger")" "$at_export" \
	"--snapshot: the ledger holds what the exporting session saw"
check_eq "$(q r_snap "SELECT count(*) FROM ledger WHERE delta IN (-100, 100)")" 0 \
	"--snapshot: rows inserted after the export are absent"
check_eq "$(q r_snap "SELECT count(*) FROM pg_tables WHERE tablename = 'after_export'")" 0 \
	"--snapshot: a table created after the export is absent"
invariants r_snap "--snapshot"
check_eq "$(q bank "SELECT count(*) FROM ledger")" $((at_export + 2)) "the source has the rows the snapshot dump left out"
echo "COMMIT;" >&"${SNAP[1]}"
exec {SNAP[1]}>&-
wait "$SNAP_PID" 2>/dev/null

run "$DBDUMP" --snapshot="$snapshot" bank
check_status "$status" 1 "--snapshot of a finished transaction: status 1"
check_contains "$err" "dbdump: " "--snapshot of a finished transaction: a dbdump message"
check_not_contains "$out" "$TRAILER" "--snapshot of a finished transaction: no trailer"
run "$DBDUMP" --snapshot="'; DROP TABLE ledger; --" bank
check_status "$status" 2 "--snapshot with SQL in it: a usage error"
check_eq "$(q bank "SELECT count(*) > 0 FROM ledger")" t "--snapshot with SQL in it: nothing was run"

done_testing
