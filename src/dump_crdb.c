/* dump_crdb: one CockroachDB database dumped as of one moment (the libpq side
 * of catalog_crdb: everything it decides is decided there). */
#include <config.h>

#include "dump_crdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asof.h"
#include "catalog_crdb.h"
#include "copytext.h"
#include "crdb.h"
#include "crdb_roles.h"
#include "jobs.h"
#include "listing.h"
#include "log.h"
#include "progress.h"
#include "rows.h"

typedef struct crdb_session {
	conn_t *c;
	sink_t *out;
	struct crdb_jobs *jobs; /* -j: where the data sections come from */
	const char *begin;      /* the BEGIN AS OF SYSTEM TIME of every connection */
} crdb_session_t;

/* Set once COPY ... TO STDOUT has been refused for want of a privilege (the
 * documentation gives COPY to the admin role): every connection reads with
 * SELECT from then on. Workers are threads. */
static _Atomic bool copy_refused;

/* The server's message for a failed result, or for the lost connection,
 * explained when CockroachDB's history rules are behind it. */
static const char *server_error(conn_t *c, const PGresult *r, buf_t *msg)
{
	if (PQstatus(c->pg) == CONNECTION_BAD)
		return "the connection to the server was lost";
	return crdb_explain_error(r ? conn_result_error(r) : PQerrorMessage(c->pg), msg);
}

_Noreturn static void fail(conn_t *c, const PGresult *r, const char *what, const char *sql)
{
	buf_t msg;

	buf_init(&msg);
	if (sql && log_level() >= LOG_VERBOSE)
		log_fatal("%s failed: %s (statement: %s)", what, server_error(c, r, &msg), sql);
	log_fatal("%s failed: %s", what, server_error(c, r, &msg));
}

static PGresult *query(conn_t *c, const char *what, const char *sql, int nparams, const char *const *params)
{
	PGresult *r;
	ExecStatusType st;

	log_info(LOG_STATEMENTS, "statement: %s", sql);
	r = conn_run_params(c, what, sql, nparams, params);
	st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
		fail(c, r, what, sql);
	return r;
}

/* A result's cells as catalog_crdb reads them; free the array, not the
 * strings (they belong to r). */
static crdb_result_t result_cells(const PGresult *r)
{
	crdb_result_t out;
	size_t rows = (size_t)PQntuples(r), cols = (size_t)PQnfields(r);
	const char **cells = xcalloc(rows * cols + 1, sizeof(char *));

	for (size_t i = 0; i < rows; i++)
		for (size_t k = 0; k < cols; k++)
			cells[i * cols + k] =
			    PQgetisnull(r, (int)i, (int)k) ? NULL : PQgetvalue(r, (int)i, (int)k);
	out.cells = cells;
	out.nrows = rows;
	out.ncols = cols;
	return out;
}

/* Settings that make the text of values what crdb_quote_value expects. A
 * server that refuses one (an older version) still gives usable text. */
static void apply_session_settings(conn_t *c)
{
	for (const char *const *s = crdb_session_settings(); *s; s++) {
		PGresult *r;
		log_info(LOG_STATEMENTS, "statement: %s", *s);
		r = conn_run(c, "setting up the session", *s);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			log_info(LOG_VERBOSE, "CockroachDB refused \"%s\" (%s); going on without it", *s,
			         conn_result_error(r));
		PQclear(r);
	}
}

/* The dump's one moment: --as-of (an interval resolved against the cluster's
 * clock, so every statement reads the same instant), else the cluster's
 * clock itself. */
