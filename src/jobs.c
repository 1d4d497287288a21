/* jobs: reading table data over several connections that read the same
 * moment, while the output stays one ordered SQL stream. */
#include <config.h>

#include "jobs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bigval.h"
#include "data.h"
#include "log.h"
#include "progress.h"
#include "snapshot.h"

/* How far ahead of the writer the workers may run, in items: this bounds
 * the spool files on disk at any moment. */
#define AHEAD_PER_JOB 2

typedef struct job_item {
	char *spool; /* set when the worker is done */
	int slot;
	uint64_t bytes;
} job_item_t;

typedef struct worker {
	struct jobs *st;
	conn_t *conn;
	pthread_t thread;
} worker_t;

struct jobs {
	job_item_t *items;
	int nitems;
	int next_item;   /* the next item a worker takes */
	int next_output; /* the next item the writer copies out */
	int max_ahead;
	const char *tmpdir;
	jobs_work_fn work;
	void *arg;
	worker_t *workers;
	int nworkers;
	uint64_t spooled, largest;
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

const char *jobs_tmpdir(const struct options *o)
{
	const char *env = getenv("TMPDIR");

	if (o->tmpdir)
		return o->tmpdir;
	return env && *env ? env : "/tmp";
}

static void *worker_main(void *arg)
{
	worker_t *w = arg;
	jobs_t *st = w->st;

	for (;;) {
		job_item_t *item;
		sink_t *spool;
		int idx;

		pthread_mutex_lock(&st->lock);
		while (st->next_item < st->nitems && st->next_item >= st->next_output + st->max_ahead)
			pthread_cond_wait(&st->changed, &st->lock);
		if (st->next_item >= st->nitems) {
			pthread_mutex_unlock(&st->lock);
			conn_result_error_release();
			return NULL;
		}
		idx = st->next_item++;
		pthread_mutex_unlock(&st->lock);

		item = &st->items[idx];
		spool = sink_open_spool(st->tmpdir);
		st->work(w->conn, idx, spool, st->arg);
		item->bytes = sink_bytes(spool);

		pthread_mutex_lock(&st->lock);
		item->spool = sink_close_spool(spool, &item->slot);
		pthread_cond_broadcast(&st->changed);
		pthread_mutex_unlock(&st->lock);
	}
}

jobs_t *jobs_start(conn_t **workers, int nworkers, int nitems, jobs_work_fn work, void *arg,
		   const struct options *o)
{
	jobs_t *st = xcalloc(1, sizeof *st);

	st->items = xcalloc((size_t)nitems + 1, sizeof(job_item_t));
	st->nitems = nitems;
	st->max_ahead = AHEAD_PER_JOB * nworkers;
	st->tmpdir = jobs_tmpdir(o);
	st->work = work;
	st->arg = arg;
	st->nworkers = nworkers;
	st->workers = xcalloc((size_t)nworkers, sizeof(worker_t));
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->changed, NULL);
	for (int i = 0; i < nworkers; i++) {
		st->workers[i].st = st;
		st->workers[i].conn = workers[i];
	}
	for (int i = 0; i < nworkers; i++)
		if (pthread_create(&st->workers[i].thread, NULL, worker_main, &st->workers[i]) != 0)
			log_fatal("could not start a worker thread");
	return st;
}

void jobs_take(jobs_t *st, int i, sink_t *out, void (*record_start)(void *ctx, size_t len), void *ctx)
{
	job_item_t *item = &st->items[i];
	char *path;

	pthread_mutex_lock(&st->lock);
	while (!item->spool) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&st->changed, &st->lock, &until);
		pthread_mutex_unlock(&st->lock);
		progress_tick();
		pthread_mutex_lock(&st->lock);
	}
	path = item->spool;
	item->spool = NULL;
	pthread_mutex_unlock(&st->lock);

	st->spooled += item->bytes;
	if (item->bytes > st->largest)
		st->largest = item->bytes;
	if (record_start)
		sink_append_spool_records(out, path, item->slot, record_start, ctx);
	else
		sink_append_spool(out, path, item->slot);

	pthread_mutex_lock(&st->lock);
	st->next_output = i + 1;
	pthread_cond_broadcast(&st->changed);
	pthread_mutex_unlock(&st->lock);
}

void jobs_finish(jobs_t *st)
{
	for (int i = 0; i < st->nworkers; i++)
		pthread_join(st->workers[i].thread, NULL);
	log_info(LOG_VERBOSE, "parallel jobs spooled %llu bytes in all, at most %d items ahead (largest %llu bytes)",
		 (unsigned long long)st->spooled, st->max_ahead, (unsigned long long)st->largest);
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->changed);
	free(st->workers);
	free(st->items);
	free(st);
}

/* PostgreSQL: one item is one table, or one piece of a big table, or (with
 * table NULL) the extra item number piece. */
typedef struct pg_item {
	table_t *table;
	int piece;
	manifest_tally_t tally; /* the piece's rows, set by its worker */
} pg_item_t;

typedef struct pg_work {
	const struct options *o;
	pg_item_t *items;
	const jobs_extra_t *extra;
} pg_work_t;

