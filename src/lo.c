/* lo: large objects as lo_create and lo_put statements. */
#include <config.h>

#include "lo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "progress.h"
#include "quote.h"

/* Bytes read with one lo_get and written with one lo_put: a 256 KiB
 * statement in hex, small enough for any server, few enough round trips. */
#define LO_CHUNK (128 * 1024)

#define ROLE_NAME(oidexpr) "pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(" oidexpr "))"

bool lo_included(const struct options *o)
{
	if (o->mode == DUMP_SCHEMA || o->large_objects == 0)
		return false;
	if (o->large_objects == 1)
		return true;
	return o->tables.n == 0 && o->include_tables.n == 0 && o->include_schemas.n == 0;
}

void lo_estimate(conn_t *c, double *count, double *bytes)
{
	PGresult *r = conn_query(
	    c, "estimating the large objects",
	    "SELECT (SELECT pg_catalog.count(*) FROM pg_catalog.pg_largeobject_metadata),"
	    " c.relpages::pg_catalog.float8 * pg_catalog.current_setting('block_size')::pg_catalog.int4"
	    " FROM pg_catalog.pg_class c WHERE c.oid = 'pg_catalog.pg_largeobject'::pg_catalog.regclass",
	    0, NULL);

	*count = PQntuples(r) ? strtod(PQgetvalue(r, 0, 0), NULL) : 0;
	*bytes = PQntuples(r) ? strtod(PQgetvalue(r, 0, 1), NULL) : 0;
	PQclear(r);
}

static void hex_bytes(buf_t *out, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	buf_puts(out, "'\\x");
	for (size_t i = 0; i < n; i++) {
		buf_putc(out, digits[p[i] >> 4]);
		buf_putc(out, digits[p[i] & 15]);
	}
	buf_putc(out, '\'');
}

/* The bytes of one large object, chunk by chunk, written as lo_put
 * statements to out (NULL: only read) and fed to its digest in row (begun by
 * the caller); returns how many. */
static uint64_t read_data(conn_t *c, sink_t *out, const char *oid, manifest_row_t *row)
{
	uint64_t off = 0;

	for (;;) {
		char offtext[32], lentext[16];
		const char *params[3] = {oid, offtext, lentext};
		PGresult *r;
		size_t n;

		snprintf(offtext, sizeof offtext, "%llu", (unsigned long long)off);
		snprintf(lentext, sizeof lentext, "%d", LO_CHUNK);
		log_info(LOG_STATEMENTS, "statement: SELECT pg_catalog.lo_get(%s, %s, %s)", oid, offtext,
		         lentext);
		r = PQexecParams(
		    c->pg,
		    "SELECT pg_catalog.lo_get($1::pg_catalog.oid, $2::pg_catalog.int8, $3::pg_catalog.int4)",
		    3, NULL, params, NULL, NULL, 1);
		if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
			log_fatal("could not read large object %s: %s", oid,
			          PQstatus(c->pg) == CONNECTION_BAD ? "the connection to the server was lost"
			                                            : conn_result_error(r));
		n = (size_t)PQgetlength(r, 0, 0);
		manifest_row_update(row, PQgetvalue(r, 0, 0), n);
		if (n > 0 && out) {
			buf_t *b = sink_buffer(out);
			buf_printf(b, "SELECT pg_catalog.lo_put('%s', %llu, ", oid, (unsigned long long)off);
			hex_bytes(b, (const unsigned char *)PQgetvalue(r, 0, 0), n);
			buf_puts(b, ");\n");
			sink_maybe_flush(out);
		}
		PQclear(r);
		off += n;
		if (out) {
			progress_add(0, n);
			progress_tick();
		}
		if (n < LO_CHUNK)
			return off;
	}
}

/* Objects per item of the jobs engine: few enough spool files for a
 * million small objects, and a big object is an item of its own anyway
 * when it sits between small ones. */
#define LO_BATCH 64

struct lo_set {
	PGresult *meta;
	const struct options *o;
	manifest_tally_t *tallies; /* one per batch, each written by its own job */
};

