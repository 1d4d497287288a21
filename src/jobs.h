/* jobs: reading table data over several connections that share one snapshot,
 * while the output stays one ordered SQL stream. */
#ifndef DBDUMP_JOBS_H
#define DBDUMP_JOBS_H

#include "catalog.h"
#include "conn.h"
#include "options.h"
#include "sink.h"

/* Writes the rows of every table in order[] whose dump_data is set to out, in
 * that order. With o->jobs > 1, o->jobs extra connections join c's snapshot
 * and read tables in parallel into spool files (in o->tmpdir), which are
 * copied to out in order: the bytes are the same as with one job. */
void jobs_dump_data(conn_t *c, const struct options *o, table_t **order, int n, sink_t *out);

#endif
