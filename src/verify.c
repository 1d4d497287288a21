/* verify: dbdump --verify FILE [DBNAME]: prove a dump file whole, and a
 * restored database equal to it. */
#include <config.h>

#include "verify.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "catalog.h"
#include "conn.h"
#include "data.h"
#include "dump_crdb.h"
#include "lo.h"
#include "log.h"
#include "manifest.h"
#include "sink.h"
#include "snapshot.h"
#include "verify_scan.h"

#define CHUNK (1024 * 1024)

static const unsigned char zstd_magic[4] = {0x28, 0xb5, 0x2f, 0xfd};

/* Reads up to n bytes, retrying short reads; -1 on error. */
static ssize_t read_full(int fd, char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Feeds the whole input to scan, decompressing when it starts with zstd's
 * magic number. Returns false with a message in err when the input cannot
 * be read (the scan's own verdict is the scan's). */
static bool read_input(int fd, const char *name, verify_scan_t *scan, bool *zstd, bool *mid_frame, buf_t *err)
{
	char *in = xmalloc(CHUNK), *out = NULL;
	ssize_t n = read_full(fd, in, sizeof zstd_magic);
	ZSTD_DCtx *dc = NULL;
	bool ok = true;

	*mid_frame = false;
	*zstd = n == (ssize_t)sizeof zstd_magic && memcmp(in, zstd_magic, sizeof zstd_magic) == 0;
	if (n < 0)
		goto read_error;
	if (!*zstd) {
		if (!verify_scan_feed(scan, in, (size_t)n))
			goto done;
		while ((n = read_full(fd, in, CHUNK)) > 0)
			if (!verify_scan_feed(scan, in, (size_t)n))
				goto done;
		if (n < 0)
			goto read_error;
		goto done;
	}
	dc = ZSTD_createDCtx();
	out = xmalloc(CHUNK);
	if (!dc)
		xalloc_die();
	for (;;) {
		ZSTD_inBuffer ib = {in, (size_t)n, 0};
		while (ib.pos < ib.size) {
			ZSTD_outBuffer ob = {out, CHUNK, 0};
			size_t r = ZSTD_decompressStream(dc, &ob, &ib);
			if (ZSTD_isError(r)) {
				buf_printf(err,
				           "the zstd data of \"%s\" is damaged after byte %" PRIu64
				           " of the dump: %s",
				           name, verify_scan_bytes(scan) + ob.pos, ZSTD_getErrorName(r));
				ok = false;
				goto done;
			}
			*mid_frame = r != 0;
			if (!verify_scan_feed(scan, out, ob.pos))
				goto done;
		}
		/* Whatever the decoder still holds from the last input. */
		for (;;) {
			ZSTD_inBuffer none = {in, 0, 0};
			ZSTD_outBuffer ob = {out, CHUNK, 0};
			size_t r;
			if (!*mid_frame)
				break;
			r = ZSTD_decompressStream(dc, &ob, &none);
			if (ZSTD_isError(r) || ob.pos == 0)
				break;
			*mid_frame = r != 0;
			if (!verify_scan_feed(scan, out, ob.pos))
				goto done;
		}
		n = read_full(fd, in, CHUNK);
		if (n < 0)
			goto read_error;
		if (n == 0)
			break;
	}
	goto done;
read_error:
	buf_printf(err, "could not read \"%s\": %s", name, strerror(errno));
	ok = false;
done:
	ZSTD_freeDCtx(dc);
	free(in);
	free(out);
	return ok;
}

static void summary(buf_t *b, const char *name, bool zstd, verify_scan_t *scan)
{
	int ndbs, ntables;
	const verify_database_t *dbs = verify_scan_databases(scan, &ndbs);
	const verify_table_t *tables = verify_scan_tables(scan, &ntables);
	uint64_t rows = 0, bytes = 0;

	buf_printf(b, "file: %s (%s), %" PRIu64 " bytes of dump\n", name, zstd ? "zstd" : "plain",
	           verify_scan_bytes(scan));
	for (int d = 0; d < ndbs; d++) {
		buf_printf(b, "database: \"%s\"\n", dbs[d].name);
		buf_printf(b, "  server: %s\n", dbs[d].server ? dbs[d].server : "?");
		buf_printf(b, "  %s\n", dbs[d].moment ? dbs[d].moment : "snapshot: ?");
		buf_printf(b, "  contents: %s\n", dbs[d].contents ? dbs[d].contents : "?");
		for (int i = 0; i < ntables; i++) {
			if (tables[i].database != d)
				continue;
			/* Encoded as on the manifest line: a name or condition may
			 * hold a newline. */
			buf_puts(b, "  table ");
			manifest_encode(b, tables[i].name, false);
			buf_printf(b, ": %" PRIu64 " rows, %" PRIu64 " bytes", tables[i].tally.rows,
			           tables[i].bytes);
			if (tables[i].where) {
				buf_puts(b, ", where ");
				manifest_encode(b, tables[i].where, false);
			}
			buf_putc(b, '\n');
			rows += tables[i].tally.rows;
			bytes += tables[i].bytes;
		}
		if (dbs[d].has_lo)
			buf_printf(b, "  large objects: %" PRIu64 "\n", dbs[d].lo.rows);
	}
	buf_printf(b, "total: %d tables, %" PRIu64 " rows, %" PRIu64 " bytes of rows\n", ntables, rows,
	           bytes);
}

/* A name as messages show it (see manifest_encode); the caller frees it. */
static char *shown(const char *name)
{
	buf_t b;

	buf_init(&b);
	buf_puts(&b, "");
	manifest_encode(&b, name, false);
	return b.data;
}

/* Compares one table read from the database with its manifest line: a line
 * on out, and on stderr when it differs. Returns 1 when it differs. */
static int compare_table(buf_t *out, const char *name, const char *dbname, const manifest_tally_t *got,
                         const verify_table_t *m)
{
	if (got->rows != m->tally.rows) {
		log_error("table %s has %" PRIu64 " rows in database \"%s\" where the dump has %" PRIu64,
		          name, got->rows, dbname, m->tally.rows);
		buf_printf(out, "  table %s: %" PRIu64 " rows, the dump has %" PRIu64 "\n", name, got->rows,
		           m->tally.rows);
		return 1;
	}
	if (!manifest_tally_equal(got, &m->tally)) {
		log_error("table %s's rows in database \"%s\" do not match the dump's digest", name, dbname);
		buf_printf(out, "  table %s: %" PRIu64 " rows, different from the dump's\n", name, got->rows);
		return 1;
	}
	buf_printf(out, "  table %s: %" PRIu64 " rows, the same\n", name, got->rows);
	return 0;
}

static int missing_table(buf_t *out, const char *name, const char *dbname)
{
	log_error("table %s is not in database \"%s\"", name, dbname);
	buf_printf(out, "  table %s: missing\n", name);
	return 1;
}

/* The restore drill on CockroachDB: the tables read as of one moment through
 * the CockroachDB dump's own path (dump_crdb.c). */
static int verify_crdb(conn_t *c, const struct options *o, const verify_table_t *tables, int ntables,
                       buf_t *out)
{
	const char **names = xcalloc((size_t)ntables + 1, sizeof *names);
	const char **wheres = xcalloc((size_t)ntables + 1, sizeof *wheres);
	manifest_tally_t *got = xcalloc((size_t)ntables + 1, sizeof *got);
	bool *found = xcalloc((size_t)ntables + 1, sizeof *found);
	char *when;
	int differ = 0;

	for (int i = 0; i < ntables; i++) {
		names[i] = tables[i].name;
		wheres[i] = tables[i].where;
	}
	when = dump_crdb_verify_tables(c, o, ntables, names, wheres, got, found);
	buf_printf(out, "database check: \"%s\" as of system time %s\n", conn_dbname(c), when);
	for (int i = 0; i < ntables; i++) {
		char *name = shown(tables[i].name);
		differ += found[i] ? compare_table(out, name, conn_dbname(c), &got[i], &tables[i])
		                   : missing_table(out, name, conn_dbname(c));
		free(name);
	}
	free(when);
	free(names);
	free(wheres);
	free(got);
	free(found);
	return differ;
}

/* The large objects of the database (in c's snapshot) against the dump's
 * line for them. Returns 1 when they differ. */
static int compare_large_objects(conn_t *c, buf_t *out, const manifest_tally_t *m)
{
	manifest_tally_t got;

	lo_tally_database(c, &got);
	if (got.rows != m->rows) {
		log_error("database \"%s\" has %" PRIu64 " large objects where the dump has %" PRIu64,
		          conn_dbname(c), got.rows, m->rows);
		buf_printf(out, "  large objects: %" PRIu64 ", the dump has %" PRIu64 "\n", got.rows,
		           m->rows);
		return 1;
	}
	if (!manifest_tally_equal(&got, m)) {
		log_error("the large objects in database \"%s\" do not match the dump's digest",
		          conn_dbname(c));
		buf_printf(out, "  large objects: %" PRIu64 ", different from the dump's\n", got.rows);
		return 1;
	}
	buf_printf(out, "  large objects: %" PRIu64 ", the same\n", got.rows);
	return 0;
}

/* The restore drill on PostgreSQL: every table of the manifest read again
 * through the dump's own COPY-and-literal path, and the large objects when
 * the manifest has their line, in one snapshot. */
static int verify_pg(conn_t *c, const struct options *o, const verify_table_t *tables, int ntables,
                     const verify_database_t *db, int *lo_differ, buf_t *out)
{
	char *when = snapshot_begin_pg(c, o);
	catalog_t *cat;
	sink_t *discard;
	int differ = 0;

	cat = catalog_load_pg(c, o);
	discard = sink_open_discard();
	buf_printf(out, "database check: \"%s\" as of %s\n", conn_dbname(c), when);
	for (int i = 0; i < ntables; i++) {
		const verify_table_t *m = &tables[i];
		table_t *t = NULL;
		manifest_tally_t got = {0};
		char *name = shown(m->name);

		for (int k = 0; k < cat->ntables && !t; k++)
			if (strcmp(cat->tables[k].qname, m->name) == 0)
				t = &cat->tables[k];
		if (!t) {
			differ += missing_table(out, name, conn_dbname(c));
			free(name);
			continue;
		}
		free(t->where);
		t->where = m->where ? xstrdup(m->where) : NULL;
		data_dump_table(c, discard, t, o, 0, &got);
		differ += compare_table(out, name, conn_dbname(c), &got, m);
		free(name);
	}
	sink_close(discard);
	if (db && db->has_lo)
		*lo_differ = compare_large_objects(c, out, &db->lo);
	PQclear(PQexec(c->pg, "COMMIT"));
	catalog_free(cat);
	free(when);
	return differ;
}

/* The restore drill: every table of the manifest read again from the
 * database, through the dump's own path, at one moment. */
static int verify_database(const struct options *o, verify_scan_t *scan, buf_t *out)
{
	int ntables, ndbs, differ, lo_differ = 0;
	bool on_crdb;
	const verify_table_t *tables = verify_scan_tables(scan, &ntables);
	const verify_database_t *dbs = verify_scan_databases(scan, &ndbs);
	conn_t *c;

	if (verify_scan_all_databases(scan)) {
		log_error(
		    "--verify against a database takes a dump of one database; this is an --all-databases "
		    "dump: verify the file alone, or dump each database apart to drill each restore");
		return 1;
	}
	c = conn_open(o, NULL);
	on_crdb = c->kind == SERVER_COCKROACH;
	if (on_crdb) {
		differ = verify_crdb(c, o, tables, ntables, out);
		/* CockroachDB has no large objects: a dump that holds some was not
		 * restored here whole, whatever its tables say. */
		if (ndbs && dbs[0].has_lo && dbs[0].lo.rows > 0) {
			log_error("the dump holds %" PRIu64 " large objects, which a CockroachDB database "
			          "cannot hold: verify it against a PostgreSQL database",
			          dbs[0].lo.rows);
			lo_differ = 1;
		}
	} else
		differ = verify_pg(c, o, tables, ntables, ndbs ? &dbs[0] : NULL, &lo_differ, out);
	conn_close(c);
	if (!differ && !lo_differ)
		buf_printf(out, "database verdict: all %d tables%s match the dump\n", ntables,
		           ndbs && dbs[0].has_lo && !on_crdb ? " and the large objects" : "");
	else if (!lo_differ)
		buf_printf(out, "database verdict: %d of %d tables differ\n", differ, ntables);
	else if (!differ)
		buf_puts(out, "database verdict: the large objects differ\n");
	else
		buf_printf(out, "database verdict: %d of %d tables and the large objects differ\n", differ,
		           ntables);
	return differ || lo_differ ? 1 : 0;
}

int verify_run(const struct options *o)
{
	const char *path = o->verify_file;
	bool stdin_input = strcmp(path, "-") == 0;
	const char *name = stdin_input ? "standard input" : path;
	int fd = stdin_input ? STDIN_FILENO : open(path, O_RDONLY);
	verify_scan_t *scan;
	bool zstd = false, mid_frame = false, ok;
	buf_t err, out;
	int status = 0;

	if (fd < 0) {
		log_error("could not open \"%s\": %s", path, strerror(errno));
		return 1;
	}
	buf_init(&err);
	buf_init(&out);
	scan = verify_scan_new();
	if (!read_input(fd, name, scan, &zstd, &mid_frame, &err)) {
		log_error("%s", err.data);
		status = 1;
		goto done;
	}
	ok = verify_scan_finish(scan, mid_frame);
	summary(&out, name, zstd, scan);
	if (!ok) {
		buf_printf(&out, "verdict: %s: %s\n",
		           verify_scan_no_manifest(scan) ? "cannot verify" : "damaged",
		           verify_scan_error(scan));
		fputs(out.data, stdout);
		log_error("%s: %s", name, verify_scan_error(scan));
		status = 1;
		goto done;
	}
	buf_puts(&out,
	         "verdict: the file is whole: every table matches its manifest, and the file its digest\n");
	fputs(out.data, stdout);
	buf_reset(&out);
	if (o->dbname) {
		fflush(stdout);
		status = verify_database(o, scan, &out);
		fputs(out.data ? out.data : "", stdout);
	}
done:
	if (!stdin_input)
		close(fd);
	verify_scan_free(scan);
	buf_free(&err);
	buf_free(&out);
	return status;
}