static asof_t read_moment(conn_t *c, const struct options *o)
{
	PGresult *r = query(c, "reading the cluster's timestamp", crdb_timestamp_query(), 0, NULL);
	asof_t now, ts;
	buf_t err;

	buf_init(&err);
	if (PQntuples(r) != 1 || !asof_parse(PQgetvalue(r, 0, 0), &now, &err) || now.kind != ASOF_HLC)
		log_fatal("reading the cluster's timestamp failed: unexpected answer \"%s\"",
		          PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	buf_free(&err);
	if (!o->as_of)
		return now;
	if (!asof_resolve(&o->as_of_value, now.wall_ns, &ts))
		log_fatal_status(2, "invalid --as-of value \"%s\": it reaches back before 1970", o->as_of);
	if (ts.wall_ns > now.wall_ns) {
		buf_t msg;
		buf_init(&msg);
		log_fatal("%s", crdb_explain_error(
		                    "AS OF SYSTEM TIME: cannot specify timestamp in the future", &msg));
	}
	return ts;
}

static void table_rows_select(crdb_session_t *s, const crdb_rel_t *t, const crdb_table_plan_t *p, int piece,
                              rows_writer_t *w);

static void table_rows_copy(crdb_session_t *s, const crdb_rel_t *t, const crdb_table_plan_t *p, int piece,
                            rows_writer_t *w)
{
	conn_t *c = s->c;
	copy_field_t *fields = xcalloc((size_t)p->ncols + 1, sizeof *fields);
	buf_t sql, msg, step;
	PGresult *r;
	char *line;
	int len;

	buf_init(&sql);
	buf_init(&msg);
	buf_init(&step);
	crdb_copy_query(&sql, t->qname, p->collist, t->where, &t->split, piece);
	log_info(LOG_STATEMENTS, "statement: %s", sql.data);
	buf_printf(&step, "reading table \"%s.%s\"", t->schema, t->name);
	r = conn_run(c, step.data, sql.data);
	if (PQresultStatus(r) == PGRES_FATAL_ERROR && PQresultErrorField(r, PG_DIAG_SQLSTATE) &&
	    strcmp(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501") == 0) {
		/* The failed COPY ended the transaction; one begun again at the
		 * same moment reads the very same data. */
		log_info(LOG_VERBOSE, "COPY refused (%s): reading with SELECT at the same moment",
		         conn_result_error(r));
		PQclear(r);
		copy_refused = true;
		PQclear(query(c, "ending the transaction COPY aborted", "ROLLBACK", 0, NULL));
		PQclear(query(c, "starting the transaction AS OF SYSTEM TIME again", s->begin, 0, NULL));
		buf_free(&sql);
		buf_free(&msg);
		buf_free(&step);
		free(fields);
		table_rows_select(s, t, p, piece, w);
		return;
	}
	if (PQresultStatus(r) != PGRES_COPY_OUT)
		log_fatal("could not read table \"%s.%s\": %s", t->schema, t->name, server_error(c, r, &msg));
	PQclear(r);
	while ((len = conn_get_copy_data(c, &line, step.data)) > 0) {
		size_t n = (size_t)len;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (p->ncols > 0) {
			int got = copytext_split(line, n, fields, p->ncols);
			if (got != p->ncols)
				log_fatal("could not read table \"%s.%s\": a row came back with %d fields, "
				          "expected %d",
				          t->schema, t->name, got, p->ncols);
		}
		rows_add(w, fields);
		PQfreemem(line);
		sink_maybe_flush(s->out);
	}
	if (len == -2)
		log_fatal("could not read table \"%s.%s\": %s", t->schema, t->name,
		          server_error(c, NULL, &msg));
	r = conn_next_result(c, step.data);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		log_fatal("could not read table \"%s.%s\": %s", t->schema, t->name, server_error(c, r, &msg));
	PQclear(r);
	while ((r = conn_next_result(c, step.data)) != NULL)
		PQclear(r);
	buf_free(&sql);
	buf_free(&msg);
	buf_free(&step);
	free(fields);
}

/* Before v23.1: a plain SELECT, one row at a time, so memory stays flat. */
static void table_rows_select(crdb_session_t *s, const crdb_rel_t *t, const crdb_table_plan_t *p, int piece,
                              rows_writer_t *w)
{
	conn_t *c = s->c;
	copy_field_t *fields = xcalloc((size_t)p->ncols + 1, sizeof *fields);
	buf_t sql, msg, step;
	PGresult *r;
	bool ok = false;

	buf_init(&sql);
	buf_init(&msg);
	buf_init(&step);
	buf_printf(&step, "reading table \"%s.%s\"", t->schema, t->name);
	crdb_rows_query(&sql, t->qname, p->collist, t->where, &t->split, piece, NULL);
	log_info(LOG_STATEMENTS, "statement: %s", sql.data);
	if (!PQsendQuery(c->pg, sql.data) || !PQsetSingleRowMode(c->pg))
		log_fatal("could not read table \"%s.%s\": %s", t->schema, t->name,
		          server_error(c, NULL, &msg));
	while ((r = conn_next_result(c, step.data)) != NULL) {
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_SINGLE_TUPLE) {
			for (int i = 0; i < p->ncols; i++) {
				fields[i].isnull = PQgetisnull(r, 0, i);
				fields[i].ptr = PQgetvalue(r, 0, i);
				fields[i].len = (size_t)PQgetlength(r, 0, i);
			}
			rows_add(w, fields);
			sink_maybe_flush(s->out);
		} else if (st == PGRES_TUPLES_OK) {
			ok = true;
		} else {
			log_fatal("could not read table \"%s.%s\": %s", t->schema, t->name,
			          server_error(c, r, &msg));
		}
		PQclear(r);
	}
	if (!ok)
		log_fatal("could not read table \"%s.%s\": %s", t->schema, t->name,
		          server_error(c, NULL, &msg));
	buf_free(&sql);
	buf_free(&msg);
	buf_free(&step);
	free(fields);
}

static void table_rows(void *ctx, const crdb_rel_t *t, const crdb_table_plan_t *p, int piece,
                       rows_writer_t *w)
{
	crdb_session_t *s = ctx;

	log_info(LOG_STATEMENTS, "dumping data of table \"%s.%s\"", t->schema, t->name);
	progress_table(t->name);
	if (crdb_supports_copy_to(s->c->crdb_version_num) && !copy_refused)
		table_rows_copy(s, t, p, piece, w);
	else
		table_rows_select(s, t, p, piece, w);
	progress_add(w->rows_total, 0);
	progress_tick();
	if (t->split.npieces > 1)
		log_info(LOG_VERBOSE, "table \"%s.%s\" part %d of %d: %llu rows", t->schema, t->name,
		         piece + 1, t->split.npieces, (unsigned long long)w->rows_total);
	else
		log_info(LOG_VERBOSE, "table \"%s.%s\": %llu rows", t->schema, t->name,
		         (unsigned long long)w->rows_total);
}

static char *sequence_value(void *ctx, const crdb_rel_t *seq)
{
	crdb_session_t *s = ctx;
	buf_t sql;
	PGresult *r;
	char *v = NULL;

	buf_init(&sql);
	crdb_sequence_query(&sql, seq->qname, NULL);
	r = query(s->c, "reading a sequence's value", sql.data, 0, NULL);
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		v = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	buf_free(&sql);
	return v;
}

static void flush_sink(void *ctx)
{
	sink_maybe_flush(((crdb_session_t *)ctx)->out);
}

/* -j: every piece of every table's data section read by a worker into a
 * spool, and taken out in the dump's order. */
typedef struct crdb_item {
	const crdb_rel_t *table;
	int piece;
	manifest_tally_t tally; /* the piece's rows, set by its worker */
} crdb_item_t;

typedef struct crdb_jobs {
	const struct options *o;
	crdb_item_t *items; /* the pieces of the tables whose rows are dumped, in order */
	int nitems;
	int next; /* the next item the writer takes */
	conn_t **conns;
	int nconns;
	jobs_t *jobs;
	sink_t *out;
	const char *begin; /* the BEGIN AS OF SYSTEM TIME statement */
} crdb_jobs_t;

static void crdb_work(conn_t *worker, int item, sink_t *spool, void *arg)
{
	crdb_jobs_t *cj = arg;
	crdb_session_t session = {worker, spool, NULL, cj->begin};

	crdb_table_piece_write(sink_buffer(spool), cj->items[item].table, cj->o, cj->items[item].piece,
	                       table_rows, &session, &cj->items[item].tally);
}

static void take_table_data(void *ctx, const crdb_rel_t *t, buf_t *out)
{
	crdb_jobs_t *cj = ((crdb_session_t *)ctx)->jobs;
	manifest_tally_t tally = {0};

	(void)out; /* the sink's own buffer: jobs_take writes it out first */
	if (cj->next >= cj->nitems || cj->items[cj->next].table != t)
		log_fatal("internal error: table \"%s.%s\" is not the next one the jobs read", t->schema,
		          t->name);
	while (cj->next < cj->nitems && cj->items[cj->next].table == t) {
		/* The worker's tally is ready once jobs_take has its spool. */
		jobs_take(cj->jobs, cj->next, cj->out, NULL, NULL);
		manifest_tally_merge(&tally, &cj->items[cj->next++].tally);
	}
	crdb_table_data_end(sink_buffer(cj->out), t, &tally);
}

/* A worker connected to another node may find the dump's moment in its
 * future: each node checks AS OF SYSTEM TIME against its own clock, and the
 * moment came from the first node's (cluster_logical_timestamp). Clocks
 * within the cluster's offset agree soon: wait and try again, a few times. */
static void begin_worker(conn_t *w, const char *sql)
{
	for (int tries = 1;; tries++) {
		PGresult *r;

		log_info(LOG_STATEMENTS, "statement: %s", sql);
		r = conn_run(w, "starting a parallel job's transaction AS OF SYSTEM TIME", sql);
		if (PQresultStatus(r) == PGRES_COMMAND_OK) {
			PQclear(r);
			return;
		}
		if (tries >= 20 || !strstr(conn_result_error(r), "cannot specify timestamp in the future"))
			fail(w, r, "starting a parallel job's transaction AS OF SYSTEM TIME", sql);
		PQclear(r);
		log_info(LOG_VERBOSE,
		         "the dump's moment is in the future for a parallel job's node; waiting");
		usleep(100000);
	}
}

/* Opens the workers, each in a transaction at the dump's moment, and sets
 * them reading; false (one connection does it all) when there is nothing to
 * share out. */
static bool start_jobs(crdb_jobs_t *cj, conn_t *c, const struct options *o, const crdb_catalog_t *cat,
                       const char *begin, sink_t *out)
{
	memset(cj, 0, sizeof *cj);
	if (o->jobs <= 1 || o->mode == DUMP_SCHEMA)
		return false;
	cj->o = o;
	cj->out = out;
	cj->begin = begin;
	for (size_t i = 0; i < cat->norder; i++) {
		const crdb_rel_t *t = &cat->rels[cat->order[i]];
		for (int p = 0; t->dump_data && p < t->split.npieces; p++) {
			cj->items = xrealloc(cj->items, sizeof *cj->items * (size_t)(cj->nitems + 1));
			memset(&cj->items[cj->nitems], 0, sizeof cj->items[cj->nitems]);
			cj->items[cj->nitems].table = t;
			cj->items[cj->nitems++].piece = p;
		}
	}
	if (cj->nitems < 2) {
		free(cj->items);
		cj->items = NULL;
		cj->nitems = 0;
		return false;
	}
	cj->nconns = o->jobs < cj->nitems ? o->jobs : cj->nitems;
	cj->conns = xcalloc((size_t)cj->nconns, sizeof *cj->conns);
	for (int i = 0; i < cj->nconns; i++) {
		conn_t *w = conn_open_worker(c, i, false);
		log_info(LOG_VERBOSE, "parallel job %d reads from %s port %s", i + 1, PQhost(w->pg),
		         PQport(w->pg));
		apply_session_settings(w);
		begin_worker(w, begin);
		cj->conns[i] = w;
	}
	log_info(LOG_VERBOSE, "reading table data over %d connections at the same moment", cj->nconns);
	cj->jobs = jobs_start(cj->conns, cj->nconns, cj->nitems, crdb_work, cj, o);
	return true;
}

/* The key ranges of the big tables, read in the dump's transaction. */
static void split_tables(conn_t *c, crdb_catalog_t *cat)
{
	buf_t sql;

	buf_init(&sql);
	for (size_t i = 0; i < cat->norder; i++) {
		crdb_rel_t *t = &cat->rels[cat->order[i]];
		int want = crdb_rel_pieces_wanted(t);
		PGresult *r;

		if (want <= 1)
			continue;
		buf_reset(&sql);
		crdb_key_range_query(&sql, t->qname, t->split_key);
		r = query(c, "reading the key range of a big table", sql.data, 0, NULL);
		if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) && !PQgetisnull(r, 0, 1))
			crdb_rel_split(t, strtoll(PQgetvalue(r, 0, 0), NULL, 10),
			               strtoll(PQgetvalue(r, 0, 1), NULL, 10), want);
		PQclear(r);
	}
	buf_free(&sql);
}