static void pg_work(conn_t *worker, int item, sink_t *spool, void *arg)
{
	pg_work_t *w = arg;
	pg_item_t *it = &w->items[item];

	if (it->table)
		data_dump_table(worker, spool, it->table, w->o, it->piece, &it->tally);
	else
		w->extra->work(worker, it->piece, spool, w->extra->arg);
}

/* A connection for a worker inside the snapshot the main connection
 * exported, on the main connection's server (conn_try_open_same_server). */
static conn_t *open_worker(const struct options *o, conn_t *main_conn, int index, const char *main_started,
			   const char *snapshot_id)
{
	struct options wo = *o;
	char *err = NULL, *when, what[40];
	conn_t *c;

	snprintf(what, sizeof what, "parallel job %d", index + 1);
	c = conn_try_open_same_server(main_conn, index, main_started, what, &err);
	if (!c)
		log_fatal("could not connect to database \"%s\" for parallel job %d: %s", conn_dbname(main_conn),
			  index + 1, err);
	log_info(LOG_VERBOSE, "parallel job %d reads from %s port %s", index + 1, PQhost(c->pg), PQport(c->pg));
	wo.snapshot = snapshot_id;
	when = snapshot_begin_pg(c, &wo);
	free(when);
	return c;
}

void jobs_dump_data(conn_t *c, const struct options *o, table_t **order, int n, const jobs_extra_t *extra,
                    sink_t *out)
{
	pg_work_t work = {o, NULL, extra};
	int nextra = extra ? extra->nitems : 0;
	int nitems = 0, nworkers = o->jobs;
	conn_t **conns;
	jobs_t *j;
	data_join_t *join = NULL;
	PGresult *r;
	char *snapshot_id, *started;
	double est_rows = 0;

	for (int i = 0; i < n; i++) {
		data_split(c, order[i]);
		if (order[i]->dump_data && order[i]->reltuples > 0)
			est_rows += order[i]->reltuples;
	}
	bigval_plan(c, o, order, n);
	if (extra)
		est_rows += extra->est_rows;
	progress_start(o->progress, est_rows);
	if (o->jobs <= 1) {
		for (int i = 0; i < n; i++) {
			manifest_tally_t tally = {0};
			if (!order[i]->dump_data)
				continue;
			data_dump_all(c, out, order[i], o, &tally);
			data_end_table(sink_buffer(out), order[i], &tally);
		}
		for (int i = 0; i < nextra; i++)
			extra->work(c, i, out, extra->arg);
		bigval_finish();
		progress_stop();
		return;
	}

	for (int i = 0; i < n; i++) {
		for (int p = 0; p < order[i]->split.npieces && order[i]->dump_data; p++) {
			pg_item_t *item;
			work.items = xrealloc(work.items, sizeof(pg_item_t) * (size_t)(nitems + 1));
			item = &work.items[nitems++];
			item->table = order[i];
			item->piece = p;
			memset(&item->tally, 0, sizeof item->tally);
		}
	}
	work.items = xrealloc(work.items, sizeof(pg_item_t) * (size_t)(nitems + nextra + 1));
	for (int i = 0; i < nextra; i++) {
		work.items[nitems].table = NULL;
		memset(&work.items[nitems].tally, 0, sizeof work.items[nitems].tally);
		work.items[nitems++].piece = i;
	}
	if (nworkers > nitems)
		nworkers = nitems > 0 ? nitems : 1;

	r = conn_query(c, "exporting the snapshot for the parallel jobs", "SELECT pg_catalog.pg_export_snapshot()", 0,
		       NULL);
	snapshot_id = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	started = conn_server_start_time(c);
	log_info(LOG_VERBOSE, "reading table data over %d connections sharing snapshot %s", nworkers, snapshot_id);

	conns = xcalloc((size_t)nworkers, sizeof *conns);
	for (int i = 0; i < nworkers; i++)
		conns[i] = open_worker(o, c, i, started, snapshot_id);
	j = jobs_start(conns, nworkers, nitems, pg_work, &work, o);
	/* The writer joins each big table's pieces into the statements one
	 * scan would have given (data_join_begin), and adds up their tallies,
	 * so the bytes and the manifest line are those of a single connection. */
	for (int i = 0, first = 0; i < nitems; i++) {
		if (work.items[i].table && i == first)
			join = data_join_begin(out, work.items[i].table, o);
		jobs_take(j, i, out, join ? data_join_row : NULL, join);
		if (!work.items[i].table) { /* an extra item (large objects): no manifest line */
			first = i + 1;
			continue;
		}
		if (i + 1 == nitems || work.items[i + 1].table != work.items[i].table) {
			manifest_tally_t tally = {0};
			data_join_end(join);
			join = NULL;
			for (int k = first; k <= i; k++)
				manifest_tally_merge(&tally, &work.items[k].tally);
			data_end_table(sink_buffer(out), work.items[i].table, &tally);
			first = i + 1;
		}
	}
	jobs_finish(j);
	bigval_finish(); /* before the workers close: each may have a second connection */
	for (int i = 0; i < nworkers; i++) {
		PQclear(conn_run(conns[i], "ending a parallel job's transaction", "COMMIT"));
		conn_close(conns[i]);
	}
	progress_stop();
	free(conns);
	free(work.items);
	free(snapshot_id);
	free(started);
}
