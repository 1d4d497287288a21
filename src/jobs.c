/* jobs: reading table data over several connections that share one snapshot,
 * while the output stays one ordered SQL stream. */
#include <config.h>

#include "jobs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data.h"
#include "log.h"
#include "progress.h"
#include "snapshot.h"

/* How far ahead of the writer the workers may run, in tables: this bounds
 * the spool files on disk at any moment. */
#define AHEAD_PER_JOB 2

typedef struct job_item {
	table_t *table;
	int piece, npieces;
	char *spool; /* set when the worker is done */
	int slot;
	uint64_t bytes;
} job_item_t;

typedef struct job_state {
	const struct options *o;
	job_item_t *items;
	int nitems;
	int next_item;   /* the next item a worker takes */
	int next_output; /* the next item the writer copies out */
	int max_ahead;
	const char *tmpdir;
	pthread_mutex_t lock;
	pthread_cond_t changed;
} job_state_t;

typedef struct worker {
	job_state_t *st;
	conn_t *conn;
	pthread_t thread;
} worker_t;

static void *worker_main(void *arg)
{
	worker_t *w = arg;
	job_state_t *st = w->st;

	for (;;) {
		job_item_t *item;
		sink_t *spool;
		int idx;

		pthread_mutex_lock(&st->lock);
		while (st->next_item < st->nitems && st->next_item >= st->next_output + st->max_ahead)
			pthread_cond_wait(&st->changed, &st->lock);
		if (st->next_item >= st->nitems) {
			pthread_mutex_unlock(&st->lock);
			return NULL;
		}
		idx = st->next_item++;
		pthread_mutex_unlock(&st->lock);

		item = &st->items[idx];
		spool = sink_open_spool(st->tmpdir);
		data_dump_table(w->conn, spool, item->table, st->o, item->piece, item->npieces);
		item->bytes = sink_bytes(spool);

		pthread_mutex_lock(&st->lock);
		item->spool = sink_close_spool(spool, &item->slot);
		pthread_cond_broadcast(&st->changed);
		pthread_mutex_unlock(&st->lock);
	}
}

/* A connection for a worker: the same server and database, inside the
 * snapshot the main connection exported. */
static conn_t *open_worker(const struct options *o, conn_t *main_conn, const char *snapshot_id)
{
	struct options wo = *o;
	conn_t *c;
	char *when;

	wo.snapshot = snapshot_id;
	wo.password_prompt = false;
	/* A snapshot lives on one server: with a multi-host connection string,
	 * every worker goes where the main connection went. */
	wo.host = PQhost(main_conn->pg);
	wo.port = PQport(main_conn->pg);
	c = conn_open(&wo, conn_dbname(main_conn));
	when = snapshot_begin_pg(c, &wo);
	free(when);
	snapshot_clear_search_path(c);
	return c;
}

void jobs_dump_data(conn_t *c, const struct options *o, table_t **order, int n, sink_t *out)
{
	job_state_t st;
	worker_t *workers;
	int nworkers = o->jobs;
	PGresult *r;
	char *snapshot_id;
	uint64_t spooled = 0, largest = 0;
	double est_rows = 0;

	for (int i = 0; i < n; i++)
		if (order[i]->dump_data && order[i]->reltuples > 0)
			est_rows += order[i]->reltuples;
	progress_start(o->progress, est_rows);
	if (o->jobs <= 1) {
		for (int i = 0; i < n; i++) {
			int pieces = data_piece_count(order[i], c->server_version_num);
			for (int p = 0; p < pieces && order[i]->dump_data; p++)
				data_dump_table(c, out, order[i], o, p, pieces);
		}
		progress_stop();
		return;
	}

	memset(&st, 0, sizeof st);
	st.o = o;
	for (int i = 0; i < n; i++) {
		int pieces = data_piece_count(order[i], c->server_version_num);
		for (int p = 0; p < pieces && order[i]->dump_data; p++) {
			job_item_t *item;
			st.items = xrealloc(st.items, sizeof(job_item_t) * (size_t)(st.nitems + 1));
			item = &st.items[st.nitems++];
			memset(item, 0, sizeof *item);
			item->table = order[i];
			item->piece = p;
			item->npieces = pieces;
		}
	}
	if (nworkers > st.nitems)
		nworkers = st.nitems > 0 ? st.nitems : 1;
	st.max_ahead = AHEAD_PER_JOB * nworkers;
	st.tmpdir = o->tmpdir ? o->tmpdir : getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	pthread_mutex_init(&st.lock, NULL);
	pthread_cond_init(&st.changed, NULL);

	r = conn_query(c, "exporting the snapshot for the parallel jobs", "SELECT pg_catalog.pg_export_snapshot()", 0,
		       NULL);
	snapshot_id = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	log_info(LOG_VERBOSE, "reading table data over %d connections sharing snapshot %s", nworkers, snapshot_id);

	workers = xcalloc((size_t)nworkers, sizeof(worker_t));
	for (int i = 0; i < nworkers; i++) {
		workers[i].st = &st;
		workers[i].conn = open_worker(o, c, snapshot_id);
	}
	for (int i = 0; i < nworkers; i++)
		if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0)
			log_fatal("could not start a worker thread");

	/* The writer: copy each spool out as soon as it and all before it are done. */
	for (int i = 0; i < st.nitems; i++) {
		job_item_t *item = &st.items[i];
		char *path;
		pthread_mutex_lock(&st.lock);
		while (!item->spool) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += 250 * 1000 * 1000;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&st.changed, &st.lock, &until);
			pthread_mutex_unlock(&st.lock);
			progress_tick();
			pthread_mutex_lock(&st.lock);
		}
		path = item->spool;
		item->spool = NULL;
		pthread_mutex_unlock(&st.lock);

		spooled += item->bytes;
		if (item->bytes > largest)
			largest = item->bytes;
		sink_append_spool(out, path, item->slot);

		pthread_mutex_lock(&st.lock);
		st.next_output = i + 1;
		pthread_cond_broadcast(&st.changed);
		pthread_mutex_unlock(&st.lock);
	}
	for (int i = 0; i < nworkers; i++) {
		pthread_join(workers[i].thread, NULL);
		PQclear(PQexec(workers[i].conn->pg, "COMMIT"));
		conn_close(workers[i].conn);
	}
	progress_stop();
	log_info(LOG_VERBOSE, "parallel jobs spooled %llu bytes in all, at most %d tables ahead (largest %llu bytes)",
		 (unsigned long long)spooled, st.max_ahead, (unsigned long long)largest);
	pthread_mutex_destroy(&st.lock);
	pthread_cond_destroy(&st.changed);
	free(workers);
	free(st.items);
	free(snapshot_id);
}