static void finish_jobs(crdb_jobs_t *cj)
{
	if (!cj->jobs)
		return;
	jobs_finish(cj->jobs);
	for (int i = 0; i < cj->nconns; i++) {
		PQclear(conn_run(cj->conns[i], "ending a parallel job's transaction", "COMMIT"));
		conn_close(cj->conns[i]);
	}
	free(cj->conns);
	free(cj->items);
}

/* One catalog answer handed to catalog_crdb by add(); fatal when it cannot
 * be read. */
static void read_into(conn_t *c, crdb_catalog_t *cat, const char *what, const char *sql, const char *dbname,
                      bool (*add)(crdb_catalog_t *, const crdb_result_t *, bool, const char *, buf_t *),
                      bool flag)
{
	const char *params[1] = {dbname};
	PGresult *r = query(c, what, sql, 1, params);
	crdb_result_t cells = result_cells(r);
	buf_t err;

	buf_init(&err);
	if (!add(cat, &cells, flag, dbname, &err))
		log_fatal("%s", err.data);
	free((void *)cells.cells);
	PQclear(r);
	buf_free(&err);
}

/* Functions, procedures, triggers and row-level security, from the
 * catalogs the server has (found by name, not by version). True when the
 * server has crdb_internal.create_trigger_statements. */
