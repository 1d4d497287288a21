/* data: streaming one table's rows out of the server as INSERT statements. */
#include <config.h>

#include "data.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bigval.h"
#include "copytext.h"
#include "log.h"
#include "progress.h"
#include "rows.h"

static int64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void data_split(conn_t *c, table_t *t)
{
	int want = split_count(t->est_bytes / 8192.0, SPLIT_PIECE_BLOCKS);
	PGresult *r;
	buf_t sql;

	split_free(&t->split);
	if (!t->dump_data || want <= 1)
		return;
	/* On PostgreSQL 14 and later every big table is read in ctid ranges, in
	 * physical order, whatever its key: with one job in one sequential scan
	 * (data_dump_all), the cheapest read there is. Key ranges read in key
	 * order are index scans, which read the table through shared_buffers
	 * page by page: even on a table stored in key order they cost as much
	 * as the one scan when the table is already cached there and about
	 * twice as much when it is not (page faults filling the cache), and
	 * several times as much on a table stored out of key order
	 * (doc/PERFORMANCE.md, runs 6, 9 and 12). Nothing but the server's
	 * version decides, so the pieces are the same for any -j. */
	if (c->server_version_num >= 140000) {
		split_by_ctid(&t->split, want);
		return;
	}
	if (!t->split_key || !t->pk_cols)
		return;
	buf_init(&sql);
	buf_printf(&sql, "SELECT pg_catalog.min(%s), pg_catalog.max(%s) FROM ONLY %s", t->split_key,
	           t->split_key, t->qname);
	r = conn_query(c, "reading the key range of a big table", sql.data, 0, NULL);
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) && !PQgetisnull(r, 0, 1))
		split_by_key(&t->split, t->split_key, strtoll(PQgetvalue(r, 0, 0), NULL, 10),
		             strtoll(PQgetvalue(r, 0, 1), NULL, 10), want);
	PQclear(r);
	buf_free(&sql);
}

/* rows_writer's drain: a big value goes out to the sink piece by piece. */
static void drain_to_sink(void *sink)
{
	sink_maybe_flush(sink);
}

void data_end_table(buf_t *out, const table_t *t, const manifest_tally_t *tally)
{
	manifest_table_line(out, t->qname, tally, t->where);
	buf_putc(out, '\n');
}

/* piece WHOLE: the whole table in one scan, whatever its pieces (see
 * data_dump_all). */
#define WHOLE (-1)

/* One table's INSERT writer, with what it was made from. One connection
 * keeps it across the table's pieces, so statements run on over a piece's
 * end: they are cut by the table's row stream alone, as the output's writer
 * cuts them when it joins pieces read in parallel (data_join_row). */
typedef struct table_rows {
	rows_writer_t w;
	enum literal_kind *kinds;
	buf_t collist;
	int ncols; /* the columns read: all but generated ones */
	bool overriding, cast;
} table_rows_t;

static void table_rows_init(table_rows_t *tr, buf_t *out, const table_t *t, const struct options *o)
{
	tr->kinds = xcalloc((size_t)t->ncols + 1, sizeof(enum literal_kind));
	tr->ncols = 0;
	tr->overriding = tr->cast = false;
	buf_init(&tr->collist);
	for (int i = 0; i < t->ncols; i++) {
		const column_t *col = &t->cols[i];
		if (col->generated_expr)
			continue; /* recomputed by the server on restore */
		if (tr->ncols)
			buf_puts(&tr->collist, ", ");
		buf_puts(&tr->collist, col->name);
		tr->cast = tr->cast || col->read_as_numeric || col->read_as_text;
		tr->overriding = tr->overriding || col->identity == 'a';
		tr->kinds[tr->ncols++] = col->lit;
	}
	rows_init(&tr->w, out, t->qname, tr->collist.data, tr->ncols, tr->kinds, tr->overriding,
	          o->on_conflict_do_nothing, o->rows_per_insert, o->insert_bytes);
}

static void table_rows_free(table_rows_t *tr)
{
	rows_free(&tr->w);
	free(tr->kinds);
	buf_free(&tr->collist);
}

/* Whether a parallel job writes a piece of t as bare rows for the output's
 * writer to join (rows_writer_t.tuples): a table in pieces with columns (a
 * row of no columns is a statement of its own, whatever the pieces). */