lo_set_t *lo_list(conn_t *c, const struct options *o)
{
	lo_set_t *s = xcalloc(1, sizeof *s);

	s->o = o;
	s->meta = conn_query(
	    c, "reading the large objects",
	    "SELECT l.oid, " ROLE_NAME(
	        "l.lomowner") ","
	                      " pg_catalog.obj_description(l.oid, 'pg_largeobject'),"
	                      " CASE WHEN l.lomacl IS NOT NULL THEN"
	                      "  'REVOKE ALL ON LARGE OBJECT ' || l.oid || ' FROM PUBLIC;' || E'\\n' ||"
	                      "  'REVOKE ALL ON LARGE OBJECT ' || l.oid || ' FROM ' || " ROLE_NAME(
	                          "l.lomowner") " || ';' || E'\\n' ||"
	                                        "  COALESCE((SELECT "
	                                        "pg_catalog.string_agg(pg_catalog.format('GRANT %s ON LARGE "
	                                        "OBJECT %s TO %s%s;',"
	                                        "   a.privilege_type, l.oid, CASE WHEN a.grantee = 0 THEN "
	                                        "'PUBLIC' ELSE " ROLE_NAME(
	                                            "a.grantee") " END,"
	                                                         "   CASE WHEN a.is_grantable THEN ' WITH "
	                                                         "GRANT OPTION' ELSE '' END), E'\\n'"
	                                                         "   ORDER BY a.grantee, a.privilege_type) "
	                                                         "|| E'\\n' FROM "
	                                                         "pg_catalog.aclexplode(l.lomacl) a), '')"
	                                                         " END,"
	                                                         /* Its security labels, as pg_dump writes
	                                                            them (any provider's). */
	                                                         " (SELECT pg_catalog.string_agg('SECURITY "
	                                                         "LABEL FOR ' || "
	                                                         "pg_catalog.quote_ident(sl.provider)"
	                                                         "   || ' ON LARGE OBJECT ' || l.oid || ' IS "
	                                                         "' || pg_catalog.quote_literal(sl.label) || "
	                                                         "E';\\n', ''"
	                                                         "   ORDER BY sl.provider) FROM "
	                                                         "pg_catalog.pg_seclabel sl WHERE sl.objoid "
	                                                         "= l.oid"
	                                                         "   AND sl.classoid = "
	                                                         "'pg_catalog.pg_largeobject'::pg_catalog."
	                                                         "regclass AND sl.objsubid = 0)"
	                                                         " FROM pg_catalog.pg_largeobject_metadata l "
	                                                         "ORDER BY l.oid",
	    0, NULL);
	s->tallies = xcalloc((size_t)lo_batches(s) + 1, sizeof *s->tallies);
	return s;
}

void lo_set_free(lo_set_t *s)
{
	if (!s)
		return;
	PQclear(s->meta);
	free(s->tallies);
	free(s);
}

int lo_count(const lo_set_t *s)
{
	return PQntuples(s->meta);
}

int lo_batches(const lo_set_t *s)
{
	return (lo_count(s) + LO_BATCH - 1) / LO_BATCH;
}

void lo_write_batch(conn_t *c, int item, sink_t *out, void *arg)
{
	lo_set_t *s = arg;
	const struct options *o = s->o;
	const PGresult *r = s->meta;
	buf_t *b = sink_buffer(out);
	int n = lo_count(s), first = item * LO_BATCH, last = first + LO_BATCH < n ? first + LO_BATCH : n;
	manifest_row_t row;

	manifest_row_init(&row);
	progress_table("large objects");
	if (item == 0)
		buf_printf(b, "--\n-- large objects (%d)\n--\n\n", n);
	for (int i = first; i < last; i++) {
		const char *oid = PQgetvalue(r, i, 0);
		uint64_t bytes;

		if (o->clean)
			buf_printf(b,
			           "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata"
			           " WHERE oid = '%s';\n",
			           oid);
		buf_printf(b, "SELECT pg_catalog.lo_create('%s');\n", oid);
		if (o->owners)
			buf_printf(b, "ALTER LARGE OBJECT %s OWNER TO %s;\n", oid, PQgetvalue(r, i, 1));
		if (!PQgetisnull(r, i, 2)) {
			buf_printf(b, "COMMENT ON LARGE OBJECT %s IS ", oid);
			quote_literal(b, PQgetvalue(r, i, 2), (size_t)PQgetlength(r, i, 2));
			buf_puts(b, ";\n");
		}
		if (o->privileges && !PQgetisnull(r, i, 3))
			buf_puts(b, PQgetvalue(r, i, 3));
		if (!PQgetisnull(r, i, 4))
			buf_puts(b, PQgetvalue(r, i, 4));
		manifest_lo_begin(&row, oid);
		bytes = read_data(c, out, oid, &row);
		manifest_row_end(&row, &s->tallies[item]);
		progress_add(1, 0);
		log_info(LOG_VERBOSE, "large object %s: %llu bytes", oid, (unsigned long long)bytes);
	}
	manifest_row_free(&row);
	sink_maybe_flush(out);
}

void lo_manifest_write(buf_t *out, const lo_set_t *s)
{
	manifest_tally_t all = {0};

	for (int i = 0; i < lo_batches(s); i++)
		manifest_tally_merge(&all, &s->tallies[i]);
	manifest_lo_line(out, &all);
	buf_putc(out, '\n');
}

void lo_tally_database(conn_t *c, manifest_tally_t *t)
{
	PGresult *r = conn_query(c, "reading the large objects",
	                         "SELECT oid FROM pg_catalog.pg_largeobject_metadata ORDER BY oid", 0, NULL);
	manifest_row_t row;

	memset(t, 0, sizeof *t);
	manifest_row_init(&row);
	for (int i = 0; i < PQntuples(r); i++) {
		manifest_lo_begin(&row, PQgetvalue(r, i, 0));
		read_data(c, NULL, PQgetvalue(r, i, 0), &row);
		manifest_row_end(&row, t);
	}
	manifest_row_free(&row);
	PQclear(r);
}