static bool read_routines(conn_t *c, crdb_catalog_t *cat, const char *dbname, bool has_rls)
{
	bool has_triggers = false;

	PGresult *have =
	    query(c, "reading which routine catalogs the server has", crdb_routine_catalogs_query(), 0, NULL);
	buf_t sql;

	buf_init(&sql);
	for (int i = 0; i < PQntuples(have); i++) {
		const char *name = PQgetvalue(have, i, 0);
		bool procedures = strcmp(name, "create_procedure_statements") == 0;

		buf_reset(&sql);
		if (procedures || strcmp(name, "create_function_statements") == 0) {
			crdb_routines_query(&sql, procedures);
			read_into(c, cat, procedures ? "reading the procedures" : "reading the functions",
			          sql.data, dbname, crdb_catalog_add_routines, procedures);
		} else if (strcmp(name, "create_trigger_statements") == 0) {
			has_triggers = true;
			read_into(c, cat, "reading the triggers", crdb_triggers_query(), dbname,
			          crdb_catalog_add_post, false);
		}
	}
	PQclear(have);
	buf_free(&sql);
	if (has_rls)
		read_into(c, cat, "reading the row-level security policies", crdb_rls_query(), dbname,
		          crdb_catalog_add_post, true);
	return has_triggers;
}