static bool joined(const table_t *t, int ncols)
{
	return t->split.npieces > 1 && ncols > 0;
}

/* Reads piece `piece` of t (WHOLE: the whole table) and adds its rows to
 * tr's writer, which the caller ends. */
static void dump_rows(conn_t *c, sink_t *out, const table_t *t, int piece, table_rows_t *tr)
{
	buf_t sql;
	copy_field_t *fields = xcalloc((size_t)t->ncols + 2, sizeof(copy_field_t));
	int ncols = 0, nfields;
	rows_writer_t *w = &tr->w;
	PGresult *r;
	char *line, *what;
	int len;
	uint64_t start_bytes = sink_bytes(out), reported = start_bytes, rows = 0;
	int64_t start_ns = monotonic_ns();
	int npieces = t->split.npieces;
	bigval_read_t *bv = bigval_begin(c, t); /* NULL: no value is too big for one message */
	const char *castexpr;

	buf_init(&sql);
	buf_puts(&sql, "COPY (SELECT ");
	for (int i = 0; i < t->ncols; i++) {
		const column_t *col = &t->cols[i];
		if (col->generated_expr)
			continue;
		if (ncols)
			buf_puts(&sql, ", ");
		castexpr = col->read_as_numeric ? "::pg_catalog.numeric" : col->read_as_text ? "::pg_catalog.text" : "";
		if (!bv || !bigval_column(bv, &sql, i, ncols, castexpr))
			buf_printf(&sql, "%s%s", col->name, castexpr);
		ncols++;
	}
	if (bv)
		bigval_flag(bv, &sql);
	nfields = ncols + (bv != NULL);
	buf_printf(&sql, " FROM ONLY %s", t->qname);
	split_where(&sql, t->where, piece == WHOLE ? NULL : &t->split, piece);
	if (t->split.key)
		buf_printf(&sql, " ORDER BY %s", t->pk_cols);
	buf_puts(&sql, ") TO STDOUT");
	/* A whole plain table, its columns as they are: COPY of the table
	 * itself, the same rows and text without a query to parse and plan
	 * (a third of the server's work for a small table; doc/PERFORMANCE.md,
	 * run 12), and about 7% less of the server's work a row on a big one
	 * than the query (run 16). */
	if (t->relkind == 'r' && (piece == WHOLE || npieces <= 1) && !t->where && !t->split.key &&
	    ncols > 0 && !tr->cast && !bv) {
		buf_reset(&sql);
		buf_printf(&sql, "COPY %s (%s) TO STDOUT", t->qname, tr->collist.data);
	}

	log_info(LOG_STATEMENTS, "dumping data of table \"%s.%s\"", t->raw_schema, t->raw_name);
	progress_table(t->raw_name);
	log_info(LOG_STATEMENTS, "statement: %s", sql.data);
	what = xasprintf("reading table \"%s.%s\"", t->raw_schema, t->raw_name);
	r = conn_run(c, what, sql.data);
	if (PQresultStatus(r) != PGRES_COPY_OUT)
		log_fatal("could not read table \"%s.%s\": %s", t->raw_schema, t->raw_name,
			  PQstatus(c->pg) == CONNECTION_BAD ? "the connection to the server was lost"
							    : conn_result_error(r));
	PQclear(r);

	while ((len = conn_get_copy_data(c, &line, what)) > 0) {
		size_t n = (size_t)len;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (nfields > 0) {
			int got = copytext_split(line, n, fields, nfields);
			if (got != nfields)
				log_fatal("could not read table \"%s.%s\": a row came back with %d fields, expected %d",
					  t->raw_schema, t->raw_name, got, nfields);
		}
		if (!bv || !bigval_row(bv, w, fields, &fields[nfields - 1]))
			rows_add(w, fields);
		PQfreemem(line);
		if ((++rows & 1023) == 0) {
			uint64_t now = sink_bytes(out);
			progress_add(1024, now - reported);
			reported = now;
			progress_tick();
		}
		sink_maybe_flush(out);
	}
	if (len == -2)
		log_fatal("could not read table \"%s.%s\": %s", t->raw_schema, t->raw_name,
			  PQstatus(c->pg) == CONNECTION_BAD ? "the connection to the server was lost"
							    : PQerrorMessage(c->pg));
	r = conn_next_result(c, what);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		log_fatal("could not read table \"%s.%s\": %s", t->raw_schema, t->raw_name,
			  PQstatus(c->pg) == CONNECTION_BAD ? "the connection to the server was lost"
							    : conn_result_error(r));
	PQclear(r);
	while ((r = conn_next_result(c, what)) != NULL)
		PQclear(r);
	progress_add(rows & 1023, sink_bytes(out) - reported);
	progress_tick();
	sink_maybe_flush(out);
	{
		char size[32];
		progress_format_bytes(size, sizeof size, (double)(sink_bytes(out) - start_bytes));
		if (piece == WHOLE && npieces > 1)
			log_info(LOG_VERBOSE, "table \"%s.%s\" (%d parts in one scan): %llu rows, %s, %.2f s",
			         t->raw_schema, t->raw_name, npieces, (unsigned long long)rows, size,
			         (double)(monotonic_ns() - start_ns) / 1e9);
		else if (npieces > 1)
			log_info(LOG_VERBOSE, "table \"%s.%s\" part %d of %d: %llu rows, %s, %.2f s",
			         t->raw_schema, t->raw_name, piece + 1, npieces, (unsigned long long)rows,
			         size, (double)(monotonic_ns() - start_ns) / 1e9);
		else
			log_info(LOG_VERBOSE, "table \"%s.%s\": %llu rows, %s, %.2f s", t->raw_schema,
			         t->raw_name, (unsigned long long)rows, size,
			         (double)(monotonic_ns() - start_ns) / 1e9);
	}
	bigval_end(bv);
	free(what);
	free(fields);
	buf_free(&sql);
}

