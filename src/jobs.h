/* jobs: reading table data over several connections that read the same
 * moment, while the output stays one ordered SQL stream. */
#ifndef DBDUMP_JOBS_H
#define DBDUMP_JOBS_H

#include <stdint.h>

#include "catalog.h"
#include "conn.h"
#include "options.h"
#include "sink.h"

typedef struct jobs_extra jobs_extra_t;

/* Writes the rows of every table in order[] whose dump_data is set to out, in
 * that order, then extra's items (NULL for none). With o->jobs > 1, o->jobs
 * extra connections join c's snapshot and read tables in parallel into spool
 * files (in o->tmpdir), which are copied to out in order: the bytes are the
 * same as with one job. */
void jobs_dump_data(conn_t *c, const struct options *o, table_t **order, int n, const jobs_extra_t *extra,
                    sink_t *out);

/* The engine under it, for any server kind: nitems pieces of work done by
 * nworkers threads, each with a connection of its own, each piece into a
 * spool file; the caller takes the spools out in item order. Workers run at
 * most a few items per worker ahead of the caller, which bounds the spool
 * files on disk. */
typedef struct jobs jobs_t;

/* Writes item number item to spool, over worker's connection; arg is
 * jobs_start's. Runs on a worker thread. */
typedef void (*jobs_work_fn)(conn_t *worker, int item, sink_t *spool, void *arg);

/* Items that follow the tables' (the large objects): nitems of them, item i
 * written by work(connection, i, sink, arg), over a worker's connection into
 * its spool, or over the main connection straight to the output with one
 * job. est_rows counts them for --progress. */
struct jobs_extra {
	int nitems;
	jobs_work_fn work;
	void *arg;
	double est_rows;
};

/* Starts one thread for each of the nworkers connections in workers[]. */
jobs_t *jobs_start(conn_t **workers, int nworkers, int nitems, jobs_work_fn work, void *arg,
		   const struct options *o);
/* Waits for item (taken in order: 0, 1, ...) and copies its spool to out,
 * showing progress while it waits. With record_start set, the spool holds
 * NUL-ended records (sink_append_spool_records, given record_start and
 * ctx). */
void jobs_take(jobs_t *j, int item, sink_t *out, void (*record_start)(void *ctx, size_t len), void *ctx);
/* Joins the threads (after every item is taken), logs the spool use at -v
 * and frees j; the connections stay the caller's. */
void jobs_finish(jobs_t *j);

/* The directory spools go to: --tmpdir, else TMPDIR, else /tmp. */
const char *jobs_tmpdir(const struct options *o);

#endif