/* Between v24.3 (triggers) and v25.3 (create_trigger_statements) a schema
 * dump cannot carry the triggers: it fails, unless --exclude-unsupported
 * accepts leaving every trigger out. True when they are left out. */
static bool check_triggers(conn_t *c, const struct options *o, bool has_table)
{
	buf_t v;

	if (o->mode == DUMP_DATA || !crdb_triggers_unreadable(c->crdb_version_num, has_table))
		return false;
	buf_init(&v);
	crdb_version_text(&v, c->crdb_version_num);
	if (!o->exclude_unsupported)
		log_fatal(
		    "this CockroachDB (%s) has triggers but no crdb_internal.create_trigger_statements "
		    "to read them from (added in v25.3); pass --exclude-unsupported to dump without any "
		    "triggers",
		    v.data);
	log_warning("left out every trigger: this CockroachDB (%s) has no "
	            "crdb_internal.create_trigger_statements to read them from (added in v25.3)",
	            v.data);
	buf_free(&v);
	return true;
}

/* Which sequences identity columns own (their tables' CREATE makes them
 * again): one query, in the dump's transaction, when any table has one. */
static void read_identity(conn_t *c, crdb_catalog_t *cat)
{
	buf_t sql, err;

	buf_init(&sql);
	buf_init(&err);
	crdb_identity_query(cat, &sql);
	if (sql.len) {
		PGresult *r = query(c, "reading the sequences of the identity columns", sql.data, 0, NULL);
		crdb_result_t cells = result_cells(r);
		if (!crdb_catalog_set_identity(cat, &cells, &err))
			log_fatal("%s", err.data);
		free((void *)cells.cells);
		PQclear(r);
	}
	buf_free(&sql);
	buf_free(&err);
}

/* What a dump and --verify both start with: the moment, the transaction
 * AS OF SYSTEM TIME at it (its BEGIN kept in begin, for the -j workers),
 * and the relations, types and dependencies read in it into cat. Whether
 * create_statements has rls_statements goes to has_rls when asked. */
