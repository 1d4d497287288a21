/* snapshot: the session settings and the one read point every statement of
 * the dump uses. */
#include <config.h>

#include "snapshot.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

bool snapshot_id_valid(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 64)
		return false;
	for (const char *p = id; *p; p++)
		if (!isxdigit((unsigned char)*p) && *p != '-')
			return false;
	return true;
}

/* The snapshot's time, as the dump's header writes it. */
#define SNAPSHOT_TIME_SQL \
	"SELECT pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || ' UTC'"

char *snapshot_begin_pg(conn_t *c, const struct options *o)
{
	const char *enc = PQparameterStatus(c->pg, "server_encoding");
	const char *lock_timeout = o->lock_wait_timeout ? o->lock_wait_timeout : "0";
	char *enc_lit, *timeout_lit, *sql;
	PGresult *r;
	char *when;

	if (o->snapshot && !snapshot_id_valid(o->snapshot))
		log_fatal_status(2, "invalid --snapshot \"%s\": expected an id such as 00000003-0000001B-1",
				 o->snapshot);
	/* Rows travel in the database's own encoding, byte for byte (libpq
	 * follows the server's report of the new client_encoding). */
	enc_lit = enc ? PQescapeLiteral(c->pg, enc, strlen(enc)) : NULL;
	timeout_lit = PQescapeLiteral(c->pg, lock_timeout, strlen(lock_timeout));
	if ((enc && !enc_lit) || !timeout_lit)
		log_fatal("could not quote the session settings: %s", PQerrorMessage(c->pg));
	/* The settings are one round trip: a new backend's start is most of a
	 * small dump's time (doc/PERFORMANCE.md, run 16). search_path is
	 * emptied first: a database's owner may set it to put public before
	 * pg_catalog and shadow an operator there (`||` in the next query) with
	 * a function of his, which would run as the dumping user. */
	sql = xasprintf("SET search_path = ''; %s%s%sSET DateStyle = ISO; SET IntervalStyle = postgres;"
			" SET extra_float_digits = 3; SET TimeZone = 'UTC'; SET statement_timeout = 0;"
			" SET idle_in_transaction_session_timeout = 0; SET bytea_output = hex;"
			" SET row_security = off; SET xmloption = content;"
			/* Rows come out in the same order on every run and for any -j:
			 * no scan joins another one midway, no parallel workers. */
			" SET synchronize_seqscans = off; SET max_parallel_workers_per_gather = 0;"
			/* The catalog queries of a big database cost enough for the
			 * planner to compile them (jit_above_cost), which takes longer
			 * than running them: 0.13 s for the tables query on 2,000
			 * tables, more where it also optimizes (doc/PERFORMANCE.md).
			 * pg_dump turns it off too. */
			" SET jit = off; SET lock_timeout = %s%s",
			enc_lit ? "SET client_encoding = " : "", enc_lit ? enc_lit : "", enc_lit ? "; " : "",
			timeout_lit,
			/* 17's transaction_timeout (a role's or database's, or
			 * PGOPTIONS') would end a dump that lasts longer, as
			 * statement_timeout would; pg_dump turns it off too. */
			c->server_version_num >= 170000 ? "; SET transaction_timeout = 0" : "");
	if (enc_lit)
		PQfreemem(enc_lit);
	PQfreemem(timeout_lit);
	conn_exec(c, "setting up the session", sql);
	free(sql);
	if (o->snapshot) {
		conn_exec(c, "starting the snapshot", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
		sql = xasprintf("SET TRANSACTION SNAPSHOT '%s'", o->snapshot);
		conn_exec(c, "joining the exported snapshot", sql);
		free(sql);
		r = conn_query(c, "reading the snapshot time", SNAPSHOT_TIME_SQL, 0, NULL);
	} else {
		/* BEGIN and the first query in one round trip. */
		r = conn_query(c, "starting the snapshot",
			       "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; " SNAPSHOT_TIME_SQL, -1, NULL);
	}
	when = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return when;
}

void snapshot_reset_search_path(conn_t *c)
{
	conn_exec(c, "restoring search_path", "RESET search_path");
}

void snapshot_clear_search_path(conn_t *c)
{
	PQclear(conn_query(c, "clearing search_path", "SELECT pg_catalog.set_config('search_path', '', false)",
			   0, NULL));
}