/* Ends tr's last statement and hands its rows' count and digest on. */
static void table_rows_end(table_rows_t *tr, sink_t *out, manifest_tally_t *tally)
{
	rows_finish(&tr->w);
	manifest_tally_merge(tally, &tr->w.tally);
	sink_maybe_flush(out);
	table_rows_free(tr);
}

void data_dump_table(conn_t *c, sink_t *out, const table_t *t, const struct options *o, int piece,
		     manifest_tally_t *tally)
{
	table_rows_t tr;

	table_rows_init(&tr, sink_buffer(out), t, o);
	tr.w.drain = drain_to_sink;
	tr.w.drain_ctx = out;
	tr.w.tuples = joined(t, tr.ncols);
	dump_rows(c, out, t, piece, &tr);
	table_rows_end(&tr, out, tally);
}

void data_dump_all(conn_t *c, sink_t *out, const table_t *t, const struct options *o, manifest_tally_t *tally)
{
	table_rows_t tr;

	table_rows_init(&tr, sink_buffer(out), t, o);
	tr.w.drain = drain_to_sink;
	tr.w.drain_ctx = out;
	/* ctid pieces read one by one are TID range scans, and those read the
	 * table into shared_buffers like any random read: a table bigger than
	 * a quarter of it passes through the whole cache (evicting what the
	 * server's users had there) and the backend takes a page fault on each
	 * 4 kB of shared memory it fills, where a sequential scan reads through
	 * a ring of 256 kB (doc/PERFORMANCE.md, run 9: 1.8x the server CPU of
	 * a raw COPY on a 216 MB table). One sequential scan of the whole
	 * table, in physical order (synchronize_seqscans is off), reads the
	 * same rows in the same order, and since statements do not depend on
	 * pieces, it is a plain COPY of the table when nothing else asks for
	 * a query. */
	if (t->split.npieces > 1 && !t->split.key)
		dump_rows(c, out, t, WHOLE, &tr);
	else
		for (int p = 0; p < t->split.npieces; p++)
			dump_rows(c, out, t, p, &tr);
	table_rows_end(&tr, out, tally);
}

struct data_join {
	table_rows_t tr;
};

data_join_t *data_join_begin(sink_t *out, const table_t *t, const struct options *o)
{
	data_join_t *j = xcalloc(1, sizeof *j);

	table_rows_init(&j->tr, sink_buffer(out), t, o);
	if (!joined(t, j->tr.ncols)) {
		table_rows_free(&j->tr);
		free(j);
		return NULL;
	}
	return j;
}

void data_join_row(void *join, size_t len)
{
	rows_open_text(&((data_join_t *)join)->tr.w, len);
}

void data_join_end(data_join_t *j)
{
	if (!j)
		return;
	rows_finish(&j->tr.w);
	table_rows_free(&j->tr);
	free(j);
}