static asof_t begin_and_load(conn_t *c, const struct options *o, crdb_session_t *session, buf_t *begin,
                             crdb_catalog_t *cat, bool *has_rls)
{
	const char *params[1] = {conn_dbname(c)};
	crdb_result_t rels_cells, types_cells, deps_cells;
	PGresult *rels, *types, *deps, *cols;
	asof_t ts = read_moment(c, o);
	buf_t sql, err;

	buf_init(&sql);
	buf_init(&err);
	crdb_begin_sql(begin, &ts);
	session->begin = begin->data;
	PQclear(query(c, "starting the transaction AS OF SYSTEM TIME", begin->data, 0, NULL));
	cols = query(c, "reading the columns of crdb_internal.create_statements",
	             crdb_relations_columns_query(), 0, NULL);
	crdb_relations_query(&sql, NULL, PQfnumber(cols, "fk_statements") >= 0);
	if (has_rls)
		*has_rls = PQfnumber(cols, "rls_statements") >= 0;
	PQclear(cols);
	rels = query(c, "reading the tables, views and sequences", sql.data, 1, params);
	buf_reset(&sql);
	crdb_types_query(&sql, NULL);
	types = query(c, "reading the types", sql.data, 1, params);
	buf_reset(&sql);
	crdb_dependencies_query(&sql, NULL);
	deps = query(c, "reading the dependencies", sql.data, 0, NULL);
	rels_cells = result_cells(rels);
	types_cells = result_cells(types);
	deps_cells = result_cells(deps);
	if (!crdb_catalog_load(cat, &rels_cells, &types_cells, &deps_cells, &err))
		log_fatal("%s", err.data);
	free((void *)rels_cells.cells);
	free((void *)types_cells.cells);
	free((void *)deps_cells.cells);
	PQclear(rels);
	PQclear(types);
	PQclear(deps);
	buf_free(&sql);
	buf_free(&err);
	return ts;
}

static void dump_crdb_regions(conn_t *c, buf_t *out, const char *db);

void dump_crdb_database(conn_t *c, const struct options *o, sink_t **outp)
{
	const char *unsupported = crdb_dump_unsupported(o);
	const char *dbname = conn_dbname(c);
	crdb_result_t zones_cells;
	PGresult *path, *estimates, *zones;
	crdb_catalog_t cat;
	crdb_session_t session = {c, NULL, NULL, NULL};
	crdb_jobs_t cj;
	crdb_dump_info_t info;
	crdb_dump_io_t io = {&session, table_rows, sequence_value, flush_sink, NULL};
	strlist_t warnings = {0};
	size_t cycles = 0;
	asof_t ts;
	buf_t sql, err, hlc, begin, regions;
	bool has_rls, has_triggers;
	int status;

	if (unsupported)
		log_fatal_status(2, "%s", unsupported);
	if (o->lock_wait_timeout)
		log_info(LOG_VERBOSE,
		         "--lock-wait-timeout does not apply: AS OF SYSTEM TIME reads take no locks");

	apply_session_settings(c);
	/* Estimates only, for --list, --progress and the pieces big tables are
	 * read in, and a query that may fail: outside the transaction, so a
	 * failure cannot abort it. */
	estimates = o->list_only || o->progress || o->mode != DUMP_SCHEMA
	                ? conn_run(c, "reading the row estimates", crdb_row_estimates_query())
	                : NULL;
	if (estimates && PQresultStatus(estimates) != PGRES_TUPLES_OK) {
		log_info(LOG_VERBOSE, "no row estimates (%s): no totals, and big tables are read whole",
		         conn_result_error(estimates));
		PQclear(estimates);
		estimates = NULL;
	}
	buf_init(&sql);
	buf_init(&err);
	buf_init(&hlc);
	buf_init(&begin);
	buf_init(&regions);
	/* Alone (--all-databases writes them after CREATE DATABASE), a
	 * multi-region database's regions are the restore's database's to
	 * have: said in the header and on stderr, not lost silently. */
	if (!o->all_databases && !o->list_only && o->mode != DUMP_DATA) {
		dump_crdb_regions(c, &regions, dbname);
		if (regions.len)
			log_warning("database \"%s\" is multi-region: a dump of it alone does not make its "
			            "regions; restore it into a database that has them (the dump's header "
			            "lists the statements)",
			            dbname);
	}
	ts = begin_and_load(c, o, &session, &begin, &cat, &has_rls);
	read_identity(c, &cat);
	path = query(c, "reading the search path", crdb_search_path_query(), 0, NULL);
	zones = query(c, "reading the zone configurations", CRDB_ZONES_QUERY, 0, NULL);
	has_triggers = read_routines(c, &cat, dbname, has_rls);
	crdb_catalog_relative_views(&cat, dbname);
	zones_cells = result_cells(zones);
	if (PQnfields(zones) != 2 || !crdb_catalog_set_zones(&cat, &zones_cells, dbname, &err))
		log_fatal("reading the zone configurations failed: %s",
		          PQnfields(zones) != 2 ? "unexpected answer" : err.data);
	free((void *)zones_cells.cells);
	PQclear(zones);
	if (PQntuples(path) != 1 || !crdb_catalog_set_search_path(&cat, PQgetvalue(path, 0, 0)))
		log_info(LOG_VERBOSE, "could not read the search path: names without a schema mean public");
	PQclear(path);

	if (estimates) {
		crdb_result_t est = result_cells(estimates);
		crdb_catalog_set_estimates(&cat, &est);
		free((void *)est.cells);
		PQclear(estimates);
	}
	status = crdb_catalog_select(&cat, o, dbname, &cycles, &warnings, &err);
	if (status)
		log_fatal_status(status, "%s", err.data);
	if (o->list_only) {
		bool tty = isatty(STDOUT_FILENO);
		buf_reset(&sql);
		if (tty)
			listing_heading(&sql, o->all_databases);
		crdb_list_write(&sql, &cat, o->all_databases ? dbname : NULL, tty);
		fputs(sql.data, stdout);
		goto done;
	}
	/* Before anything is written: a loss fails the dump here. */
	info.left_out = check_triggers(c, o, has_triggers)
	                    ? "every trigger (no crdb_internal.create_trigger_statements before v25.3)"
	                    : NULL;
	for (int i = 0; i < warnings.n; i++)
		log_warning("%s", warnings.items[i]);
	if (cycles)
		log_warning(
		    "%zu dependency cycles among the CREATE statements were broken: the restore may need "
		    "them reordered by hand",
		    cycles);
	crdb_hlc_text(&ts, &hlc);
	log_info(LOG_VERBOSE, "dumping database \"%s\" as of system time %s", dbname, hlc.data);
	if (!*outp)
		*outp = sink_open(o->file, o->compress_level, o->compress_threads);
	session.out = *outp;
	info.dbname = dbname;
	info.server_version = c->server_version;
	info.ts = &ts;
	info.regions = regions.len ? regions.data : NULL;
	split_tables(c, &cat);
	progress_start(o->progress, crdb_estimated_rows(&cat));
	if (start_jobs(&cj, c, o, &cat, begin.data, *outp)) {
		session.jobs = &cj;
		io.table_data = take_table_data;
	}
	if (!crdb_dump_write(sink_buffer(*outp), &cat, &info, o, &io, &err))
		log_fatal("%s", err.data);
	finish_jobs(&cj);
	progress_stop();
	sink_maybe_flush(*outp);

done:
	PQclear(conn_run(c, "ending the transaction", "COMMIT"));
	strlist_free(&warnings);
	crdb_catalog_free(&cat);
	buf_free(&sql);
	buf_free(&begin);
	buf_free(&err);
	buf_free(&hlc);
	buf_free(&regions);
}

/* The column of r named name; fatal when the answer has no such column. */
static int column(conn_t *c, const PGresult *r, const char *name, const char *what)
{
	int col = PQfnumber(r, name);

	if (col < 0)
		log_fatal("%s: the answer has no column \"%s\" (server %s)", what, name, c->server_version);
	return col;
}

void dump_crdb_roles(conn_t *c, buf_t *out)
{
	PGresult *r = query(c, "reading the roles", CRDB_ROLES_QUERY, 0, NULL);
	int user = column(c, r, "username", "reading the roles"),
	    opts = column(c, r, "options", "reading the roles");

	buf_puts(out, "--\n-- roles\n--\n\n");
	for (int i = 0; i < PQntuples(r); i++)
		if (!crdb_role_sql(out, PQgetvalue(r, i, user),
		                   PQgetisnull(r, i, opts) ? NULL : PQgetvalue(r, i, opts)))
			log_fatal("cannot read the options of role \"%s\": %s", PQgetvalue(r, i, user),
			          PQgetvalue(r, i, opts));
	PQclear(r);
	r = query(c, "reading the role memberships", CRDB_ROLE_GRANTS_QUERY, 0, NULL);
	{
		int role = column(c, r, "role_name", "reading the role memberships");
		int member = column(c, r, "member", "reading the role memberships");
		int admin = column(c, r, "is_admin", "reading the role memberships");
		for (int i = 0; i < PQntuples(r); i++)
			crdb_role_grant_sql(out, PQgetvalue(r, i, role), PQgetvalue(r, i, member),
			                    PQgetvalue(r, i, admin)[0] == 't');
	}
	buf_putc(out, '\n');
	PQclear(r);
}

/* A multi-region database's regions and survival goal (SHOW REGIONS FROM
 * DATABASE, SHOW SURVIVAL GOAL FROM DATABASE), which its LOCALITY tables
 * need before they are made. */
static void dump_crdb_regions(conn_t *c, buf_t *out, const char *db)
{
	const char *what = "reading the database's regions";
	buf_t sql;
	PGresult *r, *goal;
	size_t n;
	const char **region, **primary, **secondary = NULL, *goal_text = NULL;

	buf_init(&sql);
	buf_puts(&sql, "SHOW REGIONS FROM DATABASE ");
	crdb_quote_ident(&sql, db);
	r = query(c, what, sql.data, 0, NULL);
	n = (size_t)PQntuples(r);
	region = xcalloc(n + 1, sizeof *region);
	primary = xcalloc(n + 1, sizeof *primary);
	{
		int rc = column(c, r, "region", what), pc = column(c, r, "primary", what),
		    sc = PQfnumber(r, "secondary");
		if (sc >= 0)
			secondary = xcalloc(n + 1, sizeof *secondary);
		for (size_t i = 0; i < n; i++) {
			region[i] = PQgetisnull(r, (int)i, rc) ? NULL : PQgetvalue(r, (int)i, rc);
			primary[i] = PQgetvalue(r, (int)i, pc);
			if (secondary)
				secondary[i] = PQgetvalue(r, (int)i, sc);
		}
	}
	buf_reset(&sql);
	buf_puts(&sql, "SHOW SURVIVAL GOAL FROM DATABASE ");
	crdb_quote_ident(&sql, db);
	/* Only a database with regions has a survival goal to carry. */
	goal = n > 0 ? query(c, "reading the database's survival goal", sql.data, 0, NULL) : NULL;
	if (goal && PQntuples(goal) == 1) {
		int gc = column(c, goal, "survival_goal", "reading the database's survival goal");
		goal_text = PQgetisnull(goal, 0, gc) ? NULL : PQgetvalue(goal, 0, gc);
	}
	crdb_regions_sql(out, db, region, primary, secondary, n, goal_text);
	PQclear(goal);
	PQclear(r);
	free(region);
	free(primary);
	free(secondary);
	buf_free(&sql);
}

void dump_crdb_zone(conn_t *c, buf_t *out, const char *db)
{
	buf_t sql;
	PGresult *r;

	dump_crdb_regions(c, out, db);
	buf_init(&sql);
	buf_puts(&sql, "SHOW ZONE CONFIGURATION FROM DATABASE ");
	crdb_quote_ident(&sql, db);
	r = query(c, "reading the database's zone configuration", sql.data, 0, NULL);
	if (PQntuples(r) == 1) {
		int target = column(c, r, "target", "reading the database's zone configuration");
		int raw = column(c, r, "raw_config_sql", "reading the database's zone configuration");
		crdb_zone_sql(out, db, PQgetvalue(r, 0, target),
		              PQgetisnull(r, 0, raw) ? NULL : PQgetvalue(r, 0, raw));
	}
	PQclear(r);
	buf_free(&sql);
}

/* --verify against a CockroachDB database (verify.c): the tables a dump's
 * manifest names, read again as of one moment through table_rows, the very
 * path and literals the dump wrote them with, so the digests compare. */
char *dump_crdb_verify_tables(conn_t *c, const struct options *o, int n, const char *const *names,
                              const char *const *wheres, manifest_tally_t *tallies, bool *found)
{
	crdb_session_t session = {c, sink_open_discard(), NULL, NULL};
	crdb_catalog_t cat;
	buf_t begin, when;
	asof_t ts;

	apply_session_settings(c);
	buf_init(&begin);
	buf_init(&when);
	ts = begin_and_load(c, o, &session, &begin, &cat, NULL);

	for (int i = 0; i < n; i++) {
		crdb_rel_t *t = NULL;

		memset(&tallies[i], 0, sizeof tallies[i]);
		for (size_t k = 0; k < cat.nrels && !t; k++)
			if (cat.rels[k].kind == CRDB_TABLE && strcmp(cat.rels[k].qname, names[i]) == 0)
				t = &cat.rels[k];
		found[i] = t != NULL;
		if (!t)
			continue;
		free(t->where);
		t->where = wheres[i] ? xstrdup(wheres[i]) : NULL;
		crdb_table_piece_write(sink_buffer(session.out), t, o, 0, table_rows, &session, &tallies[i]);
		sink_maybe_flush(session.out);
	}
	PQclear(conn_run(c, "ending the transaction", "COMMIT"));
	crdb_hlc_text(&ts, &when);
	sink_close(session.out);
	crdb_catalog_free(&cat);
	buf_free(&begin);
	return buf_steal(&when);
}
